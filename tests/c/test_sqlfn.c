/*
** test_sqlfn.c -- nl_slice and nl_span (nl_sqlfn.c), the SQL functions of
** the dates query, on a bare in-memory connection.  Expected values are
** worked out by hand from the literals.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "nl_sqlfn.h"

static sqlite3 *sq;

/* The one value of `sql` as text ("NULL" for NULL) into out. */
static const char *value(const char *sql, char *out, size_t cap) {
  sqlite3_stmt *st;
  snprintf(out, cap, "(error)");
  if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK) return out;
  if (sqlite3_step(st) == SQLITE_ROW) {
    if (sqlite3_column_type(st, 0) == SQLITE_NULL)
      snprintf(out, cap, "NULL");
    else
      snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return out;
}

#define EXPECT(sql, want)                                \
  do {                                                   \
    char buf_[128];                                      \
    NL_CHECK_STR_EQ(value(sql, buf_, sizeof buf_), want, sql); \
  } while (0)

static void test_slice(void) {
  /* "h\xc3\xa9llo": bytes h=0, é=1..2, l=3, l=4, o=5 */
  EXPECT("SELECT nl_slice('h\xc3\xa9llo', 1, 3)", "\xc3\xa9");
  EXPECT("SELECT nl_slice('h\xc3\xa9llo', 3, 6)", "llo");
  EXPECT("SELECT nl_slice('abc', -4, 2)", "ab");     /* start clamped */
  EXPECT("SELECT nl_slice('abc', 1, 99)", "bc");     /* end clamped */
  EXPECT("SELECT nl_slice('abc', 2, 1)", "");        /* empty */
  EXPECT("SELECT nl_slice('abc', 5, 9)", "");
  EXPECT("SELECT nl_slice(NULL, 0, 1)", "NULL");
  EXPECT("SELECT nl_slice('abc', NULL, 1)", "NULL");
  EXPECT("SELECT nl_slice('abc', 0, NULL)", "NULL");
}

static void test_span(void) {
  EXPECT("SELECT nl_span('[[0,5],[6,12],[13,40]]', 0, 0)", "0");
  EXPECT("SELECT nl_span('[[0,5],[6,12],[13,40]]', 1, 0)", "6");
  EXPECT("SELECT nl_span('[[0,5],[6,12],[13,40]]', 1, 1)", "12");
  EXPECT("SELECT nl_span('[[0,5],[6,12],[13,40]]', 2, 1)", "40");
  EXPECT("SELECT nl_span('[[0,5],[6,12],[13,40]]', 3, 0)", "NULL");
  EXPECT("SELECT nl_span('[[0,5],[6,12]]', -1, 0)", "NULL");
  EXPECT("SELECT nl_span('[[0,5],[6,12]]', 0, 2)", "NULL");
  EXPECT("SELECT nl_span(' [ [1 , 2] , [3,4] ] ', 1, 1)", "4"); /* spaces */
  EXPECT("SELECT nl_span('[]', 0, 0)", "NULL");
  EXPECT("SELECT nl_span('', 0, 0)", "NULL");
  EXPECT("SELECT nl_span('{\"a\":1}', 0, 0)", "NULL");
  EXPECT("SELECT nl_span('[[1,x]]', 0, 1)", "NULL");
  EXPECT("SELECT nl_span('[[1,2]', 0, 1)", "2");   /* truncated after it */
  EXPECT("SELECT nl_span('[[1,2', 0, 1)", "NULL"); /* truncated inside */
  EXPECT("SELECT nl_span(NULL, 0, 0)", "NULL");
  EXPECT("SELECT nl_span('[[1,2]]', NULL, 0)", "NULL");
  /* the same as json_each on a stored list */
  EXPECT("SELECT nl_span('[[3,17],[18,90]]', 1, 0) = "
         "('[[3,17],[18,90]]' -> 1 ->> 0)", "1");
}

int main(void) {
  if (sqlite3_open(":memory:", &sq) != SQLITE_OK) return 1;
  NL_CHECK_INT_EQ(nl_sqlfn_register(sq), SQLITE_OK, "register");
  test_slice();
  test_span();
  sqlite3_close(sq);
  return nl_test_done();
}
