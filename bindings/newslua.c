/*
** newslua.c -- the newslua interpreter: lua.c's conventions plus the
** newslua module preloaded.
**
**   newslua [options] [script [args]]
**
** Structure (as lua.c): main creates the state and runs pmain in protected
** mode; pmain scans the options (collectargs) before running anything,
** runs LUA_INIT, then -e/-l/-W in order (runargs), the script, and the
** REPL last.  Errors go to stderr as "newslua: message" with a traceback,
** and the exit status is 1.  The module is reachable only through
** `require "newslua"` (package.preload), never as a global, so every
** script also runs under stock lua5.4 with newslua.so on package.cpath.
*/
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "newslua/nl_db.h"
#include "newslua/nl_version.h"
#ifdef NL_USE_MIMALLOC
#include <mimalloc.h> /* the process allocator (CMake NEWSLUA_MIMALLOC) */
#endif
#include "l_newslua.h"

#if defined(NL_USE_READLINE)
#include <readline/history.h>
#include <readline/readline.h>
#endif

#define PROGNAME "newslua"
#define PROMPT "> "
#define PROMPT2 ">> "
#define MAXINPUT 512
#define LUA_INIT_VAR "LUA_INIT"
#define LUA_INITVARVERSION                                                     \
  LUA_INIT_VAR "_" LUA_VERSION_MAJOR "_" LUA_VERSION_MINOR
#define EOFMARK "<eof>"
#define MARKLEN (sizeof(EOFMARK) / sizeof(char) - 1)

static lua_State *globalL = NULL;
static const char *progname = PROGNAME;

/* ---- interruption (SIGINT) ---- */

/* Hook set by the signal handler: raise "interrupted!" in Lua code. */
static void lstop(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

/* On SIGINT: restore the default action (a second ^C kills) and ask the
** running Lua code to stop at its next instruction. */
static void laction(int sig) {
  int flag = LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT;
  signal(sig, SIG_DFL);
  lua_sethook(globalL, lstop, flag, 1);
}

/* ---- messages ---- */

static void print_usage(const char *badoption, FILE *out) {
  if (badoption != NULL) {
    if (badoption[1] == 'e' || badoption[1] == 'l')
      fprintf(out, "%s: '%s' needs argument\n", progname, badoption);
    else
      fprintf(out, "%s: unrecognized option '%s'\n", progname, badoption);
  }
  fprintf(out,
          "usage: %s [options] [script [args]]\n"
          "Available options are:\n"
          "  -e stat   execute string 'stat'\n"
          "  -i        enter interactive mode after executing 'script'\n"
          "  -l mod    require library 'mod' into global 'mod'\n"
          "  -l g=mod  require library 'mod' into global 'g'\n"
          "  -v        show version information\n"
          "  -E        ignore environment variables\n"
          "  -W        turn warnings on\n"
          "  --help    show this help and exit\n"
          "  --        stop handling options\n"
          "  -         stop handling options and execute stdin\n"
          "The module is loaded with: local newslua = require \"newslua\"\n",
          progname);
  fflush(out);
}

/* "newslua: msg" on stderr (no program name when there is none). */
static void l_message(const char *pname, const char *msg) {
  if (pname) fprintf(stderr, "%s: ", pname);
  fprintf(stderr, "%s\n", msg);
  fflush(stderr);
}

/* Print the error message on top of the stack if `status` is an error. */
static int report(lua_State *L, int status) {
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    if (msg == NULL) msg = "(error object is not a string)";
    l_message(progname, msg);
    lua_pop(L, 1);
  }
  return status;
}

