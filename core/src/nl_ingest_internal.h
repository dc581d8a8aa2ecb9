/*
** nl_ingest_internal.h -- between the ingest driver (nl_ingest.c) and its
** loader thread (nl_ingest_thread.c).  Private to core/src.
**
** The driver walks the corpus and plans the changed files; the loader
** thread loads and analyses them in plan order and hands the results over
** a bounded channel: for each planned file, its analysed articles, then
** one end item carrying the loader's status.  Only the driver's thread
** touches SQLite.
*/
#ifndef NEWSLUA_NL_INGEST_INTERNAL_H
#define NEWSLUA_NL_INGEST_INTERNAL_H

#include <stdint.h>
#include <sys/stat.h>

#include "newslua/nl_load.h"
#include "nl_db_internal.h"

/* A changed file to store. */
typedef struct nl_plan {
  char *path, *key, *prefix; /* key: canonical path; prefix may be NULL */
  char hash[17];             /* content hash, 16 hex digits ("": not yet) */
  struct stat sb;
  size_t resume;             /* its first articles, stored by an ingest
                             ** that stopped part way (status 'partial'):
                             ** the loader skips them */
  int was_partial;           /* stored part way, whatever its content now:
                             ** no whole version to keep */
} nl_plan;

/* The size of plan[0..n) in bytes (compressed files count their file
** size, not their text's). */
static inline sqlite3_int64 nl_plan_bytes(const nl_plan *plan, size_t n) {
  sqlite3_int64 b = 0;
  size_t i;
  for (i = 0; i < n; i++)
    b += plan[i].sb.st_size > 0 ? (sqlite3_int64)plan[i].sb.st_size : 0;
  return b;
}

/* Story word sets kept for the reconciliation after the ingest (computed
** on the loader thread instead of from the stored bodies afterwards). */
#define NL_WORDS_KEPT ((16u << 20) / sizeof(uint64_t))

/* One item of the channel; free with nl_chan_item_free. */
typedef struct nl_chan_item {
  struct nl_chan_item *next;
  int end;      /* 1: end of the current file; st/err: the loader's result */
  nl_status st; /* an article item with st != NL_OK: its analysis failed */
  nl_prepared p;
  nl_error err;
} nl_chan_item;

typedef struct nl_chan nl_chan;

/*
** The id prefix (a->id becomes "<prefix>/<id>"; none if prefix is NULL)
** and the analysis of a loaded article, with the body's story words
** (p->words) when `words` is set.  Its loader's warnings that name the
** file as the ingest was given it (a->file, "../story/a.html: ...") name
** it by `canon` (its canonical path, as articles.file does; NULL: kept):
** a stored warning is read later, from any directory.  Takes `a`: on
** success p->owned is a; on failure a is freed and p cleared.
*/
nl_status nl_ingest_prepare(const char *prefix, const char *canon,
                            nl_article *a, int words, nl_prepared *p,
                            nl_error *err);

/*
** nl_hash64 of the file's bytes as 16 hex digits in hex[17] (files.hash);
** and, when `old` is not NULL, their FNV-1a in the form a store older than
** version 6 keeps (NL_OLD_HASH_PREFIX and 16 hex digits) in
** old[NL_OLD_HASH_LEN + 1], from the same read.  NL_EIO (err names the
** file) if it cannot be read.
*/
nl_status nl_ingest_hash_file(const char *path, char hex[17], char *old,
                              nl_error *err);

/*
** Load planned file e (nl_load_file with opts o, articles to fn(ctx, a)).
** A file the walk did not hash (not stored yet: e->hash "") is hashed
** from the bytes the load reads, into e->hash before fn sees its first
** article (a streaming file's 'partial' rows carry it) and whenever the
** load returns NL_OK; it stays "" when the file could not be read.
*/
nl_status nl_ingest_load(nl_plan *e, const nl_load_opts *o, nl_article_fn fn,
                         void *ctx, nl_error *err);

/* The canonical paths of the files one directory walk saw. */
typedef struct nl_seen {
  char **paths;
  size_t n, cap;
} nl_seen;

/* Remember `key` (copied); NL_ENOMEM naming it on failure. */
nl_status nl_seen_add(nl_seen *s, const char *key, nl_error *err);
void nl_seen_free(nl_seen *s);

/*
** Files deleted from a walked directory (nl_ingest_prune.c): after a
** complete, successful store, remove in one transaction the articles and
** files rows of every stored file under directory `root` that is not in
** `seen` (sorted here), then call on_file (may be NULL) for each with
** message "removed: the file is gone".  *files / *articles get the counts
** (0 on failure: the transaction is rolled back).  With gone_words (may
** be NULL), the story words of the removed articles are kept there for
** the reconciliation (nl_pd_words_add_gone).
*/
struct nl_pd_words;
nl_status nl_prune_gone(nl_db *db, const char *root, nl_seen *seen,
                        nl_file_fn on_file, void *ctx,
                        struct nl_pd_words *gone_words, size_t *files,
                        size_t *articles, nl_error *err);

