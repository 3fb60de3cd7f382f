/*
 * import_wikidata.c - Wikidata entities: the JSON dump (latest-all.json:
 * one JSON array, an entity per line), one entity per line (NDJSON, as
 * wikibase-dump-filter writes), and SPARQL query results (SPARQL 1.1 Query
 * Results JSON Format).
 *
 * An entity's type comes from its P31 (instance of) classes through the
 * type map: the first class in the map, preferred statements before normal
 * ones, each in the order listed.  Labels and aliases are read in the --lang
 * languages, in that order, then "mul" (Wikidata's label for all
 * languages); the name is the first label found.  attrs.country is the P27
 * (citizenship) of a person, else the P17 (country), as a country id: the
 * country items of the same input give their ISO code (P298), the table
 * below covers common ones.  valid_from is the birth (P569) of a person or
 * the inception (P571) of anything else, at day, month or year precision
 * (Gregorian only).  Death and dissolution dates are not used as valid_to:
 * the dead and the dissolved are still written about, and an entity with a
 * valid_to never matches an undated document.
 *
 * Verified with the search tool (code corpus: public Wikidata queries and
 * type tables that label each id; at least two agreeing sources each):
 * Q5 human, Q6256 country, Q3624078 sovereign state, Q327333 government
 * agency, Q192350 ministry, Q47913 intelligence agency, Q772547 armed
 * forces, Q2659904 government organization, Q4830453 business, Q783794
 * company, Q891723 public company, Q6881511 enterprise, Q7278 political
 * party, Q11032 newspaper, Q192283 news agency, Q484652 international
 * organization, Q245065 intergovernmental organization, Q43229
 * organization, Q163740 nonprofit organization; P298 ISO 3166-1 alpha-3
 * (used as `?country wdt:P298 ?iso3` in many queries).  The country table
 * was checked against a published Q-id -> ISO3 table.
 */
#include "import_internal.h"
#include <stdlib.h>

static const struct { const char *q, *type, *subtype; } default_types[] = {
    { "Q5", "person", NULL },
    { "Q6256", "country", NULL },
    { "Q3624078", "country", NULL },
    { "Q327333", "agency", "government" },
    { "Q192350", "agency", "ministry" },
    { "Q47913", "agency", "intelligence" },
    { "Q772547", "agency", "military" },
    { "Q2659904", "agency", "government" },
    { "Q4830453", "organization", "company" },
    { "Q783794", "organization", "company" },
    { "Q891723", "organization", "company" },
    { "Q6881511", "organization", "company" },
    { "Q7278", "organization", "party" },
    { "Q11032", "organization", "media" },
    { "Q192283", "organization", "media" },
    { "Q484652", "organization", "intergovernmental" },
    { "Q245065", "organization", "intergovernmental" },
    { "Q43229", "organization", NULL },
    { "Q163740", "organization", NULL },
};

static const struct { const char *q, *iso3; } default_countries[] = {
    {"Q30", "USA"}, {"Q16", "CAN"}, {"Q96", "MEX"}, {"Q145", "GBR"}, {"Q408", "AUS"}, {"Q664", "NZL"},
    {"Q142", "FRA"}, {"Q183", "DEU"}, {"Q38", "ITA"}, {"Q29", "ESP"}, {"Q155", "BRA"}, {"Q414", "ARG"},
    {"Q39", "CHE"}, {"Q55", "NLD"}, {"Q31", "BEL"}, {"Q33", "FIN"}, {"Q34", "SWE"}, {"Q20", "NOR"},
    {"Q35", "DNK"}, {"Q17", "JPN"}, {"Q148", "CHN"}, {"Q298", "CHL"}, {"Q739", "COL"}, {"Q717", "VEN"},
    {"Q258", "ZAF"}, {"Q27", "IRL"}, {"Q40", "AUT"}, {"Q36", "POL"}, {"Q213", "CZE"}, {"Q45", "PRT"},
    {"Q159", "RUS"}, {"Q212", "UKR"}, {"Q43", "TUR"}, {"Q801", "ISR"}, {"Q419", "PER"}, {"Q77", "URY"},
    {"Q750", "BOL"}, {"Q736", "ECU"}, {"Q733", "PRY"}, {"Q800", "CRI"}, {"Q804", "PAN"}, {"Q241", "CUB"},
    {"Q786", "DOM"}, {"Q766", "JAM"}, {"Q28", "HUN"}, {"Q218", "ROU"}, {"Q224", "HRV"}, {"Q215", "SVN"},
    {"Q41", "GRC"}, {"Q884", "KOR"}, {"Q865", "TWN"}, {"Q334", "SGP"}, {"Q833", "MYS"}, {"Q252", "IDN"},
    {"Q928", "PHL"}, {"Q668", "IND"}, {"Q869", "THA"},
};

