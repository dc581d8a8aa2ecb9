/*
** nl_timex_tense.c -- the tense and modality of the clause around a time
** expression, which decides the direction of underspecified dates ("met
** on Friday" looks back, "will meet on Tuesday" forward).  Cues are read
** from the scanner's tokens: modal and future words, past forms, "-ed".
*/
#include <string.h>

#include "nl_timex_internal.h"

/*
** Token k ends a sentence: '!', '?', ';', or a '.' that is not inside an
** abbreviation ("U.S.", "Sen.", "vs.": after one letter, a capitalised
** word of at most three letters or "vs", or followed by no space).
*/
static int sent_break(const tx_tok *t, size_t n, size_t k) {
  const tx_tok *w = &t[k];
  if (w->kind != TK_PUNCT) return 0;
  if (w->punct == '!' || w->punct == '?' || w->punct == ';') return 1;
  if (w->punct != '.') return 0;
  /* glued to what follows it is inside "U.S.", unless that is a closing
  ** quote, " or '' ('be nice." At March 31'; not "the U.S.'s") */
  if (k + 1 < n && !t[k + 1].gap &&
      !(t[k + 1].kind == TK_PUNCT &&
        (t[k + 1].punct == '"' ||
         (t[k + 1].punct == '\'' && k + 2 < n &&
          t[k + 2].kind == TK_PUNCT && t[k + 2].punct == '\''))))
    return 0;
  if (k > 0 && t[k - 1].kind == TK_WORD && !w->gap) {
    size_t len = t[k - 1].end - t[k - 1].start;
    if (len == 1 || (len <= 3 && t[k - 1].cap)) return 0;
    if (t[k - 1].cls == C_MISC && t[k - 1].id == W_VS) return 0;
  }
  return 1;
}

/* sent_break with its first test in the caller's loop: most tokens are
** words, and the call costs more than the test. */
#define BREAK_AT(t, n, k) ((t)[k].kind == TK_PUNCT && sent_break(t, n, k))

static int word_is(const tx_tok *w, const char *text, const char *s) {
  size_t len = strlen(s);
  return w->end - w->start == len && memcmp(text + w->start, s, len) == 0;
}

/* Past tense by form: a lower-case word of 5+ letters ending in "ed". */
static int ed_word(const tx_tok *t, const char *text) {
  size_t len = t->end - t->start;
  const char *w = text + t->start;
  return t->kind == TK_WORD && !t->cls && !t->cap && len >= 5 &&
         w[len - 2] == 'e' && w[len - 1] == 'd';
}

/*
** may, should or must ("might" is a C_FUT word of the lexicon, "may" a
** month's: the lower-case one is the verb), by class and length first.
*/
static int forward_modal(const tx_tok *w, const char *text) {
  const char *s = text + w->start;
  size_t len = w->end - w->start;
  if (w->cls == C_MONTH) return len == 3 && !w->cap && s[0] == 'm';
  if (w->cls || w->kind != TK_WORD) return 0;
  return (len == 4 && s[0] == 'm' && memcmp(s, "must", 4) == 0) ||
         (len == 6 && s[0] == 's' && memcmp(s, "should", 6) == 0);
}

/* After "have", a past participle by form: "been", a word in -ed, -en,
** -wn (fallen, risen, shown, grown); or an adverb in -ly before one ("may
** have fully rebounded"). */
static int participle(const tx_tok *w, const char *text) {
  size_t len;
  const char *s;
  if (!w || w->kind != TK_WORD) return 0;
  len = w->end - w->start;
  s = text + w->start;
  if (len < 4) return 0;
  return (s[len - 2] == 'e' && (s[len - 1] == 'd' || s[len - 1] == 'n')) ||
         (s[len - 2] == 'w' && s[len - 1] == 'n') ||
         (s[len - 2] == 'l' && s[len - 1] == 'y');
}

