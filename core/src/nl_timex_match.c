/*
** nl_timex_match.c -- the grammar of English time expressions over the
** scanner's tokens.  Each try_* function recognises one family of
** expressions starting at a token and returns the end token (exclusive), or
** 0 when it does not match, filling a tx_sem with what the words say
** (resolution against the DCT is nl_timex_resolve.c's job).
*/
#include <string.h>

#include "nl_calendar.h"
#include "nl_timex_internal.h"

typedef struct P {
  const tx_tok *t;
  size_t n;
  const char *text;
} P;

/* ---- token predicates ------------------------------------------------- */

static int is_w(const P *p, size_t i, int id) {
  return i < p->n && p->t[i].cls == C_MISC && p->t[i].id == id;
}
static int is_c(const P *p, size_t i, int cls) {
  return i < p->n && p->t[i].kind == TK_WORD && p->t[i].cls == cls;
}
static int is_p(const P *p, size_t i, int ch) {
  return i < p->n && p->t[i].kind == TK_PUNCT && p->t[i].punct == ch;
}
/* Token i follows token i-1 with no space between them. */
static int tight(const P *p, size_t i) { return i < p->n && !p->t[i].gap; }
static int is_num(const P *p, size_t i) {
  return i < p->n && p->t[i].kind == TK_NUM;
}
/* A plain number (no suffix) of at most `nd` digits. */
static int is_pnum(const P *p, size_t i, int nd) {
  return is_num(p, i) && !p->t[i].suffix && p->t[i].ndig <= nd;
}
/* The word at i lower-cased equals w (for words outside the lexicon). */
static int is_text(const P *p, size_t i, const char *w) {
  size_t k, len = strlen(w);
  if (i >= p->n || p->t[i].kind != TK_WORD) return 0;
  if (p->t[i].end - p->t[i].start != len) return 0;
  for (k = 0; k < len; k++)
    if ((p->text[p->t[i].start + k] | 0x20) != w[k]) return 0;
  return 1;
}
/* An ordinal word ("second" is filed as a unit): its value, or 0. */
static int ord_of(const P *p, size_t i) {
  if (is_c(p, i, C_ORD)) return p->t[i].val;
  if (is_text(p, i, "second")) return 2;
  return 0;
}
static int unit_of(const P *p, size_t i) {
  return is_c(p, i, C_UNIT) ? p->t[i].val : 0;
}

static void sem_init(tx_sem *s) {
  memset(s, 0, sizeof *s);
  s->year = s->month = s->day = s->hour = s->minute = s->second = -1;
  s->type = NL_TIMEX_DATE;
}

/* ---- numbers ---------------------------------------------------------- */

/* Cardinal written in words: "twenty", "twenty-four", "forty two". */
static size_t num_words(const P *p, size_t i, double *v) {
  size_t j = i;
  int x;
  if (!is_c(p, i, C_NUMW)) return 0;
  x = p->t[i].val;
  j = i + 1;
  if (x >= 20 && x % 10 == 0) {
    if (is_p(p, j, '-') && tight(p, j) && is_c(p, j + 1, C_NUMW) &&
        p->t[j + 1].val < 10) {
      x += p->t[j + 1].val;
      j += 2;
    } else if (is_c(p, j, C_NUMW) && p->t[j].val < 10) {
      x += p->t[j].val;
      j++;
    }
  }
  if (is_w(p, j, W_HUNDRED)) {
    x *= 100;
    j++;
  }
  *v = x;
  return j;
}

/*
** A quantity before a unit: 3, 2 1/2, 1.5, "two", "a", "a few",
** "several", "a couple of".  *v < 0 means unspecified (X).
*/
static size_t quantity(const P *p, size_t i, double *v) {
  size_t j;
  if (is_pnum(p, i, 6)) {
    *v = p->t[i].val;
    j = i + 1;
    if (is_p(p, j, '.') && tight(p, j) && is_pnum(p, j + 1, 3) &&
        tight(p, j + 1)) {
      double f = p->t[j + 1].val;
      int k;
      for (k = 0; k < p->t[j + 1].ndig; k++) f /= 10;
      *v += f;
      j += 2;
    } else if (is_pnum(p, j, 1) && is_p(p, j + 1, '/') &&
               is_pnum(p, j + 2, 1) && p->t[j + 2].val > 0) {
      *v += (double)p->t[j].val / p->t[j + 2].val;
      j += 3;
    }
    return j;
  }
  if ((j = num_words(p, i, v)) != 0) return j;
  if (is_w(p, i, W_A) || is_w(p, i, W_AN)) {
    if (is_c(p, i + 1, C_VAGUE) && p->t[i + 1].val == 2) {
      *v = -1;
      return i + 2;
    }
    if (is_w(p, i + 1, W_COUPLE) && is_w(p, i + 2, W_OF)) {
      *v = 2;
      return i + 3;
    }
    if (is_w(p, i + 1, W_HALF)) {
      *v = 0.5;
      return i + 2;
    }
    *v = 1;
    return i + 1;
  }
  if (is_c(p, i, C_VAGUE) && p->t[i].val != 4) {
    *v = -1;
    return i + 1;
  }
  return 0;
}

/* A year: 1000..2199 as digits, or spoken ("nineteen ninety-six"). */
static size_t year_at(const P *p, size_t i, int *y) {
  double a, b;
  size_t j;
  if (is_pnum(p, i, 4) && p->t[i].ndig == 4 && p->t[i].val >= 1000 &&
      p->t[i].val < 2200) {
    /* 1,990 or 1990.5 or 1990-style digit groups are not years. */
    if (is_p(p, i + 1, ',') && tight(p, i + 1) && is_num(p, i + 2) &&
        tight(p, i + 2))
      return 0;
    if (is_p(p, i + 1, '.') && tight(p, i + 1) && is_num(p, i + 2) &&
        tight(p, i + 2))
      return 0;
    if (is_p(p, i + 1, '%')) return 0;
    if (i > 0 && (is_p(p, i - 1, '$') || (is_p(p, i - 1, ',') && !p->t[i].gap &&
                                          is_num(p, i - 2))))
      return 0;
    *y = p->t[i].val;
    return i + 1;
  }
  if (is_c(p, i, C_NUMW) && p->t[i].val >= 11 && p->t[i].val <= 20 &&
      (j = num_words(p, i + 1, &b)) != 0 && b >= 10 && b < 100 &&
      p->t[i].val * 100 + b >= 1100) {
    *y = p->t[i].val * 100 + (int)b;
    return j;
  }
  if (is_c(p, i, C_NUMW) && p->t[i].val == 2 && is_w(p, i + 1, W_THOUSAND)) {
    j = i + 2;
    *y = 2000;
    if (is_w(p, j, W_AND)) j++;
    if ((i = num_words(p, j, &a)) != 0 && a < 100) {
      *y += (int)a;
      return i;
    }
    return is_w(p, j - 1, W_AND) ? j - 1 : j;
  }
  return 0;
}

