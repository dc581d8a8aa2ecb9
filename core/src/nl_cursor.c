/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "newslua/nl_cursor.h"
nl_status nl_db_articles(nl_db *db, const nl_filter *f, nl_cursor **out, nl_error *err) { (void)db; (void)f; *out = NULL; return nl_error_set(err, NL_EDB, "not implemented yet"); }
nl_status nl_db_search(nl_db *db, const char *q, const nl_filter *f, nl_cursor **out, nl_error *err) { (void)db; (void)q; (void)f; *out = NULL; return nl_error_set(err, NL_EDB, "not implemented yet"); }
nl_status nl_db_sentences(nl_db *db, const char *a, nl_cursor **out, nl_error *err) { (void)db; (void)a; *out = NULL; return nl_error_set(err, NL_EDB, "not implemented yet"); }
nl_status nl_db_dates(nl_db *db, const nl_filter *f, nl_cursor **out, nl_error *err) { (void)db; (void)f; *out = NULL; return nl_error_set(err, NL_EDB, "not implemented yet"); }
nl_status nl_cursor_next(nl_cursor *c, nl_error *err) { (void)c; (void)err; return NL_DONE; }
int nl_cursor_ncols(const nl_cursor *c) { (void)c; return 0; }
const char *nl_cursor_name(const nl_cursor *c, int col) { (void)c; (void)col; return ""; }
nl_col_type nl_cursor_type(const nl_cursor *c, int col) { (void)c; (void)col; return NL_COL_NULL; }
long long nl_cursor_int(const nl_cursor *c, int col) { (void)c; (void)col; return 0; }
double nl_cursor_real(const nl_cursor *c, int col) { (void)c; (void)col; return 0; }
const char *nl_cursor_text(const nl_cursor *c, int col, size_t *len) { (void)c; (void)col; if (len) *len = 0; return NULL; }
void nl_cursor_free(nl_cursor *c) { (void)c; }
