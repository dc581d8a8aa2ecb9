/*
** l_util.c -- helpers shared by the bindings: the error triple, option
** tables, metatables and the byte-offset convention.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_load.h"
#include "l_newslua.h"

/*
** The one place where an nl_error becomes Lua: misuse raises, every other
** failure returns nil, "CODE: message", "CODE".
*/
int nl_lua_fail(lua_State *L, const nl_error *err) {
  const char *name = nl_status_name(err->code);
  const char *msg = err->msg[0] ? err->msg : nl_strerror(err->code);
  if (err->code == NL_EMISUSE) return nl_lua_raise(L, err);
  lua_pushnil(L);                          /* nil */
  lua_pushfstring(L, "%s: %s", name, msg); /* nil, msg */
  lua_pushstring(L, name);                 /* nil, msg, code */
  return 3;
}

/*
** Raise `err` as a Lua error with the message "CODE: message" (used by
** iterators, where returning nil would silently end the loop).
*/
int nl_lua_raise(lua_State *L, const nl_error *err) {
  const char *msg = err->msg[0] ? err->msg : nl_strerror(err->code);
  return luaL_error(L, "%s: %s", nl_status_name(err->code), msg);
}

static int isknown(const char *k, const char *const keys[]) {
  int i;
  for (i = 0; keys[i] != NULL; i++)
    if (strcmp(k, keys[i]) == 0) return 1;
  return 0;
}

/*
** Check the option table at `arg` (nil/none allowed) against `keys`.
** Unknown or non-string keys raise an argument error.
*/
int nl_lua_check_opts(lua_State *L, int arg, const char *const keys[]) {
  if (lua_isnoneornil(L, arg)) return 0;
  luaL_checktype(L, arg, LUA_TTABLE);
  lua_pushnil(L);                 /* key */
  while (lua_next(L, arg) != 0) { /* key, value */
    if (lua_type(L, -2) != LUA_TSTRING) {
      return luaL_argerror(
          L, arg,
          lua_pushfstring(L, "unexpected %s key", luaL_typename(L, -2)));
    }
    if (!isknown(lua_tostring(L, -2), keys)) {
      return luaL_argerror(
          L, arg,
          lua_pushfstring(L, "unexpected key '%s'", lua_tostring(L, -2)));
    }
    lua_pop(L, 1); /* key */
  }
  return 1;
}

/* Push field `key` of the option table at `arg` (nil if no table). */
static int getopt(lua_State *L, int arg, const char *key) {
  if (lua_type(L, arg) != LUA_TTABLE) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  return lua_getfield(L, arg, key);
}

static int opterror(lua_State *L, int arg, const char *key, const char *want) {
  return luaL_argerror(L, arg,
                       lua_pushfstring(L,
                                       "option '%s': %s expected,"
                                       " got %s",
                                       key, want, luaL_typename(L, -1)));
}

/*
** Argument `arg` as a C string: the core reads paths, queries and ids up
** to their first NUL, so a string holding one raises instead of naming
** something else.
*/
const char *nl_lua_checkcstring(lua_State *L, int arg) {
  size_t len;
  const char *s = luaL_checklstring(L, arg, &len);
  luaL_argcheck(L, strlen(s) == len, arg, "string with a NUL byte");
  return s;
}

/*
** String option `key` (or `def` when absent).  The returned string is
** anchored by the option table, which the caller keeps on the stack.  A
** NUL byte in it raises, as for nl_lua_checkcstring.
*/
const char *nl_lua_opt_string(lua_State *L, int arg, const char *key,
                              const char *def) {
  const char *s = def;
  size_t len = 0;
  int t = getopt(L, arg, key); /* value */
  if (t == LUA_TSTRING)
    s = lua_tolstring(L, -1, &len);
  else if (t != LUA_TNIL)
    opterror(L, arg, key, "string");
  if (t == LUA_TSTRING && strlen(s) != len)
    luaL_argerror(L, arg, lua_pushfstring(L, "option '%s': string with a "
                                          "NUL byte", key));
  lua_pop(L, 1);
  return s;
}

/* Boolean option `key` (or `def` when absent). */
int nl_lua_opt_bool(lua_State *L, int arg, const char *key, int def) {
  int v = def;
  int t = getopt(L, arg, key); /* value */
  if (t == LUA_TBOOLEAN)
    v = lua_toboolean(L, -1);
  else if (t != LUA_TNIL)
    opterror(L, arg, key, "boolean");
  lua_pop(L, 1);
  return v;
}

/* Integer option `key` (or `def` when absent). */
lua_Integer nl_lua_opt_int(lua_State *L, int arg, const char *key,
                           lua_Integer def) {
  lua_Integer v = def;
  int t = getopt(L, arg, key); /* value */
  if (t != LUA_TNIL) {
    int isint = 0;
    v = lua_tointegerx(L, -1, &isint);
    if (!isint && lua_type(L, -1) == LUA_TNUMBER) { /* 2.5, 1e100, nan */
      lua_Number x = lua_tonumber(L, -1);
      char num[40];
      snprintf(num, sizeof num, "%.17g", (double)x);
      luaL_argerror(L, arg, lua_pushfstring(L, "option '%s': %s is %s", key,
                                            num, x == floor(x)
                                                     ? "out of integer range"
                                                     : "not a whole number"));
    }
    if (!isint) opterror(L, arg, key, "integer");
  }
  lua_pop(L, 1);
  return v;
}

