/*
 * cli_run.c - the document loop of the tagging commands with its
 * bad-document policy and progress display, the end-of-run exit code, and
 * the check that no output is also an input, a dictionary or another
 * output.
 */
#include "cli.h"
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- outputs that would destroy inputs */

typedef struct fid { bool exists; dev_t dev; ino_t ino; char *path; } fid;

/* A file's identity: device and inode when it exists, else its absolute
 * path (the directory resolved, the name as given). */
static void identify(const char *p, fid *f)
{
    memset(f, 0, sizeof *f);
    struct stat st;
    if (stat(p, &st) == 0) {
        f->exists = true;
        f->dev = st.st_dev;
        f->ino = st.st_ino;
        if (!S_ISREG(st.st_mode)) f->exists = false, f->dev = 0, f->ino = 0;   /* devices, FIFOs: written in place */
        if (S_ISREG(st.st_mode)) return;
    }
    char *a = strdup(p), *b = strdup(p);
    if (a && b) {
        char *dir = realpath(dirname(a), NULL);
        const char *base = basename(b);
        if (dir) {
            size_t n = strlen(dir) + strlen(base) + 2;
            f->path = malloc(n);
            if (f->path) snprintf(f->path, n, "%s/%s", dir, base);
            free(dir);
        }
    }
    free(a);
    free(b);
}

static bool same(const fid *a, const fid *b)
{
    if (a->exists && b->exists) return a->dev == b->dev && a->ino == b->ino;
    return a->path && b->path && !strcmp(a->path, b->path);
}

int check_outputs(const tag_cli *t, const char *const *outs, size_t nouts, const eg_reader *r)
{
    int rc = EXIT_OK;
    size_t nstdout = 0;
    fid *of = calloc(nouts ? nouts : 1, sizeof *of);
    if (!of) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    for (size_t i = 0; i < nouts && !rc; i++) {
        if (!outs[i][0]) { msg_errorf("an empty output file name (-o '')"); rc = EXIT_USAGE; break; }
        if (!strcmp(outs[i], "-")) {
            if (++nstdout > 1) { msg_errorf("standard output (-) is given as an output twice"); rc = EXIT_USAGE; }
            continue;
        }
        identify(outs[i], &of[i]);
        for (size_t k = 0; k < i && !rc; k++)
            if (strcmp(outs[k], "-") && same(&of[i], &of[k])) {
                msg_errorf("outputs '%s' and '%s' are the same file", outs[k], outs[i]);
                rc = EXIT_USAGE;
            }
        if (!of[i].exists && !of[i].path) continue;
        for (size_t k = 0; r && k < eg_reader_file_count(r) && !rc; k++) {
            const char *in = eg_reader_file(r, k);
            if (!strcmp(in, "-")) continue;
            fid f;
            identify(in, &f);
            if (same(&of[i], &f)) {
                msg_errorf("output '%s' is the same file as input '%s'; refusing to overwrite it", outs[i], in);
                rc = EXIT_USAGE;
            }
            free(f.path);
        }
        for (size_t k = 0; t->sources && k < eg_dict_sources_count(t->sources) && !rc; k++) {
            const char *dn = eg_dict_sources_name(t->sources, k);
            fid f;
            identify(dn, &f);
            if (same(&of[i], &f)) {
                msg_errorf("output '%s' is the same file as dictionary '%s'; refusing to overwrite it", outs[i], dn);
                rc = EXIT_USAGE;
            }
            free(f.path);
        }
    }
    for (size_t i = 0; i < nouts; i++) free(of[i].path);
    free(of);
    return rc;
}

/* ---- the document loop */

