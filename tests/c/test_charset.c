/* Tests for legacy charsets (nl_charset.c) and the loaders that read
** undeclared text with them: text, SGML, XML feeds, HTML.  Each sample
** is a UTF-8 sentence pair written for this test, encoded with iconv
** into the charset under test; what must hold is that the guessed
** charset decodes it back to the same UTF-8, and that Western text, a
** few stray bytes and UTF-8 with a bad byte keep the Windows-1252
** reading they had before. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "newslua/nl_load.h"
#include "nl_charset.h"

typedef struct sample {
  const char *charset; /* iconv name to encode with */
  const char *want;    /* uchardet's name for it, NULL: any that decodes */
  const char *text;    /* UTF-8 */
} sample;

static const sample legacy[] = {
    {"KOI8-R", "KOI8-R",
     "Правительство в среду объявило о повышении расходов на образование. "
     "Министр сообщила, что решение было принято после долгих переговоров "
     "с учителями."},
    {"WINDOWS-1251", "WINDOWS-1251",
     "Правительство в среду объявило о повышении расходов на образование. "
     "Министр сообщила, что решение было принято после долгих переговоров "
     "с учителями."},
    {"IBM866", "IBM866",
     "Правительство в среду объявило о повышении расходов на образование. "
     "Министр сообщила, что решение было принято после долгих переговоров "
     "с учителями."},
    {"ISO-8859-7", "ISO-8859-7",
     "Η κυβέρνηση ανακοίνωσε την Τετάρτη ότι θα αυξήσει τις δαπάνες για την "
     "εκπαίδευση. Η υπουργός είπε ότι η απόφαση ελήφθη μετά από μακρές "
     "διαπραγματεύσεις."},
    {"WINDOWS-1255", "WINDOWS-1255",
     "הממשלה הודיעה ביום רביעי כי תגדיל את ההוצאות על חינוך. השרה אמרה כי "
     "ההחלטה התקבלה לאחר משא ומתן ארוך עם המורים."},
    {"TIS-620", "TIS-620",
     "รัฐบาลประกาศเมื่อวันพุธว่าจะเพิ่มงบประมาณด้านการศึกษา "
     "รัฐมนตรีกล่าวว่าการตัดสินใจเกิดขึ้นหลังการเจรจาอันยาวนานกับครู"},
    {"SHIFT_JIS", "SHIFT_JIS",
     "政府は水曜日、教育への支出を増やすと発表した。大臣は、教員との長い交渉"
     "の末に決定したと述べた。"},
    {"EUC-JP", "EUC-JP",
     "政府は水曜日、教育への支出を増やすと発表した。大臣は、教員との長い交渉"
     "の末に決定したと述べた。"},
    {"GB18030", "GB18030",
     "政府周三宣布将增加教育支出。部长表示，这一决定是在与教师进行长时间谈判"
     "后做出的。"},
    {"BIG5", "BIG5",
     "政府週三宣布將增加教育支出。部長表示，這一決定是在與教師進行長時間談判"
     "後做出的。"},
    {"EUC-KR", NULL, /* uchardet says UHC, its superset */
     "정부는 수요일 교육 예산을 늘리겠다고 발표했다. 장관은 교사들과의 오랜 "
     "협상 끝에 결정이 내려졌다고 말했다."},
    {"WINDOWS-1250", "WINDOWS-1250",
     "Rząd ogłosił w środę, że zwiększy wydatki na edukację. Minister "
     "powiedziała, że decyzja została podjęta po długich negocjacjach z "
     "nauczycielami."},
};

/* Western text: read as Windows-1252, as before (no guess). */
static const char *const western[] = {
    "Le président a déclaré à la presse que la réunion était très "
    "importante pour l'économie française et européenne.",
    "Die Bundesregierung hat am Dienstag beschlossen, die Fördermittel für "
    "Schulen zu erhöhen. Der Minister äußerte sich zufrieden.",
    "El gobierno español anunció el miércoles que aumentará la inversión en "
    "educación. La ministra explicó la decisión.",
};

