/*
 * graph.c - the graph stage: turns co-mention counts into an igraph graph
 * and computes node measures (degree, strength, PageRank, Louvain
 * communities with a fixed seed).  The only module that includes igraph.
 *
 * Nodes are ordered by entity id and edges by (source id, target id), so
 * every export is deterministic.  igraph's default error handler aborts:
 * while we run igraph, its "ignore" handler unwinds the FINALLY stack and
 * returns the error code, every igraph call's status is checked, and the
 * embedding program's handler is put back afterwards.
 *
 * igraph 0.10 as Debian builds it has no thread-local state
 * (IGRAPH_THREAD_SAFE is 0): its error handler, FINALLY stack and default
 * random generator are process-wide.  So the igraph section runs under one
 * mutex -- the library's only writable global besides the fault-injection
 * test hook -- and community detection uses a generator of its own, made
 * and seeded per call and installed as igraph's default only for the call,
 * so the host's generator is never reseeded.  OpenMP thread counts belong
 * to the program (the CLI sets one thread).
 */
#include "graph_internal.h"
#include "cooccur.h"
#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

int eg_graph_finally_depth(void)
{
    pthread_mutex_lock(&igraph_lock);
    int n = IGRAPH_FINALLY_STACK_SIZE();
    pthread_mutex_unlock(&igraph_lock);
    return n;
}

typedef struct node_key { const char *id; uint32_t entity; } node_key;

static int cmp_node_key(const void *a, const void *b)
{
    return strcmp(((const node_key *)a)->id, ((const node_key *)b)->id);
}

static int cmp_edge(const void *a, const void *b)
{
    const eg_gedge *x = a, *y = b;
    if (x->u != y->u) return x->u < y->u ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

static bool type_selected(const char *types, const char *t)
{
    if (!types || !*types) return true;
    size_t n = strlen(t);
    for (const char *p = types; *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && !memcmp(p, t, n)) return true;
        if (!e) break;
        p = e + 1;
    }
    return false;
}

void eg_graph_options_default(eg_graph_options *o)
{
    o->min_weight = 1;
    o->min_docs = 1;
    o->types = NULL;
    o->seed = 42;
    o->period = -1;
    o->timeline = false;
}

void eg_graph_free(eg_graph *g)
{
    if (!g) return;
    eg_free(g->nodes);
    eg_free(g->edges);
    eg_buf_release(&g->strs);
    eg_free(g->spells);
    eg_free(g);
}

size_t eg_graph_node_count(const eg_graph *g) { return g->nn; }
size_t eg_graph_edge_count(const eg_graph *g) { return g->ne; }

static double finite_or_zero(double x) { return isfinite(x) ? x : 0.0; }

