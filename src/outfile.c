/*
 * outfile.c - atomic output files: write to a temporary file beside the
 * target, fsync, then rename over it; on any error the old file stays as it
 * was and no partial file remains.  Devices and FIFOs are written in
 * place (there is nothing to replace atomically).
 */
#include "internal.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkstemp creates 0600; give the result the usual 0666 & ~umask. */
static int fchmod_default(const char *path)
{
    mode_t m = umask(0);
    umask(m);
    return chmod(path, 0666 & ~m);
}

int eg_outfile_open(eg_outfile *o, const char *path, eg_error *err)
{
    memset(o, 0, sizeof *o);
    if (!strcmp(path, "-")) { o->fp = stdout; return 0; }
    /* Something that is not a regular file (/dev/null, /dev/full, a FIFO)
     * is written in place: renaming a temporary file over it would replace
     * the device or pipe (as root, even /dev/full) instead of writing to it.
     * A symbolic link to a regular file keeps the link: the target is
     * replaced. */
    struct stat st;
    bool direct = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    char *real = NULL;
    if (!direct && lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) real = realpath(path, NULL);
    o->path = eg_strndup(path, strlen(path));
    size_t n = strlen(real ? real : path) + 16;
    o->tmp = direct ? NULL : eg_malloc(n);
    if (!o->path || (!direct && !o->tmp)) { free(real); eg_outfile_abort(o); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
    if (direct) {
        o->fp = fopen(path, "wb");
        if (!o->fp) {
            int e = errno;
            eg_outfile_abort(o);
            return eg_fail(err, EG_ESYS, path, 0, 0, "cannot create: %s", strerror(e));
        }
        return 0;
    }
    /* the temporary name keeps the directory, so rename never crosses devices */
    snprintf(o->tmp, n, "%s.tmpXXXXXX", real ? real : path);
    if (real) {
        char *t = eg_strndup(real, strlen(real));
        free(real);
        if (!t) { eg_outfile_abort(o); return eg_fail(err, EG_ENOMEM, path, 0, 0, "out of memory"); }
        eg_free(o->path);
        o->path = t;
    }
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        eg_free(o->tmp); o->tmp = NULL;
        eg_outfile_abort(o);
        return eg_fail(err, EG_ESYS, path, 0, 0, "cannot create: %s", strerror(e));
    }
    o->fp = fdopen(fd, "wb");
    if (!o->fp) {
        int e = errno;
        close(fd);
        eg_outfile_abort(o);
        return eg_fail(err, EG_ESYS, path, 0, 0, "cannot create: %s", strerror(e));
    }
    return 0;
}

int eg_outfile_commit(eg_outfile *o, eg_error *err)
{
    if (!o->tmp) {   /* stdout, or a device or FIFO written in place */
        int bad = fflush(o->fp) != 0 || ferror(o->fp);
        int e = errno;
        if (o->path && fclose(o->fp) != 0 && !bad) { bad = 1; e = errno; }
        o->fp = NULL;
        int rc = bad ? eg_fail(err, EG_ESYS, o->path ? o->path : "<stdout>", 0, 0, "write error: %s", strerror(e)) : 0;
        eg_free(o->path); o->path = NULL;
        return rc;
    }
    int bad = fflush(o->fp) != 0 || ferror(o->fp);
    int e = errno;
    if (!bad && fsync(fileno(o->fp)) != 0 && errno != EINVAL) { bad = 1; e = errno; }
    if (fclose(o->fp) != 0 && !bad) { bad = 1; e = errno; }
    o->fp = NULL;
    if (!bad) {
        (void)fchmod_default(o->tmp);
        if (rename(o->tmp, o->path) != 0) { bad = 1; e = errno; }
    }
    if (bad) {
        int rc = eg_fail(err, EG_ESYS, o->path, 0, 0, "write error: %s", strerror(e));
        eg_outfile_abort(o);
        return rc;
    }
    eg_free(o->tmp); o->tmp = NULL;
    eg_free(o->path); o->path = NULL;
    return 0;
}

void eg_outfile_abort(eg_outfile *o)
{
    if (o->fp && (o->tmp || o->path)) fclose(o->fp);   /* not stdout */
    if (o->tmp) unlink(o->tmp);
    eg_free(o->tmp);
    eg_free(o->path);
    o->fp = NULL; o->tmp = NULL; o->path = NULL;
}
