/* Tests for nl_load: format names, sniffing, gzip, UTF-16, buffers, files,
** directory walks and the hostile cases (empty, binary junk, truncated
** gzip, size limits, zip bombs, non-regular files). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"
#include "newslua/nl_buf.h"
#include "newslua/nl_load.h"
#include "nl_alloc.h"
#include "nl_loader_internal.h"

#define WALK NL_TEST_DATA "/load/walk"

/* Collects what a load produced. */
typedef struct got {
  char ids[16][64];
  char titles[16][128];
  char formats[16][16];
  size_t n;
  char files[16][160];
  nl_status status[16];
  char messages[16][NL_ERROR_MSG_MAX];
  size_t articles[16];
  size_t nfiles;
  int stop_after;
} got;

static int on_article(void *ctx, nl_article *a) {
  got *g = ctx;
  if (g->n < 16) {
    snprintf(g->ids[g->n], sizeof g->ids[0], "%s", a->id ? a->id : "");
    snprintf(g->titles[g->n], sizeof g->titles[0], "%s",
             a->title ? a->title : "");
    snprintf(g->formats[g->n], sizeof g->formats[0], "%s", a->format);
  }
  g->n++;
  nl_article_free(a);
  return g->stop_after && (int)g->n >= g->stop_after;
}

static void on_file(void *ctx, const nl_file_report *r) {
  got *g = ctx;
  size_t k = g->nfiles++;
  /* relative to the walked folder (a checkout path may itself hold /walk/) */
  size_t nw = strlen(WALK "/");
  const char *rel = strncmp(r->file, WALK "/", nw) == 0 ? r->file + nw : NULL;
  if (k >= 16) return;
  snprintf(g->files[k], sizeof g->files[0], "%s", rel ? rel : r->file);
  g->status[k] = r->status;
  g->articles[k] = r->articles;
  snprintf(g->messages[k], sizeof g->messages[0], "%s",
           r->message ? r->message : "");
}

/* What a loader left of the publication date, and its warnings. */
typedef struct dated {
  char published[32], warnings[512];
  nl_pub_source source;
} dated;

static int on_dated(void *ctx, nl_article *a) {
  dated *d = ctx;
  size_t i;
  snprintf(d->published, sizeof d->published, "%s",
           a->published ? a->published : "");
  d->source = a->published_source;
  d->warnings[0] = '\0';
  for (i = 0; i < a->n_warnings; i++)
    strncat(d->warnings, a->warnings[i],
            sizeof d->warnings - strlen(d->warnings) - 1);
  nl_article_free(a);
  return 0;
}

/*
** A header date years ahead (a crawler's placeholder, as news-please
** writes 2099 dates) is no publication date: not used, and a warning
** names it and where it came from; a date of today stays.
*/
static void test_future_date(void) {
  static const char future[] = "date 2099-01-01\nMarkets rallied on Monday.\n";
  static const char jsonl[] = "{\"title\": \"T\", \"maintext\": \"Markets "
                              "rallied.\", \"date_publish\": \"2099-01-01 "
                              "00:00:00\"}\n";
  char today[64], buf[128];
  time_t now = time(NULL);
  dated d;
  memset(&d, 0, sizeof d);
  NL_CHECK(nl_load_buffer(future, strlen(future), "f.txt", NULL, on_dated, &d,
                          NULL) == NL_OK,
           "loads");
  NL_CHECK_STR_EQ(d.published, "", "not used");
  NL_CHECK_INT_EQ(d.source, NL_PUB_NONE, "undated");
  NL_CHECK(strstr(d.warnings, "f.txt: publication date 2099-01-01") &&
               strstr(d.warnings, "is in the future; not used"),
           "warned: %s", d.warnings);
  memset(&d, 0, sizeof d);
  NL_CHECK(nl_load_buffer(jsonl, strlen(jsonl), "dump.jsonl", NULL, on_dated,
                          &d, NULL) == NL_OK,
           "a news-please line loads");
  NL_CHECK_STR_EQ(d.published, "", "its 2099 date not used");
  NL_CHECK(strstr(d.warnings, "in the future"), "warned: %s", d.warnings);
  strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
  snprintf(buf, sizeof buf, "date %s\nMarkets rallied.\n", today);
  memset(&d, 0, sizeof d);
  NL_CHECK(nl_load_buffer(buf, strlen(buf), "t.txt", NULL, on_dated, &d,
                          NULL) == NL_OK,
           "today loads");
  NL_CHECK_STR_EQ(d.published, today, "today's date stays");
  NL_CHECK_INT_EQ(d.source, NL_PUB_METADATA, "metadata");
}

static void test_names(void) {
  int f;
  NL_CHECK_STR_EQ(nl_format_name(NL_FORMAT_SGML), "sgml", "sgml name");
  NL_CHECK_STR_EQ(nl_format_name(NL_FORMAT_COUNT), "unknown", "out of range");
  for (f = 1; f < NL_FORMAT_COUNT; f++)
    NL_CHECK((int)nl_format_from_name(nl_format_name((nl_format)f)) == f,
             "round trip %s", nl_format_name((nl_format)f));
  NL_CHECK(nl_format_from_name("xml") == NL_FORMAT_UNKNOWN, "no such name");
  NL_CHECK(nl_format_from_name(NULL) == NL_FORMAT_UNKNOWN, "NULL name");
}

