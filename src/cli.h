/* cli.h - what the command-line modules share: exit codes, messages, the
 * options every tagging command takes, dictionary loading, the document
 * loop, atomic outputs with signal-safe cleanup, the dictionary cache. */
#ifndef EG_CLI_H
#define EG_CLI_H
#include "entgraph.h"
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

int exit_code_for(int eg_code);
void msg_error(const eg_error *err);
void msg_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const eg_error *err);

/* Options shared by `tag` and `graph`. */
typedef struct tag_cli {
    const char *cmd;                 /* "tag", "graph": for messages */
    const char **dicts; size_t ndicts;
    bool no_default_dicts;
    eg_tag_options topt;
    eg_read_options ropt;
    bool strict, quiet, no_cache;
    int jobs;                        /* tagging threads; 0 = number of cores */
    const char *exclude;             /* --exclude ID,...|@FILE */
    int32_t since, until;            /* --since/--until days, or EG_NO_DAY */
    unsigned char *excluded;         /* owned: per entity, from exclude */
    eg_dict_sources *sources;        /* owned: the dictionary sources, read once */
    bool unknown;                    /* --unknown: suggest's candidates as provisional entities */
    double unknown_min_conf;         /* --unknown-min-confidence */
    bool keep_source_bytes;          /* the dictionary will be rebuilt (--unknown) */
    int spool_fd;                    /* standard input copied for a second pass, or -1 */
} tag_cli;

/* Handle a shared option (getopt_long value c, argument arg).  Returns 1 if
 * handled, 0 if not one of ours, -1 on a bad value, -2 out of memory. */
int tag_cli_option(tag_cli *t, int c, const char *arg);
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
    {"text-field", required_argument, 0, 1010}, \
    {"id-field", required_argument, 0, 1011}, \
    {"date-field", required_argument, 0, 1012}, \
    {"title-field", required_argument, 0, 1013}, \
    {"url-field", required_argument, 0, 1014}, \
    {"encoding", required_argument, 0, 1015}, \
    {"exclude", required_argument, 0, 1016}, \
    {"since", required_argument, 0, 1017}, \
    {"until", required_argument, 0, 1018}, \
    {"unknown", no_argument, 0, 1019}, \
    {"unknown-min-confidence", required_argument, 0, 1020}, \
    {"quiet", no_argument, 0, 'q'}, \
    {"jobs", required_argument, 0, 'j'}
#define TAG_CLI_SHORTOPTS "d:qj:"
#define TAG_CLI_HELP \
"  -d, --dict PATH         dictionary file or directory (repeatable); a later\n" \
"                          dictionary extends or drops ({\"id\", \"drop\": true})\n" \
"                          entities of an earlier one\n" \
"      --no-default-dicts  use only the --dict dictionaries\n" \
"      --exclude ID,...    leave these entities out of this run (or @FILE:\n" \
"                          one id per line)\n" \
"      --no-demonyms       do not match demonyms (\"Japanese\" -> Japan)\n" \
"      --metonyms          match metonyms (\"Tokyo\" -> Japan)\n" \
"      --no-propagate      no short forms after full names (\"Hamada\")\n" \
"      --no-resolve        leave shared aliases ambiguous\n" \
"      --input-format F    auto (default), jsonl, json or txt: for standard\n" \
"                          input and files whose extension does not say\n" \
"      --text-field PATH   JSON field of the text (default text; dotted\n" \
"                          paths such as meta.body); also --id-field,\n" \
"                          --date-field, --title-field, --url-field\n" \
"      --encoding NAME     input encoding (iconv name; default UTF-8; a\n" \
"                          UTF-16/UTF-32 byte-order mark is always honoured)\n" \
"      --since DATE, --until DATE  only documents dated in this range (UTC days,\n" \
"                          inclusive; undated documents are left out)\n" \
"      --unknown           also tag names no dictionary has: the candidates of\n" \
"                          'entgraph suggest' over the same inputs, as\n" \
"                          provisional entities (ids new:..., provisional: true)\n" \
"      --unknown-min-confidence X  their confidence at least X (default 0.5)\n" \
"      --strict            any bad document fails the run (exit 1), no output\n" \
"      --no-cache          neither read nor write the compiled dictionary cache\n" \
"                          (see 'entgraph cache --help')\n" \
"  -q, --quiet             no warnings, summary or progress on standard error\n" \
"  -j, --jobs N            tagging threads (default: the number of cores);\n" \
"                          the output does not depend on N\n"

void tag_cli_init(tag_cli *t, const char *cmd);
void tag_cli_release(tag_cli *t);

/* A bad option (getopt_long returned '?' or ':'): one line saying what,
 * the usage line and "try --help"; returns EXIT_USAGE. */
/* Option values: a number >= 0, a finite real number (false: not one);
 * --window's value (-1 and a message: not one). */
bool parse_long(const char *s, long *out);
bool parse_double(const char *s, double *out);
int window_option(const char *arg, eg_window *w, size_t *span);
int usage_error(const char *cmd, const char *usage, const struct option *longopts, char **argv);

