/*
** nl_outlet.h -- an article's outlet (private): one name for each outlet,
** however its articles give it.
**
** Sources arrive as names ("The Guardian", from a page's og:site_name or a
** feed's channel) and as host names ("www.theguardian.com", as crawl dumps
** write source_domain).  An article's outlet is its source, except where
** the article takes its name from a host: its source is a host name (that
** of its own address when it has one), or it has no source but an address.
** Such a host's outlet name is, over the whole store, the name most HTML
** pages from that host give as their source; else the way most of its
** articles write the host, without "www." ("ESPN.com", "rt.com"); else
** the host.  Only pages vote with a name: a feed item's source is its
** channel's, and its link may lead anywhere.
**
** Stored in articles.outlet_host (the host of an article that takes or
** votes for a host's name, else NULL) and articles.outlet (the name of one
** that takes it; NULL for the others, whose outlet is their source:
** coalesce(outlet, source)), kept by the ingest: nl_outlet_bind at each
** insert, nl_outlet_refresh once it has stored its changes.
*/
#ifndef NEWSLUA_NL_OUTLET_H
#define NEWSLUA_NL_OUTLET_H

#include <sqlite3.h>

#include "newslua/nl_error.h"

#define NL_OUTLET_HOST_MAX 256

/* What an article's source and address say of its outlet. */
typedef struct nl_outlet {
  const char *host; /* outlet_host (NULL: none); points into `buf` */
  int takes;        /* its outlet is the name of `host` (nl_outlet_refresh;
                    ** until then the host itself), not its source */
  char buf[NL_OUTLET_HOST_MAX];
} nl_outlet;

/*
** The outlet of an article with `source`, address `url` and loader format
** `format` (each may be NULL) into *o.
*/
void nl_outlet_of(const char *source, const char *url, const char *format,
                  nl_outlet *o);

/*
** Bind the stored outlet of an article with `source`, `url` and `format`
** (nl_outlet_of) to parameters `col` (articles.outlet: the host until
** named, NULL unless it takes a host's name) and col + 1 (outlet_host)
** of `st`, as copies.
*/
void nl_outlet_bind(sqlite3_stmt *st, int col, const char *source,
                    const char *url, const char *format);

/*
** Name, over the whole store, each host's outlet and write it into
** articles.outlet of the articles that take it (only those whose name
** changes are written).  One pass over the outlet_host index: 0 rows for
** a store whose sources are all names.  Runs in the caller's transaction
** (none: its own statements').
*/
nl_status nl_outlet_refresh(sqlite3 *db, nl_error *err);

#endif
