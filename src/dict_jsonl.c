/*
 * dict_jsonl.c - the reader of JSONL dictionaries, one record per line:
 *
 *   native entity   {"id", "name", "type", "subtype", "case", "priority",
 *                    "aliases", "attrs"}; in a later source the same id
 *                    extends the entity, {"id", "drop": true} switches it off
 *   guard list      {"guard": ["Chad", ...]}
 *   spaCy pattern   {"label", "pattern", "id"} (EntityRuler, string patterns)
 *
 * One pass per line with the JSON reader (json.c) and a table of the keys
 * each record knows: an unknown key is an error at its position with a
 * did-you-mean, and every other error names the value at fault.
 */
#include "json.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_ID, K_NAME, K_TYPE, K_SUBTYPE, K_CASE, K_PRIORITY, K_ALIASES, K_ATTRS, K_DROP,
       K_VALID_FROM, K_VALID_TO, K_GUARD, K_LABEL, K_PATTERN, K_PROVISIONAL,
       K_COUNT, K_DOCS, K_CONFIDENCE, K_WHY, K_EVIDENCE, K_N };
static const char *const top_keys[K_N] = {
    "id", "name", "type", "subtype", "case", "priority", "aliases", "attrs", "drop",
    "valid_from", "valid_to", "guard", "label", "pattern", "provisional",
    "count", "docs", "confidence", "why", "evidence"
};
static const char *const top_whats[K_N] = {   /* the keys quoted, for messages */
    "'id'", "'name'", "'type'", "'subtype'", "'case'", "'priority'", "'aliases'", "'attrs'", "'drop'",
    "'valid_from'", "'valid_to'", "'guard'", "'label'", "'pattern'", "'provisional'",
    "'count'", "'docs'", "'confidence'", "'why'", "'evidence'"
};
/* Which keys each kind of record takes.  count, docs, confidence, why and
 * evidence are the review fields of `entgraph suggest`: read past. */
#define REVIEW_KEYS ((1u << K_COUNT) | (1u << K_DOCS) | (1u << K_CONFIDENCE) | (1u << K_WHY) | (1u << K_EVIDENCE))
#define NATIVE_KEYS ((1u << K_ID) | (1u << K_NAME) | (1u << K_TYPE) | (1u << K_SUBTYPE) | (1u << K_CASE) | \
                     (1u << K_VALID_FROM) | (1u << K_VALID_TO) | (1u << K_PROVISIONAL) | REVIEW_KEYS | \
                     (1u << K_PRIORITY) | (1u << K_ALIASES) | (1u << K_ATTRS) | (1u << K_DROP))
#define SPACY_KEYS ((1u << K_ID) | (1u << K_LABEL) | (1u << K_PATTERN))
#define GUARD_KEYS (1u << K_GUARD)

enum { A_TEXT, A_KIND, A_CASE, A_LANG, A_VALID_FROM, A_VALID_TO, A_N };
static const char *const alias_keys[A_N] = { "text", "kind", "case", "lang", "valid_from", "valid_to" };

enum { T_COUNTRY, T_GIVEN, T_FAMILY, T_ORDER, T_N };
static const char *const attr_strings[T_N] = { "country", "given", "family", "order" };

static const char *const kind_names[] = { "name", "abbreviation", "demonym", "metonym", "variant" };

/* spaCy's entity labels (OntoNotes and WikiNER schemes) as entgraph types. */
static const struct { const char *label, *type; } spacy_types[] = {
    {"PERSON", "person"}, {"PER", "person"}, {"ORG", "organization"}, {"GPE", "country"},
    {"NORP", "demonym"}, {"LOC", "location"}, {"FAC", "facility"}, {"EVENT", "event"},
    {"PRODUCT", "product"}, {"WORK_OF_ART", "work"}, {"LAW", "law"}, {"LANGUAGE", "language"},
    {"MISC", "misc"},
    /* entgraph's own types, as themselves */
    {"COUNTRY", "country"}, {"AGENCY", "agency"}, {"ORGANIZATION", "organization"}, {"ORGANISATION", "organization"},
};

