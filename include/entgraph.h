/*
 * entgraph.h - the public interface of libentgraph, and its manual.
 *
 * The library turns documents into entity mentions and mentions into a
 * co-mention graph.  The pipeline, one module per stage:
 *
 *   read (eg_reader) -> normalise -> match (eg_dict, its trie) -> tag
 *   (eg_tagger: boundaries, case, resolution; sentences and paragraphs)
 *   -> count (eg_cooc: windows, pairs) -> graph (eg_graph, igraph)
 *   -> write (GraphML, DOT; mentions as JSONL or TSV)
 *
 * A minimal program (examples/tag_and_graph.c does this with error checks):
 *
 *   eg_dict *d = eg_dict_new();
 *   eg_dict_load_path(d, "my-gazetteer.jsonl", &err);
 *   eg_dict_compile(d, &err);
 *   eg_tagger *t;  eg_tagger_new(&t, d, NULL);
 *   eg_tagger_run(t, text, len, &mentions, &n, NULL);
 *   eg_cooc *c = eg_cooc_new(eg_dict_entity_count(d), EG_WIN_SENTENCE, 0);
 *   eg_cooc_add(c, mentions, n);
 *   eg_graph *g;  eg_graph_build(&g, c, d, NULL, &err);
 *   eg_graph_write(g, EG_FORMAT_GRAPHML, stdout);
 *
 * Conventions
 *   Returns.  A function returning int returns 0 on success or a negative
 *   EG_E* code, with details in the eg_error the caller passes (may be
 *   NULL).  The few that have more outcomes say so (eg_reader_next,
 *   eg_dict_cache_decode): positive values are never errors.  A *_new
 *   function that returns a pointer returns NULL only when out of memory.
 *   Ownership.  What *_new returns belongs to the caller and is released by
 *   the matching *_free (NULL is accepted).  Strings and arrays returned by
 *   accessors are borrowed: valid as long as the object, or until the next
 *   call on it where stated.  Buffers the library hands over are freed with
 *   eg_free.
 *   Threads.  The library has no mutable global state (except a lock around
 *   igraph, which is not thread-safe as packaged): different objects may be
 *   used from different threads at once.  One object is used by one thread
 *   at a time, except a compiled eg_dict, which is read-only and may be
 *   shared by any number of taggers in any threads.
 *   The library never prints, never exits, and leaves the program's signal
 *   handlers, umask, locale, OpenMP settings and random generators alone.
 */
#ifndef ENTGRAPH_H
#define ENTGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define EG_API __attribute__((visibility("default")))
#else
#define EG_API
#endif

#define EG_VERSION "0.1.0"
/* The version of the library linked at run time (EG_VERSION is the one
 * compiled against). */
EG_API const char *eg_version(void);

/* ------------------------------------------------------------------ errors */
enum {
    EG_OK = 0,
    EG_EINPUT = -1,   /* bad input data (a document or a dictionary) */
    EG_EUSAGE = -2,   /* bad option or argument, or a call out of order */
    EG_ESYS = -3,     /* I/O or system error */
    EG_ENOMEM = -4    /* allocation failed */
};

/* An error with where it was found: source:line:col (col in code points,
 * both 1-based; 0 when unknown).  The first error wins: a function that
 * fails fills an empty eg_error and leaves a filled one alone. */
typedef struct eg_error {
    int code;          /* EG_E*, or 0 for a notice */
    char source[512];
    long line;
    long col;
    char text[512];
} eg_error;

EG_API void eg_error_clear(eg_error *err);
/* "source:line:col: text" (unknown parts omitted) into buf; returns buf. */
EG_API const char *eg_error_format(const eg_error *err, char *buf, size_t size);

/* Free a buffer the library handed over (eg_dict_cache_encode). */
EG_API void eg_free(void *p);

/* The candidate closest to word (edit distance with transpositions, at
 * most 2 and less than half the word, or a prefix or plural), or NULL; for
 * "did you mean" messages.  Borrowed from cands. */
EG_API const char *eg_did_you_mean(const char *word, const char *const *cands, size_t n);

/* ------------------------------------------------------------------- dates */
/* A date is a day number: days since 1970-01-01 (proleptic Gregorian), the
 * UTC calendar date of the moment given; EG_NO_DAY when unknown. */
#define EG_NO_DAY INT32_MIN

/* Parse RFC 3339 / ISO 8601 (2023-08-08, 2023-08-08T10:00:00+09:00, with or
 * without seconds, fraction or zone; no zone is UTC), "2023-08-08 10:00:00",
 * or RFC 2822 ("Tue, 08 Aug 2023 10:00:00 +0900").  0, or EG_EINPUT. */
EG_API int eg_date_parse(const char *s, int32_t *day);
/* "YYYY-MM-DD" into buf. */
EG_API void eg_day_format(int32_t day, char buf[11]);

typedef enum eg_period {
    EG_PERIOD_NONE = 0, EG_PERIOD_DAY, EG_PERIOD_WEEK, EG_PERIOD_MONTH, EG_PERIOD_QUARTER, EG_PERIOD_YEAR
} eg_period;
/* "day", "week", "month", "quarter", "year"; else EG_EUSAGE. */
EG_API int eg_period_from_name(const char *name, eg_period *out);
/* The inverse: "none", "day", ... "year"; "?" out of range.  Static. */
EG_API const char *eg_period_kind(eg_period p);
/* The first day of the period holding day (a week starts on Monday), which
 * also names the period; EG_NO_DAY stays EG_NO_DAY. */
