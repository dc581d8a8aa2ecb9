/*
** test_sqlfn.c -- the article cache of the dates query (nl_sqlfn.c) on a
** bare connection, and nl_casefold and nl_one_line (nl_sqltext.c).
** Expected values are
** worked out by hand from the literals.
*/
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "nl_sqlfn.h"
#include "nl_sqltext.h"

static sqlite3 *sq;

/* The one value of `sql` as text ("NULL" for NULL) into out. */
static const char *value(const char *sql, char *out, size_t cap) {
  sqlite3_stmt *st;
  snprintf(out, cap, "(error)");
  if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK) return out;
  if (sqlite3_step(st) == SQLITE_ROW) {
    if (sqlite3_column_type(st, 0) == SQLITE_NULL)
      snprintf(out, cap, "NULL");
    else
      snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return out;
}

#define EXPECT(sql, want)                                \
  do {                                                   \
    char buf_[128];                                      \
    NL_CHECK_STR_EQ(value(sql, buf_, sizeof buf_), want, sql); \
  } while (0)

/* The article cache (nl_art*) through a query shaped like the dates query:
** rows of two articles interleaved, a rowid reused by new content, bad
** and missing sentence lists. */
#define ART "CASE WHEN nl_art(a.rowid) THEN 1 ELSE " \
            "nl_art_load(a.rowid, a.body, a.sents) END"
static void test_art_cache(void) {
  char got[512];
  size_t len = 0;
  sqlite3_stmt *st;
  sqlite3_exec(sq,
               "CREATE TABLE a(rowid INTEGER PRIMARY KEY, body, sents, h);"
               "INSERT INTO a VALUES (1, 'One two. Three four.', "
               "'[[0,8],[9,20]]', 'h1'),"
               " (2, 'Alpha beta gamma. Delta.', '[[0,17], [18,24]]', 'h2');"
               "CREATE TABLE d(art, s, e, sent);"
               "INSERT INTO d VALUES (1, 0, 3, 0), (2, 6, 10, 0), (1, 9, 14, 1),"
               " (2, 18, 23, 1), (1, 4, 7, 0), (2, 99, 100, 5);",
               NULL, NULL, NULL);
  if (sqlite3_prepare_v2(sq,
                         "SELECT nl_art_cut(" ART ", a.rowid, d.s, d.e),"
                         " nl_art_sentence(a.rowid, d.sent, 2),"
                         " nl_art_sentence(a.rowid, d.sent, 0),"
                         " nl_art_sentence(a.rowid, d.sent, 1)"
                         " FROM d JOIN a ON a.rowid = d.art ORDER BY d.rowid",
                         -1, &st, NULL) != SQLITE_OK) {
    NL_CHECK(0, "prepare: %s", sqlite3_errmsg(sq));
    return;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    int k;
    for (k = 0; k < 4; k++) {
      const char *t = (const char *)sqlite3_column_text(st, k);
      len += (size_t)snprintf(got + len, sizeof got - len, "%s%s",
                              k ? "|" : "", t ? t : "NULL");
    }
    len += (size_t)snprintf(got + len, sizeof got - len, "\n");
  }
  sqlite3_finalize(st);
  NL_CHECK_STR_EQ(got,
                  "One|One two.|0|8\n"
                  "beta|Alpha beta gamma.|0|17\n"
                  "Three|Three four.|9|20\n"
                  "Delta|Delta.|18|24\n"
                  "two|One two.|0|8\n"
                  "|NULL|NULL|NULL\n", /* past the body; no sentence 5 */
                  "rows of two articles, interleaved");
  /* the same rowid with new content: not the cached text */
  EXPECT("SELECT nl_art_cut(" ART ", a.rowid, 0, 3) FROM a WHERE rowid = 1",
         "One");
  sqlite3_exec(sq, "UPDATE a SET body = 'Six seven.', sents = '[[0,10]]',"
                   " h = 'h3' WHERE rowid = 1", NULL, NULL, NULL);
  EXPECT("SELECT nl_art_cut(" ART ", a.rowid, 0, 3) FROM a WHERE rowid = 1",
         "Six");
  EXPECT("SELECT nl_art_sentence(1, 0, 2)", "Six seven.");
  EXPECT("SELECT nl_art_sentence(2, 0, 2)", "NULL"); /* not the cached one */
  /* a bad sentence list: nothing cached, the cuts are NULL */
  sqlite3_exec(sq, "UPDATE a SET sents = '[[0,x]]', h = 'h4' WHERE rowid = 2",
               NULL, NULL, NULL);
  EXPECT("SELECT nl_art_cut(" ART ", a.rowid, 0, 5) FROM a WHERE rowid = 2",
         "NULL");
  EXPECT("SELECT nl_art_sentence(1, 0, 2)", "NULL");
  /* lists: spaces anywhere, empty, not a list, cut short */
  EXPECT("SELECT nl_art_load(7, 'Ab. Cd.', ' [ [0 , 3] ,[4,7] ] ')"
         " || nl_art_sentence(7, 1, 2) || nl_art_sentence(7, 0, 1)",
         "1Cd.3");
  EXPECT("SELECT nl_art_load(7, 'Ab.', '[]') || ifnull(nl_art_sentence(7, 0, 0), '-')",
         "1-");
  EXPECT("SELECT nl_art_load(7, 'Ab.', '{\"a\":1}')", "0");
  EXPECT("SELECT nl_art_load(7, 'Ab.', '[[0,3]')", "0");
  EXPECT("SELECT nl_art_load(7, 'Ab.', '[[0,x]]')", "0");
  EXPECT("SELECT nl_art_sentence(7, 0, 0)", "NULL"); /* after a failed load */
  /* no list: the body, and no sentence */
  sqlite3_exec(sq, "UPDATE a SET sents = NULL, h = NULL WHERE rowid = 2",
               NULL, NULL, NULL);
  EXPECT("SELECT nl_art_cut(" ART ", a.rowid, 0, 5) FROM a WHERE rowid = 2",
         "Alpha");
  EXPECT("SELECT nl_art_sentence(2, 0, 0)", "NULL");
}

