/*
** nl_url.h -- the host of an article's address (private): one parser for
** the loaders that name an outlet by it.
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

#endif
