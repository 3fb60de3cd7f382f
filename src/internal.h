/*
 * internal.h - definitions shared by the library's modules but not part of
 * the public interface: growable buffers, the string hash map, and the
 * dictionary's in-memory layout that the matcher and tagger walk.
 */
#ifndef EG_INTERNAL_H
#define EG_INTERNAL_H

#include "entgraph.h"
#include "testhooks.h"
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#define EG_NONE UINT32_MAX
#define EG_MAX_SPAN 1000000   /* the largest window span K */

/* The cache image format: bump on any change to its layout or to what is
 * derived at compile time (normalisation, the prefilter hash). */
#define EG_CACHE_MAGIC "EGDICT14"
/* Checksum of the library's code and word lists (generated per build, see
 * the Makefile): part of the cache key with the magic and the version. */
extern const char eg_build_id[];
/* The "case" values, indexed by eg_case_policy. */
extern const char *const eg_case_policy_names[3];

/* Character classes of normalised text (eg_norm.flags). */
enum { EG_CF_START = 1, EG_CF_WORD = 2, EG_CF_NOSPACE = 4 };

/* Population count.  Without -mpopcnt, __builtin_popcountll is a call into
 * libgcc; the branch-free bit trick is inline and as fast. */
static inline unsigned eg_popcount64(uint64_t x)
{
#if defined(__POPCNT__)
    return (unsigned)__builtin_popcountll(x);
#else
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
#endif
}

/* Word lists, data in dicts/lists/ compiled in at build time
 * (dicts/tools/gen-lists.sh), NULL-terminated: titles before people's names
 * (titles.txt), abbreviations that do not end a sentence
 * (abbreviations.txt), words that start one after a dotted acronym
 * (sentence-openers.txt). */
extern const char *const eg_person_titles[];
/* `entgraph suggest`'s cue lists (dicts/lists/, compiled in). */
extern const char *const eg_given_names[], *const eg_places[], *const eg_common_words[], *const eg_suggest_titles[],
    *const eg_org_heads[], *const eg_agency_heads[], *const eg_place_heads[], *const eg_speech_verbs[],
    *const eg_name_particles[], *const eg_calendar_words[], *const eg_state_abbreviations[], *const eg_place_prefixes[],
    *const eg_thing_heads[], *const eg_role_words[];
extern const char *const eg_sentence_abbreviations[];
extern const char *const eg_sentence_openers[];

/* ---- memory: every library allocation goes through these (fault
 * injection, testhooks.h); eg_free is public. */
void *eg_malloc(size_t n);
void *eg_calloc(size_t n, size_t size);
void *eg_realloc(void *p, size_t n);
char *eg_strndup(const char *s, size_t n);

/* ---- normalisation (normalize.c).  Normalised text with a map back to the
 * original bytes.  text[0..len) is UTF-8: NFKC compatibility-decomposed,
 * case folded, Latin/Greek/Cyrillic diacritics removed, apostrophes -> ',
 * dashes -> -, white space runs -> one space.  src[i] is the byte offset in
 * the original of the character that produced text[i]; src[len] is the
 * original length; flags[i] are EG_CF_* bits.  All three have 128 bytes of
 * slack after their end (word-at-a-time reads). */
typedef struct eg_norm {
    char *text;       /* owned */
    uint32_t *src;    /* owned, len + 1 entries */
    uint8_t *flags;   /* owned, len entries */
    size_t len;
    size_t cap;
    size_t invalid_at;   /* first invalid UTF-8 byte offset, or SIZE_MAX */
    size_t invalid_count;
    int ascii;           /* the input had no byte >= 0x80 */
    bool scalar;         /* no SIMD block path (the differential tests) */
} eg_norm;

void eg_norm_init(eg_norm *n);
void eg_norm_release(eg_norm *n);
/* Normalise buf[0..len) into n (reusing its buffers). */
int eg_norm_run(eg_norm *n, const char *buf, size_t len);
/* Normalise into a fresh NUL-terminated string, trimmed (for aliases). */
char *eg_norm_string(const char *s, size_t len, size_t *out_len);

/* Decode one UTF-8 character at s (n bytes available).  Returns its length
 * (1..4) and the code point in *cp; an invalid sequence returns 1 with
 * *cp = -1 (one bad byte, like Python's surrogateescape). */
int eg_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* ---- segmentation (segment.c): sentence and paragraph starts of a
 * document, as sorted byte offsets (the first is 0). */
typedef struct eg_segments {
    size_t *sent;  size_t nsent, capsent;   /* owned */
    size_t *para;  size_t npara, cappara;   /* owned */
    bool scalar;   /* no SIMD scan (the differential tests) */
} eg_segments;

void eg_segments_init(eg_segments *s);
void eg_segments_release(eg_segments *s);
int eg_segment(eg_segments *s, const char *buf, size_t len);
/* Token positions (the tokens:K window): a token is a run of letters, marks
 * and digits, joined across an apostrophe or hyphen between two of them;
 * each Han, Hiragana and Katakana character is a token of its own.  Every
 * mention (sorted by byte_start) is one position, whatever tokens it
 * overlaps; every other token is one.  pos[i]: mention i's position;
 * *units: the document's positions.  EG_EINPUT past 2^32 positions. */
