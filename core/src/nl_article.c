/*
** nl_article.c -- the article record: cleaned strings, body paragraphs.
*/
#include "newslua/nl_article.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "newslua/nl_buf.h"
#include "newslua/nl_utf8.h"
#include "nl_alloc.h"

const char *nl_pub_source_name(nl_pub_source s) {
  switch (s) {
  case NL_PUB_METADATA: return "metadata";
  case NL_PUB_INFERRED: return "inferred";
  default: return "none";
  }
}

nl_status nl_article_new(nl_article **out) {
  *out = nl_calloc(1, sizeof **out);
  return *out ? NL_OK : NL_ENOMEM;
}

void nl_article_free(nl_article *a) {
  size_t i;
  if (!a) return;
  nl_free(a->id);
  nl_free(a->file);
  nl_free(a->item_key);
  nl_free(a->source);
  nl_free(a->title);
  nl_free(a->url);
  nl_free(a->author);
  nl_free(a->language);
  nl_free(a->published);
  nl_free(a->published_evidence);
  nl_free(a->body);
  nl_free(a->paragraphs);
  for (i = 0; i < a->n_warnings; i++) nl_free(a->warnings[i]);
  nl_free(a->warnings);
  for (i = 0; i < a->n_meta; i++) {
    nl_free(a->meta[i].key);
    nl_free(a->meta[i].value);
  }
  nl_free(a->meta);
  nl_free(a);
}

/* Is the UTF-8 sequence at s a Unicode space (incl. NBSP, U+2000..200A,
** U+202F, U+205F, U+3000, U+FEFF BOM, zero-width space)? Returns its byte
** length or 0. */
static int space_len(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] == ' ' || u[0] < 0x20 || u[0] == 0x7F)
    return 1; /* whitespace, and every control byte (NUL too) */
  if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0) return 2;
  if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
      ((u[2] >= 0x80 && u[2] <= 0x8B) || u[2] == 0xAF))
    return 3;
  if (n >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) return 3;
  if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3;
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return 3;
  return 0;
}

/*
** Index of the first byte >= 0x80 in s[0..n) (n if none), eight bytes at
** a time.
*/
static size_t ascii_prefix(const char *s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    unsigned long long w;
    memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ULL) break;
  }
  while (i < n && (unsigned char)s[i] < 0x80) i++;
  return i;
}

/* 1 for the ASCII bytes space_len treats as space: ' ', controls, DEL. */
static const unsigned char ascii_space[128] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

/* In x, bit 0x80 of each byte equal to c (exact for every byte). */
static uint64_t bytes_eq(uint64_t x, unsigned char c) {
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
  uint64_t y = x ^ (0x0101010101010101ULL * c);
  return ~(((y & low7) + low7) | y) & ~low7;
}

/*
** Skip, from u[i] (u[i - 1] is a byte of the current run, not a space),
** the bytes collapse() copies as they are: printable ASCII (0x21..0x7E),
** and single spaces followed by one.  Sixteen bytes a test with SSE2,
** else eight; stops at the first byte that needs a look.
*/
static size_t plain_bytes(const unsigned char *u, size_t n, size_t i) {
  const uint64_t ones = 0x0101010101010101ULL, low7 = ones * 0x7F;
#if !(defined(__GNUC__) && defined(__BYTE_ORDER__) && \
      __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
  return i; /* the first byte is the lowest below: little-endian only */
#endif
#if defined(__SSE2__)
  while (i + 16 <= n) { /* the same test on sixteen bytes, as bits */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
    /* signed x < 0x20: >= 0x80 or < 0x20 */
    unsigned bad = (unsigned)_mm_movemask_epi8(_mm_or_si128(
        _mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
        _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))));
    unsigned sp =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
    bad |= sp & ((sp | bad) >> 1); /* a space before a space or such */
    if ((sp >> 15) &&
        (i + 16 >= n || (unsigned char)(u[i + 16] - 0x21) >= 0x5E))
      bad |= 1u << 15; /* the last byte, a space: what follows it */
    if (bad) return i + (size_t)__builtin_ctz(bad);
    i += 16;
  }
