/*
** l_cursor.c -- the newslua.cursor handle: rows of a core query as Lua
** tables, iterated with the generic for.
**
** A cursor is created closed, then the core query fills its slot, so __gc
** owns the statement from the moment it exists.  Its user value 1 holds the
** corpus, which therefore stays alive as long as the cursor does.
** `__gc`, `__close` and `:close()` share cur_close (idempotent); the loop
** returns (next, cursor, nil, cursor) so `break` closes it at once.
*/
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_cursor.h"
#include "l_newslua.h"

/* What a row needs of a column, worked out once per cursor (CACHE_COLS at
** most; wider rows take setcolumn's general path). */
#define CACHE_COLS 48
typedef struct colinfo {
  char seg[40];          /* the leaf segment of its name, NUL-terminated */
  unsigned char nested; /* "parent.leaf" (one dot) */
  unsigned char nleaf;  /* the leaf's length */
  unsigned char shift;  /* a 1-based value (shifts) */
  unsigned char nsub;   /* nested: the columns its parent table holds */
} colinfo;

typedef struct lcursor {
  nl_cursor *c; /* NULL when closed */
  int ncols;    /* columns in `cols` (0: not worked out yet, -1: too wide
                ** or too deep for the cache) */
  long long offset; /* rows its query skipped before its first (filter) */
  colinfo cols[CACHE_COLS];
} lcursor;

static lcursor *tocursor(lua_State *L, int idx) {
  return (lcursor *)luaL_checkudata(L, idx, NL_LUA_CURSOR);
}

/* __gc, __close and :close(): free the statement once. */
static int cur_close(lua_State *L) {
  lcursor *lc = tocursor(L, 1);
  nl_cursor_free(lc->c);
  lc->c = NULL;
  return 0;
}

static int cur_tostring(lua_State *L) {
  lcursor *lc = tocursor(L, 1);
  if (lc->c == NULL)
    lua_pushliteral(L, NL_LUA_CURSOR " (closed)");
  else
    lua_pushfstring(L, NL_LUA_CURSOR " (%p)", (void *)lc);
  return 1;
}

/* Does `name[0..n)` equal `word` or end with "_<word>"? */
static int endsas(const char *name, size_t n, const char *word) {
  size_t w = strlen(word);
  if (n == w) return memcmp(name, word, w) == 0;
  return n > w && name[n - w - 1] == '_' && memcmp(name + n - w, word, w) == 0;
}

/* Push the Lua key for the last segment of a column name: "end" becomes
** "stop" (and "x_end" "x_stop"), because offsets are 1-based inclusive. */
static void pushkey(lua_State *L, const char *seg, size_t n) {
  if (endsas(seg, n, "end")) {
    lua_pushlstring(L, seg, n - 3); /* prefix */
    lua_pushliteral(L, "stop");     /* prefix, "stop" */
    lua_concat(L, 2);               /* key */
  } else {
    lua_pushlstring(L, seg, n); /* key */
  }
}

