/*
** store_sql.h -- store helpers for the tests (test_db.c, test_ingest.c,
** test_ingest_ckpt.c, test_ingest_hash.c): sql_int, the first column of
** the first row of `sql` as an integer (-1 when there is no row, -2 when
** the statement does not prepare).
*/
#ifndef NL_TEST_STORE_SQL_H
#define NL_TEST_STORE_SQL_H

#include <sqlite3.h>

#include "newslua/nl_db.h"
#include "nl_db_internal.h" /* nl_db_sqlite */

static long long sql_int(nl_db *db, const char *sql) {
  sqlite3_stmt *st;
  long long v = -1;
  if (sqlite3_prepare_v2(nl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
    return -2;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

#endif