typedef struct reader {
    eg_dict *d;
    uint32_t source;
    const char *name;
    eg_error *err;
    eg_json j;
    const char *line; size_t linelen; long lineno;
    eg_buf s[K_N];          /* string values of the top-level keys */
    size_t off[K_N];        /* offset of each key's value */
    size_t keyoff[K_N];     /* offset of each key */
    eg_buf attr[T_N];
    bool has_attr[T_N];
    eg_buf texts;           /* alias texts and guard words, NUL-separated */
    eg_buf tmp;
    struct pend { size_t toff, len, off; uint8_t kind; int8_t policy; int32_t from, to; } *al;
    int32_t valid_from, valid_to;   /* of the entity line, or EG_NO_DAY */
    size_t nal, capal;
    eg_alias_rec *recs; size_t caprecs;
    int8_t policy;
    long long priority;
    bool drop, provisional;
    char **warned; size_t nwarned, capwarned;   /* spaCy labels already warned about */
} reader;

static size_t off_of(const reader *r, const unsigned char *p) { return (size_t)((const char *)p - r->line); }
static size_t here(reader *r) { eg_json_peek(&r->j); return off_of(r, r->j.p); }

static int fail_at(reader *r, size_t off, int code, const char *fmt, const char *a, const char *b)
{
    char text[800];
    snprintf(text, sizeof text, fmt, a, b);
    return eg_fail(r->err, code, r->name, r->lineno, eg_col_at(r->line, off), "%s", text);
}

static int nomem(reader *r) { return eg_fail(r->err, EG_ENOMEM, r->name, r->lineno, 0, "out of memory"); }

static int lookup(const char *const *table, size_t n, const eg_json_key *k)
{
    for (size_t i = 0; i < n; i++)
        if (table[i][0] == k->s[0] && !strncmp(table[i], k->s, k->n) && table[i][k->n] == 0) return (int)i;
    return -1;
}

/* A key as a C string, for messages (cut at 80 bytes). */
static const char *key_str(const eg_json_key *k, char *buf, size_t size)
{
    size_t n = k->n < size - 1 ? k->n : size - 1;
    memcpy(buf, k->s, n);
    buf[n] = 0;
    return buf;
}

/* "unknown key 'alias' (did you mean 'aliases'?)" or the list of keys. */
static int unknown_key(reader *r, const eg_json_key *k, const char *what, const char *const *table, size_t n)
{
    char kb[84];
    key_str(k, kb, sizeof kb);
    const char *dym = eg_did_you_mean(kb, table, n);
    char list[300] = "";
    if (dym) snprintf(list, sizeof list, "did you mean '%s'?", dym);
    else {
        size_t l = 0;
        for (size_t i = 0; i < n && l < sizeof list - 40; i++)
            l += (size_t)snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "known: ", table[i]);
    }
    char text[420];
    snprintf(text, sizeof text, "unknown %s '%s' (%s)", what, kb, list);
    return eg_fail(r->err, EG_EINPUT, r->name, r->lineno, eg_col_at(r->line, off_of(r, k->at)), "%s", text);
}

static int choice(reader *r, const char *what, const char *const *names, int n, int *out)
{
    size_t at = here(r);
    int rc = eg_json_string(&r->j, &r->tmp, false, what);
    if (rc) return rc;
    for (int i = 0; i < n; i++)
        if (!strcmp(r->tmp.data, names[i])) { *out = i; return 0; }
    char all[200] = "";
    size_t l = 0;
    for (int i = 0; i < n; i++) l += (size_t)snprintf(all + l, sizeof all - l, "%s\"%s\"", i ? (i == n - 1 ? " or " : ", ") : "", names[i]);
    char text[400];
    if (!strcmp(what, "'kind'")) {
        snprintf(text, sizeof text, "unknown alias kind '%.60s' (", r->tmp.data);
        for (int i = 0; i < n; i++) snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s", i ? ", " : "", names[i]);
        strcat(text, ")");
    } else {
        snprintf(text, sizeof text, "%s must be %s", what, all);
    }
    return eg_fail(r->err, EG_EINPUT, r->name, r->lineno, eg_col_at(r->line, at), "%s", text);
}

