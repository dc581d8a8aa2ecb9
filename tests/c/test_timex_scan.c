/*
** test_timex_scan.c -- the timex scanner at every offset: one expression
** (hand-checked value) behind prefixes of 0..200 bytes, so that it and
** its neighbours fall on every position of the scanner's 64-byte windows,
** in a buffer of exactly the text's size (an over-read shows under ASan).
** The tagger must find the same expression, shifted, at every offset.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_buf.h"
#include "newslua/nl_timex.h"

/*
** Tag prefix (k bytes of filler) + text in an exact-size copy; check that
** exactly one expression is found, [k + at, k + at + strlen(expr)), with
** this value.  Returns 1 when it held (the checks are counted once per
** case, not once per offset).
*/
static int one(const char *filler, size_t k, const char *text, size_t at,
               const char *expr, const char *value) {
  size_t tl = strlen(text), fl = strlen(filler), len = k + tl, n, i;
  char *buf = malloc(len ? len : 1);
  nl_timex_opts o = NL_TIMEX_OPTS_INIT;
  nl_timex *x = NULL;
  int ok;
  for (i = 0; i < k; i++)
    buf[i] = filler[i % fl];
  memcpy(buf + k, text, tl);
  o.dct = "1999-01-15";
  ok = nl_timex_tag(buf, len, &o, &x, &n, NULL) == NL_OK && n == 1 &&
       x[0].start == k + at && x[0].end == k + at + strlen(expr) &&
       strcmp(x[0].value, value) == 0;
  if (!ok)
    printf("#   k=%zu filler \"%s\": %zu found, first [%zu,%zu) %s\n", k,
           filler, n, n ? x[0].start : 0, n ? x[0].end : 0,
           n ? x[0].value : "");
  nl_free_mem(x);
  free(buf);
  return ok;
}

/* The case at every offset 0..200 behind each filler. */
static void at_every_offset(const char *text, const char *expr,
                            const char *value) {
  static const char *const fillers[] = {" ",         "x ", "ab. ",
                                        "\xd0\x96 ", "7 ", "\xe2\x80\x94 "};
  const char *hit = strstr(text, expr);
  size_t f, k, bad = 0;
  for (f = 0; f < sizeof fillers / sizeof *fillers; f++)
    for (k = 0; k <= 200; k++)
      if (strlen(fillers[f]) == 1 || k % strlen(fillers[f]) == 0)
        bad += !one(fillers[f], k, text, (size_t)(hit - text), expr, value);
  NL_CHECK(bad == 0, "[%s] in \"%s\" at every offset (%zu failed)", expr, text,
           bad);
}

int main(void) {
  char longw[3][80];
  int w;
  at_every_offset("on March 3, 1999", "March 3, 1999", "1999-03-03");
  at_every_offset("said on MARCH 3, 1999.", "MARCH 3, 1999", "1999-03-03");
  at_every_offset("\xe2\x80\x98March 3, 1999\xe2\x80\x99 ok", "March 3, 1999",
                  "1999-03-03");
  at_every_offset("caf\xc3\xa9 March 3, 1999 na\xc3\xafve", "March 3, 1999",
                  "1999-03-03");
  at_every_offset("12345678 Friday", "Friday", "1999-01-15");
  at_every_offset("1234567 in 1987 x", "1987", "1987");
  for (w = 0; w < 3; w++) { /* words of 63, 64 and 65 letters */
    memset(longw[w], 'q', 63 + (size_t)w);
    strcpy(longw[w] + 63 + w, " in 1987");
    at_every_offset(longw[w], "1987", "1987");
  }
  return nl_test_done();
}
