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
#include "store_dump.h"
#include "story_corpus.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"
#include "nl_db_internal.h"
#include "nl_pubdate.h"

#define NFILES 2000
#define RFILES 500 /* the corpus of test_crash_reconcile */

static char dir[64], corpus[128];

static double now_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

static void write_article(int i, int v) {
  write_story_in(corpus, i, v, 0);
}

/* The 50 folders of a corpus under `root`. */
static void make_dirs(const char *root) {
  char sub[256];
  int i;
  mkdir(root, 0777);
  for (i = 0; i < 50; i++) {
    snprintf(sub, sizeof sub, "%s/d%02d", root, i);
    mkdir(sub, 0777);
  }
}

static void make_corpus(void) {
  int i;
  snprintf(corpus, sizeof corpus, "%s/corpus", dir);
  make_dirs(corpus);
  for (i = 0; i < NFILES; i++) write_article(i, 1);
}

/* --child-rec: once every file's report came (the last batch committed:
** what is left is the end of the ingest, its reconciliation), create the
** file "<store>.stored" for the parent to see. */
typedef struct stored_mark {
  const char *db_path;
  int files;
} stored_mark;

static void on_stored(void *ctx, const nl_file_report *r) {
  stored_mark *m = ctx;
  char path[160];
  FILE *fp;
  (void)r;
  if (++m->files != RFILES) return;
  snprintf(path, sizeof path, "%s.stored", m->db_path);
  if ((fp = fopen(path, "w")) != NULL) fclose(fp);
}

/* The child: ingest corpus into db (reconciling when `rec`, and marking
** the end of the stores), exit 0 on success. */
static int child(const char *db_path, const char *path, int rec) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db *db;
  nl_status st;
  stored_mark m = {db_path, 0};
  o.reconcile = rec;
  if (rec) {
    o.on_file = on_stored;
    o.ctx = &m;
  }
  if (nl_db_open(db_path, NULL, &db, &err) != NL_OK) {
    fprintf(stderr, "child: %s\n", err.msg);
    return 1;
  }
  st = nl_db_ingest(db, path, &o, NULL, &err);
  if (st != NL_OK) fprintf(stderr, "child: %s\n", err.msg);
  nl_db_close(db);
  return st == NL_OK ? 0 : 1;
}

/* A child ingesting `what` into db_path (--child-rec: reconciling). */
static pid_t spawn_of(const char *self, const char *mode, const char *db_path,
                      const char *what) {
  pid_t pid = fork();
  if (pid == 0) {
    execl(self, self, mode, db_path, what, (char *)NULL);
    _exit(127);
  }
  return pid;
}

