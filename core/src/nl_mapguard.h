/*
** nl_mapguard.h -- reading a file through mmap survives the file shrinking
** underneath (another process truncating or rewriting it): without a guard
** the next read past its new end raises SIGBUS and the process dies.
**
** While a thread guards its mapping, a SIGBUS inside it maps zero-filled
** pages over the rest of the mapping (from the faulting page to its end)
** and the read goes on: the loader sees NUL bytes where the text was and
** fails as on a damaged file, and nl_mapguard_end tells the caller what
** happened, so it can name the real cause.  A SIGBUS anywhere else goes
** to the handler installed before ours (or kills the process, as it
** would have).  The handler is put in front of the current one at each
** guard (a handler a host sets later is chained, not lost).
*/
#ifndef NL_MAPGUARD_H
#define NL_MAPGUARD_H

#include <stddef.h>

/* Guard reads of the calling thread from base[0..len), a read-only
** private mapping of a file that this thread unmaps only after
** nl_mapguard_end.  One guard per thread at a time (a second replaces
** the first). */
void nl_mapguard_begin(char *base, size_t len);

/* End the calling thread's guard.  Returns 1 if reads past the file's end
** were turned into zeros (the file shrank while mapped), else 0. */
int nl_mapguard_end(void);

#endif
