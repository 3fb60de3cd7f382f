/*
 * tagger.c - the tagging stage: runs normalisation, the trie walk, the
 * boundary and case checks, and document-level resolution, and turns the
 * result into mentions with byte, code-point, sentence and paragraph
 * positions.
 *
 * Per document: one pass over the normalised text (leftmost-longest,
 * non-overlapping), then a resolution pass for aliases shared by several
 * entities, then one pass over the original bytes for code-point offsets.
 * All buffers live in the tagger and are reused: no allocation per token.
 */
#include "internal.h"
#include <string.h>

#define MAX_TERMS 256

typedef struct term_hit { uint32_t end; uint32_t alias; } term_hit;

struct eg_tagger {
    const eg_dict *d;
    eg_tag_options o;
    eg_norm norm;
    eg_segments seg;
    eg_mention *m; size_t nm, capm;
    uint32_t *cand; size_t ncand, capcand;
    uint32_t *seen;      /* per entity: serial of the last document with an unambiguous mention */
    uint32_t *count;     /* per entity: unambiguous mentions in this document */
    uint32_t *touched; size_t ntouched;
    uint32_t serial;
    term_hit hits[MAX_TERMS];
};

void eg_tag_options_default(eg_tag_options *o)
{
    o->demonyms = 1;
    o->metonyms = 0;
    o->propagate = 1;
    o->resolve = 1;
}

eg_tagger *eg_tagger_new(const eg_dict *d, const eg_tag_options *o)
{
    if (!d->compiled) return NULL;
    eg_tagger *t = eg_calloc(1, sizeof *t);
    if (!t) return NULL;
    t->d = d;
    if (o) t->o = *o; else eg_tag_options_default(&t->o);
    eg_norm_init(&t->norm);
    eg_segments_init(&t->seg);
    /* the normaliser's tables are built on first use: do it now, before
     * any worker thread runs */
    if (eg_norm_run(&t->norm, "", 0)) { eg_tagger_free(t); return NULL; }
    size_t n = d->nents ? d->nents : 1;
    t->seen = eg_calloc(n, sizeof *t->seen);
    t->count = eg_calloc(n, sizeof *t->count);
    t->touched = eg_calloc(n, sizeof *t->touched);
    if (!t->seen || !t->count || !t->touched) { eg_tagger_free(t); return NULL; }
    return t;
}

void eg_tagger_free(eg_tagger *t)
{
    if (!t) return;
    eg_norm_release(&t->norm);
    eg_segments_release(&t->seg);
    eg_free(t->m); eg_free(t->cand);
    eg_free(t->seen); eg_free(t->count); eg_free(t->touched);
    eg_free(t);
}

static inline uint32_t find_child(const eg_trie *tr, uint32_t node, unsigned char c)
{
    const eg_trie_node *nd = &tr->nodes[node];
    const uint8_t *lab = tr->labels + nd->first;
    uint32_t n = nd->n;
    if (n <= 8) {
        for (uint32_t i = 0; i < n; i++)
            if (lab[i] == c) return tr->child[nd->first + i];
        return EG_NONE;
    }
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (lab[mid] < c) lo = mid + 1; else hi = mid;
    }
    return lo < n && lab[lo] == c ? tr->child[nd->first + lo] : EG_NONE;
}

/* Start of the character that ends just before normalised position q. */
static inline size_t char_before(const uint8_t *fl, size_t q)
{
    size_t r = q - 1;
    while (r > 0 && !(fl[r] & EG_CF_START)) r--;
    return r;
}

static inline bool boundary(uint8_t left, uint8_t right)
{
    return !((left & EG_CF_WORD) && (right & EG_CF_WORD) && !((left | right) & EG_CF_NOSPACE));
}

static bool case_ok(const eg_alias *a, const char *span, size_t n, const eg_case_shape *sh)
{
    switch (a->policy) {
    case EG_CASE_INSENSITIVE: return true;
    case EG_CASE_EXACT: return eg_case_exact_equal(a->text, strlen(a->text), span, n);
    default:
        if (!sh->has_lower) return true;       /* all capitals (or uncased) */
        return (a->capmask & ~sh->capmask) == 0;
    }
}

static int kind_rank(uint8_t k)
{
    static const int rank[EG_KIND_COUNT] = {0, 1, 3, 4, 2, 5};
    return rank[k];
}

static int push_cand(eg_tagger *t, uint32_t e)
{
    if (eg_grow(&t->cand, &t->capcand, t->ncand + 1, sizeof *t->cand)) return EG_ENOMEM;
    t->cand[t->ncand++] = e;
    return 0;
}

/* Orig byte end of the match: end of its last source character plus any
 * combining marks that were folded away. */
