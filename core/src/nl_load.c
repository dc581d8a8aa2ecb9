/*
** nl_load.c -- the loader driver: gunzip, wide encodings, dispatch to one
** loader (by nl_sniff, nl_sniff.c), the sink that finishes articles (file,
** format, item, id), files and directory walks.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_utf8.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_calendar.h"
#include "nl_charset.h"
#include "nl_loader_internal.h"
#include "nl_gzlines.h"
#include "nl_mapguard.h"

#define DEFAULT_MAX_FILE ((size_t)4 << 30)
/* Files up to this size are read into memory, larger ones mapped. */
#define READ_MAX ((size_t)1 << 20)
#define DEFAULT_MAX_GUNZIP ((size_t)1 << 30)
#define DEFAULT_MIN_GUNZIP ((size_t)64 << 20)
#define MAX_WALK_DEPTH 64
#define RELEASE_CHUNK ((size_t)16 << 20)

/* s[0..n) ends with `suffix` (ASCII, case-insensitive). */
static int ends_ci(const char *s, size_t n, const char *suffix) {
  size_t k = strlen(suffix), i;
  if (n < k) return 0;
  for (i = 0; i < k; i++) {
    char a = s[n - k + i], b = suffix[i];
    if (nl_ascii_lower((unsigned char)a) != (unsigned char)b) return 0;
  }
  return 1;
}

/* ------------------------------------------------------------------ */
/* The sink                                                            */

static int multi_format(nl_format f) {
  return f == NL_FORMAT_RSS || f == NL_FORMAT_RDF || f == NL_FORMAT_ATOM ||
         f == NL_FORMAT_SGML || f == NL_FORMAT_JSONL;
}

/* Stem of a path: base name without ".gz" and one known extension. */
static char *make_stem(const char *name, int keep_dirs) {
  static const char *const exts[] = {
      ".txt",    ".html", ".htm",  ".xhtml",  ".xml",  ".rss",
      ".atom",   ".rdf",  ".sgm",  ".sgml",   ".json", ".jsonl",
      ".ndjson", ".tml",  ".nitf", ".newsml", NULL};
  const char *base = keep_dirs ? name : strrchr(name, '/');
  size_t n, k;
  int i;
  base = base ? (keep_dirs ? base : base + 1) : name;
  n = strlen(base);
  if (ends_ci(base, n, ".gz")) n -= 3;
  for (i = 0; exts[i]; i++) {
    k = strlen(exts[i]);
    if (n > k && ends_ci(base, n, exts[i])) {
      n -= k;
      break;
    }
  }
  return nl_strndup(base, n);
}

void nl_sink_note(nl_sink *sink, const char *fmt, ...) {
  size_t used = strlen(sink->note);
  va_list ap;
  sink->notes++;
  if (used + 8 >= sizeof sink->note) return;
  if (used) {
    memcpy(sink->note + used, "; ", 3);
    used += 2;
  }
  va_start(ap, fmt);
  vsnprintf(sink->note + used, sizeof sink->note - used, fmt, ap);
  va_end(ap);
}

void nl_sink_release(nl_sink *sink, size_t upto) {
  const char *end;
  size_t page, from, to;
  if (!sink->src) return;
  end = sink->src->data + (upto < sink->src->len ? upto : sink->src->len);
  if (sink->file_data && end >= sink->file_data)
    sink->pos = (size_t)(end - sink->file_data);
  else if (sink->gz_to > sink->gz_from && sink->src->len) /* a gzip piece */
    sink->pos = sink->gz_from +
                (size_t)((double)(sink->gz_to - sink->gz_from) *
                         (double)(size_t)(end - sink->src->data) /
                         (double)sink->src->len);
  if (!sink->map_base) return;
  if (end <= sink->map_base || end > sink->map_base + sink->map_len) return;
  page = (size_t)sysconf(_SC_PAGESIZE);
  if (page == 0 || page == (size_t)-1) return;
  /* The mapping starts on a page boundary; drop whole pages behind. */
  to = ((size_t)(end - sink->map_base) / page) * page;
  from = sink->map_released;
  if (to < from + RELEASE_CHUNK) return;
  madvise((void *)(size_t)(sink->map_base + from), to - from, MADV_DONTNEED);
  sink->map_released = to;
}

/* The value of the k digits at v, or -1 if one is not a digit. */
static int digits_at(const char *v, int k) {
  int x = 0, i;
  for (i = 0; i < k; i++) {
    if (v[i] < '0' || v[i] > '9') return -1;
    x = x * 10 + (v[i] - '0');
  }
  return x;
}

