/*
** nl_ingest.c -- the ingest pipeline: files -> loader -> sentences ->
** dates -> store.
**
** Transaction policy: files are stored in batches (one write transaction
** per batch of up to BATCH_ARTICLES articles or BATCH_BYTES of body text),
** each file inside its own SAVEPOINT, so a file is wholly in or wholly out:
** a file that fails to load is rolled back to its savepoint (its previous
** version stays) and reported; a store failure (disk full, I/O, out of
** memory) rolls back the file, commits the files before it and stops.
** Unchanged files (same size and mtime, or same content hash) cost a stat
** or one read and no write.
*/
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_sentence.h"
#include "newslua/nl_timex.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"

#if defined(__has_include)
#if __has_include("nl_pubdate.h")
#include "nl_pubdate.h"
#define NL_HAVE_PUBDATE 1
#endif
#endif

#define BATCH_ARTICLES 1000
#define BATCH_BYTES (8u << 20)

/* ---------------------------------------------------------------- store */

static nl_status bind_text(nl_db *db, sqlite3_stmt *st, int i, const char *s,
                           size_t n, nl_error *err) {
  int rc = s ? sqlite3_bind_text64(st, i, s, n, SQLITE_STATIC, SQLITE_UTF8)
             : sqlite3_bind_null(st, i);
  return rc == SQLITE_OK ? NL_OK : nl_db_fail(db, rc, "bind", err);
}

static nl_status bind_str(nl_db *db, sqlite3_stmt *st, int i, const char *s,
                          nl_error *err) {
  return bind_text(db, st, i, s, s ? strlen(s) : 0, err);
}

