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
**   - stories: two streamed passes over the bodies (nl_story_scan: a
**     fixed document-frequency sketch, then only the rare terms), so only
**     a few bytes per article stay in memory; the second takes the terms
**     that may be rare from the first (pd_words, 16 MiB) and reads the
**     bodies again only past that; the bodies are split into words in
**     batches, on two threads (pd_batch);
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
#include "nl_pubdate_internal.h"
#include "nl_story.h"

/* The docs' terms kept from pass 1 so pass 2 need not read and split
** every body again (half the reconciliation of Reuters-21578): the sketch
** slots of those that may still be rare (nl_story_scan_slots), 4 bytes
** each; common terms -- most of a doc's -- are left out as they are met,
** and pruned from the docs kept before once the cache is full.  Past the
** budget after that the second pass reads and splits the bodies again. */
#define PD_WORD_CACHE ((16u << 20) / sizeof(uint32_t))
static size_t word_cache_max = PD_WORD_CACHE;
/* What the last reconciliation's first pass kept (nl_pubdate_cache_stats). */
static size_t last_kept, last_prunes;

/* See nl_pubdate.h. */
void nl_pubdate_cache_stats(size_t *kept, size_t *prunes) {
  *kept = last_kept;
  *prunes = last_prunes;
}

/* See nl_pubdate.h. */
size_t nl_pubdate_word_cache(size_t max_words) {
  size_t old = word_cache_max;
  word_cache_max = max_words;
  return old;
}

static char *col_dup(sqlite3_stmt *st, int col, int *oom) {
  const unsigned char *t = sqlite3_column_text(st, col);
  char *p;
  if (!t) return NULL;
  p = nl_strndup((const char *)t, (size_t)sqlite3_column_bytes(st, col));
  if (!p) *oom = 1;
  return p;
}

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
  const uint64_t *print; /* pass 0: the rows' fingerprints decided ahead
                         ** (known->pre); NULL once one differs */
  size_t nprint;
  size_t ngone; /* the removed articles' sets in known (gw, goff) linked
                ** after the store's docs, as seeds (0: none) */
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

/* Record article `id`, row `st` (columns rowid, body, published_source,
** meta_published, published, content_hash, decided from its story): its
** rowid, whether it has a usable metadata date, and whether it is work
** (all when a->full; else changed, undated, or dated from its story: a
** story that changed or lost reports may decide otherwise, and the
** evidence must not cite removed articles). */
static nl_status note_row(pd_all *a, sqlite3_stmt *st, sqlite3_int64 id,
                          nl_error *err) {
  const char *src = (const char *)sqlite3_column_text(st, 2);
  const char *meta = (const char *)sqlite3_column_text(st, 3);
  const char *pub = (const char *)sqlite3_column_text(st, 4);
  int dated = meta ? nl_pd_date_ok(meta)
                   : nl_pd_source_of(src) == NL_PUB_METADATA &&
                         nl_pd_date_ok(pub);
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
  a->fl[a->n] = (unsigned char)((dated ? PD_F_DATED : 0) |
                                (sqlite3_column_int(st, 6) ? PD_F_STORY : 0));
  if (a->full || !dated || (a->fl[a->n] & PD_F_STORY) ||
      has_i64(a->chg, a->nchg, id)) {
    a->fl[a->n] |= PD_F_WORK;
    a->nwork++;
  }
  a->n++;
  return NL_OK;
}

