/*
** nl_sniff.c -- format names and sniffing: what format are these bytes?
**
** Content first: byte-order marks and wide encodings (UTF-16/32, by BOM or
** by the NUL pattern of ASCII text), binary junk (NUL bytes, mostly control
** bytes), then the first thing in the text: markup (the XML prolog is
** skipped to the root element, whose name decides), JSON ('{' '['; JSON
** Lines when several lines each hold an object), else plain text.  The file
** name only decides what content leaves open (an XML root we do not know).
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "nl_loader_internal.h"
#include "nl_ascii.h"

#define SNIFF_BYTES 4096

static const char *const format_names[NL_FORMAT_COUNT] = {
    "unknown", "text", "html", "rss",  "rdf",   "atom",  "newsml",
    "nitf",    "rcv1", "sgml", "json", "jsonl", "timeml"};

const char *nl_format_name(nl_format f) {
  if ((int)f < 0 || f >= NL_FORMAT_COUNT) return "unknown";
  return format_names[f];
}

nl_format nl_format_from_name(const char *name) {
  int i;
  if (!name) return NL_FORMAT_UNKNOWN;
  for (i = 1; i < NL_FORMAT_COUNT; i++) /* the loaders' own pointers */
    if (name == format_names[i]) return (nl_format)i;
  for (i = 1; i < NL_FORMAT_COUNT; i++)
    if (!strcmp(name, format_names[i])) return (nl_format)i;
  return NL_FORMAT_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* Sniffing                                                            */

static int has_prefix_ci(const char *s, size_t n, const char *p) {
  size_t k = strlen(p), i;
  if (n < k) return 0;
  for (i = 0; i < k; i++)
    if (nl_ascii_lower((unsigned char)s[i]) != nl_ascii_lower((unsigned char)p[i])) return 0;
  return 1;
}

