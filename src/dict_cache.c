/*
 * dict_cache.c - the compiled dictionary as one binary image: entities,
 * aliases, the trie and its prefilter, so a large gazetteer is ready in
 * milliseconds instead of being parsed and compiled again.  Where the image
 * is kept (the cache directory, its permissions and file handling) is the
 * CLI's business (cli_cache.c); this module only encodes and decodes.
 *
 * An image is never trusted: a checksum covers every byte (header
 * included; it is the last 8 bytes), and every count, offset, index, link
 * and flag is validated before use -- alias chains by in-degree (no alias
 * has two predecessors, no chain head has one), so a damaged image can
 * only be refused, never loop, crash or change a result.
 * Strings and the trie are used in place from the image; entity and alias
 * records are rebuilt as structs pointing into it, and the pages of the
 * image that held them are given back to the system.
 */
#include "internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct cache_header {
    char magic[8];
    uint64_t key;
    uint64_t nents, naliases, nsources, nnodes, nedges, maxdepth, shared_keys;
    uint64_t off_strings, len_strings;
    uint64_t off_ents, off_aliases, off_sources, off_nodes, off_labels, off_child, off_root, off_bits;
    uint64_t off_bitmaps, nbitmaps;
    uint64_t file_size;
    uint64_t off_ftab, ftab_slots, nftok, off_ftok, len_ftok;   /* the first-token table */
} cache_header;

/* The tests attack the image field by field (tests/unit/test_cache.c,
 * tests/checks/trust.sh): they know these sizes. */
_Static_assert(sizeof(cache_header) == 216, "cache_header layout");
_Static_assert(sizeof(eg_ftok) == 16, "first-token table layout");

typedef struct cache_entity {
    uint32_t id, label, type, subtype, country, given, family;   /* string offset + 1, 0 = none */
    uint32_t country_ent, source;
    int32_t priority;
    int64_t line;
    uint8_t person, order_ff, blocker, dropped, policy, provisional, pad[2];
    int32_t valid_from, valid_to;
} cache_entity;

typedef struct cache_alias {
    uint32_t text, entity, next;
    uint8_t kind, policy, nwords, guarded, initial, title_words, pad[2];
    int32_t valid_from, valid_to, pad2;
    uint64_t capmask;
} cache_alias;
_Static_assert(sizeof(cache_entity) == 64 && sizeof(cache_alias) == 40 && sizeof(eg_trie_node) == 16, "cache record layout");

#define CHECKSUM_SEED 0x4547444943543039ULL

/* ---- encode */
typedef struct sbuf { char *data; size_t len, cap; } sbuf;

