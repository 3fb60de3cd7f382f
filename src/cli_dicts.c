/*
 * cli_dicts.c - which dictionaries a run uses and how it gets them: the
 * default set, the --dict sources read once, the compiled cache (used only
 * when every source is a regular file), and the run's --exclude and
 * --types checked against what was loaded.
 */
#include "cli.h"
#include "testhooks.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EG_DATADIR
#define EG_DATADIR "/usr/local/share/entgraph"
#endif

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The default set: the source tree's dicts/ when the binary runs from it
 * (build/entgraph), else the installed one, else $ENTGRAPH_DICTS. */
static const char *default_dicts(char *buf, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        /* build/entgraph, build/asan/entgraph, ...: look a few levels up */
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash || slash == exe) break;
            *slash = 0;
            char mk[PATH_MAX + 32];
            snprintf(mk, sizeof mk, "%s/src/main.c", exe);
            snprintf(buf, size, "%s/dicts", exe);
            if (access(mk, F_OK) == 0 && is_dir(buf)) return buf;
        }
    }
    snprintf(buf, size, "%s/dicts", EG_DATADIR);
    if (is_dir(buf)) return buf;
    const char *env = getenv("ENTGRAPH_DICTS");
    if (env && *env) return env;
    return NULL;
}

int read_dict_sources(tag_cli *t)
{
    const char **paths = calloc(t->ndicts + 1, sizeof *paths);
    if (!paths) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    size_t np = 0;
    char defbuf[PATH_MAX + 64];
    if (!t->no_default_dicts) {
        const char *p = default_dicts(defbuf, sizeof defbuf);
        if (!p && !t->ndicts) {
            msg_errorf("no dictionaries: give --dict PATH, install entgraph, or set ENTGRAPH_DICTS");
            free(paths);
            return EXIT_USAGE;
        }
        if (p) paths[np++] = p;
    } else if (!t->ndicts) {
        msg_errorf("--no-default-dicts needs at least one --dict");
        free(paths);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < t->ndicts; i++) paths[np++] = t->dicts[i];
    eg_error err;
    eg_error_clear(&err);
    int rc = eg_dict_sources_read(&t->sources, paths, np, &err);
    free(paths);
    if (rc) { msg_error(&err); return exit_code_for(rc); }
    if (!t->quiet)
        for (size_t i = 0; i < eg_dict_sources_warning_count(t->sources); i++) msg_warn(eg_dict_sources_warning(t->sources, i));
    return EXIT_OK;
}

/* An entity list option (--exclude, --only, --ego): ID,... or @FILE (one
 * id per line, # comments); every id must exist, with a did-you-mean when
 * it does not.  *out: a new per-entity byte mask. */
int entity_set(const eg_dict *d, const char *opt, const char *src, unsigned char **out)
{
    *out = NULL;
    size_t ne = eg_dict_entity_count(d);
    unsigned char *set = calloc(ne ? ne : 1, 1);
    if (!set) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    char *list = NULL;
    if (src[0] == '@') {
        FILE *f = fopen(src + 1, "rb");
        if (!f) { msg_errorf("--%s %s: cannot open: %s", opt, src, strerror(errno)); free(set); return EXIT_INPUT; }
        char *b = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&b, &len);
        char tmp[4096];
        size_t n;
        while (m && (n = fread(tmp, 1, sizeof tmp, f)) > 0) fwrite(tmp, 1, n, m);
        fclose(f);
        if (!m || fclose(m)) { free(b); free(set); msg_errorf("out of memory"); return EXIT_SYSTEM; }
        list = strndup(b, len);
        free(b);
    } else {
        list = strndup(src, strlen(src));
    }
    if (!list) { free(set); msg_errorf("out of memory"); return EXIT_SYSTEM; }
    bool file = src[0] == '@';
    int rc = EXIT_OK;
    long line = 0;
    for (char *p = list; *p && rc == EXIT_OK;) {
        char *end = p + strcspn(p, file ? "\n" : ",");
        char save = *end;
        *end = 0;
        line++;
        char *a = p, *b = end;
        while (*a == ' ' || *a == '\t') a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r')) *--b = 0;
        if (*a && *a != '#') {
            size_t idx = eg_dict_entity_index(d, a);
            if (idx != SIZE_MAX) set[idx] = 1;
            else {
                const char **ids = malloc((ne ? ne : 1) * sizeof *ids);
                const char *dym = NULL;
                if (ids) {
                    for (size_t i = 0; i < ne; i++) ids[i] = eg_dict_entity_id(d, i);
                    dym = eg_did_you_mean(a, ids, ne);
                }
                if (file) msg_errorf("%s:%ld: --%s: no entity '%s'%s%s%s", src + 1, line, opt, a, dym ? " (did you mean '" : "", dym ? dym : "", dym ? "'?)" : "");
                else msg_errorf("--%s: no entity '%s'%s%s%s", opt, a, dym ? " (did you mean '" : "", dym ? dym : "", dym ? "'?)" : "");
                free(ids);
                rc = EXIT_USAGE;
            }
        }
        if (!save) break;
        p = end + 1;
    }
    free(list);
    if (rc) { free(set); return rc; }
    *out = set;
    return EXIT_OK;
}