EG_API int32_t eg_period_start(eg_period p, int32_t day);
/* The last day of the period that starts on start. */
EG_API int32_t eg_period_end(eg_period p, int32_t start);
/* 2023-08-08, 2023-W32 (ISO week), 2023-08, 2023-Q3, 2023, or "undated". */
EG_API void eg_period_name(eg_period p, int32_t start, char *buf, size_t size);

/* ------------------------------------------------------------ dictionaries */
typedef struct eg_dict eg_dict;

typedef enum eg_alias_kind {
    EG_KIND_NAME = 0,
    EG_KIND_ABBREVIATION,
    EG_KIND_DEMONYM,
    EG_KIND_METONYM,
    EG_KIND_VARIANT,
    EG_KIND_PROPAGATED,  /* generated: a family name, valid after a full mention */
    EG_KIND_COUNT
} eg_alias_kind;

typedef enum eg_case_policy {
    EG_CASE_SMART = 0,   /* capitalised words stay capitalised; acronyms exact */
    EG_CASE_EXACT,
    EG_CASE_INSENSITIVE
} eg_case_policy;

/* "name", "abbreviation", ...; "?" for a value out of range.  Static. */
EG_API const char *eg_alias_kind_name(eg_alias_kind k);
/* "smart", "exact" or "insensitive" (the dictionary's "case" values); "?"
 * for a value out of range.  Static. */
EG_API const char *eg_case_policy_name(eg_case_policy p);

/* A new, empty dictionary.  Load sources, then eg_dict_compile, then tag. */
EG_API eg_dict *eg_dict_new(void);
EG_API void eg_dict_free(eg_dict *d);

/* Add the entities of a buffer.  format: "jsonl" (native entities, guard
 * lists and spaCy patterns, told apart per line), "tsv", or NULL to choose
 * by the name's extension (.jsonl/.ndjson/.json, .tsv/.txt), else by the
 * content.  name is the source name in messages and the graph.  The first
 * error stops loading (EG_EINPUT, with file:line:col).  An id already
 * defined by an earlier source extends that entity (aliases added, fields
 * and attrs replaced) or, with "drop": true, switches it off; the same id
 * twice in one source is an error.  EG_EUSAGE after eg_dict_compile. */
EG_API int eg_dict_load_buffer(eg_dict *d, const char *name, const char *format,
                               const char *buf, size_t len, eg_error *err);
/* A file, or every *.jsonl / *.tsv file of a directory (sorted). */
EG_API int eg_dict_load_path(eg_dict *d, const char *path, eg_error *err);
/* Build the matcher; required after loading and before tagging.
 * Idempotent.  After it, the dictionary is read-only. */
EG_API int eg_dict_compile(eg_dict *d, eg_error *err);

/* Warnings found while loading (e.g. a spaCy label with no entgraph type);
 * i < eg_dict_warning_count.  Borrowed. */
EG_API size_t eg_dict_warning_count(const eg_dict *d);
EG_API const eg_error *eg_dict_warning(const eg_dict *d, size_t i);

/* Entities, 0 <= i < eg_dict_entity_count (dropped ones included: they are
 * never matched).  Strings borrowed for the dictionary's lifetime. */
EG_API size_t eg_dict_entity_count(const eg_dict *d);
EG_API size_t eg_dict_alias_count(const eg_dict *d);
EG_API const char *eg_dict_entity_id(const eg_dict *d, size_t i);
EG_API const char *eg_dict_entity_label(const eg_dict *d, size_t i);
EG_API const char *eg_dict_entity_type(const eg_dict *d, size_t i);
/* The index of the entity with this id, or SIZE_MAX. */
EG_API size_t eg_dict_entity_index(const eg_dict *d, const char *id);
/* The sources loaded (files or buffer names), in order. */
EG_API size_t eg_dict_source_count(const eg_dict *d);
EG_API const char *eg_dict_source_name(const eg_dict *d, size_t i);
/* `dict check`: entities and aliases per type, shared aliases, to out. */
EG_API void eg_dict_write_stats(const eg_dict *d, FILE *out);

/* Where entity i was defined: its source (file name as given) and line. */
EG_API const char *eg_dict_entity_source(const eg_dict *d, size_t i, long *line);

/* `dict lookup`: one alias whose normalised form equals a text's. */
typedef struct eg_lookup {
    uint32_t entity;
    const char *alias;            /* as written in the dictionary (borrowed) */
    eg_alias_kind kind;
    eg_case_policy policy;
    bool case_ok;                 /* the text as given passes the case policy */
    bool guarded;                 /* a guard word too: tagged only with support in the document */
    bool blocker;                 /* a blocker entity: matched, never reported */
    bool dropped;                 /* its entity was dropped by a later dictionary */
    int32_t valid_from, valid_to; /* the alias's dates, else its entity's (EG_NO_DAY: open) */
    bool valid;                   /* alias and entity valid on the day asked for */
} eg_lookup;
/* Every alias of the compiled dictionary d that text matches under the
 * normalisation rules (the matcher's own trie), judged for a document of
 * day (EG_NO_DAY: undated, the current sense): the first max in out,
 * *count in all.  0, EG_EUSAGE (not compiled), EG_ENOMEM. */
EG_API int eg_dict_lookup(const eg_dict *d, const char *text, size_t len, int32_t day, eg_lookup *out, size_t max,
                          size_t *count);
/* The aliases nearest to text: edit distance 1..limit on the normalised
 * forms, nearest first (ties in dictionary order), at most max. */
