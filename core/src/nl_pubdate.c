/*
** nl_pubdate.c -- publication-date reconciliation (see nl_pubdate.h): the
** driver of the decision and the wording of its results.
**
** Pipeline of nl_pubdate_decide:
**   1. per doc: sentences (a light splitter: only used to pair sentences),
**      content-word sets, and one tagging pass against the current date
**      (nl_pubdate_doc.c);
**   2. stories: each doc's rarest shared terms (2 <= df <= cap) are looked
**      up in the other docs; docs sharing enough of them are neighbours
**      (nl_pubdate_story.c);
**   3. suspicious metadata: a date more than PD_FAR days from the median of
**      its dated neighbours (a crawl stamp: or from a date of its text the
**      story supports, nl_pd_text_day) that the article's own weekday
**      references fit poorly (nl_pd_misfit; nl_pubdate_story.c);
**   4. rounds: every undated or suspicious doc with dated neighbours (or
**      explicit dates) scores candidate DCTs (nl_pubdate_score.c) and takes
**      the best one that some evidence supports; decided docs become
**      anchors for the next round (here).
** Sorting and binary search keep each step O(N log N) in the number of
** terms; the candidate search only runs for docs that need it.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_calendar.h"
#include "nl_pubdate_internal.h"
#include "nl_url.h"

#define PD_ROUNDS 8 /* rounds: docs dated in one anchor the next */

static nl_status default_tag(const char *text, size_t len, const char *dct,
                             nl_timex **out, size_t *n, nl_error *err) {
  nl_timex_opts o = NL_TIMEX_OPTS_INIT;
  o.dct = dct;
  return nl_timex_tag(text, len, &o, out, n, err);
}

/* ---- the driver ------------------------------------------------------- */

static char *dup_printf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static char *dup_printf(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return nl_strdup(buf);
}

/* "lo" or "lo to hi" of a day range, into out[0..n). */
static void range_str(long lo, long hi, char *out, size_t n) {
  char a[16], b[16];
  nl_pd_day_str(lo, a, sizeof a);
  nl_pd_day_str(hi, b, sizeof b);
  if (lo == hi)
    snprintf(out, n, "%s", a);
  else
    snprintf(out, n, "%s to %s", a, b);
}

/* Human evidence for an inferred date. */
static char *evidence_of(pd_ctx *c, size_t i, const pd_dec *dec) {
  char day[16];
  nl_pd_day_str(dec->day, day, sizeof day);
  if (dec->from_url) {
    int y, m, d;
    size_t at = 0, len = 0;
    const char *url = c->in[i].url;
    nl_url_date(url, &y, &m, &d, &at, &len);
    return dup_printf("dated %s by its own address, which names that day "
                      "(\"%.*s\" in %s); no metadata date",
                      day, (int)len, url + at, url);
  }
  if (dec->from_text) {
    char r[40];
    range_str(dec->anchor_lo, dec->anchor_hi, r, sizeof r);
    return dup_printf("inferred %s from the text and the story: the text "
                      "names \"%s\", and %zu related articles are dated "
                      "within %d days of it (%s)",
                      day, c->d[i].text.expr, dec->nanchor, PD_NEAR, r);
  }
  if (dec->best.nmatch) {
    size_t doc = dec->best.ex_link / 1000000u;
    const pd_ref *r = &c->d[doc].refs[dec->best.ex_link % 1000000u];
    char dd[16];
    nl_pd_day_str(c->d[doc].day, dd, sizeof dd);
    return dup_printf(
        "inferred %s from the story: \"%s\" here is %s, the date of \"%s\" "
        "(%s) in the matching report of article %s (dated %s); %zu "
        "matching sentence(s); the article's own relative dates fit best on "
        "%s",
        day, dec->best.ex_expr, dec->best.ex_value, r->expr, r->value,
        c->in[doc].id ? c->in[doc].id : "?", dd, dec->best.nmatch, day);
  }
  (void)i;
  {
    char x[16];
    nl_pd_day_str(dec->best.agree_day, x, sizeof x);
    return dup_printf("inferred %s from the text: its explicit date %s is "
                      "also named by a relative day next to it, and its "
                      "relative dates fit best on %s",
                      day, x, day);
  }
}

