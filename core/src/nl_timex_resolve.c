/*
** nl_timex_resolve.c -- turns what an expression says (tx_sem) into a
** TimeML value, against the document creation time (DCT) and the narrative
** anchor (the last resolved date), with the clause's tense deciding the
** direction of underspecified dates ("met on Friday", "will meet Friday").
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nl_calendar.h"
#include "nl_timex_internal.h"

const char *const tx_mod_name[] = {
    "",          "START",     "MID",           "END",          "APPROX",
    "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"};

static const char *const season_code[] = {"", "SP", "SU", "FA", "WI"};
static const char *const pod_code[] = {"", "MO", "AF", "EV", "NI"};

/* Month a season is centred on, for "nearest" decisions. */
static int season_month(int s) {
  return s == S_SP ? 4 : s == S_SU ? 7 : s == S_FA ? 10 : 1;
}

static void put(nl_timex *out, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void put(nl_timex *out, const char *fmt, ...) {
  /* A small formatter for the conversions used here (%s %c %d %ld with
  ** an optional zero-padded width 2-4 for non-negative values): vsnprintf
  ** cost more than the rest of a resolution.  Anything else (%g, negative
  ** padded numbers) goes to vsnprintf. */
  va_list ap;
  char *o = out->value, *end = out->value + sizeof out->value - 1;
  const char *f;
  va_start(ap, fmt);
  for (f = fmt; *f && o < end; f++) {
    int w = 0, isl = 0;
    if (*f != '%') {
      *o++ = *f;
      continue;
    }
    f++;
    if (*f == '0') {
      f++;
      w = *f++ - '0';
    }
    if (*f == 'l') {
      isl = 1;
      f++;
    }
    if (*f == 's') {
      const char *a = va_arg(ap, const char *);
      while (*a && o < end)
        *o++ = *a++;
    } else if (*f == 'c') {
      *o++ = (char)va_arg(ap, int);
    } else if (*f == 'd') {
      long v = isl ? va_arg(ap, long) : va_arg(ap, int);
      char dig[24];
      int nd = 0;
      if (v < 0 && w) break; /* not here: use vsnprintf below */
      if (v < 0) {
        *o++ = '-';
        v = -v;
      }
      do {
        dig[nd++] = (char)('0' + v % 10);
        v /= 10;
      } while (v && nd < 20);
      while (nd < w)
        dig[nd++] = '0';
      while (nd && o < end)
        *o++ = dig[--nd];
    } else {
      break; /* %g and the like */
    }
  }
  va_end(ap);
  if (*f && o < end) { /* not handled above */
    va_start(ap, fmt);
    vsnprintf(out->value, sizeof out->value, fmt, ap);
    va_end(ap);
    return;
  }
  *o = '\0';
}

/* out->value = s (put's "%s", without its walk over the format). */
static void put_str(nl_timex *out, const char *s) {
  char *o = out->value, *end = out->value + sizeof out->value - 1;
  while (*s && o < end)
    *o++ = *s++;
  *o = '\0';
}

/* "P%s%ld%s" of a duration: P, T when t, n >= 0, the unit's code. */
static void put_dur(nl_timex *out, int t, long n, const char *code) {
  char *o = out->value, *end = out->value + sizeof out->value - 1;
  char dig[24];
  int nd = 0;
  *o++ = 'P';
  if (t) *o++ = 'T';
  do {
    dig[nd++] = (char)('0' + n % 10);
    n /= 10;
  } while (n && nd < 20);
  while (nd && o < end)
    *o++ = dig[--nd];
  while (*code && o < end)
    *o++ = *code++;
  *o = '\0';
}

/* Append to out->value. */
static void app(nl_timex *out, const char *s) {
  size_t n = strlen(out->value);
  while (*s && n + 1 < sizeof out->value)
    out->value[n++] = *s++;
  out->value[n] = '\0';
}

/*
** Year for a (month, day) without a year: dir -1 = the last occurrence on or
** before the DCT, +1 = on or after, 0 = the nearest (within six months);
** strict (2) excludes the DCT's own month.
*/
static int pick_year(const tx_ctx *c, int m, int d, int dir, int strict) {
  int key = m * 40 + (d > 0 ? d : 0), now = c->dm * 40 + (d > 0 ? c->dd : 0);
  if (strict && m == c->dm && d <= 0) {
    return c->dy + (dir < 0 ? -1 : dir > 0 ? 1 : 0);
  }
  /* "last February" in a March article: the month just past would be
  ** "last month", so the name means a year earlier ("down from 40,012
  ** last February", "helicopters crashed last February") */
  if (strict && dir < 0 && d <= 0 && m == c->dm - 1) return c->dy - 1;
  {
    /* Within two months of the DCT the same year wins whatever the tense
    ** ("Jan. 14" in a January 5 article).  Further away the tense decides
    ** ("stepped down in March", "will fly in December"); with no cue, six
    ** or more months away the nearest occurrence wins ("payable Jan. 2" in
    ** a November article is next January), and so does a month three to
    ** five ahead ("Pay June 15", "the June summit", "expires on June 30"
    ** in a March article: this June, not last year's); further back news
    ** looks back. */
    int diff = m - c->dm;
    if (!strict && diff <= 2 && diff >= -2) return c->dy;
    if (!strict && !dir && (diff >= 6 || diff <= -6))
      return diff >= 6 ? c->dy - 1 : c->dy + 1;
    if (!strict && !dir && diff >= 3) return c->dy;
    if (dir > 0) return key >= now ? c->dy : c->dy + 1;
    return key <= now ? c->dy : c->dy - 1;
  }
}

/*
** Year for a bare month m named after another bare month of the same
** sentence (c->ny, c->nm), with no tense cue: the one nearest it, its
** year on a tie ("a high in June from $29.75 in March" in an October
** report is last March, not the next; "from October to March" is the
** March after; "to December 31 from June 30" the same year's June).
** Months listed together belong to one stretch of time, which choosing
** each by its distance from the DCT would split.  The end of a range
** (c->nrange) whose start is not after the DCT lies on or after that
** start, however far: "collected during November-June" in April is the
** June after November.  (A start read ahead of the DCT may be the
** misread start of a past range, "cumulative exports for July 1-March
** 13": its end keeps the nearest reading.)
*/
static int near_year(const tx_ctx *c, int m) {
  int at = c->ny * 12 + c->nm, best = c->ny, k;
  if (c->nrange && at <= c->dy * 12 + c->dm)
    return m >= c->nm ? c->ny : c->ny + 1;
  for (k = -1; k <= 1; k += 2) {
    int v = (c->ny + k) * 12 + m, b = best * 12 + m;
    if ((v > at ? v - at : at - v) < (b > at ? b - at : at - b))
      best = c->ny + k;
  }
  return best;
}

/* Duration value: P2Y, PT3H, P1.5... fractions go to the smaller unit. */
static void duration(const tx_sem *s, nl_timex *out) {
  static const char *const code[] = {"",  "S", "M", "H", "D",  "WE", "W",
                                     "M", "Q", "H", "Y", "DE", "CE", "ML"};
  double n = s->dur_n;
  int u = s->unit, t = u <= U_HOUR;
  char num[16];
  /* (the bounds first: a cast of a double beyond long's range is
  ** undefined) */
  if (n >= 0 && n < 1e15 && n != (long)n && n * 60 == (long)(n * 60) &&
      (u == U_YEAR || u == U_HOUR || u == U_MIN || u == U_DAY)) {
    /* 2 1/2 years = P2Y6M, 5 1/2 hours = PT5H30M, half a minute = PT30S */
    static const int sub[] = {0, 0, 60, 60, 24, 0, 0, 0, 0, 0, 12};
    long whole = (long)n, part = (long)((n - (double)whole) * sub[u] + 0.5);
    if (u == U_YEAR)
      whole ? put(out, "P%ldY%ldM", whole, part) : put(out, "P%ldM", part);
    else if (u == U_DAY)
      whole ? put(out, "P%ldDT%ldH", whole, part) : put(out, "PT%ldH", part);
    else if (u == U_HOUR)
      whole ? put(out, "PT%ldH%ldM", whole, part) : put(out, "PT%ldM", part);
    else
      whole ? put(out, "PT%ldM%ldS", whole, part) : put(out, "PT%ldS", part);
    return;
  }
  if (u == U_DECADE || u == U_CENTURY || u == U_MILLENNIUM) {
    int f = u == U_DECADE ? 10 : u == U_CENTURY ? 100 : 1000;
    if (n >= 0) n *= f;
    u = U_YEAR;
    if (n < 0) {
      put(out, "P%s", u == U_YEAR && s->unit == U_DECADE ? "XDE" : "XCE");
      return;
    }
  }
  if (u == U_QUARTER) { /* ISO 8601 has no quarters: P3Q is P9M */
    n = n < 0 ? n : n * 3;
    u = U_MONTH;
  }
  if (u == U_HALF) {
    n = n < 0 ? n : n * 6;
    u = U_MONTH;
  }
  if (u == U_WEEKEND) {
    n = n < 0 ? n : n * 2;
    u = U_DAY;
  }
  if (n < 0) {
    put(out, "P%sX%s", t ? "T" : "", code[u]);
    return;
  }
  if (n < 1e15 && n == (long)n) { /* whole numbers without printf */
    put_dur(out, t, (long)n, code[u]);
    return;
  }
  snprintf(num, sizeof num, "%g", n);
  put(out, "P%s%s%s", t ? "T" : "", num, code[u]);
}

/* Value for a SET given by a name: each Thursday, every morning, each July. */
static void set_literal(const tx_sem *s, nl_timex *out) {
  if (s->wday) {
    put(out, "XXXX-WXX-%d", s->wday);
  } else if (s->month > 0) {
    put(out, "XXXX-%02d", s->month);
  } else if (s->pod) {
    put(out, "XXXX-XX-XX");
  } else {
    put_str(out, s->lit);
  }
  if (s->pod && s->pod <= P_NI) {
    app(out, "T");
    app(out, pod_code[s->pod]);
  }
}

/*
** YYYY-MM-DD into buf (at least 11 bytes) without printf, which costs more
** than the rest of a resolution; years outside 0..9999 use snprintf.
*/
static void ymd(char *buf, size_t size, int y, int m, int d) {
  if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99) {
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    return;
  }
  buf[0] = (char)('0' + y / 1000);
  buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10);
  buf[3] = (char)('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10);
  buf[6] = (char)('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char)('0' + d / 10);
  buf[9] = (char)('0' + d % 10);
  buf[10] = '\0';
}

/*
** "%04d" (with_month 0) or "%04d-%02d" into out->value, the commonest
** values, without put's walk over the format; outside 0..9999 and 0..99
** put does it.
*/
static void put_ym(nl_timex *out, int y, int with_month, int m) {
  char *b = out->value;
  if (y < 0 || y > 9999 || (with_month && (m < 0 || m > 99))) {
    if (with_month)
      put(out, "%04d-%02d", y, m);
    else
      put(out, "%04d", y);
    return;
  }
  b[0] = (char)('0' + y / 1000);
  b[1] = (char)('0' + y / 100 % 10);
  b[2] = (char)('0' + y / 10 % 10);
  b[3] = (char)('0' + y % 10);
  if (!with_month) {
    b[4] = '\0';
    return;
  }
  b[4] = '-';
  b[5] = (char)('0' + m / 10);
  b[6] = (char)('0' + m % 10);
  b[7] = '\0';
}

/* "T%02d:%02d" into t (16 bytes), without snprintf for 0..99. */
static void clock_text(char *t, int h, int mi) {
  if (h < 0 || h > 99 || mi < 0 || mi > 99) {
    snprintf(t, 16, "T%02d:%02d", h, mi);
    return;
  }
  t[0] = 'T';
  t[1] = (char)('0' + h / 10);
  t[2] = (char)('0' + h % 10);
  t[3] = ':';
  t[4] = (char)('0' + mi / 10);
  t[5] = (char)('0' + mi % 10);
  t[6] = '\0';
}

/* Format a day with optional part of day or clock time. */
static void day_value(const tx_sem *s, long days, nl_timex *out) {
  int y, m, d;
  char t[16];
  nl_cal_civil(days, &y, &m, &d);
  ymd(out->value, sizeof out->value, y, m, d);
  if (s->hour >= 0) {
    clock_text(t, s->hour, s->minute);
    app(out, t);
  } else if (s->pod && s->pod <= P_NI) {
    app(out, "T");
    app(out, pod_code[s->pod]);
  }
}

static void week_value(long days, nl_timex *out, const char *suffix) {
  int iy, iw;
  nl_cal_iso_week(days, &iy, &iw);
  put(out, "%04d-W%02d%s", iy, iw, suffix);
}

/* The quarter last completed before the DCT: (year, quarter). */
static void last_quarter(const tx_ctx *c, int *y, int *q) {
  int cq = (c->dm - 1) / 3 + 1;
  *y = c->dy;
  *q = cq - 1;
  if (*q == 0) {
    *q = 4;
    (*y)--;
  }
}

static void shift_quarter(int *y, int *q, int n) {
  int t = *y * 4 + (*q - 1) + n;
  *y = t / 4;
  *q = t % 4 + 1;
}

/*
** Easter Sunday of year y (Gregorian; the anonymous algorithm) as a day
** of April: 0 is March 31, -9 March 22.
*/
static int easter_april_day(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return month == 4 ? day : day - 31;
}

/* Fourth Thursday of November, US Election Day, days around Easter (in
** April, possibly 0 or less for March), or the day itself. */
static int holiday_day(int y, int m, int d) {
  if (d >= TX_EASTER - 50 && d <= TX_EASTER + 50)
    return easter_april_day(y) + (d - TX_EASTER);
  if (d == TX_THANKSGIVING) {
    long first = nl_cal_days(y, m, 1);
    int wd = nl_cal_weekday(first);
    return 1 + (4 - wd + 7) % 7 + 21;
  }
  if (d <= TX_NTH_WDAY(1, 1) && d >= TX_NTH_WDAY(5, 7)) {
    int code = -1000 - d, nth = code / 10, wd = code % 10;
    if (nth == 5) { /* the last one: back from the month's last day */
      int last = nl_cal_month_days(y, m);
      int lwd = nl_cal_weekday(nl_cal_days(y, m, last));
      return last - (lwd - wd + 7) % 7;
    }
    return 1 + (wd - nl_cal_weekday(nl_cal_days(y, m, 1)) + 7) % 7 +
           7 * (nth - 1);
  }
  if (d == -200) {
    long first = nl_cal_days(y, m, 1);
    int wd = nl_cal_weekday(first);
    return 1 + (1 - wd + 7) % 7 + 1;
  }
  return d;
}

/* Dates whose fields the text gives (a missing year comes from the DCT). */
static void resolve_abs(const tx_sem *s, int tense, tx_ctx *c, nl_timex *out) {
  int y = s->year, q, m, fiscal = s->fiscal;
  if (s->gran == G_CENTURY) {
    put(out, "%02d", s->century - 1);
    return;
  }
  if (s->gran == G_DECADE) {
    put(out, "%03d", s->decade);
    return;
  }
  if (s->gran == G_QUARTER || s->gran == G_HALF) {
    q = s->gran == G_QUARTER ? s->quarter : s->half;
    if (y < 0 && s->need_tense == 3 && c->has_dct) y = c->dy + s->rel_n;
    if (y < 0 && !c->has_dct) {
      if (q)
        put(out, "XXXX-%c%d", s->gran == G_QUARTER ? 'Q' : 'H', q);
      else
        put(out, "XXXX-QX");
      out->flags |= NL_TIMEX_UNRESOLVED;
      return;
    }
    if (s->gran == G_HALF) {
      if (y < 0) y = (c->dm <= 6 && q == 2 && tense <= 0) ? c->dy - 1 : c->dy;
      put(out, "%04d-H%d", y, q);
      return;
    }
    if (y < 0) {
      out->flags |= NL_TIMEX_RELATIVE;
      if (q == 0 || s->rel_n == -4) {
        if (s->rel_n == -4 && c->has_anchor && c->agran == G_QUARTER && !q) {
          y = c->ay;
          q = c->aq;
        } else if (s->rel_n == -4 && !q && c->qq) {
          y = c->qy;
          q = c->qq;
        } else if (s->rel_n == -4 && !q && c->has_anchor &&
                   c->agran == G_YEAR) {
          /* "year-earlier" after nine months; "year-ago" is the DCT's */
          put_ym(out, (s->anchor ? c->ay : c->dy) - 1, 0, 0);
          return;
        } else if (s->rel_n == -4 && !q && s->unit != U_QUARTER) {
          /* "the same period a year ago", "year-ago levels" in a story
          ** that names no quarter: last year */
          put_ym(out, c->dy - 1, 0, 0);
          return;
        } else if (!q && s->need_tense == TX_ANAPHOR && !c->qq &&
                   !(c->has_anchor && c->agran == G_QUARTER)) {
          out->value[0] = '\0'; /* "the period" of no quarter: dropped */
          return;
        } else if (!q && c->qq && c->qfiscal) {
          y = c->qy; /* "the quarter" after "the fiscal first quarter" */
          q = c->qq;
        } else if (!q) {
          last_quarter(c, &y, &q);
        } else {
          y = c->dy;
        }
        if (s->rel_n == -4 && !s->quarter && y > c->dy)
          last_quarter(c, &y, &q); /* a quarter of a later year is a
                                   ** forecast, not the one results are
                                   ** compared with */
        if (s->rel_n == -4) shift_quarter(&y, &q, -4);
      } else if (s->need_tense == 4) { /* "ended May 2": the last such end */
        y = s->month * 40 + s->day > c->dm * 40 + c->dd ? c->dy - 1 : c->dy;
        if (c->qq && c->qfiscal && y == c->qy) {
          /* "the fiscal first quarter ... the quarter ended Sept. 29": the
          ** company's quarter in focus, not the calendar's */
          q = c->qq;
        }
      } else {
        y = q > (c->dm - 1) / 3 + 2 && tense <= 0 ? c->dy - 1 : c->dy;
        /* "reported a decline in fourth-quarter earnings" in November: a
        ** quarter reported as past that the calendar has not closed yet
        ** is the company's fiscal quarter */
        if (tense < 0 && y == c->dy && q > (c->dm - 1) / 3) fiscal = 1;
      }
      if (s->rel_n == 99) {
        y = c->dy;
        q = (c->dm - 1) / 3 + 1;
      }
    } else if (!q && c->has_anchor && c->agran == G_QUARTER) {
      q = c->aq; /* "the 1988 quarter" after "the third quarter" */
    } else if (!q && c->qq) {
      q = c->qq; /* "the 1989 period" in a report on a quarter */
    } else if (!q) {
      put_ym(out, y, 0, 0);
      return;
    }
    /* a quarter of the report's year written with its year that the
    ** calendar has not closed is the company's, as one of no year read as
    ** past is above: "the quarter" and "the period" after it are that one,
    ** not the last closed quarter ("expected revenues for the first
    ** quarter of 1987 to be significantly lower ... a loss for the
    ** quarter" on 1987-03-19, Reuters reut2-007#7073: was 1986-Q4) */
    if (s->year >= 0 && s->quarter && y == c->dy && q > (c->dm - 1) / 3)
      fiscal = 1;
    put(out, "%04d-Q%d", y, q);
    /* a year-ago quarter does not move the story, nor does a quarter
    ** named as background ("after a flat second quarter"), nor the story's
    ** quarter in an earlier year ("a gain in the 1988 period": the
    ** comparison; "a year earlier" still counts from the latest period) */
    if (s->rel_n != -4 && s->need_tense != TX_BACKGROUND &&
        !(s->need_tense == TX_COMPARED && c->qq) &&
        !(s->year >= 0 && !s->quarter && c->qq && s->year < c->qy)) {
      /* a quarter named "fiscal" stays so while the story stays on it */
      c->qfiscal = fiscal || (c->qfiscal && y == c->qy && q == c->qq);
      c->has_anchor = 1, c->ay = y, c->aq = q, c->agran = G_QUARTER;
      c->qy = y, c->qq = q;
    }
    return;
  }
  if (y < 0) {
    if (!c->has_dct) {
      out->flags |= NL_TIMEX_UNRESOLVED;
      if (s->gran == G_SEASON)
        put(out, "XXXX-%s", season_code[s->season]);
      else if (s->day > 0 && s->shift)
        put(out, "XXXX-XX-XX");
      else if (s->day > 0)
        put(out, "XXXX-%02d-%02d", s->month, s->day);
      else if (s->day >= TX_EASTER - 50 && s->day <= TX_EASTER + 50)
        put(out, "XXXX-XX-XX"); /* Easter moves between months */
      else
        put(out, "XXXX-%02d", s->month);
      return;
    }
    out->flags |= NL_TIMEX_RELATIVE;
    m = s->gran == G_SEASON ? season_month(s->season) : s->month;
    if (s->wday && s->gran == G_DAY) {
      /* "Monday, Oct. 26": the year nearest the DCT where it is a Monday. */
      int k, best = c->dy;
      long bd = -1;
      for (k = -1; k <= 1; k++) {
        long dd = nl_cal_days(c->dy + k, s->month, s->day);
        long dist = dd > c->dct_days ? dd - c->dct_days : c->dct_days - dd;
        if (nl_cal_weekday(dd) == s->wday && (bd < 0 || dist < bd)) {
          bd = dist;
          best = c->dy + k;
        }
      }
      y = bd >= 0 ? best : pick_year(c, m, s->day, tense, 0);
    } else if (s->need_tense == 3) {
      y = c->dy + s->rel_n; /* "June last year" */
    } else if (s->need_tense == 2) {
      y = pick_year(c, m, s->gran == G_DAY ? s->day : 0, s->rel_n, 1);
      if (s->rel_n == 0) y = c->dy;
    } else if (!tense && c->nm && s->gran != G_SEASON && s->month > 0) {
      y = near_year(c, m);
    } else {
      y = pick_year(c, m, s->gran == G_DAY ? s->day : 0, tense, 0);
    }
    if (y > c->dy || (y == c->dy && m > c->dm)) out->flags |= NL_TIMEX_FUTURE;
  } else {
    out->flags |= NL_TIMEX_ABSOLUTE;
  }
  if (s->gran == G_YEAR) {
    put_ym(out, y, 0, 0);
    c->has_anchor = 1, c->ay = y, c->agran = G_YEAR;
  } else if (s->gran == G_SEASON) {
    put(out, "%04d-%s", y, season_code[s->season]);
  } else if (s->gran == G_MONTH) {
    put_ym(out, y, 1, s->month);
    c->has_anchor = 1, c->ay = y, c->am = s->month, c->agran = G_MONTH;
  } else {
    int d = holiday_day(y, s->month, s->day);
    long days = nl_cal_days(y, s->month, d);
    if (s->gran == G_WEEK) {
      week_value(days, out, "");
      return;
    }
    if (s->shift) { /* "a week after March 1" */
      days += s->shift;
      nl_cal_civil(days, &y, &m, &d);
    } else {
      m = s->month;
    }
    day_value(s, days, out);
    c->has_anchor = 1, c->ay = y, c->am = m, c->ad = d;
    c->agran = G_DAY;
  }
}

static const char *const unresolved_form[] = {"",
                                              "XXXX-XX-XXTXX:XX",
                                              "XXXX-XX-XXTXX:XX",
                                              "XXXX-XX-XX",
                                              "XXXX-XX-XX",
                                              "XXXX-WXX-WE",
                                              "XXXX-WXX",
                                              "XXXX-XX",
                                              "XXXX-QX",
                                              "XXXX-HX",
                                              "XXXX",
                                              "XXX",
                                              "XX",
                                              "X"};

/* Offsets from the DCT or the narrative anchor: "last year", "the day
** before", "two weeks ago", "this weekend", "yesterday morning". */
static void resolve_rel(const tx_sem *s, int tense, tx_ctx *c, nl_timex *out) {
  int y, m, d, q, u = s->unit, n = s->rel_n, narrative = 0;
  long days;
  if (s->anchor && c->has_anchor && (u != U_DAY || c->agran == G_DAY) &&
      !(s->hour >= 0 && c->weak_day)) {
    narrative = 1;
    y = c->ay;
    m = c->agran <= G_MONTH ? c->am : 1;
    d = c->agran == G_DAY ? c->ad : 1;
  } else if (c->has_dct) {
    y = c->dy, m = c->dm, d = c->dd;
  } else {
    put_str(out, unresolved_form[u]);
    if (s->hour >= 0 || s->pod) {
      char t[16];
      if (s->hour >= 0)
        clock_text(t, s->hour, s->minute);
      else
        snprintf(t, sizeof t, "T%s", pod_code[s->pod]);
      put(out, "XXXX-XX-XX%s", t);
    }
    out->flags |= NL_TIMEX_UNRESOLVED;
    return;
  }
  out->flags |= narrative ? NL_TIMEX_NARRATIVE : NL_TIMEX_RELATIVE;
  if (narrative)
    snprintf(out->anchor, sizeof out->anchor, "%04d-%02d-%02d", y, m, d);
  days = nl_cal_days(y, m, d);
  if (n > 0) out->flags |= NL_TIMEX_FUTURE;
  switch (u) {
  case U_SEC:
  case U_MIN:
  case U_HOUR:
    put_str(out, n < 0 ? "PAST_REF" : n > 0 ? "FUTURE_REF" : "PRESENT_REF");
    return;
  case U_DAY:
    day_value(s, days + n, out);
    if (s->dur_n == 0) {
      c->has_anchor = 1, c->agran = G_DAY;
      nl_cal_civil(days + n, &c->ay, &c->am, &c->ad);
    }
    return;
  case U_WEEK:
    week_value(days + 7L * n, out, "");
    return;
  case U_WEEKEND: {
    int wd = nl_cal_weekday(days);
    long sat = days + (6 - wd);
    if (n == 0 && tense <= 0 && wd < 6) sat -= 7;
    week_value(sat + 7L * n, out, "-WE");
    return;
  }
  case U_MONTH:
    nl_cal_add_months(&y, &m, n);
    put_ym(out, y, 1, m);
    c->has_anchor = 1, c->ay = y, c->am = m, c->agran = G_MONTH;
    return;
  case U_QUARTER:
  case U_HALF:
    if (u == U_HALF) {
      int t = y * 2 + (m - 1) / 6 + n;
      put(out, "%04d-H%d", t / 2, t % 2 + 1);
      return;
    }
    q = narrative && c->agran == G_QUARTER ? c->aq : (m - 1) / 3 + 1;
    shift_quarter(&y, &q, n);
    put(out, "%04d-Q%d", y, q);
    if (s->anchor && n) /* "up from the previous quarter": a comparison, */
      return;           /* the story stays on its quarter */
    c->has_anchor = 1, c->ay = y, c->aq = q, c->agran = G_QUARTER;
    c->qy = y, c->qq = q;
    return;
  case U_YEAR:
    if (c->has_anchor && c->agran == G_QUARTER && n < 0 &&
        (narrative || n == -1) && s->dur_n == 1) {
      y = c->ay;
      q = c->aq;
      if (!narrative && y > c->dy)
        last_quarter(c, &y, &q); /* "a year ago" after a forecast quarter */
      shift_quarter(&y, &q, 4 * n);
      put(out, "%04d-Q%d", y, q);
      return;
    }
    if (c->qq && n == -1 && s->dur_n == 1) {
      y = c->qy;
      q = c->qq;
      shift_quarter(&y, &q, -4);
      put(out, "%04d-Q%d", y, q);
      return;
    }
    put_ym(out, y + n, 0, 0);
    if (s->dur_n == 0 && s->need_tense != TX_BACKGROUND)
      /* "last year" moves the story; "a year ago" and a comparison
      ** ("up from 6.44 mln last year") do not */
      c->has_anchor = 1, c->ay = y + n, c->agran = G_YEAR;
    return;
  case U_DECADE:
    put(out, "%03d", y / 10 + n);
    return;
  case U_CENTURY:
    put(out, "%02d", y / 100 + n);
    return;
  default:
    put_ym(out, y, 0, 0);
  }
}

/* Weekdays: last/next/this Friday, or the tense of the clause. */
static void resolve_wday(const tx_sem *s, int tense, tx_ctx *c, nl_timex *out) {
  long base, day;
  int wd;
  if (!c->has_dct && s->shift) {
    put(out, "XXXX-XX-XX");
    out->flags |= NL_TIMEX_UNRESOLVED;
    return;
  }
  if (!c->has_dct) {
    put(out, "XXXX-WXX-%d", s->wday);
    if (s->pod && s->pod <= P_NI) {
      app(out, "T");
      app(out, pod_code[s->pod]);
    }
    out->flags |= NL_TIMEX_UNRESOLVED;
    return;
  }
  base = c->dct_days;
  if (s->anchor && c->has_anchor && c->agran == G_DAY)
    base = nl_cal_days(c->ay, c->am, c->ad); /* the previous Friday */
  wd = nl_cal_weekday(base);
  out->flags |= NL_TIMEX_RELATIVE;
  if (s->rel_n < 0) {
    day = base - ((wd - s->wday + 7) % 7);
    if (day == base) day -= 7;
  } else if (s->rel_n > 0) {
    day = base + ((s->wday - wd + 7) % 7);
    if (day == base) day += 7;
  } else if (tense < 0) {
    day = base - ((wd - s->wday + 7) % 7);
  } else if (tense > 0) {
    day = base + ((s->wday - wd + 7) % 7);
  } else {
    /* No cue: news reports what happened, so the last occurrence on or
    ** before the DCT (on TimeBank this beats HeidelTime's same-week and
    ** the nearest-day rules). */
    day = base - ((wd - s->wday + 7) % 7);
  }
  day += s->shift; /* "the day before last Tuesday" */
  if (day > base) out->flags |= NL_TIMEX_FUTURE;
  day_value(s, day, out);
  c->has_anchor = 1, c->agran = G_DAY;
  nl_cal_civil(day, &c->ay, &c->am, &c->ad);
}

/*
** Resolve *s (see nl_timex_internal.h): fills out->value, mod, flags,
** anchor, and moves the narrative anchor in ctx.
*/
void tx_resolve(const tx_sem *s, int tense, tx_ctx *c, nl_timex *out) {
  out->value[0] = '\0';
  out->anchor[0] = '\0';
  memcpy(out->mod, tx_mod_name[s->mod], strlen(tx_mod_name[s->mod]) + 1);
  if (c->has_dct) {
    if (!c->dct_ymd[0]) ymd(c->dct_ymd, sizeof c->dct_ymd, c->dy, c->dm, c->dd);
    memcpy(out->anchor, c->dct_ymd, sizeof c->dct_ymd);
  }
  switch (s->form) {
  case F_LIT:
    set_literal(s, out);
    break;
  case F_DUR:
    duration(s, out);
    if (s->unit == U_MONTH && s->dur_n >= 2 && s->dur_n != 3) {
      /* "the first nine months": the report moves from a quarter to a
      ** longer period; "a year earlier" now means that period's year */
      c->qq = 0;
      if (c->has_anchor && c->agran == G_QUARTER) c->agran = G_YEAR;
    }
    break;
  case F_ABS:
    resolve_abs(s, tense, c, out);
    if (s->hour >= 0 && strlen(out->value) == 10) {
      char t[16];
      clock_text(t, s->hour, s->minute);
      app(out, t);
    }
    break;
  case F_REL:
    resolve_rel(s, tense, c, out);
    break;
  case F_WDAY:
    resolve_wday(s, tense, c, out);
    break;
  default:
    put(out, "XXXX");
  }
  if (out->flags & NL_TIMEX_ABSOLUTE) out->anchor[0] = '\0';
}
