/*
** nl_tokenize.c -- THE tokenizer: surface tokens and FTS5 index terms.
**
** One scanner (scan_token) splits UTF-8 text into surface tokens: words,
** numbers, punctuation and symbols.  nl_tokens hands them out as they are;
** nl_tokenize turns words and numbers into index terms (see the header for
** the exact rules).  Invalid UTF-8 bytes, whitespace, controls and format
** characters separate tokens and are never emitted.
**
** ASCII is classified by a 128-entry table and folded by a byte mapping;
** only non-ASCII code points go through utf8proc.
*/
#include "newslua/nl_tokenize.h"

#include <libstemmer.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "nl_alloc.h"
#include "nl_ascii.h"

/* Character classes. */
enum {
  C_SKIP = 1,
  C_LETTER = 2,
  C_DIGIT = 3,
  C_MARK = 4,
  C_PUNCT = 5,
  C_SYMBOL = 6
};

/* clang-format off */
/*
** Class of each ASCII byte ('0' + class), from the Unicode categories,
** except that % # & @ count as symbols (Unicode: Po).
*/
static const char ascii_class[129] =
    "1111111111111111111111111111111115566665555655553333333333556665"
    "6222222222222222222222222225556562222222222222222222222222256561";

/* ASCII word bytes: 1 letter, 2 digit, 0 anything else (>= 0x80 too). */
static const unsigned char wordc[256] = {
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
    0};

/* clang-format on */

/* Token flags collected by the scanner. */
enum {
  T_NONASCII = 1, /* the token holds a non-ASCII code point */
  T_HYPHEN = 2,   /* an inner hyphen joined two parts */
  T_ACRONYM = 4,  /* inner periods of an acronym (U.S.) */
  T_APOS = 8,     /* an inner apostrophe */
  T_COMMA = 16    /* a thousands comma (1,000) */
};

typedef struct tok {
  int kind;     /* nl_token_kind */
  size_t start; /* byte span, end exclusive */
  size_t end;
  unsigned flags; /* T_* */
} tok;

/*
** Stem cache: Snowball costs ~10x the rest of the tokenizer, and news
** repeats its words, so short terms' stems are kept in a direct-mapped
** table (mutable state owned by the tokenizer, like the stemmer itself).
*/
#define STEM_SLOTS 8192
#define STEM_MAX 30
typedef struct stem_slot {
  unsigned char tlen, slen; /* tlen 0: empty */
  char term[STEM_MAX], stem[STEM_MAX];
} stem_slot;

struct nl_tokenizer {
  nl_tokenizer_opts opts;
  struct sb_stemmer *stemmer; /* NULL unless opts.stem */
  stem_slot *cache;           /* STEM_SLOTS slots when stemming */
};

/* Scratch output buffer: a stack array that moves to the heap if needed. */
typedef struct scratch {
  char *p;
  size_t len, cap;
  int heap;
  int oom;
  char stack[256];
} scratch;

static void sc_init(scratch *b) {
  b->p = b->stack;
  b->len = 0;
  b->cap = sizeof b->stack;
  b->heap = 0;
  b->oom = 0;
}

static void sc_free(scratch *b) {
  if (b->heap) nl_free(b->p);
}

/* Make room for `extra` more bytes; 0 on success, -1 (sticky) on OOM. */
static int sc_reserve(scratch *b, size_t extra) {
  size_t cap;
  char *p;
  if (b->oom) return -1;
  if (b->len + extra <= b->cap) return 0;
  cap = b->cap * 2;
  while (cap < b->len + extra)
    cap *= 2;
  p = b->heap ? nl_realloc(b->p, cap) : nl_malloc(cap);
  if (!p) {
    b->oom = 1;
    return -1;
  }
  if (!b->heap) memcpy(p, b->p, b->len);
  b->p = p;
  b->cap = cap;
  b->heap = 1;
  return 0;
}

