/* Unit tests: association measures on hand-computed tables, window specs,
 * sliding sentence and token windows (N, c_i, c_ij), and the graph
 * filters (backbone alpha, top-k, top edges, ego, only, node thresholds)
 * on small graphs worked out by hand. */
#include "test.h"
#include "tag_helper.h"
#include <math.h>
#include <stdlib.h>

static bool near(double a, double b) { return fabs(a - b) <= 1e-12 * fmax(1.0, fabs(b)); }

static const char *D =
    "{\"id\":\"a\",\"name\":\"Alpha\",\"type\":\"country\"}\n"
    "{\"id\":\"b\",\"name\":\"Beta\",\"type\":\"agency\"}\n"
    "{\"id\":\"c\",\"name\":\"Gamma\",\"type\":\"person\"}\n"
    "{\"id\":\"d\",\"name\":\"Delta\",\"type\":\"organization\"}\n"
    "{\"id\":\"e\",\"name\":\"Epsilon\",\"type\":\"organization\"}\n"
    "{\"id\":\"hy\",\"name\":\"Hamada Yasukazu\",\"type\":\"person\"}\n"
    "{\"id\":\"jp\",\"name\":\"日本\",\"type\":\"country\"}\n"
    "{\"id\":\"cn\",\"name\":\"中国\",\"type\":\"country\"}\n";

/* Count the documents with window spec `win`, build with o, return the
 * GraphML (malloc'd). */
static char *graphml(eg_dict *d, const char **docs, size_t n, const char *win, const eg_graph_options *o)
{
    eg_window w;
    size_t span;
    if (eg_window_parse(win, &w, &span)) return NULL;
    eg_tagger *t = NULL;
    eg_tagger_new(&t, d, NULL);
    eg_cooc *c = eg_cooc_new(eg_dict_entity_count(d), w, 0);
    if (!t || !c || eg_cooc_set_span(c, span)) return NULL;
    for (size_t i = 0; i < n; i++) {
        const eg_mention *m;
        size_t k, bad;
        eg_document doc;
        memset(&doc, 0, sizeof doc);
        doc.id = "doc";
        doc.text = docs[i];
        doc.len = strlen(docs[i]);
        doc.day = EG_NO_DAY;
        eg_tagger_run(t, docs[i], doc.len, &m, &k, &bad);
        eg_doc_units u;
        eg_tagger_units(t, &u);
        if (eg_cooc_add_doc(c, &doc, &u, m, k)) return NULL;
    }
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    char *buf = NULL;
    size_t len = 0;
    if (!eg_graph_build(&g, c, d, o, &err)) {
        FILE *f = open_memstream(&buf, &len);
        eg_graph_write(g, EG_FORMAT_GRAPHML, f);
        fclose(f);
    }
    eg_graph_free(g);
    eg_cooc_free(c);
    eg_tagger_free(t);
    return buf;
}

/* "source=S target=T" edge's data value for key k, or NULL. */
static const char *edge_val(const char *x, const char *s, const char *t, const char *key)
{
    static char out[64];
    char pat[128];
    snprintf(pat, sizeof pat, "source=\"%s\" target=\"%s\">", s, t);
    const char *e = x ? strstr(x, pat) : NULL;
    if (!e) return NULL;
    const char *end = strstr(e, "</edge>");
    snprintf(pat, sizeof pat, "<data key=\"e_%s\">", key);
    const char *v = strstr(e, pat);
    if (!v || v > end) return NULL;
    v += strlen(pat);
    size_t l = strcspn(v, "<");
    if (l >= sizeof out) l = sizeof out - 1;
    memcpy(out, v, l);
    out[l] = 0;
    return out;
}

static const char *node_val(const char *x, const char *id, const char *key)
{
    static char out[64];
    char pat[128];
    snprintf(pat, sizeof pat, "<node id=\"%s\">", id);
    const char *e = x ? strstr(x, pat) : NULL;
    if (!e) return NULL;
    const char *end = strstr(e, "</node>");
    snprintf(pat, sizeof pat, "<data key=\"v_%s\">", key);
    const char *v = strstr(e, pat);
    if (!v || v > end) return NULL;
    v += strlen(pat);
    size_t l = strcspn(v, "<");
    memcpy(out, v, l);
    out[l] = 0;
    return out;
}

static long count_of(const char *x, const char *needle)
{
    long n = 0;
    for (const char *p = x; p && (p = strstr(p, needle)); p++) n++;
    return n;
}

