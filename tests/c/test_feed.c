/* Tests for the RSS/RDF/Atom loader (nl_feed.c) on tests/data/feeds. */
#include "xml_testutil.h"

static void test_rss2(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_feed, "feeds/rss2.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "rss2 loads");
  NL_CHECK_INT_EQ(r.n, 3, "three items (the empty <item/> is skipped)");
  if (r.n < 3) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->title, "Talks resume in Geneva", "title");
  NL_CHECK_STR_EQ(a->url, "https://example.com/geneva", "link");
  NL_CHECK_STR_EQ(a->item_key, "ex-1001", "guid as item_key");
  NL_CHECK_STR_EQ(a->published, "2022-01-21T14:30",
                  "pubDate, clock as written");
  NL_CHECK_INT_EQ(a->published_source, NL_PUB_METADATA, "date from metadata");
  NL_CHECK(a->published_evidence && strstr(a->published_evidence, "pubDate"),
           "evidence names pubDate");
  NL_CHECK_STR_EQ(a->author, "Jane Roe", "dc:creator");
  NL_CHECK_STR_EQ(xt_meta(a, "category", 0), "World", "category 1");
  NL_CHECK_STR_EQ(xt_meta(a, "category", 1), "Diplomacy", "category 2");
  NL_CHECK_STR_EQ(a->source, "Example Times", "source = channel title");
  NL_CHECK_STR_EQ(a->language, "en-us", "channel language");
  NL_CHECK_STR_EQ(a->body,
                  "Diplomats met on Friday.\n\nThey will meet again next week.",
                  "content:encoded preferred, HTML to paragraphs");
  NL_CHECK_INT_EQ(a->n_paragraphs, 2, "two paragraphs");
  NL_CHECK_INT_EQ(a->n_warnings, 0, "no warnings");
  a = r.a[1];
  NL_CHECK_STR_EQ(a->title, "Second & last", "entity decoded in title");
  NL_CHECK_STR_EQ(a->url, "https://example.com/second",
                  "permalink guid as url");
  NL_CHECK_STR_EQ(a->item_key, "https://example.com/second", "guid key");
  NL_CHECK_STR_EQ(a->published, "2022-01-22T09:00", "+0100 date as written");
  NL_CHECK_STR_EQ(a->author, "desk@example.com (News Desk)", "author");
  NL_CHECK_STR_EQ(a->body, "Escaped HTML body.", "escaped HTML description");
  a = r.a[2];
  NL_CHECK(a->published == NULL, "unreadable date not set");
  NL_CHECK(xt_warned(a, "someday soon"), "unreadable date warned, quoted");
  NL_CHECK(xt_warned(a, "feeds/rss2.xml"), "warning names the file");
  NL_CHECK_STR_EQ(a->body, "Plain text body.", "plain description");
done:
  xt_free(&r);
}

static void test_rss1_latin1(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_feed, "feeds/rss1.rdf", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "rdf loads");
  NL_CHECK_INT_EQ(r.n, 1, "one item outside the channel");
  if (r.n < 1) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->title, "\xc3\x89lection \xc3\xa0 Paris",
                  "iso-8859-1 decoded to UTF-8");
  NL_CHECK_STR_EQ(a->item_key, "https://example.org/a1", "rdf:about key");
  NL_CHECK_STR_EQ(a->url, "https://example.org/a1", "link");
  NL_CHECK_STR_EQ(a->published, "2003-12-13T18:30:02", "dc:date");
  NL_CHECK_STR_EQ(a->author, "Zo\xc3\xa9 Martin", "dc:creator");
  NL_CHECK_STR_EQ(a->language, "fr", "dc:language");
  NL_CHECK_STR_EQ(a->source, "Le Monde Exemple", "channel title");
  NL_CHECK_STR_EQ(xt_meta(a, "category", 0), "Politique", "dc:subject");
  NL_CHECK_STR_EQ(a->body, "Le caf\xc3\xa9 \xc3\xa9tait ferm\xc3\xa9.", "body");
  NL_CHECK_INT_EQ(a->repaired_bytes, 0, "nothing to repair");