/* Message handler: turn the error into a string with a traceback (one:
** an error a callback raised under the core already carries its own,
** taken where it was raised; see nl_lua_cb_call). */
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg != NULL && strstr(msg, "\nstack traceback:\n") != NULL)
    return 1;
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1; /* the object's own string */
    msg =
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Call the function below its `narg` arguments with the message handler
** and SIGINT catching; the lua.c `docall`. */
static int docall(lua_State *L, int narg, int nres) {
  int status;
  int base = lua_gettop(L) - narg;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  globalL = L;
  signal(SIGINT, laction);
  status = lua_pcall(L, narg, nres, base);
  signal(SIGINT, SIG_DFL);
  lua_remove(L, base);
  return status;
}

static void print_version(void) {
  fputs(LUA_COPYRIGHT "\n", stdout);
  fputs("newslua " NL_VERSION_STRING "\n", stdout);
#ifdef NL_USE_MIMALLOC
  { /* malloc is mimalloc's when it hands out a block of its heap */
    void *probe = malloc(16);
    int v = mi_version(), in_use = probe && mi_is_in_heap_region(probe);
    free(probe);
    printf("malloc: mimalloc %d.%d.%d%s\n", v / 100, v / 10 % 10, v % 10,
           in_use ? "" : ", linked, NOT in use");
  }
#endif
  fflush(stdout);
}

