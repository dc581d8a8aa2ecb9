/*
** nl_tokenize.h -- THE tokenizer: one function feeds FTS5 and the analysis.
**
** Pure C (no SQLite).  The callback has the shape of FTS5's xToken and the
** mode/flag constants have FTS5's values (pinned by _Static_assert in
** nl_fts5.c), so the FTS5 adapter passes them straight through.
*/
#ifndef NEWSLUA_NL_TOKENIZE_H
#define NEWSLUA_NL_TOKENIZE_H

#include <stddef.h>

#include "newslua/nl_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Modes (FTS5_TOKENIZE_* values). */
#define NL_TOKENIZE_QUERY 0x0001
#define NL_TOKENIZE_PREFIX 0x0002
#define NL_TOKENIZE_DOCUMENT 0x0004
#define NL_TOKENIZE_AUX 0x0008
/* Token flag (FTS5_TOKEN_COLOCATED). */
#define NL_TOKEN_COLOCATED 0x0001
/* nl_tokenize's out-of-memory return (SQLITE_NOMEM's value). */
#define NL_TOKENIZE_NOMEM 7

/*
** What the index sees (nl_tokenize).  Surface tokens come from nl_tokens;
** each WORD and NUMBER becomes index terms as follows:
**   - words are Unicode case-folded (utf8proc CASEFOLD), U+2019 becomes ';
**     with remove_diacritics, marks are stripped after decomposition;
**   - a hyphenated word is indexed as its parts, each with its own byte
**     span: "high-stakes" -> "high" "stakes", so a query for "stakes"
**     finds it and the phrase "high-stakes" matches the adjacent parts;
**   - an acronym's periods are dropped: "U.S." -> "us", "a.m." -> "am";
**   - a trailing possessive/contraction 's is dropped: "Russia's" and
**     "Russia’s" -> "russia", "it's" -> "it"; other inner apostrophes stay:
**     "don't" -> "don't", "O'Brien" -> "o'brien";
**   - numbers are indexed as written minus thousands commas: "1,000" ->
**     "1000", "3.5", "15:00", "1/2", "2022-01-26" stay whole;
**   - punctuation and symbols are not indexed;
**   - scripts written without spaces (Chinese, Japanese, Thai) are not
**     segmented: a run of letters is one word, as with FTS5's unicode61.
** With opts.stem, DOCUMENT mode also emits the Snowball English stem of
** each word (when it differs) as a NL_TOKEN_COLOCATED token at the same
** position (FTS5's synonym method 3), and a QUERY (not PREFIX) emits the
** stem instead of the word, so "elections" finds "election" and the
** prefix query "elect*" still works on the unstemmed terms.
*/

/*
** Index-token callback: `tok[0..ntok)` is the normalised term (case-folded
** UTF-8), `start`/`end` the byte span in the input.  Return 0 to go on;
** any other value stops tokenization and is returned by nl_tokenize.
*/
typedef int (*nl_token_fn)(void *ctx, int flags, const char *tok, int ntok,
                           int start, int end);

typedef struct nl_tokenizer nl_tokenizer;

typedef struct nl_tokenizer_opts {
  int remove_diacritics; /* fold "é" to "e" (default 0) */
  int stem;              /* also emit English Snowball stems as colocated
                            tokens in DOCUMENT mode / stem queries (default 0) */
} nl_tokenizer_opts;

#define NL_TOKENIZER_OPTS_INIT                                                 \
  { 0, 0 }

/*
** Create a tokenizer (opts may be NULL for defaults; each option must be
** 0 or 1).  Returns NL_OK, NL_ENOMEM or NL_EINVAL (err says which option).
** A tokenizer with stem = 1 holds a Snowball stemmer, which is not
** thread-safe: use one tokenizer per thread.  Without stemming a tokenizer
** is read-only and may be shared.
*/
nl_status nl_tokenizer_new(const nl_tokenizer_opts *opts, nl_tokenizer **out,
                           nl_error *err);

/* Free a tokenizer; accepts NULL. */
void nl_tokenizer_free(nl_tokenizer *tk);

/*
** The tokenizer with the default options (NL_TOKENIZER_OPTS_INIT), made
** once and shared: read-only, usable from any thread, never freed (do not
** pass it to nl_tokenizer_free).  Saves a caller that tokenizes a text at
** a time an allocation per text.
*/
const nl_tokenizer *nl_tokenizer_default(void);

