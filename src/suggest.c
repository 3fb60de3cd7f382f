/*
 * suggest.c - discovery: names in the documents that no dictionary covers,
 * found with the cues a careful reader uses, grouped into candidate
 * entities and written as dictionary entries to review (`entgraph suggest`)
 * or used as provisional entities for one run (--unknown).
 *
 * Per document: tokens (words with their case, initials "J.", abbreviations
 * "Sen.", possessives split off), then runs of capitalised tokens that no
 * mention or known candidate covers, joined across name particles ("van",
 * "bin") and, inside organisation names, across "of", "for", "and", "&",
 * "the".  A run is trimmed (leading titles become the "title" cue; a
 * sentence-initial common word, "The", days and months are dropped), split
 * at connectors that do not join an organisation's head, and classified:
 * an organisation or agency head as its last word, else a person by its
 * cues (title, given name, initial, speech verb, suffix); places (the
 * generated place list and place heads such as "County"), lone common
 * words and lone sentence-initial words are rejected.  A lone surname
 * after a full name in the same document counts for that person.
 *
 * Across documents, candidates are grouped by their normalised name and
 * scored (see confidence()).  Deterministic: the order of documents decides
 * nothing but which spelling is first seen on a tie.
 */
#include "internal.h"
#include "escape.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { TY_PERSON, TY_ORG, TY_AGENCY, TY_UNKNOWN, TY_N };
static const char *const type_names[TY_N] = { "person", "organization", "agency", "unknown" };
static const char *const type_prefix[TY_N] = { "per", "org", "org", "unk" };

/* cues, as bits; names in the "why" field */
enum {
    CUE_TITLE = 1 << 0, CUE_GIVEN = 1 << 1, CUE_INITIAL = 1 << 2, CUE_SPEECH = 1 << 3, CUE_SUFFIX = 1 << 4,
    CUE_ORG_HEAD = 1 << 5, CUE_AGENCY_HEAD = 1 << 6, CUE_ACRONYM = 1 << 7, CUE_CAPS = 1 << 8, CUE_SURNAME = 1 << 9,
    CUE_PLACE_NAME = 1 << 10, CUE_N = 11
};
static const char *const cue_names[CUE_N] = {
    "title", "given-name", "initial", "speech", "suffix", "organization-head", "agency-head", "acronym-defined",
    "capitalised-words", "surname-repeated", "place-then-name",
};

/* word lists, as sets */
enum { L_GIVEN, L_PLACE, L_COMMON, L_TITLE, L_ORG, L_AGENCY, L_PLACE_HEAD, L_SPEECH, L_PARTICLE, L_CALENDAR, L_STATE,
       L_ABBR, L_PLACE_PREFIX, L_THING, L_ROLE, L_N };

#define MAX_EVIDENCE 3
#define MAX_FORMS 5
#define SNIPPET 90

typedef struct cand {
    char *key;                     /* normalised name */
    char *forms[MAX_FORMS];        /* spellings seen, first = most frequent */
    uint32_t form_count[MAX_FORMS];
    size_t nforms;
    char *acronym;                 /* "(MSS)" after it, or NULL */
    char *given, *family;          /* persons with two or more words */
    uint32_t votes[TY_N];
    unsigned cues;
    uint32_t count, docs, last_doc;
    uint32_t not_initial;          /* occurrences not at a sentence start */
    uint32_t nwords;
    struct { char *doc; char *text; } ev[MAX_EVIDENCE];
    size_t nev;
    bool merged;                   /* folded into another candidate */
} cand;

typedef struct tok {
    uint32_t s, e;       /* the word (without a possessive 's) */
    uint32_t pe;         /* end including the possessive */
    uint16_t f;
    char c;              /* punctuation: its first byte */
} tok;
enum { F_WORD = 1, F_CAP = 2, F_ALLCAP = 4, F_INITIAL = 8, F_ABBR = 16, F_SENT = 32, F_COVERED = 64, F_POSS = 128,
       F_DIGIT = 256, F_LOWER = 512 };

/* one run found in the current document, before grouping */
typedef struct occ {
    uint32_t a, b;       /* tokens [a, b) of the name */
    int type;
    unsigned cues;
    bool initial;        /* at a sentence start */
    char *acronym;       /* owned: defined right after it */
} occ;

struct eg_suggester {
    const eg_dict *d;
    eg_strmap lists[L_N];
    eg_strmap keys;              /* normalised name -> candidate index */
    cand *c; size_t nc, capc;
    uint32_t serial;
    eg_segments seg;
    tok *t; size_t nt, capt;
    occ *o; size_t no, capo;
    struct span { size_t s, e; } *cov; size_t ncov, capcov;
    eg_buf tmp;
};

static int fill_set(eg_strmap *m, const char *const *list)
{
    for (const char *const *w = list; *w; w++) {
        bool created;
        if (!eg_strmap_put(m, *w, strlen(*w), &created)) return EG_ENOMEM;
    }
    return 0;
}

static bool in_set(const eg_strmap *m, const char *s, size_t n) { return eg_strmap_get(m, s, n) != NULL; }

void eg_suggest_options_default(eg_suggest_options *o)
{
    o->top = 0;
    o->min_docs = 1;
    o->min_count = 1;
    o->min_confidence = 0;
    o->provisional = false;
}

