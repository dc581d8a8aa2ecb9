/* Tests for the RSS/RDF/Atom loader (nl_feed.c) on tests/data/feeds. */
#include "newslua/nl_buf.h"
#include "nl_xml_internal.h"
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
  NL_CHECK_STR_EQ(a->source, "Example Times", "source stays the channel");
  NL_CHECK_STR_EQ(xt_meta(a, "item_source", 0), "Example Wire",
                  "item <source> kept as metadata");
  a = r.a[2];
  NL_CHECK(a->published == NULL, "unreadable date not set");
  NL_CHECK(xt_warned(a, "someday soon"), "unreadable date warned, quoted");
  NL_CHECK(xt_warned(a, "feeds/rss2.xml"), "warning names the file");
  NL_CHECK_STR_EQ(a->body, "Plain text body.", "media:group description");
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

static void test_html_title(void) {
  xt_result r;
  const char *x = "<rss><channel><item><title>It&amp;#8217;s &lt;b&gt;bold"
                  "&lt;/b&gt; &amp; AT&amp;T &lt; 5</title></item></channel>"
                  "</rss>";
  xt_load_buf(nl_load_feed, x, strlen(x), "t.rss", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "loads");
  if (r.n == 1)
    NL_CHECK_STR_EQ(r.a[0]->title, "It\xe2\x80\x99s bold & AT&T < 5",
                    "escaped HTML in a title reduced to its text");
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

/* A feed of `n` items built in memory (over NL_XML_STREAM_MIN for big n).
** Atom if `atom`. */
static char *big_feed(int n, int atom, size_t *len) {
  nl_buf b = NL_BUF_INIT;
  int i;
  if (atom)
    nl_buf_puts(&b, "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3."
                    "org/2005/Atom\" xml:lang=\"en\"><title>Big Atom</title>"
                    "<author><name>Feed Writer</name></author>\n");
  else
    nl_buf_puts(&b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
                    "<title>Big Feed</title><language>en</language>"
                    "<image><title>Not the channel title</title></image>\n");
  for (i = 1; i <= n; i++) {
    if (atom)
      nl_buf_printf(&b,
                    "<entry><title>Item %d</title><id>g%d</id><updated>"
                    "2022-01-21T10:00:00Z</updated><summary>Body of item %d, "
                    "with some words to make it longer than it needs to be."
                    "</summary></entry>\n",
                    i, i, i);
    else
      nl_buf_printf(&b,
                    "<item><title>Item %d</title><guid>g%d</guid><pubDate>Fri"
                    ", 21 Jan 2022 10:00:00 GMT</pubDate><description>Body of "
                    "item %d, with some words to make it longer than it needs "
                    "to be.</description></item>\n",
                    i, i, i);
  }
  nl_buf_puts(&b, atom ? "</feed>\n" : "</channel></rss>\n");
  *len = b.len;
  return nl_buf_detach(&b, NULL);
}

static void test_stream_big(void) {
  xt_result r;
  size_t len;
  char *x = big_feed(25000, 0, &len);
  const nl_article *last;
  NL_CHECK(x && len >= NL_XML_STREAM_MIN, "big feed is streamed (%zu)", len);
  if (!x) return;
  xt_load_buf(nl_load_feed, x, len, "big.rss", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "big feed loads");
  NL_CHECK_INT_EQ(r.total, 25000, "every item");
  if (r.n == XT_MAX) {
    NL_CHECK_STR_EQ(r.a[0]->title, "Item 1", "first item");
    NL_CHECK_STR_EQ(r.a[0]->source, "Big Feed", "channel title, not image's");
    NL_CHECK_STR_EQ(r.a[0]->language, "en", "channel language");
    NL_CHECK_STR_EQ(r.a[0]->published, "2022-01-21T10:00", "date");
    last = r.a[XT_MAX - 1];
    NL_CHECK_STR_EQ(last->title, "Item 25000", "last item");
    NL_CHECK_STR_EQ(last->item_key, "g25000", "last guid");
    NL_CHECK_STR_EQ(last->body,
                    "Body of item 25000, with some words to make it longer "
                    "than it needs to be.",
                    "last body");
    NL_CHECK_INT_EQ(last->n_warnings, 0, "no warnings");
  }
  xt_free(&r);
  /* Cut inside item 24001's description: 24000 items streamed, then the
  ** cut one recovered from the DOM, with a warning; nothing twice. */
  {
    char *cut = strstr(x, "<title>Item 24001</title>");
    cut = cut ? strstr(cut, "Body of") : NULL;
    if (cut) {
      size_t cut_len = (size_t)(cut - x) + 7;
      NL_CHECK(cut_len >= NL_XML_STREAM_MIN, "cut feed still streamed");
      xt_load_buf(nl_load_feed, x, cut_len, "cut.rss", &r);
      NL_CHECK_INT_EQ(r.rc, NL_OK, "truncated big feed: OK");
      NL_CHECK_INT_EQ(r.total, 24001, "24000 streamed + the cut one");
      if (r.n == XT_MAX) {
        last = r.a[XT_MAX - 1];
        NL_CHECK_STR_EQ(last->title, "Item 24001", "the cut item comes last");
        NL_CHECK_STR_EQ(last->body, "Body of", "with its partial text");
        NL_CHECK(xt_warned(last, "read in recovery mode"), "warned");
        NL_CHECK_STR_EQ(last->source, "Big Feed", "channel kept");
        NL_CHECK_INT_EQ(r.a[0]->n_warnings, 0, "streamed items unwarned");
      }
      xt_free(&r);
    }
  }
  nl_free(x);
}

/* Undeclared, UTF-8 for the first megabytes, then a Windows-1252 byte:
** the stream (which guesses from the first MiB) stops there and the DOM
** pass, which sees every byte, reads the rest as Windows-1252. */
static void test_stream_late_cp1252(void) {
  xt_result r;
  size_t len;
  char *x = big_feed(25000, 0, &len);
  char *t = x ? strstr(x, "<title>Item 24001</title>") : NULL;
  if (!t) {
    nl_free(x);
    return;
  }
  memcpy(t + 7, "Caf\xe9 24001", 10);
  xt_load_buf(nl_load_feed, x, len, "late.rss", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "loads");
  NL_CHECK_INT_EQ(r.total, 25000, "every item, none twice");
  if (r.n == XT_MAX) {
    NL_CHECK_INT_EQ(r.a[0]->n_warnings, 0, "streamed items: no warning");
    NL_CHECK_STR_EQ(r.a[XT_MAX - 1]->title, "Item 25000", "last item");
    NL_CHECK(xt_warned(r.a[XT_MAX - 1], "read as Windows-1252"),
             "DOM-read items say how they were decoded");
  }
  xt_free(&r);
  nl_free(x);
}

static void test_stream_atom(void) {
  xt_result r;
  size_t len;
  char *x = big_feed(25000, 1, &len);
  if (!x) return;
  xt_load_buf(nl_load_feed, x, len, "big.atom", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "big atom loads");
  NL_CHECK_INT_EQ(r.total, 25000, "every entry");
  if (r.n == XT_MAX) {
    NL_CHECK_STR_EQ(r.a[0]->author, "Feed Writer", "feed author inherited");
    NL_CHECK_STR_EQ(r.a[0]->language, "en", "xml:lang");
    NL_CHECK_STR_EQ(r.a[0]->source, "Big Atom", "feed title");
    NL_CHECK_STR_EQ(r.a[XT_MAX - 1]->title, "Item 25000", "last entry");
  }
  xt_free(&r);
  /* A big document that is not a feed. */
  memcpy(strstr(x, "<feed"), "<html", 5);
  memcpy(x + len - 8, "</html>", 7);
  xt_load_buf(nl_load_feed, x, len, "big.html", &r);
  NL_CHECK_INT_EQ(r.rc, NL_EPARSE, "big non-feed refused");
  NL_CHECK(strstr(r.err.msg, "big.html") && strstr(r.err.msg, "<html>"),
           "message: %s", r.err.msg);
  NL_CHECK_INT_EQ(r.total, 0, "nothing emitted");
  xt_free(&r);
  nl_free(x);
}

int main(void) {
  test_rss2();
  test_rss1_latin1();
  test_atom();
  test_html_title();
  test_not_a_feed();
  test_interrupt();
  test_oom();
  test_stream_big();
  test_stream_late_cp1252();
  test_stream_atom();
  return nl_test_done();
}