typedef struct eg_nearest { const char *alias; uint32_t entity; size_t distance; } eg_nearest;
EG_API int eg_dict_nearest(const eg_dict *d, const char *text, size_t len, size_t limit, eg_nearest *out, size_t max,
                           size_t *count);

/* Dictionary sources read into memory once: files, directories (their
 * *.jsonl / *.tsv files, sorted; anything else there is skipped with a
 * warning), pipes and FIFOs.  The cache key is a checksum of exactly the
 * bytes that eg_dict_load_sources then parses, so nothing can change
 * between the two.  Only sources that are all regular files are cacheable. */
typedef struct eg_dict_sources eg_dict_sources;
EG_API int eg_dict_sources_read(eg_dict_sources **out, const char *const *paths, size_t n, eg_error *err);
EG_API void eg_dict_sources_free(eg_dict_sources *s);
EG_API size_t eg_dict_sources_count(const eg_dict_sources *s);
EG_API const char *eg_dict_sources_name(const eg_dict_sources *s, size_t i);
EG_API size_t eg_dict_sources_warning_count(const eg_dict_sources *s);
EG_API const eg_error *eg_dict_sources_warning(const eg_dict_sources *s, size_t i);
EG_API uint64_t eg_dict_sources_key(const eg_dict_sources *s);
/* A checksum of the sources' bytes alone, in order (not their names): the
 * same dictionaries wherever they are installed (count files).  Before
 * eg_dict_sources_release_bytes. */
EG_API uint64_t eg_dict_sources_content_key(const eg_dict_sources *s);
EG_API bool eg_dict_sources_cacheable(const eg_dict_sources *s);
EG_API int eg_dict_load_sources(eg_dict *d, const eg_dict_sources *s, eg_error *err);
/* Free the bytes once parsed (names kept): a large gazetteer then does not
 * stay in memory twice.  Loading them again is EG_EUSAGE. */
EG_API void eg_dict_sources_release_bytes(eg_dict_sources *s);

/* The compiled dictionary as a binary image (the cache).  encode: *out is
 * a new buffer (free it with eg_free).  decode: checks every byte (a
 * checksum over the whole image, then every count, offset, index and link)
 * and returns 0 with *out set, taking ownership of buf (8-byte aligned,
 * from malloc; freed by eg_dict_free); 1 when the image is not valid for
 * key (why says how; buf stays the caller's); or EG_ENOMEM.  A refused
 * image is never used, so a cached result equals an uncached one. */
EG_API int eg_dict_cache_encode(const eg_dict *d, uint64_t key, void **out, size_t *len, eg_error *err);
EG_API int eg_dict_cache_decode(eg_dict **out, void *buf, size_t len, uint64_t key, eg_error *why);
/* The checksum an image of len bytes ends with (for tests and tools). */
EG_API uint64_t eg_dict_cache_checksum(const void *buf, size_t len);

/* ----------------------------------------------------------------- tagging */
typedef struct eg_tag_options {
    int demonyms;     /* default 1: "Japanese" -> Japan */
    int metonyms;     /* default 0: "Tokyo" -> Japan */
    int propagate;    /* default 1: family names after a full mention */
    int resolve;      /* default 1: shared aliases resolved by context */
    const unsigned char *exclude;   /* per entity (eg_dict_entity_count bytes):
                                       nonzero = never matched; borrowed, may be NULL */
    int explain;      /* default 0: also keep the candidates that were not
                         tagged, and why (eg_tagger_rejected; --explain=all) */
} eg_tag_options;

EG_API void eg_tag_options_default(eg_tag_options *o);

/* How a mention's entity was decided (--explain). */
typedef enum eg_how {
    EG_HOW_ALIAS = 0,    /* the alias names one entity */
    EG_HOW_PROPAGATED,   /* a family name after the full name */
    EG_HOW_EARLIER,      /* a shared alias: the candidate mentioned before */
    EG_HOW_ACRONYM,      /* defined in the text: "Long Name (ABBR)" */
    EG_HOW_CONTEXT,      /* a shared alias: the best context score */
    EG_HOW_PRIORITY,     /* a shared alias: a tie broken by priority */
    EG_HOW_GUARDED,      /* a guarded alias kept: the document supports it */
    EG_HOW_AMBIGUOUS,    /* nothing decided: left out of the graph */
    EG_HOW_COUNT
} eg_how;
/* "alias", "propagated", ...  Static. */
EG_API const char *eg_how_name(eg_how h);

typedef struct eg_mention {
    size_t byte_start, byte_end;  /* into the document text */
    size_t start, end;            /* code points (an invalid byte counts as one) */
    size_t sentence, paragraph;   /* 0-based */
    uint32_t entity;              /* index into the dictionary */
    eg_alias_kind via;            /* the kind of alias that matched */
    int ambiguous;                /* several candidates left: entity is the first */
    uint32_t ncand;               /* candidate entities (>= 1) */
    const uint32_t *cand;         /* borrowed, as the mention */
    eg_how how;
    size_t from;                  /* evidence: byte offset of the earlier mention or
                                     acronym definition, or SIZE_MAX */
    long score, runner_up;        /* evidence of a context vote (context, guarded) */
    size_t title_start, title_end;/* a title before a person's name ("President"),
                                     kept out of the span; equal when none */
} eg_mention;

typedef struct eg_tagger eg_tagger;