/* s (UTF-8) in charset cs, malloc'd, in *n; NULL if iconv refuses. */
static char *encode(const char *s, const char *cs, size_t *n) {
  iconv_t cd = iconv_open(cs, "UTF-8");
  size_t inleft = strlen(s), cap = inleft * 2 + 16, outleft = cap;
  char *out, *o, *in = (char *)(size_t)s;
  if (cd == (iconv_t)-1) return NULL;
  out = o = malloc(cap);
  if (!out || iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
    iconv_close(cd);
    free(out);
    return NULL;
  }
  iconv_close(cd);
  *n = (size_t)(o - out);
  return out;
}

static void test_guess_and_decode(void) {
  size_t i;
  for (i = 0; i < sizeof legacy / sizeof *legacy; i++) {
    const sample *t = &legacy[i];
    size_t n = 0;
    char *b = encode(t->text, t->charset, &n);
    const char *cs;
    nl_buf out = NL_BUF_INIT;
    NL_CHECK(b != NULL, "%s: iconv encodes the sample", t->charset);
    if (!b) continue;
    cs = nl_charset_guess(b, n);
    NL_CHECK(cs != NULL, "%s: a charset is told", t->charset);
    if (cs && t->want) NL_CHECK_STR_EQ(cs, t->want, t->charset);
    if (cs) {
      NL_CHECK_INT_EQ(nl_charset_decode(&out, cs, b, n), 0, t->charset);
      NL_CHECK_STR_EQ(out.data ? out.data : "", t->text, t->charset);
    }
    nl_buf_free(&out);
    free(b);
  }
}

static void test_western_stays(void) {
  size_t i, n = 0;
  char *b;
  for (i = 0; i < sizeof western / sizeof *western; i++) {
    b = encode(western[i], "WINDOWS-1252", &n);
    NL_CHECK(b && nl_charset_guess(b, n) == NULL, "Western text %zu", i);
    free(b);
  }
  /* too few bytes to tell */
  {
    const char *stray = "Caf\xe9 de la Paix, \xe9t\xe9";
    NL_CHECK(nl_charset_guess(stray, strlen(stray)) == NULL,
             "three stray bytes");
  }
  /* UTF-8 with one bad byte: repaired byte by byte, as before */
  b = malloc(strlen(legacy[0].text) + 2);
  if (b) {
    strcpy(b, legacy[0].text);
    strcat(b, "\xff");
    NL_CHECK(nl_charset_guess(b, strlen(b)) == NULL, "UTF-8 and a bad byte");
    free(b);
  }
  NL_CHECK(nl_charset_guess("", 0) == NULL, "empty");
}

static void test_decode_errors(void) {
  nl_buf out = NL_BUF_INIT;
  NL_CHECK_INT_EQ(nl_charset_decode(&out, "NO-SUCH-CHARSET", "abc", 3), -1,
                  "unknown charset");
  NL_CHECK_INT_EQ(out.len, 0, "nothing appended");
  /* a Shift_JIS lead byte cut off at the end */
  NL_CHECK_INT_EQ(nl_charset_decode(&out, "SHIFT_JIS", "ab\x82", 3), 1,
                  "a cut character: one U+FFFD");
  NL_CHECK_STR_EQ(out.data, "ab\xEF\xBF\xBD", "what came before it stays");
  nl_buf_free(&out);
  /* gb2312 is read as GB18030 (pages name the subset, write the superset) */
  NL_CHECK_INT_EQ(nl_charset_decode(&out, "gb2312", "\x81\x30\x81\x30", 4), 0,
                  "a GB18030 four-byte code under the name gb2312");
  NL_CHECK_STR_EQ(out.data ? out.data : "", "\xC2\x80", "U+0080");
  nl_buf_free(&out);
}

/* ---- the loaders -------------------------------------------------------- */

typedef struct got {
  nl_article *a; /* the first */
  size_t n;
} got;

static int keep_first(void *ctx, nl_article *a) {
  got *g = ctx;
  if (g->n++ == 0)
    g->a = a;
  else
    nl_article_free(a);
  return 0;
}

