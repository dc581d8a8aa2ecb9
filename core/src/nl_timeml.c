/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "nl_loader_internal.h"
nl_status nl_load_timeml(const nl_source *src, nl_sink *sink, nl_error *err) {
  (void)sink;
  return nl_error_set(err, NL_EPARSE, "%s: timeml loader not implemented yet", src->name);
}
