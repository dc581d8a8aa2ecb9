/*
** nl_rank.c -- the FTS5 auxiliary function nl_bm25topk(fts, k): FTS5's
** bm25 with upper-bound pruning for a top-k window.
**
** The score is FTS5's bm25 (SQLite 3.40 fts5_aux.c, fts5Bm25Function)
** with every column weight 1.0, computed by the same expressions in the
** same order, so a scored row's value is bm25's bit for bit:
**
**   idf_i  = log((N - nHit_i + 0.5) / (nHit_i + 0.5)), 1e-6 if <= 0
**   score  = -sum_i idf_i * (f_i * (k1 + 1)) /
**                           (f_i + k1 * (1 - b + b * D / avgdl))
**
** (k1 = 1.2, b = 0.75, f_i the hits of phrase i in the row, D the row's
** tokens, avgdl the table's mean).  The per-query auxdata also keeps a
** max-heap of the k lowest (best) values scored so far.  A row's best
** possible value is its value at the fewest tokens it can have: a hit at
** token offset o of column c means column c has more than o tokens, so
** D >= Dmin = sum over the columns with hits of (largest offset + 1).
** Every operation above is monotone in D under IEEE rounding, so the
** value computed with Dmin is <= the value at the real D.
**
** Once the heap holds k values and that bound is strictly greater than
** the heap's largest, the row cannot be among the k best by (value,
** rowid) -- k rows already have lower values -- and the function returns
** NL_RANK_PRUNED without reading the row's size (xColumnSize: the
** docsize b-tree, most of bm25's cost).  A bound equal to the k-th value
** is scored: it could tie and win on rowid.  So "ORDER BY
** nl_bm25topk(fts, k), rowid LIMIT k" returns exactly the rows and values
** of "ORDER BY bm25(fts), rowid LIMIT k", provided the function sees only
** rows the statement keeps (filters in WHERE) and k is the LIMIT (plus
** OFFSET).  A second call on the same row (SQLite may evaluate the
** expression twice) returns the first value again.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_fts5.h"

#define TOPK_MAX 100000 /* larger k: plain bm25, no heap */

/* One query's state (FTS5 auxdata). */
typedef struct topk {
  int nphrase;
  double avgdl;
  double *idf, *freq; /* nphrase each */
  int ncol;
  int *colmin;        /* ncol: tokens column c has at least, this row */
  double *heap;       /* max-heap of the k best values so far */
  long long k, n;
  sqlite3_int64 nrow;    /* rows in the table */
  sqlite3_int64 last_id; /* the row last returned, and its value */
  double last_val;
  int has_last;
  long long scored, pruned; /* for tests */
} topk;

static _Thread_local long long t_scored, t_pruned;

static void topk_free(void *v) {
  topk *t = v;
  if (!t) return;
  t_scored += t->scored;
  t_pruned += t->pruned;
  nl_free(t->idf);
  nl_free(t->heap);
  nl_free(t->colmin);
  nl_free(t);
}

/* xQueryPhrase callback: one more row matches the phrase. */
static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *u) {
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)u)++;
  return SQLITE_OK;
}

/* bm25's IDF of a phrase that nhit of the table's nrow rows match. */
static double idf_of(sqlite3_int64 nrow, sqlite3_int64 nhit) {
  double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
  return idf <= 0.0 ? 1e-6 : idf;
}

