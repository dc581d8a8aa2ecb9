/* Tests for the HTML loader (nl_html*.c) and nl_html_fragment_to_article. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "newslua/nl_article.h"
#include "newslua/nl_html.h"
#include "newslua/nl_load.h"
#include "newslua/nl_utf8.h"
#include "nl_alloc.h"
#include "nl_loader_internal.h"

/* ---- helpers ---- */

static char *read_fixture(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "%s/html/%s", NL_TEST_DATA, name);
  return nl_test_read_file(path, len);
}

typedef struct got {
  nl_article *a;
  int count;
} got;

static int keep(void *ctx, nl_article *a) {
  got *g = ctx;
  g->count++;
  if (g->a) nl_article_free(g->a);
  g->a = a;
  return 0;
}

/* Run the HTML loader on data[0..len); the article (if any) in g->a. */
static nl_status load(const char *data, size_t len, const char *name, got *g,
                      nl_error *err) {
  nl_load_opts opts = NL_LOAD_OPTS_INIT;
  nl_source src;
  nl_sink sink;
  memset(&src, 0, sizeof src);
  memset(&sink, 0, sizeof sink);
  src.data = data;
  src.len = len;
  src.name = name;
  src.opts = &opts;
  src.format = NL_FORMAT_HTML;
  sink.fn = keep;
  sink.ctx = g;
  sink.src = &src;
  nl_status rc;
  g->a = NULL;
  g->count = 0;
  rc = nl_load_html(&src, &sink, err);
  nl_free(sink.stem); /* the driver's part of the sink */
  return rc;
}

static nl_status load_fixture(const char *name, got *g, nl_error *err) {
  size_t len = 0;
  char *data = read_fixture(name, &len);
  nl_status rc;
  if (!data) return nl_error_set(err, NL_ENOTFOUND, "%s: missing", name);
  rc = load(data, len, name, g, err);
  free(data);
  return rc;
}

static int has(const char *hay, const char *needle) {
  return hay && strstr(hay, needle) != NULL;
}

/* ---- pages ---- */

static void test_boilerplate_page(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  nl_article *a;
  NL_CHECK(load_fixture("article.html", &g, &err) == NL_OK, "article.html: %s",
           err.msg);
  NL_CHECK_INT_EQ(g.count, 1, "one article");
  a = g.a;
  if (!a) return;
  NL_CHECK_STR_EQ(a->title, "Harbour bridge reopens after repairs", "og:title");
  NL_CHECK_STR_EQ(a->published, "2021-03-04T09:15",
                  "article:published_time, clock as written");
  NL_CHECK_INT_EQ(a->published_source, NL_PUB_METADATA, "date is metadata");
  NL_CHECK(has(a->published_evidence, "article:published_time"),
           "evidence names the tag: %s", a->published_evidence);
  NL_CHECK_STR_EQ(a->author, "Jane Doe", "meta author");
  NL_CHECK_STR_EQ(a->url, "https://example.com/news/bridge-reopens",
                  "canonical link");
  NL_CHECK_STR_EQ(a->source, "The Daily Example", "og:site_name");
  NL_CHECK_STR_EQ(a->language, "en-GB", "html lang");
  /* 4 paragraphs + the h2 subheading, in order. */
  NL_CHECK_INT_EQ(a->n_paragraphs, 5, "4 paragraphs and a subheading");
  NL_CHECK(a->n_paragraphs > 0 &&
               strncmp(a->body, "The harbour bridge reopened", 27) == 0,
           "body starts with the first paragraph");
  NL_CHECK(has(a->body, "\n\nTraffic returns\n\nCommuters"), "h2 kept");
  NL_CHECK(has(a->body, "Council leader Tom Reed said the repairs"),
           "hover card left out, the name kept");
  NL_CHECK(has(a->body, "\xc2\xa3"
                        "4.2 million"),
           "&pound; decoded");
  NL_CHECK(has(a->body, "caf\xc3\xa9 near"), "&eacute; decoded");
  NL_CHECK(has(a->body, "\xe2\x80\x9cIt has been a long winter,\xe2\x80\x9d"),
           "curly quotes decoded");
  NL_CHECK(!has(a->body, "cookies"), "cookie banner left out");
  NL_CHECK(!has(a->body, "Sport"), "nav left out");
  NL_CHECK(!has(a->body, "Share on"), "share bar left out");
  NL_CHECK(!has(a->body, "By Jane Doe"), "byline left out");
  NL_CHECK(!has(a->body, "Advertisement"), "ad label left out");
  NL_CHECK(!has(a->body, "caption text"), "figure caption left out");
  NL_CHECK(!has(a->body, "Ferry timetable"), "related links left out");
  NL_CHECK(!has(a->body, "long enough"), "comments left out");
  NL_CHECK(!has(a->body, "newsletter"), "newsletter box left out");
  NL_CHECK(!has(a->body, "Like this story"), "call to action left out");
  NL_CHECK(!has(a->body, "Copyright"), "footer left out");
  NL_CHECK(!has(a->body, "tracking"), "script left out");
  NL_CHECK(!has(a->body, "Harbour bridge reopens"), "h1 title not in body");
  NL_CHECK_INT_EQ(a->n_warnings, 0, "no warnings");
  nl_article_free(a);
}

