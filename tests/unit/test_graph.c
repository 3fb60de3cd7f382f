/* Unit tests: co-mention counting, the igraph graph, its finally stack,
 * and deterministic GraphML/DOT output. */
#include "test.h"
#include "tag_helper.h"
#include "testhooks.h"
#include <igraph.h>
#include <stdlib.h>

static const char *D =
    "{\"id\":\"a\",\"name\":\"Alpha\",\"type\":\"country\"}\n"
    "{\"id\":\"b\",\"name\":\"Beta\",\"type\":\"agency\"}\n"
    "{\"id\":\"c\",\"name\":\"Gamma\",\"type\":\"person\"}\n"
    "{\"id\":\"d\",\"name\":\"Delta\",\"type\":\"organization\"}\n";

static eg_graph *build(eg_dict *d, const char **docs, size_t n, eg_window w, double minw, bool isolates)
{
    eg_tagger *t = NULL;
    eg_tagger_new(&t, d, NULL);
    eg_cooc *c = eg_cooc_new(eg_dict_entity_count(d), w, 3);
    for (size_t i = 0; i < n; i++) {
        const eg_mention *m;
        size_t k, bad;
        eg_tagger_run(t, docs[i], strlen(docs[i]), &m, &k, &bad);
        eg_cooc_add(c, m, k);
    }
    eg_graph_options o;
    eg_graph_options_default(&o);
    o.min_weight = minw;
    o.keep_isolates = isolates;
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    eg_graph_build(&g, c, d, &o, &err);
    eg_cooc_free(c);
    eg_tagger_free(t);
    return g;
}

static char *render(const eg_graph *g, eg_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    eg_graph_write(g, fmt, f);
    fclose(f);
    return buf;
}

int main(void)
{
    eg_dict *d = mkdict(D);
    CHECK(d != NULL, "dictionary loads");
    if (!d) return 1;
    const char *docs[] = {
        "Alpha and Beta. Alpha and Beta and Alpha. Gamma.",
        "Alpha, Beta, Gamma and Delta in one sentence.",
        "",
    };
    eg_graph *g = build(d, docs, 3, EG_WIN_SENTENCE, 1, true);
    CHECK(g != NULL, "graph builds");
    CHECK(eg_graph_finally_depth() == 0, "igraph finally stack empty after the build");
    CHECK(eg_graph_node_count(g) == 4, "keep_isolates: one node per entity mentioned (%zu)", eg_graph_node_count(g));
    eg_graph_free(g);
    g = build(d, docs, 3, EG_WIN_SENTENCE, 1, false);
    CHECK(g && eg_graph_node_count(g) == 3, "by default the isolate (Delta, beyond the window cap) is dropped (%zu)", g ? eg_graph_node_count(g) : 0);
    CHECK(eg_graph_edge_count(g) == 3, "window cap of 3 keeps the pairs of the first three entities (%zu)", eg_graph_edge_count(g));
    char *x = render(g, EG_FORMAT_GRAPHML), *y = render(g, EG_FORMAT_GRAPHML);
    CHECK(x && y && !strcmp(x, y), "GraphML output is deterministic");
    CHECK(strstr(x, "<node id=\"a\">") != NULL, "node ids are entity ids");
    CHECK(strstr(x, "source=\"a\" target=\"b\">\n      <data key=\"e_weight\">3</data>\n      <data key=\"e_count\">3</data>") != NULL,
          "a-b weight = 3 windows (repeats in one window counted once)");
    free(x); free(y);
    char *dot = render(g, EG_FORMAT_DOT);
    CHECK(dot && strstr(dot, "\"a\" -- \"b\" [penwidth=\"8\", count=\"3\", docs=\"2\"") != NULL, "DOT edge with count and docs");
    free(dot);
    eg_graph_free(g);

    g = build(d, docs, 3, EG_WIN_DOCUMENT, 2, false);
    CHECK(g && eg_graph_edge_count(g) == 3, "document window, min weight 2: the three capped pairs of both documents");
    CHECK(eg_graph_finally_depth() == 0, "finally stack empty again");
    eg_graph_free(g);

    /* the host program's igraph generator is neither reseeded nor drawn
     * from, and stays valid (igraph 0.10.2 copies a generator installed as
     * the default) */
    igraph_rng_seed(igraph_rng_default(), 7);
    g = build(d, docs, 3, EG_WIN_SENTENCE, 1, false);
    igraph_integer_t after = igraph_rng_get_integer(igraph_rng_default(), 0, 1000000000);
    igraph_rng_seed(igraph_rng_default(), 7);
    igraph_integer_t fresh = igraph_rng_get_integer(igraph_rng_default(), 0, 1000000000);
    CHECK(g && after == fresh, "the host's igraph generator is untouched by a build (%ld, %ld)", (long)after, (long)fresh);
    eg_graph_free(g);

    const char *none[] = { "nothing here" };
    g = build(d, none, 1, EG_WIN_SENTENCE, 1, false);
    CHECK(g && eg_graph_node_count(g) == 0 && eg_graph_edge_count(g) == 0, "empty graph");
    x = g ? render(g, EG_FORMAT_GRAPHML) : NULL;
    CHECK(x && strstr(x, "</graphml>") != NULL, "empty graph still writes a complete GraphML file");
    free(x);
    eg_graph_free(g);
    eg_dict_free(d);
    return t_failed != 0;
}