static int sb_put(sbuf *b, const void *p, size_t n)
{
    if (eg_grow(&b->data, &b->cap, b->len + n, 1)) return EG_ENOMEM;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

static int sb_align(sbuf *b)
{
    static const char zero[8];
    return (b->len & 7) ? sb_put(b, zero, 8 - (b->len & 7)) : 0;
}

/* Returns offset + 1, or 0 for NULL; *rc set on failure. */
static uint32_t sb_str(sbuf *b, const char *s, int *rc)
{
    if (!s) return 0;
    size_t off = b->len;
    if (off >= UINT32_MAX - 1 || sb_put(b, s, strlen(s) + 1)) { *rc = EG_ENOMEM; return 0; }
    return (uint32_t)off + 1;
}

int eg_dict_cache_encode(const eg_dict *d, uint64_t key, void **out, size_t *outlen, eg_error *err)
{
    *out = NULL;
    *outlen = 0;
    if (!d->compiled) return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "dictionary not compiled");
    sbuf strs = {0};
    cache_entity *ce = eg_calloc(d->nents ? d->nents : 1, sizeof *ce);
    cache_alias *ca = eg_calloc(d->naliases ? d->naliases : 1, sizeof *ca);
    uint32_t *cs = eg_calloc(d->nsources ? d->nsources : 1, sizeof *cs);
    int rc = (!ce || !ca || !cs) ? EG_ENOMEM : 0;
    for (size_t i = 0; i < d->nents && !rc; i++) {
        const eg_entity *e = &d->ents[i];
        ce[i].id = sb_str(&strs, e->id, &rc);
        ce[i].label = sb_str(&strs, e->label, &rc);
        ce[i].type = sb_str(&strs, e->type, &rc);
        ce[i].subtype = sb_str(&strs, e->subtype, &rc);
        ce[i].country = sb_str(&strs, e->country, &rc);
        ce[i].given = sb_str(&strs, e->given, &rc);
        ce[i].family = sb_str(&strs, e->family, &rc);
        ce[i].country_ent = e->country_ent;
        ce[i].source = e->source;
        ce[i].priority = e->priority;
        ce[i].line = e->line;
        ce[i].person = e->person;
        ce[i].order_ff = e->order_family_first;
        ce[i].blocker = e->blocker;
        ce[i].dropped = e->dropped;
        ce[i].provisional = e->provisional;
        ce[i].policy = e->policy;
        ce[i].valid_from = e->valid_from;
        ce[i].valid_to = e->valid_to;
    }
    for (size_t i = 0; i < d->naliases && !rc; i++) {
        const eg_alias *a = &d->aliases[i];
        ca[i].text = sb_str(&strs, a->text, &rc);
        ca[i].entity = a->entity;
        ca[i].next = a->next;
        ca[i].kind = a->kind;
        ca[i].policy = a->policy;
        ca[i].nwords = a->nwords;
        ca[i].guarded = a->guarded;
        ca[i].initial = a->initial;
        ca[i].title_words = a->title_words;
        ca[i].capmask = a->capmask;
        ca[i].valid_from = a->valid_from;
        ca[i].valid_to = a->valid_to;
    }
    for (size_t i = 0; i < d->nsources && !rc; i++) cs[i] = sb_str(&strs, d->sources[i], &rc);
    sbuf o = {0};
    cache_header h;
    memset(&h, 0, sizeof h);
    const eg_trie *t = &d->trie;
    if (!rc) {
        memcpy(h.magic, EG_CACHE_MAGIC, 8);
        h.key = key;
        h.nents = d->nents; h.naliases = d->naliases; h.nsources = d->nsources;
        h.nnodes = t->nnodes; h.nedges = t->nedges; h.maxdepth = t->maxdepth; h.shared_keys = d->shared_keys;
        rc = sb_put(&o, &h, sizeof h);
#define SECTION(field, ptr, size) do { if (!rc) rc = sb_align(&o); h.field = o.len; if (!rc && (size) != 0) rc = sb_put(&o, ptr, size); } while (0)
        SECTION(off_strings, strs.data, strs.len);
        h.len_strings = strs.len;
        SECTION(off_ents, ce, d->nents * sizeof *ce);
        SECTION(off_aliases, ca, d->naliases * sizeof *ca);
        SECTION(off_sources, cs, d->nsources * sizeof *cs);
        SECTION(off_nodes, t->nodes, t->nnodes * sizeof *t->nodes);
        SECTION(off_labels, t->labels, t->nedges);
        SECTION(off_child, t->child, t->nedges * sizeof *t->child);
        SECTION(off_root, t->root, sizeof t->root);
        SECTION(off_bits, t->first_bits, 2 * EG_PREFILTER_BITS / 8);
        h.nbitmaps = t->nbitmaps;
        SECTION(off_bitmaps, t->bitmaps, t->nbitmaps * 4 * sizeof *t->bitmaps);
        h.ftab_slots = t->ftab ? (uint64_t)t->ftab_mask + 1 : 0;
        h.nftok = t->nftok;
        SECTION(off_ftab, t->ftab, h.ftab_slots * sizeof *t->ftab);
        h.len_ftok = t->ftok_len;
        SECTION(off_ftok, t->ftok_pool, t->ftok_len);
#undef SECTION
        if (!rc) rc = sb_align(&o);
        h.file_size = o.len + 8;
        if (!rc) {
            memcpy(o.data, &h, sizeof h);
            uint64_t sum = eg_hash64(o.data, o.len, CHECKSUM_SEED);
            rc = sb_put(&o, &sum, 8);
        }
    }
    eg_free(strs.data); eg_free(ce); eg_free(ca); eg_free(cs);
    if (rc) { eg_free(o.data); return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); }
    *out = o.data;
    *outlen = o.len;
    return 0;
}