/* sscanf(v, "%4d-%2d-%2d", y, m, d) == 3, with the common spelling (all
** digits, as nl_article_set_published keeps them) read without sscanf
** (1,900 instructions a Reuters-21578 article). */
static int ymd(const char *v, int *y, int *m, int *d) {
  if (v[0] && v[1] && v[2] && v[3] && v[4] == '-' && v[5] && v[6] &&
      v[7] == '-' && (*y = digits_at(v, 4)) >= 0 &&
      (*m = digits_at(v + 5, 2)) >= 0 && (*d = digits_at(v + 8, 2)) >= 0)
    return 1;
  return sscanf(v, "%4d-%2d-%2d", y, m, d) == 3;
}

/*
** A metadata publication date more than two days after today (UTC) is no
** publication date -- a crawler's placeholder, a wrong clock: it is not
** used (the article is undated; the reconciliation may infer a date) and
** a warning names it.  Two days of slack for time zones and clocks.
*/
static nl_status drop_future_date(const nl_source *src, nl_article *a) {
  int y, m, d;
  long today = nl_cal_today();
  if (a->published_source != NL_PUB_METADATA || !a->published ||
      !ymd(a->published, &y, &m, &d) || nl_cal_days(y, m, d) <= today + 2)
    return NL_OK;
  if (nl_article_warn(a, "%s: publication date %s (%s) is in the future; "
                      "not used", src->name, a->published,
                      a->published_evidence ? a->published_evidence
                                            : "metadata") != NL_OK)
    return NL_ENOMEM;
  nl_free(a->published);
  nl_free(a->published_evidence);
  a->published = a->published_evidence = NULL;
  a->published_source = NL_PUB_NONE;
  return NL_OK;
}