static void test_jsonld(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  nl_article *a;
  NL_CHECK(load_fixture("jsonld.html", &g, &err) == NL_OK, "jsonld.html: %s",
           err.msg);
  a = g.a;
  if (!a) return;
  /* The NewsArticle's date, not the WebPage's listed before it. */
  NL_CHECK_STR_EQ(a->published, "2020-11-19T06:30", "NewsArticle in @graph");
  NL_CHECK(has(a->published_evidence, "JSON-LD"), "evidence: %s",
           a->published_evidence);
  NL_CHECK_STR_EQ(a->author, "Sam Lee, Ana Ruiz", "author array names");
  NL_CHECK_STR_EQ(a->source, "Coast News Group", "publisher.name");
  NL_CHECK_STR_EQ(a->title, "Storm closes schools", "headline");
  NL_CHECK_STR_EQ(a->url, "https://coast.example/storm", "JSON-LD url");
  NL_CHECK_INT_EQ(a->n_paragraphs, 2, "two paragraphs");
  nl_article_free(a);
}

static void test_jsonld_body_fallback(void) {
  /* A page whose text is rendered by script: only JSON-LD has it. */
  const char *page =
      "<html><head><script type=\"application/ld+json\">"
      "{\"@type\": \"NewsArticle\", \"headline\": \"Dam plan approved\", "
      "\"articleBody\": \"The regional council approved the plan for a new "
      "dam on the upper river on Tuesday, after two years of hearings in which "
      "farmers, anglers and the water company all argued their case before "
      "the planning committee.\\n\\nThe dam will hold enough water for "
      "forty thousand homes, the water company said, and building work is "
      "due to start next spring if no appeal is lodged within the six weeks "
      "allowed by law. Opponents said they were still considering their "
      "options and would meet next week to decide whether to go to court, "
      "which could delay the project by a year or more.\"}"
      "</script></head><body><div id=\"root\">Loading...</div>"
      "<script>render()</script></body></html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(page, strlen(page), "app.html", &g, &err) == NL_OK,
           "script-rendered page loads: %s", err.msg);
  if (!g.a) return;
  NL_CHECK_INT_EQ(g.a->n_paragraphs, 2, "articleBody split on blank line");
  NL_CHECK(g.a->body && strncmp(g.a->body, "The regional council", 20) == 0,
           "body from articleBody");
  NL_CHECK(!has(g.a->body, "Loading"), "shell text not used");
  NL_CHECK(g.a->n_warnings == 1 && has(g.a->warnings[0], "JSON-LD"),
           "fallback reported");
  nl_article_free(g.a);
}

static void test_jsonld_hostile(void) {
  const char *escapes =
      "<html><head><script type=\"application/ld+json\">"
      "{\"@type\":\"Article\",\"author\":{\"name\":\"Ren\\u00e9 "
      "\\ud83d\\ude00\"},\"datePublished\":\"2020-01-02\"}</script>"
      "</head><body><p>x</p></body></html>";
  const char *broken =
      "<html><head><script type=\"application/ld+json\">"
      "{\"@type\":\"Article\",\"datePublished\":\"2020-01-02\", "
      "\"author\": [</script><meta name=\"dc.date\" content=\"2011-11-11\">"
      "</head><body><p>x</p></body></html>";
  char *deep = malloc(30000 + 256);
  size_t i, n = 0;
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(escapes, strlen(escapes), "e.html", &g, &err) == NL_OK,
           "escapes load");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->author, "Ren\xc3\xa9 \xf0\x9f\x98\x80",
                    "\\u escapes and surrogate pair decoded");
    nl_article_free(g.a);
  }
  NL_CHECK(load(broken, strlen(broken), "b.html", &g, &err) == NL_OK,
           "broken JSON-LD: page still loads");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->published, "2011-11-11",
                    "broken JSON-LD ignored, <meta> used");
    nl_article_free(g.a);
  }
  if (!deep) return;
  n += (size_t)sprintf(deep,
                       "<html><head><script type=\"application/ld+json\">");
  for (i = 0; i < 10000; i++)
    deep[n++] = '[';
  n +=
      (size_t)sprintf(deep + n, "</script></head><body><p>y</p></body></html>");
  NL_CHECK(load(deep, n, "d.html", &g, &err) == NL_OK,
           "10,000 nested JSON arrays: no crash");
  if (g.a) nl_article_free(g.a);
  free(deep);
}

