/*
** nl_pubdate_db.c -- publication-date reconciliation against the store
** (nl_pubdate_reconcile, see nl_pubdate.h), in bounded memory and in time
** proportional to what changed:
**   - the work: the articles of files that changed since the last
**     reconciliation (a snapshot of the files table, pubdate_files),
**     every article without a metadata date, every article whose date
**     or warning came from its story (the story may have changed or lost
**     reports), and the dated articles linked to an article of a changed
**     file or to one the ingest removed (nl_pd_words gw: their story may
**     now contradict their dates); nothing else is
**     re-decided (the first reconciliation of a store takes every
**     article);
**   - stories: two streamed passes over the bodies, so only a few bytes
**     per article stay in memory (nl_pubdate_link.c);
**   - decisions in chunks of work articles with their neighbours as
**     context (nl_pd_decide_all, nl_pubdate_chunk.c, over the store's
**     rows); only what changed is written;
**   - a first reconciliation after an ingest takes its story links and
**     its decisions from the loader thread (nl_pubdate_pre.c) when the
**     store holds exactly the rows it loaded: then it only writes them.
** Its SQL is in nl_schema.c (nl_sql_pubdate_*); besides the articles
** columns it keeps its own table pubdate_files(path, hash, size, mtime),
** created by its first run.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_pubdate.h"
#include "nl_pubdate_db.h"
#include "nl_pubdate_internal.h"
#include "nl_story.h"

static char *col_dup(sqlite3_stmt *st, int col, int *oom) {
  const unsigned char *t = sqlite3_column_text(st, col);
  char *p;
  if (!t) return NULL;
  p = nl_strndup((const char *)t, (size_t)sqlite3_column_bytes(st, col));
  if (!p) *oom = 1;
  return p;
}

static void all_free(pd_all *a) {
  nl_free(a->rowid);
  nl_free(a->fl);
  nl_free(a->off);
  nl_free(a->nb);
  nl_free(a->str);
  nl_free(a->rep);
  nl_story_twins_free(a->tw);
}

/* Read the row of article `rowid` into r (zeroed first). */
static nl_status read_row(nl_db *db, sqlite3_stmt *st, sqlite3_int64 rowid,
                          pd_row *r, nl_error *err) {
  int rc, oom = 0;
  memset(r, 0, sizeof *r);
  r->rowid = rowid;
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, rowid);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    r->id = col_dup(st, 1, &oom);
    r->published = col_dup(st, 2, &oom);
    r->source = col_dup(st, 3, &oom);
    r->meta = col_dup(st, 4, &oom);
    r->evidence = col_dup(st, 5, &oom);
    r->warnings = col_dup(st, 6, &oom);
    r->kv = col_dup(st, 7, &oom);
    r->url = col_dup(st, 8, &oom);
  }
  sqlite3_reset(st);
  if (oom) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nl_db_fail(db, rc, "pubdate: read article", err);
  return NL_OK;
}

/* Write update u into row `rowid` (nl_sql_pubdate_update `up` when it
** changed the date, else nl_sql_pubdate_warn `uw`). */
static nl_status bind_update(nl_db *db, sqlite3_stmt *up, sqlite3_stmt *uw,
                             sqlite3_int64 rowid, const pd_update *u,
                             nl_error *err) {
  sqlite3_stmt *s = u->changed ? up : uw;
  int rc;
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (u->changed) {
    if (u->published)
      sqlite3_bind_text(s, 1, u->published, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, u->source, -1, SQLITE_STATIC);
    if (u->evidence) sqlite3_bind_text(s, 3, u->evidence, -1, SQLITE_STATIC);
    if (u->meta) sqlite3_bind_text(s, 4, u->meta, -1, SQLITE_STATIC);
    if (u->kv) sqlite3_bind_text(s, 7, u->kv, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, rowid);
  } else {
    sqlite3_bind_int64(s, 2, rowid);
  }
  if (u->warnings)
    sqlite3_bind_text(s, u->changed ? 5 : 1, u->warnings, -1, SQLITE_STATIC);
  rc = sqlite3_step(s);
  sqlite3_reset(s);
  if (rc != SQLITE_DONE)
    return nl_db_fail(db, rc, "pubdate: update article", err);
  return NL_OK;
}

