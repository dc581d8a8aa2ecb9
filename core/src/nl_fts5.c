/*
** nl_fts5.c -- FTS5 glue: the only file that sees fts5_api.
**
** The v1 fts5_tokenizer (SQLite 3.40) wraps nl_tokenizer: xCreate parses
** the table's tokenizer arguments into nl_tokenizer_opts, xTokenize hands
** FTS5's flags and xToken straight to nl_tokenize (the constants and the
** callback shape are FTS5's, pinned below), xDelete frees the tokenizer.
*/
#include "nl_fts5.h"

#include <string.h>

#include "newslua/nl_tokenize.h"

_Static_assert(NL_TOKENIZE_QUERY == FTS5_TOKENIZE_QUERY, "QUERY");
_Static_assert(NL_TOKENIZE_PREFIX == FTS5_TOKENIZE_PREFIX, "PREFIX");
_Static_assert(NL_TOKENIZE_DOCUMENT == FTS5_TOKENIZE_DOCUMENT, "DOCUMENT");
_Static_assert(NL_TOKENIZE_AUX == FTS5_TOKENIZE_AUX, "AUX");
_Static_assert(NL_TOKEN_COLOCATED == FTS5_TOKEN_COLOCATED, "COLOCATED");
_Static_assert(NL_TOKENIZE_NOMEM == SQLITE_NOMEM, "NOMEM");

/* Parse a 0/1 option value; -1 if it is anything else. */
static int flag_value(const char *v) {
  if (strcmp(v, "0") == 0) return 0;
  if (strcmp(v, "1") == 0) return 1;
  return -1;
}

/* xCreate: key/value arguments -> nl_tokenizer_opts -> nl_tokenizer. */
static int tok_create(void *ctx, const char **azArg, int nArg,
                      Fts5Tokenizer **ppOut) {
  nl_tokenizer_opts o = NL_TOKENIZER_OPTS_INIT;
  nl_tokenizer *tk;
  nl_status st;
  int i;
  (void)ctx;
  *ppOut = NULL;
  if (nArg % 2) return SQLITE_ERROR;
  for (i = 0; i < nArg; i += 2) {
    int v = flag_value(azArg[i + 1]);
    if (v < 0) return SQLITE_ERROR;
    if (strcmp(azArg[i], "remove_diacritics") == 0)
      o.remove_diacritics = v;
    else if (strcmp(azArg[i], "stem") == 0)
      o.stem = v;
    else
      return SQLITE_ERROR;
  }
  st = nl_tokenizer_new(&o, &tk, NULL);
  if (st == NL_ENOMEM) return SQLITE_NOMEM;
  if (st != NL_OK) return SQLITE_ERROR;
  *ppOut = (Fts5Tokenizer *)(void *)tk;
  return SQLITE_OK;
}

/* xDelete. */
static void tok_delete(Fts5Tokenizer *p) {
  nl_tokenizer_free((nl_tokenizer *)(void *)p);
}

/* xTokenize: flags and xToken pass straight through. */
static int
tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int len,
             int (*xToken)(void *, int, const char *, int, int, int)) {
  return nl_tokenize((const nl_tokenizer *)(void *)p, flags, text, len, ctx,
                     xToken);
}

/* The fts5_api of `db` (NULL without FTS5), as the FTS5 docs show. */
static fts5_api *fts5_api_from_db(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

/* nl_fts5_register: see nl_fts5.h. */
nl_status nl_fts5_register(sqlite3 *db, nl_error *err) {
  fts5_tokenizer t; /* FTS5 copies it */
  fts5_api *api = fts5_api_from_db(db);
  int rc;
  if (!api)
    return nl_error_set(err, NL_EDB, "fts5: SQLite was built without FTS5");
  if (api->iVersion < 2)
    return nl_error_set(err, NL_EDB, "fts5: fts5_api version %d < 2",
                        api->iVersion);
  t.xCreate = tok_create;
  t.xDelete = tok_delete;
  t.xTokenize = tok_tokenize;
  rc = api->xCreateTokenizer(api, "newslua", NULL, &t, NULL);
  if (rc != SQLITE_OK)
    return nl_error_set(err, NL_EDB, "fts5: cannot register tokenizer: %s",
                        sqlite3_errstr(rc));
  return NL_OK;
}
