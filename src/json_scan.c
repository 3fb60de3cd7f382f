/*
 * json_scan.c - a minimal JSON scanner for the hot paths: skipping values
 * and decoding strings straight into a buffer, without building a tree.
 * Used by the JSONL document reader and the dictionary loader for their
 * common, simple lines; anything it does not handle (it returns -1) goes
 * through jansson, which accepts it or reports the exact error.
 */
#include "internal.h"
#include <string.h>


void eg_js_ws(eg_js *p) { while (p->s < p->e && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')) p->s++; }

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int fp_hex4(eg_js *p)
{
    if (p->e - p->s < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p->s[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    p->s += 4;
    return v;
}

/* A JSON string at p->s (after the opening quote).  Decodes into out when
 * out is not NULL.  Returns 0, or -1 to fall back. */
int eg_js_string(eg_js *p, eg_buf *out)
{
    /* an empty string still yields "" (not NULL, not the previous value) */
    if (out) { out->len = 0; if (eg_buf_put(out, "", 0)) return -1; }
    for (;;) {
        const unsigned char *run = p->s;
        /* 8 bytes at a time while none is a control, '"', '\\' or non-ASCII */
        while (p->e - p->s >= 8) {
            uint64_t v;
            memcpy(&v, p->s, 8);
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
            uint64_t special = ((v - ones * 0x20) | ((q - ones) & ~q) | ((b - ones) & ~b) | v) & high;
            if (special) break;
            p->s += 8;
        }
        while (p->s < p->e && *p->s >= 0x20 && *p->s != '"' && *p->s != '\\' && *p->s < 0x80) p->s++;
        if (p->s < p->e && *p->s >= 0x80) {
            /* validate non-ASCII as we go */
            while (p->s < p->e && *p->s >= 0x80) {
                int32_t cp;
                int k = eg_utf8_decode(p->s, (size_t)(p->e - p->s), &cp);
                if (cp < 0) return -1;
                p->s += k;
            }
            if (out && eg_buf_put(out, (const char *)run, (size_t)(p->s - run))) return -1;
            continue;
        }
        if (out && p->s > run && eg_buf_put(out, (const char *)run, (size_t)(p->s - run))) return -1;
        if (p->s >= p->e || *p->s < 0x20) return -1;
        if (*p->s == '"') { p->s++; return 0; }
        /* escape */
        p->s++;
        if (p->s >= p->e) return -1;
        unsigned char c = *p->s++;
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
            int v = fp_hex4(p);
            if (v < 0) return -1;
            if (v >= 0xD800 && v <= 0xDBFF) {
                if (p->e - p->s < 6 || p->s[0] != '\\' || p->s[1] != 'u') return -1;
                p->s += 2;
                int w = fp_hex4(p);
                if (w < 0xDC00 || w > 0xDFFF) return -1;
                v = 0x10000 + ((v - 0xD800) << 10) + (w - 0xDC00);
            } else if (v >= 0xDC00 && v <= 0xDFFF) {
                return -1;
            }
            if (out) {
                char u[4];
                int n;
                if (v < 0x80) { u[0] = (char)v; n = 1; }
                else if (v < 0x800) { u[0] = (char)(0xC0 | (v >> 6)); u[1] = (char)(0x80 | (v & 0x3F)); n = 2; }
                else if (v < 0x10000) { u[0] = (char)(0xE0 | (v >> 12)); u[1] = (char)(0x80 | ((v >> 6) & 0x3F)); u[2] = (char)(0x80 | (v & 0x3F)); n = 3; }
                else { u[0] = (char)(0xF0 | (v >> 18)); u[1] = (char)(0x80 | ((v >> 12) & 0x3F)); u[2] = (char)(0x80 | ((v >> 6) & 0x3F)); u[3] = (char)(0x80 | (v & 0x3F)); n = 4; }
                if (eg_buf_put(out, u, (size_t)n)) return -1;
            }
            continue;
        }
        default: return -1;
        }
        if (out && eg_buf_putc(out, ch)) return -1;
    }
}

/* Skip any JSON value; -1 to fall back. */
int eg_js_skip(eg_js *p, int depth)
{
    if (depth > 64 || p->s >= p->e) return -1;
    unsigned char c = *p->s;
    if (c == '"') { p->s++; return eg_js_string(p, NULL); }
    if (c == '{' || c == '[') {
        unsigned char close = c == '{' ? '}' : ']';
        p->s++;
        eg_js_ws(p);
        if (p->s < p->e && *p->s == close) { p->s++; return 0; }
        for (;;) {
            eg_js_ws(p);
            if (c == '{') {
                if (p->s >= p->e || *p->s != '"') return -1;
                p->s++;
                if (eg_js_string(p, NULL)) return -1;
                eg_js_ws(p);
                if (p->s >= p->e || *p->s != ':') return -1;
                p->s++;
                eg_js_ws(p);
            }
            if (eg_js_skip(p, depth + 1)) return -1;
            eg_js_ws(p);
            if (p->s >= p->e) return -1;
            if (*p->s == ',') { p->s++; continue; }
            if (*p->s == close) { p->s++; return 0; }
            return -1;
        }
    }
    static const char *lits[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(lits[i]);
        if ((size_t)(p->e - p->s) >= n && !memcmp(p->s, lits[i], n)) { p->s += n; return 0; }
    }
    /* a number: -?(0|[1-9][0-9]*)(.[0-9]+)?, at most 18 integer digits;
     * anything else (leading zeros, exponents, overflow) jansson decides,
     * so a line is accepted or refused the same way on both paths */
    if (p->s < p->e && *p->s == '-') p->s++;
    const unsigned char *st = p->s;
    while (p->s < p->e && *p->s >= '0' && *p->s <= '9') p->s++;
    size_t nd = (size_t)(p->s - st);
    if (nd == 0 || nd > 18 || (nd > 1 && *st == '0')) return -1;
    if (p->s < p->e && *p->s == '.') {
        const unsigned char *f = ++p->s;
        while (p->s < p->e && *p->s >= '0' && *p->s <= '9') p->s++;
        if (p->s == f) return -1;
    }
    if (p->s < p->e && (*p->s == 'e' || *p->s == 'E' || *p->s == '+' || *p->s == '-' || *p->s == '.')) return -1;
    return 0;
}

