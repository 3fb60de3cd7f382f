/*
 * dict_cache.c - the compiled dictionary cache: a compiled dictionary
 * (entities, aliases, the trie and its prefilter) saved in one binary file
 * and memory-mapped back, so a large gazetteer is ready in milliseconds
 * instead of being parsed and compiled again.
 *
 * The cache is keyed by a checksum of the source files' names and bytes
 * (eg_dict_checksum_paths) and the format version; a file whose key, size
 * or any offset does not check out is treated as absent, never trusted.
 * Strings and the trie are used in place from the mapping; entity and
 * alias records are rebuilt as structs pointing into it.
 */
#include "internal.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bump on any change to the layout or to what is derived at compile time
 * (normalisation, the prefilter hash): old caches then simply miss. */
#define CACHE_MAGIC "EGDICT08"

typedef struct cache_header {
    char magic[8];
    uint64_t key;
    uint64_t nents, naliases, nsources, nnodes, nedges, maxdepth, shared_keys;
    uint64_t off_strings, len_strings;
    uint64_t off_ents, off_aliases, off_sources, off_nodes, off_labels, off_child, off_root, off_bits;
    uint64_t off_bitmaps, nbitmaps;
    uint64_t file_size;
    uint64_t payload_hash;   /* of every byte after the header */
} cache_header;

typedef struct cache_entity {
    uint32_t id, label, type, subtype, country, given, family;   /* string offset + 1, 0 = none */
    uint32_t country_ent, source;
    int32_t priority;
    int64_t line;
    uint8_t person, order_ff, blocker, pad[5];
} cache_entity;

typedef struct cache_alias {
    uint32_t text, entity, next;
    uint8_t kind, policy, nwords, guarded, initial, title_words, pad[6];
    uint64_t capmask;
} cache_alias;

/* ---- checksum of sources: names and bytes, word at a time */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v * 0x9E3779B97F4A7C15ULL;
    h = (h << 27) | (h >> 37);
    return h * 0xBF58476D1CE4E5B9ULL + 0x94D049BB133111EBULL;
}

static uint64_t hash_buf(uint64_t h, const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        h = mix(h, v);
    }
    uint64_t v = 0;
    memcpy(&v, p + i, n - i);
    return mix(mix(h, v), n);
}

static int hash_path(const char *path, uint64_t *h, eg_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        /* the same files, in the same order, as eg_dict_load_path */
        char **names;
        size_t n;
        int rc = eg_dict_dir_files(path, &names, &n, err);
        for (size_t i = 0; i < n && !rc; i++) rc = hash_path(names[i], h, err);
        for (size_t i = 0; i < n; i++) eg_free(names[i]);
        eg_free(names);
        return rc;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open: %s", strerror(errno));
    *h = hash_buf(*h, (const unsigned char *)path, strlen(path));
    static unsigned char buf[1 << 16];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0) *h = hash_buf(*h, buf, (size_t)r);
    int e = errno;
    close(fd);
    if (r < 0) return eg_fail(err, EG_ESYS, path, 0, 0, "read error: %s", strerror(e));
    return 0;
}

int eg_dict_checksum_paths(const char *const *paths, size_t n, uint64_t *out, eg_error *err)
{
    uint64_t h = hash_buf(0x656e746772617068ULL, (const unsigned char *)CACHE_MAGIC EG_VERSION, strlen(CACHE_MAGIC EG_VERSION));
    for (size_t i = 0; i < n; i++) {
        int rc = hash_path(paths[i], &h, err);
        if (rc) return rc;
        h = mix(h, 0xFF);
    }
    *out = h;
    return 0;
}

/* ---- save */
typedef struct sbuf { char *data; size_t len, cap; } sbuf;

