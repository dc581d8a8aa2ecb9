/*
** nl_pubdate.h -- publication-date reconciliation across stories (private).
**
** After an ingest, articles are grouped into stories (nl_story.h: articles
** sharing enough of their rarest terms), and every article's publication
** date is decided:
**   - a metadata date is kept, unless it is more than 30 days from its
**     story's metadata dates (their median, when most of them lie within
**     30 days of it: dates spread over years are unrelated reports that
**     rare terms linked, no story) AND the article's own weekday references fit
**     it poorly (on average more than two days worse than the best day near
**     it) AND another date is clearly better supported (below); a date
**     flagged this way but not replaced is kept with a warning;
**   - a missing date is inferred: candidate dates around the dated
**     articles of the story are scored by re-resolving the article's
**     relative expressions ("on Friday", "next week") against each
**     candidate, rewarding candidates under which an expression names the
**     same day or week as the matching report of a dated story article
**     (the words around the two expressions overlap), and preferring the
**     day its weekday references fall on or just after.  Without a story,
**     an explicit full date counts only when a relative day in the same or
**     the next sentence names it ("signed on 1 March ... met on Tuesday");
**     deictic words (today, yesterday) are never evidence;
**   - a missing date is the day the article's own address names, when
**     it names one (nl_url_date: "/2016/11/03/"; a month names no day),
**     decided before the rounds, so it anchors its story as a metadata
**     date does;
**   - a metadata date the article's own address vouches for is never
**     flagged: its URL names the same day (/2016/01/05/, /20160105/,
**     ?date=2016-01-05, ...) or, for a month path (/2016/01/slug), the
**     same month, give or take one day (a clock time of unknown zone, a
**     URL's print-edition day; nl_url_date);
**   - a flagged metadata date is replaced by the inferred one when that
**     has at least two agreeing mentions and clearly more support, and
**     is more than one day from it (a one-day move corrects nothing the
**     story contradicts: zones, a live report updated past midnight); the
**     article gets a conflict warning and keeps the original as
**     meta_published (and article meta "meta_published");
**   - a crawler's time stamp (a metadata date with a clock time within
**     three hours of the record's download time, `crawled`: news-please
**     writes its own clock into date_publish when a page gives no date)
**     is weak evidence: it is also flagged when the weekday references
**     of its text fit it poorly and its text names an explicit past date,
**     more than 30 days before it, that the story supports (two or more
**     related articles dated within three days of it, more than within
**     three days of the stamp) and that those references fit; when
**     nothing above replaces it, that text date does.  A header date
**     without a download time, or a clock time hours away from it, is
**     never judged this way: a text date never overrides it.
** Nothing is trusted or dropped silently: every inference carries its
** evidence, every conflict or undated article a warning.  Articles are
** tagged lazily (only those the decision needs).
**
** The algorithm itself (nl_pubdate_decide) is pure: it works on plain
** records and a tagging function, so it is unit-tested without a store.
*/
#ifndef NEWSLUA_NL_PUBDATE_H
#define NEWSLUA_NL_PUBDATE_H

#include <stddef.h>
#include <stdint.h>

#include "newslua/nl_article.h"
#include "newslua/nl_db.h"
#include "newslua/nl_error.h"
#include "newslua/nl_timex.h"

/* One article as the algorithm sees it (nothing is owned). */
typedef struct nl_pd_doc {
  const char *id;
  const char *body; /* or NULL: see nl_pubdate_decide_with */
  size_t body_len;
  const char *published; /* current date (TimeML value) or NULL */
  nl_pub_source source;  /* provenance of `published` */
  const char *crawled;   /* when the record was downloaded (TimeML value,
                         ** article meta "date_download") or NULL */
  const char *url;       /* the article's address, or NULL: a date in its
                         ** path vouches for the metadata date (nl_url_date) */
} nl_pd_doc;

