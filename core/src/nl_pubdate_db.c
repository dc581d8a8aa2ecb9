/*
** nl_pubdate_db.c -- publication-date reconciliation against the store
** (nl_pubdate_reconcile, see nl_pubdate.h), in bounded memory and in time
** proportional to what changed:
**   - the work: the articles of files that changed since the last
**     reconciliation (a snapshot of the files table, pubdate_files) and
**     every article without a metadata date; nothing else is re-decided
**     (the first reconciliation of a store takes every article);
**   - stories: two streamed passes over the bodies (nl_story_scan: a
**     fixed document-frequency sketch, then only the rare terms), so only
**     a few bytes per article stay in memory;
**   - decisions in chunks of PD_CHUNK work articles with their neighbours
**     as context (nl_pubdate_decide_linked); only what changed is written.
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
#include "nl_pubdate_internal.h"
#include "nl_story.h"

#define PD_CHUNK 2000         /* work articles decided together */
#define PD_MAX_POST 4000000u  /* rare-term postings kept (12 bytes each) */
/* The docs' word sets kept from pass 1 so pass 2 need not read and split
** every body again (half the reconciliation of Reuters-21578); a bigger
** corpus drops them and reads the bodies twice. */
#define PD_WORD_CACHE ((16u << 20) / sizeof(uint64_t))
static size_t word_cache_max = PD_WORD_CACHE;

/* See nl_pubdate.h. */
size_t nl_pubdate_word_cache(size_t max_words) {
  size_t old = word_cache_max;
  word_cache_max = max_words;
  return old;
}

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
  nl_status st;
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
  st = nl_db_rekey(db, row->rowid, err);
  if (st != NL_OK) return st;
  return nl_db_retag_dates(db, row->rowid,
                           r->published[0] ? r->published : NULL, err);
}

