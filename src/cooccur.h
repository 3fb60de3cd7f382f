/* cooccur.h - what the graph stage and the evidence writer read from the
 * counts (cooccur.c): per entity and per pair, for the whole corpus or one
 * period, with dates and document samples; the evidence kept per pair.  The
 * counting tables themselves stay in cooccur.c. */
#ifndef EG_COOCCUR_H
#define EG_COOCCUR_H
#include "internal.h"

#define EG_COOC_WHOLE UINT32_MAX   /* "period" meaning the whole corpus */
#define EG_DOC_SAMPLES 5           /* document ids kept per pair */

typedef struct eg_entity_count {
    uint32_t entity, mentions, docs;
    uint32_t windows;              /* windows holding it (c_i) */
    int32_t first_day, last_day;   /* EG_NO_DAY when never seen dated */
} eg_entity_count;

typedef struct eg_pair_count {
    uint32_t a, b;                 /* entity indexes, a < b */
    uint32_t pair;                 /* the pair's id (for eg_cooc_evidence) */
    uint32_t weight, docs;         /* windows with both, documents with such a window */
    int32_t first_day, last_day;
    uint32_t ndoc;
    const char *doc[EG_DOC_SAMPLES];   /* the first documents' ids, input order */
} eg_pair_count;

/* The number of entities counted (the dictionary's). */
size_t eg_cooc_entities(const eg_cooc *c);
/* Entities with mentions, of the whole corpus (period EG_COOC_WHOLE) or of
 * period index p (an index of the sorted periods): start with *it = 0;
 * false at the end. */
bool eg_cooc_next_entity(const eg_cooc *c, uint32_t p, size_t *it, eg_entity_count *out);
/* The distinct pairs of the whole corpus or of period index p, in no
 * particular order. */
bool eg_cooc_next_pair(const eg_cooc *c, uint32_t p, size_t *it, eg_pair_count *out);
/* Pair id `pair` in period index p (EG_COOC_WHOLE: the whole corpus):
 * false if the pair was not seen there. */
bool eg_cooc_pair(const eg_cooc *c, uint32_t p, uint32_t pair, eg_pair_count *out);
/* Documents and windows of period index p (EG_COOC_WHOLE: all). */
void eg_cooc_period_totals(const eg_cooc *c, uint32_t p, size_t *docs, size_t *windows, int32_t *first_day, int32_t *last_day);

/* One piece of evidence: a window where both entities of a pair occur. */
typedef struct eg_evidence {
    const char *doc, *title, *url, *date;   /* title, url, date may be NULL */
    const char *snippet;                     /* the text around both mentions */
    const char *text_a, *text_b;             /* the two mentions as written */
    uint32_t window;                         /* sentence or paragraph index */
    size_t a_start, a_end, b_start, b_end;   /* code points in the document */
} eg_evidence;
/* The evidence kept for pair id `pair` in period index p (EG_COOC_WHOLE:
 * the whole corpus), earliest first: *n records, or 0. */
size_t eg_cooc_evidence_count(const eg_cooc *c, uint32_t p, uint32_t pair);
void eg_cooc_evidence(const eg_cooc *c, uint32_t p, uint32_t pair, size_t i, eg_evidence *out);
#endif
