/* fuzz_common.h - helpers shared by the libFuzzer harnesses: a failed
 * invariant prints what broke and aborts, so libFuzzer saves the input. */
#ifndef EG_FUZZ_COMMON_H
#define EG_FUZZ_COMMON_H
#include "internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...) do { if (!(cond)) { \
    fprintf(stderr, "invariant failed at %s:%d: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

/* A sink for writers whose output is not inspected. */
static inline FILE *fuzz_null(void)
{
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f;
}

/* Code points in s[0..n) as the library counts them (one per invalid byte). */
/* FNV-1a of the input: a deterministic choice derived from it. */
static inline uint64_t fuzz_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    return h;
}

static inline size_t fuzz_cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; c++) {
        int32_t cp;
        i += (size_t)eg_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    }
    return c;
}

/* Check one document's mentions: sorted, non-overlapping, on character
 * boundaries, within the text, code-point offsets consistent. */
static inline void fuzz_check_mentions(const eg_dict *d, const char *text, size_t len,
                                const eg_mention *m, size_t n)
{
    size_t pos = 0, cps = 0;   /* walk characters alongside the mentions */
    for (size_t i = 0; i < n; i++) {
        const eg_mention *x = &m[i];
        FUZZ_CHECK(x->byte_start < x->byte_end, "mention %zu: %zu..%zu", i, x->byte_start, x->byte_end);
        FUZZ_CHECK(x->byte_end <= len, "mention %zu ends at %zu > %zu", i, x->byte_end, len);
        FUZZ_CHECK(x->start < x->end, "mention %zu: cp %zu..%zu", i, x->start, x->end);
        if (i) {
            FUZZ_CHECK(x->byte_start >= m[i - 1].byte_end, "mention %zu overlaps the previous one", i);
            FUZZ_CHECK(x->start >= m[i - 1].end, "mention %zu: cp offsets overlap", i);
            FUZZ_CHECK(x->sentence >= m[i - 1].sentence && x->paragraph >= m[i - 1].paragraph,
                       "mention %zu: sentence/paragraph go backwards", i);
        }
        FUZZ_CHECK(x->entity < eg_dict_entity_count(d), "mention %zu: entity %u", i, x->entity);
        FUZZ_CHECK(x->ncand >= 1 && x->cand, "mention %zu: %u candidates", i, x->ncand);
        int found = 0;
        for (uint32_t k = 0; k < x->ncand; k++) {
            FUZZ_CHECK(x->cand[k] < eg_dict_entity_count(d), "mention %zu: candidate %u", i, x->cand[k]);
            found |= x->cand[k] == x->entity;
        }
        FUZZ_CHECK(found, "mention %zu: entity is not a candidate", i);
        FUZZ_CHECK((unsigned)x->via < EG_KIND_COUNT && (unsigned)x->how < EG_HOW_COUNT, "mention %zu: via/how", i);
        while (pos < x->byte_start) {
            int32_t cp;
            pos += (size_t)eg_utf8_decode((const unsigned char *)text + pos, len - pos, &cp);
            cps++;
        }
        FUZZ_CHECK(pos == x->byte_start, "mention %zu starts inside a character (byte %zu)", i, x->byte_start);
        FUZZ_CHECK(cps == x->start, "mention %zu: start %zu, counted %zu", i, x->start, cps);
        size_t inner = fuzz_cp_count(text + x->byte_start, x->byte_end - x->byte_start);
        FUZZ_CHECK(x->end - x->start == inner, "mention %zu: %zu code points, counted %zu", i, x->end - x->start, inner);
        /* ends on a character boundary of the whole text */
        size_t p2 = pos;
        while (p2 < x->byte_end) {
            int32_t cp;
            p2 += (size_t)eg_utf8_decode((const unsigned char *)text + p2, len - p2, &cp);
        }
        FUZZ_CHECK(p2 == x->byte_end, "mention %zu ends inside a character (byte %zu)", i, x->byte_end);
    }
}
#endif
