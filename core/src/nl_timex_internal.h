/*
** nl_timex_internal.h -- shared between the timex scanner, grammar, tense
** detector and resolver (nl_timex_lex.c, nl_timex_dates.c,
** nl_timex_match.c, nl_timex_tense.c, nl_timex_resolve.c, nl_timex.c).
** Private to the timex module.
*/
#ifndef NEWSLUA_NL_TIMEX_INTERNAL_H
#define NEWSLUA_NL_TIMEX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "newslua/nl_timex.h"

/* ---- lexicon ---------------------------------------------------------- */

/* Word classes. */
enum {
  C_NONE = 0,
  C_MONTH,  /* val 1..12 */
  C_WDAY,   /* val 1..7 (ISO) */
  C_UNIT,   /* val = unit (U_*), plural flag in tx_tok.plural */
  C_NUMW,   /* cardinal word, val = number */
  C_ORD,    /* ordinal word, val = number */
  C_SEASON, /* val = S_* */
  C_POD,    /* part of day, val = P_* */
  C_REF,    /* now, today, ...: val = R_* */
  C_POS,    /* early/late/mid: val = M_* (position mod) */
  C_REL,    /* last/next/this/...: val = -1, 0, +1 (2 = past, 3 = coming) */
  C_DIR,    /* ago/earlier/later/before/after: val = -1/+1 */
  C_APPROX, /* about, nearly, ...: val = mod index */
  C_SETW,   /* daily, weekly, ...: val = unit */
  C_FUT,    /* future cue */
  C_PAST,   /* past cue */
  C_VAGUE,  /* several, few, many, some, recent, coming */
  C_ZONE,   /* gmt, est, ist, ... */
  C_MISC    /* the, of, a, fiscal, ...: val = word id */
};

/* Units (order matters: smaller first). */
enum {
  U_NONE = 0,
  U_SEC,
  U_MIN,
  U_HOUR,
  U_DAY,
  U_WEEKEND,
  U_WEEK,
  U_MONTH,
  U_QUARTER,
  U_HALF,
  U_YEAR,
  U_DECADE,
  U_CENTURY,
  U_MILLENNIUM
};

/* Seasons, parts of day. */
enum { S_SP = 1, S_SU, S_FA, S_WI };
enum { P_MO = 1, P_AF, P_EV, P_NI, P_NOON, P_MIDNIGHT, P_DT };

/* Reference words. */
enum {
  R_NOW = 1,
  R_TODAY,
  R_YESTERDAY,
  R_TOMORROW,
  R_TONIGHT,
  R_PAST,
  R_FUTURE,
  R_PRESENT,
  R_RECENT,
  R_SOON,
  R_NOWADAYS
};

/* Position mods. */
enum { M_NONE = 0, M_START, M_MID, M_END };

/* Approximation mods (index into tx_mod_name). */
enum { A_NONE = 0, A_APPROX, A_LESS, A_MORE, A_EQLESS, A_EQMORE };

/* Misc word ids. */
enum {
  W_THE = 1,
  W_OF,
  W_A,
  W_AN,
  W_FISCAL,
  W_YEAR_AGO,
  W_AND,
  W_IN,
  W_ON,
  W_AT,
  W_EVERY,
  W_EACH,
  W_PER,
  W_FROM,
  W_NOW,
  W_THAT,
  W_SAME,
  W_END,
  W_BEGIN,
  W_MIDDLE,
  W_HALF,
  W_AM,
  W_PM,
  W_TWICE,
  W_ONCE,
  W_CALENDAR,
  W_S,
  W_LL,
  W_D,
  W_BY,
  W_SINCE,
  W_UNTIL,
  W_FOR,
  W_DURING,
  W_WITHIN,
  W_AFTER,
  W_BEFORE,
  W_THAN,
  W_MORE,
  W_LESS,
  W_LEAST,
  W_UP,
  W_TO,
  W_NO,
  W_MOST,
  W_COUPLE,
  W_LATEST,
  W_FIRST,
  W_WEEK,
  W_DAY,
  W_YEAR,
  W_TIMES,
  W_THOUSAND,
  W_HUNDRED,
  W_OCLOCK,
  W_ELECTION,
  W_THANKSGIVING,
  W_CHRISTMAS,
  W_EASTER,
  W_NEW,
  W_EVE,
  W_HOLIDAY,
  W_PERIOD,
  W_TIME,
  W_FUTURE,
  W_PAST,
  W_PRESENT,
  W_LAST,
  W_YEARS_OLD,
  W_OLD,
  W_AGED,
  W_AGE,
  W_WHICH,
  W_THEN,
  W_THIS,
  W_NEXT,
  W_THROUGH,
  W_MEMORIAL,
  W_LABOR,
  W_VETERANS,
  W_BOXING,
  W_VALENTINE,
  W_HALLOWEEN,
  W_COMPARABLE,
  W_VS
};

/* ---- tokens ------------------------------------------------------------ */

enum { TK_WORD = 1, TK_NUM, TK_PUNCT };

