/*
 * export_gexf.c - GEXF 1.3 writer for Gephi (and graphology-gexf).
 *
 * Static by default; a graph built with a timeline (graph --by with a
 * .gexf output) is one dynamic graph: timeformat "date", every node and
 * edge with the spells of the periods it occurs in (start and end days,
 * inclusive), and its mentions / weight per period as dynamic attribute
 * values, so Gephi's timeline plays the corpus.  Follows the profile that
 * validates against the GEXF 1.3 RelaxNG schema: nodes before edges, counts
 * on <nodes>/<edges>, no xsi:schemaLocation, viz:color with "a", viz:size.
 * The node type is "entity_type" (sigma reads "type" as a renderer name);
 * the other attributes are the graph's (export_common.c), as in GraphML;
 * a layout's coordinates are viz:position.
 * Text is escaped as in the GraphML writer; numbers never NaN or Inf; bytes
 * deterministic (no generation date).
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <string.h>

static const char *type_name(eg_attr_type t)
{
    return t == EG_AT_STRING ? "string" : t == EG_AT_INT ? "integer" : t == EG_AT_LONG ? "long" : t == EG_AT_BOOL ? "boolean" : "double";
}

/* GEXF has its own places for these: the label attribute, the edge's
 * weight, viz:color, viz:size and viz:position. */
static bool node_builtin(int id)
{
    return id == EG_NA_LABEL || id == EG_NA_SIZE || id == EG_NA_R || id == EG_NA_G || id == EG_NA_B ||
           id == EG_NA_X || id == EG_NA_Y;
}

/* The attribute's GEXF id: "type" is "entity_type" (sigma reads "type" as
 * a renderer name); on a timeline the totals are "mentions_total". */
static const char *node_attr_id(const eg_attr *a, bool dyn)
{
    if (a->id == EG_NA_TYPE) return "entity_type";
    if (dyn && a->id == EG_NA_MENTIONS) return "mentions_total";
    return a->name;
}

