/*
 * cmd_graph.c - `entgraph graph`: tag, count co-mentions, build the graph
 * and write it in every requested format (atomically).
 */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_line = "entgraph graph [options] [INPUT...]";

static const char *help =
"usage: entgraph graph [options] [INPUT...]\n"
"Tag the inputs and build the weighted co-mention graph: one node per entity\n"
"mentioned, one edge per pair co-occurring in a window; weight = number of\n"
"windows with both, docs = number of documents.\n\n"
TAG_CLI_HELP
"  -w, --window W          sentence (default), paragraph or document\n"
"      --min-weight N      keep edges with weight >= N (default 1)\n"
"      --min-docs N        keep edges seen in >= N documents (default 1)\n"
"      --types T,...       keep only entities of these types\n"
"      --max-per-window N  distinct entities counted per window (default 1000)\n"
"      --seed N            community detection seed (default 42)\n"
"  -o, --output FILE       output file (repeatable); format from the extension\n"
"                          (.graphml, .dot/.gv) or --format; - = standard output\n"
"  -f, --format F          graphml or dot (for - and unknown extensions)\n"
"      --mentions FILE     also write the mentions (JSONL) to FILE\n"
"  -h, --help              this help\n\n"
"exit codes: 0 ok, 1 bad input (also: an input could not be read, or no\n"
"document at all), 2 usage, 3 I/O or system error\n";

typedef struct graph_ctx {
    eg_cooc *cooc;
    eg_mention_writer *mentions;   /* --mentions, or NULL */
    const eg_dict *d;
} graph_ctx;

