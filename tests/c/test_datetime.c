/* Tests for nl_datetime: metadata date strings to TimeML values.  Every
** expected value below was worked out by hand from the input text. */
#include <string.h>

#include "harness.h"
#include "newslua/nl_datetime.h"

static void ok(const char *in, const char *want) {
  char out[NL_DATETIME_MAX];
  nl_error err = NL_ERROR_INIT;
  nl_status rc = nl_datetime_parse(in, strlen(in), out, &err);
  NL_CHECK(rc == NL_OK, "parse '%s' (%s)", in, err.msg);
  NL_CHECK_STR_EQ(out, want, in);
}

static void bad(const char *in) {
  char out[NL_DATETIME_MAX];
  nl_error err = NL_ERROR_INIT;
  nl_status rc = nl_datetime_parse(in, strlen(in), out, &err);
  NL_CHECK(rc == NL_EINVAL, "'%s' rejected", in);
  NL_CHECK(*in == '\0' || strstr(err.msg, in) != NULL,
           "message quotes '%s': %s", in, err.msg);
  NL_CHECK_STR_EQ(out, "", "empty output on error");
}

static void test_iso(void) {
  ok("2003", "2003");
  ok("2003-12", "2003-12");
  ok("2003-12-13", "2003-12-13");
  ok("2003-12-13T18:30", "2003-12-13T18:30");
  ok("2003-12-13T18:30:02Z", "2003-12-13T18:30:02");
  ok("2003-12-13T18:30:00Z", "2003-12-13T18:30");
  ok("2007-09-28T10:38:00.001-07:00", "2007-09-28T10:38");
  ok("2017-04-07T12:20:50+10:30", "2017-04-07T12:20:50");
  ok("2003-12-13 18:30:02.25 +0100", "2003-12-13T18:30:02");
  ok("  2019-08-24\n", "2019-08-24");
  ok("20031213T183002Z", "2003-12-13T18:30:02");
  ok("20031213", "2003-12-13");
  ok("2012-02-29", "2012-02-29");
  ok("2000-02-29", "2000-02-29");
}

static void test_rfc822(void) {
  ok("Sat, 13 Dec 2003 18:30:02 GMT", "2003-12-13T18:30:02");
  ok("Wed, 28 Aug 2019 14:00:00 -0000", "2019-08-28T14:00");
  ok("Tue, 2 Aug 2011 01:30:00 EST", "2011-08-02T01:30");
  ok("Wed, 27 July 2011 01:30:00 EST", "2011-07-27T01:30");
  ok("07 Nov 2015 12:00:00 EST", "2015-11-07T12:00");
  ok("03 Apr 02 1500 GMT", "2002-04-03T15:00");
  ok("13 Dec 99 18:30 EST", "1999-12-13T18:30");
  ok("Thursday, 01 January 2004 19:48:21 GMT", "2004-01-01T19:48:21");
  ok("Thu,01 Jan 2004 19:48 PDT", "2004-01-01T19:48");
  ok("Sun, 07 Jan 2007 1:01:01 GMT", "2007-01-07T01:01:01");
  ok("Tue, 2 Aug 2011 1:30 PM EST", "2011-08-02T13:30");
  ok("Tue, 2 Aug 2011 12:05 am", "2011-08-02T00:05");
  ok("Seg, 24 Set 2018 19:22:00 -0300", "2018-09-24T19:22");
  ok("Mon, 26 Jun 2017 19:40:58 GMT+01:00", "2017-06-26T19:40:58");
  ok("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06");
  ok("Sun Jan 4 16:29:06 PST 2004", "2004-01-04T16:29:06");
}

