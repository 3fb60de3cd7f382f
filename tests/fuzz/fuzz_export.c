/* fuzz_export.c - libFuzzer harness for the GraphML and DOT writers with
 * arbitrary entity ids, labels, types and dictionary names.
 *
 * Input: a flag byte, then NUL-separated records; record 0 is the
 * dictionary (source) name, the others "id \x1f label \x1f type".  Flag
 * bit 0 set: the entities go through the JSONL loader (strings escaped as
 * JSON, so anything valid UTF-8, control characters included); clear, or
 * when the loader refuses them: a dictionary of placeholder entities whose
 * strings are then replaced by the raw bytes (invalid UTF-8 too).  A text
 * mentions every entity in one sentence, so the graph is complete; it is
 * built with eg_graph_build and written in both formats to memory.
 * Checks: libxml2 parses the GraphML (well-formed) with one <node> per node
 * and one <edge> per edge; the DOT passes a lexer that requires every ID
 * and value to be quoted, no raw control character, invalid UTF-8 or bare
 * '&' (Graphviz decodes entities) inside quotes, comments on one line,
 * quotes and braces balanced.
 * EG_FUZZ_DUMP=DIR also saves both outputs there (corpus replay with dot). */
#include "fuzz_common.h"
#include "internal.h"
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_ENTS 12

typedef struct field { const char *s; size_t n; } field;

static void xml_silent(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

static void json_esc(eg_buf *b, const char *s, size_t n)
{
    eg_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            eg_buf_puts(b, e);
        } else {
            eg_buf_putc(b, (char)c);
        }
    }
    eg_buf_putc(b, '"');
}

static void count_elems(xmlNode *n, size_t *nodes, size_t *edges)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            if (!strcmp((const char *)n->name, "node")) ++*nodes;
            if (!strcmp((const char *)n->name, "edge")) ++*edges;
        }
        count_elems(n->children, nodes, edges);
    }
}

static void check_graphml(const char *buf, size_t len, size_t nn, size_t ne)
{
    xmlDoc *doc = xmlReadMemory(buf, (int)len, "fuzz.graphml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) fwrite(buf, 1, len, stderr);
    FUZZ_CHECK(doc, "GraphML is not well-formed XML");
    size_t nodes = 0, edges = 0;
    count_elems(xmlDocGetRootElement(doc), &nodes, &edges);
    xmlFreeDoc(doc);
    FUZZ_CHECK(nodes == nn && edges == ne, "GraphML has %zu nodes and %zu edges, expected %zu and %zu", nodes, edges, nn, ne);
}

/* Every numeric node and edge value of a GraphML file is a finite number. */
static void check_data(xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "data")) {
            xmlChar *key = xmlGetProp(n, (const xmlChar *)"key");
            const char *k = (const char *)key;
            bool text = !k || k[0] == 'g' || !strcmp(k + 1, "_label") || !strcmp(k + 1, "_entity_type") ||
                        !strcmp(k + 1, "_doc_ids") || strstr(k, "_seen");
            if (!text) {
                xmlChar *v = xmlNodeGetContent(n);
                char *e;
                double x = strtod((const char *)v, &e);
                FUZZ_CHECK(v && *v && !*e && isfinite(x), "%s is not a finite number: '%s'", k, (const char *)v);
                xmlFree(v);
            }
            xmlFree(key);
        }
        check_data(n->children);
    }
}

