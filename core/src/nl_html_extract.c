/*
** nl_html_extract.c -- main-content extraction (readability's scoring with
** trafilatura-style pruning), general heuristics only:
**
**  1. index every element (iterative, any depth) and count its text, link
**     text, commas, paragraphs, images, list items and form inputs;
**  2. drop script/style/nav/aside/footer/figure, hidden elements and
**     elements whose class/id/role names boilerplate (comments, share bars,
**     related links, cookie notices, ...) unless they hold most of the page;
**  3. score paragraphs (length, commas) into their ancestors, weight by
**     tag and class/id hints, discount by link density, pick the best
**     container and join its siblings that score or read like article text;
**  4. write the container's blocks as paragraphs, leaving out lists, tables
**     and divs that are mostly links, forms, short labels and image blocks.
*/
#include <stdint.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_html_internal.h"

enum {
  F_DROP = 1,      /* never part of the content */
  F_LINK = 2,      /* inside <a> */
  F_BLOCKDESC = 4, /* has a block element below it */
  F_CAND = 8,      /* scored as a content candidate */
  F_KEEP = 16,     /* class/id says "this is the article body" */
  F_NEG = 32       /* class/id/role names boilerplate */
};

typedef struct hnode {
  xmlNodePtr node;
  const char *name;
  int parent;
  unsigned flags;
  int cw; /* class/id weight */
  /* own text (direct text children) and subtree totals */
  size_t own_text, own_link, own_commas;
  size_t text, link, commas;
  size_t inline_text, inline_commas; /* text not inside a child block */
  int n_br;                          /* <br> children */
  size_t quote_text; /* text inside <blockquote> (embedded posts, quotes) */
  int n_p, n_img, n_li, n_input, n_embed;
  int n_tr, n_cell, n_table; /* table rows, cells, tables (incl. itself) */
  double score;
} hnode;

typedef struct ex {
  hnode *h;
  size_t n, cap;
  size_t page_text;
} ex;

/* ---- class/id hints ---- */

static const char *const positive_words[] = {
    "article", "body", "content", "entry", "hentry", "main",
    "page",    "post", "text",    "blog",  "story",  NULL};

static const char *const negative_words[] = {
    "-ad-",      "hidden",   "banner",     "combx",      "comment",
    "com-",      "contact",  "foot",       "masthead",   "media",
    "meta",      "outbrain", "promo",      "related",    "scroll",
    "share",     "shoutbox", "sidebar",    "skyscraper", "sponsor",
    "shopping",  "tags",     "tool",       "widget",     "nav",
    "menu",      "cookie",   "newsletter", "subscri",    "social",
    "byline",    "author",   "caption",    "credit",     "breadcrumb",
    "recommend", "popular",  "trending",   "taboola",    "signup",
    "modal",     "popup",    NULL};

/* Token prefixes that mark a boilerplate block. */
static const char *const boiler_prefixes[] = {
    "comment",    "related",    "share",        "sharing",
    "social",     "sidebar",    "footer",       "nav",
    "menu",       "breadcrumb", "promo",        "newsletter",
    "cookie",     "subscri",    "signup",       "recommend",
    "popular",    "trending",   "outbrain",     "taboola",
    "byline",     "dateline",   "timestamp",    "caption",
    "credit",     "toolbar",    "disqus",       "advert",
    "sponsor",    "banner",     "modal",        "popup",
    "gdpr",       "consent",    "masthead",     "author",
    "header",     "offscreen",  "screenreader", "rss",
    "tags",       "topics",     "print",        "newsroll",
    "pagination", "pager",      "overlay",      "more",
    NULL};

/* Whole tokens that mark a boilerplate block. */
static const char *const boiler_tokens[] = {
    "ad",    "ads",    "adv",    "adslot",    "tag",    "meta",
    "share", "tools",  "video",  "sr",        "kicker", "embed",
    "aside", "extra",  "follow", "utility",   "dfp",    "gpt",
    "promo", "hidden", "hide",   "invisible", NULL};

