/*
** nl_html.c -- the HTML loader: bytes to UTF-8 (charset detection), parse
** with libxml2's HTML parser, block text, and the loader entry points.
** Metadata is in nl_html_meta.c, main-content scoring in nl_html_extract.c.
*/
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <libxml/SAX2.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_html.h"
#include "newslua/nl_utf8.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_charset.h"
#include "nl_html_internal.h"
#include "nl_loader_internal.h"

#define PRESCAN_BYTES 8192

static const char *const block_tags[] = {
    "address", "article", "aside",    "blockquote", "body",   "caption",
    "center",  "dd",      "details",  "dialog",     "dir",    "div",
    "dl",      "dt",      "fieldset", "figcaption", "figure", "footer",
    "form",    "h1",      "h2",       "h3",         "h4",     "h5",
    "h6",      "header",  "hgroup",   "hr",         "html",   "li",
    "main",    "menu",    "nav",      "ol",         "p",      "pre",
    "section", "summary", "table",    "tbody",      "td",     "tfoot",
    "th",      "thead",   "tr",       "ul",         NULL};

static const char *const junk_tags[] = {
    "script", "style",  "noscript", "template", "iframe", "svg",
    "math",   "canvas", "object",   "embed",    "select", "option",
    "button", "input",  "textarea", "head",     "title",  "meta",
    "link",   "map",    "audio",    "video",    "source", "frameset",
    "frame",  "applet", "datalist", "dialog",   NULL};

static int in_list(const char *const *list, const char *name) {
  for (; *list; list++)
    if (strcmp(*list, name) == 0) return 1;
  return 0;
}

int nl_html_is_block(const char *name) {
  return in_list(block_tags, name);
}

int nl_html_is_junk(const char *name) {
  return in_list(junk_tags, name);
}

const char *nl_html_name(xmlNodePtr n) {
  if (!n || n->type != XML_ELEMENT_NODE || !n->name) return "";
  return (const char *)n->name;
}

const char *nl_html_attr(xmlNodePtr n, const char *attr) {
  xmlAttrPtr p;
  if (!n || n->type != XML_ELEMENT_NODE) return NULL;
  for (p = n->properties; p; p = p->next) {
    if (p->name && strcmp((const char *)p->name, attr) == 0) {
      if (p->children && p->children->type == XML_TEXT_NODE)
        return (const char *)p->children->content;
      return "";
    }
  }
  return NULL;
}

/* ---- charset detection and decoding ---- */

static int prefix_ci(const char *s, size_t n, const char *p) {
  size_t i;
  for (i = 0; p[i]; i++)
    if (i >= n || nl_ascii_lower((unsigned char)s[i]) != p[i]) return 0;
  return 1;
}

/*
** Look for a charset declared in a <meta> tag within s[0..n): both
** <meta charset="x"> and <meta http-equiv=... content="text/html;
** charset=x">.  Writes the lowercased name to out (size outsz).
*/
static int prescan_charset(const char *s, size_t n, char *out, size_t outsz) {
  size_t i, j, k;
  for (i = 0; i + 5 < n; i++) {
    if (s[i] != '<' || !prefix_ci(s + i + 1, n - i - 1, "meta")) continue;
    for (j = i + 5; j < n && s[j] != '>'; j++) {
      if (!prefix_ci(s + j, n - j, "charset")) continue;
      j += 7;
      while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
      if (j >= n || s[j] != '=') break;
      j++;
      while (j < n && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
        j++;
      for (k = 0; j < n && k + 1 < outsz; j++) {
        int c = (unsigned char)s[j];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
              c == ':'))
          break;
        out[k++] = (char)nl_ascii_lower(c);
      }
      out[k] = '\0';
      if (k > 0) return 1;
      break;
    }
  }
  return 0;
}

enum { CS_UTF8, CS_1252, CS_ICONV };

static int classify_charset(const char *cs) {
  if (strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0 ||
      strcmp(cs, "unicode") == 0)
    return CS_UTF8;
  /* A page cannot really be UTF-16 if we could read its meta as ASCII. */
  if (strncmp(cs, "utf-16", 6) == 0) return CS_UTF8;
  if (nl_charset_latin1(cs)) return CS_1252;
  return CS_ICONV;
}

