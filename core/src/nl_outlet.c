/*
** nl_outlet.c -- an article's outlet: one name per outlet; see nl_outlet.h.
*/
#include "nl_outlet.h"

#include <string.h>

#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_url.h"

/* s without a first label "www" or "www<digits>" (any case) and its dot. */
static const char *strip_www(const char *s) {
  size_t k = 3;
  if (nl_ascii_lower((unsigned char)s[0]) != 'w' ||
      nl_ascii_lower((unsigned char)s[1]) != 'w' ||
      nl_ascii_lower((unsigned char)s[2]) != 'w')
    return s;
  while (nl_ascii_is_digit((unsigned char)s[k]))
    k++;
  return s[k] == '.' ? s + k + 1 : s;
}

/* Is s, caseless and without "www.", the host h? */
static int spells_host(const char *s, const char *h) {
  const char *t = strip_www(s);
  size_t i;
  for (i = 0; t[i] && h[i]; i++)
    if (nl_ascii_lower((unsigned char)t[i]) != (unsigned char)h[i]) return 0;
  return t[i] == '\0' && h[i] == '\0';
}

/* Does s look like a host name as written in lower case ("rt.com",
** "news.bbc.co.uk"): letters, digits, '-' and '.', a label before the
** first dot and two letters at the end after it. */
static int lower_host_name(const char *s) {
  const char *dot = strchr(s, '.');
  size_t n = strlen(s), i;
  if (!dot || dot == s || (size_t)(dot - s) + 3 > n) return 0;
  for (i = 0; i < n; i++)
    if (!(nl_ascii_is_digit((unsigned char)s[i]) || s[i] == '-' ||
          s[i] == '.' || (s[i] >= 'a' && s[i] <= 'z')))
      return 0;
  return s[n - 1] >= 'a' && s[n - 1] <= 'z' && s[n - 2] >= 'a' &&
         s[n - 2] <= 'z' && s[dot - s + 1] != '.';
}

/* See nl_outlet.h. */
void nl_outlet_of(const char *source, const char *url, const char *format,
                  nl_outlet *o) {
  size_t hn = url ? nl_url_host(url, o->buf, sizeof o->buf, 1) : 0;
  o->host = NULL;
  o->takes = 0;
  if (source && !*source) source = NULL;
  if (source && strchr(source, '.')) { /* a host name for a source? */
    if (hn > 0 && spells_host(source, o->buf)) {
      o->host = o->buf;
      o->takes = 1;
      return;
    }
    if (hn == 0 && lower_host_name(source)) {
      const char *h = strip_www(source);
      size_t n = strlen(h);
      if (n < sizeof o->buf) {
        memcpy(o->buf, h, n + 1);
        o->host = o->buf;
        o->takes = 1;
        return;
      }
    }
  }
  if (!source && hn > 0) { /* nothing but an address */
    o->host = o->buf;
    o->takes = 1;
    return;
  }
  if (source && hn > 0 && format && strcmp(format, "html") == 0)
    o->host = o->buf; /* a page: its source votes for its host's name */
}

/* See nl_outlet.h. */
void nl_outlet_bind(sqlite3_stmt *st, int col, const char *source,
                    const char *url, const char *format) {
  nl_outlet o;
  nl_outlet_of(source, url, format, &o);
  sqlite3_bind_text(st, col, o.takes ? o.host : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, col + 1, o.host, -1, SQLITE_TRANSIENT);
}

/* ---- the names of hosts ------------------------------------------------ */

typedef struct group { /* the articles of one (outlet_host, source) */
  char *host, *source; /* source NULL: none */
  long long n;
} group;

typedef struct groups {
  group *v;
  size_t n, cap;
} groups;

static void groups_free(groups *g) {
  size_t i;
  for (i = 0; i < g->n; i++) {
    nl_free(g->v[i].host);
    nl_free(g->v[i].source);
  }
  nl_free(g->v);
}

