/*
 * import.c - the importer's core (see import.h): inputs cut into records,
 * records spooled, repeated ids merged, the dictionary written.
 *
 * Why a spool and not a table of entities: a Wikidata dump holds ~100M
 * entities; even the few million kept would take gigabytes as parsed
 * structures.  A record is serialised to the spool as soon as it is read,
 * and only its id stays in memory (to see a repeat) with, for a repeat,
 * one (first record, offset) pair.  The final pass reads the spool in
 * order, fetches the repeats of a record with pread and merges them, so
 * the output is in input order, each id once, whatever the input size.
 * It is also the pass that knows every country code the dump defined
 * (P298 on country items can come after the people that refer to them).
 */
#include "import_internal.h"
#include "escape.h"
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

enum { MODE_UNKNOWN, MODE_LINES, MODE_DUMP, MODE_WHOLE, MODE_CSV };

static const char *const skip_names[EG_ISKIP_COUNT] = {
    "bad records", "no id", "no name", "no type", "other FtM schemas", "not items (properties, lexemes)",
    "below --min-sitelinks", "type not in --types",
};
const char *eg_import_skip_name(int reason)
{
    return reason >= 0 && reason < EG_ISKIP_COUNT ? skip_names[reason] : "?";
}

/* ---- country codes (the generated table, sorted by code) */
struct eg_country_code { const char *code, *id; };
extern const struct eg_country_code eg_country_codes[];
extern const size_t eg_country_code_count;

const char *eg_country_id_for_code(const char *code, size_t len)
{
    char k[8];
    if (len < 2 || len > 4) return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = code[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c < 'a' || c > 'z') return NULL;
        k[i] = c;
    }
    k[len] = 0;
    size_t lo = 0, hi = eg_country_code_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(eg_country_codes[mid].code, k);
        if (!c) return eg_country_codes[mid].id;
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

/* ---- records */
void imp_rec_reset(imp_rec *r)
{
    r->strs.len = 0;
    eg_buf_putc(&r->strs, 0);   /* offset 0: "not given"; the first put cannot fail after the first record */
    r->id = r->name = r->type = r->subtype = r->country = r->country_q = r->valid_from = 0;
    r->nal = r->npos = 0;
    r->sitelinks = -1;
    r->line = 0;
}

static void rec_release(imp_rec *r)
{
    eg_buf_release(&r->strs);
    eg_free(r->al);
    eg_free(r->pos);
    memset(r, 0, sizeof *r);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

int imp_str(imp_rec *r, const char *s, size_t n, uint32_t *off)
{
    while (n && is_space(*s)) { s++; n--; }
    while (n && is_space(s[n - 1])) n--;
    *off = 0;
    if (!n) return 0;
    if (!r->strs.len && eg_buf_putc(&r->strs, 0)) return EG_ENOMEM;
    if (r->strs.len + n + 1 > UINT32_MAX) return EG_EINPUT;
    *off = (uint32_t)r->strs.len;
    if (eg_buf_put(&r->strs, s, n) || eg_buf_putc(&r->strs, 0)) return EG_ENOMEM;
    return 0;
}

int imp_alias_add(imp_rec *r, const char *s, size_t n, eg_alias_kind kind, int policy, const char *lang)
{
    uint32_t t, l = 0;
    int rc = imp_str(r, s, n, &t);
    if (rc || !t) return rc;
    if (lang && (rc = imp_str(r, lang, strlen(lang), &l))) return rc;
    if (eg_grow(&r->al, &r->capal, r->nal + 1, sizeof *r->al)) return EG_ENOMEM;
    r->al[r->nal++] = (imp_alias){ t, l, (uint8_t)kind, (int8_t)policy };
    return 0;
}

int imp_pos_add(imp_rec *r, const char *s, size_t n)
{
    uint32_t t;
    int rc = imp_str(r, s, n, &t);
    if (rc || !t) return rc;
    if (eg_grow(&r->pos, &r->cappos, r->npos + 1, sizeof *r->pos)) return EG_ENOMEM;
    r->pos[r->npos++] = t;
    return 0;
}

/* ---- the spool: a record as [u32 length][payload] */
static int put32(eg_buf *b, uint32_t v) { return eg_buf_put(b, (const char *)&v, 4); }
static int put64(eg_buf *b, uint64_t v) { return eg_buf_put(b, (const char *)&v, 8); }

static int rec_encode(const imp_rec *r, eg_buf *b)
{
    b->len = 0;
    int bad = put32(b, 0);
    uint32_t f[] = { r->id, r->name, r->type, r->subtype, r->country, r->country_q, r->valid_from, r->src,
                     (uint32_t)r->nal, (uint32_t)r->npos, (uint32_t)r->strs.len };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) bad |= put32(b, f[i]);
    bad |= put64(b, (uint64_t)r->sitelinks) | put64(b, (uint64_t)r->line);
    for (size_t i = 0; i < r->nal; i++) {
        bad |= put32(b, r->al[i].text) | put32(b, r->al[i].lang);
        bad |= eg_buf_putc(b, (char)r->al[i].kind) | eg_buf_putc(b, (char)r->al[i].policy);
    }
    for (size_t i = 0; i < r->npos; i++) bad |= put32(b, r->pos[i]);
    bad |= eg_buf_put(b, r->strs.data, r->strs.len);
    if (bad) return EG_ENOMEM;
    uint32_t n = (uint32_t)(b->len - 4);
    memcpy(b->data, &n, 4);
    return 0;
}