/* A tagger over a compiled dictionary (borrowed: it must outlive the
 * tagger); o may be NULL for the defaults.  EG_EUSAGE if d is not compiled,
 * EG_ENOMEM.  Reusable for any number of documents; one thread at a time. */
EG_API int eg_tagger_new(eg_tagger **out, const eg_dict *d, const eg_tag_options *o);
EG_API void eg_tagger_free(eg_tagger *t);
/* Tag one document.  *out points to *count mentions sorted by byte_start,
 * valid until the next call on t.  Invalid UTF-8 is not an error:
 * *invalid_at (if not NULL) receives the first bad byte's offset or
 * SIZE_MAX.  EG_EINPUT for a document over 4 GiB, EG_ENOMEM. */
EG_API int eg_tagger_run(eg_tagger *t, const char *text, size_t len,
                         const eg_mention **out, size_t *count, size_t *invalid_at);
/* The same for a document of a given day (EG_NO_DAY: undated).  An alias or
 * entity with valid_from/valid_to is used only within those dates; for an
 * undated document, only when it has no end (the current sense). */
EG_API int eg_tagger_run_dated(eg_tagger *t, const char *text, size_t len, int32_t day,
                               const eg_mention **out, size_t *count, size_t *invalid_at);

/* Why a dictionary candidate was not tagged (--explain=all). */
typedef enum eg_reject {
    EG_REJECT_CASE = 0,      /* the alias's case policy rejects the text ("Turkey" in "a turkey") */
    EG_REJECT_DATES,         /* outside the alias's or entity's validity dates */
    EG_REJECT_GUARDED,       /* a guard word without support in the document */
    EG_REJECT_BLOCKED,       /* inside a blocker's match ("China" in "East China Sea") */
    EG_REJECT_AMBIGUOUS,     /* a shared alias no rule decided: one record per candidate */
    EG_REJECT_EXCLUDED,      /* left out of this run (--exclude) */
    EG_REJECT_KIND_OFF,      /* a demonym or metonym while that kind is off */
    EG_REJECT_NO_FULL_NAME,  /* a family name with no full mention before it */
    EG_REJECT_LONGER_NAME,   /* part of a longer, unknown name ("Robert Austin") */
    EG_REJECT_COUNT
} eg_reject;
/* "case", "dates", "guarded", "blocked", "ambiguous", "excluded",
 * "kind-off", "no-full-name", "longer-name"; "?" out of range.  Static. */
EG_API const char *eg_reject_name(eg_reject r);

typedef struct eg_rejection {
    size_t byte_start, byte_end;  /* the text the alias matched */
    size_t start, end;            /* code points */
    size_t sentence, paragraph;
    uint32_t entity;              /* the candidate that was not tagged */
    eg_alias_kind via;            /* the kind of alias that matched */
    eg_reject reason;
    uint32_t by;                  /* BLOCKED: the blocker entity, else UINT32_MAX */
    long score;                   /* AMBIGUOUS: this candidate's context score */
} eg_rejection;
/* The rejected candidates of the document last tagged, sorted by
 * byte_start (none unless the tagger was made with o.explain).  One record
 * per span, entity and reason; a lower-case word that is an all-capitals
 * alias ("who", "us") is not listed.  Valid until the next run. */
EG_API void eg_tagger_rejected(const eg_tagger *t, const eg_rejection **out, size_t *count);

/* The units of the document last tagged (0 after a failed run): the window
 * stage counts windows without mentions from them. */
typedef struct eg_doc_units { size_t sentences, paragraphs; } eg_doc_units;
EG_API void eg_tagger_units(const eg_tagger *t, eg_doc_units *out);

/* ----------------------------------------------------------------- reading */
typedef struct eg_reader eg_reader;

typedef struct eg_document {
    const char *id;      /* borrowed until the next read */
    const char *text;    /* len bytes, NUL-terminated (and may hold NULs) */
    size_t len;
    const char *source;  /* the file it came from, as shown in messages */
    long line;           /* line in source (JSON records), else 0 */
    const char *date, *title, *url, *srcname;   /* optional, may be NULL; date as written */
    int32_t day;         /* the date parsed (eg_date_parse), or EG_NO_DAY */
    bool date_bad;       /* a date was given but could not be parsed (the document
                            is undated; the caller may warn) */
} eg_document;

/* How documents are read.  format: "auto" (default: by extension, else by
 * content), "jsonl", "json" or "txt", for inputs whose extension does not
 * decide (.jsonl/.ndjson are JSONL and .txt is text whatever this says).
 * The *_field members are dotted paths into each JSON record ("meta.body");
 * NULL means "text", "id", "date", "title", "url", "source".  encoding: the
 * input encoding for iconv (NULL: UTF-8; a UTF-16/UTF-32 byte-order mark is
 * always honoured).  The strings are copied. */
typedef struct eg_read_options {
    const char *format;
    const char *text_field, *id_field, *date_field, *title_field, *url_field, *source_field;
    const char *encoding;
    int stdin_fd;        /* the descriptor read for "-": 0 (the default) is standard input */
} eg_read_options;

/* inputs: paths ("-" = standard input); n may be 0 (standard input).  o
 * may be NULL.  Directories are walked here. */
EG_API eg_reader *eg_reader_new(const char *const *inputs, size_t n, const eg_read_options *o);
EG_API void eg_reader_free(eg_reader *r);
/* The files the inputs expanded to (directories walked), in reading order. */
EG_API size_t eg_reader_file_count(const eg_reader *r);
EG_API const char *eg_reader_file(const eg_reader *r, size_t i);

