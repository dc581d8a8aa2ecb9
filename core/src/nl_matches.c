/*
** nl_matches.c -- the FTS5 auxiliary function nl_matches(fts, name...):
** where a search hit matched, as byte spans of its columns (the evidence
** a report cites).
**
** Each phrase instance of the row (xInstCount, xInst: phrase, column,
** token offset) spans from the first byte of its first token to the end
** of its last (xPhraseSize tokens).  The byte offsets come from
** tokenizing the column's text again with the table's tokenizer
** (xTokenize), counting positions as FTS5 counts them when it indexes: a
** colocated token shares its predecessor's position and is skipped, as
** FTS5's own highlight() skips it.  The text is tokenized only up to the
** last position an instance needs.
**
** The result is a '\n' list of "NAME START END" lines: NAME the column's
** name as given after the first argument (nl_matches(fts, 'title',
** 'body'): column 0 is "title"), else its number (0 for the first);
** START the 0-based byte offset of the span, END one past its last byte.  Lines come in column
** order, then by START, then END; a span matched by several phrases is
** listed once.  NULL for a row without instances (a query of NOT terms
** only).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_alloc.h"
#include "nl_fts5.h"

/* One phrase instance: where it starts and ends, in tokens then bytes. */
typedef struct m_inst {
  int col;
  int first, last;   /* token positions, inclusive */
  int start, end;    /* bytes, end exclusive; -1 until found */
} m_inst;

/* What the token callback works through: the instances of one column,
** sorted by first position (`v`) and by last position (`by_last`). */
typedef struct m_scan {
  m_inst *v;
  m_inst **by_last;
  int n;
  int pos;          /* the position of the next token */
  int s, e;         /* next instance to start, next to end */
  int stop_after;   /* the last position any instance needs */
} m_scan;

/* Returned by the token callback to end the tokenizing early. */
#define M_DONE SQLITE_DONE

static int m_token(void *ctx, int flags, const char *tok, int ntok,
                   int start, int end) {
  m_scan *m = ctx;
  int pos;
  (void)tok;
  (void)ntok;
  if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
  pos = m->pos++;
  while (m->s < m->n && m->v[m->s].first == pos)
    m->v[m->s++].start = start;
  while (m->e < m->n && m->by_last[m->e]->last == pos)
    m->by_last[m->e++]->end = end;
  return pos >= m->stop_after ? M_DONE : SQLITE_OK;
}

static int cmp_first(const void *a, const void *b) {
  const m_inst *x = a, *y = b;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return (x->first > y->first) - (x->first < y->first);
}

static int cmp_last(const void *a, const void *b) {
  const m_inst *x = *(m_inst *const *)a, *y = *(m_inst *const *)b;
  return (x->last > y->last) - (x->last < y->last);
}

static int cmp_span(const void *a, const void *b) {
  const m_inst *x = a, *y = b;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

/* Find the byte spans of the instances v[0..n) of column `col` (sorted
** by first position); by_last has room for n.  An SQLite result code. */
static int find_spans(const Fts5ExtensionApi *api, Fts5Context *fts, int col,
                      m_inst *v, int n, m_inst **by_last) {
  m_scan m;
  const char *text = NULL;
  int len = 0, i, rc;
  rc = api->xColumnText(fts, col, &text, &len);
  if (rc != SQLITE_OK) return rc;
  memset(&m, 0, sizeof m);
  m.v = v;
  m.n = n;
  m.by_last = by_last;
  for (i = 0; i < n; i++) {
    by_last[i] = &v[i];
    if (v[i].last > m.stop_after) m.stop_after = v[i].last;
  }
  qsort(by_last, (size_t)n, sizeof *by_last, cmp_last);
  if (!text || len <= 0) return SQLITE_OK;
  rc = api->xTokenize(fts, text, len, &m, m_token);
  return rc == M_DONE ? SQLITE_OK : rc;
}

/* nl_matches(fts, name...): see the top of this file. */
static void matches(const Fts5ExtensionApi *api, Fts5Context *fts,
                    sqlite3_context *ctx, int nval, sqlite3_value **val) {
  m_inst *v = NULL, **by_last = NULL;
  nl_buf out = NL_BUF_INIT;
  int n = 0, k = 0, i, j, rc = api->xInstCount(fts, &n);
  if (rc == SQLITE_OK && n <= 0) {
    sqlite3_result_null(ctx);
    return;
  }
  if (rc == SQLITE_OK) {
    v = nl_malloc((size_t)n * sizeof *v);
    by_last = nl_malloc((size_t)n * sizeof *by_last);
    if (!v || !by_last) rc = SQLITE_NOMEM;
  }
  for (i = 0; rc == SQLITE_OK && i < n; i++) {
    int phrase, col, off;
    rc = api->xInst(fts, i, &phrase, &col, &off);
    if (rc != SQLITE_OK) break;
    v[k].col = col;
    v[k].first = off;
    v[k].last = off + api->xPhraseSize(fts, phrase) - 1;
    v[k].start = v[k].end = -1;
    if (v[k].last >= v[k].first) k++; /* an empty phrase spans nothing */
  }
  if (rc == SQLITE_OK) qsort(v, (size_t)k, sizeof *v, cmp_first);
  for (i = 0; rc == SQLITE_OK && i < k; i = j) { /* a column at a time */
    for (j = i; j < k && v[j].col == v[i].col; j++)
      continue;
    rc = find_spans(api, fts, v[i].col, v + i, j - i, by_last);
  }
  if (rc == SQLITE_OK) qsort(v, (size_t)k, sizeof *v, cmp_span);
  for (i = 0; rc == SQLITE_OK && i < k; i++) {
    const m_inst *m = &v[i];
    const char *name = NULL;
    if (m->start < 0 || m->end < m->start) continue; /* not found again */
    if (out.len && i > 0 && m->col == v[i - 1].col &&
        m->start == v[i - 1].start && m->end == v[i - 1].end)
      continue;
    if (m->col < nval) /* the arguments after `fts` */
      name = (const char *)sqlite3_value_text(val[m->col]);
    if (out.len) nl_buf_putc(&out, '\n');
    if (name)
      nl_buf_printf(&out, "%s %d %d", name, m->start, m->end);
    else
      nl_buf_printf(&out, "%d %d %d", m->col, m->start, m->end);
  }
  if (rc == SQLITE_OK && !nl_buf_ok(&out)) rc = SQLITE_NOMEM;
  if (rc != SQLITE_OK)
    sqlite3_result_error_code(ctx, rc);
  else if (out.len)
    sqlite3_result_text(ctx, out.data, (int)out.len, SQLITE_TRANSIENT);
  else
    sqlite3_result_null(ctx);
  nl_buf_free(&out);
  nl_free(v);
  nl_free(by_last);
}

/* nl_matches_register: see nl_fts5.h. */
int nl_matches_register(fts5_api *api) {
  return api->xCreateFunction(api, "nl_matches", NULL, matches, NULL);
}