#endif
  while (i + 8 <= n) {
    uint64_t x, sp, bad;
    memcpy(&x, u + i, 8);
    /* >= 0x80, < 0x20 (exact: no carries between bytes), DEL */
    bad = x | ~(((x & low7) + ones * 0x60) | x);
    bad = (bad & ~low7) | bytes_eq(x, 0x7F);
    sp = bytes_eq(x, ' ');
    bad |= sp & ((sp | bad) >> 8); /* a space before a space or such */
    if ((sp >> 63) &&
        (i + 8 >= n || (unsigned char)(u[i + 8] - 0x21) >= 0x5E))
      bad |= 1ULL << 63; /* the last byte, a space: what follows it */
    if (bad) return i + ((size_t)__builtin_ctzll(bad) >> 3);
    i += 8;
  }
  return i;
}

/*
** Copy s[0..n) (valid UTF-8) to o with every run of spaces (space_len)
** collapsed to one ' ', none at either end.  Returns the bytes written,
** at most n.  Only the lead bytes of the multi-byte spaces (C2, E2, E3,
** EF) go through space_len; a single ' ' between printable ASCII bytes
** stays in the run being copied.
*/
static size_t collapse(char *o, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, w = 0;
  int pending_space = 0;
  while (i < n) {
    size_t run = i;
    int k = 0;
    for (;;) {
      unsigned char c;
      if (i > run) i = plain_bytes(u, n, i);
      if (i == n) break;
      c = u[i];
      if (c < 0x80) {
        if (ascii_space[c]) {
          if (c == ' ' && i > run && i + 1 < n &&
              (unsigned char)(u[i + 1] - 0x21) < 0x5E) {
            i += 2; /* one space inside the run: kept as it is */
            continue;
          }
          k = 1;
          break;
        }
      } else if ((c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF) &&
                 (k = space_len(s + i, n - i)) != 0) {
        break;
      }
      i++;
    }
    if (i > run) {
      if (pending_space) o[w++] = ' ';
      memcpy(o + w, s + run, i - run);
      w += i - run;
      pending_space = 0;
    }
    if (i < n) {
      pending_space = w > 0;
      i += (size_t)k;
    }
  }
  return w;
}

/*
** The text clean() collapses: s[0..n) repaired (into `valid`) and NFC
** (into `nfc`) when needed, in *ps, *pn.  Returns the repaired byte count.
*/
static size_t normalise(nl_buf *valid, nl_buf *nfc, const char **ps,
                        size_t *pn) {
  const char *s = *ps;
  size_t n = *pn, repaired = 0, i = ascii_prefix(s, n);
  if (i == n) return 0; /* ASCII: valid, and NFC already */
  if (i + nl_utf8_valid_prefix(s + i, n - i) != n) {
    repaired = nl_utf8_repair(valid, s, n);
    s = valid->data ? valid->data : "";
    n = valid->len;
    i = 0;
  }
  /* Only bytes >= 0xCC can start a sequence NFC would change. */
  for (; i < n && (unsigned char)s[i] < 0xCC; i++) {
  }
  if (i < n) {
    nl_utf8_nfc(nfc, s, n);
    s = nfc->data ? nfc->data : "";
    n = nfc->len;
  }
  *ps = s;
  *pn = n;
  return repaired;
}

/* Clean s[0..n) (repair, NFC, collapse whitespace, trim) into a new
** string in *out, NULL when nothing is left; adds the repaired byte count
** to *repaired.  Returns NL_OK or NL_ENOMEM (*out NULL). */
static nl_status clean(char **out, const char *s, size_t n, size_t *repaired) {
  nl_buf valid = NL_BUF_INIT, nfc = NL_BUF_INIT;
  nl_status st = NL_OK;
  char *o;
  *out = NULL;
  *repaired += normalise(&valid, &nfc, &s, &n);
  if (!nl_buf_ok(&valid) || !nl_buf_ok(&nfc)) {
    st = NL_ENOMEM;
  } else if ((o = nl_malloc(n + 1)) == NULL) { /* collapse writes at most n */
    st = NL_ENOMEM;
  } else {
    size_t w = collapse(o, s, n);
    o[w] = '\0';
    if (w) *out = o;
    else nl_free(o);
  }
  nl_buf_free(&valid);
  nl_buf_free(&nfc);
  return st;
}