/* Load `len` bytes written to a file named like `name` (its extension
** counts for sniffing): the first article, and the file's message. */
static nl_article *load_bytes(const char *name, const char *data, size_t len,
                              char *msg, size_t cap) {
  char path[256];
  FILE *f;
  got g = {NULL, 0};
  nl_error err = NL_ERROR_INIT;
  nl_status rc;
  snprintf(path, sizeof path, "/tmp/nl_test_charset_%ld_%s", (long)getpid(),
           name);
  f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len) {
    if (f) fclose(f);
    NL_CHECK(0, "write %s: %s", path, strerror(errno));
    return NULL;
  }
  fclose(f);
  rc = nl_load_file(path, NULL, keep_first, &g, &err);
  unlink(path);
  NL_CHECK(rc == NL_OK && g.a, "load %s: %s", name, err.msg);
  snprintf(msg, cap, "%s", err.msg);
  return g.a;
}

/* `before` + s in charset cs + `after`, malloc'd, in *n. */
static char *wrap(const char *before, const char *s, const char *cs,
                  const char *after, size_t *n) {
  size_t m = 0, lb = strlen(before), la = strlen(after);
  char *e = encode(s, cs, &m), *b;
  if (!e) return NULL;
  b = malloc(lb + m + la + 1);
  if (b) {
    memcpy(b, before, lb);
    memcpy(b + lb, e, m);
    memcpy(b + lb + m, after, la + 1);
    *n = lb + m + la;
  }
  free(e);
  return b;
}

/* Load sample t in its charset between `before` and `after`, from a file
** named `name`: the article's body is t's text (or holds it, for a page,
** whose body the extractor chooses), and the file report says `note`
** (NULL: says nothing of a charset). */
static void check_decoded(const char *name, const char *before,
                          const sample *t, const char *after,
                          const char *note) {
  char msg[512];
  size_t n = 0;
  char *b = wrap(before, t->text, t->charset, after, &n);
  nl_article *a = b ? load_bytes(name, b, n, msg, sizeof msg) : NULL;
  if (a && strstr(name, ".html"))
    NL_CHECK(a->body && strstr(a->body, t->text) != NULL,
             "%s: %s decoded: %s", name, t->charset,
             a->body ? a->body : "(no body)");
  else if (a)
    NL_CHECK_STR_EQ(a->body, t->text, name);
  if (a && note)
    NL_CHECK(strstr(msg, note) != NULL, "%s: the file report says '%s': %s",
             name, note, msg);
  else if (a)
    NL_CHECK(strstr(msg, "detected") == NULL, "%s: nothing detected: %s",
             name, msg);
  if (a) nl_article_free(a);
  free(b);
}

static void test_loaders(void) {
  const sample cp1252 = {"WINDOWS-1252", NULL, western[0]};
  check_decoded("koi8.txt", "", &legacy[0], "\n", "read as KOI8-R (detected)");
  check_decoded("r.sgm",
                "<REUTERS NEWID=\"1\"><DATE>26-FEB-1987 15:01:01.79</DATE>"
                "<TEXT><TITLE>T</TITLE><BODY>",
                &legacy[1], "</BODY></TEXT></REUTERS>\n",
                "read as WINDOWS-1251 (detected)");
  check_decoded("sjis.rss",
                "<rss version=\"2.0\"><channel><title>Feed</title><item>"
                "<title>Item</title><description>",
                &legacy[6], "</description></item></channel></rss>\n",
                "read as SHIFT_JIS (detected)");
  check_decoded("gb.html",
                "<html><head><title>News</title></head><body><article>"
                "<h1>Headline</h1><p>",
                &legacy[8], "</p></article></body></html>\n",
                "read as GB18030 (detected)");
  /* Western text: as before, each byte repaired as Windows-1252 */
  check_decoded("fr.txt", "", &cp1252, "\n", NULL);
}

/* The repaired bytes of Western text are said on the article, as before. */
static void test_western_warning(void) {
  char msg[512];
  size_t n = 0;
  char *b = wrap("", western[0], "WINDOWS-1252", "\n", &n);
  nl_article *a = b ? load_bytes("fr.txt", b, n, msg, sizeof msg) : NULL;
  if (a) {
    NL_CHECK(a->n_warnings == 1 &&
                 strstr(a->warnings[0], "read as Windows-1252") != NULL,
             "repaired bytes said");
    nl_article_free(a);
  }
  free(b);
}

int main(void) {
  test_guess_and_decode();
  test_western_stays();
  test_decode_errors();
  test_loaders();
  test_western_warning();
  return nl_test_done();
}
