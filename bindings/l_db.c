/*
** l_db.c -- newslua.open and the newslua.corpus handle (one nl_db).
**
** The corpus userdata is created closed and then filled by nl_db_open, so
** __gc owns the store from the moment it exists.  `__close` and `:close()`
** share corpus_close (idempotent; it raises inside the corpus's own ingest
** callback, where the core still uses the store), `__gc` is corpus_gc;
** every other method on a closed corpus raises "attempt to use a closed
** newslua.corpus".
**
** Ingest callbacks (on_file, on_phase, on_progress) and newslua.open's on_upgrade run under
** lua_pcall from inside the core; an error there stops further callbacks,
** is kept on the Lua stack, and is raised again only after the core
** function has returned, so a Lua error never unwinds through SQLite or
** loader frames.
*/
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "newslua/nl_cursor.h"
#include "newslua/nl_datetime.h"
#include "newslua/nl_db.h"
#include "l_newslua.h"

typedef struct lcorpus {
  nl_db *db; /* NULL when closed */
  int busy;  /* inside nl_db_ingest: its callbacks may not close it */
} lcorpus;

/* The nl_db of the corpus at `idx` (NULL if closed); raises if not one. */
nl_db *nl_lua_corpus_db(lua_State *L, int idx) {
  return ((lcorpus *)luaL_checkudata(L, idx, NL_LUA_CORPUS))->db;
}

/* The open nl_db of argument 1; raises if the corpus is closed. */
static nl_db *checkdb(lua_State *L) {
  nl_db *db = nl_lua_corpus_db(L, 1);
  if (db == NULL) luaL_error(L, "attempt to use a closed " NL_LUA_CORPUS);
  return db;
}

/* __close and :close(): close the store once.  From inside an on_file
** callback of its own ingest this raises: the core still uses the store
** when the callback returns. */
static int corpus_close(lua_State *L) {
  lcorpus *lc = (lcorpus *)luaL_checkudata(L, 1, NL_LUA_CORPUS);
  if (lc->busy && lc->db != NULL)
    return luaL_error(L, "cannot close a " NL_LUA_CORPUS " inside its own "
                      "callback (close it after add returns)");
  nl_db_close(lc->db);
  lc->db = NULL;
  return 0;
}

/* __gc: close the store, unless an ingest still runs on it (the state is
** being closed from inside a callback: os.exit(code, true)). */
static int corpus_gc(lua_State *L) {
  lcorpus *lc = (lcorpus *)luaL_checkudata(L, 1, NL_LUA_CORPUS);
  if (!lc->busy) nl_db_close(lc->db);
  lc->db = NULL;
  return 0;
}

static int corpus_tostring(lua_State *L) {
  lcorpus *lc = (lcorpus *)luaL_checkudata(L, 1, NL_LUA_CORPUS);
  if (lc->db == NULL)
    lua_pushliteral(L, NL_LUA_CORPUS " (closed)");
  else
    lua_pushfstring(L, NL_LUA_CORPUS " (%p)", (void *)lc);
  return 1;
}

/* ---- ingest ---- */

typedef struct ingestctx {
  nl_lua_cb cb; /* passes (skipped array, on_file or nil, on_phase or nil,
                   on_progress or nil) */
  const nl_file_report *r;
  const char *phase;
  const nl_ingest_progress *pr;
} ingestctx;

/* Runs under lua_pcall with (ctx, skipped, on_file): record a failed
** file, call the user's on_file. */
static int onfile_protected(lua_State *L) {
  ingestctx *ctx = (ingestctx *)lua_touserdata(L, 1);
  nl_lua_add_skipped(L, 2, ctx->r);
  if (!lua_isnil(L, 3)) {
    lua_pushvalue(L, 3);                /* fn */
    nl_lua_push_file_report(L, ctx->r); /* fn, report */
    lua_call(L, 1, 0);
  }
  return 0;
}

/* nl_file_fn called by the core; never lets a Lua error escape. */
static void onfile(void *ud, const nl_file_report *r) {
  ingestctx *ctx = (ingestctx *)ud;
  ctx->r = r;
  nl_lua_cb_call(&ctx->cb, onfile_protected, ctx);
}

