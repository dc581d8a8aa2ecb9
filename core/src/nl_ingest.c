/*
** nl_ingest.c -- the ingest pipeline: files -> loader -> sentences ->
** dates -> store.
**
** Transaction policy: files are stored in batches, one write transaction
** (BEGIN IMMEDIATE) per batch; a batch ends after the file that brings it
** to BATCH_ARTICLES articles or BATCH_BYTES of body text, limits that are
** BATCH_GROWTH times larger after the first commit (the first commit
** comes early, then few commits: each one flushes FTS5's pending terms
** into a segment that must be merged later; Reuters-21578 with limits
** doubling after each commit, as before: 8 commits, 10 segments; now 5
** and 6, writer -160M instructions).  A file is wholly in or wholly out:
**   - its articles are buffered while its loader runs, and only written
**     (old version deleted, new one inserted, files row updated) once the
**     loader succeeded, so a file that fails to load changes nothing but
**     its files row (status 'failed'), and its previous version stays;
**   - a file too big to buffer (FILE_BUFFER_ARTICLES or _BYTES) is
**     written as it loads, inside a SAVEPOINT that is rolled back if its
**     loader fails.  A file new to the store (no version of it to keep)
**     is also committed every STREAM_PART articles with its files row
**     marked 'partial' (n_articles: how many are stored): a 2 GB dump is
**     not all or nothing, and the write-ahead log does not grow to its
**     size.  An ingest killed part way, stopped by opts->cancel (asked
**     after each part), or a loader that fails after a part was
**     committed, leaves those articles stored and the file partial; the
**     next ingest of the same content goes on from the first
**     article not stored (nl_plan.resume), a changed one replaces it (in
**     parts too: a partial version is no whole version to keep);
**   - a store failure (disk full, I/O error, out of memory) rolls back the
**     whole current batch and stops the ingest; committed batches stay.
** No per-file SAVEPOINT in the common case: FTS5 flushes its pending terms
** at every savepoint, which made small-file ingests 3x slower.
** A bulk load (into a store without articles, or planned files at least
** the store's size) drops the secondary indexes of
** nl_schema_drop_bulk_indexes with its first batch and builds them again
** at its end; killed before, the store stays consistent without them and
** the next ingest (or nl_db_optimize) builds them.
** Per-file reports (on_file) are delivered when their batch ends, so a
** file reported stored is stored.
** Threads: the walk decides first which files changed (stat, files row,
** content hash; a file not stored yet is hashed when it is loaded); with
** two or more, a worker thread (nl_ingest_thread.c)
** loads and analyses them in order while this thread writes, and makes
** the story links and decisions of a first reconciliation ahead
** (nl_chan_prelink, nl_chan_pre); from
** CKPT_MIN_BYTES of planned files a checkpointer thread
** (nl_ingest_ckpt.c) copies the write-ahead log into the store in place
** of SQLite's auto-checkpoint in this thread's commits.  Unchanged files
** (same size and mtime, or same content hash) cost a stat or one read and
** no write.
*/
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_ingest_internal.h"
#include "nl_ingest_state.h"

#include "nl_pubdate.h"

#define BATCH_ARTICLES 250
#define BATCH_BYTES (2u << 20)
#define BATCH_GROWTH 32
/* A file with more articles or text is written as it loads, under a
** savepoint (at which FTS5 flushes its pending terms: keep it rare). */
#define FILE_BUFFER_ARTICLES 4000
#define FILE_BUFFER_BYTES (32u << 20) /* body text and token logs */
/* A streaming file commits a part every so many articles. */
#define STREAM_PART 4000

/* Planned files from which on the ingest has a checkpointer thread
** (nl_ingest_ckpt.c): smaller ones write fewer pages than SQLite's
** auto-checkpoint waits for (1000; a store is ~3x its text). */
#define CKPT_MIN_BYTES (2u << 20)


/* Stored articles waiting to be indexed, in fts_key order, as one run:
** FTS5 starts a new segment whenever its rowid goes down, and keys follow
** publication dates, not the order articles arrive in. */
#define FTS_PENDING_BYTES (4u << 20) /* body text and token logs: 8 MB
                                     ** measured no faster at 100k, 5 MB
                                     ** more peak RSS */

/*
** Deliver the queued reports.  When the batch was rolled back (`lost` is
** its error), files reported stored are reported with that error.
*/
static void deliver(ingest *g, const nl_error *lost) {
  size_t i;
  for (i = 0; i < g->nq; i++) {
    queued *q = &g->q[i];
    nl_file_report fr;
    char msg[NL_ERROR_MSG_MAX + 32];
    fr.file = q->path;
    fr.format = q->format;
    fr.articles = q->articles;
    fr.repaired_bytes = q->repaired;
    fr.status = q->status;
    fr.message = q->msg;
    fr.done = ++g->reported;
    fr.total = !g->to_report ? 0 : g->to_report > fr.done ? g->to_report
                                                           : fr.done;
    if (lost && q->stored) {
      snprintf(msg, sizeof msg, "not stored: %s", lost->msg);
      fr.status = lost->code;
      fr.message = msg;
      fr.articles = 0;
    }
    g->o->on_file(g->o->ctx, &fr);
    nl_free(q->path);
    nl_free(q->msg);
  }
  g->nq = 0;
}

