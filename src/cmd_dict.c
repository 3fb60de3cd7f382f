/*
 * cmd_dict.c - `entgraph dict check [PATH...]`: load and compile
 * dictionaries, report the first error as file:line:col, print statistics.
 * `entgraph dict lookup TEXT...`: what the dictionaries say about a string.
 */
#include "cli.h"
#include "escape.h"
#include <stdlib.h>
#include <string.h>

static const char *help =
"usage: entgraph dict check [PATH...]\n"
"       entgraph dict lookup [-d PATH]... [--no-default-dicts] [--date DATE]\n"
"                            [--jsonl] TEXT...\n"
"       entgraph dict import --from wikidata|ftm|csv [options] INPUT...\n"
"                            -o DICT.jsonl\n\n"
"dict check: validate dictionaries (files or directories; default: the\n"
"default set) and print entities and aliases per type and the aliases\n"
"shared by several entities.  Errors are reported as file:line:col: message.\n\n"
"dict lookup: for each TEXT, every alias that matches it under the\n"
"normalisation rules (what tagging would find there), with the entity's\n"
"id, name and type, the alias's kind and case policy, where the entity is\n"
"defined (file:line), and what would keep it from being reported: the case\n"
"policy against TEXT as written, a guard word, a blocker, a later drop, or\n"
"validity dates (on --date, else the current sense).  When nothing matches,\n"
"the nearest aliases (edit distance on the normalised forms, at most 2).\n\n"
"dict import: Wikidata (dump or SPARQL result), FollowTheMoney / OpenSanctions\n"
"or CSV entities as a native dictionary; see 'entgraph dict import --help'.\n\n"
"dict lookup options:\n"
"  -d, --dict PATH         dictionary file or directory (repeatable)\n"
"      --no-default-dicts  use only the --dict dictionaries\n"
"      --date DATE         judge validity dates on this day\n"
"      --jsonl             one JSON object per TEXT\n"
"      --no-cache          do not use the compiled dictionary cache\n\n"
"exit codes: 0 ok (lookup: every TEXT matched), 1 bad dictionary (lookup:\n"
"some TEXT matched no alias; import: see 'entgraph dict import --help'),\n"
"2 usage, 3 I/O or system error\n";

#define NEAREST_MAX 5
#define NEAREST_LIMIT 2

static void put_json(FILE *f, const char *s)
{
    fputc('"', f);
    eg_json_escape(f, s, strlen(s));
    fputc('"', f);
}

/* Why this alias would not be reported in a document of day, or NULL. */
static const char *blocked_by(const eg_lookup *l, int32_t day)
{
    if (l->dropped) return "dropped by a later dictionary";
    if (l->blocker) return "a blocker: matched so that nothing else is, never reported";
    if (!l->valid) return day == EG_NO_DAY ? "not current (undated documents take the current sense)" : "outside its validity dates on that day";
    if (!l->case_ok) return "the case policy rejects the text as written";
    return NULL;
}

static void dates_text(const eg_lookup *l, char *buf, size_t size)
{
    char a[11] = "", b[11] = "";
    if (l->valid_from != EG_NO_DAY) eg_day_format(l->valid_from, a);
    if (l->valid_to != EG_NO_DAY) eg_day_format(l->valid_to, b);
    if (!a[0] && !b[0]) snprintf(buf, size, "always");
    else snprintf(buf, size, "%s..%s", a, b);
}