/*
** The global `arg`: arg[0] is the script (or the interpreter when there is
** none), arg[1..] its arguments, negative indices the interpreter and its
** options.
*/
static void createargtable(lua_State *L, char **argv, int argc, int script) {
  int i, narg;
  if (script == argc) script = 0; /* no script name */
  narg = argc - (script + 1);
  lua_createtable(L, narg, script + 1);
  for (i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

static int dochunk(lua_State *L, int status) {
  if (status == LUA_OK) status = docall(L, 0, 0);
  return report(L, status);
}

static int dofile(lua_State *L, const char *name) {
  return dochunk(L, luaL_loadfile(L, name));
}

static int dostring(lua_State *L, const char *s, const char *name) {
  return dochunk(L, luaL_loadbuffer(L, s, strlen(s), name));
}

/* -l: global[g] = require(mod), for "mod" or "g=mod". */
static int dolibrary(lua_State *L, char *spec) {
  int status;
  char *eq = strchr(spec, '=');
  const char *mod = spec;
  if (eq != NULL) {
    *eq = '\0';
    mod = eq + 1;
  }
  lua_getglobal(L, "require");
  lua_pushstring(L, mod);
  status = docall(L, 1, 1);
  if (status == LUA_OK) lua_setglobal(L, spec);
  if (eq != NULL) *eq = '=';
  return report(L, status);
}

/* Push the script's arguments (arg[1..n]) and return n. */
static int pushargs(lua_State *L) {
  int i, n;
  if (lua_getglobal(L, "arg") != LUA_TTABLE)
    luaL_error(L, "'arg' is not a table");
  n = (int)luaL_len(L, -1);
  luaL_checkstack(L, n + 3, "too many arguments to script");
  for (i = 1; i <= n; i++)
    lua_rawgeti(L, -i, i);
  lua_remove(L, -i);
  return n;
}

static int handle_script(lua_State *L, char **argv) {
  int status;
  const char *fname = argv[0];
  if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0)
    fname = NULL; /* stdin */
  status = luaL_loadfile(L, fname);
  if (status == LUA_OK) {
    int n = pushargs(L);
    status = docall(L, n, LUA_MULTRET);
  }
  return report(L, status);
}

/* Bits of what collectargs found. */
#define has_error 1 /* bad option */
#define has_i 2     /* -i */
#define has_v 4     /* -v */
#define has_e 8     /* -e */
#define has_E 16    /* -E */
#define has_help 32 /* --help */

/*
** Scan the options without running anything.  Returns the bits above;
** *first gets the index of the script (argc if none), or of the bad
** option when has_error is set.
*/
static int collectargs(char **argv, int *first) {
  int args = 0, i = 0;
  if (argv[0] != NULL) {
    for (i = 1; argv[i] != NULL; i++) {
      *first = i;
      if (argv[i][0] != '-') return args; /* the script */
      switch (argv[i][1]) {
      case '-':
        if (strcmp(argv[i], "--help") == 0) return args | has_help;
        if (argv[i][2] != '\0') return has_error;
        *first = i + 1;
        return args;
      case '\0':
        return args; /* '-': stdin as the script */
      case 'E':
        if (argv[i][2] != '\0') return has_error;
        args |= has_E;
        break;
      case 'W':
        if (argv[i][2] != '\0') return has_error;
        break;
      case 'i':
        args |= has_i; /* -i implies -v */ /* FALLTHROUGH */
      case 'v':
        if (argv[i][2] != '\0') return has_error;
        args |= has_v;
        break;
      case 'e':
        args |= has_e; /* FALLTHROUGH */
      case 'l':
        if (argv[i][2] == '\0') {
          i++;
          if (argv[i] == NULL || argv[i][0] == '-') return has_error;
        }
        break;
      default:
        return has_error;
      }
    }
  }
  *first = i;
  return args;
}

/* Run -e, -l and -W in order, up to the script at index n. */
static int runargs(lua_State *L, char **argv, int n) {
  int i;
  for (i = 1; i < n; i++) {
    int option = argv[i][1];
    switch (option) {
    case 'e':
    case 'l': {
      int status;
      char *extra = argv[i] + 2;
      if (*extra == '\0') extra = argv[++i];
      status = option == 'e' ? dostring(L, extra, "=(command line)")
                             : dolibrary(L, extra);
      if (status != LUA_OK) return 0;
      break;
    }
    case 'W':
      lua_warning(L, "@on", 0);
      break;
    default:
      break;
    }
  }
  return 1;
}

/* LUA_INIT_5_4, else LUA_INIT: "@file" runs a file, else a chunk. */
static int handle_luainit(lua_State *L) {
  const char *name = "=" LUA_INITVARVERSION;
  const char *init = getenv(name + 1);
  if (init == NULL) {
    name = "=" LUA_INIT_VAR;
    init = getenv(name + 1);
  }
  if (init == NULL) return LUA_OK;
  if (init[0] == '@') return dofile(L, init + 1);
  return dostring(L, init, name);
}

/* ---- the REPL ---- */

#if defined(NL_USE_READLINE)
static int readline_line(char *buf, char **line, const char *prompt) {
  (void)buf;
  *line = readline(prompt);
  return *line != NULL;
}
/* The REPL's history file (doREPL), or NULL: each line is added to it as
** it is entered, so a session left by os.exit() keeps its lines too. */
static const char *history_path;
static void saveline(const char *line) {
  add_history(line);
  if (!history_path) return;
  if (access(history_path, F_OK) != 0) write_history(history_path);
  else append_history(1, history_path);
}
/* The history file of an interactive REPL: $NEWSLUA_HISTORY, else
** ~/.newslua_history; none under -E or without a terminal. */
static const char *history_file(lua_State *L, char *buf, size_t cap) {
  const char *p, *home;
  if (!isatty(0)) return NULL;
  lua_getfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
  if (lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    return NULL;
  }
  lua_pop(L, 1);
  if ((p = getenv("NEWSLUA_HISTORY")) != NULL) return *p ? p : NULL;
  if (!(home = getenv("HOME")) || !*home) return NULL;
  snprintf(buf, cap, "%s/.newslua_history", home);
  return buf;
}
/* Read the earlier sessions' lines (the file cut to its last 1000) and
** make `path` the file saveline adds to. */
static void history_load(const char *path) {
  history_path = path;
  if (!path) return;
  using_history();
  history_truncate_file(path, 1000);
  read_history(path);
}
/* The session is over: its lines are in the file; keep the last 1000. */
static void history_save(void) {
  if (history_path) history_truncate_file(history_path, 1000);
  history_path = NULL;
}
static void freeline(char *buf, char *line) {
  (void)buf;
  free(line);
}
#else
static int readline_line(char *buf, char **line, const char *prompt) {
  fputs(prompt, stdout);
  fflush(stdout);
  *line = buf;
  return fgets(buf, MAXINPUT, stdin) != NULL;
}
static void saveline(const char *line) {
  (void)line;
}
static const char *history_file(lua_State *L, char *buf, size_t cap) {
  (void)L, (void)buf, (void)cap;
  return NULL;
}
static void history_load(const char *path) {
  (void)path;
}
static void history_save(void) {}
static void freeline(char *buf, char *line) {
  (void)buf;
  (void)line;
}
#endif

/* The prompt: global _PROMPT/_PROMPT2 if set, else the defaults. */
static const char *get_prompt(lua_State *L, int firstline) {
  if (lua_getglobal(L, firstline ? "_PROMPT" : "_PROMPT2") == LUA_TNIL)
    return firstline ? PROMPT : PROMPT2;
  return luaL_tolstring(L, -1, NULL);
}

/* Is the syntax error on top an unfinished chunk (ends at <eof>)? */
static int incomplete(lua_State *L, int status) {
  if (status == LUA_ERRSYNTAX) {
    size_t lmsg;
    const char *msg = lua_tolstring(L, -1, &lmsg);
    if (lmsg >= MARKLEN && strcmp(msg + lmsg - MARKLEN, EOFMARK) == 0) {
      lua_pop(L, 1);
      return 1;
    }
  }
  return 0;
}

/* Read one line and push it (without its newline); 0 at end of input. */
static int pushline(lua_State *L, int firstline) {
  char buffer[MAXINPUT];
  char *b;
  size_t l;
  const char *prmt = get_prompt(L, firstline);
  int readstatus = readline_line(buffer, &b, prmt);
  lua_pop(L, 1); /* the prompt (or the global's value) */
  if (readstatus == 0) return 0;
  l = strlen(b);
  if (l > 0 && b[l - 1] == '\n') b[--l] = '\0';
  if (firstline && b[0] == '=')
    lua_pushfstring(L, "return %s", b + 1);
  else
    lua_pushlstring(L, b, l);
  freeline(buffer, b);
  return 1;
}

/* Try "return <line>" so expressions print their value. */
static int addreturn(lua_State *L) {
  const char *line = lua_tostring(L, -1);
  const char *retline = lua_pushfstring(L, "return %s;", line);
  int status = luaL_loadbuffer(L, retline, strlen(retline), "=stdin");
  if (status == LUA_OK) {
    lua_remove(L, -2);
    if (line[0] != '\0') saveline(line);
  } else {
    lua_pop(L, 2);
  }
  return status;
}

/* Read more lines while the chunk is incomplete. */
static int multiline(lua_State *L) {
  for (;;) {
    size_t len;
    const char *line = lua_tolstring(L, 1, &len);
    int status = luaL_loadbuffer(L, line, len, "=stdin");
    if (!incomplete(L, status) || !pushline(L, 0)) {
      saveline(line);
      return status;
    }
    lua_pushliteral(L, "\n");
    lua_insert(L, -2);
    lua_concat(L, 3);
  }
}

/* Read and compile one statement; -1 at end of input. */
static int loadline(lua_State *L) {
  int status;
  lua_settop(L, 0);
  if (!pushline(L, 1)) return -1;
  if ((status = addreturn(L)) != LUA_OK) status = multiline(L);
  lua_remove(L, 1);
  return status;
}

/*
** The REPL shows results for a person: a newslua iterator (the 4 values
** next, cursor, nil, cursor that corpus:search() and friends return) is
** drained into a numbered list of its first rows, a table prints its
** fields one level deep, anything else goes through the global print.
** Pretty printing is Lua's business, so it is a Lua chunk.
*/
static const char repl_show_head[] =
    "local color = ...\n"
    "return (function(...)\n"
    "local n = select('#', ...)\n"
    "local f, c = ...\n"
    "local function len(s) return utf8.len(s) or #s end -- characters\n"
    "local function pad(s, w)\n"
    "  s = tostring(s)\n"
    "  return s .. (' '):rep(w - len(s))\n"
    "end\n"
    "local function nkeys(t)\n"
    "  local k = 0; for _ in pairs(t) do k = k + 1 end\n"
    "  return k\n"
    "end\n"
    "local function short(v)\n"
    "  if type(v) == 'string' then\n"
    "    v = v:gsub('%s+', ' ')\n"
    "    if len(v) > 100 then -- 97 characters (bytes if not UTF-8)\n"
    "      v = v:sub(1, (utf8.len(v) and utf8.offset(v, 98) or 98) - 1) .. '...'\n"
    "    end\n"
    "    return string.format('%q', v)\n"
    "  elseif type(v) == 'table' then\n"
    "    return '{...' .. nkeys(v) .. ' fields}'\n"
    "  end\n"
    "  return tostring(v)\n"
    "end\n"
    "local function fields(t)\n"
    "  local parts = {}\n"
    "  for k, v in pairs(t) do parts[#parts + 1] = tostring(k) .. '=' .. short(v) end\n"
    "  table.sort(parts)\n"
    "  return '{' .. table.concat(parts, ', ') .. '}'\n"
    "end\n"
    ;
/* (two parts: a C string literal past 4,095 bytes is beyond C99's limit) */
static const char repl_show_rows[] =
    "local function row(t)\n"
    "  local a = t.article\n"
    "  if type(a) == 'table' then a = a.id end\n"
    "  if t.snippet then\n"
    "    local s = t.snippet:gsub('%s+', ' ')\n"
    "    if color then s = s:gsub('%[([^%]]*)%]', '\\27[1;33m%1\\27[0m') end\n"
    "    local parts = {}\n"
    "    local title = t.title or ''\n"
    "    if t.source and t.source ~= '' then\n"
    "      title = title ~= '' and (title .. ' (' .. t.source .. ')') or t.source\n"
    "    end\n"
    "    local day = type(t.published) == 'string' and t.published:sub(1, 10) or ''\n"
    "    for _, p in ipairs({ a or '', day, title, s }) do\n"
    "      if p ~= '' then parts[#parts + 1] = p end\n"
    "    end\n"
    "    return table.concat(parts, '  ')\n"
    "  elseif t.value and (t.expression or t.text) then\n"
    "    local src = type(t.article) == 'table' and t.article.source\n"
    "    return string.format('%s %s %s%s', pad(t.value, 12),\n"
    "      pad(short(t.expression or t.text), 20), a or t.type or '',\n"
    "      src and (' (' .. src .. ')') or '')\n"
    "  elseif math.type(t.articles) == 'integer' and\n"
    "     type(t.source or t.outlet or '') == 'string' and\n"
    "     nkeys(t) == ((t.source or t.outlet) and 2 or 1) then -- sources(), outlets()\n"
    "    return string.format('%s  %d article%s', t.source or t.outlet or '(no source)',\n"
    "      t.articles, t.articles == 1 and '' or 's')\n"
    "  elseif t.id and (t.title or t.body) then\n"
    "    local head = t.title or short(t.body)\n"
    "    return string.format('%s  %s  %s', t.id, t.published or '-', head)\n"
    "  end\n"
    "  return fields(t)\n"
    "end\n"
    "if n == 4 and type(f) == 'function' and select(4, ...) == c\n"
    "   and tostring(c):find('^newslua%.cursor') then\n"
    /* the listing's global `more` (defined here, so its source is
    ** "=repl"; a `more` of the user's own is left alone) shows the next
    ** 20 rows of the last listing cut short; a new listing closes the
    ** cursor the old one kept */
    "  local prev = rawget(_G, 'more')\n"
    "  local info = type(debug) == 'table' and debug.getinfo -- (unless removed)\n"
    "  local ours = prev == nil or (type(prev) == 'function' and info\n"
    "    and info(prev, 'S').source == '=repl')\n"
    "  if ours and prev then prev(false) end\n"
    "  local i, r = c:offset(), f(c) -- numbered as the filter's rows\n"
    "  local function page()\n"
    "    local k = 0\n"
    "    while r ~= nil and k < 20 do\n"
    "      local x = r\n"
    "      i, k, r = i + 1, k + 1, nil -- (nil if f raises: the cursor is done)\n"
    "      print(string.format('%3d. %s', i, type(x) == 'table' and row(x) or tostring(x)))\n"
    "      r = f(c)\n"
    "    end\n"
    "    if r == nil then c:close() end\n"
    "    return r ~= nil, k\n"
    "  end\n"
    "  if r == nil then print('(no rows)') c:close() return end\n"
    "  if not page() then return end\n"
    "  if not ours then print('  ... (more rows: iterate to see all)') c:close() return end\n"
    "  print('  ... (more rows: more() shows the next 20)')\n"
    "  _G.more = function(go)\n"
    "    if go == false then c:close() r = nil return end\n"
    "    if r == nil then print('(no more rows)') return end\n"
    "    local more, k = page()\n"
    "    if more then print('  ... (more rows: more() shows the next 20)')\n"
    "    elseif k == 0 then print('(no more rows)') end\n"
    "  end\n"
    "  return\n"
    "end\n"
    "local plain = true -- no table to lay out: one line, as lua.c\n"
    "for i = 1, n do\n"
    "  local v = select(i, ...)\n"
    "  if type(v) == 'table' and not getmetatable(v) then plain = false end\n"
    "end\n"
    "if plain then print(...) return end\n"
    "for i = 1, n do\n"
    "  local v = select(i, ...)\n"
    "  if type(v) == 'table' and not getmetatable(v) then\n"
    "    local len = #v\n"
    "    if len > 0 then\n"
    "      for j = 1, math.min(len, 20) do\n"
    "        print(string.format('%3d. %s', j, type(v[j]) == 'table' and row(v[j]) or short(v[j])))\n"
    "      end\n"
    "      if len > 20 then print(string.format('  ... (%d items)', len)) end\n"
    "      local rest = {}\n"
    "      for k, x in pairs(v) do\n"
    "        if math.type(k) ~= 'integer' or k < 1 or k > len then rest[k] = x end\n"
    "      end\n"
    "      if next(rest) then print('     ' .. fields(rest)) end\n"
    "    else\n"
    "      print(row(v))\n"
    "    end\n"
    "  else\n"
    "    print(v)\n"
    "  end\n"
    "end\n"
    "end)(select(2, ...))\n";

/* Matches in colour: stdout is a terminal that has colours, and NO_COLOR
** (no-color.org) is unset or empty. */
static int want_color(void) {
  const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
  return isatty(fileno(stdout)) && !(no && no[0]) && term &&
         strcmp(term, "dumb") != 0;
}

/* lua_Reader of repl_show_head, then repl_show_rows (*ud counts). */
static const char *repl_show_reader(lua_State *L, void *ud, size_t *size) {
  int *part = ud;
  (void)L;
  switch ((*part)++) {
  case 0:
    *size = sizeof repl_show_head - 1;
    return repl_show_head;
  case 1:
    *size = sizeof repl_show_rows - 1;
    return repl_show_rows;
  default:
    return NULL;
  }
}

/* Show the values left on the stack (see repl_show_head). */
static void l_print(lua_State *L) {
  int n = lua_gettop(L);
  if (n > 0) {
    luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
    if (lua_load(L, repl_show_reader, &(int){0}, "=repl", "t") != LUA_OK) {
      l_message(progname, lua_tostring(L, -1));
      lua_settop(L, 0);
      return;
    }
    lua_insert(L, 1);
    lua_pushboolean(L, want_color());
    lua_insert(L, 2);
    if (lua_pcall(L, n + 1, 0, 0) != LUA_OK)
      l_message(progname, lua_pushfstring(L, "error calling 'print' (%s)",
                                          lua_tostring(L, -1)));
  }
}

/* The REPL's global `newslua` (scripts have none: they `require` it, so
** that they run under stock lua5.4 too), unless the name is taken (-l,
** a script).  A failed require is reported and the REPL goes on.  Also
** its `more` (unless taken), which says "(no more rows)" until a listing
** is cut short. */
static void repl_global(lua_State *L) {
  static const char no_more[] = /* until a listing is cut short (repl_show_rows) */
      "if rawget(_G, 'more') == nil then\n"
      "  more = function(go) if go ~= false then print('(no more rows)') end end\n"
      "end\n";
  if (luaL_loadbuffer(L, no_more, sizeof no_more - 1, "=repl") == LUA_OK)
    report(L, docall(L, 0, 0));
  else
    lua_pop(L, 1);
  if (lua_getglobal(L, "newslua") != LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  lua_pop(L, 1);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "newslua");
  if (report(L, docall(L, 1, 1)) == LUA_OK) lua_setglobal(L, "newslua");
}

static void doREPL(lua_State *L) {
  int status;
  const char *oldprogname = progname;
  char hbuf[4096];
  history_load(history_file(L, hbuf, sizeof hbuf));
  progname = NULL; /* no program name on REPL errors */
  repl_global(L);
  while ((status = loadline(L)) != -1) {
    if (status == LUA_OK) status = docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK)
      l_print(L);
    else
      report(L, status);
  }
  history_save();
  lua_settop(L, 0);
  fputs("\n", stdout);
  fflush(stdout);
  progname = oldprogname;
}

