/* Tests for nl_sentences: each trap, with hand-checked spans. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_buf.h"
#include "newslua/nl_sentence.h"
#include "nl_alloc.h"

static char got[2048];

/* Sentences of s rendered "<text>" joined by " " (text from the spans). */
static const char *split(const char *s) {
  nl_span *sp;
  size_t n, i;
  got[0] = '\0';
  if (nl_sentences(s, strlen(s), &sp, &n, NULL) != NL_OK) return "FAILED";
  for (i = 0; i < n; i++) {
    size_t l = strlen(got);
    snprintf(got + l, sizeof got - l, "%s<%.*s>", i ? " " : "",
             (int)(sp[i].end - sp[i].start), s + sp[i].start);
  }
  nl_free_mem(sp);
  return got;
}

static void test_basic(void) {
  NL_CHECK_STR_EQ(split("One two. Three four! Five six? Seven"),
                  "<One two.> <Three four!> <Five six?> <Seven>",
                  "terminators");
  NL_CHECK_STR_EQ(split("It rose 3.5 percent. It fell 1,000 points."),
                  "<It rose 3.5 percent.> <It fell 1,000 points.>",
                  "decimals do not split");
  NL_CHECK_STR_EQ(split("Really?! Yes!!! Fine."), "<Really?!> <Yes!!!> <Fine.>",
                  "repeated marks");
  NL_CHECK_STR_EQ(split("He won in 2014. In 2015 he lost."),
                  "<He won in 2014.> <In 2015 he lost.>",
                  "period after a number");
}

static void test_abbreviations(void) {
  NL_CHECK_STR_EQ(split("The U.S. Senate voted. It passed."),
                  "<The U.S. Senate voted.> <It passed.>",
                  "U.S. before a name");
  NL_CHECK_STR_EQ(split("He flew to the U.S. He landed."),
                  "<He flew to the U.S.> <He landed.>",
                  "U.S. ending a sentence");
  NL_CHECK_STR_EQ(split("Sen. Smith met Dr. Jones and Gov. Brown."),
                  "<Sen. Smith met Dr. Jones and Gov. Brown.>", "titles");
  NL_CHECK_STR_EQ(split("Mr. Putin spoke. Mrs. May replied."),
                  "<Mr. Putin spoke.> <Mrs. May replied.>",
                  "title after a sentence end");
  NL_CHECK_STR_EQ(split("Talks began on Jan. 10 in Geneva. No. 5 won."),
                  "<Talks began on Jan. 10 in Geneva.> <No. 5 won.>",
                  "month and No. before numbers");
  NL_CHECK_STR_EQ(split("He said no. Then he left."),
                  "<He said no.> <Then he left.>",
                  "plain 'no.' ends a sentence");
  NL_CHECK_STR_EQ(split("Apple Inc. The firm grew. Acme Inc. sells."),
                  "<Apple Inc.> <The firm grew.> <Acme Inc. sells.>",
                  "company suffix");
  NL_CHECK_STR_EQ(split("It meets at 3 p.m. Friday. At 5 p.m. It ends."),
                  "<It meets at 3 p.m. Friday.> <At 5 p.m.> <It ends.>",
                  "lowercase acronyms");
  NL_CHECK_STR_EQ(split("It paid more for iron ore. China's mills cut."),
                  "<It paid more for iron ore.> <China's mills cut.>",
                  "lowercase 'ore' is not Oregon");
  NL_CHECK_STR_EQ(split("It is under review by the SEC. Sales fell."),
                  "<It is under review by the SEC.> <Sales fell.>",
                  "all-caps SEC is not the title Sec.");
  NL_CHECK_STR_EQ(split("He lives in Portland, Ore. Sales fell."),
                  "<He lives in Portland, Ore. Sales fell.>",
                  "capitalised state abbreviation (no opener after it)");
  NL_CHECK_STR_EQ(split("Songs, poems, etc. Much better ones."),
                  "<Songs, poems, etc.> <Much better ones.>",
                  "etc. ends a sentence before a capital");
  NL_CHECK_STR_EQ(split("It was Smith vs. Jones. Smith et al. The end."),
                  "<It was Smith vs. Jones.> <Smith et al.> <The end.>",
                  "vs. and et al.");
  NL_CHECK_STR_EQ(
      split("Plessey Co Plc <PLY.L> said it won. See bbc.co.uk now."),
      "<Plessey Co Plc <PLY.L> said it won.> <See bbc.co.uk now.>",
      "periods glued to the next word");
  NL_CHECK_STR_EQ(split("Apples, pears, etc. are fruit."),
                  "<Apples, pears, etc. are fruit.>",
                  "lowercase word after etc.");
  /* the lists' longest words (six letters) are still looked up */
  NL_CHECK_STR_EQ(split("Messrs. Smith and Jones agreed. It paid approx. 5."),
                  "<Messrs. Smith and Jones agreed.> <It paid approx. 5.>",
                  "six-letter title and abbreviation");
  NL_CHECK_STR_EQ(split("He bought Messrsx. Then he left."),
                  "<He bought Messrsx.> <Then he left.>",
                  "a longer word is in no list");
}

