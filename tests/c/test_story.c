/*
** test_story.c -- stems and story links (nl_story.h) on hand-made input.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_article.h"
#include "nl_alloc.h"
#include "nl_story.h"

/* Stems of a NUL-terminated string, sorted unique (caller frees). */
static uint64_t *stems(const char *s, size_t *n) {
  uint64_t *w = NULL;
  size_t cap = 0;
  *n = 0;
  if (nl_story_words(s, strlen(s), &w, n, &cap) != NL_OK) return NULL;
  *n = nl_story_uniq(w, *n);
  return w;
}

static int has(const uint64_t *w, size_t n, const char *stem) {
  uint64_t h = nl_fnv64(stem, strlen(stem));
  size_t i;
  for (i = 0; i < n; i++)
    if (w[i] == h) return 1;
  return 0;
}

static void test_words(void) {
  size_t n;
  uint64_t *w = stems("Russia's talks with the Russian minister on Friday "
                      "in Geneva",
                      &n);
  NL_CHECK(w != NULL, "stems");
  /* russia, talk (plural folded), minis(ter), genev(a); stop and time
  ** words (the, with, on, friday, in) dropped; Russia/Russian one stem */
  NL_CHECK_INT_EQ(n, 4, "four stems");
  NL_CHECK(has(w, n, "russi"), "russi");
  NL_CHECK(has(w, n, "talk"), "talk");
  NL_CHECK(has(w, n, "minis"), "minis");
  NL_CHECK(has(w, n, "genev"), "genev");
  NL_CHECK(!has(w, n, "frida") && !has(w, n, "the"), "no stop/time word");
  nl_free(w);
  /* curly apostrophe ends the word; invalid UTF-8 bytes never crash */
  w = stems("Kremlin\xE2\x80\x99s \xff\xfe demands", &n);
  NL_CHECK(w && has(w, n, "kreml") && has(w, n, "deman"), "curly 's");
  nl_free(w);
  w = stems("", &n);
  NL_CHECK_INT_EQ(n, 0, "empty text");
  nl_free(w);
}

/* Nine-letter stop words (packed-key table) and the unsorted dedup. */
static void test_stop_unique(void) {
  size_t n;
  uint64_t a[5] = {5, 3, 5, 7, 3};
  uint64_t *w = stems("Wednesday yesterday September septembers Wednesdays "
                      "however tomorrow",
                      &n);
  /* septembers -> septe, Wednesdays -> wedne (ten letters: no stop word) */
  NL_CHECK_INT_EQ(n, 2, "only the ten-letter words stay");
  NL_CHECK(w && has(w, n, "septe") && has(w, n, "wedne"), "septe, wedne");
  nl_free(w);
  /* every stop and time word of nl_story.c, upper case too */
  w = stems(
      "about after against ago all also and any april are august because "
      "been before being between both but can could day days december did "
      "does each earlier even february for friday from had has have her him "
      "his how however into its january july june just last later march may "
      "might monday month months more most new next not november now "
      "october one only other our out over said saturday says september she "
      "should since some still such sunday than that the their them then "
      "there these they this those thursday today told tomorrow tuesday two "
      "under very was wednesday week weeks were what when where whether "
      "which while who why will with would year years yesterday you your",
      &n);
  NL_CHECK_INT_EQ(n, 0, "all stop words dropped");
  nl_free(w);
  w = stems("ABOUT Yesterday WEDNESDAY", &n);
  NL_CHECK_INT_EQ(n, 0, "capitalised stop words dropped");
  nl_free(w);
  n = nl_story_unique(a, 5);
  NL_CHECK(n == 3 && a[0] == 5 && a[1] == 3 && a[2] == 7,
           "unique keeps first occurrences");
}

/* Three docs share four rare names; a fourth shares only one. */
static const char *const story_docs[5] = {
    "Blinken Lavrov Geneva Ryabkov Baerbock weather",
    "Blinken Lavrov Geneva Ryabkov markets",
    "Blinken Lavrov Geneva Ryabkov Baerbock football",
    "Blinken budget library council approved",
    "weather markets football council approved"};

static void test_link(void) {
  uint64_t *t[5];
  size_t nt[5], nb[5 * NL_STORY_MAX_NB], nnb[5], i;
  nl_error err = NL_ERROR_INIT;
  for (i = 0; i < 5; i++)
    t[i] = stems(story_docs[i], &nt[i]);
  NL_CHECK_INT_EQ(
      nl_story_link((const uint64_t *const *)t, nt, 5, nb, nnb, NULL, &err), NL_OK,
      "link");
  NL_CHECK_INT_EQ(nnb[0], 2, "doc 0 has two neighbours");
  NL_CHECK_INT_EQ(nnb[1], 2, "doc 1 has two neighbours");
  NL_CHECK_INT_EQ(nnb[3], 0, "doc 3 shares one name only");
  NL_CHECK_INT_EQ(nnb[4], 0, "doc 4 shares no four names with anyone");
  NL_CHECK((nb[0] == 1 || nb[0] == 2) && (nb[1] == 1 || nb[1] == 2) &&
               nb[0] != nb[1],
           "doc 0 linked to 1 and 2");
  for (i = 0; i < 5; i++)
    nl_free(t[i]);
  NL_CHECK_INT_EQ(nl_story_link(NULL, NULL, 0, nb, nnb, NULL, &err), NL_OK,
                  "no docs");
}

