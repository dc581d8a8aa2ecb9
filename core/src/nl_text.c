/*
** nl_text.c -- plain-text news as crawled: one article per file.
**
** The text is cut into lines and blocks (runs of non-blank lines).  The
** head of the file is read for what crawlers leave there, the tail for
** junk, and what remains is the body, one paragraph per block:
**
**   head  a block of "Key: value" lines (Title, URL, Author, Date, Source,
**         Language; other keys -> meta), as crawl dumps write them;
**         a "date 2017-07-11" / "Published: ..." header, alone on its line
**         or glued before the lead paragraph -> published (metadata);
**         a masthead line followed by a title ("The Washington PostDemocracy
**         Dies in Darkness": a slogan glued at a lowercase->Uppercase
**         junction is cut off) -> source;
**         a title line (short, no sentence-final period) -> title;
**         a byline ("By Jane Doe, Reuters | January 26, 2022") -> author
**         (source, published);
**         a syndication line "Reuters | Updated: 26-01-2022 23:56 IST |
**         Created: ..." -> source and published (metadata), removed, with
**         the title repeated right after it and teaser paragraphs before it
**         whose text reappears in the body.
**   tail  boilerplate blocks ("Give Feedback", "Advertisement", "(This
**         story has not been edited by X staff and is auto-generated from a
**         syndicated feed.)" -> meta syndicated_by = X) and a final run of
**         related headlines (one line, no sentence-final punctuation, no
**         sentence boundary inside, not a list, six words or more) are
**         kept out of the body,
**         each with a warning naming its byte range in the file.
**
** Everything here is a general heuristic over line shapes; the phrase list
** is the only vocabulary.  Invalid UTF-8 is repaired by the article
** setters and reported by the sink.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_datetime.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_loader_internal.h"

typedef struct line {
  size_t start, end; /* bytes of src->data, end without "\r\n" */
  int dropped;       /* kept out of the body */
} line;

typedef struct block {
  size_t first, last; /* line indexes, inclusive */
  int dropped;
} block;

typedef struct text {
  const nl_source *src;
  const char *s;
  line *lines;
  size_t nlines;
  block *blocks;
  size_t nblocks;
  nl_article *a;
  size_t title_block; /* (size_t)-1 when no title */
} text;

#define NONE ((size_t)-1)

static int is_sp(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
static int is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
static int is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
static int is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* Trim spaces (and U+00A0 / BOM bytes are left alone) from s[*a..*b). */
static void trim(const char *s, size_t *a, size_t *b) {
  while (*a < *b && is_sp(s[*a]))
    (*a)++;
  while (*b > *a && is_sp(s[*b - 1]))
    (*b)--;
}

static int eq_ci(const char *a, size_t an, const char *b, size_t bn) {
  size_t i;
  if (an != bn) return 0;
  for (i = 0; i < an; i++) {
    char x = (char)nl_ascii_lower((unsigned char)a[i]);
    char y = (char)nl_ascii_lower((unsigned char)b[i]);
    if (x != y) return 0;
  }
  return 1;
}

static int starts_ci(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && eq_ci(s, k, p, k);
}

/* First s[i..] with eq_ci(s + i, k, p, k); memchr finds the candidates
** (both cases of p's first byte), in order. */
static const char *find_ci(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  const char *end, *pa, *pb;
  char lo, up;
  if (k == 0) return s;
  if (k > n) return NULL;
  end = s + (n - k) + 1; /* candidates start before end */
  lo = (char)nl_ascii_lower((unsigned char)p[0]);
  up = is_lower(lo) ? (char)(lo - 32) : lo;
  pa = memchr(s, lo, (size_t)(end - s));
  pb = up != lo ? memchr(s, up, (size_t)(end - s)) : NULL;
  while (pa || pb) {
    const char *c = !pb || (pa && pa < pb) ? pa : pb;
    if (eq_ci(c, k, p, k)) return c;
    if (c == pa)
      pa = memchr(pa + 1, lo, (size_t)(end - pa - 1));
    else
      pb = memchr(pb + 1, up, (size_t)(end - pb - 1));
  }
  return NULL;
}

static size_t words(const char *s, size_t n) {
  size_t i, w = 0;
  int in = 0;
  for (i = 0; i < n; i++) {
    int sp = is_sp(s[i]) || s[i] == '\n';
    if (!sp && !in) w++;
    in = !sp;
  }
  return w;
}

/* The last character is sentence-final: . ! ? or a closing quote or
** bracket after one of them, or a closing quote after any text. */
static int ends_sentence(const char *s, size_t n) {
  unsigned char c;
  while (n && is_sp(s[n - 1]))
    n--;
  if (!n) return 0;
  c = (unsigned char)s[n - 1];
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == ')' || c == '\'' ||
      c == ':' || c == ';')
    return 1;
  /* UTF-8 right double/single quotation marks, ellipsis. */
  if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 &&
      (unsigned char)s[n - 2] == 0x80 && (c == 0x9D || c == 0x99 || c == 0xA6))
    return 1;
  /* Windows-1252 closing quotes in an unrepaired file. */
  return c == 0x94 || c == 0x92;
}