/* A day of month: 1..31, 21st, "twenty-first". */
static size_t mday_at(const P *p, size_t i, int *d) {
  if (is_num(p, i) && p->t[i].ndig <= 2 && p->t[i].val >= 1 &&
      p->t[i].val <= 31 && (!p->t[i].suffix || p->t[i].suffix == 'o')) {
    /* Not the start of a time (5:30) or a fraction (3/4) or decimal. */
    if ((is_p(p, i + 1, ':') || is_p(p, i + 1, '/') || is_p(p, i + 1, '.')) &&
        tight(p, i + 1) && is_num(p, i + 2) && tight(p, i + 2))
      return 0;
    *d = p->t[i].val;
    return i + 1;
  }
  if (ord_of(p, i)) {
    *d = ord_of(p, i);
    return i + 1;
  }
  return 0;
}

/* ---- months ----------------------------------------------------------- */

/* Words that make a following bare month name a month ("in May"). */
static int month_cue(const P *p, size_t i) {
  const tx_tok *t;
  if (i == 0) return 0;
  t = &p->t[i - 1];
  if (t->cls == C_POS || t->cls == C_REL) return 1;
  if (t->kind == TK_PUNCT && t->punct == '-' && i >= 2 &&
      p->t[i - 2].cls == C_POS)
    return 1;
  if (t->cls == C_MISC)
    switch (t->id) {
      case W_IN: case W_OF: case W_BY: case W_SINCE: case W_UNTIL:
      case W_DURING: case W_FROM: case W_TO: case W_AND: case W_THROUGH:
      case W_END: case W_BEGIN: case W_MIDDLE: case W_EACH: case W_EVERY:
        return 1;
      default:
        return 0;
    }
  if (t->cls == C_DIR && t->val != -2) return 1; /* before/after/since */
  return 0;
}

/* A month name at i: returns end (after an abbreviation dot), or 0. */
static size_t month_at(const P *p, size_t i, int *m, int *strong) {
  const tx_tok *t;
  size_t len;
  if (!is_c(p, i, C_MONTH)) return 0;
  t = &p->t[i];
  len = t->end - t->start;
  *m = t->val;
  *strong = 0;
  if (len <= 4 && !is_text(p, i, "june") && !is_text(p, i, "july") &&
      !is_text(p, i, "may")) {
    /* Abbreviation: capitalised and followed by '.' or a number. */
    if (!t->cap) return 0;
    if (is_p(p, i + 1, '.') && tight(p, i + 1)) {
      *strong = 1;
      return i + 2;
    }
    if (!is_num(p, i + 1)) return 0;
    return i + 1;
  }
  if ((*m == 5 || *m == 3) && !t->cap) return 0; /* "may", "march" */
  *strong = *m != 5 && *m != 3;
  return i + 1;
}

/* MONTH [DAY] [,] [YEAR] | MONTH [of] YEAR | MONTH (with a cue). */
static size_t try_month(const P *p, size_t i, tx_sem *s) {
  int m, strong, d, y;
  size_t j = month_at(p, i, &m, &strong), k;
  if (!j) return 0;
  s->month = m;
  s->gran = G_MONTH;
  s->form = F_ABS;
  if ((k = mday_at(p, j, &d)) != 0 && !(is_c(p, k, C_UNIT))) {
    s->day = d;
    s->gran = G_DAY;
    j = k;
    k = j + (is_p(p, j, ',') ? 1 : 0);
    if ((k = year_at(p, k, &y)) != 0) {
      s->year = y;
      j = k;
    }
    return j;
  }
  k = j + (is_p(p, j, ',') || is_w(p, j, W_OF) ? 1 : 0);
  if ((k = year_at(p, k, &y)) != 0) {
    s->year = y;
    return k;
  }
  if (!strong && !month_cue(p, i)) return 0;
  if (!p->t[i].cap && !month_cue(p, i)) return 0;
  return j;
}

/* [the] DAY [of] MONTH [,] [YEAR]: "7 August 1998", "the 21st of May". */
static size_t try_day_month(const P *p, size_t i, tx_sem *s) {
  int d, m, strong, y;
  size_t j = i, k;
  if (is_w(p, j, W_THE)) j++;
  if (!(k = mday_at(p, j, &d))) return 0;
  if (j > i && !p->t[j].suffix && !ord_of(p, j)) return 0;
  j = k;
  if (is_w(p, j, W_OF)) j++;
  if (!(k = month_at(p, j, &m, &strong))) return 0;
  s->form = F_ABS;
  s->gran = G_DAY;
  s->day = d;
  s->month = m;
  j = k + (is_p(p, k, ',') ? 1 : 0);
  if ((j = year_at(p, j, &y)) != 0) {
    s->year = y;
    return j;
  }
  return k;
}

/* Part of day after a day: "Friday night", "yesterday morning". */
static size_t pod_after(const P *p, size_t j, tx_sem *s) {
  if (is_c(p, j, C_POD) && p->t[j].val <= P_NI) {
    s->pod = (uint8_t)p->t[j].val;
    s->type = NL_TIMEX_TIME;
    return j + 1;
  }
  return j;
}

/* WEEKDAY [,] [MONTH DAY [, YEAR] | DAY MONTH [YEAR]] [part of day]. */
static size_t try_weekday(const P *p, size_t i, tx_sem *s) {
  const tx_tok *t = &p->t[i];
  size_t j, k, len;
  tx_sem d;
  if (!is_c(p, i, C_WDAY)) return 0;
  len = t->end - t->start;
  j = i + 1;
  if (len <= 5 && !is_text(p, i, "friday") && !is_text(p, i, "monday")) {
    if (!t->cap || t->plural) return 0;
    if (is_p(p, j, '.') && tight(p, j)) j++;
    else if (!is_p(p, j, ',')) return 0;
    if (len == 3 && (is_text(p, i, "sun") || is_text(p, i, "sat")) &&
        j == i + 1)
      return 0;
  }
  if (t->plural) {
    s->type = NL_TIMEX_SET;
    s->form = F_LIT;
    s->wday = t->val;
    s->gran = G_DAY;
    return pod_after(p, j, s);
  }
  s->form = F_WDAY;
  s->wday = t->val;
  s->gran = G_DAY;
  k = j + (is_p(p, j, ',') ? 1 : 0);
  sem_init(&d);
  {
    size_t e = try_month(p, k, &d);
    if (e && d.day > 0) {
      *s = d;
      s->wday = t->val;
      return e;
    }
    sem_init(&d);
    e = try_day_month(p, k, &d);
    if (e) {
      *s = d;
      s->wday = t->val;
      return e;
    }
  }
  return pod_after(p, j, s);
}

