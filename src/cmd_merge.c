/*
 * cmd_merge.c - `entgraph merge`: count files combined into one, by a
 * streaming k-way merge of sorted files (standard input: records in any
 * order, as a Hadoop reducer or `cat` gives them).
 */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_line = "entgraph merge [-o FILE] FILE...|-";

static const char *help =
"usage: entgraph merge [options] FILE...|-\n"
"Merge count files ('entgraph count') into one: counts summed, the first\n"
"documents and evidence kept in document order.  Files are merged as they\n"
"stream (each sorted, with its trailer); '-' reads records in any order\n"
"(concatenated files, or a sorted shuffle).  Any grouping and any order of\n"
"the inputs give the same bytes.  Refuses counts made with other\n"
"dictionaries, windows or options, and damaged or truncated files.\n\n"
"      --format F          file (default, with the trailer) or records\n"
"  -o, --output FILE       write to FILE atomically (default: standard output);\n"
"                          FILE may be one of the inputs (incremental updates)\n"
"  -q, --quiet             no summary\n"
"  -h, --help              this help\n\n"
"exit codes: 0 ok, 1 bad input, 2 usage, 3 I/O or system error\n";

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, 0, 5004},
        {"output", required_argument, 0, 'o'},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    const char *output = "-";
    bool trailer = true, quiet = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 5004:
            if (!strcmp(optarg, "records")) trailer = false;
            else if (strcmp(optarg, "file")) { msg_errorf("--format must be file or records, not '%s'", optarg); return EXIT_USAGE; }
            break;
        case 'o': output = optarg; break;
        case 'q': quiet = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return usage_error("merge", usage_line, longopts, argv);
        }
    }
    size_t n = (size_t)(argc - optind);
    if (!n) { msg_errorf("merge: no count files (give FILE... or - for standard input)"); fprintf(stderr, "usage: %s\n", usage_line); return EXIT_USAGE; }
    size_t stdin_uses = 0;
    for (size_t i = 0; i < n; i++) stdin_uses += !strcmp(argv[optind + i], "-");
    if (stdin_uses > 1) { msg_errorf("merge: '-' given %zu times", stdin_uses); return EXIT_USAGE; }
    /* an output that is an input is fine: the inputs are read to the end
     * before the output replaces them (written to a temporary file) */
    FILE **in = calloc(n, sizeof *in);
    const char **names = calloc(n, sizeof *names);
    if (!in || !names) { free(in); free(names); msg_errorf("out of memory"); return EXIT_SYSTEM; }
    int rc = EXIT_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const char *p = argv[optind + i];
        if (!strcmp(p, "-")) { in[i] = stdin; names[i] = "<stdin>"; continue; }
        names[i] = p;
        in[i] = fopen(p, "r");
        if (!in[i]) { msg_errorf("%s: cannot open: %s", p, strerror(errno)); rc = EXIT_INPUT; }
    }
    eg_outfile of;
    eg_error err;
    eg_error_clear(&err);
    bool opened = false;
    if (!rc) {
        if (out_open(&of, output, &err)) { msg_error(&err); rc = exit_code_for(err.code); }
        else opened = true;
    }
    char *setup = NULL;
    if (!rc) {
        int e = eg_counts_merge(in, names, n, trailer, of.fp, &setup, &err);
        if (e) {
            if (e == EG_ENOMEM) msg_errorf("out of memory");
            else if (e == EG_ESYS && !err.text[0]) msg_errorf("%s: write error: %s", out_name(output), strerror(eg_outfile_error(&of) ? eg_outfile_error(&of) : EIO));
            else msg_error(&err);
            rc = exit_code_for(e);
        }
    }
    for (size_t i = 0; i < n; i++) if (in[i] && in[i] != stdin) fclose(in[i]);
    if (opened) {
        if (rc) out_abort(&of);
        else if (out_commit(&of, &err)) { msg_error(&err); rc = exit_code_for(err.code); }
    }
    if (!rc && !quiet) fprintf(stderr, "entgraph: %zu count file%s merged\n", n, n == 1 ? "" : "s");
    free(setup);
    free(in);
    free(names);
    return rc;
}
