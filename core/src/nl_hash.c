/*
** nl_hash.c -- XXH64 (nl_hash64) and FNV-1a (nl_fnv64); see nl_hash.h.
**
** XXH64 as xxhash_spec.md (v0.1.1) defines it, seed 0: four lanes
** accumulate the 8-byte little-endian words of each 32-byte stripe
** (lane += word * P2, rotate left 31, times P1); at the end they are
** rotated, summed and merged, the length is added, the tail is folded in
** by 8, 4 and 1 bytes, and a final avalanche (xor-shift, multiply)
** spreads every input bit over the result.  The constants are the spec's
** five 64-bit primes.
*/
#include "newslua/nl_hash.h"

#include <string.h>

#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

static uint64_t rotl(uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}

/* Little-endian loads: one memcpy where the host is little-endian, bytes
** assembled in order anywhere else. */
static uint64_t le64(const unsigned char *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
#else
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
         (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
         (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
#endif
}

static uint64_t le32(const unsigned char *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
#else
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
         (uint64_t)p[3] << 24;
#endif
}

static uint64_t round64(uint64_t acc, uint64_t word) {
  return rotl(acc + word * P2, 31) * P1;
}

static uint64_t merge(uint64_t acc, uint64_t lane) {
  return (acc ^ round64(0, lane)) * P1 + P4;
}

static void lanes_init(uint64_t v[4]) {
  v[0] = P1 + P2;
  v[1] = P2;
  v[2] = 0;
  v[3] = 0 - P1;
}

/* Every whole stripe of p[0..n) into the lanes; returns the bytes used. */
static size_t stripes(uint64_t v[4], const unsigned char *p, size_t n) {
  size_t i = 0;
  uint64_t a = v[0], b = v[1], c = v[2], d = v[3];
  for (; i + 32 <= n; i += 32) {
    a = round64(a, le64(p + i));
    b = round64(b, le64(p + i + 8));
    c = round64(c, le64(p + i + 16));
    d = round64(d, le64(p + i + 24));
  }
  v[0] = a, v[1] = b, v[2] = c, v[3] = d;
  return i;
}

/* The hash of `total` bytes: the lanes (if total >= 32) or the seed's
** start, then the tail p[0..n) (n < 32), then the avalanche. */
static uint64_t finish(const uint64_t v[4], uint64_t total,
                       const unsigned char *p, size_t n) {
  uint64_t h;
  size_t i = 0;
  if (total >= 32) {
    h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
    h = merge(merge(merge(merge(h, v[0]), v[1]), v[2]), v[3]);
  } else {
    h = P5;
  }
  h += total;
  for (; i + 8 <= n; i += 8)
    h = rotl(h ^ round64(0, le64(p + i)), 27) * P1 + P4;
  if (i + 4 <= n) {
    h = rotl(h ^ le32(p + i) * P1, 23) * P2 + P3;
    i += 4;
  }
  for (; i < n; i++)
    h = rotl(h ^ p[i] * P5, 11) * P1;
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  return h ^ (h >> 32);
}

/* See nl_hash.h. */
uint64_t nl_hash64(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  uint64_t v[4];
  size_t used;
  lanes_init(v);
  if (!n) return finish(v, 0, p, 0);
  used = stripes(v, p, n);
  return finish(v, n, p + used, n - used);
}

/* See nl_hash.h. */
void nl_hash64_init(nl_hash64_state *h) {
  memset(h, 0, sizeof *h);
  lanes_init(h->lane);
}

/* See nl_hash.h.  Completes the buffered stripe first, then takes whole
** stripes straight from s, and buffers what is left. */
void nl_hash64_update(nl_hash64_state *h, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  if (!n) return;
  h->total += n;
  if (h->nstripe) {
    size_t k = 32 - h->nstripe < n ? 32 - h->nstripe : n;
    memcpy(h->stripe + h->nstripe, p, k);
    h->nstripe += k;
    p += k;
    n -= k;
    if (h->nstripe < 32) return;
    stripes(h->lane, h->stripe, 32);
    h->nstripe = 0;
  }
  if (n >= 32) {
    size_t used = stripes(h->lane, p, n);
    p += used;
    n -= used;
  }
  if (n) memcpy(h->stripe, p, n);
  h->nstripe = n;
}

/* See nl_hash.h. */
uint64_t nl_hash64_final(const nl_hash64_state *h) {
  return finish(h->lane, h->total, h->stripe, h->nstripe);
}

/* See nl_hash.h. */
void nl_hash64_hex(uint64_t h, char hex[17]) {
  static const char digit[] = "0123456789abcdef";
  int i;
  for (i = 15; i >= 0; i--, h >>= 4)
    hex[i] = digit[h & 15];
  hex[16] = '\0';
}

/* See nl_hash.h.  Eight bytes a round (the same byte-serial FNV-1a,
** fewer loop steps). */
uint64_t nl_fnv64_update(uint64_t h, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  const uint64_t p = NL_FNV64_PRIME;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    h = (h ^ u[i]) * p;
    h = (h ^ u[i + 1]) * p;
    h = (h ^ u[i + 2]) * p;
    h = (h ^ u[i + 3]) * p;
    h = (h ^ u[i + 4]) * p;
    h = (h ^ u[i + 5]) * p;
    h = (h ^ u[i + 6]) * p;
    h = (h ^ u[i + 7]) * p;
  }
  for (; i < n; i++)
    h = (h ^ u[i]) * p;
  return h;
}

/* See nl_hash.h. */
uint64_t nl_fnv64(const char *s, size_t n) {
  return nl_fnv64_update(NL_FNV64_INIT, s, n);
}
