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
**   absolute, relative, narrative, unresolved, future   booleans, read
**                through the tables' shared metatable from
**   flags        the NL_TIMEX_* bits (nl_timex.h) as an integer
**                (one field instead of five keeps the tables small: their
**                construction is most of the cost of a call)
** opts: { dct = "YYYY-MM-DD[Thh:mm[:ss]]" } (no other keys).
** Misuse (text not a string, unknown option) raises; a malformed dct returns
** nil, "EINVAL: message", "EINVAL".
*/
#include <string.h>

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
  K_FLAGS,
  K_META,  /* the metatable of the expression tables */
  K_TYPE0, /* 4 type names follow, in nl_timex_type order */
  K_N = K_TYPE0 + 4
};
static const char *const key_names[] = {"",      "start", "stop",
                                        "text",  "type",  "value",
                                        "mod",   "anchor", "flags"};

/* Push key k of the upvalues; the caller pushes the value and sets. */
#define KEY(L, k) lua_pushvalue(L, lua_upvalueindex(k))

/* __index of an expression table: the flag booleans from t.flags. */
static int l_timex_index(lua_State *L) {
  static const struct {
    const char *name;
    int bit;
  } fl[] = {{"absolute", NL_TIMEX_ABSOLUTE},
            {"relative", NL_TIMEX_RELATIVE},
            {"narrative", NL_TIMEX_NARRATIVE},
            {"unresolved", NL_TIMEX_UNRESOLVED},
            {"future", NL_TIMEX_FUTURE}};
  const char *k = lua_tostring(L, 2);
  size_t i;
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  for (i = 0; i < sizeof fl / sizeof fl[0]; i++) {
    if (strcmp(k, fl[i].name) == 0) {
      lua_pushliteral(L, "flags");
      lua_rawget(L, 1);
      lua_pushboolean(L, (lua_tointeger(L, -1) & fl[i].bit) != 0);
      return 1;
    }
  }
  return 0;
}

/* Push one expression as a table. */
static void push_timex(lua_State *L, const char *text, const nl_timex *x) {
  lua_createtable(L, 0, 8); /* [t] */
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
  KEY(L, K_FLAGS);
  lua_pushinteger(L, (lua_Integer)x->flags);
  lua_rawset(L, -3);
  lua_pushvalue(L, lua_upvalueindex(K_META));
  lua_setmetatable(L, -2);
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
  for (k = K_START; k < K_META; k++)
    lua_pushstring(L, key_names[k]);
  lua_createtable(L, 0, 1); /* the metatable */
  lua_pushcfunction(L, l_timex_index);
  lua_setfield(L, -2, "__index");
  for (k = 0; k < 4; k++)
    lua_pushstring(L, nl_timex_type_name((nl_timex_type)k));
  lua_pushcclosure(L, l_dates, K_N - 1); /* [mod, f] */
  lua_setfield(L, -2, "dates");  /* [mod] */
}
