/*
** nl_timex.c -- the public entry of the temporal tagger: scans the text
** (nl_timex_lex.c), matches expressions at each candidate token
** (nl_timex_match.c) and resolves them (nl_timex_resolve.c).
*/
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_timex.h"
#include "nl_alloc.h"
#include "nl_calendar.h"
#include "nl_timex_internal.h"
#include "nl_timex_start.h"

/* The parsers' blank semantics (nl_timex_grammar.h: sem_init). */
const tx_sem tx_sem_blank = {.type = NL_TIMEX_DATE,
                             .year = -1,
                             .month = -1,
                             .day = -1,
                             .hour = -1,
                             .minute = -1,
                             .second = -1};

/* "DATE" | "TIME" | "DURATION" | "SET". */
const char *nl_timex_type_name(nl_timex_type t) {
  static const char *const n[] = {"DATE", "TIME", "DURATION", "SET"};
  return (unsigned)t < 4 ? n[t] : "DATE";
}

static int digits(const char *s, int n, int *v) {
  int i;
  *v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    *v = *v * 10 + (s[i] - '0');
  }
  return 1;
}

/* Parse YYYY-MM-DD[Thh:mm[:ss[.f]][Z|+hh:mm]] into ctx; 0 if malformed. */
static int parse_dct(const char *s, tx_ctx *c) {
  size_t n = strlen(s), k;
  int sec, zh, zm;
  c->dh = -1;
  if (n < 10 || !digits(s, 4, &c->dy) || s[4] != '-' ||
      !digits(s + 5, 2, &c->dm) || s[7] != '-' || !digits(s + 8, 2, &c->dd))
    return 0;
  if (c->dm < 1 || c->dm > 12 || c->dd < 1 ||
      c->dd > nl_cal_month_days(c->dy, c->dm))
    return 0;
  if (n > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || n < 16 ||
        !digits(s + 11, 2, &c->dh) || s[13] != ':' ||
        !digits(s + 14, 2, &c->dmin) || c->dh > 23 || c->dmin > 59)
      return 0;
    k = 16;
    if (k < n && s[k] == ':') {
      if (!digits(s + k + 1, 2, &sec) || sec > 60) return 0;
      k += 3;
      if (k < n && s[k] == '.') /* fractions of a second */
        for (k++; k < n && s[k] >= '0' && s[k] <= '9'; k++) {
        }
    }
    /* the zone is accepted and ignored: the DCT is read as local time */
    if (k < n && s[k] == 'Z') {
      k++;
    } else if (k < n && (s[k] == '+' || s[k] == '-')) {
      if (!digits(s + k + 1, 2, &zh) || zh > 14) return 0;
      k += 3;
      if (k < n && s[k] == ':') k++;
      if (!digits(s + k, 2, &zm) || zm > 59) return 0;
      k += 2;
    }
    if (k != n) return 0;
  }
  c->has_dct = 1;
  c->dct_days = nl_cal_days(c->dy, c->dm, c->dd);
  return 1;
}

/*
** Only a weekday, a date without its year and "this weekend" take their
** direction from the tense (nl_timex_resolve.c); the rest skip the look.
*/
static int needs_tense(const tx_sem *s) {
  return s->form == F_WDAY || (s->form == F_ABS && s->year < 0) ||
         (s->form == F_REL && s->unit == U_WEEKEND);
}

/*
** A superlative ("highest", "worst", "first", "most") among the five
** words before token k, within the clause: "the worst recession in 20
** years" measures a stretch, it does not point ahead.
*/
static int superlative_before(const tx_tok *t, size_t k, const char *text) {
  static const char *const w[] = {"first", "worst", "best",
                                  "most",  "least", NULL};
  size_t j, q;
  for (j = k; j > 0 && k - j < 6; j--) {
    const tx_tok *x = &t[j - 1];
    size_t len = x->end - x->start;
    const char *a = text + x->start;
    if (x->kind == TK_PUNCT) return 0;
    if (x->kind != TK_WORD || x->cap) continue;
    if (len >= 5 && memcmp(a + len - 3, "est", 3) == 0) return 1;
    for (q = 0; w[q]; q++)
      if (len == strlen(w[q]) && memcmp(a, w[q], len) == 0) return 1;
  }
  return 0;
}