static int push_text(reader *r, size_t *toff)
{
    *toff = r->texts.len;
    return eg_buf_put(&r->texts, r->tmp.data, r->tmp.len + 1) ? nomem(r) : 0;
}

/* A date value ("valid_from": "1991-12-26"). */
static int read_day(reader *r, const char *what, int32_t *out)
{
    size_t at = here(r);
    int rc = eg_json_string(&r->j, &r->tmp, false, what);
    if (rc) return rc;
    if (eg_date_parse(r->tmp.data, out)) {
        char text[200];
        snprintf(text, sizeof text, "%s must be a date (YYYY-MM-DD), not '%.60s'", what, r->tmp.data);
        return eg_fail(r->err, EG_EINPUT, r->name, r->lineno, eg_col_at(r->line, at), "%s", text);
    }
    return 0;
}

static int read_alias(reader *r, size_t idx)
{
    if (eg_grow(&r->al, &r->capal, r->nal + 1, sizeof *r->al)) return nomem(r);
    struct pend *a = &r->al[r->nal];
    memset(a, 0, sizeof *a);
    a->policy = -1;
    a->from = a->to = EG_NO_DAY;
    a->off = here(r);
    int c = eg_json_peek(&r->j);
    int rc;
    if (c == '"') {
        if ((rc = eg_json_string(&r->j, &r->tmp, false, "an alias"))) return rc;
        if ((rc = push_text(r, &a->toff))) return rc;
        a->len = r->tmp.len;
    } else if (c == '{') {
        if ((rc = eg_json_object(&r->j))) return rc;
        unsigned seen = 0;
        eg_json_key k;
        while ((rc = eg_json_member(&r->j, &k)) == 1) {
            int w = lookup(alias_keys, A_N, &k);
            if (w < 0) return unknown_key(r, &k, "alias key", alias_keys, A_N);
            if (seen & (1u << w)) return fail_at(r, off_of(r, k.at), EG_EINPUT, "duplicate key '%s'%s", alias_keys[w], "");
            seen |= 1u << w;
            int v;
            switch (w) {
            case A_TEXT:
                a->off = here(r);
                if ((rc = eg_json_string(&r->j, &r->tmp, false, "'text'"))) return rc;
                if ((rc = push_text(r, &a->toff))) return rc;
                a->len = r->tmp.len;
                break;
            case A_KIND:
                if ((rc = choice(r, "'kind'", kind_names, 5, &v))) return rc;
                a->kind = (uint8_t)v;
                break;
            case A_CASE:
                if ((rc = choice(r, "'case'", eg_case_policy_names, 3, &v))) return rc;
                a->policy = (int8_t)v;
                break;
            case A_VALID_FROM: case A_VALID_TO:
                if ((rc = read_day(r, w == A_VALID_FROM ? "'valid_from'" : "'valid_to'", w == A_VALID_FROM ? &a->from : &a->to))) return rc;
                break;
            default:   /* lang: documentation only */
                if ((rc = eg_json_string(&r->j, NULL, false, "'lang'"))) return rc;
            }
        }
        if (rc < 0) return rc;
        if (!(seen & (1u << A_TEXT))) {
            char n[32];
            snprintf(n, sizeof n, "%zu", idx + 1);
            return fail_at(r, a->off, EG_EINPUT, "alias %s has no 'text'%s", n, "");
        }
    } else {
        char n[32];
        snprintf(n, sizeof n, "%zu", idx + 1);
        char of[200] = "";
        if (r->s[K_ID].data && (r->keyoff[K_ID] != SIZE_MAX)) snprintf(of, sizeof of, " of '%.100s'", r->s[K_ID].data);
        if (c <= 0 || !strchr("[tfn-0123456789", c)) return eg_json_skip(&r->j);   /* the syntax error */
        return fail_at(r, a->off, EG_EINPUT, "alias %s%s must be a string or an object", n, of);
    }
    r->nal++;
    return 0;
}