/*
** Decode the code point at s[i] (i < n).  Returns its byte length (>= 1)
** and sets *cp; an invalid byte gives length 1 and *cp = 0xFFFFFFFF.
*/
static size_t decode(const unsigned char *s, size_t n, size_t i, unsigned *cp) {
  unsigned c = s[i], c1, c2, c3, v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  *cp = 0xFFFFFFFFu;
  if (c < 0xC2 || c > 0xF4) return 1;
  if (i + 1 >= n) return 1;
  c1 = s[i + 1];
  if ((c1 & 0xC0) != 0x80) return 1;
  if (c < 0xE0) {
    *cp = ((c & 0x1F) << 6) | (c1 & 0x3F);
    return 2;
  }
  if (i + 2 >= n) return 1;
  c2 = s[i + 2];
  if ((c2 & 0xC0) != 0x80) return 1;
  if (c < 0xF0) {
    v = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) return 1;
    *cp = v;
    return 3;
  }
  if (i + 3 >= n) return 1;
  c3 = s[i + 3];
  if ((c3 & 0xC0) != 0x80) return 1;
  v = ((c & 0x07) << 18) | ((c1 & 0x3F) << 12) | ((c2 & 0x3F) << 6) |
      (c3 & 0x3F);
  if (v < 0x10000 || v > 0x10FFFF) return 1;
  *cp = v;
  return 4;
}

/* Class of a non-ASCII code point (or of an invalid byte). */
static int uclass(unsigned cp) {
  if (cp > 0x10FFFF) return C_SKIP;
  switch (utf8proc_category((utf8proc_int32_t)cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    return C_LETTER;
  case UTF8PROC_CATEGORY_ND:
    return C_DIGIT;
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    return C_MARK;
  case UTF8PROC_CATEGORY_PC:
  case UTF8PROC_CATEGORY_PD:
    return C_PUNCT;
  case UTF8PROC_CATEGORY_PO:
    return cp == 0x2030 || cp == 0x2031 ? C_SYMBOL : C_PUNCT; /* per mille */
  case UTF8PROC_CATEGORY_PS:
  case UTF8PROC_CATEGORY_PE:
  case UTF8PROC_CATEGORY_PI:
  case UTF8PROC_CATEGORY_PF:
    return C_PUNCT;
  case UTF8PROC_CATEGORY_SM:
  case UTF8PROC_CATEGORY_SC:
  case UTF8PROC_CATEGORY_SK:
  case UTF8PROC_CATEGORY_SO:
    return C_SYMBOL;
  default:
    return C_SKIP;
  }
}

/* Class and byte length of the character at s[i]. */
static size_t cls_at(const unsigned char *s, size_t n, size_t i, int *cl,
                     unsigned *cp) {
  size_t len;
  if (s[i] < 0x80) {
    *cp = s[i];
    *cl = ascii_class[s[i]] - '0';
    return 1;
  }
  len = decode(s, n, i, cp);
  *cl = uclass(*cp);
  return len;
}

static int is_alnum(int cl) {
  return cl == C_LETTER || cl == C_DIGIT || cl == C_MARK;
}

static int is_ascii_digit(const unsigned char *s, size_t n, size_t i) {
  return i < n && s[i] >= '0' && s[i] <= '9';
}

/* Byte length of an apostrophe (' or U+2019) at s[i], else 0. */
static size_t apos_len(const unsigned char *s, size_t n, size_t i) {
  if (s[i] == '\'') return 1;
  if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99)
    return 3;
  return 0;
}

/* Byte length of a word-joining hyphen (-, U+2010, U+2011) at s[i]. */
static size_t hyphen_len(const unsigned char *s, size_t n, size_t i) {
  if (s[i] == '-') return 1;
  if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 &&
      (s[i + 2] == 0x90 || s[i + 2] == 0x91))
    return 3;
  return 0;
}

