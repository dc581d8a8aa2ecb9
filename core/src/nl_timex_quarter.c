/*
** nl_timex_quarter.c -- the timex grammar's parts of a year: "year-end"
** (tx_try_year_end), quarters and halves in words ("the third quarter",
** "the first half of 1998", "the latest quarter": tx_try_quarter) and in
** letters ("Q3", "3Q", "H1", "1H 2022": tx_try_qh).  Each returns the end
** token (exclusive) or 0 and fills a tx_sem; see nl_timex_match.c.
*/
#include "nl_timex_grammar.h"
#include "nl_timex_start.h"

/*
** "year-end", "year end", "year's end": the end of the current year, of
** the last one after "since" ("the change is since year-end").
*/
size_t tx_try_year_end(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i + 1;
  if (unit_of(p, i) != U_YEAR || p->t[i].plural) return 0;
  if (is_p(p, j, '-') && tight(p, j) && tight(p, j + 1))
    j++;
  else if (is_p(p, j, '\'') && tight(p, j) && is_w(p, j + 1, W_S))
    j += 2;
  if (!is_w(p, j, W_END) || is_w(p, j + 1, W_OF)) return 0;
  s->form = F_REL;
  s->unit = U_YEAR;
  s->gran = G_YEAR;
  s->rel_n = i > 0 && is_text(p, i - 1, "since") ? -1 : 0;
  /* the story's year: "in 1986 ... at year's end"; "since year-end" counts
  ** back from the report (a base year named before it, "the close of
  ** 1969 equaling 100", is not the story's) */
  s->anchor = s->rel_n == 0;
  s->mod = MOD_END;
  return j + 1;
}

/*
** Does the sentence around token i speak of a business or an economy --
** money, a figure in per cent, profits, sales, prices?  A half or quarter
** of no year ("the first half", "second-half", "the first quarter") is
** then one of a (fiscal) year even in a sports story (a club's results);
** elsewhere in a sports story it is one of a match ("the second half
** started as quietly as the first"): tx_sem.match_part, which the tagger
** drops there (nl_timex.c).
*/
static int money_near(const tx_p *p, size_t i) {
  /* (not words sport shares: results, loss, lead, deficit, rate, margin,
  ** recovery, spending, this year's ...: the sentences asked are those of
  ** sports stories) */
  static const tx_word cue[] = {
      TX_WORD("profit"),       TX_WORD("profits"),    TX_WORD("earnings"),
      TX_WORD("sales"),        TX_WORD("revenue"),    TX_WORD("revenues"),
      TX_WORD("growth"),       TX_WORD("economy"),    TX_WORD("economic"),
      TX_WORD("economies"),    TX_WORD("output"),     TX_WORD("prices"),
      TX_WORD("inflation"),    TX_WORD("dividend"),   TX_WORD("dividends"),
      TX_WORD("turnover"),     TX_WORD("demand"),     TX_WORD("exports"),
      TX_WORD("imports"),      TX_WORD("investment"), TX_WORD("investors"),
      TX_WORD("shareholders"), TX_WORD("income"),     TX_WORD("gdp"),
      TX_WORD("market"),       TX_WORD("markets"),    TX_WORD("fiscal"),
      TX_WORD("budget"),       TX_WORD("trading"),    TX_WORD("pretax"),
      TX_WORD("unemployment"), TX_WORD("economists"), TX_WORD("analysts"),
      TX_WORD("company"),      TX_WORD("companies"),  TX_WORD("bank"),
      TX_WORD("banks"),        TX_WORD("business"),   TX_WORD("consumer"),
      TX_WORD("consumers"),    TX_WORD("million"),    TX_WORD("billion"),
      TX_WORD("mln"),          TX_WORD("bln"),        TX_WORD("dlrs"),
      TX_WORD("dollars"),      TX_WORD("pct"),        TX_WORD("percent"),
      TX_WORD("cts"),          TX_WORD("yen"),        TX_WORD("euros"),
      TX_WORD("stg"),          TX_WORD("tonnes"),     TX_WORD("barrels"),
      TX_WORD("bpd"),          TX_WORD("quota"),      TX_WORD("net"),
      {NULL, 0}};
  size_t lo, hi, k;
  tx_sentence_span(p->t, p->n, i, 48, &lo, &hi);
  for (k = lo; k < hi; k++) {
    const tx_tok *t = &p->t[k];
    if (t->kind == TK_WORD) {
      if (in_words(p, k, cue)) return 1;
    } else if (t->kind == TK_PUNCT && t->punct == '%') {
      return 1;
    }
    if (k > lo && t->start > p->t[k - 1].end) { /* money signs between */
      const char *g = p->text + p->t[k - 1].end;
      size_t n = t->start - p->t[k - 1].end, m;
      for (m = 0; m < n; m++)
        if (g[m] == '$' || g[m] == '%' ||
            (m + 1 < n && (unsigned char)g[m] == 0xC2 &&
             (unsigned char)g[m + 1] == 0xA3) ||
            (m + 2 < n && (unsigned char)g[m] == 0xE2 &&
             (unsigned char)g[m + 1] == 0x82 &&
             (unsigned char)g[m + 2] == 0xAC))
          return 1;
    }
  }
  return 0;
}

