/*
 * cli_unknown.c - --unknown: two passes over the inputs.  The first tags
 * every document with the dictionaries and hands it to the suggester; the
 * candidates at or above --unknown-min-confidence are added to the same
 * dictionary sources as provisional entities ("provisional": true, ids
 * new:...), and the second pass (the command's own) tags with that
 * dictionary.  Standard input is copied once into an unlinked temporary
 * file, so it can be read twice and nothing is left behind.
 */
#include "cli.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int unknown_spool(tag_cli *t, char **inputs, size_t n)
{
    bool uses_stdin = n == 0;
    for (size_t i = 0; i < n; i++) uses_stdin = uses_stdin || !strcmp(inputs[i], "-");
    if (!t->unknown || !uses_stdin) return EXIT_OK;
    FILE *tmp = tmpfile();
    if (!tmp) { msg_errorf("--unknown: cannot make a temporary file for standard input: %s", strerror(errno)); return EXIT_SYSTEM; }
    int fd = dup(fileno(tmp));
    fclose(tmp);
    if (fd < 0) { msg_errorf("--unknown: %s", strerror(errno)); return EXIT_SYSTEM; }
    char buf[1 << 16];
    for (;;) {
        ssize_t k = read(STDIN_FILENO, buf, sizeof buf);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) { msg_errorf("<stdin>: read error: %s", strerror(errno)); close(fd); return EXIT_SYSTEM; }
        if (k == 0) break;
        for (ssize_t off = 0; off < k;) {
            ssize_t w = write(fd, buf + off, (size_t)(k - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) { msg_errorf("--unknown: cannot copy standard input: %s", strerror(errno)); close(fd); return EXIT_SYSTEM; }
            off += w;
        }
    }
    if (lseek(fd, 0, SEEK_SET) != 0) { msg_errorf("--unknown: %s", strerror(errno)); close(fd); return EXIT_SYSTEM; }
    t->spool_fd = fd;
    t->ropt.stdin_fd = fd;
    return EXIT_OK;
}

int suggest_doc(void *suggester, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n,
                const eg_rejection *rej, size_t nrej)
{
    (void)units;
    if (eg_suggester_add(suggester, doc, m, n, rej, nrej)) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    return 0;
}

int unknown_rebuild(tag_cli *t, char **inputs, size_t n, eg_dict **d)
{
    if (!t->unknown) return EXIT_OK;
    eg_suggester *s = NULL;
    if (eg_suggester_new(&s, *d)) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    /* the first pass: quiet (the second reports), never strict, explained
     * (rejected dictionary candidates are known names) */
    tag_cli p = *t;
    p.quiet = true;
    p.strict = false;
    p.topt.explain = 1;
    eg_reader *r = eg_reader_new((const char *const *)inputs, n, &t->ropt);
    if (!r) { eg_suggester_free(s); msg_errorf("out of memory"); return EXIT_SYSTEM; }
    run_stats st;
    int rc = for_each_document(&p, *d, r, suggest_doc, s, &st);
    eg_reader_free(r);
    if (t->spool_fd >= 0 && lseek(t->spool_fd, 0, SEEK_SET) != 0) { msg_errorf("--unknown: %s", strerror(errno)); rc = EXIT_SYSTEM; }
    char *buf = NULL;
    size_t len = 0, added = 0;
    if (!rc) {
        FILE *ms = open_memstream(&buf, &len);
        eg_suggest_options so;
        eg_suggest_options_default(&so);
        so.min_confidence = t->unknown_min_conf;
        so.provisional = true;
        if (!ms || eg_suggester_write(s, &so, ms, &added) || fclose(ms)) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; }
    }
    eg_suggester_free(s);
    if (!rc && added) {
        eg_error err;
        eg_error_clear(&err);
        eg_dict *nd = eg_dict_new();
        int e = nd ? eg_dict_load_sources(nd, t->sources, &err) : EG_ENOMEM;
        if (!e) e = eg_dict_load_buffer(nd, "<unknown>", "jsonl", buf, len, &err);
        if (!e) e = eg_dict_compile(nd, &err);
        if (e) {
            if (e == EG_ENOMEM) msg_errorf("out of memory"); else msg_error(&err);
            eg_dict_free(nd);
            rc = exit_code_for(e);
        } else {
            eg_dict_free(*d);
            *d = nd;
            rc = resolve_exclude(t, nd);
        }
    }
    free(buf);
    if (!rc && !t->quiet)
        fprintf(stderr, "entgraph: --unknown: %zu provisional entit%s (confidence >= %g)\n", added, added == 1 ? "y" : "ies",
                t->unknown_min_conf);
    return rc;
}
