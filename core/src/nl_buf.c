/*
** nl_buf.c -- growable byte buffer with a sticky OOM flag.
*/
#include "newslua/nl_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nl_alloc.h"

int nl_buf_reserve(nl_buf *b, size_t extra) {
  size_t need, cap;
  char *p;
  if (b->oom) return 0;
  if (extra > ((size_t)-1) / 2 - b->len) {
    b->oom = 1;
    return 0;
  }
  need = b->len + extra + 1;
  if (need <= b->cap) return 1;
  cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  p = nl_realloc(b->data, cap);
  if (!p) {
    b->oom = 1;
    return 0;
  }
  b->data = p;
  b->cap = cap;
  return 1;
}

void nl_buf_append(nl_buf *b, const char *s, size_t n) {
  /* nl_buf_reserve only when there is no room already (len + n + 1 <=
  ** cap) or the buffer is out of memory (it refuses then) */
  if ((b->oom || b->cap <= b->len || n >= b->cap - b->len) &&
      !nl_buf_reserve(b, n))
    return;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void nl_buf_puts(nl_buf *b, const char *s) { nl_buf_append(b, s, strlen(s)); }

void nl_buf_putc(nl_buf *b, char c) {
  if (!b->oom && b->cap > b->len && b->cap - b->len > 1) { /* room */
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return;
  }
  nl_buf_append(b, &c, 1);
}

void nl_buf_put_utf8(nl_buf *b, unsigned cp) {
  char u[4];
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    u[0] = (char)cp;
    nl_buf_append(b, u, 1);
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    nl_buf_append(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    nl_buf_append(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    nl_buf_append(b, u, 4);
  }
}

void nl_buf_printf(nl_buf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  char small[256];
  va_start(ap, fmt);
  n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    nl_buf_append(b, small, (size_t)n);
    return;
  }
  if (!nl_buf_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

int nl_buf_ok(const nl_buf *b) { return !b->oom; }

const char *nl_buf_cstr(nl_buf *b) {
  if (b->oom) return NULL;
  if (!b->data && !nl_buf_reserve(b, 0)) return NULL;
  b->data[b->len] = '\0';
  return b->data;
}

char *nl_buf_detach(nl_buf *b, size_t *len) {
  char *p;
  if (b->oom || !nl_buf_cstr(b)) {
    nl_buf_free(b);
    if (len) *len = 0;
    return NULL;
  }
  p = b->data;
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void nl_buf_free(nl_buf *b) {
  nl_free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}

void nl_free_mem(void *p) { nl_free(p); }

void nl_buf_truncate(nl_buf *b, size_t len) {
  if (len < b->len) {
    b->len = len;
    b->data[len] = '\0';
  }
}