/* Queue a per-file report; `stored` ones depend on the batch committing. */
nl_status nl_ingest_report_file(ingest *g, const char *path, nl_format f,
                                size_t n, size_t repaired, nl_status st,
                                const char *msg, int stored) {
  queued *q;
  if (!g->o->on_file) return NL_OK;
  if (g->nq == g->capq) {
    queued *nq = nl_realloc(g->q, (g->capq ? 2 * g->capq : 64) * sizeof *nq);
    if (!nq) return NL_ENOMEM;
    g->q = nq;
    g->capq = g->capq ? 2 * g->capq : 64;
  }
  q = &g->q[g->nq];
  q->path = nl_strdup(path);
  q->msg = msg ? nl_strdup(msg) : NULL;
  if (!q->path || (msg && !q->msg)) {
    nl_free(q->path);
    nl_free(q->msg);
    return NL_ENOMEM;
  }
  q->format = f;
  q->articles = n;
  q->repaired = repaired;
  q->status = st;
  q->stored = stored;
  g->nq++;
  if (!g->db->in_txn) deliver(g, NULL); /* nothing pending: tell now */
  return NL_OK;
}

/* Done with a stored article. */
static void release(ingest *g, nl_prepared *p) {
  if (g->chan) nl_chan_spent(g->chan, p); /* freed by the loader thread */
  else nl_prepared_clear(p);
}

static int cmp_pending(const void *a, const void *b) {
  sqlite3_int64 x = ((const pending *)a)->key, y = ((const pending *)b)->key;
  return (x > y) - (x < y);
}

/* Forget the pending articles (their rows were rolled back). */
static void fts_drop(ingest *g) {
  size_t i;
  for (i = 0; i < g->nfts; i++) release(g, &g->fts[i].p);
  g->nfts = g->ftsbytes = 0;
}

/* Store the dates of the pending articles in the order they were
** stored, then index them in key order, in the open transaction. */
static nl_status fts_flush(ingest *g, nl_error *err) {
  nl_status st = NL_OK;
  nl_date_rows d;
  size_t i;
  d.n = 0;
  for (i = 0; i < g->nfts && st == NL_OK; i++)
    st = nl_db_dates_add(g->db, &d, g->fts[i].rowid, &g->fts[i].p, err);
  if (st == NL_OK) st = nl_db_dates_end(g->db, &d, err);
  if (st == NL_OK && g->nfts > 1)
    qsort(g->fts, g->nfts, sizeof *g->fts, cmp_pending);
  for (i = 0; i < g->nfts && st == NL_OK; i++)
    st = nl_db_index_prepared(g->db, g->fts[i].key, &g->fts[i].p, err);
  fts_drop(g);
  return st;
}

/* Keep a stored article (takes what p holds) for the next fts_flush. */
static nl_status fts_defer(ingest *g, sqlite3_int64 key, sqlite3_int64 rowid,
                           nl_prepared *p) {
  if (g->nfts == g->capfts) {
    size_t cap = g->capfts ? 2 * g->capfts : 256;
    pending *nf = nl_realloc(g->fts, cap * sizeof *nf);
    if (!nf) {
      release(g, p);
      return nl_error_set(&g->store_err, NL_ENOMEM, "%s: out of memory",
                          g->key);
    }
    g->fts = nf;
    g->capfts = cap;
  }
  g->fts[g->nfts].key = key;
  g->fts[g->nfts].rowid = rowid;
  g->fts[g->nfts++].p = *p;
  g->ftsbytes += p->art->body_len + nl_toklog_bytes(&p->toks);
  memset(p, 0, sizeof *p);
  if (g->ftsbytes >= FTS_PENDING_BYTES) return fts_flush(g, &g->store_err);
  return NL_OK;
}

static nl_status write_article(ingest *g, nl_prepared *p) {
  sqlite3_int64 rowid = 0, key = 0;
  nl_status st = nl_db_insert_prepared(g->db, p, g->key, &rowid, &key,
                                       &g->store_err);
  if (st == NL_OK) g->batch_bytes += p->art->body_len;
  if (st == NL_OK && g->o->reconcile) {
    nl_pd_words_add_tagged(&g->words, rowid, p->words, p->nwords, NL_WORDS_KEPT,
                           p->dct, p->tx, p->ntx);
    nl_pd_words_hash(&g->words, rowid, p->hash_value);
  }
  if (st != NL_OK) {
    release(g, p);
    return st;
  }
  return fts_defer(g, key, rowid, p);
}

static void free_buffered(ingest *g) {
  size_t i;
  for (i = 0; i < g->nbuf; i++) nl_prepared_clear(&g->buf[i]);
  g->nbuf = g->bufbytes = 0;
}

/* Delete the file's previous version and write the buffered articles. */
static nl_status write_buffered(ingest *g) {
  nl_status st = g->resumed || g->fresh ? NL_OK /* its stored part stays,
                                               ** or it has none */
                            : nl_db_delete_articles(g->db, NL_STMT_OLD_OF_FILE,
                                                    g->key, NULL, NULL,
                                                    &g->old, &g->store_err);
  size_t i;
  for (i = 0; i < g->nbuf; i++) {
    if (st == NL_OK) st = write_article(g, &g->buf[i]);
    else nl_prepared_clear(&g->buf[i]);
  }
  g->nbuf = g->bufbytes = 0;
  return st;
}

