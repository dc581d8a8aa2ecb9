/*
** nl_story_scan.c -- story linking in bounded memory (nl_story_scan, see
** nl_story.h): a sketch of term counts in a first pass, the rare terms of
** each doc kept in a second, then the links of nl_story.c's rules over
** them (nl_story_internal.h).
*/
#include "nl_story.h"

#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_story_internal.h"

#define SC_BITS 24 /* sketch slots: 2^24 one-byte saturating counters */

struct nl_story_scan {
  unsigned char *df; /* the sketch */
  size_t max_post;
  unsigned cap;   /* rarity cap chosen at the first nl_story_scan_add */
  int planned;
  uint32_t *p;    /* pass 2: rare slots of each doc, in doc order */
  size_t np, pcap;
  uint32_t *off;  /* doc d's slots: p[off[d] .. off[d + 1]) */
  size_t nd, ocap;
  size_t hist[256]; /* slots of the sketch holding each count */
};

static uint32_t sc_slot(uint64_t h) { return (uint32_t)(h >> (64 - SC_BITS)); }

/* See nl_story.h. */
nl_story_scan *nl_story_scan_new(size_t max_postings) {
  nl_story_scan *s = nl_calloc(1, sizeof *s);
  if (!s) return NULL;
  /* written, not calloc'd: a calloc'd sketch is mapped to the zero page,
  ** and nl_story_scan_count reads each counter before it writes it, so
  ** every page costs a copy-on-write fault whose TLB flush interrupts the
  ** other core (4,096 of them; ~5% of a Reuters-21578 ingest's CPU) */
  s->df = nl_malloc((size_t)1 << SC_BITS);
  if (!s->df) {
    nl_free(s);
    return NULL;
  }
  memset(s->df, 0, (size_t)1 << SC_BITS);
  s->hist[0] = (size_t)1 << SC_BITS;
  s->max_post = max_postings;
  return s;
}

/* See nl_story.h. */
void nl_story_scan_free(nl_story_scan *s) {
  if (!s) return;
  nl_free(s->df);
  nl_free(s->p);
  nl_free(s->off);
  nl_free(s);
}

/* See nl_story.h. */
void nl_story_scan_count(nl_story_scan *s, const uint64_t *t, size_t nt) {
  size_t k;
  for (k = 0; k < nt; k++) {
    unsigned char *c = &s->df[sc_slot(t[k])];
    if (*c < 255) {
      s->hist[*c]--;
      s->hist[++*c]++;
    }
  }
}

/* The largest cap <= ST_DF_CAP whose postings fit the budget (the sketch's
** histogram, kept by nl_story_scan_count, gives their exact number); the
** postings are reserved. */
static nl_status sc_plan(nl_story_scan *s) {
  const size_t *hist = s->hist;
  size_t total = 0;
  unsigned c;
  s->cap = 1;
  for (c = 2; c <= ST_DF_CAP; c++) {
    if (total + (size_t)c * hist[c] > s->max_post) break;
    total += (size_t)c * hist[c];
    s->cap = c;
  }
  s->planned = 1;
  s->pcap = total ? total : 1;
  s->p = nl_malloc(s->pcap * sizeof *s->p);
  s->off = nl_malloc(64 * sizeof *s->off);
  if (!s->p || !s->off) return NL_ENOMEM;
  s->ocap = 64;
  s->off[0] = 0;
  return NL_OK;
}

/* Pass 2's start of a doc: the plan, and room for its offset. */
static nl_status sc_doc_begin(nl_story_scan *s) {
  if (!s->planned && sc_plan(s) != NL_OK) return NL_ENOMEM;
  if (s->nd + 2 > s->ocap) {
    size_t nc = s->ocap * 2;
    uint32_t *o = nl_realloc(s->off, nc * sizeof *o);
    if (!o) return NL_ENOMEM;
    s->off = o;
    s->ocap = nc;
  }
  return NL_OK;
}

