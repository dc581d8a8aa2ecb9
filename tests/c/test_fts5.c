/* Tests for nl_fts5: the "newslua" FTS5 tokenizer on a real SQLite. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_article.h"
#include "newslua/nl_db.h"
#include "newslua/nl_tokenize.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
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

/* "term@offset ..." of document `doc` in fts5vocab instance table `v`. */
static void instances(sqlite3 *db, const char *v, int doc, char *out,
                      size_t cap) {
  char sql[160];
  sqlite3_stmt *st;
  size_t n = 0;
  out[0] = '\0';
  snprintf(sql, sizeof sql,
           "SELECT term, offset FROM %s WHERE doc = %d ORDER BY offset, term",
           v, doc);
  sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW && n + 64 < cap)
    n += (size_t)snprintf(out + n, cap - n, "%s@%d ",
                          (const char *)sqlite3_column_text(st, 0),
                          sqlite3_column_int(st, 1));
  sqlite3_finalize(st);
}

/* Insert `text` as row `rowid` of table `t` with `log` armed (or not). */
static void insert_armed(sqlite3 *db, const char *t, int rowid,
                         const char *text, const nl_toklog *log) {
  char sql[96];
  sqlite3_stmt *st;
  snprintf(sql, sizeof sql, "INSERT INTO %s(rowid, body) VALUES(?, ?)", t);
  sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  sqlite3_bind_int(st, 1, rowid);
  sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
  nl_fts5_replay(log);
  NL_CHECK(sqlite3_step(st) == SQLITE_DONE, "insert into %s", t);
  nl_fts5_replay(NULL);
  sqlite3_finalize(st);
}

/*
** Tokenize once: a token log replays into FTS5 only for the very text it
** recorded; another text (same length, one byte differs) or a log that
** could not record is tokenized, and the index is the same either way.
*/
static void test_replay(void) {
  sqlite3 *db = open_db();
  nl_toklog log = NL_TOKLOG_INIT, bad = NL_TOKLOG_INIT;
  const char *a = docs[0];
  char b[128], mine[1024], plain[1024], *big;
  size_t r0, t0, r1, t1;
  sqlite3_exec(db,
               "CREATE VIRTUAL TABLE r USING fts5(body, tokenize='newslua');"
               "CREATE VIRTUAL TABLE u USING fts5(body, tokenize='newslua');"
               "CREATE VIRTUAL TABLE s USING fts5(body, tokenize="
               "'newslua stem 1');"
               "CREATE VIRTUAL TABLE rv USING fts5vocab(r, 'instance');"
               "CREATE VIRTUAL TABLE uv USING fts5vocab(u, 'instance');",
               NULL, NULL, NULL);
  NL_CHECK(nl_toklog_add(&log, a, strlen(a), NULL) == 0, "record");
  /* the, us, and, russia, high, stakes, talks, in, geneva */
  NL_CHECK_INT_EQ(log.text[0].count, 9, "nine terms recorded");
  NL_CHECK(!log.bad, "log usable");
  nl_fts5_replay_counts(&r0, &t0);
  insert_armed(db, "r", 1, a, &log);
  nl_fts5_replay_counts(&r1, &t1);
  NL_CHECK(r1 == r0 + 1 && t1 == t0, "same text: replayed, not tokenized");
  insert_armed(db, "u", 1, a, NULL);
  instances(db, "rv", 1, mine, sizeof mine);
  instances(db, "uv", 1, plain, sizeof plain);
  NL_CHECK_STR_EQ(mine, plain, "replayed index == tokenized index");
  NL_CHECK_STR_EQ(mine, "the@0 us@1 and@2 russia@3 high@4 stakes@5 talks@6 "
                  "in@7 geneva@8 ", "terms and positions (hand-checked)");
  /* same length, last word differs: the log does not apply */
  snprintf(b, sizeof b, "%s", a);
  memcpy(strstr(b, "Geneva"), "Genevb", 6);
  nl_fts5_replay_counts(&r1, &t1);
  insert_armed(db, "r", 2, b, &log);
  nl_fts5_replay_counts(&r0, &t0);
  NL_CHECK(r0 == r1 && t0 == t1 + 1, "other text: tokenized");
  instances(db, "rv", 2, mine, sizeof mine);
  NL_CHECK(strstr(mine, "genevb@8") && !strstr(mine, "geneva"),
           "other text indexed as itself: %s", mine);
  /* a table with other options never replays a default-options log */
  insert_armed(db, "s", 1, a, &log);
  nl_fts5_replay_counts(&r1, &t1);
  NL_CHECK(r1 == r0 && t1 == t0 + 1, "stemming table: tokenized");
  /* a term of 16 KiB or more cannot be recorded: no replay at all */
  big = malloc(20001);
  memset(big, 'a', 20000);
  big[20000] = '\0';
  nl_toklog_add(&bad, big, 20000, NULL);
  NL_CHECK(bad.bad, "long term: log bad");
  insert_armed(db, "r", 3, big, &bad);
  nl_fts5_replay_counts(&r0, &t0);
  NL_CHECK(r0 == r1 && t0 == t1 + 1, "bad log: tokenized");
  free(big);
  nl_toklog_free(&bad);
  nl_toklog_free(&log);
  sqlite3_close(db);
}

