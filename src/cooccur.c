/*
 * cooccur.c - the count stage: co-mention windows and pair counting, for
 * the whole corpus and, with periods (eg_cooc_set_periods), per period.
 *
 * An edge's weight is the number of windows (sentence, paragraph or
 * document) in which both entities occur, each pair counted once per window;
 * `docs` is the number of documents with at least one such window.  With
 * every count go the first and last day it was seen (dated documents) and
 * the ids of the first five documents (input order): an edge says where to
 * look.  Evidence, when asked for, keeps for each pair the earliest windows
 * (by date, undated last, then input order) with the two mentions' spans
 * and a snippet.  "First" and "earliest" are in document order (date,
 * undated last, then id; eg_doc_order), so that counts made in shards
 * merge to the same samples.
 *
 * Memory is bounded by the distinct pairs, not the corpus: pairs get dense
 * ids from one hash table keyed by (a << 32 | b); a pair in a period is
 * keyed by (period << 32 | pair id), an entity in a period by (period << 32
 * | entity), so periods cost only what they hold.  Each period chains its
 * entities and pairs, so one period's graph is read without a scan of the
 * others.  A window with more than max_per_window distinct entities keeps
 * the first ones (in text order) and is counted as truncated.
 */
#include "internal.h"
#include "cooccur.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIPPET_CONTEXT 80      /* bytes of text on each side of the two mentions */
#define SNIPPET_MAX 400         /* longer: the middle is cut (" … ") */

/* ---- a map from 64-bit keys to dense indexes (open addressing) */
typedef struct map64 { uint64_t *keys; uint32_t *idx; size_t cap, count; } map64;

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static void map_release(map64 *m) { eg_free(m->keys); eg_free(m->idx); memset(m, 0, sizeof *m); }

static int map_grow(map64 *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 1024;
    uint64_t *nk = eg_calloc(ncap, sizeof *nk);
    uint32_t *ni = eg_calloc(ncap, sizeof *ni);
    if (!nk || !ni) { eg_free(nk); eg_free(ni); return EG_ENOMEM; }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->idx[i]) continue;
        size_t j = mix64(m->keys[i]) & (ncap - 1);
        while (ni[j]) j = (j + 1) & (ncap - 1);
        nk[j] = m->keys[i];
        ni[j] = m->idx[i];
    }
    eg_free(m->keys); eg_free(m->idx);
    m->keys = nk; m->idx = ni; m->cap = ncap;
    return 0;
}

/* The index stored for key, or UINT32_MAX. */
static uint32_t map_get(const map64 *m, uint64_t key)
{
    if (!m->cap) return UINT32_MAX;
    size_t j = mix64(key) & (m->cap - 1);
    while (m->idx[j]) {
        if (m->keys[j] == key) return m->idx[j] - 1;
        j = (j + 1) & (m->cap - 1);
    }
    return UINT32_MAX;
}

/* Find key, or insert it with index next (*created then true). */
static int map_put(map64 *m, uint64_t key, size_t next, uint32_t *out, bool *created)
{
    if ((m->count + 1) * 10 >= m->cap * 7 && map_grow(m)) return EG_ENOMEM;
    size_t j = mix64(key) & (m->cap - 1);
    while (m->idx[j]) {
        if (m->keys[j] == key) { *out = m->idx[j] - 1; *created = false; return 0; }
        j = (j + 1) & (m->cap - 1);
    }
    if (next >= UINT32_MAX - 1) return EG_ENOMEM;
    m->keys[j] = key;
    m->idx[j] = (uint32_t)next + 1;
    m->count++;
    *out = (uint32_t)next;
    *created = true;
    return 0;
}

/* ---- the counts */
typedef struct pair_val {
    uint32_t weight, docs, lastdoc;
    uint32_t cov;                        /* in document lastdoc: the windows counted end before this */
    int32_t first_day, last_day;
    uint32_t next;                       /* the period's next pair, or EG_NONE */
    uint32_t doc[EG_DOC_SAMPLES];        /* document references (doc_ids) */
    uint32_t ndoc;
} pair_val;

typedef struct pair_rec { uint32_t a, b; pair_val v; } pair_rec;     /* the whole corpus */
typedef struct ppair_rec { uint32_t pair; pair_val v; } ppair_rec;   /* one period */

typedef struct ent_val {
    uint32_t entity, mentions, docs, lastdoc, windows;
    int32_t first_day, last_day;
    uint32_t next;                       /* the period's next entity, or EG_NONE */
} ent_val;

typedef struct period_rec {
    int32_t start;                       /* the period's first day, or EG_NO_DAY (undated) */
    uint32_t docs;
    uint64_t windows;
    int32_t first_day, last_day;         /* of its documents */
    uint32_t first_ent, first_pair;      /* chains, EG_NONE-terminated */
} period_rec;

/* One piece of evidence kept. */
typedef struct ev_rec {
    int32_t day;                         /* EG_NO_DAY sorts last */
    uint32_t window;
    uint32_t a_start, a_end, b_start, b_end;
    char *strs;                          /* owned: id, title, url, date, snippet, text a, text b */
    uint32_t off[7];                     /* offsets in strs, UINT32_MAX for none */
} ev_rec;
typedef struct ev_list { ev_rec *r; uint32_t n; } ev_list;

/* A distinct entity seen in the last span units (sliding windows). */
typedef struct recent { uint32_t entity, unit, mention; } recent;

