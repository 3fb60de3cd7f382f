/*
 * graph.c - the graph stage: from co-mention counts to the graph an
 * analyst reads.  Filters apply in a fixed, documented order:
 *
 *   1. entity selection: types, `only`
 *   2. node thresholds: min_mentions, min_node_docs, then top_nodes
 *   3. the edge measure (eg_measure_value) of every pair left
 *   4. edge thresholds: weight > 0, min_weight, min_docs
 *   5. backbone (disparity filter), then top_k, then top_edges
 *   6. the ego network (depth hops over the edges left)
 *   7. isolates dropped (unless keep_isolates)
 *
 * then the igraph side (analysis.c) measures the result.  Nodes are
 * ordered by entity id and edges by (source id, target id); every tie is
 * broken by id, so every export is deterministic.
 */
#include "graph_internal.h"
#include "cooccur.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct node_key { const char *id; uint32_t entity; long mentions; } node_key;

static int cmp_node_key(const void *a, const void *b)
{
    return strcmp(((const node_key *)a)->id, ((const node_key *)b)->id);
}

/* most mentioned first, then by id */
static int cmp_node_mentions(const void *a, const void *b)
{
    const node_key *x = a, *y = b;
    if (x->mentions != y->mentions) return x->mentions > y->mentions ? -1 : 1;
    return strcmp(x->id, y->id);
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
    memset(o, 0, sizeof *o);
    o->measure = EG_MEASURE_COUNT;
    o->min_weight = 0;
    o->min_docs = 1;
    o->depth = 1;
    o->community = EG_COMMUNITY_LEIDEN;
    o->resolution = 1.0;
    o->betweenness = 0;
    o->layout = EG_LAYOUT_NONE;
    o->seed = 42;
    o->period = -1;
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
bool eg_graph_has_betweenness(const eg_graph *g) { return g->has_betweenness; }

double eg_edge_measure(const eg_graph *g, const eg_gedge *e, eg_measure m)
{
    return eg_measure_value(m, (double)e->count, (double)g->nodes[e->u].windows, (double)g->nodes[e->v].windows,
                            (double)g->nwindows);
}

bool eg_measure_written(const eg_graph *g, eg_measure m)
{
    return g->opt.all_measures || m == EG_MEASURE_COUNT || m == g->opt.measure;
}

static int add_spell(eg_graph *g, int32_t start, int32_t end, double value)
{
    if (eg_grow(&g->spells, &g->capspells, g->nspells + 1, sizeof *g->spells)) return EG_ENOMEM;
    g->spells[g->nspells].start = start;
    g->spells[g->nspells].end = end;
    g->spells[g->nspells].value = value;
    g->nspells++;
    return 0;
}

/* Timelines: for every dated period, each node's mentions and each edge's
 * weight there (the measure on that period's counts; 0 where it is not
 * positive).  Spells are gathered per period and then grouped by node and
 * edge, so each keeps time order. */
typedef struct spell_ref { uint32_t owner; int32_t start, end; double value; } spell_ref;

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
    size_t nent = eg_cooc_entities(c);
    uint32_t *pw = eg_calloc(nent ? nent : 1, sizeof *pw);   /* windows per entity in the period */
    int rc = pw ? 0 : EG_ENOMEM;
    size_t np = eg_cooc_period_count(c);
    for (size_t p = 0; p < np && !rc; p++) {
        int32_t start = eg_cooc_period_start(c, p);
        if (start == EG_NO_DAY) continue;   /* undated: no place on a timeline */
        int32_t end = eg_period_end(g->by, start);
        size_t pdocs, pwin;
        int32_t f, l;
        eg_cooc_period_totals(c, (uint32_t)p, &pdocs, &pwin, &f, &l);
        eg_entity_count ec;
        for (size_t it = 0; !rc && eg_cooc_next_entity(c, (uint32_t)p, &it, &ec);) {
            pw[ec.entity] = ec.windows;
            if (vmap[ec.entity] == EG_NONE) continue;
            if (eg_grow(&ns, &capns, nns + 1, sizeof *ns)) { rc = EG_ENOMEM; break; }
            ns[nns++] = (spell_ref){ vmap[ec.entity], start, end, (double)ec.mentions };
        }
        eg_pair_count pc;
        for (size_t it = 0; !rc && eg_cooc_next_pair(c, (uint32_t)p, &it, &pc);) {
            if (pc.pair >= nemap || emap[pc.pair] == EG_NONE) continue;
            if (eg_grow(&es, &capes, nes + 1, sizeof *es)) { rc = EG_ENOMEM; break; }
            double v = eg_measure_value(g->opt.measure, pc.weight, pw[pc.a], pw[pc.b], (double)pwin);
            es[nes++] = (spell_ref){ emap[pc.pair], start, end, v > 0 ? v : 0 };
        }
        for (size_t it = 0; eg_cooc_next_entity(c, (uint32_t)p, &it, &ec);) pw[ec.entity] = 0;
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
    eg_free(pw);
    eg_free(ns);
    eg_free(es);
    g->timeline = true;
    return rc;
}

/* ---- edge filters: each keeps the edges with keep[i] set and compacts */

static void compact_edges(eg_graph *g, const unsigned char *keep)
{
    size_t k = 0;
    for (size_t i = 0; i < g->ne; i++)
        if (keep[i]) g->edges[k++] = g->edges[i];
    g->ne = k;
}

/* Degree and strength of every node over the current edges. */
static void degrees(const eg_graph *g, long *deg, double *str)
{
    for (size_t i = 0; i < g->nn; i++) { deg[i] = 0; if (str) str[i] = 0; }
    for (size_t e = 0; e < g->ne; e++) {
        deg[g->edges[e].u]++;
        deg[g->edges[e].v]++;
        if (str) { str[g->edges[e].u] += g->edges[e].weight; str[g->edges[e].v] += g->edges[e].weight; }
    }
}

/* The weight the disparity filter splits: the measure, except for the
 * log-scale pmi and npmi, whose values do not add up to a node's strength
 * (and can be 0 or below): the count. */
static double backbone_weight(const eg_graph *g, const eg_gedge *e)
{
    return g->opt.measure == EG_MEASURE_PMI || g->opt.measure == EG_MEASURE_NPMI ? (double)e->count : e->weight;
}

/* Disparity filter (Serrano, Boguna, Vespignani 2009): from node i's side,
 * alpha_ij = (1 - w_ij / s_i)^(k_i - 1), 1 when k_i = 1; an edge's alpha is
 * the smaller of its two sides, and it is kept when alpha < threshold. */
static int backbone(eg_graph *g, unsigned char *keep)
{
    long *deg = eg_malloc((g->nn ? g->nn : 1) * sizeof *deg);
    double *str = eg_malloc((g->nn ? g->nn : 1) * sizeof *str);
    if (!deg || !str) { eg_free(deg); eg_free(str); return EG_ENOMEM; }
    degrees(g, deg, NULL);
    for (size_t i = 0; i < g->nn; i++) str[i] = 0;
    for (size_t e = 0; e < g->ne; e++) {
        double w = backbone_weight(g, &g->edges[e]);
        str[g->edges[e].u] += w;
        str[g->edges[e].v] += w;
    }
    for (size_t e = 0; e < g->ne; e++) {
        eg_gedge *ed = &g->edges[e];
        double w = backbone_weight(g, ed);
        double a = 1.0;
        uint32_t ends[2] = { ed->u, ed->v };
        for (int k = 0; k < 2; k++) {
            uint32_t i = ends[k];
            if (deg[i] <= 1 || str[i] <= 0) continue;
            double p = w / str[i];
            if (p > 1) p = 1;
            double side = pow(1.0 - p, (double)(deg[i] - 1));
            if (side < a) a = side;
        }
        ed->alpha = a;
        keep[e] = a < g->opt.backbone;
    }
    eg_free(deg);
    eg_free(str);
    compact_edges(g, keep);
    return 0;
}

/* Incident edges of every node (CSR over the current edges). */
static int incidence(const eg_graph *g, size_t **start_out, uint32_t **list_out)
{
    size_t *start = eg_calloc(g->nn + 1, sizeof *start);
    uint32_t *list = eg_malloc((g->ne ? 2 * g->ne : 1) * sizeof *list);
    if (!start || !list) { eg_free(start); eg_free(list); return EG_ENOMEM; }
    for (size_t e = 0; e < g->ne; e++) { start[g->edges[e].u + 1]++; start[g->edges[e].v + 1]++; }
    for (size_t i = 0; i < g->nn; i++) start[i + 1] += start[i];
    size_t *fill = eg_malloc((g->nn ? g->nn : 1) * sizeof *fill);
    if (!fill) { eg_free(start); eg_free(list); return EG_ENOMEM; }
    memcpy(fill, start, g->nn * sizeof *fill);
    for (size_t e = 0; e < g->ne; e++) {
        list[fill[g->edges[e].u]++] = (uint32_t)e;
        list[fill[g->edges[e].v]++] = (uint32_t)e;
    }
    eg_free(fill);
    *start_out = start;
    *list_out = list;
    return 0;
}

/* For sorting one node's edges: strongest first, then by the other end. */
typedef struct ranked { double w; uint32_t other, edge; } ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->other < y->other ? -1 : x->other > y->other;
}

