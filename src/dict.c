/*
 * dict.c - the dictionary: entities and aliases in flat arrays that the
 * matcher (matcher.c) indexes, how a record from any source format is
 * applied (a new entity, an extension of one from an earlier source, or a
 * drop), and compilation (generated name variants, titles, guards, the
 * trie).  The format readers are dict_jsonl.c and dict_tsv.c; reading the
 * sources once is dict_sources.c; the compiled cache dict_cache.c.
 *
 * A bad dictionary is always an error (the first one wins, reported as
 * file:line:col): a silently partial gazetteer is worse than none.
 */
#include "internal.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_names[EG_KIND_COUNT] = {
    "name", "abbreviation", "demonym", "metonym", "variant", "propagated"
};

const char *eg_alias_kind_name(eg_alias_kind k)
{
    return (unsigned)k < EG_KIND_COUNT ? kind_names[k] : "?";
}

const char *const eg_case_policy_names[3] = { "smart", "exact", "insensitive" };

const char *eg_case_policy_name(eg_case_policy p)
{
    return (unsigned)p < 3 ? eg_case_policy_names[p] : "?";
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
    if (d->blob) eg_free(d->blob);   /* trie arrays live in the cache file's bytes */
    else eg_trie_release(&d->trie);
    eg_free(d->warnings);
    eg_free(d);
}

size_t eg_dict_entity_count(const eg_dict *d) { return d->nents; }
size_t eg_dict_alias_count(const eg_dict *d) { return d->naliases; }
const char *eg_dict_entity_id(const eg_dict *d, size_t i) { return d->ents[i].id; }
const char *eg_dict_entity_label(const eg_dict *d, size_t i) { return d->ents[i].label; }
const char *eg_dict_entity_type(const eg_dict *d, size_t i) { return d->ents[i].type; }
bool eg_dict_entity_provisional(const eg_dict *d, size_t i) { return i < d->nents && d->ents[i].provisional; }
size_t eg_dict_source_count(const eg_dict *d) { return d->nsources; }
const char *eg_dict_source_name(const eg_dict *d, size_t i) { return d->sources[i]; }
size_t eg_dict_warning_count(const eg_dict *d) { return d->nwarnings; }
const eg_error *eg_dict_warning(const eg_dict *d, size_t i) { return &d->warnings[i]; }

long eg_col_at(const char *line, size_t off)
{
    long col = 1;
    for (size_t j = 0; j < off; j++)
        if (((unsigned char)line[j] & 0xC0) != 0x80) col++;
    return col;
}

int eg_dict_warn(eg_dict *d, const char *source, long line, long col, const char *fmt, ...)
{
    if (eg_grow(&d->warnings, &d->capwarnings, d->nwarnings + 1, sizeof *d->warnings)) return EG_ENOMEM;
    eg_error *w = &d->warnings[d->nwarnings++];
    eg_error_clear(w);
    char text[sizeof w->text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    eg_fail(w, EG_EINPUT, source, line, col, "%s", text);
    return 0;
}

size_t eg_dict_entity_index(const eg_dict *d, const char *id)
{
    uint32_t *v = eg_strmap_get(&d->ids, id, strlen(id));
    return v ? *v : SIZE_MAX;
}

uint32_t eg_dict_find(const eg_dict *d, const char *id)
{
    uint32_t *v = eg_strmap_get(&d->ids, id, strlen(id));
    return v ? *v : EG_NONE;
}

int eg_dict_add_source(eg_dict *d, const char *name, uint32_t *source, eg_error *err)
{
    if (d->generated)
        return eg_fail(err, EG_EUSAGE, name, 0, 0, "dictionary already compiled: load every source before eg_dict_compile");
    if (d->nsources >= UINT32_MAX - 1 || eg_grow(&d->sources, &d->capsources, d->nsources + 1, sizeof *d->sources))
        return eg_fail(err, EG_ENOMEM, name, 0, 0, "out of memory");
    char *nm = eg_strndup(name, strlen(name));
    if (!nm) return eg_fail(err, EG_ENOMEM, name, 0, 0, "out of memory");
    d->sources[d->nsources] = nm;
    *source = (uint32_t)d->nsources++;
    return 0;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!(*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) return false;
    return true;
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

static bool has_alnum(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)eg_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp >= 0 && eg_cp_is_alnum(cp)) return true;
    }
    return false;
}