static int set_type(eg_importer *im, const char *q, size_t qn, const char *type, size_t tn, const char *sub, size_t sn,
                    eg_error *err)
{
    bool created;
    uint32_t *v = eg_strmap_put(&im->typemap, q, qn, &created);
    if (!v || (created && eg_grow(&im->tm, &im->captm, im->ntm + 1, sizeof *im->tm)))
        return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    if (created) { *v = (uint32_t)im->ntm; im->tm[im->ntm++] = (imp_type){ NULL, NULL }; }
    imp_type *t = &im->tm[*v];
    eg_free(t->type); eg_free(t->subtype);
    t->type = t->subtype = NULL;
    if (tn == 1 && type[0] == '-') return 0;   /* "-": the class is not imported */
    if (!(t->type = eg_strndup(type, tn)) || (sn && !(t->subtype = eg_strndup(sub, sn))))
        return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    return 0;
}

static bool is_qid(const char *s, size_t n)
{
    if (n < 2 || n > 20 || s[0] != 'Q' || s[1] == '0') return false;
    for (size_t i = 1; i < n; i++) if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* --type-map: lines "Q5<TAB>person[<TAB>subtype]", '#' comments; a type
 * "-" removes the class.  Added to the built-in table, replacing. */
static int read_type_map(eg_importer *im, const char *text, const char *name, eg_error *err)
{
    long line = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        line++;
        const char *s = p;
        p += n + (nl != NULL);
        if (n && s[n - 1] == '\r') n--;
        if (!n || s[0] == '#') continue;
        const char *t1 = memchr(s, '\t', n);
        if (!t1) return eg_fail(err, EG_EINPUT, name, line, 1, "expected 'Q-id<TAB>type[<TAB>subtype]'");
        const char *t2 = memchr(t1 + 1, '\t', (size_t)(s + n - t1 - 1));
        size_t qn = (size_t)(t1 - s), tn = (size_t)((t2 ? t2 : s + n) - t1 - 1), sn = t2 ? (size_t)(s + n - t2 - 1) : 0;
        if (!is_qid(s, qn)) return eg_fail(err, EG_EINPUT, name, line, 1, "'%.*s' is not a Wikidata item id (Q5, Q7278, ...)", (int)(qn > 40 ? 40 : qn), s);
        if (!tn) return eg_fail(err, EG_EINPUT, name, line, (long)qn + 2, "an empty type");
        int rc = set_type(im, s, qn, t1 + 1, tn, t2 ? t2 + 1 : NULL, sn, err);
        if (rc) return rc;
    }
    return 0;
}

int imp_wd_init(eg_importer *im, eg_error *err)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof default_types / sizeof default_types[0]; i++) {
        const char *s = default_types[i].subtype;
        rc = set_type(im, default_types[i].q, strlen(default_types[i].q), default_types[i].type, strlen(default_types[i].type),
                      s, s ? strlen(s) : 0, err);
    }
    for (size_t i = 0; !rc && i < sizeof default_countries / sizeof default_countries[0]; i++)
        rc = imp_qcountry_add(im, default_countries[i].q, strlen(default_countries[i].q), default_countries[i].iso3, err);
    if (!rc && im->o.type_map) rc = read_type_map(im, im->o.type_map, im->o.type_map_name ? im->o.type_map_name : "--type-map", err);
    return rc;
}

static bool key_is(const eg_json_key *k, const char *s) { return k->n == strlen(s) && !memcmp(k->s, s, k->n); }

/* ---- statements */
enum { PR_P31, PR_P27, PR_P17, PR_P298, PR_P569, PR_P571, PR_N };
static const char *const wanted_props[PR_N] = { "P31", "P27", "P17", "P298", "P569", "P571" };

