/*
** nl_timex_named.c -- named periods in the timex grammar: seasons ("the
** winter of 1994", tx_try_season), centuries ("the 20th century",
** tx_try_century) and holidays ("Thanksgiving", "New Year's Day",
** tx_try_holiday).  Each returns the end token or 0 and fills a tx_sem
** (see nl_timex_grammar.h).
*/
#include "nl_timex_grammar.h"

/* Seasons: "the winter of 1994", "summer 1998", "in the spring". */
size_t tx_try_season(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i;
  int y;
  if (is_w(p, j, W_THE)) j++;
  if (!is_c(p, j, C_SEASON)) return 0;
  s->form = F_ABS;
  s->season = p->t[j].val;
  s->gran = G_SEASON;
  j++;
  {
    size_t e =
        is_w(p, j, W_OF) ? tx_year_at(p, j + 1, &y) : tx_year_at(p, j, &y);
    if (e) {
      s->year = y;
      return e;
    }
    if ((e = of_rel_year(p, j, &y)) != 0) {
      s->rel_n = y; /* "the summer of next year" */
      s->need_tense = 3;
      return e;
    }
  }
  /* "the fall in oil prices", "hit by the fall of the dollar": the noun
  ** ("in the fall of a new model year" stays the season) */
  if (is_text(p, j - 1, "fall") &&
      (is_w(p, j, W_IN) ||
       (is_w(p, j, W_OF) &&
        !(i > 0 && (is_w(p, i - 1, W_IN) || is_w(p, i - 1, W_DURING))))))
    return 0;
  if (i == j - 1 &&
      !(i > 0 && (is_w(p, i - 1, W_IN) || is_w(p, i - 1, W_DURING) ||
                  is_w(p, i - 1, W_SINCE) || is_w(p, i - 1, W_UNTIL) ||
                  p->t[i - 1].cls == C_POS ||
                  (is_p(p, i - 1, '-') && i > 1 &&
                   p->t[i - 2].cls == C_POS)))) /* mid-summer, not free-fall */
    return 0;
  /* "the summer" names a season after a preposition of time, also of
  ** extent ("well into the summer", "over the summer", "through the
  ** winter"); elsewhere it is mostly a noun phrase of its own */
  if (i != j - 1 &&
      !(i > 0 && (is_w(p, i - 1, W_IN) || is_w(p, i - 1, W_DURING) ||
                  is_w(p, i - 1, W_SINCE) || is_w(p, i - 1, W_UNTIL) ||
                  is_w(p, i - 1, W_BY) || is_text(p, i - 1, "into") ||
                  is_text(p, i - 1, "over") || is_text(p, i - 1, "through") ||
                  is_text(p, i - 1, "throughout"))))
    return 0;
  s->need_tense = 1;
  return j;
}

/* Centuries: "the 20th century", "the eleventh century". */
size_t tx_try_century(const tx_p *p, size_t i, tx_sem *s) {
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
  /* "20th Century Fox", "20th Century-Fox Film", "21st Century Insurance":
  ** a name, with no article and a capitalised word after "Century" (the
  ** studio with one too: "the 20th Century Fox film studio") */
  if (p->t[j + 1].cap &&
      ((is_text(p, j + 2, "fox") && p->t[j + 2].cap) ||
       (is_p(p, j + 2, '-') && tight(p, j + 2) && is_text(p, j + 3, "fox") &&
        p->t[j + 3].cap)))
    return 0;
  if (j == i && p->t[j + 1].cap && j + 2 < p->n &&
      (tight(p, j + 2) ? is_p(p, j + 2, '-') && tight(p, j + 3) &&
                             j + 3 < p->n && p->t[j + 3].kind == TK_WORD &&
                             p->t[j + 3].cap && p->t[j + 3].cls == C_NONE
                       : p->t[j + 2].kind == TK_WORD && p->t[j + 2].cap &&
                             p->t[j + 2].cls == C_NONE))
    return 0;
  /* "the 2nd century BC", "the 5th century B.C.E.": before the years the
  ** value counts (as a year BC, "500 BC", is not tagged) */
  if (is_text(p, j + 2, "bc") || is_text(p, j + 2, "bce") ||
      (is_text(p, j + 2, "b") && is_p(p, j + 3, '.') && tight(p, j + 3) &&
       is_text(p, j + 4, "c") && tight(p, j + 4)))
    return 0;
  s->form = F_ABS;
  s->century = c;
  s->gran = G_CENTURY;
  return j + 2;
}

