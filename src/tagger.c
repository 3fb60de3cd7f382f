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
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 256


/* A mention while the document is being resolved: the public part and
 * what only the tagger needs.  Copied out at the end of eg_tagger_run. */
typedef struct work_mention {
    eg_mention m;
    size_t cand_off;     /* its candidates start at t->cand[cand_off] */
    size_t np, nq;       /* its span in the normalised text (blockers, --explain=all) */
    bool guarded;        /* matched through a guarded alias */
} work_mention;

/* Rank of alias kinds when one entity matches through several aliases of
 * one string: the most specific kind is reported (name, abbreviation,
 * variant, demonym, metonym, propagated). */
static const int kind_rank_of[EG_KIND_COUNT] = {
    [EG_KIND_NAME] = 0, [EG_KIND_ABBREVIATION] = 1, [EG_KIND_VARIANT] = 2,
    [EG_KIND_DEMONYM] = 3, [EG_KIND_METONYM] = 4, [EG_KIND_PROPAGATED] = 5,
};

struct eg_tagger {
    const eg_dict *d;
    eg_tag_options o;
    eg_norm norm;
    eg_segments seg;
    work_mention *w; size_t nm, capm;   /* the document's mentions */
    eg_mention *out; size_t capout;     /* what eg_tagger_run returns */
    uint32_t *cand; size_t ncand, capcand;
    uint32_t *seen;      /* per entity: serial of the last document with an unambiguous mention */
    uint32_t *count;     /* per entity: unambiguous mentions in this document */
    size_t *first_pos;   /* per entity: byte offset of its first unambiguous mention */
    uint32_t *bycountry; /* per entity: unambiguous mentions of entities whose country it is */
    uint32_t *cstamp;    /* serial stamp for bycountry */
    struct acro { size_t off, len; uint32_t entity; } *acro; size_t nacro, capacro;
    eg_rejection *rej; size_t nrej, caprej;   /* o.explain: candidates not tagged */
    /* family names seen before any full name of their person ("Austin to
     * Meet..." above "Lloyd J. Austin III"): taken at the end of the scan
     * if the full name came later */
    struct early { size_t bs, be, np, nq; uint32_t entity; } *early; size_t nearly, capearly;
    int32_t day;         /* the document's date, or EG_NO_DAY */
    uint32_t serial;
    eg_trie_hit hits[MAX_TERMS];
};

void eg_tag_options_default(eg_tag_options *o)
{
    o->demonyms = 1;
    o->metonyms = 0;
    o->propagate = 1;
    o->resolve = 1;
    o->exclude = NULL;
    o->explain = 0;
}

const char *eg_reject_name(eg_reject r)
{
    static const char *const names[EG_REJECT_COUNT] = {
        [EG_REJECT_CASE] = "case", [EG_REJECT_DATES] = "dates", [EG_REJECT_GUARDED] = "guarded",
        [EG_REJECT_BLOCKED] = "blocked", [EG_REJECT_AMBIGUOUS] = "ambiguous", [EG_REJECT_EXCLUDED] = "excluded",
        [EG_REJECT_KIND_OFF] = "kind-off", [EG_REJECT_NO_FULL_NAME] = "no-full-name",
        [EG_REJECT_LONGER_NAME] = "longer-name",
    };
    return (unsigned)r < EG_REJECT_COUNT ? names[r] : "?";
}

void eg_tagger_rejected(const eg_tagger *t, const eg_rejection **out, size_t *count)
{
    *out = t->rej;
    *count = t->nrej;
}

/* Record a rejected candidate (once per span, entity and reason). */
static int reject(eg_tagger *t, size_t bs, size_t be, uint32_t e, uint8_t via, eg_reject why, uint32_t by, long score)
{
    for (size_t i = t->nrej; i-- > 0 && t->rej[i].byte_start == bs;)
        if (t->rej[i].byte_end == be && t->rej[i].entity == e && t->rej[i].reason == why) return 0;
    if (eg_grow(&t->rej, &t->caprej, t->nrej + 1, sizeof *t->rej)) return EG_ENOMEM;
    eg_rejection *r = &t->rej[t->nrej++];
    memset(r, 0, sizeof *r);
    r->byte_start = bs;
    r->byte_end = be;
    r->entity = e;
    r->via = (eg_alias_kind)via;
    r->reason = why;
    r->by = by;
    r->score = score;
    return 0;
}

int eg_tagger_new(eg_tagger **out, const eg_dict *d, const eg_tag_options *o)
{
    *out = NULL;
    if (!d->compiled) return EG_EUSAGE;
    eg_tagger *t = eg_calloc(1, sizeof *t);
    if (!t) return EG_ENOMEM;
    t->d = d;
    if (o) t->o = *o; else eg_tag_options_default(&t->o);
    eg_norm_init(&t->norm);
    eg_segments_init(&t->seg);
    size_t n = d->nents ? d->nents : 1;
    t->seen = eg_calloc(n, sizeof *t->seen);
    t->count = eg_calloc(n, sizeof *t->count);
    t->first_pos = eg_calloc(n, sizeof *t->first_pos);
    t->bycountry = eg_calloc(n, sizeof *t->bycountry);
    t->cstamp = eg_calloc(n, sizeof *t->cstamp);
    if (!t->seen || !t->count || !t->first_pos || !t->bycountry || !t->cstamp) { eg_tagger_free(t); return EG_ENOMEM; }
    *out = t;
    return 0;
}