/* Class of the character at s[i], C_SKIP past the end. */
static int class_at(const unsigned char *s, size_t n, size_t i) {
  int cl;
  unsigned cp;
  if (i >= n) return C_SKIP;
  cls_at(s, n, i, &cl, &cp);
  return cl;
}

/*
** How many bytes of joiner at s[i] glue the word being scanned to what
** follows (0: the word ends here).  `number` is set while the word has
** no letter yet; `single` while its current segment is one letter.
*/
static size_t joiner(const unsigned char *s, size_t n, size_t i, int number,
                     int single, unsigned *flags) {
  size_t j;
  if ((j = apos_len(s, n, i)) && class_at(s, n, i + j) == C_LETTER) {
    *flags |= T_APOS;
    return j;
  }
  if ((j = hyphen_len(s, n, i)) && is_alnum(class_at(s, n, i + j)) &&
      class_at(s, n, i + j) != C_MARK) {
    *flags |= T_HYPHEN;
    return j;
  }
  if (number) {
    if ((s[i] == '.' || s[i] == ':' || s[i] == '/') &&
        is_ascii_digit(s, n, i + 1))
      return 1;
    if (s[i] == ',' && is_ascii_digit(s, n, i + 1) &&
        is_ascii_digit(s, n, i + 2) && is_ascii_digit(s, n, i + 3) &&
        !is_ascii_digit(s, n, i + 4)) {
      *flags |= T_COMMA;
      return 1;
    }
    return 0;
  }
  if (s[i] == '.' && single && i + 2 < n) {
    int cl;
    unsigned cp;
    size_t l = cls_at(s, n, i + 1, &cl, &cp);
    if (cl == C_LETTER && i + 1 + l < n && s[i + 1 + l] == '.') {
      *flags |= T_ACRONYM;
      return 1;
    }
  }
  return 0;
}

/* Is the segment s[a..e) of a word one letter (for acronyms)? */
static int single_letter(const unsigned char *s, size_t a, size_t e) {
  int cl;
  unsigned cp;
  if (e <= a) return 0;
  return cls_at(s, e, a, &cl, &cp) == e - a && cl == C_LETTER;
}

/* Scan a word or number starting at s[i] (a letter or digit). */
static void scan_word(const unsigned char *s, size_t n, size_t i, tok *t) {
  int number = 1, cl;
  unsigned cp;
  size_t len, seg = i; /* seg: start of the current acronym segment */
  t->start = i;
  t->flags = 0;
  for (;;) {
    while (i < n) {
      unsigned k = 0;
      while (i < n && wordc[s[i]]) /* fast path: ASCII letters, digits */
        k |= wordc[s[i++]];
      if (k & 1) number = 0;
      if (i >= n || s[i] < 0x80) break;
      len = cls_at(s, n, i, &cl, &cp);
      t->flags |= T_NONASCII;
      if (!is_alnum(cl)) break;
      if (cl == C_LETTER) number = 0;
      i += len;
    }
    if (i >= n) break;
    if (s[i] < 0x80 && s[i] != '\'' && s[i] != '-' && s[i] != '.' &&
        s[i] != ',' && s[i] != ':' && s[i] != '/')
      break; /* the usual word end: space or other punctuation */
    len = joiner(s, n, i, number,
                 s[i] == '.' && !number && single_letter(s, seg, i), &t->flags);
    if (!len) break;
    if (s[i] >= 0x80) t->flags |= T_NONASCII;
    i += len;
    if (s[i - 1] == '.' && !number) seg = i;
  }
  /* The closing period of an acronym belongs to it: "U.S." */
  if ((t->flags & T_ACRONYM) && i < n && s[i] == '.' &&
      single_letter(s, seg, i))
    i++;
  t->end = i;
  t->kind = number ? NL_TOK_NUMBER : NL_TOK_WORD;
}

