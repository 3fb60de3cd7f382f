/*
 * counts.c - count files: the sufficient statistics of a shard of
 * documents, written as sorted text records so that `sort`, Hadoop's
 * shuffle and a k-way merge all group them, merged by an associative and
 * commutative reduce, and read back into the counts the graph stage reads.
 *
 * A record is one line of tab-separated fields, keys first, with a
 * checksum as its last field (the first 8 hex digits of a 64-bit hash of
 * the line before it).  Text fields escape '\\', tab, LF and CR as \\\\, \\t,
 * \\n, \\r; an optional text field is "" when absent and "=" + text when
 * present.  A day is YYYY-MM-DD, or "~" when unknown (sorting last); a
 * period is "*" (the whole corpus) or its first day.
 *
 *   #  entgraph-counts 1  SETUP                          the header
 *   D  PERIOD  docs windows truncated first last           totals
 *   E  PERIOD  ID  mentions docs windows first last        an entity
 *   P  PERIOD  ID_A ID_B  weight docs first last n (day doc_id)*n   a pair
 *   V  PERIOD  ID_A ID_B  day doc_id window a_start b_start a_end b_end
 *                          title url date snippet text_a text_b     evidence
 *   ~  end  RECORDS  HASH                                  the trailer (files)
 *
 * (ID_A < ID_B bytewise.)  Merging sums the counts, takes the earliest
 * first and latest last day, keeps the first EG_DOC_SAMPLES documents of
 * the union and the first `evidence` pieces of evidence per pair, all in
 * document order (date, undated last, then id), which is also the records'
 * byte order.
 */
#include "internal.h"
#include "cooccur.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNTS_MAGIC "entgraph-counts"
#define COUNTS_VERSION "1"

/* ---- writing one field */

static int put_esc(eg_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        int rc;
        switch (*p) {
        case '\\': rc = eg_buf_puts(b, "\\\\"); break;
        case '\t': rc = eg_buf_puts(b, "\\t"); break;
        case '\n': rc = eg_buf_puts(b, "\\n"); break;
        case '\r': rc = eg_buf_puts(b, "\\r"); break;
        default: rc = eg_buf_putc(b, *p);
        }
        if (rc) return rc;
    }
    return 0;
}

static int put_field(eg_buf *b, const char *s) { return eg_buf_putc(b, '\t') || put_esc(b, s); }
static int put_opt(eg_buf *b, const char *s) { return eg_buf_putc(b, '\t') || (s && (eg_buf_putc(b, '=') || put_esc(b, s))); }
static int put_u(eg_buf *b, uint64_t v) { char t[32]; snprintf(t, sizeof t, "\t%" PRIu64, v); return eg_buf_puts(b, t); }
static int put_u10(eg_buf *b, uint64_t v) { char t[32]; snprintf(t, sizeof t, "\t%010" PRIu64, v); return eg_buf_puts(b, t); }
static int put_day(eg_buf *b, int32_t d)
{
    char t[12];
    if (d == EG_NO_DAY) return eg_buf_puts(b, "\t~");
    eg_day_format(d, t);
    return eg_buf_putc(b, '\t') || eg_buf_puts(b, t);
}

static uint32_t line_sum(const char *s, size_t n) { return (uint32_t)(eg_hash64(s, n, 0x636f756e7473ULL) >> 32); }

/* Close a record: its checksum field and the line end. */
static int put_end(eg_buf *b, size_t start)
{
    char t[16];
    snprintf(t, sizeof t, "\t%08" PRIx32 "\n", line_sum(b->data + start, b->len - start));
    return eg_buf_puts(b, t);
}

/* ---- the records of a set of counts */

typedef struct lines { char **v; size_t n, cap; } lines;

typedef struct wctx { const eg_dict *d; lines *out; eg_buf b; } wctx;

static int period_field(eg_buf *b, const eg_cooc_record *r)
{
    return r->whole ? eg_buf_puts(b, "\t*") : put_day(b, r->start);
}

