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
 * The node type is "entity_type" (sigma reads "type" as a renderer name).
 * Text is escaped as in the GraphML writer; numbers never NaN or Inf; bytes
 * deterministic (no generation date).
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

static void attr(FILE *f, const char *id, const char *type)
{
    fprintf(f, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", id, id, type);
}

static void val_str(FILE *f, const char *id, const char *v)
{
    fprintf(f, "          <attvalue for=\"%s\" value=\"", id);
    eg_xml_escape(f, v, strlen(v));
    fputs("\"/>\n", f);
}

static void val_long(FILE *f, const char *id, long v) { fprintf(f, "          <attvalue for=\"%s\" value=\"%ld\"/>\n", id, v); }

static void val_double(FILE *f, const char *id, double v)
{
    fprintf(f, "          <attvalue for=\"%s\" value=\"", id);
    num(f, v);
    fputs("\"/>\n", f);
}

static void val_day(FILE *f, const char *id, int32_t day)
{
    char b[11];
    eg_day_format(day, b);
    val_str(f, id, b);
}

static void spells(FILE *f, const eg_graph *g, uint32_t first, uint32_t n, const char *dyn_attr, bool values)
{
    if (!n) return;
    if (values) {
        for (uint32_t k = 0; k < n; k++) {
            const eg_spell *s = &g->spells[first + k];
            char a[11], b[11];
            eg_day_format(s->start, a);
            eg_day_format(s->end, b);
            fprintf(f, "          <attvalue for=\"%s\" value=\"%ld\" start=\"%s\" end=\"%s\"/>\n", dyn_attr, s->value, a, b);
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
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n", f);
    fprintf(f, "  <meta>\n    <creator>entgraph %s</creator>\n    <description>", EG_VERSION);
    fprintf(f, "entity co-mention graph: window=%s min_weight=%ld min_docs=%ld documents=%zu",
            eg_window_name(g->window), g->opt.min_weight, g->opt.min_docs, g->ndocs);
    if (g->period != EG_COOC_WHOLE) {
        char pn[32];
        eg_period_name(g->by, g->period_start, pn, sizeof pn);
        fprintf(f, " period=%s", pn);
    }
    if (g->dated && g->first_day != EG_NO_DAY) {
        char a[11], b[11];
        eg_day_format(g->first_day, a);
        eg_day_format(g->last_day, b);
        fprintf(f, " dates=%s..%s", a, b);
    }
    fputs(" dictionaries=", f);
    for (size_t i = 0; i < d->nsources; i++) {
        if (i) fputc(' ', f);
        eg_xml_escape(f, d->sources[i], strlen(d->sources[i]));
    }
    fputs("</description>\n  </meta>\n", f);
    if (dyn) fputs("  <graph defaultedgetype=\"undirected\" mode=\"dynamic\" timeformat=\"date\">\n", f);
    else fputs("  <graph defaultedgetype=\"undirected\" mode=\"static\">\n", f);
    /* attributes: one block per class (graphology-gexf, the parser of
     * Gephi Lite, keeps only the last block of a class); on a timeline the
     * block is dynamic, and the totals simply have no time bounds */
    fputs(dyn ? "    <attributes class=\"node\" mode=\"dynamic\">\n" : "    <attributes class=\"node\">\n", f);
    attr(f, "entity_type", "string");
    attr(f, dyn ? "mentions_total" : "mentions", "long");
    attr(f, "docs", "long");
    attr(f, "degree", "long");
    attr(f, "strength", "double");
    attr(f, "pagerank", "double");
    attr(f, "community", "long");
    if (g->dated) { attr(f, "first_seen", "string"); attr(f, "last_seen", "string"); }
    if (dyn) attr(f, "mentions", "long");
    fputs("    </attributes>\n", f);
    fputs(dyn ? "    <attributes class=\"edge\" mode=\"dynamic\">\n" : "    <attributes class=\"edge\">\n", f);
    attr(f, "docs", "long");
    attr(f, "doc_ids", "string");
    if (g->dated) { attr(f, "first_seen", "string"); attr(f, "last_seen", "string"); }
    if (dyn) attr(f, "weight", "double");
    fputs("    </attributes>\n", f);
    fprintf(f, "    <nodes count=\"%zu\">\n", g->nn);
    for (size_t i = 0; i < g->nn; i++) {
        const eg_gnode *n = &g->nodes[i];
        const eg_entity *e = &d->ents[n->entity];
        int r, gg, b;
        eg_type_color(e->type, &r, &gg, &b);
        fputs("      <node id=\"", f);
        eg_xml_escape(f, e->id, strlen(e->id));
        fputs("\" label=\"", f);
        eg_xml_escape(f, e->label, strlen(e->label));
        fputs("\">\n        <attvalues>\n", f);
        val_str(f, "entity_type", e->type);
        val_long(f, dyn ? "mentions_total" : "mentions", n->mentions);
        val_long(f, "docs", n->docs);
        val_long(f, "degree", n->degree);
        val_double(f, "strength", n->strength);
        val_double(f, "pagerank", n->pagerank);
        val_long(f, "community", n->community);
        if (g->dated && n->first_day != EG_NO_DAY) { val_day(f, "first_seen", n->first_day); val_day(f, "last_seen", n->last_day); }
        if (dyn) spells(f, g, n->spell, n->nspell, "mentions", true);
        fputs("        </attvalues>\n", f);
        if (dyn) spells(f, g, n->spell, n->nspell, NULL, false);
        fprintf(f, "        <viz:color r=\"%d\" g=\"%d\" b=\"%d\" a=\"1.0\"/>\n        <viz:size value=\"", r, gg, b);
        num(f, eg_node_size(n->mentions));
        fputs("\"/>\n      </node>\n", f);
    }
    fputs("    </nodes>\n", f);
    fprintf(f, "    <edges count=\"%zu\">\n", g->ne);
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        const char *s = d->ents[g->nodes[ed->u].entity].id, *t = d->ents[g->nodes[ed->v].entity].id;
        fprintf(f, "      <edge id=\"e%zu\" source=\"", i);
        eg_xml_escape(f, s, strlen(s));
        fputs("\" target=\"", f);
        eg_xml_escape(f, t, strlen(t));
        fprintf(f, "\" weight=\"%ld\">\n        <attvalues>\n", ed->weight);
        val_long(f, "docs", ed->docs);
        val_str(f, "doc_ids", g->strs.data + ed->doc_ids);
        if (g->dated && ed->first_day != EG_NO_DAY) { val_day(f, "first_seen", ed->first_day); val_day(f, "last_seen", ed->last_day); }
        if (dyn) spells(f, g, ed->spell, ed->nspell, "weight", true);
        fputs("        </attvalues>\n", f);
        if (dyn) spells(f, g, ed->spell, ed->nspell, NULL, false);
        fputs("      </edge>\n", f);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", f);
    return 0;
}
