/*
 * util.c - allocation (with the fault-injection hook), errors, growable
 * buffers and the string hash map used by the dictionary.
 */
#include "internal.h"
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

/* Relaxed atomics: tagging threads allocate too (the injected failure is
 * only reproducible with one thread, but the count must not race). */
static unsigned long alloc_fail_at;
static _Atomic unsigned long alloc_count;

void eg_alloc_fail_at(unsigned long n) { alloc_fail_at = n; atomic_store(&alloc_count, 0); }
unsigned long eg_alloc_count(void) { return atomic_load(&alloc_count); }

/* An injected failure looks like a real one: NULL and errno = ENOMEM. */
static bool should_fail(void)
{
    unsigned long c = atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1;
    if (!alloc_fail_at || c != alloc_fail_at) return false;
    errno = ENOMEM;
    return true;
}

void *eg_malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }
void *eg_calloc(size_t n, size_t size) { return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1); }
void *eg_realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n ? n : 1); }
void eg_free(void *p) { free(p); }

const char *eg_version(void) { return EG_VERSION; }

char *eg_strndup(const char *s, size_t n)
{
    char *r = eg_malloc(n + 1);
    if (!r) return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

void eg_error_clear(eg_error *err)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
}

int eg_fail(eg_error *err, int code, const char *source, long line, long col,
            const char *fmt, ...)
{
    if (!err || err->code) return code;   /* the first error wins */
    err->code = code;
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return code;
}

const char *eg_error_format(const eg_error *err, char *buf, size_t size)
{
    if (err->source[0] && err->line > 0 && err->col > 0)
        snprintf(buf, size, "%s:%ld:%ld: %s", err->source, err->line, err->col, err->text);
    else if (err->source[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->source, err->line, err->text);
    else if (err->source[0])
        snprintf(buf, size, "%s: %s", err->source, err->text);
    else
        snprintf(buf, size, "%s", err->text);
    return buf;
}

int eg_grow(void *pp, size_t *cap, size_t need, size_t sz)
{
    void **p = pp;
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / sz) return EG_ENOMEM;
        nc *= 2;
    }
    void *q = eg_realloc(*p, nc * sz);
    if (!q) return EG_ENOMEM;
    *p = q;
    *cap = nc;
    return 0;
}

int eg_buf_put(eg_buf *b, const char *s, size_t n)
{
    if (eg_grow(&b->data, &b->cap, b->len + n + 1, 1)) return EG_ENOMEM;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
    return 0;
}
int eg_buf_puts(eg_buf *b, const char *s) { return eg_buf_put(b, s, strlen(s)); }
int eg_buf_putc(eg_buf *b, char c) { return eg_buf_put(b, &c, 1); }
void eg_buf_release(eg_buf *b) { eg_free(b->data); b->data = NULL; b->len = b->cap = 0; }

/* FNV-1a, 64-bit: simple and good enough for identifiers. */
uint64_t eg_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

struct eg_chunk { eg_chunk *next; size_t used, cap; char data[]; };

char *eg_arena_strndup(eg_arena *a, const char *s, size_t n)
{
    eg_chunk *c = a->head;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > 65536 / 4 ? n + 1 : 65536;
        eg_chunk *nc = eg_malloc(sizeof *nc + cap);
        if (!nc) return NULL;
        nc->used = 0;
        nc->cap = cap;
        if (c && cap != 65536) {          /* a big string: keep the current chunk on top */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    char *r = c->data + c->used;
    memcpy(r, s, n);
    r[n] = 0;
    c->used += n + 1;
    return r;
}

void eg_arena_release(eg_arena *a)
{
    for (eg_chunk *c = a->head, *n; c; c = n) { n = c->next; eg_free(c); }
    a->head = NULL;
}

static size_t strmap_slot_h(const eg_strmap *m, const char *key, size_t len, uint64_t h, bool *found)
{
    size_t mask = m->cap - 1, i = h & mask;
    for (;;) {
        const char *k = m->keys[i];
        if (!k) { *found = false; return i; }
        if (m->hashes[i] == h && strncmp(k, key, len) == 0 && k[len] == 0) { *found = true; return i; }
        i = (i + 1) & mask;
    }
}

static size_t strmap_slot(const eg_strmap *m, const char *key, size_t len, bool *found)
{
    return strmap_slot_h(m, key, len, eg_hash_bytes(key, len), found);
}

uint32_t *eg_strmap_get(const eg_strmap *m, const char *key, size_t len)
{
    if (!m->cap) return NULL;
    bool found;
    size_t i = strmap_slot(m, key, len, &found);
    return found ? &m->vals[i] : NULL;
}

static int strmap_resize(eg_strmap *m, size_t ncap)
{
    char **ok = m->keys;
    uint32_t *ov = m->vals;
    uint64_t *oh = m->hashes;
    size_t ocap = m->cap;
    char **nk = eg_calloc(ncap, sizeof *nk);
    uint32_t *nv = eg_calloc(ncap, sizeof *nv);
    uint64_t *nh = eg_calloc(ncap, sizeof *nh);
    if (!nk || !nv || !nh) { eg_free(nk); eg_free(nv); eg_free(nh); return EG_ENOMEM; }
    m->keys = nk; m->vals = nv; m->hashes = nh; m->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!ok[i]) continue;
        size_t j = oh[i] & (ncap - 1);
        while (nk[j]) j = (j + 1) & (ncap - 1);
        nk[j] = ok[i];
        nv[j] = ov[i];
        nh[j] = oh[i];
    }
    eg_free(ok);
    eg_free(ov);
    eg_free(oh);
    return 0;
}

