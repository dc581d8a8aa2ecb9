/*
** nl_sqlfn.h -- scalar SQL functions of the store's read queries,
** registered on every connection by nl_db_open.
*/
#ifndef NL_SQLFN_H
#define NL_SQLFN_H

#include <sqlite3.h>

/*
** Register on `sq`:
**   nl_slice(text, start, end)  bytes [start, end) of text (byte offsets,
**       clamped to the text; NULL if any argument is NULL).  Unlike
**       substr(), counts bytes on TEXT without copying it to a BLOB.
**   nl_span(spans, i, k)        from a span list as stored in
**       articles.sentences ("[[s,e],[s,e],...]"), number k (0 = start,
**       1 = end) of span i (0-based); NULL if there is no such span or
**       any argument is NULL.  Reads the text up to span i, no JSON tree.
** Both are deterministic.  Returns an SQLite result code.
*/
int nl_sqlfn_register(sqlite3 *sq);

#endif
