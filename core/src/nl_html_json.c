/*
** nl_html_json.c -- a small JSON reader for the HTML loader's JSON-LD
** blocks: builds a tree (objects keep member order), depth-limited,
** strings unescaped to UTF-8 (surrogate pairs joined).  Numbers, booleans
** and null are recognised but not converted: JSON-LD fields we read are
** strings.
*/
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_html_internal.h"

typedef struct jp {
  const char *p, *end;
  int oom;
} jp;

/* See nl_html_internal.h. */
void nl_hjson_free(nl_hjson *v) {
  while (v) {
    nl_hjson *next = v->next;
    nl_hjson_free(v->kids);
    nl_free(v->key);
    nl_free(v->s);
    nl_free(v);
    v = next;
  }
}

static void jws(jp *j) {
  while (j->p < j->end &&
         (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
    j->p++;
}

static int hex4(const char *p, const char *end, unsigned *out) {
  unsigned v = 0;
  int i;
  if (end - p < 4) return 0;
  for (i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= (unsigned)(c - 'A' + 10);
    else
      return 0;
  }
  *out = v;
  return 1;
}

/* Parse a JSON string at j->p (on the quote); NULL on error. */
static char *jstr(jp *j) {
  nl_buf b = NL_BUF_INIT;
  j->p++;
  while (j->p < j->end && *j->p != '"') {
    char c = *j->p++;
    unsigned u, lo;
    if (c != '\\') {
      nl_buf_putc(&b, c);
      continue;
    }
    if (j->p >= j->end) break;
    c = *j->p++;
    switch (c) {
    case 'n':
      nl_buf_putc(&b, '\n');
      break;
    case 't':
      nl_buf_putc(&b, '\t');
      break;
    case 'r':
      nl_buf_putc(&b, '\r');
      break;
    case 'b':
    case 'f':
      nl_buf_putc(&b, ' ');
      break;
    case 'u':
      if (!hex4(j->p, j->end, &u)) goto fail;
      j->p += 4;
      if (u >= 0xD800 && u < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
          j->p[1] == 'u' && hex4(j->p + 2, j->end, &lo) && lo >= 0xDC00 &&
          lo < 0xE000) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        j->p += 6;
      }
      nl_buf_put_utf8(&b, u);
      break;
    default:
      nl_buf_putc(&b, c);
      break;
    }
  }
  if (j->p >= j->end) goto fail;
  j->p++;
  nl_buf_putc(&b, '\0');
  if (!nl_buf_ok(&b)) {
    j->oom = 1;
    goto fail;
  }
  return nl_buf_detach(&b, NULL);
fail:
  nl_buf_free(&b);
  return NULL;
}

static nl_hjson *jvalue(jp *j, int depth);

static nl_hjson *jcontainer(jp *j, nl_hjson *v, int depth) {
  char close = *j->p == '{' ? '}' : ']';
  nl_hjson **tail = &v->kids;
  j->p++;
  jws(j);
  if (j->p < j->end && *j->p == close) {
    j->p++;
    return v;
  }
  for (;;) {
    char *key = NULL;
    nl_hjson *kid;
    jws(j);
    if (close == '}') {
      if (j->p >= j->end || *j->p != '"' || !(key = jstr(j))) break;
      jws(j);
      if (j->p >= j->end || *j->p != ':') {
        nl_free(key);
        break;
      }
      j->p++;
    }
    kid = jvalue(j, depth + 1);
    if (!kid) {
      nl_free(key);
      break;
    }
    kid->key = key;
    *tail = kid;
    tail = &kid->next;
    jws(j);
    if (j->p < j->end && *j->p == ',') {
      j->p++;
      continue;
    }
    if (j->p < j->end && *j->p == close) {
      j->p++;
      return v;
    }
    break;
  }
  nl_hjson_free(v);
  return NULL;
}

static nl_hjson *jvalue(jp *j, int depth) {
  nl_hjson *v;
  jws(j);
  if (j->p >= j->end || depth > NL_HJSON_DEPTH) return NULL;
  v = nl_calloc(1, sizeof *v);
  if (!v) {
    j->oom = 1;
    return NULL;
  }
  switch (*j->p) {
  case '{':
    v->type = NL_HJ_OBJ;
    return jcontainer(j, v, depth);
  case '[':
    v->type = NL_HJ_ARR;
    return jcontainer(j, v, depth);
  case '"':
    v->type = NL_HJ_STR;
    if ((v->s = jstr(j)) != NULL) return v;
    break;
  default:
    /* number, true, false, null: skip the token */
    v->type = *j->p == 'n'                     ? NL_HJ_NULL
              : (*j->p == 't' || *j->p == 'f') ? NL_HJ_BOOL
                                               : NL_HJ_NUM;
    while (j->p < j->end && *j->p != ',' && *j->p != '}' && *j->p != ']' &&
           *j->p != ' ' && *j->p != '\n' && *j->p != '\r' && *j->p != '\t')
      j->p++;
    return v;
  }
  nl_free(v);
  return NULL;
}

/* See nl_html_internal.h. */
const nl_hjson *nl_hjson_get(const nl_hjson *o, const char *key) {
  const nl_hjson *k;
  if (!o || o->type != NL_HJ_OBJ) return NULL;
  for (k = o->kids; k; k = k->next)
    if (k->key && strcmp(k->key, key) == 0) return k;
  return NULL;
}

/* See nl_html_internal.h. */
nl_hjson *nl_hjson_parse(const char *s, size_t n, int *oom) {
  jp j;
  nl_hjson *v;
  j.p = s;
  j.end = s + n;
  j.oom = 0;
  v = jvalue(&j, 0);
  *oom = j.oom;
  return v;
}