struct eg_cooc {
    size_t nent;
    eg_window window;
    size_t span;                         /* K: a window covers K + 1 units */
    size_t maxw;
    /* the whole corpus, per entity */
    uint32_t *mentions, *docs, *lastdoc, *stamp, *windows;
    uint32_t *ecov, *ecovdoc;            /* sliding: windows counted end before ecov, in document ecovdoc */
    int32_t *efirst, *elast;
    uint32_t *firstm;                    /* per entity: its first mention in the current window */
    /* pairs */
    map64 pairmap;
    pair_rec *pairs; size_t npairs, cappairs;
    /* periods, and their order by start (undated last) */
    eg_period by;
    period_rec *periods; size_t nperiods, capperiods;
    uint32_t *order; size_t caporder;
    map64 permap;
    map64 pentmap, ppairmap;
    ent_val *pents; size_t npents, cappents;
    ppair_rec *ppairs; size_t nppairs, capppairs;
    uint32_t curperiod;                  /* of the current document, or EG_NONE */
    /* document references for doc_ids */
    char **docids; size_t ndocids, capdocids;
    int32_t *docdays; size_t capdocdays;
    uint32_t curdocref;                  /* the current document's, or EG_NONE until needed */
    /* evidence */
    size_t evmax;
    map64 evmap;
    ev_list *evs; size_t nevs, capevs;
    /* the current document and window */
    const eg_document *doc;
    const eg_mention *m;
    uint32_t *unit; size_t capunit;      /* each mention's unit */
    recent *rec; size_t nrec, caprec;    /* sliding: the entities of the last span units, by unit */
    eg_segments seg;                     /* units counted here when not given */
    uint32_t *win; size_t nwin, capwin;
    size_t winindex;
    uint32_t docserial, winserial;
    size_t ndocs, nwindows, truncated;
    int32_t first_day, last_day;
};

eg_cooc *eg_cooc_new(size_t nentities, eg_window w, size_t max_per_window)
{
    eg_cooc *c = eg_calloc(1, sizeof *c);
    if (!c) return NULL;
    c->nent = nentities;
    c->window = w;
    c->maxw = max_per_window ? max_per_window : 1000;
    c->curperiod = EG_NONE;
    c->curdocref = EG_NONE;
    c->first_day = c->last_day = EG_NO_DAY;
    size_t n = nentities ? nentities : 1;
    c->mentions = eg_calloc(n, sizeof *c->mentions);
    c->docs = eg_calloc(n, sizeof *c->docs);
    c->lastdoc = eg_calloc(n, sizeof *c->lastdoc);
    c->stamp = eg_calloc(n, sizeof *c->stamp);
    c->firstm = eg_calloc(n, sizeof *c->firstm);
    c->windows = eg_calloc(n, sizeof *c->windows);
    c->ecov = eg_calloc(n, sizeof *c->ecov);
    c->ecovdoc = eg_calloc(n, sizeof *c->ecovdoc);
    c->efirst = eg_malloc(n * sizeof *c->efirst);
    c->elast = eg_malloc(n * sizeof *c->elast);
    eg_segments_init(&c->seg);
    if (!c->mentions || !c->docs || !c->lastdoc || !c->stamp || !c->firstm || !c->windows || !c->ecov ||
        !c->ecovdoc || !c->efirst || !c->elast) {
        eg_cooc_free(c);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) c->efirst[i] = c->elast[i] = EG_NO_DAY;
    return c;
}

void eg_cooc_free(eg_cooc *c)
{
    if (!c) return;
    eg_free(c->mentions); eg_free(c->docs); eg_free(c->lastdoc); eg_free(c->stamp);
    eg_free(c->efirst); eg_free(c->elast); eg_free(c->firstm);
    eg_free(c->windows); eg_free(c->ecov); eg_free(c->ecovdoc);
    eg_free(c->unit); eg_free(c->rec);
    eg_segments_release(&c->seg);
    map_release(&c->pairmap); eg_free(c->pairs);
    eg_free(c->periods); eg_free(c->order);
    map_release(&c->permap); map_release(&c->pentmap); map_release(&c->ppairmap);
    eg_free(c->pents); eg_free(c->ppairs);
    for (size_t i = 0; i < c->ndocids; i++) eg_free(c->docids[i]);
    eg_free(c->docids);
    eg_free(c->docdays);
    for (size_t i = 0; i < c->nevs; i++) {
        for (uint32_t k = 0; k < c->evs[i].n; k++) eg_free(c->evs[i].r[k].strs);
        eg_free(c->evs[i].r);
    }
    eg_free(c->evs);
    map_release(&c->evmap);
    eg_free(c->win);
    eg_free(c);
}

int eg_cooc_set_periods(eg_cooc *c, eg_period by)
{
    if (c->ndocs) return EG_EUSAGE;
    c->by = by;
    return 0;
}

int eg_cooc_set_span(eg_cooc *c, size_t span)
{
    if (c->ndocs || span > EG_MAX_SPAN || (c->window == EG_WIN_DOCUMENT && span) || (c->window == EG_WIN_TOKENS && !span))
        return EG_EUSAGE;
    c->span = span;
    return 0;
}

size_t eg_cooc_span(const eg_cooc *c) { return c->span; }

int eg_cooc_set_evidence(eg_cooc *c, size_t max)
{
    if (c->ndocs) return EG_EUSAGE;
    c->evmax = max;
    return 0;
}

size_t eg_cooc_documents(const eg_cooc *c) { return c->ndocs; }
size_t eg_cooc_mentions(const eg_cooc *c)
{
    size_t n = 0;
    for (size_t e = 0; e < c->nent; e++) n += c->mentions[e];
    return n;
}
size_t eg_cooc_windows(const eg_cooc *c) { return c->nwindows; }
size_t eg_cooc_truncated_windows(const eg_cooc *c) { return c->truncated; }
eg_window eg_cooc_window(const eg_cooc *c) { return c->window; }
eg_period eg_cooc_periods_by(const eg_cooc *c) { return c->by; }
size_t eg_cooc_entities(const eg_cooc *c) { return c->nent; }
size_t eg_cooc_period_count(const eg_cooc *c) { return c->nperiods; }
int32_t eg_cooc_period_start(const eg_cooc *c, size_t i) { return c->periods[c->order[i]].start; }

void eg_cooc_date_range(const eg_cooc *c, int32_t *first, int32_t *last)
{
    *first = c->first_day;
    *last = c->last_day;
}

const char *eg_window_name(eg_window w)
{
    return w == EG_WIN_SENTENCE ? "sentence" : w == EG_WIN_PARAGRAPH ? "paragraph" : w == EG_WIN_DOCUMENT ? "document" :
           w == EG_WIN_TOKENS ? "tokens" : "?";
}