/* Runs under lua_pcall with (ctx, skipped, on_file, on_phase): call the
** user's on_phase with the phase's name. */
static int onphase_protected(lua_State *L) {
  ingestctx *ctx = (ingestctx *)lua_touserdata(L, 1);
  if (!lua_isnil(L, 4)) {
    lua_pushvalue(L, 4);           /* fn */
    lua_pushstring(L, ctx->phase); /* fn, phase */
    lua_call(L, 1, 0);
  }
  return 0;
}

/* nl_ingest_opts.on_phase; never lets a Lua error escape. */
static void onphase(void *ud, const char *phase) {
  ingestctx *ctx = (ingestctx *)ud;
  ctx->phase = phase;
  nl_lua_cb_call(&ctx->cb, onphase_protected, ctx);
}

/* Runs under lua_pcall with (ctx, skipped, on_file, on_phase,
** on_progress): call the user's on_progress with {file, index, files,
** articles, resumed, total, size, read}. */
static int onprogress_protected(lua_State *L) {
  ingestctx *ctx = (ingestctx *)lua_touserdata(L, 1);
  const nl_ingest_progress *p = ctx->pr;
  lua_pushvalue(L, 5);      /* fn */
  lua_createtable(L, 0, 8); /* fn, p */
  nl_lua_set_string(L, "file", p->file);
  nl_lua_set_int(L, "index", (lua_Integer)p->index);
  nl_lua_set_int(L, "files", (lua_Integer)p->files);
  nl_lua_set_int(L, "articles", (lua_Integer)p->articles);
  nl_lua_set_int(L, "resumed", (lua_Integer)p->resumed);
  nl_lua_set_int(L, "total", (lua_Integer)p->total);
  nl_lua_set_int(L, "size", (lua_Integer)p->size);
  nl_lua_set_int(L, "read", (lua_Integer)p->read);
  lua_call(L, 1, 0);
  return 0;
}

/* nl_ingest_opts.on_progress (set only with a Lua on_progress); never lets
** a Lua error escape. */
static void onprogress(void *ud, const nl_ingest_progress *p) {
  ingestctx *ctx = (ingestctx *)ud;
  ctx->pr = p;
  nl_lua_cb_call(&ctx->cb, onprogress_protected, ctx);
}

/* Runs under lua_pcall: nothing.  Calling it runs a pending hook. */
static int noop_protected(lua_State *L) {
  (void)L;
  return 0;
}

/*
** nl_ingest_opts.cancel: stop the ingest once a callback failed.  A hook
** pending (lua.c's ^C handler sets one that raises "interrupted!") would
** only run when Lua code next runs -- after the whole ingest without an
** on_file -- so a protected call runs it here, between two files.
*/
static int cancel(void *ud) {
  ingestctx *ctx = (ingestctx *)ud;
  if (!ctx->cb.failed && lua_gethook(ctx->cb.L) != NULL)
    nl_lua_cb_call(&ctx->cb, noop_protected, ctx);
  return ctx->cb.failed;
}

static const char *const add_keys[] = {
    "on_file",   "reconcile", "format", "follow_symlinks", "max_bytes",
    "optimize",  "prune",     "on_phase", "force",         "on_progress",
    "progress_ms", NULL};

/* Read the load/ingest options at `arg` into `o` (checks only). */
static void checkingest(lua_State *L, int arg, nl_ingest_opts *o) {
  const char *fmt = nl_lua_opt_string(L, arg, "format", NULL);
  lua_Integer max = nl_lua_opt_int(L, arg, "max_bytes", 0), every;
  if (fmt != NULL) {
    o->load.format = nl_format_from_name(fmt);
    if (o->load.format == NL_FORMAT_UNKNOWN)
      luaL_argerror(L, arg, lua_pushfstring(L, "unknown format '%s'", fmt));
  }
  luaL_argcheck(L, max >= 0, arg, "option 'max_bytes' must be >= 0");
  o->load.max_file_bytes = (size_t)max;
  o->load.follow_symlinks = nl_lua_opt_bool(L, arg, "follow_symlinks", 0);
  o->reconcile = nl_lua_opt_bool(L, arg, "reconcile", 1);
  o->optimize = nl_lua_opt_bool(L, arg, "optimize", -1); /* nil: auto */
  o->prune = nl_lua_opt_bool(L, arg, "prune", 1);
  o->force = nl_lua_opt_bool(L, arg, "force", 0);
  if (nl_lua_opt_func(L, arg, "on_file")) lua_pop(L, 1); /* type check */
  if (nl_lua_opt_func(L, arg, "on_phase")) lua_pop(L, 1);
  if (nl_lua_opt_func(L, arg, "on_progress")) lua_pop(L, 1);
  every = nl_lua_opt_int(L, arg, "progress_ms", 250);
  luaL_argcheck(L, every >= 0 && every <= INT_MAX, arg,
                "option 'progress_ms' must be >= 0");
  o->progress_ms = (int)every;
}

