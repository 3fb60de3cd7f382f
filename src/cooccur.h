/* cooccur.h - what the graph stage and the evidence writer read from the
 * counts (cooccur.c): per entity and per pair, for the whole corpus or one
 * period, with dates and document samples; the evidence kept per pair.  The
 * counting tables themselves stay in cooccur.c. */
#ifndef EG_COOCCUR_H
#define EG_COOCCUR_H
#include "internal.h"

#define EG_COOC_WHOLE UINT32_MAX   /* "period" meaning the whole corpus */
#define EG_DOC_SAMPLES 5           /* document ids kept per pair */

/* Document order, wherever a few documents are kept: by date (undated
 * last), then by id.  <0, 0, >0. */
int eg_doc_order(int32_t day_a, const char *id_a, int32_t day_b, const char *id_b);

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
    const char *doc[EG_DOC_SAMPLES];   /* the first documents' ids, in document order */
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

/* ---- count files (counts.c) */
/* One record of the counts: 'D' totals, 'E' an entity, 'P' a pair, 'V' a
 * piece of evidence of pair (a, b); of the whole corpus or of the period
 * that starts on `start`. */
typedef struct eg_cooc_record {
    char kind;
    bool whole;
    int32_t start;
    uint32_t a, b;                      /* entity indexes */
    uint64_t docs, windows, truncated;  /* D; E and P use docs (and E windows) */
    uint32_t mentions, weight;
    int32_t first, last;
    size_t nsamples;                    /* P: the document samples */
    int32_t sample_day[EG_DOC_SAMPLES];
    const char *sample_id[EG_DOC_SAMPLES];
    int32_t day;                        /* V */
    uint32_t window, a_start, a_end, b_start, b_end;
    const char *strs[7];                /* V: id, title, url, date, snippet, text a, text b */
} eg_cooc_record;
typedef int (*eg_cooc_record_fn)(void *ctx, const eg_cooc_record *r);
/* Every record of c (periods in order, then the whole corpus). */
int eg_cooc_each_record(const eg_cooc *c, eg_cooc_record_fn fn, void *ctx);
/* Counts read back: each key set once (EG_EINPUT for an impossible one). */
int eg_cooc_put_totals(eg_cooc *c, bool whole, int32_t start, uint64_t docs, uint64_t windows, uint64_t truncated,
                       int32_t first, int32_t last);
int eg_cooc_put_entity(eg_cooc *c, bool whole, int32_t start, uint32_t e, uint32_t mentions, uint32_t docs, uint32_t windows,
                       int32_t first, int32_t last);
int eg_cooc_put_pair(eg_cooc *c, bool whole, int32_t start, uint32_t a, uint32_t b, uint32_t weight, uint32_t docs,
                     int32_t first, int32_t last, size_t nsamples, const int32_t *days, const char *const *ids);
int eg_cooc_put_evidence(eg_cooc *c, bool whole, int32_t start, uint32_t a, uint32_t b, int32_t day, uint32_t window,
                         uint32_t a_start, uint32_t a_end, uint32_t b_start, uint32_t b_end, const char *const strs[7]);
#endif
