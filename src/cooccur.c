/*
 * cooccur.c - the count stage: co-mention windows and pair counting.
 *
 * An edge's weight is the number of windows (sentence, paragraph or
 * document) in which both entities occur, each pair counted once per window;
 * `docs` is the number of documents with at least one such window.  Pairs
 * live in one open-addressing hash table keyed by (a << 32 | b), a < b, so
 * memory is bounded by the distinct pairs, not the corpus.  A window with
 * more than max_per_window distinct entities keeps the first ones (in text
 * order) and is counted as truncated: the pair count stays bounded.
 */
#include "internal.h"
#include "cooccur.h"
#include <stdlib.h>
#include <string.h>

typedef struct eg_pair_val { uint32_t weight, docs, lastdoc; } eg_pair_val;

struct eg_cooc {
    size_t nent;
    eg_window window;
    size_t maxw;
    uint32_t *mentions, *docs, *lastdoc, *stamp;   /* per entity */
    uint64_t *keys; eg_pair_val *vals; size_t cap, count;
    uint32_t *win; size_t nwin, capwin;
    uint32_t docserial, winserial;
    size_t ndocs, truncated;
};

size_t eg_cooc_entities(const eg_cooc *c) { return c->nent; }

void eg_cooc_entity_counts(const eg_cooc *c, size_t e, uint32_t *mentions, uint32_t *docs)
{
    *mentions = c->mentions[e];
    *docs = c->docs[e];
}

bool eg_cooc_next_pair(const eg_cooc *c, size_t *it, eg_pair_count *out)
{
    for (size_t i = *it; i < c->cap; i++) {
        if (!c->keys[i]) continue;
        out->a = (uint32_t)(c->keys[i] >> 32);
        out->b = (uint32_t)c->keys[i];
        out->weight = c->vals[i].weight;
        out->docs = c->vals[i].docs;
        *it = i + 1;
        return true;
    }
    *it = c->cap;
    return false;
}

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

eg_cooc *eg_cooc_new(size_t nentities, eg_window w, size_t max_per_window)
{
    eg_cooc *c = eg_calloc(1, sizeof *c);
    if (!c) return NULL;
    c->nent = nentities;
    c->window = w;
    c->maxw = max_per_window ? max_per_window : 1000;
    size_t n = nentities ? nentities : 1;
    c->mentions = eg_calloc(n, sizeof *c->mentions);
    c->docs = eg_calloc(n, sizeof *c->docs);
    c->lastdoc = eg_calloc(n, sizeof *c->lastdoc);
    c->stamp = eg_calloc(n, sizeof *c->stamp);
    if (!c->mentions || !c->docs || !c->lastdoc || !c->stamp) { eg_cooc_free(c); return NULL; }
    return c;
}

void eg_cooc_free(eg_cooc *c)
{
    if (!c) return;
    eg_free(c->mentions); eg_free(c->docs); eg_free(c->lastdoc); eg_free(c->stamp);
    eg_free(c->keys); eg_free(c->vals); eg_free(c->win);
    eg_free(c);
}

size_t eg_cooc_documents(const eg_cooc *c) { return c->ndocs; }
eg_window eg_cooc_window(const eg_cooc *c) { return c->window; }

const char *eg_window_name(eg_window w)
{
    return w == EG_WIN_SENTENCE ? "sentence" : w == EG_WIN_PARAGRAPH ? "paragraph" : w == EG_WIN_DOCUMENT ? "document" : "?";
}
size_t eg_cooc_truncated_windows(const eg_cooc *c) { return c->truncated; }

static int pairs_resize(eg_cooc *c, size_t ncap)
{
    uint64_t *nk = eg_calloc(ncap, sizeof *nk);
    eg_pair_val *nv = eg_calloc(ncap, sizeof *nv);
    if (!nk || !nv) { eg_free(nk); eg_free(nv); return EG_ENOMEM; }
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->keys[i]) continue;
        size_t j = mix64(c->keys[i]) & (ncap - 1);
        while (nk[j]) j = (j + 1) & (ncap - 1);
        nk[j] = c->keys[i];
        nv[j] = c->vals[i];
    }
    eg_free(c->keys); eg_free(c->vals);
    c->keys = nk; c->vals = nv; c->cap = ncap;
    return 0;
}

static int count_pair(eg_cooc *c, uint32_t a, uint32_t b)
{
    if ((c->count + 1) * 10 >= c->cap * 7)
        if (pairs_resize(c, c->cap ? c->cap * 2 : 1024)) return EG_ENOMEM;
    uint64_t k = (uint64_t)a << 32 | b;
    size_t j = mix64(k) & (c->cap - 1);
    while (c->keys[j] && c->keys[j] != k) j = (j + 1) & (c->cap - 1);
    eg_pair_val *v = &c->vals[j];
    if (!c->keys[j]) { c->keys[j] = k; c->count++; v->weight = 0; v->docs = 0; v->lastdoc = 0; }
    v->weight++;
    if (v->lastdoc != c->docserial) { v->lastdoc = c->docserial; v->docs++; }
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int flush_window(eg_cooc *c)
{
    if (c->nwin > c->maxw) { c->nwin = c->maxw; c->truncated++; }
    qsort(c->win, c->nwin, sizeof *c->win, cmp_u32);
    for (size_t i = 0; i < c->nwin; i++)
        for (size_t j = i + 1; j < c->nwin; j++)
            if (count_pair(c, c->win[i], c->win[j])) return EG_ENOMEM;
    c->nwin = 0;
    c->winserial++;
    return 0;
}

int eg_cooc_add(eg_cooc *c, const eg_mention *m, size_t n)
{
    c->ndocs++;
    c->docserial++;
    c->winserial++;
    size_t curwin = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (m[i].ambiguous) continue;
        uint32_t e = m[i].entity;
        size_t w = c->window == EG_WIN_SENTENCE ? m[i].sentence :
                   c->window == EG_WIN_PARAGRAPH ? m[i].paragraph : 0;
        if (w != curwin) {
            if (curwin != SIZE_MAX && flush_window(c)) return EG_ENOMEM;
            curwin = w;
        }
        c->mentions[e]++;
        if (c->lastdoc[e] != c->docserial) { c->lastdoc[e] = c->docserial; c->docs[e]++; }
        if (c->stamp[e] == c->winserial) continue;
        c->stamp[e] = c->winserial;
        if (eg_grow(&c->win, &c->capwin, c->nwin + 1, sizeof *c->win)) return EG_ENOMEM;
        c->win[c->nwin++] = e;
    }
    if (curwin != SIZE_MAX && flush_window(c)) return EG_ENOMEM;
    return 0;
}
