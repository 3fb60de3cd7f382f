/*
 * cli_common.c - command-line glue shared by the commands: messages,
 * dictionary discovery and loading, the document loop with its
 * bad-document policy, JSON string output.
 */
#include "cli.h"
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef EG_DATADIR
#define EG_DATADIR "/usr/local/share/entgraph"
#endif

int exit_code_for(int c)
{
    switch (c) {
    case EG_OK: return EXIT_OK;
    case EG_EINPUT: return EXIT_INPUT;
    case EG_EUSAGE: return EXIT_USAGE;
    default: return EXIT_SYSTEM;
    }
}

void msg_error(const eg_error *err)
{
    char buf[1200];
    fprintf(stderr, "entgraph: %s\n", eg_error_format(err, buf, sizeof buf));
}

void msg_warn(const eg_error *err)
{
    char buf[1200];
    fprintf(stderr, "entgraph: warning: %s\n", eg_error_format(err, buf, sizeof buf));
}

void msg_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("entgraph: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int tag_cli_option(tag_cli *t, int c, const char *arg)
{
    switch (c) {
    case 'd': {
        const char **n = eg_realloc(t->dicts, (t->ndicts + 1) * sizeof *n);
        if (!n) { msg_errorf("out of memory"); return -2; }
        t->dicts = n;
        t->dicts[t->ndicts++] = arg;
        return 1;
    }
    case 1001: t->no_default_dicts = true; return 1;
    case 1002: t->topt.demonyms = 0; return 1;
    case 1003: t->topt.metonyms = 1; return 1;
    case 1004: t->topt.propagate = 0; return 1;
    case 1005: t->topt.resolve = 0; return 1;
    case 1006:
        if (strcmp(arg, "jsonl") && strcmp(arg, "txt")) {
            msg_errorf("--input-format must be jsonl or txt, not '%s'", arg);
            return -1;
        }
        t->input_format = arg;
        return 1;
    case 1007: t->strict = true; return 1;
    case 1009: t->no_cache = true; return 1;
    case 'q': t->quiet = true; return 1;
    case 'j': {
        char *e;
        long v = strtol(arg, &e, 10);
        if (*e || v < 1 || v > 64) { msg_errorf("--jobs needs a number from 1 to 64, not '%s'", arg); return -1; }
        t->jobs = (int)v;
        return 1;
    }
    default: return 0;
    }
}

void tag_cli_init(tag_cli *t)
{
    memset(t, 0, sizeof *t);
    eg_tag_options_default(&t->topt);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    t->jobs = n > 0 ? (n > 64 ? 64 : (int)n) : 1;
}

void tag_cli_release(tag_cli *t) { eg_free(t->dicts); t->dicts = NULL; }

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The default set: the source tree's dicts/ when the binary runs from it
 * (build/entgraph), else the installed one, else $ENTGRAPH_DICTS. */
static const char *default_dicts(char *buf, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        /* build/entgraph, build/asan/entgraph, ...: look a few levels up */
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash || slash == exe) break;
            *slash = 0;
            char mk[PATH_MAX + 32];
            snprintf(mk, sizeof mk, "%s/src/main.c", exe);
            snprintf(buf, size, "%s/dicts", exe);
            if (access(mk, F_OK) == 0 && is_dir(buf)) return buf;
        }
    }
    snprintf(buf, size, "%s/dicts", EG_DATADIR);
    if (is_dir(buf)) return buf;
    const char *env = getenv("ENTGRAPH_DICTS");
    if (env && *env) return env;
    return NULL;
}

/* The compiled-dictionary cache directory: $ENTGRAPH_CACHE_DIR, else
 * $XDG_CACHE_HOME/entgraph, else ~/.cache/entgraph; created on demand. */
static bool cache_dir(char *buf, size_t size)
{
    const char *d = getenv("ENTGRAPH_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    if (d && *d) snprintf(buf, size, "%s", d);
    else if (x && *x) snprintf(buf, size, "%s/entgraph", x);
    else if (h && *h) snprintf(buf, size, "%s/.cache/entgraph", h);
    else return false;
    if (is_dir(buf)) return true;
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", buf);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) { *slash = 0; mkdir(parent, 0755); }
    return mkdir(buf, 0755) == 0 || is_dir(buf);
}

/* Keep the newest few cache files; dictionaries change, old keys go stale. */
static void prune_cache(const char *dir, const char *keep)
{
    DIR *dh = opendir(dir);
    if (!dh) return;
    struct { char name[64]; time_t mtime; } files[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dh)) && n < 64) {
        size_t l = strlen(de->d_name);
        if (l < 5 || l >= 64 || strcmp(de->d_name + l - 4, ".egc") || !strcmp(de->d_name, keep)) continue;
        char p[3 * PATH_MAX];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        if (stat(p, &st) != 0) continue;
        snprintf(files[n].name, sizeof files[n].name, "%s", de->d_name);
        files[n].mtime = st.st_mtime;
        n++;
    }
    closedir(dh);
    const int keep_n = 7;
    while (n > keep_n) {   /* drop the oldest */
        int o = 0;
        for (int i = 1; i < n; i++) if (files[i].mtime < files[o].mtime) o = i;
        char p[3 * PATH_MAX];
        snprintf(p, sizeof p, "%.*s/%s", PATH_MAX, dir, files[o].name);
        unlink(p);
        files[o] = files[--n];
    }
}

