/*
 * dict.c - the dictionary stage: loads gazetteers (native JSONL, spaCy
 * EntityRuler patterns, simple TSV), checks them, and keeps entities and
 * aliases in flat arrays that the matcher (matcher.c) indexes.
 *
 * A bad dictionary is always an error (the first one wins, reported as
 * file:line:col): a silently partial gazetteer is worse than none.
 */
#include "internal.h"
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

static const char *kind_names[EG_KIND_COUNT] = {
    "name", "abbreviation", "demonym", "metonym", "variant", "propagated"
};

const char *eg_alias_kind_name(eg_alias_kind k)
{
    return (unsigned)k < EG_KIND_COUNT ? kind_names[k] : "?";
}

eg_dict *eg_dict_new(void)
{
    return eg_calloc(1, sizeof(eg_dict));
}

void eg_dict_free(eg_dict *d)
{
    if (!d) return;
    eg_arena_release(&d->strings);   /* every entity and alias string */
    for (size_t i = 0; i < d->nsources; i++) eg_free(d->sources[i]);
    eg_free(d->ents); eg_free(d->aliases); eg_free(d->sources);
    eg_strmap_release(&d->ids);
    eg_strmap_release(&d->guards);
    if (d->map) munmap(d->map, d->map_size);   /* trie arrays live in the mapping */
    else eg_trie_release(&d->trie);
    eg_free(d);
}

size_t eg_dict_entity_count(const eg_dict *d) { return d->nents; }
size_t eg_dict_alias_count(const eg_dict *d) { return d->naliases; }
const char *eg_dict_entity_id(const eg_dict *d, size_t i) { return d->ents[i].id; }
const char *eg_dict_entity_label(const eg_dict *d, size_t i) { return d->ents[i].label; }
const char *eg_dict_entity_type(const eg_dict *d, size_t i) { return d->ents[i].type; }
size_t eg_dict_source_count(const eg_dict *d) { return d->nsources; }
const char *eg_dict_source_name(const eg_dict *d, size_t i) { return d->sources[i]; }

/* Column (1-based, in code points) of needle in line, or 1. */
static long col_of(const char *line, size_t len, const char *needle)
{
    if (!needle) return 1;
    size_t nl = strlen(needle);
    for (size_t i = 0; nl && i + nl <= len; i++) {
        if (memcmp(line + i, needle, nl) == 0) {
            long col = 1;
            for (size_t j = 0; j < i; j++)
                if (((unsigned char)line[j] & 0xC0) != 0x80) col++;
            return col;
        }
    }
    return 1;
}

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)eg_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp < 0) return false;
    }
    return true;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!(*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) return false;
    return true;
}

typedef struct load_ctx {
    eg_dict *d;
    const char *name;
    uint32_t source;
    const char *line;
    size_t linelen;
    long lineno;
    eg_error *err;
    struct fast_line *fast;   /* scratch for the fast path, or NULL */
} load_ctx;

static int add_entity(load_ctx *c, const char *id, const char *label, const char *type,
                      const char *subtype, uint32_t *out)
{
    eg_dict *d = c->d;
    if (!id[0])
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"id\""), "empty id");
    bool created;
    uint32_t *slot = eg_strmap_put(&d->ids, id, strlen(id), &created);
    if (!slot) return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
    if (!created) {
        const eg_entity *o = &d->ents[*slot];
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, id),
                       "duplicate id '%s' (first defined at %s:%ld)", id, d->sources[o->source], o->line);
    }
    if (eg_grow(&d->ents, &d->capents, d->nents + 1, sizeof *d->ents))
        return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
    eg_entity *e = &d->ents[d->nents];
    memset(e, 0, sizeof *e);
    e->country_ent = EG_NONE;
    e->source = c->source;
    e->line = c->lineno;
    e->id = eg_arena_strndup(&d->strings, id, strlen(id));
    e->label = eg_arena_strndup(&d->strings, label, strlen(label));
    e->type = eg_arena_strndup(&d->strings, type, strlen(type));
    e->subtype = subtype ? eg_arena_strndup(&d->strings, subtype, strlen(subtype)) : NULL;
    *slot = (uint32_t)d->nents;
    d->nents++;
    if (!e->id || !e->label || !e->type || (subtype && !e->subtype))
        return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
    *out = *slot;
    return 0;
}

