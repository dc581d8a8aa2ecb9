/*
** nl_timex_clock.c -- clock times in the timex grammar: "10:35 a.m.",
** "15:00 GMT Saturday", "noon Thursday", "1830 GMT", "midnight" and the
** date that may follow one (tx_try_time).  Returns the end token or 0 and
** fills a tx_sem (see nl_timex_grammar.h).
*/
#include "nl_timex_grammar.h"

/* "a.m." / "p.m." / "am" / "pm" at j: returns end, sets *pm (0/1). */
static size_t ampm_at(const tx_p *p, size_t j, int *pm) {
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
static size_t time_date_after(const tx_p *p, size_t j, tx_sem *s) {
  tx_sem d;
  size_t e;
  if (tx_zone_at(p, j)) {
    j++;
    if (is_p(p, j, ',') && (is_c(p, j + 1, C_MONTH) || is_c(p, j + 1, C_WDAY)))
      j++;
  } else if (is_text(p, j, "local") && is_text(p, j + 1, "time")) {
    /* "6:30 p.m. local time on Monday": the zone words stay inside only
    ** when a day follows */
    size_t k = j + 2 + (is_p(p, j + 2, ',') || is_w(p, j + 2, W_ON));
    if (is_c(p, k, C_WDAY) || is_c(p, k, C_MONTH)) j += 2;
  }
  if (is_w(p, j, W_ON)) {
    sem_init(&d);
    if (tx_try_weekday(p, j + 1, &d) || tx_try_month(p, j + 1, &d)) j++;
  }
  sem_init(&d);
  if (is_p(p, j, ',') && is_c(p, j + 1, C_WDAY)) j++;
  if ((e = tx_try_weekday(p, j, &d)) != 0 && d.form == F_WDAY) {
    s->form = F_WDAY;
    s->wday = d.wday;
    return e;
  }
  /* a full date, or a weekday leading one ("10 a.m. Friday, Dec. 6",
  ** "8 p.m. Sunday, 23 January"): the time is on that date */
  if ((e && d.form == F_ABS && d.day > 0 && d.month > 0) ||
      ((e = tx_try_month(p, j, &d)) != 0 && d.day > 0)) {
    s->form = F_ABS;
    s->year = d.year;
    s->month = d.month;
    s->day = d.day;
    return e;
  }
  if (is_c(p, j, C_REF) && p->t[j].val >= R_TODAY && p->t[j].val <= R_TONIGHT) {
    int v = p->t[j].val;
    s->form = F_REL;
    s->unit = U_DAY;
    s->rel_n = v == R_YESTERDAY ? -1 : v == R_TOMORROW ? 1 : 0;
    return j + 1;
  }
  s->anchor = 1; /* a bare clock time falls on the day the story is at */
  return j;
}

/* The word at j names a slot in a schedule: "start", "kickoff",
** "kick-off", "tipoff", "tip-off", "slot", "window", "start time". */
static int slot_noun(const tx_p *p, size_t j) {
  return is_text(p, j, "start") || is_text(p, j, "kickoff") ||
         is_text(p, j, "tipoff") || is_text(p, j, "slot") ||
         is_text(p, j, "window") ||
         ((is_text(p, j, "kick") || is_text(p, j, "tip")) &&
          is_p(p, j + 1, '-') && tight(p, j + 1) && is_text(p, j + 2, "off"));
}

/*
** The figures i..j (H:MM, or H:MM:SS when `secs`) say how long, not when:
** a game clock ("2:10 left", "0:42 remaining", "5:30 to go"), a clip's
** or a film's length ("runs 3:45", "lasts 1:30", "a running time of
** 2:15"), a race time ("won in 2:08:38", "clocked 2:19:12").  Asked only
** of bare figures: with a.m., a zone or a day after them they are a time.
*/
static int clock_is_length(const tx_p *p, size_t i, size_t j, int secs) {
  static const char *const verbs[] = {
      "run",     "runs",    "ran",    "running", "last",     "lasts",
      "lasted",  "lasting", "clock",  "clocks",  "clocked",  "clocking",
      "timed",   NULL};
  static const char *const after[] = {"left", "remaining", "elapsed", NULL};
  /* a time a preposition places is a time of the day: "The train at 10:15
  ** left the station", "by 9:30 remaining seats were gone" */
  static const char *const at[] = {"at",    "by",     "until", "till",
                                   "from",  "before", "after", "around",
                                   "about", "since",  "past",  NULL};
  if (i > 0 && text_in(p, i - 1, at)) return 0;
  if (text_in(p, j, after)) return 1;
  if (is_w(p, j, W_TO) && (is_text(p, j + 1, "go") || is_text(p, j + 1, "play")))
    return 1;
  /* the start of a range of the day: "runs 7:30 to 9:30", "8:00-13:00" */
  if ((is_w(p, j, W_TO) || is_p(p, j, '-') || is_text(p, j, "until") ||
       is_text(p, j, "till")) &&
      is_num(p, j + 1))
    return 0;
  if (i == 0) return 0;
  if (text_in(p, i - 1, verbs)) return 1;
  /* "a running time of 2:15", "a length of 3:45", "winning time 2:08:38";
  ** not "kick-off time 19:45", "start time 7:30" */
  if (is_w(p, i - 1, W_OF) && i > 1 &&
      (is_text(p, i - 2, "time") || is_text(p, i - 2, "length")))
    return 1;
  /* "local time 14:30:00" is the clock */
  if (is_text(p, i - 1, "time") && i > 1 &&
      ((secs && !is_text(p, i - 2, "local")) || is_text(p, i - 2, "running") ||
       is_text(p, i - 2, "winning") || is_text(p, i - 2, "finishing")))
    return 1;
  return secs && is_w(p, i - 1, W_IN);
}

/* Clock times: 10:35 a.m., 10 p.m. Wednesday, 15:00 GMT Saturday, noon. */
size_t tx_try_time(const tx_p *p, size_t i, tx_sem *s) {
  int h = -1, mi = 0, pm = -1, colon = 0, secs = 0;
  size_t j = i, e, fig = i; /* fig: the end of the figures */
  if (is_c(p, i, C_POD) &&
      (p->t[i].val == P_NOON || p->t[i].val == P_MIDNIGHT)) {
    if (p->t[i].val == P_NOON && i > 0 && is_text(p, i - 1, "high"))
      return 0; /* "High Noon", "high noon comes today": the idiom */
    /* "Jamie Noon", "Tait or Noon": a surname, title case after a name
    ** or a conjunction ("Monday Noon", "By Noon" stay times, and so do
    ** headlines in capitals: "SINGAPORE RUBBER NOON") */
    if (title_case(p, i) && i > 0 && p->t[i].gap &&
        p->t[i - 1].kind == TK_WORD &&
        ((p->t[i - 1].cap && p->t[i - 1].cls == C_NONE) ||
         is_text(p, i - 1, "and") || is_text(p, i - 1, "or")))
      return 0;
    h = p->t[i].val == P_NOON ? 12 : 0;
    j = i + 1;
  } else if (is_pnum(p, i, 4) && p->t[i].ndig == 4 && p->t[i].val / 100 <= 23 &&
             p->t[i].val % 100 <= 59 &&
             (tx_military_after(p, i + 1) ||
              (is_text(p, i + 1, "hours") && i > 0 &&
               (is_w(p, i - 1, W_AT) || is_p(p, i - 1, '('))))) {
    /* military time: "(1830 GMT)", "at 1400 hours", "2000 hrs IST",
    ** "1700 local time" */
    h = p->t[i].val / 100;
    mi = p->t[i].val % 100;
    j = i + 1;
    if (!is_c(p, j, C_ZONE)) { /* (the zone is time_date_after's) */
      size_t a = tx_military_after(p, j);
      j += a ? a : 1; /* "hours" */
    }
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
        /* a ratio: "scale 1:24", "a 1:24 scale model", "odds of 3:10" */
        if (p->t[j].punct == ':' &&
            ((i > 0 && (is_text(p, i - 1, "scale") ||
                        is_text(p, i - 1, "scala") ||
                        is_text(p, i - 1, "ratio") ||
                        is_text(p, i - 1, "odds") ||
                        (is_w(p, i - 1, W_OF) && i > 1 &&
                         (is_text(p, i - 2, "ratio") ||
                          is_text(p, i - 2, "odds"))))) ||
             is_text(p, j + 2, "scale")))
          return 0;
        mi = p->t[j + 1].val;
        j += 2;
        colon = p->t[j - 2].punct == ':';
        if (is_p(p, j, ':') && tight(p, j) && is_pnum(p, j + 1, 2) &&
            tight(p, j + 1)) {
          s->second = p->t[j + 1].val;
          secs = 1;
          j += 2;
        }
        fig = j;
        if (i > 0 && (is_p(p, i - 1, ':') || is_p(p, i - 1, '-')) &&
            !p->t[i].gap)
          return 0;
        /* a video's length after a bar: "Flying metal suit | 0:30" */
        if (i > 0 && is_p(p, i - 1, '|') && !is_c(p, j, C_ZONE)) {
          int ampm = -1;
          if (!ampm_at(p, j, &ampm)) return 0;
        }
      } else if (is_text(p, j, "o") && is_p(p, j + 1, '\'') &&
                 is_text(p, j + 2, "clock")) {
        j += 3;
      } else if ((e = ampm_at(p, j, &pm)) != 0) {
        j = e;
      } else if (!(is_w(p, j, W_IN) && is_w(p, j + 1, W_THE) &&
                   is_c(p, j + 2, C_POD) && h >= 1 && h <= 12)) {
        return 0; /* not "4 in the morning" either */
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
  e = time_date_after(p, j, s);
  /* "a 1 p.m. start", "an 8 p.m. kickoff", "a 4 p.m. slot": a kind of
  ** slot in a schedule, not a time on the day the story is at ("the NFL
  ** moved the game from a 4:25 kickoff to a 1 p.m. start", said on
  ** Monday, is not Monday 13:00); "a 2 p.m. news conference" and "a 10
  ** p.m. curfew" stay times of that day */
  if (s->anchor && i > 0 && (is_w(p, i - 1, W_A) || is_w(p, i - 1, W_AN)) &&
      slot_noun(p, e))
    return 0;
  if (colon && pm < 0 && s->anchor && e == fig &&
      clock_is_length(p, i, fig, secs))
    return 0;
  return e;
}