/* Push function option `key` and return 1, or push nothing and return 0. */
int nl_lua_opt_func(lua_State *L, int arg, const char *key) {
  int t = getopt(L, arg, key); /* value */
  if (t == LUA_TFUNCTION) return 1;
  if (t != LUA_TNIL) opterror(L, arg, key, "function");
  lua_pop(L, 1);
  return 0;
}

/*
** Build metatable `name` the way liolib's createmeta does: metamethods
** from `meta`, methods in their own table as __index.
*/
void nl_lua_newmeta(lua_State *L, const char *name, const luaL_Reg *meta,
                    const luaL_Reg *methods) {
  luaL_newmetatable(L, name); /* mt */
  luaL_setfuncs(L, meta, 0);
  lua_newtable(L); /* mt, methods */
  luaL_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index"); /* mt */
  lua_pop(L, 1);
}

/* Set start/stop on the table on top: 1-based start, inclusive stop. */
void nl_lua_set_span(lua_State *L, size_t start, size_t end) {
  nl_lua_set_int(L, "start", (lua_Integer)start + 1);
  nl_lua_set_int(L, "stop", (lua_Integer)end);
}

/* t[key] = s[0..n) for the table on top; NULL leaves the field nil. */
void nl_lua_set_lstring(lua_State *L, const char *key, const char *s,
                        size_t n) {
  if (s == NULL) return;
  lua_pushlstring(L, s, n); /* t, s */
  lua_setfield(L, -2, key); /* t */
}

/* t[key] = s for the table on top; NULL leaves the field nil. */
void nl_lua_set_string(lua_State *L, const char *key, const char *s) {
  if (s == NULL) return;
  lua_pushstring(L, s);     /* t, s */
  lua_setfield(L, -2, key); /* t */
}

/* t[key] = v for the table on top. */
void nl_lua_set_int(lua_State *L, const char *key, lua_Integer v) {
  lua_pushinteger(L, v);    /* t, v */
  lua_setfield(L, -2, key); /* t */
}

static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) return 1; /* non-string error object: keep it */
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Push the message handler and an empty error slot; reserve stack. */
void nl_lua_cb_init(lua_State *L, nl_lua_cb *cb) {
  cb->L = L;
  cb->failed = 0;
  cb->nargs = 0;
  lua_pushcfunction(L, msghandler); /* msgh */
  cb->msgh = lua_gettop(L);
  lua_pushnil(L); /* msgh, err */
  cb->errslot = lua_gettop(L);
  luaL_checkstack(L, 12, "callbacks");
}

/* Run f(ud) protected; keep the first error in the slot. */
int nl_lua_cb_call(nl_lua_cb *cb, lua_CFunction f, void *ud) {
  lua_State *L = cb->L;
  int i;
  if (cb->failed) return -1;
  lua_pushcfunction(L, f);      /* f */
  lua_pushlightuserdata(L, ud); /* f, ud */
  for (i = 0; i < cb->nargs; i++)
    lua_pushvalue(L, cb->args[i]);
  if (lua_pcall(L, 1 + cb->nargs, 0, cb->msgh) != LUA_OK) { /* err */
    lua_replace(L, cb->errslot);
    cb->failed = 1;
    return -1;
  }
  return 0;
}

/* Raise the kept error, if any. */
void nl_lua_cb_rethrow(nl_lua_cb *cb) {
  if (!cb->failed) return;
  lua_pushvalue(cb->L, cb->errslot); /* err */
  lua_error(cb->L);
}

/* Push the per-file report table given to on_file. */
void nl_lua_push_file_report(lua_State *L, const nl_file_report *r) {
  lua_createtable(L, 0, 8); /* t */
  nl_lua_set_string(L, "file", r->file);
  nl_lua_set_string(L, "format", nl_format_name(r->format));
  nl_lua_set_int(L, "articles", (lua_Integer)r->articles);
  nl_lua_set_int(L, "repaired", (lua_Integer)r->repaired_bytes);
  nl_lua_set_string(L, "status", nl_status_name(r->status));
  nl_lua_set_string(L, "message", r->message);
  if (r->done) nl_lua_set_int(L, "done", (lua_Integer)r->done);
  if (r->total) nl_lua_set_int(L, "total", (lua_Integer)r->total);
}

/* Append a skipped-file entry to the array at `skipped` if r failed. */
void nl_lua_add_skipped(lua_State *L, int skipped, const nl_file_report *r) {
  if (r->status == NL_OK) return;
  lua_createtable(L, 0, 3); /* t */
  nl_lua_set_string(L, "file", r->file);
  lua_pushfstring(L, "%s: %s", nl_status_name(r->status),
                  r->message ? r->message : nl_strerror(r->status));
  lua_setfield(L, -2, "reason"); /* t */
  nl_lua_set_string(L, "code", nl_status_name(r->status));
  lua_rawseti(L, skipped, (lua_Integer)lua_rawlen(L, skipped) + 1);
}

static int box_gc(lua_State *L) {
  void **slot = (void **)luaL_checkudata(L, 1, NL_LUA_BOX);
  nl_free_mem(*slot);
  *slot = NULL;
  return 0;
}

/* Push an empty box (creating its metatable on first use). */
void **nl_lua_newbox(lua_State *L) {
  void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0); /* box */
  *slot = NULL;
  if (luaL_newmetatable(L, NL_LUA_BOX)) { /* box, mt */
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, box_gc);
    lua_setfield(L, -2, "__close");
  }
  lua_setmetatable(L, -2); /* box */
  return slot;
}