nl_status nl_sink_emit(nl_sink *sink, nl_article *a) {
  const nl_source *src = sink->src;
  char *stem = sink->stem;
  nl_buf id = NL_BUF_INIT;
  if (sink->stopped) {
    nl_article_free(a);
    return NL_EINTERRUPT;
  }
  if (!stem && !(stem = sink->stem = make_stem(src->name, 0))) goto oom;
  nl_free(a->file);
  if (!(a->file = nl_strdup(src->name))) goto oom;
  a->format = nl_format_name(src->format);
  a->item = sink->emitted;
  a->file_pos = sink->pos;
  nl_buf_puts(&id, stem);
  if (sink->multi) {
    if (a->item_key)
      nl_buf_printf(&id, "#%s", a->item_key);
    else if (sink->record_line)
      nl_buf_printf(&id, "#%zu", sink->record_line);
    else
      nl_buf_printf(&id, "#%zu", a->item + 1);
  }
  nl_free(a->id);
  if (!(a->id = nl_buf_detach(&id, NULL))) goto oom;
  if (a->repaired_bytes &&
      nl_article_warn(a,
                      "%s: %zu invalid UTF-8 byte%s repaired (read as "
                      "Windows-1252)",
                      src->name, a->repaired_bytes,
                      a->repaired_bytes == 1 ? "" : "s") != NL_OK)
    goto oom;
  if (drop_future_date(src, a) != NL_OK) goto oom;
  sink->emitted++;
  sink->repaired_bytes += a->repaired_bytes;
  if (!sink->fn) {
    nl_article_free(a);
  } else if (sink->fn(sink->ctx, a)) {
    sink->stopped = 1;
    return NL_EINTERRUPT;
  }
  return NL_OK;
oom:
  nl_buf_free(&id);
  nl_article_free(a);
  return NL_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* Buffers and files                                                   */

static nl_loader_fn loader_for(nl_format f) {
  switch (f) {
  case NL_FORMAT_TEXT:
    return nl_load_text;
  case NL_FORMAT_HTML:
    return nl_load_html;
  case NL_FORMAT_RSS:
  case NL_FORMAT_RDF:
  case NL_FORMAT_ATOM:
    return nl_load_feed;
  case NL_FORMAT_NEWSML:
  case NL_FORMAT_NITF:
  case NL_FORMAT_RCV1:
    return nl_load_newsml;
  case NL_FORMAT_SGML:
    return nl_load_sgml;
  case NL_FORMAT_JSON:
  case NL_FORMAT_JSONL:
    return nl_load_json;
  case NL_FORMAT_TIMEML:
    return nl_load_timeml;
  default:
    return NULL;
  }
}

/* Why data[0..len) is not loadable (empty, binary, unknown root). */
static nl_status unknown_error(const char *data, size_t len, const char *name,
                               nl_error *err) {
  char why[160];
  nl_sniff_explain(data, len, name, why, sizeof why);
  return nl_error_set(err, NL_EPARSE, "%s: %s", name, why);
}

typedef struct load_result {
  nl_format format;
  size_t articles, repaired;
  size_t notes;
  char note[NL_ERROR_MSG_MAX];
} load_result;

static int text_format(nl_format f) {
  return f == NL_FORMAT_TEXT || f == NL_FORMAT_SGML || f == NL_FORMAT_JSON ||
         f == NL_FORMAT_JSONL;
}

/* Set up src and sink to load data[0..len) of format f (stem may be
** NULL): NL_OK or NL_ENOMEM. */
static nl_status sink_begin(nl_source *src, nl_sink *sink, const char *data,
                            size_t len, nl_format f, const char *name,
                            const char *stem, const nl_load_opts *opts,
                            nl_article_fn fn, void *ctx, nl_error *err) {
  memset(src, 0, sizeof *src);
  memset(sink, 0, sizeof *sink);
  src->data = data;
  src->len = len;
  src->name = name;
  src->opts = opts;
  src->format = f;
  sink->fn = fn;
  sink->ctx = ctx;
  sink->src = src;
  sink->multi = multi_format(f);
  if (stem && !(sink->stem = nl_strdup(stem)))
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", name);
  return NL_OK;
}

/* The loader's status `rc` as the file's (messages named), the sink's
** counts into res; frees the sink. */
static nl_status sink_end(nl_status rc, nl_sink *sink, const char *name,
                          load_result *res, nl_error *err) {
  if (rc == NL_OK && sink->stopped) rc = NL_EINTERRUPT;
  if (rc == NL_EINTERRUPT)
    nl_error_set(err, rc, "%s: stopped by the callback", name);
  else if (rc == NL_ENOMEM && err && !err->msg[0])
    nl_error_set(err, rc, "%s: out of memory", name);
  else if (rc != NL_OK && err && strncmp(err->msg, name, strlen(name)))
    nl_error_prefix(err, "%s", name);
  res->articles = sink->emitted;
  res->repaired = sink->repaired_bytes;
  res->notes = sink->notes;
  memcpy(res->note, sink->note, sizeof res->note);
  nl_free(sink->stem);
  sink->stem = NULL;
  return rc;
}

/* The charset a text or SGML file is in when its first bytes are not
** UTF-8 and nl_charset_guess can tell it, else NULL (read as UTF-8, each
** invalid byte repaired as Windows-1252).  JSON is UTF-8 by its RFC. */
static const char *legacy_charset(nl_format f, const char *s, size_t n) {
  size_t m = n < NL_CHARSET_SCAN ? n : NL_CHARSET_SCAN;
  if (f != NL_FORMAT_TEXT && f != NL_FORMAT_SGML) return NULL;
  /* a prefix may end inside a character: 3 bytes of slack */
  if (nl_utf8_valid_prefix(s, m) + (m < n ? 3 : 0) >= m) return NULL;
  return nl_charset_guess(s, n);
}

/* Load decompressed data with a known stem (may be NULL).  mapped: 1 the
** file's bytes mapped, 0 the file's bytes in memory, -1 not the file's
** bytes (inflated from it). */
static nl_status load_plain(const char *data, size_t len, int mapped,
                            const char *name, const char *stem,
                            const nl_load_opts *opts, nl_article_fn fn,
                            void *ctx, load_result *res, nl_error *err) {
  const char *base = data;
  size_t base_len = len;
  nl_source src;
  nl_sink sink;
  nl_buf conv = NL_BUF_INIT;
  nl_loader_fn loader;
  nl_status rc;
  const char *cs = NULL; /* a legacy charset decoded */
  int kind;
  nl_format f = opts && opts->format != NL_FORMAT_UNKNOWN
                    ? opts->format
                    : nl_sniff(data, len, name);
  res->format = f;
  if (!(loader = loader_for(f))) return unknown_error(data, len, name, err);
  kind = nl_wide_kind(data, len);
  if (text_format(f)) {
    if (kind) {
      nl_wide_to_utf8(&conv, data, len, kind, (size_t)-1);
      if (!nl_buf_ok(&conv))
        return nl_error_set(err, NL_ENOMEM, "%s: out of memory", name);
      data = conv.data ? conv.data : "";
      len = conv.len;
      mapped = 0;
    } else if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
      data += 3;
      len -= 3;
    } else if ((cs = legacy_charset(f, data, len)) != NULL) {
      nl_charset_decode(&conv, cs, data, len);
      if (!nl_buf_ok(&conv))
        return nl_error_set(err, NL_ENOMEM, "%s: out of memory", name);
      data = conv.data ? conv.data : "";
      len = conv.len;
      mapped = 0;
    }
  }
  rc = sink_begin(&src, &sink, data, len, f, name, stem, opts, fn, ctx, err);
  if (rc == NL_OK && cs)
    nl_sink_note(&sink, "no encoding declared and not UTF-8: read as %s "
                 "(detected)", cs);
  if (rc == NL_OK && mapped > 0) {
    sink.map_base = base;
    sink.map_len = base_len;
  }
  /* positions in the file's own bytes (not in a decoded copy) */
  if (rc == NL_OK && mapped >= 0 && !conv.data) sink.file_data = base;
  if (rc == NL_OK) rc = sink_end(loader(&src, &sink, err), &sink, name, res,
                                 err);
  nl_buf_free(&conv);
  return rc;
}

