/*
 * json.c - the library's one JSON reader (see json.h): a strict pull parser
 * that decodes strings straight into caller buffers, builds no tree, and
 * reports every error at the exact byte at fault.
 *
 * Strings, the bulk of every line we read, are scanned 8 bytes at a time
 * until a quote, a backslash, a control or a non-ASCII byte; non-ASCII is
 * validated as UTF-8 on the way.  Nothing here allocates per value except
 * the growth of the caller's buffers.
 */
#include "json.h"
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline bool bit_get(const unsigned char *b, int i) { return b[i >> 3] >> (i & 7) & 1; }
static inline void bit_set(unsigned char *b, int i, bool v)
{
    if (v) b[i >> 3] |= (unsigned char)(1u << (i & 7));
    else b[i >> 3] &= (unsigned char)~(1u << (i & 7));
}

void eg_json_init(eg_json *j, const char *buf, size_t len, const char *source, long line, eg_error *err)
{
    eg_buf key = j->key;   /* keep the key buffer across records */
    memset(j, 0, sizeof *j);
    j->key = key;
    j->base = j->p = (const unsigned char *)buf;
    j->e = j->base + len;
    j->source = source;
    j->line0 = line > 0 ? line : 1;
    j->col0 = 1;
    j->err = err;
}

void eg_json_release(eg_json *j) { eg_buf_release(&j->key); }

void eg_json_where(const eg_json *j, const unsigned char *at, long *line, long *col)
{
    if (at < j->base) at = j->base;
    if (at > j->e) at = j->e;
    long l = j->line0;
    const unsigned char *ls = j->base;
    for (const unsigned char *q = j->base; q < at; q++)
        if (*q == '\n') { l++; ls = q + 1; }
    long c = ls == j->base ? j->col0 : 1;
    for (const unsigned char *q = ls; q < at; q++)
        if ((*q & 0xC0) != 0x80) c++;
    *line = l;
    *col = c;
}

