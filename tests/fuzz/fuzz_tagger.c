/* fuzz_tagger.c - libFuzzer harness for the normaliser, the segmenter and
 * the tagger on arbitrary bytes, against a fixed dictionary that has every
 * feature: multi-word names, acronyms, scripts without spaces, diacritics,
 * demonyms, metonyms, shared aliases, person short forms.
 * Checks: the normalised text maps back monotonically into the input;
 * sentences and paragraphs are sorted and inside the text; mentions are
 * sorted, non-overlapping, on character boundaries, within bounds, with
 * consistent code-point offsets; tagging the same text twice gives the same
 * mentions; invalid_at points at an invalid byte exactly when there is one. */
#include "fuzz_common.h"

static const char D[] =
    "{\"id\":\"country:TUR\",\"name\":\"Turkey\",\"type\":\"country\",\"aliases\":[\"Türkiye\",{\"text\":\"Turkish\",\"kind\":\"demonym\"},{\"text\":\"Ankara\",\"kind\":\"metonym\"}]}\n"
    "{\"id\":\"country:USA\",\"name\":\"United States\",\"type\":\"country\",\"aliases\":[{\"text\":\"US\",\"kind\":\"abbreviation\"},{\"text\":\"U.S.\",\"kind\":\"abbreviation\"},{\"text\":\"Washington\",\"kind\":\"metonym\"}]}\n"
    "{\"id\":\"org:wapo\",\"name\":\"The Washington Post\",\"type\":\"organization\",\"aliases\":[\"Washington Post\"]}\n"
    "{\"id\":\"org:pla\",\"name\":\"People's Liberation Army\",\"type\":\"agency\",\"aliases\":[\"PLA\"],\"attrs\":{\"country\":\"country:CHN\"}}\n"
    "{\"id\":\"country:CHN\",\"name\":\"China\",\"type\":\"country\",\"aliases\":[\"中国\",{\"text\":\"Chinese\",\"kind\":\"demonym\"}]}\n"
    "{\"id\":\"country:JPN\",\"name\":\"Japan\",\"type\":\"country\",\"aliases\":[\"日本\",\"ニッポン\"]}\n"
    "{\"id\":\"country:THA\",\"name\":\"Thailand\",\"type\":\"country\",\"aliases\":[\"ประเทศไทย\"]}\n"
    "{\"id\":\"country:KOR\",\"name\":\"South Korea\",\"type\":\"country\",\"aliases\":[\"한국\"]}\n"
    "{\"id\":\"org:jpn-mod\",\"name\":\"Japanese Ministry of Defense\",\"type\":\"agency\",\"aliases\":[\"防衛省\",\"Defense Ministry\"],\"attrs\":{\"country\":\"country:JPN\"}}\n"
    "{\"id\":\"org:chn-mod\",\"name\":\"Chinese Ministry of National Defense\",\"type\":\"agency\",\"aliases\":[\"Defense Ministry\"],\"attrs\":{\"country\":\"country:CHN\"},\"priority\":1}\n"
    "{\"id\":\"per:erdogan\",\"name\":\"Recep Tayyip Erdoğan\",\"type\":\"person\",\"aliases\":[{\"text\":\"Erdoğan\",\"kind\":\"variant\"}],\"attrs\":{\"family\":\"Erdoğan\"}}\n"
    "{\"id\":\"per:lloyd-austin\",\"name\":\"Lloyd Austin\",\"type\":\"person\",\"attrs\":{\"given\":\"Lloyd\",\"family\":\"Austin\"}}\n"
    "{\"id\":\"place:austin\",\"name\":\"Austin\",\"type\":\"place\"}\n"
    "{\"id\":\"org:ex\",\"name\":\"exact name\",\"type\":\"organization\",\"case\":\"exact\",\"aliases\":[{\"text\":\"lower only\",\"case\":\"insensitive\"}]}\n"
    "{\"id\":\"org:at\",\"name\":\"@handle\",\"type\":\"organization\",\"aliases\":[\"ﬁre dept\",\"Ⅻ\",\"a\",\"x-ray\",\"Ǆemal\",\"İstanbul\",\"ß-Straße\"]}\n"
    "{\"id\":\"_block:ecs\",\"name\":\"East China Sea\",\"type\":\"_block\"}\n"
    "{\"id\":\"country:TCD\",\"name\":\"Chad\",\"type\":\"country\",\"aliases\":[{\"text\":\"Chadian\",\"kind\":\"demonym\"}]}\n"
    "{\"id\":\"country:SUN\",\"name\":\"Soviet Union\",\"type\":\"country\",\"valid_to\":\"1991-12-26\",\"aliases\":[\"Łódź Radosław\"]}\n"
    "{\"guard\":[\"Chad\"]}\n";

static eg_dict *dict;
static eg_tagger *tg[3];
static eg_norm norm, norm_scalar;
static eg_segments seg, seg_scalar;
static eg_mention *copy;
static size_t copycap;

