/*
 * analysis.c - the igraph side of the graph stage: on the filtered graph,
 * degree, strength, PageRank, betweenness, eigenvector centrality,
 * coreness, communities (Leiden or Louvain) with their modularity, and a
 * layout.  The only module that includes igraph.
 *
 * Weights are the chosen measure (always > 0 on a built graph);
 * betweenness takes 1/weight as the length of an edge.  Eigenvector
 * centrality on a disconnected graph is, as in igraph and networkx, the
 * principal eigenvector of the whole matrix: non-zero only on the
 * component with the largest eigenvalue -- computed per component so that
 * ties between components are decided (by smallest id) rather than left to
 * the eigensolver.  Leiden with the modularity objective is igraph's CPM
 * with node weights = strength and resolution R/(2m); igraph 0.10.2 can
 * loop forever with n_iterations < 0, so it runs one iteration at a time
 * until the partition stops changing or a round gains less than
 * EG_LEIDEN_GAIN in quality, at most EG_LEIDEN_ROUNDS times.
 *
 * igraph's default error handler aborts: while we run igraph, its "ignore"
 * handler unwinds the FINALLY stack and returns the error code, every
 * call's status is checked, and the embedding program's handler is put
 * back afterwards.  igraph 0.10 as Debian builds it has no thread-local
 * state (IGRAPH_THREAD_SAFE is 0): its error handler, FINALLY stack and
 * default random generator are process-wide.  So the igraph section runs
 * under one mutex -- the library's only writable global besides the
 * fault-injection test hook -- and the randomised steps use a generator of
 * their own, made and seeded per call and installed as igraph's default
 * only for the call, so the host's generator is never reseeded.  OpenMP
 * thread counts belong to the program (the CLI sets one thread).
 */
#include "graph_internal.h"
#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define EG_LEIDEN_ROUNDS 50              /* Leiden iterations at most */
#define EG_LEIDEN_GAIN 1e-4              /* a smaller relative gain in quality ends them */
#define EG_BETWEENNESS_WORK 2e8          /* nodes x edges above which betweenness is skipped by default (about 5 s) */
#define EG_LAYOUT_FR_ITERATIONS 500
#define EG_LAYOUT_SCALE 250.0            /* the box is this times sqrt(nodes) units (points in DOT) */

static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

int eg_graph_finally_depth(void)
{
    pthread_mutex_lock(&igraph_lock);
    int n = IGRAPH_FINALLY_STACK_SIZE();
    pthread_mutex_unlock(&igraph_lock);
    return n;
}

static double finite_or_zero(double x) { return isfinite(x) ? x : 0.0; }

typedef struct ig_state {
    igraph_t g;
    igraph_vector_t w, len, res;
    igraph_vector_int_t ires, memb;
    igraph_matrix_t xy;
    igraph_rng_t rng;
    bool have_g, have_w, have_len, have_res, have_ires, have_memb, have_xy, have_rng;
    /* the host's default generator: igraph 0.10.2's igraph_rng_set_default
     * copies the generator into its default slot (later versions keep a
     * pointer), so both the pointer and a copy are kept to put it back */
    igraph_rng_t *host_rng, host_copy;
    bool installed, by_pointer;
} ig_state;

static int fail_ig(eg_error *err, igraph_error_t ie)
{
    return eg_fail(err, ie == IGRAPH_ENOMEM ? EG_ENOMEM : EG_ESYS, NULL, 0, 0, "%s",
                   ie == IGRAPH_ENOMEM ? "out of memory" : igraph_strerror(ie));
}

#define TRY(x) do { igraph_error_t ie_ = (x); if (ie_ != IGRAPH_SUCCESS) return fail_ig(err, ie_); } while (0)

/* Our own generator, installed as igraph's default and seeded afresh
 * before each randomised step (eigenvector start vector, communities,
 * layout), so each step's result depends only on the graph and the seed. */
