/* Tests for the plain-text loader (nl_text.c) on seed-like fixtures in
** tests/data/text.  Expected values were read off the fixture files by
** hand (byte ranges with grep -bo). */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_load.h"

#define TEXT NL_TEST_DATA "/text/"

static int keep_first(void *ctx, nl_article *a) {
  nl_article **out = ctx;
  if (*out)
    nl_article_free(a);
  else
    *out = a;
  return 0;
}

static nl_article *load(const char *path) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_status rc = nl_load_file(path, NULL, keep_first, &a, &err);
  NL_CHECK(rc == NL_OK && a, "load %s: %s", path, err.msg);
  return a;
}

static const char *para(const nl_article *a, size_t i, char *buf, size_t n) {
  size_t len;
  if (i >= a->n_paragraphs) return "";
  len = a->paragraphs[i].end - a->paragraphs[i].start;
  snprintf(buf, n, "%.*s", (int)len, a->body + a->paragraphs[i].start);
  return buf;
}

static const char *str(const char *s) {
  return s ? s : "(null)";
}

static int has_warning(const nl_article *a, const char *needle) {
  size_t i;
  for (i = 0; i < a->n_warnings; i++)
    if (strstr(a->warnings[i], needle)) return 1;
  return 0;
}

static void test_date_header(void) {
  char b[512];
  nl_article *a = load(TEXT "date_header.txt");
  if (!a) return;
  NL_CHECK_STR_EQ(str(a->published), "2017-07-11", "header date");
  NL_CHECK_STR_EQ(nl_pub_source_name(a->published_source), "metadata",
                  "from metadata");
  NL_CHECK_STR_EQ(str(a->published_evidence),
                  "header 'date 2017-07-11' (line 1)", "evidence");
  NL_CHECK(a->title == NULL, "lead sentence is not a title");
  NL_CHECK_INT_EQ(a->n_paragraphs, 4, "4 paragraphs");
  NL_CHECK_STR_EQ(para(a, 0, b, sizeof b),
                  "US Secretary of State Antony Blinken held talks with "
                  "Russian Foreign Minister Sergey Lavrov on Friday in Geneva "
                  "amid ongoing fears that Russia could invade neighboring "
                  "Ukraine.",
                  "date stripped from the lead");
  NL_CHECK_STR_EQ(para(a, 2, b, sizeof b), "Risk of conflict in Ukraine",
                  "subheading kept in the body");
  NL_CHECK_STR_EQ(a->id, "date_header", "id");
  nl_article_free(a);
}

static void test_masthead(void) {
  char b[512];
  nl_article *a = load(TEXT "masthead.txt");
  if (!a) return;
  NL_CHECK_STR_EQ(str(a->source), "The Washington Post", "slogan cut off");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "masthead")),
                  "The Washington PostDemocracy Dies in Darkness",
                  "masthead kept as meta");
  NL_CHECK_STR_EQ(str(a->title),
                  "In crisis talks, U.S., Russian top diplomats trade demands "
                  "on Ukraine",
                  "title after the masthead");
  NL_CHECK_INT_EQ(a->n_paragraphs, 3, "3 paragraphs");
  NL_CHECK(strncmp(para(a, 1, b, sizeof b), "GENEVA \xe2\x80\x94 The United",
                   20) == 0,
           "body starts with the caption then the dateline");
  NL_CHECK(a->published == NULL, "no date");
  nl_article_free(a);
}

static void test_related(void) {
  nl_article *a = load(TEXT "related.txt");
  if (!a) return;
  NL_CHECK_STR_EQ(str(a->title),
                  "Russian top diplomats to meet amid Ukraine showdown",
                  "title");
  NL_CHECK_INT_EQ(a->n_paragraphs, 1, "headline run dropped");
  NL_CHECK(strstr(a->body, "Stark differences") == NULL, "not in the body");
  NL_CHECK(has_warning(a, "trailing related headlines kept out of the body "
                          "(bytes 213-412)"),
           "warning names the byte range");
  nl_article_free(a);
}