static int on_record(void *vc, const eg_cooc_record *r)
{
    wctx *w = vc;
    eg_buf *b = &w->b;
    b->len = 0;
    const char *ia = eg_dict_entity_id(w->d, r->a), *ib = r->kind == 'P' || r->kind == 'V' ? eg_dict_entity_id(w->d, r->b) : NULL;
    bool swap = ib && strcmp(ia, ib) > 0;   /* ids in byte order */
    if (swap) { const char *t = ia; ia = ib; ib = t; }
    int rc = eg_buf_putc(b, r->kind) || period_field(b, r);
    switch (r->kind) {
    case 'D':
        rc = rc || put_u(b, r->docs) || put_u(b, r->windows) || put_u(b, r->truncated) || put_day(b, r->first) || put_day(b, r->last);
        break;
    case 'E':
        rc = rc || put_field(b, ia) || put_u(b, r->mentions) || put_u(b, r->docs) || put_u(b, r->windows) || put_day(b, r->first) ||
             put_day(b, r->last);
        break;
    case 'P':
        rc = rc || put_field(b, ia) || put_field(b, ib) || put_u(b, r->weight) || put_u(b, r->docs) || put_day(b, r->first) ||
             put_day(b, r->last) || put_u(b, r->nsamples);
        for (size_t k = 0; k < r->nsamples && !rc; k++) rc = put_day(b, r->sample_day[k]) || put_field(b, r->sample_id[k]);
        break;
    default: {   /* V */
        uint32_t as = r->a_start, ae = r->a_end, bs = r->b_start, be = r->b_end;
        const char *ta = r->strs[5], *tb = r->strs[6];
        if (swap) { as = r->b_start; ae = r->b_end; bs = r->a_start; be = r->a_end; ta = r->strs[6]; tb = r->strs[5]; }
        rc = rc || put_field(b, ia) || put_field(b, ib) || put_day(b, r->day) || put_field(b, r->strs[0]) || put_u10(b, r->window) ||
             put_u10(b, as) || put_u10(b, bs) || put_u(b, ae) || put_u(b, be) || put_opt(b, r->strs[1]) || put_opt(b, r->strs[2]) ||
             put_opt(b, r->strs[3]) || put_field(b, r->strs[4]) || put_field(b, ta) || put_field(b, tb);
    }
    }
    if (rc || put_end(b, 0)) return EG_ENOMEM;
    char *line = eg_strndup(b->data, b->len);
    if (!line || eg_grow(&w->out->v, &w->out->cap, w->out->n + 1, sizeof *w->out->v)) { eg_free(line); return EG_ENOMEM; }
    w->out->v[w->out->n++] = line;
    return 0;
}

static int cmp_line(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++) eg_free(l->v[i]);
    eg_free(l->v);
    memset(l, 0, sizeof *l);
}

/* The header line for setup (no line end). */
static int header_line(eg_buf *b, const char *setup)
{
    b->len = 0;
    return eg_buf_puts(b, "#\t" COUNTS_MAGIC "\t" COUNTS_VERSION) || put_field(b, setup) || put_end(b, 0);
}

/* Write sorted lines, then (file) the trailer. */
static int write_lines(FILE *out, const char *header, char *const *v, size_t n, bool trailer)
{
    uint64_t h = 0;
    if (fputs(header, out) == EOF) return EG_ESYS;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]);
        h += eg_hash64(v[i], len, 0x7472);
        if (fwrite(v[i], 1, len, out) != len) return EG_ESYS;
    }
    if (trailer && fprintf(out, "~\tend\t%zu\t%016" PRIx64 "\n", n, h) < 0) return EG_ESYS;
    return ferror(out) ? EG_ESYS : 0;
}

int eg_cooc_write_counts(const eg_cooc *c, const eg_dict *d, const char *setup, bool trailer, FILE *out)
{
    lines l = {0};
    wctx w = { d, &l, {0} };
    int rc = eg_cooc_each_record(c, on_record, &w);
    if (!rc) {
        if (l.n) qsort(l.v, l.n, sizeof *l.v, cmp_line);
        rc = header_line(&w.b, setup) ? EG_ENOMEM : write_lines(out, w.b.data, l.v, l.n, trailer);
    }
    eg_buf_release(&w.b);
    lines_free(&l);
    return rc;
}

/* ---- reading records */

#define MAX_FIELDS 40

typedef struct rec {
    char *line;            /* owned copy, fields cut in place */
    char *f[MAX_FIELDS];   /* fields, unescaped */
    size_t nf;
    size_t keylen;         /* bytes of the original line that are its key (with the tab after) */
} rec;

static int unesc(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p != '\\') { *o++ = *p; continue; }
        p++;
        switch (*p) {
        case '\\': *o++ = '\\'; break;
        case 't': *o++ = '\t'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        default: return EG_EINPUT;
        }
    }
    *o = 0;
    return 0;
}

/* Key fields of a record kind (the fields that group it); V groups by its
 * pair (4), the rest of its key orders it. */
static size_t key_fields(char kind)
{
    switch (kind) {
    case '#': return 1;
    case 'D': return 2;
    case 'E': return 3;
    case 'P': case 'V': return 4;
    case '~': return 1;
    default: return 0;
    }
}

