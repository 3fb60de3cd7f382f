/*
 * reader.c - the read stage: turns the command line's inputs into a stream
 * of documents, one at a time, so memory does not grow with the corpus.
 *
 *   FILE.txt                      one document, the file's bytes exactly
 *   FILE.jsonl / .ndjson          one document per line: {"text", "id", ...}
 *   FILE.json, no extension, -    detected by content: a JSON array of
 *                                 documents, JSONL, one JSON object, or
 *                                 plain text (one document)
 *   DIR                           every .txt/.jsonl/.ndjson/.json below it,
 *                                 sorted; symlinked directories followed
 *                                 once; anything but regular files skipped
 *                                 with a warning (a FIFO is never opened)
 *
 * JSON documents are read with the one JSON reader (json.c); the fields
 * come from dotted paths (--text-field meta.body).  Input in UTF-16 or
 * UTF-32 with a byte-order mark, or in any encoding iconv knows
 * (--encoding), is converted to UTF-8 as it is read; offsets then refer to
 * the UTF-8 text.
 *
 * A bad document (invalid JSON, no text) is reported as an error from
 * eg_reader_next and reading goes on with the next one; an input that
 * cannot be read is an EG_ESYS error; things skipped on purpose are
 * warnings, and the format detected for an input is a notice.
 */
#include "json.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { ENT_FILE, ENT_ERROR, ENT_WARNING };
typedef struct entry {
    int kind;
    char *path;      /* owned: to open (ENT_FILE), or the subject of a message */
    char *msg;       /* owned: ENT_ERROR / ENT_WARNING */
    bool named;      /* named on the command line (not found in a directory) */
} entry;

typedef struct dirid { dev_t dev; ino_t ino; } dirid;

enum { FMT_TEXT, FMT_JSONL, FMT_ARRAY, FMT_OBJECT };
static const char *const fmt_names[] = { "plain text, one document", "JSONL", "a JSON array of documents", "one JSON document" };

/* A byte stream from a file descriptor, converted to UTF-8 if need be. */
typedef struct input {
    int fd;
    bool is_stdin, eof;
    char *raw; size_t rawlen, rawcap;     /* bytes read, not yet converted */
    eg_buf out; size_t pos;               /* UTF-8 bytes, consumed up to pos */
    iconv_t cd; bool conv; size_t unit;   /* unit: bytes skipped on a bad sequence */
    size_t bad;                            /* sequences replaced by U+FFFD */
    int err;                               /* errno of a read error */
} input;

enum { F_TEXT, F_ID, F_DATE, F_TITLE, F_URL, F_SOURCE, F_N };
static const char *const default_fields[F_N] = { "text", "id", "date", "title", "url", "source" };

struct eg_reader {
    entry *ents; size_t nents, capents, next;
    dirid *dirs; size_t ndirs, capdirs;
    char *fields[F_N];         /* owned: dotted paths */
    char *whats[F_N];          /* owned: the paths quoted, for messages */
    char *format;              /* owned: "auto", "jsonl", "json", "txt" */
    char *encoding;            /* owned or NULL */
    int stdin_fd;              /* what "-" reads (eg_read_options.stdin_fd) */
    /* the current input */
    bool open;
    input in;
    int fmt;
    bool array_done;
    size_t elements;           /* of the array read so far */
    long endline, endcol;      /* where the last array element ended */
    const char *cur;           /* display name (borrowed from ents) */
    long lineno;               /* line of the current record */
    long col;                  /* column of the current record (arrays) */
    eg_json j;
    eg_buf vals[F_N];
    bool have[F_N];
    eg_buf rec;                /* the current JSON record (array element, single object) */
    eg_buf keys;               /* top-level keys of the record, for hints */
    const unsigned char *text_bad;   /* a text value that is not a string */
    char *pending; int pending_code;   /* a message to return before the next document */
    uint64_t *idhash; size_t nid, capid;
};

/* ---- names: a file name that is not valid UTF-8, or holds a backslash,
 * is escaped losslessly for ids and messages: each byte of an invalid
 * sequence as \xHH and a backslash as \\, so no two names collide and
 * every id is valid UTF-8. */
static char *display_name(const char *p)
{
    size_t n = strlen(p);
    bool plain = !strchr(p, '\\');
    for (size_t i = 0; i < n && plain;) {
        int32_t cp;
        i += (size_t)eg_utf8_decode((const unsigned char *)p + i, n - i, &cp);
        plain = cp >= 0;
    }
    if (plain) return eg_strndup(p, n);
    eg_buf b = {0};
    int rc = eg_buf_put(&b, "", 0);
    for (size_t i = 0; i < n && !rc;) {
        int32_t cp;
        int k = eg_utf8_decode((const unsigned char *)p + i, n - i, &cp);
        if (cp < 0) {
            char esc[5];
            snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)p[i]);
            rc = eg_buf_put(&b, esc, 4);
        } else if (cp == '\\') {
            rc = eg_buf_put(&b, "\\\\", 2);
        } else {
            rc = eg_buf_put(&b, p + i, (size_t)k);
        }
        i += (size_t)k;
    }
    if (rc) { eg_buf_release(&b); return NULL; }
    return b.data;
}

