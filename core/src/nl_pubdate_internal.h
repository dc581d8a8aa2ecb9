/*
** nl_pubdate_internal.h -- what the pieces of the publication-date
** decision share (private to nl_pubdate*.c; see nl_pubdate.h for the
** algorithm):
**   nl_pubdate_doc.c    per-doc analysis: sentences, date expressions
**                       and their word windows, bodies, tagging;
**   nl_pubdate_story.c  stories: neighbours and their dates, suspicious
**                       metadata dates;
**   nl_pubdate_score.c  candidate dates: evidence links, scoring by
**                       re-resolving the doc's expressions, the vote;
**   nl_pubdate.c        the driver: rounds, results and their wording.
*/
#ifndef NEWSLUA_NL_PUBDATE_INTERNAL_H
#define NEWSLUA_NL_PUBDATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "nl_pubdate.h"
#include "nl_story.h"

#define PD_MAX_NB NL_STORY_MAX_NB /* neighbours kept per doc */

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

typedef struct pd_doc {
  pd_sent *s;
  size_t ns;
  uint64_t *t; /* doc terms, sorted unique */
  size_t nt;
  uint64_t hash; /* nl_hash64 of the body (twins, nl_story.h) */
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
  int linked;       /* neighbours given by the caller: no terms needed */
  const char *want; /* docs to decide (NULL: all); others are context */
  const nl_pd_tagged *pre; /* docs already tagged (NULL: none) */
} pd_ctx;

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

typedef struct pd_dec {
  int ok;
  long day;
  pd_score best, meta;
  size_t nanchor;
  long anchor_lo, anchor_hi;
} pd_dec;

/* ---- nl_pubdate_doc.c: per-doc analysis ------------------------------- */

/*
** "YYYY-MM-DD" of day number `day` (nl_calendar.h) into out[0..n).
*/
void nl_pd_day_str(long day, char *out, size_t n);

/*
** Day range [*lo, *hi] of a TimeML value (day, week, month); returns 1,
** or 0 (nothing written to *hi) if v names no such range.
*/
int nl_pd_value_range(const char *v, long *lo, long *hi);

/*
** qsort comparator of longs.
*/
int nl_pd_cmp_long(const void *a, const void *b);

/*
** Non-zero if x is a date whose value depends on the DCT (relative,
** unresolved, narrative or with X digits).
*/
int nl_pd_is_relative(const nl_timex *x);

/*
** Tag doc `i` of c against `dct` (may be NULL) and keep, when `first`,
** its relative mentions and explicit past dates, and, when `dct` is set,
** its resolved day/week refs (the link targets of other docs).  The body
** must be loaded (nl_pd_ensure_tagged).  Returns NL_OK, NL_ENOMEM or the
** tagger's error (set in c->err).
*/
nl_status nl_pd_analyse_dates(pd_ctx *c, size_t i, const char *dct, int first);

/*
** Parse doc i's metadata date and, unless c->linked, compute its terms
** (a fetched body is dropped again).  Returns NL_OK, NL_ENOMEM or the
** body callback's error.
*/
nl_status nl_pd_prepare_doc(pd_ctx *c, size_t i);

/*
** Tag doc i against its current date, once (later calls return NL_OK at
** once); loads its body.  Returns NL_OK, NL_ENOMEM or the callback's or
** tagger's error.
*/
nl_status nl_pd_ensure_tagged(pd_ctx *c, size_t i);

/*
** Free everything the docs c->d[0..c->n) own, and c->d itself.
*/
void nl_pd_free_docs(pd_ctx *c);

/* ---- nl_pubdate_story.c: stories -------------------------------------- */

/*
** Link the docs into stories from their terms (nl_story_link): fills
** c->d[i].nb / nnb.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_pd_link_stories(pd_ctx *c);

/*
** Median day of doc i's neighbours: their metadata dates when
** `meta_only`, else their current dates (dated ones only); *n receives
** how many there were (0: returns 0).
*/
long nl_pd_median_nb_day(pd_ctx *c, size_t i, int meta_only, size_t *n);

/*
** susp[i] = 1 for every dated doc to decide whose metadata date is more
** than 30 days from its story's and that its own weekday references fit
** poorly; 0 for the others.  Errors only leave a doc unflagged.
*/
void nl_pd_flag_suspicious(pd_ctx *c, char *susp);

/* ---- nl_pubdate_score.c: candidate dates ------------------------------ */

/*
** Do doc i's own relative dates fit `day` poorly (*poor): two or more day
** references at `day`, their spread there more than twice their count
** above the best spread within +-6 days?  Returns NL_OK, NL_ENOMEM or the
** tagger's error (*poor 0).
*/
nl_status nl_pd_misfit(pd_ctx *c, size_t i, long day, int *poor);

/*
** Try to date doc i: dec (zeroed first) receives the best candidate and
** dec->ok = 1 when evidence supports it (for a suspicious doc: clearly
** more than its metadata date).  Returns NL_OK, NL_ENOMEM or the
** tagger's error.
*/
nl_status nl_pd_try_decide(pd_ctx *c, size_t i, pd_dec *dec);

/* The value of the k digits at v, or -1 if one is not a digit. */
int nl_pd_digits(const char *v, int k);

#endif