/* Keep an edge when it is among the K strongest of either endpoint. */
static int top_k(eg_graph *g, unsigned char *keep)
{
    size_t *start;
    uint32_t *list;
    if (incidence(g, &start, &list)) return EG_ENOMEM;
    size_t maxdeg = 0;
    for (size_t i = 0; i < g->nn; i++) if (start[i + 1] - start[i] > maxdeg) maxdeg = start[i + 1] - start[i];
    ranked *r = eg_malloc((maxdeg ? maxdeg : 1) * sizeof *r);
    if (!r) { eg_free(start); eg_free(list); return EG_ENOMEM; }
    memset(keep, 0, g->ne);
    size_t k = (size_t)g->opt.top_k;
    for (size_t i = 0; i < g->nn; i++) {
        size_t n = start[i + 1] - start[i];
        for (size_t j = 0; j < n; j++) {
            const eg_gedge *ed = &g->edges[list[start[i] + j]];
            r[j] = (ranked){ ed->weight, ed->u == i ? ed->v : ed->u, list[start[i] + j] };
        }
        if (n > k) qsort(r, n, sizeof *r, cmp_ranked);
        for (size_t j = 0; j < n && j < k; j++) keep[r[j].edge] = 1;
    }
    eg_free(r);
    eg_free(start);
    eg_free(list);
    compact_edges(g, keep);
    return 0;
}

