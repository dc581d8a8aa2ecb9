/*
** nl_query.c -- the text of a full-text search as FTS5 is given it; see
** nl_query.h.  One pass, no allocation but the output's.
*/
#include "nl_query.h"

#include <string.h>

/* FTS5's whitespace in a query (fts5ExprIsSpace). */
static int space_byte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A byte of FTS5's query syntax that ends a bare word. */
static int syntax_byte(unsigned char c) {
  return c != '\0' && strchr("(){}:^+*,\"", c) != NULL;
}

/* A byte FTS5 takes in a bare word (sqlite3Fts5IsBareword). */
static int bare_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '_' || c == 0x1a;
}

/* q[j] is the comma of a number ("1,000"), not NEAR's. */
static int digit_comma(const unsigned char *q, size_t j) {
  return q[j] == ',' && j > 0 && q[j - 1] >= '0' && q[j - 1] <= '9' &&
         q[j + 1] >= '0' && q[j + 1] <= '9';
}

/* See nl_query.h. */
void nl_query_quote(const char *query, nl_buf *out) {
  const unsigned char *q = (const unsigned char *)query;
  size_t i = 0;
  while (q[i]) {
    size_t j = i + 1;
    int bare = 1;
    if (q[i] == '"') { /* a string, "" inside it a quote: as it is */
      while (q[j] && !(q[j] == '"' && q[j + 1] != '"'))
        j += q[j] == '"' ? 2 : 1;
      if (q[j]) j++;
    } else if (space_byte(q[i]) || syntax_byte(q[i])) {
      /* one byte of syntax or space */
    } else { /* a word: up to space or syntax */
      bare = bare_byte(q[i]) || q[i] == '-';
      while (q[j] && !space_byte(q[j]) &&
             (!syntax_byte(q[j]) || digit_comma(q, j))) {
        if (!bare_byte(q[j])) bare = bare && q[i] == '-';
        j++;
      }
    }
    if (!bare) nl_buf_putc(out, '"');
    nl_buf_append(out, query + i, j - i);
    if (!bare) nl_buf_putc(out, '"');
    i = j;
  }
}
