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
#include <string.h>

#include "l_newslua.h"
#include "newslua/nl_buf.h"
#include "newslua/nl_timex.h"

/* Read opts at index 2 into *o; raises on misuse. */
static void check_opts(lua_State *L, nl_timex_opts *o) {
  if (lua_isnoneornil(L, 2)) return;
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_pushnil(L);                                   /* [k] */
  while (lua_next(L, 2)) {                          /* [k, v] */
    const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    if (strcmp(k, "dct") != 0)
      luaL_error(L, "newslua.dates: unknown option '%s'", k);
    if (!lua_isnil(L, -1) && lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "newslua.dates: option 'dct' must be a string");
    lua_pop(L, 1);                                  /* [k] */
  }
  lua_getfield(L, 2, "dct");                        /* [dct] */
  o->dct = lua_tostring(L, -1); /* anchored by the opts table */
  lua_pop(L, 1);                                    /* [] */
}

static void set_bool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* Push one expression as a table. */
static void push_timex(lua_State *L, const char *text, const nl_timex *x) {
  lua_createtable(L, 0, 13);                        /* [t] */
  lua_pushinteger(L, (lua_Integer)x->start + 1);
  lua_setfield(L, -2, "start");
  lua_pushinteger(L, (lua_Integer)x->end);
  lua_setfield(L, -2, "stop");
  lua_pushlstring(L, text + x->start, x->end - x->start);
  lua_setfield(L, -2, "text");
  lua_pushstring(L, nl_timex_type_name(x->type));
  lua_setfield(L, -2, "type");
  lua_pushstring(L, x->value);
  lua_setfield(L, -2, "value");
  if (x->mod[0]) {
    lua_pushstring(L, x->mod);
    lua_setfield(L, -2, "mod");
  }
  if (x->anchor[0]) {
    lua_pushstring(L, x->anchor);
    lua_setfield(L, -2, "anchor");
  }
  set_bool(L, "absolute", (x->flags & NL_TIMEX_ABSOLUTE) != 0);
  set_bool(L, "relative", (x->flags & NL_TIMEX_RELATIVE) != 0);
  set_bool(L, "narrative", (x->flags & NL_TIMEX_NARRATIVE) != 0);
  set_bool(L, "unresolved", (x->flags & NL_TIMEX_UNRESOLVED) != 0);
  set_bool(L, "future", (x->flags & NL_TIMEX_FUTURE) != 0);
}

/* newslua.dates(text [, opts]) -> array | nil, msg, code */
static int l_dates(lua_State *L) {
  size_t len, n = 0, i;
  const char *text = luaL_checklstring(L, 1, &len);
  nl_timex_opts o = NL_TIMEX_OPTS_INIT;
  nl_timex *xs = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_status st;
  if (lua_type(L, 1) != LUA_TSTRING)
    return luaL_argerror(L, 1, "string expected");
  check_opts(L, &o);
  st = nl_timex_tag(text, len, &o, &xs, &n, &err);
  if (st == NL_ENOMEM) return luaL_error(L, "%s", err.msg);
  if (st != NL_OK) {
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s", nl_status_name(st), err.msg);
    lua_pushstring(L, nl_status_name(st));
    return 3;
  }
  lua_createtable(L, (int)n, 0);                    /* [arr] */
  for (i = 0; i < n; i++) {
    push_timex(L, text, &xs[i]);                    /* [arr, t] */
    lua_rawseti(L, -2, (lua_Integer)i + 1);         /* [arr] */
  }
  nl_free_mem(xs);
  return 1;
}

/*
** Set field `dates` in the module table on top of the stack.
*/
void nl_lua_open_timex(lua_State *L) {
  lua_pushcfunction(L, l_dates);                    /* [mod, f] */
  lua_setfield(L, -2, "dates");                     /* [mod] */
}