/* A stored article's index terms come from the analysis' log (replayed)
** and are what nl_tokenize gives (hand-checked against docs[1], docs[2]). */
static void test_store_replays(void) {
  nl_db *db;
  nl_article *a;
  nl_error err = NL_ERROR_INIT;
  size_t r0, t0, r1, t1, n = 0;
  char got[1024] = "";
  sqlite3_stmt *st;
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open store");
  nl_article_new(&a);
  a->id = nl_strdup("x");
  nl_article_set(a, &a->title, docs[1], strlen(docs[1]));
  nl_article_add_paragraph(a, docs[2], strlen(docs[2]));
  nl_fts5_replay_counts(&r0, &t0);
  NL_CHECK(nl_db_put_article(db, a, &err) == NL_OK, "put: %s", err.msg);
  nl_fts5_replay_counts(&r1, &t1);
  NL_CHECK(r1 == r0 + 2 && t1 == t0, "title and body replayed");
  sqlite3_exec(nl_db_sqlite(db),
               "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, fts, "
               "'instance')", NULL, NULL, NULL);
  sqlite3_prepare_v2(nl_db_sqlite(db), "SELECT term, col, offset FROM v "
                     "ORDER BY col DESC, offset", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW && n + 64 < sizeof got)
    n += (size_t)snprintf(got + n, sizeof got - n, "%s:%s@%d ",
                          (const char *)sqlite3_column_text(st, 1),
                          (const char *)sqlite3_column_text(st, 0),
                          sqlite3_column_int(st, 2));
  sqlite3_finalize(st);
  NL_CHECK_STR_EQ(got, "title:officials@0 title:don't@1 title:expect@2 "
                  "title:a@3 title:deal@4 title:1000@5 title:troops@6 "
                  "title:moved@7 body:\xc3\xa9lections@0 body:in@1 "
                  "body:z\xc3\xbcrich@2 body:running@3 body:totals@4 ",
                  "stored index terms");
  nl_db_close(db);
  nl_article_free(a);
}

/* Rows of `sql` (?1 = q): column 0 in id[], column 1 in v[]. */
static int topk_rows(sqlite3 *db, const char *sql, const char *q,
                     sqlite3_int64 *id, double *v, int cap) {
  sqlite3_stmt *st;
  int n = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
  while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
    id[n] = sqlite3_column_int64(st, 0);
    v[n++] = sqlite3_column_double(st, 1);
  }
  sqlite3_finalize(st);
  return n;
}

/* nl_bm25top1(r, k, keys) of query q: its hits into id/v (at most cap), how
** many, or -1 for a NULL result. */
static int top1_rows(sqlite3 *db, const char *q, int k,
                     nl_rank_keys *keys, sqlite3_int64 *id, double *v,
                     int cap) {
  sqlite3_stmt *st;
  char sql[128];
  int n = -2, i;
  snprintf(sql, sizeof sql, "SELECT nl_bm25top1(r, %d, ?2) FROM r"
           " WHERE r MATCH ?1 LIMIT 1", k);
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -2;
  sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
  if (keys) sqlite3_bind_pointer(st, 2, keys, NL_RANK_KEYS_TYPE, NULL);
  if (sqlite3_step(st) == SQLITE_ROW) {
    const nl_rank_hit *h = sqlite3_column_blob(st, 0);
    n = sqlite3_column_type(st, 0) == SQLITE_NULL
            ? -1 : sqlite3_column_bytes(st, 0) / (int)sizeof *h;
    for (i = 0; i < n && i < cap; i++) {
      id[i] = h[i].rowid;
      v[i] = h[i].value;
    }
  }
  sqlite3_finalize(st);
  return n;
}