/* Append s with newlines flattened to spaces (list items are one line). */
static void put_line(nl_buf *b, const char *s) {
  for (; s && *s; s++) nl_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* The ingest-time lists: paragraphs, warnings, meta, as '\n' lists. */
static void build_lists(const nl_article *a, const char *extra_warning,
                        nl_buf *par, nl_buf *warn, nl_buf *meta) {
  size_t i;
  for (i = 0; i < a->n_paragraphs; i++)
    nl_buf_printf(par, "%s%zu %zu", i ? "\n" : "", a->paragraphs[i].start,
                  a->paragraphs[i].end);
  for (i = 0; i < a->n_warnings; i++) {
    if (i) nl_buf_putc(warn, '\n');
    put_line(warn, a->warnings[i]);
  }
  if (extra_warning) { /* already a '\n' list of one-line items */
    if (warn->len) nl_buf_putc(warn, '\n');
    nl_buf_puts(warn, extra_warning);
  }
  for (i = 0; i < a->n_meta; i++) {
    if (i) nl_buf_putc(meta, '\n');
    put_line(meta, a->meta[i].key);
    nl_buf_putc(meta, '=');
    put_line(meta, a->meta[i].value);
  }
}

/* File owning the article with `id` copied into `owner`, or 0 if none. */
static nl_status id_owner(nl_db *db, const char *id, nl_buf *owner, int *found,
                          nl_error *err) {
  sqlite3_stmt *st = nl_db_stmt(db, NL_STMT_ID_OWNER, err);
  int rc;
  *found = 0;
  if (!st) return err ? err->code : NL_EDB;
  if (bind_str(db, st, 1, id, err) != NL_OK) return err ? err->code : NL_EDB;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const char *f = (const char *)sqlite3_column_text(st, 0);
    *found = 1;
    nl_buf_truncate(owner, 0);
    nl_buf_puts(owner, f ? f : "");
    nl_buf_cstr(owner);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nl_db_fail(db, rc, "id lookup", err);
  return nl_buf_ok(owner) ? NL_OK : nl_error_set(err, NL_ENOMEM, "id lookup");
}

/*
** A free id for `a`: its own, or (clash with another file) id~<6 hex of
** the file path hash>, then id~<hex>~2, ~3, ...  *warning gets a message
** when the id changed.
*/
static nl_status choose_id(nl_db *db, const nl_article *a, nl_buf *id,
                           nl_buf *warning, nl_error *err) {
  nl_buf owner = NL_BUF_INIT;
  nl_status st;
  int found, k = 1;
  const char *file = a->file ? a->file : "";
  nl_buf_puts(id, a->id);
  st = id_owner(db, a->id, &owner, &found, err);
  while (st == NL_OK && found) {
    nl_buf_truncate(id, 0);
    if (k == 1)
      nl_buf_printf(id, "%s~%06x", a->id,
                    (unsigned)(nl_hash64(file, strlen(file)) & 0xffffff));
    else
      nl_buf_printf(id, "%s~%06x~%d", a->id,
                    (unsigned)(nl_hash64(file, strlen(file)) & 0xffffff), k);
    if (k == 1)
      nl_buf_printf(warning, "id '%s' is already used by an article of %s; "
                    "stored as '%s'", a->id, nl_buf_cstr(&owner),
                    nl_buf_cstr(id));
    k++;
    if (!nl_buf_ok(id)) break;
    st = id_owner(db, nl_buf_cstr(id), &owner, &found, err);
  }
  nl_buf_free(&owner);
  if (st == NL_OK && (!nl_buf_ok(id) || !nl_buf_ok(warning)))
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", file);
  return st;
}

/* DCT for the tagger: the YYYY-MM-DD part of `published`, or NULL. */
static const char *dct_of(const char *published, char buf[11]) {
  if (!published || strlen(published) < 10 || published[4] != '-' ||
      published[7] != '-')
    return NULL;
  memcpy(buf, published, 10);
  buf[10] = '\0';
  return buf;
}

/*
** Tag body[0..len) against dct.  Tagger failures other than out-of-memory
** become a warning in `warn` (may be NULL) and give no dates.
*/
static nl_status tag(const char *body, size_t len, const char *dct,
                     nl_timex **tx, size_t *n, nl_buf *warn, nl_error *err) {
  nl_timex_opts to = NL_TIMEX_OPTS_INIT;
  nl_error terr = NL_ERROR_INIT;
  nl_status st;
  to.dct = dct;
  *tx = NULL;
  *n = 0;
  st = nl_timex_tag(body, len, &to, tx, n, &terr);
  if (st == NL_EINVAL && dct) {
    if (warn)
      nl_buf_printf(warn, "%sdate %s rejected as DCT: %s",
                    warn->len ? "\n" : "", dct, terr.msg);
    to.dct = NULL;
    nl_error_clear(&terr);
    st = nl_timex_tag(body, len, &to, tx, n, &terr);
  }
  if (st == NL_ENOMEM) return nl_error_set(err, NL_ENOMEM, "%s", terr.msg);
  if (st != NL_OK) {
    if (warn)
      nl_buf_printf(warn, "%sdate tagging failed: %s", warn->len ? "\n" : "",
                    terr.msg);
    nl_free_mem(*tx);
    *tx = NULL;
    *n = 0;
  }
  return NL_OK;
}

/*
** Insert the dates tx[0..n) of article `rowid`, each with the index of the
** sentence containing its start (NULL if between sentences).
*/
static nl_status insert_dates(nl_db *db, sqlite3_int64 rowid,
                              const nl_timex *tx, size_t n,
                              const nl_span *sents, size_t nsent,
                              nl_error *err) {
  size_t i, s = 0;
  for (i = 0; i < n; i++) {
    sqlite3_stmt *q = nl_db_stmt(db, NL_STMT_INSERT_DATE, err);
    int rc;
    if (!q) return err ? err->code : NL_EDB;
    while (s + 1 < nsent && sents[s].end <= tx[i].start) s++;
    sqlite3_bind_int64(q, 1, rowid);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)tx[i].start);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)tx[i].end);
    sqlite3_bind_text(q, 4, nl_timex_type_name(tx[i].type), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, tx[i].value, -1, SQLITE_STATIC);
    if (tx[i].mod[0]) sqlite3_bind_text(q, 6, tx[i].mod, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 7, (int)tx[i].flags);
    if (tx[i].anchor[0])
      sqlite3_bind_text(q, 8, tx[i].anchor, -1, SQLITE_STATIC);
    if (nsent && sents[s].start <= tx[i].start && tx[i].start < sents[s].end)
      sqlite3_bind_int64(q, 9, (sqlite3_int64)s);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) return nl_db_fail(db, rc, "insert date", err);
  }
  return NL_OK;
}

