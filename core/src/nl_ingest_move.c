/*
** nl_ingest_move.c -- a store that moved with its folder follows it.
**
** A store in the default place, <folder>/.newslua/<file>, indexes the
** folder it sits in, and files are known by their canonical paths.  When
** the folder is moved (or copied with its store), those paths name the
** old place: without this, the next ingest stored every file again under
** its new path (each article twice, the new copies with "~<hash>" ids)
** and kept the old ones for good, since pruning only looks under the
** folders it walks.  So the store records its folder (table nl_meta, key
** 'home', created on first use and not part of the versioned schema, as
** pubdate_files); an ingest into a store whose folder is elsewhere now
** renames, in one transaction, every stored path under the old folder to
** the same path under the new one where that file is (files,
** articles.file_key and articles.file, the reconciliation's
** pubdate_files), then records the new folder.  A file stored under both paths (a store that already took
** the moved files in again) keeps its new-path articles; the old-path
** ones are removed, as the files of a walked folder that are gone.
** A store anywhere else (--db elsewhere, ":memory:") records nothing.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_ingest_state.h"

#define STORE_DIR "/.newslua/"

static const char meta_sql[] =
    "CREATE TABLE IF NOT EXISTS nl_meta(key TEXT PRIMARY KEY, value TEXT)";

/* The folder a store at canonical path `store` indexes: the parent of its
** ".newslua" directory, as a new string; NULL when it is not there. */
static char *home_of(const char *store) {
  const char *s = strstr(store, STORE_DIR), *next;
  if (!s) return NULL;
  while ((next = strstr(s + 1, STORE_DIR)) != NULL)
    s = next;
  if (strchr(s + strlen(STORE_DIR), '/')) return NULL; /* not its file */
  return nl_strndup(store, s > store ? (size_t)(s - store) : 1);
}

