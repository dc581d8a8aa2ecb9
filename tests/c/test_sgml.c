/* Tests for the Reuters-21578 SGML loader on tests/data/sgml/reut-mini.sgm
** (three hand-made documents: a normal story with references and a
** Latin-1 byte, a BRIEF with junk after its DATE, an UNPROC story with an
** impossible time). */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_load.h"

typedef struct all {
  nl_article *a[4];
  size_t n;
} all;

static int keep(void *ctx, nl_article *a) {
  all *x = ctx;
  if (x->n < 4)
    x->a[x->n++] = a;
  else
    nl_article_free(a);
  return 0;
}

static const char *str(const char *s) {
  return s ? s : "(null)";
}

static size_t count_meta(const nl_article *a, const char *key) {
  size_t i, k = 0;
  for (i = 0; i < a->n_meta; i++)
    k += !strcmp(a->meta[i].key, key);
  return k;
}

static void test_docs(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  nl_article *a;
  size_t i;
  memset(&x, 0, sizeof x);
  NL_CHECK(nl_load_file(NL_TEST_DATA "/sgml/reut-mini.sgm", NULL, keep, &x,
                        &err) == NL_OK,
           "load: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 3, "three documents");
  if (x.n < 3) return;
  a = x.a[0];
  NL_CHECK_STR_EQ(a->id, "reut-mini#1", "id from NEWID");
  NL_CHECK_STR_EQ(a->format, "sgml", "format");
  NL_CHECK_STR_EQ(str(a->source), "Reuters", "source");
  NL_CHECK_STR_EQ(str(a->title), "BAHIA COCOA REVIEW", "title");
  NL_CHECK_STR_EQ(str(a->published), "1987-02-26T15:01:01", "date");
  NL_CHECK_STR_EQ(str(a->published_evidence), "DATE '26-FEB-1987 15:01:01.79'",
                  "evidence");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "dateline")), "SALVADOR, Feb 26",
                  "dateline");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "topics")), "cocoa", "topic");
  NL_CHECK_INT_EQ(count_meta(a, "places"), 2, "two places");
  NL_CHECK_INT_EQ(count_meta(a, "people"), 0, "no people");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "oldid")), "5544", "oldid");
  NL_CHECK_INT_EQ(a->n_paragraphs, 3, "indented lines start paragraphs");
  NL_CHECK_STR_EQ(a->body,
                  "Showers continued throughout the week in the Bahia cocoa "
                  "zone, alleviating the drought since early January, "
                  "Comissaria Smith said in its weekly review.\n\n"
                  "The dry period means the temporao will be late this year "
                  "<BAHIA> & co.\n\nSales of cocoa at the caf\xc3\xa9 were "
                  "light.",
                  "body: refs decoded, Reuter sign-off gone, byte repaired");
  NL_CHECK_INT_EQ(a->repaired_bytes, 1, "Latin-1 byte counted");

  a = x.a[1];
  NL_CHECK_STR_EQ(a->id, "reut-mini#2", "id 2");
  NL_CHECK_STR_EQ(str(a->title), "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT",
                  "BRIEF title decoded, stars outside");
  NL_CHECK_STR_EQ(str(a->published), "1987-03-02T09:30",
                  "junk after the time ignored");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "text_type")), "BRIEF", "type");
  NL_CHECK_INT_EQ(a->body_len, 0, "a BRIEF has no body");
  NL_CHECK_INT_EQ(a->n_warnings, 0, "no warning");

  a = x.a[2];
  NL_CHECK_STR_EQ(str(a->published), "1987-03-31", "day kept");
  NL_CHECK_INT_EQ(a->n_warnings, 1, "one warning");
  if (a->n_warnings)
    NL_CHECK(strstr(a->warnings[0], "reut-mini.sgm:40: time in DATE "
                                    "'31-MAR-1987 605:12:19.12' is "
                                    "impossible") != NULL,
             "warning names line 40: %s", a->warnings[0]);
  NL_CHECK_STR_EQ(a->body,
                  "FEDERAL RESERVE WEEKLY REPORT - MAR 31\n\nTwo weeks ended "
                  "Mar 25 daily avgs-mlns\n\nNet free reserves 644 vs 1,337",
                  "UNPROC text is the body");
  NL_CHECK_STR_EQ(str(nl_article_meta(a, "people")), "james-baker", "people");
  for (i = 0; i < x.n; i++)
    nl_article_free(x.a[i]);
}

