/* Tests for the cursors (nl_cursor.c): the documented columns of every
** query, column types and LIST columns, filters, accessor edge cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"
#include "nl_fts5.h"

static nl_db *db;

static void put(const char *id, const char *title, const char *body,
                const char *published, const char *source,
                const char *format) {
  nl_article *a;
  nl_error err = NL_ERROR_INIT;
  nl_article_new(&a);
  nl_article_set(a, &a->id, id, strlen(id));
  nl_article_set(a, &a->file, "f.txt", 5);
  nl_article_set(a, &a->title, title, strlen(title));
  if (source) nl_article_set(a, &a->source, source, strlen(source));
  nl_article_add_text(a, body, strlen(body), 0);
  if (published) nl_article_set_published(a, published, NL_PUB_METADATA, "h");
  a->format = format;
  nl_article_add_meta(a, "topics", "oil", 3);
  nl_article_add_meta(a, "places", "usa", 3);
  nl_article_warn(a, "first warning");
  nl_article_warn(a, "second\nwarning");
  if (nl_db_put_article(db, a, &err) != NL_OK) printf("# put: %s\n", err.msg);
  nl_article_free(a);
}

/* Column names of a cursor joined with ','. */
static void names(nl_cursor *c, char *out, size_t cap) {
  int i;
  out[0] = '\0';
  for (i = 0; i < nl_cursor_ncols(c); i++) {
    if (i) strncat(out, ",", cap - strlen(out) - 1);
    strncat(out, nl_cursor_name(c, i), cap - strlen(out) - 1);
  }
}

static int count_rows(nl_cursor *c) {
  int n = 0;
  while (nl_cursor_next(c, NULL) == NL_OK) n++;
  nl_cursor_free(c);
  return n;
}

static void test_columns(void) {
  nl_cursor *c;
  nl_filter f = NL_FILTER_INIT;
  char buf[1024];
  nl_db_articles(db, NULL, &c, NULL);
  names(c, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "id,file,format,source,title,url,author,language,"
                       "published,published_source,published_evidence,body,"
                       "paragraphs,warnings,meta,outlet",
                  "articles columns (outlet last: the older ones keep their "
                  "places)");
  nl_cursor_free(c);
  nl_db_search(db, "oil", NULL, &c, NULL);
  names(c, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "article,title,source,file,published,rank,snippet,"
                       "matches,"
                       "article.id,article.file,article.format,"
                       "article.source,article.title,article.url,"
                       "article.author,article.language,article.published,"
                       "article.published_source,article.published_evidence,"
                       "article.paragraphs,article.warnings,article.meta,"
                       "article.outlet",
                  "search columns");
  nl_cursor_free(c);
  nl_db_sentences(db, "r1", &c, NULL);
  names(c, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "article,index,start,end,text", "sentences columns");
  nl_cursor_free(c);
  nl_db_dates(db, &f, &c, NULL);
  names(c, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "value,type,mod,expression,start,end,flags,anchor,"
                       "sentence,sentence_start,sentence_end,article,"
                       "article.id,article.source,article.title,"
                       "article.file,article.published,absolute,relative,"
                       "narrative,unresolved,future,article.outlet",
                  "dates columns (the flag booleans last: the older ones "
                  "keep their places)");
  nl_cursor_free(c);
}

static void test_lists_and_types(void) {
  nl_cursor *c;
  nl_filter f = NL_FILTER_INIT;
  size_t len = 99;
  f.article = "r1";
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK(nl_cursor_next(c, NULL) == NL_OK, "r1 found");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 14), NL_COL_LIST, "meta is LIST");
  NL_CHECK_STR_EQ(nl_cursor_text(c, 14, NULL), "topics=oil\nplaces=usa",
                  "meta key=value lines");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 13), NL_COL_LIST, "warnings is LIST");
  NL_CHECK_STR_EQ(nl_cursor_text(c, 13, NULL),
                  "first warning\nsecond warning",
                  "one warning per line (inner newline flattened)");
  NL_CHECK_STR_EQ(nl_cursor_text(c, 12, NULL), "0 24\n26 45",
                  "paragraph spans");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 0), NL_COL_TEXT, "id is TEXT");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 5), NL_COL_NULL, "url NULL");
  NL_CHECK(nl_cursor_text(c, 5, &len) == NULL && len == 0, "NULL text");
  nl_cursor_text(c, 0, &len);
  NL_CHECK_INT_EQ(len, 2, "text length");
  NL_CHECK(nl_cursor_text(c, 99, NULL) == NULL, "column out of range");
  NL_CHECK_STR_EQ(nl_cursor_name(c, -1), "", "name out of range");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 99), NL_COL_NULL, "type out of range");
  NL_CHECK_INT_EQ(nl_cursor_int(c, 99), 0, "int out of range");
  NL_CHECK(nl_cursor_next(c, NULL) == NL_DONE, "one row");
  nl_cursor_free(c);
  nl_db_sentences(db, "r1", &c, NULL);
  NL_CHECK(nl_cursor_next(c, NULL) == NL_OK, "a sentence");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 2), NL_COL_INT, "start is INT");
  nl_cursor_free(c);
  NL_CHECK_INT_EQ(nl_cursor_ncols(NULL), 0, "NULL cursor");
}

