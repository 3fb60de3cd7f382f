/*
 * export_common.c - what every exporter shares: the colour palette by
 * entity type, node sizes, locale-independent number formatting, format
 * dispatch, and the attributes every format writes (names, types, values),
 * so GraphML, GEXF and DOT always agree.
 *
 * Palette (ColorBrewer Set1, colour-blind tolerant): country blue
 * (55,126,184), agency red (228,26,28), organization green (77,175,74),
 * person purple (152,78,163), anything else orange (255,127,0).
 */
#include "graph_internal.h"
#include "cooccur.h"
#include <stdio.h>
#include <math.h>
#include <string.h>
#include <strings.h>

void eg_type_color(const char *type, int *r, int *g, int *b)
{
    static const struct { const char *t; int r, g, b; } pal[] = {
        {"country", 55, 126, 184}, {"agency", 228, 26, 28},
        {"organization", 77, 175, 74}, {"person", 152, 78, 163},
    };
    for (size_t i = 0; i < sizeof pal / sizeof pal[0]; i++)
        if (!strcmp(type, pal[i].t)) { *r = pal[i].r; *g = pal[i].g; *b = pal[i].b; return; }
    *r = 255; *g = 127; *b = 0;
}

void eg_entity_color(const eg_entity *e, int *r, int *g, int *b)
{
    if (e->provisional) { *r = 166; *g = 86; *b = 40; return; }   /* brown: not in any dictionary */
    eg_type_color(e->type, r, g, b);
}

bool eg_graph_has_provisional(const eg_graph *g)
{
    for (size_t i = 0; i < g->nn; i++)
        if (g->d->ents[g->nodes[i].entity].provisional) return true;
    return false;
}

/* Gephi node size: 10 for a single mention, growing with log2(mentions). */
double eg_node_size(long mentions)
{
    return 10.0 + 5.0 * log2(1.0 + (double)(mentions > 0 ? mentions - 1 : 0));
}

static const char *const format_names[EG_FORMAT_COUNT] = {
    [EG_FORMAT_GRAPHML] = "graphml", [EG_FORMAT_DOT] = "dot", [EG_FORMAT_GEXF] = "gexf",
    [EG_FORMAT_CSV_NODES] = "nodes.csv", [EG_FORMAT_CSV_EDGES] = "edges.csv", [EG_FORMAT_JSON] = "json",
    [EG_FORMAT_CYJS] = "cyjs", [EG_FORMAT_PAJEK] = "pajek", [EG_FORMAT_SVG] = "svg",
};

const char *eg_format_name(eg_format f) { return (unsigned)f < EG_FORMAT_COUNT ? format_names[f] : "?"; }

int eg_format_from_name(const char *name, eg_format *out)
{
    for (int f = 0; f < EG_FORMAT_COUNT; f++)
        if (!strcmp(name, format_names[f])) { *out = (eg_format)f; return 0; }
    return EG_EUSAGE;
}

int eg_format_from_path(const char *path, eg_format *out)
{
    static const struct { const char *ext; eg_format f; } exts[] = {
        {".graphml", EG_FORMAT_GRAPHML}, {".dot", EG_FORMAT_DOT}, {".gv", EG_FORMAT_DOT}, {".gexf", EG_FORMAT_GEXF},
        {".nodes.csv", EG_FORMAT_CSV_NODES}, {".edges.csv", EG_FORMAT_CSV_EDGES}, {".json", EG_FORMAT_JSON},
        {".cyjs", EG_FORMAT_CYJS}, {".net", EG_FORMAT_PAJEK}, {".svg", EG_FORMAT_SVG},
    };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t l = strlen(exts[i].ext);
        if (n > l && !strcasecmp(path + n - l, exts[i].ext)) { *out = exts[i].f; return 0; }
    }
    return EG_EUSAGE;
}

int eg_graph_write(const eg_graph *g, eg_format f, FILE *out)
{
    switch (f) {
    case EG_FORMAT_GRAPHML: return eg_write_graphml(g, out);
    case EG_FORMAT_DOT: return eg_write_dot(g, out);
    case EG_FORMAT_GEXF: return eg_write_gexf(g, out);
    case EG_FORMAT_CSV_NODES: return eg_write_csv(g, false, out);
    case EG_FORMAT_CSV_EDGES: return eg_write_csv(g, true, out);
    case EG_FORMAT_JSON: return eg_write_json(g, false, out);
    case EG_FORMAT_CYJS: return eg_write_json(g, true, out);
    case EG_FORMAT_PAJEK: return eg_write_pajek(g, out);
    case EG_FORMAT_SVG: return eg_write_svg(g, out);
    default: return EG_EUSAGE;
    }
}

