/*
** nl_fts5.c -- FTS5 glue: the tokenizer side of fts5_api (the rank
** function nl_bm25topk is in nl_rank.c; nl_fts5_register registers both).
**
** The v1 fts5_tokenizer (SQLite 3.40) wraps nl_tokenizer: xCreate parses
** the table's tokenizer arguments into nl_tokenizer_opts, xTokenize hands
** FTS5's flags and xToken straight to nl_tokenize (the constants and the
** callback shape are FTS5's, pinned below), xDelete frees the tokenizer.
*/
#include "nl_fts5.h"

#include <string.h>

#include "newslua/nl_tokenize.h"
#include "nl_alloc.h"

_Static_assert(NL_TOKENIZE_QUERY == FTS5_TOKENIZE_QUERY, "QUERY");
_Static_assert(NL_TOKENIZE_PREFIX == FTS5_TOKENIZE_PREFIX, "PREFIX");
_Static_assert(NL_TOKENIZE_DOCUMENT == FTS5_TOKENIZE_DOCUMENT, "DOCUMENT");
_Static_assert(NL_TOKENIZE_AUX == FTS5_TOKENIZE_AUX, "AUX");
_Static_assert(NL_TOKEN_COLOCATED == FTS5_TOKEN_COLOCATED, "COLOCATED");
_Static_assert(NL_TOKENIZE_NOMEM == SQLITE_NOMEM, "NOMEM");

/* The tokenizer FTS5 holds: nl_tokenizer and the options it was made with
** (a token log replays only under the options it was recorded with). */
typedef struct fts_tok {
  nl_tokenizer *tk;
  nl_tokenizer_opts o;
} fts_tok;

/* The armed log, and the replay counters, of the calling thread. */
static _Thread_local const nl_toklog *armed;
static _Thread_local size_t n_replayed, n_tokenized;

#define ENT_SAME (1ULL << 62)
#define ENT_COLOC (1ULL << 63)
#define TERM_MAX 16383u

/* What the recording callback needs. */
typedef struct rec_ctx {
  nl_toklog *log;
  const char *text; /* the text being recorded */
} rec_ctx;

/* Kept out of record() so that its common case runs without a frame. */
#if defined(__GNUC__)
#define REC_NOINLINE __attribute__((noinline))
#else
#define REC_NOINLINE
#endif

/* record()'s cases other than a term that is its source bytes with room
** for its entry: see record. */
static REC_NOINLINE int record_slow(rec_ctx *r, int flags, const char *tok, size_t tl,
                       size_t start, size_t srclen) {
  nl_toklog *log = r->log;
  uint64_t e;
  if (log->n == log->cap) {
    size_t cap = log->cap ? 2 * log->cap : 256;
    uint64_t *ne = nl_realloc(log->ent, cap * sizeof *ne);
    if (!ne) {
      log->bad = 1;
      return 0;
    }
    log->ent = ne;
    log->cap = cap;
  }
  e = (uint64_t)start | (uint64_t)srclen << 32 | (uint64_t)tl << 48;
  if (tl == srclen &&
      (tok == r->text + start ||
       !tl || (tok[0] == r->text[start] && !memcmp(tok, r->text + start, tl)))) {
    e |= ENT_SAME;
  } else if (log->terms.len + tl < log->terms.cap) { /* room: no call */
    memcpy(log->terms.data + log->terms.len, tok, tl);
    log->terms.len += tl;
    log->terms.data[log->terms.len] = '\0';
  } else {
    nl_buf_append(&log->terms, tok, tl);
    if (!nl_buf_ok(&log->terms)) {
      log->bad = 1;
      return 0;
    }
  }
  if (flags & NL_TOKEN_COLOCATED) e |= ENT_COLOC;
  log->ent[log->n++] = e;
  return 0;
}

