/*
** nl_hash.h -- 64-bit hashes of byte strings.
**
** nl_hash64 is the content hash of the store: files.hash (a file's bytes
** as stored on disk, before any gunzip) and articles.content_hash (an
** article's body), both as 16 lowercase hex digits.  It is XXH64 with
** seed 0 (Yann Collet's xxHash, 64-bit variant, as its specification
** xxhash_spec.md defines it; our own implementation, no dependency): four
** independent lanes over 32-byte stripes, so it runs at several bytes a
** cycle where FNV-1a pays one dependent multiply per byte.  Its value
** depends on the bytes alone: the same on every platform and byte order.
** A store made before schema version 6 held FNV-1a values; nl_schema.c
** migrates them.
**
** nl_fnv64 is FNV-1a, byte-serial and slow on long input: kept for the
** article ids it is part of ("<id>~<6 hex of the file path's hash>",
** stored in articles.id), the story word hashes, and for recognising the
** file hashes of stores made before version 6.
**
** Plain functions and a plain value state: no allocation, no errors, safe
** from any thread.
*/
#ifndef NEWSLUA_NL_HASH_H
#define NEWSLUA_NL_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* XXH64 (seed 0) of s[0..n); s may be NULL when n is 0. */
uint64_t nl_hash64(const char *s, size_t n);

/*
** Streaming nl_hash64: nl_hash64_init, then nl_hash64_update over
** consecutive pieces of any sizes, then nl_hash64_final gives the
** nl_hash64 of their concatenation (a file hashed as it is read).  The
** state is a plain value owned by the caller; final does not change it
** (more pieces may follow).
*/
typedef struct nl_hash64_state {
  uint64_t lane[4];         /* the four accumulators */
  uint64_t total;           /* bytes seen */
  unsigned char stripe[32]; /* bytes of an incomplete stripe */
  size_t nstripe;           /* how many (0..31) */
} nl_hash64_state;

void nl_hash64_init(nl_hash64_state *h);
void nl_hash64_update(nl_hash64_state *h, const char *s, size_t n);
uint64_t nl_hash64_final(const nl_hash64_state *h);

/* h as 16 lowercase hex digits and a NUL in hex[17] (the form
** files.hash and articles.content_hash store). */
void nl_hash64_hex(uint64_t h, char hex[17]);

/*
** 64-bit FNV-1a of s[0..n), with newslua's offset basis NL_FNV64_INIT
** (the published 14695981039346656037 lost its last digit early on; the
** ids made with it are stored, so it stays).  Streaming: NL_FNV64_INIT,
** then nl_fnv64_update over consecutive pieces gives the nl_fnv64 of
** their concatenation.
*/
#define NL_FNV64_INIT 1469598103934665603ULL
#define NL_FNV64_PRIME 1099511628211ULL
uint64_t nl_fnv64(const char *s, size_t n);
uint64_t nl_fnv64_update(uint64_t h, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
