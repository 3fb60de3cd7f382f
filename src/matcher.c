/*
 * matcher.c - the matching automaton: a byte trie over the normalised
 * alias keys, built once from sorted keys (no per-node allocation), walked
 * from each word start of the normalised text.
 *
 * Why a trie from word starts rather than Aho-Corasick: names must start and
 * end on word boundaries, so only word starts (and every position inside
 * scripts written without spaces) can begin a match.  The walk from a start
 * stops at the first byte with no edge, so its cost is bounded by the
 * longest alias prefix present in the text, not by the number of aliases.
 * Nodes sit in DFS order with their edges contiguous and sorted, so most
 * steps are one or two cache lines.
 */
#include "internal.h"
#include "testhooks.h"
#include <stdlib.h>
#include <string.h>

typedef struct key {
    char *key;
    uint32_t len;
    uint32_t alias;
    uint32_t entity;
} key;

static int cmp_key(const void *a, const void *b)
{
    const key *x = a, *y = b;
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    if (x->entity != y->entity) return x->entity < y->entity ? -1 : 1;
    return x->alias < y->alias ? -1 : (x->alias > y->alias);
}

void eg_trie_release(eg_trie *t)
{
    eg_free(t->nodes); eg_free(t->labels); eg_free(t->child); eg_free(t->first_bits); eg_free(t->bitmaps);
    eg_free(t->ftab); eg_free(t->ftok_pool);
    memset(t, 0, sizeof *t);
}

static int new_node(eg_trie *t, uint32_t *out)
{
    if (eg_grow(&t->nodes, &t->capnodes, t->nnodes + 1, sizeof *t->nodes)) return EG_ENOMEM;
    t->nodes[t->nnodes].first = 0;
    t->nodes[t->nnodes].n = 0;
    t->nodes[t->nnodes].term = EG_NONE;
    t->nodes[t->nnodes].bm = EG_NONE;
    *out = (uint32_t)t->nnodes++;
    return 0;
}

static int new_edges(eg_trie *t, size_t n, uint32_t *first)
{
    size_t cap2 = t->capedges;
    if (eg_grow(&t->labels, &t->capedges, t->nedges + n, 1)) return EG_ENOMEM;
    size_t capc = cap2;
    if (eg_grow(&t->child, &capc, t->capedges, sizeof *t->child)) return EG_ENOMEM;
    *first = (uint32_t)t->nedges;
    t->nedges += n;
    return 0;
}

/* The build is iterative: an explicit stack of pending nodes instead of
 * one recursion level per key byte, so a 100,000-character alias cannot
 * overflow the call stack.  A node's children are created together
 * (contiguous ids), then built one subtree at a time (depth first). */
typedef struct pending { uint32_t lo, hi, depth, node; } pending;
typedef struct pstack { pending *items; size_t n, cap; } pstack;

/* keys[lo..hi) share their first `depth` bytes and belong to node: give it
 * its terminal, its edges, and its children (pushed for later). */
static int fill(eg_trie *t, const key *keys, const pending *it, pstack *st)
{
    size_t lo = it->lo, hi = it->hi, depth = it->depth;
    uint32_t node = it->node;
    if (depth > t->maxdepth) t->maxdepth = depth;
    if (lo < hi && keys[lo].len == depth) {
        t->nodes[node].term = keys[lo].alias;   /* head of the chain */
        lo++;
    }
    size_t groups = 0;
    for (size_t i = lo; i < hi;) {
        unsigned char c = (unsigned char)keys[i].key[depth];
        while (i < hi && (unsigned char)keys[i].key[depth] == c) i++;
        groups++;
    }
    if (!groups) return 0;
    uint32_t first;
    if (new_edges(t, groups, &first)) return EG_ENOMEM;
    t->nodes[node].first = first;
    t->nodes[node].n = (uint32_t)groups;
    if (groups >= EG_TRIE_BITMAP_MIN) {
        if (eg_grow(&t->bitmaps, &t->capbitmaps, 4 * (t->nbitmaps + 1), sizeof *t->bitmaps)) return EG_ENOMEM;
        uint64_t *bm = t->bitmaps + 4 * t->nbitmaps;
        memset(bm, 0, 4 * sizeof *bm);
        for (size_t i = lo; i < hi; i++) {
            unsigned char c = (unsigned char)keys[i].key[depth];
            bm[c >> 6] |= (uint64_t)1 << (c & 63);
        }
        t->nodes[node].bm = (uint32_t)t->nbitmaps++;
    }
    if (eg_grow(&st->items, &st->cap, st->n + groups, sizeof *st->items)) return EG_ENOMEM;
    /* children in label order; pushed in reverse so the first is built next */
    size_t g = 0, top = st->n + groups;
    for (size_t i = lo; i < hi; g++) {
        unsigned char c = (unsigned char)keys[i].key[depth];
        size_t j = i;
        while (j < hi && (unsigned char)keys[j].key[depth] == c) j++;
        uint32_t ch;
        if (new_node(t, &ch)) return EG_ENOMEM;
        t->labels[first + g] = c;
        t->child[first + g] = ch;
        st->items[top - 1 - g] = (pending){ (uint32_t)i, (uint32_t)j, (uint32_t)(depth + 1), ch };
        i = j;
    }
    st->n = top;
    return 0;
}