static int add_alias(load_ctx *c, uint32_t ent, const char *text, eg_alias_kind kind,
                     eg_case_policy policy, const char *where)
{
    eg_dict *d = c->d;
    if (blank(text))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, where),
                       "empty alias for '%s'", d->ents[ent].id);
    if (!valid_utf8(text, strlen(text)))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, where),
                       "alias for '%s' is not valid UTF-8", d->ents[ent].id);
    if (eg_grow(&d->aliases, &d->capaliases, d->naliases + 1, sizeof *d->aliases))
        return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
    eg_alias *a = &d->aliases[d->naliases];
    memset(a, 0, sizeof *a);
    a->text = eg_arena_strndup(&d->strings, text, strlen(text));
    if (!a->text) return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
    a->entity = ent;
    a->kind = (uint8_t)kind;
    a->next = EG_NONE;
    eg_case_shape sh;
    eg_case_shape_of(text, strlen(text), &sh);
    a->nwords = (uint8_t)(sh.nwords > 255 ? 255 : sh.nwords);
    a->capmask = sh.capmask;
    /* smart: an acronym (capitals, no lowercase) only matches in its case */
    if (policy == EG_CASE_SMART && sh.has_upper && !sh.has_lower) policy = EG_CASE_EXACT;
    a->policy = (uint8_t)policy;
    d->naliases++;
    d->compiled = false;
    return 0;
}

static int parse_policy(load_ctx *c, json_t *v, eg_case_policy *out)
{
    if (!v) return 0;
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (s && !strcmp(s, "smart")) *out = EG_CASE_SMART;
    else if (s && !strcmp(s, "exact")) *out = EG_CASE_EXACT;
    else if (s && !strcmp(s, "insensitive")) *out = EG_CASE_INSENSITIVE;
    else
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"case\""),
                       "'case' must be \"smart\", \"exact\" or \"insensitive\"");
    return 0;
}

static int parse_kind(load_ctx *c, json_t *v, eg_alias_kind *out)
{
    if (!v) { *out = EG_KIND_NAME; return 0; }
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    for (int k = 0; k < EG_KIND_PROPAGATED; k++)
        if (!strcmp(s, kind_names[k])) { *out = (eg_alias_kind)k; return 0; }
    return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"kind\""),
                   "unknown alias kind '%s' (name, abbreviation, demonym, metonym, variant)", s);
}

static const char *opt_string(load_ctx *c, json_t *obj, const char *key, bool required, int *rc)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required) {
            *rc = eg_fail(c->err, EG_EINPUT, c->name, c->lineno, 1, "missing '%s'", key);
        }
        return NULL;
    }
    if (!json_is_string(v)) {
        char pat[64];
        snprintf(pat, sizeof pat, "\"%s\"", key);
        *rc = eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, pat),
                      "'%s' must be a string", key);
        return NULL;
    }
    return json_string_value(v);
}

/* A native entity line. */
static int load_native(load_ctx *c, json_t *o)
{
    int rc = 0;
    const char *id = opt_string(c, o, "id", true, &rc);
    const char *name = rc ? NULL : opt_string(c, o, "name", true, &rc);
    const char *type = rc ? NULL : opt_string(c, o, "type", true, &rc);
    const char *subtype = rc ? NULL : opt_string(c, o, "subtype", false, &rc);
    if (rc) return rc;
    if (blank(name))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"name\""),
                       "empty name for '%s'", id);
    if (blank(type))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"type\""),
                       "empty type for '%s'", id);
    eg_case_policy epol = EG_CASE_SMART;
    if ((rc = parse_policy(c, json_object_get(o, "case"), &epol))) return rc;
    uint32_t ent;
    if ((rc = add_entity(c, id, name, type, subtype, &ent))) return rc;
    eg_entity *e = &c->d->ents[ent];
    json_t *pr = json_object_get(o, "priority");
    if (pr) {
        if (!json_is_integer(pr))
            return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"priority\""),
                           "'priority' must be an integer");
        e->priority = (int)json_integer_value(pr);
    }
    json_t *attrs = json_object_get(o, "attrs");
    if (attrs && !json_is_object(attrs))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"attrs\""),
                       "'attrs' must be an object");
    if (attrs) {
        json_t *ord = json_object_get(attrs, "order");
        e->order_family_first = json_is_string(ord) && !strcmp(json_string_value(ord), "family-first");
        const char *keys[3] = {"country", "given", "family"};
        char **dst[3] = {&e->country, &e->given, &e->family};
        for (int k = 0; k < 3; k++) {
            json_t *v = json_object_get(attrs, keys[k]);
            if (v && json_is_string(v) && json_string_length(v)) {
                *dst[k] = eg_arena_strndup(&c->d->strings, json_string_value(v), json_string_length(v));
                if (!*dst[k]) return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
            }
        }
    }
    if ((rc = add_alias(c, ent, name, EG_KIND_NAME, epol, "\"name\""))) return rc;
    json_t *al = json_object_get(o, "aliases");
    if (al && !json_is_array(al))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"aliases\""),
                       "'aliases' must be an array");
    size_t i;
    json_t *v;
    json_array_foreach(al, i, v) {
        const char *text = NULL;
        eg_alias_kind kind = EG_KIND_NAME;
        eg_case_policy pol = epol;
        if (json_is_string(v)) {
            text = json_string_value(v);
        } else if (json_is_object(v)) {
            json_t *t = json_object_get(v, "text");
            if (!json_is_string(t))
                return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"aliases\""),
                               "alias %zu of '%s' has no string 'text'", i + 1, id);
            text = json_string_value(t);
            if ((rc = parse_kind(c, json_object_get(v, "kind"), &kind))) return rc;
            if ((rc = parse_policy(c, json_object_get(v, "case"), &pol))) return rc;
        } else {
            return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"aliases\""),
                           "alias %zu of '%s' must be a string or an object", i + 1, id);
        }
        char where[64];
        snprintf(where, sizeof where, "%s", text[0] ? text : "\"\"");
        if ((rc = add_alias(c, ent, text, kind, pol, where))) return rc;
    }
    return 0;
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
    out[j] = 0;
}