/*
** A sentence boundary inside s: . ! ? followed by a space and an
** uppercase letter, where the word before the period is not an
** abbreviation (a single capital "J.", or dotted "U.S.").
*/
static int has_sentence_boundary(const char *s, size_t n) {
  size_t i;
  for (i = 1; i + 2 < n; i++) {
    char c = s[i];
    size_t w;
    if (c != '.' && c != '!' && c != '?') continue;
    if (s[i + 1] != ' ' || !(is_upper(s[i + 2]) || s[i + 2] == '"')) continue;
    if (c != '.') return 1;
    w = i;
    while (w > 0 && !is_sp(s[w - 1]))
      w--;
    if (i - w == 1 && is_upper(s[w])) continue;       /* "J." */
    if (memchr(s + w, '.', i - w)) continue;          /* "U.S." */
    if (i - w <= 3 && is_upper(s[w]) && i - w >= 2 && /* "Mr." "Sen." */
        is_lower(s[i - 1]))
      continue;
    return 1;
  }
  return 0;
}

/* A line that could be a headline. */
static int title_like(const char *s, size_t n) {
  size_t w = words(s, n);
  char last;
  if (n == 0 || n > 250 || w < 2 || w > 30) return 0;
  last = s[n - 1];
  if (last == '.' && !(n >= 4 && s[n - 3] == '.')) return 0; /* not "U.S." */
  if (last == ',' || last == ';' || last == ':') return 0;
  if (has_sentence_boundary(s, n)) return 0;
  return 1;
}

static void line_span(const text *t, size_t li, size_t *a, size_t *b) {
  *a = t->lines[li].start;
  *b = t->lines[li].end;
  trim(t->s, a, b);
}

/* Lines and blocks of the data. */
static nl_status split(text *t) {
  const char *s = t->s;
  size_t n = t->src->len, i = 0, cap = 64, bcap = 16;
  t->lines = nl_malloc(cap * sizeof *t->lines);
  t->blocks = nl_malloc(bcap * sizeof *t->blocks);
  if (!t->lines || !t->blocks) return NL_ENOMEM;
  while (i < n) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t end = nl ? (size_t)(nl - s) : n, a = i, b = end;
    if (t->nlines == cap) {
      line *v = nl_realloc(t->lines, (cap *= 2) * sizeof *v);
      if (!v) return NL_ENOMEM;
      t->lines = v;
    }
    t->lines[t->nlines].start = i;
    t->lines[t->nlines].end = end > i && s[end - 1] == '\r' ? end - 1 : end;
    t->lines[t->nlines].dropped = 0;
    trim(s, &a, &b);
    if (a < b) {
      if (t->nblocks && t->blocks[t->nblocks - 1].last + 1 == t->nlines) {
        t->blocks[t->nblocks - 1].last = t->nlines;
      } else {
        if (t->nblocks == bcap) {
          block *v = nl_realloc(t->blocks, (bcap *= 2) * sizeof *v);
          if (!v) return NL_ENOMEM;
          t->blocks = v;
        }
        t->blocks[t->nblocks].first = t->blocks[t->nblocks].last = t->nlines;
        t->blocks[t->nblocks].dropped = 0;
        t->nblocks++;
      }
    }
    t->nlines++;
    i = end + 1;
  }
  return NL_OK;
}

/* Next live block at or after b, or NONE. */
static size_t live(const text *t, size_t b) {
  while (b < t->nblocks && t->blocks[b].dropped)
    b++;
  return b < t->nblocks ? b : NONE;
}

