/*
** nl_ingest_thread.c -- the ingest's loader thread: loads the planned
** files in order, analyses their articles (nl_db_prepare: sentences and
** dates; no SQLite) and queues them for the writer thread (nl_ingest.c)
** through a bounded channel (at most QUEUE_ITEMS items or QUEUE_BYTES of
** body text and token logs in flight), then one end item per file with the loader's
** status.  Once every file is loaded it makes the first reconciliation's
** story links of what it loaded (nl_chan_prelink), then its decisions
** (nl_chan_pre) while the writer stores the last files, then frees what
** the writer stored until it is stopped.
** See nl_ingest_internal.h.
*/
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_article.h"
#include "nl_alloc.h"
#include "nl_ingest_internal.h"
#include "nl_pubdate.h"
#include "nl_story.h"

/*
** Ids as nl_load_path makes them: the loader gives "<base stem>[#key]";
** files in sub-directories of the walked root get "<dir>/" in front, so
** business/001.txt and sport/001.txt keep distinct ids.
*/
static nl_status prefix_id(const char *prefix, nl_article *a) {
  size_t pl, il;
  char *id;
  if (!prefix || !a->id) return NL_OK;
  pl = strlen(prefix);
  il = strlen(a->id);
  if (!(id = nl_malloc(pl + il + 2))) return NL_ENOMEM;
  memcpy(id, prefix, pl);
  id[pl] = '/';
  memcpy(id + pl + 1, a->id, il + 1);
  nl_free(a->id);
  a->id = id;
  return NL_OK;
}

/* a's warnings that begin with its file's name as loaded and a colon,
** begun with `canon` instead (see nl_ingest_prepare). */
static nl_status canonical_warnings(nl_article *a, const char *canon) {
  size_t i, tl;
  if (!canon || !a->file || !a->n_warnings || strcmp(a->file, canon) == 0)
    return NL_OK;
  tl = strlen(a->file);
  for (i = 0; i < a->n_warnings; i++) {
    const char *w = a->warnings[i];
    size_t cl, rest;
    char *nw;
    if (strncmp(w, a->file, tl) != 0 || w[tl] != ':') continue;
    cl = strlen(canon);
    rest = strlen(w + tl);
    if (!(nw = nl_malloc(cl + rest + 1))) return NL_ENOMEM;
    memcpy(nw, canon, cl);
    memcpy(nw + cl, w + tl, rest + 1);
    nl_free(a->warnings[i]);
    a->warnings[i] = nw;
  }
  return NL_OK;
}

/*
** Id prefix, canonical warnings and analysis of a loaded article (takes a).
*/
nl_status nl_ingest_prepare(const char *prefix, const char *canon,
                            nl_article *a, int words, nl_prepared *p,
                            nl_error *err) {
  nl_status st = prefix_id(prefix, a);
  if (st == NL_OK) st = canonical_warnings(a, canon);
  if (st != NL_OK) {
    nl_error_set(err, st, "%s: out of memory", a->file ? a->file : "");
    nl_article_free(a);
    memset(p, 0, sizeof *p);
    return st;
  }
  st = nl_db_prepare(a, p, err);
  p->owned = a;
  if (st == NL_OK && words && a->body_len) {
    /* for the reconciliation after the ingest (nl_pubdate_reconcile_words),
    ** computed here, off the writer's thread */
    size_t cap = 0;
    if (nl_story_words(a->body, a->body_len, &p->words, &p->nwords, &cap) !=
        NL_OK)
      st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", a->id);
    else
      p->nwords = nl_story_unique(p->words, p->nwords);
  }
  if (st != NL_OK) nl_prepared_clear(p);
  return st;
}


/*
** See nl_ingest_internal.h: the file streamed once through both hashes.
*/
nl_status nl_ingest_hash_file(const char *path, char hex[17], char *old,
                              nl_error *err) {
  char buf[65536];
  nl_hash64_state h;
  uint64_t fnv = NL_FNV64_INIT;
  size_t n;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return nl_error_set(err, NL_EIO, "%s: cannot read: %s", path,
                        strerror(errno));
  nl_hash64_init(&h);
  while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
    nl_hash64_update(&h, buf, n);
    if (old) fnv = nl_fnv64_update(fnv, buf, n);
  }
  if (ferror(fp)) {
    fclose(fp);
    return nl_error_set(err, NL_EIO, "%s: read error", path);
  }
  fclose(fp);
  nl_hash64_hex(nl_hash64_final(&h), hex);
  if (old) {
    memcpy(old, NL_OLD_HASH_PREFIX, NL_OLD_HASH_LEN - 16);
    nl_hash64_hex(fnv, old + NL_OLD_HASH_LEN - 16);
  }
  return NL_OK;
}

