/*
 * entgraph.h - public interface of libentgraph.
 *
 * The library turns documents into entity mentions and mentions into a
 * co-mention graph.  Pipeline stages, one module each:
 *
 *   read (eg_reader)  ->  normalise (eg_norm)  ->  match (eg_dict + matcher)
 *   -> segment (sentences/paragraphs)  ->  tag (eg_tagger)  ->  count
 *   (eg_cooc)  ->  graph (eg_graph, igraph)  ->  export (GraphML, DOT)
 *
 * Conventions: every function returning int returns 0 on success and a
 * negative EG_E* code on failure, with details in an eg_error the caller
 * passes in.  Objects made by *_new are owned by the caller and released by
 * the matching *_free (NULL is accepted).  The library never prints and never
 * exits.
 */
#ifndef ENTGRAPH_H
#define ENTGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EG_VERSION "0.1.0"

/* Error codes (negative returns). */
enum {
    EG_OK = 0,
    EG_EINPUT = -1,   /* bad input data (document or dictionary) */
    EG_EUSAGE = -2,   /* bad option or argument */
    EG_ESYS = -3,     /* I/O or system error (errno-like) */
    EG_ENOMEM = -4    /* allocation failed */
};

/* An error with the place it was found: source:line:col (col in code points,
 * both 1-based; 0 when unknown). */
typedef struct eg_error {
    int code;
    char source[512];
    long line;
    long col;
    char text[512];
} eg_error;

void eg_error_clear(eg_error *err);
/* Did-you-mean: the candidate closest to word (edit distance at most 2 and
 * less than half the word, or a prefix/plural), or NULL.  Borrowed from cands. */
const char *eg_did_you_mean(const char *word, const char *const *cands, size_t n);
/* Format "source:line:col: text" (omitting unknown parts) into buf. */
const char *eg_error_format(const eg_error *err, char *buf, size_t size);

/* ---------------------------------------------------------------- memory */
/* All library allocations go through these; a test hook can make the Nth
 * allocation fail (fault injection, see tests/).  eg_alloc_fail_at(0) disables. */
void *eg_malloc(size_t n);
void *eg_calloc(size_t n, size_t size);
void *eg_realloc(void *p, size_t n);
char *eg_strndup(const char *s, size_t n);
void eg_free(void *p);
void eg_alloc_fail_at(unsigned long n);
unsigned long eg_alloc_count(void);

/* ---------------------------------------------------------- dictionaries */
typedef struct eg_dict eg_dict;

typedef enum eg_alias_kind {
    EG_KIND_NAME = 0,
    EG_KIND_ABBREVIATION,
    EG_KIND_DEMONYM,
    EG_KIND_METONYM,
    EG_KIND_VARIANT,
    EG_KIND_PROPAGATED,  /* generated: short form valid after a full mention */
    EG_KIND_COUNT
} eg_alias_kind;

typedef enum eg_case_policy {
    EG_CASE_SMART = 0,
    EG_CASE_EXACT,
    EG_CASE_INSENSITIVE
} eg_case_policy;

const char *eg_alias_kind_name(eg_alias_kind k);

/* A new empty dictionary. */
eg_dict *eg_dict_new(void);
void eg_dict_free(eg_dict *d);

/* Add entities from a buffer.  format: "jsonl" (native entities, guard
 * lists and spaCy patterns, told apart per line), "tsv", or NULL to choose
 * by the name's extension (.jsonl/.ndjson/.json, .tsv/.txt), else by the
 * content.  name is used in error messages.  Stops at the first error.
 * An id already defined by an earlier source extends that entity (aliases
 * added, fields and attrs replaced) or, with "drop": true, switches it off;
 * the same id twice in one source is an error. */
int eg_dict_load_buffer(eg_dict *d, const char *name, const char *format,
                        const char *buf, size_t len, eg_error *err);
/* Load a file, or every *.jsonl / *.tsv file of a directory (sorted). */
int eg_dict_load_path(eg_dict *d, const char *path, eg_error *err);
/* Build the matcher; required after loading and before tagging.  Also checks
 * cross-file consistency.  Idempotent. */
int eg_dict_compile(eg_dict *d, eg_error *err);
/* Warnings found while loading (e.g. a spaCy label with no entgraph type). */
size_t eg_dict_warning_count(const eg_dict *d);
const eg_error *eg_dict_warning(const eg_dict *d, size_t i);

