/*
** nl_xml.c -- safe libxml2 reading for the XML loaders (see
** nl_xml_internal.h for the rules this file enforces).
*/
#include "nl_xml_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

#include "newslua/nl_utf8.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_charset.h"

/* Never NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: see the header. */
#define XML_OPTS                                                               \
  (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |                 \
   XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_BIG_LINES)

/* Bytes a stream examines up front to guess an undeclared encoding. */
#define STREAM_SCAN (1u << 20)

/* Depth accepted by our walkers; libxml2 itself stops at 256. */
#define WALK_MAX_DEPTH (NL_XML_MAX_DEPTH + 64)

/* The first error of a parse, captured per context (not a global). */
typedef struct first_error {
  int seen;
  int code, line, col;
  char msg[200];
  /* The document's own parser (a DOM parse) or reader (a stream), and
  ** where it was at the first error: an entity's text is parsed by a
  ** context of its own, whose lines count from the entity's start. */
  xmlParserCtxt *outer;
  xmlTextReader *reader;
  int outer_line;
} first_error;

/* Keep the first error of a parse in `fe` (later ones are consequences). */
static void keep_first(first_error *fe, xmlErrorPtr e) {
  size_t n;
  if (!fe || fe->seen || !e || e->level < XML_ERR_ERROR) return;
  fe->seen = 1;
  fe->code = e->code;
  fe->line = e->line;
  if (fe->outer && fe->outer->input)
    fe->outer_line = fe->outer->input->line;
  else if (fe->reader)
    fe->outer_line = xmlTextReaderGetParserLineNumber(fe->reader);
  fe->col = e->int2;
  snprintf(fe->msg, sizeof fe->msg, "%s", e->message ? e->message : "error");
  n = strlen(fe->msg);
  while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
    fe->msg[--n] = '\0';
}

/* Count fe's lines in the whole file: the parser saw it from after its
** first `lines` lines (blank lines before "<?xml", cut by pick_encoding). */
static void shift_lines(first_error *fe, size_t lines) {
  fe->line += (int)lines;
  if (fe->outer_line) fe->outer_line += (int)lines;
}

static void on_error(void *ud, xmlErrorPtr e) {
  xmlParserCtxt *ctx = ud;
  keep_first(ctx ? ctx->_private : NULL, e);
}

/* Discards errors raised outside any parser context (libxml2's encoding
** module reports iconv failures that way, to stderr by default). */
static void silent(void *ud, xmlErrorPtr e) {
  (void)ud;
  (void)e;
}

/* Same for the generic (printf-style) channel, used by xmlParseChunk. */
static void silent_generic(void *ud, const char *msg, ...) {
  (void)ud;
  (void)msg;
}

/* libxml2's error globals (thread-local), saved while we parse. */
typedef struct saved_handlers {
  xmlStructuredErrorFunc sfn;
  void *sctx;
  xmlGenericErrorFunc gfn;
  void *gctx;
} saved_handlers;

/* Silence both global channels (no output from the core, ever). */
static void quiet(saved_handlers *h) {
  xmlInitParser();
  h->sfn = xmlStructuredError;
  h->sctx = xmlStructuredErrorContext;
  h->gfn = xmlGenericError;
  h->gctx = xmlGenericErrorContext;
  xmlSetStructuredErrorFunc(NULL, silent);
  xmlSetGenericErrorFunc(NULL, silent_generic);
}

static void restore(const saved_handlers *h) {
  xmlSetStructuredErrorFunc(h->sctx, h->sfn);
  xmlSetGenericErrorFunc(h->gctx, h->gfn);
}

/* Parse once; returns the doc or NULL, fills `fe` with the first error. */
static xmlDoc *parse_once(const char *data, size_t len, const char *enc,
                          int opts, first_error *fe, int *well_formed) {
  xmlParserCtxt *ctx = xmlNewParserCtxt();
  xmlDoc *doc;
  memset(fe, 0, sizeof *fe);
  *well_formed = 0;
  if (!ctx) return NULL;
  ctx->_private = fe;
  fe->outer = ctx;
  if (ctx->sax) ctx->sax->serror = on_error;
  if (enc) opts |= XML_PARSE_IGNORE_ENC;
  doc = xmlCtxtReadMemory(ctx, data, (int)len, NULL, enc, opts);
  *well_formed = doc && ctx->wellFormed;
  if (!fe->seen && !*well_formed) {
    xmlErrorPtr e = xmlCtxtGetLastError(ctx);
    if (e) on_error(ctx, e);
  }
  xmlFreeParserCtxt(ctx);
  return doc;
}

