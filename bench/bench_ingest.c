/*
** bench_ingest.c -- ingest throughput of newslua against plain SQLite FTS5.
**
** usage: bench_ingest CORPUS_PATH WORKDIR [LABEL [norec]]
**
** With "norec" the ingest runs without the publication-date
** reconciliation (nl_ingest_opts.reconcile = 0).
**
** 1. newslua: nl_db_ingest(CORPUS_PATH) into WORKDIR/newslua.db (load +
**    tokenize + sentences + dates + index), timed.
** 2. The same title+body text, extracted by our loaders into memory (not
**    timed), inserted into plain FTS5 (unicode61) in WORKDIR/plain.db in one
**    transaction, timed.
** Prints one table row: articles, MB of text, seconds and MB/s of each, and
** the ratio plain_seconds / newslua_seconds (>= 1.0: newslua is as fast).
** On stderr, CPU seconds: of the newslua ingest's writer (this thread)
** and of the rest of the process (its loader thread), and of the plain
** insert -- steadier than wall seconds on a shared machine.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "newslua/newslua.h"
#ifdef NL_USE_MIMALLOC
#define ALLOCATOR "mimalloc"
#else
#define ALLOCATOR "libc malloc"
#endif

typedef struct doc {
  char *title, *body;
} doc;

typedef struct docs {
  doc *v;
  size_t n, cap;
  size_t bytes;
} docs;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of clock `id` (a thread's or the process's). */
static double cpu(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *copy_or_empty(const char *s) {
  return s ? strdup(s) : strdup("");
}

static int collect(void *ctx, nl_article *a) {
  docs *d = ctx;
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 1024;
    d->v = realloc(d->v, d->cap * sizeof *d->v);
    if (!d->v) return 1;
  }
  d->v[d->n].title = copy_or_empty(a->title);
  d->v[d->n].body = copy_or_empty(a->body);
  d->bytes += strlen(d->v[d->n].title) + strlen(d->v[d->n].body);
  d->n++;
  nl_article_free(a);
  return 0;
}

static long long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static void rm_db(const char *path) {
  char p[4096];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

static double plain_fts5(const docs *d, const char *path) {
  sqlite3 *db;
  sqlite3_stmt *st;
  size_t i;
  double t0;
  rm_db(path);
  if (sqlite3_open(path, &db) != SQLITE_OK) return -1;
  t0 = now();
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
               "CREATE VIRTUAL TABLE t USING fts5(title, body);"
               "BEGIN;", 0, 0, 0);
  sqlite3_prepare_v2(db, "INSERT INTO t(title, body) VALUES (?, ?)", -1, &st,
                     0);
  for (i = 0; i < d->n; i++) {
    sqlite3_bind_text(st, 1, d->v[i].title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, d->v[i].body, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT;", 0, 0, 0);
  sqlite3_close(db);
  return now() - t0;
}

int main(int argc, char **argv) {
  const char *corpus, *work, *label;
  char ours[4096], plain[4096];
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts io = NL_INGEST_OPTS_INIT;
  nl_ingest_report rep;
  nl_load_opts lo = NL_LOAD_OPTS_INIT;
  docs d = { 0 };
  double t0, t_ours, t_plain, mb, w0, p0, w_ours, p_ours, c_plain;
  nl_process_init(); /* as the newslua interpreter does */
  if (argc < 3) {
    fprintf(stderr,
            "usage: bench_ingest CORPUS_PATH WORKDIR [LABEL [norec]]\n");
    return 2;
  }
  corpus = argv[1];
  work = argv[2];
  label = argc > 3 ? argv[3] : corpus;
  if (argc > 4 && strcmp(argv[4], "norec") == 0) io.reconcile = 0;
  snprintf(ours, sizeof ours, "%s/newslua.db", work);
  snprintf(plain, sizeof plain, "%s/plain.db", work);

  if (nl_load_path(corpus, &lo, collect, NULL, &d, &err) != NL_OK) {
    fprintf(stderr, "bench_ingest: %s\n", err.msg);
    return 1;
  }
  mb = (double)d.bytes / 1e6;

  rm_db(ours);
  t0 = now();
  w0 = cpu(CLOCK_THREAD_CPUTIME_ID);
  p0 = cpu(CLOCK_PROCESS_CPUTIME_ID);
  if (nl_db_open(ours, NULL, &db, &err) != NL_OK ||
      nl_db_ingest(db, corpus, &io, &rep, &err) != NL_OK) {
    fprintf(stderr, "bench_ingest: %s\n", err.msg);
    return 1;
  }
  nl_db_close(db);
  t_ours = now() - t0;
  w_ours = cpu(CLOCK_THREAD_CPUTIME_ID) - w0;
  p_ours = cpu(CLOCK_PROCESS_CPUTIME_ID) - p0;

  w0 = cpu(CLOCK_THREAD_CPUTIME_ID);
  t_plain = plain_fts5(&d, plain);
  c_plain = cpu(CLOCK_THREAD_CPUTIME_ID) - w0;

  printf("| %-14s | %8zu | %7.1f | %8.2f | %7.1f | %8.2f | %7.1f | %5.2f | %6.1f | %6.1f |\n",
         label, d.n, mb, t_ours, mb / t_ours, t_plain, mb / t_plain,
         t_plain / t_ours, (double)file_size(ours) / 1e6,
         (double)file_size(plain) / 1e6);
  fprintf(stderr, "%s cpu: newslua writer %.3f s, loader %.3f s; plain "
          "%.3f s (" ALLOCATOR ")\n", label, w_ours, p_ours - w_ours,
          c_plain);
  return 0;
}