/* Lines of spaCy's EntityRuler: {"label", "pattern", "id"}; lines sharing
 * an id (or label + pattern when there is none) form one entity. */
static int load_spacy(load_ctx *c, json_t *o)
{
    int rc = 0;
    const char *label = opt_string(c, o, "label", true, &rc);
    if (rc) return rc;
    json_t *p = json_object_get(o, "pattern");
    if (!json_is_string(p))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"pattern\""),
                       "token patterns are not supported (only string patterns)");
    const char *pattern = json_string_value(p);
    const char *idv = opt_string(c, o, "id", false, &rc);
    if (rc) return rc;
    char id[600], type[128], slug[400];
    slugify(label, type, sizeof type);
    if (idv) snprintf(id, sizeof id, "%s", idv);
    else { slugify(pattern, slug, sizeof slug); snprintf(id, sizeof id, "%s:%s", type, slug); }
    uint32_t *slot = eg_strmap_get(&c->d->ids, id, strlen(id));
    uint32_t ent;
    if (slot && c->d->ents[*slot].source == c->source) {
        ent = *slot;
    } else {
        if (blank(pattern))
            return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"pattern\""),
                           "empty pattern");
        if ((rc = add_entity(c, id, pattern, type[0] ? type : "entity", NULL, &ent))) return rc;
    }
    return add_alias(c, ent, pattern, EG_KIND_NAME, EG_CASE_SMART, "\"pattern\"");
}

/* {"guard": ["Chad", "Jordan", ...]}: aliases that are ordinary words
 * too; a match through one needs support from the document (see tagger.c). */
static int load_guard(load_ctx *c, json_t *list)
{
    if (!json_is_array(list))
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"guard\""),
                       "'guard' must be an array of strings");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        if (!json_is_string(v) || blank(json_string_value(v)))
            return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col_of(c->line, c->linelen, "\"guard\""),
                           "guard word %zu must be a non-empty string", i + 1);
        size_t n;
        char *k = eg_norm_string(json_string_value(v), json_string_length(v), &n);
        bool created;
        if (!k || !eg_strmap_put(&c->d->guards, k, n, &created)) {
            eg_free(k);
            return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
        }
        eg_free(k);
    }
    c->d->compiled = false;
    return 0;
}

/* ---- fast path for native entity lines -------------------------------
 * jansson builds a tree per line, which dominated loading a large
 * gazetteer.  The common line (id, name, type, subtype, case, priority,
 * aliases of strings or {text, kind, case, ...}, attrs) is scanned here
 * into scratch buffers and only then committed; anything else -- an
 * unknown top-level key, a duplicate key, a blank or invalid alias, an
 * unknown kind -- returns 0 and the line goes through jansson, which
 * reports errors exactly as before. */

typedef struct fast_alias { size_t off, len; eg_alias_kind kind; int has_case; eg_case_policy policy; } fast_alias;

typedef struct fast_line {
    eg_buf id, name, type, subtype, country, given, family, order, texts, tmp;
    fast_alias *al; size_t nal, capal;
} fast_line;

static void fast_line_release(fast_line *f)
{
    eg_buf *b[] = {&f->id, &f->name, &f->type, &f->subtype, &f->country, &f->given, &f->family, &f->order, &f->texts, &f->tmp};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) eg_buf_release(b[i]);
    eg_free(f->al);
}

/* A key: ASCII without escapes.  Returns its length or -1. */
static int js_key(eg_js *p, const unsigned char **k)
{
    eg_js_ws(p);
    if (p->s >= p->e || *p->s != '"') return -1;
    p->s++;
    *k = p->s;
    while (p->s < p->e && *p->s != '"' && *p->s != '\\' && *p->s >= 0x20 && *p->s < 0x80) p->s++;
    if (p->s >= p->e || *p->s != '"') return -1;
    int n = (int)(p->s - *k);
    p->s++;
    eg_js_ws(p);
    if (p->s >= p->e || *p->s != ':') return -1;
    p->s++;
    eg_js_ws(p);
    return n;
}

static bool key_is(const unsigned char *k, int n, const char *w) { return (size_t)n == strlen(w) && !memcmp(k, w, (size_t)n); }

