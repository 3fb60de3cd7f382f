/* Unit tests: matching semantics (case policy, boundaries, leftmost-longest,
 * scripts without spaces, demonyms/metonyms, propagation, shared aliases). */
#include "test.h"
#include "tag_helper.h"
#include <string.h>

static const char *D =
    "{\"id\":\"country:TUR\",\"name\":\"Turkey\",\"type\":\"country\",\"aliases\":[\"Türkiye\",{\"text\":\"Turkish\",\"kind\":\"demonym\"},{\"text\":\"Ankara\",\"kind\":\"metonym\"}]}\n"
    "{\"id\":\"country:USA\",\"name\":\"United States\",\"type\":\"country\",\"aliases\":[{\"text\":\"US\",\"kind\":\"abbreviation\"},{\"text\":\"U.S.\",\"kind\":\"abbreviation\"},{\"text\":\"Washington\",\"kind\":\"metonym\"}]}\n"
    "{\"id\":\"org:wapo\",\"name\":\"The Washington Post\",\"type\":\"organization\",\"aliases\":[\"Washington Post\"]}\n"
    "{\"id\":\"org:pla\",\"name\":\"People's Liberation Army\",\"type\":\"agency\",\"aliases\":[\"PLA\"],\"attrs\":{\"country\":\"country:CHN\"}}\n"
    "{\"id\":\"country:CHN\",\"name\":\"China\",\"type\":\"country\",\"aliases\":[\"中国\"]}\n"
    "{\"id\":\"country:JPN\",\"name\":\"Japan\",\"type\":\"country\",\"aliases\":[\"日本\"]}\n"
    "{\"id\":\"org:jpn-mod\",\"name\":\"Japanese Ministry of Defense\",\"type\":\"agency\",\"aliases\":[\"防衛省\",\"Defense Ministry\"],\"attrs\":{\"country\":\"country:JPN\"}}\n"
    "{\"id\":\"org:chn-mod\",\"name\":\"Chinese Ministry of National Defense\",\"type\":\"agency\",\"aliases\":[\"Defense Ministry\"],\"attrs\":{\"country\":\"country:CHN\"}}\n"
    "{\"id\":\"per:erdogan\",\"name\":\"Recep Tayyip Erdoğan\",\"type\":\"person\",\"aliases\":[{\"text\":\"Erdoğan\",\"kind\":\"variant\"}]}\n"
    "{\"id\":\"per:sikorski\",\"name\":\"Radosław Sikorski\",\"type\":\"person\"}\n"
    "{\"id\":\"per:lokke\",\"name\":\"Lars Løkke Rasmussen\",\"type\":\"person\"}\n"
    "{\"id\":\"per:lloyd-austin\",\"name\":\"Lloyd Austin\",\"type\":\"person\",\"attrs\":{\"given\":\"Lloyd\",\"family\":\"Austin\"}}\n"
    "{\"id\":\"per:shin\",\"name\":\"Shin Won-sik\",\"type\":\"person\",\"attrs\":{\"given\":\"Won-sik\",\"family\":\"Shin\",\"order\":\"family-first\"}}\n"
    "{\"id\":\"per:amt\",\"name\":\"Anne-Marie Trevelyan\",\"type\":\"person\",\"attrs\":{\"given\":\"Anne-Marie\",\"family\":\"Trevelyan\"}}\n"
    "{\"id\":\"org:ex\",\"name\":\"exact name\",\"type\":\"organization\",\"case\":\"exact\",\"aliases\":[{\"text\":\"lower only\",\"case\":\"insensitive\"}]}\n"
    "{\"id\":\"org:at\",\"name\":\"@handle\",\"type\":\"organization\"}\n"
    "{\"id\":\"org:kpa\",\"name\":\"Korean People's Army\",\"type\":\"agency\"}\n"
    "{\"id\":\"country:TCD\",\"name\":\"Chad\",\"type\":\"country\",\"aliases\":[{\"text\":\"Chadian\",\"kind\":\"demonym\"}]}\n"
    "{\"guard\":[\"Chad\"]}\n";