static int is_limit_error(const first_error *fe) {
  if (fe->code == XML_ERR_ENTITY_LOOP) return 1;
  return strstr(fe->msg, "XML_PARSE_HUGE") != NULL ||
         strstr(fe->msg, "depth") != NULL ||
         strstr(fe->msg, "amplification") != NULL;
}

/* Deepest element nesting under `root`, walked without recursion; stops
** counting past `limit`. */
static int max_depth(const xmlNode *root, int limit) {
  const xmlNode *n = root;
  int depth = 1, best = 1;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && n->children && depth < limit + 1) {
      n = n->children;
      depth++;
      if (depth > best) best = depth;
      continue;
    }
    while (n && n != root && !n->next) {
      n = n->parent;
      depth--;
    }
    if (!n || n == root) break;
    n = n->next;
  }
  return best;
}

static nl_status fail(const nl_source *src, first_error *fe, nl_status code,
                      nl_error *err) {
  char *huge = strstr(fe->msg, " use XML_PARSE_HUGE");
  if (huge) *huge = '\0'; /* an option we deliberately never set */
  /* libxml2 says "Detected an entity reference loop" for an entity that
  ** refers to itself and for one that only expands too far (a billion
  ** laughs); its line counts in the entity's text */
  if (code == NL_ELIMIT && fe->code == XML_ERR_ENTITY_LOOP)
    return nl_error_set(err, code,
                        "%s:%d: XML safety limit: entity expansion refused "
                        "(entities that expand too far or refer to "
                        "themselves)",
                        src->name, fe->outer_line ? fe->outer_line : fe->line);
  if (fe->seen)
    return nl_error_set(err, code, "%s:%d:%d: %s%s", src->name, fe->line,
                        fe->col, code == NL_ELIMIT ? "XML safety limit: " : "",
                        fe->msg);
  return nl_error_set(err, code, "%s: not well-formed XML", src->name);
}

/* Windows-1252, unless s holds one of the five bytes it leaves undefined
** (iconv refuses them); then ISO-8859-1, which maps every byte. */
static const char *single_byte(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
      return "ISO-8859-1";
  }
  return "WINDOWS-1252";
}

/* Does the XML declaration at the start of s name an encoding?  Its name,
** in lower case, goes to name[0..cap) ("" if it is not quoted or too
** long). */
static int declares_encoding(const char *s, size_t n, char *name,
                             size_t cap) {
  size_t i, end, k = 0;
  name[0] = '\0';
  if (n < 5 || memcmp(s, "<?xml", 5) != 0) return 0;
  for (end = 5; end + 1 < n && end < 300; end++)
    if (s[end] == '?' && s[end + 1] == '>') break;
  for (i = 5; i + 8 <= end; i++)
    if (memcmp(s + i, "encoding", 8) == 0) break;
  if (i + 8 > end) return 0;
  for (i += 8; i < end && (s[i] == ' ' || s[i] == '=' || s[i] == '\t'); i++)
    ;
  if (i < end && (s[i] == '"' || s[i] == '\'')) {
    char q = s[i++];
    while (i < end && s[i] != q && k + 1 < cap) {
      char c = s[i++];
      name[k++] = (char)nl_ascii_lower((unsigned char)c);
    }
    name[i < end && s[i] == q ? k : 0] = '\0';
  }
  return 1;
}

/*
** The encoding to force, or NULL to let libxml2 decide (BOM, declaration,
** UTF-8 default).  UTF-32 is not autodetected by libxml2; a document with
** no BOM, no declared encoding and bytes that are not UTF-8 is read in the
** charset nl_charset_guess tells, else as Windows-1252 (ISO-8859-1 if it
** has bytes cp1252 leaves undefined); *note set.  A document that
** declares Latin-1, Windows-1252 or US-ASCII but whose bytes are UTF-8
** with non-ASCII in them is read as UTF-8 (as the HTML loader reads such
** pages: the IPTC's own NewsML-G2 examples declare ISO-8859-1 and hold
** UTF-8, "von BÃ¼low" read as declared).  Only the first `scan`
** bytes are examined for that (a stream
** must not fault in a whole file mapping up front).  `*skip` gets the
** bytes to skip (a UTF-32 BOM, white space before the XML declaration).
*/
static const char *pick_encoding(const char *s, size_t n, size_t scan,
                                 size_t *skip, int *note) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, m = n < scan ? n : scan;
  char declared[40];
  *skip = 0;
  *note = 0;
  if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
    *skip = 4;
    return "UTF-32BE";
  }
  if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
    *skip = 4;
    return "UTF-32LE";
  }
  if (n >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] == '<')
    return "UTF-32BE";
  if (n >= 4 && u[0] == '<' && u[1] == 0 && u[2] == 0 && u[3] == 0)
    return "UTF-32LE";
  if (n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
                 (u[0] == 0xFF && u[1] == 0xFE) || u[0] == 0 || u[1] == 0))
    return NULL; /* UTF-16: libxml2 detects it */
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return NULL;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
    i++;
  if (i && i + 5 <= n && memcmp(s + i, "<?xml", 5) == 0) *skip = i;
  /* A prefix may end inside a character: allow 3 bytes of slack. */
  if (declares_encoding(s + i, n - i, declared, sizeof declared))
    return nl_charset_utf8_despite(declared, s, m, m < n) ? "UTF-8" : NULL;
  if (nl_utf8_valid_prefix(s, m) + (m < n ? 3 : 0) < m) {
    const char *guess = nl_charset_guess(s, m);
    *note = 1;
    return guess ? guess : single_byte(s, m);
  }
  return NULL;
}

