/*
** nl_ingest_ckpt.c -- the ingest's checkpointer: a thread with its own
** connection to the store that copies the write-ahead log into the
** database file after the writer's commits, in place of SQLite's
** auto-checkpoint, which ran it on the writer's thread inside COMMIT
** (reading the log, writing the pages, two fdatasync calls: the writer,
** the ingest's critical path, waited for all of it).
**
** The log starts over only at a write transaction that begins when every
** frame is copied, so a writer that keeps committing while checkpoints
** run beside it would grow the log without end: before it begins a
** transaction (nl_ckpt_before_write) it waits for a running checkpoint
** once the log holds nl_ckpt_cap_frames frames or more.
**
** Crash safety is SQLite's: a checkpoint is one whichever connection runs
** it, and a commit is durable as before (synchronous = NORMAL).  Whatever
** the log holds at the end is copied by the next commit's auto-checkpoint
** or at close, as before.  See nl_ingest_internal.h.
*/
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_ingest_internal.h"

/*
** When the writer waits.  Before its next transaction, for a running
** checkpoint, once the log holds cap frames: the log then starts over.
** Waiting at every commit cost a Reuters-21578 ingest 70-100 ms of both
** threads idle (on this machine's disk, 14% of its wall time), so the log
** may grow to CKPT_ROOM_BYTES -- but to no more than a quarter of the
** disk space free when the ingest starts, and never below CKPT_CAP times
** the frames that start a checkpoint (SQLite's auto-checkpoint left about
** that much): an ingest that fits on a nearly full disk still fits.
*/
#define CKPT_CAP 2
#define CKPT_ROOM_BYTES (64u << 20)

/* See nl_ingest_internal.h. */
long long nl_ckpt_cap_frames(int every, int page_size, long long free_bytes) {
  long long least = (long long)CKPT_CAP * every, room = CKPT_ROOM_BYTES;
  if (free_bytes >= 0 && free_bytes / 4 < room) room = free_bytes / 4;
  if (page_size <= 0) return least;
  return room / page_size > least ? room / page_size : least;
}

struct nl_ckpt {
  nl_db *db;
  sqlite3 *own;       /* the checkpointer's connection */
  pthread_mutex_t mu;
  pthread_cond_t wake, idle;
  int every;          /* frames that start a checkpoint */
  long long cap;      /* frames at which the writer waits (see above) */
  int frames;         /* frames in the log after the last commit */
  int want, busy, stop;
  pthread_t th;
};

/* sqlite3_wal_hook callback (writer's thread, after each commit). */
static int on_commit(void *arg, sqlite3 *sq, const char *name, int frames) {
  nl_ckpt *c = arg;
  (void)sq;
  (void)name;
  pthread_mutex_lock(&c->mu);
  c->frames = frames;
  if (frames >= c->every && !c->want) {
    c->want = 1;
    pthread_cond_signal(&c->wake);
  }
  pthread_mutex_unlock(&c->mu);
  return SQLITE_OK;
}

static void *ckpt_main(void *arg) {
  nl_ckpt *c = arg;
  pthread_mutex_lock(&c->mu);
  while (!c->stop || c->want) { /* a commit's checkpoint runs, as before */
    if (!c->want) {
      pthread_cond_wait(&c->wake, &c->mu);
      continue;
    }
    c->want = 0;
    c->busy = 1;
    pthread_mutex_unlock(&c->mu);
    /* PASSIVE: copies what no reader needs, never waits for the writer;
    ** a failure (busy, I/O) leaves the frames for a later checkpoint */
    sqlite3_wal_checkpoint_v2(c->own, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
                              NULL);
    pthread_mutex_lock(&c->mu);
    c->busy = 0;
    pthread_cond_broadcast(&c->idle);
  }
  pthread_mutex_unlock(&c->mu);
  return NULL;
}

/* The writer connection's auto-checkpoint setting (frames), or 0 if it is
** off or cannot be read. */
static int autocheckpoint(sqlite3 *sq) {
  sqlite3_int64 v = 0;
  return nl_sql_int(sq, "PRAGMA wal_autocheckpoint", &v) == SQLITE_OK &&
                 v > 0 && v < (1 << 30)
             ? (int)v
             : 0;
}

/* Is the store's journal a write-ahead log? */
static int in_wal(sqlite3 *sq) {
  sqlite3_stmt *q = NULL;
  int wal = 0;
  if (sqlite3_prepare_v2(sq, "PRAGMA journal_mode", -1, &q, NULL) ==
          SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW) {
    const char *m = (const char *)sqlite3_column_text(q, 0);
    wal = m && strcmp(m, "wal") == 0;
  }
  sqlite3_finalize(q);
  return wal;
}

