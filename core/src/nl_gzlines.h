/*
** nl_gzlines.h -- gunzip: a gzip file's text in pieces of whole lines, for
** JSON Lines dumps (any size in bounded memory: a window of NL_GZ_WINDOW
** bytes plus the longest line; the lines before a truncated or corrupt
** end kept, as they are in an uncompressed dump), or whole
** (nl_gzlines_rest, for the other formats).  One inflate loop serves
** both.
*/
#ifndef NL_GZLINES_H
#define NL_GZLINES_H

#include <stddef.h>

#include "newslua/nl_error.h"

typedef struct nl_gzlines nl_gzlines;

/*
** Start inflating data[0..len) (one or more gzip members; the caller keeps
** the bytes alive until nl_gzlines_free).  `cap` bounds the total
** inflated bytes (NL_ELIMIT "decompressed size exceeds N bytes"); `name`
** prefixes messages.  NL_OK or NL_ENOMEM.
*/
nl_status nl_gzlines_open(const char *data, size_t len, size_t cap,
                          const char *name, nl_gzlines **out, nl_error *err);

/*
** The next piece: *piece[0..*n) holds whole lines (it ends with a newline,
** except the stream's last piece), valid until the next call.  Returns NL_OK, NL_DONE after the last piece
** (also when the stream was cut or corrupt: see nl_gzlines_problem),
** NL_ELIMIT (past `cap`, or a line over NL_GZ_MAX_LINE bytes) or
** NL_ENOMEM, with the message in err.
*/
nl_status nl_gzlines_next(nl_gzlines *z, const char **piece, size_t *n,
                          nl_error *err);

/*
** The whole text instead, after at most the first piece: that piece and
** the rest, inflated up to `cap` bytes in all, into a new NUL-terminated
** buffer *out of *out_len bytes (free with nl_free).  A truncated stream
** is NL_EPARSE "truncated gzip stream at byte N", corrupt data NL_EPARSE
** too; NL_ELIMIT past `cap`; NL_ENOMEM.  Messages are prefixed with the
** name.  Nothing more can be read from z afterwards.
*/
nl_status nl_gzlines_rest(nl_gzlines *z, size_t cap, char **out,
                          size_t *out_len, nl_error *err);

/* Why the stream ended early ("truncated gzip stream at byte N", "corrupt
** gzip stream at byte N (...)"), or NULL when it ended whole. */
const char *nl_gzlines_problem(const nl_gzlines *z);

/* Inflated bytes handed out before the current piece. */
size_t nl_gzlines_offset(const nl_gzlines *z);

/* Compressed bytes zlib has consumed so far (how far into the file it
** is). */
size_t nl_gzlines_fed(const nl_gzlines *z);

void nl_gzlines_free(nl_gzlines *z);

#define NL_GZ_WINDOW ((size_t)8 << 20)
#define NL_GZ_MAX_LINE ((size_t)64 << 20)

#endif
