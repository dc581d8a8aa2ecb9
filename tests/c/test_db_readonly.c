#define _DEFAULT_SOURCE /* mkdtemp */
/* A store in a place this process cannot write (another user's directory,
** a read-only mount) opens read-only and answers queries (nl_db.c); a
** read-write open says the store is not writable, naming it.  A store
** another process writes for longer than the busy timeout is named busy,
** with who holds it.
**
** The check runs in a child process that cannot write the directory: as
** root (who writes anywhere) it drops to the user nobody first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_db.h"
#include "nl_db_internal.h"

static char dir[64], ro[96], store[128];

/* Build the store in ro/, then make ro/ read-only. */
static int build(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db *db;
  nl_status st;
  snprintf(ro, sizeof ro, "%s/ro", dir);
  snprintf(store, sizeof store, "%s/index.db", ro);
  if (chmod(dir, 0755) != 0 || mkdir(ro, 0755) != 0) return 0;
  if (nl_db_open(store, NULL, &db, &err) != NL_OK) return 0;
  o.reconcile = 0;
  st = nl_db_ingest(db, NL_SOURCE_DIR "/corpus", &o, NULL, &err);
  nl_db_close(db); /* the last connection: -wal and -shm are removed */
  return st == NL_OK && chmod(store, 0644) == 0 && chmod(ro, 0555) == 0;
}

/* In the child: the number of failed expectations. */
static int child_checks(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db_opts ro_opts = NL_DB_OPTS_INIT;
  nl_db *db = NULL;
  nl_cursor *c;
  long long n = 0, hits = 0;
  int bad = 0;
  if (access(ro, W_OK) == 0) return 100; /* the setup did not hold */
  ro_opts.readonly = 1;
  if (nl_db_open(store, &ro_opts, &db, &err) != NL_OK) {
    printf("# read-only open: %s\n", err.msg);
    return 1;
  }
  if (nl_db_count(db, &n, &err) != NL_OK || n != 5)
    bad++, printf("# count %lld: %s\n", n, err.msg);
  if (nl_db_search(db, "Geneva", NULL, &c, &err) == NL_OK) {
    while (nl_cursor_next(c, &err) == NL_OK)
      hits++;
    nl_cursor_free(c);
  }
  if (hits == 0) bad++, printf("# search: %s\n", err.msg);
  nl_db_close(db);
  if (nl_db_open(store, NULL, &db, &err) == NL_OK) {
    bad++, printf("# read-write open succeeded\n");
    nl_db_close(db);
  } else if (!strstr(err.msg, store) || !strstr(err.msg, "not writable")) {
    bad++, printf("# read-write open: %s\n", err.msg);
  }
  return bad;
}

static void test_readonly_place(void) {
  int status = 0;
  pid_t pid;
  NL_CHECK(build(), "store built in a directory made read-only");
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
      _exit(101);
    status = child_checks();
    fflush(stdout);
    _exit(status);
  }
  waitpid(pid, &status, 0);
  NL_CHECK(WIFEXITED(status), "child exited");
  NL_CHECK_INT_EQ(WEXITSTATUS(status), 0,
                  "read-only open answers count "
                  "and search; read-write open names the store");
  chmod(ro, 0755);
}

/*
** Another connection holds the write lock past the busy timeout: the
** ingest fails with NL_EBUSY saying so (it said "BEGIN IMMEDIATE: database
** is locked"), nothing written, and works once the lock is gone.
*/
static void test_busy(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db_opts quick = NL_DB_OPTS_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_db *holder = NULL, *db = NULL;
  char path[128];
  long long n = -1;
  snprintf(path, sizeof path, "%s/busy.db", dir);
  quick.busy_timeout_ms = 50;
  o.reconcile = 0;
  NL_CHECK(nl_db_open(path, NULL, &holder, &err) == NL_OK, "open holder");
  NL_CHECK(nl_db_open(path, &quick, &db, &err) == NL_OK, "open writer");
  if (!holder || !db) return;
  sqlite3_exec(nl_db_sqlite(holder), "BEGIN IMMEDIATE", NULL, NULL, NULL);
  NL_CHECK_INT_EQ(nl_db_ingest(db, NL_SOURCE_DIR "/corpus", &o, NULL, &err),
                  NL_EBUSY, "busy");
  NL_CHECK(strstr(err.msg, path) && strstr(err.msg, "another connection "
                                                    "is writing to the store"),
           "says who: %s", err.msg);
  sqlite3_exec(nl_db_sqlite(holder), "ROLLBACK", NULL, NULL, NULL);
  NL_CHECK(nl_db_count(db, &n, &err) == NL_OK && n == 0, "nothing written");
  NL_CHECK(nl_db_ingest(db, NL_SOURCE_DIR "/corpus", &o, NULL, &err) == NL_OK,
           "then it works: %s", err.msg);
  nl_db_close(db);
  nl_db_close(holder);
}

int main(void) {
  char cmd[128];
  snprintf(dir, sizeof dir, "/tmp/nl_test_db_readonly_XXXXXX");
  if (!mkdtemp(dir)) return 2;
  test_readonly_place();
  test_busy();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("# could not remove %s\n", dir);
  return nl_test_done();
}