static int cmp_strongest(const void *a, const void *b)
{
    const ranked *x = a, *y = b;   /* other = u, edge = index (edges are sorted by (u, v)) */
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->edge < y->edge ? -1 : x->edge > y->edge;
}

/* Keep the N strongest edges (ties: by (source id, target id)). */
static int top_edges(eg_graph *g, unsigned char *keep)
{
    size_t n = (size_t)g->opt.top_edges;
    if (g->ne <= n) return 0;
    ranked *r = eg_malloc(g->ne * sizeof *r);
    if (!r) return EG_ENOMEM;
    for (size_t e = 0; e < g->ne; e++) r[e] = (ranked){ g->edges[e].weight, g->edges[e].u, (uint32_t)e };
    qsort(r, g->ne, sizeof *r, cmp_strongest);
    memset(keep, 0, g->ne);
    for (size_t j = 0; j < n; j++) keep[r[j].edge] = 1;
    eg_free(r);
    compact_edges(g, keep);
    return 0;
}

/* Nodes within `depth` hops of an ego, over the current edges: alive[i]
 * set for them. */
static int ego_net(eg_graph *g, unsigned char *alive)
{
    size_t *start;
    uint32_t *list;
    if (incidence(g, &start, &list)) return EG_ENOMEM;
    long *dist = eg_malloc((g->nn ? g->nn : 1) * sizeof *dist);
    uint32_t *queue = eg_malloc((g->nn ? g->nn : 1) * sizeof *queue);
    if (!dist || !queue) { eg_free(dist); eg_free(queue); eg_free(start); eg_free(list); return EG_ENOMEM; }
    size_t qh = 0, qt = 0;
    for (size_t i = 0; i < g->nn; i++) {
        dist[i] = -1;
        if (g->opt.ego[g->nodes[i].entity]) { dist[i] = 0; queue[qt++] = (uint32_t)i; }
    }
    while (qh < qt) {
        uint32_t i = queue[qh++];
        if (dist[i] >= g->opt.depth) continue;
        for (size_t j = start[i]; j < start[i + 1]; j++) {
            const eg_gedge *ed = &g->edges[list[j]];
            uint32_t o = ed->u == i ? ed->v : ed->u;
            if (dist[o] >= 0) continue;
            dist[o] = dist[i] + 1;
            queue[qt++] = o;
        }
    }
    for (size_t i = 0; i < g->nn; i++) alive[i] = dist[i] >= 0;
    eg_free(dist); eg_free(queue); eg_free(start); eg_free(list);
    return 0;
}