static size_t decode_1252(nl_buf *out, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
      nl_buf_putc(out, (char)c);
    else
      nl_buf_put_utf8(out, nl_cp1252_to_unicode(c));
  }
  return 0;
}

/* Does undeclared s[0..n) look like UTF-8 (at least as many valid
** multibyte sequences as invalid bytes)? */
static int looks_utf8(const char *s, size_t n) {
  int utf8;
  nl_charset_census(s, n, &utf8);
  return utf8;
}

/* Offset of the first byte that marks binary content, or (size_t)-1. */
static size_t binary_at(const char *s, size_t n) {
  size_t i, ctl = 0, lim = n < PRESCAN_BYTES ? n : PRESCAN_BYTES;
  for (i = 0; i < n; i++)
    if (s[i] == '\0') return i;
  for (i = 0; i < lim; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
        c != 0x1B)
      if (++ctl * 50 > lim) return i;
  }
  return (size_t)-1;
}

static nl_status decode(const char *data, size_t len, const char *name,
                        nl_buf *out, size_t *repaired,
                        char detected[NL_HTML_CHARSET_MAX], nl_error *err) {
  char cs[NL_HTML_CHARSET_MAX];
  size_t at;
  long r;
  *repaired = 0;
  if (len >= 2 &&
      (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
       ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
    int le = (unsigned char)data[0] == 0xFF;
    r = nl_charset_decode(out, le ? "UTF-16LE" : "UTF-16BE", data + 2, len - 2);
    *repaired = r > 0 ? (size_t)r : 0;
    return nl_buf_ok(out) ? NL_OK : NL_ENOMEM;
  }
  /* UTF-16 without a BOM: markup starts with '<' and a NUL byte */
  if (len >= 4 && len % 2 == 0 &&
      ((data[0] == '<' && data[1] == 0 && data[2] != 0 && data[3] == 0) ||
       (data[0] == 0 && data[1] == '<' && data[2] == 0 && data[3] != 0))) {
    r = nl_charset_decode(out, data[0] ? "UTF-16LE" : "UTF-16BE", data, len);
    *repaired = r > 0 ? (size_t)r : 0;
    return nl_buf_ok(out) ? NL_OK : NL_ENOMEM;
  }
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
    strcpy(cs, "utf-8");
  } else if (!prescan_charset(data, len < PRESCAN_BYTES ? len : PRESCAN_BYTES,
                              cs, sizeof cs)) {
    int utf8 = looks_utf8(data, len);
    const char *guess = utf8 ? NULL : nl_charset_guess(data, len);
    if (guess) snprintf(detected, NL_HTML_CHARSET_MAX, "%s", guess);
    snprintf(cs, sizeof cs, "%s",
             guess ? guess : utf8 ? "utf-8" : "windows-1252");
  }
  at = binary_at(data, len);
  if (at != (size_t)-1)
    return nl_error_set(err, NL_EPARSE,
                        "%s: byte %zu: binary content, not an HTML page", name,
                        at);
  switch (classify_charset(cs)) {
  case CS_1252:
    /* pages that declare Latin-1 but are UTF-8 are common */
    if (nl_charset_utf8_despite(cs, data, len, 0))
      nl_buf_append(out, data, len);
    else
      decode_1252(out, data, len);
    break;
  case CS_ICONV:
    r = nl_charset_decode(out, cs, data, len);
    if (r >= 0) {
      *repaired = (size_t)r;
      break;
    }
    /* unknown charset: judge by the bytes */
    nl_buf_truncate(out, 0);
    if (looks_utf8(data, len))
      *repaired = nl_utf8_repair(out, data, len);
    else
      decode_1252(out, data, len);
    break;
  default:
    *repaired = nl_utf8_repair(out, data, len);
    break;
  }
  return nl_buf_ok(out) ? NL_OK : NL_ENOMEM;
}

static int all_space(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
        s[i] != '\f')
      return 0;
  return 1;
}

/* libxml2's SAX start of an element, which keeps the line in the node as
** an unsigned short (65,535 past that); the line of an element started
** past it is kept in the node's psvi, which the HTML parser leaves unused
** (nl_html_line reads it). */
static void start_element(void *ud, const xmlChar *name,
                          const xmlChar **atts) {
  htmlParserCtxtPtr ctxt = ud;
  xmlSAX2StartElement(ud, name, atts);
  if (ctxt->node && ctxt->input && ctxt->input->line >= 65535)
    ctxt->node->psvi = (void *)(intptr_t)ctxt->input->line;
}