static int read_value(reader *r, int w)
{
    int rc;
    r->off[w] = here(r);
    const char *what = top_whats[w];
    switch (w) {
    case K_CASE: {
        int v;
        if ((rc = choice(r, "'case'", eg_case_policy_names, 3, &v))) return rc;
        r->policy = (int8_t)v;
        return 0;
    }
    case K_PRIORITY:
        return eg_json_integer(&r->j, INT_MIN, INT_MAX, &r->priority, what);
    case K_DROP:
        return eg_json_bool(&r->j, &r->drop, what);
    case K_PROVISIONAL:
        return eg_json_bool(&r->j, &r->provisional, what);
    case K_COUNT: case K_DOCS: case K_CONFIDENCE: case K_WHY: case K_EVIDENCE:
        return eg_json_skip(&r->j);
    case K_VALID_FROM:
        return read_day(r, what, &r->valid_from);
    case K_VALID_TO:
        return read_day(r, what, &r->valid_to);
    case K_PATTERN:
        if (eg_json_peek(&r->j) == '[')
            return fail_at(r, r->off[w], EG_EINPUT, "token patterns are not supported (only string patterns)%s%s", "", "");
        return eg_json_string(&r->j, &r->s[w], false, what);
    case K_ALIASES:
        if (eg_json_peek(&r->j) != '[') {
            int c = eg_json_peek(&r->j);
            if (c <= 0 || !strchr("{\"tfn-0123456789", c)) return eg_json_skip(&r->j);
            return fail_at(r, r->off[w], EG_EINPUT, "'aliases' must be an array%s%s", "", "");
        }
        if ((rc = eg_json_array(&r->j))) return rc;
        for (size_t i = 0; (rc = eg_json_item(&r->j)) == 1; i++)
            if ((rc = read_alias(r, i))) return rc;
        return rc < 0 ? rc : 0;
    case K_ATTRS: {
        if (eg_json_peek(&r->j) != '{') {
            int c = eg_json_peek(&r->j);
            if (c <= 0 || !strchr("[\"tfn-0123456789", c)) return eg_json_skip(&r->j);
            return fail_at(r, r->off[w], EG_EINPUT, "'attrs' must be an object%s%s", "", "");
        }
        if ((rc = eg_json_object(&r->j))) return rc;
        eg_json_key k;
        unsigned seen = 0;
        while ((rc = eg_json_member(&r->j, &k)) == 1) {
            int a = lookup(attr_strings, T_N, &k);
            if (a < 0) { if ((rc = eg_json_skip(&r->j))) return rc; continue; }   /* free-form */
            if (seen & (1u << a)) return fail_at(r, off_of(r, k.at), EG_EINPUT, "duplicate key '%s'%s", attr_strings[a], "");
            seen |= 1u << a;
            static const char *const aw[T_N] = { "'attrs.country'", "'attrs.given'", "'attrs.family'", "'attrs.order'" };
            if ((rc = eg_json_string(&r->j, &r->attr[a], false, aw[a]))) return rc;
            r->has_attr[a] = true;
        }
        return rc < 0 ? rc : 0;
    }
    case K_GUARD:
        if (eg_json_peek(&r->j) != '[') {
            int c = eg_json_peek(&r->j);
            if (c <= 0 || !strchr("{\"tfn-0123456789", c)) return eg_json_skip(&r->j);
            return fail_at(r, r->off[w], EG_EINPUT, "'guard' must be an array of strings%s%s", "", "");
        }
        if ((rc = eg_json_array(&r->j))) return rc;
        for (size_t i = 0; (rc = eg_json_item(&r->j)) == 1; i++) {
            if (eg_grow(&r->al, &r->capal, r->nal + 1, sizeof *r->al)) return nomem(r);
            struct pend *a = &r->al[r->nal];
            a->off = here(r);
            char gw[48];
            snprintf(gw, sizeof gw, "guard word %zu", i + 1);
            if ((rc = eg_json_string(&r->j, &r->tmp, false, gw))) return rc;
            bool empty = true;
            for (size_t q = 0; q < r->tmp.len && empty; q++) empty = r->tmp.data[q] == ' ' || r->tmp.data[q] == '\t';
            if (empty) return fail_at(r, a->off, EG_EINPUT, "%s must be a non-empty string%s", gw, "");
            if ((rc = push_text(r, &a->toff))) return rc;
            a->len = r->tmp.len;
            r->nal++;
        }
        return rc < 0 ? rc : 0;
    default:
        return eg_json_string(&r->j, &r->s[w], false, what);
    }
}

