/*
** nl_cursor.h -- read-only queries over the store, as row cursors.
**
** A cursor yields rows of named columns.  Column names may be dotted
** ("article.source") to express nesting; list columns hold items separated
** by '\n'.  Text returned by the accessors is valid until the next
** nl_cursor_next or nl_cursor_free.
*/
#ifndef NEWSLUA_NL_CURSOR_H
#define NEWSLUA_NL_CURSOR_H

#include <stddef.h>

#include "newslua/nl_db.h"
#include "newslua/nl_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_cursor nl_cursor;

typedef enum nl_col_type {
  NL_COL_NULL = 0,
  NL_COL_INT = 1,
  NL_COL_REAL = 2,
  NL_COL_TEXT = 3,
  NL_COL_LIST = 4, /* text items separated by '\n' */
  NL_COL_BOOL = 5  /* an integer 0 or 1 that says yes or no (read it with
                   ** nl_cursor_int): a date's absolute, relative,
                   ** narrative, unresolved and future */
} nl_col_type;

/* Order of search hits (nl_filter.order). */
typedef enum nl_order {
  NL_ORDER_DEFAULT = 0, /* the query's own order (search: NL_ORDER_RANK) */
  NL_ORDER_RANK = 1,    /* best BM25 first */
  NL_ORDER_NEWEST = 2,  /* latest published first, undated hits last */
  NL_ORDER_OLDEST = 3   /* earliest published first, undated hits last */
} nl_order;

/* nl_filter.limit: every row. */
#define NL_LIMIT_NONE (-1)

/* Filters shared by the queries; start from NL_FILTER_INIT (NULL fields
** are ignored). */
typedef struct nl_filter {
  const char *article; /* article id */
  const char *source;  /* outlet, exact match ignoring letter case in
                       ** every script (Unicode case folding; a value in
                       ** ASCII: ASCII case only, by the source index) */
  const char *since;   /* TimeML date prefix; inclusive lower bound */
  const char *until;   /* inclusive upper bound ("2022-01" covers January);
                       ** both YYYY, YYYY-MM or YYYY-MM-DD[Thh:mm...]
                       ** (nl_datetime_prefix_ok; nl_db_dates also takes
                       ** week, quarter and season values): another text
                       ** is NL_EINVAL, naming it; so is a since after
                       ** until (nl_datetime_bounds_empty) */
  const char *format;  /* loader name */
  long long limit;     /* at most this many rows: NL_LIMIT_NONE (-1, the
                       ** default) every row, 0 none (the filter and the
                       ** search query are still checked); below -1:
                       ** NL_EINVAL.  0 meant every row before: a filter
                       ** zero-filled (memset, {0}) rather than started
                       ** from NL_FILTER_INIT now gets no rows */
  nl_order order;      /* nl_db_search only; the other queries refuse
                       ** anything but NL_ORDER_DEFAULT (NL_EINVAL) */
  const char *type;    /* nl_db_dates only: TimeML types, comma-separated
                       ** ("DATE,TIME"); the other queries refuse it */
  const char *query;   /* nl_db_articles and nl_db_dates: only the articles
                       ** matching this full-text query (as nl_db_search
                       ** reads its text; a bad one is NL_EQUERY);
                       ** nl_db_search refuses it (NL_EINVAL) */
  long long offset;    /* skip this many rows first (paging: rows offset ..
                       ** offset + limit - 1 of the query's order); 0, the
                       ** default, none; below 0: NL_EINVAL */
  const char *outlet;  /* the articles of this outlet (nl_db_outlets; an
                       ** article's outlet column), matched as source is;
                       ** tested on each article (no index): a pass over
                       ** the store, or over a query's matches */
} nl_filter;

#define NL_FILTER_INIT \
  { NULL, NULL, NULL, NULL, NULL, NL_LIMIT_NONE, NL_ORDER_DEFAULT, NULL, NULL, \
    0, NULL }

/*
** Articles in id order.  Columns: id, file, format, source, title, url,
** author, language, published, published_source, published_evidence,
** body, paragraphs (LIST of "start end"), warnings (LIST), meta (LIST of
** "key=value").  since/until filter on published.
*/
nl_status nl_db_articles(nl_db *db, const nl_filter *f, nl_cursor **out,
                         nl_error *err);

/*
** The number of articles nl_db_articles(db, f) would give, into *n,
** without reading them (f->offset fewer, down to 0, and at most f->limit
** when that is not NL_LIMIT_NONE).  A full-text query alone is counted from the index's
** doclists (FTS5, no article row read); with other filters the articles
** they let through are counted, among the query's matches if there is
** one.  The same checks and errors as nl_db_articles (a bad query:
** NL_EQUERY).
*/
nl_status nl_db_count_articles(nl_db *db, const nl_filter *f, long long *n,
                               nl_error *err);

