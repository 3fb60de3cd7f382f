/*
 * export_common.c - what every exporter shares: the colour palette by
 * entity type, node sizes, locale-independent number formatting, and
 * format dispatch.
 *
 * Palette (ColorBrewer Set1, colour-blind tolerant): country blue
 * (55,126,184), agency red (228,26,28), organization green (77,175,74),
 * person purple (152,78,163), anything else orange (255,127,0).
 */
#include "graph_internal.h"
#include <math.h>
#include <string.h>

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

/* Gephi node size: 10 for a single mention, growing with log2(mentions). */
double eg_node_size(long mentions)
{
    return 10.0 + 5.0 * log2(1.0 + (double)(mentions > 0 ? mentions - 1 : 0));
}

static const char *const format_names[EG_FORMAT_COUNT] = { [EG_FORMAT_GRAPHML] = "graphml", [EG_FORMAT_DOT] = "dot", [EG_FORMAT_GEXF] = "gexf" };

const char *eg_format_name(eg_format f) { return (unsigned)f < EG_FORMAT_COUNT ? format_names[f] : "?"; }

int eg_format_from_name(const char *name, eg_format *out)
{
    for (int f = 0; f < EG_FORMAT_COUNT; f++)
        if (!strcmp(name, format_names[f])) { *out = (eg_format)f; return 0; }
    return EG_EUSAGE;
}

int eg_graph_write(const eg_graph *g, eg_format f, FILE *out)
{
    switch (f) {
    case EG_FORMAT_GRAPHML: return eg_write_graphml(g, out);
    case EG_FORMAT_DOT: return eg_write_dot(g, out);
    case EG_FORMAT_GEXF: return eg_write_gexf(g, out);
    default: return EG_EUSAGE;
    }
}
