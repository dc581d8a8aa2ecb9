/*
** nl_feed.c -- RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 feeds: one
** article per item or entry.
**
** Fields: title; link (RSS <link>, a permalink <guid>, Atom
** <link rel="alternate">); guid / Atom id / rdf:about as item_key;
** published from pubDate, dc:date, atom:published/issued/created/updated/
** modified (the first one that parses, through nl_datetime_parse); author
** from author, dc:creator, atom:author/name (entry, then feed); category /
** dc:subject / atom:category@term as "category" metadata; source = the
** channel's title (an RSS item's own <source> outlet is kept as metadata
** "item_source"); language from the channel's language or xml:lang.  The
** body is content:encoded, else Atom content, else description/summary:
** HTML goes through nl_html_fragment_to_article, Atom type="text" is added
** as plain text, inline XHTML is serialised and read as HTML; a Media RSS
** media:group's description serves when nothing else does.
** A feed that is not well-formed is read in recovery mode and every
** article carries a warning saying so.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_datetime.h"
#include "newslua/nl_html.h"
#include "nl_alloc.h"
#include "nl_xml_internal.h"

typedef struct feed_ctx {
  const nl_source *src;
  nl_sink *sink;
  nl_xml_doc *d;
  int atom;          /* Atom entries rather than RSS items */
  xmlNode *channel;  /* <channel> or <feed>, may be NULL */
  char *source;      /* channel title, cleaned */
  char *language;    /* channel language */
  char *feed_author; /* Atom feed-level author name */
  size_t items;      /* item/entry elements met so far */
  size_t skip;       /* recovery after a failed stream: items done */
  /* streaming only */
  char path[4][16]; /* local names of the open elements, by depth */
  int not_feed;     /* the root is not rss/RDF/channel/feed */
  char root[64];    /* its name */
} feed_ctx;

/* Date elements in order of preference. */
static const char *const date_names[] = {"pubDate",  "published", "issued",
                                         "date",     "created",   "updated",
                                         "modified", NULL};

static int blank(const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') return 0;
  return 1;
}

/* published <- first date element that parses; others are warned about. */
static nl_status set_date(feed_ctx *f, nl_article *a, xmlNode *item) {
  int i;
  nl_status rc = NL_OK;
  for (i = 0; date_names[i] && !a->published && rc == NL_OK; i++) {
    xmlNode *n = nl_xml_child(item, date_names[i]);
    nl_buf b = NL_BUF_INIT;
    char value[NL_DATETIME_MAX], ev[160];
    nl_error e = NL_ERROR_INIT;
    if (!n) continue;
    nl_xml_text(f->d, n, &b);
    if (!nl_buf_ok(&b)) {
      nl_buf_free(&b);
      return NL_ENOMEM;
    }
    if (b.len == 0 || blank(b.data, b.len)) {
      nl_buf_free(&b);
      continue;
    }
    if (nl_datetime_parse(b.data, b.len, value, &e) == NL_OK) {
      snprintf(ev, sizeof ev, "<%s>%.*s</%s>", (const char *)n->name,
               (int)(b.len > 100 ? 100 : b.len), b.data, (const char *)n->name);
      if (nl_article_set_published(a, value, NL_PUB_METADATA, ev) != NL_OK)
        rc = nl_article_warn(a, "%s: item %zu: date %s from <%s> rejected",
                             f->src->name, f->sink->emitted + 1, value,
                             (const char *)n->name);
    } else {
      rc = nl_article_warn(a, "%s: item %zu: unreadable <%s> date '%.*s'",
                           f->src->name, f->sink->emitted + 1,
                           (const char *)n->name,
                           (int)(b.len > 80 ? 80 : b.len), b.data);
    }
    nl_buf_free(&b);
  }
  return rc;
}

/* The alternate link of an Atom entry (or an atom:link inside RSS). */
static const char *atom_link(xmlNode *item) {
  xmlNode *l;
  const char *best = NULL;
  for (l = nl_xml_child(item, "link"); l; l = nl_xml_next(l, "link")) {
    const char *rel = nl_xml_attr(l, "rel");
    const char *href = nl_xml_attr(l, "href");
    const char *type = nl_xml_attr(l, "type");
    if (!href || !*href) continue;
    if (rel && strcmp(rel, "alternate") != 0) continue;
    if (!type || strstr(type, "html")) return href;
    if (!best) best = href;
  }
  return best;
}

