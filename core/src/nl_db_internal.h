/*
** nl_db_internal.h -- private layout of nl_db and nl_cursor, the SQL
** statement table of nl_schema.c, and the cross-file store APIs used by
** nl_db.c, nl_cursor.c, nl_ingest*.c and the publication-date reconciler
** (nl_pubdate_db.c).  Never included from core/include.
**
** Schema (user_version NL_SCHEMA_VERSION; SQL text in nl_schema.c):
**   files(path PK, hash, size, mtime, format, n_articles, status, message,
**         analysis)
**     analysis (version 7): the NL_ANALYSIS_VERSION of the newslua that
**     stored the file's articles (0: older than version 7's newslua).
**     path is the canonical (realpath) file name, the file's identity;
**     articles.file_key is that name (NULL for articles stored by
**     nl_db_put_article), and so is articles.file of the rows an ingest
**     stores; rows stored before kept the path as that ingest's command
**     spelled it, relative to its working directory then ("story/a.txt"),
**     which no later reader can resolve: every query reads an article's
**     file as NL_SQL_FILE, its file_key when it has one.
**   articles(rowid, id UNIQUE, file, file_key, item, format, source, title, url,
**            author, language, published, published_source,
**            published_evidence, meta_published, body, paragraphs,
**            warnings, meta, content_hash, sentences, fts_key)
**   articles.sentences: the sentence spans as a JSON array of
**     [start, end] byte pairs (one value per article, not a row per
**     sentence: 15% of the writer's time at ingest); the view
**     sentences(article, idx, start, end) unfolds it (json_each).
**   annotations(article -> articles.rowid, kind ('date'), start, end,
**               type, value, mod, flags, anchor, sentence)
**     PRIMARY KEY(article, kind, start, end), WITHOUT ROWID; index
**     annotations_value(value) WHERE kind = 'date' (version 4; version 3
**     had (kind, value), and is read as it is, migrated when written).
**   articles.fts_key (version 5, UNIQUE index articles_fts_key): the
**     article's row key in fts, in publication-date order (nl_fts_key.h).
**   files.hash, articles.content_hash: nl_hash64 as 16 hex digits (version
**     6; FNV-1a before, see NL_OLD_HASH_PREFIX below).
**   fts: FTS5 over articles(title, body), external content (content=
**        'articles', content_rowid='fts_key'), detail=full.  nl_db_insert_article and
**        nl_db_delete_articles keep it in step with explicit statements
**        (triggers open statement savepoints, at which FTS5 flushes its
**        pending terms: 2.5x slower); only an UPDATE of title/body is
**        handled by a trigger.  So insert and delete articles only
**        through these two functions.
** Foreign keys are off (PRAGMA foreign_keys = OFF, nl_db.c: the check
** cost ~1.9k instructions per date row at ingest), so the REFERENCES
** clause of annotations.article does not cascade: nl_db_delete_articles
** deletes an article's annotations and FTS rows itself (its sentences are
** a column of it).
**   pubdate_files(path PK, hash, size, mtime): the files table as of the
**     last publication-date reconciliation (nl_pubdate_db.c), created by
**     its first run; not part of the versioned schema.
**   nl_meta(key PK, value): key 'home', the folder a store kept in
**     <folder>/.newslua/ indexes (nl_ingest_move.c), created by the first
**     ingest into such a store; not part of the versioned schema either.
*/
#ifndef NEWSLUA_NL_DB_INTERNAL_H
#define NEWSLUA_NL_DB_INTERNAL_H

#include <sqlite3.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_cursor.h"
#include "newslua/nl_timex.h"
#include "newslua/nl_db.h"
#include "nl_fts5.h"

#define NL_SCHEMA_VERSION 8

/* An article's file name as every query reads it (table alias `a`): the
** canonical path it was ingested from, whatever the row's `file` says
** (see the schema above). */
#define NL_SQL_FILE "coalesce(a.file_key, a.file)"

