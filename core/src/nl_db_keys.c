/*
** nl_db_keys.c -- the key map of a bulk load: for each minute of the
** full-text keys (nl_fts_key.h), the largest key the store holds, so that
** nl_db_fts_key finds an article's key without asking the store (one
** index seek per article: Reuters-21578, 98M of the writer's 3.85G
** instructions).  It answers exactly what the seek gives: loaded from the
** store at its first use, kept up to date by every key this connection
** takes (nl_db_keys_took) or frees (nl_db_keys_forget), forgotten when a
** transaction or savepoint rolls back or another connection committed
** (PRAGMA data_version, read at each BEGIN).  Off unless an ingest turns
** it on (nl_db_keys_start): loading reads every key of the store, which a
** bulk load (at least the store's size to write) repays.  At most
** MAX_SLOTS slots (16 bytes each: 8 MB); a store with more minutes than
** half of that, or an allocation failure, turns it off for the ingest
** (the store is asked as before).
*/
#include <string.h>

#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_fts_key.h"

/* The first key of the range nl_db_fts_key asks about that holds k: 1
** for an undated key, else the first key of k's minute. */
static sqlite3_int64 range_of(sqlite3_int64 k) {
  sqlite3_int64 off, day;
  if (k < NL_KEY_DATED) return 1;
  off = k - NL_KEY_DATED;
  day = off - off % NL_KEY_DAY;
  return NL_KEY_DATED + day + (off - day) / NL_KEY_MINUTE * NL_KEY_MINUTE;
}

/* One range: its first key (0: a free slot) and its largest stored key
** (0: none, UNKNOWN: ask the store). */
typedef struct slot {
  sqlite3_int64 lo, max;
} slot;

#define UNKNOWN ((sqlite3_int64)-1)
#define MAX_SLOTS ((size_t)1 << 19)

enum { KEYS_EMPTY, KEYS_LOADED, KEYS_BROKEN /* a load failed: unused */ };

struct nl_keys {
  slot *v;
  size_t cap, n; /* cap a power of two, n < cap / 2 */
  int state;
  sqlite3_int64 version; /* PRAGMA data_version when loaded */
};

static size_t hash(sqlite3_int64 lo, size_t cap) {
  unsigned long long h = (unsigned long long)lo * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 32) & (cap - 1);
}

/* The slot of range lo (a free one if lo has none); k->cap > 0. */
static slot *find(struct nl_keys *k, sqlite3_int64 lo) {
  size_t i = hash(lo, k->cap);
  while (k->v[i].lo && k->v[i].lo != lo) i = (i + 1) & (k->cap - 1);
  return &k->v[i];
}

/* The slot of range lo, or NULL if it has none (no stored key). */
static slot *lookup(struct nl_keys *k, sqlite3_int64 lo) {
  slot *s = k->cap ? find(k, lo) : NULL;
  return s && s->lo ? s : NULL;
}

/* Room for one more slot; 0 when out of memory. */
static int grow(struct nl_keys *k) {
  struct nl_keys old = *k;
  size_t i;
  if (k->cap && 2 * (k->n + 1) < k->cap) return 1;
  if (k->cap >= MAX_SLOTS) return 0;
  k->cap = k->cap ? 2 * k->cap : 1024;
  if (!(k->v = nl_calloc(k->cap, sizeof *k->v))) {
    *k = old;
    return 0;
  }
  for (i = 0; i < old.cap; i++)
    if (old.v[i].lo) *find(k, old.v[i].lo) = old.v[i];
  nl_free(old.v);
  return 1;
}

/* Range lo's largest key is max (or UNKNOWN); 0 when out of memory. */
static int set(struct nl_keys *k, sqlite3_int64 lo, sqlite3_int64 max) {
  slot *s = lookup(k, lo);
  if (!s) {
    if (!grow(k)) return 0;
    s = find(k, lo);
    s->lo = lo;
    k->n++;
  }
  s->max = max;
  return 1;
}

/* Off for good: the store is asked (too many minutes, out of memory). */
static void give_up(struct nl_keys *k) {
  nl_free(k->v);
  k->v = NULL;
  k->cap = k->n = 0;
  k->state = KEYS_BROKEN;
}

/* Back to no knowledge (loaded again at the next use). */
static void unload(struct nl_keys *k) {
  if (k->v) memset(k->v, 0, k->cap * sizeof *k->v);
  k->n = 0;
  k->state = KEYS_EMPTY;
}

/* Read every key of the store: SQLite result code. */
static int load(nl_db *db, struct nl_keys *k) {
  sqlite3_stmt *st;
  int rc = nl_sql_int(db->sq, "PRAGMA data_version", &k->version);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db->sq, "SELECT fts_key FROM articles WHERE"
                            " fts_key >= 1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 key = sqlite3_column_int64(st, 0), lo = range_of(key);
    slot *s = lookup(k, lo);
    if (s && s->max >= key) continue;
    if (!set(k, lo, key)) {
      rc = SQLITE_NOMEM;
      break;
    }
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* See nl_db_internal.h. */
void nl_db_keys_start(nl_db *db) {
  if (!db->keys) db->keys = nl_calloc(1, sizeof *db->keys);
}

/* See nl_db_internal.h. */
void nl_db_keys_stop(nl_db *db) {
  if (!db->keys) return;
  nl_free(db->keys->v);
  nl_free(db->keys);
  db->keys = NULL;
}

/* See nl_db_internal.h. */
int nl_db_keys_max(nl_db *db, sqlite3_int64 lo, sqlite3_int64 *max) {
  struct nl_keys *k = db->keys;
  slot *s;
  if (!k || k->state == KEYS_BROKEN) return 0;
  if (k->state == KEYS_EMPTY) {
    if (load(db, k) != SQLITE_OK) {
      give_up(k);
      return 0;
    }
    k->state = KEYS_LOADED;
  }
  s = lookup(k, lo);
  if (s && s->max == UNKNOWN) return 0;
  *max = s ? s->max : 0;
  return 1;
}

/* See nl_db_internal.h. */
void nl_db_keys_found(nl_db *db, sqlite3_int64 lo, sqlite3_int64 max) {
  struct nl_keys *k = db->keys;
  if (k && k->state == KEYS_LOADED && !set(k, lo, max)) give_up(k);
}

/* See nl_db_internal.h. */
void nl_db_keys_took(nl_db *db, sqlite3_int64 key) {
  struct nl_keys *k = db->keys;
  slot *s;
  if (!k || k->state != KEYS_LOADED) return;
  s = lookup(k, range_of(key));
  if (s && (s->max == UNKNOWN || s->max >= key)) return;
  if (!set(k, range_of(key), key)) give_up(k);
}

/* See nl_db_internal.h. */
void nl_db_keys_forget(nl_db *db, sqlite3_int64 key) {
  struct nl_keys *k = db->keys;
  slot *s;
  if (!k || k->state != KEYS_LOADED) return;
  s = lookup(k, range_of(key));
  if (s && s->max > key) return; /* the largest stays */
  if (!set(k, range_of(key), UNKNOWN)) give_up(k);
}

/* See nl_db_internal.h. */
void nl_db_keys_reset(nl_db *db) {
  if (db->keys && db->keys->state == KEYS_LOADED) unload(db->keys);
}

/* See nl_db_internal.h. */
void nl_db_keys_check(nl_db *db) {
  struct nl_keys *k = db->keys;
  sqlite3_int64 v = -1;
  if (!k || k->state != KEYS_LOADED) return;
  if (nl_sql_int(db->sq, "PRAGMA data_version", &v) != SQLITE_OK ||
      v != k->version)
    unload(k);
}
