/*
** nl_sqltext.c -- pure scalar SQL functions on text for the read queries:
** a snippet on one line, the caseless form of a source filter.  See
** nl_sqltext.h.
*/
#include <stddef.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_utf8.h"
#include "nl_sqltext.h"

/* nl_one_line(text): see nl_sqltext.h. */
static void one_line_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const unsigned char *s = sqlite3_value_text(argv[0]);
  int n = sqlite3_value_bytes(argv[0]), i, k = 0, gap = 0;
  char *out;
  (void)argc;
  if (!s) {
    sqlite3_result_null(ctx);
    return;
  }
  out = sqlite3_malloc(n + 1);
  if (!out) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  for (i = 0; i < n; i++) {
    unsigned char ch = s[i];
    if (ch == ' ' || (ch >= '\t' && ch <= '\r')) {
      gap = k > 0;
      continue;
    }
    if (gap) out[k++] = ' ';
    gap = 0;
    out[k++] = (char)ch;
  }
  sqlite3_result_text(ctx, out, k, sqlite3_free);
}

/* nl_casefold(text): its caseless form (nl_utf8_casefold); NULL for NULL. */
static void casefold_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const char *s = (const char *)sqlite3_value_text(argv[0]);
  nl_buf b = NL_BUF_INIT;
  (void)argc;
  if (!s) {
    if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
      sqlite3_result_error_nomem(ctx);
    return;
  }
  if (nl_utf8_casefold(&b, s, (size_t)sqlite3_value_bytes(argv[0])) != 0)
    sqlite3_result_error_nomem(ctx);
  else
    sqlite3_result_text64(ctx, b.data ? b.data : "", b.len, SQLITE_TRANSIENT,
                          SQLITE_UTF8);
  nl_buf_free(&b);
}

/* See nl_sqltext.h. */
int nl_sqltext_register(sqlite3 *sq) {
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(sq, "nl_casefold", 1, flags, NULL,
                                      casefold_fn, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(sq, "nl_one_line", 1, flags, NULL,
                                    one_line_fn, NULL, NULL, NULL);
  return rc;
}