/* The decision for one article.  Strings are owned by the result. */
typedef struct nl_pd_result {
  char published[32];   /* decided date ("" = none) */
  nl_pub_source source; /* its provenance */
  int changed;          /* 1 if published or source differ from input */
  char *evidence;       /* why (NULL if unchanged and nothing to say) */
  char *warning;        /* conflict or failure to date, or NULL */
} nl_pd_result;

/*
** The tagger used by the algorithm: same contract as nl_timex_tag with the
** DCT passed directly.  NULL means nl_timex_tag.
*/
typedef nl_status (*nl_pd_tag_fn)(const char *text, size_t len, const char *dct,
                                  nl_timex **out, size_t *n, nl_error *err);

/*
** Decide the publication dates of docs[0..n).  out[0..n) receives one
** result per doc (zeroed first; release with nl_pd_results_clear even on
** failure).  Returns NL_OK or NL_ENOMEM (or the tagger's error).
*/
nl_status nl_pubdate_decide(const nl_pd_doc *docs, size_t n, nl_pd_tag_fn tag,
                            nl_pd_result *out, nl_error *err);

/*
** Where bodies come from when docs[i].body is NULL: *body receives a
** NUL-terminated copy of doc i's text allocated with nl_malloc (the
** algorithm frees it with nl_free), *len its length.  Bodies are asked
** for once to compute the doc's terms, and again only for the docs the
** decision needs to tag, so a store need not hold every body in memory.
*/
typedef nl_status (*nl_pd_body_fn)(void *ctx, size_t i, char **body,
                                   size_t *len, nl_error *err);

/* nl_pubdate_decide with bodies fetched through `body` (see above). */
nl_status nl_pubdate_decide_with(const nl_pd_doc *docs, size_t n,
                                 nl_pd_tag_fn tag, nl_pd_body_fn body,
                                 void *ctx, nl_pd_result *out, nl_error *err);

/*
** nl_pubdate_decide_with with the stories already linked by the caller
** (no doc terms are computed here): doc i's neighbours are
** nb[nb_off[i] .. nb_off[i + 1]) (indexes into docs, at most
** NL_STORY_MAX_NB used), nb_str[...] the strengths of those links
** (nl_story.h; NULL: all equal).  Only docs with want[i] != 0 (want NULL: all)
** are decided or checked; the others are context (anchors) and get their
** input back.  Bodies are fetched only for the docs the decision tags.
*/
nl_status nl_pubdate_decide_linked(const nl_pd_doc *docs, size_t n,
                                   const size_t *nb_off, const size_t *nb,
                                   const unsigned char *nb_str,
                                   const char *want, nl_pd_tag_fn tag,
                                   nl_pd_body_fn body, void *ctx,
                                   nl_pd_result *out, nl_error *err);

/*
** A doc's body as already tagged (by the ingest): its DATE expressions in
** text order, as `tag` gives them for dct (NULL: no DCT).  The decision
** uses them instead of tagging the whole body against that same dct.
*/
typedef struct nl_pd_tagged {
  int have;          /* 0: not known */
  const char *dct;
  const nl_timex *x;
  size_t n;
} nl_pd_tagged;

/* nl_pubdate_decide_linked with pre[0..n) (may be NULL): docs already
** tagged.  Same result as without them. */
nl_status nl_pubdate_decide_tagged(const nl_pd_doc *docs, size_t n,
                                   const size_t *nb_off, const size_t *nb,
                                   const unsigned char *nb_str,
                                   const char *want, const nl_pd_tagged *pre,
                                   nl_pd_body_fn body, void *ctx,
                                   nl_pd_result *out, nl_error *err);

/* Free the strings owned by out[0..n). */
void nl_pd_results_clear(nl_pd_result *out, size_t n);

/*
** Reconcile the publication dates of every article in `db` (called by
** nl_db_ingest after loading).  Articles whose date or provenance changes
** are updated (published, published_source, published_evidence, warnings,
** meta "meta_published") and their dates re-resolved with the new DCT, in
** one transaction.  Returns NL_OK, NL_ENOMEM or NL_EDB.
*/
nl_status nl_pubdate_reconcile(nl_db *db, nl_error *err);

