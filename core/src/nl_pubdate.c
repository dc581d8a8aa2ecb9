/*
** nl_pubdate.c -- publication-date reconciliation (see nl_pubdate.h).
**
** Pipeline of nl_pubdate_decide:
**   1. per doc: sentences (a light splitter: only used to pair sentences),
**      content-word sets, and one tagging pass against the current date;
**   2. stories: each doc's rarest shared terms (2 <= df <= cap) are looked
**      up in the other docs; docs sharing enough of them are neighbours;
**   3. suspicious metadata: a date more than PD_FAR days from the median of
**      its dated neighbours, or older than a past full date in its text;
**   4. rounds: every undated or suspicious doc with dated neighbours (or
**      explicit dates) scores candidate DCTs (score_candidate) and takes the
**      best one that some evidence supports; decided docs become anchors
**      for the next round.
** Sorting and binary search keep each step O(N log N) in the number of
** terms; the candidate search only runs for docs that need it.
*/
#include "nl_pubdate.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_calendar.h"
#include "nl_db_internal.h"

#define PD_TOPK 24       /* rare terms per doc used to find neighbours */
#define PD_MIN_SHARED 4  /* shared rare terms for two docs to be a story */
#define PD_MAX_NB 16     /* neighbours kept per doc */
#define PD_DF_CAP 64     /* terms in more docs than this are not "rare" */
#define PD_FAR 30        /* days from the story that make a date suspicious */
#define PD_WINDOW 10     /* candidate DCTs: anchor +- this many days */
#define PD_LINK_MIN 0.35 /* overlap coefficient for two sentences to match */
#define PD_LINK_WORDS 3  /* ... and at least this many shared words */
#define PD_ROUNDS 4
#define PD_MIN_YEAR 1900 /* years an article may be inferred in from its */
#define PD_MAX_YEAR 2199 /* own explicit dates alone (misread "1400" GMT) */
#define PD_WIN 8         /* words either side of an expression compared */

typedef struct pd_sent {
  size_t start, end;
  uint64_t *w; /* sorted unique content-word hashes */
  size_t nw;
} pd_sent;

typedef struct pd_ref { /* a resolved expression of a dated doc */
  pd_sent win; /* the words around it */
  long lo, hi; /* day range */
  char expr[40];
  char value[48];
} pd_ref;

typedef struct pd_expl {
  long day;
  size_t sent; /* sentence index */
} pd_expl;

static int cmp_expl(const void *a, const void *b) {
  long x = ((const pd_expl *)a)->day, y = ((const pd_expl *)b)->day;
  return x < y ? -1 : x > y;
}

typedef struct pd_doc {
  pd_sent *s;
  size_t ns;
  uint64_t *t; /* doc terms, sorted unique */
  size_t nt;
  size_t nb[PD_MAX_NB];
  size_t nnb;
  pd_expl *expl; /* explicit past full dates in the text, by day */
  size_t nexpl;
  char *rel; /* per sentence: 1 if it holds a relative expression */
  int meta_ok;  /* has a parseable current date */
  long meta_day;
  int dated;    /* usable as an anchor */
  long day;
  int needy;    /* undated, re-inferred or suspicious */
  int tagged;   /* analyse_dates ran (lazily, see ensure_tagged) */
  int suspicious;
  pd_ref *refs;
  size_t nrefs;
  pd_sent *men; /* relative date expressions (first pass), with windows */
  size_t nmen;
} pd_doc;

typedef struct pd_ctx {
  const nl_pd_doc *in;
  size_t n;
  pd_doc *d;
  nl_pd_tag_fn tag;
  nl_error *err;
} pd_ctx;

/* ---- small helpers ---------------------------------------------------- */

static int parse_day(const char *v, long *day) {
  int y, m, dd;
  if (!v || strlen(v) < 10 || v[4] != '-' || v[7] != '-') return 0;
  if (sscanf(v, "%4d-%2d-%2d", &y, &m, &dd) != 3) return 0;
  if (m < 1 || m > 12 || dd < 1 || dd > nl_cal_month_days(y, m)) return 0;
  *day = nl_cal_days(y, m, dd);
  return 1;
}

