/* Tests for nl_query.c: search text as FTS5 is given it.  Each expected
** text is written by hand from FTS5's query syntax (sqlite.org/fts5.html,
** 3.1): bare words are letters, digits, '_' and non-ASCII bytes; the rest
** of a word is quoted, and whatever FTS5 reads as syntax is left alone.
** Then the quoted texts on a real FTS5 table: no syntax error, and the
** phrase of a quoted word finds the text it was written as. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_buf.h"
#include "nl_fts5.h"
#include "nl_query.h"

static const char *const cases[][2] = {
    /* FTS5's own syntax: unchanged */
    {"cocoa", "cocoa"},
    {"", ""},
    {"cocoa OR sugar NOT oil", "cocoa OR sugar NOT oil"},
    {"NEAR(cocoa ghana, 5)", "NEAR(cocoa ghana, 5)"},
    {"\"cocoa exports\"", "\"cocoa exports\""},
    {"title:cocoa {title body}: oil", "title:cocoa {title body}: oil"},
    {"coco* ^oil a + b", "coco* ^oil a + b"},
    {"Côte", "Côte"}, /* non-ASCII bytes are bare */
    {"-sugar cocoa", "-sugar cocoa"}, /* a minus first stays FTS5's */
    {"cocoa OR -sugar", "cocoa OR -sugar"},     /* after an operator too */
    {"cocoa -title: oil", "cocoa -title: oil"}, /* a column filter */
    {"cocoa -", "cocoa -"},
    {"\"unbalanced", "\"unbalanced"}, /* still an error */
    {"\"say \"\"hi\"\"\" now", "\"say \"\"hi\"\"\" now"},
    /* words FTS5 cannot take bare: quoted */
    {"U.S.", "\"U.S.\""},
    {"e-mail talks", "\"e-mail\" talks"},
    {"Côte d'Ivoire", "Côte \"d'Ivoire\""},
    {"AT&T OR $5", "\"AT&T\" OR \"$5\""},
    {"1,000 jobs", "\"1,000\" jobs"},
    {"\"cocoa exports\" U.S.", "\"cocoa exports\" \"U.S.\""},
    {"U.S* (e-mail)", "\"U.S\"* (\"e-mail\")"},
    {"talks.\tnow", "\"talks.\"\tnow"},
    /* a minus after a term excludes the word */
    {"cocoa -sugar", "cocoa NOT sugar"},
    {"cocoa -sugar -coffee", "cocoa NOT sugar NOT coffee"},
    {"(cocoa OR oil) -e-mail", "(cocoa OR oil) NOT \"e-mail\""},
    {"\"cocoa exports\" -U.S.", "\"cocoa exports\" NOT \"U.S.\""},
    {"coco* -sugar", "coco* NOT sugar"},
};

static void test_quote(void) {
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    nl_buf b = NL_BUF_INIT;
    nl_query_quote(cases[i][0], &b);
    NL_CHECK(nl_buf_ok(&b), "memory");
    NL_CHECK_STR_EQ(b.data ? b.data : "", cases[i][1], cases[i][0]);
    nl_buf_free(&b);
  }
}

/* Rows of t MATCH the quoted `q`, or -1 on an error. */
static int matches(sqlite3 *db, const char *q) {
  sqlite3_stmt *st;
  nl_buf b = NL_BUF_INIT;
  int n = 0, rc;
  nl_query_quote(q, &b);
  if (sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &st,
                         NULL) != SQLITE_OK) {
    nl_buf_free(&b);
    return -1;
  }
  sqlite3_bind_text(st, 1, b.data ? b.data : "", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) n++;
  sqlite3_finalize(st);
  nl_buf_free(&b);
  return rc == SQLITE_DONE ? n : -1;
}

static void test_fts5(void) {
  sqlite3 *db;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK, "open");
  NL_CHECK(nl_fts5_register(db, &err) == NL_OK, "register: %s", err.msg);
  NL_CHECK(sqlite3_exec(db,
                        "CREATE VIRTUAL TABLE t USING fts5(body,"
                        " tokenize='newslua');"
                        "INSERT INTO t VALUES ('The U.S. sent an e-mail to"
                        " AT&T about 1,000 jobs in Côte d''Ivoire.');"
                        "INSERT INTO t VALUES ('The mail was sent.');",
                        NULL, NULL, NULL) == SQLITE_OK,
           "table: %s", sqlite3_errmsg(db));
  NL_CHECK_INT_EQ(matches(db, "U.S."), 1, "U.S.");
  NL_CHECK_INT_EQ(matches(db, "e-mail"), 1, "e-mail: the phrase, not 'mail'");
  NL_CHECK_INT_EQ(matches(db, "AT&T"), 1, "AT&T");
  NL_CHECK_INT_EQ(matches(db, "1,000 jobs"), 1, "1,000 jobs");
  NL_CHECK_INT_EQ(matches(db, "Côte d'Ivoire"), 1, "Côte d'Ivoire");
  NL_CHECK_INT_EQ(matches(db, "sent"), 2, "sent");
  NL_CHECK_INT_EQ(matches(db, "sent NOT e-mail"), 1, "syntax kept");
  NL_CHECK_INT_EQ(matches(db, "sent -e-mail"), 1, "a minus excludes");
  NL_CHECK_INT_EQ(matches(db, "-mail sent"), -1, "a minus first: FTS5's");
  NL_CHECK_INT_EQ(matches(db, "\"unbalanced"), -1, "still an error");
  sqlite3_close(db);
}

int main(void) {
  test_quote();
  test_fts5();
  return nl_test_done();
}
