/*
** nl_pubdate_chunk.c -- the reconciliation's decisions over the work
** articles in chunks (nl_pd_decide_all, see nl_pubdate_internal.h),
** wherever the rows come from: the store (nl_pubdate_db.c) or the
** ingest's loader thread, which decides a first reconciliation ahead
** from the articles it loaded (nl_pubdate_pre.c).  Also the row
** helpers both share: warnings lists, date checks, what an update writes.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_pubdate.h"
#include "nl_pubdate_internal.h"

#define PD_CHUNK 2000 /* work articles decided together */

/* See nl_pubdate_internal.h. */
void nl_pd_rows_free(pd_row *r, size_t n) {
  size_t i;
  for (i = 0; r && i < n; i++) {
    nl_free(r[i].id);
    nl_free(r[i].published);
    nl_free(r[i].source);
    nl_free(r[i].meta);
    nl_free(r[i].warnings);
    nl_free(r[i].kv);
    nl_free(r[i].evidence);
    nl_free(r[i].url);
  }
  nl_free(r);
}

/* See nl_pubdate_internal.h. */
nl_pub_source nl_pd_source_of(const char *s) {
  if (s && strcmp(s, "metadata") == 0) return NL_PUB_METADATA;
  if (s && strcmp(s, "inferred") == 0) return NL_PUB_INFERRED;
  return NL_PUB_NONE;
}

/* Is the line s[0..n) a warning written by this module? */
static int is_pd_warning(const char *s, size_t n) {
  static const char *const pre[] = {"publication date ",
                                    "no publication date:", NULL};
  size_t i;
  for (i = 0; pre[i]; i++)
    if (n >= strlen(pre[i]) && memcmp(s, pre[i], strlen(pre[i])) == 0) return 1;
  return 0;
}

/* See nl_pubdate_internal.h. */
char *nl_pd_set_warning(const char *list, const char *w) {
  size_t a = list ? strlen(list) : 0, b = w ? strlen(w) : 0, k = 0;
  const char *p = list, *e = list ? list + a : NULL;
  char *out = nl_malloc(a + b + 2);
  if (!out) return NULL;
  while (p && p < e) {
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(e - p);
    if (!is_pd_warning(p, n)) {
      if (k) out[k++] = '\n';
      memcpy(out + k, p, n);
      k += n;
    }
    p += n + 1;
  }
  if (w) {
    if (k) out[k++] = '\n';
    memcpy(out + k, w, b);
    k += b;
  }
  out[k] = 0;
  return out;
}

/* The line of `key` ("key=") in the meta list, or NULL; *n its length. */
static const char *meta_line(const char *list, const char *key, size_t *n) {
  size_t k = strlen(key);
  const char *p = list;
  while (p && *p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len > k && memcmp(p, key, k) == 0 && p[k] == '=') {
      *n = len;
      return p;
    }
    p = e ? e + 1 : NULL;
  }
  return NULL;
}

/* A copy of the meta list with "key=v" appended unless it has the key. */
static char *meta_add(const char *list, const char *key, const char *v) {
  size_t a = list ? strlen(list) : 0, k = strlen(key), b = strlen(v), n;
  char *p;
  if (meta_line(list, key, &n)) return nl_strdup(list);
  p = nl_malloc(a + k + b + 3);
  if (!p) return NULL;
  if (a) memcpy(p, list, a), p[a++] = '\n';
  memcpy(p + a, key, k);
  p[a + k] = '=';
  memcpy(p + a + k + 1, v, b + 1);
  return p;
}

/* A copy of the meta list without the lines of keys k1 and k2 (NULL when
** nothing is left). */
static char *meta_drop(const char *list, const char *k1, const char *k2,
                       int *oom) {
  char *out = list ? nl_malloc(strlen(list) + 1) : NULL;
  const char *p = list;
  size_t k = 0, n;
  if (!list) return NULL;
  if (!out) {
    *oom = 1;
    return NULL;
  }
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (!(meta_line(p, k1, &n) == p && n == len) &&
        !(meta_line(p, k2, &n) == p && n == len)) {
      if (k) out[k++] = '\n';
      memcpy(out + k, p, len);
      k += len;
    }
    if (!e) break;
    p = e + 1;
  }
  out[k] = '\0';
  if (k) return out;
  nl_free(out);
  return NULL;
}

