/*
 * cli_cache.c - where compiled dictionaries are kept, and `entgraph cache`.
 *
 * The cache directory is $ENTGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/entgraph,
 * else ~/.cache/entgraph.  It is created 0700, and refused (the run goes on
 * uncached, with a warning) when it is not a directory owned by the user or
 * when others can write to it.  Every file operation is relative to the
 * opened directory; images are created with O_EXCL|O_NOFOLLOW under a
 * temporary name and renamed into place; a symbolic link or anything but a
 * regular file owned by the user at a cache path is never followed, read
 * or written through.  Images are read into memory (not mapped), so a file
 * truncated under a running process cannot crash it; the image decoder
 * (dict_cache.c) refuses any damaged byte.  The newest CACHE_KEEP images
 * are kept; temporary files of dead or stale writers are pruned.
 */
#include "cli.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_KEEP 7
#define TMP_PREFIX ".tmp-"
#define STALE_TMP_SECONDS 3600

bool cache_dir_path(char *buf, size_t size)
{
    const char *d = getenv("ENTGRAPH_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    int n;
    if (d && *d) n = snprintf(buf, size, "%s", d);
    else if (x && *x) n = snprintf(buf, size, "%s/entgraph", x);
    else if (h && *h) n = snprintf(buf, size, "%s/.cache/entgraph", h);
    else return false;
    return n > 0 && (size_t)n < size;
}

int cache_dir_open(const char *path, bool create, char *why, size_t whysize)
{
    if (create) {
        /* the parent too (~/.cache on a fresh account), private like the cache */
        char parent[4096];
        snprintf(parent, sizeof parent, "%s", path);
        char *slash = strrchr(parent, '/');
        if (slash && slash != parent) { *slash = 0; (void)mkdir(parent, 0700); }
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            snprintf(why, whysize, "cannot create: %s", strerror(errno));
            return -1;
        }
    }
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) { snprintf(why, whysize, "cannot open: %s", strerror(errno)); return -1; }
    struct stat st;
    if (fstat(fd, &st) != 0) { snprintf(why, whysize, "cannot open: %s", strerror(errno)); close(fd); return -1; }
    if (st.st_uid != geteuid()) { snprintf(why, whysize, "not owned by you"); close(fd); return -1; }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) { snprintf(why, whysize, "writable by others (mode %03o)", st.st_mode & 0777); close(fd); return -1; }
    return fd;
}

static void key_name(char *buf, size_t size, uint64_t key)
{
    snprintf(buf, size, "%016llx.egc", (unsigned long long)key);
}

/* Read a regular file of ours at name into an 8-byte-aligned buffer.
 * 0 ok, 1 absent, -1 refused (why set). */
static int read_image(int dfd, const char *name, void **out, size_t *len, char *why, size_t whysize)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT) return 1;
        if (errno == ELOOP) snprintf(why, whysize, "is a symbolic link");
        else snprintf(why, whysize, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { snprintf(why, whysize, "not a regular file"); close(fd); return -1; }
    if (st.st_uid != geteuid()) { snprintf(why, whysize, "not owned by you"); close(fd); return -1; }
    size_t size = (size_t)st.st_size;
    void *buf = malloc(size ? size : 1);   /* malloc alignment is at least 8 */
    if (!buf) { close(fd); return -2; }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, (char *)buf + got, size - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    if (got != size) { free(buf); snprintf(why, whysize, "shorter than its size (truncated while read)"); return -1; }
    *out = buf;
    *len = size;
    return 0;
}

int cache_load(int dfd, const char *dir, uint64_t key, bool quiet, eg_dict **out, bool *blocked)
{
    *out = NULL;
    *blocked = false;
    char name[64], why[300];
    key_name(name, sizeof name, key);
    void *buf;
    size_t len;
    int rc = read_image(dfd, name, &buf, &len, why, sizeof why);
    if (rc == -2) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    if (rc == 1) return 0;
    if (rc < 0) {
        /* something that is not our file sits at the cache path: leave it */
        *blocked = true;
        if (!quiet) fprintf(stderr, "entgraph: warning: %s/%s: %s; dictionary cache not used\n", dir, name, why);
        return 0;
    }
    eg_error e;
    eg_error_clear(&e);
    rc = eg_dict_cache_decode(out, buf, len, key, &e);
    if (rc == EG_ENOMEM) { free(buf); msg_errorf("out of memory"); return EXIT_SYSTEM; }
    if (rc) {
        free(buf);
        if (!quiet) fprintf(stderr, "entgraph: warning: %s/%s: damaged cache file (%s); rebuilding it\n", dir, name, e.text);
    }
    return 0;
}

