/*
** nl_cursor.c -- read-only queries over the store as row cursors:
** articles, full-text search, sentences, dates.  SQL parts come from
** nl_schema.c; this file assembles filters and steps statements, and
** holds the statements of the search plans (date order, rank) with the
** planner that chooses between them (see "search plans" below).
*/
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_datetime.h"
#include "newslua/nl_load.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_fts5.h"
#include "nl_query.h"
#include "nl_fts_key.h"

#define MAX_PARAMS 8

/* A query under construction: SQL text plus text parameters ?1..?n. */
typedef struct query {
  nl_buf sql;
  const char *param[MAX_PARAMS];
  int nparam;
  char until_hi[80]; /* `until` + "\x7f": exclusive upper bound */
  long long limit;
  const char *tail; /* text after the conditions, before ORDER BY (a
                    ** GROUP BY), or NULL */
} query;

/* Append " AND <col> <op> ?N" binding `value`. */
static void cond(query *q, const char *col, const char *op, const char *v) {
  if (!v || q->nparam >= MAX_PARAMS) return;
  q->param[q->nparam++] = v;
  nl_buf_printf(&q->sql, " AND %s %s ?%d", col, op, q->nparam);
}

/* since/until on `col`: col >= since AND col < until || 0x7f. */
static void range(query *q, const char *col, const nl_filter *f) {
  cond(q, col, ">=", f->since);
  if (f->until) {
    size_t n = strlen(f->until);
    if (n > sizeof q->until_hi - 2) n = sizeof q->until_hi - 2;
    memcpy(q->until_hi, f->until, n);
    q->until_hi[n] = '\x7f';
    q->until_hi[n + 1] = '\0';
    cond(q, col, "<", q->until_hi);
  }
}

/* article, source, outlet and format.  source is exact and case-insensitive in
** every script: NOCASE for a value in ASCII, caseless forms for another
** (nl_sql_source_*, nl_schema.c); every query and search plan takes it
** from here. */
static void common_filters(nl_db *db, query *q, const nl_filter *f) {
  cond(q, "a.id", "=", f->article);
  if (f->source && q->nparam < MAX_PARAMS) {
    const unsigned char *p = (const unsigned char *)f->source;
    const char *sql = nl_sql_source_nocase;
    while (*p && *p < 0x80)
      p++;
    if (*p)
      sql = nl_schema_has_source_index(db->sq) ? nl_sql_source_folded
                                               : nl_sql_source_folded_scan;
    q->param[q->nparam++] = f->source;
    nl_buf_printf(&q->sql, sql, q->nparam);
  }
  if (f->outlet && q->nparam < MAX_PARAMS) { /* as source (nl_schema.c) */
    const unsigned char *p = (const unsigned char *)f->outlet;
    while (*p && *p < 0x80)
      p++;
    q->param[q->nparam++] = f->outlet;
    if (*p)
      nl_buf_printf(&q->sql, " AND nl_casefold(%s) = nl_casefold(?%d)",
                    nl_sql_outlet, q->nparam);
    else
      nl_buf_printf(&q->sql, nl_sql_outlet_nocase, q->nparam, q->nparam,
                    q->nparam, q->nparam);
  }
  cond(q, "a.format", "=", f->format);
}

static void finish(query *q, const char *order, const nl_filter *f) {
  if (q->tail) nl_buf_puts(&q->sql, q->tail);
  nl_buf_printf(&q->sql, " ORDER BY %s", order);
  if (f->limit >= 0 || f->offset > 0)
    nl_buf_printf(&q->sql, " LIMIT %lld", f->limit >= 0 ? f->limit : -1LL);
  if (f->offset > 0) nl_buf_printf(&q->sql, " OFFSET %lld", f->offset);
}

static int is_list(const char *name) {
  if (strncmp(name, "article.", 8) == 0) name += 8;
  return !strcmp(name, "paragraphs") || !strcmp(name, "warnings") ||
         !strcmp(name, "meta") || !strcmp(name, "matches");
}

/* Prepare q into *st with its parameters bound as ?1..?n; frees q. */
static nl_status prepare(nl_db *db, query *q, sqlite3_stmt **st,
                         nl_error *err) {
  int rc, i;
  *st = NULL;
  if (!nl_buf_ok(&q->sql)) {
    nl_buf_free(&q->sql);
    return nl_error_set(err, NL_ENOMEM, "query: out of memory");
  }
  rc = sqlite3_prepare_v2(db->sq, nl_buf_cstr(&q->sql), -1, st, NULL);
  nl_buf_free(&q->sql);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "prepare query", err);
  for (i = 0; i < q->nparam; i++)
    sqlite3_bind_text(*st, i + 1, q->param[i], -1, SQLITE_TRANSIENT);
  return NL_OK;
}

/* The columns that are yes or no: the flag bits of a date row. */
static int is_bool(const char *name) {
  return !strcmp(name, "absolute") || !strcmp(name, "relative") ||
         !strcmp(name, "narrative") || !strcmp(name, "unresolved") ||
         !strcmp(name, "future");
}

/* The columns of st reported as NL_COL_LIST (bools 0), or NL_COL_BOOL. */
static unsigned long long column_mask(sqlite3_stmt *st, int bools) {
  unsigned long long mask = 0;
  int i;
  for (i = 0; i < sqlite3_column_count(st) && i < 64; i++)
    if ((bools ? is_bool : is_list)(sqlite3_column_name(st, i)))
      mask |= 1ULL << i;
  return mask;
}

/* The columns of st reported as NL_COL_LIST. */
static unsigned long long list_mask(sqlite3_stmt *st) {
  return column_mask(st, 0);
}

/* Prepare q into a cursor. */
static nl_status open_query(nl_db *db, query *q, nl_cursor **out,
                            nl_error *err) {
  sqlite3_stmt *st;
  nl_status s = prepare(db, q, &st, err);
  if (s != NL_OK) return s;
  return nl_cursor_wrap(db, st, list_mask(st), out, err);
}

/*
** Finish and open q (articles `a`, rows in `order`) with the filter's
** full-text query (f->query) as one more condition: their keys among the
** query's matches (FTS5 gives them from its doclists, no rank; the text
** quoted as search quotes it).  The query is run alone once first
** (check_query), so that a bad one is this call's NL_EQUERY whatever the
** other conditions let through, limit 0 included.  Frees q.
*/
static nl_status open_filtered(nl_db *db, query *q, const nl_filter *f,
                               const char *order, nl_cursor **out,
                               nl_error *err);

static nl_status check_db(nl_db *db, nl_cursor **out, nl_error *err) {
  *out = NULL;
  if (!db) return nl_error_set(err, NL_EINVAL, "query: NULL store");
  if (db->closed) return nl_error_set(err, NL_EMISUSE, "store is closed");
  return NL_OK;
}

/* Only search takes an order. */
static nl_status no_order(const nl_filter *f, const char *what,
                          nl_error *err) {
  if (f && f->order != NL_ORDER_DEFAULT)
    return nl_error_set(err, NL_EINVAL, "%s: order is only for search",
                        what);
  return NL_OK;
}