/* The query's state, made on first use (as fts5Bm25GetData); with
** `count`, the phrases' IDF by a pass over each one's matches, else 0 (the
** caller's to set). */
static int topk_get(const Fts5ExtensionApi *api, Fts5Context *fts,
                    long long k, int count, topk **out) {
  topk *t = api->xGetAuxdata(fts, 0);
  sqlite3_int64 nrow = 0, ntoken = 0;
  int i, rc = SQLITE_OK;
  if (t) {
    *out = t;
    return SQLITE_OK;
  }
  t = nl_calloc(1, sizeof *t);
  if (!t) return SQLITE_NOMEM;
  t->nphrase = api->xPhraseCount(fts);
  t->ncol = api->xColumnCount(fts);
  t->colmin = nl_calloc((size_t)t->ncol + 1, sizeof *t->colmin);
  t->idf = nl_calloc((size_t)t->nphrase * 2 + 1, sizeof *t->idf);
  t->k = k > 0 && k <= TOPK_MAX ? k : 0;
  if (t->k) t->heap = nl_malloc((size_t)t->k * sizeof *t->heap);
  if (!t->idf || !t->colmin || (t->k && !t->heap)) rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) {
    t->freq = t->idf + t->nphrase;
    rc = api->xRowCount(fts, &nrow);
  }
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &ntoken);
  if (rc == SQLITE_OK) t->avgdl = (double)ntoken / (double)nrow;
  t->nrow = nrow;
  for (i = 0; count && rc == SQLITE_OK && i < t->nphrase; i++) {
    sqlite3_int64 nhit = 0;
    rc = api->xQueryPhrase(fts, i, &nhit, count_cb);
    if (rc == SQLITE_OK) t->idf[i] = idf_of(nrow, nhit);
  }
  if (rc == SQLITE_OK) {
    rc = api->xSetAuxdata(fts, t, topk_free); /* frees t on failure */
    t = rc == SQLITE_OK ? t : NULL;
  } else {
    topk_free(t);
    t = NULL;
  }
  *out = t;
  return rc;
}

/* A phrase's share of bm25's score before its IDF: f hits in a row of D
** tokens. */
static double tf_part(const topk *t, double f, double D) {
  const double k1 = 1.2, b = 0.75;
  return (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * D / t->avgdl));
}

/* bm25's value for the frequencies in t->freq and a row of D tokens. */
static double bm25_value(const topk *t, double D) {
  double score = 0.0;
  int i;
  for (i = 0; i < t->nphrase; i++)
    score += t->idf[i] * tf_part(t, t->freq[i], D);
  return -1.0 * score;
}

/* Add v to the heap of the k lowest values. */
static void heap_add(topk *t, double v) {
  double *h = t->heap;
  long long i, c;
  if (t->n < t->k) {
    for (i = t->n++; i > 0 && h[(i - 1) / 2] < v; i = (i - 1) / 2)
      h[i] = h[(i - 1) / 2];
    h[i] = v;
    return;
  }
  if (!(v < h[0])) return;
  for (i = 0; (c = 2 * i + 1) < t->n; i = c) {
    if (c + 1 < t->n && h[c + 1] > h[c]) c++;
    if (!(h[c] > v)) break;
    h[i] = h[c];
  }
  h[i] = v;
}

