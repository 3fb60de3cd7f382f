/*
 * escape.c - escaping for the export formats.  Every string an exporter
 * writes passes through one of these, so no output holds unescaped text or
 * invalid UTF-8 whatever the dictionary contained.
 */
#include "internal.h"
#include "escape.h"

typedef enum { ESC_XML, ESC_DOT, ESC_COMMENT, ESC_JSON, ESC_CSV, ESC_PAJEK } esc_mode;

static void esc(FILE *f, const char *str, size_t n, esc_mode mode)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int k = eg_utf8_decode(s + i, n - i, &cp);
        if (cp < 0) { fputs("\xEF\xBF\xBD", f); i++; continue; }
        if (cp == 0xFFFE || cp == 0xFFFF) { i += (size_t)k; continue; }
        /* control characters other than tab, LF and CR are dropped in
         * every data format, as XML must: all formats carry the same text */
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F) {
            if (mode == ESC_JSON || mode == ESC_CSV || mode == ESC_PAJEK) { i += (size_t)k; continue; }
        }
        if (mode == ESC_JSON) {
            /* JSON: quotes, backslashes and controls escaped; U+2028/9
             * too, so the text is also safe inside a <script> */
            if (cp == '"') fputs("\\\"", f);
            else if (cp == '\\') fputs("\\\\", f);
            else if (cp == '\n') fputs("\\n", f);
            else if (cp == '\t') fputs("\\t", f);
            else if (cp == '\r') fputs("\\r", f);
            else if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) fprintf(f, "\\u%04x", (unsigned)cp);
            else if (cp == '<') fputs("\\u003c", f);   /* no "</script>" inside a page */
            else fwrite(s + i, 1, (size_t)k, f);
            i += (size_t)k;
            continue;
        }
        if (mode == ESC_CSV) {
            /* inside a quoted CSV field: quotes doubled, everything else as is */
            if (cp == '"') fputs("\"\"", f);
            else fwrite(s + i, 1, (size_t)k, f);
            i += (size_t)k;
            continue;
        }
        if (mode == ESC_PAJEK) {
            /* Pajek has no escape inside quotes: % " \\ and tab, LF, CR as %XX */
            if (cp == '%' || cp == '"' || cp == '\\' || cp < 0x20) fprintf(f, "%%%02X", (unsigned)cp);
            else fwrite(s + i, 1, (size_t)k, f);
            i += (size_t)k;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F) {
            if (mode == ESC_XML && (cp == '\t' || cp == '\n' || cp == '\r') && cp != 0x7F) {
                fprintf(f, "&#%d;", (int)cp);
            } else if (mode == ESC_DOT && cp == '\n') {
                fputs("\\n", f);
            } else if (mode == ESC_COMMENT || (mode == ESC_DOT && cp == '\t')) {
                fputc(' ', f);
            }
            i += (size_t)k;
            continue;
        }
        if (mode == ESC_XML) {
            switch (cp) {
            case '&': fputs("&amp;", f); break;
            case '<': fputs("&lt;", f); break;
            case '>': fputs("&gt;", f); break;
            case '"': fputs("&quot;", f); break;
            case '\'': fputs("&apos;", f); break;
            default: fwrite(s + i, 1, (size_t)k, f);
            }
        } else if (mode == ESC_DOT) {
            /* Graphviz decodes HTML entities in every string ("&#0;",
             * "&amp;"): an escaped '&' shows the text as it is and keeps
             * its SVG well-formed */
            if (cp == '\\') fputs("\\\\", f);
            else if (cp == '"') fputs("\\\"", f);
            else if (cp == '&') fputs("&amp;", f);
            else fwrite(s + i, 1, (size_t)k, f);
        } else {
            if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) fputc(' ', f);
            else fwrite(s + i, 1, (size_t)k, f);
        }
        i += (size_t)k;
    }
}

void eg_xml_escape(FILE *f, const char *s, size_t n) { esc(f, s, n, ESC_XML); }
void eg_dot_escape(FILE *f, const char *s, size_t n) { esc(f, s, n, ESC_DOT); }
void eg_comment_escape(FILE *f, const char *s, size_t n) { esc(f, s, n, ESC_COMMENT); }
void eg_json_escape(FILE *f, const char *s, size_t n) { esc(f, s, n, ESC_JSON); }
void eg_csv_escape(FILE *f, const char *s, size_t n) { esc(f, s, n, ESC_CSV); }
void eg_pajek_escape(FILE *f, const char *s, size_t n) { esc(f, s, n, ESC_PAJEK); }
