/*
** nl_html_meta.c -- page metadata: title, publication date, author, url,
** outlet and language from <title>, <meta>, <link>, JSON-LD (schema.org
** Article/NewsArticle, @graph), microdata (itemprop), <time> and bylines.
** The outlet is chosen among its evidence by nl_html_outlet.c.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_datetime.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_html_internal.h"
#include "nl_url.h"

#define TEXT_MAX 4096 /* longest element text we look at for metadata */
#define LD_MAX_BYTES (4u << 20)
#define LD_ORGS 8 /* JSON-LD Organizations kept to resolve an "@id" */

/* ---- collected metadata ---- */

enum {
  K_OG_TITLE,
  K_TW_TITLE,
  K_PUB_TIME,
  K_OG_PUB,
  K_DATEPUB,
  K_PARSELY_DATE,
  K_DC_DATE,
  K_DC_ISSUED,
  K_DCT_DATE,
  K_DCT_ISSUED,
  K_DCT_CREATED,
  K_PUBDATE,
  K_PUBLISHDATE,
  K_PUBLISH_DATE,
  K_SAILTHRU_DATE,
  K_DATE,
  K_AUTHOR,
  K_ART_AUTHOR,
  K_PARSELY_AUTHOR,
  K_DC_CREATOR,
  K_SAILTHRU_AUTHOR,
  K_BYL,
  K_SITE,
  K_OG_URL,
  K_LOCALE,
  K_CONTENT_LANG,
  K_ART_PUBLISHED,
  K_APP_NAME,
  K_DC_PUBLISHER,
  K_DCT_PUBLISHER,
  K_CRE,
  K_TW_SITE,
  K_ANY_DATE,
  K_COUNT
};

static const char *const meta_keys[K_COUNT] = {"og:title",
                                               "twitter:title",
                                               "article:published_time",
                                               "og:published_time",
                                               "datepublished",
                                               "parsely-pub-date",
                                               "dc.date",
                                               "dc.date.issued",
                                               "dcterms.date",
                                               "dcterms.issued",
                                               "dcterms.created",
                                               "pubdate",
                                               "publishdate",
                                               "publish-date",
                                               "sailthru.date",
                                               "date",
                                               "author",
                                               "article:author",
                                               "parsely-author",
                                               "dc.creator",
                                               "sailthru.author",
                                               "byl",
                                               "og:site_name",
                                               "og:url",
                                               "og:locale",
                                               "content-language",
                                               "article:published",
                                               "application-name",
                                               "dc.publisher",
                                               "dcterms.publisher",
                                               "cre",
                                               "twitter:site",
                                               "(any date)"};

typedef struct meta {
  char *m[K_COUNT];
  char *lang, *title, *h1, *canonical, *rel_author, *byline;
  char *h1s[4]; /* the first <h1>s, to find the one the <title> names */
  xmlNodePtr h1n[4], h1_node; /* their elements; the headline's */
  int h1_logo;      /* the headline <h1> is the site's name (pick_h1) */
  char *time_dt, *time_pub, *item_date, *item_author, *item_publisher;
  char *ld_date, *ld_author, *ld_publisher, *ld_headline, *ld_url;
  char *ld_publisher_id; /* a publisher given as {"@id": ...} */
  char *org_id[LD_ORGS], *org_name[LD_ORGS]; /* Organizations with both */
  char *ld_body;                             /* an Article's articleBody */
  int ld_article; /* the ld_* fields come from an Article-type object */
  /* the lines of the elements the publication-date fields came from (a
  ** warning names the one that holds no date) */
  long line_m[K_COUNT], line_ld, line_item, line_time_pub;
  int oom;
} meta;

/* Store a copy of s[0..n) with whitespace runs collapsed and trimmed. */
static void set_once(meta *m, char **slot, const char *s, size_t n) {
  char *d;
  size_t i, k = 0;
  if (*slot || !s) return;
  if (!(d = nl_malloc(n + 1))) {
    m->oom = 1;
    return;
  }
  for (i = 0; i < n; i++) {
    int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
    if (!sp)
      d[k++] = s[i];
    else if (k > 0 && d[k - 1] != ' ')
      d[k++] = ' ';
  }
  while (k > 0 && d[k - 1] == ' ')
    k--;
  d[k] = '\0';
  if (k == 0)
    nl_free(d);
  else
    *slot = d;
}