static size_t orig_end(const eg_norm *n, const char *text, size_t len, size_t q)
{
    size_t r = char_before(n->flags, q);
    size_t s = n->src[r];
    int32_t cp;
    size_t e = s + (size_t)eg_utf8_decode((const unsigned char *)text + s, len - s, &cp);
    size_t lim = n->src[q];
    while (e < lim) {
        int k = eg_utf8_decode((const unsigned char *)text + e, len - e, &cp);
        if (cp < 0 || !(eg_cp_is_dropped_mark(cp) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D || cp == 0x00AD)) break;
        e += (size_t)k;
    }
    return e;
}

/* Try the walk's hits from the longest; on success append a mention. */
static int try_hits(eg_tagger *t, const char *text, size_t len, size_t p, size_t nh, size_t *adv)
{
    const eg_dict *d = t->d;
    const eg_norm *n = &t->norm;
    for (size_t h = nh; h-- > 0;) {
        size_t q = t->hits[h].end;
        if (q < n->len && n->src[q] == n->src[q - 1]) continue;   /* inside one source char */
        size_t r = char_before(n->flags, q);
        if (q < n->len && !boundary(n->flags[r], n->flags[q])) continue;
        size_t bs = n->src[p], be = orig_end(n, text, len, q);
        eg_case_shape sh;
        eg_case_shape_of(text + bs, be - bs, &sh);
        size_t c0 = t->ncand;
        uint8_t best_kind = 0;
        /* a propagated short form ("Austin" after "Lloyd Austin") excludes
         * the other senses of the same string */
        bool prop = false;
        for (uint32_t a = t->hits[h].alias; a != EG_NONE && !prop; a = d->aliases[a].next) {
            const eg_alias *al = &d->aliases[a];
            prop = al->kind == EG_KIND_PROPAGATED && t->o.propagate && t->seen[al->entity] == t->serial &&
                   case_ok(al, text + bs, be - bs, &sh);
        }
        for (uint32_t a = t->hits[h].alias; a != EG_NONE; a = d->aliases[a].next) {
            const eg_alias *al = &d->aliases[a];
            if (al->kind == EG_KIND_DEMONYM && !t->o.demonyms) continue;
            if (al->kind == EG_KIND_METONYM && !t->o.metonyms) continue;
            if (al->kind == EG_KIND_PROPAGATED && (!t->o.propagate || t->seen[al->entity] != t->serial)) continue;
            if (prop && t->seen[al->entity] != t->serial) continue;
            if (!case_ok(al, text + bs, be - bs, &sh)) continue;
            /* chains are sorted by entity: merge consecutive aliases of one entity */
            if (t->ncand > c0 && t->cand[t->ncand - 1] == al->entity) {
                if (kind_rank(al->kind) < kind_rank(best_kind)) best_kind = al->kind;
                continue;
            }
            if (t->ncand == c0) best_kind = al->kind;
            if (push_cand(t, al->entity)) return EG_ENOMEM;
        }
        if (t->ncand == c0) continue;
        if (eg_grow(&t->m, &t->capm, t->nm + 1, sizeof *t->m)) return EG_ENOMEM;
        eg_mention *m = &t->m[t->nm++];
        memset(m, 0, sizeof *m);
        m->byte_start = bs;
        m->byte_end = be;
        m->cand_off = c0;
        m->ncand = (uint32_t)(t->ncand - c0);
        m->entity = t->cand[c0];
        m->via = (eg_alias_kind)best_kind;
        m->how = best_kind == EG_KIND_PROPAGATED ? "propagated" : "alias";
        if (m->ncand > 1) {
            /* one sense per document: an entity already mentioned wins */
            uint32_t pick = EG_NONE, npick = 0;
            for (uint32_t i = 0; i < m->ncand; i++)
                if (t->seen[t->cand[c0 + i]] == t->serial) { pick = t->cand[c0 + i]; npick++; }
            if (npick == 1 && t->o.resolve) { m->entity = pick; m->how = "earlier"; m->ambiguous = 0; }
            else m->ambiguous = 1;
        }
        if (!m->ambiguous) {
            uint32_t e = m->entity;
            if (t->seen[e] != t->serial) { t->seen[e] = t->serial; t->count[e] = 0; t->touched[t->ntouched++] = e; }
            t->count[e]++;
        }
        *adv = q;
        return 1;
    }
    return 0;
}

static uint32_t ctx_count(const eg_tagger *t, uint32_t e)
{
    return e != EG_NONE && t->seen[e] == t->serial ? t->count[e] : 0;
}

/* Resolve shared aliases by document context: the candidate mentioned
 * itself, or whose country is mentioned most, wins; then priority. */