/* The file outgrew the buffer: open its savepoint and write as it loads
** (what earlier files left pending is indexed first, outside it). */
static nl_status start_streaming(ingest *g) {
  nl_status st = fts_flush(g, &g->store_err);
  if (st == NL_OK)
    st = nl_db_exec_stmt(g->db, NL_STMT_SAVEPOINT, &g->store_err);
  g->streaming = 1;
  if (st != NL_OK) {
    free_buffered(g);
    return st;
  }
  return write_buffered(g);
}

/*
** The first and the last file of a threaded ingest are written as their
** articles arrive, under their savepoint, instead of after their last
** one: the writer would otherwise wait for the whole first file to load
** (Reuters: 50 ms, 1/22 of the loading), and store the whole last one
** after the loader has finished.  A loader failure rolls such a file
** back (file_finish), as for a buffered file, unless a part of a big new
** file was already committed, as for a file streaming for its size.
** FTS5 flushes its pending terms at the savepoint: none are pending at
** the first file, one segment more at the last.
*/
static nl_status start_early(ingest *g) {
  g->early = 1;
  return g->store_st = start_streaming(g);
}

static nl_status commit_part(ingest *g);

/* Count the current file's articles stored since its last count (a
** committed part, or the rest): added, or replaced when it replaced an
** older version. */
static void count_stored(ingest *g) {
  size_t k = g->n - g->committed;
  if (g->old > 0) g->r->articles_replaced += k;
  else g->r->articles_added += k;
  g->r->per_format[g->format] += k;
}

/* Milliseconds of the monotonic clock. */
static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
** Tell opts->on_progress how far the current file is: at its start
** (`start`), else when progress_ms passed since the last call.  One clock
** read per article, and only with an on_progress.
*/
static void tell_progress(ingest *g, int start) {
  nl_ingest_progress p;
  uint64_t t;
  if (!g->o->on_progress || !g->cur) return;
  t = now_ms();
  if (!start && g->o->progress_ms > 0 &&
      t - g->told_ms < (uint64_t)g->o->progress_ms)
    return;
  g->told_ms = t;
  p.file = g->cur->path;
  p.index = (size_t)(g->cur - g->plan) + 1;
  p.files = g->nplan;
  p.articles = g->n;
  p.resumed = g->resumed;
  p.total = g->r->articles_added + g->r->articles_replaced + g->n -
            g->committed;
  p.size = (long long)g->cur->sb.st_size;
  p.read = g->read > (size_t)p.size ? p.size : (long long)g->read;
  g->o->on_progress(g->o->ctx, &p);
}

/*
** One analysed article of the current file (takes what p holds): buffered,
** or written at once when the file is streaming.  Sets g->store_st.
*/
static nl_status feed(ingest *g, nl_prepared *p) {
  const nl_article *a = p->art;
  nl_status st = NL_OK;
  g->format = a->format ? nl_format_from_name(a->format) : g->format;
  g->n++;
  g->repaired += a->repaired_bytes;
  if (a->file_pos > g->read) g->read = a->file_pos;
  g->filebytes += a->body_len + nl_toklog_bytes(&p->toks);
  if (g->streaming) {
    st = write_article(g, p);
    if (st == NL_OK && (g->old == 0 || (g->cur && g->cur->was_partial)) &&
        (!g->early || g->n >= FILE_BUFFER_ARTICLES ||
         g->filebytes >= FILE_BUFFER_BYTES) && /* early: once it outgrew
                                               ** the buffer, as if not */
        (g->n - g->committed >= STREAM_PART ||
         g->batch_bytes >= FILE_BUFFER_BYTES)) /* big articles: by size */
      st = commit_part(g); /* a new file: see the policy above */
  } else {
    if (g->nbuf == g->capbuf) {
      size_t cap = g->capbuf ? 2 * g->capbuf : 64;
      nl_prepared *nb = nl_realloc(g->buf, cap * sizeof *nb);
      if (!nb) {
        nl_prepared_clear(p);
        return g->store_st = nl_error_set(&g->store_err, NL_ENOMEM,
                                          "%s: out of memory", g->key);
      }
      g->buf = nb;
      g->capbuf = cap;
    }
    g->bufbytes += a->body_len + nl_toklog_bytes(&p->toks);
    g->buf[g->nbuf++] = *p;
    memset(p, 0, sizeof *p); /* moved into the buffer */
    if (g->nbuf >= FILE_BUFFER_ARTICLES || g->bufbytes >= FILE_BUFFER_BYTES)
      st = start_streaming(g);
  }
  if (st == NL_OK) tell_progress(g, 0);
  return g->store_st = st;
}

/* The loader callback of the single-threaded path. */
static int on_article(void *ctx, nl_article *a) {
  ingest *g = ctx;
  nl_prepared p;
  if (g->skip) { /* stored by an earlier ingest (nl_plan.resume) */
    g->skip--;
    nl_article_free(a);
    return 0;
  }
  nl_status st = nl_ingest_prepare(g->prefix, g->key, a, g->o->reconcile, &p,
                                   &g->store_err);
  if (st != NL_OK) g->store_st = st;
  else st = feed(g, &p);
  return st != NL_OK;
}

_Static_assert(sizeof NL_OLD_HASH_PREFIX - 1 + 16 == NL_OLD_HASH_LEN,
               "NL_OLD_HASH_LEN: the prefix and 16 hex digits");