static void check_numbers(const char *buf, size_t len)
{
    xmlDoc *doc = xmlReadMemory(buf, (int)len, "fuzz.graphml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    FUZZ_CHECK(doc, "GraphML is not well-formed XML");
    check_data(xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
}

static void check_xml(const char *buf, size_t len)
{
    xmlDoc *doc = xmlReadMemory(buf, (int)len, "fuzz.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    FUZZ_CHECK(doc, "SVG is not well-formed XML");
    xmlFreeDoc(doc);
}

/* graphology JSON / Cytoscape.js JSON: valid JSON (jansson), nn nodes and ne edges. */
static void check_json(const char *buf, size_t len, bool cy, size_t nn, size_t ne)
{
    json_error_t je;
    json_t *j = json_loadb(buf, len, 0, &je);
    FUZZ_CHECK(j, "%s JSON does not parse: %s (line %d)", cy ? "Cytoscape" : "graphology", je.text, je.line);
    json_t *root = cy ? json_object_get(j, "elements") : j;
    json_t *nodes = json_object_get(root, "nodes"), *edges = json_object_get(root, "edges");
    FUZZ_CHECK(json_array_size(nodes) == nn && json_array_size(edges) == ne, "JSON has %zu nodes and %zu edges, expected %zu and %zu",
               json_array_size(nodes), json_array_size(edges), nn, ne);
    json_decref(j);
}

/* RFC 4180: records end in CRLF outside quotes; every quote inside a
 * quoted field is doubled; valid UTF-8. */
static void check_csv(const char *buf, size_t len, size_t records)
{
    size_t n = 0;
    bool quoted = false, field_start = true;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < len && buf[i + 1] == '"') { i++; continue; }
                quoted = false;
                FUZZ_CHECK(i + 1 >= len || buf[i + 1] == ',' || buf[i + 1] == '\r', "CSV: text after a closing quote at %zu", i);
            }
            continue;
        }
        if (c == '"') { FUZZ_CHECK(field_start, "CSV: a quote inside an unquoted field at %zu", i); quoted = true; continue; }
        FUZZ_CHECK(c != '\n' || (i && buf[i - 1] == '\r'), "CSV: a bare LF outside quotes at %zu", i);
        field_start = c == ',' || c == '\n';
        if (c == '\n') n++;
    }
    FUZZ_CHECK(!quoted && n == records, "CSV: %zu records, expected %zu", n, records);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        int k = eg_utf8_decode((const unsigned char *)buf + i, len - i, &cp);
        FUZZ_CHECK(cp >= 0, "CSV: invalid UTF-8 at %zu", i);
        i += (size_t)k;
    }
}

/* Pajek: "*Vertices nn", nn quoted names without a quote inside, "*Edges", ne lines. */
static void check_pajek(const char *buf, size_t len, size_t nn, size_t ne)
{
    char head[64];
    snprintf(head, sizeof head, "*Vertices %zu\r\n", nn);
    FUZZ_CHECK(len >= strlen(head) && !memcmp(buf, head, strlen(head)), "Pajek: bad header");
    size_t lines = 0, quotes = 0;
    const char *e = memmem(buf, len, "*Edges\r\n", 8);
    FUZZ_CHECK(e, "Pajek: no *Edges");
    for (const char *p = buf; p < e; p++) { lines += *p == '\n'; quotes += *p == '"'; }
    FUZZ_CHECK(lines == nn + 1 && quotes == 2 * nn, "Pajek: %zu vertex lines and %zu quotes for %zu vertices", lines - 1, quotes, nn);
    size_t el = 0;
    for (const char *p = e + 8; p < buf + len; p++) el += *p == '\n';
    FUZZ_CHECK(el == ne, "Pajek: %zu edge lines, expected %zu", el, ne);
}

