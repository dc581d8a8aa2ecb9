/*
** nl_sqltext.h -- pure scalar SQL functions on text, registered on every
** connection by nl_db_open (nl_sqltext.c).
*/
#ifndef NL_SQLTEXT_H
#define NL_SQLTEXT_H

#include <sqlite3.h>

/*
** Register on `sq` (deterministic, innocuous):
**   nl_casefold(text)  its caseless form (nl_utf8_casefold: Unicode case
**       folding of its NFC form), NULL for NULL (the source filter's
**       match beyond ASCII: nl_sql_source_folded)
**   nl_one_line(text)  the text on one line: every run of ASCII white
**       space (a snippet's paragraph breaks) one space, none at either end
**       (NULL for NULL)
** Returns an SQLite result code.
*/
int nl_sqltext_register(sqlite3 *sq);

#endif