/* Years, decades, ISO and year-first numeric dates, "1957-58", "'89". */
static size_t try_year(const P *p, size_t i, tx_sem *s) {
  int y, m, d;
  size_t j = i, k;
  if (is_p(p, i, '\'') && is_pnum(p, i + 1, 2) && tight(p, i + 1)) {
    y = p->t[i + 1].val;
    y += y >= 30 ? 1900 : 2000;
    s->form = F_ABS;
    s->year = y;
    s->gran = G_YEAR;
    return i + 2;
  }
  if (is_p(p, i, '\'') && is_num(p, i + 1) && p->t[i + 1].ndig == 2 &&
      p->t[i + 1].suffix == 's' && tight(p, i + 1)) {
    y = p->t[i + 1].val;
    s->form = F_ABS;
    s->decade = (y >= 30 ? 190 : 200) + y / 10;
    s->gran = G_DECADE;
    return i + 2;
  }
  if (is_num(p, i) && p->t[i].ndig == 4 && p->t[i].suffix == 's' &&
      p->t[i].val % 10 == 0 && p->t[i].val >= 1000) {
    s->form = F_ABS;
    s->decade = p->t[i].val / 10;
    s->gran = G_DECADE;
    return i + 1;
  }
  if (is_w(p, i, W_FISCAL) || is_w(p, i, W_CALENDAR)) j++;
  if (!(k = year_at(p, j, &y))) return 0;
  if (is_pnum(p, j, 4) && y < 1600 && j == i) return 0;
  s->form = F_ABS;
  s->year = y;
  s->gran = G_YEAR;
  j = k;
  if ((is_p(p, j, '-') || is_p(p, j, '/')) && tight(p, j) &&
      is_pnum(p, j + 1, 2) && tight(p, j + 1)) {
    int sep = p->t[j].punct, a = p->t[j + 1].val;
    if (is_p(p, j + 2, sep) && tight(p, j + 2) && is_pnum(p, j + 3, 2) &&
        tight(p, j + 3)) {
      m = a;
      d = p->t[j + 3].val;
      if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        s->month = m;
        s->day = d;
        s->gran = G_DAY;
        return j + 4;
      }
      return 0;
    }
    if (sep == '-' && p->t[j + 1].ndig == 2 && a > y % 100) {
      s->year = y - y % 100 + a; /* "1957-58" */
      return j + 2;
    }
  }
  return j;
}

/* Day-first or month-first numeric dates: 26-01-2022, 1/26/2022, 26.01.22. */
static size_t try_numeric(const P *p, size_t i, tx_sem *s) {
  int a, b, y, sep;
  size_t j = i;
  if (!is_pnum(p, j, 2) || !(is_p(p, j + 1, '-') || is_p(p, j + 1, '/') ||
                             is_p(p, j + 1, '.')))
    return 0;
  sep = p->t[j + 1].punct;
  if (!tight(p, j + 1) || !is_pnum(p, j + 2, 2) || !tight(p, j + 2) ||
      !is_p(p, j + 3, sep) || !tight(p, j + 3) || !is_pnum(p, j + 4, 4) ||
      !tight(p, j + 4))
    return 0;
  if (p->t[j + 4].ndig != 2 && p->t[j + 4].ndig != 4) return 0;
  if (is_p(p, j + 5, sep) && tight(p, j + 5)) return 0; /* 1-2-3-4 */
  a = p->t[j].val;
  b = p->t[j + 2].val;
  y = p->t[j + 4].val;
  if (p->t[j + 4].ndig == 2) y += y >= 30 ? 1900 : 2000;
  if (sep == '/' && a <= 12) { /* US order unless impossible */
    int t = a;
    a = b;
    b = t;
  }
  if (b < 1 || b > 12 || a < 1 || a > nl_cal_month_days(y, b)) return 0;
  s->form = F_ABS;
  s->year = y;
  s->month = b;
  s->day = a;
  s->gran = G_DAY;
  return j + 5;
}

/* "a.m." / "p.m." / "am" / "pm" at j: returns end, sets *pm (0/1). */
static size_t ampm_at(const P *p, size_t j, int *pm) {
  const tx_tok *t;
  if (j >= p->n) return 0;
  t = &p->t[j];
  if (t->kind == TK_WORD && (is_w(p, j, W_A) || is_text(p, j, "p")) &&
      is_p(p, j + 1, '.') && tight(p, j + 1) && is_text(p, j + 2, "m") &&
      tight(p, j + 2)) {
    *pm = is_text(p, j, "p");
    j += 3;
    if (is_p(p, j, '.') && tight(p, j)) j++;
    return j;
  }
  if (is_w(p, j, W_AM) || is_w(p, j, W_PM)) {
    *pm = is_w(p, j, W_PM);
    return j + 1;
  }
  return 0;
}

/* Optional date after a time: zone, weekday, today, a month-day. */
static size_t time_date_after(const P *p, size_t j, tx_sem *s) {
  tx_sem d;
  size_t e;
  if (is_c(p, j, C_ZONE) && (p->t[j].cap || is_text(p, j, "gmt"))) {
    j++;
    if (is_p(p, j, ',') && (is_c(p, j + 1, C_MONTH) || is_c(p, j + 1, C_WDAY)))
      j++;
  }
  if (is_w(p, j, W_ON)) {
    sem_init(&d);
    if (try_weekday(p, j + 1, &d) || try_month(p, j + 1, &d)) j++;
  }
  sem_init(&d);
  if (is_p(p, j, ',') && is_c(p, j + 1, C_WDAY)) j++;
  if ((e = try_weekday(p, j, &d)) != 0 && d.form == F_WDAY) {
    s->form = F_WDAY;
    s->wday = d.wday;
    return e;
  }
  if ((e = try_month(p, j, &d)) != 0 && d.day > 0) {
    s->form = F_ABS;
    s->year = d.year;
    s->month = d.month;
    s->day = d.day;
    return e;
  }
  if (is_c(p, j, C_REF) && p->t[j].val >= R_TODAY &&
      p->t[j].val <= R_TONIGHT) {
    int v = p->t[j].val;
    s->form = F_REL;
    s->unit = U_DAY;
    s->rel_n = v == R_YESTERDAY ? -1 : v == R_TOMORROW ? 1 : 0;
    return j + 1;
  }
  return j;
}

