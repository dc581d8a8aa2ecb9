/* Tests for nl_tokenize / nl_tokens: golden token lists. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_tokenize.h"
#include "nl_alloc.h"

static char got[4096];

/* Surface tokens rendered "K start-end norm" joined by " | " (K: W N P S). */
static int surf_cb(void *ctx, const nl_token *t) {
  size_t l = strlen(got);
  (void)ctx;
  snprintf(got + l, sizeof got - l, "%s%c %zu-%zu %.*s", l ? " | " : "",
           " WNPS"[t->kind], t -> start, t -> end, (int)t -> norm_len,
           t -> norm);
  return 0;
}

static const char *surface(const char *s) {
  got[0] = '\0';
  nl_tokens(s, strlen(s), NULL, surf_cb);
  return got;
}

/* Index terms rendered "term start-end" ("+term" if colocated). */
static int term_cb(void *ctx, int flags, const char *tok, int ntok, int s,
                   int e) {
  size_t l = strlen(got);
  (void)ctx;
  snprintf(got + l, sizeof got - l, "%s%s%.*s %d-%d", l ? " | " : "",
           flags & NL_TOKEN_COLOCATED ? "+" : "", ntok, tok, s, e);
  return 0;
}

static const char *terms(int diacritics, int stem, int mode, const char *s) {
  nl_tokenizer_opts o = NL_TOKENIZER_OPTS_INIT;
  nl_tokenizer *tk;
  o.remove_diacritics = diacritics;
  o.stem = stem;
  got[0] = '\0';
  if (nl_tokenizer_new(&o, &tk, NULL) != NL_OK) return "NEW FAILED";
  nl_tokenize(tk, mode, s, (int)strlen(s), NULL, term_cb);
  nl_tokenizer_free(tk);
  return got;
}

static const char *doc(const char *s) {
  return terms(0, 0, NL_TOKENIZE_DOCUMENT, s);
}

static void test_words(void) {
  NL_CHECK_STR_EQ(surface("The U.S. and Russia\xe2\x80\x99s high-stakes"),
                  "W 0-3 the | W 4-8 u.s. | W 9-12 and | "
                  "W 13-23 russia's | W 24-35 high-stakes",
                  "surface words");
  NL_CHECK_STR_EQ(doc("The U.S. and Russia\xe2\x80\x99s high-stakes"),
                  "the 0-3 | us 4-8 | and 9-12 | russia 13-23 | "
                  "high 24-28 | stakes 29-35",
                  "index words");
  NL_CHECK_STR_EQ(surface("don't O'Brien it's rock'n'roll"),
                  "W 0-5 don't | W 6-13 o'brien | W 14-18 it's | "
                  "W 19-30 rock'n'roll",
                  "inner apostrophes");
  NL_CHECK_STR_EQ(doc("don't O'Brien it's Russia's 's"),
                  "don't 0-5 | o'brien 6-13 | it 14-18 | russia 19-27 | "
                  "s 29-30",
                  "possessive 's dropped, lone s kept");
  NL_CHECK_STR_EQ(surface("'quoted' students\xe2\x80\x99 union"),
                  "P 0-1 ' | W 1-7 quoted | P 7-8 ' | W 9-17 students | "
                  "P 17-20 \xe2\x80\x99 | W 21-26 union",
                  "outer apostrophes are punctuation");
  NL_CHECK_STR_EQ(surface("e.g. a.m. J.R.R. U.S"),
                  "W 0-4 e.g. | W 5-9 a.m. | W 10-16 j.r.r. | W 17-18 u | "
                  "P 18-19 . | W 19-20 s",
                  "acronyms");
  NL_CHECK_STR_EQ(doc("e.g. J.R.R. U.S.-led"),
                  "eg 0-4 | jrr 5-11 | us 12-16 | led 17-20",
                  "acronym index terms");
  NL_CHECK_STR_EQ(surface("Sen. Jones, COVID-19 19-year-old"),
                  "W 0-3 sen | P 3-4 . | W 5-10 jones | P 10-11 , | "
                  "W 12-20 covid-19 | W 21-32 19-year-old",
                  "abbreviation period is separate; mixed hyphen words");
  NL_CHECK_STR_EQ(doc("COVID-19 19-year-old 1980s"),
                  "covid 0-5 | 19 6-8 | 19 9-11 | year 12-16 | old 17-20 | "
                  "1980s 21-26",
                  "hyphen parts indexed");
  NL_CHECK_STR_EQ(surface("well- -known end-"),
                  "W 0-4 well | P 4-5 - | P 6-7 - | W 7-12 known | "
                  "W 13-16 end | P 16-17 -",
                  "dangling hyphens are punctuation");
}