/* What eg_reader_next found. */
enum {
    EG_READ_END = 0,          /* no more input */
    EG_READ_DOC = 1,          /* *doc filled */
    EG_READ_DOC_WARNING = 2,  /* *doc filled, and a warning in err (a repeated id) */
    EG_READ_MESSAGE = 3       /* no document: a warning (err->code EG_EINPUT: something
                                 skipped on purpose) or a notice (err->code 0: the
                                 format detected for an input) */
};
/* The next document: an EG_READ_* status, or a negative code -- a bad
 * document (EG_EINPUT), an input that cannot be read (EG_ESYS), EG_ENOMEM
 * -- with err filled.  Reading may go on after an error. */
EG_API int eg_reader_next(eg_reader *r, eg_document *doc, eg_error *err);

/* ---------------------------------------------------- the document loop */
/* One document's result, handed to the caller in input order. */
typedef struct eg_batch_item {
    int status;            /* as eg_reader_next */
    eg_error err;
    eg_document doc;       /* valid when status is EG_READ_DOC or EG_READ_DOC_WARNING */
    int tag_rc;            /* 0, or the tagger's error for this document */
    const eg_mention *m;   /* the mentions (borrowed until the callback returns) */
    size_t n;
    const eg_rejection *rej;   /* with o.explain: the rejected candidates (borrowed too) */
    size_t nrej;
    size_t invalid_at;     /* first invalid UTF-8 byte, or SIZE_MAX */
    eg_doc_units units;    /* its sentences and paragraphs */
} eg_batch_item;

/* Return nonzero to stop the loop; that value is returned by eg_run_documents. */
typedef int (*eg_batch_fn)(void *ctx, const eg_batch_item *item);

#define EG_MAX_JOBS 64
/* Read every document of r, tag them on `jobs` threads (1..EG_MAX_JOBS;
 * clamped), and call fn for each item (documents, errors, messages) in
 * input order, from the calling thread, so results do not depend on jobs.
 * Memory is bounded by a batch, not by the input.  Returns 0, EG_ENOMEM,
 * or fn's nonzero value. */
EG_API int eg_run_documents(eg_reader *r, const eg_dict *d, const eg_tag_options *o, int jobs,
                            eg_batch_fn fn, void *ctx);

/* ------------------------------------------------- discovering new names */
/* `entgraph suggest` and --unknown: names no dictionary covers, found by
 * cues (capitalised words, titles, given names, initials, speech verbs,
 * organisation and agency heads, acronyms defined in parentheses, repeated
 * surnames; places, days, months and sentence-initial common words
 * rejected), grouped by normalised name across documents and written as
 * dictionary entities to review: JSONL with id ("new:per:..."), name, type,
 * aliases, attrs (given, family), the review fields count, docs,
 * confidence, why and evidence, and "provisional": true when asked. */
typedef struct eg_suggester eg_suggester;
typedef struct eg_suggest_options {
    size_t top;               /* 0: every candidate; else the N best */
    long min_docs, min_count; /* at least this many documents / occurrences (default 1) */
    double min_confidence;    /* default 0 */
    bool provisional;         /* mark the entities "provisional": true (--unknown) */
} eg_suggest_options;
EG_API void eg_suggest_options_default(eg_suggest_options *o);
/* A suggester over compiled dictionary d (borrowed).  EG_EUSAGE if not
 * compiled, EG_ENOMEM. */
EG_API int eg_suggester_new(eg_suggester **out, const eg_dict *d);
EG_API void eg_suggester_free(eg_suggester *s);
/* Look for names in one document, given what a tagger over the same
 * dictionary found in it: its mentions and (from a tagger made with
 * o.explain) its rejected candidates, both known names.  0 or EG_ENOMEM. */
EG_API int eg_suggester_add(eg_suggester *s, const eg_document *doc, const eg_mention *m, size_t n,
                            const eg_rejection *rej, size_t nrej);
/* The candidates, best first (confidence, then count, then name), one
 * JSON entity per line; *written: how many.  0, EG_ENOMEM, EG_ESYS. */
EG_API int eg_suggester_write(eg_suggester *s, const eg_suggest_options *o, FILE *out, size_t *written);
/* Was entity i marked "provisional": true (an --unknown candidate)? */
EG_API bool eg_dict_entity_provisional(const eg_dict *d, size_t i);

/* ----------------------------------------------------- co-mention counts */
/* The co-occurrence unit.  A window of span K covers K + 1 consecutive
 * units (sentences, paragraphs or token positions) and slides one unit at
 * a time: a document of U units has U windows, window t covering units
 * t..t+K, so two mentions share a window when at most K units apart.  Span
 * 0 (the default) is one window per sentence or paragraph; a document is
 * always one window.  Token positions: see eg_window_parse. */
typedef enum eg_window { EG_WIN_SENTENCE, EG_WIN_PARAGRAPH, EG_WIN_DOCUMENT, EG_WIN_TOKENS } eg_window;
/* "sentence", "paragraph", "document", "tokens".  Static. */
EG_API const char *eg_window_name(eg_window w);
/* Parse a window: "sentence", "paragraph", "document", "sentences:K",
 * "paragraphs:K" (K >= 0) or "tokens:K" (K >= 1; a token is a run of
 * letters, marks and digits, joined across ' or - between two of them, or
 * one Han/kana character; each mention counts as one position).  K <=
 * 1000000.  0 or EG_EUSAGE. */