/* The streamed linker on the docs of test_link: the same stories, only
** for the docs that want them; a budget of no postings links nothing. */
static void test_scan(void) {
  static const char want[5] = {1, 0, 1, 1, 1};
  uint64_t *t[5];
  size_t nt[5], i;
  uint32_t *off = NULL, *nb = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_story_scan *sc = nl_story_scan_new(1000);
  NL_CHECK(sc != NULL, "scan");
  if (!sc) return;
  for (i = 0; i < 5; i++) {
    t[i] = stems(story_docs[i], &nt[i]);
    nl_story_scan_count(sc, t[i], nt[i]);
  }
  for (i = 0; i < 5; i++)
    NL_CHECK_INT_EQ(nl_story_scan_add(sc, t[i], nt[i]), NL_OK, "add");
  NL_CHECK_INT_EQ(nl_story_scan_ndocs(sc), 5, "five docs");
  NL_CHECK_INT_EQ(nl_story_scan_cap(sc), 64, "budget fits: cap 64");
  NL_CHECK_INT_EQ(nl_story_scan_link(sc, want, &off, &nb, NULL, &err), NL_OK,
                  "link");
  if (off && nb) {
    NL_CHECK_INT_EQ(off[1] - off[0], 2, "doc 0 has two neighbours");
    NL_CHECK(nb[off[0]] == 1 && nb[off[0] + 1] == 2, "doc 0: 1 and 2");
    NL_CHECK_INT_EQ(off[2] - off[1], 0, "doc 1 wants none");
    NL_CHECK_INT_EQ(off[3] - off[2], 2, "doc 2 has two neighbours");
    NL_CHECK(nb[off[2]] == 0 && nb[off[2] + 1] == 1, "doc 2: 0 and 1");
    NL_CHECK_INT_EQ(off[4] - off[3], 0, "doc 3 shares one name only");
    NL_CHECK_INT_EQ(off[5] - off[4], 0, "doc 4 shares no four names");
  }
  nl_free(off);
  nl_free(nb);
  nl_story_scan_free(sc);
  /* budget 0: no rare term is kept, no story */
  sc = nl_story_scan_new(0);
  off = nb = NULL;
  for (i = 0; sc && i < 5; i++)
    nl_story_scan_count(sc, t[i], nt[i]);
  for (i = 0; sc && i < 5; i++)
    nl_story_scan_add(sc, t[i], nt[i]);
  NL_CHECK(sc && nl_story_scan_link(sc, want, &off, &nb, NULL, &err) == NL_OK &&
               off && off[5] == 0,
           "no postings, no neighbours");
  NL_CHECK(sc && nl_story_scan_cap(sc) == 1, "cap 1 under budget 0");
  nl_free(off);
  nl_free(nb);
  nl_story_scan_free(sc);
  for (i = 0; i < 5; i++)
    nl_free(t[i]);
}

/*
** Near copies: A and A2 share 26 words no one else has, B and B2 26
** others, and all four name Blinken, Lavrov, Geneva and Ryabkov.  Each
** doc's 24 rarest terms are then its copy's private words, which linked
** each doc to its copy alone.  A doc holding 7/8 of them is a near copy
** (a neighbour); the rarest terms that reach beyond the copies are the
** four names, shared by all: every doc has the other three.
*/
static const char *near_text(int k, char *buf, size_t cap) {
  size_t n = 0;
  int w;
  for (w = 0; w < 26; w++) /* "qxa" + two letters: 26 words of copy pair k */
    n += (size_t)snprintf(buf + n, cap - n, "q%ca%c%c ", k < 2 ? 'x' : 'y',
                          'a' + w, 'a' + (w * 7) % 26);
  snprintf(buf + n, cap - n, "Blinken Lavrov Geneva Ryabkov%s",
           k % 2 ? " extra" : "");
  return buf;
}

static int others(const size_t *row, size_t n, size_t self) {
  size_t k, seen = 0;
  if (n != 3) return 0;
  for (k = 0; k < n; k++)
    if (row[k] != self && row[k] < 4) seen |= (size_t)1 << row[k];
  return seen == (((size_t)15) & ~((size_t)1 << self));
}

/* The strength of doc i's link to doc j there: a copy, else the 4 names
** they share, and "extra" when both have it (nl_story.h). */
static int link_strength(size_t i, size_t j) {
  if ((j ^ 1) == i) return NL_STORY_COPY;
  return 4 + (int)(i & j & 1);
}

