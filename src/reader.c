/*
 * reader.c - the read stage: turns the command line's inputs into a stream
 * of documents, one at a time, so memory does not grow with the corpus.
 *
 *   FILE.txt (or any non-.jsonl file)  one document, the file's bytes exactly
 *   FILE.jsonl / .ndjson               one document per line: {"text", "id", ...}
 *   DIR                                every .txt/.jsonl below it, sorted,
 *                                      symlinked directories followed once
 *   - (or nothing)                     standard input, jsonl or txt
 *
 * A bad document (invalid JSON, no text, unreadable file) is reported as an
 * error from eg_reader_next and reading goes on with the next one.
 */
#include "internal.h"
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct dirid { dev_t dev; ino_t ino; } dirid;

struct eg_reader {
    char **paths; size_t npaths, cappaths, next;   /* expanded file list */
    char **pending_err; size_t nerr, caperr, errnext; /* errors found while expanding */
    const char *stdin_format;
    dirid *dirs; size_t ndirs, capdirs;
    FILE *fp;              /* current jsonl stream */
    bool fp_is_stdin;
    char *cur;             /* current jsonl path (borrowed from paths or "-") */
    long lineno;
    char *line; size_t linecap;
    eg_buf text, id, date, title, url, src;
    uint64_t *idhash; size_t nid, capid;   /* seen document ids (hashes) */
};

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static bool is_jsonl(const char *p) { return ends_with(p, ".jsonl") || ends_with(p, ".ndjson"); }

static int add_path(eg_reader *r, const char *p)
{
    char *c = eg_strndup(p, strlen(p));
    if (!c || eg_grow(&r->paths, &r->cappaths, r->npaths + 1, sizeof *r->paths)) { eg_free(c); return EG_ENOMEM; }
    r->paths[r->npaths++] = c;
    return 0;
}

static int add_err(eg_reader *r, const char *msg)
{
    char *c = eg_strndup(msg, strlen(msg));
    if (!c || eg_grow(&r->pending_err, &r->caperr, r->nerr + 1, sizeof *r->pending_err)) { eg_free(c); return EG_ENOMEM; }
    r->pending_err[r->nerr++] = c;
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk(eg_reader *r, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) return 0;
    for (size_t i = 0; i < r->ndirs; i++)
        if (r->dirs[i].dev == st.st_dev && r->dirs[i].ino == st.st_ino) {
            char msg[600];
            snprintf(msg, sizeof msg, "%s\tdirectory already visited (symlink loop?), skipped", dir);
            return add_err(r, msg);
        }
    if (eg_grow(&r->dirs, &r->capdirs, r->ndirs + 1, sizeof *r->dirs)) return EG_ENOMEM;
    r->dirs[r->ndirs].dev = st.st_dev;
    r->dirs[r->ndirs].ino = st.st_ino;
    r->ndirs++;
    DIR *d = opendir(dir);
    if (!d) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s\tcannot open directory: %s", dir, strerror(errno));
        return add_err(r, msg);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t l = strlen(dir) + strlen(de->d_name) + 2;
        char *full = eg_malloc(l);
        if (!full || eg_grow(&names, &cap, n + 1, sizeof *names)) { eg_free(full); rc = EG_ENOMEM; break; }
        snprintf(full, l, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", de->d_name);
        names[n++] = full;
    }
    closedir(d);
    if (!rc && n) qsort(names, n, sizeof *names, cmp_str);   /* names is NULL when empty */
    for (size_t i = 0; i < n && !rc; i++) {
        struct stat s2;
        if (stat(names[i], &s2) != 0) continue;   /* dangling link */
        if (S_ISDIR(s2.st_mode)) rc = walk(r, names[i]);
        else if (ends_with(names[i], ".txt") || is_jsonl(names[i])) rc = add_path(r, names[i]);
    }
    for (size_t i = 0; i < n; i++) eg_free(names[i]);
    eg_free(names);
    return rc;
}

eg_reader *eg_reader_new(const char *const *inputs, size_t n, const char *stdin_format)
{
    eg_reader *r = eg_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->stdin_format = stdin_format ? stdin_format : "jsonl";
    int rc = 0;
    if (n == 0) rc = add_path(r, "-");
    for (size_t i = 0; i < n && !rc; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") && stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            r->ndirs = 0;
            rc = walk(r, inputs[i]);
        } else {
            rc = add_path(r, inputs[i]);
        }
    }
    if (rc) { eg_reader_free(r); return NULL; }
    return r;
}