static int seeded(ig_state *s, unsigned long seed, eg_error *err)
{
    if (!s->have_rng) {
        TRY(igraph_rng_init(&s->rng, &igraph_rngtype_pcg64));   /* igraph 0.10's default type */
        s->have_rng = true;
    }
    if (!s->installed) {
        igraph_rng_set_default(&s->rng);
        s->by_pointer = igraph_rng_default() == &s->rng;
        s->installed = true;
    }
    TRY(igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed));
    return 0;
}

static void unseed(ig_state *s)
{
    if (!s->installed) return;
    igraph_rng_set_default(s->by_pointer ? s->host_rng : &s->host_copy);
    s->installed = false;
}

/* igraph objects a step owns, destroyed by eg_graph_analyse whatever
 * happened (never on igraph's FINALLY stack: its "ignore" handler frees
 * that stack on an error). */
typedef struct ig_scratch {
    igraph_vector_t vec, cw, nw;
    igraph_vector_int_t cmemb, csize, cev, prev;
    bool have_vec, have_cw, have_nw, have_cmemb, have_csize, have_cev, have_prev;
} ig_scratch;

static void scratch_release(ig_scratch *x)
{
    if (x->have_vec) igraph_vector_destroy(&x->vec);
    if (x->have_cw) igraph_vector_destroy(&x->cw);
    if (x->have_nw) igraph_vector_destroy(&x->nw);
    if (x->have_cmemb) igraph_vector_int_destroy(&x->cmemb);
    if (x->have_csize) igraph_vector_int_destroy(&x->csize);
    if (x->have_cev) igraph_vector_int_destroy(&x->cev);
    if (x->have_prev) igraph_vector_int_destroy(&x->prev);
    memset(x, 0, sizeof *x);
}