/* Push the report table of an ingest; `skipped` is the array's index. */
static void pushreport(lua_State *L, const nl_ingest_report *r, int skipped) {
  int i;
  lua_createtable(L, 0, 8); /* rep */
  nl_lua_set_int(L, "files", (lua_Integer)r->files);
  nl_lua_set_int(L, "unchanged", (lua_Integer)r->files_unchanged);
  nl_lua_set_int(L, "stale", (lua_Integer)r->files_stale);
  nl_lua_set_int(L, "moved", (lua_Integer)r->files_moved);
  nl_lua_set_int(L, "failed", (lua_Integer)r->files_failed);
  nl_lua_set_int(L, "added", (lua_Integer)r->articles_added);
  nl_lua_set_int(L, "replaced", (lua_Integer)r->articles_replaced);
  nl_lua_set_int(L, "repaired", (lua_Integer)r->repaired_bytes);
  nl_lua_set_int(L, "removed", (lua_Integer)r->articles_removed);
  nl_lua_set_int(L, "removed_files", (lua_Integer)r->files_removed);
  lua_pushboolean(L, r->optimized);
  lua_setfield(L, -2, "optimized");
  lua_newtable(L); /* rep, formats */
  for (i = 0; i < NL_FORMAT_COUNT; i++) {
    if (r->per_format[i] == 0) continue;
    nl_lua_set_int(L, nl_format_name((nl_format)i),
                   (lua_Integer)r->per_format[i]);
  }
  lua_setfield(L, -2, "formats"); /* rep */
  lua_pushvalue(L, skipped);      /* rep, skipped */
  lua_setfield(L, -2, "skipped"); /* rep */
}

/*
** Ingest `path` into the corpus `lc` with the options at `arg` (already
** checked).  Pushes the report (returns 1), or the fail triple (returns
** 3); re-raises an on_file error after the core has returned, first
** closing the corpus if `owner` (newslua.open: the caller never gets that
** corpus).
*/
static int ingest(lua_State *L, lcorpus *lc, int owner, const char *path,
                  int arg, nl_ingest_opts *o) {
  nl_ingest_report rep;
  nl_error err = NL_ERROR_INIT;
  ingestctx ctx;
  nl_status rc;
  int skipped;
  memset(&rep, 0, sizeof rep);
  memset(&ctx, 0, sizeof ctx);
  lua_newtable(L); /* skipped */
  skipped = lua_gettop(L);
  if (!nl_lua_opt_func(L, arg, "on_file")) lua_pushnil(L); /* skipped, fn */
  if (!nl_lua_opt_func(L, arg, "on_phase")) lua_pushnil(L); /* ..., fn2 */
  if (!nl_lua_opt_func(L, arg, "on_progress")) lua_pushnil(L); /* ..., fn3 */
  nl_lua_cb_init(L, &ctx.cb);                              /* ..., msgh, err */
  ctx.cb.nargs = 4;
  ctx.cb.args[0] = skipped;
  ctx.cb.args[1] = skipped + 1;
  ctx.cb.args[2] = skipped + 2;
  ctx.cb.args[3] = skipped + 3;
  o->on_file = onfile;
  o->on_phase = onphase;
  /* none without a Lua function: no clock read per article */
  o->on_progress = lua_isnil(L, skipped + 3) ? NULL : onprogress;
  o->cancel = cancel;
  o->ctx = &ctx;
  lc->busy++;
  rc = nl_db_ingest(lc->db, path, o, &rep, &err);
  lc->busy--;
  if (ctx.cb.failed && owner) {
    nl_db_close(lc->db);
    lc->db = NULL;
  }
  nl_lua_cb_rethrow(&ctx.cb);
  if (rc != NL_OK) return nl_lua_fail(L, &err);
  pushreport(L, &rep, skipped);
  return 1;
}