void eg_reader_free(eg_reader *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->npaths; i++) eg_free(r->paths[i]);
    for (size_t i = 0; i < r->nerr; i++) eg_free(r->pending_err[i]);
    eg_free(r->paths); eg_free(r->pending_err); eg_free(r->dirs); eg_free(r->idhash);
    if (r->fp && !r->fp_is_stdin) fclose(r->fp);
    free(r->line);   /* from getline */
    eg_buf_release(&r->text); eg_buf_release(&r->id); eg_buf_release(&r->date);
    eg_buf_release(&r->title); eg_buf_release(&r->url); eg_buf_release(&r->src);
    eg_free(r);
}

static int set_buf(eg_buf *b, const char *s, size_t n)
{
    b->len = 0;
    return eg_buf_put(b, s, n);
}

static int read_all(FILE *f, eg_buf *b)
{
    b->len = 0;
    if (eg_buf_put(b, "", 0)) return EG_ENOMEM;
    for (;;) {
        if (eg_grow(&b->data, &b->cap, b->len + 65536 + 1, 1)) return EG_ENOMEM;
        size_t n = fread(b->data + b->len, 1, 65536, f);
        b->len += n;
        if (n < 65536) break;
    }
    b->data[b->len] = 0;
    return ferror(f) ? EG_ESYS : 0;
}

/* Remember document ids by hash; a repeat is reported (the document is
 * still processed: nothing is lost). */
static int id_seen(eg_reader *r, const char *id, size_t n)   /* 1 seen, 0 new, <0 no memory */
{
    uint64_t h = eg_hash_bytes(id, n) | 1;
    if ((r->nid + 1) * 2 >= r->capid) {
        size_t nc = r->capid ? r->capid * 2 : 1024;
        uint64_t *nt = eg_calloc(nc, sizeof *nt);
        if (!nt) return EG_ENOMEM;
        for (size_t i = 0; i < r->capid; i++) {
            if (!r->idhash[i]) continue;
            size_t j = r->idhash[i] & (nc - 1);
            while (nt[j]) j = (j + 1) & (nc - 1);
            nt[j] = r->idhash[i];
        }
        eg_free(r->idhash);
        r->idhash = nt;
        r->capid = nc;
    }
    size_t j = h & (r->capid - 1);
    while (r->idhash[j]) {
        if (r->idhash[j] == h) return 1;
        j = (j + 1) & (r->capid - 1);
    }
    r->idhash[j] = h;
    r->nid++;
    return 0;
}

static const char *opt_field(json_t *o, const char *k, eg_buf *b, int *nomem)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_string(v)) return NULL;
    if (set_buf(b, json_string_value(v), json_string_length(v))) { *nomem = 1; return NULL; }
    return b->data;
}

/* ---- fast path for JSONL lines --------------------------------------
 * Profiling showed jansson's tree building at ~40% of a `graph` run: most
 * lines are flat objects whose only wanted members are strings.  This
 * parser handles exactly that case, decoding the wanted strings straight
 * into the reader's buffers; on anything unusual (a syntax error, invalid
 * UTF-8, an escaped key, a non-string text, a huge integer id...) it gives
 * up and the line goes through jansson, which accepts or reports it. */

enum { F_TEXT, F_ID, F_DATE, F_TITLE, F_URL, F_SOURCE, F_N };