const char *eg_how_name(eg_how h)
{
    static const char *const names[EG_HOW_COUNT] = {
        [EG_HOW_ALIAS] = "alias", [EG_HOW_PROPAGATED] = "propagated", [EG_HOW_EARLIER] = "earlier",
        [EG_HOW_ACRONYM] = "acronym", [EG_HOW_CONTEXT] = "context", [EG_HOW_PRIORITY] = "priority",
        [EG_HOW_GUARDED] = "guarded", [EG_HOW_AMBIGUOUS] = "ambiguous",
    };
    return (unsigned)h < EG_HOW_COUNT ? names[h] : "?";
}

void eg_tagger_free(eg_tagger *t)
{
    if (!t) return;
    eg_norm_release(&t->norm);
    eg_segments_release(&t->seg);
    eg_free(t->w); eg_free(t->out); eg_free(t->cand);
    eg_free(t->seen); eg_free(t->count);
    eg_free(t->first_pos); eg_free(t->bycountry); eg_free(t->cstamp); eg_free(t->acro);
    eg_free(t->rej); eg_free(t->early);
    eg_free(t);
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


static int kind_rank(uint8_t k) { return kind_rank_of[k]; }

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

static void note_mention(eg_tagger *t, uint32_t e, size_t pos);

/* Date-aware entities: the alias and its entity both valid on the
 * document's day ("Russia" is the Soviet Union in 1961). */
static inline bool valid_now(const eg_tagger *t, const eg_alias *al)
{
    const eg_entity *e = &t->d->ents[al->entity];
    return eg_valid_on(al->valid_from, al->valid_to, t->day) && eg_valid_on(e->valid_from, e->valid_to, t->day);
}
static bool is_title_before(const char *text, size_t st, size_t end);

/* "Winthrop G. Brown", "L. B. Johnson", "Robert Kennedy": a generated
 * "G. Brown" or a propagated family name preceded by a capitalised word or
 * an initial (but not a title or a possessive) is part of a longer,
 * unknown name. */
static bool inside_longer_name(const char *text, size_t bs)
{
    if (bs < 2 || text[bs - 1] != ' ') return false;
    size_t end = bs - 1, a = end;
    while (a > 0 && text[a - 1] != ' ' && text[a - 1] != '\n' && text[a - 1] != '\t') a--;
    if (a == end || (!(text[a] >= 'A' && text[a] <= 'Z') && (unsigned char)text[a] < 0x80)) return false;
    int32_t cp;
    eg_utf8_decode((const unsigned char *)text + a, end - a, &cp);
    if (!eg_cp_is_upper(cp)) return false;
    /* "Japan's Hamada", "Tokyo, Hamada": not part of one name */
    char last = text[end - 1];
    if (last == ',' || last == ';' || last == ':' || last == '!' || last == '?' || last == ')' || last == '"' ||
        (last == '.' && end - a > 2) ||   /* "Tuesday. Hamada": a sentence end, not an initial */ (end - a >= 2 && (last == 's' || last == 'S') &&
        (text[end - 2] == '\'' || (end - a >= 4 && (unsigned char)text[end - 2] == 0x99 && (unsigned char)text[end - 3] == 0x80))))
        return false;
    return !is_title_before(text, a, end);
}

/* A word joined by a hyphen to a letter: "Griffith-Jones", "anti-Kennedy",
 * "Parichy-Hamm".  Too weak for a family name before its full name. */
static bool letter_byte(unsigned char c) { return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

static bool hyphen_joined(const char *text, size_t len, size_t bs, size_t be)
{
    return (bs >= 2 && text[bs - 1] == '-' && letter_byte((unsigned char)text[bs - 2])) ||
           (be + 1 < len && text[be] == '-' && letter_byte((unsigned char)text[be + 1]));
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
        bool all_guarded = true;
        unsigned tw = 0;   /* words of a title the alias starts with ("President Kennedy") */
        /* a propagated short form ("Austin" after "Lloyd Austin") excludes
         * the other senses of the same string */
        bool prop = false;
        for (uint32_t a = t->hits[h].alias; a != EG_NONE && !prop; a = d->aliases[a].next) {
            const eg_alias *al = &d->aliases[a];
            if (t->o.exclude && t->o.exclude[al->entity]) continue;
            if (!valid_now(t, al)) continue;
            prop = al->kind == EG_KIND_PROPAGATED && t->o.propagate && t->seen[al->entity] == t->serial &&
                   eg_alias_case_ok(al, text + bs, be - bs, &sh);
        }
        size_t r0 = t->nrej;
        for (uint32_t a = t->hits[h].alias; a != EG_NONE; a = d->aliases[a].next) {
            const eg_alias *al = &d->aliases[a];
            int why = -1;
            if (t->o.exclude && t->o.exclude[al->entity]) why = EG_REJECT_EXCLUDED;
            else if (!valid_now(t, al)) why = EG_REJECT_DATES;
            else if ((al->kind == EG_KIND_DEMONYM && !t->o.demonyms) || (al->kind == EG_KIND_METONYM && !t->o.metonyms))
                why = EG_REJECT_KIND_OFF;
            else if (al->kind == EG_KIND_PROPAGATED && (!t->o.propagate || t->seen[al->entity] != t->serial)) {
                why = EG_REJECT_NO_FULL_NAME;
                if (t->o.propagate && eg_alias_case_ok(al, text + bs, be - bs, &sh) && !inside_longer_name(text, bs) &&
                    !hyphen_joined(text, len, bs, be)) {
                    if (eg_grow(&t->early, &t->capearly, t->nearly + 1, sizeof *t->early)) return EG_ENOMEM;
                    t->early[t->nearly++] = (struct early){ bs, be, p, q, al->entity };
                }
            }
            else if (prop && t->seen[al->entity] != t->serial) why = -2;   /* the propagated sense wins: no rejection */
            else if (!eg_alias_case_ok(al, text + bs, be - bs, &sh))
                why = (sh.has_lower && !sh.capmask && al->policy == EG_CASE_EXACT) ? -2 : EG_REJECT_CASE;
            else if ((al->initial || al->kind == EG_KIND_PROPAGATED) && inside_longer_name(text, bs)) why = EG_REJECT_LONGER_NAME;
            if (why != -1) {
                if (why >= 0 && t->o.explain && reject(t, bs, be, al->entity, al->kind, (eg_reject)why, EG_NONE, 0))
                    return EG_ENOMEM;
                continue;
            }
            if (!al->guarded) all_guarded = false;
            /* chains are sorted by entity: merge consecutive aliases of one entity */
            if (t->ncand > c0 && t->cand[t->ncand - 1] == al->entity) {
                if (kind_rank(al->kind) < kind_rank(best_kind)) best_kind = al->kind;
                continue;
            }
            if (t->ncand == c0) { best_kind = al->kind; tw = al->title_words; }
            if (push_cand(t, al->entity)) return EG_ENOMEM;
        }
        if (t->ncand == c0) continue;
        /* an entity rejected through one alias but taken through another
         * was not rejected */
        if (t->nrej > r0) {
            size_t k = r0;
            for (size_t i = r0; i < t->nrej; i++) {
                bool taken = false;
                for (size_t c = c0; c < t->ncand && !taken; c++) taken = t->cand[c] == t->rej[i].entity;
                if (!taken) t->rej[k++] = t->rej[i];
            }
            t->nrej = k;
        }
        if (eg_grow(&t->w, &t->capm, t->nm + 1, sizeof *t->w)) return EG_ENOMEM;
        work_mention *wm = &t->w[t->nm++];
        memset(wm, 0, sizeof *wm);
        wm->np = p;
        wm->nq = q;
        eg_mention *m = &wm->m;
        m->byte_start = bs;
        m->byte_end = be;
        wm->cand_off = c0;
        m->ncand = (uint32_t)(t->ncand - c0);
        m->entity = t->cand[c0];
        m->via = (eg_alias_kind)best_kind;
        m->how = best_kind == EG_KIND_PROPAGATED ? EG_HOW_PROPAGATED : EG_HOW_ALIAS;
        m->title_start = m->title_end = 0;
        m->score = m->runner_up = 0;
        if (tw) {   /* keep the title out of the span */
            size_t p2 = bs;
            for (unsigned w = 0; w < tw && p2 < be; w++) {
                while (p2 < be && text[p2] != ' ' && text[p2] != '\n' && text[p2] != '\t') p2++;
                m->title_end = p2;
                while (p2 < be && (text[p2] == ' ' || text[p2] == '\n' || text[p2] == '\t')) p2++;
            }
            if (p2 < be) { m->title_start = bs; m->byte_start = p2; }
            else m->title_end = 0;
        }
        if (m->ncand > 1) {
            /* one sense per document: an entity already mentioned wins */
            uint32_t pick = EG_NONE, npick = 0;
            for (uint32_t i = 0; i < m->ncand; i++)
                if (t->seen[t->cand[c0 + i]] == t->serial) { pick = t->cand[c0 + i]; npick++; }
            if (npick == 1 && t->o.resolve) { m->entity = pick; m->how = EG_HOW_EARLIER; m->ambiguous = 0; }
            else m->ambiguous = 1;
        }
        m->from = SIZE_MAX;
        if (m->how == EG_HOW_EARLIER || m->how == EG_HOW_PROPAGATED) m->from = t->first_pos[m->entity];
        wm->guarded = all_guarded;
        if (!m->ambiguous && !wm->guarded) note_mention(t, m->entity, bs);
        *adv = q;
        return 1;
    }
    return 0;
}

/* Code points in valid UTF-8: bytes that are not continuation bytes. */
static size_t count_cps(const char *s, size_t n)
{
    size_t c = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        /* continuation bytes are 10xxxxxx: bit 7 set and bit 6 clear */
        uint64_t cont = v & ~(v << 1) & 0x8080808080808080ULL;
        c += 8 - (size_t)eg_popcount64(cont);
    }
    for (; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Code points in text[a..b): counted (valid UTF-8) or decoded (each
 * invalid byte is one). */
static size_t count_cps_any(const char *text, size_t len, size_t a, size_t b, bool valid)
{
    if (valid) return count_cps(text + a, b - a);
    size_t c = 0;
    while (a < b) {
        int32_t cp;
        a += (size_t)eg_utf8_decode((const unsigned char *)text + a, len - a, &cp);
        c++;
    }
    return c;
}

static int cmp_rejection(const void *x, const void *y)
{
    const eg_rejection *a = x, *b = y;
    if (a->byte_start != b->byte_start) return a->byte_start < b->byte_start ? -1 : 1;
    if (a->byte_end != b->byte_end) return a->byte_end < b->byte_end ? -1 : 1;
    if (a->reason != b->reason) return a->reason < b->reason ? -1 : 1;
    return a->entity < b->entity ? -1 : a->entity > b->entity;
}

/* Record an unambiguous mention of e at byte offset pos (document context). */
static void note_mention(eg_tagger *t, uint32_t e, size_t pos)
{
    if (t->seen[e] != t->serial) {
        t->seen[e] = t->serial;
        t->count[e] = 0;
        t->first_pos[e] = pos;
    }
    t->count[e]++;
    uint32_t c = t->d->ents[e].country_ent;
    if (c != EG_NONE) {
        if (t->cstamp[c] != t->serial) { t->cstamp[c] = t->serial; t->bycountry[c] = 0; }
        t->bycountry[c]++;
    }
}

static uint32_t ctx_count(const eg_tagger *t, uint32_t e)
{
    return e != EG_NONE && t->seen[e] == t->serial ? t->count[e] : 0;
}

static uint32_t by_country(const eg_tagger *t, uint32_t e)
{
    return t->cstamp[e] == t->serial ? t->bycountry[e] : 0;
}

/* Context score of a candidate: its own unambiguous mentions (x4), its
 * country's, and those of entities that belong to it (for a country). */
static long score_of(const eg_tagger *t, uint32_t e)
{
    return 4L * ctx_count(t, e) + ctx_count(t, t->d->ents[e].country_ent) + by_country(t, e);
}

/* Resolve shared aliases by document context: the candidate mentioned
 * itself, or whose country is mentioned most, wins; then priority. */
static void resolve(eg_tagger *t)
{
    const eg_dict *d = t->d;
    for (size_t i = 0; i < t->nm; i++) {
        eg_mention *m = &t->w[i].m;
        if (!m->ambiguous || !t->o.resolve) continue;
        uint32_t *c = t->cand + t->w[i].cand_off;
        long best = -1, second = -1;
        uint32_t be = EG_NONE;
        for (uint32_t k = 0; k < m->ncand; k++) {
            long s = score_of(t, c[k]);
            if (s > best) { second = best; best = s; be = c[k]; }
            else if (s > second) second = s;
        }
        if (best > 0 && best > second) {
            m->entity = be; m->ambiguous = 0; m->how = EG_HOW_CONTEXT;
            m->score = best; m->runner_up = second < 0 ? 0 : second;
            continue;
        }
        /* priority among the top scorers */
        int bp = 0; bool first = true, tie = false;
        for (uint32_t k = 0; k < m->ncand; k++) {
            long s = score_of(t, c[k]);
            if (s != best) continue;
            int p = d->ents[c[k]].priority;
            if (first || p > bp) { bp = p; be = c[k]; tie = false; first = false; }
            else if (p == bp) tie = true;
        }
        if (!tie) { m->entity = be; m->ambiguous = 0; m->how = EG_HOW_PRIORITY; }
        else { m->how = EG_HOW_AMBIGUOUS; }
    }
}

/* --explain=all: every candidate of a mention left ambiguous, with its
 * context score. */
static int explain_ambiguous(eg_tagger *t)
{
    for (size_t i = 0; i < t->nm; i++) {
        const eg_mention *m = &t->w[i].m;
        if (!m->ambiguous) continue;
        const uint32_t *c = t->cand + t->w[i].cand_off;
        for (uint32_t k = 0; k < m->ncand; k++)
            if (reject(t, m->byte_start, m->byte_end, c[k], m->via, EG_REJECT_AMBIGUOUS, EG_NONE, score_of(t, c[k])))
                return EG_ENOMEM;
    }
    return 0;
}

/* --explain=all: what a blocker's match hid -- every entity an alias
 * inside it would have given. */
static int explain_blocked(eg_tagger *t, const work_mention *wm, const char *text, size_t len)
{
    const eg_dict *d = t->d;
    const eg_norm *n = &t->norm;
    const eg_trie *tr = &d->trie;
    const uint8_t *fl = n->flags;
    const unsigned char *nt = (const unsigned char *)n->text;
    for (size_t p = wm->np + 1; p < wm->nq; p++) {
        if (!(fl[p] & EG_CF_START) || !boundary(fl[char_before(fl, p)], fl[p]) || n->src[p] == n->src[p - 1]) continue;
        uint32_t node = tr->root[nt[p]];
        if (node == EG_NONE) continue;
        size_t nh = eg_trie_walk(tr, node, nt, p, wm->nq, t->hits, MAX_TERMS);
        for (size_t h = 0; h < nh; h++) {
            size_t q = t->hits[h].end;
            if (q < wm->nq && !boundary(fl[char_before(fl, q)], fl[q])) continue;
            for (uint32_t a = t->hits[h].alias; a != EG_NONE; a = d->aliases[a].next) {
                const eg_alias *al = &d->aliases[a];
                if (d->ents[al->entity].blocker || al->kind == EG_KIND_PROPAGATED || !valid_now(t, al)) continue;
                if ((al->kind == EG_KIND_DEMONYM && !t->o.demonyms) || (al->kind == EG_KIND_METONYM && !t->o.metonyms)) continue;
                if (reject(t, n->src[p], orig_end(n, text, len, q), al->entity, al->kind, EG_REJECT_BLOCKED, wm->m.entity, 0))
                    return EG_ENOMEM;
            }
        }
    }
    return 0;
}

/* ---- acronym definitions: "Long Name (ABBR)" and "ABBR (Long Name)" ----
 * When a known entity stands next to a parenthesised acronym, the acronym
 * means that entity for the rest of the document, dictionary or not. */

static bool ascii_word(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* An acronym-like token: 2..12 chars of letters, digits, '.', '&', '-',
 * starting with a capital, at least two capitals, more capitals than
 * lowercase letters. */
static bool acronym_like(const char *s, size_t n)
{
    if (n < 2 || n > 12 || !(s[0] >= 'A' && s[0] <= 'Z')) return false;
    int up = 0, low = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') up++;
        else if (c >= 'a' && c <= 'z') low++;
        else if (!(c >= '0' && c <= '9') && c != '.' && c != '&' && c != '-') return false;
    }
    return up >= 2 && up > low;
}

/* Do the acronym's capitals match, in order, the initials of the long
 * name's words (words split at spaces, hyphens and apostrophes; words may
 * be skipped: "Ministry of Defense (MOD)", "Democratic People's Republic of
 * Korea (DPRK)")?  "Japan (PLA)" does not define PLA. */
static bool acronym_fits(const char *acro, size_t an, const char *name, size_t nn)
{
    size_t w = 0;
    for (size_t i = 0; i < an; i++) {
        char c = acro[i];
        if (!(c >= 'A' && c <= 'Z')) continue;
        bool found = false;
        while (w < nn && !found) {
            /* the next word start at or after w */
            while (w < nn && (name[w] == ' ' || name[w] == '-' || name[w] == '\'' || name[w] == '\n')) w++;
            if (w >= nn) break;
            char f = name[w];
            if (f >= 'a' && f <= 'z') f = (char)(f - 32);
            found = f == c;
            while (w < nn && !(name[w] == ' ' || name[w] == '-' || name[w] == '\'' || name[w] == '\n')) w++;
        }
        if (!found) return false;
    }
    return true;
}

static bool word_at(const char *text, size_t len, size_t i)
{
    if (i >= len) return false;
    int32_t cp;
    eg_utf8_decode((const unsigned char *)text + i, len - i, &cp);
    return eg_cp_is_word(cp);
}

static bool word_before(const char *text, size_t i)
{
    if (i == 0) return false;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)text[j] & 0xC0) == 0x80) j--;
    int32_t cp;
    eg_utf8_decode((const unsigned char *)text + j, i - j, &cp);
    return eg_cp_is_word(cp);
}