/*
** files.hash and articles.content_hash are nl_hash64 (XXH64) as 16 hex
** digits since version 6.  A file hash kept from an older store (FNV-1a,
** nl_fnv64, which version 6 cannot recompute: the file is outside the
** store) reads NL_OLD_HASH_PREFIX and its 16 hex digits, in files and
** pubdate_files alike; the ingest compares such a file's FNV-1a and then
** stores its new hash (nl_ingest.c).
*/
#define NL_OLD_HASH_PREFIX "fnv1a:"
#define NL_OLD_HASH_LEN 22 /* strlen(NL_OLD_HASH_PREFIX) + 16 */

/* Cached prepared statements (SQL text in nl_schema.c, same order). */
typedef enum nl_stmt_id {
  NL_STMT_BEGIN,          /* BEGIN IMMEDIATE */
  NL_STMT_COMMIT,
  NL_STMT_ROLLBACK,
  NL_STMT_SAVEPOINT,      /* SAVEPOINT nl_file */
  NL_STMT_RELEASE,        /* RELEASE nl_file */
  NL_STMT_ROLLBACK_TO,    /* ROLLBACK TO nl_file */
  NL_STMT_FILE_GET,       /* ?1 path -> hash, size, mtime, status, n */
  NL_STMT_FILE_PUT,       /* upsert a files row; ?8 status ok|partial */
  NL_STMT_FILE_FAIL,      /* mark failed, keep the old hash invalid */
  NL_STMT_FILE_TOUCH,     /* same bytes: update size/mtime (and hash) */
  NL_STMT_OLD_OF_FILE,    /* ?1 file key -> rowid, title, body, fts_key */
  NL_STMT_OLD_OF_ID,      /* ?1 id -> rowid, title, body, fts_key */
  NL_STMT_FTS_DELETE,     /* ?1 fts_key, ?2 title, ?3 body: unindex */
  NL_STMT_DELETE_ROWID,   /* ?1 rowid */
  NL_STMT_ID_OWNER,       /* ?1 id -> file of the article with that id */
  NL_STMT_INSERT_ARTICLE, /* insert article, 21 parameters */
  NL_STMT_DELETE_DATES,   /* dates of article rowid ?1 */
  NL_STMT_ARTICLE_BODY,   /* rowid ?1 -> body */
  NL_STMT_SENTENCE_SPANS, /* rowid ?1 -> start, end in idx order */
  NL_STMT_COUNT_ARTICLES,
  NL_STMT_INSERT_FTS,     /* ?1 fts_key, ?2 title, ?3 body */
  NL_STMT_FTS_OPTIMIZE,   /* merge the FTS5 index into one segment */
  NL_STMT_FILES_UNDER,    /* stored file paths in (?1, ?2), in order */
  NL_STMT_FILE_DELETE,    /* ?1 path: forget a files row */
  NL_STMT_DELETE_ANNOTATIONS, /* every annotation of article rowid ?1 */
  NL_STMT_KEY_MAX,        /* ?1 lo, ?2 hi -> max fts_key in [lo, hi] */
  NL_STMT_KEY_ROW,        /* ?1 rowid -> fts_key, published, title, body */
  NL_STMT_KEY_SET,        /* ?1 rowid, ?2 new fts_key */
  NL_STMT_N
} nl_stmt_id;

/* SQL of a cached statement. */
const char *nl_schema_stmt_sql(nl_stmt_id id);

/* Rows of the largest date insert (nl_db_dates_stmt). */
#define NL_DATE_ROWS 16

/*
** The SQL inserting `n` (1..NL_DATE_ROWS) date annotations in one
** statement, appended to `out`: n rows of 9 parameters (article, start,
** end, type, value, mod, flags, anchor, sentence), INSERT OR IGNORE.
*/
void nl_schema_dates_sql(size_t n, nl_buf *out);

/*
** Create the schema in an empty database, or check an existing one
** (user_version; a newer version is refused).  Runs inside the caller's
** transaction.  Returns NL_OK or NL_EDB (err names the path).
*/
nl_status nl_schema_apply(sqlite3 *db, const char *path, int readonly,
                          nl_error *err);

/* Non-zero if `db` has the current schema version (no migration due). */
int nl_schema_current(sqlite3 *db);

