/* Tests for the JSON / JSON Lines loader (nl_json_load.c) on the fixtures
** in tests/data/json. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nl_url.h"
#include "harness.h"
#include "newslua/nl_load.h"

typedef struct all {
  nl_article *a[8];
  size_t n;
  char msg[NL_ERROR_MSG_MAX];
  nl_status st;
} all;

static int keep(void *ctx, nl_article *a) {
  all *x = ctx;
  if (x->n < 8)
    x->a[x->n++] = a;
  else
    nl_article_free(a);
  return 0;
}

static void report(void *ctx, const nl_file_report *r) {
  all *x = ctx;
  x->st = r->status;
  snprintf(x->msg, sizeof x->msg, "%s", r->message ? r->message : "");
}

static void clear(all *x) {
  size_t i;
  for (i = 0; i < x->n; i++)
    nl_article_free(x->a[i]);
  memset(x, 0, sizeof *x);
}

static const char *str(const char *s) {
  return s ? s : "(null)";
}

static void test_jsonl(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  nl_article *a;
  memset(&x, 0, sizeof x);
  NL_CHECK(nl_load_path(NL_TEST_DATA "/json/np.jsonl", NULL, keep, report, &x,
                        &err) == NL_OK,
           "bad lines are not fatal: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 3, "three good objects");
  NL_CHECK_INT_EQ(x.st, NL_OK, "file status OK");
  NL_CHECK(strstr(x.msg, "np.jsonl: 2 problems: line 2 (byte 428): json: "
                         "trailing comma at byte 37; line 4 (byte 431): json: "
                         "not an object") != NULL,
           "problems named by line: %s", x.msg);
  if (x.n < 3) return;
  a = x.a[0];
  NL_CHECK_STR_EQ(a->id, "np#abc123", "id from dId");
  NL_CHECK_STR_EQ(a->format, "jsonl", "format");
  NL_CHECK_STR_EQ(str(a->title), "Germany: Rhine cruise ship hits bridge pylon",
                  "title");
  NL_CHECK_STR_EQ(a->body,
                  "The accident happened late Tuesday on the Rhine.\n\n"
                  "There were 129 people on board.",
                  "text split on newlines");
  NL_CHECK_STR_EQ(str(a->published), "2017-12-30", "midnight -> the day");
  NL_CHECK_STR_EQ(str(a->published_evidence),
                  "field date_publish '2017-12-30T00:00:00'", "evidence");
  NL_CHECK_STR_EQ(str(a->author), "Deutsche Welle, Carsten Gr\xc3\xbcn",
                  "authors joined, \\u00fc decoded");
  NL_CHECK_STR_EQ(str(a->source), "www.dw.com", "source_domain");
  NL_CHECK_STR_EQ(str(a->language), "en", "language");
  NL_CHECK_STR_EQ(str(a->url), "http://www.dw.com/en/a-41939790", "url");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "description")),
                  "A cruiser hit a pylon.", "description");
  a = x.a[1];
  /* a keyless record is named by its line (5: after a bad line, a blank
  ** one and an array), not by its place among the good ones (2) */
  NL_CHECK_STR_EQ(a->id, "np#5", "id by line");
  NL_CHECK_STR_EQ(str(a->title), "Common shape", "headline");
  NL_CHECK_STR_EQ(a->body, "One paragraph.", "body");
  NL_CHECK_STR_EQ(str(a->published), "2021-09-07T02:47:57",
                  "RFC 822 date, local clock");
  NL_CHECK_STR_EQ(str(a->source), "Example News", "source {name}");
  NL_CHECK_STR_EQ(str(a->author), "Jane Roe", "author");
  NL_CHECK_STR_EQ(str(a->url), "https://example.org/a", "link");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "category")), "politics", "tags");
  a = x.a[2];
  NL_CHECK_STR_EQ(a->body, "Only a description.", "description as body");
  NL_CHECK(a->published == NULL, "bad date not set");
  NL_CHECK_INT_EQ(a->n_warnings, 2, "two warnings");
  if (a->n_warnings == 2) {
    NL_CHECK(strstr(a->warnings[0], "np.jsonl:6: no body field") != NULL,
             "no body warning: %s", a->warnings[0]);
    NL_CHECK(strstr(a->warnings[1], "unreadable date in field date "
                                    "'sometime soon'") != NULL,
             "bad date warning: %s", a->warnings[1]);
  }
  clear(&x);
}

