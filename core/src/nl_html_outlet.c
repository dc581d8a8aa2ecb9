/*
** nl_html_outlet.c -- a page's outlet (the article's source) from what
** the page says about its publisher, weighed against the host of the
** page's address.  A wrong outlet is worse than none: with none,
** timeline.lua names the article by its address's host.
**
** The evidence, most reliable first (nl_html_meta.c gathers it):
**   1. meta og:site_name, the site's own display name;
**   2. the JSON-LD publisher's name (nl_html_meta.c resolves an "@id");
**   3. microdata itemprop="publisher": its content, or its itemprop name;
**   4. meta dc.publisher / dcterms.publisher, cre, application-name;
**   5. the last part of the <title> (after " - ", " | ", " — ", ...).
** 1 and 2 are taken as written (2 only without 1), with two exceptions
** for og:site_name: a URL or a host name ("https://www.newsnation.in",
** "livescience.com") gives way to any other name the rules take, and a
** name that is not the page's host ("U.S.", Reuters' section) gives way
** to a name that is, when another of 2-5 or the twitter:site handle
** ("@Reuters") agrees on it.  3-5 are weak: one is taken only when it
** names the page's host (fits, below) or another of 3-5 or the handle
** gives the same name.  The handle is never a name by itself.  Last, a
** URL or host name gives its host without "www." ("newsnation.in"): one
** of the page's own host (the same main label, below), or with no page
** address one among 1-2.
*/
#include <string.h>

#include "nl_ascii.h"
#include "nl_html_internal.h"
#include "nl_url.h"

#define NAME_MAX_BYTES 100 /* longer "names" are prose, not an outlet */
#define SUFFIX_MAX 60      /* longest <title> part taken for a name */
#define WORDS_MAX 8        /* words of a name matched against a host */
#define HOST_MAX 256

enum { E_SITE, E_LD, E_ITEM, E_DC, E_CRE, E_APP, E_TITLE, E_COUNT };

/* A byte of a word: ASCII letters and digits, and all of UTF-8's. */
static int is_word_byte(unsigned char c) {
  return nl_ascii_is_alnum(c) || c >= 0x80;
}

/* A name that is a host name: a URL, "www.wday.ru", or lower-case
** "livescience.com" (a dotted name with capitals, "CBSSports.com", is a
** name).  Its host as nl_url_host gives it, into out; else 0. */
static int name_host(const char *s, char out[HOST_MAX]) {
  char url[HOST_MAX + 8];
  size_t n = strlen(s), i, last;
  int www = nl_ascii_lower((unsigned char)s[0]) == 'w' &&
            nl_ascii_lower((unsigned char)s[1]) == 'w' &&
            nl_ascii_lower((unsigned char)s[2]) == 'w' && s[3] == '.';
  if (strstr(s, "://")) return nl_url_host(s, out, HOST_MAX, 1) != 0;
  while (n > 0 && s[n - 1] == '/')
    n--;
  if (n == 0 || n >= HOST_MAX || !memchr(s, '.', n)) return 0;
  for (i = 0, last = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '.')
      last = i + 1;
    else if (!(nl_ascii_is_alnum(c) || c == '-') ||
             (!www && nl_ascii_is_upper(c)))
      return 0;
  }
  if (n - last < 2) return 0;
  for (i = last; i < n; i++)
    if (!nl_ascii_is_alpha((unsigned char)s[i])) return 0;
  memcpy(url, "http://", 7);
  memcpy(url + 7, s, n);
  url[7 + n] = '\0';
  return nl_url_host(url, out, HOST_MAX, 1) != 0;
}

