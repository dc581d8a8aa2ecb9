#define _DEFAULT_SOURCE /* mkdtemp, realpath */
/* Tests for the ingest pipeline (nl_ingest.c): files to store, unchanged
** files skipped, changed files replaced, bad files skipped with their old
** version kept, id clashes, and an ingest failing half way (allocation
** failures at every point) leaving a consistent store. */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "store_sql.h"

static char dir[64];

#define CORPUS_FILES_DIR dir
#include "corpus_files.h"

/* ids of all articles, in id order, space-separated. */
static void all_ids(nl_db *db, char *out, size_t cap) {
  nl_cursor *c;
  out[0] = '\0';
  if (nl_db_articles(db, NULL, &c, NULL) != NL_OK) return;
  while (nl_cursor_next(c, NULL) == NL_OK) {
    if (out[0]) strncat(out, " ", cap - strlen(out) - 1);
    strncat(out, nl_cursor_text(c, 0, NULL), cap - strlen(out) - 1);
  }
  nl_cursor_free(c);
}

static long long hits(nl_db *db, const char *q) {
  nl_cursor *c;
  long long n = 0;
  if (nl_db_search(db, q, NULL, &c, NULL) != NL_OK) return -1;
  while (nl_cursor_next(c, NULL) == NL_OK) n++;
  nl_cursor_free(c);
  return n;
}

typedef struct seen {
  int n, failed;
  char last_failed[512];
} seen;

static void on_file(void *ctx, const nl_file_report *r) {
  seen *s = ctx;
  s->n++;
  if (r->status != NL_OK) {
    s->failed++;
    snprintf(s->last_failed, sizeof s->last_failed, "%s",
             r->message ? r->message : "");
  }
}

/* A macro's value as a string literal ("1" for NL_ANALYSIS_VERSION 1). */
#define NL_STR_(x) #x
#define NL_STR(x) NL_STR_(x)

static nl_status ingest(nl_db *db, nl_ingest_report *r, seen *s,
                        nl_error *err) {
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  o.on_file = s ? on_file : NULL;
  o.ctx = s;
  o.reconcile = 0;
  if (s) memset(s, 0, sizeof *s);
  return nl_db_ingest(db, dir, &o, r, err);
}

/* Every article whole: FTS index matches its content, no orphan rows. */
static int consistent(nl_db *db) {
  int ok = sqlite3_exec(nl_db_sqlite(db),
                        "INSERT INTO fts(fts) VALUES('integrity-check')", NULL,
                        NULL, NULL) == SQLITE_OK;
  ok = ok && sql_int(db, "SELECT count(*) FROM sentences WHERE article NOT IN"
                         " (SELECT rowid FROM articles)") == 0;
  ok = ok && sql_int(db, "SELECT count(*) FROM annotations WHERE article NOT"
                         " IN (SELECT rowid FROM articles)") == 0;
  ok = ok && sql_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE "
                         "integrity_check = 'ok'") == 1;
  return ok;
}

static void bump_mtime(const char *rel) {
  char path[256];
  struct timespec ts[2];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  clock_gettime(CLOCK_REALTIME, &ts[0]);
  ts[0].tv_sec += 5;
  ts[1] = ts[0];
  utimensat(0, path, ts, 0);
}

static void test_ingest_cycle(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_db *db;
  seen s;
  char ids[512], dbpath[128];
  int changes;
  snprintf(dbpath, sizeof dbpath, "%s/.newslua/index.db", dir);
  NL_CHECK(nl_db_open(dbpath, NULL, &db, &err) == NL_OK, "open: %s", err.msg);
  if (!db) return;
  NL_CHECK(ingest(db, &r, &s, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK_INT_EQ(r.files, 4, "4 files (hidden .newslua skipped)");
  NL_CHECK_INT_EQ(r.articles_added, 4, "4 added");
  NL_CHECK_INT_EQ(r.files_failed, 0, "none failed");
  NL_CHECK_INT_EQ(r.per_format[NL_FORMAT_TIMEML], 4, "4 timeml");
  NL_CHECK_INT_EQ(s.n, 4, "on_file told 4 times");
  all_ids(db, ids, sizeof ids);
  NL_CHECK_STR_EQ(ids, "a/one a/two b/one three",
                  "ids keep the sub-directory");
  NL_CHECK_INT_EQ(hits(db, "geneva"), 1, "geneva found once");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE status='ok'"),
                  4, "files rows");

  /* unchanged: nothing written at all */
  changes = sqlite3_total_changes(nl_db_sqlite(db));
  NL_CHECK(ingest(db, &r, &s, &err) == NL_OK, "re-ingest");
  NL_CHECK_INT_EQ(r.files_unchanged, 4, "4 unchanged");
  NL_CHECK_INT_EQ(r.files_stale, 0, "analysed by this newslua");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT min(analysis) = max(analysis) AND"
                              " max(analysis) = " NL_STR(NL_ANALYSIS_VERSION)
                              " FROM files"),
                  1, "files stored with this analysis");
  NL_CHECK_INT_EQ(r.articles_added + r.articles_replaced, 0, "none stored");
  NL_CHECK_INT_EQ(sqlite3_total_changes(nl_db_sqlite(db)), changes,
                  "no row written");

  /* touched but same bytes: hash says unchanged */
  bump_mtime("three.tml");
  NL_CHECK(ingest(db, &r, &s, &err) == NL_OK, "re-ingest after touch");
  NL_CHECK_INT_EQ(r.files_unchanged, 4, "touched file unchanged by hash");
  NL_CHECK_INT_EQ(r.articles_replaced, 0, "not replaced");

  /* forced: every file read again and stored as this build analyses it
  ** (date rows lost here come back; an unforced ingest does not see it) */
  {
    nl_ingest_opts o = NL_INGEST_OPTS_INIT;
    long long dates = sql_int(db, "SELECT count(*) FROM annotations");
    o.reconcile = 0;
    o.force = 1;
    NL_CHECK(dates > 0, "dates stored: %lld", dates);
    sqlite3_exec(nl_db_sqlite(db), "DELETE FROM annotations", NULL, NULL,
                 NULL);
    /* as an older newslua stored two of them (and one touched since) */
    sqlite3_exec(nl_db_sqlite(db), "UPDATE files SET analysis = analysis - 1"
                 " WHERE path LIKE '%/a/%'", NULL, NULL, NULL);
    bump_mtime("a/one.tml");
    NL_CHECK(ingest(db, &r, &s, &err) == NL_OK, "re-ingest, not forced");
    NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations"), 0,
                    "unchanged files are not read");
    NL_CHECK_INT_EQ(r.files_unchanged, 4, "4 unchanged");
    NL_CHECK_INT_EQ(r.files_stale, 2, "2 of them analysed by an older one");
    NL_CHECK(nl_db_ingest(db, dir, &o, &r, &err) == NL_OK, "forced: %s",
             err.msg);
    NL_CHECK_INT_EQ(r.files_unchanged, 0, "none skipped when forced");
    NL_CHECK_INT_EQ(r.files_stale, 0, "none stale when forced");
    NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE analysis ="
                                " " NL_STR(NL_ANALYSIS_VERSION)),
                    4, "all 4 now this analysis's");
    NL_CHECK_INT_EQ(r.articles_replaced, 4, "all 4 replaced");
    NL_CHECK_INT_EQ(r.articles_added, 0, "none added");
    NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM annotations"), dates,
                    "the dates analysed again");
    all_ids(db, ids, sizeof ids);
    NL_CHECK_STR_EQ(ids, "a/one a/two b/one three", "the same ids");
    NL_CHECK_INT_EQ(hits(db, "geneva"), 1, "geneva found once");
    NL_CHECK(consistent(db), "consistent after a forced ingest");
  }

  /* changed file replaces its article */
  write_tml("b/one.tml", "Oil", "Oil prices rose in Vienna on Monday.");
  bump_mtime("b/one.tml");
  NL_CHECK(ingest(db, &r, &s, &err) == NL_OK, "ingest changed");
  NL_CHECK_INT_EQ(r.files_unchanged, 3, "3 unchanged");
  NL_CHECK_INT_EQ(r.articles_replaced, 1, "1 replaced");
  NL_CHECK_INT_EQ(r.articles_added, 0, "0 added");
  all_ids(db, ids, sizeof ids);
  NL_CHECK_STR_EQ(ids, "a/one a/two b/one three", "same ids");
  NL_CHECK_INT_EQ(hits(db, "vienna"), 1, "new text indexed");
  NL_CHECK_INT_EQ(hits(db, "kyiv"), 0, "old text gone");
  NL_CHECK(consistent(db), "consistent");

  /* a bad new file and a changed file that became bad */
  write_file("bad.tml", ""); /* empty: NL_EPARSE */
  write_file("a/two.tml", "   \n");
  bump_mtime("a/two.tml");
  NL_CHECK(ingest(db, &r, &s, &err) == NL_OK, "bad files do not stop");
  NL_CHECK_INT_EQ(r.files_failed, 2, "2 failed");
  NL_CHECK_INT_EQ(s.failed, 2, "on_file told about both");
  NL_CHECK(strstr(s.last_failed, "two.tml") || strstr(s.last_failed, "bad"),
           "message names the file: %s", s.last_failed);
  all_ids(db, ids, sizeof ids);
  NL_CHECK_STR_EQ(ids, "a/one a/two b/one three",
                  "old version of a/two kept");
  NL_CHECK_INT_EQ(hits(db, "moscow"), 1, "a/two old text still there");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE "
                              "status='failed'"),
                  2, "failures recorded");
  NL_CHECK(consistent(db), "consistent after failures");
  /* a store of schema 6 (no files.analysis): all its files count as an
  ** older analysis's once it is upgraded */
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db), "ALTER TABLE files DROP COLUMN"
                        " analysis; PRAGMA user_version = 6", NULL, NULL,
                        NULL) == SQLITE_OK, "made it a version 6 store");
  nl_db_close(db);
  {
    nl_db_opts ro = NL_DB_OPTS_INIT;
    ro.readonly = 1;
    NL_CHECK(nl_db_open(dbpath, &ro, &db, &err) == NL_OK, "v6 opens read-only"
             " as it is: %s", err.msg);
    if (!db) return;
    NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), 6, "still 6");
    NL_CHECK_INT_EQ(hits(db, "geneva"), 1, "and answers");
    nl_db_close(db);
  }
  NL_CHECK(nl_db_open(dbpath, NULL, &db, &err) == NL_OK, "v6 opens: %s",
           err.msg);
  if (!db) return;
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), NL_SCHEMA_VERSION,
                  "upgraded");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE analysis = 0"
                              " AND status = 'ok'"),
                  3, "its stored files: analysis 0");
  NL_CHECK(ingest(db, &r, &s, &err) == NL_OK, "ingest the upgraded store");
  NL_CHECK_INT_EQ(r.files_stale, 3, "the 3 unchanged stored files are stale");
  nl_db_close(db);
}