typedef struct loop_ctx {
    tag_cli *t;
    doc_fn fn;
    void *ctx;
    run_stats *st;
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

/* Called in input order for every document, read error, warning or notice. */
static int on_item(void *vc, const eg_batch_item *it)
{
    loop_ctx *c = vc;
    tag_cli *t = c->t;
    run_stats *st = c->st;
    if (it->status == 3) {   /* a warning, or a notice of the format detected */
        if (!t->quiet) {
            if (it->err.code) msg_warn(&it->err);
            else msg_error(&it->err);
        }
        return 0;
    }
    if (it->status < 0) {
        if (it->status == EG_ENOMEM) { msg_error(&it->err); return EXIT_SYSTEM; }
        if (it->status == EG_EUSAGE) { msg_error(&it->err); return EXIT_USAGE; }
        /* an input that cannot be read is always reported: the run will
         * exit 1 for it; a bad document is reported unless --quiet */
        if (!t->quiet || t->strict || it->status == EG_ESYS) msg_error(&it->err);
        if (it->status == EG_ESYS) st->unreadable++;
        else st->skipped++;
        /* under --strict: a bad document is bad input (1), an unreadable
         * file an I/O error (3) */
        return t->strict ? exit_code_for(it->status) : 0;
    }
    if (it->status == 2 && !t->quiet) msg_warn(&it->err);
    const eg_document *doc = &it->doc;
    if (doc->date_bad && !t->quiet) {
        if (doc->line) fprintf(stderr, "entgraph: warning: %s:%ld: unparseable date '%s'; the document is undated\n", doc->source, doc->line, doc->date);
        else fprintf(stderr, "entgraph: warning: %s: unparseable date '%s'; the document is undated\n", doc->source, doc->date);
    }
    if ((t->since != EG_NO_DAY || t->until != EG_NO_DAY) &&
        (doc->day == EG_NO_DAY || (t->since != EG_NO_DAY && doc->day < t->since) || (t->until != EG_NO_DAY && doc->day > t->until))) {
        st->outside++;
        return 0;
    }
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
    if (doc->day == EG_NO_DAY) st->undated++;
    else {
        if (st->first_day == EG_NO_DAY || doc->day < st->first_day) st->first_day = doc->day;
        if (st->last_day == EG_NO_DAY || doc->day > st->last_day) st->last_day = doc->day;
    }
    st->mentions += it->n;
    for (size_t i = 0; i < it->n; i++) st->ambiguous += it->m[i].ambiguous != 0;
    for (size_t i = 0; i < it->nrej; i++) st->rejected[it->rej[i].reason]++;
    st->bytes += doc->len;
    if (c->progress) show_progress(c, false);
    return c->fn(c->ctx, doc, &it->units, it->m, it->n, it->rej, it->nrej);
}

int for_each_document(tag_cli *t, const eg_dict *d, eg_reader *r, doc_fn fn, void *ctx, run_stats *st)
{
    memset(st, 0, sizeof *st);
    st->first_day = st->last_day = EG_NO_DAY;
    loop_ctx c = { t, fn, ctx, st, !t->quiet && isatty(2), 0, 0, 0 };
    if (c.progress) {
        c.t0 = c.last = now();
        for (size_t i = 0; i < eg_reader_file_count(r); i++) {
            struct stat sb;
            const char *p = eg_reader_file(r, i);
            if (strcmp(p, "-") && stat(p, &sb) == 0 && S_ISREG(sb.st_mode)) c.total += (size_t)sb.st_size;
            else { c.total = 0; break; }
        }
    }
    int jobs = t->jobs;
    if (getenv("ENTGRAPH_FAIL_ALLOC")) jobs = 1;   /* the fault counter is not thread-safe */
    int rc = eg_run_documents(r, d, &t->topt, jobs, on_item, &c);
    if (c.progress && st->docs) show_progress(&c, true);
    if (rc == EG_ENOMEM) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    return rc;
}

int end_of_run(const tag_cli *t, const run_stats *st)
{
    (void)t;
    if (!st->docs) {
        msg_errorf("no document was read%s", st->skipped || st->unreadable ? " (every input failed)" : "");
        return EXIT_INPUT;
    }
    if (st->unreadable) return EXIT_INPUT;
    return EXIT_OK;
}
