/*
** nl_timex_grammar.h -- token predicates and the date parsers shared by
** the parts of the timex grammar (private to the timex module):
** nl_timex_dates.c (calendar names, numbers), nl_timex_clock.c (clock
** times), nl_timex_named.c (seasons, centuries, holidays),
** nl_timex_rel.c (references, relative dates), nl_timex_quarter.c
** (quarters, halves, year-end) and nl_timex_match.c (quantities,
** durations, sets, vague expressions; the driver).
*/
#ifndef NEWSLUA_NL_TIMEX_GRAMMAR_H
#define NEWSLUA_NL_TIMEX_GRAMMAR_H

#include <stddef.h>
#include <string.h>

#include "nl_timex_internal.h"

/* The token array being parsed. */
typedef struct tx_p {
  const tx_tok *t;
  size_t n;
  const char *text;
} tx_p;

/* ---- token predicates ------------------------------------------------- */

static inline int is_w(const tx_p *p, size_t i, int id) {
  return i < p->n && p->t[i].cls == C_MISC && p->t[i].id == id;
}
static inline int is_c(const tx_p *p, size_t i, int cls) {
  return i < p->n && p->t[i].kind == TK_WORD && p->t[i].cls == cls;
}
static inline int is_p(const tx_p *p, size_t i, int ch) {
  return i < p->n && p->t[i].kind == TK_PUNCT && p->t[i].punct == ch;
}
/* Token i follows token i-1 with no space between them. */
static inline int tight(const tx_p *p, size_t i) {
  return i < p->n && !p->t[i].gap;
}
static inline int is_num(const tx_p *p, size_t i) {
  return i < p->n && p->t[i].kind == TK_NUM;
}
/* A plain number (no suffix) of at most `nd` digits. */
static inline int is_pnum(const tx_p *p, size_t i, int nd) {
  return is_num(p, i) && !p->t[i].suffix && p->t[i].ndig <= nd;
}
/* The word at i lower-cased equals w (for words outside the lexicon). */
static inline int is_text(const tx_p *p, size_t i, const char *w) {
  size_t k, len = strlen(w);
  if (i >= p->n || p->t[i].kind != TK_WORD) return 0;
  if (p->t[i].end - p->t[i].start != len) return 0;
  for (k = 0; k < len; k++)
    if ((p->text[p->t[i].start + k] | 0x20) != w[k]) return 0;
  return 1;
}
/* Any of the lower-case words in list (NULL-terminated) at token i. */
static inline int text_in(const tx_p *p, size_t i, const char *const *list) {
  size_t len, k;
  const char *w;
  char c0;
  if (i >= p->n || p->t[i].kind != TK_WORD) return 0;
  len = p->t[i].end - p->t[i].start;
  w = p->text + p->t[i].start;
  c0 = (char)(w[0] | 0x20);
  /* the first letter and the length decide most entries without a call */
  for (; *list; list++) {
    const char *e = *list;
    if (e[0] != c0) continue;
    for (k = 1; k < len && e[k] && (char)(w[k] | 0x20) == e[k]; k++) {
    }
    if (k == len && !e[k]) return 1;
  }
  return 0;
}
/* The word at i is in title case: a capital, then a lower-case letter. */
static inline int title_case(const tx_p *p, size_t i) {
  const tx_tok *t;
  if (i >= p->n) return 0;
  t = &p->t[i];
  return t->kind == TK_WORD && t->cap && t->end - t->start > 1 &&
         p->text[t->start + 1] >= 'a' && p->text[t->start + 1] <= 'z';
}
/* A word list for in_words: each word lower case with its length, ended
** by {NULL, 0}; TX_WORD("goal") makes an entry. */
typedef struct tx_word {
  const char *w;
  unsigned char n;
} tx_word;
#define TX_WORD(s) {s, sizeof(s) - 1}