static void test_broken(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  nl_load_opts o = NL_LOAD_OPTS_INIT;
  const char *cut = "<REUTERS NEWID=\"7\">\n<DATE>1-MAR-1987 10:00:00.00</DATE>"
                    "\n<TEXT><TITLE>CUT SHORT</TITLE><BODY>Half a sto";
  const char *none = "<REUTERSX>nothing</REUTERSX>";
  size_t i;
  memset(&x, 0, sizeof x);
  NL_CHECK(nl_load_buffer(cut, strlen(cut), "cut.sgm", NULL, keep, &x, &err) ==
               NL_OK,
           "truncated file still loads");
  NL_CHECK_INT_EQ(x.n, 1, "the partial document");
  if (x.n) {
    NL_CHECK_STR_EQ(str(x.a[0]->title), "CUT SHORT", "partial title");
    NL_CHECK_STR_EQ(x.a[0]->body, "Half a sto", "partial body");
  }
  for (i = 0; i < x.n; i++)
    nl_article_free(x.a[i]);
  memset(&x, 0, sizeof x);
  o.format = NL_FORMAT_SGML;
  NL_CHECK(nl_load_buffer(none, strlen(none), "none.sgm", &o, keep, &x, &err) ==
               NL_EPARSE,
           "no document");
  NL_CHECK_STR_EQ(err.msg, "none.sgm: no <REUTERS> element found", "message");
}

