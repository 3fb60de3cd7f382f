/*
 * import_csv.c - CSV (RFC 4180) rows as entities: a header row names the
 * columns; --id-col, --name-col, --type-col and --alias-col pick them
 * (defaults id, name, type, aliases); the alias column holds several
 * aliases separated by --alias-sep (default "|").
 *
 * One state machine finds a record's end and splits its fields, so a
 * stray quote inside an unquoted field is reported on its own row instead
 * of swallowing the rows after it.  Quoted fields may hold commas, doubled
 * quotes and line breaks; CRLF and LF both end a record.
 */
#include "import_internal.h"
#include <stdlib.h>

void imp_csv_reset(eg_importer *im)
{
    for (size_t i = 0; i < im->ncols; i++) eg_free(im->cols[i]);
    im->ncols = 0;
    im->header_done = false;
    im->csv_open = false;
    im->csv_scanned = 0;
    im->csv_state = 0;
    im->col_id = im->col_name = im->col_type = im->col_alias = -1;
}

void imp_csv_release(eg_importer *im)
{
    imp_csv_reset(im);
    eg_free(im->cols);
    eg_free(im->fstart);
    eg_free(im->fraw);
    eg_buf_release(&im->field);
}

static long col_of(const char *rec, const char *at)
{
    const char *ls = rec;
    for (const char *q = rec; q < at; q++)
        if (*q == '\n') ls = q + 1;
    return eg_col_at(ls, (size_t)(at - ls));
}

static long line_of(const char *rec, const char *at, long line0)
{
    for (const char *q = rec; q < at; q++) line0 += *q == '\n';
    return line0;
}

enum { R_NEED = 1, R_BAD = 2 };

/* Parse the record at p (up to e) into im->field/fstart.  Returns 0 (a
 * record, *used bytes), R_NEED (incomplete, more input needed) or R_BAD
 * (a record with an error at *bad_at; *used set too). */
static int parse_record(eg_importer *im, const char *p, const char *e, bool at_end, size_t *used, const char **bad_at,
                        const char **why)
{
    /* A record cut by the end of the bytes fed so far is resumed where the
     * scan stopped (the state lives in im), so a long quoted field, or an
     * unclosed quote that runs to the end of a big file, is scanned once. */
    enum { START, UNQ, QUO, QQ };
    int s = im->csv_state;
    const char *q = p + im->csv_scanned;
    bool done = false;
#define NEWFIELD(at) do { if (eg_grow(&im->fstart, &im->capfields, im->nfields + 1, sizeof *im->fstart) || \
                            eg_grow(&im->fraw, &im->capraw, im->nfields + 1, sizeof *im->fraw)) return EG_ENOMEM; \
                        im->fraw[im->nfields] = (size_t)((at) - p); \
                        im->fstart[im->nfields++] = im->field.len; } while (0)
#define ENDFIELD() do { if (eg_buf_putc(&im->field, 0)) return EG_ENOMEM; } while (0)
#define BAD(msg) do { if (im->csv_bad == SIZE_MAX) { im->csv_bad = (size_t)(q - p); im->csv_why = msg; } } while (0)
#define NEED() do { im->csv_state = s; im->csv_scanned = (size_t)(q - p); return R_NEED; } while (0)
    if (!im->csv_open) {
        im->field.len = 0;
        im->nfields = 0;
        im->csv_bad = SIZE_MAX;
        s = START;
        q = p;
        NEWFIELD(p);
        im->csv_open = true;
    }
    for (; q < e && !done; q++) {
        char c = *q;
        switch (s) {
        case START:
            if (c == '"') { s = QUO; im->csv_quote = (size_t)(q - p); break; }
            s = UNQ;
            /* fall through */
        case UNQ:
            if (c == ',') { ENDFIELD(); NEWFIELD(q + 1); s = START; }
            else if (c == '\n') done = true;
            else if (c == '\r' && q + 1 < e && q[1] == '\n') {}
            else if (c == '\r' && q + 1 == e && !at_end) NEED();
            else {
                if (c == '"') BAD("a quote inside an unquoted field (quote the field and double the quote)");
                if (eg_buf_putc(&im->field, c)) return EG_ENOMEM;
            }
            break;
        case QUO:
            if (c == '"') s = QQ;
            else if (eg_buf_putc(&im->field, c)) return EG_ENOMEM;
            break;
        case QQ:
            if (c == '"') { if (eg_buf_putc(&im->field, '"')) return EG_ENOMEM; s = QUO; }
            else if (c == ',') { ENDFIELD(); NEWFIELD(q + 1); s = START; }
            else if (c == '\n') done = true;
            else if (c == '\r' && q + 1 < e && q[1] == '\n') {}
            else if (c == '\r' && q + 1 == e && !at_end) NEED();
            else { BAD("a character after the closing quote of a field"); s = UNQ; if (eg_buf_putc(&im->field, c)) return EG_ENOMEM; }
            break;
        }
    }
    if (!done && !at_end) NEED();
    if (!done && s == QUO) {
        const char *end = e;
        q = p + im->csv_quote;   /* the error is the quote that opened it */
        BAD("a quoted field opened here is not closed by the end of the file");
        q = end;
    }
    ENDFIELD();
    *used = (size_t)(q - p);
    im->csv_open = false;
    im->csv_scanned = 0;
    im->csv_state = START;
    *bad_at = im->csv_bad == SIZE_MAX ? NULL : p + im->csv_bad;
    *why = im->csv_why;
    return *bad_at ? R_BAD : 0;
