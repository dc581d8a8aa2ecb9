#define _POSIX_C_SOURCE 200809L /* mkdtemp */
/* Tests for the store (nl_db.c, nl_schema.c): open/close, schema, put and
** replace, full-text search with highlights and filters, bad queries,
** closed handles, read-only stores and a full disk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"
#include "nl_db_internal.h"
#include "store_sql.h"
#include "store_upgrade.h"

static char tmpdir[64];

static nl_article *mk(const char *id, const char *title, const char *body,
                      const char *published, const char *source) {
  nl_article *a;
  if (nl_article_new(&a) != NL_OK) return NULL;
  nl_article_set(a, &a->id, id, strlen(id));
  nl_article_set(a, &a->file, "mem.txt", 7);
  nl_article_set(a, &a->title, title, strlen(title));
  if (source) nl_article_set(a, &a->source, source, strlen(source));
  nl_article_add_text(a, body, strlen(body), 0);
  if (published)
    nl_article_set_published(a, published, NL_PUB_METADATA, "test header");
  a->format = "text";
  return a;
}

static int put(nl_db *db, const char *id, const char *title, const char *body,
               const char *published, const char *source) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a = mk(id, title, body, published, source);
  nl_status st = nl_db_put_article(db, a, &err);
  if (st != NL_OK) printf("# put %s: %s\n", id, err.msg);
  nl_article_free(a);
  return st;
}

static long long count(nl_db *db) {
  long long n = -1;
  nl_db_count(db, &n, NULL);
  return n;
}

static int col(nl_cursor *c, const char *name) {
  int i;
  for (i = 0; i < nl_cursor_ncols(c); i++)
    if (strcmp(nl_cursor_name(c, i), name) == 0) return i;
  return -1;
}

static const char *text(nl_cursor *c, const char *name) {
  return nl_cursor_text(c, col(c, name), NULL);
}

static void seed(nl_db *db) {
  put(db, "a1", "Talks in Geneva",
      "Blinken met Lavrov in Geneva on Friday. The talks lasted 90 minutes.",
      "2022-01-21", "Reuters");
  put(db, "b2", "Ukraine crisis",
      "Russia denied plans to invade Ukraine. Talks will continue next week.",
      "2022-01-24", "BBC");
  put(db, "c3", "Markets", "Stocks fell in 2014. Oil prices rose.", NULL,
      "AP");
}

/* Run a search and collect the ids in order, space-separated. */
static nl_status search_ids(nl_db *db, const char *q, const nl_filter *f,
                            char *out, size_t cap, nl_error *err) {
  nl_cursor *c;
  nl_status st = nl_db_search(db, q, f, &c, err);
  out[0] = '\0';
  if (st != NL_OK) return st;
  while ((st = nl_cursor_next(c, err)) == NL_OK) {
    if (out[0]) strncat(out, " ", cap - strlen(out) - 1);
    strncat(out, text(c, "article"), cap - strlen(out) - 1);
  }
  nl_cursor_free(c);
  return st == NL_DONE ? NL_OK : st;
}

static void test_open_schema(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  char path[128];
  snprintf(path, sizeof path, "%s/sub/dir/index.db", tmpdir);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK,
           "open creates parent dirs: %s", err.msg);
  if (!db) return;
  NL_CHECK_STR_EQ(nl_db_path(db), path, "path kept");
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), NL_SCHEMA_VERSION,
                  "user_version");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name"
                              " IN ('files','articles','sentences',"
                              "'annotations','fts')"),
                  5, "tables exist");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM pragma_journal_mode"
                              " WHERE journal_mode = 'wal'"),
                  1, "WAL mode");
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA foreign_keys"), 0,
                  "foreign keys off (annotations deleted explicitly)");
  NL_CHECK_INT_EQ(count(db), 0, "empty store");
  nl_db_close(db);
  /* reopen: schema is checked, not recreated */
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "reopen");
  nl_db_close(db);
  nl_db_close(NULL);
}

static void test_not_a_store(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db = (nl_db *)1;
  char path[128];
  FILE *fp;
  snprintf(path, sizeof path, "%s/junk.db", tmpdir);
  fp = fopen(path, "wb");
  fputs("this is not an SQLite database, just some text................"
        "................................................................",
        fp);
  fclose(fp);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) != NL_OK, "junk file refused");
  NL_CHECK(db == NULL, "out NULL on failure");
  NL_CHECK(strstr(err.msg, path) != NULL, "message names the path: %s",
           err.msg);
  NL_CHECK(nl_db_open("", NULL, &db, &err) == NL_EINVAL, "empty path");
}

static void test_put_replace(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  nl_cursor *c;
  char ids[256];
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open memory");
  seed(db);
  NL_CHECK_INT_EQ(count(db), 3, "three articles");
  NL_CHECK(search_ids(db, "geneva", NULL, ids, sizeof ids, &err) == NL_OK,
           "search geneva");
  NL_CHECK_STR_EQ(ids, "a1", "geneva -> a1");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations WHERE"
                              " article = (SELECT rowid FROM articles WHERE"
                              " id = 'a1')"),
                  2, "a1 has two dates (Friday, 90 minutes)");
  /* replace a1: the old text leaves the index, its date the annotations
  ** (deleted explicitly: no foreign-key cascade) */
  NL_CHECK_INT_EQ(put(db, "a1", "Talks in Paris", "Blinken met Lavrov in "
                                                  "Paris.", "2022-01-21",
                      "Reuters"),
                  NL_OK, "replace a1");
  NL_CHECK_INT_EQ(count(db), 3, "still three articles");
  search_ids(db, "geneva", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "", "old text gone from the index");
  search_ids(db, "paris", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "a1", "new text indexed");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM fts WHERE fts MATCH "
                              "'lavrov'"),
                  1, "one FTS row for lavrov");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM sentences s WHERE NOT "
                              "EXISTS (SELECT 1 FROM articles a WHERE "
                              "a.rowid = s.article)"),
                  0, "no orphan sentences");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations WHERE"
                              " article NOT IN (SELECT rowid FROM articles)"),
                  0, "no orphan annotations");
  /* articles cursor: id order, metadata */
  NL_CHECK(nl_db_articles(db, NULL, &c, &err) == NL_OK, "articles");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "row 1");
  NL_CHECK_STR_EQ(text(c, "id"), "a1", "first id");
  NL_CHECK_STR_EQ(text(c, "title"), "Talks in Paris", "title replaced");
  NL_CHECK_STR_EQ(text(c, "published"), "2022-01-21", "published");
  NL_CHECK_STR_EQ(text(c, "published_source"), "metadata", "provenance");
  NL_CHECK_STR_EQ(text(c, "published_evidence"), "test header", "evidence");
  NL_CHECK_STR_EQ(text(c, "source"), "Reuters", "source");
  NL_CHECK_STR_EQ(text(c, "paragraphs"), "0 28", "paragraph list");
  NL_CHECK_INT_EQ(nl_cursor_type(c, col(c, "paragraphs")), NL_COL_LIST,
                  "paragraphs is a LIST");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "row 2");
  NL_CHECK_STR_EQ(text(c, "id"), "b2", "second id");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "row 3");
  NL_CHECK_STR_EQ(text(c, "id"), "c3", "third id");
  NL_CHECK(text(c, "published") == NULL, "no date -> NULL");
  NL_CHECK_STR_EQ(text(c, "published_source"), "none", "provenance none");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "done");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "done stays done");
  nl_cursor_free(c);
  nl_db_close(db);
}

