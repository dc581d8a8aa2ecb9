/*
** nl_charset.c -- legacy charsets: uchardet's guess, iconv's decoding.
*/
#include "nl_charset.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

#include "newslua/nl_utf8.h"

/* uchardet's answers that read as Windows-1252 already (or say nothing):
** the Windows-1252 reading stays, as before uchardet was asked. */
static const char *const western[] = {
    "", "ASCII", "UTF-8", "WINDOWS-1252", "ISO-8859-1", "ISO-8859-15",
};

static int is_western(const char *cs) {
  size_t i;
  for (i = 0; i < sizeof western / sizeof *western; i++)
    if (strcasecmp(cs, western[i]) == 0) return 1;
  return 0;
}

/* nl_charset_latin1: see nl_charset.h. */
int nl_charset_latin1(const char *cs) {
  static const char *const latin[] = {"iso-8859-1", "iso8859-1",    "latin1",
                                      "latin-1",    "l1",           "us-ascii",
                                      "ascii",      "windows-1252", "cp1252",
                                      "x-cp1252",   "iso_8859-1",   NULL};
  const char *const *p;
  for (p = latin; *p; p++)
    if (strcmp(*p, cs) == 0) return 1;
  return 0;
}

/* nl_charset_utf8_despite: see nl_charset.h. */
int nl_charset_utf8_despite(const char *cs, const char *s, size_t n,
                            int prefix) {
  size_t i;
  if (!nl_charset_latin1(cs)) return 0;
  for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
    ;
  if (i == n) return 0; /* ASCII: read the same either way */
  /* a prefix may end inside a character: 3 bytes of slack */
  return nl_utf8_valid_prefix(s, n) + (prefix ? 3 : 0) >= n;
}

/* See nl_charset.h.  Runs of valid UTF-8 (nl_utf8_valid_prefix) count
** their lead bytes as good sequences; the byte ending a run is bad. */
size_t nl_charset_census(const char *s, size_t n, int *utf8) {
  size_t i = 0, high = 0, good = 0, bad = 0;
  while (i < n) {
    size_t end = i + nl_utf8_valid_prefix(s + i, n - i);
    for (; i < end; i++) {
      unsigned char c = (unsigned char)s[i];
      high += c >= 0x80;
      good += c >= 0xC0;
    }
    if (i < n) {
      bad++;
      high++;
      i++;
    }
  }
  *utf8 = good >= bad;
  return high;
}

/* See nl_charset.h. */
const char *nl_charset_guess(const char *s, size_t n) {
  static _Thread_local char name[48];
  size_t m = n < NL_CHARSET_SCAN ? n : NL_CHARSET_SCAN;
  const char *cs;
  uchardet_t ud;
  iconv_t cd;
  int utf8, ok;
  if (nl_charset_census(s, m, &utf8) < NL_CHARSET_MIN_HIGH || utf8)
    return NULL;
  if (!(ud = uchardet_new())) return NULL;
  ok = uchardet_handle_data(ud, s, m) == 0;
  uchardet_data_end(ud);
  cs = ok ? uchardet_get_charset(ud) : "";
  ok = cs && !is_western(cs) && strlen(cs) < sizeof name;
  if (ok) strcpy(name, cs);
  uchardet_delete(ud);
  if (!ok) return NULL;
  cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) return NULL;
  iconv_close(cd);
  return name;
}

/* See nl_charset.h. */
long nl_charset_decode(nl_buf *out, const char *cs, const char *s, size_t n) {
  const char *from = cs;
  iconv_t cd;
  long repaired = 0;
  char *in = (char *)(size_t)s; /* iconv's prototype is not const */
  size_t inleft = n;
  if (strcasecmp(cs, "gb2312") == 0 || strcasecmp(cs, "gbk") == 0 ||
      strcasecmp(cs, "x-gbk") == 0)
    from = "GB18030";
  cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) return -1;
  while (inleft > 0 && nl_buf_ok(out)) {
    char *o;
    size_t oleft, room = inleft * 4 + 16, r;
    if (!nl_buf_reserve(out, room)) break;
    o = out->data + out->len;
    oleft = room;
    r = iconv(cd, &in, &inleft, &o, &oleft);
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    if (r == (size_t)-1 && errno == EILSEQ) {
      nl_buf_put_utf8(out, 0xFFFD);
      in++;
      inleft--;
      repaired++;
    } else if (r == (size_t)-1 && errno == EINVAL) {
      nl_buf_put_utf8(out, 0xFFFD);
      repaired += (long)inleft;
      break;
    } else if (r == (size_t)-1 && errno != E2BIG) {
      break;
    }
  }
  iconv_close(cd);
  return repaired;
}