static void test_near_copies(void) {
  static const char want[4] = {1, 1, 1, 1};
  char buf[400];
  uint64_t *t[4];
  size_t nt[4], nb[4 * NL_STORY_MAX_NB], nnb[4], i, k;
  unsigned char str[4 * NL_STORY_MAX_NB], *ostr = NULL;
  uint32_t *off = NULL, *lst = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_story_scan *sc = nl_story_scan_new(1000);
  for (i = 0; i < 4; i++)
    t[i] = stems(near_text((int)i, buf, sizeof buf), &nt[i]);
  NL_CHECK(nt[0] == 30 && nt[1] == 31, "30 and 31 stems (%zu, %zu)", nt[0],
           nt[1]);
  NL_CHECK_INT_EQ(
      nl_story_link((const uint64_t *const *)t, nt, 4, nb, nnb, str, &err), NL_OK,
      "link");
  for (i = 0; i < 4; i++)
    NL_CHECK(others(nb + i * NL_STORY_MAX_NB, nnb[i], i),
             "in memory: doc %zu has the other three (%zu)", i, nnb[i]);
  for (i = 0; i < 4; i++) /* its copy, and the pair sharing the 4 names */
    for (k = 0; k < nnb[i] && k < NL_STORY_MAX_NB; k++)
      NL_CHECK(str[i * NL_STORY_MAX_NB + k] ==
                   link_strength(i, nb[i * NL_STORY_MAX_NB + k]),
               "in memory: strength %d of %zu's link to %zu",
               str[i * NL_STORY_MAX_NB + k], i, nb[i * NL_STORY_MAX_NB + k]);
  if (!sc) return;
  for (i = 0; i < 4; i++)
    nl_story_scan_count(sc, t[i], nt[i]);
  for (i = 0; i < 4; i++)
    nl_story_scan_add(sc, t[i], nt[i]);
  NL_CHECK_INT_EQ(nl_story_scan_link(sc, want, &off, &lst, &ostr, &err),
                  NL_OK, "scan link");
  for (i = 0; off && lst && ostr && i < 4; i++) {
    size_t row[NL_STORY_MAX_NB], n = off[i + 1] - off[i];
    for (k = 0; k < n && k < NL_STORY_MAX_NB; k++) {
      row[k] = lst[off[i] + k];
      NL_CHECK(ostr[off[i] + k] == link_strength(i, row[k]),
               "scan: strength %d of %zu's link to %zu", ostr[off[i] + k], i,
               row[k]);
    }
    NL_CHECK(others(row, n, i), "scan: doc %zu has the other three (%zu)", i,
             n);
  }
  nl_free(off);
  nl_free(lst);
  nl_free(ostr);
  nl_story_scan_free(sc);
  for (i = 0; i < 4; i++)
    nl_free(t[i]);
}

/*
** Forty near copies of one wire story (its 26 private words and the four
** names, each copy one word of its own) and three other reports of the
** story (their own words and the four names): every copy lists the three
** reports -- they come before the copies, which would fill the 16 places,
** and every copy counts as a copy, not only the first 24 found.
*/
#define COPIES 40
#define DOCS (COPIES + 3)
static void test_many_near_copies(void) {
  static char want[DOCS];
  char buf[400];
  uint64_t *t[DOCS];
  size_t nt[DOCS], nb[DOCS * NL_STORY_MAX_NB], nnb[DOCS], i, k;
  uint32_t *off = NULL, *lst = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_story_scan *sc = nl_story_scan_new(100000);
  int ok_mem = 1, ok_scan = 1;
  for (i = 0; i < DOCS; i++) {
    size_t n = 0;
    int w;
    want[i] = 1;
    for (w = 0; w < 26; w++) /* the story's private words, or a report's */
      n += (size_t)snprintf(buf + n, sizeof buf - n, "q%ca%c%c ",
                            i < COPIES ? 'x' : (int)('r' + i - COPIES), 'a' + w,
                            'a' + (w * 7) % 26);
    snprintf(buf + n, sizeof buf - n, "Blinken Lavrov Geneva Ryabkov z%cz%c",
             'a' + (int)(i % 26), 'a' + (int)(i / 26));
    t[i] = stems(buf, &nt[i]);
  }
  NL_CHECK_INT_EQ(
      nl_story_link((const uint64_t *const *)t, nt, DOCS, nb, nnb, NULL, &err), NL_OK,
      "link");
  for (i = 0; i < COPIES; i++) {
    int seen = 0;
    for (k = 0; k < nnb[i]; k++)
      if (nb[i * NL_STORY_MAX_NB + k] >= COPIES) seen++;
    ok_mem = ok_mem && seen == 3;
  }
  NL_CHECK(ok_mem, "in memory: every copy lists the three reports");
  if (!sc) return;
  for (i = 0; i < DOCS; i++)
    nl_story_scan_count(sc, t[i], nt[i]);
  for (i = 0; i < DOCS; i++)
    nl_story_scan_add(sc, t[i], nt[i]);
  NL_CHECK_INT_EQ(nl_story_scan_link(sc, want, &off, &lst, NULL, &err), NL_OK,
                  "scan link");
  for (i = 0; off && lst && i < COPIES; i++) {
    int seen = 0;
    for (k = off[i]; k < off[i + 1]; k++)
      if (lst[k] >= COPIES) seen++;
    ok_scan = ok_scan && seen == 3;
  }
  NL_CHECK(off && lst && ok_scan, "scan: every copy lists the three reports");
  nl_free(off);
  nl_free(lst);
  nl_story_scan_free(sc);
  for (i = 0; i < DOCS; i++)
    nl_free(t[i]);
}
#undef COPIES
#undef DOCS

