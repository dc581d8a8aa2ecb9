/*
** nl_sentence.c -- sentence splitting over nl_tokens' surface tokens.
**
** A sentence ends at a terminator (". ! ? ..." or an acronym's own final
** period, "U.S.") plus any closing quotes/brackets glued to it, when the
** next word does not say otherwise, and always at a blank line.  The
** decision looks at the word before the period and the first word after
** it (skipping opening quotes and brackets):
**   - a lowercase next word never starts a sentence ("Wait... what",
**     "“Why?” she asked"), nor does a comma, semicolon or colon ("the
**     U.S., He said", "Christmas?, Last Christmas", "9.45 p.m.: The FBI");
**   - after "! ? ..." and after an ordinary word or number, break;
**   - after a title ("Dr.", "Sen.", "Gov."), never break: a name follows;
**   - "No. 5", "Jan. 26": an abbreviation before a number never breaks;
**   - a weekday before a month or a day number is a date: "it was Sun.
**     Dec. 31, 2017", "Fri. 12 June" ("The Sun. It said" breaks);
**   - a period glued to the next word ("PLY.L", "bbc.co.uk") never breaks;
**   - after initials ("J.", "W.") and other abbreviations ("Inc.",
**     "Calif.", "Jan."), break only before a word that typically opens a
**     sentence ("He", "The", "But", ...), so "George W. Bush" stays whole
**     and "Apple Inc. The firm grew" splits.  Titles and capitalised
**     abbreviations must be written with a capital and not in all
**     capitals ("iron ore." and "the SEC." end sentences);
**   - after an initialism ("U.S.", "N.Y.", "p.m."): never when it opens
**     its sentence ("U.S. Officials said", "U.S. And Soviet negotiators":
**     a sentence "U.S." is never right), always when a full stop of its
**     own follows ("in the U.S.. This"); else only before an opener, as
**     after an abbreviation.  A capitalised initialism names a thing that
**     a sentence may go on from ("the U.S. and Japan", "exports to the
**     U.S. in 1986", "U.S. officials"), so after it only an opener that
**     cannot follow a noun breaks (initialism_openers): "in the U.S. The
**     company said" splits, "the U.S. In 1986" does not, "at 8 a.m. In
**     Tokyo" does.
** The word lists are general English (titles, months, US states,
** corporate suffixes, common sentence openers), not tuned to any text.
*/
#include "newslua/nl_sentence.h"

#include <string.h>
#include <utf8proc.h>

#include "newslua/nl_tokenize.h"
#include "nl_alloc.h"
#include "nl_ascii.h"

typedef nl_token_span stok;

typedef struct toks {
  stok *v;
  size_t n, cap;
} toks;

/* The tokens split() reads. */
typedef struct tview {
  const stok *v;
  size_t n;
} tview;

/* The longest word of the lists in_list reads (titles, joiners,
** num_abbrevs, abbrevs, low_abbrevs, weekdays): "messrs", "approx".  A
** longer word is in none of them. */
#define LIST_WORD_MAX 6

/* clang-format off */
/* Titles before a name (capitalised): the period never ends a sentence. */
static const char *const titles[] = {
    "mr", "mrs", "ms", "messrs", "dr", "prof", "sen", "sens", "rep", "reps",
    "gov", "govs", "gen", "lt", "col", "capt", "cpt", "sgt", "maj", "adm",
    "cmdr", "cdr", "rev", "hon", "pres", "supt", "fr", "st", "ste", "mt",
    "ft", "atty", "insp", "det", "amb", "sec", "cpl", "pvt", "brig", NULL};

/* Never-ending in any case: "Smith vs. Jones". */
static const char *const joiners[] = {"vs", "v", NULL};

/* Abbreviations before a number: "No. 5", "Vol. 3", "pp. 12". */
static const char *const num_abbrevs[] = {
    "no", "nos", "vol", "vols", "fig", "figs", "art", "ch", "p", "pp",
    "sec", "para", "ca", "approx", "op", "ed", NULL};

/* Capitalised abbreviations (months, US states, company suffixes, ...):
** break only before a sentence opener. */
static const char *const abbrevs[] = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "ala", "ariz", "ark", "calif", "colo", "conn", "del",
    "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass",
    "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "penn", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "inc", "ltd",
    "co", "corp", "cos", "bros", "jr", "sr", "esq", "dept", "univ", "assn",
    "ave", "blvd", "rd", "hwy", "govt", "intl", "natl", NULL};

/* The same, written in lowercase: "et al.", "approx.". */
static const char *const low_abbrevs[] = {"al", "approx", "est", NULL};

/* Weekdays (capitalised): before a month or a day number the period is
** inside a date ("Sun. Dec. 31, 2017", "Fri. 12 June"). */
static const char *const weekdays[] = {
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    NULL};