/* Dictionaries (cli_dicts.c).  read_dict_sources reads the sources once
 * (the default set unless disabled); build_dict compiles them or takes
 * them from the cache, and resolves --exclude. */
int read_dict_sources(tag_cli *t);
int build_dict(tag_cli *t, eg_dict **out);
/* --types: every type must exist in d (exit 2 with the known types). */
int check_types(const eg_dict *d, const char *types);

/* Outputs (cli_run.c): refuse, before any work, an output that is the
 * same file as an input, a dictionary or another output, or empty. */
int check_outputs(const tag_cli *t, const char *const *outs, size_t nouts, const eg_reader *r);

/* The document loop shared by the commands: calls fn for each tagged
 * document; reports bad documents; returns an exit code. */
/* One tagged document: its mentions and (with topt.explain) the candidates
 * that were not tagged. */
typedef int (*doc_fn)(void *ctx, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n,
                      const eg_rejection *rej, size_t nrej);
typedef struct run_stats {
    size_t docs, skipped, unreadable, mentions, ambiguous, bytes;
    size_t rejected[EG_REJECT_COUNT];   /* candidates not tagged, by reason (topt.explain) */
    size_t outside;    /* documents left out by --since/--until */
    size_t undated;    /* documents used that have no date */
    int32_t first_day, last_day;   /* of the dated documents used, or EG_NO_DAY */
} run_stats;
/* An entity list option's value (ID,... or @FILE) as a new per-entity
 * mask; unknown ids are usage errors with a did-you-mean. */
int entity_set(const eg_dict *d, const char *opt, const char *src, unsigned char **out);
int for_each_document(tag_cli *t, const eg_dict *d, eg_reader *r, doc_fn fn, void *ctx, run_stats *st);
/* --unknown, before the reader is made: copy standard input (when an input
 * is "-") into an unlinked temporary file so that it can be read twice. */
int unknown_spool(tag_cli *t, char **inputs, size_t n);
/* --exclude as a mask over d's entities (again after a rebuild). */
int resolve_exclude(tag_cli *t, const eg_dict *d);
/* --unknown, once *d is built: a first pass over the inputs with the
 * suggester, then *d rebuilt from the same sources plus the candidates of
 * confidence >= --unknown-min-confidence as provisional entities. */
int unknown_rebuild(tag_cli *t, char **inputs, size_t n, eg_dict **d);
/* The exit code after the loop: 1 (with a message) when no document was
 * read or an input could not be read, else 0. */
int end_of_run(const tag_cli *t, const run_stats *st);


/* Signals and temporary files (cli_signals.c). */
void signals_install(void);
void signals_block(sigset_t *old);
void signals_restore(const sigset_t *old);
int temp_register(const char *path);
void temp_unregister(const char *path);
int out_open(eg_outfile *o, const char *path, eg_error *err);
int out_commit(eg_outfile *o, eg_error *err);
void out_abort(eg_outfile *o);
/* The name of an output path in messages: the path, or <stdout> for "-". */
const char *out_name(const char *path);
/* One output written whole or not at all: open path ("-": standard
 * output), let write (returning 0 or an EG_ error) fill it, commit.  A
 * failure is reported -- out of memory, or a write error with its reason
 * -- and leaves no file.  Returns an exit code. */
int out_write(const char *path, int (*write)(FILE *fp, void *ctx), void *ctx);

/* The dictionary cache (cli_cache.c). */
bool cache_dir_path(char *buf, size_t size);
int cache_dir_open(const char *path, bool create, char *why, size_t whysize);
/* 0 with *out set on a hit (or NULL on a miss); *blocked when something
 * that is not our file sits at the cache path (then nothing is saved). */
int cache_load(int dfd, const char *dir, uint64_t key, bool quiet, eg_dict **out, bool *blocked);
void cache_save(int dfd, const char *dir, const eg_dict *d, uint64_t key);

/* Count files (cli_counts.c): the setup line of counts made with t's
 * dictionaries (dict_key: eg_dict_sources_content_key) and options, the
 * window and periods; parsed back; count files merged into a temporary
 * file. */
int counts_setup(const tag_cli *t, uint64_t dict_key, size_t nent, eg_window w, size_t span, long maxw, eg_period by,
                 long evmax, char *buf, size_t n);
int counts_parse_setup(const char *setup, eg_window *w, size_t *span, long *maxw, eg_period *by, long *evmax);
int counts_merge_paths(char *const *paths, size_t n, FILE **out, char **setup);
/* Count one document (graph, count), with the message for a failure. */
int count_doc(eg_cooc *c, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n);
/* A document loop callback (doc_fn) that hands each document to the
 * eg_suggester given as ctx (suggest, --unknown). */
int suggest_doc(void *suggester, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n,
                const eg_rejection *rej, size_t nrej);

int cmd_tag(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_dict_import(int argc, char **argv);   /* cmd_import.c */
int cmd_cache(int argc, char **argv);
#endif