/* Joined-token names that mark the article body itself. */
static const char *const body_names[] = {
    "articlebody",    "storybody",   "entrycontent", "postcontent",
    "articlecontent", "postbody",    "articletext",  "storycontent",
    "maincontent",    "bodytext",    "storytext",    "contentbody",
    "entrybody",      "articlecopy", "storycopy",    "postentry",
    "richtext",       NULL};

/* Joined-token names of link lists about other stories. */
static const char *const boiler_names[] = {
    "morestories",  "morefrom",   "morenews",   "moreon",       "mostread",
    "mostpopular",  "mostviewed", "mostshared", "alsoread",     "youmayalso",
    "youmightalso", "readnext",   "upnext",     "morelikethis", NULL};

static const char *const boiler_roles[] = {
    "navigation",  "menu",        "menubar", "complementary",
    "banner",      "contentinfo", "dialog",  "alert",
    "alertdialog", "search",      NULL};

/* Lowercased class + " " + id into out (bounded). */
static void hint_string(xmlNodePtr n, char *out, size_t sz) {
  const char *c = nl_html_attr(n, "class"), *id = nl_html_attr(n, "id");
  size_t k = 0;
  const char *parts[2];
  int i;
  parts[0] = c;
  parts[1] = id;
  for (i = 0; i < 2; i++) {
    const char *p = parts[i];
    if (!p) continue;
    if (k && k + 1 < sz) out[k++] = ' ';
    for (; *p && k + 1 < sz; p++)
      out[k++] = (char)nl_ascii_lower((unsigned char)*p);
  }
  out[k] = '\0';
}

static int has_word(const char *s, const char *const *words) {
  for (; *words; words++)
    if (strstr(s, *words)) return 1;
  return 0;
}

static int in_words(const char *s, size_t n, const char *const *words) {
  for (; *words; words++)
    if (strlen(*words) == n && memcmp(*words, s, n) == 0) return 1;
  return 0;
}

static int starts_words(const char *s, size_t n, const char *const *words) {
  for (; *words; words++) {
    size_t k = strlen(*words);
    if (k <= n && memcmp(*words, s, k) == 0) return 1;
  }
  return 0;
}

/* Does the hint string name boilerplate (token-wise)? */
static int boiler_hint(const char *s) {
  size_t i = 0;
  while (s[i]) {
    size_t j = i;
    while (s[j] && nl_ascii_is_alnum((unsigned char)s[j]))
      j++;
    if (j > i && (in_words(s + i, j - i, boiler_tokens) ||
                  starts_words(s + i, j - i, boiler_prefixes)))
      return 1;
    i = s[j] ? j + 1 : j;
  }
  return 0;
}

/* Does the hint string (separators removed) contain one of `names`? */
static int joined_hint(const char *s, const char *const *names) {
  char joined[256];
  size_t i, k = 0;
  for (i = 0; s[i] && k + 1 < sizeof joined; i++)
    if (s[i] != '-' && s[i] != '_') joined[k++] = s[i];
  joined[k] = '\0';
  return has_word(joined, names);
}

static int hidden(xmlNodePtr n) {
  const char *st = nl_html_attr(n, "style"), *ah;
  char buf[128];
  size_t k = 0;
  if (nl_html_attr(n, "hidden")) return 1;
  ah = nl_html_attr(n, "aria-hidden");
  if (ah && strcmp(ah, "true") == 0) return 1;
  if (!st) return 0;
  for (; *st && k + 1 < sizeof buf; st++)
    if (*st != ' ') buf[k++] = (char)nl_ascii_lower((unsigned char)*st);
  buf[k] = '\0';
  return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static int tag_weight(const char *name) {
  if (!strcmp(name, "div") || !strcmp(name, "article") || !strcmp(name, "main"))
    return 5;
  if (!strcmp(name, "pre") || !strcmp(name, "td") ||
      !strcmp(name, "blockquote") || !strcmp(name, "section"))
    return 3;
  if (!strcmp(name, "address") || !strcmp(name, "ol") || !strcmp(name, "ul") ||
      !strcmp(name, "dl") || !strcmp(name, "dd") || !strcmp(name, "dt") ||
      !strcmp(name, "li") || !strcmp(name, "form"))
    return -3;
  if ((name[0] == 'h' && name[1] >= '1' && name[1] <= '6') ||
      !strcmp(name, "th"))
    return -5;
  return 0;
}

/* Elements that are never article text. */
static int structural_drop(const char *name) {
  return !strcmp(name, "figure") || !strcmp(name, "figcaption");
}

/* Elements that are boilerplate unless they wrap most of the page (an
** ASP.NET <form> around everything, a <header> holding the whole site). */
static int structural_neg(const char *name) {
  return !strcmp(name, "nav") || !strcmp(name, "aside") ||
         !strcmp(name, "footer") || !strcmp(name, "header") ||
         !strcmp(name, "form") || !strcmp(name, "menu");
}

/* ---- pass 1: index ---- */

static void count_text(const char *t, size_t *chars, size_t *commas) {
  const unsigned char *u = (const unsigned char *)t;
  int space = 1;
  for (; *u; u++) {
    if (*u == ' ' || *u == '\n' || *u == '\t' || *u == '\r') {
      if (!space) (*chars)++;
      space = 1;
      continue;
    }
    space = 0;
    if ((*u & 0xC0) != 0x80) (*chars)++;
    if (*u == ',') (*commas)++;
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8C) (*commas)++;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x81) (*commas)++;
  }
}

