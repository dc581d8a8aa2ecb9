/*
** l_tokenize.c -- newslua.tokens(text [, opts]) and newslua.sentences(text).
**
** tokens() runs the core tokenizer once, eagerly, collecting the tokens in
** C arrays owned by a userdata (memory from the Lua allocator, freed by
** __gc), and returns a gmatch-style iterator: the closure keeps the text
** and that userdata as upvalues, owns no other resource and needs no
** closing value.  Each call yields {text, norm, kind, start, stop}.
**
**   opts.index = true  yields the index terms (what FTS5 stores) instead of
**                      the surface tokens: kind "term", norm the term,
**                      colocated = true for a stem at the same position.
**   opts.stem, opts.remove_diacritics  tokenizer options (index terms).
*/
#include <limits.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_sentence.h"
#include "newslua/nl_tokenize.h"
#include "l_newslua.h"

#define TOKLIST "newslua.toklist"

typedef struct tok {
  int kind; /* nl_token_kind, or 0 for an index term */
  int colocated;
  size_t start, end, norm, nnorm; /* span; norm text in the pool */
} tok;

typedef struct toklist {
  lua_Alloc alloc;
  void *aud;
  tok *v;
  size_t n, cap;
  char *pool;
  size_t plen, pcap;
  nl_tokenizer *tk;
  int oom;
} toklist;

static int toklist_gc(lua_State *L) {
  toklist *tl = (toklist *)luaL_checkudata(L, 1, TOKLIST);
  if (tl->v) tl->alloc(tl->aud, tl->v, tl->cap * sizeof(tok), 0);
  if (tl->pool) tl->alloc(tl->aud, tl->pool, tl->pcap, 0);
  nl_tokenizer_free(tl->tk);
  tl->v = NULL;
  tl->pool = NULL;
  tl->tk = NULL;
  tl->n = tl->cap = tl->plen = tl->pcap = 0;
  return 0;
}

/* Grow the block *p of *cap units of `sz` bytes to hold `need` units. */
static int grow(toklist *tl, void **p, size_t *cap, size_t need, size_t sz) {
  size_t ncap = *cap ? *cap : 64;
  void *np;
  if (need <= *cap) return 1;
  while (ncap < need)
    ncap *= 2;
  np = tl->alloc(tl->aud, *p, *cap * sz, ncap * sz);
  if (np == NULL) return 0;
  *p = np;
  *cap = ncap;
  return 1;
}

/* Append one token; no Lua calls (runs inside the tokenizer). */
static int add(toklist *tl, int kind, int coloc, size_t s, size_t e,
               const char *norm, size_t nn) {
  tok *t;
  if (!grow(tl, (void **)&tl->v, &tl->cap, tl->n + 1, sizeof(tok)) ||
      !grow(tl, (void **)&tl->pool, &tl->pcap, tl->plen + nn + 1, 1)) {
    tl->oom = 1;
    return 1;
  }
  t = &tl->v[tl->n++];
  t->kind = kind;
  t->colocated = coloc;
  t->start = s;
  t->end = e;
  t->norm = tl->plen;
  t->nnorm = nn;
  if (nn) memcpy(tl->pool + tl->plen, norm, nn);
  tl->plen += nn;
  return 0;
}

static int onsurface(void *ud, const nl_token *t) {
  return add((toklist *)ud, (int)t->kind, 0, t->start, t->end, t->norm,
             t->norm_len);
}

static int onterm(void *ud, int flags, const char *s, int n, int start,
                  int end) {
  return add((toklist *)ud, 0, (flags & NL_TOKEN_COLOCATED) != 0, (size_t)start,
             (size_t)end, s, (size_t)n);
}

static const char *const kinds[] = {"term", "word", "number", "punct",
                                    "symbol"};

