/*
** nl_calendar.c -- proleptic Gregorian calendar arithmetic.
** Algorithms after Howard Hinnant's days_from_civil / civil_from_days.
*/
#include <time.h>

#include "nl_calendar.h"

/*
** Day number (0 = 1970-01-01) of y-m-d; month is normalised first, the day
** may be out of range (it just offsets from the first of the month).
*/
long nl_cal_days(int y, int m, int d) {
  long yy, era, doe, yoe, doy, mp;
  nl_cal_add_months(&y, &m, 0);
  yy = (long)y - (m <= 2);
  era = (yy >= 0 ? yy : yy - 399) / 400;
  yoe = yy - era * 400;
  mp = (m + 9) % 12;
  doy = (153 * mp + 2) / 5;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + (d - 1);
}

/* See nl_calendar.h. */
long nl_cal_today(void) { return (long)(time(NULL) / 86400); }

/* Inverse of nl_cal_days. */
void nl_cal_civil(long z, int *y, int *m, int *d) {
  long era, doe, yoe, doy, mp, yy;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  yy = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

/* ISO weekday, 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
int nl_cal_weekday(long days) {
  long w = (days + 3) % 7;
  if (w < 0) w += 7;
  return (int)w + 1;
}

/* Days in month m of year y, 0 if m is not 1..12. */
int nl_cal_month_days(int y, int m) {
  static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12) return 0;
  return n[m - 1] + (m == 2 && leap);
}

/* Monday of ISO week 1 of year y is the Monday on or before January 4. */
static long iso_week1(int y) {
  long j4 = nl_cal_days(y, 1, 4);
  return j4 - (nl_cal_weekday(j4) - 1);
}

/* ISO (year, week) of a day number. */
void nl_cal_iso_week(long days, int *iy, int *iw) {
  int y, m, d;
  long w1;
  nl_cal_civil(days, &y, &m, &d);
  w1 = iso_week1(y + 1);
  if (days >= w1) {
    y++;
  } else {
    w1 = iso_week1(y);
    if (days < w1) {
      y--;
      w1 = iso_week1(y);
    }
  }
  *iy = y;
  *iw = (int)((days - w1) / 7) + 1;
}

/* Day number of the Monday of ISO week w of ISO year y. */
long nl_cal_iso_monday(int y, int w) {
  return iso_week1(y) + 7L * (w - 1);
}

/* (y, m) += n months, keeping m in 1..12. */
void nl_cal_add_months(int *y, int *m, int n) {
  long t = (long)*y * 12 + (*m - 1) + n;
  long yy = t >= 0 ? t / 12 : -((-t + 11) / 12);
  *y = (int)yy;
  *m = (int)(t - yy * 12) + 1;
}