/*
** "set" before an adverb particle is another verb ("set aside vacation
** plans", "set up a board", "set back the schedule"), the past or its
** participle like "set on/in", not the plan of "set for Monday".  (Tested
** by the callers of cue() on its strong future cues only: cheaper there.)
*/
static int set_particle(const tx_tok *w, const tx_tok *next, const char *text) {
  static const char *const part[] = {"aside", "off",   "out",   "back", "down",
                                     "apart", "about", "forth", NULL};
  size_t len, k;
  if (w->cls != C_FUT || w->end - w->start != 3 ||
      memcmp(text + w->start, "set", 3) != 0)
    return 0;
  if (next->cls == C_MISC && next->id == W_UP) return 1;
  if (next->kind != TK_WORD || next->cls) return 0;
  len = next->end - next->start;
  for (k = 0; part[k]; k++)
    if (strlen(part[k]) == len && memcmp(text + next->start, part[k], len) == 0)
      return 1;
  return 0;
}

/*
** The word after "to" may be a verb in its base form: a lower-case word
** outside the lexicon, not in -ed or -ing, not a pronoun or determiner
** ("agreed to his terms", "promised to them").
*/
static int infinitive(const tx_tok *w, const char *text) {
  static const char *const notverb[] = {
      "his",   "her",   "its",  "their", "our", "my", "your", "this",
      "these", "those", "them", "him",   "me",  "us", "it",   NULL};
  size_t len, k;
  const char *s;
  if (!w || w->kind != TK_WORD || w->cls || w->cap) return 0;
  len = w->end - w->start;
  s = text + w->start;
  if (len < 2) return 0;
  if (len >= 4 && s[len - 2] == 'e' && s[len - 1] == 'd') return 0;
  if (len >= 5 && memcmp(s + len - 3, "ing", 3) == 0) return 0;
  for (k = 0; notverb[k]; k++)
    if (strlen(notverb[k]) == len && memcmp(s, notverb[k], len) == 0) return 0;
  return 1;
}

/*
** A verb or noun of commitment or intent before "to" (agree, agreement,
** promise, pledge, vow, offer, threaten, intend, propose, hope, seek,
** want; any form): what it commits to
** lies after it, and in news the commitment is recent, so the date of
** the infinitive's event lies ahead of the report ("agreed to buy the
** line in February", "threatened to strike on Thursday").
*/
static int commitment(const tx_tok *w, const char *text) {
  size_t len = w->end - w->start;
  const char *s = text + w->start, *stem;
  if (w->kind != TK_WORD || w->cap || len < 3) return 0;
  switch (s[0]) { /* one stem a letter: no loop for every "to" */
  case 'a':
    stem = "agree";
    break;
  case 'h':
    stem = "hop";
    break;
  case 's':
    stem = "seek";
    break;
  case 'w':
    stem = "want";
    break;
  case 'p':
    stem = s[1] == 'l' ? "pledg" : len > 4 && s[4] == 'i' ? "promis" : "propos";
    break;
  case 'v':
    stem = "vow";
    break;
  case 'o':
    stem = "offer";
    break;
  case 't':
    stem = "threaten";
    break;
  case 'i':
    stem = "intend";
    break;
  default:
    return 0;
  }
  return len >= strlen(stem) && memcmp(s, stem, strlen(stem)) == 0;
}

/* The cue of a future word of the lexicon (will, expected, set, due,
** going ...): +2, or less where the phrase is no plan (see cue()). */
static int fut_cue(const tx_tok *t, const tx_tok *prev, const tx_tok *next,
                   const tx_tok *next2, const char *text) {
  size_t len = t->end - t->start;
  if (len == 3 && memcmp(text + t->start, "set", 3) == 0 &&
      next && next->cls == C_MISC && (next->id == W_ON || next->id == W_IN))
    return -1;
  /* "due to the suspension of exports": because of, no plan ("is due
  ** to begin" is one) */
  if (len == 3 && memcmp(text + t->start, "due", 3) == 0 &&
      next && next->cls == C_MISC && next->id == W_TO && next2 &&
      (next2->kind == TK_NUM || next2->cap ||
       (next2->cls == C_MISC &&
        (next2->id == W_THE || next2->id == W_A || next2->id == W_AN)) ||
       (next2->kind == TK_WORD && !next2->cls && !infinitive(next2, text))))
    return 0;
  /* "than expected", "as expected": a comparison with a forecast, no
  ** plan ("stronger than expected growth in the January/March period") */
  if (prev && len == 8 &&
      memcmp(text + t->start, "expected", 8) == 0 &&
      ((prev->cls == C_MISC && prev->id == W_THAN) ||
       word_is(prev, text, "as") || word_is(prev, text, "As")))
    return 0;
  /* "going" plans only before "to" or "ahead" ("is going to raise",
  ** "going ahead with"), not in "going better", "going on" */
  if (len == 5 && memcmp(text + t->start, "going", 5) == 0 &&
      !(next && ((next->cls == C_MISC && next->id == W_TO) ||
                 word_is(next, text, "ahead"))))
    return 0;
  return 2;
}

