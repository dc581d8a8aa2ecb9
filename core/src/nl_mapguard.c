/*
** nl_mapguard.c -- see nl_mapguard.h.
*/
#define _GNU_SOURCE /* MAP_ANONYMOUS, SA_SIGINFO */
#include "nl_mapguard.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The calling thread's guarded mapping (read by the handler, which runs
** on the faulting thread). */
typedef struct guard {
  char *volatile base;
  volatile size_t len;
  volatile sig_atomic_t zeroed;
} guard;

static _Thread_local guard tl_guard;
static struct sigaction prev_action; /* the handler before ours */
static pthread_mutex_t install_mu = PTHREAD_MUTEX_INITIALIZER;

/* Hand a SIGBUS that is not ours to the handler installed before. */
static void chain(int sig, siginfo_t *si, void *uc) {
  if (prev_action.sa_flags & SA_SIGINFO) {
    if (prev_action.sa_sigaction) prev_action.sa_sigaction(sig, si, uc);
    return;
  }
  if (prev_action.sa_handler == SIG_IGN) return;
  if (prev_action.sa_handler != SIG_DFL && prev_action.sa_handler) {
    prev_action.sa_handler(sig);
    return;
  }
  /* the default action: returning re-runs a faulting read, which now
  ** raises the signal with its default action (the process dies); one
  ** sent by kill() is raised again */
  signal(sig, SIG_DFL);
  if (si->si_code <= 0) raise(sig);
}

static void on_sigbus(int sig, siginfo_t *si, void *uc) {
  guard *g = &tl_guard;
  char *a = (char *)si->si_addr, *base = g->base;
  size_t len = g->len;
  if (si->si_code > 0 && base && a >= base && a < base + len) {
    uintptr_t ps = (uintptr_t)sysconf(_SC_PAGESIZE);
    char *page = (char *)((uintptr_t)a & ~(ps - 1));
    if (page < base) page = base;
    if (mmap(page, (size_t)(base + len - page), PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      g->zeroed = 1;
      return; /* the read runs again, on zeros */
    }
  }
  chain(sig, si, uc);
}

/* Put our handler in front of the current one, unless it is there: at
** each guard, so a handler a host set after ours is chained, not lost. */
static void install(void) {
  struct sigaction cur, sa;
  pthread_mutex_lock(&install_mu);
  if (sigaction(SIGBUS, NULL, &cur) == 0 &&
      !((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_sigbus)) {
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    prev_action = cur;
    sigaction(SIGBUS, &sa, NULL);
  }
  pthread_mutex_unlock(&install_mu);
}

/* See nl_mapguard.h. */
void nl_mapguard_begin(char *base, size_t len) {
  install();
  tl_guard.zeroed = 0; /* touches the thread's TLS before any signal */
  tl_guard.len = len;
  tl_guard.base = base;
}

/* See nl_mapguard.h. */
int nl_mapguard_end(void) {
  int zeroed = tl_guard.zeroed != 0;
  tl_guard.base = NULL;
  tl_guard.len = 0;
  tl_guard.zeroed = 0;
  return zeroed;
}
