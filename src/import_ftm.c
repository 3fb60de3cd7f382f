/*
 * import_ftm.c - FollowTheMoney entities (OpenSanctions exports), one JSON
 * object per line: {"id", "schema", "caption", "properties": {"name": [...],
 * ...}, ...}.  Every property value is a list of strings.
 *
 * Schemas: Person -> person; Organization, Company, LegalEntity ->
 * organization (Company with subtype company); PublicBody -> agency.  Any
 * other schema (Vessel, Airplane, Address, the relationship schemata) is
 * skipped and counted.  Names: the caption (OpenSanctions' display name)
 * or the first name is the entity's name; name, alias and previousName are
 * aliases, abbreviation an abbreviation, weakAlias a variant matched in its
 * exact case (FtM marks them as too weak to match on their own).  The
 * country is the first code that maps to a country id, looking at
 * citizenship, nationality, jurisdiction, mainCountry, then country;
 * position values become attrs.position.
 */
#include "import_internal.h"

enum { P_NAME, P_ALIAS, P_PREVIOUS, P_ABBREV, P_WEAK, P_POSITION,
       P_CITIZENSHIP, P_NATIONALITY, P_JURISDICTION, P_MAINCOUNTRY, P_COUNTRY, P_N };
static const char *const props[P_N] = { "name", "alias", "previousName", "abbreviation", "weakAlias", "position",
                                        "citizenship", "nationality", "jurisdiction", "mainCountry", "country" };

static const struct { const char *schema, *type, *subtype; } schemas[] = {
    { "Person", "person", NULL },
    { "Organization", "organization", NULL },
    { "Company", "organization", "company" },
    { "LegalEntity", "organization", NULL },
    { "PublicBody", "agency", NULL },
};

static bool key_is(const eg_json_key *k, const char *s) { return k->n == strlen(s) && !memcmp(k->s, s, k->n); }

