/*
** nl_json_load.c -- articles from JSON (one object, or an array of
** objects) and JSON Lines (one object per line, read line by line).
**
** Field names understood (first present, non-null one wins):
**   title    title, headline, title_page, title_rss
**   body     maintext, text, body, content, articleBody, article,
**            content_text, content_html
**            (paragraphs split on newlines); description when none
**   date     date_publish, datePublished, date_published, published,
**            published_at, publishedAt, pubDate, date, created_at
**   url      url, link, canonical_url, external_url
**   author   authors (array), author (string, array or {name}), byline
**   source   source_domain, source (string or {name}), publisher,
**            site_name, outlet (a one-word slug that is a label of the
**            URL's host becomes that host: source_as_host)
**   language language, lang
**   key      id, _id, guid, dId, uuid  (the item key of the id)
**   meta     description, category / categories / tags / keywords,
**            date_download (news-please: when the crawler fetched the
**            page, as a TimeML value: the publication-date
**            reconciliation tells a crawler's own time stamp by it)
** JSON Feed (a top-level object with an "items" array): each item is an
** article (content_text, or content_html through the HTML fragment
** extractor; date_published; url / external_url; authors [{name}]; the
** feed's own "title", wherever it stands, as source unless the item names
** one, as a channel's title is its items' source in nl_feed.c), the feed
** object itself is not; an empty "items" gives no article.
** A date of exactly midnight ("2017-12-30T00:00:00", as news-please
** writes date-only values) keeps the day only; a number of 9-10 digits
** (12-13: milliseconds) is Unix time, read as UTC.  Everything else is
** ignored.  In JSON Lines a malformed line or a line that is not an
** object is noted (file report message: line and byte) and skipped; the
** rest of the file goes on.  A malformed JSON document is an error.
*/
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "newslua/nl_buf.h"
#include "newslua/nl_datetime.h"
#include "newslua/nl_html.h"
#include "newslua/nl_json.h"
#include "nl_alloc.h"
#include "nl_ascii.h"
#include "nl_loader_internal.h"
#include "nl_url.h"

enum {
  F_TITLE,
  F_BODY,
  F_DESC,
  F_DATE,
  F_URL,
  F_AUTHOR,
  F_SOURCE,
  F_LANG,
  F_KEY,
  F_CATEGORY,
  F_DOWNLOAD,
  F_COUNT
};

static const struct {
  const char *name;
  int field, rank; /* lower rank wins */
} keys[] = {{"title", F_TITLE, 0},
            {"headline", F_TITLE, 1},
            {"title_page", F_TITLE, 2},
            {"title_rss", F_TITLE, 3},
            {"maintext", F_BODY, 0},
            {"text", F_BODY, 1},
            {"body", F_BODY, 2},
            {"content", F_BODY, 3},
            {"articleBody", F_BODY, 4},
            {"article", F_BODY, 5},
            {"content_text", F_BODY, 6},
            {"content_html", F_BODY, 7},
            {"description", F_DESC, 0},
            {"summary", F_DESC, 1},
            {"date_publish", F_DATE, 0},
            {"datePublished", F_DATE, 1},
            {"date_published", F_DATE, 2},
            {"published", F_DATE, 3},
            {"published_at", F_DATE, 4},
            {"publishedAt", F_DATE, 5},
            {"pubDate", F_DATE, 6},
            {"date", F_DATE, 7},
            {"created_at", F_DATE, 8},
            {"url", F_URL, 0},
            {"link", F_URL, 1},
            {"canonical_url", F_URL, 2},
            {"external_url", F_URL, 3},
            {"authors", F_AUTHOR, 0},
            {"author", F_AUTHOR, 1},
            {"byline", F_AUTHOR, 2},
            {"source_domain", F_SOURCE, 0},
            {"source", F_SOURCE, 1},
            {"publisher", F_SOURCE, 2},
            {"site_name", F_SOURCE, 3},
            {"outlet", F_SOURCE, 4},
            {"language", F_LANG, 0},
            {"lang", F_LANG, 1},
            {"id", F_KEY, 0},
            {"_id", F_KEY, 1},
            {"guid", F_KEY, 2},
            {"dId", F_KEY, 3},
            {"uuid", F_KEY, 4},
            {"category", F_CATEGORY, 0},
            {"categories", F_CATEGORY, 0},
            {"tags", F_CATEGORY, 0},
            {"keywords", F_CATEGORY, 0},
            {"date_download", F_DOWNLOAD, 0},
            {NULL, 0, 0}};