/*
** The secondary indexes a bulk load defers (articles_published,
** articles_source and annotations_value, and articles_file when `file`;
** nl_schema.c): drop them (kept while nl_sql_reading), create those
** missing (all four; or articles_file alone: nl_schema_make_file_index;
** in the caller's transaction; SQLite result codes), and count the
** missing ones into *missing.  nl_schema_has_file_index: 0 if the store
** lacks articles_file (1 if it cannot tell); nl_schema_has_source_index
** the same for articles_source.
*/
int nl_schema_drop_bulk_indexes(sqlite3 *db, int file);
int nl_schema_make_bulk_indexes(sqlite3 *db);
int nl_schema_make_file_index(sqlite3 *db);
int nl_schema_has_file_index(sqlite3 *db);
int nl_schema_has_source_index(sqlite3 *db);
int nl_schema_bulk_indexes_missing(sqlite3 *db, int *missing);

/*
** Non-zero if a statement of `db` is in the middle of its rows (a cursor
** in a loop): schema changes (DROP/CREATE INDEX) fail then, with
** SQLITE_LOCKED.  The cached statements are reset after each use.
*/
int nl_sql_reading(sqlite3 *db);

/*
** The first column of the first row of `sql` (no parameters) into *v,
** left as it is when there is no row; an SQLite result code.
*/
int nl_sql_int(sqlite3 *db, const char *sql, sqlite3_int64 *v);

/*
** Build the bulk-load indexes that are missing (an ingest dropped them and
** did not reach its end), in a write transaction of its own; NL_OK at
** once when none is missing, or while a query of this connection reads
** (built by a later ingest).  Refuses inside a transaction.
*/
nl_status nl_db_restore_indexes(nl_db *db, nl_error *err);

/*
** Build articles_file alone if it is missing (a bulk load into an empty
** store was killed), as nl_db_restore_indexes does: before an ingest
** looks up the old versions of its files by it.
*/
nl_status nl_db_restore_file_index(nl_db *db, nl_error *err);

/* Tune the connection for queries (on, the default of every connection:
** a memory map, a 32 MiB page cache) or for a bulk write (off: pread, a
** 4 MiB page cache); see nl_db.c. */
void nl_db_reading(nl_db *db, int on);

/*
** Name each host's outlet over the whole store and write the names into
** the articles that take them (nl_outlet.h), in a transaction of its own:
** the end of every ingest, and nl_db_optimize.  Nothing is written when no
** name changes.
*/
nl_status nl_db_refresh_outlets(nl_db *db, nl_error *err);

/* The store's size in bytes (page_count * page_size), 0 if unknown. */
sqlite3_int64 nl_db_bytes(nl_db *db);

/* Non-zero if the store has no article (a failed lookup says 0). */
int nl_db_no_articles(nl_db *db);

/* SQL text for the cursors (built by nl_cursor.c around these parts). */
extern const char nl_sql_articles_cols[];
/* An article's outlet as an expression over articles `a` (nl_outlet.h),
** and the queries of nl_db_sources and nl_db_outlets (formats: the
** filter's conditions, once and three times). */
extern const char nl_sql_outlet[];
extern const char nl_sql_sources_of[];
extern const char nl_sql_outlets_of[];
extern const char nl_sql_outlet_nocase[]; /* the outlet filter, ASCII */
extern const char nl_sql_article_dotted_cols[];
extern const char nl_sql_search_head[];
/* nl_sql_search_head's columns as a printf format: the rank expression,
** the article columns and the FROM part (%s each). */
extern const char nl_sql_search_hit_row[];
extern const char nl_sql_search_join[]; /* " FROM fts JOIN articles a ...
                                        ** WHERE fts MATCH ?1" */
extern const char nl_sql_dates_head[];
extern const char nl_sql_sentences[];
extern const char nl_sql_article_exists[];
/* The source filter's condition, one %d (its parameter): a value in ASCII
** (NOCASE, by articles_source), another one by caseless forms with
** articles_source, or without it (nl_schema.c). */
extern const char nl_sql_source_nocase[];
extern const char nl_sql_source_folded[];
extern const char nl_sql_source_folded_scan[];

