/*
** nl_sgml.c -- Reuters-21578 SGML (reut2-NNN.sgm): one article per
** <REUTERS> element.
**
** The files are SGML, not XML (no root element, bare '<' in text, control
** characters as numeric references), so this is a hand-written scanner:
** find <REUTERS ...>, then the fields inside it by tag name.  Text is
** decoded (&#N; &lt; &gt; &amp; &quot; &apos;), control characters other
** than newline turned into spaces, and handed to the article setters, which
** repair the one stray Latin-1 byte of the corpus (counted).
**
** Article: item_key = NEWID; published = DATE ("26-FEB-1987 15:01:01.79",
** metadata); title = TITLE; author = AUTHOR without "by" / ", Reuters";
** meta "dateline" (DATELINE without the trailing " - "; when the DATELINE
** goes on past the " - " after its date with the story's first words,
** "THE HAGUE, March 2 - Dutch imports of fat- ", those start the body,
** which goes on "and oil-bearing ..."), one meta entry per
** <D> of TOPICS, PLACES, PEOPLE, ORGS, EXCHANGES, COMPANIES (keys
** "topics", ...), "lewissplit", "cgisplit", "oldid", "text_type" for BRIEF
** and UNPROC texts; body = BODY (or the whole TEXT of an UNPROC story),
** a paragraph per indented line, the trailing "Reuter" sign-off removed;
** source "Reuters".
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "newslua/nl_buf.h"
#include "newslua/nl_datetime.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_loader_internal.h"

typedef struct span {
  const char *s;
  size_t n;
} span;

/* First occurrence of needle[0..k) in s[0..n), or NULL. */
static const char *find(const char *s, size_t n, const char *needle, size_t k) {
  const char *end = s + n, *p = s;
  while (n >= k && (p = memchr(p, needle[0], (size_t)(end - p))) != NULL) {
    if ((size_t)(end - p) < k) return NULL;
    if (!memcmp(p, needle, k)) return p;
    p++;
  }
  return NULL;
}

/* Every '<' of the <REUTERS> element being read, in order (made once per
** article by index_doc): the element lookups below step from one '<' to
** the next instead of searching the text again for each tag. */
typedef struct lt_index {
  const char **lt;
  size_t n, cap;
  int oom;
} lt_index;