static void test_numbers(void) {
  NL_CHECK_STR_EQ(surface("1,000 3.5 15:00 1/2 2022-01-26 26-01-2022"),
                  "N 0-5 1,000 | N 6-9 3.5 | N 10-15 15:00 | N 16-19 1/2 | "
                  "N 20-30 2022-01-26 | N 31-41 26-01-2022",
                  "number shapes");
  NL_CHECK_STR_EQ(doc("1,000,000 3.5 15:00 2022-01-26"),
                  "1000000 0-9 | 3.5 10-13 | 15:00 14-19 | "
                  "2022-01-26 20-30",
                  "numbers indexed without commas");
  NL_CHECK_STR_EQ(surface("in 2014, 2015. 1,00 5."),
                  "W 0-2 in | N 3-7 2014 | P 7-8 , | N 9-13 2015 | "
                  "P 13-14 . | N 15-16 1 | P 16-17 , | N 17-19 00 | "
                  "N 20-21 5 | P 21-22 .",
                  "separators that do not join");
  NL_CHECK_STR_EQ(surface("$5bn 50% \xe2\x82\xac"
                          "3 2009\xe2\x80\x93"
                          "10"),
                  "S 0-1 $ | W 1-4 5bn | N 5-7 50 | S 7-8 % | "
                  "S 9-12 \xe2\x82\xac | N 12-13 3 | N 14-18 2009 | "
                  "P 18-21 \xe2\x80\x93 | N 21-23 10",
                  "symbols and en dash ranges");
}

static void test_number_words(void) {
  NL_CHECK_STR_EQ(doc("$1.13bn 1,500m 10.30am"),
                  "1.13bn 1-7 | 1,500m 8-14 | 10.30am 15-22",
                  "decimal and comma stay in number-led words");
}

static void test_punct(void) {
  NL_CHECK_STR_EQ(
      surface("\xe2\x80\x9cHi\xe2\x80\x9d \xe2\x80\x98x\xe2\x80\x99 "
              "\xc2\xabo\xc2\xbb (a) [b] Wait... no\xe2\x80\xa6 a -- b "
              "\xe2\x80\x94 ?!;:"),
      "P 0-3 \xe2\x80\x9c | W 3-5 hi | P 5-8 \xe2\x80\x9d | "
      "P 9-12 \xe2\x80\x98 | W 12-13 x | P 13-16 \xe2\x80\x99 | "
      "P 17-19 \xc2\xab | W 19-20 o | P 20-22 \xc2\xbb | P 23-24 ( | "
      "W 24-25 a | P 25-26 ) | P 27-28 [ | W 28-29 b | P 29-30 ] | "
      "W 31-35 wait | P 35-38 ... | W 39-41 no | P 41-44 \xe2\x80\xa6 | "
      "W 45-46 a | P 47-49 -- | W 50-51 b | P 52-55 \xe2\x80\x94 | "
      "P 56-57 ? | P 57-58 ! | P 58-59 ; | P 59-60 :",
      "quotes, brackets, dashes, ellipses");
  NL_CHECK_STR_EQ(doc("\xe2\x80\x9cHi!\xe2\x80\x9d \xf0\x9f\x99\x82 -- ok"),
                  "hi 3-5 | ok 18-20", "punctuation and emoji not indexed");
  NL_CHECK_STR_EQ(surface("\xf0\x9f\x91\x8d\xef\xb8\x8f!"),
                  "S 0-7 \xf0\x9f\x91\x8d\xef\xb8\x8f | P 7-8 !",
                  "emoji keeps its variation selector");
}