/*
** SQL text of the publication-date reconciliation (nl_pubdate_db.c):
** article rows and updates, the bodies in rowid order, and the lazily
** created snapshot pubdate_files (make, any, changed articles, stale,
** any file, save: two statements, for sqlite3_exec).
*/
extern const char nl_sql_pubdate_warn[];
extern const char nl_sql_pubdate_update[];
extern const char nl_sql_pubdate_row[];
extern const char nl_sql_pubdate_row_head[];
extern const char nl_sql_pubdate_bodies[];
extern const char nl_sql_pubdate_prints[];
extern const char nl_sql_pubdate_redecide[];
extern const char nl_sql_pubdate_snap_make[];
extern const char nl_sql_pubdate_snap_any[];
extern const char nl_sql_pubdate_changed[];
extern const char nl_sql_pubdate_stale[];
extern const char nl_sql_pubdate_any_file[];
extern const char nl_sql_pubdate_forget[];
extern const char nl_sql_pubdate_snap_save[];

struct nl_db {
  sqlite3 *sq;       /* NULL once closed */
  char *path;
  int readonly;
  int closed;        /* nl_db_close was called */
  int ncursors;      /* live cursors; the struct outlives close while > 0 */
  int in_txn;        /* nl_db_begin depth (0 or 1) */
  sqlite3_stmt *stmt[NL_STMT_N];
  sqlite3_stmt *dates[NL_DATE_ROWS]; /* [n-1]: insert n dates at once */
  struct nl_keys *keys; /* a bulk load's key map (nl_db_keys.c), or NULL */
  unsigned ingests;     /* nl_db_ingest calls begun (nl_ingest.c) */
};

struct nl_cursor {
  nl_db *db;
  sqlite3_stmt *st;
  unsigned long long list_mask; /* columns reported as NL_COL_LIST */
  unsigned long long bool_mask; /* ... and as NL_COL_BOOL */
  int pending;       /* first step already done: its result is `pending_rc` */
  int pending_rc;
  int done;
  int ncols;
  struct nl_plan *plan; /* a date-ordered search's plan (nl_cursor.c), or
                        ** NULL: then `st` alone yields the rows */
};

/* The SQLite connection (NULL once closed).  For nl_pubdate_db.c. */
sqlite3 *nl_db_sqlite(nl_db *db);

/*
** The cached statement `id`, reset and with bindings cleared; NULL with
** err set (NL_EDB) if it cannot be prepared.
*/
sqlite3_stmt *nl_db_stmt(nl_db *db, nl_stmt_id id, nl_error *err);

/*
** Translate an SQLite failure on `db` into an nl_status with err set to
** "<what>: <sqlite message>" (NL_EBUSY for locked, NL_ENOMEM, NL_EIO for
** disk full / I/O / read-only, NL_EDB otherwise).
*/
nl_status nl_db_fail(nl_db *db, int rc, const char *what, nl_error *err);

/*
** The cached statement inserting n (1..NL_DATE_ROWS) dates at once,
** reset with cleared bindings; NULL with err set if it cannot be prepared.
*/
sqlite3_stmt *nl_db_dates_stmt(nl_db *db, size_t n, nl_error *err);

/* Run one cached statement with no result rows (BEGIN, COMMIT, ...). */
nl_status nl_db_exec_stmt(nl_db *db, nl_stmt_id id, nl_error *err);

/*
** Open / close a write transaction (BEGIN IMMEDIATE).  nl_db_end commits
** when `ok`, else rolls back.  Refuses (NL_EMISUSE) a read-only store.
*/
nl_status nl_db_begin(nl_db *db, nl_error *err);

/*
** NL_OK if a write may start now; else NL_EMISUSE naming the store: it is
** closed, read-only, or a transaction is open (`what` names the
** operation in that message: "ingest", "optimize", ...).
*/
nl_status nl_db_check_writable(nl_db *db, const char *what, nl_error *err);
nl_status nl_db_end(nl_db *db, int ok, nl_error *err);