int load_dicts(tag_cli *t, eg_dict **out)
{
    const char **paths = eg_calloc(t->ndicts + 1, sizeof *paths);
    if (!paths) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    size_t np = 0;
    char defbuf[PATH_MAX + 64];
    if (!t->no_default_dicts) {
        const char *p = default_dicts(defbuf, sizeof defbuf);
        if (!p && !t->ndicts) {
            msg_errorf("no dictionaries: give --dict PATH, install entgraph, or set ENTGRAPH_DICTS");
            eg_free(paths);
            return EXIT_USAGE;
        }
        if (p) paths[np++] = p;
    } else if (!t->ndicts) {
        msg_errorf("--no-default-dicts needs at least one --dict");
        eg_free(paths);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < t->ndicts; i++) paths[np++] = t->dicts[i];
    eg_error err;
    eg_error_clear(&err);
    /* the compiled cache, keyed by the sources' names and bytes */
    char cdir[PATH_MAX], cpath[PATH_MAX + 64], cname[64];
    uint64_t key = 0;
    bool use_cache = !t->no_cache && !getenv("ENTGRAPH_FAIL_ALLOC") && cache_dir(cdir, sizeof cdir) &&
                     eg_dict_checksum_paths(paths, np, &key, &err) == 0;
    eg_error_clear(&err);   /* a source that cannot be read is reported by the loader */
    if (use_cache) {
        snprintf(cname, sizeof cname, "%016llx.egc", (unsigned long long)key);
        snprintf(cpath, sizeof cpath, "%s/%s", cdir, cname);
        eg_dict *d;
        int rc = eg_dict_open_cache(&d, cpath, key);
        if (rc == 0) { eg_free(paths); *out = d; return EXIT_OK; }
        if (rc == EG_ENOMEM) { msg_errorf("out of memory"); eg_free(paths); return EXIT_SYSTEM; }
    }
    eg_dict *d = eg_dict_new();
    if (!d) { msg_errorf("out of memory"); eg_free(paths); return EXIT_SYSTEM; }
    int rc = 0;
    for (size_t i = 0; i < np && !rc; i++) rc = eg_dict_load_path(d, paths[i], &err);
    if (!rc) rc = eg_dict_compile(d, &err);
    eg_free(paths);
    if (rc) {
        msg_error(&err);
        eg_dict_free(d);
        return exit_code_for(rc);
    }
    if (use_cache) {
        eg_error e2;
        eg_error_clear(&e2);
        if (eg_dict_save(d, cpath, key, &e2) == 0) prune_cache(cdir, cname);   /* failure only costs speed */
    }
    *out = d;
    return EXIT_OK;
}

typedef struct loop_ctx {
    tag_cli *t;
    doc_fn fn;
    void *ctx;
    run_stats *st;
    int code;
    /* progress */
    bool progress;
    double t0, last;
    size_t total;   /* input bytes when known, else 0 */
} loop_ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(loop_ctx *c, bool final)
{
    double t = now();
    if (!final && t - c->last < 0.5) return;
    c->last = t;
    double mb = (double)c->st->bytes / 1e6, dt = t - c->t0;
    double rate = dt > 0 ? mb / dt : 0;
    fprintf(stderr, "\r\033[Kentgraph: %zu documents, %.1f MB, %.1f MB/s", c->st->docs, mb, rate);
    if (c->total && rate > 0 && !final) {
        double left = ((double)c->total / 1e6 - mb) / rate;
        if (left > 0) fprintf(stderr, ", ETA %.0f s", left);
    }
    if (final) fputc('\n', stderr);
}