static nl_status finish(pd_ctx *c, size_t i, const pd_dec *dec, int decided,
                        nl_pd_result *r) {
  pd_doc *d = &c->d[i];
  const nl_pd_doc *in = &c->in[i];
  char day[16];
  size_t nnb;
  long med = nl_pd_median_nb_day(c, i, 0, &nnb);
  if (decided) {
    nl_pd_day_str(d->day, day, sizeof day);
    snprintf(r->published, sizeof r->published, "%s", day);
    r->source = NL_PUB_INFERRED;
    r->changed = !in->published || strcmp(in->published, day) != 0 ||
                 in->source != NL_PUB_INFERRED;
    r->evidence = evidence_of(c, i, dec);
    if (!r->evidence) return NL_ENOMEM;
    if (d->suspicious && dec->from_text) {
      char rg[40];
      range_str(dec->anchor_lo, dec->anchor_hi, rg, sizeof rg);
      r->warning = dup_printf(
          "publication date conflict: the metadata says \"%s\", within %d "
          "hours of when the record was downloaded (%s), so likely the "
          "crawler's own clock; the text names %s, where %zu related "
          "articles are dated (%s), and its weekday references fit that day "
          "but not the stamp; using %s instead",
          in->published, PD_CRAWL_MIN / 60, in->crawled, day, dec->nanchor, rg,
          day);
      if (!r->warning) return NL_ENOMEM;
    } else if (d->suspicious) {
      char lo[16], hi[16], cite[400];
      long a = dec->anchor_lo, b = dec->anchor_hi;
      nl_pd_core_range(c, i, &a, &b); /* not the weak links' dates */
      nl_pd_day_str(a, lo, sizeof lo);
      nl_pd_day_str(b, hi, sizeof hi);
      nl_pd_cite_nbs(c, i, 1, cite, sizeof cite);
      r->warning = dup_printf(
          "publication date conflict: the metadata says \"%s\" but the "
          "text and the story contradict it (related articles dated %s%s%s%s; "
          "its relative dates fit a different day); using the inferred date "
          "%s instead",
          in->published, lo, strcmp(lo, hi) ? " to " : "",
          strcmp(lo, hi) ? hi : "", cite, day);
      if (!r->warning) return NL_ENOMEM;
    }
    return NL_OK;
  }
  if (in->published)
    snprintf(r->published, sizeof r->published, "%s", in->published);
  r->source = in->source;
  if (d->suspicious) {
    char m[16];
    nl_pd_day_str(d->meta_day, m, sizeof m);
    char cite[400];
    nl_pd_cite_nbs(c, i, 0, cite, sizeof cite);
    r->warning = dup_printf(
        "publication date %s is far from the %zu related articles (those "
        "sharing its rarest words: around %s%s) and fits the text's own "
        "dates poorly; kept, as no other date is better supported",
        m, nnb, nnb ? (nl_pd_day_str(med, day, sizeof day), day) : "?",
        cite);
    if (!r->warning) return NL_ENOMEM;
  } else if (!in->published) {
    r->source = NL_PUB_NONE;
    if (nnb) {
      char cite[400];
      nl_pd_day_str(med, day, sizeof day);
      nl_pd_cite_nbs(c, i, 0, cite, sizeof cite);
      r->warning = dup_printf(
          "no publication date: no metadata, and nothing in the text ties it "
          "to the dates of its %zu related articles (those sharing its "
          "rarest words: around %s%s)",
          nnb, day, cite);
    } else {
      r->warning = nl_strdup(
          "no publication date: no metadata, no explicit date in the text, "
          "and no dated related article");
    }
    if (!r->warning) return NL_ENOMEM;
  }
  return NL_OK;
}

/*
** See nl_pubdate.h.  Rounds: docs decided in one round become anchors of
** the next; decisions within a round do not see each other (order-free).
*/
nl_status nl_pubdate_decide(const nl_pd_doc *docs, size_t n, nl_pd_tag_fn tag,
                            nl_pd_result *out, nl_error *err) {
  return nl_pubdate_decide_with(docs, n, tag, NULL, NULL, out, err);
}

/*
** Only a doc with a newly dated neighbour (fresh) can change in the next
** round: mark those still undecided, clear fresh.  Lists need not be
** symmetric (a twin lists its first twin's neighbours, which do not list
** it; see nl_story.h), so each doc looks at its own list.
*/
static void mark_dirty(const pd_ctx *c, const char *decided, char *fresh,
                       char *dirty) {
  size_t i, k;
  for (i = 0; i < c->n; i++) {
    dirty[i] = 0;
    if (!c->d[i].needy || decided[i]) continue;
    for (k = 0; k < c->d[i].nnb && !dirty[i]; k++)
      dirty[i] = fresh[c->d[i].nb[k]];
  }
  memset(fresh, 0, c->n);
}

