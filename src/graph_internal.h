/* graph_internal.h - the built graph as plain arrays, shared by graph.c
 * (igraph side) and the writers (which never see igraph). */
#ifndef EG_GRAPH_INTERNAL_H
#define EG_GRAPH_INTERNAL_H
#include "internal.h"

/* A node's or edge's value in one period (a GEXF spell). */
typedef struct eg_spell { int32_t start, end; long value; } eg_spell;

typedef struct eg_gnode {
    uint32_t entity;
    long mentions, docs, degree, community;
    double strength, pagerank;
    int32_t first_day, last_day;      /* EG_NO_DAY when never seen dated */
    uint32_t spell, nspell;           /* in eg_graph.spells (timelines) */
} eg_gnode;

typedef struct eg_gedge {
    uint32_t u, v;       /* node indexes, u < v */
    long weight, docs;
    int32_t first_day, last_day;
    uint32_t pair;       /* the pair's id in the counts (evidence) */
    uint32_t doc_ids;    /* offset in eg_graph.strs: "id;id;..." */
    uint32_t spell, nspell;
} eg_gedge;

struct eg_graph {
    const eg_dict *d;     /* borrowed */
    eg_graph_options opt;
    eg_window window;     /* the counts' window */
    eg_period by;         /* the counts' periods */
    uint32_t period;      /* the period index built, or EG_COOC_WHOLE */
    int32_t period_start; /* its first day (EG_NO_DAY: undated or whole) */
    bool dated;           /* some document had a date: first/last seen are written */
    int32_t first_day, last_day;   /* of the documents used */
    eg_gnode *nodes; size_t nn;
    eg_gedge *edges; size_t ne;
    size_t ndocs, ncommunities;
    eg_buf strs;          /* owned: doc_ids strings */
    eg_spell *spells; size_t nspells, capspells;   /* owned */
    bool timeline;        /* nodes and edges carry spells (dynamic GEXF) */
};

/* Visual encoding shared by the exporters. */
void eg_type_color(const char *type, int *r, int *g, int *b);
double eg_node_size(long mentions);

int eg_write_graphml(const eg_graph *g, FILE *out);
int eg_write_dot(const eg_graph *g, FILE *out);
int eg_write_gexf(const eg_graph *g, FILE *out);
#endif
