/*
 * cli_common.c - command-line glue shared by the commands: messages,
 * dictionary discovery and loading, the document loop with its
 * bad-document policy, JSON string output.
 */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EG_DATADIR
#define EG_DATADIR "/usr/local/share/entgraph"
#endif

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
        const char **n = eg_realloc(t->dicts, (t->ndicts + 1) * sizeof *n);
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
        if (strcmp(arg, "jsonl") && strcmp(arg, "txt")) {
            msg_errorf("--input-format must be jsonl or txt, not '%s'", arg);
            return -1;
        }
        t->input_format = arg;
        return 1;
    case 1007: t->strict = true; return 1;
    case 'q': t->quiet = true; return 1;
    default: return 0;
    }
}

void tag_cli_release(tag_cli *t) { eg_free(t->dicts); t->dicts = NULL; }

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

int load_dicts(tag_cli *t, eg_dict **out)
{
    eg_dict *d = eg_dict_new();
    if (!d) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    eg_error err;
    eg_error_clear(&err);
    int rc = 0;
    if (!t->no_default_dicts) {
        char buf[PATH_MAX + 64];
        const char *p = default_dicts(buf, sizeof buf);
        if (!p && !t->ndicts) {
            msg_errorf("no dictionaries: give --dict PATH, install entgraph, or set ENTGRAPH_DICTS");
            eg_dict_free(d);
            return EXIT_USAGE;
        }
        if (p) rc = eg_dict_load_path(d, p, &err);
    } else if (!t->ndicts) {
        msg_errorf("--no-default-dicts needs at least one --dict");
        eg_dict_free(d);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < t->ndicts && !rc; i++) rc = eg_dict_load_path(d, t->dicts[i], &err);
    if (!rc) rc = eg_dict_compile(d, &err);
    if (rc) {
        msg_error(&err);
        eg_dict_free(d);
        return exit_code_for(rc);
    }
    *out = d;
    return EXIT_OK;
}

int for_each_document(tag_cli *t, const eg_dict *d, char **inputs, size_t ninputs,
                      doc_fn fn, void *ctx, run_stats *st)
{
    memset(st, 0, sizeof *st);
    eg_tagger *tg = eg_tagger_new(d, &t->topt);
    eg_reader *r = eg_reader_new((const char *const *)inputs, ninputs, t->input_format);
    if (!tg || !r) {
        eg_tagger_free(tg);
        eg_reader_free(r);
        msg_errorf("out of memory");
        return EXIT_SYSTEM;
    }
    int code = EXIT_OK;
    for (;;) {
        eg_document doc;
        eg_error err;
        eg_error_clear(&err);
        int rc = eg_reader_next(r, &doc, &err);
        if (rc == 0) break;
        if (rc < 0) {
            if (rc == EG_ENOMEM) { msg_error(&err); code = EXIT_SYSTEM; break; }
            if (!t->quiet || t->strict) msg_error(&err);
            st->skipped++;
            if (t->strict) { code = EXIT_INPUT; break; }
            continue;
        }
        if (rc == 2 && !t->quiet) msg_warn(&err);
        const eg_mention *m;
        size_t n, bad;
        int trc = eg_tagger_run(tg, doc.text, doc.len, &m, &n, &bad);
        if (trc) {
            msg_errorf("%s: %s", doc.id, trc == EG_ENOMEM ? "out of memory" : "document too large (4 GiB limit)");
            if (trc == EG_ENOMEM) { code = EXIT_SYSTEM; break; }
            st->skipped++;
            if (t->strict) { code = EXIT_INPUT; break; }
            continue;
        }
        if (bad != SIZE_MAX) {
            if (t->strict) {
                msg_errorf("%s: invalid UTF-8 at byte %zu", doc.id, bad);
                st->skipped++;
                code = EXIT_INPUT;
                break;
            }
            if (!t->quiet)
                fprintf(stderr, "entgraph: warning: %s: invalid UTF-8 at byte %zu; bad bytes treated as non-letters\n", doc.id, bad);
        }
        st->docs++;
        st->mentions += n;
        st->bytes += doc.len;
        int frc = fn(ctx, &doc, m, n);
        if (frc) { code = frc; break; }
    }
    eg_reader_free(r);
    eg_tagger_free(tg);
    return code;
}

void json_str(FILE *f, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    putc('"', f);
    size_t run = 0;   /* start of a run of bytes to copy verbatim */
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { i++; continue; }
        if (c >= 0x80) {
            int32_t cp;
            int k = eg_utf8_decode(s + i, n - i, &cp);
            if (cp >= 0) { i += (size_t)k; continue; }
        }
        fwrite(s + run, 1, i - run, f);
        if (c == '"') fputs("\\\"", f);
        else if (c == '\\') fputs("\\\\", f);
        else if (c == '\n') fputs("\\n", f);
        else if (c == '\t') fputs("\\t", f);
        else if (c == '\r') fputs("\\r", f);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputs("\\ufffd", f);
        i++;
        run = i;
    }
    fwrite(s + run, 1, n - run, f);
    putc('"', f);
}

void write_mention_json(FILE *f, const eg_dict *d, const eg_document *doc, const eg_mention *x, bool explain)
{
    const char *id = eg_dict_entity_id(d, x->entity);
    const char *label = eg_dict_entity_label(d, x->entity);
    const char *type = eg_dict_entity_type(d, x->entity);
    fputs("{\"doc\":", f); json_str(f, doc->id, strlen(doc->id));
    fprintf(f, ",\"start\":%zu,\"end\":%zu,\"byte_start\":%zu,\"byte_end\":%zu,\"text\":",
        x->start, x->end, x->byte_start, x->byte_end);
    json_str(f, doc->text + x->byte_start, x->byte_end - x->byte_start);
    fputs(",\"id\":", f); json_str(f, id, strlen(id));
    fputs(",\"label\":", f); json_str(f, label, strlen(label));
    fputs(",\"type\":", f); json_str(f, type, strlen(type));
    fprintf(f, ",\"sentence\":%zu,\"paragraph\":%zu", x->sentence, x->paragraph);
    if (x->via != EG_KIND_NAME) fprintf(f, ",\"via\":\"%s\"", eg_alias_kind_name(x->via));
    if (x->ambiguous || (explain && x->ncand > 1)) {
        if (x->ambiguous) fputs(",\"ambiguous\":true", f);
        fputs(",\"candidates\":[", f);
        for (uint32_t k = 0; k < x->ncand; k++) {
        if (k) putc(',', f);
        const char *cid = eg_dict_entity_id(d, x->cand[k]);
        json_str(f, cid, strlen(cid));
        }
        putc(']', f);
    }
    if (explain) fprintf(f, ",\"how\":\"%s\"", x->how);
    fputs("}\n", f);
}
