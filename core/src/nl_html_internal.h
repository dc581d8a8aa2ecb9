/*
** nl_html_internal.h -- shared between the HTML loader's files (private):
** nl_html.c (decoding, parsing, block text, the loader), nl_html_meta.c
** (metadata), nl_html_outlet.c (the outlet among it), nl_html_pagedate.c
** (the date a page shows when it gives none a machine reads),
** nl_html_json.c (JSON-LD) and nl_html_extract.c (main-content scoring).
*/
#ifndef NEWSLUA_NL_HTML_INTERNAL_H
#define NEWSLUA_NL_HTML_INTERNAL_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "newslua/nl_article.h"
#include "newslua/nl_datetime.h"
#include "newslua/nl_error.h"

/* libxml2's nesting limit without XML_PARSE_HUGE (xmlParserMaxDepth). */
#define NL_HTML_MAX_DEPTH 256

/* Room for a charset name (nl_html_parse's `detected`). */
#define NL_HTML_CHARSET_MAX 48

/*
** Decode data[0..len) to UTF-8 (BOM, <meta charset>, http-equiv, else
** UTF-8 validity, else Windows-1252) and parse it with libxml2's HTML
** parser (no network, recovering).  On success *out owns the tree (free
** with xmlFreeDoc) and *repaired counts bytes that had to be repaired.
** libxml2 stops at NL_HTML_MAX_DEPTH nested elements: *cut_line is then
** the line where it stopped (-1 if unknown), else 0.  `detected` (may be
** NULL) gets the charset nl_charset_guess told for a page that declares
** none and is not UTF-8, else "".
** Errors: NL_EPARSE for empty or binary input (err names `name` and the
** byte), NL_ENOMEM.
*/
nl_status nl_html_parse(const char *data, size_t len, const char *name,
                        htmlDocPtr *out, size_t *repaired, int *cut_line,
                        char detected[NL_HTML_CHARSET_MAX], nl_error *err);

/* Return non-zero to leave the element `node` (and its subtree) out. */
typedef int (*nl_html_skip_fn)(void *ctx, xmlNodePtr node);

/*
** Append the text under `root` to a's body, one paragraph per block
** element (p, div, li, h1-h6, blockquote, pre, tr, ...; two <br> in a row
** also end one; table cells of a row are joined by spaces).
*script/style/noscript/template and similar are always
** skipped; `skip` (may be NULL) can leave out more subtrees.  `min_heading`
** is the smallest heading level kept (2 keeps h2..h6, 1 keeps all).
** Iterative: any depth.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_html_blocks(xmlNodePtr root, nl_article *a, nl_html_skip_fn skip,
                         void *ctx, int min_heading);

/* Is `name` (lowercase) an element that starts and ends a text block? */
int nl_html_is_block(const char *name);

/* Is `name` an element whose content is never text (script, style, ...)? */
int nl_html_is_junk(const char *name);

/* Lowercase element name of `n`, or "" for non-elements. */
const char *nl_html_name(xmlNodePtr n);

/* The line of node n in the page nl_html_parse parsed (its first line is
** 1), past line 65,535 too, where libxml2's HTML nodes keep 65,535: an
** element's own line is kept from the parser as it is made; a text node
** past that line gives its element's. */
long nl_html_line(const xmlNode *n);

/* The node after n in document order inside root's subtree: n's first
** child when `descend` says so, else the next sibling of n or of its
** nearest ancestor below root; NULL past the end of the subtree. */
xmlNodePtr nl_html_next(xmlNodePtr n, xmlNodePtr root, int descend);

/* Value of attribute `attr` of element `n` (libxml2-owned), or NULL. */
const char *nl_html_attr(xmlNodePtr n, const char *attr);

/* ---- nl_html_json.c: JSON for JSON-LD blocks ---- */

#define NL_HJSON_DEPTH 48 /* deeper input is rejected */

