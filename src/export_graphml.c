/*
 * export_graphml.c - GraphML writer for Gephi, Gephi Lite (graphology),
 * networkx and igraph.
 *
 * Written by hand rather than with igraph_write_graph_graphml because
 * igraph 0.10.2 names nodes n0, n1..., aborts mid-file on control
 * characters and writes Inf.  Here: node id = entity id; keys typed
 * (long for counts, double for scores, int for r/g/b); `label` and `weight`
 * named so Gephi maps them; x and y (with a layout) place the nodes in
 * Gephi and Gephi Lite; text is valid UTF-8 with XML-illegal characters
 * removed; no NaN/Inf; sorted nodes and edges.  The attributes are the
 * graph's (export_common.c): the same in every format.
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <string.h>

static const char *type_name(eg_attr_type t)
{
    return t == EG_AT_STRING ? "string" : t == EG_AT_INT ? "int" : t == EG_AT_LONG ? "long" : t == EG_AT_BOOL ? "boolean" : "double";
}

static void keys(FILE *f, const char *cls, char prefix, const eg_attr *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  <key id=\"%c_%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                prefix, a[i].name, cls, a[i].name, type_name(a[i].type));
}

static void data(FILE *f, const char *indent, char prefix, const eg_attr *a, const eg_value *v)
{
    if (!v->present) return;
    fprintf(f, "%s<data key=\"%c_%s\">", indent, prefix, a->name);
    eg_xml_escape(f, v->text, strlen(v->text));
    fputs("</data>\n", f);
}

int eg_write_graphml(const eg_graph *g, FILE *f)
{
    const eg_dict *d = g->d;
    eg_attr ga[EG_MAX_ATTRS], na[EG_MAX_ATTRS], ea[EG_MAX_ATTRS];
    size_t nga = eg_graph_attrs(g, ga), nna = eg_node_attrs(g, na), nea = eg_edge_attrs(g, ea);
    eg_value v;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
          " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", f);
    keys(f, "graph", 'g', ga, nga);
    keys(f, "node", 'v', na, nna);
    keys(f, "edge", 'e', ea, nea);
    fputs("  <graph id=\"entgraph\" edgedefault=\"undirected\">\n", f);
    for (size_t k = 0; k < nga; k++) {
        eg_graph_value(g, &ga[k], &v);
        if (ga[k].id != EG_GA_DICTIONARIES) { data(f, "    ", 'g', &ga[k], &v); continue; }
        fputs("    <data key=\"g_dictionaries\">", f);
        for (size_t i = 0; i < d->nsources; i++) {
            if (i) fputc(' ', f);
            eg_xml_escape(f, d->sources[i], strlen(d->sources[i]));
        }
        fputs("</data>\n", f);
    }
    for (size_t i = 0; i < g->nn; i++) {
        const eg_entity *e = &d->ents[g->nodes[i].entity];
        fputs("    <node id=\"", f);
        eg_xml_escape(f, e->id, strlen(e->id));
        fputs("\">\n", f);
        for (size_t k = 0; k < nna; k++) { eg_node_value(g, i, &na[k], &v); data(f, "      ", 'v', &na[k], &v); }
        fputs("    </node>\n", f);
    }
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        const char *s = d->ents[g->nodes[ed->u].entity].id, *t = d->ents[g->nodes[ed->v].entity].id;
        fprintf(f, "    <edge id=\"e%zu\" source=\"", i);
        eg_xml_escape(f, s, strlen(s));
        fputs("\" target=\"", f);
        eg_xml_escape(f, t, strlen(t));
        fputs("\">\n", f);
        for (size_t k = 0; k < nea; k++) { eg_edge_value(g, i, &ea[k], &v); data(f, "      ", 'e', &ea[k], &v); }
        fputs("    </edge>\n", f);
    }
    fputs("  </graph>\n</graphml>\n", f);
    return 0;
}