static void test_other(void) {
  ok("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01");
  ok(" 1-MAR-1987 09:00:00.00", "1987-03-01T09:00");
  ok("26-01-2022 23:56 IST", "2022-01-26T23:56");
  ok("26.01.2022", "2022-01-26");
  ok("January 26, 2022", "2022-01-26");
  ok("Jan 26 2022", "2022-01-26");
  ok("26 January 2022", "2022-01-26");
  ok("January 26th, 2022", "2022-01-26");
  ok("January 2022", "2022-01");
  ok("2022/01/26", "2022-01-26");
  ok("2020/1/10 14:16:00", "2020-01-10T14:16");
  ok("01/26/2022", "2022-01-26");
  ok("26/01/2022", "2022-01-26");
  ok("12/2003", "2003-12");
  ok("Updated 10:30 a.m. EST, Wed January 26, 2022", "2022-01-26T10:30");
  ok("Wed January 26, 2022 | 7:05 p.m. ET", "2022-01-26T19:05");
  ok("Jan. 26, 2022", "2022-01-26");
  /* German day-month forms, full month names */
  ok("25. September 2018", "2018-09-25");
  ok("1. Oktober 2018", "2018-10-01");
  ok("3. M\xc3\xa4rz 2019", "2019-03-03");
  ok("24. Dezember 2017", "2017-12-24");
  ok("7. Januar 2020 14:30", "2020-01-07T14:30");
  ok("Februar 2016", "2016-02");
  ok("19 NOV 2019", "2019-11-19");
  ok("Wed 26 Jan 2022 10.30 GMT", "2022-01-26T10:30");
  ok("26.01.2022 09.15", "2022-01-26T09:15");
}

static void test_zone(void) {
  nl_datetime dt;
  const char *s = "Wed, 30 Dec 2015 09:00:00 PST";
  NL_CHECK(nl_datetime_parse_ex(s, strlen(s), &dt, NULL) == NL_OK, "parse_ex");
  NL_CHECK_INT_EQ(dt.has_zone, 1, "zone written");
  NL_CHECK_INT_EQ(dt.zone_offset, -480, "PST = -8h");
  NL_CHECK_STR_EQ(dt.zone, "PST", "zone text");
  NL_CHECK_INT_EQ(dt.hour, 9, "local clock kept");
  s = "2016-03-15T02:49:01+11:00";
  nl_datetime_parse_ex(s, strlen(s), &dt, NULL);
  NL_CHECK_INT_EQ(dt.zone_offset, 660, "+11:00");
  NL_CHECK_STR_EQ(dt.zone, "+11:00", "offset text");
  s = "26-01-2022 23:56 IST";
  nl_datetime_parse_ex(s, strlen(s), &dt, NULL);
  NL_CHECK_INT_EQ(dt.zone_offset, 330, "IST = +5:30");
  s = "2003-12-13";
  nl_datetime_parse_ex(s, strlen(s), &dt, NULL);
  NL_CHECK_INT_EQ(dt.has_zone, 0, "no zone");
  NL_CHECK_INT_EQ(dt.hour, -1, "no time");
}

static void test_bad(void) {
  bad("");
  bad("2021-02-29");
  bad("1900-02-29");
  bad("31 Apr 2003");
  bad("2003-13-01");
  bad("2003-12-13T25:00");
  bad("2003-12-13T12:60");
  bad("Sat, 32 Dec 2003 18:30:02 GMT");
  bad("yesterday");
  bad("Tuesday");
  bad("12");
  bad("Jan 26");
  bad("2003-12-13T18:30:02 Mars");
  bad("13:00 PM Jan 26 2022");
  bad("0000-01-01");
  bad("26 Jan 2022 25.30");
}

static void test_length(void) {
  char out[NL_DATETIME_MAX];
  /* Not NUL-terminated: only the first 10 bytes count. */
  NL_CHECK(nl_datetime_parse("2003-12-13T99:99", 10, out, NULL) == NL_OK,
           "length respected");
  NL_CHECK_STR_EQ(out, "2003-12-13", "prefix parsed");
  NL_CHECK_INT_EQ(nl_datetime_days_in_month(2024, 2), 29, "leap February");
  NL_CHECK_INT_EQ(nl_datetime_days_in_month(2023, 2), 28, "February");
  NL_CHECK_INT_EQ(nl_datetime_days_in_month(2023, 13), 0, "bad month");
}

