/*
** nl_pubdate_story.c -- the stories of the publication-date decision
** (see nl_pubdate_internal.h): neighbours from shared rare terms
** (nl_story.c), the median date of a doc's story, and metadata dates
** flagged as suspicious: more than PD_FAR days from the story (and well
** outside its own spread) that the
** article's own weekday references fit poorly (nl_pd_misfit) and that its
** address does not vouch for (nl_pd_url_vouches); a crawl
** stamp also when its text names a date its story supports
** (nl_pd_text_day).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_pubdate_internal.h"

/* The representative of each doc (nl_story.h: twins); rep[n]. */
static nl_status find_twins(const pd_ctx *c, uint32_t *rep) {
  nl_story_twins *tw = nl_story_twins_new();
  size_t i;
  nl_status st = tw ? NL_OK : NL_ENOMEM;
  for (i = 0; i < c->n && st == NL_OK; i++)
    st = nl_story_twins_add(tw, nl_story_twin_key(c->d[i].nt, c->d[i].hash),
                            (uint32_t)i, &rep[i]);
  nl_story_twins_free(tw);
  return st;
}

/* The rows nb/nnb of nl_story_link, strengths sg, as lists with twins
** (each doc's c->d[i].nb and .nbs). */
static nl_status twin_lists(pd_ctx *c, const uint32_t *rep, const size_t *nb,
                            const size_t *nnb, const unsigned char *sg) {
  uint32_t *off = nl_malloc((c->n + 1) * sizeof *off), *lst;
  unsigned char *str;
  char *dated = nl_malloc(c->n ? c->n : 1);
  size_t i, k, tot = 0;
  nl_status st = NL_ENOMEM;
  for (i = 0; i < c->n; i++)
    tot += nnb[i];
  lst = nl_malloc((tot ? tot : 1) * sizeof *lst);
  str = nl_malloc(tot ? tot : 1);
  if (off && dated && lst && str) {
    for (i = 0, tot = 0; i < c->n; i++) {
      off[i] = (uint32_t)tot;
      for (k = 0; k < nnb[i]; k++) {
        str[tot] = sg[i * PD_MAX_NB + k];
        lst[tot++] = (uint32_t)nb[i * PD_MAX_NB + k];
      }
      dated[i] = c->d[i].meta_ok && c->in[i].source == NL_PUB_METADATA;
    }
    off[c->n] = (uint32_t)tot;
    st = nl_story_twin_links(rep, c->n, NULL, dated, &off, &lst, &str);
  }
  for (i = 0; st == NL_OK && i < c->n; i++) {
    c->d[i].nnb = off[i + 1] - off[i];
    if (c->d[i].nnb > PD_MAX_NB) c->d[i].nnb = PD_MAX_NB; /* (never) */
    for (k = 0; k < c->d[i].nnb; k++) {
      c->d[i].nb[k] = lst[off[i] + k];
      c->d[i].nbs[k] = str[off[i] + k];
    }
  }
  nl_free(off);
  nl_free(lst);
  nl_free(str);
  nl_free(dated);
  return st;
}

/* See nl_pubdate_internal.h.  Twins (nl_story.h) are linked as one doc. */
nl_status nl_pd_link_stories(pd_ctx *c) {
  size_t m = c->n ? c->n : 1, i;
  const uint64_t **t = nl_malloc(m * sizeof *t);
  size_t *nt = nl_malloc(m * sizeof *nt);
  size_t *nb = nl_malloc(m * PD_MAX_NB * sizeof *nb);
  size_t *nnb = nl_malloc(m * sizeof *nnb);
  unsigned char *sg = nl_malloc(m * PD_MAX_NB);
  uint32_t *rep = nl_malloc(m * sizeof *rep);
  nl_status st = NL_ENOMEM;
  if (t && nt && nb && nnb && sg && rep) st = find_twins(c, rep);
  if (st == NL_OK) {
    for (i = 0; i < c->n; i++)
      t[i] = c->d[i].t, nt[i] = rep[i] == i ? c->d[i].nt : 0;
    st = nl_story_link(t, nt, c->n, nb, nnb, sg, c->err);
  }
  if (st == NL_OK) st = twin_lists(c, rep, nb, nnb, sg);
  if (st == NL_ENOMEM) nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  nl_free(t);
  nl_free(nt);
  nl_free(nb);
  nl_free(nnb);
  nl_free(sg);
  nl_free(rep);
  return st;
}

