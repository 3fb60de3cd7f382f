/* fuzz_dict.c - libFuzzer harness for the dictionary loader: the input is
 * loaded as JSONL (native entities and spaCy patterns, detected per line)
 * and as TSV through eg_dict_load_buffer, then compiled.  Checks: an error
 * has a code, a message and a position inside the input; a loaded
 * dictionary compiles or fails cleanly, its accessors work, and it can tag
 * its own source text (the trie over arbitrary keys).  Oracles: jansson
 * parses every JSONL line the loader accepted; the compiled cache image
 * decodes to a dictionary that tags exactly like the original, and the
 * image with one bit flipped (chosen by the input) is refused or still
 * tags exactly like it. */
#include "fuzz_common.h"
#include <jansson.h>

/* Lines and the code points of a given line (1-based) in buf. */
static void check_error(const eg_error *err, int rc, const char *buf, size_t len)
{
    FUZZ_CHECK(err->code == rc, "error code %d, returned %d", err->code, rc);
    FUZZ_CHECK(err->text[0], "empty error message");
    FUZZ_CHECK(rc != EG_ENOMEM && rc != EG_ESYS, "unexpected error %d: %s", rc, err->text);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += buf[i] == '\n';
    FUZZ_CHECK(err->line >= 0 && (size_t)err->line <= lines, "line %ld of %zu: %s", err->line, lines, err->text);
    if (err->line > 0 && err->col > 0) {
        /* find the line and count its code points */
        size_t pos = 0;
        for (long l = 1; l < err->line; l++) {
            const char *nl = memchr(buf + pos, '\n', len - pos);
            pos = nl ? (size_t)(nl - buf) + 1 : len;
        }
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        if (err->line == 1 && end - pos >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) pos += 3;
        size_t cps = fuzz_cp_count(buf + pos, end - pos);
        FUZZ_CHECK((size_t)err->col <= cps + 1, "column %ld beyond the line (%zu code points): %s",
                   err->col, cps, err->text);
    }
    char msg[1200];
    eg_error_format(err, msg, sizeof msg);
}

static void one(const char *name, const char *format, const char *buf, size_t len)
{
    eg_dict *d = eg_dict_new();
    FUZZ_CHECK(d, "eg_dict_new");
    eg_error err;
    eg_error_clear(&err);
    int rc = eg_dict_load_buffer(d, name, format, buf, len, &err);
    if (rc) { check_error(&err, rc, buf, len); eg_dict_free(d); return; }
    rc = eg_dict_compile(d, &err);
    if (rc) {
        FUZZ_CHECK(err.code == rc && err.text[0], "compile error without a message");
        FUZZ_CHECK(rc == EG_EINPUT, "compile: unexpected error %d: %s", rc, err.text);
        eg_dict_free(d);
        return;
    }
    FUZZ_CHECK(eg_dict_compile(d, &err) == 0, "compile is not idempotent");
    if (!strcmp(format, "jsonl")) {
        /* every line accepted is JSON to jansson too */
        for (size_t pos = 0; pos < len;) {
            const char *nl = memchr(buf + pos, '\n', len - pos);
            size_t end = nl ? (size_t)(nl - buf) : len, a = pos;
            if (pos == 0 && len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) a = 3;
            size_t k = a;
            while (k < end && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r')) k++;
            if (k < end && buf[k] != '#') {
                json_error_t je;
                json_t *o = json_loadb(buf + a, end - a, JSON_REJECT_DUPLICATES, &je);
                FUZZ_CHECK(o || strstr(je.text, "too big") || strstr(je.text, "overflow"),
                           "a line jansson refuses was accepted: %s", je.text);
                json_decref(o);
            }
            pos = end + 1;
        }
    }
    FUZZ_CHECK(eg_dict_source_count(d) == 1 && !strcmp(eg_dict_source_name(d, 0), name), "sources");
    for (size_t i = 0; i < eg_dict_entity_count(d); i++) {
        const char *id = eg_dict_entity_id(d, i), *l = eg_dict_entity_label(d, i), *t = eg_dict_entity_type(d, i);
        FUZZ_CHECK(id && id[0] && l && t && t[0], "entity %zu has an empty field", i);
    }
    eg_dict_write_stats(d, fuzz_null());
    eg_tagger *tg = NULL;
    eg_tagger_new(&tg, d, NULL);
    FUZZ_CHECK(tg, "eg_tagger_new");
    const eg_mention *m;
    size_t n, bad;
    size_t tl = len < 4096 ? len : 4096;
    FUZZ_CHECK(eg_tagger_run(tg, buf, tl, &m, &n, &bad) == 0, "tagging failed");
    fuzz_check_mentions(d, buf, tl, m, n);
    /* the cache image: decoded, and with one bit flipped */
    void *img;
    size_t ilen;
    FUZZ_CHECK(eg_dict_cache_encode(d, 42, &img, &ilen, &err) == 0, "encode: %s", err.text);
    for (int flip = 0; flip < 2; flip++) {
        void *copy = malloc(ilen);
        FUZZ_CHECK(copy, "malloc");
        memcpy(copy, img, ilen);
        if (flip) {
            size_t bit = (size_t)fuzz_hash(buf, len) % (ilen * 8);
            ((unsigned char *)copy)[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        }
        eg_dict *c;
        eg_error why;
        eg_error_clear(&why);
        int dr = eg_dict_cache_decode(&c, copy, ilen, 42, &why);
        FUZZ_CHECK(dr == 0 || dr == 1, "decode: %d", dr);
        FUZZ_CHECK(flip || dr == 0, "a pristine image was refused: %s", why.text);
        if (dr) { free(copy); continue; }
        eg_tagger *tc = NULL;
    eg_tagger_new(&tc, c, NULL);
        const eg_mention *mc;
        size_t nc;
        FUZZ_CHECK(tc && eg_tagger_run(tc, buf, tl, &mc, &nc, &bad) == 0, "tagging with the decoded image failed");
        FUZZ_CHECK(nc == n, "the decoded image tags %zu mentions, the original %zu", nc, n);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(mc[i].byte_start == m[i].byte_start && mc[i].byte_end == m[i].byte_end && mc[i].entity == m[i].entity &&
                       mc[i].ambiguous == m[i].ambiguous, "mention %zu differs through the cache image", i);
        eg_tagger_free(tc);
        eg_dict_free(c);   /* frees copy */
    }
    eg_free(img);
    eg_tagger_free(tg);
    eg_dict_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    one("fuzz.jsonl", "jsonl", buf, size);
    one("fuzz.tsv", "tsv", buf, size);
    return 0;
}