/* The id of the article titled `title` in db into out (size n); 0 if none. */
static int id_of_title(nl_db *db, const char *title, char *out, size_t n) {
  nl_cursor *c;
  int found = 0;
  if (nl_db_articles(db, NULL, &c, NULL) != NL_OK) return 0;
  while (!found && nl_cursor_next(c, NULL) == NL_OK)
    if (strcmp(nl_cursor_text(c, 4, NULL), title) == 0) {
      snprintf(out, n, "%s", nl_cursor_text(c, 0, NULL));
      found = 1;
    }
  nl_cursor_free(c);
  return found;
}

/* Two files of one id stem "x" ("x.TML", "x.tml") in folder `sub` of the
** test folder, ingested into a new in-memory store: the ids of the two
** articles into first and second. */
static void clash_ids(const char *sub, char *first, char *second, size_t n) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db *db = NULL;
  char path[256], folder[192];
  snprintf(folder, sizeof folder, "%s/%s", dir, sub);
  for (char *sl = strchr(folder + strlen(dir) + 1, '/'); sl;
       sl = strchr(sl + 1, '/')) { /* its parents first */
    *sl = '\0';
    mkdir(folder, 0700);
    *sl = '/';
  }
  mkdir(folder, 0700);
  snprintf(path, sizeof path, "%s/x.TML", sub);
  write_tml(path, "First x", "Alpha.");
  snprintf(path, sizeof path, "%s/x.tml", sub);
  write_tml(path, "Second x", "Beta.");
  o.reconcile = 0;
  first[0] = second[0] = '\0';
  nl_db_open(":memory:", NULL, &db, &err);
  NL_CHECK(nl_db_ingest(db, folder, &o, &r, &err) == NL_OK, "ingest %s: %s",
           sub, err.msg);
  id_of_title(db, "First x", first, n);
  id_of_title(db, "Second x", second, n);
  nl_db_close(db);
  snprintf(path, sizeof path, "%s/x.TML", folder);
  remove(path);
  snprintf(path, sizeof path, "%s/x.tml", folder);
  remove(path);
  rmdir(folder);
}

static void test_id_clash(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  nl_cursor *c;
  nl_filter f = NL_FILTER_INIT;
  char first[64], second[64], again[64], again2[64];
  size_t i;
  int hex = 1;
  clash_ids("c1", first, second, sizeof first);
  NL_CHECK_STR_EQ(first, "x", "the first keeps x");
  NL_CHECK(strncmp(second, "x~", 2) == 0 && strlen(second) == 8,
           "the second is x~<6 hex>: %s", second);
  for (i = 2; i < strlen(second); i++)
    hex &= isxdigit((unsigned char)second[i]) != 0;
  NL_CHECK(hex, "hex tag: %s", second);
  /* the same files in another folder: the same ids (the tag hashed the
  ** file's path: a dump copied or moved elsewhere changed its ids) */
  clash_ids("c2/deeper", again, again2, sizeof again);
  NL_CHECK_STR_EQ(again, "x", "first again");
  NL_CHECK_STR_EQ(again2, second, "second: the same id in another folder");
  {
    char c2[128];
    snprintf(c2, sizeof c2, "%s/c2", dir);
    rmdir(c2);
  }
  /* the warning names the id it was stored as */
  {
    char c3[128];
    snprintf(c3, sizeof c3, "%s/c3", dir);
    mkdir(c3, 0700);
  }
  write_tml("c3/x.TML", "First x", "Alpha.");
  write_tml("c3/x.tml", "Second x", "Beta.");
  {
    char folder[192];
    nl_ingest_report r;
    nl_ingest_opts o = NL_INGEST_OPTS_INIT;
    o.reconcile = 0;
    snprintf(folder, sizeof folder, "%s/c3", dir);
    nl_db_open(":memory:", NULL, &db, &err);
    nl_db_ingest(db, folder, &o, &r, &err);
    f.article = second;
    NL_CHECK(nl_db_articles(db, &f, &c, &err) == NL_OK, "lookup");
    if (nl_cursor_next(c, &err) == NL_OK) {
      NL_CHECK_STR_EQ(nl_cursor_text(c, 4, NULL), "Second x", "second file");
      NL_CHECK(strstr(nl_cursor_text(c, 13, NULL), "already used") != NULL &&
                   strstr(nl_cursor_text(c, 13, NULL), second) != NULL,
               "warning recorded: %s", nl_cursor_text(c, 13, NULL));
    }
    nl_cursor_free(c);
    nl_db_close(db);
    snprintf(folder, sizeof folder, "%s/c3/x.TML", dir);
    remove(folder);
    snprintf(folder, sizeof folder, "%s/c3/x.tml", dir);
    remove(folder);
    snprintf(folder, sizeof folder, "%s/c3", dir);
    rmdir(folder);
  }
}

/* Fail the n-th allocation (and all after) during an ingest that has two
** changed files; the store must stay consistent with each file wholly old
** or wholly new, and a clean re-run must converge. */
static void test_fail_half_way(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_db *db;
  char dbpath[128], ids[512];
  long n;
  int failures = 0, bad = 0, last_ok = 0;
  write_tml("a/two.tml", "Two", "Lavrov spoke in Moscow.");
  snprintf(dbpath, sizeof dbpath, "%s/bad.tml", dir);
  remove(dbpath);
  snprintf(dbpath, sizeof dbpath, "%s/.fail.db", dir);
  nl_db_open(dbpath, NULL, &db, &err);
  ingest(db, &r, NULL, &err);
  for (n = 1; n < 5000 && !last_ok; n++) {
    write_tml("three.tml", n % 2 ? "Three v1" : "Three v2",
               n % 2 ? "Zelensky spoke in Kyiv." : "Zelenskyy spoke in Lviv.");
    write_tml("a/one.tml", n % 2 ? "One v1" : "One v2",
               n % 2 ? "Geneva talks on Friday." : "Paris talks on Monday.");
    bump_mtime("three.tml");
    bump_mtime("a/one.tml");
    nl_alloc_fail_after(n, 1);
    if (ingest(db, &r, NULL, &err) == NL_OK) last_ok = 1;
    else failures++;
    nl_alloc_fail_after(0, 0);
    if (!consistent(db)) bad++;
    if (sql_int(db, "SELECT count(*) FROM articles") != 4) bad++;
    /* a file's article is wholly one version: title and body agree */
    if (sql_int(db, "SELECT count(*) FROM articles WHERE id = 'a/one' AND "
                    "NOT ((title = 'One v1' AND body = 'Geneva talks on "
                    "Friday.') OR (title = 'One v2' AND body = 'Paris talks "
                    "on Monday.') OR (title = 'Talks' AND body = 'Blinken met"
                    " Lavrov in Geneva on Friday.'))") != 0)
      bad++;
  }
  NL_CHECK(failures > 10, "%d ingests failed half way", failures);
  NL_CHECK_INT_EQ(bad, 0, "store consistent after every failure");
  NL_CHECK(ingest(db, &r, NULL, &err) == NL_OK, "clean re-run");
  all_ids(db, ids, sizeof ids);
  NL_CHECK_STR_EQ(ids, "a/one a/two b/one three",
                  "converged, no duplicates");
  nl_db_close(db);
}

/* A JSON array of n articles titled "<label> <i> v<version>", each
** "Item <i> of version<version>." and about `kb` KB of filler words,
** optionally cut off after them. */
static void write_articles(const char *path, const char *label, int n,
                           int version, int kb, int broken) {
  FILE *fp = fopen(path, "wb");
  int i, k;
  if (!fp) return;
  fputs("[\n", fp);
  for (i = 0; i < n; i++) {
    fprintf(fp, "%s{\"title\": \"%s %d v%d\", \"text\": \"Item %d of "
                "version%d.", i ? "," : "", label, i, version, i, version);
    for (k = 0; k < kb * 171; k++) fprintf(fp, " w%04d", k % 9973);
    fputs("\"}\n", fp);
  }
  fputs(broken ? ", {\"title\": " : "]\n", fp);
  fclose(fp);
}

/* A JSON array of n short articles, optionally cut off after them. */
static void write_big(const char *path, int n, int version, int broken) {
  write_articles(path, "Big", n, version, 0, broken);
}

/* A file bigger than the writer's file buffer (4000 articles) is written
** while it loads, under a savepoint: a failure after it started writing
** still keeps the old version whole. */
static void test_big_file(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  char big[256], bigdir[128];
  seen s;
  o.reconcile = 0;
  o.on_file = on_file;
  o.ctx = &s;
  snprintf(bigdir, sizeof bigdir, "%s/big", dir);
  mkdir(bigdir, 0777);
  snprintf(big, sizeof big, "%s/big.json", bigdir);
  write_big(big, 4500, 1, 0);
  nl_db_open(":memory:", NULL, &db, &err);
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, bigdir, &o, &r, &err) == NL_OK, "big: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added, 4500, "4500 articles from one file");
  NL_CHECK_INT_EQ(hits(db, "version1"), 4500, "all indexed");
  write_big(big, 4500, 2, 1);
  bump_mtime("big/big.json");
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, bigdir, &o, &r, &err) == NL_OK, "big broken");
  NL_CHECK_INT_EQ(r.files_failed, 1, "broken big file failed");
  NL_CHECK(strstr(s.last_failed, "big.json") != NULL, "named: %s",
           s.last_failed);
  NL_CHECK_INT_EQ(hits(db, "version2"), 0, "nothing of the broken version");
  NL_CHECK_INT_EQ(hits(db, "version1"), 4500, "old version whole");
  NL_CHECK(consistent(db), "consistent");
  write_big(big, 1200, 3, 0);
  bump_mtime("big/big.json");
  NL_CHECK(nl_db_ingest(db, bigdir, &o, &r, &err) == NL_OK, "big v3");
  NL_CHECK_INT_EQ(r.articles_replaced, 1200, "replaced by 1200");
  NL_CHECK_INT_EQ(hits(db, "version1"), 0, "old version gone");
  NL_CHECK_INT_EQ(hits(db, "version3"), 1200, "new version whole");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
  remove(big);
  rmdir(bigdir);
}

