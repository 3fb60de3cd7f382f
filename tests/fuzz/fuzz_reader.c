/* fuzz_reader.c - libFuzzer harness for the document reader.  eg_reader
 * reads files, so the input is written to a file in /dev/shm (tmpfs: no
 * disk I/O) and read as FILE.jsonl (one JSON document per line; the same
 * path twice, so repeated ids are exercised too) and as FILE.txt (one
 * document, the bytes exactly).  Checks: every document has an id and a
 * NUL-terminated text, line numbers grow, errors carry a message, a .txt
 * document is the input byte for byte; the documents tag cleanly.
 * Differential, with jansson as the oracle of the one JSON reader
 * (json.c): each line's text and id agree with what jansson makes of the
 * line, and a line is reported bad exactly when jansson finds no document
 * in it -- except where entgraph is deliberately different: a number of
 * any size in a field it ignores is valid JSON (jansson refuses numbers
 * that do not fit), and an id holding a NUL character is refused (ids are
 * names), and a raw NUL byte after a number or literal is an error
 * (jansson skips it).  Input with a UTF-16/UTF-32 byte-order mark is converted first,
 * so it is not compared byte for byte. */
#include "fuzz_common.h"
#include <jansson.h>
#include <unistd.h>

static eg_dict *dict;
static eg_tagger *tagger;
static char path_jsonl[64], path_txt[64];

static void cleanup(void) { unlink(path_jsonl); unlink(path_txt); }

static void setup(void)
{
    snprintf(path_jsonl, sizeof path_jsonl, "/dev/shm/eg-fuzz-%d.jsonl", (int)getpid());
    snprintf(path_txt, sizeof path_txt, "/dev/shm/eg-fuzz-%d.txt", (int)getpid());
    atexit(cleanup);
    static const char D[] =
        "{\"id\":\"country:JPN\",\"name\":\"Japan\",\"type\":\"country\",\"aliases\":[\"日本\",{\"text\":\"Japanese\",\"kind\":\"demonym\"}]}\n"
        "{\"id\":\"country:CHN\",\"name\":\"China\",\"type\":\"country\",\"aliases\":[\"中国\"]}\n"
        "{\"id\":\"org:pla\",\"name\":\"People's Liberation Army\",\"type\":\"agency\",\"aliases\":[\"PLA\"]}\n";
    eg_error err;
    eg_error_clear(&err);
    dict = eg_dict_new();
    if (!dict || eg_dict_load_buffer(dict, "fixed.jsonl", "jsonl", D, sizeof D - 1, &err) || eg_dict_compile(dict, &err)) abort();
    tagger = NULL;
    eg_tagger_new(&tagger, dict, NULL);
    if (!tagger) abort();
}

static int write_file(const char *p, const uint8_t *data, size_t size)
{
    FILE *f = fopen(p, "wb");
    if (!f) return -1;
    if (size && fwrite(data, 1, size, f) != size) { fclose(f); return -1; }
    return fclose(f);
}

/* Line l (1-based) of data without its line end, as the reader sees it. */
static const char *line_of(const uint8_t *data, size_t size, long l, size_t *len)
{
    size_t pos = 0;
    for (long i = 1; i < l; i++) {
        const uint8_t *nl = memchr(data + pos, '\n', size - pos);
        pos = nl ? (size_t)(nl - data) + 1 : size;
    }
    const uint8_t *nl = memchr(data + pos, '\n', size - pos);
    size_t end = nl ? (size_t)(nl - data) : size;
    while (end > pos && (data[end - 1] == '\n' || data[end - 1] == '\r')) end--;
    if (l == 1 && end - pos >= 3 && !memcmp(data + pos, "\xEF\xBB\xBF", 3)) pos += 3;   /* BOM */
    *len = end - pos;
    return (const char *)data + pos;
}

/* What jansson makes of a line: 1 and the text (and id) of a document, 0,
 * or -1 when it refuses only a number's size (valid JSON for entgraph). */
static int jansson_doc(const char *line, size_t len, json_t **root, json_t **text, json_t **id)
{
    json_error_t je;
    *root = json_loadb(line, len, JSON_ALLOW_NUL, &je);
    if (!*root) return strstr(je.text, "too big") || strstr(je.text, "overflow") ? -1 : 0;
    *text = json_object_get(*root, "text");
    *id = json_object_get(*root, "id");
    return json_is_object(*root) && json_is_string(*text);
}

static void compare_doc(const uint8_t *data, size_t size, const eg_document *doc)
{
    size_t len;
    const char *line = line_of(data, size, doc->line, &len);
    json_t *root, *text, *id;
    int jd = jansson_doc(line, len, &root, &text, &id);
    if (jd < 0) return;   /* a number jansson cannot hold: nothing to compare */
    FUZZ_CHECK(jd == 1, "line %ld: a document where jansson finds none", doc->line);
    FUZZ_CHECK(json_string_length(text) == doc->len && !memcmp(json_string_value(text), doc->text, doc->len),
               "line %ld: text differs from jansson's", doc->line);
    char want[600];
    if (json_is_string(id)) snprintf(want, sizeof want, "%s", json_string_value(id));
    else if (json_is_integer(id)) {
        /* entgraph keeps the digits as written ("-0" stays "-0") */
        char *e;
        long long v = strtoll(doc->id, &e, 10);
        FUZZ_CHECK(!*e && v == (long long)json_integer_value(id), "line %ld: id '%s', jansson says %lld",
                   doc->line, doc->id, (long long)json_integer_value(id));
        json_decref(root);
        return;
    }
    else snprintf(want, sizeof want, "%s:%ld", path_jsonl, doc->line);
    if (!json_is_string(id) || !memchr(json_string_value(id), 0, json_string_length(id)))
        FUZZ_CHECK(!strcmp(want, doc->id), "line %ld: id '%s', jansson says '%s'", doc->line, doc->id, want);
    json_decref(root);
}

