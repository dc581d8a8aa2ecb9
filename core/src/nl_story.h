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

/* Sort a[0..n) and drop duplicates; returns the new count. */
size_t nl_story_uniq(uint64_t *a, size_t n);

/*
** Link n docs given their sorted unique stems terms[i][0..nterms[i]).
** nb (n * NL_STORY_MAX_NB) receives each doc's neighbours in row i, nnb[i]
** their count.  Returns NL_OK or NL_ENOMEM.
*/
nl_status nl_story_link(const uint64_t *const *terms, const size_t *nterms,
                        size_t n, size_t *nb, size_t *nnb, nl_error *err);

#endif
