/*
** nl_gzlines.c -- see nl_gzlines.h.
*/
#include "nl_gzlines.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "nl_alloc.h"

struct nl_gzlines {
  z_stream z;
  const char *data; /* the compressed bytes */
  size_t len, fed;  /* fed: bytes given to zlib */
  size_t cap, total; /* inflated: the bound, so far */
  char *buf;        /* inflated, not handed out: buf[0..have) */
  size_t have, size;
  size_t handed;    /* bytes of the last piece (moved out at the next) */
  size_t offset;    /* inflated bytes handed out before the last piece */
  int ended;        /* the stream is over (whole, cut or corrupt) */
  char problem[160];
  char name[256];
};

/* See nl_gzlines.h. */
nl_status nl_gzlines_open(const char *data, size_t len, size_t cap,
                          const char *name, nl_gzlines **out, nl_error *err) {
  nl_gzlines *z = nl_calloc(1, sizeof *z);
  *out = NULL;
  if (!z || inflateInit2(&z->z, 16 + MAX_WBITS) != Z_OK) {
    nl_free(z);
    return nl_error_set(err, NL_ENOMEM, "%s: cannot start gunzip", name);
  }
  z->data = data;
  z->len = len;
  z->cap = cap;
  snprintf(z->name, sizeof z->name, "%s", name);
  *out = z;
  return NL_OK;
}

/* Inflate into buf until it holds `want` bytes or the stream ends. */
static nl_status fill(nl_gzlines *z, size_t want, nl_error *err) {
  while (!z->ended && z->have < want) {
    int zr;
    uInt before;
    if (z->size - z->have < 65536) { /* doubling from 64 KiB: a small file
                                     ** costs no window */
      size_t size = z->size ? 2 * z->size : 65536;
      char *nb = nl_realloc(z->buf, size);
      if (!nb)
        return nl_error_set(err, NL_ENOMEM, "%s: out of memory gunzipping",
                            z->name);
      z->buf = nb;
      z->size = size;
    }
    if (z->z.avail_in == 0 && z->fed < z->len) {
      size_t chunk = z->len - z->fed > (1u << 30) ? (1u << 30)
                                                  : z->len - z->fed;
      z->z.next_in = (Bytef *)(size_t)(z->data + z->fed);
      z->z.avail_in = (uInt)chunk;
      z->fed += chunk;
    }
    z->z.next_out = (Bytef *)(z->buf + z->have);
    z->z.avail_out = before = (uInt)(z->size - z->have > (1u << 30)
                                         ? (1u << 30)
                                         : z->size - z->have);
    zr = inflate(&z->z, Z_NO_FLUSH);
    z->have += before - z->z.avail_out;
    z->total += before - z->z.avail_out;
    if (z->total > z->cap)
      return nl_error_set(err, NL_ELIMIT, "%s: decompressed size exceeds %zu "
                          "bytes", z->name, z->cap);
    if (zr == Z_STREAM_END) {
      size_t used = z->fed - z->z.avail_in;
      if (used + 2 <= z->len && (unsigned char)z->data[used] == 0x1f &&
          (unsigned char)z->data[used + 1] == 0x8b) {
        inflateReset(&z->z); /* another gzip member */
        continue;
      }
      z->ended = 1;
    } else if (zr == Z_BUF_ERROR || (zr == Z_OK && z->z.avail_in == 0 &&
                                     z->fed == z->len &&
                                     z->z.avail_out != 0)) {
      z->ended = 1;
      snprintf(z->problem, sizeof z->problem,
               "truncated gzip stream at byte %zu", z->len);
    } else if (zr == Z_MEM_ERROR) {
      return nl_error_set(err, NL_ENOMEM, "%s: out of memory gunzipping",
                          z->name);
    } else if (zr != Z_OK) {
      z->ended = 1;
      snprintf(z->problem, sizeof z->problem,
               "corrupt gzip stream at byte %zu (%s)",
               z->fed - z->z.avail_in, z->z.msg ? z->z.msg : "bad data");
    }
  }
  return NL_OK;
}

/* The end of the last whole line in buf[0..have), or 0. */
static size_t lines_end(const nl_gzlines *z) {
  size_t i = z->have;
  while (i > 0 && z->buf[i - 1] != '\n')
    i--;
  return i;
}

/* See nl_gzlines.h. */
nl_status nl_gzlines_next(nl_gzlines *z, const char **piece, size_t *n,
                          nl_error *err) {
  size_t end, want = NL_GZ_WINDOW;
  nl_status st;
  *piece = NULL;
  *n = 0;
  if (z->handed) { /* drop the piece handed out last */
    memmove(z->buf, z->buf + z->handed, z->have - z->handed);
    z->have -= z->handed;
    z->offset += z->handed;
    z->handed = 0;
  }
  for (;;) {
    if ((st = fill(z, want, err)) != NL_OK) return st;
    end = z->ended ? z->have : lines_end(z);
    if (end > 0) break;
    if (z->ended) return NL_DONE;
    if (z->have > NL_GZ_MAX_LINE)
      return nl_error_set(err, NL_ELIMIT, "%s: a line of over %zu bytes at "
                          "byte %zu of the inflated text (not JSON Lines)",
                          z->name, (size_t)NL_GZ_MAX_LINE, z->offset);
    want = z->have + NL_GZ_WINDOW; /* one long line: read on */
  }
  *piece = z->buf;
  *n = z->handed = end;
  return NL_OK;
}

/* See nl_gzlines.h. */
nl_status nl_gzlines_rest(nl_gzlines *z, size_t cap, char **out,
                          size_t *out_len, nl_error *err) {
  nl_status st;
  char *b;
  *out = NULL;
  *out_len = 0;
  z->handed = 0; /* the first piece (if any) stays in front */
  if (cap < z->cap) z->cap = cap;
  if ((st = fill(z, SIZE_MAX, err)) != NL_OK) return st;
  if (z->problem[0])
    return nl_error_set(err, NL_EPARSE, "%s: %s", z->name, z->problem);
  if (!(b = nl_realloc(z->buf, z->have + 1)))
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", z->name);
  b[z->have] = '\0';
  *out = b;
  *out_len = z->have;
  z->buf = NULL;
  z->have = z->size = 0;
  return NL_OK;
}

/* See nl_gzlines.h. */
const char *nl_gzlines_problem(const nl_gzlines *z) {
  return z->problem[0] ? z->problem : NULL;
}

/* See nl_gzlines.h. */
size_t nl_gzlines_offset(const nl_gzlines *z) { return z->offset; }

/* See nl_gzlines.h. */
size_t nl_gzlines_fed(const nl_gzlines *z) {
  return z->fed - z->z.avail_in;
}

/* See nl_gzlines.h. */
void nl_gzlines_free(nl_gzlines *z) {
  if (!z) return;
  inflateEnd(&z->z);
  nl_free(z->buf);
  nl_free(z);
}