/* Pass 1's kept terms (their sketch slots): doc g's are
** w[off[g] .. off[g + 1]). */
typedef struct pd_words {
  uint32_t *w;
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

/* Drop from every kept doc the slots counted in more than ST_DF_CAP docs
** by now (nl_story_scan_prune), keeping the docs' order. */
static void words_prune(pd_words *c, const nl_story_scan *sc) {
  size_t d, from = 0, to = 0;
  for (d = 1; d < c->noff; d++) {
    size_t start = from, len = c->off[d] - start;
    from = c->off[d];
    memmove(c->w + to, c->w + start, len * sizeof *c->w);
    to += nl_story_scan_prune(sc, c->w + to, len);
    c->off[d] = to;
  }
  c->n = to;
}

/* Keep one doc's terms (w[0..nw), NULL for none) as the slots that may
** still be rare; past the budget, even after pruning, (or out of memory)
** drop all. */
static void words_keep(pd_words *c, const nl_story_scan *sc,
                       const uint64_t *w, size_t nw) {
  if (!c->on) return;
  if (c->n + nw > word_cache_max) {
    /* full: prune; still over half full, give up (pruning again soon
    ** would cost more than reading the bodies again) */
    words_prune(c, sc);
    last_prunes++;
    if (c->n > word_cache_max / 2 || c->n + nw > word_cache_max) {
      words_drop(c);
      return;
    }
  }
  if (c->n + nw > c->cap) {
    size_t nc = c->cap ? 2 * c->cap : 4096;
    uint32_t *p;
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
  if (nw) c->n += nl_story_scan_slots(sc, w, nw, c->w + c->n);
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

/* Does row `st` (nl_sql_pubdate_prints) have the fingerprint decided ahead
** for article g? */
static int same_print(const pd_all *a, sqlite3_stmt *st, size_t g) {
  static const int col[PD_PRINT_FIELDS] = {7, 4, 2, 3};
  const char *f[PD_PRINT_FIELDS];
  size_t len[PD_PRINT_FIELDS];
  int k;
  if (g >= a->nprint) return 0;
  for (k = 0; k < PD_PRINT_FIELDS; k++) {
    f[k] = (const char *)sqlite3_column_text(st, col[k]);
    len[k] = (size_t)sqlite3_column_bytes(st, col[k]);
  }
  return nl_pd_row_print(f, len) == a->print[g];
}

/* Rows read before their bodies are split into words (pd_batch): at most
** this many, and their bodies' copies at most PD_BATCH_BYTES. */
#define PD_BATCH_ROWS 2048
#define PD_BATCH_BYTES (4u << 20)

/* A row of the batch: what its step of scan_bodies needs once its words
** are known. */
typedef struct pd_item {
  size_t g;       /* its index in a->rowid */
  size_t kn;      /* its set in a->known when `known` */
  int known;      /* its set was computed at ingest */
  uint64_t hash;  /* pass 1: its body hash (body_hash) */
} pd_item;

/* The rows read since the last words: the bodies of those without a known
** set are copied (a column's text lasts only until the next step), then
** split together, on two threads (nl_story_words_many). */
typedef struct pd_batch {
  pd_item it[PD_BATCH_ROWS];
  size_t n;
  char *buf;                   /* body copies, back to back */
  size_t used, cap;
  size_t off[PD_BATCH_ROWS];   /* item i's copy: buf + off[i] */
  size_t len[PD_BATCH_ROWS];   /* its length, 0 for no body */
  const char *body[PD_BATCH_ROWS];
  nl_story_set set[PD_BATCH_ROWS];
} pd_batch;

/* Copy row `st`'s body (column 1) for item i; 0 on OOM. */
static int batch_copy(pd_batch *b, size_t i, sqlite3_stmt *st) {
  const char *t = (const char *)sqlite3_column_text(st, 1);
  size_t n = t ? (size_t)sqlite3_column_bytes(st, 1) : 0;
  b->off[i] = b->used;
  b->len[i] = n;
  b->body[i] = NULL;
  if (!t) return 1;
  if (b->used + n + 1 > b->cap) {
    size_t nc = b->cap ? b->cap : PD_BATCH_BYTES;
    char *p;
    while (nc < b->used + n + 1) nc *= 2;
    if (!(p = nl_realloc(b->buf, nc))) return 0;
    b->buf = p;
    b->cap = nc;
  }
  memcpy(b->buf + b->used, t, n);
  b->buf[b->used + n] = '\0';
  b->used += n + 1;
  b->body[i] = b->buf; /* a non-NULL mark: set in batch_words */
  return 1;
}

/* Split the batch's copied bodies into their word sets. */
static nl_status batch_words(pd_batch *b) {
  size_t i;
  for (i = 0; i < b->n; i++)
    if (b->body[i]) b->body[i] = b->buf + b->off[i];
  return nl_story_words_many(b->body, b->len, b->n, b->set);
}

/* The steps of scan_bodies after the words, item by item in row order:
** pass 1 counts the terms (a twin as its first) and keeps the sets in
** `c`, pass 2 keeps the rare terms. */
static nl_status batch_apply(pd_all *a, nl_story_scan *sc, int pass,
                             pd_words *c, pd_batch *b) {
  size_t i;
  for (i = 0; i < b->n; i++) {
    const pd_item *it = &b->it[i];
    const uint64_t *ws = b->set[i].w;
    size_t nw = b->set[i].n;
    if (it->known) { /* computed at ingest */
      ws = a->known->w + a->known->off[it->kn];
      nw = a->known->off[it->kn + 1] - a->known->off[it->kn];
    }
    if (pass == 1) {
      uint32_t *r = &a->rep[it->g];
      if (nl_story_twins_add(a->tw, nl_story_twin_key(nw, it->hash),
                             (uint32_t)it->g, r) != NL_OK)
        return NL_ENOMEM;
      if (*r != it->g) nw = 0; /* a twin: counted as its first */
      nl_story_scan_count(sc, ws, nw);
      /* pass 2 takes a known set from a->known: not copied */
      words_keep(c, sc, it->known ? NULL : ws, it->known ? 0 : nw);
    } else if (nl_story_scan_add(sc, ws, a->rep[it->g] == it->g ? nw : 0) !=
               NL_OK) {
      return NL_ENOMEM;
    }
  }
  b->n = b->used = 0;
  return NL_OK;
}

/* The batch's words, then its steps. */
static nl_status batch_flush(pd_all *a, nl_story_scan *sc, int pass,
                             pd_words *c, pd_batch *b, nl_error *err) {
  if (b->n && (batch_words(b) != NL_OK || batch_apply(a, sc, pass, c, b) !=
                                              NL_OK))
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  return NL_OK;
}

static void batch_free(pd_batch *b) {
  if (!b) return;
  nl_story_sets_free(b->set, PD_BATCH_ROWS);
  nl_free(b->buf);
  nl_free(b);
}

/* One streamed pass over every body: pass 1 notes the articles (note_row),
** counts and keeps the word sets in `c` while they fit, pass 2 keeps the
** rare terms (nl_story_scan); pass 0 only notes the articles (their
** stories come from a prelink).  Passes 1 and 2 read rows into a batch
** whose bodies are split together, on two threads (pd_batch); its steps
** then run in row order. */
static nl_status scan_bodies(pd_all *a, nl_story_scan *sc, int pass,
                             pd_words *c, nl_error *err) {
  sqlite3_stmt *st = NULL;
  pd_batch *b = NULL;
  size_t g = 0, kn = 0;
  int rc;
  nl_status s = NL_OK;
  if (pass > 0 && !(b = nl_calloc(1, sizeof *b)))
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  rc = sqlite3_prepare_v2(nl_db_sqlite(a->db),
                          pass == 0 && a->print ? nl_sql_pubdate_prints
                                                : nl_sql_pubdate_bodies,
                          -1, &st, NULL);
  if (rc != SQLITE_OK) {
    batch_free(b);
    return nl_db_fail(a->db, rc, "pubdate: read", err);
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    pd_item *it;
    sqlite3_int64 id = sqlite3_column_int64(st, 0);
    while (a->known && kn < a->known->n && a->known->rowid[kn] < id) kn++;
    if (pass <= 1 && (s = note_row(a, st, id, err)) != NL_OK) break;
    if (g >= a->n || id != a->rowid[g]) {
      s = nl_error_set(err, NL_EDB, "pubdate: articles changed while read");
      break;
    }
    if (pass == 0 && a->print && !same_print(a, st, g)) a->print = NULL;
    g++;
    if (pass == 0) continue;
    it = &b->it[b->n];
    it->g = g - 1;
    it->kn = kn;
    it->known = a->known && kn < a->known->n && a->known->rowid[kn] == id;
    it->hash = pass == 1 ? body_hash(it->known ? a->known : NULL, kn, st) : 0;
    if (it->known) {
      b->len[b->n] = 0;
      b->body[b->n] = NULL;
    } else if (!batch_copy(b, b->n, st)) {
      s = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
      break;
    }
    if (++b->n == PD_BATCH_ROWS || b->used >= PD_BATCH_BYTES)
      if ((s = batch_flush(a, sc, pass, c, b, err)) != NL_OK) break;
  }
  if (s == NL_OK && b) s = batch_flush(a, sc, pass, c, b, err);
  sqlite3_finalize(st);
  batch_free(b);
  if (s != NL_OK) return s;
  if (rc != SQLITE_DONE) return nl_db_fail(a->db, rc, "pubdate: read", err);
  if (g != a->n)
    return nl_error_set(err, NL_EDB, "pubdate: articles changed while read");
  return NL_OK;
}

/* The prelink of the known sets when it may serve this reconciliation: a
** first one (every article work), the sets complete; NULL if not. */
static const nl_pd_prelink *prelink_of(const pd_all *a) {
  const nl_pd_words *k = a->known;
  size_t n = 0;
  if (!a->full || !k || !k->link || k->full) return NULL;
  nl_pd_prelink_rep(k->link, &n);
  return n == k->n ? k->link : NULL;
}

/* Does the store hold exactly the prelink's articles (the known sets', in
** rowid order), as noted by pass 0? */
static int prelink_fits(const pd_all *a, const nl_pd_prelink *p) {
  size_t g, n;
  nl_pd_prelink_rep(p, &n);
  if (a->n != n || a->nwork != a->n) return 0;
  for (g = 0; g < a->n; g++)
    if (a->rowid[g] != a->known->rowid[g]) return 0;
  return 1;
}

/* Work articles joined by the story links (link_twins): `joined`
** representatives and their twins, which get their lists. */
static void join_work(pd_all *a, const char *joined, char *want) {
  size_t g;
  for (g = 0; g < a->n; g++)
    if (!want[g] && joined[a->rep[g]]) {
      want[g] = 1;
      a->fl[g] |= PD_F_WORK;
      a->nwork++;
    }
}

/*
** The neighbours of the work articles (a->off, a->nb) from the scanned
** stories: twins of a work article ask for their first twin's list, which
** nl_story_twin_links then hands to every twin (see nl_story.h).
** Unless every article is work, the dated articles linked to an article
** of a changed file become work too (nl_story_scan_link_grow): a report
** that joins a story may change the decisions of the story's dated
** articles (a header date the story now contradicts, as one clean ingest
** of the whole story decides), not only its own.
*/
static nl_status link_twins(pd_all *a, nl_story_scan *sc, nl_error *err) {
  size_t nd = a->n + a->ngone; /* the removed articles' sets come last */
  char *want = nl_malloc(a->n ? a->n : 1);
  char *ask = nl_calloc(nd ? nd : 1, 1);
  char *dated = nl_malloc(a->n ? a->n : 1);
  char *grow = a->full ? NULL : nl_calloc(nd ? nd : 1, 1);
  char *from = a->full ? NULL : nl_calloc(nd ? nd : 1, 1);
  char *joined = a->full ? NULL : nl_malloc(nd ? nd : 1);
  size_t g;
  nl_status st = NL_ENOMEM;
  if (want && ask && dated && (a->full || (grow && from && joined))) {
    for (g = 0; g < a->n; g++) {
      want[g] = (a->fl[g] & PD_F_WORK) != 0;
      dated[g] = (a->fl[g] & PD_F_DATED) != 0;
      if (want[g]) ask[g] = ask[a->rep[g]] = 1;
    }
    if (grow) { /* from the changed and the removed articles to the dated
                ** ones (twins have no terms of their own: their
                ** representatives link) */
      for (g = 0; g < a->n; g++) {
        grow[g] = dated[g] && a->rep[g] == g;
        if (has_i64(a->chg, a->nchg, a->rowid[g])) from[a->rep[g]] = 1;
      }
      for (g = a->n; g < nd; g++)
        from[g] = 1;
    }
    st = grow ? nl_story_scan_link_grow(sc, ask, from, grow, joined, a->n,
                                        &a->off, &a->nb, err)
              : nl_story_scan_link(sc, ask, &a->off, &a->nb, err);
    if (st == NL_OK && grow) join_work(a, joined, want);
    if (st == NL_OK &&
        nl_story_twin_links(a->rep, a->n, want, dated, &a->off, &a->nb) !=
            NL_OK)
      st = NL_ENOMEM;
  }
  if (st == NL_ENOMEM) nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  nl_free(want);
  nl_free(ask);
  nl_free(dated);
  nl_free(grow);
  nl_free(from);
  nl_free(joined);
  return st;
}

/* With a prelink that fits (prelink_of, prelink_fits): note every article
** (pass 0, checking the fingerprints of the decisions made ahead, if any:
** a->print stays set when every row has its own) and take its twins and
** links (*taken = 1); else *taken = 0 and the notes are undone. */
static nl_status link_pre(pd_all *a, int *taken, nl_error *err) {
  const nl_pd_prelink *p = prelink_of(a);
  nl_status st;
  *taken = 0;
  if (!p) return NL_OK;
  a->print = nl_pd_pre_prints(a->known->pre, &a->nprint);
  st = scan_bodies(a, NULL, 0, NULL, err);
  if (st != NL_OK) return st;
  if (!prelink_fits(a, p)) {
    a->n = a->nwork = 0;
    a->print = NULL;
    return NL_OK;
  }
  if (a->print && a->nprint != a->n) a->print = NULL;
  *taken = 1;
  if (a->print) return NL_OK; /* decided ahead: no links needed */
  st = nl_pd_prelink_links(p, a->fl, &a->off, &a->nb);
  if (st != NL_OK) nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  return st;
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
  last_kept = last_prunes = 0;
  st = scan_bodies(a, sc, 1, &c, err);
  nl_story_twins_free(a->tw);
  a->tw = NULL;
  if (a->full) a->ngone = 0; /* every article decided anyway */
  if (st == NL_OK && (a->nwork || a->ngone) && c.on &&
      c.noff == a->n + 1) {
    const nl_pd_words *k = a->known;
    size_t kn = 0;
    last_kept = c.n;
    for (g = 0; st == NL_OK && g < a->n; g++) { /* pass 2 from kept sets */
      int twin = a->rep[g] != g;
      nl_status s2;
      while (k && kn < k->n && k->rowid[kn] < a->rowid[g]) kn++;
      if (k && kn < k->n && k->rowid[kn] == a->rowid[g]) /* known: */
        s2 = nl_story_scan_add(sc, k->w + k->off[kn], /* not copied */
                               twin ? 0 : k->off[kn + 1] - k->off[kn]);
      else
        s2 = nl_story_scan_add_slots(sc, c.w + c.off[g],
                                     twin ? 0 : c.off[g + 1] - c.off[g]);
      if (s2 != NL_OK)
        st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    }
  } else if (st == NL_OK && (a->nwork || a->ngone)) {
    st = scan_bodies(a, sc, 2, NULL, err);
  }
  words_drop(&c);
  for (g = 0; st == NL_OK && g < a->ngone; g++) { /* the removed, last */
    const nl_pd_words *k = a->known;
    if (nl_story_scan_add(sc, k->gw + k->goff[g], k->goff[g + 1] -
                                                      k->goff[g]) != NL_OK)
      st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  }
  if (st == NL_OK && (a->nwork || a->ngone)) st = link_twins(a, sc, err);
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
    r->evidence = col_dup(st, 5, &oom);
    r->warnings = col_dup(st, 6, &oom);
    r->kv = col_dup(st, 7, &oom);
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
  if (!full) st = changed_rowids(db, &chg, &nchg, err);
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
  if (st == NL_OK) st = link_all(&a, err);
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