static void test_search(void) {
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_db *db;
  nl_cursor *c;
  char ids[256];
  nl_db_open(":memory:", NULL, &db, &err);
  seed(db);
  NL_CHECK(nl_db_search(db, "Geneva", NULL, &c, &err) == NL_OK, "search");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "one hit");
  NL_CHECK_STR_EQ(text(c, "article"), "a1", "hit a1");
  NL_CHECK_STR_EQ(text(c, "article.id"), "a1", "article.id");
  NL_CHECK_STR_EQ(text(c, "source"), "Reuters", "hit source");
  NL_CHECK_STR_EQ(text(c, "article.published"), "2022-01-21",
                  "article.published");
  NL_CHECK(strstr(text(c, "snippet"), "[Geneva]") != NULL,
           "snippet highlights: %s", text(c, "snippet"));
  NL_CHECK(nl_cursor_type(c, col(c, "rank")) == NL_COL_REAL, "rank REAL");
  NL_CHECK(nl_cursor_real(c, col(c, "rank")) < 0, "bm25 rank negative");
  NL_CHECK(col(c, "article.body") < 0 && col(c, "body") < 0,
           "no body column in search");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "only one hit");
  nl_cursor_free(c);

  search_ids(db, "talks", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "a1 b2", "talks: title+body hit ranks first");
  search_ids(db, "\"met Lavrov\"", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "a1", "phrase");
  search_ids(db, "\"Lavrov met\"", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "", "phrase order matters");
  search_ids(db, "NEAR(Blinken Geneva, 3)", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "a1", "NEAR within 3");
  search_ids(db, "NEAR(Blinken minutes, 3)", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "", "NEAR too far");
  search_ids(db, "ukr*", NULL, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "b2", "prefix query");

  f.source = "bbc";
  search_ids(db, "talks", &f, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "b2", "source filter, case-insensitive");
  f.source = NULL;
  f.since = "2022-01-22";
  search_ids(db, "talks", &f, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "b2", "since filter");
  f.since = NULL;
  f.until = "2022-01-21";
  search_ids(db, "talks OR stocks", &f, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "a1", "until is inclusive, undated excluded");
  f.until = "2022-01";
  search_ids(db, "talks", &f, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "a1 b2", "until a month covers the month");
  f.until = NULL;
  f.limit = 1;
  search_ids(db, "talks", &f, ids, sizeof ids, &err);
  NL_CHECK_STR_EQ(ids, "a1", "limit 1");

  nl_error_clear(&err);
  NL_CHECK(search_ids(db, "talks AND (", NULL, ids, sizeof ids, &err) ==
               NL_EQUERY,
           "bad syntax -> NL_EQUERY");
  NL_CHECK(strstr(err.msg, "talks AND (") != NULL, "message has the query: %s",
           err.msg);
  NL_CHECK(search_ids(db, "nosuchcol: x", NULL, ids, sizeof ids, &err) ==
               NL_EQUERY,
           "unknown column -> NL_EQUERY");
  nl_db_close(db);
}

static void test_sentences_dates(void) {
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_db *db;
  nl_cursor *c;
  nl_db_open(":memory:", NULL, &db, &err);
  seed(db);
  NL_CHECK(nl_db_sentences(db, "a1", &c, &err) == NL_OK, "sentences a1");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "sentence 0");
  NL_CHECK_INT_EQ(nl_cursor_int(c, col(c, "index")), 0, "index 0");
  NL_CHECK_INT_EQ(nl_cursor_int(c, col(c, "start")), 0, "start 0");
  NL_CHECK_INT_EQ(nl_cursor_int(c, col(c, "end")), 39, "end 39");
  NL_CHECK_STR_EQ(text(c, "text"), "Blinken met Lavrov in Geneva on Friday.",
                  "sentence 0 text");
  NL_CHECK_STR_EQ(text(c, "article"), "a1", "article column");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "sentence 1");
  NL_CHECK_INT_EQ(nl_cursor_int(c, col(c, "start")), 40, "start 40");
  NL_CHECK_STR_EQ(text(c, "text"), "The talks lasted 90 minutes.",
                  "sentence 1 text");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "two sentences");
  nl_cursor_free(c);
  NL_CHECK(nl_db_sentences(db, "zz", &c, &err) == NL_ENOTFOUND,
           "unknown article -> NL_ENOTFOUND");
  NL_CHECK(c == NULL, "no cursor");

  /* "in 2014" in c3: a year, wherever the tagger draws the extent */
  f.since = "2014";
  f.until = "2014";
  NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_OK, "dates 2014");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "one date in 2014");
  NL_CHECK_STR_EQ(text(c, "value"), "2014", "value");
  NL_CHECK_STR_EQ(text(c, "type"), "DATE", "type");
  NL_CHECK(text(c, "expression") && strstr(text(c, "expression"), "2014"),
           "expression text");
  NL_CHECK_STR_EQ(text(c, "sentence"), "Stocks fell in 2014.",
                  "sentence text");
  NL_CHECK_INT_EQ(nl_cursor_int(c, col(c, "sentence_start")), 0,
                  "sentence_start");
  NL_CHECK_STR_EQ(text(c, "article"), "c3", "article");
  NL_CHECK_STR_EQ(text(c, "article.source"), "AP", "article.source");
  NL_CHECK_STR_EQ(text(c, "article.title"), "Markets", "article.title");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "only one");
  nl_cursor_free(c);
  /* "on Friday" (past tense, DCT Friday 2022-01-21) -> that day */
  f.since = "2022-01-21";
  f.until = "2022-01-21";
  f.article = "a1";
  nl_db_dates(db, &f, &c, &err);
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "date on Friday");
  NL_CHECK_STR_EQ(text(c, "value"), "2022-01-21", "Friday resolved");
  NL_CHECK_STR_EQ(text(c, "sentence"),
                  "Blinken met Lavrov in Geneva on Friday.",
                  "its sentence");
  nl_cursor_free(c);
  /* the dates of the articles a full-text query matches (c3's 2014) */
  {
    nl_filter q = NL_FILTER_INIT;
    q.query = "stocks";
    NL_CHECK(nl_db_dates(db, &q, &c, &err) == NL_OK, "dates, query");
    NL_CHECK(c && nl_cursor_next(c, &err) == NL_OK, "a date of c3");
    if (c) NL_CHECK_STR_EQ(text(c, "article"), "c3", "c3's");
    NL_CHECK(c && nl_cursor_next(c, &err) == NL_DONE, "c3's one date");
    nl_cursor_free(c);
    q.query = "NEAR(";
    NL_CHECK_INT_EQ(nl_db_dates(db, &q, &c, &err), NL_EQUERY, "bad query");
    NL_CHECK(c == NULL && strstr(err.msg, "NEAR("), "no cursor: %s", err.msg);
    q.query = "stocks";
    NL_CHECK_INT_EQ(nl_db_search(db, "stocks", &q, &c, &err), NL_EINVAL,
                    "search refuses a filter query");
  }
  nl_db_close(db);
}

