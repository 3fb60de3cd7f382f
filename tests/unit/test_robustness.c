/* Unit tests: regressions for crashes and inconsistencies found by fuzzing
 * and by the bad-input matrix (reader fast path, empty directories, error
 * columns, byte-order marks). */
#include "test.h"
#include "internal.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static const char *put(const char *name, const char *data, size_t len)
{
    static char path[4][128];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, 128, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (f) { fwrite(data, 1, len, f); fclose(f); }
    return p;
}

/* Read every document of one input; describe them as "id=text|..." and
 * errors as "!line". */
static const char *read_all(const char *path)
{
    static char out[1024];
    out[0] = 0;
    const char *in[1] = { path };
    eg_reader *r = eg_reader_new(in, 1, NULL);
    if (!r) return "(no reader)";
    size_t len = 0;
    for (;;) {
        eg_document doc;
        eg_error err;
        eg_error_clear(&err);
        int rc = eg_reader_next(r, &doc, &err);
        if (rc == 0) break;
        if (rc < 0) len += (size_t)snprintf(out + len, sizeof out - len, "%s!%ld", len ? "|" : "", err.line);
        else if (!doc.id || !doc.text) len += (size_t)snprintf(out + len, sizeof out - len, "%s(null)", len ? "|" : "");
        else len += (size_t)snprintf(out + len, sizeof out - len, "%s%s=%.*s", len ? "|" : "", doc.id, (int)doc.len, doc.text);
        if (len >= sizeof out) break;
    }
    eg_reader_free(r);
    return out;
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/eg-unit-XXXXXX");
    if (!mkdtemp(dir)) { printf("not ok - mkdtemp\n"); return 1; }

    /* fuzz (reader): the fast JSONL path left an empty string NULL (crash on
     * an empty first id) or holding the previous value */
    static const char e1[] = "{\"id\":\"\",\"text\":\"Japan\"}\n{\"id\":\"b\",\"text\":\"\"}\n";
    CHECK_STR(read_all(put("e1.jsonl", e1, sizeof e1 - 1)), "=Japan|b=", "empty id and empty text are empty strings");
    /* numbers: the JSON grammar is checked everywhere (leading zeros, "1.",
     * "-" are errors), but a valid number of any size in a field entgraph
     * ignores is accepted (RFC 8259 sets no range; only values entgraph uses
     * are range-checked) */
    static const char e2[] = "{\"x\": 007, \"text\": \"a\"}\n{\"x\": 1e5, \"text\": \"b\", \"id\": \"2\"}\n"
                             "{\"x\": -0.25, \"text\": \"c\", \"id\": \"3\"}\n{\"x\": 12345678901234567890123, \"text\": \"d\"}\n"
                             "{\"x\": 1., \"text\": \"e\"}\n{\"x\": -, \"text\": \"f\"}\n";
    char want2[300];
    snprintf(want2, sizeof want2, "!1|2=b|3=c|%s/e2.jsonl:4=d|!5|!6", dir);
    CHECK_STR(read_all(put("e2.jsonl", e2, sizeof e2 - 1)), want2, "numbers in ignored fields follow the JSON grammar");
    /* bad-input matrix: a byte-order mark before the first JSONL line */
    static const char e3[] = "\xEF\xBB\xBF{\"id\":\"bom\",\"text\":\"x\"}\r\n{\"id\":\"2\",\"text\":\"y\"}\n";
    CHECK_STR(read_all(put("e3.jsonl", e3, sizeof e3 - 1)), "bom=x|2=y", "a BOM before the first JSONL line is skipped");
    /* UBSan: an empty directory (qsort on NULL) reads as nothing */
    char sub[128];
    snprintf(sub, sizeof sub, "%s/empty.txt", dir);
    mkdir(sub, 0755);
    CHECK_STR(read_all(sub), "", "an empty directory named like a document: no documents");
    eg_dict *d = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    CHECK(d && eg_dict_load_path(d, sub, &err) == 0 && eg_dict_entity_count(d) == 0, "an empty dictionary directory loads");
    eg_dict_free(d);
    /* fuzz (dict): the TSV "too few fields" column counted bytes, not code points */
    static const char t1[] = "Japan\tcountry:JPN\tcountry\n\xe6\x97\xa5\xe6\x9c\xac\tx\n";
    d = eg_dict_new();
    eg_error_clear(&err);
    int rc = eg_dict_load_buffer(d, "t.tsv", "tsv", t1, sizeof t1 - 1, &err);
    CHECK(rc == EG_EINPUT && err.line == 2 && err.col == 5, "TSV field-count error at 2:5 (after 4 code points), got %ld:%ld", err.line, err.col);
    eg_dict_free(d);

    /* fuzz (tagger, dict): invalid bytes after characters whose folding
     * expands (U+FDFA: 3 bytes -> 18 code points) overflowed the normalised
     * text (heap-buffer-overflow in eg_norm_run under ASan) */
    {
        char text[5 * 3 + 100];
        for (int i = 0; i < 5; i++) memcpy(text + 3 * i, "\xEF\xB7\xBA", 3);
        memset(text + 15, 0xFF, 100);
        eg_norm nm;
        eg_norm_init(&nm);
        int nrc = eg_norm_run(&nm, text, sizeof text);
        CHECK(nrc == 0 && nm.invalid_at == 15 && nm.invalid_count == 100 && nm.src[nm.len] == sizeof text,
              "expanding characters then 100 invalid bytes normalise within bounds");
        eg_norm_release(&nm);
    }

    rmdir(sub);
    for (const char *n = "e1.jsonl\0e2.jsonl\0e3.jsonl\0"; *n; n += strlen(n) + 1) {
        char p[160];
        snprintf(p, sizeof p, "%s/%s", dir, n);
        unlink(p);
    }
    rmdir(dir);
    return t_failed != 0;
}