static size_t expected_fields(const rec *r)
{
    switch (r->f[0][0]) {
    case '#': return 4;
    case 'D': return 7;
    case 'E': return 8;
    case 'P': return r->nf >= 9 ? 9 + 2 * (size_t)strtoul(r->f[8], NULL, 10) : 9;
    case 'V': return 17;
    case '~': return 4;
    default: return 0;
    }
}

/* Parse one line (without its line end) into r: checksum, fields, key. */
static int parse_line(const char *s, size_t n, rec *r, const char *name, long lineno, eg_error *err)
{
    memset(r, 0, sizeof *r);
    bool trailer = n >= 2 && s[0] == '~' && s[1] == '\t';
    /* the checksum: the last field (not on the trailer, which has its own) */
    const char *tab = memrchr(s, '\t', n);
    if (!trailer) {
        if (!tab || s + n - tab != 9) return eg_fail(err, EG_EINPUT, name, lineno, 1, "not a count record (no checksum)");
        char hex[9];
        memcpy(hex, tab + 1, 8);
        hex[8] = 0;
        char *end;
        unsigned long sum = strtoul(hex, &end, 16);
        if (*end || sum != line_sum(s, (size_t)(tab - s)))
            return eg_fail(err, EG_EINPUT, name, lineno, 1, "damaged count record (checksum mismatch)");
        n = (size_t)(tab - s);
    }
    r->line = eg_strndup(s, n);
    if (!r->line) return EG_ENOMEM;
    char *p = r->line;
    for (;;) {
        if (r->nf == MAX_FIELDS) return eg_fail(err, EG_EINPUT, name, lineno, 1, "too many fields");
        r->f[r->nf++] = p;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    size_t kf = r->f[0][1] ? 0 : key_fields(r->f[0][0]);
    if (!kf || r->nf != expected_fields(r)) return eg_fail(err, EG_EINPUT, name, lineno, 1, "not a count record (kind '%.8s', %zu fields)", r->f[0], r->nf);
    /* the key, as bytes of the line: its first kf fields and a tab */
    size_t k = 0;
    for (size_t i = 0; i < kf; i++) k += strlen(r->f[i]) + 1;
    r->keylen = k;
    for (size_t i = 0; i < r->nf; i++)
        if (unesc(r->f[i])) return eg_fail(err, EG_EINPUT, name, lineno, 1, "bad escape in field %zu", i + 1);
    return 0;
}

static void rec_free(rec *r) { eg_free(r->line); r->line = NULL; }

/* ---- numbers and days of a record */

static bool num(const char *s, uint64_t *v)
{
    if (!*s) return false;
    uint64_t x = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || x > (UINT64_MAX - 9) / 10) return false;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    *v = x;
    return true;
}

static bool day_of(const char *s, int32_t *d)
{
    if (!strcmp(s, "~")) { *d = EG_NO_DAY; return true; }
    return strlen(s) == 10 && eg_date_parse(s, d) == 0;
}

static void see(int32_t *first, int32_t *last, int32_t f, int32_t l)
{
    if (f != EG_NO_DAY && (*first == EG_NO_DAY || f < *first)) *first = f;
    if (l != EG_NO_DAY && (*last == EG_NO_DAY || l > *last)) *last = l;
}

/* ---- one input, read line by line */

typedef struct input {
    FILE *f;
    const char *name;
    long lineno;
    char *buf; size_t cap;
    char *cur; size_t curlen;      /* the current line (no line end), or NULL at the end */
    char *prev; size_t prevcap, prevlen;   /* the line before, for the order check */
    bool sorted_check;             /* a file: must be sorted */
    bool trailer_seen;
    size_t records;                /* data records read */
    uint64_t hash;                 /* of the data records, as the trailer counts them */
} input;

static int input_next(input *in, eg_error *err)
{
    if (!in->f) { in->cur = NULL; return 0; }
    for (;;) {
        ssize_t k = getline(&in->buf, &in->cap, in->f);
        if (k < 0) {
            if (ferror(in->f)) return eg_fail(err, EG_ESYS, in->name, in->lineno, 0, "read error");
            in->cur = NULL;
            return 0;
        }
        in->lineno++;
        if (k > 0 && in->buf[k - 1] == '\n') k--;
        if (k == 0) continue;
        if (in->trailer_seen && in->sorted_check) return eg_fail(err, EG_EINPUT, in->name, in->lineno, 1, "records after the trailer");
        in->cur = in->buf;
        in->curlen = (size_t)k;
        return 0;
    }
}

