/*
** nl_pubdate_db.h -- what the reconciliation against the store shares
** between its driver (nl_pubdate_db.c: the work, the decisions, the
** writes) and its story linking (nl_pubdate_link.c: the streamed passes
** over the store's bodies).  Private to those two files.
*/
#ifndef NEWSLUA_NL_PUBDATE_DB_H
#define NEWSLUA_NL_PUBDATE_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "nl_db_internal.h"
#include "nl_pubdate.h"
#include "nl_story.h"

/* Per-article state kept for the whole store (9 bytes an article). */
typedef struct pd_all {
  nl_db *db;
  const nl_pd_words *known; /* word sets known already (may be NULL) */
  size_t n, cap;
  sqlite3_int64 *rowid;     /* in rowid order */
  unsigned char *fl;        /* PD_F_* */
  uint32_t *off, *nb;       /* story neighbours of the work articles */
  unsigned char *str;       /* ... and the strengths of their links */
  uint32_t *rep;            /* each article's first twin (nl_story.h) */
  nl_story_twins *tw;       /* pass 1: twin keys seen */
  int full;                 /* every article is work (first reconciliation) */
  const sqlite3_int64 *chg; /* rowids of changed files' articles, sorted */
  size_t nchg, nwork;
  const uint64_t *print; /* pass 0: the rows' fingerprints decided ahead
                         ** (known->pre); NULL once one differs */
  size_t nprint;
  size_t ngone; /* the removed articles' sets in known (gw, goff) linked
                ** after the store's docs, as seeds (0: none) */
} pd_all;

/* The rowids of the articles of files changed since the last snapshot,
** sorted, into *out, *n (nl_realloc'd; the caller frees). */
nl_status nl_pd_changed_rowids(nl_db *db, sqlite3_int64 **out, size_t *n,
                               nl_error *err);

/*
** Note every article of the store in a (its rowid, flags, twin) and link
** the work articles to their stories (a->off, a->nb; not when there is no
** work): from the prelink the ingest made when it fits, else by two
** streamed passes over the bodies (nl_story_scan).  NL_OK, NL_ENOMEM, or
** a store error.
*/
nl_status nl_pd_link_all(pd_all *a, nl_error *err);

#endif