/*
** SQLite's secure_delete (on in Debian's build of it) zeroes freed cells
** and writes freed pages to the log.  Off while the store holds no article
** but this ingest's (g->fresh): what it frees then -- FTS5 segments merged
** into larger ones, pages of emptied or rebuilt indexes, row versions the
** reconciliation updates -- is this ingest's own data, still stored in
** another form.  Back to the connection's setting (`on`) once another
** process's article may be deleted, and at the end of the ingest
** (Reuters-21578 fresh load: writer 3,263M -> 3,196M instructions).
*/
static void fast_delete(ingest *g, int on) {
  static const char *const sql[] = {"PRAGMA secure_delete = OFF",
                                    "PRAGMA secure_delete = ON",
                                    "PRAGMA secure_delete = FAST"};
  sqlite3_int64 v = -1;
  if (!on && g->secure < 0 &&
      nl_sql_int(g->db->sq, "PRAGMA secure_delete", &v) == SQLITE_OK &&
      v >= 0 && v <= 2 &&
      sqlite3_exec(g->db->sq, sql[0], NULL, NULL, NULL) == SQLITE_OK)
    g->secure = (int)v;
  if (on && g->secure >= 0 &&
      sqlite3_exec(g->db->sq, sql[g->secure], NULL, NULL, NULL) == SQLITE_OK)
    g->secure = -1;
}

/*
** Is the store still as fresh as the ingest found it, holding no article
** but its own?  At the first batch: it has no article (another process
** may have stored some since the walk); later: no other connection
** committed (PRAGMA data_version) and no ingest ran inside this one's
** callbacks.  Once not: the old versions of its files are looked up from
** then on, by articles_file, built in this batch if it was dropped (left
** out while a cursor reads: the lookups then scan).
*/
static void fresh_check(ingest *g) {
  sqlite3_int64 v = -1;
  int rc = nl_sql_int(g->db->sq, "PRAGMA data_version", &v);
  if (!g->checked)
    g->fresh = rc == SQLITE_OK && nl_db_no_articles(g->db);
  else
    g->fresh = rc == SQLITE_OK && v == g->version &&
               g->db->ingests == g->ingests;
  if (!g->checked) g->version = v;
  g->checked = 1;
  if (!g->fresh) fast_delete(g, 1);
  if (!g->fresh && !nl_sql_reading(g->db->sq))
    nl_schema_make_file_index(g->db->sq);
}

nl_status nl_ingest_batch_begin(ingest *g, nl_error *err) {
  nl_status st;
  int rc;
  if (g->db->in_txn) return NL_OK;
  g->batch_articles = g->batch_bytes = 0;
  g->snap = *g->r;
  nl_ckpt_before_write(g->ckpt);
  st = nl_db_begin(g->db, err);
  if (st == NL_OK && g->fresh) fresh_check(g);
  if (st != NL_OK || g->defer != DEFER_WANTED) return st;
  rc = nl_schema_drop_bulk_indexes(g->db->sq, g->fresh);
  if (rc != SQLITE_OK) return nl_db_fail(g->db, rc, "drop indexes", err);
  g->defer = DEFER_PENDING;
  return NL_OK;
}

/*
** End the batch: commit when `ok`, else (or if the commit fails) roll it
** all back, restore the article counts and report its stored files as
** not stored.  Returns the commit's status.
*/
static nl_status batch_end(ingest *g, int ok, nl_error *err) {
  nl_error lost = NL_ERROR_INIT;
  nl_status st = NL_OK;
  size_t i, undone = 0;
  if (ok && g->db->in_txn) st = fts_flush(g, &lost);
  fts_drop(g);
  if (g->db->in_txn) {
    nl_status end = nl_db_end(g->db, ok && st == NL_OK, st == NL_OK ? &lost
                                                                    : NULL);
    if (st == NL_OK) st = end;
  }
  if (g->defer == DEFER_PENDING) /* the drop went with the batch */
    g->defer = ok && st == NL_OK ? DEFER_DROPPED : DEFER_WANTED;
  if (ok && st == NL_OK) {
    g->batch_grow = BATCH_GROWTH; /* the first commit was early enough */
    deliver(g, NULL);
    return NL_OK;
  }
  if (!ok && err) lost = *err;
  if (ok && err) *err = lost;
  for (i = 0; i < g->nq; i++) undone += g->q[i].stored;
  g->snap.files = g->r->files;
  g->snap.files_unchanged = g->r->files_unchanged;
  g->snap.files_stale = g->r->files_stale;
  g->snap.files_failed = g->r->files_failed + undone;
  *g->r = g->snap;
  deliver(g, &lost);
  return ok ? st : NL_OK;
}

/* Run a files-table statement: ?1 key, then text/int parameters;
** NL_STMT_FILE_PUT records `status` ("ok", or "partial" while a streaming
** file is stored in parts) and the file's articles stored so far. */
static nl_status file_row_as(ingest *g, nl_stmt_id id, const char *hash,
                             const struct stat *sb, const char *fmt,
                             const char *msg, const char *status,
                             nl_error *err) {
  sqlite3_stmt *q = nl_db_stmt(g->db, id, err);
  int rc;
  sqlite3_int64 mt = (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 +
                     sb->st_mtim.tv_nsec;
  if (!q) return err ? err->code : NL_EDB;
  sqlite3_bind_text(q, 1, g->key, -1, SQLITE_STATIC);
  if (id == NL_STMT_FILE_PUT) {
    sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)sb->st_size);
    sqlite3_bind_int64(q, 4, mt);
    sqlite3_bind_text(q, 5, fmt, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, (sqlite3_int64)(g->resumed + g->n));
    sqlite3_bind_text(q, 7, msg, -1, SQLITE_STATIC); /* a loader's notes */
    sqlite3_bind_text(q, 8, status, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 9, NL_ANALYSIS_VERSION);
  } else if (id == NL_STMT_FILE_FAIL) {
    sqlite3_bind_text(q, 2, fmt, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, msg, -1, SQLITE_STATIC);
  } else { /* NL_STMT_FILE_TOUCH */
    sqlite3_bind_int64(q, 2, (sqlite3_int64)sb->st_size);
    sqlite3_bind_int64(q, 3, mt);
    sqlite3_bind_text(q, 4, hash, -1, SQLITE_STATIC);
  }
  rc = sqlite3_step(q);
  sqlite3_reset(q);
  if (rc == SQLITE_DONE && id == NL_STMT_FILE_PUT && g->forget) {
    /* its rows are new: the reconciliation re-decides them */
    sqlite3_bind_text(g->forget, 1, g->key, -1, SQLITE_STATIC);
    rc = sqlite3_step(g->forget);
    sqlite3_reset(g->forget);
  }
  return rc == SQLITE_DONE ? NL_OK : nl_db_fail(g->db, rc, "files", err);
}

