/*
** nl_timex_start.h -- whether an expression may start at a trigger token:
** the cheap refusals (amounts, articles before other words, "one of"),
** which settle three trigger tokens in four.  Inline so that the tagger's
** loop (nl_timex.c) makes them without a call; tx_match_at expects them
** made.  Private to the timex module.
*/
#ifndef NEWSLUA_NL_TIMEX_START_H
#define NEWSLUA_NL_TIMEX_START_H

#include "nl_timex_grammar.h"

/*
** The letter of business shorthand before a number: "Q3", "H1" (upper
** case, glued to the digit).  Returns 'Q', 'H' or 0.
*/
static inline int tx_qh_letter(const tx_p *p, size_t i) {
  const tx_tok *w;
  if (i == 0) return 0;
  w = &p->t[i - 1];
  if (w->kind != TK_WORD || w->end - w->start != 1 || !w->cap ||
      p->t[i].gap)
    return 0;
  return p->text[w->start] == 'Q' || p->text[w->start] == 'H'
             ? p->text[w->start]
             : 0;
}

/*
** Most numbers in news are amounts ("15 pct", "1.5 mln dlrs"): a number
** can start an expression only with a suffix (1980s, 5th, 10am), as a
** four-digit year, or before a date separator, another number or a word
** of the lexicon (a unit, a month, "a.m.", "in the morning", "o'clock").
*/
/*
** Token i continues a number: a three-digit group after a thousands comma
** ("5,080,000", "1,000") or the digits after a decimal point ("2,494.049"),
** the comma or point glued to a number.
*/
static inline int tx_group_tail(const tx_p *p, size_t i) {
  return i >= 2 && !p->t[i].gap && p->t[i - 1].kind == TK_PUNCT &&
         ((p->t[i - 1].punct == ',' && p->t[i].ndig == 3) ||
          p->t[i - 1].punct == '.') &&
         !p->t[i - 1].gap && p->t[i - 2].kind == TK_NUM;
}

/*
** The end of a number written with thousands commas that starts at i
** ("1,000": the index after "000"), or i + 1 for a plain number.
*/
static inline size_t tx_grouped_end(const tx_p *p, size_t i) {
  size_t k = i + 1;
  while (k + 1 < p->n && p->t[k].kind == TK_PUNCT && p->t[k].punct == ',' &&
         !p->t[k].gap && p->t[k + 1].kind == TK_NUM && !p->t[k + 1].gap &&
         p->t[k + 1].ndig == 3 && !p->t[k + 1].suffix)
    k += 2;
  return k;
}

static inline int num_may_start(const tx_p *p, size_t i) {
  const tx_tok *t = &p->t[i], *nx;
  if (tx_group_tail(p, i)) return 0; /* the 000 of 1,000 */
  if (t->suffix || t->ndig == 4) return 1;
  if (t->ndig == 1 && tx_qh_letter(p, i)) return 1; /* Q3, H1 */
  if (i + 1 >= p->n) return 0;
  nx = &p->t[i + 1];
  if (nx->kind == TK_NUM) return 1;
  if (nx->cap && nx->cls == C_UNIT && i > 0 && !t->gap &&
      p->t[i - 1].kind == TK_PUNCT && p->t[i - 1].punct == '\'')
    return 0; /* "'60 Minutes": a title */
  if (nx->kind == TK_PUNCT && nx->punct == '.' && !nx->gap) {
    /* "1.5 mln" is an amount; "1.5 years", "10.30 am", "26.01.2022" may
    ** be times */
    const tx_tok *a, *b;
    if (i + 3 >= p->n) return 0;
    a = &p->t[i + 2];
    b = &p->t[i + 3];
    return a->kind == TK_NUM && !a->gap &&
           (b->kind == TK_PUNCT ? !b->gap : b->cls != C_NONE);
  }
  if (nx->kind == TK_PUNCT && nx->punct == ',' && !nx->gap &&
      t->ndig <= 3) {
    /* "1,000 years": a number of one group starts a quantity before a
    ** plural unit ("5,080,000 / Year" is a table's figure and its next
    ** row, "275,000 week ago" a figure of a week ago) */
    size_t e = tx_grouped_end(p, i);
    return e == i + 3 && e < p->n && p->t[e].kind == TK_WORD &&
           p->t[e].cls == C_UNIT && p->t[e].plural;
  }
  if (nx->kind == TK_PUNCT)
    return !nx->gap &&
           (nx->punct == '-' || nx->punct == '/' || nx->punct == ':');
  return nx->cls != C_NONE || is_text(p, i + 1, "o") || is_text(p, i + 1, "p");
}

/*
** "the", "a" and "an" are the commonest words: they start an expression
** only before a word of the lexicon, a number or an apostrophe ('80s).
*/
static inline int article_may_start(const tx_p *p, size_t i) {
  const tx_tok *nx;
  switch (p->t[i].id) {
  case W_THANKSGIVING: /* these name a time on their own */
  case W_CHRISTMAS:
  case W_EASTER:
  case W_ELECTION:
  case W_FUTURE:
  case W_HALLOWEEN:
    return 1;
  default: /* the, a, that, at, up, no, per, more, each, new...: */
    break; /* only before the lexicon ("at least", "that day") */
  }
  if (i + 1 >= p->n) return 0;
  nx = &p->t[i + 1];
  if (nx->kind == TK_NUM) return 1;
  if (nx->kind == TK_PUNCT) return nx->punct == '\'';
  if (is_text(p, i + 1, "full") || is_text(p, i + 1, "near") ||
      is_text(p, i + 1, "short") || is_text(p, i + 1, "foreseeable"))
    return 1; /* the full year, the near future */
  if (nx->cls == C_NONE && i + 2 < p->n && p->t[i + 2].cls == C_UNIT &&
      (is_text(p, i + 1, "additional") || is_text(p, i + 1, "extra")))
    return 1; /* an additional year, an extra day */
  return nx->cls != C_NONE && nx->cls != C_FUT && nx->cls != C_PAST &&
         nx->cls != C_ZONE && nx->cls != C_APPROX;
}

/*
** Whether an expression may start at trigger token i (tx_match_at's
** precondition): 0 when it cannot.
*/
static inline int tx_may_start(const tx_p *p, size_t i) {
  const tx_tok *t = p->t;
  size_t n = p->n;
  if (t[i].kind == TK_NUM && !num_may_start(p, i)) return 0;
  if (t[i].cls == C_MISC && !article_may_start(p, i)) return 0;
  /* an apostrophe starts only a year or decade: '80s, '86 */
  if (t[i].kind == TK_PUNCT && (i + 1 >= n || t[i + 1].kind != TK_NUM))
    return 0;
  /* a number word starts a quantity: "two years", "five-year", "five or
  ** six years", "three trading days"; not "one of" */
  if (t[i].cls == C_NUMW && i + 1 < n && t[i + 1].kind == TK_WORD &&
      (t[i + 1].cls == C_NONE || t[i + 1].cls == C_FUT ||
       t[i + 1].cls == C_PAST) &&
      !is_text(p, i + 1, "or") && !(i + 2 < n && t[i + 2].cls == C_UNIT))
    return 0;
  /* "at the", "that a", "after the": an article after a function word or
  ** "after"/"before" means the expression, if any, starts later */
  if ((t[i].cls == C_MISC || t[i].cls == C_DIR) && i + 1 < n &&
      t[i + 1].cls == C_MISC &&
      (t[i + 1].id == W_THE || t[i + 1].id == W_A || t[i + 1].id == W_AN))
    return 0;
  return 1;
}

#endif
