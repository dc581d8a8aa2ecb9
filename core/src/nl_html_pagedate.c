/*
** nl_html_pagedate.c -- the publication date a page shows, for a page
** that gives none a machine reads (nl_html_meta.c looks at those first:
** JSON-LD, <meta>, microdata, <time>).
**
** Two kinds of evidence, in this order; a wrong date is worse than none,
** so each is taken only when all of its kind on the page agree on the day:
**
**  1. A field named for the publication date: an element whose class, id
**     or name is hAtom's "published" or "pubdate", or joins a word for
**     publishing (publish..., publication, pub) with one for a moment
**     (date, time, on, at): "published_date", "article-publish-date",
**     "ArticlePage-datePublished", "content__published-on".  Its value,
**     content, datetime or title attribute, else its text (a short one).
**  2. A full date (day, month and year) written beside the headline: a
**     short text among those within WINDOW bytes of text before or after
**     the headline <h1>, not reaching past a paragraph of text or another
**     heading.  The nearest is taken.  When the <h1> is the site's name
**     (a logo; the title is then the <title>'s), the headline is the first
**     text of the body that is the title, outside page furniture.
**
** Never taken, for either: a date in page furniture, that is in a <nav>,
** <aside>, <footer>, <header> or <form>, or an element whose class or id
** names comments, related or recommended stories, widgets, menus or the
** like, unless that element also holds the headline; a date labelled as
** an update ("Updated", "Modified", "Aktualisiert"), its label in the text
** or in the short text just before it, or the class of its element
** (hAtom "updated"); a copyright line.  The body is out
** of reach by the window and by the short texts.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_datetime.h"
#include "nl_ascii.h"
#include "nl_html_internal.h"

#define SHORT_TEXT 80  /* longest text read as a date */
#define PARA_TEXT 150  /* a text this long is a paragraph: the scan stops */
#define WINDOW 250     /* bytes of text looked at on each side of the <h1> */
#define MAX_STEPS 2000 /* nodes walked on each side */

/* ---- words ---- */

/* Is c HTML text's whitespace (space, tab, CR, LF)? */
static int is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int has_ci(const char *hay, size_t n, const char *needle) {
  size_t i, j, k = strlen(needle);
  for (i = 0; i + k <= n; i++) {
    for (j = 0; j < k; j++)
      if (nl_ascii_lower((unsigned char)hay[i + j]) != (unsigned char)needle[j])
        break;
    if (j == k) return 1;
  }
  return 0;
}

static int attr_has(xmlNodePtr n, const char *attr, const char *const *words) {
  const char *v = nl_html_attr(n, attr);
  for (; v && *words; words++)
    if (has_ci(v, strlen(v), *words)) return 1;
  return 0;
}

/* Words that say a date is not the publication date. */
static int update_label(const char *s, size_t n) {
  static const char *const labels[] = {
      "updat",    "modif",    "aktualisiert",      "ge\xc3\xa4ndert",
      "actualiz", "atualiz",  "mis \xc3\xa0 jour", "edited",
      "revised",  "\xc2\xa9", "copyright",         NULL};
  const char *const *p;
  for (p = labels; *p; p++)
    if (has_ci(s, n, *p)) return 1;
  return 0;
}