static void test_json(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  memset(&x, 0, sizeof x);
  NL_CHECK(nl_load_path(NL_TEST_DATA "/json/one.json", NULL, keep, report, &x,
                        &err) == NL_OK,
           "one object");
  NL_CHECK_INT_EQ(x.n, 1, "one article");
  if (x.n) {
    NL_CHECK_STR_EQ(x.a[0]->id, "one", "single-object id is the stem");
    NL_CHECK_STR_EQ(x.a[0]->body, "First paragraph.\n\nSecond paragraph.",
                    "maintext");
    NL_CHECK_STR_EQ(str(x.a[0]->published), "2016-05-02T14:05", "date");
  }
  clear(&x);
  NL_CHECK(nl_load_path(NL_TEST_DATA "/json/array.json", NULL, keep, report, &x,
                        &err) == NL_OK,
           "array");
  NL_CHECK_INT_EQ(x.n, 2, "two objects, one non-object skipped");
  if (x.n == 2) {
    NL_CHECK_STR_EQ(x.a[0]->id, "array#a1", "array ids are multi");
    NL_CHECK_STR_EQ(x.a[1]->id, "array#2", "second id");
    NL_CHECK_STR_EQ(str(x.a[1]->published), "2022-01-26", "pubDate prose");
  }
  NL_CHECK(strstr(x.msg, "element 2 (byte 84) is not an object") != NULL,
           "note: %s", x.msg);
  clear(&x);
  NL_CHECK(nl_load_path(NL_TEST_DATA "/json/bad.json", NULL, keep, report, &x,
                        &err) == NL_EPARSE,
           "malformed JSON is an error");
  NL_CHECK(strstr(err.msg,
                  "bad.json:1: json: unterminated string at byte 25") != NULL,
           "message: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 0, "no article");
  clear(&x);
}

static void test_feed(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  memset(&x, 0, sizeof x);
  NL_CHECK(nl_load_path(NL_TEST_DATA "/json/feed.json", NULL, keep, report, &x,
                        &err) == NL_OK,
           "JSON Feed: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 2, "two items, the feed itself is no article");
  if (x.n == 2) {
    NL_CHECK_STR_EQ(x.a[0]->id, "feed#https://example.org/2", "item id");
    NL_CHECK_STR_EQ(str(x.a[0]->title), "HTML item", "item title");
    NL_CHECK_STR_EQ(x.a[0]->body, "First para.\n\nSecond para.",
                    "content_html through the HTML extractor");
    NL_CHECK_STR_EQ(str(x.a[0]->published), "2017-06-02T22:05:47",
                    "date_published, local clock");
    NL_CHECK_STR_EQ(str(x.a[0]->author), "Ann Lee, Bo Kim", "authors names");
    NL_CHECK_STR_EQ(x.a[1]->id, "feed#3", "second id");
    NL_CHECK_STR_EQ(x.a[1]->body, "Plain text.", "content_text");
    NL_CHECK_STR_EQ(str(x.a[1]->author), "Cy Young", "author {name}");
    NL_CHECK_STR_EQ(str(x.a[0]->source), "Example weblog",
                    "the feed's title is the items' source");
    NL_CHECK_STR_EQ(str(x.a[1]->source), "Example weblog", "second source");
  }
  NL_CHECK(strstr(x.msg, "item 2 (byte") != NULL, "non-object item noted: %s",
           x.msg);
  clear(&x);
  /* the title after the items (JSON keeps no member order) */
  NL_CHECK(nl_load_path(NL_TEST_DATA "/json/feed_title_last.json", NULL, keep,
                        report, &x, &err) == NL_OK,
           "JSON Feed, title last: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 2, "two items");
  if (x.n == 2) {
    NL_CHECK_STR_EQ(str(x.a[0]->title), "First", "the item's own title");
    NL_CHECK_STR_EQ(str(x.a[0]->source), "Late Weblog",
                    "a title after the items, cleaned as a channel title");
    NL_CHECK_STR_EQ(str(x.a[1]->source), "Wire Service",
                    "an item's own source stays");
  }
  clear(&x);
  /* an array of articles is no feed: no source made up */
  NL_CHECK(nl_load_path(NL_TEST_DATA "/json/array.json", NULL, keep, report, &x,
                        &err) == NL_OK,
           "array");
  NL_CHECK(x.n == 2 && !x.a[0]->source && !x.a[1]->source,
           "array elements have no source");
  clear(&x);
}

typedef struct counter {
  size_t n;
  char last[64];
} counter;

static int count(void *ctx, nl_article *a) {
  counter *c = ctx;
  c->n++;
  snprintf(c->last, sizeof c->last, "%s", a->title ? a->title : "");
  nl_article_free(a);
  return 0;
}

static void test_large(void) {
  /* 21 MB of JSON Lines from a file mapping: the loader gives pages back
  ** as it goes (nl_sink_release); every line must still load right.  Few
  ** long lines, padded with a field the loader skips, keep it quick under
  ** valgrind. */
  char path[] = "/tmp/nl_jsonl_testXXXXXX", words[5121];
  int fd = mkstemp(path);
  FILE *f;
  size_t i, lines = 4000;
  counter c;
  nl_error err = NL_ERROR_INIT;
  if (fd < 0) {
    NL_CHECK(0, "mkstemp");
    return;
  }
  for (i = 0; i < 5120; i++)
    words[i] = "plain words "[i % 12];
  words[5120] = '\0';
  f = fdopen(fd, "w");
  for (i = 0; i < lines; i++)
    fprintf(f,
            "{\"title\": \"Story %zu\", \"text\": \"Short.\", \"pad\": "
            "\"%s\"}\n",
            i + 1, words);
  fclose(f);
  memset(&c, 0, sizeof c);
  NL_CHECK(nl_load_file(path, NULL, count, &c, &err) == NL_OK, "large: %s",
           err.msg);
  NL_CHECK_INT_EQ(c.n, lines, "every line loaded");
  NL_CHECK_STR_EQ(c.last, "Story 4000", "last line intact");
  remove(path);
}

static void test_edge(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  const char *lines = "not json\n{\"x\": }\n";
  const char *num = "42";
  memset(&x, 0, sizeof x);
  o.format = NL_FORMAT_JSONL;
  NL_CHECK(nl_load_buffer(lines, strlen(lines), "all-bad.jsonl", &o, keep, &x,
                          &err) == NL_EPARSE,
           "all lines bad -> error");
  NL_CHECK(strstr(err.msg, "all-bad.jsonl: no valid JSON line (2 bad; first: "
                           "json: unexpected character at byte 0)") != NULL,
           "message: %s", err.msg);
  {
    /* 1643241600 = 2022-01-27T00:00:00Z; 951782400123 ms = 2000-02-29
    ** 00:00:00.123Z (a leap day). */
    const char *ep =
        "{\"title\": \"E\", \"text\": \"x\", \"date\": 1643241645}\n"
        "{\"title\": \"F\", \"text\": \"y\", \"date\": "
        "\"951782400123\"}\n";
    NL_CHECK(nl_load_buffer(ep, strlen(ep), "ep.jsonl", &o, keep, &x, &err) ==
                 NL_OK,
             "epoch dates");
    if (x.n == 2) {
      NL_CHECK_STR_EQ(str(x.a[0]->published), "2022-01-27T00:00:45",
                      "Unix seconds");
      NL_CHECK_STR_EQ(str(x.a[0]->published_evidence),
                      "field date 1643241645 (Unix time, UTC)", "evidence");
      NL_CHECK_STR_EQ(str(x.a[1]->published), "2000-02-29T00:00",
                      "Unix milliseconds");
    }
    clear(&x);
  }
  o.format = NL_FORMAT_JSON;
  NL_CHECK(nl_load_buffer(num, 2, "n.json", &o, keep, &x, &err) == NL_EPARSE,
           "scalar top level");
  NL_CHECK(strstr(err.msg, "top level is not an object or an array") != NULL,
           "scalar message: %s", err.msg);
  clear(&x);
}

/* A record with no title, body, description or URL is no article: a JSON
** file of other data (html-dev's ground-truth.json, its pages' bodies keyed
** by hash) was stored as one untitled, empty article.  A whole document
** fails naming why; a line or an array element is dropped with a note. */
static void test_no_article_fields(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  const char *doc = "{\n \"042bb7\": {\"articleBody\": \"Gaming...\"},\n"
                    " \"09ff1c\": {\"articleBody\": \"Talks...\"}\n}\n";
  const char *lines = "{\"title\": \"One\", \"text\": \"Talks.\"}\n"
                      "{\"stats\": {\"n\": 2}}\n"
                      "{\"url\": \"https://example.com/a\"}\n";
  const char *arr = "[{\"title\": \"A\"}, {\"n\": 1}, {\"text\": \"B.\"}]";
  char path[] = "/tmp/nl_json_noneXXXXXX";
  int fd;
  FILE *f;
  memset(&x, 0, sizeof x);
  o.format = NL_FORMAT_JSON;
  NL_CHECK(nl_load_buffer(doc, strlen(doc), "ground-truth.json", &o, keep, &x,
                          &err) == NL_EPARSE && x.n == 0,
           "a document of other data is no article");
  NL_CHECK(strstr(err.msg, "ground-truth.json:4: no article fields (a title, "
                           "a text or body, a description or a URL)") != NULL,
           "named: %s", err.msg);
  clear(&x);
  NL_CHECK(nl_load_buffer(arr, strlen(arr), "arr.json", &o, keep, &x, &err) ==
                   NL_OK && x.n == 2,
           "array: the empty element dropped, the two others kept (%zu)", x.n);
  clear(&x);
  fd = mkstemp(path);
  NL_CHECK(fd >= 0, "temp file");
  if (fd < 0) return;
  f = fdopen(fd, "w");
  fputs(lines, f);
  fclose(f);
  o.format = NL_FORMAT_JSONL;
  NL_CHECK(nl_load_path(path, &o, keep, report, &x, &err) == NL_OK, "lines: %s",
           err.msg);
  NL_CHECK_INT_EQ((long long)x.n, 2, "the title-and-text line and the URL");
  NL_CHECK(strstr(x.msg, ": 1 problem: line 2: no article fields") != NULL,
           "line 2 noted, as a bad line is (the path once): %s", x.msg);
  clear(&x);
  /* no line an article: the file fails as a document of other data does
  ** (it loaded "OK" with 0 articles and two notes) */
  f = fopen(path, "w");
  fputs("{\"stats\": {\"n\": 2}}\n\n{\"id\": 7}\n", f);
  fclose(f);
  NL_CHECK(nl_load_path(path, &o, keep, report, &x, &err) == NL_EPARSE &&
               x.n == 0,
           "no article line: EPARSE");
  NL_CHECK(strstr(err.msg, ": no line has article fields (2 lines; a title, a "
                           "text or body, a description or a URL)") != NULL,
           "named: %s", err.msg);
  clear(&x);
  unlink(path);
}

/* news-please's two schemas name one outlet as a slug ("publisher") or a
** domain ("source_domain"): a one-word lower-case source that is a label
** of the URL's host becomes the host; others stay as written. */
static void test_publisher_slug(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  const char *lines =
      "{\"text\": \"a\", \"publisher\": \"dailymail\", \"url\": "
      "\"http://www.DailyMail.co.uk/news/article-1.html\"}\n"
      "{\"text\": \"b\", \"publisher\": \"cnn\", \"url\": "
      "\"https://edition.cnn.com:443/2016/11/09\"}\n"
      "{\"text\": \"c\", \"publisher\": \"Reuters\", \"url\": "
      "\"https://www.reuters.com/x\"}\n"
      "{\"text\": \"d\", \"publisher\": \"mail\", \"url\": "
      "\"http://www.dailymail.co.uk/x\"}\n"
      "{\"text\": \"e\", \"publisher\": \"bbc\"}\n"
      "{\"text\": \"f\", \"source_domain\": \"www.rt.com\", \"url\": "
      "\"https://www.rt.com/news/1\"}\n";
  memset(&x, 0, sizeof x);
  o.format = NL_FORMAT_JSONL;
  NL_CHECK(nl_load_buffer(lines, strlen(lines), "np.jsonl", &o, keep, &x,
                          &err) == NL_OK,
           "load: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 6, "six articles");
  if (x.n == 6) {
    NL_CHECK_STR_EQ(str(x.a[0]->source), "www.dailymail.co.uk",
                    "slug -> the URL's host, lower-cased");
    NL_CHECK_STR_EQ(str(nl_article_meta(x.a[0], "publisher")), "dailymail",
                    "the slug kept in meta");
    NL_CHECK_STR_EQ(str(x.a[1]->source), "edition.cnn.com",
                    "a label other than the first; the port dropped");
    NL_CHECK_STR_EQ(str(x.a[2]->source), "Reuters", "a name stays");
    NL_CHECK_STR_EQ(str(x.a[3]->source), "mail",
                    "a word that is no whole label stays");
    NL_CHECK_STR_EQ(str(x.a[4]->source), "bbc", "no URL: stays");
    NL_CHECK(nl_article_meta(x.a[4], "publisher") == NULL, "nothing kept");
    NL_CHECK_STR_EQ(str(x.a[5]->source), "www.rt.com", "a domain stays");
  }
  clear(&x);
}

/* The host the loaders name an outlet by (nl_url.h). */
static void test_url_host(void) {
  char h[64];
  NL_CHECK_INT_EQ(nl_url_host("https://www.Example.co.uk/a/b", h, sizeof h, 0),
                  17, "host length");
  NL_CHECK_STR_EQ(h, "www.example.co.uk", "lower-cased, www kept");
  nl_url_host("https://www2.example.com:8080/x?y", h, sizeof h, 1);
  NL_CHECK_STR_EQ(h, "example.com", "www2 and the port left out");
  nl_url_host("http://user:pw@news.example.org#top", h, sizeof h, 1);
  NL_CHECK_STR_EQ(h, "news.example.org", "user info left out");
  nl_url_host("http://www.com/", h, sizeof h, 1);
  NL_CHECK_STR_EQ(h, "www.com", "www kept when nothing dotted is left");
  NL_CHECK_INT_EQ(nl_url_host("http://localhost/x", h, sizeof h, 1), 0,
                  "a host without a dot");
  NL_CHECK_INT_EQ(nl_url_host("//example.com/x", h, sizeof h, 1), 0,
                  "no scheme");
  NL_CHECK_INT_EQ(nl_url_host("ht-tp://example.com/", h, sizeof h, 1), 0,
                  "a scheme of letters only");
  NL_CHECK_INT_EQ(nl_url_host("see http://example.com", h, sizeof h, 1), 0,
                  "prose before the scheme");
  NL_CHECK_INT_EQ(nl_url_host("https://example.com", h, 8, 1), 0,
                  "a host that does not fit");
  NL_CHECK_INT_EQ(nl_url_host(NULL, h, sizeof h, 1), 0, "NULL");
}

/* "kind y-m-d" of nl_url_date(url) ("none" for none), into out. */
static const char *url_date(const char *url, char *out, size_t n) {
  int y = 0, m = 0, d = 0, k = nl_url_date(url, &y, &m, &d, NULL, NULL);
  if (k == NL_URL_NODATE)
    snprintf(out, n, "none");
  else
    snprintf(out, n, "%s %04d-%02d-%02d", k == NL_URL_DAY ? "day" : "month",
             y, m, d);
  return out;
}

/* The date an address's path names (nl_url.h): the forms found in the
** news-please and html-dev data, and ids and numbers that are none. */
static void test_url_date(void) {
  static const char *const cases[][2] = {
      {"https://www.npr.org/sections/parallels/2016/01/05/462059765/mass",
       "day 2016-01-05"},
      {"https://www.theverge.com/circuitbreaker/2018/2/5/16973286/pixel",
       "day 2018-02-05"},
      {"https://www.theguardian.com/world/2016/nov/10/taliban-attack",
       "day 2016-11-10"},
      {"http://usa.chinadaily.com.cn/world/2017-10/03/content_32788252.htm",
       "day 2017-10-03"},
      {"http://usa.chinadaily.com.cn/a/201801/02/WS5a4af1f1a31008cf.html",
       "day 2018-01-02"},
      {"https://www.bloomberg.com/news/articles/2017-11-14/how-much",
       "day 2017-11-14"},
      {"https://www.latimes.com/business/story/2019-11-19/disney-plus",
       "day 2019-11-19"},
      {"http://example.com/news/20160105/story", "day 2016-01-05"},
      {"http://example.com/story?id=7&date=2016-01-05#top", "day 2016-01-05"},
      {"http://example.com/story?DATE=20160105", "day 2016-01-05"},
      {"https://www.linknaija.com/2018/10/nollywood-actress.html",
       "month 2018-10-00"},
      {"https://dealbreaker.com/2019/11/opening-bell-11-18-19",
       "month 2019-11-00"},
      /* a year segment before the date (usatoday) */
      {"http://www.usatoday.com/story/elections/2016/2016/11/06/fbi/93/",
       "day 2016-11-06"},
      /* ids, numbers and glued dates are none */
      {"https://sputniknews.com/science/201712311060451579-china-moon/",
       "none"},
      {"https://www.aljazeera.com/ajimpact/moon-shot-191119041538885.html",
       "none"},
      {"https://www.morebikes.co.uk/7908/bike-style-book/", "none"},
      {"http://www.businessinsider.com/avengers-trailer-2018-2?IR=T", "none"},
      {"https://www.rt.com/op-edge/338388-putin-western-media-leaks/", "none"},
      {"http://example.com/2016/13/05/x", "none"},
      {"http://example.com/2016/02/30/x", "none"},
      {"http://example.com/1989/01/05/x", "none"},
      {"http://example.com/2016/1/slug", "none"},
      {"http://example.com/a/12345678/b", "none"},
      {"http://example.com/x?id=20160105", "none"},
      /* two different dates: none */
      {"http://example.com/2016/01/05/x?date=2016-01-06", "none"},
      {"http://example.com/2016/01/05/x?date=2016-01-05", "day 2016-01-05"},
      /* the host is no path */
      {"http://2016.example.com/x", "none"},
      {"//example.com/2016/01/05/x", "none"},
      {NULL, "none"}};
  char got[32];
  size_t i, at = 0, len = 0;
  int y, m, d;
  for (i = 0; i < sizeof cases / sizeof *cases; i++)
    NL_CHECK_STR_EQ(url_date(cases[i][0], got, sizeof got), cases[i][1],
                    cases[i][0] ? cases[i][0] : "NULL");
  NL_CHECK_INT_EQ(nl_url_date("https://x.org/a/2016/01/05/b", &y, &m, &d, &at,
                              &len),
                  NL_URL_DAY, "where: found");
  NL_CHECK_INT_EQ((int)at, 16, "where: at");
  NL_CHECK_INT_EQ((int)len, 10, "where: len");
}

int main(void) {
  test_url_host();
  test_url_date();
  test_jsonl();
  test_json();
  test_feed();
  test_large();
  test_edge();
  test_no_article_fields();
  test_publisher_slug();
  return nl_test_done();
}
