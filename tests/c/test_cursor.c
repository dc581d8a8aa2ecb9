/* Tests for the cursors (nl_cursor.c): the documented columns of every
** query, column types and LIST columns, filters, accessor edge cases. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"

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
                       "paragraphs,warnings,meta",
                  "articles columns");
  nl_cursor_free(c);
  nl_db_search(db, "oil", NULL, &c, NULL);
  names(c, buf, sizeof buf);
  NL_CHECK_STR_EQ(buf, "article,title,source,file,published,rank,snippet,"
                       "article.id,article.file,article.format,"
                       "article.source,article.title,article.url,"
                       "article.author,article.language,article.published,"
                       "article.published_source,article.published_evidence,"
                       "article.paragraphs,article.warnings,article.meta",
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
                       "article.file,article.published",
                  "dates columns");
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
  f.limit = 0;
  f.article = "nope";
  nl_db_articles(db, &f, &c, NULL);
  NL_CHECK_INT_EQ(count_rows(c), 0, "unknown article: no rows");
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
  nl_db_close(db);
  return nl_test_done();
}
