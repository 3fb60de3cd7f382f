/* graph_internal.h - the built graph as plain arrays, shared by graph.c
 * (igraph side) and the exporters (which never see igraph). */
#ifndef EG_GRAPH_INTERNAL_H
#define EG_GRAPH_INTERNAL_H
#include "internal.h"

typedef struct eg_gnode {
    uint32_t entity;
    long mentions, docs, degree, community;
    double strength, pagerank;
} eg_gnode;

typedef struct eg_gedge {
    uint32_t u, v;       /* node indexes, u < v */
    long weight, docs;
} eg_gedge;

struct eg_graph {
    const eg_dict *d;     /* borrowed */
    eg_graph_options opt;
    eg_window window;     /* the counts' window */
    eg_gnode *nodes; size_t nn;
    eg_gedge *edges; size_t ne;
    size_t ndocs, ncommunities;
};

/* Visual encoding shared by the exporters. */
void eg_type_color(const char *type, int *r, int *g, int *b);
double eg_node_size(long mentions);

int eg_write_graphml(const eg_graph *g, FILE *out);
int eg_write_dot(const eg_graph *g, FILE *out);
#endif