int eg_suggester_new(eg_suggester **out, const eg_dict *d)
{
    *out = NULL;
    if (!d->compiled) return EG_EUSAGE;
    eg_suggester *s = eg_calloc(1, sizeof *s);
    if (!s) return EG_ENOMEM;
    s->d = d;
    eg_segments_init(&s->seg);
    static const char *const *const lists[L_N] = {
        eg_given_names, eg_places, eg_common_words, eg_suggest_titles, eg_org_heads, eg_agency_heads, eg_place_heads,
        eg_speech_verbs, eg_name_particles, eg_calendar_words, eg_state_abbreviations, eg_sentence_abbreviations,
        eg_place_prefixes, eg_thing_heads, eg_role_words,
    };
    int rc = 0;
    for (int i = 0; i < L_N && !rc; i++) rc = fill_set(&s->lists[i], lists[i]);
    if (!rc) rc = fill_set(&s->lists[L_TITLE], eg_person_titles);
    if (rc) { eg_suggester_free(s); return rc; }
    *out = s;
    return 0;
}

static void free_cand(cand *c)
{
    eg_free(c->key);
    for (size_t i = 0; i < c->nforms; i++) eg_free(c->forms[i]);
    eg_free(c->acronym); eg_free(c->given); eg_free(c->family);
    for (size_t i = 0; i < c->nev; i++) { eg_free(c->ev[i].doc); eg_free(c->ev[i].text); }
}

void eg_suggester_free(eg_suggester *s)
{
    if (!s) return;
    for (int i = 0; i < L_N; i++) eg_strmap_release(&s->lists[i]);
    eg_strmap_release(&s->keys);
    for (size_t i = 0; i < s->nc; i++) free_cand(&s->c[i]);
    for (size_t i = 0; i < s->no; i++) eg_free(s->o[i].acronym);
    eg_free(s->c); eg_free(s->t); eg_free(s->o); eg_free(s->cov);
    eg_segments_release(&s->seg);
    eg_buf_release(&s->tmp);
    eg_free(s);
}

/* ---- tokens */

static int cp_at(const char *text, size_t len, size_t i, int32_t *cp)
{
    return eg_utf8_decode((const unsigned char *)text + i, len - i, cp);
}

static bool is_word_cp(int32_t cp) { return cp >= 0 && eg_cp_is_word(cp); }

static bool is_apos(const char *text, size_t len, size_t i, size_t *k)
{
    if (i < len && text[i] == '\'') { *k = 1; return true; }
    if (i + 2 < len && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 && (unsigned char)text[i + 2] == 0x99) {
        *k = 3;
        return true;
    }
    return false;
}

static bool word_at(const char *text, size_t len, size_t i)
{
    if (i >= len) return false;
    int32_t cp;
    cp_at(text, len, i, &cp);
    return is_word_cp(cp);
}

static int push_tok(eg_suggester *s, tok t)
{
    if (eg_grow(&s->t, &s->capt, s->nt + 1, sizeof *s->t)) return EG_ENOMEM;
    s->t[s->nt++] = t;
    return 0;
}

/* Case of the word text[a..b): F_CAP (first letter upper case), F_ALLCAP
 * (two or more letters, none lower case), F_LOWER, F_DIGIT. */
static uint16_t word_case(const char *text, size_t a, size_t b)
{
    uint16_t f = 0;
    int32_t cp;
    size_t i = a;
    int letters = 0, lower = 0, upper = 0;
    bool first = true;
    while (i < b) {
        int k = cp_at(text, b, i, &cp);
        if (cp >= '0' && cp <= '9') { if (first) f |= F_DIGIT; }
        else if (cp >= 0 && eg_cp_is_upper(cp)) { letters++; upper++; if (first) f |= F_CAP; }
        else if (cp >= 0 && eg_cp_is_lower(cp)) { letters++; lower++; if (first) f |= F_LOWER; }
        if (first && cp != '\'') first = false;
        i += (size_t)k;
    }
    if (letters >= 2 && !lower && upper >= 2) f |= F_ALLCAP;
    return f;
}

static int tokenize(eg_suggester *s, const char *text, size_t len)
{
    s->nt = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        int k = cp_at(text, len, i, &cp);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0 && eg_cp_is_space(cp))) { i += (size_t)k; continue; }
        if (!is_word_cp(cp)) {
            tok t = { (uint32_t)i, (uint32_t)(i + (size_t)k), (uint32_t)(i + (size_t)k), 0, text[i] };
            if (push_tok(s, t)) return EG_ENOMEM;
            i += (size_t)k;
            continue;
        }
        size_t a = i, e, pe;
        uint16_t f = F_WORD;
        for (;;) {
            for (int k2; i < len && (k2 = cp_at(text, len, i, &cp), is_word_cp(cp));) i += (size_t)k2;
            size_t ak;
            if (is_apos(text, len, i, &ak)) {
                /* possessive: 's or s' at the end of the word */
                bool s_after = i + ak < len && (text[i + ak] == 's' || text[i + ak] == 'S') && !word_at(text, len, i + ak + 1);
                bool s_before = i > a && (text[i - 1] == 's') && !word_at(text, len, i + ak);
                if (s_after) { e = i; pe = i + ak + 1; f |= F_POSS; i = pe; break; }
                if (s_before) { e = i; pe = i + ak; f |= F_POSS; i = pe; break; }
                if (word_at(text, len, i + ak)) { i += ak; continue; }   /* O'Brien */
            }
            if (i < len && text[i] == '-' && word_at(text, len, i + 1)) { i++; continue; }   /* Jean-Paul, al-Assad */
            e = pe = i;
            break;
        }
        /* a period after an initial ("J.", "U.S.") or a known abbreviation */
        if (!(f & F_POSS) && e < len && text[e] == '.') {
            size_t wl = e - a;
            int32_t c0;
            cp_at(text, len, a, &c0);
            bool one_letter = (size_t)cp_at(text, len, a, &c0) == wl && c0 >= 0 && eg_cp_is_upper(c0);
            if (one_letter) {
                /* "U.S.", "N.Y.": letters and periods */
                size_t j = e + 1;
                while (j + 1 < len && word_at(text, len, j) && (size_t)cp_at(text, len, j, &c0) == 1 && text[j + 1] == '.' && !word_at(text, len, j + 2))
                    j += 2;
                f |= j > e + 1 ? F_ABBR | F_ALLCAP : F_INITIAL;
                e = pe = i = j > e + 1 ? j : e + 1;
            } else if (in_set(&s->lists[L_ABBR], text + a, wl) || in_set(&s->lists[L_STATE], text + a, wl)) {
                f |= F_ABBR;
                e = pe = i = e + 1;
            }
        }
        f |= word_case(text, a, e);
        tok t = { (uint32_t)a, (uint32_t)e, (uint32_t)pe, f, 0 };
        if (push_tok(s, t)) return EG_ENOMEM;
        if (i == a) i++;   /* cannot happen: a word has at least one character */
    }
    return 0;
}