/* Returns 1 with doc filled, or 0 to fall back to jansson. */
static int parse_line_fast(eg_reader *r, size_t len, eg_document *doc)
{
    static const char *names[F_N] = {"text", "id", "date", "title", "url", "source"};
    eg_buf *bufs[F_N] = {&r->text, &r->id, &r->date, &r->title, &r->url, &r->src};
    bool have[F_N] = {false};
    eg_js p = {(const unsigned char *)r->line, (const unsigned char *)r->line + len};
    eg_js_ws(&p);
    if (p.s >= p.e || *p.s != '{') return 0;
    p.s++;
    eg_js_ws(&p);
    if (p.s < p.e && *p.s == '}') return 0;   /* {} has no text: jansson reports it */
    for (;;) {
        eg_js_ws(&p);
        if (p.s >= p.e || *p.s != '"') return 0;
        p.s++;
        const unsigned char *k = p.s;
        while (p.s < p.e && *p.s != '"' && *p.s != '\\' && *p.s >= 0x20 && *p.s < 0x80) p.s++;
        if (p.s >= p.e || *p.s != '"') return 0;   /* escaped or non-ASCII key */
        size_t kn = (size_t)(p.s - k);
        p.s++;
        eg_js_ws(&p);
        if (p.s >= p.e || *p.s != ':') return 0;
        p.s++;
        eg_js_ws(&p);
        int f = -1;
        for (int i = 0; i < F_N; i++)
            if (strlen(names[i]) == kn && !memcmp(names[i], k, kn)) { f = i; break; }
        if (f >= 0 && p.s < p.e && *p.s == '"') {
            p.s++;
            if (eg_js_string(&p, bufs[f])) return 0;
            have[f] = true;
        } else if (f == F_ID && p.s < p.e && (*p.s == '-' || (*p.s >= '0' && *p.s <= '9'))) {
            const unsigned char *st = p.s;
            if (*p.s == '-') p.s++;
            while (p.s < p.e && *p.s >= '0' && *p.s <= '9') p.s++;
            size_t n = (size_t)(p.s - st);
            if (n > 18 || n == 0 || (n == 1 && *st == '-') || (p.s < p.e && (*p.s == '.' || *p.s == 'e' || *p.s == 'E'))) return 0;
            if (n > 1 && st[*st == '-'] == '0') return 0;   /* leading zero: jansson's call */
            if (set_buf(&r->id, (const char *)st, n)) return 0;
            have[F_ID] = true;
        } else {
            if (f == F_TEXT) return 0;   /* text that is not a string */
            if (f >= 0) have[f] = false; /* e.g. "title": null */
            if (eg_js_skip(&p, 0)) return 0;
        }
        eg_js_ws(&p);
        if (p.s >= p.e) return 0;
        if (*p.s == ',') { p.s++; continue; }
        if (*p.s == '}') { p.s++; break; }
        return 0;
    }
    eg_js_ws(&p);
    if (p.s != p.e || !have[F_TEXT]) return 0;
    if (!have[F_ID]) {
        char lb[32];
        snprintf(lb, sizeof lb, ":%ld", r->lineno);
        if (set_buf(&r->id, r->cur, strlen(r->cur)) || eg_buf_puts(&r->id, lb)) return 0;
    }
    memset(doc, 0, sizeof *doc);
    doc->text = r->text.data;
    doc->len = r->text.len;
    doc->id = r->id.data;
    doc->source = r->cur;
    doc->line = r->lineno;
    doc->date = have[F_DATE] ? r->date.data : NULL;
    doc->title = have[F_TITLE] ? r->title.data : NULL;
    doc->url = have[F_URL] ? r->url.data : NULL;
    doc->srcname = have[F_SOURCE] ? r->src.data : NULL;
    return 1;
}

/* Parse the current jsonl line into doc.  Returns 1, or <0 on a bad line. */
static int parse_line(eg_reader *r, size_t len, eg_document *doc, eg_error *err)
{
    if (parse_line_fast(r, len, doc)) return 1;
    const char *name = r->cur;
    json_error_t je;
    errno = 0;   /* jansson may report running out of memory as a syntax error */
    json_t *o = json_loadb(r->line, len, JSON_ALLOW_NUL, &je);
    if (!o && (json_error_code(&je) == json_error_out_of_memory || errno == ENOMEM))
        return eg_fail(err, EG_ENOMEM, name, r->lineno, 0, "out of memory");
    if (!o) return eg_fail(err, EG_EINPUT, name, r->lineno, je.column > 0 ? je.column : 1, "invalid JSON: %s", je.text);
    int rc = 1;
    json_t *t = json_is_object(o) ? json_object_get(o, "text") : NULL;
    if (!json_is_object(o)) rc = eg_fail(err, EG_EINPUT, name, r->lineno, 1, "expected a JSON object");
    else if (!t) rc = eg_fail(err, EG_EINPUT, name, r->lineno, 1, "missing 'text'");
    else if (!json_is_string(t)) rc = eg_fail(err, EG_EINPUT, name, r->lineno, 1, "'text' must be a string");
    if (rc < 0) { json_decref(o); return rc; }
    if (set_buf(&r->text, json_string_value(t), json_string_length(t))) { json_decref(o); return eg_fail(err, EG_ENOMEM, name, r->lineno, 0, "out of memory"); }
    json_t *id = json_object_get(o, "id");
    char tmp[64];
    const char *idv = NULL;
    size_t idn = 0;
    if (json_is_string(id)) { idv = json_string_value(id); idn = json_string_length(id); }
    else if (json_is_integer(id)) { snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(id)); idv = tmp; idn = strlen(tmp); }
    int e = 0;
    if (idv) e = set_buf(&r->id, idv, idn);
    else { char lb[32]; snprintf(lb, sizeof lb, ":%ld", r->lineno); e = set_buf(&r->id, name, strlen(name)) || eg_buf_puts(&r->id, lb); }
    if (e) { json_decref(o); return eg_fail(err, EG_ENOMEM, name, r->lineno, 0, "out of memory"); }
    memset(doc, 0, sizeof *doc);
    doc->text = r->text.data;
    doc->len = r->text.len;
    doc->id = r->id.data;
    doc->source = name;
    doc->line = r->lineno;
    int nomem = 0;
    doc->date = opt_field(o, "date", &r->date, &nomem);
    doc->title = opt_field(o, "title", &r->title, &nomem);
    doc->url = opt_field(o, "url", &r->url, &nomem);
    doc->srcname = opt_field(o, "source", &r->src, &nomem);
    json_decref(o);
    if (nomem) return eg_fail(err, EG_ENOMEM, name, r->lineno, 0, "out of memory");
    return 1;
}

