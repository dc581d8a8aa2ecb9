/*
** nl_xml_internal.h -- safe libxml2 reading shared by the XML loaders
** (nl_feed.c, nl_newsml.c, nl_timeml.c); private to core/src.
**
** Documents are parsed from memory with XML_PARSE_NONET and never with
** XML_PARSE_NOENT, XML_PARSE_DTDLOAD or XML_PARSE_HUGE: external entities
** are never loaded, libxml2's entity-amplification and depth limits stay
** on.  libxml2 prints nothing: a parser's first error is captured by a
** per-context structured handler (or read back with xmlCtxtGetLastError)
** into nl_error as "file:line:col: message", and while we parse, libxml2's
** two global error channels (thread-local) point at no-op functions and
** are restored afterwards -- nothing ever longjmps.  A document that is
** not well-formed is re-read in recovery mode; the caller is told so and
** warns on every article.  Encodings: BOMs, UTF-16 and the declared
** encoding are libxml2's (iconv); UTF-32 is detected here; undeclared
** bytes that are not UTF-8 are read as Windows-1252.  Big documents can
** be streamed (nl_xml_stream).
**
** Element names are matched by local name, ignoring namespaces, so RSS
** 0.9x/1.0/2.0, Atom 0.3/1.0 and the NewsML dialects share one walker.
** Text is collected without ever expanding an external entity; internal
** entities are expanded under a byte budget (a tree that survived the
** parser can still hold nested references).
*/
#ifndef NEWSLUA_NL_XML_INTERNAL_H
#define NEWSLUA_NL_XML_INTERNAL_H

#include <libxml/tree.h>

#include "newslua/nl_article.h"
#include "newslua/nl_buf.h"
#include "nl_loader_internal.h"

/* Deepest element nesting the walkers accept (libxml2's own default
** limit is 256; we re-check after recovery). */
#define NL_XML_MAX_DEPTH 256

/* Bytes of internal-entity expansion allowed per document. */
#define NL_XML_ENTITY_BUDGET (4u << 20)

typedef struct nl_xml_doc {
  xmlDoc *doc;
  xmlNode *root;
  int recovered;        /* non-zero: parsed in recovery mode */
  char warning[320];    /* for every article, or "" (see below) */
  size_t budget;        /* remaining entity-expansion bytes */
  size_t external_refs; /* external entity references met (skipped) */
  size_t external_total; /* all of them in the document, and the line */
  long external_line;    /* of the first (nl_xml_note_external) */
  size_t external_params; /* external parameter entities the DOCTYPE
                             declares ("%p;" of file:///...): never
                             loaded either (nl_xml_note_external) */
  const char *text;      /* the source's bytes while it is read (the line
                            of such a declaration), and their length */
  size_t text_len;
  long line_offset;      /* lines before the text the parser saw (blank
                            lines before "<?xml"): add to its line numbers */
  int stream_failed;    /* nl_xml_stream stopped on a parse error */
  size_t budget_cut;    /* expansions cut by the budget (since last warn) */
  size_t consumed;      /* streaming: bytes of src->data the parser has
                           taken in (they are never read again) */
} nl_xml_doc;

/*
** Parse src->data as XML into `d` (zeroed first).  On NL_OK d->root is the
** root element; if the document was not well-formed but recovery produced a
** root element, d->recovered is set and d->warning describes the first
** error; d->warning also notes a guessed encoding.  Callers pass it on to
** every article with nl_xml_warn.  Errors: NL_EPARSE
** (nothing usable; message "NAME:LINE:COL: ..."), NL_ELIMIT (entity
** amplification or nesting deeper than NL_XML_MAX_DEPTH), NL_ENOMEM.
** Free with nl_xml_free, also after a failure.
*/
nl_status nl_xml_parse(const nl_source *src, nl_xml_doc *d, nl_error *err);

/* Documents at least this big are streamed by loaders that can. */
#ifndef NL_XML_STREAM_MIN
#define NL_XML_STREAM_MIN (4u << 20)
#endif

/* Called for every element start while streaming: return 0 to go on
** (into its children), 1 to have the element expanded and passed to the
** node callback (its subtree is then skipped and freed), -1 to stop. */
typedef int (*nl_xml_want_fn)(void *ctx, const char *local_name, int depth);

/* Called with each wanted element, fully built; `n` and its subtree are
** valid only during the call (d->doc is its document meanwhile). */
typedef nl_status (*nl_xml_node_fn)(void *ctx, nl_xml_doc *d, xmlNode *n);