/* Only white space, with at most one line break, between tokens x and y. */
static bool adjacent(const char *text, const tok *x, const tok *y)
{
    int nl = 0;
    for (size_t i = x->pe; i < y->s; i++) {
        if (text[i] == '\n') nl++;
        else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') return false;
    }
    return nl <= 1;
}

static bool tok_is(const eg_suggester *s, const char *text, const tok *t, int list)
{
    return in_set(&s->lists[list], text + t->s, t->e - t->s);
}

static bool tok_eq(const char *text, const tok *t, const char *w)
{
    size_t n = strlen(w);
    return t->e - t->s == n && !memcmp(text + t->s, w, n);
}

/* Is the token, lower-cased (ASCII letters), in the common-word list? */
static bool common_word(eg_suggester *s, const char *text, const tok *t)
{
    size_t n = t->e - t->s;
    char w[64];
    if (n == 0 || n >= sizeof w) return false;
    for (size_t i = 0; i < n; i++) { char c = text[t->s + i]; w[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }
    return in_set(&s->lists[L_COMMON], w, n);
}

/* Does a title start at token i of [i, b)?  Returns its length in tokens
 * (the longest), 0 if none. */
static size_t title_at(eg_suggester *s, const char *text, size_t i, size_t b)
{
    size_t best = 0;
    for (size_t n = 1; n <= 4 && i + n <= b; n++) {
        const tok *y = &s->t[i + n - 1];
        if (n > 1 && !adjacent(text, &s->t[i + n - 2], y)) break;
        /* the title text with single spaces */
        s->tmp.len = 0;
        for (size_t j = i; j < i + n; j++) {
            if (j > i && eg_buf_putc(&s->tmp, ' ')) return 0;
            if (eg_buf_put(&s->tmp, text + s->t[j].s, s->t[j].e - s->t[j].s)) return 0;
        }
        if (in_set(&s->lists[L_TITLE], s->tmp.data, s->tmp.len)) best = n;
        if (s->t[i + n - 1].f & F_POSS) break;
    }
    return best;
}

static int head_class(eg_suggester *s, const char *text, size_t a, size_t b)
{
    /* the last word, or the last two ("Air Force", "Grand Jury") */
    const tok *l = &s->t[b - 1];
    if (b - a >= 2) {
        s->tmp.len = 0;
        const tok *p = &s->t[b - 2];
        if (!eg_buf_put(&s->tmp, text + p->s, p->e - p->s) && !eg_buf_putc(&s->tmp, ' ') && !eg_buf_put(&s->tmp, text + l->s, l->e - l->s)) {
            if (in_set(&s->lists[L_AGENCY], s->tmp.data, s->tmp.len)) return TY_AGENCY;
            if (in_set(&s->lists[L_ORG], s->tmp.data, s->tmp.len)) return TY_ORG;
        }
    }
    if (tok_is(s, text, l, L_AGENCY)) return TY_AGENCY;
    if (tok_is(s, text, l, L_ORG)) return TY_ORG;
    if (tok_is(s, text, l, L_PLACE_HEAD)) return -2;
    return -1;
}

static bool connector(const char *text, const tok *t)
{
    return tok_eq(text, t, "of") || tok_eq(text, t, "for") || tok_eq(text, t, "and") || tok_eq(text, t, "&") ||
           tok_eq(text, t, "the") || tok_eq(text, t, "on");
}

static bool name_tok(const tok *t)
{
    return (t->f & F_WORD) && !(t->f & (F_COVERED | F_DIGIT)) && (t->f & (F_CAP | F_INITIAL | F_ALLCAP));
}

static int push_occ(eg_suggester *s, size_t a, size_t b, int type, unsigned cues, bool initial)
{
    if (eg_grow(&s->o, &s->capo, s->no + 1, sizeof *s->o)) return EG_ENOMEM;
    occ *o = &s->o[s->no++];
    o->a = (uint32_t)a;
    o->b = (uint32_t)b;
    o->type = type;
    o->cues = cues;
    o->initial = initial;
    o->acronym = NULL;
    return 0;
}

/* The text of tokens [a, b) with their original spacing. */
static const char *span_text(const eg_suggester *s, const char *text, size_t a, size_t b, size_t *n)
{
    *n = s->t[b - 1].e - s->t[a].s;
    return text + s->t[a].s;
}

static bool is_place(eg_suggester *s, const char *text, size_t a, size_t b)
{
    size_t n;
    const char *p = span_text(s, text, a, b, &n);
    return in_set(&s->lists[L_PLACE], p, n);
}

static bool is_suffix(const char *text, const tok *t)
{
    return tok_eq(text, t, "Jr.") || tok_eq(text, t, "Sr.") || tok_eq(text, t, "II") || tok_eq(text, t, "III");
}

/* A role word or title at token k: its length in tokens, else 0. */
static size_t role_at(eg_suggester *s, const char *text, size_t k, size_t b)
{
    size_t tl = title_at(s, text, k, b);
    if (tl) return tl;
    return tok_is(s, text, &s->t[k], L_ROLE) ? 1 : 0;
}

/* Classify and record the name in tokens [a, b) (titles already taken
 * off), with the cues found around it. */
static int consider(eg_suggester *s, const char *text, size_t a, size_t b, unsigned cues)
{
    /* trim: "The", days and months, a sentence-initial common word */
    while (a < b) {
        const tok *t = &s->t[a];
        if (tok_eq(text, t, "The") || tok_eq(text, t, "THE") || tok_is(s, text, t, L_CALENDAR)) { a++; continue; }
        if ((t->f & F_SENT) && !(cues & CUE_TITLE) && common_word(s, text, t) && !(b - a >= 2 && tok_is(s, text, t, L_GIVEN))) { a++; continue; }
        break;
    }
    while (b > a && (connector(text, &s->t[b - 1]) || tok_is(s, text, &s->t[b - 1], L_CALENDAR))) b--;
    if (a >= b) return 0;
    const tok *first = &s->t[a], *last = &s->t[b - 1];
    if (!(first->f & (F_CAP | F_INITIAL | F_ALLCAP)) || (last->f & F_INITIAL)) return 0;   /* "Gaynor B." */
    size_t nw = b - a;
    if (tok_is(s, text, last, L_THING)) return 0;       /* "Babe Ruth Award", "Taft-Hartley Act" */
    int head = head_class(s, text, a, b);
    /* "University of Georgia", "Rotary Club of Providence": the head before "of" */
    for (size_t i = a + 1; head < 0 && i + 1 < b; i++)
        if (tok_eq(text, &s->t[i], "of") || tok_eq(text, &s->t[i], "for")) {
            int h = head_class(s, text, a, i);
            if (h >= 0) head = h;
            break;
        }
    if (head == -2) return 0;                           /* "Fulton County" */
    if (is_place(s, text, a, b)) return 0;              /* "Atlanta", "New York" */
    int type;
    if (head >= 0) {
        type = head;
        cues |= head == TY_ORG ? CUE_ORG_HEAD : CUE_AGENCY_HEAD;
        if (nw == 1) return 0;                          /* "Department" alone */
        return push_occ(s, a, b, type, cues, (first->f & F_SENT) != 0);
    }
    /* not an organisation by its head: a person, a team or school named
     * after its place, or nothing */
    for (size_t i = a; i < b; i++)
        if (tok_is(s, text, &s->t[i], L_CALENDAR) || (s->t[i].f & F_ABBR && !is_suffix(text, &s->t[i])) ||
            (s->t[i].f & F_ALLCAP && !(cues & CUE_TITLE)))
            return 0;                                   /* dates, "Tex.", acronyms, headlines */
    if (nw >= 2 && is_suffix(text, last)) cues |= CUE_SUFFIX;
    for (size_t i = a; i < b; i++)
        if ((s->t[i].f & F_INITIAL) && nw >= 2) cues |= CUE_INITIAL;
    if (nw >= 2 && tok_is(s, text, first, L_GIVEN) && !common_word(s, text, first) && first->e - first->s >= 3) cues |= CUE_GIVEN;
    /* speech: "X said"; "said X" at the end of a clause */
    if (b < s->nt && (s->t[b].f & F_WORD) && tok_is(s, text, &s->t[b], L_SPEECH) && adjacent(text, last, &s->t[b])) cues |= CUE_SPEECH;
    if (a > 0 && tok_eq(text, &s->t[a - 1], "said") && (b >= s->nt || !(s->t[b].f & F_WORD))) cues |= CUE_SPEECH;
    bool person = cues & (CUE_TITLE | CUE_GIVEN | CUE_INITIAL | CUE_SPEECH | CUE_SUFFIX);
    if (tok_is(s, text, first, L_PLACE_PREFIX) && !(cues & (CUE_TITLE | CUE_INITIAL))) return 0;   /* "East Providence", "Fort Knox" */
    /* "Kansas City Athletics", "Texas Tech": a place, then a name */
    if (!(cues & (CUE_TITLE | CUE_INITIAL | CUE_SUFFIX)) && nw >= 2) {
        for (size_t p = (nw - 1 < 3 ? nw - 1 : 3); p >= 1; p--)
            if (is_place(s, text, a, a + p)) {
                if (tok_is(s, text, &s->t[b - 1], L_PLACE_HEAD)) return 0;
                return push_occ(s, a, b, TY_ORG, (cues & ~(unsigned)CUE_GIVEN) | CUE_PLACE_NAME, (first->f & F_SENT) != 0);
            }
    }
    bool all_common = true;
    for (size_t i = a; i < b; i++)
        if (!common_word(s, text, &s->t[i])) all_common = false;
    if (nw == 1) {
        /* a lone word: not a common word; a lone given name is no one */
        if (common_word(s, text, first) || tok_is(s, text, first, L_STATE) || first->e - first->s < 2) return 0;
        return push_occ(s, a, b, TY_PERSON, cues, (first->f & F_SENT) != 0);   /* kept for the surname check */
    }
    if (all_common && !person) return 0;               /* "Home Rule", "Civil War" */
    if (!person) cues |= CUE_CAPS;
    return push_occ(s, a, b, person ? TY_PERSON : TY_UNKNOWN, cues, (first->f & F_SENT) != 0);
}

/* Split tokens [a, b) at connectors that do not belong to an organisation
 * name, and consider each part. */
static int split_run(eg_suggester *s, const char *text, size_t a, size_t b, unsigned cues)
{
    if (a >= b) return 0;
    int h = head_class(s, text, a, b);
    bool inside = false;   /* a connector was kept: inside an organisation's name */
    for (size_t i = a; i < b; i++) {
        const tok *t = &s->t[i];
        if (!connector(text, t)) continue;
        /* "Department of Justice", "University of Georgia", "Society for
         * the Prevention of ...", "Department of Health and Human
         * Services", "Procter and Gamble Co.", "Smith & Co." */
        bool keep;
        if (tok_eq(text, t, "&")) keep = true;
        else if (tok_eq(text, t, "and")) keep = inside || (i - a == 1 && h >= 0);
        else keep = inside || head_class(s, text, a, i) >= 0;
        if (keep) { inside = true; continue; }
        int rc = consider(s, text, a, i, cues);
        if (!rc) rc = split_run(s, text, i + 1, b, 0);
        return rc;
    }
    return consider(s, text, a, b, cues);
}

/* Runs of name tokens in the document. */
static int find_runs(eg_suggester *s, const char *text)
{
    size_t nt = s->nt;
    for (size_t i = 0; i < nt;) {
        if (!name_tok(&s->t[i])) { i++; continue; }
        size_t j = i + 1;
        while (j < nt) {
            const tok *t = &s->t[j];
            if (!adjacent(text, &s->t[j - 1], t) || (s->t[j - 1].f & F_POSS) || (t->f & F_SENT)) break;
            if (name_tok(t)) { j++; continue; }
            /* "Frank E. Smith" where "Smith" alone is some known entity */
            if ((t->f & F_WORD) && (t->f & F_CAP) && (s->t[j - 1].f & F_INITIAL)) { j++; continue; }
            if ((t->f & F_WORD) && !(t->f & F_COVERED) && j + 1 < nt && name_tok(&s->t[j + 1]) && adjacent(text, t, &s->t[j + 1]) &&
                (tok_is(s, text, t, L_PARTICLE) || connector(text, t))) { j++; continue; }
            if (t->c == '&' && j + 1 < nt && name_tok(&s->t[j + 1])) { j++; continue; }
            break;
        }
        /* titles and roles first ("Mayor", "Sen.", "Council President") */
        size_t a = i;
        unsigned cues = 0;
        for (size_t tl; a < j && (tl = role_at(s, text, a, j)) > 0;) { a += tl; cues |= CUE_TITLE; }
        /* a role inside: what is before it may be a body ("Fulton Superior
         * Court Judge Durwood Pye"), what is after it a person */
        size_t rk = SIZE_MAX, rl = 0;
        for (size_t k = a + 1; k < j; k++) {
            size_t tl = role_at(s, text, k, j);
            if (tl && k + tl <= j) { rk = k; rl = tl; k += tl - 1; }
        }
        int rc = 0;
        if (rk != SIZE_MAX) {
            rc = split_run(s, text, a, rk, cues);
            if (!rc && rk + rl < j && !connector(text, &s->t[rk + rl])) rc = split_run(s, text, rk + rl, j, CUE_TITLE);
        } else if (a < j) {
            rc = split_run(s, text, a, j, cues);
        }
        if (rc) return rc;
        /* an acronym defined right after: "Ministry of State Security (MSS)" */
        if (s->no && s->o[s->no - 1].b == j && j + 2 < nt && s->t[j].c == '(' && (s->t[j + 1].f & F_ALLCAP) && s->t[j + 2].c == ')') {
            occ *o = &s->o[s->no - 1];
            if (o->type != TY_PERSON && o->b - o->a >= 2) {
                o->acronym = eg_strndup(text + s->t[j + 1].s, s->t[j + 1].e - s->t[j + 1].s);
                if (!o->acronym) return EG_ENOMEM;
                o->cues |= CUE_ACRONYM;
            }
        }
        i = j;
    }
    return 0;
}

/* ---- covering: mentions and dictionary candidates are known names */

static int cmp_span(const void *x, const void *y)
{
    const struct span *a = x, *b = y;
    return a->s < b->s ? -1 : a->s > b->s;
}

static int mark_covered(eg_suggester *s, const eg_mention *m, size_t n, const eg_rejection *rej, size_t nrej)
{
    s->ncov = 0;
    if (eg_grow(&s->cov, &s->capcov, n + nrej + 1, sizeof *s->cov)) return EG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t st = m[i].title_end > m[i].title_start ? m[i].title_start : m[i].byte_start;
        s->cov[s->ncov++] = (struct span){ st < m[i].byte_start ? st : m[i].byte_start, m[i].byte_end };
    }
    for (size_t i = 0; i < nrej; i++)
        if (rej[i].reason != EG_REJECT_LONGER_NAME && rej[i].reason != EG_REJECT_CASE && rej[i].reason != EG_REJECT_NO_FULL_NAME)
            s->cov[s->ncov++] = (struct span){ rej[i].byte_start, rej[i].byte_end };
    qsort(s->cov, s->ncov, sizeof *s->cov, cmp_span);
    size_t c = 0;
    for (size_t i = 0; i < s->nt; i++) {
        tok *t = &s->t[i];
        while (c < s->ncov && s->cov[c].e <= t->s) c++;
        for (size_t k = c; k < s->ncov && s->cov[k].s < t->pe; k++)
            if (s->cov[k].e > t->s) { t->f |= F_COVERED; break; }
    }
    return 0;
}

