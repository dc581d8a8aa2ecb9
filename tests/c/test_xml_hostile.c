/*
** Hostile XML input for the XML loaders (nl_xml.c and its users): entity
** bombs, external entities, deep nesting, broken and truncated documents,
** odd encodings, junk.  Each case has one asserted outcome.
*/
#define _POSIX_C_SOURCE 200809L /* dup, dup2, fileno */
#include <unistd.h>

#include "newslua/nl_buf.h"
#include "nl_xml_internal.h"
#include "xml_testutil.h"

/* The start of /etc/passwd's first line ("root:x:0:0:" on Debian), which
** must never show up in an article. */
static void passwd_marker(char *out, size_t n) {
  FILE *f = fopen("/etc/passwd", "r");
  size_t len = 0;
  snprintf(out, n, "root:x:0:0");
  if (!f) return;
  if (fgets(out, (int)n, f)) {
    len = strcspn(out, "\n");
    out[len > 11 ? 11 : len] = '\0';
  }
  fclose(f);
  if (strlen(out) < 5) snprintf(out, n, "root:x:0:0");
}

static void test_billion_laughs(void) {
  xt_result r;
  xt_load(nl_load_feed, "hostile/billion_laughs.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_ELIMIT, "billion laughs: ELIMIT");
  NL_CHECK(strstr(r.err.msg, "hostile/billion_laughs.xml") != NULL,
           "message names the file: %s", r.err.msg);
  NL_CHECK(strstr(r.err.msg, "entity expansion refused") != NULL,
           "message says why");
  /* the line of the reference in the document (libxml2's error counts
  ** lines in the entity's own text: "line 1"), and no "loop": there is
  ** none, only amplification */
  NL_CHECK(strstr(r.err.msg, "billion_laughs.xml:15: XML safety limit") !=
               NULL,
           "names the line of the reference: %s", r.err.msg);
  NL_CHECK(strstr(r.err.msg, "loop") == NULL, "no loop: %s", r.err.msg);
  NL_CHECK_INT_EQ(r.n, 0, "no article");
  xt_free(&r);
}

static void test_xxe(void) {
  xt_result r;
  char marker[64];
  passwd_marker(marker, sizeof marker);
  xt_load(nl_load_feed, "hostile/xxe.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "XXE feed still loads");
  NL_CHECK_INT_EQ(r.n, 1, "its one item");
  NL_CHECK(xt_contains(&r, "Leak"), "control: the search sees article text");
  NL_CHECK(strlen(marker) >= 5, "control: marker '%s' is not trivial", marker);
  NL_CHECK(!xt_contains(&r, marker), "no /etc/passwd content in any article");
  NL_CHECK(!xt_contains(&r, "/bin/"), "no shell paths either");
  if (r.n == 1) {
    NL_CHECK_STR_EQ(r.a[0]->title, "Leak here", "entity left unexpanded");
    NL_CHECK_STR_EQ(r.a[0]->body, "before after", "in the body too");
    NL_CHECK(xt_warned(r.a[0], "external entities"), "and warned about");
  }
  /* and said in the file's report, with the line of the first reference
  ** (the article's warning alone did not reach the ingest's summary) */
  NL_CHECK(strstr(r.note, "line 6: 2 reference(s) to external entities "
                          "refused (never loaded)") != NULL,
           "the file's report: %s", r.note);
  xt_free(&r);
}

/* An external parameter entity ("%p;" of file:///etc/passwd in the
** DOCTYPE) is never loaded either, and the file's report says so with
** the declaration's line (a walk: refused without a word, then without
** its line, where "&xxe;" was reported with its line). */
static void test_xxe_parameter_entity(void) {
  const char *atom =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE feed [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>\n"
      "<entry><id>1</id><title>Leak</title><updated>2021-03-02T10:00:00Z"
      "</updated><content>before after</content></entry>\n</feed>\n";
  xt_result r;
  char marker[64];
  passwd_marker(marker, sizeof marker);
  xt_load_buf(nl_load_feed, atom, strlen(atom), "pe.atom", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "the feed loads");
  NL_CHECK_INT_EQ(r.n, 1, "its entry");
  NL_CHECK(!xt_contains(&r, marker), "no /etc/passwd content");
  NL_CHECK(strstr(r.note, "line 2: 1 external parameter entity declared in "
                          "the DOCTYPE refused (never loaded)") != NULL,
           "the file's report, with the declaration's line: %s", r.note);
  xt_free(&r);
}

/* Blank lines before "<?xml" (PHP-made feeds have them): the lines named
** count them too, as the file's lines do; and a streamed feed read again
** in recovery mode after a parse error still names the references of
** the items its stream had read. */
static void test_lines_and_recovery(void) {
  xt_result r;
  nl_buf b = NL_BUF_INIT;
  size_t n = 0, i;
  char *bl = nl_test_read_file(NL_TEST_DATA "/hostile/billion_laughs.xml", &n);
  NL_CHECK(bl != NULL, "read billion_laughs.xml");
  nl_buf_puts(&b, "\n\n\n");
  if (bl) nl_buf_append(&b, bl, n);
  free(bl);
  xt_load_buf(nl_load_feed, b.data, b.len, "lead.xml", &r);
  NL_CHECK(strstr(r.err.msg, "lead.xml:18: XML safety limit") != NULL,
           "the reference's line in the file (15 + 3): %s", r.err.msg);
  xt_free(&r);
  nl_buf_truncate(&b, 0);
  bl = nl_test_read_file(NL_TEST_DATA "/hostile/xxe.xml", &n);
  nl_buf_puts(&b, "\n\n");
  if (bl) nl_buf_append(&b, bl, n);
  free(bl);
  xt_load_buf(nl_load_feed, b.data, b.len, "lead_xxe.xml", &r);
  NL_CHECK(strstr(r.note, "line 8: 2 reference(s) to external entities") !=
               NULL,
           "the reference's line in the file (6 + 2): %s", r.note);
  xt_free(&r);
  {
    /* the other line numbers of the loaders too (empty item on line 5) */
    const char *feed = "\n\n<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"
                       "<channel><title>F</title>\n<item></item>\n"
                       "<item><title>T</title></item></channel></rss>\n";
    xt_load_buf(nl_load_feed, feed, strlen(feed), "lead_empty.xml", &r);
    NL_CHECK(strstr(r.note, "line 5: empty <item> skipped") != NULL,
             "the empty item's line in the file (3 + 2): %s", r.note);
    xt_free(&r);
  }
  {
    /* past line 65,535 (libxml2 kept 65535 for every later node) */
    nl_buf_truncate(&b, 0);
    nl_buf_puts(&b, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"
                    "<channel><title>F</title>\n");
    for (i = 0; i < 70000; i++)
      nl_buf_printf(&b, "<item><title>%zu</title></item>\n", i);
    nl_buf_puts(&b, "<item></item>\n<item><title>Last</title></item>\n"
                    "</channel></rss>\n");
    xt_load_buf(nl_load_feed, b.data, b.len, "long.xml", &r);
    NL_CHECK(strstr(r.note, "line 70003: empty <item>") != NULL ||
                 strstr(r.note, "line 70004: empty <item>") != NULL,
             "line 70003 (or the next), not 65535: %s", r.note);
    xt_free(&r);
  }
  /* over NL_XML_STREAM_MIN: streamed; a bad '&' near the end stops the
  ** stream, the rest is read again in recovery mode */
  nl_buf_truncate(&b, 0);
  nl_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "
                  "\"file:///etc/passwd\">]>\n<rss version=\"2.0\">"
                  /* an item nested elsewhere: read by neither pass (the
                  ** stream took it, the recovery pass then skipped one
                  ** item too many) */
                  "<extra><item><title>Odd</title></item></extra><channel>"
                  "<title>F</title>\n<item><title>One &x;</title>"
                  "<description>First.</description></item>\n");
  for (i = 0; b.len < NL_XML_STREAM_MIN + 4096; i++)
    nl_buf_printf(&b, "<item><title>Item %zu</title><description>The talks "
                      "went on in Geneva on day %zu.</description></item>\n",
                  i, i);
  nl_buf_puts(&b, "<item><title>Bad & worse</title></item>\n</channel></rss>\n");
  xt_load_buf(nl_load_feed, b.data, b.len, "big_xxe.xml", &r);
  /* "One", the i items, and the bad one as recovery reads it: each once */
  NL_CHECK(r.total == i + 2, "every item once: %zu of %zu", r.total, i + 2);
  NL_CHECK(r.n == XT_MAX && r.a[XT_MAX - 1]->title &&
               strncmp(r.a[XT_MAX - 1]->title, "Bad", 3) == 0,
           "the last, the bad one as recovery reads it: %s",
           r.n == XT_MAX && r.a[XT_MAX - 1]->title ? r.a[XT_MAX - 1]->title
                                                   : "?");
  NL_CHECK(r.rc == NL_OK, "loads: %s", r.err.msg);
  NL_CHECK(strstr(r.note, "recovery mode") != NULL, "read again: %s", r.note);
  NL_CHECK(strstr(r.note, "line 4: 1 reference(s) to external entities") !=
               NULL,
           "the streamed item's reference is named: %s", r.note);
  xt_free(&r);
  nl_buf_free(&b);
}

/* A streamed feed whose last item expands a billion laughs: refused, but
** every item before it is read -- the one just before too, which the
** parser had read ahead with the bad one (it was lost). */
static void test_stream_limit_keeps_items(void) {
  xt_result r;
  nl_buf b = NL_BUF_INIT;
  size_t i, items;
  int k;
  nl_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
                  "<!ENTITY a \"lollollollollollollollollollol\">\n");
  for (k = 1; k < 9; k++)
    nl_buf_printf(&b, "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">\n",
                  'a' + k, 'a' + k - 1, 'a' + k - 1, 'a' + k - 1, 'a' + k - 1,
                  'a' + k - 1, 'a' + k - 1, 'a' + k - 1, 'a' + k - 1,
                  'a' + k - 1, 'a' + k - 1);
  nl_buf_puts(&b, "]>\n<rss version=\"2.0\"><channel><title>F</title>\n");
  for (i = 0; b.len < NL_XML_STREAM_MIN + 4096; i++)
    nl_buf_printf(&b, "<item><title>Item %zu</title><description>The talks "
                      "went on in Geneva on day %zu.</description></item>\n",
                  i, i);
  items = b.len;
  nl_buf_puts(&b, "<item><title>Lol</title><description>&i;</description>"
                  "</item>\n</channel></rss>\n");
  xt_load_buf(nl_load_feed, b.data, b.len, "big_lol.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_ELIMIT, "refused");
  NL_CHECK(strstr(r.err.msg, "entity expansion refused") != NULL, "%s",
           r.err.msg);
  NL_CHECK(r.total == i, "every item before the bad one: %zu of %zu",
           r.total, i);
  if (r.n == XT_MAX) {
    char want[32];
    snprintf(want, sizeof want, "Item %zu", i - 1);
    NL_CHECK_STR_EQ(r.a[XT_MAX - 1]->title, want, "the last of them whole");
    NL_CHECK(strstr(r.a[XT_MAX - 1]->body, "on day") != NULL, "its body");
  }
  xt_free(&r);
  /* a short item right before the bad one: the parser read both in one
  ** chunk, and the reader failed moving on to it (it was lost) */
  nl_buf_truncate(&b, items);
  nl_buf_printf(&b, "<item><title>Item %zu</title><description>Short."
                    "</description></item><item><title>Lol</title>"
                    "<description>&i;</description></item>\n</channel>"
                    "</rss>\n",
                i);
  xt_load_buf(nl_load_feed, b.data, b.len, "big_lol.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_ELIMIT, "short: refused");
  NL_CHECK(r.total == i + 1, "short: every item before the bad one: %zu",
           r.total);
  if (r.n == XT_MAX)
    NL_CHECK_STR_EQ(r.a[XT_MAX - 1]->body, "Short.", "short: the last whole");
  xt_free(&r);
  nl_buf_free(&b);
}

/* What a streamed sweep saw: the good items ("Item N") in order, each
** once and whole (its description read to the end), and the bad one. */
typedef struct sweep_seen {
  size_t good;  /* good items delivered, in order */
  size_t wrong; /* out of order, twice, or partial */
  size_t bad;   /* the bad item delivered (it never is whole) */
} sweep_seen;

static int sweep_want(void *ctx, const char *name, int depth) {
  (void)ctx;
  return depth == 2 && strcmp(name, "item") == 0;
}

static nl_status sweep_item(void *ctx, nl_xml_doc *d, xmlNode *n) {
  sweep_seen *s = ctx;
  xmlNode *t = nl_xml_child(n, "title");
  xmlNode *desc = nl_xml_child(n, "description");
  const char *title =
      t && t->children ? (const char *)t->children->content : "";
  const char *body =
      desc && desc->children ? (const char *)desc->children->content : "";
  char want[32];
  size_t len = strlen(body);
  (void)d;
  snprintf(want, sizeof want, "Item %zu", s->good);
  if (strncmp(title, "Bad", 3) == 0)
    s->bad++;
  else if (strcmp(title, want) == 0 && len && body[len - 1] == '.')
    s->good++;
  else
    s->wrong++;
  return NL_OK;
}

/* One sweep: a feed of `items` good items, then `bad`, an item with a
** fatal error in it.  The length swept (0 to 511 bytes) is the gap before
** `bad` ('g'), the last good item's extra length ('p', no gap), or a
** comment before the root element ('l'). */
typedef struct sweep_case {
  const char *what;
  size_t items;
  int short_last; /* the last good item is short, no line break after it */
  int comment;    /* the gap is a comment, not white space */
  char swept;     /* what the sweep lengthens: 'g', 'p' or 'l' */
  const char *bad;
  nl_status rc; /* the error the stream reports */
} sweep_case;

/* White space, or a comment if `comment` and there is room, `n` bytes. */
static void sweep_filler(nl_buf *b, size_t n, int comment) {
  size_t k;
  if (comment && n >= 7) {
    nl_buf_puts(b, "<!--");
    for (k = 7; k < n; k++)
      nl_buf_puts(b, " ");
    nl_buf_puts(b, "-->");
  } else {
    for (k = 0; k < n; k++)
      nl_buf_puts(b, k % 2 ? "\n" : " ");
  }
}

/* The feed of case `c` at alignment `at`; the billion laughs' entities
** are declared if `bad` refers to one. */
static void sweep_feed(nl_buf *b, const sweep_case *c, size_t at) {
  size_t i, k, pad = c->swept == 'p' ? at : 0;
  nl_buf_truncate(b, 0);
  nl_buf_puts(b, "<?xml version=\"1.0\"?>\n");
  if (strchr(c->bad, '&')) {
    nl_buf_puts(b, "<!DOCTYPE rss [\n"
                   "<!ENTITY a \"lollollollollollollollollollol\">\n");
    for (k = 1; k < 9; k++) {
      nl_buf_printf(b, "<!ENTITY %c \"", (int)('a' + k));
      for (i = 0; i < 10; i++)
        nl_buf_printf(b, "&%c;", (int)('a' + k - 1));
      nl_buf_puts(b, "\">\n");
    }
    nl_buf_puts(b, "]>\n");
  }
  if (c->swept == 'l') sweep_filler(b, at, 1);
  nl_buf_puts(b, "<rss version=\"2.0\"><channel><title>F</title>\n");
  for (i = 0; i < c->items; i++) {
    int last = i + 1 == c->items, short_one = last && c->short_last;
    nl_buf_printf(b, "<item><title>Item %zu</title><description>", i);
    if (!short_one) nl_buf_printf(b, "The talks went on in Geneva, day %zu", i);
    for (k = 0; last && k < pad; k++)
      nl_buf_puts(b, "x");
    nl_buf_puts(b, short_one ? ".</description></item>"
                             : ".</description></item>\n");
  }
  sweep_filler(b, c->swept == 'g' ? at : c->swept == 'l', c->comment);
  nl_buf_puts(b, c->bad);
  nl_buf_puts(b, "\n</channel></rss>\n");
}

/* Stream case `c` at 512 alignments (libxml2's reader parses 512-byte
** chunks): each must fail as expected and deliver every good item once. */
static void sweep(const sweep_case *c) {
  nl_buf b = NL_BUF_INIT;
  size_t k, lost = 0, wrong = 0, first = 0, got = 0;
  nl_status rc_seen = c->rc;
  for (k = 0; k < 512; k++) {
    nl_source src;
    nl_xml_doc d;
    nl_error err;
    sweep_seen s = {0, 0, 0};
    nl_status rc;
    sweep_feed(&b, c, k);
    memset(&src, 0, sizeof src);
    src.data = b.data;
    src.len = b.len;
    src.name = "sweep.xml";
    rc = nl_xml_stream(&src, &d, sweep_want, sweep_item, &s, &err);
    if (rc != c->rc || !d.stream_failed) rc_seen = rc;
    if (s.good != c->items || s.wrong || s.bad) {
      if (!lost++) {
        first = k;
        got = s.good;
      }
      wrong += s.wrong + s.bad;
    }
  }
  NL_CHECK(rc_seen == c->rc, "%s: fails at every alignment (%s)", c->what,
           nl_status_name(rc_seen));
  NL_CHECK(lost == 0,
           "%s: every good item once: %zu of 512 alignments lost or "
           "repeated some (first at %zu: %zu of %zu; %zu wrong)",
           c->what, lost, first, got, c->items, wrong);
  nl_buf_free(&b);
}

/* The items wholly parsed before a fatal error are each delivered once,
** whatever the alignment of libxml2's chunks: the error can come while
** the reader moves on between items (Read/Next failing), not only while
** it expands one; a short last item, a comment before the bad one, or an
** error in the chunk where the root element starts (the reader's first
** read fails) change where. */
static void test_stream_keeps_items_any_alignment(void) {
  static const char lol[] = "<item><title>Bad</title><description>&i;"
                            "</description></item>";
  static const char syntax[] = "<item><title>Bad</title><description>a < b"
                               "</description></item>";
  static const sweep_case cases[] = {
      {"laughs after white space", 20, 0, 0, 'g', lol, NL_ELIMIT},
      {"laughs after a comment", 20, 0, 1, 'g', lol, NL_ELIMIT},
      {"laughs after a longer last item", 20, 0, 0, 'p', lol, NL_ELIMIT},
      {"laughs after a short last item", 20, 1, 0, 'g', lol, NL_ELIMIT},
      {"laughs right after a short last item", 20, 1, 0, 'p', lol, NL_ELIMIT},
      {"laughs soon after the root", 3, 0, 0, 'l', lol, NL_ELIMIT},
      {"syntax error after white space", 20, 0, 0, 'g', syntax, NL_EPARSE},
      {"syntax error right after a short item", 20, 1, 0, 'p', syntax,
       NL_EPARSE},
      {"syntax error in the first chunk", 2, 0, 0, 'g', syntax, NL_EPARSE},
      {"syntax error soon after the root", 3, 0, 0, 'l', syntax, NL_EPARSE},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    sweep(&cases[i]);
}

static void test_xxe_other_loaders(void) {
  xt_result r;
  char marker[64];
  const char *tml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE TimeML [<!ENTITY x SYSTEM "
      "\"file:///etc/passwd\">]>\n<TimeML><DOCID>d</DOCID><TEXT>a &x; b"
      "</TEXT></TimeML>";
  const char *nml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE newsitem [<!ENTITY x SYSTEM "
      "\"file:///etc/passwd\">]>\n<newsitem itemid=\"1\"><headline>h &x;"
      "</headline><text><p>&x;</p></text></newsitem>";
  passwd_marker(marker, sizeof marker);
  xt_load_buf(nl_load_timeml, tml, strlen(tml), "xxe.tml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "timeml with XXE loads");
  NL_CHECK(!xt_contains(&r, marker), "timeml: no passwd content");
  if (r.n == 1) NL_CHECK_STR_EQ(r.a[0]->body, "a b", "timeml body");
  NL_CHECK(strstr(r.note, "line 3: 1 reference(s) to external entities") !=
               NULL, "timeml: in the file's report: %s", r.note);
  xt_free(&r);
  xt_load_buf(nl_load_newsml, nml, strlen(nml), "xxe_rcv1.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "rcv1 with XXE loads");
  NL_CHECK(!xt_contains(&r, marker), "rcv1: no passwd content");
  NL_CHECK(strstr(r.note, "line 3: 2 reference(s) to external entities") !=
               NULL, "rcv1: in the file's report: %s", r.note);
  xt_free(&r);
}

/* 50 references to a 100 KB internal entity: within libxml2's own
** amplification limit (the document is 100 KB) but 5 MB of text; our
** per-document budget (4 MiB) cuts it, says so, and the next item is
** still read in full. */
static void test_entity_budget(void) {
  nl_buf b = NL_BUF_INIT;
  xt_result r;
  int i;
  nl_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY big \"");
  for (i = 0; i < 100000; i++)
    nl_buf_putc(&b, 'x');
  nl_buf_puts(&b, "\">]>\n<rss><channel><item><title>t</title><description>");
  for (i = 0; i < 50; i++)
    nl_buf_puts(&b, "&big;");
  nl_buf_puts(&b, "</description></item><item><title>after</title>"
                  "<description>second</description></item></channel></rss>");
  NL_CHECK(nl_buf_ok(&b), "built");
  xt_load_buf(nl_load_feed, b.data, b.len, "budget.rss", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "loads");
  NL_CHECK_INT_EQ(r.n, 2, "both items");
  if (r.n == 2) {
    NL_CHECK(r.a[0]->body_len > 4000000 &&
                 r.a[0]->body_len <= NL_XML_ENTITY_BUDGET,
             "first body cut at the budget (%zu)", r.a[0]->body_len);
    NL_CHECK(xt_warned(r.a[0], "budget.rss: internal entity expansion stopped"),
             "and warned");
    NL_CHECK_STR_EQ(r.a[1]->title, "after", "next item intact");
    NL_CHECK_STR_EQ(r.a[1]->body, "second", "with its body");
    NL_CHECK_INT_EQ(r.a[1]->n_warnings, 0, "and no warning");
  }
  xt_free(&r);
  nl_buf_free(&b);
}

static void test_external_dtd(void) {
  xt_result r;
  char marker[64];
  passwd_marker(marker, sizeof marker);
  xt_load(nl_load_feed, "hostile/external_dtd.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "external DTD and parameter entity ignored");
  NL_CHECK_INT_EQ(r.n, 1, "the item is read");
  NL_CHECK(!xt_contains(&r, marker), "no passwd content from the DTD");
  if (r.n == 1) NL_CHECK_STR_EQ(r.a[0]->title, "Safe title", "title");
  xt_free(&r);
}

/* <head><a><a>...x...</a></a><tail>, `depth` levels of <a>. */
static char *nested(const char *head, const char *tail, size_t depth,
                    size_t *len) {
  size_t hl = strlen(head), tl = strlen(tail), i;
  char *s = malloc(hl + depth * 7 + tl + 2), *p;
  if (!s) return NULL;
  p = s;
  memcpy(p, head, hl);
  p += hl;
  for (i = 0; i < depth; i++, p += 3)
    memcpy(p, "<a>", 3);
  *p++ = 'x';
  for (i = 0; i < depth; i++, p += 4)
    memcpy(p, "</a>", 4);
  memcpy(p, tail, tl);
  p += tl;
  *p = '\0';
  *len = (size_t)(p - s);
  return s;
}

static void test_deep_nesting(void) {
  static const struct {
    nl_loader_fn fn;
    const char *head, *tail;
  } cases[] = {
      {nl_load_feed, "<rss><channel><item><title>",
       "</title></item></channel></rss>"},
      {nl_load_newsml, "<newsitem itemid=\"1\"><text>", "</text></newsitem>"},
      {nl_load_timeml, "<TimeML><TEXT>", "</TEXT></TimeML>"},
  };
  size_t i, len;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    xt_result r;
    char *s = nested(cases[i].head, cases[i].tail, 100000, &len);
    if (!s) continue;
    xt_load_buf(cases[i].fn, s, len, "deep.xml", &r);
    NL_CHECK_INT_EQ(r.rc, NL_ELIMIT, "100,000 nested tags: ELIMIT");
    NL_CHECK(strstr(r.err.msg, "deep.xml:1:") != NULL,
             "names file:line:col: %s", r.err.msg);
    NL_CHECK(strstr(r.err.msg, "depth") != NULL, "says depth");
    NL_CHECK_INT_EQ(r.n, 0, "no article");
    xt_free(&r);
    free(s);
  }
  /* Unclosed: the document just ends after the opening tags. */
  {
    xt_result r;
    char *s = nested("<rss><channel><item><title>", "", 100000, &len);
    if (s) {
      s[27 + 3 * 100000] = '\0';
      xt_load_buf(nl_load_feed, s, 27 + 3 * 100000, "deep_open.xml", &r);
      NL_CHECK_INT_EQ(r.rc, NL_ELIMIT, "unclosed deep nesting: ELIMIT");
      xt_free(&r);
      free(s);
    }
  }
}

static void test_not_well_formed(void) {
  xt_result r;
  size_t i;
  xt_load(nl_load_feed, "hostile/not_well_formed.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "recovered");
  NL_CHECK_INT_EQ(r.n, 2, "both items");
  for (i = 0; i < r.n; i++)
    NL_CHECK(xt_warned(r.a[i], "hostile/not_well_formed.xml: not well-formed "
                               "XML (line 3, column 51"),
             "item %zu warned with file, line and column", i + 1);
  if (r.n == 2) NL_CHECK_STR_EQ(r.a[1]->body, "Still here.", "second body");
  xt_free(&r);
}

static void test_truncated(void) {
  xt_result r;
  xt_load(nl_load_feed, "hostile/truncated.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "truncated feed recovered");
  NL_CHECK_INT_EQ(r.n, 2, "whole item and the cut one");
  if (r.n == 2) {
    NL_CHECK_STR_EQ(r.a[0]->body, "Complete.", "first intact");
    NL_CHECK_STR_EQ(r.a[1]->body, "This sentence never", "cut text kept");
    NL_CHECK(xt_warned(r.a[0], "Premature end of data"), "warned");
  }
  xt_free(&r);
}

static void test_gb2312(void) {
  xt_result r;
  xt_load(nl_load_feed, "hostile/gb2312.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "gb2312 feed loads");
  if (r.n == 1) {
    /* U+4E2D U+6587 U+6807 U+9898 */
    NL_CHECK_STR_EQ(r.a[0]->title,
                    "\xe4\xb8\xad\xe6\x96\x87\xe6\xa0\x87\xe9\xa2\x98",
                    "title decoded from GB2312");
    NL_CHECK_STR_EQ(r.a[0]->source, "\xe6\x96\xb0\xe9\x97\xbb", "channel");
    NL_CHECK_STR_EQ(r.a[0]->language, "zh-cn", "language");
    NL_CHECK_INT_EQ(r.a[0]->n_warnings, 0, "no warning");
  }
  xt_free(&r);
}

static void test_utf16_bom(void) {
  xt_result r;
  xt_load(nl_load_feed, "hostile/utf16_bom.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "UTF-16LE with BOM loads");
  NL_CHECK_INT_EQ(r.n, 1, "one item");
  if (r.n == 1)
    NL_CHECK_STR_EQ(r.a[0]->title, "Caf\xc3\xa9 \xe2\x80\x93 na\xc3\xafve",
                    "title decoded");
  xt_free(&r);
}

static void test_undeclared_latin1(void) {
  xt_result r;
  const char *x = "<rss><channel><item><title>Caf\xe9 \x93ol\xe9\x94</title>"
                  "</item></channel></rss>";
  xt_load_buf(nl_load_feed, x, strlen(x), "latin.rss", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "undeclared non-UTF-8 loads");
  if (r.n == 1) {
    NL_CHECK_STR_EQ(r.a[0]->title,
                    "Caf\xc3\xa9 \xe2\x80\x9col\xc3\xa9\xe2\x80\x9d",
                    "read as Windows-1252 (curly quotes)");
    NL_CHECK(xt_warned(r.a[0], "Windows-1252"), "and warned");
  }
  xt_free(&r);
}

/* Declared Latin-1 but UTF-8 (the IPTC's NewsML-G2 examples: "von BÃ¼low"
** read as declared): read as UTF-8, on the DOM path and streamed; text
** really in Latin-1 stays Latin-1, and so does UTF-8 declared as another
** charset. */
static void test_mislabelled_utf8(void) {
  nl_buf b = NL_BUF_INIT;
  xt_result r;
  int i;
  const char *head = "<?xml version=\"1.0\" encoding='ISO-8859-1'?>\n"
                     "<rss><channel>";
  const char *item = "<item><title>von B\xc3\xbclow</title></item>";
  const char *latin = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
                      "<rss><channel><item><title>von B\xfclow</title></item>"
                      "</channel></rss>";
  const char *koi = "<?xml version=\"1.0\" encoding=\"KOI8-R\"?>\n"
                    "<rss><channel><item><title>\xc3\xbc</title></item>"
                    "</channel></rss>";
  nl_buf_puts(&b, head);
  nl_buf_puts(&b, item);
  nl_buf_puts(&b, "</channel></rss>");
  xt_load_buf(nl_load_feed, b.data, b.len, "g2.rss", &r);
  NL_CHECK(r.rc == NL_OK && r.n == 1, "loads");
  if (r.n == 1) {
    NL_CHECK_STR_EQ(r.a[0]->title, "von B\xc3\xbclow", "read as UTF-8");
    NL_CHECK(!xt_warned(r.a[0], "encoding"), "no warning");
  }
  xt_free(&r);
  nl_buf_truncate(&b, b.len - strlen("</channel></rss>"));
  for (i = 0; b.len < NL_XML_STREAM_MIN; i++)
    nl_buf_puts(&b, item);
  nl_buf_puts(&b, "</channel></rss>");
  xt_load_buf(nl_load_feed, b.data, b.len, "g2-big.rss", &r);
  NL_CHECK(r.rc == NL_OK && r.total == (size_t)i + 1, "streamed: every item");
  if (r.n)
    NL_CHECK_STR_EQ(r.a[r.n - 1]->title, "von B\xc3\xbclow",
                    "streamed: read as UTF-8");
  xt_free(&r);
  xt_load_buf(nl_load_feed, latin, strlen(latin), "latin.rss", &r);
  NL_CHECK(r.rc == NL_OK && r.n == 1, "Latin-1 loads");
  if (r.n == 1)
    NL_CHECK_STR_EQ(r.a[0]->title, "von B\xc3\xbclow", "Latin-1 as declared");
  xt_free(&r);
  xt_load_buf(nl_load_feed, koi, strlen(koi), "koi.rss", &r);
  NL_CHECK(r.rc == NL_OK && r.n == 1, "KOI8-R loads");
  if (r.n == 1)
    NL_CHECK_STR_EQ(r.a[0]->title, "\xd1\x86\xe2\x95\xaa",
                    "KOI8-R as declared (U+0446 U+256A)");
  xt_free(&r);
  nl_buf_free(&b);
}

static void test_bogus_encoding(void) {
  xt_result r;
  const char *x = "<?xml version=\"1.0\" encoding=\"bogus\"?>\n"
                  "<rss><channel><item><title>Plain</title></item></channel>"
                  "</rss>";
  xt_load_buf(nl_load_feed, x, strlen(x), "bogus.rss", &r);
  NL_CHECK_INT_EQ(r.rc, NL_OK, "unknown declared encoding: fallback");
  if (r.n == 1) {
    NL_CHECK_STR_EQ(r.a[0]->title, "Plain", "title");
    NL_CHECK(xt_warned(r.a[0], "Unsupported encoding bogus"), "warned");
  }
  xt_free(&r);
}

static void test_junk(void) {
  xt_result r;
  const char *cut = "<?xml version=\"1.0\"?>\n<";
  xt_load(nl_load_feed, "hostile/empty.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_EPARSE, "empty file: EPARSE");
  NL_CHECK(strstr(r.err.msg, "hostile/empty.xml") && strstr(r.err.msg, "empty"),
           "says empty: %s", r.err.msg);
  xt_free(&r);
  xt_load(nl_load_feed, "hostile/binary.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_EPARSE, "binary junk: EPARSE");
  NL_CHECK(strstr(r.err.msg, "hostile/binary.xml:1:") != NULL,
           "names file:line: %s", r.err.msg);
  xt_free(&r);
  xt_load_buf(nl_load_newsml, cut, strlen(cut), "cut.xml", &r);
  NL_CHECK_INT_EQ(r.rc, NL_EPARSE, "nothing usable: EPARSE");
  NL_CHECK(strstr(r.err.msg, "cut.xml:2:") != NULL, "names line 2: %s",
           r.err.msg);
  xt_free(&r);
}

/* Run `fn` on x[0..len) with stderr sent to a temporary file; returns the
** number of bytes libxml2 (or anyone) wrote there. */
static long stderr_bytes(nl_loader_fn fn, const char *x, size_t len,
                         xt_result *r) {
  FILE *tmp = tmpfile();
  int saved;
  long n;
  if (!tmp) return -1;
  fflush(stderr);
  saved = dup(2);
  dup2(fileno(tmp), 2);
  xt_load_buf(fn, x, len, "quiet.rss", r);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  fseek(tmp, 0, SEEK_END);
  n = ftell(tmp);
  fclose(tmp);
  return n;
}

/* Undeclared single-byte text with 0x81 (undefined in Windows-1252, which
** makes iconv fail): read as ISO-8859-1, and nothing printed, neither on
** the DOM path nor on the streaming one (libxml2's reader reports iconv
** failures on its printf channel). */
static void test_quiet_encoding_errors(void) {
  nl_buf b = NL_BUF_INIT;
  xt_result r;
  long n;
  int i;
  /* Shift_JIS bytes, as in feedparser's chardet/shiftjis.xml. */
  const char *item = "<entry><title>Caf\xe9 \x82\xc9\x8b\x4c\x81\x63"
                     "</title></entry>\n";
  nl_buf_puts(&b, "<!-- no encoding declared -->\n<feed xmlns=\"http://"
                  "www.w3.org/2005/Atom\">\n");
  nl_buf_puts(&b, item);
  nl_buf_puts(&b, "</feed>");
  n = stderr_bytes(nl_load_feed, b.data, b.len, &r);
  NL_CHECK_INT_EQ(n, 0, "small: nothing on stderr");
  NL_CHECK_INT_EQ(r.total, 1, "small: one entry");
  xt_free(&r);
  nl_buf_truncate(&b, b.len - 7);
  for (i = 0; b.len < NL_XML_STREAM_MIN; i++)
    nl_buf_puts(&b, item);
  nl_buf_puts(&b, "</feed>");
  n = stderr_bytes(nl_load_feed, b.data, b.len, &r);
  NL_CHECK_INT_EQ(n, 0, "streamed: nothing on stderr");
  NL_CHECK_INT_EQ(r.rc, NL_OK, "loads");
  NL_CHECK_INT_EQ(r.total, (size_t)i + 1, "every entry");
  if (r.n) {
    NL_CHECK_STR_EQ(r.a[0]->title,
                    "Caf\xc3\xa9 \xc2\x82\xc3\x89\xc2\x8bL\xc2\x81"
                    "c",
                    "read as ISO-8859-1");
    NL_CHECK(xt_warned(r.a[0], "ISO-8859-1"), "warned");
  }
  xt_free(&r);
  nl_buf_free(&b);
}

int main(void) {
  test_billion_laughs();
  test_xxe();
  test_xxe_parameter_entity();
  test_xxe_other_loaders();
  test_lines_and_recovery();
  test_stream_limit_keeps_items();
  test_stream_keeps_items_any_alignment();
  test_external_dtd();
  test_entity_budget();
  test_deep_nesting();
  test_not_well_formed();
  test_truncated();
  test_gb2312();
  test_utf16_bom();
  test_undeclared_latin1();
  test_bogus_encoding();
  test_mislabelled_utf8();
  test_junk();
  test_quiet_encoding_errors();
  return nl_test_done();
}
