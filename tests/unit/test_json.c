/* Unit test: the one JSON reader (src/json.c) against jansson, the oracle.
 * A value is accepted by both or refused by both -- except numbers that
 * do not fit a C type, which are valid JSON for entgraph -- and strings
 * decode to the same bytes.  Then error positions (line:column of the byte
 * at fault) and a few thousand mutations of the cases. */
#include "test.h"
#include "json.h"
#include <jansson.h>
#include <stdlib.h>

/* Parse one whole value; 0 ok, else the error code. */
static int ours(const char *s, size_t n, eg_error *err)
{
    eg_json j;
    memset(&j, 0, sizeof j);
    eg_json_init(&j, s, n, "t.json", 1, err);
    int rc = eg_json_skip(&j);
    if (!rc) rc = eg_json_end(&j);
    eg_json_release(&j);
    return rc;
}

static int theirs(const char *s, size_t n, int *range)
{
    json_error_t je;
    json_t *v = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    *range = !v && (strstr(je.text, "too big") || strstr(je.text, "overflow"));
    json_decref(v);
    return v != NULL;
}

static const char *cases[] = {
    "{}", "[]", "{\"a\":1}", "{\"a\":[1,2,{\"b\":null}]}", "\"x\"", "0", "-0", "1.5e10", "-12.5E-3", "true", "false", "null",
    "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "'x'", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"",
    "\"\\udc00\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"tab\there\"", "01", "1.", ".5", "-", "+1", "1e", "1e+", "--1",
    "nul", "nullx", "truex", "[1 2]", "{\"a\":1 \"b\":2}", "\"\xff\"", "\"\xc3\xa9\"", "\"\xed\xa0\x80\"", "[1]x", "  {}  ",
    "\t\n\r{}\n", "[[[[[]]]]]", "{\"a\":{\"b\":{\"c\":[true,false,null]}}}", "123456789012345678901234567890",
    "1e400", "\"a\\/b\"", "\"\\b\\f\\n\\r\\t\\\"\\\\\"", "[\"\\u00e9\", \"\\u20AC\"]", "", " ", "{\"\":\"\"}", "[1,[2,[3]]]]",
};

static int mismatches(const char *s, size_t n, char *why, size_t wn)
{
    eg_error err;
    eg_error_clear(&err);
    int range;
    int a = ours(s, n, &err) == 0, b = theirs(s, n, &range);
    if (a == b || (a && range)) return 0;
    snprintf(why, wn, "ours %s (%s), jansson %s", a ? "accepts" : "refuses", err.text, b ? "accepts" : "refuses");
    return 1;
}

static void string_value(const char *lit, const char *want, size_t wn, const char *label)
{
    eg_error err;
    eg_error_clear(&err);
    eg_json j;
    memset(&j, 0, sizeof j);
    eg_json_init(&j, lit, strlen(lit), "t", 1, &err);
    eg_buf b = {0};
    int rc = eg_json_string(&j, &b, true, "s");
    CHECK(rc == 0 && b.len == wn && !memcmp(b.data, want, wn), "%s decodes", label);
    eg_buf_release(&b);
    eg_json_release(&j);
}

static void error_at(const char *s, long line, long col, const char *text, const char *label)
{
    eg_error err;
    eg_error_clear(&err);
    int rc = ours(s, strlen(s), &err);
    CHECK(rc == EG_EINPUT && err.line == line && err.col == col && strstr(err.text, text),
          "%s: error at %ld:%ld", label, line, col);
    if (!(err.line == line && err.col == col)) printf("#   got %ld:%ld %s\n", err.line, err.col, err.text);
}

