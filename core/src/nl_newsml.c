/*
** nl_newsml.c -- agency XML: IPTC NewsML-G2 news items, NITF documents and
** Reuters Corpus Volume 1 (NewsML 1.0 "newsitem") files.
**
** NewsML-G2: every <newsItem> (standalone, or in a <newsMessage>'s
** itemSet) is one article: headline (contentMeta, else the NITF hedline),
** published from firstCreated, contentCreated or versionCreated (in that
** order; the others kept as metadata), author from creator/name, by or the
** NITF byline, creditline, located, dateline, slugline and subjects as
** metadata, language from contentMeta/language@tag or xml:lang, body from
** the first inlineXML (NITF body.content or XHTML body) or inlineData, else
** the description.  Bare <contentSet>/<contentMeta> fragments are read the
** same way.  Other G2 items (concept, knowledge, planning, package,
** catalog, groupSet) carry no story text and yield no article.
** NITF: head/title or hedline/hl1, docdata/date.issue@norm (else
** pubdata@date.publication), doc-id@id-string, byline, dateline,
** body.content paragraphs.
** NewsML 1.x: each NewsItem: PublicIdentifier, FirstCreated (else
** ThisRevisionCreated), HeadLine, ByLine, DateLine, Language and
** Subject/SubjectMatter FormalNames, body from the first DataContent.
** RCV1: itemid (item_key), date attribute, headline (title; <title> kept
** as metadata), byline, dateline, text/p, metadata codes (countries,
** topics, industries) and dc.* values as metadata.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_datetime.h"
#include "nl_alloc.h"
#include "nl_xml_internal.h"

typedef struct nml_ctx {
  const nl_source *src;
  nl_sink *sink;
  nl_xml_doc *d;
} nml_ctx;

static nl_status set_date_text(nml_ctx *c, nl_article *a, const char *what,
                               const char *s, size_t n) {
  char value[NL_DATETIME_MAX], ev[160];
  nl_error e = NL_ERROR_INIT;
  if (a->published || !s) return NL_OK;
  while (n && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
    s++;
    n--;
  }
  if (n == 0) return NL_OK;
  if (nl_datetime_parse(s, n, value, &e) != NL_OK)
    return nl_article_warn(a, "%s: unreadable %s date '%.*s'", c->src->name,
                           what, (int)(n > 80 ? 80 : n), s);
  snprintf(ev, sizeof ev, "%s: %.*s", what, (int)(n > 100 ? 100 : n), s);
  if (nl_article_set_published(a, value, NL_PUB_METADATA, ev) != NL_OK)
    return nl_article_warn(a, "%s: %s date %s rejected", c->src->name, what,
                           value);
  return NL_OK;
}

/* Date from the text of element `n` (NULL: nothing). */
static nl_status set_date_node(nml_ctx *c, nl_article *a, const xmlNode *n) {
  nl_buf b = NL_BUF_INIT;
  nl_status rc;
  if (!n || a->published) return NL_OK;
  nl_xml_text(c->d, n, &b);
  if (!nl_buf_ok(&b))
    rc = NL_ENOMEM;
  else
    rc = set_date_text(c, a, (const char *)n->name, b.data, b.len);
  nl_buf_free(&b);
  return rc;
}

static nl_status set_attr(nl_article *a, char **field, const char *v) {
  if (!v || !*v || *field) return NL_OK;
  return nl_article_set(a, field, v, strlen(v));
}

static nl_status meta_attr(nl_article *a, const char *key, const char *v) {
  if (!v || !*v) return NL_OK;
  return nl_article_add_meta(a, key, v, strlen(v));
}

/* "name" child's text if any, else the element's own text. */
static const xmlNode *named(const xmlNode *n) {
  const xmlNode *nm = nl_xml_child(n, "name");
  return nm ? nm : n;
}

static nl_status finish(nml_ctx *c, nl_article *a) {
  nl_status rc = nl_xml_warn(c->d, c->src, a);
  if (rc) {
    nl_article_free(a);
    return rc;
  }
  return nl_sink_emit(c->sink, a);
}

