#define _DEFAULT_SOURCE /* mkdtemp, usleep */
/* Crash safety and concurrency of the store.
**
** crash: an ingest of a few thousand generated articles runs in a child
** process (this executable with --child) and is killed with SIGKILL at
** random points; after each kill the store passes PRAGMA integrity_check
** and the FTS5 integrity check, every article is wholly in or out (its
** row, sentences, index entries and its file's row agree), and a final
** run converges to exactly the right articles with no duplicates.
**
** concurrency: a reader process queries while a writer process ingests;
** every query sees a consistent snapshot and none fails with "database is
** locked" under the default options.
*/
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"
#include "nl_db_internal.h"

#define NFILES 2000

static char dir[64], corpus[128];

static double now_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

/* Words of filler a second paragraph ends with: ~2.4 KB an article, so
** the corpus (~5.5 MB) is ingested as real folders are, with the
** checkpointer thread (nl_ingest_ckpt.c; it starts at 2 MB of files) and
** several checkpoints a run for the kills to hit. */
#define FILLER_WORDS 340

/* Article i (version v): a TimeML file with a unique word "tok<i>v<v>". */
static void write_article(int i, int v) {
  char path[256];
  FILE *fp;
  unsigned x = (unsigned)i * 2654435761u + (unsigned)v;
  int k;
  snprintf(path, sizeof path, "%s/d%02d/a%05d.tml", corpus, i % 50, i);
  fp = fopen(path, "wb");
  if (!fp) return;
  fprintf(fp,
          "<?xml version=\"1.0\"?>\n<TimeML>\n<DOCID>a%d</DOCID>\n"
          "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2021-%02d-%02d\" "
          "functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT>\n"
          "<TITLE>Article %d version %d</TITLE>\n<TEXT>Story number %d "
          "happened on Friday. The minister met tok%dv%d in Geneva last "
          "week. Talks will resume in March 2022.\n\nA second paragraph "
          "follows with more words about version %d",
          i, 1 + i % 12, 1 + i % 28, i, v, i, i, v, v);
  for (k = 0; k < FILLER_WORDS; k++) {
    x = x * 1103515245u + 12345u;
    fprintf(fp, " f%05x", (x >> 8) & 0xfffff);
  }
  fputs(".</TEXT>\n</TimeML>\n", fp);
  fclose(fp);
}

static void make_corpus(void) {
  char cmd[256];
  int i;
  snprintf(corpus, sizeof corpus, "%s/corpus", dir);
  for (i = 0; i < 50; i++) {
    snprintf(cmd, sizeof cmd, "%s/d%02d", corpus, i);
    mkdir(corpus, 0777);
    mkdir(cmd, 0777);
  }
  for (i = 0; i < NFILES; i++) write_article(i, 1);
}

/* The child: ingest corpus into db, exit 0 on success. */
static int child(const char *db_path, const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db *db;
  nl_status st;
  o.reconcile = 0;
  if (nl_db_open(db_path, NULL, &db, &err) != NL_OK) {
    fprintf(stderr, "child: %s\n", err.msg);
    return 1;
  }
  st = nl_db_ingest(db, path, &o, NULL, &err);
  if (st != NL_OK) fprintf(stderr, "child: %s\n", err.msg);
  nl_db_close(db);
  return st == NL_OK ? 0 : 1;
}

static pid_t spawn(const char *self, const char *db_path) {
  pid_t pid = fork();
  if (pid == 0) {
    execl(self, self, "--child", db_path, corpus, (char *)NULL);
    _exit(127);
  }
  return pid;
}

static long long sql_int(sqlite3 *sq, const char *sql) {
  sqlite3_stmt *st;
  long long v = -1;
  if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK) return -2;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* 1 if the store lacks a bulk-load index (read without nl_db_open). */