/*
** Tense cue of one token: +-2 strong (will, would, 'll, expected, next;
** was, said, met), -1 weak (a word in -ed, often an adjective), 0 none.
** next is the token after t (NULL at the end): "set" before on/in is the
** past or its participle ("the record set on Aug. 6", "the price set in
** December"), a weak cue; elsewhere a plan ("set to expire", "set for
** Monday", "set July 30 as the date").
*/
static int cue(const tx_tok *t, const tx_tok *prev, const tx_tok *next,
               const tx_tok *next2, const char *text) {
  size_t len = t->end - t->start;
  switch (t->cls) { /* by class first: most tokens have none */
  case C_NONE:
  case C_MONTH:
    break;
  case C_FUT:
    return fut_cue(t, prev, next, next2, text);
  case C_PAST:
    return t->val ? -2 : 0;
  case C_MISC:
    if (t->id == W_LL && prev && prev->punct == '\'') return 2;
    break;
  default:
    return 0;
  }
  if (t->kind == TK_WORD && len == 5 &&
      memcmp(text + t->start, "would", 5) == 0)
    return 2;
  /* "may not react until Monday", "should have an impact Monday": these
  ** modals look ahead ("could" is also the past of "can": "could not be
  ** located Wednesday"), unless a perfect follows ("may have fallen") */
  if (forward_modal(t, text) &&
      !(next && word_is(next, text, "have") && participle(next2, text)))
    return 2;
  if (prev && len == 2 && memcmp(text + t->start, "to", 2) == 0 &&
      ((prev->end - prev->start == 2 &&
        memcmp(text + prev->start, "is", 2) == 0) ||
       (prev->end - prev->start == 3 &&
        memcmp(text + prev->start, "are", 3) == 0)))
    return 2; /* "is to resume": a plan */
  /* "a still unspecified date", "the revised plan": an -ed word after a
  ** determiner or an adverb in -ly is an adjective, not a verb; after
  ** "is" or "are" a present passive or adjective, no past ("January is
  ** packed with conjunctions" in a December 30 story: the January ahead) */
  if (ed_word(t, text) &&
      !(prev && prev->cls == C_MISC &&
        (prev->id == W_THE || prev->id == W_A || prev->id == W_AN)) &&
      !(prev && prev->kind == TK_WORD && prev->end - prev->start >= 4 &&
        text[prev->end - 2] == 'l' && text[prev->end - 1] == 'y') &&
      !(prev && word_is(prev, text, "still")) &&
      !(prev && (word_is(prev, text, "is") || word_is(prev, text, "are"))))
    return -1;
  return 0;
}

/* A market figure a day's possessive names ("Friday's final 71.8",
** "Monday's close"): "ahead of" it is above it, no time ahead. */
static int market_figure(const tx_tok *w, const char *text) {
  static const char *const noun[] = {"final", "close", "closing", "level",
                                     "high", "low", "fix", "fixing",
                                     "finish", "levels", "highs", "lows"};
  size_t i;
  if (w->kind != TK_WORD) return 0;
  for (i = 0; i < sizeof noun / sizeof noun[0]; i++)
    if (word_is(w, text, noun[i])) return 1;
  return 0;
}

