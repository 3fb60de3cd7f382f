/* Unit tests: `entgraph suggest`, one case per cue and per rejection rule,
 * and the suggestions always load back as a dictionary. */
#include "test.h"
#include "tag_helper.h"
#include <stdio.h>

static const char *D =
    "{\"id\":\"country:USA\",\"name\":\"United States\",\"type\":\"country\"}\n"
    "{\"id\":\"country:TCD\",\"name\":\"Chad\",\"type\":\"country\"}\n"
    "{\"id\":\"per:lloyd-austin\",\"name\":\"Lloyd Austin\",\"type\":\"person\",\"attrs\":{\"given\":\"Lloyd\",\"family\":\"Austin\"}}\n"
    "{\"guard\":[\"Chad\"]}\n";

static char out[1 << 16];

/* The suggestions for one or more documents (separated by \f), as JSONL. */
static const char *suggest(const eg_dict *d, const char *docs)
{
    eg_tag_options o;
    eg_tag_options_default(&o);
    o.explain = 1;
    eg_tagger *t = NULL;
    eg_suggester *s = NULL;
    out[0] = 0;
    if (eg_tagger_new(&t, d, &o) || eg_suggester_new(&s, d)) { eg_tagger_free(t); return "(error)"; }
    char *copy = strdup(docs);
    int k = 0;
    for (char *save = NULL, *p = strtok_r(copy, "\f", &save); p; p = strtok_r(NULL, "\f", &save), k++) {
        const eg_mention *m;
        size_t n, nr;
        const eg_rejection *r;
        char id[16];
        snprintf(id, sizeof id, "d%d", k);
        eg_document doc = { .id = id, .text = p, .len = strlen(p), .day = EG_NO_DAY };
        if (eg_tagger_run(t, p, strlen(p), &m, &n, NULL)) break;
        eg_tagger_rejected(t, &r, &nr);
        if (eg_suggester_add(s, &doc, m, n, r, nr)) break;
    }
    free(copy);
    FILE *f = fmemopen(out, sizeof out - 1, "w");
    size_t written = 0;
    if (f) { eg_suggester_write(s, NULL, f, &written); fclose(f); }
    eg_suggester_free(s);
    eg_tagger_free(t);
    return out;
}

/* CHECK, printing the output only when it fails */
#define CHECKO(cond, o, msg) do { bool ok_ = (cond); CHECK(ok_, "%s", msg); if (!ok_) printf("#   output:\n%s", o); } while (0)

/* Does the output have an entity line with this id, type and cue? */
static bool has(const char *o, const char *id, const char *type, const char *cue)
{
    char needle[256];
    snprintf(needle, sizeof needle, "{\"id\":\"%s\",", id);
    const char *p = strstr(o, needle);
    if (!p) return false;
    const char *end = strchr(p, '\n');
    char line[4096];
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n >= sizeof line) n = sizeof line - 1;
    memcpy(line, p, n);
    line[n] = 0;
    char t[64];
    snprintf(t, sizeof t, "\"type\":\"%s\"", type);
    if (!strstr(line, t)) return false;
    if (cue) { snprintf(t, sizeof t, "\"%s\"", cue); if (!strstr(strstr(line, "\"why\":"), t)) return false; }
    return true;
}