static void mark_sentences(eg_suggester *s)
{
    size_t si = 0;
    bool need = true;   /* the next word starts a sentence */
    for (size_t i = 0; i < s->nt; i++) {
        tok *t = &s->t[i];
        while (si < s->seg.nsent && s->seg.sent[si] <= t->s) { si++; need = true; }
        if (!(t->f & F_WORD)) {
            /* an opening quote: a quoted sentence starts after it */
            if ((t->c == '"' || (unsigned char)t->c == 0xE2) && i + 1 < s->nt && (s->t[i + 1].f & F_WORD) && s->t[i + 1].s == t->e)
                need = true;
            continue;
        }
        if (need) { t->f |= F_SENT; need = false; }
    }
}

/* ---- grouping across documents */

static char *norm_key(const char *p, size_t n, size_t *kn) { return eg_norm_string(p, n, kn); }

static int add_form(cand *c, const char *p, size_t n)
{
    for (size_t i = 0; i < c->nforms; i++)
        if (strlen(c->forms[i]) == n && !memcmp(c->forms[i], p, n)) { c->form_count[i]++; return 0; }
    if (c->nforms == MAX_FORMS) return 0;
    c->forms[c->nforms] = eg_strndup(p, n);
    if (!c->forms[c->nforms]) return EG_ENOMEM;
    c->form_count[c->nforms++] = 1;
    return 0;
}