/* The label of a host that names its owner: "nytimes" of nytimes.com,
** "dailymail" of dailymail.co.uk, "comwrap" of blog.comwrap.com. */
static void main_label(const char *host, char out[HOST_MAX]) {
  static const char *const second[] = {"co", "com", "net", "org", "gov", "edu",
                                       "ac", "or",  "ne",  "go",  "gob", NULL};
  const char *lab[16];
  size_t len[16], k = 0, i, pick;
  const char *p = host;
  while (k < 16) {
    lab[k] = p;
    len[k] = strcspn(p, ".");
    p += len[k];
    k++;
    if (*p != '.') break;
    p++;
  }
  pick = k >= 2 ? k - 2 : 0;
  if (k >= 3)
    for (i = 0; second[i]; i++)
      if (len[k - 2] == strlen(second[i]) &&
          !memcmp(lab[k - 2], second[i], len[k - 2]))
        pick = k - 3;
  memcpy(out, lab[pick], len[pick]);
  out[len[pick]] = '\0';
}

typedef struct words {
  char w[WORDS_MAX][40];
  int n;
} words;

static void split_words(const char *s, words *ws) {
  size_t i = 0, k;
  ws->n = 0;
  while (s[i] && ws->n < WORDS_MAX) {
    while (s[i] && !is_word_byte((unsigned char)s[i]))
      i++;
    for (k = 0; is_word_byte((unsigned char)s[i]); i++)
      if (k + 1 < sizeof ws->w[0])
        ws->w[ws->n][k++] = (char)nl_ascii_lower((unsigned char)s[i]);
    if (k) ws->w[ws->n++][k] = '\0';
  }
}

/* A word a host name may leave out: an article or a number. */
static int skippable(const char *w) {
  static const char *const stop[] = {"the", "a", "an", "and", "of", NULL};
  const char *const *s;
  size_t i;
  for (s = stop; *s; s++)
    if (!strcmp(w, *s)) return 1;
  for (i = 0; w[i] >= '0' && w[i] <= '9'; i++)
    ;
  return w[i] == '\0';
}

/* What a host may add after its owner's name ("sputnik" + "news"). */
static int generic_tail(const char *s) {
  static const char *const tails[] = {"",      "news", "online", "daily", "tv",
                                      "media", "mag",  "live",   "today", NULL};
  const char *const *t;
  for (t = tails; *t; t++)
    if (!strcmp(s, *t)) return 1;
  return 0;
}

/* Can words i.. spell label[p..]?  Each word whole, by its initial, or
** (skippable ones) not at all; once a whole word was used (`whole`), up
** to two words may be left over ("RT World News" of rt.com) and a
** generic tail of the label ("Sputnik International" of sputniknews). */
static int spell(const words *ws, int i, const char *label, size_t p,
                 int whole) {
  size_t wl;
  int left = 0, j;
  for (j = i; j < ws->n; j++)
    left += !skippable(ws->w[j]);
  if (!label[p] && left == 0) return 1;
  if (whole && left <= 2 && generic_tail(label + p)) return 1;
  if (i == ws->n || !label[p]) return 0;
  wl = strlen(ws->w[i]);
  if (!strncmp(label + p, ws->w[i], wl) &&
      spell(ws, i + 1, label, p + wl, whole || wl >= 2))
    return 1;
  if (label[p] == ws->w[i][0] && wl > 1 &&
      spell(ws, i + 1, label, p + 1, whole))
    return 1;
  return skippable(ws->w[i]) && spell(ws, i + 1, label, p, whole);
}

/* Does `name` name the host whose main label is `label`?  "The New York
** Times" and nytimes, "CBS News" and cbsnews, "NBC 5 Dallas-Fort Worth"
** and nbcdfw; a host name, when its own main label is `label`. */
static int fits(const char *name, const char *label) {
  char h[HOST_MAX], l[HOST_MAX];
  words ws;
  if (strlen(label) < 2) return 0;
  if (name_host(name, h)) {
    main_label(h, l);
    return !strcmp(l, label);
  }
  split_words(name, &ws);
  return ws.n > 0 && spell(&ws, 0, label, 0, 0);
}

/* The same name, case and punctuation aside ("TheHill", "The Hill"). */
static int same(const char *a, const char *b) {
  for (;;) {
    while (*a && !is_word_byte((unsigned char)*a))
      a++;
    while (*b && !is_word_byte((unsigned char)*b))
      b++;
    if (!*a || !*b) return !*a && !*b;
    if (nl_ascii_lower((unsigned char)*a) != nl_ascii_lower((unsigned char)*b))
      return 0;
    a++;
    b++;
  }
}

