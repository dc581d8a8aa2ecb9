/*
** story_corpus.h -- the generated TimeML stories of test_crash.c and
** test_pubdate.c: article i (version v) under `root`/d<i % 50>, with a
** unique word "tok<i>v<v>", a DCT unless `nodct`, and FILLER_WORDS
** pseudo-random filler words that depend on v (they link articles into
** stories, and a new version links them differently).
*/
#ifndef NL_TEST_STORY_CORPUS_H
#define NL_TEST_STORY_CORPUS_H

#include <stdio.h>
#include <sys/stat.h>

/* Words of filler a second paragraph ends with: ~2.4 KB an article, so
** test_crash.c's corpus (~5.5 MB) is ingested as real folders are, with
** the checkpointer thread (nl_ingest_ckpt.c; it starts at 2 MB of files)
** and several checkpoints a run for the kills to hit. */
#define FILLER_WORDS 340

/* Write article i (version v) under `root` (its folder made if needed). */
static void write_story_in(const char *root, int i, int v, int nodct) {
  char path[256], dct[160] = "";
  FILE *fp;
  unsigned x = (unsigned)i * 2654435761u + (unsigned)v;
  int k;
  snprintf(path, sizeof path, "%s/d%02d", root, i % 50);
  mkdir(path, 0777);
  snprintf(path, sizeof path, "%s/d%02d/a%05d.tml", root, i % 50, i);
  fp = fopen(path, "wb");
  if (!fp) return;
  if (!nodct)
    snprintf(dct, sizeof dct,
             "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" "
             "value=\"2021-%02d-%02d\" functionInDocument=\"CREATION_TIME\""
             ">x</TIMEX3></DCT>\n",
             1 + i % 12, 1 + i % 28);
  fprintf(fp,
          "<?xml version=\"1.0\"?>\n<TimeML>\n<DOCID>a%d</DOCID>\n%s"
          "<TITLE>Article %d version %d</TITLE>\n<TEXT>Story number %d "
          "happened on Friday. The minister met tok%dv%d in Geneva last "
          "week. Talks will resume in March 2022.\n\nA second paragraph "
          "follows with more words about version %d",
          i, dct, i, v, i, i, v, v);
  for (k = 0; k < FILLER_WORDS; k++) {
    x = x * 1103515245u + 12345u;
    fprintf(fp, " f%05x", (x >> 8) & 0xfffff);
  }
  fputs(".</TEXT>\n</TimeML>\n", fp);
  fclose(fp);
}

#endif