/* The scan-linked lists of docs given in order `ord` (doc ord[i] at place
** i), as sorted lists of the original docs: lst[d * MAX_NB ..], n[d]. */
#define HUB_DOCS 31 /* a hub and 30 reports, each sharing 4 of its terms */
static int link_in_order(uint64_t *const *t, const size_t *nt,
                         const size_t *ord, size_t *lst, size_t *n) {
  char want[HUB_DOCS];
  uint32_t *off = NULL, *nb = NULL;
  nl_story_scan *sc = nl_story_scan_new(100000);
  size_t i, k, a, b;
  int ok;
  memset(want, 1, sizeof want);
  if (!sc) return 0;
  for (i = 0; i < HUB_DOCS; i++)
    nl_story_scan_count(sc, t[ord[i]], nt[ord[i]]);
  for (i = 0; i < HUB_DOCS; i++)
    nl_story_scan_add(sc, t[ord[i]], nt[ord[i]]);
  ok = nl_story_scan_link(sc, want, &off, &nb, NULL, NULL) == NL_OK;
  for (i = 0; ok && i < HUB_DOCS; i++) {
    size_t d = ord[i], *row = lst + d * NL_STORY_MAX_NB;
    n[d] = off[i + 1] - off[i];
    for (k = 0; k < n[d]; k++)
      row[k] = ord[nb[off[i] + k]];
    for (a = 1; a < n[d]; a++) /* insertion sort */
      for (b = a; b > 0 && row[b - 1] > row[b]; b--) {
        size_t x = row[b];
        row[b] = row[b - 1];
        row[b - 1] = x;
      }
  }
  nl_free(off);
  nl_free(nb);
  nl_story_scan_free(sc);
  return ok;
}

/*
** A store's rowids follow its history (a replaced article comes last), so
** linking must not depend on the order of the docs: a hub sharing 4 of
** its 24 rare terms with each of 30 reports has more candidates than the
** 16 places of its list, and keeps the same 16 (and every report the
** same list) whether the docs come hub first or reversed.  Before, the
** list kept the first 16 found.
*/
/* The hub (doc 0) and its 30 reports: report k holds the hub's terms
** (k - 1) % 24 to (k + 2) % 24, so reports k and k + 24 share four. */
static void hub_docs(uint64_t **t, size_t *nt) {
  char buf[2000];
  size_t i, m, len;
  for (i = 0; i < HUB_DOCS; i++) {
    len = 0;
    for (m = 0; m < 24; m++) /* the hub: all 24; report k: 4 of them */
      if (i == 0 || (m + 24 - (i - 1) % 24) % 24 < 4)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "th%c%cw ",
                                'a' + (int)(m / 26), 'a' + (int)(m % 26));
    snprintf(buf + len, sizeof buf - len, "pr%c%cv own%c%c",
             'a' + (int)(i / 26), 'a' + (int)(i % 26), 'a' + (int)(i / 26),
             'a' + (int)(i % 26));
    t[i] = stems(buf, &nt[i]);
  }
}

static void test_scan_order(void) {
  uint64_t *t[HUB_DOCS];
  size_t nt[HUB_DOCS], fwd[HUB_DOCS], rev[HUB_DOCS], i;
  static size_t l1[HUB_DOCS * NL_STORY_MAX_NB], l2[HUB_DOCS * NL_STORY_MAX_NB];
  size_t n1[HUB_DOCS], n2[HUB_DOCS];
  int same = 1;
  hub_docs(t, nt);
  for (i = 0; i < HUB_DOCS; i++) {
    fwd[i] = i;
    rev[i] = HUB_DOCS - 1 - i;
  }
  NL_CHECK(link_in_order(t, nt, fwd, l1, n1) &&
               link_in_order(t, nt, rev, l2, n2),
           "linked in both orders");
  NL_CHECK_INT_EQ(n1[0], NL_STORY_MAX_NB, "the hub's list is full");
  for (i = 0; i < HUB_DOCS; i++)
    same = same && n1[i] == n2[i] &&
           memcmp(l1 + i * NL_STORY_MAX_NB, l2 + i * NL_STORY_MAX_NB,
                  n1[i] * sizeof *l1) == 0;
  NL_CHECK(same, "the same lists in either order");
  for (i = 0; i < HUB_DOCS; i++)
    nl_free(t[i]);
}