/* igraph part: measures for nn nodes and ne edges.  Call with the lock. */
static int measure(eg_graph *g, unsigned long seed, eg_error *err)
{
    igraph_t ig;
    igraph_vector_int_t ev;
    igraph_vector_t w, res;
    igraph_vector_int_t ires, memb;
    igraph_rng_t rng, *host_rng = igraph_rng_default();
    int rc = 0;
    igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
    bool have_g = false, have_ev = false, have_w = false, have_res = false, have_ires = false, have_memb = false;
    bool have_rng = false;
    igraph_error_t ie;
#define TRY(x) do { if ((ie = (x)) != IGRAPH_SUCCESS) { \
        rc = eg_fail(err, ie == IGRAPH_ENOMEM ? EG_ENOMEM : EG_ESYS, NULL, 0, 0, "%s", \
                     ie == IGRAPH_ENOMEM ? "out of memory" : igraph_strerror(ie)); goto done; } } while (0)
    TRY(igraph_vector_int_init(&ev, (igraph_integer_t)(2 * g->ne))); have_ev = true;
    TRY(igraph_vector_init(&w, (igraph_integer_t)g->ne)); have_w = true;
    for (size_t i = 0; i < g->ne; i++) {
        VECTOR(ev)[2 * i] = g->edges[i].u;
        VECTOR(ev)[2 * i + 1] = g->edges[i].v;
        VECTOR(w)[i] = g->edges[i].weight;
    }
    TRY(igraph_create(&ig, &ev, (igraph_integer_t)g->nn, IGRAPH_UNDIRECTED)); have_g = true;
    TRY(igraph_vector_int_init(&ires, 0)); have_ires = true;
    TRY(igraph_vector_init(&res, 0)); have_res = true;
    TRY(igraph_degree(&ig, &ires, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS));
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].degree = (long)VECTOR(ires)[i];
    TRY(igraph_strength(&ig, &res, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &w));
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].strength = finite_or_zero(VECTOR(res)[i]);
    if (g->nn) {
        igraph_real_t value;
        TRY(igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), 0, 0.85, &w, NULL));
        for (size_t i = 0; i < g->nn; i++) g->nodes[i].pagerank = finite_or_zero(VECTOR(res)[i]);
        TRY(igraph_vector_int_init(&memb, 0)); have_memb = true;
        TRY(igraph_rng_init(&rng, &igraph_rngtype_pcg64)); have_rng = true;   /* igraph 0.10's default type */
        TRY(igraph_rng_seed(&rng, (igraph_uint_t)seed));
        igraph_rng_set_default(&rng);
        ie = igraph_community_multilevel(&ig, &w, 1.0, &memb, NULL, NULL);
        igraph_rng_set_default(host_rng);
        TRY(ie);
        /* renumber communities by first appearance in node order: stable ids */
        long *map = eg_malloc(g->nn * sizeof *map);
        if (!map) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto done; }
        for (size_t i = 0; i < g->nn; i++) map[i] = -1;
        long next = 0;
        for (size_t i = 0; i < g->nn; i++) {
            igraph_integer_t c = VECTOR(memb)[i];
            if (c < 0 || (size_t)c >= g->nn) c = 0;
            if (map[c] < 0) map[c] = next++;
            g->nodes[i].community = map[c];
        }
        g->ncommunities = (size_t)next;
        eg_free(map);
    }
done:
    igraph_rng_set_default(host_rng);
    if (have_rng) igraph_rng_destroy(&rng);
    if (have_memb) igraph_vector_int_destroy(&memb);
    if (have_res) igraph_vector_destroy(&res);
    if (have_ires) igraph_vector_int_destroy(&ires);
    if (have_g) igraph_destroy(&ig);
    if (have_w) igraph_vector_destroy(&w);
    if (have_ev) igraph_vector_int_destroy(&ev);
    igraph_set_error_handler(old);
#undef TRY
    return rc;
}

static int add_spell(eg_graph *g, int32_t start, int32_t end, long value)
{
    if (eg_grow(&g->spells, &g->capspells, g->nspells + 1, sizeof *g->spells)) return EG_ENOMEM;
    g->spells[g->nspells].start = start;
    g->spells[g->nspells].end = end;
    g->spells[g->nspells].value = value;
    g->nspells++;
    return 0;
}

/* Timelines: for every dated period, each node's mentions and each edge's
 * weight there.  Spells are gathered per period and then grouped by node
 * and edge, so each keeps time order. */
typedef struct spell_ref { uint32_t owner; int32_t start, end; long value; } spell_ref;

