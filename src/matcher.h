/*
 * matcher.h - the matching automaton (built in matcher.c, walked by the
 * tagger through eg_trie_walk): a byte trie over the normalised alias keys
 * and the first-token prefilter.  Included by internal.h, since the
 * compiled dictionary holds one.
 */
#ifndef EG_MATCHER_H
#define EG_MATCHER_H
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The matcher: a byte trie over normalised alias keys.  Nodes are stored in
 * DFS order; a node's children are contiguous in labels[]/child[], sorted by
 * label, so lookup is a short scan or a binary search.  The root's children
 * are a direct 256-entry table. */
typedef struct eg_trie_node {
    uint32_t first;   /* index of first edge */
    uint32_t n;       /* number of edges */
    uint32_t term;    /* first alias of the chain ending here, or EG_NONE */
    uint32_t bm;      /* nodes with many edges: index of their 256-bit label
                         bitmap in eg_trie.bitmaps, else EG_NONE */
} eg_trie_node;

/* Nodes with more edges than this get a label bitmap: the edge index is a
 * popcount instead of a binary search. */
#define EG_TRIE_BITMAP_MIN 9

/* The first-token table: every distinct first token of a key (a word, see
 * eg_first_token; keys that start with a no-space script or a non-word
 * character are not in it), with the trie node reached after it.  Open
 * addressing, linear probing, a power of two of slots, at most half full. */
typedef struct eg_ftok {
    uint32_t hash;      /* low 32 bits of eg_token_hash */
    uint32_t node;      /* trie node after the token; EG_NONE: empty slot */
    uint32_t off;       /* of the token in eg_trie.ftok_pool */
    uint32_t len2;      /* token length << 1 | 1 when an alias starting with
                           it may match a lower-case word (the case-aware set) */
} eg_ftok;

typedef struct eg_trie {
    eg_trie_node *nodes;  size_t nnodes, capnodes;
    uint8_t *labels;
    uint32_t *child;      size_t nedges, capedges;
    uint32_t root[256];
    size_t maxdepth;
    /* Prefilter: one bit per hash of the first token of every key (see
     * eg_first_token); a word of the text whose bit is clear starts no
     * alias, so the walk is skipped.  Two sets of EG_PREFILTER_BITS bits:
     * every key, then only the keys of aliases that may match a text whose
     * first letter is lower case (case-insensitive aliases, exact ones that
     * do not start with a capital, smart ones whose first word is not
     * capitalised) -- "the", "of", "and" start place names, but never one
     * that matches in lower case, so most lower-case words skip the walk. */
    uint64_t *first_bits;   /* owned: 2 * EG_PREFILTER_BITS bits */
    uint64_t *bitmaps;      /* owned: 4 words per bitmap node */
    size_t nbitmaps, capbitmaps;
    eg_ftok *ftab;          /* owned: the first-token table (see eg_ftok), or NULL */
    uint32_t ftab_mask;     /* slots - 1 */
    uint32_t nftok;         /* tokens in it */
    char *ftok_pool;        /* owned: the tokens */
    size_t ftok_len, ftok_cap;
} eg_trie;

#define EG_PREFILTER_BITS (1u << 20)
#define EG_PREFILTER_WORDS (EG_PREFILTER_BITS / 64)   /* uint64_t words in one set */

/* The first token of normalised text at p (flags as in eg_norm): a run of
 * word characters outside the no-space scripts, or else one character.
 * Returns its end; *nospace tells that the text starts with a character of
 * a no-space script (no prefilter possible: every position may start a name).
 * The same function runs over alias keys and over text. */
static inline size_t eg_first_token(const uint8_t *fl, size_t p, size_t len, bool *nospace)
{
    *nospace = (fl[p] & EG_CF_NOSPACE) != 0;
    size_t j = p + 1;
    if ((fl[p] & (EG_CF_WORD | EG_CF_NOSPACE)) == EG_CF_WORD) {
        /* word, not no-space: 8 flags at a time (the flags array has slack
         * after its end, like the text) */
        for (;;) {
            uint64_t v;
            memcpy(&v, fl + j, 8);
            uint64_t x = (v & 0x0606060606060606ULL) ^ 0x0202020202020202ULL;   /* 0 where still a word byte */
            if (x) {
                j += (size_t)__builtin_ctzll(x) / 8;
                break;
            }
            j += 8;
        }
        if (j > len) j = len;
    } else {
        while (j < len && !(fl[j] & EG_CF_START)) j++;   /* rest of one character */
    }
    return j;
}