nl_status nl_ingest_file_row(ingest *g, nl_stmt_id id, const char *hash,
                             const struct stat *sb, const char *fmt,
                             const char *msg, nl_error *err) {
  return file_row_as(g, id, hash, sb, fmt, msg, "ok", err);
}

/*
** Commit what a streaming file stored so far, its files row 'partial',
** and go on in a new batch under a new savepoint (see the policy above).
*/
/*
** A stop asked (opts->cancel) between two committed parts of a file
** stored in parts: no batch is open, the parts stay and the file is
** 'partial' (the next ingest goes on after them).  NL_EINTERRUPT in
** g->store_err, else NL_OK.
*/
static nl_status part_stop_asked(ingest *g) {
  if (!g->o->cancel || !g->o->cancel(g->o->ctx)) return NL_OK;
  g->snap = *g->r; /* nothing open: the final batch_end keeps the counts */
  return nl_error_set(&g->store_err, NL_EINTERRUPT, "%s: ingest stopped by "
                      "the caller (what was stored so far is kept)",
                      g->cur ? g->cur->path : g->key);
}

static nl_status commit_part(ingest *g) {
  nl_status st = fts_flush(g, &g->store_err);
  if (st == NL_OK)
    st = nl_db_exec_stmt(g->db, NL_STMT_RELEASE, &g->store_err);
  if (st == NL_OK)
    st = file_row_as(g, NL_STMT_FILE_PUT, g->cur->hash, &g->cur->sb,
                     nl_format_name(g->format), NULL, "partial",
                     &g->store_err);
  if (st == NL_OK) st = batch_end(g, 1, &g->store_err);
  if (st == NL_OK) { /* stored: counted now, a later failure keeps it */
    count_stored(g);
    g->committed = g->n;
    st = part_stop_asked(g);
  }
  if (st == NL_OK) st = nl_ingest_batch_begin(g, &g->store_err);
  if (st == NL_OK)
    st = nl_db_exec_stmt(g->db, NL_STMT_SAVEPOINT, &g->store_err);
  return st;
}

/* Before loading a changed file: open the batch, reset the file state. */
static nl_status file_start(ingest *g, nl_error *err) {
  nl_status st = nl_ingest_batch_begin(g, err);
  g->n = g->repaired = g->old = g->committed = g->filebytes = g->read = 0;
  g->resumed = g->skip = g->cur ? g->cur->resume : 0;
  g->format = NL_FORMAT_UNKNOWN;
  g->store_st = NL_OK;
  g->streaming = g->early = 0;
  if (st == NL_OK) tell_progress(g, 1);
  return st;
}

/*
** A new file stored in parts (streaming, or resumed) whose loader failed
** (lst, lerr): there is no old version to keep, so the articles read
** before the failure are stored, the file stays 'partial', and its
** report says how many articles are stored.
*/
static nl_status part_failed(ingest *g, const nl_plan *e, nl_status lst,
                             const nl_error *lerr, nl_error *err) {
  char msg[NL_ERROR_MSG_MAX + 128];
  nl_status st = g->streaming
                     ? nl_db_exec_stmt(g->db, NL_STMT_RELEASE, err)
                     : write_buffered(g); /* resumed: what is left of it */
  if (st != NL_OK) {
    if (!g->streaming && err) *err = g->store_err;
    return g->store_st = st;
  }
  snprintf(msg, sizeof msg, "%s (its first %zu articles are stored; the "
           "next ingest goes on from there)", lerr->msg, g->resumed + g->n);
  st = file_row_as(g, NL_STMT_FILE_PUT, e->hash, &e->sb,
                   nl_format_name(g->format), msg, "partial", err);
  if (st != NL_OK) return st;
  g->r->files_failed++;
  count_stored(g);
  if (nl_ingest_report_file(g, e->path, g->format, g->n, g->repaired, lst, msg,
                            0) != NL_OK)
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", e->path);
  return NL_OK;
}

