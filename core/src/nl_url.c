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