/*
** 37 dates in one article: stored by statements of up to NL_DATE_ROWS
** rows (16 + 16 + 5), each with its own sentence, none lost or doubled.
*/
static void test_many_dates(void) {
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_db *db;
  nl_cursor *c;
  char body[37 * 24 + 1], want[32];
  size_t n = 0;
  int i, rows = 0, ordered = 1;
  for (i = 0; i < 37; i++)
    n += (size_t)snprintf(body + n, sizeof body - n, "%sIn %d it rained.",
                          i ? " " : "", 1901 + i);
  nl_db_open(":memory:", NULL, &db, &err);
  NL_CHECK_INT_EQ(put(db, "y1", "Years", body, "2000-01-01", NULL), NL_OK,
                  "put 37 years");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations"), 37,
                  "37 date rows");
  f.article = "y1";
  NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_OK, "dates y1");
  while (c && nl_cursor_next(c, &err) == NL_OK) {
    snprintf(want, sizeof want, "%d", 1901 + rows);
    if (strcmp(text(c, "value"), want) != 0) ordered = 0;
    snprintf(want, sizeof want, "In %d it rained.", 1901 + rows);
    if (strcmp(text(c, "sentence"), want) != 0) ordered = 0;
    rows++;
  }
  nl_cursor_free(c);
  NL_CHECK_INT_EQ(rows, 37, "37 dates read back");
  NL_CHECK(ordered, "1901..1937, each in its own sentence");
  /* stored again: the old 37 go, the new 37 come, no duplicates */
  NL_CHECK_INT_EQ(put(db, "y1", "Years", body, "2000-01-01", NULL), NL_OK,
                  "put again");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations"), 37,
                  "still 37 date rows");
  nl_db_close(db);
}

/*
** nl_db_dates_add gathers dates across articles into statements of
** NL_DATE_ROWS rows: two articles of 10 dates each step one statement of
** 16 (6 of them the second's) before nl_db_dates_end steps the last 4;
** each row keeps its own article and sentence.
*/
static void test_dates_across(void) {
  nl_error err = NL_ERROR_INIT;
  nl_prepared p1, p2;
  nl_date_rows d;
  nl_article *a1, *a2;
  nl_db *db;
  char body[10 * 24 + 1];
  size_t n = 0;
  int i;
  for (i = 0; i < 10; i++)
    n += (size_t)snprintf(body + n, sizeof body - n, "%sIn %d it rained.",
                          i ? " " : "", 1901 + i);
  a1 = mk("d1", "One", body, "2000-01-01", NULL);
  a2 = mk("d2", "Two", body, "2000-01-01", NULL);
  nl_db_open(":memory:", NULL, &db, &err);
  NL_CHECK(nl_db_prepare(a1, &p1, &err) == NL_OK &&
               nl_db_prepare(a2, &p2, &err) == NL_OK && p1.ntx == 10 &&
               p2.ntx == 10,
           "10 dates each");
  NL_CHECK(nl_db_begin(db, &err) == NL_OK, "begin");
  d.n = 0;
  NL_CHECK(nl_db_dates_add(db, &d, 7, &p1, &err) == NL_OK, "add first");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations"), 0,
                  "10 rows wait for a full statement");
  NL_CHECK(nl_db_dates_add(db, &d, 8, &p2, &err) == NL_OK, "add second");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations"), 16,
                  "one statement of 16 across both");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations WHERE"
                              " article = 8"), 6, "6 of them the second's");
  NL_CHECK(nl_db_dates_end(db, &d, &err) == NL_OK, "end");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations WHERE"
                              " article = 8 AND sentence = CAST(value AS"
                              " INTEGER) - 1901"), 10,
                  "the second's 10, each in its sentence");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations WHERE"
                              " article = 7 AND sentence = CAST(value AS"
                              " INTEGER) - 1901"), 10, "the first's 10");
  nl_db_end(db, 1, NULL);
  nl_prepared_clear(&p1);
  nl_prepared_clear(&p2);
  nl_article_free(a1);
  nl_article_free(a2);
  nl_db_close(db);
}

static void test_closed_cursor(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  nl_cursor *c, *c2;
  nl_db_open(":memory:", NULL, &db, &err);
  seed(db);
  nl_db_articles(db, NULL, &c, &err);
  nl_db_search(db, "talks", NULL, &c2, &err);
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "row before close");
  nl_db_close(db);
  NL_CHECK(nl_cursor_next(c, &err) == NL_EMISUSE, "closed db -> EMISUSE");
  NL_CHECK(strstr(err.msg, "closed") != NULL, "message says closed");
  NL_CHECK(nl_cursor_next(c2, &err) == NL_EMISUSE, "search cursor too");
  nl_cursor_free(c);
  nl_cursor_free(c2); /* frees the zombie connection and the db */
  nl_cursor_free(NULL);
}

