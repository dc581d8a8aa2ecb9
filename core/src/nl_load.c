/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "nl_loader_internal.h"
#include <string.h>
const char *nl_format_name(nl_format f) { (void)f; return "unknown"; }
nl_format nl_format_from_name(const char *name) { (void)name; return NL_FORMAT_UNKNOWN; }
nl_format nl_sniff(const char *data, size_t len, const char *filename) { (void)data; (void)len; (void)filename; return NL_FORMAT_UNKNOWN; }
nl_status nl_sink_emit(nl_sink *sink, nl_article *a) { nl_status rc = NL_OK; if (sink->fn(sink->ctx, a)) rc = NL_EINTERRUPT; sink->emitted++; return rc; }
nl_status nl_load_buffer(const char *data, size_t len, const char *name, const nl_load_opts *opts, nl_article_fn fn, void *ctx, nl_error *err) {
  (void)data; (void)len; (void)opts; (void)fn; (void)ctx;
  return nl_error_set(err, NL_EPARSE, "%s: loaders not implemented yet", name ? name : "<buffer>"); }
nl_status nl_load_file(const char *path, const nl_load_opts *opts, nl_article_fn fn, void *ctx, nl_error *err) {
  return nl_load_buffer("", 0, path, opts, fn, ctx, err); }
nl_status nl_load_path(const char *path, const nl_load_opts *opts, nl_article_fn fn, nl_file_fn on_file, void *ctx, nl_error *err) {
  (void)on_file; return nl_load_file(path, opts, fn, ctx, err); }