static bool is_ident(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/* The DOT lexer: outside quotes only keywords, attribute names (followed by
 * '='), punctuation and space; inside quotes valid UTF-8 without control
 * characters, escapes only \\ \" \n. */
static void check_dot(const char *buf, size_t len, size_t nn, size_t ne)
{
    const unsigned char *s = (const unsigned char *)buf;
    int depth = 0;
    size_t stmts_node = 0, stmts_edge = 0, strings = 0;
    bool at_line_start = true;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (at_line_start && i + 1 < len && c == '/' && s[i + 1] == '/') {
            const unsigned char *nl = memchr(s + i, '\n', len - i);
            FUZZ_CHECK(nl, "comment without a line end");
            for (size_t j = i; j < (size_t)(nl - s); j++) {
                FUZZ_CHECK(s[j] >= 0x20 && s[j] != 0x7f, "control character 0x%02x in a comment", s[j]);
                int32_t cp;
                int k = eg_utf8_decode(s + j, (size_t)(nl - s) - j, &cp);
                FUZZ_CHECK(cp >= 0 && cp != 0x2028 && cp != 0x2029 && cp != 0x85, "bad character in a comment at %zu", j);
                j += (size_t)k - 1;
            }
            i = (size_t)(nl - s) + 1;
            continue;
        }
        at_line_start = false;
        if (c == '\n') { at_line_start = true; i++; continue; }
        if (c == ' ') { i++; continue; }
        if (c == '"') {
            strings++;
            i++;
            for (;;) {
                FUZZ_CHECK(i < len, "unterminated string");
                if (s[i] == '"') { i++; break; }
                if (s[i] == '\\') {
                    FUZZ_CHECK(i + 1 < len && (s[i + 1] == '\\' || s[i + 1] == '"' || s[i + 1] == 'n'),
                               "unexpected escape at %zu", i);
                    i += 2;
                    continue;
                }
                /* Graphviz decodes entities: a literal '&' must be "&amp;" */
                FUZZ_CHECK(s[i] != '&' || (len - i >= 5 && !memcmp(s + i, "&amp;", 5)), "raw '&' in a string at %zu", i);
                int32_t cp;
                int k = eg_utf8_decode(s + i, len - i, &cp);
                FUZZ_CHECK(cp >= 0x20 && cp != 0x7f, "raw control or invalid byte 0x%02x in a string at %zu", s[i], i);
                i += (size_t)k;
            }
            continue;
        }
        if (c == '{' || c == '[') { depth++; i++; continue; }
        if (c == '}' || c == ']') { depth--; FUZZ_CHECK(depth >= 0, "unbalanced %c", c); i++; continue; }
        if (c == ';' || c == ',' || c == '=') { i++; continue; }
        if (c == '-' && i + 1 < len && s[i + 1] == '-') { stmts_edge++; i += 2; continue; }
        FUZZ_CHECK(is_ident(c), "unexpected byte 0x%02x outside quotes at %zu", c, i);
        size_t j = i;
        while (j < len && is_ident(s[j])) j++;
        size_t l = j - i;
        bool kw = (l == 5 && !memcmp(s + i, "graph", 5)) || (l == 4 && !memcmp(s + i, "node", 4)) ||
                  (l == 4 && !memcmp(s + i, "edge", 4));
        FUZZ_CHECK(kw || (j < len && s[j] == '='), "unquoted ID '%.*s' at %zu", (int)l, buf + i, i);
        if (!kw && l == 5 && !memcmp(s + i, "label", 5)) stmts_node++;
        i = j;
    }
    FUZZ_CHECK(depth == 0, "unbalanced braces");
    FUZZ_CHECK(stmts_node == nn && stmts_edge == ne, "DOT has %zu labelled nodes and %zu edges, expected %zu and %zu",
               stmts_node, stmts_edge, nn, ne);
    (void)strings;
}

/* One file per format per input: DIR/PID-RUN.EXT */
static void dump(unsigned run, const char *ext, const char *buf, size_t len)
{
    const char *dir = getenv("EG_FUZZ_DUMP");
    if (!dir) return;
    char p[4096];
    snprintf(p, sizeof p, "%s/%d-%u.%s", dir, (int)getpid(), run, ext);
    FILE *f = fopen(p, "wb");
    if (f) { fwrite(buf, 1, len, f); fclose(f); }
}