int eg_window_parse(const char *spec, eg_window *w, size_t *span)
{
    static const struct { const char *one, *many; eg_window w; } kinds[] = {
        {"sentence", "sentences:", EG_WIN_SENTENCE}, {"paragraph", "paragraphs:", EG_WIN_PARAGRAPH},
        {"document", NULL, EG_WIN_DOCUMENT}, {NULL, "tokens:", EG_WIN_TOKENS},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (kinds[i].one && !strcmp(spec, kinds[i].one)) { *w = kinds[i].w; *span = 0; return 0; }
        size_t l = kinds[i].many ? strlen(kinds[i].many) : 0;
        if (!l || strncmp(spec, kinds[i].many, l)) continue;
        const char *p = spec + l;
        size_t k = 0;
        if (!*p) return EG_EUSAGE;
        for (; *p; p++) {
            if (*p < '0' || *p > '9') return EG_EUSAGE;
            k = k * 10 + (size_t)(*p - '0');
            if (k > EG_MAX_SPAN) return EG_EUSAGE;
        }
        if (kinds[i].w == EG_WIN_TOKENS && !k) return EG_EUSAGE;
        *w = kinds[i].w;
        *span = k;
        return 0;
    }
    return EG_EUSAGE;
}

void eg_window_format(eg_window w, size_t span, char *buf, size_t n)
{
    if (w == EG_WIN_TOKENS) snprintf(buf, n, "tokens:%zu", span);
    else if (span) snprintf(buf, n, "%ss:%zu", eg_window_name(w), span);
    else snprintf(buf, n, "%s", eg_window_name(w));
}

static void see_day(int32_t *first, int32_t *last, int32_t day)
{
    if (day == EG_NO_DAY) return;
    if (*first == EG_NO_DAY || day < *first) *first = day;
    if (*last == EG_NO_DAY || day > *last) *last = day;
}

/* The period of the current document (by index), created when new; the
 * sorted order is kept by insertion (periods are few). */
static int enter_period(eg_cooc *c, int32_t start, uint32_t *out)
{
    bool created;
    int rc = map_put(&c->permap, (uint64_t)(uint32_t)start, c->nperiods, out, &created);
    if (rc || !created) return rc;
    if (eg_grow(&c->periods, &c->capperiods, c->nperiods + 1, sizeof *c->periods) ||
        eg_grow(&c->order, &c->caporder, c->nperiods + 1, sizeof *c->order))
        return EG_ENOMEM;
    period_rec *p = &c->periods[c->nperiods];
    memset(p, 0, sizeof *p);
    p->start = start;
    p->first_day = p->last_day = EG_NO_DAY;
    p->first_ent = p->first_pair = EG_NONE;
    /* insert into the order: dated ascending, undated last */
    size_t k = c->nperiods;
    while (k > 0) {
        int32_t o = c->periods[c->order[k - 1]].start;
        bool after = start == EG_NO_DAY || (o != EG_NO_DAY && o <= start);
        if (after) break;
        c->order[k] = c->order[k - 1];
        k--;
    }
    c->order[k] = (uint32_t)c->nperiods;
    c->nperiods++;
    return 0;
}

static int period_entity(eg_cooc *c, uint32_t e, ent_val **out)
{
    uint32_t idx;
    bool created;
    if (map_put(&c->pentmap, (uint64_t)c->curperiod << 32 | e, c->npents, &idx, &created)) return EG_ENOMEM;
    if (created) {
        if (eg_grow(&c->pents, &c->cappents, c->npents + 1, sizeof *c->pents)) return EG_ENOMEM;
        ent_val *v = &c->pents[c->npents++];
        memset(v, 0, sizeof *v);
        v->entity = e;
        v->first_day = v->last_day = EG_NO_DAY;
        period_rec *p = &c->periods[c->curperiod];
        v->next = p->first_ent;
        p->first_ent = idx;
    }
    *out = &c->pents[idx];
    return 0;
}

/* A new document reference for doc_ids: its id (copied) and day. */
static int new_docref(eg_cooc *c, int32_t day, const char *id, uint32_t *out)
{
    char *copy = eg_strndup(id, strlen(id));
    if (!copy || eg_grow(&c->docids, &c->capdocids, c->ndocids + 1, sizeof *c->docids) ||
        eg_grow(&c->docdays, &c->capdocdays, c->ndocids + 1, sizeof *c->docdays)) { eg_free(copy); return EG_ENOMEM; }
    c->docids[c->ndocids] = copy;
    c->docdays[c->ndocids] = day;
    *out = (uint32_t)c->ndocids++;
    return 0;
}

/* The current document's reference (made once per document). */
static int docref(eg_cooc *c, uint32_t *out)
{
    if (c->curdocref == EG_NONE &&
        new_docref(c, c->doc ? c->doc->day : EG_NO_DAY, c->doc && c->doc->id ? c->doc->id : "", &c->curdocref))
        return EG_ENOMEM;
    *out = c->curdocref;
    return 0;
}

/* The order of documents wherever a few are kept (doc_ids, evidence): by
 * date, undated last, then by id -- an order of the documents themselves,
 * not of the input, so that counts made in shards merge to the same
 * samples (eg_counts_merge). */
int eg_doc_order(int32_t day_a, const char *id_a, int32_t day_b, const char *id_b)
{
    if (day_a != day_b) {
        if (day_a == EG_NO_DAY) return 1;
        if (day_b == EG_NO_DAY) return -1;
        return day_a < day_b ? -1 : 1;
    }
    return strcmp(id_a, id_b);
}

static int bump(eg_cooc *c, pair_val *v, uint32_t add)
{
    int32_t day = c->doc ? c->doc->day : EG_NO_DAY;
    v->weight += add;
    see_day(&v->first_day, &v->last_day, day);
    if (v->lastdoc != c->docserial) {
        v->lastdoc = c->docserial;
        v->docs++;
        if (c->doc) {
            /* keep the EG_DOC_SAMPLES first documents in document order */
            const char *id = c->doc->id ? c->doc->id : "";
            uint32_t k = v->ndoc;
            while (k > 0 && eg_doc_order(day, id, c->docdays[v->doc[k - 1]], c->docids[v->doc[k - 1]]) < 0) k--;
            if (k < EG_DOC_SAMPLES) {
                uint32_t r;
                if (docref(c, &r)) return EG_ENOMEM;
                uint32_t n = v->ndoc < EG_DOC_SAMPLES ? v->ndoc + 1 : EG_DOC_SAMPLES;
                memmove(v->doc + k + 1, v->doc + k, (n - k - 1) * sizeof *v->doc);
                v->doc[k] = r;
                v->ndoc = n;
            }
        }
    }
    return 0;
}

