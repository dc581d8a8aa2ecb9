/* Tests for the NewsML-G2 / NITF / RCV1 loader (nl_newsml.c). */
#include "xml_testutil.h"

static void test_g2_message(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_newsml, "newsml/g2_message.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "newsMessage loads");
  NL_CHECK_INT_EQ(r.n, 2, "two stories, the empty placeholder item skipped");
  if (r.n < 2) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->item_key, "urn:newsml:example.com:20220121:geneva",
                  "guid as item_key");
  NL_CHECK_STR_EQ(a->title, "Talks end in Geneva",
                  "contentMeta headline beats the NITF hedline");
  NL_CHECK_STR_EQ(a->published, "2022-01-21T14:05",
                  "firstCreated first, clock as written");
  NL_CHECK(a->published_evidence &&
               strstr(a->published_evidence, "firstCreated"),
           "evidence names firstCreated");
  NL_CHECK_STR_EQ(a->author, "Ann Example", "creator/name");
  NL_CHECK_STR_EQ(a->source, "Example Wire", "provider@literal");
  NL_CHECK_STR_EQ(a->language, "en", "xml:lang");
  NL_CHECK_STR_EQ(xt_meta(a, "located", 0), "Geneva", "located/name");
  NL_CHECK_STR_EQ(xt_meta(a, "creditline", 0), "Example Wire / Ann Example",
                  "creditline");
  NL_CHECK_STR_EQ(xt_meta(a, "subject", 0), "politics", "subject name");
  NL_CHECK_STR_EQ(xt_meta(a, "subject", 1), "medtop:11002000",
                  "subject qcode when unnamed");
  NL_CHECK_STR_EQ(xt_meta(a, "versionCreated", 0), "2022-01-21T15:10:00Z",
                  "versionCreated kept");
  NL_CHECK_STR_EQ(a->body,
                  "GENEVA (Example) - Talks ended on Friday without a deal."
                  "\n\nThey will resume next week.",
                  "NITF body.content paragraphs, inline em flows");
  NL_CHECK_INT_EQ(a->n_paragraphs, 2, "two paragraphs");
  a = r.a[1];
  NL_CHECK_STR_EQ(a->title, "XHTML story", "second headline");
  NL_CHECK_STR_EQ(a->published, "2022-01-22T08:00", "versionCreated fallback");
  NL_CHECK_STR_EQ(a->body, "Head line\n\nOne.\n\nTwo",
                  "XHTML body blocks, head/title dropped");
done:
  xt_free(&r);
}

static void test_nitf(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_newsml, "newsml/nitf.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "nitf loads");
  NL_CHECK_INT_EQ(r.n, 1, "one article");
  if (r.n < 1) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->title, "Storm hits coast", "head/title");
  NL_CHECK_STR_EQ(a->item_key, "NITF-0042", "doc-id");
  NL_CHECK_STR_EQ(a->published, "2003-04-12T16:00", "date.issue@norm");
  NL_CHECK_STR_EQ(a->author, "Sam Writer", "byline without 'By'");
  NL_CHECK_STR_EQ(xt_meta(a, "dateline", 0), "MIAMI", "dateline");
  NL_CHECK_STR_EQ(a->body,
                  "Winds reached 120 km/h.\n\nPower was cut & restored.",
                  "body.content");
done:
  xt_free(&r);
}

