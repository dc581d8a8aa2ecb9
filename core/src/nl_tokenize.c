/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "newslua/nl_tokenize.h"
#include "nl_alloc.h"
struct nl_tokenizer { int dummy; };
nl_status nl_tokenizer_new(const nl_tokenizer_opts *opts, nl_tokenizer **out, nl_error *err) {
  (void)opts; (void)err; *out = nl_calloc(1, sizeof **out); return *out ? NL_OK : NL_ENOMEM; }
void nl_tokenizer_free(nl_tokenizer *tk) { nl_free(tk); }
int nl_tokenize(const nl_tokenizer *tk, int mode, const char *text, int len, void *ctx, nl_token_fn fn) {
  (void)tk; (void)mode; (void)text; (void)len; (void)ctx; (void)fn; return 0; }
int nl_tokens(const char *text, size_t len, void *ctx, nl_surface_fn fn) {
  (void)text; (void)len; (void)ctx; (void)fn; return 0; }
