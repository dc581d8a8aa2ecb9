/*
** nl_cursor.c -- read-only queries over the store as row cursors:
** articles, full-text search, sentences, dates.  SQL parts come from
** nl_schema.c; this file only assembles filters and steps statements.
*/
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"

#define MAX_PARAMS 8

/* A query under construction: SQL text plus text parameters ?1..?n. */
typedef struct query {
  nl_buf sql;
  const char *param[MAX_PARAMS];
  int nparam;
  char until_hi[80]; /* `until` + "\x7f": exclusive upper bound */
  long long limit;
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

static void common_filters(query *q, const nl_filter *f) {
  cond(q, "a.id", "=", f->article);
  if (f->source && q->nparam < MAX_PARAMS) {
    q->param[q->nparam++] = f->source;
    nl_buf_printf(&q->sql, " AND a.source = ?%d COLLATE NOCASE", q->nparam);
  }
  cond(q, "a.format", "=", f->format);
}

static void finish(query *q, const char *order, const nl_filter *f) {
  nl_buf_printf(&q->sql, " ORDER BY %s", order);
  if (f->limit > 0) nl_buf_printf(&q->sql, " LIMIT %lld", f->limit);
}

static int is_list(const char *name) {
  if (strncmp(name, "article.", 8) == 0) name += 8;
  return !strcmp(name, "paragraphs") || !strcmp(name, "warnings") ||
         !strcmp(name, "meta");
}

/* Prepare q (plus extra first param `p1` if not NULL) into a cursor. */
static nl_status open_query(nl_db *db, query *q, const char *p1,
                            nl_cursor **out, nl_error *err) {
  sqlite3_stmt *st = NULL;
  unsigned long long mask = 0;
  int rc, i, base = p1 ? 1 : 0;
  nl_status s;
  if (!nl_buf_ok(&q->sql)) {
    nl_buf_free(&q->sql);
    return nl_error_set(err, NL_ENOMEM, "query: out of memory");
  }
  rc = sqlite3_prepare_v2(db->sq, nl_buf_cstr(&q->sql), -1, &st, NULL);
  nl_buf_free(&q->sql);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "prepare query", err);
  if (p1) sqlite3_bind_text(st, 1, p1, -1, SQLITE_TRANSIENT);
  for (i = 0; i < q->nparam; i++)
    sqlite3_bind_text(st, base + i + 1, q->param[i], -1, SQLITE_TRANSIENT);
  for (i = 0; i < sqlite3_column_count(st) && i < 64; i++)
    if (is_list(sqlite3_column_name(st, i))) mask |= 1ULL << i;
  s = nl_cursor_wrap(db, st, mask, out, err);
  return s;
}

static nl_status check_db(nl_db *db, nl_cursor **out, nl_error *err) {
  *out = NULL;
  if (!db) return nl_error_set(err, NL_EINVAL, "query: NULL store");
  if (db->closed) return nl_error_set(err, NL_EMISUSE, "store is closed");
  return NL_OK;
}

/*
** Articles in id order; see nl_cursor.h.
*/
nl_status nl_db_articles(nl_db *db, const nl_filter *f, nl_cursor **out,
                         nl_error *err) {
  nl_filter none = NL_FILTER_INIT;
  query q;
  nl_status st = check_db(db, out, err);
  if (st != NL_OK) return st;
  if (!f) f = &none;
  memset(&q, 0, sizeof q);
  nl_buf_printf(&q.sql, "SELECT %s FROM articles a WHERE 1",
                nl_sql_articles_cols);
  common_filters(&q, f);
  range(&q, "a.published", f);
  finish(&q, "a.id", f);
  return open_query(db, &q, NULL, out, err);
}

/*
** Full-text search, best BM25 first; see nl_cursor.h.  The first row is
** fetched here so that a bad query fails now with NL_EQUERY.
*/
nl_status nl_db_search(nl_db *db, const char *text, const nl_filter *f,
                       nl_cursor **out, nl_error *err) {
  nl_filter none = NL_FILTER_INIT;
  query q;
  nl_cursor *c;
  nl_status st = check_db(db, out, err);
  if (st != NL_OK) return st;
  if (!text) return nl_error_set(err, NL_EINVAL, "search: NULL query");
  if (!f) f = &none;
  memset(&q, 0, sizeof q);
  nl_buf_printf(&q.sql, "%s%s FROM fts JOIN articles a ON a.rowid = fts.rowid"
                " WHERE fts MATCH ?1", nl_sql_search_head,
                nl_sql_article_dotted_cols);
  /* parameters are numbered after ?1 (the query) */
  q.nparam = 1;
  q.param[0] = text;
  common_filters(&q, f);
  range(&q, "a.published", f);
  finish(&q, "fts.rank", f);
  q.nparam--;
  memmove(q.param, q.param + 1, (size_t)q.nparam * sizeof q.param[0]);
  st = open_query(db, &q, text, &c, err);
  if (st != NL_OK) return st;
  c->pending_rc = sqlite3_step(c->st);
  c->pending = 1;
  if (c->pending_rc != SQLITE_ROW && c->pending_rc != SQLITE_DONE) {
    int rc = c->pending_rc & 0xff;
    if (rc == SQLITE_ERROR)
      st = nl_error_set(err, NL_EQUERY, "bad search query \"%s\": %s", text,
                        sqlite3_errmsg(db->sq));
    else
      st = nl_db_fail(db, c->pending_rc, "search", err);
    nl_cursor_free(c);
    return st;
  }
  *out = c;
  return NL_OK;
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
  if (st != NL_OK) return st;
  if (!f) f = &none;
  memset(&q, 0, sizeof q);
  nl_buf_puts(&q.sql, nl_sql_dates_head);
  if (f->article) { /* drive from the article: its dates by primary key */
    nl_filter rest = *f;
    cond(&q, "d.article", "= (SELECT rowid FROM articles WHERE id =",
         f->article);
    nl_buf_putc(&q.sql, ')');
    rest.article = NULL;
    common_filters(&q, &rest);
  } else {
    common_filters(&q, f);
  }
  if (f->since || f->until) nl_buf_puts(&q.sql, " AND d.value GLOB '[0-9]*'");
  range(&q, "d.value", f);
  /* with an article, its few dates are sorted; "+" keeps the planner from
  ** walking the whole value index in order instead */
  finish(&q, f->article ? "+d.value, a.id, d.start" : "d.value, a.id, d.start",
         f);
  return open_query(db, &q, NULL, out, err);
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
    rc = sqlite3_step(c->st);
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
  case SQLITE_INTEGER: return NL_COL_INT;
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
  sqlite3_finalize(c->st);
  nl_db_unref(c->db);
  nl_free(c);
}