static uint32_t get32(const char **p) { uint32_t v; memcpy(&v, *p, 4); *p += 4; return v; }
static uint64_t get64(const char **p) { uint64_t v; memcpy(&v, *p, 8); *p += 8; return v; }

/* Decode a payload this process wrote (so trusted, but sizes still checked). */
static int rec_decode(imp_rec *r, const char *p, size_t n)
{
    const char *e = p + n;
    if (n < 11 * 4 + 16) return EG_ESYS;
    uint32_t f[11];
    for (int i = 0; i < 11; i++) f[i] = get32(&p);
    r->sitelinks = (long)get64(&p);
    r->line = (long)get64(&p);
    r->id = f[0]; r->name = f[1]; r->type = f[2]; r->subtype = f[3]; r->country = f[4]; r->country_q = f[5];
    r->valid_from = f[6]; r->src = f[7];
    size_t nal = f[8], npos = f[9], slen = f[10];
    if ((size_t)(e - p) != nal * 10 + npos * 4 + slen) return EG_ESYS;
    r->nal = r->npos = 0;
    if (eg_grow(&r->al, &r->capal, nal, sizeof *r->al) || eg_grow(&r->pos, &r->cappos, npos, sizeof *r->pos)) return EG_ENOMEM;
    for (size_t i = 0; i < nal; i++) {
        r->al[i].text = get32(&p);
        r->al[i].lang = get32(&p);
        r->al[i].kind = (uint8_t)p[0];
        r->al[i].policy = (int8_t)p[1];
        p += 2;
    }
    r->nal = nal;
    for (size_t i = 0; i < npos; i++) r->pos[i] = get32(&p);
    r->npos = npos;
    r->strs.len = 0;
    if (eg_buf_put(&r->strs, p, slen)) return EG_ENOMEM;
    return 0;
}

static int spool_fail(eg_error *err, int e)
{
    return eg_fail(err, EG_ESYS, "<spool>", 0, 0, "cannot use the temporary spool file: %s", strerror(e ? e : EIO));
}