static int add_entry(eg_reader *r, int kind, const char *path, const char *msg, bool named)
{
    if (eg_grow(&r->ents, &r->capents, r->nents + 1, sizeof *r->ents)) return EG_ENOMEM;
    entry *e = &r->ents[r->nents];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->named = named;
    e->path = eg_strndup(path, strlen(path));
    e->msg = msg ? eg_strndup(msg, strlen(msg)) : NULL;
    if (!e->path || (msg && !e->msg)) { eg_free(e->path); eg_free(e->msg); return EG_ENOMEM; }
    r->nents++;
    return 0;
}

static bool has_ext(const char *p, const char *ext)
{
    size_t a = strlen(p), b = strlen(ext);
    return a > b && !strcasecmp(p + a - b, ext);
}

static bool document_file(const char *p)
{
    return has_ext(p, ".txt") || has_ext(p, ".jsonl") || has_ext(p, ".ndjson") || has_ext(p, ".json");
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk(eg_reader *r, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) return 0;
    for (size_t i = 0; i < r->ndirs; i++)
        if (r->dirs[i].dev == st.st_dev && r->dirs[i].ino == st.st_ino)
            return add_entry(r, ENT_WARNING, dir, "directory already visited (symlink loop?), skipped", false);
    if (eg_grow(&r->dirs, &r->capdirs, r->ndirs + 1, sizeof *r->dirs)) return EG_ENOMEM;
    r->dirs[r->ndirs].dev = st.st_dev;
    r->dirs[r->ndirs].ino = st.st_ino;
    r->ndirs++;
    DIR *d = opendir(dir);
    if (!d) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open directory: %s", strerror(errno));
        return add_entry(r, ENT_ERROR, dir, msg, false);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    size_t dl = strlen(dir);
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        size_t l = dl + strlen(de->d_name) + 2;
        char *full = eg_malloc(l);
        if (!full || eg_grow(&names, &cap, n + 1, sizeof *names)) { eg_free(full); rc = EG_ENOMEM; break; }
        snprintf(full, l, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", de->d_name);
        names[n++] = full;
    }
    closedir(d);
    if (!rc && n) qsort(names, n, sizeof *names, cmp_str);   /* names is NULL when empty */
    for (size_t i = 0; i < n && !rc; i++) {
        if (strlen(names[i]) >= PATH_MAX) {
            char msg[120];
            snprintf(msg, sizeof msg, "path too long (%zu bytes, the limit is %d); skipped", strlen(names[i]), PATH_MAX - 1);
            rc = add_entry(r, ENT_ERROR, names[i], msg, false);
            continue;
        }
        struct stat s2;
        if (stat(names[i], &s2) != 0) continue;   /* a dangling link */
        if (S_ISDIR(s2.st_mode)) { rc = walk(r, names[i]); continue; }
        if (!document_file(names[i])) continue;
        if (!S_ISREG(s2.st_mode)) rc = add_entry(r, ENT_WARNING, names[i], "not a regular file (a FIFO or device?); skipped", false);
        else rc = add_entry(r, ENT_FILE, names[i], NULL, false);
    }
    for (size_t i = 0; i < n; i++) eg_free(names[i]);
    eg_free(names);
    return rc;
}

static char *dup_or_null(const char *s) { return s ? eg_strndup(s, strlen(s)) : NULL; }

eg_reader *eg_reader_new(const char *const *inputs, size_t n, const eg_read_options *o)
{
    eg_reader *r = eg_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->in.fd = -1;
    r->in.cd = (iconv_t)-1;
    int rc = 0;
    for (int f = 0; f < F_N && !rc; f++) {
        const char *p = !o ? NULL : f == F_TEXT ? o->text_field : f == F_ID ? o->id_field : f == F_DATE ? o->date_field :
                        f == F_TITLE ? o->title_field : f == F_URL ? o->url_field : o->source_field;
        r->fields[f] = dup_or_null(p && *p ? p : default_fields[f]);
        if (!r->fields[f]) { rc = EG_ENOMEM; break; }
        size_t wl = strlen(r->fields[f]) + 3;
        r->whats[f] = eg_malloc(wl);
        if (!r->whats[f]) { rc = EG_ENOMEM; break; }
        snprintf(r->whats[f], wl, "'%s'", r->fields[f]);
    }
    if (!rc) {
        r->format = dup_or_null(o && o->format ? o->format : "auto");
        if (!r->format) rc = EG_ENOMEM;
    }
    if (!rc && o && o->encoding && (r->encoding = dup_or_null(o->encoding)) == NULL) rc = EG_ENOMEM;
    r->stdin_fd = o ? o->stdin_fd : STDIN_FILENO;
    if (!rc && n == 0) rc = add_entry(r, ENT_FILE, "-", NULL, true);
    for (size_t i = 0; i < n && !rc; i++) {
        struct stat st;
        if (strcmp(inputs[i], "-") && stat(inputs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            r->ndirs = 0;
            rc = walk(r, inputs[i]);
        } else {
            rc = add_entry(r, ENT_FILE, inputs[i], NULL, true);
        }
    }
    if (rc) { eg_reader_free(r); return NULL; }
    return r;
}

size_t eg_reader_file_count(const eg_reader *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nents; i++) n += r->ents[i].kind == ENT_FILE;
    return n;
}