static void test_sniff(void) {
  static const struct {
    const char *data, *name;
    nl_format want;
  } cases[] = {
      {"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", NULL,
       NL_FORMAT_RSS},
      {"<?xml version='1.0'?><!-- c --><rdf:RDF xmlns:rdf=\"x\">", NULL,
       NL_FORMAT_RDF},
      {"<feed xmlns=\"http://www.w3.org/2005/Atom\">", NULL, NL_FORMAT_ATOM},
      {"<?xml version=\"1.0\"?><newsMessage xmlns=\"x\">", NULL,
       NL_FORMAT_NEWSML},
      {"<?xml version=\"1.0\"?><newsItem guid=\"x\">", NULL, NL_FORMAT_NEWSML},
      {"<?xml version=\"1.0\"?><knowledgeItem>", NULL, NL_FORMAT_NEWSML},
      {"<?xml version=\"1.0\"?>\n<!DOCTYPE nitf SYSTEM \"nitf.dtd\">\n<nitf>",
       NULL, NL_FORMAT_NITF},
      {"<?xml version=\"1.0\" encoding=\"iso-8859-1\" ?>\n<newsitem "
       "itemid=\"2286\">",
       NULL, NL_FORMAT_RCV1},
      {"<?xml version=\"1.0\" ?>\n<TimeML xmlns:xsi=\"x\">", NULL,
       NL_FORMAT_TIMEML},
      {"<!DOCTYPE html>\n<html lang=en>", NULL, NL_FORMAT_HTML},
      {"<!DOCTYPE html>\n<title>x</title>", NULL, NL_FORMAT_HTML},
      {"<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"x\" \"y\">\n<!-- c "
       "-->\n<rss>",
       NULL, NL_FORMAT_RSS},
      {"  <HTML><HEAD><TITLE>x</TITLE>", NULL, NL_FORMAT_HTML},
      {"<head><meta charset=utf-8>", NULL, NL_FORMAT_HTML},
      {"<!-- saved page -->\n<body><p>x</p>", NULL, NL_FORMAT_HTML},
      {"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"1\">", NULL,
       NL_FORMAT_SGML},
      {"<REUTERS TOPICS=\"NO\" NEWID=\"2\">", NULL, NL_FORMAT_SGML},
      {"{\"title\": \"x\"}", NULL, NL_FORMAT_JSON},
      {"[{\"title\": \"x\"}]", NULL, NL_FORMAT_JSON},
      {"{\"a\": 1}\n{\"a\": 2}\n", NULL, NL_FORMAT_JSONL},
      {"{\n  \"a\": 1\n}\n", NULL, NL_FORMAT_JSON},
      {"{\"a\": 1}\n", "x.jsonl", NL_FORMAT_JSONL},
      {"\xEF\xBB\xBFTitle\n\nBody text.\n", NULL, NL_FORMAT_TEXT},
      {"Caf\xe9 au lait\n\nLatin-1 text is still text.\n", NULL,
       NL_FORMAT_TEXT},
      {"<<< not markup >>>\nstill text\n", NULL, NL_FORMAT_TEXT},
      /* Content first: text named .html stays text, junk stays junk. */
      {"Plain words\n\nNo tags at all.\n", "page.html", NL_FORMAT_TEXT},
      {"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "junk.html", NL_FORMAT_UNKNOWN},
      {"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f abc", "x.txt",
       NL_FORMAT_UNKNOWN},
      {"   \n\n ", "x.txt", NL_FORMAT_UNKNOWN},
      {"\x1f\x8b\x08\x00", "x.txt.gz", NL_FORMAT_UNKNOWN},
      /* Name second: an XML root we do not know, named by extension. */
      {"<?xml version=\"1.0\"?><channelish/>", "x.rss.gz", NL_FORMAT_RSS},
      {"<?xml version=\"1.0\"?><foo/>", "x.xml", NL_FORMAT_UNKNOWN},
      {"<?xml version=\"1.0\"?><foo/>", "x.tml", NL_FORMAT_TIMEML},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len = strlen(cases[i].data);
    if (cases[i].data[0] == '\x89') len = 16; /* embedded NULs */
    NL_CHECK_STR_EQ(nl_format_name(nl_sniff(cases[i].data, len, cases[i].name)),
                    nl_format_name(cases[i].want), cases[i].data);
  }
  NL_CHECK(nl_sniff("", 0, "x.txt") == NL_FORMAT_UNKNOWN, "empty");
  NL_CHECK(nl_sniff(NULL, 0, NULL) == NL_FORMAT_UNKNOWN, "NULL");
  {
    /* UTF-16LE without BOM, and UTF-16BE with one. */
    const char le[] = "<\0r\0s\0s\0 \0v\0e\0r\0s\0i\0o\0n\0=\0\"\0002\0\"\0>\0";
    const char be[] = "\xfe\xff\0T\0i\0t\0l\0e\0\n\0\n\0B\0o\0d\0y\0.\0\n";
    NL_CHECK(nl_sniff(le, sizeof le - 1, NULL) == NL_FORMAT_RSS, "UTF-16LE");
    NL_CHECK(nl_sniff(be, sizeof be - 1, NULL) == NL_FORMAT_TEXT, "UTF-16BE");
  }
  {
    /* UTF-32 with and without a BOM (feedparser's utf-32 cases). */
    const char le[] =
        "<\0\0\0f\0\0\0e\0\0\0e\0\0\0d\0\0\0 \0\0\0x\0\0\0>\0\0\0";
    const char be[] = "\0\0\xfe\xff\0\0\0<\0\0\0r\0\0\0s\0\0\0s\0\0\0>";
    NL_CHECK(nl_sniff(le, sizeof le - 1, NULL) == NL_FORMAT_ATOM, "UTF-32LE");
    NL_CHECK(nl_sniff(be, sizeof be - 1, NULL) == NL_FORMAT_RSS, "UTF-32BE");
  }
}

static void test_buffer(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  const char *txt = "Headline here\n\nFirst paragraph.\n";
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_buffer(txt, strlen(txt), "dir/story.txt", NULL, on_article,
                          &g, &err) == NL_OK,
           "buffer loads: %s", err.msg);
  NL_CHECK_INT_EQ(g.n, 1, "one article");
  NL_CHECK_STR_EQ(g.ids[0], "story", "id is the stem");
  NL_CHECK_STR_EQ(g.formats[0], "text", "format");
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_buffer(txt, strlen(txt), NULL, NULL, on_article, &g, &err) ==
               NL_OK,
           "unnamed buffer");
  NL_CHECK_STR_EQ(g.ids[0], "<buffer>", "unnamed id");
  /* Empty and junk buffers: EPARSE naming the buffer. */
  NL_CHECK(nl_load_buffer("", 0, "e.txt", NULL, on_article, &g, &err) ==
               NL_EPARSE,
           "empty buffer");
  NL_CHECK_STR_EQ(err.msg, "e.txt: empty file", "empty message");
  NL_CHECK(nl_load_buffer("ab\0cd", 5, "j.txt", NULL, on_article, &g, &err) ==
               NL_EPARSE,
           "junk buffer");
  NL_CHECK_STR_EQ(err.msg,
                  "j.txt: binary data, not a news format (NUL byte at byte 2)",
                  "junk message");
  /* Markup we cannot place says why. */
  {
    const char *x = "<?xml version=\"1.0\"?>\n<planningItem guid=\"p\">";
    const char *c = "<!--\nDescription: empty document\n-->\n";
    NL_CHECK(nl_load_buffer(x, strlen(x), "p.xml", NULL, on_article, &g,
                            &err) == NL_EPARSE,
             "unknown root");
    NL_CHECK_STR_EQ(err.msg, "p.xml: unrecognised XML root <planningItem>",
                    "root named");
    NL_CHECK(nl_load_buffer(c, strlen(c), "c.xml", NULL, on_article, &g,
                            &err) == NL_EPARSE,
             "comment only");
    NL_CHECK_STR_EQ(err.msg, "c.xml: markup without a root element", "no root");
    c = "<!-- v1.1 -->\n<!ELEMENT LEWIS O O (REUTERS+)>\n";
    NL_CHECK(nl_load_buffer(c, strlen(c), "lewis.dtd", NULL, on_article, &g,
                            &err) == NL_EPARSE,
             "a DTD");
    NL_CHECK_STR_EQ(err.msg,
                    "lewis.dtd: markup declarations (a DTD), not a news format",
                    "DTD message");
  }
  /* Forcing a format skips sniffing. */
  {
    nl_load_opts o = NL_LOAD_OPTS_INIT;
    const char *j = "{\"title\": \"Forced\", \"text\": \"Body.\"}";
    memset(&g, 0, sizeof g);
    o.format = NL_FORMAT_JSON;
    NL_CHECK(nl_load_buffer(j, strlen(j), "x.txt", &o, on_article, &g, &err) ==
                 NL_OK,
             "forced json");
    NL_CHECK_STR_EQ(g.titles[0], "Forced", "forced json title");
  }
}

