/* Tests for nl_article / nl_utf8 / nl_buf / nl_error. */
#include <string.h>

#include "harness.h"
#include "newslua/nl_article.h"
#include "newslua/nl_buf.h"
#include "newslua/nl_utf8.h"
#include "nl_alloc.h"

static void test_paragraphs(void) {
  nl_article *a;
  const char *text = "  Title  line\n\nFirst   para\ncontinues.\n \nSecond.\n";
  NL_CHECK(nl_article_new(&a) == NL_OK, "article_new");
  NL_CHECK(nl_article_add_text(a, text, strlen(text), 0) == NL_OK, "add_text");
  NL_CHECK_INT_EQ(a->n_paragraphs, 3, "three paragraphs");
  NL_CHECK_STR_EQ(a->body, "Title line\n\nFirst para continues.\n\nSecond.",
                  "body collapsed and joined");
  NL_CHECK_INT_EQ(a->paragraphs[1].start, 12, "para 2 start");
  NL_CHECK_INT_EQ(a->paragraphs[1].end, 33, "para 2 end");
  nl_article_free(a);
}

static void test_repair(void) {
  nl_article *a;
  /* 0x93 0x94 are Windows-1252 curly quotes; 0xE9 Latin-1 e-acute. */
  const char bad[] = "\x93" "Caf\xe9" "\x94 \xff";
  nl_article_new(&a);
  NL_CHECK(nl_article_set(a, &a->title, bad, strlen(bad)) == NL_OK, "set title");
  NL_CHECK_STR_EQ(a->title, "\xe2\x80\x9c" "Caf\xc3\xa9" "\xe2\x80\x9d \xc3\xbf",
                  "cp1252 repaired");
  NL_CHECK_INT_EQ(a->repaired_bytes, 4, "4 bytes repaired");
  nl_article_free(a);
}

static void test_nfc(void) {
  nl_buf b = NL_BUF_INIT;
  /* e + combining acute -> precomposed e-acute */
  nl_utf8_nfc(&b, "Caf" "e\xcc\x81", 6);
  NL_CHECK_STR_EQ(nl_buf_cstr(&b), "Caf\xc3\xa9", "NFC composes");
  nl_buf_free(&b);
}

static void test_published(void) {
  nl_article *a;
  nl_article_new(&a);
  NL_CHECK(nl_article_set_published(a, "2022-02-30", NL_PUB_METADATA, "x") ==
               NL_EINVAL, "Feb 30 refused");
  NL_CHECK(a->published == NULL, "date unchanged");
  NL_CHECK(nl_article_set_published(a, "2022-01-26T23:56", NL_PUB_METADATA,
                                    "Updated: 26-01-2022 23:56 IST") == NL_OK,
           "datetime accepted");
  NL_CHECK_STR_EQ(a->published, "2022-01-26T23:56", "value stored");
  nl_article_free(a);
}

/* Whitespace collapse: Unicode spaces, controls, long ASCII runs, repair
** after an ASCII prefix, and a paragraph that is only spaces. */
static void test_collapse(void) {
  nl_article *a;
  /* NBSP (C2 A0), ideographic space (E3 80 80), BOM (EF BB BF), a tab and
  ** a DEL between words; "\xc2\xa9" (copyright) is not a space. */
  const char sp[] = "\xc2\xa0 one\xe3\x80\x80two\t\x7fthree\xef\xbb\xbf"
                    "\xc2\xa9 four \xc2\xa0";
  /* 17 ASCII bytes, then a stray Latin-1 byte (repaired to U+00E9). */
  const char late[] = "abcdefghijklmnopq \xe9t\xe9";
  nl_article_new(&a);
  NL_CHECK(nl_article_add_paragraph(a, " \t\xc2\xa0\n", 5) == NL_OK,
           "blank paragraph");
  NL_CHECK(a->body == NULL && a->n_paragraphs == 0, "blank adds nothing");
  NL_CHECK(nl_article_add_paragraph(a, sp, strlen(sp)) == NL_OK, "spaces");
  NL_CHECK_STR_EQ(a->body, "one two three \xc2\xa9 four",
                  "unicode spaces collapsed, ends trimmed");
  NL_CHECK(nl_article_add_paragraph(a, "   ", 3) == NL_OK, "blank again");
  NL_CHECK_INT_EQ(a->n_paragraphs, 1, "still one paragraph");
  NL_CHECK_INT_EQ(a->body_len, 21, "body unchanged by a blank paragraph");
  NL_CHECK(nl_article_add_paragraph(a, late, strlen(late)) == NL_OK, "late");
  NL_CHECK_STR_EQ(a->body, "one two three \xc2\xa9 four\n\n"
                  "abcdefghijklmnopq \xc3\xa9t\xc3\xa9", "repaired after ASCII");
  NL_CHECK_INT_EQ(a->repaired_bytes, 2, "two bytes repaired");
  NL_CHECK_INT_EQ(a->paragraphs[1].start, 23, "para 2 start");
  NL_CHECK_INT_EQ(a->paragraphs[1].end, 46, "para 2 end");
  {
    /* spaces past the first eight-byte blocks: tab at 13, DEL at 31 */
    const char *t = "abcdefghijklm\tnopqrstuvwxyzABCD\x7f" "EFGHIJ  KLMNOPQRSTUV";
    NL_CHECK(nl_article_set(a, &a->author, t, strlen(t)) == NL_OK, "long");
    NL_CHECK_STR_EQ(a->author, "abcdefghijklm nopqrstuvwxyzABCD EFGHIJ "
                    "KLMNOPQRSTUV", "spaces found inside long runs");
  }
  NL_CHECK(nl_article_set(a, &a->title, " \xe2\x80\x8a ", 5) == NL_OK,
           "hair space title");
  NL_CHECK(a->title == NULL, "a title of spaces is no title");
  nl_article_free(a);
}

/* A warning is valid UTF-8 whatever a caller's "%.80s" cut: a value
** quoted by bytes lost half a character ("'\xe6'" of a CJK date string
** was stored so, and json_encode passed it on raw). */
static void test_warn_utf8(void) {
  nl_article *a = NULL;
  NL_CHECK(nl_article_new(&a) == NL_OK, "new");
  if (!a) return;
  NL_CHECK(nl_article_warn(a, "p.html: bad '%.4s'",
                           "\xe4\xb8\xad\xe6\x96\x87") == NL_OK, "warn");
  NL_CHECK_STR_EQ(a->warnings[0], "p.html: bad '\xe4\xb8\xad'",
                  "the cut character dropped, the whole one kept");
  NL_CHECK(nl_article_warn(a, "%s", "caf\xc3\xa9 ok") == NL_OK, "warn 2");
  NL_CHECK_STR_EQ(a->warnings[1], "caf\xc3\xa9 ok", "valid text unchanged");
  nl_article_free(a);
}

static void test_oom(void) {
  nl_article *a;
  nl_article_new(&a);
  nl_alloc_fail_after(1, 1);
  NL_CHECK(nl_article_add_paragraph(a, "hello", 5) == NL_ENOMEM,
           "OOM reported, not ignored");
  nl_alloc_fail_after(0, 0);
  NL_CHECK(nl_article_add_paragraph(a, "hello", 5) == NL_OK, "recovers");
  NL_CHECK_STR_EQ(a->body, "hello", "body intact after OOM");
  nl_article_free(a);
}

int main(void) {
  test_paragraphs();
  test_repair();
  test_nfc();
  test_published();
  test_collapse();
  test_warn_utf8();
  test_oom();
  return nl_test_done();
}