/* After a member: ',' (more) returns 1, '}' returns 0, else -1. */
static int js_next(eg_js *p, char close)
{
    eg_js_ws(p);
    if (p->s < p->e && *p->s == ',') { p->s++; return 1; }
    if (p->s < p->e && *p->s == close) { p->s++; return 0; }
    return -1;
}

static int js_str(eg_js *p, eg_buf *b)
{
    if (p->s >= p->e || *p->s != '"') return -1;
    p->s++;
    if (eg_js_string(p, b)) return -1;
    return eg_buf_put(b, "", 0) ? -1 : 0;   /* NUL-terminated */
}

static bool policy_of(const char *s, eg_case_policy *out)
{
    if (!strcmp(s, "smart")) *out = EG_CASE_SMART;
    else if (!strcmp(s, "exact")) *out = EG_CASE_EXACT;
    else if (!strcmp(s, "insensitive")) *out = EG_CASE_INSENSITIVE;
    else return false;
    return true;
}

/* Duplicate keys of one object (jansson rejects them): up to 16 tracked. */
typedef struct keyset { const unsigned char *k[16]; int n[16]; int count; } keyset;
static bool keyset_add(keyset *ks, const unsigned char *k, int n)
{
    for (int i = 0; i < ks->count; i++) if (ks->n[i] == n && !memcmp(ks->k[i], k, (size_t)n)) return false;
    if (ks->count == 16) return false;
    ks->k[ks->count] = k; ks->n[ks->count] = n; ks->count++;
    return true;
}

static int fast_alias_obj(eg_js *p, fast_line *f, fast_alias *a)
{
    keyset ks = {0};
    bool have_text = false;
    eg_js_ws(p);
    if (p->s < p->e && *p->s == '}') return -1;
    for (;;) {
        const unsigned char *k;
        int kn = js_key(p, &k);
        if (kn < 0 || !keyset_add(&ks, k, kn)) return -1;
        if (key_is(k, kn, "text")) {
            a->off = f->texts.len;
            f->tmp.len = 0;
            if (js_str(p, &f->tmp) || eg_buf_put(&f->texts, f->tmp.data, f->tmp.len + 1)) return -1;
            a->len = f->tmp.len;
            have_text = true;
        } else if (key_is(k, kn, "kind") || key_is(k, kn, "case")) {
            f->tmp.len = 0;
            if (js_str(p, &f->tmp)) return -1;
            if (k[0] == 'k') {
                int kind = -1;
                for (int i = 0; i < EG_KIND_PROPAGATED; i++) if (!strcmp(f->tmp.data, kind_names[i])) kind = i;
                if (kind < 0) return -1;
                a->kind = (eg_alias_kind)kind;
            } else {
                if (!policy_of(f->tmp.data, &a->policy)) return -1;
                a->has_case = 1;
            }
        } else if (eg_js_skip(p, 1)) {
            return -1;
        }
        int r = js_next(p, '}');
        if (r < 0) return -1;
        if (!r) break;
    }
    return have_text ? 0 : -1;
}