/* The pieces of a gzipped JSON Lines text through the JSON loader; the
** first is in piece[0..n).  A cut or corrupt stream keeps the lines
** before it, with a note, as in an uncompressed dump. */
static nl_status gz_lines_run(nl_gzlines *z, const char *piece, size_t n,
                              const char *name, const char *stem,
                              const nl_load_opts *opts, nl_article_fn fn,
                              void *ctx, load_result *res, nl_error *err) {
  nl_source src;
  nl_sink sink;
  nl_status rc;
  size_t skip = n >= 3 && !memcmp(piece, "\xEF\xBB\xBF", 3) ? 3 : 0;
  res->format = NL_FORMAT_JSONL;
  rc = sink_begin(&src, &sink, piece + skip, n - skip, NL_FORMAT_JSONL, name,
                  stem, opts, fn, ctx, err);
  src.piece = 1; /* bytes counted after a BOM, as uncompressed */
  sink.gz_to = nl_gzlines_fed(z); /* compressed, as the file's size */
  while (rc == NL_OK) {
    rc = nl_load_json(&src, &sink, err);
    if (rc != NL_OK || sink.stopped) break;
    rc = nl_gzlines_next(z, &piece, &n, err);
    src.data = piece;
    src.len = n;
    src.line_base = sink.lines; /* the pieces end with whole lines */
    src.byte_base = nl_gzlines_offset(z) - skip;
    sink.gz_from = sink.gz_to;
    sink.gz_to = nl_gzlines_fed(z);
  }
  if (rc == NL_DONE) rc = NL_OK;
  if (rc == NL_OK && !sink.stopped && nl_gzlines_problem(z)) {
    if (!sink.emitted)
      rc = nl_error_set(err, NL_EPARSE, "%s: %s", name, nl_gzlines_problem(z));
    else
      nl_sink_note(&sink, "%s (the lines before it are read)",
                   nl_gzlines_problem(z));
  }
  if (rc == NL_OK && !sink.stopped && !sink.emitted && sink.bad_lines)
    rc = nl_error_set(err, NL_EPARSE, "%s: no valid JSON line (%zu bad; "
                      "first: %s)", name, sink.bad_lines, sink.note);
  return sink_end(rc, &sink, name, res, err);
}

static int is_gzip(const char *data, size_t len) {
  return len >= 2 && (unsigned char)data[0] == 0x1f &&
         (unsigned char)data[1] == 0x8b;
}

