/* tag_helper.h - build a dictionary from JSONL text and describe a
 * document's mentions compactly: "surface=id@byte_start" joined by "|". */
#ifndef EG_TAG_HELPER_H
#define EG_TAG_HELPER_H
#include "entgraph.h"
#include <stdlib.h>
#include <string.h>

static inline eg_dict *mkdict(const char *jsonl)
{
    eg_dict *d = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    if (eg_dict_load_buffer(d, "test.jsonl", "jsonl", jsonl, strlen(jsonl), &err) || eg_dict_compile(d, &err)) {
        char buf[1200];
        printf("# dict error: %s\n", eg_error_format(&err, buf, sizeof buf));
        eg_dict_free(d);
        return NULL;
    }
    return d;
}

static char describe_buf[8192];

static inline const char *tag_opts(const eg_dict *d, const char *text, const eg_tag_options *o)
{
    eg_tagger *t = NULL;
    eg_tagger_new(&t, d, o);
    const eg_mention *m;
    size_t n, bad;
    describe_buf[0] = 0;
    if (!t || eg_tagger_run(t, text, strlen(text), &m, &n, &bad)) { eg_tagger_free(t); return "(error)"; }
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(describe_buf + len, sizeof describe_buf - len, "%s%.*s=%s%s@%zu",
                                i ? "|" : "", (int)(m[i].byte_end - m[i].byte_start), text + m[i].byte_start,
                                m[i].ambiguous ? "?" : "", eg_dict_entity_id(d, m[i].entity), m[i].byte_start);
        if (len >= sizeof describe_buf) break;
    }
    eg_tagger_free(t);
    return describe_buf;
}

static inline const char *tag(const eg_dict *d, const char *text) { return tag_opts(d, text, NULL); }
#endif