/* Another connection's commit changes the cached article's row: the next
** query reads the new text (the data version is part of the key). */
static void test_art_other_connection(void) {
  char path[64], buf[128];
  sqlite3 *w = NULL, *r = NULL;
  sqlite3_stmt *st = NULL;
  const char *q = "SELECT nl_art_cut(" ART ", a.rowid, 0, 5) FROM a";
  snprintf(path, sizeof path, "/tmp/nl_test_sqlfn_%ld.db", (long)getpid());
  remove(path);
  if (sqlite3_open(path, &w) != SQLITE_OK || sqlite3_open(path, &r) != SQLITE_OK ||
      nl_sqlfn_register(r) != SQLITE_OK) {
    NL_CHECK(0, "open %s", path);
  } else {
    sqlite3_exec(w, "CREATE TABLE a(rowid INTEGER PRIMARY KEY, body, sents);"
                    "INSERT INTO a VALUES (1, 'First text.', '[[0,11]]')",
                 NULL, NULL, NULL);
    if (sqlite3_prepare_v2(r, q, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      snprintf(buf, sizeof buf, "%s", sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    NL_CHECK_STR_EQ(buf, "First", "read and cached");
    sqlite3_exec(w, "UPDATE a SET body = 'Other text.'", NULL, NULL, NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
      snprintf(buf, sizeof buf, "%s", sqlite3_column_text(st, 0));
    NL_CHECK_STR_EQ(buf, "Other", "the other connection's commit is seen");
  }
  sqlite3_finalize(st);
  sqlite3_close(r);
  sqlite3_close(w);
  remove(path);
}

/* nl_casefold: Unicode full case folding of the NFC form (the source
** filter's caseless form); ASCII lowered; invalid UTF-8 kept as it is,
** its ASCII letters lowered. */
static void test_casefold(void) {
  EXPECT("SELECT nl_casefold('Reuters')", "reuters");
  EXPECT("SELECT nl_casefold('JORNAL DE NOT\303\215CIAS')",
         "jornal de not\303\255cias");
  EXPECT("SELECT nl_casefold('noti\314\201cias')", /* decomposed */
         "not\303\255cias");
  EXPECT("SELECT nl_casefold('\xce\x9f\xce\x94\xce\x9f\xce\xa3') ="
         " nl_casefold('\xce\xbf\xce\xb4\xce\xbf\xcf\x82')",
         "1"); /* ΟΔΟΣ, οδος: final sigma */
  EXPECT("SELECT nl_casefold('Stra\303\237e') ="
         " nl_casefold('STRA\341\272\236E')", "1"); /* ß, ẞ */
  EXPECT("SELECT nl_casefold('Stra\303\237e')", "strasse");
  EXPECT("SELECT hex(nl_casefold(CAST(X'41FF42' AS TEXT)))", "61FF62");
  EXPECT("SELECT nl_casefold(NULL)", "NULL");
  EXPECT("SELECT nl_casefold('')", "");
}

/* nl_one_line: runs of ASCII white space one space, none at the ends;
** other bytes (a non-breaking space, UTF-8) kept. */
static void test_one_line(void) {
  EXPECT("SELECT nl_one_line('a\n\nb')", "a b");
  EXPECT("SELECT nl_one_line('  90 [minutes].\r\n\tBoth \f\v sides ')",
         "90 [minutes]. Both sides");
  EXPECT("SELECT nl_one_line('a\302\240b')", "a\302\240b");
  EXPECT("SELECT nl_one_line(' \n ')", "");
  EXPECT("SELECT nl_one_line('')", "");
  EXPECT("SELECT nl_one_line(NULL)", "NULL");
}

int main(void) {
  if (sqlite3_open(":memory:", &sq) != SQLITE_OK) return 1;
  NL_CHECK_INT_EQ(nl_sqlfn_register(sq), SQLITE_OK, "register");
  NL_CHECK_INT_EQ(nl_sqltext_register(sq), SQLITE_OK, "register text");
  test_one_line();
  test_art_cache();
  test_art_other_connection();
  test_casefold();
  sqlite3_close(sq);
  return nl_test_done();
}
