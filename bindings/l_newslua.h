/*
** l_newslua.h -- shared declarations of the Lua bindings.
**
** The bindings are thin: each Lua-callable function checks its arguments,
** calls one core function and pushes the result.  Everything shared between
** the binding files (option tables, the error triple, metatables, the byte
** offset convention) lives in l_util.c and is declared here.
**
** Offsets: every byte span handed to Lua is 1-based with an inclusive stop,
** so `text:sub(t.start, t.stop)` is the span.  From the core's 0-based
** exclusive [start, end) that is start + 1 and stop = end.
*/
#ifndef NEWSLUA_L_NEWSLUA_H
#define NEWSLUA_L_NEWSLUA_H
#include <stddef.h>

#include <lua.h>
#include <lauxlib.h>

#include "newslua/nl_error.h"

#if defined(__GNUC__)
#define NL_LUA_API __attribute__((visibility("default")))
#else
#define NL_LUA_API
#endif

/* Metatable names (luaL_newmetatable stores them as __name). */
#define NL_LUA_CORPUS "newslua.corpus"
#define NL_LUA_CURSOR "newslua.cursor"
#define NL_LUA_BOX "newslua.box"

/* Open the module: returns the table {version, _VERSION, open, ...}. */
NL_LUA_API int luaopen_newslua(lua_State *L);

/* Set field `dates` in the module table on top of the stack (l_timex.c). */
void nl_lua_open_timex(lua_State *L);
/* Each opener registers its functions/metatables into the module table on
** top of the stack, which it leaves in place. */
void nl_lua_open_corpus(lua_State *L);   /* l_db.c: open, corpus methods */
void nl_lua_open_cursor(lua_State *L);   /* l_cursor.c: cursor metatable */
void nl_lua_open_load(lua_State *L);     /* l_load.c: load */
void nl_lua_open_tokenize(lua_State *L); /* l_tokenize.c: tokens, sentences */
void nl_lua_open_json(lua_State *L);     /* l_json.c: json_encode/decode */

/* ---- l_util.c: errors ---- */

/*
** The one translation of an nl_error to Lua.  NL_EMISUSE raises a Lua
** error (misuse); any other code pushes nil, "CODE: message", "CODE" and
** returns 3, so a binding ends with `return nl_lua_fail(L, &err);`.
*/
int nl_lua_fail(lua_State *L, const nl_error *err);

/* Raise `err` as a Lua error "CODE: message" (iterators, mid-loop). */
int nl_lua_raise(lua_State *L, const nl_error *err);

/* ---- l_util.c: option tables ---- */

/*
** Check that argument `arg` is nil/none or a table whose keys are all
** strings in the NULL-terminated `keys`; raises "unexpected key 'k'"
** otherwise.  Returns 1 if a table is present, 0 for nil/none.
*/
int nl_lua_check_opts(lua_State *L, int arg, const char *const keys[]);

/* Argument `arg` as a C string; raises if not a string or if it holds a
** NUL byte ("string with a NUL byte"). */
const char *nl_lua_checkcstring(lua_State *L, int arg);

/* Field `key` of the option table at `arg` (absent table -> default).
** Wrong types raise an argument error naming the key. */
const char *nl_lua_opt_string(lua_State *L, int arg, const char *key,
                              const char *def);
int nl_lua_opt_bool(lua_State *L, int arg, const char *key, int def);
lua_Integer nl_lua_opt_int(lua_State *L, int arg, const char *key,
                           lua_Integer def);
/* Push field `key` if it is a function and return 1; nil/absent pushes
** nothing and returns 0; another type raises. */
int nl_lua_opt_func(lua_State *L, int arg, const char *key);

/* ---- l_util.c: handles and values ---- */

/*
** Create metatable `name` (liolib's createmeta): `meta` holds the
** metamethods, `methods` becomes __index.  Leaves nothing on the stack.
*/
void nl_lua_newmeta(lua_State *L, const char *name, const luaL_Reg *meta,
                    const luaL_Reg *methods);