static void test_other_dates(void) {
  static const char *const pages[][2] = {
      {"<html><head><meta name=\"parsely-pub-date\" "
       "content=\"2018-07-02T07:42:00Z\"></head><body><p>x</p></body></html>",
       "2018-07-02T07:42"},
      {"<html><body><div itemprop=\"datePublished\" content=\"2017-05-06\">"
       "</div><p>x</p></body></html>",
       "2017-05-06"},
      {"<html><body><p>Posted <time datetime=\"2016-02-29\">Monday</time>"
       "</p></body></html>",
       "2016-02-29"},
      {"<html><head><meta name=\"dc.date\" content=\"2015-12-31\"></head>"
       "<body><p>x</p></body></html>",
       "2015-12-31"},
      {"<html><head><meta name=\"date\" content=\"Tue, 19 Nov 2019 "
       "10:30:00 GMT\"></head><body><p>x</p></body></html>",
       "2019-11-19T10:30"},
      /* an impossible date is not taken */
      {"<html><head><meta property=\"article:published_time\" "
       "content=\"2021-02-30T10:00\"></head><body><p>x</p></body></html>",
       NULL}};
  size_t i;
  for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    got g;
    nl_error err = NL_ERROR_INIT;
    nl_status rc =
        load(pages[i][0], strlen(pages[i][0]), "date.html", &g, &err);
    NL_CHECK(rc == NL_OK, "date page %zu loads: %s", i, err.msg);
    if (!g.a) continue;
    if (pages[i][1])
      NL_CHECK_STR_EQ(g.a->published, pages[i][1], "date source");
    else
      NL_CHECK(g.a->published == NULL, "impossible date refused");
    nl_article_free(g.a);
  }
}

/* A publication-date field that holds no date is named in a warning, with
** its file and line, as the other loaders name theirs ("2021-13-45" was
** dropped without a word: the page was undated for no reason given); an
** empty field and the generic ones (a "date" meta, any <time>) are not. */
#define BODY                                                                \
  "<p>The council met on the river bank to weigh the plan for the new bridge, and after a long debate about its cost, its design and the years of work it would take, the members voted to put the question to the town in a poll that will be held next spring.</p>"
static void test_bad_date_warned(void) {
  static const char bad[] =
      "<html><head>\n<title>T</title>\n"
      "<meta property=\"article:published_time\" content=\"2021-13-45\">\n"
      "</head><body>" BODY "</body></html>";
  static const char fallback[] =
      "<html><head>\n"
      "<meta property=\"article:published_time\" content=\"soon\">\n"
      "<meta name=\"dc.date\" content=\"2015-12-31\">\n"
      "</head><body>" BODY "</body></html>";
  static const char ld[] =
      "<html><head>\n<script type=\"application/ld+json\">\n"
      "{\"@type\": \"NewsArticle\", \"datePublished\": \"yesterday\"}"
      "</script>\n</head><body>" BODY "</body></html>";
  static const char quiet[] =
      "<html><head><meta property=\"article:published_time\" content=\" \">"
      "<meta name=\"date\" content=\"n/a\"></head><body><p>Posted <time "
      "datetime=\"PT5M\">5 min</time></p>" BODY "</body></html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(bad, strlen(bad), "bad.html", &g, &err) == NL_OK && g.a,
           "bad date page loads: %s", err.msg);
  if (g.a) {
    NL_CHECK(g.a->published == NULL, "no date taken");
    NL_CHECK(g.a->n_warnings == 1 &&
                 has(g.a->warnings[0], "bad.html:3: unreadable date in meta "
                                       "article:published_time '2021-13-45'"),
             "bad date named: %s", g.a->n_warnings ? g.a->warnings[0] : "-");
    nl_article_free(g.a);
  }
  NL_CHECK(load(fallback, strlen(fallback), "fb.html", &g, &err) == NL_OK &&
               g.a, "fallback page loads: %s", err.msg);
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->published, "2015-12-31", "the next field's date");
    NL_CHECK(g.a->n_warnings == 1 &&
                 has(g.a->warnings[0], "fb.html:2: unreadable date in meta "
                                       "article:published_time 'soon'"),
             "bad first field named: %s",
             g.a->n_warnings ? g.a->warnings[0] : "-");
    nl_article_free(g.a);
  }
  NL_CHECK(load(ld, strlen(ld), "ld.html", &g, &err) == NL_OK && g.a,
           "JSON-LD page loads: %s", err.msg);
  if (g.a) {
    NL_CHECK(g.a->n_warnings == 1 &&
                 has(g.a->warnings[0], "ld.html:2: unreadable date in JSON-LD "
                                       "datePublished 'yesterday'"),
             "JSON-LD date named: %s", g.a->n_warnings ? g.a->warnings[0] : "-");
    nl_article_free(g.a);
  }
  NL_CHECK(load(quiet, strlen(quiet), "quiet.html", &g, &err) == NL_OK && g.a,
           "quiet page loads: %s", err.msg);
  if (g.a) {
    NL_CHECK(g.a->published == NULL && g.a->n_warnings == 0,
             "empty and generic fields: no warning (%s)",
             g.a->n_warnings ? g.a->warnings[0] : "-");
    nl_article_free(g.a);
  }
  /* the value is cut at a character, not a byte: 'x' and 40 CJK
  ** characters cut at 80 bytes left half a character in the warning */
  {
    static const char cjk[] =
        "<html><head>\n<meta property=\"article:published_time\" content=\"x"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"
        "\">\n</head><body>" BODY "</body></html>";
    NL_CHECK(load(cjk, strlen(cjk), "cjk.html", &g, &err) == NL_OK && g.a,
             "CJK date page loads: %s", err.msg);
    if (g.a) {
      const char *w = g.a->n_warnings ? g.a->warnings[0] : "";
      NL_CHECK(has(w, "cjk.html:2: unreadable date in meta "
                      "article:published_time 'x\xe6\x97\xa5"),
               "CJK date named: %s", w);
      NL_CHECK(nl_utf8_valid_prefix(w, strlen(w)) == strlen(w),
               "warning is valid UTF-8: %s", w);
      nl_article_free(g.a);
    }
  }
  /* past line 65,535 (where libxml2's HTML nodes stop counting) the
  ** warning still names the field's own line: 70,001 for the meta after
  ** 70,000 blank lines; 131,074 (2 * 65,536 + 2, not that mod 65,536)
  ** for the JSON-LD block */
  {
    static const struct {
      const char *head; /* before the blank lines */
      int blanks;
      const char *field, *name, *want;
    } longs[] = {
        {"<html><head>", 70000,
         "<meta property=\"article:published_time\" content=\"2021-13-45\">",
         "long.html", "long.html:70001: unreadable date in meta "
                      "article:published_time '2021-13-45'"},
        {"<html><head>\n", 131072,
         "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
         "\"datePublished\": \"yesterday\"}</script>\n",
         "ld2.html", "ld2.html:131074: unreadable date in JSON-LD "
                     "datePublished 'yesterday'"}};
    size_t k;
    for (k = 0; k < sizeof longs / sizeof longs[0]; k++) {
      nl_buf page = NL_BUF_INIT;
      int i;
      nl_buf_puts(&page, longs[k].head);
      for (i = 0; i < longs[k].blanks; i++) nl_buf_putc(&page, '\n');
      nl_buf_puts(&page, longs[k].field);
      nl_buf_puts(&page, "</head><body>" BODY "</body></html>");
      NL_CHECK(load(nl_buf_cstr(&page), page.len, longs[k].name, &g, &err) ==
                       NL_OK && g.a,
               "%s loads: %s", longs[k].name, err.msg);
      if (g.a) {
        const char *w = g.a->n_warnings ? g.a->warnings[0] : "";
        NL_CHECK(has(w, longs[k].want), "line past 65,535 named: %s", w);
        nl_article_free(g.a);
      }
      nl_buf_free(&page);
    }
  }
}
#undef BODY

