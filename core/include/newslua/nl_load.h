/*
** nl_load.h -- bytes to articles: sniffing, loaders, files and directories.
**
** Data flows one way: a file (or buffer) is read (gunzipped transparently),
** sniffed (content first, name second), and handed to one loader, which
** emits articles one at a time through a callback.  Loaders never touch
** SQLite.  Per-file failures of a directory walk are reported through
** `on_file` and the walk goes on.
*/
#ifndef NEWSLUA_NL_LOAD_H
#define NEWSLUA_NL_LOAD_H

#include <stddef.h>

#include "newslua/nl_article.h"
#include "newslua/nl_error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_format {
  NL_FORMAT_UNKNOWN = 0,
  NL_FORMAT_TEXT,
  NL_FORMAT_HTML,
  NL_FORMAT_RSS,    /* RSS 0.9x / 2.0 */
  NL_FORMAT_RDF,    /* RSS 1.0 */
  NL_FORMAT_ATOM,
  NL_FORMAT_NEWSML, /* IPTC NewsML-G2 */
  NL_FORMAT_NITF,
  NL_FORMAT_RCV1,   /* NewsML 1.0 newsitem (Reuters Corpus Volume 1) */
  NL_FORMAT_SGML,   /* Reuters-21578 */
  NL_FORMAT_JSON,
  NL_FORMAT_JSONL,
  NL_FORMAT_TIMEML,
  NL_FORMAT_COUNT
} nl_format;

/* Static lowercase name: "text", "html", "rss", "rdf", "atom", "newsml",
** "nitf", "rcv1", "sgml", "json", "jsonl", "timeml", "unknown". */
const char *nl_format_name(nl_format f);

/* Format from its name (as above); NL_FORMAT_UNKNOWN if none matches. */
nl_format nl_format_from_name(const char *name);

/*
** Guess the format of data[0..len) (already decompressed), by content first
** and by `filename` (may be NULL) second.  Returns NL_FORMAT_UNKNOWN for
** binary junk or empty input.
*/
nl_format nl_sniff(const char *data, size_t len, const char *filename);

/*
** Called once per article.  The callee takes ownership of `a` (free it with
** nl_article_free).  Return 0 to continue, non-zero to stop the load (the
** load then returns NL_EINTERRUPT).
*/
typedef int (*nl_article_fn)(void *ctx, nl_article *a);

/* What happened to one file of a load. */
typedef struct nl_file_report {
  const char *file;      /* path */
  nl_format format;      /* as sniffed (UNKNOWN if skipped before that) */
  size_t articles;       /* articles emitted */
  size_t repaired_bytes; /* invalid bytes repaired in them */
  nl_status status;      /* NL_OK, or why the file was skipped/failed */
  const char *message;   /* human message naming file and place, or NULL */
  /* Progress of an ingest (nl_db_ingest): the files it has reported so
  ** far, this one included, and the files it reports in all, 0 while its
  ** walk is still finding them (unchanged files are reported as they are
  ** found); 0 and 0 from nl_load_path, and for the files an ingest
  ** removes from the store after that. */
  size_t done, total;
} nl_file_report;

/* Called after each file; `r` and its strings are valid during the call. */
typedef void (*nl_file_fn)(void *ctx, const nl_file_report *r);

typedef struct nl_load_opts {
  nl_format format;       /* force a format; NL_FORMAT_UNKNOWN = sniff */
  size_t max_file_bytes;  /* larger files are refused (ELIMIT); 0 = 4 GiB */
  int follow_symlinks;    /* directories: follow symlinks (default 0) */
  size_t max_decompressed_bytes; /* gunzipped data over this is refused
                                    (ELIMIT, zip bombs); 0 = 100 times the
                                    compressed size, at least 64 MiB, at
                                    most 1 GiB */
} nl_load_opts;

#define NL_LOAD_OPTS_INIT { NL_FORMAT_UNKNOWN, 0, 0, 0 }

