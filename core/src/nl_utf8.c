/*
** nl_utf8.c -- UTF-8 validation, Windows-1252 repair, NFC and caseless
** forms via utf8proc.
*/
#include "newslua/nl_utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "nl_alloc.h"
#include "nl_ascii.h"

static const unsigned short cp1252[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

unsigned nl_cp1252_to_unicode(unsigned char c) {
  if (c >= 0x80 && c < 0xA0) return cp1252[c - 0x80];
  return c;
}

int nl_utf8_decode(const char *s, size_t n, unsigned *cp) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned c = u[0], v;
  int len, i;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    v = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    v = c & 0x07;
  } else {
    return 0;
  }
  if ((size_t)len > n) return 0;
  for (i = 1; i < len; i++) {
    if ((u[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (u[i] & 0x3F);
  }
  if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

size_t nl_utf8_valid_prefix(const char *s, size_t n) {
  size_t i = 0;
  unsigned cp;
  while (i < n) {
    int k;
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    k = nl_utf8_decode(s + i, n - i, &cp);
    if (!k) break;
    i += (size_t)k;
  }
  return i;
}

size_t nl_utf8_repair(nl_buf *out, const char *s, size_t n) {
  size_t i = 0, run = 0, repaired = 0;
  unsigned cp;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    int k;
    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
      if (c < 0x80) {
        i++;
        continue;
      }
      k = nl_utf8_decode(s + i, n - i, &cp);
      if (k) {
        i += (size_t)k;
        continue;
      }
    }
    nl_buf_append(out, s + run, i - run);
    if (c < 0x20) {
      nl_buf_putc(out, ' ');
    } else {
      nl_buf_put_utf8(out, nl_cp1252_to_unicode(c));
      repaired++;
    }
    i++;
    run = i;
  }
  nl_buf_append(out, s + run, n - run);
  return repaired;
}

int nl_utf8_nfc(nl_buf *out, const char *s, size_t n) {
  size_t i;
  utf8proc_uint8_t *nfc = NULL;
  utf8proc_ssize_t r;
  /* Fast path: pure ASCII and Latin-1-range text without combining marks
  ** is already NFC.  Only call utf8proc when a combining-capable byte is seen. */
  for (i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0xCC) break;
  if (i == n) {
    nl_buf_append(out, s, n);
    return nl_buf_ok(out) ? 0 : -1;
  }
  r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  if (r < 0) {
    nl_buf_append(out, s, n); /* invalid input: copy as is */
  } else {
    nl_buf_append(out, (const char *)nfc, (size_t)r);
    free(nfc);
  }
  return nl_buf_ok(out) ? 0 : -1;
}

/* Append s[0..n) to out with ASCII capitals lowered. */
static void ascii_lower(nl_buf *out, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    nl_buf_putc(out, (char)nl_ascii_lower((unsigned char)s[i]));
}

int nl_utf8_casefold(nl_buf *out, const char *s, size_t n) {
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t r;
  size_t i;
  for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
    continue;
  if (i == n) { /* ASCII: utf8proc would only lower it */
    ascii_lower(out, s, n);
    return nl_buf_ok(out) ? 0 : -1;
  }
  r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
  if (r < 0) {
    ascii_lower(out, s, n); /* invalid input (or out of memory in utf8proc) */
  } else {
    nl_buf_append(out, (const char *)folded, (size_t)r);
    free(folded);
  }
  return nl_buf_ok(out) ? 0 : -1;
}