static int sb_put(sbuf *b, const void *p, size_t n)
{
    if (eg_grow(&b->data, &b->cap, b->len + n, 1)) return EG_ENOMEM;
    memcpy(b->data + b->len, p, n);
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

int eg_dict_save(const eg_dict *d, const char *path, uint64_t key, eg_error *err)
{
    if (!d->compiled) return eg_fail(err, EG_EUSAGE, path, 0, 0, "dictionary not compiled");
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
    }
    for (size_t i = 0; i < d->nsources && !rc; i++) cs[i] = sb_str(&strs, d->sources[i], &rc);
    sbuf out = {0};
    cache_header h;
    memset(&h, 0, sizeof h);
    const eg_trie *t = &d->trie;
    if (!rc) {
        memcpy(h.magic, CACHE_MAGIC, 8);
        h.key = key;
        h.nents = d->nents; h.naliases = d->naliases; h.nsources = d->nsources;
        h.nnodes = t->nnodes; h.nedges = t->nedges; h.maxdepth = t->maxdepth; h.shared_keys = d->shared_keys;
        rc = sb_put(&out, &h, sizeof h);
#define SECTION(field, ptr, size) do { if (!rc) rc = sb_align(&out); h.field = out.len; if (!rc && (size) != 0) rc = sb_put(&out, ptr, size); } while (0)
        SECTION(off_strings, strs.data, strs.len);
        h.len_strings = strs.len;
        SECTION(off_ents, ce, d->nents * sizeof *ce);
        SECTION(off_aliases, ca, d->naliases * sizeof *ca);
        SECTION(off_sources, cs, d->nsources * sizeof *cs);
        SECTION(off_nodes, t->nodes, t->nnodes * sizeof *t->nodes);
        SECTION(off_labels, t->labels, t->nedges);
        SECTION(off_child, t->child, t->nedges * sizeof *t->child);
        SECTION(off_root, t->root, sizeof t->root);
        SECTION(off_bits, t->first_bits, EG_PREFILTER_BITS / 8);
        h.nbitmaps = t->nbitmaps;
        SECTION(off_bitmaps, t->bitmaps, t->nbitmaps * 4 * sizeof *t->bitmaps);
#undef SECTION
        h.file_size = out.len;
        if (!rc) {
            h.payload_hash = hash_buf(0, (const unsigned char *)out.data + sizeof h, out.len - sizeof h);
            memcpy(out.data, &h, sizeof h);
        }
    }
    eg_free(strs.data); eg_free(ce); eg_free(ca); eg_free(cs);
    if (rc) { eg_free(out.data); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
    eg_outfile of;
    if ((rc = eg_outfile_open(&of, path, err))) { eg_free(out.data); return rc; }
    fwrite(out.data, 1, out.len, of.fp);
    eg_free(out.data);
    return eg_outfile_commit(&of, err);
}

/* ---- open */
/* The pool is checked once to end with a NUL, so any offset inside it
 * starts a terminated string. */
static bool str_ok(const char *pool, uint64_t len, uint32_t off)
{
    (void)pool;
    return off == 0 || off - 1 < len;
}

static const char *str_at(const char *pool, uint32_t off) { return off ? pool + off - 1 : NULL; }

static bool range_ok(const cache_header *h, uint64_t off, uint64_t n, uint64_t size)
{
    return off <= h->file_size && n <= (h->file_size - off) / (size ? size : 1) && (off & 7) == 0;
}

int eg_dict_open_cache(eg_dict **out, const char *path, uint64_t key)
{
    *out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 1;
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(cache_header)) { close(fd); return 1; }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return 1;
    const cache_header *h = map;
    const char *base = map;
    bool ok = !memcmp(h->magic, CACHE_MAGIC, 8) && h->key == key && h->file_size == size &&
              h->nents < UINT32_MAX && h->naliases < UINT32_MAX && h->nnodes < UINT32_MAX && h->nedges < UINT32_MAX &&
              range_ok(h, h->off_strings, h->len_strings, 1) && range_ok(h, h->off_ents, h->nents, sizeof(cache_entity)) &&
              range_ok(h, h->off_aliases, h->naliases, sizeof(cache_alias)) && range_ok(h, h->off_sources, h->nsources, 4) &&
              range_ok(h, h->off_nodes, h->nnodes, sizeof(eg_trie_node)) && range_ok(h, h->off_labels, h->nedges, 1) &&
              range_ok(h, h->off_child, h->nedges, 4) && range_ok(h, h->off_root, 256, 4) &&
              range_ok(h, h->off_bits, EG_PREFILTER_BITS / 64, 8) && h->nnodes > 0 &&
              h->nbitmaps < UINT32_MAX && range_ok(h, h->off_bitmaps, h->nbitmaps, 32) &&
              hash_buf(0, (const unsigned char *)base + sizeof *h, size - sizeof *h) == h->payload_hash;
    eg_dict *d = ok ? eg_dict_new() : NULL;
    if (!d) { munmap(map, size); return ok ? EG_ENOMEM : 1; }
    const char *pool = base + h->off_strings;
    if (h->len_strings && pool[h->len_strings - 1] != 0) ok = false;
    const cache_entity *ce = (const cache_entity *)(base + h->off_ents);
    const cache_alias *ca = (const cache_alias *)(base + h->off_aliases);
    const uint32_t *cs = (const uint32_t *)(base + h->off_sources);
    if (!ok) { eg_dict_free(d); munmap(map, size); return 1; }
    d->ents = eg_calloc(h->nents ? h->nents : 1, sizeof *d->ents);
    d->aliases = eg_calloc(h->naliases ? h->naliases : 1, sizeof *d->aliases);
    d->sources = eg_calloc(h->nsources ? h->nsources : 1, sizeof *d->sources);
    int rc = (!d->ents || !d->aliases || !d->sources) ? EG_ENOMEM : 0;
    d->map = map;
    d->map_size = size;
    d->capents = h->nents; d->capaliases = h->naliases; d->capsources = h->nsources;
    for (size_t i = 0; i < h->nents && !rc && ok; i++) {
        const cache_entity *c = &ce[i];
        ok = str_ok(pool, h->len_strings, c->id) && c->id && str_ok(pool, h->len_strings, c->label) && c->label &&
             str_ok(pool, h->len_strings, c->type) && c->type && str_ok(pool, h->len_strings, c->subtype) &&
             str_ok(pool, h->len_strings, c->country) && str_ok(pool, h->len_strings, c->given) &&
             str_ok(pool, h->len_strings, c->family) && (c->country_ent == EG_NONE || c->country_ent < h->nents) &&
             c->source < h->nsources;
        if (!ok) break;
        eg_entity *e = &d->ents[i];
        e->id = (char *)str_at(pool, c->id); e->label = (char *)str_at(pool, c->label);
        e->type = (char *)str_at(pool, c->type); e->subtype = (char *)str_at(pool, c->subtype);
        e->country = (char *)str_at(pool, c->country); e->given = (char *)str_at(pool, c->given);
        e->family = (char *)str_at(pool, c->family);
        e->country_ent = c->country_ent; e->source = c->source; e->priority = c->priority; e->line = (long)c->line;
        e->person = c->person; e->order_family_first = c->order_ff; e->blocker = c->blocker;
        d->nents++;
    }
    for (size_t i = 0; i < h->naliases && !rc && ok; i++) {
        const cache_alias *c = &ca[i];
        ok = c->text && str_ok(pool, h->len_strings, c->text) && c->entity < h->nents &&
             (c->next == EG_NONE || c->next < h->naliases) && c->kind < EG_KIND_COUNT && c->policy <= EG_CASE_INSENSITIVE;
        if (!ok) break;
        eg_alias *a = &d->aliases[i];
        a->text = (char *)str_at(pool, c->text);
        a->entity = c->entity; a->next = c->next; a->kind = c->kind; a->policy = c->policy;
        a->nwords = c->nwords; a->guarded = c->guarded; a->initial = c->initial; a->title_words = c->title_words; a->capmask = c->capmask;
        d->naliases++;
    }
    for (size_t i = 0; i < h->nsources && !rc && ok; i++) {
        ok = cs[i] && str_ok(pool, h->len_strings, cs[i]);
        if (!ok) break;
        d->sources[i] = eg_strndup(str_at(pool, cs[i]), strlen(str_at(pool, cs[i])));
        if (!d->sources[i]) rc = EG_ENOMEM;
        else d->nsources++;
    }
    /* the trie, in place */
    eg_trie *t = &d->trie;
    t->nodes = (eg_trie_node *)(base + h->off_nodes);
    t->labels = (uint8_t *)(base + h->off_labels);
    t->child = (uint32_t *)(base + h->off_child);
    t->first_bits = (uint64_t *)(base + h->off_bits);
    t->bitmaps = (uint64_t *)(base + h->off_bitmaps);
    t->nbitmaps = h->nbitmaps;
    t->nnodes = h->nnodes; t->nedges = h->nedges; t->maxdepth = h->maxdepth;
    memcpy(t->root, base + h->off_root, sizeof t->root);
    for (size_t i = 0; i < 256 && ok; i++) ok = t->root[i] == EG_NONE || t->root[i] < h->nnodes;
    for (size_t i = 0; i < h->nnodes && ok; i++) {
        const eg_trie_node *nd = &t->nodes[i];
        ok = nd->first <= h->nedges && nd->n <= h->nedges - nd->first && (nd->term == EG_NONE || nd->term < h->naliases) &&
             (nd->bm == EG_NONE ? nd->n < EG_TRIE_BITMAP_MIN : nd->bm < h->nbitmaps);
        if (ok && nd->bm != EG_NONE) {   /* the bitmap must count exactly the node's edges */
            const uint64_t *b = t->bitmaps + 4 * (size_t)nd->bm;
            uint32_t cnt = 0;
            for (int k = 0; k < 4; k++) cnt += (uint32_t)eg_popcount64(b[k]);
            ok = cnt == nd->n;
        }
    }
    for (size_t i = 0; i < h->nedges && ok; i++) ok = t->child[i] < h->nnodes;
    d->shared_keys = h->shared_keys;
    d->compiled = d->generated = true;
    if (rc || !ok) {
        eg_dict_free(d);
        return rc ? rc : 1;
    }
    *out = d;
    return 0;
}
