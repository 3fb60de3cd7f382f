/*
 * segment.c - the window stage's boundaries: a rule-based sentence splitter
 * and a paragraph splitter over the original bytes.
 *
 * Paragraphs: when a document has blank lines, they separate paragraphs and
 * single line breaks are soft wraps; when it has none, every non-empty line
 * is a paragraph (the layout of scraped articles like the NHK sample).
 * Sentences end at . ! ? (and 。！？) followed by space and a capital, digit,
 * quote or uncased letter, except after known abbreviations ("Mr.", "Gen.",
 * "Jan."), single-letter initials ("J. Biden") and dotted acronyms ("U.S.")
 * unless the next word is a typical sentence opener ("U.S. The ...").
 * Every paragraph start is a sentence start.
 */
#include "internal.h"
#include <string.h>

void eg_segments_init(eg_segments *s) { memset(s, 0, sizeof *s); }

void eg_segments_release(eg_segments *s)
{
    eg_free(s->sent); eg_free(s->para);
    eg_segments_init(s);
}

static int push(size_t **arr, size_t *n, size_t *cap, size_t v)
{
    if (*n && (*arr)[*n - 1] >= v) return 0;   /* keep strictly increasing */
    if (eg_grow(arr, cap, *n + 1, sizeof **arr)) return EG_ENOMEM;
    (*arr)[(*n)++] = v;
    return 0;
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if ((*list)[0] == s[0] && strnlen(*list, n + 1) == n && !memcmp(*list, s, n)) return true;
    return false;
}

/* Bytes the sentence loop must look at: line breaks, terminators, and the
 * lead bytes of U+3002 (E3) and U+FF01/U+FF1F (EF). */
static const bool seg_interesting[256] = {
    ['\n'] = true, ['\r'] = true, ['.'] = true, ['!'] = true, ['?'] = true, [0xE3] = true, [0xEF] = true,
};

/* Does any byte of v equal one of the interesting bytes?  (The classic
 * zero-byte test on v XOR each pattern; false positives are possible and
 * harmless, false negatives are not.) */
static inline bool has_interesting(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t a = v ^ (ones * '\n'), b = v ^ (ones * '.'), c = v ^ (ones * '!'), d = v ^ (ones * '?'),
             r = v ^ (ones * '\r');
    uint64_t z = ((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c) | ((d - ones) & ~d) | ((r - ones) & ~r);
    /* 0xE3 and 0xEF are the only interesting bytes >= 0x80: test high bytes
     * exactly in the slow loop */
    return ((z & high) | (v & high)) != 0;
}

static bool is_space_byte(unsigned char c);

/* A line end: LF, or a CR not followed by LF (old Mac files). */
static inline bool is_eol(const char *t, size_t len, size_t i)
{
    return t[i] == '\n' || (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n'));
}

static bool is_space_byte(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

/* Decide whether the '.' at i ends a sentence, given the next word at j. */
static bool period_breaks(const char *t, size_t i, size_t j, size_t len)
{
    /* the token before the period: letters and dots */
    size_t a = i;
    while (a > 0 && !is_space_byte((unsigned char)t[a - 1]) && t[a - 1] != '(' && t[a - 1] != '"') a--;
    const char *w = t + a;
    size_t wn = i - a;
    if (wn == 0) return true;
    if (in_list(eg_sentence_abbreviations, w, wn)) return false;
    bool has_dot = memchr(w, '.', wn) != NULL;
    int32_t cp;
    int k = eg_utf8_decode((const unsigned char *)w, wn, &cp);
    if ((size_t)k == wn && eg_cp_is_upper(cp)) return false;    /* an initial */
    if (has_dot) {
        /* dotted acronym: break only before a sentence opener */
        size_t e = j;
        while (e < len && ((t[e] >= 'a' && t[e] <= 'z') || (t[e] >= 'A' && t[e] <= 'Z'))) e++;
        return in_list(eg_sentence_openers, t + j, e - j);
    }
    return true;
}

/* Can a sentence start with the character at j? */
static bool starts_sentence(const char *t, size_t j, size_t len)
{
    int32_t cp;
    eg_utf8_decode((const unsigned char *)t + j, len - j, &cp);
    if (cp < 0) return false;
    if (eg_cp_is_upper(cp) || (cp >= '0' && cp <= '9')) return true;
    if (cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == '(' || cp == '[' || cp == 0x00AB)
        return true;
    if (eg_cp_is_word(cp) && !eg_cp_is_lower(cp)) return true;   /* uncased scripts */
    return false;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define EG_SEG_AVX2 1
/* The first position from i, 32 bytes at a time, whose byte may matter:
 * a line end, a terminator or any byte >= 0x80 (checked exactly by the
 * caller, as after the 8-byte scan).  Stops with fewer than 32 left. */
__attribute__((target("avx2")))
static size_t skip_plain_avx2(const char *t, size_t i, size_t len)
{
    while (len - i >= 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(t + i));
        __m256i m = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('.'))),
                                    _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('!')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('?'))));
        m = _mm256_or_si256(m, _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r')));
        uint32_t bits = (uint32_t)_mm256_movemask_epi8(m) | (uint32_t)_mm256_movemask_epi8(v);
        if (bits) return i + (size_t)__builtin_ctz(bits);
        i += 32;
    }
    return i;
}
#endif