/* limit is a count of rows, or NL_LIMIT_NONE; offset a count of rows. */
static nl_status check_limit(const nl_filter *f, const char *what,
                             nl_error *err) {
  if (f && f->limit < NL_LIMIT_NONE)
    return nl_error_set(err, NL_EINVAL, "%s: limit %lld is negative", what,
                        f->limit);
  if (f && f->offset < 0)
    return nl_error_set(err, NL_EINVAL, "%s: offset %lld is negative", what,
                        f->offset);
  return NL_OK;
}

/* The rows a plan reads for f: limit + offset (saturating), 0 for every
** row. */
static long long rows_wanted(const nl_filter *f) {
  if (f->limit <= 0) return 0;
  return f->offset > LLONG_MAX - f->limit ? LLONG_MAX : f->limit + f->offset;
}

static nl_status no_type(const nl_filter *f, const char *what,
                         nl_error *err) {
  if (f && f->type)
    return nl_error_set(err, NL_EINVAL, "%s: type is only for dates", what);
  return NL_OK;
}

/* since and until are date prefixes (nl_datetime_prefix_ok; `values`:
** bounds of date values, which may name weeks, quarters and seasons),
** and since is not after until (nl_datetime_bounds_empty). */
static nl_status check_bounds(const nl_filter *f, const char *what,
                              int values, nl_error *err) {
  const char *bad = f && f->since && !nl_datetime_prefix_ok(f->since, values)
                        ? f->since
                    : f && f->until && !nl_datetime_prefix_ok(f->until, values)
                        ? f->until
                        : NULL;
  char why[48];
  if (!bad && f && nl_datetime_bounds_empty(f->since, f->until))
    return nl_error_set(err, NL_EINVAL,
                        "%s: since '%.40s' is after until '%.40s' (both "
                        "inclusive: no date is in that range)", what,
                        f->since, f->until);
  if (!bad) return NL_OK;
  return nl_error_set(err, NL_EINVAL, "%s: %s '%.40s' is not a date %s", what,
                      bad == f->since ? "since" : "until", bad,
                      nl_datetime_prefix_why(bad, values, why, sizeof why));
}

/* format is a loader's name (nl_format_name): "HTML" or "xml" named no
** loader and silently matched no row. */
static nl_status check_format(const nl_filter *f, const char *what,
                              nl_error *err) {
  char names[160] = "";
  int i;
  if (!f || !f->format ||
      nl_format_from_name(f->format) != NL_FORMAT_UNKNOWN)
    return NL_OK;
  for (i = NL_FORMAT_UNKNOWN + 1; i < NL_FORMAT_COUNT; i++)
    snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
             i > NL_FORMAT_UNKNOWN + 1 ? ", " : "",
             nl_format_name((nl_format)i));
  return nl_error_set(err, NL_EINVAL, "%s: format '%.40s' is no loader's "
                      "name (%s)", what, f->format, names);
}

/* Is `types` a comma-separated list of TimeML types?  Names the first
** that is not in err. */
static nl_status check_types(const char *types, nl_error *err) {
  static const char *const known[] = {"DATE", "TIME", "DURATION", "SET"};
  const char *p = types;
  for (;;) {
    size_t n = strcspn(p, ","), i;
    for (i = 0; i < sizeof known / sizeof *known; i++)
      if (strlen(known[i]) == n && strncmp(p, known[i], n) == 0) break;
    if (i == sizeof known / sizeof *known)
      return nl_error_set(err, NL_EINVAL,
                          "dates: type '%.*s' is not DATE, TIME, DURATION or "
                          "SET", (int)(n < 40 ? n : 40), p);
    if (!p[n]) return NL_OK;
    p += n + 1;
  }
}

/* The checks of a filter of articles (nl_db_articles and
** nl_db_count_articles, named `what` in the message): no order or type,
** a count or NL_LIMIT_NONE, date prefixes, a loader's name. */
static nl_status check_article_filter(const nl_filter *f, const char *what,
                                      nl_error *err) {
  nl_status st = no_order(f, what, err);
  if (st == NL_OK) st = no_type(f, what, err);
  if (st == NL_OK) st = check_limit(f, what, err);
  if (st == NL_OK) st = check_bounds(f, what, 0, err);
  if (st == NL_OK) st = check_format(f, what, err);
  return st;
}

/*
** Articles in id order; see nl_cursor.h.
*/
nl_status nl_db_articles(nl_db *db, const nl_filter *f, nl_cursor **out,
                         nl_error *err) {
  nl_filter none = NL_FILTER_INIT;
  query q;
  nl_status st = check_db(db, out, err);
  if (st == NL_OK) st = check_article_filter(f, "articles", err);
  if (st != NL_OK) return st;
  if (!f) f = &none;
  memset(&q, 0, sizeof q);
  nl_buf_printf(&q.sql, "SELECT %s FROM articles a WHERE 1",
                nl_sql_articles_cols);
  common_filters(db, &q, f);
  range(&q, "a.published", f);
  return open_filtered(db, &q, f, "a.id", out, err);
}

/* ---- search plans: date order, and rank where it can ----
**
** Date order is the full-text index's own order: FTS5 rows are keyed by
** articles.fts_key (nl_fts_key.h), which sorts by publication date, so a
** newest-first search is FTS5 walking the query's doclists backwards and
** stopping after the rows wanted (PLAN_KEYED): no sort, no pass over all
** the matches, and since/until narrow that walk to a key range FTS5 seeks
** to.  Oldest first walks the dated keys forwards, then the undated ones
** (newest first meets them last anyway: their keys are the lowest).
**
** The rank order runs as a plan too (PLAN_RANK) when it can: FTS5's own
** "ORDER BY rank" scores and sorts every match; instead SQLite keeps the
** best RANK_WINDOW (or `limit`) rows by (rank, key) while nl_bm25topk
** scores (bm25's values, without the size lookup of rows that cannot
** enter the window: nl_rank.c), and the row statement fetches each with
** its score bound.  A query of one phrase without a key range has its
** window made by one call instead (nl_bm25top1 walks the phrase's
** matches: no row, function call or sorter insert per match).  A search
** drained past that window continues with FTS5's sort (streamed), minus
** the window's rows.  since/until narrow
** the scored rows to their key range; source (and since/until exactly)
** become the sorted keys of the articles they let through, tested by
** nl_member before FTS5 scores.
*/

/* The row of one hit (nl_sql_search_hit_row): ?1 the query; its rank
** (bound ?3 by the rank plan, NULL in date order, where bm25() on one
** row would walk the query's doclists again for its IDF: FTS5 keeps that
** per scan). */
static const char sql_hit_probe[] = " AND fts.rowid = ?2";
/* PLAN_RANK past its first window: the rest of the rows in FTS5's own rank
** order (it sorts every match, then streams the rows: no seek per row),
** without the rows of the first window (nl_fresh, below). */
static const char sql_rest[] = " AND nl_fresh(?3, fts.rowid) ORDER BY fts.rank";
/* Best BM25 first, ties in key order: SQLite keeps only the top LIMIT +
** OFFSET rows (FTS5's own ORDER BY rank sorts all the matches, 1.3-3x
** slower for 20 rows) while nl_bm25topk (nl_rank.c) scores them: bm25's
** exact value for every row that can still enter those LIMIT + OFFSET,
** a value worse than any score, without reading the row's size, for the
** others.  Its k is the LIMIT + OFFSET (%lld, repeated); %s the key range
** and membership conditions. */
static const char sql_ranked[] =
    "SELECT rowid, nl_bm25topk(fts, %lld) AS r FROM fts WHERE fts MATCH ?1%s"
    " ORDER BY r, rowid LIMIT %lld OFFSET %lld";