static void new_val(pair_val *v)
{
    memset(v, 0, sizeof *v);
    v->first_day = v->last_day = EG_NO_DAY;
    v->next = EG_NONE;
}

/* The dense id of pair (a < b), made when new. */
static int pair_id(eg_cooc *c, uint32_t a, uint32_t b, uint32_t *id)
{
    bool created;
    if (map_put(&c->pairmap, (uint64_t)a << 32 | b, c->npairs, id, &created)) return EG_ENOMEM;
    if (created) {
        if (eg_grow(&c->pairs, &c->cappairs, c->npairs + 1, sizeof *c->pairs)) return EG_ENOMEM;
        pair_rec *pr = &c->pairs[c->npairs++];
        pr->a = a;
        pr->b = b;
        new_val(&pr->v);
    }
    return 0;
}

/* The values of pair id in period index p (into the periods array), made
 * when new and chained to the period. */
static int period_pair(eg_cooc *c, uint32_t p, uint32_t id, pair_val **out)
{
    uint32_t pi;
    bool created;
    if (map_put(&c->ppairmap, (uint64_t)p << 32 | id, c->nppairs, &pi, &created)) return EG_ENOMEM;
    if (created) {
        if (eg_grow(&c->ppairs, &c->capppairs, c->nppairs + 1, sizeof *c->ppairs)) return EG_ENOMEM;
        ppair_rec *pp = &c->ppairs[c->nppairs++];
        pp->pair = id;
        new_val(&pp->v);
        period_rec *pr = &c->periods[p];
        pp->v.next = pr->first_pair;
        pr->first_pair = pi;
    }
    *out = &c->ppairs[pi].v;
    return 0;
}

/* The evidence kept for pair id in period p (EG_COOC_WHOLE: the whole
 * corpus), made empty when new. */
static int ev_list_of(eg_cooc *c, uint32_t p, uint32_t id, ev_list **out)
{
    uint32_t idx;
    bool created;
    if (map_put(&c->evmap, (uint64_t)p << 32 | id, c->nevs, &idx, &created)) return EG_ENOMEM;
    if (created) {
        if (eg_grow(&c->evs, &c->capevs, c->nevs + 1, sizeof *c->evs)) return EG_ENOMEM;
        c->evs[c->nevs].r = NULL;
        c->evs[c->nevs].n = 0;
        c->nevs++;
    }
    *out = &c->evs[idx];
    return 0;
}

/* ---- evidence */

/* Is evidence x before (day, doc id, window, the mentions' starts)?  In
 * document order (eg_doc_order), then window, then position. */
static bool ev_before(const ev_rec *x, int32_t day, const char *id, uint32_t window, uint32_t a_start, uint32_t b_start)
{
    int o = eg_doc_order(x->day, x->strs + x->off[0], day, id);
    if (o) return o < 0;
    if (x->window != window) return x->window < window;
    if (x->a_start != a_start) return x->a_start < a_start;
    return x->b_start < b_start;
}
#define EV_BEFORE(x, y) ev_before(x, (y)->day, (y)->strs + (y)->off[0], (y)->window, (y)->a_start, (y)->b_start)

/* A byte offset moved back (or forward) to a character start. */
static size_t char_start(const char *t, size_t len, size_t i, bool forward)
{
    if (forward) { while (i < len && ((unsigned char)t[i] & 0xC0) == 0x80) i++; }
    else { while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80) i--; }
    return i;
}

static int make_evidence(eg_cooc *c, ev_rec *r, const eg_mention *ma, const eg_mention *mb)
{
    const eg_document *doc = c->doc;
    eg_buf b = {0};
    int rc = 0;
    for (int k = 0; k < 7; k++) r->off[k] = UINT32_MAX;
    const char *strs[4] = { doc->id ? doc->id : "", doc->title, doc->url, NULL };
    char day[11];
    if (doc->day != EG_NO_DAY) { eg_day_format(doc->day, day); strs[3] = day; }
    for (int k = 0; k < 4 && !rc; k++) {
        if (!strs[k]) continue;
        r->off[k] = (uint32_t)b.len;
        rc = eg_buf_put(&b, strs[k], strlen(strs[k]) + 1);
    }
    /* the snippet: from before the first mention to after the second */
    const char *t = doc->text;
    size_t len = doc->len;
    size_t lo = ma->byte_start < mb->byte_start ? ma->byte_start : mb->byte_start;
    size_t hi = ma->byte_end > mb->byte_end ? ma->byte_end : mb->byte_end;
    size_t s0 = char_start(t, len, lo > SNIPPET_CONTEXT ? lo - SNIPPET_CONTEXT : 0, false);
    size_t s1 = char_start(t, len, hi + SNIPPET_CONTEXT < len ? hi + SNIPPET_CONTEXT : len, true);
    if (!rc) {
        r->off[4] = (uint32_t)b.len;
        if (s1 - s0 <= SNIPPET_MAX) rc = eg_buf_put(&b, t + s0, s1 - s0);
        else {
            size_t half = SNIPPET_MAX / 2;
            size_t m1 = char_start(t, len, s0 + half, false), m2 = char_start(t, len, s1 - half, true);
            rc = eg_buf_put(&b, t + s0, m1 - s0) || eg_buf_puts(&b, " \xE2\x80\xA6 ") || eg_buf_put(&b, t + m2, s1 - m2);
        }
        if (!rc) rc = eg_buf_putc(&b, 0);
    }
    if (!rc) { r->off[5] = (uint32_t)b.len; rc = eg_buf_put(&b, t + ma->byte_start, ma->byte_end - ma->byte_start) || eg_buf_putc(&b, 0); }
    if (!rc) { r->off[6] = (uint32_t)b.len; rc = eg_buf_put(&b, t + mb->byte_start, mb->byte_end - mb->byte_start) || eg_buf_putc(&b, 0); }
    if (rc) { eg_buf_release(&b); return EG_ENOMEM; }
    r->strs = b.data;
    r->day = doc->day;
    r->window = (uint32_t)c->winindex;
    r->a_start = (uint32_t)ma->start; r->a_end = (uint32_t)ma->end;
    r->b_start = (uint32_t)mb->start; r->b_end = (uint32_t)mb->end;
    return 0;
}