static int add_evidence(cand *c, const char *docid, const char *text, size_t len, size_t st, size_t en)
{
    if (c->nev == MAX_EVIDENCE) return 0;
    for (size_t i = 0; i < c->nev; i++) if (!strcmp(c->ev[i].doc, docid)) return 0;   /* one per document */
    size_t a = st > SNIPPET / 2 ? st - SNIPPET / 2 : 0, b = en + SNIPPET / 2 < len ? en + SNIPPET / 2 : len;
    while (a > 0 && a < st && ((unsigned char)text[a] & 0xC0) == 0x80) a++;
    while (b < len && b > en && ((unsigned char)text[b] & 0xC0) == 0x80) b--;
    char *snip = eg_malloc(b - a + 1);
    char *doc = eg_strndup(docid, strlen(docid));
    if (!snip || !doc) { eg_free(snip); eg_free(doc); return EG_ENOMEM; }
    size_t k = 0;
    for (size_t i = a; i < b; i++) {
        char ch = text[i];
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
        if ((unsigned char)ch < 0x20 || ch == 0x7f) continue;
        if (ch == ' ' && k && snip[k - 1] == ' ') continue;
        snip[k++] = ch;
    }
    snip[k] = 0;
    c->ev[c->nev].doc = doc;
    c->ev[c->nev].text = snip;
    c->nev++;
    return 0;
}

