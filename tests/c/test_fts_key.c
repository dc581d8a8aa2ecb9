/*
** test_fts_key.c -- the publication-date keys of the full-text index
** (core/src/nl_fts_key.h): layout, order and the date-filter ranges, with
** values worked out by hand from the layout.
*/
#include <string.h>

#include "nl_fts_key.h"
#include "harness.h"

#define MIN 728                   /* keys of one minute */
#define DAY ((sqlite3_int64)1 << 20) /* keys of one day */

static sqlite3_int64 base(const char *published) {
  sqlite3_int64 b = -1;
  nl_fts_key_base(published, &b);
  return b;
}

static void test_layout(void) {
  NL_CHECK(NL_KEY_DATED == 70368744177664LL, "NL_KEY_DATED_SQL matches");
  NL_CHECK(strcmp(NL_KEY_DATED_SQL, "70368744177664") == 0, "as SQL text");
  NL_CHECK(base("0001-01-01") == NL_KEY_DATED, "day one is the first key");
  NL_CHECK(base("0001-01-02") == NL_KEY_DATED + DAY, "the next day");
  NL_CHECK(base("0002-01-01") == NL_KEY_DATED + 365 * DAY, "a year on");
  /* 2000 is a leap year: 366 days to 2001-01-01 */
  NL_CHECK(base("2001-01-01") - base("2000-01-01") == 366 * DAY, "leap");
  NL_CHECK(base("2022-01-21T10:30") - base("2022-01-21") == 630 * MIN,
           "10:30 is minute 630");
  NL_CHECK(base("2022-01-21 10:30:59Z") == base("2022-01-21T10:30"),
           "space separator; seconds and zone dropped");
  NL_CHECK(base("2022-01") == base("2022-01-01") &&
               base("2022") == base("2022-01-01"),
           "a month or a year alone is its first day");
  NL_CHECK(base("2022-01-21T25:00") == base("2022-01-21"),
           "an impossible time is the day");
  NL_CHECK(base("1999-12-31T23:59") < base("2000-01-01"), "ordered");
  NL_CHECK(base("9999-12-31T23:59") + MIN - 1 < 2 * NL_KEY_DATED,
           "the last key fits below 2^47");
  NL_CHECK(base("2022-01-21T23:59") + MIN <= base("2022-01-22"),
           "a day's minutes fit in its keys");
  NL_CHECK(NL_KEY_DAY == DAY && NL_KEY_MINUTE == MIN && 1440 * MIN <= DAY,
           "layout constants");
}

static void test_undated(void) {
  sqlite3_int64 b = 7;
  NL_CHECK(!nl_fts_key_base(NULL, &b) && b == 0, "NULL: undated");
  NL_CHECK(!nl_fts_key_base("", &b) && b == 0, "empty: undated");
  NL_CHECK(!nl_fts_key_base("Friday", &b) && b == 0, "words: undated");
  NL_CHECK(!nl_fts_key_base("0000-05-01", &b), "year 0: undated");
  NL_CHECK(!nl_fts_key_base("22-01-21", &b), "two-digit year: undated");
}

static void test_ranges(void) {
  sqlite3_int64 lo, hi;
  NL_CHECK(nl_fts_key_range("2010-01-01", "2010-12-31", &lo, &hi), "a year");
  NL_CHECK(lo == base("2010-01-01") && hi == base("2011-01-01") - 1,
           "whole days, until inclusive");
  NL_CHECK(nl_fts_key_range("2010", "2010", &lo, &hi), "year prefixes");
  NL_CHECK(lo == base("2010-01-01") && hi == base("2011-01-01") - 1,
           "until 2010 reaches its end");
  NL_CHECK(nl_fts_key_range(NULL, "2010-02", &lo, &hi), "month prefix");
  NL_CHECK(lo == 1 && hi == base("2010-03-01") - 1, "open start; Feb's end");
  NL_CHECK(nl_fts_key_range("2010-05-07T12:00", NULL, &lo, &hi), "open end");
  NL_CHECK(lo == base("2010-05-07") && hi > base("9999-12-31"),
           "since a time: from its day");
  NL_CHECK(!nl_fts_key_range("last week", NULL, &lo, &hi), "not a date");
  /* "2023-02-30" sorts before "2023-03-01": the range must start in
  ** February, not on the day the calendar overflows to (March 2) */
  NL_CHECK(nl_fts_key_range("2023-02-30", NULL, &lo, &hi) &&
               lo == base("2023-02-28"),
           "since Feb 30: from Feb 28");
  NL_CHECK(nl_fts_key_range("2023-12-32", NULL, &lo, &hi) &&
               lo == base("2023-12-31"),
           "since Dec 32: from Dec 31");
}

int main(void) {
  test_layout();
  test_undated();
  test_ranges();
  return nl_test_done();
}
