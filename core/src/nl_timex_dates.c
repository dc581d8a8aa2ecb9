/*
** nl_timex_dates.c -- the calendar half of the timex grammar: month and
** weekday names, years and decades, numeric dates (clock times are in
** nl_timex_clock.c; seasons, centuries and holidays in
** nl_timex_named.c).  Each parser returns the end token or 0 and fills a
** tx_sem with what the words say (see nl_timex_grammar.h).
*/
#include "nl_ascii.h"
#include "nl_calendar.h"
#include "nl_timex_grammar.h"

/* Cardinal written in words: "twenty", "twenty-four", "forty two". */
size_t tx_num_words(const tx_p *p, size_t i, double *v) {
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
** Is the word at i a time zone that names one?  In capitals, or "gmt"; a
** zone of three letters or more in lower case only after a four-digit
** clock time that follows "at" or comes before a second time after a
** slash ("votes at 1600 est/2100 gmt"): elsewhere "est" is a word
** ("il est 1600 fois").
*/
int tx_zone_at(const tx_p *p, size_t i) {
  if (!is_c(p, i, C_ZONE)) return 0;
  if (p->t[i].cap || is_text(p, i, "gmt")) return 1;
  return p->t[i].end - p->t[i].start >= 3 && i >= 2 && is_pnum(p, i - 1, 4) &&
         p->t[i - 1].ndig == 4 &&
         (is_w(p, i - 2, W_AT) ||
          (is_p(p, i + 1, '/') && tight(p, i + 1) && is_pnum(p, i + 2, 4)));
}

/*
** A zone, "hrs" or "local time" at i: the four-digit number before it is a
** military time ("1830 GMT", "2000 hrs", "1700 local time", "2100 local
** Chicago time", "2100 local New York time").  Returns the number of
** tokens (1 to 4), or 0.
*/
size_t tx_military_after(const tx_p *p, size_t i) {
  size_t k;
  if (tx_zone_at(p, i)) return 1;
  if (is_text(p, i, "hrs")) return 1;
  if (!is_text(p, i, "local")) return 0;
  for (k = i + 1; k < i + 3 && k < p->n && p->t[k].kind == TK_WORD &&
                  p->t[k].cap && p->t[k].cls == C_NONE;
       k++)
    ;
  return is_text(p, k, "time") ? k + 1 - i : 0;
}

/*
** What follows a four-digit number at i allows it to be a year: not a
** price spread or quote ("1158/1168", "2100/2103"; "2003/4", "2015/16",
** "2016/2017" are years), not the decimals of a number ("6.2095"), not a
** column of figures ("May 1250 1255 1251"), not the start of a range of
** military times ("between 1700 and 2100 hrs", "from 1800 to 2100 local
** time") or a time in a named zone ("1700 New York time").
*/
static int year_follows(const tx_p *p, size_t i) {
  int v = p->t[i].val;
  size_t k;
  if (is_p(p, i + 1, '/') && tight(p, i + 1) && tight(p, i + 2)) {
    if (is_pnum(p, i + 2, 4)) {
      int b = p->t[i + 2].val, nd = p->t[i + 2].ndig;
      if (!(nd == 4   ? b == v + 1
            : nd == 2 ? b == (v + 1) % 100
                      : nd == 1 && b == (v + 1) % 10))
        return 0;
    } else if (i + 2 < p->n && p->t[i + 2].kind == TK_WORD) {
      return 0; /* 2114/PC */
    }
  }
  if (i >= 2 && is_p(p, i - 1, '.') && tight(p, i) && tight(p, i - 1) &&
      is_num(p, i - 2))
    return 0;
  if (is_pnum(p, i + 1, 9) && p->t[i + 1].gap && i > 0 &&
      !(p->t[i - 1].kind == TK_WORD &&
        (p->t[i - 1].cls == C_DIR || is_w(p, i - 1, W_IN) ||
         is_w(p, i - 1, W_BY) || is_w(p, i - 1, W_UNTIL) ||
         is_w(p, i - 1, W_DURING) || is_w(p, i - 1, W_THROUGH))))
    return 0; /* a column, not "in 2004 73% of ...", "Since 1997 10 posts" */
  if ((is_w(p, i + 1, W_AND) || is_w(p, i + 1, W_TO) ||
       (is_p(p, i + 1, '-') && tight(p, i + 1))) &&
      is_pnum(p, i + 2, 4) && p->t[i + 2].ndig == 4 &&
      p->t[i + 2].val / 100 <= 23 && p->t[i + 2].val % 100 <= 59 &&
      tx_military_after(p, i + 3))
    return 0;
  for (k = i + 1; k < i + 4 && k < p->n && p->t[k].kind == TK_WORD &&
                  p->t[k].cap && !is_text(p, k, "time");
       k++)
    ;
  if (k > i + 1 && v % 100 <= 59 && v / 100 <= 23 && is_text(p, k, "time"))
    return 0;
  return 1;
}

/* A year: 1000..2199 as digits, or spoken ("nineteen ninety-six"). */
size_t tx_year_at(const tx_p *p, size_t i, int *y) {
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
    if (tx_military_after(p, i + 1)) return 0; /* 1600 GMT: a clock time */
    if (p->t[i].val < 1600) return 0;       /* prices, counts: "May 1158 bid" */
    if (!year_follows(p, i)) return 0;
    if (i > 0 && (is_p(p, i - 1, '$') ||
                  (is_p(p, i - 1, ',') && !p->t[i].gap && is_num(p, i - 2))))
      return 0;
    *y = p->t[i].val;
    return i + 1;
  }
  if (is_c(p, i, C_NUMW) && p->t[i].val >= 11 && p->t[i].val <= 20 &&
      (j = tx_num_words(p, i + 1, &b)) != 0 && b >= 10 && b < 100 &&
      p->t[i].val * 100 + b >= 1100) {
    *y = p->t[i].val * 100 + (int)b;
    return j;
  }
  if (is_c(p, i, C_NUMW) && p->t[i].val == 2 && is_w(p, i + 1, W_THOUSAND)) {
    j = i + 2;
    *y = 2000;
    if (is_w(p, j, W_AND)) j++;
    if ((i = tx_num_words(p, j, &a)) != 0 && a < 100) {
      *y += (int)a;
      return i;
    }
    return is_w(p, j - 1, W_AND) ? j - 1 : j;
  }
  return 0;
}

