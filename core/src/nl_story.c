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

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* See nl_story.h. */
size_t nl_story_uniq(uint64_t *a, size_t n) {
  size_t i, k = 0;
  qsort(a, n, sizeof *a, cmp_u64);
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
    int c = strncmp(st_stop[mid], w, n);
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