/*
** "in five years", "in two months": a number and a plural unit of days
** or longer after "in" (not "in 60-day bills", "in 10 to 15 years", "the
** first time in 15 years", "the worst recession in 20 years"), which is a
** date ahead of the report when the clause is future (TimeML), a duration
** otherwise ("the second letter in two weeks").
*/
static int future_span(const tx_tok *t, const tx_match *m, const char *text) {
  const tx_sem *s = &m->sem;
  return s->form == F_DUR && s->type == NL_TIMEX_DURATION && !s->mod &&
         s->dur_n >= 1 && s->dur_n <= 100 && s->dur_n == (int)s->dur_n &&
         s->unit >= U_DAY && s->unit != U_WEEKEND && s->unit <= U_YEAR &&
         s->unit != U_QUARTER && s->unit != U_HALF && m->t0 > 0 &&
         m->t1 == m->t0 + 2 && t[m->t0 + 1].plural &&
         (t[m->t0].kind == TK_NUM || t[m->t0].cls == C_NUMW) &&
         t[m->t0 - 1].cls == C_MISC && t[m->t0 - 1].id == W_IN &&
         !(m->t0 >= 2 && t[m->t0 - 2].cls == C_MISC &&
           t[m->t0 - 2].id == W_TIME) && /* "the first time in 15 years" */
         !superlative_before(t, m->t0 - 1, text); /* "the worst in 20 years" */
}

/* A value naming a month, YYYY-MM or YYYY-MM-DD...: its year and month. */
static int month_of(const char *v, int *y, int *m) {
  int k;
  for (k = 0; k < 4; k++)
    if (v[k] < '0' || v[k] > '9') return 0;
  if (v[4] != '-' || v[5] < '0' || v[5] > '1' || v[6] < '0' || v[6] > '9')
    return 0;
  *y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 +
       (v[3] - '0');
  *m = (v[5] - '0') * 10 + (v[6] - '0');
  return *m >= 1 && *m <= 12;
}

static int grow(nl_timex **out, size_t *cap, size_t n) {
  nl_timex *p;
  size_t nc;
  if (n < *cap) return 1;
  nc = *cap ? *cap * 2 : 16;
  p = nl_realloc(*out, nc * sizeof *p);
  if (!p) return 0;
  *out = p;
  *cap = nc;
  return 1;
}

/*
** A day named as the point of comparison: possessive ("from 316p at
** Friday's close") or after from/than/against and a number, up to three
** words back ("close at 273p from 241p on Friday"; not "from May 1").  A
** bare clock time after it belongs to the report's day ("eased to 245.5p
** at 0838 GMT"), not to the day compared with, unless the possessive
** names its day ("yesterday's midday levels").
*/
static int compared_day(const tx_tok *t, size_t n, size_t t0, size_t t1,
                        const char *text) {
  size_t k;
  if (t1 + 1 < n && t[t1].kind == TK_PUNCT && t[t1].punct == '\'' &&
      t[t1 + 1].cls == C_MISC && t[t1 + 1].id == W_S)
    return 1;
  int num = 0;
  for (k = t0; k > 0 && t0 - k < 4; k--) {
    const tx_tok *w = &t[k - 1];
    if (w->kind == TK_PUNCT && w->punct == ',') return 0;
    if (w->kind == TK_NUM) num = 1;
    if (num && ((w->cls == C_MISC && (w->id == W_FROM || w->id == W_THAN)) ||
                (w->kind == TK_WORD && w->end - w->start == 7 &&
                 memcmp(text + w->start, "against", 7) == 0)))
      return 1;
  }
  return 0;
}

#if defined(__GNUC__)
#define TX_NOINLINE __attribute__((noinline))
#else
#define TX_NOINLINE
#endif

/* After a day was resolved: whether it was named as a comparison (for
** the clock times after it), and where a clock time it owns would start.
** Out of line: the tagger's loop over triggers keeps its registers. */
static TX_NOINLINE void note_day(tx_ctx *c, const tx_match *m,
                                 const tx_tok *t, long nt, const char *text) {
  c->weak_day = m->sem.hour < 0 && /* "midnight yesterday": its own */
                compared_day(t, (size_t)nt, m->t0, m->t1, text);
  c->weak_t = m->t1 + 2;
}