/*
** A gzip file: JSON Lines (sniffed from the first piece, or forced) loaded
** piece by piece (gz_lines_run), anything else inflated whole (up to
** `whole_cap`, the bound of what is held at once) from the same stream.
*/
static nl_status load_gzip(const char *data, size_t len, size_t cap,
                           size_t whole_cap, const char *name,
                           const char *stem, const nl_load_opts *opts,
                           nl_article_fn fn, void *ctx, load_result *res,
                           nl_error *err) {
  nl_gzlines *z;
  const char *piece;
  char *plain;
  size_t n, plain_len;
  nl_format f;
  nl_status rc = nl_gzlines_open(data, len, cap, name, &z, err);
  if (rc != NL_OK) return rc;
  rc = nl_gzlines_next(z, &piece, &n, err);
  if (rc == NL_OK) {
    f = opts && opts->format != NL_FORMAT_UNKNOWN ? opts->format
                                                   : nl_sniff(piece, n, name);
    if (f == NL_FORMAT_JSONL && !nl_wide_kind(piece, n)) {
      rc = gz_lines_run(z, piece, n, name, stem, opts, fn, ctx, res, err);
      nl_gzlines_free(z);
      return rc;
    }
  }
  /* not JSON Lines, empty, cut before a line, or a first line past the
  ** bound: held whole, as the other formats need */
  rc = rc == NL_ENOMEM ? rc
                       : nl_gzlines_rest(z, whole_cap, &plain, &plain_len, err);
  nl_gzlines_free(z);
  if (rc != NL_OK) return rc;
  rc = load_plain(plain, plain_len, -1, name, stem, opts, fn, ctx, res,
                  err);
  nl_free(plain);
  return rc;
}

static nl_status load_any(const char *data, size_t len, int mapped,
                          const char *name, const char *stem,
                          const nl_load_opts *opts, nl_article_fn fn, void *ctx,
                          load_result *res, nl_error *err) {
  size_t cap, whole;
  memset(res, 0, sizeof *res);
  if (!is_gzip(data, len))
    return load_plain(data, len, mapped, name, stem, opts, fn, ctx, res, err);
  if (opts && opts->max_decompressed_bytes) {
    cap = whole = opts->max_decompressed_bytes;
  } else {
    /* Text compresses 3-10x; past 100x it is a bomb, not news.  What is
    ** held whole (all but JSON Lines) stops at 1 GiB. */
    cap = len > SIZE_MAX / 100 ? SIZE_MAX : len * 100;
    if (cap < DEFAULT_MIN_GUNZIP) cap = DEFAULT_MIN_GUNZIP;
    whole = cap > DEFAULT_MAX_GUNZIP ? DEFAULT_MAX_GUNZIP : cap;
  }
  return load_gzip(data, len, cap, whole, name, stem, opts, fn, ctx, res,
                   err);
}

nl_status nl_load_buffer(const char *data, size_t len, const char *name,
                         const nl_load_opts *opts, nl_article_fn fn, void *ctx,
                         nl_error *err) {
  load_result res;
  if (!data) len = 0;
  return load_any(data ? data : "", len, 0, name ? name : "<buffer>", NULL,
                  opts, fn, ctx, &res, err);
}

/* Read a regular file: read() up to READ_MAX bytes, else mmap when
** possible (read() when not). */
static nl_status map_file(const char *path, const nl_load_opts *opts,
                          char **data, size_t *len, int *mapped,
                          nl_error *err) {
  struct stat st;
  size_t max =
      opts && opts->max_file_bytes ? opts->max_file_bytes : DEFAULT_MAX_FILE;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  *data = NULL;
  *len = 0;
  *mapped = 0;
  if (fd < 0)
    return nl_error_set(err, errno == ENOENT ? NL_ENOTFOUND : NL_EIO, "%s: %s",
                        path, strerror(errno));
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return nl_error_set(err, NL_EIO, "%s: %s", path, strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return nl_error_set(err, NL_EINVAL, "%s: %s", path,
                        S_ISDIR(st.st_mode) ? "is a directory"
                                            : "not a regular file");
  }
  if ((unsigned long long)st.st_size > (unsigned long long)max) {
    close(fd);
    return nl_error_set(err, NL_ELIMIT,
                        "%s: file size %lld exceeds the limit of %zu bytes",
                        path, (long long)st.st_size, max);
  }
  *len = (size_t)st.st_size;
  if (*len == 0) {
    close(fd);
    return NL_OK;
  }
  /* A small file is read: mapping it costs a page fault a page and, at
  ** munmap, a TLB shootdown that interrupts the other threads' cores. */
  *data = *len <= READ_MAX ? MAP_FAILED
                           : mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
  if (*data != MAP_FAILED) {
    /* Loaders read front to back: let the kernel read ahead and drop
    ** pages behind, so a large file is streamed, not held. */
    posix_madvise(*data, *len, POSIX_MADV_SEQUENTIAL);
    *mapped = 1;
    close(fd);
    return NL_OK;
  }
  if (!(*data = nl_malloc(*len))) {
    close(fd);
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
  }
  {
    size_t got = 0;
    while (got < *len) {
      ssize_t r = read(fd, *data + got, *len - got);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      got += (size_t)r;
    }
    *len = got;
  }
  close(fd);
  return NL_OK;
}

