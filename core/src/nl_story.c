/*
** nl_story.c -- content words and story linking (see nl_story.h).
**
** Story linking is a sorted posting list (term, doc): each doc's ST_TOPK
** rarest terms that occur in 2..ST_DF_CAP docs are looked up, and the docs
** holding at least ST_MIN_SHARED of them become its neighbours (both
** ways).  O(T log T) in the total number of distinct terms per doc, plus
** the postings of the rare terms (at most ST_DF_CAP each).
*/
#include "nl_story.h"

#include <stdlib.h>
#include <string.h>

#include "newslua/nl_article.h"
#include "nl_alloc.h"

#define ST_TOPK 24      /* rare terms per doc used to find neighbours */
#define ST_MIN_SHARED 4 /* shared rare terms for two docs to be a story */
#define ST_DF_CAP 64    /* terms in more docs than this are not "rare" */

/* Quicksort of a[0..n) (insertion sort below 16): no comparator calls. */
static void sort_u64(uint64_t *a, size_t n) {
  while (n > 16) {
    uint64_t p = a[n / 2], t;
    size_t i = 0, j = n - 1;
    for (;;) {
      while (a[i] < p)
        i++;
      while (a[j] > p)
        j--;
      if (i >= j) break;
      t = a[i], a[i] = a[j], a[j] = t;
      i++, j--;
    }
    /* recurse into the smaller side, loop on the larger */
    if (j + 1 < n - j - 1) {
      sort_u64(a, j + 1);
      a += j + 1, n -= j + 1;
    } else {
      sort_u64(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  {
    size_t i, k;
    for (i = 1; i < n; i++) {
      uint64_t v = a[i];
      for (k = i; k > 0 && a[k - 1] > v; k--)
        a[k] = a[k - 1];
      a[k] = v;
    }
  }
}

/* See nl_story.h. */
size_t nl_story_uniq(uint64_t *a, size_t n) {
  size_t i, k = 0;
  sort_u64(a, n);
  for (i = 0; i < n; i++)
    if (k == 0 || a[k - 1] != a[i]) a[k++] = a[i];
  return k;
}

/* Stop words and time words (never evidence of the same event), sorted
** for binary search. */
static const char *const st_stop[] = {
    "about",    "after",   "against",   "ago",       "all",      "also",
    "and",      "any",     "april",     "are",       "august",   "because",
    "been",     "before",  "being",     "between",   "both",     "but",
    "can",      "could",   "day",       "days",      "december", "did",
    "does",     "each",    "earlier",   "even",      "february", "for",
    "friday",   "from",    "had",       "has",       "have",     "her",
    "him",      "his",     "how",       "however",   "into",     "its",
    "january",  "july",    "june",      "just",      "last",     "later",
    "march",    "may",     "might",     "monday",    "month",    "months",
    "more",     "most",    "new",       "next",      "not",      "november",
    "now",      "october", "one",       "only",      "other",    "our",
    "out",      "over",    "said",      "saturday",  "says",     "september",
    "she",      "should",  "since",     "some",      "still",    "such",
    "sunday",   "than",    "that",      "the",       "their",    "them",
    "then",     "there",   "these",     "they",      "this",     "those",
    "thursday", "today",   "told",      "tomorrow",  "tuesday",  "two",
    "under",    "very",    "was",       "wednesday", "week",     "weeks",
    "were",     "what",    "when",      "where",     "whether",  "which",
    "while",    "who",     "why",       "will",      "with",     "would",
    "year",     "years",   "yesterday", "you",       "your",
};
#define ST_NSTOP (sizeof st_stop / sizeof st_stop[0])

static int is_stop(const char *w, size_t n) {
  size_t lo = 0, hi = ST_NSTOP;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    /* first bytes inline: most probes differ there */
    int c = (unsigned char)st_stop[mid][0] - (unsigned char)w[0];
    if (c == 0) c = strncmp(st_stop[mid], w, n);
    if (c == 0) c = st_stop[mid][n] ? 1 : 0;
    if (c == 0) return 1;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

static int is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* See nl_story.h. */
nl_status nl_story_words(const char *s, size_t n, uint64_t **w, size_t *nw,
                         size_t *cap) {
  size_t i = 0;
  char buf[64];
  while (i < n) {
    size_t j = i, k = 0;
    while (i < n && !is_word_byte((unsigned char)s[i]))
      i++;
    j = i;
    while (j < n && is_word_byte((unsigned char)s[j])) {
      /* stop at a curly apostrophe (E2 80 99) */
      if ((unsigned char)s[j] == 0xE2 && j + 2 < n &&
          (unsigned char)s[j + 1] == 0x80 && (unsigned char)s[j + 2] == 0x99)
        break;
      if (k < sizeof buf) {
        char c = s[j];
        buf[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
      }
      j++;
    }
    if (j > i && k >= 3 && k < sizeof buf && !is_stop(buf, k)) {
      /* fold plurals and cut to 5 bytes: Russia/Russian, talk/talks */
      if (k > 3 && buf[k - 1] == 's' && buf[k - 2] != 's') k--;
      if (k > 5) k = 5;
      if (*nw == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        uint64_t *p = nl_realloc(*w, nc * sizeof *p);
        if (!p) return NL_ENOMEM;
        *w = p;
        *cap = nc;
      }
      (*w)[(*nw)++] = nl_hash64(buf, k);
    }
    i = j > i ? j : i + 1;
  }
  return NL_OK;
}

typedef struct st_post {
  uint64_t term;
  size_t doc;
} st_post;

static int cmp_post(const void *a, const void *b) {
  const st_post *x = a, *y = b;
  if (x->term != y->term) return x->term < y->term ? -1 : 1;
  return x->doc < y->doc ? -1 : x->doc > y->doc;
}

typedef struct st_term { /* one distinct term of the posting list */
  uint64_t term;
  size_t start, df; /* its postings are p[start .. start + df) */
} st_term;

static const st_term *term_find(const st_term *u, size_t nu, uint64_t t) {
  size_t lo = 0, hi = nu;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (u[mid].term == t) return &u[mid];
    if (u[mid].term < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

static void add_nb(size_t *nb, size_t *nnb, size_t i, size_t j) {
  size_t k, *row = nb + i * NL_STORY_MAX_NB;
  for (k = 0; k < nnb[i]; k++)
    if (row[k] == j) return;
  if (nnb[i] < NL_STORY_MAX_NB) row[nnb[i]++] = j;
}

typedef struct st_rare {
  size_t df, start;
  uint64_t term;
} st_rare;

/* The ST_TOPK rarest terms of one doc (2 <= df <= ST_DF_CAP) into rare. */
static size_t rarest(const st_term *u, size_t nu, const uint64_t *t, size_t nt,
                     st_rare *rare) {
  size_t nr = 0, k;
  for (k = 0; k < nt; k++) {
    const st_term *e = term_find(u, nu, t[k]);
    size_t df = e ? e->df : 0;
    if (df < 2 || df > ST_DF_CAP) continue;
    if (nr < ST_TOPK || df < rare[nr - 1].df) {
      /* insertion into the sorted top-k (terms come in ascending order,
      ** so ties keep the smaller hash, as a full sort would) */
      size_t at = nr < ST_TOPK ? nr++ : nr - 1;
      while (at > 0 && rare[at - 1].df > df) {
        rare[at] = rare[at - 1];
        at--;
      }
      rare[at].df = df;
      rare[at].start = e->start;
      rare[at].term = t[k];
    }
  }
  return nr;
}

/* Distinct terms of the sorted postings p[0..np) into u; returns count. */
static size_t term_table(const st_post *p, size_t np, st_term *u) {
  size_t i, nu = 0;
  for (i = 0; i < np; i++) {
    if (nu == 0 || u[nu - 1].term != p[i].term) {
      u[nu].term = p[i].term;
      u[nu].start = i;
      u[nu++].df = 0;
    }
    u[nu - 1].df++;
  }
  return nu;
}

/* See nl_story.h. */
nl_status nl_story_link(const uint64_t *const *terms, const size_t *nterms,
                        size_t n, size_t *nb, size_t *nnb, nl_error *err) {
  size_t i, np = 0, nu, total = 0;
  st_post *p;
  st_term *u;
  size_t *count = NULL;
  for (i = 0; i < n; i++)
    total += nterms[i], nnb[i] = 0;
  p = nl_malloc((total ? total : 1) * sizeof *p);
  u = nl_malloc((total ? total : 1) * sizeof *u);
  count = nl_calloc(n ? n : 1, sizeof *count);
  if (!p || !u || !count) goto oom;
  for (i = 0; i < n; i++) {
    size_t k;
    for (k = 0; k < nterms[i]; k++) {
      p[np].term = terms[i][k];
      p[np++].doc = i;
    }
  }
  qsort(p, np, sizeof *p, cmp_post);
  nu = term_table(p, np, u);
  for (i = 0; i < n; i++) {
    st_rare rare[ST_TOPK];
    size_t nr = rarest(u, nu, terms[i], nterms[i], rare), r, a;
    for (r = 0; r < nr; r++)
      for (a = rare[r].start; a < rare[r].start + rare[r].df; a++)
        if (p[a].doc != i) count[p[a].doc]++;
    for (r = 0; r < nr; r++)
      for (a = rare[r].start; a < rare[r].start + rare[r].df; a++) {
        size_t j = p[a].doc;
        if (j != i && count[j] >= ST_MIN_SHARED) {
          add_nb(nb, nnb, i, j);
          add_nb(nb, nnb, j, i);
        }
      }
    for (r = 0; r < nr; r++)
      for (a = rare[r].start; a < rare[r].start + rare[r].df; a++)
        count[p[a].doc] = 0;
  }
  nl_free(p);
  nl_free(u);
  nl_free(count);
  return NL_OK;
oom:
  nl_free(p);
  nl_free(u);
  nl_free(count);
  return nl_error_set(err, NL_ENOMEM, "story: out of memory");
}

/* ---- bounded-memory linking (nl_story_scan) ---------------------------- */

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
};

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static void qsort_u32(uint32_t *a, size_t n) {
  qsort(a, n, sizeof *a, cmp_u32);
}

static uint32_t sc_slot(uint64_t h) { return (uint32_t)(h >> (64 - SC_BITS)); }

/* See nl_story.h. */
nl_story_scan *nl_story_scan_new(size_t max_postings) {
  nl_story_scan *s = nl_calloc(1, sizeof *s);
  if (!s) return NULL;
  s->df = nl_calloc((size_t)1 << SC_BITS, 1);
  if (!s->df) {
    nl_free(s);
    return NULL;
  }
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
    if (*c < 255) (*c)++;
  }
}

/* The largest cap <= ST_DF_CAP whose postings fit the budget (the sketch's
** histogram gives their exact number); the postings are reserved. */
static nl_status sc_plan(nl_story_scan *s) {
  size_t hist[256] = {0}, i, total = 0;
  unsigned c;
  for (i = 0; i < ((size_t)1 << SC_BITS); i++)
    hist[s->df[i]]++;
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

/* See nl_story.h. */
nl_status nl_story_scan_add(nl_story_scan *s, const uint64_t *t, size_t nt) {
  size_t k;
  if (!s->planned && sc_plan(s) != NL_OK) return NL_ENOMEM;
  if (s->nd + 2 > s->ocap) {
    size_t nc = s->ocap * 2;
    uint32_t *o = nl_realloc(s->off, nc * sizeof *o);
    if (!o) return NL_ENOMEM;
    s->off = o;
    s->ocap = nc;
  }
  for (k = 0; k < nt; k++) {
    uint32_t sl = sc_slot(t[k]);
    unsigned df = s->df[sl];
    if (df < 2 || df > s->cap) continue;
    if (s->np == s->pcap) { /* only if the sketch changed since pass 1 */
      size_t nc = s->pcap * 2;
      uint32_t *p = nl_realloc(s->p, nc * sizeof *p);
      if (!p) return NL_ENOMEM;
      s->p = p;
      s->pcap = nc;
    }
    s->p[s->np++] = sl;
  }
  s->off[++s->nd] = (uint32_t)s->np;
  return NL_OK;
}

/* See nl_story.h. */
size_t nl_story_scan_ndocs(const nl_story_scan *s) { return s->nd; }
unsigned nl_story_scan_cap(const nl_story_scan *s) { return s->cap; }

/* The ST_TOPK rarest slots of doc d (by df, then slot) into r. */
static size_t sc_rarest(const nl_story_scan *s, size_t d, uint32_t *r) {
  size_t nr = 0, k;
  for (k = s->off[d]; k < s->off[d + 1]; k++) {
    uint32_t sl = s->p[k];
    unsigned df = s->df[sl];
    size_t at, j;
    for (j = 0; j < nr; j++)
      if (r[j] == sl) break;
    if (j < nr) continue; /* two terms in one slot */
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

static void sc_add_nb(uint32_t *rows, unsigned char *nn, const uint32_t *row_of,
                      size_t i, uint32_t j) {
  uint32_t *row = rows + (size_t)row_of[i] * NL_STORY_MAX_NB;
  size_t k;
  for (k = 0; k < nn[row_of[i]]; k++)
    if (row[k] == j) return;
  if (nn[row_of[i]] < NL_STORY_MAX_NB) row[nn[row_of[i]]++] = j;
}

/* See nl_story.h. */
nl_status nl_story_scan_link(nl_story_scan *s, const char *want,
                             uint32_t **nb_off, uint32_t **nb, nl_error *err) {
  size_t i, k, nw = 0, nd = s->nd, np = s->np;
  uint64_t *q = NULL;
  uint32_t *cnt = NULL, *row_of = NULL, *rows = NULL, *off = NULL, *out = NULL;
  unsigned char *nn = NULL;
  *nb_off = *nb = NULL;
  if (!s->planned && sc_plan(s) != NL_OK) goto oom;
  for (i = 0; i < nd; i++)
    if (want[i]) nw++;
  q = nl_malloc((np ? np : 1) * sizeof *q);
  cnt = nl_calloc(nd ? nd : 1, sizeof *cnt);
  row_of = nl_malloc((nd ? nd : 1) * sizeof *row_of);
  rows = nl_malloc((nw ? nw : 1) * NL_STORY_MAX_NB * sizeof *rows);
  nn = nl_calloc(nw ? nw : 1, 1);
  off = nl_malloc((nd + 1) * sizeof *off);
  if (!q || !cnt || !row_of || !rows || !nn || !off) goto oom;
  for (i = 0, nw = 0; i < nd; i++)
    row_of[i] = want[i] ? (uint32_t)nw++ : UINT32_MAX;
  for (i = 0; i < nd; i++)
    for (k = s->off[i]; k < s->off[i + 1]; k++)
      q[k] = (uint64_t)s->p[k] << 32 | (uint64_t)i;
  sort_u64(q, np);
  for (i = 0; i < nd; i++) {
    uint32_t r[ST_TOPK];
    size_t nr = sc_rarest(s, i, r), a, b[ST_TOPK], e[ST_TOPK];
    for (k = 0; k < nr; k++) {
      b[k] = sc_lower(q, np, r[k]);
      e[k] = b[k] + s->df[r[k]];
      if (e[k] > np) e[k] = np;
      for (a = b[k]; a < e[k] && (uint32_t)(q[a] >> 32) == r[k]; a++)
        if ((size_t)(uint32_t)q[a] != i) cnt[(uint32_t)q[a]]++;
      e[k] = a;
    }
    for (k = 0; k < nr; k++)
      for (a = b[k]; a < e[k]; a++) {
        uint32_t j = (uint32_t)q[a];
        if (j == i || cnt[j] < ST_MIN_SHARED) continue;
        if (want[i]) sc_add_nb(rows, nn, row_of, i, j);
        if (want[j]) sc_add_nb(rows, nn, row_of, j, (uint32_t)i);
      }
    for (k = 0; k < nr; k++)
      for (a = b[k]; a < e[k]; a++)
        cnt[(uint32_t)q[a]] = 0;
  }
  nl_free(q);
  nl_free(cnt);
  q = NULL;
  cnt = NULL;
  nl_free(s->p);
  s->p = NULL;
  {
    size_t tot = 0;
    for (k = 0; k < nw; k++)
      tot += nn[k];
    out = nl_malloc((tot ? tot : 1) * sizeof *out);
    if (!out) goto oom;
    tot = 0;
    for (i = 0; i < nd; i++) {
      off[i] = (uint32_t)tot;
      if (row_of[i] == UINT32_MAX) continue;
      {
        uint32_t *row = rows + (size_t)row_of[i] * NL_STORY_MAX_NB;
        size_t m = nn[row_of[i]];
        qsort_u32(row, m);
        memcpy(out + tot, row, m * sizeof *row);
        tot += m;
      }
    }
    off[nd] = (uint32_t)tot;
  }
  nl_free(row_of);
  nl_free(rows);
  nl_free(nn);
  *nb_off = off;
  *nb = out;
  return NL_OK;
oom:
  nl_free(q);
  nl_free(cnt);
  nl_free(row_of);
  nl_free(rows);
  nl_free(nn);
  nl_free(off);
  nl_free(out);
  return nl_error_set(err, NL_ENOMEM, "story: out of memory");
}