/* Is the class/id token s[0..n) a name for the publication date?  Its
** words are split at punctuation and at lower-to-upper case changes. */
static int pubdate_token(const char *s, size_t n) {
  static const char *const whole[] = {
      "published",     "pubdate",       "publishdate",
      "publisheddate", "publishedon",   "publishedat",
      "publishtime",   "datepublished", NULL};
  char w[8][24];
  size_t nw = 0, i = 0, k;
  int pub = 0, moment = 0;
  while (i < n && nw < 8) {
    size_t len = 0;
    while (i < n && !nl_ascii_is_alnum((unsigned char)s[i]))
      i++;
    if (i == n) break;
    do {
      if (len + 1 < sizeof w[0])
        w[nw][len++] = (char)nl_ascii_lower((unsigned char)s[i]);
      i++;
    } while (
        i < n && nl_ascii_is_alnum((unsigned char)s[i]) &&
        !(s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z'));
    w[nw++][len] = '\0';
  }
  for (k = 0; k < nw; k++) {
    const char *const *p;
    if (strstr(w[k], "updat") || strstr(w[k], "modif")) return 0;
    if (nw == 1)
      for (p = whole; *p; p++)
        if (!strcmp(w[k], *p)) return 1;
    if (!strncmp(w[k], "publish", 7) || !strcmp(w[k], "publication") ||
        !strcmp(w[k], "pub"))
      pub = 1;
    if (!strcmp(w[k], "date") || !strcmp(w[k], "time") ||
        !strcmp(w[k], "datetime") || !strcmp(w[k], "timestamp") ||
        !strcmp(w[k], "on") || !strcmp(w[k], "at"))
      moment = 1;
  }
  return pub && moment;
}

/* The first class token, id or name of `n` that names the publication
** date, copied to `name` (for the evidence); 0 if none. */
static int names_pubdate(xmlNodePtr n, char *name, size_t size) {
  static const char *const attrs[] = {"class", "id", "name", NULL};
  const char *const *a;
  for (a = attrs; *a; a++) {
    const char *v = nl_html_attr(n, *a), *p = v;
    while (p && *p) {
      size_t len;
      while (is_ws(*p))
        p++;
      for (len = 0; p[len] && p[len] != ' ' && p[len] != '\t' &&
                    p[len] != '\n' && p[len] != '\r';
           len++)
        ;
      if (len && pubdate_token(p, len)) {
        snprintf(name, size, "%s=\"%.*s\"", *a, (int)(len > 60 ? 60 : len), p);
        return 1;
      }
      p += len;
    }
  }
  return 0;
}

/* ---- places ---- */

static int contains(xmlNodePtr anc, xmlNodePtr n) {
  for (; n; n = n->parent)
    if (n == anc) return 1;
  return 0;
}

/* Is `n` inside page furniture (see the top of the file)?  Only the
** elements below <body> that do not also hold `headline` (may be NULL)
** count: what holds the headline is the article's, even when a page's
** broken nesting puts the whole article inside its menu. */
static int in_furniture(xmlNodePtr n, xmlNodePtr headline) {
  static const char *const words[] = {
      "comment", "related",  "footer",  "sidebar",  "recommend",  "widget",
      "teaser",  "promo",    "popular", "trending", "newsletter", "breadcrumb",
      "menu",    "masthead", "navbar",  "topbar",   "copyright",  NULL};
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
    const char *name = nl_html_name(n);
    if (!strcmp(name, "body") || !strcmp(name, "html") ||
        (headline && contains(n, headline)))
      return 0;
    if (!strcmp(name, "nav") || !strcmp(name, "aside") ||
        !strcmp(name, "footer") || !strcmp(name, "header") ||
        !strcmp(name, "form"))
      return 1;
    if (attr_has(n, "class", words) || attr_has(n, "id", words)) return 1;
  }
  return 0;
}

/* Element text of `root` (script and the like left out), whitespace
** collapsed, up to `max` bytes; 0 when longer. */
static int short_text(xmlNodePtr root, char *out, size_t max) {
  xmlNodePtr n = root->children;
  size_t k = 0;
  while (n) {
    if (n->type == XML_TEXT_NODE && n->content) {
      const char *s = (const char *)n->content;
      for (; *s; s++) {
        int sp = is_ws(*s);
        if (sp && (k == 0 || out[k - 1] == ' ')) continue;
        if (k + 1 >= max) return 0;
        out[k++] = sp ? ' ' : *s;
      }
    }
    n = nl_html_next(n, root, n->type == XML_ELEMENT_NODE &&
                                  !nl_html_is_junk(nl_html_name(n)));
  }
  while (k > 0 && out[k - 1] == ' ')
    k--;
  out[k] = '\0';
  return 1;
}

/* A full date (year, month, day) written in s. */
static int full_date(const char *s, char out[NL_DATETIME_MAX]) {
  return nl_html_parse_date(s, out) && strlen(out) >= 10;
}

/* ---- 1: a field named for the publication date ---- */

/* The date chosen among the candidates of one kind. */
typedef struct pick {
  char value[NL_DATETIME_MAX];
  char ev[256];
  size_t dist; /* the chosen one's distance from what it is near */
  int n, disagree;
} pick;

/* A candidate `dist` from the place: the nearest is kept; any two that
** differ in their day make the kind disagree. */
static void offer(pick *p, const char *value, const char *ev, size_t dist) {
  if (p->n > 0 && strncmp(p->value, value, 10) != 0) p->disagree = 1;
  if (p->n++ == 0 || dist < p->dist) {
    snprintf(p->value, sizeof p->value, "%s", value);
    snprintf(p->ev, sizeof p->ev, "%s", ev);
    p->dist = dist;
  }
}

static void field(xmlNodePtr n, xmlNodePtr headline, pick *f) {
  static const char *const attrs[] = {"value", "content", "datetime", "title",
                                      NULL};
  const char *const *a, *v = NULL;
  char name[80], text[SHORT_TEXT + 1], out[NL_DATETIME_MAX], ev[256];
  if (!strcmp(nl_html_name(n), "meta") || !names_pubdate(n, name, sizeof name))
    return;
  for (a = attrs; *a && !v; a++)
    if ((v = nl_html_attr(n, *a)) != NULL && !full_date(v, out)) v = NULL;
  if (!v) {
    if (!short_text(n, text, sizeof text) || !full_date(text, out)) return;
    v = text;
  }
  if (update_label(v, strlen(v)) || in_furniture(n, headline)) return;
  snprintf(ev, sizeof ev, "page field <%s %s> (line %ld): %.80s",
           nl_html_name(n), name, nl_html_line(n), v);
  offer(f, out, ev, (size_t)f->n);
}

static void fields(xmlNodePtr root, xmlNodePtr headline, pick *f) {
  xmlNodePtr n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE) field(n, headline, f);
    n = nl_html_next(n, root, n->type == XML_ELEMENT_NODE &&
                                  !nl_html_is_junk(nl_html_name(n)));
  }
}