/* Clock times: 10:35 a.m., 10 p.m. Wednesday, 15:00 GMT Saturday, noon. */
static size_t try_time(const P *p, size_t i, tx_sem *s) {
  int h = -1, mi = 0, pm = -1;
  size_t j = i, e;
  if (is_c(p, i, C_POD) && (p->t[i].val == P_NOON ||
                            p->t[i].val == P_MIDNIGHT)) {
    h = p->t[i].val == P_NOON ? 12 : 0;
    j = i + 1;
  } else if (is_num(p, i) && p->t[i].ndig <= 2 && p->t[i].val <= 24) {
    h = p->t[i].val;
    j = i + 1;
    if (p->t[i].suffix == 'a' || p->t[i].suffix == 'p') {
      pm = p->t[i].suffix == 'p';
    } else if (p->t[i].suffix) {
      return 0;
    } else {
      if ((is_p(p, j, ':') || is_p(p, j, '.')) && tight(p, j) &&
          is_pnum(p, j + 1, 2) && p->t[j + 1].ndig == 2 && tight(p, j + 1) &&
          p->t[j + 1].val < 60) {
        if (p->t[j].punct == '.' && !ampm_at(p, j + 2, &pm)) return 0;
        mi = p->t[j + 1].val;
        j += 2;
        if (is_p(p, j, ':') && tight(p, j) && is_pnum(p, j + 1, 2) &&
            tight(p, j + 1)) {
          s->second = p->t[j + 1].val;
          j += 2;
        }
        if (i > 0 && (is_p(p, i - 1, ':') || is_p(p, i - 1, '-')) &&
            !p->t[i].gap)
          return 0;
      } else if (is_text(p, j, "o") && is_p(p, j + 1, '\'') &&
                 is_text(p, j + 2, "clock")) {
        j += 3;
      } else if ((e = ampm_at(p, j, &pm)) != 0) {
        j = e;
      } else {
        return 0;
      }
    }
    if (pm < 0 && (e = ampm_at(p, j, &pm)) != 0) j = e;
    if (pm >= 0) {
      if (h < 1 || h > 12) return 0;
      if (pm && h < 12) h += 12;
      if (!pm && h == 12) h = 0;
    }
  } else {
    return 0;
  }
  s->type = NL_TIMEX_TIME;
  s->gran = G_TIME;
  s->form = F_REL;
  s->unit = U_DAY;
  s->rel_n = 0;
  s->hour = h;
  s->minute = mi;
  if (is_w(p, j, W_IN) && is_w(p, j + 1, W_THE) && is_c(p, j + 2, C_POD) &&
      h < 12 && pm < 0) {
    if (p->t[j + 2].val >= P_AF && p->t[j + 2].val <= P_NI && h != 12 &&
        !(p->t[j + 2].val == P_NI && h < 5))
      s->hour = h + 12;
    j += 3;
  }
  s->need_tense = 1;
  return time_date_after(p, j, s);
}

static void set_lit(tx_sem *s, const char *v) {
  size_t n = strlen(v);
  if (n >= sizeof s->lit) n = sizeof s->lit - 1;
  memcpy(s->lit, v, n);
  s->lit[n] = '\0';
  s->form = F_LIT;
}

/* now, today, yesterday, recently, the future, the past, ... */
static size_t try_ref(const P *p, size_t i, tx_sem *s) {
  int v;
  size_t j = i;
  if (is_w(p, i, W_THE)) {
    j = i + 1;
    if (is_w(p, j, W_FUTURE)) {
      set_lit(s, "FUTURE_REF");
      return j + 1;
    }
    if (is_c(p, j, C_REL) && p->t[j].val == 2 && !is_c(p, j + 1, C_UNIT) &&
        !is_c(p, j + 1, C_NUMW) && !is_num(p, j + 1) &&
        !is_c(p, j + 1, C_VAGUE) && !is_c(p, j + 1, C_MONTH) &&
        !is_c(p, j + 1, C_WDAY) && !is_c(p, j + 1, C_SEASON) &&
        !is_w(p, j + 1, W_A)) {
      set_lit(s, "PAST_REF");
      return j + 1;
    }
    return 0;
  }
  /* Bare "future" and "recent" are mostly adjectives ("future sales"),
  ** "soon", "previously" mostly adverbs of aspect: not tagged. */
  if (is_w(p, i, W_FUTURE) && i > 0 && is_w(p, i - 1, W_IN)) {
    set_lit(s, "FUTURE_REF");
    return i + 1;
  }
  if (!is_c(p, i, C_REF)) return 0;
  v = p->t[i].val;
  switch (v) {
    case R_NOW: case R_PRESENT: case R_NOWADAYS:
      if (is_c(p, i + 1, C_UNIT) || is_w(p, i + 1, W_FISCAL)) return 0;
      if (v == R_PRESENT && !is_text(p, i, "current") &&
          !is_text(p, i, "currently"))
        return 0;
      set_lit(s, "PRESENT_REF");
      return i + 1;
    case R_RECENT:
      if (!is_text(p, i, "recently") && !is_text(p, i, "lately")) return 0;
      set_lit(s, "PAST_REF");
      if (is_w(p, i - 1, W_MORE) && i > 0) return i + 1;
      return i + 1;
    case R_SOON:
      return 0;
    default:
      break;
  }
  s->form = F_REL;
  s->unit = U_DAY;
  s->gran = G_DAY;
  s->rel_n = v == R_YESTERDAY ? -1 : v == R_TOMORROW ? 1 : 0;
  if (v == R_TONIGHT) return i + 1;
  return pod_after(p, i + 1, s);
}