static void compare_error(const uint8_t *data, size_t size, long l, const char *msg)
{
    size_t len;
    const char *line = line_of(data, size, l, &len);
    json_t *root, *text, *id;
    int jd = jansson_doc(line, len, &root, &text, &id);
    bool nul_id = jd == 1 && json_is_string(id) && memchr(json_string_value(id), 0, json_string_length(id));
    /* jansson (2.14) swallows a raw NUL byte that follows a number or a
     * literal ("[1\0]", "true\0"): after un-reading the byte its lexer
     * takes the 0 in its look-ahead buffer for "buffer empty".  RFC 8259
     * allows no NUL byte outside a string, so there entgraph's error is
     * the right answer. */
    bool raw_nul = jd == 1 && memchr(line, 0, len) && strstr(msg, "byte 0x00");
    FUZZ_CHECK(jd != 1 || raw_nul || (nul_id && strstr(msg, "NUL")), "line %ld: an error where jansson finds a document: %s", l, msg);
    json_decref(root);
}

static void tag_doc(const eg_document *doc)
{
    const eg_mention *m;
    size_t n, bad;
    FUZZ_CHECK(eg_tagger_run(tagger, doc->text, doc->len, &m, &n, &bad) == 0, "tagging failed");
    fuzz_check_mentions(dict, doc->text, doc->len, m, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dict) setup();
    if (write_file(path_jsonl, data, size) || write_file(path_txt, data, size)) abort();

    /* a UTF-16/UTF-32 byte-order mark: the reader converts the input */
    bool converted = (size >= 2 && (!memcmp(data, "\xFF\xFE", 2) || !memcmp(data, "\xFE\xFF", 2))) ||
                     (size >= 4 && !memcmp(data, "\0\0\xFE\xFF", 4));
    /* jsonl, the same file twice */
    const char *in[2] = { path_jsonl, path_jsonl };
    eg_reader *r = eg_reader_new(in, 2, NULL);
    FUZZ_CHECK(r, "eg_reader_new");
    size_t lines = 0;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    if (size && data[size - 1] != '\n') lines++;
    long last = 0;
    size_t ndocs = 0, nerr = 0;
    int passes = 1;
    for (int iter = 0;; iter++) {
        FUZZ_CHECK(iter < 2 * (int)lines + 10, "reader does not end");   /* + notices and warnings */
        eg_document doc;
        eg_error err;
        eg_error_clear(&err);
        int rc = eg_reader_next(r, &doc, &err);
        if (rc == 0) break;
        if (rc == 3) { FUZZ_CHECK(err.text[0], "a notice without a message"); continue; }
        if (rc < 0) {
            FUZZ_CHECK(rc == EG_EINPUT, "unexpected error %d: %s", rc, err.text);
            FUZZ_CHECK(err.code == rc && err.text[0] && err.line > 0 && (converted || (size_t)err.line <= lines),
                       "bad error report: line %ld: %s", err.line, err.text);
            nerr++;
            if (!converted) compare_error(data, size, err.line, err.text);
            continue;
        }
        FUZZ_CHECK(rc == 1 || rc == 2, "rc %d", rc);
        FUZZ_CHECK(rc == 1 || err.text[0], "warning without a message");
        FUZZ_CHECK(doc.id && doc.source, "document without an id or source");
        FUZZ_CHECK(doc.text && doc.text[doc.len] == 0, "document %s: text %p not NUL-terminated (len %zu)", doc.id, (const void *)doc.text, doc.len);
        FUZZ_CHECK(doc.line > 0 && (converted || (size_t)doc.line <= lines), "line %ld of %zu", doc.line, lines);
        /* lines grow within a pass; the second pass starts again */
        if (doc.line <= last) passes++;
        FUZZ_CHECK(passes <= 2, "line numbers go backwards twice");
        last = doc.line;
        ndocs++;
        if (!converted) compare_doc(data, size, &doc);
        tag_doc(&doc);
    }
    eg_reader_free(r);

    /* txt: exactly one document, the input bytes */
    const char *in2[1] = { path_txt };
    r = eg_reader_new(in2, 1, NULL);
    FUZZ_CHECK(r, "eg_reader_new");
    eg_document doc;
    eg_error err;
    eg_error_clear(&err);
    int rc = eg_reader_next(r, &doc, &err);
    if (converted && rc == 3) rc = eg_reader_next(r, &doc, &err);   /* "converted from UTF-16LE" */
    FUZZ_CHECK(rc == 1, "txt: no document: %s", err.text);
    FUZZ_CHECK(converted || (doc.len == size && (size == 0 || !memcmp(doc.text, data, size)) && doc.text[size] == 0),
               "txt: document differs from the file");
    tag_doc(&doc);
    rc = eg_reader_next(r, &doc, &err);
    if (converted && rc == 3) rc = eg_reader_next(r, &doc, &err);   /* "N invalid byte sequences replaced" */
    FUZZ_CHECK(rc == 0, "txt: more than one document");
    eg_reader_free(r);
    return 0;
}
