/*
** nl_html.h -- HTML to article text.
**
** The HTML page loader itself is reached through nl_load.h (format "html");
** it parses with libxml2's HTML parser (no network, recovering from bad
** markup), extracts the main content (boilerplate such as navigation,
** comments, related links, share bars and cookie notices left out) and the
** metadata (title, date, author, url, outlet, language).
**
** This header offers the part other loaders need: turning an HTML fragment
** (an RSS content:encoded or summary, an Atom content of type html) into
** body paragraphs.
*/
#ifndef NEWSLUA_NL_HTML_H
#define NEWSLUA_NL_HTML_H

#include <stddef.h>

#include "newslua/nl_article.h"
#include "newslua/nl_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Append the text of the HTML fragment html[0..len) (UTF-8 expected;
** invalid bytes are repaired as Windows-1252) to a's body as paragraphs:
** block elements (p, div, h1-h6, li, blockquote, pre, tr, br pairs) end a
** paragraph, entities are decoded, script/style/noscript/template content
** and form controls are dropped.  No boilerplate scoring is done.  Plain text
*without markup is
** added as text (blank lines separate paragraphs).  An empty fragment adds
** nothing and returns NL_OK.  Invalid bytes repaired are added to
** a->repaired_bytes.  Nesting deeper than libxml2's limit (256) is cut
** there, not an error.
** Returns NL_OK, NL_ENOMEM, NL_ELIMIT (fragment over 2 GiB) or NL_EPARSE
** when libxml2 cannot build any tree; `err` (may be NULL) gets the message.
** On error the paragraphs added so far stay in `a`.
*/
nl_status nl_html_fragment_to_article(const char *html, size_t len,
                                      nl_article *a, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
