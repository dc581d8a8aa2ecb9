/*
** nl_json.c -- strict JSON pull parser and JSON string writer.
**
** The parser is a small state machine over the input bytes with a stack
** of open containers ('{' or '[').  Strings are unescaped into one reused
** buffer; numbers are validated against the RFC 8259 grammar and their
** lexeme kept.  No recursion, so depth is bounded only by max_depth.
*/
#include "newslua/nl_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_utf8.h"
#include "nl_alloc.h"

typedef enum {
  ST_VALUE,       /* a value must come (top level, after ':' or ',') */
  ST_ARRAY_FIRST, /* after '[': a value or ']' */
  ST_OBJ_FIRST,   /* after '{': a key or '}' */
  ST_KEY,         /* after ',' in an object: a key */
  ST_AFTER,       /* after a value: ',' or the closer (or the end) */
  ST_END,         /* the input is finished */
  ST_ERROR
} state;

struct nl_json {
  const char *s;
  size_t n, i;
  size_t tok;  /* offset of the last event */
  char *stack; /* open containers */
  size_t depth, max_depth;
  state st;
  int multiple, lenient;
  nl_status error; /* sticky error */
  nl_buf text;     /* last key/string (unescaped) or number lexeme */
  int text_is_number;
};

static int is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_ws(nl_json *p) {
  while (p->i < p->n && is_ws(p->s[p->i]))
    p->i++;
}

static nl_status fail(nl_json *p, nl_error *err, nl_status code,
                      const char *what, size_t at) {
  p->st = ST_ERROR;
  p->error = code;
  p->tok = at;
  return nl_error_set(err, code, "json: %s at byte %zu", what, at);
}

nl_status nl_json_new(const char *data, size_t len, const nl_json_opts *opts,
                      nl_json **out, nl_error *err) {
  nl_json *p = nl_calloc(1, sizeof *p);
  *out = NULL;
  if (!p) return nl_error_set(err, NL_ENOMEM, "json: out of memory");
  p->s = data ? data : "";
  p->n = data ? len : 0;
  p->max_depth = opts && opts->max_depth ? opts->max_depth : 512;
  p->multiple = opts ? opts->multiple : 0;
  p->lenient = opts ? opts->lenient_utf8 : 0;
  p->stack = nl_malloc(p->max_depth > 64 ? 64 : p->max_depth);
  if (!p->stack) {
    nl_free(p);
    return nl_error_set(err, NL_ENOMEM, "json: out of memory");
  }
  p->st = ST_VALUE;
  *out = p;
  return NL_OK;
}

void nl_json_free(nl_json *p) {
  if (!p) return;
  nl_buf_free(&p->text);
  nl_free(p->stack);
  nl_free(p);
}

static size_t stack_cap(size_t depth) {
  size_t c = 64;
  while (c < depth)
    c *= 2;
  return c;
}

static nl_status push(nl_json *p, char c, nl_error *err) {
  if (p->depth >= p->max_depth)
    return fail(p, err, NL_ELIMIT, "nesting deeper than the limit", p->tok);
  if (p->depth + 1 > 64 && stack_cap(p->depth + 1) > stack_cap(p->depth)) {
    char *ns = nl_realloc(p->stack, stack_cap(p->depth + 1));
    if (!ns) return fail(p, err, NL_ENOMEM, "out of memory", p->i);
    p->stack = ns;
  }
  p->stack[p->depth++] = c;
  return NL_OK;
}

static int hex4(const char *s, unsigned *v) {
  int k;
  *v = 0;
  for (k = 0; k < 4; k++) {
    char c = s[k];
    *v <<= 4;
    if (c >= '0' && c <= '9')
      *v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      *v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      *v |= (unsigned)(c - 'A' + 10);
    else
      return 0;
  }
  return 1;
}