static void test_unicode(void) {
  NL_CHECK_STR_EQ(surface("Stra\xc3\x9f"
                          "e \xc3\x89LAN Caf\xc3\xa9"),
                  "W 0-7 strasse | W 8-13 \xc3\xa9lan | W 14-19 caf\xc3\xa9",
                  "full case folding");
  NL_CHECK_STR_EQ(terms(1, 0, NL_TOKENIZE_DOCUMENT,
                        "Z\xc3\xbcrich \xc3\x89LAN na\xc3\xafve"),
                  "zurich 0-7 | elan 8-13 | naive 14-20", "remove_diacritics");
  NL_CHECK_STR_EQ(surface("\xce\x9f\xce\xb4\xcf\x85\xcf\x83\xcf\x83\xce\xad"
                          "\xce\xb1\xcf\x82 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba"
                          "\xd0\xb2\xd0\xb0"),
                  "W 0-16 \xce\xbf\xce\xb4\xcf\x85\xcf\x83\xcf\x83\xce\xad"
                  "\xce\xb1\xcf\x83 | W 17-29 \xd0\xbc\xd0\xbe\xd1\x81\xd0"
                  "\xba\xd0\xb2\xd0\xb0",
                  "Greek (final sigma folds to sigma) and Cyrillic");
  NL_CHECK_STR_EQ(surface("e\xcc\x81t\xc3\xa9 \xcc\x81x"),
                  "W 0-6 e\xcc\x81t\xc3\xa9 | W 9-10 x",
                  "combining marks inside a word; stray mark skipped");
}

static void test_invalid(void) {
  NL_CHECK_STR_EQ(surface("caf\xff\xfe"
                          "e \xe2\x80 ok \xc3"),
                  "W 0-3 caf | W 5-6 e | W 10-12 ok",
                  "invalid bytes separate and vanish");
  NL_CHECK_STR_EQ(surface("\xed\xa0\x80x\xc0\xafy\xf4\x90\x80\x80z"),
                  "W 3-4 x | W 6-7 y | W 11-12 z",
                  "surrogates, overlongs, > U+10FFFF skipped");
  NL_CHECK_STR_EQ(surface("a\0b"), "W 0-1 a", "strlen stops at NUL");
  got[0] = '\0';
  nl_tokens("a\0b", 3, NULL, surf_cb);
  NL_CHECK_STR_EQ(got, "W 0-1 a | W 2-3 b", "NUL byte separates");
  NL_CHECK_STR_EQ(surface(""), "", "empty input");
  NL_CHECK_STR_EQ(surface(" \t\n\r "), "", "whitespace only");
  NL_CHECK_STR_EQ(doc(""), "", "empty input: no terms");
  got[0] = '\0';
  NL_CHECK_INT_EQ(nl_tokens(NULL, 0, NULL, surf_cb), 0, "NULL text");
}

static void test_stem(void) {
  NL_CHECK_STR_EQ(
      terms(0, 1, NL_TOKENIZE_DOCUMENT, "Elections running the talks"),
      "elections 0-9 | +elect 0-9 | running 10-17 | "
      "+run 10-17 | the 18-21 | talks 22-27 | +talk 22-27",
      "document: colocated stems when they differ");
  NL_CHECK_STR_EQ(terms(0, 1, NL_TOKENIZE_QUERY, "Elections running 2022"),
                  "elect 0-9 | run 10-17 | 2022 18-22",
                  "query: stems replace words");
  NL_CHECK_STR_EQ(
      terms(0, 1, NL_TOKENIZE_QUERY | NL_TOKENIZE_PREFIX, "Elections"),
      "elections 0-9", "prefix query: not stemmed");
  NL_CHECK_STR_EQ(terms(0, 1, NL_TOKENIZE_AUX, "Elections"), "elections 0-9",
                  "aux: no colocated stems");
  NL_CHECK_STR_EQ(terms(0, 0, NL_TOKENIZE_QUERY, "Elections"), "elections 0-9",
                  "no stemming when off");
  /* the cache answers the second time */
  NL_CHECK_STR_EQ(terms(0, 1, NL_TOKENIZE_QUERY, "nations nations NATIONS"),
                  "nation 0-7 | nation 8-15 | nation 16-23", "stem cache");
}

