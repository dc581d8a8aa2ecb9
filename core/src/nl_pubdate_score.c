/*
** nl_pubdate_score.c -- candidate dates of the publication-date decision
** (see nl_pubdate_internal.h): the doc's relative mentions linked to the
** resolved refs of dated story neighbours (word overlap), candidate DCTs
** around the anchors and explicit dates, each scored by re-resolving the
** doc's relative expressions against it (score_candidate), the weekday
** fit of a date (nl_pd_misfit), the date of its text that replaces a
** crawl stamp (nl_pd_text_day), and the vote (nl_pd_try_decide).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_utf8.h"
#include "nl_alloc.h"
#include "nl_calendar.h"
#include "nl_pubdate_internal.h"

#define PD_REPLACE 0.5 /* link support a replacement needs beyond the meta */
#define PD_REPLACE_LINKS 2 /* ... in at least this many agreeing mentions */
#define PD_WINDOW 10       /* candidate DCTs: anchor +- this many days */
#define PD_LINK_MIN 0.35   /* overlap coefficient for two sentences to match */
#define PD_LINK_WORDS 3    /* ... and at least this many shared words */
#define PD_MIN_YEAR 1900   /* years an article may be inferred in from its */
#define PD_MAX_YEAR 2199   /* own explicit dates alone (misread "1400" GMT) */

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

/* ---- candidate scoring ------------------------------------------------ */

typedef struct pd_link { /* a mention of the doc matching a dated ref */
  size_t men, doc, ref;
  double ov;
} pd_link;

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
    st = nl_pd_ensure_tagged(c, d->nb[k]);
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
    return nl_pd_value_range(y[k].value, &ylo, &yhi) && ylo == lo + 1;
  }
  return 0;
}

/* The taggings of one doc's sentences against one day, kept from one
** candidate to the next: candidate `day` tags each sentence against day
** and day + 1, and the next candidate is often day + 1. */
typedef struct pd_tags {
  long day;      /* the day of x[] (valid when `have`) */
  int have;
  nl_timex **x;  /* per sentence (NULL arrays for sentences not tagged) */
  size_t *nx;
  size_t ns;
} pd_tags;

static void tags_clear(pd_tags *t) {
  size_t s;
  for (s = 0; t->x && s < t->ns; s++) {
    nl_free_mem(t->x[s]);
    t->x[s] = NULL;
  }
  t->have = 0;
}

static void tags_free(pd_tags *t) {
  tags_clear(t);
  nl_free(t->x);
  nl_free(t->nx);
  memset(t, 0, sizeof *t);
}

/* Does link a name its report before link b (by article id, then the
** ref's place in it): an order that does not depend on the store's
** rowids. */
static int link_before(const pd_ctx *c, const pd_link *a, const pd_link *b) {
  const char *x = c->in[a->doc].id ? c->in[a->doc].id : "";
  const char *y = c->in[b->doc].id ? c->in[b->doc].id : "";
  int k = strcmp(x, y);
  return k < 0 ||
         (k == 0 && (a->doc != b->doc ? a->doc < b->doc : a->ref < b->ref));
}