enum { NL_HJ_NULL, NL_HJ_BOOL, NL_HJ_NUM, NL_HJ_STR, NL_HJ_ARR, NL_HJ_OBJ };

typedef struct nl_hjson {
  int type;  /* NL_HJ_* */
  char *key; /* member name inside an object, else NULL */
  char *s;   /* NL_HJ_STR: UTF-8 text */
  struct nl_hjson *kids, *next;
} nl_hjson;

/*
** Parse the JSON value at the start of s[0..n) (trailing text ignored).
** Returns the tree (free with nl_hjson_free) or NULL when the text is not
** JSON, nests deeper than NL_HJSON_DEPTH or memory ran out (*oom = 1).
*/
nl_hjson *nl_hjson_parse(const char *s, size_t n, int *oom);

/* Free a tree (and its siblings). Accepts NULL. */
void nl_hjson_free(nl_hjson *v);

/* Member `key` of object `o`, or NULL (also when o is not an object). */
const nl_hjson *nl_hjson_get(const nl_hjson *o, const char *key);

/* ---- nl_html_outlet.c: the page's outlet ---- */

/* What a page says about its outlet (nl_html_meta.c gathers it); any may
** be NULL.  The strings stay the caller's. */
typedef struct nl_html_outlet_ev {
  const char *site_name;      /* meta og:site_name */
  const char *ld_publisher;   /* JSON-LD publisher name (an @id resolved) */
  const char *item_publisher; /* microdata publisher: content, or its name */
  const char *dc_publisher;   /* meta dc.publisher, else dcterms.publisher */
  const char *cre;            /* meta cre */
  const char *app_name;       /* meta application-name */
  const char *title;          /* the <title> */
  const char *handle;         /* meta twitter:site ("@Reuters"): it only
                                 confirms a name, it gives none */
} nl_html_outlet_ev;

/*
** Set a->source to the page's outlet from `ev`, weighed against the host
** of a->url (set it first; may be NULL): the evidence in the order
** nl_html_outlet.c documents, weak evidence only when it names that host
** or another gives the same name, a URL or host name as its host without
** "www.".  Leaves a->source unset when nothing is reliable enough.
** Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_html_outlet(nl_article *a, const nl_html_outlet_ev *ev);

/*
** Fill title, published date, author, url, source and language of `a`
** from the page's <title>, <meta>, <link>, JSON-LD, microdata, <time> and
** byline markup.  *ld_body receives a JSON-LD Article's articleBody (free
** with nl_free) or NULL.  A publication-date field that holds no date is
** warned on `a`, naming the page (`name`) and the field's line.  Returns
** NL_OK or NL_ENOMEM.
*/
nl_status nl_html_meta(htmlDocPtr doc, const char *name, nl_article *a,
                       char **ld_body);

/*
** Parse a date written by a page into out (a TimeML value): the whole of
** s, else the longest run of words inside a short s that is a full date
** ("Fri 6:45 PM, Feb 16, 2018" -> "Feb 16, 2018").  1 if one was read.
*/
int nl_html_parse_date(const char *s, char out[NL_DATETIME_MAX]);

/* ---- nl_html_pagedate.c: the date a page shows ---- */

/*
** For a page with no machine-readable date: set a's publication date
** (source metadata, the evidence naming the element and its line) from a
** field named for it, else from a full date beside `headline` (the page's
** headline <h1>, may be NULL; when `logo`, that <h1> is the site's name
** and the headline is the first text of the body that is a->title), as
** the top of nl_html_pagedate.c tells;
** nothing when the evidence is missing or disagrees.  `root` is the
** document's root element.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_html_page_date(xmlNodePtr root, xmlNodePtr headline, int logo,
                            nl_article *a);

/*
** Find the main content of the page and add it to a's body as paragraphs,
** leaving boilerplate out.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_html_extract(htmlDocPtr doc, nl_article *a);

#endif