static int add_acro(eg_tagger *t, size_t off, size_t len, uint32_t e)
{
    for (size_t i = 0; i < t->nacro; i++)
        if (t->acro[i].len == len && t->acro[i].entity == e) return 0;
    if (eg_grow(&t->acro, &t->capacro, t->nacro + 1, sizeof *t->acro)) return EG_ENOMEM;
    t->acro[t->nacro].off = off;
    t->acro[t->nacro].len = len;
    t->acro[t->nacro].entity = e;
    t->nacro++;
    return 0;
}

static int cmp_mention(const void *a, const void *b)
{
    const eg_mention *x = &((const work_mention *)a)->m, *y = &((const work_mention *)b)->m;
    return x->byte_start < y->byte_start ? -1 : x->byte_start > y->byte_start;
}

/* Is any of the first n mentions (sorted, not overlapping) on [bs, be)? */
static bool overlaps(const eg_tagger *t, size_t n, size_t bs, size_t be)
{
    size_t lo = 0, hi = n;   /* the first mention that starts at or after be */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->w[mid].m.byte_start < be) lo = mid + 1; else hi = mid;
    }
    return lo > 0 && t->w[lo - 1].m.byte_end > bs;
}

/* A family name before the first full mention of its person -- a headline
 * ("Austin to Meet With Allies") above the story ("Lloyd J. Austin III"):
 * a mention when the full name came later in the document, the family name
 * means one such person, and nothing else was matched on its span. */