static int add_node(ex *e, xmlNodePtr n, int parent) {
  hnode *h;
  char hint[256];
  const char *role;
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 1024;
    hnode *p = nl_realloc(e->h, cap * sizeof *p);
    if (!p) return 0;
    e->h = p;
    e->cap = cap;
  }
  h = &e->h[e->n];
  memset(h, 0, sizeof *h);
  h->node = n;
  h->name = nl_html_name(n);
  h->parent = parent;
  if (parent >= 0) h->flags = e->h[parent].flags & (F_DROP | F_LINK);
  if (!strcmp(h->name, "a")) h->flags |= F_LINK;
  if (nl_html_is_junk(h->name) || structural_drop(h->name) || hidden(n))
    h->flags |= F_DROP;
  if (structural_neg(h->name)) h->flags |= F_NEG;
  hint_string(n, hint, sizeof hint);
  if (hint[0]) {
    if (has_word(hint, positive_words)) h->cw += 25;
    if (has_word(hint, negative_words)) h->cw -= 25;
    if (joined_hint(hint, body_names))
      h->flags |= F_KEEP;
    else if (boiler_hint(hint) || joined_hint(hint, boiler_names))
      h->flags |= F_NEG;
    if (h->flags & F_KEEP) h->flags &= ~(unsigned)F_NEG;
  }
  role = nl_html_attr(n, "role");
  if (role && in_words(role, strlen(role), boiler_roles)) h->flags |= F_NEG;
  role = nl_html_attr(n, "itemprop");
  if (role && !strcmp(role, "articleBody")) h->flags |= F_KEEP;
  n->_private = (void *)(intptr_t)(e->n + 1);
  e->n++;
  return 1;
}

static int index_of(xmlNodePtr n) {
  return n && n->type == XML_ELEMENT_NODE && n->_private
             ? (int)(intptr_t)n->_private - 1
             : -1;
}

static nl_status build(ex *e, xmlNodePtr root) {
  xmlNodePtr n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      if (!add_node(e, n, index_of(n->parent))) return NL_ENOMEM;
      if (n->children) {
        n = n->children;
        continue;
      }
    } else if ((n->type == XML_TEXT_NODE ||
                n->type == XML_CDATA_SECTION_NODE) &&
               n->content) {
      int p = index_of(n->parent);
      if (p >= 0) {
        hnode *h = &e->h[p];
        size_t chars = 0;
        count_text((const char *)n->content, &chars, &h->own_commas);
        h->own_text += chars;
        if (h->flags & F_LINK) h->own_link += chars;
      }
    }
    while (n && n != root && !n->next)
      n = n->parent;
    if (!n || n == root) break;
    n = n->next;
  }
  return NL_OK;
}

static int paragraph_like(const hnode *h);

/* ---- pass 2: totals (bottom-up over the pre-order array) ---- */