static int on_doc(void *vctx, const eg_document *doc, const eg_mention *m, size_t n)
{
    graph_ctx *c = vctx;
    if (eg_cooc_add(c->cooc, m, n)) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    for (size_t i = 0; c->mentions && i < n; i++) {
        int rc = eg_mention_writer_put(c->mentions, c->d, doc, &m[i]);
        if (rc == EG_ENOMEM) msg_errorf("out of memory");
        if (rc) return EXIT_SYSTEM;   /* a write error is reported with its reason by the caller */
    }
    return 0;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* The format of an output: --format, else the extension; -1 if unknown. */
static int format_of(const char *path, const char *fmt)
{
    eg_format f;
    if (fmt) return eg_format_from_name(fmt, &f) ? -1 : (int)f;
    if (ends_with(path, ".graphml")) return EG_FORMAT_GRAPHML;
    if (ends_with(path, ".dot") || ends_with(path, ".gv")) return EG_FORMAT_DOT;
    if (!strcmp(path, "-")) return EG_FORMAT_GRAPHML;
    return -1;
}

static bool parse_long(const char *s, long *out)
{
    char *e;
    errno = 0;
    long v = strtol(s, &e, 10);
    if (errno || e == s || *e || v < 0) return false;
    *out = v;
    return true;
}

int cmd_graph(int argc, char **argv)
{
    static const struct option longopts[] = {
        TAG_CLI_LONGOPTS,
        {"window", required_argument, 0, 'w'},
        {"min-weight", required_argument, 0, 3001},
        {"min-docs", required_argument, 0, 3002},
        {"types", required_argument, 0, 3003},
        {"max-per-window", required_argument, 0, 3004},
        {"seed", required_argument, 0, 3005},
        {"mentions", required_argument, 0, 3006},
        {"output", required_argument, 0, 'o'},
        {"format", required_argument, 0, 'f'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    tag_cli t;
    tag_cli_init(&t, "graph");
    eg_graph_options go;
    eg_graph_options_default(&go);
    eg_window window = EG_WIN_SENTENCE;
    const char **outs = NULL;
    size_t nouts = 0;
    const char *fmt = NULL, *mentions_path = NULL;
    long maxw = 1000, v;
    int c, rc = EXIT_OK;
    eg_dict *d = NULL;
    eg_reader *r = NULL;
    graph_ctx ctx = { NULL, NULL, NULL };
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":" TAG_CLI_SHORTOPTS "w:o:f:h", longopts, NULL)) != -1) {
        int h = tag_cli_option(&t, c, optarg);
        if (h < 0) { rc = h == -2 ? EXIT_SYSTEM : EXIT_USAGE; goto out; }
        if (h) continue;
        switch (c) {
        case 'w':
            if (!strcmp(optarg, "sentence")) window = EG_WIN_SENTENCE;
            else if (!strcmp(optarg, "paragraph")) window = EG_WIN_PARAGRAPH;
            else if (!strcmp(optarg, "document")) window = EG_WIN_DOCUMENT;
            else { msg_errorf("--window must be sentence, paragraph or document, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            break;
        case 3001: if (!parse_long(optarg, &go.min_weight)) { msg_errorf("--min-weight needs a number, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 3002: if (!parse_long(optarg, &go.min_docs)) { msg_errorf("--min-docs needs a number, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 3003: go.types = optarg; break;
        case 3004: if (!parse_long(optarg, &maxw) || maxw < 2) { msg_errorf("--max-per-window needs a number >= 2, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 3005: if (!parse_long(optarg, &v)) { msg_errorf("--seed needs a number, not '%s'", optarg); rc = EXIT_USAGE; goto out; } go.seed = (unsigned long)v; break;
        case 3006: mentions_path = optarg; break;
        case 'o': {
            const char **n = realloc(outs, (nouts + 1) * sizeof *n);
            if (!n) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
            outs = n;
            outs[nouts++] = optarg;
            break;
        }
        case 'f':
            { eg_format f; if (eg_format_from_name(optarg, &f)) { msg_errorf("--format must be graphml or dot, not '%s'", optarg); rc = EXIT_USAGE; goto out; } }
            fmt = optarg;
            break;
        case 'h': fputs(help, stdout); goto out;
        default: rc = usage_error("graph", usage_line, longopts, argv); goto out;
        }
    }
    if (!nouts) {
        static const char *dash = "-";
        outs = malloc(sizeof *outs);
        if (!outs) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
        outs[0] = dash;
        nouts = 1;
    }
    for (size_t i = 0; i < nouts; i++)
        if (outs[i][0] && format_of(outs[i], fmt) < 0) {
            msg_errorf("%s: unknown output format (use .graphml, .dot or --format)", outs[i]);
            rc = EXIT_USAGE;
            goto out;
        }
    if ((rc = read_dict_sources(&t))) goto out;
    r = eg_reader_new((const char *const *)argv + optind, (size_t)(argc - optind), &t.ropt);
    if (!r) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    {
        /* every file this run writes, checked against each other and the inputs */
        const char **all = malloc((nouts + 1) * sizeof *all);
        if (!all) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
        size_t na = 0;
        if (mentions_path) all[na++] = mentions_path;
        for (size_t i = 0; i < nouts; i++) all[na++] = outs[i];
        rc = check_outputs(&t, all, na, r);
        free(all);
        if (rc) goto out;
    }
    if ((rc = build_dict(&t, &d))) goto out;
    if ((rc = check_types(d, go.types))) goto out;
    ctx.cooc = eg_cooc_new(eg_dict_entity_count(d), window, (size_t)maxw);
    ctx.d = d;
    eg_error err;
    eg_error_clear(&err);
    eg_outfile mf = {0};
    if (!ctx.cooc) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    if (mentions_path) {
        if (out_open(&mf, mentions_path, &err)) { msg_error(&err); rc = exit_code_for(err.code); goto out; }
        ctx.mentions = eg_mention_writer_new(mf.fp, EG_MENTIONS_JSONL, 0);
        if (!ctx.mentions) { out_abort(&mf); msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    }
    run_stats st;
    rc = for_each_document(&t, d, r, on_doc, &ctx, &st);
    int partial = 0;   /* 1: an input could not be read; the rest is written */
    if (!rc && (rc = end_of_run(&t, &st)) == EXIT_INPUT && st.docs) { partial = rc; rc = EXIT_OK; }
    if (rc) {
        if (mentions_path) {
            int e = eg_outfile_error(&mf);
            if (rc == EXIT_SYSTEM && e) msg_errorf("%s: write error: %s", mentions_path, strerror(e));
            out_abort(&mf);
        }
        goto out;
    }
    if (eg_cooc_truncated_windows(ctx.cooc) && !t.quiet)
        fprintf(stderr, "entgraph: warning: %zu window%s had more than %ld distinct entities; only the first %ld were paired\n",
                eg_cooc_truncated_windows(ctx.cooc), eg_cooc_truncated_windows(ctx.cooc) == 1 ? "" : "s", maxw, maxw);
    eg_graph *g;
    if (eg_graph_build(&g, ctx.cooc, d, &go, &err)) {
        msg_error(&err);
        rc = exit_code_for(err.code);
        if (mentions_path) out_abort(&mf);
        goto out;
    }
    /* All or nothing: every output goes to its temporary file first, and
     * they are committed only once all are complete, so a failure (out of
     * memory, a file that cannot be created, a full disk) leaves no new
     * file rather than some of them. */
    size_t written = 0, nopen = 0;
    eg_outfile *of = calloc(nouts, sizeof *of);
    if (!of) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; }
    for (; !rc && nopen < nouts; nopen++) {
        if (out_open(&of[nopen], outs[nopen], &err)) { msg_error(&err); rc = exit_code_for(err.code); break; }
        eg_graph_write(g, (eg_format)format_of(outs[nopen], fmt), of[nopen].fp);
    }
    /* flush everything before committing anything: a full disk shows here */
    for (size_t i = 0; i < nopen && !rc; i++) {
        if (fflush(of[i].fp) == 0 && !eg_outfile_error(&of[i])) continue;
        int e = eg_outfile_error(&of[i]);
        msg_errorf("%s: write error: %s", strcmp(outs[i], "-") ? outs[i] : "<stdout>", strerror(e ? e : EIO));
        rc = EXIT_SYSTEM;
    }
    if (mentions_path && !rc && (fflush(mf.fp) != 0 || eg_outfile_error(&mf))) {
        int e = eg_outfile_error(&mf);
        msg_errorf("%s: write error: %s", mentions_path, strerror(e ? e : EIO));
        rc = EXIT_SYSTEM;
    }
    if (mentions_path) {
        if (rc) out_abort(&mf);
        else if (out_commit(&mf, &err)) { msg_error(&err); rc = exit_code_for(err.code); }
        else written++;
    }
    for (size_t i = 0; i < nopen; i++) {
        if (rc) out_abort(&of[i]);
        else if (out_commit(&of[i], &err)) { msg_error(&err); rc = exit_code_for(err.code); }
        else written++;
    }
    free(of);
    if (!t.quiet) {
        char amb[64] = "";
        if (st.ambiguous) snprintf(amb, sizeof amb, " (%zu ambiguous, left out)", st.ambiguous);
        fprintf(stderr, "entgraph: %zu document%s (%zu skipped), %zu mention%s%s, %zu entit%s, %zu edge%s, %zu file%s written\n",
                st.docs, st.docs == 1 ? "" : "s", st.skipped + st.unreadable, st.mentions, st.mentions == 1 ? "" : "s", amb,
                eg_graph_node_count(g), eg_graph_node_count(g) == 1 ? "y" : "ies",
                eg_graph_edge_count(g), eg_graph_edge_count(g) == 1 ? "" : "s", written, written == 1 ? "" : "s");
    }
    eg_graph_free(g);
    if (!rc) rc = partial;
out:
    eg_mention_writer_free(ctx.mentions);
    eg_cooc_free(ctx.cooc);
    eg_reader_free(r);
    eg_dict_free(d);
    free(outs);
    tag_cli_release(&t);
    return rc;
}
