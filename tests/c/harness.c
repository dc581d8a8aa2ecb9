#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int count, failed;

void nl_test_check(int ok, const char *file, int line, const char *fmt, ...) {
  va_list ap;
  count++;
  if (!ok) failed++;
  printf("%s %d - ", ok ? "ok" : "not ok", count);
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  if (!ok) printf("#   failed at %s:%d\n", file, line);
}

void nl_test_int_eq(long long got, long long want, const char *file, int line,
                    const char *what) {
  nl_test_check(got == want, file, line, "%s", what);
  if (got != want) printf("#   got %lld, want %lld\n", got, want);
}

void nl_test_str_eq(const char *got, const char *want, const char *file,
                    int line, const char *what) {
  int ok = (got == NULL && want == NULL) ||
           (got != NULL && want != NULL && strcmp(got, want) == 0);
  nl_test_check(ok, file, line, "%s", what);
  if (!ok)
    printf("#   got \"%s\", want \"%s\"\n", got ? got : "(null)",
           want ? want : "(null)");
}

int nl_test_done(void) {
  printf("1..%d\n", count);
  if (failed) printf("# %d of %d checks failed\n", failed, count);
  return failed ? 1 : 0;
}

char *nl_test_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}
