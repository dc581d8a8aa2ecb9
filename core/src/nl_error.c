/*
** nl_error.c -- status names and the error carrier.
*/
#include "newslua/nl_error.h"

#include <stdio.h>
#include <string.h>

static const struct {
  const char *name;
  const char *text;
} statuses[] = {
  { "OK", "success" },
  { "DONE", "no more results" },
  { "ENOMEM", "out of memory" },
  { "EINVAL", "invalid argument" },
  { "EIO", "input/output error" },
  { "EPARSE", "malformed input" },
  { "EDB", "database error" },
  { "ENOTFOUND", "not found" },
  { "EMISUSE", "API misuse" },
  { "ELIMIT", "safety limit exceeded" },
  { "EBUSY", "database is busy" },
  { "EQUERY", "bad search query" },
  { "EINTERRUPT", "interrupted" },
};

#define NSTATUS (sizeof statuses / sizeof statuses[0])

const char *nl_strerror(nl_status code) {
  if ((unsigned)code < NSTATUS) return statuses[code].text;
  return "unknown error";
}

const char *nl_status_name(nl_status code) {
  if ((unsigned)code < NSTATUS) return statuses[code].name;
  return "EUNKNOWN";
}

nl_status nl_error_vset(nl_error *err, nl_status code, const char *fmt,
                        va_list ap) {
  if (err) {
    err->code = code;
    if (fmt)
      vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    else
      snprintf(err->msg, sizeof err->msg, "%s", nl_strerror(code));
  }
  return code;
}

nl_status nl_error_set(nl_error *err, nl_status code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  nl_error_vset(err, code, fmt, ap);
  va_end(ap);
  return code;
}

nl_status nl_error_prefix(nl_error *err, const char *fmt, ...) {
  char old[NL_ERROR_MSG_MAX];
  va_list ap;
  int n;
  if (!err) return NL_OK;
  memcpy(old, err->msg, sizeof old);
  va_start(ap, fmt);
  n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  if (n >= 0 && (size_t)n + 2 < sizeof err->msg) {
    size_t used = (size_t)n, room = sizeof err->msg - used;
    err->msg[used] = ':';
    err->msg[used + 1] = ' ';
    memcpy(err->msg + used + 2, old, room - 2);
    err->msg[sizeof err->msg - 1] = '\0';
  }
  return err->code;
}

void nl_error_clear(nl_error *err) {
  if (err) {
    err->code = NL_OK;
    err->msg[0] = '\0';
  }
}
