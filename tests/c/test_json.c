/* Tests for nl_json: the strict pull parser and the string writer. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "newslua/nl_json.h"
#include "nl_alloc.h"

/* Render the event stream of `in` compactly: { } [ ] k:KEY s:STR n:NUM t f
** z(null), separated by spaces; on error "ERR <code> <msg>". */
static void events(const char *in, size_t len, const nl_json_opts *o, char *out,
                   size_t cap) {
  nl_json *p;
  nl_json_event ev;
  nl_error err = NL_ERROR_INIT;
  nl_status rc;
  size_t used = 0;
  out[0] = '\0';
  nl_json_new(in, len, o, &p, NULL);
  while ((rc = nl_json_next(p, &ev, &err)) == NL_OK) {
    const char *t = nl_json_text(p, NULL);
    const char *fmt = ev == NL_JSON_OBJECT_START  ? "{"
                      : ev == NL_JSON_OBJECT_END  ? "}"
                      : ev == NL_JSON_ARRAY_START ? "["
                      : ev == NL_JSON_ARRAY_END   ? "]"
                      : ev == NL_JSON_KEY         ? "k:%s"
                      : ev == NL_JSON_STRING      ? "s:%s"
                      : ev == NL_JSON_NUMBER      ? "n:%s"
                      : ev == NL_JSON_TRUE        ? "t"
                      : ev == NL_JSON_FALSE       ? "f"
                                                  : "z";
    used += (size_t)snprintf(out + used, cap - used, used ? " " : "");
    used += (size_t)snprintf(out + used, cap - used, fmt, t);
    if (used >= cap) return;
  }
  if (rc != NL_DONE)
    snprintf(out + used, cap - used, "%sERR %s %s", used ? " " : "",
             nl_status_name(rc), err.msg);
  nl_json_free(p);
}

static void check(const char *in, const char *want) {
  char got[1024];
  events(in, strlen(in), NULL, got, sizeof got);
  NL_CHECK_STR_EQ(got, want, in);
}

static void test_values(void) {
  check("{\"a\": [1, -2.5e3, true, false, null], \"b\": {}}",
        "{ k:a [ n:1 n:-2.5e3 t f z ] k:b { } }");
  check("  \"x\"  ", "s:x");
  check("[]", "[ ]");
  check("0", "n:0");
  check("", "");
  check("[[[]]]", "[ [ [ ] ] ]");
}

static void test_strings(void) {
  char got[256];
  const char in[] = "\"a\\u0000b\"";
  check("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "s:\"\\/\b\f\n\r\t");
  check("\"caf\\u00e9 \\u20AC\"", "s:caf\xc3\xa9 \xe2\x82\xac");
  /* U+1F600 as a surrogate pair. */
  check("\"\\ud83d\\ude00\"", "s:\xf0\x9f\x98\x80");
  check("\"\xc3\xa9t\xc3\xa9\"", "s:\xc3\xa9t\xc3\xa9");
  {
    nl_json *p;
    nl_json_event ev;
    size_t n;
    nl_json_new(in, sizeof in - 1, NULL, &p, NULL);
    NL_CHECK(nl_json_next(p, &ev, NULL) == NL_OK, "string with NUL");
    NL_CHECK(memcmp(nl_json_text(p, &n), "a\0b", 3) == 0, "NUL kept");
    NL_CHECK_INT_EQ(n, 3, "length counts the NUL");
    nl_json_free(p);
  }
  (void)got;
}

static void test_errors(void) {
  check("{\"a\":1,}", "{ k:a n:1 ERR EPARSE json: trailing comma at byte 7");
  check("[1,]", "[ n:1 ERR EPARSE json: trailing comma at byte 3");
  check("[01]", "[ ERR EPARSE json: leading zero at byte 1");
  check("[1 2]",
        "[ n:1 ERR EPARSE json: expected ',' or a closing bracket at byte 3");
  check("{\"a\" 1}", "{ ERR EPARSE json: expected ':' at byte 5");
  check("{1:2}", "{ ERR EPARSE json: expected a string key at byte 1");
  check("[1}", "[ n:1 ERR EPARSE json: mismatched bracket at byte 2");
  check("\"abc", "ERR EPARSE json: unterminated string at byte 0");
  check("\"a\nb\"", "ERR EPARSE json: control character in string at byte 2");
  check("\"\\ud83d\"", "ERR EPARSE json: lone high surrogate at byte 1");
  check("\"\\ude00\"", "ERR EPARSE json: lone low surrogate at byte 1");
  check("\"\\x\"", "ERR EPARSE json: invalid escape at byte 1");
  check("\"\\u12G4\"", "ERR EPARSE json: invalid \\u escape at byte 1");
  check("\"a\xff\"", "ERR EPARSE json: invalid UTF-8 in string at byte 2");
  check("[1", "[ n:1 ERR EPARSE json: unexpected end of input at byte 2");
  check("1 2", "n:1 ERR EPARSE json: trailing data after the value at byte 2");
  check("NaN", "ERR EPARSE json: unexpected character at byte 0");
  check("tru", "ERR EPARSE json: unexpected character at byte 0");
  check("[.5]", "[ ERR EPARSE json: unexpected character at byte 1");
  check("[1.]", "[ ERR EPARSE json: invalid number at byte 1");
  check("[1e]", "[ ERR EPARSE json: invalid number at byte 1");
  check("/*c*/1", "ERR EPARSE json: unexpected character at byte 0");
}