const char *eg_reader_file(const eg_reader *r, size_t k)
{
    for (size_t i = 0; i < r->nents; i++)
        if (r->ents[i].kind == ENT_FILE && k-- == 0) return r->ents[i].path;
    return NULL;
}

static void input_close(input *in)
{
    if (in->fd >= 0 && !in->is_stdin) close(in->fd);
    in->fd = -1;
    if (in->conv) iconv_close(in->cd);
    in->conv = false;
    in->cd = (iconv_t)-1;
}

void eg_reader_free(eg_reader *r)
{
    if (!r) return;
    input_close(&r->in);
    eg_free(r->in.raw);
    eg_buf_release(&r->in.out);
    for (size_t i = 0; i < r->nents; i++) { eg_free(r->ents[i].path); eg_free(r->ents[i].msg); }
    eg_free(r->ents); eg_free(r->dirs); eg_free(r->idhash);
    for (int f = 0; f < F_N; f++) { eg_free(r->fields[f]); eg_free(r->whats[f]); eg_buf_release(&r->vals[f]); }
    eg_free(r->format); eg_free(r->encoding); eg_free(r->pending);
    eg_buf_release(&r->rec); eg_buf_release(&r->keys);
    eg_json_release(&r->j);
    eg_free(r);
}

/* ---- the byte stream */

/* Read more raw bytes; 0 at end of file. */
static int raw_fill(input *in)
{
    if (in->eof) return 0;
    if (eg_grow(&in->raw, &in->rawcap, in->rawlen + 65536, 1)) return EG_ENOMEM;
    for (;;) {
        ssize_t n = read(in->fd, in->raw + in->rawlen, in->rawcap - in->rawlen);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { in->err = errno; in->eof = true; return EG_ESYS; }
        if (n == 0) { in->eof = true; return 0; }
        in->rawlen += (size_t)n;
        return 1;
    }
}

/* Move raw bytes to the UTF-8 buffer, converting if need be. */
static int convert(input *in)
{
    if (in->pos > 0 && in->pos >= in->out.len / 2) {   /* compact */
        memmove(in->out.data, in->out.data + in->pos, in->out.len - in->pos);
        in->out.len -= in->pos;
        in->pos = 0;
    }
    if (!in->conv) {
        if (eg_buf_put(&in->out, in->raw, in->rawlen)) return EG_ENOMEM;
        in->rawlen = 0;
        return 0;
    }
    char *src = in->raw;
    size_t left = in->rawlen;
    if (eg_grow(&in->out.data, &in->out.cap, in->out.len + 1, 1)) return EG_ENOMEM;
    while (left) {
        if (eg_grow(&in->out.data, &in->out.cap, in->out.len + 4 * left + 16, 1)) return EG_ENOMEM;
        char *dst = in->out.data + in->out.len;
        size_t room = in->out.cap - in->out.len - 1;
        size_t r = iconv(in->cd, &src, &left, &dst, &room);
        in->out.len = (size_t)(dst - in->out.data);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) continue;
        if (errno == EINVAL && !in->eof) break;   /* an incomplete sequence: wait for more */
        /* invalid (or incomplete at the end): U+FFFD, skip one unit */
        if (eg_grow(&in->out.data, &in->out.cap, in->out.len + 4, 1)) return EG_ENOMEM;
        memcpy(in->out.data + in->out.len, "\xEF\xBF\xBD", 3);
        in->out.len += 3;
        size_t skip = in->unit < left ? in->unit : left;
        src += skip;
        left -= skip;
        in->bad++;
    }
    if (left) memmove(in->raw, src, left);
    in->rawlen = left;
    in->out.data[in->out.len] = 0;
    return 0;
}

/* More UTF-8 bytes: 1, 0 at the end, <0 on error. */
static int in_more(input *in)
{
    size_t before = in->out.len - in->pos;
    while (!in->eof) {
        int rc = raw_fill(in);
        if (rc < 0 && rc != EG_ESYS) return rc;
        if ((rc = convert(in))) return rc;
        if (in->out.len - in->pos > before) return 1;
    }
    if (in->rawlen && convert(in)) return EG_ENOMEM;
    return in->out.len - in->pos > before ? 1 : 0;
}