/* nl_ingest_load's article callback: the plan's hash, then fn. */
typedef struct hashed_load {
  nl_plan *e;
  uint64_t h; /* set by the load before the first article */
  nl_article_fn fn;
  void *ctx;
} hashed_load;

static int hashed_article(void *ctx, nl_article *a) {
  hashed_load *w = ctx;
  if (!w->e->hash[0]) nl_hash64_hex(w->h, w->e->hash);
  return w->fn(w->ctx, a);
}

/* See nl_ingest_internal.h. */
nl_status nl_ingest_load(nl_plan *e, const nl_load_opts *o, nl_article_fn fn,
                         void *ctx, nl_error *err) {
  hashed_load w;
  nl_status st;
  if (e->hash[0]) return nl_load_file(e->path, o, fn, ctx, err);
  w.e = e;
  w.h = 0;
  w.fn = fn;
  w.ctx = ctx;
  st = nl_load_file_hash(e->path, o, hashed_article, &w, &w.h, err);
  if (st == NL_OK && !e->hash[0]) nl_hash64_hex(w.h, e->hash);
  return st;
}

/* Deep enough for the loader to run a whole file ahead while the writer
** stores the previous one (a file is written once its end item came): at
** 512 items the writer waited 0.9 s of a 3.9 s Reuters-21578 ingest for
** a file of 1000 articles to finish loading, at 4096 0.07 s. */
#define QUEUE_ITEMS 8192
#define QUEUE_BYTES (16u << 20)
/* Text kept for the decisions made ahead (nl_pd_pre_add): past it the
** writer decides (Reuters-21578: 27 MB).  Planned files of more bytes
** than this keep none: their text would not fit, and what was kept
** before giving up is memory paid for nothing (+58 MB peak RSS at 100k
** articles). */
#define PRE_BYTES (64u << 20)

struct nl_chan {
  pthread_mutex_t mu;
  pthread_cond_t nonempty, nonfull;
  nl_chan_item *head, *tail;
  size_t count, bytes;
  int done;          /* the worker has queued all it will (then it only
                     ** frees spent articles until abort) */
  int abort;         /* the writer gave up: stop */
  nl_status wst;     /* the worker could not queue (out of memory) */
  nl_error werr;
  nl_plan *plan;     /* the worker fills in missing hashes */
  size_t nplan;
  const nl_load_opts *load;
  int words;          /* nl_ingest_prepare's `words` */
  int prelink;        /* keep the sets and make the prelink */
  int deciding;       /* started with `pre`: keeps rows to decide ahead */
  const char *prefix; /* of the file being loaded */
  const char *canon;  /* its canonical path (nl_plan.key) */
  size_t skip;        /* its articles still to skip (nl_plan.resume) */
  nl_prepared *spent; /* stored articles the worker frees (nl_chan_spent) */
  size_t nspent, capspent;
  size_t hint;        /* how many the worker took last: the room a new
                      ** spent list starts with (the writer hands back a
                      ** whole FTS flush at once; growing to it by doubling
                      ** copied the list ~5 times: 12M writer
                      ** instructions on Reuters-21578) */
  nl_prepared *back;  /* worker only: spent articles taken, freed from
                      ** back[iback] on, FREE_PER_PUSH a push */
  size_t nback, iback;
  nl_pd_words sets;   /* with `words`: the queued articles' sets, 1, 2, ... */
  nl_pd_prelink *link; /* made from them once all is loaded (or NULL) */
  nl_pd_pre *pre;      /* with `prelink`: the rows, then decided ahead (or
                       ** NULL) */
  int linked;          /* the worker is done with `link` */
  pthread_cond_t linkc;
  pthread_t th;
};

/* Bytes an item holds in the queue: body text and token log. */
static size_t item_bytes(const nl_chan_item *it) {
  if (it->end || !it->p.art) return 0;
  return it->p.art->body_len + nl_toklog_bytes(&it->p.toks) +
         it->p.nwords * sizeof *it->p.words;
}

/* Free spent[0..n) and the array (worker side, outside the lock). */
static void free_spent(nl_prepared *spent, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) nl_prepared_clear(&spent[i]);
  nl_free(spent);
}