/* limit 0: no rows from any query (search in every order and plan), a
** bad search query still NL_EQUERY; a limit below NL_LIMIT_NONE:
** NL_EINVAL. */
static void test_limit_zero(nl_filter *f) {
  static const nl_order orders[] = {NL_ORDER_RANK, NL_ORDER_NEWEST,
                                    NL_ORDER_OLDEST};
  nl_cursor *c;
  nl_error err = NL_ERROR_INIT;
  size_t i;
  f->limit = 0;
  NL_CHECK(nl_db_articles(db, f, &c, NULL) == NL_OK, "articles limit 0");
  NL_CHECK_INT_EQ(count_rows(c), 0, "articles limit 0: no rows");
  NL_CHECK(nl_db_dates(db, f, &c, NULL) == NL_OK, "dates limit 0");
  NL_CHECK_INT_EQ(count_rows(c), 0, "dates limit 0: no rows");
  for (i = 0; i < sizeof orders / sizeof *orders; i++) {
    f->order = orders[i];
    NL_CHECK(nl_db_search(db, "oil", f, &c, NULL) == NL_OK, "search limit 0");
    NL_CHECK_INT_EQ(count_rows(c), 0, "search limit 0: no rows");
    f->article = "r1"; /* FTS5's rank order; date order by one seek */
    NL_CHECK(nl_db_search(db, "oil", f, &c, NULL) == NL_OK, "one article");
    NL_CHECK_INT_EQ(count_rows(c), 0, "one article, limit 0: no rows");
    f->article = NULL;
    NL_CHECK(nl_db_search(db, "\"oil", f, &c, &err) == NL_EQUERY && !c,
             "limit 0, bad query: NL_EQUERY (%s)", err.msg);
  }
  f->order = NL_ORDER_DEFAULT;
  f->limit = NL_LIMIT_NONE;
  NL_CHECK(nl_db_articles(db, f, &c, NULL) == NL_OK, "NL_LIMIT_NONE");
  NL_CHECK_INT_EQ(count_rows(c), 4, "NL_LIMIT_NONE: every row");
  f->limit = -2;
  NL_CHECK(nl_db_articles(db, f, &c, &err) == NL_EINVAL && !c,
           "articles limit -2: NL_EINVAL");
  NL_CHECK_STR_EQ(err.msg, "articles: limit -2 is negative", "its message");
  NL_CHECK(nl_db_dates(db, f, &c, NULL) == NL_EINVAL, "dates limit -2");
  NL_CHECK(nl_db_search(db, "oil", f, &c, NULL) == NL_EINVAL,
           "search limit -2");
}

/* since after until (a range that holds no date): NL_EINVAL naming both,
** from every query; a day bad for its month says so. */
static void test_bounds(void) {
  nl_filter f = NL_FILTER_INIT;
  nl_cursor *c = NULL;
  nl_error err = NL_ERROR_INIT;
  long long n = -1;
  f.since = "1987-03";
  f.until = "1987-02-26";
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_EINVAL && !c,
           "articles: NL_EINVAL");
  NL_CHECK_STR_EQ(err.msg, "articles: since '1987-03' is after until "
                  "'1987-02-26' (both inclusive: no date is in that range)",
                  "its message");
  NL_CHECK(nl_db_count_articles(db, &f, &n, NULL) == NL_EINVAL && n == 0,
           "count: NL_EINVAL");
  NL_CHECK(nl_db_search(db, "oil", &f, &c, NULL) == NL_EINVAL && !c,
           "search: NL_EINVAL");
  NL_CHECK(nl_db_dates(db, &f, &c, NULL) == NL_EINVAL && !c,
           "dates: NL_EINVAL");
  f.since = "1987-02-26T10:00"; /* inside until's day */
  NL_CHECK(nl_db_count_articles(db, &f, &n, NULL) == NL_OK, "a time of it");
  f.since = "1987-02-29";
  f.until = NULL;
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_EINVAL && !c, "no 29th");
  NL_CHECK_STR_EQ(err.msg, "articles: since '1987-02-29' is not a date "
                  "(1987-02 has 28 days)", "says why");
}

static void test_filters(void) {
  nl_cursor *c;
  nl_filter f = NL_FILTER_INIT;
  nl_db_articles(db, NULL, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 4, "all articles");
  f.format = "sgml";
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 2, "format filter");
  f.format = NULL;
  f.source = "REUTERS";
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 2, "source filter ignores case");
  f.source = NULL;
  f.since = "1987-02";
  f.until = "1987-02";
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 2, "published in February 1987");
  f.since = "1987-02-27";
  f.until = NULL;
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 2, "since 1987-02-27");
  f.since = NULL;
  f.limit = 3;
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 3, "limit");
  f.limit = NL_LIMIT_NONE;
  f.offset = 3; /* of the 4 articles in their order: the last */
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 1, "offset 3 of 4");
  f.limit = 0;
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 0, "offset 3, limit 0");
  f.offset = 9;
  f.limit = NL_LIMIT_NONE;
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 0, "offset past the end");
  f.offset = 0;
  f.limit = 3;
  test_limit_zero(&f);
  test_bounds();
  f.limit = NL_LIMIT_NONE;
  f.article = "nope";
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 0, "unknown article: no rows");
}

/* The number nl_db_count_articles gives for f (-1: a failure, its code
** in *code). */
static long long counted(const nl_filter *f, nl_status *code) {
  long long n = -7;
  nl_error err = NL_ERROR_INIT;
  nl_status st = nl_db_count_articles(db, f, &n, &err);
  if (code) *code = st;
  if (st != NL_OK) NL_CHECK_INT_EQ(n, 0, "a failed count is 0");
  return st == NL_OK ? n : -1;
}