/*
** After loading a changed file (its loader returned `lst`, lerr): keep
** the old version of a bad file, else write the new one; see the policy
** at the top.
*/
static nl_status file_finish(ingest *g, const nl_plan *e, nl_status lst,
                             nl_error *lerr, nl_error *err) {
  nl_status st;
  if (g->store_st == NL_OK && lst == NL_ENOMEM) {
    g->store_st = NL_ENOMEM;
    g->store_err = *lerr;
  }
  if (g->store_st == NL_OK && lst != NL_OK &&
      (g->old == 0 || (g->cur && g->cur->was_partial)) &&
      (g->streaming || g->resumed) &&
      !(g->early && !g->committed)) /* a new file stored in parts */
    return part_failed(g, e, lst, lerr, err);
  if (g->store_st == NL_OK && lst != NL_OK) { /* bad file: keep the old */
    free_buffered(g);
    if (g->streaming) {
      fts_drop(g); /* all this file's: flushed before its savepoint */
      st = nl_db_exec_stmt(g->db, NL_STMT_ROLLBACK_TO, err);
      if (st == NL_OK) st = nl_db_exec_stmt(g->db, NL_STMT_RELEASE, err);
      if (st != NL_OK) return st;
    }
    g->r->files_failed++;
    st = nl_ingest_file_row(g, NL_STMT_FILE_FAIL, NULL, &e->sb,
                            nl_format_name(g->format), lerr->msg, err);
    if (st == NL_OK && nl_ingest_report_file(g, e->path, g->format, 0, 0, lst,
                                             lerr->msg, 0) != NL_OK)
      st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", e->path);
    return st;
  }
  if (g->store_st == NL_OK && !g->streaming) g->store_st = write_buffered(g);
  if (g->store_st == NL_OK && g->streaming)
    g->store_st = nl_db_exec_stmt(g->db, NL_STMT_RELEASE, &g->store_err);
  if (g->store_st == NL_OK)
    g->store_st = nl_ingest_file_row(
        g, NL_STMT_FILE_PUT, e->hash, &e->sb, nl_format_name(g->format),
        lerr->msg[0] ? lerr->msg : NULL, &g->store_err);
  if (g->store_st != NL_OK) { /* the store failed: the batch is lost */
    free_buffered(g);
    if (err) *err = g->store_err;
    if (g->committed) { /* but its committed parts stay: say so */
      char msg[NL_ERROR_MSG_MAX + 128];
      snprintf(msg, sizeof msg, "%s (its first %zu articles are stored; "
               "the next ingest goes on from there)", g->store_err.msg,
               g->resumed + g->committed);
      g->r->files_failed++;
      nl_ingest_report_file(g, e->path, g->format, g->committed, 0, g->store_st,
                            msg, 0);
    }
    return g->store_st;
  }
  g->r->repaired_bytes += g->repaired;
  g->batch_articles += g->n - g->committed;
  count_stored(g);
  if (nl_ingest_report_file(g, e->path, g->format, g->n, g->repaired, NL_OK,
                            lerr->msg[0] ? lerr->msg : NULL, 1) != NL_OK)
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", e->path);
  if (g->batch_articles >= BATCH_ARTICLES * g->batch_grow ||
      g->batch_bytes >= BATCH_BYTES * g->batch_grow)
    return batch_end(g, 1, err);
  return NL_OK;
}


/* Did the caller ask to stop (opts->cancel)?  Then commit the batch so
** far and return NL_EINTERRUPT naming `path`; else NL_OK. */
nl_status nl_ingest_stop_asked(ingest *g, const char *path, nl_error *err) {
  nl_status st;
  if (!g->o->cancel || !g->o->cancel(g->o->ctx)) return NL_OK;
  st = batch_end(g, 1, err);
  if (st != NL_OK) return st;
  g->snap = *g->r; /* nothing open: the final batch_end keeps the counts */
  return nl_error_set(err, NL_EINTERRUPT, "%s: ingest stopped by the "
                      "caller (what was stored so far is kept)", path);
}

/* Store the planned files one after the other, on this thread. */
static nl_status store_sequential(ingest *g, nl_error *err) {
  size_t i;
  nl_status st = NL_OK;
  for (i = 0; i < g->nplan && st == NL_OK; i++) {
    nl_error lerr = NL_ERROR_INIT;
    nl_status lst;
    g->key = g->plan[i].key;
    g->prefix = g->plan[i].prefix;
    g->cur = &g->plan[i];
    st = nl_ingest_stop_asked(g, g->plan[i].path, err);
    if (st == NL_OK) st = file_start(g, err);
    if (st != NL_OK) break;
    lst = nl_ingest_load(&g->plan[i], &g->o->load, on_article, g, &lerr);
    st = file_finish(g, &g->plan[i], lst, &lerr, err);
  }
  g->key = NULL;
  g->prefix = NULL;
  g->cur = NULL;
  return st;
}

/* ------------------------------------------------------- worker thread */

/*
** A bulk load's deferred indexes are built once the files still to store
** hold at most this share of the planned bytes (end_bulk).
*/
#define BULK_END_PERCENT 10

/*
** End a bulk load early (threaded ingest, the indexes' drop committed):
** commit the batch and build the deferred indexes now, while the loader
** thread still loads the last files and prepares the reconciliation,
** instead of after it, in the ingest's tail (Reuters-21578: ~520M writer
** instructions, the tail's largest part); the last files' rows are then
** indexed as they are written.  `left` is the planned bytes of the files
** not stored yet.  A build this connection cannot run now (a cursor of
** it reading) is left to the end, as before.
*/
static nl_status end_bulk(ingest *g, sqlite3_int64 left, nl_error *err) {
  nl_status st;
  if (g->defer != DEFER_DROPPED || left * 100 > g->planned * BULK_END_PERCENT)
    return NL_OK;
  st = batch_end(g, 1, err);
  nl_ckpt_before_write(g->ckpt);
  if (st == NL_OK) st = nl_db_restore_indexes(g->db, err);
  if (st == NL_OK) g->defer = DEFER_NO;
  return st;
}