static int lookup_one(const eg_dict *d, const char *text, int32_t day, bool jsonl, bool *found)
{
    size_t n = 0;
    eg_lookup *ls = NULL;
    int rc = eg_dict_lookup(d, text, strlen(text), day, NULL, 0, &n);
    if (!rc && n) {
        ls = calloc(n, sizeof *ls);
        if (!ls) return EG_ENOMEM;
        rc = eg_dict_lookup(d, text, strlen(text), day, ls, n, &n);
    }
    eg_nearest near[NEAREST_MAX];
    size_t nn = 0;
    if (!rc && !n) rc = eg_dict_nearest(d, text, strlen(text), NEAREST_LIMIT, near, NEAREST_MAX, &nn);
    if (rc) { free(ls); return rc; }
    *found = n > 0;
    /* senses that tagging could choose between */
    size_t live = 0;
    for (size_t i = 0; i < n; i++) {
        bool again = false;
        for (size_t j = 0; j < i && !again; j++) again = ls[j].entity == ls[i].entity && !blocked_by(&ls[j], day);
        live += !again && !blocked_by(&ls[i], day);
    }
    if (jsonl) {
        fputs("{\"text\":", stdout);
        put_json(stdout, text);
        fputs(",\"matches\":[", stdout);
        for (size_t i = 0; i < n; i++) {
            const eg_lookup *l = &ls[i];
            long line;
            const char *src = eg_dict_entity_source(d, l->entity, &line);
            printf("%s{\"id\":", i ? "," : "");
            put_json(stdout, eg_dict_entity_id(d, l->entity));
            fputs(",\"name\":", stdout);
            put_json(stdout, eg_dict_entity_label(d, l->entity));
            fputs(",\"type\":", stdout);
            put_json(stdout, eg_dict_entity_type(d, l->entity));
            fputs(",\"alias\":", stdout);
            put_json(stdout, l->alias);
            printf(",\"kind\":\"%s\",\"case\":\"%s\",\"case_ok\":%s,\"source\":", eg_alias_kind_name(l->kind),
                   eg_case_policy_name(l->policy), l->case_ok ? "true" : "false");
            put_json(stdout, src ? src : "");
            printf(",\"line\":%ld,\"guarded\":%s,\"blocker\":%s,\"dropped\":%s", line, l->guarded ? "true" : "false",
                   l->blocker ? "true" : "false", l->dropped ? "true" : "false");
            char day_s[11];
            if (l->valid_from != EG_NO_DAY) { eg_day_format(l->valid_from, day_s); printf(",\"valid_from\":\"%s\"", day_s); }
            if (l->valid_to != EG_NO_DAY) { eg_day_format(l->valid_to, day_s); printf(",\"valid_to\":\"%s\"", day_s); }
            const char *why = blocked_by(l, day);
            printf(",\"reported\":%s", why ? "false" : "true");
            if (why) { fputs(",\"why_not\":", stdout); put_json(stdout, why); }
            fputc('}', stdout);
        }
        printf("],\"senses\":%zu,\"nearest\":[", live);
        for (size_t i = 0; i < nn; i++) {
            fputs(i ? ",{\"alias\":" : "{\"alias\":", stdout);
            put_json(stdout, near[i].alias);
            fputs(",\"id\":", stdout);
            put_json(stdout, eg_dict_entity_id(d, near[i].entity));
            printf(",\"distance\":%zu}", near[i].distance);
        }
        fputs("]}\n", stdout);
    } else {
        if (!n) {
            printf("%s: no alias matches\n", text);
            for (size_t i = 0; i < nn; i++)
                printf("  nearest: \"%s\" -> %s (%s, distance %zu)\n", near[i].alias, eg_dict_entity_id(d, near[i].entity),
                       eg_dict_entity_type(d, near[i].entity), near[i].distance);
            if (!nn) printf("  nothing within edit distance %d\n", NEAREST_LIMIT);
        } else {
            printf("%s: %zu alias%s", text, n, n == 1 ? "" : "es");
            if (live > 1) printf(", %zu senses: resolved per document (earlier mention, context, priority) or left ambiguous", live);
            putchar('\n');
            for (size_t i = 0; i < n; i++) {
                const eg_lookup *l = &ls[i];
                long line;
                const char *src = eg_dict_entity_source(d, l->entity, &line);
                char dates[32];
                dates_text(l, dates, sizeof dates);
                printf("  %s \"%s\" (%s)\n", eg_dict_entity_id(d, l->entity), eg_dict_entity_label(d, l->entity),
                       eg_dict_entity_type(d, l->entity));
                printf("    alias \"%s\": %s, %s case%s; %s %s:%ld; valid %s\n", l->alias,
                       eg_alias_kind_name(l->kind), eg_case_policy_name(l->policy), l->case_ok ? "" : " (not as written)", l->dropped ? "dropped at" : "defined at",
                       src ? src : "?", line, dates);
                if (l->guarded) printf("    guarded: also an ordinary word, tagged only when the document mentions the entity, its country or its members otherwise\n");
                if (l->kind == EG_KIND_PROPAGATED) printf("    propagated: tagged only where the same document mentions the entity in full\n");
                const char *why = blocked_by(l, day);
                printf("    %s%s\n", why ? "not reported: " : "reported", why ? why : "");
            }
        }
    }
    free(ls);
    return ferror(stdout) ? EG_ESYS : 0;
}

