/*
** l_load.c -- newslua.load(path [, opts]): articles without storing them;
** newslua.realpath(path): a path as the store names files.
**
** Returns an array of article tables (the shape of l_article.c) and a
** report {files, failed, articles, repaired, formats = {name = n},
** skipped = {{file, reason, code}, ...}}.  Every article and per-file
** callback of the core builds its Lua values under lua_pcall
** (nl_lua_cb_call), so no Lua error unwinds through loader frames.
*/
#include <string.h>

#include "newslua/nl_load.h"
#include "l_newslua.h"

typedef struct loadctx {
  nl_lua_cb cb; /* passes (articles array, skipped array, on_file or nil) */
  int arts;     /* stack index of the result array */
  int skipped;  /* stack index of the skipped-files array */
  const nl_article *a;
  const nl_file_report *r;
  size_t files, failed, articles, repaired;
  size_t per_format[NL_FORMAT_COUNT];
} loadctx;

/* Runs under lua_pcall with (ctx, arts, skipped, on_file): append ctx->a
** to the result array. */
static int addarticle(lua_State *L) {
  loadctx *ctx = (loadctx *)lua_touserdata(L, 1);
  nl_lua_push_article(L, ctx->a); /* t */
  lua_rawseti(L, 2, (lua_Integer)lua_rawlen(L, 2) + 1);
  return 0;
}

/* nl_article_fn: takes ownership of `a`; stops the load on a Lua error. */
static int onarticle(void *ud, nl_article *a) {
  loadctx *ctx = (loadctx *)ud;
  int rc;
  ctx->a = a;
  rc = nl_lua_cb_call(&ctx->cb, addarticle, ctx);
  nl_article_free(a);
  return rc != 0;
}

/* Runs under lua_pcall with (ctx, arts, skipped, on_file): record a
** skipped file, call the user's on_file. */
static int reportfile(lua_State *L) {
  loadctx *ctx = (loadctx *)lua_touserdata(L, 1);
  nl_lua_add_skipped(L, 3, ctx->r);
  if (!lua_isnil(L, 4)) {
    lua_pushvalue(L, 4);                /* fn */
    nl_lua_push_file_report(L, ctx->r); /* fn, report */
    lua_call(L, 1, 0);
  }
  return 0;
}

/* nl_file_fn: count the file, then report it to Lua. */
static void onfile(void *ud, const nl_file_report *r) {
  loadctx *ctx = (loadctx *)ud;
  ctx->files++;
  if (r->status != NL_OK) ctx->failed++;
  ctx->articles += r->articles;
  ctx->repaired += r->repaired_bytes;
  if ((int)r->format >= 0 && r->format < NL_FORMAT_COUNT)
    ctx->per_format[r->format] += r->articles;
  ctx->r = r;
  nl_lua_cb_call(&ctx->cb, reportfile, ctx);
}

/* Push the load report. */
static void pushreport(lua_State *L, const loadctx *ctx) {
  int i;
  lua_createtable(L, 0, 6); /* rep */
  nl_lua_set_int(L, "files", (lua_Integer)ctx->files);
  nl_lua_set_int(L, "failed", (lua_Integer)ctx->failed);
  nl_lua_set_int(L, "articles", (lua_Integer)ctx->articles);
  nl_lua_set_int(L, "repaired", (lua_Integer)ctx->repaired);
  lua_newtable(L); /* rep, formats */
  for (i = 0; i < NL_FORMAT_COUNT; i++) {
    if (ctx->per_format[i] == 0) continue;
    nl_lua_set_int(L, nl_format_name((nl_format)i),
                   (lua_Integer)ctx->per_format[i]);
  }
  lua_setfield(L, -2, "formats"); /* rep */
  lua_pushvalue(L, ctx->skipped);
  lua_setfield(L, -2, "skipped"); /* rep */
}

static const char *const load_keys[] = {"format", "follow_symlinks",
                                        "max_bytes", "on_file", NULL};

/* newslua.load(path [, opts]) -> articles, report | nil, msg, code */
static int l_load(lua_State *L) {
  const char *path = nl_lua_checkcstring(L, 1);
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  const char *fmt;
  lua_Integer max;
  loadctx ctx;
  nl_status rc;
  nl_lua_check_opts(L, 2, load_keys);
  lua_settop(L, 2);
  fmt = nl_lua_opt_string(L, 2, "format", NULL);
  if (fmt != NULL && (o.format = nl_format_from_name(fmt)) == NL_FORMAT_UNKNOWN)
    return luaL_argerror(L, 2, lua_pushfstring(L, "unknown format '%s'", fmt));
  max = nl_lua_opt_int(L, 2, "max_bytes", 0);
  luaL_argcheck(L, max >= 0, 2, "option 'max_bytes' must be >= 0");
  o.max_file_bytes = (size_t)max;
  o.follow_symlinks = nl_lua_opt_bool(L, 2, "follow_symlinks", 0);
  memset(&ctx, 0, sizeof ctx);
  lua_newtable(L); /* arts */
  ctx.arts = lua_gettop(L);
  lua_newtable(L); /* arts, skipped */
  ctx.skipped = lua_gettop(L);
  if (!nl_lua_opt_func(L, 2, "on_file")) lua_pushnil(L); /* ..., fn */
  nl_lua_cb_init(L, &ctx.cb);
  ctx.cb.nargs = 3;
  ctx.cb.args[0] = ctx.arts;
  ctx.cb.args[1] = ctx.skipped;
  ctx.cb.args[2] = ctx.skipped + 1;
  rc = nl_load_path(path, &o, onarticle, onfile, &ctx, &err);
  nl_lua_cb_rethrow(&ctx.cb);
  if (rc != NL_OK) return nl_lua_fail(L, &err);
  lua_pushvalue(L, ctx.arts); /* arts */
  pushreport(L, &ctx);        /* arts, rep */
  return 2;
}

/*
** newslua.realpath(path): the canonical name of an existing path, as the
** store names the files it ingested (an article's `file`); nil, msg, code
** (ENOTFOUND) when there is none.
*/
static int l_realpath(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  nl_error err = NL_ERROR_INIT;
  luaL_Buffer b;
  char *out = luaL_buffinitsize(L, &b, NL_PATH_MAX); /* Lua owns it */
  if (nl_path_canonical(path, out, &err) != NL_OK) return nl_lua_fail(L, &err);
  luaL_pushresultsize(&b, strlen(out)); /* path */
  return 1;
}

/* Register newslua.load and newslua.realpath in the module table on top. */
void nl_lua_open_load(lua_State *L) {
  lua_pushcfunction(L, l_load);
  lua_setfield(L, -2, "load");
  lua_pushcfunction(L, l_realpath);
  lua_setfield(L, -2, "realpath");
}
