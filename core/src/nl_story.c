/*
** nl_story.c -- content words and story linking in memory (see
** nl_story.h; the bounded-memory linker is nl_story_scan.c, and the rules
** both keep are in nl_story_internal.h).
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
#include "nl_story_internal.h"

#include <stdlib.h>
#include <string.h>

#include "newslua/nl_article.h"
#include "nl_alloc.h"

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

/* The content key of a doc's terms (key_part). */
static uint64_t st_key(const uint64_t *t, size_t nt) {
  uint64_t k = 0;
  size_t a;
  for (a = 0; a < nt; a++)
    k += key_part(t[a]);
  return k;
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
                        size_t n, size_t *nb, size_t *nnb, unsigned char *str,
                        nl_error *err) {
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
    if (str)
      memcpy(str + i * NL_STORY_MAX_NB, sg + i * NL_STORY_MAX_NB, nn[i]);
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