/*
** Push a userdata that owns a core allocation: its __gc frees *slot with
** nl_free_mem.  The binding passes the returned slot to the core, so the
** memory is freed even when building the Lua result raises.
*/
void **nl_lua_newbox(lua_State *L);

/* Set fields start/stop of the table on top from a 0-based exclusive
** [start, end) byte span (the offset convention above). */
void nl_lua_set_span(lua_State *L, size_t start, size_t end);

/* Set t[key] = s[0..n) on the table on top, or skip if s is NULL. */
void nl_lua_set_lstring(lua_State *L, const char *key, const char *s, size_t n);
void nl_lua_set_string(lua_State *L, const char *key, const char *s);
void nl_lua_set_int(lua_State *L, const char *key, lua_Integer v);

/* ---- l_util.c: callbacks from the core ---- */

/*
** A C callback of the core that must run Lua code does it through
** nl_lua_cb_call, which runs `f(ud)` under lua_pcall with a traceback
** handler: a Lua error never unwinds through core, SQLite or libxml2
** frames.  The first error is kept on the stack (no more calls are made)
** and nl_lua_cb_rethrow raises it once the core has returned.
*/
typedef struct nl_lua_cb {
  lua_State *L;
  int msgh;    /* stack index of the message handler */
  int errslot; /* stack index holding the first error (nil if none) */
  int failed;  /* non-zero once a call raised */
  int nargs;   /* how many of args[] to pass */
  int args[4]; /* caller's stack slots passed as arguments 2.. to f */
} nl_lua_cb;

/* Push the handler and the error slot; reserve stack for the calls.
** Call before acquiring any core resource. */
void nl_lua_cb_init(lua_State *L, nl_lua_cb *cb);
/* Run f(ud, <values of the slots in args[]>) (ud a light userdata; f
** runs in its own frame, so it sees those values as arguments 2..);
** 0 on success, -1 if it raised now or before.  Never raises. */
int nl_lua_cb_call(nl_lua_cb *cb, lua_CFunction f, void *ud);
/* If a call failed, raise its error (after the core has returned). */
void nl_lua_cb_rethrow(nl_lua_cb *cb);

struct nl_file_report;
/* Push the per-file report {file, format, articles, repaired, status,
** message} given to on_file callbacks. */
void nl_lua_push_file_report(lua_State *L, const struct nl_file_report *r);
/* Append {file, reason = "CODE: msg", code} to the array at `skipped`
** if `r` failed. */
void nl_lua_add_skipped(lua_State *L, int skipped,
                        const struct nl_file_report *r);

/* ---- l_article.c ---- */

struct nl_article;
/* Push an article as a table (the same shape corpus:articles() yields). */
void nl_lua_push_article(lua_State *L, const struct nl_article *a);

/* ---- l_cursor.c ---- */

struct nl_cursor;
/*
** Push a new, closed cursor userdata (a handle that owns no statement yet)
** whose user value keeps the corpus at `parent` alive, and return its slot:
** the binding passes the slot to the core query, so __gc owns the statement
** from the moment it exists.
*/
struct nl_cursor **nl_lua_newcursor(lua_State *L, int parent);

/* Record that the cursor at `idx` starts after `offset` rows (the query
** filter's offset), for cursor:offset(). */
void nl_lua_cursor_offset(lua_State *L, int idx, long long offset);

/* Push the generic-for values (next, cursor, nil, cursor) for the cursor
** at `idx`; returns 4.  The 4th (closing) value makes `break` free it. */
int nl_lua_iterate(lua_State *L, int idx);

/* ---- l_db.c ---- */

struct nl_db;
/* The nl_db of the corpus at `idx`, or NULL if that corpus is closed.
** Raises if `idx` is not a corpus. */
struct nl_db *nl_lua_corpus_db(lua_State *L, int idx);

#endif
