/*
 * cmd_import.c - `entgraph dict import --from wikidata|ftm|csv INPUT... -o
 * DICT.jsonl`: read the inputs (gzip and bzip2 detected by their magic
 * bytes and read through `gzip -dc` / `bzip2 -dc`, so no compression
 * library is linked), hand the bytes to the importer (src/import.c), print
 * bad records as warnings and a summary, and write the dictionary
 * atomically: nothing is written when the import fails.
 */
#include "cli.h"
#include "import.h"
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_WARNINGS 50

static const char *help =
"usage: entgraph dict import --from wikidata|ftm|csv [options] INPUT... -o DICT.jsonl\n\n"
"Turn entities of other sources into a native JSONL dictionary (for --dict).\n"
"Inputs are read as a stream; gzip and bzip2 files are recognised by their\n"
"first bytes and decompressed with gzip -dc / bzip2 -dc; '-' is standard\n"
"input (not decompressed).  A bad record is a warning (file:line:col) and is\n"
"skipped; a repeated id adds its aliases to the first record with that id.\n"
"  --from FORMAT           wikidata: the JSON dump (latest-all.json.gz), one\n"
"                          entity per line, or a SPARQL result in JSON (vars\n"
"                          ?item ?itemLabel ?altLabel ?type ?country\n"
"                          ?sitelinks ?start); ftm: FollowTheMoney entities,\n"
"                          one per line (OpenSanctions); csv: RFC 4180 with a\n"
"                          header row\n"
"  -o, --output FILE       the dictionary (required; '-' standard output)\n"
"      --types LIST        keep only these types (person,organization,...)\n"
"      --default-type TYPE csv: rows with an empty type column (or no type\n"
"                          column); wikidata: entities with no mapped P31\n"
"  -q, --quiet             no warnings or summary\n"
"wikidata:\n"
"      --lang LIST         label and alias languages, in order (default en);\n"
"                          'mul' labels are read after them\n"
"      --min-sitelinks N   keep entities with at least N sitelinks\n"
"      --type-map FILE     lines 'Q-id<TAB>type[<TAB>subtype]' added to the\n"
"                          built-in P31 table (type '-' drops a class)\n"
"csv:\n"
"      --id-col NAME       the id column (default id)\n"
"      --name-col NAME     the name column (default name)\n"
"      --type-col NAME     the type column (default type)\n"
"      --alias-col NAME    the aliases column (default aliases; optional)\n"
"      --alias-sep SEP     separator of aliases in it (default |)\n\n"
"exit codes: 0 ok (also with skipped records), 1 bad input (an unreadable or\n"
"corrupt input, a CSV header without a needed column, no entity imported),\n"
"2 usage, 3 I/O or system error\n";

static const char *usage_line = "entgraph dict import --from wikidata|ftm|csv [options] INPUT... -o DICT.jsonl";

typedef struct warn_ctx { bool quiet; size_t shown; } warn_ctx;

static void on_warn(void *ctx, const eg_error *e)
{
    warn_ctx *w = ctx;
    if (w->quiet) return;
    if (w->shown < MAX_WARNINGS) msg_warn(e);
    else if (w->shown == MAX_WARNINGS) msg_errorf("warning: more bad records; not shown (the summary counts them)");
    w->shown++;
}

static int feed_fd(eg_importer *im, int fd, const char *name, const char *first, size_t nfirst, eg_error *err)
{
    static char buf[1 << 16];
    int rc = nfirst ? eg_importer_feed(im, first, nfirst, err) : 0;
    while (!rc) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return eg_fail(err, EG_EINPUT, name, 0, 0, "cannot read: %s", strerror(errno));
        if (!n) break;
        rc = eg_importer_feed(im, buf, (size_t)n, err);
    }
    return rc;
}

/* A compressed input through `prog -dc -- path`; its exit status and first
 * line of complaint make a corrupt archive an error naming the file. */