static int early_names(eg_tagger *t)
{
    size_t nm0 = t->nm;
    bool added = false;
    for (size_t i = 0, j; i < t->nearly; i = j) {
        const struct early *x = &t->early[i];
        uint32_t pick = EG_NONE, npick = 0;
        for (j = i; j < t->nearly && t->early[j].bs == x->bs && t->early[j].be == x->be; j++)
            if (t->seen[t->early[j].entity] == t->serial && t->early[j].entity != pick) { pick = t->early[j].entity; npick++; }
        if (npick != 1 || overlaps(t, nm0, x->bs, x->be)) continue;
        if (eg_grow(&t->w, &t->capm, t->nm + 1, sizeof *t->w) || push_cand(t, pick)) return EG_ENOMEM;
        work_mention *wm = &t->w[t->nm++];
        memset(wm, 0, sizeof *wm);
        wm->np = x->np;
        wm->nq = x->nq;
        wm->cand_off = t->ncand - 1;
        eg_mention *m = &wm->m;
        m->byte_start = x->bs;
        m->byte_end = x->be;
        m->entity = pick;
        m->ncand = 1;
        m->via = EG_KIND_PROPAGATED;
        m->how = EG_HOW_PROPAGATED;
        m->from = t->first_pos[pick];
        note_mention(t, pick, x->bs);
        added = true;
        /* --explain=all: no longer rejected */
        size_t k = 0;
        for (size_t r = 0; r < t->nrej; r++) {
            const eg_rejection *rj = &t->rej[r];
            if (!(rj->byte_start == x->bs && rj->byte_end == x->be && rj->entity == pick && rj->reason == EG_REJECT_NO_FULL_NAME))
                t->rej[k++] = *rj;
        }
        t->nrej = k;
    }
    if (added) qsort(t->w, t->nm, sizeof *t->w, cmp_mention);
    return 0;
}