int imp_emit(eg_importer *im, eg_error *err)
{
    imp_rec *r = &im->rec;
    const char *id = imp_s(r, r->id);
    r->src = im->src;
    bool created;
    uint32_t *slot = eg_strmap_put(&im->ids, id, strlen(id), &created);
    if (!slot) return eg_fail(err, EG_ENOMEM, im->source, r->line, 0, "out of memory");
    if (im->nrecs == UINT32_MAX) return eg_fail(err, EG_EINPUT, im->source, r->line, 0, "more than 4294967294 records");
    if (created) *slot = im->nrecs;
    else {
        if (eg_grow(&im->dups, &im->capdups, im->ndups + 1, sizeof *im->dups))
            return eg_fail(err, EG_ENOMEM, im->source, r->line, 0, "out of memory");
        im->dups[im->ndups++] = (struct imp_dup){ *slot, im->spool_len };
        im->st.merged++;
    }
    int rc = rec_encode(r, &im->s3);
    if (rc) return eg_fail(err, rc, im->source, r->line, 0, "out of memory");
    /* a repeat is marked so the final pass reads past it */
    char mark = created ? 'R' : 'D';
    if (fwrite(&mark, 1, 1, im->spool) != 1 || fwrite(im->s3.data, 1, im->s3.len, im->spool) != im->s3.len)
        return spool_fail(err, errno);
    im->spool_len += 1 + im->s3.len;
    im->nrecs++;
    return 0;
}

void imp_warn_err(eg_importer *im, const eg_error *e)
{
    im->st.warnings++;
    if (im->o.warn) im->o.warn(im->o.warn_ctx, e);
}

void imp_warn(eg_importer *im, long line, long col, const char *fmt, ...)
{
    eg_error e;
    eg_error_clear(&e);
    e.code = EG_EINPUT;
    snprintf(e.source, sizeof e.source, "%s", im->source ? im->source : "");
    e.line = line;
    e.col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.text, sizeof e.text, fmt, ap);
    va_end(ap);
    imp_warn_err(im, &e);
}

bool imp_type_wanted(const eg_importer *im, const char *type)
{
    if (!im->ntypes) return true;
    for (size_t i = 0; i < im->ntypes; i++)
        if (!strcmp(im->types[i], type)) return true;
    return false;
}

int imp_lang_index(const eg_importer *im, const char *lang, size_t n)
{
    for (size_t i = 0; i < im->nlangs; i++)
        if (strlen(im->langs[i]) == n && !memcmp(im->langs[i], lang, n)) return (int)i;
    if (n == 3 && !memcmp(lang, "mul", 3)) return (int)im->nlangs;
    return -1;
}

const char *imp_qcountry(const eg_importer *im, const char *q, size_t n, char buf[16])
{
    const uint32_t *v = eg_strmap_get(&im->qcountry, q, n);
    if (!v) return NULL;
    char iso[4] = { (char)(*v >> 16), (char)(*v >> 8), (char)*v, 0 };
    const char *id = eg_country_id_for_code(iso, 3);   /* only countries the default set knows */
    if (!id) return NULL;
    snprintf(buf, 16, "%s", id);
    return buf;
}

int imp_qcountry_add(eg_importer *im, const char *q, size_t n, const char *iso3, eg_error *err)
{
    for (int i = 0; i < 3; i++)
        if (iso3[i] < 'A' || iso3[i] > 'Z') return 0;
    if (iso3[3]) return 0;
    bool created;
    uint32_t *v = eg_strmap_put(&im->qcountry, q, n, &created);
    if (!v) return eg_fail(err, EG_ENOMEM, im->source, 0, 0, "out of memory");
    *v = (uint32_t)iso3[0] << 16 | (uint32_t)iso3[1] << 8 | (uint32_t)iso3[2];
    return 0;
}

const imp_type *imp_class_type(const eg_importer *im, const char *q, size_t n)
{
    const uint32_t *v = eg_strmap_get(&im->typemap, q, n);
    return v && im->tm[*v].type ? &im->tm[*v] : NULL;
}

/* ---- options */
static char *dup_range(const char *s, size_t n) { return eg_strndup(s, n); }

static int split_list(const char *s, char **out, size_t max, size_t *n, const char *what, eg_error *err)
{
    *n = 0;
    for (const char *p = s;;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (!len) return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "%s: an empty item in '%s'", what, s);
        if (*n == max) return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "%s: more than %zu items", what, max);
        if (!(out[(*n)++] = dup_range(p, len))) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        if (!c) return 0;
        p = c + 1;
    }
}