int eg_token_positions(const char *text, size_t len, const eg_mention *m, size_t n, uint32_t *pos, size_t *units);

/* Set an error; returns code so callers can `return eg_fail(...)`. */
int eg_fail(eg_error *err, int code, const char *source, long line, long col,
            const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Grow *p (element size sz) so that it holds at least need elements. */
int eg_grow(void *pp, size_t *cap, size_t need, size_t sz);

/* ---- byte buffer */
typedef struct eg_buf {
    char *data;   /* owned, always NUL-terminated when non-NULL */
    size_t len, cap;
} eg_buf;
int eg_buf_put(eg_buf *b, const char *s, size_t n);
int eg_buf_puts(eg_buf *b, const char *s);
int eg_buf_putc(eg_buf *b, char c);
void eg_buf_release(eg_buf *b);

/* A string whose opening quote was consumed; decoded into out if not NULL. */

/* ---- string arena: many small strings, freed all at once */
typedef struct eg_chunk eg_chunk;
typedef struct eg_arena { eg_chunk *head; } eg_arena;
char *eg_arena_strndup(eg_arena *a, const char *s, size_t n);
void eg_arena_release(eg_arena *a);

/* ---- string -> uint32 hash map (keys are copied) */
typedef struct eg_strmap {
    char **keys;
    uint32_t *vals;
    uint64_t *hashes;
    size_t cap, count;
} eg_strmap;
void eg_strmap_release(eg_strmap *m);
/* Returns a pointer to the value slot, or NULL if absent. */
uint32_t *eg_strmap_get(const eg_strmap *m, const char *key, size_t len);
/* Insert or find; *created tells which.  Returns NULL on allocation failure. */
uint32_t *eg_strmap_put(eg_strmap *m, const char *key, size_t len, bool *created);
uint64_t eg_hash_bytes(const char *s, size_t n);

/* ---- dictionary layout */
typedef struct eg_entity {
    char *id, *label, *type, *subtype;   /* owned */
    char *country;                       /* attrs.country id, owned or NULL */
    char *given, *family;                /* person name parts, owned or NULL */
    uint32_t country_ent;                /* index of country entity or EG_NONE */
    bool person;                         /* type "person": titles are looked for */
    bool order_family_first;             /* attrs.order == "family-first" */
    bool blocker;                        /* type starts with '_': matched, never reported */
    bool dropped;                        /* switched off by a later {"id", "drop": true} */
    bool provisional;                    /* "provisional": true (an --unknown candidate) */
    uint8_t policy;                      /* the entity's default case policy (for extensions) */
    int32_t valid_from, valid_to;        /* days the entity exists, EG_NO_DAY: open */
    int priority;
    uint32_t source;                     /* index into sources */
    long line;
} eg_entity;

typedef struct eg_alias {
    char *text;          /* original surface, owned */
    uint32_t entity;
    uint32_t next;       /* next alias with the same normalised key */
    uint8_t kind;        /* eg_alias_kind */
    uint8_t policy;      /* eg_case_policy, resolved (acronyms -> exact) */
    uint8_t nwords;      /* words, for the smart case check (<= 64 tracked) */
    uint8_t guarded;     /* an ordinary word too (guard list): needs context */
    uint8_t initial;     /* generated "G. Family": not inside a longer name */
    uint8_t title_words; /* the alias starts with a title ("President Kennedy") */
    uint64_t capmask;    /* bit i: word i starts with a capital */
    int32_t valid_from, valid_to;   /* days the alias names the entity, EG_NO_DAY: open */
} eg_alias;

/* Is an alias valid for a document of this day?  Within its own range and
 * its entity's; an undated document (EG_NO_DAY) takes the current sense:
 * what has no end. */
static inline bool eg_valid_on(int32_t from, int32_t to, int32_t day)
{
    if (day == EG_NO_DAY) return to == EG_NO_DAY;
    return (from == EG_NO_DAY || day >= from) && (to == EG_NO_DAY || day <= to);
}

#include "matcher.h"

struct eg_dict {
    eg_arena strings;     /* entity and alias strings */
    eg_entity *ents;  size_t nents, capents;
    eg_alias *aliases; size_t naliases, capaliases;
    char **sources;   size_t nsources, capsources;
    eg_strmap ids;
    eg_strmap guards;     /* normalised guard words ({"guard": [...]} lines) */
    eg_trie trie;
    bool compiled;
    bool generated;       /* generated aliases made (no more loading after that) */
    bool no_fast_paths;   /* eg_dict_no_fast_paths: scalar normaliser, no first-token table */
    void *blob;           /* owned: the cache file the strings and trie live in, or NULL */
    size_t shared_keys;   /* keys mapping to more than one entity */
    eg_error *warnings; size_t nwarnings, capwarnings;   /* owned: for `dict check` */
};

int eg_trie_build(eg_dict *d, eg_error *err);

/* ---- dictionary loading (dict.c), shared by the format readers
 * (dict_jsonl.c, dict_tsv.c).  A reader parses one record into an
 * eg_entity_rec (strings borrowed from its scratch buffers, positions as
 * byte offsets into the line so columns are computed only for errors) and
 * eg_dict_commit applies it: a new entity, an extension of one defined in
 * an earlier source (aliases added, fields and attrs replaced), or a drop. */
typedef struct eg_alias_rec {
    const char *text; size_t len;
    uint8_t kind;          /* eg_alias_kind */
    int8_t policy;         /* eg_case_policy, or -1 for the entity's */
    size_t off;            /* of the alias in the line */
    int32_t valid_from, valid_to;   /* days, or EG_NO_DAY: open */
} eg_alias_rec;

typedef struct eg_entity_rec {
    const char *line; size_t linelen; long lineno;
    const char *id; size_t id_off;             /* id NULL: missing */
    const char *name; size_t name_off;         /* NULL: not given */
    const char *type; size_t type_off;
    const char *subtype;
    int8_t policy;                             /* -1: not given */
    bool has_priority; int priority;
    const char *country, *given, *family, *order;   /* attrs, NULL: not given */
    bool drop; size_t drop_off;
    bool provisional;
    int32_t valid_from, valid_to;              /* EG_NO_DAY: not given */
    const eg_alias_rec *aliases; size_t naliases;
} eg_entity_rec;

/* Register a source name; its index in *source. */
int eg_dict_add_source(eg_dict *d, const char *name, uint32_t *source, eg_error *err);
int eg_dict_commit(eg_dict *d, uint32_t source, const eg_entity_rec *r, eg_error *err);
/* Where a value sits, for errors: the column is computed only when one is
 * reported (line NULL: column 1). */
typedef struct eg_where { const char *line; size_t off; long lineno; } eg_where;
/* One more alias of entity ent (validated: not blank, valid UTF-8, with a
 * letter or digit). */
int eg_dict_add_alias(eg_dict *d, uint32_t ent, const char *text, size_t len, eg_alias_kind kind,
                      eg_case_policy policy, uint32_t source, eg_where w, eg_error *err);
/* The validity of the alias just added. */
void eg_dict_last_alias_valid(eg_dict *d, int32_t from, int32_t to);
/* A word of a guard list ({"guard": [...]}). */
int eg_dict_add_guard(eg_dict *d, const char *word, size_t len, eg_error *err);
/* The entity with this id, or EG_NONE. */
uint32_t eg_dict_find(const eg_dict *d, const char *id);
/* A warning for `dict check` (loading goes on). */
int eg_dict_warn(eg_dict *d, const char *source, long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Column (1-based, code points) of byte offset off in line. */
long eg_col_at(const char *line, size_t off);
/* Readers of one buffer in one format. */
int eg_dict_read_jsonl(eg_dict *d, uint32_t source, const char *name, const char *buf, size_t len, eg_error *err);
int eg_dict_read_tsv(eg_dict *d, uint32_t source, const char *name, const char *buf, size_t len, eg_error *err);

/* A 64-bit hash of a buffer (4 lanes of multiply-rotate, xxHash-like
 * structure): for checksums of dictionary sources and cache files. */
uint64_t eg_hash64(const void *p, size_t n, uint64_t seed);


/* Unicode helpers shared by the normaliser, the case checker and the
 * segmenter. */
bool eg_cp_is_word(int32_t cp);
bool eg_cp_is_nospace_script(int32_t cp);
bool eg_cp_is_upper(int32_t cp);
bool eg_cp_is_lower(int32_t cp);
bool eg_cp_is_space(int32_t cp);
bool eg_cp_is_dropped_mark(int32_t cp);
bool eg_cp_is_alnum(int32_t cp);   /* a letter or a digit */

/* Case shape of a string: number of words, bitmask of capitalised word
 * starts, whether it has lowercase / uppercase letters. */
typedef struct eg_case_shape {
    unsigned nwords;
    uint64_t capmask;
    bool has_lower, has_upper;
} eg_case_shape;
void eg_case_shape_of(const char *s, size_t n, eg_case_shape *out);
/* Exact case agreement letter by letter between two strings whose
 * normalised forms are equal. */
bool eg_case_exact_equal(const char *a, size_t an, const char *b, size_t bn);
/* Does alias a pass its case policy on the text span[0..n) of shape sh?
 * The one case rule: the tagger, `dict lookup` and the prefilter's
 * lower-case set (matcher.c) follow it. */
static inline bool eg_alias_case_ok(const eg_alias *a, const char *span, size_t n, const eg_case_shape *sh)
{
    switch (a->policy) {
    case EG_CASE_INSENSITIVE: return true;
    case EG_CASE_EXACT: return eg_case_exact_equal(a->text, strlen(a->text), span, n);
    default:
        if (!sh->has_lower) return true;       /* all capitals (or uncased) */
        return (a->capmask & ~sh->capmask) == 0;
    }
}

#endif