/* corpus:add(path [, opts]) -> report | nil, msg, code */
static int corpus_add(lua_State *L) {
  const char *path;
  nl_ingest_opts o = NL_INGEST_OPTS_INIT;
  checkdb(L);
  path = nl_lua_checkcstring(L, 2);
  nl_lua_check_opts(L, 3, add_keys);
  lua_settop(L, 3);
  checkingest(L, 3, &o);
  return ingest(L, (lcorpus *)lua_touserdata(L, 1), 0, path, 3, &o);
}

/* ---- queries ---- */

static const char *const filter_keys[] = {
    "article", "source", "outlet", "since", "until",
    "format",  "limit",  "offset", "query", NULL};
static const char *const search_keys[] = {
    "article", "source", "outlet", "since", "until", "format",
    "limit",   "offset", "order",  "query", NULL};
static const char *const dates_keys[] = {
    "article", "source", "outlet", "since", "until",
    "format",  "limit",  "offset", "type",  "query", NULL};
static const char *const count_keys[] = {"article", "source", "outlet",
                                         "since",   "until",  "format",
                                         "query",   NULL};
static const char *const order_names[] = {"rank", "newest", "oldest", NULL};
static const nl_order order_values[] = {NL_ORDER_RANK, NL_ORDER_NEWEST,
                                        NL_ORDER_OLDEST};

/* An article id from a string or from a table's `id` field (anchored on
** the stack by the argument itself). */
static const char *articleid(lua_State *L, int arg) {
  const char *id;
  arg = lua_absindex(L, arg);
  if (lua_type(L, arg) == LUA_TTABLE) {
    lua_getfield(L, arg, "id"); /* id */
    id = lua_tostring(L, -1);
    if (id == NULL)
      luaL_argerror(L, arg, "article table without a string 'id'");
    lua_replace(L, arg); /* anchor the id in place of the table */
    return nl_lua_checkcstring(L, arg);
  }
  return nl_lua_checkcstring(L, arg);
}

/* Option `key` of the table at `arg`: NULL or a date prefix (raises).  A
** year may be given as an integer (since = 1987): its four digits are
** pushed, anchored on the stack. */
static const char *checkdate(lua_State *L, int arg, const char *key,
                             int values) {
  const char *s;
  if (lua_type(L, arg) == LUA_TTABLE &&
      lua_getfield(L, arg, key) == LUA_TNUMBER) {
    int isint;
    lua_Integer y = lua_tointegerx(L, -1, &isint);
    char digits[8];
    if (!isint || y < 1 || y > 9999)
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s': %s is not a "
                                            "year (1 to 9999)", key,
                                            luaL_tolstring(L, -1, NULL)));
    lua_pop(L, 1);
    snprintf(digits, sizeof digits, "%04d", (int)y);
    return lua_pushstring(L, digits);
  }
  if (lua_type(L, arg) == LUA_TTABLE) lua_pop(L, 1);
  s = nl_lua_opt_string(L, arg, key, NULL);
  if (s != NULL && !nl_datetime_prefix_ok(s, values)) {
    char why[48];
    luaL_argerror(L, arg,
                  lua_pushfstring(L, "option '%s': '%s' is not a date %s", key,
                                  s, nl_datetime_prefix_why(s, values, why,
                                                            sizeof why)));
  }
  return s;
}

/* Does the option table at `arg` (if a table) hold a non-nil `key`? */
static int has_field(lua_State *L, int arg, const char *key) {
  int given = lua_type(L, arg) == LUA_TTABLE &&
              lua_getfield(L, arg, key) != LUA_TNIL;
  if (lua_type(L, arg) == LUA_TTABLE) lua_pop(L, 1);
  return given;
}

