/*
 * cli_counts.c - what `count`, `merge` and `graph --counts` share: the
 * setup line of a count file (how its counts were made) and reading count
 * files back into the counts the graph stage reads.
 */
#include "cli.h"
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The setup: dictionaries (their bytes), window, pairing limit, periods,
 * evidence kept, and the tag options that change counts.  Must be called
 * after read_dict_sources and before the bytes are released, with
 * t->excluded resolved (after build_dict) -- so: dict_key first, then this. */
int counts_setup(const tag_cli *t, uint64_t dict_key, size_t nent, eg_window w, size_t span, long maxw, eg_period by,
                 long evmax, char *buf, size_t n)
{
    char win[64], since[11] = "-", until[11] = "-";
    eg_window_format(w, span, win, sizeof win);
    if (t->since != EG_NO_DAY) eg_day_format(t->since, since);
    if (t->until != EG_NO_DAY) eg_day_format(t->until, until);
    uint64_t ex = 0;   /* FNV-1a over the --exclude mask */
    if (t->excluded) {
        ex = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < nent; i++) { ex ^= t->excluded[i] != 0; ex *= 0x100000001b3ULL; }
    }
    int k = snprintf(buf, n,
                     "dicts=%016" PRIx64 " window=%s max-per-window=%ld by=%s evidence=%ld demonyms=%d metonyms=%d "
                     "propagate=%d resolve=%d exclude=%016" PRIx64 " since=%s until=%s",
                     dict_key, win, maxw, eg_period_kind(by), evmax, t->topt.demonyms, t->topt.metonyms,
                     t->topt.propagate, t->topt.resolve, ex, since, until);
    return k > 0 && (size_t)k < n ? 0 : -1;
}

/* A value of the setup ("window" -> "sentence"), into buf. */
static bool setup_value(const char *setup, const char *key, char *buf, size_t n)
{
    size_t kl = strlen(key);
    for (const char *p = setup; p && *p;) {
        if (!strncmp(p, key, kl) && p[kl] == '=') {
            const char *v = p + kl + 1, *e = strchr(v, ' ');
            size_t l = e ? (size_t)(e - v) : strlen(v);
            if (l >= n) return false;
            memcpy(buf, v, l);
            buf[l] = 0;
            return true;
        }
        p = strchr(p, ' ');
        if (p) p++;
    }
    return false;
}

int counts_parse_setup(const char *setup, eg_window *w, size_t *span, long *maxw, eg_period *by, long *evmax)
{
    char v[64];
    if (!setup_value(setup, "window", v, sizeof v) || eg_window_parse(v, w, span)) return -1;
    if (!setup_value(setup, "max-per-window", v, sizeof v)) return -1;
    *maxw = strtol(v, NULL, 10);
    if (!setup_value(setup, "by", v, sizeof v)) return -1;
    if (!strcmp(v, "none")) *by = EG_PERIOD_NONE;
    else if (eg_period_from_name(v, by)) return -1;
    if (!setup_value(setup, "evidence", v, sizeof v)) return -1;
    *evmax = strtol(v, NULL, 10);
    return 0;
}

/* Merge the count files (paths; "-" is standard input) into a temporary
 * file, rewound; *setup is theirs. */
int counts_merge_paths(char *const *paths, size_t n, FILE **out, char **setup)
{
    FILE **in = calloc(n ? n : 1, sizeof *in);
    const char **names = calloc(n ? n : 1, sizeof *names);
    int rc = in && names ? EXIT_OK : EXIT_SYSTEM;
    if (rc) msg_errorf("out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        if (!strcmp(paths[i], "-")) { in[i] = stdin; names[i] = "<stdin>"; continue; }
        names[i] = paths[i];
        in[i] = fopen(paths[i], "r");
        if (!in[i]) { msg_errorf("%s: cannot open: %s", paths[i], strerror(errno)); rc = EXIT_INPUT; }
    }
    FILE *tmp = NULL;
    if (!rc && !(tmp = tmpfile())) { msg_errorf("cannot make a temporary file: %s", strerror(errno)); rc = EXIT_SYSTEM; }
    if (!rc) {
        eg_error err;
        eg_error_clear(&err);
        int e = eg_counts_merge(in, names, n, false, tmp, setup, &err);
        if (e == EG_ENOMEM) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; }
        else if (e) { msg_error(&err); rc = exit_code_for(e); }
        else if (fflush(tmp) || fseek(tmp, 0, SEEK_SET)) { msg_errorf("temporary file: %s", strerror(errno)); rc = EXIT_SYSTEM; }
    }
    for (size_t i = 0; i < n; i++) if (in && in[i] && in[i] != stdin) fclose(in[i]);
    free(in);
    free(names);
    if (rc) { if (tmp) fclose(tmp); return rc; }
    *out = tmp;
    return EXIT_OK;
}

int count_doc(eg_cooc *c, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n)
{
    int crc = eg_cooc_add_doc(c, doc, units, m, n);
    if (crc == EG_EINPUT) { msg_errorf("%s: more than 2^32 tokens in one document", doc->source); return EXIT_INPUT; }
    if (crc) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    return 0;
}