/* Is doc i's k-th neighbour in its story's core: a copy of it (whose date
** counts as before: it is the same claim, never the evidence that sets
** the core), or linked at least CORE_SHARE as strongly as max_str
** (core_strength)?  A long report shares a
** few rare names with many unrelated ones (a 2022 report on Russia and
** Ukraine took 8 of a 2017 crawl's reports as neighbours at strengths
** 4-8, its one dated sibling at 13): their dates say nothing of its own. */
#define CORE_SHARE_NUM 2
#define CORE_SHARE_DEN 3
static int in_core(const pd_doc *d, size_t k, unsigned max_str) {
  return d->nbs[k] == NL_STORY_COPY ||
         (unsigned)d->nbs[k] * CORE_SHARE_DEN >= max_str * CORE_SHARE_NUM;
}

/* Does doc i's k-th neighbour have a usable metadata date? */
static int meta_dated(const pd_ctx *c, size_t i, size_t k) {
  size_t j = c->d[i].nb[k];
  return c->d[j].meta_ok && c->in[j].source == NL_PUB_METADATA;
}

/* The strength in_core measures doc i's links against: of its strongest
** link to a neighbour with a metadata date, else to a dated one (0: only
** copies, or none). */
static unsigned core_strength(const pd_ctx *c, size_t i) {
  const pd_doc *d = &c->d[i];
  size_t k;
  unsigned meta = 0, any = 0;
  for (k = 0; k < d->nnb; k++) {
    if (meta_dated(c, i, k) && d->nbs[k] > meta) meta = d->nbs[k];
    if (c->d[d->nb[k]].dated && d->nbs[k] > any) any = d->nbs[k];
  }
  return meta ? meta : any;
}

/* The days of doc i's neighbours, sorted, into days[] (PD_MAX_NB): the
** metadata dates of its story's core (meta_only: in_core), else the
** current dates of all of them. */
static size_t story_days(const pd_ctx *c, size_t i, int meta_only,
                         long *days) {
  const pd_doc *d = &c->d[i];
  size_t k, n = 0;
  unsigned max_str = meta_only ? core_strength(c, i) : 0;
  for (k = 0; k < d->nnb; k++) {
    const pd_doc *e = &c->d[d->nb[k]];
    if (meta_only ? meta_dated(c, i, k) && in_core(d, k, max_str) : e->dated)
      days[n++] = meta_only ? e->meta_day : e->day;
  }
  qsort(days, n, sizeof *days, nl_pd_cmp_long);
  return n;
}

/* See nl_pubdate_internal.h. */
long nl_pd_median_nb_day(pd_ctx *c, size_t i, int meta_only, size_t *n) {
  long days[PD_MAX_NB];
  *n = story_days(c, i, meta_only, days);
  return *n ? days[*n / 2] : 0;
}

#define CITE_NBS 3 /* neighbours a warning names */

/* See nl_pubdate_internal.h. */
void nl_pd_cite_nbs(const pd_ctx *c, size_t i, int core_only, char *out,
                    size_t cap) {
  const pd_doc *d = &c->d[i];
  size_t pick[CITE_NBS], n = 0, k, j, len = 0;
  unsigned max_str = core_only ? core_strength(c, i) : 0;
  for (k = 0; k < d->nnb; k++) { /* insertion into the best CITE_NBS */
    const pd_doc *e = &c->d[d->nb[k]];
    if (!e->dated || (core_only && !in_core(d, k, max_str))) continue;
    for (j = n; j > 0; j--) {
      size_t p = pick[j - 1];
      const pd_doc *f = &c->d[d->nb[p]];
      if (d->nbs[p] > d->nbs[k] ||
          (d->nbs[p] == d->nbs[k] && f->day <= e->day))
        break;
      if (j < CITE_NBS) pick[j] = p;
    }
    if (j < CITE_NBS) {
      pick[j] = k;
      if (n < CITE_NBS) n++;
    }
  }
  if (cap) out[0] = '\0';
  for (j = 0; j < n && len + 1 < cap; j++) {
    const pd_doc *e = &c->d[d->nb[pick[j]]];
    const char *id = c->in[d->nb[pick[j]]].id;
    char day[16];
    int w;
    nl_pd_day_str(e->day, day, sizeof day);
    w = snprintf(out + len, cap - len, "%s%s (%s)",
                 j ? ", " : "; the most strongly linked: ", id ? id : "?", day);
    if (w < 0 || (size_t)w >= cap - len) { /* cut: keep whole entries */
      out[len] = '\0';
      break;
    }
    len += (size_t)w;
  }
}