static void resolve(eg_tagger *t)
{
    const eg_dict *d = t->d;
    for (size_t i = 0; i < t->nm; i++) {
        eg_mention *m = &t->m[i];
        if (!m->ambiguous || !t->o.resolve) continue;
        uint32_t *c = t->cand + m->cand_off;
        long best = -1, second = -1;
        uint32_t be = EG_NONE;
        for (uint32_t k = 0; k < m->ncand; k++) {
            long s = 4L * ctx_count(t, c[k]) + ctx_count(t, d->ents[c[k]].country_ent);
            if (s > best) { second = best; best = s; be = c[k]; }
            else if (s > second) second = s;
        }
        if (best > 0 && best > second) { m->entity = be; m->ambiguous = 0; m->how = "context"; continue; }
        /* priority among the top scorers */
        int bp = 0; bool first = true, tie = false;
        for (uint32_t k = 0; k < m->ncand; k++) {
            long s = 4L * ctx_count(t, c[k]) + ctx_count(t, d->ents[c[k]].country_ent);
            if (s != best) continue;
            int p = d->ents[c[k]].priority;
            if (first || p > bp) { bp = p; be = c[k]; tie = false; first = false; }
            else if (p == bp) tie = true;
        }
        if (!tie) { m->entity = be; m->ambiguous = 0; m->how = "priority"; }
        else { m->how = "ambiguous"; }
    }
}

int eg_tagger_run(eg_tagger *t, const char *text, size_t len,
                  const eg_mention **out, size_t *count, size_t *invalid_at)
{
    const eg_dict *d = t->d;
    const eg_trie *tr = &d->trie;
    t->nm = 0;
    t->ncand = 0;
    t->ntouched = 0;
    if (++t->serial == 0) {   /* wrapped: clear the per-entity stamps */
        memset(t->seen, 0, (d->nents ? d->nents : 1) * sizeof *t->seen);
        t->serial = 1;
    }
    int rc = eg_norm_run(&t->norm, text, len);
    if (rc) return rc;
    if (invalid_at) *invalid_at = t->norm.invalid_at;
    const eg_norm *n = &t->norm;
    const unsigned char *nt = (const unsigned char *)n->text;
    const uint8_t *fl = n->flags;
    uint8_t prev = EG_CF_START;   /* as if preceded by a space */
    for (size_t p = 0; p < n->len;) {
        uint8_t f = fl[p];
        if (!(f & EG_CF_START) || !boundary(prev, f) || (p && n->src[p] == n->src[p - 1])) {
            if (f & EG_CF_START) prev = f;
            p++;
            continue;
        }
        /* prefilter: does any alias start with this token? */
        bool nospace;
        size_t te = eg_first_token(fl, p, n->len, &nospace);
        if (!nospace) {
            uint32_t bit = eg_token_bit(n->text + p, te - p);
            if (!(tr->first_bits[bit >> 6] >> (bit & 63) & 1)) {
                /* positions inside the token are not word starts */
                prev = fl[char_before(fl, te)];
                p = te;
                continue;
            }
        }
        uint32_t node = tr->root[nt[p]];
        if (node == EG_NONE) { prev = f; p++; continue; }
        size_t nh = 0, i = p + 1;
        for (;;) {
            uint32_t term = tr->nodes[node].term;
            if (term != EG_NONE && nh < MAX_TERMS) { t->hits[nh].end = (uint32_t)i; t->hits[nh].alias = term; nh++; }
            if (i >= n->len) break;
            node = find_child(tr, node, nt[i]);
            if (node == EG_NONE) break;
            i++;
        }
        size_t adv = 0;
        int got = nh ? try_hits(t, text, len, p, nh, &adv) : 0;
        if (got < 0) return got;
        if (got) {
            prev = fl[char_before(fl, adv)];
            p = adv;
        } else {
            prev = f;
            p++;
        }
    }
    resolve(t);
    /* code points, sentences, paragraphs */
    if ((rc = eg_segment(&t->seg, text, len))) return rc;
    size_t pos = 0, cps = 0, si = 0, pi = 0;
    /* Valid UTF-8: a code point starts at every non-continuation byte, so
     * counting those is exact; with invalid bytes, decode (each bad byte is
     * one code point). */
    bool valid = n->invalid_count == 0;
    for (size_t i = 0; i < t->nm; i++) {
        eg_mention *m = &t->m[i];
        m->cand = t->cand + m->cand_off;
        if (valid) {
            for (; pos < m->byte_start; pos++) cps += ((unsigned char)text[pos] & 0xC0) != 0x80;
            m->start = cps;
            size_t c2 = cps;
            for (size_t p2 = pos; p2 < m->byte_end; p2++) c2 += ((unsigned char)text[p2] & 0xC0) != 0x80;
            m->end = c2;
        } else {
            while (pos < m->byte_start) {
                int32_t cp;
                pos += (size_t)eg_utf8_decode((const unsigned char *)text + pos, len - pos, &cp);
                cps++;
            }
            m->start = cps;
            size_t p2 = pos, c2 = cps;
            while (p2 < m->byte_end) {
                int32_t cp;
                p2 += (size_t)eg_utf8_decode((const unsigned char *)text + p2, len - p2, &cp);
                c2++;
            }
            m->end = c2;
        }
        while (si + 1 < t->seg.nsent && t->seg.sent[si + 1] <= m->byte_start) si++;
        while (pi + 1 < t->seg.npara && t->seg.para[pi + 1] <= m->byte_start) pi++;
        m->sentence = si;
        m->paragraph = pi;
    }
    *out = t->m;
    *count = t->nm;
    return 0;
}
