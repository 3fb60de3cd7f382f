/*
 * cli_signals.c - no temporary file outlives an interrupted run.
 *
 * Every temporary file the CLI creates (the atomic outputs, a cache image
 * being saved) is registered here; SIGINT, SIGTERM and SIGHUP remove them
 * all and exit with 128 + the signal number, so a killed run leaves the
 * previous outputs intact and no *.tmp* debris.  Registration happens with
 * those signals blocked, so the handler never sees a half-updated table,
 * and the handler only calls async-signal-safe functions (unlink, _exit).
 */
#include "cli.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **temps;                  /* grown with the signals blocked */
static size_t captemps;
static volatile sig_atomic_t ntemps;

static void on_signal(int sig)
{
    for (int i = 0; i < ntemps; i++)
        if (temps[i]) unlink(temps[i]);
    _exit(128 + sig);
}

static const int caught[] = { SIGINT, SIGTERM, SIGHUP };

void signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);   /* no other signal interrupts the cleanup */
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++) {
        struct sigaction old;
        /* a signal ignored by our parent (nohup) stays ignored */
        if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(caught[i], &sa, NULL);
    }
}

void signals_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++) sigaddset(&set, caught[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

void signals_restore(const sigset_t *old) { pthread_sigmask(SIG_SETMASK, old, NULL); }

/* Call with the signals blocked. */
int temp_register(const char *path)
{
    if ((size_t)ntemps >= captemps) {
        size_t nc = captemps ? captemps * 2 : 16;
        char **nt = realloc(temps, nc * sizeof *nt);
        if (!nt) return -1;
        temps = nt;
        captemps = nc;
    }
    char *c = strdup(path);
    if (!c) return -1;
    temps[ntemps] = c;
    ntemps = ntemps + 1;
    return 0;
}

void temp_unregister(const char *path)
{
    for (int i = 0; i < ntemps; i++) {
        if (!temps[i] || strcmp(temps[i], path)) continue;
        char *c = temps[i];
        temps[i] = temps[ntemps - 1];
        temps[ntemps - 1] = NULL;
        ntemps = ntemps - 1;
        free(c);
        return;
    }
}

/* ---- atomic outputs with their temporary files registered */
int out_open(eg_outfile *o, const char *path, eg_error *err)
{
    sigset_t old;
    signals_block(&old);
    int rc = eg_outfile_open(o, path, err);
    if (!rc && o->tmp && temp_register(o->tmp)) {
        eg_outfile_abort(o);
        if (err && !err->code) {
            err->code = rc = EG_ENOMEM;
            snprintf(err->source, sizeof err->source, "%s", path);
            snprintf(err->text, sizeof err->text, "out of memory");
        }
        rc = EG_ENOMEM;
    }
    signals_restore(&old);
    return rc;
}

int out_commit(eg_outfile *o, eg_error *err)
{
    sigset_t old;
    signals_block(&old);
    char *tmp = o->tmp ? strdup(o->tmp) : NULL;
    int rc = eg_outfile_commit(o, err);
    if (tmp) { temp_unregister(tmp); free(tmp); }
    signals_restore(&old);
    return rc;
}

void out_abort(eg_outfile *o)
{
    sigset_t old;
    signals_block(&old);
    if (o->tmp) temp_unregister(o->tmp);
    eg_outfile_abort(o);
    signals_restore(&old);
}

const char *out_name(const char *path) { return strcmp(path, "-") ? path : "<stdout>"; }

int out_write(const char *path, int (*write)(FILE *fp, void *ctx), void *ctx)
{
    eg_outfile of;
    eg_error err;
    eg_error_clear(&err);
    if (out_open(&of, path, &err)) { msg_error(&err); return exit_code_for(err.code); }
    int e = write(of.fp, ctx);
    if (e) {
        int oe = eg_outfile_error(&of);
        if (e == EG_ENOMEM) msg_errorf("out of memory");
        else msg_errorf("%s: write error: %s", out_name(path), strerror(oe ? oe : EIO));
        out_abort(&of);
        return EXIT_SYSTEM;
    }
    if (out_commit(&of, &err)) { msg_error(&err); return exit_code_for(err.code); }
    return EXIT_OK;
}