/*
** Scan the next token at or after *pos.  Returns 1 and fills *t, or 0 at
** the end of the text.  *pos moves past the token.
*/
static int scan_token(const unsigned char *s, size_t n, size_t *pos, tok *t) {
  size_t i = *pos, len;
  int cl;
  unsigned cp;
  while (i < n) {
    if (s[i] < 0x80) {
      cl = ascii_class[s[i]] - '0';
      len = 1;
      cp = s[i];
    } else {
      len = cls_at(s, n, i, &cl, &cp);
    }
    if (cl == C_LETTER || cl == C_DIGIT) {
      scan_word(s, n, i, t);
      *pos = t->end;
      return 1;
    }
    if (cl == C_PUNCT || cl == C_SYMBOL) {
      t->kind = cl == C_PUNCT ? NL_TOK_PUNCT : NL_TOK_SYMBOL;
      t->start = i;
      t->flags = s[i] >= 0x80 ? T_NONASCII : 0;
      if (cp == '.' || cp == '-') {
        size_t j = i + 1;
        while (j < n && s[j] == cp)
          j++;
        len = j - i; /* "..." and "--" are one token */
      } else {
        /* combining marks after a symbol (emoji variation) stay with it */
        while (i + len < n && s[i + len] >= 0x80 &&
               class_at(s, n, i + len) == C_MARK) {
          int c2;
          unsigned cp2;
          len += cls_at(s, n, i + len, &c2, &cp2);
        }
      }
      t->end = i + len;
      *pos = t->end;
      return 1;
    }
    i += len; /* space, control, format, stray mark or invalid byte */
  }
  *pos = n;
  return 0;
}

/* Append the case fold of code point cp to b (options from utf8proc). */
static void fold_cp(scratch *b, unsigned cp, utf8proc_option_t options) {
  utf8proc_int32_t dst[32];
  utf8proc_ssize_t k, m;
  int last = 0;
  m = utf8proc_decompose_char((utf8proc_int32_t)cp, dst, 32, options, &last);
  if (m < 0 || m > 32) return;
  if (sc_reserve(b, (size_t)m * 4)) return;
  for (k = 0; k < m; k++)
    b->len +=
        (size_t)utf8proc_encode_char(dst[k], (utf8proc_uint8_t *)b->p + b->len);
}

/*
** Append the normalised form of s[a..e) to b: case-folded, U+2019 as ',
** diacritics stripped if `strip`; periods dropped if `nodots`, commas if
** `nocommas`.
*/
static void norm_append(scratch *b, const unsigned char *s, size_t a, size_t e,
                        unsigned flags, int strip, int nodots, int nocommas) {
  size_t i;
  utf8proc_option_t opt = UTF8PROC_CASEFOLD;
  if (strip) opt |= UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK;
  if (sc_reserve(b, e - a)) return;
  if (!(flags & T_NONASCII)) {
    char *o = b->p + b->len;
    if ((nodots && (flags & T_ACRONYM)) || (nocommas && (flags & T_COMMA))) {
      for (i = a; i < e; i++) {
        unsigned char c = s[i];
        if ((c == '.' && nodots) || (c == ',' && nocommas)) continue;
        *o++ = (char)nl_ascii_lower(c);
      }
    } else { /* the common case: a plain ASCII word or number */
      for (i = a; i < e; i++)
        *o++ = (char)(s[i] | ((unsigned)(s[i] - 'A') < 26u ? 0x20 : 0));
    }
    b->len = (size_t)(o - b->p);
    return;
  }
  for (i = a; i < e;) {
    unsigned cp;
    size_t len = decode(s, e, i, &cp);
    if (cp < 0x80) {
      if (!((cp == '.' && nodots) || (cp == ',' && nocommas)) &&
          !sc_reserve(b, 1))
        b->p[b->len++] = (char)nl_ascii_lower((int)cp);
    } else if (cp == 0x2019) {
      if (!sc_reserve(b, 1)) b->p[b->len++] = '\'';
    } else if (cp <= 0x10FFFF) {
      fold_cp(b, cp, opt);
    }
    i += len;
  }
}

