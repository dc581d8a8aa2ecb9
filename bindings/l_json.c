/*
** l_json.c -- newslua.json_encode(value) and newslua.json_decode(text).
**
** Both sit on core/include/newslua/nl_json.h: decoding drives the core's
** strict pull parser, encoding writes strings with nl_json_write_string.
** JSON null is newslua.null (a light userdata sentinel) both ways.
** Encoding: a table whose keys are exactly 1..n (n >= 1) is an array,
** any other table an object with its keys sorted bytewise (deterministic
** output); an empty table is {}.  Integers are written as integers,
** floats in the shortest form (15-17 digits) that reads back exactly,
** with ".0" added to integral floats (3.0 stays a float).
** Errors: values JSON cannot hold (functions, NaN, non-string keys, cycles
** or nesting deeper than the limit) raise; malformed input to json_decode
** returns nil, "EPARSE: json: ... at byte N", "EPARSE".
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_json.h"
#include "l_newslua.h"

#define JSONBUF "newslua.jsonbuf"
#define JSONPARSER "newslua.jsonparser"
#define MAXDEPTH 512
#define MAXDEPTH_LIMIT 10000

/* The null sentinel: the address of this variable. */
static const char null_sentinel = 0;
#define JNULL ((void *)(size_t)&null_sentinel)

static int jsonbuf_gc(lua_State *L) {
  nl_buf *b = (nl_buf *)luaL_checkudata(L, 1, JSONBUF);
  nl_buf_free(b);
  return 0;
}

static int jsonparser_gc(lua_State *L) {
  nl_json **p = (nl_json **)luaL_checkudata(L, 1, JSONPARSER);
  nl_json_free(*p);
  *p = NULL;
  return 0;
}

/* ---- encoding ---- */

static void encode(lua_State *L, nl_buf *b, int idx, int depth);

typedef struct skey {
  const char *s;
  size_t n;
} skey;

static int cmpkey(const void *a, const void *b) {
  const skey *x = (const skey *)a, *y = (const skey *)b;
  int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
  return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Length n if the table at idx has exactly the keys 1..n, else 0. */
static lua_Integer arraylen(lua_State *L, int idx) {
  lua_Integer n = (lua_Integer)lua_rawlen(L, idx), count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) { /* k, v */
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
        lua_tointeger(L, -1) > n) {
      lua_pop(L, 1);
      return 0;
    }
    count++;
  }
  return count == n ? n : 0;
}

/* Encode the object at idx with sorted string keys. */
static void encodeobject(lua_State *L, nl_buf *b, int idx, int depth) {
  size_t n = 0, i;
  skey *keys;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) { /* k, v */
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "json_encode: object key of type %s (string expected)",
                 luaL_typename(L, -1));
    n++;
  }
  keys = (skey *)lua_newuserdatauv(L, n ? n * sizeof *keys : 1, 0); /* ks */
  i = 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) { /* ks, k, v */
    lua_pop(L, 1);
    keys[i].s = lua_tolstring(L, -1, &keys[i].n); /* anchored by the table */
    i++;
  }
  qsort(keys, n, sizeof *keys, cmpkey);
  nl_buf_putc(b, '{');
  for (i = 0; i < n; i++) {
    if (i) nl_buf_putc(b, ',');
    nl_json_write_string(b, keys[i].s, keys[i].n);
    nl_buf_putc(b, ':');
    lua_pushlstring(L, keys[i].s, keys[i].n); /* ks, k */
    lua_rawget(L, idx);                       /* ks, v */
    encode(L, b, lua_gettop(L), depth + 1);
    lua_pop(L, 1); /* ks */
  }
  nl_buf_putc(b, '}');
  lua_pop(L, 1);
}

