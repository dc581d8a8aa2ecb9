/*
** nl_story.h -- content words and story linking (private; used by the
** publication-date reconciler).
**
** Words are hashed stems: lowercased, possessive and plural folded, cut to
** five bytes ("Russia"/"Russian", "talk"/"talks"), stop words and time
** words dropped.  Two articles tell the same story when they share enough
** of their rarest terms.
*/
#ifndef NEWSLUA_NL_STORY_H
#define NEWSLUA_NL_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "newslua/nl_error.h"

#define NL_STORY_MAX_NB 16 /* neighbours kept per article */

/*
** Append the stem hashes of s[0..n) to (*w, *nw), growing the array
** (capacity *cap) with nl_realloc.  Returns NL_OK or NL_ENOMEM (the array
** keeps what was appended; the caller frees it).
*/
nl_status nl_story_words(const char *s, size_t n, uint64_t **w, size_t *nw,
                         size_t *cap);

/* One body's unique story words (w[0..n), capacity cap, nl_realloc'd). */
typedef struct nl_story_set {
  uint64_t *w;
  size_t n, cap;
} nl_story_set;

/*
** The sets of body[0..n) (len[i] bytes each; a NULL body has none) into
** out[0..n): out[i] gets what nl_story_words and then nl_story_unique
** give for body[i], its array reused and grown as needed.  A batch of
** 64 KiB or more is split over this thread and one helper thread, each
** taking about half the bytes (nl_story_many.c).  Returns NL_OK or
** NL_ENOMEM (the sets then hold what was made; free them as usual).
*/
nl_status nl_story_words_many(const char *const *body, const size_t *len,
                              size_t n, nl_story_set *out);

/* Free the arrays of s[0..n) and zero the sets. */
void nl_story_sets_free(nl_story_set *s, size_t n);

/* Sort a[0..n) and drop duplicates; returns the new count. */
size_t nl_story_uniq(uint64_t *a, size_t n);

/* Drop duplicates from a[0..n) keeping first occurrences (not sorted;
** faster than nl_story_uniq); returns the new count. */
size_t nl_story_unique(uint64_t *a, size_t n);

/*
** A link's strength: how many of the rarest terms that found it the two
** docs share (ST_MIN_SHARED .. 24), or NL_STORY_COPY for a near copy or
** a twin (the same article).  The linkers below give it along each list
** when asked (str not NULL), so a reader can tell a story's core from the
** docs that share a few names with it.
*/
#define NL_STORY_COPY 0

/*
** Link n docs given their sorted unique stems terms[i][0..nterms[i]).
** nb (n * NL_STORY_MAX_NB) receives each doc's neighbours in row i, nnb[i]
** their count; str (NULL, or room for n * NL_STORY_MAX_NB) the strength of
** each, at the same place.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_story_link(const uint64_t *const *terms, const size_t *nterms,
                        size_t n, size_t *nb, size_t *nnb, unsigned char *str,
                        nl_error *err);

/*
** Story linking over a corpus too big to hold: the docs are streamed twice
** in the same order (0, 1, ...).  Pass 1 (nl_story_scan_count) counts
** document frequencies in a fixed sketch (16 MiB; colliding terms share a
** count); pass 2 (nl_story_scan_add) keeps only the rare terms of each doc
** (2 <= df <= cap, the cap lowered below 64 when the postings would exceed
** max_postings); nl_story_scan_link then links as nl_story_link does (each
** doc's rarest terms, at least 4 shared), recording neighbours only for
** the docs that want them.  Memory: 16 MiB + 12 bytes per kept posting +
** 12 bytes per doc + 64 bytes per wanting doc.
*/
typedef struct nl_story_scan nl_story_scan;

/* A new scan (release with nl_story_scan_free).  NULL on OOM. */
nl_story_scan *nl_story_scan_new(size_t max_postings);
void nl_story_scan_free(nl_story_scan *s);

/* Pass 1: the unique terms of the next doc (any order). */
void nl_story_scan_count(nl_story_scan *s, const uint64_t *t, size_t nt);

/* Pass 2: the same doc's terms again (call nl_story_scan_count for every
** doc first).  Returns NL_OK or NL_ENOMEM. */
nl_status nl_story_scan_add(nl_story_scan *s, const uint64_t *t, size_t nt);

/*
** A doc's pass-1 terms kept for pass 2 in a quarter of their size: the
** sketch slots of those that can still be rare -- a term already counted
** in more than ST_DF_CAP docs never is -- in their order, into out
** (room for nt).  Returns how many.  Pass 2 then takes them with
** nl_story_scan_add_slots, which keeps exactly what nl_story_scan_add
** keeps of the terms.  nl_story_scan_prune drops from slots[0..n) those
** counted in more than ST_DF_CAP docs since, keeping the order; returns
** how many are left.
*/
size_t nl_story_scan_slots(const nl_story_scan *s, const uint64_t *t,
                           size_t nt, uint32_t *out);
