/*
 * peer_hs.c - the raw Hyperscan reference: every alias of the dictionaries
 * compiled as a caseless literal (hs_compile_lit_multi), each document of a
 * JSONL input scanned as it stands (the raw line: no JSON decoding, no
 * normalisation, no word boundaries, no overlap resolution), every match
 * counted.  The upper bound for pure literal matching, not a tagger.
 *
 *   peer_hs DICT... -- INPUT.jsonl
 *
 * DICT: entgraph native JSONL files (name + aliases, metonyms skipped like
 * entgraph's default).  Prints one JSON object of timings and counts on
 * standard output.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <fcntl.h>
#include <hs/hs.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char **lits;
static size_t nlits, caplits;

static void add_lit(const char *s)
{
    if (nlits == caplits) {
        caplits = caplits ? 2 * caplits : 4096;
        lits = realloc(lits, caplits * sizeof *lits);
        if (!lits) { perror("peer_hs"); exit(3); }
    }
    char *c = strdup(s);
    if (!c) { perror("peer_hs"); exit(3); }
    for (char *p = c; *p; p++) *p = (char)tolower((unsigned char)*p);   /* ASCII only */
    lits[nlits++] = c;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_dict(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(3); }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)n, 0, &je);
        if (!o) {
            if (strspn(line, " \t\r\n") == (size_t)n) continue;
            fprintf(stderr, "peer_hs: %s:%ld: %s\n", path, lineno, je.text);
            exit(1);
        }
        const char *name = json_string_value(json_object_get(o, "name"));
        if (name) add_lit(name);
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(o, "aliases"), i, v) {
            if (json_is_string(v)) add_lit(json_string_value(v));
            else if (json_is_object(v)) {
                const char *k = json_string_value(json_object_get(v, "kind"));
                const char *t = json_string_value(json_object_get(v, "text"));
                if (t && !(k && !strcmp(k, "metonym"))) add_lit(t);
            }
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)id; (void)from; (void)to; (void)flags;
    (*(unsigned long long *)ctx)++;
    return 0;
}

int main(int argc, char **argv)
{
    int sep = 1;
    while (sep < argc && strcmp(argv[sep], "--")) sep++;
    if (sep >= argc - 1 || sep == 1) {
        fprintf(stderr, "usage: peer_hs DICT... -- INPUT.jsonl\n");
        return 2;
    }
    double t0 = now();
    for (int i = 1; i < sep; i++) load_dict(argv[i]);
    /* one literal per distinct lowercased alias */
    qsort(lits, nlits, sizeof *lits, cmp_str);
    size_t w = 0;
    for (size_t i = 0; i < nlits; i++) {
        if (w && !strcmp(lits[w - 1], lits[i])) { free(lits[i]); continue; }
        lits[w++] = lits[i];
    }
    nlits = w;
    double t1 = now();

    unsigned int *flags = malloc(nlits * sizeof *flags), *ids = malloc(nlits * sizeof *ids);
    size_t *lens = malloc(nlits * sizeof *lens);
    if (!flags || !ids || !lens) { perror("peer_hs"); return 3; }
    for (size_t i = 0; i < nlits; i++) {
        flags[i] = HS_FLAG_CASELESS;
        ids[i] = (unsigned int)i;
        lens[i] = strlen(lits[i]);
    }
    hs_database_t *db = NULL;
    hs_compile_error_t *cerr = NULL;
    if (hs_compile_lit_multi((const char *const *)lits, flags, ids, lens, (unsigned int)nlits,
                             HS_MODE_BLOCK, NULL, &db, &cerr) != HS_SUCCESS) {
        fprintf(stderr, "peer_hs: compile: %s (expression %d)\n", cerr->message, cerr->expression);
        return 1;
    }
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) { fprintf(stderr, "peer_hs: scratch\n"); return 3; }
    size_t dbsize = 0;
    hs_database_size(db, &dbsize);
    double t2 = now();

    int fd = open(argv[sep + 1], O_RDONLY);
    if (fd < 0) { perror(argv[sep + 1]); return 3; }
    struct stat st;
    fstat(fd, &st);
    unsigned long long matches = 0, docs = 0;
    double t3 = now();
    if (st.st_size > 0) {
        const char *buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (buf == MAP_FAILED) { perror("mmap"); return 3; }
        madvise((void *)buf, (size_t)st.st_size, MADV_SEQUENTIAL);
        size_t len = (size_t)st.st_size;
        for (size_t p = 0; p < len;) {
            const char *nl = memchr(buf + p, '\n', len - p);
            size_t e = nl ? (size_t)(nl - buf) : len;
            if (e > p) {
                if (hs_scan(db, buf + p, (unsigned int)(e - p), 0, scratch, on_match, &matches) != HS_SUCCESS) {
                    fprintf(stderr, "peer_hs: scan failed\n");
                    return 3;
                }
                docs++;
            }
            p = e + 1;
        }
        munmap((void *)buf, len);
    }
    close(fd);
    double t4 = now();
    printf("{\"literals\": %zu, \"load_s\": %.6f, \"compile_s\": %.6f, \"db_bytes\": %zu, "
           "\"scan_s\": %.6f, \"bytes\": %lld, \"docs\": %llu, \"matches\": %llu}\n",
           nlits, t1 - t0, t2 - t1, dbsize, t4 - t3, (long long)st.st_size, docs, matches);
    hs_free_scratch(scratch);
    hs_free_database(db);
    for (size_t i = 0; i < nlits; i++) free(lits[i]);
    free(lits); free(flags); free(ids); free(lens);
    return 0;
}
