/*
 * cmd_suggest.c - `entgraph suggest`: names in the inputs that no
 * dictionary covers, as dictionary entities to review and pass back with
 * --dict.
 */
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_line = "entgraph suggest [options] [INPUT...]";

static const char *help =
"usage: entgraph suggest [options] [INPUT...]\n"
"Find names in the inputs that no dictionary covers and write them as\n"
"dictionary entities (JSONL, best first) to review and pass back with\n"
"--dict: id (new:per:..., new:org:...), name, type (person, organization,\n"
"agency), aliases, attrs (given, family), and the review fields count,\n"
"docs, confidence, why (the cues that fired) and evidence (snippets).\n\n"
TAG_CLI_HELP
"      --top N             only the N best candidates\n"
"      --min-docs N        only candidates seen in at least N documents\n"
"      --min-count N       only candidates seen at least N times\n"
"      --min-confidence X  only candidates of confidence at least X (0..1)\n"
"  -o, --output FILE       write to FILE atomically (default: standard output)\n"
"  -h, --help              this help\n\n"
"exit codes: 0 ok, 1 bad input (also: an input could not be read, or no\n"
"document at all), 2 usage, 3 I/O or system error\n";

/* The suggestions, for out_write. */
typedef struct swrite { eg_suggester *s; const eg_suggest_options *so; size_t written; } swrite;
static int write_suggestions(FILE *fp, void *v)
{
    swrite *w = v;
    return eg_suggester_write(w->s, w->so, fp, &w->written);
}

int cmd_suggest(int argc, char **argv)
{
    static const struct option longopts[] = {
        TAG_CLI_LONGOPTS,
        {"top", required_argument, 0, 4001},
        {"min-docs", required_argument, 0, 4002},
        {"min-count", required_argument, 0, 4003},
        {"min-confidence", required_argument, 0, 4004},
        {"output", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    tag_cli t;
    tag_cli_init(&t, "suggest");
    const char *output = "-";
    eg_suggest_options so;
    eg_suggest_options_default(&so);
    int c, rc = EXIT_OK;
    eg_dict *d = NULL;
    eg_reader *r = NULL;
    eg_suggester *s = NULL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":" TAG_CLI_SHORTOPTS "o:h", longopts, NULL)) != -1) {
        int h = tag_cli_option(&t, c, optarg);
        if (h < 0) { rc = h == -2 ? EXIT_SYSTEM : EXIT_USAGE; goto out; }
        if (h) continue;
        long v;
        switch (c) {
        case 4001: if (!parse_long(optarg, &v) || v < 1) { msg_errorf("--top needs a number of at least 1, not '%s'", optarg); rc = EXIT_USAGE; goto out; } so.top = (size_t)v; break;
        case 4002: if (!parse_long(optarg, &v) || v < 1) { msg_errorf("--min-docs needs a number of at least 1, not '%s'", optarg); rc = EXIT_USAGE; goto out; } so.min_docs = v; break;
        case 4003: if (!parse_long(optarg, &v) || v < 1) { msg_errorf("--min-count needs a number of at least 1, not '%s'", optarg); rc = EXIT_USAGE; goto out; } so.min_count = v; break;
        case 4004: {
            double x;
            if (!parse_double(optarg, &x) || !(x >= 0 && x <= 1)) { msg_errorf("--min-confidence needs a number from 0 to 1, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            so.min_confidence = x;
            break;
        }
        case 'o': output = optarg; break;
        case 'h': fputs(help, stdout); goto out;
        default: rc = usage_error("suggest", usage_line, longopts, argv); goto out;
        }
    }
    if (t.unknown) { msg_errorf("suggest: --unknown is for tag and graph (suggest finds the unknown names itself)"); rc = EXIT_USAGE; goto out; }
    t.topt.explain = 1;   /* rejected dictionary candidates are known names too */
    if ((rc = read_dict_sources(&t))) goto out;
    r = eg_reader_new((const char *const *)argv + optind, (size_t)(argc - optind), &t.ropt);
    if (!r) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    if ((rc = check_outputs(&t, &output, 1, r))) goto out;
    if ((rc = build_dict(&t, &d))) goto out;
    if (eg_suggester_new(&s, d)) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    run_stats st;
    rc = for_each_document(&t, d, r, suggest_doc, s, &st);
    int partial = 0;
    if (!rc && (rc = end_of_run(&t, &st)) == EXIT_INPUT && st.docs) { partial = rc; rc = EXIT_OK; }
    if (rc) goto out;
    swrite sw = { s, &so, 0 };
    if ((rc = out_write(output, write_suggestions, &sw))) goto out;
    size_t written = sw.written;
    if (!t.quiet)
        fprintf(stderr, "entgraph: %zu document%s, %zu candidate%s written\n", st.docs, st.docs == 1 ? "" : "s", written,
                written == 1 ? "" : "s");
    rc = partial;
out:
    eg_suggester_free(s);
    eg_reader_free(r);
    eg_dict_free(d);
    tag_cli_release(&t);
    return rc;
}