/* First occurrence of needle[0..k) (needle[0] == '<') in s[0..n), a span
** inside the indexed element: what find() returns. */
static const char *find_lt(const lt_index *ix, const char *s, size_t n,
                           const char *needle, size_t k) {
  const char *end = s + n;
  size_t lo = 0, hi = ix->n;
  while (lo < hi) { /* the first '<' at or after s */
    size_t mid = lo + (hi - lo) / 2;
    if (ix->lt[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  for (; lo < ix->n && ix->lt[lo] < end; lo++) {
    const char *p = ix->lt[lo];
    if ((size_t)(end - p) < k) return NULL;
    if (p[1] == needle[1] && !memcmp(p, needle, k)) return p;
  }
  return NULL;
}

/* Content of the first <tag ...>...</tag> inside doc (and its start tag
** when `start` is not NULL); 0 if absent. */
static int element_tag(const lt_index *ix, span doc, const char *tag,
                       span *out, span *start) {
  char open[32], close[32];
  size_t k, ko, kc;
  const char *p = doc.s, *end = doc.s + doc.n, *q, *gt;
  open[0] = close[0] = '<';
  close[1] = '/';
  for (k = 0; tag[k]; k++) { /* the short names copied without calls */
    if (k == 20) return 0;
    open[k + 1] = close[k + 2] = tag[k];
  }
  close[k + 2] = '>';
  ko = k + 1;
  kc = k + 3;
  for (;;) {
    p = find_lt(ix, p, (size_t)(end - p), open, ko);
    if (!p) return 0;
    /* "<TEXT" must not match "<TEXTS": the name ends at '>' or space. */
    if (p + ko < end && (p[ko] == '>' || p[ko] == ' ')) break;
    p += ko;
  }
  gt = memchr(p, '>', (size_t)(end - p));
  if (!gt) return 0;
  q = find_lt(ix, gt + 1, (size_t)(end - gt - 1), close, kc);
  out->s = gt + 1;
  out->n = q ? (size_t)(q - gt - 1) : (size_t)(end - gt - 1);
  if (start) {
    start->s = p;
    start->n = (size_t)(gt - p);
  }
  return 1;
}

static int element(const lt_index *ix, span doc, const char *tag, span *out) {
  return element_tag(ix, doc, tag, out, NULL);
}

/*
** Index the '<' of s[0..n) up to the first "</REUTERS>" (not included),
** which is returned (NULL if none: every '<' to the end is indexed).
** ix->oom on a failed allocation.
*/
static const char *index_doc(lt_index *ix, const char *s, size_t n) {
  const char *p = s, *end = s + n;
  ix->n = 0;
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
    if ((size_t)(end - p) >= 10 && !memcmp(p, "</REUTERS>", 10)) return p;
    if (ix->n == ix->cap) {
      size_t cap = ix->cap ? 2 * ix->cap : 64;
      const char **nl = nl_realloc((void *)ix->lt, cap * sizeof *nl);
      if (!nl) {
        ix->oom = 1;
        return NULL;
      }
      ix->lt = nl;
      ix->cap = cap;
    }
    ix->lt[ix->n++] = p++;
  }
  return NULL;
}

/* Value of attribute name="..." in the start tag t[0..n). */
static int attribute(span tag, const char *name, span *out) {
  char pat[32];
  size_t k = strlen(name);
  const char *p, *q;
  if (k + 3 > sizeof pat) return 0;
  pat[0] = ' '; /* ' NAME="' */
  memcpy(pat + 1, name, k);
  memcpy(pat + 1 + k, "=\"", 2);
  k += 3;
  p = find(tag.s, tag.n, pat, k);
  if (!p) return 0;
  p += k;
  q = memchr(p, '"', (size_t)(tag.s + tag.n - p));
  if (!q) return 0;
  out->s = p;
  out->n = (size_t)(q - p);
  return 1;
}

/* Bytes decode() must look at: '&', controls other than tab and newline,
** DEL. */
/* clang-format off */
static const unsigned char special[256] = {
    1,1,1,1,1,1,1,1,1,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
};
/* clang-format on */

/* In x, bit 0x80 of each byte equal to c (exact for every byte). */
static uint64_t bytes_eq(uint64_t x, unsigned char c) {
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
  uint64_t y = x ^ (0x0101010101010101ULL * c);
  return ~(((y & low7) + low7) | y) & ~low7;
}

/* From s[i], the first byte of s[0..n) that decode() must look at (see
** `special`), sixteen bytes a test with SSE2, else eight (little-endian);
** n if none, or the start of a last block of fewer than eight bytes. */
static size_t plain_blocks(const char *s, size_t i, size_t n) {
  const uint64_t ones = 0x0101010101010101ULL, low7 = ones * 0x7F;
#if !(defined(__GNUC__) && defined(__BYTE_ORDER__) && \
      __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
  return i;
#endif
#if defined(__SSE2__)
  while (i + 16 <= n) { /* sixteen bytes a test where SSE2 is there */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    /* x <= 0x1F unsigned (min(x, 0x1F) == x) but not tab or newline */
    __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
    __m128i ok = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')),
                              _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')));
    __m128i bad = _mm_or_si128(_mm_andnot_si128(ok, ctl),
                               _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('&')),
                                            _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))));
    unsigned m = (unsigned)_mm_movemask_epi8(bad);
    if (m) return i + (size_t)__builtin_ctz(m);
    i += 16;
  }
