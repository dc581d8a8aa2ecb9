/*
** nl_url.h -- the host of an article's address (private): one parser for
** the loaders that name an outlet by it; the date its path names.
*/
#ifndef NEWSLUA_NL_URL_H
#define NEWSLUA_NL_URL_H

#include <stddef.h>

/*
** The host of `url` ("scheme://[user@]host[:port][/?#...]", the scheme
** one to ten ASCII letters), lower-cased, into out[0..cap) with a NUL.
** With `strip_www`, a first label "www" or "www<digits>" is left out
** when what remains still has a dot ("www.nytimes.com" -> "nytimes.com",
** "www.com" stays).  Returns the host's length: 0 when url has no such
** host, the host is empty or has no dot, or it does not fit in cap.
*/
size_t nl_url_host(const char *url, char *out, size_t cap, int strip_www);

/*
** Is `href` the address of a site's home page: "/", "./", "index.html",
** or "scheme://host" with no path but "/" (nl_url_host's reading of the
** part before the path)?  A link there from an <h1> makes it a logo.
*/
int nl_url_is_home(const char *href);

/* What nl_url_date found. */
enum { NL_URL_NODATE = 0, NL_URL_MONTH = 1, NL_URL_DAY = 2 };

/*
** The publication date an article's address names, as publishers write
** it into the path: whole segments "/2016/01/05/", "/2016/1/5/",
** "/2016/jan/05/", "/2016-01-05/", "/2016-01/05/", "/201601/05/",
** "/20160105/", a month "/2016/01/slug" (the month segment two digits or
** a month name), or the query parameter "date=2016-01-05" ("20160105").
** Strict, so that ids and numbers are not read as dates: every part is a
** whole segment (a date glued to an id, "/201712311060451579-slug", is
** none), years 1990-2099, real calendar days; two different dates in one
** address name none.  *y, *m, *d (0 for a month) receive the date and
** *at / *len (may be NULL) where it is written in url.  Returns
** NL_URL_DAY, NL_URL_MONTH or NL_URL_NODATE (nothing written).
*/
int nl_url_date(const char *url, int *y, int *m, int *d, size_t *at,
                size_t *len);

#endif
