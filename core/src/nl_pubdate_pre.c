/*
** nl_pubdate_pre.c -- the part of a first reconciliation an ingest's
** loader thread computes ahead, off the writer's thread (see nl_pubdate.h):
**   - the prelink: twins and story links of the loaded articles' word
**     sets (nl_pd_prelink_make);
**   - the decisions: the rows of the loaded articles as the writer stores
**     them (nl_pd_pre_add), decided as nl_pubdate_reconcile_words would
**     over a store of exactly those rows (nl_pd_decide_all over these
**     rows in memory), with the updates and re-tagged dates of what
**     changes (nl_pd_pre_decide).
** The writer takes them only when the store holds those rows in that
** order, checked by each row's fingerprint (nl_pd_row_print).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_pubdate.h"
#include "nl_pubdate_internal.h"
#include "nl_story.h"

struct nl_pd_prelink {
  size_t n;
  uint32_t *rep;      /* each article's first twin */
  uint32_t *off, *nb; /* nl_story_scan_link's lists, every article asked */
  unsigned char *str; /* ... and their strengths */
};

/* See nl_pubdate.h. */
void nl_pd_prelink_free(nl_pd_prelink *p) {
  if (!p) return;
  nl_free(p->rep);
  nl_free(p->off);
  nl_free(p->nb);
  nl_free(p->str);
  nl_free(p);
}

/* Twins, counts, rare terms and links of k's sets: what link_all's passes
** do over a store holding exactly these articles (all of them work). */
static nl_status prelink_scan(const nl_pd_words *k, nl_pd_prelink *p,
                              nl_story_scan *sc, nl_story_twins *tw,
                              char *ask) {
  nl_error err = NL_ERROR_INIT;
  size_t i;
  for (i = 0; i < k->n; i++) {
    size_t nw = k->off[i + 1] - k->off[i];
    if (nl_story_twins_add(tw, nl_story_twin_key(nw, k->hash[i]), (uint32_t)i,
                           &p->rep[i]) != NL_OK)
      return NL_ENOMEM;
    nl_story_scan_count(sc, k->w + k->off[i], p->rep[i] == i ? nw : 0);
  }
  for (i = 0; i < k->n; i++) {
    size_t nw = k->off[i + 1] - k->off[i];
    if (nl_story_scan_add(sc, k->w + k->off[i], p->rep[i] == i ? nw : 0) !=
        NL_OK)
      return NL_ENOMEM;
  }
  memset(ask, 1, k->n);
  return nl_story_scan_link(sc, ask, &p->off, &p->nb, &p->str, &err);
}

/* See nl_pubdate.h. */
nl_pd_prelink *nl_pd_prelink_make(const nl_pd_words *k) {
  nl_pd_prelink *p;
  nl_story_scan *sc;
  nl_story_twins *tw;
  char *ask;
  nl_status st = NL_ENOMEM;
  if (!k || k->full || !k->n || k->n >= UINT32_MAX) return NULL;
  if (!(p = nl_calloc(1, sizeof *p))) return NULL;
  p->n = k->n;
  p->rep = nl_malloc(k->n * sizeof *p->rep);
  sc = nl_story_scan_new(PD_MAX_POST);
  tw = nl_story_twins_new();
  ask = nl_malloc(k->n);
  if (p->rep && sc && tw && ask) st = prelink_scan(k, p, sc, tw, ask);
  nl_story_scan_free(sc);
  nl_story_twins_free(tw);
  nl_free(ask);
  if (st == NL_OK) return p;
  nl_pd_prelink_free(p);
  return NULL;
}

/* See nl_pubdate_internal.h. */
const uint32_t *nl_pd_prelink_rep(const nl_pd_prelink *p, size_t *n) {
  *n = p->n;
  return p->rep;
}

/* See nl_pubdate_internal.h.  The prelink's lists are copied (twin links
** take and free their own). */
nl_status nl_pd_prelink_links(const nl_pd_prelink *p, const unsigned char *fl,
                              uint32_t **off, uint32_t **nb,
                              unsigned char **str) {
  size_t tot = p->off[p->n], g;
  char *want = nl_malloc(p->n ? p->n : 1);
  char *dated = nl_malloc(p->n ? p->n : 1);
  nl_status st = NL_ENOMEM;
  *off = nl_malloc((p->n + 1) * sizeof **off);
  *nb = nl_malloc((tot ? tot : 1) * sizeof **nb);
  *str = nl_malloc(tot ? tot : 1);
  if (want && dated && *off && *nb && *str) {
    memcpy(*off, p->off, (p->n + 1) * sizeof **off);
    if (tot) memcpy(*nb, p->nb, tot * sizeof **nb);
    if (tot) memcpy(*str, p->str, tot);
    for (g = 0; g < p->n; g++) {
      want[g] = (fl[g] & PD_F_WORK) != 0;
      dated[g] = (fl[g] & PD_F_DATED) != 0;
    }
    st = nl_story_twin_links(p->rep, p->n, want, dated, off, nb, str);
  }
  nl_free(want);
  nl_free(dated);
  if (st != NL_OK) {
    nl_free(*off);
    nl_free(*nb);
    nl_free(*str);
    *off = *nb = NULL;
    *str = NULL;
  }
  return st;
}