static int fast_parse(const char *line, size_t len, fast_line *f, int *priority, bool *has_priority,
                      eg_case_policy *epol)
{
    eg_js p = {(const unsigned char *)line, (const unsigned char *)line + len};
    eg_buf *strs[] = {&f->id, &f->name, &f->type, &f->subtype, &f->country, &f->given, &f->family, &f->order};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) strs[i]->len = 0;
    f->texts.len = 0;
    f->nal = 0;
    bool have[4] = {false};   /* id name type subtype */
    keyset ks = {0};
    eg_js_ws(&p);
    if (p.s >= p.e || *p.s != '{') return -1;
    p.s++;
    for (;;) {
        const unsigned char *k;
        int kn = js_key(&p, &k);
        if (kn < 0 || !keyset_add(&ks, k, kn)) return -1;
        if (key_is(k, kn, "id") || key_is(k, kn, "name") || key_is(k, kn, "type") || key_is(k, kn, "subtype")) {
            int w = k[0] == 'i' ? 0 : k[0] == 'n' ? 1 : kn == 4 ? 2 : 3;
            if (js_str(&p, strs[w])) return -1;
            have[w] = true;
        } else if (key_is(k, kn, "case")) {
            f->tmp.len = 0;
            if (js_str(&p, &f->tmp) || !policy_of(f->tmp.data, epol)) return -1;
        } else if (key_is(k, kn, "priority")) {
            const unsigned char *st = p.s;
            if (p.s < p.e && *p.s == '-') p.s++;
            while (p.s < p.e && *p.s >= '0' && *p.s <= '9') p.s++;
            size_t n = (size_t)(p.s - st);
            if (n == 0 || n > 9 || (n == 1 && *st == '-') || (p.s < p.e && (*p.s == '.' || *p.s == 'e' || *p.s == 'E')))
                return -1;
            *priority = atoi((const char *)st);
            *has_priority = true;
        } else if (key_is(k, kn, "aliases")) {
            if (p.s >= p.e || *p.s != '[') return -1;
            p.s++;
            eg_js_ws(&p);
            if (p.s < p.e && *p.s == ']') { p.s++; }
            else for (;;) {
                eg_js_ws(&p);
                if (eg_grow(&f->al, &f->capal, f->nal + 1, sizeof *f->al)) return -1;
                fast_alias *a = &f->al[f->nal];
                memset(a, 0, sizeof *a);
                if (p.s < p.e && *p.s == '"') {
                    a->off = f->texts.len;
                    f->tmp.len = 0;
                    if (js_str(&p, &f->tmp) || eg_buf_put(&f->texts, f->tmp.data, f->tmp.len + 1)) return -1;
                    a->len = f->tmp.len;
                } else if (p.s < p.e && *p.s == '{') {
                    p.s++;
                    if (fast_alias_obj(&p, f, a)) return -1;
                } else {
                    return -1;
                }
                if (blank(f->texts.data + a->off)) return -1;
                f->nal++;
                int r = js_next(&p, ']');
                if (r < 0) return -1;
                if (!r) break;
            }
        } else if (key_is(k, kn, "attrs")) {
            if (p.s >= p.e || *p.s != '{') return -1;
            p.s++;
            keyset ak = {0};
            eg_js_ws(&p);
            if (p.s < p.e && *p.s == '}') { p.s++; }
            else for (;;) {
                const unsigned char *a;
                int an = js_key(&p, &a);
                if (an < 0 || !keyset_add(&ak, a, an)) return -1;
                eg_buf *dst = key_is(a, an, "country") ? &f->country : key_is(a, an, "given") ? &f->given :
                              key_is(a, an, "family") ? &f->family : key_is(a, an, "order") ? &f->order : NULL;
                if (dst && p.s < p.e && *p.s == '"') { if (js_str(&p, dst)) return -1; }
                else if (eg_js_skip(&p, 1)) return -1;
                int r = js_next(&p, '}');
                if (r < 0) return -1;
                if (!r) break;
            }
        } else {
            return -1;   /* pattern, guard, or anything new: jansson */
        }
        int r = js_next(&p, '}');
        if (r < 0) return -1;
        if (!r) break;
    }
    eg_js_ws(&p);
    if (p.s != p.e || !have[0] || !have[1] || !have[2]) return -1;
    if (blank(f->name.data) || blank(f->type.data) || !f->id.data[0]) return -1;
    return 0;
}

/* Returns 1 when the line was handled (rc in *rc), 0 to use jansson. */
static int load_native_fast(load_ctx *c, fast_line *f, int *rc)
{
    int priority = 0;
    bool has_priority = false;
    eg_case_policy epol = EG_CASE_SMART;
    if (fast_parse(c->line, c->linelen, f, &priority, &has_priority, &epol)) return 0;
    uint32_t ent;
    if ((*rc = add_entity(c, f->id.data, f->name.data, f->type.data, f->subtype.len ? f->subtype.data : NULL, &ent)))
        return 1;
    eg_entity *e = &c->d->ents[ent];
    if (has_priority) e->priority = priority;
    e->order_family_first = f->order.len && !strcmp(f->order.data, "family-first");
    eg_buf *src[3] = {&f->country, &f->given, &f->family};
    char **dst[3] = {&e->country, &e->given, &e->family};
    for (int k = 0; k < 3; k++) {
        if (!src[k]->len || !src[k]->data[0]) continue;
        *dst[k] = eg_arena_strndup(&c->d->strings, src[k]->data, strlen(src[k]->data));
        if (!*dst[k]) { *rc = eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory"); return 1; }
    }
    if ((*rc = add_alias(c, ent, f->name.data, EG_KIND_NAME, epol, "\"name\""))) return 1;
    for (size_t i = 0; i < f->nal; i++) {
        const fast_alias *a = &f->al[i];
        if ((*rc = add_alias(c, ent, f->texts.data + a->off, a->kind, a->has_case ? a->policy : epol, ""))) return 1;
    }
    return 1;
}

bool eg_dict_fast_path = true;

static int load_jsonl_line(load_ctx *c)
{
    if (c->fast && eg_dict_fast_path) {
        int rc = 0;
        if (load_native_fast(c, c->fast, &rc)) return rc;
    }
    json_error_t je;
    errno = 0;   /* jansson may report running out of memory as a syntax error */
    json_t *o = json_loadb(c->line, c->linelen, JSON_REJECT_DUPLICATES, &je);
    if (!o && (json_error_code(&je) == json_error_out_of_memory || errno == ENOMEM))
        return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
    if (!o)
        return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, je.column > 0 ? je.column : 1,
                       "invalid JSON: %s", je.text);
    int rc;
    if (!json_is_object(o))
        rc = eg_fail(c->err, EG_EINPUT, c->name, c->lineno, 1, "expected a JSON object");
    else if (json_object_get(o, "guard") && !json_object_get(o, "id"))
        rc = load_guard(c, json_object_get(o, "guard"));
    else if (json_object_get(o, "pattern"))
        rc = load_spacy(c, o);
    else
        rc = load_native(c, o);
    json_decref(o);
    return rc;
}

