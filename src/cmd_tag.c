/*
 * cmd_tag.c - `entgraph tag`: one mention per line, JSONL or TSV.
 */
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *help =
"usage: entgraph tag [options] [INPUT...]\n"
"Find entity mentions; writes one mention per line.\n"
"INPUT: FILE.txt (one document), FILE.jsonl (one {\"text\",\"id\"} per line),\n"
"a directory (all .txt/.jsonl below it), or - / nothing for standard input.\n\n"
TAG_CLI_HELP
"  -f, --format F          jsonl (default) or tsv\n"
"  -o, --output FILE       write to FILE atomically (default: standard output)\n"
"      --explain           add how each mention was resolved\n"
"  -h, --help              this help\n\n"
"exit codes: 0 ok, 1 bad input, 2 usage, 3 I/O or system error\n";

typedef struct tag_ctx {
    FILE *out;
    const eg_dict *d;
    bool tsv, explain;
} tag_ctx;

static int write_mentions(void *vctx, const eg_document *doc, const eg_mention *m, size_t n)
{
    tag_ctx *c = vctx;
    for (size_t i = 0; i < n; i++) {
        int rc = c->tsv ? write_mention_tsv(c->out, c->d, doc, &m[i]) : write_mention_json(c->out, c->d, doc, &m[i], c->explain);
        if (rc) return ferror(c->out) ? EXIT_SYSTEM : (msg_errorf("out of memory"), EXIT_SYSTEM);
    }
    return 0;
}

int cmd_tag(int argc, char **argv)
{
    static const struct option longopts[] = {
        TAG_CLI_LONGOPTS,
        {"format", required_argument, 0, 'f'},
        {"output", required_argument, 0, 'o'},
        {"explain", no_argument, 0, 2001},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    tag_cli t;
    tag_cli_init(&t);
    tag_ctx ctx = {0};
    const char *output = "-";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:f:o:qj:h", longopts, NULL)) != -1) {
        int h = tag_cli_option(&t, c, optarg);
        if (h < 0) { tag_cli_release(&t); return h == -2 ? EXIT_SYSTEM : EXIT_USAGE; }
        if (h) continue;
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "tsv")) ctx.tsv = true;
            else if (strcmp(optarg, "jsonl")) { msg_errorf("--format must be jsonl or tsv, not '%s'", optarg); tag_cli_release(&t); return EXIT_USAGE; }
            break;
        case 'o': output = optarg; break;
        case 2001: ctx.explain = true; break;
        case 'h': fputs(help, stdout); tag_cli_release(&t); return EXIT_OK;
        default: fputs(help, stderr); tag_cli_release(&t); return EXIT_USAGE;
        }
    }
    eg_dict *d;
    int rc = load_dicts(&t, &d);
    if (rc) { tag_cli_release(&t); return rc; }
    ctx.d = d;
    eg_outfile of;
    eg_error err;
    eg_error_clear(&err);
    if (eg_outfile_open(&of, output, &err)) {
        msg_error(&err);
        eg_dict_free(d);
        tag_cli_release(&t);
        return exit_code_for(err.code);
    }
    ctx.out = of.fp;
    if (ctx.tsv) fputs("doc\tstart\tend\tbyte_start\tbyte_end\ttext\tid\tlabel\ttype\tsentence\tparagraph\tvia\tambiguous\n", ctx.out);
    run_stats st;
    rc = for_each_document(&t, d, argv + optind, (size_t)(argc - optind), write_mentions, &ctx, &st);
    if (rc) {
        eg_outfile_abort(&of);
        if (rc == EXIT_SYSTEM && ferror(ctx.out)) msg_errorf("%s: write error", output);
    } else if (eg_outfile_commit(&of, &err)) {
        msg_error(&err);
        rc = exit_code_for(err.code);
    }
    if (!t.quiet && st.skipped)
        fprintf(stderr, "entgraph: %zu document%s tagged, %zu skipped\n", st.docs, st.docs == 1 ? "" : "s", st.skipped);
    eg_dict_free(d);
    tag_cli_release(&t);
    return rc;
}
