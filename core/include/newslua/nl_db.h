/*
** nl_db.h -- the store: one SQLite file with articles, sentences,
** annotations (dates, ...) and the FTS5 index fed by nl_tokenize.
**
** All writes happen in transactions: a failed or killed ingest leaves the
** previous state intact.  Re-ingesting an unchanged file does nothing
** (content hash); a changed file replaces its old articles.  The database
** runs in WAL mode with a busy timeout, so readers never see a half-written
** ingest.  One nl_db belongs to one thread.
*/
#ifndef NEWSLUA_NL_DB_H
#define NEWSLUA_NL_DB_H

#include <stddef.h>

#include "newslua/nl_article.h"
#include "newslua/nl_error.h"
#include "newslua/nl_load.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_db nl_db;

typedef struct nl_db_opts {
  int readonly;        /* open read-only (default 0) */
  int busy_timeout_ms; /* default 10000 */
  /* Called once, before a read-write open upgrades a store of an older
  ** schema version `from` to `to` (NULL: not told).  An upgrade can take
  ** minutes on a large store (4 -> 5 builds the full-text index again:
  ** 4 min for a million articles; 5 -> 6 rewrites every article with its
  ** new content hash: 0.2 s for 21,578), so tools say what is happening.
  ** A version-5 store also opens read-only, as it is. */
  void (*on_upgrade)(void *ctx, const char *path, int from, int to);
  void *ctx;
} nl_db_opts;

#define NL_DB_OPTS_INIT { 0, 10000, NULL, NULL }

/*
** For programs that own their process (the newslua interpreter, the
** benchmarks): call once at start, before any other use of newslua or
** SQLite.  Turns off SQLite's process-wide memory statistics, which take a
** global mutex on every SQLite allocation (~3% of an ingest's writer).
** Returns NL_OK, or NL_EMISUSE when SQLite was already initialized (then
** nothing changed).  Libraries and hosts that use SQLite themselves need
** not call it.
*/
nl_status nl_process_init(void);

/*
** Open (creating if needed, unless readonly) the store at `path`; ":memory:"
** gives a private in-memory store.  The parent directory of `path` is
** created if missing (not read-only: a store that is not there, or whose
** folder is not, is NL_ENOTFOUND "<path>: no such store"; one that cannot
** be opened or created is NL_EIO).  Registers the "newslua" FTS5 tokenizer
** and creates or checks the schema.  On failure *out = NULL and err names
** the path.
*/
nl_status nl_db_open(const char *path, const nl_db_opts *opts, nl_db **out,
                     nl_error *err);

/* Close the store (sqlite3_close_v2: open cursors keep it alive as a
** zombie until they are freed).  Accepts NULL. */
void nl_db_close(nl_db *db);

/* Path the store was opened with (owned by db). */
const char *nl_db_path(const nl_db *db);

/*
** The analysis an ingest stores with each article (dates, sentences,
** paragraphs, publication date and its evidence) is this newslua's; a
** store records, per file, the NL_ANALYSIS_VERSION that made it (0: a
** newslua older than this mark).  It goes up whenever a newslua finds
** something else in the same bytes; an ingest does not read an unchanged
** file again, so it counts the files analysed by an older one
** (nl_ingest_report.files_stale), and nl_ingest_opts.force brings them up
** to date.
*/
#define NL_ANALYSIS_VERSION 12

typedef struct nl_ingest_report {
  size_t files;             /* files looked at */
  size_t files_unchanged;   /* skipped: same content hash as stored */
  size_t files_failed;      /* skipped with an error (see on_file) */
  size_t articles_added;    /* new articles stored */
  size_t articles_replaced; /* articles of changed files, replaced */
  size_t repaired_bytes;    /* invalid bytes repaired */
  size_t per_format[NL_FORMAT_COUNT]; /* articles per format */
  size_t files_removed;     /* stored files gone from the walked directory */
  size_t articles_removed;  /* their articles, removed from the store */
  int optimized;            /* the index was merged at the end (bulk load) */
  size_t files_stale;       /* of files_unchanged, those whose articles an
                               older newslua analysed (stored with an
                               NL_ANALYSIS_VERSION below this one's) */
  size_t files_moved;       /* files the store knew (stored, or failed)
                               renamed to the new place of the folder a
                               store in <folder>/.newslua/ was moved (or
                               copied) with, see nl_db_ingest */
} nl_ingest_report;