/* nl_db_count_articles: the articles nl_db_articles gives, by hand on
** the four of main() (r1 r2 sgml Reuters/reuters 1987-02-26/27, t1 BBC
** 2022-01-21, t2 undated). */
static void test_count(void) {
  nl_filter f = NL_FILTER_INIT;
  nl_status code;
  NL_CHECK_INT_EQ(counted(NULL, NULL), 4, "no filter: all");
  NL_CHECK_INT_EQ(counted(&f, NULL), 4, "an empty filter: all");
  f.query = "Oil OR Grain";
  NL_CHECK_INT_EQ(counted(&f, NULL), 2, "a query alone");
  f.since = "1987-02-27";
  NL_CHECK_INT_EQ(counted(&f, NULL), 1, "a query and since");
  f.since = NULL;
  f.source = "REUTERS";
  NL_CHECK_INT_EQ(counted(&f, NULL), 2, "a query and a source");
  f.limit = 1;
  NL_CHECK_INT_EQ(counted(&f, NULL), 1, "limit caps the count");
  f.limit = NL_LIMIT_NONE;
  f.offset = 1; /* what articles(f) gives: the rows after the first */
  NL_CHECK_INT_EQ(counted(&f, NULL), 1, "offset 1 of 2");
  f.offset = 5;
  NL_CHECK_INT_EQ(counted(&f, NULL), 0, "offset 5 of 2");
  f.offset = -1;
  NL_CHECK_INT_EQ(counted(&f, &code), -1, "offset -1");
  NL_CHECK_INT_EQ(code, NL_EINVAL, "offset -1: NL_EINVAL");
  f.offset = 0;
  f.source = NULL;
  f.format = "text";
  NL_CHECK_INT_EQ(counted(&f, NULL), 0, "no text article says oil");
  f.query = NULL;
  NL_CHECK_INT_EQ(counted(&f, NULL), 2, "a format alone");
  f.format = NULL;
  f.until = "2000";
  NL_CHECK_INT_EQ(counted(&f, NULL), 2, "until alone");
  f.until = NULL;
  f.query = "\"no such words\"";
  NL_CHECK_INT_EQ(counted(&f, NULL), 0, "no match");
  f.query = "AND";
  NL_CHECK_INT_EQ(counted(&f, &code), -1, "bad query");
  NL_CHECK_INT_EQ(code, NL_EQUERY, "bad query: NL_EQUERY");
  f.article = "nope"; /* no article to meet: the query is still read */
  NL_CHECK_INT_EQ(counted(&f, &code), -1, "bad query, no article");
  NL_CHECK_INT_EQ(code, NL_EQUERY, "bad query, no article: NL_EQUERY");
  {
    nl_cursor *c = NULL;
    NL_CHECK_INT_EQ(nl_db_articles(db, &f, &c, NULL), NL_EQUERY,
                    "articles: bad query, no article: NL_EQUERY");
    NL_CHECK(c == NULL, "articles: no cursor");
    NL_CHECK_INT_EQ(nl_db_dates(db, &f, &c, NULL), NL_EQUERY,
                    "dates: bad query, no article: NL_EQUERY");
    NL_CHECK(c == NULL, "dates: no cursor");
  }
  f.article = NULL;
  f.query = NULL;
  f.format = "HTML";
  NL_CHECK_INT_EQ(counted(&f, &code), -1, "bad format");
  NL_CHECK_INT_EQ(code, NL_EINVAL, "bad format: NL_EINVAL");
  f.format = NULL;
  f.type = "DATE";
  NL_CHECK_INT_EQ(counted(&f, &code), -1, "type is for dates");
  NL_CHECK_INT_EQ(code, NL_EINVAL, "type: NL_EINVAL");
}

/* The rows of a sources cursor as "name n|name n|..." ("-" for NULL);
** each name's count (nl_db_count_articles with it as the source, and f's
** other filters) must be its row's number. */
static void source_rows(nl_cursor *c, const nl_filter *f, char *out,
                        size_t cap) {
  out[0] = '\0';
  while (nl_cursor_next(c, NULL) == NL_OK) {
    const char *name = nl_cursor_text(c, 0, NULL);
    long long n = nl_cursor_int(c, 1), k = -1;
    char row[128];
    if (name) {
      nl_filter g = *f;
      g.source = name;
      g.limit = NL_LIMIT_NONE;
      nl_db_count_articles(db, &g, &k, NULL);
      NL_CHECK(k == n, "count with source '%s': %lld, its row %lld", name, k,
               n);
    }
    snprintf(row, sizeof row, "%s%s %lld", out[0] ? "|" : "",
             name ? name : "-", n);
    strncat(out, row, cap - strlen(out) - 1);
  }
  nl_cursor_free(c);
}

/* nl_db_sources: sources differing in case are one row (in every script,
** as the source filter matches), under a name the filter takes back to
** the whole group; most articles first, then by name, none last.  By
** hand: reuters 3 (Reuters, REUTERS, reuters: "0reuters" is the largest
** of the ASCII forms), Jornal de Noticias 2, Strasse 2 ("Stra\xc3\x9fe",
** not the ASCII "STRASSE", which the filter would match alone), BBC 1,
** O Kosmos 1, none 1.  Of the talks since 2022-01-22 (r3, j1 and b1
** out): Reuters 2 (r1 and r2: "Reuters" > "REUTERS"), Strasse 2, the
** upper-case Jornal 1 (j2 alone), O Kosmos 1, none 1. */
static void test_sources(void) {
  static const struct {
    const char *id, *day, *source;
  } arts[] = {
      {"r1", "2022-01-26", "Reuters"},
      {"r2", "2022-01-27", "REUTERS"},
      {"r3", "2022-01-20", "reuters"},
      {"j1", "2022-01-21", "Jornal de Not\303\255cias"},
      {"j2", "2022-01-24", "JORNAL DE NOT\303\215CIAS"},
      {"s1", "2022-01-22", "Stra\303\237e"},
      {"s2", "2022-01-23", "STRASSE"},
      {"b1", "2022-01-25", "BBC"},
      {"g1", "2022-01-25",
       "\xce\x9f \xce\x9a\xcf\x8c\xcf\x83\xce\xbc\xce\xbf\xcf\x82"},
      {"n1", "2022-01-28", NULL},
  };
  size_t k;
  nl_db *keep = db;
  nl_filter f = NL_FILTER_INIT;
  nl_cursor *c = NULL;
  char got[512];
  NL_CHECK(nl_db_open(":memory:", NULL, &db, NULL) == NL_OK, "sources store");
  for (k = 0; k < sizeof arts / sizeof *arts; k++) {
    char body[64];
    snprintf(body, sizeof body, "%s on January %s, 2022.",
             arts[k].id[0] == 'b' ? "Other news" : "Talks", arts[k].day + 8);
    put(arts[k].id, "T", body, arts[k].day, arts[k].source, "text");
  }
  NL_CHECK(nl_db_sources(db, &f, &c, NULL) == NL_OK, "sources");
  source_rows(c, &f, got, sizeof got);
  NL_CHECK_STR_EQ(got, "reuters 3|Jornal de Not\303\255cias 2|Stra\303\237e 2|"
                       "BBC 1|\xce\x9f \xce\x9a\xcf\x8c\xcf\x83\xce\xbc"
                       "\xce\xbf\xcf\x82 1|- 1", "all sources");
  f.query = "talks";
  f.since = "2022-01-22";
  NL_CHECK(nl_db_sources(db, &f, &c, NULL) == NL_OK, "sources of a query");
  source_rows(c, &f, got, sizeof got);
  NL_CHECK_STR_EQ(got, "Reuters 2|Stra\303\237e 2|JORNAL DE NOT\303\215CIAS 1|"
                       "\xce\x9f \xce\x9a\xcf\x8c\xcf\x83\xce\xbc"
                       "\xce\xbf\xcf\x82 1|- 1", "talks since 2022-01-22");
  f.limit = 2;
  NL_CHECK(nl_db_sources(db, &f, &c, NULL) == NL_OK, "sources, limit");
  source_rows(c, &f, got, sizeof got);
  NL_CHECK_STR_EQ(got, "Reuters 2|Stra\303\237e 2", "limit 2");
  f.query = "AND";
  NL_CHECK_INT_EQ(nl_db_sources(db, &f, &c, NULL), NL_EQUERY, "bad query");
  NL_CHECK(c == NULL, "bad query: no cursor");
  nl_db_close(db);
  db = keep;
}