/* The status and n_articles of the files row of `path` (status "" when
** there is none). */
static long long file_status(nl_db *db, const char *path, char *status,
                             size_t cap) {
  sqlite3_stmt *st;
  long long n = -1;
  status[0] = '\0';
  if (sqlite3_prepare_v2(nl_db_sqlite(db),
                         "SELECT status, n_articles FROM files WHERE path ="
                         " ?1", -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(status, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    n = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  return n;
}

/*
** A file new to the store is committed in parts (every 4000 articles once
** it streams): broken at its end, the 9000 articles read before the break
** stay, and the file is 'partial'; the next ingest of the same content
** goes on after them (none new, none twice); changed and broken again, it
** is stored in parts again; the repaired file replaces it whole, 'ok'.
*/
static void test_big_new_file(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  char big[256], bigdir[128], key[PATH_MAX], status[16];
  seen s;
  o.reconcile = 0;
  o.on_file = on_file;
  o.ctx = &s;
  snprintf(bigdir, sizeof bigdir, "%s/bignew", dir);
  mkdir(bigdir, 0777);
  snprintf(big, sizeof big, "%s/big.json", bigdir);
  write_big(big, 9000, 1, 1);
  if (!realpath(big, key)) return;
  nl_db_open(":memory:", NULL, &db, &err);
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, bigdir, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.files_failed, 1, "the broken file is reported failed");
  NL_CHECK(strstr(s.last_failed, "its first 9000 articles are stored"),
           "says what is stored: %s", s.last_failed);
  NL_CHECK_INT_EQ(r.articles_added, 9000, "9000 added");
  NL_CHECK_INT_EQ(hits(db, "version1"), 9000, "9000 indexed");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 9000,
                  "files row counts them");
  NL_CHECK_STR_EQ(status, "partial", "partial");
  NL_CHECK(consistent(db), "consistent");
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, bigdir, &o, &r, &err) == NL_OK, "again: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added + r.articles_replaced, 0, "none new");
  NL_CHECK_INT_EQ(hits(db, "version1"), 9000, "none twice");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 9000,
                  "still 9000");
  NL_CHECK_STR_EQ(status, "partial", "still partial");
  /* other content, broken again (a dump still being written): a partial
  ** version is no whole version to keep, so the new one is stored in
  ** parts too, and what it read stays */
  write_big(big, 9000, 3, 1);
  bump_mtime("bignew/big.json");
  NL_CHECK(nl_db_ingest(db, bigdir, &o, &r, &err) == NL_OK, "changed: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_replaced, 9000, "9000 replaced");
  NL_CHECK_INT_EQ(hits(db, "version1"), 0, "the old partial version gone");
  NL_CHECK_INT_EQ(hits(db, "version3"), 9000, "the new one's 9000 read");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 9000,
                  "9000 stored");
  NL_CHECK_STR_EQ(status, "partial", "partial");
  NL_CHECK(consistent(db), "consistent");
  write_big(big, 9000, 2, 0);
  bump_mtime("bignew/big.json");
  NL_CHECK(nl_db_ingest(db, bigdir, &o, &r, &err) == NL_OK, "repaired: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_replaced, 9000, "replaced");
  NL_CHECK_INT_EQ(hits(db, "version3"), 0, "the partial version is gone");
  NL_CHECK_INT_EQ(hits(db, "version2"), 9000, "the repaired one whole");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 9000, "9000");
  NL_CHECK_STR_EQ(status, "ok", "ok");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
  remove(big);
  rmdir(bigdir);
}

/*
** A child ingests `what` into the store at db_path and is killed
** (SIGKILL) once file `key` is 'partial'; returns its articles stored
** then (-1 if it never was).
*/
static long long kill_partway(const char *what, const char *db_path,
                              const char *key) {
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  char status[16];
  long long stored = -1;
  int i, wst;
  pid_t pid;
  o.reconcile = 0;
  pid = fork();
  if (pid == 0) {
    nl_db *cdb = NULL;
    if (nl_db_open(db_path, NULL, &cdb, NULL) == NL_OK)
      nl_db_ingest(cdb, what, &o, NULL, NULL);
    _exit(0);
  }
  if (pid <= 0) return -1;
  for (i = 0; i < 6000 && stored <= 0; i++) { /* up to 60 s */
    nl_db_opts ro = NL_DB_OPTS_INIT;
    nl_db *rdb = NULL;
    usleep(10000);
    ro.readonly = 1;
    if (nl_db_open(db_path, &ro, &rdb, NULL) == NL_OK) {
      long long n = file_status(rdb, key, status, sizeof status);
      if (strcmp(status, "partial") == 0) stored = n;
      nl_db_close(rdb);
    }
  }
  kill(pid, SIGKILL);
  waitpid(pid, &wst, 0);
  return stored;
}

/*
** A power cut in the middle of a big new file: a child ingests 12000
** articles of one file (in a folder of the walked root: ids "sub/big#N")
** into a store on disk and is killed once the file is 'partial'.  The
** next ingest of the root goes on from the first article not stored: each
** article once, the files row 'ok' with 12000, the index whole, and only
** the rest counted as added.  Killed again and then ingested by its own
** path (ids "big#N"), it is replaced whole, not resumed with two id
** schemes in one file.
*/
static void test_resume_after_kill(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db = NULL;
  char root[128], sub[160], big[256], db_path[160], db2[160], key[PATH_MAX];
  char status[16];
  long long stored;
  o.reconcile = 0;
  snprintf(root, sizeof root, "%s/bigkill", dir);
  snprintf(sub, sizeof sub, "%s/sub", root);
  mkdir(root, 0777);
  mkdir(sub, 0777);
  snprintf(big, sizeof big, "%s/big.json", sub);
  snprintf(db_path, sizeof db_path, "%s/bigkill.db", dir);
  snprintf(db2, sizeof db2, "%s/bigkill2.db", dir);
  write_big(big, 12000, 1, 0);
  if (!realpath(big, key)) return;
  stored = kill_partway(root, db_path, key);
  NL_CHECK(stored > 0 && stored < 12000, "killed part way (%lld stored)",
           stored);
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "reopen: %s",
           err.msg);
  if (!db) return;
  NL_CHECK(nl_db_ingest(db, root, &o, &r, &err) == NL_OK, "resume: %s",
           err.msg);
  NL_CHECK(r.articles_added + (size_t)stored >= 12000 &&
               r.articles_added < 12000,
           "only the rest added (%zu after %lld)", r.articles_added, stored);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 12000,
                  "12000 articles");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(DISTINCT title) FROM articles"),
                  12000, "each once");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE id LIKE"
                              " 'sub/big#%'"),
                  12000, "ids of the folder");
  NL_CHECK_INT_EQ(hits(db, "version1"), 12000, "all indexed");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 12000,
                  "files row 12000");
  NL_CHECK_STR_EQ(status, "ok", "ok");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
  stored = kill_partway(root, db2, key);
  NL_CHECK(stored > 0 && stored < 12000, "killed again (%lld stored)", stored);
  NL_CHECK(nl_db_open(db2, NULL, &db, &err) == NL_OK, "reopen: %s", err.msg);
  if (!db) return;
  NL_CHECK(nl_db_ingest(db, big, &o, &r, &err) == NL_OK, "by its path: %s",
           err.msg);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE id LIKE"
                              " 'big#%'"),
                  12000, "replaced whole: one id scheme");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 12000,
                  "12000 articles");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
  remove(big);
  rmdir(sub);
  rmdir(root);
}

/* opts->cancel that says stop once file `key` of the store at db_path is
** 'partial' (a part of it committed), read through another connection;
** on_file's counts first (o.ctx serves both). */
typedef struct stopper {
  seen s;
  const char *db_path, *key;
  int asked, stops;
} stopper;

static int stop_after_part(void *ctx) {
  stopper *t = ctx;
  nl_db_opts ro = NL_DB_OPTS_INIT;
  nl_db *rdb = NULL;
  char status[16] = "";
  t->asked++;
  ro.readonly = 1;
  if (nl_db_open(t->db_path, &ro, &rdb, NULL) == NL_OK) {
    file_status(rdb, t->key, status, sizeof status);
    nl_db_close(rdb);
  }
  if (strcmp(status, "partial") != 0) return 0;
  t->stops++;
  return 1;
}

/* One run of test_cancel_between_parts: ingest `what` into a new store
** at db_path, stopped once `key` is partial, then again to the end. */
static void cancel_and_go_on(const char *what, const char *db_path,
                             const char *key, long long small) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db = NULL;
  stopper t;
  char status[16] = "";
  long long stored;
  memset(&t, 0, sizeof t);
  t.db_path = db_path;
  t.key = key;
  o.reconcile = 0;
  o.on_file = on_file;
  o.cancel = stop_after_part;
  o.ctx = &t;
  remove(db_path);
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  NL_CHECK(nl_db_ingest(db, what, &o, &r, &err) == NL_EINTERRUPT,
           "stopped after a part: %s", err.msg);
  NL_CHECK(strstr(err.msg, "stopped by the caller") != NULL, "says so: %s",
           err.msg);
  NL_CHECK(t.stops == 1, "stopped when first asked after the part was "
           "committed (asked %d times, said stop %d)", t.asked, t.stops);
  stored = file_status(db, key, status, sizeof status);
  NL_CHECK(stored > 0 && stored < 9000, "a part stored: %lld", stored);
  NL_CHECK_STR_EQ(status, "partial", "the file is partial");
  NL_CHECK_INT_EQ(r.articles_added, stored, "the part counted as added");
  NL_CHECK_INT_EQ(hits(db, "version1"), stored, "and indexed");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), stored,
                  "nothing after it");
  NL_CHECK_INT_EQ(t.s.failed, 1, "reported as not wholly stored");
  NL_CHECK(strstr(t.s.last_failed, "stored; the next ingest goes on") !=
               NULL, "with what is stored: %s", t.s.last_failed);
  NL_CHECK(consistent(db), "consistent");
  o.cancel = NULL;
  err = (nl_error)NL_ERROR_INIT;
  NL_CHECK(nl_db_ingest(db, what, &o, &r, &err) == NL_OK, "again: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added, 9000 - stored + small,
                  "the rest added, nothing twice");
  NL_CHECK_INT_EQ(hits(db, "version1"), 9000, "every article indexed once");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 9000,
                  "files row: 9000");
  NL_CHECK_STR_EQ(status, "ok", "whole");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
}

/*
** Asked to stop (^C in the interpreter) inside a big new file, the ingest
** stops after its next committed part, not at the end of the file: on one
** thread (the file by its own path) and with the loader thread (a folder
** of two files, the big one first).  The part stays; the next ingest goes
** on after it.
*/
static void test_cancel_between_parts(void) {
  char sub[160], big[256], small[256], db_path[160], key[PATH_MAX];
  snprintf(sub, sizeof sub, "%s/cancel", dir);
  mkdir(sub, 0777);
  snprintf(big, sizeof big, "%s/big.json", sub);
  snprintf(small, sizeof small, "%s/small.json", sub);
  snprintf(db_path, sizeof db_path, "%s/cancel.db", dir);
  write_big(big, 9000, 1, 0);
  if (!realpath(big, key)) return;
  cancel_and_go_on(big, db_path, key, 0);
  write_articles(small, "Small", 10, 2, 0, 0);
  cancel_and_go_on(sub, db_path, key, 10);
  remove(big);
  remove(small);
  rmdir(sub);
  remove(db_path);
}

