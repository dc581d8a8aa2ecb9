#define _DEFAULT_SOURCE /* mkdtemp */
/*
** Tests for the content hashes of a store (nl_hash64 since schema version
** 6) and for stores made before, whose hashes were FNV-1a: such a store
** is modelled exactly (a version-6 ingest whose files.hash, content_hash
** and pubdate_files.hash are then rewritten to FNV-1a, version set to 5:
** what version 5 wrote, every other column being the same).  Opening it
** migrates it (content hashes recomputed, file hashes marked old); a
** touched file is recognised by its FNV-1a and stays unchanged; a changed
** one is replaced; nothing is lost or duplicated; and the articles end as
** a fresh ingest of the same files stores them.  A file held in part
** ('partial') is resumed by its FNV-1a.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "harness.h"
#include "newslua/nl_db.h"
#include "newslua/nl_hash.h"
#include "nl_db_internal.h"
#include "store_sql.h"
#include "store_upgrade.h"
#include "nl_pubdate.h"

static char dir[64], corpus[96];

#define CORPUS_FILES_DIR corpus
#include "corpus_files.h"

static void bump_mtime(const char *rel) {
  char path[256];
  struct timespec ts[2];
  snprintf(path, sizeof path, "%s/%s", corpus, rel);
  clock_gettime(CLOCK_REALTIME, &ts[0]);
  ts[0].tv_sec += 5;
  ts[1] = ts[0];
  utimensat(0, path, ts, 0);
}

/* SQL functions h(x): the 16 hex digits of a hash of x -- FNV-1a or
** nl_hash64 (user data bit 1), of the text x or of the bytes of the file
** named x (bit 0; NULL if it cannot be read). */
static void hash_fn(sqlite3_context *cx, int argc, sqlite3_value **argv) {
  int how = (int)(size_t)sqlite3_user_data(cx);
  const char *x = (const char *)sqlite3_value_text(argv[0]);
  size_t n = (size_t)sqlite3_value_bytes(argv[0]);
  char *data = NULL, hex[17];
  (void)argc;
  if (!x) return;
  if (how & 1) {
    if (!(data = nl_test_read_file(x, &n))) return;
    x = data;
  }
  nl_hash64_hex(how & 2 ? nl_fnv64(x, n) : nl_hash64(x, n), hex);
  free(data);
  sqlite3_result_text(cx, hex, 16, SQLITE_TRANSIENT);
}

static void add_hash_fns(nl_db *db) {
  static const char *const name[] = {"h_new", "h_new_file", "h_fnv",
                                     "h_fnv_file"};
  size_t i;
  for (i = 0; i < 4; i++)
    sqlite3_create_function_v2(nl_db_sqlite(db), name[i], 1, SQLITE_UTF8,
                               (void *)i, hash_fn, NULL, NULL, NULL);
}

/* Every row of `sql`, every column, as text into out[0..cap). */
static void dump(nl_db *db, const char *sql, char *out, size_t cap) {
  sqlite3_stmt *st;
  size_t n = 0;
  out[0] = '\0';
  if (sqlite3_prepare_v2(nl_db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int k;
    for (k = 0; k < sqlite3_column_count(st) && n + 1 < cap; k++) {
      const char *v = (const char *)sqlite3_column_text(st, k);
      n += (size_t)snprintf(out + n, cap - n, "%s|", v ? v : "<null>");
    }
    if (n + 1 < cap) out[n++] = '\n', out[n] = '\0';
  }
  sqlite3_finalize(st);
}

/* x and y equal and not empty; else both shown. */
static int same(const char *x, const char *y) {
  if (x[0] && strcmp(x, y) == 0) return 1;
  printf("# got:\n%s# fresh:\n%s", x, y);
  return 0;
}

static nl_status ingest(nl_db *db, nl_ingest_report *r, nl_error *err) {
  nl_ingest_opts o = NL_INGEST_OPTS_INIT; /* reconciled: twins by hash */
  return nl_db_ingest(db, corpus, &o, r, err);
}

/* A fresh store of the corpus at `path`, closed again. */
static void fresh_store(const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_db *db = NULL;
  NL_CHECK(nl_db_open(path, NULL, &db, &err) == NL_OK, "open: %s", err.msg);
  if (!db) return;
  NL_CHECK(ingest(db, &r, &err) == NL_OK, "ingest: %s", err.msg);
  nl_db_close(db);
}

/* Turn the version-6 store at `path` (`articles` articles from `files`
** files) into what version 5 made of the same files: FNV-1a hashes,
** user_version 5. */
static void make_old(const char *path, int articles, int files) {
  nl_error err = NL_ERROR_INIT;
  nl_db *db = NULL;
  nl_db_open(path, NULL, &db, &err);
  if (!db) return;
  add_hash_fns(db);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE"
                              " content_hash = h_new(body)"),
                  articles, "a new store's content hashes are nl_hash64");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE"
                              " hash = h_new_file(path)"),
                  files, "its file hashes too");
  NL_CHECK(
      sqlite3_exec(nl_db_sqlite(db),
                   "UPDATE articles SET content_hash = h_fnv(body);"
                   "UPDATE files SET hash = h_fnv_file(path) WHERE hash <> '';"
                   "PRAGMA user_version = 5;",
                   NULL, NULL, NULL) == SQLITE_OK,
      "made a version-5 store: %s", sqlite3_errmsg(nl_db_sqlite(db)));
  if (sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name ="
                  " 'pubdate_files'") == 1) /* reconciled: its snapshot */
    NL_CHECK(sqlite3_exec(nl_db_sqlite(db),
                          "UPDATE pubdate_files SET hash ="
                          " (SELECT hash FROM files f WHERE f.path ="
                          " pubdate_files.path)",
                          NULL, NULL, NULL) == SQLITE_OK,
             "its snapshot too");
  nl_db_close(db);
}

