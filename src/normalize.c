/*
 * normalize.c - the normalisation stage: UTF-8 decoding, Unicode character
 * classes, and the folding that makes text and aliases comparable byte by
 * byte while remembering where every output byte came from.
 *
 * Folding per code point: apostrophes -> ', dashes -> -, white space runs
 * -> one space, then utf8proc compatibility decomposition + case folding
 * (+ default-ignorables removed), then Latin/Greek/Cyrillic combining
 * diacritics dropped; Latin letters with a stroke (ł ø đ ħ ŧ) and the
 * dotless ı fold to their plain letter.  Working per code point (rather than NFKC over the
 * whole string) keeps the offset map exact; because aliases go through the
 * same function, "Erdoğan" (NFC or NFD) and "Erdogan" meet.
 *
 * ASCII takes a table-driven fast path: utf8proc is called only for
 * non-ASCII code points.
 */
#include "internal.h"
#include <string.h>
#include <utf8proc.h>

int eg_utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) { *cp = (int32_t)c; return 1; }
    int len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else { *cp = -1; return 1; }
    if ((size_t)len > n) { *cp = -1; return 1; }
    for (int i = 1; i < len; i++) {
        unsigned d = s[i];
        if ((d & 0xC0) != 0x80) { *cp = -1; return 1; }
        v = (v << 6) | (int32_t)(d & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) { *cp = -1; return 1; }
    *cp = v;
    return len;
}

bool eg_cp_is_word(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp < 0) return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

/* Scripts written without spaces between words: a name may start or end
 * anywhere next to them. */
bool eg_cp_is_nospace_script(int32_t cp)
{
    if (cp < 0x0E00) return false;
    return (cp >= 0x0E00 && cp <= 0x0EFF)      /* Thai, Lao */
        || (cp >= 0x1000 && cp <= 0x109F)      /* Myanmar */
        || (cp >= 0x1100 && cp <= 0x11FF)      /* Hangul Jamo */
        || (cp >= 0x1780 && cp <= 0x17FF)      /* Khmer */
        || (cp >= 0x2E80 && cp <= 0x2FDF)      /* CJK radicals */
        || (cp >= 0x3005 && cp <= 0x3007)
        || (cp >= 0x3021 && cp <= 0x3029)
        || (cp >= 0x3038 && cp <= 0x303B)
        || (cp >= 0x3040 && cp <= 0x30FF)      /* Hiragana, Katakana */
        || (cp >= 0x3130 && cp <= 0x318F)      /* Hangul compatibility jamo */
        || (cp >= 0x31F0 && cp <= 0x31FF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xA960 && cp <= 0xA97F)
        || (cp >= 0xAC00 && cp <= 0xD7FF)      /* Hangul syllables, jamo ext B */
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFF66 && cp <= 0xFF9F)
        || (cp >= 0x20000 && cp <= 0x3134F);
}