/*
** The sources (outlets) of the articles nl_db_articles(db, f) would give,
** with how many articles each.  Columns: source (NULL: the articles with
** none), articles.  Most articles first, then by name ignoring case; at
** most f->limit rows.  Sources that differ only in letter case are one
** row (caseless in every script, as f->source matches), under a name
** that f->source takes back to all of them, so that nl_db_count_articles
** with that source gives the row's number.  The same checks and errors
** as nl_db_articles (a bad query: NL_EQUERY).
*/
nl_status nl_db_sources(nl_db *db, const nl_filter *f, nl_cursor **out,
                        nl_error *err);

/*
** The outlets of the articles nl_db_articles(db, f) would give, with how
** many articles each: as nl_db_sources, by outlet instead of source.
** Columns: outlet (NULL: the articles with none), articles.  An article's
** outlet is its source, except that the articles whose source is a host
** name ("www.rt.com"), or who have no source but an address, share the
** name their host's pages give it ("RT"), else the host as most of them
** write it; names are settled at the end of each ingest.  From the
** indexes, as nl_db_sources.
*/
nl_status nl_db_outlets(nl_db *db, const nl_filter *f, nl_cursor **out,
                        nl_error *err);

/*
** Full-text search (FTS5 query syntax, terms tokenized by nl_tokenize).
** Columns: article (id), title, source, file, published, rank, snippet
** (with [..] highlights, on one line: white space runs as one space),
** matches (LIST of "FIELD START END": each phrase the row matched, FIELD
** "title" or "body", START 0-based, END exclusive, in field then start
** order), plus article.* as in nl_db_articles minus body.  Bad syntax ->
** NL_EQUERY; an order outside nl_order -> NL_EINVAL.
** since/until filter on the article's published date.
**
** f->order picks the order of the hits:
**   NL_ORDER_DEFAULT, NL_ORDER_RANK: best BM25 first (the FTS5 rank, i.e.
**     bm25(); rank REAL, lower is better).  Exact: every match is scored
**     before the first row, so the time grows with the number of matches
**     (about 30 ms for a word in 40% of 1M articles).  Ties come in
**     publication order (the index's key order).  Only the best rows are
**     kept while scoring (the first 100, or `limit`): a query of one
**     phrase without since/until in one walk of its matches, others by
**     SQLite keeping the best of FTS5's rows.  Draining past them, the
**     rest come from FTS5's own rank sort (all scored again, then
**     streamed; it keeps ties in storage order too).  With source/since/until only the articles
**     they let through are scored (the same scores: IDF and average
**     length are the whole store's).  With `article`, or `format` alone,
**     FTS5 sorts every match by rank and the filters apply as rows
**     come.
**   NL_ORDER_NEWEST / NL_ORDER_OLDEST: by published date and time to the
**     minute (seconds and zone suffix ignored), then storage order;
**     undated hits last; rank is NULL (scoring a single row costs a pass
**     over the query's doclists).  Rows come lazily: the full-text index
**     is keyed in this order, so FTS5 walks the query's matches from the
**     newest (or oldest) and stops when the caller does; since/until
**     narrow that walk to a key range.
*/
nl_status nl_db_search(nl_db *db, const char *query, const nl_filter *f,
                       nl_cursor **out, nl_error *err);

/*
** Sentences of one article in order.  Columns: article, index, start, end,
** text.  Unknown article -> NL_ENOTFOUND.
*/
nl_status nl_db_sentences(nl_db *db, const char *article, nl_cursor **out,
                          nl_error *err);

/*
** Resolved temporal expressions in (value, article, start) order.
** Columns: value, type, mod, expression, start, end (bytes in body),
** flags, anchor, sentence (text), sentence_start, sentence_end,
** article (id), article.id, article.source, article.title, article.file,
** article.published.  since/until filter on value; type keeps the
** expressions of the listed TimeML types (DATE, TIME, DURATION, SET:
** "DATE,TIME"; another name -> NL_EINVAL).
*/
nl_status nl_db_dates(nl_db *db, const nl_filter *f, nl_cursor **out,
                      nl_error *err);

/*
** Step to the next row: NL_OK (a row is ready), NL_DONE (no more rows,
** cursor stays valid), or an error.  After NL_DONE or an error, further
** calls return NL_DONE.  Returns NL_EMISUSE if the db was closed.
*/
nl_status nl_cursor_next(nl_cursor *c, nl_error *err);

int nl_cursor_ncols(const nl_cursor *c);
const char *nl_cursor_name(const nl_cursor *c, int col);
nl_col_type nl_cursor_type(const nl_cursor *c, int col);
long long nl_cursor_int(const nl_cursor *c, int col);
double nl_cursor_real(const nl_cursor *c, int col);
/* Text of a TEXT or LIST column (NULL for NULL); *len gets its length. */
const char *nl_cursor_text(const nl_cursor *c, int col, size_t *len);

/* Finalize; accepts NULL.  Never fails. */
void nl_cursor_free(nl_cursor *c);

#ifdef __cplusplus
}
#endif
#endif
