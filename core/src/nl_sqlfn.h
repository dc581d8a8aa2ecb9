/*
** nl_sqlfn.h -- scalar SQL functions of the store's read queries,
** registered on every connection by nl_db_open.
*/
#ifndef NL_SQLFN_H
#define NL_SQLFN_H

#include <sqlite3.h>

/*
** Register on `sq` the dates query's cache of one article (its body and
** sentence spans; nl_sql_dates_head), whose functions answer from its
** state (not deterministic, direct use only):
**   nl_art(rowid)  1 if the cache holds that article as the database is
**       now (no commit and no change by this connection since it was taken)
**   nl_art_load(rowid, body, sentences)  take it (sentences: the list of
**       articles.sentences, "[[s,e],...]"); 1, or 0 (out of memory, a bad
**       list: the cache is empty)
**   nl_art_cut(loaded, rowid, start, end)  bytes [start, end) of its body,
**       clamped (`loaded`: the nl_art / nl_art_load expression, evaluated
**       first)
**   nl_art_sentence(rowid, i, k)  start (k = 0), end (1) or text (2) of
**       its sentence i (0-based)
** Each gives NULL when the cache holds another article.  Returns an
** SQLite result code.
*/
int nl_sqlfn_register(sqlite3 *sq);

#endif