/* Fiscal quarters and halves: "the third quarter", "third-quarter",
** "the fiscal first quarter of 1990", "the year-ago quarter". */
size_t tx_try_quarter(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i;
  int the = 0, q = 0, ago = 0, u, y, yrel = 2, adj = 0;
  if (is_w(p, j, W_THE)) {
    the = 1;
    j++;
  }
  if (is_w(p, j, W_FISCAL)) s->fiscal = 1, j++;
  if (the && (is_w(p, j, W_COMPARABLE) || is_w(p, j, W_SAME))) {
    adj = 1; /* the corresponding period last year */
    j++;
  }
  if (!the && is_c(p, j, C_REL) && p->t[j].val >= -1 && p->t[j].val <= 1 &&
      unit_of(p, j + 1) == U_YEAR && is_p(p, j + 2, '\'') &&
      is_w(p, j + 3, W_S) && (ord_of(p, j + 4) || unit_of(p, j + 4))) {
    yrel = p->t[j].val; /* this year's third quarter */
    j += 4;
  }
  if (tx_year_at(p, j, &y) &&
      (ord_of(p, j + 1) || (is_p(p, j + 1, '\'') && is_w(p, j + 2, W_S)))) {
    s->year = y;
    j += ord_of(p, j + 1) ? 1 : 3;
  } else if (the && tx_year_at(p, j, &y) &&
             (unit_of(p, j + 1) == U_QUARTER || is_w(p, j + 1, W_PERIOD))) {
    s->year = y; /* the 1988 quarter: the story's quarter, in 1988 */
    j++;
  }
  /* "the first two quarters of 1990", "the last half of 1989": halves of
  ** a named year */
  if (the && s->year < 0 &&
      ((ord_of(p, j) == 1 || (is_c(p, j, C_REL) && p->t[j].val == -1)) &&
       ((is_c(p, j + 1, C_NUMW) && p->t[j + 1].val == 2 &&
         unit_of(p, j + 2) == U_QUARTER && p->t[j + 2].plural &&
         is_w(p, j + 3, W_OF) && tx_year_at(p, j + 4, &y)) ||
        (is_w(p, j + 1, W_HALF) && is_w(p, j + 2, W_OF) &&
         tx_year_at(p, j + 3, &y))))) {
    size_t e = is_w(p, j + 1, W_HALF) ? j + 4 : j + 5;
    s->form = F_ABS;
    s->gran = G_HALF;
    s->half = ord_of(p, j) == 1 ? 1 : 2;
    s->year = y;
    return e;
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
             tight(p, j + 1) &&
             (is_text(p, j + 2, "ago") || is_text(p, j + 2, "earlier"))) {
    ago = 1;
    /* "year-earlier" counts back from the story's period; "year-ago"
    ** from the report's own (resolve_abs) */
    s->anchor = is_text(p, j + 2, "earlier");
    j += 3;
    if (ord_of(p, j) && ord_of(p, j) <= 4 && unit_of(p, j + 1) == U_QUARTER) {
      q = ord_of(p, j); /* the year-earlier third quarter */
      j++;
    } else if (!unit_of(p, j) && !is_w(p, j, W_PERIOD)) {
      s->form = F_ABS;
      s->gran = G_QUARTER;
      s->rel_n = -4;
      return j;
    }
  } else if (!the && yrel == 2) {
    return 0; /* ("last year's quarter": the story's quarter, a year back) */
  }
  if (is_p(p, j, '-') && tight(p, j) && q > 0) j++;
  if (is_w(p, j, W_FISCAL)) s->fiscal = 1, j++;
  u = unit_of(p, j);
  if (!(u == U_QUARTER || (is_w(p, j, W_HALF) && q <= 2 && q >= 1) ||
        (is_w(p, j, W_PERIOD) && (ago || q == 0))))
    return 0;
  if (p->t[j].plural) return 0;
  s->form = F_ABS;
  s->gran = is_w(p, j, W_HALF) ? G_HALF : G_QUARTER;
  s->unit = (uint8_t)(u == U_QUARTER ? U_QUARTER : U_NONE); /* or "period" */
  if (s->gran == G_HALF)
    s->half = q;
  else
    s->quarter = q > 0 && q <= 4 ? q : 0;
  s->rel_n = ago ? -4 : q == -1 ? -1 : 0;
  if (q == 5) s->rel_n = 99; /* the current quarter */
  if (yrel == -1 && q == 0) {
    s->rel_n = -4; /* last year's quarter: the year-ago quarter */
  } else if (yrel != 2) {
    s->rel_n = yrel;
    s->need_tense = 3;
  }
  j++;
  if (q == 0 && the && !ago && yrel == 2 && s->gran == G_QUARTER &&
      (is_text(p, j, "ended") || is_text(p, j, "ending")) &&
      is_c(p, j + 1, C_MONTH)) {
    /* "the quarter ended July 31": the three months up to that end, named
    ** by the calendar quarter of the middle one (May-July: Q2; ended May
    ** 2: February-April, Q1); "ended" puts it before the report */
    int last = p->t[j + 1].val, d = 0;
    if (tx_mday_at(p, j + 2, &d) && d < 15) last = last == 1 ? 12 : last - 1;
    s->quarter = (last + 10) % 12 / 3 + 1;
    if (is_text(p, j, "ended")) { /* the end, for the year (resolve_abs) */
      s->need_tense = 4;
      s->month = p->t[j + 1].val;
      s->day = d;
    }
    return j;
  }
  if (q == 0 && !ago && yrel == 2 && !p->t[j - 1].plural) {
    /* "the quarter a year ago", "the period a year earlier", "the
    ** corresponding period last year": the story's quarter, a year back */
    if (is_c(p, j, C_REL) && p->t[j].val == -1 && unit_of(p, j + 1) == U_YEAR &&
        !p->t[j + 1].plural) {
      s->rel_n = -4;
      return j + 2;
    }
    if (is_w(p, j, W_A) && unit_of(p, j + 1) == U_YEAR &&
        (is_text(p, j + 2, "ago") || is_text(p, j + 2, "earlier"))) {
      s->rel_n = -4;
      s->anchor = is_text(p, j + 2, "earlier");
      return j + 3;
    }
  }
  if (is_w(p, j, W_OF) || is_w(p, j, W_IN) || is_p(p, j, ',')) {
    size_t k = j + 1;
    if (is_w(p, k, W_FISCAL)) k++;
    if (tx_year_at(p, k, &y)) {
      s->year = y;
      return k + 1;
    }
  }
  /* a year right after a numbered quarter or half is its year, as after
  ** "of" (Reuters reut2-003#3900: "an extraordinary loss of six cts a share
  ** in the fourth quarter 1985" is 1985-Q4, not the story's 1986-Q4); not
  ** the first of a split year ("first quarter 1986/87": Siemens' fiscal
  ** year, the split year's own matter) */
  if (q >= 1 && q <= 4) {
    size_t k = is_w(p, j, W_FISCAL) ? j + 1 : j;
    if (tx_year_at(p, k, &y) &&
        !(is_p(p, k + 1, '/') && tight(p, k + 1) && tight(p, k + 2))) {
      s->year = y;
      return k + 1;
    }
  }
  {
    size_t k;
    if (q >= 1 && q <= 4 && (k = of_rel_year(p, j, &y)) != 0) {
      s->rel_n = y; /* "the second half of this year" */
      s->need_tense = 3;
      return k;
    }
    /* "the second half of the year", "of the current fiscal year": the
    ** year in focus, as for "the second half" alone (the tense places it:
    ** "prices rose 15% over 2004, but only 3% in the second half of the
    ** year") -- one expression, not a half and a year */
    k = j + 2;
    if (q >= 1 && q <= 4 && is_w(p, j, W_OF) && is_w(p, j + 1, W_THE)) {
      int fiscal = 0;
      if (is_c(p, k, C_REF) && p->t[k].val == R_PRESENT) k++;
      if (is_w(p, k, W_FISCAL)) fiscal = 1, k++;
      if (unit_of(p, k) == U_YEAR && !p->t[k].plural) {
        s->fiscal = (uint8_t)(s->fiscal | fiscal);
        j = k + 1;
      }
    }
  }
  /* "the same period" with neither a year nor an offset names nothing */
  if (adj && s->rel_n == 0 && s->year < 0) return 0;
  /* a half or quarter of no year, no money talk near (a company's is
  ** its fiscal year's: money is talked about there) */
  if (s->year < 0 && !s->fiscal && yrel == 2 && !ago && !money_near(p, i)) {
    /* "the film's second half": a half of a thing, not of a year (the
    ** year's own, "this year's second half", set yrel) */
    if (s->gran == G_HALF && !the && i >= 2 && is_w(p, i - 1, W_S) &&
        is_p(p, i - 2, '\'') && tight(p, i - 1) && tight(p, i - 2))
      return 0;
    /* else maybe a match's (the money first: a text is asked whether it
    ** is a sports story only at such a part, and most are in business
    ** news) */
    s->match_part = 1;
  }
  if (the && j == i + 2 && q == 0 && !ago && s->year < 0 && s->rel_n == 0 &&
      is_w(p, j - 1, W_PERIOD))
    s->need_tense = TX_ANAPHOR; /* "the period" alone */
  return j;
}