static void totals(ex *e) {
  size_t i;
  for (i = 0; i < e->n; i++) {
    hnode *h = &e->h[i];
    h->text = h->own_text;
    h->link = h->own_link;
    h->commas = h->own_commas;
    h->inline_text = h->own_text;
    h->inline_commas = h->own_commas;
    h->n_br = 0;
    h->quote_text = 0;
    h->n_p = 0;
    h->n_img = !strcmp(h->name, "img");
    h->n_li = !strcmp(h->name, "li");
    h->n_tr = !strcmp(h->name, "tr");
    h->n_cell = !strcmp(h->name, "td") || !strcmp(h->name, "th");
    h->n_table = !strcmp(h->name, "table");
    h->n_input = !strcmp(h->name, "input") || !strcmp(h->name, "select") ||
                 !strcmp(h->name, "textarea") || !strcmp(h->name, "button");
    h->n_embed = !strcmp(h->name, "iframe") || !strcmp(h->name, "embed") ||
                 !strcmp(h->name, "object") || !strcmp(h->name, "video");
    h->flags &= ~(unsigned)F_BLOCKDESC;
  }
  for (i = e->n; i-- > 1;) {
    hnode *h = &e->h[i], *p;
    if (!strcmp(h->name, "blockquote")) h->quote_text = h->text;
    /* its descendants are done: h's own totals are final here */
    if (!strcmp(h->name, "p") || (paragraph_like(h) && h->text >= 25)) h->n_p++;
    if (h->parent < 0) continue;
    p = &e->h[h->parent];
    p->n_img += h->n_img;
    p->n_input += h->n_input;
    p->n_embed += h->n_embed;
    if (!strcmp(h->name, "br")) p->n_br++;
    if (h->flags & F_DROP) continue;
    if (!nl_html_is_block(h->name) && !(h->flags & F_BLOCKDESC)) {
      p->inline_text += h->text;
      p->inline_commas += h->commas;
    }
    p->text += h->text;
    p->quote_text += h->quote_text;
    p->link += h->link;
    p->commas += h->commas;
    p->n_p += h->n_p;
    p->n_li += h->n_li;
    p->n_tr += h->n_tr;
    p->n_cell += h->n_cell;
    p->n_table += h->n_table;
    if ((h->flags & F_BLOCKDESC) || nl_html_is_block(h->name))
      p->flags |= F_BLOCKDESC;
  }
}

/* An embedded post or a quote box: its words are the article's. */
static int mostly_quote(const hnode *h) {
  return h->text > 0 && h->quote_text * 2 >= h->text;
}

/* Elements named as boilerplate are dropped unless they hold most of the
** page (a wrapper with an unlucky class) or also name the article body. */
static void drop_boilerplate(ex *e) {
  size_t i;
  for (i = 0; i < e->n; i++) {
    hnode *h = &e->h[i];
    if (h->parent >= 0 && (e->h[h->parent].flags & F_DROP)) h->flags |= F_DROP;
    /* a link inside a sentence ("auto-tag_..." on a name) stays */
    if ((h->flags & F_NEG) && !(h->flags & F_KEEP) && strcmp(h->name, "a") &&
        strcmp(h->name, "body") && strcmp(h->name, "html") &&
        h->text * 10 < e->page_text * 4 && !mostly_quote(h))
      h->flags |= F_DROP;
  }
}

static double link_density(const hnode *h) {
  return h->text ? (double)h->link / (double)h->text : 0.0;
}

/* ---- pass 3: scoring ---- */

static int paragraph_like(const hnode *h) {
  const char *n = h->name;
  if (!strcmp(n, "p") || !strcmp(n, "pre") || !strcmp(n, "td") ||
      !strcmp(n, "blockquote"))
    return 1;
  return (!strcmp(n, "div") || !strcmp(n, "section") ||
          !strcmp(n, "article")) &&
         !(h->flags & F_BLOCKDESC);
}

static void init_cand(hnode *h) {
  if (h->flags & F_CAND) return;
  h->flags |= F_CAND;
  h->score = tag_weight(h->name) + h->cw + ((h->flags & F_KEEP) ? 25 : 0);
}

/* Elements that hold text and blocks side by side in real pages. */
static int container(const char *n) {
  return !strcmp(n, "div") || !strcmp(n, "section") || !strcmp(n, "article") ||
         !strcmp(n, "main") || !strcmp(n, "td") || !strcmp(n, "blockquote") ||
         !strcmp(n, "center") || !strcmp(n, "body") || !strcmp(n, "font") ||
         !strcmp(n, "span");
}

