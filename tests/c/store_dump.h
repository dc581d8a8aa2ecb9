/*
** store_dump.h -- dump_store for the tests that compare two stores'
** publication-date decisions (test_pubdate.c, test_pubdate_prelink.c):
** "id|published|source|evidence|warnings" of every article, then the
** dates, written into out[0..cap).
*/
#ifndef NL_TEST_STORE_DUMP_H
#define NL_TEST_STORE_DUMP_H

#include <stdio.h>

#include <sqlite3.h>

#include "newslua/nl_db.h"
#include "nl_db_internal.h" /* nl_db_sqlite */

static void dump_store(nl_db *db, char *out, size_t cap) {
  sqlite3_stmt *st;
  size_t n = 0;
  out[0] = '\0';
  sqlite3_prepare_v2(nl_db_sqlite(db),
                     "SELECT id || '|' || ifnull(published, '') || '|' ||"
                     " published_source || '|' ||"
                     " ifnull(published_evidence, '') || '|' ||"
                     " ifnull(warnings, '') FROM articles ORDER BY id", -1,
                     &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW && n + 1024 < cap)
    n += (size_t)snprintf(out + n, cap - n, "%s\n",
                          (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_prepare_v2(nl_db_sqlite(db),
                     "SELECT a.id || ':' || d.start || ':' || d.value FROM"
                     " annotations d JOIN articles a ON a.rowid = d.article"
                     " ORDER BY a.id, d.start", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW && n + 256 < cap)
    n += (size_t)snprintf(out + n, cap - n, "%s\n",
                          (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
}

#endif