nl_status nl_article_set(nl_article *a, char **field, const char *s, size_t n) {
  char *v;
  nl_status st = clean(&v, s ? s : "", s ? n : 0, &a->repaired_bytes);
  if (st != NL_OK) return st;
  nl_free(*field);
  *field = v;
  return NL_OK;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
  size_t ncap;
  void *np;
  if (need <= *cap) return 1;
  ncap = *cap ? *cap * 2 : 8;
  while (ncap < need) ncap *= 2;
  np = nl_realloc(*p, ncap * elem);
  if (!np) return 0;
  *p = np;
  *cap = ncap;
  return 1;
}

nl_status nl_article_add_paragraph(nl_article *a, const char *s, size_t n) {
  nl_buf valid = NL_BUF_INIT, nfc = NL_BUF_INIT;
  size_t sep = a->body_len ? 2 : 0, len;
  int had_body = a->body != NULL;
  nl_status st = NL_OK;
  a->repaired_bytes += normalise(&valid, &nfc, &s, &n);
  if (!nl_buf_ok(&valid) || !nl_buf_ok(&nfc)) {
    st = NL_ENOMEM;
    goto done;
  }
  /* cleaned straight into the body, after room for the separator */
  if (!grow((void **)&a->body, &a->body_cap, a->body_len + sep + n + 1, 1)) {
    st = NL_ENOMEM;
    goto done;
  }
  len = collapse(a->body + a->body_len + sep, s, n);
  if (len == 0) { /* nothing left: the body stays as it was */
    if (had_body) {
      a->body[a->body_len] = '\0';
    } else {
      nl_free(a->body);
      a->body = NULL;
      a->body_cap = 0;
    }
    goto done;
  }
  if (!grow((void **)&a->paragraphs, &a->paragraphs_cap, a->n_paragraphs + 1,
            sizeof *a->paragraphs)) {
    a->body[a->body_len] = '\0';
    st = NL_ENOMEM;
    goto done;
  }
  if (sep) memcpy(a->body + a->body_len, "\n\n", 2);
  a->paragraphs[a->n_paragraphs].start = a->body_len + sep;
  a->paragraphs[a->n_paragraphs].end = a->body_len + sep + len;
  a->n_paragraphs++;
  a->body_len += sep + len;
  a->body[a->body_len] = '\0';
done:
  nl_buf_free(&valid);
  nl_buf_free(&nfc);
  return st;
}

nl_status nl_article_add_text(nl_article *a, const char *s, size_t n,
                              int single_newline_breaks) {
  size_t i = 0, start = 0;
  nl_status rc;
  while (i <= n) {
    int brk = 0;
    size_t next = i + 1;
    if (i == n) {
      brk = 1;
    } else if (s[i] == '\n') {
      if (single_newline_breaks) {
        brk = 1;
      } else {
        size_t j = i + 1;
        while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
        if (j < n && s[j] == '\n') {
          brk = 1;
          next = j + 1;
        }
      }
    }
    if (brk) {
      rc = nl_article_add_paragraph(a, s + start, i - start);
      if (rc) return rc;
      start = next;
      i = next;
    } else {
      i++;
    }
  }
  return NL_OK;
}

/* Drop from msg (in place) the bytes that are no whole UTF-8 character:
** a caller's "%.80s" or the message's own length limit may cut one. */
static void drop_cut_chars(char *msg) {
  size_t n = strlen(msg), i = 0, k = 0;
  unsigned cp;
  if (nl_utf8_valid_prefix(msg, n) == n) return;
  while (i < n) {
    int len = (unsigned char)msg[i] < 0x80 ? 1 : nl_utf8_decode(msg + i, n - i, &cp);
    if (len == 0) {
      i++;
      continue;
    }
    memmove(msg + k, msg + i, (size_t)len);
    k += (size_t)len;
    i += (size_t)len;
  }
  msg[k] = '\0';
}

nl_status nl_article_warn(nl_article *a, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  char *copy;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  drop_cut_chars(msg);
  if (!grow((void **)&a->warnings, &a->warnings_cap, a->n_warnings + 1,
            sizeof *a->warnings))
    return NL_ENOMEM;
  copy = nl_strdup(msg);
  if (!copy) return NL_ENOMEM;
  a->warnings[a->n_warnings++] = copy;
  return NL_OK;
}

