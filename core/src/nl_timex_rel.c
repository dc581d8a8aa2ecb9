/*
** nl_timex_rel.c -- the timex grammar's references and relative dates:
** "now", "today", "the past", "recently" (tx_try_ref); "last week",
** "next Monday", "this morning", "the coming months", "two days ago"
** (tx_try_rel).  Each returns the end token (exclusive) or 0 and fills a
** tx_sem with what the words say; nl_timex_match.c tries them at each
** token, nl_timex_resolve.c resolves them against the DCT.
*/
#include "nl_timex_grammar.h"

/* now, today, yesterday, recently, the future, the past, ... */
size_t tx_try_ref(const tx_p *p, size_t i, tx_sem *s) {
  int v;
  size_t j = i;
  if (is_w(p, i, W_THE)) {
    j = i + 1;
    /* "The Future" in title case names a work or a body ("Back To The
    ** Future", "the Future Fund"), not a time */
    if (is_w(p, j, W_FUTURE) && !title_case(p, j)) {
      set_lit(s, "FUTURE_REF");
      return j + 1;
    }
    /* the near future, the near term, the short term */
    if ((is_text(p, j, "near") || is_text(p, j, "foreseeable") ||
         is_text(p, j, "short")) &&
        (is_w(p, j + 1, W_FUTURE) ||
         (is_text(p, j + 1, "term") && !is_p(p, j + 2, '-')))) {
      set_lit(s, "FUTURE_REF");
      return j + 2;
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
  /* "a later date", "a future date": an unnamed time ahead ("an earlier
  ** date" is earlier than another date, mostly also ahead: not tagged) */
  if (is_w(p, i, W_A) && is_text(p, i + 2, "date") &&
      (is_text(p, i + 1, "later") || is_w(p, i + 1, W_FUTURE))) {
    set_lit(s, "FUTURE_REF");
    return i + 3;
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
  case R_NOW:
  case R_PRESENT:
  case R_NOWADAYS:
    if (is_c(p, i + 1, C_UNIT) || is_w(p, i + 1, W_FISCAL)) return 0;
    /* "Now, he says ...": a discourse marker opening the sentence, set
    ** off by a comma, is no time expression */
    if (v == R_NOW && p->t[i].cap && is_p(p, i + 1, ',') &&
        (i == 0 || (p->t[i - 1].kind == TK_PUNCT && p->t[i - 1].punct &&
                    strchr(".!?:;\"'", p->t[i - 1].punct))))
      return 0;
    if (v == R_PRESENT && !is_text(p, i, "current") &&
        !is_text(p, i, "currently"))
      return 0;
    /* "the then current price", "then-current": the present of a past
    ** moment (the extent stays the one word; the value says past) */
    if (i > 0 && (is_w(p, i - 1, W_THEN) ||
                  (i > 1 && is_p(p, i - 1, '-') && is_w(p, i - 2, W_THEN)))) {
      set_lit(s, "PAST_REF");
      return i + 1;
    }
    set_lit(s, "PRESENT_REF");
    return i + 1;
  case R_RECENT:
    if (!is_text(p, i, "recently") && !is_text(p, i, "lately")) return 0;
    set_lit(s, "PAST_REF");
    if (is_w(p, i - 1, W_MORE) && i > 0) return i + 1;
    return i + 1;
  case R_SOON:
    /* "soon" bound to a modal or an infinitive ("may soon seek", "to soon
    ** grow", "soon will begin") is the near future; elsewhere it is mostly
    ** "shortly after" ("was soon released", "soon after the vote") */
    if (is_text(p, i + 1, "after") || is_text(p, i + 1, "as") ||
        is_text(p, i + 1, "thereafter") || is_text(p, i + 1, "afterwards"))
      return 0;
    if (!((i > 0 && (is_c(p, i - 1, C_FUT) || is_w(p, i - 1, W_TO) ||
                     is_text(p, i - 1, "may") || is_text(p, i - 1, "could") ||
                     is_text(p, i - 1, "should") ||
                     is_text(p, i - 1, "would") || is_text(p, i - 1, "can") ||
                     is_text(p, i - 1, "must"))) ||
          is_c(p, i + 1, C_FUT)))
      return 0;
    set_lit(s, "FUTURE_REF");
    return i + 1;
  default:
    break;
  }
  s->form = F_REL;
  s->unit = U_DAY;
  s->gran = G_DAY;
  s->rel_n = v == R_YESTERDAY ? -1 : v == R_TOMORROW ? 1 : 0;
  if (v == R_TONIGHT) return i + 1;
  return tx_pod_after(p, i + 1, s);
}

/* Month/season/weekday with last/next/this: fills s, returns end or 0. */
static size_t rel_named(const tx_p *p, size_t j, int dir, tx_sem *s) {
  tx_sem d;
  size_t e;
  sem_init(&d);
  if (is_c(p, j, C_MONTH) && (e = tx_try_month(p, j, &d)) != 0) {
    *s = d;
  } else if (is_c(p, j, C_SEASON)) {
    s->form = F_ABS;
    s->season = p->t[j].val;
    s->gran = G_SEASON;
    e = j + 1;
  } else if (is_c(p, j, C_WDAY) && (e = tx_try_weekday(p, j, &d)) != 0 &&
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

/*
** ABC's "This Week", "Last Week Tonight": a relative word and a unit both
** in title case (capital, then lower case) inside a sentence are a name,
** and TimeML does not mark times inside names.  At the start of a
** sentence or in all capitals they stay dates.
*/
static int title_case_name(const tx_p *p, size_t j) {
  const tx_tok *a = &p->t[j], *w;
  if (!a->cap || j + 1 >= p->n || !unit_of(p, j + 1)) return 0;
  if (!title_case(p, j + 1)) return 0;
  if (j == 0) return 0;
  w = &p->t[j - 1];
  if (w->kind == TK_PUNCT && w->punct && strchr(".!?:;([", w->punct))
    return 0;
  return 1;
}

/* last/next/this/past/coming/previous/following + unit or name. */
size_t tx_try_rel(const tx_p *p, size_t i, tx_sem *s) {
  size_t j = i, k;
  int the = 0, dir, rv, u;
  double q;
  if (is_w(p, j, W_THE)) {
    the = 1;
    j++;
  }
  if (the && is_c(p, j, C_POD) && p->t[j].val <= P_NI && i > 0 &&
      is_w(p, i - 1, W_IN)) {
    /* "placed orders in the morning": that part of the story's day */
    story_pod(s, p->t[j].val);
    s->anchor = 1;
    return j + 1;
  }
  if (is_c(p, j, C_REL)) {
    rv = p->t[j].val;
    /* "will last two weeks", "expected to last a year": the verb before
    ** a tx_quantity ("agreed to last December", "compared to last year" and
    ** "the last two weeks" keep the adjective) */
    if (!the && j > 0 && is_text(p, j, "last") &&
        (is_modal(p, j - 1) || is_w(p, j - 1, W_TO)) &&
        (is_pnum(p, j + 1, 6) || is_c(p, j + 1, C_NUMW) ||
         is_w(p, j + 1, W_A) || is_w(p, j + 1, W_AN) ||
         is_c(p, j + 1, C_VAGUE)))
      return 0;
  } else if (is_c(p, j, C_REF) && p->t[j].val == R_PRESENT &&
             is_c(p, j + 1, C_UNIT)) {
    rv = 0;
  } else if (is_w(p, j, W_THAT) || is_w(p, j, W_SAME)) {
    rv = 4; /* narrative: that day, the same day, that same day */
    if (is_w(p, j, W_THAT) && is_w(p, j + 1, W_SAME)) j++;
  } else if (is_c(p, j, C_VAGUE) && p->t[j].val == 4 && the == 0) {
    rv = 5; /* recent */
  } else {
    return 0;
  }
  if (!the && title_case_name(p, j)) return 0;
  dir = rv == 2 ? -1 : rv == 3 ? 1 : rv >= 4 ? 0 : rv;
  j++;
  /* the past two years, the next few days: durations */
  if (rv != 0 && rv != 4 && (k = tx_quantity(p, j, &q)) != 0 && unit_of(p, k) &&
      !(is_w(p, j, W_A) && rv == 5)) {
    s->type = NL_TIMEX_DURATION;
    s->form = F_DUR;
    s->unit = (uint8_t)unit_of(p, k);
    s->dur_n = q > 0 ? q * weeks_per(p, k) : q;
    return k + 1;
  }
  if ((u = unit_of(p, j)) != 0) {
    if (p->t[j].plural) {
      /* recent years, coming weeks: an unspecified stretch (PXY) */
      if (rv == 0 || rv == 4) return 0;
      s->type = NL_TIMEX_DURATION;
      s->form = F_DUR;
      s->unit = (uint8_t)u;
      s->dur_n = -1;
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
    story_pod(s, p->t[j].val);
    s->rel_n = 0;
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
  if (rv >= 4) return 0;
  /* "the last Friday of every month": a set (try_set) */
  if (is_c(p, j, C_WDAY) && each_month_at(p, j + 1)) return 0;
  if (the && !is_c(p, j, C_WDAY)) return 0;
  if (the && (rv == -1 || rv == 1) && is_c(p, j, C_WDAY) &&
      (is_text(p, j - 1, "previous") || is_text(p, j - 1, "prior") ||
       is_text(p, j - 1, "following")) &&
      (k = rel_named(p, j, dir, s)) != 0) {
    s->anchor = 1; /* "down 4.5% from the previous Friday": before the
                   ** day the story is at, not before the report */
    return k;
  }
  if (rv == 0 && is_c(p, j, C_REL) && (p->t[j].val == 2 || p->t[j].val == 3)) {
    dir = p->t[j].val == 2 ? -1 : 1; /* this past spring, this coming Sunday */
    j++;
  }
  if ((k = tx_try_holiday(p, j, s)) != 0) {
    s->rel_n = dir;
    s->need_tense = 2;
    return k;
  }
  return rel_named(p, j, dir, s);
}