/* nl_tokenize callback recording one term; a term that cannot be
** recorded marks the log bad (the scan goes on for the spans).  The
** common term, the source bytes themselves (a lowercase word), is
** recorded here without a call. */
static int record(void *ctx, int flags, const char *tok, int ntok, int start,
                  int end) {
  rec_ctx *r = ctx;
  nl_toklog *log = r->log;
  size_t srclen = (size_t)(end - start), tl = (size_t)ntok;
  if (log->bad) return 0;
  if (start < 0 || end < start || srclen > 0xffff || tl > TERM_MAX) {
    log->bad = 1;
    return 0;
  }
  if (tok == r->text + start && tl == srclen && log->n < log->cap) {
    log->ent[log->n++] = (uint64_t)start | (uint64_t)srclen << 32 |
                         (uint64_t)tl << 48 | ENT_SAME |
                         (flags & NL_TOKEN_COLOCATED ? ENT_COLOC : 0);
    return 0;
  }
  return record_slow(r, flags, tok, tl, (size_t)start, srclen);
}

/* nl_toklog_add: see nl_fts5.h. */
int nl_toklog_add(nl_toklog *log, const char *text, size_t len,
                  nl_span_vec *spans) {
  const nl_tokenizer *tk = nl_tokenizer_default(); /* the log's options */
  nl_toklog_text *t = NULL;
  rec_ctx r;
  int rc;
  if (!text) len = 0;
  if (log->bad || log->ntext == NL_TOKLOG_TEXTS || len > 0x7fffffff) {
    log->bad = 1;
    if (!spans) return 0;
  } else {
    t = &log->text[log->ntext];
    t->text = text;
    t->len = len;
    t->first = log->n;
    t->term_off = log->terms.len;
  }
  r.log = log;
  r.text = text;
  if (spans)
    rc = nl_tokenize_span_vec(tk, NL_TOKENIZE_DOCUMENT, text, len, &r,
                              log->bad ? NULL : record, spans);
  else
    rc = nl_tokenize(tk, NL_TOKENIZE_DOCUMENT, text, (int)len, &r, record);
  if (rc) log->bad = 1; /* tokenizer out of memory */
  if (t) {
    t->count = log->n - t->first;
    log->ntext++;
  }
  return spans ? rc : 0;
}

/* nl_toklog_bytes: see nl_fts5.h. */
size_t nl_toklog_bytes(const nl_toklog *log) {
  return log->cap * sizeof *log->ent + log->terms.cap;
}

/* nl_toklog_free: see nl_fts5.h. */
void nl_toklog_free(nl_toklog *log) {
  if (!log) return;
  nl_free(log->ent);
  nl_buf_free(&log->terms);
  memset(log, 0, sizeof *log);
}

/* nl_fts5_replay: see nl_fts5.h. */
void nl_fts5_replay(const nl_toklog *log) { armed = log; }

/* nl_fts5_replay_counts: see nl_fts5.h. */
void nl_fts5_replay_counts(size_t *replayed, size_t *tokenized) {
  if (replayed) *replayed = n_replayed;
  if (tokenized) *tokenized = n_tokenized;
}

/*
** Replay the armed log's record of text[0..len) if it has one (same
** bytes, default options): 1 and *rc the callback's result, else 0.
*/
static int replay(const fts_tok *ft, void *ctx, const char *text, int len,
                  int (*xToken)(void *, int, const char *, int, int, int),
                  int *rc) {
  const nl_toklog *log = armed;
  int i;
  if (!log || log->bad || ft->o.remove_diacritics || ft->o.stem || len < 0)
    return 0;
  for (i = 0; i < log->ntext; i++) {
    const nl_toklog_text *t = &log->text[i];
    const char *term;
    size_t k;
    /* FTS5 hands over the bound text itself when it was bound
    ** NUL-terminated (nl_db_write.c): equal pointers need no compare */
    if (t->len != (size_t)len ||
        (len && t->text != text && memcmp(t->text, text, t->len)))
      continue;
    term = log->terms.data + t->term_off;
    *rc = 0;
    for (k = t->first; k < t->first + t->count && !*rc; k++) {
      uint64_t e = log->ent[k];
      int start = (int)(e & 0xffffffffu);
      int srclen = (int)(e >> 32 & 0xffff), tl = (int)(e >> 48 & TERM_MAX);
      const char *p = text + start;
      if (!(e & ENT_SAME)) {
        p = term;
        term += tl;
      }
      *rc = xToken(ctx, e & ENT_COLOC ? NL_TOKEN_COLOCATED : 0, p, tl, start,
                   start + srclen);
    }
    n_replayed++;
    return 1;
  }
  return 0;
}