/* alias<TAB>id<TAB>type[<TAB>name] */
static int load_tsv_line(load_ctx *c)
{
    char *fields[4] = {0};
    size_t nf = 0;
    char *copy = eg_strndup(c->line, c->linelen);
    if (!copy) return eg_fail(c->err, EG_ENOMEM, c->name, c->lineno, 0, "out of memory");
    size_t n = c->linelen;
    if (n && copy[n - 1] == '\r') copy[--n] = 0;
    char *p = copy;
    for (;;) {
        if (nf == 4) { eg_free(copy); return eg_fail(c->err, EG_EINPUT, c->name, c->lineno, 1, "too many fields (expected alias, id, type[, name])"); }
        fields[nf++] = p;
        char *t = strchr(p, '\t');
        if (!t) break;
        *t = 0;
        p = t + 1;
    }
    int rc = 0;
    if (nf < 3) {
        /* the column just past the line's last character (in code points) */
        long col = 1;
        for (size_t j = 0; j < n; j++)
            if (((unsigned char)copy[j] & 0xC0) != 0x80) col++;
        rc = eg_fail(c->err, EG_EINPUT, c->name, c->lineno, col,
                     "expected alias<TAB>id<TAB>type[<TAB>name], found %zu field%s", nf, nf == 1 ? "" : "s");
    } else if (!valid_utf8(copy, n)) {
        rc = eg_fail(c->err, EG_EINPUT, c->name, c->lineno, 1, "line is not valid UTF-8");
    } else {
        const char *alias = fields[0], *id = fields[1], *type = fields[2];
        const char *name = nf > 3 && fields[3][0] ? fields[3] : alias;
        uint32_t *slot = eg_strmap_get(&c->d->ids, id, strlen(id));
        uint32_t ent;
        if (slot && c->d->ents[*slot].source == c->source) {
            ent = *slot;
            rc = add_alias(c, ent, alias, EG_KIND_NAME, EG_CASE_SMART, alias[0] ? alias : "");
        } else if (blank(alias)) {
            rc = eg_fail(c->err, EG_EINPUT, c->name, c->lineno, 1, "empty alias");
        } else if (!(rc = add_entity(c, id, name, type[0] ? type : "entity", NULL, &ent))) {
            rc = add_alias(c, ent, alias, EG_KIND_NAME, EG_CASE_SMART, alias);
            if (!rc && strcmp(name, alias))
                rc = add_alias(c, ent, name, EG_KIND_NAME, EG_CASE_SMART, name);
        }
    }
    eg_free(copy);
    return rc;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

int eg_dict_load_buffer(eg_dict *d, const char *name, const char *format,
                        const char *buf, size_t len, eg_error *err)
{
    if (d->generated)
        return eg_fail(err, EG_EUSAGE, name, 0, 0, "dictionary already compiled: load every source before eg_dict_compile");
    bool tsv = format ? !strcmp(format, "tsv") : (ends_with(name, ".tsv") || ends_with(name, ".txt"));
    if (eg_grow(&d->sources, &d->capsources, d->nsources + 1, sizeof *d->sources))
        return eg_fail(err, EG_ENOMEM, name, 0, 0, "out of memory");
    char *nm = eg_strndup(name, strlen(name));
    if (!nm) return eg_fail(err, EG_ENOMEM, name, 0, 0, "out of memory");
    d->sources[d->nsources] = nm;
    fast_line scratch;
    memset(&scratch, 0, sizeof scratch);
    load_ctx c = { d, name, (uint32_t)d->nsources, NULL, 0, 0, err, tsv ? NULL : &scratch };
    d->nsources++;
    int rc = 0;
    size_t pos = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) pos = 3;   /* BOM */
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        c.line = buf + pos;
        c.linelen = end - pos;
        c.lineno++;
        pos = end + 1;
        if (memchr(c.line, 0, c.linelen)) {
            rc = eg_fail(err, EG_EINPUT, name, c.lineno, col_of(c.line, c.linelen, "") , "NUL byte in dictionary line");
            break;
        }
        /* skip blank and comment lines */
        size_t k = 0;
        while (k < c.linelen && (c.line[k] == ' ' || c.line[k] == '\t' || c.line[k] == '\r')) k++;
        if (k == c.linelen || c.line[k] == '#') continue;
        rc = tsv ? load_tsv_line(&c) : load_jsonl_line(&c);
        if (rc) break;
    }
    fast_line_release(&scratch);
    return rc;
}