static int indexes_out(const char *db_path) {
  sqlite3 *sq;
  long long n = -1;
  if (sqlite3_open_v2(db_path, &sq, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    n = sql_int(sq, "SELECT count(*) FROM sqlite_schema WHERE type ="
                    " 'index' AND name IN ('articles_published',"
                    " 'articles_source', 'annotations_value',"
                    " 'articles_file')");
  sqlite3_close(sq);
  return n >= 0 && n < 4;
}

/* Everything that must hold in any committed state; returns problems. */
static int check_store(const char *db_path, long long *n_articles, int v,
                       long long *n_version) {
  char sql[128];
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  sqlite3 *sq;
  int bad = 0;
  if (nl_db_open(db_path, NULL, &db, &err) != NL_OK) {
    printf("# reopen failed: %s\n", err.msg);
    return 1;
  }
  sq = nl_db_sqlite(db);
  if (sql_int(sq, "SELECT count(*) FROM pragma_integrity_check WHERE "
                  "integrity_check = 'ok'") != 1)
    bad++, printf("# integrity_check failed\n");
  /* an ingest killed during a bulk load may leave its deferred indexes
  ** (published, source, the dates' value; articles_file when the store
  ** was empty) out -- the next ingest builds them, articles_file before
  ** it writes (each article replaced, none kept twice: checked below),
  ** and queries read without them */
  if (sql_int(sq, "SELECT count(*) FROM annotations WHERE kind = 'date' AND"
                  " value >= '2022' AND value < '2023'") !=
      sql_int(sq, "SELECT count(*) FROM annotations WHERE kind = 'date' AND"
                  " +value LIKE '2022%'"))
    bad++, printf("# dates by value disagree with a scan\n");
  if (sqlite3_exec(sq, "INSERT INTO fts(fts) VALUES('integrity-check')", NULL,
                   NULL, NULL) != SQLITE_OK)
    bad++, printf("# fts integrity-check failed\n");
  /* each stored file has exactly its articles, each article its file */
  if (sql_int(sq, "SELECT count(*) FROM files f WHERE n_articles <> (SELECT"
                  " count(*) FROM articles a WHERE a.file_key = f.path)") != 0)
    bad++, printf("# files/articles disagree\n");
  if (sql_int(sq, "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT"
                  " 1 FROM files f WHERE f.path = a.file_key)") != 0)
    bad++, printf("# article without its file row\n");
  /* each article whole: 3 sentences, its dates, title and body agree */
  if (sql_int(sq, "SELECT count(*) FROM articles a WHERE (SELECT count(*) "
                  "FROM sentences s WHERE s.article = a.rowid) <> 4") != 0)
    bad++, printf("# article with missing sentences\n");
  if (sql_int(sq, "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT"
                  " 1 FROM annotations d WHERE d.article = a.rowid)") != 0)
    bad++, printf("# article without dates\n");
  if (sql_int(sq, "SELECT count(*) FROM articles WHERE instr(body, 'tok' || "
                  "CAST(substr(id, 6) AS INTEGER) || 'v' || "
                  "substr(title, -1)) = 0") != 0)
    bad++, printf("# title and body of different versions\n");
  if (sql_int(sq, "SELECT count(*) FROM articles WHERE id LIKE '%~%'") != 0)
    bad++, printf("# duplicate ids\n");
  *n_articles = sql_int(sq, "SELECT count(*) FROM articles");
  snprintf(sql, sizeof sql, "SELECT count(*) FROM articles WHERE title LIKE "
           "'%% version %d'", v);
  *n_version = sql_int(sq, sql);
  nl_db_close(db);
  return bad;
}

static void test_crash(const char *self) {
  char db_path[128], scratch[128];
  double t0, full;
  int k, bad = 0, status, killed = 0, i, partial = 0, unindexed = 0;
  long long n = 0, last = 0, nv = 0;
  pid_t pid;
  snprintf(db_path, sizeof db_path, "%s/crash.db", dir);
  snprintf(scratch, sizeof scratch, "%s/scratch.db", dir);
  /* how long a full ingest takes, to spread the kills over it */
  t0 = now_ms();
  pid = spawn(self, scratch);
  waitpid(pid, &status, 0);
  full = now_ms() - t0;
  NL_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
           "calibration ingest of %d articles: %.0f ms", NFILES, full);
  srand(20261121);
  /* 20 kills, more (up to 40) until two landed between two commits */
  for (k = 0; k < 20 || (partial < 2 && k < 40); k++) {
    double at = full * (rand() % 1000) / 1000.0;
    int v = k < 10 ? 1 : 2 + k % 2;
    if (k == 10) { /* complete the store, then kill replacements */
      pid = spawn(self, db_path);
      waitpid(pid, &status, 0);
    }
    if (k >= 10) /* every file changes: replacements get killed too */
      for (i = 0; i < NFILES; i++) write_article(i, v);
    pid = spawn(self, db_path);
    usleep((useconds_t)(at * 1000));
    if (kill(pid, SIGKILL) == 0) killed++;
    waitpid(pid, &status, 0);
    unindexed += indexes_out(db_path);
    bad += check_store(db_path, &n, v, &nv);
    if (nv > 0 && nv < NFILES) partial++;
    if (k < 10 && n < last) bad++, printf("# count went down\n");
    if (k >= 10 && n != NFILES) bad++, printf("# articles lost\n");
    last = n;
  }
  printf("# %d kills left the bulk-load indexes out (built by the next "
         "ingest)\n", unindexed);
  NL_CHECK(killed >= 16, "%d ingests killed with SIGKILL", killed);
  NL_CHECK(partial >= 2, "%d kills left a partially ingested store",
           partial);
  NL_CHECK_INT_EQ(bad, 0, "every killed state consistent");
  for (i = 0; i < NFILES; i++) write_article(i, 3);
  pid = spawn(self, db_path);
  waitpid(pid, &status, 0);
  NL_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "final run");
  NL_CHECK_INT_EQ(indexes_out(db_path), 0, "the final ingest built them");
  NL_CHECK_INT_EQ(check_store(db_path, &n, 3, &nv), 0,
                  "final state consistent");
  NL_CHECK_INT_EQ(n, NFILES, "converged to exactly every article");
  NL_CHECK_INT_EQ(nv, NFILES, "every article in its last version");
  {
    nl_db *db;
    nl_cursor *c;
    long long v2 = 0;
    nl_db_open(db_path, NULL, &db, NULL);
    if (nl_db_search(db, "\"version 3\"", NULL, &c, NULL) == NL_OK) {
      while (nl_cursor_next(c, NULL) == NL_OK) v2++;
      nl_cursor_free(c);
    }
    NL_CHECK_INT_EQ(v2, NFILES, "the index holds the last version");
    nl_db_close(db);
  }
}