/*
** Emit the index terms of text[0..len) in order (rules above): words and
** numbers, case-folded, punctuation dropped.  Invalid UTF-8 bytes are
** skipped (never crash).  `tok` is valid only during the callback.
** Returns 0 when done, the first non-zero callback return value, or
** NL_TOKENIZE_NOMEM.
*/
int nl_tokenize(const nl_tokenizer *tk, int mode, const char *text, int len,
                void *ctx, nl_token_fn fn);

/* Kinds of surface tokens. */
typedef enum nl_token_kind {
  NL_TOK_WORD = 1,   /* letters/marks/digits with at least one letter, with
                        inner apostrophes (' and U+2019: don't), hyphens
                        (high-stakes, COVID-19) and acronym periods; an
                        acronym keeps its final period: "U.S." */
  NL_TOK_NUMBER = 2, /* digits, with inner . : / - before a digit and ,
                        before 3 digits (1,000  3.5  15:00  1/2  2022-01-26) */
  NL_TOK_PUNCT = 3,  /* one punctuation character (curly quotes, dashes);
                        runs of "." (ellipsis "...") and "-" ("--") are one */
  NL_TOK_SYMBOL = 4  /* currency, math, emoji, other symbols (one character
                        plus any combining marks) */
} nl_token_kind;

/*
** One surface token with its byte span and normalised form: words are
** case-folded with U+2019 as ' ("U.S." -> "u.s.", "Russia’s" ->
** "russia's"); numbers, punctuation and symbols are their own text.
*/
typedef struct nl_token {
  nl_token_kind kind;
  size_t start, end; /* byte span in the input, end exclusive */
  const char *norm;  /* case-folded text, valid during the callback */
  size_t norm_len;
} nl_token;

/* Surface-token callback; return non-zero to stop. */
typedef int (*nl_surface_fn)(void *ctx, const nl_token *t);

/*
** Emit every surface token (words, numbers, punctuation, symbols) of
** text[0..len) in order.  Words and numbers are the spans nl_tokenize
** indexes (a hyphenated word is indexed as its parts).  Whitespace,
** controls, format characters and invalid UTF-8 bytes separate tokens.
** Returns 0, the callback's stop value, or -1 on OOM.
*/
int nl_tokens(const char *text, size_t len, void *ctx, nl_surface_fn fn);

/* A surface token without its normalised form (see nl_tokenize_spans). */
typedef struct nl_token_span {
  nl_token_kind kind;
  size_t start, end; /* byte span in the input, end exclusive */
} nl_token_span;

/* Surface-span callback; return non-zero to stop. */
typedef int (*nl_span_fn)(void *ctx, const nl_token_span *t);

/*
** One scan of text[0..len) for two consumers: every surface token (the
** kind and span nl_tokens reports, in order) goes to span_fn, and, when
** term_fn is not NULL, the index terms nl_tokenize(tk, mode, ...) emits
** go to term_fn, a word's or number's terms right after its surface
** token.  With term_fn NULL, tk may be NULL.  Returns 0, the first
** non-zero callback value, or NL_TOKENIZE_NOMEM.
*/
int nl_tokenize_spans(const nl_tokenizer *tk, int mode, const char *text,
                      size_t len, void *ctx, nl_token_fn term_fn,
                      nl_span_fn span_fn);

/* A growable array of surface spans (nl_tokenize_span_vec); start it
** zeroed, free v with nl_free_mem. */
typedef struct nl_span_vec {
  nl_token_span *v;
  size_t n, cap;
} nl_span_vec;

/*
** nl_tokenize_spans with the spans appended to *out (grown as needed)
** instead of handed to a callback: the same spans, the same terms, one
** call less per token.  Returns 0, term_fn's first non-zero value, or
** NL_TOKENIZE_NOMEM (out then holds the spans up to where it stopped).
*/
int nl_tokenize_span_vec(const nl_tokenizer *tk, int mode, const char *text,
                         size_t len, void *ctx, nl_token_fn term_fn,
                         nl_span_vec *out);

#ifdef __cplusplus
}
#endif
#endif