/* Record `home` as the store's folder: SQLITE_DONE or SQLite's error. */
static int record_home(sqlite3 *db, const char *home) {
  sqlite3_stmt *q;
  int rc = sqlite3_prepare_v2(db, "INSERT INTO nl_meta(key, value) VALUES"
                              " ('home', ?1) ON CONFLICT(key) DO UPDATE SET"
                              " value = excluded.value", -1, &q, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(q, 1, home, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  sqlite3_finalize(q);
  return rc;
}

/* The recorded home into *old (NULL if none; nl_malloc'd). */
static int recorded_home(sqlite3 *db, char **old) {
  sqlite3_stmt *q;
  int rc = sqlite3_prepare_v2(db, "SELECT value FROM nl_meta WHERE key ="
                              " 'home'", -1, &q, NULL);
  *old = NULL;
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW && sqlite3_column_text(q, 0)) {
    *old = nl_strdup((const char *)sqlite3_column_text(q, 0));
    rc = *old ? SQLITE_DONE : SQLITE_NOMEM;
  }
  sqlite3_finalize(q);
  return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* What a move runs for each stored file under the old folder (?1 its
** path there, ?2 the same path under the new folder). */
enum { MV_STORED, MV_FILE, MV_ARTICLES, MV_SNAPSHOT, MV_N };
static const char *const move_sql[MV_N] = {
    /* MV_STORED */ "SELECT 1 FROM files WHERE path = ?2",
    /* MV_FILE */ "UPDATE files SET path = ?2 WHERE path = ?1",
    /* MV_ARTICLES */
    "UPDATE articles SET file_key = ?2, file = CASE WHEN file = ?1 THEN ?2"
    " ELSE file END WHERE file_key = ?1",
    /* MV_SNAPSHOT (the reconciliation's, when there is one) */
    "UPDATE pubdate_files SET path = ?2 WHERE path = ?1"};

/* Step statement q for `from` and `to`: SQLITE_ROW, SQLITE_DONE or the
** error. */
static int step_move(sqlite3_stmt *q, const char *from, const char *to) {
  int rc;
  sqlite3_bind_text(q, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, to, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc;
}

/* Move stored file `from` to `to`: dropped if the store has `to` already
** (its articles counted as removed), renamed if `to` is there, else left.
** SQLITE_DONE, or SQLite's error (*st: the store's failure). */
static int move_one(ingest *g, sqlite3_stmt *const *q, const char *from,
                    const char *to, nl_status *st, nl_error *err) {
  int rc = step_move(q[MV_STORED], from, to), k;
  if (rc == SQLITE_ROW) { /* stored again at its new path */
    size_t arts = 0;
    *st = nl_ingest_forget_file(g->db, from, &arts,
                                g->o->reconcile ? &g->words : NULL, err);
    g->r->files_removed += *st == NL_OK;
    g->r->articles_removed += arts;
    return SQLITE_DONE;
  }
  /* not in the new folder: left as it was (a store copied alone into
  ** another folder's .newslua/ keeps what it had) */
  if (rc != SQLITE_DONE || access(to, F_OK) != 0) return rc;
  for (k = MV_FILE; k < MV_N && rc == SQLITE_DONE; k++)
    if (q[k]) rc = step_move(q[k], from, to);
  g->r->files_moved += rc == SQLITE_DONE;
  return rc;
}

/* Move the stored files under `old` to `home` (inside a transaction). */
static nl_status follow(ingest *g, const char *old, const char *home,
                        nl_error *err) {
  sqlite3 *db = g->db->sq;
  sqlite3_stmt *q[MV_N] = {NULL};
  nl_buf paths = NL_BUF_INIT, to = NL_BUF_INIT;
  size_t n = 0, i, off, oldlen = strlen(old);
  nl_status st = NL_OK;
  int rc = SQLITE_OK, k;
  for (k = 0; k < MV_N && rc == SQLITE_OK; k++) {
    rc = sqlite3_prepare_v2(db, move_sql[k], -1, &q[k], NULL);
    if (rc != SQLITE_OK && k == MV_SNAPSHOT) rc = SQLITE_OK; /* none yet */
  }
  if (rc == SQLITE_OK) {
    st = nl_ingest_files_under(g->db, old, NULL, &paths, &n, err);
    rc = SQLITE_DONE; /* as each file's steps end */
  }
  for (i = 0, off = 0; rc == SQLITE_DONE && st == NL_OK && i < n; i++) {
    const char *from = paths.data + off;
    off += strlen(from) + 1;
    nl_buf_truncate(&to, 0);
    nl_buf_printf(&to, "%s%s", home, from + oldlen);
    rc = nl_buf_ok(&to) ? move_one(g, q, from, to.data, &st, err)
                        : SQLITE_NOMEM;
  }
  for (k = 0; k < MV_N; k++)
    sqlite3_finalize(q[k]);
  nl_buf_free(&paths);
  nl_buf_free(&to);
  if (st != NL_OK) return st;
  if (rc != SQLITE_DONE)
    return nl_error_set(err, rc == SQLITE_NOMEM ? NL_ENOMEM : NL_EDB,
                        "%s: cannot follow the folder from %s to %s: %s",
                        g->db->path, old, home, sqlite3_errmsg(db));
  return NL_OK;
}

/* See nl_ingest_internal.h. */
nl_status nl_ingest_follow_home(ingest *g, nl_error *err) {
  sqlite3 *db = g->db->sq;
  char *home = g->store ? home_of(g->store) : NULL, *old = NULL;
  nl_status st = NL_OK;
  int rc;
  size_t moved = g->r->files_moved, files = g->r->files_removed,
         arts = g->r->articles_removed;
  if (!home) return NL_OK;
  rc = sqlite3_exec(db, meta_sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = recorded_home(db, &old);
  if (rc != SQLITE_OK && rc != SQLITE_DONE) {
    nl_free(home);
    return nl_error_set(err, NL_EDB, "%s: cannot read the store's folder: %s",
                        g->db->path, sqlite3_errmsg(db));
  }
  if (old && strcmp(old, home) == 0) {
    nl_free(old);
    nl_free(home);
    return NL_OK;
  }
  /* the articles of each file are found by articles_file (a killed bulk
  ** load into an empty store left it out) */
  if (old) st = nl_db_restore_file_index(g->db, err);
  if (st == NL_OK) st = nl_db_begin(g->db, err);
  if (st == NL_OK && old) st = follow(g, old, home, err);
  if (st == NL_OK && record_home(db, home) != SQLITE_DONE)
    st = nl_error_set(err, NL_EDB, "%s: cannot record the store's folder: %s",
                      g->db->path, sqlite3_errmsg(db));
  {
    nl_status st2 = nl_db_end(g->db, st == NL_OK, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
  if (st != NL_OK) { /* rolled back: nothing moved */
    g->r->files_moved = moved;
    g->r->files_removed = files;
    g->r->articles_removed = arts;
  }
  nl_free(old);
  nl_free(home);
  return st;
}