/* Month/season/weekday with last/next/this: fills s, returns end or 0. */
static size_t rel_named(const P *p, size_t j, int dir, tx_sem *s) {
  tx_sem d;
  size_t e;
  sem_init(&d);
  if (is_c(p, j, C_MONTH) && (e = try_month(p, j, &d)) != 0) {
    *s = d;
  } else if (is_c(p, j, C_SEASON)) {
    s->form = F_ABS;
    s->season = p->t[j].val;
    s->gran = G_SEASON;
    e = j + 1;
  } else if (is_c(p, j, C_WDAY) && (e = try_weekday(p, j, &d)) != 0 &&
             d.form == F_WDAY) {
    *s = d;
    s->form = F_WDAY;
    s->rel_n = dir;
    s->need_tense = 0;
    return e;
  } else {
    return 0;
  }
  if (s->year < 0) {
    s->rel_n = dir;
    s->need_tense = 2; /* direction given by the word */
  }
  return e;
}

/* last/next/this/past/coming/previous/following + unit or name. */
static size_t try_rel(const P *p, size_t i, tx_sem *s) {
  size_t j = i, k;
  int the = 0, dir, rv, u;
  double q;
  if (is_w(p, j, W_THE)) {
    the = 1;
    j++;
  }
  if (is_c(p, j, C_REL)) {
    rv = p->t[j].val;
  } else if (is_c(p, j, C_REF) && p->t[j].val == R_PRESENT &&
             is_c(p, j + 1, C_UNIT)) {
    rv = 0;
  } else if (is_w(p, j, W_THAT) || is_w(p, j, W_SAME)) {
    rv = 4; /* narrative: that day, the same day */
  } else if (is_c(p, j, C_VAGUE) && p->t[j].val == 4 && the == 0) {
    rv = 5; /* recent */
  } else {
    return 0;
  }
  dir = rv == 2 ? -1 : rv == 3 ? 1 : rv >= 4 ? 0 : rv;
  j++;
  /* the past two years, the next few days: durations */
  if (rv != 0 && rv != 4 && (k = quantity(p, j, &q)) != 0 && unit_of(p, k) &&
      !(is_w(p, j, W_A) && rv == 5)) {
    s->type = NL_TIMEX_DURATION;
    s->form = F_DUR;
    s->unit = (uint8_t)unit_of(p, k);
    s->dur_n = q;
    return k + 1;
  }
  if ((u = unit_of(p, j)) != 0) {
    if (p->t[j].plural) {
      if (rv == 5 || rv == 2 || rv == -1) set_lit(s, "PAST_REF");
      else if (rv == 3 || rv == 1) set_lit(s, "FUTURE_REF");
      else return 0;
      return j + 1;
    }
    if (rv == 5) return 0;
    s->form = F_REL;
    s->unit = (uint8_t)u;
    s->rel_n = dir;
    s->anchor = rv == 4 || (the && u == U_DAY) ||
                (p->t[j - 1].cls == C_REL &&
                 (is_text(p, j - 1, "following") ||
                  is_text(p, j - 1, "previous") || is_text(p, j - 1, "prior")));
    if (u == U_DAY && !s->anchor) return 0;
    if (u < U_DAY) return 0;
    return j + 1;
  }
  if (rv == 0 && is_c(p, j, C_POD) && p->t[j].val <= P_NI) {
    s->form = F_REL;
    s->unit = U_DAY;
    s->rel_n = 0;
    s->gran = G_DAY;
    s->pod = (uint8_t)p->t[j].val;
    s->type = NL_TIMEX_TIME;
    return j + 1;
  }
  if (rv == -1 && is_c(p, j, C_POD) && p->t[j].val == P_NI) {
    s->form = F_REL;
    s->unit = U_DAY;
    s->rel_n = -1;
    s->pod = P_NI;
    s->type = NL_TIMEX_TIME;
    return j + 1;
  }
  if (rv >= 4 || the) return 0;
  return rel_named(p, j, dir, s);
}

static size_t core(const P *p, size_t i, tx_sem *s);

/* early/late/mid, earlier/later, the end/beginning/middle of + date. */
static size_t try_pos(const P *p, size_t i, tx_sem *s) {
  size_t j = i, e;
  int mod = 0;
  if (is_c(p, j, C_POS)) {
    mod = p->t[j].val;
    j++;
    if (is_p(p, j, '-') && tight(p, j)) j++;
  } else if (is_c(p, j, C_DIR) && (p->t[j].val == 1 || p->t[j].val == -1) &&
             (is_text(p, j, "earlier") || is_text(p, j, "later"))) {
    j++;
    mod = 0;
    if (!(is_c(p, j, C_REL) && p->t[j].val == 0) && !is_w(p, j, W_THAT) &&
        !is_c(p, j, C_WDAY) && !is_c(p, j, C_REF))
      return 0;
  } else if (is_w(p, j, W_THE) &&
             (is_w(p, j + 1, W_END) || is_w(p, j + 1, W_BEGIN) ||
              is_w(p, j + 1, W_MIDDLE)) &&
             is_w(p, j + 2, W_OF)) {
    mod = is_w(p, j + 1, W_END) ? M_END : is_w(p, j + 1, W_BEGIN) ? M_START
                                                                  : M_MID;
    j += 3;
    if (is_w(p, j, W_THE) && unit_of(p, j + 1) >= U_WEEK &&
        !p->t[j + 1].plural) {
      s->form = F_REL;
      s->unit = (uint8_t)unit_of(p, j + 1);
      s->rel_n = 0;
      s->mod = (uint8_t)mod;
      return j + 2;
    }
  } else {
    return 0;
  }
  if (!(e = core(p, j, s))) return 0;
  if (s->type == NL_TIMEX_DURATION || s->type == NL_TIMEX_SET) return 0;
  if (mod && s->form != F_LIT && s->gran != G_DAY && s->form != F_WDAY &&
      !(s->form == F_REL && s->unit == U_DAY))
    s->mod = (uint8_t)mod;
  return e;
}

/* Is token j the end of a clause (punctuation or end of text)? */
static int clause_end(const P *p, size_t j) {
  return j >= p->n || (p->t[j].kind == TK_PUNCT && p->t[j].punct != '$' &&
                       p->t[j].punct != '\'');
}