/*
** nl_tokenizer_new: see nl_tokenize.h.  The Snowball stemmer is created
** only when opts->stem is set.
*/
nl_status nl_tokenizer_new(const nl_tokenizer_opts *opts, nl_tokenizer **out,
                           nl_error *err) {
  nl_tokenizer *tk;
  *out = NULL;
  tk = nl_calloc(1, sizeof *tk);
  if (!tk) return nl_error_set(err, NL_ENOMEM, "tokenizer: out of memory");
  if (opts) tk->opts = *opts;
  if (tk->opts.remove_diacritics != 0 && tk->opts.remove_diacritics != 1) {
    nl_free(tk);
    return nl_error_set(err, NL_EINVAL,
                        "tokenizer: remove_diacritics must be 0 or 1");
  }
  if (tk->opts.stem != 0 && tk->opts.stem != 1) {
    nl_free(tk);
    return nl_error_set(err, NL_EINVAL, "tokenizer: stem must be 0 or 1");
  }
  if (tk->opts.stem) {
    tk->stemmer = sb_stemmer_new("english", NULL);
    tk->cache = nl_calloc(STEM_SLOTS, sizeof *tk->cache);
    if (!tk->stemmer || !tk->cache) {
      if (tk->stemmer) sb_stemmer_delete(tk->stemmer);
      nl_free(tk->cache);
      nl_free(tk);
      return nl_error_set(err, NL_ENOMEM,
                          "tokenizer: cannot create the English stemmer");
    }
  }
  *out = tk;
  return NL_OK;
}

/* nl_tokenizer_default: see nl_tokenize.h.  No stemmer, no cache: what
** nl_tokenizer_new makes from NL_TOKENIZER_OPTS_INIT. */
const nl_tokenizer *nl_tokenizer_default(void) {
  static const nl_tokenizer tk = {NL_TOKENIZER_OPTS_INIT, NULL, NULL};
  return &tk;
}

/* nl_tokenizer_free: see nl_tokenize.h. */
void nl_tokenizer_free(nl_tokenizer *tk) {
  if (!tk) return;
  if (tk->stemmer) sb_stemmer_delete(tk->stemmer);
  nl_free(tk->cache);
  nl_free(tk);
}

/*
** Stem of term[0..n) through the cache; NULL on OOM.  The result is valid
** until the next call.
*/
static const char *stem_of(const nl_tokenizer *tk, const char *term, size_t n,
                           int *len) {
  const sb_symbol *st;
  stem_slot *slot = NULL;
  if (n < STEM_MAX) {
    unsigned h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++)
      h = (h ^ (unsigned char)term[i]) * 16777619u;
    slot = &tk->cache[h & (STEM_SLOTS - 1)];
    if (slot->tlen == n && memcmp(slot->term, term, n) == 0) {
      *len = slot->slen;
      return slot->stem;
    }
  }
  st = sb_stemmer_stem(tk->stemmer, (const sb_symbol *)term, (int)n);
  if (!st) return NULL;
  *len = sb_stemmer_length(tk->stemmer);
  if (slot && *len >= 0 && *len < STEM_MAX) {
    slot->tlen = (unsigned char)n;
    slot->slen = (unsigned char)*len;
    memcpy(slot->term, term, n);
    memcpy(slot->stem, st, (size_t)*len);
  }
  return (const char *)st;
}

/* Drop a trailing possessive "'s" from a term of more than 2 bytes. */
static void strip_possessive(scratch *b, size_t from) {
  if (b->len - from > 2 && b->p[b->len - 1] == 's' && b->p[b->len - 2] == '\'')
    b->len -= 2;
}