typedef struct tx_tok {
  uint32_t start, end; /* byte span, end exclusive */
  int32_t val;         /* lexicon value or number value (capped) */
  uint16_t id;         /* W_* for C_MISC words, else 0 */
  uint8_t kind;        /* TK_* */
  uint8_t cls;         /* C_* for words in the lexicon */
  uint8_t cap;         /* first letter upper case */
  uint8_t plural;      /* unit word in plural */
  uint8_t ndig;        /* digits of a number (0 for words) */
  uint8_t suffix;      /* number suffix: 's' (1980s), 'o' (20th), 'a'/'p' */
  uint8_t punct;       /* punctuation byte ('-' for dashes, '\'' quotes) */
  uint8_t gap;         /* whitespace before this token */
  uint8_t trig;        /* may begin an expression (tx_word_triggers) */
  /* (ordered widest first: 24 bytes, so indexing is a shift and an add and
  ** a token is three 8-byte stores) */
} tx_tok;

/* Whether C_MISC word `id` begins a holiday (tx_try_holiday). */
static inline int tx_holiday_word(int id) {
  switch (id) {
  case W_THANKSGIVING:
  case W_CHRISTMAS:
  case W_NEW:
  case W_EASTER:
  case W_MEMORIAL:
  case W_LABOR:
  case W_VETERANS:
  case W_BOXING:
  case W_VALENTINE:
  case W_HALLOWEEN:
  case W_ELECTION:
    return 1;
  default:
    return 0;
  }
}

/*
** Whether a lexicon word of class cls (id for C_MISC) can begin an
** expression: the scanner stores it in tx_tok.trig, so the tagger looks
** at the other words no further.  Numbers always may; punctuation only
** the apostrophe ('80s).
*/
static inline int tx_word_triggers(int cls, int id) {
  if (cls == C_MISC) {
    /* Function words that can begin an expression. */
    switch (id) {
    case W_THE:
    case W_A:
    case W_AN:
    case W_FISCAL:
    case W_CALENDAR:
    case W_EVERY:
    case W_EACH:
    case W_PER:
    case W_MORE:
    case W_LESS:
    case W_AT:
    case W_UP:
    case W_NO:
    case W_THAT:
    case W_SAME:
    case W_FUTURE:
    case W_LATEST:
      return 1;
    default:
      return tx_holiday_word(id);
    }
  }
  return cls != C_NONE && cls != C_FUT && cls != C_PAST && cls != C_ZONE;
}

/*
** Scan text into tokens.  *toks and *trig (both of capacity *cap) are one
** allocation: *cap tokens, then *cap indices (*trig == (uint32_t *)(*toks
** + *cap)), TX_SCAN_SLOT bytes a token; tx_scan grows it with nl_realloc
** and the caller frees *toks alone.  *trig receives the indices of the
** tokens with trig set, in order, and *ntrig their count.  Returns the
** number of tokens, or -1 on out of memory (the block then still owned by
** the caller).
*/
#define TX_SCAN_SLOT (sizeof(tx_tok) + sizeof(uint32_t))
long tx_scan(const char *text, size_t len, tx_tok **toks, size_t *cap,
             uint32_t **trig, size_t *ntrig);

/* ---- semantics --------------------------------------------------------- */

/*
** Holidays around Easter: tx_sem.day holds TX_EASTER + the offset in days
** from Easter Sunday (month 4), resolved by the year (nl_timex_resolve.c).
*/
#define TX_EASTER (-300)
#define TX_GOOD_FRIDAY (TX_EASTER - 2)
/* US Thanksgiving, the fourth Thursday of November, in tx_sem.day. */
#define TX_THANKSGIVING (-104)
/* The n-th (5 = last) ISO weekday wd of the month, in tx_sem.day. */
#define TX_NTH_WDAY(n, wd) (-1000 - 10 * (n) - (wd))

/* Granularity of a date. */
enum {
  G_NONE = 0,
  G_TIME,
  G_POD,
  G_DAY,
  G_WEEKEND,
  G_WEEK,
  G_MONTH,
  G_QUARTER,
  G_HALF,
  G_SEASON,
  G_YEAR,
  G_DECADE,
  G_CENTURY
};

/* How the value is obtained. */
enum {
  F_ABS = 1, /* fields given; missing year taken from the DCT */
  F_REL,     /* anchor + rel_n units of `unit`, shown at `gran` */
  F_WDAY,    /* a weekday, direction from rel_n or tense */
  F_LIT,     /* literal value (PRESENT_REF, P1D for a set, ...) */
  F_DUR      /* duration: dur_n (-1 = X) of `unit` */
};