/* A version-5 store opens read-only as it is (its hashes are not read). */
static void check_readonly(const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_db_opts o = NL_DB_OPTS_INIT;
  nl_db *db = NULL;
  o.readonly = 1;
  NL_CHECK(nl_db_open(path, &o, &db, &err) == NL_OK, "v5 opens read-only: %s",
           err.msg);
  if (!db) return;
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), 5, "still version 5");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 5,
                  "its articles read");
  nl_db_close(db);
}

/* Open the old store read-write: migrated. */
static nl_db *check_migrated(const char *path) {
  nl_error err = NL_ERROR_INIT;
  nl_db_opts o = NL_DB_OPTS_INIT;
  upgrades u = {0, 0, 0};
  nl_db *db = NULL;
  o.on_upgrade = on_upgrade;
  o.ctx = &u;
  NL_CHECK(nl_db_open(path, &o, &db, &err) == NL_OK, "v5 opens: %s", err.msg);
  if (!db) return NULL;
  add_hash_fns(db);
  NL_CHECK(u.calls == 1 && u.from == 5 && u.to == NL_SCHEMA_VERSION,
           "upgraded 5 -> current");
  NL_CHECK_INT_EQ(sql_int(db, "PRAGMA user_version"), NL_SCHEMA_VERSION,
                  "current version");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles WHERE"
                              " content_hash = h_new(body)"),
                  5, "content hashes recomputed");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE"
                              " hash = 'fnv1a:' || h_fnv_file(path)"),
                  5, "file hashes kept, marked old");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM pubdate_files p JOIN"
                              " files f USING (path) WHERE p.hash = f.hash"),
                  5, "the reconciliation's snapshot marked alike");
  NL_CHECK(!nl_pubdate_pending(db), "so no reconciliation is pending");
  return db;
}

static void test_old_store(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report r;
  nl_db *db, *fresh = NULL;
  char a[128], b[128];
  static char x[32768], y[32768];
  int changes;
  snprintf(a, sizeof a, "%s/old.db", dir);
  snprintf(b, sizeof b, "%s/fresh.db", dir);
  fresh_store(a);
  make_old(a, 5, 5);
  check_readonly(a);
  if (!(db = check_migrated(a))) return;

  /* unchanged: skipped by size and mtime, nothing written */
  changes = sqlite3_total_changes(nl_db_sqlite(db));
  NL_CHECK(ingest(db, &r, &err) == NL_OK, "re-ingest: %s", err.msg);
  NL_CHECK_INT_EQ(r.files_unchanged, 5, "5 unchanged");
  NL_CHECK_INT_EQ(sqlite3_total_changes(nl_db_sqlite(db)), changes,
                  "no row written");

  /* touched: the same bytes by their FNV-1a; the new hash is stored */
  bump_mtime("one.tml");
  NL_CHECK(ingest(db, &r, &err) == NL_OK, "after a touch: %s", err.msg);
  NL_CHECK_INT_EQ(r.files_unchanged, 5, "touched file unchanged");
  NL_CHECK_INT_EQ(r.articles_added + r.articles_replaced, 0, "none stored");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE path LIKE"
                              " '%/one.tml' AND hash = h_new_file(path)"),
                  1, "its hash now nl_hash64");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE hash LIKE"
                              " 'fnv1a:%'"),
                  4, "the others' kept");

  /* one article changed: replaced, not added */
  write_tml("two.tml", "Two", "Lavrov spoke in Minsk on Tuesday.");
  bump_mtime("two.tml");
  NL_CHECK(ingest(db, &r, &err) == NL_OK, "after a change: %s", err.msg);
  NL_CHECK_INT_EQ(r.articles_replaced, 1, "1 replaced");
  NL_CHECK_INT_EQ(r.articles_added, 0, "0 added");
  NL_CHECK_INT_EQ(r.files_unchanged, 4, "4 unchanged");
  /* another size: not hashed by the walk, but from the bytes its load
  ** read (read once) */
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE path LIKE"
                              " '%/two.tml' AND hash = h_new_file(path)"),
                  1, "its hash the new bytes' nl_hash64");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 5,
                  "5 articles");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(DISTINCT id) FROM articles"), 5,
                  "no duplicate");
  NL_CHECK(sqlite3_exec(nl_db_sqlite(db),
                        "INSERT INTO fts(fts) VALUES("
                        "'integrity-check')",
                        NULL, NULL, NULL) == SQLITE_OK,
           "index consistent");

  /* the end state: every article row as a fresh ingest stores it */
  fresh_store(b);
  nl_db_open(b, NULL, &fresh, &err);
  if (!fresh) return;
  dump(db, "SELECT * FROM articles ORDER BY rowid", x, sizeof x);
  dump(fresh, "SELECT * FROM articles ORDER BY rowid", y, sizeof y);
  NL_CHECK(same(x, y), "articles equal a fresh ingest's, rowids too");
  dump(db, "SELECT * FROM annotations ORDER BY 1, 2, 3, 4", x, sizeof x);
  dump(fresh, "SELECT * FROM annotations ORDER BY 1, 2, 3, 4", y, sizeof y);
  NL_CHECK(same(x, y), "annotations equal");
  dump(db,
       "SELECT path, CASE WHEN hash LIKE 'fnv1a:%' THEN 'old' ELSE hash"
       " END, size, format, n_articles, status, message FROM files"
       " ORDER BY path",
       x, sizeof x);
  dump(fresh,
       "SELECT path, CASE WHEN path LIKE '%/one.tml' OR path LIKE"
       " '%/two.tml' THEN hash ELSE 'old' END, size, format,"
       " n_articles, status, message FROM files ORDER BY path",
       y, sizeof y);
  NL_CHECK(same(x, y), "files equal, but the hashes of the files not read"
                       " again");
  nl_db_close(fresh);
  nl_db_close(db);
}

