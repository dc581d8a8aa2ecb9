/*
** nl_pubdate.c -- publication-date reconciliation (see nl_pubdate.h).
**
** Pipeline of nl_pubdate_decide:
**   1. per doc: sentences (a light splitter: only used to pair sentences),
**      content-word sets, and one tagging pass against the current date;
**   2. stories: each doc's rarest shared terms (2 <= df <= cap) are looked
**      up in the other docs; docs sharing enough of them are neighbours;
**   3. suspicious metadata: a date more than PD_FAR days from the median of
**      its dated neighbours that the article's own weekday references fit
**      poorly (misfit);
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
#include "nl_story.h"

#define PD_MAX_NB NL_STORY_MAX_NB /* neighbours kept per doc */
#define PD_REPLACE 0.5 /* link support a replacement needs beyond the meta */
#define PD_REPLACE_LINKS 2 /* ... in at least this many agreeing mentions */
#define PD_FAR 30          /* days from the story that make a date suspicious */
#define PD_WINDOW 10       /* candidate DCTs: anchor +- this many days */
#define PD_LINK_MIN 0.35   /* overlap coefficient for two sentences to match */
#define PD_LINK_WORDS 3    /* ... and at least this many shared words */
#define PD_ROUNDS 8        /* rounds: docs dated in one anchor the next */
#define PD_MIN_YEAR 1900   /* years an article may be inferred in from its */
#define PD_MAX_YEAR 2199   /* own explicit dates alone (misread "1400" GMT) */
#define PD_WIN 8           /* words either side of an expression compared */

typedef struct pd_sent {
  size_t start, end;
  uint64_t *w; /* sorted unique content-word hashes */
  size_t nw;
} pd_sent;

typedef struct pd_ref { /* a resolved expression of a dated doc */
  pd_sent win;          /* the words around it */
  long lo, hi;          /* day range */
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
  char *rel;   /* per sentence: 1 if it holds a relative expression */
  int meta_ok; /* has a parseable current date */
  long meta_day;
  int dated; /* usable as an anchor */
  long day;
  int needy;        /* undated, re-inferred or suspicious */
  int tagged;       /* analyse_dates ran (lazily, see ensure_tagged) */
  const char *body; /* the text while needed (tagged docs), else NULL */
  size_t body_len;
  char *owned; /* body fetched through the body callback */
  int suspicious;
  pd_ref *refs;
  size_t nrefs;
  pd_sent *men; /* relative date expressions (first pass), with windows */
  size_t nmen;
  size_t nday0; /* relative single days within a week of the first DCT */
} pd_doc;

typedef struct pd_ctx {
  const nl_pd_doc *in;
  nl_pd_body_fn fetch; /* body source when in[i].body is NULL */
  void *fetch_ctx;
  size_t n;
  pd_doc *d;
  nl_pd_tag_fn tag;
  nl_error *err;
  int linked;        /* neighbours given by the caller: no terms needed */
  const char *want;  /* docs to decide (NULL: all); others are context */
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

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
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
        if (!(i >= 2 && b[i - 2] == '.')) cut = 1, i = j - 1;
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
    if (d->s[mid].end <= off)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < d->ns ? lo : d->ns ? d->ns - 1 : 0;
}

/* Byte span of the PD_WIN words either side of [xs, xe) inside the
** sentence [ss, se). */
static void window_of(const char *b, size_t ss, size_t se, size_t xs, size_t xe,
                      size_t *ws, size_t *we) {
  size_t p = xs;
  int n;
  for (n = 0; p > ss && n < PD_WIN; n++) {
    while (p > ss && b[p - 1] == ' ')
      p--;
    while (p > ss && b[p - 1] != ' ')
      p--;
  }
  *ws = p;
  p = xe;
  for (n = 0; p < se && n < PD_WIN; n++) {
    while (p < se && b[p] == ' ')
      p++;
    while (p < se && b[p] != ' ')
      p++;
  }
  *we = p;
}

/* Fill w->w/nw with the content words around [xs, xe) of doc d. */
static nl_status window_words(const pd_doc *d, const char *body, size_t xs,
                              size_t xe, pd_sent *w) {
  size_t si = sent_of(d, xs), cap = 0, ws = xs, we = xe;
  if (d->ns) window_of(body, d->s[si].start, d->s[si].end, xs, xe, &ws, &we);
  w->start = xs;
  w->end = xe;
  w->w = NULL;
  w->nw = 0;
  if (nl_story_words(body + ws, we - ws, &w->w, &w->nw, &cap) != NL_OK) {
    nl_free(w->w);
    w->w = NULL;
    return NL_ENOMEM;
  }
  w->nw = nl_story_uniq(w->w, w->nw);
  return NL_OK;
}

