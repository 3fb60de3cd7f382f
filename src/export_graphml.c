/*
 * export_graphml.c - GraphML writer for Gephi, Gephi Lite (graphology),
 * networkx and igraph.
 *
 * Written by hand rather than with igraph_write_graph_graphml because
 * igraph 0.10.2 names nodes n0, n1..., aborts mid-file on control
 * characters and writes Inf.  Here: node id = entity id; keys typed
 * (long for counts, double for scores, int for r/g/b); `label` and `weight`
 * named so Gephi maps them; text is valid UTF-8 with XML-illegal
 * characters removed; no NaN/Inf; sorted nodes and edges.
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <math.h>
#include <string.h>

static void num(FILE *f, double x)
{
    if (!isfinite(x)) x = 0;
    fprintf(f, "%.10g", x);
}

int eg_write_graphml(const eg_graph *g, FILE *f)
{
    const eg_dict *d = g->d;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
          " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", f);
    static const char *keys[][4] = {
        {"g_generator", "graph", "generator", "string"},
        {"g_period", "graph", "period", "string"},
        {"g_first_date", "graph", "first_date", "string"},
        {"g_last_date", "graph", "last_date", "string"},
        {"g_window", "graph", "window", "string"},
        {"g_min_weight", "graph", "min_weight", "long"},
        {"g_min_docs", "graph", "min_docs", "long"},
        {"g_documents", "graph", "documents", "long"},
        {"g_dictionaries", "graph", "dictionaries", "string"},
        {"v_label", "node", "label", "string"},
        {"v_type", "node", "type", "string"},
        {"v_mentions", "node", "mentions", "long"},
        {"v_docs", "node", "docs", "long"},
        {"v_degree", "node", "degree", "long"},
        {"v_strength", "node", "strength", "double"},
        {"v_pagerank", "node", "pagerank", "double"},
        {"v_community", "node", "community", "long"},
        {"v_size", "node", "size", "double"},
        {"v_r", "node", "r", "int"},
        {"v_g", "node", "g", "int"},
        {"v_b", "node", "b", "int"},
        {"v_first_seen", "node", "first_seen", "string"},
        {"v_last_seen", "node", "last_seen", "string"},
        {"e_weight", "edge", "weight", "double"},
        {"e_docs", "edge", "docs", "long"},
        {"e_doc_ids", "edge", "doc_ids", "string"},
        {"e_first_seen", "edge", "first_seen", "string"},
        {"e_last_seen", "edge", "last_seen", "string"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        /* keys of what this graph does not have are left out */
        bool dated_key = strstr(keys[i][2], "first_") || strstr(keys[i][2], "last_");
        if ((dated_key && !g->dated) || (!strcmp(keys[i][2], "period") && g->period == EG_COOC_WHOLE)) continue;
        fprintf(f, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                keys[i][0], keys[i][1], keys[i][2], keys[i][3]);
    }
    fputs("  <graph id=\"entgraph\" edgedefault=\"undirected\">\n", f);
    fprintf(f, "    <data key=\"g_generator\">entgraph %s</data>\n", EG_VERSION);
    if (g->period != EG_COOC_WHOLE) {
        char pn[32];
        eg_period_name(g->by, g->period_start, pn, sizeof pn);
        fprintf(f, "    <data key=\"g_period\">%s</data>\n", pn);
    }
    if (g->dated && g->first_day != EG_NO_DAY) {
        char a[11], b[11];
        eg_day_format(g->first_day, a);
        eg_day_format(g->last_day, b);
        fprintf(f, "    <data key=\"g_first_date\">%s</data>\n    <data key=\"g_last_date\">%s</data>\n", a, b);
    }
    fprintf(f, "    <data key=\"g_window\">%s</data>\n", eg_window_name(g->window));
    fprintf(f, "    <data key=\"g_min_weight\">%ld</data>\n", g->opt.min_weight);
    fprintf(f, "    <data key=\"g_min_docs\">%ld</data>\n", g->opt.min_docs);
    fprintf(f, "    <data key=\"g_documents\">%zu</data>\n", g->ndocs);
    fputs("    <data key=\"g_dictionaries\">", f);
    for (size_t i = 0; i < d->nsources; i++) {
        if (i) fputc(' ', f);
        eg_xml_escape(f, d->sources[i], strlen(d->sources[i]));
    }
    fputs("</data>\n", f);
    for (size_t i = 0; i < g->nn; i++) {
        const eg_gnode *n = &g->nodes[i];
        const eg_entity *e = &d->ents[n->entity];
        int r, gg, b;
        eg_type_color(e->type, &r, &gg, &b);
        fputs("    <node id=\"", f);
        eg_xml_escape(f, e->id, strlen(e->id));
        fputs("\">\n      <data key=\"v_label\">", f);
        eg_xml_escape(f, e->label, strlen(e->label));
        fputs("</data>\n      <data key=\"v_type\">", f);
        eg_xml_escape(f, e->type, strlen(e->type));
        fprintf(f, "</data>\n      <data key=\"v_mentions\">%ld</data>\n", n->mentions);
        fprintf(f, "      <data key=\"v_docs\">%ld</data>\n", n->docs);
        fprintf(f, "      <data key=\"v_degree\">%ld</data>\n", n->degree);
        fputs("      <data key=\"v_strength\">", f); num(f, n->strength); fputs("</data>\n", f);
        fputs("      <data key=\"v_pagerank\">", f); num(f, n->pagerank); fputs("</data>\n", f);
        fprintf(f, "      <data key=\"v_community\">%ld</data>\n", n->community);
        fputs("      <data key=\"v_size\">", f); num(f, eg_node_size(n->mentions)); fputs("</data>\n", f);
        fprintf(f, "      <data key=\"v_r\">%d</data>\n      <data key=\"v_g\">%d</data>\n      <data key=\"v_b\">%d</data>\n", r, gg, b);
        if (g->dated && n->first_day != EG_NO_DAY) {
            char a[11], bb[11];
            eg_day_format(n->first_day, a);
            eg_day_format(n->last_day, bb);
            fprintf(f, "      <data key=\"v_first_seen\">%s</data>\n      <data key=\"v_last_seen\">%s</data>\n", a, bb);
        }
        fputs("    </node>\n", f);
    }
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        const char *s = d->ents[g->nodes[ed->u].entity].id, *t = d->ents[g->nodes[ed->v].entity].id;
        fprintf(f, "    <edge id=\"e%zu\" source=\"", i);
        eg_xml_escape(f, s, strlen(s));
        fputs("\" target=\"", f);
        eg_xml_escape(f, t, strlen(t));
        fprintf(f, "\">\n      <data key=\"e_weight\">%ld</data>\n      <data key=\"e_docs\">%ld</data>\n", ed->weight, ed->docs);
        fputs("      <data key=\"e_doc_ids\">", f);
        const char *ids = g->strs.data + ed->doc_ids;
        eg_xml_escape(f, ids, strlen(ids));
        fputs("</data>\n", f);
        if (g->dated && ed->first_day != EG_NO_DAY) {
            char a[11], bb[11];
            eg_day_format(ed->first_day, a);
            eg_day_format(ed->last_day, bb);
            fprintf(f, "      <data key=\"e_first_seen\">%s</data>\n      <data key=\"e_last_seen\">%s</data>\n", a, bb);
        }
        fputs("    </edge>\n", f);
    }
    fputs("  </graph>\n</graphml>\n", f);
    return 0;
}