/* An article with its analysis, ready to insert. */
typedef struct nl_prepared {
  const nl_article *art; /* the article (borrowed, or == owned) */
  nl_article *owned;     /* freed by nl_prepared_clear, may be NULL */
  nl_span *sents;        /* sentence spans (nl_sentences) */
  size_t nsent;
  nl_timex *tx;          /* dates resolved against art->published */
  size_t ntx;
  char dct[11];          /* the DCT they were resolved against: the day of
                            art->published, "" if none or refused */
  nl_buf warn;           /* analysis warnings, a '\n' list */
  /* The article's stored lists, built with the analysis (off the
  ** writer's thread): */
  nl_buf spans;          /* sentence spans, JSON [[start,end],...] */
  nl_buf par, meta;      /* paragraphs and meta lists */
  nl_buf warnings;       /* article warnings, then `warn` */
  char hash[17];         /* content hash of the body, 16 hex digits */
  uint64_t hash_value;   /* the same hash as a number (0: none yet) */
  nl_toklog toks;        /* index terms of title and body, replayed into
                            FTS5 by the writer (tokenize once) */
  uint64_t *words;       /* the body's story words (nl_story_words, unique,
                            sorted) when the ingest reconciles, else NULL */
  size_t nwords;
} nl_prepared;

/*
** Analyse `a` (borrowed; it must outlive p): sentences and dates against
** its publication date.  Analysis failures other than out-of-memory
** become warnings.  Touches no store, so it may run on another thread
** than the one using the db.  Release p with nl_prepared_clear (also on
** failure).
*/
nl_status nl_db_prepare(const nl_article *a, nl_prepared *p, nl_error *err);

/* Free what p holds, including p->owned.  Accepts NULL. */
void nl_prepared_clear(nl_prepared *p);

/*
** Insert an analysed article (as nl_db_insert_article, without the
** analysis) inside the caller's transaction.  With key_out NULL it is
** indexed and its dates stored at once; else *key_out gets its fts_key
** and the caller indexes it later in the same transaction with
** nl_db_index_prepared, and stores its dates with nl_db_dates_add (p
** alive until then): FTS5 starts a new segment whenever its rowid goes
** down, so an ingest indexes many articles at once in key order, and
** their dates fill whole statements.
*/
nl_status nl_db_insert_prepared(nl_db *db, const nl_prepared *p,
                                const char *file_key, sqlite3_int64 *rowid,
                                sqlite3_int64 *key_out, nl_error *err);

/*
** Date rows gathered into statements of NL_DATE_ROWS rows, across
** articles: a statement's start and end cost ~5k instructions, where an
** article has 3.3 dates on average (Reuters-21578).  Start with n = 0;
** nl_db_dates_add adds the dates of article p (stored as `rowid`; p
** alive until nl_db_dates_end), stepping each full statement;
** nl_db_dates_end steps the rest.  Inside the caller's transaction.
*/
typedef struct nl_date_rows {
  sqlite3_int64 rowid[NL_DATE_ROWS];
  const nl_timex *tx[NL_DATE_ROWS];
  sqlite3_int64 sent[NL_DATE_ROWS]; /* its sentence's index, -1: none */
  size_t n;
} nl_date_rows;

nl_status nl_db_dates_add(nl_db *db, nl_date_rows *d, sqlite3_int64 rowid,
                          const nl_prepared *p, nl_error *err);
nl_status nl_db_dates_end(nl_db *db, nl_date_rows *d, nl_error *err);

/* Index article p, inserted by nl_db_insert_prepared, under `key`. */
nl_status nl_db_index_prepared(nl_db *db, sqlite3_int64 key,
                               const nl_prepared *p, nl_error *err);

/*
** The key map of a bulk load (nl_db_keys.c): nl_db_fts_key reads the
** largest key of a minute from it instead of the store, with exactly the
** result the store gives.  nl_db_keys_start turns it on (no-op when out
** of memory: the store is asked as before), nl_db_keys_stop off and frees
** it.  While on: nl_db_keys_max puts into *max the largest key of the
** range nl_db_fts_key asks about that starts at lo (1: the undated keys,
** else a minute's first key), 0 if none, and returns 1 -- or 0 when the
** map cannot tell (then ask the store, and tell nl_db_keys_found what it
** said).  nl_db_keys_took: the connection stored `key`; nl_db_keys_forget:
** it deleted or changed the row of `key`; nl_db_keys_reset: a rollback
** (to a savepoint, too) undid what the map learnt; nl_db_keys_check (at
** each BEGIN): forget it all if another connection committed since it
** was read.
*/
void nl_db_keys_start(nl_db *db);
void nl_db_keys_stop(nl_db *db);
int nl_db_keys_max(nl_db *db, sqlite3_int64 lo, sqlite3_int64 *max);
void nl_db_keys_found(nl_db *db, sqlite3_int64 lo, sqlite3_int64 max);
void nl_db_keys_took(nl_db *db, sqlite3_int64 key);
void nl_db_keys_forget(nl_db *db, sqlite3_int64 key);
void nl_db_keys_reset(nl_db *db);
void nl_db_keys_check(nl_db *db);