/* A day of month: 1..31, 21st, "twenty-first". */
size_t tx_mday_at(const tx_p *p, size_t i, int *d) {
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

/* Words that make a following bare month name a month ("in May"). */
static int month_cue(const tx_p *p, size_t i) {
  const tx_tok *t;
  if (i == 0) return 0;
  t = &p->t[i - 1];
  if (t->cls == C_POS || t->cls == C_REL) return 1;
  if (t->kind == TK_PUNCT && t->punct == '-' && i >= 2 &&
      p->t[i - 2].cls == C_POS)
    return 1;
  if (t->cls == C_MISC) switch (t->id) {
    case W_IN:
    case W_OF:
    case W_BY:
    case W_SINCE:
    case W_UNTIL:
    case W_DURING:
    case W_FROM:
    case W_TO:
    case W_AND:
    case W_THROUGH:
    case W_END:
    case W_BEGIN:
    case W_MIDDLE:
    case W_EACH:
    case W_EVERY:
      return 1;
    default:
      return 0;
    }
  if (t->cls == C_DIR && t->val != -2) return 1; /* before/after/since */
  return 0;
}

/* A month name at i: returns end (after an abbreviation dot), or 0. */
static size_t month_at(const tx_p *p, size_t i, int *m, int *strong) {
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

/*
** A day of the month in words after a capitalised month name at i (j is
** the token after the month): Reuters writes small numbers in words
** ("Pay April one", "expires June Two.", "November three, 1986").  The
** number must end the phrase (punctuation other than a dash, slash or %,
** the end, or a function word such as to/and/for), so that "in March two
** banks failed" and "March two years ago" stay a month.  Returns the end
** and *d, or 0.
*/
static size_t word_day(const tx_p *p, size_t i, size_t j, int *d) {
  double v;
  size_t k;
  if (!p->t[i].cap || !is_c(p, j, C_NUMW) || !(k = tx_num_words(p, j, &v)) ||
      v < 1 || v > 31 || v != (int)v)
    return 0;
  if (k < p->n && !(p->t[k].kind == TK_PUNCT && p->t[k].punct != '-' &&
                    p->t[k].punct != '/' && p->t[k].punct != '%') &&
      !(p->t[k].cls == C_MISC && p->t[k].id != W_OF))
    return 0;
  *d = (int)v;
  return k;
}

/* The day d of a month read up to j, then an optional [,] YEAR: the end. */
static size_t day_of_month(const tx_p *p, size_t j, int d, tx_sem *s) {
  int y;
  size_t k = j + (is_p(p, j, ',') ? 1 : 0);
  s->day = d;
  s->gran = G_DAY;
  if ((k = tx_year_at(p, k, &y)) != 0) {
    s->year = y;
    j = k;
  }
  return j;
}

/* The word of a futures table's change at i: "up", "off", "dn" ("SEP 26
** 1799 up 21", "48205 UP 2158"). */
static int change_word(const tx_p *p, size_t i) {
  return is_w(p, i, W_UP) || is_text(p, i, "off") || is_text(p, i, "dn");
}

/*
** A price table's row starts at token w: a capitalised word, a four-digit
** figure and the previous one in brackets, alone on their line ("\n MAY
** 1922   (1934)\n"; "In 1986 (1985) profit rose" is prose).
*/
static int table_row(const tx_p *p, size_t w) {
  size_t a, b;
  if (w >= p->n || p->t[w].kind != TK_WORD || !p->t[w].cap ||
      !is_pnum(p, w + 1, 4) || p->t[w + 1].ndig != 4 || !is_p(p, w + 2, '(') ||
      !is_pnum(p, w + 3, 4) || p->t[w + 3].ndig != 4 || !is_p(p, w + 4, ')'))
    return 0;
  for (a = p->t[w].start; a > 0 && (p->text[a - 1] == ' ' ||
                                    p->text[a - 1] == '\t');)
    a--;
  if (a > 0 && p->text[a - 1] != '\n') return 0;
  if (w + 5 >= p->n) return 1; /* the paragraph or the text ends */
  for (b = p->t[w + 4].end; b < p->t[w + 5].start; b++)
    if (p->text[b] == '\n') return 1;
  return 0;
}

/* MONTH [DAY] [,] [YEAR] | MONTH [of] YEAR | MONTH (with a cue). */
size_t tx_try_month(const tx_p *p, size_t i, tx_sem *s) {
  int m, strong, d, y;
  size_t j = month_at(p, i, &m, &strong), k;
  if (!j) return 0;
  if (is_num(p, j) && tight(p, j)) return 0; /* MAY7, SEP7: contract codes */
  /* "the Long March 5 rocket", "the Long March": a name, not a date */
  if (m == 3 && i > 0 && p->t[i - 1].cap && is_text(p, i - 1, "long"))
    return 0;
  s->month = m;
  s->gran = G_MONTH;
  s->form = F_ABS;
  if ((k = tx_mday_at(p, j, &d)) != 0 && !(is_c(p, k, C_UNIT))) {
    /* a row of a futures table, a contract month and its figures, the
    ** last one's change after it: "SEP 26 1799 up 21", "Sep 17 1631 off
    ** 14", "MAR 12 1540 unch" */
    if (is_num(p, k) && k + 1 < p->n &&
        (change_word(p, k + 1) ? is_num(p, k + 2)
                               : is_text(p, k + 1, "unch")))
      return 0;
    return day_of_month(p, k, d, s);
  }
  if ((k = word_day(p, i, j, &d)) != 0) /* "April one to holders", */
    return day_of_month(p, k, d, s);    /* "November three, 1986" */
  k = j + (is_p(p, j, ',') || is_w(p, j, W_OF) ? 1 : 0);
  if ((k = tx_year_at(p, k, &y)) != 0) {
    /* a price table's row: "MAY 1922   (1934)" (see bare_year_ok) */
    if (k == j + 1 && table_row(p, i)) return 0;
    s->year = y;
    return k;
  }
  if (is_c(p, j, C_REL) && p->t[j].val >= -1 && p->t[j].val <= 1 &&
      unit_of(p, j + 1) == U_YEAR && !p->t[j + 1].plural) {
    s->rel_n = p->t[j].val; /* "June last year": year from the DCT */
    s->need_tense = 3;
    return j + 2;
  }
  if ((k = of_rel_year(p, j, &y)) != 0) {
    s->rel_n = y; /* "March of last year" */
    s->need_tense = 3;
    return k;
  }
  if (!strong && !month_cue(p, i)) return 0;
  if (!p->t[i].cap && !month_cue(p, i)) return 0;
  return j;
}

/* [the] DAY [of] MONTH [,] [YEAR]: "7 August 1998", "the 21st of May". */
size_t tx_try_day_month(const tx_p *p, size_t i, tx_sem *s) {
  int d, m, strong, y;
  size_t j = i, k;
  if (is_w(p, j, W_THE)) j++;
  if (!(k = tx_mday_at(p, j, &d))) return 0;
  if (j > i && !p->t[j].suffix && !ord_of(p, j)) return 0;
  j = k;
  if (is_w(p, j, W_OF)) j++;
  if (!(k = month_at(p, j, &m, &strong))) return 0;
  if (is_num(p, k) && tight(p, k)) return 0; /* 9 SEP7: a contract code */
  /* "2797 up 22 SEP 26 1799": the change of a futures table's row, then
  ** the next row's month */
  if (j == i + 1 && i >= 2 && is_num(p, i - 2) && change_word(p, i - 1))
    return 0;
  s->form = F_ABS;
  s->gran = G_DAY;
  s->day = d;
  s->month = m;
  j = k + (is_p(p, k, ',') ? 1 : 0);
  if ((j = tx_year_at(p, j, &y)) != 0) {
    s->year = y;
    return j;
  }
  return k;
}

/* Part of day after a day: "Friday night", "yesterday morning". */
size_t tx_pod_after(const tx_p *p, size_t j, tx_sem *s) {
  if (is_c(p, j, C_POD) && p->t[j].val <= P_NI) {
    s->pod = (uint8_t)p->t[j].val;
    s->type = NL_TIMEX_TIME;
    return j + 1;
  }
  return j;
}

static int clause_initial(const tx_p *p, size_t i);

/*
** "the film Black Friday", "catches Black Friday Fever", "like Black
** Friday": a weekday after one capitalised word that is no time word and
** follows an article or a lower-case word other than a preposition, a
** conjunction, a name particle or a past participle is part of a name.
** News puts a weekday after names all the time ("in Iraq Friday",
** "President Bill Clinton Saturday", "visited Paris Monday"), so a
** preposition, a second capitalised word or a verb in -ed before the name
** keeps the date.  Holidays are parsed by tx_try_holiday.
*/
static int weekday_in_name(const tx_p *p, size_t i) {
  static const char *const keep[] = {
      "in",  "at",   "on",   "with",   "from",    "to",     "for", "of",
      "by",  "near", "into", "across", "outside", "inside", "and", "or",
      "nor", "but",  "es",   "de",     "del",     "da",     "du",  "la",
      "le",  "van",  "von",  "der",    "den",     "al",     "el",  "bin",
      "ibn", "said", "told", "met",    "left",    NULL};
  const tx_tok *w, *b;
  size_t len;
  if (!p->t[i].cap || i < 2) return 0;
  w = &p->t[i - 1];
  b = &p->t[i - 2];
  if (w->kind != TK_WORD || !w->cap || w->cls != C_NONE || !w->gap ||
      clause_initial(p, i - 1) || b->kind != TK_WORD || b->cap)
    return 0;
  if (b->cls == C_MISC) return b->id == W_THE || b->id == W_A || b->id == W_AN;
  if (b->cls != C_NONE || text_in(p, i - 2, keep)) return 0;
  len = b->end - b->start;
  return !(len > 3 && p->text[b->end - 2] == 'e' && p->text[b->end - 1] == 'd');
}

/* WEEKDAY [,] [MONTH DAY [, YEAR] | DAY MONTH [YEAR]] [part of day]. */
size_t tx_try_weekday(const tx_p *p, size_t i, tx_sem *s) {
  const tx_tok *t = &p->t[i];
  size_t j, k, len;
  tx_sem d;
  if (!is_c(p, i, C_WDAY)) return 0;
  if (weekday_in_name(p, i)) return 0;
  /* a handle or an address: "@sunday_woman", "#MondayMotivation" (as one
  ** word), "monday.com" */
  if (!t->gap && i > 0 &&
      (is_p(p, i - 1, '@') || is_p(p, i - 1, '#') || is_p(p, i - 1, '_')))
    return 0;
  if (i + 1 < p->n && !p->t[i + 1].gap &&
      (is_p(p, i + 1, '_') ||
       (is_p(p, i + 1, '.') && i + 2 < p->n && !p->t[i + 2].gap &&
        p->t[i + 2].kind == TK_WORD)))
    return 0;
  if (t->val == 5 && t->cap && i > 0 && is_text(p, i - 1, "good") &&
      p->t[i - 1].cap) {
    /* Good Friday: the Friday before Easter (tx_match_at moves the start
    ** back to "Good") */
    s->form = F_ABS;
    s->gran = G_DAY;
    s->month = 4;
    s->day = TX_GOOD_FRIDAY;
    s->need_tense = 1;
    return i + 1;
  }
  if (t->cap && i > 0 &&
      ((t->val == 5 && is_text(p, i - 1, "black")) ||
       (t->val == 1 && is_text(p, i - 1, "cyber")))) {
    /* Black Friday, Cyber Monday: the day and the Monday after US
    ** Thanksgiving, the fourth Thursday of November (not the Friday
    ** nearest the story: "il Black Friday incombe" in an Italian page);
    ** "the film Black Friday" (BBC) is a title */
    static const char *const works[] = {"film", "movie", "documentary",
                                        "novel", "book", "album", "song",
                                        "play", "series", NULL};
    if (i > 1 && text_in(p, i - 2, works)) return 0;
    s->form = F_ABS;
    s->gran = G_DAY;
    s->month = 11;
    s->day = TX_THANKSGIVING;
    s->shift = t->val == 5 ? 1 : 4;
    s->need_tense = 1;
    return i + 1;
  }
  len = t->end - t->start;
  j = i + 1;
  if (len <= 5 && !is_text(p, i, "friday") && !is_text(p, i, "monday")) {
    if (!t->cap || t->plural) return 0;
    if (is_p(p, j, '.') && tight(p, j))
      j++;
    else if (!is_p(p, j, ','))
      return 0;
    if (len == 3 && (is_text(p, i, "sun") || is_text(p, i, "sat")) &&
        j == i + 1)
      return 0;
  }
  if (t->plural || (is_c(p, j, C_POD) && p->t[j].plural)) {
    s->type = NL_TIMEX_SET; /* "Tuesday nights", "Sunday mornings" */
    s->form = F_LIT;
    s->wday = t->val;
    s->gran = G_DAY;
    if (is_c(p, j, C_POD) && p->t[j].plural) {
      s->pod = (uint8_t)p->t[j].val;
      return j + 1;
    }
    return tx_pod_after(p, j, s);
  }
  if (j == i + 1 && (is_w(p, j, W_AND) || is_text(p, j, "or")) &&
      is_c(p, j + 1, C_WDAY) && is_c(p, j + 2, C_POD) &&
      p->t[j + 2].plural) {
    /* "on Monday and Tuesday nights": the plural part of day is shared,
    ** so Monday nights too (the first weekday alone; the second is its
    ** own set) */
    s->type = NL_TIMEX_SET;
    s->form = F_LIT;
    s->wday = t->val;
    s->gran = G_DAY;
    s->pod = (uint8_t)p->t[j + 2].val;
    return j;
  }
  s->form = F_WDAY;
  s->wday = t->val;
  s->gran = G_DAY;
  k = j + (is_p(p, j, ',') ? 1 : 0);
  sem_init(&d);
  {
    size_t e = tx_try_month(p, k, &d);
    if (e && d.day > 0) {
      *s = d;
      s->wday = t->val;
      return e;
    }
    sem_init(&d);
    e = tx_try_day_month(p, k, &d);
    if (e) {
      *s = d;
      s->wday = t->val;
      return e;
    }
  }
  /* "Friday night", "Tuesday morning": TimeBank gives most of these the
  ** plain day (the part of day stays inside the extent); evenings and
  ** afternoons keep it (TEV, TAF). */
  if (is_c(p, j, C_POD) && (p->t[j].val == P_MO || p->t[j].val == P_NI))
    return j + 1;
  return tx_pod_after(p, j, s);
}

/*
** An optional clock time after a numeric date: "26-01-2022 23:56 IST",
** "2022-01-26T15:00".  Returns the new end.
*/
size_t tx_clock_after(const tx_p *p, size_t j, tx_sem *s) {
  size_t k = j;
  if (is_text(p, k, "t") && tight(p, k))
    k++; /* ISO 'T' */
  else if (!is_num(p, k) || tight(p, k))
    return j;
  if (!is_pnum(p, k, 2) || p->t[k].val > 23 || !is_p(p, k + 1, ':') ||
      !tight(p, k + 1) || !is_pnum(p, k + 2, 2) || p->t[k + 2].ndig != 2 ||
      !tight(p, k + 2) || p->t[k + 2].val > 59)
    return j;
  s->hour = p->t[k].val;
  s->minute = p->t[k + 2].val;
  s->type = NL_TIMEX_TIME;
  k += 3;
  if (is_p(p, k, ':') && tight(p, k) && is_pnum(p, k + 1, 2) && tight(p, k + 1))
    k += 2;
  if (is_c(p, k, C_ZONE) && (p->t[k].cap || is_text(p, k, "gmt"))) k++;
  return k;
}

/*
** Words that introduce a year ("in 1990", "since 1945", "the 1996
** Olympics", "its 1990 earnings", "post-1959", "2001-2002", "the Terrorism
** Act 2000"): with one of them before a bare four-digit number the number
** reads as a year.
** Returns 2 for a strong cue (in, since, until, during, by, through,
** before, after, a month, a season, "year", a range), 1 for a weak one
** (the, of, to, and, a possessive), 0 for none.
*/
static int year_cue_before(const tx_p *p, size_t i) {
  static const char *const words[] = {"between", "throughout", "into", "circa",
                                      "its",     "his",        "her",  "their",
                                      "our",     "my",         "your", "whose",
                                      "mid",     "copyright",  "act",  NULL};
  const tx_tok *t;
  if (i == 0) return 0;
  t = &p->t[i - 1];
  if (t->kind == TK_PUNCT)
    return (t->punct == '-' || t->punct == '/') && tight(p, i) && i >= 2 &&
                   (is_num(p, i - 2) || p->t[i - 2].kind == TK_WORD)
               ? 2
               : 0;
  if (t->kind != TK_WORD) return 0;
  switch (t->cls) {
  case C_MONTH:
  case C_SEASON:
  case C_POS:
  case C_DIR:
  case C_REL:
    return 2;
  case C_UNIT:
    return t->val == U_YEAR && !t->plural ? 2 : 0; /* the year 1995 */
  case C_MISC:
    switch (t->id) {
    case W_IN:
    case W_BY:
    case W_UNTIL:
    case W_THROUGH:
    case W_DURING:
    case W_SINCE:
    case W_AFTER:
    case W_BEFORE:
    case W_FISCAL:
    case W_CALENDAR:
    case W_WITHIN:
      return 2;
    case W_S: /* 1997's, Labour's 1997 */
      return i >= 2 && is_p(p, i - 2, '\'') && tight(p, i - 1);
    case W_OF:
    case W_FROM:
    case W_FOR:
    case W_TO:
    case W_THE:
    case W_A:
    case W_AND:
    case W_THIS:
    case W_THAT:
      return 1;
    default:
      return 0;
    }
  default:
    return text_in(p, i - 1, words);
  }
}

/* Token i begins a sentence or clause (nothing or ". ! ? : ; ( \"" before). */
static int clause_initial(const tx_p *p, size_t i) {
  const tx_tok *t;
  if (i == 0) return 1;
  t = &p->t[i - 1];
  if (t->kind != TK_PUNCT) return 0;
  return strchr(".!?:;(\"[-|*", t->punct) != NULL;
}

/*
** Units of measure a year never precedes ("1850 points", "1600 metres",
** "1500 km"); with counted = 1, also counted nouns that follow a year only
** after a cue ("2000 people", but "in 1990 people ...").
*/
static int measure_after(const tx_p *p, size_t i, int counted) {
  static const char *const units[] = {
      "m",          "km",      "kms",      "cm",       "mm",
      "metres",     "meters",  "metre",    "meter",    "kilometres",
      "kilometers", "miles",   "mi",       "feet",     "ft",
      "yards",      "inches",  "kg",       "kgs",      "kilos",
      "kilograms",  "grams",   "g",        "tonnes",   "tons",
      "lb",         "lbs",     "ounces",   "oz",       "points",
      "pts",        "cc",      "mph",      "kph",      "kmh",
      "hp",         "bhp",     "kw",       "mw",       "gw",
      "kwh",        "litres",  "liters",   "gallons",  "barrels",
      "bpd",        "acres",   "hectares", "calories", "kb",
      "mb",         "gb",      "tb",       "pixels",   "rpm",
      "degrees",    "percent", "pct",      "dollars",  "dlrs",
      "euros",      "yen",     "rupees",   "yuan",     "francs",
      NULL};
  static const char *const nouns[] = {
      "people",    "persons",    "times",       "votes",      "troops",
      "soldiers",  "workers",    "employees",   "jobs",       "members",
      "seats",     "runs",       "goals",       "shares",     "copies",
      "units",     "pages",      "words",       "vehicles",   "cars",
      "homes",     "houses",     "families",    "cases",      "deaths",
      "victims",   "refugees",   "migrants",    "passengers", "residents",
      "students",  "children",   "visitors",    "fans",       "users",
      "customers", "signatures", "men",         "women",      "planets",
      "stars",     "species",    "comments",    "replies",    "views",
      "likes",     "followers",  "subscribers", NULL};
  if (i >= p->n || p->t[i].kind != TK_WORD || p->t[i].cap) return 0;
  return text_in(p, i, units) || (counted && text_in(p, i, nouns));
}

/* Street types after a house number: "1600 Pennsylvania Avenue". */
static int street_word(const tx_p *p, size_t i) {
  static const char *const words[] = {
      "street",    "st",      "avenue",   "ave",   "road",    "rd",
      "boulevard", "blvd",    "lane",     "ln",    "drive",   "dr",
      "way",       "place",   "pl",       "court", "ct",      "square",
      "sq",        "terrace", "highway",  "hwy",   "parkway", "pkwy",
      "plaza",     "circle",  "crescent", "alley", "row",     NULL};
  return p->t[i].cap && text_in(p, i, words);
}

/* A wire service's code at i: a word of 2-6 capitals the lexicon does not
** know ("NRKI", "MMGU"). */
static int wire_code(const tx_p *p, size_t i) {
  size_t k;
  if (i >= p->n || p->t[i].kind != TK_WORD || p->t[i].cls != C_NONE ||
      p->t[i].end - p->t[i].start < 2 || p->t[i].end - p->t[i].start > 6)
    return 0;
  for (k = p->t[i].start; k < p->t[i].end; k++)
    if (p->text[k] < 'A' || p->text[k] > 'Z') return 0;
  return 1;
}

/*
** Token i is a page number of a citation: after a journal's volume and
** issue ("Food Chemistry, 126(4), 1850-1855"), after "pp." or "p.", or
** glued to a volume ("435:1850"); so is the second of a page range.
*/
static int page_number(const tx_p *p, size_t i) {
  if (i >= 2 && is_p(p, i - 1, '-') && tight(p, i) && tight(p, i - 1) &&
      is_num(p, i - 2))
    i -= 2; /* the range's first page decides */
  if (i >= 5 && is_p(p, i - 1, ',') && is_p(p, i - 2, ')') &&
      is_num(p, i - 3) && is_p(p, i - 4, '(') && tight(p, i - 4) &&
      is_num(p, i - 5))
    return 1;
  if (i >= 2 && is_p(p, i - 1, '.') && !p->t[i - 2].cap &&
      (i == 2 || p->t[i - 2].gap) && /* not "L.P. 1986" */
      (is_text(p, i - 2, "pp") || is_text(p, i - 2, "p")))
    return 1;
  return i >= 2 && is_p(p, i - 1, ':') && tight(p, i - 1) && tight(p, i) &&
         is_num(p, i - 2);
}

/* Editions after a product's model number: "Behmor 1600 Plus" */
static const tx_word edition_words[] = {
    TX_WORD("plus"), TX_WORD("ultra"), TX_WORD("mini"), TX_WORD("lite"),
    TX_WORD("xl"),   TX_WORD("turbo"), {NULL, 0}}; /* ("Wimbledon 2019 Pro
                                                   ** tour": no "pro") */

/* Series of standards whose numbers read as years: "RFC 1951" */
static const tx_word standard_words[] = {
    TX_WORD("rfc"),  TX_WORD("iso"),  TX_WORD("iec"), TX_WORD("ieee"),
    TX_WORD("din"),  TX_WORD("ansi"), TX_WORD("ecma"), TX_WORD("astm"),
    {NULL, 0}};

/* Verbs of a market's move: "fell", "rose", "slipped", ... */
static const tx_word moved_words[] = {
    TX_WORD("fell"),    TX_WORD("rose"),      TX_WORD("dropped"),
    TX_WORD("gained"),  TX_WORD("lost"),      TX_WORD("climbed"),
    TX_WORD("jumped"),  TX_WORD("slipped"),   TX_WORD("slid"),
    TX_WORD("plunged"), TX_WORD("tumbled"),   TX_WORD("soared"),
    TX_WORD("surged"),  TX_WORD("eased"),     TX_WORD("declined"),
    TX_WORD("advanced"), TX_WORD("shed"),     TX_WORD("plummeted"),
    TX_WORD("rallied"), TX_WORD("recovered"), TX_WORD("added"),
    {NULL, 0}};

/* Verbs of a level reached: "touched the 1840 level" */
static const tx_word touched_words[] = {
    TX_WORD("touched"), TX_WORD("broke"),   TX_WORD("crossed"),
    TX_WORD("breached"), TX_WORD("pierced"), TX_WORD("tested"),
    TX_WORD("topped"),  TX_WORD("touch"),   TX_WORD("break"),
    TX_WORD("cross"),   TX_WORD("test"),    {NULL, 0}};

/* Nouns of a market's level: "the 1840 level", "Friday's 1753 finish" */
static const tx_word level_words[] = {
    TX_WORD("level"),  TX_WORD("mark"),    TX_WORD("barrier"),
    TX_WORD("finish"), TX_WORD("close"),   TX_WORD("closing"),
    {NULL, 0}};

/*
** The number at i ends a market's move without "points": "fell a record
** 508 Monday to 1738", "slipped another 12 to 1840" (a verb of moving, up
** to two words, a figure that is no year, up to one word, "to").
*/
static int level_after_move(const tx_p *p, size_t i) {
  size_t k, v;
  if (i < 3 || !is_w(p, i - 1, W_TO)) return 0;
  for (k = i - 2; k + 3 >= i && k > 0; k--) {
    if (!is_num(p, k)) {
      if (p->t[k].kind != TK_WORD) return 0;
      continue;
    }
    if (p->t[k].ndig == 4 && p->t[k].val >= 1000 && p->t[k].val < 2200)
      return 0; /* "rose from 1985 to 1986": a range of years */
    for (v = k; v-- > 0 && k - v <= 3 && p->t[v].kind == TK_WORD;)
      if (in_words(p, v, moved_words)) return 1;
    return 0;
  }
  return 0;
}

/*
** A bare four-digit number at i (no month, "fiscal" or "the year" parsed
** around it) is a year unless its context says otherwise:
**  - glued to a word: "securityequifax2017", "$US1850", "£1600";
**  - after a capitalised name that does not begin the sentence and is no
**    time word: "Cosmos 1686", "Windows 2000", "Flight 1943" (the name's
**    number, model or version);
**  - before a capitalised sequence ending in a street type, with no year
**    cue before: "1600 Pennsylvania Avenue" (a house number);
**  - before a unit of measure or counted noun: "1850 points", "1600
**    metres", "2000 people" (after "in", "since", ... only the units);
**  - after an approximation word, before a lower-case plural: "roughly
**    2000 planets"; after "at" with no noun after: "closed at 1830.";
**  - before a time zone or "hrs": "1830 GMT" (a clock time, parsed by
**    tx_try_time);
**  - a page number of a citation (page_number); a standard's number
**    ("RFC 1951", "ISO 9001"); a model between a brand and an edition
**    ("Behmor 1600 Plus");
**  - a market's level: after the figure it moved ("fell 508 points to
**    1738", "fell a record 508 Monday to 1738": level_after_move), one it
**    reached or finished at ("touched the 1840 level", "Friday's 1753
**    finish"), a price table's row ("MAY 1922   (1934)": table_row), a
**    report's time before its date ("rubber 1600 - april 7").
*/
static int bare_year_ok(const tx_p *p, size_t i) {
  size_t k;
  int cue = year_cue_before(p, i);
  if (page_number(p, i)) return 0;
  /* a range with another year: "2016-2017", "2015-16" */
  if (is_p(p, i + 1, '-') && tight(p, i + 1) && tight(p, i + 2) &&
      (is_pnum(p, i + 2, 2) ||
       (is_pnum(p, i + 2, 4) && p->t[i + 2].val >= 1000 &&
        p->t[i + 2].val < 2200)))
    cue = 2;
  if (i > 0 && p->t[i - 1].kind == TK_WORD && tight(p, i) &&
      !is_text(p, i - 1, "fy"))
    return 0;
  if (!cue && i > 0 && p->t[i - 1].kind == TK_WORD && p->t[i - 1].cap &&
      (p->t[i - 1].cls == C_NONE || is_w(p, i - 1, W_S)) &&
      !clause_initial(p, i - 1))
    return 0;
  /* "2048-bit", "1990-style": a compound modifier; "2048x1536",
  ** "2048 * 1080": a dimension */
  if (cue < 2 && is_p(p, i + 1, '-') && tight(p, i + 1) && tight(p, i + 2) &&
      i + 2 < p->n && p->t[i + 2].kind == TK_WORD && !p->t[i + 2].cap &&
      p->t[i + 2].cls == C_NONE)
    return 0;
  if ((is_p(p, i + 1, '*') || is_text(p, i + 1, "x") ||
       (i + 1 < p->n && p->t[i + 1].kind == TK_WORD &&
        p->text[p->t[i + 1].start] == '\xc3' &&
        p->t[i + 1].end - p->t[i + 1].start == 2)) &&
      is_num(p, i + 2))
    return 0;
  /* the second of a quote or spread: "LIT 2100/2103" ("2016/2017" is a
  ** pair of years) */
  if (i >= 2 && is_p(p, i - 1, '/') && tight(p, i) && tight(p, i - 1) &&
      is_pnum(p, i - 2, 4) && p->t[i - 2].ndig == 4 &&
      p->t[i - 2].val + 1 != p->t[i].val)
    return 0;
  /* a wire code and its number in brackets: "(NRKI 1821)", "<NRKI 1821>",
  ** "(MRUA 2019, NYFK 2123)" */
  if (i >= 2 && wire_code(p, i - 1) &&
      (is_p(p, i - 2, '(') || is_p(p, i - 2, '<') ||
       (i >= 4 && is_p(p, i - 2, ',') && is_num(p, i - 3) &&
        wire_code(p, i - 4))) &&
      (is_p(p, i + 1, ')') || is_p(p, i + 1, '>') ||
       (is_p(p, i + 1, ',') && wire_code(p, i + 2) && is_num(p, i + 3))))
    return 0;
  /* a futures table's change: "JUN7 48205 UP 2158 SEP7" */
  if (i >= 2 && is_num(p, i - 2) && change_word(p, i - 1)) return 0;
  /* an index's level: "hit a new high of 2188", "a record low of 1738" */
  if (i >= 3 && is_w(p, i - 1, W_OF) &&
      (is_text(p, i - 2, "high") || is_text(p, i - 2, "low")) &&
      (is_w(p, i - 3, W_NEW) || is_text(p, i - 3, "record") ||
       is_text(p, i - 3, "fresh")))
    return 0;
  /* a product's model between its brand and its edition: "Behmor 1600
  ** Plus", "Canon 1300 Ultra" (the name rule above misses a brand that
  ** opens its clause: "Midrange pick: Behmor 1600 Plus") */
  if (i > 0 && p->t[i - 1].kind == TK_WORD && p->t[i - 1].cap &&
      p->t[i - 1].cls == C_NONE && i + 1 < p->n && p->t[i + 1].cap &&
      in_words(p, i + 1, edition_words))
    return 0;
  /* a standard's number: "RFC 1951", "ISO 9001", "DIN 1451" */
  if (i > 0 && p->t[i - 1].kind == TK_WORD && p->t[i].gap &&
      in_words(p, i - 1, standard_words) &&
      nl_ascii_is_upper((unsigned char)p->text[p->t[i - 1].start + 1]))
    return 0;
  /* a numbered item: "no.1997", "No. 2015", "nr. 1848" */
  if (i >= 2 && is_p(p, i - 1, '.') && tight(p, i - 1) &&
      (is_text(p, i - 2, "no") || is_text(p, i - 2, "nos") ||
       is_text(p, i - 2, "nr")))
    return 0;
  /* the tail of a decimal range ("ptas 1.1852-1874") or of a telephone
  ** number ("1-800-322-1887") */
  if (i >= 4 && is_p(p, i - 1, '-') && tight(p, i - 1) && tight(p, i) &&
      is_num(p, i - 2) && tight(p, i - 2) && tight(p, i - 3) &&
      is_num(p, i - 4) &&
      (is_p(p, i - 3, '.') || (is_p(p, i - 3, '-') && p->t[i - 2].ndig == 3)))
    return 0;
  /* a stock index's level after the points it moved: "fell 508 points
  ** to 1738", "recovered 102 points to a closing figure of 1841" */
  if (i > 0 && (is_w(p, i - 1, W_TO) || is_w(p, i - 1, W_OF) ||
                is_w(p, i - 1, W_AT)))
    for (k = i - 1; k >= 2 && i - k < 8 && p->t[k - 1].kind == TK_WORD; k--)
      if ((is_text(p, k - 1, "points") || is_text(p, k - 1, "point")) &&
          is_num(p, k - 2))
        return 0;
  if (level_after_move(p, i)) return 0;
  /* a level a market reached or finished at: "touched the 1840 level",
  ** "from Friday's 1753 finish", "yesterday's 1820 close" ("returned to
  ** the 1979 level" keeps its year) */
  if (in_words(p, i + 1, level_words) &&
      ((i >= 2 && is_w(p, i - 1, W_THE) && in_words(p, i - 2, touched_words)) ||
       (i >= 3 && is_w(p, i - 1, W_S) && is_p(p, i - 2, '\'') &&
        (is_c(p, i - 3, C_WDAY) || is_c(p, i - 3, C_REF)))))
    return 0;
  /* a price table's row, the price and the previous one in brackets:
  ** "MAY 1922   (1934)", "JLY 1956   (1967)" (table_row) */
  if ((i >= 3 && is_p(p, i - 1, '(') && table_row(p, i - 3)) ||
      (i >= 1 && table_row(p, i - 1)))
    return 0;
  /* a market report's time before its date: "Malaysian rubber 1600 -
  ** april 7" */
  if (is_p(p, i + 1, '-') && !tight(p, i + 1) && !tight(p, i + 2) &&
      is_c(p, i + 2, C_MONTH) && is_num(p, i + 3))
    return 0;
  /* a column of figures: "6 1730 7236880", "SEP7 1624 UP 13" */
  if (i > 0 && is_num(p, i - 1) && p->t[i].gap &&
      !(i >= 3 && is_p(p, i - 2, '/') && tight(p, i - 1) &&
        is_num(p, i - 3))) /* "Photo 3/16 2002 A mother ..." keeps it */
    return 0;
  if (!cue) {
    for (k = i + 1;
         k < i + 5 && k < p->n && p->t[k].kind == TK_WORD && p->t[k].cap; k++)
      if (k > i + 1 && street_word(p, k)) return 0;
  }
  if (measure_after(p, i + 1, cue < 2)) return 0;
  /* "closed at 1830.", "stood at 1400 in London": a level ("at 1990
  ** prices" keeps its noun) */
  if (is_w(p, i - 1, W_AT) &&
      (i + 1 >= p->n ||
       (p->t[i + 1].kind == TK_PUNCT &&
        !(p->t[i + 1].punct == '\'' && is_w(p, i + 2, W_S))) ||
       p->t[i + 1].cls == C_MISC))
    return 0;
  if (i > 0 && p->t[i - 1].cls == C_APPROX && i + 1 < p->n &&
      p->t[i + 1].kind == TK_WORD && !p->t[i + 1].cap &&
      p->t[i + 1].cls == C_NONE) {
    const tx_tok *w = &p->t[i + 1];
    size_t len = w->end - w->start;
    const char *e = p->text + w->end;
    if (len >= 3 && e[-1] == 's' && e[-2] != 's' && e[-2] != 'u' &&
        e[-2] != 'i')
      return 0;
  }
  return 1;
}

/* Decades at token i: "1990s", "1600s" (years as tx_year_at takes them:
** "Atari 2600s" are consoles). */
static int decades_at(const tx_p *p, size_t i) {
  return is_num(p, i) && p->t[i].ndig == 4 && p->t[i].suffix == 's' &&
         p->t[i].val % 10 == 0 && p->t[i].val >= 1000 && p->t[i].val < 2200;
}

/* The decades of `val` (1990, 1600) into s. */
static void decades_of(int val, tx_sem *s) {
  s->form = F_ABS;
  if (val % 100 == 0 && val < 2000) {
    /* "the 1600s", "the early 1900s": the century (1600-1699), as "the
    ** 17th century" ("16"); "the 2000s" stays the decade */
    s->century = val / 100 + 1;
    s->gran = G_CENTURY;
    return;
  }
  s->decade = val / 10;
  s->gran = G_DECADE;
}

/* Years, decades, ISO and year-first numeric dates, "1957-58", "'89". */
size_t tx_try_year(const tx_p *p, size_t i, tx_sem *s) {
  int y, m, d;
  size_t j = i, k;
  if (is_p(p, i, '\'') && is_pnum(p, i + 1, 2) && tight(p, i + 1)) {
    if (unit_of(p, i + 2) && p->t[i + 2].cap)
      return 0; /* "'60 Minutes": a title's number */
    y = p->t[i + 1].val;
    y += y >= 30 ? 1900 : 2000;
    s->form = F_ABS;
    s->year = y;
    s->yy = 1;
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
  if (is_w(p, i, W_THE) && i + 1 < p->n && !is_w(p, i + 1, W_THE)) {
    /* the 1990s, the '80s, the year 2000, the 1988 period */
    if (unit_of(p, i + 1) == U_YEAR && !p->t[i + 1].plural &&
        (k = tx_year_at(p, i + 2, &y)) != 0 && !is_pnum(p, i + 2, 4)) {
      s->form = F_ABS;
      s->year = y;
      s->gran = G_YEAR;
      return k;
    }
    if ((k = tx_try_year(p, i + 1, s)) != 0 &&
        (s->gran == G_DECADE || s->gran == G_CENTURY))
      return k;
    if (k && s->gran == G_YEAR && is_w(p, k, W_PERIOD)) {
      /* "the 1989 period", "the '89 period": the period the report is
      ** about (a quarter when the last one named was a quarter), in 1989;
      ** a span of years ("the 1987-92 period", "the 1987/88 period") is
      ** no quarter of its last */
      size_t t;
      int span = 0;
      for (t = i + 1; t < k; t++)
        span |= is_p(p, t, '-') || is_p(p, t, '/');
      if (!span) {
        s->gran = G_QUARTER;
        s->quarter = 0;
      }
      return k + 1;
    }
    memset(s, 0, sizeof *s);
    s->year = s->month = s->day = s->hour = s->minute = s->second = -1;
    return 0;
  }
  if (decades_at(p, i)) {
    decades_of(p->t[i].val, s);
    return i + 1;
  }
  /* the first of two decades that say "s" once: "the 1800 and 1900s",
  ** "1970 or 1980s" */
  if (is_pnum(p, i, 4) && p->t[i].ndig == 4 && p->t[i].val % 10 == 0 &&
      (is_text(p, i + 1, "and") || is_text(p, i + 1, "or") ||
       is_w(p, i + 1, W_TO)) &&
      decades_at(p, i + 2) &&
      (p->t[i].val % 100 == 0) == (p->t[i + 2].val % 100 == 0) &&
      p->t[i].val >= 1000 && p->t[i].val < p->t[i + 2].val) {
    decades_of(p->t[i].val, s);
    return i + 1;
  }
  if (is_w(p, i, W_FISCAL) || is_w(p, i, W_CALENDAR)) j++;
  if (!(k = tx_year_at(p, j, &y))) return 0;
  if (is_pnum(p, j, 4) && y < 1600 && j == i) return 0;
  if (j == i && is_pnum(p, i, 4) && !bare_year_ok(p, i)) return 0;
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
        return tx_clock_after(p, j + 4, s);
      }
      return 0;
    }
    if (sep == '-' && p->t[j + 1].ndig == 2 && a > y % 100) {
      s->year = y - y % 100 + a; /* "1957-58" */
      return j + 2;
    }
  }
  /* "Our 2005 Halloween classic", "the 2015 New Year's Eve assaults": a
  ** year in figures before a holiday on the same line is the holiday's
  ** year, as after it ("Christmas 1986"); a 2006 podcast and a 2017 story
  ** had them on 2006-10-31 and 2017-12-31.  A thing named after the
  ** holiday ("the 2005 Christmas tree") keeps the bare year. */
  if (j == i + 1 && is_pnum(p, i, 4) && j < p->n && p->t[j].gap &&
      p->t[j].cls == C_MISC && tx_holiday_word(p->t[j].id) &&
      !memchr(p->text + p->t[i].end, '\n', p->t[j].start - p->t[i].end)) {
    tx_sem h = *s;
    h.year = h.month = h.day = -1;
    if ((k = tx_try_holiday(p, j, &h)) != 0 && h.gran == G_DAY &&
        h.year < 0) {
      h.year = y;
      h.need_tense = 0;
      *s = h;
      return k;
    }
  }
  return j;
}

/* Day-first or month-first numeric dates: 26-01-2022, 1/26/2022, 26.01.22. */
size_t tx_try_numeric(const tx_p *p, size_t i, tx_sem *s) {
  int a, b, y, sep;
  size_t j = i;
  if (!is_pnum(p, j, 2) ||
      !(is_p(p, j + 1, '-') || is_p(p, j + 1, '/') || is_p(p, j + 1, '.')))
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
  if (p->t[j + 4].ndig == 2) {
    y += y >= 30 ? 1900 : 2000;
    s->yy = 1; /* (its century: the story's, see century_of) */
  }
  if (sep == '/' && a <= 12) { /* US order unless impossible */
    int t = a;
    s->dm_too = a != b && b <= 12; /* (day a <= 12 fits any month b) */
    a = b;
    b = t;
  }
  if (b < 1 || b > 12 || a < 1 || a > nl_cal_month_days(y, b)) return 0;
  s->form = F_ABS;
  s->year = y;
  s->month = b;
  s->day = a;
  s->gran = G_DAY;
  return tx_clock_after(p, j + 5, s);
}
