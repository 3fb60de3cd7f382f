/*
 * stages.c - the tagging pipeline stage by stage, over the library's own
 * functions: normalisation, segmentation, the first-token prefilter (how
 * many word starts it lets through to a trie walk, with and without the
 * case-aware set), and the whole tagger, each in MB/s on the same text
 * cut into 8 KB documents.  Prints one JSON line.
 *
 *   stages --dict PATH [--dict PATH]... INPUT
 */
#include "internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#define DOC 8192

/* Share of the bits set in a prefilter set of n words. */
static double fill(const uint64_t *w, size_t n)
{
    size_t set = 0;
    for (size_t i = 0; i < n; i++) set += (size_t)__builtin_popcountll(w[i]);
    return (double)set / (double)(n * 64);
}

int main(int argc, char **argv)
{
    eg_dict *d = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    const char *input = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dict") && i + 1 < argc) {
            if (eg_dict_load_path(d, argv[++i], &err)) { fprintf(stderr, "stages: %s\n", err.text); return 1; }
        } else input = argv[i];
    }
    if (!input || eg_dict_compile(d, &err)) { fprintf(stderr, "stages: usage: stages --dict PATH... INPUT (%s)\n", err.text); return 2; }
    FILE *f = fopen(input, "rb");
    if (!f) { perror(input); return 1; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) return 1;
    fclose(f);
    double mb = (double)n / 1e6;
    const int reps = 3;

    /* normalisation */
    eg_norm nm;
    eg_norm_init(&nm);
    double best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (long i = 0; i < n; i += DOC) eg_norm_run(&nm, b + i, (size_t)(n - i < DOC ? n - i : DOC));
        double t = now() - t0;
        if (t < best) best = t;
    }
    double norm_mbps = mb / best;

    /* segmentation */
    eg_segments seg;
    eg_segments_init(&seg);
    best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (long i = 0; i < n; i += DOC) eg_segment(&seg, b + i, (size_t)(n - i < DOC ? n - i : DOC));
        double t = now() - t0;
        if (t < best) best = t;
    }
    double seg_mbps = mb / best;

    /* the prefilter: word starts, and those whose first token is in the
     * full set and in the case-aware set (what the tagger walks) */
    const eg_trie *tr = &d->trie;
    size_t starts = 0, pass_full = 0, pass_case = 0, pass_exact = 0;
    for (long i = 0; i < n; i += DOC) {
        size_t len = (size_t)(n - i < DOC ? n - i : DOC);
        const char *text = b + i;
        eg_norm_run(&nm, text, len);
        const uint8_t *fl = nm.flags;
        uint8_t prev = EG_CF_START;
        for (size_t p = 0; p < nm.len;) {
            uint8_t fp = fl[p];
            bool start = (fp & EG_CF_START) && !((prev & EG_CF_WORD) && (fp & EG_CF_WORD) && !((prev | fp) & EG_CF_NOSPACE));
            if (!start || !(fp & EG_CF_WORD)) { if (fp & EG_CF_START) prev = fp; p++; continue; }
            bool nospace;
            size_t te = eg_first_token(fl, p, nm.len, &nospace);
            if (nospace) { prev = fp; p++; continue; }
            starts++;
            uint64_t h = eg_token_hash(nm.text + p, te - p);
            uint32_t bit = eg_token_bit_of(h);
            bool full = tr->first_bits[bit >> 6] >> (bit & 63) & 1;
            unsigned char c0 = (unsigned char)text[nm.src[p]];
            bool lower = c0 >= 'a' && c0 <= 'z';
            if (c0 >= 0x80) { int32_t cp; eg_utf8_decode((const unsigned char *)text + nm.src[p], len - nm.src[p], &cp); lower = cp >= 0 && eg_cp_is_lower(cp); }
            bool cased = lower ? tr->first_bits[EG_PREFILTER_WORDS + (bit >> 6)] >> (bit & 63) & 1 : full;
            pass_full += full;
            pass_case += cased;
            if (cased) {
                const eg_ftok *e = eg_ftok_find(tr->ftab, tr->ftab_mask, tr->ftok_pool, nm.text + p, te - p, h);
                pass_exact += e && (!lower || (e->len2 & 1));
            }
            prev = fl[te - 1];
            p = te;
        }
    }

    /* the whole tagger (no output) */
    eg_tagger *tg = NULL;
    if (eg_tagger_new(&tg, d, NULL)) return 1;
    best = 1e9;
    size_t mentions = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        size_t m = 0;
        for (long i = 0; i < n; i += DOC) {
            const eg_mention *ms;
            size_t k;
            eg_tagger_run(tg, b + i, (size_t)(n - i < DOC ? n - i : DOC), &ms, &k, NULL);
            m += k;
        }
        double t = now() - t0;
        if (t < best) best = t;
        mentions = m;
    }
    double tag_mbps = mb / best;
    printf("stages: {\"mb\": %.1f, \"aliases\": %zu, \"normalise_mbps\": %.0f, \"segment_mbps\": %.0f, \"tagger_mbps\": %.0f, "
           "\"word_starts_per_mb\": %.0f, \"walks_per_mb_full_prefilter\": %.0f, \"walks_per_mb_case_aware\": %.0f, \"walks_per_mb_exact\": %.0f, "
           "\"mentions_per_mb\": %.0f, \"prefilter_fill\": %.4f, \"prefilter_lower_fill\": %.4f}\n",
           mb, eg_dict_alias_count(d), norm_mbps, seg_mbps, tag_mbps, starts / mb, pass_full / mb, pass_case / mb, pass_exact / mb, mentions / mb,
           fill(tr->first_bits, EG_PREFILTER_WORDS), fill(tr->first_bits + EG_PREFILTER_WORDS, EG_PREFILTER_WORDS));
    eg_tagger_free(tg);
    eg_segments_release(&seg);
    eg_norm_release(&nm);
    eg_dict_free(d);
    free(b);
    return 0;
}
