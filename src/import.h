/*
 * import.h - dictionary importers (`entgraph dict import`): Wikidata (JSON
 * dump or SPARQL result), FollowTheMoney / OpenSanctions entities and CSV,
 * turned into native JSONL dictionaries.  Internal to entgraph (the CLI is
 * its one client), not part of the public API.
 *
 * The importer is pushed bytes (eg_importer_feed) one input at a time, so
 * the caller chooses where they come from (a file, a decompressor, memory)
 * and memory does not grow with the input: records are parsed one at a
 * time and written to a spool file the caller provides.  Only the ids seen
 * so far and the list of repeated ids stay in memory.  eg_importer_finish
 * then writes the dictionary from the spool in input order, each id once:
 * a repeated id adds its aliases (and list attributes) to the first record
 * with that id, the first record's other fields win.
 *
 * A bad record is a warning (source:line:col), handed to the warn callback,
 * and the import goes on; only I/O, memory and option errors fail it.
 */
#ifndef EG_IMPORT_H
#define EG_IMPORT_H
#include "internal.h"

typedef enum eg_import_from { EG_IMPORT_WIKIDATA, EG_IMPORT_FTM, EG_IMPORT_CSV } eg_import_from;

typedef struct eg_import_options {
    eg_import_from from;
    const char *langs;            /* wikidata: "en,ja" (default "en") */
    long min_sitelinks;           /* wikidata: keep entities with at least this many sitelinks */
    const char *type_map;         /* wikidata: a --type-map file's bytes (NUL-terminated), or NULL */
    const char *type_map_name;    /* its name, for errors */
    const char *types;            /* keep only these types ("person,organization"), or NULL */
    const char *default_type;     /* csv: rows without a type; wikidata: entities with no mapped P31 */
    const char *id_col, *name_col, *type_col, *alias_col;   /* csv: column names (NULL: defaults) */
    const char *alias_sep;        /* csv: separator inside the alias column (default "|") */
    /* Warnings (bad records): called with each one; may be NULL. */
    void (*warn)(void *ctx, const eg_error *w);
    void *warn_ctx;
} eg_import_options;

typedef struct eg_importer eg_importer;

/* Why records were not written (counted in the summary). */
enum {
    EG_ISKIP_BAD,          /* malformed record (a warning said where) */
    EG_ISKIP_NO_ID,        /* no id */
    EG_ISKIP_NO_NAME,      /* no name (in the languages asked for) */
    EG_ISKIP_NO_TYPE,      /* no type (no mapped P31, empty type column) */
    EG_ISKIP_SCHEMA,       /* FtM schema not imported (Vessel, Airplane, ...) */
    EG_ISKIP_NOT_ITEM,     /* Wikidata property or lexeme */
    EG_ISKIP_SITELINKS,    /* below --min-sitelinks */
    EG_ISKIP_TYPES,        /* type not in --types */
    EG_ISKIP_COUNT
};
const char *eg_import_skip_name(int reason);

typedef struct eg_import_stats {
    size_t records;                 /* records read (entities, rows, bindings) */
    size_t written;                 /* entities written */
    size_t merged;                  /* records merged into an earlier one with the same id */
    size_t skipped[EG_ISKIP_COUNT];
    size_t warnings;
} eg_import_stats;

/* A new importer writing its spool to `spool` (borrowed; an empty file
 * open for reading and writing, e.g. tmpfile()).  Bad options (an unknown
 * language list, a bad type map line, CSV options with another format) are
 * EG_EUSAGE / EG_EINPUT with a message. */
int eg_importer_new(eg_importer **out, const eg_import_options *o, FILE *spool, eg_error *err);
void eg_importer_free(eg_importer *im);
/* Start an input named `source` (for messages); feed its bytes in pieces
 * of any size; end it.  The errors are fatal ones (memory, the spool, a
 * CSV header without a required column). */
int eg_importer_begin(eg_importer *im, const char *source, eg_error *err);
int eg_importer_feed(eg_importer *im, const char *buf, size_t len, eg_error *err);
int eg_importer_end(eg_importer *im, eg_error *err);
/* Write the dictionary (native JSONL) to out. */
int eg_importer_finish(eg_importer *im, FILE *out, eg_error *err);
const eg_import_stats *eg_importer_stats(const eg_importer *im);

/* FtM / ISO country code (2-letter, 3-letter, ISO 3166-3 4-letter; any
 * case) to a country id of dicts/countries.jsonl ("country:RUS"), or NULL.
 * The table is generated at build time from dicts/countries.jsonl. */
const char *eg_country_id_for_code(const char *code, size_t len);

#endif