/* The index in `list` of the word at i lower-cased (words outside the
** lexicon), or -1: its length and first letter are compared first, the
** rest only then. */
static inline int word_index(const tx_p *p, size_t i, const tx_word *list) {
  size_t len, k;
  const char *s;
  unsigned char c0;
  int w;
  if (i >= p->n || p->t[i].kind != TK_WORD) return -1;
  len = p->t[i].end - p->t[i].start;
  s = p->text + p->t[i].start;
  c0 = (unsigned char)(s[0] | 0x20);
  for (w = 0; list[w].w; w++) {
    if (list[w].n != len || (unsigned char)list[w].w[0] != c0) continue;
    for (k = 1; k < len && (s[k] | 0x20) == list[w].w[k]; k++)
      ;
    if (k == len) return w;
  }
  return -1;
}
/* The word at i is one of `list` (word_index). */
static inline int in_words(const tx_p *p, size_t i, const tx_word *list) {
  return word_index(p, i, list) >= 0;
}
/* An ordinal word ("second" is filed as a unit): its value, or 0. */
static inline int ord_of(const tx_p *p, size_t i) {
  if (is_c(p, i, C_ORD)) return p->t[i].val;
  if (is_text(p, i, "second")) return 2;
  return 0;
}
static inline int unit_of(const tx_p *p, size_t i) {
  return is_c(p, i, C_UNIT) ? p->t[i].val : 0;
}
/* "of each month" / "of every month" from i: a weekday before it is a
** place in every month ("the last Friday of every month"), a set. */
static inline int each_month_at(const tx_p *p, size_t i) {
  return is_w(p, i, W_OF) && (is_w(p, i + 1, W_EACH) || is_w(p, i + 1, W_EVERY)) &&
         unit_of(p, i + 2) == U_MONTH;
}
/* A modal verb at i: will, would, may, might, could, should, can, must. */
static inline int is_modal(const tx_p *p, size_t i) {
  return is_text(p, i, "will") || is_text(p, i, "would") ||
         is_text(p, i, "may") || is_text(p, i, "might") ||
         is_text(p, i, "could") || is_text(p, i, "should") ||
         is_text(p, i, "can") || is_text(p, i, "must");
}
/* "of last year", "of this year", "of next year" at j: the end token and
** *rel (-1, 0, 1), or 0. */
static inline size_t of_rel_year(const tx_p *p, size_t j, int *rel) {
  if (!is_w(p, j, W_OF) || !is_c(p, j + 1, C_REL) ||
      p->t[j + 1].val < -1 || p->t[j + 1].val > 1 ||
      unit_of(p, j + 2) != U_YEAR || p->t[j + 2].plural)
    return 0;
  *rel = p->t[j + 1].val;
  return j + 3;
}

/*
** The blank tx_sem (all zero; year to second -1; type DATE), defined in
** nl_timex.c: out of sight of the parsers' compiler, so that sem_init is a
** plain copy, not a memset (`rep stos`) and seven stores.  The literal is
** only emptied (set_lit writes it whole; nothing reads past its end).
*/
extern const tx_sem tx_sem_blank;

static inline void sem_init(tx_sem *s) {
  memcpy(s, &tx_sem_blank, offsetof(tx_sem, lit));
  s->lit[0] = '\0';
}

/* A literal value ("PRESENT_REF", "FUTURE_REF"): s->lit, form F_LIT. */
static inline void set_lit(tx_sem *s, const char *v) {
  size_t n = strlen(v);
  if (n >= sizeof s->lit) n = sizeof s->lit - 1;
  memcpy(s->lit, v, n);
  s->lit[n] = '\0';
  s->form = F_LIT;
}

/* Part of day `pod` of the story's own day ("in the morning", "late
** morning"): a TIME, relative to the report's day. */
static inline void story_pod(tx_sem *s, int pod) {
  s->form = F_REL;
  s->unit = U_DAY;
  s->gran = G_DAY;
  s->pod = (uint8_t)pod;
  s->type = NL_TIMEX_TIME;
}

