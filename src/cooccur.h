/* cooccur.h - what the graph stage reads from the counts (cooccur.c): per
 * entity mentions and documents, and the distinct pairs with their window
 * and document counts.  The counting tables themselves stay in cooccur.c. */
#ifndef EG_COOCCUR_H
#define EG_COOCCUR_H
#include "internal.h"

typedef struct eg_pair_count {
    uint32_t a, b;          /* entity indexes, a < b */
    uint32_t weight, docs;  /* windows with both, documents with such a window */
} eg_pair_count;

/* The number of entities counted (the dictionary's). */
size_t eg_cooc_entities(const eg_cooc *c);
/* Mentions and documents of entity e (< eg_cooc_entities). */
void eg_cooc_entity_counts(const eg_cooc *c, size_t e, uint32_t *mentions, uint32_t *docs);
/* The distinct pairs, in no particular order: start with *it = 0; false
 * at the end. */
bool eg_cooc_next_pair(const eg_cooc *c, size_t *it, eg_pair_count *out);
#endif