static int record(eg_suggester *s, const eg_document *doc, const occ *o, size_t a, size_t b, int type, unsigned cues)
{
    const char *text = doc->text;
    size_t n;
    const char *p = span_text(s, text, a, b, &n);
    size_t kn;
    char *key = norm_key(p, n, &kn);
    if (!key) return EG_ENOMEM;
    if (!kn) { eg_free(key); return 0; }
    bool created;
    uint32_t *slot = eg_strmap_put(&s->keys, key, kn, &created);
    if (!slot) { eg_free(key); return EG_ENOMEM; }
    if (created) {
        if (eg_grow(&s->c, &s->capc, s->nc + 1, sizeof *s->c)) { eg_free(key); return EG_ENOMEM; }
        *slot = (uint32_t)s->nc;
        cand *c = &s->c[s->nc++];
        memset(c, 0, sizeof *c);
        c->key = key;
        c->nwords = (uint32_t)(b - a);
        if (type == TY_PERSON && b - a >= 2) {
            size_t fb = b;
            const tok *l = &s->t[b - 1];
            if (tok_eq(text, l, "Jr.") || tok_eq(text, l, "Sr.") || tok_eq(text, l, "II") || tok_eq(text, l, "III")) fb--;
            if (fb - a >= 2) {
                c->family = eg_strndup(text + s->t[fb - 1].s, s->t[fb - 1].e - s->t[fb - 1].s);
                c->given = eg_strndup(text + s->t[a].s, s->t[fb - 2].e - s->t[a].s);
                if (!c->family || !c->given) return EG_ENOMEM;
            }
        }
    } else {
        eg_free(key);
    }
    cand *c = &s->c[*slot];
    c->votes[type]++;
    c->cues |= cues;
    c->count++;
    if (c->last_doc != s->serial) { c->docs++; c->last_doc = s->serial; }
    if (!o || !o->initial) c->not_initial++;
    if (o && o->acronym && !c->acronym) { c->acronym = eg_strndup(o->acronym, strlen(o->acronym)); if (!c->acronym) return EG_ENOMEM; }
    int rc = add_form(c, p, n);
    if (!rc) rc = add_evidence(c, doc->id ? doc->id : "", text, doc->len, s->t[a].s, s->t[b - 1].e);
    return rc;
}