#endif
  while (i + 8 <= n) {
    uint64_t x, bad;
    memcpy(&x, s + i, 8);
    /* below 0x20 but not tab or newline (exact: no carries), '&', DEL */
    bad = ~(((x & low7) + ones * 0x60) | x) & ~low7;
    bad &= ~(bytes_eq(x, '\t') | bytes_eq(x, '\n'));
    bad |= bytes_eq(x, '&') | bytes_eq(x, 0x7F);
    if (bad) return i + ((size_t)__builtin_ctzll(bad) >> 3);
    i += 8;
  }
  return i;
}

/* Decode references and drop control characters into b (appending). */
static void decode(nl_buf *b, span t) {
  size_t i = 0, run = 0;
  while (i < t.n) {
    unsigned char c;
    i = plain_blocks(t.s, i, t.n);
    while (i < t.n && !special[(unsigned char)t.s[i]])
      i++; /* plain text */
    if (i == t.n) break;
    c = (unsigned char)t.s[i];
    if (c == '&') {
      size_t j = i + 1;
      unsigned v = 0;
      const char *rep = NULL;
      size_t rl = 0;
      if (j < t.n && t.s[j] == '#') {
        j++;
        while (j < t.n && j - i < 10 && t.s[j] >= '0' && t.s[j] <= '9')
          v = v * 10 + (unsigned)(t.s[j++] - '0');
        if (j < t.n && t.s[j] == ';' && j > i + 2) {
          nl_buf_append(b, t.s + run, i - run);
          /* Controls (&#2; &#3; &#5; ...) separate words: a space. */
          nl_buf_put_utf8(b, v == '\n' || (v >= 0x20 && v != 0x7f) ? v : ' ');
          i = run = j + 1;
          continue;
        }
      } else {
        static const struct {
          const char *name, *rep;
        } ents[] = {{"lt;", "<"},    {"gt;", ">"},   {"amp;", "&"},
                    {"quot;", "\""}, {"apos;", "'"}, {NULL, NULL}};
        int e;
        for (e = 0; ents[e].name; e++) {
          rl = strlen(ents[e].name);
          if (t.n - j >= rl && !memcmp(t.s + j, ents[e].name, rl)) {
            rep = ents[e].rep;
            break;
          }
        }
        if (rep) {
          nl_buf_append(b, t.s + run, i - run);
          nl_buf_puts(b, rep);
          i = run = j + rl;
          continue;
        }
      }
      i++;
    } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
      nl_buf_append(b, t.s + run, i - run);
      nl_buf_putc(b, ' ');
      i = run = i + 1;
    } else {
      i++;
    }
  }
  nl_buf_append(b, t.s + run, i - run);
}

