/*
** bench/load/xml_main.c -- measure the XML loaders on a list of files (not
** part of the CMake build).  Build by hand against a built core, e.g.
**   cc -std=c11 -O2 -Icore/include -Icore/src -Ibuild-xml/generated \
**     bench/load/xml_main.c build-xml/core/libnewslua_core.a \
**     $(pkg-config --libs libxml-2.0 libutf8proc sqlite3 zlib) \
**     -lstemmer -lpthread -lm -o /tmp/xml_main
** Usage: xml_main [-v] feed|newsml|timeml|auto FILE...
** feed/newsml/timeml call that loader directly (hand-built nl_source and
** nl_sink); auto goes through nl_load_file (sniffing, the driver's ids).
** Prints one line per file (status, articles, warned, dated, with a body;
** the error message on failure), then totals and MB/s of loader CPU time.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nl_loader_internal.h"

static int verbose;

typedef struct counts {
  size_t articles, warned, dated, bodied;
} counts;

static int on_article(void *ctx, nl_article *a) {
  counts *c = ctx;
  size_t i;
  c->articles++;
  if (a->n_warnings) c->warned++;
  if (a->published) c->dated++;
  if (a->body_len) c->bodied++;
  if (verbose) {
    printf("  [%zu] key=%s title=%s\n       url=%s author=%s lang=%s "
           "source=%s published=%s (%s)\n       body=%zu bytes, %zu paras: "
           "%.100s\n",
           c->articles, a->item_key ? a->item_key : "-",
           a->title ? a->title : "-", a->url ? a->url : "-",
           a->author ? a->author : "-", a->language ? a->language : "-",
           a->source ? a->source : "-", a->published ? a->published : "-",
           a->published_evidence ? a->published_evidence : "", a->body_len,
           a->n_paragraphs, a->body ? a->body : "");
    for (i = 0; i < a->n_meta; i++)
      printf("       meta %s=%s\n", a->meta[i].key, a->meta[i].value);
    for (i = 0; i < a->n_warnings; i++)
      printf("       WARN %s\n", a->warnings[i]);
  }
  nl_article_free(a);
  return 0;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return buf;
}

int main(int argc, char **argv) {
  nl_loader_fn fn = NULL;
  int with_driver = 0;
  int i = 1, ok = 0, failed = 0;
  counts total = {0, 0, 0, 0};
  size_t bytes = 0;
  double secs = 0;
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    verbose = 1;
    i++;
  }
  if (argc - i < 1) return 2;
  if (strcmp(argv[i], "feed") == 0)
    fn = nl_load_feed;
  else if (strcmp(argv[i], "newsml") == 0)
    fn = nl_load_newsml;
  else if (strcmp(argv[i], "auto") == 0)
    with_driver = 1;
  else
    fn = nl_load_timeml;
  for (i++; i < argc; i++) {
    nl_load_opts opts = NL_LOAD_OPTS_INIT;
    nl_source src;
    nl_sink sink;
    nl_error err = NL_ERROR_INIT;
    counts c = {0, 0, 0, 0};
    nl_status rc;
    clock_t t0;
    size_t len;
    char *data = slurp(argv[i], &len);
    if (!data) {
      printf("NOREAD %s\n", argv[i]);
      continue;
    }
    memset(&sink, 0, sizeof sink);
    src.data = data;
    src.len = len;
    src.name = argv[i];
    src.opts = &opts;
    src.format = NL_FORMAT_UNKNOWN;
    sink.fn = on_article;
    sink.ctx = &c;
    sink.src = &src;
    t0 = clock();
    if (with_driver)
      rc = nl_load_file(argv[i], &opts, on_article, &c, &err);
    else
      rc = fn(&src, &sink, &err);
    free(sink.stem); /* driver-owned id stem (nl_malloc is malloc) */
    secs += (double)(clock() - t0) / CLOCKS_PER_SEC;
    bytes += len;
    if (rc == NL_OK)
      ok++;
    else
      failed++;
    printf("%-7s %4zu articles %4zu warned %4zu dated %4zu with body  %s%s%s\n",
           nl_status_name(rc), c.articles, c.warned, c.dated, c.bodied, argv[i],
           rc ? "\n        " : "", rc ? err.msg : "");
    total.articles += c.articles;
    total.warned += c.warned;
    total.dated += c.dated;
    total.bodied += c.bodied;
    free(data);
  }
  printf("TOTAL files ok %d failed %d; articles %zu (warned %zu, dated %zu, "
         "with body %zu); %.1f MB in %.3f s = %.1f MB/s\n",
         ok, failed, total.articles, total.warned, total.dated, total.bodied,
         bytes / 1e6, secs, secs > 0 ? bytes / 1e6 / secs : 0.0);
  return 0;
}