static void set_once_str(meta *m, char **slot, const char *s) {
  if (s) set_once(m, slot, s, strlen(s));
}

/* Text under `root` (iterative, up to TEXT_MAX bytes), script/style out. */
static void node_text(xmlNodePtr root, nl_buf *b) {
  xmlNodePtr n = root->children;
  while (n && b->len < TEXT_MAX) {
    if (n->type == XML_TEXT_NODE && n->content) {
      nl_buf_puts(b, (const char *)n->content);
    } else if (n->type == XML_ELEMENT_NODE && n->children &&
               !nl_html_is_junk(nl_html_name(n))) {
      if (nl_html_is_block(nl_html_name(n))) nl_buf_putc(b, ' ');
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next)
      n = n->parent;
    if (!n || n == root) break;
    n = n->next;
  }
}

static void set_text(meta *m, char **slot, xmlNodePtr n) {
  nl_buf b = NL_BUF_INIT;
  if (*slot) return;
  node_text(n, &b);
  if (!nl_buf_ok(&b))
    m->oom = 1;
  else if (b.len > 0)
    set_once(m, slot, b.data, b.len);
  nl_buf_free(&b);
}

static int contains_ci(const char *hay, const char *needle) {
  size_t i, j, n = strlen(needle);
  for (i = 0; hay[i]; i++) {
    for (j = 0; j < n; j++) {
      if (nl_ascii_lower((unsigned char)hay[i + j]) != (unsigned char)needle[j])
        break;
    }
    if (j == n) return 1;
  }
  return 0;
}

/* ---- JSON-LD ---- */

/* Does the @type of `o` (a string or an array of them) contain one of
** `types`? */
static int ld_type_in(const nl_hjson *o, const char *const *types) {
  const nl_hjson *t = nl_hjson_get(o, "@type"), *k;
  const char *const *p;
  if (!t) return 0;
  if (t->type == NL_HJ_STR) {
    for (p = types; *p; p++)
      if (strstr(t->s, *p)) return 1;
  } else if (t->type == NL_HJ_ARR) {
    for (k = t->kids; k; k = k->next)
      if (k->type == NL_HJ_STR)
        for (p = types; *p; p++)
          if (strstr(k->s, *p)) return 1;
  }
  return 0;
}

static int ld_is_article(const nl_hjson *o) {
  static const char *const types[] = {"Article", "BlogPosting", "Report",
                                      "LiveBlogPosting", NULL};
  return ld_type_in(o, types);
}

/* Keep the @id and name of an Organization (NewsMediaOrganization, ...),
** which a publisher given as {"@id": ...} refers to. */
static void ld_org(meta *m, const nl_hjson *o) {
  static const char *const types[] = {"Organization", NULL};
  const nl_hjson *id = nl_hjson_get(o, "@id"), *name = nl_hjson_get(o, "name");
  int i;
  if (!id || id->type != NL_HJ_STR || !name || name->type != NL_HJ_STR ||
      !ld_type_in(o, types))
    return;
  for (i = 0; i < LD_ORGS && m->org_id[i]; i++)
    if (!strcmp(m->org_id[i], id->s)) return;
  if (i == LD_ORGS) return;
  set_once_str(m, &m->org_name[i], name->s);
  if (m->org_name[i] && !(m->org_id[i] = nl_strdup(id->s))) m->oom = 1;
}

/* A publisher: {"name": ...} (the first of an array), a plain name, or
** {"@id": ...} naming an Organization given elsewhere (ld_org). */
static void ld_publisher(meta *m, const nl_hjson *v) {
  const nl_hjson *k;
  if (v->type == NL_HJ_ARR) v = v->kids;
  if (!v) return;
  if (v->type == NL_HJ_STR) {
    set_once_str(m, &m->ld_publisher, v->s);
  } else if (v->type == NL_HJ_OBJ) {
    if ((k = nl_hjson_get(v, "name")) != NULL && k->type == NL_HJ_STR)
      set_once_str(m, &m->ld_publisher, k->s);
    else if ((k = nl_hjson_get(v, "@id")) != NULL && k->type == NL_HJ_STR)
      set_once_str(m, &m->ld_publisher_id, k->s);
  }
}