/* Keep slot sl of the doc being added if its term is rare. */
static nl_status sc_keep(nl_story_scan *s, uint32_t sl) {
  unsigned df = s->df[sl];
  if (df < 2 || df > s->cap) return NL_OK;
  if (s->np == s->pcap) { /* only if the sketch changed since pass 1 */
    size_t nc = s->pcap * 2;
    uint32_t *p = nl_realloc(s->p, nc * sizeof *p);
    if (!p) return NL_ENOMEM;
    s->p = p;
    s->pcap = nc;
  }
  s->p[s->np++] = sl;
  return NL_OK;
}

/* See nl_story.h. */
nl_status nl_story_scan_add(nl_story_scan *s, const uint64_t *t, size_t nt) {
  size_t k;
  if (sc_doc_begin(s) != NL_OK) return NL_ENOMEM;
  for (k = 0; k < nt; k++)
    if (sc_keep(s, sc_slot(t[k])) != NL_OK) return NL_ENOMEM;
  s->off[++s->nd] = (uint32_t)s->np;
  return NL_OK;
}

/* See nl_story.h. */
nl_status nl_story_scan_add_slots(nl_story_scan *s, const uint32_t *sl,
                                  size_t n) {
  size_t k;
  if (sc_doc_begin(s) != NL_OK) return NL_ENOMEM;
  for (k = 0; k < n; k++)
    if (sc_keep(s, sl[k]) != NL_OK) return NL_ENOMEM;
  s->off[++s->nd] = (uint32_t)s->np;
  return NL_OK;
}

/* See nl_story.h. */
size_t nl_story_scan_slots(const nl_story_scan *s, const uint64_t *t,
                           size_t nt, uint32_t *out) {
  size_t k, n = 0;
  for (k = 0; k < nt; k++) {
    uint32_t sl = sc_slot(t[k]);
    if (s->df[sl] <= ST_DF_CAP) out[n++] = sl;
  }
  return n;
}

/* See nl_story.h. */
size_t nl_story_scan_prune(const nl_story_scan *s, uint32_t *slots,
                           size_t n) {
  size_t k, m = 0;
  for (k = 0; k < n; k++)
    if (s->df[slots[k]] <= ST_DF_CAP) slots[m++] = slots[k];
  return m;
}

/* See nl_story.h. */
size_t nl_story_scan_ndocs(const nl_story_scan *s) { return s->nd; }
unsigned nl_story_scan_cap(const nl_story_scan *s) { return s->cap; }

/* Doc i's near copies, for the slots that reach beyond them (sc_reach). */
typedef struct sc_near {
  const uint64_t *q; /* the sorted postings (slot << 32 | doc) */
  size_t np, i, n;
  uint32_t doc[ST_TOPK]; /* the first of them, in the order found */
  const uint32_t *mark;  /* mark[d] == i + 1: d is one (all of them) */
} sc_near;

static size_t sc_lower(const uint64_t *q, size_t n, uint32_t sl);

/* Does slot sl occur in a doc other than i and its near copies? */
static int sc_reach(const sc_near *nr, uint32_t sl) {
  size_t a;
  for (a = sc_lower(nr->q, nr->np, sl);
       a < nr->np && (uint32_t)(nr->q[a] >> 32) == sl; a++) {
    uint32_t d = (uint32_t)nr->q[a];
    if (d != nr->i && nr->mark[d] != nr->i + 1) return 1;
  }
  return 0;
}

/* The ST_TOPK rarest slots of doc d (by df, then slot) into r; with near
** (not NULL), only slots that reach beyond d's near copies. */
static size_t sc_rarest(const nl_story_scan *s, size_t d, const sc_near *near,
                        uint32_t *r) {
  size_t nr = 0, k;
  for (k = s->off[d]; k < s->off[d + 1]; k++) {
    uint32_t sl = s->p[k];
    unsigned df = s->df[sl];
    size_t at, j;
    for (j = 0; j < nr; j++)
      if (r[j] == sl) break;
    if (j < nr) continue; /* two terms in one slot */
    if (nr == ST_TOPK && (df > s->df[r[nr - 1]] ||
                          (df == s->df[r[nr - 1]] && sl > r[nr - 1])))
      continue; /* not rarer than the kept ones: no posting lookup */
    if (near && !sc_reach(near, sl)) continue;
    if (nr == ST_TOPK) {
      uint32_t w = r[nr - 1];
      if (df > s->df[w] || (df == s->df[w] && sl > w)) continue;
      at = nr - 1;
    } else {
      at = nr++;
    }
    while (at > 0 && (s->df[r[at - 1]] > df ||
                      (s->df[r[at - 1]] == df && r[at - 1] > sl))) {
      r[at] = r[at - 1];
      at--;
    }
    r[at] = sl;
  }
  return nr;
}

