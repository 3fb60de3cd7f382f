/*
 * batch.c - the document loop, in parallel: reads documents in batches,
 * tags each batch on `jobs` threads (one tagger per thread; the dictionary
 * is shared read-only), then hands the results to the caller strictly in
 * input order.  Output is therefore byte-identical for any number of jobs.
 *
 * Memory is bounded by one batch (EG_BATCH_DOCS documents or
 * EG_BATCH_BYTES of text, whichever comes first), not by the corpus.
 */
#include "internal.h"
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define EG_BATCH_DOCS 1024
#define EG_BATCH_BYTES (8u << 20)

typedef struct item {
    eg_batch_item pub;
    eg_buf text, id, source, date, title, url, src;
    eg_mention *m; size_t capm;
    uint32_t *cand; size_t capcand;
    eg_rejection *rej; size_t caprej;
} item;

typedef struct shared {
    item *items;
    size_t n;
    atomic_size_t next;
    const eg_dict *d;
} shared;

typedef struct worker {
    shared *sh;
    eg_tagger *tg;
    pthread_t th;
    int rc;
} worker;

static int copy_str(eg_buf *b, const char *s, const char **out)
{
    if (!s) { *out = NULL; return 0; }
    b->len = 0;
    if (eg_buf_put(b, s, strlen(s))) return EG_ENOMEM;
    *out = b->data;
    return 0;
}

/* Tag one item with this worker's tagger and keep a copy of the result. */
static int tag_item(eg_tagger *tg, item *it)
{
    eg_batch_item *p = &it->pub;
    if (p->status != 1 && p->status != 2) return 0;   /* no document: nothing to tag */
    const eg_mention *m;
    size_t n;
    p->tag_rc = eg_tagger_run_dated(tg, p->doc.text, p->doc.len, p->doc.day, &m, &n, &p->invalid_at);
    eg_tagger_units(tg, &p->units);
    if (p->tag_rc) { p->n = 0; return p->tag_rc == EG_ENOMEM ? EG_ENOMEM : 0; }
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) nc += m[i].ncand;
    if (eg_grow(&it->m, &it->capm, n, sizeof *it->m) || eg_grow(&it->cand, &it->capcand, nc, sizeof *it->cand)) {
        p->tag_rc = EG_ENOMEM;
        return EG_ENOMEM;
    }
    /* the item's candidate array has its final size: point into it */
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        it->m[i] = m[i];
        memcpy(it->cand + c, m[i].cand, m[i].ncand * sizeof *it->cand);
        it->m[i].cand = it->cand + c;
        c += m[i].ncand;
    }
    p->m = it->m;
    p->n = n;
    const eg_rejection *r;
    size_t nr;
    eg_tagger_rejected(tg, &r, &nr);
    if (nr && eg_grow(&it->rej, &it->caprej, nr, sizeof *it->rej)) { p->tag_rc = EG_ENOMEM; return EG_ENOMEM; }
    if (nr) memcpy(it->rej, r, nr * sizeof *r);
    p->rej = it->rej;
    p->nrej = nr;
    return 0;
}

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    for (;;) {
        size_t i = atomic_fetch_add(&sh->next, 1);
        if (i >= sh->n) break;
        if (tag_item(w->tg, &sh->items[i])) w->rc = EG_ENOMEM;
    }
    return NULL;
}

/* Batches start small and double up to EG_BATCH_DOCS / EG_BATCH_BYTES:
 * the first results come out after a few documents, not after 8 MB. */
#define EG_FIRST_BATCH_DOCS 16
#define EG_FIRST_BATCH_BYTES (64u << 10)

typedef struct batch_limit { size_t docs, bytes; } batch_limit;

static void grow_limit(batch_limit *l)
{
    l->docs = l->docs * 2 < EG_BATCH_DOCS ? l->docs * 2 : EG_BATCH_DOCS;
    l->bytes = l->bytes * 2 < EG_BATCH_BYTES ? l->bytes * 2 : EG_BATCH_BYTES;
}

/* Read up to one batch (of at most l's size) into items; *n documents (or
 * read errors), *eof at the end of the input.  Returns 0 or EG_ENOMEM. */
static int read_batch(eg_reader *r, item *items, size_t *n_out, bool *eof, batch_limit *l)
{
    size_t n = 0, bytes = 0;
    size_t maxdocs = l->docs, maxbytes = l->bytes;
    grow_limit(l);
    while (n < maxdocs && bytes < maxbytes) {
        item *it = &items[n];
        eg_batch_item *p = &it->pub;
        eg_document doc;
        eg_error_clear(&p->err);
        int s = eg_reader_next(r, &doc, &p->err);
        if (s == 0) { *eof = true; break; }
        p->status = s;
        p->m = NULL; p->n = 0; p->tag_rc = 0; p->invalid_at = SIZE_MAX; p->units.sentences = p->units.paragraphs = 0;
        if (s == 1 || s == 2) {
            p->doc = doc;
            it->text.len = 0;
            if (eg_buf_put(&it->text, doc.text, doc.len) ||
                copy_str(&it->id, doc.id, &p->doc.id) || copy_str(&it->source, doc.source, &p->doc.source) ||
                copy_str(&it->date, doc.date, &p->doc.date) || copy_str(&it->title, doc.title, &p->doc.title) ||
                copy_str(&it->url, doc.url, &p->doc.url) || copy_str(&it->src, doc.srcname, &p->doc.srcname)) {
                *n_out = n;
                return EG_ENOMEM;
            }
            p->doc.text = it->text.data;
            bytes += doc.len;
        } else if (s == EG_ENOMEM) {
            n++;
            *eof = true;   /* report it, then stop */
            break;
        }
        n++;
    }
    *n_out = n;
    return 0;
}