/* The error of a file that shrank while mapped (nl_mapguard.h): what the
** loader made of the zeros past its new end is not the file's fault. */
static nl_status shrank(const char *path, size_t was, nl_error *err) {
  struct stat st;
  long long now = stat(path, &st) == 0 ? (long long)st.st_size : -1;
  return nl_error_set(err, NL_EIO, "%s: the file shrank while it was read "
                      "(from %zu to %lld bytes): something is rewriting it; "
                      "load it again once it is complete", path, was, now);
}

/* The nl_hash64 of a file's bytes.  A mapped file is hashed a chunk at a
** time, each chunk's pages dropped once hashed: a large file is then not
** resident whole before its loader streams it (a 300 MB JSON Lines dump
** held 300 MB of mapped pages, a 2 GB one would hold 2 GB). */
static uint64_t file_hash(const char *data, size_t len, int mapped) {
  nl_hash64_state h;
  size_t at = 0;
  if (!mapped || len <= 2 * RELEASE_CHUNK) return nl_hash64(data, len);
  nl_hash64_init(&h);
  while (at < len) {
    size_t n = len - at < RELEASE_CHUNK ? len - at : RELEASE_CHUNK;
    nl_hash64_update(&h, data + at, n);
    /* the mapping starts on a page boundary and RELEASE_CHUNK is whole
    ** pages: every chunk but the last is too */
    if (at + n < len)
      madvise((void *)(size_t)(data + at), n, MADV_DONTNEED);
    at += n;
  }
  return nl_hash64_final(&h);
}

/* Map the file, hash its bytes into *hash (unless NULL), load them; a
** file that shrinks meanwhile fails with NL_EIO (nl_mapguard.h). */
static nl_status load_file(const char *path, const char *stem,
                           const nl_load_opts *opts, nl_article_fn fn,
                           void *ctx, load_result *res, uint64_t *hash,
                           nl_error *err) {
  char *data;
  size_t len;
  int mapped;
  nl_status rc;
  memset(res, 0, sizeof *res);
  rc = map_file(path, opts, &data, &len, &mapped, err);
  if (rc != NL_OK) return rc;
  if (mapped) nl_mapguard_begin(data, len);
  if (hash) *hash = file_hash(data, len, mapped);
  rc = load_any(data ? data : "", len, mapped, path, stem, opts, fn, ctx, res,
                err);
  if (mapped && nl_mapguard_end() && rc != NL_ENOMEM)
    rc = shrank(path, len, err);
  if (mapped)
    munmap(data, len);
  else
    nl_free(data);
  return rc;
}

static void file_message(char *msg, size_t cap, const char *path, nl_status rc,
                         const load_result *res, const nl_error *ferr);

/*
** See nl_load.h.  A file loaded with non-fatal problems returns NL_OK with
** err->msg naming them, as nl_load_path's file report does.
*/
nl_status nl_load_file_hash(const char *path, const nl_load_opts *opts,
                            nl_article_fn fn, void *ctx, uint64_t *hash,
                            nl_error *err) {
  load_result res;
  nl_status rc;
  if (!path) return nl_error_set(err, NL_EMISUSE, "nl_load_file: NULL path");
  rc = load_file(path, NULL, opts, fn, ctx, &res, hash, err);
  if (rc == NL_OK && err) {
    err->code = NL_OK;
    file_message(err->msg, sizeof err->msg, path, rc, &res, err);
  }
  return rc;
}

/* See nl_load.h. */
nl_status nl_load_file(const char *path, const nl_load_opts *opts,
                       nl_article_fn fn, void *ctx, nl_error *err) {
  return nl_load_file_hash(path, opts, fn, ctx, NULL, err);
}

/* ------------------------------------------------------------------ */
/* Directory walks                                                     */

typedef struct walk_entry {
  char *path;
  nl_status status; /* NL_OK = load it; else a skip reason */
  const char *why;
} walk_entry;

typedef struct walk {
  walk_entry *v;
  size_t n, cap;
  struct {
    dev_t dev;
    ino_t ino;
  } * dirs;
  size_t ndirs, dirs_cap;
  int follow;
} walk;