int eg_dict_add_alias(eg_dict *d, uint32_t ent, const char *text, size_t len, eg_alias_kind kind,
                      eg_case_policy policy, uint32_t source, eg_where w, eg_error *err)
{
    const char *src = d->sources[source];
    long line = w.lineno;
#define col (w.line ? eg_col_at(w.line, w.off) : 1)
    const char *id = d->ents[ent].id;
    if (memchr(text, 0, len))
        return eg_fail(err, EG_EINPUT, src, line, col, "alias of '%s' contains a NUL character", id);
    if (!valid_utf8(text, len))
        return eg_fail(err, EG_EINPUT, src, line, col, "alias of '%s' is not valid UTF-8", id);
    bool empty = true;
    for (size_t i = 0; i < len && empty; i++)
        empty = text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n';
    if (empty) return eg_fail(err, EG_EINPUT, src, line, col, "empty alias for '%s'", id);
    if (!has_alnum(text, len))
        return eg_fail(err, EG_EINPUT, src, line, col, "alias '%.*s' of '%s' has no letter or digit", (int)(len > 200 ? 200 : len), text, id);
#undef col
    if (d->naliases >= UINT32_MAX - 1 || eg_grow(&d->aliases, &d->capaliases, d->naliases + 1, sizeof *d->aliases))
        return eg_fail(err, EG_ENOMEM, src, line, 0, "out of memory");
    eg_alias *a = &d->aliases[d->naliases];
    memset(a, 0, sizeof *a);
    a->text = eg_arena_strndup(&d->strings, text, len);
    if (!a->text) return eg_fail(err, EG_ENOMEM, src, line, 0, "out of memory");
    a->entity = ent;
    a->kind = (uint8_t)kind;
    a->next = EG_NONE;
    a->valid_from = a->valid_to = EG_NO_DAY;
    eg_case_shape sh;
    eg_case_shape_of(text, len, &sh);
    a->nwords = (uint8_t)(sh.nwords > 255 ? 255 : sh.nwords);
    a->capmask = sh.capmask;
    /* smart: an acronym (capitals, no lowercase) only matches in its case */
    if (policy == EG_CASE_SMART && sh.has_upper && !sh.has_lower) policy = EG_CASE_EXACT;
    a->policy = (uint8_t)policy;
    d->naliases++;
    d->compiled = false;
    return 0;
}

void eg_dict_last_alias_valid(eg_dict *d, int32_t from, int32_t to)
{
    d->aliases[d->naliases - 1].valid_from = from;
    d->aliases[d->naliases - 1].valid_to = to;
}