int main(void)
{
    eg_dict *d = mkdict(D);
    CHECK(d != NULL, "dictionary loads");
    if (!d) return 1;
    /* rule 1: normalisation */
    CHECK_STR(tag(d, "Erdogan said"), "Erdogan=per:erdogan@0", "plain ASCII finds the accented alias");
    CHECK_STR(tag(d, "Erdog\xcc\x86" "an said"), "Erdog\xcc\x86" "an=per:erdogan@0", "NFD text finds the NFC alias, marks included in the span");
    CHECK_STR(tag(d, "Radoslaw Sikorski and Lars Lokke Rasmussen"), "Radoslaw Sikorski=per:sikorski@0|Lars Lokke Rasmussen=per:lokke@22",
              "letters with a stroke (ł ø) meet their plain letter");
    CHECK_STR(tag(d, "RADOSŁAW SIKORSKI"), "RADOSŁAW SIKORSKI=per:sikorski@0", "capital Ł folds too");
    CHECK_STR(tag(d, "the People’s Liberation Army"), "People’s Liberation Army=org:pla@4", "curly apostrophe matches");
    CHECK_STR(tag(d, "the People's\n  Liberation Army"), "People's\n  Liberation Army=org:pla@4", "line break inside a name");
    CHECK_STR(tag(d, "ＰＬＡ troops"), "ＰＬＡ=org:pla@0", "full-width letters");
    /* rule 2: case policy */
    CHECK_STR(tag(d, "he told us that"), "", "acronym US does not match 'us'");
    CHECK_STR(tag(d, "the US and the U.S."), "US=country:USA@4|U.S.=country:USA@15", "acronyms in their case");
    CHECK_STR(tag(d, "a turkey dinner"), "", "lowercase 'turkey' is not Turkey");
    CHECK_STR(tag(d, "TURKEY SUMMONS ENVOY"), "TURKEY=country:TUR@0", "all-caps text matches");
    CHECK_STR(tag(d, "Turkey and TÜRKIYE"), "Turkey=country:TUR@0|TÜRKIYE=country:TUR@11", "capitalised and all-caps");
    CHECK_STR(tag(d, "the exact name and Exact Name"), "exact name=org:ex@4", "exact policy per entity");
    CHECK_STR(tag(d, "LOWER ONLY and Lower Only"), "LOWER ONLY=org:ex@0|Lower Only=org:ex@15", "insensitive policy per alias");
    /* rule 3: whole words, possessives, scripts without spaces */
    CHECK_STR(tag(d, "Turkeys and Turkey's and Turkey’s"), "Turkey=country:TUR@12|Turkey=country:TUR@25", "whole words; possessives match the bare name");
    CHECK_STR(tag(d, "PLAN and xPLA and PLA2"), "", "no match inside words");
    CHECK_STR(tag(d, "日本の防衛省は中国"), "日本=country:JPN@0|防衛省=org:jpn-mod@9|中国=country:CHN@21", "CJK names match anywhere");
    CHECK_STR(tag(d, "see @handle now"), "@handle=org:at@4", "alias starting with a symbol");
    /* rule 4: leftmost-longest */
    CHECK_STR(tag(d, "The Washington Post said"), "The Washington Post=org:wapo@0", "longest alias wins");
    CHECK_STR(tag(d, "Washington Post"), "Washington Post=org:wapo@0", "longest alias wins over metonym");
    /* rule 5: demonyms on, metonyms off by default */
    CHECK_STR(tag(d, "Turkish officials in Ankara"), "Turkish=country:TUR@0", "demonym on, metonym off");
    eg_tag_options o;
    eg_tag_options_default(&o);
    o.demonyms = 0; o.metonyms = 1;
    CHECK_STR(tag_opts(d, "Turkish officials in Ankara", &o), "Ankara=country:TUR@21", "--no-demonyms --metonyms");
    /* rule 6: invalid UTF-8 */
    CHECK_STR(tag(d, "\xff" "Turkey\xc0" "PLA"), "Turkey=country:TUR@1|PLA=org:pla@8", "invalid bytes are separators");
    /* propagation */
    CHECK_STR(tag(d, "Austin, Texas"), "", "bare Austin is not the person");
    CHECK_STR(tag(d, "Lloyd Austin arrived. Austin said"), "Lloyd Austin=per:lloyd-austin@0|Austin=per:lloyd-austin@22", "family name after full name");
    CHECK_STR(tag(d, "Austin to Meet Allies\n\nLloyd Austin arrived."), "Austin=per:lloyd-austin@0|Lloyd Austin=per:lloyd-austin@23",
              "family name in a headline before the full name");
    CHECK_STR(tag(d, "Austin, Texas. Nothing else here."), "", "no full name anywhere: bare Austin stays untagged");
    CHECK_STR(tag(d, "Mary Austin-Smith left. Lloyd Austin arrived."), "Lloyd Austin=per:lloyd-austin@24",
              "a double-barrelled name before the full name is not the person");
    CHECK_STR(tag(d, "Bob Austin left. Lloyd Austin arrived."), "Lloyd Austin=per:lloyd-austin@17",
              "a family name inside a longer unknown name before the full name is not the person");
    {
        eg_tag_options np;
        eg_tag_options_default(&np);
        np.propagate = 0;
        CHECK_STR(tag_opts(d, "Austin to Meet Allies\n\nLloyd Austin arrived.", &np), "Lloyd Austin=per:lloyd-austin@23",
                  "--no-propagate: no family name before the full name either");
    }
    /* shared aliases: context */
    CHECK_STR(tag(d, "Japan said the Defense Ministry agreed."), "Japan=country:JPN@0|Defense Ministry=org:jpn-mod@15", "shared alias resolved by country in context");
    CHECK_STR(tag(d, "China said the Defense Ministry agreed."), "China=country:CHN@0|Defense Ministry=org:chn-mod@15", "shared alias resolved the other way");
    CHECK_STR(tag(d, "The Defense Ministry agreed."), "Defense Ministry=?org:jpn-mod@4", "no context: ambiguous, first candidate in dictionary order");
    CHECK_STR(tag(d, ""), "", "empty document");
    /* acronym definitions */
    CHECK_STR(tag(d, "The Korean People's Army (KPA) moved. KPA units and KPAX."),
              "Korean People's Army=org:kpa@4|KPA=org:kpa@26|KPA=org:kpa@38", "Long Name (ABBR) defines ABBR");
    CHECK_STR(tag(d, "KPA (Korean People's Army) moved; the KPA said."),
              "KPA=org:kpa@0|Korean People's Army=org:kpa@5|KPA=org:kpa@38", "ABBR (Long Name) defines ABBR");
    CHECK_STR(tag(d, "KPA moved."), "", "no definition, no acronym");
    /* guarded aliases */
    CHECK_STR(tag(d, "Chad liked the film."), "", "guarded alias without support is dropped");
    CHECK_STR(tag(d, "Chadian troops; Chad agreed."), "Chadian=country:TCD@0|Chad=country:TCD@16", "guarded alias kept with support");
    /* generated initial + family */
    CHECK_STR(tag(d, "L. Austin spoke"), "L. Austin=per:lloyd-austin@0", "initial + family name generated");
    /* generated forms of a hyphenated given name */
    CHECK_STR(tag(d, "Shin Wonsik and Shin Won Sik and Wonsik Shin"),
              "Shin Wonsik=per:shin@0|Shin Won Sik=per:shin@16|Wonsik Shin=per:shin@33", "family-first: joined and spaced given name");
    CHECK_STR(tag(d, "Anne Marie Trevelyan spoke"), "Anne Marie Trevelyan=per:amt@0", "spaced given name");
    CHECK_STR(tag(d, "AnneMarie Trevelyan spoke"), "", "a Western given name is not joined");
    /* dict lookup: the matcher's own view of a string */
    eg_lookup lk[8];
    size_t n = 0;
    CHECK(eg_dict_lookup(d, "Defense  Ministry", 17, EG_NO_DAY, lk, 8, &n) == 0 && n == 2, "lookup: a shared alias gives both entities (%zu)", n);
    CHECK(n == 2 && lk[0].case_ok && lk[1].case_ok && lk[0].entity != lk[1].entity, "lookup: both pass the case policy");
    CHECK(eg_dict_lookup(d, "chad", 4, EG_NO_DAY, lk, 8, &n) == 0 && n == 1 && !lk[0].case_ok && lk[0].guarded,
          "lookup: 'chad' is Chad's guarded alias, rejected by the case policy");
    CHECK(eg_dict_lookup(d, "Chad", 4, EG_NO_DAY, lk, 0, &n) == 0 && n == 1, "lookup: max 0 still counts");
    CHECK(eg_dict_lookup(d, "Chadia", 6, EG_NO_DAY, lk, 8, &n) == 0 && n == 0, "lookup: a prefix of an alias is no match");
    eg_nearest nr[3];
    CHECK(eg_dict_nearest(d, "Erdogn", 6, 2, nr, 3, &n) == 0 && n >= 1 && nr[0].distance == 1 &&
          !strcmp(nr[0].alias, "Erdoğan"), "nearest: one deletion away, on the folded form");
    CHECK(eg_dict_nearest(d, "Qqqqqqqq", 8, 2, nr, 3, &n) == 0 && n == 0, "nearest: nothing within the limit");
    CHECK(!strcmp(eg_case_policy_name(EG_CASE_SMART), "smart") && !strcmp(eg_case_policy_name(EG_CASE_EXACT), "exact") &&
          !strcmp(eg_case_policy_name(EG_CASE_INSENSITIVE), "insensitive") && !strcmp(eg_case_policy_name((eg_case_policy)7), "?"),
          "case policy names, and '?' out of range");
    eg_dict_free(d);
    return t_failed != 0;
}