/* "Q3 2021", "Q3/2021", "H1 2022", "Q4": quarters and halves in business
** shorthand, at the digit (tx_match_at takes the letter in). */
size_t tx_try_qh(const tx_p *p, size_t i, tx_sem *s) {
  int c = tx_qh_letter(p, i), y;
  size_t j = i + 1, k;
  if (!c || !is_pnum(p, i, 1) || p->t[i].val < 1 ||
      p->t[i].val > (c == 'Q' ? 4 : 2))
    return 0;
  /* no letter or digit glued after: "Q3s", "H1N1", "Q35" */
  if (j < p->n && !p->t[j].gap && p->t[j].kind != TK_PUNCT) return 0;
  s->form = F_ABS;
  s->gran = c == 'Q' ? G_QUARTER : G_HALF;
  if (c == 'Q')
    s->quarter = p->t[i].val;
  else
    s->half = p->t[i].val;
  if ((is_p(p, j, '/') || is_p(p, j, '-')) && tight(p, j) && tight(p, j + 1))
    k = j + 1;
  else
    k = j;
  if (is_w(p, k, W_FISCAL)) k++;
  if (tx_year_at(p, k, &y) && (k > j || p->t[k].gap)) {
    s->year = y;
    return k + 1;
  }
  return j;
}