int imp_ftm_line(eg_importer *im, const char *line, size_t len, long lineno, eg_error *err)
{
    imp_rec *r = &im->rec;
    imp_rec_reset(r);
    r->line = lineno;
    eg_error e;
    eg_error_clear(&e);
    eg_json *j = &im->j;
    eg_json_init(j, line, len, im->source, lineno, &e);
    int rc = eg_json_object(j);
    eg_json_key k;
    int best_country = P_N;
    uint32_t caption = 0, schema = 0;
    while (!rc && (rc = eg_json_member(j, &k)) == 1) {
        rc = 0;
        if (key_is(&k, "id")) {
            if (!(rc = eg_json_string(j, &im->s1, false, "'id'")) && imp_str(r, im->s1.data, im->s1.len, &r->id)) rc = EG_ENOMEM;
        } else if (key_is(&k, "schema")) {
            if (!(rc = eg_json_string(j, &im->s1, false, "'schema'")) && imp_str(r, im->s1.data, im->s1.len, &schema)) rc = EG_ENOMEM;
        } else if (key_is(&k, "caption")) {
            if (!(rc = eg_json_string(j, &im->s1, false, "'caption'")) && imp_str(r, im->s1.data, im->s1.len, &caption)) rc = EG_ENOMEM;
        } else if (key_is(&k, "properties")) {
            if ((rc = eg_json_object(j))) break;
            eg_json_key pk;
            while (!rc && (rc = eg_json_member(j, &pk)) == 1) {
                rc = 0;
                int p = -1;
                for (int i = 0; i < P_N && p < 0; i++) if (key_is(&pk, props[i])) p = i;
                if (p < 0) { rc = eg_json_skip(j); continue; }
                char what[48];
                snprintf(what, sizeof what, "'properties.%s'", props[p]);
                if (eg_json_peek(j) != '[') { rc = eg_json_fail(j, NULL, EG_EINPUT, "%s must be a list of strings", what); break; }
                if ((rc = eg_json_array(j))) break;
                int it;
                while (!rc && (it = eg_json_item(j)) == 1) {
                    if ((rc = eg_json_string(j, &im->s1, false, what))) break;
                    const char *s = im->s1.data;
                    size_t n = im->s1.len;
                    if (p <= P_WEAK) {
                        static const uint8_t kinds[] = { EG_KIND_NAME, EG_KIND_NAME, EG_KIND_NAME, EG_KIND_ABBREVIATION, EG_KIND_VARIANT };
                        size_t before = r->nal;
                        if (imp_alias_add(r, s, n, (eg_alias_kind)kinds[p], p == P_WEAK ? EG_CASE_EXACT : -1, NULL)) rc = EG_ENOMEM;
                        else if (r->nal > before) r->al[before].lang = (uint32_t)p;   /* the property, until sorted below */
                    } else if (p == P_POSITION) {
                        if (imp_pos_add(r, s, n)) rc = EG_ENOMEM;
                    } else if (p < best_country && eg_country_id_for_code(s, n)) {
                        uint32_t o;
                        const char *cid = eg_country_id_for_code(s, n);
                        if (imp_str(r, cid, strlen(cid), &o)) rc = EG_ENOMEM;
                        else { r->country = o; best_country = p; }
                    }
                }
                if (!rc && it < 0) rc = it;
            }
            if (rc == 0 || rc == 1) rc = 0;
        } else rc = eg_json_skip(j);
    }
    if (rc >= 0 && !(rc = rc == 1 ? 0 : rc)) rc = eg_json_end(j);
    if (rc == EG_ENOMEM || (rc < 0 && e.code == EG_ENOMEM)) return eg_fail(err, EG_ENOMEM, im->source, lineno, 0, "out of memory");
    if (rc < 0) {
        imp_warn_err(im, &e);
        im->st.skipped[EG_ISKIP_BAD]++;
        return 0;
    }
    if (!r->id) {
        imp_warn(im, lineno, 1, "an entity without 'id'; skipped");
        im->st.skipped[EG_ISKIP_NO_ID]++;
        return 0;
    }
    const char *sch = schema ? imp_s(r, schema) : "";
    size_t si = 0;
    while (si < sizeof schemas / sizeof schemas[0] && strcmp(schemas[si].schema, sch)) si++;
    if (si == sizeof schemas / sizeof schemas[0]) {
        if (!schema) imp_warn(im, lineno, 1, "entity '%s' has no 'schema'; skipped", imp_s(r, r->id));
        im->st.skipped[schema ? EG_ISKIP_SCHEMA : EG_ISKIP_BAD]++;
        return 0;
    }
    /* stable order: strong names, abbreviations, weak aliases (by property),
     * each as listed; insertion sort (a handful of names) */
    for (size_t i = 1; i < r->nal; i++) {
        imp_alias a = r->al[i];
        size_t k2 = i;
        while (k2 && r->al[k2 - 1].lang > a.lang) { r->al[k2] = r->al[k2 - 1]; k2--; }
        r->al[k2] = a;
    }
    for (size_t i = 0; i < r->nal; i++) r->al[i].lang = 0;
    uint32_t o;
    /* id ftm:<id> */
    im->s2.len = 0;
    if (eg_buf_puts(&im->s2, "ftm:") || eg_buf_puts(&im->s2, imp_s(r, r->id)) || imp_str(r, im->s2.data, im->s2.len, &o))
        return eg_fail(err, EG_ENOMEM, im->source, lineno, 0, "out of memory");
    r->id = o;
    r->name = caption;
    for (size_t i = 0; i < r->nal && !r->name; i++)
        if (r->al[i].kind == EG_KIND_NAME) r->name = r->al[i].text;
    if (imp_str(r, schemas[si].type, strlen(schemas[si].type), &r->type) ||
        (schemas[si].subtype && imp_str(r, schemas[si].subtype, strlen(schemas[si].subtype), &r->subtype)))
        return eg_fail(err, EG_ENOMEM, im->source, lineno, 0, "out of memory");
    if (!imp_type_wanted(im, schemas[si].type)) { im->st.skipped[EG_ISKIP_TYPES]++; return 0; }
    return imp_emit(im, err);
}