/*
** A big new file stopped after a part (a kill, ^C) and resumed through
** another spelling of its path: every row names the file one way, its
** canonical path (4,000 rows named it as the first ingest spelled it).
*/
static void test_resume_spelled_otherwise(void) {
  char sub[160], big[256], other[320], db_path[160], key[PATH_MAX];
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_db *db = NULL;
  stopper t;
  snprintf(sub, sizeof sub, "%s/respell", dir);
  mkdir(sub, 0777);
  snprintf(big, sizeof big, "%s/big.json", sub);
  snprintf(other, sizeof other, "%s/./../respell//big.json", sub);
  snprintf(db_path, sizeof db_path, "%s/respell.db", dir);
  write_big(big, 9000, 1, 0);
  if (!realpath(big, key)) return;
  memset(&t, 0, sizeof t);
  t.db_path = db_path;
  t.key = key;
  o.reconcile = 0;
  o.cancel = stop_after_part;
  o.ctx = &t;
  remove(db_path);
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  NL_CHECK(nl_db_ingest(db, big, &o, NULL, &err) == NL_EINTERRUPT,
           "stopped after a part: %s", err.msg);
  o.cancel = NULL;
  NL_CHECK(nl_db_ingest(db, other, &o, NULL, &err) == NL_OK, "resumed: %s",
           err.msg);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 9000,
                  "every article once");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(DISTINCT file) FROM articles"), 1,
                  "one name for the file");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE file ="
                          " file_key"), 9000, "its canonical path");
  nl_db_close(db);
  remove(big);
  rmdir(sub);
  remove(db_path);
}

/* Segments in the FTS5 index, from its structure record (fts_data id 10:
** a 4-byte cookie, then varints nLevel and nSegment; small counts are one
** byte each).  -1 if unreadable. */
static int fts_segments(nl_db *db) {
  sqlite3_stmt *st;
  int n = -1;
  if (sqlite3_prepare_v2(nl_db_sqlite(db),
                         "SELECT block FROM fts_data WHERE id = 10", -1, &st,
                         NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) >= 6) {
    const unsigned char *b = sqlite3_column_blob(st, 0);
    if (b[4] < 0x80 && b[5] < 0x80) n = b[5];
  }
  sqlite3_finalize(st);
  return n;
}

