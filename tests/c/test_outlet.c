#define _DEFAULT_SOURCE /* mkdtemp */
/*
** Tests for nl_outlet (an article's outlet from its source, address and
** format; the hosts' names over a store) and the upgrade of a version-7
** store, which has no outlets.  Every expected value is worked out by hand
** from the rules in nl_outlet.h.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_db.h"
#include "nl_db_internal.h"
#include "nl_outlet.h"
#include "store_upgrade.h"

/* Check nl_outlet_of(source, url, format): host, takes.  (What it stores:
** the host while unnamed when it takes, else nothing -- its source.) */
static void expect(const char *source, const char *url, const char *format,
                   const char *host, int takes) {
  nl_outlet o;
  char what[300];
  nl_outlet_of(source, url, format, &o);
  snprintf(what, sizeof what, "%s | %s | %s", source ? source : "-",
           url ? url : "-", format ? format : "-");
  NL_CHECK(host ? o.host && strcmp(o.host, host) == 0 : o.host == NULL,
           "%s: host %s, want %s", what, o.host ? o.host : "NULL",
           host ? host : "NULL");
  NL_CHECK_INT_EQ(o.takes, takes, what);
}

static void test_of(void) {
  /* a name is the outlet; no host */
  expect("Reuters", NULL, "sgml", NULL, 0);
  /* a host name as the source, its address's host: takes the host's */
  expect("www.rt.com", "https://www.rt.com/news/1", "jsonl", "rt.com", 1);
  expect("RT.com", "https://rt.com/news/1", "jsonl", "rt.com", 1);
  expect("www2.Example.co.uk", "http://example.co.uk/", "jsonl",
         "example.co.uk", 1);
  /* a page that names its site votes for its host, keeping its name */
  expect("RT", "https://www.rt.com/news/2", "html", "rt.com", 0);
  /* ... a feed item does not: its link may lead anywhere */
  expect("RT", "https://www.rt.com/news/2", "rss", NULL, 0);
  /* a host that is not its address's: a name, the page's vote */
  expect("www.other.com", "https://foo.com/a", "html", "foo.com", 0);
  expect("www.other.com", "https://foo.com/a", "jsonl", NULL, 0);
  /* no address: a host name written in lower case only */
  expect("espn.com", NULL, "jsonl", "espn.com", 1);
  expect("www.bbc.co.uk", NULL, "jsonl", "bbc.co.uk", 1);
  expect("Nytimes.com", NULL, "jsonl", NULL, 0);
  expect("U.S.News", NULL, "rss", NULL, 0);
  expect("a.b", NULL, "rss", NULL, 0);     /* no two letters after */
  expect("news.b1", NULL, "rss", NULL, 0); /* ends in a digit */
  /* no source: the address's host, else nothing */
  expect(NULL, "https://www2.example.org/x", "text", "example.org", 1);
  expect("", "https://a.com/x", "html", "a.com", 1);
  expect(NULL, "not a url", "text", NULL, 0);
  expect(NULL, NULL, "text", NULL, 0);
}

static char dir[64];

static sqlite3_int64 one(nl_db *db, const char *sql) {
  sqlite3_int64 v = -1;
  nl_sql_int(nl_db_sqlite(db), sql, &v);
  return v;
}

static int put(nl_db *db, const char *id, const char *source, const char *url,
               const char *format) {
  nl_article *a = NULL;
  nl_error err = NL_ERROR_INIT;
  int ok;
  if (nl_article_new(&a) != NL_OK) return 0;
  nl_article_set(a, &a->id, id, strlen(id));
  nl_article_set(a, &a->title, "T", 1);
  nl_article_set(a, &a->body, "A body.", 7);
  if (source) nl_article_set(a, &a->source, source, strlen(source));
  if (url) nl_article_set(a, &a->url, url, strlen(url));
  a->format = format;
  ok = nl_db_put_article(db, a, &err) == NL_OK;
  if (!ok) fprintf(stderr, "put %s: %s\n", id, err.msg);
  nl_article_free(a);
  return ok;
}

