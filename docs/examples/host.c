/*
** host.c -- a C host using the newslua core through pkg-config:
**
**   cc host.c $(pkg-config --cflags --libs newslua) -o host
**   ./host corpus/ [query]
**
** Ingests PATH into an in-memory store, prints the article count, the
** search hits for QUERY (default "Geneva") and every resolved date value.
*/
#include <stdio.h>
#include <string.h>

#include <newslua/newslua.h>

static int col(const nl_cursor *c, const char *name) {
  int i;
  for (i = 0; i < nl_cursor_ncols(c); i++)
    if (strcmp(nl_cursor_name(c, i), name) == 0) return i;
  return -1;
}

int main(int argc, char **argv) {
  nl_db *db = NULL;
  nl_cursor *cur = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_ingest_opts io = NL_INGEST_OPTS_INIT;
  nl_ingest_report rep;
  long long n = 0;
  const char *query = argc > 2 ? argv[2] : "Geneva";
  if (argc < 2) {
    fprintf(stderr, "usage: host PATH [QUERY]\n");
    return 2;
  }
  if (nl_db_open(":memory:", NULL, &db, &err) != NL_OK ||
      nl_db_ingest(db, argv[1], &io, &rep, &err) != NL_OK ||
      nl_db_count(db, &n, &err) != NL_OK)
    goto fail;
  printf("newslua %s: %lld articles\n", NL_VERSION_STRING, n);
  if (nl_db_search(db, query, NULL, &cur, &err) != NL_OK) goto fail;
  while (nl_cursor_next(cur, &err) == NL_OK)
    printf("hit %s\n", nl_cursor_text(cur, col(cur, "article"), NULL));
  nl_cursor_free(cur);
  if (nl_db_dates(db, NULL, &cur, &err) != NL_OK) goto fail;
  n = 0;
  while (nl_cursor_next(cur, &err) == NL_OK) n++;
  printf("dates %lld\n", n);
  nl_cursor_free(cur);
  nl_db_close(db);
  return 0;
fail:
  fprintf(stderr, "host: %s\n", err.msg);
  nl_db_close(db);
  return 1;
}