static int acronyms(eg_tagger *t, const char *text, size_t len)
{
    t->nacro = 0;
    size_t nm = t->nm;
    for (size_t i = 0; i < nm; i++) {
        const eg_mention *m = &t->w[i].m;
        if (m->ambiguous || t->w[i].guarded) continue;
        /* Long Name (ABBR) */
        size_t j = m->byte_end;
        while (j < len && text[j] == ' ') j++;
        if (j < len && text[j] == '(') {
            size_t a = j + 1, b = a;
            while (b < len && b - a <= 12 && text[b] != ')') b++;
            if (b < len && text[b] == ')' && acronym_like(text + a, b - a) && m->via != EG_KIND_ABBREVIATION &&
                acronym_fits(text + a, b - a, text + m->byte_start, m->byte_end - m->byte_start))
                if (add_acro(t, a, b - a, m->entity)) return EG_ENOMEM;
        }
        /* ABBR (Long Name) */
        size_t s0 = m->byte_start;
        if (s0 >= 2 && text[s0 - 1] == '(' && m->byte_end < len && text[m->byte_end] == ')') {
            size_t b = s0 - 1;
            while (b > 0 && text[b - 1] == ' ') b--;
            size_t a = b;
            while (a > 0 && !((unsigned char)text[a - 1] <= ' ' || text[a - 1] == '(' || text[a - 1] == '"')) a--;
            if (a < b && acronym_like(text + a, b - a) && !word_before(text, a) &&
                acronym_fits(text + a, b - a, text + m->byte_start, m->byte_end - m->byte_start))
                if (add_acro(t, a, b - a, m->entity)) return EG_ENOMEM;
        }
    }
    if (!t->nacro) return 0;
    bool added = false;
    for (size_t k = 0; k < t->nacro; k++) {
        const struct acro *ac = &t->acro[k];
        const char *needle = text + ac->off;
        for (size_t pos = ac->off; pos + ac->len <= len;) {
            const char *hit = memmem(text + pos, len - pos, needle, ac->len);
            if (!hit) break;
            size_t h = (size_t)(hit - text), he = h + ac->len;
            pos = h + 1;
            /* whole word; a trailing '.' of the token may end a sentence */
            if (word_before(text, h) || (ascii_word((unsigned char)needle[ac->len - 1]) && word_at(text, len, he)))
                continue;
            /* an existing mention with the same span is re-assigned; any
             * other overlap keeps the existing mention */
            bool overlap = false;
            for (size_t i = 0; i < t->nm; i++) {
                eg_mention *m = &t->w[i].m;
                if (m->byte_end <= h || m->byte_start >= he) continue;
                overlap = true;
                if (m->byte_start == h && m->byte_end == he && (m->ambiguous || m->entity != ac->entity || t->w[i].guarded)) {
                    if (push_cand(t, ac->entity)) return EG_ENOMEM;
                    t->w[i].cand_off = t->ncand - 1;
                    m->ncand = 1;
                    m->entity = ac->entity;
                    m->ambiguous = 0;
                    t->w[i].guarded = false;
                    m->how = EG_HOW_ACRONYM;
                    m->from = ac->off;
                    m->via = EG_KIND_ABBREVIATION;
                    note_mention(t, ac->entity, h);
                }
                break;
            }
            if (overlap) continue;
            if (eg_grow(&t->w, &t->capm, t->nm + 1, sizeof *t->w) || push_cand(t, ac->entity)) return EG_ENOMEM;
            work_mention *wm = &t->w[t->nm++];
            memset(wm, 0, sizeof *wm);
            eg_mention *m = &wm->m;
            m->byte_start = h;
            m->byte_end = he;
            m->entity = ac->entity;
            wm->cand_off = t->ncand - 1;
            m->ncand = 1;
            m->via = EG_KIND_ABBREVIATION;
            m->how = EG_HOW_ACRONYM;
            m->from = ac->off;
            note_mention(t, ac->entity, h);
            added = true;
        }
    }
    if (added) qsort(t->w, t->nm, sizeof *t->w, cmp_mention);
    return 0;
}

