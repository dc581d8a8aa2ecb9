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

static const char *const st_stop[] = {
    "the", "and", "for", "with", "that", "this", "from", "have", "has",
    "had", "was", "were", "will", "would", "said", "says", "its", "his",
    "her", "their", "they", "them", "not", "but", "are", "been", "which",
    "who", "what", "when", "where", "after", "before", "over", "into",
    "about", "also", "than", "then", "there", "more", "most", "some", "any",
    "all", "can", "could", "should", "may", "might", "our", "out", "one",
    "two", "new", "now", "only", "other", "such", "very", "just", "both",
    "each", "told", "while", "since", "because", "however", "him", "she",
    "you", "your", "these", "those", "being", "does", "did", "how", "why",
    "whether", "between", "against", "under", "still", "even", "said",
    /* time words: never evidence of the same event */
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "week",
    "weeks", "month", "months", "year", "years", "today", "yesterday",
    "tomorrow", "next", "last", "day", "days", "ago", "earlier", "later",
    NULL};

static int is_stop(const char *w, size_t n) {
  size_t i;
  for (i = 0; st_stop[i]; i++)
    if (st_stop[i][0] == w[0] && strncmp(st_stop[i], w, n) == 0 &&
        st_stop[i][n] == 0)
      return 1;
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
    while (i < n && !is_word_byte((unsigned char)s[i])) i++;
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

static size_t post_find(const st_post *p, size_t np, uint64_t t) {
  size_t lo = 0, hi = np;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p[mid].term < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void add_nb(size_t *nb, size_t *nnb, size_t i, size_t j) {
  size_t k, *row = nb + i * NL_STORY_MAX_NB;
  for (k = 0; k < nnb[i]; k++)
    if (row[k] == j) return;
  if (nnb[i] < NL_STORY_MAX_NB) row[nnb[i]++] = j;
}

typedef struct st_rare {
  size_t df;
  uint64_t term;
} st_rare;

/* The ST_TOPK rarest terms of one doc (2 <= df <= ST_DF_CAP) into rare. */
static size_t rarest(const st_post *p, size_t np, const uint64_t *t,
                     size_t nt, st_rare *rare) {
  size_t nr = 0, k;
  for (k = 0; k < nt; k++) {
    size_t a = post_find(p, np, t[k]), b = a, df;
    while (b < np && p[b].term == t[k]) b++;
    df = b - a;
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
      rare[at].term = t[k];
    }
  }
  return nr;
}

/* See nl_story.h. */
nl_status nl_story_link(const uint64_t *const *terms, const size_t *nterms,
                        size_t n, size_t *nb, size_t *nnb, nl_error *err) {
  size_t i, np = 0, total = 0;
  st_post *p;
  size_t *count = NULL;
  for (i = 0; i < n; i++) total += nterms[i], nnb[i] = 0;
  p = nl_malloc((total ? total : 1) * sizeof *p);
  count = nl_calloc(n ? n : 1, sizeof *count);
  if (!p || !count) goto oom;
  for (i = 0; i < n; i++) {
    size_t k;
    for (k = 0; k < nterms[i]; k++) {
      p[np].term = terms[i][k];
      p[np++].doc = i;
    }
  }
  qsort(p, np, sizeof *p, cmp_post);
  for (i = 0; i < n; i++) {
    st_rare rare[ST_TOPK];
    size_t nr = rarest(p, np, terms[i], nterms[i], rare), r;
    for (r = 0; r < nr; r++) {
      size_t a = post_find(p, np, rare[r].term);
      for (; a < np && p[a].term == rare[r].term; a++)
        if (p[a].doc != i) count[p[a].doc]++;
    }
    for (r = 0; r < nr; r++) {
      size_t a = post_find(p, np, rare[r].term);
      for (; a < np && p[a].term == rare[r].term; a++) {
        size_t j = p[a].doc;
        if (j != i && count[j] >= ST_MIN_SHARED) {
          add_nb(nb, nnb, i, j);
          add_nb(nb, nnb, j, i);
        }
      }
    }
    for (r = 0; r < nr; r++) {
      size_t a = post_find(p, np, rare[r].term);
      for (; a < np && p[a].term == rare[r].term; a++) count[p[a].doc] = 0;
    }
  }
  nl_free(p);
  nl_free(count);
  return NL_OK;
oom:
  nl_free(p);
  nl_free(count);
  return nl_error_set(err, NL_ENOMEM, "story: out of memory");
}