/* Keep this window as evidence for the pair (in period p or the whole
 * corpus) if it is among the earliest evmax: ia and ib are the mentions of
 * the pair's lower and higher entity. */
static int add_evidence(eg_cooc *c, uint32_t p, uint32_t pair, uint32_t ia, uint32_t ib)
{
    ev_list *l;
    if (ev_list_of(c, p, pair, &l)) return EG_ENOMEM;
    int32_t day = c->doc->day;
    size_t at;
    if (l->n < c->evmax) {
        if (!l->r) { l->r = eg_malloc(c->evmax * sizeof *l->r); if (!l->r) return EG_ENOMEM; }
        at = l->n;
    } else {
        /* full (and ordered): the new window replaces the latest kept one
         * only if it is earlier */
        at = l->n - 1;
        const char *id = c->doc->id ? c->doc->id : "";
        if (ev_before(&l->r[at], day, id, (uint32_t)c->winindex, (uint32_t)c->m[ia].start, (uint32_t)c->m[ib].start)) return 0;
    }
    ev_rec r;
    if (make_evidence(c, &r, &c->m[ia], &c->m[ib])) return EG_ENOMEM;
    if (at < l->n) eg_free(l->r[at].strs);
    else l->n++;
    l->r[at] = r;
    /* keep the list ordered, earliest first */
    while (at > 0 && EV_BEFORE(&l->r[at], &l->r[at - 1])) {
        ev_rec t = l->r[at]; l->r[at] = l->r[at - 1]; l->r[at - 1] = t;
        at--;
    }
    while (at + 1 < l->n && EV_BEFORE(&l->r[at + 1], &l->r[at])) {
        ev_rec t = l->r[at]; l->r[at] = l->r[at + 1]; l->r[at + 1] = t;
        at++;
    }
    return 0;
}

/* ---- counting */

/* The pair (a < b) shares windows lo..hi of the current document (its
 * mentions ia, ib): count those not counted yet.  Within a document the
 * ranges come in order (lo and hi never decrease), so "counted up to" is
 * all the pair needs to remember. */