static void day_str(long day, char *out, size_t n) {
  int y, m, d;
  nl_cal_civil(day, &y, &m, &d);
  snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

/* Day range of a TimeML value (day, week, month, year); 0 if none. */
static int value_range(const char *v, long *lo, long *hi) {
  int y, w, m;
  if (strchr(v, 'X')) return 0;
  if (parse_day(v, lo)) {
    *hi = *lo;
    return 1;
  }
  if (strlen(v) == 8 && v[4] == '-' && v[5] == 'W' &&
      sscanf(v, "%4d-W%2d", &y, &w) == 2 && w >= 1 && w <= 53) {
    *lo = nl_cal_iso_monday(y, w);
    *hi = *lo + 6;
    return 1;
  }
  if (strlen(v) == 7 && v[4] == '-' && sscanf(v, "%4d-%2d", &y, &m) == 2 &&
      m >= 1 && m <= 12) {
    *lo = nl_cal_days(y, m, 1);
    *hi = *lo + nl_cal_month_days(y, m) - 1;
    return 1;
  }
  return 0;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

static size_t uniq_u64(uint64_t *a, size_t n) {
  size_t i, k = 0;
  qsort(a, n, sizeof *a, cmp_u64);
  for (i = 0; i < n; i++)
    if (k == 0 || a[k - 1] != a[i]) a[k++] = a[i];
  return k;
}

static const char *const pd_stop[] = {
    "the", "and", "for", "with", "that", "this", "from", "have", "has",
    "had", "was", "were", "will", "would", "said", "says", "its", "his",
    "her", "their", "they", "them", "not", "but", "are", "been", "which",
    "who", "what", "when", "where", "after", "before", "over", "into",
    "about", "also", "than", "then", "there", "more", "most", "some", "any",
    "all", "can", "could", "should", "may", "might", "our", "out", "one",
    "two", "new", "now", "only", "other", "such", "very", "just", "both",
    "each", "told", "while", "since", "because", "however", "him", "she",
    "you", "your", "these", "those", "being", "does", "did", "how", "why",
    "whether", "between", "against", "under", "still", "even", "said",
    /* time words: never evidence of the same event */
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "week",
    "weeks", "month", "months", "year", "years", "today", "yesterday",
    "tomorrow", "next", "last", "day", "days", "ago", "earlier", "later",
    NULL};

static int is_stop(const char *w, size_t n) {
  size_t i;
  for (i = 0; pd_stop[i]; i++)
    if (pd_stop[i][0] == w[0] && strncmp(pd_stop[i], w, n) == 0 &&
        pd_stop[i][n] == 0)
      return 1;
  return 0;
}

static int is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/*
** Content-word hashes of s[0..n) appended to *w (grown as needed):
** lowercased ASCII letters (UTF-8 bytes kept), possessive "'s" dropped,
** at least 3 bytes, not a stop word.
*/
static nl_status words_of(const char *s, size_t n, uint64_t **w, size_t *nw,
                          size_t *cap) {
  size_t i = 0;
  char buf[64];
  while (i < n) {
    size_t j = i, k = 0;
    while (i < n && !is_word_byte((unsigned char)s[i])) i++;
    j = i;
    while (j < n && is_word_byte((unsigned char)s[j])) {
      /* stop at a curly apostrophe (E2 80 99) */
      if ((unsigned char)s[j] == 0xE2 && j + 2 < n &&
          (unsigned char)s[j + 1] == 0x80 && (unsigned char)s[j + 2] == 0x99)
        break;
      if (k < sizeof buf) {
        char c = s[j];
        buf[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
      }
      j++;
    }
    if (j > i && k >= 3 && k < sizeof buf && !is_stop(buf, k)) {
      /* fold plurals and cut to 5 bytes: Russia/Russian, talk/talks */
      if (k > 3 && buf[k - 1] == 's' && buf[k - 2] != 's') k--;
      if (k > 5) k = 5;
      if (*nw == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        uint64_t *p = nl_realloc(*w, nc * sizeof *p);
        if (!p) return NL_ENOMEM;
        *w = p;
        *cap = nc;
      }
      (*w)[(*nw)++] = nl_hash64(buf, k);
    }
    i = j > i ? j : i + 1;
  }
  return NL_OK;
}

/* A light sentence splitter: ". ", "? ", "! " (quotes allowed) or '\n'. */
static nl_status split_sents(const char *b, size_t n, pd_sent **out,
                             size_t *ns) {
  size_t i, start = 0, cap = 0;
  *out = NULL;
  *ns = 0;
  for (i = 0; i <= n; i++) {
    int cut = (i == n) || b[i] == '\n';
    if (!cut && (b[i] == '.' || b[i] == '?' || b[i] == '!')) {
      size_t j = i + 1;
      while (j < n && (b[j] == '"' || b[j] == '\'' || b[j] == ')' ||
                       (unsigned char)b[j] >= 0x80))
        j++;
      if (j < n && b[j] == ' ' && j + 1 < n &&
          ((b[j + 1] >= 'A' && b[j + 1] <= 'Z') || b[j + 1] == '"' ||
           (unsigned char)b[j + 1] >= 0x80)) {
        /* "U.S. officials": one capital before the dot is an initial */
        if (!(i >= 2 && b[i - 2] == '.'))
          cut = 1, i = j - 1;
      }
    }
    if (cut) {
      size_t e = (i == n || b[i] == '\n') ? i : i + 1;
      if (e > start) {
        if (*ns == cap) {
          size_t nc = cap ? cap * 2 : 16;
          pd_sent *p = nl_realloc(*out, nc * sizeof *p);
          if (!p) return NL_ENOMEM;
          *out = p;
          cap = nc;
        }
        memset(&(*out)[*ns], 0, sizeof **out);
        (*out)[*ns].start = start;
        (*out)[*ns].end = e;
        (*ns)++;
      }
      start = e;
    }
  }
  return NL_OK;
}

static size_t sent_of(const pd_doc *d, size_t off) {
  size_t lo = 0, hi = d->ns;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->s[mid].end <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo < d->ns ? lo : d->ns ? d->ns - 1 : 0;
}

/* Byte span of the PD_WIN words either side of [xs, xe) inside the
** sentence [ss, se). */
static void window_of(const char *b, size_t ss, size_t se, size_t xs,
                      size_t xe, size_t *ws, size_t *we) {
  size_t p = xs;
  int n;
  for (n = 0; p > ss && n < PD_WIN; n++) {
    while (p > ss && b[p - 1] == ' ') p--;
    while (p > ss && b[p - 1] != ' ') p--;
  }
  *ws = p;
  p = xe;
  for (n = 0; p < se && n < PD_WIN; n++) {
    while (p < se && b[p] == ' ') p++;
    while (p < se && b[p] != ' ') p++;
  }
  *we = p;
}

/* Fill w->w/nw with the content words around [xs, xe) of doc d. */
static nl_status window_words(const pd_doc *d, const char *body, size_t xs,
                              size_t xe, pd_sent *w) {
  size_t si = sent_of(d, xs), cap = 0, ws = xs, we = xe;
  if (d->ns)
    window_of(body, d->s[si].start, d->s[si].end, xs, xe, &ws, &we);
  w->start = xs;
  w->end = xe;
  w->w = NULL;
  w->nw = 0;
  if (words_of(body + ws, we - ws, &w->w, &w->nw, &cap) != NL_OK) {
    nl_free(w->w);
    w->w = NULL;
    return NL_ENOMEM;
  }
  w->nw = uniq_u64(w->w, w->nw);
  return NL_OK;
}

/* Overlap coefficient of two sentences (0 below PD_LINK_WORDS shared). */
static double overlap(const pd_sent *a, const pd_sent *b) {
  size_t i = 0, j = 0, k = 0, m;
  while (i < a->nw && j < b->nw) {
    if (a->w[i] == b->w[j]) k++, i++, j++;
    else if (a->w[i] < b->w[j]) i++;
    else j++;
  }
  m = a->nw < b->nw ? a->nw : b->nw;
  if (k < PD_LINK_WORDS || m == 0) return 0;
  return (double)k / (double)m;
}

static int is_relative(const nl_timex *x) {
  return (x->flags & (NL_TIMEX_RELATIVE | NL_TIMEX_UNRESOLVED |
                      NL_TIMEX_NARRATIVE)) ||
         strchr(x->value, 'X') != NULL;
}

static nl_status default_tag(const char *text, size_t len, const char *dct,
                             nl_timex **out, size_t *n, nl_error *err) {
  nl_timex_opts o = NL_TIMEX_OPTS_INIT;
  o.dct = dct;
  return nl_timex_tag(text, len, &o, out, n, err);
}

/* ---- per-doc analysis ------------------------------------------------- */

/*
** Tag doc `i` against `dct` (may be NULL).  Marks sentences with relative
** expressions, collects explicit past full dates (first call only, when
** `first`), and, when `dct` is set, the resolved day/week refs used as
** link targets by other docs.
*/
static nl_status analyse_dates(pd_ctx *c, size_t i, const char *dct,
                               int first) {
  pd_doc *d = &c->d[i];
  nl_timex *x = NULL;
  size_t nx = 0, k, cap = 0;
  nl_status st = c->tag(c->in[i].body, c->in[i].body_len, dct, &x, &nx,
                        c->err);
  if (st != NL_OK) return st;
  for (k = 0; k < d->nrefs; k++) nl_free(d->refs[k].win.w);
  nl_free(d->refs);
  d->refs = NULL;
  d->nrefs = 0;
  if (first && nx) {
    d->expl = nl_malloc(nx * sizeof *d->expl);
    d->men = nl_calloc(nx, sizeof *d->men);
    if (!d->expl || !d->men) goto oom;
  }
  for (k = 0; k < nx; k++) {
    long lo, hi;
    size_t si = sent_of(d, x[k].start);
    if (x[k].type != NL_TIMEX_DATE) continue;
    if (first && is_relative(&x[k])) {
      d->rel[si] = 1;
      if (window_words(d, c->in[i].body, x[k].start, x[k].end,
                       &d->men[d->nmen]) != NL_OK)
        goto oom;
      d->nmen++;
    }
    if (first && (x[k].flags & NL_TIMEX_ABSOLUTE) &&
        !(x[k].flags & NL_TIMEX_FUTURE) && parse_day(x[k].value, &lo))
      d->expl[d->nexpl].sent = si, d->expl[d->nexpl++].day = lo;
    if (dct && value_range(x[k].value, &lo, &hi) && hi - lo <= 6) {
      pd_ref *r;
      if (d->nrefs == cap) {
        size_t nc = cap ? cap * 2 : 16;
        pd_ref *p = nl_realloc(d->refs, nc * sizeof *p);
        if (!p) goto oom;
        d->refs = p;
        cap = nc;
      }
      r = &d->refs[d->nrefs];
      if (window_words(d, c->in[i].body, x[k].start, x[k].end, &r->win) !=
          NL_OK)
        goto oom;
      d->nrefs++;
      r->lo = lo;
      r->hi = hi;
      snprintf(r->value, sizeof r->value, "%s", x[k].value);
      {
        size_t n = x[k].end - x[k].start;
        if (n >= sizeof r->expr) n = sizeof r->expr - 1;
        memcpy(r->expr, c->in[i].body + x[k].start, n);
        r->expr[n] = 0;
      }
    }
  }
  nl_free_mem(x);
  return NL_OK;
oom:
  nl_free_mem(x);
  return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
}

static nl_status prepare_doc(pd_ctx *c, size_t i) {
  pd_doc *d = &c->d[i];
  const nl_pd_doc *in = &c->in[i];
  size_t k, cap = 0;
  if (split_sents(in->body, in->body_len, &d->s, &d->ns) != NL_OK)
    return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  for (k = 0; k < d->ns; k++) {
    size_t scap = 0;
    pd_sent *s = &d->s[k];
    if (words_of(in->body + s->start, s->end - s->start, &s->w, &s->nw,
                 &scap) != NL_OK)
      return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
    s->nw = uniq_u64(s->w, s->nw);
  }
  if (words_of(in->body, in->body_len, &d->t, &d->nt, &cap) != NL_OK)
    return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  d->nt = uniq_u64(d->t, d->nt);
  d->rel = nl_calloc(d->ns ? d->ns : 1, 1);
  if (!d->rel) return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  d->meta_ok = parse_day(in->published, &d->meta_day);
  return NL_OK;
}

/*
** Tag doc i against its current date, once, when something needs its
** expressions (docs nobody asks about are never tagged).
*/
static nl_status ensure_tagged(pd_ctx *c, size_t i) {
  pd_doc *d = &c->d[i];
  char dct[16];
  nl_status st;
  if (d->tagged) return NL_OK;
  if (d->meta_ok) day_str(d->meta_day, dct, sizeof dct);
  st = analyse_dates(c, i, d->meta_ok ? dct : NULL, 1);
  if (st != NL_OK) return st;
  if (d->nexpl) qsort(d->expl, d->nexpl, sizeof *d->expl, cmp_expl);
  d->tagged = 1;
  return NL_OK;
}

/* Does b[0..n) hold a 4-digit number >= year (a possible later date)? */
static int has_year_from(const char *b, size_t n, int year) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && b[j] >= '0' && b[j] <= '9') j++;
    if (j - i == 4 && atoi(b + i) >= year) return 1;
    i = j > i ? j : i + 1;
  }
  return 0;
}

