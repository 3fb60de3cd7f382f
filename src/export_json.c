/*
 * export_json.c - the two JSON graph formats.
 *
 * graphology's serialisation (.json), which Graph.from() / graph.import()
 * read and Gephi Lite and sigma.js draw: {"attributes": {graph
 * attributes}, "options": {"type": "undirected", "multi": false,
 * "allowSelfLoops": false}, "nodes": [{"key", "attributes"}], "edges":
 * [{"key", "source", "target", "undirected": true, "attributes"}]}.  A node
 * carries what sigma draws -- label, size, color ("#rrggbb"), x and y when
 * the graph has a layout -- and every other attribute; the entity type is
 * "entity_type", since sigma reads "type" as the name of a renderer.
 *
 * Cytoscape.js elements (.cyjs): {"data": {graph attributes}, "elements":
 * {"nodes": [{"data": {"id", ...}, "position": {x, y}}], "edges": [{"data":
 * {"id", "source", "target", ...}}]}}.
 *
 * Numbers are JSON numbers (integers as such, reals with 12 significant
 * digits, never NaN or Inf), strings valid UTF-8, output deterministic.
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <string.h>

static void str(FILE *f, const char *s)
{
    fputc('"', f);
    eg_json_escape(f, s, strlen(s));
    fputc('"', f);
}

/* ,"name":value  (nothing when absent) */
static void member(FILE *f, bool *first, const char *name, const eg_attr *a, const eg_value *v)
{
    if (!v->present) return;
    fputs(*first ? "" : ",", f);
    *first = false;
    str(f, name);
    fputc(':', f);
    if (a->type == EG_AT_STRING) str(f, v->text);
    else fputs(v->text, f);
}

static void graph_attributes(const eg_graph *g, FILE *f)
{
    eg_attr ga[EG_MAX_ATTRS];
    size_t n = eg_graph_attrs(g, ga);
    eg_value v;
    bool first = true;
    fputc('{', f);
    for (size_t k = 0; k < n; k++) {
        eg_graph_value(g, &ga[k], &v);
        if (ga[k].id != EG_GA_DICTIONARIES) { member(f, &first, ga[k].name, &ga[k], &v); continue; }
        fputs(first ? "" : ",", f);
        first = false;
        fputs("\"dictionaries\":[", f);
        for (size_t i = 0; i < g->d->nsources; i++) { if (i) fputc(',', f); str(f, g->d->sources[i]); }
        fputc(']', f);
    }
    fputc('}', f);
}

/* Node attributes: everything, with r/g/b folded into "color" for sigma. */
static void node_members(const eg_graph *g, size_t i, const eg_attr *na, size_t nna, bool *first, FILE *f)
{
    eg_value v;
    for (size_t k = 0; k < nna; k++) {
        if (na[k].id == EG_NA_R || na[k].id == EG_NA_G || na[k].id == EG_NA_B) continue;
        eg_node_value(g, i, &na[k], &v);
        member(f, first, na[k].name, &na[k], &v);
    }
    int r, gg, b;
    eg_entity_color(&g->d->ents[g->nodes[i].entity], &r, &gg, &b);
    fprintf(f, "%s\"color\":\"#%02x%02x%02x\"", *first ? "" : ",", r, gg, b);
    *first = false;
}

int eg_write_json(const eg_graph *g, bool cytoscape, FILE *f)
{
    const eg_dict *d = g->d;
    eg_attr na[EG_MAX_ATTRS], ea[EG_MAX_ATTRS];
    size_t nna = eg_node_attrs(g, na), nea = eg_edge_attrs(g, ea);
    eg_value v;
    if (!cytoscape) {
        fputs("{\"attributes\":", f);
        graph_attributes(g, f);
        fputs(",\n\"options\":{\"type\":\"undirected\",\"multi\":false,\"allowSelfLoops\":false},\n\"nodes\":[", f);
        for (size_t i = 0; i < g->nn; i++) {
            fputs(i ? ",\n" : "\n", f);
            fputs("{\"key\":", f);
            str(f, d->ents[g->nodes[i].entity].id);
            fputs(",\"attributes\":{", f);
            bool first = true;
            node_members(g, i, na, nna, &first, f);
            fputs("}}", f);
        }
        fputs("],\n\"edges\":[", f);
        for (size_t i = 0; i < g->ne; i++) {
            const eg_gedge *ed = &g->edges[i];
            fprintf(f, "%s{\"key\":\"e%zu\",\"source\":", i ? ",\n" : "\n", i);
            str(f, d->ents[g->nodes[ed->u].entity].id);
            fputs(",\"target\":", f);
            str(f, d->ents[g->nodes[ed->v].entity].id);
            fputs(",\"undirected\":true,\"attributes\":{", f);
            bool first = true;
            for (size_t k = 0; k < nea; k++) { eg_edge_value(g, i, &ea[k], &v); member(f, &first, ea[k].name, &ea[k], &v); }
            fputs("}}", f);
        }
        fputs("]}\n", f);
        return 0;
    }
    fputs("{\"data\":", f);
    graph_attributes(g, f);
    fputs(",\n\"elements\":{\"nodes\":[", f);
    for (size_t i = 0; i < g->nn; i++) {
        fputs(i ? ",\n" : "\n", f);
        fputs("{\"data\":{\"id\":", f);
        str(f, d->ents[g->nodes[i].entity].id);
        bool first = false;
        node_members(g, i, na, nna, &first, f);
        fputc('}', f);
        if (g->has_layout) {
            char x[32], y[32];
            eg_format_double(x, sizeof x, g->nodes[i].x);
            eg_format_double(y, sizeof y, -g->nodes[i].y);   /* screen coordinates: y grows downwards */
            fprintf(f, ",\"position\":{\"x\":%s,\"y\":%s}", x, y);
        }
        fputc('}', f);
    }
    fputs("],\n\"edges\":[", f);
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        fprintf(f, "%s{\"data\":{\"id\":\"e%zu\",\"source\":", i ? ",\n" : "\n", i);
        str(f, d->ents[g->nodes[ed->u].entity].id);
        fputs(",\"target\":", f);
        str(f, d->ents[g->nodes[ed->v].entity].id);
        bool first = false;
        for (size_t k = 0; k < nea; k++) { eg_edge_value(g, i, &ea[k], &v); member(f, &first, ea[k].name, &ea[k], &v); }
        fputs("}}", f);
    }
    fputs("]}}\n", f);
    return 0;
}
