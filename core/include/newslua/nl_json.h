/*
** nl_json.h -- a small, strict JSON pull parser and a string writer.
**
** The parser reads RFC 8259 JSON from a (pointer, length) pair and hands
** out one event at a time (the caller drives: no callbacks, no tree), so
** a binding can build its own values and a loader can pick fields as they
** pass.  Strict: no comments, no trailing commas, no NaN/Infinity, no
** leading zeros, no raw control characters in strings, no invalid UTF-8
** (unless opts.lenient_utf8), no lone surrogates.  Every error is NL_EPARSE
** with the byte offset in the message; nesting deeper than opts.max_depth
** is NL_ELIMIT.
**
** Typical loop:
**   nl_json *p; nl_json_event ev; nl_status rc;
**   nl_json_new(data, len, NULL, &p, err);
**   while ((rc = nl_json_next(p, &ev, err)) == NL_OK) { ... }
**   nl_json_free(p);             rc == NL_DONE at a clean end
*/
#ifndef NEWSLUA_NL_JSON_H
#define NEWSLUA_NL_JSON_H

#include <stddef.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_json nl_json;

typedef enum nl_json_event {
  NL_JSON_OBJECT_START = 1,
  NL_JSON_OBJECT_END,
  NL_JSON_ARRAY_START,
  NL_JSON_ARRAY_END,
  NL_JSON_KEY,    /* an object key: text via nl_json_text */
  NL_JSON_STRING, /* a string value: text via nl_json_text */
  NL_JSON_NUMBER, /* lexeme via nl_json_text, value via nl_json_number */
  NL_JSON_TRUE,
  NL_JSON_FALSE,
  NL_JSON_NULL
} nl_json_event;

typedef struct nl_json_opts {
  size_t max_depth; /* arrays+objects nested deeper -> NL_ELIMIT; 0 = 512 */
  int multiple;     /* accept several top-level values separated by
                       whitespace (concatenated JSON / JSON Lines) */
  int lenient_utf8; /* pass invalid UTF-8 bytes in strings through as they
                       are, instead of failing (the caller repairs them),
                       and read a lone surrogate escape as U+FFFD */
} nl_json_opts;

#define NL_JSON_OPTS_INIT { 0, 0, 0 }

/*
** Start parsing data[0..len).  The data is borrowed: it must outlive the
** parser.  opts may be NULL (defaults).  Returns NL_OK or NL_ENOMEM
** (*out = NULL).
*/
nl_status nl_json_new(const char *data, size_t len, const nl_json_opts *opts,
                      nl_json **out, nl_error *err);

/* Free a parser. Accepts NULL. */
void nl_json_free(nl_json *p);

/*
** Read the next event into *ev.  Returns NL_OK with an event; NL_DONE when
** the input ended cleanly after a complete value (or, with opts.multiple,
** after the last value; an input of only whitespace also gives NL_DONE);
** NL_EPARSE with "json: <what> at byte N" for malformed input (also for
** an input that ends inside a value); NL_ELIMIT for nesting deeper than
** max_depth; NL_ENOMEM.  After an error every later call returns the same
** error code.
*/
nl_status nl_json_next(nl_json *p, nl_json_event *ev, nl_error *err);

/*
** Text of the last KEY or STRING event (unescaped UTF-8; may contain NUL
** bytes from \u0000, hence the length) or the lexeme of the last NUMBER.
** Owned by the parser, valid until the next nl_json_next.  NUL-terminated.
*/
const char *nl_json_text(const nl_json *p, size_t *len);

/*
** Value of the last NUMBER event.  Returns 1 and sets *i when the lexeme
** is an integer that fits in a long long (*d is set too); returns 0 and
** sets only *d otherwise.  Either pointer may be NULL.
*/
int nl_json_number(const nl_json *p, double *d, long long *i);

/*
** Skip the value that starts with event `ev` (just returned by
** nl_json_next): for OBJECT_START / ARRAY_START read up to and including
** the matching end; for scalars do nothing.  Errors as nl_json_next.
*/
nl_status nl_json_skip(nl_json *p, nl_json_event ev, nl_error *err);

/* Byte offset in the input where the last event started, or, after an
** error, where the error was found (the N of "at byte N"). */
size_t nl_json_offset(const nl_json *p);

/* Current nesting depth (0 at top level, 1 inside the outermost value). */
size_t nl_json_depth(const nl_json *p);

/*
** Append s[0..n) to b as a JSON string literal with its quotes: '"', '\\'
** and control characters escaped (\n \t \r \b \f, others as \u00XX),
** U+2028/U+2029 as \u2028/\u2029; invalid UTF-8 bytes become U+FFFD, so
** the output is always valid UTF-8 JSON.  Errors surface as b's OOM flag.
*/
void nl_json_write_string(nl_buf *b, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