/* Search `q` with `f` and collect the hit ids joined with ' '; returns
** the status of nl_db_search. */
static nl_status hits(const char *q, const nl_filter *f, char *out,
                      size_t cap) {
  nl_cursor *c;
  nl_error err = NL_ERROR_INIT;
  nl_status st = nl_db_search(db, q, f, &c, &err);
  out[0] = '\0';
  if (st != NL_OK) return st;
  while (nl_cursor_next(c, &err) == NL_OK) {
    if (out[0]) strncat(out, " ", cap - strlen(out) - 1);
    strncat(out, nl_cursor_text(c, 0, NULL), cap - strlen(out) - 1);
  }
  nl_cursor_free(c);
  return st;
}

/*
** order: newest / oldest on a store whose dates are known.  "talks" is in
** d1..d6 (d7 has no "talks"); published: d1 2021-05-01, d2 2022-01-21,
** d3 undated, d4 2019-12-31, d5 2022-01-21 (a tie with d2, stored after
** it), d6 "2020" (a year: "2020" sorts after "2019-12-31" and before
** "2021-05-01"), d7 2023-03-03.  By hand: newest = d5 d2 (tie: later
** stored first) d1 d6 d4, then undated d3; oldest = d4 d6 d1 d2 d5 d3.
*/
static void test_order(void) {
  nl_db *keep = db;
  nl_filter f = NL_FILTER_INIT;
  nl_cursor *c;
  nl_error err = NL_ERROR_INIT;
  char buf[256];
  NL_CHECK(nl_db_open(":memory:", NULL, &db, NULL) == NL_OK, "order store");
  put("d1", "One", "Talks began in spring.", "2021-05-01", "A", "text");
  put("d2", "Two", "The talks resumed.", "2022-01-21", "B", "text");
  put("d3", "Three", "Talks without a date.", NULL, "A", "text");
  put("d4", "Four", "Year-end talks.", "2019-12-31", "A", "html");
  put("d5", "Five", "More talks the same day.", "2022-01-21", "A", "text");
  put("d6", "Six", "Talks in some month of 2020.", "2020", "B", "text");
  put("d7", "Seven", "Nothing to see.", "2023-03-03", "A", "text");
  f.order = NL_ORDER_NEWEST;
  NL_CHECK(hits("talks", &f, buf, sizeof buf) == NL_OK, "newest runs");
  NL_CHECK_STR_EQ(buf, "d5 d2 d1 d6 d4 d3", "newest first, undated last");
  f.order = NL_ORDER_OLDEST;
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d4 d6 d1 d2 d5 d3", "oldest first, undated last");
  f.limit = 2;
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d4 d6", "oldest, limit 2");
  f.order = NL_ORDER_NEWEST;
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d5 d2", "newest, limit 2");
  f.offset = 1; /* paging: the hits after the first */
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d2 d1", "newest, offset 1, limit 2");
  f.order = NL_ORDER_OLDEST;
  f.limit = NL_LIMIT_NONE;
  f.offset = 4;
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d5 d3", "oldest, offset 4: into the undated");
  f.offset = 6;
  NL_CHECK(hits("talks", &f, buf, sizeof buf) == NL_OK, "offset 6 runs");
  NL_CHECK_STR_EQ(buf, "", "offset 6 of 6 hits: none");
  f.offset = -1;
  NL_CHECK(hits("talks", &f, buf, sizeof buf) == NL_EINVAL, "offset -1");
  f.offset = 0;
  f.limit = 2;
  f.order = NL_ORDER_NEWEST;
  f.limit = NL_LIMIT_NONE;
  f.since = "2020";
  f.until = "2021";
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d1 d6", "newest within 2020..2021 (no undated)");
  f.since = f.until = NULL;
  f.source = "a";
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d5 d1 d4 d3", "newest from source A");
  f.source = NULL;
  f.format = "html";
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d4", "format filter");
  f.format = NULL;
  f.article = "d6";
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d6", "one article");
  f.article = "d7";
  hits("talks", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "", "an article without the word");
  f.article = NULL;
  hits("nothing", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d7", "d7 only, newest");
  hits("absent", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "", "no match");
  hits("\"talks resumed\" OR spring", &f, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "d2 d1", "phrase OR term, newest");
  /* the row: snippet as for rank, rank NULL (no BM25 in date order) */
  NL_CHECK(nl_db_search(db, "resumed", &f, &c, &err) == NL_OK, "one hit");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "its row");
  NL_CHECK_STR_EQ(nl_cursor_name(c, 5), "rank", "column 5 is rank");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 5), NL_COL_NULL, "rank NULL");
  NL_CHECK_STR_EQ(nl_cursor_text(c, 6, NULL), "The talks [resumed].",
                  "snippet highlights");
  NL_CHECK_STR_EQ(nl_cursor_text(c, 4, NULL), "2022-01-21", "published");
  /* "The talks resumed.": bytes [10, 17) */
  NL_CHECK_INT_EQ(nl_cursor_type(c, 7), NL_COL_LIST, "matches a list");
  NL_CHECK_STR_EQ(nl_cursor_text(c, 7, NULL), "body 10 17", "matches");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "one row only");
  nl_cursor_free(c);
  /* a phrase spans its words; a term in the title too ("Two") */
  NL_CHECK(nl_db_search(db, "\"talks resumed\" OR two", &f, &c, &err) ==
                   NL_OK &&
               nl_cursor_next(c, &err) == NL_OK,
           "phrase hit");
  NL_CHECK_STR_EQ(nl_cursor_text(c, 7, NULL), "title 0 3\nbody 4 17",
                  "phrase and title matches");
  nl_cursor_free(c);
  f.order = NL_ORDER_RANK;
  NL_CHECK(nl_db_search(db, "resumed", &f, &c, &err) == NL_OK, "rank");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "rank row");
  NL_CHECK_INT_EQ(nl_cursor_type(c, 5), NL_COL_REAL, "rank REAL");
  nl_cursor_free(c);
  f.source = "a"; /* rank: only A's articles are scored */
  NL_CHECK(hits("talks", &f, buf, sizeof buf) == NL_OK &&
               strlen(buf) == 11 && strstr(buf, "d5") && strstr(buf, "d1") &&
               strstr(buf, "d4") && strstr(buf, "d3"),
           "rank from source A: d1 d3 d4 d5");
  f.source = NULL;
  /* errors */
  f.order = NL_ORDER_NEWEST;
  NL_CHECK(nl_db_search(db, "\"open", &f, &c, &err) == NL_EQUERY && c == NULL,
           "bad query in date order: NL_EQUERY");
  NL_CHECK(strstr(err.msg, "bad search query") != NULL, err.msg);
  f.order = (nl_order)7;
  NL_CHECK(nl_db_search(db, "talks", &f, &c, &err) == NL_EINVAL,
           "unknown order: NL_EINVAL");
  f.order = NL_ORDER_NEWEST;
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_EINVAL && c == NULL,
           "articles take no order");
  NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_EINVAL && c == NULL,
           "dates take no order");
  nl_db_close(db);
  db = keep;
}

