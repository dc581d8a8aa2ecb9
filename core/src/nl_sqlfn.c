/*
** nl_sqlfn.c -- the scalar SQL functions of the dates query
** (nl_sql_dates_head), which per date row cut the expression and its
** sentence out of a cache of the row's article.  See nl_sqlfn.h.
*/
#include <stddef.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_utf8.h"
#include "nl_sqlfn.h"

/* Skip spaces; returns the first other byte's position (or end). */
static const unsigned char *skip_ws(const unsigned char *p,
                                    const unsigned char *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
    p++;
  return p;
}

/* A decimal number at *pp into *v (advancing *pp): 1 if there was one. */
static int number(const unsigned char **pp, const unsigned char *end,
                  sqlite3_int64 *v) {
  const unsigned char *p = skip_ws(*pp, end);
  sqlite3_int64 n = 0;
  if (p == end || *p < '0' || *p > '9') return 0;
  while (p < end && *p >= '0' && *p <= '9' && n < (1LL << 53))
    n = n * 10 + (*p++ - '0');
  *pp = p;
  *v = n;
  return 1;
}

/* ---- the article cache of the dates query ------------------------------ */

/*
** The body and sentence spans of the article the last date row came from,
** per connection.  The query used to pass the body and the sentence list
** to its functions: SQLite copied both out of the row for every date row,
** and the list was read up to the date's sentence, so an article's dates
** cost (dates x its size): 100 articles of 200 KB with 4,400 date
** expressions each took 40 s.  Keyed by rowid and the
** database's versions (a rowid can be reused by a new version of an
** article): the pager's data version, which every commit changes, and
** the rows this connection changed, which its uncommitted writes change.
** Not by the content hash: reading that column cost 5% of every dates
** query.
*/
typedef struct art_cache {
  int full;                /* holds an article */
  sqlite3_int64 rowid;
  unsigned dv;             /* SQLITE_FCNTL_DATA_VERSION then */
  sqlite3_int64 changes;   /* sqlite3_total_changes64 then */
  char *body;
  size_t body_len, body_cap;
  sqlite3_int64 *span;     /* start, end of each sentence */
  size_t nspan, span_cap;  /* sentences, and room for them */
} art_cache;

static void art_cache_free(void *p) {
  art_cache *c = p;
  if (!c) return;
  sqlite3_free(c->body);
  sqlite3_free(c->span);
  sqlite3_free(c);
}

/* The versions of ctx's database now (see art_cache). */
static void art_versions(sqlite3_context *ctx, unsigned *dv,
                         sqlite3_int64 *changes) {
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  *dv = 0;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, dv);
  *changes = sqlite3_total_changes64(db);
}

/* Does the cache hold article `rowid` as the database is now? */
static int art_is(sqlite3_context *ctx, const art_cache *c,
                  sqlite3_value *rowid) {
  unsigned dv;
  sqlite3_int64 changes;
  if (!c->full || sqlite3_value_int64(rowid) != c->rowid) return 0;
  art_versions(ctx, &dv, &changes);
  return dv == c->dv && changes == c->changes;
}

/* Parse a span list ("[[s,e],...]") into c->span; 0 on a bad list or
** out of memory. */
static int art_spans(art_cache *c, const unsigned char *p,
                     const unsigned char *end) {
  c->nspan = 0;
  if (!p) return 1; /* no list: no sentences */
  p = skip_ws(p, end);
  if (p == end || *p++ != '[') return 0;
  for (;;) {
    sqlite3_int64 a, b;
    p = skip_ws(p, end);
    if (p < end && *p == ']') return 1;
    if (c->nspan && (p == end || *p++ != ',')) return 0;
    p = skip_ws(p, end);
    if (p == end || *p++ != '[' || !number(&p, end, &a)) return 0;
    p = skip_ws(p, end);
    if (p == end || *p++ != ',' || !number(&p, end, &b)) return 0;
    p = skip_ws(p, end);
    if (p == end || *p++ != ']') return 0;
    if (c->nspan == c->span_cap) {
      size_t cap = c->span_cap ? 2 * c->span_cap : 64;
      sqlite3_int64 *n = sqlite3_realloc64(c->span, cap * 2 * sizeof *n);
      if (!n) return 0;
      c->span = n;
      c->span_cap = cap;
    }
    c->span[2 * c->nspan] = a;
    c->span[2 * c->nspan + 1] = b;
    c->nspan++;
  }
}