/* ---- stories ---------------------------------------------------------- */

typedef struct pd_post {
  uint64_t term;
  size_t doc;
} pd_post;

static int cmp_post(const void *a, const void *b) {
  const pd_post *x = a, *y = b;
  if (x->term != y->term) return x->term < y->term ? -1 : 1;
  return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static size_t post_find(const pd_post *p, size_t np, uint64_t t) {
  size_t lo = 0, hi = np;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p[mid].term < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void add_nb(pd_doc *d, size_t j) {
  size_t k;
  for (k = 0; k < d->nnb; k++)
    if (d->nb[k] == j) return;
  if (d->nnb < PD_MAX_NB) d->nb[d->nnb++] = j;
}

typedef struct pd_rare {
  size_t df;
  uint64_t term;
} pd_rare;

/*
** Neighbours: for doc i, its PD_TOPK rarest terms (2 <= df <= cap); every
** doc holding at least PD_MIN_SHARED of them is a neighbour (both ways).
*/
static nl_status link_stories(pd_ctx *c) {
  size_t i, np = 0, total = 0;
  pd_post *p;
  size_t *count = NULL;
  for (i = 0; i < c->n; i++) total += c->d[i].nt;
  p = nl_malloc((total ? total : 1) * sizeof *p);
  count = nl_calloc(c->n ? c->n : 1, sizeof *count);
  if (!p || !count) goto oom;
  for (i = 0; i < c->n; i++) {
    size_t k;
    for (k = 0; k < c->d[i].nt; k++) {
      p[np].term = c->d[i].t[k];
      p[np++].doc = i;
    }
  }
  qsort(p, np, sizeof *p, cmp_post);
  for (i = 0; i < c->n; i++) {
    pd_doc *d = &c->d[i];
    pd_rare rare[PD_TOPK];
    size_t nr = 0, k, r;
    for (k = 0; k < d->nt; k++) {
      size_t a = post_find(p, np, d->t[k]), b = a, df;
      while (b < np && p[b].term == d->t[k]) b++;
      df = b - a;
      if (df < 2 || df > PD_DF_CAP) continue;
      if (nr < PD_TOPK || df < rare[nr - 1].df) {
        /* insertion into the sorted top-k (terms come in ascending order,
        ** so ties keep the smaller hash, as a full sort would) */
        size_t at = nr < PD_TOPK ? nr++ : nr - 1;
        while (at > 0 && rare[at - 1].df > df) {
          rare[at] = rare[at - 1];
          at--;
        }
        rare[at].df = df;
        rare[at].term = d->t[k];
      }
    }
    for (r = 0; r < nr; r++) {
      size_t a = post_find(p, np, rare[r].term);
      for (; a < np && p[a].term == rare[r].term; a++)
        if (p[a].doc != i) count[p[a].doc]++;
    }
    for (r = 0; r < nr; r++) {
      size_t a = post_find(p, np, rare[r].term);
      for (; a < np && p[a].term == rare[r].term; a++) {
        size_t j = p[a].doc;
        if (j != i && count[j] >= PD_MIN_SHARED) {
          add_nb(d, j);
          add_nb(&c->d[j], i);
        }
      }
    }
    for (r = 0; r < nr; r++) {
      size_t a = post_find(p, np, rare[r].term);
      for (; a < np && p[a].term == rare[r].term; a++) count[p[a].doc] = 0;
    }
  }
  nl_free(p);
  nl_free(count);
  return NL_OK;
oom:
  nl_free(p);
  nl_free(count);
  return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
}

/* ---- candidate scoring ------------------------------------------------ */

typedef struct pd_link { /* a mention of the doc matching a dated ref */
  size_t men, doc, ref;
  double ov;
} pd_link;

typedef struct pd_score {
  double reward; /* sum of overlaps of links whose dates agree */
  long spread;   /* sum of |day - dct| over relative day expressions */
  int late;      /* explicit past dates after the dct */
  int agree;     /* relative days landing on an explicit date of the text
                 ** in the same or the next sentence */
  long agree_day;
  size_t nmatch; /* links that agreed */
  size_t ex_link;     /* one agreeing link (valid if nmatch) */
  char ex_expr[40];   /* its expression in this doc */
  char ex_value[48];  /* and value under the candidate */
} pd_score;

static double score_value(const pd_score *s) {
  return s->reward - 0.01 * (double)s->spread - 1.0 * s->late;
}

static nl_status find_links(pd_ctx *c, size_t i, pd_link **out, size_t *nl) {
  pd_doc *d = &c->d[i];
  size_t k, s, r, cap = 0;
  *out = NULL;
  *nl = 0;
  for (k = 0; k < d->nnb; k++) {
    pd_doc *e = &c->d[d->nb[k]];
    nl_status st;
    if (!e->dated) continue;
    st = ensure_tagged(c, d->nb[k]);
    if (st != NL_OK) return st;
    for (r = 0; r < e->nrefs; r++)
      for (s = 0; s < d->nmen; s++) {
        double ov = overlap(&d->men[s], &e->refs[r].win);
        if (ov < PD_LINK_MIN) continue;
        if (*nl == cap) {
          size_t nc = cap ? cap * 2 : 16;
          pd_link *p = nl_realloc(*out, nc * sizeof *p);
          if (!p) return nl_error_set(c->err, NL_ENOMEM, "pubdate: oom");
          *out = p;
          cap = nc;
        }
        (*out)[*nl].men = s;
        (*out)[*nl].doc = d->nb[k];
        (*out)[*nl].ref = r;
        (*out)[(*nl)++].ov = ov;
      }
  }
  return NL_OK;
}

/* Is expression k within 3 bytes of an absolute one (before or after)? */
static int beside_absolute(const nl_timex *x, size_t nx, size_t k) {
  if (k + 1 < nx && (x[k + 1].flags & NL_TIMEX_ABSOLUTE) &&
      x[k + 1].start <= x[k].end + 3)
    return 1;
  if (k > 0 && (x[k - 1].flags & NL_TIMEX_ABSOLUTE) &&
      x[k].start <= x[k - 1].end + 3)
    return 1;
  return 0;
}

/* Does the expression x (day `lo`) move with the DCT, i.e. is it one day
** later when the DCT is (y: the sentence tagged one day later)? */
static int deictic(const nl_timex *x, const nl_timex *y, size_t ny,
                   long lo) {
  size_t k;
  for (k = 0; k < ny; k++) {
    long ylo, yhi;
    if (y[k].start != x->start) continue;
    return value_range(y[k].value, &ylo, &yhi) && ylo == lo + 1;
  }
  return 0;
}

/* Score `day` as the DCT of doc i, given its links. */
static nl_status score_candidate(pd_ctx *c, size_t i, long day,
                                 const pd_link *l, size_t nl, pd_score *sc) {
  pd_doc *d = &c->d[i];
  const char *body = c->in[i].body;
  char dct[16];
  size_t s, k, m;
  memset(sc, 0, sizeof *sc);
  day_str(day, dct, sizeof dct);
  for (k = 0; k < d->nexpl; k++)
    if (d->expl[k].day > day) sc->late++;
  for (s = 0; s < d->ns; s++) {
    nl_timex *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    nl_status st;
    if (!d->rel[s]) continue;
    st = c->tag(body + d->s[s].start, d->s[s].end - d->s[s].start, dct, &x,
                &nx, c->err);
    if (st != NL_OK) return st;
    if (nl == 0 && d->nexpl) {
      /* the same sentence one day later, to tell deictic expressions
      ** ("today", "yesterday": always the same distance from the DCT)
      ** from anchored ones ("on Tuesday") */
      char next[16];
      day_str(day + 1, next, sizeof next);
      st = c->tag(body + d->s[s].start, d->s[s].end - d->s[s].start, next,
                  &y, &ny, c->err);
      if (st != NL_OK) {
        nl_free_mem(x);
        return st;
      }
    }
    for (k = 0; k < nx; k++) {
      long lo, hi;
      if (x[k].type != NL_TIMEX_DATE || !is_relative(&x[k]) ||
          !value_range(x[k].value, &lo, &hi))
        continue;
      if (lo == hi) {
        size_t e;
        sc->spread += labs(lo - day) < 30 ? labs(lo - day) : 30;
        /* "Tuesday, 11 September 2001": the weekday of the date itself is
        ** no independent evidence */
        for (e = 0; e < d->nexpl && !beside_absolute(x, nx, k) &&
                    !deictic(&x[k], y, ny, lo);
             e++)
          if (d->expl[e].day == lo &&
              (d->expl[e].sent + 1 >= s && d->expl[e].sent <= s + 1)) {
            /* a relative day near the explicit date names the same day */
            sc->agree++;
            sc->agree_day = lo;
            break;
          }
      }
      if (hi - lo > 6) continue;
      for (m = 0; m < nl; m++) {
        const pd_ref *r;
        if (c->d[i].men[l[m].men].start != d->s[s].start + x[k].start)
          continue;
        r = &c->d[l[m].doc].refs[l[m].ref];
        if (r->hi < lo || r->lo > hi) continue;
        if (sc->nmatch++ == 0) {
          size_t n = x[k].end - x[k].start;
          if (n >= sizeof sc->ex_expr) n = sizeof sc->ex_expr - 1;
          memcpy(sc->ex_expr, body + d->s[s].start + x[k].start, n);
          sc->ex_expr[n] = 0;
          snprintf(sc->ex_value, sizeof sc->ex_value, "%s", x[k].value);
          sc->ex_link = m;
        }
        sc->reward += l[m].ov;
#ifdef PD_DEBUG
        fprintf(stderr, "  [%s @%ld] '%.*s'=%s ~ %s '%s'=%s ov=%.2f\n",
                c->in[i].id, day, (int)(x[k].end - x[k].start),
                body + d->s[s].start + x[k].start, x[k].value,
                c->in[l[m].doc].id, r->expr, r->value, l[m].ov);
#endif
      }
    }
    nl_free_mem(x);
    nl_free_mem(y);
  }
  return NL_OK;
}

/* Weekday/recency fit of the doc's own relative dates around `day`: the
** spread at `day` minus the best spread within +-6 days. */
static nl_status misfit(pd_ctx *c, size_t i, long day, long *out,
                        size_t *nrel) {
  long best = -1, at = 0, k;
  pd_score sc;
  size_t s;
  nl_status st0 = ensure_tagged(c, i);
  if (st0 != NL_OK) return st0;
  *nrel = 0;
  for (s = 0; s < c->d[i].ns; s++) *nrel += c->d[i].rel[s];
  for (k = -6; k <= 6; k++) {
    nl_status st = score_candidate(c, i, day + k, NULL, 0, &sc);
    if (st != NL_OK) return st;
    if (k == 0) at = sc.spread;
    if (best < 0 || sc.spread < best) best = sc.spread;
  }
  *out = at - best;
  return NL_OK;
}

static long median_nb_day(pd_ctx *c, size_t i, int meta_only, size_t *n) {
  long days[PD_MAX_NB];
  size_t k;
  *n = 0;
  for (k = 0; k < c->d[i].nnb; k++) {
    pd_doc *e = &c->d[c->d[i].nb[k]];
    if (meta_only ? (e->meta_ok && c->in[c->d[i].nb[k]].source ==
                                       NL_PUB_METADATA)
                  : e->dated)
      days[(*n)++] = meta_only ? e->meta_day : e->day;
  }
  if (*n == 0) return 0;
  qsort(days, *n, sizeof *days, cmp_long);
  return days[*n / 2];
}

/* ---- decisions -------------------------------------------------------- */

typedef struct pd_dec {
  int ok;
  long day;
  pd_score best, meta;
  size_t nanchor;
  long anchor_lo, anchor_hi;
} pd_dec;

/* Candidate DCTs around the doc's dated neighbours and explicit dates. */
static size_t candidates(pd_ctx *c, size_t i, long **out, pd_dec *dec,
                         int near_anchors) {
  pd_doc *d = &c->d[i];
  size_t k, n = 0, cap = (d->nnb * (2 * PD_WINDOW + 1)) + d->nexpl * 8 + 1;
  long *v = nl_malloc(cap * sizeof *v), w;
  *out = v;
  if (!v) return (size_t)-1;
  dec->nanchor = 0;
  for (k = 0; k < d->nnb; k++) {
    pd_doc *e = &c->d[d->nb[k]];
    if (!e->dated) continue;
    if (dec->nanchor++ == 0) dec->anchor_lo = dec->anchor_hi = e->day;
    if (e->day < dec->anchor_lo) dec->anchor_lo = e->day;
    if (e->day > dec->anchor_hi) dec->anchor_hi = e->day;
    if (near_anchors)
      for (w = -PD_WINDOW; w <= PD_WINDOW; w++) v[n++] = e->day + w;
  }
  for (k = 0; k < d->nexpl; k++)
    for (w = 0; w < 8; w++) v[n++] = d->expl[k].day + w;
  qsort(v, n, sizeof *v, cmp_long);
  {
    size_t j, m = 0;
    for (j = 0; j < n; j++)
      if (m == 0 || v[m - 1] != v[j]) v[m++] = v[j];
    n = m;
  }
  return n;
}

static int plausible_year(long day) {
  int y, m, dd;
  nl_cal_civil(day, &y, &m, &dd);
  return y >= PD_MIN_YEAR && y <= PD_MAX_YEAR;
}

static long dist_to_anchor(pd_ctx *c, size_t i, long day) {
  size_t k;
  long best = 100000;
  for (k = 0; k < c->d[i].nnb; k++) {
    pd_doc *e = &c->d[c->d[i].nb[k]];
    if (e->dated && labs(e->day - day) < best) best = labs(e->day - day);
  }
  for (k = 0; k < c->d[i].nexpl; k++)
    if (labs(c->d[i].expl[k].day - day) < best)
      best = labs(c->d[i].expl[k].day - day);
  return best;
}

/*
** Try to date doc i: the best-scoring candidate wins if some evidence
** supports it (an agreeing sentence link, or explicit dates in the text);
** a suspicious metadata date is only replaced when the winner has clearly
** more link support than it.
*/
static nl_status try_decide(pd_ctx *c, size_t i, pd_dec *dec) {
  pd_doc *d = &c->d[i];
  pd_link *l = NULL;
  size_t nl = 0, nc, k;
  long *cand = NULL;
  nl_status st;
  memset(dec, 0, sizeof *dec);
  st = ensure_tagged(c, i);
  if (st != NL_OK) return st;
  st = find_links(c, i, &l, &nl);
  if (st != NL_OK) goto fail;
  /* without links only explicit dates named by a relative day can help */
  if (nl == 0 && (d->nexpl == 0 || d->nmen == 0)) goto done;
  nc = candidates(c, i, &cand, dec, nl > 0);
  if (nc == (size_t)-1) {
    st = nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
    goto fail;
  }
  if (nc == 0) goto done;
  for (k = 0; k < nc; k++) {
    pd_score sc;
    double a, b;
    st = score_candidate(c, i, cand[k], l, nl, &sc);
    if (st != NL_OK) goto fail;
    a = score_value(&sc);
#ifdef PD_DEBUG
    fprintf(stderr, "%s cand %ld: reward %.2f spread %ld late %d -> %.3f\n",
            c->in[i].id, cand[k], sc.reward, sc.spread, sc.late, a);
#endif
    b = score_value(&dec->best);
    if (!dec->ok || a > b + 1e-9 ||
        (a > b - 1e-9 && dist_to_anchor(c, i, cand[k]) <
                             dist_to_anchor(c, i, dec->day))) {
      dec->ok = 1;
      dec->day = cand[k];
      dec->best = sc;
    }
  }
  /* explicit dates alone (old events are often cited by full date) only
  ** count when a relative day of the text lands on one of them ("on
  ** Friday" = "21 January 2022") and the year is a plausible news year */
  if (dec->ok && !(dec->best.nmatch > 0 ||
                   (d->nexpl && dec->best.late == 0 && nl == 0 &&
                    dec->best.agree > 0 && plausible_year(dec->day))))
    dec->ok = 0;
  if (dec->ok && d->suspicious) {
    st = score_candidate(c, i, d->meta_day, l, nl, &dec->meta);
    if (st != NL_OK) goto fail;
    if (dec->day == d->meta_day ||
        !(dec->best.reward >= dec->meta.reward + 0.3 ||
          dec->meta.late > dec->best.late))
      dec->ok = 0;
  }
  if (dec->ok && dec->best.nmatch) {
    /* keep the link ids resolvable after `l` is freed */
    const pd_link *e = &l[dec->best.ex_link];
    dec->best.ex_link = e->doc * 1000000u + e->ref;
  }
done:
  nl_free(l);
  nl_free(cand);
  return NL_OK;
fail:
  nl_free(l);
  nl_free(cand);
  return st;
}

static char *dup_printf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static char *dup_printf(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return nl_strdup(buf);
}

/* Human evidence for an inferred date. */
static char *evidence_of(pd_ctx *c, size_t i, const pd_dec *dec) {
  char day[16];
  day_str(dec->day, day, sizeof day);
  if (dec->best.nmatch) {
    size_t doc = dec->best.ex_link / 1000000u;
    const pd_ref *r = &c->d[doc].refs[dec->best.ex_link % 1000000u];
    char dd[16];
    day_str(c->d[doc].day, dd, sizeof dd);
    return dup_printf(
        "inferred %s from the story: \"%s\" here is %s, the date of \"%s\" "
        "(%s) in the matching report of article %s (dated %s); %zu "
        "matching sentence(s); the article's own relative dates fit best on "
        "%s",
        day, dec->best.ex_expr, dec->best.ex_value, r->expr, r->value,
        c->in[doc].id ? c->in[doc].id : "?", dd, dec->best.nmatch, day);
  }
  (void)i;
  {
    char x[16];
    day_str(dec->best.agree_day, x, sizeof x);
    return dup_printf("inferred %s from the text: its explicit date %s is "
                      "also named by a relative day next to it, and its "
                      "relative dates fit best on %s",
                      day, x, day);
  }
}

/* ---- the driver ------------------------------------------------------- */

static void flag_suspicious(pd_ctx *c, char *susp) {
  size_t i;
  for (i = 0; i < c->n; i++) {
    pd_doc *d = &c->d[i];
    size_t nnb, nrel;
    long med, mf;
    int y, m, dd;
    susp[i] = 0;
    if (!d->dated) continue;
    nl_cal_civil(d->meta_day, &y, &m, &dd);
    if (has_year_from(c->in[i].body, c->in[i].body_len, y)) {
      if (ensure_tagged(c, i) != NL_OK) continue;
      if (d->nexpl && d->expl[d->nexpl - 1].day > d->meta_day + 1) {
        susp[i] = 1;
        continue;
      }
    }
    med = median_nb_day(c, i, 1, &nnb);
    if (nnb == 0 || labs(med - d->meta_day) <= PD_FAR) continue;
    if (misfit(c, i, d->meta_day, &mf, &nrel) != NL_OK) continue;
    if (mf > (long)nrel) susp[i] = 1;
  }
}

static nl_status finish(pd_ctx *c, size_t i, const pd_dec *dec, int decided,
                        nl_pd_result *r) {
  pd_doc *d = &c->d[i];
  const nl_pd_doc *in = &c->in[i];
  char day[16];
  size_t nnb;
  long med = median_nb_day(c, i, 0, &nnb);
  if (decided) {
    day_str(d->day, day, sizeof day);
    snprintf(r->published, sizeof r->published, "%s", day);
    r->source = NL_PUB_INFERRED;
    r->changed = !in->published || strcmp(in->published, day) != 0 ||
                 in->source != NL_PUB_INFERRED;
    r->evidence = evidence_of(c, i, dec);
    if (!r->evidence) return NL_ENOMEM;
    if (d->suspicious) {
      char lo[16], hi[16];
      day_str(dec->anchor_lo, lo, sizeof lo);
      day_str(dec->anchor_hi, hi, sizeof hi);
      r->warning = dup_printf(
          "publication date conflict: the metadata says \"%s\" but the "
          "text and the story contradict it (related articles dated %s%s%s; "
          "its relative dates fit a different day); using the inferred date "
          "%s instead",
          in->published, lo, strcmp(lo, hi) ? " to " : "",
          strcmp(lo, hi) ? hi : "", day);
      if (!r->warning) return NL_ENOMEM;
    }
    return NL_OK;
  }
  if (in->published)
    snprintf(r->published, sizeof r->published, "%s", in->published);
  r->source = in->source;
  if (d->suspicious) {
    char m[16];
    day_str(d->meta_day, m, sizeof m);
    r->warning = dup_printf(
        "publication date %s is far from the related articles (around %s) "
        "and fits the text's own dates poorly; kept, as no other date is "
        "better supported",
        m, nnb ? (day_str(med, day, sizeof day), day) : "?");
    if (!r->warning) return NL_ENOMEM;
  } else if (!in->published) {
    r->source = NL_PUB_NONE;
    if (nnb) {
      day_str(med, day, sizeof day);
      r->warning = dup_printf(
          "no publication date: no metadata, and nothing in the text ties it "
          "to the dates of its related articles (around %s)",
          day);
    } else {
      r->warning = nl_strdup(
          "no publication date: no metadata, no explicit date in the text, "
          "and no dated related article");
    }
    if (!r->warning) return NL_ENOMEM;
  }
  return NL_OK;
}

static void free_ctx(pd_ctx *c) {
  size_t i, k;
  if (!c->d) return;
  for (i = 0; i < c->n; i++) {
    pd_doc *d = &c->d[i];
    for (k = 0; k < d->ns; k++) nl_free(d->s[k].w);
    nl_free(d->s);
    nl_free(d->t);
    nl_free(d->expl);
    nl_free(d->rel);
    for (k = 0; k < d->nrefs; k++) nl_free(d->refs[k].win.w);
    nl_free(d->refs);
    for (k = 0; k < d->nmen; k++) nl_free(d->men[k].w);
    nl_free(d->men);
  }
  nl_free(c->d);
}

/*
** See nl_pubdate.h.  Rounds: docs decided in one round become anchors of
** the next; decisions within a round do not see each other (order-free).
*/
nl_status nl_pubdate_decide(const nl_pd_doc *docs, size_t n, nl_pd_tag_fn tag,
                            nl_pd_result *out, nl_error *err) {
  pd_ctx c;
  pd_dec *dec = NULL;
  char *susp = NULL, *decided = NULL, *dirty = NULL;
  size_t i, round;
  nl_status st = NL_OK;
  memset(out, 0, n * sizeof *out);
  c.in = docs;
  c.n = n;
  c.tag = tag ? tag : default_tag;
  c.err = err;
  c.d = nl_calloc(n ? n : 1, sizeof *c.d);
  dec = nl_calloc(n ? n : 1, sizeof *dec);
  susp = nl_calloc(n ? n : 1, 1);
  decided = nl_calloc(n ? n : 1, 1);
  dirty = nl_calloc(n ? n : 1, 1);
  if (!c.d || !dec || !susp || !decided || !dirty) goto oom;
  for (i = 0; i < n && st == NL_OK; i++) st = prepare_doc(&c, i);
  if (st == NL_OK) st = link_stories(&c);
  if (st != NL_OK) goto out;
  for (i = 0; i < n; i++) {
    pd_doc *d = &c.d[i];
    d->dated = d->meta_ok && docs[i].source == NL_PUB_METADATA;
    d->day = d->meta_day;
    d->needy = !d->dated;
  }
  flag_suspicious(&c, susp);
  for (i = 0; i < n; i++)
    if (susp[i]) c.d[i].suspicious = 1, c.d[i].dated = 0, c.d[i].needy = 1;
  memset(dirty, 1, n);
  for (round = 0; round < PD_ROUNDS; round++) {
    int progress = 0;
    for (i = 0; i < n; i++) {
      dec[i].ok = 0;
      if (!c.d[i].needy || decided[i] || !dirty[i]) continue;
      st = try_decide(&c, i, &dec[i]);
      if (st != NL_OK) goto out;
    }
    memset(dirty, 0, n);
    for (i = 0; i < n; i++) {
      char dct[16];
      size_t k;
      if (!dec[i].ok || decided[i] || !c.d[i].needy) continue;
      /* only neighbours of a newly dated doc can change next round */
      for (k = 0; k < c.d[i].nnb; k++) dirty[c.d[i].nb[k]] = 1;
      decided[i] = 1;
      progress = 1;
      c.d[i].dated = 1;
      c.d[i].day = dec[i].day;
      day_str(dec[i].day, dct, sizeof dct);
      st = analyse_dates(&c, i, dct, 0);
      if (st != NL_OK) goto out;
    }
    if (!progress) break;
  }
  for (i = 0; i < n; i++) {
    st = finish(&c, i, &dec[i], decided[i], &out[i]);
    if (st != NL_OK) goto oom;
  }
out:
  free_ctx(&c);
  nl_free(dec);
  nl_free(susp);
  nl_free(decided);
  nl_free(dirty);
  return st;
oom:
  st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  goto out;
}

/* See nl_pubdate.h. */
void nl_pd_results_clear(nl_pd_result *out, size_t n) {
  size_t i;
  for (i = 0; out && i < n; i++) {
    nl_free(out[i].evidence);
    nl_free(out[i].warning);
    out[i].evidence = out[i].warning = NULL;
  }
}

/* ---- the store side --------------------------------------------------- */

static const char pd_sql_select[] =
    "SELECT rowid, id, published, published_source, meta_published, body,"
    " warnings, meta FROM articles ORDER BY id";
static const char pd_sql_warn[] =
    "UPDATE articles SET warnings = ?1 WHERE rowid = ?2";
static const char pd_sql_update[] =
    "UPDATE articles SET published = ?1, published_source = ?2,"
    " published_evidence = ?3, meta_published = ?4, warnings = ?5,"
    " meta = ?7 WHERE rowid = ?6";

typedef struct pd_row {
  sqlite3_int64 rowid;
  char *id, *published, *source, *meta, *body, *warnings, *kv;
  size_t body_len;
} pd_row;

static void free_rows(pd_row *r, size_t n) {
  size_t i;
  for (i = 0; r && i < n; i++) {
    nl_free(r[i].id);
    nl_free(r[i].published);
    nl_free(r[i].source);
    nl_free(r[i].meta);
    nl_free(r[i].body);
    nl_free(r[i].warnings);
    nl_free(r[i].kv);
  }
  nl_free(r);
}

static char *col_dup(sqlite3_stmt *st, int col, int *oom) {
  const unsigned char *t = sqlite3_column_text(st, col);
  char *p;
  if (!t) return NULL;
  p = nl_strndup((const char *)t, (size_t)sqlite3_column_bytes(st, col));
  if (!p) *oom = 1;
  return p;
}

static nl_status read_rows(nl_db *db, pd_row **out, size_t *n,
                           nl_error *err) {
  sqlite3 *sq = nl_db_sqlite(db);
  sqlite3_stmt *st = NULL;
  size_t cap = 0;
  int rc, oom = 0;
  *out = NULL;
  *n = 0;
  if (!sq) return nl_error_set(err, NL_EMISUSE, "pubdate: store is closed");
  rc = sqlite3_prepare_v2(sq, pd_sql_select, -1, &st, NULL);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "pubdate: read articles", err);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && !oom) {
    pd_row *r;
    if (*n == cap) {
      size_t nc = cap ? cap * 2 : 64;
      pd_row *p = nl_realloc(*out, nc * sizeof *p);
      if (!p) {
        oom = 1;
        break;
      }
      *out = p;
      cap = nc;
    }
    r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    r->rowid = sqlite3_column_int64(st, 0);
    r->id = col_dup(st, 1, &oom);
    r->published = col_dup(st, 2, &oom);
    r->source = col_dup(st, 3, &oom);
    r->meta = col_dup(st, 4, &oom);
    r->body = col_dup(st, 5, &oom);
    r->body_len = r->body ? strlen(r->body) : 0;
    r->warnings = col_dup(st, 6, &oom);
    r->kv = col_dup(st, 7, &oom);
  }
  sqlite3_finalize(st);
  if (oom) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return nl_db_fail(db, rc, "pubdate: read articles", err);
  return NL_OK;
}

