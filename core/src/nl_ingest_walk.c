/*
** nl_ingest_walk.c -- the first half of an ingest (see nl_ingest.c): walk
** the path, compare each file with its files row (size and mtime, then
** the content hash) and plan the files that changed, in walk order; a
** file stopped part way is planned to go on from where it stopped.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nl_alloc.h"
#include "nl_ingest_state.h"
#include "nl_loader_internal.h"

/* Is `h` a file hash an ingest stored: nl_hash64's 16 hex digits, or the
** FNV-1a of a store older than version 6, marked NL_OLD_HASH_PREFIX? */
static int known_hash(const char *h) {
  size_t n = h ? strlen(h) : 0;
  return n == 16 || (n == NL_OLD_HASH_LEN &&
                     strncmp(h, NL_OLD_HASH_PREFIX, NL_OLD_HASH_LEN - 16) == 0);
}

/* Stored state of a file: *have = 0 if none or not stored successfully;
** *partial: its articles stored by an ingest that stopped part way
** (status 'partial'), else 0; its hash in `hash` when either is set;
** *analysis: the NL_ANALYSIS_VERSION its articles were stored by. */
static nl_status file_state(ingest *g, char hash[NL_OLD_HASH_LEN + 1],
                            sqlite3_int64 *size,
                            sqlite3_int64 *mtime, int *have, size_t *partial,
                            int *analysis, nl_error *err) {
  sqlite3_stmt *q = nl_db_stmt(g->db, NL_STMT_FILE_GET, err);
  int rc;
  *have = 0;
  *partial = 0;
  if (!q) return err ? err->code : NL_EDB;
  sqlite3_bind_text(q, 1, g->key, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    const char *h = (const char *)sqlite3_column_text(q, 0);
    const char *s = (const char *)sqlite3_column_text(q, 3);
    *have = s && strcmp(s, "ok") == 0 && known_hash(h);
    if (s && strcmp(s, "partial") == 0 && known_hash(h))
      *partial = (size_t)sqlite3_column_int64(q, 4);
    if (*have || *partial) memcpy(hash, h, strlen(h) + 1);
    *size = sqlite3_column_int64(q, 1);
    *mtime = sqlite3_column_int64(q, 2);
    *analysis = sqlite3_column_int(q, 5);
  }
  sqlite3_reset(q);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nl_db_fail(g->db, rc, "file lookup", err);
  return NL_OK;
}

/* Remember a changed file; it is stored after the walk. */
static nl_status add_plan(ingest *g, const char *path, const char *hash,
                          const struct stat *sb, nl_error *err) {
  nl_plan *e;
  if (g->nplan == g->capplan) {
    size_t cap = g->capplan ? 2 * g->capplan : 64;
    nl_plan *np = nl_realloc(g->plan, cap * sizeof *np);
    if (!np) return nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
    g->plan = np;
    g->capplan = cap;
  }
  e = &g->plan[g->nplan];
  memset(e, 0, sizeof *e);
  e->path = nl_strdup(path);
  e->key = nl_strdup(g->key);
  e->prefix = g->prefix ? nl_strdup(g->prefix) : NULL;
  memcpy(e->hash, hash, 17);
  e->sb = *sb;
  if (!e->path || !e->key || (g->prefix && !e->prefix)) {
    nl_free(e->path);
    nl_free(e->key);
    nl_free(e->prefix);
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
  }
  g->nplan++;
  return NL_OK;
}

void nl_ingest_free_plan(ingest *g) {
  size_t i;
  for (i = 0; i < g->nplan; i++) {
    nl_free(g->plan[i].path);
    nl_free(g->plan[i].key);
    nl_free(g->plan[i].prefix);
  }
  nl_free(g->plan);
  g->plan = NULL;
  g->nplan = g->capplan = 0;
}

/* Plan entries by key, then position (dedupe_plan). */
static int cmp_plan_key(const void *a, const void *b) {
  const nl_plan *x = *(nl_plan *const *)a, *y = *(nl_plan *const *)b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x > y) - (x < y);
}

/*
** A file reached by two paths (followed symlinks, a symlink loop) is
** planned once per path but is one file key: storing it twice would delete
** the first copy's rows while they wait unindexed in g->fts, and FTS5
** would be told to delete entries it never had.  Keep the first.
*/
nl_status nl_ingest_dedupe_plan(ingest *g, nl_error *err) {
  nl_plan **by;
  size_t i, n = 0;
  if (g->nplan < 2) return NL_OK;
  if (!(by = nl_malloc(g->nplan * sizeof *by)))
    return nl_error_set(err, NL_ENOMEM, "ingest: out of memory");
  for (i = 0; i < g->nplan; i++) by[i] = &g->plan[i];
  qsort(by, g->nplan, sizeof *by, cmp_plan_key);
  for (i = 1; i < g->nplan; i++)
    if (strcmp(by[i]->key, by[i - 1]->key) == 0) by[i]->path[0] = '\0';
  nl_free(by);
  for (i = 0; i < g->nplan; i++) { /* drop the marked ones, in order */
    if (!g->plan[i].path[0]) {
      nl_free(g->plan[i].path);
      nl_free(g->plan[i].key);
      nl_free(g->plan[i].prefix);
    } else {
      g->plan[n++] = g->plan[i];
    }
  }
  g->nplan = n;
  return NL_OK;
}