/*
** With two or more changed files, loading and analysis run on a worker
** thread (nl_ingest_thread.c) while this thread writes: the worker sends
** each file's analysed articles, then an end marker with the loader's
** result, and the store logic above is the same as on one thread.
*/
static nl_status write_from(ingest *g, nl_chan *q, nl_error *err) {
  size_t i;
  nl_status st = NL_OK;
  sqlite3_int64 left = g->planned;
  for (i = 0; i < g->nplan && st == NL_OK; i++) {
    nl_chan_item *it = NULL;
    g->key = g->plan[i].key;
    g->prefix = g->plan[i].prefix;
    g->cur = &g->plan[i];
    st = nl_ingest_stop_asked(g, g->plan[i].path, err);
    if (st != NL_OK) break;
    if (i > 0) st = end_bulk(g, left, err);
    left -= (sqlite3_int64)g->plan[i].sb.st_size;
    if (st == NL_OK) st = file_start(g, err);
    if (st == NL_OK && (i == 0 || i + 1 == g->nplan) && !g->cur->resume &&
        !g->cur->was_partial)
      start_early(g);
    while (st == NL_OK && (it = nl_chan_pop(q)) != NULL && !it->end) {
      if (it->st != NL_OK) {
        g->store_st = it->st;
        g->store_err = it->err;
      } else if (g->store_st == NL_OK) {
        feed(g, &it->p);
      }
      nl_chan_item_free(it);
      if (g->store_st == NL_EINTERRUPT) break; /* asked between two parts */
    }
    if (st != NL_OK) break;
    if (g->store_st == NL_EINTERRUPT) { /* the rest of the file unread */
      nl_error none = NL_ERROR_INIT;
      st = file_finish(g, &g->plan[i], NL_OK, &none, err);
      break;
    }
    if (!it) { /* the worker stopped without an end marker */
      free_buffered(g);
      st = nl_chan_failure(q, err);
      break;
    }
    st = file_finish(g, &g->plan[i], it->st, &it->err, err);
    nl_chan_item_free(it);
  }
  g->key = NULL;
  g->prefix = NULL;
  g->cur = NULL;
  return st;
}

/* Store the planned files with loading and analysis on a worker thread.
** On success the thread stays (g->chan): it frees what the last batch
** stored and makes the reconciliation's prelink; nl_db_ingest stops it. */
static nl_status store_threaded(ingest *g, nl_error *err) {
  nl_chan *q;
  nl_status st;
  /* a prelink only serves a first reconciliation over exactly the articles
  ** loaded: not worth its copy of the sets and its story scan otherwise */
  int prelink = g->o->reconcile && nl_pubdate_first(g->db) &&
                nl_db_no_articles(g->db);
  if (nl_chan_start(g->plan, g->nplan, &g->o->load, g->o->reconcile, prelink,
                    &q) != NL_OK)
    return store_sequential(g, err);
  /* a loader deciding ahead keeps the dates for its decisions: the
  ** writer's copy would only serve a reconciliation that cannot take them
  ** (it tags those bodies again: same result) */
  if (nl_chan_deciding(q)) g->words.xfull = 1;
  g->chan = q;
  st = write_from(g, q, err);
  if (st != NL_OK) { /* stop loading at once */
    g->chan = NULL;
    nl_chan_stop(q);
  }
  return st;
}

/* The reconciliation of this ingest (see nl_db_ingest), with the loader's
** prelink and decisions when it is a first one (the loader made them while
** the writer stored the last files). */
static nl_status reconcile(ingest *g, nl_error *err) {
  /* the articles the loader thread made and the writer stored are freed:
  ** give their pages back before the reconciliation builds its tables
  ** (1M articles: peak RSS 253 -> 237 MiB) */
  nl_alloc_release();
  if (g->chan && nl_pubdate_first(g->db)) {
    g->words.link = nl_chan_prelink(g->chan);
    g->words.pre = nl_chan_pre(g->chan);
  }
  return nl_pubdate_reconcile_words(g->db, &g->words, err);
}



/*
** A bulk load -- into a store without articles, or of planned files at
** least as big as the store -- writes its rows without the secondary
** indexes of nl_schema_drop_bulk_indexes and builds them at its end (one
** sort each instead of a b-tree insert per row).  articles_file stays
** unless the store is fresh (no article): it finds a file's old articles.
*/
static int defer_indexes(ingest *g) {
  return g->nplan > 0 &&
         (g->fresh || g->planned >= nl_db_bytes(g->db));
}

/* Did this ingest store a bulk load (NL_BULK_LOAD_ARTICLES and at least
** half of the store)?  A failed count says no. */
static int bulk_load(nl_db *db, const nl_ingest_report *r) {
  size_t stored = r->articles_added + r->articles_replaced;
  long long total = 0;
  if (stored < NL_BULK_LOAD_ARTICLES) return 0;
  if (nl_db_count(db, &total, NULL) != NL_OK) return 0;
  return (long long)stored * 2 >= total;
}

/*
** The ingest's last phases (index builds, pruning, reconciliation, the
** index merge) run long statements: opts->cancel is asked every
** CANCEL_STEPS of SQLite's virtual-machine steps there, and a stop
** interrupts the statement (SQLITE_INTERRUPT: its transaction rolls back,
** what was stored stays, the next ingest does the phase again).
*/
#define CANCEL_STEPS 10000