/* Eigenvector centrality by the rule in the header comment. */
static int eigenvector(eg_graph *g, ig_state *s, ig_scratch *x, eg_error *err)
{
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].eigenvector = 0;
    if (!g->ne) return 0;
    igraph_integer_t nc;
    TRY(igraph_vector_int_init(&x->cmemb, 0)); x->have_cmemb = true;
    TRY(igraph_vector_int_init(&x->csize, 0)); x->have_csize = true;
    TRY(igraph_vector_init(&x->vec, 0)); x->have_vec = true;
    TRY(igraph_vector_init(&x->cw, 0)); x->have_cw = true;
    TRY(igraph_vector_int_init(&x->cev, 0)); x->have_cev = true;
    TRY(igraph_connected_components(&s->g, &x->cmemb, &x->csize, &nc, IGRAPH_WEAK));
    const igraph_integer_t *memb = VECTOR(x->cmemb);
    /* nodes and edges grouped by component */
    size_t k1 = (size_t)nc + 1;
    size_t *nstart = eg_calloc(k1, sizeof *nstart), *estart = eg_calloc(k1, sizeof *estart);
    size_t *nfill = eg_malloc(k1 * sizeof *nfill), *efill = eg_malloc(k1 * sizeof *efill);
    uint32_t *norder = eg_malloc(g->nn * sizeof *norder), *local = eg_malloc(g->nn * sizeof *local);
    uint32_t *eorder = eg_malloc(g->ne * sizeof *eorder);
    int rc = 0;
    if (!nstart || !estart || !nfill || !efill || !norder || !local || !eorder) {
        rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < g->nn; i++) nstart[memb[i] + 1]++;
    for (size_t e = 0; e < g->ne; e++) estart[memb[g->edges[e].u] + 1]++;
    for (size_t k = 0; k + 1 < k1; k++) { nstart[k + 1] += nstart[k]; estart[k + 1] += estart[k]; }
    memcpy(nfill, nstart, k1 * sizeof *nfill);
    memcpy(efill, estart, k1 * sizeof *efill);
    for (size_t i = 0; i < g->nn; i++) {
        size_t k = (size_t)memb[i];
        local[i] = (uint32_t)(nfill[k] - nstart[k]);
        norder[nfill[k]++] = (uint32_t)i;
    }
    for (size_t e = 0; e < g->ne; e++) eorder[efill[memb[g->edges[e].u]]++] = (uint32_t)e;
    /* the principal eigenvalue of each component with edges; the largest
     * (ties within 1e-9: the component first in node order, i.e. holding
     * the smallest id -- components are numbered in node order) gets its
     * vector */
    double best = -1;
    size_t bestk = SIZE_MAX;
    for (int pass = 0; pass < 2 && !rc; pass++) {
        for (size_t k = 0; k + 1 < k1 && !rc; k++) {
            size_t ne = estart[k + 1] - estart[k], nn = nstart[k + 1] - nstart[k];
            if (!ne || (pass == 1 && k != bestk)) continue;
            igraph_error_t ie;
            if ((ie = igraph_vector_int_resize(&x->cev, (igraph_integer_t)(2 * ne))) ||
                (ie = igraph_vector_resize(&x->cw, (igraph_integer_t)ne))) { rc = fail_ig(err, ie); break; }
            for (size_t j = 0; j < ne; j++) {
                const eg_gedge *ed = &g->edges[eorder[estart[k] + j]];
                VECTOR(x->cev)[2 * j] = local[ed->u];
                VECTOR(x->cev)[2 * j + 1] = local[ed->v];
                VECTOR(x->cw)[j] = ed->weight;
            }
            igraph_t sub;
            if ((ie = igraph_create(&sub, &x->cev, (igraph_integer_t)nn, IGRAPH_UNDIRECTED))) { rc = fail_ig(err, ie); break; }
            igraph_real_t value = 0;
            igraph_arpack_options_t ao;
            igraph_arpack_options_init(&ao);
            ie = igraph_eigenvector_centrality(&sub, &x->vec, &value, false, true, &x->cw, &ao);
            igraph_destroy(&sub);
            if (ie) { rc = fail_ig(err, ie); break; }
            if (pass == 0) {
                if (bestk == SIZE_MAX || value > best * (1 + 1e-9)) { best = value; bestk = k; }
            } else {
                for (size_t j = 0; j < nn; j++)
                    g->nodes[norder[nstart[k] + j]].eigenvector = finite_or_zero(fabs(VECTOR(x->vec)[j]));
            }
        }
    }
done:
    eg_free(nstart); eg_free(estart); eg_free(nfill); eg_free(efill);
    eg_free(norder); eg_free(local); eg_free(eorder);
    return rc;
}

/* Communities: Leiden (modularity) or Louvain, renumbered by first
 * appearance in node order; and the partition's modularity. */
