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
#define PD_FAR 30 /* days from the story that make a date suspicious */
/* Minutes between a metadata date and the record's download time that
** make it a crawler's time stamp. */
#define PD_CRAWL_MIN 180
/* Days around a crawl stamp's text date within which its related
** articles support it, and how many of them it needs at least. */
#define PD_NEAR 3
#define PD_TEXT_MIN 2
/* Days two dates of one article's publication may differ by without
** contradicting each other: a clock time without its zone (news-please
** writes no offset; UTC or the publisher's), a URL's local or
** print-edition day (the New York Times' /2016/07/15/ for a report first
** posted 2016-07-14 17:47), a live report's text updated past midnight. */
#define PD_SLACK 1

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
  size_t sent;       /* sentence index */
  size_t start, end; /* the expression's bytes in the body */
} pd_expl;

typedef struct pd_text { /* a crawl stamp's replacement (nl_pd_text_day) */
  int ok;                /* found: the fields below are valid */
  long day;              /* the explicit date of the text */
  char expr[40];         /* as written */
  size_t nsup;           /* related articles dated near it */
  long lo, hi;           /* their day range */
} pd_text;

typedef struct pd_doc {
  pd_sent *s;
  size_t ns;
  uint64_t *t; /* doc terms, sorted unique */
  size_t nt;
  uint64_t hash; /* nl_hash64 of the body (twins, nl_story.h) */
  size_t nb[PD_MAX_NB];
  unsigned char nbs[PD_MAX_NB]; /* each link's strength (nl_story.h) */
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
  int stamp;    /* its metadata date is a crawler's time stamp (the record's
                ** download time give or take PD_CRAWL_MIN minutes) */
  pd_text text; /* a stamp's story-supported text date (flagging) */
  int url_kind;  /* what its address names (nl_url_date: NL_URL_DAY,
                 ** NL_URL_MONTH; 0: nothing) */
  long url_lo, url_hi; /* ... as a day range (a day, or a month's days) */
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
  int from_text; /* day is the stamp's text date (d->text), not a vote */
  int from_url;  /* day is the one the article's own address names */
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
** Parse doc i's metadata date (and tell a crawl stamp, d->stamp) and,
** unless c->linked, compute its terms (a fetched body is dropped again).
** Returns NL_OK, NL_ENOMEM or the body callback's error.
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

/*
** Does doc i's address vouch for its metadata date: its URL names the
** same day, or for a month path the same month, give or take PD_SLACK
** days?  Such a date is independent evidence (a publisher mints the
** address when it publishes), so the story never flags it.
*/
int nl_pd_url_vouches(const pd_ctx *c, size_t i);

/* ---- nl_pubdate_story.c: stories -------------------------------------- */

/*
** Link the docs into stories from their terms (nl_story_link): fills
** c->d[i].nb / nnb.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_pd_link_stories(pd_ctx *c);

/*
** Median day of doc i's neighbours: the metadata dates of its story's
** core when `meta_only` (the neighbours linked at least 2/3 as strongly as
** the strongest with a metadata date; nl_pubdate_story.c), else the
** current dates of all (dated ones only); *n receives
** how many there were (0: returns 0).
*/
long nl_pd_median_nb_day(pd_ctx *c, size_t i, int meta_only, size_t *n);

/*
** The evidence behind a warning's story, for it to cite: "; the most
** strongly linked: ID (DAY), ..." naming up to three of doc i's dated
** neighbours (those of its story's core, as nl_pd_core_range takes them,
** with `core_only`; else all, as nl_pd_median_nb_day(c, i, 0, ...)),
** strongest link first (then earliest day, then input order), into
** out[0..cap) with a NUL; "" when there is none.
*/
void nl_pd_cite_nbs(const pd_ctx *c, size_t i, int core_only, char *out,
                    size_t cap);

/*
** The first and last current date of doc i's dated neighbours in its
** story's core (linked at least 2/3 as strongly as the strongest one with
** a metadata date, as the flag test has it, else the strongest dated
** one; copies always), into *lo, *hi: the related articles a conflict
** warning cites.  Returns how many there are (0: *lo, *hi untouched).
*/
size_t nl_pd_core_range(const pd_ctx *c, size_t i, long *lo, long *hi);

/*
** susp[i] = 1 for every dated doc to decide whose metadata date is more
** than PD_FAR days from its story's (a crawl stamp: or whose text names a
** date its story supports, nl_pd_text_day) and that its own weekday
** references fit poorly; 0 for the others.  Errors only leave a doc
** unflagged.
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
** The date that replaces doc i's crawl stamp, into c->d[i].text (ok 0 if
** none): of the explicit past full dates of its text more than PD_FAR
** days before the stamp, the one the most dated neighbours (metadata
** dates, as nl_pd_median_nb_day counts them) fall within PD_NEAR days
** of, the later on a tie; it needs two or more of them, more than fall
** within PD_NEAR days of the stamp, and the text's weekday references
** must not fit it poorly (nl_pd_misfit).  Only for a doc with d->stamp.
** Returns NL_OK, NL_ENOMEM or the tagger's error (text.ok 0).
*/
nl_status nl_pd_text_day(pd_ctx *c, size_t i);

/*
** Try to date doc i: dec (zeroed first) receives the best candidate and
** dec->ok = 1 when evidence supports it (for a suspicious doc: clearly
** more than its metadata date; failing that, a suspicious crawl stamp
** takes its text date, c->d[i].text, with dec->from_text = 1).  Returns
** NL_OK, NL_ENOMEM or the tagger's error.
*/
nl_status nl_pd_try_decide(pd_ctx *c, size_t i, pd_dec *dec);

/* The value of the k digits at v, or -1 if one is not a digit. */
int nl_pd_digits(const char *v, int k);

/* ---- nl_pubdate_chunk.c: the decisions over the work articles -------- */

/* An article row as the reconciliation reads it (strings owned, NULL for
** SQL NULL). */
typedef struct pd_row {
  long long rowid;
  char *id, *published, *source, *meta, *warnings, *kv;
  char *evidence; /* published_evidence (NULL: none, or not read) */
  char *url;      /* the address (NULL: none, or not read: context) */
} pd_row;

/* Free the strings of r[0..n) and r.  Accepts NULL. */
void nl_pd_rows_free(pd_row *r, size_t n);

/* The provenance named s ("metadata", "inferred", else none). */
nl_pub_source nl_pd_source_of(const char *s);

/* Does v start with a YYYY-MM-DD date (what the decision can anchor on)? */
int nl_pd_date_ok(const char *v);

/*
** The warnings list without the lines an earlier reconciliation wrote, and
** with `w` (may be NULL) appended: a decision that changed leaves no stale
** warning.  "" for an empty list; NULL on OOM.
*/
char *nl_pd_set_warning(const char *list, const char *w);

/* What the reconciliation writes into a row (all owned; NULL: SQL NULL):
** when `changed`, nl_sql_pubdate_update's columns, else the warnings. */
typedef struct pd_update {
  int changed;
  char *published, *evidence, *meta, *warnings, *kv;
  const char *source; /* nl_pub_source_name: static */
} pd_update;

/* The update of `row` (as read) for decision r of doc (its input).
** NL_OK or NL_ENOMEM (u cleared). */
nl_status nl_pd_update_make(const pd_row *row, const nl_pd_doc *doc,
                            const nl_pd_result *r, pd_update *u);

/* Free what u holds and zero it. */
void nl_pd_update_clear(pd_update *u);

/* fl[g]: a usable metadata date; decided this run; its current date or
** a warning was decided from its story (a story it may have lost). */
enum { PD_F_DATED = 1, PD_F_WORK = 2, PD_F_STORY = 4 };

/* The articles 0..n) of a reconciliation: fl[g] (PD_F_*) and the story
** neighbours of the work articles, nb[off[g] .. off[g + 1]), with their
** link strengths str[...] at the same places (nl_story.h). */
typedef struct pd_links {
  size_t n;
  const unsigned char *fl;
  const uint32_t *off, *nb;
  const unsigned char *str;
} pd_links;

/* Where article g's row, body and tagging come from, and where its update
** goes (`write`: called in decision order, at most once an article; later
** `row` calls must see what it wrote). */
typedef struct pd_io {
  void *ctx;
  int borrowed; /* `row` lends its strings (valid until the decision ends,
                ** after `write` too): not freed */
  /* `head`: only id, published, source and meta are needed (context) */
  nl_status (*row)(void *ctx, size_t g, int head, pd_row *r, nl_error *err);
  /* the body: `text` (may be NULL) hands it out, else `fetch` copies it */
  const char *(*text)(void *ctx, size_t g, size_t *len);
  nl_status (*fetch)(void *ctx, size_t g, char **body, size_t *len,
                     nl_error *err);
  void (*tagged)(void *ctx, size_t g, nl_pd_tagged *t);
  nl_status (*write)(void *ctx, size_t g, const pd_row *row,
                     const nl_pd_doc *doc, const nl_pd_result *r,
                     nl_error *err);
} pd_io;

/*
** Decide every work article of `a` that can change (the undated, and the
** dated ones with a story), in chunks with their neighbours as context,
** and `write` those whose date, provenance or warnings change.  NL_OK,
** NL_ENOMEM or an error of io or the tagger.
*/
nl_status nl_pd_decide_all(const pd_links *a, const pd_io *io, nl_error *err);

/*
** The neighbours of every article of a first reconciliation from prelink p
** (all of them work; fl[g]: PD_F_*): nl_story_twin_links hands a first
** twin's list to every twin, with the links' strengths (*str).  *off,
** *nb and *str owned by the caller.  NL_OK or NL_ENOMEM.
*/
nl_status nl_pd_prelink_links(const nl_pd_prelink *p, const unsigned char *fl,
                              uint32_t **off, uint32_t **nb,
                              unsigned char **str);

/* The twins of the prelink's articles (each one's first twin), p->n. */
const uint32_t *nl_pd_prelink_rep(const nl_pd_prelink *p, size_t *n);

/* ---- nl_pubdate_pre.c: a first reconciliation decided ahead ---------- */

#define PD_MAX_POST 4000000u /* rare-term postings kept (12 bytes each) */

/*
** The fingerprint of a row: its fields f[k][0..len[k]) in the order id,
** published, published_source, meta_published (NULL f[k]: SQL NULL,
** distinct from "").  Its warnings and meta lists are not in it: they
** follow the body in the row (reading them walks a long body's overflow
** pages), the writer stores the loader's lists as they are, and only an
** id clash changes the warnings (nl_db_insert_prepared), which the id
** shows.
*/
#define PD_PRINT_FIELDS 4
uint64_t nl_pd_row_print(const char *const f[PD_PRINT_FIELDS],
                         const size_t len[PD_PRINT_FIELDS]);

/* One write decided ahead: article g's update and, when it changed, its
** dates against the new date (nl_db_tag_dates). */
typedef struct pd_write {
  size_t g;
  pd_update u;
  nl_timex *tx;
  size_t ntx;
} pd_write;

/* A decided p's row fingerprints (*n of them) and writes (*nw), in
** order; NULL (0) when p is not usable. */
const uint64_t *nl_pd_pre_prints(const nl_pd_pre *p, size_t *n);
const pd_write *nl_pd_pre_writes(const nl_pd_pre *p, size_t *nw);

#endif