static nl_status store_sentences(nl_db *db, sqlite3_int64 rowid,
                                 const nl_span *s, size_t n, nl_error *err) {
  size_t i;
  for (i = 0; i < n; i++) {
    sqlite3_stmt *q = nl_db_stmt(db, NL_STMT_INSERT_SENTENCE, err);
    int rc;
    if (!q) return err ? err->code : NL_EDB;
    sqlite3_bind_int64(q, 1, rowid);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)s[i].start);
    sqlite3_bind_int64(q, 4, (sqlite3_int64)s[i].end);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) return nl_db_fail(db, rc, "insert sentence", err);
  }
  return NL_OK;
}

/* Bind the 18 article columns; `id`, `warnings` etc. prepared by caller. */
static nl_status bind_article(nl_db *db, sqlite3_stmt *q, const nl_article *a,
                              const char *id, nl_buf *par, nl_buf *warn,
                              nl_buf *meta, const char *hash, nl_error *err) {
  nl_status st = bind_str(db, q, 1, id, err);
  if (st == NL_OK) st = bind_str(db, q, 2, a->file, err);
  sqlite3_bind_int64(q, 3, (sqlite3_int64)a->item);
  if (st == NL_OK) st = bind_str(db, q, 4, a->format, err);
  if (st == NL_OK) st = bind_str(db, q, 5, a->source, err);
  if (st == NL_OK) st = bind_str(db, q, 6, a->title, err);
  if (st == NL_OK) st = bind_str(db, q, 7, a->url, err);
  if (st == NL_OK) st = bind_str(db, q, 8, a->author, err);
  if (st == NL_OK) st = bind_str(db, q, 9, a->language, err);
  if (st == NL_OK) st = bind_str(db, q, 10, a->published, err);
  if (st == NL_OK)
    st = bind_str(db, q, 11, nl_pub_source_name(a->published_source), err);
  if (st == NL_OK) st = bind_str(db, q, 12, a->published_evidence, err);
  if (st == NL_OK && a->published_source == NL_PUB_METADATA)
    st = bind_str(db, q, 13, a->published, err);
  if (st == NL_OK)
    st = bind_text(db, q, 14, a->body ? a->body : "", a->body_len, err);
  if (st == NL_OK && par->len) st = bind_text(db, q, 15, par->data, par->len, err);
  if (st == NL_OK && warn->len)
    st = bind_text(db, q, 16, warn->data, warn->len, err);
  if (st == NL_OK && meta->len)
    st = bind_text(db, q, 17, meta->data, meta->len, err);
  if (st == NL_OK) st = bind_str(db, q, 18, hash, err);
  return st;
}

/* Split sentences; failures other than OOM become a warning. */
static nl_status split(const nl_article *a, nl_span **s, size_t *n,
                       nl_buf *warn, nl_error *err) {
  nl_error serr = NL_ERROR_INIT;
  nl_status st = nl_sentences(a->body ? a->body : "", a->body_len, s, n, &serr);
  if (st == NL_ENOMEM) return nl_error_set(err, NL_ENOMEM, "%s", serr.msg);
  if (st != NL_OK) {
    *s = NULL;
    *n = 0;
    nl_buf_printf(warn, "%ssentence splitting failed: %s",
                  warn->len ? "\n" : "", serr.msg);
  }
  return NL_OK;
}