/* Build the whole trie; the root is node 0. */
static int build(eg_trie *t, const key *keys, size_t nk)
{
    uint32_t root;
    if (new_node(t, &root)) return EG_ENOMEM;
    pstack st = {0};
    int rc = eg_grow(&st.items, &st.cap, 1, sizeof *st.items);
    if (!rc) st.items[st.n++] = (pending){ 0, (uint32_t)nk, 0, root };
    while (!rc && st.n) {
        pending it = st.items[--st.n];
        rc = fill(t, keys, &it, &st);
    }
    eg_free(st.items);
    return rc;
}

/* Rehash the first-token table into 2^bits slots. */
static int ftab_resize(eg_trie *t, unsigned bits)
{
    uint32_t mask = ((uint32_t)1 << bits) - 1;
    eg_ftok *nt = eg_malloc(((size_t)mask + 1) * sizeof *nt);
    if (!nt) return EG_ENOMEM;
    for (size_t i = 0; i <= mask; i++) nt[i] = (eg_ftok){ 0, EG_NONE, 0, 0 };
    if (t->ftab)
        for (size_t i = 0; i <= t->ftab_mask; i++) {
            if (t->ftab[i].node == EG_NONE) continue;
            uint32_t j = t->ftab[i].hash & mask;
            while (nt[j].node != EG_NONE) j = (j + 1) & mask;
            nt[j] = t->ftab[i];
        }
    eg_free(t->ftab);
    t->ftab = nt;
    t->ftab_mask = mask;
    return 0;
}

/* Add a key's first token s[0..n) (hash h) to the table, or mark it
 * lower-case capable.  The node is found after the trie is built (0 until
 * then: a used slot). */
static int ftab_put(eg_trie *t, const char *s, size_t n, uint64_t h, bool lower)
{
    if (!t->ftab || (size_t)(t->nftok + 1) * 2 > (size_t)t->ftab_mask + 1) {
        unsigned bits = 10;
        while (((size_t)1 << bits) < (size_t)(t->nftok + 1) * 2) bits++;
        if (bits > 31 || ftab_resize(t, bits)) return EG_ENOMEM;
    }
    uint32_t h32 = (uint32_t)h;
    uint32_t i = h32 & t->ftab_mask;
    for (;; i = (i + 1) & t->ftab_mask) {
        eg_ftok *e = &t->ftab[i];
        if (e->node == EG_NONE) break;
        if (e->hash == h32 && (e->len2 >> 1) == n && !memcmp(t->ftok_pool + e->off, s, n)) {
            e->len2 |= lower;
            return 0;
        }
    }
    if (n >= UINT32_MAX / 2 || t->ftok_len + n >= UINT32_MAX) return EG_ENOMEM;
    if (eg_grow(&t->ftok_pool, &t->ftok_cap, t->ftok_len + n + 1, 1)) return EG_ENOMEM;
    memcpy(t->ftok_pool + t->ftok_len, s, n);
    t->ftab[i] = (eg_ftok){ h32, 0, (uint32_t)t->ftok_len, (uint32_t)(n << 1) | lower };
    t->ftok_len += n;
    t->nftok++;
    return 0;
}

/* Each token's node: walk it from the root (every token starts a key, so
 * the walk never fails). */
static void ftab_nodes(eg_trie *t)
{
    for (size_t i = 0; t->ftab && i <= t->ftab_mask; i++) {
        eg_ftok *e = &t->ftab[i];
        if (e->node == EG_NONE) continue;
        const unsigned char *s = (const unsigned char *)t->ftok_pool + e->off;
        uint32_t node = t->root[s[0]];
        for (size_t k = 1; k < (e->len2 >> 1) && node != EG_NONE; k++) node = eg_trie_child(t, node, s[k]);
        e->node = node;
    }
}

void eg_dict_no_fast_paths(eg_dict *d)
{
    eg_trie *t = &d->trie;
    if (!d->blob) { eg_free(t->ftab); eg_free(t->ftok_pool); }   /* else they live in the cache image */
    t->ftab = NULL;
    t->ftok_pool = NULL;
    t->ftab_mask = t->nftok = 0;
    t->ftok_len = t->ftok_cap = 0;
    d->no_fast_paths = true;
}