/* gzip a string in memory (zlib, gzip wrapper). */
static size_t gz(const char *s, size_t n, unsigned char *out, size_t cap) {
  z_stream z;
  memset(&z, 0, sizeof z);
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  z.next_in = (unsigned char *)(size_t)s;
  z.avail_in = (uInt)n;
  z.next_out = out;
  z.avail_out = (uInt)cap;
  deflate(&z, Z_FINISH);
  deflateEnd(&z);
  return cap - z.avail_out;
}

static void test_gzip(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  unsigned char buf[4096];
  char *bomb = nl_malloc(1 << 20);
  size_t n;
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_file(WALK "/story.txt.gz", NULL, on_article, &g, &err) ==
               NL_OK,
           "gzip file: %s", err.msg);
  NL_CHECK_STR_EQ(g.titles[0], "Compressed story title", "gunzipped title");
  NL_CHECK_STR_EQ(g.ids[0], "story", "id without .txt.gz");
  NL_CHECK(nl_load_file(WALK "/trunc.txt.gz", NULL, on_article, &g, &err) ==
               NL_EPARSE,
           "truncated gzip");
  NL_CHECK_STR_EQ(err.msg,
                  WALK "/trunc.txt.gz: truncated gzip stream at "
                       "byte 40",
                  "truncated message");
  /* Corrupt deflate data after a valid header. */
  {
    unsigned char bad[] = {0x1f, 0x8b, 8,    0,    0,    0,    0,    0,
                           0,    3,    0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    NL_CHECK(nl_load_buffer((const char *)bad, sizeof bad, "c.gz", NULL,
                            on_article, &g, &err) == NL_EPARSE,
             "corrupt gzip");
    NL_CHECK(strstr(err.msg, "c.gz: corrupt gzip stream at byte") == err.msg,
             "corrupt message: %s", err.msg);
  }
  /* A zip bomb: 1 MiB of spaces compresses to ~1 KiB; cap at 64 KiB. */
  memset(bomb, ' ', 1 << 20);
  n = gz(bomb, 1 << 20, buf, sizeof buf);
  NL_CHECK(n < 4096, "bomb compressed to %zu bytes", n);
  o.max_decompressed_bytes = 65536;
  NL_CHECK(nl_load_buffer((const char *)buf, n, "bomb.txt.gz", &o, on_article,
                          &g, &err) == NL_ELIMIT,
           "bomb refused");
  NL_CHECK(strstr(err.msg, "decompressed size exceeds 65536 bytes") != NULL,
           "bomb message: %s", err.msg);
  /* Two gzip members concatenated read as one stream. */
  {
    const char *a = "Two members\n\nFirst half, ", *b = "second half.\n";
    size_t na = gz(a, strlen(a), buf, sizeof buf);
    size_t nb = gz(b, strlen(b), buf + na, sizeof buf - na);
    memset(&g, 0, sizeof g);
    NL_CHECK(nl_load_buffer((const char *)buf, na + nb, "m.txt.gz", NULL,
                            on_article, &g, &err) == NL_OK,
             "multi-member gzip: %s", err.msg);
    NL_CHECK_STR_EQ(g.titles[0], "Two members", "multi-member title");
  }
  nl_free(bomb);
}