static nl_status set_link(feed_ctx *f, nl_article *a, xmlNode *item) {
  xmlNode *l, *g;
  const char *href;
  nl_status rc;
  for (l = nl_xml_child(item, "link"); l; l = nl_xml_next(l, "link")) {
    if (nl_xml_attr(l, "href")) continue; /* atom:link, below */
    rc = nl_xml_set(f->d, a, &a->url, l);
    if (rc || a->url) return rc;
  }
  href = atom_link(item);
  if (href) return nl_article_set(a, &a->url, href, strlen(href));
  g = nl_xml_child(item, "guid");
  if (g) {
    const char *perma = nl_xml_attr(g, "isPermaLink");
    if (!perma || strcmp(perma, "false") != 0) {
      nl_buf b = NL_BUF_INIT;
      nl_xml_text(f->d, g, &b);
      rc = nl_buf_ok(&b) ? NL_OK : NL_ENOMEM;
      if (rc == NL_OK && b.len > 4 && (strncmp(b.data, "http", 4) == 0))
        rc = nl_article_set(a, &a->url, b.data, b.len);
      nl_buf_free(&b);
      return rc;
    }
  }
  return NL_OK;
}

static nl_status set_key(feed_ctx *f, nl_article *a, xmlNode *item) {
  const char *about;
  nl_status rc = nl_xml_set(f->d, a, &a->item_key,
                            nl_xml_child(item, f->atom ? "id" : "guid"));
  if (rc || a->item_key) return rc;
  about = nl_xml_attr(item, "about");
  if (about) return nl_article_set(a, &a->item_key, about, strlen(about));
  return nl_xml_set(f->d, a, &a->item_key, nl_xml_child(item, "id"));
}

static nl_status set_author(feed_ctx *f, nl_article *a, xmlNode *item) {
  static const char *const names[] = {"author", "creator", NULL};
  int i;
  nl_status rc;
  for (i = 0; names[i] && !a->author; i++) {
    xmlNode *n = nl_xml_child(item, names[i]);
    if (!n) continue;
    if (nl_xml_child(n, "name")) n = nl_xml_child(n, "name");
    rc = nl_xml_set(f->d, a, &a->author, n);
    if (rc) return rc;
  }
  if (!a->author && f->feed_author)
    return nl_article_set(a, &a->author, f->feed_author,
                          strlen(f->feed_author));
  return NL_OK;
}

static nl_status set_categories(feed_ctx *f, nl_article *a, xmlNode *item) {
  xmlNode *c;
  nl_status rc = NL_OK;
  for (c = nl_xml_child(item, NULL); c && rc == NL_OK;
       c = nl_xml_next(c, NULL)) {
    const char *term;
    if (!nl_xml_is(c, "category") && !nl_xml_is(c, "subject")) continue;
    term = nl_xml_attr(c, "term");
    if (term && *term)
      rc = nl_article_add_meta(a, "category", term, strlen(term));
    else
      rc = nl_xml_meta(f->d, a, "category", c);
  }
  return rc;
}

/* How to read a body element: 0 text, 1 HTML string, 2 inline XHTML. */
static int body_kind(const xmlNode *n, int atom) {
  const char *type = nl_xml_attr(n, "type");
  const char *mode = nl_xml_attr(n, "mode");
  int has_elems = nl_xml_child(n, NULL) != NULL;
  if (has_elems) return 2;
  if (mode && strcmp(mode, "escaped") == 0) return 1;
  if (type && (strcmp(type, "text") == 0 || strcmp(type, "text/plain") == 0))
    return 0;
  if (atom && !type && !mode) return 0; /* Atom's default is text */
  return 1; /* RSS description, content:encoded, Atom html */
}