/* Dictionary sources read into memory once: files, directories (their
 * *.jsonl / *.tsv files, sorted; non-regular files there are skipped with a
 * warning), pipes and FIFOs.  The cache key is a checksum of exactly the
 * bytes that eg_dict_load_sources then parses, so nothing can change
 * between the two.  Only sources that are all regular files are cacheable. */
typedef struct eg_dict_sources eg_dict_sources;
int eg_dict_sources_read(eg_dict_sources **out, const char *const *paths, size_t n, eg_error *err);
void eg_dict_sources_free(eg_dict_sources *s);
size_t eg_dict_sources_count(const eg_dict_sources *s);
const char *eg_dict_sources_name(const eg_dict_sources *s, size_t i);
size_t eg_dict_sources_warning_count(const eg_dict_sources *s);
const eg_error *eg_dict_sources_warning(const eg_dict_sources *s, size_t i);
uint64_t eg_dict_sources_key(const eg_dict_sources *s);
bool eg_dict_sources_cacheable(const eg_dict_sources *s);
int eg_dict_load_sources(eg_dict *d, const eg_dict_sources *s, eg_error *err);
/* Free the sources' bytes once they are parsed (names are kept); a large
 * gazetteer then does not stay in memory twice. */
void eg_dict_sources_release_bytes(eg_dict_sources *s);

/* The compiled dictionary as a binary image (the cache).  encode: *out is
 * a new buffer (free with eg_free).  decode: validates every byte (checksum
 * over the whole image, then every offset, index and link) and returns 0
 * with *out set, taking ownership of buf (8-byte aligned; freed by
 * eg_dict_free); 1 when the image is not valid for key (why says how; buf
 * stays the caller's); or EG_ENOMEM.  A refused image is never used. */
int eg_dict_cache_encode(const eg_dict *d, uint64_t key, void **out, size_t *len, eg_error *err);
int eg_dict_cache_decode(eg_dict **out, void *buf, size_t len, uint64_t key, eg_error *why);
/* The checksum an image of len bytes should end with. */
uint64_t eg_dict_cache_checksum(const void *buf, size_t len);

size_t eg_dict_entity_count(const eg_dict *d);
size_t eg_dict_alias_count(const eg_dict *d);
/* Entity accessors, 0 <= i < entity_count.  Strings are borrowed. */
const char *eg_dict_entity_id(const eg_dict *d, size_t i);
const char *eg_dict_entity_label(const eg_dict *d, size_t i);
const char *eg_dict_entity_type(const eg_dict *d, size_t i);
/* The index of the entity with this id, or SIZE_MAX. */
size_t eg_dict_entity_index(const eg_dict *d, const char *id);
/* Number of sources (files/buffers) loaded and their names. */
size_t eg_dict_source_count(const eg_dict *d);
const char *eg_dict_source_name(const eg_dict *d, size_t i);

/* Statistics for `dict check`: writes a human-readable report. */
void eg_dict_write_stats(const eg_dict *d, FILE *out);

/* --------------------------------------------------------- normalisation */
/* Normalised text with a map back to the original bytes.  text[0..len) is
 * UTF-8: NFKC compatibility-decomposed, case folded, Latin/Greek/Cyrillic
 * diacritics removed, apostrophes -> ', dashes -> -, white space runs -> one
 * space.  src[i] is the byte offset in the original of the character that
 * produced text[i]; src[len] is the original length. */
typedef struct eg_norm {
    char *text;       /* owned */
    uint32_t *src;    /* owned, len + 1 entries */
    uint8_t *flags;   /* owned, len entries: character class bits (internal) */
    size_t len;
    size_t cap;
    size_t invalid_at;   /* first invalid UTF-8 byte offset, or SIZE_MAX */
    size_t invalid_count;
    int ascii;           /* the input had no byte >= 0x80 */
} eg_norm;

void eg_norm_init(eg_norm *n);
void eg_norm_release(eg_norm *n);
/* Normalise buf[0..len) into n (reusing its buffers). */
int eg_norm_run(eg_norm *n, const char *buf, size_t len);
/* Normalise into a fresh NUL-terminated string (for aliases). */
char *eg_norm_string(const char *s, size_t len, size_t *out_len);

/* Decode one UTF-8 character at s (n bytes available).  Returns its length
 * (1..4) and the code point in *cp; an invalid sequence returns 1 with
 * *cp = -1 (one bad byte, like Python's surrogateescape). */