static void test_file_errors(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_file(NL_TEST_DATA "/load/nope.txt", NULL, on_article, &g,
                        &err) == NL_ENOTFOUND,
           "missing file");
  NL_CHECK(strstr(err.msg, "nope.txt: No such file") != NULL, "missing msg");
  NL_CHECK(nl_load_file(WALK, NULL, on_article, &g, &err) == NL_EINVAL,
           "directory refused by nl_load_file");
  NL_CHECK(strstr(err.msg, "is a directory") != NULL, "directory msg");
  NL_CHECK(nl_load_file("/dev/null", NULL, on_article, &g, &err) == NL_EINVAL,
           "device refused");
  NL_CHECK(strstr(err.msg, "/dev/null: not a regular file") != NULL,
           "device msg: %s", err.msg);
  o.max_file_bytes = 10;
  NL_CHECK(nl_load_file(WALK "/B.txt", &o, on_article, &g, &err) == NL_ELIMIT,
           "size limit");
  NL_CHECK(strstr(err.msg, "file size 81 exceeds the limit of 10 bytes") !=
               NULL,
           "size msg: %s", err.msg);
  NL_CHECK(nl_load_file(WALK "/empty.txt", NULL, on_article, &g, &err) ==
               NL_EPARSE,
           "empty file");
  NL_CHECK_STR_EQ(err.msg, WALK "/empty.txt: empty file", "empty file msg");
  NL_CHECK_INT_EQ(g.n, 0, "no articles from failures");
}

/* Counts a load's articles and the report of its one file. */
typedef struct lines_seen {
  size_t n, gaps;
  long last; /* the number in the last id, "<stem>#r<k>" */
  nl_status status;
  size_t reported;
  char message[NL_ERROR_MSG_MAX];
} lines_seen;

static int on_line(void *ctx, nl_article *a) {
  lines_seen *s = ctx;
  const char *r = a->id ? strstr(a->id, "#r") : NULL;
  long k = r ? strtol(r + 2, NULL, 10) : -1;
  if (k != s->last + 1 && !(k == s->last + 2 && k == 65001)) s->gaps++;
  s->last = k;
  s->n++;
  nl_article_free(a);
  return 0;
}

static void on_lines_file(void *ctx, const nl_file_report *r) {
  lines_seen *s = ctx;
  s->status = r->status;
  s->reported = r->articles;
  snprintf(s->message, sizeof s->message, "%s", r->message ? r->message : "");
}

static void write_bytes(const char *path, const void *b, size_t n) {
  FILE *fp = fopen(path, "wb");
  if (fp) {
    fwrite(b, 1, n, fp);
    fclose(fp);
  }
}