/* The block is one live line: its index, else NONE. */
static size_t single_line(const text *t, size_t b) {
  size_t li, found = NONE;
  if (b == NONE) return NONE;
  for (li = t->blocks[b].first; li <= t->blocks[b].last; li++)
    if (!t->lines[li].dropped) {
      if (found != NONE) return NONE;
      found = li;
    }
  return found;
}

static void drop_block(text *t, size_t b) {
  size_t li;
  t->blocks[b].dropped = 1;
  for (li = t->blocks[b].first; li <= t->blocks[b].last; li++)
    t->lines[li].dropped = 1;
}

static void drop_line(text *t, size_t li) {
  size_t b;
  t->lines[li].dropped = 1;
  for (b = 0; b < t->nblocks; b++)
    if (li >= t->blocks[b].first && li <= t->blocks[b].last) {
      size_t k;
      int all = 1;
      for (k = t->blocks[b].first; k <= t->blocks[b].last; k++)
        all &= t->lines[k].dropped;
      t->blocks[b].dropped = all;
    }
}

/* ---- head ---------------------------------------------------------- */

/*
** A date header at the start of line li: "date 2017-07-11", "Date:
** 2017-07-11", "Published: January 26, 2022".  The date is the longest run
** of up to 6 words after the label that parses (with `whole`, only the
** whole rest of the line).  On success the line start moves past the
** header (the rest, if any, is the lead paragraph).
*/
static nl_status date_header(text *t, size_t li, int whole, int *found) {
  static const char *const labels[] = {"date",    "published", "posted",
                                       "updated", "dated",     NULL};
  size_t a, b, p, k, ends[7], nends = 0;
  int i;
  char value[NL_DATETIME_MAX], ev[160];
  const char *s = t->s;
  *found = 0;
  line_span(t, li, &a, &b);
  for (i = 0; labels[i]; i++)
    if (starts_ci(s + a, b - a, labels[i])) break;
  if (!labels[i]) return NL_OK;
  p = a + strlen(labels[i]);
  if (p < b && s[p] == ':') p++;
  if (p >= b || !is_sp(s[p])) return NL_OK;
  while (p < b && is_sp(s[p]))
    p++;
  /* Candidate ends: after each of the next 6 words. */
  for (k = p; k < b && nends < 6;) {
    while (k < b && !is_sp(s[k]))
      k++;
    ends[nends++] = k;
    while (k < b && is_sp(s[k]))
      k++;
  }
  while (nends) {
    size_t e = ends[--nends], e2 = e;
    if (whole && e != b) return NL_OK; /* the header must fill the line */
    /* "2017-07-11," -> drop trailing punctuation before parsing. */
    while (e2 > p && (s[e2 - 1] == ',' || s[e2 - 1] == '.'))
      e2--;
    if (nl_datetime_parse(s + p, e2 - p, value, NULL) == NL_OK) {
      nl_status rc;
      snprintf(ev, sizeof ev, "header '%.*s' (line %zu)",
               (int)(e2 - a > 100 ? 100 : e2 - a), s + a, li + 1);
      rc = nl_article_set_published(t->a, value, NL_PUB_METADATA, ev);
      if (rc != NL_OK) return rc;
      t->lines[li].start = e;
      line_span(t, li, &a, &b);
      if (a == b) drop_line(t, li);
      *found = 1;
      return NL_OK;
    }
  }
  return NL_OK;
}

