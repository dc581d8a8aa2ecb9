/*
** corpus_files.h -- write_file and write_tml for the tests that build a
** corpus on disk (test_ingest.c, test_ingest_hash.c,
** test_ingest_report.c).  Define
** CORPUS_FILES_DIR (an expression giving the corpus directory) before
** including it.
*/
#ifndef NL_TEST_CORPUS_FILES_H
#define NL_TEST_CORPUS_FILES_H

#include <stdio.h>

/* CORPUS_FILES_DIR/rel holding `text`. */
static inline void write_file(const char *rel, const char *text) {
  char path[256];
  FILE *fp;
  snprintf(path, sizeof path, "%s/%s", CORPUS_FILES_DIR, rel);
  fp = fopen(path, "wb");
  if (!fp) return;
  fputs(text, fp);
  fclose(fp);
}

/* A one-article TimeML file (DCT 2022-01-21). */
static inline void write_tml(const char *rel, const char *title, const char *text) {
  char buf[1024];
  snprintf(buf, sizeof buf,
           "<?xml version=\"1.0\"?>\n<TimeML>\n<DOCID>d</DOCID>\n"
           "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2022-01-21\" "
           "functionInDocument=\"CREATION_TIME\">2022-01-21</TIMEX3></DCT>\n"
           "<TITLE>%s</TITLE>\n<TEXT>%s</TEXT>\n</TimeML>\n",
           title, text);
  write_file(rel, buf);
}

#endif