/*
** Analyse and insert one article inside the caller's transaction.
*/
nl_status nl_db_insert_article(nl_db *db, const nl_article *a,
                               const char *file_key, sqlite3_int64 *rowid_out,
                               nl_error *err) {
  nl_buf id = NL_BUF_INIT, idwarn = NL_BUF_INIT, par = NL_BUF_INIT;
  nl_buf warn = NL_BUF_INIT, meta = NL_BUF_INIT;
  nl_span *sents = NULL;
  nl_timex *tx = NULL;
  size_t nsent = 0, ntx = 0;
  char hash[17], dct[11];
  sqlite3_stmt *q;
  sqlite3_int64 rowid = 0;
  nl_status st = NL_OK;
  int rc;
  if (!file_key) {
    q = nl_db_stmt(db, NL_STMT_DELETE_ID, err);
    if (!q) return err ? err->code : NL_EDB;
    sqlite3_bind_text(q, 1, a->id, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) return nl_db_fail(db, rc, "replace article", err);
    nl_buf_puts(&id, a->id);
  } else {
    st = choose_id(db, a, &id, &idwarn, err);
  }
  if (st == NL_OK) st = split(a, &sents, &nsent, &idwarn, err);
  if (st == NL_OK)
    st = tag(a->body ? a->body : "", a->body_len, dct_of(a->published, dct),
             &tx, &ntx, &idwarn, err);
  if (st != NL_OK) goto done;
  build_lists(a, idwarn.len ? nl_buf_cstr(&idwarn) : NULL, &par, &warn, &meta);
  if (!nl_buf_ok(&id) || !nl_buf_ok(&par) || !nl_buf_ok(&warn) ||
      !nl_buf_ok(&meta) || !nl_buf_ok(&idwarn)) {
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", a->id);
    goto done;
  }
  snprintf(hash, sizeof hash, "%016llx",
           (unsigned long long)nl_hash64(a->body ? a->body : "", a->body_len));
  q = nl_db_stmt(db, NL_STMT_INSERT_ARTICLE, err);
  if (!q) {
    st = err ? err->code : NL_EDB;
    goto done;
  }
  st = bind_article(db, q, a, nl_buf_cstr(&id), &par, &warn, &meta, hash, err);
  if (st == NL_OK) st = bind_str(db, q, 19, file_key, err);
  if (st != NL_OK) goto done;
  rc = sqlite3_step(q);
  sqlite3_reset(q);
  if (rc != SQLITE_DONE) {
    st = nl_db_fail(db, rc, "insert article", err);
    goto done;
  }
  rowid = sqlite3_last_insert_rowid(db->sq);
  st = store_sentences(db, rowid, sents, nsent, err);
  if (st == NL_OK) st = insert_dates(db, rowid, tx, ntx, sents, nsent, err);
  if (rowid_out) *rowid_out = rowid;
done:
  nl_free_mem(tx);
  nl_free_mem(sents);
  nl_buf_free(&id);
  nl_buf_free(&idwarn);
  nl_buf_free(&par);
  nl_buf_free(&warn);
  nl_buf_free(&meta);
  return st;
}

/*
** Re-tag the dates of one stored article against `dct`.
*/
nl_status nl_db_retag_dates(nl_db *db, sqlite3_int64 rowid, const char *dct,
                            nl_error *err) {
  nl_span *sents = NULL;
  nl_timex *tx = NULL;
  size_t nsent = 0, cap = 0, ntx = 0;
  char *body = NULL;
  size_t len = 0;
  char dbuf[11];
  nl_status st = NL_OK;
  int rc;
  sqlite3_stmt *q = nl_db_stmt(db, NL_STMT_ARTICLE_BODY, err);
  if (!q) return err ? err->code : NL_EDB;
  sqlite3_bind_int64(q, 1, rowid);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    len = (size_t)sqlite3_column_bytes(q, 0);
    body = nl_strndup((const char *)sqlite3_column_text(q, 0), len);
    if (!body) st = nl_error_set(err, NL_ENOMEM, "retag: out of memory");
  } else if (rc == SQLITE_DONE) {
    st = nl_error_set(err, NL_ENOTFOUND, "retag: no article %lld",
                      (long long)rowid);
  } else {
    st = nl_db_fail(db, rc, "retag", err);
  }
  sqlite3_reset(q);
  if (st == NL_OK && !(q = nl_db_stmt(db, NL_STMT_SENTENCE_SPANS, err)))
    st = err ? err->code : NL_EDB;
  if (st == NL_OK) {
    sqlite3_bind_int64(q, 1, rowid);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
      if (nsent == cap) {
        nl_span *ns = nl_realloc(sents, (cap = cap ? cap * 2 : 32) * sizeof *ns);
        if (!ns) break;
        sents = ns;
      }
      sents[nsent].start = (size_t)sqlite3_column_int64(q, 0);
      sents[nsent++].end = (size_t)sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    if (rc == SQLITE_ROW)
      st = nl_error_set(err, NL_ENOMEM, "retag: out of memory");
    else if (rc != SQLITE_DONE)
      st = nl_db_fail(db, rc, "retag", err);
  }
  if (st == NL_OK && !(q = nl_db_stmt(db, NL_STMT_DELETE_DATES, err)))
    st = err ? err->code : NL_EDB;
  if (st == NL_OK) {
    sqlite3_bind_int64(q, 1, rowid);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) st = nl_db_fail(db, rc, "retag", err);
  }
  if (st == NL_OK) st = tag(body, len, dct_of(dct, dbuf), &tx, &ntx, NULL, err);
  if (st == NL_OK) st = insert_dates(db, rowid, tx, ntx, sents, nsent, err);
  nl_free_mem(tx);
  nl_free(sents);
  nl_free(body);
  return st;
}