/* Push a LIST column: paragraphs -> spans, matches -> spans with their
** field ("NAME START END" lines), meta -> {key = {values}}, anything
** else -> array of strings. */
static void pushlist(lua_State *L, const char *seg, size_t n, const char *s,
                     size_t len) {
  int ispara = n == 10 && memcmp(seg, "paragraphs", 10) == 0;
  int ismatch = n == 7 && memcmp(seg, "matches", 7) == 0;
  int ismeta = n == 4 && memcmp(seg, "meta", 4) == 0;
  const char *p = s, *e = s + len;
  lua_Integer i = 0;
  lua_newtable(L); /* list */
  while (s != NULL && p < e) {
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    const char *q = nl ? nl : e;
    if (ispara) {
      char *rest;
      unsigned long a = strtoul(p, &rest, 10); /* "start end" */
      unsigned long b = strtoul(rest, NULL, 10);
      lua_createtable(L, 0, 2); /* list, span */
      nl_lua_set_span(L, a, b);
      lua_rawseti(L, -2, ++i); /* list */
    } else if (ismatch) {
      const char *sp = memchr(p, ' ', (size_t)(q - p));
      char *rest;
      unsigned long a = sp ? strtoul(sp + 1, &rest, 10) : 0; /* "F a b" */
      unsigned long b = sp ? strtoul(rest, NULL, 10) : 0;
      lua_createtable(L, 0, 3); /* list, span */
      lua_pushlstring(L, p, (size_t)((sp ? sp : q) - p));
      lua_setfield(L, -2, "field");
      nl_lua_set_span(L, a, b);
      lua_rawseti(L, -2, ++i); /* list */
    } else if (ismeta) {
      const char *eq = memchr(p, '=', (size_t)(q - p));
      const char *v = eq ? eq + 1 : q;
      lua_pushlstring(L, p, (size_t)((eq ? eq : q) - p)); /* list, k */
      if (lua_rawget(L, -2) != LUA_TTABLE) {              /* list, vals? */
        lua_pop(L, 1);
        lua_newtable(L); /* list, vals */
        lua_pushlstring(L, p, (size_t)((eq ? eq : q) - p));
        lua_pushvalue(L, -2); /* list, vals, k, vals */
        lua_rawset(L, -4);    /* list, vals */
      }
      lua_pushlstring(L, v, (size_t)(q - v)); /* list, vals, v */
      lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
      lua_pop(L, 1); /* list */
    } else {
      lua_pushlstring(L, p, (size_t)(q - p)); /* list, item */
      lua_rawseti(L, -2, ++i);                /* list */
    }
    p = q + 1;
  }
}

/* The list columns of the store's rows (nl_cursor.h), which stay tables
** when the store holds NULL for an empty list. */
static int islist(const char *seg, size_t n) {
  return (n == 10 && memcmp(seg, "paragraphs", 10) == 0) ||
         (n == 7 && memcmp(seg, "matches", 7) == 0) ||
         (n == 8 && memcmp(seg, "warnings", 8) == 0) ||
         (n == 4 && memcmp(seg, "meta", 4) == 0);
}

/* Is a column whose last name segment is seg[0..n) 1-based in Lua, as
** span starts and the sentence index are? */
static int shifted(const char *seg, size_t n) {
  return endsas(seg, n, "start") || (n == 5 && !memcmp(seg, "index", 5));
}

/* Push the value of column `col`; `seg` is its last name segment, `shift`
** shifted(seg). */
static void pushvalue(lua_State *L, const nl_cursor *c, int col,
                      const char *seg, size_t n, int shift) {
  size_t len = 0;
  const char *s;
  switch (nl_cursor_type(c, col)) {
  case NL_COL_INT: {
    lua_Integer v = (lua_Integer)nl_cursor_int(c, col);
    lua_pushinteger(L, shift ? v + 1 : v);
    break;
  }
  case NL_COL_BOOL:
    lua_pushboolean(L, nl_cursor_int(c, col) != 0);
    break;
  case NL_COL_REAL:
    lua_pushnumber(L, nl_cursor_real(c, col));
    break;
  case NL_COL_TEXT:
    s = nl_cursor_text(c, col, &len);
    if (s)
      lua_pushlstring(L, s, len);
    else
      lua_pushnil(L);
    break;
  case NL_COL_LIST:
    s = nl_cursor_text(c, col, &len);
    pushlist(L, seg, n, s, len);
    break;
  default: /* NULL: the list columns are still (empty) tables */
    if (islist(seg, n))
      lua_newtable(L);
    else
      lua_pushnil(L);
    break;
  }
}