/* Called in input order for every document or read error. */
static int on_item(void *vc, const eg_batch_item *it)
{
    loop_ctx *c = vc;
    tag_cli *t = c->t;
    run_stats *st = c->st;
    if (it->status < 0) {
        if (it->status == EG_ENOMEM) { msg_error(&it->err); return EXIT_SYSTEM; }
        if (!t->quiet || t->strict) msg_error(&it->err);
        st->skipped++;
        /* under --strict: a bad document is bad input (1), an unreadable
         * file an I/O error (3) */
        return t->strict ? exit_code_for(it->status) : 0;
    }
    if (it->status == 2 && !t->quiet) msg_warn(&it->err);
    const eg_document *doc = &it->doc;
    if (it->tag_rc) {
        msg_errorf("%s: %s", doc->id, it->tag_rc == EG_ENOMEM ? "out of memory" : "document too large (4 GiB limit)");
        if (it->tag_rc == EG_ENOMEM) return EXIT_SYSTEM;
        st->skipped++;
        return t->strict ? EXIT_INPUT : 0;
    }
    if (it->invalid_at != SIZE_MAX) {
        if (t->strict) {
            msg_errorf("%s: invalid UTF-8 at byte %zu", doc->id, it->invalid_at);
            st->skipped++;
            return EXIT_INPUT;
        }
        if (!t->quiet)
            fprintf(stderr, "entgraph: warning: %s: invalid UTF-8 at byte %zu; bad bytes treated as non-letters\n",
                    doc->id, it->invalid_at);
    }
    st->docs++;
    st->mentions += it->n;
    st->bytes += doc->len;
    if (c->progress) show_progress(c, false);
    return c->fn(c->ctx, doc, it->m, it->n);
}

int for_each_document(tag_cli *t, const eg_dict *d, char **inputs, size_t ninputs,
                      doc_fn fn, void *ctx, run_stats *st)
{
    memset(st, 0, sizeof *st);
    eg_reader *r = eg_reader_new((const char *const *)inputs, ninputs, t->input_format);
    if (!r) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    loop_ctx c = { t, fn, ctx, st, 0, !t->quiet && isatty(2), 0, 0, 0 };
    if (c.progress) {
        c.t0 = c.last = now();
        for (size_t i = 0; i < ninputs; i++) {
            struct stat sb;
            if (strcmp(inputs[i], "-") && stat(inputs[i], &sb) == 0 && S_ISREG(sb.st_mode)) c.total += (size_t)sb.st_size;
            else { c.total = 0; break; }
        }
    }
    int jobs = t->jobs;
    if (getenv("ENTGRAPH_FAIL_ALLOC")) jobs = 1;   /* the fault counter is not thread-safe */
    int rc = eg_run_documents(r, d, &t->topt, jobs, on_item, &c);
    if (c.progress && st->docs) show_progress(&c, true);
    eg_reader_free(r);
    if (rc == EG_ENOMEM) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    return rc;
}

/* ---- output lines are built in one reused buffer and written with one
 * fwrite: printf-style formatting per field was a tenth of a `tag` run. */

typedef struct lbuf { char *data; size_t len, cap; bool failed; } lbuf;

static void lb_put(lbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->len + n + 1) nc *= 2;
        char *d = eg_realloc(b->data, nc);
        if (!d) { b->failed = true; return; }
        b->data = d;
        b->cap = nc;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void lb_puts(lbuf *b, const char *s) { lb_put(b, s, strlen(s)); }

