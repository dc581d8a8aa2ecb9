/*
** nl_datetime.h -- dates as found in metadata, to TimeML values.
**
** Metadata dates (feed <pubDate>, <meta> tags, JSON fields, agency headers)
** come in many shapes.  nl_datetime_parse turns one of them into a TimeML
** value: "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-MM-DDThh:mm" or
** "YYYY-MM-DDThh:mm:ss" (seconds only when written and non-zero).
**
** The clock time is kept AS WRITTEN (local to the writer): "Tue, 07 Sep
** 2021 02:47:57 +0200" gives "2021-09-07T02:47:57", not a UTC time, so the
** date a reader of the article saw is the date we keep.  The zone, when
** written, is reported separately by nl_datetime_parse_ex.
**
** Accepted (case-insensitive, surrounding whitespace ignored):
**   ISO 8601 / W3C-DTF: 2003, 2003-12, 2003-12-13, 2003-12-13T18:30,
**     2003-12-13T18:30:02Z, 2003-12-13 18:30:02.25+01:00, -0800, +0530,
**     20031213, 20031213T183002Z
**   RFC 822 / 1123 and feed variants: "Sat, 13 Dec 2003 18:30:02 GMT",
**     "13 Dec 03 18:30 EST" (2-digit year: < 50 -> 20yy, else 19yy),
**     "Tue, 2 Aug 2011 1:30 PM EST", "03 Apr 02 1500 GMT", full month and
**     weekday names, "Wed, 27 July 2011", missing comma/weekday/seconds,
**     named zones (UT GMT UTC Z EST EDT CST CDT MST MDT PST PDT BST IST CET
**     CEST EET EEST WET JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT ...),
**     Portuguese/Spanish/French/German month and weekday abbreviations,
**     German full month names ("1. Oktober 2018", "3. März 2019")
**   asctime: "Sun Jan  4 16:29:06 2004", "Sun Jan 4 16:29:06 PST 2004"
**   Reuters-21578: "26-FEB-1987 15:01:01.79"
**   day-first numeric: "26-01-2022 23:56 IST", "26.01.2022"
**   year-first numeric: "2022/01/26", "2020/1/10 14:16:00"
**   slashes, year last: "01/26/2022" (month first unless the first number
**     is > 12, as in "26/01/2022")
**   prose: "January 26, 2022", "Jan 26 2022", "26 January 2022",
**     "January 2022", "Wed 26 Jan 2022 10.30 GMT",
**     "Wed January 26, 2022 | 10:30 a.m. ET" (US generic
**     zones ET CT MT PT read as standard time)
** Anything else, and impossible dates ("2021-02-29", "31 Apr 2003",
** "25:00"), give NL_EINVAL with the offending text quoted in err.
*/
#ifndef NEWSLUA_NL_DATETIME_H
#define NEWSLUA_NL_DATETIME_H

#include <stddef.h>

#include "newslua/nl_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Size of the buffer nl_datetime_parse writes (fits every value + NUL). */
#define NL_DATETIME_MAX 32

/* A parsed date; fields absent from the text are -1 (month, day: 0). */
typedef struct nl_datetime {
  int year;        /* 1..9999 */
  int month;       /* 1..12, or 0 when only the year was written */
  int day;         /* 1..31, or 0 when absent */
  int hour;        /* 0..23, or -1 when no time was written */
  int minute;      /* 0..59, or -1 */
  int second;      /* 0..59 (a leap second 60 reads as 59), or -1 */
  int has_zone;    /* a zone or offset was written */
  int zone_offset; /* minutes east of UTC when has_zone (EST = -300) */
  char zone[8];    /* the zone as written ("GMT", "+0100", "Z"), or "" */
} nl_datetime;

/*
** Parse s[0..n) (need not be NUL-terminated) and write its TimeML value,
** NUL-terminated, to out.  Returns NL_OK, or NL_EINVAL (out = "") with a
** message quoting the text when it is not a date or an impossible one.
*/
nl_status nl_datetime_parse(const char *s, size_t n,
                            char out[NL_DATETIME_MAX], nl_error *err);

/*
** Same as nl_datetime_parse, but fill the structured form (with the zone).
** On error *dt is zeroed and NL_EINVAL returned.
*/
nl_status nl_datetime_parse_ex(const char *s, size_t n, nl_datetime *dt,
                               nl_error *err);

/*
** Write the TimeML value of a valid dt to out ("YYYY" .. "YYYY-MM-DDThh:mm
** [:ss]").  Returns the length written.
*/
size_t nl_datetime_format(const nl_datetime *dt, char out[NL_DATETIME_MAX]);

/*
** Days in `month` (1..12) of `year` (Gregorian leap years); 0 if month is
** out of range.
*/
int nl_datetime_days_in_month(int year, int month);

/*
** The month (1..12) the word s[0..n) names, as the parser reads month
** names: English names and abbreviations ("Feb", "March", "Sept") and the
** pt/es/fr/de forms, any ASCII case, without a trailing '.'; 0 for any
** other word ("Mayor", "Decline").
*/
int nl_datetime_month(const char *s, size_t n);

/*
** Is `s` a date prefix a query's since/until can take: YYYY, YYYY-MM or
** YYYY-MM-DD (a day its month has), a time after it ("T..." or " ...")?
** With `values` (bounds of date values, nl_db_dates) also the week,
** weekend, quarter, half and season values the tagger writes ("2022-W03",
** "2022-W03-WE", "2022-Q1", "2022-H2", "2022-SP", "-SU", "-FA", "-WI").
** 0 for anything else ("2022-1-5", "1987-02-30", "May 2022", "2022-W60",
** "2022-Q5", "2022-XX", NULL).
*/
int nl_datetime_prefix_ok(const char *s, int values);

/*
** Why `s` is no date prefix (nl_datetime_prefix_ok gave 0), said in a
** few words for a message after "'s' is not a date": "(2022-02 has 28
** days)" for a day its month has not, else the forms it may take
** ("(YYYY, YYYY-MM or YYYY-MM-DD)", with `values` also "or a week,
** quarter or season value").  A static string or `buf` (of `size`
** bytes, >= 32).
*/
const char *nl_datetime_prefix_why(const char *s, int values, char *buf,
                                   size_t size);

/*
** Do the bounds since and until (date prefixes, both inclusive: "2022"
** until covers 2022-12-31) hold no value at all?  1 when since comes
** after every value until covers: since > until and until is not a
** prefix of since ("2023" after "2022-12"; not "2022-05-01" after
** "2022-05").  0 when either is NULL.
*/
int nl_datetime_bounds_empty(const char *since, const char *until);

#ifdef __cplusplus
}
#endif
#endif
