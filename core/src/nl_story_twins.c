/*
** nl_story_twins.c -- docs with the same text, for story linking (see
** nl_story.h): their key, a table from key to the first doc that had it,
** and the neighbour lists that give every twin its representative's
** story.
*/
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_story.h"
#include "nl_story_internal.h"

/* See nl_story.h. */
uint64_t nl_story_twin_key(size_t nt, uint64_t body_hash) {
  if (nt < NL_STORY_TWIN_MIN) return 0;
  return body_hash ? body_hash : 1;
}

/* Open addressing, linear probing; fp 0 marks a free slot. */
struct nl_story_twins {
  uint64_t *fp;
  uint32_t *doc;
  size_t cap, n; /* cap: a power of two, at most half full */
};

/* See nl_story.h. */
nl_story_twins *nl_story_twins_new(void) {
  return nl_calloc(1, sizeof(nl_story_twins));
}

/* See nl_story.h. */
void nl_story_twins_free(nl_story_twins *t) {
  if (!t) return;
  nl_free(t->fp);
  nl_free(t->doc);
  nl_free(t);
}

static size_t slot_of(const nl_story_twins *t, uint64_t fp) {
  size_t h = (size_t)(fp * 0x9e3779b97f4a7c15u >> 32) & (t->cap - 1);
  while (t->fp[h] && t->fp[h] != fp)
    h = (h + 1) & (t->cap - 1);
  return h;
}

/* Double the table (first size 1024). */
static nl_status grow(nl_story_twins *t) {
  size_t cap = t->cap ? t->cap * 2 : 1024, i;
  nl_story_twins bigger;
  bigger.cap = cap;
  bigger.n = t->n;
  bigger.fp = nl_calloc(cap, sizeof *bigger.fp);
  bigger.doc = nl_malloc(cap * sizeof *bigger.doc);
  if (!bigger.fp || !bigger.doc) {
    nl_free(bigger.fp);
    nl_free(bigger.doc);
    return NL_ENOMEM;
  }
  for (i = 0; i < t->cap; i++)
    if (t->fp[i]) {
      size_t h = slot_of(&bigger, t->fp[i]);
      bigger.fp[h] = t->fp[i];
      bigger.doc[h] = t->doc[i];
    }
  nl_free(t->fp);
  nl_free(t->doc);
  *t = bigger;
  return NL_OK;
}

/* See nl_story.h. */
nl_status nl_story_twins_add(nl_story_twins *t, uint64_t fp, uint32_t doc,
                             uint32_t *rep) {
  size_t h;
  *rep = doc;
  if (!fp) return NL_OK;
  if ((t->n + 1) * 2 > t->cap && grow(t) != NL_OK) return NL_ENOMEM;
  h = slot_of(t, fp);
  if (t->fp[h]) {
    *rep = t->doc[h];
    return NL_OK;
  }
  t->fp[h] = fp;
  t->doc[h] = doc;
  t->n++;
  return NL_OK;
}

/*
** Doc i's list into row (at most NL_STORY_MAX_NB, doc order): its dated
** twins first when i is undated (they are the same article with a date),
** then its representative's neighbours; with str (the strengths of nb),
** their strengths into rs (a twin: NL_STORY_COPY).  Returns the count.
*/
static size_t twin_row(size_t i, const uint32_t *rep, const char *dated,
                       const uint32_t *goff, const uint32_t *gmem,
                       const uint32_t *off, const uint32_t *nb,
                       const unsigned char *str, uint32_t *row,
                       unsigned char *rs) {
  size_t m = 0, k, j;
  uint32_t r = rep[i];
  if (!dated[i])
    for (k = goff[r]; k < goff[r + 1] && m < NL_STORY_MAX_NB; k++)
      if (gmem[k] != i && dated[gmem[k]]) {
        rs[m] = NL_STORY_COPY;
        row[m++] = gmem[k];
      }
  for (k = off[r]; k < off[r + 1] && m < NL_STORY_MAX_NB; k++) {
    for (j = 0; j < m && row[j] != nb[k]; j++) {
    }
    if (j == m && nb[k] != i) {
      rs[m] = str ? str[k] : NL_STORY_COPY;
      row[m++] = nb[k];
    }
  }
  row_sort(row, str ? rs : NULL, m);
  return m;
}

/* See nl_story.h. */
nl_status nl_story_twin_links(const uint32_t *rep, size_t n, const char *want,
                              const char *dated, uint32_t **off,
                              uint32_t **nb, unsigned char **str) {
  uint32_t *goff = NULL, *gmem = NULL, *fill = NULL, *noff = NULL;
  uint32_t *nnb = NULL, row[NL_STORY_MAX_NB];
  unsigned char *nstr = NULL, rs[NL_STORY_MAX_NB];
  const unsigned char *ostr = str ? *str : NULL;
  size_t i, tot = 0;
  for (i = 0; i < n && rep[i] == i; i++) {
  }
  if (i == n) return NL_OK; /* no twins: the lists stand */
  /* the dated members of each representative's group: gmem[goff[r] ..
  ** goff[r+1]) (only those are listed: an undated twin scans no more than
  ** NL_STORY_MAX_NB of them, however many undated copies the group has) */
  goff = nl_calloc(n + 1, sizeof *goff);
  gmem = nl_malloc((n ? n : 1) * sizeof *gmem);
  fill = nl_malloc((n ? n : 1) * sizeof *fill);
  noff = nl_malloc((n + 1) * sizeof *noff);
  if (!goff || !gmem || !fill || !noff) goto oom;
  for (i = 0; i < n; i++)
    if (dated[i]) goff[rep[i] + 1]++;
  for (i = 0; i < n; i++)
    goff[i + 1] += goff[i];
  memcpy(fill, goff, n * sizeof *fill);
  for (i = 0; i < n; i++)
    if (dated[i]) gmem[fill[rep[i]]++] = (uint32_t)i;
  for (i = 0; i < n; i++) { /* sizes first, then the lists */
    noff[i] = (uint32_t)tot;
    if (!want || want[i])
      tot += twin_row(i, rep, dated, goff, gmem, *off, *nb, ostr, row, rs);
  }
  noff[n] = (uint32_t)tot;
  nnb = nl_malloc((tot ? tot : 1) * sizeof *nnb);
  if (!nnb) goto oom;
  if (str && !(nstr = nl_malloc(tot ? tot : 1))) {
    nl_free(nnb);
    goto oom;
  }
  for (i = 0; i < n; i++)
    if (!want || want[i])
      twin_row(i, rep, dated, goff, gmem, *off, *nb, ostr, nnb + noff[i],
               nstr ? nstr + noff[i] : rs);
  nl_free(goff);
  nl_free(gmem);
  nl_free(fill);
  nl_free(*off);
  nl_free(*nb);
  *off = noff;
  *nb = nnb;
  if (str) {
    nl_free(*str);
    *str = nstr;
  }
  return NL_OK;
oom:
  nl_free(goff);
  nl_free(gmem);
  nl_free(fill);
  nl_free(noff);
  return NL_ENOMEM;
}