/* The store as the decisions' io (pd_io): rows and bodies read by rowid,
** the ingest's tagging from a->known, updates written at once. */
typedef struct pd_store {
  pd_all *a;
  sqlite3_stmt *rd, *rh, *up, *uw; /* rh: a context row's head */
} pd_store;

/* A context row (`head`) without its warnings and meta, which follow the
** body: reading them walks a long body's overflow pages. */
static nl_status store_row(void *ctx, size_t g, int head, pd_row *r,
                           nl_error *err) {
  pd_store *s = ctx;
  return read_row(s->a->db, head ? s->rh : s->rd, s->a->rowid[g], r, err);
}

/* The body of article g (bodies are not kept in memory all at once). */
static nl_status store_fetch(void *ctx, size_t g, char **body, size_t *len,
                             nl_error *err) {
  pd_store *s = ctx;
  nl_db *db = s->a->db;
  sqlite3_stmt *st = nl_db_stmt(db, NL_STMT_ARTICLE_BODY, err);
  int rc;
  *body = NULL;
  *len = 0;
  if (!st) return err ? err->code : NL_EDB;
  sqlite3_bind_int64(st, 1, s->a->rowid[g]);
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
  return nl_db_fail(db, rc, "pubdate: read body", err);
}

static void store_tagged(void *ctx, size_t g, nl_pd_tagged *t) {
  pd_store *s = ctx;
  nl_pd_words_tagged(s->a->known, s->a->rowid[g], t);
}

/* Write the update; a changed date also moves the index key and
** re-tags the article's dates. */
static nl_status store_write(void *ctx, size_t g, const pd_row *row,
                             const nl_pd_doc *doc, const nl_pd_result *r,
                             nl_error *err) {
  pd_store *s = ctx;
  nl_db *db = s->a->db;
  pd_update u;
  nl_status st;
  if (nl_pd_update_make(row, doc, r, &u) != NL_OK)
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  st = bind_update(db, s->up, s->uw, s->a->rowid[g], &u, err);
  if (st == NL_OK && u.changed) st = nl_db_rekey(db, s->a->rowid[g], err);
  if (st == NL_OK && u.changed)
    st = nl_db_retag_dates(db, s->a->rowid[g], u.published, err);
  nl_pd_update_clear(&u);
  return st;
}

/* The update statements into s->up, s->uw (and, with `rd`, the row read
** into s->rd). */
static nl_status prepare_store(pd_store *s, int rd, nl_error *err) {
  sqlite3 *sq = nl_db_sqlite(s->a->db);
  int rc = SQLITE_OK;
  if (rd) rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_row, -1, &s->rd, NULL);
  if (rd && rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_row_head, -1, &s->rh, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_update, -1, &s->up, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_warn, -1, &s->uw, NULL);
  if (rc != SQLITE_OK) return nl_db_fail(s->a->db, rc, "pubdate: update", err);
  return NL_OK;
}

static void finalize_store(pd_store *s) {
  sqlite3_finalize(s->rd);
  sqlite3_finalize(s->rh);
  sqlite3_finalize(s->up);
  sqlite3_finalize(s->uw);
}

/* Decide the work articles over the store and write what changed. */
static nl_status decide_all(pd_all *a, nl_error *err) {
  pd_store s;
  pd_links l;
  pd_io io;
  nl_status st;
  memset(&s, 0, sizeof s);
  s.a = a;
  st = prepare_store(&s, 1, err);
  if (st == NL_OK) {
    l.n = a->n;
    l.fl = a->fl;
    l.off = a->off;
    l.nb = a->nb;
    l.str = a->str;
    memset(&io, 0, sizeof io);
    io.ctx = &s;
    io.row = store_row;
    io.fetch = store_fetch;
    io.tagged = store_tagged;
    io.write = store_write;
    st = nl_pd_decide_all(&l, &io, err);
  }
  finalize_store(&s);
  return st;
}

/* Write what the loader decided ahead (a->print: the store holds its
** rows): the same updates, index keys and dates, in the same order, as
** decide_all over the store. */
static nl_status apply_pre(pd_all *a, nl_error *err) {
  pd_store s;
  size_t nw = 0, i;
  const pd_write *w = nl_pd_pre_writes(a->known->pre, &nw);
  nl_status st;
  memset(&s, 0, sizeof s);
  s.a = a;
  st = prepare_store(&s, 0, err);
  for (i = 0; st == NL_OK && i < nw; i++) {
    sqlite3_int64 rowid = a->rowid[w[i].g];
    st = bind_update(a->db, s.up, s.uw, rowid, &w[i].u, err);
    if (st == NL_OK && w[i].u.changed) st = nl_db_rekey(a->db, rowid, err);
    if (st == NL_OK && w[i].u.changed)
      st = nl_db_set_dates(a->db, rowid, w[i].tx, w[i].ntx, err);
  }
  finalize_store(&s);
  return st;
}

