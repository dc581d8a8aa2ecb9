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
** The two run in NEWSLUA_BENCH_ROUNDS interleaved rounds (default 5), so
** that both see the same minutes of a shared machine.
** Prints one table row: articles, MB of text, the median seconds and MB/s
** of each, the median of the rounds' ratios plain_seconds /
** newslua_seconds (>= 1.0: newslua is as fast), the two stores' sizes,
** and the median of the rounds' CPU ratios: newslua's CPU seconds (both
** threads) over plain's.  On stderr, the rounds'
** range of ratios and the median CPU seconds: of the newslua ingest's
** writer (this thread) and of the rest of the process (its loader
** thread), and of the plain insert.
** With NEWSLUA_BENCH_PHASES=1, each newslua round also prints on stderr
** when (wall seconds from its start) the first and the last file's
** reports came, each final phase started, the ingest returned and the
** store closed: where the time goes that the two threads do not share.
**
** usage: bench_ingest --capacity CORPUS_PATH
**
** How much two threads get done on this machine against one: the
** corpus's text tokenized (nl_tokenize) by one thread alone, then by two
** at once, each the same work.  Prints one line, "capacity X": the two
** threads' work per second over the one's (2.00 on two free cores; less
** where the cores share a physical core or the host is busy).  An ingest
** that spends C times plain FTS5's CPU can be at best X / C times as fast
** as plain's one thread.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <pthread.h>
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
  char p[4096 + 8]; /* path + "-wal" */
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

/* The phase trace of one round (NEWSLUA_BENCH_PHASES). */
typedef struct trace {
  double t0, first, last, reconcile, merge;
} trace;

static void trace_file(void *ctx, const nl_file_report *r) {
  trace *t = ctx;
  (void)r;
  if (t->first == 0) t->first = now() - t->t0;
  t->last = now() - t->t0;
}

static void trace_phase(void *ctx, const char *phase) {
  trace *t = ctx;
  if (strcmp(phase, "reconcile") == 0) t->reconcile = now() - t->t0;
  if (strcmp(phase, "merge") == 0) t->merge = now() - t->t0;
}

