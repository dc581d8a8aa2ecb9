/*
** libFuzzer target: nl_tokens and nl_tokenize on arbitrary bytes.
** The first byte picks the options and mode; the rest is the text.
** Checks the contract: surface spans inside the input and in order,
** non-empty terms, and every index term inside a word/number surface
** span, in order (so nl_tokenize's ASCII fast path agrees with the
** general scanner).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct state {
  size_t len, last_end;
  size_t *spans; /* start/end pairs of word and number tokens */
  size_t n, at;
} state;

static int on_surface(void *ctx, const nl_token *t) {
  state *s = ctx;
  if (t->start >= t->end || t->end > s->len || t->start < s->last_end) abort();
  if (t->kind < NL_TOK_WORD || t->kind > NL_TOK_SYMBOL) abort();
  if (t->kind == NL_TOK_WORD && t->norm_len == 0) abort();
  s->last_end = t->end;
  if (t->kind == NL_TOK_WORD || t->kind == NL_TOK_NUMBER) {
    s->spans[2 * s->n] = t->start;
    s->spans[2 * s->n + 1] = t->end;
    s->n++;
  }
  return 0;
}

static int on_term(void *ctx, int flags, const char *tok, int ntok, int a,
                   int e) {
  state *s = ctx;
  if (ntok <= 0 || !tok || a < 0 || a >= e || (size_t)e > s->len) abort();
  if (flags & ~NL_TOKEN_COLOCATED) abort();
  while (s->at < s->n && s->spans[2 * s->at + 1] <= (size_t)a)
    s->at++;
  if (s->at == s->n || (size_t)a < s->spans[2 * s->at] ||
      (size_t)e > s->spans[2 * s->at + 1])
    abort();
  return 0;
}

/* One tokenizer per option combination, made once (the stem cache keeps
** state across inputs, as it does across documents in a real index). */
static nl_tokenizer *tokenizers[4];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nl_tokenizer_opts o = NL_TOKENIZER_OPTS_INIT;
  nl_tokenizer **tk;
  static const int modes[] = {NL_TOKENIZE_DOCUMENT, NL_TOKENIZE_QUERY,
                              NL_TOKENIZE_QUERY | NL_TOKENIZE_PREFIX,
                              NL_TOKENIZE_AUX};
  state s;
  const char *text;
  if (size < 1) return 0;
  o.stem = data[0] & 1;
  o.remove_diacritics = (data[0] >> 1) & 1;
  text = (const char *)data + 1;
  memset(&s, 0, sizeof s);
  s.len = size - 1;
  s.spans = malloc(2 * (s.len + 1) * sizeof *s.spans);
  if (!s.spans) return 0;
  if (nl_tokens(text, s.len, &s, on_surface) != 0) abort();
  tk = &tokenizers[data[0] & 3];
  if (!*tk && nl_tokenizer_new(&o, tk, NULL) != NL_OK) abort();
  if (nl_tokenize(*tk, modes[(data[0] >> 2) & 3], text, (int)s.len, &s,
                  on_term) != 0)
    abort();
  free(s.spans);
  return 0;
}
