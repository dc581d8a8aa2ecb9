/*
** nl_sentence.h -- sentence splitting over the tokenizer's surface tokens.
**
** Handles abbreviations ("U.S.", "Sen.", "Dr."), initials ("J. R. R."),
** decimals, quotes closing after the period, ellipses, and paragraph
** breaks (a blank line always ends a sentence).
*/
#ifndef NEWSLUA_NL_SENTENCE_H
#define NEWSLUA_NL_SENTENCE_H

#include <stddef.h>

#include "newslua/nl_article.h"
#include "newslua/nl_error.h"
#include "newslua/nl_tokenize.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Split text[0..len) into sentences.  On success *out is an array of *n
** byte spans (trimmed of surrounding whitespace, in order, non-overlapping),
** owned by the caller: free with nl_free_mem.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_sentences(const char *text, size_t len, nl_span **out, size_t *n,
                       nl_error *err);

/*
** The same split from text[0..len)'s surface tokens toks[0..ntoks) as
** nl_tokens / nl_tokenize_spans report them (all of them, in order), for
** a caller that already scanned the text.  Same result as nl_sentences.
*/
nl_status nl_sentences_spans(const char *text, size_t len,
                             const nl_token_span *toks, size_t ntoks,
                             nl_span **out, size_t *n, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
