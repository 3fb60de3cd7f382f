/*
 * cmd_tag.c - `entgraph tag`: one mention per line, JSONL or TSV.
 */
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_line = "entgraph tag [options] [INPUT...]";

static const char *help =
"usage: entgraph tag [options] [INPUT...]\n"
"Find entity mentions; writes one mention per line.\n"
"INPUT: FILE.txt (one document), FILE.jsonl (one {\"text\",\"id\"} per line),\n"
"FILE.json (a JSON array of documents, or one), a directory (all such files\n"
"below it), or - / nothing for standard input (format detected).\n\n"
TAG_CLI_HELP
"  -f, --format F          jsonl (default) or tsv\n"
"  -o, --output FILE       write to FILE atomically (default: standard output)\n"
"      --explain[=all]     add how each mention was resolved; =all also writes\n"
"                          the dictionary candidates that were not tagged and\n"
"                          why (case, dates, guarded, blocked, ambiguous, ...;\n"
"                          JSONL), and counts them by reason on standard error\n"
"  -h, --help              this help\n\n"
"exit codes: 0 ok, 1 bad input (also: an input could not be read, or no\n"
"document at all), 2 usage, 3 I/O or system error\n";

typedef struct tag_ctx {
    eg_mention_writer *w;
    const eg_dict *d;
    bool tsv, explain;
} tag_ctx;

/* The mentions, then (--explain=all) the rejected candidates, each in
 * text order. */
static int write_mentions(void *vctx, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n,
                          const eg_rejection *rej, size_t nrej)
{
    tag_ctx *c = vctx;
    (void)units;
    for (size_t i = 0; i < n + nrej; i++) {
        int rc = i < n ? eg_mention_writer_put(c->w, c->d, doc, &m[i])
                       : eg_mention_writer_put_rejection(c->w, c->d, doc, &rej[i - n]);
        if (rc == EG_ENOMEM) msg_errorf("out of memory");
        if (rc) return EXIT_SYSTEM;   /* a write error is reported with its reason by the caller */
    }
    return 0;
}

int cmd_tag(int argc, char **argv)
{
    static const struct option longopts[] = {
        TAG_CLI_LONGOPTS,
        {"format", required_argument, 0, 'f'},
        {"output", required_argument, 0, 'o'},
        {"explain", optional_argument, 0, 2001},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    tag_cli t;
    tag_cli_init(&t, "tag");
    tag_ctx ctx = {0};
    const char *output = "-";
    int c, rc = EXIT_OK;
    eg_dict *d = NULL;
    eg_reader *r = NULL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":" TAG_CLI_SHORTOPTS "f:o:h", longopts, NULL)) != -1) {
        int h = tag_cli_option(&t, c, optarg);
        if (h < 0) { rc = h == -2 ? EXIT_SYSTEM : EXIT_USAGE; goto out; }
        if (h) continue;
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "tsv")) ctx.tsv = true;
            else if (strcmp(optarg, "jsonl")) { msg_errorf("--format must be jsonl or tsv, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            break;
        case 'o': output = optarg; break;
        case 2001:
            if (optarg && strcmp(optarg, "all")) { msg_errorf("--explain takes no value or =all, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            ctx.explain = true;
            if (optarg) t.topt.explain = 1;
            break;
        case 'h': fputs(help, stdout); goto out;
        default: rc = usage_error("tag", usage_line, longopts, argv); goto out;
        }
    }
    if (t.topt.explain && ctx.tsv) { msg_errorf("--explain=all writes JSONL only (rejected candidates have no TSV columns)"); rc = EXIT_USAGE; goto out; }
    if ((rc = read_dict_sources(&t))) goto out;
    if ((rc = unknown_spool(&t, argv + optind, (size_t)(argc - optind)))) goto out;
    r = eg_reader_new((const char *const *)argv + optind, (size_t)(argc - optind), &t.ropt);
    if (!r) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    if ((rc = check_outputs(&t, &output, 1, r))) goto out;
    if ((rc = build_dict(&t, &d))) goto out;
    if ((rc = unknown_rebuild(&t, argv + optind, (size_t)(argc - optind), &d))) goto out;
    ctx.d = d;
    eg_outfile of;
    eg_error err;
    eg_error_clear(&err);
    if (out_open(&of, output, &err)) { msg_error(&err); rc = exit_code_for(err.code); goto out; }
    ctx.w = eg_mention_writer_new(of.fp, ctx.tsv ? EG_MENTIONS_TSV : EG_MENTIONS_JSONL, ctx.explain ? EG_MENTIONS_EXPLAIN : 0);
    if (!ctx.w) { out_abort(&of); msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    eg_mention_writer_header(ctx.w);
    run_stats st;
    rc = for_each_document(&t, d, r, write_mentions, &ctx, &st);
    int partial = 0;   /* 1: an input could not be read; the rest is written */
    if (!rc && (rc = end_of_run(&t, &st)) == EXIT_INPUT && st.docs) { partial = rc; rc = EXIT_OK; }
    if (rc) {
        /* a failed run writes nothing: report a write error with its reason */
        int e = eg_outfile_error(&of);
        if (rc == EXIT_SYSTEM && e) msg_errorf("%s: write error: %s", out_name(output), strerror(e));
        out_abort(&of);
    } else if (out_commit(&of, &err)) {
        msg_error(&err);
        rc = exit_code_for(err.code);
    } else {
        rc = partial;
    }
    if (!t.quiet && !rc && t.topt.explain) {
        size_t total = 0;
        for (int k = 0; k < EG_REJECT_COUNT; k++) total += st.rejected[k];
        fprintf(stderr, "entgraph: %zu document%s, %zu mention%s, %zu candidate%s not tagged", st.docs, st.docs == 1 ? "" : "s",
                st.mentions, st.mentions == 1 ? "" : "s", total, total == 1 ? "" : "s");
        const char *sep = " (";
        for (int k = 0; k < EG_REJECT_COUNT; k++)
            if (st.rejected[k]) { fprintf(stderr, "%s%s %zu", sep, eg_reject_name((eg_reject)k), st.rejected[k]); sep = ", "; }
        fputs(total ? ")\n" : "\n", stderr);
    }
    if (!t.quiet && (st.skipped || st.unreadable))
        fprintf(stderr, "entgraph: %zu document%s tagged, %zu skipped\n", st.docs, st.docs == 1 ? "" : "s", st.skipped + st.unreadable);
out:
    eg_mention_writer_free(ctx.w);
    eg_reader_free(r);
    eg_dict_free(d);
    tag_cli_release(&t);
    return rc;
}