/*
** Story word sets already known for some articles (an ingest computes
** them on its loader thread for the articles it stores): article
** rowid[i]'s set (nl_story_words of its stored body, then
** nl_story_unique) is w[off[i] .. off[i + 1]); rowids increase.
*/
typedef struct nl_pd_words {
  long long *rowid;
  uint64_t *hash; /* nl_hash64 of each body (twins; 0: not given) */
  size_t n, cap;
  size_t *off;  /* n + 1 entries when n > 0 */
  size_t offcap;
  uint64_t *w;
  size_t nw, wcap;
  int full;     /* stopped keeping sets (memory budget) */
  /* the ingest's DATE expressions (nl_pd_words_add_tagged): article i's
  ** are x[xbeg[i] .. xend[i]) when xhave[i], tagged against xdct[i]
  ** ("" for none) */
  nl_timex *x;
  size_t nx, xcap, xn; /* xn: articles the arrays below have room for */
  size_t *xbeg, *xend;
  char (*xdct)[11];
  char *xhave;
  int xfull;    /* stopped keeping dates (memory budget) */
  /* the story links of these sets computed ahead (nl_pd_prelink_make),
  ** or NULL; owned (nl_pd_words_free frees it) */
  struct nl_pd_prelink *link;
  /* with `link`: the first reconciliation decided ahead from the loaded
  ** articles (nl_pd_pre_decide), or NULL; owned */
  struct nl_pd_pre *pre;
  /* the sets of the articles this ingest removed with their files
  ** (nl_pd_words_add_gone): removed article i's are gw[goff[i] ..
  ** goff[i + 1]); the dated articles of their stories are decided again */
  uint64_t *gw;
  size_t ngw, gwcap;
  size_t *goff; /* ng + 1 entries when ng > 0 */
  size_t ng, goffcap;
  int gfull;    /* stopped keeping them (memory budget): none is used */
} nl_pd_words;

/*
** The twins and story links a first reconciliation computes from the
** word sets of the articles in a store: an ingest's loader thread makes
** them from the sets of the articles it loaded, while the writer still
** stores them, and the reconciliation takes them when the store holds
** exactly those articles, in that order (else it computes its own).
*/
typedef struct nl_pd_prelink nl_pd_prelink;

/*
** The prelink of k's sets in their order (k->hash: their body hashes), as
** nl_pubdate_reconcile's first pass and story scan compute them with
** every article asked; NULL if k stopped keeping sets, holds none, or out
** of memory.
*/
nl_pd_prelink *nl_pd_prelink_make(const nl_pd_words *k);

/* Free p.  Accepts NULL. */
void nl_pd_prelink_free(nl_pd_prelink *p);

/*
** A first reconciliation decided ahead (nl_pubdate_pre.c): an ingest's
** loader thread keeps the rows of the articles it loads as the writer
** stores them (nl_pd_pre_add), decides them once it has loaded everything
** (nl_pd_pre_decide: the decisions, warnings, updates and re-tagged dates
** of a reconciliation over exactly these rows), while the writer stores
** the last files; the reconciliation then only checks that the store
** holds exactly those rows (each one's fingerprint) and writes the
** updates, else it computes its own.
*/
typedef struct nl_pd_pre nl_pd_pre;

/* An article as its new row holds it (nothing owned; lists are '\n' lists
** of n bytes, NULL or empty for none). */
typedef struct nl_pd_art {
  const char *id, *published;
  nl_pub_source source;
  const char *evidence; /* the loader's, of `published` (or NULL) */
  const char *url;      /* the article's address (or NULL) */
  const char *warnings, *kv;
  size_t nwarnings, nkv;
  const char *body;
  size_t body_len;
} nl_pd_art;

/* An empty set of rows kept up to `max_bytes` of text (then it stops:
** nothing is decided); NULL when out of memory. */
nl_pd_pre *nl_pd_pre_new(size_t max_bytes);

/* Keep article a's row (the next rowid in order).  Never fails: past the
** budget or out of memory p stops keeping. */
void nl_pd_pre_add(nl_pd_pre *p, const nl_pd_art *a);

