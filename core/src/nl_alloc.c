/*
** nl_alloc.c -- allocation with a failure-injection hook for tests.
*/
#include "nl_alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h>
#endif

/* Test-only (see nl_alloc_fail_after).  Atomic because an ingest
** allocates on two threads: relaxed loads cost nothing on the hot path
** while the hook is off (0), and the countdown stays race-free (TSan)
** while it is armed. */
static _Atomic long fail_countdown; /* 0 = off */
static _Atomic int fail_sticky;

static int should_fail(void) {
  long c = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
  while (c > 0) {
    long next = c == 1 && atomic_load_explicit(&fail_sticky,
                                               memory_order_relaxed)
                    ? 1
                    : c - 1;
    if (atomic_compare_exchange_weak_explicit(&fail_countdown, &c, next,
                                              memory_order_relaxed,
                                              memory_order_relaxed))
      return c == 1;
  }
  return 0;
}

void nl_alloc_fail_after(long n, int sticky) {
  atomic_store_explicit(&fail_sticky, sticky, memory_order_relaxed);
  atomic_store_explicit(&fail_countdown, n, memory_order_relaxed);
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

/* See nl_alloc.h. */
void nl_alloc_release(void) {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}