typedef struct fields {
  nl_buf v[F_COUNT];
  int rank[F_COUNT]; /* rank of the key that filled v, or -1 */
  char date_key[32];
  int body_html;     /* the body came from content_html */
  size_t feed_items; /* JSON Feed: items emitted from "items" */
  nl_buf cats;       /* category values, NUL-separated */
} fields;

static void fields_init(fields *f) {
  int i;
  memset(f, 0, sizeof *f);
  for (i = 0; i < F_COUNT; i++)
    f->rank[i] = -1;
}

static void fields_free(fields *f) {
  int i;
  for (i = 0; i < F_COUNT; i++)
    nl_buf_free(&f->v[i]);
  nl_buf_free(&f->cats);
}

static int ok(const fields *f) {
  int i;
  for (i = 0; i < F_COUNT; i++)
    if (!nl_buf_ok(&f->v[i])) return 0;
  return nl_buf_ok(&f->cats);
}

/* Read a string, number, array of strings or {name: ...} value into b
** (array items joined with ", ").  Returns NL_OK; other values are
** skipped (b untouched).  *got is set when something was read. */
static nl_status value(nl_json *p, nl_json_event ev, nl_buf *b, nl_buf *list,
                       int *got, nl_error *err) {
  nl_status rc;
  size_t n;
  const char *t;
  *got = 0;
  if (ev == NL_JSON_STRING || ev == NL_JSON_NUMBER) {
    t = nl_json_text(p, &n);
    nl_buf_append(b, t, n);
    if (list) nl_buf_append(list, t, n + 1);
    *got = n > 0;
    return NL_OK;
  }
  if (ev == NL_JSON_ARRAY_START) {
    while ((rc = nl_json_next(p, &ev, err)) == NL_OK &&
           ev != NL_JSON_ARRAY_END) {
      if (ev == NL_JSON_STRING) {
        t = nl_json_text(p, &n);
        if (!n) continue;
        if (b->len) nl_buf_append(b, ", ", 2);
        nl_buf_append(b, t, n);
        if (list) nl_buf_append(list, t, n + 1);
        *got = 1;
      } else if (ev == NL_JSON_OBJECT_START) {
        /* [{"name": "..."}] (JSON Feed authors) */
        nl_buf one = NL_BUF_INIT;
        int g1 = 0;
        rc = value(p, ev, &one, NULL, &g1, err);
        if (rc == NL_OK && g1) {
          if (b->len) nl_buf_append(b, ", ", 2);
          nl_buf_append(b, one.data, one.len);
          *got = 1;
        }
        nl_buf_free(&one);
        if (rc != NL_OK) return rc;
      } else if ((rc = nl_json_skip(p, ev, err)) != NL_OK) {
        return rc;
      }
    }
    return rc;
  }
  if (ev == NL_JSON_OBJECT_START) {
    /* {"name": "..."} (NewsAPI's source, schema.org's author). */
    int take = 0;
    while ((rc = nl_json_next(p, &ev, err)) == NL_OK &&
           ev != NL_JSON_OBJECT_END) {
      if (ev == NL_JSON_KEY) {
        take = !strcmp(nl_json_text(p, NULL), "name");
        continue;
      }
      if (take && ev == NL_JSON_STRING && !*got) {
        t = nl_json_text(p, &n);
        nl_buf_append(b, t, n);
        *got = n > 0;
      } else if ((rc = nl_json_skip(p, ev, err)) != NL_OK) {
        return rc;
      }
    }
    return rc;
  }
  return nl_json_skip(p, ev, err);
}

