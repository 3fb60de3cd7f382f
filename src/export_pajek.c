/*
 * export_pajek.c - Pajek .net, for Pajek, R/igraph (read_graph(format =
 * "pajek")), igraph's C reader and networkx.read_pajek: "*Vertices N", one
 * line per node -- its number (1-based, in node order) and its entity id
 * in quotes --, then "*Edges" with "u v weight".  Pajek has no escape
 * inside quotes, so % " \ and tab, LF, CR in an id are written as %XX
 * (decode %XX to get the id back; other control characters are dropped, as
 * in every format).  Only the id and the weight travel: Pajek
 * has no place for other attributes.
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <string.h>

int eg_write_pajek(const eg_graph *g, FILE *f)
{
    const eg_dict *d = g->d;
    fprintf(f, "*Vertices %zu\r\n", g->nn);
    for (size_t i = 0; i < g->nn; i++) {
        const char *id = d->ents[g->nodes[i].entity].id;
        fprintf(f, "%zu \"", i + 1);
        eg_pajek_escape(f, id, strlen(id));
        fputs("\"\r\n", f);
    }
    fputs("*Edges\r\n", f);
    for (size_t i = 0; i < g->ne; i++) {
        char w[32];
        eg_format_double(w, sizeof w, g->edges[i].weight);
        fprintf(f, "%u %u %s\r\n", g->edges[i].u + 1, g->edges[i].v + 1, w);
    }
    return 0;
}