int eg_suggester_add(eg_suggester *s, const eg_document *doc, const eg_mention *m, size_t n, const eg_rejection *rej,
                     size_t nrej)
{
    const char *text = doc->text;
    size_t len = doc->len;
    s->serial++;
    for (size_t i = 0; i < s->no; i++) eg_free(s->o[i].acronym);
    s->no = 0;
    int rc = tokenize(s, text, len);
    if (!rc) rc = eg_segment(&s->seg, text, len);
    if (!rc) rc = mark_covered(s, m, n, rej, nrej);
    if (rc) return rc;
    mark_sentences(s);
    if ((rc = find_runs(s, text))) return rc;
    /* lone words: a surname of a person with a full name in this document
     * counts for that person; else only with a title or speech cue, and
     * not at a sentence start without a title */
    for (size_t i = 0; i < s->no && !rc; i++) {
        occ *o = &s->o[i];
        if (o->b - o->a != 1 || o->type != TY_PERSON) continue;
        const tok *w = &s->t[o->a];
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < s->no; k++) {
            const occ *f = &s->o[k];
            if (f->type != TY_PERSON || f->b - f->a < 2) continue;
            size_t fb = f->b;
            const tok *l = &s->t[fb - 1];
            if (tok_eq(text, l, "Jr.") || tok_eq(text, l, "Sr.") || tok_eq(text, l, "II") || tok_eq(text, l, "III")) fb--;
            const tok *fam = &s->t[fb - 1];
            if (fam->e - fam->s == w->e - w->s && !memcmp(text + fam->s, text + w->s, w->e - w->s)) {
                if (best == SIZE_MAX || s->o[k].cues > s->o[best].cues) best = k;
            }
        }
        if (best != SIZE_MAX) { o->type = -1 - (int)best; continue; }   /* claimed */
        if (!(o->cues & (CUE_TITLE | CUE_SPEECH)) || (o->initial && !(o->cues & CUE_TITLE))) o->type = INT32_MIN;
    }
    for (size_t i = 0; i < s->no && !rc; i++) {
        const occ *o = &s->o[i];
        if (o->type >= 0) rc = record(s, doc, o, o->a, o->b, o->type, o->cues);
    }
    for (size_t i = 0; i < s->no && !rc; i++) {
        occ *o = &s->o[i];
        if (o->type == INT32_MIN || o->type >= 0) continue;
        {
            /* a surname: one more mention of the full name's candidate */
            const occ *f = &s->o[-1 - o->type];
            size_t kn, fn;
            const char *fp = span_text(s, text, f->a, f->b, &fn);
            char *key = norm_key(fp, fn, &kn);
            if (!key) return EG_ENOMEM;
            uint32_t *slot = eg_strmap_get(&s->keys, key, kn);
            eg_free(key);
            if (slot) { s->c[*slot].count++; s->c[*slot].cues |= CUE_SURNAME; s->c[*slot].not_initial++; }
        }
    }
    return rc;
}

/* ---- ranking and output */

/* The confidence of a candidate, in [0, 0.99]: the strongest cue's base
 * (organisation or agency head, title 0.85; given name, acronym 0.8;
 * initial 0.75; speech 0.7; a place then a name 0.65; capitalised words
 * only 0.35), raised by repetition: 1 - (1 - base) * 0.7^(docs - 1) *
 * 0.85^(count - docs), then times 0.6 when every occurrence starts a
 * sentence. */
static double confidence(const cand *c)
{
    double base = 0.3;
    if (c->cues & (CUE_ORG_HEAD | CUE_AGENCY_HEAD | CUE_TITLE)) base = 0.85;
    else if (c->cues & (CUE_GIVEN | CUE_ACRONYM)) base = 0.8;
    else if (c->cues & CUE_INITIAL) base = 0.75;
    else if (c->cues & CUE_SPEECH) base = 0.7;
    else if (c->cues & CUE_PLACE_NAME) base = 0.65;
    else if (c->cues & CUE_CAPS) base = 0.35;
    double v = 1 - (1 - base) * pow(0.7, (double)c->docs - 1) * pow(0.85, (double)(c->count - c->docs));
    if (!c->not_initial) v *= 0.6;
    if (v > 0.99) v = 0.99;
    return floor(v * 1000 + 0.5) / 1000;
}

static int best_type(const cand *c)
{
    int t = TY_PERSON;
    for (int i = 1; i < TY_N; i++) if (c->votes[i] > c->votes[t]) t = i;
    return t;
}

typedef struct ranked { double conf; uint32_t count; const char *key; size_t i; } ranked;
static int cmp_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->conf != b->conf) return a->conf > b->conf ? -1 : 1;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->key, b->key);
}

static void put_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    eg_json_escape(f, s, strlen(s));
    fputc('"', f);
}

