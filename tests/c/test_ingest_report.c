#define _DEFAULT_SOURCE /* mkdtemp */
/* What an ingest tells on_file about odd files of a folder (nl_ingest.c):
** a file loaded with problems (bad JSON Lines lines, a truncated Reuters
** file) is stored with a message saying what was left out, on the
** threaded path (several files) and the sequential one (a single file);
** what the walk does not read (a symlink not followed, a FIFO, a dangling
** link, a directory loop) is reported skipped, naming the file; the
** store's own files, when it lives in the folder, are not articles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "newslua/nl_db.h"
#include "nl_db_internal.h"

static char dir[64];

#define CORPUS_FILES_DIR dir
#include "corpus_files.h"

/* The reports on_file got: one line "<base name> <STATUS> <n> <message>". */
typedef struct seen {
  char log[4096];
} seen;

static void on_file(void *ctx, const nl_file_report *r) {
  seen *s = ctx;
  const char *base = strrchr(r->file, '/');
  size_t n = strlen(s->log);
  snprintf(s->log + n, sizeof s->log - n, "%s %s %zu %s\n",
           base ? base + 1 : r->file, nl_status_name(r->status), r->articles,
           r->message ? r->message : "-");
}

static nl_status ingest(nl_db *db, const char *path, seen *s, nl_error *err) {
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  o.on_file = on_file;
  o.ctx = s;
  o.reconcile = 0;
  memset(s, 0, sizeof *s);
  return nl_db_ingest(db, path, &o, NULL, err);
}

