/*
** nl_datetime.c -- metadata date strings to TimeML values.
**
** Two passes: a strict ISO 8601 / W3C-DTF reader for the common case, then
** a token reader for everything else (RFC 822 and its broken variants,
** asctime, Reuters, day-first and year-first numeric dates, prose).  The
** token reader classifies words (weekday, month, zone, am/pm, filler) and
** numbers (time "h:m[:s]", offsets "+hhmm", date parts) and then decides
** the order of the date parts.  No locale, no allocation.
*/
#include "newslua/nl_datetime.h"

#include <stdio.h>
#include <string.h>

#include "nl_ascii.h"

#define MAXTOK 32

typedef struct zone {
  const char *name;
  int offset; /* minutes east of UTC */
} zone;

static const zone zones[] = {
    {"z", 0},      {"ut", 0},     {"utc", 0},     {"gmt", 0},     {"wet", 0},
    {"west", 60},  {"bst", 60},   {"cet", 60},    {"met", 60},    {"cest", 120},
    {"mest", 120}, {"eet", 120},  {"eest", 180},  {"msk", 180},   {"ist", 330},
    {"pkt", 300},  {"ict", 420},  {"wib", 420},   {"hkt", 480},   {"sgt", 480},
    {"awst", 480}, {"cst", -360}, {"cdt", -300},  {"jst", 540},   {"kst", 540},
    {"acst", 570}, {"acdt", 630}, {"aest", 600},  {"aedt", 660},  {"nzst", 720},
    {"nzdt", 780}, {"est", -300}, {"edt", -240},  {"mst", -420},  {"mdt", -360},
    {"pst", -480}, {"pdt", -420}, {"akst", -540}, {"akdt", -480}, {"hst", -600},
    {"ast", -240}, {"adt", -180}, {"nst", -210},  {"ndt", -150},  {"brt", -180},
    {"art", -180}, {"sast", 120}, {"cat", 120},   {"eat", 180},   {"wat", 60},
    {"et", -300},  {"ct", -360},  {"mt", -420},   {"pt", -480},   {NULL, 0}};