/* The note of a document read in the encoding pick_encoding chose for it
** (*note set): a single-byte fallback or a detected charset. */
static void note_encoding(char *buf, size_t cap, const char *enc) {
  if (strcmp(enc, "WINDOWS-1252") == 0 || strcmp(enc, "ISO-8859-1") == 0)
    snprintf(buf, cap, "no encoding declared and not UTF-8: read as %s",
             enc[0] == 'W' ? "Windows-1252" : "ISO-8859-1");
  else
    snprintf(buf, cap, "no encoding declared and not UTF-8: read as %s "
             "(detected)", enc);
}

/* Best guess when the declared encoding is unusable. */
static const char *fallback_encoding(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  if (n >= 2 && u[0] == 0 && u[1] != 0) return "UTF-16BE";
  if (n >= 2 && u[0] != 0 && u[1] == 0) return "UTF-16LE";
  return nl_utf8_valid_prefix(s, n) == n ? "UTF-8" : single_byte(s, n);
}

static int usable(const xmlDoc *doc) {
  return doc && xmlDocGetRootElement((xmlDoc *)(uintptr_t)doc) != NULL;
}

/* Recovery mode: with the encoding used first, then a guessed one (the
** declared encoding may be unknown or wrong), then a single-byte one.
** Returns a document with a root element, or NULL. */
static xmlDoc *recover(const char *data, size_t len, const char *enc,
                       first_error *fe) {
  const char *encs[3];
  xmlDoc *doc = NULL;
  int i, wf;
  encs[0] = enc;
  encs[1] = fallback_encoding(data, len);
  encs[2] = single_byte(data, len);
  for (i = 0; i < 3 && !usable(doc); i++) {
    if (doc) xmlFreeDoc(doc);
    doc = parse_once(data, len, encs[i], XML_OPTS | XML_PARSE_RECOVER, fe, &wf);
  }
  if (doc && !usable(doc)) {
    xmlFreeDoc(doc);
    doc = NULL;
  }
  return doc;
}

/* xmlHashScan callback: count an external parameter entity. */
static void count_param(void *payload, void *data, const xmlChar *name) {
  const xmlEntity *e = payload;
  (void)name;
  if (e && e->etype == XML_EXTERNAL_PARAMETER_ENTITY) (*(size_t *)data)++;
}

/* The external parameter entities dtd declares (libxml2 loads none: no
** XML_PARSE_DTDLOAD or NOENT). */
static size_t external_params(const xmlDtd *dtd) {
  size_t n = 0;
  if (dtd && dtd->pentities)
    xmlHashScan((xmlHashTablePtr)dtd->pentities, count_param, &n);
  return n;
}

