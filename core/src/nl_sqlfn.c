/*
** nl_sqlfn.c -- nl_slice and nl_span, the scalar SQL functions of the
** dates query (nl_sql_dates_head): per date row they cut the expression
** and its sentence out of the body without copying the body or parsing
** the article's sentence list as JSON.  See nl_sqlfn.h.
*/
#include <stddef.h>
#include <string.h>

#include "nl_sqlfn.h"

/* nl_slice(text, start, end) */
static void slice_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const char *s;
  sqlite3_int64 n, a, b;
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
      sqlite3_value_type(argv[1]) == SQLITE_NULL ||
      sqlite3_value_type(argv[2]) == SQLITE_NULL)
    return; /* NULL */
  /* a TEXT value's bytes, as stored: no conversion, no copy */
  s = sqlite3_value_blob(argv[0]);
  n = sqlite3_value_bytes(argv[0]);
  a = sqlite3_value_int64(argv[1]);
  b = sqlite3_value_int64(argv[2]);
  if (a < 0) a = 0;
  if (b > n) b = n;
  if (!s || b <= a) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  sqlite3_result_text(ctx, s + a, (int)(b - a), SQLITE_TRANSIENT);
}

/* Skip spaces; returns the first other byte's position (or end). */
static const unsigned char *skip_ws(const unsigned char *p,
                                    const unsigned char *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
    p++;
  return p;
}

/* A decimal number at *pp into *v (advancing *pp): 1 if there was one. */
static int number(const unsigned char **pp, const unsigned char *end,
                  sqlite3_int64 *v) {
  const unsigned char *p = skip_ws(*pp, end);
  sqlite3_int64 n = 0;
  if (p == end || *p < '0' || *p > '9') return 0;
  while (p < end && *p >= '0' && *p <= '9' && n < (1LL << 53))
    n = n * 10 + (*p++ - '0');
  *pp = p;
  *v = n;
  return 1;
}

/*
** The k-th number of span i in "[[s,e],...]" into *out: 1 if found.
** Span i starts after the i-th ']' (memchr: the list is numbers only);
** spaces are allowed between tokens, anything else unexpected gives 0.
*/
static int span_number(const unsigned char *p, const unsigned char *end,
                       sqlite3_int64 i, int k, sqlite3_int64 *out) {
  sqlite3_int64 start, stop;
  p = skip_ws(p, end);
  if (p == end || *p++ != '[') return 0;
  for (; i > 0; i--) {
    p = memchr(p, ']', (size_t)(end - p));
    if (!p) return 0;
    p = skip_ws(p + 1, end);
    if (p == end || *p++ != ',') return 0;
  }
  p = skip_ws(p, end);
  if (p == end || *p++ != '[' || !number(&p, end, &start)) return 0;
  p = skip_ws(p, end);
  if (p == end || *p++ != ',' || !number(&p, end, &stop)) return 0;
  p = skip_ws(p, end);
  if (p == end || *p != ']') return 0;
  *out = k ? stop : start;
  return 1;
}

/* nl_span(spans, i, k) */
static void span_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const unsigned char *s;
  sqlite3_int64 i, v;
  int k;
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
      sqlite3_value_type(argv[1]) == SQLITE_NULL ||
      sqlite3_value_type(argv[2]) == SQLITE_NULL)
    return;
  s = sqlite3_value_blob(argv[0]);
  i = sqlite3_value_int64(argv[1]);
  k = sqlite3_value_int(argv[2]);
  if (!s || i < 0 || k < 0 || k > 1) return;
  if (span_number(s, s + sqlite3_value_bytes(argv[0]), i, k, &v))
    sqlite3_result_int64(ctx, v);
}

/*
** Register nl_slice and nl_span; see nl_sqlfn.h.
*/
int nl_sqlfn_register(sqlite3 *sq) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(sq, "nl_slice", 3, flags, NULL,
                                      slice_fn, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(sq, "nl_span", 3, flags, NULL, span_fn,
                                    NULL, NULL, NULL);
  return rc;
}