/* Does a possessive date at t[t0] (its "'s" ending at t[t1 + 1]) name an
** event still ahead: "ahead of" right before it ("ahead of Thursday's
** deadline"; not "well ahead of Friday's final 71.8"), or "will" / "'ll"
** earlier in its clause with no past verb between ("will do the same
** thing they did at December's expiration" looks back), at most 10
** tokens back, not past a comma or a sentence break? */
static int possessive_ahead(const tx_tok *t, size_t n, size_t t0, size_t t1,
                            const char *text) {
  size_t k;
  if (t0 >= 2 && word_is(&t[t0 - 1], text, "of") &&
      word_is(&t[t0 - 2], text, "ahead"))
    return !(t1 + 2 < n && market_figure(&t[t1 + 2], text));
  for (k = t0; k > 0 && t0 - k < 10; k--) {
    const tx_tok *w = &t[k - 1];
    if (BREAK_AT(t, n, k - 1) || (w->kind == TK_PUNCT && w->punct == ','))
      break;
    if (cue(w, k >= 2 ? &t[k - 2] : NULL, &t[k], k + 1 < n ? &t[k + 1] : NULL,
            text) < 0)
      return 0;
    if (word_is(w, text, "will") || word_is(w, text, "Will") ||
        (w->cls == C_MISC && w->id == W_LL && k >= 2 &&
         t[k - 2].punct == '\''))
      return 1;
  }
  return 0;
}

/* "be" or "been" before a participle makes it passive, not past. */
static int is_be(const tx_tok *t, const char *text) {
  size_t len = t->end - t->start;
  return (len == 2 && memcmp(text + t->start, "be", 2) == 0) ||
         (len == 4 && memcmp(text + t->start, "been", 4) == 0);
}


static int past_aux_word(const tx_tok *w, const char *text) {
  return word_is(w, text, "was") || word_is(w, text, "were") ||
         word_is(w, text, "had");
}

/* A verb of deferral: postpone, delay, defer, adjourn, extend, suspend,
** give, grant, recess (any form). */
static int deferral(const tx_tok *w, const char *text) {
  static const char *const stem[] = {"postpon", "delay",  "defer", "adjourn",
                                     "extend",  "suspend", "give",  "gave",
                                     "grant",   "recess",  NULL};
  size_t len = w->end - w->start, k;
  const char *s = text + w->start;
  if (w->kind != TK_WORD || w->cap) return 0;
  for (k = 0; stem[k]; k++) {
    size_t sl = strlen(stem[k]);
    if (len >= sl && memcmp(s, stem[k], sl) == 0) return 1;
  }
  return 0;
}

/* A past auxiliary ("was", "had", "had been") just before token k. */
static int past_aux(const tx_tok *t, size_t k, const char *text) {
  size_t j;
  for (j = k; j > 0 && k - j < 2; j--) {
    const tx_tok *w = &t[j - 1];
    if (word_is(w, text, "was") || word_is(w, text, "were") ||
        word_is(w, text, "had"))
      return 1;
    if (!is_be(w, text)) return 0;
  }
  return 0;
}

/*
** The expression opens its sentence ("On Tuesday, the league plans to
** ...", "In January, a week after ..., a bombing killed ..."): the verb
** that governs it comes after the subject, further on than usual.
*/
static int fronted(const tx_tok *t, size_t n, size_t t0) {
  size_t k = t0;
  if (k > 0 && t[k - 1].cls == C_MISC &&
      (t[k - 1].id == W_ON || t[k - 1].id == W_IN || t[k - 1].id == W_AT ||
       t[k - 1].id == W_BY || t[k - 1].id == W_SINCE ||
       t[k - 1].id == W_UNTIL || t[k - 1].id == W_DURING))
    k--;
  return k == 0 || sent_break(t, n, k - 1);
}