static int stop_at(void *ctx, int flags, const char *tok, int ntok, int s,
                   int e) {
  int *count = ctx;
  (void)flags;
  (void)tok;
  (void)ntok;
  (void)s;
  (void)e;
  return ++*count == 2 ? 42 : 0;
}

static int stop_surface(void *ctx, const nl_token *t) {
  int *count = ctx;
  (void)t;
  return ++*count == 3 ? 7 : 0;
}

static void test_stop_and_errors(void) {
  nl_tokenizer *tk;
  nl_tokenizer_opts o = NL_TOKENIZER_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  int count = 0;
  NL_CHECK(nl_tokenizer_new(NULL, &tk, NULL) == NL_OK, "new with NULL opts");
  NL_CHECK_INT_EQ(
      nl_tokenize(tk, NL_TOKENIZE_DOCUMENT, "a b c d", 7, &count, stop_at), 42,
      "callback value returned");
  NL_CHECK_INT_EQ(count, 2, "stopped after the second term");
  nl_tokenizer_free(tk);
  nl_tokenizer_free(NULL);
  count = 0;
  NL_CHECK_INT_EQ(nl_tokens("a, b. c", 7, &count, stop_surface), 7,
                  "surface callback value returned");
  NL_CHECK_INT_EQ(count, 3, "surface stopped at the third token");
  o.stem = 2;
  NL_CHECK(nl_tokenizer_new(&o, &tk, &err) == NL_EINVAL, "stem 2 rejected");
  NL_CHECK(tk == NULL, "out cleared on failure");
  NL_CHECK(strstr(err.msg, "stem") != NULL, "error names the option");
  o.stem = 0;
  o.remove_diacritics = -1;
  NL_CHECK(nl_tokenizer_new(&o, &tk, &err) == NL_EINVAL,
           "remove_diacritics -1 rejected");
}

static void test_oom(void) {
  nl_tokenizer *tk;
  nl_tokenizer_opts o = {0, 1};
  char big[1000];
  int count = 0;
  nl_alloc_fail_after(1, 0);
  NL_CHECK(nl_tokenizer_new(&o, &tk, NULL) == NL_ENOMEM, "new: OOM");
  nl_alloc_fail_after(2, 0);
  NL_CHECK(nl_tokenizer_new(&o, &tk, NULL) == NL_ENOMEM, "new: cache OOM");
  nl_alloc_fail_after(0, 0);
  NL_CHECK(nl_tokenizer_new(&o, &tk, NULL) == NL_OK, "new");
  /* a 1000-letter word outgrows the 256-byte stack buffer */
  memset(big, 'a', sizeof big);
  nl_alloc_fail_after(1, 0);
  NL_CHECK_INT_EQ(
      nl_tokenize(tk, NL_TOKENIZE_DOCUMENT, big, 1000, &count, stop_at),
      NL_TOKENIZE_NOMEM, "tokenize: OOM reported");
  nl_alloc_fail_after(1, 0);
  NL_CHECK_INT_EQ(nl_tokens(big, 1000, &count, stop_surface), -1,
                  "tokens: OOM reported");
  nl_alloc_fail_after(0, 0);
  got[0] = '\0';
  NL_CHECK_INT_EQ(nl_tokenize(tk, NL_TOKENIZE_QUERY, big, 1000, NULL, term_cb),
                  0, "long word tokenized");
  NL_CHECK_INT_EQ(strlen(got), 1000 + strlen(" 0-1000"), "long word term");
  nl_tokenizer_free(tk);
}

/* Spans of words and numbers from nl_tokens, for the consistency check. */
typedef struct spans {
  size_t start[4096], end[4096];
  int n, bad;
  size_t at; /* next surface span to match */
} spans;

static int collect_span(void *ctx, const nl_token *t) {
  spans *sp = ctx;
  if ((t->kind == NL_TOK_WORD || t->kind == NL_TOK_NUMBER) && sp->n < 4096) {
    sp->start[sp->n] = t->start;
    sp->end[sp->n] = t->end;
    sp->n++;
  }
  return 0;
}