static int is_ws(int c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int name_char(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':';
}

/* Find `needle` (ASCII, case-insensitive) in s[0..n).  Needles start
** with a non-letter ('<', '?', '-'), so memchr finds the candidates. */
static const char *find_ci(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  const char *p = s, *end = s + n;
  while ((size_t)(end - p) >= k &&
         (p = memchr(p, needle[0], (size_t)(end - p) - k + 1)) != NULL) {
    if (has_prefix_ci(p, k, needle)) return p;
    p++;
  }
  return NULL;
}

/* The extension-derived format of a file name (".gz" stripped). */
static nl_format format_by_name(const char *name) {
  static const struct {
    const char *ext;
    nl_format f;
  } exts[] = {{".txt", NL_FORMAT_TEXT},      {".html", NL_FORMAT_HTML},
              {".htm", NL_FORMAT_HTML},      {".xhtml", NL_FORMAT_HTML},
              {".rss", NL_FORMAT_RSS},       {".rdf", NL_FORMAT_RDF},
              {".atom", NL_FORMAT_ATOM},     {".sgm", NL_FORMAT_SGML},
              {".sgml", NL_FORMAT_SGML},     {".json", NL_FORMAT_JSON},
              {".jsonl", NL_FORMAT_JSONL},   {".ndjson", NL_FORMAT_JSONL},
              {".tml", NL_FORMAT_TIMEML},    {".nitf", NL_FORMAT_NITF},
              {".newsml", NL_FORMAT_NEWSML}, {NULL, NL_FORMAT_UNKNOWN}};
  size_t n, k;
  int i;
  const char *base;
  if (!name) return NL_FORMAT_UNKNOWN;
  base = strrchr(name, '/');
  base = base ? base + 1 : name;
  n = strlen(base);
  if (n > 3 && has_prefix_ci(base + n - 3, 3, ".gz")) n -= 3;
  for (i = 0; exts[i].ext; i++) {
    k = strlen(exts[i].ext);
    if (n > k && has_prefix_ci(base + n - k, k, exts[i].ext)) return exts[i].f;
  }
  return NL_FORMAT_UNKNOWN;
}

/* The format named by an XML/SGML root element (local name). */
static nl_format format_by_root(const char *s, size_t n) {
  static const struct {
    const char *root;
    nl_format f;
  } roots[] = {{"rss", NL_FORMAT_RSS},
               {"rdf:RDF", NL_FORMAT_RDF},
               {"RDF", NL_FORMAT_RDF},
               {"feed", NL_FORMAT_ATOM},
               {"newsMessage", NL_FORMAT_NEWSML},
               {"newsItem", NL_FORMAT_NEWSML},
               {"knowledgeItem", NL_FORMAT_NEWSML},
               {"packageItem", NL_FORMAT_NEWSML},
               {"conceptItem", NL_FORMAT_NEWSML},
               {"contentSet", NL_FORMAT_NEWSML},
               {"contentMeta", NL_FORMAT_NEWSML},
               {"NewsML", NL_FORMAT_NEWSML},
               {"nitf", NL_FORMAT_NITF},
               {"newsitem", NL_FORMAT_RCV1},
               {"TimeML", NL_FORMAT_TIMEML},
               {"html", NL_FORMAT_HTML},
               {"head", NL_FORMAT_HTML},
               {"body", NL_FORMAT_HTML},
               {"REUTERS", NL_FORMAT_SGML},
               {NULL, NL_FORMAT_UNKNOWN}};
  size_t k = 0, local = 0;
  int i;
  while (k < n && name_char((unsigned char)s[k])) {
    if (s[k] == ':') local = k + 1;
    k++;
  }
  if (k == 0) return NL_FORMAT_UNKNOWN;
  for (i = 0; roots[i].root; i++) {
    const char *r = roots[i].root;
    size_t rl = strlen(r);
    int html = roots[i].f == NL_FORMAT_HTML;
    /* Qualified match first ("rdf:RDF"), then the local name. */
    if ((k == rl && (html ? has_prefix_ci(s, k, r) : !memcmp(s, r, k))) ||
        (local && k - local == rl && !memcmp(s + local, r, rl)))
      return roots[i].f;
  }
  /* "newsitem" is case-sensitive for RCV1; "NITF" appears upper-case. */
  if (k == 4 && has_prefix_ci(s, 4, "nitf")) return NL_FORMAT_NITF;
  return NL_FORMAT_UNKNOWN;
}

/* Root names of HTML documents and fragments (case-insensitive). */
static int html_root(const char *s, size_t k) {
  static const char *const tags[] = {
      "html",    "head",    "body", "p",      "div",    "span",   "a",
      "b",       "i",       "em",   "strong", "h1",     "h2",     "h3",
      "h4",      "h5",      "h6",   "table",  "ul",     "ol",     "li",
      "br",      "img",     "meta", "link",   "script", "style",  "title",
      "article", "section", "main", "header", "nav",    "figure", "blockquote",
      "pre",     "center",  "font", NULL};
  int i;
  for (i = 0; tags[i]; i++)
    if (strlen(tags[i]) == k && has_prefix_ci(s, k, tags[i])) return 1;
  return 0;
}

/*
** Markup: skip the prolog (XML declaration, processing instructions,
** comments, DOCTYPE) to the root element.  *root / *rootlen receive the
** root's name (empty when there is none).
*/
static nl_format sniff_markup(const char *s, size_t n, const char *name,
                              const char **root, size_t *rootlen) {
  size_t i = 0, k;
  nl_format f, byname, hint = NL_FORMAT_UNKNOWN;
  *root = "";
  *rootlen = 0;
  while (i < n) {
    const char *e;
    while (i < n && is_ws((unsigned char)s[i]))
      i++;
    if (i >= n) return hint; /* prolog only: no root */
    if (s[i] != '<') return hint ? hint : NL_FORMAT_TEXT;
    if (has_prefix_ci(s + i, n - i, "<?")) {
      e = find_ci(s + i, n - i, "?>");
      if (!e) return NL_FORMAT_UNKNOWN;
      i = (size_t)(e - s) + 2;
    } else if (has_prefix_ci(s + i, n - i, "<!--")) {
      e = find_ci(s + i + 4, n - i - 4, "-->");
      if (!e) return NL_FORMAT_UNKNOWN;
      i = (size_t)(e - s) + 3;
    } else if (has_prefix_ci(s + i, n - i, "<!doctype")) {
      size_t j = i + 9;
      int depth = 0;
      while (j < n && is_ws((unsigned char)s[j]))
        j++;
      /* The doctype is a hint; a root element we know wins over it
      ** ("<!DOCTYPE html ...><rss>" is a feed). */
      if (has_prefix_ci(s + j, n - j, "html")) hint = NL_FORMAT_HTML;
      if (has_prefix_ci(s + j, n - j, "lewis")) return NL_FORMAT_SGML;
      if (has_prefix_ci(s + j, n - j, "rss")) hint = NL_FORMAT_RSS;
      if (has_prefix_ci(s + j, n - j, "nitf")) hint = NL_FORMAT_NITF;
      if (has_prefix_ci(s + j, n - j, "newsitem")) hint = NL_FORMAT_RCV1;
      /* Skip the doctype with its internal subset. */
      while (j < n && !(s[j] == '>' && depth == 0)) {
        if (s[j] == '[') depth++;
        if (s[j] == ']' && depth) depth--;
        j++;
      }
      i = j + 1;
    } else if (has_prefix_ci(s + i, n - i, "<!element") ||
               has_prefix_ci(s + i, n - i, "<!entity") ||
               has_prefix_ci(s + i, n - i, "<!attlist")) {
      *root = s + i + 1; /* "!ELEMENT": a DTD, no document */
      *rootlen = 8;
      return NL_FORMAT_UNKNOWN;
    } else {
      break;
    }
  }
  if (i >= n) return hint;
  for (k = i + 1; k < n && name_char((unsigned char)s[k]); k++) {
  }
  if (k == i + 1) /* "<<<", "< 5": not markup */
    return hint ? hint : NL_FORMAT_TEXT;
  *root = s + i + 1;
  *rootlen = k - i - 1;
  if ((f = format_by_root(s + i + 1, n - i - 1)) != NL_FORMAT_UNKNOWN) return f;
  if (hint) return hint;
  byname = format_by_name(name);
  if (byname != NL_FORMAT_UNKNOWN && byname != NL_FORMAT_TEXT) return byname;
  if (html_root(*root, *rootlen)) return NL_FORMAT_HTML;
  return NL_FORMAT_UNKNOWN;
}

/* '{' or '[' at the start: JSON, or JSON Lines when several lines each
** start with '{' and the first line closes itself. */
static nl_format sniff_json(const char *s, size_t n) {
  const char *nl = memchr(s, '\n', n);
  size_t e, i;
  if (s[0] != '{' || !nl) return NL_FORMAT_JSON;
  e = (size_t)(nl - s);
  while (e > 0 && is_ws((unsigned char)s[e - 1]))
    e--;
  if (e == 0 || s[e - 1] != '}') return NL_FORMAT_JSON;
  i = (size_t)(nl - s) + 1;
  while (i < n && is_ws((unsigned char)s[i]))
    i++;
  if (i >= n || s[i] == '{') return NL_FORMAT_JSONL;
  return NL_FORMAT_JSON;
}

/*
** Binary junk: a NUL byte, or over 10% control bytes (other than
** whitespace, ESC and the DOS end-of-file SUB), in the first SNIFF_BYTES.
** In JSON (`json`: the text starts with { or [) a NUL is one more control
** byte: a stray one costs its JSON Lines line, not the whole dump.
** Returns the offset of the first offending byte, or (size_t)-1.
*/
static size_t binary_at(const char *s, size_t n, int json) {
  const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
  size_t i, ctl = 0, first = (size_t)-1;
  if (n > SNIFF_BYTES) n = SNIFF_BYTES;
  for (i = 0; i < n; i++) {
    unsigned char c;
    for (; i + 8 <= n; i += 8) { /* skip blocks with no byte < 0x20 or DEL */
      uint64_t x, y;
      memcpy(&x, s + i, 8);
      y = x ^ (ones * 0x7F);
      if ((((x - ones * 0x20) & ~x) | ((y - ones) & ~y)) & high) break;
    }
    if (i >= n) break;
    c = (unsigned char)s[i];
    if (c == 0 && !json) return i;
    if ((c < 0x20 && !is_ws(c) && c != 0x1b && c != 0x1a) || c == 0x7f) {
      if (first == (size_t)-1) first = i;
      ctl++;
    }
  }
  return ctl * 10 > n ? first : (size_t)-1;
}

static nl_format sniff_utf8(const char *s, size_t n, const char *name,
                            const char **root, size_t *rootlen) {
  size_t i = 0, k;
  *root = "";
  *rootlen = 0;
  if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n && is_ws((unsigned char)s[i]))
    i++;
  if (i >= n) return NL_FORMAT_UNKNOWN;
  if (binary_at(s, n, s[i] == '{' || s[i] == '[') != (size_t)-1)
    return NL_FORMAT_UNKNOWN;
  if (s[i] == '<') return sniff_markup(s + i, n - i, name, root, rootlen);
  if (s[i] == '{' || s[i] == '[') {
    nl_format byname = format_by_name(name);
    if (byname == NL_FORMAT_JSON || byname == NL_FORMAT_JSONL) return byname;
    return sniff_json(s + i, n - i);
  }
  k = n - i > SNIFF_BYTES ? SNIFF_BYTES : n - i;
  if (find_ci(s + i, k, "<!doctype html") || find_ci(s + i, k, "<html"))
    return NL_FORMAT_HTML;
  if (find_ci(s + i, k, "<REUTERS ")) return NL_FORMAT_SGML;
  return NL_FORMAT_TEXT;
}

