/*
 * write_lines.c - the line-per-record writers: mentions (one JSON object or
 * TSV row each) and the evidence behind a graph's edges (JSONL).  Each line
 * is built in a reused buffer and written with one fwrite: printf-style
 * formatting per field was a tenth of a `tag` run.  Every string is
 * escaped and valid UTF-8.
 */
#include "internal.h"
#include "cooccur.h"
#include "graph_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lbuf { char *data; size_t len, cap; bool failed; } lbuf;

struct eg_mention_writer {
    FILE *out;
    eg_mention_format fmt;
    unsigned flags;
    lbuf line;
};

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
        /* 8 bytes at a time while none needs a look: no control, quote,
         * backslash or non-ASCII byte (the zero-byte tests may flag a byte
         * after a real hit, never miss one) */
        while (i + 8 <= n) {
            const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
            uint64_t v;
            memcpy(&v, s + i, 8);
            uint64_t q = v ^ (ones * '"'), k = v ^ (ones * '\\');
            uint64_t hit = ((v - ones * 0x20) | ((q - ones) & ~q) | ((k - ones) & ~k) | v) & high;
            if (hit) break;
            i += 8;
        }
        if (i >= n) break;
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

static int lb_flush(lbuf *b, FILE *f)
{
    size_t n = b->len;
    b->len = 0;
    if (b->failed) { b->failed = false; return EG_ENOMEM; }
    return fwrite(b->data, 1, n, f) == n ? 0 : EG_ESYS;
}

eg_mention_writer *eg_mention_writer_new(FILE *out, eg_mention_format f, unsigned flags)
{
    eg_mention_writer *w = eg_calloc(1, sizeof *w);
    if (!w) return NULL;
    w->out = out;
    w->fmt = f;
    w->flags = flags;
    return w;
}

void eg_mention_writer_free(eg_mention_writer *w)
{
    if (!w) return;
    eg_free(w->line.data);
    eg_free(w);
}

int eg_mention_writer_header(eg_mention_writer *w)
{
    static const char tsv[] = "doc\tstart\tend\tbyte_start\tbyte_end\ttext\tid\tlabel\ttype\tsentence\tparagraph\tvia\tambiguous\tdate\n";
    if (w->fmt != EG_MENTIONS_TSV) return 0;
    return fwrite(tsv, 1, sizeof tsv - 1, w->out) == sizeof tsv - 1 ? 0 : EG_ESYS;
}

/* The fields a mention line and a rejected candidate's line share: where
 * (doc, offsets, text, sentence, paragraph), which entity, through what
 * kind of alias, and whether it is provisional (--unknown). */
static void put_where(lbuf *b, const eg_dict *d, const eg_document *doc, size_t start, size_t end, size_t bs, size_t be,
                      uint32_t entity, size_t sentence, size_t paragraph, eg_alias_kind via)
{
    const char *id = eg_dict_entity_id(d, entity);
    const char *label = eg_dict_entity_label(d, entity);
    const char *type = eg_dict_entity_type(d, entity);
    lb_puts(b, "{\"doc\":"); lb_json(b, doc->id, strlen(doc->id));
    lb_puts(b, ",\"start\":"); lb_u(b, start);
    lb_puts(b, ",\"end\":"); lb_u(b, end);
    lb_puts(b, ",\"byte_start\":"); lb_u(b, bs);
    lb_puts(b, ",\"byte_end\":"); lb_u(b, be);
    lb_puts(b, ",\"text\":"); lb_json(b, doc->text + bs, be - bs);
    lb_puts(b, ",\"id\":"); lb_json(b, id, strlen(id));
    lb_puts(b, ",\"label\":"); lb_json(b, label, strlen(label));
    lb_puts(b, ",\"type\":"); lb_json(b, type, strlen(type));
    lb_puts(b, ",\"sentence\":"); lb_u(b, sentence);
    lb_puts(b, ",\"paragraph\":"); lb_u(b, paragraph);
    if (via != EG_KIND_NAME) { lb_puts(b, ",\"via\":\""); lb_puts(b, eg_alias_kind_name(via)); lb_puts(b, "\""); }
    if (eg_dict_entity_provisional(d, entity)) lb_puts(b, ",\"provisional\":true");
}