/* Drop the nodes without alive[i], and their edges; renumber. */
static int compact_nodes(eg_graph *g, const unsigned char *alive)
{
    uint32_t *renum = eg_malloc((g->nn ? g->nn : 1) * sizeof *renum);
    if (!renum) return EG_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < g->nn; i++) {
        renum[i] = alive[i] ? (uint32_t)k : EG_NONE;
        if (alive[i]) g->nodes[k++] = g->nodes[i];
    }
    g->nn = k;
    size_t m = 0;
    for (size_t e = 0; e < g->ne; e++) {
        eg_gedge ed = g->edges[e];
        if (renum[ed.u] == EG_NONE || renum[ed.v] == EG_NONE) continue;
        ed.u = renum[ed.u];
        ed.v = renum[ed.v];
        g->edges[m++] = ed;   /* order kept: renumbering is monotonic */
    }
    g->ne = m;
    eg_free(renum);
    return 0;
}

static int check_options(const eg_graph_options *o, eg_error *err)
{
    const char *bad = NULL;
    if ((unsigned)o->measure >= EG_MEASURE_N) bad = "measure";
    else if (!isfinite(o->min_weight)) bad = "min_weight";
    else if (!(o->backbone >= 0 && o->backbone <= 1)) bad = "backbone (0..1)";
    else if (o->top_k < 0 || o->top_edges < 0 || o->top_nodes < 0 || o->min_mentions < 0 || o->min_node_docs < 0 || o->min_docs < 0)
        bad = "a negative count";
    else if (o->depth < 0) bad = "depth";
    else if ((unsigned)o->community > EG_COMMUNITY_NONE) bad = "community";
    else if (!(o->resolution > 0) || !isfinite(o->resolution)) bad = "resolution (> 0)";
    else if ((unsigned)o->layout > EG_LAYOUT_DRL) bad = "layout";
    if (bad) return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "graph options: bad %s", bad);
    return 0;
}

