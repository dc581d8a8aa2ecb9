/*
** nl_pubdate_story.c -- the stories of the publication-date decision
** (see nl_pubdate_internal.h): neighbours from shared rare terms
** (nl_story.c), the median date of a doc's story, and metadata dates
** flagged as suspicious: more than PD_FAR days from the story that the
** article's own weekday references fit poorly (nl_pd_misfit).
*/
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_pubdate_internal.h"

#define PD_FAR 30 /* days from the story that make a date suspicious */

/* See nl_pubdate_internal.h. */
nl_status nl_pd_link_stories(pd_ctx *c) {
  const uint64_t **t = nl_malloc((c->n ? c->n : 1) * sizeof *t);
  size_t *nt = nl_malloc((c->n ? c->n : 1) * sizeof *nt);
  size_t *nb = nl_malloc((c->n ? c->n : 1) * PD_MAX_NB * sizeof *nb);
  size_t *nnb = nl_malloc((c->n ? c->n : 1) * sizeof *nnb);
  size_t i;
  nl_status st = NL_ENOMEM;
  if (t && nt && nb && nnb) {
    for (i = 0; i < c->n; i++)
      t[i] = c->d[i].t, nt[i] = c->d[i].nt;
    st = nl_story_link(t, nt, c->n, nb, nnb, c->err);
    for (i = 0; st == NL_OK && i < c->n; i++) {
      c->d[i].nnb = nnb[i];
      memcpy(c->d[i].nb, nb + i * PD_MAX_NB, nnb[i] * sizeof *nb);
    }
  } else {
    nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  }
  nl_free(t);
  nl_free(nt);
  nl_free(nb);
  nl_free(nnb);
  return st;
}

/* See nl_pubdate_internal.h. */
long nl_pd_median_nb_day(pd_ctx *c, size_t i, int meta_only, size_t *n) {
  long days[PD_MAX_NB];
  size_t k;
  *n = 0;
  for (k = 0; k < c->d[i].nnb; k++) {
    pd_doc *e = &c->d[c->d[i].nb[k]];
    if (meta_only
            ? (e->meta_ok && c->in[c->d[i].nb[k]].source == NL_PUB_METADATA)
            : e->dated)
      days[(*n)++] = meta_only ? e->meta_day : e->day;
  }
  if (*n == 0) return 0;
  qsort(days, *n, sizeof *days, nl_pd_cmp_long);
  return days[*n / 2];
}

/* ---- suspicious metadata dates -------------------------------------- */

/* See nl_pubdate_internal.h. */
void nl_pd_flag_suspicious(pd_ctx *c, char *susp) {
  size_t i;
  for (i = 0; i < c->n; i++) {
    pd_doc *d = &c->d[i];
    size_t nnb;
    long med;
    int poor;
    susp[i] = 0;
    if (!d->dated || (c->want && !c->want[i])) continue;
    med = nl_pd_median_nb_day(c, i, 1, &nnb);
    if (nnb == 0 || labs(med - d->meta_day) <= PD_FAR) continue;
    /* poor fit: two or more day references, on average more than two
    ** days farther from the date than from the best day near it */
    if (nl_pd_misfit(c, i, d->meta_day, &poor) != NL_OK) continue;
    susp[i] = (char)poor;
  }
}