/* A subordinator of time or condition: when, until, till, before, after,
** once, if, unless (any case of the first letter): 1; a relative pronoun,
** which or who, the subject of its clause: 2; "that": 3 (a relative
** pronoun only after a noun, with its verb in -s right after it).  By
** class first: before and after are the C_DIR words of value -1 and 1. */
static int subordinator(const tx_tok *w, const char *text) {
  const char *s = text + w->start;
  if (w->cls == C_DIR) return w->val == 1 || w->val == -1;
  if (w->cls == C_MISC)
    return w->id == W_THAT ? 3 : w->id == W_UNTIL || w->id == W_ONCE;
  if (w->cls || w->kind != TK_WORD) return 0;
  switch (w->end - w->start) {
  case 2:
    return (s[0] | 0x20) == 'i' && s[1] == 'f';
  case 3:
    return s[0] == 'w' && s[1] == 'h' && s[2] == 'o' ? 2 : 0;
  case 4:
    return (s[0] | 0x20) == 'w' && memcmp(s + 1, "hen", 3) == 0;
  case 5:
    return s[0] == 'w' && memcmp(s + 1, "hich", 4) == 0 ? 2 : 0;
  case 6:
    return (s[0] | 0x20) == 'u' && memcmp(s + 1, "nless", 5) == 0;
  default:
    return 0;
  }
}

/* A lower-case word outside the lexicon, of at least min letters. */
static int plain_word(const tx_tok *w, size_t min) {
  return w->kind == TK_WORD && !w->cls && !w->cap && w->end - w->start >= min;
}

/* is, are, do, does, has, and "don", "doesn" of "don't", "doesn't". */
static int present_aux(const char *s, size_t len) {
  switch (s[0]) {
  case 'i':
    return len == 2 && s[1] == 's';
  case 'a':
    return len == 3 && s[1] == 'r' && s[2] == 'e';
  case 'h':
    return len == 3 && s[1] == 'a' && s[2] == 's';
  case 'd':
    return (len == 2 && s[1] == 'o') ||
           (len == 3 && memcmp(s, "don", 3) == 0) ||
           (len == 4 && memcmp(s, "does", 4) == 0) ||
           (len == 5 && memcmp(s, "doesn", 5) == 0);
  default:
    return 0;
  }
}

/* A word that may head a subject: outside the lexicon, or a unit or
** "period" ("the quarter ends", "the accounting period closes"). */
static int noun_like(const tx_tok *w) {
  return !w->cls || w->cls == C_UNIT ||
         (w->cls == C_MISC && w->id == W_PERIOD);
}

/*
** The finite verb of a clause [a, b) by form: +1 present, -1 past, 0 none
** found.  "is", "are", "do", "does", "has", "don't" are present; a past
** word or a word in -ed ("he returned", "the talks began") past.  Weaker,
** so that a later past verb overrides them ("the paper's senior managers
** resigned"): a word in -s after a noun or pronoun ("the council meets",
** "it reconvenes"; not a unit after a number, "500 mln dlrs", nor after
** an "of": "of EMS exchange rates") or a plain word after "they", "we",
** "you" or a plural noun ("they vote", "talks reopen").  A gerund first
** ("after falling by 21 mln dlrs") is no finite verb.  After a relative
** pronoun (rel), the pronoun is the subject: "which expires in October".
*/
static int clause_verb(const tx_tok *t, size_t a, size_t b, const char *text,
                       int rel) {
  size_t k;
  int weak = 0, of = 0;
  if (a < b && plain_word(&t[a], 5) &&
      memcmp(text + t[a].end - 3, "ing", 3) == 0)
    return 0;
  for (k = a; k < b; k++) {
    const tx_tok *w = &t[k], *p = k > a ? &t[k - 1] : NULL;
    const char *s = text + w->start;
    size_t len = w->end - w->start;
    if (w->cls == C_PAST) return -1;
    if (w->cls == C_MISC && w->id == W_OF) of = 1;
    if (w->kind != TK_WORD || w->cap) continue;
    if (w->cls) continue;
    if (len <= 5 && present_aux(s, len)) return 1;
    if (ed_word(w, text)) return -1;
    if (weak) continue;
    if (rel && (!p || (k == a + 1 && plain_word(p, 4) &&
                       text[p->end - 2] == 'l' && text[p->end - 1] == 'y'))) {
      /* "which expires in October", "which officially starts on" */
      if (len >= 4 && s[len - 1] == 's' && s[len - 2] != 's' &&
          s[len - 2] != 'u' && s[len - 2] != '\'')
        weak = 1;
      continue;
    }
    if (!p || p->kind != TK_WORD || !noun_like(p) ||
        (k >= 2 && t[k - 2].kind == TK_NUM))
      continue;
    if (len >= 4 && s[len - 1] == 's' && s[len - 2] != 's' &&
        s[len - 2] != 'u' && s[len - 2] != '\'' && !of &&
        !(k + 1 < b && t[k + 1].cls == C_MISC && t[k + 1].id == W_OF))
      weak = 1; /* "the council meets", "it reconvenes" */
    else if (len >= 3 && s[len - 1] != 's' && !participle(w, text) &&
             !(len >= 5 && memcmp(s + len - 3, "ing", 3) == 0) &&
             (word_is(p, text, "they") || word_is(p, text, "we") ||
              word_is(p, text, "you") ||
              (k >= a + 2 && plain_word(p, 4) && text[p->end - 1] == 's' &&
               text[p->end - 2] != 's' && text[p->end - 2] != 'u' &&
               text[p->end - 2] != 'i')))
      weak = 1; /* "they vote", "talks reopen" */
  }
  return weak;
}