/* Month names and abbreviations, any case and length (the next word). */
static const char *const months[] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    NULL};

/* Capitalised words that usually open a sentence. */
static const char *const openers[] = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he",
    "she", "they", "we", "i", "you", "his", "her", "their", "our", "my",
    "there", "here", "but", "and", "or", "so", "yet", "however",
    "meanwhile", "in", "on", "at", "after", "before", "when", "while", "as",
    "if", "although", "though", "since", "because", "some", "many", "most",
    "several", "both", "all", "each", "every", "one", "mr", "mrs", "ms",
    "dr", "also", "then", "now", "still", "even", "such", "what", "who",
    "why", "how", "where", "which", "last", "next", "earlier", "later",
    "according", "for", "with", "without", "under", "over", "during",
    "despite", "among", "from", "by", "to", "officials", "police", "asked",
    "other", "another", "not", "no", "more", "only", "instead", "today",
    "yesterday", "tomorrow", NULL};

/* After a capitalised initialism ("U.S.", "N.Y."), whose period may or
** may not be a full stop, the openers that cannot go on a sentence after
** a noun: determiners, pronouns, "But", "However", titles ("in the U.S.
** The company said").  The other openers can ("exports to the U.S. in
** 1986", "the U.S. and Japan", "U.S. officials said"), and a capital
** there is weak evidence: Reuters-21578 capitalises the word after "U.S."
** about half the time ("U.S. And" 209 times, "U.S. and" 129).  "This"
** and "That" are left out on purpose: they go on a sentence after a noun
** ("persuade the U.S. That its rice policy is fair", "sales to the U.S.
** This year rose") about as often as they start one ("... the U.S. That
** was new."), and a missed boundary keeps the evidence whole where a
** false one cuts it. */
static const char *const initialism_openers[] = {
    "the", "a", "an", "these", "those", "it", "its", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "there", "but",
    "however", "meanwhile", "mr", "mrs", "ms", "dr", "many", "most",
    "several", "both", "all", NULL};

/* clang-format on */

/*
** Case-insensitive ASCII match of word s[0..n) against a NULL-ended list.
** With `cap` the word must start with a capital ("Ore." the state, not
** "iron ore.").  All-capital words never match ("SEC.", "FT." are not
** "Sec.", "Ft.").
*/
static int in_list(const char *const *list, const char *s, size_t n, int cap) {
  size_t i, upper = 0;
  if (n > LIST_WORD_MAX) return 0;
  if (cap && !(n && s[0] >= 'A' && s[0] <= 'Z')) return 0;
  for (i = 0; i < n; i++)
    upper += s[i] >= 'A' && s[i] <= 'Z';
  if (n >= 2 && upper == n) return 0;
  for (; *list; list++) {
    const char *w = *list;
    for (i = 0; i < n && w[i]; i++) {
      if (nl_ascii_lower((unsigned char)s[i]) != (unsigned char)w[i]) break;
    }
    if (i == n && !w[i]) return 1;
  }
  return 0;
}

/* Is word token t one of the (lowercase) words of `list`, in any case and
** of any length (openers, initialism_openers, months)? */
static int is_listed_word(const char *const *list, const char *text,
                          const stok *t) {
  const char *const *w;
  size_t n = t->end - t->start, i;
  if (t->kind != NL_TOK_WORD) return 0;
  for (w = list; *w; w++) {
    for (i = 0; i < n && (*w)[i]; i++) {
      if (nl_ascii_lower((unsigned char)text[t->start + i]) !=
          (unsigned char)(*w)[i])
        break;
    }
    if (i == n && !(*w)[i]) return 1;
  }
  return 0;
}

static int push_tok(void *ctx, const nl_token_span *t) {
  toks *a = ctx;
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 256;
    stok *v = nl_realloc(a->v, cap * sizeof *v);
    if (!v) return -1;
    a->v = v;
    a->cap = cap;
  }
  a->v[a->n++] = *t;
  return 0;
}

/* Does text[a..b) hold a blank line (or a paragraph separator)? */
static int blank_between(const char *s, size_t a, size_t b) {
  int nl = 0;
  for (; a < b; a++) {
    char c = s[a];
    if (c == '\n') {
      if (nl) return 1;
      nl = 1;
    } else if (c == '\xe2' && a + 2 < b && s[a + 1] == '\x80' &&
               s[a + 2] == '\xa9') {
      return 1; /* U+2029 */
    } else if (c != ' ' && c != '\t' && c != '\r') {
      nl = 0;
    }
  }
  return 0;
}

/* Is punctuation token t one of s[0..] as exact text? */
static int tok_is(const char *text, const stok *t, const char *s) {
  size_t n = strlen(s);
  return t->end - t->start == n && memcmp(text + t->start, s, n) == 0;
}