/*
** A new fts_key (nl_fts_key.h) for an article published at `published`
** (may be NULL): the next free key of its minute, or of the next minutes
** of its day; the next undated key.  NL_EDB when the day is full.
*/
nl_status nl_db_fts_key(nl_db *db, const char *published, sqlite3_int64 *key,
                        nl_error *err);

/*
** After article `rowid`'s published value changed: when its fts_key no
** longer fits (another minute, dated <-> undated), move its index entry
** to a new key.  Runs in the caller's transaction.
*/
nl_status nl_db_rekey(nl_db *db, sqlite3_int64 rowid, nl_error *err);

/*
** Analyse `a` (sentences, dates against its published date) and insert it
** with its sentences and dates, inside the caller's transaction.
** `file_key` is the canonical path of the file being ingested (NULL when
** storing a single article).  With file_key NULL an article with the same
** id is replaced; otherwise an id clash gets a deterministic suffix
** ("~" + 6 hex of the file path hash, then "~2", ...) and a warning.
** *rowid (may be NULL) receives the new rowid.
*/
nl_status nl_db_insert_article(nl_db *db, const nl_article *a,
                               const char *file_key, sqlite3_int64 *rowid,
                               nl_error *err);

/*
** Re-resolve the dates of article `article_rowid` against `dct`
** (YYYY-MM-DD..., or NULL for none): its date annotations are deleted and
** re-tagged from the stored body, with their sentence indexes.  Runs in
** the caller's transaction.  For nl_pubdate_reconcile.
*/
nl_status nl_db_retag_dates(nl_db *db, sqlite3_int64 article_rowid,
                            const char *dct, nl_error *err);

/*
** The dates of body[0..len) resolved against `dct` (as nl_db_retag_dates
** tags them; no SQLite: callable on any thread).  *tx (free with
** nl_free_mem) and *ntx; a tagger failure other than NL_ENOMEM gives no
** dates.  NL_OK or NL_ENOMEM.
*/
nl_status nl_db_tag_dates(const char *body, size_t len, const char *dct,
                          nl_timex **tx, size_t *ntx, nl_error *err);

/*
** Replace the date annotations of article `rowid` by tx[0..ntx) (from
** nl_db_tag_dates of its body), with their sentence indexes.  Runs in the
** caller's transaction.
*/
nl_status nl_db_set_dates(nl_db *db, sqlite3_int64 rowid, const nl_timex *tx,
                          size_t ntx, nl_error *err);

/* Given the body of each article nl_db_delete_articles deletes, before it
** goes; a failure stops the deletion with that status. */
typedef nl_status (*nl_body_fn)(void *ctx, const char *body, size_t len,
                                nl_error *err);

/*
** Delete the articles selected by `sel` (NL_STMT_OLD_OF_FILE with a file
** key, or NL_STMT_OLD_OF_ID with an id), their FTS entries and their
** annotations (no cascade: foreign keys are off), calling `each` (may be
** NULL) with each one's body on the way.  *n (may be NULL) gets how many.
** Runs in the caller's transaction.
*/
nl_status nl_db_delete_articles(nl_db *db, nl_stmt_id sel, const char *key,
                                nl_body_fn each, void *ctx, size_t *n,
                                nl_error *err);

/* Wrap a prepared statement in a new cursor (takes the statement); its
** columns named as a date's flag bits (absolute, relative, ...) read as
** NL_COL_BOOL. */
nl_status nl_cursor_wrap(nl_db *db, sqlite3_stmt *st,
                         unsigned long long list_mask, nl_cursor **out,
                         nl_error *err);

/* Called by nl_cursor_free: drop one cursor reference to db. */
void nl_db_unref(nl_db *db);

#endif