/*
** Date order, common and rare queries, with and without limits and
** ranges.  600 articles: article i (1..600, stored in that order) is
** published in year 1400 + (263 * i) % 600 (263 is prime to 600, so every
** year once, stored out of date order) and holds "alpha" if i is even
** (300 hits), "beta" if i % 7 == 0 (85), "gamma" if i % 25 == 0 (24).  The
** expected order is built here from that rule.
*/
static void expect(int every, int newest, long long limit, const char *since,
                   const char *until, char *out, size_t cap) {
  int year, i, n = 0;
  char y[8];
  out[0] = '\0';
  for (year = newest ? 1999 : 1400; year >= 1400 && year <= 1999;
       year += newest ? -1 : 1) {
    snprintf(y, sizeof y, "%d", year);
    if ((since && strcmp(y, since) < 0) || (until && strcmp(y, until) > 0))
      continue;
    for (i = 1; i <= 600; i++)
      if ((1400 + (263 * i) % 600) == year && i % every == 0) break;
    if (i > 600 || (limit >= 0 && n >= limit)) continue;
    snprintf(out + strlen(out), cap - strlen(out), "%sp%d", n++ ? " " : "", i);
  }
}

/* Rows of a rank search: ids and ranks in order; returns the count. */
static int ranked(const char *q, const nl_filter *f, int *ids, double *rk,
                  int cap) {
  nl_cursor *c;
  int n = 0;
  if (nl_db_search(db, q, f, &c, NULL) != NL_OK) return -1;
  while (n < cap && nl_cursor_next(c, NULL) == NL_OK) {
    ids[n] = atoi(nl_cursor_text(c, 0, NULL) + 1); /* "p<i>" */
    rk[n++] = nl_cursor_real(c, 5);
  }
  nl_cursor_free(c);
  return n;
}

/* The year article p<i> is published in (seed of test_rank_windows). */
static int year_of(int i) { return 1400 + (263 * i) % 600; }

/* Same (article, rank) pairs, best first, ties in publication order (the
** index's key order): by year_of when `by_year` (years are unique there),
** else in storage order (one publication date for all): a[0..n) against
** b[0..m) (any tie order). */
static int same_ranking(const int *a, const double *ra, int n, const int *b,
                        const double *rb, int m, int by_year) {
  static char seen[601];
  int i, j;
  if (n != m) return 0;
  memset(seen, 0, sizeof seen);
  for (i = 0; i < n; i++) {
    if (a[i] < 1 || a[i] > 600 || seen[a[i]]++) return 0;
    if (i && (ra[i] < ra[i - 1] ||
              (ra[i] == ra[i - 1] &&
               (by_year ? year_of(a[i]) < year_of(a[i - 1])
                        : a[i] < a[i - 1]))))
      return 0;
  }
  for (i = 0; i < m; i++) {
    for (j = 0; j < n && a[j] != b[i]; j++)
      continue;
    if (j == n || ra[j] != rb[i] || (i && rb[i] < rb[i - 1])) return 0;
  }
  return 1;
}

/* Two filtered rank searches open at once on one store (each binds its
** own bitmap to the same SQL function): the rows of each as alone. */
static void test_two_cursors(void) {
  nl_filter f = NL_FILTER_INIT, g = NL_FILTER_INIT;
  nl_cursor *c1, *c2;
  char alone1[4096], alone2[4096], got1[4096] = "", got2[4096] = "";
  int n;
  f.since = "1400";
  f.until = "1799"; /* more rows than the first window */
  g.since = "1600";
  hits("alpha", &f, alone1, sizeof alone1);
  hits("beta", &g, alone2, sizeof alone2);
  NL_CHECK(nl_db_search(db, "alpha", &f, &c1, NULL) == NL_OK &&
               nl_db_search(db, "beta", &g, &c2, NULL) == NL_OK,
           "two cursors");
  for (n = 0; n < 2; n++) {
    while (nl_cursor_next(c1, NULL) == NL_OK) {
      snprintf(got1 + strlen(got1), sizeof got1 - strlen(got1), "%s%s",
               got1[0] ? " " : "", nl_cursor_text(c1, 0, NULL));
      if (n == 0) break; /* one row of c1, then all of c2 */
    }
    while (n == 0 && nl_cursor_next(c2, NULL) == NL_OK)
      snprintf(got2 + strlen(got2), sizeof got2 - strlen(got2), "%s%s",
               got2[0] ? " " : "", nl_cursor_text(c2, 0, NULL));
  }
  nl_cursor_free(c1);
  nl_cursor_free(c2);
  NL_CHECK(strlen(alone1) > 100 && strcmp(got1, alone1) == 0,
           "first cursor's rows as alone");
  NL_CHECK(strlen(alone2) > 10 && strcmp(got2, alone2) == 0,
           "second cursor's rows as alone");
}