/* ---- merging: groups of records with one key, combined */

typedef struct merger {
    const char *setup;       /* the first header seen (owned copy) */
    size_t evmax;            /* from the setup: evidence per pair */
    FILE *out;               /* merged records are written as their group ends */
    bool header_written;
    size_t nout;             /* records written, and their checksum (the trailer's) */
    uint64_t hash;
    eg_buf b;
    /* the group being combined */
    rec g[1];
    bool have;
    uint64_t n1, n2, n3;     /* D: docs windows truncated; E: mentions docs windows; P: weight docs */
    int32_t first, last;
    size_t ns;
    int32_t sday[2 * EG_DOC_SAMPLES];
    char *sid[2 * EG_DOC_SAMPLES];
    lines ev;                /* V: the group's records */
} merger;

static size_t setup_evidence(const char *setup)
{
    const char *p = strstr(setup, " evidence=");
    return p ? (size_t)strtoul(p + 10, NULL, 10) : 0;
}

/* Write one merged record (with its line end), after the header. */
static int emit(merger *m, const char *line)
{
    size_t len = strlen(line);
    if (!m->header_written) {
        eg_buf hb = {0};
        int rc = header_line(&hb, m->setup) ? EG_ENOMEM : 0;
        if (!rc && fputs(hb.data, m->out) == EOF) rc = EG_ESYS;
        eg_buf_release(&hb);
        if (rc) return rc;
        m->header_written = true;
    }
    m->nout++;
    m->hash += eg_hash64(line, len, 0x7472);
    return fwrite(line, 1, len, m->out) == len ? 0 : EG_ESYS;
}

static void clear_samples(merger *m)
{
    for (size_t i = 0; i < m->ns; i++) eg_free(m->sid[i]);
    m->ns = 0;
}

/* Finish the group: one combined record (or, for evidence, the first
 * evmax of its records). */
static int flush_group(merger *m)
{
    if (!m->have) return 0;
    rec *r = m->g;
    char kind = r->f[0][0];
    eg_buf *b = &m->b;
    b->len = 0;
    int rc = 0;
    if (kind == 'V') {
        if (m->ev.n) qsort(m->ev.v, m->ev.n, sizeof *m->ev.v, cmp_line);
        for (size_t i = 0; i < m->ev.n && i < m->evmax && !rc; i++) rc = emit(m, m->ev.v[i]);
        lines_free(&m->ev);
    } else {
        rc = eg_buf_putc(b, kind) || put_field(b, r->f[1]);
        if (kind == 'D') rc = rc || put_u(b, m->n1) || put_u(b, m->n2) || put_u(b, m->n3) || put_day(b, m->first) || put_day(b, m->last);
        else if (kind == 'E')
            rc = rc || put_field(b, r->f[2]) || put_u(b, m->n1) || put_u(b, m->n2) || put_u(b, m->n3) || put_day(b, m->first) ||
                 put_day(b, m->last);
        else {
            size_t ns = m->ns < EG_DOC_SAMPLES ? m->ns : EG_DOC_SAMPLES;
            rc = rc || put_field(b, r->f[2]) || put_field(b, r->f[3]) || put_u(b, m->n1) || put_u(b, m->n2) || put_day(b, m->first) ||
                 put_day(b, m->last) || put_u(b, ns);
            for (size_t k = 0; k < ns && !rc; k++) rc = put_day(b, m->sday[k]) || put_field(b, m->sid[k]);
        }
        rc = rc || put_end(b, 0) || eg_buf_putc(b, 0) ? EG_ENOMEM : 0;
        /* put_end wrote "\n": the line as stored keeps it */
        if (!rc) rc = emit(m, b->data);
    }
    clear_samples(m);
    rec_free(r);
    m->have = false;
    return rc;
}

/* Add a sample (day, id) to the group's, in document order, at most
 * EG_DOC_SAMPLES kept. */
static int add_sample(merger *m, int32_t day, const char *id)
{
    size_t k = m->ns;
    while (k > 0 && eg_doc_order(day, id, m->sday[k - 1], m->sid[k - 1]) < 0) k--;
    if (k >= EG_DOC_SAMPLES) return 0;
    char *copy = eg_strndup(id, strlen(id));
    if (!copy) return EG_ENOMEM;
    if (m->ns == EG_DOC_SAMPLES) { eg_free(m->sid[m->ns - 1]); m->ns--; }
    memmove(m->sday + k + 1, m->sday + k, (m->ns - k) * sizeof *m->sday);
    memmove(m->sid + k + 1, m->sid + k, (m->ns - k) * sizeof *m->sid);
    m->sday[k] = day;
    m->sid[k] = copy;
    m->ns++;
    return 0;
}