static int cancel_step(void *ctx) {
  const nl_ingest_opts *o = ctx;
  return o->cancel(o->ctx) != 0;
}

/*
** Load, analyse and store everything under `path`; see nl_db.h.
*/
nl_status nl_db_ingest(nl_db *db, const char *path, const nl_ingest_opts *opts,
                       nl_ingest_report *report, nl_error *err) {
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  ingest g;
  nl_status st, st2;
  memset(&r, 0, sizeof r);
  if (report) *report = r;
  if (!db || !path) return nl_error_set(err, NL_EINVAL, "ingest: NULL");
  st = nl_db_check_writable(db, "ingest", err);
  if (st != NL_OK) return st;
  if (opts) o = *opts;
  nl_db_reading(db, 0); /* a bulk write; back at the end */
  memset(&g, 0, sizeof g);
  g.db = db;
  g.o = &o;
  g.r = &r;
  g.batch_grow = 1;
  g.store = realpath(db->path, NULL); /* NULL for ":memory:" */
  st = nl_ingest_follow_home(&g, err);
  if (st == NL_OK) st = nl_ingest_walk(&g, path, 1, err);
  if (st == NL_OK) st = nl_ingest_dedupe_plan(&g, err);
  /* told, waiting, then one a planned file */
  g.to_report = g.reported + g.nq + g.nplan;
  g.planned = nl_plan_bytes(g.plan, g.nplan);
  g.ingests = ++db->ingests;
  g.secure = -1;
  if (st == NL_OK && g.nplan > 0) g.fresh = nl_db_no_articles(db);
  if (g.fresh) fast_delete(&g, 0);
  /* the old versions are looked up by articles_file: a killed bulk load
  ** into an empty store left it out */
  if (st == NL_OK && g.nplan > 0 && !g.fresh)
    st = nl_db_restore_file_index(db, err);
  if (st == NL_OK && defer_indexes(&g)) { /* and keys from a map */
    g.defer = DEFER_WANTED;
    nl_db_keys_start(db);
  }
  /* a checkpointer thread when the log may reach a checkpoint */
  if (st == NL_OK && g.planned >= CKPT_MIN_BYTES)
    g.ckpt = nl_ckpt_start(db);
  /* a reconciliation's snapshot (none yet: the next one takes every
  ** article) forgets the files this ingest rewrites */
  if (st == NL_OK && g.nplan > 0 && !g.fresh &&
      sqlite3_prepare_v2(db->sq, nl_sql_pubdate_forget, -1, &g.forget,
                         NULL) != SQLITE_OK)
    g.forget = NULL;
  if (st == NL_OK && g.nplan > 1) st = store_threaded(&g, err);
  else if (st == NL_OK) st = store_sequential(&g, err);
  nl_ingest_free_plan(&g);
  st2 = batch_end(&g, st == NL_OK, err);
  if (st == NL_OK) st = st2;
  nl_db_keys_stop(db);
  if (o.cancel) sqlite3_progress_handler(db->sq, CANCEL_STEPS, cancel_step, &o);
  /* the bulk-load indexes: this load's (also after a failure: what
  ** committed) or those a killed one left out -- built here, by the
  ** process that writes anyway, not at open, where a reader opening
  ** read-write could build them under another process's bulk load */
  if (!db->in_txn && st != NL_EINTERRUPT) {
    st2 = nl_db_restore_indexes(db, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
  free_buffered(&g);
  fts_drop(&g);
  nl_free(g.buf);
  nl_free(g.fts);
  nl_free(g.q);
  if (st == NL_OK && g.pruning && !g.walk_partial) {
    size_t files = 0, articles = 0; /* (added to a move's: follow_home) */
    st = nl_prune_gone(db, path, &g.seen, o.on_file, o.ctx,
                       o.reconcile ? &g.words : NULL, &files, &articles, err);
    r.files_removed += files;
    r.articles_removed += articles;
  }
  nl_seen_free(&g.seen);
  free(g.store); /* from realpath(): the C library's allocator */
  if (report) *report = r;
  /* only when something changed: an unchanged re-ingest writes nothing
  ** -- unless a killed ingest left its changes unreconciled */
  if (st == NL_OK && o.reconcile &&
      (r.articles_added || r.articles_replaced || r.articles_removed ||
       nl_pubdate_pending(db))) {
    if (o.on_phase) o.on_phase(o.ctx, "reconcile");
    st = reconcile(&g, err);
  }
  nl_chan_stop(g.chan);
  g.chan = NULL;
  nl_pd_words_free(&g.words);
  if (st == NL_OK &&
      (o.optimize > 0 || (o.optimize < 0 && bulk_load(db, &r)))) {
    if (o.on_phase) o.on_phase(o.ctx, "merge");
    st = nl_db_optimize(db, err); /* (the outlets' names too) */
    r.optimized = st == NL_OK;
    if (report) *report = r;
  } else if (st == NL_OK) {
    /* the outlets' names over the store: also after an unchanged run, for
    ** one killed before it got here (nothing to write: nothing written) */
    st = nl_db_refresh_outlets(db, err);
  }
  sqlite3_progress_handler(db->sq, 0, NULL, NULL);
  nl_ckpt_stop(g.ckpt);
  sqlite3_finalize(g.forget);
  fast_delete(&g, 1);
  nl_db_reading(db, 1);
  return st;
}