/* With source/since/until: only the keys in the plan's set (nl_member,
** below) are scored. */
static const char sql_ranked_member[] = " AND nl_member(?2, fts.rowid)";
#define RANK_WINDOW 100

typedef enum plan_kind {
  PLAN_KEYED, /* c->st in key order, then `next` (oldest: the undated) */
  PLAN_RANK   /* candidates: (rowid, rank) best first, in windows */
} plan_kind;
typedef struct nl_plan nl_plan;

struct nl_plan {
  plan_kind kind;
  sqlite3_stmt *cand; /* PLAN_RANK's first window: (key, rank) best first */
  sqlite3_stmt *next; /* PLAN_KEYED: the statement after c->st */
  sqlite3_stmt *row;  /* the statement c->st replaced (finalized here) */
  sqlite3_int64 *keys; /* PLAN_RANK with filters: the keys they let
                       ** through, sorted */
  size_t nkeys;
  char range[96];     /* PLAN_RANK: " AND fts.rowid BETWEEN lo AND hi" */
  long long rows, limit;
  long long seen;                 /* PLAN_RANK: candidates read */
  sqlite3_int64 win[RANK_WINDOW]; /* PLAN_RANK: their keys */
  char *text;                     /* the query */
  nl_rank_hit *hits; /* PLAN_RANK's first window, when one walk of its
                     ** phrase made it (nl_bm25top1): then cand is NULL */
  long long nhits, ihit;
};

static void plan_free(nl_plan *p) {
  if (!p) return;
  sqlite3_finalize(p->cand);
  sqlite3_finalize(p->next);
  sqlite3_finalize(p->row);
  nl_free(p->keys);
  nl_free(p->text);
  nl_free(p->hits);
  nl_free(p);
}

static int cmp_key(const void *a, const void *b) {
  sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
  return (x > y) - (x < y);
}

/* SQL nl_member(plan, key): 1 if the plan's key set has key, else 0. */
static void member_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  nl_plan *p = sqlite3_value_pointer(argv[0], "nl_plan");
  nl_rank_keys keys;
  (void)argc;
  keys.v = p ? p->keys : NULL;
  keys.n = keys.v ? p->nkeys : 0;
  sqlite3_result_int(ctx,
                     nl_rank_keys_has(&keys, sqlite3_value_int64(argv[1])));
}

/* SQL nl_fresh(plan, key): 0 if the plan's first rank window had key,
** else 1. */
static void fresh_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  nl_plan *p = sqlite3_value_pointer(argv[0], "nl_plan");
  sqlite3_int64 r = sqlite3_value_int64(argv[1]);
  long long i, n = p ? (p->seen < RANK_WINDOW ? p->seen : RANK_WINDOW) : 0;
  (void)argc;
  for (i = 0; i < n && p->win[i] != r; i++)
    continue;
  sqlite3_result_int(ctx, i == n);
}

/* Register nl_member and nl_fresh on the connection (SQLITE_BUSY: they
** are, and a search using them still runs). */
static int register_fns(nl_db *db) {
  int rc = sqlite3_create_function_v2(db->sq, "nl_member", 2,
                                      SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                      member_fn, NULL, NULL, NULL);
  if (rc == SQLITE_OK || rc == SQLITE_BUSY)
    rc = sqlite3_create_function_v2(db->sq, "nl_fresh", 2,
                                    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                    fresh_fn, NULL, NULL, NULL);
  return rc == SQLITE_BUSY ? SQLITE_OK : rc;
}

/* " AND fts.rowid BETWEEN lo AND hi" for since/until (and `dated`: keys of
** dated articles only) into buf, or "" when nothing narrows the keys. */
static void key_range(const nl_filter *f, int dated, char *buf, size_t n) {
  sqlite3_int64 lo = 1, hi = 0;
  int ranged = (f->since || f->until) && nl_fts_key_range(f->since, f->until,
                                                          &lo, &hi);
  buf[0] = '\0';
  if (dated && lo < NL_KEY_DATED) lo = NL_KEY_DATED;
  if (ranged)
    snprintf(buf, n, " AND fts.rowid BETWEEN %lld AND %lld", (long long)lo,
             (long long)hi);
  else if (dated)
    snprintf(buf, n, " AND fts.rowid >= %lld", (long long)lo);
}

/*
** The first column of every row of `st` (finalized here) into p->keys,
** sorted (p->keys not NULL, even when there are none): SQLITE_OK, or the
** error (SQLITE_NOMEM out of memory) for the caller to report.
*/
static int read_keys(sqlite3_stmt *st, nl_plan *p) {
  size_t cap = 0;
  int rc, sorted = 1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 k = sqlite3_column_int64(st, 0);
    if (p->nkeys == cap) {
      sqlite3_int64 *v =
          nl_realloc(p->keys, (cap = cap ? 2 * cap : 1024) * sizeof *v);
      if (!v) {
        rc = SQLITE_NOMEM;
        break;
      }
      p->keys = v;
    }
    if (p->nkeys && p->keys[p->nkeys - 1] >= k) sorted = 0;
    p->keys[p->nkeys++] = k;
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE && !p->keys && !(p->keys = nl_malloc(sizeof *p->keys)))
    rc = SQLITE_NOMEM;
  if (rc != SQLITE_DONE) return rc;
  if (!sorted) qsort(p->keys, p->nkeys, sizeof *p->keys, cmp_key);
  return SQLITE_OK;
}

/* PLAN_RANK with filters (and a filtered count): the sorted keys of the
** articles f lets through (by the published or source index); failures
** are named after `what`, the query asking. */
static nl_status rank_members(nl_db *db, nl_plan *p, const nl_filter *f,
                              const char *what, nl_error *err) {
  sqlite3_stmt *st;
  query q;
  nl_status s;
  int rc;
  memset(&q, 0, sizeof q);
  nl_buf_puts(&q.sql, "SELECT a.fts_key FROM articles a WHERE 1");
  common_filters(db, &q, f);
  range(&q, "a.published", f);
  s = prepare(db, &q, &st, err);
  if (s != NL_OK) return s;
  rc = read_keys(st, p);
  if (rc == SQLITE_NOMEM)
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", what);
  return rc == SQLITE_OK ? NL_OK : nl_db_fail(db, rc, what, err);
}

/* The SQL of the hit rows: rank expression `rank`, then `tail`. */
static int hit_sql(nl_buf *sql, const char *rank, const char *tail) {
  nl_buf_printf(sql, nl_sql_search_hit_row, rank, nl_sql_article_dotted_cols,
                nl_sql_search_join);
  nl_buf_puts(sql, tail);
  return nl_buf_ok(sql);
}

/* PLAN_RANK's conditions on the scored rows: key range, then membership. */
static void rank_conds(const nl_plan *p, nl_buf *out) {
  nl_buf_puts(out, p->range);
  if (p->keys) nl_buf_puts(out, sql_ranked_member);
}