/*
** A verb of schedule in the present (expires, begins, opens, closes,
** meets, ends, leaves, arrives, resumes, convenes, reconvenes, matures,
** visits) right after its subject, a noun ("the contract expires September
** 15", "Baldrige leaves on Saturday", "the calendar begins on Tuesday"):
** in news a timetable, ahead.  Not after a period noun ("Qtr ends Jan 31",
** "the quarter ends": a results header names a period just closed).
*/
static int schedule_verb(const tx_tok *w, const tx_tok *p, const char *text) {
  static const char *const verb[] = {
      "expires", "begins",   "opens",      "closes",   "meets",
      "ends",    "leaves",   "arrives",    "resumes",  "convenes",
      "reconvenes", "matures", "visits", NULL};
  size_t len = w->end - w->start, k;
  const char *ws = text + w->start, *ps = text + p->start;
  if (w->kind != TK_WORD || w->cls || w->cap || len < 4 || len > 10 ||
      ws[len - 1] != 's' || !strchr("ebocmlarv", ws[0]))
    return 0;
  if (p->kind != TK_WORD || (p->cls && p->cls != C_MONTH) ||
      ((ps[0] | 0x20) == 'q' && (ps[1] | 0x20) == 't') ||
      ((ps[0] | 0x20) == 'y' && (ps[1] | 0x20) == 'r'))
    return 0;
  for (k = 0; verb[k]; k++)
    if (verb[k][0] == ws[0] && strlen(verb[k]) == len &&
        memcmp(ws, verb[k], len) == 0)
      return 1;
  return 0;
}

