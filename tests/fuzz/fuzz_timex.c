/*
** libFuzzer target: nl_timex_tag on arbitrary bytes.  The first byte
** picks the DCT (none, a date, a date-time); the rest is the text.
** Checks spans (in order, non-overlapping, inside the input) and that
** the fixed-size strings are terminated.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_timex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const dcts[] = {NULL, "2022-01-21", "2013-03-22T15:00",
                                     "1998-12-31"};
  nl_timex_opts o = NL_TIMEX_OPTS_INIT;
  nl_timex *tx;
  size_t n, i, last = 0, len;
  nl_status st;
  if (size < 1) return 0;
  o.dct = dcts[data[0] & 3];
  len = size - 1;
  st = nl_timex_tag((const char *)data + 1, len, &o, &tx, &n, NULL);
  if (st != NL_OK) {
    if (st != NL_ENOMEM && st != NL_EINVAL) abort();
    return 0;
  }
  for (i = 0; i < n; i++) {
    if (tx[i].start >= tx[i].end || tx[i].end > len || tx[i].start < last)
      abort();
    if (!memchr(tx[i].value, 0, sizeof tx[i].value) ||
        !memchr(tx[i].mod, 0, sizeof tx[i].mod) ||
        !memchr(tx[i].anchor, 0, sizeof tx[i].anchor))
      abort();
    last = tx[i].end;
  }
  nl_free_mem(tx);
  return 0;
}