/* A masthead: first block one short line, the next one a title.  Sets
** source ("The Washington PostDemocracy Dies in Darkness" ->
** "The Washington Post"). */
static nl_status masthead(text *t, size_t b0) {
  size_t li = single_line(t, b0), b1 = live(t, b0 + 1), l1, a, b, k, cut;
  size_t a1, e1;
  nl_status rc;
  if (li == NONE || b1 == NONE || (l1 = single_line(t, b1)) == NONE)
    return NL_OK;
  if (live(t, b1 + 1) == NONE) return NL_OK;
  line_span(t, li, &a, &b);
  line_span(t, l1, &a1, &e1);
  if (b - a > 80 || words(t->s + a, b - a) > 10 ||
      ends_sentence(t->s + a, b - a) || !title_like(t->s + a1, e1 - a1))
    return NL_OK;
  /* A slogan glued on: "PostDemocracy" (lowercase then uppercase, both
  ** sides at least 3 letters long). */
  cut = NONE;
  for (k = a + 3; k + 3 <= b; k++)
    if (is_lower(t->s[k - 1]) && is_upper(t->s[k]) && is_lower(t->s[k - 2]) &&
        is_lower(t->s[k - 3]) && is_lower(t->s[k + 1]))
      cut = k;
  if (cut == NONE) {
    /* No slogan: accept only a short name in capitals ("BBC News"). */
    size_t w = words(t->s + a, b - a), i;
    if (w > 4) return NL_OK;
    for (i = a; i < b; i++)
      if ((i == a || is_sp(t->s[i - 1])) && !is_upper(t->s[i]) &&
          !starts_ci(t->s + i, b - i, "the ") &&
          !starts_ci(t->s + i, b - i, "of "))
        return NL_OK;
    cut = b;
  }
  rc = nl_article_set(t->a, &t->a->source, t->s + a, cut - a);
  if (rc == NL_OK && cut < b)
    rc = nl_article_add_meta(t->a, "masthead", t->s + a, b - a);
  if (rc == NL_OK) drop_block(t, b0);
  return rc;
}

/* The value after "Label:" in a syndication segment, else the segment. */
static void segment_value(const char *s, size_t *a, size_t b) {
  size_t k = *a;
  while (k < b && (is_upper(s[k]) || is_lower(s[k]) || s[k] == ' '))
    k++;
  if (k < b && s[k] == ':' && k - *a <= 20) *a = k + 1;
  while (*a < b && is_sp(s[*a]))
    (*a)++;
}

/*
** "Reuters | Updated: 26-01-2022 23:56 IST | Created: 26-01-2022 23:56 IST"
** Returns 1 (and sets source / published) when line li is one.
*/
static nl_status syndication(text *t, size_t li, int *found) {
  const char *s = t->s;
  size_t a, b, segs[8][2], nseg = 0, k, i, best = NONE;
  char value[NL_DATETIME_MAX], ev[200];
  nl_status rc = NL_OK;
  *found = 0;
  line_span(t, li, &a, &b);
  if (b - a > 300 || !memchr(s + a, '|', b - a)) return NL_OK;
  for (k = a; nseg < 8;) {
    const char *bar = memchr(s + k, '|', b - k);
    size_t e = bar ? (size_t)(bar - s) : b, x = k, y = e;
    trim(s, &x, &y);
    segs[nseg][0] = x;
    segs[nseg][1] = y;
    nseg++;
    if (!bar) break;
    k = e + 1;
  }
  if (nseg < 2) return NL_OK;
  /* First segment: an outlet name, 1-5 words, no digits. */
  if (segs[0][1] == segs[0][0] ||
      words(s + segs[0][0], segs[0][1] - segs[0][0]) > 5)
    return NL_OK;
  for (i = segs[0][0]; i < segs[0][1]; i++)
    if (is_digit(s[i])) return NL_OK;
  /* A dated segment; "Created"/"Published" wins over "Updated". */
  for (i = 1; i < nseg; i++) {
    size_t x = segs[i][0];
    segment_value(s, &x, segs[i][1]);
    if (nl_datetime_parse(s + x, segs[i][1] - x, value, NULL) != NL_OK)
      continue;
    if (best == NONE ||
        starts_ci(s + segs[i][0], segs[i][1] - segs[i][0], "created") ||
        starts_ci(s + segs[i][0], segs[i][1] - segs[i][0], "published"))
      best = i;
  }
  if (best == NONE) return NL_OK;
  {
    size_t x = segs[best][0], na = segs[0][0];
    segment_value(s, &x, segs[best][1]);
    nl_datetime_parse(s + x, segs[best][1] - x, value, NULL);
    snprintf(ev, sizeof ev, "%.*s (line %zu)", (int)(b - a > 150 ? 150 : b - a),
             s + a, li + 1);
    if (starts_ci(s + na, segs[0][1] - na, "by ")) na += 3;
    if (!t->a->source)
      rc = nl_article_set(t->a, &t->a->source, s + na, segs[0][1] - na);
    if (rc == NL_OK)
      rc = nl_article_set_published(t->a, value, NL_PUB_METADATA, ev);
  }
  if (rc == NL_OK) {
    drop_line(t, li);
    *found = 1;
  }
  return rc;
}