static nl_status add_body(feed_ctx *f, nl_article *a, xmlNode *n) {
  nl_buf b = NL_BUF_INIT;
  nl_error e = NL_ERROR_INIT;
  nl_status rc = NL_OK;
  int kind = body_kind(n, f->atom);
  if (kind == 2) {
    xmlNode *div = nl_xml_child(n, NULL);
    /* Atom xhtml wraps its content in one <div>. */
    if (div && nl_xml_is(div, "div") && !nl_xml_next(div, NULL))
      nl_xml_inner(f->d, div, &b);
    else
      nl_xml_inner(f->d, n, &b);
  } else {
    nl_xml_text(f->d, n, &b);
  }
  if (!nl_buf_ok(&b))
    rc = NL_ENOMEM;
  else if (b.len && !blank(b.data, b.len)) {
    if (kind == 0)
      rc = nl_article_add_text(a, b.data, b.len, 0);
    else
      rc = nl_html_fragment_to_article(b.data, b.len, a, &e);
    if (rc != NL_OK && rc != NL_ENOMEM) {
      rc = nl_article_warn(a, "%s: item %zu: body HTML unreadable (%s)",
                           f->src->name, f->sink->emitted + 1, e.msg);
    }
  }
  nl_buf_free(&b);
  return rc;
}

static nl_status set_body(feed_ctx *f, nl_article *a, xmlNode *item) {
  static const char *const names[] = {"encoded", "content", "description",
                                      "summary", "body",    NULL};
  int i;
  nl_status rc;
  for (i = 0; names[i] && a->body_len == 0; i++) {
    xmlNode *n;
    for (n = nl_xml_child(item, names[i]); n && a->body_len == 0;
         n = nl_xml_next(n, names[i])) {
      if (nl_xml_attr(n, "src") || nl_xml_attr(n, "url")) continue;
      rc = add_body(f, a, n);
      if (rc) return rc;
    }
  }
  if (a->body_len == 0 && nl_xml_child(item, "group")) /* media:group */
    return set_body(f, a, nl_xml_child(item, "group"));
  return NL_OK;
}

/* Does s hold a tag ("<b", "</") or an entity ("&amp;", "&#8217;")? */
static int looks_html(const char *s) {
  const char *p;
  for (p = s; *p; p++) {
    if (*p == '<' && (p[1] == '/' || (p[1] >= 'a' && p[1] <= 'z') ||
                      (p[1] >= 'A' && p[1] <= 'Z')))
      return 1;
    if (*p == '&') {
      const char *q = p + 1;
      if (*q == '#') q++;
      while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
             (*q >= '0' && *q <= '9'))
        q++;
      if (*q == ';' && q > p + 1) return 1;
    }
  }
  return 0;
}

/* Titles that carry (escaped) HTML, as real feeds' often do: keep their
** text only. */
static nl_status title_text(nl_article *a) {
  nl_article *tmp;
  nl_status rc;
  if (!a->title || !looks_html(a->title)) return NL_OK;
  if ((rc = nl_article_new(&tmp))) return rc;
  rc = nl_html_fragment_to_article(a->title, strlen(a->title), tmp, NULL);
  if (rc == NL_OK && tmp->body_len)
    rc = nl_article_set(a, &a->title, tmp->body, tmp->body_len);
  else if (rc != NL_ENOMEM)
    rc = NL_OK; /* unreadable as HTML: keep the title as it was */
  nl_article_free(tmp);
  return rc;
}

static nl_status fill_item(feed_ctx *f, nl_article *a, xmlNode *item) {
  const char *lang;
  nl_status rc;
  if ((rc = nl_xml_set(f->d, a, &a->title, nl_xml_child(item, "title"))) ||
      (rc = title_text(a)) || (rc = set_link(f, a, item)) ||
      (rc = set_key(f, a, item)) || (rc = set_date(f, a, item)) ||
      (rc = set_author(f, a, item)) || (rc = set_categories(f, a, item)) ||
      (!f->atom && (rc = nl_xml_meta(f->d, a, "item_source",
                                     nl_xml_child(item, "source")))) ||
      (rc = set_body(f, a, item)))
    return rc;
  if (f->source &&
      (rc = nl_article_set(a, &a->source, f->source, strlen(f->source))))
    return rc;
  lang = nl_xml_lang(item);
  if (!lang) lang = f->language;
  if (lang && (rc = nl_article_set(a, &a->language, lang, strlen(lang))))
    return rc;
  return nl_xml_warn(f->d, f->src, a);
}