/*
** Emit the index term(s) of one word part s[a..e): the folded term, and
** its stem (colocated in DOCUMENT mode, instead of the term in a
** non-prefix QUERY) when stemming is on.
*/
static int emit_part(const nl_tokenizer *tk, int mode, const unsigned char *s,
                     size_t a, size_t e, unsigned flags, int word, scratch *b,
                     void *ctx, nl_token_fn fn) {
  const char *st;
  int stlen, rc;
  b->len = 0;
  norm_append(b, s, a, e, flags, tk->opts.remove_diacritics, word, !word);
  if (b->oom) return NL_TOKENIZE_NOMEM;
  if (word) strip_possessive(b, 0);
  if (b->len == 0) return 0;
  if (!word || !tk->stemmer || (mode & NL_TOKENIZE_PREFIX))
    return fn(ctx, 0, b->p, (int)b->len, (int)a, (int)e);
  st = stem_of(tk, b->p, b->len, &stlen);
  if (!st) return NL_TOKENIZE_NOMEM;
  if (mode & NL_TOKENIZE_QUERY) return fn(ctx, 0, st, stlen, (int)a, (int)e);
  rc = fn(ctx, 0, b->p, (int)b->len, (int)a, (int)e);
  if (rc || !(mode & NL_TOKENIZE_DOCUMENT) || stlen <= 0) return rc;
  if ((size_t)stlen == b->len && memcmp(st, b->p, b->len) == 0) return 0;
  return fn(ctx, NL_TOKEN_COLOCATED, st, stlen, (int)a, (int)e);
}

/*
** The term of an ASCII word s[a..e) of lowercase letters and digits
** without stemming: the text itself (what emit_part would build).
*/
static int lower_word(const unsigned char *s, size_t a, size_t e, void *ctx,
                      nl_token_fn fn) {
  return fn(ctx, 0, (const char *)s + a, (int)(e - a), (int)a, (int)e);
}

/* Emit the index terms of a word token, one per hyphen-separated part. */
static int emit_word(const nl_tokenizer *tk, int mode, const unsigned char *s,
                     const tok *t, scratch *b, void *ctx, nl_token_fn fn) {
  size_t a = t->start, i = t->start, h;
  int rc;
  if (!(t->flags & T_HYPHEN))
    return emit_part(tk, mode, s, a, t->end, t->flags, 1, b, ctx, fn);
  while (i < t->end) {
    h = hyphen_len(s, t->end, i);
    if (h) {
      rc = emit_part(tk, mode, s, a, i, t->flags, 1, b, ctx, fn);
      if (rc) return rc;
      i += h;
      a = i;
    } else {
      i++;
    }
  }
  return emit_part(tk, mode, s, a, t->end, t->flags, 1, b, ctx, fn);
}

/* Eight bytes at a time where the byte order allows (little-endian: the
** first byte is the lowest). */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TK_WIDE 1
#else
#define TK_WIDE 0
#endif

/* In x, bit 0x80 of each byte that is not an ASCII letter or digit (the
** lowest set bit is exact), and in *up the same bit of each capital. */
static uint64_t non_word8(uint64_t x, uint64_t *up) {
  const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
  uint64_t y = x & ~high, l = y | ones * 0x20, word;
  /* letters: (y | 0x20) in a..z; digits: y in 0..9; capitals: y in A..Z */
  word = (l + ones * (0x80 - 'a')) & ~(l + ones * (0x80 - 'z' - 1));
  word |= (y + ones * (0x80 - '0')) & ~(y + ones * (0x80 - '9' - 1));
  *up = (y + ones * (0x80 - 'A')) & ~(y + ones * (0x80 - 'Z' - 1)) & high;
  return (~word | x) & high;
}