/* Text of block b (live lines) contains s[a..a+n) somewhere after byte
** `after`? Used to spot teasers that repeat the body. */
static int appears_after(const text *t, size_t after, const char *p, size_t n) {
  size_t end = t->src->len;
  const char *s = t->s;
  size_t i;
  if (n < 20) return 0;
  for (i = after; i + n <= end; i++)
    if (s[i] == p[0] && !memcmp(s + i, p, n)) return 1;
  return 0;
}

static nl_status warn_range(text *t, const char *what, size_t a, size_t b) {
  return nl_article_warn(t->a, "%s: %s kept out of the body (bytes %zu-%zu)",
                         t->src->name, what, a, b);
}

static void block_bytes(const text *t, size_t b, size_t *a, size_t *e) {
  *a = t->lines[t->blocks[b].first].start;
  *e = t->lines[t->blocks[b].last].end;
}

/* After a syndication line in block sb (line sl): drop the repeated title
** and the teaser blocks between the title and sb. */
static nl_status after_syndication(text *t, size_t sb, size_t sl) {
  size_t li, b, ta, tb;
  nl_status rc = NL_OK;
  if (t->title_block != NONE && t->a->title) {
    /* The next non-blank line repeats the title. */
    for (li = sl + 1; li < t->nlines; li++) {
      size_t a, e;
      line_span(t, li, &a, &e);
      if (a == e) continue;
      if (eq_ci(t->s + a, e - a, t->a->title, strlen(t->a->title)))
        drop_line(t, li);
      break;
    }
  }
  for (b = t->title_block == NONE ? 0 : t->title_block + 1; b < sb; b++) {
    if (t->blocks[b].dropped) continue;
    block_bytes(t, b, &ta, &tb);
    trim(t->s, &ta, &tb);
    if (appears_after(t, t->lines[sl].end, t->s + ta,
                      tb - ta > 60 ? 60 : tb - ta)) {
      drop_block(t, b);
      rc = warn_range(t, "teaser repeating the body", ta, tb);
      if (rc != NL_OK) return rc;
    }
  }
  return rc;
}

/* Words of s[0..n) are names: capitalised, or a short connective. */
static int name_words(const char *s, size_t n) {
  size_t i, w = 0;
  for (i = 0; i < n; i++) {
    if (i > 0 && !is_sp(s[i - 1])) continue;
    if (is_sp(s[i])) continue;
    w++;
    if (!is_upper(s[i]) && !starts_ci(s + i, n - i, "and ") &&
        !starts_ci(s + i, n - i, "de ") && !starts_ci(s + i, n - i, "van ") &&
        !starts_ci(s + i, n - i, "von ") && !starts_ci(s + i, n - i, "la ") &&
        !starts_ci(s + i, n - i, "al-"))
      return 0;
  }
  return w >= 2 && w <= 8;
}

/*
** A byline block: "By Jane Doe", "By Jane Doe and John Roe, Reuters",
** "BY JANE DOE | January 26, 2022" -> author (and source, date).
*/
static nl_status byline(text *t, size_t b, int *found) {
  size_t li = single_line(t, b), a, e, bar, comma, k;
  const char *s = t->s;
  nl_status rc = NL_OK;
  *found = 0;
  if (li == NONE) return NL_OK;
  line_span(t, li, &a, &e);
  if (e - a > 120 || !(starts_ci(s + a, e - a, "by ")) || !(s[a] == 'B') ||
      ends_sentence(s + a, e - a))
    return NL_OK;
  a += 3;
  while (a < e && is_sp(s[a]))
    a++;
  for (bar = a; bar < e && s[bar] != '|'; bar++) {
  }
  for (comma = a; comma < bar && s[comma] != ','; comma++) {
  }
  k = comma;
  while (k > a && is_sp(s[k - 1]))
    k--;
  if (!name_words(s + a, k - a)) return NL_OK;
  rc = nl_article_set(t->a, &t->a->author, s + a, k - a);
  if (rc == NL_OK && comma < bar && !t->a->source) {
    size_t x = comma + 1, y = bar;
    trim(s, &x, &y);
    if (y > x && words(s + x, y - x) <= 4)
      rc = nl_article_set(t->a, &t->a->source, s + x, y - x);
  }
  if (rc == NL_OK && bar < e && !t->a->published) {
    char value[NL_DATETIME_MAX], ev[160];
    size_t x = bar + 1, y = e;
    trim(s, &x, &y);
    if (nl_datetime_parse(s + x, y - x, value, NULL) == NL_OK) {
      snprintf(ev, sizeof ev, "byline '%.*s' (line %zu)",
               (int)(y - x > 100 ? 100 : y - x), s + x, li + 1);
      rc = nl_article_set_published(t->a, value, NL_PUB_METADATA, ev);
    }
  }
  if (rc == NL_OK) {
    drop_line(t, li);
    *found = 1;
  }
  return rc;
}