/*
** Rank order without filters (top-k windows of 100 rows, ties in storage
** order) and with since/until (only the articles in range are scored)
** against FTS5's own rank order (the path taken with a `format` filter
** alone, here "text", which every article has): the same (article, rank)
** pairs, best first.  "alpha" has 300 hits, so a full drain crosses the
** first window; ranks tie a lot here (bodies differ only in length).
*/
static void test_rank_windows(void) {
  static int a[700], b[700], c[700];
  static double ra[700], rb[700], rc[700];
  nl_filter f = NL_FILTER_INIT, g = NL_FILTER_INIT;
  int n, m, i, k, ok, ties = 0;
  g.format = "text";
  n = ranked("alpha", &f, a, ra, 700);
  m = ranked("alpha", &g, b, rb, 700);
  NL_CHECK_INT_EQ(n, 300, "rank: all 300 hits across windows");
  NL_CHECK_INT_EQ(m, 300, "rank with a format filter: 300 hits");
  for (i = 1; i < n; i++)
    if (ra[i] == ra[i - 1]) ties++;
  NL_CHECK(ties > 100, "the check sees ties");
  NL_CHECK(same_ranking(a, ra, n, b, rb, m, 1),
           "same (article, rank) pairs as FTS5's rank order");
  /* since/until: FTS5's order kept for the years 1500..1549 */
  f.since = "1500";
  f.until = "1549";
  k = ranked("alpha", &f, c, rc, 700);
  NL_CHECK_INT_EQ(k, 25, "rank within 1500..1549: 25 hits");
  for (i = m = 0; i < 300; i++) {
    int year = 1400 + (263 * b[i]) % 600;
    if (year >= 1500 && year <= 1549) {
      b[m] = b[i];
      rb[m++] = rb[i];
    }
  }
  NL_CHECK(same_ranking(c, rc, k, b, rb, m, 1),
           "rank within a range = FTS5's order, range kept");
  /* a range with more hits than the first window */
  f.since = "1400";
  f.until = "1799";
  k = ranked("alpha", &f, c, rc, 700);
  g.format = "text";
  m = ranked("alpha", &g, b, rb, 700);
  for (i = n = 0; i < m; i++)
    if (1400 + (263 * b[i]) % 600 <= 1799) {
      b[n] = b[i];
      rb[n++] = rb[i];
    }
  NL_CHECK(k > 150 && same_ranking(c, rc, k, b, rb, n, 1),
           "rank within 1400..1799, drained past the first window");
  f.since = f.until = NULL;
  n = ranked("alpha", &f, a, ra, 700); /* a, ra: unfiltered, again */
  f.limit = 150;
  m = ranked("alpha", &f, b, rb, 700);
  NL_CHECK_INT_EQ(m, 150, "limit 150: one window");
  for (i = 0, ok = 1; i < m; i++)
    if (b[i] != a[i] || rb[i] != ra[i]) ok = 0;
  NL_CHECK(ok, "limit 150 = the first 150 of the full order");
  f.offset = 120; /* a page: 120..169 of the full order (one window) */
  f.limit = 50;
  m = ranked("alpha", &f, b, rb, 700);
  for (i = 0, ok = m == 50; ok && i < m; i++)
    if (b[i] != a[120 + i] || rb[i] != ra[120 + i]) ok = 0;
  NL_CHECK(ok, "offset 120, limit 50 = 120..169 of the full order");
  f.offset = 90; /* no limit: past the first window of 100 */
  f.limit = NL_LIMIT_NONE;
  m = ranked("alpha", &f, b, rb, 700);
  for (i = 0, ok = m == 210; ok && i < m; i++)
    if (b[i] != a[90 + i] || rb[i] != ra[90 + i]) ok = 0;
  NL_CHECK(ok, "offset 90 = 90..299 of the full order (%d rows)", m);
  g.offset = 250; /* FTS5's own rank order (a format filter) */
  m = ranked("alpha", &g, b, rb, 700);
  for (i = 0, ok = m == 50; ok && i < m; i++)
    if (b[i] != a[250 + i]) ok = 0;
  NL_CHECK(ok, "format filter, offset 250: its last 50 (%d rows)", m);
  g.offset = f.offset = 0;
  f.limit = NL_LIMIT_NONE;
  test_two_cursors();
  NL_CHECK_INT_EQ(ranked("gamma", &f, b, rb, 700), 24, "gamma: 24 hits");
  NL_CHECK_INT_EQ(ranked("omega", &f, b, rb, 700), 0, "no hits");
}

/*
** The first rank window where nl_bm25topk prunes most rows: "delta" 12
** times in rows 15, 30, .. 600 (40 rows), once, as the last word, in 280
** others.  A once-row scores at most 2.2 / 1.3 = 1.69 IDF whatever its
** length, a 12-hit row (about 17 tokens, under 3x the mean) at least
** 26.4 / 14.94 = 1.77: with limit 20, once 20 heavy rows are in (rowid
** 300), each of the 140 once-rows above 300 is pruned.  The rows and
** ranks must still be FTS5's (the `format` path), drained past the
** first window too.
*/
static void test_rank_pruned(void) {
  static int a[700], b[700];
  static double ra[700], rb[700];
  nl_db *keep = db;
  nl_filter f = NL_FILTER_INIT, g = NL_FILTER_INIT;
  char id[16], body[160];
  long long p0, p1;
  int i, j, n, m, ok;
  NL_CHECK(nl_db_open(":memory:", NULL, &db, NULL) == NL_OK, "pruned store");
  for (i = 1; i <= 600; i++) {
    snprintf(id, sizeof id, "p%d", i);
    snprintf(body, sizeof body, "Item %d.", i);
    for (j = 0; j < i % 4; j++)
      strcat(body, " filler");
    for (j = 0; j < (i % 15 == 0 ? 12 : i % 15 < 8 ? 1 : 0); j++)
      strcat(body, " delta");
    put(id, "T", body, "2001", NULL, "text");
  }
  g.format = "text"; /* FTS5's own rank order */
  n = ranked("delta", &f, a, ra, 700);
  m = ranked("delta", &g, b, rb, 700);
  NL_CHECK_INT_EQ(n, 320, "pruned: 320 hits");
  NL_CHECK(same_ranking(a, ra, n, b, rb, m, 0),
           "pruned: same (article, rank) pairs as FTS5, all windows");
  for (i = 0, ok = 1; i < 40; i++)
    if (a[i] % 15 != 0) ok = 0;
  NL_CHECK(ok, "pruned: the 40 heavy rows first");
  nl_rank_counts(NULL, &p0);
  f.limit = 20;
  m = ranked("delta", &f, b, rb, 700);
  nl_rank_counts(NULL, &p1);
  for (i = 0, ok = m == 20; ok && i < m; i++)
    ok = b[i] == a[i] && rb[i] == ra[i];
  NL_CHECK(ok, "pruned: limit 20 = the first 20 of the full order");
  NL_CHECK(p1 - p0 >= 140, "pruned: %lld rows pruned", p1 - p0);
  nl_db_close(db);
  db = keep;
}

