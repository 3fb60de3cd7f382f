/*
 * graph_stage.c - the graph stage alone, on a synthetic co-mention workload
 * (`make bench`, tests/bench/README.md): NODES entities, WINDOWS windows of
 * 2..8 distinct entities each, drawn with a heavy head (entity
 * floor(NODES * u^2.5), u uniform), 20 windows per document.  Times the
 * counting (eg_cooc_add_doc), the build (measure, filters, backbone,
 * centralities, communities: eg_graph_build) and the GraphML writing, and
 * prints one JSON line.  --dump FILE writes the windows (one line of entity
 * numbers each, a blank line between documents) for the networkx peer.
 *
 *   graph_stage --nodes N --windows W [--seed S] [--measure M] [--backbone A]
 *               [--community leiden|louvain|none] [--dump FILE] [-o FILE]
 *               [--write-counts FILE]   (write the counts as a count file and stop)
 */
#define _POSIX_C_SOURCE 200809L
#include "entgraph.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    return rng_state = x;
}
static double unif(void) { return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0); }

static int die(const char *what, const eg_error *err)
{
    char b[1200];
    fprintf(stderr, "graph_stage: %s: %s\n", what, err ? eg_error_format(err, b, sizeof b) : "failed");
    return 1;
}

int main(int argc, char **argv)
{
    long nodes = 100000, windows = 400000, seed = 1;
    const char *counts_out = NULL;
    const char *dump = NULL, *out = "/dev/null", *measure = "npmi", *community = "leiden";
    double backbone = 0.05;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--nodes")) nodes = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--windows")) windows = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--seed")) seed = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--dump")) dump = argv[i + 1];
        else if (!strcmp(argv[i], "--write-counts")) counts_out = argv[i + 1];
        else if (!strcmp(argv[i], "-o")) out = argv[i + 1];
        else if (!strcmp(argv[i], "--measure")) measure = argv[i + 1];
        else if (!strcmp(argv[i], "--backbone")) backbone = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--community")) community = argv[i + 1];
        else { fprintf(stderr, "graph_stage: unknown option %s\n", argv[i]); return 2; }
    }
    if (nodes < 10 || windows < 1) { fprintf(stderr, "graph_stage: bad sizes\n"); return 2; }
    rng_state ^= (uint64_t)seed * 0xD1B54A32D192ED03ULL;
    eg_error err;
    eg_error_clear(&err);

    /* the dictionary: E0000001 ... (built, not timed as the graph stage) */
    double t0 = now();
    size_t cap = (size_t)nodes * 64, len = 0;
    char *jl = malloc(cap);
    if (!jl) return die("out of memory", NULL);
    for (long i = 0; i < nodes; i++)
        len += (size_t)snprintf(jl + len, cap - len, "{\"id\":\"e:%07ld\",\"name\":\"E%07ld\",\"type\":\"%s\"}\n", i, i,
                                i % 4 == 0 ? "person" : i % 4 == 1 ? "organization" : i % 4 == 2 ? "agency" : "country");
    eg_dict *d = eg_dict_new();
    if (!d || eg_dict_load_buffer(d, "synthetic.jsonl", "jsonl", jl, len, &err) || eg_dict_compile(d, &err))
        return die("dictionary", &err);
    free(jl);
    double dict_s = now() - t0;

    /* the windows: generated first (so only counting is timed) */
    const int per_doc = 20;
    size_t nm = 0, capm = (size_t)windows * 5;
    eg_mention *m = malloc(capm * sizeof *m);
    size_t *doc_end = malloc(((size_t)windows / per_doc + 2) * sizeof *doc_end);
    size_t ndocs = 0;
    FILE *df = dump ? fopen(dump, "w") : NULL;
    if (!m || !doc_end || (dump && !df)) return die("out of memory or --dump", NULL);
    for (long w = 0; w < windows; w++) {
        int k = 2 + (int)(rnd() % 7);
        uint32_t seen[8];
        int got = 0;
        while (got < k) {
            uint32_t e = (uint32_t)((double)nodes * pow(unif(), 2.5));
            if (e >= (uint32_t)nodes) e = (uint32_t)nodes - 1;
            bool dup = false;
            for (int j = 0; j < got; j++) dup |= seen[j] == e;
            if (dup) continue;
            seen[got++] = e;
            if (nm == capm) { capm *= 2; m = realloc(m, capm * sizeof *m); if (!m) return die("out of memory", NULL); }
            memset(&m[nm], 0, sizeof m[nm]);
            m[nm].entity = e;
            m[nm].ncand = 1;
            m[nm].sentence = (size_t)(w % per_doc);
            m[nm].byte_start = nm;   /* sorted, as the tagger gives them */
            nm++;
            if (df) fprintf(df, "%s%u", got > 1 ? " " : "", e);
        }
        if (df) fputc('\n', df);
        if (w % per_doc == per_doc - 1 || w == windows - 1) {
            doc_end[ndocs++] = nm;
            if (df) fputc('\n', df);
        }
    }
    if (df && fclose(df)) return die("--dump: write error", NULL);

    /* count */
    t0 = now();
    eg_cooc *c = eg_cooc_new(eg_dict_entity_count(d), EG_WIN_SENTENCE, 0);
    if (!c) return die("out of memory", NULL);
    size_t start = 0;
    char id[32];
    for (size_t i = 0; i < ndocs; i++) {
        eg_document doc;
        memset(&doc, 0, sizeof doc);
        snprintf(id, sizeof id, "s%ld-d%zu", seed, i);
        doc.id = id;
        doc.day = EG_NO_DAY;
        eg_doc_units u = { (size_t)per_doc, 1 };
        if (eg_cooc_add_doc(c, &doc, &u, m + start, doc_end[i] - start)) return die("counting", NULL);
        start = doc_end[i];
    }
    double count_s = now() - t0;
    if (counts_out) {
        /* a shard's count file: the same setup for every seed, so they merge */
        t0 = now();
        FILE *cf = fopen(counts_out, "w");
        char setup[128];
        snprintf(setup, sizeof setup, "synthetic nodes=%ld evidence=0", nodes);
        if (!cf || eg_cooc_write_counts(c, d, setup, true, cf) || fclose(cf)) return die("--write-counts", NULL);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        printf("graph_stage: {\"nodes_in\": %ld, \"windows\": %ld, \"documents\": %zu, \"mentions\": %zu, "
               "\"count_s\": %.3f, \"write_counts_s\": %.3f, \"rss_mb\": %.1f}\n",
               nodes, windows, ndocs, nm, count_s, now() - t0, ru.ru_maxrss / 1024.0);
        eg_cooc_free(c);
        eg_dict_free(d);
        free(m);
        free(doc_end);
        return 0;
    }

    /* build: the measure, every measure written, the backbone, centralities, communities */
    eg_graph_options o;
    eg_graph_options_default(&o);
    if (eg_measure_from_name(measure, &o.measure)) { fprintf(stderr, "graph_stage: bad measure\n"); return 2; }
    o.all_measures = true;
    o.backbone = backbone;
    o.community = !strcmp(community, "louvain") ? EG_COMMUNITY_LOUVAIN : !strcmp(community, "none") ? EG_COMMUNITY_NONE
                                                                                                     : EG_COMMUNITY_LEIDEN;
    /* the unfiltered size, for the record */
    eg_graph_options raw;
    eg_graph_options_default(&raw);
    raw.community = EG_COMMUNITY_NONE;
    raw.betweenness = -1;
    raw.keep_isolates = true;
    eg_graph *g0;
    if (eg_graph_build(&g0, c, d, &raw, &err)) return die("build (unfiltered)", &err);
    size_t raw_nodes = eg_graph_node_count(g0), raw_edges = eg_graph_edge_count(g0);
    eg_graph_free(g0);
    t0 = now();
    eg_graph *g;
    if (eg_graph_build(&g, c, d, &o, &err)) return die("build", &err);
    double build_s = now() - t0;
    t0 = now();
    FILE *f = fopen(out, "w");
    if (!f) return die("output", NULL);
    eg_graph_write(g, EG_FORMAT_GRAPHML, f);
    if (fclose(f)) return die("output: write error", NULL);
    double write_s = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("graph_stage: {\"nodes_in\": %ld, \"windows\": %ld, \"documents\": %zu, \"mentions\": %zu, "
           "\"raw_nodes\": %zu, \"raw_edges\": %zu, \"nodes\": %zu, \"edges\": %zu, \"betweenness\": %s, "
           "\"dict_s\": %.3f, \"count_s\": %.3f, \"build_s\": %.3f, \"write_s\": %.3f, \"rss_mb\": %.1f}\n",
           nodes, windows, ndocs, nm, raw_nodes, raw_edges, eg_graph_node_count(g), eg_graph_edge_count(g),
           eg_graph_has_betweenness(g) ? "true" : "false", dict_s, count_s, build_s, write_s, ru.ru_maxrss / 1024.0);
    eg_graph_free(g);
    eg_cooc_free(c);
    eg_dict_free(d);
    free(m);
    free(doc_end);
    return 0;
}
