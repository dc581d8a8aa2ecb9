/*
** nl_timeml.c -- TimeML documents (TimeBank, AQUAINT, TempEval .tml) as
** articles.
**
** One article per file: DOCID is the item_key, TITLE (else HEADLINE) the
** title, the document creation time the publication date (metadata): the
** value of the TIMEX3 inside <DCT>, else of any TIMEX3 with
** functionInDocument="CREATION_TIME", else the text of <DCT> or
** <DATE_TIME>.  The body is the text of <TEXT> with its annotations
** (EVENT, TIMEX3, SIGNAL, ...) dropped, split into paragraphs on blank
** lines.  Metadata "text_offset_map" maps body offsets back to offsets in
** TEXT's text (as TempEval gold counts them; bytes, which are characters
** in the ASCII TimeBank/AQUAINT files): "B+D ..." means from body byte B
** on, TEXT offset = body offset + D.  Most TimeBank text has one space
** between words and "\n\n" between paragraphs, so the map has one pair
** (the white space cut at the start), also given as "text_offset".  A body
** that differs from TEXT beyond white space gets a warning instead.
*/
#include <stdio.h>
#include <string.h>

#include "newslua/nl_datetime.h"
#include "nl_xml_internal.h"

static int is_space(char ch) {
  return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/*
** Align the body with TEXT's text `raw`: they may differ only in white
** space runs (cut at the ends, collapsed inside).  Appends "B+D" pairs,
** space-separated, to `out`: from body byte B on, TEXT offset = body
** offset + D.  Returns the number of pairs, or 0 if the texts differ in
** anything but white space.
*/
static size_t offset_map(const char *raw, size_t rn, const char *body,
                         size_t bn, nl_buf *out) {
  size_t i = 0, j = 0, delta = (size_t)-1, pairs = 0;
  while (i < rn && is_space(raw[i]))
    i++;
  while (j < bn) {
    if (is_space(body[j])) {
      if (i >= rn || !is_space(raw[i])) return 0;
      while (j < bn && is_space(body[j]))
        j++;
      while (i < rn && is_space(raw[i]))
        i++;
      continue;
    }
    if (i >= rn || raw[i] != body[j]) return 0;
    if (i - j != delta) {
      delta = i - j;
      nl_buf_printf(out, "%s%zu+%zu", pairs ? " " : "", j, delta);
      pairs++;
    }
    i++;
    j++;
  }
  return pairs;
}

/* First TIMEX3 under `root` whose functionInDocument is CREATION_TIME;
** NULL if none. */
static const xmlNode *creation_timex(const xmlNode *root) {
  const xmlNode *t;
  for (t = nl_xml_find(root, "TIMEX3"); t;
       t = nl_xml_find_next(root, t, "TIMEX3")) {
    const char *f = nl_xml_attr(t, "functionInDocument");
    if (f && strcmp(f, "CREATION_TIME") == 0) return t;
  }
  return NULL;
}

static nl_status set_dct(nl_xml_doc *d, const nl_source *src, nl_article *a) {
  const xmlNode *dct = nl_xml_find(d->root, "DCT");
  const xmlNode *tx = dct ? nl_xml_find(dct, "TIMEX3") : NULL;
  const char *value;
  char ev[160];
  nl_status rc;
  const char *where = "<DCT> TIMEX3";
  if (!tx) {
    tx = creation_timex(d->root);
    where = "TIMEX3 functionInDocument=CREATION_TIME";
  }
  value = tx ? nl_xml_attr(tx, "value") : NULL;
  if (value && *value) {
    snprintf(ev, sizeof ev, "%s value=\"%.60s\"", where, value);
    if (nl_article_set_published(a, value, NL_PUB_METADATA, ev) == NL_OK)
      return NL_OK;
    return nl_article_warn(a, "%s: DCT value '%.60s' is not a date", src->name,
                           value);
  }
  if (!dct) dct = nl_xml_find(d->root, "DATE_TIME");
  if (dct) {
    nl_buf b = NL_BUF_INIT;
    char out[NL_DATETIME_MAX];
    nl_xml_text(d, dct, &b);
    if (!nl_buf_ok(&b)) {
      nl_buf_free(&b);
      return NL_ENOMEM;
    }
    if (b.len && nl_datetime_parse(b.data, b.len, out, NULL) == NL_OK) {
      snprintf(ev, sizeof ev, "<%s>%.100s", (const char *)dct->name, b.data);
      rc = nl_article_set_published(a, out, NL_PUB_METADATA, ev);
    } else {
      rc = nl_article_warn(a, "%s: unreadable <%s> '%.60s'", src->name,
                           (const char *)dct->name, b.len ? b.data : "");
    }
    nl_buf_free(&b);
    return rc == NL_EINVAL ? NL_OK : rc;
  }
  return nl_article_warn(a, "%s: no document creation time (DCT)", src->name);
}

/* Body from TEXT, plus "text_offset" when the body is TEXT verbatim. */
static nl_status set_body(nl_xml_doc *d, const nl_source *src, nl_article *a,
                          const xmlNode *text) {
  nl_buf b = NL_BUF_INIT;
  nl_status rc;
  nl_xml_text(d, text, &b);
  if (!nl_buf_ok(&b)) {
    nl_buf_free(&b);
    return NL_ENOMEM;
  }
  rc = nl_article_add_text(a, b.data ? b.data : "", b.len, 0);
  if (rc == NL_OK && a->body_len) {
    nl_buf map = NL_BUF_INIT;
    size_t pairs = offset_map(b.data, b.len, a->body, a->body_len, &map);
    if (!nl_buf_ok(&map)) {
      rc = NL_ENOMEM;
    } else if (pairs == 0) {
      rc = nl_article_warn(a,
                           "%s: body differs from the text of <TEXT> beyond "
                           "white space; no offset map",
                           src->name);
    } else {
      rc = nl_article_add_meta(a, "text_offset_map", map.data, map.len);
      if (rc == NL_OK && pairs == 1) {
        const char *plus = strchr(map.data, '+');
        rc = nl_article_add_meta(a, "text_offset", plus + 1, strlen(plus + 1));
      }
    }
    nl_buf_free(&map);
  }
  nl_buf_free(&b);
  return rc;
}

static nl_status fill(nl_xml_doc *d, const nl_source *src, nl_article *a,
                      nl_error *err) {
  const xmlNode *text =
      nl_xml_is(d->root, "TEXT") ? d->root : nl_xml_find(d->root, "TEXT");
  const xmlNode *title = nl_xml_find(d->root, "TITLE");
  nl_status rc;
  if (!text)
    return nl_error_set(err, NL_EPARSE, "%s: TimeML document without <TEXT>",
                        src->name);
  if (!title) title = nl_xml_find(d->root, "HEADLINE");
  if ((rc = nl_xml_set(d, a, &a->item_key, nl_xml_find(d->root, "DOCID"))) ||
      (rc = nl_xml_set(d, a, &a->title, title)) || (rc = set_dct(d, src, a)) ||
      (rc = set_body(d, src, a, text)))
    return rc;
  return nl_xml_warn(d, src, a);
}

/*
** Load one TimeML document from src as one article.  Errors: NL_EPARSE
** (not XML, or no <TEXT>; the message names the file and place),
** NL_ELIMIT, NL_ENOMEM, NL_EINTERRUPT.
*/
nl_status nl_load_timeml(const nl_source *src, nl_sink *sink, nl_error *err) {
  nl_xml_doc d;
  nl_article *a = NULL;
  nl_status rc = nl_xml_parse(src, &d, err);
  if (rc == NL_OK && d.warning[0]) nl_sink_note(sink, "%s", d.warning);
  if (rc == NL_OK) rc = nl_article_new(&a);
  if (rc == NL_OK) rc = fill(&d, src, a, err);
  if (rc == NL_OK) nl_xml_note_external(&d, sink);
  if (rc == NL_OK) {
    rc = nl_sink_emit(sink, a);
    a = NULL;
    if (rc == NL_EINTERRUPT)
      nl_error_set(err, rc, "%s: stopped by the callback", src->name);
  }
  if (rc == NL_ENOMEM) nl_error_set(err, rc, "%s: out of memory", src->name);
  nl_article_free(a);
  nl_xml_free(&d);
  return rc;
}