/*
** Growing the wanted docs (nl_story_scan_link_grow): report 25 changed;
** every other doc may join.  The docs linked to it join -- the hub, whose
** list is full of other reports (25 is not on it: a link all the same),
** and report 1 (the same four terms) -- and nothing else, not even the
** docs linked to those two (one step).  Each gets the list it gets when
** every doc is wanted.
*/
static void test_scan_grow(void) {
  uint64_t *t[HUB_DOCS];
  size_t nt[HUB_DOCS], ord[HUB_DOCS], i, k, joins = 0;
  static size_t all[HUB_DOCS * NL_STORY_MAX_NB];
  size_t nall[HUB_DOCS];
  char want[HUB_DOCS], from[HUB_DOCS], grow[HUB_DOCS], joined[HUB_DOCS];
  uint32_t *off = NULL, *nb = NULL;
  nl_story_scan *sc = nl_story_scan_new(100000);
  int same = 1, on_hub = 0;
  hub_docs(t, nt);
  for (i = 0; i < HUB_DOCS; i++)
    ord[i] = i;
  NL_CHECK(link_in_order(t, nt, ord, all, nall), "every doc linked");
  for (k = 0; k < nall[0]; k++)
    on_hub |= all[k] == 25;
  NL_CHECK(nall[0] == NL_STORY_MAX_NB && !on_hub,
           "the hub's list is full, without report 25");
  memset(want, 0, sizeof want);
  memset(from, 0, sizeof from);
  memset(grow, 1, sizeof grow);
  want[25] = from[25] = 1;
  grow[25] = 0;
  for (i = 0; sc && i < HUB_DOCS; i++)
    nl_story_scan_count(sc, t[i], nt[i]);
  for (i = 0; sc && i < HUB_DOCS; i++)
    nl_story_scan_add(sc, t[i], nt[i]);
  NL_CHECK(sc && nl_story_scan_link_grow(sc, want, from, grow, joined,
                                         HUB_DOCS, &off, &nb, NULL, NULL) == NL_OK,
           "linked, growing");
  for (i = 0; off && i < HUB_DOCS; i++) {
    size_t n = off[i + 1] - off[i];
    int listed = i == 0 || i == 1 || i == 25;
    joins += (size_t)joined[i];
    same = same && n == (listed ? nall[i] : 0);
    for (k = 0; same && k < n; k++)
      same = nb[off[i] + k] == all[i * NL_STORY_MAX_NB + k];
  }
  NL_CHECK(off && joined[0] && joined[1] && joins == 2,
           "the hub and report 1 joined, no other (%zu)", joins);
  NL_CHECK(nall[25] > 0 && nall[1] > 0, "25 and 1 have lists");
  NL_CHECK(same, "the lists of 25 and of those that joined, no other");
  nl_free(off);
  nl_free(nb);
  nl_story_scan_free(sc);
  for (i = 0; i < HUB_DOCS; i++)
    nl_free(t[i]);
}
#undef HUB_DOCS

static void test_oom(void) {
  static const char *const text[2] = {"Blinken Lavrov Geneva Ryabkov",
                                      "Blinken Lavrov Geneva Ryabkov"};
  uint64_t *t[2];
  size_t nt[2], nb[2 * NL_STORY_MAX_NB], nnb[2];
  nl_status st;
  t[0] = stems(text[0], &nt[0]);
  t[1] = stems(text[1], &nt[1]);
  nl_alloc_fail_after(1, 1);
  st = nl_story_link((const uint64_t *const *)t, nt, 2, nb, nnb, NULL, NULL);
  nl_alloc_fail_after(0, 0);
  NL_CHECK_INT_EQ(st, NL_ENOMEM, "allocation failure reported");
  nl_free(t[0]);
  nl_free(t[1]);
}

/* A deterministic body of about `words` words (a seeded LCG over a small
** vocabulary, capitals and plurals among them); the caller frees it. */
static char *made_body(unsigned *seed, size_t words) {
  static const char *const vocab[] = {
      "Lavrov",  "talks",   "Geneva",    "minister", "the",     "Ryabkov",
      "missile", "treaty",  "Blinken's", "Friday",   "pipeline", "sanctions",
      "Kremlin", "troops",  "border",    "Ukraine",  "said",    "\xe2\x80\x99s",
      "naïve",   "café",    "U.S.",      "1987",     "oil",     "markets"};
  size_t cap = words * 12 + 1, len = 0, i;
  char *b = malloc(cap);
  if (b) b[0] = '\0';
  for (i = 0; b && i < words; i++) {
    const char *w;
    *seed = *seed * 1103515245u + 12345u;
    w = vocab[(*seed >> 16) % (sizeof vocab / sizeof vocab[0])];
    len += (size_t)snprintf(b + len, cap - len, "%s%s", i ? " " : "", w);
  }
  return b;
}