int eg_importer_new(eg_importer **out, const eg_import_options *o, FILE *spool, eg_error *err)
{
    *out = NULL;
    eg_importer *im = eg_calloc(1, sizeof *im);
    if (!im) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    im->o = *o;
    im->spool = spool;
    if (!im->o.alias_sep || !im->o.alias_sep[0]) im->o.alias_sep = "|";
    int rc = 0;
    if (o->types) {
        im->types = eg_calloc(64, sizeof *im->types);
        if (!im->types) rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        else rc = split_list(o->types, im->types, 64, &im->ntypes, "--types", err);
    }
    if (!rc && o->from == EG_IMPORT_WIKIDATA) {
        rc = split_list(o->langs && o->langs[0] ? o->langs : "en", im->langs, IMP_MAX_LANGS, &im->nlangs, "--lang", err);
        for (size_t i = 0; !rc && i < im->nlangs; i++)
            for (const char *p = im->langs[i]; *p && !rc; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
                    rc = eg_fail(err, EG_EUSAGE, NULL, 0, 0, "--lang: '%s' is not a Wikidata language code (en, ja, zh-hans, ...)", im->langs[i]);
        if (!rc) rc = imp_wd_init(im, err);
    }
    if (rc) { eg_importer_free(im); return rc; }
    *out = im;
    return 0;
}

void eg_importer_free(eg_importer *im)
{
    if (!im) return;
    eg_strmap_release(&im->ids);
    eg_strmap_release(&im->typemap);
    eg_strmap_release(&im->qcountry);
    eg_free(im->dups);
    for (size_t i = 0; i < im->nsources; i++) eg_free(im->sources[i]);
    eg_free(im->sources);
    for (size_t i = 0; i < im->nlangs; i++) eg_free(im->langs[i]);
    for (size_t i = 0; i < im->ntypes; i++) eg_free(im->types[i]);
    eg_free(im->types);
    for (size_t i = 0; i < im->ntm; i++) { eg_free(im->tm[i].type); eg_free(im->tm[i].subtype); }
    eg_free(im->tm);
    rec_release(&im->rec);
    rec_release(&im->other);
    eg_buf_release(&im->in);
    imp_csv_release(im);
    eg_json_release(&im->j);
    eg_buf_release(&im->s1);
    eg_buf_release(&im->s2);
    eg_buf_release(&im->s3);
    eg_free(im->wn);
    eg_free(im->cls);
    eg_free(im->order);
    eg_free(im->repeat);
    eg_free(im);
}

const eg_import_stats *eg_importer_stats(const eg_importer *im) { return &im->st; }

/* ---- inputs */
int eg_importer_begin(eg_importer *im, const char *source, eg_error *err)
{
    if (eg_grow(&im->sources, &im->capsources, im->nsources + 1, sizeof *im->sources) ||
        !(im->sources[im->nsources] = eg_strndup(source, strlen(source))))
        return eg_fail(err, EG_ENOMEM, source, 0, 0, "out of memory");
    im->src = (uint32_t)im->nsources;
    im->source = im->sources[im->nsources++];
    im->in.len = 0;
    im->lineno = 1;
    im->mode = im->o.from == EG_IMPORT_CSV ? MODE_CSV : im->o.from == EG_IMPORT_FTM ? MODE_LINES : MODE_UNKNOWN;
    if (im->mode == MODE_CSV) imp_csv_reset(im);
    return 0;
}

/* Wikidata: a dump ('['), a SPARQL result (an object whose first key is
 * "head" or "results") or one entity per line (any other object).
 * Returns false while the bytes so far do not tell. */
static bool detect(eg_importer *im, bool at_end)
{
    const char *p = im->in.data, *e = p + im->in.len;
    if (e - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    while (p < e && is_space(*p)) p++;
    if (p == e) return at_end ? (im->mode = MODE_LINES, true) : false;
    if (*p == '[') { im->mode = MODE_DUMP; return true; }
    if (*p != '{') { im->mode = MODE_LINES; return true; }
    for (p++; p < e && is_space(*p); p++) {}
    if (p == e) return at_end ? (im->mode = MODE_LINES, true) : false;
    if (*p != '"') { im->mode = MODE_LINES; return true; }
    const char *q = memchr(p + 1, '"', (size_t)(e - p - 1));
    if (!q) return at_end ? (im->mode = MODE_LINES, true) : false;
    size_t n = (size_t)(q - p - 1);
    bool sparql = (n == 4 && !memcmp(p + 1, "head", 4)) || (n == 7 && !memcmp(p + 1, "results", 7));
    im->mode = sparql ? MODE_WHOLE : MODE_LINES;
    return true;
}

static int one_line(eg_importer *im, const char *s, size_t n, eg_error *err)
{
    long lineno = im->lineno++;
    if (n && s[n - 1] == '\r') n--;
    if (lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; n -= 3; }
    if (im->mode == MODE_DUMP) {
        /* the dump is one JSON array with an entity per line: "[", "{...},", "]" */
        while (n && is_space(s[n - 1])) n--;
        if (n && s[n - 1] == ',') n--;
        size_t i = 0;
        while (i < n && is_space(s[i])) i++;
        if (i < n && s[i] == '[') { s += i + 1; n -= i + 1; }
        while (n && is_space(s[n - 1])) n--;
        if (n && s[n - 1] == ']' && (n < 2 || s[n - 2] != '}')) {
            /* "]" closes the array; an entity ends in '}' */
            size_t k = n - 1;
            while (k && is_space(s[k - 1])) k--;
            if (!k || s[k - 1] == '}' || s[k - 1] == ',') n = k;
        }
    }
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++) blank = is_space(s[i]);
    if (blank) return 0;
    im->st.records++;
    return im->o.from == EG_IMPORT_FTM ? imp_ftm_line(im, s, n, lineno, err) : imp_wd_line(im, s, n, lineno, err);
}

static int run_lines(eg_importer *im, bool at_end, eg_error *err)
{
    size_t used = 0;
    int rc = 0;
    while (!rc && used < im->in.len) {
        const char *s = im->in.data + used;
        const char *nl = memchr(s, '\n', im->in.len - used);
        if (!nl && !at_end) break;
        size_t n = nl ? (size_t)(nl - s) : im->in.len - used;
        rc = one_line(im, s, n, err);
        used += n + (nl != NULL);
    }
    memmove(im->in.data, im->in.data + used, im->in.len - used);
    im->in.len -= used;
    return rc;
}

static int run(eg_importer *im, bool at_end, eg_error *err)
{
    if (im->mode == MODE_UNKNOWN && !detect(im, at_end)) return 0;
    switch (im->mode) {
    case MODE_CSV: return imp_csv_feed(im, at_end, err);
    case MODE_WHOLE:
        if (!at_end) return 0;
        im->lineno = 1;
        return imp_wd_sparql(im, im->in.data ? im->in.data : "", im->in.len, err);
    default: return run_lines(im, at_end, err);
    }
}

int eg_importer_feed(eg_importer *im, const char *buf, size_t len, eg_error *err)
{
    if (eg_buf_put(&im->in, buf, len)) return eg_fail(err, EG_ENOMEM, im->source, 0, 0, "out of memory");
    /* a SPARQL result is one JSON text: read whole (the query service bounds its size) */
    if (im->mode == MODE_WHOLE) return 0;
    return run(im, false, err);
}

int eg_importer_end(eg_importer *im, eg_error *err)
{
    int rc = run(im, true, err);
    im->in.len = 0;
    return rc;
}

/* ---- the output */
static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    eg_json_escape(f, s, strlen(s));
    fputc('"', f);
}