/* The parse proper, with the silent global handlers in place. */
static nl_status parse(const nl_source *src, nl_xml_doc *d, nl_error *err) {
  first_error fe, fe2;
  int wf, note;
  size_t skip, lines = 0, i;
  const char *enc = pick_encoding(src->data, src->len, src->len, &skip, &note);
  const char *data = src->data + skip;
  size_t len = src->len - skip;
  xmlDoc *doc;
  for (i = 0; i < skip; i++)
    if (src->data[i] == '\n') lines++;
  doc = parse_once(data, len, enc, XML_OPTS, &fe, &wf);
  shift_lines(&fe, lines);
  d->line_offset = (long)lines;
  if (wf) {
    if (note) note_encoding(d->warning, sizeof d->warning, enc);
  } else {
    if (doc) xmlFreeDoc(doc);
    if (is_limit_error(&fe)) return fail(src, &fe, NL_ELIMIT, err);
    if (fe.code == XML_ERR_NO_MEMORY)
      return nl_error_set(err, NL_ENOMEM, "%s: out of memory in libxml2",
                          src->name);
    doc = recover(data, len, enc, &fe2);
    if (!doc) return fail(src, &fe, NL_EPARSE, err);
    shift_lines(&fe2, lines);
    if (is_limit_error(&fe2)) {
      xmlFreeDoc(doc);
      return fail(src, &fe2, NL_ELIMIT, err);
    }
    d->recovered = 1;
    snprintf(d->warning, sizeof d->warning,
             "not well-formed XML (line %d, column %d: %s); read in recovery "
             "mode, some text may be missing",
             fe.line, fe.col, fe.msg);
  }
  d->doc = doc;
  d->root = xmlDocGetRootElement(doc);
  d->external_params = external_params(doc->intSubset);
  if (max_depth(d->root, NL_XML_MAX_DEPTH) > NL_XML_MAX_DEPTH)
    return nl_error_set(err, NL_ELIMIT,
                        "%s: XML safety limit: elements nested deeper than %d",
                        src->name, NL_XML_MAX_DEPTH);
  return NL_OK;
}

/* Reset `d` and refuse inputs no parse can take (empty, over 2 GiB). */
static nl_status prepare(const nl_source *src, nl_xml_doc *d, nl_error *err) {
  memset(d, 0, sizeof *d);
  d->budget = NL_XML_ENTITY_BUDGET;
  d->text = src->data;
  d->text_len = src->len;
  if (src->len > (size_t)INT_MAX)
    return nl_error_set(err, NL_ELIMIT, "%s: XML document over 2 GiB",
                        src->name);
  if (src->len == 0)
    return nl_error_set(err, NL_EPARSE, "%s:1:1: empty document", src->name);
  return NL_OK;
}

nl_status nl_xml_parse(const nl_source *src, nl_xml_doc *d, nl_error *err) {
  saved_handlers h;
  nl_status rc;
  rc = prepare(src, d, err);
  if (rc != NL_OK) return rc;
  quiet(&h);
  rc = parse(src, d, err);
  restore(&h);
  return rc;
}

/* Structured error handler of a stream reader: keep the first error. */
static void reader_error(void *arg, xmlErrorPtr e) { keep_first(arg, e); }

/* What the reader loop of nl_xml_stream works with. */
typedef struct stream_state {
  xmlTextReader *r;
  nl_xml_doc *d;
  size_t skip; /* bytes of src->data before the text the reader sees */
  nl_xml_want_fn want;
  nl_xml_node_fn fn;
  void *ctx;
  xmlDoc *kept; /* the reader's document, ours to free (see unread) */
} stream_state;

/* Hand the element `n` (built whole) to the node callback. */
static nl_status deliver(stream_state *s, xmlNode *n) {
  long used = xmlTextReaderByteConsumed(s->r);
  nl_status rc;
  s->d->doc = n->doc; /* for entity look-ups; owned by the reader */
  s->d->consumed = used > 0 ? s->skip + (size_t)used : 0;
  rc = s->fn(s->ctx, s->d, n);
  s->d->doc = NULL;
  return rc;
}

/* Was `n` wholly parsed (its end tag read)?  The parser gives a node a
** following sibling only once it has closed it, so `n` is whole when it
** or one of its ancestors has one.  (An element closed right before the
** error, with nothing parsed after it yet, looks cut: it is left out,
** never read half.) */
static int whole(const xmlNode *n) {
  for (; n && n->type != XML_DOCUMENT_NODE; n = n->parent)
    if (n->next) return 1;
  return 0;
}

/* The node after n's subtree in document order, or NULL. */
static xmlNode *past(const xmlNode *n) {
  while (n && !n->next)
    n = n->parent;
  return n ? n->next : NULL;
}

/* n's depth as the reader counts it (the root element's is 0). */
static int depth_of(const xmlNode *n) {
  int depth = 0;
  for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    depth++;
  return depth;
}

/*
** After a fatal error, offer what the parser had built beyond the reader,
** from `n` on in document order, as the reader would have: `want` is asked
** for each element start, a wanted element is handed to the node callback
** if it is whole and ends the walk if not (the error is in it), the others
** are entered.  The tree holds only nodes the reader has not let go of
** (it unlinks a node before freeing it), so the walk meets no freed one.
*/
static nl_status rescue_from(stream_state *s, xmlNode *n) {
  nl_status rc = NL_OK;
  while (n && rc == NL_OK) {
    int w = 0;
    if (n->type == XML_ELEMENT_NODE)
      w = s->want(s->ctx, (const char *)n->name, depth_of(n));
    if (w < 0 || (w > 0 && !whole(n))) break;
    if (w > 0) rc = deliver(s, n);
    n = w == 0 && n->type == XML_ELEMENT_NODE && n->children ? n->children
                                                             : past(n);
  }
  return rc;
}