static void ld_names(const nl_hjson *v, nl_buf *b, int depth) {
  const nl_hjson *k;
  if (!v || depth > 3) return;
  if (v->type == NL_HJ_STR) {
    if (strncmp(v->s, "http", 4) == 0) return;
    if (b->len) nl_buf_puts(b, ", ");
    nl_buf_puts(b, v->s);
  } else if (v->type == NL_HJ_OBJ) {
    ld_names(nl_hjson_get(v, "name"), b, depth + 1);
  } else if (v->type == NL_HJ_ARR) {
    for (k = v->kids; k; k = k->next)
      ld_names(k, b, depth + 1);
  }
}

static void ld_take(meta *m, const nl_hjson *o) {
  const nl_hjson *v;
  nl_buf b = NL_BUF_INIT;
  if ((v = nl_hjson_get(o, "datePublished")) && v->type == NL_HJ_STR)
    set_once_str(m, &m->ld_date, v->s);
  if ((v = nl_hjson_get(o, "headline")) && v->type == NL_HJ_STR)
    set_once_str(m, &m->ld_headline, v->s);
  if (ld_is_article(o) && (v = nl_hjson_get(o, "articleBody")) &&
      v->type == NL_HJ_STR)
    if (!m->ld_body && !(m->ld_body = nl_strdup(v->s))) m->oom = 1;
  if ((v = nl_hjson_get(o, "url")) && v->type == NL_HJ_STR)
    set_once_str(m, &m->ld_url, v->s);
  if ((v = nl_hjson_get(o, "author")) != NULL && !m->ld_author) {
    ld_names(v, &b, 0);
    if (!nl_buf_ok(&b))
      m->oom = 1;
    else if (b.len)
      set_once(m, &m->ld_author, b.data, b.len);
    nl_buf_free(&b);
  }
  if ((v = nl_hjson_get(o, "publisher")) != NULL) ld_publisher(m, v);
}

static void ld_walk(meta *m, const nl_hjson *v, int depth) {
  const nl_hjson *k;
  if (!v || depth > NL_HJSON_DEPTH) return;
  if (v->type == NL_HJ_OBJ) ld_org(m, v);
  if (v->type == NL_HJ_OBJ && ld_is_article(v) && !m->ld_article) {
    /* An Article wins over whatever a WebPage object gave before it. */
    nl_free(m->ld_date);
    nl_free(m->ld_author);
    nl_free(m->ld_headline);
    m->ld_date = m->ld_author = m->ld_headline = NULL;
    m->ld_article = 1;
    ld_take(m, v);
  } else if (v->type == NL_HJ_OBJ && !m->ld_article &&
             nl_hjson_get(v, "datePublished")) {
    ld_take(m, v);
  }
  if (v->type == NL_HJ_OBJ || v->type == NL_HJ_ARR)
    for (k = v->kids; k; k = k->next)
      if (k->type == NL_HJ_OBJ || k->type == NL_HJ_ARR)
        ld_walk(m, k, depth + 1);
}

static void ld_script(meta *m, xmlNodePtr n) {
  nl_buf b = NL_BUF_INIT;
  xmlNodePtr c;
  int oom = 0;
  nl_hjson *root;
  for (c = n->children; c; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        c->content && b.len < LD_MAX_BYTES)
      nl_buf_puts(&b, (const char *)c->content);
  if (!nl_buf_ok(&b)) {
    m->oom = 1;
    nl_buf_free(&b);
    return;
  }
  root = nl_hjson_parse(b.data ? b.data : "", b.len, &oom);
  if (oom) m->oom = 1;
  ld_walk(m, root, 0);
  if (m->ld_date && !m->line_ld) m->line_ld = nl_html_line(n);
  nl_hjson_free(root);
  nl_buf_free(&b);
}

/* ---- one pass over the elements ---- */

/* A meta name that is some publication date ("sn-post-date",
** "publish_time"), used only when no known name gave one. */
static int generic_date_key(const char *k) {
  size_t n = strlen(k);
  if (strstr(k, "modif") || strstr(k, "updat") || strstr(k, "expir")) return 0;
  return strstr(k, "publish") || (n >= 4 && !strcmp(k + n - 4, "date"));
}