/* PLAN_RANK past the first window: c->st becomes the statement of the
** rest; the plan keeps (and finalizes) the row statement. */
static int rank_rest(nl_cursor *c) {
  nl_plan *p = c->plan;
  nl_buf sql = NL_BUF_INIT, tail = NL_BUF_INIT;
  sqlite3_stmt *st = NULL;
  int rc;
  rank_conds(p, &tail);
  nl_buf_puts(&tail, sql_rest);
  rc = nl_buf_ok(&tail) && hit_sql(&sql, "fts.rank", nl_buf_cstr(&tail))
           ? sqlite3_prepare_v2(c->db->sq, nl_buf_cstr(&sql), -1, &st, NULL)
           : SQLITE_NOMEM;
  nl_buf_free(&sql);
  nl_buf_free(&tail);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, p->text, -1, SQLITE_STATIC);
  if (p->keys) sqlite3_bind_pointer(st, 2, p, "nl_plan", NULL);
  sqlite3_bind_pointer(st, 3, p, "nl_plan", NULL);
  p->row = c->st;
  c->st = st;
  return SQLITE_OK;
}

/*
** PLAN_RANK, a query of one phrase (a word, a quoted phrase, a prefix)
** without a key range: its first window from one walk of its matches
** (nl_bm25top1, nl_fts5.h: the same rows and values; on the synthetic
** 1,000,000-article store a word's p50 went from 40-52 to 30 ms, a
** phrase's from 58-70 to 38-42 ms, bench_scale's "rank" rows).
** SQLITE_OK with p->hits set (empty when nothing matches), SQLITE_OK with
** p->hits NULL when the query has more phrases (nl_bm25topk's statement
** then), or an error (a bad query).
*/
static int rank_walk(nl_db *db, nl_plan *p, long long n) {
  char sql[128];
  sqlite3_stmt *st = NULL;
  nl_rank_keys keys;
  int rc, bytes;
  snprintf(sql, sizeof sql, "SELECT nl_bm25top1(fts, %lld, ?2) FROM fts"
           " WHERE fts MATCH ?1 LIMIT 1", n);
  rc = sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  keys.v = p->keys;
  keys.n = p->nkeys;
  sqlite3_bind_text(st, 1, p->text, -1, SQLITE_STATIC);
  if (p->keys) sqlite3_bind_pointer(st, 2, &keys, NL_RANK_KEYS_TYPE, NULL);
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE ||
      (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB)) {
    bytes = rc == SQLITE_ROW ? sqlite3_column_bytes(st, 0) : 0;
    p->hits = nl_malloc(bytes > 0 ? (size_t)bytes : 1);
    if (!p->hits) {
      sqlite3_finalize(st);
      return SQLITE_NOMEM;
    }
    if (bytes > 0) memcpy(p->hits, sqlite3_column_blob(st, 0), (size_t)bytes);
    p->nhits = bytes / (int)sizeof *p->hits;
    rc = SQLITE_OK;
  } else if (rc == SQLITE_ROW) {
    rc = SQLITE_OK; /* NULL: more than one phrase */
  }
  sqlite3_finalize(st);
  return rc;
}

/* PLAN_RANK: prepare the first RANK_WINDOW (or `limit`) candidates. */
static int rank_window(nl_db *db, nl_plan *p) {
  nl_buf conds = NL_BUF_INIT, sql = NL_BUF_INIT;
  sqlite3_stmt *st = NULL;
  int rc;
  long long n = p->limit > 0 ? p->limit : RANK_WINDOW;
  if (!p->range[0]) {
    rc = rank_walk(db, p, n);
    if (rc != SQLITE_OK || p->hits) return rc;
  }
  rank_conds(p, &conds);
  nl_buf_printf(&sql, sql_ranked, n, nl_buf_cstr(&conds), n, 0LL);
  rc = nl_buf_ok(&conds) && nl_buf_ok(&sql)
           ? sqlite3_prepare_v2(db->sq, nl_buf_cstr(&sql), -1, &st, NULL)
           : SQLITE_NOMEM;
  nl_buf_free(&conds);
  nl_buf_free(&sql);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, p->text, -1, SQLITE_STATIC);
  if (p->keys) sqlite3_bind_pointer(st, 2, p, "nl_plan", NULL);
  p->cand = st;
  return SQLITE_OK;
}

/* PLAN_RANK: the next candidate of the window into c->st's row. */
static int rank_step(nl_cursor *c) {
  nl_plan *p = c->plan;
  int rc;
  for (;;) {
    sqlite3_int64 key;
    if (p->hits) {
      rc = p->ihit < p->nhits ? SQLITE_ROW : SQLITE_DONE;
      if (rc != SQLITE_ROW) break;
      key = p->hits[p->ihit].rowid;
    } else {
      if ((rc = sqlite3_step(p->cand)) != SQLITE_ROW) break;
      key = sqlite3_column_int64(p->cand, 0);
    }
    if (p->seen < RANK_WINDOW) p->win[p->seen] = key;
    p->seen++;
    sqlite3_reset(c->st);
    sqlite3_bind_int64(c->st, 2, key);
    if (p->hits)
      sqlite3_bind_double(c->st, 3, p->hits[p->ihit++].value);
    else
      sqlite3_bind_value(c->st, 3, sqlite3_column_value(p->cand, 1));
    rc = sqlite3_step(c->st);
    if (rc != SQLITE_DONE) return rc;
  }
  if (rc == SQLITE_DONE && p->limit == 0 && p->seen == RANK_WINDOW) {
    rc = rank_rest(c);
    return rc == SQLITE_OK ? sqlite3_step(c->st) : rc;
  }
  return rc;
}

/* Step a search plan: the next hit's row in c->st (SQLITE_ROW),
** SQLITE_DONE, or an SQLite error code. */
static int plan_step(nl_cursor *c) {
  nl_plan *p = c->plan;
  int rc;
  if (p->limit > 0 && p->rows >= p->limit) return SQLITE_DONE;
  if (p->kind == PLAN_RANK && !p->row) {
    rc = rank_step(c);
  } else {
    rc = sqlite3_step(c->st);
    if (rc == SQLITE_DONE && p->next) { /* PLAN_KEYED: the undated */
      p->row = c->st;
      c->st = p->next;
      p->next = NULL;
      rc = sqlite3_step(c->st);
    }
  }
  if (rc == SQLITE_ROW) p->rows++;
  return rc;
}

/* Does the query s start with FTS5's AND, OR or NOT (a whole word)? */
static int leading_operator(const char *s) {
  static const char *const ops[] = {"AND", "OR", "NOT"};
  size_t i, n;
  for (i = 0; i < 3; i++) {
    n = strlen(ops[i]);
    if (strncmp(s, ops[i], n) == 0 &&
        (!s[n] || strchr(" \t\r\n(\"", s[n])))
      return 1;
  }
  return 0;
}