static void setup(void)
{
    eg_error err;
    eg_error_clear(&err);
    dict = eg_dict_new();
    if (!dict || eg_dict_load_buffer(dict, "fixed.jsonl", "jsonl", D, sizeof D - 1, &err) || eg_dict_compile(dict, &err)) {
        fprintf(stderr, "fixed dictionary: %s\n", err.text);
        abort();
    }
    eg_tag_options o;
    eg_tag_options_default(&o);
    tg[0] = NULL;
    eg_tagger_new(&tg[0], dict, &o);
    o.explain = 1;   /* --explain=all: must not change a mention */
    tg[2] = NULL;
    eg_tagger_new(&tg[2], dict, &o);
    o.explain = 0;
    o.demonyms = 0; o.metonyms = 1; o.propagate = 0; o.resolve = 0;
    tg[1] = NULL;
    eg_tagger_new(&tg[1], dict, &o);
    if (!tg[0] || !tg[1] || !tg[2]) abort();
    eg_norm_init(&norm);
    eg_segments_init(&seg);
}

static void check_norm(const char *text, size_t len)
{
    FUZZ_CHECK(eg_norm_run(&norm, text, len) == 0, "eg_norm_run failed");
    FUZZ_CHECK(norm.src[norm.len] == len, "src[len] = %u, not %zu", norm.src[norm.len], len);
    for (size_t i = 0; i < norm.len; i++) {
        FUZZ_CHECK(norm.src[i] < len, "src[%zu] = %u outside the input", i, norm.src[i]);
        FUZZ_CHECK(i == 0 || norm.src[i] >= norm.src[i - 1], "src goes backwards at %zu", i);
        FUZZ_CHECK(norm.text[i] != 0, "NUL in normalised text at %zu", i);
    }
    FUZZ_CHECK(norm.len == 0 || (norm.flags[0] & 1), "first normalised byte does not start a character");
    /* invalid_at is exactly the first byte that does not decode */
    size_t first_bad = SIZE_MAX;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int k = eg_utf8_decode((const unsigned char *)text + i, len - i, &cp);
        FUZZ_CHECK(k >= 1 && k <= 4 && (size_t)k <= len - i, "decode length %d", k);
        if (cp < 0) { first_bad = i; break; }
        i += (size_t)k;
    }
    FUZZ_CHECK(norm.invalid_at == first_bad, "invalid_at %zu, first bad byte %zu", norm.invalid_at, first_bad);
    /* the SIMD block path (where the CPU has it) against the scalar loop */
    norm_scalar.scalar = true;
    FUZZ_CHECK(eg_norm_run(&norm_scalar, text, len) == 0, "scalar eg_norm_run failed");
    FUZZ_CHECK(norm_scalar.len == norm.len && norm_scalar.invalid_at == norm.invalid_at &&
               norm_scalar.invalid_count == norm.invalid_count && norm_scalar.ascii == norm.ascii &&
               !memcmp(norm_scalar.text, norm.text, norm.len) && !memcmp(norm_scalar.flags, norm.flags, norm.len) &&
               !memcmp(norm_scalar.src, norm.src, (norm.len + 1) * sizeof *norm.src), "scalar and SIMD normalisation differ");
    size_t kl;
    char *k = eg_norm_string(text, len, &kl);
    FUZZ_CHECK(k, "eg_norm_string failed");
    FUZZ_CHECK(strlen(k) == kl && (kl == 0 || (k[0] != ' ' && k[kl - 1] != ' ')), "alias key not trimmed");
    eg_free(k);
}