/* Each term must lie inside the current or a later word/number span. */
static int check_term(void *ctx, int flags, const char *tok, int ntok, int s,
                      int e) {
  spans *sp = ctx;
  (void)flags;
  (void)tok;
  while (sp->at < (size_t)sp->n && sp->end[sp->at] <= (size_t)s)
    sp->at++;
  if (ntok <= 0 || sp->at == (size_t)sp->n || (size_t)s < sp->start[sp->at] ||
      (size_t)e > sp->end[sp->at])
    sp->bad++;
  return 0;
}

static void test_consistency(void) {
  static spans sp;
  static char text[65536];
  FILE *f = fopen(NL_TEST_DATA "/tokenize/news.txt", "rb");
  nl_tokenizer *tk;
  size_t n;
  NL_CHECK(f != NULL, "fixture opens");
  if (!f) return;
  n = fread(text, 1, sizeof text, f);
  fclose(f);
  nl_tokens(text, n, &sp, collect_span);
  NL_CHECK(sp.n > 100, "fixture has words (%d)", sp.n);
  nl_tokenizer_new(NULL, &tk, NULL);
  nl_tokenize(tk, NL_TOKENIZE_DOCUMENT, text, (int)n, &sp, check_term);
  nl_tokenizer_free(tk);
  NL_CHECK_INT_EQ(sp.bad, 0, "every index term lies in a word/number span");
}

/* A flat record of callbacks: "k:start-end " for spans, "=term " for
** terms, in call order. */
typedef struct trace {
  char s[65536];
  size_t n;
} trace;

static int trace_span(void *ctx, const nl_token_span *t) {
  trace *r = ctx;
  if (r->n + 64 < sizeof r->s)
    r->n += (size_t)snprintf(r->s + r->n, sizeof r->s - r->n, "%d:%zu-%zu ",
                             (int)t->kind, t->start, t->end);
  return 0;
}

static int trace_surface(void *ctx, const nl_token *t) {
  nl_token_span sp;
  sp.kind = t->kind;
  sp.start = t->start;
  sp.end = t->end;
  return trace_span(ctx, &sp);
}

static int trace_term(void *ctx, int flags, const char *tok, int ntok, int s,
                      int e) {
  trace *r = ctx;
  (void)flags;
  (void)s;
  (void)e;
  if (r->n + (size_t)ntok + 4 < sizeof r->s)
    r->n += (size_t)snprintf(r->s + r->n, sizeof r->s - r->n, "=%.*s ", ntok,
                             tok);
  return 0;
}

/*
** nl_tokenize_spans: the spans of nl_tokens and the terms of nl_tokenize,
** in one scan (hand-checked on a short text, equal on the fixture).
*/
static void test_spans_and_terms(void) {
  static trace both, surf, terms, only_spans, only_terms;
  static char text[65536];
  const char *t = "Hi, U.S. 1,000.";
  nl_tokenizer *tk;
  size_t n, i, j;
  FILE *f;
  nl_tokenizer_new(NULL, &tk, NULL);
  both.n = 0;
  nl_tokenize_spans(tk, NL_TOKENIZE_DOCUMENT, t, strlen(t), &both,
                    trace_term, trace_span);
  NL_CHECK_STR_EQ(both.s, "1:0-2 =hi 3:2-3 1:4-8 =us 2:9-14 =1000 3:14-15 ",
                  "spans, each followed by its terms");
  f = fopen(NL_TEST_DATA "/tokenize/news.txt", "rb");
  NL_CHECK(f != NULL, "fixture opens");
  if (!f) {
    nl_tokenizer_free(tk);
    return;
  }
  n = fread(text, 1, sizeof text, f);
  fclose(f);
  both.n = surf.n = terms.n = only_spans.n = only_terms.n = 0;
  nl_tokenize_spans(tk, NL_TOKENIZE_DOCUMENT, text, n, &both, trace_term,
                    trace_span);
  nl_tokenize_spans(NULL, 0, text, n, &only_spans, NULL, trace_span);
  nl_tokens(text, n, &surf, trace_surface);
  nl_tokenize(tk, NL_TOKENIZE_DOCUMENT, text, (int)n, &terms, trace_term);
  NL_CHECK(surf.n > 1000 && surf.n + 64 < sizeof surf.s, "fixture traced");
  NL_CHECK_STR_EQ(only_spans.s, surf.s, "spans == nl_tokens spans");
  /* split `both` into its span and term entries */
  for (i = 0; i < both.n; i = j + 1) {
    j = i;
    while (j < both.n && both.s[j] != ' ') j++;
    if (both.s[i] == '=') {
      memcpy(only_terms.s + only_terms.n, both.s + i, j - i + 1);
      only_terms.n += j - i + 1;
    }
  }
  only_terms.s[only_terms.n] = '\0';
  NL_CHECK_STR_EQ(only_terms.s, terms.s, "terms == nl_tokenize terms");
  nl_tokenizer_free(tk);
}