static unsigned rd16(const unsigned char *u, int le) {
  return le ? (unsigned)(u[0] | u[1] << 8) : (unsigned)(u[0] << 8 | u[1]);
}

static unsigned long rd32(const unsigned char *u, int le) {
  return le ? (unsigned long)u[0] | (unsigned long)u[1] << 8 |
                  (unsigned long)u[2] << 16 | (unsigned long)u[3] << 24
            : (unsigned long)u[0] << 24 | (unsigned long)u[1] << 16 |
                  (unsigned long)u[2] << 8 | (unsigned long)u[3];
}

int nl_wide_kind(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i, k, z[4] = {0, 0, 0, 0};
  if (n >= 4 && !memcmp(u, "\0\0\xFE\xFF", 4)) return NL_WIDE_UTF32BE;
  if (n >= 4 && !memcmp(u, "\xFF\xFE\0\0", 4)) return NL_WIDE_UTF32LE;
  if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) return NL_WIDE_UTF16LE;
  if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) return NL_WIDE_UTF16BE;
  k = (n > 256 ? 256 : n) & ~(size_t)3;
  if (k < 8) return 0;
  if (!memchr(u, 0, k)) return 0; /* no zero byte: every test below fails */
  for (i = 0; i < k; i++)
    z[i & 3] += u[i] == 0;
  /* ASCII in UTF-32: three zero bytes of every four. */
  if (z[0] == 0 && z[1] * 4 > k * 9 / 10 && z[2] * 4 > k * 9 / 10 &&
      z[3] * 4 > k * 9 / 10)
    return NL_WIDE_UTF32LE;
  if (z[3] == 0 && z[0] * 4 > k * 9 / 10 && z[1] * 4 > k * 9 / 10 &&
      z[2] * 4 > k * 9 / 10)
    return NL_WIDE_UTF32BE;
  /* ASCII in UTF-16: every other byte zero. */
  if (z[0] + z[2] == 0 && (z[1] + z[3]) * 10 > k * 4) return NL_WIDE_UTF16LE;
  if (z[1] + z[3] == 0 && (z[0] + z[2]) * 10 > k * 4) return NL_WIDE_UTF16BE;
  return 0;
}