static nl_status feed_items(nl_json *p, nl_sink *sink, fields *f,
                            const char *where, nl_error *err);

/*
** The "title" of the top-level object of the document (a JSON Feed's own
** title, for a feed that gives it after its "items"): appended to `out`
** when it is a string, else nothing.  The document is read again from
** the start up to it; a malformed one is left to the main pass to report.
** Returns NL_OK or NL_ENOMEM.
*/
static nl_status feed_title_ahead(const nl_source *src, nl_buf *out) {
  nl_json_opts o = NL_JSON_OPTS_INIT;
  nl_json *p;
  nl_json_event ev;
  nl_status rc;
  o.lenient_utf8 = 1;
  if ((rc = nl_json_new(src->data, src->len, &o, &p, NULL)) != NL_OK) return rc;
  rc = nl_json_next(p, &ev, NULL);
  if (rc == NL_OK && ev == NL_JSON_OBJECT_START)
    while ((rc = nl_json_next(p, &ev, NULL)) == NL_OK && ev == NL_JSON_KEY) {
      int title = !strcmp(nl_json_text(p, NULL), "title");
      size_t n;
      if ((rc = nl_json_next(p, &ev, NULL)) != NL_OK) break;
      if (title && ev == NL_JSON_STRING) {
        const char *t = nl_json_text(p, &n);
        nl_buf_append(out, t, n);
        break;
      }
      if ((rc = nl_json_skip(p, ev, NULL)) != NL_OK) break;
    }
  nl_json_free(p);
  return rc == NL_ENOMEM || !nl_buf_ok(out) ? NL_ENOMEM : NL_OK;
}

/* Read the members of an object whose OBJECT_START was just returned.
** With a sink (top level), an "items" array of objects is a JSON Feed:
** each item is emitted as an article. */
static nl_status read_object(nl_json *p, fields *f, nl_sink *sink,
                             const char *where, nl_error *err) {
  nl_json_event ev;
  nl_status rc;
  while ((rc = nl_json_next(p, &ev, err)) == NL_OK &&
         ev != NL_JSON_OBJECT_END) {
    const char *k = nl_json_text(p, NULL);
    int i, got, items = sink && !strcmp(k, "items");
    for (i = 0; keys[i].name; i++)
      if (!strcmp(k, keys[i].name)) break;
    if ((rc = nl_json_next(p, &ev, err)) != NL_OK) return rc;
    if (items && ev == NL_JSON_ARRAY_START) {
      rc = feed_items(p, sink, f, where, err);
    } else if (!keys[i].name) {
      rc = nl_json_skip(p, ev, err);
    } else if (keys[i].field == F_CATEGORY) {
      nl_buf tmp = NL_BUF_INIT;
      rc = value(p, ev, &tmp, &f->cats, &got, err);
      nl_buf_free(&tmp);
    } else {
      int fi = keys[i].field;
      if (f->rank[fi] >= 0 && f->rank[fi] <= keys[i].rank) {
        rc = nl_json_skip(p, ev, err);
        continue;
      }
      {
        nl_buf tmp = NL_BUF_INIT;
        rc = value(p, ev, &tmp, NULL, &got, err);
        if (rc == NL_OK && got) {
          nl_buf_free(&f->v[fi]);
          f->v[fi] = tmp;
          f->rank[fi] = keys[i].rank;
          if (fi == F_BODY)
            f->body_html = !strcmp(keys[i].name, "content_html");
          if (fi == F_DATE)
            snprintf(f->date_key, sizeof f->date_key, "%s", keys[i].name);
        } else {
          nl_buf_free(&tmp);
        }
      }
    }
    if (rc != NL_OK) return rc;
  }
  if (rc == NL_OK && !ok(f)) rc = NL_ENOMEM;
  return rc;
}

static const char *str(const fields *f, int i, size_t *n) {
  *n = f->v[i].len;
  return f->v[i].data ? f->v[i].data : "";
}