/* Guarded aliases ("Chad", "Jordan"): keep the mention only when the
 * document supports the entity (its other mentions, its country's, or
 * those of entities belonging to it). */
static int guard(eg_tagger *t, const char *text, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < t->nm; i++) {
        eg_mention *m = &t->w[i].m;
        /* matched only to block; an alias a blocker shares stays blocked */
        bool blocked = !m->ambiguous && t->d->ents[m->entity].blocker;
        for (uint32_t k = 0; k < m->ncand && m->ambiguous && !blocked; k++)
            if (t->d->ents[t->cand[t->w[i].cand_off + k]].blocker) { blocked = true; m->entity = t->cand[t->w[i].cand_off + k]; }
        if (blocked) {
            if (t->o.explain && (reject(t, m->byte_start, m->byte_end, m->entity, m->via, EG_REJECT_BLOCKED, m->entity, 0) ||
                                 explain_blocked(t, &t->w[i], text, len)))
                return EG_ENOMEM;
            continue;
        }
        if (t->w[i].guarded) {
            long s = m->ambiguous ? 0 : score_of(t, m->entity);
            if (s <= 0) {   /* dropped */
                const uint32_t *c = t->cand + t->w[i].cand_off;
                for (uint32_t k = 0; k < m->ncand && t->o.explain; k++)
                    if (reject(t, m->byte_start, m->byte_end, c[k], m->via, EG_REJECT_GUARDED, EG_NONE, 0)) return EG_ENOMEM;
                continue;
            }
            m->how = EG_HOW_GUARDED;
            m->score = s;
        }
        t->w[w++] = t->w[i];
    }
    t->nm = w;
    return 0;
}