/* See nl_pubdate_internal.h. */
size_t nl_pd_core_range(const pd_ctx *c, size_t i, long *lo, long *hi) {
  const pd_doc *d = &c->d[i];
  size_t k, n = 0;
  unsigned max_str = core_strength(c, i);
  for (k = 0; k < d->nnb; k++) {
    const pd_doc *e = &c->d[d->nb[k]];
    if (!e->dated || !in_core(d, k, max_str)) continue;
    if (n++ == 0 || e->day < *lo) *lo = e->day;
    if (n == 1 || e->day > *hi) *hi = e->day;
  }
  return n;
}

/* ---- suspicious metadata dates -------------------------------------- */

/* How far doc i's metadata-dated neighbours spread around their median
** med: the median of their distances from it, in days. */
static long story_spread(const pd_ctx *c, size_t i, long med) {
  long days[PD_MAX_NB];
  size_t k, n = story_days(c, i, 1, days);
  for (k = 0; k < n; k++)
    days[k] = labs(days[k] - med);
  qsort(days, n, sizeof *days, nl_pd_cmp_long);
  return n ? days[n / 2] : 0;
}

/* Is metadata day `day` far from doc i's story, whose median is med: more
** than PD_FAR days, and more than STORY_SPREADS times the story's own
** spread (a story whose dates spread over years is no test of a date
** within them; two reports two months apart still are of one three
** years away)? */
#define STORY_SPREADS 3
static int far_from_story(const pd_ctx *c, size_t i, long med, long day) {
  long dist = labs(med - day);
  return dist > PD_FAR && dist > STORY_SPREADS * story_spread(c, i, med);
}

/* Do PD_TEXT_MIN or more of doc i's neighbours, however weakly linked,
** have metadata dates within PD_NEAR days of `day`?  Then its story
** does not contradict it, whatever its core says: a report linked most
** strongly to an older one of its subject (a German policy row of
** 1987-10-19 to April's, at 11 shared terms) while seven reports of its
** own days share 5-6 with it. */
static int close_support(const pd_ctx *c, size_t i, long day) {
  size_t k, n = 0;
  for (k = 0; k < c->d[i].nnb; k++)
    if (meta_dated(c, i, k) &&
        labs(c->d[c->d[i].nb[k]].meta_day - day) <= PD_NEAR)
      n++;
  return n >= PD_TEXT_MIN;
}

/*
** See nl_pubdate_internal.h.  A date the article's own address vouches
** for (nl_pd_url_vouches) is never flagged: a story's median is the
** weaker evidence (rare terms link unrelated reports of other years:
** NPR's 2016-01-05 report on the Cologne assaults was linked to the
** New Year's Eve reports of 2017).  Nor is a date within the spread of
** a story whose dates spread over months or years (far_from_story): rare
** terms linked unrelated reports, as they do in a small folder of many
** stories, and their median says little.  A crawl stamp is far from its
** story too when its text names an earlier date the story supports: the
** median is no test of a stamp whose neighbours spread over years, or
** carry stamps of the same crawl.
*/
void nl_pd_flag_suspicious(pd_ctx *c, char *susp) {
  size_t i;
  for (i = 0; i < c->n; i++) {
    pd_doc *d = &c->d[i];
    size_t nnb;
    long med;
    int poor, far;
    susp[i] = 0;
    if (!d->dated || (c->want && !c->want[i])) continue;
    if (nl_pd_url_vouches(c, i)) continue; /* its address says so too */
    med = nl_pd_median_nb_day(c, i, 1, &nnb);
    if (nnb == 0) continue;
    far = far_from_story(c, i, med, d->meta_day) &&
          !close_support(c, i, d->meta_day);
    if (d->stamp && nl_pd_text_day(c, i) == NL_OK && d->text.ok) far = 1;
    if (!far) continue;
    /* poor fit: two or more day references, on average more than two
    ** days farther from the date than from the best day near it */
    if (nl_pd_misfit(c, i, d->meta_day, &poor) != NL_OK) continue;
    susp[i] = (char)poor;
  }
}