/* "Key: value" at line li: the key's span [*ka, *kb) and the value's. */
static int field_line(const text *t, size_t li, size_t *ka, size_t *kb,
                      size_t *va, size_t *vb) {
  size_t a, e, k;
  const char *s = t->s;
  line_span(t, li, &a, &e);
  if (a == e || !(is_upper(s[a]) || is_lower(s[a]))) return 0;
  for (k = a; k < e && k - a <= 24 && s[k] != ':'; k++)
    if (!(is_upper(s[k]) || is_lower(s[k]) || s[k] == ' ' || s[k] == '_' ||
          s[k] == '-'))
      return 0;
  if (k >= e || s[k] != ':' || k + 1 >= e || !is_sp(s[k + 1])) return 0;
  if (words(s + a, k - a) > 3) return 0; /* "It has a colon line: ..." */
  *ka = a;
  *kb = k;
  *va = k + 1;
  *vb = e;
  trim(s, va, vb);
  return *va < *vb;
}

/*
** A header block of "Key: value" lines at the top (crawl dumps): "Title:",
** "URL:", "Author:", "Date:"/"Published:", "Source:", "Language:"; other
** keys become meta entries (key lowercased).  Two lines at least, every
** line a field with a key of three words at most, one key we know.
*/
static nl_status field_block(text *t, size_t b, int *found) {
  static const struct {
    const char *key;
    int field; /* 0 title 1 url 2 author 3 date 4 source 5 language */
  } keys[] = {{"title", 0},      {"headline", 0},
              {"url", 1},        {"link", 1},
              {"source url", 1}, {"author", 2},
              {"authors", 2},    {"by", 2},
              {"byline", 2},     {"date", 3},
              {"published", 3},  {"publication date", 3},
              {"pubdate", 3},    {"date published", 3},
              {"source", 4},     {"publisher", 4},
              {"outlet", 4},     {"site", 4},
              {"language", 5},   {"lang", 5},
              {NULL, 0}};
  size_t li, ka, kb, va, vb;
  nl_status rc = NL_OK;
  int i, known = 0;
  *found = 0;
  if (t->blocks[b].first == t->blocks[b].last) return NL_OK;
  for (li = t->blocks[b].first; li <= t->blocks[b].last; li++) {
    if (!field_line(t, li, &ka, &kb, &va, &vb)) return NL_OK;
    for (i = 0; keys[i].key; i++)
      if (eq_ci(t->s + ka, kb - ka, keys[i].key, strlen(keys[i].key)))
        known = 1;
  }
  if (!known) return NL_OK; /* one field we know, at least */
  for (li = t->blocks[b].first; rc == NL_OK && li <= t->blocks[b].last; li++) {
    char key[32], value[NL_DATETIME_MAX], ev[160];
    size_t k;
    field_line(t, li, &ka, &kb, &va, &vb);
    for (k = 0; k < kb - ka && k < sizeof key - 1; k++)
      key[k] = (char)nl_ascii_lower((unsigned char)t->s[ka + k]);
    key[k] = '\0';
    for (i = 0; keys[i].key; i++)
      if (!strcmp(key, keys[i].key)) break;
    if (!keys[i].key) {
      rc = nl_article_add_meta(t->a, key, t->s + va, vb - va);
      continue;
    }
    switch (keys[i].field) {
    case 0:
      rc = nl_article_set(t->a, &t->a->title, t->s + va, vb - va);
      break;
    case 1:
      rc = nl_article_set(t->a, &t->a->url, t->s + va, vb - va);
      break;
    case 2:
      rc = nl_article_set(t->a, &t->a->author, t->s + va, vb - va);
      break;
    case 4:
      rc = nl_article_set(t->a, &t->a->source, t->s + va, vb - va);
      break;
    case 5:
      rc = nl_article_set(t->a, &t->a->language, t->s + va, vb - va);
      break;
    default:
      if (nl_datetime_parse(t->s + va, vb - va, value, NULL) != NL_OK) {
        rc = nl_article_warn(t->a, "%s:%zu: unreadable date in header '%.*s'",
                             t->src->name, li + 1,
                             (int)(vb - ka > 100 ? 100 : vb - ka), t->s + ka);
        break;
      }
      snprintf(ev, sizeof ev, "header '%.*s' (line %zu)",
               (int)(vb - ka > 100 ? 100 : vb - ka), t->s + ka, li + 1);
      rc = nl_article_set_published(t->a, value, NL_PUB_METADATA, ev);
    }
  }
  if (rc == NL_OK) {
    drop_block(t, b);
    *found = 1;
  }
  return rc;
}

