/*
** test_pubdate_prelink.c -- the story links an ingest's loader makes ahead
** (nl_pd_prelink_make) and a first reconciliation takes: the same
** decisions as computing them, used only when the store holds exactly the
** prelink's articles, and really used then (a wrong one changes the
** decisions).  Likewise the decisions made ahead from the loaded rows
** (nl_pd_pre_decide): the same store, used only when the store holds
** exactly those rows.  Over the repository's corpus/ (stories, undated
** articles).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "store_dump.h"
#include "newslua/nl_db.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_pubdate.h"
#include "nl_story.h"

/* The word sets and body hashes of the store's articles in rowid order,
** as the ingest keeps them; the last `leave` articles left out, and with
** `empty` every set empty. */
static void keep_sets(nl_db *db, nl_pd_words *k, int leave, int empty) {
  sqlite3_stmt *st;
  long long last = 0;
  memset(k, 0, sizeof *k);
  sqlite3_prepare_v2(nl_db_sqlite(db), "SELECT max(rowid) FROM articles",
                     -1, &st, NULL);
  if (sqlite3_step(st) == SQLITE_ROW) last = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(nl_db_sqlite(db),
                     "SELECT rowid, body FROM articles WHERE rowid <= ?1"
                     " ORDER BY rowid", -1, &st, NULL);
  sqlite3_bind_int64(st, 1, last - leave);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *b = (const char *)sqlite3_column_text(st, 1);
    size_t len = (size_t)sqlite3_column_bytes(st, 1), nw = 0, cap = 0;
    uint64_t *w = NULL;
    long long rowid = sqlite3_column_int64(st, 0);
    nl_story_words(b, len, &w, &nw, &cap);
    nw = empty ? 0 : nl_story_unique(w, nw);
    nl_pd_words_add(k, rowid, w, nw, 1u << 20);
    nl_pd_words_hash(k, rowid, nl_hash64(b ? b : "", len));
    nl_free(w);
  }
  sqlite3_finalize(st);
}

/* A store of corpus/ as an ingest with reconcile off leaves it. */
static nl_db *unreconciled(void) {
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  o.reconcile = 0;
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (db)
    NL_CHECK(nl_db_ingest(db, NL_SOURCE_DIR "/corpus", &o, NULL, &err) ==
             NL_OK, "ingest: %s", err.msg);
  return db;
}

/*
** Reconcile a fresh store of corpus/ knowing the sets of all its articles
** but the last `leave_known`, with (`prelink`) the prelink made from the
** sets of all but the last `leave_link` (`empty_link`: each set empty);
** dump the store into out.
*/
/* Reconcile db with the sets, prelink and decisions k holds, dump the
** store into out, free k and close db. */
static void reconcile_dump(nl_db *db, nl_pd_words *k, char *out, size_t cap) {
  nl_error err = NL_ERROR_INIT;
  NL_CHECK(nl_pubdate_reconcile_words(db, k, &err) == NL_OK,
           "reconcile: %s", err.msg);
  NL_CHECK(nl_pubdate_first(db) == 0, "reconciled once");
  dump_store(db, out, cap);
  nl_pd_words_free(k);
  nl_db_close(db);
}

/* The store of corpus/ reconciled the plain way, dumped into out (""
** when it could not be made). */
static void plain_store(char *out, size_t cap) {
  nl_db *db = unreconciled();
  nl_error err = NL_ERROR_INIT;
  out[0] = '\0';
  if (!db) return;
  NL_CHECK(nl_pubdate_reconcile(db, &err) == NL_OK, "reconcile: %s",
           err.msg);
  dump_store(db, out, cap);
  nl_db_close(db);
}

static void reconciled(int leave_known, int prelink, int leave_link,
                       int empty_link, char *out, size_t cap) {
  nl_db *db = unreconciled();
  nl_pd_words k, from;
  out[0] = '\0';
  if (!db) return;
  NL_CHECK(nl_pubdate_first(db) == 1, "no reconciliation yet");
  keep_sets(db, &k, leave_known, 0);
  if (prelink) {
    keep_sets(db, &from, leave_link, empty_link);
    k.link = nl_pd_prelink_make(&from);
    NL_CHECK(k.link != NULL, "prelink made");
    nl_pd_words_free(&from);
  }
  reconcile_dump(db, &k, out, cap);
}

static void test_prelink(void) {
  static char plain[65536], pre[65536], other[65536];
  plain_store(plain, sizeof plain);
  if (!plain[0]) return;
  NL_CHECK(strstr(plain, "|inferred|") != NULL, "some dates inferred");
  reconciled(0, 1, 0, 0, pre, sizeof pre);
  NL_CHECK_STR_EQ(pre, plain, "with the prelink: same decisions and dates");
  /* taken when it fits: a prelink of empty sets links nothing */
  reconciled(0, 1, 0, 1, other, sizeof other);
  NL_CHECK(strcmp(other, plain) != 0, "the prelink is what is used");
  /* the store holds an article the prelink lacks: computed instead */
  reconciled(1, 1, 1, 1, other, sizeof other);
  NL_CHECK_STR_EQ(other, plain, "an article more: not used");
  /* the known sets lack one: a prelink of fewer sets is not used */
  reconciled(0, 1, 1, 1, other, sizeof other);
  NL_CHECK_STR_EQ(other, plain, "a prelink of other sets: not used");
}