int eg_reader_next(eg_reader *r, eg_document *doc, eg_error *err)
{
    if (r->errnext < r->nerr) {
        char *m = r->pending_err[r->errnext++];
        char *tab = strchr(m, '\t');
        if (tab) *tab = 0;
        return eg_fail(err, EG_ESYS, m, 0, 0, "%s", tab ? tab + 1 : "error");
    }
    for (;;) {
        if (r->fp) {
            ssize_t n = getline(&r->line, &r->linecap, r->fp);
            if (n < 0) {
                int bad = ferror(r->fp);
                int e = errno;
                if (!r->fp_is_stdin) fclose(r->fp);
                r->fp = NULL;
                if (bad) return eg_fail(err, EG_ESYS, r->cur, r->lineno, 0, "read error: %s", strerror(e));
                continue;
            }
            r->lineno++;
            size_t len = (size_t)n;
            while (len && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r')) len--;
            /* a byte-order mark before the first line is not part of the JSON
             * (editors on Windows write one); the dictionary loader skips it too */
            if (r->lineno == 1 && len >= 3 && !memcmp(r->line, "\xEF\xBB\xBF", 3)) {
                memmove(r->line, r->line + 3, len - 3);
                len -= 3;
            }
            size_t k = 0;
            while (k < len && (r->line[k] == ' ' || r->line[k] == '\t')) k++;
            if (k == len) continue;   /* blank line */
            int rc = parse_line(r, len, doc, err);
            int seen = rc == 1 ? id_seen(r, doc->id, strlen(doc->id)) : 0;
            if (seen < 0) return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
            if (seen)
                { eg_fail(err, EG_EINPUT, r->cur, r->lineno, 1, "duplicate document id '%s' (processed anyway)", doc->id); return 2; }
            return rc;
        }
        if (r->next >= r->npaths) return 0;
        char *p = r->paths[r->next++];
        bool is_stdin = !strcmp(p, "-");
        bool jl = is_stdin ? !strcmp(r->stdin_format, "jsonl") : is_jsonl(p);
        FILE *f = is_stdin ? stdin : fopen(p, "rb");
        if (!f) return eg_fail(err, EG_ESYS, p, 0, 0, "cannot open: %s", strerror(errno));
        if (!is_stdin) {
            struct stat st;
            if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) { fclose(f); return eg_fail(err, EG_ESYS, p, 0, 0, "is a directory"); }
        }
        if (jl) {
            r->fp = f;
            r->fp_is_stdin = is_stdin;
            r->cur = is_stdin ? "<stdin>" : p;
            r->lineno = 0;
            continue;
        }
        int rc = read_all(f, &r->text);
        int e = errno;
        if (!is_stdin) fclose(f);
        if (rc == EG_ENOMEM) return eg_fail(err, EG_ENOMEM, p, 0, 0, "out of memory");
        if (rc) return eg_fail(err, EG_ESYS, p, 0, 0, "read error: %s", strerror(e));
        const char *idname = is_stdin ? "<stdin>" : p;
        if (set_buf(&r->id, idname, strlen(idname))) return eg_fail(err, EG_ENOMEM, p, 0, 0, "out of memory");
        memset(doc, 0, sizeof *doc);
        doc->text = r->text.data;
        doc->len = r->text.len;
        doc->id = r->id.data;
        doc->source = idname;
        int seen = id_seen(r, doc->id, strlen(doc->id));
        if (seen < 0) return eg_fail(err, EG_ENOMEM, p, 0, 0, "out of memory");
        if (seen)
            { eg_fail(err, EG_EINPUT, idname, 0, 0, "duplicate document id '%s' (processed anyway)", doc->id); return 2; }
        return 1;
    }
}