/* Author from a byline element, without a leading "By ". */
static nl_status set_byline(nml_ctx *c, nl_article *a, const xmlNode *n) {
  nl_status rc;
  if (!n || a->author) return NL_OK;
  rc = nl_xml_set(c->d, a, &a->author, n);
  if (rc == NL_OK && a->author &&
      (strncmp(a->author, "By ", 3) == 0 || strncmp(a->author, "by ", 3) == 0 ||
       strncmp(a->author, "BY ", 3) == 0)) {
    char *rest = a->author + 3;
    memmove(a->author, rest, strlen(rest) + 1);
    if (!a->author[0]) {
      nl_free(a->author);
      a->author = NULL;
    }
  }
  return rc;
}

/* ---- NITF ------------------------------------------------------------ */

/* Fill `a` from an <nitf> element (metadata only where still unset). */
static nl_status nitf_fill(nml_ctx *c, nl_article *a, const xmlNode *nitf) {
  const xmlNode *head = nl_xml_child(nitf, "head");
  const xmlNode *body = nl_xml_child(nitf, "body");
  const xmlNode *bhead = nl_xml_child(body, "body.head");
  const xmlNode *docdata = nl_xml_child(head, "docdata");
  const xmlNode *n;
  nl_status rc = NL_OK;
  if (!a->title)
    rc = nl_xml_set(c->d, a, &a->title, nl_xml_child(head, "title"));
  if (!rc && !a->title) {
    n = nl_xml_child(bhead, "hedline");
    rc = nl_xml_set(c->d, a, &a->title, nl_xml_child(n, "hl1"));
  }
  if (!rc && docdata) {
    n = nl_xml_child(docdata, "date.issue");
    if (n) {
      const char *v = nl_xml_attr(n, "norm");
      if (v) rc = set_date_text(c, a, "date.issue", v, strlen(v));
    }
    n = nl_xml_child(docdata, "doc-id");
    if (!rc && n) rc = set_attr(a, &a->item_key, nl_xml_attr(n, "id-string"));
  }
  if (!rc && head && !a->published) {
    n = nl_xml_child(head, "pubdata");
    if (n) {
      const char *v = nl_xml_attr(n, "date.publication");
      if (v) rc = set_date_text(c, a, "date.publication", v, strlen(v));
    }
  }
  if (!rc) rc = set_byline(c, a, nl_xml_child(bhead, "byline"));
  if (!rc)
    rc = nl_xml_meta(c->d, a, "dateline", nl_xml_child(bhead, "dateline"));
  if (!rc && a->body_len == 0) {
    n = nl_xml_child(body, "body.content");
    rc = nl_xml_paragraphs(c->d, n ? n : body, a);
  }
  return rc;
}

static nl_status load_nitf(nml_ctx *c, const xmlNode *nitf) {
  nl_article *a;
  nl_status rc = nl_article_new(&a);
  const char *lang;
  if (rc) return rc;
  rc = nitf_fill(c, a, nitf);
  lang = nl_xml_lang(nitf);
  if (!rc && lang) rc = set_attr(a, &a->language, lang);
  if (rc) {
    nl_article_free(a);
    return rc;
  }
  return finish(c, a);
}

/* ---- NewsML-G2 ------------------------------------------------------- */

static nl_status g2_meta(nml_ctx *c, nl_article *a, const xmlNode *cm) {
  const xmlNode *n;
  nl_status rc = NL_OK;
  for (n = nl_xml_child(cm, NULL); n && rc == NL_OK; n = nl_xml_next(n, NULL)) {
    if (nl_xml_is(n, "headline") && !a->title) {
      rc = nl_xml_set(c->d, a, &a->title, n);
    } else if ((nl_xml_is(n, "creator") || nl_xml_is(n, "by")) && !a->author) {
      rc = nl_xml_set(c->d, a, &a->author, named(n));
    } else if (nl_xml_is(n, "creditline") || nl_xml_is(n, "dateline") ||
               nl_xml_is(n, "slugline") || nl_xml_is(n, "located")) {
      rc = nl_xml_meta(c->d, a, (const char *)n->name, named(n));
    } else if (nl_xml_is(n, "subject")) {
      if (nl_xml_child(n, "name"))
        rc = nl_xml_meta(c->d, a, "subject", nl_xml_child(n, "name"));
      else
        rc = meta_attr(a, "subject", nl_xml_attr(n, "qcode"));
    } else if (nl_xml_is(n, "language")) {
      rc = set_attr(a, &a->language, nl_xml_attr(n, "tag"));
    } else if (nl_xml_is(n, "infoSource") && !a->source) {
      rc = nl_xml_set(c->d, a, &a->source, named(n));
    }
  }
  return rc;
}

