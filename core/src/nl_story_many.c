/*
** nl_story_many.c -- the story words of many bodies at once, split over
** two threads.
**
** A reconciliation after an incremental ingest reads every stored body
** and splits it into story words (nl_story_words, then nl_story_unique):
** at 100,000 articles that was 60% of adding five articles.  The caller
** collects a batch of bodies; the batch's second half (by bytes) is split
** on a helper thread while this one splits the first.  The sets are the
** ones nl_story_words and nl_story_unique give body by body.
*/
#include <pthread.h>
#include <string.h>

#include "nl_alloc.h"
#include "nl_story.h"

/* A batch smaller than this is split on the caller's thread: a thread's
** start and join cost more than the words of a few short bodies. */
#define MANY_MIN_BYTES (64u << 10)

typedef struct many_part {
  const char *const *body;
  const size_t *len;
  nl_story_set *out;
  size_t from, to;
  nl_status st;
} many_part;

/* The sets of bodies [from, to) of part p. */
static void split_part(many_part *p) {
  size_t i;
  p->st = NL_OK;
  for (i = p->from; i < p->to && p->st == NL_OK; i++) {
    nl_story_set *s = &p->out[i];
    s->n = 0;
    if (p->body[i])
      p->st = nl_story_words(p->body[i], p->len[i], &s->w, &s->n, &s->cap);
    if (p->st == NL_OK) s->n = nl_story_unique(s->w, s->n);
  }
}

static void *split_main(void *arg) {
  split_part(arg);
  return NULL;
}

/* See nl_story.h. */
nl_status nl_story_words_many(const char *const *body, const size_t *len,
                              size_t n, nl_story_set *out) {
  many_part lo, hi;
  pthread_t th;
  size_t total = 0, half = 0, m;
  for (m = 0; m < n; m++)
    total += len[m];
  lo.body = hi.body = body;
  lo.len = hi.len = len;
  lo.out = hi.out = out;
  lo.from = 0;
  hi.to = n;
  if (total < MANY_MIN_BYTES || n < 2) {
    lo.to = n;
    split_part(&lo);
    return lo.st;
  }
  for (m = 0; m < n && half + len[m] <= total / 2; m++)
    half += len[m];
  if (m == 0) m = 1; /* one long body: it goes first, the rest after */
  lo.to = hi.from = m;
  if (pthread_create(&th, NULL, split_main, &hi) != 0) {
    lo.to = n; /* no thread: all here */
    split_part(&lo);
    return lo.st;
  }
  split_part(&lo);
  pthread_join(th, NULL);
  return lo.st != NL_OK ? lo.st : hi.st;
}

/* See nl_story.h. */
void nl_story_sets_free(nl_story_set *s, size_t n) {
  size_t i;
  if (!s) return;
  for (i = 0; i < n; i++)
    nl_free(s[i].w);
  memset(s, 0, n * sizeof *s);
}