/* The fast path of the scans: an ASCII word starting at `pos` that is not
** followed by a joiner (' - .) or a non-ASCII byte is exactly the word
** scan_token would return.  Returns its end (*upper: it has a capital), or
** 0 when the general scanner must decide. */
static size_t ascii_word_end(const unsigned char *s, size_t n, size_t pos,
                             unsigned *upper) {
  size_t i = pos;
  unsigned up = 0;
  if (wordc[s[pos]] != 1) return 0;
  if (TK_WIDE) {
    while (i + 8 <= n) {
      uint64_t x, caps, stop;
      memcpy(&x, s + i, 8);
      stop = non_word8(x, &caps);
      if (stop) {
        unsigned k = (unsigned)__builtin_ctzll(stop); /* 8 * bytes + 7 */
        up |= (caps & ((1ULL << k) - 1)) != 0;
        i += k >> 3;
        goto end;
      }
      up |= caps != 0;
      i += 8;
    }
  }
  while (i < n && wordc[s[i]])
    up |= (unsigned)(s[i++] - 'A') < 26u;
end:
  if (i < n && (s[i] >= 0x80 || s[i] == '\'' || s[i] == '-' || s[i] == '.'))
    return 0;
  *upper = up;
  return i;
}

/*
** The term of an ASCII word s[a..e) of letters and digits with a capital,
** without stemming: the word lowercased into b (what emit_part builds for
** it), eight bytes a step where the text and b have room.
*/
static int upper_word(const unsigned char *s, size_t n, size_t a, size_t e,
                      scratch *b, void *ctx, nl_token_fn fn) {
  const uint64_t ones = 0x0101010101010101ULL;
  size_t len = e - a, i = 0;
  b->len = 0;
  if (sc_reserve(b, len)) return NL_TOKENIZE_NOMEM;
  if (TK_WIDE)
    for (; i < len && a + i + 8 <= n && i + 8 <= b->cap; i += 8) {
      uint64_t x, y, caps;
      memcpy(&x, s + a + i, 8);
      y = x & ~(ones << 7);
      caps = (y + ones * (0x80 - 'A')) & ~(y + ones * (0x80 - 'Z' - 1)) &
             ~x & (ones << 7); /* 'A'..'Z' exactly */
      x |= caps >> 2;
      memcpy(b->p + i, &x, 8);
    }
  for (; i < len; i++)
    b->p[i] = (char)(s[a + i] | ((unsigned)(s[a + i] - 'A') < 26u ? 0x20 : 0));
  b->len = len;
  return fn(ctx, 0, b->p, (int)len, (int)a, (int)e);
}

/* Append span `sp` to `out` (grown as needed), or hand it to span_fn when
** `out` is NULL: span_fn's value, NL_TOKENIZE_NOMEM, or 0.  SPAN_OUT
** appends without a call while `out` has room. */
static int span_out(const nl_token_span *sp, void *ctx, nl_span_fn span_fn,
                    nl_span_vec *out) {
  if (!out) return span_fn ? span_fn(ctx, sp) : 0;
  if (out->n == out->cap) {
    size_t cap = out->cap ? 2 * out->cap : 256;
    nl_token_span *v = nl_realloc(out->v, cap * sizeof *v);
    if (!v) return NL_TOKENIZE_NOMEM;
    out->v = v;
    out->cap = cap;
  }
  out->v[out->n++] = *sp;
  return 0;
}

#define SPAN_OUT(sp, ctx, span_fn, out)                                       \
  ((out) && (out)->n < (out)->cap ? ((out)->v[(out)->n++] = (sp), 0)          \
                                  : span_out(&(sp), ctx, span_fn, out))