/* Body from a contentSet: first inlineXML (NITF or XHTML), else
** inlineData text. */
static nl_status g2_body(nml_ctx *c, nl_article *a, const xmlNode *cs) {
  const xmlNode *n;
  nl_status rc = NL_OK;
  for (n = nl_xml_child(cs, NULL); n && rc == NL_OK && a->body_len == 0;
       n = nl_xml_next(n, NULL)) {
    if (nl_xml_is(n, "inlineXML")) {
      const xmlNode *nitf = nl_xml_is(nl_xml_child(n, NULL), "nitf")
                                ? nl_xml_child(n, NULL)
                                : nl_xml_find(n, "nitf");
      const xmlNode *html = nl_xml_find(n, "html");
      if (nitf) {
        rc = nitf_fill(c, a, nitf);
      } else {
        const xmlNode *body = nl_xml_find(html ? html : n, "body");
        rc = nl_xml_paragraphs(c->d, body ? body : n, a);
      }
    } else if (nl_xml_is(n, "inlineData")) {
      rc = nl_xml_add_text(c->d, n, a);
    }
  }
  return rc;
}

/* Read a newsItem (or a bare contentSet/contentMeta fragment) into `a`. */
static nl_status g2_fill(nml_ctx *c, nl_article *a, const xmlNode *item) {
  const xmlNode *im = nl_xml_child(item, "itemMeta");
  const xmlNode *cm =
      nl_xml_is(item, "contentMeta") ? item : nl_xml_child(item, "contentMeta");
  const xmlNode *cs =
      nl_xml_is(item, "contentSet") ? item : nl_xml_child(item, "contentSet");
  const xmlNode *n;
  const char *v;
  nl_status rc = set_attr(a, &a->item_key, nl_xml_attr(item, "guid"));
  if (!rc) rc = g2_meta(c, a, cm);
  if (!rc) rc = set_date_node(c, a, nl_xml_child(im, "firstCreated"));
  if (!rc) rc = set_date_node(c, a, nl_xml_child(cm, "contentCreated"));
  if (!rc) rc = set_date_node(c, a, nl_xml_child(im, "versionCreated"));
  if (!rc)
    rc = nl_xml_meta(c->d, a, "versionCreated",
                     nl_xml_child(im, "versionCreated"));
  if (!rc && !a->title)
    rc = nl_xml_set(c->d, a, &a->title, nl_xml_child(im, "title"));
  if (!rc && !a->source && (n = nl_xml_child(im, "provider"))) {
    v = nl_xml_attr(n, "literal");
    rc = set_attr(a, &a->source, v ? v : nl_xml_attr(n, "qcode"));
  }
  if (!rc && cs) rc = g2_body(c, a, cs);
  if (!rc && a->body_len == 0 && cm) {
    for (n = nl_xml_child(cm, "description"); n && rc == NL_OK;
         n = nl_xml_next(n, "description"))
      rc = nl_xml_add_text(c->d, n, a);
  }
  if (!rc && !a->language && (v = nl_xml_lang(item)))
    rc = set_attr(a, &a->language, v);
  return rc;
}

static nl_status load_g2_item(nml_ctx *c, const xmlNode *item) {
  nl_article *a;
  nl_status rc = nl_article_new(&a);
  if (rc) return rc;
  rc = g2_fill(c, a, item);
  if (rc) {
    nl_article_free(a);
    return rc;
  }
  if (!a->title && a->body_len == 0 && !a->published && a->n_meta == 0) {
    nl_article_free(a); /* a placeholder item: no story */
    nl_sink_note(c->sink, "line %ld: empty <%s> skipped",
                 nl_xml_line(c->d, item), (const char *)item->name);
    return NL_OK;
  }
  return finish(c, a);
}

/* ---- RCV1 newsitem --------------------------------------------------- */