/* A page with no machine-readable date: a field named for the publication
** date, else a full date written beside the headline; never a date from
** the body, a site header, related links, comments or the footer, an
** "Updated" date, or one of two dates that disagree. */
static void test_page_dates(void) {
  static const char *const pages[][3] = {
      {"field.html", "2019-11-19T02:24:47", "published_date"},
      {"caps.html", "2019-11-19", "19 NOV 2019"},
      {"press.html", "2017-10-12", "ws-press__container__date"},
      {"german.html", "2018-09-25", "publiziert am 25. September 2018"},
      {"machine.html", "2019-11-19T02:24:47", "article:published_time"},
      /* the <h1>s are the logo and the site's name: the headline is the
      ** <dt> holding the title (an html-dev page) */
      {"logo_h1.html", "2018-08-25T15:24", "2018-08-25 15:24"},
      /* a real <h1> under an og:title that a share box repeats: the date
      ** beside the <h1>, not the share box's */
      {"ogtitle_h1.html", "2025-03-03", "3 March 2025"},
      /* no <h1>, a <title> that is the site's name: not the masthead's
      ** date of the day */
      {"masthead.html", NULL, NULL},
      {"nodate.html", NULL, NULL},
      {"updated.html", NULL, NULL},
      {"updated_class.html", NULL, NULL},
      {"twodates.html", NULL, NULL},
      {"fields_disagree.html", NULL, NULL}};
  size_t i;
  for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
    char name[64];
    got g;
    nl_error err = NL_ERROR_INIT;
    snprintf(name, sizeof name, "pagedate/%s", pages[i][0]);
    NL_CHECK(load_fixture(name, &g, &err) == NL_OK, "%s: %s", name, err.msg);
    if (!g.a) continue;
    if (pages[i][1]) {
      NL_CHECK_STR_EQ(g.a->published, pages[i][1], name);
      NL_CHECK(has(g.a->published_evidence, pages[i][2]),
               "%s: evidence names %s: %s", name, pages[i][2],
               g.a->published_evidence ? g.a->published_evidence : "-");
      NL_CHECK(g.a->published_source == NL_PUB_METADATA, "%s: metadata", name);
    } else {
      NL_CHECK(g.a->published == NULL, "%s: no date (got %s from %s)", name,
               g.a->published ? g.a->published : "-",
               g.a->published_evidence ? g.a->published_evidence : "-");
    }
    nl_article_free(g.a);
  }
}

static void test_byline(void) {
  const char *page =
      "<html><body><div class=\"comment-author\">A Commenter</div>"
      "<p>Story text that is long enough to be a paragraph of the story.</p>"
      "<span class=\"byline\">Text: Ana Silva</span></body></html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(page, strlen(page), "b.html", &g, &err) == NL_OK, "loads");
  if (!g.a) return;
  NL_CHECK_STR_EQ(g.a->author, "Ana Silva",
                  "byline class, label stripped, comment author ignored");
  nl_article_free(g.a);
}