/*
** Articles arrive in any date order, the index is keyed by date
** (nl_fts_key.h): an ingest indexes them in key order, so 600 articles in
** shuffled order make a segment or two, not one per article (FTS5 starts
** a segment whenever its rowid goes down), and "newest" lists them by
** published date, undated ones last.
*/
static void test_shuffled_dates(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_filter f = NL_FILTER_INIT;
  nl_ingest_report r;
  nl_cursor *c = NULL;
  nl_db *db = NULL;
  char path[256], sub[128], prev[64] = "9999";
  int i, k, n = 0, ordered = 1, undated = 0;
  o.reconcile = 0;
  snprintf(sub, sizeof sub, "%s/shuffled", dir);
  mkdir(sub, 0777);
  for (k = 0; k < 2; k++) {
    FILE *fp;
    snprintf(path, sizeof path, "%s/part%d.json", sub, k);
    if (!(fp = fopen(path, "wb"))) return;
    fputs("[\n", fp);
    for (i = 0; i < 300; i++) {
      int day = (263 * (300 * k + i)) % 600; /* a permutation of 0..599 */
      fprintf(fp, "%s{\"title\": \"Shuffled %d\", \"text\": \"Item %d.\"",
              i ? "," : "", 300 * k + i, 300 * k + i);
      if (i % 50 != 7)
        fprintf(fp, ", \"date_publish\": \"%04d-%02d-%02d 12:00:00\"",
                2001 + day / 336, 1 + day / 28 % 12, 1 + day % 28);
      fputs("}\n", fp);
    }
    fputs("]\n", fp);
    fclose(fp);
  }
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(nl_db_ingest(db, sub, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added, 600, "600 articles");
  NL_CHECK(fts_segments(db) >= 1 && fts_segments(db) <= 4,
           "a few segments, not one per article: %d", fts_segments(db));
  NL_CHECK(consistent(db), "consistent");
  f.order = NL_ORDER_NEWEST;
  NL_CHECK(nl_db_search(db, "item", &f, &c, &err) == NL_OK, "search: %s",
           err.msg);
  while (c && nl_cursor_next(c, &err) == NL_OK) {
    const char *p = nl_cursor_text(c, 4, NULL); /* published */
    n++;
    if (!p) {
      undated++;
    } else if (undated || strcmp(p, prev) > 0) {
      ordered = 0;
    } else {
      snprintf(prev, sizeof prev, "%s", p);
    }
  }
  nl_cursor_free(c);
  NL_CHECK_INT_EQ(n, 600, "every article found");
  NL_CHECK_INT_EQ(undated, 12, "the 12 undated");
  NL_CHECK(ordered, "newest first, undated last");
  nl_db_close(db);
  for (k = 0; k < 2; k++) {
    snprintf(path, sizeof path, "%s/part%d.json", sub, k);
    remove(path);
  }
  rmdir(sub);
}

/*
** Two walked paths to one file (a followed symlink to a sibling, a
** symlink loop) are one file: stored once, the index consistent (the
** second store used to delete the first's rows while they waited to be
** indexed: "database disk image is malformed").
*/
static void test_symlink_twice(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db = NULL;
  char sub[128], a[192], b[192], loop[192];
  o.reconcile = 0;
  o.load.follow_symlinks = 1;
  snprintf(sub, sizeof sub, "%s/twice", dir);
  mkdir(sub, 0777);
  write_tml("twice/a.tml", "Twice", "Talks in Helsinki on Friday.");
  snprintf(a, sizeof a, "%s/a.tml", sub);
  snprintf(b, sizeof b, "%s/b.tml", sub);
  snprintf(loop, sizeof loop, "%s/loop", sub);
  NL_CHECK(symlink("a.tml", b) == 0 && symlink(".", loop) == 0, "symlinks");
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(nl_db_ingest(db, sub, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(hits(db, "helsinki"), 1, "one file, one article");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
  remove(b);
  remove(loop);
  remove(a);
  rmdir(sub);
}

/* nl_db_optimize merges the index into one segment, searches unchanged;
** an ingest merges when asked (opts.optimize 1), not after a small load. */
static void test_optimize(void) {
  nl_db *db = NULL, *ro = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  char path[128];
  int i;
  write_tml("a/one.tml", "Talks", "Blinken met Lavrov in Geneva on Friday.");
  snprintf(path, sizeof path, "%s/.newslua/opt.db", dir);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "open: %s", err.msg);
  if (!db) return;
  o.reconcile = 0;
  NL_CHECK(nl_db_ingest(db, dir, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.optimized, 0, "a small load is not merged by default");
  for (i = 0; i < 3; i++) { /* one transaction, one segment each */
    nl_article *a;
    char id[16];
    if (nl_article_new(&a) != NL_OK) break;
    snprintf(id, sizeof id, "extra%d", i);
    nl_article_set(a, &a->id, id, strlen(id));
    nl_article_set(a, &a->file, "mem.txt", 7);
    nl_article_add_paragraph(a, "Geneva talks resumed on Friday.", 31);
    a->format = "text";
    NL_CHECK(nl_db_put_article(db, a, &err) == NL_OK, "put: %s", err.msg);
    nl_article_free(a);
  }
  NL_CHECK(fts_segments(db) >= 3, "several segments before: %d",
           fts_segments(db));
  NL_CHECK_INT_EQ(hits(db, "geneva"), 4, "hits before");
  NL_CHECK(nl_db_optimize(db, &err) == NL_OK, "optimize: %s", err.msg);
  NL_CHECK_INT_EQ(fts_segments(db), 1, "one segment after");
  NL_CHECK_INT_EQ(hits(db, "geneva"), 4, "same hits after");
  NL_CHECK(sql_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE "
                       "integrity_check = 'ok'") == 1,
           "integrity after optimize");
  write_tml("a/four.tml", "Four", "Geneva again on Saturday.");
  o.optimize = 1;
  NL_CHECK(nl_db_ingest(db, dir, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.optimized, 1, "asked: merged");
  NL_CHECK_INT_EQ(fts_segments(db), 1, "one segment after the ingest");
  nl_db_close(db);
  {
    nl_db_opts ro_opts = NL_DB_OPTS_INIT;
    ro_opts.readonly = 1;
    NL_CHECK(nl_db_open(path, &ro_opts, &ro, &err) == NL_OK, "ro: %s",
             err.msg);
    if (ro) {
      NL_CHECK(nl_db_optimize(ro, &err) == NL_EMISUSE &&
                   strstr(err.msg, "read-only") != NULL,
               "read-only refused: %s", err.msg);
      nl_db_close(ro);
    }
  }
  unlink(path);
}

/* What on_progress was told. */
typedef struct told {
  pthread_t caller;
  int calls, off_thread, bad; /* bad: a count that did not grow by one */
  size_t starts, last_index, last_articles, last_total;
  long long size[3];
} told;

static void watch_told(void *ctx, const nl_ingest_progress *p) {
  told *t = ctx;
  t->calls++;
  if (!pthread_equal(t->caller, pthread_self())) t->off_thread++;
  if (p->articles == 0) {
    t->starts++;
    if (p->index != t->last_index + 1 || p->files != 2) t->bad++;
    if (p->index < 3) t->size[p->index] = p->size;
  } else if (p->index != t->last_index ||
             p->articles != t->last_articles + 1 ||
             p->total != t->last_total + 1 || p->resumed != 0) {
    t->bad++;
  }
  t->last_index = p->index;
  t->last_articles = p->articles;
  t->last_total = p->total;
}

/* A JSON Lines file of n records at dir/rel. */
static void write_jsonl(const char *rel, int n) {
  char path[256];
  FILE *f;
  int i;
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  f = fopen(path, "w");
  NL_CHECK(f != NULL, "write %s", path);
  if (!f) return;
  for (i = 1; i <= n; i++)
    fprintf(f, "{\"title\": \"Note %d\", \"text\": \"The council met on "
            "Monday about item %d.\", \"url\": \"http://example.com/%d\"}\n",
            i, i, i);
  fclose(f);
}

/* on_progress: each changed file as it starts, then its running counts
** (progress_ms 0: after every article), on the caller's thread even when a
** loader thread reads the files (two of them). */
static void test_on_progress(void) {
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  char in[128], f1[160];
  struct stat sb;
  told t;
  memset(&t, 0, sizeof t);
  snprintf(in, sizeof in, "%s/onprog", dir);
  NL_CHECK(mkdir(in, 0700) == 0, "mkdir %s", in);
  write_jsonl("onprog/a.jsonl", 200);
  write_jsonl("onprog/b.jsonl", 300);
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (!db) return;
  NL_CHECK(o.progress_ms == 250, "a quarter second by default");
  o.on_progress = watch_told;
  o.ctx = &t;
  o.progress_ms = 0;
  t.caller = pthread_self();
  NL_CHECK(nl_db_ingest(db, in, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK(r.articles_added == 500, "stored %zu", r.articles_added);
  NL_CHECK(t.calls == 502, "two starts and 500 articles: %d", t.calls);
  NL_CHECK(t.starts == 2 && t.bad == 0, "in order: %zu starts, %d bad",
           t.starts, t.bad);
  NL_CHECK(t.off_thread == 0, "%d calls off the caller's thread",
           t.off_thread);
  NL_CHECK(t.last_index == 2 && t.last_articles == 300 && t.last_total == 500,
           "last: file %zu, %zu articles, %zu in all", t.last_index,
           t.last_articles, t.last_total);
  snprintf(f1, sizeof f1, "%s/a.jsonl", in);
  NL_CHECK(stat(f1, &sb) == 0 && t.size[1] == (long long)sb.st_size,
           "size %lld", t.size[1]);
  /* nothing changed: no file to tell of */
  memset(&t, 0, sizeof t);
  t.caller = pthread_self();
  NL_CHECK(nl_db_ingest(db, in, &o, NULL, &err) == NL_OK, "again: %s",
           err.msg);
  NL_CHECK(t.calls == 0, "unchanged: %d calls", t.calls);
  nl_db_close(db);
}

/* The phases on_phase was told, comma-separated. */
static char phases[64];
static void note_phase(void *ctx, const char *phase) {
  (void)ctx;
  if (strlen(phases) + strlen(phase) + 2 > sizeof phases) return;
  if (phases[0]) strcat(phases, ",");
  strcat(phases, phase);
}

/* on_phase hears the long phases after the last file, in order, and only
** those with work: the reconciliation when something changed, the merge
** when asked. */
static void test_phases(void) {
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  char path[128], in[128];
  snprintf(path, sizeof path, "%s/.newslua/phases.db", dir);
  snprintf(in, sizeof in, "%s/p", dir);
  NL_CHECK(mkdir(in, 0700) == 0, "mkdir %s", in);
  write_tml("p/one.tml", "Talks", "Blinken met Lavrov in Geneva on Friday.");
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "open: %s", err.msg);
  if (!db) return;
  o.on_phase = note_phase;
  o.optimize = 1;
  phases[0] = '\0';
  NL_CHECK(nl_db_ingest(db, in, &o, NULL, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_STR_EQ(phases, "reconcile,merge", "a new file: both, in order");
  phases[0] = '\0';
  NL_CHECK(nl_db_ingest(db, in, &o, NULL, &err) == NL_OK, "again: %s",
           err.msg);
  NL_CHECK_STR_EQ(phases, "merge", "nothing changed: no reconciliation");
  write_tml("p/two.tml", "More", "Geneva again on Saturday.");
  o.optimize = 0;
  o.reconcile = 0;
  phases[0] = '\0';
  NL_CHECK(nl_db_ingest(db, in, &o, NULL, &err) == NL_OK, "third: %s",
           err.msg);
  NL_CHECK_STR_EQ(phases, "", "neither asked: none told");
  nl_db_close(db);
  unlink(path);
  { /* out of the later tests' walks */
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", in);
    NL_CHECK(system(cmd) == 0, "remove %s", in);
  }
}

static size_t removed_reports;
static void count_removed(void *ctx, const nl_file_report *r) {
  (void)ctx;
  if (r->message && strstr(r->message, "removed: the file is gone"))
    removed_reports++;
}

/* Files deleted from a walked directory leave the store with their
** articles; a sibling directory with the same name prefix, and a store
** ingested with prune off, keep theirs. */
static void test_prune(void) {
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  char path[128], root[128], sib[128], gone[128], cmd[256];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s/p/sub' '%s/p2'", dir, dir);
  if (system(cmd) != 0) return;
  snprintf(root, sizeof root, "%s/p", dir);
  snprintf(sib, sizeof sib, "%s/p2", dir);
  write_tml("p/x.tml", "X", "Budget vote in Rome on Monday.");
  write_tml("p/y.tml", "Y", "Flooding in Lisbon on Tuesday.");
  write_tml("p/sub/z.tml", "Z", "Strike in Madrid on Wednesday.");
  write_tml("p2/w.tml", "W", "Flooding in Porto on Thursday.");
  snprintf(path, sizeof path, "%s/.newslua/prune.db", dir);
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "open: %s", err.msg);
  if (!db) return;
  o.reconcile = 0;
  o.on_file = count_removed;
  NL_CHECK(nl_db_ingest(db, root, &o, &r, &err) == NL_OK &&
               nl_db_ingest(db, sib, &o, &r, &err) == NL_OK,
           "ingest p and p2: %s", err.msg);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 4, "4 in");
  NL_CHECK_INT_EQ(hits(db, "flooding"), 2, "y and w found");
  snprintf(gone, sizeof gone, "%s/p/y.tml", dir);
  remove(gone);
  removed_reports = 0;
  NL_CHECK(nl_db_ingest(db, root, &o, &r, &err) == NL_OK, "re-ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.files_removed, 1, "one file removed");
  NL_CHECK_INT_EQ(r.articles_removed, 1, "its article removed");
  NL_CHECK_INT_EQ(removed_reports, 1, "reported to on_file");
  NL_CHECK_INT_EQ(hits(db, "flooding"), 1, "only w (in p2) left");
  NL_CHECK_INT_EQ(hits(db, "lisbon"), 0, "y gone from the index");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE path LIKE "
                              "'%/p/y.tml'"),
                  0, "its files row gone");
  NL_CHECK(consistent(db), "store consistent after pruning");
  snprintf(gone, sizeof gone, "%s/p/sub/z.tml", dir);
  remove(gone);
  o.prune = 0;
  NL_CHECK(nl_db_ingest(db, root, &o, &r, &err) == NL_OK, "no prune: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.files_removed, 0, "prune off: nothing removed");
  NL_CHECK_INT_EQ(hits(db, "madrid"), 1, "prune off: z kept");
  o.prune = 1;
  NL_CHECK(nl_db_ingest(db, root, &o, &r, &err) == NL_OK, "prune: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.files_removed, 1, "z removed once prune is on");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 2,
                  "x and w left");
  nl_db_close(db);
  unlink(path);
}

/* The integer `sql` gives in the store at db_path, through a connection
** of its own (-1 if it cannot be read). */
static int own_int(const char *db_path, const char *sql) {
  sqlite3 *sq;
  sqlite3_stmt *st;
  int n = -1;
  if (sqlite3_open_v2(db_path, &sq, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(sq);
  return n;
}

/* The bulk-load indexes present in the store at db_path (own connection). */
static int bulk_indexes(const char *db_path) {
  return own_int(db_path, "SELECT count(*) FROM sqlite_schema WHERE type ="
                          " 'index' AND name IN ('articles_published',"
                          " 'articles_source', 'annotations_value',"
                          " 'articles_file')");
}

/* on_file: the fewest bulk-load indexes seen as batches commit, and
** those seen at the last report. */
typedef struct idx_watch {
  const char *db_path;
  int fewest, last;
} idx_watch;

static void watch_indexes(void *ctx, const nl_file_report *r) {
  idx_watch *w = ctx;
  int n = bulk_indexes(w->db_path);
  (void)r;
  if (n < w->fewest) w->fewest = n;
  w->last = n;
}

/* Articles published on 2022-01-21 (the DCT of write_tml's files). */
static long long on_dct(nl_db *db) {
  nl_filter f = NL_FILTER_INIT;
  nl_cursor *c;
  long long n = 0;
  f.since = f.until = "2022-01-21";
  if (nl_db_articles(db, &f, &c, NULL) != NL_OK) return -1;
  while (nl_cursor_next(c, NULL) == NL_OK) n++;
  nl_cursor_free(c);
  return n;
}

/* Dates of 2014 (three.tml's), read through nl_db_dates. */
static long long in_2014(nl_db *db) {
  nl_filter f = NL_FILTER_INIT;
  nl_cursor *c;
  long long n = 0;
  f.since = f.until = "2014";
  if (nl_db_dates(db, &f, &c, NULL) != NL_OK) return -1;
  while (nl_cursor_next(c, NULL) == NL_OK) n++;
  nl_cursor_free(c);
  return n;
}

/*
** A bulk load (files at least the store's size) writes without
** articles_published, articles_source and annotations_value (into an
** empty store articles_file too) and builds them at its end; a
** small ingest into a bigger store keeps them; a store left without them
** (an ingest killed in between) reads as it is, also opened read-write
** (another process's bulk load may be running), and gets them back from
** the next ingest, even one with nothing to store, or from
** nl_db_optimize.
*/
/*
** A threaded bulk load builds its deferred indexes before its last files
** (once they hold at most 10% of the planned bytes), not after them: the
** last file's report, delivered when its batch commits, already sees all
** four, where the batches before saw none.
*/
static void test_end_bulk(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  idx_watch w;
  char d[128], p[256], db_path[160];
  snprintf(d, sizeof d, "%s/endbulk", dir);
  snprintf(db_path, sizeof db_path, "%s/endbulk.db", dir);
  mkdir(d, 0777);
  snprintf(p, sizeof p, "%s/a.json", d);
  write_articles(p, "Front", 900, 1, 0, 0);
  snprintf(p, sizeof p, "%s/b.json", d);
  write_articles(p, "Middle", 900, 1, 0, 0);
  snprintf(p, sizeof p, "%s/c.json", d); /* under 10% of the bytes */
  write_articles(p, "Tail", 20, 1, 0, 0);
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (!db) return;
  w.db_path = db_path;
  w.fewest = w.last = 99;
  o.on_file = watch_indexes;
  o.ctx = &w;
  o.reconcile = 0;
  NL_CHECK(nl_db_ingest(db, d, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added, 1820, "every article");
  NL_CHECK_INT_EQ(w.fewest, 0, "indexes out while the first files committed");
  NL_CHECK_INT_EQ(w.last, 4, "built before the last file was stored");
  NL_CHECK_INT_EQ(hits(db, "tail"), 20, "the last file indexed");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
}

/* on_file of test_batches: the articles another connection sees at each
** report of a stored file (reports are delivered when their batch
** commits). */
typedef struct batch_watch {
  const char *db_path;
  int seen[8], n;
} batch_watch;

static void watch_batches(void *ctx, const nl_file_report *r) {
  batch_watch *w = ctx;
  if (r->articles > 0 && w->n < 8)
    w->seen[w->n++] = own_int(w->db_path, "SELECT count(*) FROM articles");
}

/*
** The first batch commits early (after the file that brings it to 250
** articles), every later one only at the full limits (8000 articles or
** 64 MiB of text): five files of 300 articles make two commits, the
** first one's and one of the other four (limits doubling after each
** commit made three: 300, 900, 1500).
*/
static void test_batches(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  batch_watch w;
  char d[128], p[256], db_path[160];
  int i;
  snprintf(d, sizeof d, "%s/batches", dir);
  snprintf(db_path, sizeof db_path, "%s/batches.db", dir);
  mkdir(d, 0777);
  for (i = 0; i < 5; i++) {
    snprintf(p, sizeof p, "%s/%c.json", d, 'a' + i);
    write_articles(p, "Batch", 300, 1, 0, 0);
  }
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (!db) return;
  memset(&w, 0, sizeof w);
  w.db_path = db_path;
  o.on_file = watch_batches;
  o.ctx = &w;
  o.reconcile = 0;
  NL_CHECK(nl_db_ingest(db, d, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added, 1500, "every article");
  NL_CHECK_INT_EQ(w.n, 5, "a report a file");
  NL_CHECK_INT_EQ(w.seen[0], 300, "the first file committed alone");
  for (i = 1; i < w.n; i++)
    NL_CHECK(w.seen[i] == 1500, "file %d committed with the rest (saw %d)",
             i + 1, w.seen[i]);
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
}

static void test_bulk_indexes(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db_opts ro = NL_DB_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  idx_watch w;
  char corpus_dir[128], db_path[128], cmd[300];
  snprintf(corpus_dir, sizeof corpus_dir, "%s/bulk", dir);
  snprintf(db_path, sizeof db_path, "%s/bulk.db", dir);
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", corpus_dir);
  if (system(cmd) != 0) return;
  write_tml("bulk/one.tml", "One", "Blinken met Lavrov in Geneva on Friday.");
  write_tml("bulk/two.tml", "Two", "Lavrov spoke in Moscow last week.");
  write_tml("bulk/three.tml", "Three", "Markets fell in 2014.");
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (!db) return;
  w.db_path = db_path;
  w.fewest = 99;
  o.on_file = watch_indexes;
  o.ctx = &w;
  o.reconcile = 0;
  NL_CHECK(nl_db_ingest(db, corpus_dir, &o, &r, &err) == NL_OK, "bulk: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added, 3, "3 added");
  NL_CHECK_INT_EQ(w.fewest, 0, "indexes out while the bulk load committed");
  NL_CHECK_INT_EQ(bulk_indexes(db_path), 4, "built at its end");
  NL_CHECK_INT_EQ(on_dct(db), 3, "published range");
  NL_CHECK_INT_EQ(in_2014(db), 1, "dates by value");
  NL_CHECK(consistent(db), "consistent after the bulk load");
  /* one changed file, much smaller than the store: indexes kept */
  write_tml("bulk/two.tml", "Two", "Lavrov spoke in Minsk last week.");
  snprintf(cmd, sizeof cmd, "bulk/two.tml");
  bump_mtime(cmd);
  w.fewest = 99;
  NL_CHECK(nl_db_ingest(db, corpus_dir, &o, &r, &err) == NL_OK, "small: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_replaced, 1, "1 replaced");
  NL_CHECK_INT_EQ(w.fewest, 4, "indexes kept by a small ingest");
  /* as an ingest killed mid-way leaves it */
  sqlite3_exec(nl_db_sqlite(db), "DROP INDEX articles_published;"
               "DROP INDEX articles_source; DROP INDEX annotations_value;"
               "DROP INDEX articles_file;", NULL, NULL, NULL);
  nl_db_close(db);
  ro.readonly = 1;
  NL_CHECK(nl_db_open(db_path, &ro, &db, &err) == NL_OK, "read-only: %s",
           err.msg);
  if (!db) return;
  NL_CHECK_INT_EQ(bulk_indexes(db_path), 0, "read-only open builds none");
  NL_CHECK_INT_EQ(on_dct(db), 3, "published range without its index");
  NL_CHECK_INT_EQ(in_2014(db), 1, "dates by value without their index");
  nl_db_close(db);
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "reopen: %s",
           err.msg);
  if (!db) return;
  NL_CHECK_INT_EQ(bulk_indexes(db_path), 0, "read-write open builds none");
  NL_CHECK(nl_db_ingest(db, corpus_dir, &o, &r, &err) == NL_OK, "again: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_added + r.articles_replaced, 0, "nothing new");
  NL_CHECK_INT_EQ(bulk_indexes(db_path), 4, "the next ingest builds them");
  NL_CHECK_INT_EQ(in_2014(db), 1, "dates by value with it again");
  NL_CHECK(consistent(db), "consistent");
  sqlite3_exec(nl_db_sqlite(db), "DROP INDEX articles_source;", NULL, NULL,
               NULL);
  sqlite3_exec(nl_db_sqlite(db), "DROP INDEX annotations_value;", NULL, NULL,
               NULL);
  NL_CHECK_INT_EQ(bulk_indexes(db_path), 2, "two left out");
  NL_CHECK(nl_db_optimize(db, &err) == NL_OK, "optimize: %s", err.msg);
  NL_CHECK_INT_EQ(bulk_indexes(db_path), 4, "optimize builds them");
  /* the connection has used temporary storage (consistent() above), so
  ** its temp_store cannot change inside a transaction: the rebuild sorts
  ** on disk all the same */
  sqlite3_exec(nl_db_sqlite(db), "DROP INDEX articles_published;", NULL,
               NULL, NULL);
  NL_CHECK(consistent(db), "consistent without it");
  NL_CHECK(nl_db_ingest(db, corpus_dir, &o, &r, &err) == NL_OK, "rebuild: %s",
           err.msg);
  NL_CHECK_INT_EQ(bulk_indexes(db_path), 4, "rebuilt after temp storage");
  nl_db_close(db);
}

/* 1 if the store at db_path has articles_file (own connection). */
static int file_index(const char *db_path) {
  return own_int(db_path, "SELECT count(*) FROM sqlite_schema WHERE name ="
                          " 'articles_file'");
}

/* on_file of test_fresh_load: at the first report, `sql` through another
** connection (or a nested ingest of `nested`); the fewest articles_file
** indexes seen at the report of a stored file (unchanged ones are
** reported by the walk, before the ingest writes); the connection's
** secure_delete at the first and at the last such report. */
typedef struct fresh_watch {
  const char *db_path, *sql, *nested;
  nl_db *db;
  int calls, fewest;
  long long secure_first, secure_last;
} fresh_watch;

static void watch_fresh(void *ctx, const nl_file_report *r) {
  fresh_watch *w = ctx;
  int n = file_index(w->db_path);
  if (r->articles > 0 && n < w->fewest) w->fewest = n;
  if (r->articles > 0) {
    w->secure_last = sql_int(w->db, "PRAGMA secure_delete");
    if (w->secure_first < 0) w->secure_first = w->secure_last;
  }
  if (w->calls++) return;
  if (w->sql) {
    sqlite3 *sq;
    if (sqlite3_open(w->db_path, &sq) == SQLITE_OK)
      sqlite3_exec(sq, w->sql, NULL, NULL, NULL);
    sqlite3_close(sq);
  }
  if (w->nested) {
    nl_ingest_opts o = NL_INGEST_OPTS_INIT;
    o.reconcile = 0;
    nl_db_ingest(w->db, w->nested, &o, NULL, NULL);
  }
}

/* A fresh store at db_path, a bulk load of corpus_dir into it with w;
** returns the articles of `last` (canonical path) afterwards. */
static long long fresh_load(const char *db_path, const char *corpus_dir,
                            const char *last, fresh_watch *w) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  char sql[512];
  long long n;
  unlink(db_path);
  if (nl_db_open(db_path, NULL, &w->db, &err) != NL_OK) return -1;
  w->db_path = db_path;
  w->calls = 0;
  w->fewest = 99;
  w->secure_first = w->secure_last = -1;
  o.on_file = watch_fresh;
  o.ctx = w;
  o.reconcile = 0;
  /* on, whatever this SQLite's default: the load turns it off while the
  ** store holds only its articles, and back on */
  sqlite3_exec(nl_db_sqlite(w->db), "PRAGMA secure_delete = ON", NULL, NULL,
               NULL);
  NL_CHECK(nl_db_ingest(w->db, corpus_dir, &o, &r, &err) == NL_OK,
           "fresh load: %s", err.msg);
  NL_CHECK_INT_EQ(sql_int(w->db, "PRAGMA secure_delete"), 1,
                  "secure_delete as it was after the load");
  snprintf(sql, sizeof sql, "SELECT count(*) FROM articles WHERE file_key ="
           " '%s'", last);
  n = sql_int(w->db, sql);
  NL_CHECK(consistent(w->db), "consistent");
  NL_CHECK_INT_EQ(sql_int(w->db, "SELECT count(*) FROM articles WHERE id"
                                 " LIKE '%~%'"), 0, "no renamed id");
  NL_CHECK_INT_EQ(file_index(db_path), 1, "articles_file built at the end");
  nl_db_close(w->db);
  return n;
}

/*
** A bulk load into an empty store looks up no old versions of its files
** (there are none) and defers articles_file -- until another connection
** stores an article between its batches, or an ingest runs inside its
** callbacks: from then on it looks them up again (an article stored for
** one of its later files is replaced, not kept beside it).  A store a
** killed load left without articles_file gets it back before the next
** ingest writes.
*/
static void test_fresh_load(void) {
  char corpus_dir[128], db_path[128], rel[32], cmd[160], last[PATH_MAX];
  char sql[PATH_MAX + 200];
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  fresh_watch w;
  nl_db *db;
  int i;
  snprintf(corpus_dir, sizeof corpus_dir, "%s/fresh", dir);
  snprintf(db_path, sizeof db_path, "%s/fresh.db", dir);
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", corpus_dir);
  if (system(cmd) != 0) return;
  for (i = 0; i < 300; i++) { /* more than the first batch's 250 */
    snprintf(rel, sizeof rel, "fresh/f%03d.tml", i);
    write_tml(rel, "Fresh", "Lavrov spoke in Moscow on Friday.");
  }
  snprintf(cmd, sizeof cmd, "%s/fresh/f299.tml", dir);
  if (!realpath(cmd, last)) return;
  memset(&w, 0, sizeof w);
  NL_CHECK_INT_EQ(fresh_load(db_path, corpus_dir, last, &w), 1,
                  "plain fresh load: one article of the last file");
  NL_CHECK_INT_EQ(w.fewest, 0, "articles_file out during the load");
  NL_CHECK_INT_EQ(w.secure_first, 0, "secure_delete off during the load");
  NL_CHECK_INT_EQ(w.secure_last, 0, "off to its end");
  snprintf(sql, sizeof sql, "INSERT INTO articles(id, file_key, fts_key)"
           " VALUES ('intruder', '%s', 7)", last);
  w.sql = sql;
  NL_CHECK_INT_EQ(fresh_load(db_path, corpus_dir, last, &w), 1,
                  "another connection's article of the last file replaced");
  NL_CHECK_INT_EQ(w.fewest, 0, "out until then");
  NL_CHECK_INT_EQ(w.secure_first, 0, "secure_delete off until then");
  NL_CHECK_INT_EQ(w.secure_last, 1, "on again once the store is shared");
  w.sql = NULL;
  w.nested = last;
  NL_CHECK_INT_EQ(fresh_load(db_path, corpus_dir, last, &w), 1,
                  "a nested ingest's article of the last file replaced");
  /* as a killed load leaves it: the next ingest builds it first */
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (!db) return;
  sqlite3_exec(nl_db_sqlite(db), "DROP INDEX articles_file", NULL, NULL, NULL);
  write_tml("fresh/f299.tml", "Fresh", "Lavrov spoke in Minsk on Friday.");
  bump_mtime("fresh/f299.tml");
  w.sql = w.nested = NULL;
  w.db = db; /* fresh_load's is closed */
  w.calls = 0;
  w.fewest = 99;
  o.on_file = watch_fresh;
  o.ctx = &w;
  o.reconcile = 0;
  NL_CHECK(nl_db_ingest(db, corpus_dir, &o, &r, &err) == NL_OK, "again: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.articles_replaced, 1, "the changed file replaced");
  NL_CHECK_INT_EQ(w.fewest, 1, "articles_file there before it wrote");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 300,
                  "no old version kept");
  nl_db_close(db);
}

/* on_file: the largest memory map and page cache (KiB) the ingest's
** connection had. */
typedef struct map_watch {
  nl_db *db;
  long long most, most_cache_kib;
} map_watch;

static void watch_map(void *ctx, const nl_file_report *r) {
  map_watch *w = ctx;
  long long v = sql_int(w->db, "PRAGMA mmap_size");
  long long kib = -sql_int(w->db, "PRAGMA cache_size"); /* set as -KiB */
  (void)r;
  if (v > w->most) w->most = v;
  if (kib > w->most_cache_kib) w->most_cache_kib = kib;
}

/*
** Every connection reads through a memory map (nl_db_reading), read-only ones
** too, except while an ingest runs (its resident size stays bounded);
** the map is back once the ingest returns, also after a failed one.  The
** same for the page cache: 32 MiB for queries, 4 MiB while an ingest
** writes.
*/
static void test_memory_map(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db_opts ro = NL_DB_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  map_watch w;
  char db_path[128], missing[160];
  snprintf(db_path, sizeof db_path, "%s/map.db", dir);
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (!db) return;
  NL_CHECK(sql_int(db, "PRAGMA mmap_size") >= (1LL << 30),
           "mapped after open: %lld", sql_int(db, "PRAGMA mmap_size"));
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA cache_size"), -32768,
                  "a 32 MiB cache after open");
  w.db = db;
  w.most = w.most_cache_kib = -1;
  o.on_file = watch_map;
  o.ctx = &w;
  NL_CHECK(nl_db_ingest(db, dir, &o, &r, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK(r.files > 0, "files reported");
  NL_CHECK_INT_EQ(w.most, 0, "no map during the ingest");
  NL_CHECK_INT_EQ(w.most_cache_kib, 4096, "a 4 MiB cache during the ingest");
  NL_CHECK(sql_int(db, "PRAGMA mmap_size") >= (1LL << 30), "mapped after");
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA cache_size"), -32768,
                  "the 32 MiB cache after");
  snprintf(missing, sizeof missing, "%s/no-such-dir", dir);
  NL_CHECK(nl_db_ingest(db, missing, &o, &r, &err) != NL_OK,
           "a missing path fails");
  NL_CHECK(sql_int(db, "PRAGMA mmap_size") >= (1LL << 30),
           "mapped after a failed ingest");
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA cache_size"), -32768,
                  "the 32 MiB cache after a failed ingest");
  NL_CHECK(hits(db, "Lavrov") > 0, "reads through the map");
  nl_db_close(db);
  ro.readonly = 1;
  NL_CHECK(nl_db_open(db_path, &ro, &db, &err) == NL_OK, "read-only: %s",
           err.msg);
  if (!db) return;
  NL_CHECK(sql_int(db, "PRAGMA mmap_size") >= (1LL << 30), "read-only mapped");
  NL_CHECK(hits(db, "Lavrov") > 0, "read-only reads through the map");
  nl_db_close(db);
}

/* on_file: each report's progress, in order. */
typedef struct progress {
  size_t n, done[8], total[8];
} progress;

static void watch_progress(void *ctx, const nl_file_report *r) {
  progress *p = ctx;
  if (p->n < 8) {
    p->done[p->n] = r->done;
    p->total[p->n] = r->total;
  }
  p->n++;
}

/* Reports i of n (1-based) said done i, and total n after the first
** `walking` (reported during the walk: total not known, 0). */
static int counted(const progress *p, size_t n, size_t walking) {
  size_t i;
  if (p->n != n) return 0;
  for (i = 0; i < n; i++)
    if (p->done[i] != i + 1 || p->total[i] != (i < walking ? 0 : n))
      return 0;
  return 1;
}

/*
** Each report of an ingest says how far it is: files reported so far and
** in all, stored, unchanged or failed alike (a progress bar's numbers);
** an unchanged file is reported while the walk runs, before the total is
** known.
*/
static void test_progress(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db *db;
  progress p;
  char sub[128], db_path[128], bad[160];
  FILE *f;
  snprintf(sub, sizeof sub, "%s/prog", dir);
  snprintf(db_path, sizeof db_path, "%s/prog.db", dir);
  if (mkdir(sub, 0700) != 0) {
    NL_CHECK(0, "mkdir %s", sub);
    return;
  }
  write_tml("prog/1.tml", "One", "Blinken met Lavrov in Geneva on Friday.");
  write_tml("prog/2.tml", "Two", "Lavrov spoke in Moscow last week.");
  write_tml("prog/3.tml", "Three", "Markets fell in 2014.");
  NL_CHECK(nl_db_open(db_path, NULL, &db, &err) == NL_OK, "open: %s",
           err.msg);
  if (!db) return;
  memset(&p, 0, sizeof p);
  o.on_file = watch_progress;
  o.ctx = &p;
  NL_CHECK(nl_db_ingest(db, sub, &o, NULL, &err) == NL_OK, "ingest: %s",
           err.msg);
  NL_CHECK(counted(&p, 3, 0), "3 stored: 1/3, 2/3, 3/3 (%zu reports)", p.n);
  /* again: one changed, one broken, one unchanged */
  write_tml("prog/2.tml", "Two", "Lavrov spoke in Minsk last week.");
  bump_mtime("prog/2.tml");
  snprintf(bad, sizeof bad, "%s/3.tml", sub);
  f = fopen(bad, "w");
  if (f) {
    fputs("<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\"", f);
    fclose(f);
  }
  bump_mtime("prog/3.tml");
  memset(&p, 0, sizeof p);
  NL_CHECK(nl_db_ingest(db, sub, &o, NULL, &err) == NL_OK, "again: %s",
           err.msg);
  NL_CHECK(counted(&p, 3, 1), "unchanged (found by the walk: 1/?), then "
           "changed and failed: 2/3, 3/3 (%zu reports)", p.n);
  nl_db_close(db);
}

/*
** With two or more changed files the first and the last one are written
** as their articles arrive (the writer does not wait for them to load
** whole), under their savepoint: a loader failure after their articles
** were written still keeps nothing of a new file and the old version of a
** changed one, as for any buffered file.
*/
static void test_first_file_fails(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  char d[128], a[256], b[256], c[256], key[PATH_MAX], status[16];
  seen s;
  o.reconcile = 0;
  o.on_file = on_file;
  o.ctx = &s;
  snprintf(d, sizeof d, "%s/first", dir);
  mkdir(d, 0777);
  snprintf(a, sizeof a, "%s/a.json", d); /* walked first */
  snprintf(b, sizeof b, "%s/b.json", d);
  snprintf(c, sizeof c, "%s/c.json", d); /* walked last, added later */
  write_big(a, 300, 7, 1);
  write_big(b, 10, 8, 0);
  if (!realpath(a, key)) return;
  nl_db_open(":memory:", NULL, &db, &err);
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, d, &o, &r, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK_INT_EQ(r.files_failed, 1, "the broken first file failed");
  NL_CHECK(strstr(s.last_failed, "a.json") != NULL, "named: %s",
           s.last_failed);
  NL_CHECK_INT_EQ(r.articles_added, 10, "only the second file's articles");
  NL_CHECK_INT_EQ(hits(db, "version7"), 0, "nothing of the broken file");
  NL_CHECK_INT_EQ(hits(db, "version8"), 10, "the second file whole");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 0,
                  "its files row stores none");
  NL_CHECK_STR_EQ(status, "failed", "failed, not partial");
  NL_CHECK(consistent(db), "consistent");
  write_big(a, 300, 7, 0); /* mended: stored */
  bump_mtime("first/a.json");
  NL_CHECK(nl_db_ingest(db, d, &o, &r, &err) == NL_OK, "mended: %s",
           err.msg);
  NL_CHECK_INT_EQ(hits(db, "version7"), 300, "mended file stored");
  write_big(a, 300, 9, 1); /* changed and broken, with another change */
  write_big(b, 10, 10, 0);
  bump_mtime("first/a.json");
  bump_mtime("first/b.json");
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, d, &o, &r, &err) == NL_OK, "changed: %s",
           err.msg);
  NL_CHECK_INT_EQ(r.files_failed, 1, "the broken version failed");
  NL_CHECK_INT_EQ(hits(db, "version9"), 0, "nothing of the broken version");
  NL_CHECK_INT_EQ(hits(db, "version7"), 300, "old version whole");
  NL_CHECK_INT_EQ(hits(db, "version10"), 10, "the other change stored");
  NL_CHECK_INT_EQ(hits(db, "version8"), 0, "its old version replaced");
  NL_CHECK(consistent(db), "consistent");
  write_big(a, 300, 11, 0); /* now the last file breaks: changed, new */
  write_big(b, 10, 12, 1);
  write_big(c, 200, 13, 1);
  bump_mtime("first/a.json");
  bump_mtime("first/b.json");
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, d, &o, &r, &err) == NL_OK, "last: %s", err.msg);
  NL_CHECK_INT_EQ(r.files_failed, 2, "the broken files failed");
  NL_CHECK(strstr(s.last_failed, "c.json") != NULL, "named: %s",
           s.last_failed);
  NL_CHECK_INT_EQ(hits(db, "version12"), 0, "nothing of the broken change");
  NL_CHECK_INT_EQ(hits(db, "version10"), 10, "its old version whole");
  NL_CHECK_INT_EQ(hits(db, "version13"), 0, "nothing of the broken last");
  NL_CHECK_INT_EQ(hits(db, "version11"), 300, "the first file stored");
  if (realpath(c, key))
    NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 0,
                    "the last file's row stores none");
  NL_CHECK_STR_EQ(status, "failed", "failed, not partial");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
  remove(a);
  remove(b);
  remove(c);
  rmdir(d);
}

/* Article file `path`: n articles of about `kb` KB of text each. */
static void write_wide(const char *path, int n, int version, int kb) {
  write_articles(path, "Wide", n, version, kb, 0);
}

/*
** The last file of a threaded ingest, written as it arrives, is all or
** nothing like any small file even when the batch before it already
** holds FILE_BUFFER_BYTES of text (a big first file's parts grew the
** batch to 64 MB): a part of it is committed only once the file itself
** outgrew the buffer.
*/
static void test_last_file_big_batch(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  char d[128], p[256], key[PATH_MAX], status[16];
  int i;
  seen s;
  o.reconcile = 0;
  o.on_file = on_file;
  o.ctx = &s;
  snprintf(d, sizeof d, "%s/lastbig", dir);
  mkdir(d, 0777);
  snprintf(p, sizeof p, "%s/a.json", d); /* 5 parts: batches up to 64 MB */
  write_big(p, 20001, 21, 0);
  for (i = 0; i < 4; i++) { /* 34 MB of text in the next batch */
    snprintf(p, sizeof p, "%s/b%d.json", d, i);
    write_wide(p, 10, 22, 850);
  }
  snprintf(p, sizeof p, "%s/c.json", d); /* walked last, broken */
  write_big(p, 50, 23, 1);
  if (!realpath(p, key)) return;
  nl_db_open(":memory:", NULL, &db, &err);
  /* a store with articles, bigger than the planned files: no bulk load
  ** (whose early index build would end the batch before the last file) */
  snprintf(p, sizeof p, "%s/lastseed", dir);
  mkdir(p, 0777);
  snprintf(p, sizeof p, "%s/lastseed/s.json", dir);
  write_big(p, 3, 24, 0);
  snprintf(p, sizeof p, "%s/lastseed", dir);
  NL_CHECK(nl_db_ingest(db, p, &o, &r, &err) == NL_OK, "seed: %s", err.msg);
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db), "CREATE TABLE pad(x); INSERT INTO"
                        " pad VALUES (zeroblob(64 << 20))", NULL, NULL,
                        NULL) == SQLITE_OK, "padded");
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_ingest(db, d, &o, &r, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK_INT_EQ(r.files_failed, 1, "the broken last file failed");
  NL_CHECK_INT_EQ(r.articles_added, 20041, "the other files' articles");
  NL_CHECK_INT_EQ(hits(db, "version23"), 0, "nothing of the broken file");
  NL_CHECK_INT_EQ(file_status(db, key, status, sizeof status), 0,
                  "its files row stores none");
  NL_CHECK_STR_EQ(status, "failed", "failed, not partial");
  NL_CHECK(consistent(db), "consistent");
  nl_db_close(db);
  snprintf(p, sizeof p, "rm -rf '%s' '%s/lastseed'", d, dir);
  if (system(p) != 0) printf("# could not remove %s\n", d);
}