/* Fold record r (its original line `line`) into the group. */
static int fold(merger *m, rec *r, const char *line, const char *name, long lineno, eg_error *err)
{
    char kind = r->f[0][0];
    uint64_t a = 0, b = 0, c = 0;
    int32_t f = EG_NO_DAY, l = EG_NO_DAY;
    bool ok = true;
    if (!m->have) {
        m->g[0] = *r;
        r->line = NULL;   /* the group owns it */
        m->have = true;
        m->n1 = m->n2 = m->n3 = 0;
        m->first = m->last = EG_NO_DAY;
        r = m->g;
    }
    int32_t pd;
    if (strcmp(r->f[1], "*") && !day_of(r->f[1], &pd)) ok = false;
    switch (kind) {
    case 'D': ok = ok && num(r->f[2], &a) && num(r->f[3], &b) && num(r->f[4], &c) && day_of(r->f[5], &f) && day_of(r->f[6], &l); break;
    case 'E': ok = ok && num(r->f[3], &a) && num(r->f[4], &b) && num(r->f[5], &c) && day_of(r->f[6], &f) && day_of(r->f[7], &l); break;
    case 'P': {
        uint64_t ns;
        ok = ok && num(r->f[4], &a) && num(r->f[5], &b) && day_of(r->f[6], &f) && day_of(r->f[7], &l) && num(r->f[8], &ns) &&
             ns <= EG_DOC_SAMPLES && strcmp(r->f[2], r->f[3]) < 0;
        for (size_t k = 0; ok && k < ns; k++) {
            int32_t sd;
            ok = day_of(r->f[9 + 2 * k], &sd);
            if (ok && add_sample(m, sd, r->f[10 + 2 * k])) return EG_ENOMEM;
        }
        break;
    }
    case 'V': {
        uint64_t x;
        int32_t dd;
        ok = ok && day_of(r->f[4], &dd) && num(r->f[6], &x) && num(r->f[7], &x) && num(r->f[8], &x) && num(r->f[9], &x) &&
             num(r->f[10], &x) && strcmp(r->f[2], r->f[3]) < 0;
        if (ok) {
            char *copy = eg_strndup(line, strlen(line));
            if (!copy || eg_grow(&m->ev.v, &m->ev.cap, m->ev.n + 1, sizeof *m->ev.v)) { eg_free(copy); return EG_ENOMEM; }
            m->ev.v[m->ev.n++] = copy;
        }
        break;
    }
    default: ok = false;
    }
    if (!ok) return eg_fail(err, EG_EINPUT, name, lineno, 1, "bad values in a '%c' record", kind);
    if (m->n1 > UINT64_MAX - a || m->n2 > UINT64_MAX - b || m->n3 > UINT64_MAX - c ||
        (kind != 'D' && (m->n1 + a > UINT32_MAX || m->n2 + b > UINT32_MAX || m->n3 + c > UINT32_MAX)))
        return eg_fail(err, EG_EINPUT, name, lineno, 1, "counts overflow");
    m->n1 += a; m->n2 += b; m->n3 += c;
    see(&m->first, &m->last, f, l);
    return 0;
}

static void merger_release(merger *m)
{
    if (m->have) rec_free(m->g);
    clear_samples(m);
    lines_free(&m->ev);
    eg_buf_release(&m->b);
    eg_free((char *)m->setup);
}

/* Check a header against the first one. */
static int header(merger *m, rec *r, const char *name, long lineno, eg_error *err)
{
    if (strcmp(r->f[1], COUNTS_MAGIC) || strcmp(r->f[2], COUNTS_VERSION))
        return eg_fail(err, EG_EINPUT, name, lineno, 1, "not an entgraph count file of version %s", COUNTS_VERSION);
    if (!m->setup) {
        m->setup = eg_strndup(r->f[3], strlen(r->f[3]));
        if (!m->setup) return EG_ENOMEM;
        m->evmax = setup_evidence(m->setup);
        return 0;
    }
    if (strcmp(m->setup, r->f[3]))
        return eg_fail(err, EG_EINPUT, name, lineno, 1, "made with other dictionaries or options:\n  %s\nnot\n  %s", r->f[3], m->setup);
    return 0;
}