int eg_dict_add_guard(eg_dict *d, const char *word, size_t len, eg_error *err)
{
    size_t n;
    char *k = eg_norm_string(word, len, &n);
    bool created;
    if (!k || !eg_strmap_put(&d->guards, k, n, &created)) {
        eg_free(k);
        return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    eg_free(k);
    d->compiled = false;
    return 0;
}

static int set_str(eg_dict *d, char **dst, const char *s, eg_error *err, const char *src, long line)
{
    if (!s) return 0;
    if (!*s) { *dst = NULL; return 0; }   /* "" clears an attribute */
    *dst = eg_arena_strndup(&d->strings, s, strlen(s));
    return *dst ? 0 : eg_fail(err, EG_ENOMEM, src, line, 0, "out of memory");
}

/* A new entity or an extension: fields, attrs and aliases of the record. */
static int apply(eg_dict *d, uint32_t ent, uint32_t source, const eg_entity_rec *r, eg_error *err)
{
    const char *src = d->sources[source];
    long ln = r->lineno;
    eg_entity *e = &d->ents[ent];
    int rc;
    if (r->name) {
        if (blank(r->name)) return eg_fail(err, EG_EINPUT, src, ln, eg_col_at(r->line, r->name_off), "empty name for '%s'", e->id);
        if ((rc = set_str(d, &e->label, r->name, err, src, ln))) return rc;
    }
    if (r->type) {
        if (blank(r->type)) return eg_fail(err, EG_EINPUT, src, ln, eg_col_at(r->line, r->type_off), "empty type for '%s'", e->id);
        if ((rc = set_str(d, &e->type, r->type, err, src, ln))) return rc;
    }
    if ((rc = set_str(d, &e->subtype, r->subtype, err, src, ln))) return rc;
    if (r->has_priority) e->priority = r->priority;
    if (r->provisional) e->provisional = true;
    if (r->valid_from != EG_NO_DAY) e->valid_from = r->valid_from;
    if (r->valid_to != EG_NO_DAY) e->valid_to = r->valid_to;
    if (e->valid_from != EG_NO_DAY && e->valid_to != EG_NO_DAY && e->valid_to < e->valid_from)
        return eg_fail(err, EG_EINPUT, src, ln, 1, "'valid_to' of '%s' is before its 'valid_from'", e->id);
    if (r->policy >= 0) e->policy = (uint8_t)r->policy;
    if ((rc = set_str(d, &e->country, r->country, err, src, ln)) || (rc = set_str(d, &e->given, r->given, err, src, ln)) ||
        (rc = set_str(d, &e->family, r->family, err, src, ln)))
        return rc;
    if (r->order) e->order_family_first = !strcmp(r->order, "family-first");
    eg_case_policy epol = r->policy >= 0 ? (eg_case_policy)r->policy : (eg_case_policy)e->policy;
    if (r->name && (rc = eg_dict_add_alias(d, ent, r->name, strlen(r->name), EG_KIND_NAME, epol, source,
                                           (eg_where){ r->line, r->name_off, ln }, err)))
        return rc;
    for (size_t i = 0; i < r->naliases; i++) {
        const eg_alias_rec *a = &r->aliases[i];
        eg_case_policy pol = a->policy >= 0 ? (eg_case_policy)a->policy : epol;
        if ((rc = eg_dict_add_alias(d, ent, a->text, a->len, (eg_alias_kind)a->kind, pol, source,
                                    (eg_where){ r->line, a->off, ln }, err)))
            return rc;
        if (a->valid_from != EG_NO_DAY && a->valid_to != EG_NO_DAY && a->valid_to < a->valid_from)
            return eg_fail(err, EG_EINPUT, src, ln, eg_col_at(r->line, a->off), "'valid_to' of an alias of '%s' is before its 'valid_from'", e->id);
        eg_dict_last_alias_valid(d, a->valid_from, a->valid_to);
    }
    return 0;
}

int eg_dict_commit(eg_dict *d, uint32_t source, const eg_entity_rec *r, eg_error *err)
{
    const char *src = d->sources[source];
    long ln = r->lineno;
    if (!r->id) return eg_fail(err, EG_EINPUT, src, ln, 1, "missing 'id'");
    long idcol = eg_col_at(r->line, r->id_off);
    if (!r->id[0] || blank(r->id)) return eg_fail(err, EG_EINPUT, src, ln, idcol, "empty id");
    uint32_t ent = eg_dict_find(d, r->id);
    if (ent != EG_NONE) {
        eg_entity *e = &d->ents[ent];
        if (e->source == source)
            return eg_fail(err, EG_EINPUT, src, ln, idcol, "duplicate id '%s' (first defined at %s:%ld)",
                           r->id, d->sources[e->source], e->line);
        /* defined in an earlier source: this record drops or extends it */
        e->source = source;
        e->line = ln;
        e->dropped = r->drop;
        d->compiled = false;
        return r->drop ? 0 : apply(d, ent, source, r, err);
    }
    if (r->drop)
        return eg_fail(err, EG_EINPUT, src, ln, eg_col_at(r->line, r->drop_off),
                       "'drop' of '%s', which no earlier dictionary defines", r->id);
    if (!r->name || !r->type) return eg_fail(err, EG_EINPUT, src, ln, 1, "missing '%s'", r->name ? "type" : "name");
    bool created;
    if (d->nents >= UINT32_MAX - 1 || eg_grow(&d->ents, &d->capents, d->nents + 1, sizeof *d->ents))
        return eg_fail(err, EG_ENOMEM, src, ln, 0, "out of memory");
    uint32_t *slot = eg_strmap_put(&d->ids, r->id, strlen(r->id), &created);
    if (!slot) return eg_fail(err, EG_ENOMEM, src, ln, 0, "out of memory");
    eg_entity *e = &d->ents[d->nents];
    memset(e, 0, sizeof *e);
    e->country_ent = EG_NONE;
    e->source = source;
    e->line = ln;
    e->valid_from = e->valid_to = EG_NO_DAY;
    e->id = eg_arena_strndup(&d->strings, r->id, strlen(r->id));
    e->label = e->type = "";
    if (!e->id) return eg_fail(err, EG_ENOMEM, src, ln, 0, "out of memory");
    *slot = (uint32_t)d->nents;
    d->nents++;
    d->compiled = false;
    return apply(d, *slot, source, r, err);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcasecmp(s + a - b, suf) == 0;
}

/* The format of a buffer whose name has no known extension: JSONL when
 * the first line that is not blank or a comment starts with '{'. */
static bool looks_like_jsonl(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < len) {
        while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
        if (i < len && buf[i] == '#') { while (i < len && buf[i] != '\n') i++; continue; }
        return i >= len || buf[i] == '{';
    }
    return true;
}