bool eg_cp_is_upper(int32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (cp < 0) return false;
    int c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool eg_cp_is_lower(int32_t cp)
{
    if (cp < 0x80) return cp >= 'a' && cp <= 'z';
    if (cp < 0) return false;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

bool eg_cp_is_space(int32_t cp)
{
    if (cp < 0x80) return cp == ' ' || (cp >= 9 && cp <= 13);
    if (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A))
        return true;
    return false;
}

bool eg_cp_is_dropped_mark(int32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

bool eg_cp_is_alnum(int32_t cp)
{
    if (cp < 0x80) return cp >= 0 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

/* ASCII fold and class tables, constant (no lazy initialisation: two
 * threads may normalise at once): upper case to lower, controls to space. */
static const unsigned char ascii_fold[128] = {
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
    32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
    64, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 91, 92, 93, 94, 95,
    96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 32,
};
#define S EG_CF_START
#define W EG_CF_WORD
static const unsigned char ascii_flags[128] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S, S, S, S, S, S,
    S, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W,
    S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S, S, S, S, S,
    S, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W,
    S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S|W, S, S, S, S, S,
};
#undef S
#undef W

void eg_norm_init(eg_norm *n) { memset(n, 0, sizeof *n); n->invalid_at = SIZE_MAX; }

void eg_norm_release(eg_norm *n)
{
    eg_free(n->text); eg_free(n->src); eg_free(n->flags);
    eg_norm_init(n);
}

static int norm_reserve(eg_norm *n, size_t need)
{
    if (need <= n->cap) return 0;
    size_t nc = n->cap ? n->cap : 256;
    while (nc < need) nc *= 2;
    char *t = eg_realloc(n->text, nc + 1);
    if (!t) return EG_ENOMEM;
    n->text = t;
    uint32_t *s = eg_realloc(n->src, (nc + 1) * sizeof *s);
    if (!s) return EG_ENOMEM;
    n->src = s;
    uint8_t *f = eg_realloc(n->flags, nc + 1);
    if (!f) return EG_ENOMEM;
    n->flags = f;
    n->cap = nc;
    return 0;
}

/* Emit one folded code point; returns bytes written (0..4). */
static size_t put_cp(char *o, int32_t cp)
{
    utf8proc_ssize_t k = utf8proc_encode_char(cp, (utf8proc_uint8_t *)o);
    return (size_t)k;
}

/* Fold one non-ASCII code point into out[] (at most 18 code points, as
 * utf8proc's longest decomposition).  Returns the number of code points, or
 * -1 for white space. */
static int fold_cp(int32_t cp, int32_t *out, int cap)
{
    if (eg_cp_is_space(cp)) return -1;
    switch (cp) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x2032: case 0xFF07: case 0x02BB:
        out[0] = '\''; return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        out[0] = '-'; return 1;
    /* Latin letters with a stroke have no decomposition, but news in
     * English drops the stroke: "Radosław" is written "Radoslaw" */
    case 0x0141: case 0x0142: out[0] = 'l'; return 1;   /* Ł ł */
    case 0x00D8: case 0x00F8: out[0] = 'o'; return 1;   /* Ø ø */
    case 0x0110: case 0x0111: out[0] = 'd'; return 1;   /* Đ đ */
    case 0x0126: case 0x0127: out[0] = 'h'; return 1;   /* Ħ ħ */
    case 0x0166: case 0x0167: out[0] = 't'; return 1;   /* Ŧ ŧ */
    case 0x0131: out[0] = 'i'; return 1;                /* dotless ı */
    default: break;
    }
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, out, cap,
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE, &last);
    if (k < 0 || k > cap) { out[0] = cp; return 1; }
    int m = 0;
    for (int i = 0; i < (int)k; i++) {
        int32_t c = out[i];
        if (eg_cp_is_dropped_mark(c)) continue;
        if (c == 0x2019 || c == 0x2018) c = '\'';
        if (c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014) c = '-';
        if (eg_cp_is_space(c)) c = ' ';
        out[m++] = c;
    }
    return m;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define EG_NORM_AVX2 1
/* 32 ASCII bytes at once, when nothing in them needs the scalar loop: no
 * byte >= 0x80 and no white space after white space (which collapses).
 * Writes exactly what the scalar loop would: folded bytes, source offsets
 * i..i+31, flags START (+ WORD for letters and digits).  Returns the bytes
 * done: 32, or 0 (the caller runs the scalar loop on this block). */
__attribute__((target("avx2")))
static size_t ascii_block_avx2(const unsigned char *s, size_t i, char *o, uint32_t *src, uint8_t *fl, size_t j,
                               bool *last_space)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)(s + i));
    if (_mm256_movemask_epi8(v)) return 0;   /* non-ASCII */
    const __m256i sp = _mm256_set1_epi8(' ');
    /* controls (< 0x20) and DEL are white space; signed compares are fine: all bytes < 0x80 */
    __m256i ctl = _mm256_or_si256(_mm256_cmpgt_epi8(sp, v), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x7F)));
    __m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('A' - 1)), _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), v));
    __m256i f = _mm256_add_epi8(v, _mm256_and_si256(upper, _mm256_set1_epi8(32)));
    f = _mm256_blendv_epi8(f, sp, ctl);
    uint32_t spm = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(f, sp));
    if (spm & ((spm << 1) | (uint32_t)*last_space)) return 0;   /* white space to collapse */
    __m256i lower = _mm256_and_si256(_mm256_cmpgt_epi8(f, _mm256_set1_epi8('a' - 1)), _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), f));
    __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(f, _mm256_set1_epi8('0' - 1)), _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), f));
    __m256i word = _mm256_and_si256(_mm256_or_si256(lower, digit), _mm256_set1_epi8(EG_CF_WORD));
    __m256i flags = _mm256_or_si256(word, _mm256_set1_epi8(EG_CF_START));
    _mm256_storeu_si256((__m256i *)(o + j), f);
    _mm256_storeu_si256((__m256i *)(fl + j), flags);
    __m256i idx = _mm256_add_epi32(_mm256_set1_epi32((int)i), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m256i eight = _mm256_set1_epi32(8);
    for (int k = 0; k < 4; k++) {
        _mm256_storeu_si256((__m256i *)(src + j + 8 * k), idx);
        idx = _mm256_add_epi32(idx, eight);
    }
    *last_space = spm >> 31;
    return 32;
}
#endif