/* Does the one text `sql` gives equal `want`? */
static int sql_text(nl_db *db, const char *sql, const char *want) {
  sqlite3_stmt *st;
  int same = 0;
  if (sqlite3_prepare_v2(nl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
    same = strcmp((const char *)sqlite3_column_text(st, 0), want) == 0;
    if (!same) printf("# got '%s'\n", sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return same;
}

static const char *stored_message(nl_db *db, const char *base) {
  static char msg[512];
  sqlite3_stmt *st;
  msg[0] = '\0';
  if (sqlite3_prepare_v2(nl_db_sqlite(db),
                         "SELECT message FROM files WHERE path LIKE '%/' ||"
                         " ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return msg;
  sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    snprintf(msg, sizeof msg, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return msg;
}

/*
** A JSON Lines file with a bad line: stored (2 articles), and its report
** says which line was dropped (it said nothing: the ingest discarded the
** loader's notes, so a dropped line went unnoticed).
*/
static void test_notes(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  seen s;
  char one[128];
  write_file("lines.jsonl",
             "{\"title\":\"One\",\"text\":\"Talks on Friday.\"}\n"
             "{\"title\": bad\n"
             "{\"title\":\"Two\",\"text\":\"More talks.\"}\n");
  write_file("ok.txt", "Plain\n\nA plain story about Geneva.\n");
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(ingest(db, dir, &s, &err) == NL_OK, "ingest the folder: %s",
           err.msg);
  NL_CHECK(strstr(s.log, "lines.jsonl OK 2 ") != NULL, "stored: %s", s.log);
  NL_CHECK(strstr(s.log, "lines.jsonl: 1 problem: line 2 (byte 52): json:") !=
               NULL,
           "threaded: the report names the dropped line");
  NL_CHECK(strstr(s.log, "ok.txt OK 1 -\n") != NULL, "a clean file: no "
                                                     "message");
  NL_CHECK(strstr(stored_message(db, "lines.jsonl"), "1 problem: line 2") !=
               NULL,
           "the files row keeps it: '%s'", stored_message(db, "lines.jsonl"));
  nl_db_close(db);
  snprintf(one, sizeof one, "%s/lines.jsonl", dir);
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(ingest(db, one, &s, &err) == NL_OK, "ingest one file: %s", err.msg);
  NL_CHECK(strstr(s.log, "lines.jsonl: 1 problem: line 2 (byte 52): json:") !=
               NULL,
           "sequential: the report names the dropped line: %s", s.log);
  nl_db_close(db);
}

/*
** Entries the walk does not read are reported (they were passed over in
** silence, where newslua.load names them): a symlink not followed, a
** FIFO, a dangling link followed, and a symlink loop (reported once, not
** walked 64 levels deep).
*/
static void test_walk_skips(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db;
  seen s;
  char w[128], p[192];
  snprintf(w, sizeof w, "%s/walk", dir);
  mkdir(w, 0777);
  write_file("walk/a.txt", "Plain\n\nA story about Geneva.\n");
  snprintf(p, sizeof p, "%s/link.txt", w);
  NL_CHECK(symlink("a.txt", p) == 0, "symlink");
  snprintf(p, sizeof p, "%s/gone.txt", w);
  NL_CHECK(symlink("/nonexistent/newslua", p) == 0, "dangling symlink");
  snprintf(p, sizeof p, "%s/pipe.txt", w);
  NL_CHECK(mkfifo(p, 0600) == 0, "fifo");
  snprintf(p, sizeof p, "%s/loop", w);
  NL_CHECK(symlink(".", p) == 0, "loop");
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(ingest(db, w, &s, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK(strstr(s.log, "a.txt OK 1 -\n") != NULL, "a.txt stored: %s", s.log);
  NL_CHECK(strstr(s.log, "link.txt EINVAL 0 ") &&
               strstr(s.log, "/walk/"
                             "link.txt: symbolic link not followed\n"),
           "the link named");
  NL_CHECK(strstr(s.log, "gone.txt EINVAL 0 ") != NULL, "dangling named");
  NL_CHECK(strstr(s.log, "/walk/pipe.txt: not a regular file\n") != NULL,
           "the FIFO named");
  nl_db_close(db);
  /* following links: the loop once, the dangling link by its error */
  o.on_file = on_file;
  o.ctx = &s;
  o.reconcile = 0;
  o.load.follow_symlinks = 1;
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(nl_db_ingest(db, w, &o, &r, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK(strstr(s.log, "/walk/gone.txt: cannot read: No such file or "
                         "directory\n") != NULL,
           "dangling: %s", s.log);
  NL_CHECK(strstr(s.log, "/walk/loop: directory already visited "
                         "(loop)\n") != NULL,
           "the loop named");
  NL_CHECK(strstr(s.log, "(loop)") &&
               !strstr(strstr(s.log, "(loop)") + 1, "(loop)"),
           "the loop reported once");
  NL_CHECK_INT_EQ((long long)r.files, 5,
                  "a.txt, link.txt, gone.txt, "
                  "pipe.txt, loop: each counted once");
  NL_CHECK_INT_EQ((long long)r.files_failed, 3, "three skipped");
  nl_db_close(db);
}

/*
** A dataset's README, LICENSE or COPYING in a walked folder is reported
** skipped, not stored as an untitled article (Reuters-21578's README.txt
** was its 21,579th article).  A store that holds one from before loses it
** when the folder is walked, as it loses a deleted file.
*/
static void test_walk_docs(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  seen s;
  char w[128], readme[192];
  snprintf(w, sizeof w, "%s/dataset", dir);
  mkdir(w, 0777);
  write_file("dataset/a.txt", "Plain\n\nA story about Geneva.\n");
  write_file("dataset/README.txt", "About\n\nThe corpus of January 2004.\n");
  snprintf(readme, sizeof readme, "%s/README.txt", w);
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(ingest(db, readme, &s, &err) == NL_OK, "the README by its path: %s",
           err.msg);
  NL_CHECK(sql_text(db, "SELECT count(*) FROM articles", "1"), "read");
  NL_CHECK(ingest(db, w, &s, &err) == NL_OK, "the folder: %s", err.msg);
  NL_CHECK(strstr(s.log, "README.txt EINVAL 0 ") != NULL &&
               strstr(s.log, "/dataset/README.txt: documentation (README, "
                             "LICENSE, ...), not an article") != NULL,
           "the README named: %s", s.log);
  NL_CHECK(strstr(s.log, "a.txt OK 1 -\n") != NULL, "a.txt stored: %s", s.log);
  NL_CHECK(sql_text(db, "SELECT group_concat(id) FROM articles", "a"),
           "only the story is left");
  nl_db_close(db);
}

/*
** A store kept inside the folder it indexes (--db story/index.db) is not
** read as part of the folder: its file, -wal and -shm were reported as
** binary junk on every run, and hashed whole each time (a 6 GB store
** read again by every re-ingest).
*/
static void test_store_inside(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_db *db;
  seen s;
  char w[128], store[192];
  snprintf(w, sizeof w, "%s/inside", dir);
  mkdir(w, 0777);
  write_file("inside/a.txt", "Plain\n\nA story about Geneva.\n");
  snprintf(store, sizeof store, "%s/index.db", w);
  NL_CHECK(nl_db_open(store, NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(ingest(db, w, &s, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK_STR_EQ(s.log, "a.txt OK 1 -\n", "only a.txt");
  NL_CHECK(ingest(db, w, &s, &err) == NL_OK, "again: %s", err.msg);
  NL_CHECK_STR_EQ(s.log, "a.txt OK 0 unchanged\n", "nothing else, again");
  {
    nl_ingest_opts o = NL_INGEST_OPTS_INIT;
    o.reconcile = 0;
    NL_CHECK(nl_db_ingest(db, w, &o, &r, &err) == NL_OK, "ingest: %s", err.msg);
    NL_CHECK_INT_EQ((long long)r.files, 1, "one file seen");
    NL_CHECK_INT_EQ((long long)r.files_failed, 0, "none skipped");
  }
  nl_db_close(db);
}

/*
** A JSON Lines dump with a raw NUL byte in its first 4 KiB loses that line,
** not the file: the sniffer called the whole file binary ("NUL byte at
** byte 66") where a NUL after 4 KiB cost one line.  Junk is still junk.
*/
static void test_nul_in_jsonl(void) {
  static const char dump[] = "{\"title\":\"One\",\"text\":\"Talks on "
                             "Friday.\"}\n{\"title\":\"Bad\",\"text\":"
                             "\"a\0b\"}\n{\"title\":\"Three\",\"text\":"
                             "\"More.\"}\n";
  static const char junk[] = "{\0\0\0\1\2\3\4\5\6\7\0\0\0\0\0\0\0\0";
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  seen s;
  char w[128], p[192];
  FILE *fp;
  snprintf(w, sizeof w, "%s/nul", dir);
  mkdir(w, 0777);
  snprintf(p, sizeof p, "%s/dump.jsonl", w);
  if ((fp = fopen(p, "wb")) != NULL) {
    fwrite(dump, 1, sizeof dump - 1, fp);
    fclose(fp);
  }
  snprintf(p, sizeof p, "%s/junk.json", w);
  if ((fp = fopen(p, "wb")) != NULL) {
    fwrite(junk, 1, sizeof junk - 1, fp);
    fclose(fp);
  }
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(ingest(db, w, &s, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK(strstr(s.log, "dump.jsonl OK 2 ") != NULL, "two lines stored: %s",
           s.log);
  NL_CHECK(strstr(s.log, "dump.jsonl: 1 problem: line 2 ") != NULL,
           "the NUL line named");
  NL_CHECK(strstr(s.log, "junk.json EPARSE 0 ") &&
               strstr(s.log, "junk.json: binary data"),
           "junk starting with { is still binary");
  nl_db_close(db);
}

/*
** A lone UTF-16 surrogate escape ("\ud800", as Python's json.dumps writes
** a string it decoded with surrogateescape) becomes U+FFFD: the article
** was dropped ("json: lone high surrogate at byte 46").
*/
static void test_lone_surrogate(void) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db;
  seen s;
  char w[128];
  snprintf(w, sizeof w, "%s/sur", dir);
  mkdir(w, 0777);
  write_file("sur/dump.jsonl",
             "{\"title\":\"One\",\"text\":\"Talks on Friday.\"}\n"
             "{\"title\":\"Two \\ud800\",\"text\":\"caf\\udce9 in "
             "Geneva \\ud83d\\ude00.\"}\n");
  NL_CHECK(nl_db_open(":memory:", NULL, &db, &err) == NL_OK, "open");
  NL_CHECK(ingest(db, w, &s, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK_STR_EQ(s.log, "dump.jsonl OK 2 -\n", "both lines stored");
  NL_CHECK(sql_text(db, "SELECT title || '|' || body FROM articles WHERE"
                        " id = 'dump#2'",
                    "Two \xEF\xBF\xBD|caf\xEF\xBF\xBD in Geneva "
                    "\xF0\x9F\x98\x80."),
           "lone surrogates as U+FFFD, a pair as its character");
  nl_db_close(db);
}

int main(void) {
  char cmd[128];
  snprintf(dir, sizeof dir, "/tmp/nl_test_ingest_report_XXXXXX");
  if (!mkdtemp(dir)) return 2;
  test_notes();
  test_walk_skips();
  test_store_inside();
  test_walk_docs();
  test_nul_in_jsonl();
  test_lone_surrogate();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("# could not remove %s\n", dir);
  return nl_test_done();
}