int eg_dict_load_buffer(eg_dict *d, const char *name, const char *format,
                        const char *buf, size_t len, eg_error *err)
{
    bool tsv;
    if (format) tsv = !strcmp(format, "tsv");
    else if (ends_with(name, ".tsv") || ends_with(name, ".txt")) tsv = true;
    else if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson") || ends_with(name, ".json")) tsv = false;
    else tsv = !looks_like_jsonl(buf, len);
    uint32_t source;
    int rc = eg_dict_add_source(d, name, &source, err);
    if (rc) return rc;
    return tsv ? eg_dict_read_tsv(d, source, name, buf, len, err) : eg_dict_read_jsonl(d, source, name, buf, len, err);
}

/* A hyphen between two letters ("Won-sik", "Anne-Marie"). */
static bool hyphenated(const char *s)
{
    if (!s[0]) return false;
    for (size_t i = 1; s[i] && s[i + 1]; i++)
        if (s[i] == '-' && s[i - 1] != ' ' && s[i - 1] != '-' && s[i + 1] != ' ' && s[i + 1] != '-') return true;
    return false;
}

/* "Anne-Marie" -> "Anne Marie"; joined: "Won-sik" -> "Wonsik", "Won-Sik"
 * -> "Wonsik" (in place). */
static void unhyphenate(char *s, bool joined)
{
    size_t w = 0;
    for (size_t i = 0; s[i]; i++) {
        bool inner = s[i] == '-' && i > 0 && s[i + 1] && s[i - 1] != ' ' && s[i + 1] != ' ';
        if (!inner) { s[w++] = s[i]; continue; }
        if (!joined) { s[w++] = ' '; continue; }
        if (s[i + 1] >= 'A' && s[i + 1] <= 'Z') { s[w++] = (char)(s[i + 1] + 32); i++; }
    }
    s[w] = 0;
}

/* Generated aliases, made once at compile time:
 * people get "Given Family", "Family Given" for family-first names (a
 * hyphenated given name also spaced, and joined for family-first names),
 * "G. Family" (variant), and the family name as a propagated alias (valid
 * only after a full mention in the same document).  Organisations get no
 * generated head noun: the last word of a name is too often not its head
 * ("Ministry of Justice", "Downing Street", "Casa Rosada"); a short form the
 * press uses belongs in the dictionary as an alias. */