/*
** nl_bm25topk against FTS5's bm25: 600 rows, rowids 1..30 hold "zeta" 10
** times in a 12-token body, 225 later rows once in 3..11 tokens (ties on
** equal lengths), the rest none.  A once-row's best case (even at 0
** tokens) scores 2.2 / 1.3 = 1.69 IDF, below a 10-hit row's 22 / 12.1 =
** 1.82 at twice the mean length (the mean is under 6.5): with k <= 30
** every once-row is pruned.  The k best by (value, rowid) must equal bm25's,
** values bit for bit, for terms, OR, phrases and NEAR, k below and above
** the 30 heavy rows.
*/
static void test_topk(void) {
  static sqlite3_int64 ia[700], ib[700];
  static double va[700], vb[700];
  static const char *const qs[] = {"zeta", "zeta OR beta", "\"zeta w1\"",
                                   "NEAR(zeta w2, 3)", "beta", "body : zeta",
                                   "title : beta", "zet*", "^w2"};
  static const int ks[] = {1, 5, 20, 30, 100, 700};
  sqlite3 *db = open_db();
  char sql[256], body[256];
  long long s0, p0, s1, p1;
  int i, j, q, n, m, once = 0, same, rc;
  rc = sqlite3_exec(db, "CREATE VIRTUAL TABLE r USING fts5(title, body,"
                        " tokenize='newslua')", NULL, NULL, NULL);
  NL_CHECK_INT_EQ(rc, SQLITE_OK, "topk: table");
  for (i = 1; i <= 600; i++) {
    sqlite3_stmt *st;
    int len = i <= 30 ? 12 : 3 + (i % 5) * 2;
    body[0] = '\0';
    for (j = 0; j < len; j++) {
      int zeta = i <= 30 ? j < 10 : (i % 20 < 8 && j == len - 1);
      snprintf(body + strlen(body), sizeof body - strlen(body), "%s%s",
               j ? " " : "", zeta ? "zeta" : j % 3 ? "w1" : "w2");
    }
    if (i > 30 && i % 20 < 8) once++;
    sqlite3_prepare_v2(db, "INSERT INTO r(rowid, title, body) VALUES(?,?,?)",
                       -1, &st, NULL);
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_text(st, 2, i % 9 == 0 ? "beta news" : "news", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) break;
  }
  NL_CHECK_INT_EQ(rc, SQLITE_DONE, "topk: 600 rows");
  NL_CHECK_INT_EQ(once, 225, "topk: 225 once-rows");
  for (q = 0; q < (int)(sizeof qs / sizeof *qs); q++)
    for (j = 0; j < (int)(sizeof ks / sizeof *ks); j++) {
      snprintf(sql, sizeof sql,
               "SELECT rowid, bm25(r) AS s FROM r WHERE r MATCH ?1"
               " ORDER BY s, rowid LIMIT %d", ks[j]);
      n = topk_rows(db, sql, qs[q], ia, va, 700);
      snprintf(sql, sizeof sql,
               "SELECT rowid, nl_bm25topk(r, %d) AS s FROM r WHERE r MATCH"
               " ?1 ORDER BY s, rowid LIMIT %d", ks[j], ks[j]);
      m = topk_rows(db, sql, qs[q], ib, vb, 700);
      same = n > 0 && n == m;
      for (i = 0; same && i < n; i++)
        same = ia[i] == ib[i] && memcmp(&va[i], &vb[i], sizeof va[i]) == 0;
      NL_CHECK(same, "topk: %s, k %d: %d rows as bm25's (%d)", qs[q], ks[j],
               m, n);
    }
  /* nl_bm25top1: one walk of a one-phrase query gives the same rows and
  ** values; a query of two phrases gives NULL (nl_bm25topk then); a key
  ** set keeps its rows only */
  for (q = 0; q < (int)(sizeof qs / sizeof *qs); q++)
    for (j = 0; j < (int)(sizeof ks / sizeof *ks); j++) {
      int one = strstr(qs[q], "OR") == NULL && strstr(qs[q], "NEAR") == NULL;
      snprintf(sql, sizeof sql,
               "SELECT rowid, bm25(r) AS s FROM r WHERE r MATCH ?1"
               " ORDER BY s, rowid LIMIT %d", ks[j]);
      n = topk_rows(db, sql, qs[q], ia, va, 700);
      m = top1_rows(db, qs[q], ks[j], NULL, ib, vb, 700);
      same = one ? n > 0 && n == m : m == -1;
      for (i = 0; one && same && i < n; i++)
        same = ia[i] == ib[i] && memcmp(&va[i], &vb[i], sizeof va[i]) == 0;
      NL_CHECK(same, "top1: %s, k %d: %d rows as bm25's (%d)", qs[q], ks[j],
               m, n);
    }
  {
    static sqlite3_int64 even[300];
    nl_rank_keys keys;
    for (i = 0; i < 300; i++)
      even[i] = 2 * (i + 1);
    keys.v = even;
    keys.n = 300;
    for (j = 0; j < (int)(sizeof ks / sizeof *ks); j++) {
      snprintf(sql, sizeof sql,
               "SELECT rowid, bm25(r) AS s FROM r WHERE r MATCH ?1"
               " AND rowid %% 2 = 0 ORDER BY s, rowid LIMIT %d", ks[j]);
      n = topk_rows(db, sql, "zeta", ia, va, 700);
      m = top1_rows(db, "zeta", ks[j], &keys, ib, vb, 700);
      same = n > 0 && n == m;
      for (i = 0; same && i < n; i++)
        same = ia[i] == ib[i] && memcmp(&va[i], &vb[i], sizeof va[i]) == 0;
      NL_CHECK(same, "top1 keys: k %d: %d rows as bm25's (%d)", ks[j], m, n);
    }
    NL_CHECK_INT_EQ(top1_rows(db, "omega", 5, NULL, ib, vb, 700), -2,
                    "top1: no match, no row");
    NL_CHECK_INT_EQ(top1_rows(db, "zeta", 0, NULL, ib, vb, 700), -1,
                    "top1: k 0 is NULL");
  }
  /* pruning: every once-row with k = 20; each pruned row is worse than
  ** the 20th best, each other row has bm25's exact value */
  nl_rank_counts(&s0, &p0);
  {
    sqlite3_stmt *st;
    int pruned = 0, exact = 0, bad = 0;
    double worst;
    topk_rows(db,
              "SELECT rowid, bm25(r) AS s FROM r WHERE r MATCH ?1"
              " ORDER BY s, rowid LIMIT 20", "zeta", ib, vb, 700);
    worst = vb[19];
    sqlite3_prepare_v2(db,
                       "SELECT bm25(r), nl_bm25topk(r, 20) FROM r"
                       " WHERE r MATCH 'zeta'", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
      double b = sqlite3_column_double(st, 0);
      double t = sqlite3_column_double(st, 1);
      if (t == NL_RANK_PRUNED) {
        pruned++;
        if (!(b > worst)) bad++;
      } else if (t == b) {
        exact++;
      } else {
        bad++;
      }
    }
    sqlite3_finalize(st);
    NL_CHECK_INT_EQ(pruned, 225, "topk: every once-row pruned");
    NL_CHECK_INT_EQ(exact, 30, "topk: the 30 heavy rows scored");
    NL_CHECK_INT_EQ(bad, 0, "topk: pruned rows worse than the 20th");
  }
  nl_rank_counts(&s1, &p1);
  NL_CHECK(p1 - p0 == 225 && s1 - s0 == 30,
           "topk: counters %lld pruned, %lld scored", p1 - p0, s1 - s0);
  sqlite3_close(db);
}

int main(void) {
  test_match();
  test_options();
  test_highlight();
  test_vocab();
  test_replay();
  test_store_replays();
  test_topk();
  return nl_test_done();
}