/* One escape after '\\' at p->i; appends to p->text. */
static nl_status escape(nl_json *p, nl_error *err) {
  size_t at = p->i - 1;
  unsigned cp, lo;
  char c;
  if (p->i >= p->n) return fail(p, err, NL_EPARSE, "unterminated string", at);
  c = p->s[p->i++];
  switch (c) {
  case '"':
    nl_buf_putc(&p->text, '"');
    return NL_OK;
  case '\\':
    nl_buf_putc(&p->text, '\\');
    return NL_OK;
  case '/':
    nl_buf_putc(&p->text, '/');
    return NL_OK;
  case 'b':
    nl_buf_putc(&p->text, '\b');
    return NL_OK;
  case 'f':
    nl_buf_putc(&p->text, '\f');
    return NL_OK;
  case 'n':
    nl_buf_putc(&p->text, '\n');
    return NL_OK;
  case 'r':
    nl_buf_putc(&p->text, '\r');
    return NL_OK;
  case 't':
    nl_buf_putc(&p->text, '\t');
    return NL_OK;
  case 'u':
    break;
  default:
    return fail(p, err, NL_EPARSE, "invalid escape", at);
  }
  if (p->n - p->i < 4 || !hex4(p->s + p->i, &cp))
    return fail(p, err, NL_EPARSE, "invalid \\u escape", at);
  p->i += 4;
  /* a lone surrogate (Python's json.dumps writes them): U+FFFD when
  ** lenient, as invalid UTF-8 is passed on to be repaired */
  if (cp >= 0xDC00 && cp <= 0xDFFF) {
    if (!p->lenient) return fail(p, err, NL_EPARSE, "lone low surrogate", at);
    cp = 0xFFFD;
  }
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u' ||
        !hex4(p->s + p->i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
      if (!p->lenient)
        return fail(p, err, NL_EPARSE, "lone high surrogate", at);
      nl_buf_put_utf8(&p->text, 0xFFFD);
      return NL_OK;
    }
    p->i += 6;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
  }
  nl_buf_put_utf8(&p->text, cp);
  return NL_OK;
}

/* A string starting at the '"' at p->i, unescaped into p->text. */
static nl_status string(nl_json *p, nl_error *err) {
  size_t start = p->i++;
  nl_buf_truncate(&p->text, 0);
  nl_buf_reserve(&p->text, 0);
  p->text_is_number = 0;
  for (;;) {
    size_t run = p->i;
    unsigned char c;
    while (p->i < p->n) {
      c = (unsigned char)p->s[p->i];
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      p->i++;
    }
    nl_buf_append(&p->text, p->s + run, p->i - run);
    if (p->i >= p->n)
      return fail(p, err, NL_EPARSE, "unterminated string", start);
    c = (unsigned char)p->s[p->i];
    if (c == '"') {
      p->i++;
      break;
    }
    if (c == '\\') {
      nl_status rc;
      p->i++;
      if ((rc = escape(p, err)) != NL_OK) return rc;
    } else if (c < 0x20) {
      return fail(p, err, NL_EPARSE, "control character in string", p->i);
    } else {
      unsigned cp;
      int k = nl_utf8_decode(p->s + p->i, p->n - p->i, &cp);
      if (k == 0) {
        if (!p->lenient)
          return fail(p, err, NL_EPARSE, "invalid UTF-8 in string", p->i);
        k = 1;
      }
      nl_buf_append(&p->text, p->s + p->i, (size_t)k);
      p->i += (size_t)k;
    }
  }
  if (!nl_buf_ok(&p->text))
    return fail(p, err, NL_ENOMEM, "out of memory", start);
  return NL_OK;
}

static int digit(const nl_json *p, size_t i) {
  return i < p->n && p->s[i] >= '0' && p->s[i] <= '9';
}

static nl_status number(nl_json *p, nl_error *err) {
  size_t start = p->i, i = p->i;
  if (i < p->n && p->s[i] == '-') i++;
  if (!digit(p, i)) return fail(p, err, NL_EPARSE, "invalid number", start);
  if (p->s[i] == '0') {
    i++;
    if (digit(p, i)) return fail(p, err, NL_EPARSE, "leading zero", start);
  } else {
    while (digit(p, i))
      i++;
  }
  if (i < p->n && p->s[i] == '.') {
    i++;
    if (!digit(p, i)) return fail(p, err, NL_EPARSE, "invalid number", start);
    while (digit(p, i))
      i++;
  }
  if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
    i++;
    if (i < p->n && (p->s[i] == '+' || p->s[i] == '-')) i++;
    if (!digit(p, i)) return fail(p, err, NL_EPARSE, "invalid number", start);
    while (digit(p, i))
      i++;
  }
  p->i = i;
  nl_buf_truncate(&p->text, 0);
  nl_buf_append(&p->text, p->s + start, i - start);
  p->text_is_number = 1;
  if (!nl_buf_ok(&p->text))
    return fail(p, err, NL_ENOMEM, "out of memory", start);
  return NL_OK;
}