static void encodetable(lua_State *L, nl_buf *b, int idx, int depth) {
  lua_Integer n, i;
  if (depth > MAXDEPTH)
    luaL_error(L, "json_encode: nesting deeper than %d (a cycle?)", MAXDEPTH);
  luaL_checkstack(L, 6, "json_encode");
  n = arraylen(L, idx);
  if (n == 0) {
    encodeobject(L, b, idx, depth);
    return;
  }
  nl_buf_putc(b, '[');
  for (i = 1; i <= n; i++) {
    if (i > 1) nl_buf_putc(b, ',');
    lua_rawgeti(L, idx, i); /* v */
    encode(L, b, lua_gettop(L), depth + 1);
    lua_pop(L, 1);
  }
  nl_buf_putc(b, ']');
}

static void encodenumber(lua_State *L, nl_buf *b, int idx) {
  char tmp[64];
  if (lua_isinteger(L, idx)) {
    snprintf(tmp, sizeof tmp, LUA_INTEGER_FMT, lua_tointeger(L, idx));
  } else {
    double d = (double)lua_tonumber(L, idx);
    if (!isfinite(d)) luaL_error(L, "json_encode: cannot encode %f", d);
    int prec;
    for (prec = 15; prec <= 17; prec++) { /* shortest that round-trips */
      snprintf(tmp, sizeof tmp, "%.*g", prec, d);
      if (strtod(tmp, NULL) == d) break;
    }
    if (strspn(tmp, "-0123456789") == strlen(tmp)) strcat(tmp, ".0");
  }
  nl_buf_puts(b, tmp);
}

/* Append the JSON text of the value at idx to b; raises on bad values. */
static void encode(lua_State *L, nl_buf *b, int idx, int depth) {
  size_t n;
  const char *s;
  switch (lua_type(L, idx)) {
  case LUA_TNIL:
    nl_buf_puts(b, "null");
    break;
  case LUA_TBOOLEAN:
    nl_buf_puts(b, lua_toboolean(L, idx) ? "true" : "false");
    break;
  case LUA_TNUMBER:
    encodenumber(L, b, idx);
    break;
  case LUA_TSTRING:
    s = lua_tolstring(L, idx, &n);
    nl_json_write_string(b, s, n);
    break;
  case LUA_TTABLE:
    encodetable(L, b, idx, depth);
    break;
  case LUA_TLIGHTUSERDATA:
    if (lua_touserdata(L, idx) == JNULL) {
      nl_buf_puts(b, "null");
      break;
    }
    /* fall through */
  default:
    luaL_error(L, "json_encode: cannot encode a %s", luaL_typename(L, idx));
  }
}

/* newslua.json_encode(value) -> string */
static int l_json_encode(lua_State *L) {
  nl_buf *b;
  luaL_checkany(L, 1);
  lua_settop(L, 1);
  b = (nl_buf *)lua_newuserdatauv(L, sizeof *b, 0); /* v, buf */
  memset(b, 0, sizeof *b);
  luaL_setmetatable(L, JSONBUF);
  encode(L, b, 1, 0);
  if (!nl_buf_ok(b)) return luaL_error(L, "ENOMEM: json_encode: out of memory");
  lua_pushlstring(L, b->data ? b->data : "", b->len); /* v, buf, s */
  nl_buf_free(b);
  return 1;
}

/* ---- decoding ---- */

static nl_status decodevalue(lua_State *L, nl_json *p, nl_json_event ev,
                             nl_error *err);

/* Push the value of the container that `ev` opened. */
static nl_status decodecontainer(lua_State *L, nl_json *p, nl_json_event ev,
                                 nl_error *err) {
  int isobj = ev == NL_JSON_OBJECT_START;
  nl_json_event e;
  nl_status rc;
  lua_Integer i = 0;
  luaL_checkstack(L, 4, "json_decode");
  lua_newtable(L); /* t */
  for (;;) {
    if ((rc = nl_json_next(p, &e, err)) != NL_OK) break;
    if (e == NL_JSON_OBJECT_END || e == NL_JSON_ARRAY_END) return NL_OK;
    if (isobj) {
      size_t n;
      const char *k = nl_json_text(p, &n);
      lua_pushlstring(L, k, n); /* t, k */
      if ((rc = nl_json_next(p, &e, err)) != NL_OK) break;
      if ((rc = decodevalue(L, p, e, err)) != NL_OK) break; /* t, k, v */
      lua_rawset(L, -3);                                    /* t */
    } else {
      if ((rc = decodevalue(L, p, e, err)) != NL_OK) break; /* t, v */
      lua_rawseti(L, -2, ++i);                              /* t */
    }
  }
  if (rc == NL_DONE)
    rc = nl_error_set(err, NL_EPARSE, "json: unexpected end of input");
  return rc;
}