static int walk_add(walk *w, char *path, nl_status st, const char *why) {
  if (w->n == w->cap) {
    size_t cap = w->cap ? w->cap * 2 : 256;
    walk_entry *v = nl_realloc(w->v, cap * sizeof *v);
    if (!v) return 0;
    w->v = v;
    w->cap = cap;
  }
  w->v[w->n].path = path;
  w->v[w->n].status = st;
  w->v[w->n].why = why;
  w->n++;
  return 1;
}

/* Remember a directory; 0 if already visited (a symlink loop). */
static int walk_seen(walk *w, const struct stat *st, int *oom) {
  size_t i;
  for (i = 0; i < w->ndirs; i++)
    if (w->dirs[i].dev == st->st_dev && w->dirs[i].ino == st->st_ino) return 1;
  if (w->ndirs == w->dirs_cap) {
    size_t cap = w->dirs_cap ? w->dirs_cap * 2 : 32;
    void *d = nl_realloc(w->dirs, cap * sizeof *w->dirs);
    if (!d) {
      *oom = 1;
      return 1;
    }
    w->dirs = d;
    w->dirs_cap = cap;
  }
  w->dirs[w->ndirs].dev = st->st_dev;
  w->dirs[w->ndirs].ino = st->st_ino;
  w->ndirs++;
  return 0;
}