/* Weeks in one of the unit at i: a fortnight is two (filed as U_WEEK). */
static inline int weeks_per(const tx_p *p, size_t i) {
  return is_text(p, i, "fortnight") ? 2 : 1;
}

/*
** Parsers: each returns the end token (exclusive) of what it recognised at
** token i, or 0, and fills *s.
*/
/* Cardinal in words ("twenty-four"): *v. */
size_t tx_num_words(const tx_p *p, size_t i, double *v);
/* A year (1990, "nineteen ninety-six"): *y. */
size_t tx_year_at(const tx_p *p, size_t i, int *y);
/* A day of month (5, 5th, "fifth"): *d. */
size_t tx_mday_at(const tx_p *p, size_t i, int *d);
/* Optional part of day after a day at j ("night"): returns j or j+1. */
size_t tx_pod_after(const tx_p *p, size_t j, tx_sem *s);
/* "Jan. 10, 2022", "March 1996", "in May". */
size_t tx_try_month(const tx_p *p, size_t i, tx_sem *s);
/* "7 August 1998", "the 21st of May". */
size_t tx_try_day_month(const tx_p *p, size_t i, tx_sem *s);
/* "Friday", "Monday, Oct. 26", "Wednesday night", "Tuesdays". */
size_t tx_try_weekday(const tx_p *p, size_t i, tx_sem *s);
/* 1990, 1980s, '89, 1957-58, 2022-01-26, fiscal 1989. */
size_t tx_try_year(const tx_p *p, size_t i, tx_sem *s);
/* 26-01-2022, 1/26/2022. */
size_t tx_try_numeric(const tx_p *p, size_t i, tx_sem *s);
/* 10:35 a.m., 15:00 GMT Saturday, noon Thursday. */
size_t tx_try_time(const tx_p *p, size_t i, tx_sem *s);
/* "the winter of 1994", "in the spring". */
size_t tx_try_season(const tx_p *p, size_t i, tx_sem *s);
/* "the 20th century". */
size_t tx_try_century(const tx_p *p, size_t i, tx_sem *s);
/* Thanksgiving, Christmas, New Year's Day, Election Day. */
size_t tx_try_holiday(const tx_p *p, size_t i, tx_sem *s);

/* nl_timex_dates.c: a zone, "hrs" or "local [Place] time" at i after a
** four-digit military time: its tokens (1 to 4), or 0. */
size_t tx_military_after(const tx_p *p, size_t i);
/* nl_timex_dates.c: whether the word at i names a time zone (capitals,
** "gmt", or a lower-case zone right after a military time: see there). */
int tx_zone_at(const tx_p *p, size_t i);
/* nl_timex_dates.c: an optional clock time after a numeric date ("26-01-2022
** 23:56 IST", "2022-01-26T15:00"): the new end. */
size_t tx_clock_after(const tx_p *p, size_t j, tx_sem *s);
/* nl_timex_match.c: a quantity before a unit (3, "two", "a few", "two to
** three": the upper bound), *v < 0 when unspecified. */
size_t tx_quantity(const tx_p *p, size_t i, double *v);
/* nl_timex_rel.c: now, today, the past, recently, ... */
size_t tx_try_ref(const tx_p *p, size_t i, tx_sem *s);
/* nl_timex_rel.c: last week, next Monday, this morning, two days ago. */
size_t tx_try_rel(const tx_p *p, size_t i, tx_sem *s);
/* nl_timex_quarter.c: year-end, year's end. */
size_t tx_try_year_end(const tx_p *p, size_t i, tx_sem *s);
/* nl_timex_quarter.c: the third quarter, the first half of 1998. */
size_t tx_try_quarter(const tx_p *p, size_t i, tx_sem *s);
/* nl_timex_quarter.c: Q3, 3Q, H1, 1H 2022. */
size_t tx_try_qh(const tx_p *p, size_t i, tx_sem *s);

#endif
