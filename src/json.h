/*
 * json.h - the one JSON reader of the library: a strict, streaming-friendly
 * pull parser over a buffer, used by every format that is JSON (native and
 * spaCy dictionaries, JSONL and JSON-array documents).
 *
 * Strict means RFC 8259: no comments, no trailing commas, no leading zeros,
 * no raw control characters or invalid UTF-8 in strings, no lone
 * surrogates, nesting at most EG_JSON_MAX_DEPTH.  Numbers are checked for
 * their grammar; only a caller that asks for a value (eg_json_integer) gets
 * a range check.  Every error names the exact position of the offending
 * byte as source:line:column (column in code points, both 1-based).
 *
 * The caller drives it with the shape it expects:
 *
 *     eg_json_object(j)                  consume '{'
 *     while ((r = eg_json_member(j, &k)) == 1) { ...read or skip the value... }
 *     eg_json_end(j)                      nothing but white space left
 *
 * Keys are decoded into a buffer of the parser (valid until the next key).
 */
#ifndef EG_JSON_H
#define EG_JSON_H
#include "internal.h"

#define EG_JSON_MAX_DEPTH 2048

typedef struct eg_json {
    const unsigned char *base;   /* the buffer; line `line0`, column 1 is here */
    const unsigned char *p, *e;
    const char *source;          /* for errors (borrowed) */
    long line0, col0;            /* line and column (code points) of base */
    eg_error *err;
    int depth;
    unsigned char first[EG_JSON_MAX_DEPTH / 8];   /* bit d: no member read yet at depth d */
    unsigned char isobj[EG_JSON_MAX_DEPTH / 8];   /* bit d: depth d is an object */
    eg_buf key;                  /* the last key, decoded (owned) */
} eg_json;

typedef struct eg_json_key {
    const char *s;               /* decoded; NOT NUL-terminated (it may point
                                    into the input); valid until the next key */
    size_t n;
    const unsigned char *at;     /* position of the key's opening quote */
} eg_json_key;

/* Start parsing buf[0..len); line is the line number of buf[0] in source. */
void eg_json_init(eg_json *j, const char *buf, size_t len, const char *source, long line, eg_error *err);
void eg_json_release(eg_json *j);

/* Record an error at position `at` (NULL: the current position) with its
 * line and column.  Returns code. */
int eg_json_fail(eg_json *j, const unsigned char *at, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Line and column (code points) of a position. */
void eg_json_where(const eg_json *j, const unsigned char *at, long *line, long *col);

/* Skip white space; the next byte ('{', '[', '"', 't', 'f', 'n', '-' or a
 * digit for a value; any other byte, NUL included, is an error to come), or
 * -1 at the end of the buffer.  j->p then points at it. */
int eg_json_peek(eg_json *j);

/* '{' / '[' consumed, or an error "expected an object/array". */
int eg_json_object(eg_json *j);
int eg_json_array(eg_json *j);
/* The next member of the innermost object: 1 with *k set (the ':' consumed,
 * j->p at the value), 0 when the object ended ('}' consumed), <0 on error. */
int eg_json_member(eg_json *j, eg_json_key *k);
/* The next element of the innermost array: 1 (j->p at the element), 0 when
 * the array ended (']' consumed), <0 on error. */
int eg_json_item(eg_json *j);

/* A string value decoded into out (replacing its contents, NUL-terminated).
 * A \u0000 escape is an error unless allow_nul.  *nul_seen (if not NULL)
 * tells whether the string held one.  Not a string: an error that names
 * `what` ("'text' must be a string"). */
int eg_json_string(eg_json *j, eg_buf *out, bool allow_nul, const char *what);
/* An integer value in [min, max]; errors name `what`. */
int eg_json_integer(eg_json *j, long long min, long long max, long long *out, const char *what);
/* true or false. */
int eg_json_bool(eg_json *j, bool *out, const char *what);
/* null: returns 1 and consumes it, else 0 (nothing consumed). */
int eg_json_null(eg_json *j);
/* Skip any value, checking its syntax. */
int eg_json_skip(eg_json *j);
/* Only white space left. */
int eg_json_end(eg_json *j);

/* The number literal at j->p (grammar-checked) is consumed; s and n give its
 * text (for ids that are numbers of any length). */
int eg_json_number_text(eg_json *j, const char **s, size_t *n, bool *integer);

#endif