int eg_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* ----------------------------------------------------------- segmentation */
/* Sentence and paragraph boundaries of a document, as sorted lists of byte
 * offsets where each sentence / paragraph starts (the first is 0). */
typedef struct eg_segments {
    size_t *sent;  size_t nsent, capsent;   /* owned */
    size_t *para;  size_t npara, cappara;   /* owned */
} eg_segments;

void eg_segments_init(eg_segments *s);
void eg_segments_release(eg_segments *s);
int eg_segment(eg_segments *s, const char *buf, size_t len);

/* ---------------------------------------------------------------- tagging */
typedef struct eg_tag_options {
    int demonyms;     /* default 1 */
    int metonyms;     /* default 0 */
    int propagate;    /* default 1: short forms after full names */
    int resolve;      /* default 1: choose among shared aliases by context */
    const unsigned char *exclude;   /* per entity (eg_dict_entity_count bytes): nonzero
                                       = its aliases are not used; borrowed, may be NULL */
} eg_tag_options;

void eg_tag_options_default(eg_tag_options *o);

typedef struct eg_mention {
    size_t byte_start, byte_end;  /* into the document text */
    size_t start, end;            /* code points */
    size_t sentence, paragraph;
    uint32_t entity;              /* index into the dictionary */
    eg_alias_kind via;
    int ambiguous;                /* several candidates left: entity is the first */
    uint32_t ncand;               /* candidate entities (>= 1) */
    const uint32_t *cand;         /* borrowed, valid until the next run */
    size_t cand_off;              /* internal */
    const char *how;              /* static: "alias", "propagated", "earlier", "acronym",
                                     "context", "priority", "guarded", "ambiguous" */
    size_t from;                  /* evidence: byte offset of the earlier mention or
                                     acronym definition, or SIZE_MAX */
    long score, runner_up;        /* evidence of a context vote */
    size_t title_start, title_end;/* a title before a person's name ("President"),
                                     kept out of the span; title_start == title_end if none */
    int guarded;                  /* internal: matched through a guarded alias */
} eg_mention;

typedef struct eg_tagger eg_tagger;

/* A tagger over a compiled dictionary (borrowed; must outlive the tagger).
 * Reusable for any number of documents; not thread-safe. */
eg_tagger *eg_tagger_new(const eg_dict *d, const eg_tag_options *o);
void eg_tagger_free(eg_tagger *t);
/* Tag one document.  On success *out points to *count mentions sorted by
 * byte_start, valid until the next call.  Invalid UTF-8 is not an error:
 * *invalid_at (if not NULL) receives the first bad byte offset or SIZE_MAX. */
int eg_tagger_run(eg_tagger *t, const char *text, size_t len,
                  const eg_mention **out, size_t *count, size_t *invalid_at);

/* ---------------------------------------------------------------- reading */
typedef struct eg_reader eg_reader;

typedef struct eg_document {
    const char *id;      /* borrowed until the next read */
    const char *text;
    size_t len;
    const char *source;  /* file name */
    long line;           /* line in source (jsonl), else 0 */
    const char *date, *title, *url, *srcname;   /* optional, may be NULL */
} eg_document;

/* How documents are read.  format: "auto" (default: by extension, else by
 * content), "jsonl", "json" or "txt", for inputs whose extension does not
 * decide (.jsonl/.ndjson are JSONL and .txt is text whatever this says).
 * The *_field members are dotted paths into each JSON record ("meta.body");
 * NULL means "text", "id", "date", "title", "url", "source".  encoding: the
 * input encoding for iconv (NULL: UTF-8; a UTF-16/UTF-32 byte-order mark is
 * always honoured). */
typedef struct eg_read_options {
    const char *format;
    const char *text_field, *id_field, *date_field, *title_field, *url_field, *source_field;
    const char *encoding;
} eg_read_options;

/* inputs: paths ("-" = stdin); n may be 0 (stdin).  o may be NULL.
 * Directories are expanded here (NULL only when out of memory). */
eg_reader *eg_reader_new(const char *const *inputs, size_t n, const eg_read_options *o);
void eg_reader_free(eg_reader *r);
/* The files the inputs expanded to (directories walked), in reading order. */
size_t eg_reader_file_count(const eg_reader *r);
const char *eg_reader_file(const eg_reader *r, size_t i);
/* Next document.  Returns
 *   1  *doc filled;
 *   2  *doc filled and a warning in err (e.g. a repeated document id);
 *   3  no document: a warning (err->code EG_EINPUT: something skipped on
 *      purpose) or a notice (err->code 0: the format detected for an input);
 *   0  the end;
 *  <0  a bad document (EG_EINPUT), an input that cannot be read (EG_ESYS),
 *      or EG_ENOMEM, with err filled; reading may continue after an error. */