static int put_json(eg_mention_writer *w, const eg_dict *d, const eg_document *doc, const eg_mention *x)
{
    lbuf *b = &w->line;
    bool explain = w->flags & EG_MENTIONS_EXPLAIN;
    put_where(b, d, doc, x->start, x->end, x->byte_start, x->byte_end, x->entity, x->sentence, x->paragraph, x->via);
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
    /* the document's metadata, when it has any: the date as a UTC day
     * (an unparseable one as written), its title (doc_title: "title" is a
     * person's title, above), URL and source */
    if (doc->day != EG_NO_DAY) {
        char day[11];
        eg_day_format(doc->day, day);
        lb_puts(b, ",\"date\":\""); lb_puts(b, day); lb_puts(b, "\"");
    } else if (doc->date) {
        lb_puts(b, ",\"date\":"); lb_json(b, doc->date, strlen(doc->date));
    }
    if (doc->title) { lb_puts(b, ",\"doc_title\":"); lb_json(b, doc->title, strlen(doc->title)); }
    if (doc->url) { lb_puts(b, ",\"url\":"); lb_json(b, doc->url, strlen(doc->url)); }
    if (doc->srcname) { lb_puts(b, ",\"source\":"); lb_json(b, doc->srcname, strlen(doc->srcname)); }
    if (explain) {
        lb_puts(b, ",\"how\":\""); lb_puts(b, eg_how_name(x->how)); lb_puts(b, "\"");
        if (x->from != SIZE_MAX) { lb_puts(b, ",\"from\":"); lb_u(b, x->from); }
        if (x->how == EG_HOW_CONTEXT || x->how == EG_HOW_GUARDED) {
            lb_puts(b, ",\"score\":"); lb_l(b, x->score);
            lb_puts(b, ",\"runner_up\":"); lb_l(b, x->runner_up);
        }
    }
    lb_puts(b, "}\n");
    return lb_flush(b, w->out);
}

static const char *why_text(eg_reject r)
{
    switch (r) {
    case EG_REJECT_CASE: return "the alias's case policy rejects the text as written";
    case EG_REJECT_DATES: return "outside the alias's or the entity's validity dates (undated documents: the current sense)";
    case EG_REJECT_GUARDED: return "a guard word: the document mentions neither the entity otherwise, nor its country, nor its members";
    case EG_REJECT_BLOCKED: return "inside a blocker's match";
    case EG_REJECT_AMBIGUOUS: return "a shared alias: no earlier mention, context score or priority decided";
    case EG_REJECT_EXCLUDED: return "excluded from this run (--exclude)";
    case EG_REJECT_KIND_OFF: return "a demonym or metonym while that kind is off (--no-demonyms, --metonyms)";
    case EG_REJECT_NO_FULL_NAME: return "a family name with no full mention of the person in the document that it can stand for";
    case EG_REJECT_LONGER_NAME: return "part of a longer name that is not in the dictionaries";
    default: return "?";
    }
}

int eg_mention_writer_put_rejection(eg_mention_writer *w, const eg_dict *d, const eg_document *doc, const eg_rejection *x)
{
    if (w->fmt != EG_MENTIONS_JSONL) return 0;
    lbuf *b = &w->line;
    put_where(b, d, doc, x->start, x->end, x->byte_start, x->byte_end, x->entity, x->sentence, x->paragraph, x->via);
    lb_puts(b, ",\"rejected\":\""); lb_puts(b, eg_reject_name(x->reason)); lb_puts(b, "\"");
    lb_puts(b, ",\"why\":\""); lb_puts(b, why_text(x->reason)); lb_puts(b, "\"");
    if (x->reason == EG_REJECT_BLOCKED && x->by != UINT32_MAX) {
        const char *by = eg_dict_entity_id(d, x->by);
        lb_puts(b, ",\"by\":"); lb_json(b, by, strlen(by));
    }
    if (x->reason == EG_REJECT_AMBIGUOUS) { lb_puts(b, ",\"score\":"); lb_l(b, x->score); }
    lb_puts(b, "}\n");
    return lb_flush(b, w->out);
}