static pid_t spawn(const char *self, const char *db_path) {
  return spawn_of(self, "--child", db_path, corpus);
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

/* What the reconciliation decides, as dump_store (store_dump.h) lists it:
** every article's date, source, evidence and warnings, then its dates
** ("" if unreadable; free with free()). */
#define DECISIONS_CAP ((size_t)4 << 20)
static char *decisions(const char *db_path) {
  char *out = calloc(1, DECISIONS_CAP);
  nl_db *db;
  if (out && nl_db_open(db_path, NULL, &db, NULL) == NL_OK) {
    dump_store(db, out, DECISIONS_CAP);
    nl_db_close(db);
  }
  return out ? out : strdup("");
}

/* Is a reconciliation left to do (an ingest killed before its
** reconciliation committed)?  -1 if the store cannot be opened. */
static int pending(const char *db_path) {
  nl_db *db;
  int p;
  if (nl_db_open(db_path, NULL, &db, NULL) != NL_OK) return -1;
  p = nl_pubdate_pending(db);
  nl_db_close(db);
  return p;
}

/* The mark a --child-rec child leaves once its last batch committed. */
static const char *mark_path(const char *db_path, char *buf, size_t cap) {
  snprintf(buf, cap, "%s.stored", db_path);
  return buf;
}

/* Wait (up to 60 s) for child `pid`'s mark, removing it: 1.  0 if the
** child exited first (reaped: its status in *status) or never marked. */
static int wait_stored(const char *db_path, pid_t pid, int *status) {
  char path[160];
  int i;
  mark_path(db_path, path, sizeof path);
  for (i = 0; i < 60000; i++) {
    if (access(path, F_OK) == 0) {
      remove(path);
      return 1;
    }
    if (waitpid(pid, status, WNOHANG) == pid) return 0;
    usleep(1000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, status, 0);
  return 0;
}

/* Rewrite the RFILES articles of `root` as version v (a fifth without
** DCT). */
static void write_version(const char *root, int v) {
  int i;
  for (i = 0; i < RFILES; i++)
    write_story_in(root, i, v, i % 5 == 0);
}

/* Run a --child-rec ingest to its end: 1 if it succeeded; *tail: its ms
** after the mark (the end of the ingest after its last batch). */
static int run_rec(const char *self, const char *db_path, const char *what,
                   double *tail) {
  int status, marked;
  double t0;
  pid_t pid = spawn_of(self, "--child-rec", db_path, what);
  marked = wait_stored(db_path, pid, &status);
  t0 = now_ms();
  if (marked) waitpid(pid, &status, 0);
  if (tail) *tail = now_ms() - t0;
  return marked && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
** Kills with the reconciliation on (the default): a fifth of the articles
** have no DCT, so it decides their dates and re-resolves their relative
** dates.  Each run replaces every article (a new version) and is killed
** at a random point: while it stores, before its reconciliation, or in
** it (its end is timed by the mark it leaves after its last batch).
** Every killed state passes the store checks and keeps every article;
** the next ingest, with no file changed, reconciles what is left; the end
** state is that of one clean ingest: the same dates, decisions and
** warnings for every article.
*/
static void test_crash_reconcile(const char *self) {
  char rcorpus[128], db_path[128], ref[128];
  char *want, *got;
  double tail = 0, t0, full;
  int k, bad = 0, killed = 0, left = 0, status, v = 1;
  long long n, nv;
  pid_t pid;
  snprintf(rcorpus, sizeof rcorpus, "%s/rcorpus", dir);
  snprintf(db_path, sizeof db_path, "%s/rcrash.db", dir);
  snprintf(ref, sizeof ref, "%s/rref.db", dir);
  make_dirs(rcorpus);
  write_version(rcorpus, v);
  NL_CHECK(run_rec(self, db_path, rcorpus, NULL), "first ingest");
  write_version(rcorpus, ++v); /* how long a replacing run takes */
  t0 = now_ms();
  NL_CHECK(run_rec(self, db_path, rcorpus, &tail), "a replacing ingest");
  full = now_ms() - t0;
  printf("# a replacing ingest: %.0f ms, %.0f after its last batch\n", full,
         tail);
  srand(20261122);
  for (k = 0; k < 16; k++) {
    /* half over the whole run, half in its end */
    int late = k % 2;
    double at = (late ? tail : full) * (rand() % 1000) / 1000.0;
    v = v == 3 ? 4 : 3; /* one digit: check_store reads it off the title */
    write_version(rcorpus, v);
    pid = spawn_of(self, "--child-rec", db_path, rcorpus);
    if (late && !wait_stored(db_path, pid, &status)) continue;
    usleep((useconds_t)(at * 1000));
    if (kill(pid, SIGKILL) == 0) killed++;
    waitpid(pid, &status, 0);
    remove(mark_path(db_path, (char[160]){0}, 160));
    bad += check_store(db_path, &n, v, &nv);
    if (n != RFILES) bad++, printf("# %lld articles\n", n);
    left += pending(db_path) > 0;
  }
  printf("# %d of %d kills left the reconciliation to do\n", left, killed);
  NL_CHECK(killed >= 12, "%d ingests killed", killed);
  NL_CHECK_INT_EQ(bad, 0, "every killed state consistent, no article lost");
  NL_CHECK(run_rec(self, db_path, rcorpus, NULL), "the ingest again");
  NL_CHECK_INT_EQ(pending(db_path), 0, "nothing left to reconcile");
  NL_CHECK_INT_EQ(check_store(db_path, &n, v, &nv), 0, "consistent");
  NL_CHECK_INT_EQ(nv, RFILES, "every article once, in its last version");
  NL_CHECK(run_rec(self, ref, rcorpus, NULL), "a clean ingest of it");
  want = decisions(ref);
  got = decisions(db_path);
  NL_CHECK(strstr(want, "|inferred|") != NULL,
           "DCT-less articles dated by the reconciliation");
  NL_CHECK(strlen(want) + 1024 < DECISIONS_CAP, "the whole dump");
  NL_CHECK(strcmp(got, want) == 0, "decided as by one clean ingest");
  if (strcmp(got, want) != 0) { /* the first article that differs */
    const char *g = got, *w = want;
    while (*g && *w) {
      const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');
      size_t gl = ge ? (size_t)(ge - g) : strlen(g);
      size_t wl = we ? (size_t)(we - w) : strlen(w);
      if (gl != wl || memcmp(g, w, gl)) {
        printf("#  got  %.*s\n#  want %.*s\n", (int)gl, g, (int)wl, w);
        break;
      }
      g += gl + (ge != NULL);
      w += wl + (we != NULL);
    }
  }
  free(got);
  free(want);
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
    return child(argv[2], argv[3], 0);
  if (argc == 4 && strcmp(argv[1], "--child-rec") == 0)
    return child(argv[2], argv[3], 1);
  snprintf(dir, sizeof dir, "/tmp/nl_test_crash_XXXXXX");
  if (!mkdtemp(dir)) return 2;
  make_corpus();
  test_crash(argv[0]);
  test_crash_reconcile(argv[0]);
  test_concurrency(argv[0]);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("# could not remove %s\n", dir);
  return nl_test_done();
}