static int is_sp(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

/* Trim ASCII whitespace (and newlines) from both ends. */
static span trim(span t) {
  while (t.n && (is_sp(t.s[0]) || t.s[0] == '\n'))
    t.s++, t.n--;
  while (t.n && (is_sp(t.s[t.n - 1]) || t.s[t.n - 1] == '\n'))
    t.n--;
  return t;
}

/* Decode t into the scratch buffer and return the trimmed view. */
static span decoded(nl_buf *b, span t) {
  span r;
  nl_buf_truncate(b, 0);
  decode(b, t);
  r.s = b->data ? b->data : "";
  r.n = b->len;
  return trim(r);
}

static nl_status set_field(nl_article *a, char **field, nl_buf *b, span t) {
  span d = decoded(b, t);
  if (!nl_buf_ok(b)) return NL_ENOMEM;
  return nl_article_set(a, field, d.s, d.n);
}

/* Each <D>x</D> of a category element becomes meta key = x. */
static nl_status categories(nl_article *a, const lt_index *ix, span doc,
                            const char *tag, const char *key, nl_buf *b) {
  span cat, d;
  nl_status rc = NL_OK;
  if (!element(ix, doc, tag, &cat)) return NL_OK;
  while (rc == NL_OK && element(ix, cat, "D", &d)) {
    span v = decoded(b, d);
    if (!nl_buf_ok(b)) return NL_ENOMEM;
    if (v.n) rc = nl_article_add_meta(a, key, v.s, v.n);
    cat.n -= (size_t)(d.s + d.n - cat.s);
    cat.s = d.s + d.n;
  }
  return rc;
}

/* The date: cut the junk some DATE fields carry (tabs, "# comment"). */
static nl_status date(nl_article *a, const lt_index *ix, span doc, nl_buf *b,
                      const char *name, size_t line) {
  span t, d;
  char value[NL_DATETIME_MAX], ev[96];
  nl_status rc;
  size_t k;
  if (!element(ix, doc, "DATE", &t)) return NL_OK;
  /* Cut at the first reference, tab or '#': "15:01:01.79&#5;&#5;A RM". */
  for (k = 0; k < t.n && t.s[k] != '\t' && t.s[k] != '#' && t.s[k] != '&';
       k++) {
  }
  t.n = k;
  d = decoded(b, t);
  if (!nl_buf_ok(b)) return NL_ENOMEM;
  k = d.n > 60 ? 60 : d.n; /* ev = "DATE '<at most 60 bytes>'" */
  memcpy(ev, "DATE '", 6);
  memcpy(ev + 6, d.s, k);
  memcpy(ev + 6 + k, "'", 2);
  if (nl_datetime_parse(d.s, d.n, value, NULL) == NL_OK)
    return nl_article_set_published(a, value, NL_PUB_METADATA, ev);
  /* "31-MAR-1987 605:12:19.12": keep the day, drop the broken time. */
  for (k = 0; k < d.n && d.s[k] != ' '; k++) {
  }
  if (nl_datetime_parse(d.s, k, value, NULL) == NL_OK) {
    rc = nl_article_set_published(a, value, NL_PUB_METADATA, ev);
    if (rc != NL_OK) return rc;
    return nl_article_warn(a, "%s:%zu: time in %s is impossible; kept the day",
                           name, line, ev);
  }
  return nl_article_warn(a, "%s:%zu: unreadable %s", name, line, ev);
}

/* "    by Greg McCune, Reuters" -> "Greg McCune". */
static nl_status author(nl_article *a, const lt_index *ix, span doc,
                       nl_buf *b) {
  span t, d;
  if (!element(ix, doc, "AUTHOR", &t)) return NL_OK;
  d = decoded(b, t);
  if (!nl_buf_ok(b)) return NL_ENOMEM;
  if (d.n > 3 && (d.s[0] == 'b' || d.s[0] == 'B') && d.s[1] == 'y' &&
      d.s[2] == ' ')
    d.s += 3, d.n -= 3;
  if (d.n > 9 && !memcmp(d.s + d.n - 9, ", Reuters", 9)) d.n -= 9;
  return nl_article_set(a, &a->author, d.s, d.n);
}

/* Drop a trailing "Reuter" / "REUTER" sign-off from text t. */
static span strip_signoff(span t) {
  span r = trim(t);
  if (r.n >= 6 &&
      (!memcmp(r.s + r.n - 6, "Reuter", 6) ||
       !memcmp(r.s + r.n - 6, "REUTER", 6)) &&
      (r.n == 6 || is_sp(r.s[r.n - 7]) || r.s[r.n - 7] == '\n')) {
    r.n -= 6;
    r = trim(r);
  }
  return r;
}

/* Does the word cut at the hyphen that ends lead ("anti- ", "Anglo- ")
** go on in the body d ("inflation", "French"), so that the space after
** the hyphen goes?  Not before a conjunction: "fat- and oil-bearing",
** "Vereins- und Westbank" keep it. */
static int hyphen_joins(const nl_buf *lead, span d) {
  static const char *const conj[] = {"and", "or", "nor", "to", "und", "et",
                                     NULL};
  const char *const *c;
  size_t n = lead->len, w = 0;
  if (n < 3 || lead->data[n - 1] != ' ' || lead->data[n - 2] != '-' ||
      !nl_ascii_is_alpha((unsigned char)lead->data[n - 3]))
    return 0;
  while (w < d.n && nl_ascii_is_alpha((unsigned char)d.s[w]))
    w++;
  if (w == 0) return 0;
  for (c = conj; *c; c++)
    if (strlen(*c) == w && !strncmp(d.s, *c, w)) return 0;
  return 1;
}

/* Body paragraphs: a line indented by a space, or a blank line, starts a
** new paragraph.  lead (may be empty) holds the story's first words the
** DATELINE swallowed, with their glue: they start the first paragraph. */
static nl_status body(nl_article *a, span t, nl_buf *lead, nl_buf *b) {
  span d = decoded(b, t);
  size_t i = 0, para = 0;
  nl_status rc = NL_OK;
  if (!nl_buf_ok(b)) return NL_ENOMEM;
  d = strip_signoff(d);
  if (lead && lead->len) {
    if (hyphen_joins(lead, d)) lead->len--; /* "anti-" + "inflation" */
    nl_buf_append(lead, d.s, d.n);
    if (!nl_buf_ok(lead)) return NL_ENOMEM;
    d.s = lead->data;
    d.n = lead->len;
  }
  while (i < d.n && rc == NL_OK) {
    const char *nl = memchr(d.s + i, '\n', d.n - i);
    size_t end = nl ? (size_t)(nl - d.s) : d.n, k = i;
    int blank;
    while (k < end && is_sp(d.s[k]))
      k++;
    blank = k == end;
    if (i > para && (blank || k > i)) {
      rc = nl_article_add_paragraph(a, d.s + para, i - para);
      para = i;
    }
    if (blank) para = end + 1 < d.n ? end + 1 : d.n;
    i = end + 1;
  }
  if (rc == NL_OK && para < d.n)
    rc = nl_article_add_paragraph(a, d.s + para, d.n - para);
  return rc;
}

/* Length of a month name or abbreviation at s[0..n) ("Feb", "MArch",
** "Sept.", "june"; nl_datetime_month: "Mayor", "Decline" are none), its
** '.' included; 0 if none. */
static size_t month_at(const char *s, size_t n) {
  size_t w;
  for (w = 0; w < n && nl_ascii_is_alpha((unsigned char)s[w]); w++) {
  }
  if (!nl_datetime_month(s, w)) return 0;
  return w < n && s[w] == '.' ? w + 1 : w;
}

/*
** Split a decoded DATELINE d at the separator after its date: "THE
** HAGUE, March 2 - Dutch imports of fat-" is the dateline "THE HAGUE,
** March 2" and the story's first words, which the BODY goes on from
** ("and oil-bearing ...").  The separator is the first run of '-' after
** a month name, a space, a day number and at most a comma and "Reuter";
** words are what follows it when it holds a letter or digit.  Returns
** the dateline (d itself when no words follow the separator); *lead
** receives the words after the separator, empty when there are none or no
** date is found.
*/
static span dateline_split(span d, span *lead) {
  size_t i, k;
  lead->s = d.s + d.n;
  lead->n = 0;
  for (i = 0; i < d.n; i++) {
    if (i > 0 && nl_ascii_is_alpha((unsigned char)d.s[i - 1])) continue;
    if ((k = month_at(d.s + i, d.n - i)) == 0) continue;
    k += i;
    if (k >= d.n || d.s[k] != ' ') continue; /* "MAR8": a table's column */
    while (k < d.n && d.s[k] == ' ')
      k++;
    if (k >= d.n || !nl_ascii_is_digit((unsigned char)d.s[k])) continue;
    i = k;
    while (k < d.n && nl_ascii_is_digit((unsigned char)d.s[k]))
      k++;
    if (k - i > 2) continue;
    i = k; /* the dateline ends after the day */
    while (k < d.n && (d.s[k] == ' ' || d.s[k] == ','))
      k++;
    if (d.n - k >= 6 && !memcmp(d.s + k, "Reuter", 6)) k += 6;
    while (k < d.n && d.s[k] == ' ')
      k++;
    if (k >= d.n || d.s[k] != '-') break;
    while (k < d.n && d.s[k] == '-')
      k++;
    lead->s = d.s + k;
    lead->n = d.n - k;
    *lead = trim(*lead);
    for (k = 0; k < lead->n && !nl_ascii_is_alnum((unsigned char)lead->s[k]);
         k++) {
    }
    if (k == lead->n) lead->n = 0; /* dashes, no words */
    if (lead->n) d.n = i; /* else the dateline stays as it was written */
    return d;
  }
  return d;
}

/*
** The DATELINE: meta "dateline", and into *lead the story's first words
** it swallowed (see dateline_split) with what joins them to the BODY: a
** space after a dash (" -", "--") or where the DATELINE ended with one
** ("fat- " + "and oil-bearing"), none after a word cut at its hyphen
** ("the Iraq-" + "Turkey oil pipeline").
*/
static nl_status dateline(nl_article *a, span t, nl_buf *lead, nl_buf *b) {
  span d = decoded(b, t), l;
  size_t k;
  if (!nl_buf_ok(b)) return NL_ENOMEM;
  d = dateline_split(d, &l);
  if (l.n) {
    for (k = l.n; k > 0 && l.s[k - 1] == '-'; k--) {
    }
    nl_buf_append(lead, l.s, l.n);
    if (k == l.n || k == 0 || l.s[k - 1] == ' ' ||
        (t.n && (is_sp(t.s[t.n - 1]) || t.s[t.n - 1] == '\n')))
      nl_buf_putc(lead, ' ');
    if (!nl_buf_ok(lead)) return NL_ENOMEM;
  }
  if (d.n && d.s[d.n - 1] == '-') d.n--;
  d = trim(d);
  return d.n ? nl_article_add_meta(a, "dateline", d.s, d.n) : NL_OK;
}

static nl_status text_part(nl_article *a, const lt_index *ix, span doc,
                           nl_buf *b) {
  span text, t, tag;
  nl_status rc = NL_OK;
  nl_buf lead = NL_BUF_INIT;
  char type[16] = "";
  if (!element_tag(ix, doc, "TEXT", &text, &tag)) return NL_OK;
  if (attribute(tag, "TYPE", &t) && t.n < sizeof type) {
    memcpy(type, t.s, t.n);
    type[t.n] = '\0';
    rc = nl_article_add_meta(a, "text_type", type, t.n);
  }
  if (rc == NL_OK && element(ix, text, "TITLE", &t))
    rc = set_field(a, &a->title, b, t);
  if (rc == NL_OK && element(ix, text, "DATELINE", &t))
    rc = dateline(a, t, &lead, b);
  if (rc == NL_OK) rc = author(a, ix, text, b);
  if (rc == NL_OK && element(ix, text, "BODY", &t)) {
    rc = body(a, t, &lead, b);
  } else if (rc == NL_OK && (!strcmp(type, "UNPROC") || lead.len)) {
    /* No BODY: the whole text (minus AUTHOR etc. tags) is the story, after
    ** the words its DATELINE held (only those when it is no UNPROC) */
    const char *lt = memchr(text.s, '<', text.n);
    span all = text;
    if (strcmp(type, "UNPROC") != 0)
      all.n = 0;
    else if (lt)
      all.n = (size_t)(lt - text.s);
    rc = body(a, all, &lead, b);
  }
  nl_buf_free(&lead);
  return rc;
}

/* One <REUTERS ...> element: tag = its start tag, doc = its content. */
static nl_status one(const nl_source *src, nl_sink *sink, span tag, span doc,
                     const lt_index *ix, size_t line, nl_buf *b) {
  nl_article *a;
  nl_status rc;
  span v;
  static const char *const cats[][2] = {
      {"TOPICS", "topics"},       {"PLACES", "places"},
      {"PEOPLE", "people"},       {"ORGS", "orgs"},
      {"EXCHANGES", "exchanges"}, {"COMPANIES", "companies"}};
  static const char *const attrs[][2] = {{"LEWISSPLIT", "lewissplit"},
                                         {"CGISPLIT", "cgisplit"},
                                         {"OLDID", "oldid"}};
  size_t k;
  if ((rc = nl_article_new(&a)) != NL_OK) return rc;
  rc = nl_article_set(a, &a->source, "Reuters", 7);
  if (rc == NL_OK && attribute(tag, "NEWID", &v))
    rc = nl_article_set(a, &a->item_key, v.s, v.n);
  for (k = 0; rc == NL_OK && k < sizeof attrs / sizeof attrs[0]; k++)
    if (attribute(tag, attrs[k][0], &v))
      rc = nl_article_add_meta(a, attrs[k][1], v.s, v.n);
  if (rc == NL_OK) rc = date(a, ix, doc, b, src->name, line);
  for (k = 0; rc == NL_OK && k < sizeof cats / sizeof cats[0]; k++)
    rc = categories(a, ix, doc, cats[k][0], cats[k][1], b);
  if (rc == NL_OK) rc = text_part(a, ix, doc, b);
  if (rc == NL_OK && !a->item_key)
    rc = nl_article_warn(a, "%s:%zu: <REUTERS> without NEWID", src->name, line);
  if (rc != NL_OK) {
    nl_article_free(a);
    return rc;
  }
  return nl_sink_emit(sink, a);
}

static size_t count_lines(const char *s, size_t n) {
  size_t k = 0;
  const char *p = s, *end = s + n;
  while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL)
    k++, p++;
  return k;
}

