/*
 * dict_sources.c - dictionary sources read into memory once.
 *
 * The compiled cache is keyed by a checksum of the sources (and of the
 * build: eg_build_id), and the cached result must be exactly what parsing
 * them would give.  So every source is
 * read once, the checksum is taken over those bytes, and the same bytes
 * are parsed: a file edited while a run loads it cannot make the cache
 * store one dictionary under another's key, and a pipe (`--dict <(...)`,
 * /dev/stdin) or a FIFO is read once and works.  Only regular files are
 * ever cached: a pipe's bytes cannot be read again to check a key.
 */
#include "internal.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct source {
    char *name;        /* owned: the path as given, or dir/file */
    char *data;        /* owned */
    size_t len;
    bool regular;
} source;

struct eg_dict_sources {
    source *s; size_t n, cap;
    eg_error *warnings; size_t nwarnings, capwarnings;
    bool released;     /* the bytes were freed (eg_dict_sources_release_bytes) */
};

void eg_dict_sources_free(eg_dict_sources *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) { eg_free(s->s[i].name); eg_free(s->s[i].data); }
    eg_free(s->s);
    eg_free(s->warnings);
    eg_free(s);
}

size_t eg_dict_sources_count(const eg_dict_sources *s) { return s->n; }
const char *eg_dict_sources_name(const eg_dict_sources *s, size_t i) { return s->s[i].name; }
size_t eg_dict_sources_warning_count(const eg_dict_sources *s) { return s->nwarnings; }
const eg_error *eg_dict_sources_warning(const eg_dict_sources *s, size_t i) { return &s->warnings[i]; }

bool eg_dict_sources_cacheable(const eg_dict_sources *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->s[i].regular) return false;
    return true;
}

uint64_t eg_dict_sources_key(const eg_dict_sources *s)
{
    static const char tag[] = EG_CACHE_MAGIC " entgraph " EG_VERSION;
    uint64_t h = eg_hash64(tag, sizeof tag - 1, 0x656e746772617068ULL);
    h = eg_hash64(eg_build_id, strlen(eg_build_id), h);   /* another build may compile differently */
    for (size_t i = 0; i < s->n; i++) {
        uint64_t parts[3] = { eg_hash64(s->s[i].name, strlen(s->s[i].name), h),
                              eg_hash64(s->s[i].data, s->s[i].len, h ^ 0xD1C7), (uint64_t)s->s[i].len };
        h = eg_hash64(parts, sizeof parts, h);
    }
    return h;
}

uint64_t eg_dict_sources_content_key(const eg_dict_sources *s)
{
    uint64_t h = eg_hash64(EG_VERSION, strlen(EG_VERSION), 0x636f6e74656e74ULL);
    for (size_t i = 0; i < s->n; i++) {
        uint64_t parts[2] = { eg_hash64(s->s[i].data, s->s[i].len, h ^ 0xD1C7), (uint64_t)s->s[i].len };
        h = eg_hash64(parts, sizeof parts, h);
    }
    return h;
}

static int warn(eg_dict_sources *s, const char *path, const char *msg)
{
    if (eg_grow(&s->warnings, &s->capwarnings, s->nwarnings + 1, sizeof *s->warnings)) return EG_ENOMEM;
    eg_error *w = &s->warnings[s->nwarnings++];
    eg_error_clear(w);
    eg_fail(w, EG_EINPUT, path, 0, 0, "%s", msg);
    return 0;
}

/* Read all of fd into a new buffer. */
static int read_fd(int fd, char **out, size_t *len, size_t hint)
{
    size_t cap = hint + 1 > 4096 ? hint + 1 : 4096, n = 0;
    char *b = eg_malloc(cap);
    if (!b) return EG_ENOMEM;
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > SIZE_MAX / 2) { eg_free(b); errno = EFBIG; return EG_ESYS; }
            char *nb = eg_realloc(b, cap * 2);
            if (!nb) { eg_free(b); return EG_ENOMEM; }
            b = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, b + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) { int e = errno; eg_free(b); errno = e; return EG_ESYS; }
        if (r == 0) break;
        n += (size_t)r;
    }
    b[n] = 0;
    *out = b;
    *len = n;
    return 0;
}