static void test_plans(void) {
  nl_db *keep = db;
  static char got[8192], want[8192];
  static const struct {
    const char *q;
    int every, newest;
    long long limit;
    const char *since, *until;
  } cases[] = {
      {"alpha", 2, 1, -1, NULL, NULL},     {"alpha", 2, 0, -1, NULL, NULL},
      {"alpha", 2, 1, 100, NULL, NULL},    {"alpha", 2, 1, 3, NULL, NULL},
      {"beta", 7, 1, -1, NULL, NULL},      {"beta", 7, 0, 5, NULL, NULL},
      {"beta", 7, 1, 5, NULL, NULL},       {"gamma", 25, 1, -1, NULL, NULL},
      {"gamma", 25, 1, 2, NULL, NULL},     {"gamma", 25, 0, -1, NULL, NULL},
      {"alpha", 2, 1, -1, "1500", "1549"}, {"gamma", 25, 0, -1, "1700", NULL},
      {"beta", 7, 1, 0, NULL, NULL},       {"beta", 7, 0, 0, "1500", NULL},
  };
  size_t k;
  int i;
  char id[16], year[8], body[64];
  NL_CHECK(nl_db_open(":memory:", NULL, &db, NULL) == NL_OK, "plans store");
  for (i = 1; i <= 600; i++) {
    snprintf(id, sizeof id, "p%d", i);
    snprintf(year, sizeof year, "%d", 1400 + (263 * i) % 600);
    snprintf(body, sizeof body, "Item %d.%s%s%s", i, i % 2 ? "" : " alpha",
             i % 7 ? "" : " beta", i % 25 ? "" : " gamma");
    put(id, "T", body, year, NULL, "text");
  }
  for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    nl_filter f = NL_FILTER_INIT;
    char what[96];
    f.order = cases[k].newest ? NL_ORDER_NEWEST : NL_ORDER_OLDEST;
    f.limit = cases[k].limit;
    f.since = cases[k].since;
    f.until = cases[k].until;
    hits(cases[k].q, &f, got, sizeof got);
    expect(cases[k].every, cases[k].newest, cases[k].limit, cases[k].since,
           cases[k].until, want, sizeof want);
    snprintf(what, sizeof what, "%s %s limit %lld since %s", cases[k].q,
             cases[k].newest ? "newest" : "oldest", cases[k].limit,
             cases[k].since ? cases[k].since : "-");
    NL_CHECK_STR_EQ(got, want, what);
  }
  test_rank_windows();
  nl_db_close(db);
  db = keep;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct values of column `col` of the rows of c, sorted, joined
** with ' ' into out; frees c. */
static void distinct(nl_cursor *c, int col, char *out, size_t cap) {
  static char ids[32][16];
  const char *p[32];
  int n = 0, i;
  out[0] = '\0';
  while (c && nl_cursor_next(c, NULL) == NL_OK) {
    const char *id = nl_cursor_text(c, col, NULL);
    for (i = 0; i < n && strcmp(ids[i], id); i++)
      continue;
    if (i == n && n < 32) snprintf(ids[n++], sizeof ids[0], "%s", id);
  }
  nl_cursor_free(c);
  for (i = 0; i < n; i++)
    p[i] = ids[i];
  qsort(p, (size_t)n, sizeof *p, cmp_str);
  for (i = 0; i < n; i++)
    snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "", p[i]);
}