/* An empty or stopped set of words makes no prelink. */
static void test_prelink_none(void) {
  nl_pd_words k;
  uint64_t w[2] = {1, 2};
  memset(&k, 0, sizeof k);
  NL_CHECK(nl_pd_prelink_make(&k) == NULL, "no sets: no prelink");
  nl_pd_words_add(&k, 1, w, 2, 1);
  NL_CHECK(k.full, "over the budget");
  NL_CHECK(nl_pd_prelink_make(&k) == NULL, "stopped: no prelink");
  nl_pd_words_free(&k);
  nl_pd_prelink_free(NULL);
}


enum { PRE_SAME, PRE_NO_BODIES, PRE_OTHER_ID, PRE_ONE_LESS };

/* The rows of db's articles in rowid order as the ingest's loader keeps
** them, with (`how`) every body empty and maybe also one id changed or
** the last row left out; decided with k's sets and prelink. */
static nl_pd_pre *pre_of(nl_db *db, const nl_pd_words *k, int how) {
  nl_pd_pre *p = nl_pd_pre_new(1u << 26);
  sqlite3_stmt *st;
  long long n = 0, last = 0;
  sqlite3_prepare_v2(nl_db_sqlite(db), "SELECT count(*) FROM articles", -1,
                     &st, NULL);
  if (sqlite3_step(st) == SQLITE_ROW) last = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(nl_db_sqlite(db),
                     "SELECT id, published, published_source, warnings, meta,"
                     " body, url FROM articles ORDER BY rowid", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    nl_pd_art a;
    const char *src = (const char *)sqlite3_column_text(st, 2);
    memset(&a, 0, sizeof a);
    if (how == PRE_ONE_LESS && ++n == last) break;
    a.id = (const char *)sqlite3_column_text(st, 0);
    if (how == PRE_OTHER_ID && n++ == 3) a.id = "another id";
    a.published = (const char *)sqlite3_column_text(st, 1);
    a.source = strcmp(src, "metadata") == 0   ? NL_PUB_METADATA
               : strcmp(src, "inferred") == 0 ? NL_PUB_INFERRED
                                              : NL_PUB_NONE;
    a.warnings = (const char *)sqlite3_column_text(st, 3);
    a.nwarnings = (size_t)sqlite3_column_bytes(st, 3);
    a.kv = (const char *)sqlite3_column_text(st, 4);
    a.url = (const char *)sqlite3_column_text(st, 6);
    a.nkv = (size_t)sqlite3_column_bytes(st, 4);
    a.body = (const char *)sqlite3_column_text(st, 5);
    a.body_len = (size_t)sqlite3_column_bytes(st, 5);
    if (how != PRE_SAME) a.body_len = 0; /* wrong decisions if used */
    nl_pd_pre_add(p, &a);
  }
  sqlite3_finalize(st);
  NL_CHECK(nl_pd_pre_decide(p, k, k->link) ==
               (how == PRE_ONE_LESS ? NL_EMISUSE : NL_OK),
           "decided ahead (%d)", how);
  return p;
}

/* Reconcile a fresh store of corpus/ with every set, the prelink and the
** decisions made ahead (pre_of(how)); dump the store into out. */
static void decided(int how, char *out, size_t cap) {
  nl_db *db = unreconciled();
  nl_pd_words k;
  out[0] = '\0';
  if (!db) return;
  keep_sets(db, &k, 0, 0);
  k.link = nl_pd_prelink_make(&k);
  NL_CHECK(k.link != NULL, "prelink made");
  k.pre = pre_of(db, &k, how);
  reconcile_dump(db, &k, out, cap);
}

static void test_pre(void) {
  static char plain[65536], pre[65536], other[65536];
  plain_store(plain, sizeof plain);
  if (!plain[0]) return;
  decided(PRE_SAME, pre, sizeof pre);
  NL_CHECK_STR_EQ(pre, plain, "decided ahead: same decisions and dates");
  /* taken when the rows fit: decided without bodies, other decisions */
  decided(PRE_NO_BODIES, other, sizeof other);
  NL_CHECK(strcmp(other, plain) != 0, "the decisions ahead are what is used");
  /* a row differs from the store's (its id): computed instead */
  decided(PRE_OTHER_ID, other, sizeof other);
  NL_CHECK_STR_EQ(other, plain, "a row differs: not used");
  /* a row fewer: nothing decided, computed instead */
  decided(PRE_ONE_LESS, other, sizeof other);
  NL_CHECK_STR_EQ(other, plain, "a row fewer: not used");
}

/* Past its budget the rows are dropped and nothing is decided. */
static void test_pre_budget(void) {
  nl_pd_pre *p = nl_pd_pre_new(100);
  nl_pd_art a;
  nl_pd_words k;
  uint64_t w[2] = {1, 2};
  memset(&a, 0, sizeof a);
  memset(&k, 0, sizeof k);
  a.id = "x";
  a.body = "a body longer than the budget of this test's rows, so the"
           " rows stop being kept";
  a.body_len = strlen(a.body);
  nl_pd_pre_add(p, &a);
  nl_pd_words_add(&k, 1, w, 2, 100);
  nl_pd_words_hash(&k, 1, 7);
  k.link = nl_pd_prelink_make(&k);
  NL_CHECK(k.link != NULL, "prelink of one set");
  NL_CHECK(nl_pd_pre_decide(p, &k, k.link) != NL_OK, "stopped: not decided");
  nl_pd_pre_free(p);
  nl_pd_words_free(&k);
  nl_pd_pre_free(NULL);
}

int main(void) {
  test_prelink();
  test_prelink_none();
  test_pre();
  test_pre_budget();
  return nl_test_done();
}