/* Initialisms ("U.S.", "U.K.", "N.Y."): the period may double as a full
** stop, and in Reuters-21578 the word after "U.S." is capitalised about
** as often as not ("the U.S. And Japan"), so a capital there says little. */
static void test_initialisms(void) {
  NL_CHECK_STR_EQ(split("He left. U.S. Officials have been optimistic."),
                  "<He left.> <U.S. Officials have been optimistic.>",
                  "an initialism that opens its sentence does not end it");
  NL_CHECK_STR_EQ(split("U.K. Officials are studying the link."),
                  "<U.K. Officials are studying the link.>",
                  "an initialism opening the text");
  NL_CHECK_STR_EQ(split("Payment is due on August 17. U.S. And Canadian "
                        "residents are excluded."),
                  "<Payment is due on August 17.> <U.S. And Canadian "
                  "residents are excluded.>",
                  "an opener after a sentence-initial initialism");
  NL_CHECK_STR_EQ(split("He left. \"U.S. Officials agree,\" he said."),
                  "<He left.> <\"U.S. Officials agree,\" he said.>",
                  "an initialism after an opening quote");
  NL_CHECK_STR_EQ(split("Some U.S. Officials complained."),
                  "<Some U.S. Officials complained.>",
                  "a noun after an initialism");
  NL_CHECK_STR_EQ(split("Polish exports to the U.S. In the late 1970s "
                        "averaged 400 mln dlrs."),
                  "<Polish exports to the U.S. In the late 1970s averaged "
                  "400 mln dlrs.>",
                  "a preposition after an initialism goes on the sentence");
  NL_CHECK_STR_EQ(split("Warm weather in the U.S. And Europe cut demand."),
                  "<Warm weather in the U.S. And Europe cut demand.>",
                  "a conjunction after an initialism goes on the sentence");
  NL_CHECK_STR_EQ(split("Japan will try to persuade the U.S. That its rice "
                        "policy is fair."),
                  "<Japan will try to persuade the U.S. That its rice policy "
                  "is fair.>",
                  "'That' after an initialism goes on the sentence");
  /* the abbreviation's period is the full stop */
  NL_CHECK_STR_EQ(split("PCs were sold in the U.S. The company said sales "
                        "rose."),
                  "<PCs were sold in the U.S.> <The company said sales "
                  "rose.>",
                  "'The' after an initialism starts a sentence");
  NL_CHECK_STR_EQ(split("It has five airships in the U.S. It also said it "
                        "grew. They sell in the U.K. But he said no."),
                  "<It has five airships in the U.S.> <It also said it "
                  "grew.> <They sell in the U.K.> <But he said no.>",
                  "a pronoun or 'But' after an initialism starts a sentence");
  NL_CHECK_STR_EQ(split("It is based in Chester, N.Y. Mr. Smith runs it."),
                  "<It is based in Chester, N.Y.> <Mr. Smith runs it.>",
                  "a title after an initialism starts a sentence");
  NL_CHECK_STR_EQ(split("It grew in the U.S.. This is new. Is it the U.S.? "
                        "Yes."),
                  "<It grew in the U.S..> <This is new.> <Is it the U.S.?> "
                  "<Yes.>",
                  "a full stop after an initialism's period");
  NL_CHECK_STR_EQ(split("The moon is full at 8:27 a.m. In folk terms, it is "
                        "blue. It ends at 9 p.m. Other dates follow."),
                  "<The moon is full at 8:27 a.m.> <In folk terms, it is "
                  "blue.> <It ends at 9 p.m.> <Other dates follow.>",
                  "any opener after a lowercase initialism (a time)");
}