/* The checkpointer's connection to the store file `path`, its log open
** (a connection opens it at its first read); NULL on failure. */
static sqlite3 *open_own(const char *path) {
  sqlite3 *own = NULL;
  if (sqlite3_open_v2(path, &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK ||
      sqlite3_exec(own, "PRAGMA schema_version", NULL, NULL, NULL) !=
          SQLITE_OK) {
    sqlite3_close(own);
    return NULL;
  }
  return own;
}

/* Start ckpt_main with every signal blocked: the host's handlers (lua.c's
** ^C hook) run on its own threads, not on this one.  0 on success. */
static int start_thread(nl_ckpt *c) {
  sigset_t all, old;
  int rc;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  rc = pthread_create(&c->th, NULL, ckpt_main, c);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return rc;
}

/*
** Room for the checkpointer's connection (two descriptors: the store and
** its log) beside the loader's files: not under a descriptor limit of
** fewer than CKPT_MIN_FDS, where it took what the loader then lacked
** (`ulimit -n 8`: every file failed "Too many open files").
*/
#define CKPT_MIN_FDS 64
static int fds_to_spare(void) {
  struct rlimit rl;
  return getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY ||
         rl.rlim_cur >= CKPT_MIN_FDS;
}

/* The store's page size in bytes, 0 if it cannot be read. */
static int store_page_size(sqlite3 *sq) {
  sqlite3_int64 v = 0;
  return nl_sql_int(sq, "PRAGMA page_size", &v) == SQLITE_OK && v > 0 &&
                 v <= 65536
             ? (int)v
             : 0;
}

/* Bytes free to an unprivileged writer on the file system of `path`, -1
** if unknown. */
static long long disk_free_bytes(const char *path) {
  struct statvfs fs;
  if (statvfs(path, &fs) != 0) return -1;
  return (long long)fs.f_bavail * (long long)fs.f_frsize;
}

/*
** Start the checkpointer of `db` (the writer's store): see
** nl_ingest_internal.h.
*/
nl_ckpt *nl_ckpt_start(nl_db *db) {
  const char *path = sqlite3_db_filename(db->sq, "main");
  int every = autocheckpoint(db->sq);
  nl_ckpt *c;
  /* two threads in SQLite at once: not with a library built without its
  ** mutexes (SQLITE_THREADSAFE=0), where auto-checkpoint stays */
  if (!sqlite3_threadsafe() || !path || !path[0] || !every ||
      !in_wal(db->sq) || !fds_to_spare())
    return NULL;
  if (!(c = nl_calloc(1, sizeof *c))) return NULL;
  c->db = db;
  c->every = every;
  c->cap = nl_ckpt_cap_frames(every, store_page_size(db->sq),
                              disk_free_bytes(path));
  if (!(c->own = open_own(path))) {
    nl_free(c);
    return NULL;
  }
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->wake, NULL);
  pthread_cond_init(&c->idle, NULL);
  if (start_thread(c) != 0) {
    pthread_cond_destroy(&c->wake);
    pthread_cond_destroy(&c->idle);
    pthread_mutex_destroy(&c->mu);
    sqlite3_close(c->own);
    nl_free(c);
    return NULL;
  }
  sqlite3_wal_hook(db->sq, on_commit, c); /* replaces the auto-checkpoint */
  return c;
}

/* Before the writer begins a transaction: see nl_ingest_internal.h. */
void nl_ckpt_before_write(nl_ckpt *c) {
  if (!c) return;
  pthread_mutex_lock(&c->mu);
  while ((c->busy || c->want) && c->frames >= c->cap)
    pthread_cond_wait(&c->idle, &c->mu);
  pthread_mutex_unlock(&c->mu);
}

/* Stop the checkpointer (after the checkpoint a commit asked for, as
** SQLite's auto-checkpoint ran it in the commit): see
** nl_ingest_internal.h. */
void nl_ckpt_stop(nl_ckpt *c) {
  if (!c) return;
  sqlite3_wal_autocheckpoint(c->db->sq, c->every); /* SQLite's hook again */
  pthread_mutex_lock(&c->mu);
  c->stop = 1;
  pthread_cond_signal(&c->wake);
  pthread_mutex_unlock(&c->mu);
  pthread_join(c->th, NULL);
  sqlite3_close(c->own);
  pthread_cond_destroy(&c->wake);
  pthread_cond_destroy(&c->idle);
  pthread_mutex_destroy(&c->mu);
  nl_free(c);
}