typedef struct snak {
    char q[24];        /* an item value */
    char str[8];       /* a short string value (P298) */
    char time[40];
    long long precision;
    bool gregorian;
    int rank;          /* 0 preferred, 1 normal, 2 deprecated */
} snak;

typedef struct wd_best { int rank; char v[24]; } wd_best;   /* the best-ranked value, first wins a tie */

static int copy_small(eg_json *j, eg_buf *tmp, char *out, size_t size, const char *what)
{
    int rc = eg_json_string(j, tmp, false, what);
    if (rc) return rc;
    if (tmp->len < size) memcpy(out, tmp->data, tmp->len + 1);
    else out[0] = 0;   /* too long to be what we look for */
    return 0;
}

static int read_value(eg_importer *im, snak *s)
{
    eg_json *j = &im->j;
    int c = eg_json_peek(j);
    if (c == '"') return copy_small(j, &im->s2, s->str, sizeof s->str, "a string value");
    if (c != '{') return eg_json_skip(j);
    int rc = eg_json_object(j);
    eg_json_key k;
    while (!rc && (rc = eg_json_member(j, &k)) == 1) {
        if (key_is(&k, "id")) rc = copy_small(j, &im->s2, s->q, sizeof s->q, "'id'");
        else if (key_is(&k, "numeric-id") && !s->q[0]) {
            const char *t; size_t n; bool integer;
            rc = eg_json_number_text(j, &t, &n, &integer);
            if (!rc && integer && n < sizeof s->q - 1 && t[0] != '-') { s->q[0] = 'Q'; memcpy(s->q + 1, t, n); s->q[n + 1] = 0; }
        } else if (key_is(&k, "time")) rc = copy_small(j, &im->s2, s->time, sizeof s->time, "'time'");
        else if (key_is(&k, "precision")) rc = eg_json_integer(j, 0, 14, &s->precision, "'precision'");
        else if (key_is(&k, "calendarmodel")) {
            if (!(rc = eg_json_string(j, &im->s2, false, "'calendarmodel'")))
                s->gregorian = im->s2.len >= 8 && !strcmp(im->s2.data + im->s2.len - 8, "Q1985727");
        } else rc = eg_json_skip(j);
    }
    return rc < 0 ? rc : 0;
}

static int read_snak(eg_importer *im, snak *s)
{
    eg_json *j = &im->j;
    int rc = eg_json_object(j);
    eg_json_key k;
    while (!rc && (rc = eg_json_member(j, &k)) == 1) {
        if (key_is(&k, "datavalue")) {
            if ((rc = eg_json_object(j))) break;
            eg_json_key k2;
            while (!rc && (rc = eg_json_member(j, &k2)) == 1)
                rc = key_is(&k2, "value") ? read_value(im, s) : eg_json_skip(j);
        } else rc = eg_json_skip(j);
    }
    return rc < 0 ? rc : 0;
}

/* A statement list: fn(value) for each statement that is not deprecated. */
static int read_statements(eg_importer *im, int prop, wd_best *best)
{
    eg_json *j = &im->j;
    int rc = eg_json_array(j), it;
    while (!rc && (it = eg_json_item(j)) == 1) {
        snak s;
        memset(&s, 0, sizeof s);
        s.rank = 1;
        if ((rc = eg_json_object(j))) break;
        eg_json_key k;
        while (!rc && (rc = eg_json_member(j, &k)) == 1) {
            if (key_is(&k, "mainsnak")) rc = read_snak(im, &s);
            else if (key_is(&k, "rank")) {
                if (!(rc = eg_json_string(j, &im->s2, false, "'rank'")))
                    s.rank = !strcmp(im->s2.data, "preferred") ? 0 : !strcmp(im->s2.data, "deprecated") ? 2 : 1;
            } else rc = eg_json_skip(j);
        }
        if (rc < 0) break;
        rc = 0;
        if (s.rank == 2) continue;
        const char *v = NULL;
        char date[11];
        if (prop == PR_P31 && is_qid(s.q, strlen(s.q))) {
            if (eg_grow(&im->cls, &im->capcls, im->ncls + 1, sizeof *im->cls)) return EG_ENOMEM;
            im->cls[im->ncls].rank = (uint8_t)s.rank;
            memcpy(im->cls[im->ncls].q, s.q, sizeof s.q);
            im->ncls++;
            continue;
        }
        if ((prop == PR_P27 || prop == PR_P17) && is_qid(s.q, strlen(s.q))) v = s.q;
        if (prop == PR_P298 && strlen(s.str) == 3) v = s.str;
        if ((prop == PR_P569 || prop == PR_P571) && s.time[0] == '+' && s.gregorian && s.precision >= 9) {
            /* "+1952-03-11T00:00:00Z"; a year or month precision has zeros */
            const char *t = s.time + 1;
            if (strlen(t) >= 10 && t[4] == '-' && t[7] == '-') {
                memcpy(date, t, 10);
                date[10] = 0;
                if (s.precision < 11) memcpy(date + 8, "01", 2);
                if (s.precision < 10) memcpy(date + 5, "01", 2);
                int32_t day;
                if (!eg_date_parse(date, &day)) v = date;
            }
        }
        if (v && s.rank < best->rank) { best->rank = s.rank; snprintf(best->v, sizeof best->v, "%s", v); }
    }
    if (!rc && it < 0) rc = it;
    return rc;
}