int eg_graph_build(eg_graph **out, const eg_cooc *c, const eg_dict *d,
                   const eg_graph_options *o, eg_error *err)
{
    *out = NULL;
    eg_graph_options defaults;
    if (!o) { eg_graph_options_default(&defaults); o = &defaults; }
    if (check_options(o, err)) return EG_EUSAGE;
    eg_graph *g = eg_calloc(1, sizeof *g);
    if (!g) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    g->d = d;
    g->opt = *o;
    o = &g->opt;
    g->window = eg_cooc_window(c);
    g->span = eg_cooc_span(c);
    g->by = eg_cooc_periods_by(c);
    size_t nperiods = eg_cooc_period_count(c);
    if (o->period >= 0 && (g->by == EG_PERIOD_NONE || (size_t)o->period >= nperiods)) {
        eg_graph_free(g);
        return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "no period %ld in the counts", o->period);
    }
    g->period = o->period >= 0 ? (uint32_t)o->period : EG_COOC_WHOLE;
    g->period_start = g->period == EG_COOC_WHOLE ? EG_NO_DAY : eg_cooc_period_start(c, g->period);
    eg_cooc_period_totals(c, g->period, &g->ndocs, &g->nwindows, &g->first_day, &g->last_day);
    int32_t cf, cl;
    eg_cooc_date_range(c, &cf, &cl);
    g->dated = cf != EG_NO_DAY;
    size_t nent = eg_cooc_entities(c);
    eg_entity_count *counts = eg_malloc((nent ? nent : 1) * sizeof *counts);
    uint32_t *vmap = eg_malloc((nent ? nent : 1) * sizeof *vmap);
    node_key *keys = eg_malloc((nent ? nent : 1) * sizeof *keys);
    uint32_t *emap = NULL;
    unsigned char *keep = NULL;
    size_t nemap = 0;
    int rc = 0;
    if (!counts || !vmap || !keys) goto nomem;
    /* 1, 2: the nodes */
    size_t nn = 0;
    eg_entity_count ec;
    for (size_t it = 0; eg_cooc_next_entity(c, g->period, &it, &ec);) {
        counts[ec.entity] = ec;
        const eg_entity *e = &d->ents[ec.entity];
        if (!ec.mentions || !type_selected(o->types, e->type) || (o->only && !o->only[ec.entity])) continue;
        if ((long)ec.mentions < o->min_mentions || (long)ec.docs < o->min_node_docs) continue;
        keys[nn++] = (node_key){ e->id, ec.entity, (long)ec.mentions };
    }
    if (o->top_nodes && nn > (size_t)o->top_nodes) {
        qsort(keys, nn, sizeof *keys, cmp_node_mentions);
        nn = (size_t)o->top_nodes;
    }
    qsort(keys, nn, sizeof *keys, cmp_node_key);
    g->nodes = eg_calloc(nn ? nn : 1, sizeof *g->nodes);
    if (!g->nodes) goto nomem;
    for (size_t e = 0; e < nent; e++) vmap[e] = EG_NONE;
    for (size_t i = 0; i < nn; i++) {
        uint32_t e = keys[i].entity;
        vmap[e] = (uint32_t)i;
        eg_gnode *n = &g->nodes[i];
        n->entity = e;
        n->mentions = counts[e].mentions;
        n->docs = counts[e].docs;
        n->windows = counts[e].windows;
        n->first_day = counts[e].first_day;
        n->last_day = counts[e].last_day;
    }
    g->nn = nn;
    eg_free(keys); keys = NULL;
    /* 3, 4: the edges, weighed and thresholded */
    size_t cap = 0, ne = 0;
    eg_pair_count pc;
    for (size_t it = 0; eg_cooc_next_pair(c, g->period, &it, &pc);) {
        if (vmap[pc.a] == EG_NONE || vmap[pc.b] == EG_NONE || (long)pc.docs < o->min_docs) continue;
        double w = eg_measure_value(o->measure, pc.weight, counts[pc.a].windows, counts[pc.b].windows, (double)g->nwindows);
        if (!(w > 0) || w < o->min_weight) continue;
        if (eg_grow(&g->edges, &cap, ne + 1, sizeof *g->edges)) goto nomem;
        uint32_t u = vmap[pc.a], v = vmap[pc.b];
        if (u > v) { uint32_t t = u; u = v; v = t; }
        eg_gedge *ed = &g->edges[ne++];
        memset(ed, 0, sizeof *ed);
        ed->u = u;
        ed->v = v;
        ed->weight = w;
        ed->count = pc.weight;
        ed->docs = pc.docs;
        ed->first_day = pc.first_day;
        ed->last_day = pc.last_day;
        ed->pair = pc.pair;
        ed->alpha = 1.0;
    }
    g->ne = ne;
    if (ne) qsort(g->edges, ne, sizeof *g->edges, cmp_edge);
    /* 5, 6, 7 */
    keep = eg_malloc((ne > nn ? ne : nn) + 1);
    if (!keep) goto nomem;
    if (o->backbone > 0 && backbone(g, keep)) goto nomem;
    if (o->top_k > 0 && top_k(g, keep)) goto nomem;
    if (o->top_edges > 0 && top_edges(g, keep)) goto nomem;
    if (o->ego) {
        if (ego_net(g, keep) || compact_nodes(g, keep)) goto nomem;
    }
    if (!o->keep_isolates) {
        memset(keep, 0, g->nn + 1);
        for (size_t e = 0; e < g->ne; e++) keep[g->edges[e].u] = keep[g->edges[e].v] = 1;
        if (compact_nodes(g, keep)) goto nomem;
    }
    eg_free(keep); keep = NULL;
    /* the kept edges' document samples */
    if (eg_buf_put(&g->strs, "", 0)) goto nomem;
    for (size_t i = 0; i < g->ne; i++) {
        eg_gedge *ed = &g->edges[i];
        ed->doc_ids = (uint32_t)g->strs.len;
        if (eg_cooc_pair(c, g->period, ed->pair, &pc))
            for (uint32_t k = 0; k < pc.ndoc; k++)
                if ((k && eg_buf_putc(&g->strs, ';')) || eg_buf_puts(&g->strs, pc.doc[k])) goto nomem;
        if (eg_buf_putc(&g->strs, 0)) goto nomem;
    }
    if (o->timeline && g->by != EG_PERIOD_NONE) {
        for (size_t e = 0; e < nent; e++) vmap[e] = EG_NONE;
        for (size_t i = 0; i < g->nn; i++) vmap[g->nodes[i].entity] = (uint32_t)i;
        for (size_t i = 0; i < g->ne; i++) if (g->edges[i].pair >= nemap) nemap = (size_t)g->edges[i].pair + 1;
        emap = eg_malloc((nemap ? nemap : 1) * sizeof *emap);
        if (!emap) goto nomem;
        for (size_t i = 0; i < nemap; i++) emap[i] = EG_NONE;
        for (size_t i = 0; i < g->ne; i++) emap[g->edges[i].pair] = (uint32_t)i;
        if (build_timeline(g, c, vmap, emap, nemap)) goto nomem;
    }
    eg_free(counts); counts = NULL;
    eg_free(vmap); vmap = NULL;
    eg_free(emap); emap = NULL;
    if ((rc = eg_graph_analyse(g, err))) goto fail;
    *out = g;
    return 0;
nomem:
    rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
fail:
    eg_free(counts);
    eg_free(vmap);
    eg_free(keys);
    eg_free(emap);
    eg_free(keep);
    eg_graph_free(g);
    return rc;
}