/* A bad query is the caller's (NL_EQUERY); anything else the store's. */
static nl_status search_fail(nl_db *db, int rc, const char *text,
                             nl_error *err) {
  const char *msg = sqlite3_errmsg(db->sq), *hint = "";
  size_t i;
  for (i = 0; text[i] && strchr(" \t\r\n", text[i]); i++)
    continue;
  if (!text[i])
    msg = "the query is empty", hint = " (give a word, a \"phrase\" or an"
                                      " expression such as NEAR(a b))";
  else if (strncmp(msg, "no such column", 14) == 0)
    hint = " (FTS5 reads 'x:' and a '-x' that follows no term as column"
           " filters; the columns are title and body)";
  else if (strcmp(msg, "fts5: syntax error near \"\"") == 0)
    msg = "the query ends too soon", hint = " (an operator, a column filter"
                                            " or a '^' needs a term after"
                                            " it, and each '(' or '{' its"
                                            " closing bracket)";
  else if (strncmp(msg, "fts5: syntax error", 18) == 0 &&
           leading_operator(text + i))
    msg = "an operator needs a term before it", hint = " (AND, OR and NOT"
                                                     " join two terms: 'a"
                                                     " NOT b'; a query"
                                                     " cannot start with"
                                                     " one)";
  else if (strcmp(msg, "fts5: syntax error near \"NOT\"") == 0 ||
           strcmp(msg, "fts5: syntax error near \"AND\"") == 0 ||
           strcmp(msg, "fts5: syntax error near \"OR\"") == 0)
    hint = " (an operator right after another: AND, OR and NOT each join"
           " two terms, so 'a AND NOT b' is written 'a NOT b')";
  else if (strcmp(msg, "fts5: syntax error near \"+\"") == 0)
    hint = " (FTS5 reads '+' as joining the words of a phrase: a word"
           " with a '+' goes in quotes, \"C++\")";
  else if (strcmp(msg, "fts5: syntax error near \")\"") == 0)
    hint = " (a ')' without its '(')";
  else if (strncmp(msg, "unknown special query", 21) == 0)
    msg = "a '*' without a word before it", hint = " (a prefix query is"
                                                   " written talk*)";
  if ((rc & 0xff) == SQLITE_ERROR)
    return nl_error_set(err, NL_EQUERY, "bad search query \"%s\": %s%s", text,
                        msg, hint);
  return nl_db_fail(db, rc, "search", err);
}

/* Is `fq` (a query as FTS5 is given it; `text` as the caller gave it) a
** query FTS5 reads?  Run alone, once: a query that is only a condition
** among others may never run (SQLite skips the subquery when an index
** finds no article to test), and a bad one must fail all the same. */
static nl_status check_query(nl_db *db, const char *fq, const char *text,
                             nl_error *err) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db->sq,
                              "SELECT rowid FROM fts WHERE fts MATCH ?1"
                              " LIMIT 1", -1, &st, NULL);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "prepare query", err);
  sqlite3_bind_text(st, 1, fq, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? NL_OK
                                                : search_fail(db, rc, text, err);
}

/*
** Append f's full-text query to q as a condition (see open_filtered);
** *fb keeps the text q's parameter points to until q is bound.  On an
** error frees q's SQL.
*/
static nl_status query_cond(nl_db *db, query *q, const nl_filter *f,
                            nl_buf *fb, nl_error *err) {
  nl_status st = NL_OK;
  if (f->query) {
    nl_query_quote(f->query, fb);
    if (!nl_buf_ok(fb))
      st = nl_error_set(err, NL_ENOMEM, "query: out of memory");
    else if (q->nparam >= MAX_PARAMS)
      st = nl_error_set(err, NL_EINVAL, "query: too many conditions");
    else if ((st = check_query(db, fb->data ? fb->data : "", f->query,
                               err)) == NL_OK) {
      q->param[q->nparam++] = fb->data ? fb->data : "";
      nl_buf_printf(&q->sql, " AND a.fts_key IN (SELECT rowid FROM fts"
                    " WHERE fts MATCH ?%d)", q->nparam);
    }
  }
  if (st != NL_OK) nl_buf_free(&q->sql);
  return st;
}

/* See its declaration above. */
static nl_status open_filtered(nl_db *db, query *q, const nl_filter *f,
                               const char *order, nl_cursor **out,
                               nl_error *err) {
  nl_buf fb = NL_BUF_INIT; /* the query as FTS5 is given it (nl_query.h) */
  nl_status st;
  *out = NULL;
  st = query_cond(db, q, f, &fb, err);
  if (st == NL_OK) {
    finish(q, order, f);
    st = open_query(db, q, out, err); /* binds copies: fb may go */
  }
  nl_buf_free(&fb);
  return st;
}

/*
** A date-ordered hit statement into *st: the hits of f in key order
** (`dir` "ASC"/"DESC"), within `keys` (a key_range condition).
*/
static nl_status keyed_stmt(nl_db *db, const char *text, const nl_filter *f,
                            const char *keys, const char *dir,
                            sqlite3_stmt **st, nl_error *err) {
  query q;
  memset(&q, 0, sizeof q);
  hit_sql(&q.sql, "NULL", keys);
  q.param[q.nparam++] = text;
  if (f->article && q.nparam < MAX_PARAMS) { /* one article: one seek */
    q.param[q.nparam++] = f->article;
    nl_buf_printf(&q.sql,
                  " AND fts.rowid = (SELECT fts_key FROM articles"
                  " WHERE id = ?%d)",
                  q.nparam);
  }
  common_filters(db, &q, f);
  range(&q, "a.published", f);
  nl_buf_printf(&q.sql, " ORDER BY fts.rowid %s", dir); /* limit: plan_step */
  return prepare(db, &q, st, err);
}

/* A new plan of `kind` for query text on cursor c (which frees it). */
static nl_status attach_plan(nl_cursor *c, plan_kind kind, const char *text,
                             const nl_filter *f, nl_error *err) {
  nl_plan *p = nl_calloc(1, sizeof *p);
  if (p) p->text = nl_strdup(text);
  if (!p || !p->text) {
    plan_free(p);
    return nl_error_set(err, NL_ENOMEM, "search: out of memory");
  }
  p->kind = kind;
  p->limit = rows_wanted(f); /* 0 here: every row (a limit of 0 is
                             ** nl_db_search's); the first offset rows
                             ** are stepped over there */
  c->plan = p;
  return NL_OK;
}

/* Newest or oldest first: PLAN_KEYED (see above). */
static nl_status search_keyed(nl_db *db, const char *text, const nl_filter *f,
                              nl_cursor **out, nl_error *err) {
  int oldest = f->order == NL_ORDER_OLDEST;
  char keys[96];
  sqlite3_stmt *st = NULL, *undated = NULL;
  nl_status s;
  *out = NULL;
  key_range(f, oldest, keys, sizeof keys);
  s = keyed_stmt(db, text, f, keys, oldest ? "ASC" : "DESC", &st, err);
  if (s == NL_OK && oldest && !f->since && !f->until)
    s = keyed_stmt(db, text, f, " AND fts.rowid < " NL_KEY_DATED_SQL, "ASC",
                   &undated, err);
  if (s == NL_OK) s = nl_cursor_wrap(db, st, list_mask(st), out, err);
  else sqlite3_finalize(st);
  st = NULL;
  if (s == NL_OK) s = attach_plan(*out, PLAN_KEYED, text, f, err);
  if (s == NL_OK) {
    (*out)->plan->next = undated;
    undated = NULL;
  } else if (*out) {
    nl_cursor_free(*out);
    *out = NULL;
  }
  sqlite3_finalize(undated);
  return s;
}