/* Unix time (seconds, or milliseconds when 12-13 digits) as a UTC
** datetime; 0 when s[0..n) is not one. */
static int epoch(const char *s, size_t n, nl_datetime *dt) {
  long long v = 0, days, secs, y, m, d, era, doe, yoe, doy, mp;
  size_t i;
  if (n < 9 || n > 13 || n == 11) return 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (s[i] - '0');
  }
  if (n >= 12) v /= 1000;
  days = v / 86400;
  secs = v % 86400;
  /* Civil from days (Howard Hinnant's algorithm). */
  days += 719468;
  era = days / 146097;
  doe = days - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  memset(dt, 0, sizeof *dt);
  dt->year = (int)(y + (m <= 2));
  dt->month = (int)m;
  dt->day = (int)d;
  dt->hour = (int)(secs / 3600);
  dt->minute = (int)(secs / 60 % 60);
  dt->second = (int)(secs % 60);
  dt->has_zone = 1;
  memcpy(dt->zone, "UTC", 4);
  return 1;
}

/* The publication date of the object, or a warning. */
static nl_status set_date(nl_article *a, const fields *f, const char *where) {
  size_t n;
  const char *d = str(f, F_DATE, &n);
  nl_datetime dt;
  char value[NL_DATETIME_MAX], ev[160];
  if (!n) return NL_OK;
  snprintf(ev, sizeof ev, "field %s '%.*s'", f->date_key,
           (int)(n > 80 ? 80 : n), d);
  if (epoch(d, n, &dt)) {
    snprintf(ev, sizeof ev, "field %s %.*s (Unix time, UTC)", f->date_key,
             (int)n, d);
    nl_datetime_format(&dt, value);
    return nl_article_set_published(a, value, NL_PUB_METADATA, ev);
  }
  if (nl_datetime_parse_ex(d, n, &dt, NULL) != NL_OK)
    return nl_article_warn(a, "%s: unreadable date in %s", where, ev);
  if (dt.hour == 0 && dt.minute == 0 && dt.second <= 0 && !dt.has_zone)
    dt.hour = dt.minute = dt.second = -1; /* date-only written as midnight */
  nl_datetime_format(&dt, value);
  return nl_article_set_published(a, value, NL_PUB_METADATA, ev);
}

/*
** news-please's date_download (when its crawler fetched the page) as meta
** "date_download", a TimeML value like the publication date's, so the
** reconciliation can tell a date_publish that is only the crawler's own
** clock (nl_pubdate.h).  An unreadable or empty one is left out: it is no
** article fact.  Returns NL_OK or NL_ENOMEM.
*/
static nl_status set_download(nl_article *a, const fields *f) {
  size_t n;
  const char *d = str(f, F_DOWNLOAD, &n);
  nl_datetime dt;
  char value[NL_DATETIME_MAX];
  if (!n || nl_datetime_parse_ex(d, n, &dt, NULL) != NL_OK) return NL_OK;
  nl_datetime_format(&dt, value);
  return nl_article_add_meta(a, "date_download", value, strlen(value));
}

/*
** news-please's older records name their outlet by a slug ("publisher":
** "dailymail") where its newer ones give the domain ("source_domain":
** "www.dailymail.co.uk"), so one dump listed one outlet under two names.
** A source that is one lower-case word and a label of the URL's host
** ("dailymail" of www.dailymail.co.uk, "cnn" of edition.cnn.com) becomes
** that host, lower-cased; the word stays in meta "publisher".  Returns
** NL_OK or NL_ENOMEM.
*/
static nl_status source_as_host(nl_article *a) {
  const char *src = a->source, *label;
  size_t n, k, len, i;
  char host[256];
  if (!src || !a->url || (n = nl_url_host(a->url, host, sizeof host, 0)) == 0)
    return NL_OK;
  len = strlen(src);
  for (i = 0; i < len; i++)
    if (!((src[i] >= 'a' && src[i] <= 'z') ||
          (src[i] >= '0' && src[i] <= '9') || src[i] == '-'))
      return NL_OK;
  for (label = host; *label; label += k + (label[k] == '.')) {
    k = strcspn(label, ".");
    if (k == len && !memcmp(label, src, len) && (label != host || label[k])) {
      nl_status rc = nl_article_add_meta(a, "publisher", src, len);
      return rc == NL_OK ? nl_article_set(a, &a->source, host, n) : rc;
    }
  }
  return NL_OK;
}