static void test_readonly(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db_opts o = NL_DB_OPTS_INIT;
  nl_db *db;
  char path[128], missing[160];
  nl_article *a;
  snprintf(path, sizeof path, "%s/ro.db", tmpdir);
  nl_db_open(path, NULL, &db, &err);
  seed(db);
  nl_db_close(db);
  o.readonly = 1;
  NL_CHECK(nl_db_open(path, &o, &db, &err) == NL_OK, "open read-only: %s",
           err.msg);
  if (!db) return;
  NL_CHECK_INT_EQ(count(db), 3, "readable");
  a = mk("d4", "New", "New text.", NULL, NULL);
  NL_CHECK(nl_db_put_article(db, a, &err) == NL_EMISUSE, "put refused");
  NL_CHECK(strstr(err.msg, "read-only") != NULL, "clear message: %s",
           err.msg);
  nl_article_free(a);
  NL_CHECK(nl_db_ingest(db, tmpdir, NULL, NULL, &err) == NL_EMISUSE,
           "ingest refused");
  NL_CHECK_INT_EQ(count(db), 3, "nothing written");
  nl_db_close(db);
  /* a store that is not there, read-only: not found, naming it; nothing
  ** is created (nor its folder) */
  snprintf(missing, sizeof missing, "%s/missing.db", tmpdir);
  NL_CHECK(nl_db_open(missing, &o, &db, &err) == NL_ENOTFOUND && !db,
           "missing store read-only: %s", err.msg);
  NL_CHECK(strstr(err.msg, missing) && strstr(err.msg, "no such store"),
           "names the store: %s", err.msg);
  NL_CHECK(access(missing, F_OK) != 0, "not created");
  snprintf(missing, sizeof missing, "%s/no/such/dir/x.db", tmpdir);
  NL_CHECK(nl_db_open(missing, &o, &db, &err) == NL_ENOTFOUND && !db,
           "store in a missing folder read-only: %s", err.msg);
  snprintf(missing, sizeof missing, "%s/no", tmpdir);
  NL_CHECK(access(missing, F_OK) != 0, "no folder created");
  snprintf(missing, sizeof missing, "%s/x.db", path); /* under a file */
  NL_CHECK(nl_db_open(missing, &o, &db, &err) == NL_ENOTFOUND && !db,
           "store under a file read-only: %s", err.msg);
}

static void test_disk_full(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  char path[128], *body, sql[64];
  size_t i, n = 300000;
  long long pages;
  snprintf(path, sizeof path, "%s/full.db", tmpdir);
  nl_db_open(path, NULL, &db, &err);
  seed(db);
  pages = sql_int(db, "PRAGMA page_count");
  snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages + 4);
  sqlite3_exec(nl_db_sqlite(db), sql, NULL, NULL, NULL);
  body = malloc(n + 1);
  for (i = 0; i < n; i++) body[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 23);
  body[n] = '\0';
  NL_CHECK(put(db, "big", "Big", body, NULL, NULL) == NL_EIO,
           "disk full -> NL_EIO");
  {
    nl_article *a = mk("big", "Big", body, NULL, NULL);
    nl_db_put_article(db, a, &err);
    nl_article_free(a);
    NL_CHECK(strstr(err.msg, "disk full") != NULL, "message: %s", err.msg);
  }
  NL_CHECK_INT_EQ(count(db), 3, "nothing half-written");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM sentences WHERE article"
                              " NOT IN (SELECT rowid FROM articles)"),
                  0, "no orphans");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM fts WHERE fts MATCH "
                              "'talks'"),
                  2, "index intact");
  sqlite3_exec(nl_db_sqlite(db), "PRAGMA max_page_count = 1000000", NULL,
               NULL, NULL);
  NL_CHECK_INT_EQ(put(db, "big", "Big", body, NULL, NULL), NL_OK,
                  "fits once space is back");
  NL_CHECK_INT_EQ(count(db), 4, "four articles");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM pragma_integrity_check"
                              " WHERE integrity_check = 'ok'"),
                  1, "integrity ok");
  free(body);
  nl_db_close(db);
}

/* nl_db_retag_dates: dates re-resolved against a new DCT (pubdate's use). */
static void test_retag(void) {
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_db *db;
  nl_cursor *c;
  long long rowid;
  nl_db_open(":memory:", NULL, &db, &err);
  put(db, "u1", "Undated", "The ministers met on Friday in Geneva.", NULL,
      NULL);
  f.article = "u1";
  nl_db_dates(db, &f, &c, &err);
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "undated article has a date");
  NL_CHECK(strncmp(text(c, "value"), "2022", 4) != 0,
           "not resolved without DCT: %s", text(c, "value"));
  nl_cursor_free(c);
  rowid = sql_int(db, "SELECT rowid FROM articles WHERE id = 'u1'");
  NL_CHECK(nl_db_begin(db, &err) == NL_OK, "begin");
  NL_CHECK(nl_db_retag_dates(db, rowid, "2022-01-24", &err) == NL_OK,
           "retag: %s", err.msg);
  NL_CHECK(nl_db_end(db, 1, &err) == NL_OK, "commit");
  nl_db_dates(db, &f, &c, &err);
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "date after retag");
  NL_CHECK_STR_EQ(text(c, "value"), "2022-01-21",
                  "past Friday before Monday 2022-01-24");
  NL_CHECK_STR_EQ(text(c, "sentence"),
                  "The ministers met on Friday in Geneva.", "sentence kept");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "old date replaced");
  nl_cursor_free(c);
  NL_CHECK(nl_db_retag_dates(db, 9999, "2022-01-24", &err) == NL_ENOTFOUND,
           "unknown rowid");
  nl_db_close(db);
}

/* A version-1 store (index fed by triggers) is migrated on open. */
static void test_migration(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  char path[128];
  snprintf(path, sizeof path, "%s/v1.db", tmpdir);
  nl_db_open(path, NULL, &db, &err);
  sqlite3_exec(nl_db_sqlite(db),
               "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
               " INSERT INTO fts(rowid, title, body)"
               " VALUES (new.rowid, new.title, new.body); END;"
               "PRAGMA user_version = 1;",
               NULL, NULL, NULL);
  nl_db_close(db);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "v1 opens: %s",
           err.msg);
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), NL_SCHEMA_VERSION,
                  "migrated to the current version");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
                              "type = 'trigger' AND name = 'articles_ai'"),
                  0, "insert trigger dropped");
  put(db, "m1", "Migrated", "Zanzibar is mentioned once.", NULL, NULL);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM fts WHERE fts MATCH "
                              "'zanzibar'"),
                  1, "indexed once");
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db), "INSERT INTO fts(fts) VALUES("
                        "'integrity-check')", NULL, NULL, NULL) == SQLITE_OK,
           "index consistent");
  /* a development v1 store without file keys is refused clearly */
  sqlite3_exec(nl_db_sqlite(db), "DROP INDEX articles_file;"
               "ALTER TABLE articles DROP COLUMN file_key;"
               "PRAGMA user_version = 1;", NULL, NULL, NULL);
  nl_db_close(db);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_EDB, "dev v1 refused");
  NL_CHECK(strstr(err.msg, "ingest again") != NULL, "says what to do: %s",
           err.msg);
}