/* Add a paragraph's score s to its container `p` and two more ancestors. */
static void add_score(ex *e, int p, double s) {
  int level;
  for (level = 0; p >= 0 && level < 3; p = e->h[p].parent, level++) {
    hnode *a = &e->h[p];
    if (!strcmp(a->name, "html")) break;
    init_cand(a);
    a->score += s / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
  }
}

static double para_score(size_t text, size_t commas, int k) {
  size_t per = text / (size_t)k / 100;
  return (double)k + (double)commas + (double)k * (per > 3 ? 3 : per);
}

static void score(ex *e) {
  size_t i;
  for (i = 0; i < e->n; i++) {
    hnode *h = &e->h[i];
    if (h->flags & F_DROP) continue;
    if (paragraph_like(h)) {
      if (h->text >= 25)
        add_score(e, h->parent, para_score(h->text, h->commas, 1));
    } else if ((h->flags & F_BLOCKDESC) && container(h->name) &&
               h->inline_text >= 25) {
      /* Text written straight into a container (blog posts with <br>s):
      ** the container is that text's paragraph(s). */
      int k = h->n_br / 2 > 1 ? h->n_br / 2 : 1;
      add_score(e, (int)i, para_score(h->inline_text, h->inline_commas, k));
    }
  }
  for (i = 0; i < e->n; i++)
    if (e->h[i].flags & F_CAND) e->h[i].score *= 1.0 - link_density(&e->h[i]);
}

static int is_ancestor(const ex *e, int anc, int n) {
  for (; n >= 0; n = e->h[n].parent)
    if (n == anc) return 1;
  return 0;
}

static int element_children(const ex *e, int idx, int *only) {
  xmlNodePtr c;
  int count = 0;
  for (c = e->h[idx].node->children; c; c = c->next) {
    int k = index_of(c);
    if (k >= 0 && !(e->h[k].flags & F_DROP)) {
      count++;
      *only = k;
    }
  }
  return count;
}

static int pick_top(ex *e) {
  int top = -1, alt[5], nalt = 0, p, i;
  size_t k;
  double last, threshold;
  for (k = 0; k < e->n; k++)
    if ((e->h[k].flags & F_CAND) && !(e->h[k].flags & F_DROP) &&
        (top < 0 || e->h[k].score > e->h[top].score))
      top = (int)k;
  if (top < 0) return -1;
  /* Several strong candidates under one ancestor: the article is split. */
  for (k = 0; k < e->n && nalt < 5; k++)
    if ((int)k != top && (e->h[k].flags & F_CAND) &&
        !(e->h[k].flags & F_DROP) && e->h[k].score >= 0.75 * e->h[top].score)
      alt[nalt++] = (int)k;
  if (nalt >= 3) {
    for (p = e->h[top].parent; p >= 0 && strcmp(e->h[p].name, "body");
         p = e->h[p].parent) {
      int count = 0;
      for (i = 0; i < nalt; i++)
        count += is_ancestor(e, p, alt[i]);
      if (count >= 3) {
        top = p;
        break;
      }
    }
  }
  /* Climb while the parent scores better (readability's lastScore). */
  last = e->h[top].score;
  threshold = last / 3;
  for (p = e->h[top].parent; p >= 0 && strcmp(e->h[p].name, "body");
       p = e->h[p].parent) {
    if (!(e->h[p].flags & F_CAND)) continue;
    if (e->h[p].score < threshold) break;
    if (e->h[p].score > last) {
      top = p;
      break;
    }
    last = e->h[p].score;
  }
  /* An only child stands for its parent (so siblings can join). */
  for (p = e->h[top].parent; p >= 0 && strcmp(e->h[p].name, "body");
       p = e->h[p].parent) {
    int only = -1;
    if (element_children(e, p, &only) != 1) break;
    top = p;
  }
  return top;
}

/* ---- pass 4: cleaning and output ---- */