/* A value that can be an outlet's name: short, with a letter or digit,
** not a host name. */
static int is_name(const char *s) {
  char h[HOST_MAX];
  size_t i, n;
  if (!s || (n = strlen(s)) > NAME_MAX_BYTES) return 0;
  for (i = 0; i < n && !is_word_byte((unsigned char)s[i]); i++)
    ;
  return i < n && !name_host(s, h);
}

/* The last part of a <title> after a separator, into out[SUFFIX_MAX+1]
** ("" when none, or when it is too long to be a name). */
static void title_suffix(const char *t, char out[SUFFIX_MAX + 1]) {
  static const char *const seps[] = {
      " | ",  " - ",        " \xe2\x80\x93 ", " \xe2\x80\x94 ",
      " :: ", " \xc2\xbb ", " \xc2\xb7 ",     NULL};
  const char *const *s, *best = NULL, *p, *q;
  size_t n;
  out[0] = '\0';
  if (!t) return;
  for (s = seps; *s; s++)
    for (p = t; (q = strstr(p, *s)) != NULL; p = q + 1)
      if (q > t && (!best || q > best)) best = q + strlen(*s);
  if (!best) return;
  while (*best == ' ')
    best++;
  n = strlen(best);
  while (n > 0 && best[n - 1] == ' ')
    n--;
  if (n == 0 || n > SUFFIX_MAX) return;
  memcpy(out, best, n);
  out[n] = '\0';
}

/* Another of the weak names v[E_ITEM..E_TITLE] (or the JSON-LD one when
** `ld`), or the handle without its "@", is the same as v[k]. */
static int agreed(const char *const v[E_COUNT], int k, int ld,
                  const char *handle) {
  int j;
  for (j = ld ? E_LD : E_ITEM; j < E_COUNT; j++)
    if (j != k && is_name(v[j]) && same(v[j], v[k])) return 1;
  return handle && *handle == '@' && same(handle + 1, v[k]);
}

static nl_status set(nl_article *a, const char *s) {
  return nl_article_set(a, &a->source, s, strlen(s));
}

/* See nl_html_internal.h. */
nl_status nl_html_outlet(nl_article *a, const nl_html_outlet_ev *ev) {
  const char *v[E_COUNT];
  char suffix[SUFFIX_MAX + 1], host[HOST_MAX], label[HOST_MAX], h[HOST_MAX];
  char hl[HOST_MAX];
  int k, have_host = a->url && nl_url_host(a->url, host, HOST_MAX, 1) != 0;
  if (have_host) main_label(host, label);
  title_suffix(ev->title, suffix);
  v[E_SITE] = ev->site_name;
  v[E_LD] = ev->ld_publisher;
  v[E_ITEM] = ev->item_publisher;
  v[E_DC] = ev->dc_publisher;
  v[E_CRE] = ev->cre;
  v[E_APP] = ev->app_name;
  v[E_TITLE] = suffix[0] ? suffix : NULL;
  if (is_name(v[E_SITE])) {
    if (have_host && !fits(v[E_SITE], label))
      for (k = E_LD; k < E_COUNT; k++)
        if (is_name(v[k]) && fits(v[k], label) && agreed(v, k, 1, ev->handle))
          return set(a, v[k]);
    return set(a, v[E_SITE]);
  }
  if (is_name(v[E_LD])) return set(a, v[E_LD]);
  for (k = E_ITEM; k < E_COUNT; k++)
    if (is_name(v[k]) &&
        ((have_host && fits(v[k], label)) || agreed(v, k, 0, ev->handle)))
      return set(a, v[k]);
  for (k = E_SITE; k < E_COUNT; k++) {
    if (!v[k] || !name_host(v[k], h)) continue;
    main_label(h, hl);
    if (have_host ? !strcmp(hl, label) : k <= E_LD) return set(a, h);
  }
  return NL_OK;
}