/*
** Store column `col` in the row table on top, descending into (and
** creating) subtables for a dotted name.  A nested table replaces a plain
** value of the same name ("article" the id vs "article.id").
*/
static void setcolumn(lua_State *L, const nl_cursor *c, int col) {
  const char *name = nl_cursor_name(c, col);
  const char *dot;
  int depth = 0;
  if (name == NULL) return;
  lua_pushvalue(L, -1); /* row, t */
  while ((dot = strchr(name, '.')) != NULL) {
    lua_pushlstring(L, name, (size_t)(dot - name)); /* row, t, k */
    if (lua_rawget(L, -2) != LUA_TTABLE) {          /* row, t, sub? */
      lua_pop(L, 1);
      lua_newtable(L); /* row, t, sub */
      lua_pushlstring(L, name, (size_t)(dot - name));
      lua_pushvalue(L, -2); /* row, t, sub, k, sub */
      lua_rawset(L, -4);    /* row, t, sub */
    }
    lua_remove(L, -2); /* row, sub */
    name = dot + 1;
    depth++;
  }
  pushkey(L, name, strlen(name)); /* row, t, key */
  if (depth == 0) {
    lua_pushvalue(L, -1);
    if (lua_rawget(L, -3) == LUA_TTABLE) { /* already nested */
      lua_pop(L, 3);                       /* row */
      return;
    }
    lua_pop(L, 1); /* row, t, key */
  }
  pushvalue(L, c, col, name, strlen(name),
            shifted(name, strlen(name))); /* row, t, key, v */
  lua_rawset(L, -3);                        /* row, t */
  lua_pop(L, 1);                            /* row */
}

/*
** Work out the columns of `lc` once: their names' shape in lc->cols and
** their Lua keys in the cursor's user value 2 ([2i+1] the leaf key,
** [2i+2] the parent key of a dotted name), so that rows need no name
** parsing.
*/
static void cache_columns(lua_State *L, lcursor *lc, int cur) {
  int i, n = nl_cursor_ncols(lc->c);
  lc->ncols = -1;
  if (n > CACHE_COLS) return;
  lua_createtable(L, 2 * n, 0); /* keys */
  for (i = 0; i < n; i++) {
    const char *name = nl_cursor_name(lc->c, i);
    const char *dot = strchr(name, '.');
    const char *leaf = dot ? dot + 1 : name;
    size_t nl = strlen(leaf);
    colinfo *ci = &lc->cols[i];
    if ((dot && strchr(leaf, '.')) || nl >= sizeof ci->seg) {
      lua_pop(L, 1);
      return; /* deeper names: the general path */
    }
    memcpy(ci->seg, leaf, nl + 1);
    ci->nested = dot != NULL;
    ci->nleaf = (unsigned char)nl;
    ci->shift = (unsigned char)shifted(leaf, nl);
    ci->nsub = 0;
    if (dot) { /* how many columns share its parent (the table's size) */
      int k;
      size_t pl = (size_t)(dot - name);
      for (k = 0; k < n; k++) {
        const char *o = nl_cursor_name(lc->c, k);
        if (strncmp(o, name, pl + 1) == 0 && ci->nsub < 255) ci->nsub++;
      }
    }
    pushkey(L, leaf, nl); /* keys, leafkey */
    lua_rawseti(L, -2, 2 * i + 1);
    if (dot) {
      lua_pushlstring(L, name, (size_t)(dot - name));
      lua_rawseti(L, -2, 2 * i + 2);
    }
  }
  lua_setiuservalue(L, cur, 2);
  lc->ncols = n;
}