/* Build and emit the article of one object; `outlet` (may be NULL) is
** its source when it names none (a JSON Feed's title, as a feed's channel
** title is its items' source). */
static nl_status emit(nl_sink *sink, const fields *f, const nl_buf *outlet,
                      const char *where) {
  nl_article *a;
  nl_status rc;
  size_t n, bn, i;
  const char *s, *body;
  str(f, F_TITLE, &n);
  str(f, F_BODY, &bn);
  if (!n && !bn) {
    str(f, F_DESC, &n);
    if (!n) str(f, F_URL, &n);
    if (!n) return NL_ENOTFOUND; /* no article fields: see object() */
  }
  static const struct {
    int field;
    size_t off;
  } simple[] = {{F_TITLE, offsetof(nl_article, title)},
                {F_URL, offsetof(nl_article, url)},
                {F_AUTHOR, offsetof(nl_article, author)},
                {F_SOURCE, offsetof(nl_article, source)},
                {F_LANG, offsetof(nl_article, language)},
                {F_KEY, offsetof(nl_article, item_key)}};
  if ((rc = nl_article_new(&a)) != NL_OK) return rc;
  for (i = 0; rc == NL_OK && i < sizeof simple / sizeof simple[0]; i++) {
    s = str(f, simple[i].field, &n);
    if (n)
      rc =
          nl_article_set(a, (char **)(void *)((char *)a + simple[i].off), s, n);
  }
  if (rc == NL_OK) rc = source_as_host(a);
  if (rc == NL_OK && !a->source && outlet && outlet->len)
    rc = nl_article_set(a, &a->source, outlet->data, outlet->len);
  body = str(f, F_BODY, &bn);
  s = str(f, F_DESC, &n);
  if (rc == NL_OK && n) rc = nl_article_add_meta(a, "description", s, n);
  if (rc == NL_OK && !bn && n) {
    body = s;
    bn = n;
    rc = nl_article_warn(a, "%s: no body field; the description is the body",
                         where);
  }
  if (rc == NL_OK && bn && f->body_html && body != s) {
    nl_error herr = NL_ERROR_INIT;
    rc = nl_html_fragment_to_article(body, bn, a, &herr);
    if (rc == NL_EPARSE || rc == NL_ELIMIT)
      rc = nl_article_warn(a, "%s: content_html: %s", where, herr.msg);
  } else if (rc == NL_OK && bn) {
    rc = nl_article_add_text(a, body, bn, 1);
  }
  if (rc == NL_OK && !bn) rc = nl_article_warn(a, "%s: no body field", where);
  for (i = 0; rc == NL_OK && i < f->cats.len;) {
    const char *c = f->cats.data + i;
    size_t k = strlen(c);
    if (k) rc = nl_article_add_meta(a, "category", c, k);
    i += k + 1;
  }
  if (rc == NL_OK) rc = set_download(a, f);
  if (rc == NL_OK) rc = set_date(a, f, where);
  if (rc != NL_OK) {
    nl_article_free(a);
    return rc;
  }
  return nl_sink_emit(sink, a);
}

#define NO_FIELDS \
  "no article fields (a title, a text or body, a description or a URL)"

/* One object already opened: read and emit (`outlet` as for emit).
** NL_ENOTFOUND when it has none of an article's fields (a JSON file of
** other data): the caller fails a whole document, and drops a line, an
** element or an item with a note. */
static nl_status object(nl_json *p, nl_sink *sink, const char *where, int top,
                        const nl_buf *outlet, nl_error *err) {
  fields f;
  nl_status rc;
  fields_init(&f);
  rc = read_object(p, &f, top ? sink : NULL, where, err);
  if (rc == NL_OK && !f.feed_items) rc = emit(sink, &f, outlet, where);
  fields_free(&f);
  return rc;
}

