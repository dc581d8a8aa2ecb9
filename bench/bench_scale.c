/*
** bench_scale.c -- ingest a (synthetic) corpus, report time, peak RSS and
** index size against raw size; then query latencies on the result.
**
** usage: bench_scale CORPUS_DIR DB_PATH LABEL [--query-only]
**                    [--orders rank,newest,oldest] [--reps N]
** Prints one markdown row for ingest (unless --query-only, which opens
** the store read-only) and one per search order and query kind:
**   term, phrase, NEAR, date-range-filtered term, timeline over hits
** then, as "count", corpus:count of the term, phrase and date-range
** queries (the articles they match, not read: one doclist pass), and
** corpus:sources of each term's articles and of all articles
** each run over a fixed list of queries (N times, default 5), reporting
** p50 and p99 in ms; a search drains 20 rows and sets no limit.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "newslua/newslua.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long dir_bytes(const char *path) {
  DIR *d = opendir(path);
  struct dirent *e;
  long long total = 0;
  char p[4096];
  struct stat st;
  if (!d) return 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(p, sizeof p, "%s/%s", path, e->d_name);
    if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) total += st.st_size;
  }
  closedir(d);
  return total;
}

static long long file_bytes(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Run one query, drain up to 20 rows; returns ms or -1 on error. */
static double run_search(nl_db *db, const char *q, const nl_filter *f) {
  nl_cursor *c = NULL;
  nl_error err = NL_ERROR_INIT;
  double t0 = now();
  int rows = 0;
  if (nl_db_search(db, q, f, &c, &err) != NL_OK) {
    fprintf(stderr, "bench_scale: %s: %s\n", q, err.msg);
    return -1;
  }
  while (rows < 20 && nl_cursor_next(c, &err) == NL_OK) rows++;
  nl_cursor_free(c);
  return (now() - t0) * 1000.0;
}

/* Count the articles query q matches (with f's filters); ms or -1. */
static double run_count(nl_db *db, const char *q, const nl_filter *f) {
  nl_filter g = *f;
  nl_error err = NL_ERROR_INIT;
  long long n = 0;
  double t0 = now();
  g.query = q;
  if (nl_db_count_articles(db, &g, &n, &err) != NL_OK) {
    fprintf(stderr, "bench_scale: count %s: %s\n", q, err.msg);
    return -1;
  }
  return (now() - t0) * 1000.0;
}

/* The sources (`outlets`: the outlets) of query q's articles (NULL: of
** all), drained; ms or -1. */
static double run_sources(nl_db *db, const char *q, int outlets) {
  nl_filter f = NL_FILTER_INIT;
  nl_cursor *c = NULL;
  nl_error err = NL_ERROR_INIT;
  double t0 = now();
  f.query = q;
  if ((outlets ? nl_db_outlets : nl_db_sources)(db, &f, &c, &err) != NL_OK) {
    fprintf(stderr, "bench_scale: %s %s: %s\n",
            outlets ? "outlets" : "sources", q ? q : "", err.msg);
    return -1;
  }
  while (nl_cursor_next(c, &err) == NL_OK) continue;
  nl_cursor_free(c);
  return (now() - t0) * 1000.0;
}

/* Timeline over the top 50 hits: the dates of each hit article. */
static double run_timeline(nl_db *db, const char *q, nl_order order) {
  nl_cursor *c = NULL, *d = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT, fd = NL_FILTER_INIT;
  char ids[50][128];
  int n = 0, i, col = -1;
  long dates = 0;
  double t0 = now();
  f.limit = 50;
  f.order = order;
  if (nl_db_search(db, q, &f, &c, &err) != NL_OK) return -1;
  for (i = 0; i < nl_cursor_ncols(c); i++)
    if (strcmp(nl_cursor_name(c, i), "article") == 0) col = i;
  while (n < 50 && nl_cursor_next(c, &err) == NL_OK && col >= 0) {
    const char *id = nl_cursor_text(c, col, NULL);
    snprintf(ids[n++], sizeof ids[0], "%s", id ? id : "");
  }
  nl_cursor_free(c);
  for (i = 0; i < n; i++) {
    fd.article = ids[i];
    if (nl_db_dates(db, &fd, &d, &err) != NL_OK) return -1;
    while (nl_cursor_next(d, &err) == NL_OK) dates++;
    nl_cursor_free(d);
  }
  (void)dates;
  return (now() - t0) * 1000.0;
}