/* Remove temporary files of writers that died or are stale, and all but
 * the newest CACHE_KEEP images (keep is spared). */
static void prune(int dfd, const char *keep)
{
    int d2 = dup(dfd);
    if (d2 < 0) return;
    DIR *dh = fdopendir(d2);
    if (!dh) { close(d2); return; }
    rewinddir(dh);
    struct { char name[64]; time_t mtime; } files[256];
    int n = 0;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(dh))) {
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) continue;
        if (!strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX))) {
            long pid = strtol(de->d_name + strlen(TMP_PREFIX), NULL, 10);
            bool dead = pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
            if (dead || now - st.st_mtime > STALE_TMP_SECONDS) unlinkat(dfd, de->d_name, 0);
            continue;
        }
        size_t l = strlen(de->d_name);
        if (l < 5 || l >= 64 || strcmp(de->d_name + l - 4, ".egc") || !strcmp(de->d_name, keep) || n >= 256) continue;
        snprintf(files[n].name, sizeof files[n].name, "%s", de->d_name);
        files[n].mtime = st.st_mtime;
        n++;
    }
    closedir(dh);
    while (n > CACHE_KEEP - 1) {   /* drop the oldest */
        int o = 0;
        for (int i = 1; i < n; i++) if (files[i].mtime < files[o].mtime) o = i;
        unlinkat(dfd, files[o].name, 0);
        files[o] = files[--n];
    }
}

void cache_save(int dfd, const char *dir, const eg_dict *d, uint64_t key)
{
    void *img;
    size_t len;
    eg_error e;
    eg_error_clear(&e);
    if (eg_dict_cache_encode(d, key, &img, &len, &e)) return;   /* failure only costs speed */
    char name[64], tmp[96], full[4096 + 128];
    key_name(name, sizeof name, key);
    sigset_t old;
    signals_block(&old);
    int fd = -1;
    for (int attempt = 0; attempt < 20 && fd < 0; attempt++) {
        snprintf(tmp, sizeof tmp, TMP_PREFIX "%ld-%d-%lx.egc", (long)getpid(), attempt, (unsigned long)time(NULL) ^ (unsigned long)(uintptr_t)img);
        fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) break;
    }
    bool registered = false;
    if (fd >= 0) {
        snprintf(full, sizeof full, "%s/%s", dir, tmp);
        registered = temp_register(full) == 0;
    }
    signals_restore(&old);
    if (fd < 0) { eg_free(img); return; }
    size_t done = 0;
    bool ok = true;
    while (done < len) {
        ssize_t w = write(fd, (char *)img + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { ok = false; break; }
        done += (size_t)w;
    }
    eg_free(img);
    if (close(fd) != 0) ok = false;
    signals_block(&old);
    if (!ok || renameat(dfd, tmp, dfd, name) != 0) unlinkat(dfd, tmp, 0);
    if (registered) temp_unregister(full);
    signals_restore(&old);
    if (ok) prune(dfd, name);
}

/* ---- entgraph cache dir|list|clear */
static const char *help =
"usage: entgraph cache dir|list|clear\n"
"The compiled dictionary cache: entgraph saves each compiled dictionary set\n"
"(keyed by a checksum of its sources' names and bytes and of this build) and\n"
"reads it back on later runs.  A damaged file is refused and rebuilt; the\n"
"result with the cache is always identical to --no-cache.\n\n"
"  dir    print the cache directory ($ENTGRAPH_CACHE_DIR, else\n"
"         $XDG_CACHE_HOME/entgraph, else ~/.cache/entgraph)\n"
"  list   list the cached dictionaries: size, date, state, sources\n"
"  clear  remove every cached dictionary and temporary file\n\n"
"exit codes: 0 ok, 2 usage, 3 I/O or system error\n";