static void on_meta(meta *m, xmlNodePtr n) {
  const char *key, *content = nl_html_attr(n, "content");
  char lk[64];
  size_t i, j;
  int pass;
  if (!content) return;
  for (pass = 0; pass < 4; pass++) {
    key = nl_html_attr(n, pass == 0   ? "property"
                          : pass == 1 ? "name"
                          : pass == 2 ? "itemprop"
                                      : "http-equiv");
    /* itemprop may hold several names: "datePublished dateCreated" */
    while (key && *key) {
      while (*key == ' ')
        key++;
      for (i = 0; key[i] && key[i] != ' ' && i + 1 < sizeof lk; i++)
        lk[i] = (char)nl_ascii_lower((unsigned char)key[i]);
      lk[i] = '\0';
      for (j = 0; j < K_COUNT; j++)
        if (strcmp(lk, meta_keys[j]) == 0) {
          set_once_str(m, &m->m[j], content);
          if (m->m[j] && !m->line_m[j]) m->line_m[j] = nl_html_line(n);
        }
      if (i > 0 && generic_date_key(lk))
        set_once_str(m, &m->m[K_ANY_DATE], content);
      key += i;
      if (pass != 2) break;
    }
  }
}

static int rel_has(xmlNodePtr n, const char *word) {
  const char *rel = nl_html_attr(n, "rel");
  return rel && contains_ci(rel, word);
}

static int class_has(xmlNodePtr n, const char *word) {
  const char *c = nl_html_attr(n, "class");
  return c && contains_ci(c, word);
}

/* The first element below `root` (within `limit` nodes) whose itemprop is
** `prop`, or NULL; with `scoped`, not one of an item inside (an element
** with itemscope: a publisher's logo has a name of its own). */
static xmlNodePtr find_itemprop(xmlNodePtr root, const char *prop, int limit,
                                int scoped) {
  xmlNodePtr n = root->children;
  while (n && limit-- > 0) {
    const char *p = nl_html_attr(n, "itemprop");
    if (p && strcmp(p, prop) == 0) return n;
    n = nl_html_next(n, root, !(scoped && nl_html_attr(n, "itemscope")));
  }
  return NULL;
}

static void on_itemprop(meta *m, xmlNodePtr n, const char *prop) {
  const char *v;
  xmlNodePtr c;
  if (strcmp(prop, "datePublished") == 0) {
    v = nl_html_attr(n, "content");
    if (!v) v = nl_html_attr(n, "datetime");
    if (v)
      set_once_str(m, &m->item_date, v);
    else
      set_text(m, &m->item_date, n);
    if (m->item_date && !m->line_item) m->line_item = nl_html_line(n);
  } else if (strcmp(prop, "author") == 0 && !m->item_author) {
    /* <... itemprop=author> holding <... itemprop=name>, or the name */
    if ((c = find_itemprop(n, "name", 200, 0)) != NULL) n = c;
    if ((v = nl_html_attr(n, "content")) != NULL)
      set_once_str(m, &m->item_author, v);
    else
      set_text(m, &m->item_author, n);
  }
}

/* Is `word` one of the space-separated words of `list`? */
static int has_word(const char *list, const char *word) {
  size_t n = strlen(word);
  const char *p = list;
  while ((p = strstr(p, word)) != NULL) {
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    p += n;
  }
  return 0;
}

/* itemprop="publisher": its content, else the itemprop name of its own
** item, else (no item) its text. */
static void on_publisher(meta *m, xmlNodePtr n) {
  const char *v;
  if (m->item_publisher) return;
  if ((v = nl_html_attr(n, "content")) != NULL) {
    set_once_str(m, &m->item_publisher, v);
  } else if (!nl_html_attr(n, "itemscope")) {
    set_text(m, &m->item_publisher, n);
  } else if ((n = find_itemprop(n, "name", 200, 1)) != NULL) {
    if ((v = nl_html_attr(n, "content")) != NULL)
      set_once_str(m, &m->item_publisher, v);
    else
      set_text(m, &m->item_publisher, n);
  }
}

