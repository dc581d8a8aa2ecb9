/*
** nl_calendar.h -- proleptic Gregorian calendar arithmetic (private).
**
** Days are counted from 1970-01-01 (day 0).  Weekdays are ISO: 1 = Monday
** ... 7 = Sunday.  Weeks are ISO 8601 weeks.  Used by the timex resolver.
*/
#ifndef NEWSLUA_NL_CALENDAR_H
#define NEWSLUA_NL_CALENDAR_H

/* Day number of y-m-d (month 1..12; day may overflow, it is normalised). */
long nl_cal_days(int y, int m, int d);

/* Today's day number (nl_cal_days, in UTC): publication dates more than
** two days after it are in the future, which no news is. */
long nl_cal_today(void);

/* Inverse of nl_cal_days. */
void nl_cal_civil(long days, int *y, int *m, int *d);

/* ISO weekday of a day number: 1 = Monday ... 7 = Sunday. */
int nl_cal_weekday(long days);

/* Days in month m of year y (0 if m is out of range). */
int nl_cal_month_days(int y, int m);

/* ISO week of a day number: *iy = ISO year, *iw = week 1..53. */
void nl_cal_iso_week(long days, int *iy, int *iw);

/* Day number of Monday of ISO week w of ISO year y. */
long nl_cal_iso_monday(int y, int w);

/*
** Add `n` months to (y, m) in place (n may be negative).
*/
void nl_cal_add_months(int *y, int *m, int n);

#endif