/* The first node the reader loop has not offered yet, once a move of the
** reader from an element or node of type `type` (a reader node type) has
** failed: the children of an element it had entered, else what follows the
** node it is on -- or the whole document if it never got to one. */
static xmlNode *unread(stream_state *s, int type) {
  xmlNode *c = xmlTextReaderCurrentNode(s->r);
  if (!c) {
    /* the first read failed: the document becomes ours to free */
    s->kept = xmlTextReaderCurrentDoc(s->r);
    return s->kept ? s->kept->children : NULL;
  }
  if (c->type == XML_ELEMENT_NODE && type == XML_READER_TYPE_ELEMENT)
    return c->children ? c->children : past(c);
  return past(c);
}

/* The same, once the reader has failed leaving an element it handed over
** (child of `parent`): it is still on that element, in it or just past. */
static xmlNode *unread_after(stream_state *s, const xmlNode *parent) {
  xmlNode *c = xmlTextReaderCurrentNode(s->r);
  while (c && c->parent != parent)
    c = c->parent;
  return past(c);
}

/* Offer the element the reader is on (wanted): expanded, or if the parser
** failed while building it, as far as it is whole; then skip past it.
** Returns the reader's status; *rest is set when it failed. */
static int take(stream_state *s, nl_status *rc, xmlNode **rest) {
  xmlNode *n = xmlTextReaderExpand(s->r), *parent;
  int ret;
  if (!n) {
    /* a fatal error in what the parser read ahead with the node (a
    ** billion laughs in the next item): it is read if whole */
    n = xmlTextReaderCurrentNode(s->r);
    if (n && whole(n)) *rc = deliver(s, n);
    *rest = past(n);
    return -1;
  }
  parent = n->parent; /* outlives n: the reader is in it until n is left */
  *rc = deliver(s, n);
  ret = xmlTextReaderNext(s->r); /* skip (and let go of) the subtree */
  if (ret < 0) *rest = unread_after(s, parent);
  return ret;
}

/* The reader loop proper.  Returns the reader's last status (-1: failed,
** and *rest is the first node the parser built that was not offered). */
static int read_all(stream_state *s, nl_status *rc, xmlNode **rest) {
  int ret = xmlTextReaderRead(s->r);
  if (ret < 0) *rest = unread(s, XML_READER_TYPE_NONE);
  while (ret == 1 && *rc == NL_OK) {
    int type = xmlTextReaderNodeType(s->r);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      const xmlNode *dtd = xmlTextReaderCurrentNode(s->r);
      if (dtd && dtd->type == XML_DTD_NODE)
        s->d->external_params = external_params((const xmlDtd *)dtd);
    }
    if (type == XML_READER_TYPE_ELEMENT) {
      const xmlChar *name = xmlTextReaderConstLocalName(s->r);
      int w = s->want(s->ctx, name ? (const char *)name : "",
                      xmlTextReaderDepth(s->r));
      if (w < 0) break;
      if (w > 0) {
        ret = take(s, rc, rest);
        continue;
      }
    }
    ret = xmlTextReaderRead(s->r);
    if (ret < 0) *rest = unread(s, type);
  }
  return ret;
}

/* The reader loop of nl_xml_stream (global handler already silenced). */
static nl_status stream(const nl_source *src, nl_xml_doc *d,
                        nl_xml_want_fn want, nl_xml_node_fn fn, void *ctx,
                        nl_error *err) {
  first_error fe;
  int note, ret;
  size_t skip, lines = 0, i;
  const char *enc =
      pick_encoding(src->data, src->len, STREAM_SCAN, &skip, &note);
  nl_status rc = NL_OK;
  stream_state s;
  xmlNode *rest = NULL;
  memset(&fe, 0, sizeof fe);
  for (i = 0; i < skip; i++)
    if (src->data[i] == '\n') lines++;
  d->line_offset = (long)lines;
  if (note) note_encoding(d->warning, sizeof d->warning, enc);
  s.r = xmlReaderForMemory(src->data + skip, (int)(src->len - skip), NULL, enc,
                           XML_OPTS | (enc ? XML_PARSE_IGNORE_ENC : 0));
  if (!s.r) return nl_error_set(err, NL_ENOMEM, "%s: out of memory", src->name);
  s.d = d;
  s.skip = skip;
  s.want = want;
  s.fn = fn;
  s.ctx = ctx;
  s.kept = NULL;
  fe.reader = s.r;
  xmlTextReaderSetStructuredErrorHandler(s.r, reader_error, &fe);
  ret = read_all(&s, &rc, &rest);
  /* items the parser had wholly read before a fatal error: still read */
  if (ret < 0 && rc == NL_OK) rc = rescue_from(&s, rest);
  xmlFreeTextReader(s.r);
  if (s.kept) xmlFreeDoc(s.kept);
  if (rc) return rc;
  if (ret >= 0) return NL_OK;
  shift_lines(&fe, lines);
  d->stream_failed = 1;
  return fail(src, &fe, is_limit_error(&fe) ? NL_ELIMIT : NL_EPARSE, err);
}

