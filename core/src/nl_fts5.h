/*
** nl_fts5.h -- the FTS5 adapter (private): registers THE tokenizer with
** SQLite so the full-text index sees exactly what nl_tokenize emits.
*/
#ifndef NEWSLUA_NL_FTS5_H
#define NEWSLUA_NL_FTS5_H

#include <sqlite3.h>

#include "newslua/nl_error.h"

/*
** Register the FTS5 tokenizer "newslua" on connection `db` (call before
** any statement touches an fts5 table tokenized with it).  Table options
** are key/value pairs, spelled as in Lua's option table:
**   tokenize = 'newslua'                        defaults
**   tokenize = 'newslua remove_diacritics 1 stem 1'
** Each value is 0 or 1; an odd count or an unknown key makes the table's
** constructor fail with SQLITE_ERROR.  Returns NL_OK, or NL_EDB when the
** connection has no FTS5 (err says why).
*/
nl_status nl_fts5_register(sqlite3 *db, nl_error *err);

#endif