/* Read every (outlet_host, source, count) into *g, in host order. */
static int read_groups(sqlite3 *db, groups *g) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(
      db,
      "SELECT outlet_host, source, count(*) FROM articles"
      " WHERE outlet_host IS NOT NULL GROUP BY outlet_host, source"
      " ORDER BY outlet_host, source",
      -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *h = (const char *)sqlite3_column_text(st, 0);
    const char *s = (const char *)sqlite3_column_text(st, 1);
    group *x;
    if (g->n == g->cap) {
      size_t cap = g->cap ? 2 * g->cap : 64;
      group *v = nl_realloc(g->v, cap * sizeof *v);
      if (!v) {
        rc = SQLITE_NOMEM;
        break;
      }
      g->v = v;
      g->cap = cap;
    }
    x = &g->v[g->n];
    x->host = nl_strdup(h ? h : "");
    x->source = s ? nl_strdup(s) : NULL;
    x->n = sqlite3_column_int64(st, 2);
    if (!x->host || (s && !x->source)) {
      nl_free(x->host);
      nl_free(x->source);
      rc = SQLITE_NOMEM;
      break;
    }
    g->n++;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Does the group's article take its host's name (no source, or the host
** as its source)?  Otherwise it is a page that names it. */
static int takes(const group *x) {
  return !x->source || spells_host(x->source, x->host);
}

/* A group's vote: its source, or the way it writes the host. */
static const char *vote(const group *x) {
  return takes(x) ? strip_www(x->source) : x->source;
}

/* The most common vote among v[0..n) of kind `named` (ties: the first in
** byte order), or NULL. */
static const char *most_common(const group *v, size_t n, int named) {
  const char *best = NULL;
  long long best_n = 0;
  size_t i, j;
  for (i = 0; i < n; i++) {
    long long c = 0;
    const char *w;
    if (!v[i].source || takes(&v[i]) == named) continue;
    w = vote(&v[i]);
    for (j = 0; j < n; j++) /* the same vote from other spellings */
      if (v[j].source && takes(&v[j]) != named && strcmp(vote(&v[j]), w) == 0)
        c += v[j].n;
    if (c > best_n || (c == best_n && best && strcmp(w, best) < 0)) {
      best = w;
      best_n = c;
    }
  }
  return best;
}

/* Write `name` into the articles of v[0..n) (one host) that take it. */
static int write_names(sqlite3_stmt *up, const group *v, size_t n,
                       const char *name) {
  size_t i;
  int rc = SQLITE_OK;
  for (i = 0; i < n && rc == SQLITE_OK; i++) {
    if (!takes(&v[i])) continue;
    sqlite3_bind_text(up, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(up, 2, v[i].host, -1, SQLITE_STATIC);
    if (v[i].source)
      sqlite3_bind_text(up, 3, v[i].source, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null(up, 3);
    rc = sqlite3_step(up);
    sqlite3_reset(up);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  return rc;
}

/* See nl_outlet.h. */
nl_status nl_outlet_refresh(sqlite3 *db, nl_error *err) {
  groups g = {0};
  sqlite3_stmt *up = NULL;
  size_t i = 0, j;
  int rc = read_groups(db, &g);
  if (rc == SQLITE_OK && g.n > 0)
    rc = sqlite3_prepare_v2(db,
                            "UPDATE articles SET outlet = ?1"
                            " WHERE outlet_host = ?2 AND source IS ?3"
                            " AND outlet IS NOT ?1",
                            -1, &up, NULL);
  while (rc == SQLITE_OK && i < g.n) { /* host by host */
    const char *name;
    for (j = i; j < g.n && strcmp(g.v[j].host, g.v[i].host) == 0;)
      j++;
    name = most_common(g.v + i, j - i, 1);
    if (!name) name = most_common(g.v + i, j - i, 0);
    rc = write_names(up, g.v + i, j - i, name ? name : g.v[i].host);
    i = j;
  }
  sqlite3_finalize(up);
  groups_free(&g);
  if (rc != SQLITE_OK)
    return nl_error_set(err, rc == SQLITE_NOMEM ? NL_ENOMEM : NL_EDB,
                        "outlet names: %s", sqlite3_errstr(rc));
  return NL_OK;
}