nl_status nl_xml_stream(const nl_source *src, nl_xml_doc *d,
                        nl_xml_want_fn want, nl_xml_node_fn fn, void *ctx,
                        nl_error *err) {
  saved_handlers h;
  nl_status rc;
  rc = prepare(src, d, err);
  if (rc != NL_OK) return rc;
  quiet(&h);
  rc = stream(src, d, want, fn, ctx, err);
  restore(&h);
  return rc;
}

nl_status nl_xml_warn(nl_xml_doc *d, const nl_source *src, nl_article *a) {
  nl_status rc = NL_OK;
  if (d->warning[0]) rc = nl_article_warn(a, "%s: %s", src->name, d->warning);
  if (rc == NL_OK && d->external_refs)
    rc = nl_article_warn(a,
                         "%s: %zu reference(s) to external entities left "
                         "unexpanded (external entities are never loaded)",
                         src->name, d->external_refs);
  d->external_refs = 0;
  if (rc == NL_OK && d->budget_cut)
    rc = nl_article_warn(a,
                         "%s: internal entity expansion stopped at the "
                         "safety limit of %u bytes per document; text cut",
                         src->name, NL_XML_ENTITY_BUDGET);
  d->budget_cut = 0;
  return rc;
}

long nl_xml_line(const nl_xml_doc *d, const xmlNode *n) {
  return xmlGetLineNo(n) + d->line_offset;
}

/* The line of the first parameter entity declaration ("<!ENTITY %") in
** text[0..len), or 0 when there is none to find. */
static long param_decl_line(const char *text, size_t len) {
  long line = 1;
  size_t i;
  for (i = 0; text && i + 9 < len; i++) {
    if (text[i] == '\n') line++;
    if (text[i] == '<' && memcmp(text + i, "<!ENTITY", 8) == 0) {
      size_t k = i + 8;
      while (k < len && (text[k] == ' ' || text[k] == '\t' ||
                         text[k] == '\r' || text[k] == '\n'))
        k++;
      if (k < len && text[k] == '%') return line;
    }
  }
  return 0;
}

void nl_xml_note_external(const nl_xml_doc *d, nl_sink *sink) {
  long line;
  if (d->external_total)
    nl_sink_note(sink, "line %ld: %zu reference(s) to external entities "
                 "refused (never loaded)", d->external_line,
                 d->external_total);
  if (!d->external_params) return;
  line = param_decl_line(d->text, d->text_len);
  if (line > 0)
    nl_sink_note(sink, "line %ld: %zu external parameter entit%s declared in "
                 "the DOCTYPE refused (never loaded)", line,
                 d->external_params, d->external_params == 1 ? "y" : "ies");
  else
    nl_sink_note(sink, "%zu external parameter entit%s declared in the "
                 "DOCTYPE refused (never loaded)", d->external_params,
                 d->external_params == 1 ? "y" : "ies");
}

void nl_xml_free(nl_xml_doc *d) {
  if (d && d->doc) xmlFreeDoc(d->doc);
  if (d) {
    d->doc = NULL;
    d->root = NULL;
  }
}

int nl_xml_is(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         strcmp((const char *)n->name, name) == 0;
}

xmlNode *nl_xml_next(const xmlNode *n, const char *name) {
  xmlNode *c;
  if (!n) return NULL;
  for (c = n->next; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!name || nl_xml_is(c, name))) return c;
  return NULL;
}

xmlNode *nl_xml_child(const xmlNode *n, const char *name) {
  xmlNode *c;
  if (!n) return NULL;
  for (c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!name || nl_xml_is(c, name))) return c;
  return NULL;
}