/* Open the store in <folder>/.newslua/index.db (`db` elsewhere when given)
** and ingest `folder` into it with *o: the store, or NULL (checked). */
static nl_db *ingest_folder(const char *folder, const char *db_path,
                            const nl_ingest_opts *o, nl_ingest_report *r) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db = NULL;
  char path[256];
  if (!db_path)
    snprintf(path, sizeof path, "%s/.newslua/index.db", folder);
  NL_CHECK(nl_db_open(db_path ? db_path : path, NULL, &db, &err) == NL_OK,
           "open: %s", err.msg);
  if (!db) return NULL;
  NL_CHECK(nl_db_ingest(db, folder, o, r, &err) == NL_OK, "ingest %s: %s",
           folder, err.msg);
  return db;
}

/*
** A store in <folder>/.newslua/ follows its folder: moved (renamed) with
** it, the next ingest finds every file unchanged at its new path, not new
** (it stored each article again, "~<hash>" ids, and kept the old ones);
** a store that took them in again under the new paths (before it knew
** its folder) drops the old-path copies once it does; a store copied
** alone into another folder's .newslua/ renames nothing (its files are
** not there, and the walk would have pruned them); a store elsewhere
** records no folder.
*/
static void test_folder_moved(void) {
  nl_ingest_report r;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db *db;
  sqlite3 *raw = NULL;
  char m1[128], m2[128], m3[128], m4[128], other[128], cmd[512], sql[512];
  snprintf(m1, sizeof m1, "%s/m1", dir);
  snprintf(m2, sizeof m2, "%s/m2", dir);
  snprintf(m3, sizeof m3, "%s/m3", dir);
  snprintf(m4, sizeof m4, "%s/m4", dir);
  snprintf(cmd, sizeof cmd, "mkdir -p '%s/.newslua' '%s/sub' '%s/.newslua'",
           m1, m1, m4);
  if (system(cmd) != 0) return;
  write_tml("m1/x.tml", "X", "Budget vote in Rome on Monday.");
  write_tml("m1/sub/y.tml", "Y", "Flooding in Lisbon on Tuesday.");
  o.reconcile = 0;
  if (!(db = ingest_folder(m1, NULL, &o, &r))) return;
  NL_CHECK_INT_EQ(r.files_moved, 0, "nothing moved the first time");
  nl_db_close(db);

  /* mv m1 m2 */
  NL_CHECK(rename(m1, m2) == 0, "renamed the folder");
  if (!(db = ingest_folder(m2, NULL, &o, &r))) return;
  NL_CHECK_INT_EQ(r.files_moved, 2, "both files followed the folder");
  NL_CHECK_INT_EQ(r.files_unchanged, 2, "found unchanged at their new paths");
  NL_CHECK_INT_EQ(r.articles_added + r.articles_replaced, 0, "none stored");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 2,
                  "2 articles, not 4");
  snprintf(sql, sizeof sql, "SELECT count(*) FROM files f JOIN articles a"
           " ON a.file_key = f.path WHERE f.path LIKE '%s/%%' AND a.file ="
           " f.path", m2);
  NL_CHECK_INT_EQ(sql_int(db, sql), 2, "files and articles name m2");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE id LIKE"
                              " '%~%'"), 0, "ids unchanged");
  NL_CHECK(consistent(db), "consistent after the move");
  nl_db_close(db);
  if (!(db = ingest_folder(m2, NULL, &o, &r))) return;
  NL_CHECK_INT_EQ(r.files_moved, 0, "moved once");

  /* cp -r m2 m3, the store's folder not recorded: the files stored again
  ** at m3; then it learns it was m2's */
  nl_db_close(db);
  snprintf(cmd, sizeof cmd, "cp -r '%s' '%s'", m2, m3);
  NL_CHECK(system(cmd) == 0, "copied the folder");
  snprintf(sql, sizeof sql, "%s/.newslua/index.db", m3);
  NL_CHECK(sqlite3_open(sql, &raw) == SQLITE_OK &&
               sqlite3_exec(raw, "DELETE FROM nl_meta", NULL, NULL, NULL) ==
                   SQLITE_OK,
           "forgot the folder");
  sqlite3_close(raw);
  if (!(db = ingest_folder(m3, NULL, &o, &r))) return;
  NL_CHECK_INT_EQ(r.articles_added, 2, "without a record: stored again");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 4, "4 then");
  snprintf(sql, sizeof sql, "UPDATE nl_meta SET value = '%s'", m2);
  sqlite3_exec(nl_db_sqlite(db), sql, NULL, NULL, NULL);
  nl_db_close(db);
  if (!(db = ingest_folder(m3, NULL, &o, &r))) return;
  NL_CHECK_INT_EQ(r.files_moved, 0, "none to rename");
  NL_CHECK_INT_EQ(r.files_removed, 2, "the 2 old-path files dropped");
  NL_CHECK_INT_EQ(r.articles_removed, 2, "with their articles");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 2, "2 again");
  snprintf(sql, sizeof sql, "SELECT count(*) FROM files WHERE path LIKE"
           " '%s/%%'", m3);
  NL_CHECK_INT_EQ(sql_int(db, sql), 2, "the files are m3's");
  NL_CHECK_INT_EQ(hits(db, "flooding"), 1, "found once");
  NL_CHECK(consistent(db), "consistent after dropping the copies");
  nl_db_close(db);

  /* m3's store copied alone into m4/.newslua/ */
  snprintf(cmd, sizeof cmd, "cp '%s/.newslua/index.db' '%s/.newslua/'", m3,
           m4);
  NL_CHECK(system(cmd) == 0, "copied the store alone");
  if (!(db = ingest_folder(m4, NULL, &o, &r))) return;
  NL_CHECK(r.files_moved == 0 && r.files_removed == 0, "nothing moved");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 2,
                  "its 2 articles kept");
  nl_db_close(db);

  /* a store elsewhere (--db) */
  snprintf(other, sizeof other, "%s/elsewhere.db", dir);
  if (!(db = ingest_folder(m3, other, &o, &r))) return;
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name"
                              " = 'nl_meta'"), 0, "no folder recorded");
  nl_db_close(db);
}

