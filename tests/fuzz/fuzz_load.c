/*
** libFuzzer target: nl_load_buffer with each forced format.  The first
** byte picks the format (0 = sniff, 1.. = NL_FORMAT_TEXT..); the rest is
** the file content.  Checks the article contract: body NUL-terminated
** valid UTF-8 of body_len bytes, paragraphs in order inside the body.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_load.h"
#include "newslua/nl_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s) {
  if (s && nl_utf8_valid_prefix(s, strlen(s)) != strlen(s)) abort();
}

static int on_article(void *ctx, nl_article *a) {
  size_t i, last = 0;
  (void)ctx;
  if (a->body) {
    if (strlen(a->body) != a->body_len) abort();
    check_str(a->body);
  } else if (a->body_len) {
    abort();
  }
  for (i = 0; i < a->n_paragraphs; i++) {
    if (a->paragraphs[i].start > a->paragraphs[i].end ||
        a->paragraphs[i].end > a->body_len || a->paragraphs[i].start < last)
      abort();
    last = a->paragraphs[i].end;
  }
  check_str(a->title);
  check_str(a->url);
  check_str(a->author);
  check_str(a->source);
  nl_article_free(a);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_status st;
  if (size < 1) return 0;
  o.format = (nl_format)(data[0] % NL_FORMAT_COUNT);
  o.max_decompressed_bytes = 1 << 24; /* keep gzip inputs fuzzable */
  st = nl_load_buffer((const char *)data + 1, size - 1, "fuzz.in", &o,
                      on_article, NULL, &err);
  if (st != NL_OK && !memchr(err.msg, 0, sizeof err.msg)) abort();
  return 0;
}