/*
** A gzipped JSON Lines dump streams through a window of 8 MiB (nl_gzlines):
** 70,000 lines (9.5 MB inflated: two pieces and more) give every article
** once, in order, a bad line in a later piece is named by its line and
** byte in the whole text; cut at 60%, the lines before the cut load and
** the file says where it was cut (it lost them all before).
*/
static void test_gzip_lines(void) {
  char dir[] = "/tmp/nl_test_gzl_XXXXXX", path[64], note[96];
  nl_buf text = NL_BUF_INIT;
  nl_error err = NL_ERROR_INIT;
  lines_seen s;
  size_t cap = 8 << 20, n, bad_at = 0, cut;
  unsigned char *gzb = nl_malloc(cap);
  int k;
  if (!mkdtemp(dir) || !gzb) return;
  for (k = 1; k <= 70000; k++) {
    if (k == 65000) bad_at = text.len;
    if (k == 65000)
      nl_buf_puts(&text, "{\"title\": \"broken\n");
    else
      nl_buf_printf(&text, "{\"id\": \"r%d\", \"title\": \"Item %d\", \"text\""
                    ": \"Talks went on for day %d of the round in Geneva, "
                    "said a spokesman for the ministry.\"}\n", k, k, k);
  }
  NL_CHECK(nl_buf_ok(&text) && text.len > 9000000, "%zu bytes of JSON Lines",
           text.len);
  n = gz(text.data, text.len, gzb, cap);
  snprintf(path, sizeof path, "%s/dump.jsonl.gz", dir);
  write_bytes(path, gzb, n);
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_load_path(path, NULL, on_line, on_lines_file, &s, &err) ==
               NL_OK, "whole: %s", err.msg);
  NL_CHECK_INT_EQ(s.status, NL_OK, "file loaded");
  NL_CHECK_INT_EQ(s.n, 69999, "every good line once");
  NL_CHECK_INT_EQ(s.gaps, 0, "in order, ids from the records");
  NL_CHECK_INT_EQ(s.last, 70000, "up to the last");
  snprintf(note, sizeof note, "line 65000 (byte %zu): json: ", bad_at + 10);
  NL_CHECK(strstr(s.message, note) != NULL, "the bad line by its place in "
           "the whole text: %s", s.message);
  { /* the same words as for the uncompressed file */
    lines_seen plain;
    const char *m1 = strstr(s.message, ": 1 problem"), *m2;
    snprintf(path, sizeof path, "%s/dump.jsonl", dir);
    write_bytes(path, text.data, text.len);
    memset(&plain, 0, sizeof plain);
    nl_load_path(path, NULL, on_line, on_lines_file, &plain, &err);
    m2 = strstr(plain.message, ": 1 problem");
    NL_CHECK(m1 && m2 && !strcmp(m1, m2), "as uncompressed: %s", plain.message);
    NL_CHECK_INT_EQ(plain.n, s.n, "as many articles");
    remove(path);
  }
  cut = n * 6 / 10;
  snprintf(path, sizeof path, "%s/cut.jsonl.gz", dir);
  write_bytes(path, gzb, cut);
  memset(&s, 0, sizeof s);
  NL_CHECK(nl_load_path(path, NULL, on_line, on_lines_file, &s, &err) ==
               NL_OK, "cut: %s", err.msg);
  NL_CHECK_INT_EQ(s.status, NL_OK, "file loaded, with problems");
  NL_CHECK(s.n > 30000 && s.n < 60000, "the lines before the cut: %zu", s.n);
  NL_CHECK_INT_EQ(s.gaps, 0, "each once, in order");
  NL_CHECK_INT_EQ((long long)s.last, (long long)s.n, "from the first on");
  snprintf(note, sizeof note, "truncated gzip stream at byte %zu (the lines "
           "before it are read)", cut);
  NL_CHECK(strstr(s.message, note) != NULL, "says where: %s", s.message);
  remove(path);
  snprintf(path, sizeof path, "%s/dump.jsonl.gz", dir);
  remove(path);
  rmdir(dir);
  nl_buf_free(&text);
  nl_free(gzb);
}

/* Truncates file `path` to `to` bytes at the first article, as another
** process rewriting it would; counts articles. */
typedef struct shrinker {
  const char *path;
  off_t to;
  size_t n;
} shrinker;

static int on_shrink(void *ctx, nl_article *a) {
  shrinker *s = ctx;
  if (s->n++ == 0 && s->to >= 0 && truncate(s->path, s->to) != 0)
    perror("truncate");
  nl_article_free(a);
  return 0;
}

static int sigbus_seen;
static void count_sigbus(int sig) {
  (void)sig;
  sigbus_seen++;
  signal(SIGBUS, SIG_DFL); /* a second one kills, as it should */
}

/*
** A file that shrinks while it is read (a crawler rewriting its dump): the
** load reads it through mmap, so the next read past the new end raised
** SIGBUS and killed the process.  Now: NL_EIO naming the cause, the
** articles read before it were delivered, the process goes on -- and a
** SIGBUS elsewhere still reaches the handler that was there before.
*/
static void test_file_shrinks(void) {
  char path[] = "/tmp/nl_test_shrink_XXXXXX";
  nl_error err = NL_ERROR_INIT;
  shrinker s;
  FILE *fp;
  int fd = mkstemp(path), i;
  NL_CHECK(fd >= 0, "temp file");
  if (fd < 0) return;
  close(fd);
  fp = fopen(path, "wb");
  /* ~1.5 MB: mapped (a smaller file is read whole at once: it cannot
  ** shrink under the loader), many pages past the cut */
  for (i = 0; i < 15000 && fp; i++)
    fprintf(fp, "{\"title\": \"Item %d\", \"text\": \"Talks went on in "
                "Geneva on day %d of the round, said the minister.\"}\n",
            i, i);
  if (fp) fclose(fp);
  signal(SIGBUS, count_sigbus); /* the host's own handler */
  memset(&s, 0, sizeof s);
  s.path = path;
  s.to = 300;
  NL_CHECK(nl_load_file(path, NULL, on_shrink, &s, &err) == NL_EIO,
           "shrank: %s", err.msg);
  NL_CHECK(strstr(err.msg, "the file shrank while it was read (from ") &&
               strstr(err.msg, " to 300 bytes)"),
           "says so, with both sizes: %s", err.msg);
  NL_CHECK(s.n >= 1 && s.n < 15000, "read up to the cut: %zu articles", s.n);
  NL_CHECK_INT_EQ(sigbus_seen, 0, "the guard took the SIGBUS");
  /* a SIGBUS outside any guarded mapping goes to the handler before */
  raise(SIGBUS);
  NL_CHECK_INT_EQ(sigbus_seen, 1, "others reach the host's handler");
  signal(SIGBUS, SIG_DFL);
  /* the same file whole again: read as usual */
  memset(&s, 0, sizeof s);
  s.path = path;
  s.to = -1;
  fp = fopen(path, "wb");
  if (fp) {
    fputs("{\"title\": \"One\", \"text\": \"Only one now.\"}\n", fp);
    fclose(fp);
  }
  NL_CHECK(nl_load_file(path, NULL, on_shrink, &s, &err) == NL_OK,
           "whole again: %s", err.msg);
  NL_CHECK_INT_EQ(s.n, 1, "one article");
  remove(path);
}

/* nl_load_file_hash's callback: the hash as the first article found it. */
typedef struct hash_seen {
  const uint64_t *hash;
  uint64_t at_first;
  size_t n;
} hash_seen;