static void lb_u(lbuf *b, size_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do { tmp[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    lb_put(b, tmp + i, sizeof tmp - i);
}

static void lb_l(lbuf *b, long v)
{
    if (v < 0) { lb_put(b, "-", 1); lb_u(b, (size_t)(-(v + 1)) + 1); }
    else lb_u(b, (size_t)v);
}

/* A JSON string: valid UTF-8 out, invalid bytes -> U+FFFD. */
static void lb_json(lbuf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    lb_put(b, "\"", 1);
    size_t run = 0;   /* start of a run of bytes to copy verbatim */
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { i++; continue; }
        if (c >= 0x80) {
            int32_t cp;
            int k = eg_utf8_decode(s + i, n - i, &cp);
            if (cp >= 0) { i += (size_t)k; continue; }
        }
        lb_put(b, str + run, i - run);
        char esc[8];
        if (c == '"') lb_put(b, "\\\"", 2);
        else if (c == '\\') lb_put(b, "\\\\", 2);
        else if (c == '\n') lb_put(b, "\\n", 2);
        else if (c == '\t') lb_put(b, "\\t", 2);
        else if (c == '\r') lb_put(b, "\\r", 2);
        else if (c < 0x20) { snprintf(esc, sizeof esc, "\\u%04x", c); lb_put(b, esc, 6); }
        else lb_put(b, "\\ufffd", 6);
        i++;
        run = i;
    }
    lb_put(b, str + run, n - run);
    lb_put(b, "\"", 1);
}

/* A TSV field: tabs and line breaks become spaces. */
static void lb_tsv(lbuf *b, const char *s, size_t n)
{
    size_t start = b->len;
    lb_put(b, s, n);
    if (b->len != start + n) return;
    for (size_t i = start; i < b->len; i++)
        if (b->data[i] == '\t' || b->data[i] == '\n' || b->data[i] == '\r') b->data[i] = ' ';
}

static lbuf line;   /* the CLI writes from one thread */

static int lb_flush(FILE *f)
{
    size_t n = line.len;
    line.len = 0;
    if (line.failed) { line.failed = false; return -1; }   /* allocation failed */
    return fwrite(line.data, 1, n, f) == n ? 0 : -1;
}

void cli_output_release(void) { eg_free(line.data); memset(&line, 0, sizeof line); }

int write_mention_json(FILE *f, const eg_dict *d, const eg_document *doc, const eg_mention *x, bool explain)
{
    lbuf *b = &line;
    const char *id = eg_dict_entity_id(d, x->entity);
    const char *label = eg_dict_entity_label(d, x->entity);
    const char *type = eg_dict_entity_type(d, x->entity);
    lb_puts(b, "{\"doc\":"); lb_json(b, doc->id, strlen(doc->id));
    lb_puts(b, ",\"start\":"); lb_u(b, x->start);
    lb_puts(b, ",\"end\":"); lb_u(b, x->end);
    lb_puts(b, ",\"byte_start\":"); lb_u(b, x->byte_start);
    lb_puts(b, ",\"byte_end\":"); lb_u(b, x->byte_end);
    lb_puts(b, ",\"text\":"); lb_json(b, doc->text + x->byte_start, x->byte_end - x->byte_start);
    lb_puts(b, ",\"id\":"); lb_json(b, id, strlen(id));
    lb_puts(b, ",\"label\":"); lb_json(b, label, strlen(label));
    lb_puts(b, ",\"type\":"); lb_json(b, type, strlen(type));
    lb_puts(b, ",\"sentence\":"); lb_u(b, x->sentence);
    lb_puts(b, ",\"paragraph\":"); lb_u(b, x->paragraph);
    if (x->via != EG_KIND_NAME) { lb_puts(b, ",\"via\":\""); lb_puts(b, eg_alias_kind_name(x->via)); lb_puts(b, "\""); }
    if (x->ambiguous || (explain && x->ncand > 1)) {
        if (x->ambiguous) lb_puts(b, ",\"ambiguous\":true");
        lb_puts(b, ",\"candidates\":[");
        for (uint32_t k = 0; k < x->ncand; k++) {
            if (k) lb_puts(b, ",");
            const char *cid = eg_dict_entity_id(d, x->cand[k]);
            lb_json(b, cid, strlen(cid));
        }
        lb_puts(b, "]");
    }
    if (x->title_end > x->title_start) {
        lb_puts(b, ",\"title\":");
        lb_json(b, doc->text + x->title_start, x->title_end - x->title_start);
    }
    if (explain) {
        lb_puts(b, ",\"how\":\""); lb_puts(b, x->how); lb_puts(b, "\"");
        if (x->from != SIZE_MAX) { lb_puts(b, ",\"from\":"); lb_u(b, x->from); }
        if (x->how[0] == 'c' || x->how[0] == 'g') {
            lb_puts(b, ",\"score\":"); lb_l(b, x->score);
            lb_puts(b, ",\"runner_up\":"); lb_l(b, x->runner_up);
        }
    }
    lb_puts(b, "}\n");
    return lb_flush(f);
}

int write_mention_tsv(FILE *f, const eg_dict *d, const eg_document *doc, const eg_mention *x)
{
    lbuf *b = &line;
    const char *id = eg_dict_entity_id(d, x->entity);
    const char *label = eg_dict_entity_label(d, x->entity);
    const char *type = eg_dict_entity_type(d, x->entity);
    lb_tsv(b, doc->id, strlen(doc->id));
    lb_puts(b, "\t"); lb_u(b, x->start);
    lb_puts(b, "\t"); lb_u(b, x->end);
    lb_puts(b, "\t"); lb_u(b, x->byte_start);
    lb_puts(b, "\t"); lb_u(b, x->byte_end);
    lb_puts(b, "\t"); lb_tsv(b, doc->text + x->byte_start, x->byte_end - x->byte_start);
    lb_puts(b, "\t"); lb_tsv(b, id, strlen(id));
    lb_puts(b, "\t"); lb_tsv(b, label, strlen(label));
    lb_puts(b, "\t"); lb_tsv(b, type, strlen(type));
    lb_puts(b, "\t"); lb_u(b, x->sentence);
    lb_puts(b, "\t"); lb_u(b, x->paragraph);
    lb_puts(b, "\t"); if (x->via != EG_KIND_NAME) lb_puts(b, eg_alias_kind_name(x->via));
    lb_puts(b, "\t"); if (x->ambiguous) lb_puts(b, "ambiguous");
    lb_puts(b, "\n");
    return lb_flush(f);
}