static const char *const labels[] = {"advertisement",
                                     "advertisements",
                                     "ad",
                                     "sponsored",
                                     "skip advertisement",
                                     "continue reading",
                                     "continue reading below",
                                     "read more",
                                     "related",
                                     "share",
                                     "share this article",
                                     "story continues below advertisement",
                                     "continue reading the main story",
                                     "supported by",
                                     "advert",
                                     "adverts",
                                     "comments",
                                     "print",
                                     "email",
                                     "tweet",
                                     "tell us what you think",
                                     NULL};

/* Is the whole text of h a boilerplate label ("Advertisement")? */
static int is_label(const hnode *h) {
  nl_buf b = NL_BUF_INIT;
  xmlNodePtr n = h->node;
  char low[48];
  size_t i, k = 0;
  int r;
  if (h->text > 40) return 0;
  {
    xmlChar *t = xmlNodeGetContent(n);
    if (!t) return 0;
    nl_buf_puts(&b, (const char *)t);
    xmlFree(t);
  }
  for (i = 0; i < b.len && k + 1 < sizeof low; i++) {
    char c = (char)nl_ascii_lower((unsigned char)b.data[i]);
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    if (c == ' ' && (k == 0 || low[k - 1] == ' ')) continue;
    if (c == ':' || c == '.' || c == '\xe2') break;
    low[k++] = c;
  }
  while (k > 0 && low[k - 1] == ' ')
    k--;
  low[k] = '\0';
  r = in_words(low, k, labels);
  nl_buf_free(&b);
  return r;
}

/* Phrases of calls to action that end or interrupt articles. */
static const char *const promo_phrases[] = {
    "subscribe to",        "subscribe now",
    "subscribe today",     "sign up for our",
    "sign up to our",      "our newsletter",
    "newsletters",         "follow us",
    "share this",          "like this story",
    "all rights reserved", "get the latest",
    "download our app",    NULL};

/* Is h a short block that is a call to action ("Subscribe to our
** newsletter", "Like this story? Share it")? */
static int is_promo(const hnode *h) {
  xmlChar *t;
  char low[320];
  size_t i;
  int r = 0;
  if (h->text > 250 || (h->flags & F_BLOCKDESC)) return 0;
  t = xmlNodeGetContent(h->node);
  if (!t) return 0;
  for (i = 0; t[i] && i + 1 < sizeof low; i++)
    low[i] = (char)nl_ascii_lower(t[i]);
  low[i] = '\0';
  xmlFree(t);
  r = has_word(low, promo_phrases);
  return r;
}

static int conditional_drop(const ex *e, const hnode *h) {
  const char *n = h->name;
  int list = !strcmp(n, "ul") || !strcmp(n, "ol");
  double ld = link_density(h);
  int weight = h->cw;
  if (!(list || !strcmp(n, "div") || !strcmp(n, "section") ||
        !strcmp(n, "table") || !strcmp(n, "dl") || !strcmp(n, "fieldset")))
    return 0;
  (void)e;
  if ((h->flags & F_KEEP) || mostly_quote(h)) return 0;
  /* A data table (standings, results): rows of several cells, no tables
  ** inside, not a block of links. */
  if (!strcmp(n, "table") && h->n_table == 1 && h->n_tr >= 3 &&
      h->n_cell >= 2 * h->n_tr && ld < 0.5)
    return 0;
  if (weight + ((h->flags & F_CAND) ? h->score : 0) < 0) return 1;
  if (h->commas >= 10) return 0;
  if (h->n_img > 1 && (double)h->n_p / h->n_img < 0.5 && h->text < 200)
    return 1;
  if (!list && h->n_li - 100 > h->n_p) return 1;
  if (h->n_input > h->n_p / 3) return 1;
  if (!list && h->text < 25 && (h->n_img == 0 || h->n_img > 2)) return 1;
  if (weight < 25 && ld > 0.2) return 1;
  if (weight >= 25 && ld > 0.5) return 1;
  if ((h->n_embed == 1 && h->text < 75) || h->n_embed > 1) return 1;
  return 0;
}

/* A hover card inside a sentence: an inline box with a picture and mostly
** links (a person's photo, name and latest stories). */
static int card_like(const hnode *h) {
  return !strcmp(h->name, "span") && h->n_img > 0 && h->text > 0 &&
         link_density(h) >= 0.5;
}