static nl_status literal(nl_json *p, const char *word, nl_error *err) {
  size_t k = strlen(word);
  if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
    return fail(p, err, NL_EPARSE, "unexpected character", p->i);
  p->i += k;
  return NL_OK;
}

/* A value starts at p->i (whitespace skipped). */
static nl_status value(nl_json *p, nl_json_event *ev, nl_error *err) {
  nl_status rc = NL_OK;
  char c = p->s[p->i];
  p->tok = p->i;
  p->st = ST_AFTER;
  switch (c) {
  case '{':
    p->i++;
    *ev = NL_JSON_OBJECT_START;
    if ((rc = push(p, '{', err)) == NL_OK) p->st = ST_OBJ_FIRST;
    return rc;
  case '[':
    p->i++;
    *ev = NL_JSON_ARRAY_START;
    if ((rc = push(p, '[', err)) == NL_OK) p->st = ST_ARRAY_FIRST;
    return rc;
  case '"':
    *ev = NL_JSON_STRING;
    return string(p, err);
  case 't':
    *ev = NL_JSON_TRUE;
    return literal(p, "true", err);
  case 'f':
    *ev = NL_JSON_FALSE;
    return literal(p, "false", err);
  case 'n':
    *ev = NL_JSON_NULL;
    return literal(p, "null", err);
  default:
    if (c == '-' || (c >= '0' && c <= '9')) {
      *ev = NL_JSON_NUMBER;
      return number(p, err);
    }
    return fail(p, err, NL_EPARSE, "unexpected character", p->i);
  }
}

/* A key at p->i, then ':'. */
static nl_status key(nl_json *p, nl_json_event *ev, nl_error *err) {
  nl_status rc;
  p->tok = p->i;
  if (p->s[p->i] != '"')
    return fail(p, err, NL_EPARSE, "expected a string key", p->i);
  if ((rc = string(p, err)) != NL_OK) return rc;
  skip_ws(p);
  if (p->i >= p->n || p->s[p->i] != ':')
    return fail(p, err, NL_EPARSE, "expected ':'", p->i);
  p->i++;
  p->st = ST_VALUE;
  *ev = NL_JSON_KEY;
  return NL_OK;
}

static nl_status close_container(nl_json *p, char c, nl_json_event *ev,
                                 nl_error *err) {
  char want = c == '}' ? '{' : '[';
  if (!p->depth || p->stack[p->depth - 1] != want)
    return fail(p, err, NL_EPARSE, "mismatched bracket", p->i);
  p->tok = p->i++;
  p->depth--;
  p->st = ST_AFTER;
  *ev = c == '}' ? NL_JSON_OBJECT_END : NL_JSON_ARRAY_END;
  return NL_OK;
}