int eg_norm_run(eg_norm *n, const char *buf, size_t len)
{
    const unsigned char *s = (const unsigned char *)buf;
    n->len = 0;
    n->invalid_at = SIZE_MAX;
    n->invalid_count = 0;
    n->ascii = true;
    if (len > UINT32_MAX - 1) return EG_EINPUT;
    /* Most text is ASCII: reserve the input size up front.  Invariant:
     * cap >= j + (len - i) + 128, so a run of ASCII (at most one output byte
     * per input byte) needs no capacity check; it is restored after every
     * non-ASCII character, whose folding may expand. */
    if (norm_reserve(n, len + 128)) return EG_ENOMEM;
    char *o = n->text;
    uint32_t *src = n->src;
    uint8_t *fl = n->flags;
    size_t j = 0;
    bool last_space = false;
    size_t i = 0;
#ifdef EG_NORM_AVX2
    bool avx2 = !n->scalar && __builtin_cpu_supports("avx2");
#endif
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
#ifdef EG_NORM_AVX2
            /* blocks of 32 while they are plain ASCII text */
            if (avx2) {
                size_t k;
                while (i + 32 <= len && (k = ascii_block_avx2(s, i, o, src, fl, j, &last_space))) { i += k; j += k; }
                if (i >= len) break;
                c = s[i];
                if (c >= 0x80) continue;
            }
            size_t stop = avx2 && i + 32 < len ? i + 32 : len;   /* back to the blocks after one */
#else
            size_t stop = len;
#endif
            /* the ASCII run */
            do {
                /* branch-free: a white-space byte after white space writes
                 * over its slot again (keeping the run's first offset)
                 * instead of advancing -- no mispredicted branch per word */
                unsigned char f = ascii_fold[c];
                bool sp = f == ' ', again = sp & last_space;
                o[j] = (char)f;
                src[j] = again ? src[j] : (uint32_t)i;
                fl[j] = ascii_flags[c];   /* white space: EG_CF_START */
                j += !again;
                last_space = sp;
                i++;
            } while (i < stop && (c = s[i]) < 0x80);
            continue;
        }
        n->ascii = false;
        int32_t cp;
        int k = eg_utf8_decode(s + i, len - i, &cp);
        if (cp < 0) {
            /* Invalid byte: a non-letter separator, kept as U+FFFD-like
             * placeholder byte 0x01 so that offsets stay exact. */
            if (n->invalid_at == SIZE_MAX) n->invalid_at = i;
            n->invalid_count++;
            o[j] = 0x01; src[j] = (uint32_t)i; fl[j] = EG_CF_START; j++; last_space = false;
            i++;
            continue;
        }
        int32_t cps[24];
        int m = fold_cp(cp, cps, 24);
        if (m < 0) {
            if (!last_space) { o[j] = ' '; src[j] = (uint32_t)i; fl[j] = EG_CF_START; j++; last_space = true; }
        } else {
            for (int q = 0; q < m; q++) {
                if (cps[q] == ' ') {
                    if (last_space) continue;
                    o[j] = ' '; src[j] = (uint32_t)i; fl[j] = EG_CF_START; j++; last_space = true;
                    continue;
                }
                size_t w = put_cp(o + j, cps[q]);
                uint8_t f = EG_CF_WORD * eg_cp_is_word(cps[q]);
                if (eg_cp_is_nospace_script(cps[q]) || eg_cp_is_nospace_script(cp)) f |= EG_CF_NOSPACE;
                for (size_t b = 0; b < w; b++) { src[j + b] = (uint32_t)i; fl[j + b] = f; }
                fl[j] |= EG_CF_START;
                j += w;
                last_space = false;
            }
        }
        i += (size_t)k;
        if (j + 128 + (len - i) > n->cap) {
            if (norm_reserve(n, j + 128 + (len - i))) return EG_ENOMEM;
            o = n->text; src = n->src; fl = n->flags;
        }
    }
    src[j] = (uint32_t)len;
    /* defined slack: word-at-a-time readers (token hash, token end) may
     * look up to 8 bytes past the end */
    memset(o + j, 0, 9);
    memset(fl + j + 1, 0, 8);
    fl[j] = EG_CF_START;
    n->len = j;
    return 0;
}