/* Does v start with a YYYY-MM-DD date (what the decision can anchor on)?
** All digits: what sscanf reads, without it (sscanf was 1.3% of the
** writer's instructions in a Reuters-21578 ingest). */
static int date_ok(const char *v) {
  int y, m, d;
  if (!v || strlen(v) < 10 || v[4] != '-' || v[7] != '-') return 0;
  if (nl_pd_digits(v, 4) < 0 || (m = nl_pd_digits(v + 5, 2)) < 0 ||
      (d = nl_pd_digits(v + 8, 2)) < 0) {
    if (sscanf(v, "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
  }
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

enum { PD_F_DATED = 1, PD_F_WORK = 2 };

/* Per-article state kept for the whole store (9 bytes an article). */
typedef struct pd_all {
  nl_db *db;
  const nl_pd_words *known; /* word sets known already (may be NULL) */
  size_t n, cap;
  sqlite3_int64 *rowid; /* in rowid order */
  unsigned char *fl;    /* PD_F_* */
  uint32_t *off, *nb;   /* story neighbours of the work articles */
  uint32_t *rep;        /* each article's first twin (nl_story.h) */
  nl_story_twins *tw;   /* pass 1: twin keys seen */
  int full;              /* every article is work (first reconciliation) */
  const sqlite3_int64 *chg; /* rowids of changed files' articles, sorted */
  size_t nchg, nwork;
} pd_all;

static void all_free(pd_all *a) {
  nl_free(a->rowid);
  nl_free(a->fl);
  nl_free(a->off);
  nl_free(a->nb);
  nl_free(a->rep);
  nl_story_twins_free(a->tw);
}

static int cmp_i64(const void *a, const void *b) {
  sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
  return x < y ? -1 : x > y;
}

static int has_i64(const sqlite3_int64 *v, size_t n, sqlite3_int64 x) {
  return n && bsearch(&x, v, n, sizeof *v, cmp_i64) != NULL;
}

/* The rowids of the articles of files changed since the last snapshot,
** sorted. */
static nl_status changed_rowids(nl_db *db, sqlite3_int64 **out, size_t *n,
                                nl_error *err) {
  sqlite3_stmt *st = NULL;
  size_t cap = 0;
  int rc;
  *out = NULL;
  *n = 0;
  rc = sqlite3_prepare_v2(nl_db_sqlite(db), nl_sql_pubdate_changed, -1, &st,
                          NULL);
  if (rc != SQLITE_OK) return nl_db_fail(db, rc, "pubdate: changed files", err);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      size_t nc = cap ? cap * 2 : 256;
      sqlite3_int64 *p = nl_realloc(*out, nc * sizeof *p);
      if (!p) {
        sqlite3_finalize(st);
        return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
      }
      *out = p;
      cap = nc;
    }
    (*out)[(*n)++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    return nl_db_fail(db, rc, "pubdate: changed files", err);
  if (*n) qsort(*out, *n, sizeof **out, cmp_i64);
  return NL_OK;
}

/* Record article `st` (columns rowid, body, published_source,
** meta_published, published): its rowid, whether it has a usable metadata
** date, and whether it is work (changed, all when a->full, or undated). */
static nl_status note_row(pd_all *a, sqlite3_stmt *st, nl_error *err) {
  const char *src = (const char *)sqlite3_column_text(st, 2);
  const char *meta = (const char *)sqlite3_column_text(st, 3);
  const char *pub = (const char *)sqlite3_column_text(st, 4);
  int dated = meta ? date_ok(meta)
                   : source_of(src) == NL_PUB_METADATA && date_ok(pub);
  sqlite3_int64 id = sqlite3_column_int64(st, 0);
  if (a->n == a->cap) {
    size_t nc = a->cap ? a->cap * 2 : 1024;
    sqlite3_int64 *r = nl_realloc(a->rowid, nc * sizeof *r);
    unsigned char *f = r ? nl_realloc(a->fl, nc) : NULL;
    uint32_t *t = f ? nl_realloc(a->rep, nc * sizeof *t) : NULL;
    if (r) a->rowid = r;
    if (f) a->fl = f;
    if (!t) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    a->rep = t;
    a->cap = nc;
  }
  a->rowid[a->n] = id;
  a->fl[a->n] = (unsigned char)(dated ? PD_F_DATED : 0);
  if (a->full || !dated || has_i64(a->chg, a->nchg, id)) {
    a->fl[a->n] |= PD_F_WORK;
    a->nwork++;
  }
  a->n++;
  return NL_OK;
}

/* Pass 1's word sets: doc g's are w[off[g] .. off[g + 1]). */
typedef struct pd_words {
  uint64_t *w;
  size_t n, cap;
  size_t *off;  /* a->n + 1 entries once complete */
  size_t noff, offcap;
  int on;       /* still complete: pass 2 can use it */
} pd_words;

static void words_drop(pd_words *c) {
  nl_free(c->w);
  nl_free(c->off);
  memset(c, 0, sizeof *c);
}

/* Keep one doc's word set; past the budget (or out of memory) drop all. */
static void words_keep(pd_words *c, const uint64_t *w, size_t nw) {
  if (!c->on) return;
  if (c->n + nw > word_cache_max) {
    words_drop(c);
    return;
  }
  if (c->n + nw > c->cap) {
    size_t nc = c->cap ? c->cap : 4096;
    uint64_t *p;
    while (nc < c->n + nw) nc *= 2;
    if (nc > word_cache_max) nc = word_cache_max;
    if (!(p = nl_realloc(c->w, nc * sizeof *p))) {
      words_drop(c);
      return;
    }
    c->w = p;
    c->cap = nc;
  }
  if (c->noff + 2 > c->offcap) {
    size_t nc = c->offcap ? 2 * c->offcap : 1024;
    size_t *o = nl_realloc(c->off, nc * sizeof *o);
    if (!o) {
      words_drop(c);
      return;
    }
    c->off = o;
    c->offcap = nc;
  }
  if (c->noff == 0) c->off[c->noff++] = 0;
  if (nw) memcpy(c->w + c->n, w, nw * sizeof *w);
  c->n += nw;
  c->off[c->noff++] = c->n;
}

/* The body hash of row `st`: kept by the ingest (known, index kn), else
** column 5 content_hash as nl_db_write.c writes it -- stored after the
** body, so reading it walks a long body's overflow pages -- else hashed
** from column 1, the body. */
static uint64_t body_hash(const nl_pd_words *known, size_t kn,
                          sqlite3_stmt *st) {
  const char *h, *b;
  if (known && known->hash[kn]) return known->hash[kn];
  h = (const char *)sqlite3_column_text(st, 5);
  if (h && strlen(h) == 16) return (uint64_t)strtoull(h, NULL, 16);
  b = (const char *)sqlite3_column_text(st, 1);
  return nl_hash64(b ? b : "", (size_t)sqlite3_column_bytes(st, 1));
}

/* One streamed pass over every body: pass 1 notes the articles (note_row),
** counts and keeps the word sets in `c` while they fit, pass 2 keeps the
** rare terms (nl_story_scan); pass 0 only notes the articles (their
** stories come from a prelink). */
static nl_status scan_bodies(pd_all *a, nl_story_scan *sc, int pass,
                             pd_words *c, nl_error *err) {
  sqlite3_stmt *st = NULL;
  uint64_t *w = NULL;
  size_t cap = 0, g = 0, kn = 0;
  int rc;
  nl_status s = NL_OK;
  rc = sqlite3_prepare_v2(nl_db_sqlite(a->db), nl_sql_pubdate_bodies, -1, &st,
                          NULL);
  if (rc != SQLITE_OK) return nl_db_fail(a->db, rc, "pubdate: read", err);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const uint64_t *ws;
    size_t nw = 0;
    int known;
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    while (a->known && kn < a->known->n && a->known->rowid[kn] < id) kn++;
    if (pass <= 1 && (s = note_row(a, st, err)) != NL_OK) break;
    if (g >= a->n || sqlite3_column_int64(st, 0) != a->rowid[g]) {
      s = nl_error_set(err, NL_EDB, "pubdate: articles changed while read");
      break;
    }
    g++;
    if (pass == 0) continue;
    known = a->known && kn < a->known->n && a->known->rowid[kn] == id;
    if (known) { /* computed at ingest */
      ws = a->known->w + a->known->off[kn];
      nw = a->known->off[kn + 1] - a->known->off[kn];
    } else {
      const char *b = (const char *)sqlite3_column_text(st, 1);
      if (b && nl_story_words(b, (size_t)sqlite3_column_bytes(st, 1), &w,
                              &nw, &cap) != NL_OK) {
        s = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
        break;
      }
      nw = nl_story_unique(w, nw);
      ws = w;
    }
    if (pass == 1) {
      uint32_t *r = &a->rep[g - 1];
      if (nl_story_twins_add(a->tw,
                             nl_story_twin_key(nw, body_hash(known ? a->known
                                                                   : NULL,
                                                             kn, st)),
                             (uint32_t)(g - 1), r) != NL_OK) {
        s = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
        break;
      }
      if (*r != g - 1) nw = 0; /* a twin: counted as its first */
      nl_story_scan_count(sc, ws, nw);
      /* pass 2 takes a known set from a->known: not copied */
      words_keep(c, known ? NULL : ws, known ? 0 : nw);
    } else if (nl_story_scan_add(sc, ws, a->rep[g - 1] == g - 1 ? nw : 0) !=
               NL_OK) {
      s = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
      break;
    }
  }
  sqlite3_finalize(st);
  nl_free(w);
  if (s != NL_OK) return s;
  if (rc != SQLITE_DONE) return nl_db_fail(a->db, rc, "pubdate: read", err);
  if (g != a->n)
    return nl_error_set(err, NL_EDB, "pubdate: articles changed while read");
  return NL_OK;
}

struct nl_pd_prelink {
  size_t n;
  uint32_t *rep;      /* each article's first twin */
  uint32_t *off, *nb; /* nl_story_scan_link's lists, every article asked */
};

/* See nl_pubdate.h. */
void nl_pd_prelink_free(nl_pd_prelink *p) {
  if (!p) return;
  nl_free(p->rep);
  nl_free(p->off);
  nl_free(p->nb);
  nl_free(p);
}

/* Twins, counts, rare terms and links of k's sets: what link_all's passes
** do over a store holding exactly these articles (all of them work). */
static nl_status prelink_scan(const nl_pd_words *k, nl_pd_prelink *p,
                              nl_story_scan *sc, nl_story_twins *tw,
                              char *ask) {
  nl_error err = NL_ERROR_INIT;
  size_t i;
  for (i = 0; i < k->n; i++) {
    size_t nw = k->off[i + 1] - k->off[i];
    if (nl_story_twins_add(tw, nl_story_twin_key(nw, k->hash[i]),
                           (uint32_t)i, &p->rep[i]) != NL_OK)
      return NL_ENOMEM;
    nl_story_scan_count(sc, k->w + k->off[i], p->rep[i] == i ? nw : 0);
  }
  for (i = 0; i < k->n; i++) {
    size_t nw = k->off[i + 1] - k->off[i];
    if (nl_story_scan_add(sc, k->w + k->off[i], p->rep[i] == i ? nw : 0) !=
        NL_OK)
      return NL_ENOMEM;
  }
  memset(ask, 1, k->n);
  return nl_story_scan_link(sc, ask, &p->off, &p->nb, &err);
}

/* See nl_pubdate.h. */
nl_pd_prelink *nl_pd_prelink_make(const nl_pd_words *k) {
  nl_pd_prelink *p;
  nl_story_scan *sc;
  nl_story_twins *tw;
  char *ask;
  nl_status st = NL_ENOMEM;
  if (!k || k->full || !k->n || k->n >= UINT32_MAX) return NULL;
  if (!(p = nl_calloc(1, sizeof *p))) return NULL;
  p->n = k->n;
  p->rep = nl_malloc(k->n * sizeof *p->rep);
  sc = nl_story_scan_new(PD_MAX_POST);
  tw = nl_story_twins_new();
  ask = nl_malloc(k->n);
  if (p->rep && sc && tw && ask) st = prelink_scan(k, p, sc, tw, ask);
  nl_story_scan_free(sc);
  nl_story_twins_free(tw);
  nl_free(ask);
  if (st == NL_OK) return p;
  nl_pd_prelink_free(p);
  return NULL;
}

/* Copies of the prelink's lists (link_twins takes and frees its own). */
static nl_status prelink_lists(const nl_pd_prelink *p, uint32_t **off,
                               uint32_t **nb) {
  size_t tot = p->off[p->n];
  *off = nl_malloc((p->n + 1) * sizeof **off);
  *nb = nl_malloc((tot ? tot : 1) * sizeof **nb);
  if (!*off || !*nb) {
    nl_free(*off);
    nl_free(*nb);
    *off = *nb = NULL;
    return NL_ENOMEM;
  }
  memcpy(*off, p->off, (p->n + 1) * sizeof **off);
  if (tot) memcpy(*nb, p->nb, tot * sizeof **nb);
  return NL_OK;
}

/* The prelink of the known sets when it may serve this reconciliation: a
** first one (every article work), the sets complete; NULL if not. */
static const nl_pd_prelink *prelink_of(const pd_all *a) {
  const nl_pd_words *k = a->known;
  if (!a->full || !k || !k->link || k->full || k->link->n != k->n)
    return NULL;
  return k->link;
}

/* Does the store hold exactly the prelink's articles (the known sets', in
** rowid order), as noted by pass 0? */
static int prelink_fits(const pd_all *a, const nl_pd_prelink *p) {
  size_t g;
  if (a->n != p->n || a->nwork != a->n) return 0;
  for (g = 0; g < a->n; g++)
    if (a->rowid[g] != a->known->rowid[g]) return 0;
  return 1;
}

/*
** The neighbours of the work articles (a->off, a->nb) from the scanned
** stories: twins of a work article ask for their first twin's list, which
** nl_story_twin_links then hands to every twin (see nl_story.h).
*/
static nl_status link_twins(pd_all *a, nl_story_scan *sc,
                            const nl_pd_prelink *pl, nl_error *err) {
  char *want = nl_malloc(a->n ? a->n : 1);
  char *ask = nl_malloc(a->n ? a->n : 1);
  char *dated = nl_malloc(a->n ? a->n : 1);
  size_t g;
  nl_status st = NL_ENOMEM;
  if (want && ask && dated) {
    memset(ask, 0, a->n);
    for (g = 0; g < a->n; g++) {
      want[g] = (a->fl[g] & PD_F_WORK) != 0;
      dated[g] = (a->fl[g] & PD_F_DATED) != 0;
      if (want[g]) ask[g] = ask[a->rep[g]] = 1;
    }
    st = pl ? prelink_lists(pl, &a->off, &a->nb)
            : nl_story_scan_link(sc, ask, &a->off, &a->nb, err);
    if (st == NL_OK &&
        nl_story_twin_links(a->rep, a->n, want, dated, &a->off, &a->nb) !=
            NL_OK)
      st = NL_ENOMEM;
  }
  if (st == NL_ENOMEM) nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  nl_free(want);
  nl_free(ask);
  nl_free(dated);
  return st;
}

/* With a prelink that fits (prelink_of, prelink_fits): note every article
** (pass 0) and take its twins and links (*taken = 1); else *taken = 0 and
** the notes are undone. */
static nl_status link_pre(pd_all *a, int *taken, nl_error *err) {
  const nl_pd_prelink *p = prelink_of(a);
  nl_status st;
  *taken = 0;
  if (!p) return NL_OK;
  st = scan_bodies(a, NULL, 0, NULL, err);
  if (st != NL_OK) return st;
  if (!prelink_fits(a, p)) {
    a->n = a->nwork = 0;
    return NL_OK;
  }
  *taken = 1;
  memcpy(a->rep, p->rep, a->n * sizeof *a->rep);
  return link_twins(a, NULL, p, err);
}

/* Note every article (pass 1) and link the work articles to their
** stories (a->off, a->nb; not when there is no work). */
static nl_status link_all(pd_all *a, nl_error *err) {
  nl_story_scan *sc;
  pd_words c;
  size_t g;
  nl_status st;
  int taken;
  st = link_pre(a, &taken, err);
  if (st != NL_OK || taken) return st;
  sc = nl_story_scan_new(PD_MAX_POST);
  if (!sc || !(a->tw = nl_story_twins_new())) {
    nl_story_scan_free(sc);
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  }
  memset(&c, 0, sizeof c);
  c.on = 1;
  st = scan_bodies(a, sc, 1, &c, err);
  nl_story_twins_free(a->tw);
  a->tw = NULL;
  if (st == NL_OK && a->nwork && c.on && c.noff == a->n + 1) {
    const nl_pd_words *k = a->known;
    size_t kn = 0;
    for (g = 0; st == NL_OK && g < a->n; g++) { /* pass 2 from kept sets */
      const uint64_t *ws = c.w + c.off[g];
      size_t nw = c.off[g + 1] - c.off[g];
      while (k && kn < k->n && k->rowid[kn] < a->rowid[g]) kn++;
      if (k && kn < k->n && k->rowid[kn] == a->rowid[g]) {
        ws = k->w + k->off[kn]; /* known: not copied in pass 1 */
        nw = k->off[kn + 1] - k->off[kn];
      }
      if (a->rep[g] != g) nw = 0; /* a twin */
      if (nl_story_scan_add(sc, ws, nw) != NL_OK)
        st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    }
  } else if (st == NL_OK && a->nwork) {
    st = scan_bodies(a, sc, 2, NULL, err);
  }
  words_drop(&c);
  if (st == NL_OK && a->nwork) st = link_twins(a, sc, NULL, err);
  nl_story_scan_free(sc);
  return st;
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
    r->warnings = col_dup(st, 6, &oom);
    r->kv = col_dup(st, 7, &oom);
  }
  sqlite3_reset(st);
  if (oom) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nl_db_fail(db, rc, "pubdate: read article", err);
  return NL_OK;
}

/* Buffers of one chunk: the work articles first, then their context. */
typedef struct pd_chunk {
  size_t *g;  /* global index of each chunk doc */
  size_t n, cap;
  pd_row *rows;
  nl_pd_doc *docs;
  nl_pd_result *res;
  size_t *off, *nb;
  char *want;
  nl_pd_tagged *pre; /* the ingest's tagging of each, when kept */
} pd_chunk;

/* Decide the work articles w[0..nw) with their neighbours as context, and
** write what changed.  `stamp`/`pos` are per-article scratch. */
static nl_status do_chunk(pd_all *a, const size_t *w, size_t nw, uint32_t mark,
                          uint32_t *stamp, uint32_t *pos, sqlite3_stmt *rd,
                          sqlite3_stmt *up, sqlite3_stmt *uw, nl_error *err) {
  pd_chunk c;
  fetch_ctx fc;
  size_t i, k, nnb = 0;
  nl_status st = NL_OK;
  memset(&c, 0, sizeof c);
  for (i = 0; i < nw; i++)
    nnb += a->off[w[i] + 1] - a->off[w[i]];
  c.cap = nw + nnb;
  c.g = nl_malloc(c.cap * sizeof *c.g);
  c.off = nl_malloc((c.cap + 1) * sizeof *c.off);
  c.nb = nl_malloc((nnb ? nnb : 1) * sizeof *c.nb);
  if (!c.g || !c.off || !c.nb) goto oom;
  for (i = 0; i < nw; i++) {
    stamp[w[i]] = mark;
    pos[w[i]] = (uint32_t)c.n;
    c.g[c.n++] = w[i];
  }
  for (i = 0; i < nw; i++)
    for (k = a->off[w[i]]; k < a->off[w[i] + 1]; k++) {
      uint32_t j = a->nb[k];
      if (stamp[j] == mark) continue;
      stamp[j] = mark;
      pos[j] = (uint32_t)c.n;
      c.g[c.n++] = j;
    }
  c.rows = nl_calloc(c.n, sizeof *c.rows);
  c.docs = nl_calloc(c.n, sizeof *c.docs);
  c.res = nl_calloc(c.n, sizeof *c.res);
  c.want = nl_calloc(c.n, 1);
  c.pre = nl_calloc(c.n, sizeof *c.pre);
  if (!c.rows || !c.docs || !c.res || !c.want || !c.pre) goto oom;
  nnb = 0;
  for (i = 0; i < c.n; i++) {
    size_t g = c.g[i];
    pd_row *r = &c.rows[i];
    nl_pd_doc *d = &c.docs[i];
    c.off[i] = nnb;
    if (i < nw) {
      c.want[i] = 1;
      for (k = a->off[g]; k < a->off[g + 1]; k++)
        c.nb[nnb++] = pos[a->nb[k]];
    }
    st = read_row(a->db, rd, a->rowid[g], r, err);
    if (st != NL_OK) goto out;
    nl_pd_words_tagged(a->known, a->rowid[g], &c.pre[i]);
    d->id = r->id;
    if (i >= nw) {
      /* context: its current date anchors (a replaced header gives way to
      ** the inferred date, an article dated by an earlier run or chunk
      ** counts as dated) */
      if (source_of(r->source) != NL_PUB_NONE && date_ok(r->published)) {
        d->published = r->published;
        d->source = NL_PUB_METADATA;
      }
    } else if (r->meta) {
      d->published = r->meta;
      d->source = NL_PUB_METADATA;
    } else if (source_of(r->source) == NL_PUB_METADATA) {
      d->published = r->published;
      d->source = NL_PUB_METADATA;
    }
  }
  c.off[c.n] = nnb;
  fc.db = a->db;
  fc.rows = c.rows;
  st = nl_pubdate_decide_tagged(c.docs, c.n, c.off, c.nb, c.want, c.pre,
                                fetch_body, &fc, c.res, err);
  for (i = 0; i < nw && st == NL_OK; i++) {
    const pd_row *row = &c.rows[i];
    const char *cur = row->published ? row->published : "";
    int same = strcmp(cur, c.res[i].published) == 0 &&
               source_of(row->source) == c.res[i].source;
    c.res[i].changed = !same;
    if (same) {
      char *wl = set_warning(row->warnings, c.res[i].warning);
      int keep;
      if (!wl) {
        st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
        break;
      }
      keep = strcmp(wl, row->warnings ? row->warnings : "") == 0;
      nl_free(wl);
      if (keep) continue;
    }
    st = write_row(a->db, up, uw, row, &c.docs[i], &c.res[i], err);
  }
out:
  if (c.res) nl_pd_results_clear(c.res, c.n);
  nl_free(c.res);
  nl_free(c.docs);
  if (c.rows) free_rows(c.rows, c.n);
  nl_free(c.g);
  nl_free(c.off);
  nl_free(c.nb);
  nl_free(c.want);
  nl_free(c.pre);
  return st;
oom:
  st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  goto out;
}

/* Decide every work article that can change: the undated, and the dated
** ones with a story (only those can be flagged). */
static nl_status decide_all(pd_all *a, nl_error *err) {
  sqlite3 *sq = nl_db_sqlite(a->db);
  sqlite3_stmt *rd = NULL, *up = NULL, *uw = NULL;
  uint32_t *stamp = nl_calloc(a->n ? a->n : 1, sizeof *stamp);
  uint32_t *pos = nl_malloc((a->n ? a->n : 1) * sizeof *pos);
  size_t *w = nl_malloc(PD_CHUNK * sizeof *w), nw = 0, g;
  uint32_t mark = 0;
  nl_status st = NL_OK;
  int rc;
  if (!stamp || !pos || !w) {
    st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    goto out;
  }
  rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_row, -1, &rd, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_update, -1, &up, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_warn, -1, &uw, NULL);
  if (rc != SQLITE_OK) {
    st = nl_db_fail(a->db, rc, "pubdate: update", err);
    goto out;
  }
  for (g = 0; g <= a->n && st == NL_OK; g++) {
    if (g < a->n) {
      int f = a->fl[g];
      if (!(f & PD_F_WORK)) continue;
      if ((f & PD_F_DATED) && a->off[g + 1] == a->off[g]) continue;
      w[nw++] = g;
    }
    if (nw == PD_CHUNK || (g == a->n && nw)) {
      st = do_chunk(a, w, nw, ++mark, stamp, pos, rd, up, uw, err);
      nw = 0;
    }
  }
out:
  sqlite3_finalize(rd);
  sqlite3_finalize(up);
  sqlite3_finalize(uw);
  nl_free(stamp);
  nl_free(pos);
  nl_free(w);
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
  if (!full) st = changed_rowids(db, &chg, &nchg, err);
  if (st == NL_OK && !full && nchg == 0) {
    /* nothing of the files changed: work only if undated articles exist */
    rc = sqlite3_prepare_v2(sq, nl_sql_pubdate_undated, -1, &q, NULL);
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
  if (st == NL_OK) st = link_all(&a, err);
  nl_free(chg);
  chg = NULL;
  if (st == NL_OK && a.nwork) st = decide_all(&a, err);
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
