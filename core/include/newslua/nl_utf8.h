/*
** nl_utf8.h -- UTF-8 validation, repair and normalisation.
*/
#ifndef NEWSLUA_NL_UTF8_H
#define NEWSLUA_NL_UTF8_H

#include <stddef.h>

#include "newslua/nl_buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Length of the longest valid UTF-8 prefix of s[0..n) (== n when valid). */
size_t nl_utf8_valid_prefix(const char *s, size_t n);

/*
** Decode one code point at s[0..n). Returns its byte length (1..4) and stores
** the code point in *cp, or returns 0 when the bytes at s are not valid UTF-8
** (overlong, surrogate, truncated, > U+10FFFF).  n must be > 0.
*/
int nl_utf8_decode(const char *s, size_t n, unsigned *cp);

/*
** Append s[0..n) to `out` as valid UTF-8: valid sequences are copied, each
** invalid byte is decoded as Windows-1252 (Latin-1 for 0x81/0x8D/0x8F/0x90/
** 0x9D), and C0 controls other than \t \n \r become spaces.  Returns the
** number of bytes that had to be repaired (0 for clean input).
*/
size_t nl_utf8_repair(nl_buf *out, const char *s, size_t n);

/*
** Append the Unicode NFC form of valid UTF-8 s[0..n) to `out`.  Input that is
** already NFC (the common case) is copied without allocation beyond `out`.
** Returns 0 on success, -1 on OOM (out->oom is set too).
*/
int nl_utf8_nfc(nl_buf *out, const char *s, size_t n);

/*
** Append the caseless form of s[0..n) to `out`: Unicode full case folding
** (utf8proc's CASEFOLD, as the tokenizer folds words: "Í" -> "í", "ς" and
** "Σ" -> "σ", "ß" and "ẞ" -> "ss") of its NFC form, so two texts that differ
** only in letter case or in canonically equivalent spellings (a decomposed
** "í") have the same caseless form.  ASCII is lowered byte by byte without
** utf8proc; invalid UTF-8 is copied with its ASCII letters lowered.
** Returns 0, or -1 on OOM (out->oom is set too).
*/
int nl_utf8_casefold(nl_buf *out, const char *s, size_t n);

/* Windows-1252 byte to Unicode code point (0x80..0x9F mapped, else Latin-1). */
unsigned nl_cp1252_to_unicode(unsigned char c);

#ifdef __cplusplus
}
#endif
#endif