static int communities(eg_graph *g, ig_state *s, ig_scratch *x, eg_error *err)
{
    const eg_graph_options *o = &g->opt;
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].community = (long)i;
    g->ncommunities = g->nn;
    g->modularity = 0;
    if (o->community == EG_COMMUNITY_NONE || !g->ne) return 0;
    TRY(igraph_vector_int_init(&s->memb, 0));
    s->have_memb = true;
    int rc = seeded(s, o->seed, err);
    if (rc) return rc;
    if (o->community == EG_COMMUNITY_LOUVAIN) {
        TRY(igraph_community_multilevel(&s->g, &s->w, o->resolution, &s->memb, NULL, NULL));
    } else {
        double m2 = 0;
        for (size_t e = 0; e < g->ne; e++) m2 += 2 * g->edges[e].weight;
        TRY(igraph_vector_init(&x->nw, (igraph_integer_t)g->nn)); x->have_nw = true;
        TRY(igraph_vector_int_init(&x->prev, 0)); x->have_prev = true;
        for (size_t i = 0; i < g->nn; i++) VECTOR(x->nw)[i] = g->nodes[i].strength;   /* node weights */
        igraph_integer_t nb;
        igraph_real_t quality, best = -INFINITY;
        int round;
        for (round = 0; round < EG_LEIDEN_ROUNDS; round++) {
            if (round) TRY(igraph_vector_int_update(&x->prev, &s->memb));
            TRY(igraph_community_leiden(&s->g, &s->w, &x->nw, o->resolution / m2, 0.01, round > 0, 1,
                                        &s->memb, &nb, &quality));
            /* converged: the same partition, or a round that improves the
             * quality by less than EG_LEIDEN_GAIN (relative) */
            if (round && (igraph_vector_int_all_e(&x->prev, &s->memb) || quality - best <= EG_LEIDEN_GAIN * fabs(best))) break;
            if (quality > best) best = quality;
        }
        g->leiden_rounds = round < EG_LEIDEN_ROUNDS ? round + 1 : round;
    }
    /* renumber by first appearance in node order: stable ids */
    long *map = eg_malloc(g->nn * sizeof *map);
    if (!map) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < g->nn; i++) map[i] = -1;
    long next = 0;
    for (size_t i = 0; i < g->nn; i++) {
        igraph_integer_t c = VECTOR(s->memb)[i];
        if (c < 0 || (size_t)c >= g->nn) c = 0;
        if (map[c] < 0) map[c] = next++;
        g->nodes[i].community = map[c];
        VECTOR(s->memb)[i] = map[c];
    }
    g->ncommunities = (size_t)next;
    eg_free(map);
    igraph_real_t q;
    TRY(igraph_modularity(&s->g, &s->memb, &s->w, o->resolution, false, &q));
    g->modularity = finite_or_zero(q);
    return 0;
}

/* Coordinates centred on 0, the longer side of the box EG_LAYOUT_SCALE
 * sqrt(n) units: room for nodes up to about 1.5 inches wide in DOT. */
static void place(eg_graph *g, const igraph_matrix_t *xy)
{
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i < g->nn; i++) {
        double x = MATRIX(*xy, (igraph_integer_t)i, 0), y = MATRIX(*xy, (igraph_integer_t)i, 1);
        if (!isfinite(x) || !isfinite(y)) continue;
        if (x < minx) minx = x;
        if (x > maxx) maxx = x;
        if (y < miny) miny = y;
        if (y > maxy) maxy = y;
    }
    double side = fmax(maxx - minx, maxy - miny);
    double scale = side > 0 && isfinite(side) ? EG_LAYOUT_SCALE * sqrt((double)g->nn) / side : 1.0;
    double cx = isfinite(minx) ? (minx + maxx) / 2 : 0, cy = isfinite(miny) ? (miny + maxy) / 2 : 0;
    for (size_t i = 0; i < g->nn; i++) {
        double x = MATRIX(*xy, (igraph_integer_t)i, 0), y = MATRIX(*xy, (igraph_integer_t)i, 1);
        /* two decimals: coordinates print the same on every run */
        g->nodes[i].x = isfinite(x) ? round((x - cx) * scale * 100) / 100 : 0;
        g->nodes[i].y = isfinite(y) ? round((y - cy) * scale * 100) / 100 : 0;
    }
}

static int layout(eg_graph *g, ig_state *s, eg_error *err)
{
    const eg_graph_options *o = &g->opt;
    if (o->layout == EG_LAYOUT_NONE || !g->nn) return 0;
    TRY(igraph_matrix_init(&s->xy, 0, 0));
    s->have_xy = true;
    int rc = seeded(s, o->seed, err);
    if (rc) return rc;
    if (o->layout == EG_LAYOUT_FR) {
        TRY(igraph_layout_fruchterman_reingold(&s->g, &s->xy, false, EG_LAYOUT_FR_ITERATIONS,
                                               sqrt((double)g->nn) / 10, IGRAPH_LAYOUT_AUTOGRID,
                                               g->ne ? &s->w : NULL, NULL, NULL, NULL, NULL));
    } else {
        igraph_layout_drl_options_t dro;
        TRY(igraph_layout_drl_options_init(&dro, IGRAPH_LAYOUT_DRL_DEFAULT));
        TRY(igraph_layout_drl(&s->g, &s->xy, false, &dro, g->ne ? &s->w : NULL));
    }
    place(g, &s->xy);
    g->has_layout = true;
    return 0;
}

