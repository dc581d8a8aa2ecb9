/* PLACEHOLDER (replaced within the hour by the real algorithm): decides
** nothing, so ingest can link and run meanwhile. */
#include "nl_pubdate.h"

#include <string.h>

nl_status nl_pubdate_decide(const nl_pd_doc *docs, size_t n, nl_pd_tag_fn tag,
                            nl_pd_result *out, nl_error *err) {
  size_t i;
  (void)tag;
  (void)err;
  memset(out, 0, n * sizeof *out);
  for (i = 0; i < n; i++) {
    if (docs[i].published)
      strncpy(out[i].published, docs[i].published,
              sizeof out[i].published - 1);
    out[i].source = docs[i].source;
  }
  return NL_OK;
}

void nl_pd_results_clear(nl_pd_result *out, size_t n) { (void)out; (void)n; }

nl_status nl_pubdate_reconcile(nl_db *db, nl_error *err) {
  (void)db;
  (void)err;
  return NL_OK;
}
