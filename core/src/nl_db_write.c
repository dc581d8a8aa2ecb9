/*
** nl_db_write.c -- writing articles: analysis (sentences, dates against
** the publication date, and the stored lists, so the writer thread only
** binds), the article row with its sentence spans, its FTS5 entry and
** date annotations; deleting articles with their index entries; re-tagging
** dates after a publication-date change.  All inside the caller's
** transaction.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_sentence.h"
#include "newslua/nl_timex.h"
#include "nl_alloc.h"
#include "nl_calendar.h"
#include "nl_db_internal.h"
#include "nl_fts_key.h"
#include "nl_outlet.h"
#include "nl_url.h"

/*
** Text is bound as SQLITE_STATIC.  A length of -1 lets SQLite mark the
** value NUL-terminated: FTS5 reads its columns with sqlite3_value_text,
** which copies a value bound with an explicit length to terminate it (a
** malloc and a memcpy of every body on the writer thread).
*/
static nl_status bind_text(nl_db *db, sqlite3_stmt *st, int i, const char *s,
                           size_t n, nl_error *err) {
  int rc;
  if (!s)
    rc = sqlite3_bind_null(st, i);
  else if (s[n] == '\0' && strlen(s) == n) /* terminated, no NUL inside */
    rc = sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    rc = sqlite3_bind_text64(st, i, s, n, SQLITE_STATIC, SQLITE_UTF8);
  return rc == SQLITE_OK ? NL_OK : nl_db_fail(db, rc, "bind", err);
}

static nl_status bind_str(nl_db *db, sqlite3_stmt *st, int i, const char *s,
                          nl_error *err) {
  int rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
             : sqlite3_bind_null(st, i);
  return rc == SQLITE_OK ? NL_OK : nl_db_fail(db, rc, "bind", err);
}

/* Append s with newlines flattened to spaces (list items are one line). */
static void put_line(nl_buf *b, const char *s) {
  size_t n;
  while (s && *s) {
    n = strcspn(s, "\r\n");
    nl_buf_append(b, s, n);
    if (!s[n]) break;
    nl_buf_putc(b, ' ');
    s += n + 1;
  }
}

/* Append the decimal digits of v (copied in place when the buffer has
** room: no call a digit). */
static void put_uint(nl_buf *b, size_t v) {
  static const char pairs[] = "00010203040506070809101112131415161718192021222324"
                              "25262728293031323334353637383940414243444546474849"
                              "50515253545556575859606162636465666768697071727374"
                              "75767778798081828384858687888990919293949596979899";
  char d[24];
  size_t n = sizeof d;
  while (v >= 100) { /* two digits a division */
    size_t r = v % 100;
    v /= 100;
    d[--n] = pairs[2 * r + 1];
    d[--n] = pairs[2 * r];
  }
  if (v >= 10) {
    d[--n] = pairs[2 * v + 1];
    d[--n] = pairs[2 * v];
  } else {
    d[--n] = (char)('0' + v);
  }
  if (b->oom || b->cap <= b->len || b->cap - b->len <= sizeof d) {
    nl_buf_append(b, d + n, sizeof d - n);
    return;
  }
  while (n < sizeof d) b->data[b->len++] = d[n++];
  b->data[b->len] = '\0';
}