/* JSON Feed (jsonfeed.org): the "items" array, each item an article.
** `f` holds the feed object's members read so far: its "title" is the
** items' source (read ahead when it comes after the items). */
static nl_status feed_items(nl_json *p, nl_sink *sink, fields *f,
                            const char *where, nl_error *err) {
  nl_json_event ev;
  nl_status rc = NL_OK;
  char w[300];
  size_t n = 0;
  nl_buf title = NL_BUF_INIT;
  sink->multi = 1;
  if (f->rank[F_TITLE] == 0) /* the key "title", already read */
    nl_buf_append(&title, f->v[F_TITLE].data, f->v[F_TITLE].len);
  else
    rc = feed_title_ahead(sink->src, &title);
  if (rc == NL_OK && !nl_buf_ok(&title)) rc = NL_ENOMEM;
  while (rc == NL_OK && (rc = nl_json_next(p, &ev, err)) == NL_OK &&
         ev != NL_JSON_ARRAY_END) {
    n++;
    if (ev != NL_JSON_OBJECT_START) {
      nl_sink_note(sink, "%s: item %zu (byte %zu) is not an object", where, n,
                   nl_json_offset(p));
      if ((rc = nl_json_skip(p, ev, err)) != NL_OK) break;
      continue;
    }
    snprintf(w, sizeof w, "%s: item %zu", where, n);
    rc = object(p, sink, w, 0, &title, err);
    if (rc == NL_ENOTFOUND) {
      nl_sink_note(sink, "item %zu: " NO_FIELDS, n);
      rc = NL_OK;
    }
    if (rc != NL_OK) break;
    f->feed_items++;
  }
  nl_buf_free(&title);
  if (rc == NL_OK && !f->feed_items) f->feed_items = (size_t)-1;
  return rc;
}

static size_t line_of(const char *s, size_t off) {
  size_t k = 1, i;
  for (i = 0; i < off; i++)
    k += s[i] == '\n';
  return k;
}

static nl_status load_document(const nl_source *src, nl_sink *sink,
                               nl_error *err) {
  nl_json_opts o = NL_JSON_OPTS_INIT;
  nl_json *p;
  nl_json_event ev;
  nl_status rc;
  nl_error jerr = NL_ERROR_INIT;
  char where[300];
  size_t item = 0;
  o.lenient_utf8 = 1;
  if ((rc = nl_json_new(src->data, src->len, &o, &p, err)) != NL_OK) return rc;
  rc = nl_json_next(p, &ev, &jerr);
  if (rc == NL_OK && ev == NL_JSON_OBJECT_START) {
    rc = object(p, sink, src->name, 1, NULL, &jerr);
    if (rc == NL_ENOTFOUND) rc = nl_error_set(&jerr, NL_EPARSE, NO_FIELDS);
  } else if (rc == NL_OK && ev == NL_JSON_ARRAY_START) {
    sink->multi = 1;
    while ((rc = nl_json_next(p, &ev, &jerr)) == NL_OK &&
           ev != NL_JSON_ARRAY_END) {
      item++;
      snprintf(where, sizeof where, "%s: element %zu", src->name, item);
      if (ev == NL_JSON_OBJECT_START) {
        rc = object(p, sink, where, 0, NULL, &jerr);
        if (rc == NL_ENOTFOUND) {
          nl_sink_note(sink, "element %zu: " NO_FIELDS, item);
          rc = NL_OK;
        }
      } else {
        nl_sink_note(sink, "element %zu (byte %zu) is not an object", item,
                     nl_json_offset(p));
        rc = nl_json_skip(p, ev, &jerr);
      }
      if (rc != NL_OK) break;
    }
  } else if (rc == NL_OK || rc == NL_DONE) {
    rc = nl_error_set(&jerr, NL_EPARSE,
                      "json: top level is not an object or an array");
  }
  if (rc == NL_OK) {
    rc = nl_json_next(p, &ev, &jerr); /* trailing data? */
    if (rc == NL_DONE)
      rc = NL_OK;
    else if (rc == NL_OK)
      rc = nl_error_set(&jerr, NL_EPARSE, "json: trailing data");
  }
  if (rc != NL_OK && rc != NL_EINTERRUPT)
    nl_error_set(err, rc, "%s:%zu: %s", src->name,
                 line_of(src->data, nl_json_offset(p)), jerr.msg);
  nl_json_free(p);
  return rc;
}

