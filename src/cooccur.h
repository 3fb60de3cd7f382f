/* cooccur.h - the counting tables, shared by cooccur.c (which fills them)
 * and graph.c (which turns them into an igraph graph). */
#ifndef EG_COOCCUR_H
#define EG_COOCCUR_H
#include "internal.h"

typedef struct eg_pair_val { uint32_t weight, docs, lastdoc; } eg_pair_val;

struct eg_cooc {
    size_t nent;
    eg_window window;
    size_t maxw;
    uint32_t *mentions, *docs, *lastdoc, *stamp;   /* per entity */
    uint64_t *keys; eg_pair_val *vals; size_t cap, count;
    uint32_t *win; size_t nwin, capwin;
    uint32_t docserial, winserial;
    size_t ndocs, truncated;
};
#endif
