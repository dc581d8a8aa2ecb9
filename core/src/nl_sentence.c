/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "newslua/nl_sentence.h"
nl_status nl_sentences(const char *text, size_t len, nl_span **out, size_t *n, nl_error *err) {
  (void)text; (void)len; *out = NULL; *n = 0; return nl_error_set(err, NL_EINVAL, "sentences: not implemented yet"); }