void nl_wide_to_utf8(nl_buf *out, const char *s, size_t n, int kind,
                     size_t limit) {
  const unsigned char *u = (const unsigned char *)s;
  int le = kind == NL_WIDE_UTF16LE || kind == NL_WIDE_UTF32LE;
  size_t i = 0;
  if (kind == NL_WIDE_UTF32LE || kind == NL_WIDE_UTF32BE) {
    if (n >= 4 && rd32(u, le) == 0xFEFF) i = 4;
    for (; i + 3 < n && out->len < limit; i += 4) {
      unsigned long c = rd32(u + i, le);
      nl_buf_put_utf8(out, c > 0x10FFFF ? 0xFFFD : (unsigned)c);
    }
    return;
  }
  if (n >= 2 && rd16(u, le) == 0xFEFF) i = 2;
  for (; i + 1 < n && out->len < limit; i += 2) {
    unsigned c = rd16(u + i, le);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < n) {
      unsigned lo = rd16(u + i + 2, le);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
    }
    nl_buf_put_utf8(out, c);
  }
}

/* Sniff, transcoding a prefix of wide text first. */
static nl_format sniff_any(const char *data, size_t len, const char *name,
                           char *why, size_t cap) {
  nl_buf b = NL_BUF_INIT;
  const char *root;
  size_t rootlen, at, i = 0;
  int kind;
  nl_format f;
  if (!data || len == 0) {
    if (why) snprintf(why, cap, "empty file");
    return NL_FORMAT_UNKNOWN;
  }
  if (len >= 2 && (unsigned char)data[0] == 0x1f &&
      (unsigned char)data[1] == 0x8b) {
    if (why) snprintf(why, cap, "gzip data (gunzip first)");
    return NL_FORMAT_UNKNOWN;
  }
  if ((kind = nl_wide_kind(data, len)) != 0) {
    nl_wide_to_utf8(&b, data, len, kind, SNIFF_BYTES);
    if (!nl_buf_ok(&b)) {
      nl_buf_free(&b);
      if (why) snprintf(why, cap, "out of memory");
      return NL_FORMAT_UNKNOWN;
    }
    data = b.data ? b.data : "";
    len = b.len;
  }
  f = sniff_utf8(data, len, name, &root, &rootlen);
  if (f == NL_FORMAT_UNKNOWN && why) {
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < len && is_ws((unsigned char)data[i]))
      i++;
    at = binary_at(data, len, i < len && (data[i] == '{' || data[i] == '['));
    if (i == len)
      snprintf(why, cap, "empty file");
    else if (at != (size_t)-1)
      snprintf(why, cap, "binary data, not a news format (%s at byte %zu)",
               data[at] ? "control byte" : "NUL byte", at);
    else if (rootlen && root[0] == '!')
      snprintf(why, cap, "markup declarations (a DTD), not a news format");
    else if (rootlen)
      snprintf(why, cap, "unrecognised XML root <%.*s>",
               (int)(rootlen > 40 ? 40 : rootlen), root);
    else
      snprintf(why, cap, "markup without a root element");
  }
  nl_buf_free(&b);
  return f;
}