static nl_pub_source source_of(const char *s) {
  if (s && strcmp(s, "metadata") == 0) return NL_PUB_METADATA;
  if (s && strcmp(s, "inferred") == 0) return NL_PUB_INFERRED;
  return NL_PUB_NONE;
}

/* Warnings list with `w` appended unless already there (NULL on OOM). */
static char *add_warning(const char *list, const char *w) {
  size_t a = list ? strlen(list) : 0, b = strlen(w);
  char *p;
  if (list && strstr(list, w)) return nl_strdup(list);
  p = nl_malloc(a + b + 2);
  if (!p) return NULL;
  if (a) memcpy(p, list, a), p[a++] = '\n';
  memcpy(p + a, w, b + 1);
  return p;
}

/* The meta list with "meta_published=<v>" added unless it has one. */
static char *add_meta(const char *list, const char *v) {
  size_t a = list ? strlen(list) : 0, b = strlen(v);
  char *p;
  if (list && (strncmp(list, "meta_published=", 15) == 0 ||
               strstr(list, "\nmeta_published=")))
    return nl_strdup(list);
  p = nl_malloc(a + b + 17);
  if (!p) return NULL;
  if (a) memcpy(p, list, a), p[a++] = '\n';
  memcpy(p + a, "meta_published=", 15);
  memcpy(p + a + 15, v, b + 1);
  return p;
}