int main(void)
{
    eg_dict *d = mkdict(D);
    CHECK(d != NULL, "dictionary loads");
    if (!d) return 1;
    const char *o;
    o = suggest(d, "The mayor met reporters. Sen. Hartsfield spoke on the budget.");
    CHECKO(has(o, "new:per:hartsfield", "person", "title"), o, "title cue: Sen. Hartsfield");
    o = suggest(d, "Yesterday the plan was backed by Margaret Okafor in the council.");
    CHECKO(has(o, "new:per:margaret-okafor", "person", "given-name"), o, "given-name cue");
    o = suggest(d, "It was approved by W. T. Quillfeather at the hearing.");
    CHECKO(has(o, "new:per:w-t-quillfeather", "person", "initial"), o, "initial cue");
    o = suggest(d, "The plan is dead, Brazzlewick said on Monday.");
    CHECKO(has(o, "new:per:brazzlewick", "person", "speech"), o, "speech cue");
    o = suggest(d, "The house was sold to Thaddeus Grumm Jr. last week.");
    CHECKO(has(o, "new:per:thaddeus-grumm-jr", "person", "suffix"), o, "suffix cue");
    o = suggest(d, "Shares of Zentrax Holdings fell. The Zentrax Holdings board met.");
    CHECKO(has(o, "new:org:zentrax-holdings", "organization", "organization-head"), o, "organization head");
    o = suggest(d, "The Coastal Fisheries Commission voted on the quota.");
    CHECKO(has(o, "new:org:coastal-fisheries-commission", "agency", "agency-head"), o, "agency head");
    o = suggest(d, "He works for the University of Quentaria in the north.");
    CHECKO(has(o, "new:org:university-of-quentaria", "organization", "organization-head"), o, "head before 'of'");
    o = suggest(d, "They joined the Ministry of Border Defense (MBD) last year.");
    CHECKO(has(o, "new:org:ministry-of-border-defense", "agency", "acronym-defined") && strstr(o, "\"MBD\""),
          "acronym defined in parentheses\n%s", o);
    o = suggest(d, "Then Krelling Vantor arrived. Later Krelling Vantor left.");
    CHECKO(has(o, "new:unk:krelling-vantor", "unknown", "capitalised-words"), o, "capitalised words only: type unknown");
    o = suggest(d, "Mayor Anselm Pritchard spoke. Pritchard said the vote was close.");
    CHECKO(has(o, "new:per:anselm-pritchard", "person", "surname-repeated") && !strstr(o, "new:per:pritchard\""),
          "a lone surname counts for the full name\n%s", o);
    o = suggest(d, "The Chicago Zephyrs won again on Sunday.");
    CHECKO(has(o, "new:org:chicago-zephyrs", "organization", "place-then-name"), o, "a place, then a name: a team");
    o = suggest(d, "Fulton Superior Court Judge Durwood Pye charged the jury.");
    CHECKO(has(o, "new:org:fulton-superior-court", "agency", NULL) && has(o, "new:per:durwood-pye", "person", "title"),
          "a role word splits a body from a person\n%s", o);
    /* rejections */
    o = suggest(d, "Yesterday Officials said the Tuesday meeting in Chicago and Fulton County was over.");
    CHECKO(!strstr(o, "officials") && !strstr(o, "tuesday") && !strstr(o, "chicago") && !strstr(o, "fulton"),
          "sentence-initial words, days, places and place heads are not names\n%s", o);
    o = suggest(d, "Sen. Flurbo Quant will get the Babe Ruth Award at Fort Knox.");
    CHECKO(!strstr(o, "award") && !strstr(o, "knox") && has(o, "new:per:flurbo-quant", "person", "title"),
          "awards and places with a prefix are not names\n%s", o);
    o = suggest(d, "Lloyd Austin met the United States envoy. Austin said Chad agreed.");
    CHECKO(!strstr(o, "austin") && !strstr(o, "united") && !strstr(o, "chad"), o, "what the dictionaries cover, or guard, is not suggested");
    o = suggest(d, "");
    CHECK(o[0] == 0, "an empty document suggests nothing");
    /* the suggestions load back as a dictionary, review fields and all */
    o = suggest(d, "Sen. Hartsfield spoke.\fMayor Anselm Pritchard and W. T. Quillfeather of Zentrax Holdings (ZH) met.");
    eg_dict *d2 = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    int rc = eg_dict_load_buffer(d2, "suggested.jsonl", "jsonl", o, strlen(o), &err);
    if (!rc) rc = eg_dict_compile(d2, &err);
    CHECK(rc == 0 && eg_dict_entity_count(d2) >= 4, "suggestions are a valid dictionary (%s)", err.text);
    if (!rc) CHECK_STR(tag(d2, "Later Hartsfield met ZH."), "Hartsfield=new:per:hartsfield@6|ZH=new:org:zentrax-holdings@21",
                       "accepted suggestions tag");
    eg_dict_free(d2);
    /* determinism: the same input, the same bytes */
    char first[sizeof out];
    snprintf(first, sizeof first, "%s", suggest(d, "Sen. Hartsfield spoke.\fMayor Anselm Pritchard met W. T. Quillfeather."));
    CHECK(!strcmp(first, suggest(d, "Sen. Hartsfield spoke.\fMayor Anselm Pritchard met W. T. Quillfeather.")), "deterministic");
    eg_dict_free(d);
    return t_failed != 0;
}
