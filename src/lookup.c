/*
 * lookup.c - `dict lookup`: what the dictionaries say about a string.
 * Every alias whose normalised form equals the text's (the matcher's own
 * trie, so exactly what tagging would find there), with what would keep it
 * from being reported -- its case policy against the text as written, a
 * guard word, a blocker entity, validity dates -- and, when nothing
 * matches, the nearest aliases by edit distance on the normalised forms.
 */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

const char *eg_dict_entity_source(const eg_dict *d, size_t i, long *line)
{
    if (i >= d->nents) { if (line) *line = 0; return NULL; }
    if (line) *line = d->ents[i].line;
    return d->ents[i].source < d->nsources ? d->sources[d->ents[i].source] : NULL;
}

static void fill(const eg_dict *d, const eg_alias *al, const char *text, size_t len, int32_t day, eg_lookup *o)
{
    const eg_entity *e = &d->ents[al->entity];
    o->entity = al->entity;
    o->alias = al->text;
    o->kind = (eg_alias_kind)al->kind;
    o->policy = (eg_case_policy)al->policy;
    eg_case_shape sh;
    eg_case_shape_of(text, len, &sh);
    o->case_ok = eg_alias_case_ok(al, text, len, &sh);
    o->guarded = al->guarded;
    o->blocker = e->blocker;
    o->dropped = e->dropped;
    o->valid_from = al->valid_from != EG_NO_DAY ? al->valid_from : e->valid_from;
    o->valid_to = al->valid_to != EG_NO_DAY ? al->valid_to : e->valid_to;
    o->valid = eg_valid_on(al->valid_from, al->valid_to, day) && eg_valid_on(e->valid_from, e->valid_to, day);
}

static bool same_alias(const eg_alias *o, const eg_alias *al)
{
    return o->entity == al->entity && o->kind == al->kind && o->policy == al->policy && o->guarded == al->guarded &&
           o->valid_from == al->valid_from && o->valid_to == al->valid_to && !strcmp(o->text, al->text);
}

int eg_dict_lookup(const eg_dict *d, const char *text, size_t len, int32_t day, eg_lookup *out, size_t max, size_t *count)
{
    *count = 0;
    if (!d->compiled) return EG_EUSAGE;
    size_t kn;
    char *key = eg_norm_string(text, len, &kn);
    if (!key) return EG_ENOMEM;
    const eg_trie *tr = &d->trie;
    uint32_t node = kn ? tr->root[(unsigned char)key[0]] : EG_NONE;
    for (size_t i = 1; i < kn && node != EG_NONE; i++) node = eg_trie_child(tr, node, (unsigned char)key[i]);
    uint32_t first = node == EG_NONE ? EG_NONE : tr->nodes[node].term;
    for (uint32_t a = first; a != EG_NONE; a = d->aliases[a].next) {
        const eg_alias *al = &d->aliases[a];
        /* the same alias twice (a name also listed among the aliases) */
        bool dup = false;
        for (uint32_t b = first; b != a && !dup; b = d->aliases[b].next) dup = same_alias(&d->aliases[b], al);
        if (dup) continue;
        if (*count < max) fill(d, al, text, len, day, &out[*count]);
        (*count)++;
    }
    /* entities switched off by a later dictionary are not in the trie */
    int rc = 0;
    for (size_t a = 0; a < d->naliases; a++) {
        const eg_alias *al = &d->aliases[a];
        if (!d->ents[al->entity].dropped) continue;
        size_t an;
        char *ak = eg_norm_string(al->text, strlen(al->text), &an);
        if (!ak) { rc = EG_ENOMEM; break; }
        bool eq = an == kn && !memcmp(ak, key, kn);
        eg_free(ak);
        if (!eq || (a && same_alias(&d->aliases[a - 1], al))) continue;
        if (*count < max) fill(d, al, text, len, day, &out[*count]);
        (*count)++;
    }
    eg_free(key);
    return rc;
}

/* Levenshtein distance of a and b (code points), or limit + 1 when above
 * limit. */
static size_t distance(const int32_t *a, size_t an, const int32_t *b, size_t bn, size_t limit, size_t *row)
{
    if ((an > bn ? an - bn : bn - an) > limit) return limit + 1;
    for (size_t j = 0; j <= bn; j++) row[j] = j;
    for (size_t i = 1; i <= an; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best) best = v;
        }
        if (best > limit) return limit + 1;
    }
    return row[bn];
}

/* The normalised form of s as code points in *cps (grown as needed). */
static int norm_cps(const char *s, size_t len, int32_t **cps, size_t *cap, size_t *n)
{
    size_t kn;
    char *key = eg_norm_string(s, len, &kn);
    if (!key) return EG_ENOMEM;
    int rc = eg_grow(cps, cap, kn + 1, sizeof **cps);
    *n = 0;
    for (size_t i = 0; i < kn && !rc;) {
        int32_t cp;
        int k = eg_utf8_decode((const unsigned char *)key + i, kn - i, &cp);
        (*cps)[(*n)++] = cp;
        i += (size_t)(k > 0 ? k : 1);
    }
    eg_free(key);
    return rc;
}

typedef struct near { size_t dist; uint32_t alias; } near;

static int cmp_near(const void *x, const void *y)
{
    const near *a = x, *b = y;
    if (a->dist != b->dist) return a->dist < b->dist ? -1 : 1;
    return a->alias < b->alias ? -1 : a->alias > b->alias;
}

int eg_dict_nearest(const eg_dict *d, const char *text, size_t len, size_t limit, eg_nearest *out, size_t max, size_t *count)
{
    *count = 0;
    int32_t *key = NULL, *ak = NULL;
    size_t capkey = 0, capak = 0, kn = 0, an = 0;
    size_t *row = NULL, caprow = 0, nb = 0;
    near *best = eg_malloc((max ? max : 1) * sizeof *best);
    int rc = best ? norm_cps(text, len, &key, &capkey, &kn) : EG_ENOMEM;
    for (size_t a = 0; a < d->naliases && !rc; a++) {
        const eg_alias *al = &d->aliases[a];
        if (d->ents[al->entity].dropped || d->ents[al->entity].blocker) continue;
        if ((rc = norm_cps(al->text, strlen(al->text), &ak, &capak, &an))) break;
        if ((rc = eg_grow(&row, &caprow, an + 1, sizeof *row))) break;
        size_t dist = distance(key, kn, ak, an, limit, row);
        if (dist > limit || dist == 0) continue;
        bool dup = false;   /* one entry per entity and spelling */
        for (size_t i = 0; i < nb && !dup; i++)
            dup = d->aliases[best[i].alias].entity == al->entity && !strcmp(d->aliases[best[i].alias].text, al->text);
        if (dup) continue;
        near x = { dist, (uint32_t)a };
        if (nb < max) { best[nb++] = x; qsort(best, nb, sizeof *best, cmp_near); continue; }
        if (max && cmp_near(&x, &best[max - 1]) < 0) { best[max - 1] = x; qsort(best, nb, sizeof *best, cmp_near); }
    }
    for (size_t i = 0; i < nb && !rc; i++) {
        out[i].alias = d->aliases[best[i].alias].text;
        out[i].entity = d->aliases[best[i].alias].entity;
        out[i].distance = best[i].dist;
    }
    if (!rc) *count = nb;
    eg_free(best);
    eg_free(row);
    eg_free(key);
    eg_free(ak);
    return rc;
}