int resolve_exclude(tag_cli *t, const eg_dict *d)
{
    if (!t->exclude) return EXIT_OK;
    free(t->excluded);   /* a rebuilt dictionary (--unknown) numbers its entities anew */
    t->excluded = NULL;
    int rc = entity_set(d, "exclude", t->exclude, &t->excluded);
    t->topt.exclude = t->excluded;
    return rc;
}

int build_dict(tag_cli *t, eg_dict **out)
{
    *out = NULL;
    eg_error err;
    eg_error_clear(&err);
    eg_dict *d = NULL;
    /* the compiled cache, keyed by the sources' names and bytes; never for
     * pipes, and not under fault injection (it would hide allocations) */
    char dir[4096], why[300];
    int dfd = -1;
    uint64_t key = 0;
    bool blocked = false;
    if (!t->no_cache && !getenv("ENTGRAPH_FAIL_ALLOC") && eg_dict_sources_cacheable(t->sources) && cache_dir_path(dir, sizeof dir)) {
        dfd = cache_dir_open(dir, true, why, sizeof why);
        if (dfd < 0 && !t->quiet) fprintf(stderr, "entgraph: warning: cache directory %s: %s; running without the dictionary cache\n", dir, why);
    }
    if (dfd >= 0) {
        key = eg_dict_sources_key(t->sources);
        int rc = cache_load(dfd, dir, key, t->quiet, &d, &blocked);
        if (rc) { close(dfd); return rc; }
    }
    if (!d) {
        d = eg_dict_new();
        if (!d) { if (dfd >= 0) close(dfd); msg_errorf("out of memory"); return EXIT_SYSTEM; }
        int rc = eg_dict_load_sources(d, t->sources, &err);
        if (!t->keep_source_bytes) eg_dict_sources_release_bytes(t->sources);
        if (!rc) rc = eg_dict_compile(d, &err);
        if (rc) {
            msg_error(&err);
            eg_dict_free(d);
            if (dfd >= 0) close(dfd);
            return exit_code_for(rc);
        }
        if (dfd >= 0 && !blocked) cache_save(dfd, dir, d, key);
    }
    if (dfd >= 0) close(dfd);
    if (getenv("ENTGRAPH_NO_FAST_PATHS")) eg_dict_no_fast_paths(d);   /* the differential tests */
    int rc = resolve_exclude(t, d);
    if (rc) { eg_dict_free(d); return rc; }
    *out = d;
    return EXIT_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

int check_types(const eg_dict *d, const char *types)
{
    if (!types) return EXIT_OK;
    /* the types of the loaded entities (blockers' "_..." types are internal) */
    size_t ne = eg_dict_entity_count(d), nt = 0;
    const char **known = malloc((ne ? ne : 1) * sizeof *known);
    if (!known) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    for (size_t i = 0; i < ne; i++) {
        const char *ty = eg_dict_entity_type(d, i);
        if (ty[0] == '_') continue;
        bool dup = false;
        for (size_t k = 0; k < nt && !dup; k++) dup = !strcmp(known[k], ty);
        if (!dup) known[nt++] = ty;
    }
    if (nt) qsort(known, nt, sizeof *known, cmp_str);
    int rc = EXIT_OK;
    for (const char *p = types; *p && rc == EXIT_OK;) {
        size_t l = strcspn(p, ",");
        char ty[256];
        snprintf(ty, sizeof ty, "%.*s", (int)(l < 255 ? l : 255), p);
        bool found = false;
        for (size_t k = 0; k < nt && !found; k++) found = !strcmp(known[k], ty);
        if (!found) {
            const char *dym = eg_did_you_mean(ty, known, nt);
            char list[1024] = "";
            size_t ll = 0;
            for (size_t k = 0; k < nt && ll < sizeof list - 64; k++)
                ll += (size_t)snprintf(list + ll, sizeof list - ll, "%s%s", k ? ", " : "", known[k]);
            if (nt > 0 && ll >= sizeof list - 64) snprintf(list + ll, sizeof list - ll, ", ...");
            if (dym) msg_errorf("--types: no entity has type '%s' (did you mean '%s'?); the types are: %s", ty, dym, list);
            else msg_errorf("--types: no entity has type '%s'; the types are: %s", ty, list);
            rc = EXIT_USAGE;
        }
        p += l;
        if (*p == ',') p++;
    }
    free(known);
    return rc;
}