/* --------------------------------------------------------------- ingest */

typedef struct ingest {
  nl_db *db;
  const nl_ingest_opts *o;
  nl_ingest_report *r;
  size_t batch_articles, batch_bytes;
  const char *key;     /* canonical path of the current file */
  const char *root;    /* the walked directory, NULL for a single file */
  char *prefix;        /* id prefix: the file's directory under root */
  size_t n, repaired;  /* articles and repaired bytes of the current file */
  nl_format format;
  nl_status store_st;  /* a store failure inside the article callback */
  nl_error store_err;
  int depth;
} ingest;

static void report_file(ingest *g, const char *path, nl_format f, size_t n,
                        size_t repaired, nl_status st, const char *msg) {
  nl_file_report fr;
  if (!g->o->on_file) return;
  fr.file = path;
  fr.format = f;
  fr.articles = n;
  fr.repaired_bytes = repaired;
  fr.status = st;
  fr.message = msg;
  g->o->on_file(g->o->ctx, &fr);
}

/*
** Ids as nl_load_path makes them: the loader gives "<base stem>[#key]";
** files in sub-directories of the walked root get "<dir>/" in front, so
** business/001.txt and sport/001.txt keep distinct ids.
*/
static nl_status prefix_id(ingest *g, nl_article *a) {
  size_t pl, il;
  char *id;
  if (!g->prefix || !a->id) return NL_OK;
  pl = strlen(g->prefix);
  il = strlen(a->id);
  if (!(id = nl_malloc(pl + il + 2))) return NL_ENOMEM;
  memcpy(id, g->prefix, pl);
  id[pl] = '/';
  memcpy(id + pl + 1, a->id, il + 1);
  nl_free(a->id);
  a->id = id;
  return NL_OK;
}

static int on_article(void *ctx, nl_article *a) {
  ingest *g = ctx;
  nl_format f = a->format ? nl_format_from_name(a->format) : NL_FORMAT_UNKNOWN;
  nl_status st = prefix_id(g, a);
  if (st != NL_OK)
    nl_error_set(&g->store_err, st, "%s: out of memory", g->key);
  else
    st = nl_db_insert_article(g->db, a, g->key, NULL, &g->store_err);
  if (st == NL_OK) {
    g->format = f;
    g->n++;
    g->repaired += a->repaired_bytes;
    g->batch_bytes += a->body_len;
    g->batch_articles++;
  }
  nl_article_free(a);
  g->store_st = st;
  return st != NL_OK;
}

/* FNV-1a (nl_hash64) of the file's bytes, streamed, as 16 hex digits. */
static nl_status hash_file(const char *path, char hex[17], nl_error *err) {
  unsigned char buf[65536];
  uint64_t h = 1469598103934665603ULL;
  size_t n, i;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return nl_error_set(err, NL_EIO, "%s: cannot read: %s", path,
                        strerror(errno));
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
    for (i = 0; i < n; i++) {
      h ^= buf[i];
      h *= 1099511628211ULL;
    }
  if (ferror(fp)) {
    fclose(fp);
    return nl_error_set(err, NL_EIO, "%s: read error", path);
  }
  fclose(fp);
  snprintf(hex, 17, "%016llx", (unsigned long long)h);
  return NL_OK;
}