/*
** source: exact, case-insensitive in every script (Unicode case folding,
** as the tokenizer's), the same articles from every query and search plan
** (articles, dates, search by rank, newest, oldest; with since), with the
** source index and without it (a bulk load killed before building it).
*/
static void test_source_unicode(void) {
  static const struct {
    const char *source, *since, *want;
  } cases[] = {
      {"Jornal de Not\303\255cias", NULL, "p1 p2"},
      {"JORNAL DE NOT\303\215CIAS", NULL, "p1 p2"},
      {"jornal de not\303\255cias", NULL, "p1 p2"},
      {"jornal de noti\314\201cias", NULL, "p1 p2"}, /* decomposed */
      {"JORNAL DE NOT\303\215CIAS", "2022-01-22", "p2"},
      {"\xce\x9f \xce\x9a\xce\x8c\xce\xa3\xce\x9c\xce\x9f\xce\xa3",
       NULL, "g1"}, /* "Ο ΚΌΣΜΟΣ": final sigma */
      {"reuters", NULL, "r1 r2"},
      {"REUTERS", "2022-01-27", "r2"},
      {"Not\303\255cias", NULL, ""},
      {"\xc3\xbc", NULL, ""},
  };
  static const nl_order orders[] = {NL_ORDER_RANK, NL_ORDER_NEWEST,
                                    NL_ORDER_OLDEST};
  nl_db *keep = db;
  nl_cursor *c;
  char got[256], what[160];
  size_t k, o;
  int pass;
  NL_CHECK(nl_db_open(":memory:", NULL, &db, NULL) == NL_OK, "source store");
  put("p1", "T", "Talks resumed on January 21, 2022.", "2022-01-21",
      "Jornal de Not\303\255cias", "text");
  put("p2", "T", "Talks ended on January 24, 2022.", "2022-01-24",
      "JORNAL DE NOT\303\215CIAS", "text");
  put("g1", "T", "Talks opened on January 25, 2022.", "2022-01-25",
      "\xce\x9f \xce\x9a\xcf\x8c\xcf\x83\xce\xbc\xce\xbf\xcf\x82",
      "text"); /* "Ο Κόσμος" */
  put("r1", "T", "Talks stalled on January 26, 2022.", "2022-01-26",
      "Reuters", "text");
  put("r2", "T", "Talks failed on January 27, 2022.", "2022-01-27",
      "REUTERS", "text");
  put("n1", "T", "Talks went on, January 28, 2022.", "2022-01-28", NULL,
      "text");
  for (pass = 0; pass < 2; pass++) {
    if (pass == 1)
      NL_CHECK(sqlite3_exec(nl_db_sqlite(db), "DROP INDEX articles_source",
                            NULL, NULL, NULL) == SQLITE_OK,
               "without the source index");
    for (k = 0; k < sizeof cases / sizeof *cases; k++) {
      nl_filter f = NL_FILTER_INIT;
      f.source = cases[k].source;
      f.since = cases[k].since;
      snprintf(what, sizeof what, "%s%s since %s: articles", cases[k].source,
               pass ? " (no index)" : "", f.since ? f.since : "-");
      NL_CHECK(nl_db_articles(db, &f, &c, NULL) == NL_OK, "%s", what);
      distinct(c, 0, got, sizeof got);
      NL_CHECK_STR_EQ(got, cases[k].want, what);
      NL_CHECK(nl_db_dates(db, &f, &c, NULL) == NL_OK, "%s", what);
      distinct(c, 11, got, sizeof got); /* article */
      strcpy(strrchr(what, ':'), ": dates");
      NL_CHECK_STR_EQ(got, cases[k].want, what);
      if (k == 0 && pass == 0) { /* a date's flags: INT, and BOOL bits */
        NL_CHECK(nl_db_dates(db, &f, &c, NULL) == NL_OK &&
                     nl_cursor_next(c, NULL) == NL_OK &&
                     nl_cursor_type(c, 6) == NL_COL_INT &&
                     nl_cursor_type(c, 17) == NL_COL_BOOL &&
                     nl_cursor_int(c, 17) == (nl_cursor_int(c, 6) & 1),
                 "flags INT, absolute BOOL of its bit");
        nl_cursor_free(c);
      }
      for (o = 0; o < sizeof orders / sizeof *orders; o++) {
        f.order = orders[o];
        NL_CHECK(nl_db_search(db, "talks", &f, &c, NULL) == NL_OK, "%s", what);
        distinct(c, 0, got, sizeof got);
        snprintf(strrchr(what, ':'), 24, ": search %s",
                 o == 0 ? "rank" : o == 1 ? "newest" : "oldest");
        NL_CHECK_STR_EQ(got, cases[k].want, what);
      }
    }
  }
  nl_db_close(db);
  db = keep;
}

/*
** Allocation failures anywhere in a planned search (date order, both
** chained statements of "oldest"; rank with its key set): NL_ENOMEM or
** the same rows as without failures, never a crash or a leak (the ASan
** build runs this too).
*/
static void test_search_oom(void) {
  nl_filter f[3] = {NL_FILTER_INIT, NL_FILTER_INIT, NL_FILTER_INIT};
  int i, k, bad = 0, done;
  f[0].order = NL_ORDER_NEWEST;
  f[0].since = "1987";
  f[1].order = NL_ORDER_OLDEST;
  f[2].source = "reuters";
  f[2].since = "1987-02-01";
  for (i = 0; i < 3; i++) {
    char want[256] = "", got[256];
    nl_cursor *c = NULL;
    if (nl_db_search(db, "oil OR grain OR talks OR date", &f[i], &c, NULL) ==
        NL_OK)
      while (nl_cursor_next(c, NULL) == NL_OK)
        strcat(want, nl_cursor_text(c, 0, NULL));
    nl_cursor_free(c);
    for (k = 1, done = 0; k < 400 && !done; k++) {
      nl_status st;
      got[0] = '\0';
      c = NULL;
      nl_alloc_fail_after(k, 1);
      st = nl_db_search(db, "oil OR grain OR talks OR date", &f[i], &c, NULL);
      if (st == NL_OK) {
        while ((st = nl_cursor_next(c, NULL)) == NL_OK)
          strcat(got, nl_cursor_text(c, 0, NULL));
        if (st == NL_DONE) st = NL_OK;
      }
      nl_alloc_fail_after(0, 0);
      nl_cursor_free(c);
      if (st != NL_OK && st != NL_ENOMEM) bad++;
      if (st == NL_OK && strcmp(got, want) != 0) bad++;
      if (st == NL_OK && c == NULL) bad++;
      done = st == NL_OK;
    }
    NL_CHECK(strlen(want) > 0 && done, "search %d succeeds once memory is"
             " there: %s", i, want);
  }
  NL_CHECK_INT_EQ(bad, 0, "only NL_ENOMEM or the right rows");
}

int main(void) {
  nl_error err = NL_ERROR_INIT;
  if (nl_db_open(":memory:", NULL, &db, &err) != NL_OK) {
    printf("# %s\n", err.msg);
    return 1;
  }
  put("r1", "Oil", "Oil prices rose sharply.\n\nOPEC met in Vienna.",
      "1987-02-26", "Reuters", "sgml");
  put("r2", "Grain", "Grain exports fell.", "1987-02-27", "reuters", "sgml");
  put("t1", "Talks", "Talks in Geneva.", "2022-01-21", "BBC", "text");
  put("t2", "Undated", "No date here.", NULL, NULL, "text");
  test_columns();
  test_lists_and_types();
  test_filters();
  test_count();
  test_sources();
  test_source_unicode();
  test_order();
  test_plans();
  test_rank_pruned();
  test_search_oom();
  nl_db_close(db);
  return nl_test_done();
}