/* The replaced header's date and the evidence its loader gave, kept in
** the meta list while the header is replaced (and given back when the
** story no longer contradicts it). */
#define META_DATE "meta_published"
#define META_EVIDENCE "meta_published_evidence"
/* The record's download time, as the JSON loader keeps it (nl_json_load.c):
** the decision tells a crawler's time stamp by it. */
#define META_DOWNLOAD "date_download"

/* The meta list of a replaced header: its date, and its loader's evidence
** unless the row's date was already inferred. */
static char *meta_replaced(const pd_row *row, const char *date) {
  char *a = meta_add(row->kv, META_DATE, date), *b;
  if (!a || !row->evidence ||
      nl_pd_source_of(row->source) != NL_PUB_METADATA)
    return a;
  b = meta_add(a, META_EVIDENCE, row->evidence);
  nl_free(a);
  return b;
}

/* See nl_pubdate_internal.h. */
int nl_pd_date_ok(const char *v) {
  int y, m, d;
  if (!v || strlen(v) < 10 || v[4] != '-' || v[7] != '-') return 0;
  if (nl_pd_digits(v, 4) < 0 || (m = nl_pd_digits(v + 5, 2)) < 0 ||
      (d = nl_pd_digits(v + 8, 2)) < 0) {
    if (sscanf(v, "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
  }
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A copy of s (NULL stays NULL); *oom set when out of memory. */
static char *dup_or_null(const char *s, int *oom) {
  char *p;
  if (!s) return NULL;
  if (!(p = nl_strdup(s))) *oom = 1;
  return p;
}

/* See nl_pubdate_internal.h. */
void nl_pd_update_clear(pd_update *u) {
  nl_free(u->published);
  nl_free(u->evidence);
  nl_free(u->meta);
  nl_free(u->warnings);
  nl_free(u->kv);
  memset(u, 0, sizeof *u);
}

/* See nl_pubdate_internal.h.  The original metadata date survives a
** replacement, also as the article meta "meta_published". */
nl_status nl_pd_update_make(const pd_row *row, const nl_pd_doc *doc,
                            const nl_pd_result *r, pd_update *u) {
  int oom = 0;
  memset(u, 0, sizeof *u);
  u->changed = r->changed;
  u->warnings = nl_pd_set_warning(row->warnings, r->warning);
  if (!u->warnings) return NL_ENOMEM;
  if (!u->warnings[0]) {
    nl_free(u->warnings);
    u->warnings = NULL;
  }
  if (r->changed) {
    int meta_doc = doc->source == NL_PUB_METADATA && doc->published;
    u->source = nl_pub_source_name(r->source);
    if (r->published[0]) u->published = dup_or_null(r->published, &oom);
    u->evidence = dup_or_null(r->evidence, &oom);
    u->meta = dup_or_null(row->meta  ? row->meta
                          : meta_doc ? doc->published
                                     : NULL,
                          &oom);
    if (meta_doc && r->source == NL_PUB_METADATA) { /* the header again */
      size_t n = 0;
      const char *ev = meta_line(row->kv, META_EVIDENCE, &n);
      if (!u->evidence && ev) {
        size_t k = strlen(META_EVIDENCE) + 1;
        if (!(u->evidence = nl_strndup(ev + k, n - k))) oom = 1;
      } else if (!u->evidence &&
                 nl_pd_source_of(row->source) == NL_PUB_METADATA) {
        u->evidence = dup_or_null(row->evidence, &oom); /* the loader's */
      }
      u->kv = meta_drop(row->kv, META_DATE, META_EVIDENCE, &oom);
    } else if (meta_doc) {
      if (!(u->kv = meta_replaced(row, doc->published))) oom = 1;
    } else {
      u->kv = dup_or_null(row->kv, &oom);
    }
  }
  if (!oom) return NL_OK;
  nl_pd_update_clear(u);
  return NL_ENOMEM;
}

/* Buffers of one chunk: the work articles first, then their context. */
typedef struct pd_chunk {
  size_t *g; /* global index of each chunk doc */
  size_t n, cap;
  pd_row *rows;
  nl_pd_doc *docs;
  nl_pd_result *res;
  size_t *off, *nb;
  unsigned char *str; /* the strengths of nb's links */
  char *want;
  nl_pd_tagged *pre;   /* the ingest's tagging of each, when kept */
  char (*crawled)[40]; /* each work article's meta date_download ("") */
} pd_chunk;

typedef struct pd_fetch {
  const pd_io *io;
  const size_t *g;
} pd_fetch;

/* nl_pd_body_fn over the chunk's docs: io's body of their article. */
static nl_status fetch_body(void *ctx, size_t i, char **body, size_t *len,
                            nl_error *err) {
  const pd_fetch *f = ctx;
  return f->io->fetch(f->io->ctx, f->g[i], body, len, err);
}

static void chunk_free(pd_chunk *c, int borrowed) {
  if (c->res) nl_pd_results_clear(c->res, c->n);
  nl_free(c->res);
  nl_free(c->docs);
  if (borrowed)
    nl_free(c->rows);
  else if (c->rows)
    nl_pd_rows_free(c->rows, c->n);
  nl_free(c->g);
  nl_free(c->off);
  nl_free(c->nb);
  nl_free(c->str);
  nl_free(c->want);
  nl_free(c->pre);
  nl_free(c->crawled);
}

/* The docs of chunk c (rows read through io): the work articles c.g[0..nw)
** with their metadata date, then the context with its current date. */
static nl_status chunk_docs(const pd_links *a, const pd_io *io, pd_chunk *c,
                            size_t nw, const uint32_t *pos, nl_error *err) {
  size_t i, k, nnb = 0;
  for (i = 0; i < c->n; i++) {
    size_t g = c->g[i];
    pd_row *r = &c->rows[i];
    nl_pd_doc *d = &c->docs[i];
    nl_status st;
    c->off[i] = nnb;
    if (i < nw) {
      c->want[i] = 1;
      for (k = a->off[g]; k < a->off[g + 1]; k++) {
        c->str[nnb] = a->str ? a->str[k] : NL_STORY_COPY;
        c->nb[nnb++] = pos[a->nb[k]];
      }
    }
    if ((st = io->row(io->ctx, g, i >= nw, r, err)) != NL_OK) return st;
    io->tagged(io->ctx, g, &c->pre[i]);
    if (io->text) d->body = io->text(io->ctx, g, &d->body_len);
    d->id = r->id;
    d->url = r->url;
    if (i >= nw) {
      /* context: its current date anchors (a replaced header gives way to
      ** the inferred date, an article dated by an earlier run or chunk
      ** counts as dated) */
      if (nl_pd_source_of(r->source) != NL_PUB_NONE &&
          nl_pd_date_ok(r->published)) {
        d->published = r->published;
        d->source = NL_PUB_METADATA;
      }
    } else if (r->meta) {
      d->published = r->meta;
      d->source = NL_PUB_METADATA;
    } else if (nl_pd_source_of(r->source) == NL_PUB_METADATA) {
      d->published = r->published;
      d->source = NL_PUB_METADATA;
    }
    if (i < nw) { /* when the crawler fetched it (a stamp, nl_pubdate.h) */
      size_t n = 0, k0 = strlen(META_DOWNLOAD) + 1;
      const char *v = meta_line(r->kv, META_DOWNLOAD, &n);
      if (v && n - k0 < sizeof c->crawled[i]) {
        memcpy(c->crawled[i], v + k0, n - k0);
        c->crawled[i][n - k0] = '\0';
        d->crawled = c->crawled[i];
      }
    }
  }
  c->off[c->n] = nnb;
  return NL_OK;
}

/* Decide the work articles w[0..nw) with their neighbours as context, and
** write what changed.  `stamp`/`pos` are per-article scratch. */
static nl_status do_chunk(const pd_links *a, const pd_io *io, const size_t *w,
                          size_t nw, uint32_t mark, uint32_t *stamp,
                          uint32_t *pos, nl_error *err) {
  pd_chunk c;
  pd_fetch fc;
  size_t i, k, nnb = 0;
  nl_status st = NL_OK;
  memset(&c, 0, sizeof c);
  for (i = 0; i < nw; i++)
    nnb += a->off[w[i] + 1] - a->off[w[i]];
  c.cap = nw + nnb;
  c.g = nl_malloc(c.cap * sizeof *c.g);
  c.off = nl_malloc((c.cap + 1) * sizeof *c.off);
  c.nb = nl_malloc((nnb ? nnb : 1) * sizeof *c.nb);
  c.str = nl_malloc(nnb ? nnb : 1);
  if (!c.g || !c.off || !c.nb || !c.str) goto oom;
  for (i = 0; i < nw; i++) {
    stamp[w[i]] = mark;
    pos[w[i]] = (uint32_t)c.n;
    c.g[c.n++] = w[i];
  }
  for (i = 0; i < nw; i++)
    for (k = a->off[w[i]]; k < a->off[w[i] + 1]; k++) {
      uint32_t j = a->nb[k];
      if (stamp[j] == mark) continue;
      stamp[j] = mark;
      pos[j] = (uint32_t)c.n;
      c.g[c.n++] = j;
    }
  c.rows = nl_calloc(c.n, sizeof *c.rows);
  c.docs = nl_calloc(c.n, sizeof *c.docs);
  c.res = nl_calloc(c.n, sizeof *c.res);
  c.want = nl_calloc(c.n, 1);
  c.pre = nl_calloc(c.n, sizeof *c.pre);
  c.crawled = nl_calloc(nw ? nw : 1, sizeof *c.crawled);
  if (!c.rows || !c.docs || !c.res || !c.want || !c.pre || !c.crawled) goto oom;
  st = chunk_docs(a, io, &c, nw, pos, err);
  if (st != NL_OK) goto out;
  fc.io = io;
  fc.g = c.g;
  st = nl_pubdate_decide_tagged(c.docs, c.n, c.off, c.nb, c.str, c.want,
                                c.pre,
                                fetch_body, &fc, c.res, err);
  for (i = 0; i < nw && st == NL_OK; i++) {
    const pd_row *row = &c.rows[i];
    const char *cur = row->published ? row->published : "";
    /* an inferred date names its evidence: the same date inferred from
    ** another story (its neighbours changed) is written again */
    int same = strcmp(cur, c.res[i].published) == 0 &&
               nl_pd_source_of(row->source) == c.res[i].source &&
               (c.res[i].source != NL_PUB_INFERRED ||
                strcmp(row->evidence ? row->evidence : "",
                       c.res[i].evidence ? c.res[i].evidence : "") == 0);
    c.res[i].changed = !same;
    if (same) {
      char *wl = nl_pd_set_warning(row->warnings, c.res[i].warning);
      int keep;
      if (!wl) goto oom;
      keep = strcmp(wl, row->warnings ? row->warnings : "") == 0;
      nl_free(wl);
      if (keep) continue;
    }
    st = io->write(io->ctx, c.g[i], row, &c.docs[i], &c.res[i], err);
  }
out:
  chunk_free(&c, io->borrowed);
  return st;
oom:
  st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  goto out;
}

/* See nl_pubdate_internal.h.  Work articles that cannot change are
** skipped: the undated are decided, and the dated ones with a story (only
** those can be flagged) or decided from one (it may be gone). */
nl_status nl_pd_decide_all(const pd_links *a, const pd_io *io, nl_error *err) {
  uint32_t *stamp = nl_calloc(a->n ? a->n : 1, sizeof *stamp);
  uint32_t *pos = nl_malloc((a->n ? a->n : 1) * sizeof *pos);
  size_t *w = nl_malloc(PD_CHUNK * sizeof *w), nw = 0, g;
  uint32_t mark = 0;
  nl_status st = NL_OK;
  if (!stamp || !pos || !w)
    st = nl_error_set(err, NL_ENOMEM, "pubdate: out of memory");
  for (g = 0; g <= a->n && st == NL_OK; g++) {
    if (g < a->n) {
      int f = a->fl[g];
      if (!(f & PD_F_WORK)) continue;
      if ((f & PD_F_DATED) && !(f & PD_F_STORY) && a->off[g + 1] == a->off[g])
        continue;
      w[nw++] = g;
    }
    if (nw == PD_CHUNK || (g == a->n && nw)) {
      st = do_chunk(a, io, w, nw, ++mark, stamp, pos, err);
      nw = 0;
    }
  }
  nl_free(stamp);
  nl_free(pos);
  nl_free(w);
  return st;
}