/* Parse a 0/1 option value; -1 if it is anything else. */
static int flag_value(const char *v) {
  if (strcmp(v, "0") == 0) return 0;
  if (strcmp(v, "1") == 0) return 1;
  return -1;
}

/* xCreate: key/value arguments -> nl_tokenizer_opts -> nl_tokenizer. */
static int tok_create(void *ctx, const char **azArg, int nArg,
                      Fts5Tokenizer **ppOut) {
  nl_tokenizer_opts o = NL_TOKENIZER_OPTS_INIT;
  nl_tokenizer *tk;
  fts_tok *ft;
  nl_status st;
  int i;
  (void)ctx;
  *ppOut = NULL;
  if (nArg % 2) return SQLITE_ERROR;
  for (i = 0; i < nArg; i += 2) {
    int v = flag_value(azArg[i + 1]);
    if (v < 0) return SQLITE_ERROR;
    if (strcmp(azArg[i], "remove_diacritics") == 0)
      o.remove_diacritics = v;
    else if (strcmp(azArg[i], "stem") == 0)
      o.stem = v;
    else
      return SQLITE_ERROR;
  }
  st = nl_tokenizer_new(&o, &tk, NULL);
  if (st == NL_ENOMEM) return SQLITE_NOMEM;
  if (st != NL_OK) return SQLITE_ERROR;
  if (!(ft = nl_malloc(sizeof *ft))) {
    nl_tokenizer_free(tk);
    return SQLITE_NOMEM;
  }
  ft->tk = tk;
  ft->o = o;
  *ppOut = (Fts5Tokenizer *)(void *)ft;
  return SQLITE_OK;
}

/* xDelete. */
static void tok_delete(Fts5Tokenizer *p) {
  fts_tok *ft = (fts_tok *)(void *)p;
  if (!ft) return;
  nl_tokenizer_free(ft->tk);
  nl_free(ft);
}

/* xTokenize: a replay of the armed token log when it has this text, else
** flags and xToken pass straight through to nl_tokenize. */
static int
tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int len,
             int (*xToken)(void *, int, const char *, int, int, int)) {
  const fts_tok *ft = (const fts_tok *)(void *)p;
  int rc;
  if (flags == NL_TOKENIZE_DOCUMENT) {
    if (armed && replay(ft, ctx, text, len, xToken, &rc)) return rc;
    n_tokenized++;
  }
  return nl_tokenize(ft->tk, flags, text, len, ctx, xToken);
}

/* The fts5_api of `db` (NULL without FTS5), as the FTS5 docs show. */
static fts5_api *fts5_api_from_db(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

/* nl_fts5_register: see nl_fts5.h. */
nl_status nl_fts5_register(sqlite3 *db, nl_error *err) {
  fts5_tokenizer t; /* FTS5 copies it */
  fts5_api *api = fts5_api_from_db(db);
  int rc;
  if (!api)
    return nl_error_set(err, NL_EDB, "fts5: SQLite was built without FTS5");
  if (api->iVersion < 2)
    return nl_error_set(err, NL_EDB, "fts5: fts5_api version %d < 2",
                        api->iVersion);
  t.xCreate = tok_create;
  t.xDelete = tok_delete;
  t.xTokenize = tok_tokenize;
  rc = api->xCreateTokenizer(api, "newslua", NULL, &t, NULL);
  if (rc != SQLITE_OK)
    return nl_error_set(err, NL_EDB, "fts5: cannot register tokenizer: %s",
                        sqlite3_errstr(rc));
  rc = nl_rank_register(api);
  if (rc != SQLITE_OK)
    return nl_error_set(err, NL_EDB, "fts5: cannot register nl_bm25topk: %s",
                        sqlite3_errstr(rc));
  rc = nl_matches_register(api);
  if (rc != SQLITE_OK)
    return nl_error_set(err, NL_EDB, "fts5: cannot register nl_matches: %s",
                        sqlite3_errstr(rc));
  return NL_OK;
}