static void test_initials(void) {
  NL_CHECK_STR_EQ(split("J. R. R. Tolkien wrote it. George W. Bush read it."),
                  "<J. R. R. Tolkien wrote it.> <George W. Bush read it.>",
                  "spaced initials");
  NL_CHECK_STR_EQ(split("He listens to R&B. She sings. It was World War I. "
                        "But then."),
                  "<He listens to R&B.> <She sings.> <It was World War I.> "
                  "<But then.>",
                  "single capital before a sentence opener");
  NL_CHECK_STR_EQ(split("J.R.R. Tolkien wrote it."),
                  "<J.R.R. Tolkien wrote it.>", "joined initials");
}

/* A comma, semicolon or colon after a terminator says it was no full
** stop: no sentence starts with one. */
static void test_clause_punctuation(void) {
  NL_CHECK_STR_EQ(split("It cut its surplus with the U.S., He said. It "
                        "grew in the U.S.; The rest fell. At 9.45 p.m.: The "
                        "FBI spoke."),
                  "<It cut its surplus with the U.S., He said.> <It grew in "
                  "the U.S.; The rest fell.> <At 9.45 p.m.: The FBI spoke.>",
                  "no sentence starts with a comma, semicolon or colon");
  NL_CHECK_STR_EQ(split("Hits include Do They Know It's Christmas?, Last "
                        "Christmas and others."),
                  "<Hits include Do They Know It's Christmas?, Last Christmas "
                  "and others.>",
                  "a comma after a question mark");
}

/* A weekday abbreviation before a month or a day number is part of a date. */
static void test_weekdays(void) {
  NL_CHECK_STR_EQ(split("When it landed in Honolulu, it was Sun. Dec. 31, "
                        "2017. It was late."),
                  "<When it landed in Honolulu, it was Sun. Dec. 31, 2017.> "
                  "<It was late.>",
                  "weekday before a month abbreviation");
  NL_CHECK_STR_EQ(split("The vote is on Tues. March 3. Polls open Fri. 12 "
                        "June at 7."),
                  "<The vote is on Tues. March 3.> <Polls open Fri. 12 June "
                  "at 7.>",
                  "weekday before a month name or a day number");
  NL_CHECK_STR_EQ(split("Talks end Thurs. Jan 5 and resume Sat. September "
                        "9."),
                  "<Talks end Thurs. Jan 5 and resume Sat. September 9.>",
                  "month without a period, long month name");
  NL_CHECK_STR_EQ(split("He read The Sun. It said nothing."),
                  "<He read The Sun.> <It said nothing.>",
                  "the Sun before a sentence");
  NL_CHECK_STR_EQ(split("We met on Wed. Then we left. Rain Fri. Partly "
                        "sunny Sat. Highs near 50."),
                  "<We met on Wed.> <Then we left.> <Rain Fri.> <Partly "
                  "sunny Sat.> <Highs near 50.>",
                  "a weekday before another word ends a sentence");
  NL_CHECK_STR_EQ(split("It rained on Sun. 40 homes flooded."),
                  "<It rained on Sun.> <40 homes flooded.>",
                  "a number that is no day of a month");
}

