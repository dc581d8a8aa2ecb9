/*
** nl_url.c -- the host of an article's address; see nl_url.h.
*/
#include "nl_url.h"

#include <string.h>

#include "nl_ascii.h"

/* See nl_url.h. */
size_t nl_url_host(const char *url, char *out, size_t cap, int strip_www) {
  const char *h = url ? strstr(url, "://") : NULL, *e, *at, *s;
  size_t n, i;
  if (!h || h == url || h - url > 10 || cap == 0) return 0;
  for (s = url; s < h; s++)
    if (!nl_ascii_is_alpha((unsigned char)*s)) return 0;
  h += 3;
  e = h + strcspn(h, "/?#");
  at = memchr(h, '@', (size_t)(e - h));
  if (at) h = at + 1;
  n = strcspn(h, ":/?#");
  if (h + n < e) e = h + n;
  n = (size_t)(e - h);
  if (n == 0 || n >= cap) return 0;
  for (i = 0; i < n; i++)
    out[i] = (char)nl_ascii_lower((unsigned char)h[i]);
  out[n] = '\0';
  if (strip_www && strncmp(out, "www", 3) == 0) {
    for (i = 3; out[i] >= '0' && out[i] <= '9'; i++)
      continue;
    if (out[i] == '.' && strchr(out + i + 1, '.')) {
      memmove(out, out + i + 1, n - i); /* with the NUL */
      n -= i + 1;
    }
  }
  return strchr(out, '.') ? n : 0;
}

/* See nl_url.h. */
int nl_url_is_home(const char *href) {
  char host[256];
  const char *p;
  if (!href) return 0;
  while (*href == ' ')
    href++;
  if (!strcmp(href, "/") || !strcmp(href, "./") || !strcmp(href, "index.html"))
    return 1;
  if (!nl_url_host(href, host, sizeof host, 0)) return 0;
  p = strstr(href, "://") + 3;
  p += strcspn(p, "/?#");
  return !*p || !strcmp(p, "/");
}

/* ---- the date of an address ------------------------------------------- */