/* nl_story_words_many gives each body the set nl_story_words and
** nl_story_unique give it alone, in the same order, whether the batch is
** split over two threads (64 KiB and more) or not, with NULL and empty
** bodies and one body longer than all the others together. */
static void test_words_many(void) {
  enum { N = 400 };
  static char *body[N];
  static size_t len[N];
  static nl_story_set set[N];
  unsigned seed = 7;
  size_t i, total = 0, round;
  for (i = 0; i < N; i++) {
    body[i] = i % 97 == 5 ? NULL
              : i == 11   ? made_body(&seed, 0)
              : i == 200  ? made_body(&seed, 40000)
                          : made_body(&seed, 20 + i % 50);
    len[i] = body[i] ? strlen(body[i]) : 0;
    total += len[i];
  }
  NL_CHECK(total > 3 * 65536, "the whole batch is split on two threads");
  for (round = 0; round < 2; round++) {
    /* round 0: all 400 (two threads); round 1: the first 20 (one) */
    size_t n = round ? 20 : N, bad = 0;
    NL_CHECK_INT_EQ(nl_story_words_many((const char *const *)body, len, n,
                                        set),
                    NL_OK, "split");
    for (i = 0; i < n; i++) {
      uint64_t *w = NULL;
      size_t nw = 0, cap = 0;
      if (body[i]) nl_story_words(body[i], len[i], &w, &nw, &cap);
      nw = nl_story_unique(w, nw);
      if (set[i].n != nw || (nw && memcmp(set[i].w, w, nw * sizeof *w)))
        bad++;
      nl_free(w);
    }
    NL_CHECK_INT_EQ(bad, 0, "every set as made alone");
    NL_CHECK(set[200].n > 0 && set[3].n > 0, "sets made");
    NL_CHECK_INT_EQ(set[5].n, 0, "a NULL body has none");
    NL_CHECK_INT_EQ(set[11].n, 0, "an empty body has none");
  }
  nl_story_sets_free(set, N);
  NL_CHECK(set[3].w == NULL && set[3].n == 0, "freed and zeroed");
  /* no memory: reported, on either thread */
  nl_alloc_fail_after(1, 1);
  NL_CHECK_INT_EQ(nl_story_words_many((const char *const *)body, len, N,
                                      set),
                  NL_ENOMEM, "allocation failure reported");
  nl_alloc_fail_after(0, 0);
  nl_story_sets_free(set, N);
  for (i = 0; i < N; i++) free(body[i]);
}

/* Pass 2 from the slots kept in pass 1 (nl_story_scan_slots, pruned as
** the counts grow) links exactly as pass 2 from the terms: 600 docs of a
** few common words (in every doc: left out, then pruned) and names shared
** by small groups of docs (rare: kept). */
static void test_scan_slots(void) {
  enum { N = 600 };
  static uint64_t *t[N];
  static size_t nt[N];
  static char want[N];
  uint32_t *kept = NULL, *o[2] = {NULL, NULL}, *nb[2] = {NULL, NULL};
  size_t koff[N + 1], nk = 0, i, k, pruned = 0, left = 0, total = 0;
  unsigned seed = 11;
  nl_error err = NL_ERROR_INIT;
  nl_story_scan *terms = nl_story_scan_new(100000),
                *slots = nl_story_scan_new(100000);
  NL_CHECK(terms && slots, "scans");
  if (!terms || !slots) return;
  for (i = 0; i < N; i++) {
    char doc[512], g[4], h[4], *common = made_body(&seed, 30);
    /* group i / 5 shares five names; docs 3 apart share one more (names
    ** spelt in letters: digits are not story words) */
    g[0] = (char)('a' + i / 5 / 26), g[1] = (char)('a' + i / 5 % 26);
    h[0] = (char)('a' + i / 3 / 26), h[1] = (char)('a' + i / 3 % 26);
    g[2] = h[2] = '\0';
    snprintf(doc, sizeof doc, "%s Xav%s Yor%s Zel%s Qui%s Umb%s Ves%s",
             common ? common : "", g, g, g, g, g, h);
    free(common);
    t[i] = stems(doc, &nt[i]);
    total += nt[i];
    want[i] = i % 4 == 0;
  }
  kept = nl_malloc(total * sizeof *kept);
  NL_CHECK(kept != NULL, "room");
  koff[0] = 0;
  for (i = 0; kept && i < N; i++) { /* pass 1 */
    nl_story_scan_count(terms, t[i], nt[i]);
    nl_story_scan_count(slots, t[i], nt[i]);
    nk += nl_story_scan_slots(slots, t[i], nt[i], kept + nk);
    koff[i + 1] = nk;
    if (i == N / 2) { /* prune the kept docs once, as a full cache does */
      size_t d, from = 0, to = 0;
      for (d = 1; d <= i + 1; d++) {
        size_t start = from, len = koff[d] - start;
        from = koff[d];
        memmove(kept + to, kept + start, len * sizeof *kept);
        to += nl_story_scan_prune(slots, kept + to, len);
        koff[d] = to;
      }
      pruned = nk - to;
      nk = to;
    }
  }
  for (i = 0; kept && i < N; i++) /* pass 2 */
    if (nl_story_scan_add(terms, t[i], nt[i]) != NL_OK ||
        nl_story_scan_add_slots(slots, kept + koff[i],
                                koff[i + 1] - koff[i]) != NL_OK)
      break;
  NL_CHECK_INT_EQ(i, N, "pass 2 added every doc both ways");
  left = nk;
  NL_CHECK(pruned > 0, "the prune dropped common terms");
  NL_CHECK(left * 2 < total, "most terms are not kept");
  NL_CHECK_INT_EQ(nl_story_scan_link(terms, want, &o[0], &nb[0], NULL, &err),
                  NL_OK, "link from terms");
  NL_CHECK_INT_EQ(nl_story_scan_link(slots, want, &o[1], &nb[1], NULL, &err),
                  NL_OK, "link from slots");
  if (o[0] && o[1] && nb[0] && nb[1]) {
    size_t diff = 0, links = o[0][N];
    for (i = 0; i <= N; i++) diff += o[0][i] != o[1][i];
    for (k = 0; !diff && k < links; k++) diff += nb[0][k] != nb[1][k];
    NL_CHECK(links > N / 8, "the wanted docs have neighbours");
    NL_CHECK_INT_EQ(diff, 0, "the same links");
  }
  { /* every doc wanted (all walked): the same lists for the quarter
    ** wanted above (only the docs sharing their rare terms walked) */
    static char all[N];
    uint32_t *ao = NULL, *anb = NULL;
    size_t diff = 0;
    nl_story_scan *every = nl_story_scan_new(100000);
    memset(all, 1, sizeof all);
    for (i = 0; every && i < N; i++) nl_story_scan_count(every, t[i], nt[i]);
    for (i = 0; every && i < N; i++) nl_story_scan_add(every, t[i], nt[i]);
    NL_CHECK(every && nl_story_scan_link(every, all, &ao, &anb, NULL, &err) ==
                          NL_OK && ao && anb && o[0] && nb[0],
             "link all");
    for (i = 0; ao && anb && o[0] && nb[0] && i < N; i++) {
      size_t n0 = o[0][i + 1] - o[0][i], n1 = ao[i + 1] - ao[i];
      if (!want[i]) continue;
      if (n0 != n1 || memcmp(nb[0] + o[0][i], anb + ao[i], n0 * sizeof *anb))
        diff++;
    }
    NL_CHECK_INT_EQ(diff, 0, "a wanted doc's list as when all are wanted");
    nl_free(ao);
    nl_free(anb);
    nl_story_scan_free(every);
  }
  for (i = 0; i < 2; i++) {
    nl_free(o[i]);
    nl_free(nb[i]);
  }
  for (i = 0; i < N; i++) nl_free(t[i]);
  nl_free(kept);
  nl_story_scan_free(terms);
  nl_story_scan_free(slots);
}