/* ---- the attributes every format writes */

void eg_format_double(char *buf, size_t n, double x)
{
    if (!isfinite(x) || x == 0) x = 0;   /* also turns -0 into 0 */
    snprintf(buf, n, "%.12g", x);
}

static void set_num(eg_value *v, eg_attr_type t, double x)
{
    v->present = true;
    v->num = x;
    if (t == EG_AT_DOUBLE) eg_format_double(v->buf, sizeof v->buf, x);
    else snprintf(v->buf, sizeof v->buf, "%ld", (long)x);
    v->text = v->buf;
}

static void set_str(eg_value *v, const char *s)
{
    v->present = s != NULL;
    v->text = s;
    v->num = 0;
}

static void set_day(eg_value *v, int32_t day)
{
    if (day == EG_NO_DAY) { v->present = false; v->text = NULL; return; }
    eg_day_format(day, v->buf);
    v->present = true;
    v->text = v->buf;
}

#define ADD(n, t, i) (out[k++] = (eg_attr){ (n), (t), (i) })

size_t eg_graph_attrs(const eg_graph *g, eg_attr *out)
{
    const eg_graph_options *o = &g->opt;
    size_t k = 0;
    ADD("generator", EG_AT_STRING, EG_GA_GENERATOR);
    if (g->period != EG_COOC_WHOLE) ADD("period", EG_AT_STRING, EG_GA_PERIOD);
    if (g->dated && g->first_day != EG_NO_DAY) {
        ADD("first_date", EG_AT_STRING, EG_GA_FIRST_DATE);
        ADD("last_date", EG_AT_STRING, EG_GA_LAST_DATE);
    }
    ADD("window", EG_AT_STRING, EG_GA_WINDOW);
    ADD("windows", EG_AT_LONG, EG_GA_WINDOWS);
    ADD("documents", EG_AT_LONG, EG_GA_DOCUMENTS);
    ADD("measure", EG_AT_STRING, EG_GA_MEASURE);
    if (o->types && *o->types) ADD("types", EG_AT_STRING, EG_GA_TYPES);
    if (o->min_mentions > 1) ADD("min_mentions", EG_AT_LONG, EG_GA_MIN_MENTIONS);
    if (o->min_node_docs > 1) ADD("min_node_docs", EG_AT_LONG, EG_GA_MIN_NODE_DOCS);
    if (o->top_nodes) ADD("top_nodes", EG_AT_LONG, EG_GA_TOP_NODES);
    ADD("min_weight", EG_AT_DOUBLE, EG_GA_MIN_WEIGHT);
    ADD("min_docs", EG_AT_LONG, EG_GA_MIN_DOCS);
    if (o->backbone > 0) ADD("backbone", EG_AT_DOUBLE, EG_GA_BACKBONE);
    if (o->top_k) ADD("top_k", EG_AT_LONG, EG_GA_TOP_K);
    if (o->top_edges) ADD("top_edges", EG_AT_LONG, EG_GA_TOP_EDGES);
    if (o->ego) ADD("depth", EG_AT_LONG, EG_GA_DEPTH);
    ADD("community", EG_AT_STRING, EG_GA_COMMUNITY);
    if (o->community != EG_COMMUNITY_NONE) {
        ADD("resolution", EG_AT_DOUBLE, EG_GA_RESOLUTION);
        ADD("modularity", EG_AT_DOUBLE, EG_GA_MODULARITY);
        ADD("communities", EG_AT_LONG, EG_GA_COMMUNITIES);
    }
    if (g->has_layout) ADD("layout", EG_AT_STRING, EG_GA_LAYOUT);
    if (o->community != EG_COMMUNITY_NONE || g->has_layout) ADD("seed", EG_AT_LONG, EG_GA_SEED);
    ADD("dictionaries", EG_AT_STRING, EG_GA_DICTIONARIES);
    return k;
}

