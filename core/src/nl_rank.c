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

/* The query's state, made on first use (as fts5Bm25GetData). */
static int topk_get(const Fts5ExtensionApi *api, Fts5Context *fts,
                    long long k, topk **out) {
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
  for (i = 0; rc == SQLITE_OK && i < t->nphrase; i++) {
    sqlite3_int64 nhit = 0;
    rc = api->xQueryPhrase(fts, i, &nhit, count_cb);
    if (rc == SQLITE_OK) {
      double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      t->idf[i] = idf;
    }
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

/* bm25's value for the frequencies in t->freq and a row of D tokens. */
static double bm25_value(const topk *t, double D) {
  const double k1 = 1.2, b = 0.75;
  double score = 0.0;
  int i;
  for (i = 0; i < t->nphrase; i++)
    score += t->idf[i] * ((t->freq[i] * (k1 + 1.0)) /
                          (t->freq[i] + k1 * (1 - b + b * D / t->avgdl)));
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
  int i, ntok = 0, rc = topk_get(api, fts, k, &t);
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

/* ---- nl_bm25top1: a query of one phrase, walked in one call ---------- */

/* The walk's state: the query's, the key filter, the k best so far as a
** max-heap by (value, rowid), the worst on top. */
typedef struct walk {
  topk *t;
  const nl_rank_keys *keys;
  nl_rank_hit *best;
  long long n;
} walk;

/* Is hit a worse than b (a higher value, or the same and a later row)? */
static int worse(const nl_rank_hit *a, const nl_rank_hit *b) {
  return a->value > b->value || (a->value == b->value && a->rowid > b->rowid);
}

/* Offer h to the k best (w->best, a max-heap of w->t->k). */
static void best_add(walk *w, nl_rank_hit h) {
  nl_rank_hit *v = w->best;
  long long i, c, n = w->n;
  if (n < w->t->k) {
    for (i = w->n++; i > 0 && worse(&h, &v[(i - 1) / 2]); i = (i - 1) / 2)
      v[i] = v[(i - 1) / 2];
    v[i] = h;
    return;
  }
  if (!worse(&v[0], &h)) return;
  for (i = 0; (c = 2 * i + 1) < n; i = c) {
    if (c + 1 < n && worse(&v[c + 1], &v[c])) c++;
    if (!worse(&v[c], &h)) break;
    v[i] = v[c];
  }
  v[i] = h;
}

static int has_key(const nl_rank_keys *k, sqlite3_int64 id) {
  size_t lo = 0, hi = k->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (k->v[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < k->n && k->v[lo] == id;
}

/* xQueryPhrase callback: score one match of the phrase, as bm25topk does
** (a row whose best possible value is worse than the k-th is skipped
** without its size). */
static int walk_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *u) {
  walk *w = u;
  topk *t = w->t;
  nl_rank_hit h;
  Fts5PhraseIter it;
  int i, ic, io, ntok = 0, rc;
  long long dmin = 0;
  h.rowid = api->xRowid(fts);
  if (w->keys && !has_key(w->keys, h.rowid)) return SQLITE_OK;
  t->freq[0] = 0.0;
  memset(t->colmin, 0, sizeof(int) * (size_t)t->ncol);
  rc = api->xPhraseFirst(fts, 0, &it, &ic, &io);
  for (; rc == SQLITE_OK && ic >= 0; api->xPhraseNext(fts, &it, &ic, &io)) {
    t->freq[0] += 1.0;
    if (ic < t->ncol && io >= t->colmin[ic]) t->colmin[ic] = io + 1;
  }
  if (rc != SQLITE_OK) return rc;
  for (i = 0; i < t->ncol; i++)
    dmin += t->colmin[i];
  if (w->n == t->k && bm25_value(t, (double)dmin) > w->best[0].value) {
    t->pruned++;
    return SQLITE_OK;
  }
  rc = api->xColumnSize(fts, -1, &ntok);
  if (rc != SQLITE_OK) return rc;
  h.value = bm25_value(t, (double)ntok);
  t->scored++;
  best_add(w, h);
  return SQLITE_OK;
}

static int cmp_hit(const void *a, const void *b) {
  const nl_rank_hit *x = a, *y = b;
  return worse(x, y) - worse(y, x);
}

/* nl_bm25top1(fts, k, keys): see nl_fts5.h. */
static void bm25top1(const Fts5ExtensionApi *api, Fts5Context *fts,
                     sqlite3_context *ctx, int nval, sqlite3_value **val) {
  long long k = nval > 0 ? sqlite3_value_int64(val[0]) : 0;
  walk w;
  int rc;
  if (api->xPhraseCount(fts) != 1 || k < 1 || k > TOPK_MAX) {
    sqlite3_result_null(ctx);
    return;
  }
  memset(&w, 0, sizeof w);
  w.keys = nval > 1 ? sqlite3_value_pointer(val[1], NL_RANK_KEYS_TYPE) : NULL;
  rc = topk_get(api, fts, k, &w.t);
  if (rc == SQLITE_OK && !(w.best = nl_malloc((size_t)k * sizeof *w.best)))
    rc = SQLITE_NOMEM;
  if (rc == SQLITE_OK) rc = api->xQueryPhrase(fts, 0, &w, walk_row);
  if (rc != SQLITE_OK) {
    nl_free(w.best);
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  qsort(w.best, (size_t)w.n, sizeof *w.best, cmp_hit);
  sqlite3_result_blob(ctx, w.best, (int)(w.n * (long long)sizeof *w.best),
                      SQLITE_TRANSIENT);
  nl_free(w.best);
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
