/* graph_internal.h - the built graph as plain arrays, shared by graph.c
 * (igraph side) and the writers (which never see igraph). */
#ifndef EG_GRAPH_INTERNAL_H
#define EG_GRAPH_INTERNAL_H
#include "internal.h"

/* A node's or edge's value in one period (a GEXF spell). */
typedef struct eg_spell { int32_t start, end; double value; } eg_spell;

typedef struct eg_gnode {
    uint32_t entity;
    long mentions, docs, windows;     /* windows: c_i */
    long degree, coreness, community;
    double strength, pagerank, betweenness, eigenvector;
    double x, y;                      /* with a layout */
    int32_t first_day, last_day;      /* EG_NO_DAY when never seen dated */
    uint32_t spell, nspell;           /* in eg_graph.spells (timelines) */
} eg_gnode;

typedef struct eg_gedge {
    uint32_t u, v;       /* node indexes, u < v */
    double weight;       /* the chosen measure */
    double alpha;        /* disparity filter (with a backbone) */
    long count, docs;    /* c_ij, documents */
    int32_t first_day, last_day;
    uint32_t pair;       /* the pair's id in the counts (evidence) */
    uint32_t doc_ids;    /* offset in eg_graph.strs: "id;id;..." */
    uint32_t spell, nspell;
} eg_gedge;

struct eg_graph {
    const eg_dict *d;     /* borrowed */
    eg_graph_options opt;
    eg_window window;     /* the counts' window and span */
    size_t span;
    eg_period by;         /* the counts' periods */
    uint32_t period;      /* the period index built, or EG_COOC_WHOLE */
    int32_t period_start; /* its first day (EG_NO_DAY: undated or whole) */
    bool dated;           /* some document had a date: first/last seen are written */
    int32_t first_day, last_day;   /* of the documents used */
    eg_gnode *nodes; size_t nn;
    eg_gedge *edges; size_t ne;
    size_t ndocs, nwindows, ncommunities;
    double modularity;
    int leiden_rounds;    /* Leiden iterations run (diagnostics) */
    bool has_betweenness, has_layout;
    eg_buf strs;          /* owned: doc_ids strings */
    eg_spell *spells; size_t nspells, capspells;   /* owned */
    bool timeline;        /* nodes and edges carry spells (dynamic GEXF) */
};

/* The measure m of edge e (from its count, its nodes' windows and N). */
double eg_edge_measure(const eg_graph *g, const eg_gedge *e, eg_measure m);
/* Is measure m written as an edge attribute (besides weight)? */
bool eg_measure_written(const eg_graph *g, eg_measure m);
/* The igraph side (analysis.c): centralities, communities, modularity and
 * layout of the built graph. */
int eg_graph_analyse(eg_graph *g, eg_error *err);

/* ---- the attributes a graph writes, shared by every exporter so each
 * format carries the same names and values (export_common.c).  A writer
 * asks for the list (only what this graph has: betweenness when computed,
 * x/y with a layout, dates when dated...) and for each value. */
typedef enum eg_attr_type { EG_AT_STRING, EG_AT_INT, EG_AT_LONG, EG_AT_DOUBLE, EG_AT_BOOL } eg_attr_type;
typedef struct eg_attr { const char *name; eg_attr_type type; int id; } eg_attr;
#define EG_MAX_ATTRS 40

enum {   /* node attribute ids */
    EG_NA_LABEL, EG_NA_TYPE, EG_NA_MENTIONS, EG_NA_DOCS, EG_NA_WINDOWS, EG_NA_DEGREE, EG_NA_STRENGTH,
    EG_NA_PAGERANK, EG_NA_BETWEENNESS, EG_NA_EIGENVECTOR, EG_NA_CORENESS, EG_NA_COMMUNITY, EG_NA_SIZE,
    EG_NA_R, EG_NA_G, EG_NA_B, EG_NA_X, EG_NA_Y, EG_NA_FIRST_SEEN, EG_NA_LAST_SEEN, EG_NA_PROVISIONAL
};
enum {   /* edge attribute ids; a measure m other than count is EG_EA_MEASURE + m */
    EG_EA_WEIGHT, EG_EA_COUNT, EG_EA_ALPHA, EG_EA_DOCS, EG_EA_DOC_IDS, EG_EA_FIRST_SEEN, EG_EA_LAST_SEEN,
    EG_EA_MEASURE
};
enum {   /* graph attribute ids */
    EG_GA_GENERATOR, EG_GA_PERIOD, EG_GA_FIRST_DATE, EG_GA_LAST_DATE, EG_GA_WINDOW, EG_GA_WINDOWS,
    EG_GA_DOCUMENTS, EG_GA_MEASURE, EG_GA_TYPES, EG_GA_MIN_MENTIONS, EG_GA_MIN_NODE_DOCS, EG_GA_TOP_NODES,
    EG_GA_MIN_WEIGHT, EG_GA_MIN_DOCS, EG_GA_BACKBONE, EG_GA_TOP_K, EG_GA_TOP_EDGES, EG_GA_DEPTH,
    EG_GA_COMMUNITY, EG_GA_RESOLUTION, EG_GA_MODULARITY, EG_GA_COMMUNITIES, EG_GA_LAYOUT, EG_GA_SEED,
    EG_GA_DICTIONARIES
};

/* A value: present or not (a node never seen dated has no first_seen);
 * text is the string, or the number formatted (integers as such, reals
 * with 12 significant digits, never NaN, Inf or -0) in buf. */
typedef struct eg_value { bool present; const char *text; double num; char buf[48]; } eg_value;

size_t eg_graph_attrs(const eg_graph *g, eg_attr *out);
size_t eg_node_attrs(const eg_graph *g, eg_attr *out);
size_t eg_edge_attrs(const eg_graph *g, eg_attr *out);
/* The value of attribute a of the graph, of node i, of edge i.  The
 * dictionaries attribute is NULL text: writers list the sources. */
void eg_graph_value(const eg_graph *g, const eg_attr *a, eg_value *v);
void eg_node_value(const eg_graph *g, size_t i, const eg_attr *a, eg_value *v);
void eg_edge_value(const eg_graph *g, size_t i, const eg_attr *a, eg_value *v);
/* A real number as the writers print it (12 significant digits). */
void eg_format_double(char *buf, size_t n, double x);

/* Visual encoding shared by the exporters. */
void eg_type_color(const char *type, int *r, int *g, int *b);
/* An entity's colour: its type's, or one of its own for a provisional
 * (--unknown) entity. */
void eg_entity_color(const eg_entity *e, int *r, int *g, int *b);
/* Is a node of g a provisional (--unknown) entity? */
bool eg_graph_has_provisional(const eg_graph *g);
double eg_node_size(long mentions);

int eg_write_graphml(const eg_graph *g, FILE *out);
int eg_write_dot(const eg_graph *g, FILE *out);
int eg_write_gexf(const eg_graph *g, FILE *out);
int eg_write_csv(const eg_graph *g, bool edges, FILE *out);
int eg_write_json(const eg_graph *g, bool cytoscape, FILE *out);
int eg_write_pajek(const eg_graph *g, FILE *out);
int eg_write_svg(const eg_graph *g, FILE *out);
/* The SVG drawing alone (an <svg> element), for the report too. */
int eg_write_svg_element(const eg_graph *g, FILE *out, bool standalone);
#endif