static nl_status head(text *t) {
  size_t b0 = live(t, 0), li, b, tl;
  int found = 0, first_header = 0;
  nl_status rc;
  t->title_block = NONE;
  if (b0 == NONE) return NL_OK;
  /* A "Key: value" header block at the top. */
  if ((rc = field_block(t, b0, &found)) != NL_OK) return rc;
  if (found) {
    b0 = live(t, 0);
    if (b0 == NONE) return NL_OK;
    found = first_header = 1; /* no masthead or date lines after one */
  }
  /* A date header on the first line (alone or glued to the lead)... */
  rc = date_header(t, t->blocks[b0].first, 0, &first_header);
  if (rc != NL_OK) return rc;
  found = first_header;
  /* ... or alone on a later line of the first two blocks ("Title\ndate
  ** 2022-01-21\n\nLead..."). */
  for (b = b0, tl = 0; !found && b != NONE && tl < 2; b = live(t, b + 1), tl++)
    for (li = t->blocks[b].first + (b == b0); !found && li <= t->blocks[b].last;
         li++)
      if (!t->lines[li].dropped &&
          (rc = date_header(t, li, 1, &found)) != NL_OK)
        return rc;
  b0 = live(t, 0);
  if (b0 == NONE) return NL_OK;
  if (!first_header) {
    if ((rc = masthead(t, b0)) != NL_OK) return rc;
    b0 = live(t, 0);
  }
  /* Title: a one-line first block, headline-shaped, with text after it. */
  tl = t->a->title ? NONE : single_line(t, b0);
  if (tl != NONE && live(t, b0 + 1) != NONE) {
    size_t a, e;
    line_span(t, tl, &a, &e);
    if (title_like(t->s + a, e - a)) {
      rc = nl_article_set(t->a, &t->a->title, t->s + a, e - a);
      if (rc != NL_OK) return rc;
      drop_block(t, b0);
      t->title_block = b0;
      /* A date header right under the title. */
      b = live(t, b0 + 1);
      if (!t->a->published && (li = single_line(t, b)) != NONE) {
        if ((rc = date_header(t, li, 1, &found)) != NL_OK) return rc;
      }
    }
  }
  /* A byline in one of the first two blocks left. */
  for (b = live(t, 0), li = 0; b != NONE && li < 2; b = live(t, b + 1), li++) {
    if ((rc = byline(t, b, &found)) != NL_OK) return rc;
    if (found) break;
  }
  /* Syndication lines among the first blocks. */
  for (b = 0; b < t->nblocks && b < 10; b++) {
    if (t->blocks[b].dropped) continue;
    for (li = t->blocks[b].first; li <= t->blocks[b].last; li++) {
      if (t->lines[li].dropped) continue;
      if ((rc = syndication(t, li, &found)) != NL_OK) return rc;
      if (found) return after_syndication(t, b, li);
    }
  }
  return NL_OK;
}

/* ---- tail ---------------------------------------------------------- */

static const char *const boilerplate[] = {"give feedback",
                                          "advertisement",
                                          "share this article",
                                          "share",
                                          "read more",
                                          "related",
                                          "related articles",
                                          "related stories",
                                          "more stories",
                                          "comments",
                                          "sign up",
                                          "subscribe",
                                          "follow us",
                                          "report an error",
                                          "click here",
                                          "continue reading",
                                          "story continues",
                                          "back to top",
                                          "print",
                                          "email",
                                          NULL};