/* A slug of the normalised name: ASCII letters and digits, '-' between. */
static void slug(const char *key, char *out, size_t size)
{
    size_t k = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)key; *p && k + 2 < size; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && k) out[k++] = '-';
            out[k++] = (char)c;
            dash = false;
        } else if (c >= 0x80) {
            if (dash && k) out[k++] = '-';
            k += (size_t)snprintf(out + k, size - k, "%02x", c) < size - k ? 2 : 0;
            dash = false;
        } else {
            dash = true;
        }
    }
    out[k] = 0;
    if (!k) snprintf(out, size, "x");
}

int eg_suggester_write(eg_suggester *s, const eg_suggest_options *opt, FILE *out, size_t *written)
{
    eg_suggest_options def;
    if (!opt) { eg_suggest_options_default(&def); opt = &def; }
    *written = 0;
    /* a lone surname (title or speech) folds into the one full name ending in it */
    for (size_t i = 0; i < s->nc; i++) {
        cand *c = &s->c[i];
        if (c->nwords != 1 || best_type(c) != TY_PERSON) continue;
        size_t owner = SIZE_MAX, owners = 0;
        for (size_t k = 0; k < s->nc; k++) {
            const cand *f = &s->c[k];
            if (k == i || !f->family || f->merged || best_type(f) != TY_PERSON) continue;
            size_t fk;
            char *fam = eg_norm_string(f->family, strlen(f->family), &fk);
            if (!fam) return EG_ENOMEM;
            if (!strcmp(fam, c->key)) { owner = k; owners++; }
            eg_free(fam);
        }
        if (owners == 1) {
            cand *f = &s->c[owner];
            f->count += c->count;
            f->not_initial += c->not_initial;
            f->cues |= CUE_SURNAME;
            c->merged = true;
        }
    }
    ranked *r = eg_malloc((s->nc ? s->nc : 1) * sizeof *r);
    if (!r) return EG_ENOMEM;
    size_t nr = 0;
    for (size_t i = 0; i < s->nc; i++) {
        const cand *c = &s->c[i];
        if (c->merged || (long)c->docs < opt->min_docs || (long)c->count < opt->min_count) continue;
        double conf = confidence(c);
        if (conf < opt->min_confidence) continue;
        r[nr++] = (ranked){ conf, c->count, c->key, i };
    }
    qsort(r, nr, sizeof *r, cmp_ranked);
    if (opt->top && nr > opt->top) nr = opt->top;
    eg_strmap ids = {0};
    for (size_t k = 0; k < nr; k++) {
        const cand *c = &s->c[r[k].i];
        int ty = best_type(c);
        /* the most frequent spelling, ties to the first seen */
        size_t bi = 0;
        for (size_t i = 1; i < c->nforms; i++) if (c->form_count[i] > c->form_count[bi]) bi = i;
        /* a unique id, also against the dictionary's own ("new:per:smith-2") */
        char sl[160], id[200];
        slug(c->key, sl, sizeof sl);
        snprintf(id, sizeof id, "new:%s:%s", type_prefix[ty], sl);
        for (unsigned k2 = 2;; k2++) {
            bool created = false;
            if (eg_dict_entity_index(s->d, id) == SIZE_MAX) {
                if (!eg_strmap_put(&ids, id, strlen(id), &created)) { eg_free(r); eg_strmap_release(&ids); return EG_ENOMEM; }
                if (created) break;
            }
            snprintf(id, sizeof id, "new:%s:%s-%u", type_prefix[ty], sl, k2);
        }
        fprintf(out, "{\"id\":\"%s\",\"name\":", id);
        put_json_str(out, c->forms[bi]);
        fprintf(out, ",\"type\":\"%s\"", type_names[ty]);
        bool any = c->acronym != NULL;
        for (size_t i = 0; i < c->nforms; i++) if (i != bi) any = true;
        if (any) {
            fputs(",\"aliases\":[", out);
            const char *sep = "";
            for (size_t i = 0; i < c->nforms; i++) {
                if (i == bi) continue;
                fputs(sep, out);
                put_json_str(out, c->forms[i]);
                sep = ",";
            }
            if (c->acronym) {
                fprintf(out, "%s{\"text\":", sep);
                put_json_str(out, c->acronym);
                fputs(",\"kind\":\"abbreviation\"}", out);
            }
            fputc(']', out);
        }
        if (ty == TY_PERSON && c->given && c->family) {
            fputs(",\"attrs\":{\"given\":", out);
            put_json_str(out, c->given);
            fputs(",\"family\":", out);
            put_json_str(out, c->family);
            fputc('}', out);
        }
        if (opt->provisional) fputs(",\"provisional\":true", out);
        fprintf(out, ",\"count\":%u,\"docs\":%u,\"confidence\":%.3f,\"why\":[", c->count, c->docs, r[k].conf);
        const char *sep = "";
        for (int b = 0; b < CUE_N; b++)
            if (c->cues & (1u << b)) { fprintf(out, "%s\"%s\"", sep, cue_names[b]); sep = ","; }
        if (c->docs > 1) fprintf(out, "%s\"repeated\"", sep);
        fputs("],\"evidence\":[", out);
        for (size_t i = 0; i < c->nev; i++) {
            fputs(i ? ",{\"doc\":" : "{\"doc\":", out);
            put_json_str(out, c->ev[i].doc);
            fputs(",\"text\":", out);
            put_json_str(out, c->ev[i].text);
            fputc('}', out);
        }
        fputs("]}\n", out);
    }
    eg_free(r);
    eg_strmap_release(&ids);
    *written = nr;
    return ferror(out) ? EG_ESYS : 0;
}