/* nl_html_line: see nl_html_internal.h. */
long nl_html_line(const xmlNode *n) {
  while (n && n->type != XML_ELEMENT_NODE && n->line == 65535)
    n = n->parent; /* a text node's line past 65,535: its element's */
  if (n && n->type == XML_ELEMENT_NODE && n->line == 65535 && n->psvi)
    return (long)(intptr_t)n->psvi;
  return n ? xmlGetLineNo(n) : -1;
}

nl_status nl_html_parse(const char *data, size_t len, const char *name,
                        htmlDocPtr *out, size_t *repaired, int *cut_line,
                        char detected[NL_HTML_CHARSET_MAX], nl_error *err) {
  char none[NL_HTML_CHARSET_MAX];
  nl_buf buf = NL_BUF_INIT;
  htmlParserCtxtPtr ctxt;
  htmlDocPtr doc;
  nl_status rc;
  const int opts = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                   HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_COMPACT;
  *out = NULL;
  if (len == 0 || all_space(data, len))
    return nl_error_set(err, NL_EPARSE, "%s: empty file", name);
  if (!detected) detected = none;
  detected[0] = '\0';
  rc = decode(data, len, name, &buf, repaired, detected, err);
  if (rc != NL_OK) {
    nl_buf_free(&buf);
    if (rc == NL_ENOMEM) nl_error_set(err, rc, "%s: out of memory", name);
    return rc;
  }
  if (buf.len > INT_MAX) {
    nl_buf_free(&buf);
    return nl_error_set(err, NL_ELIMIT, "%s: page larger than 2 GiB", name);
  }
  ctxt = htmlNewParserCtxt();
  if (!ctxt) {
    nl_buf_free(&buf);
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", name);
  }
  if (ctxt->sax) ctxt->sax->startElement = start_element;
  doc = htmlCtxtReadMemory(ctxt, nl_buf_cstr(&buf), (int)buf.len, NULL, "UTF-8",
                           opts);
  if (!doc || !xmlDocGetRootElement(doc)) {
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    rc = nl_error_set(err, NL_EPARSE, "%s: line %d: cannot parse HTML: %s",
                      name, e ? e->line : 0,
                      e && e->message ? e->message : "no content");
    if (doc) xmlFreeDoc(doc);
    htmlFreeParserCtxt(ctxt);
    nl_buf_free(&buf);
    return rc;
  }
  {
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    *cut_line = e && e->message && strstr(e->message, "depth") ? e->line : 0;
    if (*cut_line == 0 && e && e->message && strstr(e->message, "depth"))
      *cut_line = -1;
  }
  htmlFreeParserCtxt(ctxt);
  nl_buf_free(&buf);
  *out = doc;
  return NL_OK;
}

/* ---- block text ---- */

typedef struct blocks {
  nl_article *a;
  nl_buf para;
  int brs;
  nl_status rc;
} blocks;

static void flush(blocks *b) {
  if (b->rc == NL_OK && !nl_buf_ok(&b->para))
    b->rc = NL_ENOMEM; /* even when nothing was ever appended */
  else if (b->para.len > 0 && b->rc == NL_OK)
    b->rc = nl_article_add_paragraph(b->a, b->para.data, b->para.len);
  nl_buf_truncate(&b->para, 0);
  b->brs = 0;
}

static int heading_level(const char *name) {
  if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
    return name[1] - '0';
  return 0;
}

static int is_cell(const char *name) {
  return !strcmp(name, "td") || !strcmp(name, "th");
}

/* A table row is one paragraph (its cells separated by spaces); other
** blocks are paragraphs of their own. */
static int ends_paragraph(const char *name) {
  return nl_html_is_block(name) && !is_cell(name);
}