static void test_h1_and_microdata(void) {
  const char *page =
      "<html><head><title>Flood warning lifted\n - River Times</title></head>"
      "<body><h1 class=\"logo\">River Times</h1><h1>\n  Flood warning\n"
      "  lifted </h1><ul itemprop=\"author\"><li><img alt=\"photo\"></li>"
      "<li>by <span itemprop=\"name\"> <a href=\"/w/kim\">Kim Park</a>"
      "</span> 3 min read</li></ul><p>x</p></body></html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(page, strlen(page), "h.html", &g, &err) == NL_OK, "loads");
  if (!g.a) return;
  NL_CHECK_STR_EQ(g.a->title, "Flood warning lifted",
                  "the <h1> the <title> names, not the logo");
  NL_CHECK_STR_EQ(g.a->author, "Kim Park", "itemprop name inside author");
  nl_article_free(g.a);
}

/* An <h1> the <title> does not name: the site's name when it links home
** (the <title> is then the headline), else the headline of a page whose
** <title> is the site's name (a blog's front page). */
static void test_logo_h1(void) {
  const char *logo =
      "<html><head><title>Ferry strike ends after talks - Harbour News"
      "</title></head><body><a href=\"https://harbour.example/\"><h1>"
      "Harbour News</h1></a><div><b>Ferry strike ends after talks</b></div>"
      "<p>Story text that is long enough to be a paragraph of the story."
      "</p></body></html>";
  const char *blog =
      "<html><head><title>Six Colors</title></head><body><h1><a href=\""
      "https://sixcolors.example/post/2016/03/curl/\">Automate this with "
      "cURL</a></h1><p>Story text that is long enough to be a paragraph of "
      "the story.</p></body></html>";
  const char *site_title =
      "<html><head><title>Harbour News</title></head><body><h1><a href=\""
      "https://harbour.example/\">Ferry strike ends after week of talks"
      "</a></h1><p>Story text that is long enough to be a paragraph of the "
      "story.</p></body></html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(site_title, strlen(site_title), "s.html", &g, &err) == NL_OK,
           "loads");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->title, "Ferry strike ends after week of talks",
                    "a <title> that is only the site's name is no headline");
    nl_article_free(g.a);
  }
  NL_CHECK(load(logo, strlen(logo), "l.html", &g, &err) == NL_OK, "loads");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->title, "Ferry strike ends after talks",
                    "an <h1> linking home is the site's name");
    nl_article_free(g.a);
  }
  NL_CHECK(load(blog, strlen(blog), "b.html", &g, &err) == NL_OK, "loads");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->title, "Automate this with cURL",
                    "an <h1> linking to a post is a headline");
    nl_article_free(g.a);
  }
}

static void test_title_suffix(void) {
  const char *page = "<html><head><title>Mayor resigns over budget row | "
                     "Town Herald</title></head><body><p>Text.</p></body>"
                     "</html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(page, strlen(page), "t.html", &g, &err) == NL_OK, "loads");
  if (!g.a) return;
  NL_CHECK_STR_EQ(g.a->title, "Mayor resigns over budget row",
                  "<title> minus site suffix");
  nl_article_free(g.a);
}

/* The outlet (source) from the evidence a page carries, in the order
** nl_html_outlet.c documents; nil where the evidence is too weak. */
static void test_outlet(void) {
  static const char *const cases[][3] = {
      {"url.html", "News Nation",
       "og:site_name a URL: the JSON-LD publisher instead"},
      {"url_only.html", "valleypost.example",
       "og:site_name a URL, nothing else: its host without www."},
      {"url_other.html", NULL, "og:site_name a URL of another host"},
      {"microdata.html", "The Harbour Times",
       "microdata publisher's own name (not its logo's), fits the host"},
      {"ldref.html", "Coast Radio News",
       "JSON-LD publisher given by @id: the Organization with that @id"},
      {"title.html", "Sputnik International",
       "<title> suffix that names the host (sputniknews)"},
      {"title_section.html", NULL, "<title> suffix not the host: a section"},
      {"title_nourl.html", NULL, "<title> suffix, no address to check it by"},
      {"section.html", "Reuters",
       "og:site_name a section: JSON-LD and <title> agree on the host's name"},
      {"section_handle.html", "Reuters",
       "og:site_name a section: the twitter:site handle confirms <title>"},
      {"handle_only.html", NULL, "a twitter:site handle is no name alone"},
      {"syndicated.html", "Connecticut Post",
       "og:site_name kept over the agency the JSON-LD names"},
      {"weak.html", NULL,
       "microdata and application-name that do not name the host"},
      {"hostname.html", "wday.example", "a host name given as the name"},
      {"cre.html", "The Harbour Times", "meta cre that fits the host"},
      {"sitehost.html", "Life Science",
       "og:site_name a host name: the JSON-LD publisher's name"},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    got g;
    nl_error err = NL_ERROR_INIT;
    char name[64];
    snprintf(name, sizeof name, "outlet/%s", cases[i][0]);
    NL_CHECK(load_fixture(name, &g, &err) == NL_OK, "%s: %s", name, err.msg);
    if (!g.a) continue;
    if (cases[i][1])
      NL_CHECK_STR_EQ(g.a->source ? g.a->source : "(null)", cases[i][1],
                      cases[i][2]);
    else
      NL_CHECK(g.a->source == NULL, "%s: %s (got %s)", cases[i][0], cases[i][2],
               g.a->source ? g.a->source : "(null)");
    nl_article_free(g.a);
  }
}