static nl_status rcv1_codes(nml_ctx *c, nl_article *a, const xmlNode *md) {
  const xmlNode *n, *code;
  nl_status rc = NL_OK;
  (void)c;
  for (n = nl_xml_child(md, NULL); n && rc == NL_OK; n = nl_xml_next(n, NULL)) {
    if (nl_xml_is(n, "codes")) {
      const char *cls = nl_xml_attr(n, "class");
      const char *key = "codes";
      if (cls && strstr(cls, "countries"))
        key = "countries";
      else if (cls && strstr(cls, "topics"))
        key = "topics";
      else if (cls && strstr(cls, "industries"))
        key = "industries";
      for (code = nl_xml_child(n, "code"); code && rc == NL_OK;
           code = nl_xml_next(code, "code"))
        rc = meta_attr(a, key, nl_xml_attr(code, "code"));
    } else if (nl_xml_is(n, "dc")) {
      const char *el = nl_xml_attr(n, "element");
      const char *v = nl_xml_attr(n, "value");
      if (el && v && strcmp(el, "dc.source") == 0 && !a->source)
        rc = set_attr(a, &a->source, v);
      else if (el && v)
        rc = meta_attr(a, el, v);
    }
  }
  return rc;
}

static nl_status load_rcv1(nml_ctx *c, const xmlNode *item) {
  nl_article *a;
  nl_status rc = nl_article_new(&a);
  const char *v;
  if (rc) return rc;
  rc = set_attr(a, &a->item_key, nl_xml_attr(item, "itemid"));
  v = nl_xml_attr(item, "date");
  if (!rc && v) rc = set_date_text(c, a, "newsitem date", v, strlen(v));
  if (!rc) rc = nl_xml_set(c->d, a, &a->title, nl_xml_child(item, "headline"));
  if (!rc) rc = nl_xml_meta(c->d, a, "title", nl_xml_child(item, "title"));
  if (!rc && !a->title)
    rc = nl_xml_set(c->d, a, &a->title, nl_xml_child(item, "title"));
  if (!rc) rc = set_byline(c, a, nl_xml_child(item, "byline"));
  if (!rc)
    rc = nl_xml_meta(c->d, a, "dateline", nl_xml_child(item, "dateline"));
  if (!rc) rc = nl_xml_paragraphs(c->d, nl_xml_child(item, "text"), a);
  if (!rc)
    rc = nl_xml_meta(c->d, a, "copyright", nl_xml_child(item, "copyright"));
  if (!rc) rc = rcv1_codes(c, a, nl_xml_child(item, "metadata"));
  if (!rc && (v = nl_xml_lang(item))) rc = set_attr(a, &a->language, v);
  if (rc) {
    nl_article_free(a);
    return rc;
  }
  return finish(c, a);
}

/* ---- IPTC NewsML 1.x ------------------------------------------------ */

/* FormalName attributes of every `name` element under `n` as metadata. */
static nl_status formal_names(nl_article *a, const xmlNode *n, const char *name,
                              const char *key) {
  const xmlNode *s;
  nl_status rc = NL_OK;
  for (s = nl_xml_find(n, name); s && rc == NL_OK;
       s = nl_xml_find_next(n, s, name))
    rc = meta_attr(a, key, nl_xml_attr(s, "FormalName"));
  return rc;
}

/* Body from the first DataContent: NITF, XHTML or plain text. */
static nl_status nml1_body(nml_ctx *c, nl_article *a, const xmlNode *item) {
  const xmlNode *dc = nl_xml_find(item, "DataContent");
  const xmlNode *x;
  if (!dc) return NL_OK;
  if ((x = nl_xml_find(dc, "nitf"))) return nitf_fill(c, a, x);
  if ((x = nl_xml_find(dc, "body")) || nl_xml_child(dc, NULL))
    return nl_xml_paragraphs(c->d, x ? x : dc, a);
  return nl_xml_add_text(c->d, dc, a);
}

/* One NewsML 1.x NewsItem: identification, management dates, the first
** NewsLines, descriptive metadata and the first DataContent. */
static nl_status load_nml1_item(nml_ctx *c, const xmlNode *item) {
  nl_article *a;
  const xmlNode *n;
  nl_status rc = nl_article_new(&a);
  if (rc) return rc;
  rc = nl_xml_set(c->d, a, &a->item_key, nl_xml_find(item, "PublicIdentifier"));
  if (!rc) rc = set_date_node(c, a, nl_xml_find(item, "FirstCreated"));
  if (!rc) rc = set_date_node(c, a, nl_xml_find(item, "ThisRevisionCreated"));
  if (!rc) rc = nl_xml_set(c->d, a, &a->title, nl_xml_find(item, "HeadLine"));
  if (!rc) rc = set_byline(c, a, nl_xml_find(item, "ByLine"));
  if (!rc) rc = nl_xml_meta(c->d, a, "dateline", nl_xml_find(item, "DateLine"));
  if (!rc && (n = nl_xml_find(item, "Language")))
    rc = set_attr(a, &a->language, nl_xml_attr(n, "FormalName"));
  if (!rc) rc = formal_names(a, item, "Subject", "subject");
  if (!rc) rc = formal_names(a, item, "SubjectMatter", "subject");
  if (!rc) rc = nml1_body(c, a, item);
  if (rc) {
    nl_article_free(a);
    return rc;
  }
  return finish(c, a);
}

