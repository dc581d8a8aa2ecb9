/*
** nl_story.c -- content words and story linking (see nl_story.h).
**
** Story linking is a sorted posting list (term, doc): each doc's ST_TOPK
** rarest terms that occur in 2..ST_DF_CAP docs are looked up, and the docs
** holding at least ST_MIN_SHARED of them become its neighbours (both
** ways).  A doc holding 7/8 of them is a near copy (the same article saved
** from another site, with another footer): a neighbour, and the doc's
** rarest terms are then taken among those that reach beyond its copies --
** else the copies' private words, rarer than any name of the story, linked
** each doc to its copy alone.  O(T log T) in the total number of distinct terms per doc, plus
** the postings of the rare terms (at most ST_DF_CAP each).
*/
#include "nl_story.h"

#include <stdlib.h>
#include <string.h>

#include "newslua/nl_article.h"
#include "nl_alloc.h"

#define ST_TOPK 24      /* rare terms per doc used to find neighbours */
#define ST_MIN_SHARED 4 /* shared rare terms for two docs to be a story */
#define ST_DF_CAP 64    /* terms in more docs than this are not "rare" */
#define ST_NEAR_MIN 8   /* rare terms a doc needs to tell its near copies */

/* Quicksort of a[0..n) (insertion sort below 16): no comparator calls. */
static void sort_u64(uint64_t *a, size_t n) {
  while (n > 16) {
    uint64_t p = a[n / 2], t;
    size_t i = 0, j = n - 1;
    for (;;) {
      while (a[i] < p)
        i++;
      while (a[j] > p)
        j--;
      if (i >= j) break;
      t = a[i], a[i] = a[j], a[j] = t;
      i++, j--;
    }
    /* recurse into the smaller side, loop on the larger */
    if (j + 1 < n - j - 1) {
      sort_u64(a, j + 1);
      a += j + 1, n -= j + 1;
    } else {
      sort_u64(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  {
    size_t i, k;
    for (i = 1; i < n; i++) {
      uint64_t v = a[i];
      for (k = i; k > 0 && a[k - 1] > v; k--)
        a[k] = a[k - 1];
      a[k] = v;
    }
  }
}

/* See nl_story.h. */
size_t nl_story_unique(uint64_t *a, size_t n) {
  uint64_t set[4096];
  unsigned char used[4096];
  size_t i, k = 0;
  if (n > sizeof set / sizeof set[0] / 2) return nl_story_uniq(a, n);
  memset(used, 0, sizeof used);
  for (i = 0; i < n; i++) {
    size_t h = (size_t)(a[i] ^ (a[i] >> 29)) & 4095;
    while (used[h] && set[h] != a[i])
      h = (h + 1) & 4095;
    if (used[h]) continue;
    used[h] = 1;
    set[h] = a[i];
    a[k++] = a[i];
  }
  return k;
}

/* See nl_story.h. */
size_t nl_story_uniq(uint64_t *a, size_t n) {
  size_t i, k = 0;
  sort_u64(a, n);
  for (i = 0; i < n; i++)
    if (k == 0 || a[k - 1] != a[i]) a[k++] = a[i];
  return k;
}

/* Stop words and time words (never evidence of the same event): the first
** eight bytes packed big-endian (unique among them), the length and the
** ninth byte, in an open-addressing table (slot: Fibonacci hash of the
** key, linear probing; generated offline, key 0 = empty slot). */
#define ST_SLOTS 512

typedef struct st_stopw {
  uint64_t key;
  unsigned char len;
  char ninth;
} st_stopw;

static const st_stopw st_stop[ST_SLOTS] = {
    [2] = {0x7468656e00000000u, 4, 0}, /* then */
    [3] = {0x6861730000000000u, 3, 0}, /* has */
    [5] = {0x6f6e6c7900000000u, 4, 0}, /* only */
    [6] = {0x6c61737400000000u, 4, 0}, /* last */
    [14] = {0x7965737465726461u, 9, 'y'}, /* yesterday */
    [36] = {0x7768617400000000u, 4, 0}, /* what */
    [38] = {0x6265656e00000000u, 4, 0}, /* been */
    [51] = {0x6861766500000000u, 4, 0}, /* have */
    [53] = {0x646563656d626572u, 8, 0}, /* december */
    [54] = {0x7765726500000000u, 4, 0}, /* were */
    [59] = {0x66726f6d00000000u, 4, 0}, /* from */
    [60] = {0x7769746800000000u, 4, 0}, /* with */
    [61] = {0x73686f756c640000u, 6, 0}, /* should */
    [62] = {0x7965617273000000u, 5, 0}, /* years */
    [63] = {0x636f756c64000000u, 5, 0}, /* could */
    [64] = {0x7468656972000000u, 5, 0}, /* their */
    [67] = {0x6d6f726500000000u, 4, 0}, /* more */
    [70] = {0x68696d0000000000u, 3, 0}, /* him */
    [72] = {0x63616e0000000000u, 3, 0}, /* can */
    [83] = {0x6d61790000000000u, 3, 0}, /* may */
    [85] = {0x7374696c6c000000u, 5, 0}, /* still */
    [86] = {0x736f6d6500000000u, 4, 0}, /* some */
    [90] = {0x61676f0000000000u, 3, 0}, /* ago */
    [91] = {0x7468657265000000u, 5, 0}, /* there */
    [98] = {0x6469640000000000u, 3, 0}, /* did */
    [116] = {0x7368650000000000u, 3, 0}, /* she */
    [121] = {0x7761730000000000u, 3, 0}, /* was */
    [128] = {0x7768656e00000000u, 4, 0}, /* when */
    [148] = {0x6d6f6e6461790000u, 6, 0}, /* monday */
    [151] = {0x6175677573740000u, 6, 0}, /* august */
    [152] = {0x6974730000000000u, 3, 0}, /* its */
    [153] = {0x6e6f76656d626572u, 8, 0}, /* november */
    [155] = {0x626f746800000000u, 4, 0}, /* both */
    [156] = {0x7765656b00000000u, 4, 0}, /* week */
    [157] = {0x7768696368000000u, 5, 0}, /* which */
    [158] = {0x7468650000000000u, 3, 0}, /* the */
    [163] = {0x746f646179000000u, 5, 0}, /* today */
    [164] = {0x7768657468657200u, 7, 0}, /* whether */
    [166] = {0x73657074656d6265u, 9, 'r'}, /* september */
    [168] = {0x7468757273646179u, 8, 0}, /* thursday */
    [169] = {0x7361747572646179u, 8, 0}, /* saturday */
    [172] = {0x666f720000000000u, 3, 0}, /* for */
    [188] = {0x616e640000000000u, 3, 0}, /* and */
    [189] = {0x6f76657200000000u, 4, 0}, /* over */
    [192] = {0x6265636175736500u, 7, 0}, /* because */
    [193] = {0x7768790000000000u, 3, 0}, /* why */
    [208] = {0x686f776576657200u, 7, 0}, /* however */
    [211] = {0x6f74686572000000u, 5, 0}, /* other */
    [217] = {0x6461790000000000u, 3, 0}, /* day */
    [218] = {0x7768657265000000u, 5, 0}, /* where */
    [229] = {0x6e6f770000000000u, 3, 0}, /* now */
    [230] = {0x6c61746572000000u, 5, 0}, /* later */
    [231] = {0x796f757200000000u, 4, 0}, /* your */
    [237] = {0x746f6c6400000000u, 4, 0}, /* told */
    [238] = {0x6d6f6e7468730000u, 6, 0}, /* months */
    [239] = {0x77686f0000000000u, 3, 0}, /* who */
    [243] = {0x7468657900000000u, 4, 0}, /* they */
    [245] = {0x616e790000000000u, 3, 0}, /* any */
    [251] = {0x6265666f72650000u, 6, 0}, /* before */
    [252] = {0x74776f0000000000u, 3, 0}, /* two */
    [255] = {0x6275740000000000u, 3, 0}, /* but */
    [260] = {0x7468656d00000000u, 4, 0}, /* them */
    [278] = {0x6a75737400000000u, 4, 0}, /* just */
    [287] = {0x6576656e00000000u, 4, 0}, /* even */
    [289] = {0x6f75740000000000u, 3, 0}, /* out */
    [290] = {0x6d69676874000000u, 5, 0}, /* might */
    [292] = {0x6e65787400000000u, 4, 0}, /* next */
    [293] = {0x646f657300000000u, 4, 0}, /* does */
    [294] = {0x6e6f740000000000u, 3, 0}, /* not */
    [300] = {0x74686f7365000000u, 5, 0}, /* those */
    [305] = {0x7475657364617900u, 7, 0}, /* tuesday */
    [306] = {0x6172650000000000u, 3, 0}, /* are */
    [307] = {0x6e65770000000000u, 3, 0}, /* new */
    [309] = {0x6a616e7561727900u, 7, 0}, /* january */
    [310] = {0x6461797300000000u, 4, 0}, /* days */
    [311] = {0x7768696c65000000u, 5, 0}, /* while */
    [322] = {0x6a756e6500000000u, 4, 0}, /* june */
    [324] = {0x746f6d6f72726f77u, 8, 0}, /* tomorrow */
    [325] = {0x7765656b73000000u, 5, 0}, /* weeks */
    [328] = {0x6861640000000000u, 3, 0}, /* had */
    [335] = {0x6865720000000000u, 3, 0}, /* her */
    [336] = {0x7468697300000000u, 4, 0}, /* this */
    [337] = {0x7375636800000000u, 4, 0}, /* such */
    [346] = {0x7468657365000000u, 5, 0}, /* these */
    [353] = {0x73756e6461790000u, 6, 0}, /* sunday */
    [363] = {0x6d61726368000000u, 5, 0}, /* march */
    [366] = {0x6672696461790000u, 6, 0}, /* friday */
    [369] = {0x7361696400000000u, 4, 0}, /* said */
    [372] = {0x616c6c0000000000u, 3, 0}, /* all */
    [379] = {0x73696e6365000000u, 5, 0}, /* since */
    [391] = {0x776f756c64000000u, 5, 0}, /* would */
    [393] = {0x796f750000000000u, 3, 0}, /* you */
    [395] = {0x6f63746f62657200u, 7, 0}, /* october */
    [398] = {0x77696c6c00000000u, 4, 0}, /* will */
    [401] = {0x6d6f6e7468000000u, 5, 0}, /* month */
    [402] = {0x7965617200000000u, 4, 0}, /* year */
    [413] = {0x6f6e650000000000u, 3, 0}, /* one */
    [418] = {0x6561636800000000u, 4, 0}, /* each */
    [422] = {0x7468617400000000u, 4, 0}, /* that */
    [427] = {0x756e646572000000u, 5, 0}, /* under */
    [428] = {0x616761696e737400u, 7, 0}, /* against */
    [429] = {0x7361797300000000u, 4, 0}, /* says */
    [431] = {0x7468616e00000000u, 4, 0}, /* than */
    [446] = {0x6265696e67000000u, 5, 0}, /* being */
    [447] = {0x696e746f00000000u, 4, 0}, /* into */
    [449] = {0x617072696c000000u, 5, 0}, /* april */
    [451] = {0x6d6f737400000000u, 4, 0}, /* most */
    [452] = {0x6869730000000000u, 3, 0}, /* his */
    [463] = {0x6665627275617279u, 8, 0}, /* february */
    [489] = {0x616c736f00000000u, 4, 0}, /* also */
    [490] = {0x686f770000000000u, 3, 0}, /* how */
    [491] = {0x6265747765656e00u, 7, 0}, /* between */
    [495] = {0x7665727900000000u, 4, 0}, /* very */
    [497] = {0x6166746572000000u, 5, 0}, /* after */
    [502] = {0x6561726c69657200u, 7, 0}, /* earlier */
    [503] = {0x61626f7574000000u, 5, 0}, /* about */
    [504] = {0x6f75720000000000u, 3, 0}, /* our */
    [507] = {0x7765646e65736461u, 9, 'y'}, /* wednesday */
    [508] = {0x6a756c7900000000u, 4, 0}, /* july */
};
/* Is the word of n bytes whose first eight (lowercased) are packed
** big-endian in `key` (zero-padded) and whose ninth is `ninth` a stop
** word? */
static int is_stop(uint64_t key, size_t n, unsigned char ninth) {
  size_t h;
  if (n < 3 || n > 9) return 0;
  h = (size_t)((key * 0x9E3779B97F4A7C15u) >> (64 - 9));
  for (; st_stop[h].key; h = (h + 1) & (ST_SLOTS - 1))
    if (st_stop[h].key == key)
      return st_stop[h].len == n &&
             (n < 9 || (unsigned char)st_stop[h].ninth == ninth);
  return 0;
}

/* Story-word bytes (ASCII letters, every byte >= 0x80) lowercased; 0 for
** the others. */
/* clang-format off */
static const unsigned char word_byte[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
    0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73,
    0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
    0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
    0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x81, 0x82, 0x83,
    0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b,
    0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3,
    0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
    0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
    0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
    0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3,
    0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
    0xfc, 0xfd, 0xfe, 0xff,
};
/* clang-format on */

/* Eight bytes at a time where the byte order allows (little-endian: the
** first byte is the lowest). */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ST_WIDE 1
#else
#define ST_WIDE 0
#endif

static const uint64_t st_ones = 0x0101010101010101ULL;
#define ST_HIGH (st_ones << 7)

/* The eight bytes at u folded as word_byte folds word bytes (ASCII
** letters get 0x20; bytes >= 0x80 stay), in memory order. */
static uint64_t load_folded(const unsigned char *u, uint64_t *raw) {
  uint64_t x;
  memcpy(&x, u, 8);
  *raw = x;
  return x | ((~x & ST_HIGH) >> 2);
}

/* Bits (0x80 of each byte) of the bytes of x that end a word: not a
** story-word byte, or an E2 (the lowest such bit is exact). */
static uint64_t word_stops(uint64_t x) {
  uint64_t y = (x | st_ones * 0x20) & ~ST_HIGH, word, e2;
  word = ((y + st_ones * 0x1F) & ~(y + st_ones * 0x05) & ST_HIGH) |
         (x & ST_HIGH);
  e2 = x ^ (st_ones * 0xE2);
  e2 = (e2 - st_ones) & ~e2 & ST_HIGH;
  return (~word & ST_HIGH) | e2;
}

/* The story-word bytes that can go on a word without a look ahead:
** word_byte's, except 0xE2 (a curly apostrophe E2 80 99 ends a word). */
static int word_plain(unsigned char c) { return word_byte[c] && c != 0xE2; }

/* End of the word going on at u[j]: the first byte that is not a word
** byte, or the E2 of a curly apostrophe. */
static size_t word_end(const unsigned char *u, size_t n, size_t j) {
  for (;;) {
    while (j < n && word_plain(u[j]))
      j++;
    if (j >= n || u[j] != 0xE2) return j;
    if (j + 2 < n && u[j + 1] == 0x80 && u[j + 2] == 0x99) return j;
    j++;
  }
}

/* End of the word starting at u[i] (a word byte); *f gets its first eight
** bytes folded when i + 8 <= n (ST_WIDE). */
static size_t word_at(const unsigned char *u, size_t n, size_t i,
                      uint64_t *f) {
  if (ST_WIDE && i + 8 <= n) {
    uint64_t x, stop;
    *f = load_folded(u + i, &x);
    stop = word_stops(x);
    if (!stop) return word_end(u, n, i + 8);
    i += (size_t)__builtin_ctzll(stop) >> 3;
    return u[i] == 0xE2 ? word_end(u, n, i) : i;
  }
  return word_end(u, n, i);
}

/* is_stop's key of the word u[i..i+k) (3 <= k <= 9): its first eight
** bytes through word_byte, packed big-endian, zero-padded; f as word_at
** gave it. */
static uint64_t word_key(const unsigned char *u, size_t n, size_t i, size_t k,
                         uint64_t f) {
  uint64_t key = 0;
  size_t m;
  if (ST_WIDE && i + 8 <= n) {
    key = __builtin_bswap64(f);
    return k >= 8 ? key : key & ~(~0ULL >> (8 * k));
  }
  for (m = 0; m < 8; m++)
    key = key << 8 | (m < k ? word_byte[u[i + m]] : 0u);
  return key;
}

/* FNV-1a (nl_fnv64) of the folded word u[i..i+k) (k <= 5); f as word_at
** gave it. */
static uint64_t word_hash(const unsigned char *u, size_t n, size_t i,
                          size_t k, uint64_t f) {
  uint64_t h = NL_FNV64_INIT;
  size_t m;
  for (m = 0; m < k; m++) {
    h ^= ST_WIDE && i + 8 <= n ? (f >> (8 * m)) & 0xFF : word_byte[u[i + m]];
    h *= 1099511628211ULL;
  }
  return h;
}

/* See nl_story.h.  A word is a run of word bytes ending before a curly
** apostrophe; only its first nine bytes (stop words), its length and its
** last two bytes (plurals) matter. */
nl_status nl_story_words(const char *s, size_t n, uint64_t **w, size_t *nw,
                         size_t *cap) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t *out = *w;
  size_t i = 0, no = *nw, co = *cap;
  while (i < n) {
    size_t j, k;
    uint64_t f = 0;
    while (i < n && !word_byte[u[i]])
      i++;
    if (i >= n) break;
    j = word_at(u, n, i, &f);
    k = j - i;
    if (k >= 3 && k < 64 &&
        (k > 9 || !is_stop(word_key(u, n, i, k, f), k, word_byte[u[j - 1]]))) {
      /* fold plurals and cut to 5 bytes: Russia/Russian, talk/talks */
      if (k > 3 && word_byte[u[j - 1]] == 's' && word_byte[u[j - 2]] != 's')
        k--;
      if (k > 5) k = 5;
      if (no == co) {
        size_t nc = co ? co * 2 : 32;
        uint64_t *p = nl_realloc(out, nc * sizeof *p);
        if (!p) break;
        *w = out = p;
        *cap = co = nc;
      }
      out[no++] = word_hash(u, n, i, k, f);
    }
    i = j > i ? j : i + 1;
  }
  *nw = no;
  return i < n ? NL_ENOMEM : NL_OK;
}

typedef struct st_post {
  uint64_t term;
  size_t doc;
} st_post;

static int cmp_post(const void *a, const void *b) {
  const st_post *x = a, *y = b;
  if (x->term != y->term) return x->term < y->term ? -1 : 1;
  return x->doc < y->doc ? -1 : x->doc > y->doc;
}

typedef struct st_term { /* one distinct term of the posting list */
  uint64_t term;
  size_t start, df; /* its postings are p[start .. start + df) */
} st_term;

static const st_term *term_find(const st_term *u, size_t nu, uint64_t t) {
  size_t lo = 0, hi = nu;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (u[mid].term == t) return &u[mid];
    if (u[mid].term < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* One term's share of an order-free key of a doc's content (a sum of
** these): ties between neighbours of equal strength then do not depend on
** the order the docs come in (a store's rowids follow its history). */
static uint64_t key_part(uint64_t t) {
  uint64_t x = t * 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
}

/* Is neighbour (c1, j1) better than (c2, j2): more shared rare terms,
** then the smaller content key (then the smaller doc, for equal texts)?
** Both linkers keep their rows by it. */
static int nb_better(const uint64_t *key, size_t c1, size_t j1, size_t c2,
                     size_t j2) {
  if (c1 != c2) return c1 > c2;
  if (key[j1] != key[j2]) return key[j1] < key[j2];
  return j1 < j2;
}

/* The content key of a doc's terms (key_part). */
static uint64_t st_key(const uint64_t *t, size_t nt) {
  uint64_t k = 0;
  size_t a;
  for (a = 0; a < nt; a++)
    k += key_part(t[a]);
  return k;
}

/* Offer j as a neighbour with strength c (shared rare terms; 0 for a
** near copy) to a row of *n neighbours (row) and their strengths (str):
** it keeps its NL_STORY_MAX_NB best (nb_better), each neighbour at the
** best strength it was offered, so a row does not depend on the order the
** links are found in.  Both linkers fill their rows with it. */
static void row_offer(uint32_t *row, unsigned char *str, unsigned char *n,
                      const uint64_t *key, uint32_t j, unsigned c) {
  size_t k, worst = 0;
  for (k = 0; k < *n; k++)
    if (row[k] == j) {
      if (c > str[k]) str[k] = (unsigned char)c;
      return;
    }
  if (*n < NL_STORY_MAX_NB) {
    row[*n] = j;
    str[(*n)++] = (unsigned char)c;
    return;
  }
  for (k = 1; k < NL_STORY_MAX_NB; k++)
    if (nb_better(key, str[worst], row[worst], str[k], row[k])) worst = k;
  if (nb_better(key, c, j, str[worst], row[worst])) {
    row[worst] = j;
    str[worst] = (unsigned char)c;
  }
}

/* row_offer to doc i's row of nl_story_link. */
static void add_nb(uint32_t *rows, unsigned char *nn, unsigned char *sg,
                   const uint64_t *key, size_t i, size_t j, size_t c) {
  row_offer(rows + i * NL_STORY_MAX_NB, sg + i * NL_STORY_MAX_NB, &nn[i], key,
            (uint32_t)j, (unsigned)c);
}

typedef struct st_rare {
  size_t df, start;
  uint64_t term;
} st_rare;

/* Doc i's near copies (docs holding 7/8 of its rarest terms). */
typedef struct st_near {
  const st_post *p;
  size_t i, n, doc[ST_TOPK]; /* the first of them, in the order found */
  const size_t *mark;        /* mark[d] == i + 1: d is one (all of them) */
} st_near;

/* Does term e occur in a doc other than i and its near copies? */
static int st_reach(const st_near *nr, const st_term *e) {
  size_t a;
  for (a = e->start; a < e->start + e->df; a++) {
    size_t d = nr->p[a].doc;
    if (d != nr->i && nr->mark[d] != nr->i + 1) return 1;
  }
  return 0;
}

/* The ST_TOPK rarest terms of one doc (2 <= df <= ST_DF_CAP) into rare;
** with near (not NULL), only terms that reach beyond its near copies. */
static size_t rarest(const st_term *u, size_t nu, const uint64_t *t, size_t nt,
                     const st_near *near, st_rare *rare) {
  size_t nr = 0, k;
  for (k = 0; k < nt; k++) {
    const st_term *e = term_find(u, nu, t[k]);
    size_t df = e ? e->df : 0;
    if (df < 2 || df > ST_DF_CAP) continue;
    if (near && !(nr < ST_TOPK || df < rare[nr - 1].df)) continue;
    if (near && !st_reach(near, e)) continue;
    if (nr < ST_TOPK || df < rare[nr - 1].df) {
      /* insertion into the sorted top-k (terms come in ascending order,
      ** so ties keep the smaller hash, as a full sort would) */
      size_t at = nr < ST_TOPK ? nr++ : nr - 1;
      while (at > 0 && rare[at - 1].df > df) {
        rare[at] = rare[at - 1];
        at--;
      }
      rare[at].df = df;
      rare[at].start = e->start;
      rare[at].term = t[k];
    }
  }
  return nr;
}

/* Distinct terms of the sorted postings p[0..np) into u; returns count. */
static size_t term_table(const st_post *p, size_t np, st_term *u) {
  size_t i, nu = 0;
  for (i = 0; i < np; i++) {
    if (nu == 0 || u[nu - 1].term != p[i].term) {
      u[nu].term = p[i].term;
      u[nu].start = i;
      u[nu++].df = 0;
    }
    u[nu - 1].df++;
  }
  return nu;
}

/* See nl_story.h. */
nl_status nl_story_link(const uint64_t *const *terms, const size_t *nterms,
                        size_t n, size_t *nb, size_t *nnb, nl_error *err) {
  size_t i, np = 0, nu, total = 0;
  st_post *p;
  st_term *u;
  size_t *count = NULL, *mark = NULL; /* mark[j] == i + 1: near copy */
  unsigned char *sg = NULL; /* the strength of each listed neighbour */
  uint32_t *rows = NULL;    /* the lists, copied to nb at the end */
  unsigned char *nn = NULL; /* their lengths */
  uint64_t *key = NULL;
  for (i = 0; i < n; i++)
    total += nterms[i], nnb[i] = 0;
  p = nl_malloc((total ? total : 1) * sizeof *p);
  u = nl_malloc((total ? total : 1) * sizeof *u);
  count = nl_calloc(n ? n : 1, sizeof *count);
  mark = nl_calloc(n ? n : 1, sizeof *mark);
  sg = nl_malloc((n ? n : 1) * NL_STORY_MAX_NB);
  rows = nl_malloc((n ? n : 1) * NL_STORY_MAX_NB * sizeof *rows);
  nn = nl_calloc(n ? n : 1, 1);
  key = nl_malloc((n ? n : 1) * sizeof *key);
  if (!p || !u || !count || !mark || !sg || !rows || !nn || !key) goto oom;
  for (i = 0; i < n; i++)
    key[i] = st_key(terms[i], nterms[i]);
  for (i = 0; i < n; i++) {
    size_t k;
    for (k = 0; k < nterms[i]; k++) {
      p[np].term = terms[i][k];
      p[np++].doc = i;
    }
  }
  qsort(p, np, sizeof *p, cmp_post);
  nu = term_table(p, np, u);
  for (i = 0; i < n; i++) {
    st_rare rare[ST_TOPK];
    size_t nr = rarest(u, nu, terms[i], nterms[i], NULL, rare), r, a;
    st_near near;
    for (r = 0; r < nr; r++)
      for (a = rare[r].start; a < rare[r].start + rare[r].df; a++)
        if (p[a].doc != i) count[p[a].doc]++;
    near.n = 0;
    if (nr >= ST_NEAR_MIN) /* as nl_story_scan_link: near copies */
      for (r = 0; r < nr; r++)
        for (a = rare[r].start; a < rare[r].start + rare[r].df; a++) {
          size_t j = p[a].doc;
          if (j == i || count[j] * 8 < nr * 7 || mark[j] == i + 1) continue;
          mark[j] = i + 1;
          if (near.n < ST_TOPK) near.doc[near.n++] = j;
        }
    if (near.n) {
      for (r = 0; r < nr; r++)
        for (a = rare[r].start; a < rare[r].start + rare[r].df; a++)
          count[p[a].doc] = 0;
      near.p = p;
      near.i = i;
      near.mark = mark;
      nr = rarest(u, nu, terms[i], nterms[i], &near, rare);
      for (r = 0; r < nr; r++)
        for (a = rare[r].start; a < rare[r].start + rare[r].df; a++)
          if (p[a].doc != i) count[p[a].doc]++;
    }
    for (r = 0; r < nr; r++)
      for (a = rare[r].start; a < rare[r].start + rare[r].df; a++) {
        size_t j = p[a].doc;
        if (j == i || count[j] < ST_MIN_SHARED) continue;
        if (near.n && mark[j] == i + 1) continue; /* a copy: after the
                                                   ** story's docs */
        add_nb(rows, nn, sg, key, i, j, count[j]);
        add_nb(rows, nn, sg, key, j, i, count[j]);
      }
    for (r = 0; r < near.n; r++) /* a near copy is a neighbour (it finds
                                 ** i itself: no reverse link to fill its row) */
      add_nb(rows, nn, sg, key, i, near.doc[r], 0);
    for (r = 0; r < nr; r++)
      for (a = rare[r].start; a < rare[r].start + rare[r].df; a++)
        count[p[a].doc] = 0;
  }
  for (i = 0; i < n; i++) {
    size_t k;
    nnb[i] = nn[i];
    for (k = 0; k < nn[i]; k++)
      nb[i * NL_STORY_MAX_NB + k] = rows[i * NL_STORY_MAX_NB + k];
  }
  nl_free(p);
  nl_free(u);
  nl_free(count);
  nl_free(mark);
  nl_free(sg);
  nl_free(rows);
  nl_free(nn);
  nl_free(key);
  return NL_OK;
oom:
  nl_free(p);
  nl_free(u);
  nl_free(count);
  nl_free(mark);
  nl_free(sg);
  nl_free(rows);
  nl_free(nn);
  nl_free(key);
  return nl_error_set(err, NL_ENOMEM, "story: out of memory");
}

/* ---- bounded-memory linking (nl_story_scan) ---------------------------- */

#define SC_BITS 24 /* sketch slots: 2^24 one-byte saturating counters */

struct nl_story_scan {
  unsigned char *df; /* the sketch */
  size_t max_post;
  unsigned cap;   /* rarity cap chosen at the first nl_story_scan_add */
  int planned;
  uint32_t *p;    /* pass 2: rare slots of each doc, in doc order */
  size_t np, pcap;
  uint32_t *off;  /* doc d's slots: p[off[d] .. off[d + 1]) */
  size_t nd, ocap;
  size_t hist[256]; /* slots of the sketch holding each count */
};

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static void qsort_u32(uint32_t *a, size_t n) {
  qsort(a, n, sizeof *a, cmp_u32);
}

static uint32_t sc_slot(uint64_t h) { return (uint32_t)(h >> (64 - SC_BITS)); }

/* See nl_story.h. */
nl_story_scan *nl_story_scan_new(size_t max_postings) {
  nl_story_scan *s = nl_calloc(1, sizeof *s);
  if (!s) return NULL;
  /* written, not calloc'd: a calloc'd sketch is mapped to the zero page,
  ** and nl_story_scan_count reads each counter before it writes it, so
  ** every page costs a copy-on-write fault whose TLB flush interrupts the
  ** other core (4,096 of them; ~5% of a Reuters-21578 ingest's CPU) */
  s->df = nl_malloc((size_t)1 << SC_BITS);
  if (!s->df) {
    nl_free(s);
    return NULL;
  }
  memset(s->df, 0, (size_t)1 << SC_BITS);
  s->hist[0] = (size_t)1 << SC_BITS;
  s->max_post = max_postings;
  return s;
}

/* See nl_story.h. */
void nl_story_scan_free(nl_story_scan *s) {
  if (!s) return;
  nl_free(s->df);
  nl_free(s->p);
  nl_free(s->off);
  nl_free(s);
}

/* See nl_story.h. */
void nl_story_scan_count(nl_story_scan *s, const uint64_t *t, size_t nt) {
  size_t k;
  for (k = 0; k < nt; k++) {
    unsigned char *c = &s->df[sc_slot(t[k])];
    if (*c < 255) {
      s->hist[*c]--;
      s->hist[++*c]++;
    }
  }
}

/* The largest cap <= ST_DF_CAP whose postings fit the budget (the sketch's
** histogram, kept by nl_story_scan_count, gives their exact number); the
** postings are reserved. */
static nl_status sc_plan(nl_story_scan *s) {
  const size_t *hist = s->hist;
  size_t total = 0;
  unsigned c;
  s->cap = 1;
  for (c = 2; c <= ST_DF_CAP; c++) {
    if (total + (size_t)c * hist[c] > s->max_post) break;
    total += (size_t)c * hist[c];
    s->cap = c;
  }
  s->planned = 1;
  s->pcap = total ? total : 1;
  s->p = nl_malloc(s->pcap * sizeof *s->p);
  s->off = nl_malloc(64 * sizeof *s->off);
  if (!s->p || !s->off) return NL_ENOMEM;
  s->ocap = 64;
  s->off[0] = 0;
  return NL_OK;
}

/* Pass 2's start of a doc: the plan, and room for its offset. */
static nl_status sc_doc_begin(nl_story_scan *s) {
  if (!s->planned && sc_plan(s) != NL_OK) return NL_ENOMEM;
  if (s->nd + 2 > s->ocap) {
    size_t nc = s->ocap * 2;
    uint32_t *o = nl_realloc(s->off, nc * sizeof *o);
    if (!o) return NL_ENOMEM;
    s->off = o;
    s->ocap = nc;
  }
  return NL_OK;
}

/* Keep slot sl of the doc being added if its term is rare. */
static nl_status sc_keep(nl_story_scan *s, uint32_t sl) {
  unsigned df = s->df[sl];
  if (df < 2 || df > s->cap) return NL_OK;
  if (s->np == s->pcap) { /* only if the sketch changed since pass 1 */
    size_t nc = s->pcap * 2;
    uint32_t *p = nl_realloc(s->p, nc * sizeof *p);
    if (!p) return NL_ENOMEM;
    s->p = p;
    s->pcap = nc;
  }
  s->p[s->np++] = sl;
  return NL_OK;
}

/* See nl_story.h. */
nl_status nl_story_scan_add(nl_story_scan *s, const uint64_t *t, size_t nt) {
  size_t k;
  if (sc_doc_begin(s) != NL_OK) return NL_ENOMEM;
  for (k = 0; k < nt; k++)
    if (sc_keep(s, sc_slot(t[k])) != NL_OK) return NL_ENOMEM;
  s->off[++s->nd] = (uint32_t)s->np;
  return NL_OK;
}

/* See nl_story.h. */
nl_status nl_story_scan_add_slots(nl_story_scan *s, const uint32_t *sl,
                                  size_t n) {
  size_t k;
  if (sc_doc_begin(s) != NL_OK) return NL_ENOMEM;
  for (k = 0; k < n; k++)
    if (sc_keep(s, sl[k]) != NL_OK) return NL_ENOMEM;
  s->off[++s->nd] = (uint32_t)s->np;
  return NL_OK;
}

/* See nl_story.h. */
size_t nl_story_scan_slots(const nl_story_scan *s, const uint64_t *t,
                           size_t nt, uint32_t *out) {
  size_t k, n = 0;
  for (k = 0; k < nt; k++) {
    uint32_t sl = sc_slot(t[k]);
    if (s->df[sl] <= ST_DF_CAP) out[n++] = sl;
  }
  return n;
}

/* See nl_story.h. */
size_t nl_story_scan_prune(const nl_story_scan *s, uint32_t *slots,
                           size_t n) {
  size_t k, m = 0;
  for (k = 0; k < n; k++)
    if (s->df[slots[k]] <= ST_DF_CAP) slots[m++] = slots[k];
  return m;
}

/* See nl_story.h. */
size_t nl_story_scan_ndocs(const nl_story_scan *s) { return s->nd; }
unsigned nl_story_scan_cap(const nl_story_scan *s) { return s->cap; }

/* Doc i's near copies, for the slots that reach beyond them (sc_reach). */
typedef struct sc_near {
  const uint64_t *q; /* the sorted postings (slot << 32 | doc) */
  size_t np, i, n;
  uint32_t doc[ST_TOPK]; /* the first of them, in the order found */
  const uint32_t *mark;  /* mark[d] == i + 1: d is one (all of them) */
} sc_near;

static size_t sc_lower(const uint64_t *q, size_t n, uint32_t sl);

/* Does slot sl occur in a doc other than i and its near copies? */
static int sc_reach(const sc_near *nr, uint32_t sl) {
  size_t a;
  for (a = sc_lower(nr->q, nr->np, sl);
       a < nr->np && (uint32_t)(nr->q[a] >> 32) == sl; a++) {
    uint32_t d = (uint32_t)nr->q[a];
    if (d != nr->i && nr->mark[d] != nr->i + 1) return 1;
  }
  return 0;
}

/* The ST_TOPK rarest slots of doc d (by df, then slot) into r; with near
** (not NULL), only slots that reach beyond d's near copies. */
static size_t sc_rarest(const nl_story_scan *s, size_t d, const sc_near *near,
                        uint32_t *r) {
  size_t nr = 0, k;
  for (k = s->off[d]; k < s->off[d + 1]; k++) {
    uint32_t sl = s->p[k];
    unsigned df = s->df[sl];
    size_t at, j;
    for (j = 0; j < nr; j++)
      if (r[j] == sl) break;
    if (j < nr) continue; /* two terms in one slot */
    if (nr == ST_TOPK && (df > s->df[r[nr - 1]] ||
                          (df == s->df[r[nr - 1]] && sl > r[nr - 1])))
      continue; /* not rarer than the kept ones: no posting lookup */
    if (near && !sc_reach(near, sl)) continue;
    if (nr == ST_TOPK) {
      uint32_t w = r[nr - 1];
      if (df > s->df[w] || (df == s->df[w] && sl > w)) continue;
      at = nr - 1;
    } else {
      at = nr++;
    }
    while (at > 0 && (s->df[r[at - 1]] > df ||
                      (s->df[r[at - 1]] == df && r[at - 1] > sl))) {
      r[at] = r[at - 1];
      at--;
    }
    r[at] = sl;
  }
  return nr;
}

/* Count, in cnt, the docs other than i holding each slot of r[0..nr);
** b[k] .. e[k] receive slot r[k]'s postings. */
static void sc_tally(const uint64_t *q, size_t np, const unsigned char *df,
                     size_t i, const uint32_t *r, size_t nr, size_t *b,
                     size_t *e, uint32_t *cnt) {
  size_t k, a;
  for (k = 0; k < nr; k++) {
    b[k] = sc_lower(q, np, r[k]);
    e[k] = b[k] + df[r[k]];
    if (e[k] > np) e[k] = np;
    for (a = b[k]; a < e[k] && (uint32_t)(q[a] >> 32) == r[k]; a++)
      if ((size_t)(uint32_t)q[a] != i) cnt[(uint32_t)q[a]]++;
    e[k] = a;
  }
}

/* First index of slot sl in the sorted (slot << 32 | doc) array. */
static size_t sc_lower(const uint64_t *q, size_t n, uint32_t sl) {
  size_t lo = 0, hi = n;
  uint64_t key = (uint64_t)sl << 32;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (q[mid] < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The content key of doc d: its rare slots (key_part). */
static uint64_t sc_key(const nl_story_scan *s, size_t d) {
  uint64_t k = 0;
  size_t a;
  for (a = s->off[d]; a < s->off[d + 1]; a++)
    k += key_part(s->p[a]);
  return k;
}

/* row_offer to the row of wanted doc i (row_of) of nl_story_scan_link. */
static void sc_add_nb(uint32_t *rows, unsigned char *sg, unsigned char *nn,
                      const uint32_t *row_of, const uint64_t *key, size_t i,
                      uint32_t j, unsigned c) {
  size_t r = row_of[i];
  row_offer(rows + r * NL_STORY_MAX_NB, sg + r * NL_STORY_MAX_NB, &nn[r], key,
            j, c);
}

/*
** Sort a[0..n) ascending: least-significant-digit radix sort, 16 bits a
** pass, over the bits the largest value uses, a pass skipped when every
** value has the same digit (equal values are alike: any sort gives this
** order).  tmp holds n values, count 65536.
*/
static void radix_u64(uint64_t *a, uint64_t *tmp, size_t *count, size_t n) {
  uint64_t max = 0, *src = a, *dst = tmp, *t;
  unsigned shift;
  size_t i;
  for (i = 0; i < n; i++)
    if (a[i] > max) max = a[i];
  for (shift = 0; shift < 64 && (max >> shift) != 0; shift += 16) {
    size_t sum = 0;
    memset(count, 0, ((size_t)1 << 16) * sizeof *count);
    for (i = 0; i < n; i++)
      count[(src[i] >> shift) & 0xFFFF]++;
    if (count[(src[0] >> shift) & 0xFFFF] == n) continue;
    for (i = 0; i < ((size_t)1 << 16); i++) {
      size_t c = count[i];
      count[i] = sum;
      sum += c;
    }
    for (i = 0; i < n; i++)
      dst[count[(src[i] >> shift) & 0xFFFF]++] = src[i];
    t = src, src = dst, dst = t;
  }
  if (src != a) memcpy(a, src, n * sizeof *a);
}

/* Sort the postings: a radix sort beats the quicksort past some
** thousands; sort_u64 when there is no room for its buffers. */
static void sort_postings(uint64_t *q, size_t np) {
  uint64_t *tmp = np > 4096 ? nl_malloc(np * sizeof *tmp) : NULL;
  size_t *count = tmp ? nl_malloc(((size_t)1 << 16) * sizeof *count) : NULL;
  if (count)
    radix_u64(q, tmp, count, np);
  else
    sort_u64(q, np);
  nl_free(tmp);
  nl_free(count);
}

/* Where the links of scan_link go: the rows of the wanted docs, or, in
** its first pass (`grow`), the docs that join `want`. */
typedef struct sc_sink {
  const char *want;  /* 1: wanted (first pass: from); 2: joined */
  char *join;        /* the first pass: `want`, written */
  const char *grow;  /* the first pass: who may join; NULL: fill the rows */
  size_t nreal;      /* docs from nreal on are gone: seeds, never listed */
  uint32_t *rows, *row_of;
  unsigned char *sg, *nn;
  const uint64_t *key;
} sc_sink;

/* Docs i and j are linked with strength c (near: j is a near copy of i,
** which j finds itself: no reverse link to fill its row). */
static void sc_pair(sc_sink *k, uint32_t i, uint32_t j, uint32_t c,
                    int near) {
  if (k->grow) { /* a joined doc makes none join: one step only */
    if (k->want[i] == 1 && k->grow[j] && !k->want[j]) k->join[j] = 2;
    if (k->want[j] == 1 && k->grow[i] && !k->want[i]) k->join[i] = 2;
    return;
  }
  if (i >= k->nreal || j >= k->nreal) return;
  if (k->want[i]) sc_add_nb(k->rows, k->sg, k->nn, k->row_of, k->key, i, j, c);
  if (!near && k->want[j])
    sc_add_nb(k->rows, k->sg, k->nn, k->row_of, k->key, j, i, c);
}

/* The links doc i's rarest terms make (q: the sorted postings; cnt all
** zero, and left so; mark[d] == i + 1 marks i's near copies). */
static void sc_link_doc(const nl_story_scan *s, const uint64_t *q, size_t np,
                        uint32_t *cnt, uint32_t *mark, size_t i,
                        sc_sink *k) {
  uint32_t r[ST_TOPK];
  size_t nr = sc_rarest(s, i, NULL, r), a, m, b[ST_TOPK], e[ST_TOPK];
  sc_near near;
  sc_tally(q, np, s->df, i, r, nr, b, e, cnt);
  near.n = 0;
  if (nr >= ST_NEAR_MIN) /* docs holding 7/8 of its rarest: near copies */
    for (m = 0; m < nr; m++)
      for (a = b[m]; a < e[m]; a++) {
        uint32_t j = (uint32_t)q[a];
        if (j == i || cnt[j] * 8 < nr * 7 || mark[j] == i + 1) continue;
        mark[j] = (uint32_t)i + 1;
        if (near.n < ST_TOPK) near.doc[near.n++] = j;
      }
  if (near.n) { /* their shared terms say nothing of the story: the
                ** rarest terms that reach beyond them do */
    for (m = 0; m < nr; m++)
      for (a = b[m]; a < e[m]; a++)
        cnt[(uint32_t)q[a]] = 0;
    near.q = q;
    near.np = np;
    near.i = i;
    near.mark = mark;
    nr = sc_rarest(s, i, &near, r);
    sc_tally(q, np, s->df, i, r, nr, b, e, cnt);
  }
  for (m = 0; m < nr; m++)
    for (a = b[m]; a < e[m]; a++) {
      uint32_t j = (uint32_t)q[a];
      if (j == i || cnt[j] < ST_MIN_SHARED) continue;
      if (near.n && mark[j] == i + 1) continue; /* a copy: after the
                                                 ** story's docs */
      sc_pair(k, (uint32_t)i, j, cnt[j], 0);
    }
  for (m = 0; m < near.n; m++) /* a near copy is a neighbour */
    sc_pair(k, (uint32_t)i, near.doc[m], 0, 1);
  for (m = 0; m < nr; m++)
    for (a = b[m]; a < e[m]; a++)
      cnt[(uint32_t)q[a]] = 0;
}

/*
** The docs whose links can reach a doc of `want` (nw of the nd): those
** sharing one of its rare slots (every link is made over shared rare
** slots: a doc that shares none pairs only with docs not wanted), and
** the wanted docs.  A new array of nd flags, or NULL when most docs are
** wanted (then all are walked) or on OOM (the same).
*/
static char *sc_reachers(const nl_story_scan *s, const uint64_t *q,
                         size_t np, const char *want, size_t nw) {
  size_t i, a, nd = s->nd;
  char *r;
  if (nw * 4 > nd || !(r = nl_calloc(nd ? nd : 1, 1))) return NULL;
  for (i = 0; i < nd; i++) {
    if (!want[i]) continue;
    r[i] = 1;
    for (a = s->off[i]; a < s->off[i + 1]; a++) {
      size_t b = sc_lower(q, np, s->p[a]);
      for (; b < np && (uint32_t)(q[b] >> 32) == s->p[a]; b++)
        r[(uint32_t)q[b]] = 1;
    }
  }
  return r;
}

/* sc_link_doc for every doc that may reach a wanted one (sc_reachers). */
static void sc_link_all(const nl_story_scan *s, const uint64_t *q, size_t np,
                        uint32_t *cnt, uint32_t *mark, const char *want,
                        sc_sink *k) {
  size_t i, nw = 0;
  char *reach;
  for (i = 0; i < s->nd; i++)
    nw += want[i] != 0;
  reach = sc_reachers(s, q, np, want, nw);
  for (i = 0; i < s->nd; i++)
    if (!reach || reach[i]) sc_link_doc(s, q, np, cnt, mark, i, k);
  nl_free(reach);
}

/* Link the docs of pass 2 for the docs with want[i]; with `grow`, a doc
** j with grow[j] linked to a doc with from[i] (before the rows keep their
** best) is wanted too, and joined[j] = 1; docs from nreal on are only
** such seeds (see nl_story_scan_link_grow). */
static nl_status scan_link(nl_story_scan *s, const char *want,
                           const char *from, const char *grow, char *joined,
                           size_t nreal, uint32_t **nb_off, uint32_t **nb,
                           nl_error *err) {
  size_t i, k0, nw = 0, nw0, nd = s->nd, np = s->np;
  sc_sink k;
  char *w = NULL; /* with `grow`: want, then the docs that joined */
  uint64_t *q = NULL;
  uint32_t *cnt = NULL, *row_of = NULL, *rows = NULL, *off = NULL, *out = NULL;
  uint32_t *mark = NULL; /* mark[j] == i + 1: j is a near copy of doc i */
  unsigned char *nn = NULL, *sg = NULL; /* sg: each row's strengths */
  uint64_t *key = NULL;
  *nb_off = *nb = NULL;
  if (!s->planned && sc_plan(s) != NL_OK) goto oom;
  for (i = 0; i < nd; i++)
    if (want[i]) nw++;
  nw0 = nw;
  q = nl_malloc((np ? np : 1) * sizeof *q);
  cnt = nl_calloc(nd ? nd : 1, sizeof *cnt);
  mark = nl_calloc(nd ? nd : 1, sizeof *mark);
  row_of = nl_malloc((nd ? nd : 1) * sizeof *row_of);
  rows = nl_malloc((nw ? nw : 1) * NL_STORY_MAX_NB * sizeof *rows);
  nn = nl_calloc(nw ? nw : 1, 1);
  sg = nl_malloc((nw ? nw : 1) * NL_STORY_MAX_NB);
  key = nl_malloc((nd ? nd : 1) * sizeof *key);
  off = nl_malloc((nd + 1) * sizeof *off);
  if (!q || !cnt || !mark || !row_of || !rows || !nn || !sg || !key || !off)
    goto oom;
  for (i = 0; i < nd; i++)
    key[i] = sc_key(s, i);
  for (i = 0, nw = 0; i < nd; i++)
    row_of[i] = want[i] ? (uint32_t)nw++ : UINT32_MAX;
  for (i = 0; i < nd; i++)
    for (k0 = s->off[i]; k0 < s->off[i + 1]; k0++)
      q[k0] = (uint64_t)s->p[k0] << 32 | (uint64_t)i;
  sort_postings(q, np);
  k.want = want;
  k.grow = NULL;
  k.nreal = nreal < nd ? nreal : nd;
  k.rows = rows;
  k.row_of = row_of;
  k.sg = sg;
  k.nn = nn;
  k.key = key;
  if (grow) { /* who joins `want`: the same pairs, only noted */
    sc_sink g = k;
    if (!(w = nl_malloc(nd ? nd : 1))) goto oom;
    for (i = 0; i < nd; i++)
      w[i] = from[i] ? 1 : 0;
    g.want = g.join = w;
    g.grow = grow;
    sc_link_all(s, q, np, cnt, mark, w, &g);
    memset(mark, 0, nd * sizeof *mark);
    for (i = 0, nw = 0; i < nd; i++) {
      joined[i] = w[i] == 2 && !want[i];
      w[i] = want[i] || joined[i];
      row_of[i] = w[i] ? (uint32_t)nw++ : UINT32_MAX;
    }
    k.want = w;
    if (nw > nw0) { /* rows for the docs that joined */
      uint32_t *r2 = nl_realloc(rows, nw * NL_STORY_MAX_NB * sizeof *r2);
      unsigned char *n2 = r2 ? nl_realloc(nn, nw) : NULL;
      unsigned char *s2 = n2 ? nl_realloc(sg, nw * NL_STORY_MAX_NB) : NULL;
      if (r2) rows = k.rows = r2;
      if (n2) nn = k.nn = n2;
      if (!s2) goto oom;
      sg = k.sg = s2;
      memset(nn, 0, nw);
    }
  }
  sc_link_all(s, q, np, cnt, mark, k.want, &k);
  nl_free(q);
  nl_free(cnt);
  nl_free(mark);
  q = NULL;
  cnt = NULL;
  mark = NULL;
  nl_free(s->p);
  s->p = NULL;
  {
    size_t tot = 0;
    for (k0 = 0; k0 < nw; k0++)
      tot += nn[k0];
    out = nl_malloc((tot ? tot : 1) * sizeof *out);
    if (!out) goto oom;
    tot = 0;
    for (i = 0; i < nd; i++) {
      off[i] = (uint32_t)tot;
      if (row_of[i] == UINT32_MAX) continue;
      {
        uint32_t *row = rows + (size_t)row_of[i] * NL_STORY_MAX_NB;
        size_t m = nn[row_of[i]];
        qsort_u32(row, m);
        memcpy(out + tot, row, m * sizeof *row);
        tot += m;
      }
    }
    off[nd] = (uint32_t)tot;
  }
  nl_free(row_of);
  nl_free(rows);
  nl_free(nn);
  nl_free(sg);
  nl_free(key);
  nl_free(w);
  *nb_off = off;
  *nb = out;
  return NL_OK;
oom:
  nl_free(w);
  nl_free(q);
  nl_free(cnt);
  nl_free(mark);
  nl_free(row_of);
  nl_free(rows);
  nl_free(nn);
  nl_free(sg);
  nl_free(key);
  nl_free(off);
  nl_free(out);
  return nl_error_set(err, NL_ENOMEM, "story: out of memory");
}

/* See nl_story.h. */
nl_status nl_story_scan_link(nl_story_scan *s, const char *want,
                             uint32_t **nb_off, uint32_t **nb, nl_error *err) {
  return scan_link(s, want, NULL, NULL, NULL, s->nd, nb_off, nb, err);
}

/* See nl_story.h. */
nl_status nl_story_scan_link_grow(nl_story_scan *s, const char *want,
                                  const char *from, const char *grow,
                                  char *joined, size_t nreal,
                                  uint32_t **nb_off, uint32_t **nb,
                                  nl_error *err) {
  return scan_link(s, want, from, grow, joined, nreal, nb_off, nb, err);
}
