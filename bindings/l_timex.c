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

static void set_bool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* Push one expression as a table. */
static void push_timex(lua_State *L, const char *text, const nl_timex *x) {
  lua_createtable(L, 0, 13); /* [t] */
  nl_lua_set_span(L, x->start, x->end);
  nl_lua_set_lstring(L, "text", text + x->start, x->end - x->start);
  nl_lua_set_string(L, "type", nl_timex_type_name(x->type));
  nl_lua_set_string(L, "value", x->value);
  nl_lua_set_string(L, "mod", x->mod[0] ? x->mod : NULL);
  nl_lua_set_string(L, "anchor", x->anchor[0] ? x->anchor : NULL);
  set_bool(L, "absolute", (x->flags & NL_TIMEX_ABSOLUTE) != 0);
  set_bool(L, "relative", (x->flags & NL_TIMEX_RELATIVE) != 0);
  set_bool(L, "narrative", (x->flags & NL_TIMEX_NARRATIVE) != 0);
  set_bool(L, "unresolved", (x->flags & NL_TIMEX_UNRESOLVED) != 0);
  set_bool(L, "future", (x->flags & NL_TIMEX_FUTURE) != 0);
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
  lua_pushcfunction(L, l_dates); /* [mod, f] */
  lua_setfield(L, -2, "dates");  /* [mod] */
}
