/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include "l_newslua.h"
#include "newslua/nl_version.h"
int luaopen_newslua(lua_State *L) {
  lua_newtable(L);
  lua_pushliteral(L, NL_VERSION_STRING);
  lua_setfield(L, -2, "version");
  return 1;
}