/* ---- encodings ---- */

static void test_cp1252(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load_fixture("cp1252.html", &g, &err) == NL_OK, "cp1252.html: %s",
           err.msg);
  if (!g.a) return;
  NL_CHECK_STR_EQ(g.a->title, "Caf\xc3\xa9 society", "title decoded");
  NL_CHECK(has(g.a->body, "\xe2\x80\x9cWe never close,\xe2\x80\x9d she said "
                          "\xe2\x80\x93 not"),
           "0x93 0x94 0x96 -> curly quotes, en dash");
  NL_CHECK_INT_EQ(g.a->repaired_bytes, 0, "declared charset: nothing repaired");
  nl_article_free(g.a);
}

static void test_undeclared_encodings(void) {
  /* No declaration, not UTF-8: read as Windows-1252. */
  const char latin[] = "<html><body><p>Cr\xe8me br\xfbl\xe9"
                       "e</p></body></html>";
  /* No declaration, valid UTF-8. */
  const char utf8[] = "<html><body><p>Cr\xc3\xa8me</p></body></html>";
  /* UTF-16LE with BOM: "<p>Hi\xe9</p>" */
  const char u16[] = "\xff\xfe<\0p\0>\0H\0i\0\xe9\0<\0/\0p\0>\0";
  /* UTF-16BE without a BOM: "<p>Hi</p>" */
  const char u16be[] = "\0<\0p\0>\0H\0i\0<\0/\0p\0>";
  /* GB2312 declared: zhong wen */
  const char gb[] = "<html><head><meta charset=\"gb2312\"></head><body>"
                    "<p>\xd6\xd0\xce\xc4</p></body></html>";
  /* Declared Latin-1, really UTF-8. */
  const char mislabel[] = "<html><head><meta charset=\"iso-8859-1\"></head>"
                          "<body><p>S\xc3\xa3o Paulo</p></body></html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(mislabel, sizeof mislabel - 1, "m.html", &g, &err) == NL_OK,
           "mislabelled");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->body, "S\xc3\xa3o Paulo",
                    "valid UTF-8 wins over a Latin-1 label");
    nl_article_free(g.a);
  }
  NL_CHECK(load(latin, sizeof latin - 1, "l.html", &g, &err) == NL_OK, "latin");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->body,
                    "Cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"
                    "e",
                    "windows-1252 fallback");
    nl_article_free(g.a);
  }
  NL_CHECK(load(utf8, sizeof utf8 - 1, "u.html", &g, &err) == NL_OK, "utf8");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->body, "Cr\xc3\xa8me", "UTF-8 sniffed");
    nl_article_free(g.a);
  }
  NL_CHECK(load(u16, sizeof u16 - 1, "w.html", &g, &err) == NL_OK, "utf16");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->body, "Hi\xc3\xa9", "UTF-16LE BOM");
    nl_article_free(g.a);
  }
  NL_CHECK(load(u16be, sizeof u16be - 1, "b.html", &g, &err) == NL_OK,
           "utf16be without BOM");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->body, "Hi", "UTF-16BE sniffed from NUL pattern");
    nl_article_free(g.a);
  }
  NL_CHECK(load(gb, sizeof gb - 1, "g.html", &g, &err) == NL_OK, "gb2312");
  if (g.a) {
    NL_CHECK_STR_EQ(g.a->body, "\xe4\xb8\xad\xe6\x96\x87", "GB2312 via iconv");
    nl_article_free(g.a);
  }
}

/* ---- hostile input ---- */

static void test_junk_and_empty(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load_fixture("junk.html", &g, &err) == NL_EPARSE, "junk refused");
  NL_CHECK(has(err.msg, "junk.html") && has(err.msg, "byte 8") &&
               has(err.msg, "binary"),
           "junk message names file and byte: %s", err.msg);
  NL_CHECK_INT_EQ(g.count, 0, "no article from junk");
  nl_error_clear(&err);
  NL_CHECK(load_fixture("empty.html", &g, &err) == NL_EPARSE, "empty refused");
  NL_CHECK(has(err.msg, "empty.html") && has(err.msg, "empty"),
           "empty message: %s", err.msg);
  NL_CHECK_INT_EQ(g.count, 0, "no article from empty file");
  nl_error_clear(&err);
  NL_CHECK(load(" \n\t\n", 4, "blank.html", &g, &err) == NL_EPARSE,
           "whitespace-only refused");
}

