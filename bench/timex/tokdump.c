/*
** tokdump.c -- every token of tx_scan (the timex tagger's scanner) over a
** text file whose documents are separated by "\n\f\n" (extract.py writes
** them): one line per token with all of tx_tok's fields and its padding
** byte, then the document's trigger list.  Diff two scanners' dumps to
** prove a change to nl_timex_lex.c leaves the tokens identical (the
** tagger's output, bench_timex --dump, shows only what reaches an
** expression).  Each document is copied to a buffer of its exact size, so
** that a build with -fsanitize=address catches a read past its end.  A
** tool, not a test; not built by CMake (it needs the private header):
**
**   git show REV:core/src/nl_timex_lex.c > /tmp/lex_old.c
**   I="-Icore/src -Icore/include -IBUILD/generated"
**   cc -O2 -std=c11 $I bench/timex/tokdump.c /tmp/lex_old.c \
**      BUILD/core/libnewslua_core.a -lpthread -lm -o /tmp/tok_old
**   (the same with core/src/nl_timex_lex.c: /tmp/tok_new)
**   /tmp/tok_old FILE > old.txt; /tmp/tok_new FILE > new.txt; cmp ...
**
**   tokdump FILE [CAP]    (CAP: the first token capacity, default the
**                          tagger's len / 4 + 64; 1 exercises growth)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_timex_internal.h"

/* The whole file in memory (NUL-terminated); NULL on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long n;
  if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL &&
      fread(buf, 1, (size_t)n, f) == (size_t)n) {
    buf[n] = '\0';
    *len = (size_t)n;
  } else {
    free(buf);
    buf = NULL;
  }
  if (f) fclose(f);
  return buf;
}

/* Scan one document (a copy of exactly len bytes) and print its tokens. */
static int dump_doc(size_t doc, const char *text, size_t len, size_t cap0) {
  size_t cap = cap0 ? cap0 : len / 4 + 64, nt = 0;
  char *copy = malloc(len ? len : 1);
  tx_tok *toks = nl_malloc(cap * TX_SCAN_SLOT);
  uint32_t *trig;
  long n, k;
  if (!copy || !toks) return -1;
  memcpy(copy, text, len);
  trig = (uint32_t *)(void *)(toks + cap);
  n = tx_scan(copy, len, &toks, &cap, &trig, &nt);
  if (n < 0) return -1;
  printf("doc %zu len %zu tokens %ld triggers %zu\n", doc, len, n, nt);
  for (k = 0; k < n; k++) {
    const tx_tok *x = &toks[k];
    printf("%u %u %d %u %u %u %u %u %u %u %u %u %u %u\n", x->start, x->end,
           x->val, x->id, x->kind, x->cls, x->cap, x->plural, x->ndig,
           x->suffix, x->punct, x->gap, x->trig,
           ((const unsigned char *)x)[sizeof *x - 1]);
  }
  for (k = 0; k < (long)nt; k++)
    printf("t %u\n", trig[k]);
  nl_free(toks);
  free(copy);
  return 0;
}

int main(int argc, char **argv) {
  size_t len, pos = 0, doc = 0;
  size_t cap0 = argc > 2 ? (size_t)atol(argv[2]) : 0;
  char *all;
  if (argc < 2) {
    fprintf(stderr, "usage: tokdump FILE [CAP]\n");
    return 2;
  }
  all = slurp(argv[1], &len);
  if (!all) {
    fprintf(stderr, "tokdump: cannot read %s\n", argv[1]);
    return 1;
  }
  for (;;) {
    const char *hit = strstr(all + pos, "\n\f\n");
    size_t end = hit ? (size_t)(hit - all) : len;
    if (dump_doc(doc++, all + pos, end - pos, cap0) < 0) {
      fprintf(stderr, "tokdump: out of memory\n");
      return 1;
    }
    if (!hit) break;
    pos = end + 3;
  }
  free(all);
  return 0;
}