/* Month names and abbreviations: English, then pt/es/fr/de forms, then the
** German full names English does not share ("März" folds to "marz"). */
static const struct {
  const char *name;
  int month;
} months[] = {
    {"january", 1},   {"february", 2}, {"march", 3},     {"april", 4},
    {"may", 5},       {"june", 6},     {"july", 7},      {"august", 8},
    {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    {"jan", 1},       {"feb", 2},      {"mar", 3},       {"apr", 4},
    {"jun", 6},       {"jul", 7},      {"aug", 8},       {"sep", 9},
    {"sept", 9},      {"oct", 10},     {"nov", 11},      {"dec", 12},
    {"fev", 2},       {"abr", 4},      {"mai", 5},       {"ago", 8},
    {"set", 9},       {"out", 10},     {"dez", 12},      {"ene", 1},
    {"dic", 12},      {"janv", 1},     {"fevr", 2},      {"mars", 3},
    {"avr", 4},       {"juin", 6},     {"juil", 7},      {"aout", 8},
    {"mrz", 3},       {"okt", 10},     {"januar", 1},    {"janner", 1},
    {"februar", 2},   {"marz", 3},     {"juni", 6},      {"juli", 7},
    {"oktober", 10},  {"dezember", 12}, {NULL, 0}};

static const char *const weekdays[] = {
    "mon",       "tue",      "tues",   "wed",      "thu",    "thur",
    "thurs",     "fri",      "sat",    "sun",      "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "seg",
    "ter",       "qua",      "qui",    "sex",      "sab",    "dom",
    "lun",       "mie",      "jue",    "vie",      "mer",    "jeu",
    "ven",       "sam",      "di",     "mi",       "do",     "fr",
    "sa",        "so",       "mo",     NULL};

/* Words that may stand around a date without changing it. */
static const char *const fillers[] = {
    "at", "on", "the", "of", "t", "de", "published", "updated", "posted", NULL};

typedef enum { T_NUM, T_WORD, T_SEP } tkind;

typedef struct tok {
  tkind kind;
  size_t start, len; /* in the trimmed input */
  long num;          /* T_NUM: value (capped) */
  int ndig;          /* T_NUM: digit count */
  char word[12];     /* T_WORD: lowercased, ASCII-folded, truncated */
  char sep;          /* T_SEP: the character */
  int space_before;  /* whitespace precedes the token */
} tok;

static int is_digit(int c) {
  return c >= '0' && c <= '9';
}
static int is_space(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

int nl_datetime_days_in_month(int year, int month) {
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap;
  if (month < 1 || month > 12) return 0;
  leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : dim[month - 1];
}

/* The value of the n digits at s. */
static int digits_value(const char *s, int n) {
  int v = 0;
  while (n-- > 0)
    v = v * 10 + (*s++ - '0');
  return v;
}

/* Is s two digits, their value from lo to hi? */
static int digits_in(const char *s, int lo, int hi) {
  int v;
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return 0;
  v = digits_value(s, 2);
  return v >= lo && v <= hi;
}

/* Is v (after "YYYY-") a week, weekend, quarter, half or season value, as
** the temporal tagger writes them: W01-W53, W01-WE, Q1-Q4, H1-H2, SP, SU,
** FA, WI? */
static int period_ok(const char *v) {
  static const char *const seasons[] = {"SP", "SU", "FA", "WI"};
  size_t i;
  if (v[0] == 'W' && digits_in(v + 1, 1, 53))
    return v[3] == '\0' || strcmp(v + 3, "-WE") == 0;
  if ((v[0] == 'Q' && v[1] >= '1' && v[1] <= '4') ||
      (v[0] == 'H' && v[1] >= '1' && v[1] <= '2'))
    return v[2] == '\0';
  for (i = 0; i < sizeof seasons / sizeof *seasons; i++)
    if (strcmp(v, seasons[i]) == 0) return 1;
  return 0;
}

/* nl_datetime_prefix_ok: see nl_datetime.h. */
int nl_datetime_prefix_ok(const char *s, int values) {
  if (!s || !digits_in(s, 0, 99) || !digits_in(s + 2, 0, 99)) return 0;
  if (s[4] == '\0') return 1;
  if (s[4] != '-') return 0;
  if (values && s[5] >= 'A' && s[5] <= 'Z') return period_ok(s + 5);
  if (!digits_in(s + 5, 1, 12)) return 0;
  if (s[7] == '\0') return 1;
  if (s[7] != '-' || !digits_in(s + 8, 1, 31)) return 0;
  /* a day the month has: not "1987-02-30" */
  if (digits_value(s + 8, 2) >
      nl_datetime_days_in_month(digits_value(s, 4), digits_value(s + 5, 2)))
    return 0;
  return s[10] == '\0' || s[10] == 'T' || s[10] == ' ';
}

/* nl_datetime_prefix_why: see nl_datetime.h. */
const char *nl_datetime_prefix_why(const char *s, int values, char *buf,
                                   size_t size) {
  if (s && digits_in(s, 0, 99) && digits_in(s + 2, 0, 99) && s[4] == '-' &&
      digits_in(s + 5, 1, 12) && s[7] == '-' && digits_in(s + 8, 1, 31)) {
    int y = digits_value(s, 4), m = digits_value(s + 5, 2);
    int days = nl_datetime_days_in_month(y, m);
    if (digits_value(s + 8, 2) > days) {
      snprintf(buf, size, "(%.7s has %d days)", s, days);
      return buf;
    }
  }
  return values ? "(YYYY, YYYY-MM or YYYY-MM-DD, or a week, quarter or "
                  "season value)"
                : "(YYYY, YYYY-MM or YYYY-MM-DD)";
}

/* nl_datetime_bounds_empty: see nl_datetime.h. */
int nl_datetime_bounds_empty(const char *since, const char *until) {
  return since && until && strcmp(since, until) > 0 &&
         strncmp(since, until, strlen(until)) != 0;
}

static int find_zone(const char *w, int *offset) {
  int i;
  for (i = 0; zones[i].name; i++)
    if (!strcmp(w, zones[i].name)) {
      *offset = zones[i].offset;
      return 1;
    }
  return 0;
}

/* The month named by w (lower case), 0 if none.  Names are compared only
** when their first letters agree: a word of a Reuters-21578 dateline was
** ~680 instructions, 50 strcmp calls. */
static int find_month(const char *w) {
  int i;
  for (i = 0; months[i].name; i++)
    if (months[i].name[0] == w[0] && !strcmp(w, months[i].name))
      return months[i].month;
  return 0;
}

/* nl_datetime_month: see nl_datetime.h. */
int nl_datetime_month(const char *s, size_t n) {
  char w[16];
  size_t i;
  if (!s || n == 0 || n >= sizeof w) return 0;
  for (i = 0; i < n; i++)
    w[i] = (char)nl_ascii_lower((unsigned char)s[i]);
  w[n] = '\0';
  return find_month(w);
}

static int in_list(const char *w, const char *const *list) {
  int i;
  for (i = 0; list[i]; i++)
    if (!strcmp(w, list[i])) return 1;
  return 0;
}

static void reset(nl_datetime *dt) {
  memset(dt, 0, sizeof *dt);
  dt->hour = dt->minute = dt->second = -1;
}

/* Read exactly `k` digits at s[*i]; -1 if not there. */
static int digits(const char *s, size_t n, size_t *i, int k) {
  int v = 0, j;
  for (j = 0; j < k; j++) {
    if (*i + (size_t)j >= n || !is_digit((unsigned char)s[*i + j])) return -1;
    v = v * 10 + (s[*i + j] - '0');
  }
  *i += (size_t)k;
  return v;
}

/* "+hh:mm", "+hhmm", "+hh" at s[*i] (s[*i] is '+' or '-'). */
static int read_offset(const char *s, size_t n, size_t *i, nl_datetime *dt) {
  size_t j = *i + 1, start = *i;
  int sign = s[*i] == '-' ? -1 : 1, h, m = 0;
  h = digits(s, n, &j, 2);
  if (h < 0 || h > 14) return 0;
  if (j < n && s[j] == ':') j++;
  if (j < n && is_digit((unsigned char)s[j])) {
    m = digits(s, n, &j, 2);
    if (m < 0 || m > 59) return 0;
  }
  dt->has_zone = 1;
  dt->zone_offset = sign * (h * 60 + m);
  if (j - start < sizeof dt->zone) {
    memcpy(dt->zone, s + start, j - start);
    dt->zone[j - start] = '\0';
  }
  *i = j;
  return 1;
}

/* A named zone word at s[*i..]: letters up to a non-letter. */
static int read_named_zone(const char *s, size_t n, size_t *i,
                           nl_datetime *dt) {
  char w[8];
  size_t j = *i, k = 0;
  int off;
  while (j < n && nl_ascii_is_alpha((unsigned char)s[j]) && k < sizeof w - 1)
    w[k++] = (char)(s[j++] | 0x20);
  w[k] = '\0';
  if (j < n && nl_ascii_is_alpha((unsigned char)s[j])) return 0;
  if (!k || !find_zone(w, &off)) return 0;
  dt->has_zone = 1;
  dt->zone_offset = off;
  memcpy(dt->zone, s + *i, k);
  dt->zone[k] = '\0';
  if (k == 1) dt->zone[0] = 'Z';
  *i = j;
  return 1;
}

/* hh:mm[:ss[.frac]] or (compact) hhmm[ss] at s[*i]. */
static int read_clock(const char *s, size_t n, size_t *i, nl_datetime *dt,
                      int compact) {
  size_t j = *i;
  int h, m, sec = -1;
  h = digits(s, n, &j, 2);
  if (h < 0) return 0;
  if (!compact) {
    if (j >= n || s[j] != ':') return 0;
    j++;
  }
  m = digits(s, n, &j, 2);
  if (m < 0) return 0;
  if (j < n && (compact ? is_digit((unsigned char)s[j]) : s[j] == ':')) {
    if (!compact) j++;
    sec = digits(s, n, &j, 2);
    if (sec < 0) return 0;
    if (j < n && (s[j] == '.' || s[j] == ',')) {
      j++;
      if (j >= n || !is_digit((unsigned char)s[j])) return 0;
      while (j < n && is_digit((unsigned char)s[j]))
        j++;
    }
  }
  dt->hour = h;
  dt->minute = m;
  dt->second = sec;
  *i = j;
  return 1;
}

/* Strict ISO 8601 / W3C-DTF.  Returns 1 when the whole text matched. */
static int parse_iso(const char *s, size_t n, nl_datetime *dt) {
  size_t i = 0;
  int compact = 0;
  reset(dt);
  if ((dt->year = digits(s, n, &i, 4)) < 0) return 0;
  if (i == n) return 1;
  if (s[i] == '-') {
    i++;
    if ((dt->month = digits(s, n, &i, 2)) < 0) return 0;
    if (i == n) return 1;
    if (s[i] != '-') return 0;
    i++;
    if ((dt->day = digits(s, n, &i, 2)) < 0) return 0;
  } else if (is_digit((unsigned char)s[i])) {
    compact = 1;
    if ((dt->month = digits(s, n, &i, 2)) < 0) return 0;
    if ((dt->day = digits(s, n, &i, 2)) < 0) return 0;
  } else {
    return 0;
  }
  if (i == n) return 1;
  if (s[i] == 'T' || s[i] == 't') {
    i++;
  } else if (is_space((unsigned char)s[i])) {
    while (i < n && is_space((unsigned char)s[i]))
      i++;
  } else {
    return 0;
  }
  if (!read_clock(s, n, &i, dt, compact)) return 0;
  while (i < n && is_space((unsigned char)s[i]))
    i++;
  if (i == n) return 1;
  if (s[i] == '+' || s[i] == '-') {
    if (!read_offset(s, n, &i, dt)) return 0;
  } else if (!read_named_zone(s, n, &i, dt)) {
    return 0;
  }
  return i == n;
}

static size_t tokenize(const char *s, size_t n, tok *t, size_t max) {
  size_t i = 0, nt = 0;
  int space = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    tok *k;
    if (is_space(c)) {
      space = 1;
      i++;
      continue;
    }
    if (nt == max) return max + 1;
    k = &t[nt++];
    memset(k, 0, sizeof *k);
    k->start = i;
    k->space_before = space;
    space = 0;
    if (is_digit(c)) {
      k->kind = T_NUM;
      while (i < n && is_digit((unsigned char)s[i])) {
        if (k->num < 100000000) k->num = k->num * 10 + (s[i] - '0');
        k->ndig++;
        i++;
      }
    } else if (nl_ascii_is_alpha(c) || c >= 0x80) {
      size_t w = 0;
      k->kind = T_WORD;
      while (i < n && (nl_ascii_is_alpha((unsigned char)s[i]) ||
                       (unsigned char)s[i] >= 0x80)) {
        unsigned char d = (unsigned char)s[i];
        /* Fold the Latin-1 letters of month names in UTF-8 (e, u, a). */
        if (d == 0xC3 && i + 1 < n) {
          unsigned char e = (unsigned char)s[i + 1];
          d = (e >= 0xA8 && e <= 0xAB)   ? 'e'
              : (e >= 0xB9 && e <= 0xBC) ? 'u'
              : (e >= 0xA0 && e <= 0xA5) ? 'a'
              : (e == 0xA4)              ? 'a'
                                         : '?';
          i++;
        } else if (d >= 0x80) {
          d = '?';
        }
        if (w < sizeof k->word - 1) k->word[w++] = (char)(d | 0x20);
        i++;
      }
      if (i - k->start >= sizeof k->word) k->word[0] = '?';
    } else {
      k->kind = T_SEP;
      k->sep = (char)c;
      i++;
    }
    k->len = i - k->start;
  }
  return nt;
}

typedef struct dparts {
  long num[4];
  int ndig[4];
  char sep[4]; /* separator after the number ('\0' if none) */
  int count;
  int month_name; /* month from a name, or 0 */
  int ampm;       /* 0, 'a' or 'p' */
} dparts;

static int two_digit_year(long y) {
  return y < 50 ? 2000 + (int)y : 1900 + (int)y;
}

/* Decide which numbers are year, month and day. */
static int assign_date(dparts *p, nl_datetime *dt) {
  long a = p->num[0], b = p->num[1], c = p->num[2];
  if (p->month_name) {
    dt->month = p->month_name;
    if (p->count == 1 && p->ndig[0] == 4) {
      dt->year = (int)a;
      return 1;
    }
    if (p->count != 2) return 0;
    if (p->ndig[0] == 4 || a > 31) {
      dt->year = (int)a; /* "2022 Jan 26" */
      dt->day = (int)b;
    } else {
      /* "26 Feb 1987", "Jan 26 2022", "26-FEB-87", "03 Apr 02". */
      dt->day = (int)a;
      dt->year = p->ndig[1] <= 2 ? two_digit_year(b) : (int)b;
    }
    return 1;
  }
  if (p->count == 2) {
    /* "2003/12" or "12/2003". */
    if (p->ndig[0] == 4 && p->ndig[1] <= 2) {
      dt->year = (int)a;
      dt->month = (int)b;
      return 1;
    }
    if (p->ndig[1] == 4 && p->ndig[0] <= 2) {
      dt->year = (int)b;
      dt->month = (int)a;
      return 1;
    }
    return 0;
  }
  if (p->count != 3) return 0;
  if (p->ndig[0] == 4) {
    if (p->ndig[1] > 2 || p->ndig[2] > 2) return 0;
    dt->year = (int)a;
    dt->month = (int)b;
    dt->day = (int)c;
    return 1;
  }
  if (p->ndig[0] > 2 || p->ndig[1] > 2 || (p->ndig[2] != 4 && p->ndig[2] != 2))
    return 0;
  dt->year = p->ndig[2] == 2 ? two_digit_year(c) : (int)c;
  if (p->sep[0] == '/' ? (a > 12) : (b <= 12)) {
    dt->day = (int)a;
    dt->month = (int)b;
  } else {
    dt->month = (int)a;
    dt->day = (int)b;
  }
  return 1;
}

/* A time starting at token k: h:m[:s[.frac]].  Returns tokens used. */
static size_t take_time(const tok *t, size_t nt, size_t k, nl_datetime *dt) {
  size_t j = k;
  if (t[j].kind != T_NUM || t[j].ndig > 2) return 0;
  if (j + 2 >= nt + 0 || t[j + 1].kind != T_SEP || t[j + 1].sep != ':' ||
      t[j + 2].kind != T_NUM || t[j + 2].ndig != 2)
    return 0;
  dt->hour = (int)t[j].num;
  dt->minute = (int)t[j + 2].num;
  j += 3;
  if (j + 1 < nt && t[j].kind == T_SEP && t[j].sep == ':' &&
      t[j + 1].kind == T_NUM && t[j + 1].ndig == 2) {
    dt->second = (int)t[j + 1].num;
    j += 2;
    if (j + 1 < nt && t[j].kind == T_SEP && t[j].sep == '.' &&
        t[j + 1].kind == T_NUM && !t[j + 1].space_before)
      j += 2;
  }
  return j - k;
}

/* "+hhmm" / "-hh:mm" / "+hh" at token k (a '+' or '-'). */
static size_t take_offset(const char *s, const tok *t, size_t nt, size_t k,
                          nl_datetime *dt) {
  size_t end, i;
  if (k + 1 >= nt || t[k + 1].kind != T_NUM || t[k + 1].space_before) return 0;
  end = k + 2;
  if (t[k + 1].ndig == 2 && end + 1 < nt && t[end].kind == T_SEP &&
      t[end].sep == ':' && t[end + 1].kind == T_NUM)
    end += 2;
  else if (t[k + 1].ndig != 4 && t[k + 1].ndig != 2)
    return 0;
  i = t[k].start;
  if (!read_offset(s, t[end - 1].start + t[end - 1].len, &i, dt)) return 0;
  if (i != t[end - 1].start + t[end - 1].len) return 0;
  return end - k;
}

static int parse_tokens(const char *s, size_t n, nl_datetime *dt) {
  tok t[MAXTOK];
  size_t nt = tokenize(s, n, t, MAXTOK), k = 0;
  dparts p;
  reset(dt);
  memset(&p, 0, sizeof p);
  if (nt > MAXTOK) return 0;
  while (k < nt) {
    const tok *x = &t[k];
    size_t used;
    int m, off;
    if (x->kind == T_WORD) {
      if ((m = find_month(x->word)) != 0 && !p.month_name) {
        p.month_name = m;
      } else if (in_list(x->word, weekdays) || in_list(x->word, fillers)) {
        /* ignored */
      } else if (!strcmp(x->word, "am") || !strcmp(x->word, "pm")) {
        if (dt->hour < 0 || p.ampm) return 0;
        p.ampm = x->word[0];
      } else if ((!strcmp(x->word, "a") || !strcmp(x->word, "p")) &&
                 k + 2 < nt && t[k + 1].kind == T_SEP && t[k + 1].sep == '.' &&
                 t[k + 2].kind == T_WORD && !strcmp(t[k + 2].word, "m")) {
        /* "a.m." / "p.m." */
        if (dt->hour < 0 || p.ampm) return 0;
        p.ampm = x->word[0];
        k += 2;
      } else if (!strcmp(x->word, "st") || !strcmp(x->word, "nd") ||
                 !strcmp(x->word, "rd") || !strcmp(x->word, "th")) {
        if (!k || t[k - 1].kind != T_NUM || x->space_before) return 0;
      } else if (find_zone(x->word, &off) && !dt->has_zone) {
        dt->has_zone = 1;
        dt->zone_offset = off;
        if (x->len < sizeof dt->zone) {
          memcpy(dt->zone, s + x->start, x->len);
          dt->zone[x->len] = '\0';
        }
        /* "GMT+01:00": the offset that follows wins. */
        if (k + 1 < nt && t[k + 1].kind == T_SEP && !t[k + 1].space_before &&
            (t[k + 1].sep == '+' || t[k + 1].sep == '-')) {
          nl_datetime tmp = *dt;
          used = take_offset(s, t, nt, k + 1, &tmp);
          if (!used) return 0;
          dt->zone_offset = tmp.zone_offset;
          k += used;
        }
      } else {
        return 0;
      }
      k++;
    } else if (x->kind == T_NUM) {
      if (dt->hour < 0 && (used = take_time(t, nt, k, dt)) != 0) {
        k += used;
        continue;
      }
      /* "03 Apr 02 1500 GMT": a bare hhmm after a complete date. */
      if (dt->hour < 0 && x->ndig == 4 && p.month_name && p.count == 2 &&
          x->space_before) {
        dt->hour = (int)(x->num / 100);
        dt->minute = (int)(x->num % 100);
        k++;
        continue;
      }
      /* "Wed 26 Jan 2022 10.30 GMT": h.mm after a complete date. */
      if (dt->hour < 0 && x->ndig <= 2 && x->space_before && k + 2 < nt &&
          t[k + 1].kind == T_SEP && t[k + 1].sep == '.' &&
          !t[k + 1].space_before && t[k + 2].kind == T_NUM &&
          t[k + 2].ndig == 2 && !t[k + 2].space_before &&
          ((p.month_name && p.count == 2) || p.count == 3)) {
        dt->hour = (int)x->num;
        dt->minute = (int)t[k + 2].num;
        k += 3;
        continue;
      }
      if (p.count == 3) return 0; /* a date has three numbers at most */
      p.num[p.count] = x->num;
      p.ndig[p.count] = x->ndig;
      if (k + 1 < nt && t[k + 1].kind == T_SEP && !t[k + 1].space_before)
        p.sep[p.count] = t[k + 1].sep;
      p.count++;
      k++;
    } else {
      char c = x->sep;
      if ((c == '+' || c == '-') && dt->hour >= 0 && !dt->has_zone &&
          (used = take_offset(s, t, nt, k, dt)) != 0) {
        k += used;
        continue;
      }
      if (c == '(' || c == ')') {
        /* "(PST)", "(GMT)": a zone in parentheses. */
        k++;
        continue;
      }
      if (c != ',' && c != '-' && c != '/' && c != '.' && c != ':' &&
          c != '|' && c != '@' && c != ';')
        return 0;
      k++;
    }
  }
  if (!assign_date(&p, dt)) return 0;
  if (p.ampm) {
    if (dt->hour < 1 || dt->hour > 12) return 0;
    if (p.ampm == 'a' && dt->hour == 12) dt->hour = 0;
    if (p.ampm == 'p' && dt->hour != 12) dt->hour += 12;
  }
  return 1;
}

/* 1 when every field present is in range. */
static int valid(nl_datetime *dt) {
  if (dt->year < 1 || dt->year > 9999) return 0;
  if (dt->month == 0) return dt->day == 0 && dt->hour < 0;
  if (dt->month < 1 || dt->month > 12) return 0;
  if (dt->day == 0) return dt->hour < 0;
  if (dt->day < 1 || dt->day > nl_datetime_days_in_month(dt->year, dt->month))
    return 0;
  if (dt->hour < 0) return 1;
  if (dt->hour > 23 || dt->minute < 0 || dt->minute > 59) return 0;
  if (dt->second > 60) return 0;
  if (dt->second == 60) dt->second = 59;
  return 1;
}

/* Write v (0..99) as two digits at o. */
static char *two_digits(char *o, int v) {
  o[0] = (char)('0' + v / 10);
  o[1] = (char)('0' + v % 10);
  return o + 2;
}

/* nl_datetime_format's digits written by hand when every field it prints
** is in range (year 0..9999, the others 0..99): what its snprintf formats
** print then.  Returns the length, or 0 to use snprintf. */
static size_t format_digits(const nl_datetime *dt, char *o) {
  char *p = o;
  int n = dt->month == 0 ? 1 : dt->day == 0 ? 2 : dt->hour < 0 ? 3
          : dt->second <= 0 ? 5 : 6;
  int v[6], i;
  v[0] = dt->year, v[1] = dt->month, v[2] = dt->day;
  v[3] = dt->hour, v[4] = dt->minute, v[5] = dt->second;
  if (v[0] < 0 || v[0] > 9999) return 0;
  for (i = 1; i < n; i++)
    if (v[i] < 0 || v[i] > 99) return 0;
  p = two_digits(two_digits(p, v[0] / 100), v[0] % 100);
  for (i = 1; i < n; i++) {
    *p++ = i < 3 ? '-' : i == 3 ? 'T' : ':';
    p = two_digits(p, v[i]);
  }
  *p = '\0';
  return (size_t)(p - o);
}

size_t nl_datetime_format(const nl_datetime *dt, char out[NL_DATETIME_MAX]) {
  int r;
  size_t k = format_digits(dt, out);
  if (k) return k;
  if (dt->month == 0)
    r = snprintf(out, NL_DATETIME_MAX, "%04d", dt->year);
  else if (dt->day == 0)
    r = snprintf(out, NL_DATETIME_MAX, "%04d-%02d", dt->year, dt->month);
  else if (dt->hour < 0)
    r = snprintf(out, NL_DATETIME_MAX, "%04d-%02d-%02d", dt->year, dt->month,
                 dt->day);
  else if (dt->second <= 0)
    r = snprintf(out, NL_DATETIME_MAX, "%04d-%02d-%02dT%02d:%02d", dt->year,
                 dt->month, dt->day, dt->hour, dt->minute);
  else
    r = snprintf(out, NL_DATETIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02d",
                 dt->year, dt->month, dt->day, dt->hour, dt->minute,
                 dt->second);
  return r < 0 ? 0 : (size_t)r;
}

nl_status nl_datetime_parse_ex(const char *s, size_t n, nl_datetime *dt,
                               nl_error *err) {
  size_t a = 0, b = n;
  int shown;
  if (!s) n = 0;
  while (a < b && is_space((unsigned char)s[a]))
    a++;
  while (b > a && is_space((unsigned char)s[b - 1]))
    b--;
  shown = (int)(b - a > 80 ? 80 : b - a);
  if (a < b &&
      (parse_iso(s + a, b - a, dt) || parse_tokens(s + a, b - a, dt))) {
    if (valid(dt)) return NL_OK;
    memset(dt, 0, sizeof *dt);
    return nl_error_set(err, NL_EINVAL, "impossible date '%.*s'", shown, s + a);
  }
  memset(dt, 0, sizeof *dt);
  return nl_error_set(err, NL_EINVAL, "unrecognised date '%.*s'", shown,
                      a < b ? s + a : "");
}

nl_status nl_datetime_parse(const char *s, size_t n, char out[NL_DATETIME_MAX],
                            nl_error *err) {
  nl_datetime dt;
  nl_status rc = nl_datetime_parse_ex(s, n, &dt, err);
  out[0] = '\0';
  if (rc == NL_OK) nl_datetime_format(&dt, out);
  return rc;
}
