/*
** store_upgrade.h -- on_upgrade, an nl_db_opts.on_upgrade for the tests of
** schema upgrades (test_db.c, test_ingest_hash.c): counts its calls and
** keeps the versions in an `upgrades`.
*/
#ifndef NL_TEST_STORE_UPGRADE_H
#define NL_TEST_STORE_UPGRADE_H

typedef struct upgrades {
  int calls, from, to;
} upgrades;

static void on_upgrade(void *ctx, const char *path, int from, int to) {
  upgrades *u = ctx;
  (void)path;
  u->calls++;
  u->from = from;
  u->to = to;
}

#endif