/* Hash of a token, 8 bytes at a time.  Reads up to 7 bytes past the
 * token: callers pass normaliser output, which always has 128 bytes of
 * slack after its end.  Its top bits are the prefilter bit (eg_token_bit_of),
 * its low 32 bits the first-token table's hash. */
static inline uint64_t eg_token_hash(const char *s, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL;
    for (;;) {
        uint64_t v;
        memcpy(&v, s, 8);
        if (n < 8) v &= ((uint64_t)1 << (8 * n)) - 1;   /* n == 0 gives 0 */
        h = (h ^ v) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
        if (n <= 8) break;
        s += 8;
        n -= 8;
    }
    return h * 0x94D049BB133111EBULL;
}

/* The prefilter bit of a token's hash. */
static inline uint32_t eg_token_bit_of(uint64_t h) { return (uint32_t)(h >> 40) & (EG_PREFILTER_BITS - 1); }

/* The slot of the token s[0..n) with hash h, or NULL. */
static inline const eg_ftok *eg_ftok_find(const eg_ftok *tab, uint32_t mask, const char *pool,
                                          const char *s, size_t n, uint64_t h)
{
    if (!tab) return NULL;
    uint32_t h32 = (uint32_t)h;
    for (uint32_t i = h32 & mask;; i = (i + 1) & mask) {
        const eg_ftok *e = &tab[i];
        if (e->node == EG_NONE) return NULL;
        if (e->hash == h32 && (e->len2 >> 1) == n && !memcmp(pool + e->off, s, n)) return e;
    }
}

void eg_trie_release(eg_trie *t);

/* The child of node along byte c, or EG_NONE. */
static inline uint32_t eg_trie_child(const eg_trie *tr, uint32_t node, unsigned char c)
{
    const eg_trie_node *nd = &tr->nodes[node];
    if (nd->bm == EG_NONE) {
        const uint8_t *lab = tr->labels + nd->first;
        for (uint32_t i = 0; i < nd->n; i++)
            if (lab[i] == c) return tr->child[nd->first + i];
        return EG_NONE;
    }
    /* many edges: the edge index is the number of labels below c */
    const uint64_t *bm = tr->bitmaps + 4 * (size_t)nd->bm;
    uint64_t w = bm[c >> 6], bit = (uint64_t)1 << (c & 63);
    if (!(w & bit)) return EG_NONE;
    uint32_t idx = (uint32_t)eg_popcount64(w & (bit - 1));
    for (unsigned k = 0; k < (unsigned)(c >> 6); k++) idx += (uint32_t)eg_popcount64(bm[k]);
    return tr->child[nd->first + idx];
}

/* Where the alias keys end along the text from position p (p starts a
 * word): the trie is walked byte by byte, and each node that ends a key
 * adds (end position, first alias of its chain) to hits, at most max.
 * The walk stops at the first byte with no edge, so its cost is bounded by
 * the longest alias prefix present, not by the number of aliases.  node is
 * the root's child for text[p] (not EG_NONE).  Returns the number of hits. */
typedef struct eg_trie_hit { uint32_t end; uint32_t alias; } eg_trie_hit;
static inline size_t eg_trie_walk(const eg_trie *tr, uint32_t node, const unsigned char *text, size_t p, size_t len,
                                  eg_trie_hit *hits, size_t max)
{
    size_t nh = 0, i = p + 1;
    for (;;) {
        uint32_t term = tr->nodes[node].term;
        if (term != EG_NONE && nh < max) { hits[nh].end = (uint32_t)i; hits[nh].alias = term; nh++; }
        if (i >= len) break;
        node = eg_trie_child(tr, node, text[i]);
        if (node == EG_NONE) break;
        i++;
    }
    return nh;
}
#endif
