/*
** extract_main.c -- stand-alone driver for the HTML loader (not part of the
** CMake build; bench/html/eval.sh builds it by hand):
**   extract_main FILE... > PRED.jsonl
** writes one {"id","file","title","body","published","author","url"} line
** per input (gzip read transparently), the shape scripts/extract.lua writes.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "newslua/nl_article.h"
#include "nl_loader_internal.h"

static void json_str(const char *s) {
  putchar('"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c == '\n')
      fputs("\\n", stdout);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

static char *slurp(const char *path, size_t *len) {
  gzFile f = gzopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  int r;
  if (!f) return NULL;
  do {
    if (cap - n < 65536) {
      cap = cap ? cap * 2 : 262144;
      buf = realloc(buf, cap);
      if (!buf) exit(2);
    }
    r = gzread(f, buf + n, (unsigned)(cap - n));
    if (r > 0) n += (size_t)r;
  } while (r > 0);
  gzclose(f);
  *len = n;
  return buf;
}

typedef struct ctx {
  const char *path;
  int done;
} ctx;

static void line(const char *path, const nl_article *a) {
  const char *base = strrchr(path, '/');
  char id[512];
  size_t n;
  base = base ? base + 1 : path;
  snprintf(id, sizeof id, "%s", base);
  n = strlen(id);
  if (n > 8 && !strcmp(id + n - 8, ".html.gz"))
    id[n - 8] = '\0';
  else if (n > 5 && !strcmp(id + n - 5, ".html"))
    id[n - 5] = '\0';
  fputs("{\"id\":", stdout);
  json_str(id);
  fputs(",\"file\":", stdout);
  json_str(path);
  fputs(",\"title\":", stdout);
  json_str(a ? a->title : NULL);
  fputs(",\"body\":", stdout);
  json_str(a ? a->body : NULL);
  fputs(",\"published\":", stdout);
  json_str(a ? a->published : NULL);
  fputs(",\"author\":", stdout);
  json_str(a ? a->author : NULL);
  fputs(",\"url\":", stdout);
  json_str(a ? a->url : NULL);
  fputs("}\n", stdout);
}

static int on_article(void *vc, nl_article *a) {
  ctx *c = vc;
  line(c->path, a);
  c->done = 1;
  nl_article_free(a);
  return 0;
}

int main(int argc, char **argv) {
  int i, status = 0;
  for (i = 1; i < argc; i++) {
    size_t len = 0;
    char *data = slurp(argv[i], &len);
    nl_load_opts opts = NL_LOAD_OPTS_INIT;
    nl_source src;
    nl_sink sink;
    nl_error err = NL_ERROR_INIT;
    ctx c;
    c.path = argv[i];
    c.done = 0;
    if (!data) {
      fprintf(stderr, "%s: cannot read\n", argv[i]);
      status = 1;
      continue;
    }
    memset(&src, 0, sizeof src);
    memset(&sink, 0, sizeof sink);
    src.data = data;
    src.len = len;
    src.name = argv[i];
    src.opts = &opts;
    src.format = NL_FORMAT_HTML;
    sink.fn = on_article;
    sink.ctx = &c;
    sink.src = &src;
    if (nl_load_html(&src, &sink, &err) != NL_OK) {
      fprintf(stderr, "%s\n", err.msg);
      status = 1;
    }
    if (!c.done) line(argv[i], NULL);
    free(data);
  }
  return status;
}

#ifdef NL_DRIVER_STANDALONE
/* The loader driver's sink, for builds without nl_load.c. */
nl_status nl_sink_emit(nl_sink *sink, nl_article *a) {
  sink->emitted++;
  return sink->fn(sink->ctx, a) ? NL_EINTERRUPT : NL_OK;
}

/* Notes only count here (the driver prints articles, not file reports). */
void nl_sink_note(nl_sink *sink, const char *fmt, ...) {
  (void)fmt;
  sink->notes++;
}
#endif