/* Count, in cnt, the docs other than i holding each slot of r[0..nr);
** b[k] .. e[k] receive slot r[k]'s postings. */
static void sc_tally(const uint64_t *q, size_t np, const unsigned char *df,
                     size_t i, const uint32_t *r, size_t nr, size_t *b,
                     size_t *e, uint32_t *cnt) {
  size_t k, a;
  for (k = 0; k < nr; k++) {
    b[k] = sc_lower(q, np, r[k]);
    e[k] = b[k] + df[r[k]];
    if (e[k] > np) e[k] = np;
    for (a = b[k]; a < e[k] && (uint32_t)(q[a] >> 32) == r[k]; a++)
      if ((size_t)(uint32_t)q[a] != i) cnt[(uint32_t)q[a]]++;
    e[k] = a;
  }
}

/* First index of slot sl in the sorted (slot << 32 | doc) array. */
static size_t sc_lower(const uint64_t *q, size_t n, uint32_t sl) {
  size_t lo = 0, hi = n;
  uint64_t key = (uint64_t)sl << 32;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (q[mid] < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The content key of doc d: its rare slots (key_part). */
static uint64_t sc_key(const nl_story_scan *s, size_t d) {
  uint64_t k = 0;
  size_t a;
  for (a = s->off[d]; a < s->off[d + 1]; a++)
    k += key_part(s->p[a]);
  return k;
}

/* row_offer to the row of wanted doc i (row_of) of nl_story_scan_link. */
static void sc_add_nb(uint32_t *rows, unsigned char *sg, unsigned char *nn,
                      const uint32_t *row_of, const uint64_t *key, size_t i,
                      uint32_t j, unsigned c) {
  size_t r = row_of[i];
  row_offer(rows + r * NL_STORY_MAX_NB, sg + r * NL_STORY_MAX_NB, &nn[r], key,
            j, c);
}

/*
** Sort a[0..n) ascending: least-significant-digit radix sort, 16 bits a
** pass, over the bits the largest value uses, a pass skipped when every
** value has the same digit (equal values are alike: any sort gives this
** order).  tmp holds n values, count 65536.
*/
static void radix_u64(uint64_t *a, uint64_t *tmp, size_t *count, size_t n) {
  uint64_t max = 0, *src = a, *dst = tmp, *t;
  unsigned shift;
  size_t i;
  for (i = 0; i < n; i++)
    if (a[i] > max) max = a[i];
  for (shift = 0; shift < 64 && (max >> shift) != 0; shift += 16) {
    size_t sum = 0;
    memset(count, 0, ((size_t)1 << 16) * sizeof *count);
    for (i = 0; i < n; i++)
      count[(src[i] >> shift) & 0xFFFF]++;
    if (count[(src[0] >> shift) & 0xFFFF] == n) continue;
    for (i = 0; i < ((size_t)1 << 16); i++) {
      size_t c = count[i];
      count[i] = sum;
      sum += c;
    }
    for (i = 0; i < n; i++)
      dst[count[(src[i] >> shift) & 0xFFFF]++] = src[i];
    t = src, src = dst, dst = t;
  }
  if (src != a) memcpy(a, src, n * sizeof *a);
}

/* Sort the postings: a radix sort beats the quicksort past some
** thousands; sort_u64 when there is no room for its buffers. */
static void sort_postings(uint64_t *q, size_t np) {
  uint64_t *tmp = np > 4096 ? nl_malloc(np * sizeof *tmp) : NULL;
  size_t *count = tmp ? nl_malloc(((size_t)1 << 16) * sizeof *count) : NULL;
  if (count)
    radix_u64(q, tmp, count, np);
  else
    sort_u64(q, np);
  nl_free(tmp);
  nl_free(count);
}

/* Where the links of scan_link go: the rows of the wanted docs, or, in
** its first pass (`grow`), the docs that join `want`. */
typedef struct sc_sink {
  const char *want;  /* 1: wanted (first pass: from); 2: joined */
  char *join;        /* the first pass: `want`, written */
  const char *grow;  /* the first pass: who may join; NULL: fill the rows */
  size_t nreal;      /* docs from nreal on are gone: seeds, never listed */
  uint32_t *rows, *row_of;
  unsigned char *sg, *nn;
  const uint64_t *key;
} sc_sink;

/* Docs i and j are linked with strength c (near: j is a near copy of i,
** which j finds itself: no reverse link to fill its row). */
static void sc_pair(sc_sink *k, uint32_t i, uint32_t j, uint32_t c,
                    int near) {
  if (k->grow) { /* a joined doc makes none join: one step only */
    if (k->want[i] == 1 && k->grow[j] && !k->want[j]) k->join[j] = 2;
    if (k->want[j] == 1 && k->grow[i] && !k->want[i]) k->join[i] = 2;
    return;
  }
  if (i >= k->nreal || j >= k->nreal) return;
  if (k->want[i]) sc_add_nb(k->rows, k->sg, k->nn, k->row_of, k->key, i, j, c);
  if (!near && k->want[j])
    sc_add_nb(k->rows, k->sg, k->nn, k->row_of, k->key, j, i, c);
}

/* The links doc i's rarest terms make (q: the sorted postings; cnt all
** zero, and left so; mark[d] == i + 1 marks i's near copies). */
static void sc_link_doc(const nl_story_scan *s, const uint64_t *q, size_t np,
                        uint32_t *cnt, uint32_t *mark, size_t i,
                        sc_sink *k) {
  uint32_t r[ST_TOPK];
  size_t nr = sc_rarest(s, i, NULL, r), a, m, b[ST_TOPK], e[ST_TOPK];
  sc_near near;
  sc_tally(q, np, s->df, i, r, nr, b, e, cnt);
  near.n = 0;
  if (nr >= ST_NEAR_MIN) /* docs holding 7/8 of its rarest: near copies */
    for (m = 0; m < nr; m++)
      for (a = b[m]; a < e[m]; a++) {
        uint32_t j = (uint32_t)q[a];
        if (j == i || cnt[j] * 8 < nr * 7 || mark[j] == i + 1) continue;
        mark[j] = (uint32_t)i + 1;
        if (near.n < ST_TOPK) near.doc[near.n++] = j;
      }
  if (near.n) { /* their shared terms say nothing of the story: the
                ** rarest terms that reach beyond them do */
    for (m = 0; m < nr; m++)
      for (a = b[m]; a < e[m]; a++)
        cnt[(uint32_t)q[a]] = 0;
    near.q = q;
    near.np = np;
    near.i = i;
    near.mark = mark;
    nr = sc_rarest(s, i, &near, r);
    sc_tally(q, np, s->df, i, r, nr, b, e, cnt);
  }
  for (m = 0; m < nr; m++)
    for (a = b[m]; a < e[m]; a++) {
      uint32_t j = (uint32_t)q[a];
      if (j == i || cnt[j] < ST_MIN_SHARED) continue;
      if (near.n && mark[j] == i + 1) continue; /* a copy: after the
                                                 ** story's docs */
      sc_pair(k, (uint32_t)i, j, cnt[j], 0);
    }
  for (m = 0; m < near.n; m++) /* a near copy is a neighbour */
    sc_pair(k, (uint32_t)i, near.doc[m], 0, 1);
  for (m = 0; m < nr; m++)
    for (a = b[m]; a < e[m]; a++)
      cnt[(uint32_t)q[a]] = 0;
}

/*
** The docs whose links can reach a doc of `want` (nw of the nd): those
** sharing one of its rare slots (every link is made over shared rare
** slots: a doc that shares none pairs only with docs not wanted), and
** the wanted docs.  A new array of nd flags, or NULL when most docs are
** wanted (then all are walked) or on OOM (the same).
*/
static char *sc_reachers(const nl_story_scan *s, const uint64_t *q,
                         size_t np, const char *want, size_t nw) {
  size_t i, a, nd = s->nd;
  char *r;
  if (nw * 4 > nd || !(r = nl_calloc(nd ? nd : 1, 1))) return NULL;
  for (i = 0; i < nd; i++) {
    if (!want[i]) continue;
    r[i] = 1;
    for (a = s->off[i]; a < s->off[i + 1]; a++) {
      size_t b = sc_lower(q, np, s->p[a]);
      for (; b < np && (uint32_t)(q[b] >> 32) == s->p[a]; b++)
        r[(uint32_t)q[b]] = 1;
    }
  }
  return r;
}

/* sc_link_doc for every doc that may reach a wanted one (sc_reachers). */
static void sc_link_all(const nl_story_scan *s, const uint64_t *q, size_t np,
                        uint32_t *cnt, uint32_t *mark, const char *want,
                        sc_sink *k) {
  size_t i, nw = 0;
  char *reach;
  for (i = 0; i < s->nd; i++)
    nw += want[i] != 0;
  reach = sc_reachers(s, q, np, want, nw);
  for (i = 0; i < s->nd; i++)
    if (!reach || reach[i]) sc_link_doc(s, q, np, cnt, mark, i, k);
  nl_free(reach);
}

/* Link the docs of pass 2 for the docs with want[i]; with `grow`, a doc
** j with grow[j] linked to a doc with from[i] (before the rows keep their
** best) is wanted too, and joined[j] = 1; docs from nreal on are only
** such seeds (see nl_story_scan_link_grow). */
static nl_status scan_link(nl_story_scan *s, const char *want,
                           const char *from, const char *grow, char *joined,
                           size_t nreal, uint32_t **nb_off, uint32_t **nb,
                           unsigned char **str, nl_error *err) {
  size_t i, k0, nw = 0, nw0, nd = s->nd, np = s->np;
  sc_sink k;
  char *w = NULL; /* with `grow`: want, then the docs that joined */
  uint64_t *q = NULL;
  uint32_t *cnt = NULL, *row_of = NULL, *rows = NULL, *off = NULL, *out = NULL;
  unsigned char *ostr = NULL; /* the strengths of out, when asked */
  uint32_t *mark = NULL; /* mark[j] == i + 1: j is a near copy of doc i */
  unsigned char *nn = NULL, *sg = NULL; /* sg: each row's strengths */
  uint64_t *key = NULL;
  *nb_off = *nb = NULL;
  if (str) *str = NULL;
  if (!s->planned && sc_plan(s) != NL_OK) goto oom;
  for (i = 0; i < nd; i++)
    if (want[i]) nw++;
  nw0 = nw;
  q = nl_malloc((np ? np : 1) * sizeof *q);
  cnt = nl_calloc(nd ? nd : 1, sizeof *cnt);
  mark = nl_calloc(nd ? nd : 1, sizeof *mark);
  row_of = nl_malloc((nd ? nd : 1) * sizeof *row_of);
  rows = nl_malloc((nw ? nw : 1) * NL_STORY_MAX_NB * sizeof *rows);
  nn = nl_calloc(nw ? nw : 1, 1);
  sg = nl_malloc((nw ? nw : 1) * NL_STORY_MAX_NB);
  key = nl_malloc((nd ? nd : 1) * sizeof *key);
  off = nl_malloc((nd + 1) * sizeof *off);
  if (!q || !cnt || !mark || !row_of || !rows || !nn || !sg || !key || !off)
    goto oom;
  for (i = 0; i < nd; i++)
    key[i] = sc_key(s, i);
  for (i = 0, nw = 0; i < nd; i++)
    row_of[i] = want[i] ? (uint32_t)nw++ : UINT32_MAX;
  for (i = 0; i < nd; i++)
    for (k0 = s->off[i]; k0 < s->off[i + 1]; k0++)
      q[k0] = (uint64_t)s->p[k0] << 32 | (uint64_t)i;
  sort_postings(q, np);
  k.want = want;
  k.grow = NULL;
  k.nreal = nreal < nd ? nreal : nd;
  k.rows = rows;
  k.row_of = row_of;
  k.sg = sg;
  k.nn = nn;
  k.key = key;
  if (grow) { /* who joins `want`: the same pairs, only noted */
    sc_sink g = k;
    if (!(w = nl_malloc(nd ? nd : 1))) goto oom;
    for (i = 0; i < nd; i++)
      w[i] = from[i] ? 1 : 0;
    g.want = g.join = w;
    g.grow = grow;
    sc_link_all(s, q, np, cnt, mark, w, &g);
    memset(mark, 0, nd * sizeof *mark);
    for (i = 0, nw = 0; i < nd; i++) {
      joined[i] = w[i] == 2 && !want[i];
      w[i] = want[i] || joined[i];
      row_of[i] = w[i] ? (uint32_t)nw++ : UINT32_MAX;
    }
    k.want = w;
    if (nw > nw0) { /* rows for the docs that joined */
      uint32_t *r2 = nl_realloc(rows, nw * NL_STORY_MAX_NB * sizeof *r2);
      unsigned char *n2 = r2 ? nl_realloc(nn, nw) : NULL;
      unsigned char *s2 = n2 ? nl_realloc(sg, nw * NL_STORY_MAX_NB) : NULL;
      if (r2) rows = k.rows = r2;
      if (n2) nn = k.nn = n2;
      if (!s2) goto oom;
      sg = k.sg = s2;
      memset(nn, 0, nw);
    }
  }
  sc_link_all(s, q, np, cnt, mark, k.want, &k);
  nl_free(q);
  nl_free(cnt);
  nl_free(mark);
  q = NULL;
  cnt = NULL;
  mark = NULL;
  nl_free(s->p);
  s->p = NULL;
  {
    size_t tot = 0;
    for (k0 = 0; k0 < nw; k0++)
      tot += nn[k0];
    out = nl_malloc((tot ? tot : 1) * sizeof *out);
    if (!out) goto oom;
    if (str && !(ostr = nl_malloc(tot ? tot : 1))) goto oom;
    tot = 0;
    for (i = 0; i < nd; i++) {
      off[i] = (uint32_t)tot;
      if (row_of[i] == UINT32_MAX) continue;
      {
        uint32_t *row = rows + (size_t)row_of[i] * NL_STORY_MAX_NB;
        unsigned char *rs = sg + (size_t)row_of[i] * NL_STORY_MAX_NB;
        size_t m = nn[row_of[i]];
        row_sort(row, rs, m);
        memcpy(out + tot, row, m * sizeof *row);
        if (ostr) memcpy(ostr + tot, rs, m);
        tot += m;
      }
    }
    off[nd] = (uint32_t)tot;
  }
  nl_free(row_of);
  nl_free(rows);
  nl_free(nn);
  nl_free(sg);
  nl_free(key);
  nl_free(w);
  *nb_off = off;
  *nb = out;
  if (str) *str = ostr;
  return NL_OK;
oom:
  nl_free(w);
  nl_free(q);
  nl_free(cnt);
  nl_free(mark);
  nl_free(row_of);
  nl_free(rows);
  nl_free(nn);
  nl_free(sg);
  nl_free(key);
  nl_free(off);
  nl_free(out);
  nl_free(ostr);
  return nl_error_set(err, NL_ENOMEM, "story: out of memory");
}

/* See nl_story.h. */
nl_status nl_story_scan_link(nl_story_scan *s, const char *want,
                             uint32_t **nb_off, uint32_t **nb,
                             unsigned char **str, nl_error *err) {
  return scan_link(s, want, NULL, NULL, NULL, s->nd, nb_off, nb, str, err);
}

/* See nl_story.h. */
nl_status nl_story_scan_link_grow(nl_story_scan *s, const char *want,
                                  const char *from, const char *grow,
                                  char *joined, size_t nreal,
                                  uint32_t **nb_off, uint32_t **nb,
                                  unsigned char **str, nl_error *err) {
  return scan_link(s, want, from, grow, joined, nreal, nb_off, nb, str, err);
}
