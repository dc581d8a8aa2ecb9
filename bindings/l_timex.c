/*
** l_timex.c -- newslua.dates(text [, opts]): the temporal tagger in Lua.
**
**   for _, d in ipairs(newslua.dates(text, {dct = "2022-01-21"})) do
**     print(d.start, d.stop, text:sub(d.start, d.stop), d.type, d.value)
**   end
**
** Each expression is a table:
**   start, stop  1-based byte positions of the first and the last byte
**                (Lua's string.find convention: text:sub(start, stop) is the
**                expression; byte offset = start - 1, length = stop-start+1)
**   text         the expression
**   type         "DATE" | "TIME" | "DURATION" | "SET"
**   value        TimeML value ("2022-01-21", "2022-W03", "P2Y", "PAST_REF")
**   mod          TimeML mod ("START", "APPROX", ...) or nil
**   anchor       the date it was resolved against, or nil
**   absolute, relative, narrative, unresolved, future   booleans
** opts: { dct = "YYYY-MM-DD[Thh:mm[:ss]]" } (no other keys).
** Misuse (text not a string, unknown option) raises; a malformed dct returns
** nil, "EINVAL: message", "EINVAL".
*/
#include "l_newslua.h"
#include "newslua/nl_buf.h"
#include "newslua/nl_timex.h"

/*
** The field names and type names live in upvalues of l_dates, interned
** once: setting a field with a pre-interned key (lua_rawset) costs a
** fraction of lua_setfield, which hashes and looks up the C string each
** time, and the result tables are most of the cost of a call.
*/
enum {
  K_START = 1,
  K_STOP,
  K_TEXT,
  K_TYPE,
  K_VALUE,
  K_MOD,
  K_ANCHOR,
  K_ABSOLUTE,
  K_RELATIVE,
  K_NARRATIVE,
  K_UNRESOLVED,
  K_FUTURE,
  K_TYPE0, /* 4 type names follow, in nl_timex_type order */
  K_N = K_TYPE0 + 4
};
static const char *const key_names[] = {
    "",         "start",      "stop",   "text",     "type",
    "value",    "mod",        "anchor", "absolute", "relative",
    "narrative", "unresolved", "future"};

/* Push key k of the upvalues; the caller pushes the value and sets. */
#define KEY(L, k) lua_pushvalue(L, lua_upvalueindex(k))

static void set_bool(lua_State *L, int k, int v) {
  KEY(L, k);
  lua_pushboolean(L, v);
  lua_rawset(L, -3);
}

/* Push one expression as a table. */
static void push_timex(lua_State *L, const char *text, const nl_timex *x) {
  lua_createtable(L, 0, 13); /* [t] */
  KEY(L, K_START);
  lua_pushinteger(L, (lua_Integer)x->start + 1);
  lua_rawset(L, -3);
  KEY(L, K_STOP);
  lua_pushinteger(L, (lua_Integer)x->end);
  lua_rawset(L, -3);
  KEY(L, K_TEXT);
  lua_pushlstring(L, text + x->start, x->end - x->start);
  lua_rawset(L, -3);
  KEY(L, K_TYPE);
  if ((unsigned)x->type < 4)
    lua_pushvalue(L, lua_upvalueindex(K_TYPE0 + (int)x->type));
  else
    lua_pushstring(L, nl_timex_type_name(x->type));
  lua_rawset(L, -3);
  KEY(L, K_VALUE);
  lua_pushstring(L, x->value);
  lua_rawset(L, -3);
  if (x->mod[0]) {
    KEY(L, K_MOD);
    lua_pushstring(L, x->mod);
    lua_rawset(L, -3);
  }
  if (x->anchor[0]) {
    KEY(L, K_ANCHOR);
    lua_pushstring(L, x->anchor);
    lua_rawset(L, -3);
  }
  set_bool(L, K_ABSOLUTE, (x->flags & NL_TIMEX_ABSOLUTE) != 0);
  set_bool(L, K_RELATIVE, (x->flags & NL_TIMEX_RELATIVE) != 0);
  set_bool(L, K_NARRATIVE, (x->flags & NL_TIMEX_NARRATIVE) != 0);
  set_bool(L, K_UNRESOLVED, (x->flags & NL_TIMEX_UNRESOLVED) != 0);
  set_bool(L, K_FUTURE, (x->flags & NL_TIMEX_FUTURE) != 0);
}

/* newslua.dates(text [, opts]) -> array | nil, msg, code */
static int l_dates(lua_State *L) {
  static const char *const keys[] = {"dct", NULL};
  size_t len, n = 0, i;
  const char *text;
  nl_timex_opts o = NL_TIMEX_OPTS_INIT;
  nl_timex *xs = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_status st;
  /* a number is not text here (luaL_checklstring would convert it) */
  luaL_checktype(L, 1, LUA_TSTRING);
  text = lua_tolstring(L, 1, &len);
  nl_lua_check_opts(L, 2, keys);
  o.dct = nl_lua_opt_string(L, 2, "dct", NULL); /* anchored by opts */
  st = nl_timex_tag(text, len, &o, &xs, &n, &err);
  if (st != NL_OK) return nl_lua_fail(L, &err);
  lua_createtable(L, (int)n, 0); /* [arr] */
  for (i = 0; i < n; i++) {
    push_timex(L, text, &xs[i]);            /* [arr, t] */
    lua_rawseti(L, -2, (lua_Integer)i + 1); /* [arr] */
  }
  nl_free_mem(xs);
  return 1;
}

/*
** Set field `dates` in the module table on top of the stack.
*/
void nl_lua_open_timex(lua_State *L) {
  int k;
  for (k = K_START; k < K_TYPE0; k++)
    lua_pushstring(L, key_names[k]);
  for (k = 0; k < 4; k++)
    lua_pushstring(L, nl_timex_type_name((nl_timex_type)k));
  lua_pushcclosure(L, l_dates, K_N - 1); /* [mod, f] */
  lua_setfield(L, -2, "dates");  /* [mod] */
}