/* h mixed with s[0..n), 8 bytes a step (the rows' prints are hashed on
** the writer's thread: FNV-1a's byte steps cost 11M instructions over
** Reuters-21578). */
static uint64_t mix(uint64_t h, const char *s, size_t n) {
  const uint64_t k = 0x9e3779b97f4a7c15ull;
  uint64_t v;
  for (; n >= 8; s += 8, n -= 8) {
    memcpy(&v, s, 8);
    h = (h ^ v) * k;
    h ^= h >> 29;
  }
  v = (uint64_t)n << 56;
  if (n) memcpy(&v, s, n);
  h = (h ^ v ^ ((uint64_t)n << 59)) * k;
  return h ^ (h >> 29);
}

/* See nl_pubdate_internal.h. */
uint64_t nl_pd_row_print(const char *const f[PD_PRINT_FIELDS],
                         const size_t len[PD_PRINT_FIELDS]) {
  uint64_t h = NL_FNV64_INIT;
  int k;
  for (k = 0; k < PD_PRINT_FIELDS; k++)
    h = f[k] ? mix(h, f[k], len[k]) : (h ^ 0xffu) * 0x9e3779b97f4a7c15ull;
  return h;
}

struct nl_pd_pre {
  size_t max, bytes; /* budget of kept text and what is kept */
  int stop;          /* stopped keeping, or deciding failed */
  int ready;         /* decided: prints and writes usable */
  size_t n, cap;
  pd_row *rows; /* the rows as the writer stores them: their strings
                ** in body[g]'s block, or in `extra` once updated */
  char **body;  /* each row's block: body, NUL, then its strings */
  size_t *blen;
  char **extra; /* strings of updated rows */
  size_t nextra, extracap;
  uint64_t *print; /* nl_pd_row_print of each row as stored */
  pd_write *w;     /* the writes decided, in order */
  size_t nw, wcap;
  const nl_pd_words *k; /* while deciding: the sets and dates */
};

/* See nl_pubdate.h. */
nl_pd_pre *nl_pd_pre_new(size_t max_bytes) {
  nl_pd_pre *p = nl_calloc(1, sizeof *p);
  if (p) p->max = max_bytes;
  return p;
}

/* Drop the kept rows and bodies (not the prints and writes). */
static void drop_rows(nl_pd_pre *p) {
  size_t i;
  for (i = 0; p->body && i < p->n; i++)
    nl_free(p->body[i]);
  for (i = 0; i < p->nextra; i++)
    nl_free(p->extra[i]);
  nl_free(p->body);
  nl_free(p->blen);
  nl_free(p->rows);
  nl_free(p->extra);
  p->body = NULL;
  p->blen = NULL;
  p->rows = NULL;
  p->extra = NULL;
  p->nextra = p->extracap = 0;
}

static void drop_writes(nl_pd_pre *p) {
  size_t i;
  for (i = 0; i < p->nw; i++) {
    nl_pd_update_clear(&p->w[i].u);
    nl_free_mem(p->w[i].tx);
  }
  nl_free(p->w);
  p->w = NULL;
  p->nw = p->wcap = 0;
}

/* Stop: nothing kept, nothing decided. */
static void stop(nl_pd_pre *p) {
  drop_rows(p);
  drop_writes(p);
  nl_free(p->print);
  p->print = NULL;
  p->n = p->cap = 0;
  p->stop = 1;
  p->ready = 0;
}

/* See nl_pubdate.h. */
void nl_pd_pre_free(nl_pd_pre *p) {
  if (!p) return;
  stop(p);
  nl_free(p);
}

/* A NUL-terminated copy of s[0..n) (NULL for NULL); *oom when out of
** memory. */
static char *copy(const char *s, size_t n, int *oom) {
  char *c;
  if (!s) return NULL;
  if (!(c = nl_malloc(n + 1))) {
    *oom = 1;
    return NULL;
  }
  if (n) memcpy(c, s, n);
  c[n] = '\0';
  return c;
}