static bool has_alnum(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)eg_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp >= 0 && eg_cp_is_alnum(cp)) return true;
    }
    return false;
}

/* Add b's aliases and positions to a; a's other fields win, b fills the
 * ones a lacks. */
static int merge(imp_rec *a, const imp_rec *b)
{
    uint32_t o;
#define FILL(f) if (!a->f && b->f) { if (imp_str(a, imp_s(b, b->f), strlen(imp_s(b, b->f)), &o)) return EG_ENOMEM; a->f = o; }
    FILL(name) FILL(type) FILL(subtype) FILL(country) FILL(country_q) FILL(valid_from)
#undef FILL
    if (b->sitelinks > a->sitelinks) a->sitelinks = b->sitelinks;
    for (size_t i = 0; i < b->nal; i++) {
        const imp_alias *x = &b->al[i];
        const char *t = imp_s(b, x->text);
        if (imp_alias_add(a, t, strlen(t), x->kind, x->policy, x->lang ? imp_s(b, x->lang) : NULL)) return EG_ENOMEM;
    }
    for (size_t i = 0; i < b->npos; i++) {
        const char *t = imp_s(b, b->pos[i]);
        if (imp_pos_add(a, t, strlen(t))) return EG_ENOMEM;
    }
    return 0;
}

static int cmp_text(const void *a, const void *b, void *ctx)
{
    const char *base = ctx;
    const uint32_t *x = a, *y = b;
    int c = strcmp(base + x[1], base + y[1]);
    return c ? c : x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Room for n (index, text offset) pairs in im->order, filled by the caller. */
static int order_room(eg_importer *im, size_t n)
{
    if (eg_grow(&im->order, &im->caporder, 2 * n + 2, sizeof *im->order) || eg_grow(&im->repeat, &im->caprepeat, n + 1, 1))
        return EG_ENOMEM;
    return 0;
}

/* repeat[i] set for each of the n texts in im->order but the first of
 * those equal to it, and for any equal to skip (the name).  Sorting keeps
 * this O(n log n) for an entity merged from many records. */
static void mark_repeats(eg_importer *im, const imp_rec *r, size_t n, uint32_t skip)
{
    for (size_t i = 0; i < n; i++) im->repeat[i] = skip && !strcmp(imp_s(r, im->order[2 * i + 1]), imp_s(r, skip));
    if (n > 1) qsort_r(im->order, n, 2 * sizeof *im->order, cmp_text, r->strs.data);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(imp_s(r, im->order[2 * i + 1]), imp_s(r, im->order[2 * i - 1]))) im->repeat[im->order[2 * i]] = 1;
}