static void on_element(meta *m, xmlNodePtr n) {
  const char *name = nl_html_name(n), *v;
  if (strcmp(name, "meta") == 0) {
    on_meta(m, n);
  } else if (strcmp(name, "html") == 0) {
    set_once_str(m, &m->lang, nl_html_attr(n, "lang"));
  } else if (strcmp(name, "title") == 0) {
    set_text(m, &m->title, n);
  } else if (strcmp(name, "h1") == 0) {
    int i;
    for (i = 0; i < 4 && m->h1s[i]; i++)
      ;
    if (i < 4) set_text(m, &m->h1s[i], n);
    if (i < 4 && m->h1s[i]) m->h1n[i] = n;
  } else if (strcmp(name, "link") == 0 && rel_has(n, "canonical")) {
    set_once_str(m, &m->canonical, nl_html_attr(n, "href"));
  } else if (strcmp(name, "script") == 0) {
    v = nl_html_attr(n, "type");
    if (v && contains_ci(v, "ld+json")) ld_script(m, n);
    return;
  } else if (strcmp(name, "time") == 0) {
    v = nl_html_attr(n, "datetime");
    if (v && nl_html_attr(n, "pubdate")) {
      set_once_str(m, &m->time_pub, v);
      if (m->time_pub && !m->line_time_pub) m->line_time_pub = nl_html_line(n);
    }
    if (v) set_once_str(m, &m->time_dt, v);
  } else if (strcmp(name, "a") == 0 && rel_has(n, "author")) {
    set_text(m, &m->rel_author, n);
  }
  if ((v = nl_html_attr(n, "itemprop")) != NULL && has_word(v, "publisher"))
    on_publisher(m, n);
  if ((v = nl_html_attr(n, "itemprop")) != NULL && strcmp(name, "meta")) {
    if (strstr(v, "datePublished"))
      on_itemprop(m, n, "datePublished");
    else if (strstr(v, "author"))
      on_itemprop(m, n, "author");
  }
  if (!m->byline && strcmp(name, "body") != 0 && strcmp(name, "html") != 0 &&
      !class_has(n, "comment") &&
      (class_has(n, "byline") || class_has(n, "author")))
    set_text(m, &m->byline, n);
}

/* ---- dates ---- */

/* See nl_html_internal.h. */
int nl_html_parse_date(const char *s, char out[NL_DATETIME_MAX]) {
  size_t n = strlen(s), starts[12], ends[24], ns = 0, ne = 0, i, j;
  if (nl_datetime_parse(s, n, out, NULL) == NL_OK) return 1;
  if (n > 100) return 0;
  for (i = 0; i < n; i++) {
    int sp = s[i] == ' ' || s[i] == ',';
    if (!sp && (i == 0 || s[i - 1] == ' ' || s[i - 1] == ',') && ns < 12)
      starts[ns++] = i;
    if (!sp && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == ',') && ne < 24)
      ends[ne++] = i + 1;
  }
  for (i = 0; i < ns; i++)
    for (j = ne; j-- > 0;)
      if (ends[j] > starts[i] &&
          nl_datetime_parse(s + starts[i], ends[j] - starts[i], out, NULL) ==
              NL_OK &&
          strlen(out) >= 10)
        return 1;
  return 0;
}

static nl_status set_date(nl_article *a, const char *value, const char *what) {
  char v[NL_DATETIME_MAX], ev[160];
  if (!value || !nl_html_parse_date(value, v)) return NL_EINVAL;
  snprintf(ev, sizeof ev, "%s: %.100s", what, value);
  return nl_article_set_published(a, v, NL_PUB_METADATA, ev);
}

/* ---- choosing ---- */

static nl_status set_str(nl_article *a, char **field, const char *s) {
  return s ? nl_article_set(a, field, s, strlen(s)) : NL_OK;
}