/*
** See nl_pubdate.h.  The input date of an article is its original
** metadata date when one was recorded (meta_published), so running the
** reconciliation again reaches the same decisions.  Only rows whose date
** changed or that gain a warning are written.  Uses the caller's
** transaction if one is open, else its own (taken first, so the articles
** cannot change between the passes).
*/
nl_status nl_pubdate_reconcile(nl_db *db, nl_error *err) {
  return nl_pubdate_reconcile_words(db, NULL, err);
}

/* See nl_pubdate.h. */
int nl_pubdate_first(nl_db *db) {
  sqlite3 *sq = nl_db_sqlite(db);
  sqlite3_stmt *q = NULL;
  int first = 0;
  if (!sq) return 0;
  if (sqlite3_prepare_v2(sq, nl_sql_pubdate_snap_any, -1, &q, NULL) !=
      SQLITE_OK)
    first = 1; /* no snapshot table yet */
  else
    first = sqlite3_step(q) == SQLITE_DONE;
  sqlite3_finalize(q);
  return first;
}

/* See nl_pubdate.h. */
int nl_pubdate_pending(nl_db *db) {
  sqlite3 *sq = nl_db_sqlite(db);
  sqlite3_stmt *q = NULL;
  int rc, stale = 0;
  if (!sq) return 0;
  rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_stale, -1, &q, NULL);
  if (rc != SQLITE_OK) /* no snapshot yet: pending if a file is stored */
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_any_file, -1, &q, NULL);
  if (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
    stale = sqlite3_column_int(q, 0) != 0;
  sqlite3_finalize(q);
  return stale;
}

/* See nl_pubdate.h. */
nl_status nl_pubdate_reconcile_words(nl_db *db, const nl_pd_words *known,
                                     nl_error *err) {
  pd_all a;
  sqlite3 *sq = nl_db_sqlite(db);
  sqlite3_int64 *chg = NULL;
  sqlite3_stmt *q = NULL;
  size_t nchg = 0;
  int own = 0, full = 0, rc;
  nl_status st = NL_OK;
  memset(&a, 0, sizeof a);
  a.db = db;
  a.known = known;
  if (!sq) return nl_error_set(err, NL_EMISUSE, "pubdate: store is closed");
  if (!db->in_txn) {
    st = nl_db_begin(db, err);
    if (st != NL_OK) return st;
    own = 1;
  }
  rc = sqlite3_exec(sq, nl_sql_pubdate_snap_make, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_snap_any, -1, &q, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(q);
    full = rc == SQLITE_DONE;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_OK) {
    st = nl_db_fail(db, rc, "pubdate: snapshot", err);
    goto out;
  }
  if (!full) st = nl_pd_changed_rowids(db, &chg, &nchg, err);
  if (known && !known->gfull) a.ngone = known->ng;
  if (st == NL_OK && !full && nchg == 0 && a.ngone == 0) {
    /* nothing of the files changed: work only if articles are undated or
    ** dated from their stories */
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_redecide, -1, &q, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(q);
    sqlite3_finalize(q);
    q = NULL;
    if (rc == SQLITE_DONE) goto snapshot;
    if (rc != SQLITE_ROW) {
      st = nl_db_fail(db, rc, "pubdate: read", err);
      goto out;
    }
  }
  a.full = full;
  a.chg = chg;
  a.nchg = nchg;
  if (st == NL_OK) st = nl_pd_link_all(&a, err);
  nl_free(chg);
  chg = NULL;
  if (st == NL_OK && a.nwork)
    st = a.print ? apply_pre(&a, err) : decide_all(&a, err);
snapshot:
  if (st == NL_OK) {
    rc = sqlite3_exec(sq, nl_sql_pubdate_snap_save, NULL, NULL, NULL);
    if (rc != SQLITE_OK) st = nl_db_fail(db, rc, "pubdate: snapshot", err);
  }
out:
  nl_free(chg);
  all_free(&a);
  if (own) {
    nl_status st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
  return st;
}
