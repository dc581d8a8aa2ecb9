/*
** nl_db.c -- the store handle: open (pragmas, tokenizer, schema), close,
** cached statements, transactions and error translation.
*/
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_outlet.h"
#include "nl_sqlfn.h"
#include "nl_sqltext.h"

#if defined(__has_include)
#if __has_include("nl_fts5.h")
#include "nl_fts5.h"
#define NL_HAVE_FTS5_TOKENIZER 1
#endif
#endif

/* mkdir -p of the directory part of `path`. */
static nl_status make_parent(const char *path, nl_error *err) {
  char *dir;
  size_t i, n;
  const char *slash = strrchr(path, '/');
  if (!slash || slash == path) return NL_OK;
  n = (size_t)(slash - path);
  dir = nl_strndup(path, n);
  if (!dir) return nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
  for (i = 1; i <= n; i++) {
    if (i < n && dir[i] != '/') continue;
    dir[i] = '\0';
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
      nl_status rc = nl_error_set(err, NL_EIO, "%s: cannot create directory "
                                  "%s: %s", path, dir, strerror(errno));
      nl_free(dir);
      return rc;
    }
    if (i < n) dir[i] = '/';
  }
  nl_free(dir);
  return NL_OK;
}

/*
** Translate an SQLite result code into an nl_status with a message.
*/
nl_status nl_db_fail(nl_db *db, int rc, const char *what, nl_error *err) {
  const char *msg = db && db->sq ? sqlite3_errmsg(db->sq) : sqlite3_errstr(rc);
  const char *path = db && db->path ? db->path : "";
  nl_status code = NL_EDB;
  switch (rc & 0xff) {
  case SQLITE_BUSY:
    return nl_error_set(err, NL_EBUSY, "%s: %s: another connection is "
                        "writing to the store and did not finish within the "
                        "busy timeout (%s); try again once it is done", path,
                        what, msg);
  case SQLITE_INTERRUPT: /* opts->cancel of an ingest said stop */
    return nl_error_set(err, NL_EINTERRUPT, "%s: %s: stopped by the caller "
                        "(what was stored so far is kept; the next ingest "
                        "finishes the rest)", path, what);
  case SQLITE_LOCKED: code = NL_EBUSY; break;
  case SQLITE_NOMEM: code = NL_ENOMEM; break;
  case SQLITE_FULL:
    return nl_error_set(err, NL_EIO, "%s: %s: disk full (%s); nothing of "
                        "the failed transaction was written", path, what, msg);
  case SQLITE_READONLY:
    return nl_error_set(err, NL_EIO, "%s: %s: store is read-only (%s)", path,
                        what, msg);
  case SQLITE_IOERR:
  case SQLITE_CANTOPEN:
  case SQLITE_PERM: code = NL_EIO; break;
  default: break;
  }
  return nl_error_set(err, code, "%s: %s: %s", path, what, msg);
}

static nl_status exec(nl_db *db, const char *sql, nl_error *err) {
  int rc = sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? NL_OK : nl_db_fail(db, rc, sql, err);
}

static nl_status configure(nl_db *db, const nl_db_opts *o, nl_error *err) {
  nl_status st;
  sqlite3_busy_timeout(db->sq, o->busy_timeout_ms);
  sqlite3_extended_result_codes(db->sq, 1);
#ifdef NL_HAVE_FTS5_TOKENIZER
  st = nl_fts5_register(db->sq, err);
  if (st != NL_OK) return nl_error_prefix(err, "%s", db->path);
#endif
  if (nl_sqlfn_register(db->sq) != SQLITE_OK ||
      nl_sqltext_register(db->sq) != SQLITE_OK)
    return nl_db_fail(db, sqlite3_errcode(db->sq), "register functions", err);
  /* foreign keys off: annotations are deleted with their article by
  ** nl_db_delete_articles; the per-row check cost ~1.9k instructions */
  st = exec(db, "PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY",
            err);
  if (st == NL_OK) nl_db_reading(db, 1);
  if (st != NL_OK || db->readonly) return st;
  /* page_size only takes effect on a new database, before WAL. */
  st = exec(db, "PRAGMA page_size = 8192", err);
  if (st == NL_OK) st = exec(db, "PRAGMA journal_mode = WAL", err);
  if (st == NL_OK) st = exec(db, "PRAGMA synchronous = NORMAL", err);
  return st;
}