/*
** The bounds a query takes: a date prefix, and for date values (values = 1)
** the week, weekend, quarter, half and season values the tagger writes,
** nothing else that starts with a capital ("2022-XX" was taken as a value
** and bounded nothing, silently).
*/
static void test_prefix(void) {
  static const char *const both[] = {"2022", "2022-01", "2022-01-21",
                                     "2022-01-21T10:30", "2024-02-29"};
  static const char *const values[] = {
      "2022-W01", "2022-W53", "2022-W03-WE", "2022-Q1", "2022-Q4", "2022-H1",
      "2022-H2",  "2022-SP",  "2022-SU",     "2022-FA", "2022-WI"};
  static const char *const neither[] = {
      "2022-XX",   "2022-W00",    "2022-W54",   "2022-W60", "2022-W3",
      "2022-W03x", "2022-W03-WD", "2022-Q0",    "2022-Q5",  "2022-Q12",
      "2022-H0",   "2022-H3",     "2022-S",     "2022-SUX", "2022-AU",
      "2022-W",    "2022-1-5",    "1987-02-30", "May 2022", ""};
  size_t i;
  for (i = 0; i < sizeof both / sizeof *both; i++)
    NL_CHECK(nl_datetime_prefix_ok(both[i], 0) &&
                 nl_datetime_prefix_ok(both[i], 1),
             "'%s' bounds both", both[i]);
  for (i = 0; i < sizeof values / sizeof *values; i++)
    NL_CHECK(!nl_datetime_prefix_ok(values[i], 0) &&
                 nl_datetime_prefix_ok(values[i], 1),
             "'%s' bounds date values only", values[i]);
  for (i = 0; i < sizeof neither / sizeof *neither; i++)
    NL_CHECK(!nl_datetime_prefix_ok(neither[i], 0) &&
                 !nl_datetime_prefix_ok(neither[i], 1),
             "'%s' bounds nothing", neither[i]);
  NL_CHECK(!nl_datetime_prefix_ok(NULL, 1), "NULL bounds nothing");
}

/* Why a bound is no date, and bounds that hold no date (since after
** until, until not a prefix of since). */
static void test_prefix_why(void) {
  char buf[48];
  NL_CHECK_STR_EQ(nl_datetime_prefix_why("2022-02-30", 0, buf, sizeof buf),
                  "(2022-02 has 28 days)", "February of a common year");
  NL_CHECK_STR_EQ(nl_datetime_prefix_why("2024-02-30T10:00", 1, buf,
                                         sizeof buf),
                  "(2024-02 has 29 days)", "a leap year, a time after");
  NL_CHECK_STR_EQ(nl_datetime_prefix_why("2022-04-31", 0, buf, sizeof buf),
                  "(2022-04 has 30 days)", "April");
  NL_CHECK_STR_EQ(nl_datetime_prefix_why("2022-01-32", 0, buf, sizeof buf),
                  "(YYYY, YYYY-MM or YYYY-MM-DD)", "no month has 32 days");
  NL_CHECK_STR_EQ(nl_datetime_prefix_why("2022-13-01", 1, buf, sizeof buf),
                  "(YYYY, YYYY-MM or YYYY-MM-DD, or a week, quarter or season "
                  "value)", "no month 13; the forms of date values");
  NL_CHECK(nl_datetime_bounds_empty("2022-05-01", "2022-01-01"), "swapped");
  NL_CHECK(nl_datetime_bounds_empty("2023", "2022-12"), "next year");
  NL_CHECK(nl_datetime_bounds_empty("2022-W03", "2022-W02"), "weeks");
  NL_CHECK(!nl_datetime_bounds_empty("2022-05-01", "2022-05"),
           "until 2022-05 covers its first day");
  NL_CHECK(!nl_datetime_bounds_empty("2022-05-01T10:00", "2022-05-01"),
           "until a day covers its times");
  NL_CHECK(!nl_datetime_bounds_empty("2022-01", "2022-01"), "one month");
  NL_CHECK(!nl_datetime_bounds_empty("2021", "2022"), "in order");
  NL_CHECK(!nl_datetime_bounds_empty(NULL, "2022") &&
               !nl_datetime_bounds_empty("2022", NULL),
           "an open side");
}

/* Month names as the parser reads them, for the SGML dateline too. */
static void test_month_names(void) {
  NL_CHECK_INT_EQ(nl_datetime_month("MArch", 5), 3, "any case");
  NL_CHECK_INT_EQ(nl_datetime_month("Sept", 4), 9, "abbreviation");
  NL_CHECK_INT_EQ(nl_datetime_month("Feb 26", 3), 2, "a word of the text");
  NL_CHECK_INT_EQ(nl_datetime_month("Mayor", 5), 0, "no month");
  NL_CHECK_INT_EQ(nl_datetime_month("Decline", 7), 0, "a prefix is none");
  NL_CHECK_INT_EQ(nl_datetime_month("Sept.", 5), 0, "no '.'");
  NL_CHECK_INT_EQ(nl_datetime_month(NULL, 3), 0, "NULL");
}

int main(void) {
  test_month_names();
  test_iso();
  test_rfc822();
  test_other();
  test_zone();
  test_bad();
  test_length();
  test_prefix();
  test_prefix_why();
  return nl_test_done();
}