/* Does a child of h look like a card (then h is the name around it)? */
static int card_child(const ex *e, const hnode *h) {
  xmlNodePtr c;
  for (c = h->node->children; c; c = c->next) {
    int k = index_of(c);
    if (k >= 0 && card_like(&e->h[k])) return 1;
  }
  return 0;
}

static int skip_node(void *ctx, xmlNodePtr n) {
  const ex *e = ctx;
  int i = index_of(n);
  const hnode *h;
  if (i < 0) return 0;
  h = &e->h[i];
  if (h->flags & F_DROP) return 1;
  if (h->name[0] == 'h' && h->name[1] >= '1' && h->name[1] <= '6' &&
      (h->cw < 0 || link_density(h) > 0.33))
    return 1;
  if (conditional_drop(e, h)) return 1;
  if (card_like(h) && !card_child(e, h)) return 1;
  if (nl_html_is_block(h->name) && h->text <= 40 && is_label(h)) return 1;
  if (nl_html_is_block(h->name) && is_promo(h)) return 1;
  if (!strcmp(h->name, "p") && h->text < 200 && link_density(h) > 0.8) return 1;
  return 0;
}

/* Should sibling s join the top candidate t? (readability's rule) */
static int join_sibling(const ex *e, const hnode *t, const hnode *s) {
  double threshold = t->score * 0.2, bonus = 0;
  const char *tc = nl_html_attr(t->node, "class"),
             *sc = nl_html_attr(s->node, "class");
  if (threshold < 10) threshold = 10;
  if (s->flags & F_DROP) return 0;
  if (tc && sc && *tc && !strcmp(tc, sc)) bonus = t->score * 0.2;
  if ((s->flags & F_CAND) && s->score + bonus >= threshold) return 1;
  if (!strcmp(s->name, "p") ||
      ((!strcmp(s->name, "div") || !strcmp(s->name, "section")) &&
       !(s->flags & F_BLOCKDESC))) {
    double ld = link_density(s);
    if (s->text > 80 && ld < 0.25) return 1;
    if (s->text > 0 && s->text <= 80 && ld == 0) {
      xmlChar *t2 = xmlNodeGetContent(s->node);
      int end = 0;
      if (t2) {
        size_t k = strlen((const char *)t2);
        while (k > 0 && (t2[k - 1] == ' ' || t2[k - 1] == '\n'))
          k--;
        end = k > 0 && (t2[k - 1] == '.' || t2[k - 1] == '!' ||
                        t2[k - 1] == '?' || t2[k - 1] == '"');
        xmlFree(t2);
      }
      return end;
    }
  }
  (void)e;
  return 0;
}

static nl_status output(ex *e, int top, nl_article *a) {
  xmlNodePtr parent = e->h[top].node->parent, c;
  nl_status rc = NL_OK;
  int pi = index_of(parent);
  if (pi < 0 || !strcmp(e->h[pi].name, "html"))
    return nl_html_blocks(e->h[top].node, a, skip_node, e, 2);
  for (c = parent->children; c && rc == NL_OK; c = c->next) {
    int k = index_of(c);
    if (k < 0) continue;
    if (k == top || join_sibling(e, &e->h[top], &e->h[k]))
      rc = nl_html_blocks(c, a, skip_node, e, 2);
  }
  return rc;
}

/* See nl_html_internal.h. */
nl_status nl_html_extract(htmlDocPtr doc, nl_article *a) {
  ex e;
  xmlNodePtr root = xmlDocGetRootElement(doc), body = NULL, c;
  nl_status rc;
  int top, bi;
  memset(&e, 0, sizeof e);
  if (!root) return NL_OK;
  rc = build(&e, root);
  if (rc == NL_OK) {
    totals(&e);
    for (c = root->children; c; c = c->next)
      if (!strcmp(nl_html_name(c), "body")) body = c;
    bi = index_of(body ? body : root);
    e.page_text = bi >= 0 ? e.h[bi].text : 0;
    drop_boilerplate(&e);
    totals(&e);
    score(&e);
    top = pick_top(&e);
    if (top < 0) top = bi;
    if (top >= 0) rc = output(&e, top, a);
  }
  nl_free(e.h);
  return rc;
}