/* Best first: PLAN_RANK (see above); f has no `article`, its other
** filters narrow the scored rows. */
static nl_status search_rank(nl_db *db, const char *text, const nl_filter *f,
                             nl_cursor **out, nl_error *err) {
  sqlite3_stmt *row;
  nl_buf sql = NL_BUF_INIT;
  nl_plan *p;
  nl_status st;
  int rc;
  *out = NULL;
  if (!hit_sql(&sql, "?3", sql_hit_probe)) {
    nl_buf_free(&sql);
    return nl_error_set(err, NL_ENOMEM, "search: out of memory");
  }
  rc = sqlite3_prepare_v2(db->sq, nl_buf_cstr(&sql), -1, &row, NULL);
  nl_buf_free(&sql);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "prepare search", err);
  sqlite3_bind_text(row, 1, text, -1, SQLITE_TRANSIENT);
  st = nl_cursor_wrap(db, row, list_mask(row), out, err);
  if (st == NL_OK) st = attach_plan(*out, PLAN_RANK, text, f, err);
  if (st == NL_OK) {
    p = (*out)->plan;
    key_range(f, 0, p->range, sizeof p->range);
    rc = register_fns(db);
    st = rc != SQLITE_OK ? nl_db_fail(db, rc, "search", err)
         : f->source || f->outlet || f->since || f->until
             ? rank_members(db, p, f, "search", err)
             : NL_OK;
    rc = st == NL_OK ? rank_window(db, p) : SQLITE_OK;
    if (rc != SQLITE_OK) st = search_fail(db, rc, text, err);
  }
  if (st != NL_OK && *out) {
    nl_cursor_free(*out);
    *out = NULL;
  }
  return st;
}

/*
** Full-text search; see nl_cursor.h.  The first row is fetched here so
** that a bad query fails now with NL_EQUERY.
*/
nl_status nl_db_search(nl_db *db, const char *text, const nl_filter *f,
                       nl_cursor **out, nl_error *err) {
  nl_filter none = NL_FILTER_INIT, first;
  query q;
  nl_cursor *c = NULL;
  nl_buf fb = NL_BUF_INIT; /* the text as FTS5 is given it (nl_query.h) */
  const char *fts;
  nl_status st = check_db(db, out, err);
  if (st != NL_OK) return st;
  if (!text) return nl_error_set(err, NL_EINVAL, "search: NULL query");
  if (!f) f = &none;
  if ((st = no_type(f, "search", err)) != NL_OK) return st;
  if (f->query)
    return nl_error_set(err, NL_EINVAL, "search: the query is its first "
                        "argument, not a filter");
  if ((st = check_limit(f, "search", err)) != NL_OK) return st;
  if ((st = check_bounds(f, "search", 0, err)) != NL_OK ||
      (st = check_format(f, "search", err)) != NL_OK)
    return st;
  if ((unsigned)f->order > NL_ORDER_OLDEST)
    return nl_error_set(err, NL_EINVAL, "search: unknown order %d",
                        (int)f->order);
  if (f->limit == 0) { /* no rows; the query is checked by the cheapest
                       ** plan's first step (a bad one is NL_EQUERY) */
    first = *f;
    first.order = NL_ORDER_NEWEST;
    first.limit = 1;
    first.offset = 0;
    f = &first;
  }
  nl_query_quote(text, &fb);
  if (!nl_buf_ok(&fb)) {
    nl_buf_free(&fb);
    return nl_error_set(err, NL_ENOMEM, "search: out of memory");
  }
  fts = fb.data ? fb.data : ""; /* bound as copies: freed below */
  if (f->order == NL_ORDER_NEWEST || f->order == NL_ORDER_OLDEST) {
    st = search_keyed(db, fts, f, &c, err);
  } else if (!f->article &&
             (!f->format || f->since || f->until || f->source || f->outlet)) {
    st = search_rank(db, fts, f, &c, err);
  } else { /* FTS5 sorts all by rank, the filters apply as rows come */
    memset(&q, 0, sizeof q);
    nl_buf_printf(&q.sql, "%s%s%s", nl_sql_search_head,
                  nl_sql_article_dotted_cols, nl_sql_search_join);
    q.param[q.nparam++] = fts;
    common_filters(db, &q, f);
    range(&q, "a.published", f);
    finish(&q, "fts.rank", f);
    st = open_query(db, &q, &c, err);
  }
  if (st == NL_OK) {
    long long skip = c->plan ? f->offset : 0; /* (SQL's OFFSET: the rest) */
    c->pending_rc = c->plan ? plan_step(c) : sqlite3_step(c->st);
    while (skip-- > 0 && c->pending_rc == SQLITE_ROW)
      c->pending_rc = plan_step(c);
    c->pending = 1;
    if (c->pending_rc != SQLITE_ROW && c->pending_rc != SQLITE_DONE) {
      st = search_fail(db, c->pending_rc, text, err);
      nl_cursor_free(c);
    } else {
      if (f == &first) c->done = 1; /* limit 0 */
      *out = c;
    }
  }
  nl_buf_free(&fb);
  return st;
}

/*
** Sentences of one article; see nl_cursor.h.
*/
nl_status nl_db_sentences(nl_db *db, const char *article, nl_cursor **out,
                          nl_error *err) {
  sqlite3_stmt *st;
  int rc;
  nl_status s = check_db(db, out, err);
  if (s != NL_OK) return s;
  if (!article) return nl_error_set(err, NL_EINVAL, "sentences: NULL id");
  rc = sqlite3_prepare_v2(db->sq, nl_sql_article_exists, -1, &st, NULL);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "sentences", err);
  sqlite3_bind_text(st, 1, article, -1, SQLITE_STATIC);
  rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE)
    return nl_error_set(err, NL_ENOTFOUND, "no article with id \"%s\"",
                        article);
  if (rc != SQLITE_ROW) return nl_db_fail(db, rc, "sentences", err);
  rc = sqlite3_prepare_v2(db->sq, nl_sql_sentences, -1, &st, NULL);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "sentences", err);
  sqlite3_bind_text(st, 1, article, -1, SQLITE_TRANSIENT);
  return nl_cursor_wrap(db, st, 0, out, err);
}

/*
** Dates in (value, article, start) order; see nl_cursor.h.
*/
nl_status nl_db_dates(nl_db *db, const nl_filter *f, nl_cursor **out,
                      nl_error *err) {
  nl_filter none = NL_FILTER_INIT;
  query q;
  nl_status st = check_db(db, out, err);
  if (st == NL_OK) st = no_order(f, "dates", err);
  if (st == NL_OK && f && f->type) st = check_types(f->type, err);
  if (st == NL_OK) st = check_limit(f, "dates", err);
  if (st == NL_OK) st = check_bounds(f, "dates", 1, err);
  if (st == NL_OK) st = check_format(f, "dates", err);
  if (st != NL_OK) return st;
  if (!f) f = &none;
  memset(&q, 0, sizeof q);
  nl_buf_puts(&q.sql, nl_sql_dates_head);
  if (f->type && q.nparam < MAX_PARAMS) { /* the list checked above */
    q.param[q.nparam++] = f->type;
    nl_buf_printf(&q.sql, " AND instr(',' || ?%d || ',', ',' || d.type || ',')",
                  q.nparam);
  }
  if (f->article) { /* drive from the article: its dates by primary key */
    nl_filter rest = *f;
    cond(&q, "d.article", "= (SELECT rowid FROM articles WHERE id =",
         f->article);
    nl_buf_putc(&q.sql, ')');
    rest.article = NULL;
    common_filters(db, &q, &rest);
  } else {
    common_filters(db, &q, f);
  }
  if (f->since || f->until) nl_buf_puts(&q.sql, " AND d.value GLOB '[0-9]*'");
  range(&q, "d.value", f);
  /* with an article, its few dates are sorted; "+" keeps the planner from
  ** walking the whole value index in order instead */
  return open_filtered(db, &q, f,
                       f->article ? "+d.value, a.id, d.start"
                                  : "d.value, a.id, d.start",
                       out, err);
}