/* The key of line s: its first fields, as the parse found them. */
static int key_cmp(const char *x, size_t xk, const char *y, size_t yk)
{
    size_t n = xk < yk ? xk : yk;
    int c = memcmp(x, y, n);
    if (c) return c;
    return xk < yk ? -1 : xk > yk;
}

static size_t raw_keylen(const char *s, size_t n)
{
    size_t kf = n >= 2 && s[1] == '\t' ? key_fields(s[0]) : 0, k = 0;
    for (size_t i = 0; i < kf; i++) {
        const char *t = memchr(s + k, '\t', n - k);
        if (!t) return n;
        k = (size_t)(t - s) + 1;
    }
    return k ? k : n;
}

/* The k-way merge of sorted inputs, written to m->out as it goes.  Each input's header and
 * trailer are checked; records with one key are combined. */
static int kway(merger *m, input *in, size_t n, eg_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) rc = input_next(&in[i], err);
    char *keybuf = NULL;
    size_t keycap = 0, keylen = 0;
    while (!rc) {
        /* the smallest current line */
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (!in[i].cur) continue;
            if (best == SIZE_MAX) { best = i; continue; }
            size_t a = in[i].curlen < in[best].curlen ? in[i].curlen : in[best].curlen;
            int c = memcmp(in[i].cur, in[best].cur, a);
            if (c < 0 || (c == 0 && in[i].curlen < in[best].curlen)) best = i;
        }
        if (best == SIZE_MAX) break;
        input *x = &in[best];
        size_t kl = raw_keylen(x->cur, x->curlen);
        /* a new key: finish the group */
        if (!m->have || key_cmp(keybuf, keylen, x->cur, kl)) {
            if ((rc = flush_group(m))) break;
            if (eg_grow(&keybuf, &keycap, kl + 1, 1)) { rc = EG_ENOMEM; break; }
            memcpy(keybuf, x->cur, kl);
            keylen = kl;
        }
        /* the order check and the trailer's sums */
        if (x->sorted_check && x->prevlen && key_cmp(x->prev, x->prevlen, x->cur, x->curlen) > 0) {
            rc = eg_fail(err, EG_EINPUT, x->name, x->lineno, 1, "records out of order (sort with LC_ALL=C, or merge from standard input)");
            break;
        }
        rec r;
        if ((rc = parse_line(x->cur, x->curlen, &r, x->name, x->lineno, err))) { rec_free(&r); break; }
        char kind = r.f[0][0];
        if (kind == '#') {
            rc = header(m, &r, x->name, x->lineno, err);
            rec_free(&r);
        } else if (kind == '~') {
            uint64_t cnt;
            if (!num(r.f[2], &cnt) || (x->sorted_check && (cnt != x->records || strtoull(r.f[3], NULL, 16) != x->hash)))
                rc = eg_fail(err, EG_EINPUT, x->name, x->lineno, 1, "truncated or damaged count file (the trailer counts %s records, "
                             "%zu read)", r.f[2], x->records);
            x->trailer_seen = true;
            rec_free(&r);
        } else {
            if (!m->setup) rc = eg_fail(err, EG_EINPUT, x->name, x->lineno, 1, "a count record before the header");
            char *line = NULL;
            if (!rc) {
                line = eg_malloc(x->curlen + 2);
                if (!line) rc = EG_ENOMEM;
                else { memcpy(line, x->cur, x->curlen); line[x->curlen] = '\n'; line[x->curlen + 1] = 0; }
            }
            if (!rc) {
                x->records++;
                x->hash += eg_hash64(line, x->curlen + 1, 0x7472);
                rc = fold(m, &r, line, x->name, x->lineno, err);
            }
            eg_free(line);
            rec_free(&r);
        }
        if (rc) break;
        if (x->sorted_check) {
            if (eg_grow(&x->prev, &x->prevcap, x->curlen + 1, 1)) { rc = EG_ENOMEM; break; }
            memcpy(x->prev, x->cur, x->curlen);
            x->prev[x->curlen] = 0;
            x->prevlen = x->curlen;
        }
        rc = input_next(x, err);
    }
    if (!rc) rc = flush_group(m);
    for (size_t i = 0; i < n && !rc; i++)
        if (in[i].sorted_check && !in[i].trailer_seen)
            rc = eg_fail(err, EG_EINPUT, in[i].name, in[i].lineno, 0, "truncated count file (no trailer)");
    eg_free(keybuf);
    return rc;
}

/* Standard input: records in any order (a Hadoop reducer's sorted stream,
 * or concatenated and unsorted files) -- read, sorted, then merged. */
