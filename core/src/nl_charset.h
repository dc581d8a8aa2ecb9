/*
** nl_charset.h -- legacy charsets: which one undeclared bytes are in, and
** decoding them to UTF-8 (private).
**
** Text that is not UTF-8 and declares no charset was read as Windows-1252,
** which turns Russian, Greek, Hebrew, Thai, Chinese, Japanese or Korean
** into mojibake.  nl_charset_guess asks uchardet (Mozilla's universal
** charset detector) which charset the bytes are in; a Western answer
** (Windows-1252, ISO-8859-1/15), too few bytes to tell, or bytes that are
** mostly UTF-8 keep the Windows-1252 reading.  The loaders of text, SGML,
** XML and HTML call it where they had fallen back to Windows-1252.
*/
#ifndef NEWSLUA_NL_CHARSET_H
#define NEWSLUA_NL_CHARSET_H

#include <stddef.h>

#include "newslua/nl_buf.h"

/* Bytes looked at by nl_charset_guess (a prefix of a long text). */
#define NL_CHARSET_SCAN 65536

/* Bytes >= 0x80 needed before an answer is trusted. */
#define NL_CHARSET_MIN_HIGH 8

/*
** The charset of s[0..n), bytes that are not UTF-8 and declare none,
** judged on its first NL_CHARSET_SCAN bytes: an iconv name ("KOI8-R",
** "SHIFT_JIS", "WINDOWS-1250", ...), or NULL when it reads as
** Windows-1252 (a Western answer or none, fewer than NL_CHARSET_MIN_HIGH
** bytes >= 0x80, more valid UTF-8 sequences than invalid bytes, or a
** charset iconv does not know).  The name is in storage of the calling
** thread, valid until its next call.
*/
const char *nl_charset_guess(const char *s, size_t n);

/*
** Is `cs` (lower case) a name of ISO-8859-1, Windows-1252 or US-ASCII?
*/
int nl_charset_latin1(const char *cs);

/*
** Are s[0..n), declared in charset cs (lower case), UTF-8 all the same:
** cs names Latin-1 (nl_charset_latin1) and the bytes are valid UTF-8 with
** non-ASCII in them (text really in Latin-1 is almost never valid UTF-8)?
** With `prefix`, s is the start of a longer text and may end inside a
** character.  The HTML and XML loaders read such documents as UTF-8.
*/
int nl_charset_utf8_despite(const char *cs, const char *s, size_t n,
                            int prefix);

/*
** Bytes >= 0x80 in s[0..n); *utf8 is set when its valid UTF-8 sequences
** are at least as many as the bytes that start none (text with no byte
** >= 0x80 counts as UTF-8).
*/
size_t nl_charset_census(const char *s, size_t n, int *utf8);

/*
** Decode s[0..n) from charset `cs` (an iconv name; "gb2312" and "gbk" are
** read as their superset GB18030) to UTF-8, appended to out; each byte
** iconv cannot read becomes U+FFFD.  Returns how many bytes became
** U+FFFD, or -1 if iconv does not know cs (nothing appended).  Check
** nl_buf_ok(out) for out of memory.
*/
long nl_charset_decode(nl_buf *out, const char *cs, const char *s, size_t n);

#endif