/* The iterator: upvalues text, toklist, next index (0-based). */
static int tokens_next(lua_State *L) {
  size_t len;
  const char *text = lua_tolstring(L, lua_upvalueindex(1), &len);
  toklist *tl = (toklist *)lua_touserdata(L, lua_upvalueindex(2));
  lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
  const tok *t;
  if ((size_t)i >= tl->n) return 0;
  t = &tl->v[i];
  lua_pushinteger(L, i + 1);
  lua_replace(L, lua_upvalueindex(3));
  lua_createtable(L, 0, 6); /* t */
  nl_lua_set_lstring(L, "text", text + t->start,
                     t->end <= len && t->start <= t->end ? t->end - t->start
                                                         : 0);
  nl_lua_set_lstring(L, "norm", tl->pool + t->norm, t->nnorm);
  nl_lua_set_string(L, "kind",
                    kinds[t->kind >= 0 && t->kind <= 4 ? t->kind : 0]);
  nl_lua_set_span(L, t->start, t->end);
  if (t->colocated) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, "colocated");
  }
  return 1;
}

static const char *const token_keys[] = {"index", "stem", "remove_diacritics",
                                         NULL};

/* newslua.tokens(text [, opts]) -> iterator of token tables */
static int l_tokens(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  nl_tokenizer_opts o = NL_TOKENIZER_OPTS_INIT;
  nl_error err = NL_ERROR_INIT;
  int index, rc;
  toklist *tl;
  nl_lua_check_opts(L, 2, token_keys);
  index = nl_lua_opt_bool(L, 2, "index", 0);
  o.stem = nl_lua_opt_bool(L, 2, "stem", 0);
  o.remove_diacritics = nl_lua_opt_bool(L, 2, "remove_diacritics", 0);
  luaL_argcheck(L, index || (!o.stem && !o.remove_diacritics), 2,
                "options 'stem' and 'remove_diacritics' need index = true");
  luaL_argcheck(L, len <= (size_t)INT_MAX, 1, "text too long");
  lua_settop(L, 1);
  tl = (toklist *)lua_newuserdatauv(L, sizeof *tl, 0); /* text, tl */
  memset(tl, 0, sizeof *tl);
  tl->alloc = lua_getallocf(L, &tl->aud);
  luaL_setmetatable(L, TOKLIST);
  if (index) {
    if (nl_tokenizer_new(&o, &tl->tk, &err) != NL_OK)
      return nl_lua_raise(L, &err);
    rc = nl_tokenize(tl->tk, NL_TOKENIZE_DOCUMENT, text, (int)len, tl, onterm);
  } else {
    rc = nl_tokens(text, len, tl, onsurface);
  }
  if (rc != 0 || tl->oom) return luaL_error(L, "ENOMEM: tokens: out of memory");
  lua_pushinteger(L, 0);               /* text, tl, 0 */
  lua_pushcclosure(L, tokens_next, 3); /* iter */
  return 1;
}

/* newslua.sentences(text) -> {{start, stop, text}, ...} */
static int l_sentences(lua_State *L) {
  size_t len, n = 0, i;
  const char *text = luaL_checklstring(L, 1, &len);
  nl_error err = NL_ERROR_INIT;
  void **box = nl_lua_newbox(L); /* box */
  nl_span *v;
  if (nl_sentences(text, len, (nl_span **)box, &n, &err) != NL_OK)
    return nl_lua_raise(L, &err);
  v = (nl_span *)*box;
  lua_createtable(L, (int)(n < INT_MAX ? n : 0), 0); /* box, list */
  for (i = 0; i < n; i++) {
    size_t s = v[i].start, e = v[i].end;
    if (e > len || s > e) continue; /* never read outside the text */
    lua_createtable(L, 0, 3);       /* box, list, sent */
    nl_lua_set_span(L, s, e);
    nl_lua_set_lstring(L, "text", text + s, e - s);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  }
  return 1;
}

/* Register tokens and sentences in the module table on top. */
void nl_lua_open_tokenize(lua_State *L) {
  if (luaL_newmetatable(L, TOKLIST)) { /* M, mt */
    lua_pushcfunction(L, toklist_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_pop(L, 1); /* M */
  lua_pushcfunction(L, l_tokens);
  lua_setfield(L, -2, "tokens");
  lua_pushcfunction(L, l_sentences);
  lua_setfield(L, -2, "sentences");
}
