/*
** nl_pubdate_words.c -- what an ingest keeps of its articles for the
** publication-date reconciliation that follows it (see nl_pubdate.h):
** their story word sets and the DATE expressions of their bodies as the
** ingest tagged them, by rowid, within memory budgets.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_pubdate.h"

/* Dates kept at most (32 MiB of nl_timex); the reconciliation tags the
** bodies of the articles past it again. */
#define PD_DATES_KEPT ((32u << 20) / sizeof(nl_timex))

/* See nl_pubdate.h. */
void nl_pd_words_add_gone(nl_pd_words *k, const uint64_t *w, size_t nw,
                          size_t max_words) {
  if (k->gfull) return;
  if (k->ngw + nw > max_words) goto full;
  if (k->ng + 2 > k->goffcap) {
    size_t nc = k->goffcap ? 2 * k->goffcap : 256;
    size_t *o = nl_realloc(k->goff, nc * sizeof *o);
    if (!o) goto full;
    k->goff = o;
    k->goffcap = nc;
  }
  if (k->ngw + nw > k->gwcap) {
    size_t nc = k->gwcap ? 2 * k->gwcap : 4096;
    uint64_t *p;
    while (nc < k->ngw + nw) nc *= 2;
    if (!(p = nl_realloc(k->gw, nc * sizeof *p))) goto full;
    k->gw = p;
    k->gwcap = nc;
  }
  if (k->ng == 0) k->goff[0] = 0;
  if (nw) memcpy(k->gw + k->ngw, w, nw * sizeof *w);
  k->ngw += nw;
  k->goff[++k->ng] = k->ngw;
  return;
full:
  k->gfull = 1;
  nl_free(k->gw);
  nl_free(k->goff);
  k->gw = NULL;
  k->goff = NULL;
  k->ng = k->ngw = k->gwcap = k->goffcap = 0;
}

/* See nl_pubdate.h. */
void nl_pd_words_add(nl_pd_words *k, long long rowid, const uint64_t *w,
                     size_t nw, size_t max_words) {
  /* rolled back (its rowid reused): drop what was kept for it, also once
  ** full, or it would pass for the new article's */
  while (k->n && k->rowid[k->n - 1] >= rowid) {
    k->n--;
    k->nw = k->off[k->n];
  }
  if (k->full) return;
  if (k->nw + nw > max_words) {
    k->full = 1;
    return;
  }
  if (k->n + 2 > k->offcap || k->n + 1 > k->cap) {
    size_t nc = k->cap ? 2 * k->cap : 1024;
    long long *r = nl_realloc(k->rowid, nc * sizeof *r);
    uint64_t *h = r ? nl_realloc(k->hash, nc * sizeof *h) : NULL;
    size_t *o = h ? nl_realloc(k->off, (nc + 1) * sizeof *o) : NULL;
    if (r) k->rowid = r;
    if (h) k->hash = h;
    if (!o) {
      k->full = 1;
      return;
    }
    k->off = o;
    k->cap = nc;
    k->offcap = nc + 1;
  }
  if (k->nw + nw > k->wcap) {
    size_t nc = k->wcap ? 2 * k->wcap : 16384;
    uint64_t *p;
    while (nc < k->nw + nw) nc *= 2;
    if (!(p = nl_realloc(k->w, nc * sizeof *p))) {
      k->full = 1;
      return;
    }
    k->w = p;
    k->wcap = nc;
  }
  if (k->n == 0) k->off[0] = 0;
  if (nw) memcpy(k->w + k->nw, w, nw * sizeof *w);
  k->nw += nw;
  k->hash[k->n] = 0;
  k->rowid[k->n++] = rowid;
  k->off[k->n] = k->nw;
  /* articles kept without dates (rolled-back ones replaced) */
  if (k->xhave && k->n <= k->xn) k->xhave[k->n - 1] = 0;
}

