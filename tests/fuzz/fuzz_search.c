/*
** libFuzzer target: the search-query path.  An in-memory store with a few
** articles is built once; each input is used as an FTS5 query through
** nl_db_search in every order (rank, newest, oldest), and the rows of
** each result are read.  A bad query must
** come back as an error (NL_EQUERY), never a crash.  nl_db_count_articles
** must agree with the search: the same number of articles as the
** newest-first hits (drained whole), the same failure for a bad query,
** and with `since` as many as articles() gives; with offset 1 the
** search and the count give one fewer.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_article.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static nl_db *db;

static void add(const char *id, const char *title, const char *body,
                const char *date) {
  nl_article *a;
  nl_error err = NL_ERROR_INIT;
  if (nl_article_new(&a) != NL_OK) abort();
  nl_article_set(a, &a->id, id, strlen(id));
  nl_article_set(a, &a->title, title, strlen(title));
  nl_article_set(a, &a->source, "Fuzz Wire", 9);
  nl_article_add_text(a, body, strlen(body), 0);
  nl_article_set_published(a, date, NL_PUB_METADATA, "fuzz");
  if (nl_db_put_article(db, a, &err) != NL_OK) {
    fprintf(stderr, "fuzz_search setup: %s\n", err.msg);
    abort();
  }
  nl_article_free(a);
}

static void setup(void) {
  nl_error err = NL_ERROR_INIT;
  if (nl_db_open(":memory:", NULL, &db, &err) != NL_OK) {
    fprintf(stderr, "fuzz_search setup: %s\n", err.msg);
    abort();
  }
  add("a1", "Geneva talks",
      "U.S. and Russian diplomats met in Geneva on Friday.\n\n"
      "The high-stakes talks ended without a deal; 1,000 troops moved.",
      "2022-01-21");
  add("a2", "\xc3\x89lections in Z\xc3\xbcrich",
      "Voters don't expect surprises. Polls open at 15:00 on 2022-01-26.",
      "2022-01-26");
  add("a3", "Markets", "Stocks rose 3.5% as oil fell \xe2\x80\x94 again.",
      "2014-03-01");
}

/* The articles of `f` as articles() gives them (-1: its failure). */
static long long listed(const nl_filter *f) {
  nl_cursor *c = NULL;
  long long n = 0;
  if (nl_db_articles(db, f, &c, NULL) != NL_OK) return -1;
  while (nl_cursor_next(c, NULL) == NL_OK) n++;
  nl_cursor_free(c);
  return n;
}

/* Counting query q agrees with its search (status st, `rows` hits newest
** first, all of them: the store has three articles) and with articles(). */
static void check_count(const char *q, nl_status st, int rows) {
  nl_filter f = NL_FILTER_INIT;
  long long n = -1;
  nl_status cs;
  f.query = q;
  cs = nl_db_count_articles(db, &f, &n, NULL);
  if ((cs == NL_OK) != (st == NL_OK) ||
      (cs == NL_OK && n != rows) || (cs != NL_OK && cs != st)) {
    fprintf(stderr, "count %d (%lld) against search %d (%d rows)\n", cs, n,
            st, rows);
    abort();
  }
  if (st == NL_OK) { /* offset 1: the same hits but the first, counted too */
    nl_filter g = NL_FILTER_INIT;
    nl_cursor *c = NULL;
    long long paged = 0;
    g.order = NL_ORDER_NEWEST;
    g.offset = 1;
    if (nl_db_search(db, q, &g, &c, NULL) != NL_OK) abort();
    while (nl_cursor_next(c, NULL) == NL_OK) paged++;
    nl_cursor_free(c);
    f.offset = 1;
    cs = nl_db_count_articles(db, &f, &n, NULL);
    f.offset = 0;
    if (paged != (rows > 0 ? rows - 1 : 0) || cs != NL_OK || n != paged) {
      fprintf(stderr, "offset 1: %lld hits, count %lld, of %d\n", paged, n,
              rows);
      abort();
    }
  }
  f.since = "2022-01-26";
  cs = nl_db_count_articles(db, &f, &n, NULL);
  if ((cs == NL_OK ? n : -1) != listed(&f)) {
    fprintf(stderr, "count since %d (%lld) against articles()\n", cs, n);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_cursor *c = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  char *q;
  int rows = 0, i, o;
  if (!db) setup();
  q = malloc(size + 1);
  if (!q) return 0;
  memcpy(q, data, size);
  q[size] = '\0';
  /* every order: rank, then the date-ordered plans */
  for (o = NL_ORDER_RANK; o <= NL_ORDER_OLDEST; o++) {
    nl_status st;
    f.order = (nl_order)o;
    f.limit = o == NL_ORDER_NEWEST ? NL_LIMIT_NONE : 10;
    rows = 0;
    st = nl_db_search(db, q, &f, &c, &err);
    if (st == NL_OK) {
      while (nl_cursor_next(c, &err) == NL_OK && ++rows < 20)
        for (i = 0; i < nl_cursor_ncols(c); i++) {
          size_t len;
          if (nl_cursor_type(c, i) == NL_COL_TEXT) nl_cursor_text(c, i, &len);
        }
    }
    nl_cursor_free(c);
    c = NULL;
    if (o == NL_ORDER_NEWEST) check_count(q, st, rows);
  }
  free(q);
  return 0;
}