static bool dict_name(const char *n)
{
    size_t l = strlen(n);
    return n[0] != '.' && ((l > 6 && !strcasecmp(n + l - 6, ".jsonl")) || (l > 4 && !strcasecmp(n + l - 4, ".tsv")));
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int add_file(eg_dict_sources *s, const char *path, bool in_dir, eg_error *err);

/* The dictionary files of a directory (*.jsonl and *.tsv, not hidden),
 * sorted by name. */
static int add_dir(eg_dict_sources *s, const char *path, eg_error *err)
{
    DIR *dir = opendir(path);
    if (!dir) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (!dict_name(de->d_name)) continue;
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        char *full = eg_malloc(l);
        if (!full || eg_grow(&names, &cap, n + 1, sizeof *names)) { eg_free(full); rc = eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); break; }
        size_t pl = strlen(path);
        snprintf(full, l, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/", de->d_name);
        names[n++] = full;
    }
    closedir(dir);
    if (!rc && n) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && !rc; i++) rc = add_file(s, names[i], true, err);
    for (size_t i = 0; i < n; i++) eg_free(names[i]);
    eg_free(names);
    return rc;
}

static int add_file(eg_dict_sources *s, const char *path, bool in_dir, eg_error *err)
{
    /* members of a directory are opened without blocking: a FIFO there is
     * skipped, not waited on; a path named by the user is read as given */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (in_dir ? O_NONBLOCK : 0));
    if (fd < 0) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) { int e = errno; close(fd); return eg_fail(err, EG_ESYS, path, 0, 0, "cannot open: %s", strerror(e)); }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        if (in_dir) return warn(s, path, "dictionary directories are not searched recursively; skipped") ? eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory") : 0;
        return add_dir(s, path, err);
    }
    if (in_dir && !S_ISREG(st.st_mode)) {
        close(fd);
        return warn(s, path, "not a regular file; skipped") ? eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory") : 0;
    }
    if (in_dir) {   /* read a regular file normally */
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0) (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    if (eg_grow(&s->s, &s->cap, s->n + 1, sizeof *s->s)) { close(fd); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
    source *src = &s->s[s->n];
    memset(src, 0, sizeof *src);
    src->regular = S_ISREG(st.st_mode);
    int rc = read_fd(fd, &src->data, &src->len, src->regular ? (size_t)st.st_size : 0);
    int e = errno;
    close(fd);
    if (rc == EG_ENOMEM) return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory");
    if (rc) return eg_fail(err, EG_ESYS, path, 0, 0, "read error: %s", strerror(e));
    src->name = eg_strndup(path, strlen(path));
    if (!src->name) { eg_free(src->data); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
    s->n++;
    return 0;
}

int eg_dict_sources_read(eg_dict_sources **out, const char *const *paths, size_t n, eg_error *err)
{
    *out = NULL;
    eg_dict_sources *s = eg_calloc(1, sizeof *s);
    if (!s) return eg_fail(err, EG_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) rc = add_file(s, paths[i], false, err);
    if (rc) { eg_dict_sources_free(s); return rc; }
    *out = s;
    return 0;
}

void eg_dict_sources_release_bytes(eg_dict_sources *s)
{
    for (size_t i = 0; i < s->n; i++) { eg_free(s->s[i].data); s->s[i].data = NULL; s->s[i].len = 0; }
    s->released = true;
}

int eg_dict_load_sources(eg_dict *d, const eg_dict_sources *s, eg_error *err)
{
    if (s->released) return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "dictionary sources already released");
    for (size_t i = 0; i < s->n; i++) {
        int rc = eg_dict_load_buffer(d, s->s[i].name, NULL, s->s[i].data, s->s[i].len, err);
        if (rc) return rc;
    }
    return 0;
}

int eg_dict_load_path(eg_dict *d, const char *path, eg_error *err)
{
    eg_dict_sources *s;
    int rc = eg_dict_sources_read(&s, &path, 1, err);
    if (rc) return rc;
    rc = eg_dict_load_sources(d, s, err);
    eg_dict_sources_free(s);
    return rc;
}