/*
** An article with no metadata date whose own address names a day
** ("/2016/11/03/", nl_url_date) is dated that day before any round: the
** publisher's path is direct evidence, where the story's votes are
** indirect; it then anchors its story like a metadata date.  A month in
** the path ("/2016/11/slug") names no day, and a day more than two days
** ahead is an event's (a concert's page), not the report's: such
** articles go through the rounds as before.
*/
static nl_status date_by_url(pd_ctx *c, pd_dec *dec, char *decided,
                             char *fresh) {
  size_t i;
  for (i = 0; i < c->n; i++) {
    pd_doc *d = &c->d[i];
    char dct[16];
    nl_status st;
    if (!d->needy || d->suspicious || d->url_kind != NL_URL_DAY ||
        (d->meta_ok && c->in[i].source == NL_PUB_METADATA) ||
        d->url_lo > nl_cal_today() + 2) /* an event's page, not news */
      continue;
    dec[i].ok = 1;
    dec[i].from_url = 1;
    dec[i].day = d->url_lo;
    decided[i] = fresh[i] = 1;
    d->dated = 1;
    d->day = d->url_lo;
    nl_pd_day_str(d->day, dct, sizeof dct);
    /* tagged first (undated), then its dates against the day, as a doc
    ** a round decides */
    st = nl_pd_ensure_tagged(c, i);
    if (st == NL_OK) st = nl_pd_analyse_dates(c, i, dct, 0);
    if (st != NL_OK) return st;
  }
  return NL_OK;
}

/*
** The decision proper, once every doc has its neighbours (c->d[i].nb):
** rounds, then one result per doc.  Frees nothing of c.
*/
static nl_status decide_core(pd_ctx *c, nl_pd_result *out) {
  const nl_pd_doc *docs = c->in;
  size_t n = c->n, i, round;
  pd_dec *dec = nl_calloc(n ? n : 1, sizeof *dec);
  char *susp = nl_calloc(n ? n : 1, 1), *decided = nl_calloc(n ? n : 1, 1);
  char *dirty = nl_calloc(n ? n : 1, 1), *fresh = nl_calloc(n ? n : 1, 1);
  nl_status st = NL_OK;
  if (!dec || !susp || !decided || !dirty || !fresh) goto oom;
  for (i = 0; i < n; i++) {
    pd_doc *d = &c->d[i];
    d->dated = d->meta_ok && docs[i].source == NL_PUB_METADATA;
    d->day = d->meta_day;
    d->needy = !d->dated && (!c->want || c->want[i]);
  }
  nl_pd_flag_suspicious(c, susp);
  for (i = 0; i < n; i++)
    if (susp[i]) c->d[i].suspicious = 1, c->d[i].dated = 0, c->d[i].needy = 1;
  st = date_by_url(c, dec, decided, fresh);
  if (st != NL_OK) goto out;
  memset(dirty, 1, n);
  for (round = 0; round < PD_ROUNDS; round++) {
    int progress = 0;
    for (i = 0; i < n; i++) {
      dec[i].ok = 0;
      if (!c->d[i].needy || decided[i] || !dirty[i]) continue;
      st = nl_pd_try_decide(c, i, &dec[i]);
      if (st != NL_OK) goto out;
    }
    for (i = 0; i < n; i++) {
      char dct[16];
      if (!dec[i].ok || decided[i] || !c->d[i].needy) continue;
      fresh[i] = 1;
      decided[i] = 1;
      progress = 1;
      c->d[i].dated = 1;
      c->d[i].day = dec[i].day;
      nl_pd_day_str(dec[i].day, dct, sizeof dct);
      st = nl_pd_analyse_dates(c, i, dct, 0);
      if (st != NL_OK) goto out;
    }
    if (!progress) break;
    mark_dirty(c, decided, fresh, dirty);
  }
  for (i = 0; i < n; i++) {
    st = finish(c, i, &dec[i], decided[i], &out[i]);
    if (st != NL_OK) goto oom;
  }
out:
  nl_free(dec);
  nl_free(susp);
  nl_free(decided);
  nl_free(dirty);
  nl_free(fresh);
  return st;
oom:
  st = nl_error_set(c->err, NL_ENOMEM, "pubdate: out of memory");
  goto out;
}