size_t eg_node_attrs(const eg_graph *g, eg_attr *out)
{
    size_t k = 0;
    ADD("label", EG_AT_STRING, EG_NA_LABEL);
    ADD("entity_type", EG_AT_STRING, EG_NA_TYPE);   /* not "type": sigma.js reads that as a renderer */
    ADD("mentions", EG_AT_LONG, EG_NA_MENTIONS);
    ADD("docs", EG_AT_LONG, EG_NA_DOCS);
    ADD("windows", EG_AT_LONG, EG_NA_WINDOWS);
    ADD("degree", EG_AT_LONG, EG_NA_DEGREE);
    ADD("strength", EG_AT_DOUBLE, EG_NA_STRENGTH);
    ADD("pagerank", EG_AT_DOUBLE, EG_NA_PAGERANK);
    if (g->has_betweenness) ADD("betweenness", EG_AT_DOUBLE, EG_NA_BETWEENNESS);
    ADD("eigenvector", EG_AT_DOUBLE, EG_NA_EIGENVECTOR);
    ADD("coreness", EG_AT_LONG, EG_NA_CORENESS);
    if (g->opt.community != EG_COMMUNITY_NONE) ADD("community", EG_AT_LONG, EG_NA_COMMUNITY);
    ADD("size", EG_AT_DOUBLE, EG_NA_SIZE);
    ADD("r", EG_AT_INT, EG_NA_R);
    ADD("g", EG_AT_INT, EG_NA_G);
    ADD("b", EG_AT_INT, EG_NA_B);
    if (g->has_layout) { ADD("x", EG_AT_DOUBLE, EG_NA_X); ADD("y", EG_AT_DOUBLE, EG_NA_Y); }
    if (g->dated) { ADD("first_seen", EG_AT_STRING, EG_NA_FIRST_SEEN); ADD("last_seen", EG_AT_STRING, EG_NA_LAST_SEEN); }
    if (eg_graph_has_provisional(g)) ADD("provisional", EG_AT_BOOL, EG_NA_PROVISIONAL);
    return k;
}

size_t eg_edge_attrs(const eg_graph *g, eg_attr *out)
{
    size_t k = 0;
    ADD("weight", EG_AT_DOUBLE, EG_EA_WEIGHT);
    ADD("count", EG_AT_LONG, EG_EA_COUNT);
    for (int m = EG_MEASURE_COUNT + 1; m < EG_MEASURE_N; m++)
        if (eg_measure_written(g, (eg_measure)m)) ADD(eg_measure_name((eg_measure)m), EG_AT_DOUBLE, EG_EA_MEASURE + m);
    if (g->opt.backbone > 0) ADD("alpha", EG_AT_DOUBLE, EG_EA_ALPHA);
    ADD("docs", EG_AT_LONG, EG_EA_DOCS);
    ADD("doc_ids", EG_AT_STRING, EG_EA_DOC_IDS);
    if (g->dated) { ADD("first_seen", EG_AT_STRING, EG_EA_FIRST_SEEN); ADD("last_seen", EG_AT_STRING, EG_EA_LAST_SEEN); }
    return k;
}
#undef ADD

static const char *community_name(eg_community c)
{
    return c == EG_COMMUNITY_LEIDEN ? "leiden" : c == EG_COMMUNITY_LOUVAIN ? "louvain" : "none";
}

void eg_graph_value(const eg_graph *g, const eg_attr *a, eg_value *v)
{
    const eg_graph_options *o = &g->opt;
    set_str(v, NULL);
    switch (a->id) {
    case EG_GA_GENERATOR: snprintf(v->buf, sizeof v->buf, "entgraph %s", EG_VERSION); set_str(v, v->buf); break;
    case EG_GA_PERIOD: eg_period_name(g->by, g->period_start, v->buf, sizeof v->buf); set_str(v, v->buf); break;
    case EG_GA_FIRST_DATE: set_day(v, g->first_day); break;
    case EG_GA_LAST_DATE: set_day(v, g->last_day); break;
    case EG_GA_WINDOW: eg_window_format(g->window, g->span, v->buf, sizeof v->buf); set_str(v, v->buf); break;
    case EG_GA_WINDOWS: set_num(v, a->type, (double)g->nwindows); break;
    case EG_GA_DOCUMENTS: set_num(v, a->type, (double)g->ndocs); break;
    case EG_GA_MEASURE: set_str(v, eg_measure_name(o->measure)); break;
    case EG_GA_TYPES: set_str(v, o->types); break;
    case EG_GA_MIN_MENTIONS: set_num(v, a->type, (double)o->min_mentions); break;
    case EG_GA_MIN_NODE_DOCS: set_num(v, a->type, (double)o->min_node_docs); break;
    case EG_GA_TOP_NODES: set_num(v, a->type, (double)o->top_nodes); break;
    case EG_GA_MIN_WEIGHT: set_num(v, a->type, o->min_weight); break;
    case EG_GA_MIN_DOCS: set_num(v, a->type, (double)o->min_docs); break;
    case EG_GA_BACKBONE: set_num(v, a->type, o->backbone); break;
    case EG_GA_TOP_K: set_num(v, a->type, (double)o->top_k); break;
    case EG_GA_TOP_EDGES: set_num(v, a->type, (double)o->top_edges); break;
    case EG_GA_DEPTH: set_num(v, a->type, (double)o->depth); break;
    case EG_GA_COMMUNITY: set_str(v, community_name(o->community)); break;
    case EG_GA_RESOLUTION: set_num(v, a->type, o->resolution); break;
    case EG_GA_MODULARITY: set_num(v, a->type, g->modularity); break;
    case EG_GA_COMMUNITIES: set_num(v, a->type, (double)g->ncommunities); break;
    case EG_GA_LAYOUT: set_str(v, o->layout == EG_LAYOUT_FR ? "fr" : "drl"); break;
    case EG_GA_SEED: set_num(v, a->type, (double)o->seed); break;
    case EG_GA_DICTIONARIES: v->present = true; break;
    }
}

