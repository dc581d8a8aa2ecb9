/*
** nl_buf.h -- growable byte buffer with a sticky out-of-memory flag.
**
** Appends after a failed allocation are no-ops; check nl_buf_ok() once at
** the end (FTS5's `int *pRc` idea).  The data is always NUL-terminated when
** len > 0 or after nl_buf_cstr().
*/
#ifndef NEWSLUA_NL_BUF_H
#define NEWSLUA_NL_BUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_buf {
  char *data;   /* owned; NULL until the first append */
  size_t len;   /* bytes used, not counting the NUL */
  size_t cap;   /* bytes allocated */
  int oom;      /* sticky: an allocation failed */
} nl_buf;

#define NL_BUF_INIT { NULL, 0, 0, 0 }

/* Ensure room for `extra` more bytes plus a NUL. Returns 0 on OOM. */
int nl_buf_reserve(nl_buf *b, size_t extra);
/* Append s[0..n). */
void nl_buf_append(nl_buf *b, const char *s, size_t n);
/* Append a NUL-terminated string. */
void nl_buf_puts(nl_buf *b, const char *s);
/* Append one byte. */
void nl_buf_putc(nl_buf *b, char c);
/* Append a Unicode code point as UTF-8 (invalid ones become U+FFFD). */
void nl_buf_put_utf8(nl_buf *b, unsigned cp);
/* Append printf-style text. */
void nl_buf_printf(nl_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Non-zero if no allocation has failed. */
int nl_buf_ok(const nl_buf *b);
/* NUL-terminated view of the contents ("" when empty); NULL after OOM. */
const char *nl_buf_cstr(nl_buf *b);
/* Give the data to the caller (free with the core's allocator via
** nl_buf_free_data) and reset the buffer. NULL after OOM (buffer freed). */
char *nl_buf_detach(nl_buf *b, size_t *len);
/* Free the data and reset. */
void nl_buf_free(nl_buf *b);
/* Free memory returned by nl_buf_detach or any core function documented
** as "free with nl_free_mem". */
void nl_free_mem(void *p);
/* Truncate to `len` bytes (no-op when len >= b->len). */
void nl_buf_truncate(nl_buf *b, size_t len);

#ifdef __cplusplus
}
#endif
#endif