static void test_quotes_ellipses(void) {
  NL_CHECK_STR_EQ(split("Wait... what happened? Wait... What?"),
                  "<Wait... what happened?> <Wait...> <What?>",
                  "ellipsis: lowercase continues, capital starts");
  NL_CHECK_STR_EQ(split("It ended\xe2\x80\xa6 Then rain."),
                  "<It ended\xe2\x80\xa6> <Then rain.>", "unicode ellipsis");
  NL_CHECK_STR_EQ(split("\"We won,\" he said. \"We are done.\" Next came."),
                  "<\"We won,\" he said.> <\"We are done.\"> <Next came.>",
                  "straight quotes close after the period");
  NL_CHECK_STR_EQ(split("\xe2\x80\x9cWhy?\xe2\x80\x9d she asked. "
                        "\xe2\x80\x9cNow!\xe2\x80\x9d He ran."),
                  "<\xe2\x80\x9cWhy?\xe2\x80\x9d she asked.> "
                  "<\xe2\x80\x9cNow!\xe2\x80\x9d> <He ran.>",
                  "curly quotes; lowercase after a quoted question");
  NL_CHECK_STR_EQ(split("He left (for good.) They stayed (see above). Done."),
                  "<He left (for good.)> <They stayed (see above).> <Done.>",
                  "brackets");
  NL_CHECK_STR_EQ(split("He said: \xe2\x80\x98It is over.\xe2\x80\x99 "
                        "\xe2\x80\x9cNo,\xe2\x80\x9d she said."),
                  "<He said: \xe2\x80\x98It is over.\xe2\x80\x99> "
                  "<\xe2\x80\x9cNo,\xe2\x80\x9d she said.>",
                  "opening quote before the next sentence");
}

static void test_paragraphs(void) {
  NL_CHECK_STR_EQ(split("Headline without period\n\nFirst para.\nstill it\n"
                        "\n \r\nSecond para"),
                  "<Headline without period> <First para.\nstill it> "
                  "<Second para>",
                  "blank lines always split, single newlines do not");
  NL_CHECK_STR_EQ(split("Dr.\n\nJones"), "<Dr.> <Jones>",
                  "blank line beats a title");
  NL_CHECK_STR_EQ(split("A b\xe2\x80\xa9"
                        "C d"),
                  "<A b> <C d>", "U+2029 paragraph separator");
}

static void test_spans(void) {
  const char *s = "  First one.  Second \xe2\x80\x9cquote.\xe2\x80\x9d  ";
  nl_span *sp;
  size_t n;
  NL_CHECK(nl_sentences(s, strlen(s), &sp, &n, NULL) == NL_OK, "ok");
  NL_CHECK_INT_EQ(n, 2, "two sentences");
  NL_CHECK_INT_EQ(sp[0].start, 2, "first start (trimmed)");
  NL_CHECK_INT_EQ(sp[0].end, 12, "first end");
  NL_CHECK_INT_EQ(sp[1].start, 14, "second start");
  NL_CHECK_INT_EQ(sp[1].end, 33, "second end after the closing quote");
  nl_free_mem(sp);
  NL_CHECK(nl_sentences("", 0, &sp, &n, NULL) == NL_OK, "empty ok");
  NL_CHECK(n == 0 && sp == NULL, "empty: no sentences");
  NL_CHECK(nl_sentences(" \n\n ", 4, &sp, &n, NULL) == NL_OK, "blank ok");
  NL_CHECK_INT_EQ(n, 0, "blank: no sentences");
  NL_CHECK(nl_sentences("\xff\xfe. ...", 7, &sp, &n, NULL) == NL_OK, "junk ok");
  NL_CHECK_INT_EQ(n, 2, "junk: punctuation-only sentences");
  NL_CHECK(n == 2 && sp[1].start == 4 && sp[1].end == 7, "ellipsis span");
  nl_free_mem(sp);
}

