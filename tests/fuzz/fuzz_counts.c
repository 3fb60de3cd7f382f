/* fuzz_counts.c - libFuzzer harness for count files (counts.c).  The
 * input is a count file: merged as a file (sorted, with its trailer) and
 * as standard input (any order); whatever merges must merge again to the
 * same bytes (merging is idempotent), and must read back into the counts
 * without error and build a graph.  Nothing may crash, leak or read out
 * of bounds. */
#include "fuzz_common.h"
#include "cooccur.h"
#include <unistd.h>

static eg_dict *dict;
static char path[64];

static void cleanup(void) { unlink(path); }

static void setup(void)
{
    snprintf(path, sizeof path, "/dev/shm/eg-fuzz-counts-%d", (int)getpid());
    atexit(cleanup);
    static const char D[] =
        "{\"id\":\"country:JPN\",\"name\":\"Japan\",\"type\":\"country\"}\n"
        "{\"id\":\"country:CHN\",\"name\":\"China\",\"type\":\"country\"}\n"
        "{\"id\":\"org:pla\",\"name\":\"People's Liberation Army\",\"type\":\"agency\",\"aliases\":[\"PLA\"]}\n";
    eg_error err;
    eg_error_clear(&err);
    dict = eg_dict_new();
    if (!dict || eg_dict_load_buffer(dict, "fixed.jsonl", "jsonl", D, sizeof D - 1, &err) || eg_dict_compile(dict, &err)) abort();
}

/* Merge one input; 0 and the merged bytes in *out, or an error. */
static int merge_one(FILE *in, const char *name, char **out, size_t *len)
{
    FILE *ms = open_memstream(out, len);
    if (!ms) abort();
    eg_error err;
    eg_error_clear(&err);
    FILE *ins[1] = { in };
    const char *names[1] = { name };
    char *setup_line = NULL;
    int rc = eg_counts_merge(ins, names, 1, true, ms, &setup_line, &err);
    if (fclose(ms)) abort();
    FUZZ_CHECK(rc == 0 || err.text[0] || rc == EG_ENOMEM, "an error without a message (%d)", rc);
    free(setup_line);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dict) setup();
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f)) abort();
    for (int mode = 0; mode < 2; mode++) {
        FILE *in = mode ? fmemopen((void *)data, size ? size : 1, "r") : fopen(path, "r");
        if (!in) { if (mode && !size) continue; abort(); }
        char *out = NULL;
        size_t len = 0;
        int rc = merge_one(in, mode ? "<stdin>" : path, &out, &len);
        fclose(in);
        if (!rc) {
            /* idempotent: the merged file merges to itself */
            FILE *again = fmemopen(out, len, "r");
            if (!again) abort();
            char *out2 = NULL;
            size_t len2 = 0;
            int rc2 = merge_one(again, "merged", &out2, &len2);
            fclose(again);
            FUZZ_CHECK(rc2 == 0 && len2 == len && !memcmp(out, out2, len), "merging the merged file changed it");
            free(out2);
            /* read back and build a graph */
            eg_cooc *c = eg_cooc_new(eg_dict_entity_count(dict), EG_WIN_SENTENCE, 0);
            if (!c || eg_cooc_set_periods(c, EG_PERIOD_MONTH) || eg_cooc_set_evidence(c, 20)) abort();
            FILE *rb = fmemopen(out, len, "r");
            if (!rb) abort();
            eg_error err;
            eg_error_clear(&err);
            if (eg_cooc_load_counts(c, dict, rb, "merged", &err) == 0) {
                eg_graph *g = NULL;
                if (eg_graph_build(&g, c, dict, NULL, &err) == 0) {
                    FUZZ_CHECK(eg_graph_write(g, EG_FORMAT_GRAPHML, fuzz_null()) == 0, "write failed");
                    eg_graph_free(g);
                }
            }
            fclose(rb);
            eg_cooc_free(c);
        }
        free(out);
    }
    return 0;
}