/* Reader: query until the writer is done; count failures. */
static void test_concurrency(const char *self) {
  nl_error err = NL_ERROR_INIT;
  char db_path[128];
  nl_db *db = NULL;
  int status, queries = 0, busy = 0, inconsistent = 0, other = 0, seen_mid = 0;
  int newest_ok = 0;
  pid_t pid;
  snprintf(db_path, sizeof db_path, "%s/conc.db", dir);
  pid = spawn(self, db_path);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    nl_cursor *c;
    nl_status st;
    long long n = -1;
    if (!db && nl_db_open(db_path, NULL, &db, &err) != NL_OK) {
      if (err.code == NL_EBUSY) busy++, printf("# open: %s\n", err.msg);
      db = NULL;
      usleep(1000);
      continue;
    }
    /* one statement = one snapshot: files and articles and index agree */
    if (sql_int(nl_db_sqlite(db),
                "SELECT (SELECT count(*) FROM articles) = (SELECT "
                "coalesce(sum(n_articles), 0) FROM files) AND (SELECT "
                "count(*) FROM articles) = (SELECT count(*) FROM fts WHERE "
                "fts MATCH 'story')") != 1)
      inconsistent++;
    st = nl_db_search(db, "geneva", NULL, &c, &err);
    if (st == NL_OK) {
      while ((st = nl_cursor_next(c, &err)) == NL_OK) {}
      nl_cursor_free(c);
    }
    if (st != NL_OK && st != NL_DONE) {
      if (st == NL_EBUSY || strstr(err.msg, "locked")) busy++;
      printf("# search: %s\n", err.msg);
      if (!(st == NL_EBUSY || strstr(err.msg, "locked"))) other++;
    }
    if (nl_db_count(db, &n, &err) != NL_OK) busy++, printf("# count: %s\n", err.msg);
    if (n > 0 && n < NFILES) seen_mid++;
    /* in one read transaction, newest first (the date-keyed index walked
    ** backwards) lists every committed article: none waits unindexed */
    if (sqlite3_exec(nl_db_sqlite(db), "BEGIN", NULL, NULL, NULL) ==
        SQLITE_OK) {
      nl_filter f = NL_FILTER_INIT;
      long long rows = 0, all = sql_int(nl_db_sqlite(db),
                                        "SELECT count(*) FROM articles");
      f.order = NL_ORDER_NEWEST;
      st = nl_db_search(db, "story", &f, &c, &err);
      if (st == NL_OK) {
        while ((st = nl_cursor_next(c, &err)) == NL_OK) rows++;
        nl_cursor_free(c);
      }
      sqlite3_exec(nl_db_sqlite(db), "COMMIT", NULL, NULL, NULL);
      if (st != NL_DONE) {
        if (st == NL_EBUSY || strstr(err.msg, "locked")) busy++;
        else other++;
        printf("# newest: %s\n", err.msg);
      } else if (rows != all) {
        inconsistent++;
        printf("# newest listed %lld of %lld articles\n", rows, all);
      } else if (all > 0) {
        newest_ok++;
      }
    }
    queries++;
  }
  NL_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer finished");
  NL_CHECK(queries > 10, "%d reader rounds during the ingest", queries);
  NL_CHECK(seen_mid > 0, "reader saw %d intermediate states", seen_mid);
  NL_CHECK_INT_EQ(busy, 0, "never 'database is locked'");
  NL_CHECK_INT_EQ(inconsistent + other, 0, "always a consistent snapshot");
  NL_CHECK(newest_ok > 0, "newest-first listed every committed article"
           " (%d rounds)", newest_ok);
  nl_db_close(db);
}

int main(int argc, char **argv) {
  char cmd[128];
  if (argc == 4 && strcmp(argv[1], "--child") == 0)
    return child(argv[2], argv[3]);
  snprintf(dir, sizeof dir, "/tmp/nl_test_crash_XXXXXX");
  if (!mkdtemp(dir)) return 2;
  make_corpus();
  test_crash(argv[0]);
  test_concurrency(argv[0]);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("# could not remove %s\n", dir);
  return nl_test_done();
}