typedef struct tx_sem {
  uint8_t type;       /* NL_TIMEX_* */
  uint8_t form;       /* F_* */
  uint8_t gran;       /* G_* */
  uint8_t unit;       /* U_* for F_REL / F_DUR */
  uint8_t anchor;     /* 0 = DCT, 1 = narrative (last date) */
  uint8_t mod;        /* index into tx_mod_name */
  uint8_t need_tense; /* year or week must come from tense; for a named
                      ** quarter, TX_BACKGROUND (see below) */
  uint8_t pod;        /* P_* appended as TMO, ... */
  uint8_t fiscal;     /* a quarter named "fiscal" (the company's calendar) */
  uint8_t match_part; /* a half or quarter of no year ("the second
                      ** half"), no money talk near: a match's in a sports
                      ** story (nl_timex.c) */
  uint8_t yy;         /* a year written with two digits ("'29",
                      ** "10/29/29"): its
                      ** century is the story's (nl_timex.c, century_of) */
  uint8_t dm_too;     /* a slashed numeric date read month first that
                      ** reads day first too ("05/11/2008": nl_timex.c
                      ** may take that reading, see day_first) */
  int16_t shift;      /* days added to the named day: "two days after
                      ** Friday" (in the bytes the flags leave free: the
                      ** struct is copied for every parser tried) */
  int rel_n;          /* offset in units */
  int year, month, day, hour, minute, second;       /* -1 unknown */
  int quarter, half, season, wday, decade, century; /* 0 unknown */
  double dur_n; /* duration amount, < 0 = unknown (X) */
  char lit[24]; /* literal value for F_LIT */
} tx_sem;

/*
** need_tense of a quarter named after "after"/"following" ("after a flat
** second quarter"): background to the report, it does not become the
** quarter the story's comparisons ("the year-earlier period") refer to.
*/
#define TX_BACKGROUND 5

/*
** need_tense of a quarter with its year named as a comparison ("compared
** to 152.1 mln in the first quarter 1986", "against 2.69 guilders in the
** first quarter of 1986"): while the story has a quarter of its own in
** focus, it stays there ("Net charge offs were 34.7 mln, compared to 41.1
** mln dlrs a year earlier": 1986-Q1, not 1985-Q1).  Not after "from": "from
** fourth quarter 1986 to fourth quarter 1987" is a span, not a comparison.
*/
#define TX_COMPARED 6

/*
** need_tense of a bare "the period" ("sales for the period rose"): it
** refers back to whatever stretch the story named (ten days, a year, a
** quarter); it is the story's quarter when one is in focus, otherwise no
** expression (tx_resolve leaves the value empty and the tagger drops it).
*/
#define TX_ANAPHOR 6

/* Mods, index = tx_sem.mod. */
enum {
  MOD_NONE = 0,
  MOD_START,
  MOD_MID,
  MOD_END,
  MOD_APPROX,
  MOD_LESS,
  MOD_MORE,
  MOD_EQLESS,
  MOD_EQMORE
};
extern const char *const tx_mod_name[];

/* One match: tokens [t0, t1), semantics. */
typedef struct tx_match {
  size_t t0, t1;
  tx_sem sem;
} tx_match;

/*
** Try to match an expression starting at token i, for which
** tx_may_start (nl_timex_start.h) said yes.  Returns 1 and fills *m on
** success (m->t1 > i), 0 otherwise.
*/
int tx_match_at(const tx_tok *t, size_t n, size_t i, const char *text,
                tx_match *m);

/* Resolution context: DCT and narrative anchor. */
typedef struct tx_ctx {
  int has_dct;
  int dy, dm, dd, dh, dmin; /* DCT (dh < 0: no time) */
  long dct_days;
  int ay, am, ad, aq, agran; /* last resolved date (anchor); agran G_* */
  int has_anchor;
  int qy, qq; /* the last fiscal quarter named (qq 0: none yet) */
  int qfiscal; /* ... and it was named "fiscal" */
  /* the expression just before, in the same sentence, named month ny-nm
  ** with a year the text did not give (nm 0: none): a bare month with no
  ** tense cue is read near it, or on or after it when it ends a range
  ** with it (nrange: "November-June", "from October to March") */
  int ny, nm, nrange;
  /* the last day named was a comparison ("from 241p on Friday", "Friday's
  ** close"): a bare clock time after it is the report's, not that day's */
  int weak_day;
  size_t weak_t; /* the token after "Friday's" (its own clock time) */
  char dct_ymd[16]; /* the DCT as YYYY-MM-DD, made on first use ("" yet) */
} tx_ctx;

/* Tense of the clause around tokens [t0, t1): -1 past, +1 future, 0 none
** (nl_timex_tense.c).  prev_tense (0: none) is the tense found for the
** previous expression, which ended at token prev_t1: with no cue of its
** own, an expression in the same sentence takes it. */
int tx_tense(const tx_tok *t, size_t n, size_t t0, size_t t1, const char *text,
             size_t prev_t1, int prev_tense);

/* Whether tokens [a, b) hold no sentence break (nl_timex_tense.c). */
int tx_same_sentence(const tx_tok *t, size_t n, size_t a, size_t b);

/* The tokens [*lo, *hi) of the sentence around token i (nl_timex_tense.c:
** its sentence breaks), at most `max` tokens each way. */
void tx_sentence_span(const tx_tok *t, size_t n, size_t i, size_t max,
                      size_t *lo, size_t *hi);

/*
** Resolve *s into out->value / mod / flags (and update the narrative
** anchor in ctx).  `tense` is from tx_tense.
*/
void tx_resolve(const tx_sem *s, int tense, tx_ctx *ctx, nl_timex *out);

#endif
