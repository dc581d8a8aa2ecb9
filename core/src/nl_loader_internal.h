/*
** nl_loader_internal.h -- the interface every format loader implements
** (private to core/src).  One loader per file: nl_text.c, nl_html.c,
** nl_feed.c, nl_newsml.c, nl_sgml.c, nl_json.c, nl_timeml.c.
**
** (nl_json_load.c holds nl_load_json; nl_json.c is the JSON parser.)
**
** A loader parses src->data[0..src->len) and, for each article, fills a
** fresh nl_article (title, body paragraphs, metadata, published date with
** provenance, warnings) and passes it to nl_sink_emit, which sets file,
** format, item, id and hands it on.  A loader never touches SQLite, never
** prints, and reports malformed input with nl_error_set naming the file
** (src->name) and the line or byte offset where known.
*/
#ifndef NEWSLUA_NL_LOADER_INTERNAL_H
#define NEWSLUA_NL_LOADER_INTERNAL_H

#include "newslua/nl_buf.h"
#include "newslua/nl_load.h"

typedef struct nl_source {
  const char *data; /* decompressed bytes */
  size_t len;
  const char *name; /* path or "<buffer>", for messages and ids */
  const nl_load_opts *opts;
  nl_format format; /* as sniffed/forced */
  /* A piece of a longer text (a gzip stream of JSON Lines, nl_gzlines.h):
  ** lines and bytes before it, for messages; the whole is judged by the
  ** driver, not by the piece. */
  int piece;
  size_t line_base, byte_base;
} nl_source;

typedef struct nl_sink {
  nl_article_fn fn;
  void *ctx;
  const nl_source *src;
  size_t emitted;        /* articles emitted so far */
  size_t repaired_bytes; /* sum over emitted articles */
  int stopped;           /* fn returned non-zero */
  /* Fields below are zero-initialised by the driver. */
  int multi;             /* ids are "<stem>#<key>": set by the driver from
                            the format (rss, rdf, atom, sgml, jsonl); a
                            loader may change it before its first emit
                            (JSON array, NewsML-G2 message of several) */
  size_t notes;          /* non-fatal problems noted with nl_sink_note */
  char note[NL_ERROR_MSG_MAX]; /* their text, "; "-separated, truncated */
  char *stem;            /* id stem (driver-owned), NULL = from src->name */
  const char *map_base;  /* src->data lies in this read-only file mapping */
  size_t map_len;        /* (driver-owned; NULL/0 = not a mapping) */
  size_t map_released;   /* bytes of it already given back */
  size_t bad_lines;      /* JSON Lines that failed (over all pieces) */
  size_t lines;          /* JSON Lines read so far (over all pieces) */
  const char *file_data; /* the file's first byte when src->data lies in
                            the file's own bytes (driver-owned; NULL: a
                            decoded or inflated copy) */
  size_t gz_from, gz_to; /* a gzip piece: the compressed bytes zlib had
                            consumed before it and after it (driver-set;
                            0, 0 otherwise) */
  size_t pos;            /* bytes of the file read so far, as
                            nl_sink_release last set it (0: unknown): in
                            the file's own bytes, or for a gzip piece the
                            compressed position its share of the piece
                            gives; each article emitted takes it as its
                            file_pos */
  size_t record_line;    /* JSON Lines: the line of the record being read
                            (0 elsewhere; a line gives one article at
                            most): a keyless record's id is
                            "<stem>#<line>", so a bad or blank line
                            repaired later renumbers none of the others */
} nl_sink;

/*
** The loader is done with src->data[0..upto) and will not read it again:
** when the data is a file mapping, its pages are dropped (in 16 MiB steps),
** so a large JSON Lines or SGML file is streamed, not held in memory.
** A no-op for other data.  Call it as the loader moves forward: it also
** sets sink->pos, the progress the articles emitted next report.
*/
void nl_sink_release(nl_sink *sink, size_t upto);

/*
** Note a non-fatal problem of the file (a bad JSON line, a skipped item):
** counted in sink->notes and, while room remains, appended to sink->note,
** which becomes the file report's message.  Name the place (line, byte).
*/
void nl_sink_note(nl_sink *sink, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;


/*
** Finish `a` (file, format, item, id) and pass it to the sink's callback,
** which takes ownership.  Returns NL_OK, NL_ENOMEM (a freed), or
** NL_EINTERRUPT when the callback asked to stop.
*/
nl_status nl_sink_emit(nl_sink *sink, nl_article *a);

typedef nl_status (*nl_loader_fn)(const nl_source *src, nl_sink *sink,
                                  nl_error *err);

nl_status nl_load_text(const nl_source *src, nl_sink *sink, nl_error *err);
nl_status nl_load_html(const nl_source *src, nl_sink *sink, nl_error *err);
nl_status nl_load_feed(const nl_source *src, nl_sink *sink, nl_error *err);
nl_status nl_load_newsml(const nl_source *src, nl_sink *sink, nl_error *err);
nl_status nl_load_sgml(const nl_source *src, nl_sink *sink, nl_error *err);
nl_status nl_load_json(const nl_source *src, nl_sink *sink, nl_error *err);
nl_status nl_load_timeml(const nl_source *src, nl_sink *sink, nl_error *err);

/* Wide encodings found by nl_wide_kind (nl_sniff.c). */
#define NL_WIDE_UTF16LE 1
#define NL_WIDE_UTF16BE 2
#define NL_WIDE_UTF32LE 3
#define NL_WIDE_UTF32BE 4

/*
** The wide encoding of s[0..n): by byte-order mark, or by the zero bytes
** of ASCII text in UTF-16/UTF-32 (little or big endian).  0 when none.
*/
int nl_wide_kind(const char *s, size_t n);

/*
** Append s[0..n) in wide encoding `kind` to out as UTF-8 (BOM dropped,
** unpaired surrogates and out-of-range values -> U+FFFD), stopping once
** out holds `limit` bytes.  Errors surface as out's OOM flag.
*/
void nl_wide_to_utf8(nl_buf *out, const char *s, size_t n, int kind,
                     size_t limit);

/*
** Why nl_sniff finds no format in data[0..len): "empty file", "binary
** data, not a news format (NUL byte at byte N)", "unrecognised XML root
** <x>", "markup without a root element" ("recognised" if it finds one).
** Writes a NUL-terminated message of at most cap bytes to why.
*/
void nl_sniff_explain(const char *data, size_t len, const char *name,
                      char *why, size_t cap);

/*
** Why a file met in a folder walk is a dataset's documentation, not an
** article -- its name, before any '.', is README, LICENSE, LICENCE,
** COPYING, NOTICE, CHANGELOG or AUTHORS in any case ("README.TXT",
** "LICENSE.apache"), and no news format's extension follows (authors.json,
** changelog.xml are read) -- or NULL.  Only names are read: a walk skips
** such a file with this reason, a path naming it loads it.
*/
const char *nl_sniff_doc_name(const char *path);

#endif