static void check_segments(size_t len)
{
    FUZZ_CHECK(seg.nsent >= 1 && seg.sent[0] == 0 && seg.npara >= 1 && seg.para[0] == 0, "first segment is not 0");
    for (size_t i = 1; i < seg.nsent; i++)
        FUZZ_CHECK(seg.sent[i] > seg.sent[i - 1] && seg.sent[i] < len, "sentence %zu at %zu", i, seg.sent[i]);
    for (size_t i = 1; i < seg.npara; i++)
        FUZZ_CHECK(seg.para[i] > seg.para[i - 1] && seg.para[i] < len, "paragraph %zu at %zu", i, seg.para[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dict) setup();
    const char *text = (const char *)data;
    check_norm(text, size);
    FUZZ_CHECK(eg_segment(&seg, text, size) == 0, "eg_segment failed");
    seg_scalar.scalar = true;
    FUZZ_CHECK(eg_segment(&seg_scalar, text, size) == 0, "scalar eg_segment failed");
    FUZZ_CHECK(seg_scalar.nsent == seg.nsent && seg_scalar.npara == seg.npara &&
               !memcmp(seg_scalar.sent, seg.sent, seg.nsent * sizeof *seg.sent) &&
               !memcmp(seg_scalar.para, seg.para, seg.npara * sizeof *seg.para), "scalar and SIMD segmentation differ");
    check_segments(size);
    for (int t = 0; t < 2; t++) {
        const eg_mention *m;
        size_t n, bad;
        FUZZ_CHECK(eg_tagger_run(tg[t], text, size, &m, &n, &bad) == 0, "tagging failed");
        FUZZ_CHECK(bad == norm.invalid_at, "invalid_at differs");
        fuzz_check_mentions(dict, text, size, m, n);
        for (size_t i = 0; i < n; i++) {
            /* every mention starts a sentence-or-later window that exists */
            FUZZ_CHECK(m[i].sentence < seg.nsent && m[i].paragraph < seg.npara, "window index out of range");
        }
        if (n > copycap) {
            free(copy);
            copy = malloc(n * sizeof *copy);
            copycap = n;
        }
        if (n) memcpy(copy, m, n * sizeof *m);
        const eg_mention *m2;
        size_t n2;
        FUZZ_CHECK(eg_tagger_run(tg[t], text, size, &m2, &n2, &bad) == 0, "second run failed");
        FUZZ_CHECK(n2 == n, "second run: %zu mentions, first %zu", n2, n);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(m2[i].byte_start == copy[i].byte_start && m2[i].byte_end == copy[i].byte_end &&
                       m2[i].entity == copy[i].entity && m2[i].ambiguous == copy[i].ambiguous,
                       "second run differs at mention %zu", i);
        if (t == 0) {
            /* the explaining tagger: the same mentions, and sane rejections */
            const eg_mention *m3;
            size_t n3;
            FUZZ_CHECK(eg_tagger_run(tg[2], text, size, &m3, &n3, &bad) == 0, "explain run failed");
            FUZZ_CHECK(n3 == n, "--explain=all changed the mentions: %zu, not %zu", n3, n);
            for (size_t i = 0; i < n; i++)
                FUZZ_CHECK(m3[i].byte_start == copy[i].byte_start && m3[i].byte_end == copy[i].byte_end &&
                           m3[i].entity == copy[i].entity && m3[i].ambiguous == copy[i].ambiguous && m3[i].how == copy[i].how,
                           "--explain=all changed mention %zu", i);
            const eg_rejection *r;
            size_t nr;
            eg_tagger_rejected(tg[2], &r, &nr);
            for (size_t i = 0; i < nr; i++) {
                FUZZ_CHECK(r[i].byte_start < r[i].byte_end && r[i].byte_end <= size, "rejection %zu span %zu..%zu", i, r[i].byte_start, r[i].byte_end);
                FUZZ_CHECK(i == 0 || r[i].byte_start >= r[i - 1].byte_start, "rejections not sorted at %zu", i);
                FUZZ_CHECK(r[i].start < r[i].end && r[i].end <= size, "rejection %zu code points %zu..%zu", i, r[i].start, r[i].end);
                FUZZ_CHECK(r[i].sentence < seg.nsent && r[i].paragraph < seg.npara, "rejection window out of range");
                FUZZ_CHECK(r[i].entity < eg_dict_entity_count(dict) && (unsigned)r[i].reason < EG_REJECT_COUNT, "rejection %zu fields", i);
                FUZZ_CHECK(r[i].reason != EG_REJECT_BLOCKED || r[i].by < eg_dict_entity_count(dict), "blocked by nothing");
            }
            /* suggest: whatever the text, the suggestions load back as a
             * dictionary */
            /* one suggester for 200 inputs (its word lists take a few ms
             * to build under the sanitizers) */
            static eg_suggester *sg;
            static unsigned sg_runs;
            if (sg && ++sg_runs % 200 == 0) { eg_suggester_free(sg); sg = NULL; }
            if (!sg) FUZZ_CHECK(eg_suggester_new(&sg, dict) == 0, "suggester");
            eg_document doc = { .id = "fuzz", .text = text, .len = size, .day = EG_NO_DAY };
            FUZZ_CHECK(eg_suggester_add(sg, &doc, m3, n3, r, nr) == 0, "suggester_add");
            char *sb = NULL;
            size_t sl = 0, written = 0;
            FILE *ms = open_memstream(&sb, &sl);
            if (!ms) abort();
            FUZZ_CHECK(eg_suggester_write(sg, NULL, ms, &written) == 0, "suggester_write");
            if (fclose(ms)) abort();
            eg_dict *d2 = eg_dict_new();
            eg_error e2;
            eg_error_clear(&e2);
            int lrc = eg_dict_load_buffer(d2, "suggested.jsonl", "jsonl", sb ? sb : "", sl, &e2);
            if (!lrc) lrc = eg_dict_compile(d2, &e2);
            FUZZ_CHECK(lrc == 0, "suggestions do not load: %s\n%.*s", e2.text, (int)(sl < 2000 ? sl : 2000), sb ? sb : "");
            FUZZ_CHECK(eg_dict_entity_count(d2) == written, "%zu suggestions, %zu entities", written, eg_dict_entity_count(d2));
            eg_dict_free(d2);
            free(sb);
        }
    }
    return 0;
}