/* Read the filter table at `arg` (keys from `keys`) into `f`; strings stay
** anchored by the table, the article id at `arg + 1`.  `values`: since and
** until bound date values (corpus:dates), not publication dates. */
static void checkfilter(lua_State *L, int arg, const char *const keys[],
                        int values, nl_filter *f) {
  lua_Integer limit;
  nl_lua_check_opts(L, arg, keys);
  lua_settop(L, arg);
  if (lua_type(L, arg) == LUA_TTABLE) {
    int t = lua_getfield(L, arg, "article"); /* article */
    if (t == LUA_TSTRING || t == LUA_TTABLE)
      f->article = articleid(L, -1);
    else if (t != LUA_TNIL)
      luaL_argerror(L, arg, "option 'article': string or table expected");
  }
  f->source = nl_lua_opt_string(L, arg, "source", NULL);
  f->outlet = nl_lua_opt_string(L, arg, "outlet", NULL);
  f->since = checkdate(L, arg, "since", values);
  f->until = checkdate(L, arg, "until", values);
  if (nl_datetime_bounds_empty(f->since, f->until))
    luaL_argerror(L, arg, lua_pushfstring(L, "option 'since': '%s' is after "
                                          "'until' '%s' (both inclusive: no "
                                          "date is in that range)", f->since,
                                          f->until));
  f->format = nl_lua_opt_string(L, arg, "format", NULL);
  /* (search's keys have no "query": its text is its own argument) */
  f->query = nl_lua_opt_string(L, arg, "query", NULL);
  if (f->format && nl_format_from_name(f->format) == NL_FORMAT_UNKNOWN)
    luaL_argerror(L, arg, lua_pushfstring(L, "option 'format': '%s' is no "
                                          "loader's name", f->format));
  /* a count of rows, 0 included; absent (read once): every row */
  limit = nl_lua_opt_int(L, arg, "limit", NL_LIMIT_NONE);
  luaL_argcheck(L, limit >= 0 || !has_field(L, arg, "limit"), arg,
                "option 'limit' must be >= 0");
  f->limit = (long long)limit;
  /* rows skipped first (paging); sources takes it with limit */
  f->offset = (long long)nl_lua_opt_int(L, arg, "offset", 0);
  luaL_argcheck(L, f->offset >= 0, arg, "option 'offset' must be >= 0");
}

/*
** The filter of every query: a table (`keys`) at 2, or a full-text query
** string at 2 and a table of the other keys at 3 (its "query" is then
** unexpected).  Returns the
** index of the filter table.
*/
static int queryfilter(lua_State *L, const char *const keys[], int values,
                       nl_filter *f) {
  if (lua_type(L, 2) == LUA_TSTRING) {
    const char *q = nl_lua_checkcstring(L, 2);
    checkfilter(L, 3, keys, values, f);
    if (f->query) luaL_argerror(L, 3, "unexpected key 'query'");
    f->query = q;
    return 3;
  }
  luaL_argexpected(L, lua_isnoneornil(L, 2) || lua_istable(L, 2), 2,
                   "query string or filter table");
  luaL_argcheck(L, lua_isnoneornil(L, 3), 3,
                "a filter table after a query string only");
  checkfilter(L, 2, keys, values, f);
  return 2;
}

/* Start a query that skips `offset` rows: push a closed cursor, let
** `call` fill it, then iterate. */
#define QUERY(L, offset, call)                                                 \
  do {                                                                         \
    nl_error err_ = NL_ERROR_INIT;                                             \
    nl_cursor **slot_ = nl_lua_newcursor(L, 1);                                \
    int cur_ = lua_gettop(L);                                                  \
    nl_lua_cursor_offset(L, cur_, (offset));                                   \
    if ((call) != NL_OK) return nl_lua_fail(L, &err_);                         \
    return nl_lua_iterate(L, cur_);                                            \
  } while (0)

/* corpus:articles([filter]) or corpus:articles(query [, filter]) ->
** for-iterator of article tables */
static int corpus_articles(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_filter f = NL_FILTER_INIT;
  queryfilter(L, filter_keys, 0, &f);
  QUERY(L, f.offset, nl_db_articles(db, &f, slot_, &err_));
}