/* Holidays with fixed rules. */
/* Is the word at j a thing a holiday's name can qualify ("Christmas
** tree", "Christmas e-mail", "Christmas number one", "Easter egg")? */
static int holiday_thing(const tx_p *p, size_t j) {
  static const tx_word thing[] = {
      TX_WORD("tree"),      TX_WORD("trees"),     TX_WORD("card"),
      TX_WORD("cards"),     TX_WORD("lights"),    TX_WORD("decorations"),
      TX_WORD("present"),   TX_WORD("presents"),  TX_WORD("gift"),
      TX_WORD("gifts"),     TX_WORD("album"),     TX_WORD("albums"),
      TX_WORD("single"),    TX_WORD("singles"),   TX_WORD("song"),
      TX_WORD("songs"),     TX_WORD("carol"),     TX_WORD("carols"),
      TX_WORD("hit"),       TX_WORD("hits"),      TX_WORD("number"),
      TX_WORD("film"),      TX_WORD("films"),     TX_WORD("movie"),
      TX_WORD("special"),   TX_WORD("specials"),  TX_WORD("episode"),
      TX_WORD("edition"),   TX_WORD("stocking"),  TX_WORD("stockings"),
      TX_WORD("pudding"),   TX_WORD("cracker"),   TX_WORD("crackers"),
      TX_WORD("jumper"),    TX_WORD("jumpers"),   TX_WORD("egg"),
      TX_WORD("eggs"),      TX_WORD("bunny"),     TX_WORD("costume"),
      TX_WORD("costumes"),  TX_WORD("email"),     TX_WORD("emails"),
      TX_WORD("message"),   TX_WORD("messages"),  TX_WORD("market"),
      TX_WORD("markets"),   TX_WORD("island"),    TX_WORD("rising"),
      {NULL, 0}};
  if (in_words(p, j, thing)) return 1;
  return is_text(p, j, "e") && is_p(p, j + 1, '-') && tight(p, j + 1) &&
         tight(p, j + 2) && is_text(p, j + 2, "mail"); /* e-mail */
}

size_t tx_try_holiday(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i;
  s->form = F_ABS;
  s->gran = G_DAY;
  if (is_w(p, j, W_THANKSGIVING)) {
    s->month = 11;
    s->day = TX_THANKSGIVING;
    j++;
    if (unit_of(p, j) == U_DAY) j++;
  } else if (is_w(p, j, W_CHRISTMAS) && p->t[j].cap) {
    s->month = 12;
    s->day = 25;
    j++;
    if (unit_of(p, j) == U_DAY)
      j++;
    else if (is_w(p, j, W_EVE)) {
      s->day = 24;
      j++;
    }
  } else if (is_w(p, j, W_NEW) && p->t[j].cap && unit_of(p, j + 1) == U_YEAR &&
             p->t[j + 1].cap && is_p(p, j + 2, '\'') && is_w(p, j + 3, W_S)) {
    s->month = 1;
    s->day = 1;
    j += 4;
    if (unit_of(p, j) == U_DAY)
      j++;
    else if (is_w(p, j, W_EVE)) {
      s->month = 12;
      s->day = 31;
      s->rel_n = -1;
      j++;
    } else {
      return 0;
    }
  } else if (is_w(p, j, W_EASTER) && p->t[j].cap) {
    /* Easter, Easter Sunday, Easter Monday, Easter week */
    s->month = 4;
    s->day = TX_EASTER;
    j++;
    if (is_c(p, j, C_WDAY) && p->t[j].cap &&
        (p->t[j].val == 7 || p->t[j].val == 1)) {
      s->day = TX_EASTER + (p->t[j].val == 1);
      j++;
    } else if (unit_of(p, j) == U_DAY && !p->t[j].plural) {
      j++;
    } else if (unit_of(p, j) == U_WEEK && !p->t[j].plural) {
      s->gran = G_WEEK; /* Easter week: the ISO week ending on Easter */
      j++;
    }
  } else if ((is_w(p, j, W_MEMORIAL) || is_w(p, j, W_LABOR) ||
              is_w(p, j, W_VETERANS) || is_w(p, j, W_BOXING) ||
              is_w(p, j, W_VALENTINE)) &&
             p->t[j].cap) {
    /* US Memorial Day (last Monday of May), Labor Day (first Monday of
    ** September), Veterans Day (Nov. 11), Boxing Day (Dec. 26),
    ** Valentine's Day (Feb. 14): the name and "Day", capitalised */
    size_t k = j + 1;
    int id = p->t[j].id;
    if (id == W_VALENTINE || id == W_VETERANS) {
      if (is_p(p, k, '\'') && tight(p, k)) k++;
      if (id == W_VALENTINE && is_w(p, k, W_S) && tight(p, k)) k++;
    }
    if (!(unit_of(p, k) == U_DAY && !p->t[k].plural && p->t[k].cap))
      return 0;
    s->month = id == W_MEMORIAL ? 5 : id == W_LABOR ? 9 : id == W_VETERANS ? 11
             : id == W_BOXING   ? 12 : 2;
    s->day = id == W_MEMORIAL  ? TX_NTH_WDAY(5, 1)
             : id == W_LABOR   ? TX_NTH_WDAY(1, 1)
             : id == W_VETERANS ? 11
             : id == W_BOXING  ? 26 : 14;
    j = k + 1;
  } else if (is_w(p, j, W_HALLOWEEN) && p->t[j].cap) {
    s->month = 10;
    s->day = 31;
    j++;
  } else if (is_w(p, j, W_ELECTION) && unit_of(p, j + 1) == U_DAY &&
             !p->t[j + 1].plural) {
    s->month = 11;
    s->day = -200; /* Tuesday after the first Monday */
    j += 2;
  } else {
    return 0;
  }
  /* "a Christmas tree", "Easter eggs", "a Halloween costume": a thing
  ** named after the holiday, no date */
  if (j == i + 1 && holiday_thing(p, j)) return 0;
  { /* "Christmas 1986", "Easter 2003": that year's */
    int y;
    if (s->gran == G_DAY && p->t[j].gap && tx_year_at(p, j, &y) &&
        p->t[j].ndig == 4) {
      s->year = y;
      return j + 1;
    }
  }
  s->need_tense = 1;
  return j;
}