/* One entity line; *skip set (and nothing written) when it cannot be one. */
static int write_rec(eg_importer *im, imp_rec *r, FILE *out, int *skip)
{
    *skip = -1;
    if (!r->name || !has_alnum(imp_s(r, r->name))) { *skip = EG_ISKIP_NO_NAME; return 0; }
    if (!r->type) { *skip = EG_ISKIP_NO_TYPE; return 0; }
    if (!imp_type_wanted(im, imp_s(r, r->type))) { *skip = EG_ISKIP_TYPES; return 0; }
    if (im->o.min_sitelinks > 0 && r->sitelinks < im->o.min_sitelinks) { *skip = EG_ISKIP_SITELINKS; return 0; }
    const char *name = imp_s(r, r->name);
    fputs("{\"id\": ", out);
    put_str(out, imp_s(r, r->id));
    fputs(", \"name\": ", out);
    put_str(out, name);
    fputs(", \"type\": ", out);
    put_str(out, imp_s(r, r->type));
    if (r->subtype) { fputs(", \"subtype\": ", out); put_str(out, imp_s(r, r->subtype)); }
    if (r->valid_from) { fputs(", \"valid_from\": ", out); put_str(out, imp_s(r, r->valid_from)); }
    /* aliases: first occurrence of each text wins (the order the readers
     * give: strong names before weak ones, --lang order); the name is an
     * alias already */
    bool any = false;
    if (order_room(im, r->nal)) return EG_ENOMEM;
    for (size_t i = 0; i < r->nal; i++) { im->order[2 * i] = (uint32_t)i; im->order[2 * i + 1] = r->al[i].text; }
    mark_repeats(im, r, r->nal, r->name);
    for (size_t i = 0; i < r->nal; i++) {
        const imp_alias *a = &r->al[i];
        const char *t = imp_s(r, a->text);
        if (im->repeat[i] || !has_alnum(t)) continue;
        fputs(any ? ", " : ", \"aliases\": [", out);
        any = true;
        if (a->kind == EG_KIND_NAME && a->policy < 0 && !a->lang) { put_str(out, t); continue; }
        fputs("{\"text\": ", out);
        put_str(out, t);
        if (a->kind != EG_KIND_NAME) fprintf(out, ", \"kind\": \"%s\"", eg_alias_kind_name((eg_alias_kind)a->kind));
        if (a->policy >= 0 && a->policy < 3) fprintf(out, ", \"case\": \"%s\"", eg_case_policy_name((eg_case_policy)a->policy));
        if (a->lang) { fputs(", \"lang\": ", out); put_str(out, imp_s(r, a->lang)); }
        fputc('}', out);
    }
    if (any) fputc(']', out);
    char cbuf[16];
    const char *country = r->country ? imp_s(r, r->country)
                        : r->country_q ? imp_qcountry(im, imp_s(r, r->country_q), strlen(imp_s(r, r->country_q)), cbuf) : NULL;
    if (country || r->npos) {
        fputs(", \"attrs\": {", out);
        if (country) { fputs("\"country\": ", out); put_str(out, country); }
        if (r->npos) {
            fputs(country ? ", \"position\": [" : "\"position\": [", out);
            if (order_room(im, r->npos)) return EG_ENOMEM;
            for (size_t i = 0; i < r->npos; i++) { im->order[2 * i] = (uint32_t)i; im->order[2 * i + 1] = r->pos[i]; }
            mark_repeats(im, r, r->npos, 0);
            size_t w = 0;
            for (size_t i = 0; i < r->npos; i++) {
                const char *t = imp_s(r, r->pos[i]);
                if (im->repeat[i]) continue;
                if (w++) fputs(", ", out);
                put_str(out, t);
            }
            fputc(']', out);
        }
        fputc('}', out);
    }
    fputs("}\n", out);
    return 0;
}

