/*
 * report.c - the HTML report: one self-contained file (no network, no
 * external file; inline CSS, SVG and a few lines of script) a journalist
 * can open or mail.  It holds the run summary; the graph drawn by
 * export_svg.c (hover titles); a sortable table of the entities (mentions,
 * documents, degree, community) with links to their mentions; the
 * strongest edges with the evidence behind them; and the first documents
 * of the run, each mention highlighted in its type's colour with its
 * canonical name and how it was found on hover (displaCy-style).
 *
 * Documents are kept as they come (eg_report_add copies the first
 * max_docs: text, id, title, date and mentions), so memory is bounded by
 * what the report shows, not by the corpus.  Text between mentions is
 * written exactly by byte offsets, HTML-escaped and made valid UTF-8.
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_EDGES 50        /* strongest edges listed */
#define REPORT_LINKS 20        /* mention links per entity */

typedef struct rmention {
    size_t start, end;         /* bytes */
    uint32_t entity;
    eg_alias_kind via;
    eg_how how;
    bool ambiguous;
    uint32_t cand, ncand;      /* in eg_report.cands */
} rmention;

typedef struct rdoc {
    char *id, *title, *date, *url, *text;
    size_t len;
    rmention *m;
    size_t nm;
} rdoc;

struct eg_report {
    const eg_dict *d;
    size_t max_docs;
    rdoc *docs;
    size_t ndocs;
    uint32_t *cands;
    size_t ncands, capcands;
    size_t seen_docs, seen_mentions, seen_ambiguous;
};

eg_report *eg_report_new(const eg_dict *d, size_t max_docs)
{
    eg_report *r = eg_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->d = d;
    r->max_docs = max_docs;
    r->docs = eg_calloc(max_docs ? max_docs : 1, sizeof *r->docs);
    if (!r->docs) { eg_free(r); return NULL; }
    return r;
}

void eg_report_free(eg_report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->ndocs; i++) {
        rdoc *x = &r->docs[i];
        eg_free(x->id); eg_free(x->title); eg_free(x->date); eg_free(x->url); eg_free(x->text); eg_free(x->m);
    }
    eg_free(r->docs);
    eg_free(r->cands);
    eg_free(r);
}

static char *dup_or_null(const char *s) { return s ? eg_strndup(s, strlen(s)) : NULL; }

int eg_report_add(eg_report *r, const eg_document *doc, const eg_mention *m, size_t n)
{
    r->seen_docs++;
    r->seen_mentions += n;
    for (size_t i = 0; i < n; i++) r->seen_ambiguous += m[i].ambiguous != 0;
    if (r->ndocs >= r->max_docs || !doc) return 0;
    rdoc *x = &r->docs[r->ndocs];
    memset(x, 0, sizeof *x);
    x->id = dup_or_null(doc->id ? doc->id : "");
    x->title = dup_or_null(doc->title);
    x->url = dup_or_null(doc->url);
    if (doc->day != EG_NO_DAY) {
        char b[11];
        eg_day_format(doc->day, b);
        x->date = dup_or_null(b);
    } else {
        x->date = dup_or_null(doc->date);
    }
    x->text = eg_malloc(doc->len + 1);
    x->m = eg_malloc((n ? n : 1) * sizeof *x->m);
    if (!x->id || !x->text || !x->m || (doc->title && !x->title) || (doc->url && !x->url)) goto nomem;
    memcpy(x->text, doc->text, doc->len);
    x->text[doc->len] = 0;
    x->len = doc->len;
    for (size_t i = 0; i < n; i++) {
        rmention *y = &x->m[i];
        y->start = m[i].byte_start;
        y->end = m[i].byte_end;
        y->entity = m[i].entity;
        y->via = m[i].via;
        y->how = m[i].how;
        y->ambiguous = m[i].ambiguous != 0;
        y->cand = (uint32_t)r->ncands;
        y->ncand = m[i].ambiguous ? m[i].ncand : 0;
        if (y->ncand) {
            if (eg_grow(&r->cands, &r->capcands, r->ncands + y->ncand, sizeof *r->cands)) goto nomem;
            memcpy(r->cands + r->ncands, m[i].cand, y->ncand * sizeof *r->cands);
            r->ncands += y->ncand;
        }
    }
    x->nm = n;
    r->ndocs++;
    return 0;
nomem:
    eg_free(x->id); eg_free(x->title); eg_free(x->date); eg_free(x->url); eg_free(x->text); eg_free(x->m);
    memset(x, 0, sizeof *x);
    return EG_ENOMEM;
}