/* Spent articles freed per article queued: their memory goes back to the
** allocator as the next articles are made, not a queue's worth at once
** after each wait for room (Reuters-21578: loader thread 3,469M -> 3,429M
** instructions, mostly in malloc/realloc/free).  More than one, so the
** backlog drains while the writer hands back one article per article
** queued. */
#define FREE_PER_PUSH 2

/* Free up to `n` of the backlog (worker side, outside the lock); the
** array goes with its last article. */
static void free_back(nl_chan *q, size_t n) {
  while (n-- && q->iback < q->nback) nl_prepared_clear(&q->back[q->iback++]);
  if (q->iback == q->nback) {
    nl_free(q->back);
    q->back = NULL;
    q->nback = q->iback = 0;
  }
}

/* Queue an item (worker side); 0 if the writer aborted (item freed).
** Takes the articles the writer has stored since, once the backlog of
** those taken before is freed, and frees a few of them. */
static int push(nl_chan *q, nl_chan_item *it) {
  size_t b = item_bytes(it);
  pthread_mutex_lock(&q->mu);
  if (!q->back && q->nspent) {
    q->back = q->spent;
    q->nback = q->hint = q->nspent;
    q->iback = 0;
    q->spent = NULL;
    q->nspent = q->capspent = 0;
  }
  while (!q->abort && q->count > 0 &&
         (q->count >= QUEUE_ITEMS || q->bytes + b > QUEUE_BYTES))
    pthread_cond_wait(&q->nonfull, &q->mu);
  if (q->abort) {
    pthread_mutex_unlock(&q->mu);
    nl_prepared_clear(&it->p);
    nl_free(it);
    free_back(q, (size_t)-1);
    return 0;
  }
  it->next = NULL;
  if (q->tail) q->tail->next = it;
  else q->head = it;
  q->tail = it;
  q->count++;
  q->bytes += b;
  pthread_cond_signal(&q->nonempty);
  pthread_mutex_unlock(&q->mu);
  free_back(q, FREE_PER_PUSH);
  return 1;
}

/* Take the next item (writer side); NULL when the worker ended early. */
static nl_chan_item *pop(nl_chan *q) {
  nl_chan_item *it;
  pthread_mutex_lock(&q->mu);
  while (!q->head && !q->done) pthread_cond_wait(&q->nonempty, &q->mu);
  it = q->head;
  if (it) {
    q->head = it->next;
    if (!q->head) q->tail = NULL;
    q->count--;
    q->bytes -= item_bytes(it);
    /* a full queue is the common state (the writer is the slower side):
    ** wake the loader once half of it is free, for a run of articles,
    ** not at every item (a futex wake-up on both threads per article) */
    if (q->count <= QUEUE_ITEMS / 2 && q->bytes <= QUEUE_BYTES / 2)
      pthread_cond_signal(&q->nonfull);
  }
  pthread_mutex_unlock(&q->mu);
  return it;
}

static void worker_fail(nl_chan *q, nl_status st, const char *what) {
  pthread_mutex_lock(&q->mu);
  if (q->wst == NL_OK) {
    q->wst = st;
    nl_error_set(&q->werr, st, "%s: out of memory", what);
  }
  pthread_mutex_unlock(&q->mu);
}

static int aborted(nl_chan *q) {
  int a;
  pthread_mutex_lock(&q->mu);
  a = q->abort;
  pthread_mutex_unlock(&q->mu);
  return a;
}

/* Keep the row the writer stores for p for the decisions made ahead
** (nl_pd_pre_add). */
static void keep_row(nl_chan *q, const nl_prepared *p) {
  nl_pd_art r;
  r.id = p->art->id;
  r.published = p->art->published;
  r.source = p->art->published_source;
  r.evidence = p->art->published_evidence;
  r.url = p->art->url;
  r.warnings = p->warnings.data;
  r.nwarnings = p->warnings.len;
  r.kv = p->meta.data;
  r.nkv = p->meta.len;
  r.body = p->art->body;
  r.body_len = p->art->body_len;
  nl_pd_pre_add(q->pre, &r);
}