static nl_status emit_item(feed_ctx *f, xmlNode *item) {
  nl_article *a;
  nl_status rc;
  if (++f->items <= f->skip) return NL_OK; /* emitted while streaming */
  rc = nl_article_new(&a);
  if (rc) return rc;
  rc = fill_item(f, a, item);
  if (rc) {
    nl_article_free(a);
    return rc;
  }
  if (!a->title && !a->url && a->body_len == 0 && !a->item_key) {
    nl_article_free(a); /* an empty <item/>: nothing to read */
    nl_sink_note(f->sink, "line %ld: empty <%s> skipped",
                 nl_xml_line(f->d, item), (const char *)item->name);
    return NL_OK;
  }
  return nl_sink_emit(f->sink, a);
}

/* Emit every child of `parent` named `name`. */
static nl_status emit_children(feed_ctx *f, xmlNode *parent, const char *name) {
  xmlNode *n;
  nl_status rc = NL_OK;
  if (!parent) return NL_OK;
  for (n = nl_xml_child(parent, name); n && rc == NL_OK;
       n = nl_xml_next(n, name))
    rc = emit_item(f, n);
  return rc;
}

/* Set *field (a cleaned string owned by f) from the text of `n`, unless
** already set. */
static nl_status channel_field(feed_ctx *f, char **field, const xmlNode *n) {
  nl_article *tmp;
  nl_status rc;
  if (*field || !n) return NL_OK;
  if ((rc = nl_article_new(&tmp))) return rc;
  rc = nl_xml_set(f->d, tmp, &tmp->title, n);
  *field = tmp->title;
  tmp->title = NULL;
  nl_article_free(tmp);
  return rc;
}

/* Channel-level title, language and (Atom) author. */
static nl_status read_channel(feed_ctx *f, xmlNode *root) {
  const char *lang;
  xmlNode *au = f->atom ? nl_xml_child(root, "author") : NULL;
  nl_status rc =
      channel_field(f, &f->source, nl_xml_child(f->channel, "title"));
  if (!rc)
    rc = channel_field(f, &f->language, nl_xml_child(f->channel, "language"));
  if (!rc && au)
    rc =
        channel_field(f, &f->feed_author,
                      nl_xml_child(au, "name") ? nl_xml_child(au, "name") : au);
  if (!rc && !f->language) {
    lang = nl_xml_lang(f->channel ? f->channel : root);
    if (lang && !(f->language = nl_strdup(lang))) rc = NL_ENOMEM;
  }
  return rc;
}

/* Streaming: which elements to build (items, channel fields). */
static int want(void *ctx, const char *name, int depth) {
  feed_ctx *f = ctx;
  const char *parent = depth >= 1 && depth <= 4 ? f->path[depth - 1] : "";
  if (depth < 4) snprintf(f->path[depth], sizeof f->path[depth], "%s", name);
  if (depth == 0) {
    f->atom = strcmp(name, "feed") == 0;
    if (f->atom || !strcmp(name, "rss") || !strcmp(name, "RDF") ||
        !strcmp(name, "channel"))
      return 0;
    f->not_feed = 1;
    snprintf(f->root, sizeof f->root, "%s", name);
    return -1;
  }
  if (depth > 2) return 0;
  /* the items the DOM pass reads (emit_children): the root's and the
  ** channel's, not one nested elsewhere -- a recovery pass skips as many
  ** items as the stream read */
  if (f->atom ? !strcmp(name, "entry") && depth == 1
              : !strcmp(name, "item") &&
                    (depth == 1 || !strcmp(parent, "channel")))
    return 1;
  if (f->atom ? depth == 1 : !strcmp(parent, "channel"))
    return (!strcmp(name, "title") && !f->source) ||
           (!strcmp(name, "language") && !f->language) ||
           (f->atom && !strcmp(name, "author") && !f->feed_author);
  return 0;
}

/* Streaming: handle one built element. */
static nl_status on_node(void *ctx, nl_xml_doc *d, xmlNode *n) {
  feed_ctx *f = ctx;
  f->d = d;
  if (nl_xml_is(n, "item") || nl_xml_is(n, "entry")) {
    nl_status rc = emit_item(f, n);
    /* Give back the pages of a file mapping the parser is done with; a
    ** recovery pass after a stream failure would fault them in again. */
    nl_sink_release(f->sink, d->consumed);
    return rc;
  }
  if (nl_xml_is(n, "title")) return channel_field(f, &f->source, n);
  if (nl_xml_is(n, "language")) return channel_field(f, &f->language, n);
  if (nl_xml_child(n, "name")) n = nl_xml_child(n, "name");
  return channel_field(f, &f->feed_author, n);
}