done:
  xt_free(&r);
}

static void test_atom(void) {
  xt_result r;
  const nl_article *a;
  xt_load(nl_load_feed, "feeds/atom.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "atom loads");
  NL_CHECK_INT_EQ(r.n, 2, "two entries");
  if (r.n < 2) goto done;
  a = r.a[0];
  NL_CHECK_STR_EQ(a->url, "https://example.net/1", "rel=alternate, not self");
  NL_CHECK_STR_EQ(a->item_key, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
                  "atom:id");
  NL_CHECK_STR_EQ(a->published, "2021-09-07T02:47:57",
                  "published preferred over updated");
  NL_CHECK_STR_EQ(a->author, "Feed Author", "feed-level author inherited");
  NL_CHECK_STR_EQ(a->language, "en-GB", "xml:lang of feed");
  NL_CHECK_STR_EQ(a->source, "Atom Daily", "feed title");
  NL_CHECK_STR_EQ(xt_meta(a, "category", 0), "science", "category@term");
  NL_CHECK_STR_EQ(a->body, "First para.\n\nSecond para.", "xhtml content");
  a = r.a[1];
  NL_CHECK_STR_EQ(a->url, "https://example.net/2", "link without rel");
  NL_CHECK_STR_EQ(a->published, "2021-09-08T08:00", "updated as fallback");
  NL_CHECK_STR_EQ(a->author, "Entry Author", "entry author/name");
  NL_CHECK_STR_EQ(a->language, "de", "entry xml:lang");
  NL_CHECK_STR_EQ(a->body, "Plain <text> summary",
                  "type=text summary kept as text, not parsed as HTML");
done:
  xt_free(&r);
}

static void test_not_a_feed(void) {
  xt_result r;
  const char *x = "<?xml version=\"1.0\"?>\n<html><head/></html>";
  xt_load_buf(nl_load_feed, x, strlen(x), "page.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_EPARSE, "html root refused");
  NL_CHECK(strstr(r.err.msg, "page.xml:2") != NULL, "message names file:line");
  NL_CHECK(strstr(r.err.msg, "<html>") != NULL, "message names the root");
  xt_free(&r);
}

static int stop_first(void *ctx, nl_article *a) {
  (void)ctx;
  nl_article_free(a);
  return 1;
}

static void test_interrupt(void) {
  size_t len;
  char *data = xt_read("feeds/rss2.xml", &len);
  nl_load_opts opts = NL_LOAD_OPTS_INIT;
  nl_source src = {0};
  nl_sink sink = {0};
  nl_error err = NL_ERROR_INIT;
  src.data = data;
  src.len = len;
  src.name = "rss2.xml";
  src.opts = &opts;
  sink.fn = stop_first;
  sink.src = &src;
  NL_CHECK_INT_EQ(nl_load_feed(&src, &sink, &err), NL_EINTERRUPT,
                  "callback stops the load");
  NL_CHECK_INT_EQ(sink.emitted, 1, "after one article");
  nl_free(sink.stem);
  free(data);
}

/* Every allocation of ours failing in turn: ENOMEM or OK, never a crash
** or a leak (run under valgrind). */
static void test_oom(void) {
  long n;
  int ok = 0, nomem = 0, other = 0;
  for (n = 1; n < 400 && !ok; n++) {
    xt_result r;
    nl_alloc_fail_after(n, 1);
    xt_load(nl_load_feed, "feeds/rss2.xml", &r);
    nl_alloc_fail_after(0, 0);
    if (r.rc == NL_OK)
      ok = 1;
    else if (r.rc == NL_ENOMEM)
      nomem++;
    else
      other++;
    xt_free(&r);
  }
  NL_CHECK(ok, "load succeeds once allocations stop failing");
  NL_CHECK(nomem > 10, "earlier runs fail with ENOMEM (%d)", nomem);
  NL_CHECK_INT_EQ(other, 0, "and with nothing else");
}

int main(void) {
  test_rss2();
  test_rss1_latin1();
  test_atom();
  test_not_a_feed();
  test_interrupt();
  test_oom();
  return nl_test_done();
}
