/*
** Replays the libFuzzer targets' inputs in the normal test suite (no
** clang or libFuzzer needed): every file under tests/fuzz/regressions/<t>/
** (crashes found by fuzzing, kept as regression tests) and
** tests/fuzz/seeds/<t>/, plus every fixture under tests/data through the
** tokenizer, sentence splitter, date tagger and each forced loader format.
** A target that finds a broken contract aborts, which fails this test.
*/
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

/* The targets, each under its own entry-point name. */
#define LLVMFuzzerTestOneInput fuzz_tokenize_one
#include "../fuzz/fuzz_tokenize.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_sentence_one
#include "../fuzz/fuzz_sentence.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_timex_one
#include "../fuzz/fuzz_timex.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_load_one
#include "../fuzz/fuzz_load.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_search_one
#include "../fuzz/fuzz_search.c"
#undef LLVMFuzzerTestOneInput

typedef int (*target_fn)(const uint8_t *data, size_t size);

static const struct {
  const char *name;
  target_fn fn;
} targets[] = {{"tokenize", fuzz_tokenize_one},
               {"sentence", fuzz_sentence_one},
               {"timex", fuzz_timex_one},
               {"load", fuzz_load_one},
               {"search", fuzz_search_one}};

#define NTARGETS (sizeof targets / sizeof *targets)

/* Read a whole file (NULL if it cannot be read or is over 1 MiB). */
static uint8_t *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf;
  long n;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > (1 << 20) ||
      fseek(f, 0, SEEK_SET)) {
    fclose(f);
    return NULL;
  }
  buf = malloc((size_t)n + 2);
  if (buf) *len = fread(buf + 1, 1, (size_t)n, f);
  fclose(f);
  return buf;
}

/*
** Run `fn` on every regular file under `dir` (recursively).  With
** `prefix` >= 0 the file is passed as is; otherwise each byte value
** 0..prefix_max is prepended in turn (the targets' option byte).
** Returns the number of inputs run.
*/
static int replay_dir(const char *dir, target_fn fn, int prefix_max) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int runs = 0;
  if (!d) return 0;
  while ((e = readdir(d)) != NULL) {
    char path[1024];
    struct stat st;
    uint8_t *buf;
    size_t len = 0;
    int b;
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (stat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      runs += replay_dir(path, fn, prefix_max);
      continue;
    }
    if (!S_ISREG(st.st_mode) || !(buf = slurp(path, &len))) continue;
    if (prefix_max < 0) {
      fn(buf + 1, len);
      runs++;
    } else {
      for (b = 0; b <= prefix_max; b++) {
        buf[0] = (uint8_t)b;
        fn(buf, len + 1);
        runs++;
      }
    }
    free(buf);
  }
  closedir(d);
  return runs;
}

static void test_regressions_and_seeds(void) {
  size_t i;
  for (i = 0; i < NTARGETS; i++) {
    char dir[512];
    int runs;
    snprintf(dir, sizeof dir, "%s/tests/fuzz/regressions/%s", NL_SOURCE_DIR,
             targets[i].name);
    runs = replay_dir(dir, targets[i].fn, -1);
    snprintf(dir, sizeof dir, "%s/tests/fuzz/seeds/%s", NL_SOURCE_DIR,
             targets[i].name);
    runs += replay_dir(dir, targets[i].fn, -1);
    NL_CHECK(1, "%s: %d regression/seed inputs replayed", targets[i].name,
             runs);
  }
}

static void test_fixtures(void) {
  int runs;
  /* option byte: tokenize 0..15 covers stem/diacritics x 4 modes */
  runs = replay_dir(NL_TEST_DATA, fuzz_tokenize_one, 15);
  NL_CHECK(runs > 0, "tokenize: %d fixture runs", runs);
  runs = replay_dir(NL_TEST_DATA, fuzz_sentence_one, -1);
  NL_CHECK(runs > 0, "sentence: %d fixture runs", runs);
  runs = replay_dir(NL_TEST_DATA, fuzz_timex_one, 3);
  NL_CHECK(runs > 0, "timex: %d fixture runs", runs);
  /* load: 0 sniffs, 1..NL_FORMAT_COUNT-1 force each format */
  runs = replay_dir(NL_TEST_DATA, fuzz_load_one, NL_FORMAT_COUNT - 1);
  NL_CHECK(runs > 0, "load: %d fixture runs (every format)", runs);
}

int main(void) {
  test_regressions_and_seeds();
  test_fixtures();
  nl_db_close(db);
  for (size_t i = 0; i < 4; i++)
    nl_tokenizer_free(tokenizers[i]);
  return nl_test_done();
}