int eg_segment(eg_segments *s, const char *t, size_t len)
{
#ifdef EG_SEG_AVX2
    bool avx2 = !s->scalar && __builtin_cpu_supports("avx2");
#endif
    s->nsent = s->npara = 0;
    /* blank-line mode? */
    /* blank-line mode: two line ends (LF, CRLF or a lone CR) with only
     * white space between them */
    bool blank_mode = false;
    for (size_t i = 0; i < len && !blank_mode; i++) {
        if (!is_eol(t, len, i)) continue;
        size_t j = i + 1, nl = 0;
        while (j < len && is_space_byte((unsigned char)t[j])) { nl += is_eol(t, len, j); j++; }
        if (nl >= 1 && j < len) blank_mode = true;
        i = j - 1;
    }
    if (push(&s->sent, &s->nsent, &s->capsent, 0) || push(&s->para, &s->npara, &s->cappara, 0))
        return EG_ENOMEM;
    bool at_start = true;   /* no content yet in the current paragraph */
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\n' || (c == '\r' && is_eol(t, len, i))) {
            /* find the next non-space; count line breaks in between */
            size_t j = i, nl = 0;
            while (j < len && is_space_byte((unsigned char)t[j])) { nl += is_eol(t, len, j); j++; }
            if (j < len && !at_start && (nl >= 2 || !blank_mode)) {
                if (push(&s->para, &s->npara, &s->cappara, j) || push(&s->sent, &s->nsent, &s->capsent, j))
                    return EG_ENOMEM;
            }
            i = j;
            continue;
        }
        /* fast path: only '\n', '.', '!', '?', and the lead bytes of 。！？
         * matter; skip 32 (AVX2, once the paragraph has content), then 8
         * bytes at a time while none of them is one */
#ifdef EG_SEG_AVX2
        if (avx2 && !at_start) i = skip_plain_avx2(t, i, len);
#endif
        while (len - i >= 8) {
            uint64_t v;
            memcpy(&v, t + i, 8);
            if (has_interesting(v)) break;
            if (v != 0x2020202020202020ULL) at_start = false;
            i += 8;
        }
        if (i >= len) break;
        c = (unsigned char)t[i];
        if (c == '\n' || (c == '\r' && is_eol(t, len, i))) continue;   /* the line-end code above */
        if (c == '\r') { i++; continue; }                                 /* the CR of a CRLF */
        if (!seg_interesting[c]) {
            if (c > ' ') at_start = false;
            i++;
            continue;
        }
        if (!is_space_byte(c)) at_start = false;
        int32_t cp;
        int k = eg_utf8_decode((const unsigned char *)t + i, len - i, &cp);
        bool term = c == '.' || c == '!' || c == '?';
        bool cjk_term = cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
        if (!term && !cjk_term) { i += (size_t)k; continue; }
        size_t e = i + (size_t)k;
        /* runs like "?!" or "..." and closing quotes/brackets */
        for (;;) {
            if (e >= len) break;
            int32_t d;
            int kk = eg_utf8_decode((const unsigned char *)t + e, len - e, &d);
            if (d == '.' || d == '!' || d == '?' || d == '"' || d == '\'' || d == ')' || d == ']' ||
                d == 0x201D || d == 0x2019 || d == 0x300D || d == 0x300F || d == 0xFF09 || d == 0x00BB ||
                d == 0x3002)
                e += (size_t)kk;
            else break;
        }
        if (cjk_term) {
            size_t j = e;
            while (j < len && is_space_byte((unsigned char)t[j]) && t[j] != '\n') j++;
            if (j < len && t[j] != '\n' && push(&s->sent, &s->nsent, &s->capsent, j)) return EG_ENOMEM;
            i = e;
            continue;
        }
        if (e < len && !is_space_byte((unsigned char)t[e])) { i = e; continue; }
        size_t j = e, nl = 0;
        while (j < len && is_space_byte((unsigned char)t[j])) { nl += is_eol(t, len, j); j++; }
        /* a line end after the terminator: without blank-line mode, or at a
         * blank line, the line-end code starts the next sentence; a soft
         * wrap in blank-line mode is just white space */
        if (j >= len || (nl && (!blank_mode || nl >= 2))) { i = e; continue; }
        if (starts_sentence(t, j, len) && (c != '.' || e - i > 1 || period_breaks(t, i, j, len)))
            if (push(&s->sent, &s->nsent, &s->capsent, j)) return EG_ENOMEM;
        i = e;
    }
    return 0;
}

