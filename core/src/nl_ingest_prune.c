/*
** nl_ingest_prune.c -- files deleted from a walked directory leave the
** store: the walk remembers every file it saw (nl_seen), and after a
** complete walk the articles of stored files under that directory which
** the walk did not see are removed, with their files rows, in one
** transaction.  SQL in nl_schema.c.
*/
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_ingest_internal.h"
#include "nl_pubdate.h"
#include "nl_story.h"

/*
** See nl_ingest_internal.h.
*/
nl_status nl_seen_add(nl_seen *s, const char *key, nl_error *err) {
  char *copy;
  if (s->n == s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 256;
    char **p = nl_realloc(s->paths, cap * sizeof *p);
    if (!p) return nl_error_set(err, NL_ENOMEM, "%s: out of memory", key);
    s->paths = p;
    s->cap = cap;
  }
  if (!(copy = nl_strdup(key)))
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", key);
  s->paths[s->n++] = copy;
  return NL_OK;
}

void nl_seen_free(nl_seen *s) {
  size_t i;
  for (i = 0; i < s->n; i++)
    nl_free(s->paths[i]);
  nl_free(s->paths);
  memset(s, 0, sizeof *s);
}

static int cmp_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int was_seen(const nl_seen *s, const char *path) {
  return s && s->n > 0 && bsearch(&path, s->paths, s->n, sizeof *s->paths,
                             cmp_paths) != NULL;
}

/* See nl_ingest_internal.h. */
nl_status nl_ingest_files_under(nl_db *db, const char *root,
                                const nl_seen *seen, nl_buf *gone, size_t *n,
                                nl_error *err) {
  nl_buf lo = NL_BUF_INIT, hi = NL_BUF_INIT;
  sqlite3_stmt *q;
  nl_status st = NL_OK;
  size_t len = strlen(root);
  int rc;
  while (len > 1 && root[len - 1] == '/') len--;
  /* the paths "<root>/..." sort strictly between "<root>/" and "<root>0" */
  nl_buf_append(&lo, root, len);
  nl_buf_putc(&lo, '/');
  nl_buf_append(&hi, root, len);
  nl_buf_putc(&hi, '/' + 1);
  if (!nl_buf_ok(&lo) || !nl_buf_ok(&hi)) {
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", root);
    goto done;
  }
  if (!(q = nl_db_stmt(db, NL_STMT_FILES_UNDER, err))) {
    st = err ? err->code : NL_EDB;
    goto done;
  }
  sqlite3_bind_text(q, 1, nl_buf_cstr(&lo), -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, nl_buf_cstr(&hi), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *p = (const char *)sqlite3_column_text(q, 0);
    if (!p || was_seen(seen, p)) continue;
    nl_buf_append(gone, p, strlen(p) + 1);
    (*n)++;
  }
  sqlite3_reset(q);
  if (rc != SQLITE_DONE)
    st = nl_db_fail(db, rc, "files", err);
  else if (!nl_buf_ok(gone))
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", root);
done:
  nl_buf_free(&lo);
  nl_buf_free(&hi);
  return st;
}

/* What keeps the story words of the articles a prune removes. */
typedef struct gone_sets {
  nl_pd_words *gone;
  uint64_t *w;
  size_t cap;
} gone_sets;

/* nl_body_fn: keep one removed article's story words (nl_pd_words_add_gone;
** past its budget it keeps none, and this stops reading them). */
static nl_status keep_words(void *ctx, const char *body, size_t len,
                            nl_error *err) {
  gone_sets *g = ctx;
  size_t nw = 0;
  if (g->gone->gfull) return NL_OK;
  if (nl_story_words(body, len, &g->w, &nw, &g->cap) != NL_OK)
    return nl_error_set(err, NL_ENOMEM, "prune: out of memory");
  nl_pd_words_add_gone(g->gone, g->w, nl_story_unique(g->w, nw),
                       NL_WORDS_KEPT);
  return NL_OK;
}

/* See nl_ingest_internal.h. */
nl_status nl_ingest_forget_file(nl_db *db, const char *path, size_t *articles,
                                nl_pd_words *gone, nl_error *err) {
  size_t n = 0;
  sqlite3_stmt *q;
  int rc;
  gone_sets g = {NULL, NULL, 0};
  nl_status st;
  g.gone = gone;
  st = nl_db_delete_articles(db, NL_STMT_OLD_OF_FILE, path,
                             gone ? keep_words : NULL, &g, &n, err);
  nl_free(g.w);
  if (st != NL_OK) return st;
  *articles += n;
  if (!(q = nl_db_stmt(db, NL_STMT_FILE_DELETE, err)))
    return err ? err->code : NL_EDB;
  sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  sqlite3_reset(q);
  return rc == SQLITE_DONE ? NL_OK : nl_db_fail(db, rc, "files", err);
}

/*
** See nl_ingest_internal.h.
*/
nl_status nl_prune_gone(nl_db *db, const char *root, nl_seen *seen,
                        nl_file_fn on_file, void *ctx, nl_pd_words *gone_words,
                        size_t *files, size_t *articles, nl_error *err) {
  nl_buf gone = NL_BUF_INIT;
  size_t n = 0, i, off, *per = NULL;
  char *rootkey = realpath(root, NULL);
  nl_status st;
  *files = *articles = 0;
  if (!rootkey) return NL_OK; /* the directory went away: nothing to say */
  if (seen->n > 1)
    qsort(seen->paths, seen->n, sizeof *seen->paths, cmp_paths);
  st = nl_ingest_files_under(db, rootkey, seen, &gone, &n, err);
  free(rootkey); /* from realpath(): the C library's allocator */
  if (st == NL_OK && n > 0 && !(per = nl_calloc(n, sizeof *per)))
    st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", root);
  if (st == NL_OK && n > 0) st = nl_db_begin(db, err);
  for (i = 0, off = 0; st == NL_OK && i < n; i++) {
    const char *path = gone.data + off;
    off += strlen(path) + 1;
    st = nl_ingest_forget_file(db, path, &per[i], gone_words, err);
  }
  if (n > 0 && per) {
    nl_status st2 = nl_db_end(db, st == NL_OK, st == NL_OK ? err : NULL);
    if (st == NL_OK) st = st2;
  }
  /* reported once committed, as the ingest reports stored files */
  for (i = 0, off = 0; st == NL_OK && i < n; i++) {
    const char *path = gone.data + off;
    off += strlen(path) + 1;
    *articles += per[i];
    if (on_file) {
      nl_file_report fr;
      fr.file = path;
      fr.format = NL_FORMAT_UNKNOWN;
      fr.articles = per[i];
      fr.repaired_bytes = 0;
      fr.status = NL_OK;
      fr.message = "removed: the file is gone";
      fr.done = fr.total = 0;
      on_file(ctx, &fr);
    }
  }
  if (st == NL_OK) *files = n;
  nl_free(per);
  nl_buf_free(&gone);
  return st;
}