static int cmp_dup(const void *a, const void *b)
{
    const struct imp_dup *x = a, *y = b;
    if (x->first != y->first) return x->first < y->first ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* The spool record at off into b; *mark: 'R' a first record, 'D' a repeat. */
static int read_at(eg_importer *im, uint64_t off, eg_buf *b, char *mark, eg_error *err)
{
    char hdr[5];
    int fd = fileno(im->spool);
    if (pread(fd, hdr, 5, (off_t)off) != 5) return spool_fail(err, errno);
    uint32_t n;
    memcpy(&n, hdr + 1, 4);
    *mark = hdr[0];
    b->len = 0;
    if (eg_grow(&b->data, &b->cap, (size_t)n + 1, 1)) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    if (pread(fd, b->data, n, (off_t)off + 5) != (ssize_t)n) return spool_fail(err, errno);
    b->len = n;
    return 0;
}

int eg_importer_finish(eg_importer *im, FILE *out, eg_error *err)
{
    if (fflush(im->spool)) return spool_fail(err, errno);
    if (im->ndups) qsort(im->dups, im->ndups, sizeof *im->dups, cmp_dup);
    uint64_t off = 0;
    size_t d = 0;
    int rc = 0;
    for (uint32_t no = 0; no < im->nrecs && !rc; no++) {
        char mark;
        if ((rc = read_at(im, off, &im->s3, &mark, err))) break;
        off += 5 + im->s3.len;
        if (mark == 'D') continue;
        if ((rc = rec_decode(&im->rec, im->s3.data, im->s3.len))) { rc = rc == EG_ESYS ? spool_fail(err, EIO) : eg_fail(err, rc, NULL, 0, 0, "out of memory"); break; }
        for (; d < im->ndups && im->dups[d].first == no; d++) {
            char dmark;
            if ((rc = read_at(im, im->dups[d].off, &im->s3, &dmark, err))) break;
            if ((rc = rec_decode(&im->other, im->s3.data, im->s3.len)) || (rc = merge(&im->rec, &im->other))) {
                rc = rc == EG_ESYS ? spool_fail(err, EIO) : eg_fail(err, rc, NULL, 0, 0, "out of memory");
                break;
            }
        }
        if (rc) break;
        int skip;
        if (write_rec(im, &im->rec, out, &skip)) { rc = eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory"); break; }
        if (skip >= 0) im->st.skipped[skip]++;
        else im->st.written++;
    }
    return rc;
}
