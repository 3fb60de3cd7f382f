/*
 * cli_common.c - command-line glue shared by the commands: messages, the
 * options every tagging command takes, and bad-option reports.
 */
#include "cli.h"
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int exit_code_for(int c)
{
    switch (c) {
    case EG_OK: return EXIT_OK;
    case EG_EINPUT: return EXIT_INPUT;
    case EG_EUSAGE: return EXIT_USAGE;
    default: return EXIT_SYSTEM;
    }
}

void msg_error(const eg_error *err)
{
    char buf[1200];
    fprintf(stderr, "entgraph: %s\n", eg_error_format(err, buf, sizeof buf));
}

void msg_warn(const eg_error *err)
{
    char buf[1200];
    fprintf(stderr, "entgraph: warning: %s\n", eg_error_format(err, buf, sizeof buf));
}

void msg_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("entgraph: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int tag_cli_option(tag_cli *t, int c, const char *arg)
{
    switch (c) {
    case 'd': {
        const char **n = realloc(t->dicts, (t->ndicts + 1) * sizeof *n);
        if (!n) { msg_errorf("out of memory"); return -2; }
        t->dicts = n;
        t->dicts[t->ndicts++] = arg;
        return 1;
    }
    case 1001: t->no_default_dicts = true; return 1;
    case 1002: t->topt.demonyms = 0; return 1;
    case 1003: t->topt.metonyms = 1; return 1;
    case 1004: t->topt.propagate = 0; return 1;
    case 1005: t->topt.resolve = 0; return 1;
    case 1006:
        if (strcmp(arg, "auto") && strcmp(arg, "jsonl") && strcmp(arg, "json") && strcmp(arg, "txt")) {
            msg_errorf("--input-format must be auto, jsonl, json or txt, not '%s'", arg);
            return -1;
        }
        t->ropt.format = arg;
        return 1;
    case 1007: t->strict = true; return 1;
    case 1009: t->no_cache = true; return 1;
    case 1010: case 1011: case 1012: case 1013: case 1014: {
        static const char *const names[] = { "text", "id", "date", "title", "url" };
        /* a dotted path of non-empty keys */
        bool ok = arg[0] && arg[0] != '.' && arg[strlen(arg) - 1] != '.' && !strstr(arg, "..");
        if (!ok) { msg_errorf("--%s-field needs a field name or dotted path (meta.body), not '%s'", names[c - 1010], arg); return -1; }
        const char **dst[] = { &t->ropt.text_field, &t->ropt.id_field, &t->ropt.date_field, &t->ropt.title_field, &t->ropt.url_field };
        *dst[c - 1010] = arg;
        return 1;
    }
    case 1015: {
        iconv_t cd = iconv_open("UTF-8", arg);
        if (cd == (iconv_t)-1) { msg_errorf("--encoding: unknown encoding '%s' (see 'iconv -l')", arg); return -1; }
        iconv_close(cd);
        t->ropt.encoding = arg;
        return 1;
    }
    case 1016: t->exclude = arg; return 1;
    case 1017: case 1018: {
        int32_t day;
        if (eg_date_parse(arg, &day)) {
            msg_errorf("--%s needs a date (2023-08-08, 2023-08-08T10:00:00Z, ...), not '%s'", c == 1017 ? "since" : "until", arg);
            return -1;
        }
        if (c == 1017) t->since = day; else t->until = day;
        return 1;
    }
    case 1019: t->unknown = true; t->keep_source_bytes = true; return 1;
    case 1020: {
        double v;
        if (!parse_double(arg, &v) || !(v >= 0 && v <= 1)) { msg_errorf("--unknown-min-confidence needs a number from 0 to 1, not '%s'", arg); return -1; }
        t->unknown_min_conf = v;
        return 1;
    }
    case 'q': t->quiet = true; return 1;
    case 'j': {
        char *e;
        errno = 0;
        long v = strtol(arg, &e, 10);
        if (errno || e == arg || *e || v < 1 || v > EG_MAX_JOBS) { msg_errorf("--jobs needs a number from 1 to %d, not '%s'", EG_MAX_JOBS, arg); return -1; }
        t->jobs = (int)v;
        return 1;
    }
    default: return 0;
    }
}

bool parse_long(const char *s, long *out)
{
    char *e;
    errno = 0;
    long v = strtol(s, &e, 10);
    if (errno || e == s || *e || v < 0) return false;
    *out = v;
    return true;
}

bool parse_double(const char *s, double *out)
{
    char *e;
    errno = 0;
    double v = strtod(s, &e);
    if (errno || e == s || *e || !isfinite(v)) return false;
    *out = v;
    return true;
}

int window_option(const char *arg, eg_window *w, size_t *span)
{
    if (!eg_window_parse(arg, w, span)) return 0;
    msg_errorf("--window must be sentence, paragraph, document, sentences:K, paragraphs:K (K >= 0) "
               "or tokens:K (K >= 1), not '%s'", arg);
    return -1;
}

void tag_cli_init(tag_cli *t, const char *cmd)
{
    memset(t, 0, sizeof *t);
    t->cmd = cmd;
    t->since = t->until = EG_NO_DAY;
    t->unknown_min_conf = 0.5;
    t->spool_fd = -1;
    eg_tag_options_default(&t->topt);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    t->jobs = n > 0 ? (n > EG_MAX_JOBS ? EG_MAX_JOBS : (int)n) : 1;
}

void tag_cli_release(tag_cli *t)
{
    free(t->dicts);
    t->dicts = NULL;
    free(t->excluded);
    t->excluded = NULL;
    eg_dict_sources_free(t->sources);
    t->sources = NULL;
    if (t->spool_fd >= 0) close(t->spool_fd);
    t->spool_fd = -1;
}

int usage_error(const char *cmd, const char *usage, const struct option *longopts, char **argv)
{
    const char *bad = optind > 0 ? argv[optind - 1] : NULL;
    if (bad && !strncmp(bad, "--", 2)) {
        char name[128];
        snprintf(name, sizeof name, "%s", bad + 2);
        char *eq = strchr(name, '=');
        if (eq) *eq = 0;
        const char *cands[96];
        size_t n = 0;
        bool known = false;
        for (const struct option *o = longopts; o->name && n < 96; o++) {
            cands[n++] = o->name;
            if (!strcmp(o->name, name)) known = true;
        }
        if (known) msg_errorf("option '--%s' %s", name, eq ? "takes no argument" : "needs an argument");
        else {
            const char *dym = eg_did_you_mean(name, cands, n);
            if (dym) msg_errorf("unknown option '--%s' (did you mean '--%s'?)", name, dym);
            else msg_errorf("unknown option '--%s'", name);
        }
    } else {
        bool takes_arg = false;
        for (const struct option *o = longopts; o->name; o++)
            if (o->val == optopt) takes_arg = o->has_arg == required_argument;
        if (takes_arg) msg_errorf("option '-%c' needs an argument", optopt);
        else if (optopt > 32 && optopt < 127) msg_errorf("unknown option '-%c'", optopt);
        else msg_errorf("bad option '%s'", bad ? bad : "?");
    }
    fprintf(stderr, "usage: %s\ntry 'entgraph %s --help'\n", usage, cmd);
    return EXIT_USAGE;
}