static void attr(FILE *f, const char *id, const char *type)
{
    fprintf(f, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", id, id, type);
}

static void attvalue(FILE *f, const char *id, const eg_value *v)
{
    if (!v->present) return;
    fprintf(f, "          <attvalue for=\"%s\" value=\"", id);
    eg_xml_escape(f, v->text, strlen(v->text));
    fputs("\"/>\n", f);
}

static void spells(FILE *f, const eg_graph *g, uint32_t first, uint32_t n, const char *dyn_attr, bool values)
{
    if (!n) return;
    if (values) {
        for (uint32_t k = 0; k < n; k++) {
            const eg_spell *s = &g->spells[first + k];
            char a[11], b[11], num[32];
            eg_day_format(s->start, a);
            eg_day_format(s->end, b);
            eg_format_double(num, sizeof num, s->value);
            fprintf(f, "          <attvalue for=\"%s\" value=\"%s\" start=\"%s\" end=\"%s\"/>\n", dyn_attr, num, a, b);
        }
        return;
    }
    fputs("        <spells>\n", f);
    for (uint32_t k = 0; k < n; k++) {
        const eg_spell *s = &g->spells[first + k];
        char a[11], b[11];
        eg_day_format(s->start, a);
        eg_day_format(s->end, b);
        fprintf(f, "          <spell start=\"%s\" end=\"%s\"/>\n", a, b);
    }
    fputs("        </spells>\n", f);
}

int eg_write_gexf(const eg_graph *g, FILE *f)
{
    const eg_dict *d = g->d;
    bool dyn = g->timeline;
    eg_attr ga[EG_MAX_ATTRS], na[EG_MAX_ATTRS], ea[EG_MAX_ATTRS];
    size_t nga = eg_graph_attrs(g, ga), nna = eg_node_attrs(g, na), nea = eg_edge_attrs(g, ea);
    eg_value v;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n", f);
    fprintf(f, "  <meta>\n    <creator>entgraph %s</creator>\n    <description>entity co-mention graph:", EG_VERSION);
    /* GEXF has no graph attributes: they go in the description */
    for (size_t k = 0; k < nga; k++) {
        if (ga[k].id == EG_GA_GENERATOR) continue;
        eg_graph_value(g, &ga[k], &v);
        if (!v.present) continue;
        fprintf(f, " %s=", ga[k].name);
        if (ga[k].id != EG_GA_DICTIONARIES) { eg_xml_escape(f, v.text, strlen(v.text)); continue; }
        for (size_t i = 0; i < d->nsources; i++) {
            if (i) fputc(' ', f);
            eg_xml_escape(f, d->sources[i], strlen(d->sources[i]));
        }
    }
    fputs("</description>\n  </meta>\n", f);
    if (dyn) fputs("  <graph defaultedgetype=\"undirected\" mode=\"dynamic\" timeformat=\"date\">\n", f);
    else fputs("  <graph defaultedgetype=\"undirected\" mode=\"static\">\n", f);
    /* attributes: one block per class (graphology-gexf, the parser of
     * Gephi Lite, keeps only the last block of a class); on a timeline the
     * block is dynamic, and the totals simply have no time bounds */
    fputs(dyn ? "    <attributes class=\"node\" mode=\"dynamic\">\n" : "    <attributes class=\"node\">\n", f);
    for (size_t k = 0; k < nna; k++)
        if (!node_builtin(na[k].id)) attr(f, node_attr_id(&na[k], dyn), type_name(na[k].type));
    if (dyn) attr(f, "mentions", "long");
    fputs("    </attributes>\n", f);
    fputs(dyn ? "    <attributes class=\"edge\" mode=\"dynamic\">\n" : "    <attributes class=\"edge\">\n", f);
    for (size_t k = 0; k < nea; k++)
        if (ea[k].id != EG_EA_WEIGHT) attr(f, ea[k].name, type_name(ea[k].type));
    if (dyn) attr(f, "weight", "double");
    fputs("    </attributes>\n", f);
    fprintf(f, "    <nodes count=\"%zu\">\n", g->nn);
    for (size_t i = 0; i < g->nn; i++) {
        const eg_gnode *n = &g->nodes[i];
        const eg_entity *e = &d->ents[n->entity];
        int r, gg, b;
        eg_entity_color(e, &r, &gg, &b);
        fputs("      <node id=\"", f);
        eg_xml_escape(f, e->id, strlen(e->id));
        fputs("\" label=\"", f);
        eg_xml_escape(f, e->label, strlen(e->label));
        fputs("\">\n        <attvalues>\n", f);
        for (size_t k = 0; k < nna; k++) {
            if (node_builtin(na[k].id)) continue;
            eg_node_value(g, i, &na[k], &v);
            attvalue(f, node_attr_id(&na[k], dyn), &v);
        }
        if (dyn) spells(f, g, n->spell, n->nspell, "mentions", true);
        fputs("        </attvalues>\n", f);
        if (dyn) spells(f, g, n->spell, n->nspell, NULL, false);
        char num[32];
        eg_format_double(num, sizeof num, eg_node_size(n->mentions));
        fprintf(f, "        <viz:color r=\"%d\" g=\"%d\" b=\"%d\" a=\"1.0\"/>\n", r, gg, b);
        if (g->has_layout) {
            char x[32], y[32];
            eg_format_double(x, sizeof x, n->x);
            eg_format_double(y, sizeof y, n->y);
            fprintf(f, "        <viz:position x=\"%s\" y=\"%s\" z=\"0\"/>\n", x, y);
        }
        fprintf(f, "        <viz:size value=\"%s\"/>\n      </node>\n", num);
    }
    fputs("    </nodes>\n", f);
    fprintf(f, "    <edges count=\"%zu\">\n", g->ne);
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        const char *s = d->ents[g->nodes[ed->u].entity].id, *t = d->ents[g->nodes[ed->v].entity].id;
        char w[32];
        eg_format_double(w, sizeof w, ed->weight);
        fprintf(f, "      <edge id=\"e%zu\" source=\"", i);
        eg_xml_escape(f, s, strlen(s));
        fputs("\" target=\"", f);
        eg_xml_escape(f, t, strlen(t));
        fprintf(f, "\" weight=\"%s\">\n        <attvalues>\n", w);
        for (size_t k = 0; k < nea; k++) {
            if (ea[k].id == EG_EA_WEIGHT) continue;
            eg_edge_value(g, i, &ea[k], &v);
            attvalue(f, ea[k].name, &v);
        }
        if (dyn) spells(f, g, ed->spell, ed->nspell, "weight", true);
        fputs("        </attvalues>\n", f);
        if (dyn) spells(f, g, ed->spell, ed->nspell, NULL, false);
        fputs("      </edge>\n", f);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", f);
    return 0;
}