static int count_pair(eg_cooc *c, uint32_t a, uint32_t b, uint32_t lo, uint32_t hi, uint32_t ia, uint32_t ib)
{
    uint32_t id;
    if (pair_id(c, a, b, &id)) return EG_ENOMEM;
    pair_val *v = &c->pairs[id].v;
    uint32_t from = v->lastdoc == c->docserial && v->cov > lo ? v->cov : lo;
    if (hi < from) return 0;
    uint32_t add = hi - from + 1;
    v->cov = hi + 1;
    if (bump(c, v, add)) return EG_ENOMEM;
    if (c->curperiod != EG_NONE) {
        pair_val *pv;
        if (period_pair(c, c->curperiod, id, &pv) || bump(c, pv, add)) return EG_ENOMEM;
    }
    if (c->evmax && c->doc) {
        if (add_evidence(c, EG_COOC_WHOLE, id, ia, ib)) return EG_ENOMEM;
        if (c->curperiod != EG_NONE && add_evidence(c, c->curperiod, id, ia, ib)) return EG_ENOMEM;
    }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Span 0: the window (unit u) is complete: pair its entities. */
static int flush_window(eg_cooc *c, uint32_t u)
{
    if (c->nwin > c->maxw) { c->nwin = c->maxw; c->truncated++; }
    qsort(c->win, c->nwin, sizeof *c->win, cmp_u32);
    c->winindex = u;
    for (size_t i = 0; i < c->nwin; i++)
        for (size_t j = i + 1; j < c->nwin; j++)
            if (count_pair(c, c->win[i], c->win[j], u, u, c->firstm[c->win[i]], c->firstm[c->win[j]])) return EG_ENOMEM;
    c->nwin = 0;
    c->winserial++;
    return 0;
}

/* Sliding windows: mention i of entity e at unit u is in windows lo..u;
 * pair it with the entities of the last span units.  The recent list is
 * ordered by unit and holds each entity once (its latest mention). */
static int slide(eg_cooc *c, uint32_t i, uint32_t e, uint32_t u, uint32_t lo)
{
    size_t drop = 0;
    while (drop < c->nrec && c->rec[drop].unit < lo) drop++;
    if (drop) {
        memmove(c->rec, c->rec + drop, (c->nrec - drop) * sizeof *c->rec);
        c->nrec -= drop;
    }
    size_t self = SIZE_MAX;
    for (size_t k = 0; k < c->nrec; k++) {
        const recent *r = &c->rec[k];
        if (r->entity == e) { self = k; continue; }
        c->winindex = r->unit;
        int rc = r->entity < e ? count_pair(c, r->entity, e, lo, r->unit, r->mention, i)
                               : count_pair(c, e, r->entity, lo, r->unit, i, r->mention);
        if (rc) return rc;
    }
    if (self != SIZE_MAX) {
        memmove(c->rec + self, c->rec + self + 1, (c->nrec - self - 1) * sizeof *c->rec);
        c->nrec--;
    } else if (c->nrec >= c->maxw) {
        c->truncated++;   /* too many entities within the span: this one is not paired later */
        return 0;
    }
    if (eg_grow(&c->rec, &c->caprec, c->nrec + 1, sizeof *c->rec)) return EG_ENOMEM;
    c->rec[c->nrec++] = (recent){ e, u, i };
    return 0;
}

/* Each mention's unit (sentence, paragraph or token position) and the
 * document's units (SIZE_MAX: unknown). */
static int units_of(eg_cooc *c, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n,
                    size_t *nunits)
{
    *nunits = SIZE_MAX;
    if (eg_grow(&c->unit, &c->capunit, n ? n : 1, sizeof *c->unit)) return EG_ENOMEM;
    if (c->window == EG_WIN_TOKENS) return eg_token_positions(doc->text, doc->len, m, n, c->unit, nunits);
    for (size_t i = 0; i < n; i++) {
        size_t u = c->window == EG_WIN_SENTENCE ? m[i].sentence : c->window == EG_WIN_PARAGRAPH ? m[i].paragraph : 0;
        if (u >= UINT32_MAX) return EG_EINPUT;
        c->unit[i] = (uint32_t)u;
    }
    if (c->window == EG_WIN_DOCUMENT) { *nunits = 1; return 0; }
    eg_doc_units own;
    if (!units && doc && doc->text) {
        if (eg_segment(&c->seg, doc->text, doc->len)) return EG_ENOMEM;
        own.sentences = c->seg.nsent;
        own.paragraphs = c->seg.npara;
        units = &own;
    }
    if (units) {
        size_t u = c->window == EG_WIN_SENTENCE ? units->sentences : units->paragraphs;
        /* never fewer than the mentions say */
        if (n && c->unit[n - 1] >= u) u = (size_t)c->unit[n - 1] + 1;
        *nunits = u;
    }
    return 0;
}

int eg_cooc_add_doc(eg_cooc *c, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n)
{
    if (c->window == EG_WIN_TOKENS && (!doc || !doc->text)) return EG_EUSAGE;
    size_t nunits;
    int rc = units_of(c, doc, units, m, n, &nunits);
    if (rc) return rc;
    c->ndocs++;
    c->docserial++;
    c->winserial++;
    c->doc = doc;
    c->m = m;
    c->curdocref = EG_NONE;
    c->curperiod = EG_NONE;
    c->nwin = 0;
    c->nrec = 0;
    int32_t day = doc ? doc->day : EG_NO_DAY;
    see_day(&c->first_day, &c->last_day, day);
    if (c->by != EG_PERIOD_NONE) {
        if (enter_period(c, eg_period_start(c->by, day), &c->curperiod)) return EG_ENOMEM;
        period_rec *p = &c->periods[c->curperiod];
        p->docs++;
        see_day(&p->first_day, &p->last_day, day);
    }
    bool sliding = c->span > 0;
    uint32_t curwin = UINT32_MAX;
    uint64_t seen = 0;        /* windows holding a mention */
    uint32_t doccov = 0;      /* sliding: such windows end before this */
    for (size_t i = 0; i < n && !rc; i++) {
        if (m[i].ambiguous) continue;
        uint32_t e = m[i].entity, u = c->unit[i];
        uint32_t lo = u > c->span ? u - (uint32_t)c->span : 0;
        if (!sliding && u != curwin) {
            if (curwin != UINT32_MAX && (rc = flush_window(c, curwin))) break;
            curwin = u;
            seen++;
        }
        /* the windows of e this mention adds */
        uint32_t wadd;
        if (sliding) {
            uint32_t from = c->ecovdoc[e] == c->docserial && c->ecov[e] > lo ? c->ecov[e] : lo;
            wadd = u >= from ? u - from + 1 : 0;
            c->ecov[e] = u + 1;
            c->ecovdoc[e] = c->docserial;
            uint32_t dfrom = doccov > lo ? doccov : lo;
            if (u >= dfrom) seen += u - dfrom + 1;
            doccov = u + 1;
        } else {
            wadd = c->stamp[e] != c->winserial;
        }
        c->mentions[e]++;
        c->windows[e] += wadd;
        see_day(&c->efirst[e], &c->elast[e], day);
        if (c->lastdoc[e] != c->docserial) { c->lastdoc[e] = c->docserial; c->docs[e]++; }
        if (c->curperiod != EG_NONE) {
            ent_val *v;
            if ((rc = period_entity(c, e, &v))) break;
            v->mentions++;
            v->windows += wadd;
            see_day(&v->first_day, &v->last_day, day);
            if (v->lastdoc != c->docserial) { v->lastdoc = c->docserial; v->docs++; }
        }
        if (sliding) { rc = slide(c, (uint32_t)i, e, u, lo); continue; }
        if (c->stamp[e] == c->winserial) continue;
        c->stamp[e] = c->winserial;
        c->firstm[e] = (uint32_t)i;
        if (eg_grow(&c->win, &c->capwin, c->nwin + 1, sizeof *c->win)) { rc = EG_ENOMEM; break; }
        c->win[c->nwin++] = e;
    }
    if (!rc && !sliding && curwin != UINT32_MAX) rc = flush_window(c, curwin);
    uint64_t nw = nunits != SIZE_MAX ? nunits : seen;
    c->nwindows += nw;
    if (c->curperiod != EG_NONE) c->periods[c->curperiod].windows += nw;
    c->doc = NULL;
    c->m = NULL;
    return rc;
}

int eg_cooc_add(eg_cooc *c, const eg_mention *m, size_t n)
{
    return eg_cooc_add_doc(c, NULL, NULL, m, n);
}

/* ---- reading the counts */

bool eg_cooc_next_entity(const eg_cooc *c, uint32_t p, size_t *it, eg_entity_count *out)
{
    if (p == EG_COOC_WHOLE) {
        for (size_t e = *it; e < c->nent; e++) {
            if (!c->mentions[e]) continue;
            out->entity = (uint32_t)e;
            out->mentions = c->mentions[e];
            out->docs = c->docs[e];
            out->windows = c->windows[e];
            out->first_day = c->efirst[e];
            out->last_day = c->elast[e];
            *it = e + 1;
            return true;
        }
        *it = c->nent;
        return false;
    }
    /* *it holds the next chain index + 1 (0: start) */
    uint32_t i = *it == 0 ? c->periods[c->order[p]].first_ent : (uint32_t)(*it - 1);
    if (i == EG_NONE) return false;
    const ent_val *v = &c->pents[i];
    out->entity = v->entity;
    out->mentions = v->mentions;
    out->docs = v->docs;
    out->windows = v->windows;
    out->first_day = v->first_day;
    out->last_day = v->last_day;
    *it = v->next == EG_NONE ? (size_t)UINT32_MAX + 1 : (size_t)v->next + 1;
    return true;
}

static void fill_pair(const eg_cooc *c, uint32_t id, const pair_val *v, eg_pair_count *out)
{
    out->a = c->pairs[id].a;
    out->b = c->pairs[id].b;
    out->pair = id;
    out->weight = v->weight;
    out->docs = v->docs;
    out->first_day = v->first_day;
    out->last_day = v->last_day;
    out->ndoc = v->ndoc;
    for (uint32_t k = 0; k < v->ndoc; k++) out->doc[k] = c->docids[v->doc[k]];
}

bool eg_cooc_next_pair(const eg_cooc *c, uint32_t p, size_t *it, eg_pair_count *out)
{
    if (p == EG_COOC_WHOLE) {
        if (*it >= c->npairs) return false;
        fill_pair(c, (uint32_t)*it, &c->pairs[*it].v, out);
        (*it)++;
        return true;
    }
    if (*it == (size_t)UINT32_MAX + 1) return false;
    uint32_t i = *it == 0 ? c->periods[c->order[p]].first_pair : (uint32_t)(*it - 1);
    if (i == EG_NONE) return false;
    const ppair_rec *pp = &c->ppairs[i];
    fill_pair(c, pp->pair, &pp->v, out);
    *it = pp->v.next == EG_NONE ? (size_t)UINT32_MAX + 1 : (size_t)pp->v.next + 1;
    return true;
}

bool eg_cooc_pair(const eg_cooc *c, uint32_t p, uint32_t pair, eg_pair_count *out)
{
    if (pair >= c->npairs) return false;
    if (p == EG_COOC_WHOLE) { fill_pair(c, pair, &c->pairs[pair].v, out); return true; }
    uint32_t i = map_get(&c->ppairmap, (uint64_t)c->order[p] << 32 | pair);
    if (i == UINT32_MAX) return false;
    fill_pair(c, pair, &c->ppairs[i].v, out);
    return true;
}

void eg_cooc_period_totals(const eg_cooc *c, uint32_t p, size_t *docs, size_t *windows, int32_t *first_day, int32_t *last_day)
{
    if (p == EG_COOC_WHOLE) {
        *docs = c->ndocs; *windows = c->nwindows; *first_day = c->first_day; *last_day = c->last_day;
        return;
    }
    const period_rec *r = &c->periods[c->order[p]];
    *docs = r->docs; *windows = (size_t)r->windows; *first_day = r->first_day; *last_day = r->last_day;
}

size_t eg_cooc_evidence_count(const eg_cooc *c, uint32_t p, uint32_t pair)
{
    uint32_t key = p == EG_COOC_WHOLE ? EG_COOC_WHOLE : c->order[p];
    uint32_t idx = map_get(&c->evmap, (uint64_t)key << 32 | pair);
    return idx == UINT32_MAX ? 0 : c->evs[idx].n;
}

void eg_cooc_evidence(const eg_cooc *c, uint32_t p, uint32_t pair, size_t i, eg_evidence *out)
{
    uint32_t key = p == EG_COOC_WHOLE ? EG_COOC_WHOLE : c->order[p];
    const ev_rec *r = &c->evs[map_get(&c->evmap, (uint64_t)key << 32 | pair)].r[i];
#define S(k) (r->off[k] == UINT32_MAX ? NULL : r->strs + r->off[k])
    out->doc = S(0); out->title = S(1); out->url = S(2); out->date = S(3);
    out->snippet = S(4); out->text_a = S(5); out->text_b = S(6);
#undef S
    out->window = r->window;
    out->a_start = r->a_start; out->a_end = r->a_end;
    out->b_start = r->b_start; out->b_end = r->b_end;
}

/* ---- counts read back from a count file (counts.c): each key once, in
 * the file's order (totals, entities, pairs, evidence; the whole corpus
 * before its periods) */

static int period_of(eg_cooc *c, bool whole, int32_t start, uint32_t *p)
{
    if (whole) { *p = EG_NONE; return 0; }
    if (c->by == EG_PERIOD_NONE) return EG_EINPUT;
    return enter_period(c, start, p);
}

int eg_cooc_put_totals(eg_cooc *c, bool whole, int32_t start, uint64_t docs, uint64_t windows, uint64_t truncated,
                       int32_t first, int32_t last)
{
    uint32_t p;
    int rc = period_of(c, whole, start, &p);
    if (rc) return rc;
    if (docs > UINT32_MAX) return EG_EINPUT;
    if (whole) {
        c->ndocs = (size_t)docs;
        c->nwindows = (size_t)windows;
        c->truncated = (size_t)truncated;
        c->first_day = first;
        c->last_day = last;
        return 0;
    }
    period_rec *r = &c->periods[p];
    r->docs = (uint32_t)docs;
    r->windows = windows;
    r->first_day = first;
    r->last_day = last;
    return 0;
}

int eg_cooc_put_entity(eg_cooc *c, bool whole, int32_t start, uint32_t e, uint32_t mentions, uint32_t docs, uint32_t windows,
                       int32_t first, int32_t last)
{
    if (e >= c->nent) return EG_EINPUT;
    if (whole) {
        c->mentions[e] = mentions; c->docs[e] = docs; c->windows[e] = windows;
        c->efirst[e] = first; c->elast[e] = last;
        return 0;
    }
    int rc = period_of(c, whole, start, &c->curperiod);
    ent_val *v;
    if (!rc) rc = period_entity(c, e, &v);
    c->curperiod = EG_NONE;
    if (rc) return rc;
    v->mentions = mentions; v->docs = docs; v->windows = windows;
    v->first_day = first; v->last_day = last;
    return 0;
}

int eg_cooc_put_pair(eg_cooc *c, bool whole, int32_t start, uint32_t a, uint32_t b, uint32_t weight, uint32_t docs,
                     int32_t first, int32_t last, size_t nsamples, const int32_t *days, const char *const *ids)
{
    if (a >= c->nent || b >= c->nent || a == b) return EG_EINPUT;
    if (a > b) { uint32_t t = a; a = b; b = t; }
    if (nsamples > EG_DOC_SAMPLES) return EG_EINPUT;
    uint32_t id;
    if (pair_id(c, a, b, &id)) return EG_ENOMEM;
    pair_val *v;
    if (whole) v = &c->pairs[id].v;
    else {
        uint32_t p;
        int rc = period_of(c, whole, start, &p);
        if (rc) return rc;
        if (period_pair(c, p, id, &v)) return EG_ENOMEM;
    }
    uint32_t next = v->next;
    new_val(v);
    v->next = next;
    v->weight = weight;
    v->docs = docs;
    v->first_day = first;
    v->last_day = last;
    for (size_t k = 0; k < nsamples; k++)
        if (new_docref(c, days[k], ids[k], &v->doc[v->ndoc++])) return EG_ENOMEM;
    return 0;
}

int eg_cooc_put_evidence(eg_cooc *c, bool whole, int32_t start, uint32_t a, uint32_t b, int32_t day, uint32_t window,
                         uint32_t a_start, uint32_t a_end, uint32_t b_start, uint32_t b_end, const char *const strs[7])
{
    if (a >= c->nent || b >= c->nent || a == b || !c->evmax) return EG_EINPUT;
    const char *s[7];
    memcpy(s, strs, sizeof s);
    if (a > b) {
        uint32_t t = a; a = b; b = t;
        t = a_start; a_start = b_start; b_start = t;
        t = a_end; a_end = b_end; b_end = t;
        s[5] = strs[6];
        s[6] = strs[5];
    }
    strs = s;
    uint32_t id, p = EG_COOC_WHOLE;
    if (pair_id(c, a, b, &id)) return EG_ENOMEM;
    if (!whole) {
        uint32_t pi;
        int rc = period_of(c, whole, start, &pi);
        if (rc) return rc;
        p = pi;
    }
    ev_list *l;
    if (ev_list_of(c, p, id, &l)) return EG_ENOMEM;
    if (l->n >= c->evmax) return 0;   /* the file keeps its earliest first */
    if (!l->r) { l->r = eg_malloc(c->evmax * sizeof *l->r); if (!l->r) return EG_ENOMEM; }
    ev_rec *r = &l->r[l->n];
    eg_buf buf = {0};
    for (int k = 0; k < 7; k++) {
        r->off[k] = UINT32_MAX;
        if (!strs[k]) continue;
        r->off[k] = (uint32_t)buf.len;
        if (eg_buf_put(&buf, strs[k], strlen(strs[k]) + 1)) { eg_buf_release(&buf); return EG_ENOMEM; }
    }
    if (r->off[0] == UINT32_MAX || r->off[4] == UINT32_MAX || r->off[5] == UINT32_MAX || r->off[6] == UINT32_MAX) {
        eg_buf_release(&buf);
        return EG_EINPUT;
    }
    r->strs = buf.data;
    r->day = day;
    r->window = window;
    r->a_start = a_start; r->a_end = a_end;
    r->b_start = b_start; r->b_end = b_end;
    l->n++;
    return 0;
}

/* ---- counts written to a count file: every record, through a callback */

int eg_cooc_each_record(const eg_cooc *c, eg_cooc_record_fn fn, void *ctx)
{
    int rc;
    for (uint32_t pi = 0; pi <= c->nperiods; pi++) {
        bool whole = pi == c->nperiods;
        uint32_t p = whole ? EG_COOC_WHOLE : pi;
        eg_cooc_record r;
        memset(&r, 0, sizeof r);
        r.whole = whole;
        r.start = whole ? EG_NO_DAY : c->periods[c->order[pi]].start;
        r.kind = 'D';
        size_t docs, windows;
        eg_cooc_period_totals(c, p, &docs, &windows, &r.first, &r.last);
        r.docs = docs;
        r.windows = windows;
        r.truncated = whole ? c->truncated : 0;
        if ((rc = fn(ctx, &r))) return rc;
        eg_entity_count ec;
        for (size_t it = 0; eg_cooc_next_entity(c, p, &it, &ec);) {
            r.kind = 'E';
            r.a = ec.entity;
            r.mentions = ec.mentions;
            r.docs = ec.docs;
            r.windows = ec.windows;
            r.first = ec.first_day;
            r.last = ec.last_day;
            if ((rc = fn(ctx, &r))) return rc;
        }
        eg_pair_count pc;
        for (size_t it = 0; eg_cooc_next_pair(c, p, &it, &pc);) {
            r.kind = 'P';
            r.a = pc.a;
            r.b = pc.b;
            r.weight = pc.weight;
            r.docs = pc.docs;
            r.first = pc.first_day;
            r.last = pc.last_day;
            const pair_val *v = whole ? &c->pairs[pc.pair].v
                                      : &c->ppairs[map_get(&c->ppairmap, (uint64_t)c->order[pi] << 32 | pc.pair)].v;
            r.nsamples = v->ndoc;
            for (uint32_t k = 0; k < v->ndoc; k++) { r.sample_day[k] = c->docdays[v->doc[k]]; r.sample_id[k] = c->docids[v->doc[k]]; }
            if ((rc = fn(ctx, &r))) return rc;
            size_t ne = eg_cooc_evidence_count(c, p, pc.pair);
            for (size_t i = 0; i < ne; i++) {
                uint32_t key = whole ? EG_COOC_WHOLE : c->order[pi];
                const ev_rec *er = &c->evs[map_get(&c->evmap, (uint64_t)key << 32 | pc.pair)].r[i];
                eg_cooc_record ev = r;
                ev.kind = 'V';
                ev.day = er->day;
                ev.window = er->window;
                ev.a_start = er->a_start; ev.a_end = er->a_end;
                ev.b_start = er->b_start; ev.b_end = er->b_end;
                for (int k = 0; k < 7; k++) ev.strs[k] = er->off[k] == UINT32_MAX ? NULL : er->strs + er->off[k];
                if ((rc = fn(ctx, &ev))) return rc;
            }
        }
    }
    return 0;
}