/*
** A month that names a trade's period: before a singular "shipment",
** "delivery", "loading" or "arrival", directly or at the end of a range
** of months ("for May to September shipment", "for late June/early July
** shipment", "the key July delivery traded"): the term of a contract,
** ahead of the report ("January shipments fell" counts goods, and keeps
** its tense).  Not after "last"/"previous", nor at the start of a range
** across the new year ("the November to April shipment" may have begun).
** [t0, t1) is the month's expression, month its number.
*/
static int trade_period(const tx_tok *t, size_t n, size_t t0, size_t t1,
                        int month, const char *text) {
  static const char *const noun[] = {"shipment", "delivery", "loading",
                                     "arrival", NULL};
  size_t k, j;
  for (k = t1; k < n && k < t1 + 6; k++) {
    const tx_tok *w = &t[k];
    if (w->kind == TK_WORD && !w->cls) {
      size_t len = w->end - w->start;
      if (len != 7 && len != 8) return 0;
      for (j = 0; noun[j]; j++)
        if (noun[j][0] == text[w->start] && strlen(noun[j]) == len &&
            memcmp(text + w->start, noun[j], len) == 0)
          break;
      if (!noun[j]) return 0;
      for (k = t0; k > 0 && t0 - k < 4; k--)
        if (t[k - 1].cls == C_REL && t[k - 1].val == -1)
          return 0; /* "the last May to September shipment" */
      return 1;
    }
    if (w->cls == C_MONTH && w->val < month)
      return 0; /* "the November to April shipment": may have begun */
    if (!(w->cls == C_MONTH || w->cls == C_POS || w->kind == TK_NUM ||
          (w->kind == TK_PUNCT && (w->punct == '-' || w->punct == '/')) ||
          (w->cls == C_MISC && (w->id == W_TO || w->id == W_THROUGH))))
      return 0;
  }
  return 0;
}

/*
** Tokens [a, b) join two expressions as the ends of one range: a tight
** hyphen ("November-June"), "to", "through", "until" or "till"
** ("from October to March").  The second end lies on or after the first.
*/
static int range_end(const tx_tok *t, size_t a, size_t b, const char *text) {
  size_t len;
  const char *s;
  if (b != a + 1) return 0;
  if (t[a].kind == TK_PUNCT) return t[a].punct == '-';
  if (t[a].cls == C_MISC && (t[a].id == W_TO || t[a].id == W_THROUGH ||
                             t[a].id == W_UNTIL))
    return 1;
  s = text + t[a].start;
  len = t[a].end - t[a].start;
  return t[a].kind == TK_WORD && len == 4 && memcmp(s, "till", 4) == 0;
}

/*
** A month (and day) bounding a split year named just before it: "fiscal
** 1986/87 ending June 30" ends in the second year (1987), "fiscal 1987/88
** starting July 1" starts in the first (1987).  Tokens before t0: [on],
** ending/ended or starting/beginning, [,], YYYY / YY[YY].  Returns the
** year, or -1.  (A single fiscal year is left alone: "fiscal 1986 ending
** March 31" ends in 1987 in Japan, in 1986 elsewhere.)
*/
static int split_year_bound(const tx_tok *t, size_t t0, const char *text) {
  size_t k = t0, len;
  const char *s;
  int end, y1, y2;
  if (k > 0 && t[k - 1].cls == C_MISC && t[k - 1].id == W_ON) k--;
  if (k < 5 || t[k - 1].kind != TK_WORD) return -1;
  s = text + t[k - 1].start;
  len = t[k - 1].end - t[k - 1].start;
  if ((len == 6 && memcmp(s, "ending", 6) == 0) ||
      (len == 5 && memcmp(s, "ended", 5) == 0))
    end = 1;
  else if ((len == 8 && memcmp(s, "starting", 8) == 0) ||
           (len == 9 && memcmp(s, "beginning", 9) == 0))
    end = 0;
  else
    return -1;
  k--;
  if (t[k - 1].kind == TK_PUNCT && t[k - 1].punct == ',') k--;
  if (k < 3 || t[k - 1].kind != TK_NUM || t[k - 2].kind != TK_PUNCT ||
      t[k - 2].punct != '/' || t[k - 3].kind != TK_NUM ||
      t[k - 3].ndig != 4 || (t[k - 1].ndig != 2 && t[k - 1].ndig != 4))
    return -1;
  y1 = t[k - 3].val;
  y2 = t[k - 1].ndig == 2 ? (y1 + 1) % 100 : y1 + 1; /* 1986/87, 1999/00 */
  if (t[k - 1].val != y2) return -1;
  return end ? y1 + 1 : y1;
}