/* nl_art(rowid): 1 if the cache holds that article. */
static void art_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  sqlite3_result_int(ctx, art_is(ctx, sqlite3_user_data(ctx), argv[0]));
}

/* nl_art_load(rowid, body, sentences): take the article into the cache;
** 1, or 0 when it could not (out of memory, a bad list: the cache then
** holds nothing and the cuts give NULL). */
static void art_load_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  art_cache *c = sqlite3_user_data(ctx);
  const char *body = sqlite3_value_blob(argv[1]);
  size_t n = (size_t)sqlite3_value_bytes(argv[1]);
  const unsigned char *sp = sqlite3_value_blob(argv[2]);
  (void)argc;
  c->full = 0;
  /* room for this body; a big one's room is not kept for small ones */
  if (n + 1 > c->body_cap ||
      (c->body_cap > (1u << 20) && n < c->body_cap / 4)) {
    char *b = sqlite3_realloc64(c->body, n + 1);
    if (!b) goto fail;
    c->body = b;
    c->body_cap = n + 1;
  }
  if (n) memcpy(c->body, body, n);
  c->body[n] = '\0';
  c->body_len = n;
  if (!art_spans(c, sp, sp + sqlite3_value_bytes(argv[2]))) goto fail;
  c->rowid = sqlite3_value_int64(argv[0]);
  art_versions(ctx, &c->dv, &c->changes);
  c->full = 1;
  sqlite3_result_int(ctx, 1);
  return;
fail:
  sqlite3_result_int(ctx, 0);
}

/* Bytes [a, b) of the cached body as the result (clamped; "" if empty). */
static void art_result_cut(sqlite3_context *ctx, const art_cache *c,
                           sqlite3_int64 a, sqlite3_int64 b) {
  if (a < 0) a = 0;
  if (b > (sqlite3_int64)c->body_len) b = (sqlite3_int64)c->body_len;
  if (b <= a)
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
  else
    sqlite3_result_text(ctx, c->body + a, (int)(b - a), SQLITE_TRANSIENT);
}

/* nl_art_cut(loaded, rowid, start, end): bytes [start, end) of the body of
** article `rowid`, which `loaded` (nl_art or nl_art_load, evaluated
** first) put in the cache; NULL if it is not there. */
static void art_cut_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const art_cache *c = sqlite3_user_data(ctx);
  (void)argc;
  if (!c->full || sqlite3_value_int64(argv[1]) != c->rowid ||
      sqlite3_value_type(argv[2]) == SQLITE_NULL ||
      sqlite3_value_type(argv[3]) == SQLITE_NULL)
    return;
  art_result_cut(ctx, c, sqlite3_value_int64(argv[2]),
                 sqlite3_value_int64(argv[3]));
}

/* nl_art_sentence(rowid, i, k): k = 0, 1: start or end of sentence i of
** the cached article `rowid`; k = 2: its text.  NULL if the cache holds
** another article or there is no such sentence. */
static void art_sentence_fn(sqlite3_context *ctx, int argc,
                            sqlite3_value **argv) {
  const art_cache *c = sqlite3_user_data(ctx);
  sqlite3_int64 i = sqlite3_value_int64(argv[1]);
  int k = sqlite3_value_int(argv[2]);
  (void)argc;
  if (!c->full || sqlite3_value_int64(argv[0]) != c->rowid ||
      sqlite3_value_type(argv[1]) == SQLITE_NULL || i < 0 ||
      (size_t)i >= c->nspan || k < 0 || k > 2)
    return;
  if (k < 2)
    sqlite3_result_int64(ctx, c->span[2 * i + k]);
  else
    art_result_cut(ctx, c, c->span[2 * i], c->span[2 * i + 1]);
}

/*
** Register the functions of nl_sqlfn.h.
*/
int nl_sqlfn_register(sqlite3 *sq) {
  /* the cache's functions answer from its state: not deterministic */
  int cflags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
  art_cache *c;
  int rc;
  c = sqlite3_malloc64(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  /* the first owns the cache: freed when it goes (also on failure) */
  rc = sqlite3_create_function_v2(sq, "nl_art", 1, cflags, c, art_fn, NULL,
                                  NULL, art_cache_free);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(sq, "nl_art_load", 3, cflags, c,
                                    art_load_fn, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(sq, "nl_art_cut", 4, cflags, c,
                                    art_cut_fn, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(sq, "nl_art_sentence", 3, cflags, c,
                                    art_sentence_fn, NULL, NULL, NULL);
  return rc;
}