/* The next line (without its line break); 0 at the end. */
static int in_line(input *in, const char **line, size_t *len)
{
    size_t scanned = in->pos;
    for (;;) {
        const char *nl = in->out.len > scanned ? memchr(in->out.data + scanned, '\n', in->out.len - scanned) : NULL;
        if (nl) {
            *line = in->out.data + in->pos;
            *len = (size_t)(nl - *line);
            in->pos = (size_t)(nl - in->out.data) + 1;
            return 1;
        }
        size_t off = scanned - in->pos;
        int rc = in_more(in);
        if (rc < 0) return rc;
        scanned = in->pos + off;
        if (rc == 0) {
            if (in->pos >= in->out.len) return 0;
            *line = in->out.data + in->pos;
            *len = in->out.len - in->pos;
            in->pos = in->out.len;
            return 1;
        }
    }
}

/* Everything that is left. */
static int in_all(input *in)
{
    int rc;
    while ((rc = in_more(in)) > 0) {}
    return rc;
}

/* ---- starting an input */

static int set_iconv(input *in, const char *from, size_t unit)
{
    in->cd = iconv_open("UTF-8", from);
    if (in->cd == (iconv_t)-1) return -1;
    in->conv = true;
    in->unit = unit;
    return 0;
}

/* The first non-blank byte, and whether the first line is one complete
 * JSON value (then the input is JSONL, not one multi-line object). */
static int sniff(eg_reader *r, bool *one_line_value)
{
    input *in = &r->in;
    for (;;) {
        size_t i = in->pos;
        if (i + 3 <= in->out.len && !memcmp(in->out.data + i, "\xEF\xBB\xBF", 3)) i += 3;
        while (i < in->out.len && (in->out.data[i] == ' ' || in->out.data[i] == '\t' || in->out.data[i] == '\r' || in->out.data[i] == '\n')) i++;
        const char *nl = i < in->out.len ? memchr(in->out.data + i, '\n', in->out.len - i) : NULL;
        if ((i < in->out.len && (nl || in->eof)) || (in->eof && i >= in->out.len)) {
            if (i >= in->out.len) return 0;
            int c = (unsigned char)in->out.data[i];
            /* balance brackets over the first line, strings skipped */
            size_t end = nl ? (size_t)(nl - in->out.data) : in->out.len;
            int depth = 0;
            bool str = false, esc = false, closed = false;
            for (size_t k = i; k < end; k++) {
                char ch = in->out.data[k];
                if (str) { if (esc) esc = false; else if (ch == '\\') esc = true; else if (ch == '"') str = false; continue; }
                if (ch == '"') str = true;
                else if (ch == '{' || ch == '[') depth++;
                else if (ch == '}' || ch == ']') { if (--depth == 0) { closed = true; break; } }
            }
            *one_line_value = closed;
            return c;
        }
        int rc = in_more(in);
        if (rc < 0) return rc;
        if (rc == 0 && !in->eof) return 0;
    }
}