static int list_or_clear(const char *dir, bool clear)
{
    char why[300];
    struct stat dst;
    if (stat(dir, &dst) != 0 && errno == ENOENT) {
        printf(clear ? "%s: nothing to remove\n" : "%s: no cache yet\n", dir);
        return EXIT_OK;
    }
    int dfd = cache_dir_open(dir, false, why, sizeof why);
    if (dfd < 0) {
        msg_errorf("%s: %s", dir, why);
        return EXIT_SYSTEM;
    }
    int d2 = dup(dfd);
    DIR *dh = d2 >= 0 ? fdopendir(d2) : NULL;
    if (!dh) { if (d2 >= 0) close(d2); close(dfd); msg_errorf("%s: cannot list: %s", dir, strerror(errno)); return EXIT_SYSTEM; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        size_t l = strlen(de->d_name);
        bool img = l > 4 && !strcmp(de->d_name + l - 4, ".egc");
        if (!img && strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX))) continue;
        char **nn = realloc(names, (n + 1) * sizeof *names);
        char *c = strdup(de->d_name);
        if (!nn || !c) { free(c); if (nn) names = nn; break; }
        names = nn;
        names[n++] = c;
        (void)cap;
    }
    closedir(dh);
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) { char *t = names[b]; names[b] = names[b - 1]; names[b - 1] = t; }
    int rc = EXIT_OK;
    size_t removed = 0, bytes = 0;
    if (!clear) printf("%s\n", dir);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (clear) {
            if (!S_ISREG(st.st_mode)) continue;   /* never remove what is not ours */
            if (unlinkat(dfd, names[i], 0) == 0) { removed++; bytes += (size_t)st.st_size; }
            else { msg_errorf("%s/%s: cannot remove: %s", dir, names[i], strerror(errno)); rc = EXIT_SYSTEM; }
            continue;
        }
        char date[32];
        struct tm tm;
        strftime(date, sizeof date, "%Y-%m-%d %H:%M", localtime_r(&st.st_mtime, &tm));
        printf("  %-24s %9.1f MB  %s  ", names[i], (double)st.st_size / 1e6, date);
        if (!strncmp(names[i], TMP_PREFIX, strlen(TMP_PREFIX))) { printf("temporary\n"); continue; }
        void *buf;
        size_t len;
        int r = read_image(dfd, names[i], &buf, &len, why, sizeof why);
        if (r != 0) { printf("refused: %s\n", r == -2 ? "out of memory" : why); continue; }
        uint64_t key = 0;
        if (len >= 16) memcpy(&key, (char *)buf + 8, 8);
        char expect[64];
        key_name(expect, sizeof expect, key);
        eg_dict *d;
        eg_error e;
        eg_error_clear(&e);
        r = strcmp(expect, names[i]) ? 1 : eg_dict_cache_decode(&d, buf, len, key, &e);
        if (r) {
            printf("damaged: %s\n", r == 1 && !e.text[0] ? "name does not match its key" : e.text);
            free(buf);
            continue;
        }
        printf("ok, %zu entities, %zu aliases\n", eg_dict_entity_count(d), eg_dict_alias_count(d));
        for (size_t s = 0; s < eg_dict_source_count(d); s++) printf("      %s\n", eg_dict_source_name(d, s));
        eg_dict_free(d);
    }
    if (clear) printf("%s: removed %zu file%s (%.1f MB)\n", dir, removed, removed == 1 ? "" : "s", (double)bytes / 1e6);
    else if (!n) printf("  (empty)\n");
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    close(dfd);
    return rc;
}

int cmd_cache(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: entgraph cache dir|list|clear\ntry 'entgraph cache --help'\n"); return EXIT_USAGE; }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) { fputs(help, stdout); return EXIT_OK; }
    if (argc > 2) { msg_errorf("cache %s takes no arguments", argv[1]); fprintf(stderr, "try 'entgraph cache --help'\n"); return EXIT_USAGE; }
    char dir[4096];
    bool have = cache_dir_path(dir, sizeof dir);
    if (!strcmp(argv[1], "dir")) {
        if (!have) { msg_errorf("no cache directory: set ENTGRAPH_CACHE_DIR, XDG_CACHE_HOME or HOME"); return EXIT_SYSTEM; }
        printf("%s\n", dir);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "list") && strcmp(argv[1], "clear")) {
        msg_errorf("unknown cache command '%s' (expected: dir, list, clear)", argv[1]);
        fprintf(stderr, "try 'entgraph cache --help'\n");
        return EXIT_USAGE;
    }
    if (!have) { msg_errorf("no cache directory: set ENTGRAPH_CACHE_DIR, XDG_CACHE_HOME or HOME"); return EXIT_SYSTEM; }
    return list_or_clear(dir, !strcmp(argv[1], "clear"));
}