/*
** Tense of the clause around tokens [t0, t1): the nearest strong cue
** before the expression (within the sentence, 16 tokens), else the
** nearest weak one, else the nearest cue after it (6 tokens).  -1 past,
** +1 future, 0 no cue.
*/
int tx_tense(const tx_tok *t, size_t n, size_t t0, size_t t1, const char *text,
             size_t prev_t1, int prev_tense) {
  size_t k, lim;
  int weak = 0, clause = 1, hold = 0, sub;
  /* "as soon as Tuesday", "as early as next week": a future bound */
  if (t0 >= 3 && t[t0 - 1].end - t[t0 - 1].start == 2 &&
      memcmp(text + t[t0 - 1].start, "as", 2) == 0 &&
      t[t0 - 3].end - t[t0 - 3].start == 2 &&
      memcmp(text + t[t0 - 3].start, "as", 2) == 0)
    return 1;
  /* "postponed until Tuesday", "extended loans through January", "gave
  ** them until 9 a.m. Tuesday": after a verb of deferral, a bound
  ** introduced by until/till/through lies ahead of the report, unless a
  ** pluperfect ("had been extended until", "Until Thursday, they had
  ** not") puts the stretch before it; "was/were postponed until" is the
  ** passive of the act, still ahead.  Other verbs ("served until June")
  ** keep their tense. */
  if (t0 >= 1 && t[t0 - 1].cls == C_MISC &&
      (t[t0 - 1].id == W_UNTIL || t[t0 - 1].id == W_THROUGH)) {
    int defer = 0, past = 0;
    for (k = t0 - 1; k > 0 && t0 - 1 - k < 12; k--) {
      if (BREAK_AT(t, n, k - 1)) break;
      if (t0 - 1 - k < 4 && word_is(&t[k - 1], text, "had")) past = 1;
      if (deferral(&t[k - 1], text)) defer = 1;
    }
    lim = t1 + 6 < n ? t1 + 6 : n;
    for (k = t1; k < lim && !BREAK_AT(t, n, k); k++)
      if (past_aux_word(&t[k], text)) past = 1;
    if (defer) return past ? -1 : 1;
  }
  /* "since Oct. 23", "since shortly after the Oct. 23 slaying": the start
  ** of a stretch that reaches the report lies before it ("since" is the
  ** C_DIR word of value 0) */
  for (k = t0; k > 0 && t0 - k < 4; k--) {
    const tx_tok *w = &t[k - 1];
    if (w->cls == C_DIR && w->val == 0) return -1;
    if (w->kind != TK_WORD) break;
  }
  /* "Wednesday's ruling": a possessive date names a known, past event --
  ** unless the event is still to come: "ahead of Tuesday's vote", "will
  ** vote in Tuesday's election" ("will" or "'ll" earlier in its clause) */
  if (t1 + 1 < n && t[t1].kind == TK_PUNCT && t[t1].punct == '\'' &&
      t[t1 + 1].cls == C_MISC && t[t1 + 1].id == W_S)
    return possessive_ahead(t, n, t0, t1, text) ? 1 : -1;
  /* "the contract expires September 15", "leaves on Saturday" */
  k = t0 >= 1 && t[t0 - 1].cls == C_MISC &&
              (t[t0 - 1].id == W_ON || t[t0 - 1].id == W_IN)
          ? t0 - 1
          : t0;
  if (k >= 2 && schedule_verb(&t[k - 1], &t[k - 2], text)) return 1;
  /* "the show opens to the public on Friday", "the council meets in
  ** Geneva Friday": the verb, then a phrase of audience or place (to, in
  ** or at and up to three more words, none of them a verb in the past or
  ** an auxiliary: not "who arrives at airports was screened on Friday")
  ** before the date */
  if (k >= 3) {
    size_t v;
    for (v = k - 2; v >= 1 && k - v <= 5; v--) {
      const tx_tok *pw = &t[v + 1];
      if (t[v].kind != TK_WORD || pw->kind != TK_WORD) break;
      if ((word_is(pw, text, "to") || word_is(pw, text, "in") ||
           word_is(pw, text, "at")) &&
          schedule_verb(&t[v], &t[v - 1], text)) {
        size_t j;
        for (j = v + 2; j < k && t[j].kind == TK_WORD &&
                        t[j].cls != C_PAST && !ed_word(&t[j], text) &&
                        !past_aux_word(&t[j], text) &&
                        !present_aux(text + t[j].start, t[j].end - t[j].start);
             j++)
          continue;
        if (j == k) return 1;
      }
    }
  }
  for (k = t0; k > 0 && t0 - k < 16; k--) {
    const tx_tok *w = &t[k - 1];
    int c;
    if (BREAK_AT(t, n, k - 1)) break;
    /* "when talks reopen on Tuesday", "before the period closes on
    ** Monday", "if the rules are agreed by Friday": in English a clause
    ** of time or condition puts a future event in the present tense,
    ** whatever the main clause's ("said it would act when the council
    ** meets Thursday").  Looked for up to 12 tokens back, not across a
    ** comma; a weak past cue next to the date ("agreed by") waits for
    ** it. */
    if (w->kind == TK_PUNCT && w->punct == ',') clause = 0;
    if (clause && t0 - k < 12 && (sub = subordinator(w, text)) != 0) {
      /* "the agreement that expires June 30"; not "said that remarks by
      ** Baker on Sunday", "attacks that cut power lines in January" */
      if (sub == 3 && !(k >= 2 && plain_word(&t[k - 2], 3) &&
                        !ed_word(&t[k - 2], text) && k < t0 &&
                        clause_verb(t, k, k + 1, text, 1) > 0))
        sub = 0;
      if (sub && clause_verb(t, k, t0, text, sub >= 2) > 0) return 1;
      clause = 0;
    }
    if (hold) {
      if (!clause || t0 - k >= 11) return -1;
      continue;
    }
    c = cue(w, k >= 2 ? &t[k - 2] : NULL, &t[k], k + 1 < n ? &t[k + 1] : NULL,
            text);
    if (c == 2 && set_particle(w, &t[k], text)) c = -1;
    if (!c && w->cls == C_MISC && w->id == W_TO && k >= 2 &&
        commitment(&t[k - 2], text) && infinitive(&t[k], text))
      c = 2; /* "agreed to buy the line in February" */
    if (c == -1 && t0 - k >= 3 && word_is(w, text, "set"))
      c = 0; /* "the quota set in Vienna for the second half": no cue */
    if (c < 0 && k >= 2 && is_be(&t[k - 2], text)) c = 0; /* will be held */
    if (c > 0 && past_aux(t, k - 1, text)) c = -2; /* was due to: past plan */
    if (c == -1 && t0 - k < 3) hold = 1; /* the governing verb, unless */
    else if (c && t0 - k < 3) return c > 0 ? 1 : -1;
    if (c == 2 || c == -2) return c / 2;
    if (c && !weak) weak = c;
  }
  if (hold) return -1;
  if (weak) return weak;
  lim = t1 + (fronted(t, n, t0) ? 16 : 6);
  if (lim > n) lim = n;
  for (k = t1; k < lim; k++) {
    int c;
    if (BREAK_AT(t, n, k)) break;
    c = cue(&t[k], k > 0 ? &t[k - 1] : NULL, k + 1 < n ? &t[k + 1] : NULL,
            k + 2 < n ? &t[k + 2] : NULL, text);
    if (c == 2 && k + 1 < n && set_particle(&t[k], &t[k + 1], text)) c = -1;
    /* "On Friday, the government planned to ...": after the date,
    ** "planned" reports that day's plan, it does not move the day */
    if (c > 0 && word_is(&t[k], text, "planned")) c = -1;
    if (c) return c > 0 ? 1 : -1;
  }
  /* "to pay down the loan by February": with no cue, a bound introduced
  ** by "by" is a deadline, ahead of the report */
  if (t0 >= 1 && t[t0 - 1].cls == C_MISC && t[t0 - 1].id == W_BY) return 1;
  /* "would leave on Monday nights from March 30, with the third departing
  ** each Thursday from August 6": an expression whose own window holds no
  ** cue shares the tense of the last one before it in the sentence */
  if (prev_tense && prev_t1 <= t0) {
    for (k = prev_t1; k < t0; k++)
      if (BREAK_AT(t, n, k)) return 0;
    return prev_tense;
  }
  return 0;
}

/* See nl_timex_internal.h. */
void tx_sentence_span(const tx_tok *t, size_t n, size_t i, size_t max,
                      size_t *lo, size_t *hi) {
  size_t a = i, b = i;
  while (a > 0 && i - a < max && !BREAK_AT(t, n, a - 1))
    a--;
  while (b < n && b - i < max && !BREAK_AT(t, n, b))
    b++;
  *lo = a;
  *hi = b;
}

/* Tokens [a, b) hold no sentence break (see nl_timex_internal.h). */
int tx_same_sentence(const tx_tok *t, size_t n, size_t a, size_t b) {
  size_t k;
  for (k = a; k < b; k++)
    if (BREAK_AT(t, n, k)) return 0;
  return 1;
}