/*
** A version-2 store (one sentences row per sentence) is migrated on open:
** the spans move into articles.sentences; read-only it is refused.
*/
static void test_migration_2_3(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db_opts ro = NL_DB_OPTS_INIT;
  nl_db *db;
  nl_cursor *c;
  char path[128];
  snprintf(path, sizeof path, "%s/v2.db", tmpdir);
  nl_db_open(path, NULL, &db, &err);
  put(db, "s1", "Two", "One two. Three four.", NULL, NULL);
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db),
               "DROP VIEW sentences;"
               "CREATE TABLE sentences(article INTEGER NOT NULL"
               " REFERENCES articles(rowid) ON DELETE CASCADE,"
               " idx INTEGER NOT NULL, start INTEGER NOT NULL,"
               " end INTEGER NOT NULL, PRIMARY KEY(article, idx))"
               " WITHOUT ROWID;"
               "INSERT INTO sentences SELECT rowid, 1, 9, 20 FROM articles;"
               "INSERT INTO sentences SELECT rowid, 0, 0, 8 FROM articles;"
               "ALTER TABLE articles DROP COLUMN sentences;"
               "PRAGMA user_version = 2;",
               NULL, NULL, NULL) == SQLITE_OK, "made a v2 store");
  nl_db_close(db);
  ro.readonly = 1;
  NL_CHECK(nl_db_open(path, &ro, &db, &err) == NL_EDB, "v2 read-only");
  NL_CHECK(strstr(err.msg, "read-write") != NULL, "says what to do: %s",
           err.msg);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "v2 opens: %s",
           err.msg);
  if (!db) return;
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), NL_SCHEMA_VERSION,
                  "migrated");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
                              "type = 'view' AND name = 'sentences'"),
                  1, "sentences is a view");
  NL_CHECK(nl_db_sentences(db, "s1", &c, &err) == NL_OK, "sentences s1");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "sentence 0");
  NL_CHECK_STR_EQ(text(c, "text"), "One two.", "sentence 0 text");
  NL_CHECK(nl_cursor_next(c, &err) == NL_OK, "sentence 1");
  NL_CHECK_INT_EQ(nl_cursor_int(c, col(c, "start")), 9, "start 9");
  NL_CHECK_INT_EQ(nl_cursor_int(c, col(c, "end")), 20, "end 20");
  NL_CHECK_STR_EQ(text(c, "text"), "Three four.", "sentence 1 text");
  NL_CHECK(nl_cursor_next(c, &err) == NL_DONE, "two sentences");
  nl_cursor_free(c);
  nl_db_close(db);
}

/* Does the query plan of `sql` mention `what`? */
static int plan_uses(nl_db *db, const char *sql, const char *what) {
  sqlite3_stmt *st;
  char q[512];
  int found = 0;
  snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
  if (sqlite3_prepare_v2(nl_db_sqlite(db), q, -1, &st, NULL) != SQLITE_OK)
    return 0;
  while (sqlite3_step(st) == SQLITE_ROW)
    if (strstr((const char *)sqlite3_column_text(st, 3), what)) found = 1;
  sqlite3_finalize(st);
  return found;
}

/* The dates of the store as "value article start" lines, in cursor order. */
static void dates_list(nl_db *db, const nl_filter *f, char *out, size_t cap) {
  nl_error err = NL_ERROR_INIT;
  nl_cursor *c = NULL;
  size_t n = 0;
  out[0] = '\0';
  if (nl_db_dates(db, f, &c, &err) != NL_OK) return;
  while (nl_cursor_next(c, &err) == NL_OK && n < cap)
    n += (size_t)snprintf(out + n, cap - n, "%s %s %lld\n", text(c, "value"),
                          text(c, "article"),
                          nl_cursor_int(c, col(c, "start")));
  nl_cursor_free(c);
}

/* The dates of the listed types only (nl_filter.type); refused by the
** other queries and for a name that is not a TimeML type.  Values and
** types from newslua.dates on the same text, checked by hand. */
static void test_dates_type(void) {
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_cursor *c = NULL;
  nl_db *db = NULL;
  char got[512];
  nl_db_open(":memory:", NULL, &db, &err);
  put(db, "t1", "Weather",
      "In 1990 it rained for three days. It rains every week, at noon.",
      "2000-01-01", NULL);
  dates_list(db, &f, got, sizeof got);
  NL_CHECK_STR_EQ(got, "1990 t1 3\n2000-01-01T12:00 t1 58\nP1W t1 43\n"
                       "P3D t1 22\n", "all four");
  f.type = "DATE";
  dates_list(db, &f, got, sizeof got);
  NL_CHECK_STR_EQ(got, "1990 t1 3\n", "DATE");
  f.type = "DATE,TIME";
  dates_list(db, &f, got, sizeof got);
  NL_CHECK_STR_EQ(got, "1990 t1 3\n2000-01-01T12:00 t1 58\n", "DATE,TIME");
  f.type = "SET,DURATION";
  f.article = "t1";
  dates_list(db, &f, got, sizeof got);
  NL_CHECK_STR_EQ(got, "P1W t1 43\nP3D t1 22\n", "SET,DURATION of t1");
  f.article = NULL;
  f.type = "DATE,date";
  NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_EINVAL && !c &&
               strstr(err.msg, "type 'date' is not DATE, TIME"),
           "a type name checked: %s", err.msg);
  f.type = "DATE,";
  NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_EINVAL && !c, "an empty name");
  f.type = "DATE";
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_EINVAL && !c &&
               strstr(err.msg, "type is only for dates"),
           "articles refuse it: %s", err.msg);
  NL_CHECK(nl_db_search(db, "rained", &f, &c, &err) == NL_EINVAL && !c,
           "search refuses it");
  /* a format is a loader's name ("HTML" matched no row, silently) */
  f.type = NULL;
  f.format = "HTML";
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_EINVAL && !c &&
               strstr(err.msg, "format 'HTML' is no loader's name (text, html, "
                      "rss, rdf, atom, newsml, nitf, rcv1, sgml, json, "
                      "jsonl, timeml)"),
           "articles check the format: %s", err.msg);
  NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_EINVAL && !c, "dates too");
  NL_CHECK(nl_db_search(db, "rained", &f, &c, &err) == NL_EINVAL && !c,
           "search too");
  f.format = "text";
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_OK && c, "a loader's name");
  nl_cursor_free(c);
  nl_db_close(db);
}