/* nl_bm25topk(fts, k): see the top of this file. */
static void bm25topk(const Fts5ExtensionApi *api, Fts5Context *fts,
                     sqlite3_context *ctx, int nval, sqlite3_value **val) {
  topk *t = NULL;
  long long k = nval > 0 ? sqlite3_value_int64(val[0]) : 0;
  sqlite3_int64 id = api->xRowid(fts);
  int i, ntok = 0, rc = topk_get(api, fts, k, 1, &t);
  long long dmin = 0;
  double v;
  if (rc == SQLITE_OK && t->has_last && t->last_id == id) {
    sqlite3_result_double(ctx, t->last_val);
    return;
  }
  if (rc == SQLITE_OK) {
    memset(t->freq, 0, sizeof(double) * (size_t)t->nphrase);
    memset(t->colmin, 0, sizeof(int) * (size_t)t->ncol);
  }
  for (i = 0; rc == SQLITE_OK && i < t->nphrase; i++) {
    Fts5PhraseIter it;
    int ic, io;
    rc = api->xPhraseFirst(fts, i, &it, &ic, &io);
    for (; rc == SQLITE_OK && ic >= 0; api->xPhraseNext(fts, &it, &ic, &io)) {
      t->freq[i] += 1.0;
      if (ic < t->ncol && io >= t->colmin[ic]) t->colmin[ic] = io + 1;
    }
  }
  if (rc != SQLITE_OK) { /* t may be NULL (topk_get out of memory) */
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  for (i = 0; i < t->ncol; i++)
    dmin += t->colmin[i];
  if (t->k && t->n == t->k && bm25_value(t, (double)dmin) > t->heap[0]) {
    v = NL_RANK_PRUNED;
    t->pruned++;
  } else {
    rc = api->xColumnSize(fts, -1, &ntok);
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    v = bm25_value(t, (double)ntok);
    t->scored++;
    if (t->k) heap_add(t, v);
  }
  t->last_id = id;
  t->last_val = v;
  t->has_last = 1;
  sqlite3_result_double(ctx, v);
}

/* ---- nl_bm25top1: a query of one phrase, walked in one call ----------
**
** One pass over the phrase's matches both counts them (its IDF) and keeps
** the k best.  Until the count is known the rows are compared by their
** share before the IDF (tf_part, x): bm25's value is -(idf * x) with idf
** > 0, and multiplying by a positive number never reverses an order under
** IEEE rounding, but may make two close values equal, when the row order
** decides.  So the walk keeps the k best by (x, row) and, beside them,
** every row whose x is within a factor 1 + NEAR_EPS of the k-th's (those
** alone can tie it once multiplied); any other row is strictly worse than
** k kept ones (x * (1 + 1e-9) < x_k leaves a gap no rounding closes).  At
** the end each kept row gets bm25's exact value and they are sorted by
** (value, row).  A row whose best possible x (at its fewest tokens, as
** nl_bm25topk) is below that band is skipped without its size.
*/
#define NEAR_EPS 1e-9

typedef struct cand {
  sqlite3_int64 rowid;
  double f, D, x; /* hits, tokens, tf_part */
} cand;

typedef struct walk {
  topk *t;
  const nl_rank_keys *keys;
  cand *best;           /* max-heap of k, the worst on top */
  long long k, n;
  cand *near;           /* rows out of `best` within the band */
  size_t nnear, capnear;
  sqlite3_int64 nhit;   /* the phrase's matches */
} walk;

/* Is a worse than b by (x, row): a lower x, or the same and a later row? */
static int worse(const cand *a, const cand *b) {
  return a->x < b->x || (a->x == b->x && a->rowid > b->rowid);
}

/* Could a row of share x still tie the k-th once multiplied by the IDF? */
static int in_band(const walk *w, double x) {
  return w->n < w->k || x * (1.0 + NEAR_EPS) >= w->best[0].x;
}

/* Keep c beside the k best if it is in the band (SQLITE_NOMEM if it
** cannot be kept). */
static int keep_near(walk *w, const cand *c) {
  if (!in_band(w, c->x)) return SQLITE_OK;
  if (w->nnear == w->capnear) {
    size_t cap = w->capnear ? 2 * w->capnear : 64;
    cand *v = nl_realloc(w->near, cap * sizeof *v);
    if (!v) return SQLITE_NOMEM;
    w->near = v;
    w->capnear = cap;
  }
  w->near[w->nnear++] = *c;
  return SQLITE_OK;
}

/* Offer c to the k best; what drops out may stay in the band. */
static int best_add(walk *w, cand c) {
  cand *v = w->best, out;
  long long i, ch, n = w->n;
  if (n < w->k) {
    for (i = w->n++; i > 0 && worse(&c, &v[(i - 1) / 2]); i = (i - 1) / 2)
      v[i] = v[(i - 1) / 2];
    v[i] = c;
    return SQLITE_OK;
  }
  if (!worse(&v[0], &c)) return keep_near(w, &c);
  out = v[0];
  for (i = 0; (ch = 2 * i + 1) < n; i = ch) {
    if (ch + 1 < n && worse(&v[ch + 1], &v[ch])) ch++;
    if (!worse(&v[ch], &c)) break;
    v[i] = v[ch];
  }
  v[i] = c;
  return keep_near(w, &out);
}

/* nl_rank_keys_has: see nl_fts5.h. */
int nl_rank_keys_has(const nl_rank_keys *k, sqlite3_int64 id) {
  size_t lo = 0, hi = k->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (k->v[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < k->n && k->v[lo] == id;
}

/* xQueryPhrase callback: count one match of the phrase and weigh it. */
static int walk_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *u) {
  walk *w = u;
  topk *t = w->t;
  cand c;
  Fts5PhraseIter it;
  int i, ic, io, ntok = 0, rc;
  long long dmin = 0;
  w->nhit++;
  c.rowid = api->xRowid(fts);
  if (w->keys && !nl_rank_keys_has(w->keys, c.rowid)) return SQLITE_OK;
  c.f = 0.0;
  memset(t->colmin, 0, sizeof(int) * (size_t)t->ncol);
  rc = api->xPhraseFirst(fts, 0, &it, &ic, &io);
  for (; rc == SQLITE_OK && ic >= 0; api->xPhraseNext(fts, &it, &ic, &io)) {
    c.f += 1.0;
    if (ic < t->ncol && io >= t->colmin[ic]) t->colmin[ic] = io + 1;
  }
  if (rc != SQLITE_OK) return rc;
  for (i = 0; i < t->ncol; i++)
    dmin += t->colmin[i];
  if (!in_band(w, tf_part(t, c.f, (double)dmin))) {
    t->pruned++;
    return SQLITE_OK;
  }
  rc = api->xColumnSize(fts, -1, &ntok);
  if (rc != SQLITE_OK) return rc;
  c.D = (double)ntok;
  c.x = tf_part(t, c.f, c.D);
  t->scored++;
  return best_add(w, c);
}

/* By bm25's value (in x, once the IDF is known), then row. */
static int cmp_value(const void *a, const void *b) {
  const cand *p = a, *q = b;
  if (p->x != q->x) return p->x < q->x ? -1 : 1;
  return (p->rowid > q->rowid) - (p->rowid < q->rowid);
}

/* The k best of the walk by bm25's value, as nl_rank_hit (an nl_malloc'd
** array of *n) or NULL out of memory. */
static nl_rank_hit *walk_result(walk *w, long long *n) {
  topk *t = w->t;
  size_t i, m = 0, total = (size_t)w->n + w->nnear;
  cand *all = nl_malloc((total ? total : 1) * sizeof *all);
  nl_rank_hit *out;
  if (!all) return NULL;
  t->idf[0] = idf_of(t->nrow, w->nhit);
  for (i = 0; i < total; i++) {
    cand c = i < (size_t)w->n ? w->best[i] : w->near[i - (size_t)w->n];
    if (i >= (size_t)w->n && !in_band(w, c.x)) continue;
    t->freq[0] = c.f;
    c.x = bm25_value(t, c.D); /* from here on, the value */
    all[m++] = c;
  }
  qsort(all, m, sizeof *all, cmp_value);
  if ((long long)m > w->k) m = (size_t)w->k;
  out = nl_malloc((m ? m : 1) * sizeof *out);
  for (i = 0; out && i < m; i++) {
    out[i].rowid = all[i].rowid;
    out[i].value = all[i].x;
  }
  nl_free(all);
  *n = (long long)m;
  return out;
}

/* nl_bm25top1(fts, k, keys): see nl_fts5.h. */
static void bm25top1(const Fts5ExtensionApi *api, Fts5Context *fts,
                     sqlite3_context *ctx, int nval, sqlite3_value **val) {
  long long k = nval > 0 ? sqlite3_value_int64(val[0]) : 0, n = 0;
  nl_rank_hit *hits = NULL;
  walk w;
  int rc;
  if (api->xPhraseCount(fts) != 1 || k < 1 || k > TOPK_MAX) {
    sqlite3_result_null(ctx);
    return;
  }
  memset(&w, 0, sizeof w);
  w.keys = nval > 1 ? sqlite3_value_pointer(val[1], NL_RANK_KEYS_TYPE) : NULL;
  w.k = k;
  rc = topk_get(api, fts, 0, 0, &w.t); /* (no heap there: ours is w.best) */
  if (rc == SQLITE_OK && !(w.best = nl_malloc((size_t)k * sizeof *w.best)))
    rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) rc = api->xQueryPhrase(fts, 0, &w, walk_row);
  if (rc == SQLITE_OK && !(hits = walk_result(&w, &n))) rc = SQLITE_NOMEM;
  nl_free(w.best);
  nl_free(w.near);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_blob(ctx, hits, (int)(n * (long long)sizeof *hits),
                      SQLITE_TRANSIENT);
  nl_free(hits);
}

/* nl_rank_register: see nl_fts5.h. */
int nl_rank_register(fts5_api *api) {
  int rc = api->xCreateFunction(api, "nl_bm25topk", NULL, bm25topk, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction(api, "nl_bm25top1", NULL, bm25top1, NULL);
  return rc;
}

/* nl_rank_counts: see nl_fts5.h. */
void nl_rank_counts(long long *scored, long long *pruned) {
  if (scored) *scored = t_scored;
  if (pruned) *pruned = t_pruned;
}