static nl_status walk_dir(walk *w, const char *dir, int depth, nl_error *err) {
  DIR *d = opendir(dir);
  struct dirent *e;
  nl_status rc = NL_OK;
  if (!d) {
    char *p = nl_strdup(dir);
    if (!p || !walk_add(w, p, NL_EIO, strerror(errno))) {
      nl_free(p);
      return nl_error_set(err, NL_ENOMEM, "%s: out of memory", dir);
    }
    return NL_OK;
  }
  while (rc == NL_OK && (e = readdir(d)) != NULL) {
    nl_buf pb = NL_BUF_INIT;
    struct stat st;
    char *path;
    const char *why;
    int oom = 0;
    if (e->d_name[0] == '.') continue; /* hidden, "." and ".." */
    nl_buf_printf(&pb, "%s%s%s", dir,
                  dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
    if (!(path = nl_buf_detach(&pb, NULL))) {
      rc = nl_error_set(err, NL_ENOMEM, "%s: out of memory", dir);
      break;
    }
    if (lstat(path, &st) != 0) {
      if (!walk_add(w, path, NL_EIO, strerror(errno))) goto oom;
      continue;
    }
    if (S_ISLNK(st.st_mode)) {
      if (!w->follow) {
        if (!walk_add(w, path, NL_EINVAL, "symbolic link not followed"))
          goto oom;
        continue;
      }
      if (stat(path, &st) != 0) {
        if (!walk_add(w, path, NL_EIO, "dangling symbolic link")) goto oom;
        continue;
      }
    }
    if (S_ISDIR(st.st_mode)) {
      if (depth >= MAX_WALK_DEPTH) {
        if (!walk_add(w, path, NL_ELIMIT, "directories nested too deep"))
          goto oom;
      } else if (walk_seen(w, &st, &oom)) {
        if (oom) goto oom;
        if (!walk_add(w, path, NL_EINVAL, "directory already visited (loop)"))
          goto oom;
      } else {
        rc = walk_dir(w, path, depth + 1, err);
        nl_free(path);
      }
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      if (!walk_add(w, path, NL_EINVAL, "not a regular file")) goto oom;
      continue;
    }
    why = nl_sniff_doc_name(path); /* a dataset's README: skipped */
    if (!walk_add(w, path, why ? NL_EINVAL : NL_OK, why)) goto oom;
    continue;
  oom:
    nl_free(path);
    rc = nl_error_set(err, NL_ENOMEM, "%s: out of memory", dir);
  }
  closedir(d);
  return rc;
}

static int entry_cmp(const void *a, const void *b) {
  return strcmp(((const walk_entry *)a)->path, ((const walk_entry *)b)->path);
}

static void report(nl_file_fn on_file, void *ctx, const char *path,
                   const load_result *res, nl_status st, const char *msg) {
  nl_file_report r;
  if (!on_file) return;
  r.file = path;
  r.format = res ? res->format : NL_FORMAT_UNKNOWN;
  r.articles = res ? res->articles : 0;
  r.repaired_bytes = res ? res->repaired : 0;
  r.status = st;
  r.message = msg && msg[0] ? msg : NULL;
  r.done = r.total = 0;
  on_file(ctx, &r);
}

/* The file report message: the error, or the notes of a loaded file. */
static void file_message(char *msg, size_t cap, const char *path, nl_status rc,
                         const load_result *res, const nl_error *ferr) {
  nl_buf b = NL_BUF_INIT;
  size_t n;
  if (rc != NL_OK)
    nl_buf_puts(&b, ferr->msg);
  else if (res->notes)
    nl_buf_printf(&b, "%s: %zu problem%s: %s", path, res->notes,
                  res->notes == 1 ? "" : "s", res->note);
  n = b.len < cap - 1 ? b.len : cap - 1;
  if (n && nl_buf_ok(&b)) memcpy(msg, b.data, n);
  msg[nl_buf_ok(&b) ? n : 0] = '\0';
  nl_buf_free(&b);
}

/* Load one walked file and report it. Returns NL_OK, ENOMEM or EINTERRUPT. */
static nl_status walk_load(const char *root, const walk_entry *e,
                           const nl_load_opts *opts, nl_article_fn fn,
                           nl_file_fn on_file, void *ctx, nl_error *err) {
  load_result res;
  nl_error ferr = NL_ERROR_INIT;
  nl_status rc;
  char *stem;
  size_t rl = strlen(root);
  const char *rel = e->path + rl;
  char msg[NL_ERROR_MSG_MAX];
  if (e->status != NL_OK) {
    snprintf(msg, sizeof msg, "%s: skipped: %s", e->path, e->why);
    report(on_file, ctx, e->path, NULL, e->status, msg);
    return NL_OK;
  }
  while (*rel == '/')
    rel++;
  if (!(stem = make_stem(rel, 1)))
    return nl_error_set(err, NL_ENOMEM, "%s: out of memory", e->path);
  rc = load_file(e->path, stem, opts, fn, ctx, &res, NULL, &ferr);
  nl_free(stem);
  file_message(msg, sizeof msg, e->path, rc, &res, &ferr);
  report(on_file, ctx, e->path, &res, rc, msg);
  if (rc == NL_ENOMEM || rc == NL_EINTERRUPT) {
    if (err) *err = ferr;
    return rc;
  }
  return NL_OK;
}

nl_status nl_load_path(const char *path, const nl_load_opts *opts,
                       nl_article_fn fn, nl_file_fn on_file, void *ctx,
                       nl_error *err) {
  struct stat st;
  walk w;
  nl_status rc = NL_OK;
  size_t i;
  if (!path) return nl_error_set(err, NL_EMISUSE, "nl_load_path: NULL path");
  if (stat(path, &st) != 0)
    return nl_error_set(err, errno == ENOENT ? NL_ENOTFOUND : NL_EIO, "%s: %s",
                        path, strerror(errno));
  if (!S_ISDIR(st.st_mode)) {
    load_result res;
    nl_error ferr = NL_ERROR_INIT;
    char msg[NL_ERROR_MSG_MAX];
    rc = load_file(path, NULL, opts, fn, ctx, &res, NULL, &ferr);
    file_message(msg, sizeof msg, path, rc, &res, &ferr);
    report(on_file, ctx, path, &res, rc, msg);
    if (err && rc != NL_OK) *err = ferr;
    return rc;
  }
  memset(&w, 0, sizeof w);
  w.follow = opts ? opts->follow_symlinks : 0;
  {
    int oom = 0;
    walk_seen(&w, &st, &oom);
    if (oom) return nl_error_set(err, NL_ENOMEM, "%s: out of memory", path);
  }
  rc = walk_dir(&w, path, 0, err);
  if (rc == NL_OK) {
    qsort(w.v, w.n, sizeof *w.v, entry_cmp);
    for (i = 0; i < w.n && rc == NL_OK; i++)
      rc = walk_load(path, &w.v[i], opts, fn, on_file, ctx, err);
  }
  for (i = 0; i < w.n; i++)
    nl_free(w.v[i].path);
  nl_free(w.v);
  nl_free(w.dirs);
  return rc;
}

_Static_assert(NL_PATH_MAX >= PATH_MAX, "NL_PATH_MAX: realpath's buffer");

/* See nl_load.h. */
nl_status nl_path_canonical(const char *path, char *out, nl_error *err) {
  out[0] = '\0';
  if (!path) return nl_error_set(err, NL_EINVAL, "canonical path: NULL");
  if (realpath(path, out)) return NL_OK;
  out[0] = '\0';
  return nl_error_set(err, errno == ENOENT || errno == ENOTDIR ? NL_ENOTFOUND
                                                               : NL_EIO,
                      "%s: %s", path, strerror(errno));
}