EG_API int eg_window_parse(const char *spec, eg_window *w, size_t *span);
/* The spec of a window in the form eg_window_parse reads ("sentence",
 * "sentences:2", "tokens:5"), into buf of n bytes. */
EG_API void eg_window_format(eg_window w, size_t span, char *buf, size_t n);

typedef struct eg_cooc eg_cooc;

/* Counts for a dictionary of nentities entities, per window w (the one
 * place the window is given).  max_per_window bounds the distinct entities
 * paired per window (pairs grow quadratically; 0 = 1000); extra ones are
 * dropped and counted. */
EG_API eg_cooc *eg_cooc_new(size_t nentities, eg_window w, size_t max_per_window);
EG_API void eg_cooc_free(eg_cooc *c);
/* The window's span K (see eg_window): 0 by default; EG_WIN_TOKENS needs
 * K >= 1, EG_WIN_DOCUMENT takes only 0.  Before the first document, else
 * EG_EUSAGE. */
EG_API int eg_cooc_set_span(eg_cooc *c, size_t span);
EG_API size_t eg_cooc_span(const eg_cooc *c);
/* Count per period too (day, ISO week, month, quarter, year of each
 * document's date; undated documents form their own period), for graphs
 * per period and timelines.  Before the first document, else EG_EUSAGE. */
EG_API int eg_cooc_set_periods(eg_cooc *c, eg_period by);
/* Keep evidence: for each pair, the `max` earliest windows (by date,
 * undated last, then input order) with both mentions and a snippet.  Costs
 * memory per pair; nothing when not asked for.  Before the first document. */
EG_API int eg_cooc_set_evidence(eg_cooc *c, size_t max);
/* Add one document's mentions (sorted by byte_start, as eg_tagger_run
 * gives them).  Ambiguous mentions are not counted.  doc (may be NULL)
 * gives the date, the document id kept as a sample for each pair
 * (doc_ids), the text of evidence, and the text token windows are counted
 * in; it is only read during the call.  units (may be NULL: then taken
 * from doc's text) gives the document's sentences and paragraphs, so that
 * windows without mentions are counted too; with neither, only windows
 * holding a mention are.  0, EG_ENOMEM, or EG_EUSAGE (token windows
 * without the text). */
EG_API int eg_cooc_add_doc(eg_cooc *c, const eg_document *doc, const eg_doc_units *units,
                           const eg_mention *m, size_t n);
/* eg_cooc_add_doc(c, NULL, NULL, m, n). */
EG_API int eg_cooc_add(eg_cooc *c, const eg_mention *m, size_t n);
EG_API eg_window eg_cooc_window(const eg_cooc *c);
EG_API eg_period eg_cooc_periods_by(const eg_cooc *c);
EG_API size_t eg_cooc_documents(const eg_cooc *c);
/* Mentions counted (not ambiguous ones), over all entities. */
EG_API size_t eg_cooc_mentions(const eg_cooc *c);
/* N: the windows of all documents added (without mentions too, see
 * eg_cooc_add_doc). */
EG_API size_t eg_cooc_windows(const eg_cooc *c);
EG_API size_t eg_cooc_truncated_windows(const eg_cooc *c);
/* The first and last day of the dated documents (EG_NO_DAY: none). */
EG_API void eg_cooc_date_range(const eg_cooc *c, int32_t *first, int32_t *last);
/* The periods seen, in time order (undated last): i < eg_cooc_period_count;
 * a period is named by its start day (EG_NO_DAY: undated). */
EG_API size_t eg_cooc_period_count(const eg_cooc *c);
EG_API int32_t eg_cooc_period_start(const eg_cooc *c, size_t i);

/* -------------------------------------------------------------- count files */
/* The counts of a shard of documents as a count file: sorted text records
 * (see counts.c and the README, "Scaling out"), headed by setup -- a line
 * saying how they were made (dictionaries, window, options), which merging
 * requires to be equal.  trailer: end with a record count and checksum (a
 * file); without, the records alone (a mapper's output).  0, EG_ENOMEM,
 * EG_ESYS. */
EG_API int eg_cooc_write_counts(const eg_cooc *c, const eg_dict *d, const char *setup, bool trailer, FILE *out);
/* Merge count files: in[i] named names[i] ("<stdin>": records in any
 * order, read whole and sorted; a file: sorted, with its trailer).  Sums
 * the counts, keeps the first documents and evidence in document order;
 * associative and commutative, so any grouping and order give the same
 * bytes.  *setup (if not NULL): the inputs' setup, a new string.  0,
 * EG_EINPUT (other setups, a damaged, truncated or unsorted file, with
 * file:line), EG_ESYS, EG_ENOMEM. */
EG_API int eg_counts_merge(FILE *const *in, const char *const *names, size_t n, bool trailer, FILE *out, char **setup,
                           eg_error *err);
/* Read merged counts (one record per key, as eg_counts_merge writes) into
 * a new eg_cooc made with the setup's window and options; entity ids are
 * looked up in d.  0, EG_EINPUT, EG_ESYS, EG_ENOMEM. */
EG_API int eg_cooc_load_counts(eg_cooc *c, const eg_dict *d, FILE *in, const char *name, eg_error *err);

/* ------------------------------------------------------------------- graph */
/* How strongly a pair is associated, from x = c_ij (windows with both), a =
 * c_i, b = c_j (windows with each) and n = N (all windows): count x;
 * jaccard x/(a+b-x); dice 2x/(a+b); cosine x/sqrt(ab); inclusion
 * x/min(a,b); assoc xN/(ab) (association strength); pmi log2(xN/(ab));
 * npmi pmi/-log2(x/N) (1 when x = N); llr Dunning's G^2 on the 2x2 table.
 * Always finite. */
