/*
 * export_dot.c - DOT writer for Graphviz.
 *
 * Every ID and string is quoted and escaped (so "C:\New", "\N", quotes or
 * "&amp;" print literally: Graphviz decodes entities, so '&' is written as
 * "&amp;"), node IDs are entity ids, numbers are fixed-point (never
 * e-notation), and the defaults suit a co-mention network: sfdp layout,
 * overlap removal, edges drawn first, fill colour by type, node size from
 * mentions, penwidth from weight (clamped to 0.5..8).  With a layout, the
 * nodes are pinned at their coordinates (pos, in points) for neato -n.
 * Every other attribute is the graph's (export_common.c), quoted.
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <math.h>
#include <string.h>

/* Fixed-point with trailing zeros trimmed, e.g. 0.75, 12, 0.0001. */
static void fixed(FILE *f, double x)
{
    if (!isfinite(x)) x = 0;
    char buf[64];
    snprintf(buf, sizeof buf, "%.4f", x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0') *e-- = 0;
        if (e == dot) *e = 0;
    }
    if (!strcmp(buf, "-0")) strcpy(buf, "0");
    fputs(buf, f);
}

static void q(FILE *f, const char *s)
{
    fputc('"', f);
    eg_dot_escape(f, s, strlen(s));
    fputc('"', f);
}

/* Data attributes DOT gets as they are; the rest become Graphviz's own
 * (label, tooltip, fillcolor, width, pos).  "weight" means something to
 * Graphviz layouts, so an edge's weight is written under its measure's
 * name (count, pmi...) only. */
static bool node_data(int id)
{
    return !(id == EG_NA_LABEL || id == EG_NA_TYPE || id == EG_NA_SIZE || id == EG_NA_R || id == EG_NA_G ||
             id == EG_NA_B || id == EG_NA_X || id == EG_NA_Y);
}

static void qattr(FILE *f, const char *name, const eg_value *v)
{
    if (!v->present) return;
    fprintf(f, ", %s=", name);
    q(f, v->text);
}

int eg_write_dot(const eg_graph *g, FILE *f)
{
    const eg_dict *d = g->d;
    eg_attr ga[EG_MAX_ATTRS], na[EG_MAX_ATTRS], ea[EG_MAX_ATTRS];
    size_t nga = eg_graph_attrs(g, ga), nna = eg_node_attrs(g, na), nea = eg_edge_attrs(g, ea);
    eg_value v;
    fprintf(f, "// entgraph %s co-mention graph:", EG_VERSION);
    for (size_t k = 0; k < nga; k++) {
        if (ga[k].id == EG_GA_GENERATOR || ga[k].id == EG_GA_DICTIONARIES) continue;
        eg_graph_value(g, &ga[k], &v);
        if (!v.present) continue;
        fprintf(f, " %s=", ga[k].name);
        eg_comment_escape(f, v.text, strlen(v.text));
    }
    fputc('\n', f);
    fputs("// dictionaries:", f);
    for (size_t i = 0; i < d->nsources; i++) { fputc(' ', f); eg_comment_escape(f, d->sources[i], strlen(d->sources[i])); }
    fputs("\ngraph \"entgraph\" {\n", f);
    if (g->has_layout)   /* placed: draw with neato -n (positions in points) */
        fputs("  graph [layout=\"neato\", outputorder=\"edgesfirst\", splines=\"false\", fontname=\"Helvetica\", bgcolor=\"white\"];\n", f);
    else
        fputs("  graph [layout=\"sfdp\", overlap=\"prism\", overlap_scaling=\"-4\", outputorder=\"edgesfirst\", "
              "splines=\"false\", fontname=\"Helvetica\", bgcolor=\"white\"];\n", f);
    fputs("  node [shape=\"circle\", style=\"filled\", fixedsize=\"shape\", fontname=\"Helvetica\", "
          "fontcolor=\"black\", penwidth=\"0.5\", color=\"#333333\"];\n", f);
    fputs("  edge [color=\"#55555566\"];\n", f);
    double maxw = 0;
    for (size_t i = 0; i < g->ne; i++) if (g->edges[i].weight > maxw) maxw = g->edges[i].weight;
    for (size_t i = 0; i < g->nn; i++) {
        const eg_gnode *n = &g->nodes[i];
        const eg_entity *e = &d->ents[n->entity];
        int r, gg, b;
        eg_entity_color(e, &r, &gg, &b);
        fputs("  ", f); q(f, e->id);
        fputs(" [label=", f); q(f, e->label);
        fputs(", tooltip=", f); q(f, e->type);
        /* the circle's area grows with mentions; the label is not fitted
         * into it (fixedsize=shape) so long names don't inflate nodes */
        double lm = log2((double)(n->mentions > 0 ? n->mentions : 1));
        fprintf(f, ", fillcolor=\"#%02x%02x%02xcc\", width=\"", r, gg, b);
        fixed(f, 0.25 + 0.2 * lm);
        fputs("\", fontsize=\"", f);
        fixed(f, 10 + 2 * lm);
        fputc('"', f);
        if (g->has_layout) {
            fputs(", pos=\"", f);
            fixed(f, n->x);
            fputc(',', f);
            fixed(f, n->y);
            fputs("!\"", f);
        }
        for (size_t k = 0; k < nna; k++) {
            if (!node_data(na[k].id)) continue;
            eg_node_value(g, i, &na[k], &v);
            qattr(f, na[k].name, &v);
        }
        fputs("];\n", f);
    }
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        double pw = maxw > 0 ? 0.5 + 7.5 * log1p(ed->weight) / log1p(maxw) : 0.5;
        if (!(pw >= 0.5)) pw = 0.5;
        if (pw > 8) pw = 8;
        fputs("  ", f); q(f, d->ents[g->nodes[ed->u].entity].id);
        fputs(" -- ", f); q(f, d->ents[g->nodes[ed->v].entity].id);
        fputs(" [penwidth=\"", f);
        fixed(f, pw);
        fputc('"', f);
        for (size_t k = 0; k < nea; k++) {
            if (ea[k].id == EG_EA_WEIGHT) continue;
            eg_edge_value(g, i, &ea[k], &v);
            qattr(f, ea[k].name, &v);
        }
        fputs("];\n", f);
    }
    fputs("}\n", f);
    return 0;
}