/* Matches above which a query's sources are counted by a scan of the
** source index (each entry's key tested against the matches) rather than
** by a lookup of each match's article: 411,099 matches of 1M articles
** took 20 s of random reads that way.  The test is nl_member on the
** matches' keys in a sorted array (match_keys), a binary search, where
** "IN (SELECT rowid FROM fts ...)" built a temporary b-tree of them and
** sought in it for each entry. */
#define SOURCES_SCAN_MATCHES 10000

/* The sorted keys of the matches of `text` (FTS5's syntax, quoted from
** `asked`, which names it in an error: a bad query is NL_EQUERY) into a
** new PLAN_KEYED plan that steps its cursor's statement as it is, for
** nl_member; failures named after `what`. */
static nl_status match_keys(nl_db *db, const char *text, const char *asked,
                            const char *what, nl_plan **out, nl_error *err) {
  nl_plan *p = nl_calloc(1, sizeof *p);
  sqlite3_stmt *st = NULL;
  int rc;
  *out = NULL;
  if (!p) return nl_error_set(err, NL_ENOMEM, "%s: out of memory", what);
  p->kind = PLAN_KEYED; /* limit 0, no next: nl_cursor_next steps c->st */
  rc = register_fns(db);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db->sq, "SELECT rowid FROM fts WHERE fts MATCH ?1",
                            -1, &st, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    rc = read_keys(st, p);
  }
  if (rc == SQLITE_OK) {
    *out = p;
    return NL_OK;
  }
  plan_free(p);
  return rc == SQLITE_NOMEM
             ? nl_error_set(err, NL_ENOMEM, "%s: out of memory", what)
             : search_fail(db, rc, asked, err);
}

/*
** The rows of `sql`, a format whose %s (up to three) receive the
** conditions of f (" AND ...", or none), with the checks of
** nl_db_articles, in `order`: nl_db_sources and nl_db_outlets.
*/
static nl_status count_by(nl_db *db, const nl_filter *f, const char *what,
                          const char *sql, const char *order, nl_cursor **out,
                          nl_error *err) {
  nl_filter none = NL_FILTER_INIT;
  query q, c; /* c: the conditions alone */
  nl_buf fb = NL_BUF_INIT;
  nl_plan *keys = NULL; /* many matches: their keys, for nl_member */
  int keys_param = 0;
  nl_status st = check_db(db, out, err);
  if (st == NL_OK) st = check_article_filter(f, what, err);
  if (st != NL_OK) return st;
  if (!f) f = &none;
  if (f->query) { /* the matches, once: the plan; a bad query fails here */
    nl_query_quote(f->query, &fb);
    st = nl_buf_ok(&fb) ? match_keys(db, fb.data ? fb.data : "", f->query,
                                     what, &keys, err)
                        : nl_error_set(err, NL_ENOMEM, "%s: out of memory",
                                       what);
    nl_buf_free(&fb);
    if (st != NL_OK) return st;
    if (keys->nkeys <= SOURCES_SCAN_MATCHES) { /* by lookup: query_cond */
      plan_free(keys);
      keys = NULL;
    }
  }
  memset(&c, 0, sizeof c);
  common_filters(db, &c, f);
  range(&c, "a.published", f);
  if (keys) { /* the source index, scanned */
    keys_param = c.nparam + 1; /* bound after the text ones */
    nl_buf_printf(&c.sql, " AND nl_member(?%d, a.fts_key)", keys_param);
  } else {
    st = query_cond(db, &c, f, &fb, err);
  }
  if (st == NL_OK && !nl_buf_ok(&c.sql))
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", what);
  if (st == NL_OK) {
    const char *w = c.sql.data ? c.sql.data : "";
    sqlite3_stmt *rows;
    memset(&q, 0, sizeof q);
    memcpy(q.param, c.param, sizeof q.param);
    q.nparam = c.nparam;
    nl_buf_printf(&q.sql, sql, w, w, w); /* (sources reads one) */
    finish(&q, order, f);
    st = prepare(db, &q, &rows, err); /* binds copies: fb may go */
    if (st == NL_OK && keys)
      sqlite3_bind_pointer(rows, keys_param, keys, "nl_plan", NULL);
    if (st == NL_OK) st = nl_cursor_wrap(db, rows, list_mask(rows), out, err);
    if (st == NL_OK && keys) {
      (*out)->plan = keys; /* the cursor keeps them while it runs */
      keys = NULL;
    }
  }
  plan_free(keys);
  nl_buf_free(&c.sql);
  nl_buf_free(&fb);
  return st;
}

/*
** The sources of the articles f lets through, with how many each; see
** nl_cursor.h.  Counted by exact source (in the source index's order),
** then those groups merged by caseless form (nl_casefold), as the source
** filter matches; the name shown is one the filter takes back to the
** whole group: a form with a non-ASCII letter when the group has one
** (the filter folds those fully, an ASCII name by ASCII case only), else
** the largest.
*/
nl_status nl_db_sources(nl_db *db, const nl_filter *f, nl_cursor **out,
                        nl_error *err) {
  return count_by(db, f, "sources", nl_sql_sources_of,
                  "articles DESC, source IS NULL, source COLLATE NOCASE",
                  out, err);
}

/*
** The outlets of the articles f lets through, with how many each; see
** nl_cursor.h.  As nl_db_sources, by each article's outlet (nl_outlet.h),
** from the source index and the outlet-host index (nl_sql_outlets_of).
*/
nl_status nl_db_outlets(nl_db *db, const nl_filter *f, nl_cursor **out,
                        nl_error *err) {
  return count_by(db, f, "outlets", nl_sql_outlets_of,
                  "articles DESC, outlet IS NULL, outlet COLLATE NOCASE",
                  out, err);
}

/* Does f filter by anything but a full-text query (and its limit)? */
static int filters_rows(const nl_filter *f) {
  return f->article || f->source || f->outlet || f->since || f->until ||
         f->format;
}

