/*
 * dict_tsv.c - the reader of TSV dictionaries: one alias per line,
 *
 *   alias<TAB>id<TAB>type[<TAB>name]
 *
 * rows sharing an id form one entity (the first row's alias is its name
 * unless a row gives one); rows that disagree on an id's type or name are
 * an error.  '#' starts a comment line.  An id defined in an earlier source
 * is extended, as in the JSONL format.
 */
#include "internal.h"
#include <stdio.h>
#include <string.h>

typedef struct tsv_reader {
    eg_dict *d;
    uint32_t source;
    const char *name;
    eg_error *err;
    eg_strmap named;   /* ids of this file whose name a row gave: value = line */
    eg_buf line;       /* the current line, fields NUL-separated */
} tsv_reader;

static int row(tsv_reader *r, const char *raw, size_t n, long lineno)
{
    eg_error *err = r->err;
    const char *src = r->name;
    const char *nul = memchr(raw, 0, n);
    if (nul) return eg_fail(err, EG_EINPUT, src, lineno, eg_col_at(raw, (size_t)(nul - raw)), "NUL byte in dictionary line");
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int k = eg_utf8_decode((const unsigned char *)raw + i, n - i, &cp);
        if (cp < 0) return eg_fail(err, EG_EINPUT, src, lineno, eg_col_at(raw, i), "invalid UTF-8 (byte 0x%02x)", (unsigned char)raw[i]);
        i += (size_t)k;
    }
    r->line.len = 0;
    if (eg_buf_put(&r->line, raw, n)) return eg_fail(err, EG_ENOMEM, src, lineno, 0, "out of memory");
    char *copy = r->line.data;
    char *fields[4];
    size_t offs[4], nf = 0;
    char *p = copy;
    for (;;) {
        if (nf == 4)
            return eg_fail(err, EG_EINPUT, src, lineno, eg_col_at(raw, (size_t)(p - copy)),
                           "too many fields (expected alias, id, type[, name])");
        fields[nf] = p;
        offs[nf++] = (size_t)(p - copy);
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    if (nf < 3)
        return eg_fail(err, EG_EINPUT, src, lineno, eg_col_at(raw, n),
                       "expected alias<TAB>id<TAB>type[<TAB>name], found %zu field%s", nf, nf == 1 ? "" : "s");
    const char *alias = fields[0], *id = fields[1], *type = fields[2];
    bool has_name = nf > 3 && fields[3][0];
    const char *name = has_name ? fields[3] : alias;
    if (!type[0]) return eg_fail(err, EG_EINPUT, src, lineno, eg_col_at(raw, offs[2]), "empty type");
    uint32_t ent = eg_dict_find(r->d, id);
    if (ent != EG_NONE && r->d->ents[ent].source == r->source) {
        /* another row of an entity of this file: it must agree */
        const eg_entity *e = &r->d->ents[ent];
        if (strcmp(e->type, type))
            return eg_fail(err, EG_EINPUT, src, lineno, eg_col_at(raw, offs[2]),
                           "conflicting rows for id '%s': type '%s' here, '%s' at line %ld", id, type, e->type, e->line);
        if (has_name) {
            uint32_t *named = eg_strmap_get(&r->named, id, strlen(id));
            if (named && strcmp(e->label, name))
                return eg_fail(err, EG_EINPUT, src, lineno, eg_col_at(raw, offs[3]),
                               "conflicting rows for id '%s': name '%s' here, '%s' at line %u", id, name, e->label, *named);
            if (!named) {
                /* the first row named it implicitly (its alias): this row's name wins */
                bool created;
                uint32_t *v = eg_strmap_put(&r->named, id, strlen(id), &created);
                if (!v) return eg_fail(err, EG_ENOMEM, src, lineno, 0, "out of memory");
                *v = (uint32_t)lineno;
                eg_entity *me = &r->d->ents[ent];
                int rc = eg_dict_add_alias(r->d, ent, name, strlen(name), EG_KIND_NAME, (eg_case_policy)me->policy,
                                           r->source, (eg_where){ raw, offs[3], lineno }, err);
                if (rc) return rc;
                me->label = r->d->aliases[r->d->naliases - 1].text;
                return eg_dict_add_alias(r->d, ent, alias, strlen(alias), EG_KIND_NAME, (eg_case_policy)me->policy,
                                         r->source, (eg_where){ raw, offs[0], lineno }, err);
            }
        }
        return eg_dict_add_alias(r->d, ent, alias, strlen(alias), EG_KIND_NAME, (eg_case_policy)e->policy,
                                 r->source, (eg_where){ raw, offs[0], lineno }, err);
    }
    bool empty = true;
    for (const char *q = alias; *q && empty; q++) empty = *q == ' ';
    if (empty) return eg_fail(err, EG_EINPUT, src, lineno, 1, "empty alias");
    if (has_name) {
        bool created;
        uint32_t *v = eg_strmap_put(&r->named, id, strlen(id), &created);
        if (!v) return eg_fail(err, EG_ENOMEM, src, lineno, 0, "out of memory");
        *v = (uint32_t)lineno;
    }
    eg_entity_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.valid_from = rec.valid_to = EG_NO_DAY;
    rec.line = raw; rec.linelen = n; rec.lineno = lineno;
    rec.id = id; rec.id_off = offs[1];
    rec.name = name; rec.name_off = has_name ? offs[3] : offs[0];
    rec.type = type; rec.type_off = offs[2];
    rec.policy = -1;
    eg_alias_rec a = { alias, strlen(alias), EG_KIND_NAME, -1, offs[0], EG_NO_DAY, EG_NO_DAY };
    rec.aliases = &a;
    rec.naliases = strcmp(name, alias) ? 1 : 0;
    return eg_dict_commit(r->d, r->source, &rec, err);
}

int eg_dict_read_tsv(eg_dict *d, uint32_t source, const char *name, const char *buf, size_t len, eg_error *err)
{
    tsv_reader r;
    memset(&r, 0, sizeof r);
    r.d = d; r.source = source; r.name = name; r.err = err;
    int rc = 0;
    size_t pos = 0;
    long lineno = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) pos = 3;   /* BOM */
    while (pos < len && !rc) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + pos;
        size_t n = end - pos;
        lineno++;
        pos = end + 1;
        if (n && line[n - 1] == '\r') n--;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == n || line[k] == '#') continue;
        rc = row(&r, line, n, lineno);
    }
    eg_strmap_release(&r.named);
    eg_buf_release(&r.line);
    return rc;
}
