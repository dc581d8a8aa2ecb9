/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
#include <stdio.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include "l_newslua.h"
int main(int argc, char **argv) {
  lua_State *L = luaL_newstate();
  int rc;
  luaL_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_newslua);
  lua_setfield(L, -2, "newslua");
  lua_pop(L, 1);
  rc = argc > 1 ? luaL_dofile(L, argv[1]) : 0;
  if (rc) fprintf(stderr, "newslua: %s\n", lua_tostring(L, -1));
  lua_close(L);
  return rc ? 1 : 0;
}
