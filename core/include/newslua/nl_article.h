/*
** nl_article.h -- the article record every loader produces.
**
** An article is a plain record (not a handle): loaders fill it through the
** setters below, which copy, repair (invalid UTF-8 -> Windows-1252) and
** NFC-normalise their input, so every string in an article is valid NFC
** UTF-8.  All strings are owned by the article and freed by nl_article_free.
** The body is built paragraph by paragraph; paragraphs are separated by
** "\n\n" and their byte spans recorded, so later stages can cite offsets.
*/
#ifndef NEWSLUA_NL_ARTICLE_H
#define NEWSLUA_NL_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "newslua/nl_error.h"
#include "newslua/nl_hash.h" /* nl_hash64: content hashes */

#ifdef __cplusplus
extern "C" {
#endif

/* Where the publication date came from. */
typedef enum nl_pub_source {
  NL_PUB_NONE = 0,     /* unknown */
  NL_PUB_METADATA = 1, /* a header, meta tag, feed field, DCT, ... */
  NL_PUB_INFERRED = 2  /* inferred from the text and/or the story */
} nl_pub_source;

/* "none" | "metadata" | "inferred". */
const char *nl_pub_source_name(nl_pub_source s);

typedef struct nl_span {
  size_t start, end; /* byte offsets, end exclusive */
} nl_span;

typedef struct nl_meta {
  char *key;   /* e.g. "topics", "places", "dateline", "guid", "category" */
  char *value;
} nl_meta;

typedef struct nl_article {
  char *id;        /* stable id, set by the loader driver (see nl_load.h) */
  char *file;      /* path the article came from */
  const char *format; /* static loader name: "text", "html", "rss", ... */
  size_t item;     /* 0-based position of the article inside its file */
  size_t file_pos; /* bytes of its file its loader had read when it came
                      (in a gzipped JSON Lines file, the compressed
                      bytes in proportion to its piece); 0: unknown (a
                      loader that reads its text whole, a file read as a
                      decoded copy: UTF-16, a legacy charset) -- a
                      progress measure only */
  char *item_key;  /* per-file key if the format has one (guid, NEWID), or NULL */
  char *source;    /* outlet ("Reuters", "The Washington Post"), or NULL */
  char *title;
  char *url;
  char *author;
  char *language;  /* BCP 47 tag if known ("en") */
  char *published; /* TimeML value: YYYY-MM-DD or YYYY-MM-DDThh:mm, or NULL */
  nl_pub_source published_source;
  char *published_evidence; /* the text/field the date was read from */
  char *body;      /* NUL-terminated; body_len bytes */
  size_t body_len;
  nl_span *paragraphs;
  size_t n_paragraphs;
  char **warnings; /* human-readable, each names what and where */
  size_t n_warnings;
  nl_meta *meta;
  size_t n_meta;
  size_t repaired_bytes; /* invalid bytes replaced while building it */
  /* private: body under construction */
  size_t body_cap;
  size_t paragraphs_cap, warnings_cap, meta_cap;
} nl_article;

/* Allocate an empty article. Returns NL_ENOMEM on failure (*out = NULL). */
nl_status nl_article_new(nl_article **out);

/* Free an article and everything it owns. Accepts NULL. */
void nl_article_free(nl_article *a);

/*
** Replace the string field `*field` (a char* member of `a`) with a cleaned
** copy of s[0..n): invalid UTF-8 repaired (counted in repaired_bytes), NFC,
** runs of whitespace collapsed to one space, trimmed.  An empty result
** stores NULL.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_article_set(nl_article *a, char **field, const char *s, size_t n);

/*
** Append a paragraph to the body: cleaned as by nl_article_set (whitespace
** inside the paragraph collapsed), separated from the previous one by
** "\n\n", its span recorded.  Empty paragraphs are ignored.
*/
nl_status nl_article_add_paragraph(nl_article *a, const char *s, size_t n);

/*
** Split s[0..n) into paragraphs on blank lines (and on single newlines when
** `single_newline_breaks` is non-zero) and add each one.
*/
nl_status nl_article_add_text(nl_article *a, const char *s, size_t n,
                              int single_newline_breaks);

/* Record a warning (printf-style, at most 1023 bytes); bytes that are no
** whole UTF-8 character (a "%.80s" may cut one) are dropped. */
nl_status nl_article_warn(nl_article *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Add a metadata pair (both strings cleaned like nl_article_set). */
nl_status nl_article_add_meta(nl_article *a, const char *key, const char *value,
                              size_t value_len);

/* First metadata value for `key`, or NULL. */
const char *nl_article_meta(const nl_article *a, const char *key);

/*
** Set the publication date from a TimeML value (validated: YYYY, YYYY-MM,
** YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]) with its provenance and evidence.
** Returns NL_EINVAL for a malformed or impossible date (the article keeps
** its previous date).
*/
nl_status nl_article_set_published(nl_article *a, const char *value,
                                   nl_pub_source source, const char *evidence);

#ifdef __cplusplus
}
#endif
#endif