static int feed_decompressed(eg_importer *im, const char *prog, const char *path, eg_error *err)
{
    int out[2], errp[2];
    if (pipe2(out, O_CLOEXEC)) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot make a pipe: %s", strerror(errno));
    if (pipe2(errp, O_CLOEXEC)) {
        int e = errno;
        close(out[0]); close(out[1]);
        return eg_fail(err, EG_ESYS, path, 0, 0, "cannot make a pipe: %s", strerror(e));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    /* the child gets default SIGINT/SIGTERM/SIGHUP/SIGPIPE, not our handlers' state */
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
    char *argv[] = { (char *)prog, (char *)"-dc", (char *)"--", (char *)path, NULL };
    pid_t pid;
    int se = posix_spawnp(&pid, prog, &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(out[1]);
    close(errp[1]);
    if (se) {
        close(out[0]); close(errp[0]);
        return eg_fail(err, EG_EINPUT, path, 0, 0, "cannot run '%s' to decompress it: %s%s", prog, strerror(se),
                       se == ENOENT ? " (install it: Debian package bzip2 or gzip)" : "");
    }
    int rc = feed_fd(im, out[0], path, NULL, 0, err);
    close(out[0]);
    char msg[300];
    size_t mn = 0;
    for (;;) {
        ssize_t n = read(errp[0], msg + mn, sizeof msg - 1 - mn);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        mn += (size_t)n;
        if (mn == sizeof msg - 1) {   /* the rest is drained, not kept */
            char sink[512];
            while (read(errp[0], sink, sizeof sink) > 0) {}
            break;
        }
    }
    msg[mn] = 0;
    close(errp[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (rc) return rc;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char *nl = strchr(msg, '\n');
        if (nl) *nl = 0;
        return eg_fail(err, EG_EINPUT, path, 0, 0, "corrupt or truncated %s data (%s)", prog,
                       msg[0] ? msg : WIFSIGNALED(status) ? "killed by a signal" : "no message");
    }
    return 0;
}

static int import_input(eg_importer *im, const char *path, eg_error *err)
{
    int rc = eg_importer_begin(im, strcmp(path, "-") ? path : "<stdin>", err);
    if (rc) return rc;
    if (!strcmp(path, "-")) {
        rc = feed_fd(im, STDIN_FILENO, "<stdin>", NULL, 0, err);
        return rc ? rc : eg_importer_end(im, err);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return eg_fail(err, EG_EINPUT, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) { close(fd); return eg_fail(err, EG_EINPUT, path, 0, 0, "cannot read: Is a directory"); }
    unsigned char magic[4];
    size_t nm = 0;
    while (nm < sizeof magic) {
        ssize_t n = read(fd, magic + nm, sizeof magic - nm);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { int e = errno; close(fd); return eg_fail(err, EG_EINPUT, path, 0, 0, "cannot read: %s", strerror(e)); }
        if (!n) break;
        nm += (size_t)n;
    }
    const char *prog = nm >= 2 && magic[0] == 0x1f && magic[1] == 0x8b ? "gzip"
                     : nm >= 3 && !memcmp(magic, "BZh", 3) ? "bzip2" : NULL;
    if (prog) {
        close(fd);
        rc = feed_decompressed(im, prog, path, err);
    } else {
        rc = feed_fd(im, fd, path, (const char *)magic, nm, err);
        close(fd);
    }
    return rc ? rc : eg_importer_end(im, err);
}

static char *read_small_file(const char *path, eg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) { eg_fail(err, EG_EINPUT, path, 0, 0, "cannot open: %s", strerror(errno)); return NULL; }
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    for (size_t r; b && (r = fread(b + n, 1, cap - n - 1, f)) > 0;) {
        n += r;
        if (n + 1 == cap) { char *nb = realloc(b, cap *= 2); if (!nb) { free(b); b = NULL; } else b = nb; }
    }
    bool bad = ferror(f);
    fclose(f);
    if (!b) { eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); return NULL; }
    if (bad) { free(b); eg_fail(err, EG_EINPUT, path, 0, 0, "cannot read"); return NULL; }
    b[n] = 0;
    return b;
}

/* out NULL: the import failed, nothing was written */
static void summary(const eg_import_stats *s, size_t ninputs, const char *out)
{
    fprintf(stderr, "entgraph: dict import: %zu record%s read from %zu input%s, ", s->records,
            s->records == 1 ? "" : "s", ninputs, ninputs == 1 ? "" : "s");
    if (out) fprintf(stderr, "%zu entit%s written to %s", s->written, s->written == 1 ? "y" : "ies", strcmp(out, "-") ? out : "standard output");
    else fputs("nothing written", stderr);
    if (s->merged) fprintf(stderr, " (%zu record%s merged into an earlier one with the same id)", s->merged, s->merged == 1 ? "" : "s");
    bool any = false;
    for (int i = 0; i < EG_ISKIP_COUNT; i++) {
        if (!s->skipped[i]) continue;
        fprintf(stderr, "%s%zu %s", any ? ", " : "; skipped: ", s->skipped[i], eg_import_skip_name(i));
        any = true;
    }
    fputc('\n', stderr);
}

static bool same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && S_ISREG(x.st_mode) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

int cmd_dict_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, 0, 'f'},
        {"output", required_argument, 0, 'o'},
        {"lang", required_argument, 0, 4001},
        {"min-sitelinks", required_argument, 0, 4002},
        {"type-map", required_argument, 0, 4003},
        {"types", required_argument, 0, 4004},
        {"default-type", required_argument, 0, 4005},
        {"id-col", required_argument, 0, 4006},
        {"name-col", required_argument, 0, 4007},
        {"type-col", required_argument, 0, 4008},
        {"alias-col", required_argument, 0, 4009},
        {"alias-sep", required_argument, 0, 4010},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    eg_import_options o;
    memset(&o, 0, sizeof o);
    const char *from = NULL, *out = NULL, *type_map = NULL;
    bool quiet = false;
    const char *wd_only = NULL, *csv_only = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); return EXIT_OK;
        case 'f': from = optarg; break;
        case 'o': out = optarg; break;
        case 'q': quiet = true; break;
        case 4001: o.langs = optarg; wd_only = "--lang"; break;
        case 4002: {
            long v;
            if (!parse_long(optarg, &v)) { msg_errorf("--min-sitelinks needs a number >= 0, not '%s'", optarg); return EXIT_USAGE; }
            o.min_sitelinks = v;
            wd_only = "--min-sitelinks";
            break;
        }
        case 4003: type_map = optarg; wd_only = "--type-map"; break;
        case 4004: o.types = optarg; break;
        case 4005:
            if (!optarg[0]) { msg_errorf("--default-type needs a type"); return EXIT_USAGE; }
            o.default_type = optarg;
            break;
        case 4006: o.id_col = optarg; csv_only = "--id-col"; break;
        case 4007: o.name_col = optarg; csv_only = "--name-col"; break;
        case 4008: o.type_col = optarg; csv_only = "--type-col"; break;
        case 4009: o.alias_col = optarg; csv_only = "--alias-col"; break;
        case 4010:
            if (!optarg[0]) { msg_errorf("--alias-sep needs a separator"); return EXIT_USAGE; }
            o.alias_sep = optarg;
            csv_only = "--alias-sep";
            break;
        default: return usage_error("dict import", usage_line, longopts, argv);
        }
    }
    if (!from) { msg_errorf("dict import: --from wikidata, ftm or csv is required"); fprintf(stderr, "usage: %s\ntry 'entgraph dict --help'\n", usage_line); return EXIT_USAGE; }
    if (!strcmp(from, "wikidata")) o.from = EG_IMPORT_WIKIDATA;
    else if (!strcmp(from, "ftm")) o.from = EG_IMPORT_FTM;
    else if (!strcmp(from, "csv")) o.from = EG_IMPORT_CSV;
    else {
        const char *names[] = { "wikidata", "ftm", "csv" };
        const char *dym = eg_did_you_mean(from, names, 3);
        if (dym) msg_errorf("--from must be wikidata, ftm or csv, not '%s' (did you mean '%s'?)", from, dym);
        else msg_errorf("--from must be wikidata, ftm or csv, not '%s'", from);
        return EXIT_USAGE;
    }
    if (wd_only && o.from != EG_IMPORT_WIKIDATA) { msg_errorf("%s applies to --from wikidata only", wd_only); return EXIT_USAGE; }
    if (csv_only && o.from != EG_IMPORT_CSV) { msg_errorf("%s applies to --from csv only", csv_only); return EXIT_USAGE; }
    if (o.default_type && o.from == EG_IMPORT_FTM) { msg_errorf("--default-type applies to --from csv and wikidata only"); return EXIT_USAGE; }
    if (!out) { msg_errorf("dict import: no output: give -o DICT.jsonl (or -o - for standard output)"); return EXIT_USAGE; }
    if (optind >= argc) { msg_errorf("dict import: no INPUT given"); fprintf(stderr, "usage: %s\ntry 'entgraph dict --help'\n", usage_line); return EXIT_USAGE; }
    for (int i = optind; i < argc; i++)
        if (strcmp(out, "-") && same_file(argv[i], out)) { msg_errorf("'%s' is both an input and the output", out); return EXIT_USAGE; }

    eg_error err;
    eg_error_clear(&err);
    char *tm = NULL;
    if (type_map && !(tm = read_small_file(type_map, &err))) { msg_error(&err); return exit_code_for(err.code); }
    o.type_map = tm;
    o.type_map_name = type_map;
    warn_ctx wc = { quiet, 0 };
    o.warn = on_warn;
    o.warn_ctx = &wc;
    /* the spool: unlinked at once, in $TMPDIR (it holds about the output's size) */
    const char *td = getenv("TMPDIR");
    char spath[4096];
    snprintf(spath, sizeof spath, "%s/entgraph-import.XXXXXX", td && td[0] ? td : "/tmp");
    int sfd = mkstemp(spath);
    FILE *spool = sfd >= 0 ? fdopen(sfd, "w+b") : NULL;
    if (sfd >= 0) unlink(spath);
    if (!spool) {
        msg_errorf("cannot create a temporary file in %s: %s", td && td[0] ? td : "/tmp", strerror(errno));
        if (sfd >= 0) close(sfd);
        free(tm);
        return EXIT_SYSTEM;
    }
    eg_importer *im = NULL;
    int rc = eg_importer_new(&im, &o, spool, &err);
    for (int i = optind; !rc && i < argc; i++) rc = import_input(im, argv[i], &err);
    eg_outfile of;
    memset(&of, 0, sizeof of);
    of.fd = -1;
    if (!rc && !eg_importer_stats(im)->records) rc = eg_fail(&err, EG_EINPUT, NULL, 0, 0, "dict import: no record found in the input%s", argc - optind > 1 ? "s" : "");
    if (!rc && !(rc = out_open(&of, out, &err))) {
        rc = eg_importer_finish(im, of.fp, &err);
        if (!rc && !eg_importer_stats(im)->written)
            rc = eg_fail(&err, EG_EINPUT, NULL, 0, 0, "dict import: no entity imported (%zu record%s read, all skipped)",
                         eg_importer_stats(im)->records, eg_importer_stats(im)->records == 1 ? "" : "s");
        if (!rc) rc = out_commit(&of, &err);
        else out_abort(&of);
    }
    int code = EXIT_OK;
    if (im && !quiet && eg_importer_stats(im)->records) summary(eg_importer_stats(im), (size_t)(argc - optind), rc ? NULL : out);
    if (rc) {
        msg_error(&err);
        code = exit_code_for(rc);
    }
    eg_importer_free(im);
    fclose(spool);
    free(tm);
    return code;
}
