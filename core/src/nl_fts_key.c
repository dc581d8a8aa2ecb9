/*
** nl_fts_key.c -- publication-date keys of the full-text index; see
** nl_fts_key.h.  Pure arithmetic: the allocation that needs the store is
** nl_db_fts_key (nl_db_write.c).
*/
#include "nl_fts_key.h"

#include "nl_calendar.h"

/* n digits at s into *v; 0 if any is not a digit. */
static int digits(const char *s, int n, int *v) {
  int i, x = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    x = x * 10 + (s[i] - '0');
  }
  *v = x;
  return 1;
}

/* The first key of day y-m-d at hh:mm (day 0 = 0001-01-01). */
static sqlite3_int64 key_at(int y, int m, int d, int hh, int mm) {
  long day = nl_cal_days(y, m, d) - nl_cal_days(1, 1, 1);
  return NL_KEY_DATED + (sqlite3_int64)day * NL_KEY_DAY +
         (sqlite3_int64)(hh * 60 + mm) * NL_KEY_MINUTE;
}

/*
** A date prefix of s: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (more may
** follow).  *parts = how many of the three were there (0: not a date).
*/
static int date_prefix(const char *s, int *y, int *m, int *d) {
  int parts = 0;
  *m = *d = 1;
  if (!s || !digits(s, 4, y) || *y < 1) return 0;
  parts = 1;
  if (s[4] == '-' && digits(s + 5, 2, m) && *m >= 1 && *m <= 12) {
    parts = 2;
    if (s[7] == '-' && digits(s + 8, 2, d) && *d >= 1 && *d <= 31)
      parts = 3;
  }
  return parts;
}

int nl_fts_key_base(const char *published, sqlite3_int64 *base) {
  int y, m, d, hh = 0, mm = 0, parts = date_prefix(published, &y, &m, &d);
  *base = 0;
  if (!parts) return 0;
  if (parts == 3 && (published[10] == 'T' || published[10] == ' ') &&
      digits(published + 11, 2, &hh) && published[13] == ':' &&
      digits(published + 14, 2, &mm) && hh < 24 && mm < 60) {
    /* a time: keep it */
  } else {
    hh = mm = 0;
  }
  *base = key_at(y, m, d, hh, mm);
  return 1;
}

int nl_fts_key_range(const char *since, const char *until, sqlite3_int64 *lo,
                     sqlite3_int64 *hi) {
  int y, m, d, parts;
  *lo = 1;
  *hi = key_at(10000, 1, 1, 0, 0) - 1;
  if (since) {
    if (!date_prefix(since, &y, &m, &d)) return 0;
    /* "2023-02-30" sorts before "2023-03-01": a day past the end of its
    ** month starts the range at the month's last day, not in the next */
    if (nl_cal_days(y, m, d) >= nl_cal_days(y, m + 1, 1))
      d = (int)(nl_cal_days(y, m + 1, 1) - nl_cal_days(y, m, 1));
    *lo = key_at(y, m, d, 0, 0);
  }
  if (until) {
    /* until + "\x7f" reaches past every value starting with until: the
    ** end of its year, month or day */
    if (!(parts = date_prefix(until, &y, &m, &d))) return 0;
    if (parts == 1) y++, m = d = 1;
    else if (parts == 2) m++, d = 1;
    else d++;
    *hi = key_at(y, m, d, 0, 0) - 1;
  }
  return 1;
}