/* ---- token positions (the tokens:K window) */

/* Han ideographs, Hiragana and Katakana: each code point is a token. */
static bool is_ideograph(int32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF) || (cp >= 0x3040 && cp <= 0x309F) || (cp >= 0x30A0 && cp <= 0x30FF) ||
           (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F);
}

static bool is_joiner(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011; }

/* 0: not a word character, 1: a word character, 2: an ideograph. */
static int token_class(const unsigned char *t, size_t len, size_t i, int *k)
{
    unsigned char c = t[i];
    if (c < 0x80) {
        *k = 1;
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    int32_t cp;
    *k = eg_utf8_decode(t + i, len - i, &cp);
    if (cp < 0) return 0;
    if (is_ideograph(cp)) return 2;
    return eg_cp_is_word(cp);
}

/* The next token at or after i: [*ts, *te), or false at the end. */
static bool next_token(const unsigned char *t, size_t len, size_t i, size_t *ts, size_t *te)
{
    int k, cls = 0;
    while (i < len && !(cls = token_class(t, len, i, &k))) i += (size_t)k;
    if (i >= len) return false;
    *ts = i;
    i += (size_t)k;
    if (cls == 2) { *te = i; return true; }
    while (i < len) {
        int c2 = token_class(t, len, i, &k);
        if (c2 == 1) { i += (size_t)k; continue; }
        if (c2 == 2) break;
        /* a joiner between two word characters */
        int32_t cp;
        int kj = eg_utf8_decode(t + i, len - i, &cp);
        if (!is_joiner(cp) || i + (size_t)kj >= len) break;
        int k3;
        if (token_class(t, len, i + (size_t)kj, &k3) != 1) break;
        i += (size_t)kj;
    }
    *te = i;
    return true;
}

int eg_token_positions(const char *text, size_t len, const eg_mention *m, size_t n, uint32_t *pos, size_t *units)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t mi = 0, assigned = SIZE_MAX;   /* the last mention given a position */
    uint64_t p = 0;
    size_t i = 0, ts, te;
    while (next_token(t, len, i, &ts, &te)) {
        i = te;
        /* mentions wholly before this token */
        for (; mi < n && m[mi].byte_end <= ts; mi++)
            if (assigned != mi) { pos[mi] = (uint32_t)p++; assigned = mi; }
        if (mi < n && m[mi].byte_start < te) {
            /* the token overlaps mentions: it is theirs */
            while (mi < n && m[mi].byte_start < te) {
                if (assigned != mi) { pos[mi] = (uint32_t)p++; assigned = mi; }
                if (m[mi].byte_end > te) break;
                mi++;
            }
            continue;
        }
        p++;
        if (p >= UINT32_MAX) return EG_EINPUT;
    }
    for (; mi < n; mi++)
        if (assigned != mi) { pos[mi] = (uint32_t)p++; assigned = mi; }
    if (p >= UINT32_MAX) return EG_EINPUT;
    *units = (size_t)p;
    return 0;
}