/*
** [the] [first] QUANTITY UNIT [ago|earlier|later|before|after|from now],
** and the adjectival "two-year".  Ages ("five years old") are skipped.
*/
static size_t try_quant(const P *p, size_t i, tx_sem *s) {
  size_t j = i, k;
  double q;
  int u;
  if (is_w(p, j, W_THE)) j++;
  if (j > i && is_c(p, j, C_ORD) && p->t[j].val == 1) j++;
  if (!(k = quantity(p, j, &q))) return 0;
  if (is_w(p, k, W_MORE)) k++;
  if (is_p(p, k, '-') && tight(p, k) && unit_of(p, k + 1) && tight(p, k + 1) &&
      q >= 0) {
    u = unit_of(p, k + 1);
    k += 2;
    if (is_p(p, k, '-') && tight(p, k) && is_w(p, k + 1, W_OLD)) {
      s->type = 255; /* an age */
      return k + 2;
    }
    s->type = NL_TIMEX_DURATION;
    s->form = F_DUR;
    s->unit = (uint8_t)u;
    s->dur_n = q;
    return k;
  }
  if (!(u = unit_of(p, k))) return 0;
  if (q == 1 && p->t[k].plural) return 0;
  if (is_p(p, k + 1, '-') && tight(p, k + 1) && tight(p, k) == 0 &&
      is_c(p, k + 2, C_DIR))
    return 0;
  if ((is_w(p, j, W_A) || is_w(p, j, W_AN)) && !is_c(p, k + 1, C_DIR) &&
      !(is_p(p, k + 1, '-') && tight(p, k + 1))) {
    /* "$5 a year", "twice a week": a rate, not a duration. */
    if (i > 0 && (is_num(p, i - 1) || is_w(p, i - 1, W_TWICE) ||
                  is_w(p, i - 1, W_ONCE) || is_w(p, i - 1, W_TIMES) ||
                  is_p(p, i - 1, '%') || is_text(p, i - 1, "percent") ||
                  is_text(p, i - 1, "million") ||
                  is_text(p, i - 1, "billion"))) {
      s->type = NL_TIMEX_SET;
      s->form = F_DUR;
      s->unit = (uint8_t)u;
      s->dur_n = 1;
      return k + 1;
    }
  }
  k++;
  if (is_w(p, k, W_OLD) || (is_p(p, k, '-') && is_w(p, k + 1, W_OLD))) {
    s->type = 255;
    return k + (is_w(p, k, W_OLD) ? 1 : 2);
  }
  s->unit = (uint8_t)u;
  s->dur_n = q;
  if (is_c(p, k, C_DIR) && p->t[k].val == -2) { /* ago */
    s->form = F_REL;
    s->rel_n = q < 0 ? 0 : -(int)q;
    if (q < 0) set_lit(s, "PAST_REF");
    return k + 1;
  }
  if ((is_text(p, k, "earlier") || is_text(p, k, "later") ||
       ((is_text(p, k, "before") || is_text(p, k, "after")) &&
        clause_end(p, k + 1))) && j == i) {
    s->form = F_REL;
    s->anchor = 1;
    s->rel_n = (int)q * p->t[k].val;
    if (q < 0) set_lit(s, p->t[k].val < 0 ? "PAST_REF" : "FUTURE_REF");
    return k + 1;
  }
  if (is_w(p, k, W_FROM) && is_c(p, k + 1, C_REF) &&
      p->t[k + 1].val == R_NOW) {
    s->form = F_REL;
    s->rel_n = (int)q;
    if (q < 0) set_lit(s, "FUTURE_REF");
    return k + 2;
  }
  s->type = NL_TIMEX_DURATION;
  s->form = F_DUR;
  return k;
}

/* Bare plural units as vague durations: "for years", "in recent months". */
static size_t try_vague(const P *p, size_t i, tx_sem *s) {
  int u = unit_of(p, i);
  if (!u || !p->t[i].plural || u < U_HOUR || i == 0) return 0;
  if (!(is_w(p, i - 1, W_FOR) || is_w(p, i - 1, W_WITHIN) ||
        is_c(p, i - 1, C_APPROX) || is_w(p, i - 1, W_IN) ||
        is_w(p, i - 1, W_FOR) || is_w(p, i - 1, W_THAN)))
    return 0;
  if (is_w(p, i + 1, W_OF) || is_w(p, i + 1, W_OLD)) return 0;
  s->type = NL_TIMEX_DURATION;
  s->form = F_DUR;
  s->unit = (uint8_t)u;
  s->dur_n = -1;
  return i + 1;
}

/* Fiscal quarters and halves: "the third quarter", "third-quarter",
** "the fiscal first quarter of 1990", "the year-ago quarter". */
static size_t try_quarter(const P *p, size_t i, tx_sem *s) {
  size_t j = i;
  int the = 0, q = 0, ago = 0, u, y;
  if (is_w(p, j, W_THE)) {
    the = 1;
    j++;
  }
  if (is_w(p, j, W_FISCAL)) j++;
  if (year_at(p, j, &y) && (ord_of(p, j + 1) ||
                            (is_p(p, j + 1, '\'') && is_w(p, j + 2, W_S)))) {
    s->year = y;
    j += ord_of(p, j + 1) ? 1 : 3;
  }
  if (ord_of(p, j) && ord_of(p, j) <= 4 &&
      (unit_of(p, j + 1) == U_QUARTER || is_w(p, j + 1, W_HALF) ||
       is_p(p, j + 1, '-') || is_w(p, j + 1, W_FISCAL))) {
    q = ord_of(p, j);
    j++;
  } else if (is_w(p, j, W_LATEST) || (is_c(p, j, C_REL) && p->t[j].val == 0) ||
             (is_c(p, j, C_REF) && p->t[j].val == R_PRESENT) ||
             (is_c(p, j, C_REL) && p->t[j].val == -1 && the)) {
    q = is_w(p, j, W_LATEST) ? 0 : p->t[j].val == -1 ? -1 : 5;
    j++;
  } else if (unit_of(p, j) == U_YEAR && is_p(p, j + 1, '-') &&
             tight(p, j + 1) && (is_text(p, j + 2, "ago") ||
                                 is_text(p, j + 2, "earlier"))) {
    ago = 1;
    j += 3;
    if (!unit_of(p, j) && !is_w(p, j, W_PERIOD)) {
      s->form = F_ABS;
      s->gran = G_QUARTER;
      s->rel_n = -4;
      return j;
    }
  } else if (!the) {
    return 0;
  }
  if (is_p(p, j, '-') && tight(p, j) && q > 0) j++;
  if (is_w(p, j, W_FISCAL)) j++;
  u = unit_of(p, j);
  if (!(u == U_QUARTER || (is_w(p, j, W_HALF) && q <= 2 && q >= 1) ||
        (is_w(p, j, W_PERIOD) && (ago || q == 0))))
    return 0;
  if (p->t[j].plural) return 0;
  s->form = F_ABS;
  s->gran = is_w(p, j, W_HALF) ? G_HALF : G_QUARTER;
  if (s->gran == G_HALF) s->half = q;
  else s->quarter = q > 0 && q <= 4 ? q : 0;
  s->rel_n = ago ? -4 : q == -1 ? -1 : 0;
  if (q == 5) s->rel_n = 99; /* the current quarter */
  j++;
  if (is_w(p, j, W_OF) || is_w(p, j, W_IN) || is_p(p, j, ',')) {
    size_t k = j + 1;
    if (is_w(p, k, W_FISCAL)) k++;
    if (year_at(p, k, &y)) {
      s->year = y;
      return k + 1;
    }
  }
  return j;
}

