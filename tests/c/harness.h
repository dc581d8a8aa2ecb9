/*
** Tiny TAP-style test harness (cmark's test_batch_runner model).
** Each check prints "ok N - msg" or "not ok N - msg"; nl_test_done()
** prints a summary and returns the process exit status.
*/
#ifndef NEWSLUA_TEST_HARNESS_H
#define NEWSLUA_TEST_HARNESS_H

#include <stddef.h>

void nl_test_check(int ok, const char *file, int line, const char *fmt, ...);
void nl_test_int_eq(long long got, long long want, const char *file, int line,
                    const char *what);
void nl_test_str_eq(const char *got, const char *want, const char *file,
                    int line, const char *what);
int nl_test_done(void);
/* Read the whole file at `path` into a NUL-terminated malloc'd buffer
** (free with free()); *len gets its size.  NULL if it cannot be read. */
char *nl_test_read_file(const char *path, size_t *len);

#define NL_CHECK(cond, ...) nl_test_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define NL_CHECK_INT_EQ(got, want, what) \
  nl_test_int_eq((long long)(got), (long long)(want), __FILE__, __LINE__, what)
#define NL_CHECK_STR_EQ(got, want, what) \
  nl_test_str_eq((got), (want), __FILE__, __LINE__, what)

#endif