/*
** nl_tokenize_span_vec: the spans nl_tokenize_spans hands its callback
** (short text hand-checked, fixture equal, with and without terms) and
** the same terms; out of memory while growing the array is
** NL_TOKENIZE_NOMEM with the spans found so far.
*/
static void test_span_vec(void) {
  static trace cb, vec, cbterms, vterms;
  static char text[65536];
  const char *t = "Hi, U.S. 1,000.";
  nl_span_vec v = {NULL, 0, 0};
  nl_tokenizer *tk;
  size_t n, i;
  FILE *f;
  nl_tokenizer_new(NULL, &tk, NULL);
  NL_CHECK_INT_EQ(nl_tokenize_span_vec(tk, NL_TOKENIZE_DOCUMENT, t, strlen(t),
                                       &vterms, trace_term, &v),
                  0, "short text scanned");
  for (i = 0; i < v.n; i++) trace_span(&vec, &v.v[i]);
  NL_CHECK_STR_EQ(vec.s, "1:0-2 3:2-3 1:4-8 2:9-14 3:14-15 ", "spans in order");
  NL_CHECK_STR_EQ(vterms.s, "=hi =us =1000 ", "terms in order");
  f = fopen(NL_TEST_DATA "/tokenize/news.txt", "rb");
  NL_CHECK(f != NULL, "fixture opens");
  if (!f) {
    nl_free(v.v);
    nl_tokenizer_free(tk);
    return;
  }
  n = fread(text, 1, sizeof text, f);
  fclose(f);
  vec.n = vterms.n = 0;
  v.n = 0;
  /* the shared default tokenizer: the terms of a new default one */
  nl_tokenize_span_vec(nl_tokenizer_default(), NL_TOKENIZE_DOCUMENT, text, n,
                       &vterms, trace_term, &v);
  for (i = 0; i < v.n; i++) trace_span(&vec, &v.v[i]);
  nl_tokenize_spans(NULL, 0, text, n, &cb, NULL, trace_span);
  nl_tokenize(tk, NL_TOKENIZE_DOCUMENT, text, (int)n, &cbterms, trace_term);
  NL_CHECK(v.n > 100, "fixture scanned (%zu spans)", v.n);
  NL_CHECK_STR_EQ(vec.s, cb.s, "span_vec spans == nl_tokenize_spans spans");
  NL_CHECK_STR_EQ(vterms.s, cbterms.s,
                  "span_vec terms (default tokenizer) == nl_tokenize terms");
  vec.n = 0;
  v.n = 0;
  nl_tokenize_span_vec(NULL, 0, text, n, NULL, NULL, &v);
  for (i = 0; i < v.n; i++) trace_span(&vec, &v.v[i]);
  NL_CHECK_STR_EQ(vec.s, cb.s, "spans alone == nl_tokenize_spans spans");
  nl_free(v.v);
  v.v = NULL;
  v.n = v.cap = 0;
  nl_alloc_fail_after(1, 1);
  NL_CHECK_INT_EQ(nl_tokenize_span_vec(NULL, 0, text, n, NULL, NULL, &v),
                  NL_TOKENIZE_NOMEM, "out of memory growing the spans");
  nl_alloc_fail_after(0, 0);
  NL_CHECK(v.n == 0 && v.v == NULL, "no spans kept");
  nl_tokenizer_free(tk);
}

int main(void) {
  test_words();
  test_numbers();
  test_number_words();
  test_punct();
  test_unicode();
  test_invalid();
  test_stem();
  test_stop_and_errors();
  test_oom();
  test_consistency();
  test_spans_and_terms();
  test_span_vec();
  return nl_test_done();
}