uint32_t *eg_strmap_put(eg_strmap *m, const char *key, size_t len, bool *created)
{
    if ((m->count + 1) * 4 >= m->cap * 3)
        if (strmap_resize(m, m->cap ? m->cap * 2 : 64)) return NULL;
    bool found;
    uint64_t h = eg_hash_bytes(key, len);
    size_t i = strmap_slot_h(m, key, len, h, &found);
    *created = !found;
    if (!found) {
        char *k = eg_strndup(key, len);
        if (!k) return NULL;
        m->keys[i] = k;
        m->vals[i] = 0;
        m->hashes[i] = h;
        m->count++;
    }
    return &m->vals[i];
}

void eg_strmap_release(eg_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) eg_free(m->keys[i]);
    eg_free(m->keys);
    eg_free(m->vals);
    eg_free(m->hashes);
    memset(m, 0, sizeof *m);
}

/* ---- a 64-bit hash for checksums: four independent multiply-rotate lanes
 * over 32-byte blocks (the structure of xxHash64), so long buffers hash at
 * several GB/s, then a tail and a final avalanche. */
#define H_P1 0x9E3779B185EBCA87ULL
#define H_P2 0xC2B2AE3D27D4EB4FULL
#define H_P3 0x165667B19E3779F9ULL
#define H_P4 0x85EBCA77C2B2AE63ULL
#define H_P5 0x27D4EB2F165667C5ULL

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static inline uint64_t h_round(uint64_t acc, uint64_t in) { return rotl64(acc + in * H_P2, 31) * H_P1; }
static inline uint64_t h_merge(uint64_t acc, uint64_t v) { return (acc ^ h_round(0, v)) * H_P1 + H_P4; }
static inline uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }

uint64_t eg_hash64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data, *end = p + n;
    uint64_t h;
    if (n >= 32) {
        uint64_t a = seed + H_P1 + H_P2, b = seed + H_P2, c = seed, d = seed - H_P1;
        const unsigned char *lim = end - 32;
        do {
            a = h_round(a, rd64(p)); b = h_round(b, rd64(p + 8));
            c = h_round(c, rd64(p + 16)); d = h_round(d, rd64(p + 24));
            p += 32;
        } while (p <= lim);
        h = rotl64(a, 1) + rotl64(b, 7) + rotl64(c, 12) + rotl64(d, 18);
        h = h_merge(h, a); h = h_merge(h, b); h = h_merge(h, c); h = h_merge(h, d);
    } else {
        h = seed + H_P5;
    }
    h += (uint64_t)n;
    for (; p + 8 <= end; p += 8) h = rotl64(h ^ h_round(0, rd64(p)), 27) * H_P1 + H_P4;
    if (p + 4 <= end) { h = rotl64(h ^ (uint64_t)rd32(p) * H_P1, 23) * H_P2 + H_P3; p += 4; }
    for (; p < end; p++) h = rotl64(h ^ (uint64_t)*p * H_P5, 11) * H_P1;
    h ^= h >> 33; h *= H_P2; h ^= h >> 29; h *= H_P3; h ^= h >> 32;
    return h;
}