/* Visit `n` on the way down; returns non-zero to descend into it. */
static int enter(blocks *b, xmlNodePtr n, nl_html_skip_fn skip, void *ctx,
                 int min_heading) {
  const char *name;
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    const char *t = (const char *)n->content;
    if (t && *t) {
      if (!all_space(t, strlen(t))) b->brs = 0;
      nl_buf_puts(&b->para, t);
    }
    return 0;
  }
  if (n->type != XML_ELEMENT_NODE && n->type != XML_DOCUMENT_NODE &&
      n->type != XML_HTML_DOCUMENT_NODE)
    return 0;
  name = nl_html_name(n);
  if (strcmp(name, "br") == 0) {
    if (++b->brs >= 2)
      flush(b);
    else
      nl_buf_putc(&b->para, ' ');
    return 0;
  }
  if (nl_html_is_junk(name)) return 0;
  if (heading_level(name) && heading_level(name) < min_heading) return 0;
  if (n->type == XML_ELEMENT_NODE && skip && skip(ctx, n)) {
    if (ends_paragraph(name)) flush(b);
    return 0;
  }
  if (ends_paragraph(name)) flush(b);
  if (is_cell(name)) nl_buf_putc(&b->para, ' ');
  if (strcmp(name, "img") == 0) nl_buf_putc(&b->para, ' ');
  return 1;
}

nl_status nl_html_blocks(xmlNodePtr root, nl_article *a, nl_html_skip_fn skip,
                         void *ctx, int min_heading) {
  blocks b;
  xmlNodePtr n = root;
  b.a = a;
  b.brs = 0;
  b.rc = NL_OK;
  memset(&b.para, 0, sizeof b.para);
  while (n && b.rc == NL_OK) {
    if (enter(&b, n, skip, ctx, min_heading) && n->children) {
      n = n->children;
      continue;
    }
    for (;;) {
      if (n->type == XML_ELEMENT_NODE && ends_paragraph(nl_html_name(n)))
        flush(&b);
      else if (n->type == XML_ELEMENT_NODE && is_cell(nl_html_name(n)))
        nl_buf_putc(&b.para, ' ');
      if (n == root) {
        n = NULL;
        break;
      }
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      if (!n) break;
    }
  }
  flush(&b);
  nl_buf_free(&b.para);
  return b.rc;
}

/* ---- entry points ---- */

/* The JSON-LD articleBody stands in for the markup's text only when that
** is much longer (pages whose text is rendered by script). */
#define LD_BODY_MIN 500

/* Extract the main content of `doc` into a's body, or take the JSON-LD
** articleBody when the markup holds far less text. */
static nl_status body(htmlDocPtr doc, nl_article *a, const char *ld_body,
                      const char *name) {
  nl_article *t;
  size_t i, ld_len = ld_body ? strlen(ld_body) : 0;
  nl_status rc = nl_article_new(&t);
  if (rc == NL_OK) rc = nl_html_extract(doc, t);
  if (rc == NL_OK && ld_len >= LD_BODY_MIN && ld_len > 2 * t->body_len) {
    rc = nl_html_fragment_to_article(ld_body, ld_len, a, NULL);
    if (rc == NL_OK)
      rc = nl_article_warn(a,
                           "%s: article text taken from JSON-LD articleBody "
                           "(%zu bytes; the page's markup held %zu)",
                           name, ld_len, t->body_len);
  } else {
    for (i = 0; rc == NL_OK && i < t->n_paragraphs; i++)
      rc = nl_article_add_paragraph(a, t->body + t->paragraphs[i].start,
                                    t->paragraphs[i].end -
                                        t->paragraphs[i].start);
  }
  nl_article_free(t);
  return rc;
}

/* Fewer words than this in the main content earn a warning. */
#define FEW_WORDS 20
/* A page with a password field and fewer words than this is a sign-in
** or paywall form, not an article (real briefs run 60+ words). */
#define LOGIN_WALL_WORDS 150

static size_t count_words(const char *s, size_t n) {
  size_t i, words = 0;
  int in_word = 0;
  for (i = 0; i < n; i++) {
    int space = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
    if (!space && !in_word) words++;
    in_word = !space;
  }
  return words;
}

/* Line of the first element under n (depth first) for which `is` says
** yes, or 0. */
static long first_line(xmlNodePtr n, int (*is)(xmlNodePtr)) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (is(n)) return nl_html_line(n) > 0 ? nl_html_line(n) : 1;
    if (n->children) {
      long line = first_line(n->children, is);
      if (line) return line;
    }
  }
  return 0;
}