static int cmp_spell_ref(const void *a, const void *b)
{
    const spell_ref *x = a, *y = b;
    if (x->owner != y->owner) return x->owner < y->owner ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int build_timeline(eg_graph *g, const eg_cooc *c, const uint32_t *vmap, const uint32_t *emap, size_t nemap)
{
    spell_ref *ns = NULL, *es = NULL;
    size_t nns = 0, capns = 0, nes = 0, capes = 0;
    int rc = 0;
    size_t np = eg_cooc_period_count(c);
    for (size_t p = 0; p < np && !rc; p++) {
        int32_t start = eg_cooc_period_start(c, p);
        if (start == EG_NO_DAY) continue;   /* undated: no place on a timeline */
        int32_t end = eg_period_end(g->by, start);
        eg_entity_count ec;
        for (size_t it = 0; !rc && eg_cooc_next_entity(c, (uint32_t)p, &it, &ec);) {
            if (vmap[ec.entity] == EG_NONE) continue;
            if (eg_grow(&ns, &capns, nns + 1, sizeof *ns)) { rc = EG_ENOMEM; break; }
            ns[nns++] = (spell_ref){ vmap[ec.entity], start, end, (long)ec.mentions };
        }
        eg_pair_count pc;
        for (size_t it = 0; !rc && eg_cooc_next_pair(c, (uint32_t)p, &it, &pc);) {
            if (pc.pair >= nemap || emap[pc.pair] == EG_NONE) continue;
            if (eg_grow(&es, &capes, nes + 1, sizeof *es)) { rc = EG_ENOMEM; break; }
            es[nes++] = (spell_ref){ emap[pc.pair], start, end, (long)pc.weight };
        }
    }
    if (!rc) {
        if (nns) qsort(ns, nns, sizeof *ns, cmp_spell_ref);
        if (nes) qsort(es, nes, sizeof *es, cmp_spell_ref);
        for (size_t i = 0; i < nns && !rc; i++) {
            eg_gnode *n = &g->nodes[ns[i].owner];
            if (!n->nspell) n->spell = (uint32_t)g->nspells;
            n->nspell++;
            rc = add_spell(g, ns[i].start, ns[i].end, ns[i].value);
        }
        for (size_t i = 0; i < nes && !rc; i++) {
            eg_gedge *e = &g->edges[es[i].owner];
            if (!e->nspell) e->spell = (uint32_t)g->nspells;
            e->nspell++;
            rc = add_spell(g, es[i].start, es[i].end, es[i].value);
        }
    }
    eg_free(ns);
    eg_free(es);
    g->timeline = true;
    return rc;
}

int eg_graph_build(eg_graph **out, const eg_cooc *c, const eg_dict *d,
                   const eg_graph_options *o, eg_error *err)
{
    *out = NULL;
    eg_graph *g = eg_calloc(1, sizeof *g);
    if (!g) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    g->d = d;
    if (o) g->opt = *o;
    else eg_graph_options_default(&g->opt);
    o = &g->opt;
    g->window = eg_cooc_window(c);
    g->by = eg_cooc_periods_by(c);
    size_t nperiods = eg_cooc_period_count(c);
    if (o->period >= 0 && (g->by == EG_PERIOD_NONE || (size_t)o->period >= nperiods)) {
        eg_graph_free(g);
        return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "no period %ld in the counts", o->period);
    }
    g->period = o->period >= 0 ? (uint32_t)o->period : EG_COOC_WHOLE;
    g->period_start = g->period == EG_COOC_WHOLE ? EG_NO_DAY : eg_cooc_period_start(c, g->period);
    size_t windows;
    eg_cooc_period_totals(c, g->period, &g->ndocs, &windows, &g->first_day, &g->last_day);
    int32_t cf, cl;
    eg_cooc_date_range(c, &cf, &cl);
    g->dated = cf != EG_NO_DAY;
    size_t nent = eg_cooc_entities(c);
    /* nodes: mentioned entities of the selected types, sorted by id */
    uint32_t *order = eg_malloc((nent ? nent : 1) * sizeof *order);
    uint32_t *vmap = eg_malloc((nent ? nent : 1) * sizeof *vmap);
    eg_entity_count *counts = eg_malloc((nent ? nent : 1) * sizeof *counts);
    uint32_t *emap = NULL;
    size_t nemap = 0;
    int rc = 0;
    if (!order || !vmap || !counts) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
    for (size_t e = 0; e < nent; e++) vmap[e] = EG_NONE;
    size_t nn = 0;
    eg_entity_count ec;
    for (size_t it = 0; eg_cooc_next_entity(c, g->period, &it, &ec);) {
        counts[ec.entity] = ec;
        if (ec.mentions && type_selected(o->types, d->ents[ec.entity].type)) order[nn++] = ec.entity;
    }
    {
        /* sort by id through a key array: no comparator state */
        node_key *keys = eg_malloc((nn ? nn : 1) * sizeof *keys);
        if (!keys) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
        for (size_t i = 0; i < nn; i++) { keys[i].id = d->ents[order[i]].id; keys[i].entity = order[i]; }
        qsort(keys, nn, sizeof *keys, cmp_node_key);
        for (size_t i = 0; i < nn; i++) order[i] = keys[i].entity;
        eg_free(keys);
    }
    g->nodes = eg_calloc(nn ? nn : 1, sizeof *g->nodes);
    if (!g->nodes) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
    for (size_t i = 0; i < nn; i++) {
        uint32_t e = order[i];
        vmap[e] = (uint32_t)i;
        g->nodes[i].entity = e;
        g->nodes[i].mentions = counts[e].mentions;
        g->nodes[i].docs = counts[e].docs;
        g->nodes[i].first_day = counts[e].first_day;
        g->nodes[i].last_day = counts[e].last_day;
    }
    g->nn = nn;
    /* edges */
    size_t ne = 0;
    eg_pair_count pc;
    for (size_t it = 0; eg_cooc_next_pair(c, g->period, &it, &pc);) {
        if (vmap[pc.a] == EG_NONE || vmap[pc.b] == EG_NONE) continue;
        if ((long)pc.weight < o->min_weight || (long)pc.docs < o->min_docs) continue;
        ne++;
        if (pc.pair >= nemap) nemap = (size_t)pc.pair + 1;
    }
    g->edges = eg_calloc(ne ? ne : 1, sizeof *g->edges);
    if (!g->edges || eg_buf_put(&g->strs, "", 0)) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
    ne = 0;
    for (size_t it = 0; eg_cooc_next_pair(c, g->period, &it, &pc);) {
        if (vmap[pc.a] == EG_NONE || vmap[pc.b] == EG_NONE) continue;
        if ((long)pc.weight < o->min_weight || (long)pc.docs < o->min_docs) continue;
        uint32_t u = vmap[pc.a], v = vmap[pc.b];
        if (u > v) { uint32_t t = u; u = v; v = t; }
        eg_gedge *ed = &g->edges[ne];
        ed->u = u;
        ed->v = v;
        ed->weight = pc.weight;
        ed->docs = pc.docs;
        ed->first_day = pc.first_day;
        ed->last_day = pc.last_day;
        ed->pair = pc.pair;
        ed->doc_ids = (uint32_t)g->strs.len;
        for (uint32_t k = 0; k < pc.ndoc; k++)
            if ((k && eg_buf_putc(&g->strs, ';')) || eg_buf_puts(&g->strs, pc.doc[k])) {
                rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
                goto fail;
            }
        if (eg_buf_putc(&g->strs, 0)) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
        ne++;
    }
    g->ne = ne;
    qsort(g->edges, ne, sizeof *g->edges, cmp_edge);
    if (o->timeline && g->by != EG_PERIOD_NONE) {
        emap = eg_malloc((nemap ? nemap : 1) * sizeof *emap);
        if (!emap) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
        for (size_t i = 0; i < nemap; i++) emap[i] = EG_NONE;
        for (size_t i = 0; i < ne; i++) emap[g->edges[i].pair] = (uint32_t)i;
        if (build_timeline(g, c, vmap, emap, nemap)) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); goto fail; }
    }
    eg_free(order); order = NULL;
    eg_free(vmap); vmap = NULL;
    eg_free(counts); counts = NULL;
    eg_free(emap); emap = NULL;
    pthread_mutex_lock(&igraph_lock);
    rc = measure(g, o->seed, err);
    pthread_mutex_unlock(&igraph_lock);
    if (rc) goto fail;
    *out = g;
    return 0;
fail:
    eg_free(order);
    eg_free(vmap);
    eg_free(counts);
    eg_free(emap);
    eg_graph_free(g);
    return rc;
}
