/* cli.h - what the command-line modules (main.c, cmd_*.c, cli_common.c)
 * share: exit codes, messages, the options every tagging command takes. */
#ifndef EG_CLI_H
#define EG_CLI_H
#include "entgraph.h"
#include <stdbool.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

int exit_code_for(int eg_code);
void msg_error(const eg_error *err);
void msg_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const eg_error *err);

/* Options shared by `tag` and `graph`. */
typedef struct tag_cli {
    const char **dicts; size_t ndicts;
    bool no_default_dicts;
    eg_tag_options topt;
    const char *input_format;
    bool strict, quiet, no_cache;
    int jobs;             /* tagging threads; 0 = number of cores */
} tag_cli;

/* Handle a shared option (getopt_long value c, argument arg).  Returns 1 if
 * handled, 0 if not one of ours, -1 on a bad value, -2 out of memory. */
int tag_cli_option(tag_cli *t, int c, const char *arg);
/* getopt_long entries for the shared options (terminated by a zero entry
 * only when appended by the caller). */
#define TAG_CLI_LONGOPTS \
    {"dict", required_argument, 0, 'd'}, \
    {"no-default-dicts", no_argument, 0, 1001}, \
    {"no-demonyms", no_argument, 0, 1002}, \
    {"metonyms", no_argument, 0, 1003}, \
    {"no-propagate", no_argument, 0, 1004}, \
    {"no-resolve", no_argument, 0, 1005}, \
    {"input-format", required_argument, 0, 1006}, \
    {"strict", no_argument, 0, 1007}, \
    {"no-cache", no_argument, 0, 1009}, \
    {"quiet", no_argument, 0, 'q'}, \
    {"jobs", required_argument, 0, 'j'}
#define TAG_CLI_HELP \
"  -d, --dict PATH         dictionary file or directory (repeatable)\n" \
"      --no-default-dicts  use only the --dict dictionaries\n" \
"      --no-demonyms       do not match demonyms (\"Japanese\" -> Japan)\n" \
"      --metonyms          match metonyms (\"Tokyo\" -> Japan)\n" \
"      --no-propagate      no short forms after full names (\"Hamada\")\n" \
"      --no-resolve        leave shared aliases ambiguous\n" \
"      --input-format F    format of standard input: jsonl (default) or txt\n" \
"      --strict            any bad document fails the run (exit 1), no output\n" \
"      --no-cache          do not use the compiled dictionary cache\n" \
"  -q, --quiet             no warnings, summary or progress on standard error\n" \
"  -j, --jobs N            tagging threads (default: the number of cores);\n" \
"                          the output does not depend on N\n"

void tag_cli_release(tag_cli *t);
/* Defaults for the shared options. */
void tag_cli_init(tag_cli *t);
/* Load the dictionaries (default set unless disabled) and compile. */
int load_dicts(tag_cli *t, eg_dict **out);

/* Document loop shared by the commands: calls fn for each tagged
 * document.  Reports bad documents; returns an exit code. */
typedef int (*doc_fn)(void *ctx, const eg_document *doc, const eg_mention *m, size_t n);
typedef struct run_stats { size_t docs, skipped, mentions, bytes; } run_stats;
int for_each_document(tag_cli *t, const eg_dict *d, char **inputs, size_t ninputs,
                      doc_fn fn, void *ctx, run_stats *st);


/* One mention as a JSON object line / a TSV line; 0, or -1 on a write or
 * allocation error.  cli_output_release frees the line buffer. */
int write_mention_json(FILE *f, const eg_dict *d, const eg_document *doc, const eg_mention *x, bool explain);
int write_mention_tsv(FILE *f, const eg_dict *d, const eg_document *doc, const eg_mention *x);
void cli_output_release(void);

int cmd_tag(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_dict(int argc, char **argv);
#endif