/* Is text[st..end) exactly one of the titles? */
static bool is_title_before(const char *text, size_t st, size_t end)
{
    for (const char *const *ti = eg_person_titles; *ti; ti++) {
        size_t n = strlen(*ti);
        if (n <= end - st && !memcmp(text + end - n, *ti, n) && end - n == st) return true;
    }
    return false;
}

static void titles(eg_tagger *t, const char *text)
{
    for (size_t i = 0; i < t->nm; i++) {
        eg_mention *m = &t->w[i].m;
        if (m->title_end > m->title_start) continue;   /* the alias carried it */
        m->title_start = m->title_end = m->byte_start;
        if (!t->d->ents[m->entity].person || m->byte_start < 2 || text[m->byte_start - 1] != ' ') continue;
        size_t end = m->byte_start - 1;   /* the space */
        size_t limit = i ? t->w[i - 1].m.byte_end : 0;
        size_t best = SIZE_MAX;
        for (const char *const *ti = eg_person_titles; *ti; ti++) {
            size_t n = strlen(*ti);
            if (n > end - limit) continue;
            size_t st = end - n;
            if (memcmp(text + st, *ti, n)) continue;
            if (st > 0 && word_before(text, st)) continue;
            if (best == SIZE_MAX || st < best) best = st;
        }
        if (best != SIZE_MAX) { m->title_start = best; m->title_end = end; }
    }
}

void eg_tagger_units(const eg_tagger *t, eg_doc_units *out)
{
    out->sentences = t->seg.nsent;
    out->paragraphs = t->seg.npara;
}

int eg_tagger_run(eg_tagger *t, const char *text, size_t len,
                  const eg_mention **out, size_t *count, size_t *invalid_at)
{
    return eg_tagger_run_dated(t, text, len, EG_NO_DAY, out, count, invalid_at);
}

