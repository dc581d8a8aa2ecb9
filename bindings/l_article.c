/*
** l_article.c -- an nl_article as a Lua table.
**
** The shape is the one corpus:articles() yields for a stored article, so
** code written against newslua.load works unchanged against a corpus:
**   {id, file, format, source, title, url, author, language, published,
**    published_source, published_evidence, body,
**    paragraphs = {{start, stop}, ...}, warnings = {"...", ...},
**    meta = {key = {value, ...}, ...}, repaired}
** Absent strings are nil; lists are always tables (maybe empty).
*/
#include "newslua/nl_article.h"
#include "l_newslua.h"

/* Push the article's meta pairs as {key = {value, ...}}. */
static void pushmeta(lua_State *L, const nl_article *a) {
  size_t i;
  lua_newtable(L); /* meta */
  for (i = 0; i < a->n_meta; i++) {
    if (a->meta[i].key == NULL) continue;
    if (lua_getfield(L, -1, a->meta[i].key) != LUA_TTABLE) { /* meta, v */
      lua_pop(L, 1);
      lua_newtable(L); /* meta, vals */
      lua_pushvalue(L, -1);
      lua_setfield(L, -3, a->meta[i].key); /* meta, vals */
    }
    lua_pushstring(L, a->meta[i].value ? a->meta[i].value : "");
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1); /* meta */
  }
}

/* Push `a` as a table (strings copied; `a` is not retained). */
void nl_lua_push_article(lua_State *L, const nl_article *a) {
  size_t i;
  lua_createtable(L, 0, 18); /* t */
  nl_lua_set_string(L, "id", a->id);
  nl_lua_set_string(L, "file", a->file);
  nl_lua_set_string(L, "format", a->format);
  nl_lua_set_string(L, "source", a->source);
  nl_lua_set_string(L, "title", a->title);
  nl_lua_set_string(L, "url", a->url);
  nl_lua_set_string(L, "author", a->author);
  nl_lua_set_string(L, "language", a->language);
  nl_lua_set_string(L, "published", a->published);
  nl_lua_set_string(L, "published_source",
                    nl_pub_source_name(a->published_source));
  nl_lua_set_string(L, "published_evidence", a->published_evidence);
  nl_lua_set_lstring(L, "body", a->body ? a->body : "",
                     a->body ? a->body_len : 0);
  nl_lua_set_int(L, "repaired", (lua_Integer)a->repaired_bytes);
  lua_createtable(L, (int)a->n_paragraphs, 0); /* t, paras */
  for (i = 0; i < a->n_paragraphs; i++) {
    lua_createtable(L, 0, 2); /* t, paras, span */
    nl_lua_set_span(L, a->paragraphs[i].start, a->paragraphs[i].end);
    lua_rawseti(L, -2, (lua_Integer)i + 1); /* t, paras */
  }
  lua_setfield(L, -2, "paragraphs");         /* t */
  lua_createtable(L, (int)a->n_warnings, 0); /* t, warnings */
  for (i = 0; i < a->n_warnings; i++) {
    lua_pushstring(L, a->warnings[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_setfield(L, -2, "warnings"); /* t */
  pushmeta(L, a);                  /* t, meta */
  lua_setfield(L, -2, "meta");     /* t */
}