/* The tokenizer fixture: 13 sentences, checked by hand. */
static void test_fixture(void) {
  static char text[8192];
  static const char *const want[] = {
      "U.S. and Russian diplomats meet in Geneva for high-stakes talks",
      NULL,
      NULL,
      "The sides agreed to\nkeep talking...",
      NULL,
      NULL,
      NULL,
      NULL,
      "Wait... what?",
      NULL,
      "Vorsicht!",
      "\xc2\xbfQu\xc3\xa9 pasa?",
      NULL};
  FILE *f = fopen(NL_TEST_DATA "/tokenize/news.txt", "rb");
  nl_span *sp;
  size_t n, len, i;
  NL_CHECK(f != NULL, "fixture opens");
  if (!f) return;
  len = fread(text, 1, sizeof text, f);
  fclose(f);
  NL_CHECK(nl_sentences(text, len, &sp, &n, NULL) == NL_OK, "fixture ok");
  NL_CHECK_INT_EQ(n, 13, "13 sentences in the fixture");
  for (i = 0; i < n && i < 13; i++) {
    char buf[512];
    size_t l = sp[i].end - sp[i].start;
    if (!want[i]) continue;
    if (l >= sizeof buf) l = sizeof buf - 1;
    memcpy(buf, text + sp[i].start, l);
    buf[l] = '\0';
    NL_CHECK_STR_EQ(buf, want[i], "fixture sentence");
  }
  NL_CHECK(n == 13 && strncmp(text + sp[1].start, "GENEVA, Jan. 21", 15) == 0 &&
               strncmp(text + sp[1].end - 8, "Ukraine.", 8) == 0,
           "dateline sentence spans three lines");
  NL_CHECK(n == 13 && strncmp(text + sp[6].start, "Dr. Smith", 9) == 0 &&
               strncmp(text + sp[6].end - 7, "Monday.", 7) == 0,
           "Dr. and St. inside one sentence");
  nl_free_mem(sp);
}

static void test_oom(void) {
  nl_span *sp;
  size_t n;
  nl_error err = NL_ERROR_INIT;
  nl_alloc_fail_after(1, 0);
  NL_CHECK(nl_sentences("A b. C d.", 9, &sp, &n, &err) == NL_ENOMEM,
           "token array OOM");
  NL_CHECK(sp == NULL && n == 0, "nothing returned on OOM");
  nl_alloc_fail_after(2, 0);
  NL_CHECK(nl_sentences("A b. C d.", 9, &sp, &n, &err) == NL_ENOMEM,
           "span array OOM");
  NL_CHECK(sp == NULL && n == 0, "nothing returned on OOM (2)");
  nl_alloc_fail_after(0, 0);
}

static int keep_span(void *ctx, const nl_token_span *t) {
  nl_buf *b = ctx;
  nl_buf_append(b, (const char *)t, sizeof *t);
  return 0;
}

/* nl_sentences_spans over the scanned tokens == nl_sentences. */
static void test_from_spans(void) {
  static char text[8192];
  nl_buf toks = NL_BUF_INIT;
  nl_span *a, *b;
  size_t na, nb, len;
  FILE *f = fopen(NL_TEST_DATA "/tokenize/news.txt", "rb");
  NL_CHECK(f != NULL, "fixture opens");
  if (!f) return;
  len = fread(text, 1, sizeof text, f);
  fclose(f);
  nl_tokenize_spans(NULL, 0, text, len, &toks, NULL, keep_span);
  NL_CHECK(nl_sentences(text, len, &a, &na, NULL) == NL_OK, "scan");
  NL_CHECK(nl_sentences_spans(text, len, (const nl_token_span *)toks.data,
                              toks.len / sizeof(nl_token_span), &b, &nb,
                              NULL) == NL_OK, "from spans");
  NL_CHECK_INT_EQ(nb, 13, "13 sentences from the spans");
  NL_CHECK(na == nb && memcmp(a, b, na * sizeof *a) == 0, "same spans");
  nl_free_mem(a);
  nl_free_mem(b);
  nl_buf_free(&toks);
}

int main(void) {
  test_basic();
  test_abbreviations();
  test_initials();
  test_initialisms();
  test_weekdays();
  test_clause_punctuation();
  test_quotes_ellipses();
  test_paragraphs();
  test_spans();
  test_fixture();
  test_from_spans();
  test_oom();
  return nl_test_done();
}