/* Room in the per-article date arrays for k->n articles; 0 if none. */
static int dates_room(nl_pd_words *k) {
  size_t nc;
  size_t *b, *e;
  char(*d)[11];
  char *h;
  if (k->n <= k->xn) return 1;
  nc = k->cap;
  if (!(b = nl_realloc(k->xbeg, nc * sizeof *b))) return 0;
  k->xbeg = b;
  if (!(e = nl_realloc(k->xend, nc * sizeof *e))) return 0;
  k->xend = e;
  if (!(d = nl_realloc(k->xdct, nc * sizeof *d))) return 0;
  k->xdct = d;
  if (!(h = nl_realloc(k->xhave, nc))) return 0;
  k->xhave = h;
  memset(h + k->xn, 0, nc - k->xn);
  k->xn = nc;
  return 1;
}

/* See nl_pubdate.h. */
void nl_pd_words_hash(nl_pd_words *k, long long rowid, uint64_t hash) {
  if (k->n && k->rowid[k->n - 1] == rowid) k->hash[k->n - 1] = hash;
}

/* See nl_pubdate.h. */
void nl_pd_words_add_tagged(nl_pd_words *k, long long rowid, const uint64_t *w,
                            size_t nw, size_t max_words, const char *dct,
                            const nl_timex *tx, size_t ntx) {
  size_t i, nd = 0, at;
  nl_pd_words_add(k, rowid, w, nw, max_words);
  if (k->full || k->xfull || !k->n || k->rowid[k->n - 1] != rowid) return;
  if (!dates_room(k)) {
    k->xfull = 1;
    return;
  }
  at = k->n - 1; /* (rolled-back articles' dates stay unused in x) */
  for (i = 0; i < ntx; i++)
    nd += tx[i].type == NL_TIMEX_DATE;
  if (k->nx + nd > PD_DATES_KEPT) {
    k->xfull = 1;
    return;
  }
  if (k->nx + nd > k->xcap) {
    size_t nc = k->xcap ? 2 * k->xcap : 4096;
    nl_timex *p;
    while (nc < k->nx + nd) nc *= 2;
    if (!(p = nl_realloc(k->x, nc * sizeof *p))) {
      k->xfull = 1;
      return;
    }
    k->x = p;
    k->xcap = nc;
  }
  k->xbeg[at] = k->nx;
  for (i = 0; i < ntx; i++)
    if (tx[i].type == NL_TIMEX_DATE) k->x[k->nx++] = tx[i];
  k->xend[at] = k->nx;
  snprintf(k->xdct[at], sizeof k->xdct[at], "%s", dct ? dct : "");
  k->xhave[at] = 1;
}

/* See nl_pubdate.h. */
void nl_pd_words_tagged(const nl_pd_words *k, long long rowid,
                        nl_pd_tagged *t) {
  size_t lo = 0, hi = k ? k->n : 0;
  memset(t, 0, sizeof *t);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (k->rowid[mid] < rowid)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo >= (k ? k->n : 0) || k->rowid[lo] != rowid || lo >= k->xn ||
      !k->xhave[lo])
    return;
  t->have = 1;
  t->dct = k->xdct[lo][0] ? k->xdct[lo] : NULL;
  t->n = k->xend[lo] - k->xbeg[lo];
  t->x = t->n ? k->x + k->xbeg[lo] : NULL;
}

/* See nl_pubdate.h. */
void nl_pd_words_free(nl_pd_words *k) {
  nl_free(k->rowid);
  nl_free(k->hash);
  nl_free(k->off);
  nl_free(k->w);
  nl_free(k->x);
  nl_free(k->xbeg);
  nl_free(k->xend);
  nl_free(k->xdct);
  nl_free(k->xhave);
  nl_pd_prelink_free(k->link);
  nl_pd_pre_free(k->pre);
  nl_free(k->gw);
  nl_free(k->goff);
  memset(k, 0, sizeof *k);
}