static const char *terms[] = {
  "government", "market", "election", "profit", "football", "oil",
  "minister", "shares", "film", "music", "technology", "bank",
  "growth", "court", "police", "trade", "china", "europe", "coffee", "gold",
};
static const char *phrases[] = {
  "\"prime minister\"", "\"interest rates\"", "\"chief executive\"",
  "\"last year\"", "\"world cup\"", "\"stock exchange\"",
  "\"central bank\"", "\"general election\"", "\"oil prices\"",
  "\"record company\"",
};
static const char *nears[] = {
  "NEAR(bank rates, 5)", "NEAR(oil prices, 3)", "NEAR(minister said, 5)",
  "NEAR(profit year, 5)", "NEAR(film award, 10)", "NEAR(trade deficit, 3)",
};

static void report(const char *label, const char *order, const char *kind,
                   double *ms, int n) {
  qsort(ms, (size_t)n, sizeof *ms, cmp_double);
  printf("| %-10s | %-6s | %-22s | %4d | %8.2f | %8.2f |\n", label, order,
         kind, n, ms[n / 2],
         ms[(n * 99) / 100 >= n ? n - 1 : (n * 99) / 100]);
  fflush(stdout);
}

#define NT (int)(sizeof terms / sizeof terms[0])
#define NP (int)(sizeof phrases / sizeof phrases[0])
#define NN (int)(sizeof nears / sizeof nears[0])

static const char *const order_names[] = {"rank", "rank", "newest",
                                          "oldest"};

static void queries(nl_db *db, const char *label, nl_order order, int reps) {
  double ms[2000];
  int n, r, i;
  const char *on = order_names[order];
  nl_filter f = NL_FILTER_INIT, fr = NL_FILTER_INIT;
  f.order = fr.order = order;
  fr.since = "2010-01-01";
  fr.until = "2010-12-31";
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_search(db, terms[i], &f);
  report(label, on, "term", ms, n);
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NP; i++) ms[n++] = run_search(db, phrases[i], &f);
  report(label, on, "phrase", ms, n);
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NN; i++) ms[n++] = run_search(db, nears[i], &f);
  report(label, on, "NEAR", ms, n);
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_search(db, terms[i], &fr);
  report(label, on, "term + date range", ms, n);
  for (n = 0, r = 0; r < reps && r < 2; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_timeline(db, terms[i], order);
  report(label, on, "timeline over 50 hits", ms, n);
}

/* corpus:count(query): how many articles each term and phrase matches,
** in all and in 2010 -- one pass over the query's doclists, the least
** any order that reads every match (rank) costs. */
static void counts(nl_db *db, const char *label, int reps) {
  double ms[2000];
  int n, r, i;
  nl_filter f = NL_FILTER_INIT, fr = NL_FILTER_INIT, fo = NL_FILTER_INIT;
  fr.since = "2010-01-01";
  fr.until = "2010-12-31";
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_count(db, terms[i], &f);
  report(label, "count", "term", ms, n);
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NP; i++) ms[n++] = run_count(db, phrases[i], &f);
  report(label, "count", "phrase", ms, n);
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_count(db, terms[i], &fr);
  report(label, "count", "term + date range", ms, n);
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_sources(db, terms[i], 0);
  report(label, "count", "sources of a term", ms, n);
  for (n = 0, r = 0; r < reps; r++) ms[n++] = run_sources(db, NULL, 0);
  report(label, "count", "sources of all", ms, n);
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_sources(db, terms[i], 1);
  report(label, "count", "outlets of a term", ms, n);
  for (n = 0, r = 0; r < reps; r++) ms[n++] = run_sources(db, NULL, 1);
  report(label, "count", "outlets of all", ms, n);
  fo.outlet = "Outlet 07"; /* one of the synthetic outlets (bench/scale) */
  for (n = 0, r = 0; r < reps; r++)
    for (i = 0; i < NT; i++) ms[n++] = run_count(db, terms[i], &fo);
  report(label, "count", "term + outlet", ms, n);
}

