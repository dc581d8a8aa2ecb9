/*
** nl_json_load.c -- JSON / JSON Lines articles (news-please and common
** shapes).  Work in progress: replaced by the real loader next.
*/
#include "nl_loader_internal.h"

nl_status nl_load_json(const nl_source *src, nl_sink *sink, nl_error *err) {
  (void)sink;
  return nl_error_set(err, NL_EPARSE, "%s: json loader not implemented yet",
                      src->name);
}