/* The outlet of article `id` (a static buffer; "NULL" for none). */
static const char *outlet_of(nl_db *db, const char *id) {
  static char out[128];
  sqlite3_stmt *st;
  snprintf(out, sizeof out, "?");
  if (sqlite3_prepare_v2(nl_db_sqlite(db),
                         "SELECT coalesce(outlet, source)"
                         " FROM articles WHERE id = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return out;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    snprintf(out, sizeof out, "%s",
             sqlite3_column_type(st, 0) == SQLITE_NULL
                 ? "NULL"
                 : (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return out;
}

/*
** Names over a store: put_article stores what each article says alone,
** nl_db_optimize settles the hosts' names: rt.com's records take its
** page's "RT"; espn.com's the most common spelling ("ESPN.com", 2 of 3).
*/
static void test_refresh(void) {
  char path[128];
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  snprintf(path, sizeof path, "%s/names.db", dir);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "open: %s", err.msg);
  if (!db) return;
  NL_CHECK(put(db, "a", "www.rt.com", "https://www.rt.com/1", "jsonl") &&
               put(db, "b", "rt.com", "https://rt.com/2", "jsonl") &&
               put(db, "p", "RT", "https://www.rt.com/3", "html") &&
               put(db, "e1", "www.ESPN.com", "https://espn.com/1", "jsonl") &&
               put(db, "e2", "ESPN.com", "https://espn.com/2", "jsonl") &&
               put(db, "e3", "espn.com", "https://espn.com/3", "jsonl") &&
               put(db, "r", "Reuters", NULL, "sgml") &&
               put(db, "n", NULL, NULL, "text"),
           "stored");
  NL_CHECK_STR_EQ(outlet_of(db, "a"), "rt.com", "a: its host until named");
  NL_CHECK(nl_db_optimize(db, &err) == NL_OK, "optimize: %s", err.msg);
  NL_CHECK_STR_EQ(outlet_of(db, "a"), "RT", "a: the page's name");
  NL_CHECK_STR_EQ(outlet_of(db, "b"), "RT", "b: the page's name");
  NL_CHECK_STR_EQ(outlet_of(db, "p"), "RT", "p: its own");
  NL_CHECK_STR_EQ(outlet_of(db, "e1"), "ESPN.com", "e1: the common spelling");
  NL_CHECK_STR_EQ(outlet_of(db, "e3"), "ESPN.com", "e3: the common spelling");
  NL_CHECK_STR_EQ(outlet_of(db, "r"), "Reuters", "r: its name");
  NL_CHECK_STR_EQ(outlet_of(db, "n"), "NULL", "n: none");
  NL_CHECK_INT_EQ(one(db, "SELECT count(*) FROM articles INDEXED BY"
                          " articles_outlet_host WHERE outlet_host IS NOT"
                          " NULL"),
                  6, "the index holds the six with a host");
  /* a tie between two spellings: the first in byte order */
  NL_CHECK(put(db, "t1", "www.Tie.com", "https://tie.com/1", "jsonl") &&
               put(db, "t2", "tie.com", "https://tie.com/2", "jsonl") &&
               nl_db_optimize(db, &err) == NL_OK,
           "a tie stored");
  NL_CHECK_STR_EQ(outlet_of(db, "t2"), "Tie.com", "tie: 'T' < 't'");
  nl_db_close(db);
}

/*
** A version-7 store (no outlet columns): read-only, it says to open it
** read-write once; read-write, it is upgraded and its outlets named.
*/
static void test_upgrade(void) {
  char path[128];
  nl_db *db = NULL;
  nl_db_opts ro = NL_DB_OPTS_INIT, up = NL_DB_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  upgrades u = {0};
  snprintf(path, sizeof path, "%s/v7.db", dir);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "open: %s", err.msg);
  if (!db) return;
  NL_CHECK(put(db, "a", "www.rt.com", "https://www.rt.com/1", "jsonl") &&
               put(db, "p", "RT", "https://www.rt.com/3", "html") &&
               put(db, "r", "Reuters", NULL, "sgml"),
           "stored");
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db),
                        "DROP INDEX articles_outlet_host;"
                        "ALTER TABLE articles DROP COLUMN outlet;"
                        "ALTER TABLE articles DROP COLUMN outlet_host;"
                        "PRAGMA user_version = 7",
                        NULL, NULL, NULL) == SQLITE_OK,
           "made it a version 7 store");
  nl_db_close(db);
  db = NULL;
  ro.readonly = 1;
  NL_CHECK(nl_db_open(path, &ro, &db, &err) == NL_EDB && !db &&
               strstr(err.msg, "schema version 7; open it once read-write"),
           "read-only: %s", err.msg);
  up.on_upgrade = on_upgrade;
  up.ctx = &u;
  NL_CHECK(nl_db_open(path, &up, &db, &err) == NL_OK, "upgrade: %s", err.msg);
  if (!db) return;
  NL_CHECK(u.calls == 1 && u.from == 7 && u.to == 8, "told 7 -> 8");
  NL_CHECK_INT_EQ(one(db, "PRAGMA user_version"), 8, "version 8");
  NL_CHECK_STR_EQ(outlet_of(db, "a"), "RT", "a named by the page");
  NL_CHECK_STR_EQ(outlet_of(db, "r"), "Reuters", "r: its name");
  NL_CHECK_INT_EQ(one(db, "SELECT count(*) FROM sqlite_schema WHERE name ="
                          " 'articles_outlet_host'"),
                  1, "the index made");
  nl_db_close(db);
}

int main(void) {
  test_of();
  snprintf(dir, sizeof dir, "/tmp/nl_test_outlet_XXXXXX");
  if (!mkdtemp(dir)) return 2;
  test_refresh();
  test_upgrade();
  {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  }
  return nl_test_done();
}