static void test_rcv1(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_newsml, "newsml/rcv1.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "rcv1 loads");
  NL_CHECK_INT_EQ(r.n, 1, "one article");
  if (r.n < 1) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->item_key, "4242", "itemid");
  NL_CHECK_STR_EQ(a->title, "Caf\xc3\xa9 prices rise.", "headline, latin-1");
  NL_CHECK_STR_EQ(xt_meta(a, "title", 0), "SPAIN: Caf\xc3\xa9 prices rise.",
                  "RCV1 title kept as metadata");
  NL_CHECK_STR_EQ(a->published, "1996-08-21", "date attribute");
  NL_CHECK_STR_EQ(a->author, "Pat Reporter", "byline");
  NL_CHECK_STR_EQ(a->source, "Reuters", "dc.source");
  NL_CHECK_STR_EQ(a->language, "en", "xml:lang");
  NL_CHECK_STR_EQ(xt_meta(a, "dateline", 0), "MADRID 1996-08-21", "dateline");
  NL_CHECK_STR_EQ(xt_meta(a, "countries", 0), "SPAIN", "country code");
  NL_CHECK_STR_EQ(xt_meta(a, "topics", 1), "ECAT", "second topic code");
  NL_CHECK_STR_EQ(a->body,
                  "Prices rose \"sharply\" on Wednesday.\n\nAnalysts were "
                  "surprised.",
                  "text/p paragraphs");
done:
  xt_free(&r);
}

static void test_newsml1(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_newsml, "newsml/newsml1.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "NewsML 1.x loads");
  NL_CHECK_INT_EQ(r.n, 1, "one NewsItem");
  if (r.n < 1) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->item_key, "urn:newsml:example.com:20010502:77:1",
                  "PublicIdentifier");
  NL_CHECK_STR_EQ(a->published, "2001-05-02T09:15", "FirstCreated");
  NL_CHECK_STR_EQ(a->title, "Markets open higher", "HeadLine");
  NL_CHECK_STR_EQ(a->author, "Lee Analyst", "ByLine");
  NL_CHECK_STR_EQ(xt_meta(a, "dateline", 0), "LONDON, May 2", "DateLine");
  NL_CHECK_STR_EQ(a->language, "en", "Language@FormalName");
  NL_CHECK_STR_EQ(xt_meta(a, "subject", 0), "04000000", "Subject");
  NL_CHECK_STR_EQ(a->body, "Shares rose.\n\nBonds fell.", "NITF DataContent");
done:
  xt_free(&r);
}

static void test_empty_content(void) {
  xt_result r;
  const char *x = "<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>H"
                  "</HeadLine></NewsLines><ContentItem><DataContent/>"
                  "</ContentItem></NewsComponent></NewsItem></NewsML>";
  const char *g = "<newsItem guid=\"e\"><contentMeta><headline>G</headline>"
                  "</contentMeta><contentSet><inlineData/></contentSet>"
                  "</newsItem>";
  xt_load_buf(nl_load_newsml, x, strlen(x), "empty1.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "empty DataContent loads");
  if (r.n == 1) NL_CHECK_INT_EQ(r.a[0]->body_len, 0, "with no body");
  xt_free(&r);
  xt_load_buf(nl_load_newsml, g, strlen(g), "empty2.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "empty inlineData loads");
  if (r.n == 1) NL_CHECK_STR_EQ(r.a[0]->title, "G", "headline kept");
  xt_free(&r);
}

static void test_other_roots(void) {
  xt_result r;
  const char *concept =
      "<conceptItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" "
      "guid=\"c1\"/>";
  const char *junk = "<?xml version=\"1.0\"?>\n\n<catalogue/>";
  xt_load_buf(nl_load_newsml, concept, strlen(concept), "concept.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "G2 concept item is valid input");
  NL_CHECK_INT_EQ(r.n, 0, "but carries no story");
  NL_CHECK(strstr(r.note, "line 1: NewsML-G2 <conceptItem> carries no story"),
           "noted for the file report: %s", r.note);
  xt_free(&r);
  xt_load_buf(nl_load_newsml, junk, strlen(junk), "junk.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_EPARSE, "unknown root refused");
  NL_CHECK(strstr(r.err.msg, "junk.xml:3") != NULL, "error names file:line");
  xt_free(&r);
}

int main(void) {
  test_g2_message();
  test_nitf();
  test_rcv1();
  test_newsml1();
  test_empty_content();
  test_other_roots();
  return nl_test_done();
}
