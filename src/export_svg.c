/*
 * export_svg.c - the graph drawn as SVG by entgraph itself (no Graphviz):
 * at the layout's coordinates (--layout; a circle when the graph has
 * none), y pointing up as in Gephi; edges first, as lines whose width grows
 * with the weight (0.5 to 8, log scale, as DOT's penwidth); nodes as circles
 * filled by type and sized by mentions (as in DOT); labels centred on them;
 * a <title> on every node and edge, so a browser shows the entity, its
 * counts and measures on hover.  Used for .svg outputs and inline in the
 * HTML report (class and data-id attributes let the page find them).
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <math.h>
#include <string.h>

#define SVG_MAX_SIDE 1200.0   /* the drawing's larger side, in pixels */

static double radius(const eg_gnode *n)
{
    double lm = log2((double)(n->mentions > 0 ? n->mentions : 1));
    return 36.0 * (0.25 + 0.2 * lm);   /* half DOT's width, in points */
}

static double font(const eg_gnode *n)
{
    return 10 + 2 * log2((double)(n->mentions > 0 ? n->mentions : 1));
}

static void pos(const eg_graph *g, size_t i, double *x, double *y)
{
    if (g->has_layout) { *x = g->nodes[i].x; *y = -g->nodes[i].y; return; }
    /* no layout: a circle, in node order */
    double r = 40.0 * (double)g->nn / (2 * M_PI) + 60;
    double a = g->nn ? 2 * M_PI * (double)i / (double)g->nn : 0;
    *x = r * cos(a);
    *y = r * sin(a);
}

static void num(FILE *f, double x)
{
    char b[32];
    snprintf(b, sizeof b, "%.2f", isfinite(x) ? x : 0.0);
    if (!strcmp(b, "-0.00")) strcpy(b, "0.00");
    fputs(b, f);
}

static void text(FILE *f, const char *s) { eg_xml_escape(f, s, strlen(s)); }

int eg_write_svg_element(const eg_graph *g, FILE *f, bool standalone)
{
    const eg_dict *d = g->d;
    double minx = 0, maxx = 0, miny = 0, maxy = 0;
    for (size_t i = 0; i < g->nn; i++) {
        double x, y, r = radius(&g->nodes[i]) + 4;
        pos(g, i, &x, &y);
        /* room for the label: about 0.3 em per character each side */
        double half = fmax(r, 0.3 * font(&g->nodes[i]) * (double)strlen(d->ents[g->nodes[i].entity].label));
        if (!i || x - half < minx) minx = x - half;
        if (!i || x + half > maxx) maxx = x + half;
        if (!i || y - r < miny) miny = y - r;
        if (!i || y + r > maxy) maxy = y + r;
    }
    double w = maxx - minx + 20, h = maxy - miny + 20;
    if (w < 100) w = 100;
    if (h < 60) h = 60;
    double k = SVG_MAX_SIDE / fmax(w, h);
    if (k > 1) k = 1;
    if (standalone) fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eg-graph\" width=\"", f);
    num(f, w * k);
    fputs("\" height=\"", f);
    num(f, h * k);
    fputs("\" viewBox=\"", f);
    num(f, minx - 10); fputc(' ', f); num(f, miny - 10); fputc(' ', f); num(f, w); fputc(' ', f); num(f, h);
    fputs("\" font-family=\"Helvetica, Arial, sans-serif\">\n", f);
    fprintf(f, "<desc>entgraph %s: %zu nodes, %zu edges</desc>\n", EG_VERSION, g->nn, g->ne);
    double maxw = 0;
    for (size_t i = 0; i < g->ne; i++) if (g->edges[i].weight > maxw) maxw = g->edges[i].weight;
    fputs("<g class=\"edges\" stroke=\"#555555\" stroke-opacity=\"0.4\" stroke-linecap=\"round\">\n", f);
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        double x1, y1, x2, y2;
        pos(g, ed->u, &x1, &y1);
        pos(g, ed->v, &x2, &y2);
        double sw = maxw > 0 ? 0.5 + 7.5 * log1p(ed->weight) / log1p(maxw) : 0.5;
        if (!(sw >= 0.5)) sw = 0.5;
        if (sw > 8) sw = 8;
        const eg_entity *a = &d->ents[g->nodes[ed->u].entity], *b = &d->ents[g->nodes[ed->v].entity];
        fputs("<line class=\"edge\" x1=\"", f); num(f, x1);
        fputs("\" y1=\"", f); num(f, y1);
        fputs("\" x2=\"", f); num(f, x2);
        fputs("\" y2=\"", f); num(f, y2);
        fputs("\" stroke-width=\"", f); num(f, sw);
        fputs("\"><title>", f);
        text(f, a->label);
        fputs(" \xE2\x80\x94 ", f);
        text(f, b->label);
        char wb[32];
        eg_format_double(wb, sizeof wb, ed->weight);
        fprintf(f, ": %s %s, %ld window%s, %ld document%s</title></line>\n", eg_measure_name(g->opt.measure), wb,
                ed->count, ed->count == 1 ? "" : "s", ed->docs, ed->docs == 1 ? "" : "s");
    }
    fputs("</g>\n<g class=\"nodes\" stroke=\"#333333\" stroke-width=\"0.5\">\n", f);
    for (size_t i = 0; i < g->nn; i++) {
        const eg_gnode *n = &g->nodes[i];
        const eg_entity *e = &d->ents[n->entity];
        int r, gg, b;
        eg_entity_color(e, &r, &gg, &b);
        double x, y;
        pos(g, i, &x, &y);
        fputs("<circle class=\"node\" data-id=\"", f);
        text(f, e->id);
        fputs("\" cx=\"", f); num(f, x);
        fputs("\" cy=\"", f); num(f, y);
        fputs("\" r=\"", f); num(f, radius(n));
        fprintf(f, "\" fill=\"#%02x%02x%02x\" fill-opacity=\"0.8\"><title>", r, gg, b);
        text(f, e->label);
        fputs(" (", f);
        text(f, e->id);
        fputs(", ", f);
        text(f, e->type);
        fprintf(f, "): %ld mention%s in %ld document%s, degree %ld", n->mentions, n->mentions == 1 ? "" : "s",
                n->docs, n->docs == 1 ? "" : "s", n->degree);
        if (g->opt.community != EG_COMMUNITY_NONE) fprintf(f, ", community %ld", n->community);
        fputs("</title></circle>\n", f);
    }
    fputs("</g>\n<g class=\"labels\" text-anchor=\"middle\" fill=\"#000000\" pointer-events=\"none\">\n", f);
    for (size_t i = 0; i < g->nn; i++) {
        double x, y;
        pos(g, i, &x, &y);
        fputs("<text x=\"", f); num(f, x);
        fputs("\" y=\"", f); num(f, y + font(&g->nodes[i]) * 0.35);
        fputs("\" font-size=\"", f); num(f, font(&g->nodes[i]));
        fputs("\">", f);
        text(f, d->ents[g->nodes[i].entity].label);
        fputs("</text>\n", f);
    }
    fputs("</g>\n</svg>\n", f);
    return 0;
}

int eg_write_svg(const eg_graph *g, FILE *f) { return eg_write_svg_element(g, f, true); }
