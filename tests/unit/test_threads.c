/* Unit test: the library is reentrant.  Two complete, independent pipelines
 * (dictionary, tagger, counts, graph, GraphML) run at once in two threads,
 * each with its own dictionary, and each gives byte for byte what it gives
 * alone.  `make tsan` runs this under ThreadSanitizer, which also reports
 * any shared state touched without synchronisation. */
#include "test.h"
#include "entgraph.h"
#include <pthread.h>
#include <stdlib.h>

typedef struct job {
    const char *dict, *text_path;
    char *out;      /* the GraphML and mentions, malloc'd */
    size_t outlen;
    int rc;
} job;

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *b = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        if (*n + 4096 > cap) { cap = cap ? cap * 2 : 65536; b = realloc(b, cap); }
        size_t r = fread(b + *n, 1, cap - *n, f);
        *n += r;
        if (!r) break;
    }
    fclose(f);
    return b;
}

static void *pipeline(void *arg)
{
    job *jb = arg;
    eg_error err;
    eg_error_clear(&err);
    size_t tl = 0;
    char *text = slurp(jb->text_path, &tl);
    if (!tl) { free(text); text = NULL; }
    eg_dict *d = eg_dict_new();
    FILE *out = open_memstream(&jb->out, &jb->outlen);
    jb->rc = !text || !d || !out || eg_dict_load_path(d, jb->dict, &err) || eg_dict_compile(d, &err);
    eg_tagger *t = NULL;
    eg_cooc *c = NULL;
    eg_graph *g = NULL;
    if (!jb->rc) {
        t = NULL;
    eg_tagger_new(&t, d, NULL);
        c = eg_cooc_new(eg_dict_entity_count(d), EG_WIN_SENTENCE, 1000);
        jb->rc = !t || !c;
    }
    for (int rep = 0; rep < 40 && !jb->rc; rep++) {
        const eg_mention *m;
        size_t n, bad;
        /* a different slice each time, so the counts grow unevenly */
        size_t off = (size_t)rep * 97 % tl;
        jb->rc = eg_tagger_run(t, text + off, tl - off, &m, &n, &bad) || eg_cooc_add(c, m, n);
        for (size_t i = 0; i < n && !jb->rc; i++)
            fprintf(out, "%d %zu %zu %s\n", rep, m[i].byte_start, m[i].byte_end, eg_dict_entity_id(d, m[i].entity));
    }
    if (!jb->rc) {
        jb->rc = eg_graph_build(&g, c, d, NULL, &err) || eg_graph_write(g, EG_FORMAT_GRAPHML, out);
    }
    if (out) fclose(out);
    eg_graph_free(g);
    eg_cooc_free(c);
    eg_tagger_free(t);
    eg_dict_free(d);
    free(text);
    return NULL;
}

int main(void)
{
    job ref[2] = { { "tests/dicts/nhk-test.jsonl", "tests/samples/nhk-2023-08-08-china-hacked-japan.txt", NULL, 0, 0 },
                   { "tests/dicts/rules.jsonl", "tests/golden/rule1-normalisation/input.txt", NULL, 0, 0 } };
    job par[2] = { ref[0], ref[1] };
    for (int i = 0; i < 2; i++) pipeline(&ref[i]);
    CHECK(!ref[0].rc && !ref[1].rc && ref[0].outlen > 1000 && ref[1].outlen > 100, "each pipeline alone: %zu and %zu bytes", ref[0].outlen, ref[1].outlen);
    for (int round = 0; round < 3; round++) {
        pthread_t th[2];
        for (int i = 0; i < 2; i++) { par[i].out = NULL; par[i].outlen = 0; pthread_create(&th[i], NULL, pipeline, &par[i]); }
        for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
        for (int i = 0; i < 2; i++) {
            CHECK(!par[i].rc && par[i].outlen == ref[i].outlen && !memcmp(par[i].out, ref[i].out, ref[i].outlen),
                  "round %d: pipeline %d in a thread beside the other gives the same bytes", round + 1, i + 1);
            free(par[i].out);
        }
    }
    free(ref[0].out);
    free(ref[1].out);
    return t_failed ? 1 : 0;
}