/* The node after `n` in document order inside `root`'s subtree, or NULL.
** Iterative, so any depth is safe. */
static xmlNode *step(const xmlNode *n, const xmlNode *root) {
  if (n->type == XML_ELEMENT_NODE && n->children) return n->children;
  while (n && n != root && !n->next)
    n = n->parent;
  return n && n != root ? n->next : NULL;
}

xmlNode *nl_xml_find(const xmlNode *root, const char *name) {
  return root ? nl_xml_find_next(root, root, name) : NULL;
}

xmlNode *nl_xml_find_next(const xmlNode *root, const xmlNode *after,
                          const char *name) {
  xmlNode *n;
  if (!root || !after) return NULL;
  for (n = step(after, root); n; n = step(n, root))
    if (nl_xml_is(n, name)) return n;
  return NULL;
}

const char *nl_xml_attr(const xmlNode *n, const char *name) {
  const xmlAttr *at;
  if (!n || n->type != XML_ELEMENT_NODE) return NULL;
  for (at = n->properties; at; at = at->next) {
    if (!at->name || strcmp((const char *)at->name, name) != 0) continue;
    if (at->children && at->children->type == XML_TEXT_NODE &&
        !at->children->next)
      return (const char *)at->children->content;
    return at->children ? NULL : "";
  }
  return NULL;
}

static void put_budget(nl_xml_doc *d, nl_buf *out, const char *s, size_t n) {
  if (n > d->budget) {
    n = d->budget;
    d->budget_cut++;
  }
  d->budget -= n;
  nl_buf_append(out, s, n);
}

static void text_rec(nl_xml_doc *d, const xmlNode *n, nl_buf *out, int depth,
                     int in_entity);

static void entity_text(nl_xml_doc *d, const xmlNode *ref, nl_buf *out,
                        int depth) {
  xmlEntity *e;
  if (!d->doc || depth > WALK_MAX_DEPTH) return;
  if (d->budget == 0) {
    d->budget_cut++;
    return;
  }
  e = xmlGetDocEntity(d->doc, ref->name);
  /* Only internal entities, never anything loaded from outside. */
  if (e && e->etype != XML_INTERNAL_GENERAL_ENTITY) {
    d->external_refs++;
    if (d->external_total++ == 0) d->external_line = nl_xml_line(d, ref);
  }
  if (!e || e->etype != XML_INTERNAL_GENERAL_ENTITY) return;
  d->budget--; /* each expansion costs, even an empty one */
  if (e->children) {
    text_rec(d, (const xmlNode *)e, out, depth + 1, 1);
  } else if (e->content && !strchr((const char *)e->content, '&') &&
             !strchr((const char *)e->content, '<')) {
    put_budget(d, out, (const char *)e->content,
               strlen((const char *)e->content));
  }
}

static void text_rec(nl_xml_doc *d, const xmlNode *n, nl_buf *out, int depth,
                     int in_entity) {
  const xmlNode *c;
  if (depth > WALK_MAX_DEPTH) return;
  for (c = n->children; c; c = c->next) {
    switch (c->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (c->content) {
        size_t len = strlen((const char *)c->content);
        if (in_entity)
          put_budget(d, out, (const char *)c->content, len);
        else
          nl_buf_append(out, (const char *)c->content, len);
      }
      break;
    case XML_ELEMENT_NODE:
      text_rec(d, c, out, depth + 1, in_entity);
      break;
    case XML_ENTITY_REF_NODE:
      entity_text(d, c, out, depth);
      break;
    default:
      break;
    }
  }
}

void nl_xml_text(nl_xml_doc *d, const xmlNode *n, nl_buf *out) {
  if (n) text_rec(d, n, out, 0, 0);
}

void nl_xml_inner(nl_xml_doc *d, const xmlNode *n, nl_buf *out) {
  xmlNode *c;
  xmlBuffer *b;
  if (!n) return;
  b = xmlBufferCreate();
  if (!b) {
    out->oom = 1;
    return;
  }
  for (c = n->children; c; c = c->next) {
    xmlNodeDump(b, d->doc, c, 0, 0);
  }
  nl_buf_append(out, (const char *)xmlBufferContent(b),
                (size_t)xmlBufferLength(b));
  xmlBufferFree(b);
}

nl_status nl_xml_set(nl_xml_doc *d, nl_article *a, char **field,
                     const xmlNode *n) {
  nl_buf b = NL_BUF_INIT;
  nl_status rc = NL_OK;
  if (!n) return NL_OK;
  nl_xml_text(d, n, &b);
  if (!nl_buf_ok(&b))
    rc = NL_ENOMEM;
  else if (b.len) {
    char *old = *field;
    *field = NULL;
    rc = nl_article_set(a, field, b.data, b.len);
    if (!*field) {
      *field = old; /* whitespace only: keep what we had */
    } else {
      nl_free(old);
    }
  }
  nl_buf_free(&b);
  return rc;
}