/* Is n an <input type="password">? */
static int is_password_field(xmlNodePtr n) {
  const char *type = strcmp(nl_html_name(n), "input") == 0
                         ? nl_html_attr(n, "type")
                         : NULL;
  return type && xmlStrcasecmp((const xmlChar *)type,
                               (const xmlChar *)"password") == 0;
}

/* The headings of the stub pages servers send with a redirect
** ("Object Moved", "301 Moved Permanently"), lower case. */
static const char *const redirect_heads[] = {
    "object moved",           "document moved",
    "page moved",             "moved permanently",
    "301 moved permanently",  "moved temporarily",
    "302 moved temporarily",  "302 found",
    "303 see other",          "307 temporary redirect",
    "308 permanent redirect", "redirecting",
    "redirect",               NULL};

/* Is the text of n (a <title> or <h1>) a redirect stub's heading?  Case,
** white space at the ends and trailing dots ("Redirecting...") aside. */
static int redirect_head(xmlNodePtr n) {
  xmlChar *t = xmlNodeGetContent(n);
  const char *s = (const char *)t;
  size_t len, i;
  int hit = 0;
  if (!t) return 0;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  len = strlen(s);
  while (len && strchr(" \t\n\r.", s[len - 1]))
    len--;
  for (i = 0; redirect_heads[i] && !hit; i++)
    hit = strlen(redirect_heads[i]) == len &&
          xmlStrncasecmp((const xmlChar *)s,
                         (const xmlChar *)redirect_heads[i], (int)len) == 0;
  xmlFree(t);
  return hit;
}

/* Is n a sign that its page is a redirect stub: a <meta
** http-equiv="refresh"> that names a URL, or a <title> or <h1> that is a
** redirect heading? */
static int is_redirect_sign(xmlNodePtr n) {
  const char *name = nl_html_name(n), *eq, *to;
  eq = strcmp(name, "meta") == 0 ? nl_html_attr(n, "http-equiv") : NULL;
  to = eq ? nl_html_attr(n, "content") : NULL;
  return (eq &&
          xmlStrcasecmp((const xmlChar *)eq, (const xmlChar *)"refresh") ==
              0 &&
          to && xmlStrcasestr((const xmlChar *)to, (const xmlChar *)"url=")) ||
         ((strcmp(name, "title") == 0 || strcmp(name, "h1") == 0) &&
          redirect_head(n));
}

/* NL_EPARSE naming the file when a's body is not an article's text: a
** sign-in/paywall form, a redirect stub (few words and a refresh or a
** redirect heading) or a page with no text; a warning on a when the text
** is very short. */
static nl_status check_is_article(htmlDocPtr doc, nl_article *a,
                                  const char *name, nl_error *err) {
  size_t words = count_words(a->body, a->body_len);
  long line = words < LOGIN_WALL_WORDS
                  ? first_line(xmlDocGetRootElement(doc), is_password_field)
                  : 0;
  if (line)
    return nl_error_set(err, NL_EPARSE,
                        "%s: line %ld: a sign-in or paywall page (password "
                        "field, %zu words of text), not an article",
                        name, line, words);
  line = words < FEW_WORDS
             ? first_line(xmlDocGetRootElement(doc), is_redirect_sign)
             : 0;
  if (line)
    return nl_error_set(err, NL_EPARSE,
                        "%s: line %ld: a redirect page (%zu words of text),"
                        " not an article",
                        name, line, words);
  if (words == 0)
    return nl_error_set(err, NL_EPARSE, "%s: no article text in the page",
                        name);
  if (words < FEW_WORDS &&
      nl_article_warn(a, "%s: only %zu words of article text", name,
                      words) != NL_OK)
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", name);
  return NL_OK;
}