char *eg_norm_string(const char *s, size_t len, size_t *out_len)
{
    eg_norm n;
    eg_norm_init(&n);
    if (eg_norm_run(&n, s, len)) { eg_norm_release(&n); return NULL; }
    size_t a = 0, b = n.len;
    while (a < b && n.text[a] == ' ') a++;
    while (b > a && n.text[b - 1] == ' ') b--;
    char *r = eg_strndup(n.text + a, b - a);
    eg_norm_release(&n);
    if (r && out_len) *out_len = b - a;
    return r;
}

void eg_case_shape_of(const char *str, size_t n, eg_case_shape *out)
{
    const unsigned char *s = (const unsigned char *)str;
    memset(out, 0, sizeof *out);
    bool in_word = false;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int k = eg_utf8_decode(s + i, n - i, &cp);
        i += (size_t)k;
        if (cp >= 0 && eg_cp_is_dropped_mark(cp)) continue;
        /* apostrophe-like letters (U+02BC, U+02BB) fold to ' : separators here too */
        bool w = cp >= 0 && cp != 0x02BC && cp != 0x02BB && eg_cp_is_word(cp);
        if (w && !in_word) {
            if (out->nwords < 64 && eg_cp_is_upper(cp)) out->capmask |= (uint64_t)1 << out->nwords;
            out->nwords++;
        }
        in_word = w;
        if (eg_cp_is_upper(cp)) out->has_upper = true;
        else if (eg_cp_is_lower(cp)) out->has_lower = true;
    }
}

/* Next letter's case class: 1 upper, 2 lower, 0 end. */
static int next_letter(const unsigned char *s, size_t n, size_t *i)
{
    while (*i < n) {
        int32_t cp;
        int k = eg_utf8_decode(s + *i, n - *i, &cp);
        *i += (size_t)k;
        if (eg_cp_is_upper(cp)) return 1;
        if (eg_cp_is_lower(cp)) return 2;
    }
    return 0;
}

bool eg_case_exact_equal(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        int x = next_letter((const unsigned char *)a, an, &i);
        int y = next_letter((const unsigned char *)b, bn, &j);
        if (x != y) return false;
        if (!x) return true;
    }
}