int eg_tagger_run_dated(eg_tagger *t, const char *text, size_t len, int32_t day,
                        const eg_mention **out, size_t *count, size_t *invalid_at)
{
    t->day = day;
    t->seg.nsent = t->seg.npara = 0;
    const eg_dict *d = t->d;
    const eg_trie *tr = &d->trie;
    t->nm = 0;
    t->ncand = 0;
    t->nrej = 0;
    t->nearly = 0;
    if (++t->serial == 0) {   /* wrapped: clear the per-entity stamps */
        memset(t->seen, 0, (d->nents ? d->nents : 1) * sizeof *t->seen);
        t->serial = 1;
    }
    t->norm.scalar = t->seg.scalar = d->no_fast_paths;
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
        /* White space or punctuation (one character, outside the no-space
         * scripts): most positions that are not words.  The root table is
         * its prefilter -- no key starts with a space (keys are trimmed),
         * few with punctuation -- cheaper than hashing it, and the walk
         * below decides the same either way. */
        if (!(f & (EG_CF_WORD | EG_CF_NOSPACE)) && tr->root[nt[p]] == EG_NONE) {
            prev = f;
            p++;
            continue;
        }
        /* prefilter: does any alias start with this token? */
        bool nospace;
        size_t te = eg_first_token(fl, p, n->len, &nospace);
        uint32_t node = EG_NONE;
        size_t from = p;   /* the walk goes on after text[from], at node */
        if (!nospace && (f & EG_CF_WORD)) {
            uint64_t h = eg_token_hash(n->text + p, te - p);
            uint32_t bit = eg_token_bit_of(h);
            /* a word that starts with a lower-case letter: only aliases that
             * can match in lower case (--explain=all wants the others too:
             * it lists what the case policy rejected) */
            bool lower = false;
            unsigned char c0 = (unsigned char)text[n->src[p]];
            if (!t->o.explain) {
                if (c0 >= 'a' && c0 <= 'z') lower = true;
                else if (c0 >= 0x80) {
                    int32_t cp;
                    eg_utf8_decode((const unsigned char *)text + n->src[p], len - n->src[p], &cp);
                    lower = cp >= 0 && eg_cp_is_lower(cp);
                }
            }
            const uint64_t *bits = tr->first_bits + (lower ? EG_PREFILTER_WORDS : 0);
            bool pass = bits[bit >> 6] >> (bit & 63) & 1;
            if (pass && tr->ftab) {
                /* exact: the token starts a key; the walk resumes after it */
                const eg_ftok *e = eg_ftok_find(tr->ftab, tr->ftab_mask, tr->ftok_pool, n->text + p, te - p, h);
                pass = e && (!lower || (e->len2 & 1));
                if (pass) { node = e->node; from = te - 1; }
            }
            if (!pass) {
                /* positions inside the token are not word starts */
                prev = fl[char_before(fl, te)];
                p = te;
                continue;
            }
        }
        if (node == EG_NONE) node = tr->root[nt[p]];
        if (node == EG_NONE) {
            if (nospace) { prev = f; p++; }
            else { prev = fl[char_before(fl, te)]; p = te; }
            continue;
        }
        size_t nh = eg_trie_walk(tr, node, nt, from, n->len, t->hits, MAX_TERMS);
        size_t adv = 0;
        int got = nh ? try_hits(t, text, len, p, nh, &adv) : 0;
        if (got < 0) return got;
        if (got) {
            prev = fl[char_before(fl, adv)];
            p = adv;
        } else if (!nospace) {
            /* no name starts here, nor anywhere inside this token */
            prev = fl[char_before(fl, te)];
            p = te;
        } else {
            prev = f;
            p++;
        }
    }
    if (t->nearly && (rc = early_names(t))) return rc;
    if (t->o.resolve && (rc = acronyms(t, text, len))) return rc;
    resolve(t);
    if (t->o.explain && (rc = explain_ambiguous(t))) return rc;
    if ((rc = guard(t, text, len))) return rc;
    titles(t, text);
    /* code points, sentences, paragraphs */
    if ((rc = eg_segment(&t->seg, text, len))) return rc;
    size_t pos = 0, cps = 0, si = 0, pi = 0;
    /* Valid UTF-8: a code point starts at every non-continuation byte, so
     * counting those is exact; with invalid bytes, decode (each bad byte is
     * one code point). */
    bool valid = n->invalid_count == 0, ascii = n->ascii;
    for (size_t i = 0; i < t->nm; i++) {
        eg_mention *m = &t->w[i].m;
        m->cand = t->cand + t->w[i].cand_off;
        if (ascii) {
            m->start = m->byte_start;
            m->end = m->byte_end;
        } else if (valid) {
            cps += count_cps(text + pos, m->byte_start - pos);
            pos = m->byte_start;
            m->start = cps;
            m->end = cps + count_cps(text + pos, m->byte_end - pos);
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
    if (t->nrej) {
        qsort(t->rej, t->nrej, sizeof *t->rej, cmp_rejection);
        pos = 0; cps = 0; si = 0; pi = 0;
        for (size_t i = 0; i < t->nrej; i++) {
            eg_rejection *r = &t->rej[i];
            if (ascii) { r->start = r->byte_start; r->end = r->byte_end; }
            else {
                if (r->byte_start < pos) { pos = 0; cps = 0; }   /* spans may nest */
                cps += count_cps_any(text, len, pos, r->byte_start, valid);
                pos = r->byte_start;
                r->start = cps;
                r->end = cps + count_cps_any(text, len, pos, r->byte_end, valid);
            }
            while (si + 1 < t->seg.nsent && t->seg.sent[si + 1] <= r->byte_start) si++;
            while (pi + 1 < t->seg.npara && t->seg.para[pi + 1] <= r->byte_start) pi++;
            r->sentence = si;
            r->paragraph = pi;
        }
    }
    /* the public mentions */
    if (eg_grow(&t->out, &t->capout, t->nm ? t->nm : 1, sizeof *t->out)) return EG_ENOMEM;
    for (size_t i = 0; i < t->nm; i++) t->out[i] = t->w[i].m;
    *out = t->out;
    *count = t->nm;
    return 0;
}