static void slugify(const char *s, char *out, size_t size)
{
    size_t j = 0;
    bool dash = false;
    for (; *s && j + 2 < size; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) { out[j++] = (char)ch; dash = false; }
        else if (ch >= 'A' && ch <= 'Z') { out[j++] = (char)(ch + 32); dash = false; }
        else if (!dash && j) { out[j++] = '-'; dash = true; }
    }
    while (j && out[j - 1] == '-') j--;
    /* a multi-byte character cut by the size limit */
    while (j && ((unsigned char)out[j - 1] & 0xC0) == 0x80) j--;
    if (j && (unsigned char)out[j - 1] >= 0xC0) j--;
    out[j] = 0;
}

static int spacy_type(reader *r, const char *label, char *type, size_t size)
{
    for (size_t i = 0; i < sizeof spacy_types / sizeof spacy_types[0]; i++)
        if (!strcasecmp(label, spacy_types[i].label)) { snprintf(type, size, "%s", spacy_types[i].type); return 0; }
    slugify(label, type, size);
    if (!type[0]) snprintf(type, size, "entity");
    for (size_t i = 0; i < r->nwarned; i++)
        if (!strcmp(r->warned[i], label)) return 0;
    char *c = eg_strndup(label, strlen(label));
    if (!c || eg_grow(&r->warned, &r->capwarned, r->nwarned + 1, sizeof *r->warned)) { eg_free(c); return nomem(r); }
    r->warned[r->nwarned++] = c;
    if (eg_dict_warn(r->d, r->name, r->lineno, eg_col_at(r->line, r->off[K_LABEL]),
                     "spaCy label '%.80s' has no entgraph type; its entities get type '%s'", label, type))
        return nomem(r);
    return 0;
}