typedef enum eg_measure {
    EG_MEASURE_COUNT, EG_MEASURE_JACCARD, EG_MEASURE_DICE, EG_MEASURE_COSINE, EG_MEASURE_INCLUSION,
    EG_MEASURE_ASSOC, EG_MEASURE_PMI, EG_MEASURE_NPMI, EG_MEASURE_LLR, EG_MEASURE_N
} eg_measure;
/* "count", "jaccard", ...  Static. */
EG_API const char *eg_measure_name(eg_measure m);
EG_API int eg_measure_from_name(const char *name, eg_measure *out);
EG_API double eg_measure_value(eg_measure m, double x, double a, double b, double n);

typedef enum eg_community { EG_COMMUNITY_LEIDEN, EG_COMMUNITY_LOUVAIN, EG_COMMUNITY_NONE } eg_community;
typedef enum eg_layout { EG_LAYOUT_NONE, EG_LAYOUT_FR, EG_LAYOUT_DRL } eg_layout;

typedef struct eg_graph eg_graph;

/* What goes into a graph, applied in this order: entity selection (types,
 * only), node thresholds (min_mentions, min_node_docs, then top_nodes),
 * the edge measure, edge thresholds (weight > 0 always, min_weight,
 * min_docs), the backbone (disparity filter), top_k, top_edges, the ego
 * network, and isolates.  Ties are broken by entity id everywhere. */
typedef struct eg_graph_options {
    const char *types;          /* comma list of entity types kept, or NULL for all */
    const unsigned char *only;  /* per entity (eg_dict_entity_count bytes): nonzero =
                                   may be a node; NULL: every entity.  Borrowed */
    long min_mentions, min_node_docs;   /* nodes: at least this many mentions / documents */
    long top_nodes;             /* 0, or keep the N most mentioned nodes */
    eg_measure measure;         /* the edge weight (default count) */
    bool all_measures;          /* write every measure as an edge attribute */
    double min_weight;          /* edges: weight >= this (and always > 0) */
    long min_docs;              /* edges: seen in >= this many documents */
    double backbone;            /* 0, or keep edges with disparity alpha < this (0..1];
                                   on the measure, or the count under pmi and npmi */
    long top_k;                 /* 0, or keep an edge among the K strongest of an endpoint */
    long top_edges;             /* 0, or keep the N strongest edges */
    const unsigned char *ego;   /* per entity: nonzero = an ego; NULL: no ego filter */
    long depth;                 /* ego: hops kept (default 1) */
    bool keep_isolates;         /* keep nodes left without edges */
    eg_community community;     /* default Leiden (modularity) */
    double resolution;          /* modularity resolution (default 1) */
    int betweenness;            /* 1 always, 0 unless the graph is too big (default), -1 never */
    eg_layout layout;           /* default none */
    unsigned long seed;         /* community detection and layout seed */
    long period;                /* -1: the whole corpus; else the index of one
                                   period of the counts (eg_cooc_period_start) */
    bool timeline;              /* with periods: each node and edge also carries
                                   its value per dated period (a GEXF timeline) */
} eg_graph_options;

/* No filter but weight > 0, count, Leiden at resolution 1, betweenness
 * unless too big, no layout, seed 42, depth 1, whole corpus, no timeline. */
EG_API void eg_graph_options_default(eg_graph_options *o);

/* Build the filtered graph and its measures (degree, strength, PageRank,
 * betweenness, eigenvector, coreness, communities and modularity, layout)
 * from the counts; o may be NULL for the defaults.  d is borrowed and must
 * outlive the graph; c is only read.  Deterministic: nodes sorted by id,
 * edges by (source, target).  EG_EUSAGE (bad options), EG_ENOMEM, EG_ESYS
 * (igraph). */
EG_API int eg_graph_build(eg_graph **out, const eg_cooc *c, const eg_dict *d,
                          const eg_graph_options *o, eg_error *err);
EG_API void eg_graph_free(eg_graph *g);
EG_API size_t eg_graph_node_count(const eg_graph *g);
EG_API size_t eg_graph_edge_count(const eg_graph *g);
/* Whether betweenness was computed (see eg_graph_options.betweenness). */
EG_API bool eg_graph_has_betweenness(const eg_graph *g);

/* Graph formats.  Every one carries the same attributes (the entity type
 * as "entity_type": sigma.js reads "type" as the name of a renderer), is
 * deterministic, and never holds NaN or Inf. */
typedef enum eg_format {
    EG_FORMAT_GRAPHML,     /* .graphml: Gephi, Gephi Lite, networkx, igraph */
    EG_FORMAT_DOT,         /* .dot, .gv: Graphviz */
    EG_FORMAT_GEXF,        /* .gexf: Gephi (1.3; a timeline with periods) */
    EG_FORMAT_CSV_NODES,   /* .nodes.csv: Gephi's spreadsheet importer, pandas (Id, Label, ...) */
    EG_FORMAT_CSV_EDGES,   /* .edges.csv: (Source, Target, Type, Weight, ...) */
    EG_FORMAT_JSON,        /* .json: graphology's serialisation (Gephi Lite, sigma.js) */
    EG_FORMAT_CYJS,        /* .cyjs: Cytoscape.js elements JSON */
    EG_FORMAT_PAJEK,       /* .net: Pajek (R igraph, networkx) */
    EG_FORMAT_SVG,         /* .svg: a drawing (needs a layout: circle otherwise) */
    EG_FORMAT_COUNT
} eg_format;
/* "graphml", "dot", "gexf", "nodes.csv", "edges.csv", "json", "cyjs",
 * "pajek", "svg".  Static. */