/* ". ! ? ‽ …" (E2 80 BD, E2 80 A6) or a run of periods. */
static int is_terminator_punct(const char *text, const stok *t) {
  const unsigned char *s = (const unsigned char *)text + t->start;
  size_t n = t->end - t->start;
  if (t->kind != NL_TOK_PUNCT) return 0;
  if (s[0] == '.') return 1;
  if (n == 1) return s[0] == '!' || s[0] == '?';
  return n == 3 && s[0] == 0xE2 && s[1] == 0x80 &&
         (s[2] == 0xA6 || s[2] == 0xBD);
}

/* Closing quotes and brackets that stay with the sentence before them. */
static int is_closer(const char *text, const stok *t) {
  static const char *const cl[] = {"\"",
                                   "'",
                                   ")",
                                   "]",
                                   "}",
                                   "\xe2\x80\x9d",
                                   "\xe2\x80\x99",
                                   "\xc2\xbb",
                                   "\xe2\x80\xba",
                                   NULL};
  const char *const *p;
  if (t->kind != NL_TOK_PUNCT) return 0;
  for (p = cl; *p; p++)
    if (tok_is(text, t, *p)) return 1;
  return 0;
}

/* Category of the first code point of token t: 'l', 'u' or 0. */
static int first_case(const char *text, const stok *t) {
  unsigned char c = (unsigned char)text[t->start];
  utf8proc_int32_t cp;
  utf8proc_category_t cat;
  if (c < 0x80) {
    if (c >= 'a' && c <= 'z') return 'l';
    if (c >= 'A' && c <= 'Z') return 'u';
    return 0;
  }
  if (utf8proc_iterate((const utf8proc_uint8_t *)text + t->start,
                       (utf8proc_ssize_t)(t->end - t->start), &cp) <= 0)
    return 0;
  cat = utf8proc_category(cp);
  if (cat == UTF8PROC_CATEGORY_LL) return 'l';
  if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) return 'u';
  return 0;
}

/* Is word token t a single uppercase letter (an initial)? */
static int is_initial(const char *text, const stok *t) {
  utf8proc_int32_t cp;
  utf8proc_ssize_t l =
      utf8proc_iterate((const utf8proc_uint8_t *)text + t->start,
                       (utf8proc_ssize_t)(t->end - t->start), &cp);
  return l > 0 && (size_t)l == t->end - t->start && first_case(text, t) == 'u';
}

/* Is token t a day of a month: a number from 1 to 31 ("5", "31")? */
static int is_day_number(const char *text, const stok *t) {
  const char *s = text + t->start;
  size_t n = t->end - t->start;
  int day;
  if (t->kind != NL_TOK_NUMBER || n > 2 || s[0] < '0' || s[0] > '9') return 0;
  day = s[0] - '0';
  if (n == 2) {
    if (s[1] < '0' || s[1] > '9') return 0;
    day = day * 10 + s[1] - '0';
  }
  return day >= 1 && day <= 31;
}

/* Is v[i] the first word of the sentence that starts at v[first], with
** only punctuation (opening quotes, brackets) before it? */
static int opens_sentence(const stok *v, size_t first, size_t i) {
  for (; first < i; first++)
    if (v[first].kind != NL_TOK_PUNCT) return 0;
  return 1;
}

/*
** Should the sentence that starts at v[first] end after terminator v[i]
** (closers up to v[j])?
*/
static int should_break(const char *text, const tview *a, size_t first,
                        size_t i, size_t j) {
  const stok *v = a->v, *t = &v[i], *p = NULL, *nx = NULL;
  const char *w;
  size_t k, n;
  int nxcase;
  if (j + 1 < a->n && v[j + 1].kind == NL_TOK_PUNCT &&
      (tok_is(text, &v[j + 1], ",") || tok_is(text, &v[j + 1], ";") ||
       tok_is(text, &v[j + 1], ":")))
    return 0; /* "the U.S., He said", "9.45 p.m.: The FBI" */
  for (k = j + 1; k < a->n; k++)
    if (v[k].kind != NL_TOK_PUNCT) {
      nx = &v[k];
      break;
    }
  if (!nx) return 1;
  nxcase = nx->kind == NL_TOK_WORD ? first_case(text, nx) : 0;
  if (nxcase == 'l') return 0;
  if (t->kind == NL_TOK_WORD) {  /* an initialism with its final period */
    for (k = i + 1; k <= j; k++) /* "the U.S.. This", not "W.T.I....." */
      if (v[k].end - v[k].start == 1 && is_terminator_punct(text, &v[k]))
        return 1;
    if (opens_sentence(v, first, i)) return 0; /* "U.S. Officials said" */
    return nxcase == 'u' &&
           is_listed_word(first_case(text, t) == 'u' ? initialism_openers
                                                     : openers,
                          text, nx);
  }
  if (text[t->start] != '.' || t->end - t->start != 1) return 1;
  if (j == i && i + 1 < a->n && v[i + 1].start == t->end &&
      v[i + 1].kind != NL_TOK_PUNCT)
    return 0; /* "PLY.L", "bbc.co.uk": no space, no sentence end */
  if (i > 0 && v[i - 1].end == t->start && v[i - 1].kind == NL_TOK_WORD)
    p = &v[i - 1];
  if (!p) return 1;
  w = text + p->start;
  n = p->end - p->start;
  if (in_list(titles, w, n, 1) || in_list(joiners, w, n, 0)) return 0;
  if (in_list(weekdays, w, n, 1) &&
      (is_listed_word(months, text, nx) || is_day_number(text, nx)))
    return 0; /* "Sun. Dec. 31", "Fri. 12 June": a date */
  if (nx->kind == NL_TOK_NUMBER &&
      (in_list(num_abbrevs, w, n, 0) || in_list(abbrevs, w, n, 1)))
    return 0;
  if (is_initial(text, p) || in_list(abbrevs, w, n, 1) ||
      in_list(low_abbrevs, w, n, 0))
    return nxcase == 'u' && is_listed_word(openers, text, nx);
  return 1;
}