/*
** The HTML page loader (see nl_loader_internal.h): one article per page,
** main content as body, metadata from the page.  A page that is not an
** article (no text, a sign-in/paywall form with a password field and
** little text, a server's redirect stub) fails with NL_EPARSE naming the
** file, so a batch lists it among the skipped files with the reason; very
** short text is warned.
*/
nl_status nl_load_html(const nl_source *src, nl_sink *sink, nl_error *err) {
  htmlDocPtr doc;
  nl_article *a = NULL;
  size_t repaired = 0;
  int cut = 0;
  char *ld_body = NULL, detected[NL_HTML_CHARSET_MAX];
  nl_status rc = nl_html_parse(src->data, src->len, src->name, &doc,
                               &repaired, &cut, detected, err);
  if (rc != NL_OK) return rc;
  rc = nl_article_new(&a);
  if (rc == NL_OK && cut != 0)
    rc = nl_article_warn(a,
                         "%s: line %d: elements nested deeper than %d; the "
                         "rest of the page is ignored",
                         src->name, cut, NL_HTML_MAX_DEPTH);
  if (rc == NL_OK) rc = nl_html_meta(doc, src->name, a, &ld_body);
  if (rc == NL_OK) rc = body(doc, a, ld_body, src->name);
  nl_free(ld_body);
  if (rc == NL_OK && repaired > 0) {
    a->repaired_bytes += repaired;
    rc = nl_article_warn(a, "%s: %zu bytes could not be decoded", src->name,
                         repaired);
  }
  if (rc != NL_OK) {
    xmlFreeDoc(doc);
    nl_article_free(a);
    return nl_error_set(err, rc, "%s: out of memory", src->name);
  }
  rc = check_is_article(doc, a, src->name, err);
  xmlFreeDoc(doc);
  if (rc != NL_OK) {
    nl_article_free(a);
    return rc;
  }
  if (detected[0]) /* as the text and XML loaders say it */
    nl_sink_note(sink, "no encoding declared and not UTF-8: read as %s "
                 "(detected)", detected);
  return nl_sink_emit(sink, a);
}

/*
** See nl_html.h.  Text without any '<' is added as plain text (blank lines
** separate paragraphs).
*/
nl_status nl_html_fragment_to_article(const char *html, size_t len,
                                      nl_article *a, nl_error *err) {
  nl_buf buf = NL_BUF_INIT;
  htmlDocPtr doc;
  nl_status rc;
  const int opts = HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                   HTML_PARSE_NONET | HTML_PARSE_RECOVER | HTML_PARSE_COMPACT |
                   HTML_PARSE_NOIMPLIED;
  if (!html || len == 0 || all_space(html, len)) return NL_OK;
  if (!memchr(html, '<', len) && !memchr(html, '&', len)) {
    rc = nl_article_add_text(a, html, len, 0);
    return rc == NL_OK ? NL_OK
                       : nl_error_set(err, rc, "html fragment: out of memory");
  }
  a->repaired_bytes += nl_utf8_repair(&buf, html, len);
  if (!nl_buf_ok(&buf) || buf.len > INT_MAX) {
    nl_buf_free(&buf);
    return nl_error_set(err, buf.oom ? NL_ENOMEM : NL_ELIMIT,
                        "html fragment: %s",
                        buf.oom ? "out of memory" : "larger than 2 GiB");
  }
  /* The leading <div> gives the parser a body to put bare text in. */
  {
    nl_buf wrap = NL_BUF_INIT;
    nl_buf_puts(&wrap, "<div>");
    nl_buf_append(&wrap, buf.data, buf.len);
    nl_buf_puts(&wrap, "</div>");
    nl_buf_free(&buf);
    buf = wrap;
  }
  if (!nl_buf_ok(&buf)) {
    nl_buf_free(&buf);
    return nl_error_set(err, NL_ENOMEM, "html fragment: out of memory");
  }
  doc = htmlReadMemory(buf.data, (int)buf.len, NULL, "UTF-8", opts);
  nl_buf_free(&buf);
  if (!doc) return nl_error_set(err, NL_EPARSE, "html fragment: cannot parse");
  rc = nl_html_blocks((xmlNodePtr)doc, a, NULL, NULL, 1);
  xmlFreeDoc(doc);
  if (rc != NL_OK) return nl_error_set(err, rc, "html fragment: out of memory");
  return NL_OK;
}

/* See nl_html_internal.h. */
xmlNodePtr nl_html_next(xmlNodePtr n, xmlNodePtr root, int descend) {
  if (descend && n->children) return n->children;
  while (n && n != root && !n->next)
    n = n->parent;
  return !n || n == root ? NULL : n->next;
}