/*
** Load articles from data[0..len) as if read from a file named `name`
** (used for sniffing by name, ids and messages; may be NULL -> "<buffer>").
** Data starting with the gzip magic is gunzipped first.  UTF-16 (BOM or
** NUL pattern) is transcoded to UTF-8 for the text, SGML and JSON loaders;
** XML and HTML loaders get the bytes as they are (libxml2 reads the BOM).
** Each article gets file = name, format, item index and a stable id, built
** from a stem: the file's base name without ".gz" and without one known
** format extension (.txt .html .htm .xhtml .xml .rss .atom .rdf .sgm .sgml
** .json .jsonl .ndjson .tml .nitf .newsml); nl_load_path uses the path
** relative to the directory it walks instead ("business/001"), so files of
** the same name in different folders keep distinct ids.  The id is the
** stem for one-article files, "<stem>#<item_key or item+1>" for
** multi-article formats (rss, rdf, atom, sgml, jsonl, a JSON array).
** An empty file or binary junk (NUL bytes, mostly control bytes) is
** NL_EPARSE naming the file and the offending offset.
** Returns NL_OK, the loader's error (err names the file and place), or
** NL_EINTERRUPT if `fn` stopped it.
*/
nl_status nl_load_buffer(const char *data, size_t len, const char *name,
                         const nl_load_opts *opts, nl_article_fn fn, void *ctx,
                         nl_error *err);

/*
** Read the file at `path` (gunzip if gzip-compressed; refuse non-regular
** files and files over the size limit) and load it as nl_load_buffer does.
** A gzipped JSON Lines file is inflated piece by piece (any size in
** bounded memory; a cut stream keeps the lines before the cut, noted).
** A file loaded with non-fatal problems (bad JSON lines) returns NL_OK with
** err->msg naming them ("x.jsonl: 1 problem: line 2 ..."), else "".
** A file of up to 1 MiB is read into memory at once; a larger one is
** read through mmap: if another process truncates it meanwhile, the load
** fails with NL_EIO ("the file shrank while it was
** read") instead of the process dying of SIGBUS; the articles read before
** were given to `fn`.  This puts a SIGBUS handler in front of the
** process's (it hands on every SIGBUS not from such a read).
*/
nl_status nl_load_file(const char *path, const nl_load_opts *opts,
                       nl_article_fn fn, void *ctx, nl_error *err);

/*
** nl_load_file, also giving the nl_hash64 (nl_hash.h) of the file's bytes
** as stored (before any gunzip) in *hash (NULL: not wanted), from the
** same read: set once the file is read, before `fn` is first called, so
** whenever `fn` is called or the load returns NL_OK; left alone when the
** file cannot be read.  An ingest stores it as files.hash without reading
** the file twice.
*/
nl_status nl_load_file_hash(const char *path, const nl_load_opts *opts,
                            nl_article_fn fn, void *ctx, uint64_t *hash,
                            nl_error *err);

/*
** Load a file, or every regular file under a directory recursively in
** byte-wise sorted order of paths (hidden files and directories skipped).
** `on_file` (may be NULL) is told about every file, including failed ones
** (non-regular files and symlinks not followed are reported as skipped,
** status NL_EINVAL); a failed file does not stop the walk.  A file loaded
** with non-fatal problems (bad JSON lines) has status NL_OK and a message.
** Returns NL_OK unless `path` itself cannot be read (or, when `path` is a
** single file, that file's status), memory runs out, or `fn` stopped the
** walk (NL_EINTERRUPT).
*/
nl_status nl_load_path(const char *path, const nl_load_opts *opts,
                       nl_article_fn fn, nl_file_fn on_file, void *ctx,
                       nl_error *err);

/* Bytes of the buffer nl_path_canonical writes to (PATH_MAX on Linux). */
#define NL_PATH_MAX 4096

/*
** The canonical name of the existing file or directory `path` into `out`
** (NL_PATH_MAX bytes, NUL-terminated): absolute, with symbolic links,
** ".", ".." and repeated "/" resolved (realpath).  It is the name a store
** knows an ingested file by, and an article's `file`, whatever the
** spelling or working directory of the ingest.  NL_ENOTFOUND when `path`
** or a directory of it does not exist, NL_EIO for any other refusal;
** `out` is then "".
*/
nl_status nl_path_canonical(const char *path, char *out, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