static void test_syndicated(void) {
  char b[512];
  nl_article *a = load(TEXT "syndicated.txt");
  if (!a) return;
  NL_CHECK_STR_EQ(str(a->source), "Reuters", "source from the line");
  NL_CHECK_STR_EQ(str(a->published), "2022-01-26T23:56", "IST time kept");
  NL_CHECK_STR_EQ(nl_pub_source_name(a->published_source), "metadata",
                  "metadata");
  NL_CHECK(strstr(str(a->published_evidence),
                  "Reuters | Updated: 26-01-2022 23:56 IST | Created: "
                  "26-01-2022 23:56 IST") != NULL,
           "evidence is the line");
  NL_CHECK_STR_EQ(str(a->title),
                  "Blinken says written response to Russia sets out "
                  "diplomatic path forward",
                  "title");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "syndicated_by")), "Devdiscourse",
                  "syndicator");
  NL_CHECK_INT_EQ(a->n_paragraphs, 5, "5 body paragraphs");
  NL_CHECK(strncmp(para(a, 0, b, sizeof b),
                   "U.S. Secretary of State Antony Blinken said on Wednesday",
                   50) == 0,
           "body starts after the repeated title");
  NL_CHECK(strstr(a->body, "Blinken says written response") == NULL,
           "repeated title dropped");
  NL_CHECK(strstr(a->body, "Give Feedback") == NULL, "feedback dropped");
  NL_CHECK(strstr(a->body, "syndicated feed") == NULL, "note dropped");
  NL_CHECK(strstr(a->body, "| Updated") == NULL, "line dropped");
  NL_CHECK(has_warning(a, "teaser repeating the body kept out of the body "
                          "(bytes 74-460)"),
           "teaser warning");
  NL_CHECK(has_warning(a, "(bytes 2379-2392)"), "feedback range");
  NL_CHECK(has_warning(a, "(bytes 2277-2377)"), "note range");
  /* The teaser's text is still in the body once (paragraph 2). */
  NL_CHECK(strstr(a->body, "\"All told it sets out") != NULL, "body text kept");
  nl_article_free(a);
}

static void test_bbc_latin1_plain(void) {
  nl_article *a = load(TEXT "bbc.txt");
  if (a) {
    NL_CHECK_STR_EQ(str(a->title), "Ad sales boost Time Warner profit",
                    "BBC title");
    NL_CHECK_INT_EQ(a->n_paragraphs, 1, "one paragraph");
    NL_CHECK(a->source == NULL, "no source");
    nl_article_free(a);
  }
  a = load(TEXT "latin1.txt");
  if (a) {
    NL_CHECK_STR_EQ(str(a->title), "Caf\xc3\xa9 owners fear new rules",
                    "Latin-1 title repaired");
    NL_CHECK(strstr(a->body, "\xe2\x80\x9cnew rules\xe2\x80\x9d") != NULL,
             "cp1252 quotes repaired");
    NL_CHECK_INT_EQ(a->repaired_bytes, 4, "4 bytes repaired");
    NL_CHECK(has_warning(a, "4 invalid UTF-8 bytes repaired"),
             "repair reported");
    nl_article_free(a);
  }
  a = load(TEXT "no_title.txt");
  if (a) {
    NL_CHECK(a->title == NULL, "a sentence is not a title");
    NL_CHECK_INT_EQ(a->n_paragraphs, 2, "both paragraphs in the body");
    nl_article_free(a);
  }
  a = load(TEXT "one_line.txt");
  if (a) {
    NL_CHECK(a->title == NULL, "a lone line is body, not title");
    NL_CHECK_STR_EQ(a->body, "Short line only", "body");
    nl_article_free(a);
  }
}

static void test_buffers(void) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  const char *t1 = "Markets rally on jobs data\r\n\r\nPublished: January 26, "
                   "2022\r\n\r\nStocks rose on Friday.\r\n";
  const char *t2 = "Pay rise talks stall\n\nUnions said no.\n\nAdvertisement"
                   "\n\nCopyright 2022 Example Media. All rights reserved.\n";
  NL_CHECK(nl_load_buffer(t1, strlen(t1), "t1.txt", NULL, keep_first, &a,
                          &err) == NL_OK &&
               a,
           "CRLF text");
  if (a) {
    NL_CHECK_STR_EQ(str(a->title), "Markets rally on jobs data", "CRLF title");
    NL_CHECK_STR_EQ(str(a->published), "2022-01-26", "header under title");
    NL_CHECK_STR_EQ(a->body, "Stocks rose on Friday.", "CRLF body");
    nl_article_free(a);
    a = NULL;
  }
  NL_CHECK(nl_load_buffer(t2, strlen(t2), "t2.txt", NULL, keep_first, &a,
                          &err) == NL_OK &&
               a,
           "boilerplate text");
  if (a) {
    NL_CHECK_STR_EQ(a->body, "Unions said no.", "boilerplate dropped");
    NL_CHECK_INT_EQ(a->n_warnings, 2, "two warnings");
    nl_article_free(a);
  }
}