nl_status nl_xml_meta(nl_xml_doc *d, nl_article *a, const char *key,
                      const xmlNode *n) {
  nl_buf b = NL_BUF_INIT;
  nl_status rc = NL_OK;
  size_t i = 0;
  if (!n) return NL_OK;
  nl_xml_text(d, n, &b);
  if (!nl_buf_ok(&b)) rc = NL_ENOMEM;
  while (i < b.len && (b.data[i] == ' ' || b.data[i] == '\n' ||
                       b.data[i] == '\t' || b.data[i] == '\r'))
    i++;
  if (rc == NL_OK && i < b.len)
    rc = nl_article_add_meta(a, key, b.data + i, b.len - i);
  nl_buf_free(&b);
  return rc;
}

nl_status nl_xml_add_text(nl_xml_doc *d, const xmlNode *n, nl_article *a) {
  nl_buf b = NL_BUF_INIT;
  nl_status rc = NL_OK;
  nl_xml_text(d, n, &b);
  if (!nl_buf_ok(&b))
    rc = NL_ENOMEM;
  else if (b.len)
    rc = nl_article_add_text(a, b.data, b.len, 0);
  nl_buf_free(&b);
  return rc;
}

const char *nl_xml_lang(const xmlNode *n) {
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
    const xmlAttr *at;
    for (at = n->properties; at; at = at->next) {
      if (at->ns && at->ns->href &&
          strcmp((const char *)at->ns->href, (const char *)XML_XML_NAMESPACE) ==
              0 &&
          strcmp((const char *)at->name, "lang") == 0 && at->children &&
          at->children->type == XML_TEXT_NODE)
        return (const char *)at->children->content;
    }
  }
  return NULL;
}

static int is_block(const xmlNode *n) {
  static const char *const blocks[] = {"p",          "hl1",
                                       "hl2",        "hl3",
                                       "h1",         "h2",
                                       "h3",         "h4",
                                       "h5",         "h6",
                                       "li",         "dt",
                                       "dd",         "pre",
                                       "blockquote", "div",
                                       "tr",         "ul",
                                       "ol",         "table",
                                       "section",    "article",
                                       "abstract",   "block",
                                       "caption",    "media-caption",
                                       "note",       "tagline",
                                       "dl",         "figure",
                                       "figcaption", "hedline",
                                       NULL};
  int i;
  for (i = 0; blocks[i]; i++)
    if (strcmp((const char *)n->name, blocks[i]) == 0) return 1;
  return 0;
}

static int is_skipped(const xmlNode *n) {
  return nl_xml_is(n, "script") || nl_xml_is(n, "style") ||
         nl_xml_is(n, "media-reference") || nl_xml_is(n, "head");
}

typedef struct para_ctx {
  nl_xml_doc *d;
  nl_article *a;
  nl_buf cur;
  nl_status rc;
} para_ctx;

static void flush(para_ctx *p) {
  if (p->rc == NL_OK && !nl_buf_ok(&p->cur)) p->rc = NL_ENOMEM;
  if (p->rc == NL_OK && p->cur.len)
    p->rc = nl_article_add_paragraph(p->a, p->cur.data, p->cur.len);
  nl_buf_truncate(&p->cur, 0);
}

static void para_rec(para_ctx *p, const xmlNode *n, int depth) {
  const xmlNode *c;
  if (depth > WALK_MAX_DEPTH) return;
  for (c = n->children; c && p->rc == NL_OK; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      if (is_skipped(c)) continue;
      if (is_block(c)) {
        flush(p);
        para_rec(p, c, depth + 1);
        flush(p);
      } else {
        if (nl_xml_is(c, "br")) nl_buf_putc(&p->cur, ' ');
        para_rec(p, c, depth + 1);
      }
    } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) nl_buf_puts(&p->cur, (const char *)c->content);
    } else if (c->type == XML_ENTITY_REF_NODE) {
      entity_text(p->d, c, &p->cur, depth);
    }
  }
}

nl_status nl_xml_paragraphs(nl_xml_doc *d, const xmlNode *n, nl_article *a) {
  para_ctx p;
  if (!n) return NL_OK;
  p.d = d;
  p.a = a;
  p.rc = NL_OK;
  memset(&p.cur, 0, sizeof p.cur);
  para_rec(&p, n, 0);
  flush(&p);
  nl_buf_free(&p.cur);
  return p.rc;
}
