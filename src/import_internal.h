/*
 * import_internal.h - what the importer's modules share: one record being
 * built (strings in one buffer, addressed by offset), the importer's state,
 * and the helpers the format readers call (import.c).
 */
#ifndef EG_IMPORT_INTERNAL_H
#define EG_IMPORT_INTERNAL_H
#include "import.h"
#include "json.h"

#define IMP_MAX_LANGS 64

typedef struct imp_alias {
    uint32_t text, lang;   /* offsets into the record's strings; 0: none */
    uint8_t kind;          /* eg_alias_kind */
    int8_t policy;         /* eg_case_policy, or -1: the default */
} imp_alias;

/* One entity being built.  Strings live in strs, NUL-separated; a field is
 * an offset into it, 0 meaning "not given" (strs starts with a NUL). */
typedef struct imp_rec {
    eg_buf strs;
    uint32_t id, name, type, subtype, country, country_q, valid_from;
    imp_alias *al; size_t nal, capal;
    uint32_t *pos; size_t npos, cappos;   /* attrs.position */
    long sitelinks;                       /* -1: unknown */
    uint32_t src; long line;              /* where the record starts */
} imp_rec;

typedef struct imp_type { char *type, *subtype; } imp_type;   /* owned */

struct eg_importer {
    eg_import_options o;
    FILE *spool;                          /* borrowed */
    uint64_t spool_len;
    uint32_t nrecs;                       /* records in the spool */
    eg_strmap ids;                        /* id -> first record number */
    struct imp_dup { uint32_t first; uint64_t off; } *dups; size_t ndups, capdups;
    char **sources; size_t nsources, capsources;   /* owned */
    const char *source;                   /* the current input's name (in sources) */
    uint32_t src;
    char *langs[IMP_MAX_LANGS]; size_t nlangs;     /* owned */
    char **types; size_t ntypes;                   /* --types, owned */
    eg_strmap typemap;                    /* wikidata class "Q5" -> index into tm */
    imp_type *tm; size_t ntm, captm;
    eg_strmap qcountry;                   /* wikidata "Q30" -> ISO3 packed in 24 bits */
    eg_import_stats st;
    imp_rec rec, other;                   /* reused: the record read, a record merged in */
    eg_buf in;                            /* bytes of the current input not yet used */
    long lineno;                          /* line number of in.data[0] */
    int mode;                             /* how the current input is read (import.c) */
    bool warned_dup;
    /* csv */
    char **cols; size_t ncols, capcols;   /* header names (owned) */
    long col_id, col_name, col_type, col_alias;
    bool header_done;
    eg_buf field; size_t *fstart; size_t nfields, capfields;   /* the fields of a row, decoded */
    size_t *fraw; size_t capraw;          /* where each field starts in the row's text */
    bool csv_open;                        /* a record is being scanned (resumed on more bytes) */
    int csv_state; size_t csv_scanned;    /* its scanner state and bytes scanned */
    size_t csv_quote;                     /* where its last quoted field opened */
    size_t csv_bad; const char *csv_why;  /* its first error (offset, SIZE_MAX: none) */
    eg_json j;                            /* reused parser (its key buffer) */
    eg_buf s1, s2, s3;                    /* scratch strings */
    struct wd_name { uint32_t lang, seq, text; uint8_t label; } *wn; size_t nwn, capwn;
    struct wd_class { uint8_t rank; char q[24]; } *cls; size_t ncls, capcls;
    /* the output's duplicate check: texts' offsets sorted, a flag per text */
    uint32_t *order; size_t caporder;
    uint8_t *repeat; size_t caprepeat;
};

/* Record building. */
void imp_rec_reset(imp_rec *r);
int imp_str(imp_rec *r, const char *s, size_t n, uint32_t *off);   /* trimmed copy; 0 offset if blank */
static inline const char *imp_s(const imp_rec *r, uint32_t off) { return r->strs.data + off; }
int imp_alias_add(imp_rec *r, const char *s, size_t n, eg_alias_kind kind, int policy, const char *lang);
int imp_pos_add(imp_rec *r, const char *s, size_t n);
/* The record is done: spooled (merged later if its id was seen before). */
int imp_emit(eg_importer *im, eg_error *err);
/* A warning at source:line:col for the current input. */
void imp_warn(eg_importer *im, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void imp_warn_err(eg_importer *im, const eg_error *e);
bool imp_type_wanted(const eg_importer *im, const char *type);
/* Wikidata country Q-id -> "country:ISO3" (NULL: unknown). */
const char *imp_qcountry(const eg_importer *im, const char *q, size_t n, char buf[16]);
int imp_qcountry_add(eg_importer *im, const char *q, size_t n, const char *iso3, eg_error *err);
/* The type-map entry of a class Q-id, or NULL. */
const imp_type *imp_class_type(const eg_importer *im, const char *q, size_t n);
/* A language's index in --lang (nlangs for "mul"), or -1. */
int imp_lang_index(const eg_importer *im, const char *lang, size_t n);

/* Format readers: a line (without its newline) or the whole input. */
int imp_ftm_line(eg_importer *im, const char *line, size_t len, long lineno, eg_error *err);
int imp_wd_line(eg_importer *im, const char *line, size_t len, long lineno, eg_error *err);
int imp_wd_sparql(eg_importer *im, const char *buf, size_t len, eg_error *err);
int imp_wd_init(eg_importer *im, eg_error *err);
int imp_csv_feed(eg_importer *im, bool at_end, eg_error *err);
void imp_csv_reset(eg_importer *im);
void imp_csv_release(eg_importer *im);

#endif
