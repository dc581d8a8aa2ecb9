/*
** nl_pubdate_doc.c -- per-doc analysis of the publication-date decision
** (see nl_pubdate_internal.h): a light sentence splitter (only used to
** pair sentences), the content words around each date expression, the
** doc's relative mentions, explicit past dates and resolved refs (one
** tagging pass against its current date, lazily), and its body, read
** from the input or fetched through the body callback.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_calendar.h"
#include "nl_pubdate_internal.h"
#include "nl_url.h"

#define PD_WIN 8 /* words either side of an expression compared */

/* ---- small helpers ---------------------------------------------------- */

/*
** The value of the k digits at v, or -1 if one is not a digit (also
** nl_pubdate_db.c's date checks).
*/
int nl_pd_digits(const char *v, int k) {
  int x = 0, i;
  for (i = 0; i < k; i++) {
    if (v[i] < '0' || v[i] > '9') return -1;
    x = x * 10 + (v[i] - '0');
  }
  return x;
}

static int parse_day(const char *v, long *day) {
  int y, m, dd;
  if (!v || strlen(v) < 10 || v[4] != '-' || v[7] != '-') return 0;
  /* all digits: what sscanf reads, without it */
  if ((y = nl_pd_digits(v, 4)) < 0 || (m = nl_pd_digits(v + 5, 2)) < 0 ||
      (dd = nl_pd_digits(v + 8, 2)) < 0) {
    if (sscanf(v, "%4d-%2d-%2d", &y, &m, &dd) != 3) return 0;
  }
  if (m < 1 || m > 12 || dd < 1 || dd > nl_cal_month_days(y, m)) return 0;
  *day = nl_cal_days(y, m, dd);
  return 1;
}

/* The minute of a "YYYY-MM-DDThh:mm..." value (days * 1440 + minutes),
** into *min; 0 when v has no clock time. */
static int parse_minute(const char *v, long *min) {
  long day;
  int h, m;
  if (!parse_day(v, &day) || strlen(v) < 16 || v[10] != 'T' || v[13] != ':')
    return 0;
  if ((h = nl_pd_digits(v + 11, 2)) < 0 || h > 23 ||
      (m = nl_pd_digits(v + 14, 2)) < 0 || m > 59)
    return 0;
  *min = day * 1440 + h * 60 + m;
  return 1;
}

/* See nl_pubdate_internal.h. */
void nl_pd_day_str(long day, char *out, size_t n) {
  int y, m, d;
  nl_cal_civil(day, &y, &m, &d);
  if (n >= 11 && y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
      d <= 31) { /* what the snprintf below prints, digit by digit */
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return;
  }
  snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

/* Day range of a TimeML value (day, week, month, year); 0 if none. */
int nl_pd_value_range(const char *v, long *lo, long *hi) {
  int y, w, m;
  if (strchr(v, 'X')) return 0;
  if (parse_day(v, lo)) {
    *hi = *lo;
    return 1;
  }
  /* all digits: what sscanf reads, without it */
  if (strlen(v) == 8 && v[4] == '-' && v[5] == 'W' &&
      (((y = nl_pd_digits(v, 4)) >= 0 && (w = nl_pd_digits(v + 6, 2)) >= 0) ||
       sscanf(v, "%4d-W%2d", &y, &w) == 2) &&
      w >= 1 && w <= 53) {
    *lo = nl_cal_iso_monday(y, w);
    *hi = *lo + 6;
    return 1;
  }
  if (strlen(v) == 7 && v[4] == '-' &&
      (((y = nl_pd_digits(v, 4)) >= 0 && (m = nl_pd_digits(v + 5, 2)) >= 0) ||
       sscanf(v, "%4d-%2d", &y, &m) == 2) &&
      m >= 1 && m <= 12) {
    *lo = nl_cal_days(y, m, 1);
    *hi = *lo + nl_cal_month_days(y, m) - 1;
    return 1;
  }
  return 0;
}

/* See nl_pubdate_internal.h. */
int nl_pd_cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

/* From b[i], the first of b[0..n) that is '\n', '.', '?' or '!' (n if
** none): eight bytes a test where they hold none. */
static size_t next_stop(const char *b, size_t i, size_t n) {
  const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y, hit;
    memcpy(&x, b + i, 8);
    y = x ^ (ones * '\n');
    hit = (y - ones) & ~y;
    y = x ^ (ones * '.');
    hit |= (y - ones) & ~y;
    y = x ^ (ones * '?');
    hit |= (y - ones) & ~y;
    y = x ^ (ones * '!');
    hit |= (y - ones) & ~y;
    if (hit & high) break;
  }
  while (i < n && b[i] != '\n' && b[i] != '.' && b[i] != '?' && b[i] != '!')
    i++;
  return i;
}