/* Loader callback on the worker: analyse and queue. */
static int worker_article(void *ctx, nl_article *a) {
  nl_chan *q = ctx;
  nl_chan_item *it;
  nl_status st;
  if (aborted(q)) {
    nl_article_free(a);
    return 1;
  }
  if (q->skip) { /* stored by an earlier ingest (nl_plan.resume) */
    q->skip--;
    nl_article_free(a);
    return 0;
  }
  if (!(it = nl_calloc(1, sizeof *it))) {
    worker_fail(q, NL_ENOMEM, a->file ? a->file : "ingest");
    nl_article_free(a);
    return 1;
  }
  st = nl_ingest_prepare(q->prefix, q->canon, a, q->words, &it->p,
                         &it->err);
  it->st = st;
  if (st == NL_OK && q->prelink) { /* for the prelink (nl_chan_prelink) */
    nl_pd_words_add_tagged(&q->sets, (long long)q->sets.n + 1, it->p.words,
                           it->p.nwords, NL_WORDS_KEPT, it->p.dct, it->p.tx,
                           it->p.ntx);
    nl_pd_words_hash(&q->sets, (long long)q->sets.n, it->p.hash_value);
    keep_row(q, &it->p);
  }
  if (!push(q, it)) return 1; /* `it` belongs to the writer now */
  return st != NL_OK;
}

static void *worker_main(void *arg) {
  nl_chan *q = arg;
  nl_pd_prelink *link;
  size_t i;
  for (i = 0; i < q->nplan && !aborted(q); i++) {
    nl_chan_item *it;
    nl_error lerr = NL_ERROR_INIT;
    nl_status lst;
    q->prefix = q->plan[i].prefix;
    q->canon = q->plan[i].key;
    q->skip = q->plan[i].resume;
    lst = nl_ingest_load(&q->plan[i], q->load, worker_article, q, &lerr);
    if (!(it = nl_calloc(1, sizeof *it))) {
      worker_fail(q, NL_ENOMEM, q->plan[i].path);
      break;
    }
    it->end = 1;
    it->st = lst;
    it->err = lerr;
    if (!push(q, it)) break;
  }
  /* while the writer stores the last files: the reconciliation's story
  ** links of what was loaded (the writer checks that they fit) */
  link = i == q->nplan && q->prelink && !aborted(q)
             ? nl_pd_prelink_make(&q->sets)
             : NULL;
  /* ... and its decisions (the writer checks that they fit) */
  if (!link || aborted(q) ||
      nl_pd_pre_decide(q->pre, &q->sets, link) != NL_OK) {
    nl_pd_pre_free(q->pre);
    q->pre = NULL;
  }
  nl_pd_words_free(&q->sets);
  free_back(q, (size_t)-1);
  pthread_mutex_lock(&q->mu);
  q->link = link;
  q->linked = 1;
  pthread_cond_broadcast(&q->linkc);
  q->done = 1;
  pthread_cond_signal(&q->nonempty);
  /* nothing more to load: free what the writer stores until it stops */
  while (!q->abort) {
    nl_prepared *spent = q->spent;
    size_t nspent = q->nspent;
    if (!nspent) {
      pthread_cond_wait(&q->nonfull, &q->mu);
      continue;
    }
    q->spent = NULL;
    q->hint = nspent;
    q->nspent = q->capspent = 0;
    pthread_mutex_unlock(&q->mu);
    free_spent(spent, nspent);
    pthread_mutex_lock(&q->mu);
  }
  pthread_mutex_unlock(&q->mu);
  return NULL;
}

/* Stop the worker and free whatever it queued. */
static void stop_worker(nl_chan *q) {
  nl_chan_item *it;
  pthread_mutex_lock(&q->mu);
  q->abort = 1;
  pthread_cond_broadcast(&q->nonfull);
  pthread_mutex_unlock(&q->mu);
  pthread_join(q->th, NULL);
  while ((it = q->head) != NULL) {
    q->head = it->next;
    nl_prepared_clear(&it->p);
    nl_free(it);
  }
  free_spent(q->spent, q->nspent);
  q->spent = NULL;
  q->nspent = q->capspent = 0;
  nl_pd_prelink_free(q->link);
  q->link = NULL;
  nl_pd_pre_free(q->pre);
  q->pre = NULL;
}


