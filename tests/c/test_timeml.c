/* Tests for the TimeML loader (nl_timeml.c) on tests/data/timeml. */
#include "xml_testutil.h"

static void test_dct_and_text(void) {
  xt_result r;
  const nl_article *a;
  const char *off;
  xt_load(nl_load_timeml, "timeml/wsj_small.tml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "tml loads");
  NL_CHECK_INT_EQ(r.n, 1, "one article");
  if (r.n < 1) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->item_key, "wsj_small", "DOCID");
  NL_CHECK_STR_EQ(a->title, "Rates & bonds", "TITLE, entity decoded");
  NL_CHECK_STR_EQ(a->published, "1989-10-30", "DCT value");
  NL_CHECK_INT_EQ(a->published_source, NL_PUB_METADATA, "DCT is metadata");
  NL_CHECK(a->published_evidence && strstr(a->published_evidence, "<DCT>"),
           "evidence names DCT");
  NL_CHECK_STR_EQ(a->body,
                  "Bond prices fell Friday & rates rose.\n\n"
                  "Dealers said the trend would continue next week.",
                  "TEXT without annotations; paragraphs on blank lines");
  NL_CHECK_INT_EQ(a->n_paragraphs, 2, "two paragraphs");
  off = xt_meta(a, "text_offset", 0);
  NL_CHECK_STR_EQ(off, "1", "one newline cut before the body");
  NL_CHECK_STR_EQ(xt_meta(a, "text_offset_map", 0), "0+1", "map: one pair");
  /* In the TEXT element's text (as TempEval gold counts) "Friday" is at 18
  ** and "next week" at 78 (checked with the scorer's own parse_tml). */
  NL_CHECK(a->body_len > 86 && memcmp(a->body + 18 - 1, "Friday", 6) == 0,
           "gold offset 18 - text_offset = body offset of Friday");
  NL_CHECK(memcmp(a->body + 78 - 1, "next week", 9) == 0,
           "gold offset 78 - text_offset = body offset of next week");
  NL_CHECK_INT_EQ(a->n_warnings, 0, "no warnings");
done:
  xt_free(&r);
}

static void test_inline_creation_time(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_timeml, "timeml/inline_dct.tml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "loads");
  if (r.n < 1) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->published, "1998-02-13",
                  "TIMEX3 functionInDocument=CREATION_TIME without <DCT>");
  NL_CHECK(a->published_evidence &&
               strstr(a->published_evidence, "CREATION_TIME"),
           "evidence says where");
  NL_CHECK_STR_EQ(a->body, "February 13, 1998\n\nText with extra spaces.",
                  "body");
  /* TEXT's text: "\n" "February 13, 1998" "\n\n" "Text   with   extra
  ** spaces.\n": body "Text" at 19 is TEXT 20, "with" at 24 is TEXT 27,
  ** "extra" at 29 is TEXT 34, "spaces." at 35 is TEXT 42. */
  NL_CHECK_STR_EQ(xt_meta(a, "text_offset_map", 0), "0+1 24+3 29+5 35+7",
                  "piecewise map over collapsed spaces");
  NL_CHECK(xt_meta(a, "text_offset", 0) == NULL,
           "no single text_offset once spaces were collapsed");
  NL_CHECK_INT_EQ(a->n_warnings, 0, "nothing to warn about");
done:
  xt_free(&r);
}

static void test_no_text(void) {
  xt_result r;
  const char *x = "<TimeML><DOCID>x</DOCID></TimeML>";
  xt_load_buf(nl_load_timeml, x, strlen(x), "notext.tml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_EPARSE, "no TEXT is an error");
  NL_CHECK(strstr(r.err.msg, "notext.tml") && strstr(r.err.msg, "<TEXT>"),
           "message names file and element");
  NL_CHECK_INT_EQ(r.n, 0, "no article");
  xt_free(&r);
}

static void test_no_dct(void) {
  xt_result r;
  const char *x = "<TimeML><TEXT>Just text.</TEXT></TimeML>";
  xt_load_buf(nl_load_timeml, x, strlen(x), "nodct.tml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "loads without DCT");
  if (r.n == 1) {
    NL_CHECK(r.a[0]->published == NULL, "no date");
    NL_CHECK(xt_warned(r.a[0], "no document creation time"), "warned");
    NL_CHECK_STR_EQ(xt_meta(r.a[0], "text_offset", 0), "0", "offset 0");
    NL_CHECK_STR_EQ(xt_meta(r.a[0], "text_offset_map", 0), "0+0", "map");
  }
  xt_free(&r);
}

int main(void) {
  test_dct_and_text();
  test_inline_creation_time();
  test_no_text();
  test_no_dct();
  return nl_test_done();
}
