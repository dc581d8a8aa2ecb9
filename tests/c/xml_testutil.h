/*
** xml_testutil.h -- shared by the XML loader tests (test_feed.c,
** test_newsml.c, test_timeml.c, test_xml_hostile.c): run one loader on a
** buffer or a tests/data file through a hand-built nl_source/nl_sink and
** keep the articles.
*/
#ifndef NEWSLUA_XML_TESTUTIL_H
#define NEWSLUA_XML_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "nl_alloc.h"
#include "nl_loader_internal.h"

#define XT_MAX 16

typedef struct xt_result {
  nl_status rc;
  nl_error err;
  size_t n;                    /* articles kept in a[] */
  size_t total;                /* articles emitted */
  char note[NL_ERROR_MSG_MAX]; /* the sink's notes for the file report */
  nl_article *a[XT_MAX];       /* the first XT_MAX-1 and the latest */
} xt_result;

static inline int xt_keep(void *ctx, nl_article *a) {
  xt_result *r = ctx;
  r->total++;
  if (r->n < XT_MAX) {
    r->a[r->n++] = a;
  } else {
    nl_article_free(r->a[XT_MAX - 1]);
    r->a[XT_MAX - 1] = a;
  }
  return 0;
}

static inline void xt_free(xt_result *r) {
  size_t i;
  for (i = 0; i < r->n; i++)
    nl_article_free(r->a[i]);
  r->n = 0;
}

/* Run `fn` on data[0..len) named `name`. */
static inline void xt_load_buf(nl_loader_fn fn, const char *data, size_t len,
                               const char *name, xt_result *r) {
  nl_load_opts opts = NL_LOAD_OPTS_INIT;
  nl_source src;
  nl_sink sink;
  memset(r, 0, sizeof *r);
  memset(&sink, 0, sizeof sink);
  src.data = data;
  src.len = len;
  src.name = name;
  src.opts = &opts;
  src.format = NL_FORMAT_UNKNOWN;
  sink.fn = xt_keep;
  sink.ctx = r;
  sink.src = &src;
  r->rc = fn(&src, &sink, &r->err);
  nl_free(sink.stem); /* the driver owns the id stem */
  memcpy(r->note, sink.note, sizeof r->note);
}

/* Read tests/data/<rel> whole; NULL if missing. */
static inline char *xt_read(const char *rel, size_t *len) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", NL_TEST_DATA, rel);
  return nl_test_read_file(path, len);
}

/* Run `fn` on the fixture tests/data/<rel> (its name is `rel`). */
static inline void xt_load(nl_loader_fn fn, const char *rel, xt_result *r) {
  size_t len = 0;
  char *data = xt_read(rel, &len);
  NL_CHECK(data != NULL, "fixture %s readable", rel);
  if (!data) {
    memset(r, 0, sizeof *r);
    r->rc = NL_EIO;
    return;
  }
  xt_load_buf(fn, data, len, rel, r);
  free(data);
}

/* Does any string of any article contain `needle`? */
static inline int xt_contains(const xt_result *r, const char *needle) {
  size_t i, j;
  for (i = 0; i < r->n; i++) {
    const nl_article *a = r->a[i];
    const char *fields[] = {a->title,  a->url,      a->author,  a->body,
                            a->source, a->item_key, a->language};
    for (j = 0; j < sizeof fields / sizeof *fields; j++)
      if (fields[j] && strstr(fields[j], needle)) return 1;
    for (j = 0; j < a->n_meta; j++)
      if (strstr(a->meta[j].value, needle)) return 1;
    for (j = 0; j < a->n_warnings; j++)
      if (strstr(a->warnings[j], needle)) return 1;
  }
  return 0;
}

/* Does article `a` have a warning containing `needle`? */
static inline int xt_warned(const nl_article *a, const char *needle) {
  size_t i;
  for (i = 0; i < a->n_warnings; i++)
    if (strstr(a->warnings[i], needle)) return 1;
  return 0;
}

/* Value of the idx-th metadata pair with `key`, or NULL. */
static inline const char *xt_meta(const nl_article *a, const char *key,
                                  int idx) {
  size_t i;
  for (i = 0; i < a->n_meta; i++)
    if (strcmp(a->meta[i].key, key) == 0 && idx-- == 0) return a->meta[i].value;
  return NULL;
}

#endif