static void h(FILE *f, const char *s) { if (s) eg_xml_escape(f, s, strlen(s)); }

static void color(const char *type, char out[8])
{
    int r, g, b;
    eg_type_color(type, &r, &g, &b);
    snprintf(out, 8, "#%02x%02x%02x", r & 255, g & 255, b & 255);
}

/* An entity's colour: its type's, or the provisional (--unknown) one. */
static void ecolor(const eg_entity *e, char out[8])
{
    int r, g, b;
    eg_entity_color(e, &r, &g, &b);
    snprintf(out, 8, "#%02x%02x%02x", r & 255, g & 255, b & 255);
}

static const char style[] =
"body{font:15px/1.5 Helvetica,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:0 1em;color:#222}"
"h1{margin:.6em 0 .2em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}"
".summary{color:#444}.legend span{display:inline-block;margin-right:1.2em}"
".sw{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.3em;vertical-align:middle}"
"#graph svg{max-width:100%;height:auto;border:1px solid #eee}"
"table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:.25em .5em;"
"border-bottom:1px solid #eee;vertical-align:top}th{cursor:pointer;background:#f6f6f6;position:sticky;top:0}"
"td.n,th.n{text-align:right}td small{color:#777}.links a{margin-right:.3em;font-size:12px}"
".snip{color:#444;font-size:13px}article{border-top:1px solid #ddd;padding:.5em 0}"
".meta{color:#666;font-size:13px}.text{white-space:pre-wrap}"
"mark{background:none;border-bottom:3px solid;padding:0 1px;border-radius:2px}"
"mark.amb{border-bottom-style:dashed;border-color:#999}mark:target{outline:2px solid #000}";

/* Click a column head to sort by it (numbers as numbers); again to reverse. */
static const char script[] =
"document.querySelectorAll('table.sortable').forEach(function(t){"
"t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){"
"var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),num=th.classList.contains('n'),"
"dir=th.dataset.dir==='a'?-1:1;th.dataset.dir=dir===1?'a':'d';"
"rows.sort(function(x,y){var p=x.cells[i].dataset.v||x.cells[i].textContent,q=y.cells[i].dataset.v||y.cells[i].textContent;"
"return dir*(num?(parseFloat(p)-parseFloat(q)):p.localeCompare(q));});"
"rows.forEach(function(r){b.appendChild(r);});});});});";