static int commit_spacy(reader *r)
{
    if (r->keyoff[K_LABEL] == SIZE_MAX) return eg_fail(r->err, EG_EINPUT, r->name, r->lineno, 1, "missing 'label'");
    if (r->keyoff[K_PATTERN] == SIZE_MAX) return eg_fail(r->err, EG_EINPUT, r->name, r->lineno, 1, "missing 'pattern'");
    const char *pattern = r->s[K_PATTERN].data;
    char type[128], id[600], slug[400];
    int rc = spacy_type(r, r->s[K_LABEL].data, type, sizeof type);
    if (rc) return rc;
    bool empty = true;
    for (const char *q = pattern; *q && empty; q++) empty = *q == ' ' || *q == '\t';
    if (empty) return fail_at(r, r->off[K_PATTERN], EG_EINPUT, "empty pattern%s%s", "", "");
    if (r->keyoff[K_ID] != SIZE_MAX) snprintf(id, sizeof id, "%s", r->s[K_ID].data);
    else { slugify(pattern, slug, sizeof slug); snprintf(id, sizeof id, "%s:%s", type, slug); }
    uint32_t ent = eg_dict_find(r->d, id);
    if (ent != EG_NONE && r->d->ents[ent].source == r->source) {
        /* another pattern of an entity of this file */
        const eg_entity *e = &r->d->ents[ent];
        if (strcmp(e->type, type)) {
            char was[300];
            snprintf(was, sizeof was, "'%.60s' at line %ld", e->type, e->line);
            return fail_at(r, r->off[K_LABEL], EG_EINPUT, "conflicting label for this id: type '%s' here, %s", type, was);
        }
        return eg_dict_add_alias(r->d, ent, pattern, strlen(pattern), EG_KIND_NAME, EG_CASE_SMART, r->source,
                                 (eg_where){ r->line, r->off[K_PATTERN], r->lineno }, r->err);
    }
    eg_entity_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.valid_from = rec.valid_to = EG_NO_DAY;
    rec.line = r->line; rec.linelen = r->linelen; rec.lineno = r->lineno;
    rec.id = id; rec.id_off = r->keyoff[K_ID] != SIZE_MAX ? r->off[K_ID] : r->off[K_PATTERN];
    rec.name = pattern; rec.name_off = r->off[K_PATTERN];
    rec.type = type; rec.type_off = r->off[K_LABEL];
    rec.policy = -1;
    return eg_dict_commit(r->d, r->source, &rec, r->err);
}

static int commit_native(reader *r)
{
    if (eg_grow(&r->recs, &r->caprecs, r->nal ? r->nal : 1, sizeof *r->recs)) return nomem(r);
    for (size_t i = 0; i < r->nal; i++) {
        r->recs[i].text = r->texts.data + r->al[i].toff;
        r->recs[i].len = r->al[i].len;
        r->recs[i].kind = r->al[i].kind;
        r->recs[i].policy = r->al[i].policy;
        r->recs[i].off = r->al[i].off;
        r->recs[i].valid_from = r->al[i].from;
        r->recs[i].valid_to = r->al[i].to;
    }
    eg_entity_rec rec;
    memset(&rec, 0, sizeof rec);
    rec.valid_from = rec.valid_to = EG_NO_DAY;
    rec.line = r->line; rec.linelen = r->linelen; rec.lineno = r->lineno;
#define STR(k) (r->keyoff[k] != SIZE_MAX ? r->s[k].data : NULL)
    rec.id = STR(K_ID); rec.id_off = r->off[K_ID];
    rec.name = STR(K_NAME); rec.name_off = r->off[K_NAME];
    rec.type = STR(K_TYPE); rec.type_off = r->off[K_TYPE];
    rec.subtype = STR(K_SUBTYPE);
#undef STR
    rec.policy = r->keyoff[K_CASE] != SIZE_MAX ? r->policy : -1;
    rec.has_priority = r->keyoff[K_PRIORITY] != SIZE_MAX;
    rec.priority = (int)r->priority;
    const char **attr[T_N] = { &rec.country, &rec.given, &rec.family, &rec.order };
    for (int a = 0; a < T_N; a++) *attr[a] = r->has_attr[a] ? r->attr[a].data : NULL;
    rec.valid_from = r->valid_from;
    rec.valid_to = r->valid_to;
    rec.drop = r->keyoff[K_DROP] != SIZE_MAX && r->drop;
    rec.drop_off = r->off[K_DROP];
    rec.provisional = r->keyoff[K_PROVISIONAL] != SIZE_MAX && r->provisional;
    if (rec.drop) {
        /* a drop is the id and nothing else */
        for (int k = 0; k < K_N; k++)
            if (k != K_ID && k != K_DROP && r->keyoff[k] != SIZE_MAX)
                return fail_at(r, r->keyoff[k], EG_EINPUT, "'%s' with \"drop\": true (a drop takes only the id)%s", top_keys[k], "");
    }
    rec.aliases = r->recs;
    rec.naliases = r->nal;
    return eg_dict_commit(r->d, r->source, &rec, r->err);
}