/* Can the alias match a text whose first letter is lower case?  (The case
 * rule, eg_alias_case_ok, on such a text.) */
static bool may_match_lower(const eg_alias *a)
{
    switch (a->policy) {
    case EG_CASE_INSENSITIVE: return true;
    case EG_CASE_EXACT: {
        /* the letters' cases must be equal: not if the alias starts with a capital */
        int32_t cp;
        eg_utf8_decode((const unsigned char *)a->text, strlen(a->text), &cp);
        return !(cp >= 0 && eg_cp_is_upper(cp));
    }
    default:
        /* smart: a capitalised alias word needs a capitalised text word */
        return !(a->capmask & 1);
    }
}

int eg_trie_build(eg_dict *d, eg_error *err)
{
    eg_trie *t = &d->trie;
    eg_trie_release(t);
    key *keys = eg_malloc((d->naliases ? d->naliases : 1) * sizeof *keys);
    t->first_bits = eg_calloc(2 * EG_PREFILTER_WORDS, sizeof *t->first_bits);
    if (!keys || !t->first_bits) { eg_free(keys); return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); }
    eg_norm kn, an;
    eg_norm_init(&kn);
    eg_norm_init(&an);
    eg_arena karena = {0};
    size_t nk = 0;
    int rc = 0;
    for (size_t i = 0; i < d->naliases; i++) {
        eg_alias *a = &d->aliases[i];
        a->next = EG_NONE;
        if (d->ents[a->entity].dropped) continue;   /* switched off by a later source */
        /* normalise with one reusable buffer; keys go to a temporary arena */
        if (eg_norm_run(&an, a->text, strlen(a->text))) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); break; }
        size_t ka = 0, kb = an.len;
        while (ka < kb && an.text[ka] == ' ') ka++;
        while (kb > ka && an.text[kb - 1] == ' ') kb--;
        size_t len = kb - ka;
        char *k = eg_arena_strndup(&karena, an.text + ka, len);
        if (!k) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); break; }
        if (!len) {
            const eg_entity *e = &d->ents[a->entity];
            rc = eg_fail(err, EG_EINPUT, d->sources[e->source], e->line, 1,
                         "alias '%s' of '%s' is empty after normalisation", a->text, e->id);
            break;
        }
        /* prefilter bit of the key's first token (flags from the normaliser) */
        if (eg_norm_run(&kn, k, len)) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); break; }
        bool nospace;
        size_t te = eg_first_token(kn.flags, 0, kn.len, &nospace);
        if (!nospace) {
            uint64_t h = eg_token_hash(kn.text, te);
            uint32_t bit = eg_token_bit_of(h);
            bool lower = may_match_lower(a);
            t->first_bits[bit >> 6] |= (uint64_t)1 << (bit & 63);
            if (lower) t->first_bits[EG_PREFILTER_WORDS + (bit >> 6)] |= (uint64_t)1 << (bit & 63);
            if ((kn.flags[0] & EG_CF_WORD) && ftab_put(t, kn.text, te, h, lower)) {
                rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
                break;
            }
        }
        a->next = EG_NONE;
        keys[nk].key = k;
        keys[nk].len = (uint32_t)len;
        keys[nk].alias = (uint32_t)i;
        keys[nk].entity = a->entity;
        nk++;
    }
    if (!rc) {
        qsort(keys, nk, sizeof *keys, cmp_key);
        /* chain equal keys, keep the first of each run */
        size_t w = 0;
        d->shared_keys = 0;
        for (size_t i = 0; i < nk;) {
            size_t j = i + 1;
            while (j < nk && keys[j].len == keys[i].len && !memcmp(keys[j].key, keys[i].key, keys[i].len)) {
                d->aliases[keys[j - 1].alias].next = keys[j].alias;
                if (keys[j].entity != keys[i].entity) d->shared_keys++;
                j++;
            }
            keys[w++] = keys[i];
            i = j;
        }
        nk = w;
        uint32_t root = 0;
        if (nk >= UINT32_MAX || build(t, keys, nk)) rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        else {
            for (int c = 0; c < 256; c++) t->root[c] = EG_NONE;
            const eg_trie_node *r = &t->nodes[root];
            for (uint32_t e = 0; e < r->n; e++) t->root[t->labels[r->first + e]] = t->child[r->first + e];
            ftab_nodes(t);
        }
    }
    eg_free(keys);
    eg_norm_release(&kn);
    eg_norm_release(&an);
    eg_arena_release(&karena);
    return rc;
}