static int add_generated(eg_dict *d, eg_error *err)
{
    size_t n = d->nents;
    int rc = 0;
    eg_buf b = {0}, g1 = {0}, g2 = {0};
    for (size_t i = 0; i < n && !rc; i++) {
        eg_entity *e = &d->ents[i];
        if (e->dropped) continue;
        uint32_t src = e->source;
        long ln = e->line;
        if (e->person && e->family && e->given) {
            bool ff = e->order_family_first;
            /* the given name as written; with a hyphen between letters also
             * spaced ("Anne Marie"), and for family-first names joined
             * ("Won-sik" -> "Wonsik"), as the press writes them */
            const char *forms[3] = { e->given, NULL, NULL };
            if (hyphenated(e->given)) {
                g1.len = g2.len = 0;
                if (eg_buf_puts(&g1, e->given) || eg_buf_putc(&g1, 0)) goto nomem;
                unhyphenate(g1.data, false);
                forms[1] = g1.data;
                if (ff) {
                    if (eg_buf_puts(&g2, e->given) || eg_buf_putc(&g2, 0)) goto nomem;
                    unhyphenate(g2.data, true);
                    forms[2] = g2.data;
                }
            }
            for (int f = 0; f < 3 && !rc; f++) {
                if (!forms[f]) continue;
                b.len = 0;
                if (eg_buf_puts(&b, forms[f]) || eg_buf_putc(&b, ' ') || eg_buf_puts(&b, e->family)) goto nomem;
                rc = eg_dict_add_alias(d, (uint32_t)i, b.data, b.len, EG_KIND_NAME, EG_CASE_SMART, src, (eg_where){ NULL, 0, ln }, err);
                if (!rc && ff) {
                    b.len = 0;
                    if (eg_buf_puts(&b, e->family) || eg_buf_putc(&b, ' ') || eg_buf_puts(&b, forms[f])) goto nomem;
                    rc = eg_dict_add_alias(d, (uint32_t)i, b.data, b.len, EG_KIND_NAME, EG_CASE_SMART, src, (eg_where){ NULL, 0, ln }, err);
                }
            }
            if (!rc && !ff) {
                int32_t cp;
                int k = eg_utf8_decode((const unsigned char *)e->given, strlen(e->given), &cp);
                if (cp > 0 && eg_cp_is_upper(cp)) {
                    b.len = 0;
                    if (eg_buf_put(&b, e->given, (size_t)k) || eg_buf_puts(&b, ". ") || eg_buf_puts(&b, e->family)) goto nomem;
                    rc = eg_dict_add_alias(d, (uint32_t)i, b.data, b.len, EG_KIND_VARIANT, EG_CASE_SMART, src, (eg_where){ NULL, 0, ln }, err);
                    if (!rc) d->aliases[d->naliases - 1].initial = 1;
                }
            }
        }
        if (!rc && e->person && e->family && strlen(e->family) >= 3)
            rc = eg_dict_add_alias(d, (uint32_t)i, e->family, strlen(e->family), EG_KIND_PROPAGATED, EG_CASE_SMART, src, (eg_where){ NULL, 0, ln }, err);
    }
    eg_buf_release(&b);
    eg_buf_release(&g1);
    eg_buf_release(&g2);
    return rc;
nomem:
    eg_buf_release(&b);
    eg_buf_release(&g1);
    eg_buf_release(&g2);
    return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
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
        e->country_ent = v && !d->ents[*v].dropped ? *v : EG_NONE;
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
    size_t dropped = 0;
    for (size_t i = 0; i < d->nents; i++) {
        if (d->ents[i].dropped) { dropped++; continue; }
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
        if (d->ents[a->entity].dropped) continue;
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
    fprintf(out, "%-16s %10zu %10zu\n", "total", d->nents - dropped, explicit_aliases);
    if (dropped) fprintf(out, "dropped entities: %zu\n", dropped);
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