static nl_status load_nml1(nml_ctx *c, const xmlNode *root) {
  const xmlNode *n;
  nl_status rc = NL_OK;
  int items = 0;
  if (nl_xml_is(root, "NewsItem")) return load_nml1_item(c, root);
  for (n = nl_xml_child(root, "NewsItem"); n; n = nl_xml_next(n, "NewsItem"))
    items++;
  if (items > 1) c->sink->multi = 1;
  for (n = nl_xml_child(root, "NewsItem"); n && rc == NL_OK;
       n = nl_xml_next(n, "NewsItem"))
    rc = load_nml1_item(c, n);
  return rc;
}

/* ---- dispatch -------------------------------------------------------- */

/* G2 items that are not news stories. */
static int g2_other(const xmlNode *r) {
  static const char *const kinds[] = {
      "conceptItem", "knowledgeItem", "planningItem", "packageItem",
      "catalogItem", "groupSet",      "catalog",      NULL};
  int i;
  for (i = 0; kinds[i]; i++)
    if (nl_xml_is(r, kinds[i])) return 1;
  return 0;
}

static nl_status load_message(nml_ctx *c, const xmlNode *root) {
  const xmlNode *set = nl_xml_child(root, "itemSet");
  const xmlNode *n;
  nl_status rc = NL_OK;
  int items = 0;
  for (n = nl_xml_child(set ? set : root, "newsItem"); n;
       n = nl_xml_next(n, "newsItem"))
    items++;
  if (items > 1) c->sink->multi = 1; /* ids "<stem>#<guid>" */
  for (n = nl_xml_child(set ? set : root, NULL); n && rc == NL_OK;
       n = nl_xml_next(n, NULL)) {
    if (nl_xml_is(n, "newsItem")) rc = load_g2_item(c, n);
  }
  return rc;
}

/*
** Load a NewsML-G2, NITF or RCV1 document from src, one article per news
** item.  Errors: NL_EPARSE (not XML, or an unknown root element; the
** message names the file and line), NL_ELIMIT, NL_ENOMEM, NL_EINTERRUPT.
** G2 items without story text (concept, planning, package, ...) give
** NL_OK and no article.
*/
nl_status nl_load_newsml(const nl_source *src, nl_sink *sink, nl_error *err) {
  nl_xml_doc d;
  nml_ctx c;
  nl_status rc = nl_xml_parse(src, &d, err);
  const xmlNode *root = d.root;
  c.src = src;
  c.sink = sink;
  c.d = &d;
  if (rc) goto done;
  if (d.warning[0]) nl_sink_note(sink, "%s", d.warning);
  if (nl_xml_is(root, "newsItem") || nl_xml_is(root, "contentSet") ||
      nl_xml_is(root, "contentMeta"))
    rc = load_g2_item(&c, root);
  else if (nl_xml_is(root, "newsMessage"))
    rc = load_message(&c, root);
  else if (nl_xml_is(root, "nitf"))
    rc = load_nitf(&c, root);
  else if (nl_xml_is(root, "newsitem"))
    rc = load_rcv1(&c, root);
  else if (nl_xml_is(root, "NewsML") || nl_xml_is(root, "NewsItem"))
    rc = load_nml1(&c, root);
  else if (g2_other(root))
    nl_sink_note(sink, "line %ld: NewsML-G2 <%s> carries no story text",
                 nl_xml_line(&d, root), (const char *)root->name);
  else
    rc = nl_error_set(
        err, NL_EPARSE, "%s:%ld: not NewsML, NITF or RCV1: root element <%s>",
        src->name, nl_xml_line(&d, root), (const char *)root->name);
  if (rc == NL_OK) nl_xml_note_external(&d, sink);
  if (rc == NL_ENOMEM)
    nl_error_set(err, rc, "%s: out of memory", src->name);
  else if (rc == NL_EINTERRUPT)
    nl_error_set(err, rc, "%s: stopped by the callback", src->name);
done:
  nl_xml_free(&d);
  return rc;
}