static int read_file(const char *path, char **out, size_t *len, eg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open: %s", strerror(errno));
    eg_buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        if (eg_buf_put(&b, tmp, n)) { fclose(f); eg_buf_release(&b); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad) { eg_buf_release(&b); return eg_fail(err, EG_ESYS, path, 0, 0, "read error: %s", strerror(e)); }
    if (!b.data && eg_buf_put(&b, "", 0)) return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory");
    *out = b.data;
    *len = b.len;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int eg_dict_dir_files(const char *path, char ***out, size_t *count, eg_error *err)
{
    *out = NULL;
    *count = 0;
    DIR *dir = opendir(path);
    if (!dir) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (de->d_name[0] == '.') continue;
        if (!ends_with(de->d_name, ".jsonl") && !ends_with(de->d_name, ".tsv")) continue;
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        char *full = eg_malloc(l);
        if (!full || eg_grow(&names, &cap, n + 1, sizeof *names)) { eg_free(full); rc = eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); break; }
        snprintf(full, l, "%s%s%s", path, ends_with(path, "/") ? "" : "/", de->d_name);
        names[n++] = full;
    }
    closedir(dir);
    if (!rc && n) qsort(names, n, sizeof *names, cmp_str);   /* names is NULL when empty */
    if (rc) {
        for (size_t i = 0; i < n; i++) eg_free(names[i]);
        eg_free(names);
        return rc;
    }
    *out = names;
    *count = n;
    return 0;
}

int eg_dict_load_path(eg_dict *d, const char *path, eg_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        char **names;
        size_t n;
        int rc = eg_dict_dir_files(path, &names, &n, err);
        for (size_t i = 0; i < n && !rc; i++) rc = eg_dict_load_path(d, names[i], err);
        for (size_t i = 0; i < n; i++) eg_free(names[i]);
        eg_free(names);
        return rc;
    }
    char *buf;
    size_t len;
    int rc = read_file(path, &buf, &len, err);
    if (rc) return rc;
    rc = eg_dict_load_buffer(d, path, NULL, buf, len, err);
    eg_free(buf);
    return rc;
}

/* Generated aliases, made once at compile time:
 * people get "Given Family", "Family Given" for family-first names,
 * "G. Family" (variant), and the family name as a propagated alias (valid
 * only after a full mention in the same document).  Organisations get no
 * generated head noun: the last word of a name is too often not its head
 * ("Ministry of Justice", "Downing Street", "Casa Rosada"); a short form the
 * press uses belongs in the dictionary as an alias. */
static int add_generated(eg_dict *d, eg_error *err)
{
    size_t n = d->nents;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        eg_entity *e = &d->ents[i];
        load_ctx c = { d, d->sources[e->source], e->source, "", 0, e->line, err, NULL };
        if (e->person && e->family && e->given) {
            bool ff = e->order_family_first;
            char buf[512];
            snprintf(buf, sizeof buf, "%s %s", e->given, e->family);
            rc = add_alias(&c, (uint32_t)i, buf, EG_KIND_NAME, EG_CASE_SMART, "");
            if (!rc && ff) {
                snprintf(buf, sizeof buf, "%s %s", e->family, e->given);
                rc = add_alias(&c, (uint32_t)i, buf, EG_KIND_NAME, EG_CASE_SMART, "");
            }
            if (!rc && !ff) {
                int32_t cp;
                int k = eg_utf8_decode((const unsigned char *)e->given, strlen(e->given), &cp);
                if (cp > 0 && eg_cp_is_upper(cp)) {
                    snprintf(buf, sizeof buf, "%.*s. %s", k, e->given, e->family);
                    rc = add_alias(&c, (uint32_t)i, buf, EG_KIND_VARIANT, EG_CASE_SMART, "");
                    if (!rc) d->aliases[d->naliases - 1].initial = 1;
                }
            }
        }
        if (!rc && e->person && e->family && strlen(e->family) >= 3)
            rc = add_alias(&c, (uint32_t)i, e->family, EG_KIND_PROPAGATED, EG_CASE_SMART, "");
    }
    return rc;
}

/* Aliases of people that start with a title: the title is kept out of the
 * reported span (tagger.c). */
static void mark_titles(eg_dict *d)
{
    for (size_t i = 0; i < d->naliases; i++) {
        eg_alias *a = &d->aliases[i];
        if (!d->ents[a->entity].person || a->kind == EG_KIND_PROPAGATED) continue;
        for (const char *const *ti = eg_person_titles; *ti; ti++) {
            size_t n = strlen(*ti);
            if (strncmp(a->text, *ti, n) || a->text[n] != ' ' || !a->text[n + 1]) continue;
            unsigned w = 1;
            for (size_t k = 0; k < n; k++) w += (*ti)[k] == ' ';
            if (w > a->title_words) a->title_words = (uint8_t)w;
        }
    }
}