/* Room for one more row; 0 if out of memory. */
static int room(nl_pd_pre *p) {
  size_t nc;
  pd_row *r;
  char **b;
  size_t *l;
  uint64_t *h;
  if (p->n < p->cap) return 1;
  nc = p->cap ? 2 * p->cap : 1024;
  if (!(r = nl_realloc(p->rows, nc * sizeof *r))) return 0;
  p->rows = r;
  if (!(b = nl_realloc(p->body, nc * sizeof *b))) return 0;
  p->body = b;
  if (!(l = nl_realloc(p->blen, nc * sizeof *l))) return 0;
  p->blen = l;
  if (!(h = nl_realloc(p->print, nc * sizeof *h))) return 0;
  p->print = h;
  p->cap = nc;
  return 1;
}

/* The fingerprint of row r. */
static uint64_t print_of(const pd_row *r) {
  const char *f[PD_PRINT_FIELDS];
  size_t len[PD_PRINT_FIELDS];
  int k;
  f[0] = r->id;
  f[1] = r->published;
  f[2] = r->source;
  f[3] = r->meta;
  for (k = 0; k < PD_PRINT_FIELDS; k++)
    len[k] = f[k] ? strlen(f[k]) : 0;
  return nl_pd_row_print(f, len);
}

/* Append s[0..n) and a NUL at *at (NULL s: nothing, NULL returned). */
static char *put(char **at, const char *s, size_t n) {
  char *p = *at;
  if (!s) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  *at += n + 1;
  return p;
}

/* See nl_pubdate.h.  The row as nl_db_insert_prepared binds it: the
** metadata date also as meta_published, empty lists as NULL; one block
** holds its body and strings. */
void nl_pd_pre_add(nl_pd_pre *p, const nl_pd_art *a) {
  pd_row *r;
  size_t nw = a->warnings ? a->nwarnings : 0, nkv = a->kv ? a->nkv : 0;
  size_t nb = a->body ? a->body_len : 0;
  size_t nid = a->id ? strlen(a->id) : 0;
  size_t npub = a->published ? strlen(a->published) : 0;
  size_t nev = a->evidence ? strlen(a->evidence) : 0;
  size_t nurl = a->url ? strlen(a->url) : 0;
  const char *src = nl_pub_source_name(a->source);
  size_t nsrc = src ? strlen(src) : 0;
  char *b, *at;
  if (!p || p->stop) return;
  p->bytes += nb + nw + nkv + nid + 2 * npub + nsrc + nev + nurl + 64;
  if (p->bytes > p->max || !room(p) ||
      !(b = nl_malloc(nb + nw + nkv + nid + 2 * npub + nsrc + nev + nurl +
                      9))) {
    stop(p);
    return;
  }
  r = &p->rows[p->n];
  memset(r, 0, sizeof *r);
  r->rowid = (long long)p->n + 1;
  at = b;
  put(&at, a->body ? a->body : "", nb);
  r->id = put(&at, a->id, nid);
  r->published = put(&at, a->published, npub);
  r->source = put(&at, src, nsrc);
  if (a->source == NL_PUB_METADATA) r->meta = put(&at, a->published, npub);
  r->evidence = put(&at, a->evidence, nev);
  r->warnings = nw ? put(&at, a->warnings, nw) : NULL;
  r->kv = nkv ? put(&at, a->kv, nkv) : NULL;
  r->url = put(&at, a->url, nurl);
  p->body[p->n] = b;
  p->blen[p->n] = nb;
  p->print[p->n++] = print_of(r);
}

/* ---- the rows in memory as the decisions' io (pd_io) ----------------- */

/* Row g as reading it from the store gives it (borrowed: its strings
** stay the model's). */
static nl_status mem_row(void *ctx, size_t g, int head, pd_row *r,
                         nl_error *err) {
  nl_pd_pre *p = ctx;
  (void)head;
  (void)err;
  *r = p->rows[g];
  return NL_OK;
}

static const char *mem_text(void *ctx, size_t g, size_t *len) {
  nl_pd_pre *p = ctx;
  *len = p->blen[g];
  return p->body[g];
}

static nl_status mem_fetch(void *ctx, size_t g, char **body, size_t *len,
                           nl_error *err) {
  nl_pd_pre *p = ctx;
  int oom = 0;
  *len = p->blen[g];
  *body = copy(p->body[g], p->blen[g], &oom);
  return oom ? nl_error_set(err, NL_ENOMEM, "pubdate: out of memory") : NL_OK;
}

static void mem_tagged(void *ctx, size_t g, nl_pd_tagged *t) {
  nl_pd_pre *p = ctx;
  nl_pd_words_tagged(p->k, (long long)g + 1, t);
}