/*
** A connection is tuned for queries (on, the default) or for a bulk write
** (off: an ingest, a migration, an optimize).
**
** Memory-mapped reads (PRAGMA mmap_size): a query takes the pages it needs
** from the page cache in place, where pread copied each one (100k
** articles: `for d in corpus:dates()` 9.0-9.4 s -> 6.5-6.7 s, ranked term
** search p50 7.6 -> 5.6 ms).  SQLite caps the size at its build's
** SQLITE_MAX_MMAP_SIZE (2 GiB on Debian) and reads the rest of a larger
** store as before; it changes a map only while no page of it is in use.
** Off while an ingest or a migration runs: they read most of a large
** store, mapped pages count in the process's resident size, and an
** ingest is no faster with them (Reuters-21578: same CPU time).  Off
** does not unmap while a statement of the connection holds a mapped page
** (a cursor mid-rows, as in `for a in c:articles() do c:add(dir) end`):
** SQLite then reads through the map it keeps, so such an ingest's reads
** count in the resident size as before.  A store truncated under a map
** by something other than SQLite (cp over it, truncate) kills a reader
** with SIGBUS where pread gave 'database disk image is malformed'.
**
** The page cache (PRAGMA cache_size): 32 MiB for queries, 4 MiB for a
** bulk write.  A write transaction keeps every page it dirties in the
** cache until the cache is full: with 32 MiB, a Reuters-21578 ingest
** touched fresh memory for each new page (page faults, ~6% of the
** writer thread's time) where a small cache writes pages out to the log
** and reuses their memory (bench_ingest, 3 pairs of 5 interleaved rounds:
** writer CPU 0.71-0.72 s -> 0.64-0.68 s).
*/
void nl_db_reading(nl_db *db, int on) {
  sqlite3_exec(db->sq, on ? "PRAGMA mmap_size = 2147483648;"
                            " PRAGMA cache_size = -32768"
                          : "PRAGMA mmap_size = 0; PRAGMA cache_size = -4096",
               NULL, NULL, NULL);
}

