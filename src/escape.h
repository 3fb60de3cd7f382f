/* escape.h - escaping for the text formats we write (XML, DOT, comments,
 * JSON, CSV, Pajek),
 * always producing valid UTF-8: invalid bytes become U+FFFD. */
#ifndef EG_ESCAPE_H
#define EG_ESCAPE_H
#include <stdio.h>
#include <stddef.h>
/* XML text/attribute: & < > " ' escaped; characters XML 1.0 forbids
 * (C0 controls except TAB LF CR, U+FFFE, U+FFFF) removed. */
void eg_xml_escape(FILE *f, const char *s, size_t n);
/* DOT quoted string body: \ " escaped, & -> &amp; (Graphviz decodes
 * entities), LF -> \n, other controls removed. */
void eg_dot_escape(FILE *f, const char *s, size_t n);
/* One line for a comment: controls and newlines become spaces. */
void eg_comment_escape(FILE *f, const char *s, size_t n);
/* In the data formats below, as in XML, control characters other than tab,
 * LF and CR are dropped, so every format carries the same text.
 * JSON string body: " \ \t \n \r escaped, and U+2028, U+2029 and '<' as
 * \u escapes (safe inside an HTML <script>). */
void eg_json_escape(FILE *f, const char *s, size_t n);
/* Quoted CSV field body (RFC 4180): quotes doubled. */
void eg_csv_escape(FILE *f, const char *s, size_t n);
/* Pajek quoted label body: % " \\ and tab, LF, CR as %XX. */
void eg_pajek_escape(FILE *f, const char *s, size_t n);
#endif