static int init_ctx(pd_ctx *c, const nl_pd_doc *docs, size_t n,
                    nl_pd_tag_fn tag, nl_pd_body_fn body, void *ctx,
                    nl_error *err) {
  memset(c, 0, sizeof *c);
  c->in = docs;
  c->fetch = body;
  c->fetch_ctx = ctx;
  c->n = n;
  c->tag = tag ? tag : default_tag;
  c->err = err;
  c->d = nl_calloc(n ? n : 1, sizeof *c->d);
  return c->d != NULL;
}

/* See nl_pubdate.h. */
nl_status nl_pubdate_decide_with(const nl_pd_doc *docs, size_t n,
                                 nl_pd_tag_fn tag, nl_pd_body_fn body,
                                 void *ctx, nl_pd_result *out, nl_error *err) {
  pd_ctx c;
  size_t i;
  nl_status st = NL_OK;
  memset(out, 0, n * sizeof *out);
  if (!init_ctx(&c, docs, n, tag, body, ctx, err))
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  for (i = 0; i < n && st == NL_OK; i++)
    st = nl_pd_prepare_doc(&c, i);
  if (st == NL_OK) st = nl_pd_link_stories(&c);
  if (st == NL_OK) st = decide_core(&c, out);
  nl_pd_free_docs(&c);
  return st;
}

/* nl_pubdate_decide_linked and nl_pubdate_decide_tagged. */
static nl_status decide_linked(const nl_pd_doc *docs, size_t n,
                               const size_t *nb_off, const size_t *nb,
                               const unsigned char *nb_str,
                               const char *want, nl_pd_tag_fn tag,
                               const nl_pd_tagged *pre, nl_pd_body_fn body,
                               void *ctx, nl_pd_result *out, nl_error *err) {
  pd_ctx c;
  size_t i, k;
  nl_status st = NL_OK;
  memset(out, 0, n * sizeof *out);
  if (!init_ctx(&c, docs, n, tag, body, ctx, err))
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  c.linked = 1;
  c.want = want;
  c.pre = pre;
  for (i = 0; i < n && st == NL_OK; i++) {
    pd_doc *d = &c.d[i];
    st = nl_pd_prepare_doc(&c, i);
    for (k = nb_off[i]; k < nb_off[i + 1] && d->nnb < PD_MAX_NB; k++)
      if (nb[k] < n && nb[k] != i) {
        d->nbs[d->nnb] = nb_str ? nb_str[k] : NL_STORY_COPY;
        d->nb[d->nnb++] = nb[k];
      }
  }
  if (st == NL_OK) st = decide_core(&c, out);
  nl_pd_free_docs(&c);
  return st;
}

/* See nl_pubdate.h. */
nl_status nl_pubdate_decide_linked(const nl_pd_doc *docs, size_t n,
                                   const size_t *nb_off, const size_t *nb,
                                   const unsigned char *nb_str,
                                   const char *want, nl_pd_tag_fn tag,
                                   nl_pd_body_fn body, void *ctx,
                                   nl_pd_result *out, nl_error *err) {
  return decide_linked(docs, n, nb_off, nb, nb_str, want, tag, NULL, body,
                       ctx, out, err);
}

/* See nl_pubdate.h: the tagger is nl_timex_tag, the one the ingest's
** tagging (pre) came from. */
nl_status nl_pubdate_decide_tagged(const nl_pd_doc *docs, size_t n,
                                   const size_t *nb_off, const size_t *nb,
                                   const unsigned char *nb_str,
                                   const char *want, const nl_pd_tagged *pre,
                                   nl_pd_body_fn body, void *ctx,
                                   nl_pd_result *out, nl_error *err) {
  return decide_linked(docs, n, nb_off, nb, nb_str, want, NULL, pre, body,
                       ctx, out, err);
}

/* See nl_pubdate.h. */
void nl_pd_results_clear(nl_pd_result *out, size_t n) {
  size_t i;
  for (i = 0; out && i < n; i++) {
    nl_free(out[i].evidence);
    nl_free(out[i].warning);
    out[i].evidence = out[i].warning = NULL;
  }
}