EG_API const char *eg_format_name(eg_format f);
/* The format with this name, or EG_EUSAGE. */
EG_API int eg_format_from_name(const char *name, eg_format *out);
/* The format a file name's extension says (.graphml, .dot, .gv, .gexf,
 * .nodes.csv, .edges.csv, .json, .cyjs, .net, .svg; any case), or
 * EG_EUSAGE. */
EG_API int eg_format_from_path(const char *path, eg_format *out);
/* Write the graph.  Stream errors are the caller's to check (ferror). */
EG_API int eg_graph_write(const eg_graph *g, eg_format f, FILE *out);
/* The evidence behind the graph's edges, from the counts it was built from
 * (with eg_cooc_set_evidence): one JSON line per (edge, window), edges in
 * the graph's order, each edge's windows earliest first -- source, target,
 * period (graphs per period), doc, sentence, paragraph or token (of the
 * earlier mention, for sliding windows), date, title, url,
 * the two mentions (code point start/end, text) and a snippet.  0,
 * EG_ESYS (the stream failed) or EG_ENOMEM. */
EG_API int eg_graph_write_evidence(const eg_graph *g, const eg_cooc *c, FILE *out);

/* ------------------------------------------------------------- the report */
/* An HTML report: one self-contained file (no network) with the run
 * summary, the graph drawn as SVG (at the graph's layout: build it with
 * one), the entities and the strongest edges with their evidence, and the
 * first max_docs documents with every mention highlighted by type (the
 * entity and how it was found on hover).  Add every document as it comes
 * (only the first max_docs are kept, copied); write once the graph is
 * built.  d is borrowed. */
typedef struct eg_report eg_report;
EG_API eg_report *eg_report_new(const eg_dict *d, size_t max_docs);
EG_API void eg_report_free(eg_report *r);
/* 0 or EG_ENOMEM. */
EG_API int eg_report_add(eg_report *r, const eg_document *doc, const eg_mention *m, size_t n);
/* c (may be NULL) gives the evidence snippets (eg_cooc_set_evidence).  0,
 * EG_ENOMEM; stream errors are the caller's to check. */
EG_API int eg_report_write(const eg_report *r, const eg_graph *g, const eg_cooc *c, FILE *out);

/* --------------------------------------------------------------- mentions */
typedef enum eg_mention_format { EG_MENTIONS_JSONL, EG_MENTIONS_TSV } eg_mention_format;
enum { EG_MENTIONS_EXPLAIN = 1 };   /* flags: add how each mention was decided */

/* Writes mentions, one line each: a JSON object (JSONL) or a TSV row.  Every
 * string is escaped and valid UTF-8 (invalid bytes become U+FFFD).  The
 * stream is borrowed.  One thread at a time. */
typedef struct eg_mention_writer eg_mention_writer;
EG_API eg_mention_writer *eg_mention_writer_new(FILE *out, eg_mention_format f, unsigned flags);
EG_API void eg_mention_writer_free(eg_mention_writer *w);
/* The TSV header line (nothing for JSONL). */
EG_API int eg_mention_writer_header(eg_mention_writer *w);
/* One mention of doc; 0, EG_ESYS (the stream failed) or EG_ENOMEM. */
EG_API int eg_mention_writer_put(eg_mention_writer *w, const eg_dict *d, const eg_document *doc, const eg_mention *m);
/* A rejected candidate (JSONL only): the mention's fields for the
 * candidate, with "rejected" (the reason), "why" (in words), "by" (a
 * blocker's id) and "score" (ambiguous). */
EG_API int eg_mention_writer_put_rejection(eg_mention_writer *w, const eg_dict *d, const eg_document *doc,
                                           const eg_rejection *r);

/* ----------------------------------------------------------- output files */
/* Atomic output file: data go to a temporary file beside path; commit
 * flushes, fsyncs and renames it over path; abort removes it.  path "-" is
 * standard output.  A path that exists and is not a regular file
 * (/dev/null, a FIFO) is written in place (tmp stays NULL); a symbolic link
 * keeps its target; a replaced file keeps its permission bits, a new one
 * gets 0666 minus the umask.  The first write error's errno is kept
 * (eg_outfile_error) and commit reports it with the path. */
typedef struct eg_outsink eg_outsink;
typedef struct eg_outfile {
    FILE *fp;           /* where to write */
    char *path;         /* owned: the file replaced (a link's target), NULL for stdout */
    char *tmp;          /* owned: the temporary file, NULL for stdout and in-place files */
    int fd;
    eg_outsink *sink;   /* owned: where fp's bytes go */
} eg_outfile;

EG_API int eg_outfile_open(eg_outfile *o, const char *path, eg_error *err);
EG_API int eg_outfile_commit(eg_outfile *o, eg_error *err);
/* The first half of commit: flush, fsync and close, reporting any write
 * error, but keep the temporary file; commit later renames it.  Lets a
 * program write many files with few descriptors and commit them together. */
EG_API int eg_outfile_finish(eg_outfile *o, eg_error *err);
EG_API void eg_outfile_abort(eg_outfile *o);
/* errno of the first failed write, or 0. */
EG_API int eg_outfile_error(const eg_outfile *o);

#ifdef __cplusplus
}
#endif
#endif