/*
** A month whose year the text leaves out, joined to a later month that
** names its year ("January to September 1986", "July-December 1986",
** "Jan/Feb 1987", "February 18 and February 21, 1986"): the year named
** once covers both.  A range running back across the new year ("December
** to March 1987", "October/April 1987") starts the year before; a split
** year ("April/January 1986/87") is left alone.  Returns the year, or -1.
*/
static int shared_year(const tx_tok *t, size_t n, size_t t1, const char *text,
                       const tx_sem *s) {
  tx_match m2;
  int range;
  if (t1 + 1 >= n) return -1;
  if (t[t1].kind == TK_PUNCT)
    range = t[t1].punct == '-' || t[t1].punct == '/' ? 1 : -1;
  else if (t[t1].cls == C_MISC)
    range = t[t1].id == W_TO || t[t1].id == W_THROUGH || t[t1].id == W_UNTIL
                ? 1
            : t[t1].id == W_AND ? 0
                                : -1;
  else
    range = -1;
  if (range < 0 || t[t1 + 1].cls != C_MONTH ||
      !tx_match_at(t, n, t1 + 1, text, &m2) || m2.sem.form != F_ABS ||
      m2.sem.year < 0 || m2.sem.month <= 0 || m2.sem.type != NL_TIMEX_DATE)
    return -1;
  if (m2.t1 + 1 < n && t[m2.t1].kind == TK_PUNCT &&
      (t[m2.t1].punct == '/' || t[m2.t1].punct == '-') &&
      t[m2.t1 + 1].kind == TK_NUM)
    return -1; /* "April/January 1986/87": a split year */
  if (range && m2.sem.month < s->month) return m2.sem.year - 1;
  return m2.sem.year;
}

/*
** Is the text a sports story?  One word match reports use and other news
** hardly does ("half-time", "scored", "striker", "scoreline"), or two of
** those it shares with business news ("goal", "match", "game", "coach",
** "season": a company's goal alone is no match): a match's half or
** quarter ("the second half", "the first quarter": tx_sem.match_part)
** there is no part of a year (money talk near makes none: nl_timex_quarter.c).
** Asked once a text, at its first such part.
*/
static int sports_story(const tx_p *p) {
  static const tx_word strong[] = {
      TX_WORD("scored"),      TX_WORD("scorer"),     TX_WORD("striker"),
      TX_WORD("goalkeeper"),  TX_WORD("referee"),    TX_WORD("midfielder"),
      TX_WORD("equaliser"),   TX_WORD("equalizer"),  TX_WORD("wicket"),
      TX_WORD("innings"),     TX_WORD("touchdown"),  TX_WORD("quarterback"),
      TX_WORD("scoreline"),   TX_WORD("halftime"),   {NULL, 0}};
  static const tx_word weak[] = {
      TX_WORD("goal"),   TX_WORD("goals"),   TX_WORD("match"),
      TX_WORD("game"),   TX_WORD("games"),   TX_WORD("coach"),
      TX_WORD("season"), TX_WORD("players"), TX_WORD("team"),
      TX_WORD("league"), {NULL, 0}};
  unsigned seen = 0; /* the weak words met, a bit each */
  size_t k;
  int w;
  for (k = 0; k < p->n; k++) {
    if (p->t[k].kind != TK_WORD) continue;
    /* half-time, kick-off, free-kick, sin-bin */
    if (k + 2 < p->n && is_p(p, k + 1, '-') && tight(p, k + 1) &&
        tight(p, k + 2) &&
        ((is_text(p, k, "half") && is_text(p, k + 2, "time")) ||
         (is_text(p, k, "kick") && is_text(p, k + 2, "off")) ||
         (is_text(p, k, "free") && is_text(p, k + 2, "kick")) ||
         (is_text(p, k, "sin") && is_text(p, k + 2, "bin"))))
      return 1;
    if (in_words(p, k, strong)) return 1;
    /* two different words ("goal" and "goals", entries 0 and 1, are one) */
    if ((w = word_index(p, k, weak)) >= 0) seen |= 1u << (w == 1 ? 0 : w);
    if (seen & (seen - 1)) return 1;
  }
  return 0;
}

/*
** "N years later" (N >= 2, or decades, centuries), counted from the
** narrative's date when that date is the story's own year or later (its
** last date was "today", or none): later than now, which a story in the
** past or present tense does not mean.
*/
static int later_from_now(const tx_sem *s, const tx_ctx *c) {
  return s->form == F_REL && s->anchor && s->unit >= U_YEAR &&
         s->rel_n >= (s->unit > U_YEAR ? 1 : 2) && /* "a century later" */
         c->has_dct && (!c->has_anchor || c->ay >= c->dy);
}

