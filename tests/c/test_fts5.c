/* Tests for nl_fts5: the "newslua" FTS5 tokenizer on a real SQLite. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_tokenize.h"
#include "nl_fts5.h"

static const char *const docs[] = {
    "The U.S. and Russia\xe2\x80\x99s high-stakes talks in Geneva.",
    "Officials don't expect a deal; 1,000 troops moved.",
    "\xc3\x89lections in Z\xc3\xbcrich: RUNNING totals.",
};

static sqlite3 *open_db(void) {
  sqlite3 *db = NULL;
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK, "open :memory:");
  NL_CHECK(nl_fts5_register(db, &err) == NL_OK, "register: %s", err.msg);
  return db;
}

/* Create table `name` with tokenizer args and insert the docs. */
static int make_table(sqlite3 *db, const char *name, const char *args) {
  char sql[256];
  size_t i;
  int rc;
  snprintf(sql, sizeof sql,
           "CREATE VIRTUAL TABLE %s USING fts5(body, tokenize='%s')", name,
           args);
  rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK) return rc;
  for (i = 0; i < sizeof docs / sizeof *docs; i++) {
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "INSERT INTO %s(rowid, body) VALUES(?, ?)", name);
    sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    sqlite3_bind_int(st, 1, (int)i + 1);
    sqlite3_bind_text(st, 2, docs[i], -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return rc;
  }
  return SQLITE_OK;
}

/* Rowids matching `q` in table `name`, as "1,3" ("" for none, "ERR"). */
static const char *match(sqlite3 *db, const char *name, const char *q) {
  static char out[64];
  char sql[128];
  sqlite3_stmt *st;
  int rc;
  out[0] = '\0';
  snprintf(sql, sizeof sql,
           "SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rowid", name, name);
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return "ERR";
  sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    size_t l = strlen(out);
    snprintf(out + l, sizeof out - l, "%s%d", l ? "," : "",
             sqlite3_column_int(st, 0));
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? out : "ERR";
}

static void test_match(void) {
  sqlite3 *db = open_db();
  NL_CHECK(make_table(db, "t", "newslua") == SQLITE_OK, "create t");
  NL_CHECK_STR_EQ(match(db, "t", "geneva"), "1", "word");
  NL_CHECK_STR_EQ(match(db, "t", "GENEVA"), "1", "query case-folded");
  NL_CHECK_STR_EQ(match(db, "t", "running"), "3", "doc case-folded");
  NL_CHECK_STR_EQ(match(db, "t", "russia"), "1", "possessive dropped");
  NL_CHECK_STR_EQ(match(db, "t", "\"Russia's\""), "1", "possessive query");
  NL_CHECK_STR_EQ(match(db, "t", "\"U.S.\""), "1", "acronym as us");
  NL_CHECK_STR_EQ(match(db, "t", "us"), "1", "us finds U.S.");
  NL_CHECK_STR_EQ(match(db, "t", "stakes"), "1", "hyphen part");
  NL_CHECK_STR_EQ(match(db, "t", "\"high-stakes\""), "1", "hyphen phrase");
  NL_CHECK_STR_EQ(match(db, "t", "\"high stakes talks\""), "1", "phrase");
  NL_CHECK_STR_EQ(match(db, "t", "\"stakes high\""), "", "phrase order");
  NL_CHECK_STR_EQ(match(db, "t", "\"don't\""), "2", "inner apostrophe");
  NL_CHECK_STR_EQ(match(db, "t", "\"1,000\""), "2", "number with comma");
  NL_CHECK_STR_EQ(match(db, "t", "1000"), "2", "number without comma");
  NL_CHECK_STR_EQ(match(db, "t", "gen*"), "1", "prefix");
  NL_CHECK_STR_EQ(match(db, "t", "t*"), "1,2,3", "prefix t*");
  NL_CHECK_STR_EQ(match(db, "t", "\"z\xc3\xbcrich\""), "3", "non-ASCII");
  NL_CHECK_STR_EQ(match(db, "t", "\"Z\xc3\x9cRICH\""), "3",
                  "non-ASCII case-folded");
  NL_CHECK_STR_EQ(match(db, "t", "zurich"), "", "diacritics kept");
  NL_CHECK_STR_EQ(match(db, "t", "run"), "", "no stems by default");
  NL_CHECK_STR_EQ(match(db, "t", "geneva AND talks"), "1", "AND");
  NL_CHECK_STR_EQ(match(db, "t", "geneva OR troops"), "1,2", "OR");
  sqlite3_close(db);
}