static int read_line(reader *r)
{
    for (int k = 0; k < K_N; k++) { r->keyoff[k] = SIZE_MAX; r->off[k] = 0; }
    for (int a = 0; a < T_N; a++) r->has_attr[a] = false;
    r->texts.len = 0;
    r->nal = 0;
    r->policy = -1;
    r->priority = 0;
    r->drop = false;
    r->provisional = false;
    r->valid_from = r->valid_to = EG_NO_DAY;
    eg_json_init(&r->j, r->line, r->linelen, r->name, r->lineno, r->err);
    int rc = eg_json_object(&r->j);
    if (rc) return rc;
    eg_json_key k;
    unsigned seen = 0;
    while ((rc = eg_json_member(&r->j, &k)) == 1) {
        int w = lookup(top_keys, K_N, &k);
        if (w < 0) return unknown_key(r, &k, "key", top_keys, K_N);
        if (seen & (1u << w)) return fail_at(r, off_of(r, k.at), EG_EINPUT, "duplicate key '%s'%s", top_keys[w], "");
        seen |= 1u << w;
        r->keyoff[w] = off_of(r, k.at);
        if ((rc = read_value(r, w))) return rc;
    }
    if (rc < 0) return rc;
    if ((rc = eg_json_end(&r->j))) return rc;
    /* the kind of record, and the keys it may have */
    unsigned allowed = (seen & GUARD_KEYS) ? GUARD_KEYS : (seen & ((1u << K_LABEL) | (1u << K_PATTERN))) ? SPACY_KEYS : NATIVE_KEYS;
    const char *kind = allowed == GUARD_KEYS ? "a guard list" : allowed == SPACY_KEYS ? "a spaCy pattern" : "an entity";
    for (int w = 0; w < K_N; w++)
        if ((seen & (1u << w)) && !(allowed & (1u << w)))
            return fail_at(r, r->keyoff[w], EG_EINPUT, "key '%s' does not belong in %s", top_keys[w], kind);
    if (allowed == GUARD_KEYS) {
        for (size_t i = 0; i < r->nal; i++)
            if ((rc = eg_dict_add_guard(r->d, r->texts.data + r->al[i].toff, r->al[i].len, r->err))) return rc;
        return 0;
    }
    return allowed == SPACY_KEYS ? commit_spacy(r) : commit_native(r);
}

int eg_dict_read_jsonl(eg_dict *d, uint32_t source, const char *name, const char *buf, size_t len, eg_error *err)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.d = d; r.source = source; r.name = name; r.err = err;
    int rc = 0;
    size_t pos = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) pos = 3;   /* BOM */
    while (pos < len && !rc) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        r.line = buf + pos;
        r.linelen = end - pos;
        r.lineno++;
        pos = end + 1;
        if (r.linelen && r.line[r.linelen - 1] == '\r') r.linelen--;
        const char *nul = memchr(r.line, 0, r.linelen);
        if (nul) {
            rc = eg_fail(err, EG_EINPUT, name, r.lineno, eg_col_at(r.line, (size_t)(nul - r.line)), "NUL byte in dictionary line");
            break;
        }
        /* skip blank and comment lines */
        size_t k = 0;
        while (k < r.linelen && (r.line[k] == ' ' || r.line[k] == '\t')) k++;
        if (k == r.linelen || r.line[k] == '#') continue;
        rc = read_line(&r);
    }
    for (int k = 0; k < K_N; k++) eg_buf_release(&r.s[k]);
    for (int a = 0; a < T_N; a++) eg_buf_release(&r.attr[a]);
    for (size_t i = 0; i < r.nwarned; i++) eg_free(r.warned[i]);
    eg_free(r.warned);
    eg_buf_release(&r.texts); eg_buf_release(&r.tmp);
    eg_free(r.al); eg_free(r.recs);
    eg_json_release(&r.j);
    return rc;
}