/*
** Indexes built over a whole store (a migration, the end of a bulk load)
** sort through temporary files: in memory (temp_store = MEMORY, the
** connection's setting otherwise) the 1M store's annotations_value took
** 790 MB.  SQLite refuses to switch inside a transaction once the
** connection has used temporary storage, so these bracket the
** transaction.
*/
static void sort_on_disk(nl_db *db, int on) {
  sqlite3_exec(db->sq, on ? "PRAGMA temp_store = FILE"
                          : "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
}

static nl_status setup_schema(nl_db *db, const nl_db_opts *o,
                              nl_error *err) {
  sqlite3_int64 v = 0;
  nl_status st;
  if (db->readonly) return nl_schema_apply(db->sq, db->path, 1, err);
  /* an up-to-date store is only read: no write lock, no wait */
  if (nl_schema_current(db->sq)) return NL_OK;
  sort_on_disk(db, 1);
  nl_db_reading(db, 0);
  st = exec(db, "BEGIN IMMEDIATE", err);
  if (st == NL_OK && o->on_upgrade &&
      nl_sql_int(db->sq, "PRAGMA user_version", &v) == SQLITE_OK && v > 0 &&
      v < NL_SCHEMA_VERSION) /* 0: a new store, created, not upgraded */
    o->on_upgrade(o->ctx, db->path, (int)v, NL_SCHEMA_VERSION);
  if (st == NL_OK) {
    st = nl_schema_apply(db->sq, db->path, 0, err);
    if (st == NL_OK)
      st = exec(db, "COMMIT", err);
    else
      sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  }
  sort_on_disk(db, 0);
  nl_db_reading(db, 1);
  return st;
}

/* Run `make` (CREATE INDEX statements) in a transaction of its own,
** sorting on disk. */
static nl_status build_indexes(nl_db *db, int (*make)(sqlite3 *),
                               nl_error *err) {
  nl_status st;
  int rc;
  sort_on_disk(db, 1);
  st = nl_db_begin(db, err);
  if (st == NL_OK) {
    nl_status st2;
    rc = make(db->sq);
    st = rc == SQLITE_OK ? NL_OK : nl_db_fail(db, rc, "create indexes", err);
    st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
  sort_on_disk(db, 0);
  return st;
}

/*
** Build the indexes a bulk load dropped, if it did not reach its end;
** see nl_db_internal.h.
*/
nl_status nl_db_restore_indexes(nl_db *db, nl_error *err) {
  int missing = 0, rc = nl_schema_bulk_indexes_missing(db->sq, &missing);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "index check", err);
  /* a cursor of this connection reading: CREATE INDEX would fail; the
  ** next ingest or optimize builds them */
  if (!missing || nl_sql_reading(db->sq)) return NL_OK;
  return build_indexes(db, nl_schema_make_bulk_indexes, err);
}

/* See nl_db_internal.h. */
nl_status nl_db_restore_file_index(nl_db *db, nl_error *err) {
  if (nl_schema_has_file_index(db->sq) || nl_sql_reading(db->sq))
    return NL_OK;
  return build_indexes(db, nl_schema_make_file_index, err);
}

/* The one integer `sql` gives, or `dflt` if it fails. */
static sqlite3_int64 one_int(nl_db *db, const char *sql, sqlite3_int64 dflt) {
  sqlite3_int64 n = dflt;
  return nl_sql_int(db->sq, sql, &n) == SQLITE_OK ? n : dflt;
}

/* The store's size in bytes, 0 if it cannot be read. */
sqlite3_int64 nl_db_bytes(nl_db *db) {
  return one_int(db, "SELECT page_count * page_size FROM pragma_page_count,"
                     " pragma_page_size", 0);
}

/* Non-zero if the store has no article. */
int nl_db_no_articles(nl_db *db) {
  return one_int(db, "SELECT NOT EXISTS (SELECT 1 FROM articles)", 0) != 0;
}

/*
** A read-only open of a WAL store in a place this process cannot write
** (another user's directory, a read-only mount): SQLite reads a WAL store
** through its -shm index and cannot create one there ("unable to open
** database file" or "attempt to write a readonly database" at the first
** read).  If no -wal file is beside the store -- no connection has it
** open, and none stopped before checkpointing -- the file is the whole
** store: reopen it immutable (read as it is, without the index or locks).
** Any open reads first, so that a file that is no store is named so.
** Returns the SQLite code of the first read.
*/
static int open_readable(nl_db *db, const char *path, int flags,
                         int readonly) {
  nl_buf uri = NL_BUF_INIT;
  struct stat sb;
  const char *p;
  int rc = sqlite3_exec(db->sq, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL,
                        NULL, NULL);
  if (!readonly ||
      ((rc & 0xff) != SQLITE_CANTOPEN && (rc & 0xff) != SQLITE_READONLY))
    return rc;
  nl_buf_printf(&uri, "%s-wal", path);
  if (!nl_buf_ok(&uri) || stat(nl_buf_cstr(&uri), &sb) == 0 ||
      errno != ENOENT) {
    nl_buf_free(&uri);
    return rc;
  }
  uri.len = 0;
  nl_buf_puts(&uri, "file:");
  for (p = path; *p; p++) /* a URI path: escape what URIs give a meaning */
    if (*p == '%' || *p == '?' || *p == '#' || (unsigned char)*p < 0x21)
      nl_buf_printf(&uri, "%%%02X", (unsigned char)*p);
    else
      nl_buf_putc(&uri, *p);
  nl_buf_puts(&uri, "?immutable=1");
  if (nl_buf_ok(&uri)) {
    sqlite3_close_v2(db->sq);
    db->sq = NULL;
    rc = sqlite3_open_v2(nl_buf_cstr(&uri), &db->sq, flags | SQLITE_OPEN_URI,
                         NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_exec(db->sq, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL,
                        NULL, NULL);
  }
  nl_buf_free(&uri);
  return rc;
}

/* The status of a failed first read (open_readable). */
static nl_status read_status(int rc) {
  switch (rc & 0xff) {
  case SQLITE_NOMEM: return NL_ENOMEM;
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return NL_EBUSY;
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT: return NL_EDB;
  default: return NL_EIO;
  }
}

/* Is there nothing at `path` (nor, maybe, its folder)?  A read-only open
** creates nothing, so there it is no store: NL_ENOTFOUND, not NL_EIO. */
static int missing(const char *path) {
  struct stat sb;
  return stat(path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

static void free_db(nl_db *db) {
  nl_free(db->path);
  nl_free(db);
}

/*
** Open (or create) the store at `path`; see nl_db.h.
*/
/* See nl_db.h. */
nl_status nl_process_init(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? NL_OK
                                                                 : NL_EMISUSE;
}

nl_status nl_db_open(const char *path, const nl_db_opts *opts, nl_db **out,
                     nl_error *err) {
  nl_db_opts o = NL_DB_OPTS_INIT;
  nl_db *db;
  nl_status st;
  int rc, flags;
  *out = NULL;
  if (!path || !*path)
    return nl_error_set(err, NL_EINVAL, "store path is empty");
  if (opts) o = *opts;
  if (o.busy_timeout_ms < 0) o.busy_timeout_ms = 0;
  if (strcmp(path, ":memory:") != 0 && !o.readonly) {
    st = make_parent(path, err);
    if (st != NL_OK) return st;
  }
  db = nl_calloc(1, sizeof *db);
  if (!db || !(db->path = nl_strdup(path))) {
    nl_free(db);
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
  }
  db->readonly = o.readonly;
  flags = o.readonly ? SQLITE_OPEN_READONLY
                     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  rc = sqlite3_open_v2(path, &db->sq, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    st = o.readonly && missing(path)
             ? nl_error_set(err, NL_ENOTFOUND, "%s: no such store", path)
             : nl_error_set(err, rc == SQLITE_NOMEM ? NL_ENOMEM : NL_EIO,
                            "%s: cannot open store: %s", path,
                            db->sq ? sqlite3_errmsg(db->sq)
                                   : sqlite3_errstr(rc));
    goto fail;
  }
  if (!o.readonly && sqlite3_db_readonly(db->sq, "main") == 1) {
    st = nl_error_set(err, NL_EIO, "%s: store is not writable (open it "
                      "read-only to query it)", path);
    goto fail;
  }
  sqlite3_busy_timeout(db->sq, o.busy_timeout_ms);
  rc = open_readable(db, path, flags | SQLITE_OPEN_NOMUTEX, o.readonly);
  if (rc != SQLITE_OK) {
    st = nl_error_set(err, read_status(rc), "%s: cannot read store: %s",
                      path, db->sq ? sqlite3_errmsg(db->sq)
                                   : sqlite3_errstr(rc));
    goto fail;
  }
  st = configure(db, &o, err);
  if (st == NL_OK) st = setup_schema(db, &o, err);
  if (st != NL_OK) goto fail;
  *out = db;
  return NL_OK;
fail:
  sqlite3_close_v2(db->sq);
  free_db(db);
  return st;
}

/*
** Close the store; cursors still open keep the connection as a zombie and
** the struct alive until they are freed.
*/
void nl_db_close(nl_db *db) {
  int i;
  if (!db || db->closed) return;
  if (db->in_txn) sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  for (i = 0; i < NL_STMT_N; i++) sqlite3_finalize(db->stmt[i]);
  for (i = 0; i < NL_DATE_ROWS; i++) sqlite3_finalize(db->dates[i]);
  nl_db_keys_stop(db);
  sqlite3_close_v2(db->sq);
  db->sq = NULL;
  db->closed = 1;
  if (db->ncursors == 0) free_db(db);
}

/*
** Drop one cursor reference; frees a closed db with no cursors left.
*/
void nl_db_unref(nl_db *db) {
  if (!db) return;
  db->ncursors--;
  if (db->closed && db->ncursors == 0) free_db(db);
}

/* Path the store was opened with. */
const char *nl_db_path(const nl_db *db) { return db ? db->path : ""; }

/* The SQLite connection, NULL once closed. */
sqlite3 *nl_db_sqlite(nl_db *db) { return db && !db->closed ? db->sq : NULL; }

/*
** Cached statement `id`, reset with cleared bindings.
*/
sqlite3_stmt *nl_db_stmt(nl_db *db, nl_stmt_id id, nl_error *err) {
  sqlite3_stmt *st = db->stmt[id];
  if (db->closed) {
    nl_error_set(err, NL_EMISUSE, "store is closed");
    return NULL;
  }
  if (!st) {
    int rc = sqlite3_prepare_v3(db->sq, nl_schema_stmt_sql(id), -1,
                                SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
      nl_db_fail(db, rc, "prepare", err);
      return NULL;
    }
    db->stmt[id] = st;
    return st;
  }
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return st;
}

/*
** Cached statement inserting n dates, reset with cleared bindings.
*/
sqlite3_stmt *nl_db_dates_stmt(nl_db *db, size_t n, nl_error *err) {
  sqlite3_stmt *st;
  nl_buf sql = NL_BUF_INIT;
  int rc;
  if (db->closed) {
    nl_error_set(err, NL_EMISUSE, "store is closed");
    return NULL;
  }
  if ((st = db->dates[n - 1]) != NULL) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
  }
  nl_schema_dates_sql(n, &sql);
  if (!nl_buf_ok(&sql)) { /* what it had before the failed growth */
    nl_buf_free(&sql);
    nl_error_set(err, NL_ENOMEM, "%s: out of memory", db->path);
    return NULL;
  }
  rc = sqlite3_prepare_v3(db->sq, nl_buf_cstr(&sql), -1,
                          SQLITE_PREPARE_PERSISTENT, &st, NULL);
  nl_buf_free(&sql);
  if (rc != SQLITE_OK) {
    nl_db_fail(db, rc, "prepare", err);
    return NULL;
  }
  return db->dates[n - 1] = st;
}

/*
** Run a cached statement that returns no rows.
*/
nl_status nl_db_exec_stmt(nl_db *db, nl_stmt_id id, nl_error *err) {
  sqlite3_stmt *st = nl_db_stmt(db, id, err);
  int rc;
  if (!st) return err ? err->code : NL_EDB;
  rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (id == NL_STMT_ROLLBACK || id == NL_STMT_ROLLBACK_TO) nl_db_keys_reset(db);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return NL_OK;
  return nl_db_fail(db, rc, nl_schema_stmt_sql(id), err);
}

/*
** May a write start now?  See nl_db_internal.h.
*/
nl_status nl_db_check_writable(nl_db *db, const char *what, nl_error *err) {
  if (db->closed) return nl_error_set(err, NL_EMISUSE, "store is closed");
  if (db->readonly)
    return nl_error_set(err, NL_EMISUSE, "%s: store was opened read-only",
                        db->path);
  if (db->in_txn)
    return nl_error_set(err, NL_EMISUSE, "%s: %s inside a transaction",
                        db->path, what);
  return NL_OK;
}

/*
** Begin a write transaction (BEGIN IMMEDIATE, so a concurrent writer waits
** the busy timeout instead of failing on a lock upgrade).
*/
nl_status nl_db_begin(nl_db *db, nl_error *err) {
  nl_status st = nl_db_check_writable(db, "transaction", err);
  if (st != NL_OK) return st;
  st = nl_db_exec_stmt(db, NL_STMT_BEGIN, err);
  if (st == NL_OK) db->in_txn = 1;
  if (st == NL_OK) nl_db_keys_check(db);
  return st;
}

/*
** Commit (ok) or roll back the write transaction.  A failed COMMIT rolls
** back, so the store never keeps half a transaction.
*/
nl_status nl_db_end(nl_db *db, int ok, nl_error *err) {
  nl_status st = NL_OK;
  if (!db->in_txn) return NL_OK;
  if (ok) st = nl_db_exec_stmt(db, NL_STMT_COMMIT, err);
  if ((!ok || st != NL_OK) && !sqlite3_get_autocommit(db->sq))
    sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  if (!ok || st != NL_OK) nl_db_keys_reset(db);
  db->in_txn = 0;
  return st;
}

/*
** Name the outlets of hosts over the store (nl_outlet_refresh), in a
** transaction of its own; see nl_db_internal.h.
*/
nl_status nl_db_refresh_outlets(nl_db *db, nl_error *err) {
  nl_status st = nl_db_begin(db, err), st2;
  if (st != NL_OK) return st;
  st = nl_outlet_refresh(db->sq, err);
  st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
  return st == NL_OK ? st2 : st;
}

/*
** Analyse and store one article, replacing one with the same id.
*/
nl_status nl_db_put_article(nl_db *db, const nl_article *a, nl_error *err) {
  nl_status st;
  int own = 0;
  if (!db || !a) return nl_error_set(err, NL_EINVAL, "put_article: NULL");
  if (db->closed) return nl_error_set(err, NL_EMISUSE, "store is closed");
  if (!a->id || !*a->id)
    return nl_error_set(err, NL_EINVAL, "%s: article without an id",
                        a->file ? a->file : "<article>");
  if (!db->in_txn) {
    st = nl_db_begin(db, err);
    if (st != NL_OK) return st;
    own = 1;
  }
  st = nl_db_insert_article(db, a, NULL, NULL, err);
  if (own) {
    nl_status st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
  return st;
}

/*
** Number of stored articles.
*/
/*
** Merge the FTS5 index into one segment; see nl_db.h.
*/
nl_status nl_db_optimize(nl_db *db, nl_error *err) {
  nl_status st;
  if (!db) return nl_error_set(err, NL_EINVAL, "optimize: NULL store");
  st = nl_db_check_writable(db, "optimize", err);
  if (st != NL_OK) return st;
  nl_db_reading(db, 0); /* a merge reads the whole index */
  /* and the indexes an interrupted bulk load left out */
  st = nl_db_restore_indexes(db, err);
  /* and the outlets' names (nl_db_put_article leaves them to settle) */
  if (st == NL_OK) st = nl_db_refresh_outlets(db, err);
  if (st == NL_OK) st = nl_db_begin(db, err);
  if (st == NL_OK) {
    st = nl_db_exec_stmt(db, NL_STMT_FTS_OPTIMIZE, err);
    {
      nl_status st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
      if (st == NL_OK) st = st2;
    }
  }
  nl_db_reading(db, 1);
  return st;
}

nl_status nl_db_count(nl_db *db, long long *n, nl_error *err) {
  sqlite3_stmt *st;
  int rc;
  *n = 0;
  if (!db) return nl_error_set(err, NL_EINVAL, "count: NULL store");
  st = nl_db_stmt(db, NL_STMT_COUNT_ARTICLES, err);
  if (!st) return err ? err->code : NL_EDB;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *n = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW ? NL_OK : nl_db_fail(db, rc, "count", err);
}