/* Push the value that starts with event `ev`. */
static nl_status decodevalue(lua_State *L, nl_json *p, nl_json_event ev,
                             nl_error *err) {
  size_t n;
  const char *s;
  double d = 0;
  long long i = 0;
  switch (ev) {
  case NL_JSON_OBJECT_START:
  case NL_JSON_ARRAY_START:
    return decodecontainer(L, p, ev, err);
  case NL_JSON_STRING:
    s = nl_json_text(p, &n);
    lua_pushlstring(L, s, n);
    return NL_OK;
  case NL_JSON_NUMBER:
    if (nl_json_number(p, &d, &i))
      lua_pushinteger(L, (lua_Integer)i);
    else
      lua_pushnumber(L, (lua_Number)d);
    return NL_OK;
  case NL_JSON_TRUE:
    lua_pushboolean(L, 1);
    return NL_OK;
  case NL_JSON_FALSE:
    lua_pushboolean(L, 0);
    return NL_OK;
  case NL_JSON_NULL:
    lua_pushlightuserdata(L, JNULL);
    return NL_OK;
  default:
    return nl_error_set(err, NL_EPARSE, "json: unexpected token at byte %lu",
                        (unsigned long)nl_json_offset(p));
  }
}

static const char *const decode_keys[] = {"max_depth", NULL};

/* newslua.json_decode(text [, {max_depth}]) -> value | nil, msg, code */
static int l_json_decode(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  nl_json_opts o = NL_JSON_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  nl_json_event ev;
  nl_json **slot;
  nl_status rc;
  lua_Integer depth;
  nl_lua_check_opts(L, 2, decode_keys);
  depth = nl_lua_opt_int(L, 2, "max_depth", MAXDEPTH);
  luaL_argcheck(L, depth >= 1 && depth <= MAXDEPTH_LIMIT, 2,
                "option 'max_depth' out of range (1..10000)");
  o.max_depth = (size_t)depth;
  lua_settop(L, 1);
  slot = (nl_json **)lua_newuserdatauv(L, sizeof *slot, 0); /* s, parser */
  *slot = NULL;
  luaL_setmetatable(L, JSONPARSER);
  if (nl_json_new(text, len, &o, slot, &err) != NL_OK)
    return nl_lua_fail(L, &err);
  rc = nl_json_next(*slot, &ev, &err);
  if (rc == NL_DONE) rc = nl_error_set(&err, NL_EPARSE, "json: empty input");
  if (rc == NL_OK) rc = decodevalue(L, *slot, ev, &err); /* s, parser, v */
  if (rc == NL_OK && (rc = nl_json_next(*slot, &ev, &err)) == NL_OK)
    rc = nl_error_set(&err, NL_EPARSE, "json: trailing data at byte %lu",
                      (unsigned long)nl_json_offset(*slot));
  if (rc != NL_DONE) return nl_lua_fail(L, &err);
  return 1;
}

/* Register json_encode, json_decode and null in the module table. */
void nl_lua_open_json(lua_State *L) {
  if (luaL_newmetatable(L, JSONBUF)) { /* M, mt */
    lua_pushcfunction(L, jsonbuf_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, JSONPARSER)) { /* M, mt */
    lua_pushcfunction(L, jsonparser_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1); /* M */
  lua_pushcfunction(L, l_json_encode);
  lua_setfield(L, -2, "json_encode");
  lua_pushcfunction(L, l_json_decode);
  lua_setfield(L, -2, "json_decode");
  lua_pushlightuserdata(L, JNULL);
  lua_setfield(L, -2, "null");
}