/* A wanted doc's neighbour found only from the neighbour's side: doc 0
** shares 26 terms with one doc each (its 24 rarest) and four rarer-than-
** common terms with docs 1 and 2, which see doc 0 among their rarest.
** With only doc 0 wanted, the docs walked must still include 1 and 2. */
static void test_scan_reach(void) {
  enum { N = 40, A = 26 };
  uint64_t t[N][A + 5]; /* doc 0: its own, the A_k, the four S_k */
  size_t nt[N], i, k;
  char want[N];
  uint32_t *off = NULL, *nb = NULL;
  nl_error err = NL_ERROR_INIT;
  nl_story_scan *sc = nl_story_scan_new(100000);
  NL_CHECK(sc != NULL, "scan");
  if (!sc) return;
#define TERM(id) ((uint64_t)(id) << 40) /* its own sketch slot */
  for (i = 0; i < N; i++) {
    nt[i] = 0;
    t[i][nt[i]++] = TERM(1000 + i); /* a word of its own */
  }
  for (k = 0; k < A; k++) { /* A_k: docs 0 and 10 + k (df 2) */
    t[0][nt[0]++] = TERM(100 + k);
    t[10 + k][nt[10 + k]++] = TERM(100 + k);
  }
  for (k = 0; k < 4; k++) /* S_k: docs 0, 1, 2 (df 3) */
    for (i = 0; i < 3; i++)
      t[i][nt[i]++] = TERM(200 + k);
  memset(want, 0, sizeof want);
  want[0] = 1;
  for (i = 0; i < N; i++) nl_story_scan_count(sc, t[i], nt[i]);
  for (i = 0; i < N; i++) nl_story_scan_add(sc, t[i], nt[i]);
  NL_CHECK_INT_EQ(nl_story_scan_link(sc, want, &off, &nb, NULL, &err), NL_OK,
                  "link");
  NL_CHECK(off && nb && off[1] - off[0] == 2 && nb[off[0]] == 1 &&
               nb[off[0] + 1] == 2,
           "doc 0's neighbours: 1 and 2, found from their side");
#undef TERM
  nl_free(off);
  nl_free(nb);
  nl_story_scan_free(sc);
}

/* Twin keys: the body hash, for a word set big enough to link. */
static void test_twin_key(void) {
  NL_CHECK(nl_story_twin_key(NL_STORY_TWIN_MIN, 77) == 77, "the hash");
  NL_CHECK(nl_story_twin_key(NL_STORY_TWIN_MIN, 0) == 1,
           "never 0 (the free slot) for a doc that can be a twin");
  NL_CHECK(nl_story_twin_key(NL_STORY_TWIN_MIN - 1, 77) == 0,
           "too few terms: never a twin");
}

/* The table: a repeated key gives the first doc that had it, a new
** one or 0 the doc itself; it grows past its first 1024 slots. */
static void test_twins_table(void) {
  nl_story_twins *tw = nl_story_twins_new();
  uint32_t rep = 99, i;
  int ok = 1;
  NL_CHECK(tw != NULL, "table");
  if (!tw) return;
  NL_CHECK(nl_story_twins_add(tw, 7, 0, &rep) == NL_OK && rep == 0, "new 7");
  NL_CHECK(nl_story_twins_add(tw, 8, 1, &rep) == NL_OK && rep == 1, "new 8");
  NL_CHECK(nl_story_twins_add(tw, 7, 2, &rep) == NL_OK && rep == 0,
           "7 again: doc 0");
  NL_CHECK(nl_story_twins_add(tw, 0, 3, &rep) == NL_OK && rep == 3,
           "0: no twins");
  NL_CHECK(nl_story_twins_add(tw, 0, 4, &rep) == NL_OK && rep == 4,
           "0 again: still none");
  for (i = 5; i < 3000; i++) /* keys 1000..3994: all new */
    ok = ok && nl_story_twins_add(tw, 995 + i, i, &rep) == NL_OK && rep == i;
  NL_CHECK(ok, "3000 docs");
  NL_CHECK(nl_story_twins_add(tw, 8, 3000, &rep) == NL_OK && rep == 1,
           "8 after growing: doc 1");
  NL_CHECK(nl_story_twins_add(tw, 1500, 3001, &rep) == NL_OK && rep == 505,
           "1500: doc 505");
  nl_story_twins_free(tw);
}