#undef NEWFIELD
#undef ENDFIELD
#undef BAD
#undef NEED
}

static const char *fld(const eg_importer *im, long i) { return im->field.data + im->fstart[i]; }

static long find_col(eg_importer *im, const char *name)
{
    for (size_t i = 0; i < im->ncols; i++)
        if (!strcmp(im->cols[i], name)) return (long)i;
    return -1;
}

static int header(eg_importer *im, eg_error *err)
{
    for (size_t i = 0; i < im->nfields; i++) {
        const char *f = fld(im, (long)i);
        if (!i && !strncmp(f, "\xEF\xBB\xBF", 3)) f += 3;
        if (eg_grow(&im->cols, &im->capcols, im->ncols + 1, sizeof *im->cols) || !(im->cols[im->ncols] = eg_strndup(f, strlen(f))))
            return eg_fail(err, EG_ENOMEM, im->source, 1, 0, "out of memory");
        im->ncols++;
    }
    struct { const char *opt, *given, *def; long *col; bool required; } want[] = {
        { "--id-col", im->o.id_col, "id", &im->col_id, true },
        { "--name-col", im->o.name_col, "name", &im->col_name, true },
        { "--type-col", im->o.type_col, "type", &im->col_type, !im->o.default_type },
        { "--alias-col", im->o.alias_col, "aliases", &im->col_alias, false },
    };
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        const char *name = want[w].given ? want[w].given : want[w].def;
        *want[w].col = find_col(im, name);
        if (*want[w].col >= 0 || (!want[w].given && !want[w].required)) continue;
        char cols[400] = "";
        size_t n = 0;
        for (size_t i = 0; i < im->ncols && n + 4 < sizeof cols; i++)
            n += (size_t)snprintf(cols + n, sizeof cols - n, "%s%s", i ? ", " : "", im->cols[i]);
        const char *dym = eg_did_you_mean(name, (const char *const *)im->cols, im->ncols);
        char hint[200] = "";
        if (dym) snprintf(hint, sizeof hint, " (did you mean '%s'?)", dym);
        else if (!want[w].given) snprintf(hint, sizeof hint, "; name it with %s%s", want[w].opt,
                                          want[w].col == &im->col_type ? " or give --default-type" : "");
        return eg_fail(err, EG_EINPUT, im->source, 1, 0, "no column '%s' in the header%s (columns: %s)", name, hint, cols);
    }
    im->header_done = true;
    return 0;
}

static bool valid_text(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)eg_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp < 0) return false;
    }
    return true;
}