/* corpus:search(query [, filter]) or corpus:search(filter), the query its
** key "query" -> for-iterator of hits */
static int corpus_search(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_filter f = NL_FILTER_INIT;
  const char *q, *order;
  int i, ft = queryfilter(L, search_keys, 0, &f); /* the filter table */
  luaL_argcheck(L, f.query != NULL, 2,
                "the search query: a string first, or the key 'query'");
  q = f.query;
  f.query = NULL; /* (nl_db_search takes it apart from the filter) */
  order = nl_lua_opt_string(L, ft, "order", NULL);
  for (i = 0; order != NULL && order_names[i] != NULL; i++)
    if (strcmp(order, order_names[i]) == 0) break;
  if (order != NULL && order_names[i] == NULL)
    luaL_argerror(L, ft,
                  lua_pushfstring(L,
                                  "option 'order': 'rank', "
                                  "'newest' or 'oldest' expected, "
                                  "got '%s'",
                                  order));
  if (order != NULL) f.order = order_values[i];
  QUERY(L, f.offset, nl_db_search(db, q, &f, slot_, &err_));
}

/* corpus:sentences(article_or_id) -> for-iterator of sentences */
static int corpus_sentences(lua_State *L) {
  nl_db *db = checkdb(L);
  const char *id = articleid(L, 2);
  lua_settop(L, 2);
  QUERY(L, 0, nl_db_sentences(db, id, slot_, &err_));
}

/* The value at the top of the stack is a TimeML type name (raises). */
static void checktypename(lua_State *L, int arg) {
  static const char *const names[] = {"DATE", "TIME", "DURATION", "SET"};
  const char *s = lua_tostring(L, -1);
  size_t i;
  for (i = 0; s && i < sizeof names / sizeof *names; i++)
    if (strcmp(s, names[i]) == 0) return;
  luaL_argerror(L, arg,
                lua_pushfstring(L, "option 'type': '%s' is not DATE, TIME, "
                                "DURATION or SET", s ? s : "?"));
}