static int analyse(eg_graph *g, ig_state *s, eg_error *err)
{
    const eg_graph_options *o = &g->opt;
    TRY(igraph_vector_init(&s->w, (igraph_integer_t)g->ne));
    s->have_w = true;
    TRY(igraph_vector_init(&s->len, (igraph_integer_t)g->ne));
    s->have_len = true;
    TRY(igraph_vector_int_init(&s->ires, (igraph_integer_t)(2 * g->ne)));
    s->have_ires = true;
    for (size_t i = 0; i < g->ne; i++) {
        VECTOR(s->ires)[2 * i] = g->edges[i].u;
        VECTOR(s->ires)[2 * i + 1] = g->edges[i].v;
        VECTOR(s->w)[i] = g->edges[i].weight;
        VECTOR(s->len)[i] = 1.0 / g->edges[i].weight;
    }
    TRY(igraph_create(&s->g, &s->ires, (igraph_integer_t)g->nn, IGRAPH_UNDIRECTED));
    s->have_g = true;
    TRY(igraph_vector_init(&s->res, 0));
    s->have_res = true;
    TRY(igraph_degree(&s->g, &s->ires, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS));
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].degree = (long)VECTOR(s->ires)[i];
    TRY(igraph_strength(&s->g, &s->res, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &s->w));
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].strength = finite_or_zero(VECTOR(s->res)[i]);
    TRY(igraph_coreness(&s->g, &s->ires, IGRAPH_ALL));
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].coreness = (long)VECTOR(s->ires)[i];
    g->has_betweenness = o->betweenness > 0 || (o->betweenness == 0 && (double)g->nn * (double)g->ne <= EG_BETWEENNESS_WORK);
    if (!g->nn) return 0;
    igraph_real_t value;
    TRY(igraph_pagerank(&s->g, IGRAPH_PAGERANK_ALGO_PRPACK, &s->res, &value, igraph_vss_all(), 0, 0.85, &s->w, NULL));
    for (size_t i = 0; i < g->nn; i++) g->nodes[i].pagerank = finite_or_zero(VECTOR(s->res)[i]);
    if (g->has_betweenness) {
        TRY(igraph_betweenness(&s->g, &s->res, igraph_vss_all(), false, &s->len));
        for (size_t i = 0; i < g->nn; i++) g->nodes[i].betweenness = finite_or_zero(VECTOR(s->res)[i]);
    }
    ig_scratch x;
    memset(&x, 0, sizeof x);
    int rc = seeded(s, o->seed, err);
    if (!rc) rc = eigenvector(g, s, &x, err);
    if (!rc) rc = communities(g, s, &x, err);
    scratch_release(&x);
    if (!rc) rc = layout(g, s, err);
    return rc;
}
#undef TRY

int eg_graph_analyse(eg_graph *g, eg_error *err)
{
    ig_state s;
    memset(&s, 0, sizeof s);
    pthread_mutex_lock(&igraph_lock);
    igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
    s.host_rng = igraph_rng_default();
    s.host_copy = *s.host_rng;
    int rc = analyse(g, &s, err);
    unseed(&s);
    if (s.have_rng) igraph_rng_destroy(&s.rng);
    if (s.have_xy) igraph_matrix_destroy(&s.xy);
    if (s.have_memb) igraph_vector_int_destroy(&s.memb);
    if (s.have_res) igraph_vector_destroy(&s.res);
    if (s.have_ires) igraph_vector_int_destroy(&s.ires);
    if (s.have_g) igraph_destroy(&s.g);
    if (s.have_len) igraph_vector_destroy(&s.len);
    if (s.have_w) igraph_vector_destroy(&s.w);
    igraph_set_error_handler(old);
    pthread_mutex_unlock(&igraph_lock);
    return rc;
}