/* A light sentence splitter: ". ", "? ", "! " (quotes allowed) or '\n'. */
static nl_status split_sents(const char *b, size_t n, pd_sent **out,
                             size_t *ns) {
  size_t i, start = 0, cap = 0;
  *out = NULL;
  *ns = 0;
  for (i = 0; i <= n; i++) {
    int cut;
    i = next_stop(b, i, n); /* other bytes neither cut nor move i */
    cut = (i == n) || b[i] == '\n';
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

/* See nl_pubdate_internal.h. */
int nl_pd_is_relative(const nl_timex *x) {
  return (x->flags &
          (NL_TIMEX_RELATIVE | NL_TIMEX_UNRESOLVED | NL_TIMEX_NARRATIVE)) ||
         strchr(x->value, 'X') != NULL;
}

static int cmp_expl(const void *a, const void *b) {
  long x = ((const pd_expl *)a)->day, y = ((const pd_expl *)b)->day;
  return x < y ? -1 : x > y;
}

/* ---- per-doc analysis ------------------------------------------------- */

/*
** Doc i's body as tagged already against `dct` (c->pre), copied into *x,
** *nx: NL_OK, NL_ENOMEM, or NL_ENOTFOUND when it must be tagged.  Only DATE
** expressions are kept, which is all nl_pd_analyse_dates reads.
*/
static nl_status pre_tagged(pd_ctx *c, size_t i, const char *dct,
                            nl_timex **x, size_t *nx) {
  const nl_pd_tagged *t = c->pre ? &c->pre[i] : NULL;
  if (!t || !t->have || (dct == NULL) != (t->dct == NULL) ||
      (dct && strcmp(dct, t->dct) != 0))
    return NL_ENOTFOUND;
  *x = NULL;
  *nx = 0;
  if (!t->n) return NL_OK;
  if (!(*x = nl_malloc(t->n * sizeof **x)))
    return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  memcpy(*x, t->x, t->n * sizeof **x);
  *nx = t->n;
  return NL_OK;
}

/*
** Tag doc `i` against `dct` (may be NULL).  Marks sentences with relative
** expressions, collects explicit past full dates (first call only, when
** `first`), and, when `dct` is set, the resolved day/week refs used as
** link targets by other docs.
*/
nl_status nl_pd_analyse_dates(pd_ctx *c, size_t i, const char *dct, int first) {
  pd_doc *d = &c->d[i];
  nl_timex *x = NULL;
  size_t nx = 0, k, cap = 0;
  nl_status st = pre_tagged(c, i, dct, &x, &nx);
  if (st == NL_ENOTFOUND)
    st = c->tag(d->body, d->body_len, dct, &x, &nx, c->err);
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
    if (first && nl_pd_is_relative(&x[k])) {
      d->rel[si] = 1;
      if (window_words(d, d->body, x[k].start, x[k].end, &d->men[d->nmen]) !=
          NL_OK)
        goto oom;
      d->nmen++;
      if (dct && d->meta_ok && nl_pd_value_range(x[k].value, &lo, &hi) &&
          lo == hi && labs(lo - d->meta_day) <= 6)
        d->nday0++;
    }
    if (first && (x[k].flags & NL_TIMEX_ABSOLUTE) &&
        !(x[k].flags & NL_TIMEX_FUTURE) && parse_day(x[k].value, &lo)) {
      pd_expl *e = &d->expl[d->nexpl++];
      e->sent = si;
      e->day = lo;
      e->start = x[k].start;
      e->end = x[k].end;
    }
    if (dct && nl_pd_value_range(x[k].value, &lo, &hi) && hi - lo <= 6) {
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

/*
** Is doc `in`'s metadata date a crawler's time stamp: a clock time within
** PD_CRAWL_MIN minutes of the record's download time (either side: the
** two clocks may be written in different zones)?  A date without a clock
** time is no crawler's clock.
*/
static int crawl_stamp(const nl_pd_doc *in) {
  long pub, got;
  return in->source == NL_PUB_METADATA && in->crawled &&
         parse_minute(in->published, &pub) && parse_minute(in->crawled, &got) &&
         labs(got - pub) <= PD_CRAWL_MIN;
}

/* The days d's address names (d->url_kind 0: none; nl_url.h). */
static void url_days(const char *url, pd_doc *d) {
  int y, m, dd;
  d->url_kind = nl_url_date(url, &y, &m, &dd, NULL, NULL);
  if (d->url_kind == NL_URL_DAY) {
    d->url_lo = d->url_hi = nl_cal_days(y, m, dd);
  } else if (d->url_kind == NL_URL_MONTH) {
    d->url_lo = nl_cal_days(y, m, 1);
    d->url_hi = d->url_lo + nl_cal_month_days(y, m) - 1;
  }
}

/* See nl_pubdate_internal.h. */
int nl_pd_url_vouches(const pd_ctx *c, size_t i) {
  const pd_doc *d = &c->d[i];
  return d->url_kind && d->meta_ok && d->meta_day >= d->url_lo - PD_SLACK &&
         d->meta_day <= d->url_hi + PD_SLACK;
}

/* Doc terms, metadata date and whether it is a crawl stamp; a fetched
** body is dropped again. */
nl_status nl_pd_prepare_doc(pd_ctx *c, size_t i) {
  pd_doc *d = &c->d[i];
  size_t cap = 0;
  nl_status st;
  d->meta_ok = parse_day(c->in[i].published, &d->meta_day);
  d->stamp = d->meta_ok && crawl_stamp(&c->in[i]);
  url_days(c->in[i].url, d);
  if (c->linked) return NL_OK; /* no terms: the body is not needed yet */
  st = load_body(c, i);
  if (st != NL_OK) return st;
  if (nl_story_words(d->body, d->body_len, &d->t, &d->nt, &cap) != NL_OK)
    return nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  d->nt = nl_story_uniq(d->t, d->nt);
  d->hash = nl_hash64(d->body, d->body_len);
  if (d->owned) drop_body(d);
  return NL_OK;
}

/*
** Tag doc i against its current date, once, when something needs its
** expressions (docs nobody asks about are never tagged).
*/
nl_status nl_pd_ensure_tagged(pd_ctx *c, size_t i) {
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
  if (d->meta_ok) nl_pd_day_str(d->meta_day, dct, sizeof dct);
  st = nl_pd_analyse_dates(c, i, d->meta_ok ? dct : NULL, 1);
  if (st != NL_OK) return st;
  if (d->nexpl) qsort(d->expl, d->nexpl, sizeof *d->expl, cmp_expl);
  d->tagged = 1;
  return NL_OK;
}

/* See nl_pubdate_internal.h. */
void nl_pd_free_docs(pd_ctx *c) {
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
