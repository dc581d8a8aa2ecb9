/*
** nl_pubdate_db.c -- publication-date reconciliation against the store
** (nl_pubdate_reconcile, see nl_pubdate.h): read every article, decide
** with nl_pubdate_decide, write back what changed and re-tag its dates.
** Its SQL lives here (it touches only columns nl_schema.c declares).
*/
#include <string.h>

#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_pubdate.h"

static const char pd_sql_select[] =
    "SELECT rowid, id, published, published_source, meta_published,"
    " NULL, warnings, meta FROM articles ORDER BY id";
static const char pd_sql_warn[] =
    "UPDATE articles SET warnings = ?1 WHERE rowid = ?2";
static const char pd_sql_update[] =
    "UPDATE articles SET published = ?1, published_source = ?2,"
    " published_evidence = ?3, meta_published = ?4, warnings = ?5,"
    " meta = ?7 WHERE rowid = ?6";

typedef struct pd_row {
  sqlite3_int64 rowid;
  char *id, *published, *source, *meta, *warnings, *kv;
} pd_row;

static void free_rows(pd_row *r, size_t n) {
  size_t i;
  for (i = 0; r && i < n; i++) {
    nl_free(r[i].id);
    nl_free(r[i].published);
    nl_free(r[i].source);
    nl_free(r[i].meta);
    nl_free(r[i].warnings);
    nl_free(r[i].kv);
  }
  nl_free(r);
}

static char *col_dup(sqlite3_stmt *st, int col, int *oom) {
  const unsigned char *t = sqlite3_column_text(st, col);
  char *p;
  if (!t) return NULL;
  p = nl_strndup((const char *)t, (size_t)sqlite3_column_bytes(st, col));
  if (!p) *oom = 1;
  return p;
}

static nl_status read_rows(nl_db *db, pd_row **out, size_t *n, nl_error *err) {
  sqlite3 *sq = nl_db_sqlite(db);
  sqlite3_stmt *st = NULL;
  size_t cap = 0;
  int rc, oom = 0;
  *out = NULL;
  *n = 0;
  if (!sq) return nl_error_set(err, NL_EMISUSE, "pubdate: store is closed");
  rc = sqlite3_prepare_v2(sq, pd_sql_select, -1, &st, NULL);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "pubdate: read articles", err);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && !oom) {
    pd_row *r;
    if (*n == cap) {
      size_t nc = cap ? cap * 2 : 64;
      pd_row *p = nl_realloc(*out, nc * sizeof *p);
      if (!p) {
        oom = 1;
        break;
      }
      *out = p;
      cap = nc;
    }
    r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    r->rowid = sqlite3_column_int64(st, 0);
    r->id = col_dup(st, 1, &oom);
    r->published = col_dup(st, 2, &oom);
    r->source = col_dup(st, 3, &oom);
    r->meta = col_dup(st, 4, &oom);
    r->warnings = col_dup(st, 6, &oom);
    r->kv = col_dup(st, 7, &oom);
  }
  sqlite3_finalize(st);
  if (oom) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return nl_db_fail(db, rc, "pubdate: read articles", err);
  return NL_OK;
}

typedef struct fetch_ctx {
  nl_db *db;
  const pd_row *rows;
} fetch_ctx;

/* nl_pd_body_fn: the body of rows[i], read by rowid (bodies are not kept
** in memory all at once). */
static nl_status fetch_body(void *ctx, size_t i, char **body, size_t *len,
                            nl_error *err) {
  fetch_ctx *f = ctx;
  sqlite3_stmt *st = nl_db_stmt(f->db, NL_STMT_ARTICLE_BODY, err);
  int rc;
  *body = NULL;
  *len = 0;
  if (!st) return err ? err->code : NL_EDB;
  sqlite3_bind_int64(st, 1, f->rows[i].rowid);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char *t = sqlite3_column_text(st, 0);
    *len = (size_t)sqlite3_column_bytes(st, 0);
    *body = nl_strndup(t ? (const char *)t : "", t ? *len : 0);
    sqlite3_reset(st);
    if (!*body) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    return NL_OK;
  }
  sqlite3_reset(st);
  if (rc == SQLITE_DONE) return NL_OK; /* vanished: an empty body */
  return nl_db_fail(f->db, rc, "pubdate: read body", err);
}

static nl_pub_source source_of(const char *s) {
  if (s && strcmp(s, "metadata") == 0) return NL_PUB_METADATA;
  if (s && strcmp(s, "inferred") == 0) return NL_PUB_INFERRED;
  return NL_PUB_NONE;
}

/* Is the line s[0..n) a warning written by this module? */
static int is_pd_warning(const char *s, size_t n) {
  static const char *const pre[] = {"publication date ",
                                    "no publication date:", NULL};
  size_t i;
  for (i = 0; pre[i]; i++)
    if (n >= strlen(pre[i]) && memcmp(s, pre[i], strlen(pre[i])) == 0) return 1;
  return 0;
}

/*
** The warnings list without the lines an earlier reconciliation wrote, and
** with `w` (may be NULL) appended: a decision that changed leaves no stale
** warning.  "" for an empty list; NULL on OOM.
*/
static char *set_warning(const char *list, const char *w) {
  size_t a = list ? strlen(list) : 0, b = w ? strlen(w) : 0, k = 0;
  const char *p = list, *e = list ? list + a : NULL;
  char *out = nl_malloc(a + b + 2);
  if (!out) return NULL;
  while (p && p < e) {
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(e - p);
    if (!is_pd_warning(p, n)) {
      if (k) out[k++] = '\n';
      memcpy(out + k, p, n);
      k += n;
    }
    p += n + 1;
  }
  if (w) {
    if (k) out[k++] = '\n';
    memcpy(out + k, w, b);
    k += b;
  }
  out[k] = 0;
  return out;
}

