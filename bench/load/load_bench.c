/*
** load_bench.c -- load paths with nl_load_path and print counts per
** format, dated articles, problems and MB/s (a benchmark, not a test).
** Build: cc -O2 -I core/include bench/load/load_bench.c \
**   build-loaders/core/libnewslua_core.a -lxml2 -lsqlite3 -lutf8proc -lz \
**   -lstemmer -lm -lpthread -o /tmp/load_bench
** Run:   /tmp/load_bench [-v] PATH...
*/
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <time.h>

#include "newslua/nl_article.h"
#include "newslua/nl_load.h"

typedef struct stats {
  size_t articles[NL_FORMAT_COUNT], dated[NL_FORMAT_COUNT];
  size_t files, failed, noted, repaired, bytes, body_bytes, warnings;
  int verbose;
} stats;

static int on_article(void *ctx, nl_article *a) {
  stats *s = ctx;
  nl_format f = nl_format_from_name(a->format);
  s->articles[f]++;
  if (a->published) s->dated[f]++;
  s->body_bytes += a->body_len + (a->title ? strlen(a->title) : 0);
  s->warnings += a->n_warnings;
  if (s->verbose > 1)
    printf("  %s | %s | %s | %s\n", a->id, a->published ? a->published : "-",
           a->source ? a->source : "-", a->title ? a->title : "-");
  nl_article_free(a);
  return 0;
}

static void on_file(void *ctx, const nl_file_report *r) {
  stats *s = ctx;
  struct stat st;
  s->files++;
  if (stat(r->file, &st) == 0) s->bytes += (size_t)st.st_size;
  s->repaired += r->repaired_bytes;
  if (r->status != NL_OK) s->failed++;
  if (r->status == NL_OK && r->message) s->noted++;
  if (r->message && (s->verbose || r->status != NL_OK))
    printf("  [%s] %s\n", nl_status_name(r->status), r->message);
}

int main(int argc, char **argv) {
  stats s;
  struct timespec t0, t1;
  double secs, cpu;
  int i, f;
  memset(&s, 0, sizeof s);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (i = 1; i < argc; i++) {
    nl_error err = NL_ERROR_INIT;
    if (!strcmp(argv[i], "-v")) {
      s.verbose++;
      continue;
    }
    if (nl_load_path(argv[i], NULL, on_article, on_file, &s, &err) != NL_OK)
      printf("  path failed: %s\n", err.msg);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
          (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  }
  for (f = 0; f < NL_FORMAT_COUNT; f++)
    if (s.articles[f])
      printf("%-8s %8zu articles, %8zu with a date\n",
             nl_format_name((nl_format)f), s.articles[f], s.dated[f]);
  printf("files %zu (failed %zu, with problems %zu), repaired bytes %zu, "
         "warnings %zu\n", s.files, s.failed, s.noted, s.repaired, s.warnings);
  printf("%.1f MB in %.3f s wall = %.1f MB/s; %.3f s CPU = %.1f MB/s "
         "(text out %.1f MB)\n",
         s.bytes / 1e6, secs, s.bytes / 1e6 / secs, cpu, s.bytes / 1e6 / cpu,
         s.body_bytes / 1e6);
  return 0;
}