/* One timed newslua ingest of `corpus` into a new store at `path`: wall
** seconds (<0 on failure, reported), and CPU seconds of the writer (this
** thread) and of the rest of the process (the loader) in *w, *l. */
static double ours_once(const char *corpus, const char *path,
                        const nl_ingest_opts *io, double *w, double *l) {
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_report rep;
  nl_ingest_opts o = *io;
  trace tr = { 0 };
  const char *env = getenv("NEWSLUA_BENCH_PHASES");
  double t0, w0, p0, t_ingest;
  rm_db(path);
  t0 = now();
  if (env && atoi(env) > 0) {
    tr.t0 = t0;
    o.on_file = trace_file;
    o.on_phase = trace_phase;
    o.ctx = &tr;
  }
  w0 = cpu(CLOCK_THREAD_CPUTIME_ID);
  p0 = cpu(CLOCK_PROCESS_CPUTIME_ID);
  if (nl_db_open(path, NULL, &db, &err) != NL_OK ||
      nl_db_ingest(db, corpus, &o, &rep, &err) != NL_OK) {
    fprintf(stderr, "bench_ingest: %s\n", err.msg);
    nl_db_close(db);
    return -1;
  }
  t_ingest = now() - t0;
  nl_db_close(db);
  t0 = now() - t0;
  if (tr.t0 != 0)
    fprintf(stderr, "phases: first file %.3f, last file %.3f, reconcile "
            "%.3f, merge %.3f, ingest returned %.3f, closed %.3f s\n",
            tr.first, tr.last, tr.reconcile, tr.merge, t_ingest, t0);
  *w = cpu(CLOCK_THREAD_CPUTIME_ID) - w0;
  *l = cpu(CLOCK_PROCESS_CPUTIME_ID) - p0 - *w;
  return t0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of v[0..n) (sorts v). */
static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_ROUNDS 99

/* A token counter: nl_tokenize's callback. */
static int count_token(void *ctx, int flags, const char *t, int n, int s,
                       int e) {
  (void)flags, (void)t, (void)n, (void)s, (void)e;
  ++*(size_t *)ctx;
  return 0;
}

#define CAPACITY_PASSES 4

/* Tokenize every document CAPACITY_PASSES times: the capacity's work. */
static void *tokenize_all(void *arg) {
  const docs *d = arg;
  size_t i, tokens = 0;
  int p;
  for (p = 0; p < CAPACITY_PASSES; p++)
    for (i = 0; i < d->n; i++) {
      nl_tokenize(nl_tokenizer_default(), NL_TOKENIZE_DOCUMENT,
                  d->v[i].body, (int)strlen(d->v[i].body), &tokens,
                  count_token);
    }
  return tokens ? arg : NULL;
}

/* The medians of 3 rounds of one thread's work alone and of two threads'
** at once: 2 * alone / together (see the header). */
static double capacity(docs *d) {
  double one[3], two[3], t0;
  int r;
  for (r = 0; r < 3; r++) {
    pthread_t th;
    t0 = now();
    tokenize_all(d);
    one[r] = now() - t0;
    t0 = now();
    if (pthread_create(&th, NULL, tokenize_all, d) != 0) return -1;
    tokenize_all(d);
    pthread_join(th, NULL);
    two[r] = now() - t0;
  }
  return 2 * median(one, 3) / median(two, 3);
}

int main(int argc, char **argv) {
  const char *corpus, *work, *label, *env;
  char ours[4096], plain[4096];
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts io = NL_INGEST_OPTS_INIT;
  nl_load_opts lo = NL_LOAD_OPTS_INIT;
  docs d = { 0 };
  double t_ours[MAX_ROUNDS], t_plain[MAX_ROUNDS], ratio[MAX_ROUNDS];
  double cpu_ratio[MAX_ROUNDS];
  double w[MAX_ROUNDS], l[MAX_ROUNDS], c[MAX_ROUNDS], mb, w0, mo, mp, rmin, rmax;
  int rounds = 5, r;
  nl_process_init(); /* as the newslua interpreter does */
  if (argc == 3 && strcmp(argv[1], "--capacity") == 0) {
    if (nl_load_path(argv[2], &lo, collect, NULL, &d, &err) != NL_OK) {
      fprintf(stderr, "bench_ingest: %s\n", err.msg);
      return 1;
    }
    printf("capacity %.2f\n", capacity(&d));
    return 0;
  }
  if (argc < 3) {
    fprintf(stderr,
            "usage: bench_ingest CORPUS_PATH WORKDIR [LABEL [norec]]\n"
            "       bench_ingest --capacity CORPUS_PATH\n"
            "  NEWSLUA_BENCH_ROUNDS=N (default 5): N interleaved rounds\n");
    return 2;
  }
  corpus = argv[1];
  work = argv[2];
  label = argc > 3 ? argv[3] : corpus;
  if (argc > 4 && strcmp(argv[4], "norec") == 0) io.reconcile = 0;
  if ((env = getenv("NEWSLUA_BENCH_ROUNDS")) && atoi(env) > 0)
    rounds = atoi(env) < MAX_ROUNDS ? atoi(env) : MAX_ROUNDS;
  snprintf(ours, sizeof ours, "%s/newslua.db", work);
  snprintf(plain, sizeof plain, "%s/plain.db", work);

  if (nl_load_path(corpus, &lo, collect, NULL, &d, &err) != NL_OK) {
    fprintf(stderr, "bench_ingest: %s\n", err.msg);
    return 1;
  }
  mb = (double)d.bytes / 1e6;

  /* interleaved: both sides see the same minutes of a shared machine */
  for (r = 0; r < rounds; r++) {
    if ((t_ours[r] = ours_once(corpus, ours, &io, &w[r], &l[r])) < 0)
      return 1;
    w0 = cpu(CLOCK_THREAD_CPUTIME_ID);
    t_plain[r] = plain_fts5(&d, plain);
    c[r] = cpu(CLOCK_THREAD_CPUTIME_ID) - w0;
    ratio[r] = t_plain[r] / t_ours[r];
  }
  rmin = rmax = ratio[0];
  for (r = 1; r < rounds; r++) {
    if (ratio[r] < rmin) rmin = ratio[r];
    if (ratio[r] > rmax) rmax = ratio[r];
  }
  mo = median(t_ours, rounds);
  mp = median(t_plain, rounds);
  for (r = 0; r < rounds; r++) cpu_ratio[r] = (w[r] + l[r]) / c[r];
  printf("| %-14s | %8zu | %7.1f | %8.2f | %7.1f | %8.2f | %7.1f | %5.2f | %6.1f | %6.1f | %5.2f |\n",
         label, d.n, mb, mo, mb / mo, mp, mb / mp, median(ratio, rounds),
         (double)file_size(ours) / 1e6, (double)file_size(plain) / 1e6,
         median(cpu_ratio, rounds));
  fprintf(stderr, "%s: %d rounds, ratio %.2f-%.2f; median cpu: newslua "
          "writer %.3f s, loader %.3f s; plain %.3f s (" ALLOCATOR ")\n",
          label, rounds, rmin, rmax, median(w, rounds),
          median(l, rounds), median(c, rounds));
  return 0;
}