/*
** A year of two digits ("the Crash of '29") is taken in the century that
** puts it less than 30 years after the story's year and at most 70
** before: 1929 in a story of 1987 (it was 2029), 2029 in one of 2020.
** Without a story's date, 1930-2029 as the grammar read it.
*/
static void century_of(tx_sem *s, const tx_ctx *c) {
  int y;
  if (!s->yy || !c->has_dct || s->year < 0) return;
  y = c->dy - 70 + ((s->year % 100) - (c->dy - 70) % 100 + 100) % 100;
  s->year = y;
}

/*
** A slashed date that reads both ways ("05/11/2008": 11 May, or 5 November
** as Europe writes it) is read month first, unless that date lies more
** than two months from the story's date and the day-first one within a
** week of it: a dateline or an event of the week ("Berlin, 05/11/2008" in
** an EBU item of 6 November 2008; "signed on 1/3/1998" in a story of 15
** February stays 3 January).  Swaps s's day and month then.
*/
static void day_first(tx_sem *s, const tx_ctx *c) {
  long md, dm;
  if (!s->dm_too || !c->has_dct || s->year < 0) return;
  md = labs(nl_cal_days(s->year, s->month, s->day) - c->dct_days);
  dm = labs(nl_cal_days(s->year, s->day, s->month) - c->dct_days);
  if (md > 61 && dm <= 7) {
    int t = s->month;
    s->month = s->day;
    s->day = t;
  }
}

/*
** The end of the paragraph of token i: the index of the first token after
** the first blank line (two line feeds with only whitespace between) that
** follows token i, or nt when none does.  An expression does not run
** across one: "WEEK AGO 44.31 478\n\nYEAR AGO" is two rows of a table,
** not "478 years ago".  Called as the tagger passes each paragraph's end,
** so the tokens are walked once; only gaps of two bytes or more are read.
*/
static size_t paragraph_end(const tx_tok *t, size_t nt, size_t i,
                            const char *text) {
  size_t k, q;
  for (k = i + 1; k < nt; k++) {
    size_t a = t[k - 1].end, b = t[k].start;
    int feeds = 0;
    if (b - a < 2) continue;
    for (q = a; q < b; q++)
      feeds += text[q] == '\n';
    if (feeds >= 2) return k;
  }
  return nt;
}

/*
** Whether token k is the word w, spelled in any case (for words outside
** the lexicon: "or", "against").
*/
static int word_is(const tx_tok *t, size_t k, const char *text,
                   const char *w) {
  size_t len = strlen(w), q;
  if (t[k].kind != TK_WORD || t[k].end - t[k].start != len) return 0;
  for (q = 0; q < len; q++)
    if ((text[t[k].start + q] | 0x20) != w[q]) return 0;
  return 1;
}