static void test_deep_nesting(void) {
  const size_t depth = 100000;
  size_t i, n = 0;
  char *page = malloc(depth * 11 + 256);
  got g;
  nl_error err = NL_ERROR_INIT;
  clock_t t0;
  double secs;
  nl_status rc;
  if (!page) return;
  n += (size_t)sprintf(page + n, "<html><body><p>Before the deep part of "
                                 "the page, a normal paragraph long enough "
                                 "to be the text of a short news article "
                                 "on its own.</p>");
  for (i = 0; i < depth; i++)
    n += (size_t)sprintf(page + n, "<div>");
  n += (size_t)sprintf(page + n, "deep text");
  for (i = 0; i < depth; i++)
    n += (size_t)sprintf(page + n, "</div>");
  t0 = clock();
  rc = load(page, n, "deep.html", &g, &err);
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  NL_CHECK(rc == NL_OK || rc == NL_ELIMIT || rc == NL_EPARSE,
           "100,000 nested divs: no crash (%s)", nl_status_name(rc));
  NL_CHECK(secs < 10.0, "bounded time: %.2f s", secs);
  if (g.a) {
    NL_CHECK(has(g.a->body, "Before the deep part"), "text before kept");
    NL_CHECK(g.a->n_warnings == 1 && has(g.a->warnings[0], "deep.html") &&
                 has(g.a->warnings[0], "nested deeper than 256"),
             "cut reported: %s", g.a->n_warnings ? g.a->warnings[0] : "-");
    nl_article_free(g.a);
  }
  free(page);
}

static void test_unclosed_and_broken(void) {
  const char *page = "<html><body><div class=content><p>First paragraph "
                     "of a page whose tags are never closed, as happens."
                     "<p>Second <b>bold <i>italic</b> text, also unclosed "
                     "&amp; with &bogus; entities &#8212; and &#x2019;";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load(page, strlen(page), "broken.html", &g, &err) == NL_OK,
           "recovers: %s", err.msg);
  if (!g.a) return;
  NL_CHECK_INT_EQ(g.a->n_paragraphs, 2, "two paragraphs recovered");
  NL_CHECK(has(g.a->body, "& with &bogus; entities \xe2\x80\x94 and "
                          "\xe2\x80\x99"),
           "entities decoded, unknown kept");
  nl_article_free(g.a);
}

static void test_oom(void) {
  size_t len = 0;
  char *data = read_fixture("article.html", &len);
  long n;
  int ok = 0, bad = 0;
  if (!data) return;
  for (n = 1; n < 5000 && !ok; n++) {
    got g;
    nl_error err = NL_ERROR_INIT;
    nl_status rc;
    nl_alloc_fail_after(n, 1);
    rc = load(data, len, "article.html", &g, &err);
    nl_alloc_fail_after(0, 0);
    if (rc == NL_OK)
      ok = 1;
    else if (rc != NL_ENOMEM)
      bad++;
    if (g.a) nl_article_free(g.a);
  }
  NL_CHECK(ok, "succeeds once allocations stop failing (n=%ld)", n);
  NL_CHECK_INT_EQ(bad, 0, "every failure before that is ENOMEM");
  free(data);
}

/* ---- fragments ---- */

static void test_fragment(void) {
  nl_article *a;
  nl_error err = NL_ERROR_INIT;
  const char *html = "<p>One &amp; two</p><script>x()</script>"
                     "<p>Three<br><br>Four<br>five</p><ul><li>Item</li></ul>"
                     "Tail &lt;text&gt;";
  nl_article_new(&a);
  NL_CHECK(nl_html_fragment_to_article(html, strlen(html), a, &err) == NL_OK,
           "fragment: %s", err.msg);
  NL_CHECK_STR_EQ(a->body,
                  "One & two\n\nThree\n\nFour five\n\nItem\n\n"
                  "Tail <text>",
                  "blocks, double <br>, entities, script dropped");
  NL_CHECK_INT_EQ(a->n_paragraphs, 5, "five paragraphs");
  nl_article_free(a);

  nl_article_new(&a);
  NL_CHECK(nl_html_fragment_to_article("Plain summary.\n\nSecond.", 23, a,
                                       &err) == NL_OK,
           "plain text");
  NL_CHECK_STR_EQ(a->body, "Plain summary.\n\nSecond.", "plain text kept");
  NL_CHECK(nl_html_fragment_to_article("", 0, a, &err) == NL_OK, "empty ok");
  NL_CHECK_INT_EQ(a->n_paragraphs, 2, "empty adds nothing");
  /* appends to what is there */
  NL_CHECK(nl_html_fragment_to_article("<div>Third</div>", 16, a, &err) ==
               NL_OK,
           "append");
  NL_CHECK_INT_EQ(a->n_paragraphs, 3, "appended");
  nl_article_free(a);

  nl_article_new(&a);
  html = "<table><tr><th>Pos</th><th>Driver</th></tr><tr><td>1</td>"
         "<td>Kyle Busch</td></tr><tr><td>2</td><td><b>Ann</b> Lee</td></tr>"
         "</table>";
  NL_CHECK(nl_html_fragment_to_article(html, strlen(html), a, &err) == NL_OK,
           "table fragment");
  NL_CHECK_STR_EQ(a->body, "Pos Driver\n\n1 Kyle Busch\n\n2 Ann Lee",
                  "one paragraph per table row");
  nl_article_free(a);

  nl_article_new(&a);
  NL_CHECK(nl_html_fragment_to_article("<p>Caf\xe9</p>", 12, a, &err) == NL_OK,
           "invalid UTF-8 fragment");
  NL_CHECK_STR_EQ(a->body, "Caf\xc3\xa9", "repaired as Windows-1252");
  NL_CHECK_INT_EQ(a->repaired_bytes, 1, "repair counted");
  nl_article_free(a);
}