/* The meta list with "meta_published=<v>" added unless it has one. */
static char *add_meta(const char *list, const char *v) {
  size_t a = list ? strlen(list) : 0, b = strlen(v);
  char *p;
  if (list && (strncmp(list, "meta_published=", 15) == 0 ||
               strstr(list, "\nmeta_published=")))
    return nl_strdup(list);
  p = nl_malloc(a + b + 17);
  if (!p) return NULL;
  if (a) memcpy(p, list, a), p[a++] = '\n';
  memcpy(p + a, "meta_published=", 15);
  memcpy(p + a + 15, v, b + 1);
  return p;
}

static nl_status write_row(nl_db *db, sqlite3_stmt *up, sqlite3_stmt *uw,
                           const pd_row *row, const nl_pd_doc *doc,
                           const nl_pd_result *r, nl_error *err) {
  char *warn = NULL, *kv = NULL;
  sqlite3_stmt *s = r->changed ? up : uw;
  int rc, w = r->changed ? 5 : 1;
  warn = set_warning(row->warnings, r->warning);
  if (!warn) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (r->changed) {
    if (r->published[0])
      sqlite3_bind_text(s, 1, r->published, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, nl_pub_source_name(r->source), -1, SQLITE_STATIC);
    if (r->evidence) sqlite3_bind_text(s, 3, r->evidence, -1, SQLITE_TRANSIENT);
    /* the original metadata date survives a replacement, also as the
    ** article meta "meta_published" */
    if (row->meta)
      sqlite3_bind_text(s, 4, row->meta, -1, SQLITE_TRANSIENT);
    else if (doc->source == NL_PUB_METADATA && doc->published)
      sqlite3_bind_text(s, 4, doc->published, -1, SQLITE_TRANSIENT);
    if (doc->source == NL_PUB_METADATA && doc->published) {
      kv = add_meta(row->kv, doc->published);
      if (!kv) {
        nl_free(warn);
        return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
      }
      sqlite3_bind_text(s, 7, kv, -1, SQLITE_TRANSIENT);
    } else if (row->kv) {
      sqlite3_bind_text(s, 7, row->kv, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(s, 6, row->rowid);
  } else {
    sqlite3_bind_int64(s, 2, row->rowid);
  }
  if (warn[0]) sqlite3_bind_text(s, w, warn, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(s);
  nl_free(warn);
  nl_free(kv);
  if (rc != SQLITE_DONE)
    return nl_db_fail(db, rc, "pubdate: update article", err);
  if (!r->changed) return NL_OK;
  return nl_db_retag_dates(db, row->rowid,
                           r->published[0] ? r->published : NULL, err);
}

/*
** See nl_pubdate.h.  The input date of an article is its original
** metadata date when one was recorded (meta_published), so running the
** reconciliation again reaches the same decisions.  Only rows whose date
** changed or that gain a warning are written.  Uses the caller's
** transaction if one is open, else its own.
*/
nl_status nl_pubdate_reconcile(nl_db *db, nl_error *err) {
  fetch_ctx fc;
  pd_row *rows = NULL;
  nl_pd_doc *docs = NULL;
  nl_pd_result *res = NULL;
  sqlite3_stmt *up = NULL, *uw = NULL;
  size_t n = 0, i;
  int own = 0, rc;
  nl_status st = read_rows(db, &rows, &n, err);
  if (st != NL_OK || n == 0) goto out;
  docs = nl_calloc(n, sizeof *docs);
  res = nl_calloc(n, sizeof *res);
  if (!docs || !res) {
    st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    goto out;
  }
  for (i = 0; i < n; i++) {
    docs[i].id = rows[i].id;
    docs[i].body = NULL; /* fetched on demand by fetch_body */
    if (rows[i].meta) {
      docs[i].published = rows[i].meta;
      docs[i].source = NL_PUB_METADATA;
    } else if (source_of(rows[i].source) == NL_PUB_METADATA) {
      docs[i].published = rows[i].published;
      docs[i].source = NL_PUB_METADATA;
    }
  }
  fc.db = db;
  fc.rows = rows;
  st = nl_pubdate_decide_with(docs, n, NULL, fetch_body, &fc, res, err);
  if (st != NL_OK) goto out;
  if (!db->in_txn) {
    st = nl_db_begin(db, err);
    if (st != NL_OK) goto out;
    own = 1;
  }
  rc = sqlite3_prepare_v2(nl_db_sqlite(db), pd_sql_update, -1, &up, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(nl_db_sqlite(db), pd_sql_warn, -1, &uw, NULL);
  if (rc != SQLITE_OK) st = nl_db_fail(db, rc, "pubdate: update", err);
  for (i = 0; i < n && st == NL_OK; i++) {
    const char *cur = rows[i].published ? rows[i].published : "";
    int same = strcmp(cur, res[i].published) == 0 &&
               source_of(rows[i].source) == res[i].source;
    res[i].changed = !same;
    if (same) {
      char *w = set_warning(rows[i].warnings, res[i].warning);
      int keep;
      if (!w) {
        st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
        break;
      }
      keep = strcmp(w, rows[i].warnings ? rows[i].warnings : "") == 0;
      nl_free(w);
      if (keep) continue;
    }
    st = write_row(db, up, uw, &rows[i], &docs[i], &res[i], err);
  }
  sqlite3_finalize(up);
  sqlite3_finalize(uw);
  if (own) {
    nl_status st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
out:
  if (res) nl_pd_results_clear(res, n);
  nl_free(res);
  nl_free(docs);
  free_rows(rows, n);
  return st;
}