static int start_input(eg_reader *r, const entry *e, eg_error *err)
{
    input *in = &r->in;
    in->is_stdin = !strcmp(e->path, "-");
    in->eof = false;
    in->err = 0;
    in->bad = 0;
    in->rawlen = 0;
    in->out.len = 0;
    in->pos = 0;
    r->cur = in->is_stdin ? "<stdin>" : e->path;
    r->lineno = 0;
    r->array_done = false;
    if (in->is_stdin) in->fd = r->stdin_fd;
    else {
        /* a FIFO named on the command line is read as the user asked */
        in->fd = open(e->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (in->fd < 0) return eg_fail(err, EG_ESYS, r->cur, 0, 0, "cannot open: %s", strerror(errno));
        struct stat st;
        if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) { input_close(in); return eg_fail(err, EG_ESYS, r->cur, 0, 0, "is a directory"); }
    }
    /* the encoding: a UTF-16/UTF-32 byte-order mark, else --encoding */
    while (in->rawlen < 4 && !in->eof) {
        int rc = raw_fill(in);
        if (rc == EG_ENOMEM) { input_close(in); return eg_fail(err, EG_ENOMEM, r->cur, 0, 0, "out of memory"); }
    }
    if (in->err) { int e2 = in->err; input_close(in); return eg_fail(err, EG_ESYS, r->cur, 0, 0, "read error: %s", strerror(e2)); }
    const unsigned char *b = (const unsigned char *)in->raw;
    size_t bom = 0;
    int irc = 0;
    const char *from = NULL;
    if (in->rawlen >= 4 && !memcmp(b, "\xFF\xFE\0\0", 4)) { bom = 4; from = "UTF-32LE"; irc = set_iconv(in, from, 4); }
    else if (in->rawlen >= 4 && !memcmp(b, "\0\0\xFE\xFF", 4)) { bom = 4; from = "UTF-32BE"; irc = set_iconv(in, from, 4); }
    else if (in->rawlen >= 2 && !memcmp(b, "\xFF\xFE", 2)) { bom = 2; from = "UTF-16LE"; irc = set_iconv(in, from, 2); }
    else if (in->rawlen >= 2 && !memcmp(b, "\xFE\xFF", 2)) { bom = 2; from = "UTF-16BE"; irc = set_iconv(in, from, 2); }
    else if (r->encoding) { from = r->encoding; irc = set_iconv(in, from, 1); }
    if (irc) { input_close(in); return eg_fail(err, EG_EUSAGE, r->cur, 0, 0, "unknown encoding '%s'", from); }
    if (bom) { memmove(in->raw, in->raw + bom, in->rawlen - bom); in->rawlen -= bom; }
    int rc = convert(in);
    if (rc) { input_close(in); return eg_fail(err, EG_ENOMEM, r->cur, 0, 0, "out of memory"); }
    /* the format: the extension, else --input-format, else the content */
    const char *p = e->path;
    bool by_ext = !in->is_stdin && (has_ext(p, ".jsonl") || has_ext(p, ".ndjson") || has_ext(p, ".txt"));
    if (by_ext) {
        r->fmt = has_ext(p, ".txt") ? FMT_TEXT : FMT_JSONL;
    } else if (!has_ext(p, ".json") && strcmp(r->format, "auto")) {
        r->fmt = !strcmp(r->format, "txt") ? FMT_TEXT : !strcmp(r->format, "jsonl") ? FMT_JSONL : -1;
        if (r->fmt < 0) {   /* json: an array, or one object */
            bool one;
            int c = sniff(r, &one);
            r->fmt = c == '[' ? FMT_ARRAY : FMT_OBJECT;
        }
    } else {
        bool one = false;
        int c = sniff(r, &one);
        if (c < 0) { input_close(in); return eg_fail(err, c == EG_ENOMEM ? EG_ENOMEM : EG_ESYS, r->cur, 0, 0, c == EG_ENOMEM ? "out of memory" : "read error"); }
        r->fmt = c == '[' ? FMT_ARRAY : c == '{' ? (one ? FMT_JSONL : FMT_OBJECT) : FMT_TEXT;
    }
    /* say what was detected or converted (a notice, before the first document) */
    bool detected = !by_ext && (has_ext(p, ".json") || !strcmp(r->format, "auto"));
    if (detected || from) {
        char msg[200];
        if (detected)
            snprintf(msg, sizeof msg, "read as %s%s%s%s", fmt_names[r->fmt], from ? ", converted from " : "", from ? from : "",
                     has_ext(p, ".json") ? "" : " (detected from the content)");
        else
            snprintf(msg, sizeof msg, "converted from %s", from);
        eg_free(r->pending);
        r->pending = eg_strndup(msg, strlen(msg));
        r->pending_code = 0;
    }
    r->open = true;
    return 0;
}

/* ---- JSON documents */

/* Remember document ids by hash; a repeat is reported (the document is
 * still processed: nothing is lost). */
static int id_seen(eg_reader *r, const char *id, size_t n)   /* 1 seen, 0 new, <0 no memory */
{
    uint64_t h = eg_hash_bytes(id, n) | 1;
    if ((r->nid + 1) * 2 >= r->capid) {
        size_t nc = r->capid ? r->capid * 2 : 1024;
        uint64_t *nt = eg_calloc(nc, sizeof *nt);
        if (!nt) return EG_ENOMEM;
        for (size_t i = 0; i < r->capid; i++) {
            if (!r->idhash[i]) continue;
            size_t j = r->idhash[i] & (nc - 1);
            while (nt[j]) j = (j + 1) & (nc - 1);
            nt[j] = r->idhash[i];
        }
        eg_free(r->idhash);
        r->idhash = nt;
        r->capid = nc;
    }
    size_t j = h & (r->capid - 1);
    while (r->idhash[j]) {
        if (r->idhash[j] == h) return 1;
        j = (j + 1) & (r->capid - 1);
    }
    r->idhash[j] = h;
    r->nid++;
    return 0;
}

/* A member's key against the wanted field paths below `prefix` (the
 * dotted path of the object being read, "" at the top).  Returns the field
 * the value is, -2 when the value is an object to descend into, -1 when
 * it is not wanted. */
static int match_field(const eg_reader *r, const char *prefix, size_t plen, const char *key, size_t klen)
{
    bool descend = false;
    for (int f = 0; f < F_N; f++) {
        const char *p = r->fields[f];
        if (plen) {
            if (strncmp(p, prefix, plen) || p[plen] != '.') continue;
            p += plen + 1;
        }
        size_t pl = strlen(p);
        if (pl == klen && !memcmp(p, key, klen)) return f;
        if (pl > klen && !memcmp(p, key, klen) && p[klen] == '.') descend = true;
    }
    return descend ? -2 : -1;
}