/*
** The stored files under directory `root` (canonical; the rows "<root>/...")
** that are not in `seen` (sorted; NULL: all of them), appended to *out
** as '\0'-separated paths, their count added to *n.  NL_OK, NL_ENOMEM or
** the store's error.
*/
nl_status nl_ingest_files_under(nl_db *db, const char *root,
                                const nl_seen *seen, nl_buf *out, size_t *n,
                                nl_error *err);

/*
** Remove the articles (and their index entries and dates) and the files
** row of stored file `path` inside the caller's transaction, adding their
** count to *articles and keeping their story words in `gone` on the way
** (may be NULL).  NL_OK, or the store's error.
*/
nl_status nl_ingest_forget_file(nl_db *db, const char *path, size_t *articles,
                                struct nl_pd_words *gone, nl_error *err);

/*
** Start the loader thread over plan[0..n) (which must outlive the
** channel) with the load options `load` (`words`: see nl_ingest_prepare;
** `prelink`: with `words`, also keep the loaded sets and make the
** reconciliation's prelink, see nl_chan_prelink).  A plan entry with an
** empty hash (a file not stored yet) is hashed by the thread from the
** bytes it loads (nl_ingest_load), before the file's first item is
** queued; the writer reads it after that.  NL_ENOMEM or NL_EIO
** when no thread could be started (*out = NULL).
*/
nl_status nl_chan_start(nl_plan *plan, size_t n,
                        const nl_load_opts *load, int words, int prelink,
                        nl_chan **out);

/* Next item, waiting for it; NULL when the thread ended early. */
nl_chan_item *nl_chan_pop(nl_chan *c);

/* Non-zero if the thread was started to decide the first reconciliation
** ahead (a prelink, and planned files small enough to keep their rows). */
int nl_chan_deciding(const nl_chan *c);

/* Why the thread ended early (sets err); NL_EDB if it did not say. */
nl_status nl_chan_failure(nl_chan *c, nl_error *err);

/* Free an item and what it holds. Accepts NULL. */
void nl_chan_item_free(nl_chan_item *it);

/*
** Hand a stored article back (writer side; takes what p holds): the
** loader thread, which allocated it, frees it (at its next push, or as
** they come once it has loaded everything, until nl_chan_stop).
*/
void nl_chan_spent(nl_chan *c, nl_prepared *p);

/*
** The story links of the loaded articles (nl_pd_prelink_make over their
** word sets, in the order loaded; with `words` only), made by the loader
** thread once it loaded every planned file, while the writer stores the
** last of them: waits for it.  NULL if the thread made none (stopped
** early, a memory budget).  The caller owns it.
*/
struct nl_pd_prelink *nl_chan_prelink(nl_chan *c);

/*
** The first reconciliation decided ahead by the loader thread from the
** rows of the articles it loaded, their sets and the prelink
** (nl_pd_pre_decide), after the prelink: waits for it.  NULL if the
** thread made none (no prelink, a memory budget).  The caller owns it.
*/
struct nl_pd_pre *nl_chan_pre(nl_chan *c);

/* Stop the thread (it stops at its next article), free what is queued
** and the channel.  Accepts NULL. */
void nl_chan_stop(nl_chan *c);

/*
** The ingest's checkpointer (nl_ingest_ckpt.c): a thread with its own
** connection copies the write-ahead log into the store file after the
** writer's commits, in place of SQLite's auto-checkpoint on the writer's
** thread.  nl_ckpt_start returns NULL when there is none (a store in
** memory, not in WAL mode, auto-checkpoint off, no connection or thread):
** then SQLite's auto-checkpoint stays, and the other calls accept NULL.
*/
typedef struct nl_ckpt nl_ckpt;
nl_ckpt *nl_ckpt_start(nl_db *db);

/*
** The log's size, in frames, at which the writer waits for a running
** checkpoint: 64 MB, or a quarter of free_bytes if that is less (-1:
** unknown), but at least 2 * every (the frames that start a checkpoint).
** page_size <= 0 gives that floor.
*/
long long nl_ckpt_cap_frames(int every, int page_size, long long free_bytes);

/* Before the writer begins a transaction: when the log has grown large,
** wait for a running checkpoint, so that the transaction starts the log
** over (it cannot while frames remain to copy). */
void nl_ckpt_before_write(nl_ckpt *c);

/* Stop the thread (after the checkpoint the last commit asked for, if
** any), close its connection and give the writer's connection its
** auto-checkpoint back. */
void nl_ckpt_stop(nl_ckpt *c);

#endif