void eg_node_value(const eg_graph *g, size_t i, const eg_attr *a, eg_value *v)
{
    const eg_gnode *n = &g->nodes[i];
    const eg_entity *e = &g->d->ents[n->entity];
    int r, gg, b;
    set_str(v, NULL);
    switch (a->id) {
    case EG_NA_LABEL: set_str(v, e->label); break;
    case EG_NA_TYPE: set_str(v, e->type); break;
    case EG_NA_MENTIONS: set_num(v, a->type, (double)n->mentions); break;
    case EG_NA_DOCS: set_num(v, a->type, (double)n->docs); break;
    case EG_NA_WINDOWS: set_num(v, a->type, (double)n->windows); break;
    case EG_NA_DEGREE: set_num(v, a->type, (double)n->degree); break;
    case EG_NA_STRENGTH: set_num(v, a->type, n->strength); break;
    case EG_NA_PAGERANK: set_num(v, a->type, n->pagerank); break;
    case EG_NA_BETWEENNESS: set_num(v, a->type, n->betweenness); break;
    case EG_NA_EIGENVECTOR: set_num(v, a->type, n->eigenvector); break;
    case EG_NA_CORENESS: set_num(v, a->type, (double)n->coreness); break;
    case EG_NA_COMMUNITY: set_num(v, a->type, (double)n->community); break;
    case EG_NA_SIZE: set_num(v, a->type, eg_node_size(n->mentions)); break;
    case EG_NA_R: eg_entity_color(e, &r, &gg, &b); set_num(v, a->type, r); break;
    case EG_NA_G: eg_entity_color(e, &r, &gg, &b); set_num(v, a->type, gg); break;
    case EG_NA_B: eg_entity_color(e, &r, &gg, &b); set_num(v, a->type, b); break;
    case EG_NA_X: set_num(v, a->type, n->x); break;
    case EG_NA_Y: set_num(v, a->type, n->y); break;
    case EG_NA_FIRST_SEEN: set_day(v, n->first_day); break;
    case EG_NA_PROVISIONAL: v->present = true; v->num = e->provisional; v->text = e->provisional ? "true" : "false"; break;
    case EG_NA_LAST_SEEN: set_day(v, n->last_day); break;
    }
}

void eg_edge_value(const eg_graph *g, size_t i, const eg_attr *a, eg_value *v)
{
    const eg_gedge *ed = &g->edges[i];
    set_str(v, NULL);
    switch (a->id) {
    case EG_EA_WEIGHT: set_num(v, a->type, ed->weight); break;
    case EG_EA_COUNT: set_num(v, a->type, (double)ed->count); break;
    case EG_EA_ALPHA: set_num(v, a->type, ed->alpha); break;
    case EG_EA_DOCS: set_num(v, a->type, (double)ed->docs); break;
    case EG_EA_DOC_IDS: set_str(v, g->strs.data + ed->doc_ids); break;
    case EG_EA_FIRST_SEEN: set_day(v, ed->first_day); break;
    case EG_EA_LAST_SEEN: set_day(v, ed->last_day); break;
    default:
        if (a->id > EG_EA_MEASURE && a->id < EG_EA_MEASURE + EG_MEASURE_N)
            set_num(v, a->type, eg_edge_measure(g, ed, (eg_measure)(a->id - EG_EA_MEASURE)));
    }
}