/* Parse "rank,newest,oldest" into orders[]; returns how many (0 = bad). */
static int parse_orders(const char *s, nl_order *orders) {
  int n = 0;
  while (*s && n < 3) {
    size_t len = strcspn(s, ",");
    if (len == 4 && strncmp(s, "rank", 4) == 0)
      orders[n++] = NL_ORDER_RANK;
    else if (len == 6 && strncmp(s, "newest", 6) == 0)
      orders[n++] = NL_ORDER_NEWEST;
    else if (len == 6 && strncmp(s, "oldest", 6) == 0)
      orders[n++] = NL_ORDER_OLDEST;
    else
      return 0;
    s += len + (s[len] == ',');
  }
  return n;
}

int main(int argc, char **argv) {
  nl_db *db = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts io = NL_INGEST_OPTS_INIT;
  nl_db_opts ro = NL_DB_OPTS_INIT;
  nl_ingest_report rep;
  nl_order orders[3] = {NL_ORDER_RANK, NL_ORDER_NEWEST, NL_ORDER_OLDEST};
  struct rusage ru;
  double t0, t;
  long long raw, idx;
  int i, norders = 3, reps = 5, query_only = 0;
  nl_process_init(); /* as the newslua interpreter does */
  for (i = 4; i < argc; i++) {
    if (strcmp(argv[i], "--query-only") == 0)
      query_only = 1;
    else if (strcmp(argv[i], "--orders") == 0 && i + 1 < argc)
      norders = parse_orders(argv[++i], orders);
    else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
      reps = atoi(argv[++i]);
    else
      norders = 0;
  }
  if (argc < 4 || norders == 0 || reps < 1 || reps > 20) {
    fprintf(stderr, "usage: bench_scale CORPUS_DIR DB_PATH LABEL "
                    "[--query-only] [--orders rank,newest,oldest] "
                    "[--reps N]\n");
    return 2;
  }
  if (!query_only) {
    unlink(argv[2]);
    t0 = now();
    if (nl_db_open(argv[2], NULL, &db, &err) != NL_OK ||
        nl_db_ingest(db, argv[1], &io, &rep, &err) != NL_OK) {
      fprintf(stderr, "bench_scale: %s\n", err.msg);
      return 1;
    }
    nl_db_close(db);
    t = now() - t0;
    getrusage(RUSAGE_SELF, &ru);
    raw = dir_bytes(argv[1]);
    idx = file_bytes(argv[2]);
    printf("| %-10s | %9zu | %8.1f | %8.1f | %7.0f | %7.1f | %8ld | %7.1f | %5.2f |\n",
           argv[3], rep.articles_added + rep.articles_replaced, raw / 1e6, t,
           (rep.articles_added + rep.articles_replaced) / t, raw / 1e6 / t,
           ru.ru_maxrss / 1024, idx / 1e6, (double)idx / (double)raw);
  }
  ro.readonly = 1;
  if (nl_db_open(argv[2], &ro, &db, &err) != NL_OK) {
    fprintf(stderr, "bench_scale: %s\n", err.msg);
    return 1;
  }
  printf("\n| corpus     | order  | query                  | runs | p50 ms   "
         "| p99 ms   |\n");
  printf("|------------|--------|------------------------|------|----------"
         "|----------|\n");
  for (i = 0; i < norders; i++) queries(db, argv[3], orders[i], reps);
  counts(db, argv[3], reps);
  nl_db_close(db);
  return 0;
}
