/*
** nl_timex.h -- temporal expression tagging and normalisation (TimeML TIMEX3).
**
** Finds DATE, TIME, DURATION and SET expressions in English news text and
** resolves them to TimeML values against a document creation time (DCT),
** using the tense of the governing clause for underspecified ones.
*/
#ifndef NEWSLUA_NL_TIMEX_H
#define NEWSLUA_NL_TIMEX_H

#include <stddef.h>

#include "newslua/nl_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_timex_type {
  NL_TIMEX_DATE = 0,
  NL_TIMEX_TIME = 1,
  NL_TIMEX_DURATION = 2,
  NL_TIMEX_SET = 3
} nl_timex_type;

/* "DATE" | "TIME" | "DURATION" | "SET". */
const char *nl_timex_type_name(nl_timex_type t);

/* Flags describing how a value was obtained. */
#define NL_TIMEX_ABSOLUTE 0x01  /* fully specified by the text ("Jan 5, 2022") */
#define NL_TIMEX_RELATIVE 0x02  /* resolved against the DCT ("on Friday") */
#define NL_TIMEX_NARRATIVE 0x04 /* resolved against an earlier expression */
#define NL_TIMEX_UNRESOLVED 0x08 /* needed a DCT but none was given (X's) */
#define NL_TIMEX_FUTURE 0x10    /* tense/modality pointed forward */

typedef struct nl_timex {
  size_t start, end;     /* byte span in the input, end exclusive */
  nl_timex_type type;
  unsigned flags;
  char value[48];        /* TimeML value: 2022-01-21, 2022-W03, P2Y, ... */
  char mod[16];          /* "" or START, MID, END, APPROX, LESS_THAN, ... */
  char anchor[32];       /* value it was resolved against ("" if absolute) */
} nl_timex;

typedef struct nl_timex_opts {
  /* document creation time: YYYY-MM-DD[Thh:mm[:ss[.fff]][Z|+hh:mm]], or
  ** NULL; a zone is accepted and ignored (the DCT is taken as local). */
  const char *dct;
} nl_timex_opts;

#define NL_TIMEX_OPTS_INIT { NULL }

/*
** Tag text[0..len).  On success *out is an array of *n expressions in text
** order (non-overlapping), owned by the caller: free with nl_free_mem.
** Returns NL_OK, NL_ENOMEM, or NL_EINVAL for a malformed dct (err says so).
** Invalid UTF-8 never crashes (bytes are skipped).
*/
nl_status nl_timex_tag(const char *text, size_t len, const nl_timex_opts *opts,
                       nl_timex **out, size_t *n, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
