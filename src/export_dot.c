/*
 * export_dot.c - DOT writer for Graphviz.
 *
 * Every ID and string is quoted and escaped (so "C:\New", "\N", quotes or
 * "&amp;" print literally: Graphviz decodes entities, so '&' is written as
 * "&amp;"), node IDs are entity ids, numbers are fixed-point (never
 * e-notation), and the defaults suit a co-mention network: sfdp layout,
 * overlap removal, edges drawn first, fill colour by type, node size from
 * mentions, penwidth from weight (clamped to 0.5..8).
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

int eg_write_dot(const eg_graph *g, FILE *f)
{
    const eg_dict *d = g->d;
    const char *win = eg_window_name(g->window);
    fprintf(f, "// entgraph %s co-mention graph: window=%s min_weight=%ld min_docs=%ld documents=%zu",
            EG_VERSION, win, g->opt.min_weight, g->opt.min_docs, g->ndocs);
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
    fputc('\n', f);
    fputs("// dictionaries:", f);
    for (size_t i = 0; i < d->nsources; i++) { fputc(' ', f); eg_comment_escape(f, d->sources[i], strlen(d->sources[i])); }
    fputs("\ngraph \"entgraph\" {\n", f);
    fputs("  graph [layout=\"sfdp\", overlap=\"prism\", overlap_scaling=\"-4\", outputorder=\"edgesfirst\", "
          "splines=\"false\", fontname=\"Helvetica\", bgcolor=\"white\"];\n", f);
    fputs("  node [shape=\"circle\", style=\"filled\", fixedsize=\"shape\", fontname=\"Helvetica\", "
          "fontcolor=\"black\", penwidth=\"0.5\", color=\"#333333\"];\n", f);
    fputs("  edge [color=\"#55555566\"];\n", f);
    double maxw = 1;
    for (size_t i = 0; i < g->ne; i++) if (g->edges[i].weight > maxw) maxw = (double)g->edges[i].weight;
    for (size_t i = 0; i < g->nn; i++) {
        const eg_gnode *n = &g->nodes[i];
        const eg_entity *e = &d->ents[n->entity];
        int r, gg, b;
        eg_type_color(e->type, &r, &gg, &b);
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
        fprintf(f, "\", mentions=\"%ld\", community=\"%ld\"", n->mentions, n->community);
        if (g->dated && n->first_day != EG_NO_DAY) {
            char a[11], z[11];
            eg_day_format(n->first_day, a);
            eg_day_format(n->last_day, z);
            fprintf(f, ", first_seen=\"%s\", last_seen=\"%s\"", a, z);
        }
        fputs("];\n", f);
    }
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        double pw = 0.5 + 7.5 * log1p((double)ed->weight) / log1p(maxw);
        if (pw < 0.5) pw = 0.5;
        if (pw > 8) pw = 8;
        fputs("  ", f); q(f, d->ents[g->nodes[ed->u].entity].id);
        fputs(" -- ", f); q(f, d->ents[g->nodes[ed->v].entity].id);
        fprintf(f, " [cooc=\"%ld\", docs=\"%ld\", penwidth=\"", ed->weight, ed->docs);
        fixed(f, pw);
        fputs("\", doc_ids=", f);
        q(f, g->strs.data + ed->doc_ids);
        if (g->dated && ed->first_day != EG_NO_DAY) {
            char a[11], b[11];
            eg_day_format(ed->first_day, a);
            eg_day_format(ed->last_day, b);
            fprintf(f, ", first_seen=\"%s\", last_seen=\"%s\"", a, b);
        }
        fputs("];\n", f);
    }
    fputs("}\n", f);
    return 0;
}