/* Stored state of a file: *have = 0 if none or not stored successfully. */
static nl_status file_state(ingest *g, char hash[17], sqlite3_int64 *size,
                            sqlite3_int64 *mtime, int *have, nl_error *err) {
  sqlite3_stmt *q = nl_db_stmt(g->db, NL_STMT_FILE_GET, err);
  int rc;
  *have = 0;
  if (!q) return err ? err->code : NL_EDB;
  sqlite3_bind_text(q, 1, g->key, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    const char *h = (const char *)sqlite3_column_text(q, 0);
    const char *s = (const char *)sqlite3_column_text(q, 3);
    *have = s && strcmp(s, "ok") == 0 && h && strlen(h) == 16;
    if (*have) memcpy(hash, h, 17);
    *size = sqlite3_column_int64(q, 1);
    *mtime = sqlite3_column_int64(q, 2);
  }
  sqlite3_reset(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nl_db_fail(g->db, rc, "file lookup", err);
  return NL_OK;
}

static nl_status batch_begin(ingest *g, nl_error *err) {
  if (g->db->in_txn) return NL_OK;
  g->batch_articles = g->batch_bytes = 0;
  return nl_db_begin(g->db, err);
}

/* Undo the current file's savepoint (if the transaction still exists). */
static void file_undo(ingest *g) {
  if (sqlite3_get_autocommit(g->db->sq)) { /* SQLite rolled it all back */
    g->db->in_txn = 0;
    return;
  }
  nl_db_exec_stmt(g->db, NL_STMT_ROLLBACK_TO, NULL);
  nl_db_exec_stmt(g->db, NL_STMT_RELEASE, NULL);
}

/* Run a files-table statement: ?1 key, then text/int parameters. */
static nl_status file_row(ingest *g, nl_stmt_id id, const char *hash,
                          const struct stat *sb, const char *fmt,
                          const char *msg, nl_error *err) {
  sqlite3_stmt *q = nl_db_stmt(g->db, id, err);
  int rc;
  sqlite3_int64 mt = (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 +
                     sb->st_mtim.tv_nsec;
  if (!q) return err ? err->code : NL_EDB;
  sqlite3_bind_text(q, 1, g->key, -1, SQLITE_STATIC);
  if (id == NL_STMT_FILE_PUT) {
    sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, (sqlite3_int64)sb->st_size);
    sqlite3_bind_int64(q, 4, mt);
    sqlite3_bind_text(q, 5, fmt, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, (sqlite3_int64)g->n);
  } else if (id == NL_STMT_FILE_FAIL) {
    sqlite3_bind_text(q, 2, fmt, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, msg, -1, SQLITE_STATIC);
  } else { /* NL_STMT_FILE_TOUCH */
    sqlite3_bind_int64(q, 2, (sqlite3_int64)sb->st_size);
    sqlite3_bind_int64(q, 3, mt);
  }
  rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? NL_OK : nl_db_fail(g->db, rc, "files", err);
}

static sqlite3_int64 count_of_file(ingest *g, nl_error *err, nl_status *st) {
  sqlite3_stmt *q = nl_db_stmt(g->db, NL_STMT_FILE_ARTICLES, err);
  sqlite3_int64 n = 0;
  int rc;
  if (!q) {
    *st = err ? err->code : NL_EDB;
    return 0;
  }
  sqlite3_bind_text(q, 1, g->key, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) n = sqlite3_column_int64(q, 0);
  sqlite3_reset(q);
  *st = rc == SQLITE_ROW ? NL_OK : nl_db_fail(g->db, rc, "count", err);
  return n;
}

/* Load and store one changed file inside a savepoint. */
static nl_status store_file(ingest *g, const char *path, const char *hash,
                            const struct stat *sb, nl_error *err) {
  nl_error lerr = NL_ERROR_INIT;
  nl_status st, lst;
  sqlite3_int64 old;
  st = batch_begin(g, err);
  if (st == NL_OK) st = nl_db_exec_stmt(g->db, NL_STMT_SAVEPOINT, err);
  if (st != NL_OK) return st;
  old = count_of_file(g, err, &st);
  if (st == NL_OK) {
    sqlite3_stmt *q = nl_db_stmt(g->db, NL_STMT_DELETE_FILE, err);
    int rc = SQLITE_ERROR;
    if (q) {
      sqlite3_bind_text(q, 1, g->key, -1, SQLITE_STATIC);
      rc = sqlite3_step(q);
      sqlite3_reset(q);
    }
    if (rc != SQLITE_DONE)
      st = q ? nl_db_fail(g->db, rc, "delete old version", err) : NL_EDB;
  }
  if (st != NL_OK) {
    file_undo(g);
    return st;
  }
  g->n = g->repaired = 0;
  g->format = NL_FORMAT_UNKNOWN;
  g->store_st = NL_OK;
  lst = nl_load_file(path, &g->o->load, on_article, g, &lerr);
  if (g->store_st != NL_OK || lst == NL_ENOMEM) { /* the store failed */
    file_undo(g);
    if (g->store_st != NL_OK) *err = g->store_err;
    else if (err) *err = lerr;
    report_file(g, path, g->format, 0, 0, g->store_st ? g->store_st : lst,
                g->store_st ? g->store_err.msg : lerr.msg);
    return g->store_st != NL_OK ? g->store_st : lst;
  }
  if (lst != NL_OK) { /* the file is bad: keep its previous version */
    file_undo(g);
    g->r->files_failed++;
    report_file(g, path, g->format, 0, 0, lst, lerr.msg);
    if (!g->db->in_txn) return nl_error_set(err, NL_EDB, "%s: %s", path,
                                            "transaction lost");
    return file_row(g, NL_STMT_FILE_FAIL, NULL, sb, nl_format_name(g->format),
                    lerr.msg, err);
  }
  st = file_row(g, NL_STMT_FILE_PUT, hash, sb, nl_format_name(g->format), NULL,
                err);
  if (st == NL_OK) st = nl_db_exec_stmt(g->db, NL_STMT_RELEASE, err);
  if (st != NL_OK) {
    file_undo(g);
    return st;
  }
  if (old > 0) g->r->articles_replaced += g->n;
  else g->r->articles_added += g->n;
  g->r->repaired_bytes += g->repaired;
  g->r->per_format[g->format] += g->n;
  report_file(g, path, g->format, g->n, g->repaired, NL_OK, NULL);
  if (g->batch_articles >= BATCH_ARTICLES || g->batch_bytes >= BATCH_BYTES)
    return nl_db_end(g->db, 1, err);
  return NL_OK;
}

/* One regular file: skip when unchanged, else store it. */
static nl_status do_file(ingest *g, const char *path, const struct stat *sb,
                         nl_error *err) {
  char stored[17], hash[17];
  sqlite3_int64 size = -1, mtime = -1;
  sqlite3_int64 mt = (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 +
                     sb->st_mtim.tv_nsec;
  nl_error ferr = NL_ERROR_INIT;
  char *key = realpath(path, NULL);
  nl_status st;
  int have;
  g->r->files++;
  g->key = key ? key : path;
  if (g->root) { /* "<root>/<dir>/<name>" -> prefix "<dir>" */
    const char *rel = path + strlen(g->root), *slash;
    while (*rel == '/') rel++;
    slash = strrchr(rel, '/');
    if (slash && !(g->prefix = nl_strndup(rel, (size_t)(slash - rel)))) {
      st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
      goto done;
    }
  }
  st = file_state(g, stored, &size, &mtime, &have, err);
  if (st != NL_OK) goto done;
  if (have && size == (sqlite3_int64)sb->st_size && mtime == mt) {
    g->r->files_unchanged++;
    report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, NL_OK, "unchanged");
    goto done;
  }
  if (hash_file(path, hash, &ferr) != NL_OK) {
    g->r->files_failed++;
    report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, ferr.code, ferr.msg);
    goto done;
  }
  if (have && strcmp(hash, stored) == 0) {
    g->r->files_unchanged++;
    st = batch_begin(g, err);
    if (st == NL_OK) st = file_row(g, NL_STMT_FILE_TOUCH, NULL, sb, NULL,
                                   NULL, err);
    report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, NL_OK, "unchanged");
    goto done;
  }
  st = store_file(g, path, hash, sb, err);