/*
** Start the loader thread over plan[0..n).
*/
nl_status nl_chan_start(nl_plan *plan, size_t n,
                        const nl_load_opts *load, int words, int prelink,
                        nl_chan **out) {
  nl_chan *q = nl_calloc(1, sizeof *q);
  *out = NULL;
  if (!q) return NL_ENOMEM;
  q->plan = plan;
  q->nplan = n;
  q->load = load;
  q->words = words;
  q->prelink = words && prelink;
  /* compressed files count less than their text: the kept text's
  ** budget still applies */
  if (q->prelink && nl_plan_bytes(plan, n) <= PRE_BYTES &&
      !(q->pre = nl_pd_pre_new(PRE_BYTES)))
    q->prelink = 0;
  q->deciding = q->pre != NULL;
  if (pthread_mutex_init(&q->mu, NULL) != 0) {
    nl_free(q);
    return NL_EIO;
  }
  pthread_cond_init(&q->nonempty, NULL);
  pthread_cond_init(&q->nonfull, NULL);
  pthread_cond_init(&q->linkc, NULL);
  if (pthread_create(&q->th, NULL, worker_main, q) != 0) {
    pthread_cond_destroy(&q->nonempty);
    pthread_cond_destroy(&q->nonfull);
    pthread_cond_destroy(&q->linkc);
    pthread_mutex_destroy(&q->mu);
    nl_free(q);
    return NL_EIO;
  }
  *out = q;
  return NL_OK;
}

/* Lock the channel once the worker is done with the prelink and the
** decisions made ahead (the caller takes one and unlocks). */
static void lock_linked(nl_chan *q) {
  pthread_mutex_lock(&q->mu);
  while (!q->linked) pthread_cond_wait(&q->linkc, &q->mu);
}

/* The loader's prelink (waits for it): see nl_ingest_internal.h. */
nl_pd_prelink *nl_chan_prelink(nl_chan *q) {
  nl_pd_prelink *link;
  lock_linked(q);
  link = q->link;
  q->link = NULL;
  pthread_mutex_unlock(&q->mu);
  return link;
}

/* The loader's decisions (waits for them): see nl_ingest_internal.h. */
nl_pd_pre *nl_chan_pre(nl_chan *q) {
  nl_pd_pre *pre;
  lock_linked(q);
  pre = q->pre;
  q->pre = NULL;
  pthread_mutex_unlock(&q->mu);
  return pre;
}

/* Next item (waits); NULL when the thread ended early. */
nl_chan_item *nl_chan_pop(nl_chan *c) { return pop(c); }

/* See nl_ingest_internal.h. */
int nl_chan_deciding(const nl_chan *q) { return q->deciding; }

/* Why the thread ended early. */
nl_status nl_chan_failure(nl_chan *q, nl_error *err) {
  nl_status st;
  pthread_mutex_lock(&q->mu);
  st = q->wst != NL_OK ? q->wst : NL_EDB;
  if (err) {
    if (q->wst != NL_OK) *err = q->werr;
    else nl_error_set(err, NL_EDB, "ingest: loader thread ended early");
  }
  pthread_mutex_unlock(&q->mu);
  return st;
}

/*
** A stored article, handed back to be freed by the worker (at its next
** push, or once it loaded everything, as they come) since its
** allocations came from there: freeing them on the writer cost ~3% of
** the writer's instructions, more than on their own thread.  Freed here
** when the list cannot grow.
*/
void nl_chan_spent(nl_chan *q, nl_prepared *p) {
  int kept = 0;
  pthread_mutex_lock(&q->mu);
  if (q->nspent == q->capspent) {
    size_t cap = q->capspent ? 2 * q->capspent
                 : q->hint > 256 ? q->hint : 256;
    nl_prepared *ns = nl_realloc(q->spent, cap * sizeof *ns);
    if (ns) {
      q->spent = ns;
      q->capspent = cap;
    }
  }
  if (q->nspent < q->capspent) {
    q->spent[q->nspent++] = *p;
    kept = 1;
    if (q->done) pthread_cond_signal(&q->nonfull); /* the worker waits */
  }
  pthread_mutex_unlock(&q->mu);
  if (kept) memset(p, 0, sizeof *p);
  else nl_prepared_clear(p);
}

/* Free an item. */
void nl_chan_item_free(nl_chan_item *it) {
  if (!it) return;
  nl_prepared_clear(&it->p);
  nl_free(it);
}

/* Stop the thread and free the channel. */
void nl_chan_stop(nl_chan *q) {
  if (!q) return;
  stop_worker(q);
  pthread_cond_destroy(&q->nonempty);
  pthread_cond_destroy(&q->nonfull);
  pthread_cond_destroy(&q->linkc);
  pthread_mutex_destroy(&q->mu);
  nl_free(q);
}