/*
** Lists with twins, worked by hand.  Docs 0..5: 3 is a twin of 0, 4 and 5
** twins of 1; linked without twins, 0 lists {1, 2}, 1 lists {0}, 2 lists
** {0}.  Dated: 0, 2 and 4.  So 3 (undated) gets its dated twin 0, then
** 0's list {1, 2}: {0, 1, 2}; 5 (undated) its dated twin 4, then 1's list
** {0}: {0, 4}; 1 (undated) likewise {0, 4}; 4 (dated) only 1's list {0};
** 0 (dated) keeps {1, 2} (its twin 3 is undated); 2 keeps {0}.  Doc 2 does
** not want a list.
*/
static void test_twin_links(void) {
  static const uint32_t rep[6] = {0, 1, 2, 0, 1, 1};
  static const char want[6] = {1, 1, 0, 1, 1, 1};
  static const char dated[6] = {1, 0, 1, 0, 1, 0};
  static const uint32_t off0[7] = {0, 2, 3, 4, 4, 4, 4};
  static const uint32_t nb0[4] = {1, 2, 0, 0};
  static const uint32_t off1[7] = {0, 2, 4, 4, 7, 8, 10};
  static const uint32_t nb1[10] = {1, 2, 0, 4, 0, 1, 2, 0, 0, 4};
  static const uint32_t alone[6] = {0, 1, 2, 3, 4, 5};
  uint32_t *off = nl_malloc(sizeof off0), *nb = nl_malloc(sizeof nb0);
  uint32_t *keep_off, *keep_nb;
  if (!off || !nb) return;
  memcpy(off, off0, sizeof off0);
  memcpy(nb, nb0, sizeof nb0);
  NL_CHECK_INT_EQ(nl_story_twin_links(rep, 6, want, dated, &off, &nb, NULL), NL_OK,
                  "twin links");
  NL_CHECK(memcmp(off, off1, sizeof off1) == 0, "list sizes");
  NL_CHECK(memcmp(nb, nb1, sizeof nb1) == 0, "lists");
  { /* with strengths: a dated twin is a copy, the rest keep theirs (0 to
    ** 1: 7, 0 to 2: 5) */
    static const unsigned char str0[4] = {7, 5, 7, 5};
    static const unsigned char str1[10] = {7, 5, 7, 0, 0, 7, 5, 7, 7, 0};
    uint32_t *o2 = nl_malloc(sizeof off0), *n2 = nl_malloc(sizeof nb0);
    unsigned char *s2 = nl_malloc(sizeof str0);
    if (o2 && n2 && s2) {
      memcpy(o2, off0, sizeof off0);
      memcpy(n2, nb0, sizeof nb0);
      memcpy(s2, str0, sizeof str0);
      NL_CHECK_INT_EQ(nl_story_twin_links(rep, 6, want, dated, &o2, &n2, &s2),
                      NL_OK, "twin links with strengths");
      NL_CHECK(memcmp(n2, nb1, sizeof nb1) == 0, "lists with strengths");
      NL_CHECK(memcmp(s2, str1, sizeof str1) == 0, "strengths");
    }
    nl_free(o2);
    nl_free(n2);
    nl_free(s2);
  }
  /* no twins: the lists stand (same arrays) */
  keep_off = off;
  keep_nb = nb;
  NL_CHECK_INT_EQ(nl_story_twin_links(alone, 6, want, dated, &off, &nb, NULL),
                  NL_OK, "no twins");
  NL_CHECK(off == keep_off && nb == keep_nb, "untouched");
  /* out of memory: NL_ENOMEM, lists unchanged */
  nl_alloc_fail_after(1, 1);
  NL_CHECK_INT_EQ(nl_story_twin_links(rep, 6, want, dated, &off, &nb, NULL),
                  NL_ENOMEM, "allocation failure");
  nl_alloc_fail_after(0, 0);
  NL_CHECK(off == keep_off && nb == keep_nb, "unchanged after failure");
  nl_free(off);
  nl_free(nb);
}

int main(void) {
  test_twin_key();
  test_twins_table();
  test_twin_links();
  test_words();
  test_words_many();
  test_stop_unique();
  test_link();
  test_scan();
  test_near_copies();
  test_many_near_copies();
  test_scan_order();
  test_scan_grow();
  test_scan_slots();
  test_scan_reach();
  test_oom();
  return nl_test_done();
}