/* ---- main ---- */

/* Make `require "newslua"` work without a global (linit.c's recipe). */
static void preload(lua_State *L) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_newslua);
  lua_setfield(L, -2, "newslua");
  lua_pop(L, 1);
}

/* Everything runs here, in protected mode; returns true on success. */
static int pmain(lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = (char **)lua_touserdata(L, 2);
  int script = 0;
  int args = collectargs(argv, &script);
  luaL_checkversion(L);
  if (args == has_error) {
    print_usage(argv[script], stderr);
    return 0;
  }
  if (args & has_help) {
    print_usage(NULL, stdout);
    lua_pushboolean(L, 1);
    return 1;
  }
  if (args & has_v) print_version();
  if (args & has_E) {
    lua_pushboolean(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, "LUA_NOENV");
  }
  luaL_openlibs(L);
  preload(L);
  createargtable(L, argv, argc, script);
  lua_gc(L, LUA_GCGEN, 0, 0);
  if (!(args & has_E) && handle_luainit(L) != LUA_OK) return 0;
  if (!runargs(L, argv, script)) return 0;
  if (script < argc && handle_script(L, argv + script) != LUA_OK) return 0;
  if (args & has_i)
    doREPL(L);
  else if (script == argc && !(args & (has_e | has_v))) {
    if (isatty(0)) {
      print_version();
      doREPL(L);
    } else {
      dofile(L, NULL); /* run stdin as a file */
    }
  }
  lua_pushboolean(L, 1);
  return 1;
}

int main(int argc, char **argv) {
  int status, result;
  lua_State *L;
  nl_process_init(); /* before SQLite's first use: we own the process */
  L = luaL_newstate();
  if (L == NULL) {
    l_message(argv[0], "cannot create state: not enough memory");
    return EXIT_FAILURE;
  }
  lua_pushcfunction(L, &pmain);
  lua_pushinteger(L, argc);
  lua_pushlightuserdata(L, argv);
  status = lua_pcall(L, 2, 1, 0);
  result = lua_toboolean(L, -1);
  report(L, status);
  lua_close(L);
  return (result && status == LUA_OK) ? EXIT_SUCCESS : EXIT_FAILURE;
}