static int read_all_sorted(FILE *f, const char *name, char **text, size_t *len, eg_error *err)
{
    lines l = {0};
    char *buf = NULL;
    size_t cap = 0;
    ssize_t k;
    int rc = 0;
    long lineno = 0;
    while ((k = getline(&buf, &cap, f)) >= 0) {
        lineno++;
        if (k > 0 && buf[k - 1] == '\n') buf[--k] = 0;
        if (!k) continue;
        /* trailers of concatenated files say nothing after a shuffle */
        if (buf[0] == '~' && buf[1] == '\t') continue;
        /* checked here, where the line numbers are the input's */
        rec r;
        rc = parse_line(buf, (size_t)k, &r, name, lineno, err);
        rec_free(&r);
        if (rc) break;
        char *copy = eg_strndup(buf, (size_t)k);
        if (!copy || eg_grow(&l.v, &l.cap, l.n + 1, sizeof *l.v)) { eg_free(copy); rc = EG_ENOMEM; break; }
        l.v[l.n++] = copy;
    }
    if (!rc && ferror(f)) rc = eg_fail(err, EG_ESYS, name, lineno, 0, "read error");
    eg_free(buf);
    if (!rc) {
        if (l.n) qsort(l.v, l.n, sizeof *l.v, cmp_line);
        eg_buf b = {0};
        for (size_t i = 0; i < l.n && !rc; i++) rc = eg_buf_puts(&b, l.v[i]) || eg_buf_putc(&b, '\n') ? EG_ENOMEM : 0;
        if (!rc) { *text = b.data ? b.data : eg_strndup("", 0); *len = b.len; if (!*text) rc = EG_ENOMEM; }
        else eg_buf_release(&b);
    }
    lines_free(&l);
    return rc;
}

int eg_counts_merge(FILE *const *files, const char *const *names, size_t n, bool trailer, FILE *out, char **setup, eg_error *err)
{
    if (setup) *setup = NULL;
    if (!n) return EG_EUSAGE;
    merger m;
    memset(&m, 0, sizeof m);
    input *in = eg_calloc(n, sizeof *in);
    char **owned = eg_calloc(n, sizeof *owned);
    FILE **mem = eg_calloc(n, sizeof *mem);
    int rc = in && owned && mem ? 0 : EG_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        in[i].name = names[i];
        if (!strcmp(names[i], "<stdin>")) {
            size_t len = 0;
            if ((rc = read_all_sorted(files[i], names[i], &owned[i], &len, err))) break;
            if (len && !(mem[i] = fmemopen(owned[i], len, "r"))) { rc = EG_ESYS; break; }
            in[i].f = mem[i];   /* NULL: nothing on standard input */
            in[i].sorted_check = false;
        } else {
            in[i].f = files[i];
            in[i].sorted_check = true;
        }
    }
    m.out = out;
    if (!rc) rc = kway(&m, in, n, err);
    if (!rc && !m.setup) rc = eg_fail(err, EG_EINPUT, names[0], 0, 0, "no count records (not a count file?)");
    if (!rc && !m.header_written) {   /* a header and no record */
        eg_buf hb = {0};
        rc = header_line(&hb, m.setup) ? EG_ENOMEM : 0;
        if (!rc && fputs(hb.data, out) == EOF) rc = EG_ESYS;
        eg_buf_release(&hb);
    }
    if (!rc && trailer && fprintf(out, "~\tend\t%zu\t%016" PRIx64 "\n", m.nout, m.hash) < 0) rc = EG_ESYS;
    if (!rc && ferror(out)) rc = EG_ESYS;
    if (!rc && setup) { *setup = eg_strndup(m.setup, strlen(m.setup)); if (!*setup) rc = EG_ENOMEM; }
    for (size_t i = 0; in && i < n; i++) { eg_free(in[i].buf); eg_free(in[i].prev); }
    for (size_t i = 0; mem && i < n; i++) if (mem[i]) fclose(mem[i]);
    for (size_t i = 0; owned && i < n; i++) eg_free(owned[i]);
    eg_free(in); eg_free(owned); eg_free(mem);
    merger_release(&m);
    return rc;
}

/* ---- reading merged counts into c */