/* Placeholders, then the raw strings. */
static eg_dict *raw_dict(const field *src, const field (*ents)[3], size_t n)
{
    eg_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        char line[128];
        snprintf(line, sizeof line, "{\"id\":\"e%zu\",\"name\":\"Zqx%zu\",\"type\":\"t\"}\n", i, i);
        eg_buf_puts(&b, line);
    }
    eg_dict *d = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    char *name = eg_strndup(src->s, src->n);
    if (!d || !name || eg_dict_load_buffer(d, name, "jsonl", b.data ? b.data : "", b.len, &err)) abort();
    eg_free(name);
    eg_buf_release(&b);
    for (size_t i = 0; i < n; i++) {
        /* the dictionary's string arena owns the replacements */
        eg_entity *e = &d->ents[i];
        e->id = eg_arena_strndup(&d->strings, ents[i][0].s, ents[i][0].n);
        e->label = eg_arena_strndup(&d->strings, ents[i][1].s, ents[i][1].n);
        e->type = eg_arena_strndup(&d->strings, ents[i][2].s, ents[i][2].n);
        if (!e->id || !e->label || !e->type) abort();
    }
    return d;
}

static eg_dict *loaded_dict(const field *src, const field (*ents)[3], size_t n)
{
    eg_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        eg_buf_puts(&b, "{\"id\":");
        json_esc(&b, ents[i][0].s, ents[i][0].n);
        eg_buf_puts(&b, ",\"name\":");
        json_esc(&b, ents[i][1].s, ents[i][1].n);
        eg_buf_puts(&b, ",\"type\":");
        json_esc(&b, ents[i][2].s, ents[i][2].n);
        char al[64];
        snprintf(al, sizeof al, ",\"aliases\":[\"Zqx%zu\"]}\n", i);
        eg_buf_puts(&b, al);
    }
    eg_dict *d = eg_dict_new();
    eg_error err;
    eg_error_clear(&err);
    char *name = eg_strndup(src->s, src->n);
    if (!d || !name) abort();
    int rc = eg_dict_load_buffer(d, name, "jsonl", b.data ? b.data : "", b.len, &err);
    if (!rc) rc = eg_dict_compile(d, &err);
    eg_free(name);
    eg_buf_release(&b);
    if (rc) { eg_dict_free(d); return NULL; }
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    if (!init) { xmlInitParser(); xmlSetGenericErrorFunc(NULL, xml_silent); init = true; }
    if (size < 1) return 0;
    unsigned flags = data[0];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    field src = { "", 0 };
    field ents[MAX_ENTS][3];
    size_t n = 0;
    for (int rec = 0; p <= end && n < MAX_ENTS; rec++) {
        const char *z = memchr(p, 0, (size_t)(end - p));
        const char *re = z ? z : end;
        if (rec == 0) { src.s = p; src.n = (size_t)(re - p); }
        else {
            const char *q = p;
            for (int f = 0; f < 3; f++) {
                const char *us = f < 2 ? memchr(q, 0x1f, (size_t)(re - q)) : NULL;
                const char *fe = us ? us : re;
                ents[n][f].s = q;
                ents[n][f].n = (size_t)(fe - q);
                q = us ? us + 1 : re;
            }
            if (!ents[n][2].n) { ents[n][2].s = "t"; ents[n][2].n = 1; }   /* types are never empty */
            if (!ents[n][0].n) { ents[n][0].s = "id"; ents[n][0].n = 2; }  /* nor ids */
            n++;
        }
        if (!z) break;
        p = z + 1;
    }
    eg_dict *d = (flags & 1) ? loaded_dict(&src, (const field (*)[3])ents, n) : NULL;
    if (!d) d = raw_dict(&src, (const field (*)[3])ents, n);
    eg_error err;
    eg_error_clear(&err);
    if (eg_dict_compile(d, &err)) abort();   /* placeholders always compile */

    /* a text that mentions every entity through its Zqx alias, one sentence */
    char text[MAX_ENTS * 8 + 8];
    size_t tl = 0;
    for (size_t i = 0; i < eg_dict_entity_count(d); i++) tl += (size_t)snprintf(text + tl, sizeof text - tl, "Zqx%zu ", i);
    /* the analysis options: from a hash of the input, so every input
     * tries one combination of window, measure, filters, communities and
     * layout */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 16777619u;
    eg_window win = (eg_window)((flags >> 1) % 4);
    size_t span = win == EG_WIN_DOCUMENT ? 0 : win == EG_WIN_TOKENS ? 1 + h % 4 : h % 3;
    eg_tagger *tg = NULL;
    eg_tagger_new(&tg, d, NULL);
    eg_cooc *c = eg_cooc_new(eg_dict_entity_count(d), win, 1000);
    const eg_mention *m;
    size_t nm, bad;
    eg_document doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "fuzz";
    doc.text = text;
    doc.len = tl;
    doc.day = EG_NO_DAY;
    if (!tg || !c || eg_cooc_set_span(c, span) || eg_tagger_run(tg, text, tl, &m, &nm, &bad) ||
        eg_cooc_add_doc(c, &doc, NULL, m, nm)) abort();
    eg_graph_options go;
    eg_graph_options_default(&go);
    char types[64];
    if ((flags & 8) && n) { snprintf(types, sizeof types, "%s,%s", eg_dict_entity_type(d, 0), "t"); go.types = types; }
    go.measure = (eg_measure)((h >> 4) % EG_MEASURE_N);
    go.all_measures = (h >> 8) & 1;
    go.backbone = (h >> 9) & 1 ? 0.5 : 0;
    go.top_k = (h >> 10) & 1 ? 2 : 0;
    go.top_edges = (h >> 11) & 1 ? 5 : 0;
    go.keep_isolates = (h >> 12) & 1;
    go.community = (eg_community)((h >> 13) % 3);
    /* DrL is left to tests/checks/layout.sh: its density grid costs about
     * 0.7 s and 650 MB whatever the graph */
    go.layout = (h >> 15) & 1 ? EG_LAYOUT_FR : EG_LAYOUT_NONE;
    go.resolution = (h >> 17) & 1 ? 0.5 : 1.0;
    go.betweenness = 1;
    eg_graph *g;
    FUZZ_CHECK(eg_graph_build(&g, c, d, &go, &err) == 0, "graph: %s", err.text);
    FUZZ_CHECK(eg_graph_finally_depth() == 0, "igraph FINALLY stack not empty");
    size_t nn = eg_graph_node_count(g), ne = eg_graph_edge_count(g);
    static unsigned run;
    run++;
    static const eg_format fmts[] = { EG_FORMAT_GRAPHML, EG_FORMAT_DOT, EG_FORMAT_GEXF, EG_FORMAT_JSON, EG_FORMAT_CYJS,
                                      EG_FORMAT_CSV_NODES, EG_FORMAT_CSV_EDGES, EG_FORMAT_PAJEK, EG_FORMAT_SVG };
    for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *ms = open_memstream(&buf, &len);
        if (!ms) abort();
        FUZZ_CHECK(eg_graph_write(g, fmts[f], ms) == 0, "write failed");
        if (fclose(ms)) abort();
        dump(run, eg_format_name(fmts[f]), buf, len);
        switch (fmts[f]) {
        case EG_FORMAT_DOT: check_dot(buf, len, nn, ne); break;
        case EG_FORMAT_GRAPHML: case EG_FORMAT_GEXF: check_graphml(buf, len, nn, ne); break;   /* GEXF: well-formed, counted too */
        case EG_FORMAT_JSON: case EG_FORMAT_CYJS: check_json(buf, len, fmts[f] == EG_FORMAT_CYJS, nn, ne); break;
        case EG_FORMAT_CSV_NODES: check_csv(buf, len, nn + 1); break;
        case EG_FORMAT_CSV_EDGES: check_csv(buf, len, ne + 1); break;
        case EG_FORMAT_PAJEK: check_pajek(buf, len, nn, ne); break;
        default: check_xml(buf, len); break;
        }
        if (fmts[f] == EG_FORMAT_GRAPHML) check_numbers(buf, len);
        free(buf);
    }
    eg_graph_free(g);
    eg_cooc_free(c);
    eg_tagger_free(tg);
    eg_dict_free(d);
    return 0;
}