/* ---- through the generic loader (sniffing by content) ---- */

static void test_via_load_file(void) {
  char path[512];
  got g = {NULL, 0};
  nl_error err = NL_ERROR_INIT;
  nl_status rc;
  snprintf(path, sizeof path, "%s/html/article.html", NL_TEST_DATA);
  rc = nl_load_file(path, NULL, keep, &g, &err);
  NL_CHECK(rc == NL_OK, "nl_load_file(article.html): %s", err.msg);
  if (!g.a) return;
  NL_CHECK_STR_EQ(g.a->format, "html", "sniffed as html");
  NL_CHECK_STR_EQ(g.a->id, "article", "id is the file stem");
  nl_article_free(g.a);
}

/* ---- pages that are not articles ---- */

static void test_not_an_article(void) {
  const char *no_text = "<html><head><title>Gallery</title></head><body>"
                        "<img src=\"a.jpg\"><img src=\"b.jpg\"></body>"
                        "</html>";
  const char *brief = "<html><body><p>Polls close at eight.</p></body>"
                      "</html>";
  got g;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(load_fixture("login.html", &g, &err) == NL_EPARSE,
           "a sign-in form is refused");
  NL_CHECK(has(err.msg, "login.html") && has(err.msg, "line 3") &&
               has(err.msg, "sign-in or paywall"),
           "login message names the file and the password field's line: %s",
           err.msg);
  NL_CHECK_INT_EQ(g.count, 0, "no article from the sign-in page");
  nl_error_clear(&err);
  NL_CHECK(load(no_text, strlen(no_text), "gallery.html", &g, &err) ==
               NL_EPARSE,
           "a page without text is refused");
  NL_CHECK(has(err.msg, "gallery.html") && has(err.msg, "no article text"),
           "no-text message: %s", err.msg);
  nl_error_clear(&err);
  /* a server's redirect stub (feeds/rss-parser/.../unrecognized.rss was
  ** stored as a 7-word article "Object Moved This document may be found
  ** here"), with a heading or a refresh */
  {
    const char *stubs[] = {
        "<head><title>Document Moved</title></head>\n<body><h1>Object Moved"
        "</h1>This document may be found <a HREF=\"http://x.example/rss/\">"
        "here</a></body>",
        "<html><head>\n<meta http-equiv=\"Refresh\" content=\"0; "
        "URL=https://x.example/new\">\n</head><body><p>Redirecting to the "
        "new site.</p></body></html>",
        "<html><body>\n\n<h1>301 Moved Permanently</h1><hr><p>nginx</p>"
        "</body></html>"};
    const long lines[] = {1, 2, 3};
    int k;
    for (k = 0; k < 3; k++) {
      nl_error_clear(&err);
      NL_CHECK(load(stubs[k], strlen(stubs[k]), "moved.html", &g, &err) ==
                   NL_EPARSE,
               "redirect stub %d refused", k);
      {
        char want[64];
        snprintf(want, sizeof want, "moved.html: line %ld: a redirect page",
                 lines[k]);
        NL_CHECK(has(err.msg, want) && has(err.msg, "not an article"),
                 "redirect message %d: %s", k, err.msg);
      }
      NL_CHECK_INT_EQ(g.count, 0, "no article from a redirect stub");
    }
  }
  /* a short article whose headline says "moved" is an article */
  {
    const char *news = "<html><head><title>Plant moved</title></head><body>"
                       "<h1>Plant moved</h1><p>The plant moved to Ohio."
                       "</p></body></html>";
    nl_error_clear(&err);
    NL_CHECK(load(news, strlen(news), "plant.html", &g, &err) == NL_OK,
             "a short page headed \"Plant moved\" loads: %s", err.msg);
    if (g.a) nl_article_free(g.a);
  }
  nl_error_clear(&err);
  NL_CHECK(load(brief, strlen(brief), "brief.html", &g, &err) == NL_OK,
           "a four-word page still loads");
  if (g.a) {
    NL_CHECK(g.a->n_warnings == 1 &&
                 has(g.a->warnings[0], "only 4 words of article text"),
             "short text warned: %s", g.a->n_warnings ? g.a->warnings[0] : "-");
    nl_article_free(g.a);
  }
}

int main(void) {
  test_not_an_article();
  test_boilerplate_page();
  test_jsonld();
  test_jsonld_body_fallback();
  test_jsonld_hostile();
  test_other_dates();
  test_bad_date_warned();
  test_page_dates();
  test_logo_h1();
  test_title_suffix();
  test_byline();
  test_h1_and_microdata();
  test_outlet();
  test_cp1252();
  test_undeclared_encodings();
  test_junk_and_empty();
  test_deep_nesting();
  test_unclosed_and_broken();
  test_oom();
  test_fragment();
  test_via_load_file();
  return nl_test_done();
}