/* Hand a tagged batch to the caller, in order. */
static int emit_batch(item *items, size_t n, eg_batch_fn fn, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        int frc = fn(ctx, &items[i].pub);
        if (frc) return frc;
    }
    return 0;
}

static void release_items(item *items)
{
    if (!items) return;
    for (size_t i = 0; i < EG_BATCH_DOCS; i++) {
        item *it = &items[i];
        eg_buf_release(&it->text); eg_buf_release(&it->id); eg_buf_release(&it->source);
        eg_buf_release(&it->date); eg_buf_release(&it->title); eg_buf_release(&it->url);
        eg_buf_release(&it->src);
        eg_free(it->m); eg_free(it->cand); eg_free(it->rej);
    }
    eg_free(items);
}

/* Start `count` worker threads on sh (the batch in sh->items). */
static int start_workers(worker *ws, int first, int count, shared *sh)
{
    int started = 0;
    for (int j = first; j < first + count; j++) {
        ws[j].sh = sh;
        if (pthread_create(&ws[j].th, NULL, work, &ws[j]) != 0) break;
        started++;
    }
    return started;
}

static int join_workers(worker *ws, int first, int started, int jobs)
{
    int rc = 0;
    for (int j = first; j < first + started; j++) pthread_join(ws[j].th, NULL);
    for (int j = 0; j < jobs; j++) if (ws[j].rc) { rc = ws[j].rc; ws[j].rc = 0; }
    return rc;
}

/* With one job everything is serial (read, tag, emit): the reference, and
 * deterministic for the fault-injection tests.  With more, a pipeline:
 * while the workers tag batch k, the calling thread hands out batch k-1
 * and reads batch k+1, so reading and writing overlap tagging. */
int eg_run_documents(eg_reader *r, const eg_dict *d, const eg_tag_options *o, int jobs,
                     eg_batch_fn fn, void *ctx)
{
    if (jobs < 1) jobs = 1;
    if (jobs > EG_MAX_JOBS) jobs = EG_MAX_JOBS;
    item *buf[2] = { eg_calloc(EG_BATCH_DOCS, sizeof(item)), jobs > 1 ? eg_calloc(EG_BATCH_DOCS, sizeof(item)) : NULL };
    worker *ws = eg_calloc((size_t)jobs, sizeof *ws);
    int rc = 0;
    if (!buf[0] || (jobs > 1 && !buf[1]) || !ws) { rc = EG_ENOMEM; goto done; }
    for (int j = 0; j < jobs; j++) {
        if ((rc = eg_tagger_new(&ws[j].tg, d, o))) goto done;
    }
    bool eof = false;
    batch_limit lim = { EG_FIRST_BATCH_DOCS, EG_FIRST_BATCH_BYTES };
    if (jobs == 1) {
        shared sh = { buf[0], 0, 0, d };
        ws[0].sh = &sh;
        while (!eof && !rc) {
            size_t n;
            rc = read_batch(r, buf[0], &n, &eof, &lim);
            if (rc) break;
            sh.n = n;
            atomic_store(&sh.next, 0);
            work(&ws[0]);
            if ((rc = join_workers(ws, 0, 0, jobs))) break;
            rc = emit_batch(buf[0], n, fn, ctx);
        }
        goto done;
    }
    shared sh[2] = { { buf[0], 0, 0, d }, { buf[1], 0, 0, d } };
    int cur = 0;
    size_t ncur = 0, nprev = 0;
    rc = read_batch(r, buf[cur], &ncur, &eof, &lim);
    bool have_prev = false;
    while (!rc && (ncur || have_prev)) {
        /* tag the current batch in the background */
        sh[cur].n = ncur;
        atomic_store(&sh[cur].next, 0);
        int started = ncur ? start_workers(ws, 0, jobs, &sh[cur]) : 0;
        if (ncur && !started) {   /* no threads: tag it here */
            ws[0].sh = &sh[cur];
            work(&ws[0]);
        }
        /* meanwhile: hand out the previous batch, then read the next one
         * into its buffer */
        int other = 1 - cur;
        int erc = have_prev ? emit_batch(buf[other], nprev, fn, ctx) : 0;
        size_t nnext = 0;
        int rrc = (!erc && !eof) ? read_batch(r, buf[other], &nnext, &eof, &lim) : 0;
        int jrc = join_workers(ws, 0, started, jobs);
        rc = erc ? erc : rrc ? rrc : jrc;
        have_prev = ncur > 0;
        nprev = ncur;
        ncur = nnext;
        cur = other;
    }
    /* a stop in the middle leaves no thread running: join_workers ran */
done:
    if (ws) for (int j = 0; j < jobs; j++) eg_tagger_free(ws[j].tg);
    release_items(buf[0]);
    release_items(buf[1]);
    eg_free(ws);
    return rc;
}
