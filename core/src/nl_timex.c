/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "newslua/nl_timex.h"
const char *nl_timex_type_name(nl_timex_type t) { static const char *n[] = {"DATE","TIME","DURATION","SET"}; return (unsigned)t < 4 ? n[t] : "DATE"; }
nl_status nl_timex_tag(const char *text, size_t len, const nl_timex_opts *opts, nl_timex **out, size_t *n, nl_error *err) {
  (void)text; (void)len; (void)opts; *out = NULL; *n = 0; return nl_error_set(err, NL_EINVAL, "timex: not implemented yet"); }
