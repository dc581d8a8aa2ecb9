/*
** l_newslua.c -- luaopen_newslua: the module table.
**
** Builds {version, _VERSION} and lets each binding file register its own
** functions and metatables (nl_lua_open_*), in the manner of linit.c.
*/
#include "newslua/nl_version.h"
#include "l_newslua.h"

/*
** Entry point for `require "newslua"`, both in stock lua5.4 (newslua.so)
** and in the newslua interpreter (package.preload).  Returns the module
** table; sets no globals.
*/
int luaopen_newslua(lua_State *L) {
  luaL_checkversion(L);
  lua_newtable(L); /* M */
  lua_pushliteral(L, NL_VERSION_STRING);
  lua_setfield(L, -2, "version");
  lua_pushliteral(L, "newslua " NL_VERSION_STRING);
  lua_setfield(L, -2, "_VERSION");
  nl_lua_open_cursor(L);
  nl_lua_open_corpus(L);
  nl_lua_open_load(L);
  nl_lua_open_tokenize(L);
  nl_lua_open_json(L);
  nl_lua_open_timex(L); /* l_timex.c: dates */
  return 1;
}