size_t nl_story_scan_prune(const nl_story_scan *s, uint32_t *slots,
                           size_t n);
nl_status nl_story_scan_add_slots(nl_story_scan *s, const uint32_t *sl,
                                  size_t n);

/*
** Link the docs of pass 2: for each doc i with want[i], nb[nb_off[i] ..
** nb_off[i + 1]) receives its neighbours (at most NL_STORY_MAX_NB, in doc
** order); nb_off has ndocs + 1 entries; with str not NULL, *str receives
** the strength of each neighbour, at its place in nb.  The arrays are
** allocated with nl_malloc (caller frees).  The postings are released.
** Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_story_scan_link(nl_story_scan *s, const char *want,
                             uint32_t **nb_off, uint32_t **nb,
                             unsigned char **str, nl_error *err);

/*
** nl_story_scan_link, and also the docs j with grow[j] that a link joins
** to a doc with from[i] -- any link, before each list keeps its best
** NL_STORY_MAX_NB: the docs whose own list may hold such a doc -- get
** their lists as wanted docs do, and joined[j] = 1 (joined[0 .. ndocs)
** receives 0 or 1; a doc already wanted does not join).  One step only:
** a doc that joined makes no other join.  The docs from `nreal` on (added
** last) are seeds only: the words of articles that are gone, never wanted
** and never on a list.  The link costs a second walk over every doc's
** rarest terms.
*/
nl_status nl_story_scan_link_grow(nl_story_scan *s, const char *want,
                                  const char *from, const char *grow,
                                  char *joined, size_t nreal,
                                  uint32_t **nb_off, uint32_t **nb,
                                  unsigned char **str, nl_error *err);

/* Docs seen by pass 2, and the rarity cap it used. */
size_t nl_story_scan_ndocs(const nl_story_scan *s);
unsigned nl_story_scan_cap(const nl_story_scan *s);

/*
** Twins (nl_story_twins.c): docs with the same text, such as a page saved
** twice or one wire story in two folders.  Linking takes a set of
** twins as one doc: only the first of them (its representative) is
** counted, linked and listed as a neighbour, so copies neither make each
** other's terms look common (which hid their story behind the copy) nor
** fill the neighbour lists, and the same text never vouches for itself.
** Every twin then gets its representative's neighbours, an undated twin
** also its dated twins (the same article, with a date).  Callers give a
** twin no terms (nl_story_link: nterms 0; nl_story_scan_count: not
** called; nl_story_scan_add: nt 0), ask for the representative's list
** when a twin wants one, then call nl_story_twin_links.
*/
#define NL_STORY_TWIN_MIN 4 /* smaller word sets are never twins */

/*
** The twin key of a doc with nt unique terms and body hash body_hash
** (nl_hash64 of its text; the store keeps it as content_hash): the hash,
** or 0 (never a twin: too few terms to link anyway) when nt <
** NL_STORY_TWIN_MIN.  The text, not the word set: story words drop
** figures, dates and stop words, so reports that differ only in their
** figures (a weekly bill auction, dividend notices) share a word set.
*/
uint64_t nl_story_twin_key(size_t nt, uint64_t body_hash);

/* A table from twin key to the first doc that had it (release with
** nl_story_twins_free; 12 bytes a slot, 2 to 4 slots a doc -- kept at
** most half full, doubled -- and 6 while it doubles).  NULL on OOM. */
typedef struct nl_story_twins nl_story_twins;
nl_story_twins *nl_story_twins_new(void);
void nl_story_twins_free(nl_story_twins *t);

/* Doc `doc` has twin key fp: *rep receives the first doc added with fp,
** or doc itself (a new key, or fp 0).  NL_OK or NL_ENOMEM (*rep is
** doc). */
nl_status nl_story_twins_add(nl_story_twins *t, uint64_t fp, uint32_t doc,
                             uint32_t *rep);

/*
** The neighbour lists (*off, *nb) of n docs linked without their twins
** (as nl_story_scan_link gives them; rep[i] is doc i's representative, i
** itself for a doc with no earlier twin) become the lists with twins:
** each doc with want[i] (want NULL: all) gets its dated twins first when
** dated[i] is 0, then rep[i]'s neighbours, at most NL_STORY_MAX_NB, in doc
** order.  Unchanged when no doc has a twin.  With str not NULL, *str
** holds the strengths of *nb and is rebuilt with the lists (a dated twin
** is NL_STORY_COPY).  NL_OK, or NL_ENOMEM with the lists unchanged.
*/
nl_status nl_story_twin_links(const uint32_t *rep, size_t n, const char *want,
                              const char *dated, uint32_t **off,
                              uint32_t **nb, unsigned char **str);

#endif