nl_status nl_article_add_meta(nl_article *a, const char *key, const char *value,
                              size_t value_len) {
  char *k = NULL, *v = NULL;
  nl_article tmp;
  memset(&tmp, 0, sizeof tmp);
  if (nl_article_set(&tmp, &v, value, value_len)) return NL_ENOMEM;
  a->repaired_bytes += tmp.repaired_bytes;
  if (!v) return NL_OK;
  k = nl_strdup(key);
  if (!k || !grow((void **)&a->meta, &a->meta_cap, a->n_meta + 1,
                  sizeof *a->meta)) {
    nl_free(k);
    nl_free(v);
    return NL_ENOMEM;
  }
  a->meta[a->n_meta].key = k;
  a->meta[a->n_meta].value = v;
  a->n_meta++;
  return NL_OK;
}

const char *nl_article_meta(const nl_article *a, const char *key) {
  size_t i;
  for (i = 0; i < a->n_meta; i++)
    if (strcmp(a->meta[i].key, key) == 0) return a->meta[i].value;
  return NULL;
}

static int days_in_month(int y, int m) {
  static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

/* Validate a TimeML date/datetime value (sscanf: any spelling). */
static int valid_date_scanf(const char *v) {
  int y, mo = 1, d = 1, h = 0, mi = 0, s = 0, n = 0;
  size_t len = strlen(v);
  if (len == 4 && sscanf(v, "%4d%n", &y, &n) == 1 && n == 4) return y > 0;
  if (len == 7 && sscanf(v, "%4d-%2d%n", &y, &mo, &n) == 2 && n == 7)
    return y > 0 && mo >= 1 && mo <= 12;
  if (sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return 0;
  if (y <= 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
    return 0;
  if (len == 10) return 1;
  if (v[10] != 'T') return 0;
  if (len == 16 && sscanf(v + 11, "%2d:%2d%n", &h, &mi, &n) == 2 && n == 5)
    return h < 24 && mi < 60;
  if (len == 19 && sscanf(v + 11, "%2d:%2d:%2d%n", &h, &mi, &s, &n) == 3 &&
      n == 8)
    return h < 24 && mi < 60 && s < 61;
  return 0;
}

/* The number spelled by the k digits at v (each checked), or -1. */
static int digits(const char *v, size_t k) {
  int x = 0;
  size_t i;
  for (i = 0; i < k; i++) {
    if (v[i] < '0' || v[i] > '9') return -1;
    x = x * 10 + (v[i] - '0');
  }
  return x;
}

/*
** Validate a TimeML date/datetime value.  The plain spellings
** (YYYY-MM-DD, and with Thh:mm or Thh:mm:ss, all digits where digits go)
** are read here, giving what valid_date_scanf gives them; anything else
** (YYYY, YYYY-MM, signs, spaces, ...) goes to valid_date_scanf.
*/
static int valid_date(const char *v) {
  size_t len = strlen(v);
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if ((len != 10 && len != 16 && len != 19) || v[4] != '-' || v[7] != '-' ||
      (y = digits(v, 4)) < 0 || (mo = digits(v + 5, 2)) < 0 ||
      (d = digits(v + 8, 2)) < 0)
    return valid_date_scanf(v);
  if (len > 10 && (v[10] != 'T' || v[13] != ':' || (h = digits(v + 11, 2)) < 0 ||
                   (mi = digits(v + 14, 2)) < 0))
    return valid_date_scanf(v);
  if (len == 19 && (v[16] != ':' || (sec = digits(v + 17, 2)) < 0))
    return valid_date_scanf(v);
  if (y <= 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
    return 0;
  return h < 24 && mi < 60 && sec < 61;
}

nl_status nl_article_set_published(nl_article *a, const char *value,
                                   nl_pub_source source, const char *evidence) {
  char *v, *e = NULL;
  if (!value || !valid_date(value)) return NL_EINVAL;
  v = nl_strdup(value);
  if (!v) return NL_ENOMEM;
  if (evidence && !(e = nl_strdup(evidence))) {
    nl_free(v);
    return NL_ENOMEM;
  }
  nl_free(a->published);
  nl_free(a->published_evidence);
  a->published = v;
  a->published_evidence = e;
  a->published_source = source;
  return NL_OK;
}