/* Push the current row of the cursor at `cur` as a table. */
static void pushrow(lua_State *L, lcursor *lc, int cur) {
  const nl_cursor *c = lc->c;
  int i, keys, row, n = nl_cursor_ncols(c);
  if (lc->ncols == 0) cache_columns(L, lc, cur);
  if (lc->ncols != n) { /* the general path */
    lua_createtable(L, 0, n); /* row */
    for (i = 0; i < n; i++)
      setcolumn(L, c, i);
    return;
  }
  lua_getiuservalue(L, cur, 2); /* keys */
  keys = lua_gettop(L);
  lua_createtable(L, 0, n); /* keys, row */
  row = keys + 1;
  for (i = 0; i < n; i++) {
    const colinfo *ci = &lc->cols[i];
    if (ci->nested) { /* the subtable, made on first use */
      lua_rawgeti(L, keys, 2 * i + 2); /* ..., pkey */
      lua_pushvalue(L, -1);
      if (lua_rawget(L, row) != LUA_TTABLE) { /* ..., pkey, sub? */
        lua_pop(L, 1);
        lua_createtable(L, 0, ci->nsub); /* ..., pkey, sub */
        lua_pushvalue(L, -1); /* ..., pkey, sub, sub */
        lua_insert(L, -3);    /* ..., sub, pkey, sub */
        lua_rawset(L, row);   /* ..., sub */
      } else {
        lua_remove(L, -2); /* ..., sub */
      }
    } else {
      lua_rawgeti(L, keys, 2 * i + 1);
      if (lua_rawget(L, row) == LUA_TTABLE) { /* already nested */
        lua_pop(L, 1);
        continue;
      }
      lua_pop(L, 1);
      lua_pushvalue(L, row); /* ..., t */
    }
    lua_rawgeti(L, keys, 2 * i + 1);             /* ..., t, key */
    pushvalue(L, c, i, ci->seg, ci->nleaf, ci->shift); /* ..., t, key, v */
    lua_rawset(L, -3);                           /* ..., t */
    lua_pop(L, 1);
  }
  lua_remove(L, keys); /* row */
}

/*
** The iterator function: next row as a table, nothing at the end (the
** cursor is then freed), a Lua error on a failure mid-loop or when the
** corpus was closed under the loop.
*/
static int cur_next(lua_State *L) {
  lcursor *lc = tocursor(L, 1);
  nl_error err = NL_ERROR_INIT;
  nl_status rc;
  if (lc->c == NULL) return 0;
  lua_getiuservalue(L, 1, 1); /* corpus */
  if (nl_lua_corpus_db(L, -1) == NULL) {
    cur_close(L);
    return luaL_error(L, "attempt to use a closed " NL_LUA_CORPUS);
  }
  lua_pop(L, 1);
  rc = nl_cursor_next(lc->c, &err);
  if (rc == NL_OK) {
    pushrow(L, lc, 1); /* row */
    return 1;
  }
  cur_close(L);
  if (rc == NL_DONE) return 0;
  return nl_lua_raise(L, &err);
}

/* Push a closed cursor that keeps the corpus at `parent` alive. */
nl_cursor **nl_lua_newcursor(lua_State *L, int parent) {
  lcursor *lc;
  parent = lua_absindex(L, parent);
  lc = (lcursor *)lua_newuserdatauv(L, sizeof *lc, 2); /* cur */
  lc->c = NULL;
  lc->ncols = 0;
  lc->offset = 0;
  luaL_setmetatable(L, NL_LUA_CURSOR);
  lua_pushvalue(L, parent);    /* cur, corpus */
  lua_setiuservalue(L, -2, 1); /* cur */
  return &lc->c;
}

/* Record that the cursor at `idx` starts after `offset` rows. */
void nl_lua_cursor_offset(lua_State *L, int idx, long long offset) {
  tocursor(L, idx)->offset = offset;
}

/* cursor:offset() -> integer: the rows its query's filter skipped (its
** `offset`) before the cursor's first row; 0 without one.  A listing
** numbers its rows from offset + 1. */
static int cur_offset(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)tocursor(L, 1)->offset);
  return 1;
}

/* Push next, cursor, nil, cursor for the cursor at `idx`. */
int nl_lua_iterate(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_pushcfunction(L, cur_next); /* next */
  lua_pushvalue(L, idx);          /* next, cur */
  lua_pushnil(L);                 /* next, cur, nil */
  lua_pushvalue(L, idx);          /* ..., cur */
  return 4;
}

static const luaL_Reg cur_meta[] = {{"__gc", cur_close},
                                    {"__close", cur_close},
                                    {"__tostring", cur_tostring},
                                    {NULL, NULL}};

static const luaL_Reg cur_methods[] = {
    {"close", cur_close}, {"next", cur_next}, {"offset", cur_offset},
    {NULL, NULL}};

/* Register the newslua.cursor metatable (the module table stays on top). */
void nl_lua_open_cursor(lua_State *L) {
  nl_lua_newmeta(L, NL_LUA_CURSOR, cur_meta, cur_methods);
}