/*
** How far the ingest is in the file it stores (nl_ingest_opts.on_progress):
** valid during the call only.
*/
typedef struct nl_ingest_progress {
  const char *file;     /* the file being stored, as walked */
  size_t index, files;  /* it is the index-th (from 1) of `files` changed
                           files this ingest stores */
  size_t articles;      /* its articles read so far by this ingest (buffered
                           or written: a file is stored whole, or in parts
                           when big and new, see nl_db_ingest) */
  size_t resumed;       /* its first articles, stored by an earlier ingest
                           that stopped part way: this one goes on at
                           article resumed + 1 (0: from the start) */
  size_t total;         /* articles this ingest stored so far, all files,
                           this one's read so far included */
  long long size;       /* the file's size in bytes (compressed: as stored
                           on disk) */
  long long read;       /* bytes of it its loader had read when the last
                           article stored came (nl_article.file_pos): read
                           * 100 / size is how far it is; 0 when its loader
                           does not say (JSON Lines, Reuters SGML and
                           streamed feeds say; loaders that read their text
                           whole do not) */
} nl_ingest_progress;

typedef struct nl_ingest_opts {
  nl_load_opts load;
  nl_file_fn on_file; /* per-file report (may be NULL) */
  void *ctx;          /* passed to on_file */
  int reconcile;      /* run publication-date reconciliation (default 1) */
  int optimize;       /* merge the index at the end: 1 always, 0 never,
                         -1 (default) after a bulk load, see nl_db_ingest */
  int prune;          /* remove files gone from a walked directory
                         (default 1), see nl_db_ingest */
  int (*cancel)(void *ctx); /* may be NULL; asked (with ctx) before each
                         walked entry and each file stored, after each
                         committed part of a big new file, and every
                         10,000 SQLite steps of the final phases (index
                         builds, pruning, reconciliation, index merge; it
                         must not use the store there): non-zero stops
                         the ingest (NL_EINTERRUPT), see nl_db_ingest */
  void (*on_phase)(void *ctx, const char *phase); /* may be NULL; told
                         (with ctx) as each long phase after the last file
                         starts: "reconcile" (publication dates across
                         stories), "merge" (the index merged into one
                         segment) -- a phase with nothing to do is not
                         told; it must not use the store */
  int force;          /* read every file again, unchanged ones too, and
                         store what this build makes of it (default 0):
                         after an upgrade, its dates and sentences for the
                         whole store, see nl_db_ingest */
  void (*on_progress)(void *ctx, const nl_ingest_progress *p); /* may be
                         NULL; told (with ctx) as each changed file starts
                         (articles 0) and, while it is read, after an
                         article at most every progress_ms: a 2 GB dump
                         takes minutes.  Called on the thread that runs
                         nl_db_ingest (never the loader's); it must not use
                         the store.  A stop it wants goes through cancel,
                         asked after each committed part of a big new file
                         and before the next file */
  int progress_ms;    /* least time between two on_progress calls within a
                         file (default 250; 0: after every article) */
} nl_ingest_opts;

#define NL_INGEST_OPTS_INIT                                                  \
  { NL_LOAD_OPTS_INIT, NULL, NULL, 1, -1, 1, NULL, NULL, 0, NULL, 250 }

/* A bulk load: at least this many articles stored by one ingest, and at
** least half of the store's articles. */
#define NL_BULK_LOAD_ARTICLES 50000

