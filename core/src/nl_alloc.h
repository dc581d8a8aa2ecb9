/*
** nl_alloc.h -- the single allocation hook of the core (private).
**
** All core allocation goes through these functions so tests can make the
** Nth allocation fail and exercise every NL_ENOMEM path.
*/
#ifndef NEWSLUA_NL_ALLOC_H
#define NEWSLUA_NL_ALLOC_H

#include <stddef.h>

void *nl_malloc(size_t n);
void *nl_calloc(size_t count, size_t size);
void *nl_realloc(void *p, size_t n);
void nl_free(void *p);
/* Copy s[0..n) into a new NUL-terminated string; NULL on OOM. */
char *nl_strndup(const char *s, size_t n);
/* Copy a NUL-terminated string; NULL if s is NULL or on OOM. */
char *nl_strdup(const char *s);

/*
** Give the memory freed so far back to the system where the C library
** keeps it (glibc: malloc_trim; elsewhere nothing).  For the end of a
** phase that freed much on another thread before the next one allocates:
** glibc keeps a thread's freed chunks in that thread's arena, counted in
** the process's resident size.
*/
void nl_alloc_release(void);

/*
** Test hook: make the `n`th allocation from now fail (1 = the next one),
** and every later one too if `sticky`.  n = 0 disables failure injection.
** Safe to call while other threads allocate (the countdown is atomic:
** which thread's allocation fails is up to the schedule); for tests only.
*/
void nl_alloc_fail_after(long n, int sticky);

#endif