nl_status nl_load_sgml(const nl_source *src, nl_sink *sink, nl_error *err) {
  const char *s = src->data, *end = s + src->len, *p = s, *lastp = s;
  size_t line = 1;
  nl_buf b = NL_BUF_INIT;
  lt_index ix = {NULL, 0, 0, 0};
  nl_status rc = NL_OK;
  int found = 0;
  while (rc == NL_OK && (p = find(p, (size_t)(end - p), "<REUTERS", 8))) {
    const char *gt, *close;
    span tag, doc;
    if (p + 8 < end && p[8] != ' ' && p[8] != '>') {
      p += 8; /* "<REUTERSX": another name */
      continue;
    }
    gt = memchr(p, '>', (size_t)(end - p));
    line += count_lines(lastp, (size_t)(p - lastp));
    lastp = p;
    if (!gt) {
      nl_sink_note(sink, "line %zu: unterminated <REUTERS> tag", line);
      break;
    }
    found = 1;
    close = index_doc(&ix, gt + 1, (size_t)(end - gt - 1));
    if (ix.oom) {
      rc = NL_ENOMEM;
      break;
    }
    tag.s = p;
    tag.n = (size_t)(gt - p);
    doc.s = gt + 1;
    doc.n = close ? (size_t)(close - gt - 1) : (size_t)(end - gt - 1);
    if (!close)
      nl_sink_note(sink, "line %zu: <REUTERS> not closed (truncated file?)",
                   line);
    rc = one(src, sink, tag, doc, &ix, line, &b);
    p = close ? close + 10 : end;
    nl_sink_release(sink, (size_t)(lastp - s));
  }
  nl_buf_free(&b);
  nl_free((void *)ix.lt);
  if (rc == NL_ENOMEM)
    return nl_error_set(err, rc, "%s: out of memory at line %zu", src->name,
                        line);
  if (rc != NL_OK) return rc;
  if (!found)
    return nl_error_set(err, NL_EPARSE, "%s: no <REUTERS> element found",
                        src->name);
  return NL_OK;
}