static nl_status load_lines(const nl_source *src, nl_sink *sink,
                            nl_error *err) {
  nl_json_opts o = NL_JSON_OPTS_INIT;
  const char *s = src->data;
  size_t i = 0, lineno = src->line_base, good = 0, bad = 0, empty = 0;
  nl_status rc = NL_OK;
  char first_bad[NL_ERROR_MSG_MAX] = "";
  o.lenient_utf8 = 1;
  while (i < src->len && rc == NL_OK) {
    const char *nl = memchr(s + i, '\n', src->len - i);
    size_t end = nl ? (size_t)(nl - s) : src->len, a = i;
    nl_json *p;
    nl_json_event ev;
    nl_error jerr = NL_ERROR_INIT;
    char where[300];
    int dropped = 0; /* an object with no article fields (noted) */
    lineno++;
    while (a < end && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
      a++;
    if (a == end) {
      i = end + 1;
      continue;
    }
    snprintf(where, sizeof where, "%s:%zu", src->name, lineno);
    sink->record_line = lineno; /* its article's id (nl_sink_emit) */
    if ((rc = nl_json_new(s + a, end - a, &o, &p, err)) != NL_OK) break;
    rc = nl_json_next(p, &ev, &jerr);
    if (rc == NL_OK && ev == NL_JSON_OBJECT_START) {
      rc = object(p, sink, where, 0, NULL, &jerr);
      if (rc == NL_ENOTFOUND) {
        nl_sink_note(sink, "line %zu: " NO_FIELDS, lineno);
        dropped = 1;
        rc = NL_OK;
      }
      if (rc == NL_OK) {
        rc = nl_json_next(p, &ev, &jerr);
        if (rc == NL_DONE) rc = NL_OK;
      }
    } else if (rc == NL_OK) {
      rc = nl_error_set(&jerr, NL_EPARSE, "json: not an object");
    }
    if (rc == NL_EPARSE || rc == NL_ELIMIT) {
      bad++;
      nl_sink_note(sink, "line %zu (byte %zu): %s", lineno,
                   src->byte_base + a + nl_json_offset(p), jerr.msg);
      if (!first_bad[0]) snprintf(first_bad, sizeof first_bad, "%s", jerr.msg);
      rc = NL_OK;
    } else if (rc == NL_OK && dropped) {
      empty++;
    } else if (rc == NL_OK) {
      good++;
    }
    nl_json_free(p);
    i = end + 1;
    nl_sink_release(sink, i);
  }
  sink->record_line = 0;
  if (rc == NL_ENOMEM)
    return nl_error_set(err, rc, "%s:%zu: out of memory", src->name, lineno);
  sink->bad_lines += bad;
  sink->lines = lineno;
  if (rc != NL_OK || src->piece) return rc; /* a piece: the driver judges */
  if (!good && bad)
    return nl_error_set(err, NL_EPARSE,
                        "%s: no valid JSON line (%zu bad; "
                        "first: %s)",
                        src->name, bad, first_bad);
  if (!good && empty) /* as a document of other data fails */
    return nl_error_set(err, NL_EPARSE, "%s: no line has article fields "
                        "(%zu lines; a title, a text or body, a description "
                        "or a URL)", src->name, empty);
  return NL_OK;
}

nl_status nl_load_json(const nl_source *src, nl_sink *sink, nl_error *err) {
  if (src->format == NL_FORMAT_JSONL) return load_lines(src, sink, err);
  return load_document(src, sink, err);
}