/* Stream a big feed.  Returns NL_OK when done, or an error; *fallback is
** set when a parse error stopped it and the DOM recovery should finish
** the job (f->skip = the items already handled). */
static nl_status load_stream(feed_ctx *f, nl_error *err, int *fallback) {
  nl_xml_doc d;
  nl_status rc = nl_xml_stream(f->src, &d, want, on_node, f, err);
  f->d = NULL;
  *fallback = 0;
  if (rc == NL_OK && f->not_feed)
    return nl_error_set(err, NL_EPARSE,
                        "%s: not a feed: root element <%s> (expected rss, "
                        "rdf:RDF or feed)",
                        f->src->name, f->root);
  if (rc == NL_OK && d.warning[0]) nl_sink_note(f->sink, "%s", d.warning);
  /* (on a fallback too: the recovery pass skips the items read so far,
  ** and their references with them) */
  if (rc == NL_OK || (rc == NL_EPARSE && d.stream_failed))
    nl_xml_note_external(&d, f->sink);
  if (rc != NL_EPARSE || !d.stream_failed) return rc;
  nl_sink_note(f->sink, "%s; rest re-read in recovery mode after %zu items",
               err ? err->msg : "parse error", f->items);
  f->skip = f->items;
  f->items = 0;
  *fallback = 1;
  nl_error_clear(err);
  return NL_OK;
}

/* The DOM path: parse (with recovery) and emit every item. */
static nl_status load_dom(feed_ctx *f, nl_error *err) {
  nl_xml_doc d;
  nl_status rc = nl_xml_parse(f->src, &d, err);
  xmlNode *root = d.root;
  f->d = &d;
  if (rc) goto done;
  f->atom = nl_xml_is(root, "feed");
  if (f->atom) {
    f->channel = root;
  } else if (nl_xml_is(root, "rss") || nl_xml_is(root, "RDF") ||
             nl_xml_is(root, "channel")) {
    f->channel =
        nl_xml_is(root, "channel") ? root : nl_xml_child(root, "channel");
  } else {
    rc = nl_error_set(err, NL_EPARSE,
                      "%s:%ld: not a feed: root element <%s> (expected rss, "
                      "rdf:RDF or feed)",
                      f->src->name, nl_xml_line(&d, root),
                      (const char *)root->name);
    goto done;
  }
  if (d.warning[0]) nl_sink_note(f->sink, "%s", d.warning);
  rc = read_channel(f, root);
  if (rc) goto done;
  if (f->atom) {
    rc = emit_children(f, root, "entry");
  } else {
    rc = emit_children(f, f->channel, "item");
    if (rc == NL_OK && f->channel != root) rc = emit_children(f, root, "item");
  }
  if (rc == NL_OK) nl_xml_note_external(&d, f->sink);
done:
  f->d = NULL;
  nl_xml_free(&d);
  return rc;
}

/*
** Load an RSS/RDF/Atom feed from src and emit one article per item/entry.
** Feeds of NL_XML_STREAM_MIN bytes or more are streamed (one item in
** memory at a time); if such a stream hits a parse error, the rest is
** re-read in recovery mode.  Errors: NL_EPARSE (not XML, or no rss/RDF/
** feed root; message names the file, line and column), NL_ELIMIT (entity
** or depth limits), NL_ENOMEM, NL_EINTERRUPT (the sink stopped).
*/
nl_status nl_load_feed(const nl_source *src, nl_sink *sink, nl_error *err) {
  feed_ctx f;
  nl_status rc = NL_OK;
  int dom = 1;
  memset(&f, 0, sizeof f);
  f.src = src;
  f.sink = sink;
  if (src->len >= NL_XML_STREAM_MIN) rc = load_stream(&f, err, &dom);
  if (rc == NL_OK && dom) rc = load_dom(&f, err);
  if (rc == NL_ENOMEM)
    nl_error_set(err, rc, "%s: out of memory", src->name);
  else if (rc == NL_EINTERRUPT)
    nl_error_set(err, rc, "%s: stopped by the callback", src->name);
  nl_free(f.source);
  nl_free(f.language);
  nl_free(f.feed_author);
  return rc;
}