int eg_cooc_load_counts(eg_cooc *c, const eg_dict *d, FILE *f, const char *name, eg_error *err)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t k;
    long lineno = 0;
    int rc = 0;
    while (!rc && (k = getline(&buf, &cap, f)) >= 0) {
        lineno++;
        if (k > 0 && buf[k - 1] == '\n') k--;
        if (!k) continue;
        rec r;
        if ((rc = parse_line(buf, (size_t)k, &r, name, lineno, err))) { rec_free(&r); break; }
        char kind = r.f[0][0];
        if (kind == '#' || kind == '~') { rec_free(&r); continue; }
        bool whole = !strcmp(r.f[1], "*");
        int32_t start = EG_NO_DAY, f1 = EG_NO_DAY, l1 = EG_NO_DAY;
        uint64_t a = 0, b = 0, cc = 0;
        bool ok = whole || day_of(r.f[1], &start);
        uint32_t ea = UINT32_MAX, eb = UINT32_MAX;
        if (ok && kind != 'D') {
            size_t x = eg_dict_entity_index(d, r.f[2]);
            if (x == SIZE_MAX) { rc = eg_fail(err, EG_EINPUT, name, lineno, 1, "unknown entity '%s' (other dictionaries?)", r.f[2]); rec_free(&r); break; }
            ea = (uint32_t)x;
            if (kind == 'P' || kind == 'V') {
                x = eg_dict_entity_index(d, r.f[3]);
                if (x == SIZE_MAX) { rc = eg_fail(err, EG_EINPUT, name, lineno, 1, "unknown entity '%s' (other dictionaries?)", r.f[3]); rec_free(&r); break; }
                eb = (uint32_t)x;
            }
        }
        switch (kind) {
        case 'D':
            ok = ok && num(r.f[2], &a) && num(r.f[3], &b) && num(r.f[4], &cc) && day_of(r.f[5], &f1) && day_of(r.f[6], &l1);
            if (ok) rc = eg_cooc_put_totals(c, whole, start, a, b, cc, f1, l1);
            break;
        case 'E':
            ok = ok && num(r.f[3], &a) && num(r.f[4], &b) && num(r.f[5], &cc) && day_of(r.f[6], &f1) && day_of(r.f[7], &l1) &&
                 a <= UINT32_MAX && b <= UINT32_MAX && cc <= UINT32_MAX;
            if (ok) rc = eg_cooc_put_entity(c, whole, start, ea, (uint32_t)a, (uint32_t)b, (uint32_t)cc, f1, l1);
            break;
        case 'P': {
            uint64_t ns = 0;
            int32_t days[EG_DOC_SAMPLES];
            const char *ids[EG_DOC_SAMPLES];
            ok = ok && num(r.f[4], &a) && num(r.f[5], &b) && day_of(r.f[6], &f1) && day_of(r.f[7], &l1) && num(r.f[8], &ns) &&
                 ns <= EG_DOC_SAMPLES && a <= UINT32_MAX && b <= UINT32_MAX;
            for (size_t i = 0; ok && i < ns; i++) { ok = day_of(r.f[9 + 2 * i], &days[i]); ids[i] = r.f[10 + 2 * i]; }
            if (ok) rc = eg_cooc_put_pair(c, whole, start, ea, eb, (uint32_t)a, (uint32_t)b, f1, l1, (size_t)ns, days, ids);
            break;
        }
        case 'V': {
            uint64_t w = 0, as = 0, bs = 0, ae = 0, be = 0;
            int32_t day;
            ok = ok && day_of(r.f[4], &day) && num(r.f[6], &w) && num(r.f[7], &as) && num(r.f[8], &bs) && num(r.f[9], &ae) &&
                 num(r.f[10], &be) && w <= UINT32_MAX && as <= UINT32_MAX && bs <= UINT32_MAX && ae <= UINT32_MAX && be <= UINT32_MAX;
            const char *strs[7] = { r.f[5], r.f[11][0] ? r.f[11] + 1 : NULL, r.f[12][0] ? r.f[12] + 1 : NULL,
                                    r.f[13][0] ? r.f[13] + 1 : NULL, r.f[14], r.f[15], r.f[16] };
            if (ok && c) {
                /* the file orders a pair by id; the counts by entity index */
                rc = eg_cooc_put_evidence(c, whole, start, ea, eb, day, (uint32_t)w, (uint32_t)as, (uint32_t)ae, (uint32_t)bs, (uint32_t)be, strs);
            }
            break;
        }
        default: ok = false;
        }
        if (!ok && !rc) rc = eg_fail(err, EG_EINPUT, name, lineno, 1, "bad values in a '%c' record", kind);
        else if (rc == EG_EINPUT && !err->text[0]) rc = eg_fail(err, EG_EINPUT, name, lineno, 1, "a '%c' record these counts cannot hold", kind);
        rec_free(&r);
    }
    if (!rc && ferror(f)) rc = eg_fail(err, EG_ESYS, name, lineno, 0, "read error");
    eg_free(buf);
    return rc;
}