/*
** A version-3 store (annotations_value on (kind, value)) is read as it is
** read-only, and migrated by a read-write open to the version-4 index
** (value) WHERE kind = 'date', which value-range queries use; the dates
** read the same before and after.
*/
static void test_migration_3_4(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db_opts ro = NL_DB_OPTS_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_db *db;
  char path[128], before[2048], ro_dates[2048], after[2048];
  char range_before[512], range_after[512];
  snprintf(path, sizeof path, "%s/v3.db", tmpdir);
  nl_db_open(path, NULL, &db, &err);
  seed(db);
  put(db, "y2", "Years", "In 1990 it rained. In 1991 it snowed.",
      "2000-01-01", NULL);
  dates_list(db, NULL, before, sizeof before);
  f.since = "1990";
  f.until = "2014";
  dates_list(db, &f, range_before, sizeof range_before);
  NL_CHECK_STR_EQ(range_before, "1990 y2 3\n1991 y2 22\n2014 c3 15\n",
                  "three dates in 1990..2014");
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db),
               "DROP INDEX annotations_value;"
               "CREATE INDEX annotations_value ON annotations(kind, value);"
               "PRAGMA user_version = 3;",
               NULL, NULL, NULL) == SQLITE_OK, "made a v3 store");
  nl_db_close(db);
  ro.readonly = 1;
  /* a v3 index is keyed by article rowid (version 5: fts_key) */
  NL_CHECK(nl_db_open(path, &ro, &db, &err) == NL_EDB && !db &&
               strstr(err.msg, "version 3") &&
               strstr(err.msg, "open it once read-write"),
           "v3 read-only is refused, saying what to do: %s", err.msg);
  (void)ro_dates;
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "v3 opens: %s",
           err.msg);
  if (!db) return;
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), NL_SCHEMA_VERSION,
                  "migrated");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE "
                              "name = 'annotations_value' AND sql LIKE "
                              "'%(value) WHERE kind = ''date'''"),
                  1, "value index of version 4");
  NL_CHECK(plan_uses(db, "SELECT d.start FROM annotations d JOIN articles a"
                         " ON a.rowid = d.article WHERE d.kind = 'date' AND"
                         " d.value >= '1990' AND d.value < '2015' ORDER BY"
                         " d.value", "INDEX annotations_value"),
           "a value range uses it");
  dates_list(db, NULL, after, sizeof after);
  NL_CHECK_STR_EQ(after, before, "dates the same after the migration");
  dates_list(db, &f, range_after, sizeof range_after);
  NL_CHECK_STR_EQ(range_after, range_before, "range the same");
  nl_db_close(db);
}

/*
** A version-4 store (the index keyed by article rowid, no fts_key) is
** migrated on its first read-write open, which on_upgrade is told about
** first: every article gets its key, the index is built again under them,
** and searches, date order and the index's own check agree with what the
** articles say.
*/
static void test_migration_4_5(void) {
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_db_opts o = NL_DB_OPTS_INIT;
  upgrades u = {0, 0, 0};
  nl_db *db;
  char path[128], ids[256];
  o.on_upgrade = on_upgrade;
  o.ctx = &u;
  snprintf(path, sizeof path, "%s/v4.db", tmpdir);
  nl_db_open(path, &o, &db, &err);
  NL_CHECK_INT_EQ(u.calls, 0, "a new store is created, not upgraded");
  seed(db); /* a1 2022-01-21, b2 2022-01-24, c3 undated */
  put(db, "d4", "Older talks", "Talks in 1999 failed.", "1999-05-01", "AP");
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db),
               "DROP TRIGGER articles_au; DROP TABLE fts;"
               "DROP INDEX articles_fts_key; DROP INDEX articles_published;"
               "DROP INDEX articles_source;"
               "ALTER TABLE articles DROP COLUMN fts_key;"
               "CREATE INDEX articles_published ON articles(published);"
               "CREATE INDEX articles_source ON articles(source COLLATE"
               " NOCASE);"
               "CREATE VIRTUAL TABLE fts USING fts5(title, body,"
               " content='articles', content_rowid='rowid',"
               " tokenize='newslua', detail=full);"
               "INSERT INTO fts(fts) VALUES ('rebuild');"
               "CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON"
               " articles BEGIN INSERT INTO fts(fts, rowid, title, body)"
               " VALUES ('delete', old.rowid, old.title, old.body);"
               " INSERT INTO fts(rowid, title, body)"
               " VALUES (new.rowid, new.title, new.body); END;"
               /* 1100 articles in the last minute of a day: more than
               ** its 728 keys and the 256 between the day's last minute
               ** and the next day */
               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
               " FROM n WHERE i < 1100) INSERT INTO articles(id, title,"
               " body, published) SELECT 'z' || i, 'Late', 'Late night"
               " session number ' || i, '2021-06-02T23:59' FROM n;"
               "PRAGMA user_version = 4;",
               NULL, NULL, NULL) == SQLITE_OK, "made a v4 store: %s",
           sqlite3_errmsg(nl_db_sqlite(db)));
  nl_db_close(db);
  NL_CHECK(nl_db_open(path, &o, &db, &err) == NL_OK, "v4 opens: %s",
           err.msg);
  if (!db) return;
  NL_CHECK(u.calls == 1 && u.from == 4 && u.to == NL_SCHEMA_VERSION,
           "on_upgrade told once, 4 -> current (%d calls)", u.calls);
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), NL_SCHEMA_VERSION,
                  "migrated to the current version");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE fts_key"
                              " IS NULL"), 0, "every article has a key");
  NL_CHECK(plan_uses(db, "SELECT fts_key FROM articles WHERE published >="
                         " '2000'", "COVERING INDEX articles_published"),
           "the published index carries the key (rank + date filter)");
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db), "INSERT INTO fts(fts) VALUES("
                        "'integrity-check')", NULL, NULL, NULL) == SQLITE_OK,
           "index consistent with the articles");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(DISTINCT fts_key) FROM articles"
                              " WHERE (fts_key - 70368744177664) / 1048576 ="
                              " CAST(julianday('2021-06-02') -"
                              " julianday('0001-01-01') AS INTEGER)"),
                  1100, "the 1100 keyed within their day, all distinct");
  {
    nl_cursor *c = NULL;
    int n = 0;
    f.order = NL_ORDER_NEWEST;
    f.until = "2021-06-02";
    if (nl_db_search(db, "late", &f, &c, NULL) == NL_OK)
      while (nl_cursor_next(c, NULL) == NL_OK) n++;
    nl_cursor_free(c);
    NL_CHECK_INT_EQ(n, 1100, "until their day finds all 1100");
    f.until = NULL;
  }
  f.order = NL_ORDER_NEWEST;
  search_ids(db, "talks", &f, ids, sizeof ids, NULL);
  NL_CHECK_STR_EQ(ids, "b2 a1 d4", "newest first after the migration");
  f.order = NL_ORDER_OLDEST;
  search_ids(db, "talks OR stocks", &f, ids, sizeof ids, NULL);
  NL_CHECK_STR_EQ(ids, "d4 a1 b2 c3", "oldest first, undated last");
  put(db, "e5", "New talks", "Talks resumed.", "2023-02-02", "BBC");
  f.order = NL_ORDER_NEWEST;
  search_ids(db, "talks", &f, ids, sizeof ids, NULL);
  NL_CHECK_STR_EQ(ids, "e5 b2 a1 d4", "a new article takes its place");
  nl_db_close(db);
  NL_CHECK(nl_db_open(path, &o, &db, &err) == NL_OK && u.calls == 1,
           "a current store: no upgrade, not told");
  nl_db_close(db);
}