/* A JSON array of n short articles, cut off after them (a dump still
** being written). */
static void write_broken(const char *path, int n) {
  FILE *fp = fopen(path, "wb");
  int i;
  if (!fp) return;
  fputs("[\n", fp);
  for (i = 0; i < n; i++)
    fprintf(fp, "%s{\"title\": \"Big %d\", \"text\": \"Item %d.\"}\n",
            i ? "," : "", i, i);
  fputs(", {\"title\": ", fp);
  fclose(fp);
}

/*
** A file an old store holds in part (status 'partial': a big new file
** broken at its end, its articles read before the break stored): with
** the same bytes, by their FNV-1a, the next ingest goes on after them
** (none new, none twice) and stores the file's new hash.
*/
static void test_old_partial(void) {
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  nl_db *db = NULL;
  char big[160], store[128];
  snprintf(big, sizeof big, "%s/big", dir);
  mkdir(big, 0777);
  snprintf(big, sizeof big, "%s/big/dump.json", dir);
  snprintf(store, sizeof store, "%s/partial.db", dir);
  write_broken(big, 4500);
  o.reconcile = 0;
  nl_db_open(store, NULL, &db, &err);
  if (!db) return;
  snprintf(big, sizeof big, "%s/big", dir);
  NL_CHECK(nl_db_ingest(db, big, &o, &r, &err) == NL_OK, "ingest: %s", err.msg);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT n_articles FROM files WHERE status ="
                              " 'partial'"),
                  4500, "4500 stored, partial");
  nl_db_close(db);
  make_old(store, 4500, 1);
  nl_db_open(store, NULL, &db, &err);
  if (!db) return;
  add_hash_fns(db);
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM files WHERE hash ="
                              " 'fnv1a:' || h_fnv_file(path)"),
                  1, "its hash marked old");
  NL_CHECK(nl_db_ingest(db, big, &o, &r, &err) == NL_OK, "again: %s", err.msg);
  NL_CHECK_INT_EQ(r.articles_added + r.articles_replaced, 0, "none new");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT count(*) FROM articles"), 4500,
                  "none twice");
  NL_CHECK_INT_EQ(sql_int(db, "SELECT n_articles FROM files WHERE status ="
                              " 'partial' AND hash = h_new_file(path)"),
                  4500, "still partial, its hash now nl_hash64");
  nl_db_close(db);
}

int main(void) {
  char cmd[256];
  snprintf(dir, sizeof dir, "/tmp/nl_test_ingest_hash_XXXXXX");
  if (!mkdtemp(dir)) return 2;
  snprintf(corpus, sizeof corpus, "%s/corpus", dir);
  snprintf(cmd, sizeof cmd, "mkdir -p '%s/sub'", corpus);
  if (system(cmd) != 0) return 2;
  write_tml("one.tml", "Talks", "Blinken met Lavrov in Geneva on Friday.");
  write_tml("two.tml", "Two", "Lavrov spoke in Moscow.");
  /* undated twins (the same text): linked by their content hashes */
  write_file("sub/a.txt",
             "Markets fell\n\nMarkets fell sharply on Tuesday"
             " after the talks in Geneva ended without an agreement.\n");
  write_file("sub/b.txt",
             "Markets fell\n\nMarkets fell sharply on Tuesday"
             " after the talks in Geneva ended without an agreement.\n");
  write_tml("sub/c.tml", "Oil",
            "Oil prices rose in Vienna on Monday after"
            " the talks in Geneva.");
  test_old_store();
  test_old_partial();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("# could not remove %s\n", dir);
  return nl_test_done();
}