static int read_object(eg_reader *r, eg_buf *prefix, int depth, eg_error *err)
{
    eg_json *j = &r->j;
    int rc = eg_json_object(j);
    if (rc) return rc;
    eg_json_key k;
    while ((rc = eg_json_member(j, &k)) == 1) {
        if (depth == 0 && r->keys.len < 200) {
            if ((r->keys.len && eg_buf_puts(&r->keys, ", ")) || eg_buf_put(&r->keys, k.s, k.n > 60 ? 60 : k.n))
                return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
        }
        int f = match_field(r, prefix->data ? prefix->data : "", prefix->len, k.s, k.n);
        int c = eg_json_peek(j);
        if (f == -2 && c == '{') {
            size_t plen = prefix->len;
            if ((plen && eg_buf_putc(prefix, '.')) || eg_buf_put(prefix, k.s, k.n))
                return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
            rc = read_object(r, prefix, depth + 1, err);
            prefix->len = plen;
            if (prefix->data) prefix->data[plen] = 0;
            if (rc) return rc;
            continue;
        }
        if (f < 0) { if ((rc = eg_json_skip(j))) return rc; continue; }
        const char *what = r->whats[f];
        if (c == '"') {
            /* text and metadata may hold NUL characters (a document is
             * bytes); an id may not: ids are names everywhere */
            if ((rc = eg_json_string(j, &r->vals[f], f != F_ID, what))) return rc;
            r->have[f] = true;
            if (f == F_TEXT) r->text_bad = NULL;
        } else if (f == F_TEXT) {
            /* not a string: an error unless a later duplicate key is one
             * (the last one wins, as in every JSON library) */
            r->text_bad = j->p;
            r->have[f] = false;
            if ((rc = eg_json_skip(j))) return rc;
        } else if (f == F_ID && (c == '-' || (c >= '0' && c <= '9'))) {
            /* an integer id, of any length, is its digits; another number
             * is no id (the document is named path:line) */
            const char *s;
            size_t n;
            bool integer;
            if ((rc = eg_json_number_text(j, &s, &n, &integer))) return rc;
            r->vals[f].len = 0;
            if (eg_buf_put(&r->vals[f], s, n)) return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
            r->have[f] = integer;
        } else {
            /* null or another type: the field is absent */
            if ((rc = eg_json_skip(j))) return rc;
            r->have[f] = false;
        }
    }
    return rc < 0 ? rc : 0;
}

/* Parse one JSON document record from buf; 1 with doc filled, or <0. */
static int parse_record(eg_reader *r, const char *buf, size_t len, long col, eg_document *doc, eg_error *err)
{
    for (int f = 0; f < F_N; f++) r->have[f] = false;
    r->text_bad = NULL;
    r->keys.len = 0;
    eg_json_init(&r->j, buf, len, r->cur, r->lineno, err);
    r->j.col0 = col;
    eg_buf prefix = {0};
    int rc = read_object(r, &prefix, 0, err);
    eg_buf_release(&prefix);
    if (!rc && r->fmt != FMT_ARRAY) rc = eg_json_end(&r->j);
    if (rc) return rc < 0 ? rc : EG_EINPUT;
    if (r->text_bad) {
        eg_json_init(&r->j, buf, len, r->cur, r->lineno, err);
        r->j.col0 = col;
        return eg_json_fail(&r->j, r->text_bad, EG_EINPUT, "'%s' must be a string", r->fields[F_TEXT]);
    }
    if (!r->have[F_TEXT]) {
        if (!strcmp(r->fields[F_TEXT], "text") && r->keys.len)
            return eg_fail(err, EG_EINPUT, r->cur, r->lineno, col, "missing 'text' (this record has: %s; name the text with --text-field)", r->keys.data);
        return eg_fail(err, EG_EINPUT, r->cur, r->lineno, col, "missing '%s'", r->fields[F_TEXT]);
    }
    if (!r->have[F_ID]) {
        char lb[32];
        snprintf(lb, sizeof lb, ":%ld", r->lineno);
        r->vals[F_ID].len = 0;
        if (eg_buf_puts(&r->vals[F_ID], r->cur) || eg_buf_puts(&r->vals[F_ID], lb))
            return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
    }
    memset(doc, 0, sizeof *doc);
    doc->text = r->vals[F_TEXT].data;
    doc->len = r->vals[F_TEXT].len;
    doc->id = r->vals[F_ID].data;
    doc->source = r->cur;
    doc->line = r->lineno;
    doc->date = r->have[F_DATE] ? r->vals[F_DATE].data : NULL;
    doc->day = EG_NO_DAY;
    if (doc->date && eg_date_parse(doc->date, &doc->day)) { doc->day = EG_NO_DAY; doc->date_bad = true; }
    doc->title = r->have[F_TITLE] ? r->vals[F_TITLE].data : NULL;
    doc->url = r->have[F_URL] ? r->vals[F_URL].data : NULL;
    doc->srcname = r->have[F_SOURCE] ? r->vals[F_SOURCE].data : NULL;
    return 1;
}