done:
  free(key); /* from realpath(): the C library's allocator */
  g->key = NULL;
  nl_free(g->prefix);
  g->prefix = NULL;
  return st;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static nl_status walk(ingest *g, const char *path, int top, nl_error *err);

/* Every non-hidden entry of directory `path`, in byte order. */
static nl_status walk_dir(ingest *g, const char *path, nl_error *err) {
  DIR *d = opendir(path);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  nl_status st = NL_OK;
  if (!d) {
    nl_error_set(err, NL_EIO, "%s: cannot open directory: %s", path,
                 strerror(errno));
    g->r->files_failed++;
    report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, NL_EIO, err->msg);
    return NL_OK;
  }
  while (st == NL_OK && (e = readdir(d)) != NULL) {
    size_t pl = strlen(path);
    char *full;
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      char **nn = nl_realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *nn);
      if (!nn) {
        st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
        break;
      }
      names = nn;
    }
    full = nl_malloc(pl + strlen(e->d_name) + 2);
    if (!full) {
      st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
      break;
    }
    sprintf(full, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/",
            e->d_name);
    names[n++] = full;
  }
  closedir(d);
  if (st == NL_OK && n) qsort(names, n, sizeof *names, cmp_names);
  for (i = 0; i < n; i++) {
    if (st == NL_OK) st = walk(g, names[i], 0, err);
    nl_free(names[i]);
  }
  nl_free(names);
  return st;
}