/* Drop a " | Site" / " - Site" suffix (or prefix) from a title. */
static nl_status set_title(nl_article *a, const char *t, const char *site) {
  static const char *const seps[] = {
      " | ",  " - ",        " \xe2\x80\x93 ", " \xe2\x80\x94 ",
      " :: ", " \xc2\xbb ", " \xc2\xb7 ",     NULL};
  const char *const *s;
  size_t n = strlen(t);
  for (s = seps; *s; s++) {
    const char *last = NULL, *p = t, *q;
    while ((q = strstr(p, *s)) != NULL) {
      last = q;
      p = q + 1;
    }
    if (!last) continue;
    {
      const char *tail = last + strlen(*s);
      size_t head = (size_t)(last - t), tl = strlen(tail);
      if ((site && contains_ci(tail, site) && tl <= strlen(site) + 4) ||
          (tl < head && tl <= 40 && !strchr(tail, ',')))
        return nl_article_set(a, &a->title, t, head);
      if (site && strncmp(t, site, strlen(site)) == 0 && head == strlen(site))
        return nl_article_set(a, &a->title, tail, tl);
    }
  }
  return nl_article_set(a, &a->title, t, n);
}

/* Drop a leading "By " or a one-word label ("Text: Jane Doe"). */
static const char *strip_by(const char *s) {
  size_t i;
  while (*s == ' ' || *s == '\n' || *s == '\t')
    s++;
  if ((s[0] == 'B' || s[0] == 'b') && (s[1] == 'y' || s[1] == 'Y') &&
      s[2] == ' ')
    return s + 3;
  for (i = 0; s[i] && i < 16 && s[i] != ' '; i++)
    if (s[i] == ':' && i > 0 && s[i + 1] == ' ') return s + i + 2;
  return s;
}

/* The length of s cut to at most 80 bytes at a character's start, so a
** warning quoting it stays UTF-8. */
static int cut80(const char *s) {
  size_t n = strlen(s);
  if (n <= 80) return (int)n;
  n = 80;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  return (int)n;
}

/* First date that parses: JSON-LD Article, <meta> names in priority
** order, microdata, <time pubdate>, <time datetime>, other date metas.
** (choose() then asks nl_html_page_date for the date the page shows.)
** A field named for the publication date that is tried and holds no date
** is warned, with its file (`name`) and line; the generic ones (a "date"
** meta, any <time>, other metas named like a date) often hold other
** things and are not. */
static nl_status choose_date(nl_article *a, const meta *m, const char *name) {
  static const int keys[] = {
      K_PUB_TIME,     K_OG_PUB,        K_ART_PUBLISHED, K_DATEPUB,
      K_PARSELY_DATE, K_DC_DATE,       K_DC_ISSUED,     K_DCT_ISSUED,
      K_DCT_DATE,     K_DCT_CREATED,   K_PUBDATE,       K_PUBLISHDATE,
      K_PUBLISH_DATE, K_SAILTHRU_DATE, K_DATE,          -1};
  const char *vals[24], *whats[24];
  char names[24][48];
  long lines[24]; /* 0: a generic field, never warned */
  size_t n = 0, i;
  lines[n] = m->line_ld;
  vals[n] = m->ld_date;
  whats[n++] = "JSON-LD datePublished";
  for (i = 0; keys[i] >= 0; i++, n++) {
    snprintf(names[n], sizeof names[n], "meta %s", meta_keys[keys[i]]);
    vals[n] = m->m[keys[i]];
    whats[n] = names[n];
    lines[n] = keys[i] == K_DATE ? 0 : m->line_m[keys[i]];
  }
  lines[n] = m->line_item;
  vals[n] = m->item_date;
  whats[n++] = "itemprop datePublished";
  lines[n] = m->line_time_pub;
  vals[n] = m->time_pub;
  whats[n++] = "time pubdate";
  lines[n] = 0;
  vals[n] = m->time_dt;
  whats[n++] = "time datetime";
  lines[n] = 0;
  vals[n] = m->m[K_ANY_DATE];
  whats[n++] = "meta (a date field)";
  for (i = 0; i < n; i++) {
    nl_status rc = set_date(a, vals[i], whats[i]);
    if (rc == NL_OK || rc == NL_ENOMEM) return rc;
    if (vals[i] && lines[i] > 0 &&
        nl_article_warn(a, "%s:%ld: unreadable date in %s '%.*s'", name,
                        lines[i], whats[i], cut80(vals[i]), vals[i]) != NL_OK)
      return NL_ENOMEM;
  }
  return NL_OK;
}