int eg_json_fail(eg_json *j, const unsigned char *at, int code, const char *fmt, ...)
{
    if (!j->err || j->err->code) return code;
    long line, col;
    eg_json_where(j, at ? at : j->p, &line, &col);
    char text[sizeof j->err->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return eg_fail(j->err, code, j->source, line, col, "%s", text);
}

static int nomem(eg_json *j) { return eg_json_fail(j, NULL, EG_ENOMEM, "out of memory"); }

static inline void ws(eg_json *j)
{
    while (j->p < j->e && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

int eg_json_peek(eg_json *j)
{
    ws(j);
    return j->p < j->e ? *j->p : -1;
}

/* What the byte at p looks like, for messages. */
static const char *describe(const eg_json *j, const unsigned char *p, char *buf, size_t size)
{
    if (p >= j->e) return "the end of the input";
    if (*p >= 0x21 && *p < 0x7F) snprintf(buf, size, "'%c'", *p);
    else snprintf(buf, size, "byte 0x%02x", *p);
    return buf;
}

static int unexpected(eg_json *j, const char *wanted)
{
    char b[32];
    return eg_json_fail(j, NULL, EG_EINPUT, "invalid JSON: expected %s, found %s", wanted, describe(j, j->p, b, sizeof b));
}

static int push(eg_json *j, bool obj)
{
    if (j->depth >= EG_JSON_MAX_DEPTH)
        return eg_json_fail(j, NULL, EG_EINPUT, "invalid JSON: nested deeper than %d levels", EG_JSON_MAX_DEPTH);
    j->p++;
    bit_set(j->first, j->depth, true);
    bit_set(j->isobj, j->depth, obj);
    j->depth++;
    return 0;
}

int eg_json_object(eg_json *j)
{
    if (eg_json_peek(j) != '{') return unexpected(j, "an object");
    return push(j, true);
}

int eg_json_array(eg_json *j)
{
    if (eg_json_peek(j) != '[') return unexpected(j, "an array");
    return push(j, false);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int hex4(eg_json *j, const unsigned char *esc)
{
    if (j->e - j->p < 4) return eg_json_fail(j, esc, EG_EINPUT, "invalid JSON: \\u needs four hex digits");
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(j->p[i]);
        if (h < 0) return eg_json_fail(j, esc, EG_EINPUT, "invalid JSON: \\u needs four hex digits");
        v = v * 16 + h;
    }
    j->p += 4;
    return v;
}

static int put_utf8(eg_buf *out, int v)
{
    char u[4];
    size_t n;
    if (v < 0x80) { u[0] = (char)v; n = 1; }
    else if (v < 0x800) { u[0] = (char)(0xC0 | (v >> 6)); u[1] = (char)(0x80 | (v & 0x3F)); n = 2; }
    else if (v < 0x10000) { u[0] = (char)(0xE0 | (v >> 12)); u[1] = (char)(0x80 | ((v >> 6) & 0x3F)); u[2] = (char)(0x80 | (v & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | (v >> 18)); u[1] = (char)(0x80 | ((v >> 12) & 0x3F)); u[2] = (char)(0x80 | ((v >> 6) & 0x3F)); u[3] = (char)(0x80 | (v & 0x3F)); n = 4; }
    return eg_buf_put(out, u, n);
}

/* One UTF-8 character at p (p < e, *p >= 0x80): its length, or 0 when
 * invalid (overlong, surrogate, out of range, truncated). */
static inline size_t utf8_len(const unsigned char *p, const unsigned char *e)
{
    unsigned c = p[0];
    size_t avail = (size_t)(e - p);
    if (c >= 0xC2 && c <= 0xDF) return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;   /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0;  /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;   /* overlong */
        if (c == 0xF4 && p[1] >= 0x90) return 0;  /* beyond U+10FFFF */
        return 4;
    }
    return 0;
}

/* The string whose opening quote is at j->p.  Decoded into out (if not
 * NULL, replacing its contents). */
static int string_at(eg_json *j, eg_buf *out, bool allow_nul, const char *what)
{
    const unsigned char *open = j->p;
    j->p++;
    if (out) { out->len = 0; if (eg_buf_put(out, "", 0)) return nomem(j); }
    for (;;) {
        const unsigned char *run = j->p;
        /* 8 bytes at a time while none is a control, '"', '\\' or non-ASCII */
        while (j->e - j->p >= 8) {
            uint64_t v;
            memcpy(&v, j->p, 8);
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
            uint64_t special = ((v - ones * 0x20) | ((q - ones) & ~q) | ((b - ones) & ~b) | v) & high;
            if (special) break;
            j->p += 8;
        }
        while (j->p < j->e && *j->p >= 0x20 && *j->p != '"' && *j->p != '\\' && *j->p < 0x80) j->p++;
        while (j->p < j->e && *j->p >= 0x80) {
            size_t k = utf8_len(j->p, j->e);
            if (!k) return eg_json_fail(j, NULL, EG_EINPUT, "invalid JSON: invalid UTF-8 byte 0x%02x in a string", *j->p);
            j->p += k;
            while (j->p < j->e && *j->p >= 0x20 && *j->p < 0x80 && *j->p != '"' && *j->p != '\\') j->p++;
        }
        if (out && j->p > run && eg_buf_put(out, (const char *)run, (size_t)(j->p - run))) return nomem(j);
        if (j->p < j->e && *j->p >= 0x20 && *j->p != '"' && *j->p != '\\') continue;   /* more plain text */
        if (j->p >= j->e) return eg_json_fail(j, open, EG_EINPUT, "invalid JSON: string not closed");
        if (*j->p < 0x20)
            return eg_json_fail(j, NULL, EG_EINPUT, "invalid JSON: control character 0x%02x in a string (write it as an escape)", *j->p);
        if (*j->p == '"') { j->p++; return 0; }
        /* an escape */
        const unsigned char *esc = j->p;
        j->p++;
        if (j->p >= j->e) return eg_json_fail(j, open, EG_EINPUT, "invalid JSON: string not closed");
        unsigned char c = *j->p++;
        char ch;
        switch (c) {
        case '"': ch = '"'; break;
        case '\\': ch = '\\'; break;
        case '/': ch = '/'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        case 'u': {
            int v = hex4(j, esc);
            if (v < 0) return v;
            if (v >= 0xD800 && v <= 0xDBFF) {
                if (j->e - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
                    return eg_json_fail(j, esc, EG_EINPUT, "invalid JSON: lone surrogate \\u%04x", v);
                const unsigned char *esc2 = j->p;
                j->p += 2;
                int w = hex4(j, esc2);
                if (w < 0) return w;
                if (w < 0xDC00 || w > 0xDFFF)
                    return eg_json_fail(j, esc, EG_EINPUT, "invalid JSON: lone surrogate \\u%04x", v);
                v = 0x10000 + ((v - 0xD800) << 10) + (w - 0xDC00);
            } else if (v >= 0xDC00 && v <= 0xDFFF) {
                return eg_json_fail(j, esc, EG_EINPUT, "invalid JSON: lone surrogate \\u%04x", v);
            }
            if (v == 0 && !allow_nul)
                return eg_json_fail(j, esc, EG_EINPUT, "%s contains a NUL character (\\u0000)", what ? what : "a string");
            if (out && put_utf8(out, v)) return nomem(j);
            continue;
        }
        default: {
            char b[32];
            j->p--;
            return eg_json_fail(j, esc, EG_EINPUT, "invalid JSON: invalid escape '\\' followed by %s", describe(j, j->p, b, sizeof b));
        }
        }
        if (out && eg_buf_putc(out, ch)) return nomem(j);
    }
}

/* After a value or key at the current depth: the separator. */
int eg_json_member(eg_json *j, eg_json_key *k)
{
    int d = j->depth - 1;
    if (d < 0 || !bit_get(j->isobj, d)) return eg_json_fail(j, NULL, EG_EUSAGE, "internal: not in an object");
    int c = eg_json_peek(j);
    if (bit_get(j->first, d)) {
        bit_set(j->first, d, false);
        if (c == '}') { j->p++; j->depth--; return 0; }
    } else {
        if (c == '}') { j->p++; j->depth--; return 0; }
        if (c != ',') return unexpected(j, "',' or '}'");
        j->p++;
        c = eg_json_peek(j);
    }
    if (c != '"') return unexpected(j, "a key in double quotes");
    k->at = j->p;
    /* most keys are plain ASCII: point into the input, no copy */
    const unsigned char *q = j->p + 1;
    while (q < j->e && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\') q++;
    if (q < j->e && *q == '"') {
        k->s = (const char *)j->p + 1;
        k->n = (size_t)(q - j->p - 1);
        j->p = q + 1;
    } else {
        int rc = string_at(j, &j->key, false, "a key");
        if (rc) return rc;
        k->s = j->key.data;
        k->n = j->key.len;
    }
    if (eg_json_peek(j) != ':') return unexpected(j, "':' after the key");
    j->p++;
    ws(j);
    return 1;
}

int eg_json_item(eg_json *j)
{
    int d = j->depth - 1;
    if (d < 0 || bit_get(j->isobj, d)) return eg_json_fail(j, NULL, EG_EUSAGE, "internal: not in an array");
    int c = eg_json_peek(j);
    if (bit_get(j->first, d)) {
        bit_set(j->first, d, false);
        if (c == ']') { j->p++; j->depth--; return 0; }
        return 1;
    }
    if (c == ']') { j->p++; j->depth--; return 0; }
    if (c != ',') return unexpected(j, "',' or ']'");
    j->p++;
    ws(j);
    return 1;
}

int eg_json_string(eg_json *j, eg_buf *out, bool allow_nul, const char *what)
{
    if (eg_json_peek(j) != '"') {
        if (j->p >= j->e || !*j->p || !strchr("{[tfn-0123456789", *j->p)) return unexpected(j, "a value");
        return eg_json_fail(j, NULL, EG_EINPUT, "%s must be a string", what);
    }
    return string_at(j, out, allow_nul, what);
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? at j->p */
static int number_at(eg_json *j, bool *integer)
{
    const unsigned char *st = j->p;
    if (j->p < j->e && *j->p == '-') j->p++;
    if (j->p >= j->e || !(*j->p >= '0' && *j->p <= '9')) return eg_json_fail(j, st, EG_EINPUT, "invalid JSON: invalid number");
    if (*j->p == '0' && j->p + 1 < j->e && j->p[1] >= '0' && j->p[1] <= '9')
        return eg_json_fail(j, st, EG_EINPUT, "invalid JSON: leading zero in a number");
    while (j->p < j->e && *j->p >= '0' && *j->p <= '9') j->p++;
    *integer = true;
    if (j->p < j->e && *j->p == '.') {
        j->p++;
        if (j->p >= j->e || !(*j->p >= '0' && *j->p <= '9')) return eg_json_fail(j, st, EG_EINPUT, "invalid JSON: invalid number");
        while (j->p < j->e && *j->p >= '0' && *j->p <= '9') j->p++;
        *integer = false;
    }
    if (j->p < j->e && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->e && (*j->p == '+' || *j->p == '-')) j->p++;
        if (j->p >= j->e || !(*j->p >= '0' && *j->p <= '9')) return eg_json_fail(j, st, EG_EINPUT, "invalid JSON: invalid number");
        while (j->p < j->e && *j->p >= '0' && *j->p <= '9') j->p++;
        *integer = false;
    }
    return 0;
}

int eg_json_number_text(eg_json *j, const char **s, size_t *n, bool *integer)
{
    int c = eg_json_peek(j);
    if (!(c == '-' || (c >= '0' && c <= '9'))) return unexpected(j, "a number");
    const unsigned char *st = j->p;
    int rc = number_at(j, integer);
    if (rc) return rc;
    *s = (const char *)st;
    *n = (size_t)(j->p - st);
    return 0;
}

int eg_json_integer(eg_json *j, long long min, long long max, long long *out, const char *what)
{
    int c = eg_json_peek(j);
    const unsigned char *st = j->p;
    if (!(c == '-' || (c >= '0' && c <= '9'))) {
        if (j->p >= j->e || !*j->p || !strchr("{[\"tfn", *j->p)) return unexpected(j, "a value");
        return eg_json_fail(j, NULL, EG_EINPUT, "%s must be an integer", what);
    }
    bool integer;
    int rc = number_at(j, &integer);
    if (rc) return rc;
    if (!integer) return eg_json_fail(j, st, EG_EINPUT, "%s must be an integer", what);
    /* parse with overflow detection */
    const unsigned char *q = st;
    bool neg = *q == '-';
    if (neg) q++;
    unsigned long long v = 0;
    bool big = false;
    for (; q < j->p; q++) {
        unsigned d = (unsigned)(*q - '0');
        if (v > (~0ULL - d) / 10) { big = true; break; }
        v = v * 10 + d;
    }
    long long x = 0;
    if (!big) {
        if (neg) { if (v > (unsigned long long)LLONG_MAX + 1) big = true; else x = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v; }
        else { if (v > (unsigned long long)LLONG_MAX) big = true; else x = (long long)v; }
    }
    if (big || x < min || x > max)
        return eg_json_fail(j, st, EG_EINPUT, "%s must be an integer from %lld to %lld", what, min, max);
    *out = x;
    return 0;
}

static bool literal(eg_json *j, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(j->e - j->p) < n || memcmp(j->p, w, n)) return false;
    /* "nullx" is not null */
    if ((size_t)(j->e - j->p) > n) {
        unsigned char c = j->p[n];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') return false;
    }
    j->p += n;
    return true;
}

int eg_json_bool(eg_json *j, bool *out, const char *what)
{
    eg_json_peek(j);
    if (literal(j, "true")) { *out = true; return 0; }
    if (literal(j, "false")) { *out = false; return 0; }
    if (j->p >= j->e || !*j->p || !strchr("{[\"n-0123456789", *j->p)) return unexpected(j, "a value");
    return eg_json_fail(j, NULL, EG_EINPUT, "%s must be true or false", what);
}

int eg_json_null(eg_json *j)
{
    eg_json_peek(j);
    return literal(j, "null") ? 1 : 0;
}

/* Skip a value without recursion: the depth bits of the parser hold the
 * nesting, so a deeply nested value cannot overflow the C stack. */
int eg_json_skip(eg_json *j)
{
    int base = j->depth;
    for (;;) {
        int c = eg_json_peek(j);
        int rc = 0;
        if (c == '{') {
            if ((rc = push(j, true))) return rc;
        } else if (c == '[') {
            if ((rc = push(j, false))) return rc;
        } else if (c == '"') {
            if ((rc = string_at(j, NULL, true, NULL))) return rc;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            bool integer;
            if ((rc = number_at(j, &integer))) return rc;
        } else if (!(literal(j, "true") || literal(j, "false") || literal(j, "null"))) {
            return unexpected(j, "a value");
        }
        /* close finished containers, then position at the next value */
        for (;;) {
            if (j->depth == base) return 0;
            int d = j->depth - 1;
            if (bit_get(j->isobj, d)) {
                eg_json_key k;
                rc = eg_json_member(j, &k);
                if (rc < 0) return rc;
                if (rc == 1) break;
            } else {
                rc = eg_json_item(j);
                if (rc < 0) return rc;
                if (rc == 1) break;
            }
        }
    }
}

int eg_json_end(eg_json *j)
{
    if (eg_json_peek(j) < 0) return 0;
    char b[32];
    return eg_json_fail(j, NULL, EG_EINPUT, "invalid JSON: %s after the end of the value", describe(j, j->p, b, sizeof b));
}

/* ---- did you mean */
/* Edit distance with adjacent transpositions ("nmae" is one edit from
 * "name"): the optimal string alignment distance. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64) return SIZE_MAX;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t k = 0; k <= m; k++) d[0][k] = k;
    for (size_t i = 1; i <= n; i++)
        for (size_t k = 1; k <= m; k++) {
            size_t v = d[i - 1][k - 1] + (a[i - 1] != b[k - 1]);
            if (d[i - 1][k] + 1 < v) v = d[i - 1][k] + 1;
            if (d[i][k - 1] + 1 < v) v = d[i][k - 1] + 1;
            if (i > 1 && k > 1 && a[i - 1] == b[k - 2] && a[i - 2] == b[k - 1] && d[i - 2][k - 2] + 1 < v) v = d[i - 2][k - 2] + 1;
            d[i][k] = v;
        }
    return d[n][m];
}

const char *eg_did_you_mean(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t bd = SIZE_MAX, wl = strlen(word);
    for (size_t i = 0; i < n; i++) {
        /* a plural or a prefix ("alias" for "aliases", "person" for "persons") */
        size_t cl = strlen(cands[i]);
        size_t d = edit_distance(word, cands[i]);
        if ((wl >= 3 && cl > wl && !strncmp(cands[i], word, wl)) || (cl >= 3 && wl > cl && !strncmp(word, cands[i], cl)))
            if (d > 1) d = 1 + (d > 3);
        if (d < bd) { bd = d; best = cands[i]; }
    }
    if (!best || bd > 2 || bd * 2 >= (wl > 1 ? wl : 2)) return NULL;
    return best;
}