/*
** Decide the first reconciliation of the kept rows with k's sets and
** DATE expressions (article i's under rowid i + 1) and the prelink of
** those sets (`link`).  NL_OK: p holds the writes; else (stopped, link
** NULL or of other sets, out of memory) p is not usable.
*/
nl_status nl_pd_pre_decide(nl_pd_pre *p, const nl_pd_words *k,
                           const nl_pd_prelink *link);

/* Free p.  Accepts NULL. */
void nl_pd_pre_free(nl_pd_pre *p);

/*
** 1 if the store has had no reconciliation yet (its next one is a first,
** over every article: the one a prelink serves), 0 if it has, or if the
** store cannot be read.
*/
int nl_pubdate_first(nl_db *db);

/*
** Add article `rowid`'s set w[0..nw) to k, dropping the kept sets of
** rowids >= rowid first (rows rolled back and their rowids reused).
** Stops keeping (k->full) past `max_words` words in all or out of
** memory: never fails.
*/
void nl_pd_words_add(nl_pd_words *k, long long rowid, const uint64_t *w,
                     size_t nw, size_t max_words);

/*
** Keep the set w[0..nw) of an article being removed (its file is gone):
** the next reconciliation decides again the dated articles it linked to
** (their story lost a report).  Past `max_words` words in all, or out of
** memory, stops keeping (k->gfull) and forgets them: never fails.
*/
void nl_pd_words_add_gone(nl_pd_words *k, const uint64_t *w, size_t nw,
                          size_t max_words);

/* The body hash (nl_hash64, as content_hash stores it) of the article
** added last, if it is `rowid`: the reconciliation then need not read it
** from the row, past the body. */
void nl_pd_words_hash(nl_pd_words *k, long long rowid, uint64_t hash);

/*
** nl_pd_words_add, also keeping the DATE expressions of tx[0..ntx): the
** article's body as the ingest tagged it, against `dct` (YYYY-MM-DD;
** NULL or "" for none: nl_prepared.dct).  Past a memory budget dates are
** no longer kept (the reconciliation tags those bodies again).  Never
** fails.
*/
void nl_pd_words_add_tagged(nl_pd_words *k, long long rowid, const uint64_t *w,
                            size_t nw, size_t max_words, const char *dct,
                            const nl_timex *tx, size_t ntx);

/* The kept dates of article `rowid` in *t (t->have 0 if none). */
void nl_pd_words_tagged(const nl_pd_words *k, long long rowid,
                        nl_pd_tagged *t);

/* Free what k holds. */
void nl_pd_words_free(nl_pd_words *k);

/*
** nl_pubdate_reconcile, with the word sets of `known` (may be NULL) used
** instead of splitting those articles' bodies again.  Same result.
*/
nl_status nl_pubdate_reconcile_words(nl_db *db, const nl_pd_words *known,
                                     nl_error *err);

/*
** 1 if the store holds files whose content the last reconciliation did
** not see (a file stored, replaced, failed or removed since, or no
** reconciliation yet): the ingest that changed them was killed (or run
** with reconcile off) before its reconciliation committed.  0 if not, or
** if the store cannot be read.
*/
int nl_pubdate_pending(nl_db *db);

/*
** The most terms nl_pubdate_reconcile keeps from its first pass over the
** bodies for the second, as 4-byte sketch slots of those that may be rare
** (default 8 MiB worth; past it even after pruning the common ones, or
** with 0, the second pass reads and splits the bodies again: same
** result).
** Returns the previous value.  Process-wide; for tests.
*/
size_t nl_pubdate_word_cache(size_t max_words);

/*
** For tests: how many terms the last reconciliation that linked over the
** store's bodies took from its first pass into its second (*kept; 0 when
** the second read the bodies again), and how often its first pass pruned
** the kept terms of common ones (*prunes).  Of the calling thread.
*/
void nl_pubdate_cache_stats(size_t *kept, size_t *prunes);

#endif
