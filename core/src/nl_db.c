/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "newslua/nl_db.h"
nl_status nl_db_open(const char *path, const nl_db_opts *opts, nl_db **out, nl_error *err) {
  (void)opts; *out = NULL; return nl_error_set(err, NL_EDB, "%s: store not implemented yet", path); }
void nl_db_close(nl_db *db) { (void)db; }
const char *nl_db_path(const nl_db *db) { (void)db; return ""; }
nl_status nl_db_ingest(nl_db *db, const char *path, const nl_ingest_opts *opts, nl_ingest_report *report, nl_error *err) {
  (void)db; (void)opts; (void)report; return nl_error_set(err, NL_EDB, "%s: not implemented yet", path); }
nl_status nl_db_put_article(nl_db *db, const nl_article *a, nl_error *err) { (void)db; (void)a; return nl_error_set(err, NL_EDB, "not implemented yet"); }
nl_status nl_db_count(nl_db *db, long long *n, nl_error *err) { (void)db; *n = 0; return nl_error_set(err, NL_EDB, "not implemented yet"); }