static const char *choose_author(const meta *m) {
  static const int keys[] = {K_AUTHOR,
                             K_PARSELY_AUTHOR,
                             K_DC_CREATOR,
                             K_SAILTHRU_AUTHOR,
                             K_ART_AUTHOR,
                             K_BYL,
                             -1};
  int i;
  if (m->ld_author) return m->ld_author;
  for (i = 0; keys[i] >= 0; i++) {
    const char *v = m->m[keys[i]];
    if (v && strncmp(v, "http", 4) != 0) return v; /* not a profile URL */
  }
  if (m->item_author) return m->item_author;
  if (m->rel_author) return m->rel_author;
  /* a byline box longer than a few names holds dates and labels too */
  return m->byline && strlen(m->byline) <= 60 ? m->byline : NULL;
}

static nl_status set_language(nl_article *a, const meta *m) {
  const char *lang = m->lang                ? m->lang
                     : m->m[K_CONTENT_LANG] ? m->m[K_CONTENT_LANG]
                                            : m->m[K_LOCALE];
  char l[24];
  size_t k;
  if (!lang) return NL_OK;
  for (k = 0; lang[k] && k + 1 < sizeof l; k++)
    l[k] = lang[k] == '_' ? '-' : lang[k]; /* og:locale "en_US" */
  l[k] = '\0';
  return set_str(a, &a->language, l);
}

/* The outlet (nl_html_outlet.c), once a->url is set.  A publisher given
** by "@id" is named by the Organization with that @id. */
static nl_status set_outlet(nl_article *a, const meta *m) {
  nl_html_outlet_ev ev;
  int i;
  memset(&ev, 0, sizeof ev);
  ev.site_name = m->m[K_SITE];
  ev.ld_publisher = m->ld_publisher;
  for (i = 0;
       !ev.ld_publisher && m->ld_publisher_id && i < LD_ORGS && m->org_id[i];
       i++)
    if (!strcmp(m->org_id[i], m->ld_publisher_id))
      ev.ld_publisher = m->org_name[i];
  ev.item_publisher = m->item_publisher;
  ev.dc_publisher =
      m->m[K_DC_PUBLISHER] ? m->m[K_DC_PUBLISHER] : m->m[K_DCT_PUBLISHER];
  ev.cre = m->m[K_CRE];
  ev.app_name = m->m[K_APP_NAME];
  ev.title = m->title;
  ev.handle = m->m[K_TW_SITE];
  return nl_html_outlet(a, &ev);
}

static nl_status choose(nl_article *a, meta *m, xmlNodePtr root,
                        const char *name) {
  const char *site = m->m[K_SITE] ? m->m[K_SITE] : m->ld_publisher;
  const char *t;
  nl_status rc = NL_OK;
  t = m->m[K_OG_TITLE]   ? m->m[K_OG_TITLE]
      : m->m[K_TW_TITLE] ? m->m[K_TW_TITLE]
      : m->ld_headline   ? m->ld_headline
      : m->h1 && !m->h1_logo ? m->h1
                             : m->title;
  if (t) rc = set_title(a, t, site);
  if (rc == NL_OK) rc = choose_date(a, m, name);
  /* none a machine reads: the date the page shows (nl_html_pagedate.c) */
  if (rc == NL_OK && !a->published)
    rc = nl_html_page_date(root, m->h1_node, m->h1_logo, a);
  t = choose_author(m);
  if (rc == NL_OK && t && strlen(t) < 200)
    rc = set_str(a, &a->author, strip_by(t));
  if (rc == NL_OK)
    rc = set_str(a, &a->url,
                 m->canonical     ? m->canonical
                 : m->m[K_OG_URL] ? m->m[K_OG_URL]
                                  : m->ld_url);
  if (rc == NL_OK) rc = set_outlet(a, m);
  if (rc == NL_OK) rc = set_language(a, m);
  return rc;
}