/* The string in s1 as a label or alias of language index lang. */
static int name_add(eg_importer *im, int lang, bool label)
{
    uint32_t t;
    if (imp_str(&im->rec, im->s1.data, im->s1.len, &t)) return EG_ENOMEM;
    if (!t) return 0;
    if (eg_grow(&im->wn, &im->capwn, im->nwn + 1, sizeof *im->wn)) return EG_ENOMEM;
    im->wn[im->nwn] = (struct wd_name){ (uint32_t)lang, (uint32_t)im->nwn, t, label };
    im->nwn++;
    return 0;
}

/* {"language": ..., "value": ...}: the value into s1. */
static int read_term(eg_importer *im, bool *got)
{
    eg_json *j = &im->j;
    *got = false;
    int rc = eg_json_object(j);
    eg_json_key k;
    while (!rc && (rc = eg_json_member(j, &k)) == 1) {
        if (key_is(&k, "value")) { rc = eg_json_string(j, &im->s1, false, "'value'"); *got = !rc; }
        else rc = eg_json_skip(j);
    }
    return rc < 0 ? rc : 0;
}

static int cmp_name(const void *a, const void *b)
{
    const struct wd_name *x = a, *y = b;
    if (x->lang != y->lang) return x->lang < y->lang ? -1 : 1;
    if (x->label != y->label) return x->label ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *lang_name(const eg_importer *im, uint32_t i) { return i < im->nlangs ? im->langs[i] : "mul"; }

/* The names gathered in wn: sorted, the first label the name, all aliases. */
static int names_to_rec(eg_importer *im)
{
    imp_rec *r = &im->rec;
    qsort(im->wn, im->nwn, sizeof *im->wn, cmp_name);
    for (size_t i = 0; i < im->nwn && !r->name; i++)
        if (im->wn[i].label) r->name = im->wn[i].text;
    /* the texts are in r's strings already: point at them (a copy could
     * move the buffer under a pointer into it) */
    for (size_t i = 0; i < im->nwn; i++) {
        const char *ln = lang_name(im, im->wn[i].lang);
        uint32_t l;
        if (imp_str(r, ln, strlen(ln), &l) || eg_grow(&r->al, &r->capal, r->nal + 1, sizeof *r->al)) return EG_ENOMEM;
        r->al[r->nal++] = (imp_alias){ im->wn[i].text, l, EG_KIND_NAME, -1 };
    }
    return 0;
}

static int set_id(eg_importer *im, const char *q)
{
    imp_rec *r = &im->rec;
    im->s2.len = 0;
    if (eg_buf_puts(&im->s2, "wd:") || eg_buf_puts(&im->s2, q)) return EG_ENOMEM;
    return imp_str(r, im->s2.data, im->s2.len, &r->id) ? EG_ENOMEM : 0;
}

int imp_wd_line(eg_importer *im, const char *line, size_t len, long lineno, eg_error *err)
{
    imp_rec *r = &im->rec;
    imp_rec_reset(r);
    r->line = lineno;
    im->nwn = im->ncls = 0;
    eg_error e;
    eg_error_clear(&e);
    eg_json *j = &im->j;
    eg_json_init(j, line, len, im->source, lineno, &e);
    char qid[24] = "";
    bool item = true;
    wd_best best[PR_N];
    for (int i = 0; i < PR_N; i++) { best[i].rank = 3; best[i].v[0] = 0; }
    long sitelinks = 0;
    int rc = eg_json_object(j);
    eg_json_key k;
    while (!rc && (rc = eg_json_member(j, &k)) == 1) {
        rc = 0;
        if (key_is(&k, "id")) rc = copy_small(j, &im->s2, qid, sizeof qid, "'id'");
        else if (key_is(&k, "type")) { if (!(rc = eg_json_string(j, &im->s2, false, "'type'"))) item = !strcmp(im->s2.data, "item"); }
        else if (key_is(&k, "labels") || key_is(&k, "aliases")) {
            bool labels = k.s[0] == 'l';
            if ((rc = eg_json_object(j))) break;
            eg_json_key lk;
            while (!rc && (rc = eg_json_member(j, &lk)) == 1) {
                int li = imp_lang_index(im, lk.s, lk.n);
                if (li < 0) { rc = eg_json_skip(j); continue; }
                bool got;
                if (labels) {
                    if (!(rc = read_term(im, &got)) && got) rc = name_add(im, li, true);
                } else {
                    int it;
                    if ((rc = eg_json_array(j))) break;
                    while (!rc && (it = eg_json_item(j)) == 1)
                        if (!(rc = read_term(im, &got)) && got) rc = name_add(im, li, false);
                    if (!rc && it < 0) rc = it;
                }
            }
            if (rc > 0) rc = 0;
        } else if (key_is(&k, "claims") || key_is(&k, "statements")) {
            if ((rc = eg_json_object(j))) break;
            eg_json_key pk;
            while (!rc && (rc = eg_json_member(j, &pk)) == 1) {
                int p = -1;
                for (int i = 0; i < PR_N && p < 0; i++) if (key_is(&pk, wanted_props[i])) p = i;
                rc = p < 0 ? eg_json_skip(j) : read_statements(im, p, &best[p]);
            }
            if (rc > 0) rc = 0;
        } else if (key_is(&k, "sitelinks")) {
            if ((rc = eg_json_object(j))) break;
            eg_json_key sk;
            while (!rc && (rc = eg_json_member(j, &sk)) == 1) { sitelinks++; rc = eg_json_skip(j); }
            if (rc > 0) rc = 0;
        } else rc = eg_json_skip(j);
    }
    if (rc > 0) rc = 0;
    if (!rc) rc = eg_json_end(j);
    if (rc == EG_ENOMEM || e.code == EG_ENOMEM) return eg_fail(err, EG_ENOMEM, im->source, lineno, 0, "out of memory");
    if (rc < 0) {
        imp_warn_err(im, &e);
        im->st.skipped[EG_ISKIP_BAD]++;
        return 0;
    }
    if (!qid[0]) {
        imp_warn(im, lineno, 1, "an entity without 'id'; skipped");
        im->st.skipped[EG_ISKIP_NO_ID]++;
        return 0;
    }
    if (!item || !is_qid(qid, strlen(qid))) { im->st.skipped[EG_ISKIP_NOT_ITEM]++; return 0; }
    if (best[PR_P298].v[0] && (rc = imp_qcountry_add(im, qid, strlen(qid), best[PR_P298].v, err))) return rc;
    const imp_type *ty = NULL;
    for (int rank = 0; rank < 2 && !ty; rank++)
        for (size_t i = 0; i < im->ncls && !ty; i++)
            if (im->cls[i].rank == rank) ty = imp_class_type(im, im->cls[i].q, strlen(im->cls[i].q));
    const char *type = ty ? ty->type : im->o.default_type;
    if (!type) { im->st.skipped[EG_ISKIP_NO_TYPE]++; return 0; }
    if (!imp_type_wanted(im, type)) { im->st.skipped[EG_ISKIP_TYPES]++; return 0; }
    if (im->o.min_sitelinks > 0 && sitelinks < im->o.min_sitelinks) { im->st.skipped[EG_ISKIP_SITELINKS]++; return 0; }
    bool person = !strcmp(type, "person");
    if (names_to_rec(im) || set_id(im, qid) || imp_str(r, type, strlen(type), &r->type) ||
        (ty && ty->subtype && imp_str(r, ty->subtype, strlen(ty->subtype), &r->subtype)))
        return eg_fail(err, EG_ENOMEM, im->source, lineno, 0, "out of memory");
    if (!r->name) { im->st.skipped[EG_ISKIP_NO_NAME]++; return 0; }
    r->sitelinks = sitelinks;
    const char *cq = person && best[PR_P27].v[0] ? best[PR_P27].v : best[PR_P17].v;
    const char *vf = person ? best[PR_P569].v : best[PR_P571].v;
    if ((cq[0] && imp_str(r, cq, strlen(cq), &r->country_q)) || (vf[0] && imp_str(r, vf, strlen(vf), &r->valid_from)))
        return eg_fail(err, EG_ENOMEM, im->source, lineno, 0, "out of memory");
    return imp_emit(im, err);
}

/* ---- SPARQL results: {"head": {"vars": [...]}, "results": {"bindings": [
 * {"var": {"type": "uri"|"literal"|..., "value": ..., "xml:lang": ...}}]}}.
 * Variables read: item (required), itemLabel, altLabel (one alias per
 * row), type (a P31 class), country (an item, or an ISO code literal),
 * sitelinks, start (a date).  Rows of one item are merged. */
enum { V_ITEM, V_LABEL, V_ALT, V_TYPE, V_COUNTRY, V_SITELINKS, V_START, V_N };
static const char *const vars[V_N] = { "item", "itemLabel", "altLabel", "type", "country", "sitelinks", "start" };

typedef struct term { bool set, uri; eg_buf value; char lang[24]; } term;

static int read_rdf_term(eg_importer *im, term *t)
{
    eg_json *j = &im->j;
    int rc = eg_json_object(j);
    eg_json_key k;
    t->set = true;
    t->uri = false;
    t->lang[0] = 0;
    t->value.len = 0;
    if (t->value.data) t->value.data[0] = 0;
    while (!rc && (rc = eg_json_member(j, &k)) == 1) {
        if (key_is(&k, "type")) { if (!(rc = eg_json_string(j, &im->s2, false, "'type'"))) t->uri = !strcmp(im->s2.data, "uri"); }
        else if (key_is(&k, "value")) rc = eg_json_string(j, &t->value, false, "'value'");
        else if (key_is(&k, "xml:lang")) rc = copy_small(j, &im->s2, t->lang, sizeof t->lang, "'xml:lang'");
        else rc = eg_json_skip(j);
    }
    return rc < 0 ? rc : 0;
}

static const char *uri_qid(const term *t)
{
    if (!t->set || !t->uri || !t->value.data) return NULL;
    const char *s = strrchr(t->value.data, '/');
    s = s ? s + 1 : t->value.data;
    return is_qid(s, strlen(s)) ? s : NULL;
}

static bool lang_ok(const eg_importer *im, const term *t)
{
    return !t->lang[0] || imp_lang_index(im, t->lang, strlen(t->lang)) >= 0;
}

static int binding(eg_importer *im, term *tv, long line, eg_error *err)
{
    imp_rec *r = &im->rec;
    imp_rec_reset(r);
    r->line = line;
    const char *q = uri_qid(&tv[V_ITEM]);
    if (!q) {
        imp_warn(im, line, 1, "a result row without an ?item Wikidata entity URI; skipped");
        im->st.skipped[tv[V_ITEM].set ? EG_ISKIP_BAD : EG_ISKIP_NO_ID]++;
        return 0;
    }
    if (set_id(im, q)) return eg_fail(err, EG_ENOMEM, im->source, line, 0, "out of memory");
    int rc = 0;
    term *l = &tv[V_LABEL], *a = &tv[V_ALT];
    /* the label service gives the bare Q-id when an item has no label */
    if (l->set && !l->uri && lang_ok(im, l) && strcmp(l->value.data ? l->value.data : "", q)) {
        rc = imp_str(r, l->value.data, l->value.len, &r->name);
        if (!rc && r->name) rc = imp_alias_add(r, l->value.data, l->value.len, EG_KIND_NAME, -1, l->lang[0] ? l->lang : NULL);
    }
    if (!rc && a->set && !a->uri && lang_ok(im, a)) rc = imp_alias_add(r, a->value.data, a->value.len, EG_KIND_NAME, -1, a->lang[0] ? a->lang : NULL);
    const char *tq = uri_qid(&tv[V_TYPE]);
    const imp_type *ty = tq ? imp_class_type(im, tq, strlen(tq)) : NULL;
    const char *type = ty ? ty->type : im->o.default_type;
    if (!rc && type) rc = imp_str(r, type, strlen(type), &r->type);
    if (!rc && ty && ty->subtype) rc = imp_str(r, ty->subtype, strlen(ty->subtype), &r->subtype);
    term *c = &tv[V_COUNTRY];
    if (!rc && c->set) {
        const char *cq = uri_qid(c);
        if (cq) rc = imp_str(r, cq, strlen(cq), &r->country_q);
        else if (!c->uri && c->value.data) {
            const char *cid = eg_country_id_for_code(c->value.data, c->value.len);
            if (cid) rc = imp_str(r, cid, strlen(cid), &r->country);
        }
    }
    if (!rc && tv[V_SITELINKS].set && tv[V_SITELINKS].value.data) r->sitelinks = strtol(tv[V_SITELINKS].value.data, NULL, 10);
    term *st = &tv[V_START];
    if (!rc && st->set && st->value.len >= 10) {
        char date[11];
        int32_t day;
        memcpy(date, st->value.data, 10);
        date[10] = 0;
        if (!eg_date_parse(date, &day)) rc = imp_str(r, date, 10, &r->valid_from);
    }
    if (rc) return eg_fail(err, EG_ENOMEM, im->source, line, 0, "out of memory");
    return imp_emit(im, err);
}

int imp_wd_sparql(eg_importer *im, const char *buf, size_t len, eg_error *err)
{
    eg_error e;
    eg_error_clear(&e);
    eg_json *j = &im->j;
    eg_json_init(j, buf, len, im->source, 1, &e);
    term tv[V_N];
    memset(tv, 0, sizeof tv);
    int rc = eg_json_object(j), fatal = 0;
    eg_json_key k;
    while (!rc && !fatal && (rc = eg_json_member(j, &k)) == 1) {
        rc = 0;
        if (!key_is(&k, "results")) { rc = eg_json_skip(j); continue; }
        if ((rc = eg_json_object(j))) break;
        eg_json_key rk;
        while (!rc && !fatal && (rc = eg_json_member(j, &rk)) == 1) {
            rc = 0;
            if (!key_is(&rk, "bindings")) { rc = eg_json_skip(j); continue; }
            if ((rc = eg_json_array(j))) break;
            int it;
            /* where each row starts, counted on from the last one (eg_json_where
             * counts from the start: quadratic over a big result) */
            const unsigned char *at = j->base;
            long line = 1;
            while (!rc && !fatal && (it = eg_json_item(j)) == 1) {
                for (; at < j->p; at++) line += *at == '\n';
                for (int v = 0; v < V_N; v++) tv[v].set = false;
                if ((rc = eg_json_object(j))) break;
                eg_json_key bk;
                while (!rc && (rc = eg_json_member(j, &bk)) == 1) {
                    int v = -1;
                    for (int i = 0; i < V_N && v < 0; i++) if (key_is(&bk, vars[i])) v = i;
                    rc = v < 0 ? eg_json_skip(j) : read_rdf_term(im, &tv[v]);
                }
                if (rc < 0) break;
                rc = 0;
                im->st.records++;
                fatal = binding(im, tv, line, err);
            }
            if (!rc && !fatal && it < 0) rc = it;
        }
        if (rc > 0) rc = 0;
    }
    if (rc > 0) rc = 0;
    if (!rc && !fatal) rc = eg_json_end(j);
    for (int v = 0; v < V_N; v++) eg_buf_release(&tv[v].value);
    if (fatal) return fatal;
    if (rc == EG_ENOMEM || e.code == EG_ENOMEM) return eg_fail(err, EG_ENOMEM, im->source, 0, 0, "out of memory");
    if (rc < 0) {
        /* one JSON text: nothing after the error can be read */
        imp_warn_err(im, &e);
        im->st.skipped[EG_ISKIP_BAD]++;
    }
    return 0;
}