/*
** Were the stored articles of the current file (g->key) given ids with the
** prefix it has now (g->prefix: its folder under the walked root)?  A file
** resumed through another path would mix two id schemes; then it is
** replaced whole.  A failed look-up says no.
*/
static int same_prefix(ingest *g) {
  sqlite3_stmt *q = NULL;
  int same = 0;
  size_t n = g->prefix ? strlen(g->prefix) : 0;
  if (sqlite3_prepare_v2(g->db->sq, "SELECT id FROM articles WHERE file_key ="
                         " ?1 LIMIT 1", -1, &q, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text(q, 1, g->key, -1, SQLITE_STATIC);
  if (sqlite3_step(q) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(q, 0);
    same = id && (n ? strncmp(id, g->prefix, n) == 0 && id[n] == '/'
                    : strchr(id, '/') == NULL);
  }
  sqlite3_finalize(q);
  return same;
}

/* Is canonical path `key` the store or one of its -wal, -shm, -journal
** files (a store kept inside the folder it indexes)? */
static int own_file(const ingest *g, const char *key) {
  size_t n = g->store ? strlen(g->store) : 0;
  return n && strncmp(key, g->store, n) == 0 &&
         (!key[n] || !strcmp(key + n, "-wal") || !strcmp(key + n, "-shm") ||
          !strcmp(key + n, "-journal"));
}

/* Hash the file at `path` into `hash`; *same: 1 if its bytes are those the
** stored hash `stored` names (an old store's FNV-1a compared as such). */
static nl_status same_bytes(const char *path, const char *stored,
                            char hash[17], int *same, nl_error *err) {
  char old[NL_OLD_HASH_LEN + 1];
  int was_old = strlen(stored) == NL_OLD_HASH_LEN;
  nl_status st = nl_ingest_hash_file(path, hash, was_old ? old : NULL, err);
  *same = st == NL_OK && strcmp(was_old ? old : hash, stored) == 0;
  return st;
}

/* One regular file: skip when unchanged, else store it. */
static nl_status do_file(ingest *g, const char *path, const struct stat *sb,
                         nl_error *err) {
  char stored[NL_OLD_HASH_LEN + 1], hash[17];
  sqlite3_int64 size = -1, mtime = -1;
  sqlite3_int64 mt = (sqlite3_int64)sb->st_mtim.tv_sec * 1000000000 +
                     sb->st_mtim.tv_nsec;
  nl_error ferr = NL_ERROR_INIT;
  char *key = realpath(path, NULL);
  nl_status st = NL_OK;
  size_t partial;
  int have, same, analysis = NL_ANALYSIS_VERSION;
  if (key && own_file(g, key)) goto done; /* the store itself */
  g->r->files++;
  g->key = key ? key : path;
  if (g->pruning && (st = nl_seen_add(&g->seen, g->key, err)) != NL_OK)
    goto done;
  if (g->root) { /* "<root>/<dir>/<name>" -> prefix "<dir>" */
    const char *rel = path + strlen(g->root), *slash;
    while (*rel == '/') rel++;
    slash = strrchr(rel, '/');
    if (slash && !(g->prefix = nl_strndup(rel, (size_t)(slash - rel)))) {
      st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
      goto done;
    }
  }
  st = file_state(g, stored, &size, &mtime, &have, &partial, &analysis, err);
  if (st != NL_OK) goto done;
  if (partial) { /* stopped part way: go on if its content is the same */
    if (same_bytes(path, stored, hash, &same, &ferr) != NL_OK) {
      g->r->files_failed++;
      nl_ingest_report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, ferr.code,
                            ferr.msg, 0);
      goto done;
    }
    st = add_plan(g, path, hash, sb, err);
    if (st == NL_OK) g->plan[g->nplan - 1].was_partial = 1;
    if (st == NL_OK && same && same_prefix(g) && !g->o->force)
      g->plan[g->nplan - 1].resume = partial;
    goto done;
  }
  if (g->o->force) { /* read again whatever its state (a stored file is
                          replaced, as a changed one is) */
    hash[0] = '\0';
    st = add_plan(g, path, hash, sb, err);
    goto done;
  }
  if (have && size == (sqlite3_int64)sb->st_size && mtime == mt) {
    g->r->files_unchanged++;
    g->r->files_stale += analysis < NL_ANALYSIS_VERSION;
    nl_ingest_report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, NL_OK, "unchanged",
                          0);
    goto done;
  }
  if (!have || size != (sqlite3_int64)sb->st_size) {
    /* new, or another size (changed for sure): hashed from the bytes its
    ** load reads (on the loader thread), not read a second time here */
    hash[0] = '\0';
    st = add_plan(g, path, hash, sb, err);
    goto done;
  }
  if (same_bytes(path, stored, hash, &same, &ferr) != NL_OK) {
    g->r->files_failed++;
    nl_ingest_report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, ferr.code, ferr.msg,
                          0);
    goto done;
  }
  if (same) { /* touched: new size and mtime (an old store: new hash) */
    g->r->files_unchanged++;
    g->r->files_stale += analysis < NL_ANALYSIS_VERSION;
    st = nl_ingest_batch_begin(g, err);
    if (st == NL_OK)
      st = nl_ingest_file_row(g, NL_STMT_FILE_TOUCH, hash, sb, NULL, NULL, err);
    nl_ingest_report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, NL_OK, "unchanged",
                          0);
    goto done;
  }
  st = add_plan(g, path, hash, sb, err);