/* Option `type` of the filter at `arg`: NULL, or its type name or its
** list of names joined with commas (pushed: anchored on the stack). */
static const char *checktypes(lua_State *L, int arg) {
  luaL_Buffer b;
  lua_Integer i, n;
  int list, t = lua_type(L, arg) == LUA_TTABLE ? lua_getfield(L, arg, "type")
                                                : LUA_TNIL;
  if (t == LUA_TSTRING) checktypename(L, arg);
  if (t == LUA_TNIL || t == LUA_TSTRING) return lua_tostring(L, -1);
  if (t != LUA_TTABLE)
    luaL_argerror(L, arg, "option 'type': string or list of strings expected");
  list = lua_gettop(L);
  n = (lua_Integer)lua_rawlen(L, list);
  luaL_argcheck(L, n > 0, arg, "option 'type': empty list");
  luaL_buffinit(L, &b);
  for (i = 1; i <= n; i++) {
    if (lua_rawgeti(L, list, i) != LUA_TSTRING)
      luaL_argerror(L, arg, "option 'type': list of strings expected");
    checktypename(L, arg);
    if (i > 1) luaL_addchar(&b, ',');
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

/* corpus:dates([filter]) or corpus:dates(query [, filter]) -> for-iterator
** of resolved dates */
static int corpus_dates(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_filter f = NL_FILTER_INIT;
  int t = queryfilter(L, dates_keys, 1, &f);
  f.type = checktypes(L, t);
  QUERY(L, f.offset, nl_db_dates(db, &f, slot_, &err_));
}

/* corpus:sources([filter]) or corpus:sources(query [, filter]) ->
** for-iterator of {source =, articles =}, most articles first */
static int corpus_sources(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_filter f = NL_FILTER_INIT;
  queryfilter(L, filter_keys, 0, &f);
  QUERY(L, f.offset, nl_db_sources(db, &f, slot_, &err_));
}

/* corpus:outlets([filter]) or corpus:outlets(query [, filter]) ->
** for-iterator of {outlet =, articles =}, most articles first */
static int corpus_outlets(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_filter f = NL_FILTER_INIT;
  queryfilter(L, filter_keys, 0, &f);
  QUERY(L, f.offset, nl_db_outlets(db, &f, slot_, &err_));
}

/* corpus:count([filter]) or corpus:count(query [, filter]) -> integer |
** nil, msg, code: the stored articles, or those articles(filter) would
** give; a query string first is the filter's query, as search takes it */
static int corpus_count(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_error err = NL_ERROR_INIT;
  nl_filter f = NL_FILTER_INIT;
  long long n = 0;
  queryfilter(L, count_keys, 0, &f);
  if (nl_db_count_articles(db, &f, &n, &err) != NL_OK)
    return nl_lua_fail(L, &err);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* #corpus -> the number of stored articles, as count(); an operator has
** no second result, so a failure raises. */
static int corpus_len(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_error err = NL_ERROR_INIT;
  long long n = 0;
  if (nl_db_count(db, &n, &err) != NL_OK)
    return luaL_error(L, "%s", err.msg);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* corpus:optimize() -> true | nil, msg, code */
static int corpus_optimize(lua_State *L) {
  nl_db *db = checkdb(L);
  nl_error err = NL_ERROR_INIT;
  if (nl_db_optimize(db, &err) != NL_OK) return nl_lua_fail(L, &err);
  lua_pushboolean(L, 1);
  return 1;
}

/* corpus:path() -> the store's path */
static int corpus_path(lua_State *L) {
  lua_pushstring(L, nl_db_path(checkdb(L)));
  return 1;
}

/* ---- newslua.open ---- */

static const char *const open_keys[] = {
    "db",       "readonly",  "ingest",   "on_file",    "reconcile",
    "format",   "follow_symlinks",       "max_bytes",  "optimize",
    "prune",    "on_upgrade", "on_phase", "force", "on_progress",
    "progress_ms", NULL};

/* An upgrade about to run (nl_db_opts.on_upgrade). */
typedef struct upgradectx {
  nl_lua_cb cb; /* passes (on_upgrade) */
  const char *path;
  int from, to;
} upgradectx;

/* Runs under lua_pcall with (ctx, on_upgrade): on_upgrade(path, from, to). */
static int onupgrade_protected(lua_State *L) {
  upgradectx *u = (upgradectx *)lua_touserdata(L, 1);
  lua_pushvalue(L, 2);
  lua_pushstring(L, u->path);
  lua_pushinteger(L, u->from);
  lua_pushinteger(L, u->to);
  lua_call(L, 3, 0);
  return 0;
}

/* nl_db_opts.on_upgrade called by the core; never lets a Lua error out. */
static void onupgrade(void *ud, const char *path, int from, int to) {
  upgradectx *u = (upgradectx *)ud;
  u->path = path;
  u->from = from;
  u->to = to;
  nl_lua_cb_call(&u->cb, onupgrade_protected, u);
}

/* Is `path` a store rather than articles: ":memory:", "*.db", or an
** existing regular file that starts with the SQLite header?  (Only a
** regular file is opened: opening a FIFO waits for a writer.) */
static int isstore(const char *path) {
  static const char magic[16] = "SQLite format 3";
  size_t n = strlen(path);
  char head[16];
  struct stat st;
  FILE *f;
  int yes = 0;
  if (strcmp(path, ":memory:") == 0) return 1;
  if (n >= 3 && strcmp(path + n - 3, ".db") == 0) return 1;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  f = fopen(path, "rb");
  if (f == NULL) return 0;
  yes = fread(head, 1, sizeof head, f) == sizeof head &&
        memcmp(head, magic, sizeof magic) == 0;
  fclose(f);
  return yes;
}

/* Push the default store path for articles at `path`: <dir>/.newslua/
** index.db, where dir is `path` itself or, for a file, its directory. */
static void pushdefaultdb(lua_State *L, const char *path, int isdir) {
  const char *slash = strrchr(path, '/');
  if (isdir) {
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--; /* "dir/" -> "dir" */
    lua_pushlstring(L, path, n);
    lua_pushliteral(L, "/.newslua/index.db");
    lua_concat(L, 2);
  }
  else if (slash == NULL)
    lua_pushliteral(L, "./.newslua/index.db");
  else {
    lua_pushlstring(L, path, (size_t)(slash - path + 1)); /* dir/ */
    lua_pushliteral(L, ".newslua/index.db");
    lua_concat(L, 2);
  }
}

/* newslua.open(path [, opts]) -> corpus [, report] | nil, msg, code */
static int corpus_open(lua_State *L) {
  const char *path = nl_lua_checkcstring(L, 1);
  nl_db_opts o = NL_DB_OPTS_INIT;
  nl_ingest_opts io = NL_INGEST_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  const char *dbpath;
  int store = isstore(path), doingest, ci;
  struct stat st;
  upgradectx up;
  lcorpus *lc;
  nl_lua_check_opts(L, 2, open_keys);
  lua_settop(L, 2);
  o.readonly = nl_lua_opt_bool(L, 2, "readonly", 0);
  doingest = nl_lua_opt_bool(L, 2, "ingest", !store && !o.readonly);
  dbpath = nl_lua_opt_string(L, 2, "db", NULL);
  luaL_argcheck(L, !(store && dbpath), 2, "option 'db' given with a store");
  luaL_argcheck(L, !(store && doingest), 2, "cannot ingest a store");
  checkingest(L, 2, &io);
  if (!store && stat(path, &st) != 0) {
    nl_error_set(&err, NL_ENOTFOUND, "%s: no such file or directory", path);
    return nl_lua_fail(L, &err);
  }
  if (store)
    dbpath = path;
  else if (dbpath == NULL) {
    pushdefaultdb(L, path, S_ISDIR(st.st_mode)); /* dbpath */
    dbpath = lua_tostring(L, -1);
  }
  memset(&up, 0, sizeof up);
  if (nl_lua_opt_func(L, 2, "on_upgrade")) { /* ..., fn */
    int fn = lua_gettop(L);
    nl_lua_cb_init(L, &up.cb); /* ..., fn, msgh, err */
    up.cb.nargs = 1;
    up.cb.args[0] = fn;
    o.on_upgrade = onupgrade;
    o.ctx = &up;
  }
  lc = (lcorpus *)lua_newuserdatauv(L, sizeof *lc, 0); /* ..., corpus */
  lc->db = NULL;
  lc->busy = 0;
  luaL_setmetatable(L, NL_LUA_CORPUS);
  ci = lua_gettop(L);
  if (nl_db_open(dbpath, &o, &lc->db, &err) != NL_OK) {
    if (up.cb.failed) nl_lua_cb_rethrow(&up.cb);
    return nl_lua_fail(L, &err);
  }
  if (up.cb.failed) { /* the store is upgraded; the caller gets the error */
    nl_db_close(lc->db);
    lc->db = NULL;
    nl_lua_cb_rethrow(&up.cb);
  }
  if (!doingest) return 1;
  if (ingest(L, lc, 1, path, 2, &io) == 3) { /* ..., nil, msg, code */
    nl_db_close(lc->db);
    lc->db = NULL;
    return 3;
  }
  lua_pushvalue(L, ci); /* ..., rep, corpus */
  lua_insert(L, -2);    /* ..., corpus, rep */
  return 2;
}

static const luaL_Reg corpus_meta[] = {{"__gc", corpus_gc},
                                       {"__close", corpus_close},
                                       {"__tostring", corpus_tostring},
                                       {"__len", corpus_len},
                                       {NULL, NULL}};

static const luaL_Reg corpus_methods[] = {{"add", corpus_add},
                                          {"articles", corpus_articles},
                                          {"search", corpus_search},
                                          {"sentences", corpus_sentences},
                                          {"sources", corpus_sources},
                                          {"outlets", corpus_outlets},
                                          {"dates", corpus_dates},
                                          {"count", corpus_count},
                                          {"optimize", corpus_optimize},
                                          {"path", corpus_path},
                                          {"close", corpus_close},
                                          {NULL, NULL}};

/*
** Register the newslua.corpus metatable and newslua.open in the module
** table on top of the stack (left there).
*/
void nl_lua_open_corpus(lua_State *L) {
  nl_lua_newmeta(L, NL_LUA_CORPUS, corpus_meta, corpus_methods);
  lua_pushcfunction(L, corpus_open); /* M, open */
  lua_setfield(L, -2, "open");       /* M */
}