static int put_tsv(eg_mention_writer *w, const eg_dict *d, const eg_document *doc, const eg_mention *x)
{
    lbuf *b = &w->line;
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
    lb_puts(b, "\t");
    if (doc->day != EG_NO_DAY) { char day[11]; eg_day_format(doc->day, day); lb_puts(b, day); }
    else if (doc->date) lb_tsv(b, doc->date, strlen(doc->date));
    lb_puts(b, "\n");
    return lb_flush(b, w->out);
}

int eg_mention_writer_put(eg_mention_writer *w, const eg_dict *d, const eg_document *doc, const eg_mention *m)
{
    return w->fmt == EG_MENTIONS_TSV ? put_tsv(w, d, doc, m) : put_json(w, d, doc, m);
}

/* ---- evidence: one line per (edge, window), earliest first */
static void lb_key_str(lbuf *b, const char *key, const char *v)
{
    if (!v) return;
    lb_puts(b, ",\""); lb_puts(b, key); lb_puts(b, "\":");
    lb_json(b, v, strlen(v));
}

int eg_graph_write_evidence(const eg_graph *g, const eg_cooc *c, FILE *out)
{
    lbuf b = {0};
    int rc = 0;
    const eg_dict *d = g->d;
    char pn[32] = "";
    if (g->period != EG_COOC_WHOLE) eg_period_name(g->by, g->period_start, pn, sizeof pn);
    /* the window's unit: for sliding windows, that of the earlier mention */
    const char *win = g->window == EG_WIN_SENTENCE ? "sentence" : g->window == EG_WIN_PARAGRAPH ? "paragraph" :
                      g->window == EG_WIN_TOKENS ? "token" : NULL;
    for (size_t i = 0; i < g->ne && !rc; i++) {
        const eg_gedge *ed = &g->edges[i];
        uint32_t su = g->nodes[ed->u].entity, tv = g->nodes[ed->v].entity;
        bool swap = su > tv;   /* the counts keep a pair as (lower, higher) entity index */
        size_t n = eg_cooc_evidence_count(c, g->period, ed->pair);
        for (size_t k = 0; k < n && !rc; k++) {
            eg_evidence ev;
            eg_cooc_evidence(c, g->period, ed->pair, k, &ev);
            const char *st = swap ? ev.text_b : ev.text_a, *tt = swap ? ev.text_a : ev.text_b;
            size_t ss = swap ? ev.b_start : ev.a_start, se = swap ? ev.b_end : ev.a_end;
            size_t ts = swap ? ev.a_start : ev.b_start, te = swap ? ev.a_end : ev.b_end;
            lb_puts(&b, "{\"source\":"); lb_json(&b, d->ents[su].id, strlen(d->ents[su].id));
            lb_puts(&b, ",\"target\":"); lb_json(&b, d->ents[tv].id, strlen(d->ents[tv].id));
            if (pn[0]) lb_key_str(&b, "period", pn);
            lb_key_str(&b, "doc", ev.doc);
            if (win) { lb_puts(&b, ",\""); lb_puts(&b, win); lb_puts(&b, "\":"); lb_u(&b, ev.window); }
            lb_key_str(&b, "date", ev.date);
            lb_key_str(&b, "title", ev.title);
            lb_key_str(&b, "url", ev.url);
            lb_puts(&b, ",\"source_mention\":{\"start\":"); lb_u(&b, ss); lb_puts(&b, ",\"end\":"); lb_u(&b, se);
            lb_puts(&b, ",\"text\":"); lb_json(&b, st, strlen(st)); lb_puts(&b, "}");
            lb_puts(&b, ",\"target_mention\":{\"start\":"); lb_u(&b, ts); lb_puts(&b, ",\"end\":"); lb_u(&b, te);
            lb_puts(&b, ",\"text\":"); lb_json(&b, tt, strlen(tt)); lb_puts(&b, "}");
            lb_key_str(&b, "snippet", ev.snippet);
            lb_puts(&b, "}\n");
            rc = lb_flush(&b, out);
        }
    }
    eg_free(b.data);
    return rc;
}