/*
** Stream src with libxml2's reader (same options and encoding handling as
** nl_xml_parse), so only the element being handled is in memory.  `d` is
** zeroed first and keeps no document (d->root stays NULL); d->warning
** notes a guessed encoding.  Returns NL_OK, the node callback's error, or
** a parse error (NL_EPARSE/NL_ELIMIT naming file:line:col, with
** d->stream_failed set: the callbacks have seen the document up to there,
** and the caller may re-read it with nl_xml_parse's recovery).  Up to
** there means every wanted element the parser had read whole before the
** fatal error -- an element counts as whole once something follows it
** (a sibling, or its parent's end) -- however far it had read ahead of
** the reader: each is passed once, in document order, and none the error
** cut.  So an element whose end tag is the last thing parsed (a file cut
** right after "</item>") is left out: the reader's API cannot tell it
** from one the error cut; nl_feed's recovery pass reads it after a
** syntax error, not after a limit error.
*/
nl_status nl_xml_stream(const nl_source *src, nl_xml_doc *d,
                        nl_xml_want_fn want, nl_xml_node_fn fn, void *ctx,
                        nl_error *err);

/* Add d->warning (if any) to `a`, prefixed with the file name, and notes
** if text read since the last call met external entity references (left
** unexpanded) or internal ones cut by the expansion budget; resets those
** counts. */
nl_status nl_xml_warn(nl_xml_doc *d, const nl_source *src, nl_article *a);

/* The line of node n in the file (libxml2's line plus d->line_offset).
** Past line 65,535 libxml2 keeps an element's line through the text in
** or after it (XML_PARSE_BIG_LINES): an empty element's is then the line
** after it. */
long nl_xml_line(const nl_xml_doc *d, const xmlNode *n);

/*
** Note on `sink` (the file's report) the references to external entities
** the document's text made, never loaded ("line 12: 2 reference(s) to
** external entities refused (never loaded)"), if it made any.  Loaders
** call it once the document's articles are emitted.
*/
void nl_xml_note_external(const nl_xml_doc *d, nl_sink *sink);

/* Release the document.  Accepts a zeroed or already freed doc. */
void nl_xml_free(nl_xml_doc *d);

/* Is `n` an element with local name `name` (namespace ignored)? */
int nl_xml_is(const xmlNode *n, const char *name);

/* First element child of `n` named `name` (NULL = any), or NULL. */
xmlNode *nl_xml_child(const xmlNode *n, const char *name);

/* Next element sibling after `n` named `name` (NULL = any), or NULL. */
xmlNode *nl_xml_next(const xmlNode *n, const char *name);

/*
** First element named `name` in document order below `n` (not `n`
** itself), at any depth (the walk is iterative); NULL if none.
*/
xmlNode *nl_xml_find(const xmlNode *n, const char *name);

/*
** Next element named `name` after `after` in document order, inside the
** subtree of `root` (descendants of `after` come first); NULL if none.
** nl_xml_find(root, name) is nl_xml_find_next(root, root, name).
*/
xmlNode *nl_xml_find_next(const xmlNode *root, const xmlNode *after,
                          const char *name);

/*
** Value of attribute `name` of element `n` (namespace ignored), as a
** pointer into the tree (valid while the doc lives), or NULL.  Only
** attributes made of plain text are returned.
*/
const char *nl_xml_attr(const xmlNode *n, const char *name);

/*
** Append the text content of `n` (its descendants' text and CDATA, in
** order) to `out`.  Internal entities are expanded within d->budget;
** external entities are never expanded.
*/
void nl_xml_text(nl_xml_doc *d, const xmlNode *n, nl_buf *out);

/*
** Append the serialised children of `n` (inner XML, e.g. an XHTML body) to
** `out`.  Entity references are written as references, not expanded.
*/
void nl_xml_inner(nl_xml_doc *d, const xmlNode *n, nl_buf *out);

/*
** Set the string field `*field` of `a` to the cleaned text of `n`.  A NULL
** `n` or empty text leaves the field as it was.  Returns NL_OK/NL_ENOMEM.
*/
nl_status nl_xml_set(nl_xml_doc *d, nl_article *a, char **field,
                     const xmlNode *n);

/* Add the text of `n` as metadata `key` (skipped if empty). */
nl_status nl_xml_meta(nl_xml_doc *d, nl_article *a, const char *key,
                      const xmlNode *n);

/*
** Add the text under `n` to a's body as paragraphs: block elements (p,
** hl1, h1-h6, li, blockquote, pre, div, ...) end a paragraph, inline
** elements (a, em, b, br, ...) flow into it.  Returns NL_OK/NL_ENOMEM.
*/
nl_status nl_xml_paragraphs(nl_xml_doc *d, const xmlNode *n, nl_article *a);

/* Add the text of `n` to a's body, split into paragraphs on blank lines
** (nothing for empty text).  Returns NL_OK/NL_ENOMEM. */
nl_status nl_xml_add_text(nl_xml_doc *d, const xmlNode *n, nl_article *a);

/* The language (xml:lang) in effect at `n`, or NULL. */
const char *nl_xml_lang(const xmlNode *n);

#endif
