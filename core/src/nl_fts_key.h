/*
** nl_fts_key.h -- the full-text index's row keys: publication-date order.
**
** The FTS5 index is keyed by articles.fts_key, not by the article rowid,
** so that FTS5's own rowid order is the order of publication: a search
** "newest first" is FTS5 walking the query's doclists backwards from the
** end and stopping after k hits, and a date range is a rowid range FTS5
** seeks to, where matching in rowid order and sorting by date afterwards
** costs a pass over every match (bench_scale, 1M articles, 20 rows with
** their snippets: p50 0.75-1.31 ms for a term, phrase, NEAR or date range,
** newest or oldest first; bench/scale/README.md).
**
** Layout of a key (a positive 64-bit integer):
**   dated    NL_KEY_DATED + day * NL_KEY_DAY + minute * NL_KEY_MINUTE + seq
**            day = days since 0001-01-01 of the published date as written
**            (its zone suffix ignored), minute = its minute of the day
**            (seconds dropped; a date alone is 00:00), seq numbers the
**            articles of one minute in the order they were stored.  A full
**            minute (NL_KEY_MINUTE articles) spills into the next free one
**            of the same day, else the latest free earlier one
**            (nl_db_fts_key): keys never leave their day, so since/until
**            stay exact; a day holds 1,048,320.
**   undated  1, 2, 3, ... in the order stored (all below NL_KEY_DATED):
**            newest-first lists them after every dated article, as the
**            published order always did.
** So key order is published order (to the minute), then storage order.
** FTS5 stores each doclist's rowids as varint deltas, so sparse keys cost
** index bytes: at 100k articles (bench_scale) 603.5 MB with rowid keys,
** 665.3 MB with 2^12 keys a minute, 657.1 MB with this layout, where a
** step of one day is a 3-byte delta.
*/
#ifndef NEWSLUA_NL_FTS_KEY_H
#define NEWSLUA_NL_FTS_KEY_H

#include <sqlite3.h>

#define NL_KEY_DAY ((sqlite3_int64)1 << 20) /* keys of one day */
#define NL_KEY_MINUTE 728                     /* keys of one minute */
#define NL_KEY_DATED ((sqlite3_int64)1 << 46)
#define NL_KEY_DATED_SQL "70368744177664" /* NL_KEY_DATED in SQL text */

/*
** The first key of the minute of `published` ("YYYY-MM-DD", optionally
** followed by "THH:MM" or " HH:MM", anything after ignored; or "YYYY" /
** "YYYY-MM", taken as their first day; years 0001-9999) into *base.  Returns 1, or 0 (then *base = 0) when published
** is NULL or not such a date: the article counts as undated.
*/
int nl_fts_key_base(const char *published, sqlite3_int64 *base);

/*
** The key range [*lo, *hi] holding every article whose published value
** v satisfies since <= v < until + "\x7f" (the store's date filter; either
** may be NULL = open).  The range is a superset (whole days); the caller
** still applies the filter to the rows.  Returns 0 when a bound is not a
** date the keys can express (then use no key range).
*/
int nl_fts_key_range(const char *since, const char *until, sqlite3_int64 *lo,
                     sqlite3_int64 *hi);

#endif