static int on_hashed(void *ctx, nl_article *a) {
  hash_seen *s = ctx;
  if (s->n++ == 0) s->at_first = *s->hash;
  nl_article_free(a);
  return 0;
}

/* The hash of the bytes as stored (a .gz file's compressed bytes), there
** before the first article; an unreadable file leaves it alone. */
static void test_file_hash(void) {
  nl_error err = NL_ERROR_INIT;
  uint64_t h = 42;
  hash_seen s = {&h, 0, 0};
  size_t n = 0;
  char *bytes = nl_test_read_file(WALK "/story.txt.gz", &n);
  NL_CHECK(bytes && n > 20, "read the .gz file");
  NL_CHECK(nl_load_file_hash(WALK "/story.txt.gz", NULL, on_hashed, &s, &h,
                             &err) == NL_OK,
           "loaded: %s", err.msg);
  NL_CHECK_INT_EQ(s.n, 1, "one article");
  NL_CHECK(bytes && h == nl_hash64(bytes, n), "nl_hash64 of the gzip bytes");
  NL_CHECK(s.at_first == h, "set before the first article");
  free(bytes);
  h = 42;
  NL_CHECK(nl_load_file_hash(WALK "/empty.txt", NULL, on_hashed, &s, &h,
                             &err) == NL_EPARSE, "empty file");
  NL_CHECK(h == nl_hash64("", 0), "read, so hashed");
  h = 42;
  NL_CHECK(nl_load_file_hash(NL_TEST_DATA "/load/nope.txt", NULL, on_hashed,
                             &s, &h, &err) == NL_ENOTFOUND, "missing file");
  NL_CHECK(h == 42, "not read: left alone");
}

/* The process's resident file-backed memory (/proc/self/status RssFile),
** in bytes; -1 where it is not known. */
static long long rss_file(void) {
  char line[256];
  long long kb = -1;
  FILE *fp = fopen("/proc/self/status", "r");
  while (fp && fgets(line, sizeof line, fp))
    if (sscanf(line, "RssFile: %lld kB", &kb) == 1) break;
  if (fp) fclose(fp);
  return kb < 0 ? -1 : kb * 1024;
}

/* nl_load_file_hash's callback: RssFile at the first article. */
static long long rss_at_first = -1;
static int on_hashed_rss(void *ctx, nl_article *a) {
  hash_seen *s = ctx;
  if (s->n == 0) rss_at_first = rss_file();
  return on_hashed(ctx, a);
}

/* A file of over two 16 MiB chunks is hashed a chunk at a time, each
** chunk's pages dropped once hashed (so that it is not resident whole
** before its loader streams it): the same hash as the whole bytes', and
** the loader still reads every article from the dropped pages. */
static void test_big_file_hash(void) {
  char path[] = "/tmp/nl_test_bighash_XXXXXX";
  nl_error err = NL_ERROR_INIT;
  uint64_t h = 42;
  hash_seen s;
  size_t n = 0, lines = 0;
  long long before;
  char *bytes;
  FILE *fp;
  int fd = mkstemp(path);
  NL_CHECK(fd >= 0, "temp file");
  if (fd < 0) return;
  close(fd);
  fp = fopen(path, "wb");
  /* ~40 MB: 2.4 chunks, so the last one is partial; long lines, few
  ** articles (valgrind runs this too) */
  while (fp && lines < 20000) {
    int k;
    fprintf(fp, "{\"title\": \"Item %zu\", \"text\": \"Talks went on in "
                "Geneva on day %zu of the round.", lines, lines);
    for (k = 0; k < 40; k++)
      fputs(" The minister said the talks would go on next week.", fp);
    fputs("\"}\n", fp);
    lines++;
  }
  if (fp) fclose(fp);
  bytes = nl_test_read_file(path, &n);
  NL_CHECK(bytes && n > ((size_t)32 << 20) && n < ((size_t)48 << 20),
           "%zu bytes", n);
  memset(&s, 0, sizeof s);
  s.hash = &h;
  before = rss_file();
  NL_CHECK(nl_load_file_hash(path, NULL, on_hashed_rss, &s, &h, &err) == NL_OK,
           "loaded: %s", err.msg);
  NL_CHECK(bytes && h == nl_hash64(bytes, n), "the nl_hash64 of its bytes");
  /* (the whole file was resident when its first article came: hashed
  ** through the mapping in one go) */
  if (before >= 0 && rss_at_first >= 0)
    NL_CHECK(rss_at_first - before < (long long)n / 2,
             "not resident whole after hashing: %lld of %zu bytes",
             rss_at_first - before, n);
  NL_CHECK(s.n == lines, "every article: %zu of %zu", s.n, lines);
  free(bytes);
  remove(path);
}

static void test_utf16(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_file(NL_TEST_DATA "/load/utf16.txt", NULL, on_article, &g,
                        &err) == NL_OK,
           "utf16 file: %s", err.msg);
  NL_CHECK_STR_EQ(g.titles[0], "UTF-16 story title", "utf16 title");
}