done:
  free(key); /* from realpath(): the C library's allocator */
  g->key = NULL;
  nl_free(g->prefix);
  g->prefix = NULL;
  return st;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}


/* Every non-hidden entry of directory `path`, in byte order. */
static nl_status walk_dir(ingest *g, const char *path, nl_error *err) {
  DIR *d = opendir(path);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  nl_status st = NL_OK;
  if (!d) {
    nl_error derr = NL_ERROR_INIT;
    nl_error_set(&derr, NL_EIO, "%s: cannot open directory: %s", path,
                 strerror(errno));
    g->r->files_failed++;
    g->walk_partial = 1;
    nl_ingest_report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, NL_EIO, derr.msg,
                          0);
    return NL_OK;
  }
  while (st == NL_OK && (e = readdir(d)) != NULL) {
    size_t pl = strlen(path);
    char *full;
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      char **nn = nl_realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *nn);
      if (!nn) {
        st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
        break;
      }
      names = nn;
    }
    full = nl_malloc(pl + strlen(e->d_name) + 2);
    if (!full) {
      st = nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
      break;
    }
    sprintf(full, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/",
            e->d_name);
    names[n++] = full;
  }
  closedir(d);
  if (st == NL_OK && n) qsort(names, n, sizeof *names, cmp_names);
  for (i = 0; i < n; i++) {
    if (st == NL_OK) st = nl_ingest_walk(g, names[i], 0, err);
    nl_free(names[i]);
  }
  nl_free(names);
  return st;
}

/* A walked entry that is not read: counted and reported skipped. */
static nl_status skip(ingest *g, const char *path, nl_status code,
                      const char *why) {
  nl_error e = NL_ERROR_INIT;
  nl_error_set(&e, code, "%s: %s", path, why);
  g->r->files++;
  g->r->files_failed++;
  if (nl_ingest_report_file(g, path, NL_FORMAT_UNKNOWN, 0, 0, code, e.msg, 0) !=
      NL_OK)
    return NL_ENOMEM;
  return NL_OK;
}

/* Is directory `sb` one of those being walked (a symlink loop)? */
static int on_walk_path(const ingest *g, const struct stat *sb) {
  int i;
  for (i = 0; i < g->depth; i++)
    if (g->walking[i].dev == sb->st_dev && g->walking[i].ino == sb->st_ino)
      return 1;
  return 0;
}

nl_status nl_ingest_walk(ingest *g, const char *path, int top, nl_error *err) {
  struct stat sb;
  nl_status st = nl_ingest_stop_asked(g, path, err);
  int follow = top || g->o->load.follow_symlinks;
  if (st != NL_OK) return st;
  if ((follow ? stat(path, &sb) : lstat(path, &sb)) != 0) {
    if (top)
      return nl_error_set(err, errno == ENOENT ? NL_ENOTFOUND : NL_EIO,
                          "%s: %s", path, strerror(errno));
    char why[128];
    snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
    st = skip(g, path, NL_EIO, why);
    goto done;
  }
  if (S_ISDIR(sb.st_mode)) {
    if (top) { /* a directory walk: remember what it sees, to prune */
      g->root = path;
      g->pruning = g->o->prune;
    }
    if (on_walk_path(g, &sb)) { /* its files are walked already */
      st = skip(g, path, NL_EINVAL, "directory already visited "
                "(loop)");
      goto done;
    }
    if (g->depth >= NL_WALK_DEPTH) {
      g->walk_partial = 1;
      st = skip(g, path, NL_ELIMIT, "directories nested too deep");
      goto done;
    }
    g->walking[g->depth].dev = sb.st_dev;
    g->walking[g->depth].ino = sb.st_ino;
    g->depth++;
    st = walk_dir(g, path, err);
    g->depth--;
    return st;
  }
  if (S_ISREG(sb.st_mode)) { /* a walked README is skipped, a named one read */
    const char *doc = top ? NULL : nl_sniff_doc_name(path);
    if (!doc) return do_file(g, path, &sb, err);
    st = skip(g, path, NL_EINVAL, doc);
  } else {
    st = skip(g, path, NL_EINVAL, S_ISLNK(sb.st_mode)
              ? "symbolic link not followed"
              : "not a regular file");
  }
done:
  return st == NL_OK ? NL_OK
                     : nl_error_set(err, st, "%s: out of memory", path);
}
