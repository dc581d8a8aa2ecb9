/*
** libFuzzer target: the search-query path.  An in-memory store with a few
** articles is built once; each input is used as an FTS5 query through
** nl_db_search in every order (rank, newest, oldest), and the rows of
** each result are read.  A bad query must
** come back as an error (NL_EQUERY), never a crash.
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
    f.order = (nl_order)o;
    f.limit = o == NL_ORDER_NEWEST ? NL_LIMIT_NONE : 10;
    rows = 0;
    if (nl_db_search(db, q, &f, &c, &err) == NL_OK) {
      while (rows++ < 20 && nl_cursor_next(c, &err) == NL_OK)
        for (i = 0; i < nl_cursor_ncols(c); i++) {
          size_t len;
          if (nl_cursor_type(c, i) == NL_COL_TEXT) nl_cursor_text(c, i, &len);
        }
    }
    nl_cursor_free(c);
    c = NULL;
  }
  free(q);
  return 0;
}
