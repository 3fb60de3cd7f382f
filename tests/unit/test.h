/* test.h - a minimal TAP-like harness: every CHECK prints "ok - ..." or
 * "not ok - ..." (tests/run.sh counts them). */
#ifndef EG_TEST_H
#define EG_TEST_H
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
static int t_failed;
#define CHECK(cond, ...) do { \
    if (cond) { printf("ok - "); printf(__VA_ARGS__); printf("\n"); } \
    else { t_failed++; printf("not ok - "); printf(__VA_ARGS__); printf("  (%s:%d: %s)\n", __FILE__, __LINE__, #cond); } \
} while (0)
#define CHECK_STR(got, want, ...) do { const char *g_ = (got), *w_ = (want); \
    CHECK(g_ && strcmp(g_, w_) == 0, __VA_ARGS__); \
    if (!(g_ && strcmp(g_, w_) == 0)) printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_); } while (0)

/* A random text of about want bytes (at most cap) for the SIMD-against-
 * scalar tests: one in every `every` draws is a piece from pieces, the
 * others one byte of letters (a linear congruential generator in *seed:
 * the same texts on every run).  Returns the length. */
static inline size_t rand_text(char *buf, size_t cap, size_t want, unsigned *seed, unsigned every, const char *letters,
                               const char *const *pieces, size_t npieces)
{
    size_t len = 0;
    while (len < want) {
        *seed = *seed * 1103515245u + 12345u;
        bool piece = (*seed >> 16) % every == 0;
        const char *p = piece ? pieces[(*seed >> 16) % npieces] : letters + (*seed >> 8) % 30;
        size_t pl = piece ? strlen(p) : 1;
        if (len + pl > cap) break;
        memcpy(buf + len, p, pl);
        len += pl;
    }
    return len;
}
#endif