/*
** Load, analyse (sentences, dates) and store everything under `path` (a
** file or directory, walked in byte order of names, hidden entries
** skipped; ids as nl_load_path gives them, "business/001").  Every file is
** wholly stored or not at all: files are written in batched transactions
** (about 1000 articles or 8 MB each); a file that fails to load is
** reported via on_file and skipped, keeping its previous version, and the
** rest go on.  Unchanged files (same size and mtime, or same content
** hash) are reported with message "unchanged" and cost no write, unless
** opts->force: then every file is read and replaced as a changed one
** (its articles analysed again: what a newer build tags differently is
** stored, and the articles are reconciled again).  An id
** already used by another file gets "~" + 6 hex digits of the file's path
** hash appended, with a warning on the article.  on_file reports arrive
** when their batch is committed.  When `path` is a directory, the walk
** read every subdirectory, nothing failed and opts->prune is set, stored
** files under `path` that the walk no longer finds are removed with their
** articles, in one transaction (on_file gets "removed: the file is gone";
** report->files_removed / articles_removed).  A store in the default
** place, <folder>/.newslua/<file>, records its folder; when the folder
** was moved (or copied with the store), the ingest first renames the
** stored paths under the old folder to the new one where those files are
** (report->files_moved; a file the store took in again at its new path
** loses its old-path copy: files_removed), in one transaction, so the
** files are found unchanged, not new.  Afterwards, if anything changed and
** opts->reconcile, publication dates are reconciled across stories (see
** nl_pubdate.h) and dates of articles whose DCT changed are re-resolved.
** A bulk load (into a store without articles, or of files at least the
** store's size) writes without the published and source indexes and
** sorts them in at its end; any an earlier, killed load left out are
** built at the end too (the store is valid without them, only slower to
** query).  Last, after a bulk load (opts->optimize -1) or when asked (1),
** the full-text index is merged as nl_db_optimize does
** (report->optimized).
** `report` (may be NULL) receives counts.  Returns NL_OK unless the store
** itself fails (NL_EDB, NL_EBUSY, NL_ENOMEM, NL_EIO for disk full: the
** current batch is rolled back, earlier batches stay), the store was
** opened read-only (NL_EMISUSE) or `path` does not exist (NL_ENOTFOUND).
** When opts->cancel says stop, the batch so far is committed and the
** ingest returns NL_EINTERRUPT (no pruning, reconciliation or index
** building: the next ingest picks up where it stopped); asked after a
** part of a big new file, the parts so far stay and the file is left
** 'partial', reported as not wholly stored, and the next ingest goes on
** after them; asked in a final phase, that phase's transaction is rolled
** back (the files stay stored) and the next ingest does it again.
*/
nl_status nl_db_ingest(nl_db *db, const char *path, const nl_ingest_opts *opts,
                       nl_ingest_report *report, nl_error *err);

/*
** Analyse and store one article (takes no ownership).  Replaces an article
** with the same id.  Runs in its own transaction unless one is open.
** NL_EMISUSE on a read-only store, NL_EIO when the disk is full (nothing
** written), NL_EINVAL for an article without id.
*/
/* (Its outlet is what it says alone -- a host, for a source that is one
** -- until the next ingest or nl_db_optimize names the hosts' outlets over
** the store.) */
nl_status nl_db_put_article(nl_db *db, const nl_article *a, nl_error *err);

/*
** Merge the full-text index into one segment (FTS5 'optimize'), so that
** searches seek one b-tree instead of one per segment: after a bulk load
** of 10^6 articles, date-ordered searches get several times faster.  The
** merge rewrites the index (about 90 s at 10^6 articles) in one
** transaction: a kill leaves the previous index.  First builds the
** published and source indexes if a killed bulk load left them out, and
** settles the outlets' names (nl_db_outlets) over the store.
** NL_EMISUSE on a closed or read-only store or inside a transaction.
*/
nl_status nl_db_optimize(nl_db *db, nl_error *err);

/* Number of stored articles. */
nl_status nl_db_count(nl_db *db, long long *n, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