/* ---- 2: a date beside the headline ---- */

static int is_heading(xmlNodePtr n) {
  const char *s = nl_html_name(n);
  return s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '\0';
}

/* The node after n in document order, not entering junk; NULL at the end. */
static xmlNodePtr next_node(xmlNodePtr n, int enter) {
  if (enter && n->type == XML_ELEMENT_NODE && n->children &&
      !nl_html_is_junk(nl_html_name(n)))
    return n->children;
  while (n && !n->next)
    n = n->parent;
  return n ? n->next : NULL;
}

/* The node before n in document order (an ancestor comes before its
** children), not entering junk. */
static xmlNodePtr prev_node(xmlNodePtr n) {
  if (!n->prev) return n->parent;
  n = n->prev;
  while (n->type == XML_ELEMENT_NODE && n->last &&
         !nl_html_is_junk(nl_html_name(n)))
    n = n->last;
  return n;
}

/* Length of s without leading and trailing whitespace; *start its start. */
static size_t trimmed(const char *s, const char **start) {
  size_t n;
  while (is_ws(*s))
    s++;
  n = strlen(s);
  while (n > 0 && is_ws(s[n - 1]))
    n--;
  *start = s;
  return n;
}

/* The non-empty text just before text node t, if short: its label. */
static int label_before_is_update(xmlNodePtr t) {
  xmlNodePtr n = t;
  int steps = 0;
  while ((n = prev_node(n)) != NULL && steps++ < 20) {
    const char *s;
    size_t len;
    if (n->type != XML_TEXT_NODE || !n->content) continue;
    len = trimmed((const char *)n->content, &s);
    if (len == 0) continue;
    return len <= 30 && update_label(s, len);
  }
  return 0;
}

/* Does the nearest element holding t with a class name it an update
** time, not the publication's (hAtom "updated", "modified-date")? */
static int class_is_update(xmlNodePtr t) {
  xmlNodePtr e;
  const char *v;
  for (e = t->parent; e && e->type == XML_ELEMENT_NODE; e = e->parent)
    if ((v = nl_html_attr(e, "class")) != NULL && *v)
      return (has_ci(v, strlen(v), "updat") || has_ci(v, strlen(v), "modif")) &&
             !has_ci(v, strlen(v), "publish");
  return 0;
}

/* The nearest element holding t with a class or id, for the evidence. */
static void describe(xmlNodePtr t, char *out, size_t size) {
  xmlNodePtr e;
  const char *v;
  for (e = t->parent; e && e->type == XML_ELEMENT_NODE; e = e->parent) {
    if ((v = nl_html_attr(e, "class")) != NULL && *v) {
      snprintf(out, size, "<%s class=\"%.60s\">", nl_html_name(e), v);
      return;
    }
    if ((v = nl_html_attr(e, "id")) != NULL && *v) {
      snprintf(out, size, "<%s id=\"%.60s\">", nl_html_name(e), v);
      return;
    }
  }
  snprintf(out, size, "<%s>", nl_html_name(t->parent));
}

