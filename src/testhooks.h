/*
 * testhooks.h - hooks for the test suite, not part of the public API.
 *
 * Fault injection: every library allocation goes through one wrapper
 * (util.c) that can be made to fail the Nth time (0 disables), so a test
 * can check that every failure is reported and leaks nothing
 * (tests/checks/fault_injection.sh, through ENTGRAPH_FAIL_ALLOC in the CLI).
 * The counter is the library's one writable global besides the igraph
 * lock; it is atomic, and with jobs > 1 which allocation is "the Nth"
 * depends on scheduling, so the tests use one job.
 */
#ifndef EG_TESTHOOKS_H
#define EG_TESTHOOKS_H
void eg_alloc_fail_at(unsigned long n);
unsigned long eg_alloc_count(void);
/* Switch off the fast paths for one dictionary (the exact first-token
 * table; the SIMD block path of the normaliser in the taggers made for
 * it): the tagger falls back to the byte-by-byte walk from the root and
 * the scalar normaliser, which must give the same mentions (tests/checks/differential.sh,
 * through ENTGRAPH_NO_FAST_PATHS in the CLI). */
struct eg_dict;
void eg_dict_no_fast_paths(struct eg_dict *d);
/* igraph's FINALLY stack depth (0 between calls: no leak on error paths). */
int eg_graph_finally_depth(void);
#endif