int eg_reader_next(eg_reader *r, eg_document *doc, eg_error *err);

/* ----------------------------------------------------- the document loop */
/* One document's result, handed to the caller in input order. */
typedef struct eg_batch_item {
    int status;            /* as eg_reader_next: 1 ok, 2 ok with a warning in err,
                              3 a warning or notice only, <0 read error */
    eg_error err;
    eg_document doc;       /* valid when status > 0 */
    int tag_rc;            /* 0, or the tagger's error for this document */
    const eg_mention *m;   /* the mentions (borrowed until the callback returns) */
    size_t n;
    size_t invalid_at;     /* first invalid UTF-8 byte, or SIZE_MAX */
} eg_batch_item;

/* Return nonzero to stop the loop; that value is returned by eg_run_documents. */
typedef int (*eg_batch_fn)(void *ctx, const eg_batch_item *item);

/* Read every document of r, tag them on `jobs` threads, and call fn for each
 * (including read errors) in input order, so results do not depend on jobs.
 * Returns 0, EG_ENOMEM, or fn's nonzero value. */
int eg_run_documents(eg_reader *r, const eg_dict *d, const eg_tag_options *o, int jobs,
                     eg_batch_fn fn, void *ctx);

/* ------------------------------------------------------ co-mention counts */
typedef enum eg_window { EG_WIN_SENTENCE, EG_WIN_PARAGRAPH, EG_WIN_DOCUMENT } eg_window;

typedef struct eg_cooc eg_cooc;

/* max_per_window bounds the distinct entities considered per window (pairs
 * grow quadratically); extra ones are dropped and counted. */
eg_cooc *eg_cooc_new(size_t nentities, eg_window w, size_t max_per_window);
void eg_cooc_free(eg_cooc *c);
/* Add one document's mentions (sorted by byte_start). Ambiguous mentions are skipped. */
int eg_cooc_add(eg_cooc *c, const eg_mention *m, size_t n);
size_t eg_cooc_documents(const eg_cooc *c);
size_t eg_cooc_truncated_windows(const eg_cooc *c);

/* ------------------------------------------------------------------ graph */
typedef struct eg_graph eg_graph;

typedef struct eg_graph_options {
    eg_window window;
    long min_weight, min_docs;
    const char *types;      /* comma list or NULL */
    unsigned long seed;     /* community detection seed */
} eg_graph_options;

/* Build the graph (igraph) with all attributes from the counts. */
int eg_graph_build(eg_graph **out, const eg_cooc *c, const eg_dict *d,
                   const eg_graph_options *o, eg_error *err);
void eg_graph_free(eg_graph *g);
size_t eg_graph_node_count(const eg_graph *g);
size_t eg_graph_edge_count(const eg_graph *g);
/* Number of igraph FINALLY stack entries (should be 0 between calls). */
int eg_graph_finally_depth(void);

/* Writers: format "graphml" or "dot".  Write to a stream (errors from the
 * stream are reported via ferror by the caller). */
int eg_graph_write(const eg_graph *g, const char *format, FILE *out);

/* ---------------------------------------------------------------- output */
/* Atomic output file: data go to a temporary file beside path; commit
 * renames it over path (after fsync), abort removes it.  path "-" = stdout.
 * A path that exists and is not a regular file (/dev/null, a FIFO) is
 * written in place (tmp stays NULL); a symbolic link keeps its target; a
 * replaced file keeps its permission bits.  The first write error's errno
 * is kept (eg_outfile_error) and commit reports it with the path. */
typedef struct eg_outsink eg_outsink;
typedef struct eg_outfile {
    FILE *fp;
    char *path;   /* owned: the file replaced (a link's target), NULL for stdout */
    char *tmp;    /* owned, NULL for stdout and in-place files */
    int fd;
    eg_outsink *sink;   /* owned: where fp's bytes go */
} eg_outfile;

int eg_outfile_open(eg_outfile *o, const char *path, eg_error *err);
int eg_outfile_commit(eg_outfile *o, eg_error *err);
void eg_outfile_abort(eg_outfile *o);
/* errno of the first failed write, or 0. */
int eg_outfile_error(const eg_outfile *o);

#endif