/* ---- decode */
static bool range_ok(const cache_header *h, uint64_t off, uint64_t n, uint64_t size)
{
    uint64_t end = h->file_size - 8;   /* the checksum is not data */
    return off >= sizeof *h && off <= end && n <= (end - off) / (size ? size : 1) && (off & 7) == 0;
}

static bool str_ok(uint64_t len, uint32_t off, bool required) { return off ? off - 1 < len : !required; }
static const char *str_at(const char *pool, uint32_t off) { return off ? pool + off - 1 : NULL; }

static int refuse(eg_error *why, const char *reason)
{
    eg_fail(why, EG_EINPUT, NULL, 0, 0, "%s", reason);
    return 1;
}

uint64_t eg_dict_cache_checksum(const void *buf, size_t len)
{
    return len >= 8 ? eg_hash64(buf, len - 8, CHECKSUM_SEED) : 0;
}

/* Records of the image that were copied are never read again: their whole
 * pages go back to the system as the copy advances, so the peak is not
 * the image plus all the copies (a third of a big image).  The next touch
 * of such a page would read zeros; nothing touches them. */
typedef struct releaser { uintptr_t done; long ps; } releaser;

static void release_init(releaser *r, const char *start)
{
    r->ps = sysconf(_SC_PAGESIZE);
    if (r->ps <= 0) r->ps = 0;
    else r->done = ((uintptr_t)start + (uintptr_t)r->ps - 1) & ~(uintptr_t)(r->ps - 1);
}

/* Everything before end was copied. */
static void release_upto(releaser *r, const char *end)
{
#ifdef MADV_DONTNEED
    if (!r->ps) return;
    uintptr_t b = (uintptr_t)end & ~(uintptr_t)(r->ps - 1);
    if (b > r->done) { (void)madvise((void *)r->done, b - r->done, MADV_DONTNEED); r->done = b; }
#else
    (void)r; (void)end;
#endif
}