/* Seasons: "the winter of 1994", "summer 1998", "in the spring". */
static size_t try_season(const P *p, size_t i, tx_sem *s) {
  size_t j = i;
  int y;
  if (is_w(p, j, W_THE)) j++;
  if (!is_c(p, j, C_SEASON)) return 0;
  s->form = F_ABS;
  s->season = p->t[j].val;
  s->gran = G_SEASON;
  j++;
  {
    size_t e = is_w(p, j, W_OF) ? year_at(p, j + 1, &y) : year_at(p, j, &y);
    if (e) {
      s->year = y;
      return e;
    }
  }
  if (i == j - 1 && !(i > 0 && (is_w(p, i - 1, W_IN) ||
                                is_w(p, i - 1, W_DURING) ||
                                is_w(p, i - 1, W_SINCE) ||
                                is_w(p, i - 1, W_UNTIL) ||
                                p->t[i - 1].cls == C_POS ||
                                is_p(p, i - 1, '-'))))
    return 0;
  if (i != j - 1 && !(i > 0 && (is_w(p, i - 1, W_IN) ||
                                is_w(p, i - 1, W_DURING) ||
                                is_w(p, i - 1, W_SINCE) ||
                                is_w(p, i - 1, W_UNTIL) ||
                                is_w(p, i - 1, W_BY))))
    return 0;
  s->need_tense = 1;
  return j;
}

/* Centuries: "the 20th century", "the eleventh century". */
static size_t try_century(const P *p, size_t i, tx_sem *s) {
  size_t j = i;
  int c;
  if (is_w(p, j, W_THE)) j++;
  if (is_num(p, j) && p->t[j].suffix == 'o' && p->t[j].ndig <= 2) {
    c = p->t[j].val;
  } else if (is_c(p, j, C_ORD)) {
    c = p->t[j].val;
  } else {
    return 0;
  }
  if (unit_of(p, j + 1) != U_CENTURY || p->t[j + 1].plural) return 0;
  s->form = F_ABS;
  s->century = c;
  s->gran = G_CENTURY;
  return j + 2;
}

/* Sets: daily, every week, each Thursday, every morning, per year. */
static size_t try_set(const P *p, size_t i, tx_sem *s) {
  size_t j = i, k;
  double q = 1;
  if (is_c(p, i, C_SETW) && !is_text(p, i, "annual") &&
      !is_text(p, i, "quarterly") && !is_text(p, i, "annually")) {
    s->type = NL_TIMEX_SET;
    s->form = F_DUR;
    s->unit = (uint8_t)p->t[i].val;
    s->dur_n = 1;
    return i + 1;
  }
  if (!(is_w(p, j, W_EVERY) || is_w(p, j, W_EACH) || is_w(p, j, W_PER)))
    return 0;
  j++;
  if (is_text(p, j, "other")) {
    q = 2;
    j++;
  } else if ((k = quantity(p, j, &q)) != 0 && unit_of(p, k)) {
    j = k;
  }
  s->type = NL_TIMEX_SET;
  if (unit_of(p, j) && unit_of(p, j) != U_WEEKEND) {
    s->form = F_DUR;
    s->unit = (uint8_t)unit_of(p, j);
    s->dur_n = q < 0 ? 1 : q;
    return j + 1;
  }
  if (is_c(p, j, C_WDAY) && is_w(p, i, W_PER) == 0) {
    s->form = F_LIT;
    s->wday = p->t[j].val;
    return pod_after(p, j + 1, s);
  }
  if (is_c(p, j, C_POD) && p->t[j].val <= P_NI) {
    s->form = F_LIT;
    s->pod = (uint8_t)p->t[j].val;
    return j + 1;
  }
  if (is_c(p, j, C_MONTH) && p->t[j].cap) {
    s->form = F_LIT;
    s->month = p->t[j].val;
    return j + 1;
  }
  return 0;
}

/* Holidays with fixed rules. */
static size_t try_holiday(const P *p, size_t i, tx_sem *s) {
  size_t j = i;
  s->form = F_ABS;
  s->gran = G_DAY;
  if (is_w(p, j, W_THANKSGIVING)) {
    s->month = 11;
    s->day = -100 - 4; /* fourth Thursday */
    j++;
    if (unit_of(p, j) == U_DAY) j++;
  } else if (is_w(p, j, W_CHRISTMAS) && p->t[j].cap) {
    s->month = 12;
    s->day = 25;
    j++;
    if (unit_of(p, j) == U_DAY) j++;
    else if (is_w(p, j, W_EVE)) {
      s->day = 24;
      j++;
    }
  } else if (is_w(p, j, W_NEW) && p->t[j].cap && unit_of(p, j + 1) == U_YEAR &&
             p->t[j + 1].cap && is_p(p, j + 2, '\'') && is_w(p, j + 3, W_S)) {
    s->month = 1;
    s->day = 1;
    j += 4;
    if (unit_of(p, j) == U_DAY) j++;
    else if (is_w(p, j, W_EVE)) {
      s->month = 12;
      s->day = 31;
      s->rel_n = -1;
      j++;
    } else {
      return 0;
    }
  } else if (is_w(p, j, W_ELECTION) && unit_of(p, j + 1) == U_DAY &&
             !p->t[j + 1].plural) {
    s->month = 11;
    s->day = -200; /* Tuesday after the first Monday */
    j += 2;
  } else {
    return 0;
  }
  s->need_tense = 1;
  return j;
}