/* The ingest-time lists: paragraphs, warnings, meta, as '\n' lists. */
static void build_lists(const nl_article *a, const char *extra_warning,
                        nl_buf *par, nl_buf *warn, nl_buf *meta) {
  size_t i, m = 0;
  /* room at once (one allocation, not a growth by doubling): the meta
  ** list exactly, the paragraph list for spans of up to five digits with
  ** put_uint's 24 bytes of slack */
  for (i = 0; i < a->n_meta; i++)
    m += strlen(a->meta[i].key) + strlen(a->meta[i].value) + 2;
  if (m) nl_buf_reserve(meta, m);
  if (a->n_paragraphs) nl_buf_reserve(par, 12 * a->n_paragraphs + 24);
  for (i = 0; i < a->n_paragraphs; i++) {
    if (i) nl_buf_putc(par, '\n');
    put_uint(par, a->paragraphs[i].start);
    nl_buf_putc(par, ' ');
    put_uint(par, a->paragraphs[i].end);
  }
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

/*
** A warning (appended to the '\n' list warn) when an article's metadata
** date and the date its own address names (nl_url_date) are more than a
** day apart (a day: a clock time of unknown zone, a print-edition URL,
** as the reconciliation's nl_pd_url_vouches allows).  Either may be the
** wrong one -- a header holding the page's last change (the Telegraph's
** 2017-03-22 for /2016/11/13/), a URL of the day a report was planned --
** so nothing is replaced here; the reconciliation only trusts a URL
** that agrees.  Starts "URL date conflict:", which no reconciliation
** rewrites (nl_pd_set_warning).
*/
static void url_warning(const nl_article *a, nl_buf *warn) {
  int y, m, d, py, pm, pd, kind;
  size_t at = 0, len = 0;
  long lo, hi, day;
  char name[16];
  if (a->published_source != NL_PUB_METADATA || !a->published) return;
  /* the address first: most articles have none with a date, and sscanf
  ** costs ~1,900 instructions (Reuters-21578: no URLs at all) */
  kind = nl_url_date(a->url, &y, &m, &d, &at, &len);
  if (kind == NL_URL_NODATE ||
      sscanf(a->published, "%4d-%2d-%2d", &py, &pm, &pd) != 3 || pm < 1 ||
      pm > 12 || pd < 1 || pd > nl_cal_month_days(py, pm))
    return;
  lo = nl_cal_days(y, m, kind == NL_URL_DAY ? d : 1);
  hi = kind == NL_URL_DAY ? lo : lo + nl_cal_month_days(y, m) - 1;
  day = nl_cal_days(py, pm, pd);
  if (day >= lo - 1 && day <= hi + 1) return;
  if (kind == NL_URL_DAY)
    snprintf(name, sizeof name, "%04d-%02d-%02d", y, m, d);
  else
    snprintf(name, sizeof name, "%04d-%02d", y, m);
  nl_buf_printf(warn,
                "%sURL date conflict: the address names %s (\"%.*s\"), %ld "
                "days %s the metadata date \"%s\"",
                warn->len ? "\n" : "", name, (int)len, a->url + at,
                day > hi ? day - hi : lo - day, day > hi ? "before" : "after",
                a->published);
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
** The file name stored with an article: the canonical path of the file
** it came from (`file_key`), one name whatever the spelling or working
** directory of the ingest (a resume spelled otherwise, a folder given as
** "story/" then by its absolute path, a symlink); an article stored
** alone (nl_db_put_article: no file_key) keeps the file it names.
*/
static const char *stored_file(const nl_article *a, const char *file_key) {
  return file_key ? file_key : a->file;
}

/*
** A free id for `a`: its own, or (clash) id~<6 hex of the hash of its
** text: url, title and body>, then id~<hex>~2, ~3, ... for the same text
** again.  The text, not the file's name: a dump copied or moved to
** another folder and stored again keeps its ids (79 of a walk's dump
** records changed theirs with the file's path).  *warning gets a message
** naming the id finally chosen when the id changed; `file` (the file it
** is stored with) names it.
*/
/* The tag of choose_id: 24 bits of the FNV-1a of url, title and body,
** each ended by a NUL (absent ones empty). */
static unsigned id_tag(const nl_article *a) {
  uint64_t h = NL_FNV64_INIT;
  h = nl_fnv64_update(h, a->url ? a->url : "", a->url ? strlen(a->url) + 1 : 1);
  h = nl_fnv64_update(h, a->title ? a->title : "",
                      a->title ? strlen(a->title) + 1 : 1);
  if (a->body) h = nl_fnv64_update(h, a->body, a->body_len);
  return (unsigned)(h & 0xffffff);
}

static nl_status choose_id(nl_db *db, const nl_article *a, const char *file,
                           nl_buf *id, nl_buf *warning, nl_error *err) {
  nl_buf owner = NL_BUF_INIT, first_owner = NL_BUF_INIT;
  nl_status st;
  int found, k = 1;
  unsigned tag;
  if (!file) file = "";
  tag = id_tag(a);
  nl_buf_puts(id, a->id);
  st = id_owner(db, a->id, &owner, &found, err);
  if (st == NL_OK && found) nl_buf_puts(&first_owner, nl_buf_cstr(&owner));
  while (st == NL_OK && found) {
    nl_buf_truncate(id, 0);
    if (k == 1)
      nl_buf_printf(id, "%s~%06x", a->id, tag);
    else
      nl_buf_printf(id, "%s~%06x~%d", a->id, tag, k);
    k++;
    if (!nl_buf_ok(id)) break;
    st = id_owner(db, nl_buf_cstr(id), &owner, &found, err);
  }
  if (st == NL_OK && k > 1 && nl_buf_ok(id))
    nl_buf_printf(warning, "id '%s' is already used by an article of %s; "
                  "stored as '%s'", a->id, nl_buf_cstr(&first_owner),
                  nl_buf_cstr(id));
  if (st == NL_OK &&
      (!nl_buf_ok(id) || !nl_buf_ok(warning) || !nl_buf_ok(&first_owner)))
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", file);
  nl_buf_free(&owner);
  nl_buf_free(&first_owner);
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
** become a warning in `warn` (may be NULL) and give no dates.  `used`
** (may be NULL) gets the DCT the dates were resolved against: dct, or ""
** when there is none or the tagger refused it.
*/
static nl_status tag(const char *body, size_t len, const char *dct,
                     nl_timex **tx, size_t *n, nl_buf *warn, char used[11],
                     nl_error *err) {
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
  if (used) snprintf(used, 11, "%s", to.dct ? to.dct : "");
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

/* Bind date `t` of article `rowid` as the 9 parameters from `p`, with
** sentence index `s` (-1: NULL). */
static void bind_date(sqlite3_stmt *q, int p, sqlite3_int64 rowid,
                      const nl_timex *t, sqlite3_int64 s) {
  sqlite3_bind_int64(q, p, rowid);
  sqlite3_bind_int64(q, p + 1, (sqlite3_int64)t->start);
  sqlite3_bind_int64(q, p + 2, (sqlite3_int64)t->end);
  sqlite3_bind_text(q, p + 3, nl_timex_type_name(t->type), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, p + 4, t->value, -1, SQLITE_STATIC);
  if (t->mod[0]) sqlite3_bind_text(q, p + 5, t->mod, -1, SQLITE_STATIC);
  sqlite3_bind_int(q, p + 6, (int)t->flags);
  if (t->anchor[0]) sqlite3_bind_text(q, p + 7, t->anchor, -1, SQLITE_STATIC);
  if (s >= 0) sqlite3_bind_int64(q, p + 8, s);
}

/* Step the gathered rows as one statement. */
static nl_status dates_step(nl_db *db, nl_date_rows *d, nl_error *err) {
  sqlite3_stmt *q;
  size_t k;
  int rc;
  if (!d->n) return NL_OK;
  if (!(q = nl_db_dates_stmt(db, d->n, err))) return err ? err->code : NL_EDB;
  for (k = 0; k < d->n; k++)
    bind_date(q, 9 * (int)k + 1, d->rowid[k], d->tx[k], d->sent[k]);
  d->n = 0;
  rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? NL_OK : nl_db_fail(db, rc, "insert date", err);
}

/*
** Gather the dates tx[0..n) of article `rowid`, each with the index of the
** sentence containing its start (none if between sentences).
*/
static nl_status gather_dates(nl_db *db, nl_date_rows *d, sqlite3_int64 rowid,
                              const nl_timex *tx, size_t n,
                              const nl_span *sents, size_t nsent,
                              nl_error *err) {
  size_t i, s = 0;
  nl_status st = NL_OK;
  for (i = 0; i < n && st == NL_OK; i++) {
    while (s + 1 < nsent && sents[s].end <= tx[i].start) s++;
    d->rowid[d->n] = rowid;
    d->tx[d->n] = &tx[i];
    d->sent[d->n++] = nsent && sents[s].start <= tx[i].start &&
                              tx[i].start < sents[s].end
                          ? (sqlite3_int64)s
                          : -1;
    if (d->n == NL_DATE_ROWS) st = dates_step(db, d, err);
  }
  return st;
}

/* See nl_db_internal.h. */
nl_status nl_db_dates_add(nl_db *db, nl_date_rows *d, sqlite3_int64 rowid,
                          const nl_prepared *p, nl_error *err) {
  return gather_dates(db, d, rowid, p->tx, p->ntx, p->sents, p->nsent, err);
}

/* See nl_db_internal.h. */
nl_status nl_db_dates_end(nl_db *db, nl_date_rows *d, nl_error *err) {
  return dates_step(db, d, err);
}

/* Insert the dates of one article, up to NL_DATE_ROWS per statement. */
static nl_status insert_dates(nl_db *db, sqlite3_int64 rowid,
                              const nl_timex *tx, size_t n,
                              const nl_span *sents, size_t nsent,
                              nl_error *err) {
  nl_date_rows d;
  nl_status st;
  d.n = 0;
  st = gather_dates(db, &d, rowid, tx, n, sents, nsent, err);
  return st == NL_OK ? dates_step(db, &d, err) : st;
}

/*
** Add the article to the FTS index under `key` (external content: text
** not copied), replaying the tokens of `toks` (may be NULL) where it has
** the text.
*/
static nl_status index_article(nl_db *db, sqlite3_int64 key,
                               const nl_article *a, const nl_toklog *toks,
                               nl_error *err) {
  sqlite3_stmt *q = nl_db_stmt(db, NL_STMT_INSERT_FTS, err);
  nl_status st;
  int rc;
  if (!q) return err ? err->code : NL_EDB;
  sqlite3_bind_int64(q, 1, key);
  st = bind_str(db, q, 2, a->title, err);
  if (st == NL_OK)
    st = bind_text(db, q, 3, a->body ? a->body : "", a->body_len, err);
  if (st != NL_OK) return st;
  nl_fts5_replay(toks);
  rc = sqlite3_step(q);
  nl_fts5_replay(NULL);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? NL_OK : nl_db_fail(db, rc, "index article", err);
}

/* Bind the 18 article columns; `id`, `file` (stored_file), `warnings` etc.
** prepared by caller. */
static nl_status bind_article(nl_db *db, sqlite3_stmt *q, const nl_article *a,
                              const char *id, const char *file,
                              const nl_buf *par,
                              const nl_buf *warn, const nl_buf *meta,
                              const char *hash, nl_error *err) {
  nl_status st = bind_str(db, q, 1, id, err);
  if (st == NL_OK) st = bind_str(db, q, 2, file, err);
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

/* Sentence spans as the JSON of articles.sentences: [[s,e],...]. */
static void spans_json(const nl_span *s, size_t n, nl_buf *out) {
  size_t i;
  if (!n) return; /* stored as NULL: no sentences */
  nl_buf_reserve(out, 12 * n + 2);
  nl_buf_putc(out, '[');
  for (i = 0; i < n; i++) {
    nl_buf_puts(out, i ? ",[" : "[");
    put_uint(out, s[i].start);
    nl_buf_putc(out, ',');
    put_uint(out, s[i].end);
    nl_buf_putc(out, ']');
  }
  nl_buf_putc(out, ']');
}

/*
** Split sentences from the body's surface tokens (`toks` NULL: scan the
** body again); failures other than OOM become a warning.
*/
static nl_status split(const nl_article *a, const nl_span_vec *toks, nl_span **s,
                       size_t *n, nl_buf *warn, nl_error *err) {
  nl_error serr = NL_ERROR_INIT;
  const char *body = a->body ? a->body : "";
  nl_status st = toks ? nl_sentences_spans(body, a->body_len, toks->v,
                                            toks->n, s, n, &serr)
                      : nl_sentences(body, a->body_len, s, n, &serr);
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
** Analyse `a` (borrowed): sentences and dates against its publication
** date.  Touches no store, so it may run on another thread.
*/
nl_status nl_db_prepare(const nl_article *a, nl_prepared *p, nl_error *err) {
  char dct[11];
  nl_span_vec toks = {NULL, 0, 0};
  nl_status st;
  int scanned;
  memset(p, 0, sizeof *p);
  p->art = a;
  /* one scan of the body: the index terms FTS5 will ask for (replayed by
  ** index_article) and the surface tokens of the sentence splitter */
  if (a->title) nl_toklog_add(&p->toks, a->title, strlen(a->title), NULL);
  scanned = nl_toklog_add(&p->toks, a->body, a->body_len, &toks) == 0;
  st = split(a, scanned ? &toks : NULL, &p->sents, &p->nsent, &p->warn, err);
  nl_free(toks.v);
  if (st == NL_OK)
    st = tag(a->body ? a->body : "", a->body_len, dct_of(a->published, dct),
             &p->tx, &p->ntx, &p->warn, p->dct, err);
  if (st == NL_OK) url_warning(a, &p->warn);
  if (st == NL_OK) { /* the stored lists, while off the writer's thread */
    spans_json(p->sents, p->nsent, &p->spans);
    build_lists(a, p->warn.len ? nl_buf_cstr(&p->warn) : NULL, &p->par,
                &p->warnings, &p->meta);
    p->hash_value = nl_hash64(a->body ? a->body : "", a->body_len);
    nl_hash64_hex(p->hash_value, p->hash);
  }
  if (st == NL_OK && (!nl_buf_ok(&p->warn) || !nl_buf_ok(&p->spans) ||
                      !nl_buf_ok(&p->par) || !nl_buf_ok(&p->warnings) ||
                      !nl_buf_ok(&p->meta)))
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", a->id);
  return st;
}

/* Free what a prepared article holds (and the article if owned). */
void nl_prepared_clear(nl_prepared *p) {
  if (!p) return;
  nl_free_mem(p->tx);
  nl_free_mem(p->sents);
  nl_buf_free(&p->warn);
  nl_buf_free(&p->spans);
  nl_buf_free(&p->par);
  nl_buf_free(&p->meta);
  nl_buf_free(&p->warnings);
  nl_toklog_free(&p->toks);
  nl_free(p->words);
  nl_article_free(p->owned);
  memset(p, 0, sizeof *p);
}

/*
** Step the article insert with id `id` and warnings list `wp`; *rc gets
** SQLite's result (SQLITE_CONSTRAINT_UNIQUE: the id is taken).
*/
static nl_status insert_row(nl_db *db, const nl_prepared *p, const char *id,
                            const nl_buf *wp, const char *file_key,
                            sqlite3_int64 key, int *rc, nl_error *err) {
  const nl_article *a = p->art;
  sqlite3_stmt *q = nl_db_stmt(db, NL_STMT_INSERT_ARTICLE, err);
  nl_status st;
  *rc = SQLITE_ERROR;
  if (!q) return err ? err->code : NL_EDB;
  st = bind_article(db, q, a, id, stored_file(a, file_key), &p->par, wp,
                    &p->meta, p->hash, err);
  if (st == NL_OK) st = bind_str(db, q, 19, file_key, err);
  if (st == NL_OK && p->spans.len)
    st = bind_text(db, q, 20, p->spans.data, p->spans.len, err);
  if (st != NL_OK) return st;
  sqlite3_bind_int64(q, 21, key);
  nl_outlet_bind(q, 22, a->source, a->url, a->format);
  *rc = sqlite3_step(q);
  sqlite3_reset(q);
  return NL_OK;
}

/* The largest key in [lo, hi] (a range nl_db_fts_key asks about) into
** *max (0 if none), from the key map if it knows: SQLite code. */
static int key_max(nl_db *db, sqlite3_int64 lo, sqlite3_int64 hi,
                   sqlite3_int64 *max, nl_error *err) {
  sqlite3_stmt *q;
  int rc;
  if (nl_db_keys_max(db, lo, max)) return SQLITE_OK;
  *max = 0;
  if (!(q = nl_db_stmt(db, NL_STMT_KEY_MAX, err)))
    return err->code == NL_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
  sqlite3_bind_int64(q, 1, lo);
  sqlite3_bind_int64(q, 2, hi);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    *max = sqlite3_column_int64(q, 0);
    rc = SQLITE_OK;
  }
  sqlite3_reset(q);
  if (rc == SQLITE_OK) nl_db_keys_found(db, lo, *max);
  return rc;
}

/* The next free key of the minute starting at m into *key, 0 when the
** minute is full: SQLite code. */
static int minute_key(nl_db *db, sqlite3_int64 m, sqlite3_int64 *key,
                      nl_error *err) {
  sqlite3_int64 max, last = m + NL_KEY_MINUTE - 1;
  int rc = key_max(db, m, last, &max, err);
  *key = rc != SQLITE_OK || max == last ? 0 : max ? max + 1 : m;
  return rc;
}

/*
** See nl_db_internal.h.  One index seek per minute looked at: the
** article's minute, else the next minutes of its day, else the earlier
** ones (latest first): any key of the day keeps since/until exact.
*/
nl_status nl_db_fts_key(nl_db *db, const char *published, sqlite3_int64 *key,
                        nl_error *err) {
  const sqlite3_int64 per = NL_KEY_MINUTE;
  sqlite3_int64 base, day, m, max;
  nl_error local = NL_ERROR_INIT;
  int rc = SQLITE_OK;
  if (!err) err = &local;
  if (!nl_fts_key_base(published, &base)) { /* undated: after the last */
    rc = key_max(db, 1, NL_KEY_DATED - 1, &max, err);
    *key = max + 1;
    if (rc == SQLITE_OK && *key >= NL_KEY_DATED) rc = SQLITE_FULL;
    if (rc == SQLITE_OK) nl_db_keys_took(db, *key);
    return rc == SQLITE_OK ? NL_OK : nl_db_fail(db, rc, "article key", err);
  }
  day = base - (base - NL_KEY_DATED) % NL_KEY_DAY;
  *key = 0;
  for (m = base; rc == SQLITE_OK && !*key && m < day + 1440 * per; m += per)
    rc = minute_key(db, m, key, err);
  for (m = base - per; rc == SQLITE_OK && !*key && m >= day; m -= per)
    rc = minute_key(db, m, key, err);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "article key", err);
  if (*key) {
    nl_db_keys_took(db, *key);
    return NL_OK;
  }
  return nl_error_set(err, NL_EDB,
                      "article key: over %lld articles published on the"
                      " day of %s",
                      (long long)(1440 * per), published);
}

/*
** Insert an analysed article inside the caller's transaction.  From a
** file, the article's own id is tried first (the UNIQUE index says if it
** is taken: no lookup in the common case), then choose_id's.
*/
nl_status nl_db_insert_prepared(nl_db *db, const nl_prepared *p,
                                const char *file_key, sqlite3_int64 *rowid_out,
                                sqlite3_int64 *key_out, nl_error *err) {
  const nl_article *a = p->art;
  nl_buf id = NL_BUF_INIT, idwarn = NL_BUF_INIT, par = NL_BUF_INIT;
  nl_buf warn = NL_BUF_INIT, meta = NL_BUF_INIT;
  const nl_buf *wp = &p->warnings;
  sqlite3_int64 rowid = 0, key = 0;
  nl_status st = NL_OK;
  int rc = SQLITE_DONE;
  if (!file_key) /* nl_db_put_article: replace the same id */
    st = nl_db_delete_articles(db, NL_STMT_OLD_OF_ID, a->id, NULL, NULL, NULL,
                               err);
  if (st == NL_OK) st = nl_db_fts_key(db, a->published, &key, err);
  nl_buf_puts(&id, a->id);
  if (st == NL_OK && !nl_buf_ok(&id))
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", a->id);
  if (st == NL_OK) st = insert_row(db, p, nl_buf_cstr(&id), wp, file_key,
                                   key, &rc, err);
  if (st == NL_OK && file_key && rc == SQLITE_CONSTRAINT_UNIQUE) {
    nl_buf_truncate(&id, 0); /* taken: a free id, and a warning */
    st = choose_id(db, a, stored_file(a, file_key), &id, &idwarn, err);
    if (st == NL_OK && idwarn.len) { /* before the analysis warnings */
      if (p->warn.len) {
        nl_buf_putc(&idwarn, '\n');
        nl_buf_append(&idwarn, p->warn.data, p->warn.len);
      }
      build_lists(a, nl_buf_cstr(&idwarn), &par, &warn, &meta);
      wp = &warn;
    }
    if (st == NL_OK && (!nl_buf_ok(&id) || !nl_buf_ok(&par) ||
                        !nl_buf_ok(&warn) || !nl_buf_ok(&meta) ||
                        !nl_buf_ok(&idwarn)))
      st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", a->id);
    if (st == NL_OK)
      st = insert_row(db, p, nl_buf_cstr(&id), wp, file_key, key, &rc, err);
  }
  if (st == NL_OK && rc != SQLITE_DONE)
    st = nl_db_fail(db, rc, "insert article", err);
  if (st == NL_OK) {
    rowid = sqlite3_last_insert_rowid(db->sq);
    if (!key_out) st = index_article(db, key, a, &p->toks, err);
  }
  if (st == NL_OK && !key_out) /* else the caller's nl_db_dates_add */
    st = insert_dates(db, rowid, p->tx, p->ntx, p->sents, p->nsent, err);
  if (rowid_out) *rowid_out = rowid;
  if (key_out) *key_out = key;
  nl_buf_free(&id);
  nl_buf_free(&idwarn);
  nl_buf_free(&par);
  nl_buf_free(&warn);
  nl_buf_free(&meta);
  return st;
}

/* See nl_db_internal.h. */
nl_status nl_db_index_prepared(nl_db *db, sqlite3_int64 key,
                               const nl_prepared *p, nl_error *err) {
  return index_article(db, key, p->art, &p->toks, err);
}

/*
** Analyse and insert one article inside the caller's transaction.
*/
nl_status nl_db_insert_article(nl_db *db, const nl_article *a,
                               const char *file_key, sqlite3_int64 *rowid_out,
                               nl_error *err) {
  nl_prepared p;
  nl_status st = nl_db_prepare(a, &p, err);
  if (st == NL_OK)
    st = nl_db_insert_prepared(db, &p, file_key, rowid_out, NULL, err);
  nl_prepared_clear(&p);
  return st;
}

/* See nl_db_internal.h. */
nl_status nl_db_tag_dates(const char *body, size_t len, const char *dct,
                          nl_timex **tx, size_t *ntx, nl_error *err) {
  char dbuf[11];
  return tag(body ? body : "", len, dct_of(dct, dbuf), tx, ntx, NULL, NULL,
             err);
}

/* See nl_db_internal.h.  The sentence indexes from the row's spans. */
nl_status nl_db_set_dates(nl_db *db, sqlite3_int64 rowid, const nl_timex *tx,
                          size_t ntx, nl_error *err) {
  nl_span *sents = NULL;
  size_t nsent = 0, cap = 0;
  nl_status st = NL_OK;
  int rc;
  sqlite3_stmt *q = nl_db_stmt(db, NL_STMT_SENTENCE_SPANS, err);
  if (!q) return err ? err->code : NL_EDB;
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
  if (st == NL_OK && !(q = nl_db_stmt(db, NL_STMT_DELETE_DATES, err)))
    st = err ? err->code : NL_EDB;
  if (st == NL_OK) {
    sqlite3_bind_int64(q, 1, rowid);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) st = nl_db_fail(db, rc, "retag", err);
  }
  if (st == NL_OK) st = insert_dates(db, rowid, tx, ntx, sents, nsent, err);
  nl_free(sents);
  return st;
}

/*
** Re-tag the dates of one stored article against `dct`.
*/
nl_status nl_db_retag_dates(nl_db *db, sqlite3_int64 rowid, const char *dct,
                            nl_error *err) {
  nl_timex *tx = NULL;
  size_t ntx = 0, len = 0;
  char *body = NULL;
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
  if (st == NL_OK) st = nl_db_tag_dates(body, len, dct, &tx, &ntx, err);
  if (st == NL_OK) st = nl_db_set_dates(db, rowid, tx, ntx, err);
  nl_free_mem(tx);
  nl_free(body);
  return st;
}


/*
** Delete the articles selected by `sel` (NL_STMT_OLD_OF_FILE with a file
** key, or NL_STMT_OLD_OF_ID with an id) with their index entries and
** annotations (deleted here: foreign keys are off); their sentences are a
** column of the row.  *n (may be NULL) gets the
** number deleted.
*/
nl_status nl_db_delete_articles(nl_db *db, nl_stmt_id sel, const char *key,
                                nl_body_fn each, void *ctx, size_t *n,
                                nl_error *err) {
  sqlite3_int64 *rows = NULL;
  size_t nrows = 0, cap = 0, i;
  nl_status st = NL_OK;
  sqlite3_stmt *q = nl_db_stmt(db, sel, err), *f;
  int rc;
  if (n) *n = 0;
  if (!q) return err ? err->code : NL_EDB;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
  while (st == NL_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    if (nrows == cap) {
      sqlite3_int64 *nr = nl_realloc(rows, (cap = cap ? 2 * cap : 16) *
                                               sizeof *nr);
      if (!nr) {
        st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", key);
        break;
      }
      rows = nr;
    }
    rows[nrows++] = sqlite3_column_int64(q, 0);
    if (each) {
      const char *b = (const char *)sqlite3_column_text(q, 2);
      st = each(ctx, b ? b : "", (size_t)sqlite3_column_bytes(q, 2), err);
      if (st != NL_OK) break;
    }
    nl_db_keys_forget(db, sqlite3_column_int64(q, 3));
    if (!(f = nl_db_stmt(db, NL_STMT_FTS_DELETE, err))) {
      st = err ? err->code : NL_EDB;
      break;
    }
    sqlite3_bind_value(f, 1, sqlite3_column_value(q, 3));
    sqlite3_bind_value(f, 2, sqlite3_column_value(q, 1));
    sqlite3_bind_value(f, 3, sqlite3_column_value(q, 2));
    rc = sqlite3_step(f);
    sqlite3_reset(f);
    if (rc != SQLITE_DONE) st = nl_db_fail(db, rc, "unindex article", err);
  }
  if (st == NL_OK && rc != SQLITE_DONE)
    st = nl_db_fail(db, rc, "find old articles", err);
  sqlite3_reset(q);
  for (i = 0; st == NL_OK && i < nrows; i++) {
    if (!(q = nl_db_stmt(db, NL_STMT_DELETE_ROWID, err))) {
      st = err ? err->code : NL_EDB;
      break;
    }
    sqlite3_bind_int64(q, 1, rows[i]);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) st = nl_db_fail(db, rc, "delete article", err);
    /* no foreign-key cascade (nl_db.c): its annotations explicitly */
    if (st == NL_OK && !(q = nl_db_stmt(db, NL_STMT_DELETE_ANNOTATIONS, err)))
      st = err ? err->code : NL_EDB;
    if (st != NL_OK) break;
    sqlite3_bind_int64(q, 1, rows[i]);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) st = nl_db_fail(db, rc, "delete annotations", err);
  }
  nl_free(rows);
  if (st == NL_OK && n) *n = nrows;
  return st;
}

/* Run FTS statement `id` (?1 key, ?2 title, ?3 body) with the title and
** body of row statement r (columns 2 and 3). */
static nl_status fts_write(nl_db *db, nl_stmt_id id, sqlite3_int64 key,
                           sqlite3_stmt *r, nl_error *err) {
  sqlite3_stmt *f = nl_db_stmt(db, id, err);
  int rc;
  if (!f) return err->code;
  sqlite3_bind_int64(f, 1, key);
  sqlite3_bind_value(f, 2, sqlite3_column_value(r, 2));
  sqlite3_bind_value(f, 3, sqlite3_column_value(r, 3));
  rc = sqlite3_step(f);
  sqlite3_reset(f);
  return rc == SQLITE_DONE ? NL_OK : nl_db_fail(db, rc, "re-key article", err);
}

/*
** See nl_db_internal.h.  Unindex under the old key, take a new one (the
** row keeps its old key while the new one is chosen, so the search sees
** the minute as it is), index under it.
*/
nl_status nl_db_rekey(nl_db *db, sqlite3_int64 rowid, nl_error *err) {
  nl_error local = NL_ERROR_INIT;
  sqlite3_stmt *r, *u;
  sqlite3_int64 old, base, key = 0;
  nl_status st = NL_OK;
  int rc;
  if (!err) err = &local; /* the codes below come from it */
  if (!(r = nl_db_stmt(db, NL_STMT_KEY_ROW, err))) return err->code;
  sqlite3_bind_int64(r, 1, rowid);
  rc = sqlite3_step(r);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(r);
    return rc == SQLITE_DONE ? NL_OK : nl_db_fail(db, rc, "re-key article",
                                                    err);
  }
  old = sqlite3_column_int64(r, 0);
  /* same minute (or undated before and after): the key still fits */
  if (!nl_fts_key_base((const char *)sqlite3_column_text(r, 1), &base)
          ? old < NL_KEY_DATED
          : old >= base && old < base + NL_KEY_MINUTE) {
    sqlite3_reset(r);
    return NL_OK;
  }
  st = fts_write(db, NL_STMT_FTS_DELETE, old, r, err);
  nl_db_keys_forget(db, old);
  if (st == NL_OK)
    st = nl_db_fts_key(db, (const char *)sqlite3_column_text(r, 1), &key, err);
  if (st == NL_OK && !(u = nl_db_stmt(db, NL_STMT_KEY_SET, err)))
    st = err->code;
  if (st == NL_OK) {
    sqlite3_bind_int64(u, 1, rowid);
    sqlite3_bind_int64(u, 2, key);
    rc = sqlite3_step(u);
    sqlite3_reset(u);
    if (rc != SQLITE_DONE) st = nl_db_fail(db, rc, "re-key article", err);
  }
  if (st == NL_OK) st = fts_write(db, NL_STMT_INSERT_FTS, key, r, err);
  sqlite3_reset(r);
  return st;
}