static void test_options(void) {
  sqlite3 *db = open_db();
  NL_CHECK(make_table(db, "d", "newslua remove_diacritics 1") == SQLITE_OK,
           "create d");
  NL_CHECK_STR_EQ(match(db, "d", "zurich"), "3", "diacritics removed");
  NL_CHECK_STR_EQ(match(db, "d", "\"z\xc3\xbcrich\""), "3",
                  "diacritics removed in query");
  NL_CHECK(make_table(db, "s", "newslua stem 1") == SQLITE_OK, "create s");
  NL_CHECK_STR_EQ(match(db, "s", "run"), "3", "colocated stem");
  NL_CHECK_STR_EQ(match(db, "s", "runs"), "3", "query stemmed");
  NL_CHECK_STR_EQ(match(db, "s", "runn*"), "3", "prefix not stemmed");
  NL_CHECK_STR_EQ(match(db, "s", "\"expecting a deals\""), "2",
                  "stemmed phrase");
  NL_CHECK(make_table(db, "b1", "newslua stem") != SQLITE_OK, "odd args");
  NL_CHECK(make_table(db, "b2", "newslua bogus 1") != SQLITE_OK, "unknown key");
  NL_CHECK(make_table(db, "b3", "newslua stem 2") != SQLITE_OK, "bad value");
  sqlite3_close(db);
}

static void test_highlight(void) {
  sqlite3 *db = open_db();
  sqlite3_stmt *st;
  make_table(db, "t", "newslua");
  sqlite3_prepare_v2(db,
                     "SELECT highlight(t, 0, '[', ']') FROM t"
                     " WHERE t MATCH 'stakes OR russia OR us'",
                     -1, &st, NULL);
  NL_CHECK(sqlite3_step(st) == SQLITE_ROW, "highlight row");
  NL_CHECK_STR_EQ((const char *)sqlite3_column_text(st, 0),
                  "The [U.S.] and [Russia\xe2\x80\x99s] high-[stakes] talks"
                  " in Geneva.",
                  "byte offsets drive highlight");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

/* Collect DOCUMENT-mode terms into a newline-separated list. */
typedef struct terms {
  char *v[64];
  int n;
} terms;

static int add_term(void *ctx, int flags, const char *tok, int ntok, int s,
                    int e) {
  terms *t = ctx;
  int i;
  (void)flags;
  (void)s;
  (void)e;
  for (i = 0; i < t->n; i++)
    if ((int)strlen(t->v[i]) == ntok && memcmp(t->v[i], tok, ntok) == 0)
      return 0;
  if (t->n == 64) return 1;
  t->v[t->n] = malloc((size_t)ntok + 1);
  memcpy(t->v[t->n], tok, (size_t)ntok);
  t->v[t->n][ntok] = '\0';
  t->n++;
  return 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* fts5vocab's terms of table `name` equal nl_tokenize's (sorted, joined). */
static void check_vocab(sqlite3 *db, const char *name, int stem,
                        const char *want) {
  nl_tokenizer_opts o = NL_TOKENIZER_OPTS_INIT;
  nl_tokenizer *tk;
  terms t = {{0}, 0};
  char sql[128], mine[1024] = "", vocab[1024] = "";
  sqlite3_stmt *st;
  size_t i;
  int k;
  o.stem = stem;
  nl_tokenizer_new(&o, &tk, NULL);
  for (i = 0; i < sizeof docs / sizeof *docs; i++)
    nl_tokenize(tk, NL_TOKENIZE_DOCUMENT, docs[i], (int)strlen(docs[i]), &t,
                add_term);
  nl_tokenizer_free(tk);
  qsort(t.v, (size_t)t.n, sizeof *t.v, cmp_str);
  for (k = 0; k < t.n; k++) {
    strcat(mine, t.v[k]);
    strcat(mine, " ");
    free(t.v[k]);
  }
  snprintf(sql, sizeof sql,
           "CREATE VIRTUAL TABLE %s_v USING fts5vocab(%s, 'row')", name, name);
  sqlite3_exec(db, sql, NULL, NULL, NULL);
  snprintf(sql, sizeof sql, "SELECT term FROM %s_v", name);
  sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    strcat(vocab, (const char *)sqlite3_column_text(st, 0));
    strcat(vocab, " ");
  }
  sqlite3_finalize(st);
  NL_CHECK_STR_EQ(vocab, mine, "fts5vocab == nl_tokenize terms");
  NL_CHECK_STR_EQ(vocab, want, "fts5vocab terms (hand-checked)");
}

static void test_vocab(void) {
  sqlite3 *db = open_db();
  make_table(db, "t", "newslua");
  make_table(db, "s", "newslua stem 1");
  check_vocab(db, "t", 0,
              "1000 a and deal don't expect geneva high in moved officials "
              "running russia stakes talks the totals troops us "
              "z\xc3\xbcrich \xc3\xa9lections ");
  /* Snowball: official->offici, moved->move, running->run, stakes->stake,
     talks->talk, totals->total, troops->troop, elections->election
     (the accented first letter keeps "ion" outside R2). */
  check_vocab(db, "s", 1,
              "1000 a and deal don't expect geneva high in move moved "
              "offici officials run running russia stake stakes talk talks "
              "the total totals troop troops us z\xc3\xbcrich "
              "\xc3\xa9lection \xc3\xa9lections ");
  sqlite3_close(db);
}

int main(void) {
  test_match();
  test_options();
  test_highlight();
  test_vocab();
  return nl_test_done();
}