/* The next element of a JSON array, scanned to its end so it can be parsed
 * on its own: 1 with r->rec filled, 0 at the end of the array, <0. */
static int next_element(eg_reader *r, eg_error *err)
{
    input *in = &r->in;
    size_t i = in->pos;
    /* positions are tracked to report line:col of each element */
    for (;;) {
        /* skip white space (and, before the first element, the '[') */
        for (;;) {
            while (i < in->out.len) {
                char c = in->out.data[i];
                if (c == '\n') { r->lineno++; r->col = 1; i++; }
                else if (c == ' ' || c == '\t' || c == '\r') { r->col++; i++; }
                else break;
            }
            if (i < in->out.len) break;
            size_t off = i - in->pos;
            int rc = in_more(in);
            if (rc < 0) return eg_fail(err, rc, r->cur, r->lineno, 0, rc == EG_ENOMEM ? "out of memory" : "read error");
            i = in->pos + off;
            if (rc == 0) {
                in->pos = i;
                return eg_fail(err, EG_EINPUT, r->cur, r->lineno, r->col, "invalid JSON: the array is not closed");
            }
        }
        char c = in->out.data[i];
        if (r->array_done) {   /* between elements */
            if (c == ',') { i++; r->col++; r->array_done = false; continue; }
            if (c == ']') { in->pos = i + 1; r->col++; return 0; }
            in->pos = i;
            return eg_fail(err, EG_EINPUT, r->cur, r->lineno, r->col, "invalid JSON: expected ',' or ']' between documents");
        }
        if (c == ']') {
            in->pos = i + 1;
            if (!r->elements) return 0;   /* [] */
            return eg_fail(err, EG_EINPUT, r->cur, r->lineno, r->col, "invalid JSON: a comma before ']'");
        }
        break;
    }
    /* scan one value: brackets and strings */
    size_t start = i;
    long startline = r->lineno, startcol = r->col;
    int depth = 0;
    bool str = false, esc = false;
    r->rec.len = 0;
    for (;;) {
        if (i >= in->out.len) {
            if (eg_buf_put(&r->rec, in->out.data + start, i - start)) return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
            in->pos = i;
            int rc = in_more(in);
            if (rc < 0) return eg_fail(err, rc, r->cur, r->lineno, 0, rc == EG_ENOMEM ? "out of memory" : "read error");
            i = start = in->pos;
            if (rc == 0) break;   /* the end: the parser reports what is missing */
            continue;
        }
        char c = in->out.data[i++];
        if (c == '\n') { r->lineno++; r->col = 1; } else if (((unsigned char)c & 0xC0) != 0x80) r->col++;
        if (str) { if (esc) esc = false; else if (c == '\\') esc = true; else if (c == '"') str = false; continue; }
        if (c == '"') str = true;
        else if (c == '{' || c == '[') depth++;
        else if (c == '}' || c == ']') { if (--depth <= 0) break; }
        else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r')) { i--; r->col--; break; }
    }
    if (eg_buf_put(&r->rec, in->out.data + start, i - start)) return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
    in->pos = i;
    r->array_done = true;
    r->elements++;
    /* parse_record reports from the element's start; the scan goes on from
     * its end */
    r->endline = r->lineno;
    r->endcol = r->col;
    r->lineno = startline;
    r->col = startcol;
    return 1;
}