int main(void)
{
    /* measures: x = 2, a = 4, b = 5, N = 20 */
    CHECK(near(eg_measure_value(EG_MEASURE_COUNT, 2, 4, 5, 20), 2), "count");
    CHECK(near(eg_measure_value(EG_MEASURE_JACCARD, 2, 4, 5, 20), 2.0 / 7), "jaccard = 2/7");
    CHECK(near(eg_measure_value(EG_MEASURE_DICE, 2, 4, 5, 20), 4.0 / 9), "dice = 4/9");
    CHECK(near(eg_measure_value(EG_MEASURE_COSINE, 2, 4, 5, 20), 2 / sqrt(20)), "cosine = 2/sqrt(20)");
    CHECK(near(eg_measure_value(EG_MEASURE_INCLUSION, 2, 4, 5, 20), 0.5), "inclusion = 1/2");
    CHECK(near(eg_measure_value(EG_MEASURE_ASSOC, 2, 4, 5, 20), 2), "assoc = 2 (twice the expected)");
    CHECK(near(eg_measure_value(EG_MEASURE_PMI, 2, 4, 5, 20), 1), "pmi = log2(2) = 1");
    CHECK(near(eg_measure_value(EG_MEASURE_NPMI, 2, 4, 5, 20), 0.3010299956639812), "npmi = 1/log2(10)");
    CHECK(near(eg_measure_value(EG_MEASURE_LLR, 2, 4, 5, 20), 1.505746254608383), "llr = G^2 of (2,2,3,13)");
    CHECK(eg_measure_value(EG_MEASURE_NPMI, 5, 5, 5, 5) == 1, "npmi = 1 when the pair is in every window");
    CHECK(eg_measure_value(EG_MEASURE_LLR, 1, 2, 5, 10) == 0 && eg_measure_value(EG_MEASURE_PMI, 1, 2, 5, 10) == 0,
          "exactly as expected: llr and pmi are exactly 0");
    CHECK(eg_measure_value(EG_MEASURE_PMI, 1, 10, 10, 20) < 0, "less than expected: pmi < 0");
    bool finite = true;
    for (int m = 0; m < EG_MEASURE_N; m++) {
        double v[] = { eg_measure_value((eg_measure)m, 1, 1, 1, 1), eg_measure_value((eg_measure)m, 3, 3, 3, 2),
                       eg_measure_value((eg_measure)m, 0, 0, 0, 0), eg_measure_value((eg_measure)m, 1e9, 1e9, 1e9, 1e9) };
        for (int k = 0; k < 4; k++) finite = finite && isfinite(v[k]);
    }
    CHECK(finite, "degenerate margins never give NaN or Inf");
    eg_measure me;
    CHECK(!eg_measure_from_name("npmi", &me) && me == EG_MEASURE_NPMI && !strcmp(eg_measure_name(EG_MEASURE_LLR), "llr") &&
          eg_measure_from_name("PMI", &me) == EG_EUSAGE, "measure names");

    /* window specs */
    eg_window w;
    size_t k;
    char buf[32];
    CHECK(!eg_window_parse("sentence", &w, &k) && w == EG_WIN_SENTENCE && k == 0, "sentence");
    CHECK(!eg_window_parse("sentences:3", &w, &k) && w == EG_WIN_SENTENCE && k == 3, "sentences:3");
    CHECK(!eg_window_parse("tokens:5", &w, &k) && w == EG_WIN_TOKENS && k == 5, "tokens:5");
    CHECK(eg_window_parse("tokens:0", &w, &k) && eg_window_parse("tokens:", &w, &k) && eg_window_parse("tokens:-1", &w, &k) &&
          eg_window_parse("document:2", &w, &k) && eg_window_parse("sentences:1000001", &w, &k) && eg_window_parse("words:3", &w, &k),
          "bad window specs are refused");
    eg_window_format(EG_WIN_PARAGRAPH, 2, buf, sizeof buf);
    CHECK_STR(buf, "paragraphs:2", "format paragraphs:2");
    eg_window_format(EG_WIN_SENTENCE, 0, buf, sizeof buf);
    CHECK_STR(buf, "sentence", "format sentence");

    eg_dict *d = mkdict(D);
    CHECK(d != NULL, "dictionary loads");
    if (!d) return 1;
    eg_graph_options o;
    eg_graph_options_default(&o);
    o.all_measures = true;

    /* tokens: Alpha=0 met=1 Beta=2 Gamma=3 (the period is not a token) */
    const char *t1[] = { "Alpha met Beta. Gamma." };
    char *x = graphml(d, t1, 1, "tokens:1", &o);
    CHECK(x && strstr(x, "<data key=\"g_windows\">4</data>") && strstr(x, "<data key=\"g_window\">tokens:1</data>"), "tokens:1: N = 4 positions");
    CHECK(x && !edge_val(x, "a", "b", "count") && edge_val(x, "b", "c", "count") && !strcmp(edge_val(x, "b", "c", "count"), "1"),
          "tokens:1: Alpha-Beta (2 apart) no edge; Beta-Gamma (1 apart) in 1 window");
    free(x);
    x = graphml(d, t1, 1, "tokens:2", &o);
    const char *v = edge_val(x, "b", "c", "count");
    CHECK(v && !strcmp(v, "2") && (v = edge_val(x, "a", "b", "count")) && !strcmp(v, "1") && !edge_val(x, "a", "c", "count"),
          "tokens:2: Beta-Gamma in 2 windows, Alpha-Beta in 1, Alpha-Gamma (3 apart) none");
    v = node_val(x, "a", "windows");
    CHECK(v && !strcmp(v, "1") && (v = node_val(x, "b", "windows")) && !strcmp(v, "3") && (v = node_val(x, "c", "windows")) && !strcmp(v, "3"),
          "tokens:2: c_Alpha = 1 (window 0), c_Beta = 3 (0..2), c_Gamma = 3 (1..3)");
    free(x);
    /* a mention is one position however many tokens; joiners; CJK */
    const char *t2[] = { "The Hamada Yasukazu statement on Japan's Alpha" };
    x = graphml(d, t2, 1, "tokens:4", &o);
    CHECK(x && strstr(x, "<data key=\"g_windows\">6</data>") && edge_val(x, "a", "hy", "count") && !strcmp(edge_val(x, "a", "hy", "count"), "1"),
          "tokens:4: The [Hamada Yasukazu] statement on Japan's [Alpha]: 6 positions, 4 apart: 1 window");
    free(x);
    x = graphml(d, t2, 1, "tokens:3", &o);
    CHECK(x && !strstr(x, "<edge "), "tokens:3: too far apart");
    free(x);
    const char *t3[] = { "日本と中国" };
    x = graphml(d, t3, 1, "tokens:1", &o);
    CHECK(x && strstr(x, "<data key=\"g_windows\">3</data>") && !edge_val(x, "cn", "jp", "count"), "CJK: [日本] と [中国]: 3 positions, 2 apart");
    free(x);
    x = graphml(d, t3, 1, "tokens:2", &o);
    CHECK(x && edge_val(x, "cn", "jp", "count") && !strcmp(edge_val(x, "cn", "jp", "count"), "1"), "CJK: tokens:2 pairs them");
    free(x);
    /* sliding sentences */
    const char *s1[] = { "Alpha is here. Beta is there. Gamma too.", "Nothing. At all." };
    x = graphml(d, s1, 2, "sentence", &o);
    CHECK(x && strstr(x, "<data key=\"g_windows\">5</data>") && !strstr(x, "<edge "), "sentence: N = 5 sentences (empty ones too), no edge");
    free(x);
    x = graphml(d, s1, 2, "sentences:1", &o);
    CHECK(x && strstr(x, "<data key=\"g_windows\">5</data>") && edge_val(x, "a", "b", "count") && edge_val(x, "b", "c", "count") &&
          !edge_val(x, "a", "c", "count"), "sentences:1: neighbours paired, Alpha-Gamma not");
    free(x);
    x = graphml(d, s1, 2, "document", &o);
    CHECK(x && strstr(x, "<data key=\"g_windows\">2</data>") && (v = edge_val(x, "a", "c", "pmi")) && !strcmp(v, "1"),
          "document: N = 2, each entity in 1, the pair in 1: pmi = log2(1*2/1) = 1");
    free(x);

    /* filters.  Star graph from one document window per line:
     * a-b x3, a-c x1, a-d x1, b-c x1 */
    const char *f1[] = { "Alpha Beta.", "Alpha Beta.", "Alpha Beta.", "Alpha Gamma.", "Alpha Delta.", "Beta Gamma.", "Epsilon." };
    eg_graph_options_default(&o);
    o.backbone = 0.5;
    x = graphml(d, f1, 7, "document", &o);
    /* degrees a 3 (s 5), b 2 (s 4), c 2 (s 2), d 1 (s 1):
     * a-b: a side (1-3/5)^2 = .16, b side (1-3/4)^1 = .25 -> .16
     * a-c: (1-1/5)^2 = .64, c side (1-1/2) = .5 -> .5 (not < .5)
     * a-d: .64, d side 1 -> .64;  b-c: (1-1/4) = .75, (1-1/2) = .5 -> .5 */
    v = edge_val(x, "a", "b", "alpha");
    CHECK(v && near(atof(v), 0.16) && !edge_val(x, "a", "c", "count") && !edge_val(x, "b", "c", "count") && count_of(x, "<edge ") == 1,
          "backbone 0.5: only a-b (alpha .16) survives; a-c and b-c (alpha .5) do not");
    CHECK(x && !strstr(x, "<node id=\"d\">") && !strstr(x, "<node id=\"e\">"), "isolates dropped after the backbone");
    free(x);
    eg_graph_options_default(&o);
    o.top_k = 1;
    x = graphml(d, f1, 7, "document", &o);
    /* strongest of a: a-b; of b: a-b; of c: tie a-c/b-c (1 each) -> a (smaller id); of d: a-d */
    CHECK(x && count_of(x, "<edge ") == 3 && edge_val(x, "a", "b", "count") && edge_val(x, "a", "c", "count") && edge_val(x, "a", "d", "count"),
          "top-k 1: a-b, a-c (c's tie broken by id), a-d");
    free(x);
    eg_graph_options_default(&o);
    o.top_edges = 2;
    x = graphml(d, f1, 7, "document", &o);
    CHECK(x && count_of(x, "<edge ") == 2 && edge_val(x, "a", "b", "count") && edge_val(x, "a", "c", "count"),
          "top-edges 2: a-b, then the first of the ties by id (a-c)");
    free(x);
    eg_graph_options_default(&o);
    unsigned char ego[8] = {0}, only[8] = {0};
    ego[3] = 1;   /* d */
    o.ego = ego;
    x = graphml(d, f1, 7, "document", &o);
    CHECK(x && count_of(x, "<node ") == 2 && count_of(x, "<edge ") == 1, "ego d, depth 1: d and a");
    free(x);
    o.depth = 2;
    x = graphml(d, f1, 7, "document", &o);
    CHECK(x && count_of(x, "<node ") == 4 && count_of(x, "<edge ") == 4, "ego d, depth 2: d, a, b, c and all their edges");
    free(x);
    eg_graph_options_default(&o);
    only[1] = only[2] = only[4] = 1;
    o.only = only;
    o.keep_isolates = true;
    x = graphml(d, f1, 7, "document", &o);
    CHECK(x && count_of(x, "<node ") == 3 && count_of(x, "<edge ") == 1 && strstr(x, "<node id=\"e\">"),
          "only b, c, e (isolates kept): 3 nodes, b-c");
    free(x);
    eg_graph_options_default(&o);
    o.min_mentions = 2;
    o.top_nodes = 2;
    x = graphml(d, f1, 7, "document", &o);
    CHECK(x && count_of(x, "<node ") == 2 && edge_val(x, "a", "b", "count"), "min-mentions 2 then top-nodes 2: a (5) and b (4)");
    free(x);
    eg_graph_options_default(&o);
    o.measure = EG_MEASURE_PMI;
    x = graphml(d, f1, 7, "document", &o);
    /* N = 7; a in 5, b in 4, c in 2, d in 1: a-b log2(21/20) > 0, a-d log2(7/5) > 0; a-c log2(7/10)
     * and b-c log2(7/8) < 0: not edges */
    CHECK(x && edge_val(x, "a", "b", "weight") && edge_val(x, "a", "d", "weight") && !edge_val(x, "a", "c", "weight") &&
          !edge_val(x, "b", "c", "weight") && count_of(x, "<edge ") == 2,
          "pmi: pairs seen less often than chance are not edges");
    free(x);
    eg_graph_options_default(&o);
    o.resolution = 0;
    eg_graph *g = NULL;
    eg_error err;
    eg_error_clear(&err);
    eg_cooc *c = eg_cooc_new(eg_dict_entity_count(d), EG_WIN_SENTENCE, 0);
    CHECK(eg_graph_build(&g, c, d, &o, &err) == EG_EUSAGE && !g, "resolution 0 is refused");
    o.resolution = 1;
    o.backbone = 1.5;
    CHECK(eg_graph_build(&g, c, d, &o, &err) == EG_EUSAGE && !g, "backbone above 1 is refused");
    CHECK(eg_cooc_set_span(c, 0) == 0 && eg_cooc_add(c, NULL, 0) == 0 && eg_cooc_set_span(c, 2) == EG_EUSAGE,
          "the span is set before the first document");
    eg_cooc_free(c);
    c = eg_cooc_new(eg_dict_entity_count(d), EG_WIN_TOKENS, 0);
    CHECK(eg_cooc_set_span(c, 0) == EG_EUSAGE && eg_cooc_set_span(c, 3) == 0 && eg_cooc_add(c, NULL, 0) == EG_EUSAGE,
          "token windows need a span >= 1 and the document's text");
    eg_cooc_free(c);
    eg_dict_free(d);
    return t_failed != 0;
}