/* Point *dst to a copy of src (kept in p->extra; the old string stays
** until the rows are dropped: the chunk may still point to it); 0 when
** out of memory. */
static int set_str(nl_pd_pre *p, char **dst, const char *src) {
  int oom = 0;
  char *c;
  if (p->nextra == p->extracap) {
    size_t nc = p->extracap ? 2 * p->extracap : 64;
    char **e = nl_realloc(p->extra, nc * sizeof *e);
    if (!e) return 0;
    p->extra = e;
    p->extracap = nc;
  }
  c = copy(src, src ? strlen(src) : 0, &oom);
  if (oom) return 0;
  if (c) p->extra[p->nextra++] = c;
  *dst = c;
  return 1;
}

/* Keep the update of article g (and its dates re-tagged against the new
** date when it changed); the row in memory becomes the updated one. */
static nl_status mem_write(void *ctx, size_t g, const pd_row *row,
                           const nl_pd_doc *doc, const nl_pd_result *r,
                           nl_error *err) {
  nl_pd_pre *p = ctx;
  pd_row *m = &p->rows[g];
  pd_write *w;
  int ok;
  if (p->nw == p->wcap) {
    size_t nc = p->wcap ? 2 * p->wcap : 64;
    pd_write *nw = nl_realloc(p->w, nc * sizeof *nw);
    if (!nw) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
    p->w = nw;
    p->wcap = nc;
  }
  w = &p->w[p->nw];
  memset(w, 0, sizeof *w);
  w->g = g;
  if (nl_pd_update_make(row, doc, r, &w->u) != NL_OK)
    return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  p->nw++;
  ok = set_str(p, &m->warnings, w->u.warnings);
  if (ok && w->u.changed)
    ok = set_str(p, &m->published, w->u.published) &&
         set_str(p, &m->source, w->u.source) &&
         set_str(p, &m->meta, w->u.meta) && set_str(p, &m->kv, w->u.kv);
  if (!ok) return nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  if (!w->u.changed) return NL_OK;
  return nl_db_tag_dates(p->body[g], p->blen[g], w->u.published, &w->tx,
                         &w->ntx, err);
}

/* See nl_pubdate.h.  Every row is work (a first reconciliation), dated as
** nl_pubdate_db.c's note_row says. */
nl_status nl_pd_pre_decide(nl_pd_pre *p, const nl_pd_words *k,
                           const nl_pd_prelink *link) {
  nl_error err = NL_ERROR_INIT;
  unsigned char *fl;
  uint32_t *off = NULL, *nb = NULL;
  unsigned char *str = NULL;
  pd_links a;
  pd_io io;
  size_t g;
  nl_status st = NL_ENOMEM;
  if (!p || p->stop || p->ready || !p->n || !link || link->n != p->n || !k ||
      k->full || k->n != p->n) {
    if (p) stop(p);
    return NL_EMISUSE;
  }
  if ((fl = nl_malloc(p->n)) != NULL) {
    for (g = 0; g < p->n; g++) {
      const pd_row *r = &p->rows[g];
      int dated = r->meta ? nl_pd_date_ok(r->meta)
                          : nl_pd_source_of(r->source) == NL_PUB_METADATA &&
                                nl_pd_date_ok(r->published);
      fl[g] = (unsigned char)(PD_F_WORK | (dated ? PD_F_DATED : 0));
    }
    st = nl_pd_prelink_links(link, fl, &off, &nb, &str);
  }
  if (st == NL_OK) {
    a.n = p->n;
    a.fl = fl;
    a.off = off;
    a.nb = nb;
    a.str = str;
    memset(&io, 0, sizeof io);
    io.ctx = p;
    io.borrowed = 1;
    io.row = mem_row;
    io.text = mem_text;
    io.fetch = mem_fetch;
    io.tagged = mem_tagged;
    io.write = mem_write;
    p->k = k;
    st = nl_pd_decide_all(&a, &io, &err);
    p->k = NULL;
  }
  nl_free(fl);
  nl_free(off);
  nl_free(nb);
  nl_free(str);
  if (st != NL_OK) {
    stop(p);
    return st;
  }
  drop_rows(p);
  p->ready = 1;
  return NL_OK;
}

/* See nl_pubdate_internal.h. */
const uint64_t *nl_pd_pre_prints(const nl_pd_pre *p, size_t *n) {
  *n = p && p->ready ? p->n : 0;
  return p && p->ready ? p->print : NULL;
}

/* See nl_pubdate_internal.h. */
const pd_write *nl_pd_pre_writes(const nl_pd_pre *p, size_t *nw) {
  *nw = p && p->ready ? p->nw : 0;
  return p && p->ready ? p->w : NULL;
}
