/*
 * cmd_count.c - `entgraph count`: the counts of a shard of documents as a
 * count file, for `entgraph merge` and `entgraph graph --counts`.
 */
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_line = "entgraph count [options] -o FILE.counts [INPUT...]";

static const char *help =
"usage: entgraph count [options] [-o FILE.counts] [INPUT...]\n"
"Tag the inputs and write their co-mention counts (per entity, per pair,\n"
"per period, with bounded evidence) as a count file: sorted text records\n"
"that 'entgraph merge' combines and 'entgraph graph --counts' turns into\n"
"every output, byte for byte as one run over all the documents would.\n\n"
TAG_CLI_HELP
"  -w, --window W          the co-occurrence unit (as for graph)\n"
"      --max-per-window N  distinct entities counted per window (default 1000)\n"
"      --by P              also count per day, week, month, quarter or year\n"
"      --evidence-max N    keep the first N windows behind each edge (default 0:\n"
"                          none; graph --evidence needs them, 20 as graph does)\n"
"      --format F          file (default: sorted, with a trailer that counts the\n"
"                          records) or records (no trailer: a mapper's output)\n"
"  -o, --output FILE       write to FILE atomically (default: standard output)\n"
"  -h, --help              this help\n\n"
"exit codes: 0 ok, 1 bad input, 2 usage, 3 I/O or system error\n";

typedef struct cctx { eg_cooc *cooc; } cctx;

/* The count file, for out_write. */
typedef struct cwrite { eg_cooc *cooc; const eg_dict *d; const char *setup; bool trailer; } cwrite;
static int write_counts(FILE *fp, void *v)
{
    const cwrite *w = v;
    return eg_cooc_write_counts(w->cooc, w->d, w->setup, w->trailer, fp);
}

static int on_doc(void *vctx, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n,
                  const eg_rejection *rej, size_t nrej)
{
    (void)rej; (void)nrej;
    cctx *c = vctx;
    return count_doc(c->cooc, doc, units, m, n);
}

int cmd_count(int argc, char **argv)
{
    static const struct option longopts[] = {
        TAG_CLI_LONGOPTS,
        {"window", required_argument, 0, 'w'},
        {"max-per-window", required_argument, 0, 5001},
        {"by", required_argument, 0, 5002},
        {"evidence-max", required_argument, 0, 5003},
        {"format", required_argument, 0, 5004},
        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    tag_cli t;
    tag_cli_init(&t, "count");
    const char *output = "-";
    eg_window window = EG_WIN_SENTENCE;
    size_t span = 0;
    eg_period by = EG_PERIOD_NONE;
    long maxw = 1000, evmax = 0;
    bool trailer = true;
    int c, rc = EXIT_OK;
    eg_dict *d = NULL;
    eg_reader *r = NULL;
    cctx ctx = { NULL };
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":" TAG_CLI_SHORTOPTS "w:o:h", longopts, NULL)) != -1) {
        int h = tag_cli_option(&t, c, optarg);
        if (h < 0) { rc = h == -2 ? EXIT_SYSTEM : EXIT_USAGE; goto out; }
        if (h) continue;
        switch (c) {
        case 'w': if (window_option(optarg, &window, &span)) { rc = EXIT_USAGE; goto out; } break;
        case 5001: if (!parse_long(optarg, &maxw) || maxw < 2 || maxw > 1000000) { msg_errorf("--max-per-window needs a number from 2 to 1000000, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 5002: if (eg_period_from_name(optarg, &by)) { msg_errorf("--by must be day, week, month, quarter or year, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 5003: if (!parse_long(optarg, &evmax) || evmax > 100000) { msg_errorf("--evidence-max needs a number from 0 to 100000, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 5004:
            if (!strcmp(optarg, "records")) trailer = false;
            else if (strcmp(optarg, "file")) { msg_errorf("--format must be file or records, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            break;
        case 'o': output = optarg; break;
        case 'h': fputs(help, stdout); goto out;
        default: rc = usage_error("count", usage_line, longopts, argv); goto out;
        }
    }
    if (t.unknown) { msg_errorf("count: --unknown makes each shard's dictionary its own: counts could not be merged"); rc = EXIT_USAGE; goto out; }
    if ((rc = read_dict_sources(&t))) goto out;
    uint64_t key = eg_dict_sources_content_key(t.sources);
    r = eg_reader_new((const char *const *)argv + optind, (size_t)(argc - optind), &t.ropt);
    if (!r) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    if ((rc = check_outputs(&t, &output, 1, r))) goto out;
    if ((rc = build_dict(&t, &d))) goto out;
    char setup[1024];
    if (counts_setup(&t, key, eg_dict_entity_count(d), window, span, maxw, by, evmax, setup, sizeof setup)) {
        msg_errorf("count: setup too long");
        rc = EXIT_SYSTEM;
        goto out;
    }
    ctx.cooc = eg_cooc_new(eg_dict_entity_count(d), window, (size_t)maxw);
    if (!ctx.cooc || eg_cooc_set_span(ctx.cooc, span) || eg_cooc_set_periods(ctx.cooc, by) ||
        eg_cooc_set_evidence(ctx.cooc, (size_t)evmax)) {
        msg_errorf("out of memory");
        rc = EXIT_SYSTEM;
        goto out;
    }
    run_stats st;
    rc = for_each_document(&t, d, r, on_doc, &ctx, &st);
    int partial = 0;
    if (!rc && (rc = end_of_run(&t, &st)) == EXIT_INPUT && st.docs) { partial = rc; rc = EXIT_OK; }
    if (rc) goto out;
    cwrite cw = { ctx.cooc, d, setup, trailer };
    if ((rc = out_write(output, write_counts, &cw))) goto out;
    if (!t.quiet)
        fprintf(stderr, "entgraph: %zu document%s, %zu mention%s counted\n", st.docs, st.docs == 1 ? "" : "s", st.mentions,
                st.mentions == 1 ? "" : "s");
    rc = partial;
out:
    eg_cooc_free(ctx.cooc);
    eg_reader_free(r);
    eg_dict_free(d);
    tag_cli_release(&t);
    return rc;
}