static int cmd_lookup(int argc, char **argv)
{
    static const char *usage = "usage: entgraph dict lookup [-d PATH]... [--no-default-dicts] [--date DATE] [--jsonl] TEXT...";
    static const struct option longopts[] = {
        {"dict", required_argument, 0, 'd'},
        {"no-default-dicts", no_argument, 0, 1001},
        {"no-cache", no_argument, 0, 1009},
        {"date", required_argument, 0, 3001},
        {"jsonl", no_argument, 0, 3002},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    tag_cli t;
    tag_cli_init(&t, "dict lookup");
    int32_t day = EG_NO_DAY;
    bool jsonl = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); tag_cli_release(&t); return EXIT_OK;
        case 3001:
            if (eg_date_parse(optarg, &day)) {
                msg_errorf("--date needs a date (2023-08-08, 2023-08-08T10:00:00Z, ...), not '%s'", optarg);
                tag_cli_release(&t);
                return EXIT_USAGE;
            }
            break;
        case 3002: jsonl = true; break;
        default: {
            int r = c == '?' ? 0 : tag_cli_option(&t, c, optarg);
            if (r == 1) break;
            tag_cli_release(&t);
            if (r == -2) return EXIT_SYSTEM;
            if (r == 0) return usage_error("dict lookup", usage, longopts, argv);
            return EXIT_USAGE;
        }
        }
    }
    if (optind >= argc) {
        msg_errorf("dict lookup: no TEXT given");
        fprintf(stderr, "%s\ntry 'entgraph dict --help'\n", usage);
        tag_cli_release(&t);
        return EXIT_USAGE;
    }
    eg_dict *d = NULL;
    int rc = read_dict_sources(&t);
    if (!rc) rc = build_dict(&t, &d);
    tag_cli_release(&t);
    if (rc) return rc;
    bool all = true;
    for (int i = optind; i < argc && !rc; i++) {
        bool found = false;
        int e = lookup_one(d, argv[i], day, jsonl, &found);
        if (e) { msg_errorf("dict lookup: %s", e == EG_ENOMEM ? "out of memory" : "cannot write the output"); rc = EXIT_SYSTEM; }
        all = all && found;
    }
    eg_dict_free(d);
    if (!rc && fflush(stdout)) { msg_errorf("dict lookup: cannot write the output"); rc = EXIT_SYSTEM; }
    return rc ? rc : all ? EXIT_OK : EXIT_INPUT;
}

static int cmd_check(int argc, char **argv)
{
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

int cmd_dict(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: entgraph dict check|lookup|import ...\ntry 'entgraph dict --help'\n");
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) { fputs(help, stdout); return EXIT_OK; }
    if (!strcmp(argv[1], "check")) return cmd_check(argc, argv);
    if (!strcmp(argv[1], "lookup")) return cmd_lookup(argc - 1, argv + 1);
    if (!strcmp(argv[1], "import")) return cmd_dict_import(argc - 1, argv + 1);
    msg_errorf("unknown dict command '%s' (expected: check, lookup or import)", argv[1]);
    return EXIT_USAGE;
}