/* fts_key of article `id` (0 if none). */
static long long key_of(nl_db *db, const char *id) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT fts_key FROM articles WHERE id = '%s'",
           id);
  return sql_int(db, sql);
}

/*
** Keys of one minute and one day (nl_fts_key.h: 2^46 + day * 2^20 +
** minute * 728 + sequence): articles of a minute count up in storage
** order; a full minute spills into the next free one of its day; a full
** day is a clear error and the store keeps what it had.  Placeholder rows
** with chosen keys fill minutes without storing 728 articles.
*/
static void test_key_spill(void) {
  nl_error err = NL_ERROR_INIT;
  nl_article *a;
  nl_db *db;
  long long k1, k2, base;
  char sql[256];
  int i;
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  put(db, "m1", "One", "First at noon.", "2024-05-01T12:00:00", NULL);
  put(db, "m2", "Two", "Second at noon.", "2024-05-01T12:00:30", NULL);
  k1 = key_of(db, "m1");
  k2 = key_of(db, "m2");
  NL_CHECK(k2 == k1 + 1, "same minute: the next key (%lld, %lld)", k1, k2);
  base = k1;
  /* the minute's last key taken: the next article goes to 12:01 */
  snprintf(sql, sizeof sql,
           "INSERT INTO articles(id, fts_key) VALUES ('fill', %lld)",
           base + 727);
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db), sql, NULL, NULL, NULL) == SQLITE_OK,
           "fill 12:00");
  put(db, "m3", "Three", "Third at noon.", "2024-05-01T12:00:59", NULL);
  NL_CHECK_INT_EQ(key_of(db, "m3"), base + 728, "spilled into 12:01");
  put(db, "m4", "Four", "At one minute past.", "2024-05-01T12:01:00", NULL);
  NL_CHECK_INT_EQ(key_of(db, "m4"), base + 729, "12:01 after the spill");
  /* 23:59 full: the article takes a free key earlier in its day, never
  ** the next day's (since/until stay exact) */
  snprintf(sql, sizeof sql,
           "INSERT INTO articles(id, fts_key) VALUES ('fill2', %lld)",
           base - 720 * 728LL + 1439 * 728LL + 727);
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db), sql, NULL, NULL, NULL) == SQLITE_OK,
           "fill 23:59");
  put(db, "m5", "Five", "Just before midnight.", "2024-05-01T23:59:10", NULL);
  NL_CHECK(key_of(db, "m5") >= base - 720 * 728LL &&
               key_of(db, "m5") < base - 720 * 728LL + 1439 * 728LL,
           "23:59 full: an earlier minute of the day (%lld)",
           key_of(db, "m5") - (base - 720 * 728LL));
  /* every minute of 2024-05-02 full: a clear error, nothing stored */
  base += 1048576 - 720 * 728; /* 2024-05-02T00:00 */
  sqlite3_exec(nl_db_sqlite(db), "BEGIN", NULL, NULL, NULL);
  for (i = 0; i < 1440; i++) {
    snprintf(sql, sizeof sql,
             "INSERT INTO articles(id, fts_key) VALUES ('full%d', %lld)", i,
             base + 728LL * i + 727);
    sqlite3_exec(nl_db_sqlite(db), sql, NULL, NULL, NULL);
  }
  sqlite3_exec(nl_db_sqlite(db), "COMMIT", NULL, NULL, NULL);
  a = mk("late", "Late", "One too many.", "2024-05-02", NULL);
  NL_CHECK(nl_db_put_article(db, a, &err) == NL_EDB &&
               strstr(err.msg, "1048320 articles") &&
               strstr(err.msg, "2024-05-02"),
           "a full day is refused, naming the day: %s", err.msg);
  nl_article_free(a);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE id ="
                              " 'late'"), 0, "nothing of it stored");
  put(db, "next", "Next", "The day after.", "2024-05-03", NULL);
  NL_CHECK_INT_EQ(key_of(db, "next"), base + 1048576, "the next day is free");
  nl_db_close(db);
}

/* Put article `id` (published `pub`, NULL: undated) into both stores, in
** a transaction of `on`'s when it has one; 1 if its keys agree. */
static int twin_put(nl_db *on, nl_db *off, const char *id, const char *pub) {
  long long k1, k2;
  if (put(on, id, id, "Text.", pub, NULL) != NL_OK ||
      put(off, id, id, "Text.", pub, NULL) != NL_OK)
    return 0;
  k1 = key_of(on, id);
  k2 = key_of(off, id);
  if (k1 != k2 || k1 <= 0) printf("# %s: key %lld, the store's %lld\n", id, k1, k2);
  return k1 == k2 && k1 > 0;
}

