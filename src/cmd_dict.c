/*
 * cmd_dict.c - `entgraph dict check [PATH...]`: load and compile
 * dictionaries, report the first error as file:line:col, print statistics.
 */
#include "cli.h"
#include <string.h>

static const char *help =
"usage: entgraph dict check [PATH...]\n"
"Validate dictionaries (files or directories; default: the default set)\n"
"and print entities and aliases per type and the aliases shared by several\n"
"entities.  Errors are reported as file:line:col: message.\n\n"
"exit codes: 0 ok, 1 bad dictionary, 2 usage, 3 I/O or system error\n";

int cmd_dict(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: entgraph dict check [PATH...]\ntry 'entgraph dict --help'\n");
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) { fputs(help, stdout); return EXIT_OK; }
    if (strcmp(argv[1], "check")) {
        msg_errorf("unknown dict command '%s' (expected: check)", argv[1]);
        return EXIT_USAGE;
    }
    tag_cli t;
    tag_cli_init(&t, "dict");
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { fputs(help, stdout); tag_cli_release(&t); return EXIT_OK; }
        if (argv[i][0] == '-' && argv[i][1]) {
            msg_errorf("unknown option '%s'", argv[i]);
            fprintf(stderr, "usage: entgraph dict check [PATH...]\ntry 'entgraph dict --help'\n");
            tag_cli_release(&t);
            return EXIT_USAGE;
        }
        if (tag_cli_option(&t, 'd', argv[i]) < 0) { tag_cli_release(&t); return EXIT_SYSTEM; }
    }
    t.no_default_dicts = t.ndicts > 0;
    t.no_cache = true;   /* check the sources themselves */
    eg_dict *d = NULL;
    int rc = read_dict_sources(&t);
    if (!rc) rc = build_dict(&t, &d);
    tag_cli_release(&t);
    if (rc) return rc;
    for (size_t i = 0; i < eg_dict_warning_count(d); i++) msg_warn(eg_dict_warning(d, i));
    eg_dict_write_stats(d, stdout);
    printf("ok\n");
    eg_dict_free(d);
    return EXIT_OK;
}