/* Step st, a one-value count, into *n; finalizes st. */
static int step_count(sqlite3_stmt *st, long long *n) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Count the matches of FTS5 query `fq` (as FTS5 is given it) within the
** key range of f whose keys are among the sorted keys[0..nkeys): the
** doclist walk comes in key order, so the two are merged.  SQLite's own
** plan for "fts_key IN (matches)" reads each match's article row to test
** its date (1.5-56 s for a word in 40% of 1M articles). */
static int count_members(nl_db *db, const char *fq, const nl_filter *f,
                         const sqlite3_int64 *keys, size_t nkeys,
                         long long *n) {
  sqlite3_stmt *st;
  char range[96], sql[160];
  size_t i = 0;
  int rc;
  key_range(f, 0, range, sizeof range);
  snprintf(sql, sizeof sql, "SELECT rowid FROM fts WHERE fts MATCH ?1%s"
           " ORDER BY rowid", range);
  rc = sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_text(st, 1, fq, -1, SQLITE_STATIC);
  /* stepped once at least: a bad query fails there */
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 k = sqlite3_column_int64(st, 0);
    while (i < nkeys && keys[i] < k)
      i++;
    if (i >= nkeys) break; /* no key left to meet */
    if (keys[i] == k) ++*n;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
** The number of articles nl_db_articles would give; see nl_cursor.h.  A
** query alone is FTS5's count of its matches: one pass over the query's
** doclists (every article has its one index row).  Other filters alone
** count the articles they let through (by the published and source
** indexes); with a query too, those articles' keys are merged with the
** query's matches in their key range.
*/
nl_status nl_db_count_articles(nl_db *db, const nl_filter *f, long long *n,
                               nl_error *err) {
  nl_cursor *unused;
  nl_buf fb = NL_BUF_INIT; /* the query as FTS5 is given it */
  sqlite3_stmt *st;
  nl_plan keys;
  query q;
  int rc = SQLITE_OK;
  nl_status s = check_db(db, &unused, err);
  *n = 0;
  if (s == NL_OK) s = check_article_filter(f, "count", err);
  if (s != NL_OK) return s;
  if (!f || (!f->query && !filters_rows(f))) {
    s = nl_db_count(db, n, err);
  } else if (!f->query) {
    memset(&q, 0, sizeof q);
    nl_buf_puts(&q.sql, "SELECT count(*) FROM articles a WHERE 1");
    common_filters(db, &q, f);
    range(&q, "a.published", f);
    s = prepare(db, &q, &st, err);
    if (s == NL_OK && (rc = step_count(st, n)) != SQLITE_OK)
      s = nl_db_fail(db, rc, "count", err);
  } else {
    memset(&keys, 0, sizeof keys);
    nl_query_quote(f->query, &fb);
    if (!nl_buf_ok(&fb))
      s = nl_error_set(err, NL_ENOMEM, "count: out of memory");
    else if (filters_rows(f)) {
      s = rank_members(db, &keys, f, "count", err);
      if (s == NL_OK)
        rc = count_members(db, fb.data ? fb.data : "", f, keys.keys,
                           keys.nkeys, n);
    } else {
      rc = sqlite3_prepare_v2(db->sq,
                              "SELECT count(*) FROM fts WHERE fts MATCH ?1",
                              -1, &st, NULL);
      if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, fb.data ? fb.data : "", -1, SQLITE_STATIC);
        rc = step_count(st, n);
      }
    }
    if (s == NL_OK && rc != SQLITE_OK) s = search_fail(db, rc, f->query, err);
    nl_free(keys.keys);
    nl_buf_free(&fb);
  }
  if (s != NL_OK) *n = 0;
  if (s == NL_OK && f) *n = *n > f->offset ? *n - f->offset : 0;
  if (s == NL_OK && f && f->limit >= 0 && *n > f->limit) *n = f->limit;
  return s;
}

/*
** Wrap a prepared statement into a cursor holding a reference to db.
*/
nl_status nl_cursor_wrap(nl_db *db, sqlite3_stmt *st,
                         unsigned long long list_mask, nl_cursor **out,
                         nl_error *err) {
  nl_cursor *c = nl_calloc(1, sizeof *c);
  *out = NULL;
  if (!c) {
    sqlite3_finalize(st);
    return nl_error_set(err, NL_ENOMEM, "cursor: out of memory");
  }
  c->db = db;
  c->st = st;
  c->list_mask = list_mask;
  c->bool_mask = column_mask(st, 1);
  c->ncols = sqlite3_column_count(st);
  db->ncursors++;
  *out = c;
  return NL_OK;
}

/*
** Step to the next row; see nl_cursor.h.
*/
nl_status nl_cursor_next(nl_cursor *c, nl_error *err) {
  int rc;
  if (!c) return nl_error_set(err, NL_EINVAL, "cursor: NULL");
  if (c->db->closed)
    return nl_error_set(err, NL_EMISUSE, "cursor used after its store "
                        "was closed");
  if (c->done) return NL_DONE;
  if (c->pending) {
    c->pending = 0;
    rc = c->pending_rc;
  } else {
    rc = c->plan ? plan_step(c) : sqlite3_step(c->st);
  }
  if (rc == SQLITE_ROW) return NL_OK;
  c->done = 1;
  if (rc == SQLITE_DONE) return NL_DONE;
  return nl_db_fail(c->db, rc, "query", err);
}

/* Number of columns. */
int nl_cursor_ncols(const nl_cursor *c) { return c ? c->ncols : 0; }

/* Name of column `col` ("" if out of range). */
const char *nl_cursor_name(const nl_cursor *c, int col) {
  const char *n;
  if (!c || col < 0 || col >= c->ncols) return "";
  n = sqlite3_column_name(c->st, col);
  return n ? n : "";
}

/* Type of column `col` in the current row. */
nl_col_type nl_cursor_type(const nl_cursor *c, int col) {
  if (!c || col < 0 || col >= c->ncols) return NL_COL_NULL;
  switch (sqlite3_column_type(c->st, col)) {
  case SQLITE_INTEGER:
    return col < 64 && (c->bool_mask >> col & 1) ? NL_COL_BOOL : NL_COL_INT;
  case SQLITE_FLOAT: return NL_COL_REAL;
  case SQLITE_NULL: return NL_COL_NULL;
  default:
    return col < 64 && (c->list_mask >> col & 1) ? NL_COL_LIST : NL_COL_TEXT;
  }
}

/* Integer value of column `col`. */
long long nl_cursor_int(const nl_cursor *c, int col) {
  if (!c || col < 0 || col >= c->ncols) return 0;
  return sqlite3_column_int64(c->st, col);
}

/* Real value of column `col`. */
double nl_cursor_real(const nl_cursor *c, int col) {
  if (!c || col < 0 || col >= c->ncols) return 0;
  return sqlite3_column_double(c->st, col);
}

/* Text of column `col` (NULL for NULL). */
const char *nl_cursor_text(const nl_cursor *c, int col, size_t *len) {
  const char *s;
  if (len) *len = 0;
  if (!c || col < 0 || col >= c->ncols) return NULL;
  if (sqlite3_column_type(c->st, col) == SQLITE_NULL) return NULL;
  s = (const char *)sqlite3_column_text(c->st, col);
  if (len) *len = (size_t)sqlite3_column_bytes(c->st, col);
  return s;
}

/*
** Finalize the statement and drop the cursor's reference to its db (a
** closed db is freed with its last cursor; SQLite frees the zombie
** connection with its last statement).
*/
void nl_cursor_free(nl_cursor *c) {
  if (!c) return;
  plan_free(c->plan);
  sqlite3_finalize(c->st);
  nl_db_unref(c->db);
  nl_free(c);
}