int main(void) {
  char cmd[256];
  snprintf(dir, sizeof dir, "/tmp/nl_test_ingest_XXXXXX");
  if (!mkdtemp(dir)) return 2;
  snprintf(cmd, sizeof cmd, "mkdir -p '%s/a' '%s/b' '%s/.newslua'", dir, dir,
           dir);
  if (system(cmd) != 0) return 2;
  write_tml("a/one.tml", "Talks", "Blinken met Lavrov in Geneva on Friday.");
  write_tml("a/two.tml", "Two", "Lavrov spoke in Moscow.");
  write_tml("b/one.tml", "Other one", "Zelensky spoke in Kyiv.");
  write_tml("three.tml", "Three", "Markets fell in 2014.");
  test_ingest_cycle();
  test_id_clash();
  test_fail_half_way();
  test_big_file();
  test_big_new_file();
  test_first_file_fails();
  test_end_bulk();
  test_batches();
  test_last_file_big_batch();
  test_resume_after_kill();
  test_cancel_between_parts();
  test_resume_spelled_otherwise();
  test_optimize();
  test_phases();
  test_shuffled_dates();
  test_symlink_twice();
  test_prune();
  test_folder_moved();
  test_bulk_indexes();
  test_fresh_load();
  test_memory_map();
  test_progress();
  test_on_progress();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("# could not remove %s\n", dir);
  return nl_test_done();
}