static int mark_guarded(eg_dict *d, eg_error *err)
{
    if (!d->guards.count) return 0;
    for (size_t i = 0; i < d->naliases; i++) {
        eg_alias *a = &d->aliases[i];
        if (a->kind == EG_KIND_PROPAGATED) continue;
        size_t kn;
        char *k = eg_norm_string(a->text, strlen(a->text), &kn);
        if (!k) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        a->guarded = eg_strmap_get(&d->guards, k, kn) != NULL;
        eg_free(k);
    }
    return 0;
}

int eg_dict_compile(eg_dict *d, eg_error *err)
{
    if (d->compiled) return 0;
    /* link attrs.country to entities */
    for (size_t i = 0; i < d->nents; i++) {
        eg_entity *e = &d->ents[i];
        if (!e->country) continue;
        uint32_t *v = eg_strmap_get(&d->ids, e->country, strlen(e->country));
        e->country_ent = v ? *v : EG_NONE;
    }
    for (size_t i = 0; i < d->nents; i++) {
        d->ents[i].person = !strcmp(d->ents[i].type, "person");
        d->ents[i].blocker = d->ents[i].type[0] == '_';
    }
    /* generated aliases are made once, after the last load */
    int rc;
    if (!d->generated) {
        if ((rc = add_generated(d, err))) return rc;
        d->generated = true;
    }
    if ((rc = mark_guarded(d, err))) return rc;
    mark_titles(d);
    rc = eg_trie_build(d, err);
    if (rc) return rc;
    d->compiled = true;
    return 0;
}

void eg_dict_write_stats(const eg_dict *d, FILE *out)
{
    /* per type: entities and aliases (explicit ones) */
    typedef struct { const char *type; size_t ents, aliases; } row;
    row *rows = NULL;
    size_t nrows = 0, cap = 0;
    for (size_t i = 0; i < d->nents; i++) {
        size_t r;
        for (r = 0; r < nrows; r++) if (!strcmp(rows[r].type, d->ents[i].type)) break;
        if (r == nrows) {
            if (eg_grow(&rows, &cap, nrows + 1, sizeof *rows)) { eg_free(rows); return; }
            rows[nrows].type = d->ents[i].type; rows[nrows].ents = rows[nrows].aliases = 0; nrows++;
        }
        rows[r].ents++;
    }
    size_t explicit_aliases = 0, kinds[EG_KIND_COUNT] = {0};
    for (size_t i = 0; i < d->naliases; i++) {
        const eg_alias *a = &d->aliases[i];
        kinds[a->kind]++;
        if (a->kind == EG_KIND_PROPAGATED) continue;
        explicit_aliases++;
        for (size_t r = 0; r < nrows; r++)
            if (!strcmp(rows[r].type, d->ents[a->entity].type)) { rows[r].aliases++; break; }
    }
    /* sort rows by type name */
    for (size_t a = 1; a < nrows; a++)
        for (size_t b = a; b > 0 && strcmp(rows[b - 1].type, rows[b].type) > 0; b--) {
            row t = rows[b]; rows[b] = rows[b - 1]; rows[b - 1] = t;
        }
    fprintf(out, "sources: %zu\n", d->nsources);
    for (size_t i = 0; i < d->nsources; i++) fprintf(out, "  %s\n", d->sources[i]);
    fprintf(out, "%-16s %10s %10s\n", "type", "entities", "aliases");
    for (size_t r = 0; r < nrows; r++)
        fprintf(out, "%-16s %10zu %10zu\n", rows[r].type, rows[r].ents, rows[r].aliases);
    fprintf(out, "%-16s %10zu %10zu\n", "total", d->nents, explicit_aliases);
    fprintf(out, "alias kinds:");
    for (int k = 0; k < EG_KIND_COUNT; k++) fprintf(out, " %s=%zu", kind_names[k], kinds[k]);
    fprintf(out, "\n");
    eg_free(rows);
    /* shared keys: walk trie terminals */
    size_t shared = 0;
    for (size_t i = 0; i < d->trie.nnodes; i++) {
        uint32_t a = d->trie.nodes[i].term;
        if (a == EG_NONE) continue;
        uint32_t first = d->aliases[a].entity;
        bool multi = false;
        for (uint32_t b = d->aliases[a].next; b != EG_NONE; b = d->aliases[b].next)
            if (d->aliases[b].entity != first && d->aliases[b].kind != EG_KIND_PROPAGATED &&
                d->aliases[a].kind != EG_KIND_PROPAGATED) multi = true;
        if (!multi) continue;
        shared++;
        fprintf(out, "shared alias '%s':", d->aliases[a].text);
        uint32_t last = EG_NONE;
        for (uint32_t b = a; b != EG_NONE; b = d->aliases[b].next) {
            if (d->aliases[b].kind == EG_KIND_PROPAGATED || d->aliases[b].entity == last) continue;
            last = d->aliases[b].entity;
            fprintf(out, " %s", d->ents[last].id);
        }
        fprintf(out, "\n");
    }
    fprintf(out, "aliases shared by several entities: %zu\n", shared);
}