/* Score `day` as the DCT of doc i, given its links; `kept` (may be NULL)
** carries the taggings of day + 1 to the next candidate. */
static nl_status score_candidate(pd_ctx *c, size_t i, long day,
                                 const pd_link *l, size_t nl, pd_score *sc,
                                 pd_tags *kept) {
  pd_doc *d = &c->d[i];
  const char *body = d->body;
  char dct[16];
  size_t s, k, m;
  int reuse = kept && kept->have && kept->day == day;
  if (kept && !reuse) tags_clear(kept);
  memset(sc, 0, sizeof *sc);
  nl_pd_day_str(day, dct, sizeof dct);
  for (s = 0; s < d->ns; s++) {
    nl_timex *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    nl_status st = NL_OK;
    if (!d->rel[s]) continue;
    if (reuse) { /* tagged against this day by the previous candidate */
      x = kept->x[s];
      nx = kept->nx[s];
      kept->x[s] = NULL;
    } else {
      st = c->tag(body + d->s[s].start, d->s[s].end - d->s[s].start, dct, &x,
                  &nx, c->err);
    }
    if (st != NL_OK) return st;
    {
      /* the same sentence one day later, to tell deictic expressions
      ** ("today", "yesterday": always the same distance from the DCT)
      ** from anchored ones ("on Tuesday") */
      char next[16];
      nl_pd_day_str(day + 1, next, sizeof next);
      st = c->tag(body + d->s[s].start, d->s[s].end - d->s[s].start, next, &y,
                  &ny, c->err);
      if (st != NL_OK) {
        nl_free_mem(x);
        return st;
      }
    }
    for (k = 0; k < nx; k++) {
      long lo, hi;
      if (x[k].type != NL_TIMEX_DATE || !nl_pd_is_relative(&x[k]) ||
          !nl_pd_value_range(x[k].value, &lo, &hi))
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
        } else if (l[m].men == l[sc->ex_link].men &&
                   link_before(c, &l[m], &l[sc->ex_link])) {
          sc->ex_link = m; /* the example: the same whatever the order of
                           ** the neighbours (their rowids) */
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
    if (kept) {
      kept->x[s] = y;
      kept->nx[s] = ny;
    } else {
      nl_free_mem(y);
    }
  }
  if (kept) {
    kept->day = day + 1;
    kept->have = 1;
  }
  return NL_OK;
}

/* Spread (into spread[0..13), the sum of day distances of the relative
** single days within 6 days of day - 6 + j that do not move with the DCT)
** of candidates j = j0 .. j1 - 1 (each needs taggings j and j + 1) of
** doc i's relative sentences; *ndays: the day references counted at j = 6
** (when 6 is in range). */
static nl_status spreads(pd_ctx *c, size_t i, long day, size_t j0, size_t j1,
                         long *spread, size_t *ndays) {
  pd_doc *d = &c->d[i];
  nl_status st = NL_OK;
  size_t s, k, j;
  for (s = 0; s < d->ns; s++) {
    nl_timex *x[14];
    size_t nx[14];
    if (!d->rel[s]) continue;
    memset(x, 0, sizeof x);
    memset(nx, 0, sizeof nx);
    for (j = j0; j <= j1 && st == NL_OK; j++) {
      char dct[16];
      nl_pd_day_str(day - 6 + (long)j, dct, sizeof dct);
      st = c->tag(d->body + d->s[s].start, d->s[s].end - d->s[s].start, dct,
                  &x[j], &nx[j], c->err);
    }
    for (j = j0; j < j1 && st == NL_OK; j++) {
      long cand = day - 6 + (long)j;
      for (k = 0; k < nx[j]; k++) {
        long lo, hi;
        const nl_timex *e = &x[j][k];
        if (e->type != NL_TIMEX_DATE || !nl_pd_is_relative(e) ||
            !nl_pd_value_range(e->value, &lo, &hi) || lo != hi)
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
  return NL_OK;
}

/*
** Does doc i's own relative dates fit `day` poorly: two or more day
** references at `day`, and its spread there more than twice their count
** above the best spread within +-6 days (candidates day-6 .. day+6, each
** tagged with the following day too: 14 taggings of each sentence)?  The
** spread at `day` alone (two taggings) bounds that excess from above: when
** it is within twice the count, the other twelve candidates are not
** tagged.
*/
nl_status nl_pd_misfit(pd_ctx *c, size_t i, long day, int *poor) {
  pd_doc *d;
  long spread[14], best;
  size_t ndays = 0, j;
  nl_status st = nl_pd_ensure_tagged(c, i);
  *poor = 0;
  if (st != NL_OK) return st;
  d = &c->d[i];
  /* at the doc's own date (the DCT of its first tagging) the day count
  ** is at most nday0: below two it cannot misfit */
  if (d->meta_ok && day == d->meta_day && d->nday0 < 2) return NL_OK;
  memset(spread, 0, sizeof spread);
  st = spreads(c, i, day, 6, 7, spread, &ndays);
  if (st != NL_OK) return st;
  /* the excess is spread[6] - best <= spread[6] */
  if (ndays < 2 || spread[6] <= 2 * (long)ndays) return NL_OK;
  memset(spread, 0, sizeof spread);
  ndays = 0;
  st = spreads(c, i, day, 0, 13, spread, &ndays);
  if (st != NL_OK) return st;
  best = spread[0];
  for (j = 1; j < 13; j++)
    if (spread[j] < best) best = spread[j];
  *poor = ndays >= 2 && spread[6] - best > 2 * (long)ndays;
  return NL_OK;
}

/* ---- a crawl stamp's text date ---------------------------------------- */

/*
** See nl_pubdate_internal.h.  A crawler that stamps its own clock says
** nothing of when the article appeared; the article's explicit dates say
** what it reports, and one of them is its day when the story's reports
** are dated there.  History pieces name full dates too, so the date must
** be the story's (the related articles around it) and fit the weekdays
** the text reports by; and only a stamp is ever replaced this way.
*/
nl_status nl_pd_text_day(pd_ctx *c, size_t i) {
  pd_doc *d = &c->d[i];
  long nbday[PD_MAX_NB], lo = 0, hi = 0;
  size_t nn = 0, old = 0, at_stamp = 0, best = 0, bexpl = 0, k, e;
  int poor = 0;
  nl_status st;
  memset(&d->text, 0, sizeof d->text);
  if (!d->stamp) return NL_OK;
  for (k = 0; k < d->nnb; k++) {
    const pd_doc *n = &c->d[d->nb[k]];
    if (!n->meta_ok || c->in[d->nb[k]].source != NL_PUB_METADATA) continue;
    nbday[nn++] = n->meta_day;
    old += n->meta_day < d->meta_day - PD_FAR + PD_NEAR;
    at_stamp += labs(n->meta_day - d->meta_day) <= PD_NEAR;
  }
  /* too few reports early enough to support a text date: no tagging */
  if (old < PD_TEXT_MIN || old <= at_stamp) return NL_OK;
  st = nl_pd_ensure_tagged(c, i);
  if (st != NL_OK) return st;
  for (e = 0; e < d->nexpl; e++) { /* by day: a tie goes to the later */
    size_t sup = 0;
    if (d->expl[e].day >= d->meta_day - PD_FAR) break;
    for (k = 0; k < nn; k++)
      sup += labs(nbday[k] - d->expl[e].day) <= PD_NEAR;
    if (sup && sup >= best) best = sup, bexpl = e;
  }
  if (best < PD_TEXT_MIN || best <= at_stamp) return NL_OK;
  st = nl_pd_misfit(c, i, d->expl[bexpl].day, &poor);
  if (st != NL_OK || poor) return st;
  for (k = 0; k < nn; k++) {
    if (labs(nbday[k] - d->expl[bexpl].day) > PD_NEAR) continue;
    if (d->text.nsup == 0 || nbday[k] < lo) lo = nbday[k];
    if (d->text.nsup == 0 || nbday[k] > hi) hi = nbday[k];
    d->text.nsup++;
  }
  {
    size_t n = d->expl[bexpl].end - d->expl[bexpl].start;
    const char *from = d->body + d->expl[bexpl].start;
    if (n >= sizeof d->text.expr) /* cut on a character boundary */
      n = nl_utf8_valid_prefix(from, sizeof d->text.expr - 1);
    memcpy(d->text.expr, from, n);
    d->text.expr[n] = 0;
  }
  d->text.day = d->expl[bexpl].day;
  d->text.lo = lo;
  d->text.hi = hi;
  d->text.ok = 1;
  return NL_OK;
}

/* ---- the vote ----------------------------------------------------------- */

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
  qsort(v, n, sizeof *v, nl_pd_cmp_long);
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
** The vote of nl_pd_try_decide: the best-scoring candidate wins if some
** evidence supports it (an agreeing sentence link, or explicit dates in
** the text); a suspicious metadata date is only replaced when the winner
** has clearly more link support than it, and never by a day within
** PD_SLACK of it: that moves no date the story contradicts (it is as far
** from the story), only across a day boundary the header's zone or a
** live report's updates explain (the New York Times' Nice report, posted
** 2016-07-14T17:47, its text updated "Friday morning").
*/
static nl_status vote(pd_ctx *c, size_t i, pd_dec *dec) {
  pd_doc *d = &c->d[i];
  pd_link *l = NULL;
  size_t nl = 0, nc, k;
  long *cand = NULL;
  pd_tags kept;
  nl_status st;
  memset(dec, 0, sizeof *dec);
  memset(&kept, 0, sizeof kept);
  st = nl_pd_ensure_tagged(c, i);
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
  kept.x = nl_calloc(d->ns ? d->ns : 1, sizeof *kept.x);
  kept.nx = nl_calloc(d->ns ? d->ns : 1, sizeof *kept.nx);
  kept.ns = d->ns;
  if (!kept.x || !kept.nx) {
    st = nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
    goto fail;
  }
  for (k = 0; k < nc; k++) {
    pd_score sc;
    double a, b;
    st = score_candidate(c, i, cand[k], l, nl, &sc, &kept);
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
    st = score_candidate(c, i, d->meta_day, l, nl, &dec->meta, NULL);
    if (st != NL_OK) goto fail;
    if (labs(dec->day - d->meta_day) <= PD_SLACK ||
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
  tags_free(&kept);
  nl_free(l);
  nl_free(cand);
  return NL_OK;
fail:
  tags_free(&kept);
  nl_free(l);
  nl_free(cand);
  return st;
}

/*
** See nl_pubdate_internal.h.  The vote first: sentence links to dated
** reports are the finer evidence.  A flagged crawl stamp they do not
** replace gives way to its text date (nl_pd_text_day, found when it was
** flagged).
*/
nl_status nl_pd_try_decide(pd_ctx *c, size_t i, pd_dec *dec) {
  const pd_doc *d = &c->d[i];
  nl_status st = vote(c, i, dec);
  if (st != NL_OK || dec->ok || !d->suspicious || !d->text.ok) return st;
  memset(dec, 0, sizeof *dec);
  dec->ok = 1;
  dec->from_text = 1;
  dec->day = d->text.day;
  dec->nanchor = d->text.nsup;
  dec->anchor_lo = d->text.lo;
  dec->anchor_hi = d->text.hi;
  return NL_OK;
}