int eg_reader_next(eg_reader *r, eg_document *doc, eg_error *err)
{
    for (;;) {
        if (r->pending) {
            int code = r->pending_code;
            eg_fail(err, code, r->open ? r->cur : NULL, 0, 0, "%s", r->pending);
            eg_free(r->pending);
            r->pending = NULL;
            return 3;
        }
        if (r->open) {
            input *in = &r->in;
            int rc;
            if (r->fmt == FMT_JSONL) {
                const char *line;
                size_t len;
                rc = in_line(in, &line, &len);
                if (rc < 0) { r->open = false; input_close(in); return eg_fail(err, rc, r->cur, r->lineno, 0, rc == EG_ENOMEM ? "out of memory" : "read error"); }
                if (rc == 0) goto input_end;
                r->lineno++;
                while (len && (line[len - 1] == '\r')) len--;
                /* a byte-order mark before the first line is not part of the JSON */
                if (r->lineno == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) { line += 3; len -= 3; }
                size_t k = 0;
                while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
                if (k == len) continue;   /* blank line */
                rc = parse_record(r, line, len, 1, doc, err);
            } else if (r->fmt == FMT_ARRAY) {
                if (r->lineno == 0) {   /* the opening bracket */
                    r->lineno = 1; r->col = 1;
                    if (in->pos + 3 <= in->out.len && !memcmp(in->out.data + in->pos, "\xEF\xBB\xBF", 3)) in->pos += 3;
                    while (in->pos < in->out.len && in->out.data[in->pos] != '[') {
                        if (in->out.data[in->pos] == '\n') { r->lineno++; r->col = 1; } else r->col++;
                        in->pos++;
                    }
                    in->pos++;
                    r->col++;
                    r->array_done = false;
                    r->elements = 0;
                    /* an empty array: "[]" */
                    size_t i = in->pos;
                    while (i < in->out.len && (in->out.data[i] == ' ' || in->out.data[i] == '\n' || in->out.data[i] == '\t' || in->out.data[i] == '\r')) i++;
                    if (i < in->out.len && in->out.data[i] == ']') goto input_end;
                }
                if (r->elements) { r->lineno = r->endline; r->col = r->endcol; }
                rc = next_element(r, err);
                if (rc == 0) goto input_end;
                if (rc < 0) {   /* the array cannot be resynchronised: this input ends */
                    r->open = false;
                    input_close(in);
                    return rc;
                }
                rc = parse_record(r, r->rec.data, r->rec.len, r->col, doc, err);
            } else if (r->fmt == FMT_OBJECT) {
                if (r->lineno) goto input_end;
                rc = in_all(in);
                if (rc < 0) { r->open = false; input_close(in); return eg_fail(err, rc, r->cur, 0, 0, rc == EG_ENOMEM ? "out of memory" : "read error"); }
                r->lineno = 1;
                const char *b = in->out.data + in->pos;
                size_t n = in->out.len - in->pos;
                if (n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) { b += 3; n -= 3; }
                in->pos = in->out.len;
                rc = parse_record(r, b, n, 1, doc, err);
            } else {
                if (r->lineno) goto input_end;
                rc = in_all(in);
                r->lineno = 1;
                if (rc < 0 || in->err) {
                    int e = in->err;
                    r->open = false;
                    input_close(in);
                    if (rc == EG_ENOMEM) return eg_fail(err, EG_ENOMEM, r->cur, 0, 0, "out of memory");
                    return eg_fail(err, EG_ESYS, r->cur, 0, 0, "read error: %s", strerror(e ? e : EIO));
                }
                r->vals[F_TEXT].len = 0;
                if (eg_buf_put(&r->vals[F_TEXT], in->out.data + in->pos, in->out.len - in->pos) ||
                    (r->vals[F_ID].len = 0, eg_buf_puts(&r->vals[F_ID], r->cur)))
                    return eg_fail(err, EG_ENOMEM, r->cur, 0, 0, "out of memory");
                in->pos = in->out.len;
                memset(doc, 0, sizeof *doc);
                doc->text = r->vals[F_TEXT].data;
                doc->len = r->vals[F_TEXT].len;
                doc->id = r->vals[F_ID].data;
                doc->source = r->cur;
                doc->day = EG_NO_DAY;
                rc = 1;
            }
            if (rc == 1) {
                int seen = id_seen(r, doc->id, strlen(doc->id));
                if (seen < 0) return eg_fail(err, EG_ENOMEM, r->cur, r->lineno, 0, "out of memory");
                if (seen) {
                    eg_fail(err, EG_EINPUT, r->cur, r->fmt == FMT_TEXT ? 0 : r->lineno, r->fmt == FMT_TEXT ? 0 : 1,
                            "duplicate document id '%s' (processed anyway)", doc->id);
                    return 2;
                }
            }
            return rc;
        input_end:
            r->open = false;
            {
                int e = in->err;
                size_t bad = in->bad;
                input_close(in);
                if (e) return eg_fail(err, EG_ESYS, r->cur, r->lineno, 0, "read error: %s", strerror(e));
                if (bad) {
                    eg_fail(err, EG_EINPUT, r->cur, 0, 0, "%zu invalid byte sequence%s replaced by U+FFFD", bad, bad == 1 ? "" : "s");
                    return 3;
                }
            }
            continue;
        }
        if (r->next >= r->nents) return 0;
        const entry *e = &r->ents[r->next++];
        char *shown = display_name(e->path);
        if (!shown) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
        if (e->kind == ENT_ERROR) { eg_fail(err, EG_ESYS, shown, 0, 0, "%s", e->msg); eg_free(shown); return EG_ESYS; }
        if (e->kind == ENT_WARNING) { eg_fail(err, EG_EINPUT, shown, 0, 0, "%s", e->msg); eg_free(shown); return 3; }
        int rc = start_input(r, e, err);
        if (!rc && strcmp(shown, e->path) && strcmp(e->path, "-")) {
            /* keep the escaped name for messages and ids */
            entry *me = &r->ents[r->next - 1];
            eg_free(me->msg);
            me->msg = shown;
            r->cur = me->msg;
            shown = NULL;
        }
        eg_free(shown);
        if (rc) return rc;
    }
}
