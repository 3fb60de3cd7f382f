/*
 * outfile.c - atomic output files: write to a temporary file beside the
 * target, fsync, then rename over it; on any error the old file stays as it
 * was and no partial file remains.  Devices and FIFOs are written in
 * place (there is nothing to replace atomically).
 *
 * The stream handed to writers is a stdio cookie over the file descriptor,
 * so the first failing write's errno ("No space left on device") is kept
 * and reported with the path, whatever writer hit it.  A replaced file
 * keeps its permission bits; a new one gets 0666 minus the umask, applied
 * by the kernel (the library never changes the umask).
 */
#include "internal.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct eg_outsink { int fd; int err; };

static ssize_t sink_write(void *c, const char *buf, size_t n)
{
    struct eg_outsink *s = c;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(s->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) { if (!s->err) s->err = errno; return done ? (ssize_t)done : -1; }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

static int sink_close(void *c) { (void)c; return 0; }   /* the fd is closed by the outfile */

static FILE *open_sink(eg_outfile *o, int fd)
{
    o->sink = eg_calloc(1, sizeof *o->sink);
    if (!o->sink) return NULL;
    o->sink->fd = fd;
    cookie_io_functions_t io = { NULL, sink_write, NULL, sink_close };
    FILE *f = fopencookie(o->sink, "w", io);
    if (!f) { eg_free(o->sink); o->sink = NULL; return NULL; }
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    return f;
}

/* A fresh name beside path: path.tmpXXXXXX with random letters. */
static void tmp_name(char *out, size_t size, const char *path, unsigned attempt)
{
    static const char al[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 20) ^ ((uint64_t)attempt << 40) ^ (uintptr_t)out;
        for (int i = 0; i < 6; i++) { r[i] = (unsigned char)x; x = x * 6364136223846793005ULL + 1442695040888963407ULL; x ^= x >> 29; }
    }
    char suf[7];
    for (int i = 0; i < 6; i++) suf[i] = al[r[i] % (sizeof al - 1)];
    suf[6] = 0;
    snprintf(out, size, "%s.tmp%s", path, suf);
}

int eg_outfile_open(eg_outfile *o, const char *path, eg_error *err)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    if (!path[0]) return eg_fail(err, EG_EUSAGE, NULL, 0, 0, "an empty output file name");
    if (!strcmp(path, "-")) {
        o->fd = STDOUT_FILENO;
        o->fp = open_sink(o, STDOUT_FILENO);
        if (!o->fp) { o->fd = -1; return eg_fail(err, EG_ENOMEM, "<stdout>", 0, 0, "out of memory"); }
        return 0;
    }
    /* Something that is not a regular file (/dev/null, /dev/full, a FIFO)
     * is written in place: renaming a temporary file over it would replace
     * the device or pipe (as root, even /dev/full) instead of writing to it.
     * A symbolic link to a regular file keeps the link: the target is
     * replaced. */
    struct stat st;
    bool exists = stat(path, &st) == 0;
    bool direct = exists && !S_ISREG(st.st_mode);
    if (exists && S_ISDIR(st.st_mode)) return eg_fail(err, EG_ESYS, path, 0, 0, "cannot create: Is a directory");
    char *real = NULL;
    struct stat lst;
    if (!direct && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        real = realpath(path, NULL);
        if (!real) {   /* a dangling link: create its target */
            char buf[PATH_MAX];
            ssize_t n = readlink(path, buf, sizeof buf - 1);
            if (n > 0 && buf[0] == '/') { buf[n] = 0; real = strdup(buf); }
        }
    }
    const char *target = real ? real : path;
    o->path = eg_strndup(target, strlen(target));
    free(real);
    if (!o->path) { eg_outfile_abort(o); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
    int fd;
    if (direct) {
        fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_TRUNC);
        if (fd < 0) {
            int e = errno;
            eg_outfile_abort(o);
            return eg_fail(err, EG_ESYS, path, 0, 0, "cannot create: %s", strerror(e));
        }
    } else {
        /* the temporary name keeps the directory, so rename never crosses devices */
        size_t n = strlen(o->path) + 16;
        o->tmp = eg_malloc(n);
        if (!o->tmp) { eg_outfile_abort(o); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
        unsigned attempt = 0;
        do {
            tmp_name(o->tmp, n, o->path, attempt);
            fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        } while (fd < 0 && errno == EEXIST && ++attempt < 100);
        if (fd < 0) {
            int e = errno;
            eg_free(o->tmp); o->tmp = NULL;
            eg_outfile_abort(o);
            return eg_fail(err, EG_ESYS, path, 0, 0, "cannot create: %s", strerror(e));
        }
        /* an existing file keeps its permission bits */
        if (exists) (void)fchmod(fd, st.st_mode & 07777);
    }
    o->fd = fd;
    o->fp = open_sink(o, fd);
    if (!o->fp) { eg_outfile_abort(o); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
    return 0;
}

int eg_outfile_error(const eg_outfile *o) { return o->sink ? o->sink->err : 0; }

int eg_outfile_finish(eg_outfile *o, eg_error *err)
{
    if (!o->fp) return 0;   /* already finished */
    const char *name = o->path ? o->path : "<stdout>";
    int bad = fflush(o->fp) != 0 || ferror(o->fp);
    int e = o->sink && o->sink->err ? o->sink->err : errno;
    fclose(o->fp);
    o->fp = NULL;
    if (!bad && o->tmp && fsync(o->fd) != 0 && errno != EINVAL) { bad = 1; e = errno; }
    if (o->fd > STDOUT_FILENO || (o->fd >= 0 && o->path)) {
        if (close(o->fd) != 0 && !bad && errno != EINTR) { bad = 1; e = errno; }
    }
    o->fd = -1;
    if (bad) {
        int rc = eg_fail(err, EG_ESYS, name, 0, 0, "write error: %s", strerror(e ? e : EIO));
        eg_outfile_abort(o);
        return rc;
    }
    return 0;
}

int eg_outfile_commit(eg_outfile *o, eg_error *err)
{
    const char *name = o->path ? o->path : "<stdout>";
    int rc = eg_outfile_finish(o, err);
    if (rc) return rc;
    int bad = 0, e = 0;
    if (o->tmp && rename(o->tmp, o->path) != 0) { bad = 1; e = errno; }
    if (bad) {
        rc = eg_fail(err, EG_ESYS, name, 0, 0, "write error: %s", strerror(e ? e : EIO));
        eg_outfile_abort(o);
        return rc;
    }
    eg_free(o->tmp); o->tmp = NULL;
    eg_free(o->path); o->path = NULL;
    eg_free(o->sink); o->sink = NULL;
    return 0;
}

void eg_outfile_abort(eg_outfile *o)
{
    if (!o->fp && !o->tmp && !o->path && !o->sink) return;   /* nothing, or already aborted */
    if (o->fp) fclose(o->fp);
    if (o->fd >= 0 && (o->fd > STDOUT_FILENO || o->path)) close(o->fd);
    if (o->tmp) unlink(o->tmp);
    eg_free(o->tmp);
    eg_free(o->path);
    eg_free(o->sink);
    o->fp = NULL; o->tmp = NULL; o->path = NULL; o->sink = NULL; o->fd = -1;
}