static void meta_free(meta *m) {
  int i;
  for (i = 0; i < K_COUNT; i++)
    nl_free(m->m[i]);
  nl_free(m->lang);
  nl_free(m->title);
  nl_free(m->h1);
  for (i = 0; i < 4; i++)
    nl_free(m->h1s[i]);
  nl_free(m->canonical);
  nl_free(m->rel_author);
  nl_free(m->byline);
  nl_free(m->time_dt);
  nl_free(m->time_pub);
  nl_free(m->item_date);
  nl_free(m->item_author);
  nl_free(m->item_publisher);
  nl_free(m->ld_publisher_id);
  for (i = 0; i < LD_ORGS; i++) {
    nl_free(m->org_id[i]);
    nl_free(m->org_name[i]);
  }
  nl_free(m->ld_date);
  nl_free(m->ld_author);
  nl_free(m->ld_publisher);
  nl_free(m->ld_headline);
  nl_free(m->ld_url);
  nl_free(m->ld_body);
}

/* Does the class or id list v hold a token for a logo: "logo",
** "site-title", "site-name", "sitename", "brand", "masthead", or one
** that starts or ends with "logo" ("logo-main", "header_logo")? */
static int logo_token(const char *v) {
  static const char *const whole[] = {"logo",     "site-title", "site-name",
                                      "sitename", "brand",      "masthead",
                                      NULL};
  while (v && *v) {
    size_t n = strcspn(v, " \t\r\n");
    const char *const *w;
    for (w = whole; n && *w; w++)
      if (n == strlen(*w) && !strncmp(v, *w, n)) return 1;
    if (n > 4 && (!strncmp(v, "logo", 4) || !strncmp(v + n - 4, "logo", 4)))
      return 1;
    v += n;
    v += strspn(v, " \t\r\n");
  }
  return 0;
}

/* Is h1 element n the site's logo or name rather than a headline: one
** that links to the home page (an <a> around it or inside it), or whose
** class or id says logo, brand or site title (logo_token)? */
static int logo_h1(xmlNodePtr n) {
  xmlNodePtr e = n;
  int up;
  if (logo_token(nl_html_attr(n, "class")) || logo_token(nl_html_attr(n, "id")))
    return 1;
  for (up = 0; e && e->type == XML_ELEMENT_NODE && up < 3;
       e = e->parent, up++)
    if (!strcmp(nl_html_name(e), "a") && nl_url_is_home(nl_html_attr(e, "href")))
      return 1;
  for (e = n->children; e; e = e->next)
    if (e->type == XML_ELEMENT_NODE && !strcmp(nl_html_name(e), "a") &&
        nl_url_is_home(nl_html_attr(e, "href")))
      return 1;
  return 0;
}

/* The page's headline among its <h1>s: the longest one the <title>
** contains (a logo in an <h1> is not the headline), else the first. */
static void pick_h1(meta *m) {
  int i, best = 0;
  size_t best_len = 0;
  for (i = 0; i < 4 && m->h1s[i]; i++) {
    size_t n = strlen(m->h1s[i]);
    if (m->title && n > best_len && strstr(m->title, m->h1s[i])) {
      best = i;
      best_len = n;
    }
  }
  m->h1 = m->h1s[best];
  m->h1_node = m->h1n[best];
  /* an <h1> that links home or is called a logo is the site's name
  ** ("엔터 미디어" over the story) when the <title> says more than it
  ** (a <title> that is only the site's name is no headline either) */
  m->h1_logo = m->h1 && m->title && strlen(m->title) > strlen(m->h1) &&
               logo_h1(m->h1_node);
  m->h1s[best] = NULL;
}

/*
** See nl_html_internal.h.  One iterative pass over every element, then the
** best source of each field is chosen.
*/
nl_status nl_html_meta(htmlDocPtr doc, const char *name, nl_article *a,
                       char **ld_body) {
  meta m;
  xmlNodePtr root = xmlDocGetRootElement(doc), n = root;
  nl_status rc;
  memset(&m, 0, sizeof m);
  while (n && !m.oom) {
    if (n->type == XML_ELEMENT_NODE) on_element(&m, n);
    n = nl_html_next(n, root, n->type == XML_ELEMENT_NODE &&
                                  strcmp(nl_html_name(n), "script") != 0);
  }
  pick_h1(&m);
  rc = m.oom ? NL_ENOMEM : choose(a, &m, root, name);
  *ld_body = m.ld_body;
  m.ld_body = NULL;
  meta_free(&m);
  return rc;
}
