/*
** nl_alloc.c -- allocation with a failure-injection hook for tests.
*/
#include "nl_alloc.h"

#include <stdlib.h>
#include <string.h>

static long fail_countdown; /* 0 = off; test-only, see nl_alloc_fail_after */
static int fail_sticky;

static int should_fail(void) {
  if (fail_countdown <= 0) return 0;
  if (--fail_countdown == 0) {
    if (fail_sticky) fail_countdown = 1;
    return 1;
  }
  return 0;
}

void nl_alloc_fail_after(long n, int sticky) {
  fail_countdown = n;
  fail_sticky = sticky;
}

void *nl_malloc(size_t n) {
  if (should_fail()) return NULL;
  return malloc(n ? n : 1);
}

void *nl_calloc(size_t count, size_t size) {
  if (should_fail()) return NULL;
  return calloc(count ? count : 1, size ? size : 1);
}

void *nl_realloc(void *p, size_t n) {
  if (should_fail()) return NULL;
  return realloc(p, n ? n : 1);
}

void nl_free(void *p) { free(p); }

char *nl_strndup(const char *s, size_t n) {
  char *d = nl_malloc(n + 1);
  if (!d) return NULL;
  if (n) memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *nl_strdup(const char *s) {
  return s ? nl_strndup(s, strlen(s)) : NULL;
}
