/*
** nl_error.h -- the one status type and the one error carrier of newslua.
**
** Every core function that can fail returns an nl_status.  Functions whose
** failures a human must read also take a trailing `nl_error *err` (may be
** NULL) that receives a message naming the file and place where known.
*/
#ifndef NEWSLUA_NL_ERROR_H
#define NEWSLUA_NL_ERROR_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_status {
  NL_OK = 0,       /* success */
  NL_DONE = 1,     /* iteration finished (not an error) */
  NL_ENOMEM = 2,   /* out of memory */
  NL_EINVAL = 3,   /* invalid argument or value (bad date, bad option) */
  NL_EIO = 4,      /* file system error */
  NL_EPARSE = 5,   /* malformed input */
  NL_EDB = 6,      /* SQLite error */
  NL_ENOTFOUND = 7,/* no such file, article, ... */
  NL_EMISUSE = 8,  /* API misuse (closed handle, wrong order) */
  NL_ELIMIT = 9,   /* input exceeds a safety limit (size, depth, entities) */
  NL_EBUSY = 10,   /* database locked beyond the busy timeout */
  NL_EQUERY = 11,  /* bad search query syntax */
  NL_EINTERRUPT = 12 /* stopped by a callback */
} nl_status;

#define NL_ERROR_MSG_MAX 512

typedef struct nl_error {
  nl_status code;
  char msg[NL_ERROR_MSG_MAX];
} nl_error;

#define NL_ERROR_INIT { NL_OK, { 0 } }

/*
** Fill `err` (if not NULL) with `code` and a printf-style message, and return
** `code`, so failing is one line: return nl_error_set(err, NL_EPARSE, "...").
** A message longer than NL_ERROR_MSG_MAX-1 bytes is truncated.
*/
nl_status nl_error_set(nl_error *err, nl_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* va_list form of nl_error_set. */
nl_status nl_error_vset(nl_error *err, nl_status code, const char *fmt,
                        va_list ap);

/*
** Prefix the message already in `err` with "prefix: " (used to add a file
** name to an error raised deeper down).  Returns err->code (NL_OK if NULL).
*/
nl_status nl_error_prefix(nl_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Reset `err` to NL_OK with an empty message. */
void nl_error_clear(nl_error *err);

/* Static human text for a status ("out of memory"). Never NULL. */
const char *nl_strerror(nl_status code);

/* Static short name for a status ("EPARSE", "OK"). Never NULL. */
const char *nl_status_name(nl_status code);

#ifdef __cplusplus
}
#endif
#endif