static void test_header_in_block(void) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  /* Title and date header in one block (the fuzz regression's shape). */
  const char *t = "Blinken and Lavrov meet in Geneva\ndate 2022-01-21\n\n"
                  "US Secretary of State Antony Blinken met Sergey Lavrov.\n";
  const char *u = "Talks\nDate night plans were cancelled.\n\nMore text.\n";
  NL_CHECK(nl_load_buffer(t, strlen(t), "h.txt", NULL, keep_first, &a, &err) ==
                   NL_OK &&
               a,
           "header in the title block");
  if (a) {
    NL_CHECK_STR_EQ(str(a->title), "Blinken and Lavrov meet in Geneva",
                    "title kept");
    NL_CHECK_STR_EQ(str(a->published), "2022-01-21", "date read");
    NL_CHECK_STR_EQ(str(a->published_evidence),
                    "header 'date 2022-01-21' (line 2)", "line 2");
    NL_CHECK_STR_EQ(a->body,
                    "US Secretary of State Antony Blinken met Sergey Lavrov.",
                    "body");
    nl_article_free(a);
    a = NULL;
  }
  NL_CHECK(nl_load_buffer(u, strlen(u), "u.txt", NULL, keep_first, &a, &err) ==
                   NL_OK &&
               a,
           "a sentence starting with Date");
  if (a) {
    NL_CHECK(a->published == NULL, "no date from a sentence");
    NL_CHECK(strstr(a->body, "Date night plans") != NULL, "sentence kept");
    nl_article_free(a);
  }
}

static void test_field_block(void) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  const char *t = "Title: Talks end in Geneva\nURL: https://example.org/x\n"
                  "Date: 2022-01-21T14:00:00Z\nSource: Example News\n"
                  "Section: World\n\nThe talks ended.\n\nMore text.\n";
  const char *u = "Note: this is prose.\nIt has a colon line: but not all."
                  "\n\nBody.\n";
  NL_CHECK(nl_load_buffer(t, strlen(t), "f.txt", NULL, keep_first, &a, &err) ==
                   NL_OK &&
               a,
           "field block");
  if (a) {
    NL_CHECK_STR_EQ(str(a->title), "Talks end in Geneva", "Title:");
    NL_CHECK_STR_EQ(str(a->url), "https://example.org/x", "URL:");
    NL_CHECK_STR_EQ(str(a->published), "2022-01-21T14:00", "Date:");
    NL_CHECK_STR_EQ(str(a->published_evidence),
                    "header 'Date: 2022-01-21T14:00:00Z' (line 3)", "evidence");
    NL_CHECK_STR_EQ(str(a->source), "Example News", "Source:");
    NL_CHECK_STR_EQ(str(nl_article_meta(a, "section")), "World", "other key");
    NL_CHECK_STR_EQ(a->body, "The talks ended.\n\nMore text.", "body");
    nl_article_free(a);
    a = NULL;
  }
  NL_CHECK(nl_load_buffer(u, strlen(u), "u.txt", NULL, keep_first, &a, &err) ==
                   NL_OK &&
               a,
           "not every line a field");
  if (a) {
    NL_CHECK(strstr(a->body, "Note: this is prose.") != NULL, "kept as body");
    nl_article_free(a);
  }
}

static void test_byline(void) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  const char *t = "Talks end without a deal\n\nBy Jane Doe and Omar al-Sayed, "
                  "Reuters | Jan. 21, 2022\n\nThe talks ended on Friday.\n";
  const char *u = "Budget vote delayed\n\nBy the time the vote came, few "
                  "were left.\n";
  NL_CHECK(nl_load_buffer(t, strlen(t), "by.txt", NULL, keep_first, &a, &err) ==
                   NL_OK &&
               a,
           "byline text");
  if (a) {
    NL_CHECK_STR_EQ(str(a->author), "Jane Doe and Omar al-Sayed", "author");
    NL_CHECK_STR_EQ(str(a->source), "Reuters", "outlet after the comma");
    NL_CHECK_STR_EQ(str(a->published), "2022-01-21", "date after the bar");
    NL_CHECK_STR_EQ(str(a->published_evidence),
                    "byline 'Jan. 21, 2022' (line 3)", "byline evidence");
    NL_CHECK_STR_EQ(a->body, "The talks ended on Friday.", "byline dropped");
    nl_article_free(a);
    a = NULL;
  }
  NL_CHECK(nl_load_buffer(u, strlen(u), "u.txt", NULL, keep_first, &a, &err) ==
                   NL_OK &&
               a,
           "sentence starting with By");
  if (a) {
    NL_CHECK(a->author == NULL, "a sentence is no byline");
    NL_CHECK_INT_EQ(a->n_paragraphs, 1, "kept in the body");
    nl_article_free(a);
  }
}

int main(void) {
  test_header_in_block();
  test_field_block();
  test_byline();
  test_date_header();
  test_masthead();
  test_related();
  test_syndicated();
  test_bbc_latin1_plain();
  test_buffers();
  return nl_test_done();
}
