/*
** nl_story_internal.h -- what the two story linkers share (private to
** nl_story.c, the in-memory one, and nl_story_scan.c, the bounded-memory
** one): their rarity rules, the order-free content key and the rule a row
** of neighbours is kept by, so both give the same links.
*/
#ifndef NEWSLUA_NL_STORY_INTERNAL_H
#define NEWSLUA_NL_STORY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "nl_story.h"

#define ST_TOPK 24      /* rare terms per doc used to find neighbours */
#define ST_MIN_SHARED 4 /* shared rare terms for two docs to be a story */
#define ST_DF_CAP 64    /* terms in more docs than this are not "rare" */
#define ST_NEAR_MIN 8   /* rare terms a doc needs to tell its near copies */

/* Quicksort of a[0..n) (insertion sort below 16): no comparator calls. */
static inline void sort_u64(uint64_t *a, size_t n) {
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

/* Sort row[0..m) (m <= NL_STORY_MAX_NB) by doc, carrying each one's
** strength str[k] along when str is not NULL. */
static inline void row_sort(uint32_t *row, unsigned char *str, size_t m) {
  size_t i, k;
  for (i = 1; i < m; i++) {
    uint32_t v = row[i];
    unsigned char s = str ? str[i] : 0;
    for (k = i; k > 0 && row[k - 1] > v; k--) {
      row[k] = row[k - 1];
      if (str) str[k] = str[k - 1];
    }
    row[k] = v;
    if (str) str[k] = s;
  }
}

/* One term's share of an order-free key of a doc's content (a sum of
** these): ties between neighbours of equal strength then do not depend on
** the order the docs come in (a store's rowids follow its history). */
static inline uint64_t key_part(uint64_t t) {
  uint64_t x = t * 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
}

/* Is neighbour (c1, j1) better than (c2, j2): more shared rare terms,
** then the smaller content key (then the smaller doc, for equal texts)?
** Both linkers keep their rows by it. */
static inline int nb_better(const uint64_t *key, size_t c1, size_t j1, size_t c2,
                     size_t j2) {
  if (c1 != c2) return c1 > c2;
  if (key[j1] != key[j2]) return key[j1] < key[j2];
  return j1 < j2;
}

/* Offer j as a neighbour with strength c (shared rare terms; 0 for a
** near copy) to a row of *n neighbours (row) and their strengths (str):
** it keeps its NL_STORY_MAX_NB best (nb_better), each neighbour at the
** best strength it was offered, so a row does not depend on the order the
** links are found in.  Both linkers fill their rows with it. */
static inline void row_offer(uint32_t *row, unsigned char *str, unsigned char *n,
                      const uint64_t *key, uint32_t j, unsigned c) {
  size_t k, worst = 0;
  for (k = 0; k < *n; k++)
    if (row[k] == j) {
      if (c > str[k]) str[k] = (unsigned char)c;
      return;
    }
  if (*n < NL_STORY_MAX_NB) {
    row[*n] = j;
    str[(*n)++] = (unsigned char)c;
    return;
  }
  for (k = 1; k < NL_STORY_MAX_NB; k++)
    if (nb_better(key, str[worst], row[worst], str[k], row[k])) worst = k;
  if (nb_better(key, c, j, str[worst], row[worst])) {
    row[worst] = j;
    str[worst] = (unsigned char)c;
  }
}

#endif