/* Look at text node t, `dist` bytes of text from the headline. */
static void consider(pick *p, xmlNodePtr t, xmlNodePtr headline, size_t dist) {
  char text[SHORT_TEXT + 1], out[NL_DATETIME_MAX], where[100], ev[256];
  const char *s;
  size_t len = trimmed((const char *)t->content, &s);
  size_t i, k = 0;
  if (len > SHORT_TEXT) return;
  for (i = 0; i < len; i++) { /* whitespace runs collapsed */
    int sp = is_ws(s[i]);
    if (!sp || (k > 0 && text[k - 1] != ' ')) text[k++] = sp ? ' ' : s[i];
  }
  text[k] = '\0';
  len = k;
  if (!full_date(text, out) || update_label(text, len) ||
      label_before_is_update(t) || class_is_update(t) ||
      in_furniture(t->parent, headline))
    return;
  describe(t, where, sizeof where);
  snprintf(ev, sizeof ev, "beside the headline, %.100s (line %ld): %.80s",
           where, nl_html_line(t->parent), text);
  offer(p, out, ev, dist);
}

/* Walk one way from the headline; dir > 0 forward. */
static void walk(pick *p, xmlNodePtr headline, int dir) {
  xmlNodePtr n = dir > 0 ? next_node(headline, 0) : prev_node(headline);
  size_t seen = 0;
  int steps = 0;
  for (; n && steps < MAX_STEPS; steps++) {
    if (n->type == XML_ELEMENT_NODE) {
      const char *name = nl_html_name(n);
      if (!strcmp(name, "body") || !strcmp(name, "html")) break;
      if (is_heading(n) && !contains(n, headline)) break;
    } else if (n->type == XML_TEXT_NODE && n->content) {
      const char *s;
      size_t len = trimmed((const char *)n->content, &s);
      if (len >= PARA_TEXT || (seen += len) > WINDOW) break;
      if (len) consider(p, n, headline, seen);
    }
    n = dir > 0 ? next_node(n, 1) : prev_node(n);
  }
}

/* ---- the headline, when the <h1> is the site's name ---- */

/* Is s, its whitespace runs read as one space and its ends trimmed, the
** text t (already so written)? */
static int same_text(const char *s, const char *t) {
  int sp = 0;
  while (is_ws(*s))
    s++;
  for (; *s; s++) {
    if (is_ws(*s)) {
      sp = 1;
      continue;
    }
    if (sp && *t++ != ' ') return 0;
    sp = 0;
    if (*t++ != *s) return 0;
  }
  return *t == '\0';
}

/*
** The headline of a page whose <h1> is the site's name (a logo): the
** element of the first text of the body that is the title, outside page
** furniture -- the <dt> of "<dt>Headline</dt> 기사입력 :[ 2018-08-25
** 15:24 ]".  One pass over the text nodes; NULL when none is.
*/
static xmlNodePtr title_element(xmlNodePtr root, const char *title) {
  xmlNodePtr n = root;
  if (!title || strlen(title) < 8) return NULL;
  while (n) {
    int enter = 1;
    if (n->type == XML_ELEMENT_NODE) {
      const char *name = nl_html_name(n);
      enter = strcmp(name, "head") != 0 && !nl_html_is_junk(name);
    } else if (n->type == XML_TEXT_NODE && n->content && n->parent &&
               same_text((const char *)n->content, title) &&
               !in_furniture(n->parent, NULL)) {
      return n->parent;
    }
    n = nl_html_next(n, root, enter);
  }
  return NULL;
}

/* ---- choosing ---- */

/* Set a's date from what p chose, if all its candidates agree. */
static nl_status take(nl_article *a, const pick *p) {
  if (!p->n || p->disagree) return NL_OK;
  return nl_article_set_published(a, p->value, NL_PUB_METADATA, p->ev) ==
                 NL_ENOMEM
             ? NL_ENOMEM
             : NL_OK;
}

/* See nl_html_internal.h. */
nl_status nl_html_page_date(xmlNodePtr root, xmlNodePtr headline,
                            int logo, nl_article *a) {
  pick f, h;
  nl_status rc;
  memset(&f, 0, sizeof f);
  memset(&h, 0, sizeof h);
  if (root) fields(root, headline, &f);
  if ((rc = take(a, &f)) != NL_OK || a->published) return rc;
  if (logo) headline = root ? title_element(root, a->title) : NULL;
  if (!headline) return NL_OK;
  walk(&h, headline, 1);
  walk(&h, headline, -1);
  return take(a, &h);
}
