/*
** nl_query.h -- the text of a full-text search as FTS5 is given it.
**
** FTS5's query syntax takes a word bare only when it is letters, digits,
** '_' and non-ASCII bytes: "U.S.", "e-mail", "AT&T", "d'Ivoire", "$5" or
** "1,000" typed as they are written were syntax errors.  Such words are
** quoted, so each matches as the phrase of its tokens (what the tokenizer
** made of it in the articles).  Everything FTS5 reads as syntax is kept:
** bare words (AND, OR, NOT, NEAR included), "strings", ( ) , { } : ^ + *
** (a comma between two digits is a number's).  A word that starts with
** '-' after a term is the exclusion it is in a search engine: "cocoa
** -sugar" is "cocoa NOT sugar"; elsewhere ("-sugar" first, "OR -sugar",
** "-title: oil") the minus is left to FTS5 (a column filter).
*/
#ifndef NL_QUERY_H
#define NL_QUERY_H

#include "newslua/nl_buf.h"

/*
** Append `query` to `out` with the words FTS5 cannot take bare quoted and
** a minus after a term made NOT (see above).  A query FTS5 reads, with no
** such minus, comes out unchanged; one it cannot read for another reason
** (an unterminated string, a lone operator) stays unreadable and fails as
** before.  Out of memory is nl_buf's (nl_buf_ok).
*/
void nl_query_quote(const char *query, nl_buf *out);

#endif
