/* escape.h - escaping for the text formats we write (XML, DOT, comments),
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
#endif
