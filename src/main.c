/*
 * main.c - the entgraph command: dispatches to the subcommand table and
 * maps library errors to the documented exit codes:
 *   0 ok, 1 bad input, 2 usage, 3 I/O or system error.
 */
#include "cli.h"
#include "testhooks.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"tag", cmd_tag, "find entity mentions in documents"},
    {"graph", cmd_graph, "build the co-mention graph (GraphML, GEXF, DOT, CSV, JSON, Pajek, SVG)"},
    {"report", cmd_report, "the graph and the documents as one HTML page (graph -o report.html)"},
    {"suggest", cmd_suggest, "names no dictionary covers, as dictionary entries to review"},
    {"count", cmd_count, "the counts of a shard of documents, as a count file (for merge)"},
    {"merge", cmd_merge, "merge count files (k-way, streaming; any order gives the same bytes)"},
    {"dict", cmd_dict, "check dictionaries (dict check), look strings up (dict lookup), import them (dict import)"},
    {"cache", cmd_cache, "the compiled dictionary cache (cache dir|list|clear)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: entgraph <command> [options] [INPUT...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'entgraph <command> --help' describes a command.\n"
               "  --version  print the version\n\n"
               "exit codes: 0 ok, 1 bad input, 2 usage, 3 I/O or system error\n");
}

/* igraph may be built with OpenMP (Debian's is).  Our graphs are small and
 * the parallel regions cost more than they save: idle OpenMP threads spin
 * and took ~45% of a `graph` run on a busy 2-core machine.  One thread, if
 * the OpenMP runtime is there at all (weak reference).  This is the
 * program's choice, not the library's. */
extern void omp_set_num_threads(int) __attribute__((weak));

static void print_alloc_count(void)
{
    fprintf(stderr, "entgraph: %lu allocations\n", eg_alloc_count());
}

int main(int argc, char **argv)
{
    /* A closed standard descriptor would be reused by the first file we
     * open, and warnings or output would land in it: point it at /dev/null. */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0) {
            int n = open("/dev/null", O_RDWR);
            if (n >= 0 && n != fd) { dup2(n, fd); close(n); }
        }
    signals_install();
    if (omp_set_num_threads) omp_set_num_threads(1);
    /* Test hook (fault injection): make the Nth library allocation fail. */
    const char *fail = getenv("ENTGRAPH_FAIL_ALLOC");
    if (fail && *fail) eg_alloc_fail_at(strtoul(fail, NULL, 10));
    /* ...and ENTGRAPH_ALLOC_COUNT=1 prints how many there were at exit, so
     * a test can try every N, also past one whose failure was survived */
    if (getenv("ENTGRAPH_ALLOC_COUNT")) atexit(print_alloc_count);
    if (argc < 2) { usage(stderr); return EXIT_USAGE; }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("entgraph %s\n", EG_VERSION);
        return fclose(stdout) ? EXIT_SYSTEM : EXIT_OK;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return fclose(stdout) ? EXIT_SYSTEM : EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name)) continue;
        int rc = commands[i].fn(argc - 1, argv + 1);
        if (fclose(stdout) != 0 && rc == EXIT_OK) {
            msg_errorf("write error on standard output");
            rc = EXIT_SYSTEM;
        }
        return rc;
    }
    const char *names[sizeof commands / sizeof commands[0]];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) names[i] = commands[i].name;
    const char *dym = eg_did_you_mean(argv[1], names, sizeof commands / sizeof commands[0]);
    if (dym) msg_errorf("unknown command '%s' (did you mean '%s'?)", argv[1], dym);
    else msg_errorf("unknown command '%s'", argv[1]);
    fprintf(stderr, "usage: entgraph <command> [options] [INPUT...]\ntry 'entgraph --help'\n");
    return EXIT_USAGE;
}