/*
** The key map of a bulk load (nl_db_keys.c) gives exactly the keys the
** store's own lookups give (a twin store without it): loaded from a
** store that has articles, after a replaced article freed a minute's
** largest key, after a rolled-back transaction and savepoint, and after
** another connection stored an article.
*/
static void test_key_map(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *on, *off;
  sqlite3 *other;
  char p1[128], p2[128], sql[160];
  int ok = 1;
  snprintf(p1, sizeof p1, "%s/keymap.db", tmpdir);
  snprintf(p2, sizeof p2, "%s/keymap2.db", tmpdir);
  NL_CHECK(nl_db_open(p1, NULL, &on, &err) == NL_OK &&
               nl_db_open(p2, NULL, &off, &err) == NL_OK, "open: %s", err.msg);
  ok &= twin_put(on, off, "a", "2024-05-01T12:00:00");
  ok &= twin_put(on, off, "b", "2024-05-01T12:00:40");
  ok &= twin_put(on, off, "u", NULL);
  nl_db_keys_start(on); /* loaded from a store with articles */
  ok &= twin_put(on, off, "c", "2024-05-01T12:00:59");
  ok &= twin_put(on, off, "d", "2024-05-01T12:03:00");
  ok &= twin_put(on, off, "v", "undated");
  NL_CHECK_INT_EQ(key_of(on, "c"), key_of(on, "a") + 2, "c after a and b");
  /* c (12:00's largest) replaced by one of 12:03: the next of 12:00 takes
  ** c's key again */
  ok &= twin_put(on, off, "c", "2024-05-01T12:03:10");
  ok &= twin_put(on, off, "e", "2024-05-01T12:00:20");
  NL_CHECK_INT_EQ(key_of(on, "e"), key_of(on, "a") + 2, "e reuses c's key");
  /* rolled back: its keys are free again */
  NL_CHECK(nl_db_begin(on, &err) == NL_OK, "begin");
  put(on, "gone", "Gone", "Text.", "2024-05-01T12:03:30", NULL);
  put(on, "gone2", "Gone", "Text.", NULL, NULL);
  nl_db_end(on, 0, NULL);
  ok &= twin_put(on, off, "f", "2024-05-01T12:03:30");
  ok &= twin_put(on, off, "w", NULL);
  NL_CHECK(nl_db_begin(on, &err) == NL_OK, "begin");
  nl_db_exec_stmt(on, NL_STMT_SAVEPOINT, NULL);
  put(on, "gone3", "Gone", "Text.", "2024-05-01T12:00:10", NULL);
  nl_db_exec_stmt(on, NL_STMT_ROLLBACK_TO, NULL);
  nl_db_exec_stmt(on, NL_STMT_RELEASE, NULL);
  ok &= twin_put(on, off, "g", "2024-05-01T12:00:10");
  NL_CHECK(nl_db_end(on, 1, &err) == NL_OK, "commit: %s", err.msg);
  /* another connection takes the next key of 12:03 (and of the undated)
  ** in both stores */
  snprintf(sql, sizeof sql, "INSERT INTO articles(id, fts_key) VALUES"
           " ('x', %lld), ('y', %lld)", key_of(on, "f") + 1,
           key_of(on, "w") + 1);
  NL_CHECK(sqlite3_open(p1, &other) == SQLITE_OK &&
               sqlite3_exec(other, sql, NULL, NULL, NULL) == SQLITE_OK,
           "other connection");
  sqlite3_close(other);
  sqlite3_exec(nl_db_sqlite(off), sql, NULL, NULL, NULL);
  ok &= twin_put(on, off, "h", "2024-05-01T12:03:45");
  ok &= twin_put(on, off, "z", NULL);
  NL_CHECK_INT_EQ(key_of(on, "h"), key_of(on, "f") + 2, "h after x");
  NL_CHECK(ok, "every key as the store's own lookups give it");
  nl_db_keys_stop(on);
  nl_db_close(on);
  nl_db_close(off);
}

/*
** since/until a C host gives are checked as the Lua binding's are: a
** malformed date or a day its month has not is NL_EINVAL naming it, not
** compared as text ("2022-1-21" sorts after "2022-01-31"); week, quarter
** and season values bound dates only.
*/
static void test_bad_bounds(void) {
  static const char *const bad[] = {"2022-1-21", "1987-02-30", "May 2022",
                                    "2022-13", "22", "2022-01-21x"};
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_db *db;
  nl_cursor *c = NULL;
  size_t i;
  int n = 0;
  nl_db_open(":memory:", NULL, &db, &err);
  seed(db);
  for (i = 0; i < sizeof bad / sizeof *bad; i++) {
    f.since = bad[i];
    NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_EINVAL && !c &&
                 strstr(err.msg, "since") && strstr(err.msg, bad[i]),
             "articles since '%s': %s", bad[i], err.msg);
    f.since = NULL;
    f.until = bad[i];
    NL_CHECK(nl_db_search(db, "talks", &f, &c, &err) == NL_EINVAL && !c &&
                 strstr(err.msg, "until") && strstr(err.msg, bad[i]),
             "search until '%s': %s", bad[i], err.msg);
    NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_EINVAL && !c,
             "dates until '%s': %s", bad[i], err.msg);
    f.until = NULL;
  }
  f.since = "2022-W03";
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_EINVAL,
           "a week bounds no publication date: %s", err.msg);
  NL_CHECK(nl_db_dates(db, &f, &c, &err) == NL_OK, "but bounds date values");
  nl_cursor_free(c);
  c = NULL;
  f.since = "2024-02-29";
  f.until = "2024-02-29T23:59";
  NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_OK, "a leap day is a day");
  nl_cursor_free(c);
  c = NULL;
  f.since = "2022-01-21";
  f.until = "2022";
  if (nl_db_search(db, "talks", &f, &c, &err) == NL_OK)
    while (nl_cursor_next(c, NULL) == NL_OK) n++;
  nl_cursor_free(c);
  NL_CHECK(n > 0, "good bounds still find (%d)", n);
  nl_db_close(db);
}

int main(void) {
  char cmd[128];
  snprintf(tmpdir, sizeof tmpdir, "/tmp/nl_test_db_XXXXXX");
  if (!mkdtemp(tmpdir)) return 2;
  test_open_schema();
  test_not_a_store();
  test_put_replace();
  test_search();
  test_bad_bounds();
  test_sentences_dates();
  test_many_dates();
  test_dates_across();
  test_dates_type();
  test_closed_cursor();
  test_readonly();
  test_migration_2_3();
  test_migration_3_4();
  test_migration_4_5();
  test_key_spill();
  test_key_map();
  test_disk_full();
  test_retag();
  test_migration();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) printf("# could not remove %s\n", tmpdir);
  return nl_test_done();
}