static void test_walk(void) {
  got g;
  nl_error err = NL_ERROR_INIT;
  static const char *const files[] = {
      "B.txt",     "a-b/x.txt",    "a/y.txt",     "empty.txt",
      "junk.html", "story.txt.gz", "trunc.txt.gz"};
  static const nl_status st[] = {NL_OK,     NL_OK, NL_OK,    NL_EPARSE,
                                 NL_EPARSE, NL_OK, NL_EPARSE};
  size_t i;
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_path(WALK, NULL, on_article, on_file, &g, &err) == NL_OK,
           "walk ok despite bad files: %s", err.msg);
  NL_CHECK_INT_EQ(g.nfiles, 7, "7 files reported (hidden skipped)");
  for (i = 0; i < 7 && i < g.nfiles; i++) {
    NL_CHECK_STR_EQ(g.files[i], files[i], "byte-wise order");
    NL_CHECK_INT_EQ(g.status[i], st[i], files[i]);
  }
  NL_CHECK_INT_EQ(g.n, 4, "4 articles");
  NL_CHECK_STR_EQ(g.ids[0], "B", "id B");
  NL_CHECK_STR_EQ(g.ids[1], "a-b/x", "id keeps the folder");
  NL_CHECK_STR_EQ(g.ids[2], "a/y", "id a/y");
  NL_CHECK_STR_EQ(g.ids[3], "story", "id story");
  NL_CHECK(strstr(g.messages[3], "empty.txt: empty file") != NULL,
           "empty named: %s", g.messages[3]);
  NL_CHECK(strstr(g.messages[4], "junk.html: binary data, not a news format "
                                 "(NUL byte at byte 8)") != NULL,
           "junk named: %s", g.messages[4]);
  NL_CHECK(strstr(g.messages[6], "trunc.txt.gz: truncated gzip stream at "
                                 "byte 40") != NULL,
           "truncated named: %s", g.messages[6]);
  NL_CHECK_INT_EQ(g.articles[0], 1, "one article in B.txt");
  NL_CHECK(g.messages[0][0] == '\0', "no message for a clean file");
  /* The callback can stop the walk. */
  memset(&g, 0, sizeof g);
  g.stop_after = 2;
  NL_CHECK(nl_load_path(WALK, NULL, on_article, on_file, &g, &err) ==
               NL_EINTERRUPT,
           "stopped walk");
  NL_CHECK_INT_EQ(g.n, 2, "stopped after 2");
  /* A single file path is reported too, and its status returned. */
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_path(WALK "/junk.html", NULL, on_article, on_file, &g,
                        &err) == NL_EPARSE,
           "single bad file");
  NL_CHECK_INT_EQ(g.nfiles, 1, "single file reported");
  NL_CHECK(nl_load_path(NL_TEST_DATA "/load/none", NULL, on_article, on_file,
                        &g, &err) == NL_ENOTFOUND,
           "missing path");
}

static void test_walk_special(void) {
  /* Symlinks (not followed by default) and a symlink loop when followed. */
  char dir[] = "/tmp/nl_load_testXXXXXX";
  char p[256];
  got g;
  nl_error err = NL_ERROR_INIT;
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  FILE *f;
  if (!mkdtemp(dir)) {
    NL_CHECK(0, "mkdtemp");
    return;
  }
  snprintf(p, sizeof p, "%s/s.txt", dir);
  f = fopen(p, "w");
  fputs("Real story\n\nIt is here.\n", f);
  fclose(f);
  snprintf(p, sizeof p, "%s/t.txt", dir);
  NL_CHECK(symlink("s.txt", p) == 0, "symlink made");
  snprintf(p, sizeof p, "%s/loop", dir);
  NL_CHECK(symlink(".", p) == 0, "loop link made");
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_path(dir, NULL, on_article, on_file, &g, &err) == NL_OK,
           "walk with links");
  NL_CHECK_INT_EQ(g.n, 1, "links not followed");
  NL_CHECK_INT_EQ(g.nfiles, 3, "links reported as skipped");
  NL_CHECK(strstr(g.messages[0], "symbolic link not followed") != NULL,
           "skip reason: %s", g.messages[0]);
  memset(&g, 0, sizeof g);
  o.follow_symlinks = 1;
  NL_CHECK(nl_load_path(dir, &o, on_article, on_file, &g, &err) == NL_OK,
           "walk following links");
  NL_CHECK_INT_EQ(g.n, 2, "file link followed, loop not");
  NL_CHECK(strstr(g.messages[0], "already visited") != NULL, "loop reported");
  snprintf(p, sizeof p, "%s/loop", dir);
  unlink(p);
  snprintf(p, sizeof p, "%s/t.txt", dir);
  unlink(p);
  snprintf(p, sizeof p, "%s/s.txt", dir);
  unlink(p);
  rmdir(dir);
}

