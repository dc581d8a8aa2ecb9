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

/* w[0..n) is one of FTS5's operators (upper case only, as FTS5 has it). */
static int keyword(const unsigned char *w, size_t n) {
  return (n == 2 && memcmp(w, "OR", 2) == 0) ||
         (n == 3 && (memcmp(w, "AND", 3) == 0 || memcmp(w, "NOT", 3) == 0)) ||
         (n == 4 && memcmp(w, "NEAR", 4) == 0);
}

/* The first byte from q[j] on that is not a space. */
static unsigned char next_byte(const unsigned char *q, size_t j) {
  while (space_byte(q[j]))
    j++;
  return q[j];
}

/* See nl_query.h. */
void nl_query_quote(const char *query, nl_buf *out) {
  const unsigned char *q = (const unsigned char *)query;
  size_t i = 0;
  int after_term = 0; /* what came last ends a term: a word, ")", "*" */
  while (q[i]) {
    size_t j = i + 1, k;
    int bare = 1, term = after_term;
    if (q[i] == '"') { /* a string, "" inside it a quote: as it is */
      while (q[j] && !(q[j] == '"' && q[j + 1] != '"'))
        j += q[j] == '"' ? 2 : 1;
      if (q[j]) j++;
      term = 1;
    } else if (space_byte(q[i])) {
      /* as it is */
    } else if (syntax_byte(q[i])) { /* one byte of syntax */
      term = q[i] == ')' || q[i] == '*';
    } else { /* a word: up to space or syntax */
      while (q[j] && !space_byte(q[j]) &&
             (!syntax_byte(q[j]) || digit_comma(q, j)))
        j++;
      /* "cocoa -sugar": the minus of a search engine, after a term, when
      ** no ':' makes it FTS5's column filter ("-title: oil") */
      if (q[i] == '-' && j > i + 1 && after_term && next_byte(q, j) != ':') {
        nl_buf_puts(out, "NOT ");
        i++;
      }
      for (k = i; k < j; k++)
        if (!bare_byte(q[k])) bare = 0;
      if (q[i] == '-') bare = 1; /* FTS5's: left to it */
      term = !keyword(q + i, j - i);
    }
    if (!bare) nl_buf_putc(out, '"');
    nl_buf_append(out, query + i, j - i);
    if (!bare) nl_buf_putc(out, '"');
    after_term = term;
    i = j;
  }
}