static nl_status walk(ingest *g, const char *path, int top, nl_error *err) {
  struct stat sb;
  int follow = top || g->o->load.follow_symlinks;
  if ((follow ? stat(path, &sb) : lstat(path, &sb)) != 0) {
    if (top)
      return nl_error_set(err, errno == ENOENT ? NL_ENOTFOUND : NL_EIO,
                          "%s: %s", path, strerror(errno));
    return NL_OK;
  }
  if (S_ISDIR(sb.st_mode)) {
    nl_status st;
    if (top) g->root = path;
    if (g->depth >= 64) return NL_OK; /* symlink loops */
    g->depth++;
    st = walk_dir(g, path, err);
    g->depth--;
    return st;
  }
  if (S_ISREG(sb.st_mode)) return do_file(g, path, &sb, err);
  if (top) {
    g->r->files++;
    g->r->files_failed++;
    report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, NL_EIO,
                "not a regular file");
  }
  return NL_OK;
}

/*
** Load, analyse and store everything under `path`; see nl_db.h.
*/
nl_status nl_db_ingest(nl_db *db, const char *path, const nl_ingest_opts *opts,
                       nl_ingest_report *report, nl_error *err) {
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  nl_ingest_report r;
  ingest g;
  nl_status st, st2;
  memset(&r, 0, sizeof r);
  if (report) *report = r;
  if (!db || !path) return nl_error_set(err, NL_EINVAL, "ingest: NULL");
  if (db->closed) return nl_error_set(err, NL_EMISUSE, "store is closed");
  if (db->readonly)
    return nl_error_set(err, NL_EMISUSE, "%s: store was opened read-only",
                        db->path);
  if (db->in_txn)
    return nl_error_set(err, NL_EMISUSE, "%s: ingest inside a transaction",
                        db->path);
  if (opts) o = *opts;
  memset(&g, 0, sizeof g);
  g.db = db;
  g.o = &o;
  g.r = &r;
  st = walk(&g, path, 1, err);
  st2 = nl_db_end(db, st == NL_OK || db->in_txn, st == NL_OK ? err : NULL);
  if (st == NL_OK) st = st2;
  if (report) *report = r;
#ifdef NL_HAVE_PUBDATE
  /* only when something changed: an unchanged re-ingest writes nothing */
  if (st == NL_OK && o.reconcile && (r.articles_added || r.articles_replaced))
    st = nl_pubdate_reconcile(db, err);
#endif
  return st;
}