/* A dataset's documentation (README.txt, LICENSE, COPYING.md ...) in a
** walked folder is no article: it was stored as an untitled one (Reuters-
** 21578's README.txt, BBC's README.TXT; the Apache LICENSE of a crawl put
** "January 2004" on its timeline).  Skipped with the reason; named by its
** own path, it is read. */
static void test_walk_docs(void) {
  char dir[] = "/tmp/nl_load_docsXXXXXX";
  static const char *const docs[] = {"COPYING.md", "LICENSE", "LICENSE.apache",
                                     "README.TXT", "readme.txt"};
  static const char *const kept[] = {"authors.json", "changelog.xml",
                                     "license-plate.txt", "readmes.txt",
                                     "story.txt"};
  char p[256];
  got g;
  nl_error err = NL_ERROR_INIT;
  size_t i;
  FILE *f;
  if (!mkdtemp(dir)) {
    NL_CHECK(0, "mkdtemp");
    return;
  }
  for (i = 0; i < 5; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, docs[i]);
    f = fopen(p, "w");
    fputs("About this dataset\n\nVersion 2.0, January 2004.\n", f);
    fclose(f);
  }
  for (i = 0; i < 5; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, kept[i]);
    f = fopen(p, "w");
    if (i == 0)
      fputs("{\"title\": \"A feed item\", \"text\": \"On Monday.\"}\n", f);
    else if (i == 1)
      fputs("<rss version=\"2.0\"><channel><title>Releases</title><item>"
            "<title>1.2</title><description>Out on Monday.</description>"
            "</item></channel></rss>\n", f);
    else
      fputs("A story\n\nIt happened on Monday.\n", f);
    fclose(f);
  }
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_path(dir, NULL, on_article, on_file, &g, &err) == NL_OK,
           "walk: %s", err.msg);
  NL_CHECK_INT_EQ(g.n, 5, "the five files of news only");
  NL_CHECK_INT_EQ(g.nfiles, 10, "every file reported");
  for (i = 0; i < g.nfiles && i < 10; i++) {
    const char *b = strrchr(g.files[i], '/') ? strrchr(g.files[i], '/') + 1
                                             : g.files[i];
    int doc = strncmp(b, "license-", 8) != 0 && strncmp(b, "readmes", 7) != 0 &&
              strcmp(b, "story.txt") != 0 && strcmp(b, "authors.json") != 0 &&
              strcmp(b, "changelog.xml") != 0;
    if (doc)
      NL_CHECK(g.status[i] == NL_EINVAL &&
                   strstr(g.messages[i], "documentation (README, LICENSE, "
                                         "...), not an article") != NULL,
               "%s skipped: %s", b, g.messages[i]);
    else
      NL_CHECK(g.status[i] == NL_OK, "%s read", b);
  }
  memset(&g, 0, sizeof g);
  snprintf(p, sizeof p, "%s/README.TXT", dir);
  NL_CHECK(nl_load_path(p, NULL, on_article, on_file, &g, &err) == NL_OK &&
               g.n == 1,
           "named by its path, a README is read: %s", err.msg);
  for (i = 0; i < 5; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, docs[i]);
    unlink(p);
  }
  for (i = 0; i < 5; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, kept[i]);
    unlink(p);
  }
  rmdir(dir);
}

static void test_oom(void) {
  /* Every allocation of a directory walk can fail without a crash or leak. */
  long k;
  int saw_ok = 0;
  for (k = 1; k < 400 && !saw_ok; k++) {
    got g;
    nl_error err = NL_ERROR_INIT;
    nl_status rc;
    memset(&g, 0, sizeof g);
    nl_alloc_fail_after(k, 1);
    rc = nl_load_path(WALK, NULL, on_article, on_file, &g, &err);
    nl_alloc_fail_after(0, 0);
    if (rc == NL_OK)
      saw_ok = 1;
    else if (rc != NL_ENOMEM) {
      NL_CHECK(0, "alloc failure %ld gave %s", k, nl_status_name(rc));
      break;
    }
  }
  NL_CHECK(saw_ok, "walk eventually succeeds (%ld allocations)", k);
}

static void test_sink(void) {
  /* Multi-article formats get "<stem>#<key or n>". */
  got g;
  nl_error err = NL_ERROR_INIT;
  const char *jl = "{\"title\": \"a\", \"text\": \"x\", \"id\": \"k1\"}\n"
                   "{\"title\": \"b\", \"text\": \"y\"}\n";
  memset(&g, 0, sizeof g);
  NL_CHECK(nl_load_buffer(jl, strlen(jl), "/x/dump.jsonl.gz", NULL, on_article,
                          &g, &err) == NL_OK,
           "jsonl buffer");
  NL_CHECK_STR_EQ(g.ids[0], "dump#k1", "keyed id");
  NL_CHECK_STR_EQ(g.ids[1], "dump#2", "id by line");
  {
    /* JSON Lines ids are lines: the record after a broken line keeps its
    ** id when the line is repaired (its place among good records moves) */
    const char *broken = "{\"title\": \"a\", \"text\": \"x\",}\n"
                         "\n"
                         "{\"title\": \"b\", \"text\": \"y\"}\n"
                         "{\"title\": \"c\", \"text\": \"z\"}\n";
    const char *mended = "{\"title\": \"a\", \"text\": \"x\"}\n"
                         "\n"
                         "{\"title\": \"b\", \"text\": \"y\"}\n";
    memset(&g, 0, sizeof g);
    NL_CHECK(nl_load_buffer(broken, strlen(broken), "/x/dump.jsonl", NULL,
                            on_article, &g, &err) == NL_OK,
             "jsonl with a broken line: %s", err.msg);
    NL_CHECK_INT_EQ(g.n, 2, "b and c");
    NL_CHECK_STR_EQ(g.ids[0], "dump#3", "b is line 3");
    NL_CHECK_STR_EQ(g.ids[1], "dump#4", "c is line 4");
    memset(&g, 0, sizeof g);
    NL_CHECK(nl_load_buffer(mended, strlen(mended), "/x/dump.jsonl", NULL,
                            on_article, &g, &err) == NL_OK,
             "the same, line 1 repaired: %s", err.msg);
    NL_CHECK_STR_EQ(g.ids[0], "dump#1", "the repaired record: line 1");
    NL_CHECK_STR_EQ(g.ids[1], "dump#3", "b still line 3");
  }
}

int main(void) {
  test_future_date();
  test_names();
  test_sniff();
  test_buffer();
  test_gzip();
  test_gzip_lines();
  test_file_errors();
  test_file_hash();
  test_big_file_hash();
  test_file_shrinks();
  test_utf16();
  test_walk();
  test_walk_special();
  test_walk_docs();
  test_sink();
  test_oom();
  return nl_test_done();
}