nl_status nl_json_next(nl_json *p, nl_json_event *ev, nl_error *err) {
  char c;
  if (p->st == ST_ERROR)
    return nl_error_set(err, p->error, "json: parser already failed");
  for (;;) {
    skip_ws(p);
    if (p->st == ST_AFTER && p->depth == 0)
      p->st = p->multiple ? ST_VALUE : ST_END;
    if (p->st == ST_END) {
      if (p->i < p->n)
        return fail(p, err, NL_EPARSE, "trailing data after the value", p->i);
      return NL_DONE;
    }
    if (p->i >= p->n) {
      if (p->st == ST_VALUE && p->depth == 0) {
        p->st = ST_END;
        return NL_DONE;
      }
      return fail(p, err, NL_EPARSE, "unexpected end of input", p->i);
    }
    c = p->s[p->i];
    switch (p->st) {
    case ST_VALUE:
      return value(p, ev, err);
    case ST_ARRAY_FIRST:
      if (c == ']') return close_container(p, c, ev, err);
      return value(p, ev, err);
    case ST_OBJ_FIRST:
      if (c == '}') return close_container(p, c, ev, err);
      return key(p, ev, err);
    case ST_KEY:
      return key(p, ev, err);
    case ST_AFTER:
      if (c == '}' || c == ']') return close_container(p, c, ev, err);
      if (c != ',')
        return fail(p, err, NL_EPARSE, "expected ',' or a closing bracket",
                    p->i);
      p->i++;
      p->st = p->stack[p->depth - 1] == '{' ? ST_KEY : ST_VALUE;
      skip_ws(p);
      if (p->i < p->n && (p->s[p->i] == '}' || p->s[p->i] == ']'))
        return fail(p, err, NL_EPARSE, "trailing comma", p->i);
      continue;
    default:
      return fail(p, err, NL_EPARSE, "bad parser state", p->i);
    }
  }
}

const char *nl_json_text(const nl_json *p, size_t *len) {
  if (len) *len = p->text.len;
  return p->text.data ? p->text.data : "";
}

int nl_json_number(const nl_json *p, double *d, long long *i) {
  const char *t = nl_json_text(p, NULL);
  char *end;
  int integral = p->text_is_number && !strpbrk(t, ".eE");
  if (d) *d = strtod(t, &end);
  if (integral) {
    long long v;
    errno = 0;
    v = strtoll(t, &end, 10);
    if (errno == ERANGE) return 0;
    if (i) *i = v;
    return 1;
  }
  return 0;
}

nl_status nl_json_skip(nl_json *p, nl_json_event ev, nl_error *err) {
  size_t depth;
  nl_status rc;
  if (ev != NL_JSON_OBJECT_START && ev != NL_JSON_ARRAY_START) return NL_OK;
  depth = p->depth - 1;
  while ((rc = nl_json_next(p, &ev, err)) == NL_OK)
    if ((ev == NL_JSON_OBJECT_END || ev == NL_JSON_ARRAY_END) &&
        p->depth == depth)
      return NL_OK;
  if (rc == NL_DONE)
    return fail(p, err, NL_EPARSE, "unexpected end of input", p->i);
  return rc;
}

size_t nl_json_offset(const nl_json *p) {
  return p->tok;
}

size_t nl_json_depth(const nl_json *p) {
  return p->depth;
}

void nl_json_write_string(nl_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t i = 0;
  nl_buf_putc(b, '"');
  while (i < n) {
    size_t run = i;
    unsigned cp;
    int k;
    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80 &&
           s[i] != '"' && s[i] != '\\')
      i++;
    nl_buf_append(b, s + run, i - run);
    if (i >= n) break;
    if ((unsigned char)s[i] < 0x80) {
      char c = s[i++], e[6] = {'\\', 'u', '0', '0', 0, 0};
      switch (c) {
      case '"':
        nl_buf_append(b, "\\\"", 2);
        break;
      case '\\':
        nl_buf_append(b, "\\\\", 2);
        break;
      case '\n':
        nl_buf_append(b, "\\n", 2);
        break;
      case '\t':
        nl_buf_append(b, "\\t", 2);
        break;
      case '\r':
        nl_buf_append(b, "\\r", 2);
        break;
      case '\b':
        nl_buf_append(b, "\\b", 2);
        break;
      case '\f':
        nl_buf_append(b, "\\f", 2);
        break;
      default:
        e[4] = hex[((unsigned char)c >> 4) & 0xF];
        e[5] = hex[(unsigned char)c & 0xF];
        nl_buf_append(b, e, 6);
      }
      continue;
    }
    k = nl_utf8_decode(s + i, n - i, &cp);
    if (k == 0) {
      nl_buf_append(b, "\xEF\xBF\xBD", 3);
      i++;
    } else if (cp == 0x2028 || cp == 0x2029) {
      nl_buf_append(b, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
      i += (size_t)k;
    } else {
      nl_buf_append(b, s + i, (size_t)k);
      i += (size_t)k;
    }
  }
  nl_buf_putc(b, '"');
}