/* A DATELINE that goes on past the " - " after its date holds the story's
** first words (Reuters-21578 NEWID 313, 2014, 4660, 5330): they start the
** body, joined as the DATELINE left them, and the dateline is the place
** and date alone (they were lost: the body began "and oil-bearing"). */
static void test_dateline_lead(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  size_t i;
  const char *doc =
      "<REUTERS NEWID=\"313\">\n<TEXT>\n<TITLE>DUTCH OILSEEDS</TITLE>\n"
      "<DATELINE>    THE HAGUE, March 2 - Dutch imports of fat- </DATELINE>"
      "<BODY>and oil-bearing\nraw materials rose.\n    Exports fell.\n Reuter\n"
      "&#3;</BODY></TEXT>\n</REUTERS>\n"
      "<REUTERS NEWID=\"2014\">\n<TEXT>\n<TITLE>PIPELINE</TITLE>\n"
      "<DATELINE>    ANKARA, March 8 - Engineers are working to repair the "
      "Iraq-</DATELINE><BODY>Turkey oil pipeline.\n Reuter\n</BODY></TEXT>\n"
      "</REUTERS>\n"
      "<REUTERS NEWID=\"4660\">\n<TEXT>\n<TITLE>PROFIT</TITLE>\n"
      "<DATELINE>    STOCKHOLM, Mar 5 - Group profit after net financial "
      "items -</DATELINE><BODY>133.5 mln crowns vs 101 mln.\n Reuter\n"
      "</BODY></TEXT>\n</REUTERS>\n"
      "<REUTERS NEWID=\"5330\">\n<TEXT>\n<TITLE>DIV</TITLE>\n"
      "<DATELINE>    OKLAHOMA CITY, Okla. March 11, Reuter - </DATELINE>"
      "<BODY>State Banking\nCommissioner spoke.\n Reuter\n</BODY></TEXT>\n"
      "</REUTERS>\n";
  memset(&x, 0, sizeof x);
  NL_CHECK(nl_load_buffer(doc, strlen(doc), "lead.sgm", NULL, keep, &x, &err) ==
               NL_OK,
           "load: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 4, "four documents");
  if (x.n < 4) return;
  NL_CHECK_STR_EQ(x.a[0]->body,
                  "Dutch imports of fat- and oil-bearing raw materials "
                  "rose.\n\nExports fell.",
                  "the DATELINE's words start the body");
  NL_CHECK_INT_EQ(x.a[0]->n_paragraphs, 2, "in its first paragraph");
  NL_CHECK_STR_EQ(str(nl_article_meta(x.a[0], "dateline")),
                  "THE HAGUE, March 2", "the dateline is place and date");
  NL_CHECK_STR_EQ(x.a[1]->body,
                  "Engineers are working to repair the Iraq-Turkey oil "
                  "pipeline.",
                  "a word cut at its hyphen is whole again");
  NL_CHECK_STR_EQ(str(nl_article_meta(x.a[1], "dateline")), "ANKARA, March 8",
                  "dateline 2");
  NL_CHECK_STR_EQ(x.a[2]->body,
                  "Group profit after net financial items - 133.5 mln "
                  "crowns vs 101 mln.",
                  "a dash keeps its space");
  NL_CHECK_STR_EQ(x.a[3]->body, "State Banking Commissioner spoke.",
                  "a dateline with nothing after its separator: body as is");
  NL_CHECK_STR_EQ(str(nl_article_meta(x.a[3], "dateline")),
                  "OKLAHOMA CITY, Okla. March 11, Reuter",
                  "and the dateline as written");
  for (i = 0; i < x.n; i++)
    nl_article_free(x.a[i]);
}

/* The review's cases: a word cut at its hyphen before a space goes on in
** the body (NEWID 47 "anti- " + "inflation"), a conjunction keeps the
** space ("Vereins- und"); a word that only starts like a month is none
** ("Decline 2"); a story with no BODY keeps the words its DATELINE held. */
static void test_dateline_join(void) {
  all x;
  nl_error err = NL_ERROR_INIT;
  size_t i;
  const char *doc =
      "<REUTERS NEWID=\"47\">\n<TEXT>\n<TITLE>CRUZADO</TITLE>\n"
      "<DATELINE>    RIO DE JANEIRO, Feb 26 - Brazil's \"Cruzado\" anti- "
      "</DATELINE><BODY>inflation\nplan failed.\n Reuter\n</BODY></TEXT>\n"
      "</REUTERS>\n"
      "<REUTERS NEWID=\"1498\">\n<TEXT>\n<TITLE>BANK</TITLE>\n"
      "<DATELINE>    HAMBURG, March 4 - Vereins- </DATELINE><BODY>und "
      "Westbank AG plans cuts.\n Reuter\n</BODY></TEXT>\n</REUTERS>\n"
      "<REUTERS NEWID=\"9\">\n<TEXT>\n<TITLE>STOCKS</TITLE>\n"
      "<DATELINE>    NEW YORK, Decline 2 - shares fell</DATELINE><BODY>"
      "sharply.\n Reuter\n</BODY></TEXT>\n</REUTERS>\n"
      "<REUTERS NEWID=\"10\">\n<TEXT TYPE=\"BRIEF\">\n<TITLE>PRICES"
      "</TITLE>\n<DATELINE>    LONDON, March 3 - Prices rose</DATELINE>"
      "</TEXT>\n</REUTERS>\n";
  memset(&x, 0, sizeof x);
  NL_CHECK(nl_load_buffer(doc, strlen(doc), "join.sgm", NULL, keep, &x, &err) ==
               NL_OK,
           "load: %s", err.msg);
  NL_CHECK_INT_EQ(x.n, 4, "four documents");
  if (x.n < 4) return;
  NL_CHECK_STR_EQ(x.a[0]->body,
                  "Brazil's \"Cruzado\" anti-inflation plan failed.",
                  "anti- + inflation: one word");
  NL_CHECK_STR_EQ(x.a[1]->body, "Vereins- und Westbank AG plans cuts.",
                  "before und the space stays");
  NL_CHECK_STR_EQ(x.a[2]->body, "sharply.", "Decline is no month");
  NL_CHECK_STR_EQ(str(nl_article_meta(x.a[2], "dateline")),
                  "NEW YORK, Decline 2 - shares fell", "dateline as written");
  NL_CHECK(x.a[3]->body && strstr(x.a[3]->body, "Prices rose"),
           "no BODY: the DATELINE's words are the body (got '%s')",
           x.a[3]->body ? x.a[3]->body : "(null)");
  for (i = 0; i < x.n; i++)
    nl_article_free(x.a[i]);
}

int main(void) {
  test_docs();
  test_broken();
  test_dateline_lead();
  test_dateline_join();
  return nl_test_done();
}
