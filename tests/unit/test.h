/* test.h - a minimal TAP-like harness: every CHECK prints "ok - ..." or
 * "not ok - ..." (tests/run.sh counts them). */
#ifndef EG_TEST_H
#define EG_TEST_H
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
#endif