/* Overlap coefficient of two sentences (0 below PD_LINK_WORDS shared). */
static double overlap(const pd_sent *a, const pd_sent *b) {
  size_t i = 0, j = 0, k = 0, m;
  while (i < a->nw && j < b->nw) {
    if (a->w[i] == b->w[j])
      k++, i++, j++;
    else if (a->w[i] < b->w[j])
      i++;
    else
      j++;
  }
  m = a->nw < b->nw ? a->nw : b->nw;
  if (k < PD_LINK_WORDS || m == 0) return 0;
  return (double)k / (double)m;
}

static int is_relative(const nl_timex *x) {
  return (x->flags &
          (NL_TIMEX_RELATIVE | NL_TIMEX_UNRESOLVED | NL_TIMEX_NARRATIVE)) ||
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
  nl_status st = c->tag(d->body, d->body_len, dct, &x, &nx, c->err);
  if (st != NL_OK) return st;
  for (k = 0; k < d->nrefs; k++)
    nl_free(d->refs[k].win.w);
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
      if (window_words(d, d->body, x[k].start, x[k].end, &d->men[d->nmen]) !=
          NL_OK)
        goto oom;
      d->nmen++;
      if (dct && d->meta_ok && value_range(x[k].value, &lo, &hi) &&
          lo == hi && labs(lo - d->meta_day) <= 6)
        d->nday0++;
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
      if (window_words(d, d->body, x[k].start, x[k].end, &r->win) != NL_OK)
        goto oom;
      d->nrefs++;
      r->lo = lo;
      r->hi = hi;
      snprintf(r->value, sizeof r->value, "%s", x[k].value);
      {
        size_t n = x[k].end - x[k].start;
        if (n >= sizeof r->expr) n = sizeof r->expr - 1;
        memcpy(r->expr, d->body + x[k].start, n);
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

/* The body of doc i into d->body (from the input or fetched). */
static nl_status load_body(pd_ctx *c, size_t i) {
  pd_doc *d = &c->d[i];
  const nl_pd_doc *in = &c->in[i];
  nl_status st;
  if (d->body) return NL_OK;
  if (in->body || !c->fetch) {
    d->body = in->body ? in->body : "";
    d->body_len = in->body ? in->body_len : 0;
    return NL_OK;
  }
  st = c->fetch(c->fetch_ctx, i, &d->owned, &d->body_len, c->err);
  if (st != NL_OK) return st;
  d->body = d->owned ? d->owned : "";
  if (!d->owned) d->body_len = 0;
  return NL_OK;
}

static void drop_body(pd_doc *d) {
  nl_free(d->owned);
  d->owned = NULL;
  d->body = NULL;
  d->body_len = 0;
}

/* Doc terms and metadata date; a fetched body is dropped again. */
static nl_status prepare_doc(pd_ctx *c, size_t i) {
  pd_doc *d = &c->d[i];
  size_t cap = 0;
  nl_status st;
  d->meta_ok = parse_day(c->in[i].published, &d->meta_day);
  if (c->linked) return NL_OK; /* no terms: the body is not needed yet */
  st = load_body(c, i);
  if (st != NL_OK) return st;
  if (nl_story_words(d->body, d->body_len, &d->t, &d->nt, &cap) != NL_OK)
    return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  d->nt = nl_story_uniq(d->t, d->nt);
  if (d->owned) drop_body(d);
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
  st = load_body(c, i);
  if (st != NL_OK) return st;
  if (split_sents(d->body, d->body_len, &d->s, &d->ns) != NL_OK)
    return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  d->rel = nl_calloc(d->ns ? d->ns : 1, 1);
  if (!d->rel) return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  if (d->meta_ok) day_str(d->meta_day, dct, sizeof dct);
  st = analyse_dates(c, i, d->meta_ok ? dct : NULL, 1);
  if (st != NL_OK) return st;
  if (d->nexpl) qsort(d->expl, d->nexpl, sizeof *d->expl, cmp_expl);
  d->tagged = 1;
  return NL_OK;
}

/* ---- stories (nl_story.c) ------------------------------------------- */

static nl_status link_stories(pd_ctx *c) {
  const uint64_t **t = nl_malloc((c->n ? c->n : 1) * sizeof *t);
  size_t *nt = nl_malloc((c->n ? c->n : 1) * sizeof *nt);
  size_t *nb = nl_malloc((c->n ? c->n : 1) * PD_MAX_NB * sizeof *nb);
  size_t *nnb = nl_malloc((c->n ? c->n : 1) * sizeof *nnb);
  size_t i;
  nl_status st = NL_ENOMEM;
  if (t && nt && nb && nnb) {
    for (i = 0; i < c->n; i++)
      t[i] = c->d[i].t, nt[i] = c->d[i].nt;
    st = nl_story_link(t, nt, c->n, nb, nnb, c->err);
    for (i = 0; st == NL_OK && i < c->n; i++) {
      c->d[i].nnb = nnb[i];
      memcpy(c->d[i].nb, nb + i * PD_MAX_NB, nnb[i] * sizeof *nb);
    }
  } else {
    nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  }
  nl_free(t);
  nl_free(nt);
  nl_free(nb);
  nl_free(nnb);
  return st;
}

/* ---- candidate scoring ------------------------------------------------ */

typedef struct pd_link { /* a mention of the doc matching a dated ref */
  size_t men, doc, ref;
  double ov;
} pd_link;

typedef struct pd_score {
  double reward; /* sum of overlaps of links whose dates agree */
  long spread;   /* sum of |day - dct| over relative day expressions */
  size_t ndays;  /* ... and their number (within a week of the dct) */
  int agree;     /* relative days landing on an explicit date of the text
                 ** in the same or the next sentence */
  long agree_day;
  size_t nmatch;     /* links that agreed */
  size_t ex_link;    /* one agreeing link (valid if nmatch) */
  char ex_expr[40];  /* its expression in this doc */
  char ex_value[48]; /* and value under the candidate */
} pd_score;

static double score_value(const pd_score *s) {
  return s->reward - 0.01 * (double)s->spread;
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
static int deictic(const nl_timex *x, const nl_timex *y, size_t ny, long lo) {
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
  const char *body = d->body;
  char dct[16];
  size_t s, k, m;
  memset(sc, 0, sizeof *sc);
  day_str(day, dct, sizeof dct);
  for (s = 0; s < d->ns; s++) {
    nl_timex *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    nl_status st;
    if (!d->rel[s]) continue;
    st = c->tag(body + d->s[s].start, d->s[s].end - d->s[s].start, dct, &x, &nx,
                c->err);
    if (st != NL_OK) return st;
    {
      /* the same sentence one day later, to tell deictic expressions
      ** ("today", "yesterday": always the same distance from the DCT)
      ** from anchored ones ("on Tuesday") */
      char next[16];
      day_str(day + 1, next, sizeof next);
      st = c->tag(body + d->s[s].start, d->s[s].end - d->s[s].start, next, &y,
                  &ny, c->err);
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
        /* days within a week of the DCT say which day it is (weekday
        ** names); farther ones ("the June 11 election") do not */
        int moves = deictic(&x[k], y, ny, lo);
        if (labs(lo - day) <= 6 && !moves)
          sc->spread += labs(lo - day), sc->ndays++;
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
      /* a link through "today" or "yesterday" only says "same day as
      ** the other report", which recurring phrasing makes unreliable */
      if (hi - lo > 6 || deictic(&x[k], y, ny, lo)) continue;
      for (m = 0; m < nl; m++) {
        const pd_ref *r;
        if (c->d[i].men[l[m].men].start != d->s[s].start + x[k].start) continue;
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

/*
** Weekday/recency fit of the doc's own relative dates around `day`: the
** spread at `day` minus the best spread within +-6 days (the spread of
** score_candidate).  Each sentence with a relative date is tagged once
** for each of the 14 days day-6 .. day+7 (a candidate's "next day" is the
** following candidate).
*/
static nl_status misfit(pd_ctx *c, size_t i, long day, long *out,
                        size_t *ndays) {
  pd_doc *d;
  long spread[13], best;
  size_t s, k, j;
  nl_status st = ensure_tagged(c, i);
  if (st != NL_OK) return st;
  d = &c->d[i];
  *out = 0;
  *ndays = 0;
  /* at the doc's own date (the DCT of its first tagging) the day count
  ** is at most nday0: below two it cannot misfit */
  if (d->meta_ok && day == d->meta_day && d->nday0 < 2) return NL_OK;
  memset(spread, 0, sizeof spread);
  for (s = 0; s < d->ns; s++) {
    nl_timex *x[14];
    size_t nx[14];
    if (!d->rel[s]) continue;
    memset(x, 0, sizeof x);
    for (j = 0; j < 14 && st == NL_OK; j++) {
      char dct[16];
      day_str(day - 6 + (long)j, dct, sizeof dct);
      nx[j] = 0;
      st = c->tag(d->body + d->s[s].start, d->s[s].end - d->s[s].start, dct,
                  &x[j], &nx[j], c->err);
    }
    for (j = 0; j < 13 && st == NL_OK; j++) {
      long cand = day - 6 + (long)j;
      for (k = 0; k < nx[j]; k++) {
        long lo, hi;
        const nl_timex *e = &x[j][k];
        if (e->type != NL_TIMEX_DATE || !is_relative(e) ||
            !value_range(e->value, &lo, &hi) || lo != hi)
          continue;
        if (labs(lo - cand) <= 6 && !deictic(e, x[j + 1], nx[j + 1], lo)) {
          spread[j] += labs(lo - cand);
          if (j == 6) (*ndays)++;
        }
      }
    }
    for (j = 0; j < 14; j++)
      nl_free_mem(x[j]);
    if (st != NL_OK) return st;
  }
  best = spread[0];
  for (j = 1; j < 13; j++)
    if (spread[j] < best) best = spread[j];
  *out = spread[6] - best;
  return NL_OK;
}

static long median_nb_day(pd_ctx *c, size_t i, int meta_only, size_t *n) {
  long days[PD_MAX_NB];
  size_t k;
  *n = 0;
  for (k = 0; k < c->d[i].nnb; k++) {
    pd_doc *e = &c->d[c->d[i].nb[k]];
    if (meta_only
            ? (e->meta_ok && c->in[c->d[i].nb[k]].source == NL_PUB_METADATA)
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
      for (w = -PD_WINDOW; w <= PD_WINDOW; w++)
        v[n++] = e->day + w;
  }
  for (k = 0; k < d->nexpl; k++)
    for (w = 0; w < 8; w++)
      v[n++] = d->expl[k].day + w;
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
    fprintf(stderr, "%s cand %ld: reward %.2f spread %ld -> %.3f\n",
            c->in[i].id, cand[k], sc.reward, sc.spread, a);
#endif
    b = score_value(&dec->best);
    if (!dec->ok || a > b + 1e-9 ||
        (a > b - 1e-9 &&
         dist_to_anchor(c, i, cand[k]) < dist_to_anchor(c, i, dec->day))) {
      dec->ok = 1;
      dec->day = cand[k];
      dec->best = sc;
    }
  }
  /* explicit dates alone (old events are often cited by full date) only
  ** count when a relative day of the text lands on one of them ("on
  ** Friday" = "21 January 2022") and the year is a plausible news year */
  if (dec->ok &&
      !(dec->best.nmatch > 0 || (d->nexpl && nl == 0 && dec->best.agree > 0 &&
                                 plausible_year(dec->day))))
    dec->ok = 0;
  if (dec->ok && d->suspicious) {
    st = score_candidate(c, i, d->meta_day, l, nl, &dec->meta);
    if (st != NL_OK) goto fail;
    if (dec->day == d->meta_day ||
        dec->best.reward < dec->meta.reward + PD_REPLACE ||
        dec->best.nmatch < PD_REPLACE_LINKS)
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
    susp[i] = 0;
    if (!d->dated || (c->want && !c->want[i])) continue;
    med = median_nb_day(c, i, 1, &nnb);
    if (nnb == 0 || labs(med - d->meta_day) <= PD_FAR) continue;
    /* poor fit: two or more day references, on average more than two
    ** days farther from the date than from the best day near it */
    if (misfit(c, i, d->meta_day, &mf, &nrel) != NL_OK) continue;
    if (nrel >= 2 && mf > 2 * (long)nrel) susp[i] = 1;
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
    drop_body(d);
    nl_free(d->s);
    nl_free(d->t);
    nl_free(d->expl);
    nl_free(d->rel);
    for (k = 0; k < d->nrefs; k++)
      nl_free(d->refs[k].win.w);
    nl_free(d->refs);
    for (k = 0; k < d->nmen; k++)
      nl_free(d->men[k].w);
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
  return nl_pubdate_decide_with(docs, n, tag, NULL, NULL, out, err);
}

/*
** The decision proper, once every doc has its neighbours (c->d[i].nb):
** rounds, then one result per doc.  Frees nothing of c.
*/
static nl_status decide_core(pd_ctx *c, nl_pd_result *out) {
  const nl_pd_doc *docs = c->in;
  size_t n = c->n, i, round;
  pd_dec *dec = nl_calloc(n ? n : 1, sizeof *dec);
  char *susp = nl_calloc(n ? n : 1, 1), *decided = nl_calloc(n ? n : 1, 1);
  char *dirty = nl_calloc(n ? n : 1, 1);
  nl_status st = NL_OK;
  if (!dec || !susp || !decided || !dirty) goto oom;
  for (i = 0; i < n; i++) {
    pd_doc *d = &c->d[i];
    d->dated = d->meta_ok && docs[i].source == NL_PUB_METADATA;
    d->day = d->meta_day;
    d->needy = !d->dated && (!c->want || c->want[i]);
  }
  flag_suspicious(c, susp);
  for (i = 0; i < n; i++)
    if (susp[i]) c->d[i].suspicious = 1, c->d[i].dated = 0, c->d[i].needy = 1;
  memset(dirty, 1, n);
  for (round = 0; round < PD_ROUNDS; round++) {
    int progress = 0;
    for (i = 0; i < n; i++) {
      dec[i].ok = 0;
      if (!c->d[i].needy || decided[i] || !dirty[i]) continue;
      st = try_decide(c, i, &dec[i]);
      if (st != NL_OK) goto out;
    }
    memset(dirty, 0, n);
    for (i = 0; i < n; i++) {
      char dct[16];
      size_t k;
      if (!dec[i].ok || decided[i] || !c->d[i].needy) continue;
      /* only neighbours of a newly dated doc can change next round */
      for (k = 0; k < c->d[i].nnb; k++)
        dirty[c->d[i].nb[k]] = 1;
      decided[i] = 1;
      progress = 1;
      c->d[i].dated = 1;
      c->d[i].day = dec[i].day;
      day_str(dec[i].day, dct, sizeof dct);
      st = analyse_dates(c, i, dct, 0);
      if (st != NL_OK) goto out;
    }
    if (!progress) break;
  }
  for (i = 0; i < n; i++) {
    st = finish(c, i, &dec[i], decided[i], &out[i]);
    if (st != NL_OK) goto oom;
  }
out:
  nl_free(dec);
  nl_free(susp);
  nl_free(decided);
  nl_free(dirty);
  return st;
oom:
  st = nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  goto out;
}

static int init_ctx(pd_ctx *c, const nl_pd_doc *docs, size_t n,
                    nl_pd_tag_fn tag, nl_pd_body_fn body, void *ctx,
                    nl_error *err) {
  memset(c, 0, sizeof *c);
  c->in = docs;
  c->fetch = body;
  c->fetch_ctx = ctx;
  c->n = n;
  c->tag = tag ? tag : default_tag;
  c->err = err;
  c->d = nl_calloc(n ? n : 1, sizeof *c->d);
  return c->d != NULL;
}

/* See nl_pubdate.h. */
nl_status nl_pubdate_decide_with(const nl_pd_doc *docs, size_t n,
                                 nl_pd_tag_fn tag, nl_pd_body_fn body,
                                 void *ctx, nl_pd_result *out, nl_error *err) {
  pd_ctx c;
  size_t i;
  nl_status st = NL_OK;
  memset(out, 0, n * sizeof *out);
  if (!init_ctx(&c, docs, n, tag, body, ctx, err))
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  for (i = 0; i < n && st == NL_OK; i++)
    st = prepare_doc(&c, i);
  if (st == NL_OK) st = link_stories(&c);
  if (st == NL_OK) st = decide_core(&c, out);
  free_ctx(&c);
  return st;
}

/* See nl_pubdate.h. */
nl_status nl_pubdate_decide_linked(const nl_pd_doc *docs, size_t n,
                                   const size_t *nb_off, const size_t *nb,
                                   const char *want, nl_pd_tag_fn tag,
                                   nl_pd_body_fn body, void *ctx,
                                   nl_pd_result *out, nl_error *err) {
  pd_ctx c;
  size_t i, k;
  nl_status st = NL_OK;
  memset(out, 0, n * sizeof *out);
  if (!init_ctx(&c, docs, n, tag, body, ctx, err))
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  c.linked = 1;
  c.want = want;
  for (i = 0; i < n && st == NL_OK; i++) {
    pd_doc *d = &c.d[i];
    st = prepare_doc(&c, i);
    for (k = nb_off[i]; k < nb_off[i + 1] && d->nnb < PD_MAX_NB; k++)
      if (nb[k] < n && nb[k] != i) d->nb[d->nnb++] = nb[k];
  }
  if (st == NL_OK) st = decide_core(&c, out);
  free_ctx(&c);
  return st;
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
