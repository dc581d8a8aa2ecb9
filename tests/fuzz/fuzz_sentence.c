/*
** libFuzzer target: nl_sentences on arbitrary bytes.  Checks that spans
** are non-empty, in order, non-overlapping and inside the input.
*/
#include <stdint.h>
#include <stdlib.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_sentence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_span *sp;
  size_t n, i, last = 0;
  if (nl_sentences((const char *)data, size, &sp, &n, NULL) != NL_OK) abort();
  for (i = 0; i < n; i++) {
    if (sp[i].start >= sp[i].end || sp[i].end > size || sp[i].start < last)
      abort();
    last = sp[i].end;
  }
  nl_free_mem(sp);
  return 0;
}
