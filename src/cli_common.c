/*
 * cli_common.c - command-line glue shared by the commands: messages,
 * dictionary discovery and loading, the document loop with its
 * bad-document policy, JSON string output.
 */
#include "cli.h"
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

int load_dicts(tag_cli *t, eg_dict **out)
{
    eg_dict *d = eg_dict_new();
    if (!d) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    eg_error err;
    eg_error_clear(&err);
    int rc = 0;
    if (!t->no_default_dicts) {
        char buf[PATH_MAX + 64];
        const char *p = default_dicts(buf, sizeof buf);
        if (!p && !t->ndicts) {
            msg_errorf("no dictionaries: give --dict PATH, install entgraph, or set ENTGRAPH_DICTS");
            eg_dict_free(d);
            return EXIT_USAGE;
        }
        if (p) rc = eg_dict_load_path(d, p, &err);
    } else if (!t->ndicts) {
        msg_errorf("--no-default-dicts needs at least one --dict");
        eg_dict_free(d);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < t->ndicts && !rc; i++) rc = eg_dict_load_path(d, t->dicts[i], &err);
    if (!rc) rc = eg_dict_compile(d, &err);
    if (rc) {
        msg_error(&err);
        eg_dict_free(d);
        return exit_code_for(rc);
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
        return t->strict ? EXIT_INPUT : 0;
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

void json_str(FILE *f, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    putc('"', f);
    size_t run = 0;   /* start of a run of bytes to copy verbatim */
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { i++; continue; }
        if (c >= 0x80) {
            int32_t cp;
            int k = eg_utf8_decode(s + i, n - i, &cp);
            if (cp >= 0) { i += (size_t)k; continue; }
        }
        fwrite(s + run, 1, i - run, f);
        if (c == '"') fputs("\\\"", f);
        else if (c == '\\') fputs("\\\\", f);
        else if (c == '\n') fputs("\\n", f);
        else if (c == '\t') fputs("\\t", f);
        else if (c == '\r') fputs("\\r", f);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputs("\\ufffd", f);
        i++;
        run = i;
    }
    fwrite(s + run, 1, n - run, f);
    putc('"', f);
}

void write_mention_json(FILE *f, const eg_dict *d, const eg_document *doc, const eg_mention *x, bool explain)
{
    const char *id = eg_dict_entity_id(d, x->entity);
    const char *label = eg_dict_entity_label(d, x->entity);
    const char *type = eg_dict_entity_type(d, x->entity);
    fputs("{\"doc\":", f); json_str(f, doc->id, strlen(doc->id));
    fprintf(f, ",\"start\":%zu,\"end\":%zu,\"byte_start\":%zu,\"byte_end\":%zu,\"text\":",
        x->start, x->end, x->byte_start, x->byte_end);
    json_str(f, doc->text + x->byte_start, x->byte_end - x->byte_start);
    fputs(",\"id\":", f); json_str(f, id, strlen(id));
    fputs(",\"label\":", f); json_str(f, label, strlen(label));
    fputs(",\"type\":", f); json_str(f, type, strlen(type));
    fprintf(f, ",\"sentence\":%zu,\"paragraph\":%zu", x->sentence, x->paragraph);
    if (x->via != EG_KIND_NAME) fprintf(f, ",\"via\":\"%s\"", eg_alias_kind_name(x->via));
    if (x->ambiguous || (explain && x->ncand > 1)) {
        if (x->ambiguous) fputs(",\"ambiguous\":true", f);
        fputs(",\"candidates\":[", f);
        for (uint32_t k = 0; k < x->ncand; k++) {
        if (k) putc(',', f);
        const char *cid = eg_dict_entity_id(d, x->cand[k]);
        json_str(f, cid, strlen(cid));
        }
        putc(']', f);
    }
    if (x->title_end > x->title_start) {
        fputs(",\"title\":", f);
        json_str(f, doc->text + x->title_start, x->title_end - x->title_start);
    }
    if (explain) {
        fprintf(f, ",\"how\":\"%s\"", x->how);
        if (x->from != SIZE_MAX) fprintf(f, ",\"from\":%zu", x->from);
        if (x->how[0] == 'c' || x->how[0] == 'g') fprintf(f, ",\"score\":%ld,\"runner_up\":%ld", x->score, x->runner_up);
    }
    fputs("}\n", f);
}