/* "the weekend", "the week of March 6". */
static size_t try_the_unit(const P *p, size_t i, tx_sem *s) {
  if (!is_w(p, i, W_THE)) return 0;
  if (unit_of(p, i + 1) == U_WEEKEND && !p->t[i + 1].plural) {
    s->form = F_REL;
    s->unit = U_WEEKEND;
    s->rel_n = 0;
    s->need_tense = 1;
    return i + 2;
  }
  if (unit_of(p, i + 1) == U_WEEK && is_w(p, i + 2, W_OF)) {
    tx_sem d;
    size_t e;
    sem_init(&d);
    if ((e = try_month(p, i + 3, &d)) != 0 && d.day > 0) {
      *s = d;
      s->gran = G_WEEK;
      return e;
    }
  }
  return 0;
}

typedef size_t (*try_fn)(const P *, size_t, tx_sem *);

static const try_fn tries[] = {
  try_month, try_day_month, try_weekday, try_year, try_numeric, try_time,
  try_ref, try_rel, try_pos, try_quant, try_vague, try_quarter, try_season,
  try_century, try_set, try_holiday, try_the_unit
};

/* The longest expression starting at i (without approximation words). */
static size_t core(const P *p, size_t i, tx_sem *s) {
  size_t best = 0, k;
  tx_sem cand;
  for (k = 0; k < sizeof tries / sizeof tries[0]; k++) {
    size_t e;
    sem_init(&cand);
    e = tries[k](p, i, &cand);
    if (e > best) {
      best = e;
      *s = cand;
    }
  }
  return best;
}

/* about, nearly, more than, at least, up to, no more than: mod and end. */
static size_t approx_prefix(const P *p, size_t i, int *mod) {
  if (is_c(p, i, C_APPROX)) {
    *mod = p->t[i].val;
    return i + 1;
  }
  if ((is_w(p, i, W_MORE) || is_w(p, i, W_LESS)) && is_w(p, i + 1, W_THAN)) {
    *mod = is_w(p, i, W_MORE) ? MOD_MORE : MOD_LESS;
    return i + 2;
  }
  if (is_w(p, i, W_AT) && (is_w(p, i + 1, W_LEAST) || is_w(p, i + 1, W_MOST))) {
    *mod = is_w(p, i + 1, W_LEAST) ? MOD_EQMORE : MOD_EQLESS;
    return i + 2;
  }
  if (is_w(p, i, W_UP) && is_w(p, i + 1, W_TO)) {
    *mod = MOD_EQLESS;
    return i + 2;
  }
  if (is_w(p, i, W_NO) && (is_w(p, i + 1, W_MORE) || is_w(p, i + 1, W_LESS)) &&
      is_w(p, i + 2, W_THAN)) {
    *mod = is_w(p, i + 1, W_MORE) ? MOD_EQLESS : MOD_EQMORE;
    return i + 3;
  }
  return i;
}

/*
** Match an expression at token i (see nl_timex_internal.h).  A match with
** sem.type 255 is a span to skip (an age), not an expression.
*/
int tx_match_at(const tx_tok *t, size_t n, size_t i, const char *text,
                tx_match *m) {
  P p;
  size_t j, e;
  int mod = 0;
  p.t = t;
  p.n = n;
  p.text = text;
  j = approx_prefix(&p, i, &mod);
  sem_init(&m->sem);
  e = core(&p, j, &m->sem);
  if (!e) return 0;
  if (j > i) {
    /* Bounds ("nearly", "at least", "over a") belong to durations and
    ** "ago" dates; "about"/"around" only to clock times (TimeBank keeps
    ** them outside elsewhere). */
    int dur = m->sem.type == NL_TIMEX_DURATION ||
              (m->sem.form == F_REL && m->sem.dur_n != 0);
    if (is_text(&p, i, "over") && !is_w(&p, j, W_A) && !is_w(&p, j, W_AN))
      dur = 0;
    if (mod == MOD_APPROX)
      dur = m->sem.type == NL_TIMEX_TIME && m->sem.hour >= 0 &&
            !is_text(&p, i, "some");
    if (dur && m->sem.type != 255) {
      m->sem.mod = (uint8_t)mod;
    } else {
      j = i;
      sem_init(&m->sem);
      e = core(&p, i, &m->sem);
      if (!e) return 0;
    }
  }
  m->t0 = i;
  m->t1 = e;
  return 1;
}

/* Sentence boundary token. */
static int sent_break(const tx_tok *t) {
  return t->kind == TK_PUNCT && (t->punct == '.' || t->punct == '!' ||
                                 t->punct == '?' || t->punct == ';' ||
                                 t->punct == '\n');
}

/* Past tense by form: a lower-case word of 5+ letters ending in "ed". */
static int ed_word(const tx_tok *t, const char *text) {
  size_t len = t->end - t->start;
  const char *w = text + t->start;
  return t->kind == TK_WORD && !t->cls && !t->cap && len >= 5 &&
         w[len - 2] == 'e' && w[len - 1] == 'd';
}

static int cue(const tx_tok *t, const tx_tok *prev, const char *text) {
  size_t len = t->end - t->start;
  if (t->cls == C_FUT) return 1;
  if (t->cls == C_MISC && t->id == W_LL && prev && prev->punct == '\'')
    return 1;
  if (t->kind == TK_WORD && len == 5 && memcmp(text + t->start, "would", 5) == 0)
    return 1;
  if (t->cls == C_REL && (t->val == 1 || t->val == 3)) return 1;
  if (t->cls == C_PAST && t->val) return -1;
  if (ed_word(t, text)) return -1;
  return 0;
}

/*
** Tense of the clause around tokens [t0, t1): the nearest cue before the
** expression (within the sentence, 12 tokens), else the nearest after it
** (6 tokens).  -1 past, +1 future, 0 no cue.
*/
int tx_tense(const tx_tok *t, size_t n, size_t t0, size_t t1,
              const char *text) {
  size_t k, lim;
  /* "Wednesday's ruling": a possessive date names a known, past event. */
  if (t1 + 1 < n && t[t1].kind == TK_PUNCT && t[t1].punct == '\'' &&
      t[t1 + 1].cls == C_MISC && t[t1 + 1].id == W_S)
    return -1;
  for (k = t0; k > 0 && t0 - k < 12; k--) {
    const tx_tok *w = &t[k - 1];
    int c;
    if (sent_break(w)) break;
    c = cue(w, k >= 2 ? &t[k - 2] : NULL, text);
    if (c) return c;
  }
  lim = t1 + 6 < n ? t1 + 6 : n;
  for (k = t1; k < lim; k++) {
    int c;
    if (sent_break(&t[k])) break;
    c = cue(&t[k], k > 0 ? &t[k - 1] : NULL, text);
    if (c) return c;
  }
  return 0;
}
