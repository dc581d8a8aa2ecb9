/*
** nl_pubdate_link.c -- the stories of a reconciliation against the store
** (nl_pubdate_db.h): every article noted (its flags, whether it is work),
** and the work articles linked to their stories by two streamed passes
** over the bodies (nl_story_scan: a fixed document-frequency sketch, then
** only the rare terms), so only a few bytes per article stay in memory.
** The second pass takes the terms that may be rare from the first
** (pd_words, 8 MiB) and reads the bodies again only past that; the bodies
** are split into words in batches, on two threads (pd_batch).  A first
** reconciliation after an ingest takes the ingest's prelink instead when
** the store holds exactly the rows it loaded.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_pubdate_db.h"
#include "nl_pubdate_internal.h"

/* The docs' terms kept from pass 1 so pass 2 need not read and split
** every body again (half the reconciliation of Reuters-21578): the sketch
** slots of those that may still be rare (nl_story_scan_slots), 4 bytes
** each; common terms -- most of a doc's -- are left out as they are met,
** and pruned from the docs kept before once the cache is full.  Past the
** budget after that the second pass reads and splits the bodies again.
** The synthetic 1M-article store keeps 1.8M slots (7.2 MB), 100k 1.1M. */
#define PD_WORD_CACHE ((8u << 20) / sizeof(uint32_t))
static size_t word_cache_max = PD_WORD_CACHE;
/* What the last reconciliation of this thread kept from its first pass
** (nl_pubdate_cache_stats). */
static _Thread_local size_t last_kept, last_prunes;

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

static int cmp_i64(const void *a, const void *b) {
  sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
  return x < y ? -1 : x > y;
}

static int has_i64(const sqlite3_int64 *v, size_t n, sqlite3_int64 x) {
  return n && bsearch(&x, v, n, sizeof *v, cmp_i64) != NULL;
}

/* See nl_pubdate_db.h. */
nl_status nl_pd_changed_rowids(nl_db *db, sqlite3_int64 **out, size_t *n,
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
  int dated =
      meta ? nl_pd_date_ok(meta)
           : nl_pd_source_of(src) == NL_PUB_METADATA && nl_pd_date_ok(pub);
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
  size_t *off; /* a->n + 1 entries once complete */
  size_t noff, offcap;
  int on; /* still complete: pass 2 can use it */
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
static void words_keep(pd_words *c, const nl_story_scan *sc, const uint64_t *w,
                       size_t nw) {
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
    while (nc < c->n + nw)
      nc *= 2;
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
#define PD_BATCH_ROWS 1024
#define PD_BATCH_BYTES (2u << 20)

/* A row of the batch: what its step of scan_bodies needs once its words
** are known. */
typedef struct pd_item {
  size_t g;      /* its index in a->rowid */
  size_t kn;     /* its set in a->known when `known` */
  int known;     /* its set was computed at ingest */
  uint64_t hash; /* pass 1: its body hash (body_hash) */
} pd_item;

/* The rows read since the last words: the bodies of those without a known
** set are copied (a column's text lasts only until the next step), then
** split together, on two threads (nl_story_words_many). */
typedef struct pd_batch {
  pd_item it[PD_BATCH_ROWS];
  size_t n;
  char *buf; /* body copies, back to back */
  size_t used, cap;
  size_t off[PD_BATCH_ROWS]; /* item i's copy: buf + off[i] */
  size_t len[PD_BATCH_ROWS]; /* its length, 0 for no body */
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
    while (nc < b->used + n + 1)
      nc *= 2;
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
  if (b->n &&
      (batch_words(b) != NL_OK || batch_apply(a, sc, pass, c, b) != NL_OK))
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
    while (a->known && kn < a->known->n && a->known->rowid[kn] < id)
      kn++;
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
                                        &a->off, &a->nb, &a->str, err)
              : nl_story_scan_link(sc, ask, &a->off, &a->nb, &a->str, err);
    if (st == NL_OK && grow) join_work(a, joined, want);
    if (st == NL_OK && nl_story_twin_links(a->rep, a->n, want, dated, &a->off,
                                           &a->nb, &a->str) != NL_OK)
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
  st = nl_pd_prelink_links(p, a->fl, &a->off, &a->nb, &a->str);
  if (st != NL_OK) nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  return st;
}

/* See nl_pubdate_db.h: every article noted (pass 1) and the work
** articles linked to their stories. */
nl_status nl_pd_link_all(pd_all *a, nl_error *err) {
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
  if (st == NL_OK && (a->nwork || a->ngone) && c.on && c.noff == a->n + 1) {
    const nl_pd_words *k = a->known;
    size_t kn = 0;
    last_kept = c.n;
    for (g = 0; st == NL_OK && g < a->n; g++) { /* pass 2 from kept sets */
      int twin = a->rep[g] != g;
      nl_status s2;
      while (k && kn < k->n && k->rowid[kn] < a->rowid[g])
        kn++;
      if (k && kn < k->n && k->rowid[kn] == a->rowid[g]) /* known: */
        s2 = nl_story_scan_add(sc, k->w + k->off[kn],    /* not copied */
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
    if (nl_story_scan_add(sc, k->gw + k->goff[g],
                          k->goff[g + 1] - k->goff[g]) != NL_OK)
      st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  }
  if (st == NL_OK && (a->nwork || a->ngone)) st = link_twins(a, sc, err);
  nl_story_scan_free(sc);
  return st;
}