static int row(eg_importer *im, const char *rec, long line, eg_error *err)
{
    /* a field's line and column, for its warning */
#define AT(c) line_of(rec, rec + im->fraw[c], line), col_of(rec, rec + im->fraw[c])
    im->st.records++;
    if (im->nfields == 1 && !fld(im, 0)[0] && im->ncols > 1) { im->st.records--; return 0; }   /* an empty line */
    if (im->nfields != im->ncols) {
        imp_warn(im, line, 1, "a row of %zu fields under a header of %zu; row skipped", im->nfields, im->ncols);
        im->st.skipped[EG_ISKIP_BAD]++;
        return 0;
    }
    for (size_t i = 0; i < im->nfields; i++) {
        if (im->fstart[i] + strlen(fld(im, (long)i)) + 1 != (i + 1 < im->nfields ? im->fstart[i + 1] : im->field.len) ||
            !valid_text(fld(im, (long)i))) {
            imp_warn(im, AT((long)i), "column '%s' holds a NUL byte or invalid UTF-8; row skipped", im->cols[i]);
            im->st.skipped[EG_ISKIP_BAD]++;
            return 0;
        }
    }
    imp_rec *r = &im->rec;
    imp_rec_reset(r);
    r->line = line;
    int rc;
    const char *type = im->col_type >= 0 ? fld(im, im->col_type) : "";
    if ((rc = imp_str(r, fld(im, im->col_id), strlen(fld(im, im->col_id)), &r->id)) ||
        (rc = imp_str(r, fld(im, im->col_name), strlen(fld(im, im->col_name)), &r->name)) ||
        (rc = imp_str(r, type, strlen(type), &r->type)))
        return eg_fail(err, EG_ENOMEM, im->source, line, 0, "out of memory");
    if (!r->type && im->o.default_type && (rc = imp_str(r, im->o.default_type, strlen(im->o.default_type), &r->type)))
        return eg_fail(err, EG_ENOMEM, im->source, line, 0, "out of memory");
    if (!r->id) {
        imp_warn(im, AT(im->col_id), "empty '%s'; row skipped", im->cols[im->col_id]);
        im->st.skipped[EG_ISKIP_NO_ID]++;
        return 0;
    }
    if (!r->type) {
        imp_warn(im, AT(im->col_type), "empty '%s' and no --default-type; row skipped", im->cols[im->col_type]);
        im->st.skipped[EG_ISKIP_NO_TYPE]++;
        return 0;
    }
    if (im->col_alias >= 0) {
        const char *a = fld(im, im->col_alias), *sep = im->o.alias_sep;
        size_t sl = strlen(sep);
        for (;;) {
            const char *c = strstr(a, sep);
            size_t n = c ? (size_t)(c - a) : strlen(a);
            if ((rc = imp_alias_add(r, a, n, EG_KIND_NAME, -1, NULL))) return eg_fail(err, EG_ENOMEM, im->source, line, 0, "out of memory");
            if (!c) break;
            a = c + sl;
        }
    }
    /* a row with no name may still add aliases to an id named elsewhere */
    return imp_emit(im, err);
#undef AT
}

int imp_csv_feed(eg_importer *im, bool at_end, eg_error *err)
{
    size_t pos = 0;
    int rc = 0;
    while (!rc && pos < im->in.len) {
        const char *p = im->in.data + pos, *e = im->in.data + im->in.len, *bad_at = NULL, *why = "";
        size_t used = 0;
        int r = parse_record(im, p, e, at_end, &used, &bad_at, &why);
        if (r == R_NEED) break;
        if (r < 0) return eg_fail(err, EG_ENOMEM, im->source, im->lineno, 0, "out of memory");
        long line = im->lineno;
        if (r == R_BAD) {
            if (!im->header_done) {
                rc = eg_fail(err, EG_EINPUT, im->source, line_of(p, bad_at, line), col_of(p, bad_at), "bad header: %s", why);
                break;
            }
            im->st.records++;
            imp_warn(im, line_of(p, bad_at, line), col_of(p, bad_at), "%s; row skipped", why);
            im->st.skipped[EG_ISKIP_BAD]++;
        } else if (!im->header_done) rc = header(im, err);
        else rc = row(im, p, line, err);
        im->lineno = line_of(p, p + used, line);
        pos += used;
    }
    memmove(im->in.data, im->in.data + pos, im->in.len - pos);
    im->in.len -= pos;
    if (!rc && at_end && !im->header_done) rc = eg_fail(err, EG_EINPUT, im->source, 1, 0, "no header row (an empty file)");
    return rc;
}