/* Append the span v[a].start..v[b].end to the output array. */
static int push_span(nl_span **out, size_t *n, size_t *cap, size_t s,
                     size_t e) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 16;
    nl_span *p = nl_realloc(*out, c * sizeof *p);
    if (!p) return -1;
    *out = p;
    *cap = c;
  }
  (*out)[*n].start = s;
  (*out)[*n].end = e;
  (*n)++;
  return 0;
}

/* Is v[i] a terminator: ". ! ? ..." or a word ending in a period? */
static int is_terminator(const char *text, const stok *t) {
  if (t->kind == NL_TOK_WORD) return text[t->end - 1] == '.';
  return is_terminator_punct(text, t);
}

/*
** Split the tokens into sentences; 0 on success, -1 on OOM.
*/
static int split(const char *text, const tview *a, nl_span **out, size_t *n) {
  const stok *v = a->v;
  size_t i, j, first = 0, cap = 0;
  int open = 0;
  for (i = 0; i < a->n; i++) {
    /* a blank line takes two bytes at least ("\n\n", U+2029) */
    if (open && v[i].start - v[i - 1].end >= 2 &&
        blank_between(text, v[i - 1].end, v[i].start)) {
      if (push_span(out, n, &cap, v[first].start, v[i - 1].end)) return -1;
      open = 0;
    }
    if (!open) {
      first = i;
      open = 1;
    }
    if (!is_terminator(text, &v[i])) continue;
    j = i;
    while (j + 1 < a->n && v[j + 1].start == v[j].end &&
           (is_closer(text, &v[j + 1]) || is_terminator_punct(text, &v[j + 1])))
      j++;
    if (should_break(text, a, first, i, j)) {
      if (push_span(out, n, &cap, v[first].start, v[j].end)) return -1;
      open = 0;
    }
    i = j;
  }
  if (open && push_span(out, n, &cap, v[first].start, v[a->n - 1].end))
    return -1;
  return 0;
}

/* The split of a->v[0..a->n) into *out, *n; err on OOM. */
static nl_status split_all(const char *text, const tview *a, nl_span **out,
                           size_t *n, nl_error *err) {
  *out = NULL;
  *n = 0;
  if (split(text, a, out, n)) {
    nl_free(*out);
    *out = NULL;
    *n = 0;
    return nl_error_set(err, NL_ENOMEM, "sentences: out of memory");
  }
  return NL_OK;
}

/*
** nl_sentences: see nl_sentence.h.  Spans are trimmed because they run
** from the first to the last token of each sentence.
*/
nl_status nl_sentences(const char *text, size_t len, nl_span **out, size_t *n,
                       nl_error *err) {
  toks a = {NULL, 0, 0};
  tview view;
  nl_status st;
  *out = NULL;
  *n = 0;
  if (!text) len = 0;
  if (nl_tokenize_spans(NULL, 0, text, len, &a, NULL, push_tok)) {
    nl_free(a.v);
    return nl_error_set(err, NL_ENOMEM, "sentences: out of memory");
  }
  view.v = a.v;
  view.n = a.n;
  st = split_all(text, &view, out, n, err);
  nl_free(a.v);
  return st;
}

/* nl_sentences_spans: see nl_sentence.h. */
nl_status nl_sentences_spans(const char *text, size_t len,
                             const nl_token_span *v, size_t ntoks,
                             nl_span **out, size_t *n, nl_error *err) {
  tview a;
  (void)len;
  a.v = v;
  a.n = ntoks;
  return split_all(text, &a, out, n, err);
}
