/* PLACEHOLDER: compiles and fails cleanly until its owner replaces it. */
/*
** l_newslua.h -- shared declarations of the Lua bindings.
*/
#ifndef NEWSLUA_L_NEWSLUA_H
#define NEWSLUA_L_NEWSLUA_H
#include <lua.h>
#include <lauxlib.h>
#if defined(__GNUC__)
#define NL_LUA_API __attribute__((visibility("default")))
#else
#define NL_LUA_API
#endif
NL_LUA_API int luaopen_newslua(lua_State *L);
/* Set field `dates` in the module table on top of the stack (l_timex.c). */
void nl_lua_open_timex(lua_State *L);
#endif
