/*
 * export_csv.c - CSV node and edge tables (RFC 4180: UTF-8, a header row,
 * CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
 * quotes doubled) with the column names Gephi's spreadsheet importer maps
 * by itself: NAME.nodes.csv is Id, Label, then the node attributes;
 * NAME.edges.csv is Source, Target, Type (Undirected), Weight, then the
 * edge attributes.  Pandas and R read them as they are.
 *
 * Spreadsheet formula injection: a text cell (never a number) that begins
 * with = + - @, a tab, a carriage return or an apostrophe is written with
 * one more apostrophe in front, which spreadsheets show as text and hide.
 * A program reading the file removes one leading apostrophe from a text
 * cell that has one: lossless (README, "Formats").
 */
#include "graph_internal.h"
#include "cooccur.h"
#include "escape.h"
#include <string.h>

static void cell_text(FILE *f, const char *s)
{
    size_t n = strlen(s);
    bool guard = n && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r' ||
                       s[0] == '\'');
    bool quote = guard || strpbrk(s, ",\"\r\n") != NULL || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote) fputc('"', f);
    if (guard) fputc('\'', f);
    eg_csv_escape(f, s, n);   /* unquoted there is nothing to double: the same bytes, UTF-8 made valid */
    if (quote) fputc('"', f);
}

static void cell(FILE *f, const eg_attr *a, const eg_value *v)
{
    if (!v->present) return;   /* an empty cell */
    if (a->type == EG_AT_STRING) cell_text(f, v->text);
    else fputs(v->text, f);
}

int eg_write_csv(const eg_graph *g, bool edges, FILE *f)
{
    const eg_dict *d = g->d;
    eg_attr at[EG_MAX_ATTRS];
    eg_value v;
    if (!edges) {
        size_t na = eg_node_attrs(g, at);
        fputs("Id,Label", f);
        for (size_t k = 0; k < na; k++) if (at[k].id != EG_NA_LABEL) { fputc(',', f); fputs(at[k].name, f); }
        fputs("\r\n", f);
        for (size_t i = 0; i < g->nn; i++) {
            cell_text(f, d->ents[g->nodes[i].entity].id);
            eg_value lv;
            const eg_attr label = { "label", EG_AT_STRING, EG_NA_LABEL };
            eg_node_value(g, i, &label, &lv);
            fputc(',', f);
            cell(f, &label, &lv);
            for (size_t k = 0; k < na; k++) {
                if (at[k].id == EG_NA_LABEL) continue;
                fputc(',', f);
                eg_node_value(g, i, &at[k], &v);
                cell(f, &at[k], &v);
            }
            fputs("\r\n", f);
        }
        return 0;
    }
    size_t na = eg_edge_attrs(g, at);
    fputs("Source,Target,Type,Weight", f);
    for (size_t k = 0; k < na; k++) if (at[k].id != EG_EA_WEIGHT) { fputc(',', f); fputs(at[k].name, f); }
    fputs("\r\n", f);
    for (size_t i = 0; i < g->ne; i++) {
        const eg_gedge *ed = &g->edges[i];
        cell_text(f, d->ents[g->nodes[ed->u].entity].id);
        fputc(',', f);
        cell_text(f, d->ents[g->nodes[ed->v].entity].id);
        fputs(",Undirected,", f);
        const eg_attr w = { "weight", EG_AT_DOUBLE, EG_EA_WEIGHT };
        eg_edge_value(g, i, &w, &v);
        cell(f, &w, &v);
        for (size_t k = 0; k < na; k++) {
            if (at[k].id == EG_EA_WEIGHT) continue;
            fputc(',', f);
            eg_edge_value(g, i, &at[k], &v);
            cell(f, &at[k], &v);
        }
        fputs("\r\n", f);
    }
    return 0;
}
