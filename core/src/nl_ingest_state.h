/*
** nl_ingest_state.h -- the state of one nl_db_ingest, shared by its two
** halves (private to the ingest): the walk that plans the changed files
** (nl_ingest_walk.c) and the store that writes them (nl_ingest.c).
*/
#ifndef NL_INGEST_STATE_H
#define NL_INGEST_STATE_H

#include <stdint.h>
#include <sys/stat.h>

#include "nl_db_internal.h"
#include "nl_ingest_internal.h"
#include "nl_pubdate.h"

/* Directories nested deeper are not walked (reported, nothing pruned). */
#define NL_WALK_DEPTH 64

/* An article stored but not yet indexed, nor its dates (its fts_key,
** rowid, what it holds). */
typedef struct pending {
  sqlite3_int64 key, rowid;
  nl_prepared p;
} pending;

/* A per-file report waiting for its batch to end. */
typedef struct queued {
  char *path, *msg;
  nl_format format;
  size_t articles, repaired;
  nl_status status;
  int stored; /* needs the batch to commit to be true */
} queued;

typedef struct ingest {
  nl_db *db;
  const nl_ingest_opts *o;
  nl_ingest_report *r;
  nl_ingest_report snap; /* r when the batch began */
  size_t batch_articles, batch_bytes;
  size_t batch_grow;   /* batch limits are BATCH_* times this: 1 until
                       ** the first commit, then BATCH_GROWTH */
  const char *key;     /* canonical path of the current file */
  const char *root;    /* the walked directory, NULL for a single file */
  char *store;         /* canonical path of the store file, or NULL */
  char *prefix;        /* id prefix: the file's directory under root */
  size_t n, repaired;  /* articles and repaired bytes of the current file */
  size_t read;         /* its bytes read when its last article came
                       ** (nl_article.file_pos; progress only) */
  const nl_plan *cur;  /* the file being stored */
  size_t resumed;      /* its articles stored by an earlier ingest */
  size_t skip;         /* single thread: of those, still to skip */
  size_t committed;    /* n when its last part was committed (streaming) */
  nl_format format;
  nl_status store_st;  /* a store failure inside the article callback */
  nl_error store_err;
  nl_prepared *buf;    /* the current file's articles, not yet written */
  size_t nbuf, capbuf, bufbytes;
  int streaming;       /* the file outgrew buf: written under a savepoint */
  int early;           /* streaming from its first article, not for its
                       ** size (start_early): kept all or nothing until
                       ** its first committed part */
  size_t filebytes;    /* the current file's text and token logs so far */
  size_t old;          /* articles of the file's previous version */
  queued *q;
  size_t nq, capq;
  int depth;
  struct {
    dev_t dev;
    ino_t ino;
  } walking[NL_WALK_DEPTH]; /* the directories being walked, outermost
                            ** first (a symlink back to one is a loop) */
  int pruning;         /* a directory walk: remember the files seen */
  nl_seen seen;        /* canonical paths of the files the walk saw */
  int walk_partial;    /* a directory could not be read: prune nothing */
  nl_plan *plan;       /* changed files, stored after the walk */
  size_t nplan, capplan;
  nl_pd_words words;   /* stored articles' story words, for reconciling */
  int defer;           /* bulk-load indexes (see defer_indexes): DEFER_* */
  int fresh;           /* the store holds no article but this ingest's:
                       ** no old versions to look up (see fresh_check) */
  int checked;         /* fresh_check has run */
  int secure;          /* the connection's secure_delete before the
                       ** ingest (0, 1, 2: fast), -1 while not turned off
                       ** (see fast_delete) */
  sqlite3_int64 version; /* PRAGMA data_version at the first check */
  unsigned ingests;    /* db->ingests when this ingest began */
  nl_chan *chan;       /* the loader thread's channel, NULL without one */
  size_t reported;     /* per-file reports delivered */
  size_t to_report;    /* reports in all once the walk is done, else 0 */
  pending *fts;        /* stored, to index at the next fts_flush */
  size_t nfts, capfts, ftsbytes;
  nl_ckpt *ckpt;       /* the checkpointer, or NULL */
  sqlite3_stmt *forget; /* nl_sql_pubdate_forget, NULL without a snapshot */
  sqlite3_int64 planned; /* bytes of the planned files (after the walk) */
  uint64_t told_ms;    /* when on_progress was last called (monotonic) */
} ingest;

/* The bulk-load indexes during an ingest (nl_schema_drop_bulk_indexes). */
enum {
  DEFER_NO,      /* kept: rows are indexed as they are written */
  DEFER_WANTED,  /* to drop at the next batch's start */
  DEFER_PENDING, /* dropped in the open batch (undone by its rollback) */
  DEFER_DROPPED  /* dropped and committed: built again at the end */
};

/* ---- nl_ingest.c: the store ------------------------------------------ */

/* Queue a per-file report for on_file; `stored` ones are delivered as
** stored only if their batch commits.  NL_ENOMEM or NL_OK. */
nl_status nl_ingest_report_file(ingest *g, const char *path, nl_format f,
                                size_t n, size_t repaired, nl_status st,
                                const char *msg, int stored);

/* Open the batch (a transaction) unless one is open; its first also drops
** the bulk-load indexes when the ingest defers them. */
nl_status nl_ingest_batch_begin(ingest *g, nl_error *err);

/* Write the files row of the current file (g->key): NL_STMT_FILE_PUT
** (status "ok"), NL_STMT_FILE_FAIL or NL_STMT_FILE_TOUCH, with `hash`,
** the stat of the file, its format and a loader's message. */
nl_status nl_ingest_file_row(ingest *g, nl_stmt_id id, const char *hash,
                             const struct stat *sb, const char *fmt,
                             const char *msg, nl_error *err);

/* Did the caller ask to stop (opts->cancel)?  Then commit the batch so far
** and return NL_EINTERRUPT naming `path`; else NL_OK. */
nl_status nl_ingest_stop_asked(ingest *g, const char *path, nl_error *err);

/* ---- nl_ingest_move.c: a store that moved with its folder ------------ */

/* For a store at <folder>/.newslua/<file> (g->store): when it recorded
** another folder (the folder was moved or copied with it), rename its
** stored paths under the old folder to the new one in one transaction,
** counting g->r->files_moved (a file stored under both paths loses its
** old-path articles: files_removed, articles_removed); then, or when it
** recorded none, record this folder.  Nothing for a store elsewhere.
** NL_OK, or the store's error (rolled back, counts as they were). */
nl_status nl_ingest_follow_home(ingest *g, nl_error *err);

/* ---- nl_ingest_walk.c: the walk -------------------------------------- */

/* Walk `path` (a file, or a directory when `top` or recursing), adding
** each changed file to g->plan and reporting unchanged, skipped and
** unreadable ones; touched files get their new size and mtime.  NL_OK, or
** the store's or the caller's stop (the walk's own failures are
** reported per file). */
nl_status nl_ingest_walk(ingest *g, const char *path, int top, nl_error *err);

/* Keep the first of the planned files that share a file key (a file
** reached by two paths).  NL_OK or NL_ENOMEM. */
nl_status nl_ingest_dedupe_plan(ingest *g, nl_error *err);

/* Free g->plan. */
void nl_ingest_free_plan(ingest *g);

#endif