static nl_status write_row(nl_db *db, sqlite3_stmt *up, sqlite3_stmt *uw,
                           const pd_row *row, const nl_pd_doc *doc,
                           const nl_pd_result *r, nl_error *err) {
  char *warn = NULL, *kv = NULL;
  sqlite3_stmt *s = r->changed ? up : uw;
  int rc, w = r->changed ? 5 : 1;
  if (r->warning) {
    warn = add_warning(row->warnings, r->warning);
    if (!warn) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (r->changed) {
    if (r->published[0])
      sqlite3_bind_text(s, 1, r->published, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, nl_pub_source_name(r->source), -1,
                      SQLITE_STATIC);
    if (r->evidence) sqlite3_bind_text(s, 3, r->evidence, -1, SQLITE_TRANSIENT);
    /* the original metadata date survives a replacement, also as the
    ** article meta "meta_published" */
    if (row->meta)
      sqlite3_bind_text(s, 4, row->meta, -1, SQLITE_TRANSIENT);
    else if (doc->source == NL_PUB_METADATA && doc->published)
      sqlite3_bind_text(s, 4, doc->published, -1, SQLITE_TRANSIENT);
    if (doc->source == NL_PUB_METADATA && doc->published) {
      kv = add_meta(row->kv, doc->published);
      if (!kv) {
        nl_free(warn);
        return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
      }
      sqlite3_bind_text(s, 7, kv, -1, SQLITE_TRANSIENT);
    } else if (row->kv) {
      sqlite3_bind_text(s, 7, row->kv, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(s, 6, row->rowid);
  } else {
    sqlite3_bind_int64(s, 2, row->rowid);
  }
  if (warn) sqlite3_bind_text(s, w, warn, -1, SQLITE_TRANSIENT);
  else if (row->warnings)
    sqlite3_bind_text(s, w, row->warnings, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(s);
  nl_free(warn);
  nl_free(kv);
  if (rc != SQLITE_DONE)
    return nl_db_fail(db, rc, "pubdate: update article", err);
  if (!r->changed) return NL_OK;
  return nl_db_retag_dates(db, row->rowid,
                           r->published[0] ? r->published : NULL, err);
}

/*
** See nl_pubdate.h.  The input date of an article is its original
** metadata date when one was recorded (meta_published), so running the
** reconciliation again reaches the same decisions.  Only rows whose date
** changed or that gain a warning are written.  Uses the caller's
** transaction if one is open, else its own.
*/
nl_status nl_pubdate_reconcile(nl_db *db, nl_error *err) {
  pd_row *rows = NULL;
  nl_pd_doc *docs = NULL;
  nl_pd_result *res = NULL;
  sqlite3_stmt *up = NULL, *uw = NULL;
  size_t n = 0, i;
  int own = 0, rc;
  nl_status st = read_rows(db, &rows, &n, err);
  if (st != NL_OK || n == 0) goto out;
  docs = nl_calloc(n, sizeof *docs);
  res = nl_calloc(n, sizeof *res);
  if (!docs || !res) {
    st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    goto out;
  }
  for (i = 0; i < n; i++) {
    docs[i].id = rows[i].id;
    docs[i].body = rows[i].body ? rows[i].body : "";
    docs[i].body_len = rows[i].body_len;
    if (rows[i].meta) {
      docs[i].published = rows[i].meta;
      docs[i].source = NL_PUB_METADATA;
    } else if (source_of(rows[i].source) == NL_PUB_METADATA) {
      docs[i].published = rows[i].published;
      docs[i].source = NL_PUB_METADATA;
    }
  }
  st = nl_pubdate_decide(docs, n, NULL, res, err);
  if (st != NL_OK) goto out;
  if (!db->in_txn) {
    st = nl_db_begin(db, err);
    if (st != NL_OK) goto out;
    own = 1;
  }
  rc = sqlite3_prepare_v2(nl_db_sqlite(db), pd_sql_update, -1, &up, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(nl_db_sqlite(db), pd_sql_warn, -1, &uw, NULL);
  if (rc != SQLITE_OK) st = nl_db_fail(db, rc, "pubdate: update", err);
  for (i = 0; i < n && st == NL_OK; i++) {
    const char *cur = rows[i].published ? rows[i].published : "";
    int same = strcmp(cur, res[i].published) == 0 &&
               source_of(rows[i].source) == res[i].source;
    res[i].changed = !same;
    if (same && (!res[i].warning ||
                 (rows[i].warnings && strstr(rows[i].warnings,
                                             res[i].warning))))
      continue;
    st = write_row(db, up, uw, &rows[i], &docs[i], &res[i], err);
  }
  sqlite3_finalize(up);
  sqlite3_finalize(uw);
  if (own) {
    nl_status st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
out:
  if (res) nl_pd_results_clear(res, n);
  nl_free(res);
  nl_free(docs);
  free_rows(rows, n);
  return st;
}
