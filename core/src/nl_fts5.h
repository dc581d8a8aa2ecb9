/*
** nl_fts5.h -- the FTS5 adapter (private): registers THE tokenizer with
** SQLite so the full-text index sees exactly what nl_tokenize emits.
*/
#ifndef NEWSLUA_NL_FTS5_H
#define NEWSLUA_NL_FTS5_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_error.h"
#include "newslua/nl_tokenize.h"

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

/*
** Tokenize once: a token log records what nl_tokenize (DOCUMENT mode,
** default options) emits for up to NL_TOKLOG_TEXTS texts, so that the
** writer thread's FTS5 insert replays it instead of tokenizing the same
** text again.  The log is built off the writer's thread (nl_db_prepare);
** the writer arms it with nl_fts5_replay around the INSERT into the
** index.  The "newslua" tokenizer replays a text only when the log holds
** exactly the same bytes (length and memcmp) tokenized with the same
** options as the table's; any other text -- or a log that could not
** record its tokens -- is tokenized as usual.  Same bytes, same
** tokenizer, same tokens: the index still sees exactly nl_tokenize's
** output.
*/
#define NL_TOKLOG_TEXTS 2

typedef struct nl_toklog_text {
  const char *text; /* borrowed: the text as the log saw it */
  size_t len;
  size_t first, count; /* its entries */
  size_t term_off;     /* its first term byte in `terms` */
} nl_toklog_text;

typedef struct nl_toklog {
  uint64_t *ent;  /* start:32 | source length:16 | term length:14 |
                     term is the source bytes:1 | colocated:1 */
  size_t n, cap;
  nl_buf terms;   /* bytes of the terms that differ from their source */
  nl_toklog_text text[NL_TOKLOG_TEXTS];
  int ntext;
  int bad;        /* out of memory or a token too long: no replay */
} nl_toklog;

#define NL_TOKLOG_INIT { NULL, 0, 0, NL_BUF_INIT, {{NULL, 0, 0, 0, 0}}, 0, 0 }

/*
** Record the index terms of text[0..len) (borrowed: it must outlive the
** log's use) in `log`; with `spans`, the same scan also appends every
** surface token to *spans (nl_tokenize_span_vec).  Recording never
** fails: when a term cannot be recorded (out of memory, more than
** NL_TOKLOG_TEXTS texts, a token of 64 KiB or a term of 16 KiB or more, a
** text of 2 GiB or more) the whole log is marked bad and replays nothing.
** Returns NL_TOKENIZE_NOMEM if the scan of the spans did not finish (the
** spans are then incomplete), else 0.
*/
int nl_toklog_add(nl_toklog *log, const char *text, size_t len,
                  nl_span_vec *spans);

/* Bytes the log holds (for memory accounting). */
size_t nl_toklog_bytes(const nl_toklog *log);

/* Free what the log holds and reset it. Accepts NULL. */
void nl_toklog_free(nl_toklog *log);

/*
** Arm (log) or disarm (NULL) replay for the calling thread: FTS5 calls
** into the "newslua" tokenizer made on this thread while armed may replay
** `log`, which must stay unchanged until disarmed.
*/
void nl_fts5_replay(const nl_toklog *log);

/* Texts replayed and texts tokenized (DOCUMENT mode) on the calling
** thread since it started: for tests. */
void nl_fts5_replay_counts(size_t *replayed, size_t *tokenized);

/*
** Register the FTS5 auxiliary function nl_bm25topk(fts, k) on the
** fts5_api `api` (nl_fts5_register does): FTS5's bm25 (column weights
** 1.0, lower is better) that skips rows which cannot enter the k best:
** those get NL_RANK_PRUNED, worse than any score.  For
** "ORDER BY nl_bm25topk(fts, k), rowid LIMIT k" (k = LIMIT + OFFSET, every
** filter in WHERE) the rows and values equal bm25's exactly; see
** nl_rank.c.  Returns an SQLite result code.
*/
#define NL_RANK_PRUNED 1.0e300
int nl_rank_register(fts5_api *api);

/*
** The k best rows of a query of one phrase, in one call: the FTS5
** auxiliary function nl_bm25top1(fts, k, keys), registered by
** nl_rank_register, for
**   SELECT nl_bm25top1(fts, k, ?) FROM fts WHERE fts MATCH ? LIMIT 1
** walks the phrase's matches itself (xQueryPhrase) and returns a blob of
** up to k nl_rank_hit, best first: the rows and values of
** "ORDER BY bm25(fts), rowid LIMIT k" exactly (the same expressions and
** pruning as nl_bm25topk), without a virtual-table row, a function call
** and a sorter insert per match.  `keys` (a pointer of type
** NL_RANK_KEYS_TYPE, or NULL) keeps only the rows whose rowid it holds.
** NULL when the query has more than one phrase (AND, OR, NOT, NEAR of
** two) or k is not in 1..100000: the caller then runs nl_bm25topk.  No
** row at all when nothing matches.
*/
typedef struct nl_rank_hit {
  sqlite3_int64 rowid;
  double value;
} nl_rank_hit;

typedef struct nl_rank_keys {
  const sqlite3_int64 *v; /* sorted ascending */
  size_t n;
} nl_rank_keys;

#define NL_RANK_KEYS_TYPE "nl_rank_keys"

/* Does the key set k (sorted ascending) hold id?  A binary search: the
** walk's key test, and nl_cursor.c's nl_member. */
int nl_rank_keys_has(const nl_rank_keys *k, sqlite3_int64 id);

/*
** Register the FTS5 auxiliary function nl_matches(fts, name...) on `api`
** (nl_fts5_register does): the byte spans where the row matched, a '\n'
** list of "NAME START END" lines (column name as given after `fts`,
** START 0-based, END exclusive), in column and start order; see
** nl_matches.c.  Returns an SQLite result code.
*/
int nl_matches_register(fts5_api *api);

/* Rows scored exactly and rows pruned by nl_bm25topk, summed over the
** queries finished on the calling thread (NULL skips one): for tests. */
void nl_rank_counts(long long *scored, long long *pruned);

#endif