/* Edges by weight, strongest first (ties by position: source, target). */
typedef struct eref { double w; size_t i; } eref;
static int cmp_eref(const void *a, const void *b)
{
    const eref *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int eg_report_write(const eg_report *r, const eg_graph *g, const eg_cooc *c, FILE *f)
{
    const eg_dict *d = r->d;
    char col[8];
    /* per graph node: its mentions in the shown documents (for links) */
    size_t nent = d->nents;
    uint32_t *node_of = eg_malloc((nent ? nent : 1) * sizeof *node_of);
    eref *er = eg_malloc((g->ne ? g->ne : 1) * sizeof *er);
    if (!node_of || !er) { eg_free(node_of); eg_free(er); return EG_ENOMEM; }
    for (size_t e = 0; e < nent; e++) node_of[e] = EG_NONE;
    for (size_t i = 0; i < g->nn; i++) node_of[g->nodes[i].entity] = (uint32_t)i;

    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>entgraph report</title>\n<style>", f);
    fputs(style, f);
    fputs("</style>\n</head>\n<body>\n<header>\n<h1>entgraph report</h1>\n<p class=\"summary\">", f);
    fprintf(f, "%zu document%s, %zu mention%s", r->seen_docs, r->seen_docs == 1 ? "" : "s", r->seen_mentions,
            r->seen_mentions == 1 ? "" : "s");
    if (r->seen_ambiguous) fprintf(f, " (%zu ambiguous, left out of the graph)", r->seen_ambiguous);
    fprintf(f, "; %zu entit%s and %zu edge%s in the graph.", g->nn, g->nn == 1 ? "y" : "ies", g->ne, g->ne == 1 ? "" : "s");
    eg_attr ga[EG_MAX_ATTRS];
    size_t nga = eg_graph_attrs(g, ga);
    fputs("<br>\n", f);
    for (size_t k = 0; k < nga; k++) {
        eg_value v;
        if (ga[k].id == EG_GA_GENERATOR) continue;
        eg_graph_value(g, &ga[k], &v);
        if (!v.present) continue;
        fputs("<span class=\"kv\"><b>", f);
        h(f, ga[k].name);
        fputs("</b> ", f);
        if (ga[k].id == EG_GA_DICTIONARIES) {
            for (size_t i = 0; i < d->nsources; i++) {
                if (i) fputs(", ", f);
                const char *s = d->sources[i], *slash = strrchr(s, '/');
                h(f, slash ? slash + 1 : s);
            }
        } else {
            h(f, v.text);
        }
        fputs("</span>; \n", f);
    }
    fprintf(f, "made by entgraph %s.</p>\n</header>\n", EG_VERSION);

    /* the graph */
    fputs("<section id=\"graph\">\n<h2>The graph</h2>\n<p class=\"legend\">", f);
    {
        /* one legend entry per type present, in node order */
        const char **types = eg_malloc((g->nn ? g->nn : 1) * sizeof *types);
        size_t nt = 0;
        for (size_t i = 0; types && i < g->nn; i++) {
            const char *t = d->ents[g->nodes[i].entity].type;
            size_t k = 0;
            while (k < nt && strcmp(types[k], t)) k++;
            if (k == nt) types[nt++] = t;
        }
        for (size_t k = 0; types && k < nt; k++) {
            color(types[k], col);
            fprintf(f, "<span><i class=\"sw\" style=\"background:%s\"></i>", col);
            h(f, types[k]);
            fputs("</span>", f);
        }
        if (eg_graph_has_provisional(g)) {
            int cr, cg, cb;
            eg_entity_color(&(eg_entity){ .provisional = true }, &cr, &cg, &cb);
            fprintf(f, "<span><i class=\"sw\" style=\"background:#%02x%02x%02x\"></i>provisional (--unknown)</span>", cr, cg, cb);
        }
        eg_free(types);
    }
    fputs("Node size: mentions; edge width: weight; hover for details.</p>\n", f);
    eg_write_svg_element(g, f, false);
    fputs("</section>\n", f);

    /* entities; their mention links come from the documents below */
    fputs("<section id=\"entities\">\n<h2>Entities</h2>\n<table class=\"sortable\" id=\"entity-table\">\n<thead><tr>"
          "<th>Entity</th><th>Type</th><th class=\"n\">Mentions</th><th class=\"n\">Documents</th><th class=\"n\">Degree</th>", f);
    if (g->opt.community != EG_COMMUNITY_NONE) fputs("<th class=\"n\">Community</th>", f);
    fputs("<th>Mentions below</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < g->nn; i++) {
        const eg_gnode *n = &g->nodes[i];
        const eg_entity *e = &d->ents[n->entity];
        ecolor(e, col);
        fprintf(f, "<tr id=\"e%zu\"><td data-v=\"", i);
        h(f, e->label);
        fprintf(f, "\"><i class=\"sw\" style=\"background:%s\"></i>", col);
        h(f, e->label);
        fputs(" <small>", f);
        h(f, e->id);
        fputs("</small></td><td>", f);
        h(f, e->type);
        fprintf(f, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td>", n->mentions, n->docs, n->degree);
        if (g->opt.community != EG_COMMUNITY_NONE) fprintf(f, "<td class=\"n\">%ld</td>", n->community);
        fputs("<td class=\"links\">", f);
        size_t shown = 0, total = 0;
        for (size_t di = 0; di < r->ndocs; di++)
            for (size_t k = 0; k < r->docs[di].nm; k++) {
                const rmention *m = &r->docs[di].m[k];
                if (m->ambiguous || m->entity != n->entity) continue;
                total++;
                if (shown < REPORT_LINKS) { fprintf(f, "<a href=\"#m%zu-%zu\">%zu</a>", di, k, ++shown); }
            }
        if (total > shown) fprintf(f, "&#8230; (%zu)", total);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</section>\n", f);

    /* the strongest edges and why */
    for (size_t i = 0; i < g->ne; i++) er[i] = (eref){ g->edges[i].weight, i };
    qsort(er, g->ne, sizeof *er, cmp_eref);
    size_t ne = g->ne < REPORT_EDGES ? g->ne : REPORT_EDGES;
    fprintf(f, "<section id=\"edges\">\n<h2>The %zu strongest edges</h2>\n<table class=\"sortable\" id=\"edge-table\">\n"
            "<thead><tr><th>Entities</th><th class=\"n\">%s</th><th class=\"n\">Windows</th><th class=\"n\">Documents</th>"
            "<th>Evidence</th></tr></thead>\n<tbody>\n", ne, eg_measure_name(g->opt.measure));
    for (size_t k = 0; k < ne; k++) {
        const eg_gedge *ed = &g->edges[er[k].i];
        const eg_entity *a = &d->ents[g->nodes[ed->u].entity], *b = &d->ents[g->nodes[ed->v].entity];
        char w[32];
        eg_format_double(w, sizeof w, ed->weight);
        fputs("<tr><td>", f);
        h(f, a->label);
        fputs(" &#8212; ", f);
        h(f, b->label);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td><td class=\"snip\">", w, ed->count, ed->docs);
        size_t nev = c ? eg_cooc_evidence_count(c, g->period, ed->pair) : 0;
        if (nev) {
            eg_evidence ev;
            eg_cooc_evidence(c, g->period, ed->pair, 0, &ev);
            fputs("&#8220;", f);
            h(f, ev.snippet);
            fputs("&#8221; <small>", f);
            h(f, ev.doc);
            if (ev.date) { fputs(", ", f); h(f, ev.date); }
            fputs("</small>", f);
        } else {
            fputs("<small>", f);
            h(f, g->strs.data + ed->doc_ids);
            fputs("</small>", f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</section>\n", f);

    /* the documents, mentions highlighted */
    fprintf(f, "<section id=\"documents\">\n<h2>Documents</h2>\n<p class=\"meta\">The first %zu of %zu document%s. "
            "Underlined: a mention, in its type's colour (dashed: ambiguous, left out); hover for the entity and "
            "how it was found.</p>\n", r->ndocs, r->seen_docs, r->seen_docs == 1 ? "" : "s");
    for (size_t di = 0; di < r->ndocs; di++) {
        const rdoc *x = &r->docs[di];
        fprintf(f, "<article id=\"d%zu\">\n<h3>", di);
        h(f, x->title ? x->title : x->id);
        fputs("</h3>\n<p class=\"meta\">", f);
        h(f, x->id);
        if (x->date) { fputs(" &#183; ", f); h(f, x->date); }
        if (x->url) { fputs(" &#183; ", f); h(f, x->url); }
        fprintf(f, " &#183; %zu mention%s</p>\n<div class=\"text\">", x->nm, x->nm == 1 ? "" : "s");
        size_t at = 0;
        for (size_t k = 0; k < x->nm; k++) {
            const rmention *m = &x->m[k];
            if (m->start < at || m->end > x->len || m->end < m->start) continue;   /* overlapping: never from the tagger */
            eg_xml_escape(f, x->text + at, m->start - at);
            const eg_entity *e = &d->ents[m->entity];
            ecolor(e, col);
            if (m->ambiguous) {
                fprintf(f, "<mark class=\"m amb\" id=\"m%zu-%zu\" title=\"ambiguous: ", di, k);
                for (uint32_t j = 0; j < m->ncand; j++) {
                    if (j) fputs(" or ", f);
                    const eg_entity *ce = &d->ents[r->cands[m->cand + j]];
                    h(f, ce->label);
                    fputs(" (", f);
                    h(f, ce->id);
                    fputc(')', f);
                }
                fputs("; left out of the graph\">", f);
            } else {
                fprintf(f, "<mark class=\"m%s\" id=\"m%zu-%zu\" style=\"border-color:%s;background:%s22\" title=\"",
                        node_of[m->entity] == EG_NONE ? " off" : "", di, k, col, col);
                h(f, e->label);
                fputs(" (", f);
                h(f, e->id);
                fputs(", ", f);
                h(f, e->type);
                fputs("): ", f);
                h(f, eg_alias_kind_name(m->via));
                fputs(", ", f);
                h(f, eg_how_name(m->how));
                fputs("\">", f);
            }
            eg_xml_escape(f, x->text + m->start, m->end - m->start);
            fputs("</mark>", f);
            at = m->end;
        }
        eg_xml_escape(f, x->text + at, x->len - at);
        fputs("</div>\n</article>\n", f);
    }
    fputs("</section>\n<script>", f);
    fputs(script, f);
    fputs("</script>\n</body>\n</html>\n", f);
    eg_free(node_of);
    eg_free(er);
    return 0;
}
