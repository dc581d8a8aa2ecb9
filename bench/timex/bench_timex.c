/*
** bench_timex.c -- throughput of the temporal tagger itself (nl_timex_tag
** called directly, no Lua), one thread, over a text file whose documents
** are separated by "\n\f\n" (bench/timex/extract.py writes them).  Time
** is the CPU time of this thread (CLOCK_THREAD_CPUTIME_ID), so other load
** on the machine slows the figure only through shared caches.  Each round
** tags the whole corpus as many times as fit in 0.25 s; the best round
** counts (the same protocol as speed.lua and chrono_speed.js).  Prints one
** line: name, documents, bytes, expressions, MB/s.  A benchmark, not a
** test.
**
**   bench_timex FILE [ROUNDS]
**   bench_timex FILE --dump [DCT]
**
** --dump tags each document once (DCT default 1999-01-01, "-" for none)
** and prints every expression, one line each (document, start, end, type,
** value, mod, anchor, flags): diff two builds' dumps to prove a change
** leaves the output identical.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_timex.h"

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The whole file in memory; NULL on failure (the message is printed). */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "bench_timex: cannot read %s\n", path);
    if (f) fclose(f);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "bench_timex: cannot read %s\n", path);
    fclose(f);
    free(buf);
    return NULL;
  }
  fclose(f);
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}

int main(int argc, char **argv) {
  nl_timex_opts opts = NL_TIMEX_OPTS_INIT;
  size_t len, ndoc = 0, cap = 0, i, count = 0;
  size_t *starts = NULL, *ends = NULL;
  const char *name;
  char *all;
  int rounds, r, dump;
  double best = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: bench_timex FILE [ROUNDS]\n");
    return 2;
  }
  rounds = argc > 2 ? atoi(argv[2]) : 3;
  if (rounds < 1) rounds = 1;
  dump = argc > 2 && strcmp(argv[2], "--dump") == 0;
  all = slurp(argv[1], &len);
  if (!all) return 1;
  /* split at "\n\f\n" */
  {
    size_t pos = 0;
    for (;;) {
      const char *hit = strstr(all + pos, "\n\f\n");
      size_t end = hit ? (size_t)(hit - all) : len;
      if (ndoc == cap) {
        cap = cap ? cap * 2 : 1024;
        starts = realloc(starts, cap * sizeof *starts);
        ends = realloc(ends, cap * sizeof *ends);
        if (!starts || !ends) {
          fprintf(stderr, "bench_timex: out of memory\n");
          return 1;
        }
      }
      starts[ndoc] = pos;
      ends[ndoc] = end;
      ndoc++;
      if (!hit) break;
      pos = end + 3;
    }
  }
  opts.dct = "1999-01-01";
  if (dump) {
    if (argc > 3) opts.dct = strcmp(argv[3], "-") == 0 ? NULL : argv[3];
    for (i = 0; i < ndoc; i++) {
      nl_timex *x;
      size_t n, k;
      nl_error err;
      if (nl_timex_tag(all + starts[i], ends[i] - starts[i], &opts, &x, &n,
                       &err) != NL_OK) {
        fprintf(stderr, "bench_timex: %s\n", err.msg);
        return 1;
      }
      for (k = 0; k < n; k++)
        printf("%zu %zu %zu %s %s %s %s %u\n", i, x[k].start, x[k].end,
               nl_timex_type_name(x[k].type), x[k].value, x[k].mod,
               x[k].anchor, (unsigned)x[k].flags);
      nl_free_mem(x);
    }
    free(starts);
    free(ends);
    free(all);
    return 0;
  }
  for (r = 0; r < rounds; r++) {
    double t0 = cpu_now(), dt;
    long reps = 0;
    do {
      count = 0;
      for (i = 0; i < ndoc; i++) {
        nl_timex *x;
        size_t n;
        nl_error err;
        if (nl_timex_tag(all + starts[i], ends[i] - starts[i], &opts, &x,
                         &n, &err) != NL_OK) {
          fprintf(stderr, "bench_timex: %s\n", err.msg);
          return 1;
        }
        count += n;
        nl_free_mem(x);
      }
      reps++;
      dt = cpu_now() - t0;
    } while (dt < 0.25);
    if ((double)reps * (double)len / dt > best)
      best = (double)reps * (double)len / dt;
  }
  name = strrchr(argv[1], '/');
  name = name ? name + 1 : argv[1];
  printf("C tagger %s: %zu docs %zu bytes %zu expressions %.1f MB/s\n", name,
         ndoc, len, count, best / 1e6);
  free(starts);
  free(ends);
  free(all);
  return 0;
}