static void test_opts(void) {
  char got[256], deep[1200];
  nl_json_opts o = NL_JSON_OPTS_INIT;
  o.multiple = 1;
  events("{\"a\":1}\n{\"a\":2}\n", 16, &o, got, sizeof got);
  NL_CHECK_STR_EQ(got, "{ k:a n:1 } { k:a n:2 }", "multiple values");
  o.multiple = 0;
  o.lenient_utf8 = 1;
  events("\"a\xff\"", 4, &o, got, sizeof got);
  NL_CHECK_STR_EQ(got, "s:a\xff", "lenient utf8 passes bytes");
  o.lenient_utf8 = 0;
  o.max_depth = 3;
  events("[[[1]]]", 7, &o, got, sizeof got);
  NL_CHECK_STR_EQ(got, "[ [ [ n:1 ] ] ]", "depth 3 allowed");
  events("[[[[1]]]]", 9, &o, got, sizeof got);
  NL_CHECK_STR_EQ(got,
                  "[ [ [ ERR ELIMIT json: nesting deeper than the limit at "
                  "byte 3",
                  "depth 4 refused");
  /* Default limit 512; 600 nested arrays fail with ELIMIT, no crash. */
  memset(deep, '[', 600);
  memset(deep + 600, ']', 600);
  {
    nl_json *p;
    nl_json_event ev;
    nl_status rc;
    size_t k = 0;
    nl_json_new(deep, 1200, NULL, &p, NULL);
    while ((rc = nl_json_next(p, &ev, NULL)) == NL_OK)
      k++;
    NL_CHECK(rc == NL_ELIMIT, "default depth limit");
    NL_CHECK_INT_EQ(k, 512, "512 levels opened");
    NL_CHECK(nl_json_next(p, &ev, NULL) == NL_ELIMIT, "error is sticky");
    nl_json_free(p);
    nl_json_new(deep, 1200, &(nl_json_opts){2000, 0, 0}, &p, NULL);
    k = 0;
    while ((rc = nl_json_next(p, &ev, NULL)) == NL_OK)
      k++;
    NL_CHECK(rc == NL_DONE, "deep ok with a higher limit");
    NL_CHECK_INT_EQ(k, 1200, "all events");
    nl_json_free(p);
  }
}

static void test_numbers_skip(void) {
  const char *in = "{\"skip\": {\"x\": [1, {\"y\": 2}]}, \"n\": 42, "
                   "\"d\": 1.5, \"big\": 99999999999999999999}";
  nl_json *p;
  nl_json_event ev;
  double d;
  long long i;
  nl_json_new(in, strlen(in), NULL, &p, NULL);
  nl_json_next(p, &ev, NULL);
  NL_CHECK(nl_json_next(p, &ev, NULL) == NL_OK && ev == NL_JSON_KEY, "key");
  NL_CHECK_INT_EQ(nl_json_depth(p), 1, "depth 1");
  nl_json_next(p, &ev, NULL);
  NL_CHECK_INT_EQ(nl_json_offset(p), 9, "offset of the skipped object");
  NL_CHECK(nl_json_skip(p, ev, NULL) == NL_OK, "skip object");
  NL_CHECK_INT_EQ(nl_json_depth(p), 1, "back at depth 1");
  nl_json_next(p, &ev, NULL);
  NL_CHECK_STR_EQ(nl_json_text(p, NULL), "n", "next key after skip");
  nl_json_next(p, &ev, NULL);
  NL_CHECK(nl_json_number(p, &d, &i) == 1, "42 is an integer");
  NL_CHECK_INT_EQ(i, 42, "42");
  nl_json_next(p, &ev, NULL);
  nl_json_next(p, &ev, NULL);
  NL_CHECK(nl_json_number(p, &d, &i) == 0, "1.5 is not an integer");
  NL_CHECK(d == 1.5, "1.5");
  nl_json_next(p, &ev, NULL);
  nl_json_next(p, &ev, NULL);
  NL_CHECK(nl_json_number(p, &d, &i) == 0, "overflowing integer -> double");
  NL_CHECK(d > 9.9e19 && d < 1.1e20, "big as double");
  NL_CHECK(nl_json_next(p, &ev, NULL) == NL_OK && ev == NL_JSON_OBJECT_END,
           "end");
  NL_CHECK(nl_json_next(p, &ev, NULL) == NL_DONE, "done");
  nl_json_free(p);
}

static void test_write(void) {
  nl_buf b = NL_BUF_INIT;
  const char in[] = "a\"b\\c\n\t\x01 \xc3\xa9 \xe2\x80\xa8 \xff";
  nl_json_write_string(&b, in, sizeof in - 1);
  NL_CHECK_STR_EQ(nl_buf_cstr(&b),
                  "\"a\\\"b\\\\c\\n\\t\\u0001 \xc3\xa9 \\u2028 \xef\xbf\xbd\"",
                  "escaped");
  nl_buf_free(&b);
  /* Round trip through the parser. */
  {
    nl_json *p;
    nl_json_event ev;
    const char rt[] = "q\"\x7f\x1f\xf0\x9f\x98\x80";
    nl_json_write_string(&b, rt, sizeof rt - 1);
    nl_json_new(b.data, b.len, NULL, &p, NULL);
    NL_CHECK(nl_json_next(p, &ev, NULL) == NL_OK, "reparse");
    NL_CHECK_STR_EQ(nl_json_text(p, NULL), rt, "round trip");
    nl_json_free(p);
    nl_buf_free(&b);
  }
}

static void test_oom(void) {
  nl_json *p = NULL;
  nl_alloc_fail_after(1, 0);
  NL_CHECK(nl_json_new("1", 1, NULL, &p, NULL) == NL_ENOMEM, "OOM in new");
  NL_CHECK(p == NULL, "out NULL on OOM");
  nl_alloc_fail_after(0, 0);
}

int main(void) {
  test_values();
  test_strings();
  test_errors();
  test_opts();
  test_numbers_skip();
  test_write();
  test_oom();
  return nl_test_done();
}