int main(void)
{
    char why[1200];
    size_t bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (mismatches(cases[i], strlen(cases[i]), why, sizeof why)) { bad++; printf("#   '%s': %s\n", cases[i], why); }
    }
    CHECK(bad == 0, "%zu hand-written cases: accepted or refused as jansson does", sizeof cases / sizeof cases[0]);
    /* NUL bytes outside strings (fuzz: a NUL after a value looked like the end) */
    CHECK(!mismatches("{}\0", 3, why, sizeof why) && !mismatches("[1]\0\0x", 6, why, sizeof why) &&
          !mismatches("{\"a\":\0}", 7, why, sizeof why) && !mismatches("\0", 1, why, sizeof why), "NUL bytes outside strings are refused");

    /* mutations: replace, insert or delete a byte of a case */
    srand(20261127);
    size_t tried = 0;
    bad = 0;
    for (int k = 0; k < 20000; k++) {
        const char *c = cases[(size_t)rand() % (sizeof cases / sizeof cases[0])];
        char buf[256];
        size_t n = strlen(c);
        memcpy(buf, c, n);
        static const char alphabet[] = "{}[],:\"\\ 0123456789-+.eEtrufalsn\xc3\xa9\xff\t\n";
        for (int m = 1 + rand() % 3; m-- > 0;) {
            size_t at = n ? (size_t)rand() % (n + 1) : 0;
            char ch = alphabet[(size_t)rand() % (sizeof alphabet - 1)];
            int op = rand() % 3;
            if (op == 0 && at < n) buf[at] = ch;
            else if (op == 1 && n < sizeof buf - 1) { memmove(buf + at + 1, buf + at, n - at); buf[at] = ch; n++; }
            else if (at < n) { memmove(buf + at, buf + at + 1, n - at - 1); n--; }
        }
        tried++;
        if (mismatches(buf, n, why, sizeof why)) { if (bad++ < 5) printf("#   '%.*s': %s\n", (int)n, buf, why); }
    }
    CHECK(bad == 0, "%zu mutated inputs: accepted or refused as jansson does", tried);

    string_value("\"caf\\u00e9 \\ud83d\\ude00\\n\"", "caf\xc3\xa9 \xf0\x9f\x98\x80\n", 11, "escapes and a surrogate pair");
    string_value("\"a\\u0000b\"", "a\0b", 3, "a NUL when allowed");
    string_value("\"long plain ASCII text that runs past eight bytes\"", "long plain ASCII text that runs past eight bytes", 48, "the 8-byte scan");
    string_value("\"ascii then \xc3\xa9 then ascii again\"", "ascii then \xc3\xa9 then ascii again", 30, "ASCII, UTF-8, ASCII");

    error_at("{\"a\": 01}", 1, 7, "leading zero", "a leading zero");
    error_at("{\"a\": \"x\xff\"}", 1, 9, "invalid UTF-8", "an invalid byte in a string");
    error_at("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "':'", "a missing colon on line 3");
    error_at("[1, 2,]", 1, 7, "a value", "a trailing comma");
    error_at("{\"\xc3\xa9\": tru}", 1, 7, "a value", "columns count code points");
    error_at("\"abc", 1, 1, "not closed", "an unclosed string is reported where it opens");

    /* nesting: 2048 levels are fine, 2049 are refused (jansson's limit) */
    char deep[4200];
    for (int lim = 2048; lim <= 2049; lim++) {
        memset(deep, '[', (size_t)lim);
        memset(deep + lim, ']', (size_t)lim);
        eg_error err;
        eg_error_clear(&err);
        int rc = ours(deep, 2 * (size_t)lim, &err);
        int range;
        CHECK((rc == 0) == (lim == 2048) && (rc == 0) == theirs(deep, 2 * (size_t)lim, &range), "%d nested arrays", lim);
    }

    const char *keys[] = { "aliases", "attrs", "name", "type" };
    CHECK_STR(eg_did_you_mean("alias", keys, 4), "aliases", "did you mean: a prefix");
    CHECK_STR(eg_did_you_mean("nmae", keys, 4), "name", "did you mean: a transposition");
    CHECK(eg_did_you_mean("xyz", keys, 4) == NULL, "did you mean: nothing close");
    return t_failed ? 1 : 0;
}