/* "(This story has not been edited by Devdiscourse staff and is
** auto-generated from a syndicated feed.)" -> "Devdiscourse". */
static nl_status syndicated_note(text *t, const char *s, size_t n, int *hit) {
  const char *p = find_ci(s, n, "edited by "), *q;
  *hit = 0;
  if (!find_ci(s, n, "syndicated") && !find_ci(s, n, "auto-generated"))
    return NL_OK;
  *hit = 1;
  if (!p) return NL_OK;
  p += 10;
  q = find_ci(p, (size_t)(s + n - p), " staff");
  if (!q || q - p > 60) return NL_OK;
  return nl_article_add_meta(t->a, "syndicated_by", p, (size_t)(q - p));
}

static int is_boilerplate(const char *s, size_t n) {
  int i;
  while (n && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == '!' ||
               is_sp(s[n - 1])))
    n--;
  for (i = 0; boilerplate[i]; i++)
    if (eq_ci(s, n, boilerplate[i], strlen(boilerplate[i]))) return 1;
  if (starts_ci(s, n, "copyright") || starts_ci(s, n, "\xc2\xa9") ||
      find_ci(s, n, "all rights reserved"))
    return n < 200;
  return 0;
}

/* A list item or a list flattened onto one line ("- a - b", "* a"). */
static int list_like(const char *s, size_t n) {
  if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+')) return 1;
  return find_ci(s, n, " - ") != NULL;
}

static nl_status tail(text *t) {
  size_t b = t->nblocks, a, e;
  nl_status rc = NL_OK;
  int hit;
  while (b-- > 0 && rc == NL_OK) {
    if (t->blocks[b].dropped) continue;
    block_bytes(t, b, &a, &e);
    trim(t->s, &a, &e);
    hit = 0;
    if (e - a < 400 && (rc = syndicated_note(t, t->s + a, e - a, &hit)))
      return rc;
    if (e - a < 400 && hit) {
      drop_block(t, b);
      rc = warn_range(t, "syndication note", a, e);
    } else if (is_boilerplate(t->s + a, e - a)) {
      drop_block(t, b);
      rc = warn_range(t, "trailing boilerplate", a, e);
    } else {
      /* Related headlines glued together: the last block only. */
      if (t->blocks[b].first == t->blocks[b].last &&
          !ends_sentence(t->s + a, e - a) && words(t->s + a, e - a) >= 6 &&
          !has_sentence_boundary(t->s + a, e - a) &&
          !list_like(t->s + a, e - a) && live(t, 0) != b) {
        drop_block(t, b);
        rc = warn_range(t, "trailing related headlines", a, e);
      }
      break;
    }
  }
  return rc;
}

/* ---- body ---------------------------------------------------------- */

static nl_status body(text *t) {
  size_t b, li;
  nl_buf p = NL_BUF_INIT;
  nl_status rc = NL_OK;
  for (b = 0; b < t->nblocks && rc == NL_OK; b++) {
    if (t->blocks[b].dropped) continue;
    nl_buf_truncate(&p, 0);
    for (li = t->blocks[b].first; li <= t->blocks[b].last; li++) {
      if (t->lines[li].dropped) continue;
      if (p.len) nl_buf_putc(&p, ' ');
      nl_buf_append(&p, t->s + t->lines[li].start,
                    t->lines[li].end - t->lines[li].start);
    }
    if (!nl_buf_ok(&p))
      rc = NL_ENOMEM;
    else if (p.len)
      rc = nl_article_add_paragraph(t->a, p.data, p.len);
  }
  nl_buf_free(&p);
  return rc;
}

nl_status nl_load_text(const nl_source *src, nl_sink *sink, nl_error *err) {
  text t;
  nl_status rc;
  memset(&t, 0, sizeof t);
  t.src = src;
  t.s = src->data;
  rc = nl_article_new(&t.a);
  if (rc == NL_OK) rc = split(&t);
  if (rc == NL_OK && t.nblocks == 0)
    rc = nl_error_set(err, NL_EPARSE, "%s: no text", src->name);
  if (rc == NL_OK) rc = head(&t);
  if (rc == NL_OK) rc = tail(&t);
  if (rc == NL_OK) rc = body(&t);
  nl_free(t.lines);
  nl_free(t.blocks);
  if (rc != NL_OK) {
    nl_article_free(t.a);
    if (rc == NL_ENOMEM)
      return nl_error_set(err, rc, "%s: out of memory", src->name);
    return rc;
  }
  return nl_sink_emit(sink, t.a);
}