int eg_dict_cache_decode(eg_dict **out, void *buf, size_t size, uint64_t key, eg_error *why)
{
    *out = NULL;
    if (((uintptr_t)buf & 7) != 0) return refuse(why, "misaligned buffer");
    if (size < sizeof(cache_header) + 8) return refuse(why, "file too short");
    const cache_header *h = buf;
    const char *base = buf;
    if (memcmp(h->magic, EG_CACHE_MAGIC, 8)) return refuse(why, "not a cache file of this version");
    if (h->file_size != size) return refuse(why, "file size does not match its header (truncated?)");
    uint64_t sum;
    memcpy(&sum, base + size - 8, 8);
    if (sum != eg_hash64(base, size - 8, CHECKSUM_SEED)) return refuse(why, "checksum mismatch");
    if (h->key != key) return refuse(why, "made from other dictionary sources");
    /* the checksum matched: now every number is checked as if it had not */
    bool ok = h->nents < UINT32_MAX && h->naliases < UINT32_MAX && h->nnodes < UINT32_MAX && h->nedges < UINT32_MAX &&
              h->nsources < UINT32_MAX && h->nbitmaps < UINT32_MAX && h->nnodes > 0 &&
              range_ok(h, h->off_strings, h->len_strings, 1) && range_ok(h, h->off_ents, h->nents, sizeof(cache_entity)) &&
              range_ok(h, h->off_aliases, h->naliases, sizeof(cache_alias)) && range_ok(h, h->off_sources, h->nsources, 4) &&
              range_ok(h, h->off_nodes, h->nnodes, sizeof(eg_trie_node)) && range_ok(h, h->off_labels, h->nedges, 1) &&
              range_ok(h, h->off_child, h->nedges, 4) && range_ok(h, h->off_root, 256, 4) &&
              range_ok(h, h->off_bits, 2 * EG_PREFILTER_WORDS, 8) && range_ok(h, h->off_bitmaps, h->nbitmaps, 32) &&
              range_ok(h, h->off_ftab, h->ftab_slots, sizeof(eg_ftok)) && range_ok(h, h->off_ftok, h->len_ftok, 1) &&
              h->ftab_slots <= ((uint64_t)1 << 31) && (h->ftab_slots & (h->ftab_slots - 1)) == 0 &&
              h->nftok * 2 <= h->ftab_slots && h->len_ftok < UINT32_MAX;
    if (!ok) return refuse(why, "a section lies outside the file");
    /* the layout is canonical: every section starts where the previous one
     * ends (8-byte aligned), so no offset can point into another section */
    {
        uint64_t at = sizeof *h;
#define NEXT(field, bytes) do { ok = ok && h->field == at; at = (at + (bytes) + 7) & ~(uint64_t)7; } while (0)
        NEXT(off_strings, h->len_strings);
        NEXT(off_ents, h->nents * sizeof(cache_entity));
        NEXT(off_aliases, h->naliases * sizeof(cache_alias));
        NEXT(off_sources, h->nsources * 4);
        NEXT(off_nodes, h->nnodes * sizeof(eg_trie_node));
        NEXT(off_labels, h->nedges);
        NEXT(off_child, h->nedges * 4);
        NEXT(off_root, 256 * 4);
        NEXT(off_bits, 2 * EG_PREFILTER_BITS / 8);
        NEXT(off_bitmaps, h->nbitmaps * 32);
        NEXT(off_ftab, h->ftab_slots * sizeof(eg_ftok));
        NEXT(off_ftok, h->len_ftok);
#undef NEXT
        ok = ok && at + 8 == h->file_size;
    }
    if (!ok) return refuse(why, "sections out of place");
    const char *pool = base + h->off_strings;
    if (h->len_strings && pool[h->len_strings - 1] != 0) return refuse(why, "string pool not terminated");
    const cache_entity *ce = (const cache_entity *)(base + h->off_ents);
    const cache_alias *ca = (const cache_alias *)(base + h->off_aliases);
    const uint32_t *cs = (const uint32_t *)(base + h->off_sources);
    uint64_t L = h->len_strings;
    for (size_t i = 0; i < h->nents; i++) {
        const cache_entity *c = &ce[i];
        if (!(str_ok(L, c->id, true) && str_ok(L, c->label, true) && str_ok(L, c->type, true) &&
              str_ok(L, c->subtype, false) && str_ok(L, c->country, false) && str_ok(L, c->given, false) &&
              str_ok(L, c->family, false) && (c->country_ent == EG_NONE || c->country_ent < h->nents) &&
              c->source < h->nsources && c->person <= 1 && c->order_ff <= 1 && c->blocker <= 1 && c->dropped <= 1 && c->provisional <= 1 &&
              c->policy <= EG_CASE_INSENSITIVE))
            return refuse(why, "bad entity record");
    }
    for (size_t i = 0; i < h->naliases; i++) {
        const cache_alias *c = &ca[i];
        if (!(str_ok(L, c->text, true) && c->entity < h->nents && (c->next == EG_NONE || c->next < h->naliases) &&
              c->kind < EG_KIND_COUNT && c->policy <= EG_CASE_INSENSITIVE && c->guarded <= 1 && c->initial <= 1))
            return refuse(why, "bad alias record");
    }
    for (size_t i = 0; i < h->nsources; i++)
        if (!str_ok(L, cs[i], true)) return refuse(why, "bad source name");
    const eg_trie_node *nodes = (const eg_trie_node *)(base + h->off_nodes);
    const uint32_t *child = (const uint32_t *)(base + h->off_child);
    const uint64_t *bitmaps = (const uint64_t *)(base + h->off_bitmaps);
    uint32_t root[256];
    memcpy(root, base + h->off_root, sizeof root);
    for (size_t i = 0; i < 256; i++)
        if (!(root[i] == EG_NONE || root[i] < h->nnodes)) return refuse(why, "bad trie root");
    for (size_t i = 0; i < h->nedges; i++)
        if (child[i] >= h->nnodes) return refuse(why, "bad trie edge");
    /* alias chains: each starts at a trie node, ends, and shares no alias
     * with another (a loop or a merge would make a tagger walk forever or
     * see an alias twice).  Checked without walking the chains (a walk
     * reads the alias records in chain order, a cache miss each on a big
     * dictionary): no alias is the next of two aliases, and no chain head
     * is anyone's next or the head of two nodes.  Then every chain from a
     * head is a simple path: it cannot meet another path or itself without
     * an alias of two predecessors, nor come back to its head.  (A loop no
     * head leads to is never walked.) */
    uint64_t *hasin = eg_calloc(h->naliases / 64 + 1, sizeof *hasin);
    uint64_t *head = eg_calloc(h->naliases / 64 + 1, sizeof *head);
    if (!hasin || !head) { eg_free(hasin); eg_free(head); return EG_ENOMEM; }
    for (size_t a = 0; a < h->naliases && ok; a++) {
        uint32_t nx = ca[a].next;
        if (nx == EG_NONE) continue;
        ok = !(hasin[nx >> 6] >> (nx & 63) & 1);
        hasin[nx >> 6] |= (uint64_t)1 << (nx & 63);
    }
    for (size_t i = 0; i < h->nnodes && ok; i++) {
        const eg_trie_node *nd = &nodes[i];
        ok = nd->first <= h->nedges && nd->n <= h->nedges - nd->first && (nd->term == EG_NONE || nd->term < h->naliases) &&
             (nd->bm == EG_NONE ? nd->n < EG_TRIE_BITMAP_MIN : nd->bm < h->nbitmaps);
        if (ok && nd->bm != EG_NONE) {   /* the bitmap must count exactly the node's edges */
            const uint64_t *b = bitmaps + 4 * (size_t)nd->bm;
            uint32_t cnt = 0;
            for (int k = 0; k < 4; k++) cnt += (uint32_t)eg_popcount64(b[k]);
            ok = cnt == nd->n;
        }
        uint32_t a = nd->term;
        if (ok && a != EG_NONE) {
            ok = !(head[a >> 6] >> (a & 63) & 1) && !(hasin[a >> 6] >> (a & 63) & 1);
            head[a >> 6] |= (uint64_t)1 << (a & 63);
        }
    }
    eg_free(hasin);
    eg_free(head);
    if (!ok) return refuse(why, "bad trie node or alias chain");
    /* the first-token table: nodes in range, tokens in the pool, exactly
     * nftok used slots (at most half: a probe always meets an empty one) */
    const eg_ftok *ftab = (const eg_ftok *)(base + h->off_ftab);
    uint64_t used = 0;
    for (size_t i = 0; i < h->ftab_slots && ok; i++) {
        const eg_ftok *e = &ftab[i];
        if (e->node == EG_NONE) continue;
        used++;
        ok = e->node < h->nnodes && (e->len2 >> 1) >= 1 && e->off <= h->len_ftok && (e->len2 >> 1) <= h->len_ftok - e->off;
    }
    if (!ok || used != h->nftok) return refuse(why, "bad first-token table");
    /* valid: build the dictionary around the image */
    eg_dict *d = eg_dict_new();
    if (!d) return EG_ENOMEM;
    d->ents = eg_calloc(h->nents ? h->nents : 1, sizeof *d->ents);
    d->aliases = eg_calloc(h->naliases ? h->naliases : 1, sizeof *d->aliases);
    d->sources = eg_calloc(h->nsources ? h->nsources : 1, sizeof *d->sources);
    if (!d->ents || !d->aliases || !d->sources) { eg_dict_free(d); return EG_ENOMEM; }
    d->capents = h->nents; d->capaliases = h->naliases; d->capsources = h->nsources;
    for (size_t i = 0; i < h->nsources; i++) {
        const char *s = str_at(pool, cs[i]);
        d->sources[i] = eg_strndup(s, strlen(s));
        if (!d->sources[i]) { eg_dict_free(d); return EG_ENOMEM; }
        d->nsources++;
    }
    for (size_t i = 0; i < h->nents; i++) {
        const cache_entity *c = &ce[i];
        eg_entity *e = &d->ents[i];
        e->id = (char *)str_at(pool, c->id); e->label = (char *)str_at(pool, c->label);
        e->type = (char *)str_at(pool, c->type); e->subtype = (char *)str_at(pool, c->subtype);
        e->country = (char *)str_at(pool, c->country); e->given = (char *)str_at(pool, c->given);
        e->family = (char *)str_at(pool, c->family);
        e->country_ent = c->country_ent; e->source = c->source; e->priority = c->priority; e->line = (long)c->line;
        e->person = c->person; e->order_family_first = c->order_ff; e->blocker = c->blocker;
        e->dropped = c->dropped; e->provisional = c->provisional; e->policy = c->policy;
        e->valid_from = c->valid_from; e->valid_to = c->valid_to;
        d->nents++;
        bool created;
        uint32_t *slot = eg_strmap_put(&d->ids, e->id, strlen(e->id), &created);
        if (!slot) { eg_dict_free(d); return EG_ENOMEM; }
        if (!created) { eg_dict_free(d); return refuse(why, "duplicate entity id"); }
        *slot = (uint32_t)i;
    }
    /* nothing can fail from here on: buf is ours */
    releaser rl;
    release_init(&rl, (const char *)ce);
    release_upto(&rl, (const char *)&ce[h->nents]);
    release_init(&rl, (const char *)ca);
    for (size_t i = 0; i < h->naliases; i++) {
        if (!(i & 0xffff)) release_upto(&rl, (const char *)&ca[i]);
        const cache_alias *c = &ca[i];
        eg_alias *a = &d->aliases[i];
        a->text = (char *)str_at(pool, c->text);
        a->entity = c->entity; a->next = c->next; a->kind = c->kind; a->policy = c->policy;
        a->nwords = c->nwords; a->guarded = c->guarded; a->initial = c->initial; a->title_words = c->title_words;
        a->capmask = c->capmask;
        a->valid_from = c->valid_from; a->valid_to = c->valid_to;
        d->naliases++;
    }
    release_upto(&rl, (const char *)&ca[h->naliases]);
    eg_trie *t = &d->trie;
    t->nodes = (eg_trie_node *)(base + h->off_nodes);
    t->labels = (uint8_t *)(base + h->off_labels);
    t->child = (uint32_t *)(base + h->off_child);
    t->first_bits = (uint64_t *)(base + h->off_bits);
    t->bitmaps = (uint64_t *)(base + h->off_bitmaps);
    t->nbitmaps = h->nbitmaps;
    t->ftab = h->ftab_slots ? (eg_ftok *)(base + h->off_ftab) : NULL;
    t->ftab_mask = h->ftab_slots ? (uint32_t)(h->ftab_slots - 1) : 0;
    t->nftok = (uint32_t)h->nftok;
    t->ftok_pool = (char *)(base + h->off_ftok);
    t->ftok_len = h->len_ftok;
    t->nnodes = h->nnodes; t->nedges = h->nedges; t->maxdepth = h->maxdepth;
    memcpy(t->root, root, sizeof t->root);
    d->shared_keys = h->shared_keys;
    d->compiled = d->generated = true;
    d->blob = buf;   /* owned from here on */
    *out = d;
    return 0;
}