nl_format nl_sniff(const char *data, size_t len, const char *filename) {
  return sniff_any(data, len, filename, NULL, 0);
}

void nl_sniff_explain(const char *data, size_t len, const char *name, char *why,
                      size_t cap) {
  if (cap == 0) return;
  why[0] = '\0';
  if (sniff_any(data, len, name, why, cap) != NL_FORMAT_UNKNOWN)
    snprintf(why, cap, "recognised");
}

/* See nl_loader_internal.h.  A news format's extension is one
** format_by_name knows (not plain text), or ".xml" (sniffed by content). */
const char *nl_sniff_doc_name(const char *path) {
  static const char *const names[] = {"readme",  "license",   "licence",
                                      "copying", "notice",    "changelog",
                                      "authors", NULL};
  const char *base = strrchr(path, '/'), *const *n;
  size_t len, k;
  nl_format f;
  base = base ? base + 1 : path;
  len = strcspn(base, ".");
  for (n = names; *n && !(strlen(*n) == len && has_prefix_ci(base, len, *n));
       n++) {
  }
  if (!*n) return NULL;
  f = format_by_name(base);
  k = strlen(base);
  if (k > 3 && has_prefix_ci(base + k - 3, 3, ".gz")) k -= 3;
  if ((f != NL_FORMAT_UNKNOWN && f != NL_FORMAT_TEXT) ||
      (k >= len + 4 && has_prefix_ci(base + k - 4, 4, ".xml")))
    return NULL; /* authors.json (a JSON Feed), changelog.xml: data */
  return "documentation (README, LICENSE, ...), not an article; name the "
         "file itself to read it";
}