/*
** A year that governs the bare month after it: expression m, resolved to
** x, names one year ("2017", "last year", "that year", "the year before",
** "next year"), not as a comparison ("from last year", which the grammar
** marks TX_BACKGROUND; "a year earlier", "a year ago", "than 2017"), nor
** a fiscal year (whose months are the company's: October of fiscal 2017
** may be 2016's), nor a year a thing is for ("predicted for 1986 in
** February's budget": the budget of 1987).  A year in figures must be the
** time of its clause, after "in" or "during" or opening it: "bonds due
** 2017 in February", "debentures due 2010 on May 15" name a maturity
** (Reuters-21578), and the call or sale is the report's.  Returns the
** year, or -1.
*/
static int governing_year(const tx_tok *t, const tx_match *m,
                          const nl_timex *x, const char *text) {
  const tx_sem *s = &m->sem;
  const char *v = x->value;
  size_t k = m->t0;
  int ok;
  if (x->type != NL_TIMEX_DATE || !(v[0] >= '0' && v[0] <= '9') ||
      !(v[1] >= '0' && v[1] <= '9') || !(v[2] >= '0' && v[2] <= '9') ||
      !(v[3] >= '0' && v[3] <= '9') || v[4])
    return -1;
  if (s->form == F_ABS)
    ok = s->gran == G_YEAR &&
         !(t[k].cls == C_MISC &&
           (t[k].id == W_FISCAL || t[k].id == W_CALENDAR)) &&
         (k == 0 ||
          (t[k - 1].cls == C_MISC &&
           (t[k - 1].id == W_IN || t[k - 1].id == W_DURING)) ||
          (t[k - 1].kind == TK_PUNCT && t[k - 1].punct &&
           strchr(".;:!?", t[k - 1].punct)));
  else
    ok = s->form == F_REL && s->unit == U_YEAR && s->dur_n == 0 &&
         s->need_tense != TX_BACKGROUND;
  if (!ok) return -1;
  if (k > 0 && ((t[k - 1].cls == C_MISC &&
                 (t[k - 1].id == W_FISCAL || t[k - 1].id == W_FOR ||
                  t[k - 1].id == W_FROM || t[k - 1].id == W_THAN ||
                  t[k - 1].id == W_SINCE || t[k - 1].id == W_UNTIL ||
                  t[k - 1].id == W_TO || t[k - 1].id == W_BEFORE ||
                  t[k - 1].id == W_AFTER || t[k - 1].id == W_BY ||
                  (t[k - 1].id == W_VS))) ||
                word_is(t, k - 1, text, "against") ||
                word_is(t, k - 1, text, "versus") ||
                word_is(t, k - 1, text, "over") ||
                (k > 1 && word_is(t, k - 1, text, "with") &&
                 word_is(t, k - 2, text, "compared"))))
    return -1; /* "up from 2017", "than last year": a comparison */
  return (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 +
         (v[3] - '0');
}

/*
** Whether tokens [a, b) join a governing year to the month after it:
** [","] then at most one of in/on/during, one token at least ("last year
** in April", "in 2017, in October", "Last year, in April, ...", "in 2017
** on October 12").  With `list` (the month before took the year), a
** conjunction or range mark may come first too ("in April and May", "in
** April, and in May", "April to June", "April-June").  Anything else
** (a verb, another clause's words) ends the year's reach: "founded in
** 2017 and closed a plant in October" is left to the tense; so does a
** blank line ("SALES FELL LAST YEAR\n\nIn April ...": a headline and the
** story's first sentence).
*/
static int governs(const tx_tok *t, size_t a, size_t b, const char *text,
                   int list) {
  size_t k = a, q;
  int feeds = 0;
  if (b <= a || b - a > 3) return 0;
  for (q = t[a - 1].end; q < t[b].start; q++)
    feeds += text[q] == '\n';
  if (feeds >= 2) return 0;
  if (t[k].kind == TK_PUNCT && t[k].punct == ',') k++;
  if (list && k < b &&
      ((t[k].cls == C_MISC &&
        (t[k].id == W_AND || t[k].id == W_TO || t[k].id == W_THROUGH ||
         t[k].id == W_UNTIL)) ||
       word_is(t, k, text, "or") ||
       (t[k].kind == TK_PUNCT && (t[k].punct == '-' || t[k].punct == '/'))))
    k++;
  if (k < b && t[k].cls == C_MISC &&
      (t[k].id == W_IN || t[k].id == W_ON || t[k].id == W_DURING))
    k++;
  return k == b;
}

/*
** Tag text[0..len) (see nl_timex.h).  Expressions come out in text order
** and never overlap; the caller frees *out with nl_free_mem.
*/
nl_status nl_timex_tag(const char *text, size_t len, const nl_timex_opts *opts,
                       nl_timex **out, size_t *n, nl_error *err) {
  tx_ctx ctx;
  tx_p p; /* the tokens, for tx_may_start */
  tx_tok *toks = NULL;
  uint32_t *trig = NULL;
  size_t tcap = 0, cap = 0, i, cnt = 0, ntrig = 0, g, prev_t1 = 0;
  size_t near_t1 = 0, para = 0; /* tokens before `para`: i's paragraph */
  int tense, prev_tense = 0, near_y = 0, near_m = 0;
  /* the last expression, ending at token gov_t1 (0: none), named the year
  ** gov_y (and a month gov_m: a month that took it), obtained as
  ** gov_flags say against gov_anchor: a bare month just after it takes
  ** that year (governs) */
  size_t gov_t1 = 0;
  int gov_y = 0, gov_m = 0, gov_list = 0, governed;
  unsigned gov_flags = 0;
  char gov_anchor[sizeof((nl_timex *)0)->anchor];
  int sports = -1; /* sports_story, once asked */
  long nt;
  *out = NULL;
  *n = 0;
  memset(&ctx, 0, sizeof ctx);
  if (!text && len) return nl_error_set(err, NL_EINVAL, "timex: NULL text");
  if (len > 0xFFFFFFF0u)
    return nl_error_set(err, NL_ELIMIT, "timex: text longer than 4 GB");
  if (opts && opts->dct && !parse_dct(opts->dct, &ctx))
    return nl_error_set(err, NL_EINVAL,
                        "timex: malformed dct '%.40s' (want YYYY-MM-DD"
                        "[Thh:mm[:ss]][Z|+hh:mm])",
                        opts->dct);
  /* One allocation for the tokens of typical prose (a token per five
  ** bytes or so) and their trigger list, instead of a run of
  ** reallocations; tx_scan grows it for denser text. */
  tcap = len / 4 + 64;
  toks = nl_malloc(tcap * TX_SCAN_SLOT);
  if (!toks) goto oom;
  trig = (uint32_t *)(void *)(toks + tcap);
  nt = tx_scan(text, len, &toks, &tcap, &trig, &ntrig);
  if (nt < 0) goto oom;
  p.t = toks;
  p.n = (size_t)nt;
  p.text = text;
  /* only the trigger tokens (the scanner's list), from i on: i is past
  ** the last match */
  for (g = 0, i = 0; g < ntrig; g++) {
    tx_match m;
    nl_timex *x;
    if (trig[g] < i) continue;
    i = trig[g];
    if (i >= para) para = paragraph_end(toks, (size_t)nt, i, text);
    if (!tx_may_start(&p, i) || !tx_match_at(toks, para, i, text, &m))
      continue;
    i = m.t1;
    if (m.sem.type == 255) continue;
    if (m.sem.match_part) { /* a match's half or quarter? */
      if (sports < 0) sports = sports_story(&p);
      if (sports) continue;
    }
    if (m.sem.form == F_ABS && m.sem.year < 0 && m.sem.month > 0 &&
        (m.sem.gran == G_MONTH || m.sem.gran == G_DAY) && !m.sem.wday &&
        m.sem.need_tense != 2 && m.sem.need_tense != 3) {
      int y = shared_year(toks, para, m.t1, text, &m.sem);
      if (y < 0) y = split_year_bound(toks, m.t0, text);
      if (y >= 0) m.sem.year = y; /* "January to September 1986" */
    }
    governed = 0;
    if (gov_t1 && m.sem.form == F_ABS && m.sem.year < 0 && m.sem.month > 0 &&
        (m.sem.gran == G_MONTH || m.sem.gran == G_DAY) && !m.sem.wday &&
        m.sem.need_tense != 2 && m.sem.need_tense != 3 &&
        governs(toks, gov_t1, m.t0, text, gov_list)) {
      /* "last year in April", "in 2017, in October": the year just named
      ** governs the month (TimeML resolves an underspecified date against
      ** the reference time the text set, here in the same phrase; the DCT
      ** and the tense would give April 2019 and October 2018 in a story
      ** of May 2019).  After a month that took it, the nearest such month
      ** ("last year in April and May"; "in 2017 in November and
      ** January" runs into 2018). */
      int y = gov_y;
      if (gov_m) {
        int at = gov_y * 12 + gov_m, k;
        for (k = -1; k <= 1; k += 2) {
          int c = (gov_y + k) * 12 + m.sem.month, b = y * 12 + m.sem.month;
          if ((c > at ? c - at : at - c) < (b > at ? b - at : at - b))
            y = gov_y + k;
        }
      }
      m.sem.year = y;
      governed = 1;
    }
    if (!grow(out, &cap, cnt)) goto oom;
    x = &(*out)[cnt++];
    memset(x, 0, sizeof *x);
    x->start = toks[m.t0].start;
    x->end = toks[m.t1 - 1].end;
    x->type = (nl_timex_type)m.sem.type;
    tense = 0;
    if (future_span(toks, &m, text) &&
        tx_tense(toks, (size_t)nt, m.t0, m.t1, text, prev_t1, prev_tense) > 0) {
      /* "would be redeemed in five years": the date five years on */
      m.sem.type = NL_TIMEX_DATE;
      m.sem.form = F_REL;
      m.sem.rel_n = (int)m.sem.dur_n;
      m.sem.dur_n = 1; /* counted from the report, not moving the story */
      x->type = NL_TIMEX_DATE;
    }
    if (needs_tense(&m.sem)) {
      tense = tx_tense(toks, (size_t)nt, m.t0, m.t1, text, prev_t1, prev_tense);
      prev_t1 = m.t1;
      prev_tense = tense; /* (the clause's, not the trade term's below) */
      if (tense <= 0 && m.sem.form == F_ABS && m.sem.month > 0 &&
          trade_period(toks, (size_t)nt, m.t0, m.t1, m.sem.month, text))
        tense = 1; /* "bought for May to September shipment" */
    } else if (m.sem.gran == G_QUARTER && m.sem.quarter && m.sem.year >= 0) {
      /* a quarter with its year needs no tense, but its clause's still
      ** carries to a date after it that is too far from the verb: "Philip
      ** Crosby reported fourth quarter 1985 results of 1.3 mln dlrs, or 37
      ** cts a share prior to an August 15 two-for-one stock split" (Reuters
      ** reut2-006#6503: 1986-08-15, as after a quarter of no year) */
      prev_tense = tx_tense(toks, (size_t)nt, m.t0, m.t1, text, prev_t1,
                            prev_tense);
      prev_t1 = m.t1;
    }
    if (later_from_now(&m.sem, &ctx) &&
        tx_tense(toks, (size_t)nt, m.t0, m.t1, text, prev_t1, prev_tense) <=
            0) {
      /* "They did it! 108 years later and the drought is over" (a 2016
      ** story whose last date was "today"): years after a time the text
      ** does not name, a stretch of time (not 2124); "the rights will
      ** expire 10 years later" stays the date ten years on */
      m.sem.type = NL_TIMEX_DURATION;
      m.sem.form = F_DUR;
      m.sem.dur_n = m.sem.rel_n;
      x->type = NL_TIMEX_DURATION;
    }
    ctx.nm = 0;
    if (near_t1 && m.sem.form == F_ABS && m.sem.year < 0 && !tense &&
        tx_same_sentence(toks, (size_t)nt, near_t1, m.t0)) {
      ctx.ny = near_y, ctx.nm = near_m; /* (read by a bare month only) */
      ctx.nrange = range_end(toks, near_t1, m.t0, text);
    } else {
      ctx.nrange = 0;
    }
    if (ctx.weak_day && m.t0 == ctx.weak_t)
      ctx.weak_day = 0; /* "yesterday's midday" */
    day_first(&m.sem, &ctx);
    century_of(&m.sem, &ctx);
    tx_resolve(&m.sem, tense, &ctx, x);
    if (ctx.agran == G_DAY && !(m.sem.anchor && m.sem.hour >= 0) &&
        (m.sem.form == F_WDAY || m.sem.gran == G_DAY ||
         (m.sem.form == F_REL && m.sem.unit == U_DAY)))
      note_day(&ctx, &m, toks, nt, text); /* (not a bare clock time) */
    if (!x->value[0]) { /* nothing named (TX_ANAPHOR) */
      cnt--;
      continue;
    }
    if (governed) {
      /* its year was obtained as the governing one was: the flags and
      ** anchor of "last year", not those of a date the text spelled out */
      x->flags = (x->flags & ~(unsigned)(NL_TIMEX_ABSOLUTE | NL_TIMEX_RELATIVE |
                                         NL_TIMEX_NARRATIVE)) |
                 gov_flags;
      memcpy(x->anchor, gov_anchor, sizeof gov_anchor);
      /* ahead of the report as a date resolved against it would be
      ** ("later this year, in late June": June of a May story) */
      if (!(gov_flags & NL_TIMEX_ABSOLUTE) && ctx.has_dct &&
          (m.sem.year > ctx.dy ||
           (m.sem.year == ctx.dy && m.sem.month > ctx.dm)))
        x->flags |= NL_TIMEX_FUTURE;
      gov_t1 = m.t1, gov_y = m.sem.year, gov_m = m.sem.month, gov_list = 1;
    } else if ((gov_y = governing_year(toks, &m, x, text)) >= 0) {
      gov_t1 = m.t1, gov_m = 0, gov_list = 0;
      gov_flags = x->flags & (NL_TIMEX_ABSOLUTE | NL_TIMEX_RELATIVE |
                              NL_TIMEX_NARRATIVE | NL_TIMEX_FUTURE);
      memcpy(gov_anchor, x->anchor, sizeof gov_anchor);
    } else {
      gov_t1 = 0;
    }
    near_t1 = 0;
    if ((x->flags & NL_TIMEX_RELATIVE) && m.sem.form == F_ABS &&
        month_of(x->value, &near_y, &near_m))
      near_t1 = m.t1;
  }
  nl_free(toks);
  *n = cnt;
  if (!cnt) {
    nl_free(*out);
    *out = NULL;
  }
  return NL_OK;
oom:
  nl_free(toks);
  nl_free(*out);
  *out = NULL;
  return nl_error_set(err, NL_ENOMEM, "timex: out of memory");
}