/* The scan of nl_tokenize, nl_tokenize_spans and nl_tokenize_span_vec:
** each token's span to span_fn or `out` first (when not NULL), then its
** index terms to term_fn (when not NULL).  Returns 0, the first non-zero
** callback value, or NL_TOKENIZE_NOMEM. */
static int scan(const nl_tokenizer *tk, int mode, const unsigned char *s,
                size_t n, void *ctx, nl_token_fn term_fn,
                nl_span_fn span_fn, nl_span_vec *out) {
  size_t pos = 0;
  nl_token_span sp;
  scratch b;
  tok t;
  int rc = 0;
  sc_init(&b);
  while (pos < n) {
    unsigned up = 0;
    size_t i;
    if (s[pos] == ' ') {
      pos++;
      continue;
    }
    if ((i = ascii_word_end(s, n, pos, &up)) != 0) {
      sp.kind = NL_TOK_WORD;
      sp.start = pos;
      sp.end = i;
      rc = SPAN_OUT(sp, ctx, span_fn, out);
      if (!rc && term_fn)
        rc = tk->stemmer ? emit_part(tk, mode, s, pos, i, 0, 1, &b, ctx, term_fn)
             : up        ? upper_word(s, n, pos, i, &b, ctx, term_fn)
                         : lower_word(s, pos, i, ctx, term_fn);
      if (rc) break;
      pos = i;
      continue;
    }
    if (!scan_token(s, n, &pos, &t)) break;
    sp.kind = (nl_token_kind)t.kind;
    sp.start = t.start;
    sp.end = t.end;
    rc = SPAN_OUT(sp, ctx, span_fn, out);
    if (!rc && term_fn) {
      if (t.kind == NL_TOK_WORD)
        rc = emit_word(tk, mode, s, &t, &b, ctx, term_fn);
      else if (t.kind == NL_TOK_NUMBER)
        rc = emit_part(tk, mode, s, t.start, t.end, t.flags, 0, &b, ctx,
                       term_fn);
    }
    if (rc) break;
  }
  sc_free(&b);
  return rc;
}

/*
** nl_tokenize: see nl_tokenize.h.  Returns 0, the first non-zero callback
** value, or NL_TOKENIZE_NOMEM.
*/
int nl_tokenize(const nl_tokenizer *tk, int mode, const char *text, int len,
                void *ctx, nl_token_fn fn) {
  size_t n = len > 0 && text ? (size_t)len : 0;
  return scan(tk, mode, (const unsigned char *)text, n, ctx, fn, NULL, NULL);
}

/* nl_tokenize_spans: see nl_tokenize.h.  The same scan as nl_tokenize
** (its ASCII fast path included), reporting each token's span first. */
int nl_tokenize_spans(const nl_tokenizer *tk, int mode, const char *text,
                      size_t len, void *ctx, nl_token_fn term_fn,
                      nl_span_fn span_fn) {
  size_t n = text ? len : 0;
  return scan(tk, mode, (const unsigned char *)text, n, ctx, term_fn,
              span_fn, NULL);
}

/* nl_tokenize_span_vec: see nl_tokenize.h. */
int nl_tokenize_span_vec(const nl_tokenizer *tk, int mode, const char *text,
                         size_t len, void *ctx, nl_token_fn term_fn,
                         nl_span_vec *out) {
  size_t n = text ? len : 0;
  return scan(tk, mode, (const unsigned char *)text, n, ctx, term_fn, NULL,
              out);
}

/* nl_tokens: see nl_tokenize.h. */
int nl_tokens(const char *text, size_t len, void *ctx, nl_surface_fn fn) {
  const unsigned char *s = (const unsigned char *)text;
  size_t pos = 0;
  scratch b;
  tok t;
  nl_token out;
  int rc = 0;
  if (!text) len = 0;
  sc_init(&b);
  while (scan_token(s, len, &pos, &t)) {
    b.len = 0;
    if (t.kind == NL_TOK_WORD)
      norm_append(&b, s, t.start, t.end, t.flags, 0, 0, 0);
    else if (!sc_reserve(&b, t.end - t.start)) {
      memcpy(b.p, s + t.start, t.end - t.start);
      b.len = t.end - t.start;
    }
    if (b.oom) {
      rc = -1;
      break;
    }
    out.kind = (nl_token_kind)t.kind;
    out.start = t.start;
    out.end = t.end;
    out.norm = b.p;
    out.norm_len = b.len;
    rc = fn(ctx, &out);
    if (rc) break;
  }
  sc_free(&b);
  return rc;
}
