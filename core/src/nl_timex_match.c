/*
** nl_timex_match.c -- quantities, durations, sets and vague expressions of
** the timex grammar, and the matcher that tries every parser at a token
** (the others: nl_timex_dates.c, nl_timex_rel.c, nl_timex_quarter.c).
** Each try_* function recognises one family of
** expressions starting at a token and returns the end token (exclusive), or
** 0 when it does not match, filling a tx_sem with what the words say
** (resolution against the DCT is nl_timex_resolve.c's job).
*/
#include "nl_calendar.h"
#include "nl_timex_grammar.h"
#include "nl_timex_start.h"

/* ---- numbers ---------------------------------------------------------- */

/*
** A tx_quantity before a unit: 3, 2 1/2, 1.5, "two", "a", "a few",
** "several", "a couple of".  *v < 0 means unspecified (X).
*/
/* "three and a half (years)": adds the half, returns the new end. */
static size_t and_a_half(const tx_p *p, size_t j, double *v) {
  if (is_w(p, j, W_AND) && (is_w(p, j + 1, W_A) || is_w(p, j + 1, W_AN)) &&
      is_w(p, j + 2, W_HALF) && unit_of(p, j + 3)) {
    *v += 0.5;
    return j + 3;
  }
  return j;
}

static size_t quantity1(const tx_p *p, size_t i, double *v) {
  size_t j;
  if (is_pnum(p, i, 6)) {
    if (tx_group_tail(p, i)) return 0; /* the 000 of 1,000 */
    *v = p->t[i].val;
    j = i + 1;
    if (p->t[i].ndig <= 3 && (j = tx_grouped_end(p, i)) > i + 1) {
      if (j != i + 3) return 0; /* millions are amounts */
      *v = *v * 1000 + p->t[i + 2].val; /* 1,000 */
      return j;
    }
    if (is_p(p, j, '.') && tight(p, j) && is_pnum(p, j + 1, 3) &&
        tight(p, j + 1)) {
      double f = p->t[j + 1].val;
      int k;
      for (k = 0; k < p->t[j + 1].ndig; k++)
        f /= 10;
      *v += f;
      j += 2;
    } else if (is_pnum(p, j, 1) && is_p(p, j + 1, '/') &&
               is_pnum(p, j + 2, 1) && p->t[j + 2].val > 0) {
      *v += (double)p->t[j].val / p->t[j + 2].val;
      j += 3;
    }
    return and_a_half(p, j, v);
  }
  if ((j = tx_num_words(p, i, v)) != 0) {
    if (is_w(p, j, W_THOUSAND)) {
      *v *= 1000;
      j++;
    }
    return and_a_half(p, j, v);
  }
  if (is_w(p, i, W_A) || is_w(p, i, W_AN)) {
    if (is_c(p, i + 1, C_VAGUE) && p->t[i + 1].val == 2) {
      *v = -1;
      return i + 2;
    }
    if (is_w(p, i + 1, W_COUPLE) && is_w(p, i + 2, W_OF)) {
      *v = 2;
      return i + 3;
    }
    if (is_w(p, i + 1, W_HUNDRED) || is_w(p, i + 1, W_THOUSAND)) {
      *v = is_w(p, i + 1, W_HUNDRED) ? 100 : 1000; /* a hundred years */
      return i + 2;
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
  /* "the next couple of years" (after next/past/last: no article) */
  if (is_w(p, i, W_COUPLE) && is_w(p, i + 1, W_OF) && i > 0 &&
      is_c(p, i - 1, C_REL)) {
    *v = 2;
    return i + 2;
  }
  return 0;
}

/*
** quantity1 or a range "two to three", "12-18", "two or three": the upper
** bound (TimeBank's reading of "two to three weeks" is P3W).
*/
size_t tx_quantity(const tx_p *p, size_t i, double *v) {
  size_t k = quantity1(p, i, v), e;
  double r;
  if (!k || *v < 0) return k;
  if ((is_w(p, k, W_TO) || is_text(p, k, "or") ||
       (is_p(p, k, '-') && !unit_of(p, k + 1))) &&
      (e = quantity1(p, k + 1, &r)) != 0 && r > *v && unit_of(p, e)) {
    *v = r;
    return e;
  }
  return k;
}

static size_t core(const tx_p *p, size_t i, tx_sem *s);

/*
** "mid-afternoon", "by mid afternoon", "late morning yesterday": a part of
** day placed by early/late/mid is a time of the day named after it, else
** of the report's day (TimeML keeps the position out of the value:
** 1998-03-06TAF).  j is the part-of-day word.
*/
static size_t pos_pod(const tx_p *p, size_t j, tx_sem *s) {
  tx_sem d;
  size_t e;
  sem_init(&d);
  if ((e = core(p, j + 1, &d)) != 0 && d.type == NL_TIMEX_DATE && !d.pod &&
      d.hour < 0 &&
      ((d.form == F_REL && d.unit == U_DAY && !d.anchor) || d.form == F_WDAY)) {
    *s = d; /* mid-afternoon yesterday, late morning Friday */
    s->pod = (uint8_t)p->t[j].val;
    s->type = NL_TIMEX_TIME;
  } else {
    e = j + 1;
    story_pod(s, p->t[j].val);
    s->rel_n = 0;
  }
  return e;
}

/* early/late/mid, earlier/later, the end/beginning/middle of + date. */
static size_t try_pos(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i, e;
  int mod = 0;
  if (is_w(p, j, W_THE) && is_c(p, j + 1, C_POS)) {
    /* "the late 1970s", "the early summer" (not "the late Mr. X") */
    tx_sem d;
    sem_init(&d);
    e = try_pos(p, j + 1, &d);
    if (!e || (d.gran != G_DECADE && d.gran != G_SEASON)) return 0;
    *s = d;
    return e;
  }
  if (is_c(p, j, C_POS)) {
    mod = p->t[j].val;
    j++;
    if (is_p(p, j, '-') && tight(p, j)) j++;
    if (is_c(p, j, C_POD) && p->t[j].val <= P_NI) return pos_pod(p, j, s);
  } else if (is_c(p, j, C_DIR) && (p->t[j].val == 1 || p->t[j].val == -1) &&
             (is_text(p, j, "earlier") || is_text(p, j, "later"))) {
    j++;
    mod = 0;
    /* "earlier this year", "later yesterday" are one expression;
    ** "earlier Friday" is not (TimeBank). */
    if (!(is_c(p, j, C_REL) && p->t[j].val == 0) && !is_w(p, j, W_THAT) &&
        !(is_c(p, j, C_REF) && p->t[j].val == R_YESTERDAY))
      return 0;
  } else if (is_w(p, j, W_THE) &&
             (is_w(p, j + 1, W_END) || is_w(p, j + 1, W_BEGIN) ||
              is_w(p, j + 1, W_MIDDLE)) &&
             is_w(p, j + 2, W_OF)) {
    mod = is_w(p, j + 1, W_END)     ? M_END
          : is_w(p, j + 1, W_BEGIN) ? M_START
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
static int clause_end(const tx_p *p, size_t j) {
  return j >= p->n || (p->t[j].kind == TK_PUNCT && p->t[j].punct != '$' &&
                       p->t[j].punct != '\'');
}

/* "-long" after a unit: "a day-long meeting", "decades-long". */
static int long_after(const tx_p *p, size_t i) {
  return is_p(p, i + 1, '-') && tight(p, i + 1) && tight(p, i + 2) &&
         is_text(p, i + 2, "long");
}

/*
** "two days after Friday", "the day before last Tuesday", "a week after
** March 1": an offset of days or weeks from a day named right after
** before/after (token k) is that day moved, a date; days is the offset's
** length.  Returns the end of the named day, or 0 when none follows.
*/
static size_t offset_day(const tx_p *p, size_t k, int days, tx_sem *s) {
  tx_sem d;
  size_t e;
  if (!is_c(p, k, C_DIR) || (p->t[k].val != 1 && p->t[k].val != -1) ||
      !(is_text(p, k, "before") || is_text(p, k, "after")))
    return 0;
  sem_init(&d);
  e = core(p, k + 1, &d);
  if (!e || d.type != NL_TIMEX_DATE || d.hour >= 0 || d.pod || d.mod ||
      !(d.form == F_WDAY ||
        (d.form == F_ABS && d.gran == G_DAY && d.month > 0 && d.day > 0)))
    return 0;
  *s = d;
  s->shift = (int16_t)(p->t[k].val * days);
  return e;
}

/*
** [the] [first] QUANTITY UNIT [ago|earlier|later|before|after|from now],
** and the adjectival "two-year".  Ages ("five years old") are skipped.
*/
static size_t try_quant(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i, k, e;
  double q;
  int u, counted = 0;
  if (is_w(p, j, W_THE)) j++;
  if (j > i &&
      ((is_c(p, j, C_ORD) && p->t[j].val == 1) || is_w(p, j, W_LATEST)))
    j++;
  if (!(k = tx_quantity(p, j, &q))) return 0;
  if (is_w(p, k, W_MORE) || is_text(p, k, "additional") ||
      is_text(p, k, "extra") || is_text(p, k, "trading") ||
      is_text(p, k, "business") || is_text(p, k, "working") ||
      is_text(p, k, "straight") || is_text(p, k, "consecutive"))
    k++, counted = 1; /* two more weeks, eight trading days, an extra year */
  if (is_p(p, k, '-') && tight(p, k) && unit_of(p, k + 1) && tight(p, k + 1) &&
      q >= 0 && unit_of(p, k + 1) != U_QUARTER) {
    u = unit_of(p, k + 1);
    k += 2;
    if (is_p(p, k, '-') && tight(p, k) && is_w(p, k + 1, W_OLD)) {
      s->type = 255; /* an age */
      return k + 2;
    }
    if (long_after(p, k - 1)) k += 2; /* two-year-long */
    s->type = NL_TIMEX_DURATION;
    s->form = F_DUR;
    s->unit = (uint8_t)u;
    s->dur_n = q * weeks_per(p, k - 1 - 2 * (size_t)is_text(p, k - 1, "long"));
    return k;
  }
  if (!(u = unit_of(p, k))) return 0;
  if (q == 1 && p->t[k].plural) return 0;
  if (u == U_DAY && j == i && i > 0 && is_text(p, i, "one") &&
      !p->t[k].plural && is_modal(p, i - 1)) {
    set_lit(s, "FUTURE_REF"); /* "Islam will one day be": some day ahead */
    return k + 1;
  }
  if (q > 0) q *= weeks_per(p, k); /* a fortnight ago: two weeks */
  if (is_p(p, k + 1, '-') && tight(p, k + 1) && tight(p, k) == 0 &&
      is_c(p, k + 2, C_DIR))
    return 0;
  if ((is_w(p, j, W_A) || is_w(p, j, W_AN)) && long_after(p, k))
    return 0; /* "a year-long strike": the compound, at the unit */
  if ((is_w(p, j, W_A) || is_w(p, j, W_AN)) && !is_c(p, k + 1, C_DIR) &&
      !(is_p(p, k + 1, '-') && tight(p, k + 1))) {
    /* "$5 a year", "twice a week", "500 cars a week": a rate, not a
    ** duration ("5 days a week": the days are the duration's) */
    if (i > 0 &&
        (is_num(p, i - 1) || is_w(p, i - 1, W_TWICE) ||
         is_w(p, i - 1, W_ONCE) || is_w(p, i - 1, W_TIMES) ||
         is_p(p, i - 1, '%') || is_text(p, i - 1, "percent") ||
         is_text(p, i - 1, "million") || is_text(p, i - 1, "billion") ||
         (i > 1 && p->t[i - 1].kind == TK_WORD &&
          p->t[i - 1].cls == C_NONE &&
          (is_num(p, i - 2) || is_c(p, i - 2, C_NUMW))))) {
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
  if (u == U_SEC && is_w(p, j, W_A)) return 0; /* "a second time" */
  if (u == U_QUARTER && (!p->t[k - 1].plural || is_w(p, k, W_OF)))
    return 0; /* "a quarter of", fractions */
  if (is_w(p, k, W_AND) && is_w(p, k + 1, W_A) && is_w(p, k + 2, W_HALF) &&
      q >= 0) {
    q += 0.5; /* a minute and a half */
    k += 3;
  }
  if (is_text(p, k, "or") && (is_text(p, k + 1, "so") ||
                              (is_c(p, k + 1, C_NUMW) && !unit_of(p, k + 2))))
    k += 2; /* a year or so, a year or two */
  s->unit = (uint8_t)u;
  s->dur_n = q;
  /* (not "eight trading days after Oct. 12": not calendar days) */
  if ((u == U_DAY || u == U_WEEK) && !counted && q >= 1 && q <= 400 &&
      q == (int)q &&
      (e = offset_day(p, k, (int)q * (u == U_WEEK ? 7 : 1), s)) != 0)
    return e; /* "two days after Friday" */
  if (is_c(p, k, C_DIR) && p->t[k].val == -2) { /* ago */
    s->form = F_REL;
    s->rel_n = q < 0 ? 0 : -(int)q;
    if (q < 0) set_lit(s, "PAST_REF");
    return k + 1;
  }
  if ((is_text(p, k, "earlier") || is_text(p, k, "later") ||
       ((is_text(p, k, "before") || is_text(p, k, "after")) &&
        clause_end(p, k + 1))) &&
      j == i && u >= U_QUARTER) {
    /* "a year earlier", "a quarter later": the comparison period, a date
    ** that moves the story.  Shorter offsets ("three days later", "a week
    ** earlier", "an hour later") are durations: TimeML marks the quantity
    ** and leaves later/earlier/before/after outside as a signal. */
    s->form = F_REL;
    s->anchor = 1;
    s->rel_n = (int)q * p->t[k].val;
    if (q < 0) set_lit(s, p->t[k].val < 0 ? "PAST_REF" : "FUTURE_REF");
    return k + 1;
  }
  if (is_w(p, k, W_FROM) && is_c(p, k + 1, C_REF) && p->t[k + 1].val == R_NOW) {
    s->form = F_REL;
    s->rel_n = (int)q;
    if (q < 0) set_lit(s, "FUTURE_REF");
    return k + 2;
  }
  s->type = NL_TIMEX_DURATION;
  s->form = F_DUR;
  return k;
}

/*
** Bare plural units as vague durations: "for years", "in recent months";
** a unit before "-long" is the compound's duration ("a year-long strike",
** "decades-long": TimeML marks it without the article).
*/
static size_t try_vague(const tx_p *p, size_t i, tx_sem *s) {
  int u = unit_of(p, i);
  if (u >= U_HOUR && u != U_WEEKEND && long_after(p, i)) {
    s->type = NL_TIMEX_DURATION;
    s->form = F_DUR;
    s->unit = (uint8_t)u;
    s->dur_n = p->t[i].plural ? -1 : weeks_per(p, i);
    return i + 3;
  }
  if (!u || !p->t[i].plural || u < U_HOUR || i == 0) return 0;
  if (u == U_DAY && is_text(p, i - 1, "these") && !is_w(p, i + 1, W_OF) &&
      !(i > 1 && is_text(p, i - 2, "on"))) {
    /* "these days" (the extent takes "these"); "open on these days" points
    ** back at days named before */
    set_lit(s, "PRESENT_REF");
    return i + 1;
  }
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

/*
** "daily" as the noun, a newspaper: in a name ("the China Daily", "the
** Daily Telegraph": title case inside a sentence), before the paper's name
** ("the business daily Handelsblatt", "the party daily Granma"), or after
** an article with nothing after it ("the daily said", "a daily,").
*/
static int daily_noun(const tx_p *p, size_t i) {
  if (!is_text(p, i, "daily")) return 0;
  if (title_case(p, i) && i > 0 && p->t[i - 1].kind == TK_WORD) return 1;
  if (title_case(p, i + 1)) return 1;
  return i > 0 && (is_w(p, i - 1, W_THE) || is_w(p, i - 1, W_A)) &&
         (clause_end(p, i + 1) || is_c(p, i + 1, C_PAST));
}

/* Is the title-case word at i part of a name or title: "Entertainment
** Weekly", "the Daily Mail" -- a capitalised word the lexicon does not
** know next to it? */
static int title_word(const tx_p *p, size_t i) {
  int before, after;
  /* title case only: capitals headlines ("U.S. WEEKLY JOBLESS CLAIMS")
  ** keep their set words */
  if (!title_case(p, i)) return 0;
  before = i > 0 && p->t[i - 1].kind == TK_WORD && p->t[i - 1].cap &&
           p->t[i - 1].cls == C_NONE && p->t[i].gap;
  after = i + 1 < p->n && p->t[i + 1].kind == TK_WORD && p->t[i + 1].cap &&
          p->t[i + 1].cls == C_NONE && p->t[i + 1].gap;
  return before || after;
}

/* Is the word before "per" (at j) a measure of something other than
** money or goods -- "megabits per second", "15 million instructions per
** second", "miles per hour" -- so that "per second" is a unit of a rate,
** no set of times? */
static int rate_unit_before(const tx_p *p, size_t j) {
  static const tx_word unit[] = {
      TX_WORD("bits"),         TX_WORD("bytes"),       TX_WORD("kilobits"),
      TX_WORD("megabits"),     TX_WORD("gigabits"),    TX_WORD("kilobytes"),
      TX_WORD("megabytes"),    TX_WORD("gigabytes"),   TX_WORD("kbps"),
      TX_WORD("mbps"),         TX_WORD("instructions"), TX_WORD("operations"),
      TX_WORD("calculations"), TX_WORD("frames"),      TX_WORD("cycles"),
      TX_WORD("revolutions"),  TX_WORD("beats"),       TX_WORD("words"),
      TX_WORD("pages"),        TX_WORD("pixels"),      TX_WORD("characters"),
      TX_WORD("metres"),       TX_WORD("meters"),      TX_WORD("miles"),
      TX_WORD("kilometres"),   TX_WORD("kilometers"),  TX_WORD("km"),
      TX_WORD("feet"),         TX_WORD("knots"),       TX_WORD("litres"),
      TX_WORD("liters"),       TX_WORD("gallons"),     TX_WORD("packets"),
      TX_WORD("requests"),     TX_WORD("queries"),     TX_WORD("transactions"),
      {NULL, 0}};
  return j > 0 && in_words(p, j - 1, unit);
}

/* An ordinal of a weekday's place in a month: first .. fifth, or last. */
static int month_place(const tx_p *p, size_t i) {
  int o = ord_of(p, i);
  return (o >= 1 && o <= 5) || is_text(p, i, "last");
}

/* "first and third Wednesday of each month", "last Friday of every
** month": a weekday's places in each month, a set of those weekdays
** (the weekday alone was dated to the week of the report). */
static size_t month_wday_set(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i + 1;
  if (!month_place(p, i)) return 0;
  while ((is_w(p, j, W_AND) || is_p(p, j, ',')) && month_place(p, j + 1))
    j += 2;
  if (!is_c(p, j, C_WDAY) || !each_month_at(p, j + 1)) return 0;
  s->type = NL_TIMEX_SET;
  s->form = F_LIT;
  s->wday = p->t[j].val;
  return j + 4;
}

/* Sets: daily, every week, each Thursday, every morning, per year, the
** first Monday of each month. */
static size_t try_set(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i, k;
  double q = 1;
  if ((k = month_wday_set(p, i, s)) != 0) return k;
  if (is_c(p, i, C_SETW) && !is_text(p, i, "annual") &&
      !is_text(p, i, "quarterly") && !is_text(p, i, "annually") &&
      !daily_noun(p, i) && !title_word(p, i)) {
    s->type = NL_TIMEX_SET;
    s->form = F_DUR;
    s->unit = (uint8_t)p->t[i].val;
    s->dur_n = 1;
    return i + 1;
  }
  if (!(is_w(p, j, W_EVERY) || is_w(p, j, W_EACH) || is_w(p, j, W_PER)))
    return 0;
  if (is_w(p, j, W_PER) && rate_unit_before(p, j)) return 0;
  j++;
  if (is_text(p, j, "other")) {
    q = 2;
    j++;
  } else if ((k = tx_quantity(p, j, &q)) != 0 && unit_of(p, k)) {
    j = k;
  }
  s->type = NL_TIMEX_SET;
  if (unit_of(p, j) && unit_of(p, j) != U_WEEKEND) {
    s->form = F_DUR;
    s->unit = (uint8_t)unit_of(p, j);
    s->dur_n = (q < 0 ? 1 : q) * weeks_per(p, j);
    return j + 1;
  }
  if (is_c(p, j, C_WDAY) && is_w(p, i, W_PER) == 0) {
    s->form = F_LIT;
    s->wday = p->t[j].val;
    return tx_pod_after(p, j + 1, s);
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

/* "the weekend", "the week of March 6". */
static size_t try_the_unit(const tx_p *p, size_t i, tx_sem *s) {
  if (!is_w(p, i, W_THE)) return 0;
  /* "the weeks ahead" (as "the coming weeks"), "over the years": a span
  ** of unspecified length, a duration */
  if (unit_of(p, i + 1) >= U_DAY && unit_of(p, i + 1) != U_WEEKEND &&
      p->t[i + 1].plural &&
      (is_text(p, i + 2, "ahead") ||
       (i > 0 && (is_text(p, i - 1, "over") || is_text(p, i - 1, "through") ||
                  is_text(p, i - 1, "throughout")) &&
        !is_w(p, i + 2, W_OF)))) {
    s->type = NL_TIMEX_DURATION;
    s->form = F_DUR;
    s->unit = (uint8_t)unit_of(p, i + 1);
    s->dur_n = -1;
    return i + 2 + (size_t)is_text(p, i + 2, "ahead");
  }
  /* "the day before last Tuesday": that day moved ("the week before last
  ** Friday's vote" is a stretch, not a day) */
  if (unit_of(p, i + 1) == U_DAY && !p->t[i + 1].plural) {
    size_t e = offset_day(p, i + 2, 1, s);
    if (e) return e;
  }
  /* the day after tomorrow, the day before yesterday, the week before
  ** last, the year after next: two units from the DCT */
  if (unit_of(p, i + 1) >= U_DAY && unit_of(p, i + 1) != U_WEEKEND &&
      !p->t[i + 1].plural &&
      (is_text(p, i + 2, "before") || is_text(p, i + 2, "after"))) {
    int before = is_text(p, i + 2, "before"), u = unit_of(p, i + 1);
    if ((u == U_DAY && is_c(p, i + 3, C_REF) &&
         p->t[i + 3].val == (before ? R_YESTERDAY : R_TOMORROW)) ||
        (u != U_DAY && is_c(p, i + 3, C_REL) &&
         p->t[i + 3].val == (before ? -1 : 1) && !unit_of(p, i + 4) &&
         !is_c(p, i + 4, C_WDAY) && !is_c(p, i + 4, C_MONTH) &&
         !is_c(p, i + 4, C_SEASON))) {
      s->form = F_REL;
      s->unit = (uint8_t)u;
      s->gran = u == U_DAY ? G_DAY : u == U_WEEK ? G_WEEK
              : u == U_MONTH ? G_MONTH : u == U_YEAR ? G_YEAR : G_DAY;
      s->rel_n = before ? -2 : 2;
      return i + 4;
    }
  }
  if (unit_of(p, i + 1) >= U_DAY && !p->t[i + 1].plural &&
      (is_text(p, i + 2, "before") || is_text(p, i + 2, "after")) &&
      clause_end(p, i + 3)) {
    s->form = F_REL; /* the day before, the week after: narrative */
    s->unit = (uint8_t)unit_of(p, i + 1);
    s->anchor = 1;
    s->rel_n = is_text(p, i + 2, "before") ? -1 : 1;
    return i + 3;
  }
  if (unit_of(p, i + 1) == U_WEEKEND && !p->t[i + 1].plural) {
    s->form = F_REL;
    s->unit = U_WEEKEND;
    s->rel_n = 0;
    s->need_tense = 1;
    return i + 2;
  }
  {
    size_t j = i + 1;
    while (is_text(p, j, "full") || is_w(p, j, W_FISCAL) ||
           (is_c(p, j, C_REF) && p->t[j].val == R_PRESENT) ||
           is_w(p, j, W_LATEST))
      j++;
    if (unit_of(p, j) == U_YEAR && !p->t[j].plural && !is_p(p, j + 1, '-') &&
        !is_p(p, j + 1, '\'') && !tx_year_at(p, j + 1, &(int){0})) {
      if (is_text(p, j + 1, "ended") || is_text(p, j + 1, "ending")) {
        s->type = NL_TIMEX_DURATION; /* the year ended Sept. 30 */
        s->form = F_DUR;
        s->unit = U_YEAR;
        s->dur_n = 1;
        return j + 1;
      }
      if (is_c(p, j + 1, C_DIR) || is_c(p, j + 1, C_REL)) return 0;
      s->form = F_REL;
      s->unit = U_YEAR;
      s->rel_n = is_w(p, j - 1, W_LATEST) ? -1 : 0;
      return j + 1;
    }
  }
  if (unit_of(p, i + 1) == U_WEEK && is_w(p, i + 2, W_OF)) {
    tx_sem d;
    size_t e;
    sem_init(&d);
    if ((e = tx_try_month(p, i + 3, &d)) != 0 && d.day > 0) {
      *s = d;
      s->gran = G_WEEK;
      return e;
    }
  }
  return 0;
}

/* Start kinds: a bit per word class, plus numbers and the apostrophe. */
#define K(c) (1u << (c))
#define K_NUM (1u << 30)
#define K_APOS (1u << 31)

static unsigned start_kind(const tx_tok *t) {
  if (t->kind == TK_NUM) return K_NUM;
  if (t->kind == TK_PUNCT) return t->punct == '\'' ? K_APOS : 0;
  return K(t->cls);
}

/*
** Each parser with the kinds of token it can start at (a cheap filter), in
** the order core() tries them (ties go to the earlier one).
*/
#define TX_TRIES(X)                                                            \
  X(tx_try_month, K(C_MONTH), 1)                                               \
  X(tx_try_day_month, K_NUM | K(C_ORD) | K(C_MISC) | K(C_UNIT),                \
    day_month_may(p, i))                                                       \
  X(tx_try_weekday, K(C_WDAY), 1)                                              \
  X(tx_try_year, K_APOS | K_NUM | K(C_MISC) | K(C_NUMW), year_may(p, i))       \
  X(tx_try_numeric, K_NUM, numeric_may(p, i))                                  \
  X(tx_try_time, K_NUM | K(C_POD), time_may(p, i))                             \
  X(tx_try_ref, K(C_MISC) | K(C_REF) | K(C_VAGUE), ref_may(p, i))              \
  X(tx_try_rel, K(C_MISC) | K(C_REL) | K(C_REF) | K(C_VAGUE),                  \
    rel_may(p, i))                                                             \
  X(try_pos, K(C_POS) | K(C_DIR) | K(C_MISC), pos_may(p, i))                   \
  X(try_quant, K(C_MISC) | K_NUM | K(C_NUMW) | K(C_VAGUE), quant_may(p, i))    \
  X(try_vague, K(C_UNIT), p->t[i].plural || is_p(p, i + 1, '-'))              \
  X(tx_try_quarter, K(C_MISC) | K_NUM | K(C_ORD) | K(C_UNIT) | K(C_REL) |      \
                        K(C_REF) | K(C_NUMW),                                  \
    quarter_may(p, i))                                                         \
  X(tx_try_season, K(C_MISC) | K(C_SEASON), season_may(p, i))                  \
  X(tx_try_century, K(C_MISC) | K_NUM | K(C_ORD), century_may(p, i))           \
  X(try_set, K(C_SETW) | K(C_MISC) | K(C_ORD) | K(C_REL) | K(C_UNIT),          \
    set_may(p, i))                                                             \
  X(tx_try_holiday, K(C_MISC), holiday_may(p, i))                              \
  X(try_the_unit, K(C_MISC), is_w(p, i, W_THE))                                \
  X(tx_try_year_end, K(C_UNIT), 1)                                             \
  X(tx_try_qh, K_NUM, 1)

/*
** Gates: each the first test of its parser, which returns 0 without it,
** made here before the parser's blank tx_sem and call (most tries fail
** at that test).  Keep them in step with the parsers.
*/
/* tx_try_day_month: [the] then a day of month, a number or an ordinal. */
static int day_month_may(const tx_p *p, size_t i) {
  size_t j = i + (size_t)is_w(p, i, W_THE);
  return is_num(p, j) || ord_of(p, j);
}
/* tx_try_year: '80s, the ..., or a year (four digits, or in words) after
** an optional "fiscal"/"calendar". */
static int year_may(const tx_p *p, size_t i) {
  size_t j = i;
  if (is_p(p, i, '\'') || is_w(p, i, W_THE)) return 1;
  if (is_w(p, i, W_FISCAL) || is_w(p, i, W_CALENDAR)) j++;
  return (is_num(p, j) && p->t[j].ndig == 4) || is_c(p, j, C_NUMW);
}
/* try_quant: [the [first|latest]] then the start of a quantity (quantity1:
** a number, a number word, "a"/"an", a vague word). */
static int quant_may(const tx_p *p, size_t i) {
  size_t j = i;
  if (is_w(p, j, W_THE)) j++;
  if (j > i &&
      ((is_c(p, j, C_ORD) && p->t[j].val == 1) || is_w(p, j, W_LATEST)))
    j++;
  return is_pnum(p, j, 6) || is_c(p, j, C_NUMW) || is_w(p, j, W_A) ||
         is_w(p, j, W_AN) || (is_c(p, j, C_VAGUE) && p->t[j].val != 4);
}
/* tx_try_quarter: "the ...", or after an optional "fiscal" a year (four
** digits, or in words), an ordinal, a unit ("second", "year-ago"), this /
** last / next, "current" or "latest"; anything else fails its first
** tests and reaches `!the && yrel == 2`. */
static int quarter_may(const tx_p *p, size_t i) {
  size_t j = i;
  const tx_tok *t;
  if (is_w(p, i, W_THE)) return 1;
  if (is_w(p, i, W_FISCAL)) j++;
  if (j >= p->n) return 0;
  t = &p->t[j];
  if (t->kind == TK_NUM) return t->ndig == 4;
  return t->kind == TK_WORD &&
         (t->cls == C_NUMW || t->cls == C_ORD || t->cls == C_UNIT ||
          t->cls == C_REL || t->cls == C_REF ||
          (t->cls == C_MISC && t->id == W_LATEST));
}
/* tx_try_time: noon/midnight (a part of day), a four-digit military time,
** or an hour (a number of two digits or fewer, up to 24). */
static int time_may(const tx_p *p, size_t i) {
  return is_c(p, i, C_POD) ||
         (is_num(p, i) && (p->t[i].ndig == 4 ||
                           (p->t[i].ndig <= 2 && p->t[i].val <= 24)));
}
/* tx_try_ref: the ..., "future", a reference word (now, today, ...), or
** a ... "date". */
static int ref_may(const tx_p *p, size_t i) {
  return is_w(p, i, W_THE) || is_w(p, i, W_FUTURE) || is_c(p, i, C_REF) ||
         (is_w(p, i, W_A) && is_text(p, i + 2, "date"));
}
/* tx_try_rel: [the] then a part of day, last/next/this, "current", that,
** same, or "recent". */
static int rel_may(const tx_p *p, size_t i) {
  size_t j = i + (size_t)is_w(p, i, W_THE);
  return is_c(p, j, C_POD) || is_c(p, j, C_REL) || is_c(p, j, C_REF) ||
         is_w(p, j, W_THAT) || is_w(p, j, W_SAME) || is_c(p, j, C_VAGUE);
}
/* try_pos: early/late/mid, earlier/later, "the" + early/end/beginning/
** middle. */
static int pos_may(const tx_p *p, size_t i) {
  return is_c(p, i, C_POS) || is_c(p, i, C_DIR) ||
         (is_w(p, i, W_THE) &&
          (is_c(p, i + 1, C_POS) || is_w(p, i + 1, W_END) ||
           is_w(p, i + 1, W_BEGIN) || is_w(p, i + 1, W_MIDDLE)));
}
/* tx_try_numeric: a number of two digits or fewer, then - / or '.' */
static int numeric_may(const tx_p *p, size_t i) {
  return is_pnum(p, i, 2) &&
         (is_p(p, i + 1, '-') || is_p(p, i + 1, '/') || is_p(p, i + 1, '.'));
}
/* tx_try_season: [the] season. */
static int season_may(const tx_p *p, size_t i) {
  return is_c(p, i + (size_t)is_w(p, i, W_THE), C_SEASON);
}
/* tx_try_century: [the] 20th or twentieth. */
static int century_may(const tx_p *p, size_t i) {
  size_t j = i + (size_t)is_w(p, i, W_THE);
  return (is_num(p, j) && p->t[j].suffix == 'o' && p->t[j].ndig <= 2) ||
         is_c(p, j, C_ORD);
}
/* try_set: daily, weekly, ...; every, each, per. */
static int set_may(const tx_p *p, size_t i) {
  return is_c(p, i, C_SETW) || is_w(p, i, W_EVERY) || is_w(p, i, W_EACH) ||
         is_w(p, i, W_PER) || month_place(p, i);
}
/* tx_try_holiday: a holiday's first word. */
static int holiday_may(const tx_p *p, size_t i) {
  return p->t[i].cls == C_MISC && tx_holiday_word(p->t[i].id);
}

/*
** The longest expression starting at i (without approximation words): every
** parser whose kinds include the token's, in TX_TRIES order.  Direct calls
** under a test of constant bits, not a loop over function pointers: the
** indirect calls were mispredicted almost every time.
*/
static size_t core(const tx_p *p, size_t i, tx_sem *s) {
  size_t best = 0, e;
  unsigned kind;
  tx_sem cand;
  if (i >= p->n) return 0;
  kind = start_kind(&p->t[i]);
  if (!kind) return 0;
#define TX_TRY(fn, starts, gate)                                               \
  if ((kind & (starts)) && (gate)) {                                           \
    sem_init(&cand);                                                           \
    e = fn(p, i, &cand);                                                       \
    if (e > best) {                                                            \
      best = e;                                                                \
      *s = cand;                                                               \
    }                                                                          \
  }
  TX_TRIES(TX_TRY)
#undef TX_TRY
  return best;
}

/* its, their, his, her, our, your, my ("their following year's quota") */
static int possessive_det(const tx_p *p, size_t i) {
  return is_text(p, i, "its") || is_text(p, i, "their") ||
         is_text(p, i, "his") || is_text(p, i, "her") ||
         is_text(p, i, "our") || is_text(p, i, "your") || is_text(p, i, "my");
}

/* about, nearly, more than, at least, up to, no more than: mod and end. */
static size_t approx_prefix(const tx_p *p, size_t i, int *mod) {
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
** Whether token k, a "today", is part of a name rather than the day:
** capitalised ("Today", "TODAY") and
**  - right after "USA": the newspaper USA Today, and its credits
**    ("Tommy Gilligan-USA TODAY Sports"); "in the USA today" stays a date;
**  - or before "show", "programme" or "program", not opening the sentence:
**    NBC's Today show, the BBC's Today programme ("Figures released today
**    show" is lower case; "Today show jumping begins" opens its sentence).
** An all-caps "TODAY" elsewhere stays a date: wire headlines are written
** in capitals ("OPENS TODAY FOR BIDS" in Reuters-21578), so a run of
** capitals around it says nothing of a name.
*/
static int today_in_name(const tx_p *p, size_t k) {
  const tx_tok *w = &p->t[k];
  if (!(w->cls == C_REF && w->val == R_TODAY && w->cap)) return 0;
  if (k > 0 && p->t[k - 1].kind == TK_WORD &&
      p->t[k - 1].end - p->t[k - 1].start == 3 &&
      memcmp(p->text + p->t[k - 1].start, "USA", 3) == 0)
    return 1;
  return k > 0 && p->t[k - 1].kind == TK_WORD &&
         (is_text(p, k + 1, "show") || is_text(p, k + 1, "programme") ||
          is_text(p, k + 1, "program"));
}

/*
** Whether token k, a "Now", ends a product's or group's name rather than
** saying the present: written "Now" right after a capitalised word on the
** same line, and
**  - that word has a capital right after a small letter, a brand's
**    camel case (PlayStation Now, GeForce Now, DirecTV Now: 9 timeline
**    events in the feeds corpus), not a Mc/Mac name's ("McConnell Now
**    Backs Bill") nor an acronym ("The US Now Faces", "Why the EU Now
**    Matters": headlines; "PS Now" is missed with them);
**  - or the two open their line or sentence before a colon (the sponsor
**    line "Jamf Now: Set up and protect your Apple devices", 9 more).
** "Why Apple Must Act Now", "Trending Right Now:" stay the present: a
** headline's capitals are plain words, and "Act" has no inner capital.
*/
static int now_in_name(const tx_p *p, size_t k) {
  const tx_tok *w = &p->t[k], *b;
  const char *s;
  size_t len, q;
  if (!(w->cls == C_REF && w->val == R_NOW && w->cap) || k == 0 ||
      p->text[w->start + 1] == 'O')
    return 0;
  b = &p->t[k - 1];
  s = p->text + b->start;
  len = b->end - b->start;
  if (b->kind != TK_WORD || !b->cap || !w->gap ||
      memchr(p->text + b->end, '\n', w->start - b->end))
    return 0;
  for (q = 1; q < len; q++)
    if (s[q] >= 'A' && s[q] <= 'Z' && s[q - 1] >= 'a' && s[q - 1] <= 'z' &&
        !(q == 2 && s[0] == 'M' && s[1] == 'c') &&
        !(q == 3 && s[0] == 'M' && s[1] == 'a' && s[2] == 'c'))
      return 1;
  return is_p(p, k + 1, ':') &&
         (k == 1 || memchr(p->text + p->t[k - 2].end, '\n',
                           b->start - p->t[k - 2].end) ||
          (p->t[k - 2].kind == TK_PUNCT &&
           strchr(".!?", p->t[k - 2].punct)));
}

/*
** The expression ending before token e is the first period of a
** comparison of like periods, an adjective or adverb, not a time: hyphened
** ("a year-on-year rise", "quarter-to-quarter", "year-over-year") or
** open with the same unit twice ("The year on year rate", "rose 3 pct
** month on month"; not "the year to March", a period).
*/
static int like_periods(const tx_p *p, size_t e) {
  int u = e > 0 ? unit_of(p, e - 1) : 0;
  if (!u || e + 1 >= p->n) return 0;
  if (is_p(p, e, '-')) /* "year-on-year" */
    return e + 3 < p->n && tight(p, e) &&
           (is_text(p, e + 1, "on") || is_text(p, e + 1, "to") ||
            is_text(p, e + 1, "over")) &&
           is_p(p, e + 2, '-') && unit_of(p, e + 3);
  return (is_text(p, e, "on") || is_text(p, e, "over")) && /* "year on year" */
         unit_of(p, e + 1) == u && !p->t[e - 1].plural &&
         !p->t[e + 1].plural;
}

/*
** Match an expression at token i (see nl_timex_internal.h; the caller made
** tx_may_start's refusals).  A match with sem.type 255 is a span to skip
** (an age), not an expression.
*/
int tx_match_at(const tx_tok *t, size_t n, size_t i, const char *text,
                tx_match *m) {
  tx_p p;
  size_t j, e;
  int mod = 0;
  p.t = t;
  p.n = n;
  p.text = text;
  j = approx_prefix(&p, i, &mod);
  /* "following Monday's record fall", "following five months of talks":
  ** with no determiner before it "following" is the preposition "after",
  ** outside the expression ("the following Monday" is the next one) */
  if (t[i].cls == C_REL && t[i].val == 1 && t[i].end - t[i].start == 9 &&
      (text[t[i].start] | 0x20) == 'f' &&
      !(i > 0 && t[i - 1].cls == C_MISC &&
        (t[i - 1].id == W_THE || t[i - 1].id == W_A || t[i - 1].id == W_AN ||
         t[i - 1].id == W_THAT || t[i - 1].id == W_EACH ||
         t[i - 1].id == W_EVERY)) &&
      !(i > 0 && t[i - 1].cls == C_REL && t[i - 1].val == 0) &&
      !(i > 0 && possessive_det(&p, i - 1)))
    return 0;
  /* at, up, no, more, less begin only a bound: "at least", "up to" */
  if (j == i && t[i].cls == C_MISC &&
      (t[i].id == W_AT || t[i].id == W_UP || t[i].id == W_NO ||
       t[i].id == W_MORE || t[i].id == W_LESS))
    return 0;
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
  /* "USA TODAY Sports", "NBC's Today show", "PlayStation Now": a name,
  ** no date */
  {
    size_t k;
    for (k = i; k < e; k++)
      if (today_in_name(&p, k) || now_in_name(&p, k)) return 0;
  }
  /* "the quarter-final", "that quarter-final tie": a round of a cup */
  if (e + 1 < n && unit_of(&p, e - 1) == U_QUARTER && is_p(&p, e, '-') &&
      tight(&p, e) && tight(&p, e + 1) &&
      (is_text(&p, e + 1, "final") || is_text(&p, e + 1, "finals") ||
       is_text(&p, e + 1, "finalist") || is_text(&p, e + 1, "finalists")))
    return 0;
  if (like_periods(&p, e)) return 0;
  if (m->sem.gran == G_QUARTER && m->sem.quarter > 0 && !m->sem.need_tense) {
    size_t k; /* "after a flat second quarter": up to two words between */
    for (k = i; k > 0 && i - k < 3 && t[k - 1].kind == TK_WORD; k--)
      if (is_text(&p, k - 1, "after") || is_text(&p, k - 1, "following")) {
        m->sem.need_tense = TX_BACKGROUND;
        break;
      }
  }
  if (m->sem.gran == G_QUARTER && m->sem.quarter > 0 && m->sem.year >= 0 &&
      !m->sem.need_tense) {
    size_t k; /* "compared to 152.1 mln in the first quarter 1986"
              ** (Reuters reut2-015#15841): a comparison's quarter */
    for (k = i; k > 0 && i - k < 8 && !(is_p(&p, k - 1, '.') && t[k].gap) &&
                !is_p(&p, k - 1, ';');
         k--)
      if (is_w(&p, k - 1, W_THAN) || is_text(&p, k - 1, "against") ||
          is_text(&p, k - 1, "versus") ||
          ((is_text(&p, k - 1, "with") || is_text(&p, k - 1, "to")) &&
           k >= 2 && is_text(&p, k - 2, "compared"))) {
        m->sem.need_tense = TX_COMPARED;
        break;
      }
  }
  if (m->sem.form == F_REL && m->sem.unit == U_YEAR && m->sem.rel_n == -1 &&
      m->sem.dur_n == 0) {
    size_t k; /* "up 2.4 pct from 6.44 mln last year": a comparison */
    for (k = i; k > 0 && i - k < 6 && !(is_p(&p, k - 1, '.') && t[k].gap) &&
                !is_p(&p, k - 1, ';');
         k--)
      if (is_w(&p, k - 1, W_FROM) || is_w(&p, k - 1, W_THAN) ||
          is_text(&p, k - 1, "against") || is_text(&p, k - 1, "versus") ||
          (is_text(&p, k - 1, "with") && k >= 2 &&
           is_text(&p, k - 2, "compared"))) {
        m->sem.need_tense = TX_BACKGROUND;
        break;
      }
  }
  /* "the next two years or so": the hedge is part of the expression */
  if ((m->sem.type == NL_TIMEX_DURATION || m->sem.form == F_REL) &&
      is_text(&p, e, "or") && is_text(&p, e + 1, "so"))
    e += 2;
  /* "the third-quarter loss", "the two-week strike": the article belongs
  ** to the noun the compound modifies, not to the expression. */
  if (is_w(&p, i, W_THE) && e - i >= 3 && is_p(&p, e - 2, '-') &&
      tight(&p, e - 2) && tight(&p, e - 1) && e < n && t[e].kind == TK_WORD &&
      (t[e].cls == C_NONE || t[e].cls == C_PAST))
    i++;
  if (i > 0 && is_text(&p, i, "recently") && is_w(&p, i - 1, W_MORE))
    i--; /* "more recently" */
  if (i > 0 && is_text(&p, i - 1, "these") && unit_of(&p, i) == U_DAY &&
      t[i].plural && m->sem.form == F_LIT)
    i--; /* "these days" */
  if (i > 0 && is_c(&p, i, C_WDAY) &&
      (m->sem.day == TX_GOOD_FRIDAY ||
       (m->sem.day == TX_THANKSGIVING && m->sem.shift)))
    i--; /* "Good Friday", "Black Friday": the holiday begins a word back */
  if (t[i].kind == TK_NUM &&
      (m->sem.gran == G_QUARTER || m->sem.gran == G_HALF) &&
      tx_qh_letter(&p, i))
    i--; /* "Q3 2021": the letter belongs to it */
  m->t0 = i;
  m->t1 = e;
  return 1;
}

/* Sentence boundary token. */
