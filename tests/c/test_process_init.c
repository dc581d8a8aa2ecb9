/* Tests for nl_process_init (nl_db.c): in a program that calls it before
** any SQLite use, SQLite keeps no memory statistics (no global mutex a
** malloc) and stores still work; once SQLite is running, a second call
** changes nothing and says so.  Its own executable: the call must come
** first in the process. */
#include <sqlite3.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_db.h"

int main(void) {
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_article *a = NULL;
  long long n = -1;
  NL_CHECK_INT_EQ(nl_process_init(), NL_OK, "first call, before SQLite");
  NL_CHECK_INT_EQ(nl_db_open(":memory:", NULL, &db, &err), NL_OK, "open");
  if (nl_article_new(&a) == NL_OK) {
    nl_article_set(a, &a->id, "a1", 2);
    nl_article_set(a, &a->file, "mem.txt", 7);
    nl_article_add_text(a, "Talks resumed on Monday.", 24, 0);
    a->format = "text";
    NL_CHECK_INT_EQ(nl_db_put_article(db, a, &err), NL_OK, "put");
    nl_article_free(a);
  }
  NL_CHECK_INT_EQ(nl_db_count(db, &n, &err), NL_OK, "count");
  NL_CHECK_INT_EQ(n, 1, "stored");
  /* statistics off: SQLite counts no bytes although it allocated some */
  NL_CHECK_INT_EQ(sqlite3_memory_used(), 0, "sqlite3_memory_used");
  NL_CHECK_INT_EQ(nl_process_init(), NL_EMISUSE, "second call, SQLite up");
  nl_db_close(db);
  return nl_test_done();
}