/* The value of the n ASCII digits at s (n of them exactly), else -1. */
static int digits(const char *s, size_t n) {
  int v = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* A segment s[0..n) of one or two digits in lo..hi, else 0 (need2: two
** digits only). */
static int small(const char *s, size_t n, int lo, int hi, int need2) {
  int v;
  if (n < 1 + (need2 != 0) || n > 2) return 0;
  v = digits(s, n);
  return v >= lo && v <= hi ? v : 0;
}

/* The month a segment names: "01".."12", "1".."9" (unless need2), or an
** English three-letter month name in any case; 0 if none. */
static int month_of(const char *s, size_t n, int need2) {
  static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  int k;
  if (n == 3 && nl_ascii_is_alpha((unsigned char)s[0])) {
    for (k = 0; k < 12; k++)
      if (nl_ascii_lower((unsigned char)s[0]) == names[3 * k] &&
          nl_ascii_lower((unsigned char)s[1]) == names[3 * k + 1] &&
          nl_ascii_lower((unsigned char)s[2]) == names[3 * k + 2])
        return k + 1;
    return 0;
  }
  return small(s, n, 1, 12, need2);
}

static int year_ok(int y) { return y >= 1990 && y <= 2099; }

/* Is y-m-d a calendar day (y in range)? */
static int day_ok(int y, int m, int d) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (!year_ok(y) || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
  return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

typedef struct url_seg { /* one path segment */
  const char *s;
  size_t n;
} url_seg;

typedef struct url_found {
  int kind, y, m, d;
  size_t at, len;
  int clash;
} url_found;

/* Note one date read at [a, b) of the address. */
static void found(url_found *f, int kind, int y, int m, int d, const char *a,
                  const char *b, const char *url) {
  if (f->kind) {
    if (f->kind != kind || f->y != y || f->m != m || f->d != d) f->clash = 1;
    return;
  }
  f->kind = kind, f->y = y, f->m = m, f->d = d;
  f->at = (size_t)(a - url);
  f->len = (size_t)(b - a);
}

#define URL_MAX_SEGS 64

/* The dates of the path segments g[0..ng). */
static void path_dates(const url_seg *g, size_t ng, const char *url,
                       url_found *f) {
  size_t i;
  for (i = 0; i < ng; i++) {
    const char *s = g[i].s;
    size_t n = g[i].n;
    const url_seg *nx = i + 1 < ng ? &g[i + 1] : NULL;
    const url_seg *nn = i + 2 < ng ? &g[i + 2] : NULL;
    int y, m, d;
    if (n == 4 && year_ok(y = digits(s, 4)) && nx &&
        (m = month_of(nx->s, nx->n, 0)) != 0) {
      /* "/2016/01/05/", "/2016/1/5/", "/2016/jan/05/"; "/2016/01/slug" */
      if (nn && (d = small(nn->s, nn->n, 1, 31, 0)) != 0 && day_ok(y, m, d)) {
        found(f, NL_URL_DAY, y, m, d, s, nn->s + nn->n, url);
        i += 2;
      } else if (month_of(nx->s, nx->n, 1) &&
                 !(nn && nn->n && nn->n <= 2 && digits(nn->s, nn->n) >= 0)) {
        /* a month, unless a number that is no day follows ("/02/30/") */
        found(f, NL_URL_MONTH, y, m, 0, s, nx->s + nx->n, url);
        i += 1;
      }
    } else if (n == 10 && s[4] == '-' && s[7] == '-' &&
               day_ok(y = digits(s, 4), m = digits(s + 5, 2),
                      d = digits(s + 8, 2))) { /* "/2016-01-05/" */
      found(f, NL_URL_DAY, y, m, d, s, s + n, url);
    } else if ((n == 7 && s[4] == '-') || (n == 6 && digits(s, 6) >= 0)) {
      /* "/2016-01/05/", "/201601/05/" */
      y = digits(s, 4);
      m = digits(s + n - 2, 2);
      if (nx && (d = small(nx->s, nx->n, 1, 31, 1)) != 0 && day_ok(y, m, d)) {
        found(f, NL_URL_DAY, y, m, d, s, nx->s + nx->n, url);
        i += 1;
      }
    } else if (n == 8 && day_ok(y = digits(s, 4), m = digits(s + 4, 2),
                                d = digits(s + 6, 2))) { /* "/20160105/" */
      found(f, NL_URL_DAY, y, m, d, s, s + n, url);
    }
  }
}

/* The date of a query's "date=" parameter q[0..n) ("?a=1&date=..."). */
static void query_date(const char *q, size_t n, const char *url,
                       url_found *f) {
  const char *p = q, *e = q + n;
  while (p < e) {
    const char *amp = memchr(p, '&', (size_t)(e - p)), *v;
    size_t k = amp ? (size_t)(amp - p) : (size_t)(e - p), vn;
    int y, m, d;
    if (k > 5 && nl_ascii_lower((unsigned char)p[0]) == 'd' &&
        nl_ascii_lower((unsigned char)p[1]) == 'a' &&
        nl_ascii_lower((unsigned char)p[2]) == 't' &&
        nl_ascii_lower((unsigned char)p[3]) == 'e' && p[4] == '=') {
      v = p + 5;
      vn = k - 5;
      if (vn == 10 && v[4] == '-' && v[7] == '-' &&
          day_ok(y = digits(v, 4), m = digits(v + 5, 2), d = digits(v + 8, 2)))
        found(f, NL_URL_DAY, y, m, d, v, v + vn, url);
      else if (vn == 8 && day_ok(y = digits(v, 4), m = digits(v + 4, 2),
                                 d = digits(v + 6, 2)))
        found(f, NL_URL_DAY, y, m, d, v, v + vn, url);
    }
    p += k + 1;
  }
}

/* See nl_url.h. */
int nl_url_date(const char *url, int *y, int *m, int *d, size_t *at,
                size_t *len) {
  const char *h = url ? strstr(url, "://") : NULL, *p, *e, *s;
  url_seg g[URL_MAX_SEGS];
  size_t ng = 0;
  url_found f;
  if (!h || h == url || h - url > 10) return NL_URL_NODATE;
  for (s = url; s < h; s++)
    if (!nl_ascii_is_alpha((unsigned char)*s)) return NL_URL_NODATE;
  memset(&f, 0, sizeof f);
  p = h + 3;
  p += strcspn(p, "/?#"); /* past the host */
  e = p + strcspn(p, "?#");
  while (p < e && ng < URL_MAX_SEGS) { /* the path's segments */
    const char *q;
    if (*p == '/') p++;
    q = p;
    while (q < e && *q != '/')
      q++;
    g[ng].s = p;
    g[ng++].n = (size_t)(q - p);
    p = q;
  }
  path_dates(g, ng, url, &f);
  if (*e == '?') query_date(e + 1, strcspn(e + 1, "#"), url, &f);
  if (!f.kind || f.clash) return NL_URL_NODATE;
  *y = f.y;
  *m = f.m;
  *d = f.d;
  if (at) *at = f.at;
  if (len) *len = f.len;
  return f.kind;
}
