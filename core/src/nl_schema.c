/*
** nl_schema.c -- all SQL text of the store: DDL, migrations and the
** statements of nl_db.c, nl_ingest.c, nl_cursor.c and nl_pubdate_db.c.
*/
#include <stdlib.h>
#include <string.h>

#include "newslua/nl_hash.h"
#include "nl_alloc.h"
#include "nl_db_internal.h"
#include "nl_fts_key.h"
#include "nl_outlet.h"

/*
** The FTS5 tokenizer.  Until the "newslua" tokenizer (nl_fts5.h) lands the
** index falls back to unicode61; both are declared here and nowhere else.
*/
#if defined(__has_include)
#if __has_include("nl_fts5.h")
#define NL_HAVE_FTS5_TOKENIZER 1
#endif
#endif
#ifdef NL_HAVE_FTS5_TOKENIZER
#define NL_FTS_TOKENIZE "newslua"
#else
/* TEMPORARY fallback until core/src/nl_fts5.h exists. */
#define NL_FTS_TOKENIZE "unicode61"
#endif

/* The sentences of articles.sentences (JSON [[start,end],...]) as rows. */
#define SENTENCES_VIEW                                                      \
  "CREATE VIEW sentences(article, idx, start, end) AS"                       \
  " SELECT a.rowid, j.key, j.value ->> 0, j.value ->> 1"                     \
  " FROM articles a, json_each(a.sentences) j;\n"

/*
** The secondary indexes a bulk load drops and builds again at its end
** (nl_ingest.c): one CREATE INDEX sorts, ~7k instructions per article for
** both article indexes, where their b-tree inserts cost ~12k.  The store
** is valid without them (only queries are slower): the next ingest or
** nl_db_optimize builds any that is missing (an ingest killed before its
** end).
*/
/* Both carry fts_key (version 5): a ranked search filtered by date or
** source collects the keys it may score from the index alone. */
#define BULK_INDEX_PUBLISHED                                                \
  "CREATE INDEX IF NOT EXISTS articles_published ON articles(published,"     \
  " fts_key);\n"
#define BULK_INDEX_SOURCE                                                   \
  "CREATE INDEX IF NOT EXISTS articles_source ON articles(source COLLATE"    \
  " NOCASE, fts_key);\n"
#define BULK_ARTICLES_DROP                                                  \
  "DROP INDEX IF EXISTS articles_published;\n"                              \
  "DROP INDEX IF EXISTS articles_source;\n"

/*
** The dates by value (schema version 4): kind 'date' rows keyed by value
** alone.  Version 3 keyed all rows by (kind, value), so every step of an
** insert or a sort compared 'date' first: 1.2k instructions more per
** date written.  Queries on dates say kind = 'date', so they use it.
** Deferred by a bulk load too (since session 7): dates arrive in random
** value order, so each insert cost a seek and its share of page splits
** (Reuters-21578: 392M of the writer's instructions, 5.4k a date) where
** the sort at the end costs 281M (3.9k a date): writer 3,854M -> 3,734M.
*/
#define VALUE_INDEX_AS(create)                                              \
  create " annotations_value ON annotations(value) WHERE kind = 'date';\n"
#define VALUE_INDEX VALUE_INDEX_AS("CREATE INDEX")

/*
** The article of each file (its old version is found by it when the file
** changes), deferred only by a bulk load into a store without articles,
** which has no old versions to find (nl_ingest.c): its inserts cost 5.5k
** instructions an article (keys are paths, long equal prefixes), its sort
** at the end less (Reuters-21578: writer 3,654M -> 3,584M).
*/
#define FILE_INDEX_AS(create) create " articles_file ON articles(file_key);\n"

#define BULK_INDEX_NAMES                                                    \
  "'articles_published', 'articles_source', 'annotations_value',"          \
  " 'articles_file'"
#define BULK_INDEX_COUNT 4

static const char bulk_indexes_sql[] =
    BULK_INDEX_PUBLISHED BULK_INDEX_SOURCE
    VALUE_INDEX_AS("CREATE INDEX IF NOT EXISTS")
    FILE_INDEX_AS("CREATE INDEX IF NOT EXISTS");

static const char bulk_drop_sql[] =
    BULK_ARTICLES_DROP "DROP INDEX IF EXISTS annotations_value;\n";

static const char file_drop_sql[] = "DROP INDEX IF EXISTS articles_file;\n";

static const char bulk_count_sql[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ("
    BULK_INDEX_NAMES ")";

/*
** An article's outlet (nl_outlet.h): articles.outlet holds the name of
** those that take their host's; for the others it is NULL, their source.
*/
#define NL_SQL_OUTLET "coalesce(a.outlet, a.source)"

/*
** The articles that take or vote for a host's outlet name (schema version
** 8; nl_outlet.h), by host and source: nl_outlet_refresh counts them from
** the index alone and rewrites one host's names by it.  Only such articles
** are in it: none in a store whose sources are all names (Reuters-21578).
*/
#define OUTLET_INDEX                                                        \
  "CREATE INDEX IF NOT EXISTS articles_outlet_host ON articles(outlet_host,"\
  " source, outlet) WHERE outlet_host IS NOT NULL;\n"

/*
** The full-text index (schema version 5): keyed by articles.fts_key, the
** publication-date key of nl_fts_key.h, so FTS5's rowid order is date
** order.  Version 4 keyed it by the article rowid.
*/
#define KEY_INDEX                                                           \
  "CREATE UNIQUE INDEX IF NOT EXISTS articles_fts_key ON articles(fts_key);\n"
#define FTS_TABLE                                                           \
  KEY_INDEX                                                                 \
  "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='articles',"    \
  " content_rowid='fts_key', tokenize='" NL_FTS_TOKENIZE "', detail=full);\n" \
  /* bulk-load tuning (kept in fts_config): merge 8 segments of a level    \
  ** at a time instead of 4, and flush pending terms at 8 MiB instead of   \
  ** 1 MiB -- fewer, larger merges: 8% of the writer's time */             \
  "INSERT INTO fts(fts, rank) VALUES ('automerge', 8);\n"                  \
  "INSERT INTO fts(fts, rank) VALUES ('hashsize', 8388608);\n"             \
  "CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN" \
  " INSERT INTO fts(fts, rowid, title, body)"                               \
  " VALUES ('delete', old.fts_key, old.title, old.body);"                   \
  " INSERT INTO fts(rowid, title, body)"                                    \
  " VALUES (new.fts_key, new.title, new.body); END;\n"

static const char schema_sql[] =
    "CREATE TABLE files("
    " path TEXT PRIMARY KEY,"
    " hash TEXT NOT NULL DEFAULT '',"
    " size INTEGER, mtime INTEGER, format TEXT,"
    " n_articles INTEGER NOT NULL DEFAULT 0,"
    " status TEXT NOT NULL DEFAULT 'ok', message TEXT,"
    " analysis INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE TABLE articles("
    " rowid INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " file TEXT, file_key TEXT, item INTEGER, format TEXT, source TEXT, title TEXT,"
    " url TEXT, author TEXT, language TEXT,"
    " published TEXT, published_source TEXT NOT NULL DEFAULT 'none',"
    " published_evidence TEXT, meta_published TEXT,"
    " body TEXT NOT NULL DEFAULT '', paragraphs TEXT, warnings TEXT,"
    " meta TEXT, content_hash TEXT, sentences TEXT, fts_key INTEGER,"
    " outlet TEXT, outlet_host TEXT);\n"
    OUTLET_INDEX
    FILE_INDEX_AS("CREATE INDEX")
    BULK_INDEX_PUBLISHED BULK_INDEX_SOURCE
    SENTENCES_VIEW
    "CREATE TABLE annotations("
    " article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,"
    " kind TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " type TEXT, value TEXT, mod TEXT, flags INTEGER NOT NULL DEFAULT 0,"
    " anchor TEXT, sentence INTEGER,"
    " PRIMARY KEY(article, kind, start, end)) WITHOUT ROWID;\n"
    VALUE_INDEX
    FTS_TABLE
    "PRAGMA user_version = 8;\n";

/*
** Migrations: from version 1 (insert and delete triggers fed the index:
** a trigger opens a statement savepoint and FTS5 flushes its pending
** terms at every savepoint, which made inserts 2.5x slower).
*/
static const char migrate_1_2[] =
    "DROP TRIGGER IF EXISTS articles_ai;\n"
    "DROP TRIGGER IF EXISTS articles_ad;\n"
    "PRAGMA user_version = 2;\n";

/* From version 2 (a sentences table, one row per sentence). */
static const char migrate_2_3[] =
    "ALTER TABLE articles ADD COLUMN sentences TEXT;\n"
    "UPDATE articles SET sentences = (SELECT json_group_array("
    "json_array(s.start, s.end)) FROM (SELECT start, end FROM sentences"
    " WHERE article = articles.rowid ORDER BY idx) s)"
    " WHERE rowid IN (SELECT article FROM sentences);\n"
    "DROP TABLE sentences;\n"
    SENTENCES_VIEW
    "PRAGMA user_version = 3;\n";

/* From version 3 (annotations_value on (kind, value), every kind). */
static const char migrate_3_4[] =
    "DROP INDEX IF EXISTS annotations_value;\n"
    VALUE_INDEX
    "PRAGMA user_version = 4;\n";

static const char *const stmt_sql[NL_STMT_N] = {
    /* NL_STMT_BEGIN */ "BEGIN IMMEDIATE",
    /* NL_STMT_COMMIT */ "COMMIT",
    /* NL_STMT_ROLLBACK */ "ROLLBACK",
    /* NL_STMT_SAVEPOINT */ "SAVEPOINT nl_file",
    /* NL_STMT_RELEASE */ "RELEASE nl_file",
    /* NL_STMT_ROLLBACK_TO */ "ROLLBACK TO nl_file",
    /* NL_STMT_FILE_GET */
    "SELECT hash, size, mtime, status, n_articles, analysis FROM files"
    " WHERE path = ?1",
    /* NL_STMT_FILE_PUT */
    "INSERT INTO files(path, hash, size, mtime, format, n_articles, status,"
    " message, analysis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?7, ?9)"
    " ON CONFLICT(path) DO UPDATE SET hash = excluded.hash,"
    " size = excluded.size, mtime = excluded.mtime, format = excluded.format,"
    " n_articles = excluded.n_articles, status = excluded.status,"
    " message = excluded.message, analysis = excluded.analysis",
    /* NL_STMT_FILE_FAIL */
    "INSERT INTO files(path, hash, size, mtime, format, status, message)"
    " VALUES (?1, '', NULL, NULL, ?2, 'failed', ?3)"
    " ON CONFLICT(path) DO UPDATE SET hash = '', size = NULL, mtime = NULL,"
    " status = 'failed', message = excluded.message",
    /* NL_STMT_FILE_TOUCH */
    "UPDATE files SET size = ?2, mtime = ?3, hash = ?4 WHERE path = ?1",
    /* NL_STMT_OLD_OF_FILE */
    "SELECT rowid, title, body, fts_key FROM articles WHERE file_key = ?1",
    /* NL_STMT_OLD_OF_ID */
    "SELECT rowid, title, body, fts_key FROM articles WHERE id = ?1",
    /* NL_STMT_FTS_DELETE */
    "INSERT INTO fts(fts, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)",
    /* NL_STMT_DELETE_ROWID */ "DELETE FROM articles WHERE rowid = ?1",
    /* NL_STMT_ID_OWNER */ "SELECT " NL_SQL_FILE ", a.file_key FROM articles a"
    " WHERE a.id = ?1",
    /* NL_STMT_INSERT_ARTICLE */
    "INSERT INTO articles(id, file, item, format, source, title, url, author,"
    " language, published, published_source, published_evidence,"
    " meta_published, body, paragraphs, warnings, meta, content_hash,"
    " file_key, sentences, fts_key, outlet, outlet_host)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    /* NL_STMT_DELETE_DATES */
    "DELETE FROM annotations WHERE article = ?1 AND kind = 'date'",
    /* NL_STMT_ARTICLE_BODY */ "SELECT body FROM articles WHERE rowid = ?1",
    /* NL_STMT_SENTENCE_SPANS */
    ("SELECT j.value ->> 0, j.value ->> 1 FROM articles a,"
     " json_each(a.sentences) j WHERE a.rowid = ?1 ORDER BY j.key"),
    /* NL_STMT_COUNT_ARTICLES */ "SELECT count(*) FROM articles",
    /* NL_STMT_INSERT_FTS */
    "INSERT INTO fts(rowid, title, body) VALUES (?1, ?2, ?3)",
    /* NL_STMT_FTS_OPTIMIZE */ "INSERT INTO fts(fts) VALUES ('optimize')",
    /* NL_STMT_FILES_UNDER */
    "SELECT path FROM files WHERE path > ?1 AND path < ?2 ORDER BY path",
    /* NL_STMT_FILE_DELETE */ "DELETE FROM files WHERE path = ?1",
    /* NL_STMT_DELETE_ANNOTATIONS */
    "DELETE FROM annotations WHERE article = ?1",
    /* NL_STMT_KEY_MAX */
    "SELECT max(fts_key) FROM articles WHERE fts_key BETWEEN ?1 AND ?2",
    /* NL_STMT_KEY_ROW */
    "SELECT fts_key, published, title, body FROM articles WHERE rowid = ?1",
    /* NL_STMT_KEY_SET */ "UPDATE articles SET fts_key = ?2 WHERE rowid = ?1",
};

/*
** Byte substring of column `col` of table alias `t`: SQLite's substr()
** counts characters on TEXT, so cast to BLOB and back.
*/
#define NL_BYTES(t, s, e) \
  "CAST(substr(CAST(" t ".body AS BLOB), " s " + 1, " e " - " s ") AS TEXT)"

const char nl_sql_outlet[] = NL_SQL_OUTLET;
/*
** The outlet filter for a value in ASCII (%d, four times: its parameter),
** by indexes: the articles whose outlet is their source (outlet NULL) by
** articles_source, and those that take their host's name by the hosts
** of that name (articles_outlet_host) -- where a test of every row took
** 0.31 s on the synthetic 100,000-article store, this takes 0.02 s.  An
** article of that source has its outlet NULL unless it takes its host's
** name, so the row itself is read only when some such article has that
** source (the EXISTS, evaluated once: only articles with a host are in
** its index): SQLite seeks a row only when its value is asked for, and
** the keys come from articles_source.  On the synthetic 1,000,000-article
** store the keys of one outlet's 24,821 articles took 0.15-0.33 s (a
** read of every row), and take under 0.01 s.  A value with other bytes
** is compared by caseless forms, row by row.
*/
const char nl_sql_outlet_nocase[] =
    " AND ((a.source = ?%d COLLATE NOCASE AND (NOT EXISTS (SELECT 1"
    " FROM articles t INDEXED BY articles_outlet_host WHERE t.outlet_host"
    " IS NOT NULL AND t.outlet IS NOT NULL AND t.source = ?%d COLLATE"
    " NOCASE) OR a.outlet IS NULL))"
    " OR (a.outlet_host IN (SELECT outlet_host FROM articles"
    " WHERE outlet_host IS NOT NULL AND outlet = ?%d COLLATE NOCASE)"
    " AND a.outlet = ?%d COLLATE NOCASE))";
/* nl_db_sources' rows (%s: the filter's conditions); see nl_cursor.c. */
const char nl_sql_sources_of[] =
    "SELECT substr(max((s GLOB '*[^ -~]*') || s), 2) AS source,"
    " sum(n) AS articles FROM (SELECT max(a.source) AS s, count(*) AS n"
    " FROM articles a WHERE 1%s GROUP BY a.source COLLATE NOCASE)"
    " GROUP BY nl_casefold(s)";

/*
** nl_db_outlets' rows (%s, three times: the filter's conditions), by
** indexes: every article counted by its source (articles_source, as
** nl_db_sources), less the articles that take a host's name counted by
** source, plus the same counted by outlet (articles_outlet_host): where a
** pass over the articles took 3.3 s on the synthetic 1,000,000-article
** store.  The name of a caseless group is chosen among the rows that
** add articles.
*/
#define OUTLET_TAKERS /* (the planner took articles_source for its order) */\
  " FROM articles a INDEXED BY articles_outlet_host"                       \
  " WHERE a.outlet_host IS NOT NULL AND a.outlet IS NOT NULL"
const char nl_sql_outlets_of[] =
    "SELECT substr(max(CASE WHEN n > 0 THEN (s GLOB '*[^ -~]*') || s END), 2)"
    " AS outlet, sum(n) AS articles FROM ("
    "SELECT s, sum(n) AS n FROM ("
    "SELECT max(a.source) AS s, count(*) AS n FROM articles a WHERE 1%s"
    " GROUP BY a.source COLLATE NOCASE"
    " UNION ALL SELECT max(a.source), -count(*)" OUTLET_TAKERS "%s"
    " GROUP BY a.source COLLATE NOCASE) GROUP BY s HAVING sum(n) <> 0"
    " UNION ALL SELECT max(a.outlet), count(*)" OUTLET_TAKERS "%s"
    " GROUP BY a.outlet COLLATE NOCASE)"
    " GROUP BY nl_casefold(s) HAVING sum(n) > 0";

const char nl_sql_articles_cols[] =
    "a.id AS id, " NL_SQL_FILE " AS file, a.format AS format,"
    " a.source AS source,"
    " a.title AS title, a.url AS url, a.author AS author,"
    " a.language AS language, a.published AS published,"
    " a.published_source AS published_source,"
    " a.published_evidence AS published_evidence, a.body AS body,"
    " a.paragraphs AS paragraphs, a.warnings AS warnings, a.meta AS meta,"
    " " NL_SQL_OUTLET " AS outlet";

/*
** The source filter ("exact, case-insensitive"; nl_cursor.c; %d: the
** parameter of its value).  A value in ASCII is SQLite's NOCASE
** comparison, which articles_source answers.  NOCASE ignores the case of
** ASCII letters only ("Í" is not "í"), so a value with other bytes matches
** by caseless forms (nl_casefold, nl_sqlfn.c: Unicode case folding):
** first the stored spellings whose form is the value's, by a skip over
** articles_source -- one seek per spelling that differs beyond ASCII
** case, since spellings NOCASE finds equal have one caseless form --
** then their articles, by that index as for an ASCII value.  Only in
** queries: the index and the schema stay NOCASE, which a stock sqlite3
** reads.  Without articles_source (a bulk load killed before its end,
** until the next ingest or optimize builds it) the skip would cost a pass
** over the articles per spelling: the spellings come from one pass
** (nl_sql_source_folded_scan).
*/
const char nl_sql_source_nocase[] = " AND a.source = ?%d COLLATE NOCASE";
const char nl_sql_source_folded[] =
    " AND a.source COLLATE NOCASE IN (WITH RECURSIVE s(v) AS ("
    "SELECT (SELECT source FROM articles WHERE source COLLATE NOCASE >= ''"
    " ORDER BY source COLLATE NOCASE LIMIT 1)"
    " UNION ALL SELECT (SELECT source FROM articles"
    " WHERE source COLLATE NOCASE > s.v ORDER BY source COLLATE NOCASE"
    " LIMIT 1) FROM s WHERE s.v IS NOT NULL)"
    " SELECT v FROM s WHERE nl_casefold(v) = nl_casefold(?%d))";
const char nl_sql_source_folded_scan[] =
    " AND a.source COLLATE NOCASE IN (SELECT source FROM articles"
    " WHERE nl_casefold(source) = nl_casefold(?%d))";

const char nl_sql_article_dotted_cols[] =
    "a.id AS \"article.id\", " NL_SQL_FILE " AS \"article.file\","
    " a.format AS \"article.format\", a.source AS \"article.source\","
    " a.title AS \"article.title\", a.url AS \"article.url\","
    " a.author AS \"article.author\", a.language AS \"article.language\","
    " a.published AS \"article.published\","
    " a.published_source AS \"article.published_source\","
    " a.published_evidence AS \"article.published_evidence\","
    " a.paragraphs AS \"article.paragraphs\","
    " a.warnings AS \"article.warnings\", a.meta AS \"article.meta\","
    " " NL_SQL_OUTLET " AS \"article.outlet\"";

/* The columns of a search hit, its rank given by the expression `rank`. */
#define SEARCH_HIT_COLS(rank)                                               \
  "SELECT a.id AS article, a.title AS title, a.source AS source,"           \
  " " NL_SQL_FILE " AS file, a.published AS published, " rank " AS rank,"\
  " nl_one_line(snippet(fts, -1, '[', ']', '\xe2\x80\xa6', 12)) AS snippet," \
  " nl_matches(fts, 'title', 'body') AS matches, "

const char nl_sql_search_head[] = SEARCH_HIT_COLS("fts.rank");

const char nl_sql_search_hit_row[] = SEARCH_HIT_COLS("%s") "%s%s";

const char nl_sql_search_join[] =
    " FROM fts JOIN articles a ON a.fts_key = fts.rowid WHERE fts MATCH ?1";

/* Per date row, the expression and its sentence are cut out of the body
** by nl_art_cut / nl_art_sentence (nl_sqlfn.c) from a cache of the
** article's body and sentence spans: NL_ART loads it (the body and the
** list are read only then) unless it holds the row's article already;
** it is an argument of the first column, so it runs before the others. */
#define NL_ART                                                              \
  "CASE WHEN nl_art(a.rowid) THEN 1"                                         \
  " ELSE nl_art_load(a.rowid, a.body, a.sentences) END"
#define NL_SENT(k) "nl_art_sentence(a.rowid, d.sentence, " #k ")"
const char nl_sql_dates_head[] =
    "SELECT d.value AS value, d.type AS type, d.mod AS mod,"
    " nl_art_cut(" NL_ART ", a.rowid, d.start, d.end) AS expression,"
    " d.start AS start, d.end AS end, d.flags AS flags, d.anchor AS anchor,"
    " " NL_SENT(2) " AS sentence,"
    " " NL_SENT(0) " AS sentence_start, " NL_SENT(1) " AS sentence_end,"
    " a.id AS article, a.id AS \"article.id\","
    " a.source AS \"article.source\", a.title AS \"article.title\","
    " " NL_SQL_FILE " AS \"article.file\","
    " a.published AS \"article.published\","
    /* the flags' bits, yes or no (NL_COL_BOOL), after the older columns */
    " (d.flags & 1) != 0 AS absolute, (d.flags & 2) != 0 AS relative,"
    " (d.flags & 4) != 0 AS narrative, (d.flags & 8) != 0 AS unresolved,"
    " (d.flags & 16) != 0 AS future, " NL_SQL_OUTLET " AS \"article.outlet\""
    " FROM annotations d JOIN articles a ON a.rowid = d.article"
    " WHERE d.kind = 'date'";

const char nl_sql_sentences[] =
    "SELECT a.id AS article, s.key AS \"index\", s.value ->> 0 AS start,"
    " s.value ->> 1 AS end, "
    NL_BYTES("a", "(s.value ->> 0)", "(s.value ->> 1)") " AS text"
    " FROM articles a, json_each(a.sentences) s"
    " WHERE a.id = ?1 ORDER BY s.key";

const char nl_sql_article_exists[] = "SELECT 1 FROM articles WHERE id = ?1";

/*
** The publication-date reconciliation (nl_pubdate_db.c).  Besides the
** articles columns above it keeps a snapshot of the files table,
** pubdate_files(path, hash, size, mtime), created on its first run (not
** part of the versioned schema: stores of every version gain it lazily).
*/
const char nl_sql_pubdate_warn[] =
    "UPDATE articles SET warnings = ?1 WHERE rowid = ?2";
const char nl_sql_pubdate_update[] =
    "UPDATE articles SET published = ?1, published_source = ?2,"
    " published_evidence = ?3, meta_published = ?4, warnings = ?5,"
    " meta = ?7 WHERE rowid = ?6";
const char nl_sql_pubdate_row[] =
    "SELECT rowid, id, published, published_source, meta_published,"
    " published_evidence, warnings, meta, url FROM articles WHERE rowid = ?1";
/* nl_sql_pubdate_row without the columns after the body (a context row) */
const char nl_sql_pubdate_row_head[] =
    "SELECT rowid, id, published, published_source, meta_published,"
    " NULL, NULL, NULL, NULL FROM articles WHERE rowid = ?1";
/* An article whose date or warning was decided from its story -- a header
** replaced (inferred, with a metadata date), or a reconciliation warning
** kept -- so the story's changes, removals too, may change it. */
#define PUBDATE_FROM_STORY                                                  \
  "(published_source = 'inferred' AND meta_published IS NOT NULL) OR"       \
  " instr(warnings, 'publication date ') > 0"
/* Column 6: PUBDATE_FROM_STORY. */
const char nl_sql_pubdate_bodies[] =
    "SELECT rowid, body, published_source, meta_published, published,"
    " content_hash, " PUBDATE_FROM_STORY " FROM articles ORDER BY rowid";
/* Pass 0 checking the rows decided ahead (a first reconciliation: every
** article is work): the columns of nl_sql_pubdate_bodies it reads, then
** the id (all before the body). */
const char nl_sql_pubdate_prints[] =
    "SELECT rowid, NULL, published_source, meta_published, published, NULL,"
    " 0, id FROM articles ORDER BY rowid";
/* Is there work when no file changed: an undated article, or one dated
** from its story (it may have lost reports)? */
const char nl_sql_pubdate_redecide[] =
    "SELECT 1 FROM articles WHERE (published_source IS NOT 'metadata'"
    " AND meta_published IS NULL) OR " PUBDATE_FROM_STORY " LIMIT 1";
const char nl_sql_pubdate_snap_make[] =
    "CREATE TABLE IF NOT EXISTS pubdate_files(path TEXT PRIMARY KEY,"
    " hash TEXT, size INTEGER, mtime INTEGER) WITHOUT ROWID";
const char nl_sql_pubdate_snap_any[] = "SELECT 1 FROM pubdate_files LIMIT 1";
const char nl_sql_pubdate_changed[] =
    "SELECT a.rowid FROM files f JOIN articles a ON a.file_key = f.path"
    " WHERE NOT EXISTS (SELECT 1 FROM pubdate_files p WHERE p.path = f.path"
    " AND p.hash IS f.hash AND p.size IS f.size AND p.mtime IS f.mtime)";
/* 1 if a file's content (path, hash) differs from the snapshot: the last
** reconciliation did not see the store as it is (it was killed, or
** skipped); a touched file (size, mtime) is no difference. */
const char nl_sql_pubdate_stale[] =
    "SELECT EXISTS (SELECT 1 FROM files f WHERE NOT EXISTS (SELECT 1 FROM"
    " pubdate_files p WHERE p.path = f.path AND p.hash IS f.hash)) OR EXISTS"
    " (SELECT 1 FROM pubdate_files p WHERE NOT EXISTS (SELECT 1 FROM files f"
    " WHERE f.path = p.path))";
const char nl_sql_pubdate_any_file[] = "SELECT EXISTS (SELECT 1 FROM files)";
/* An ingest rewrote this file's articles: whatever the file holds now,
** the last reconciliation did not see these rows (a file changed and
** changed back between two reconciliations matches the snapshot again,
** and its rewritten rows had lost their decisions). */
const char nl_sql_pubdate_forget[] = "DELETE FROM pubdate_files WHERE path = ?1";
const char nl_sql_pubdate_snap_save[] =
    "DELETE FROM pubdate_files;"
    " INSERT INTO pubdate_files SELECT path, hash, size, mtime FROM files";

/*
** Drop the bulk-load indexes, articles_file too when `file` (inside the
** caller's transaction) -- unless a query of this connection is reading
** (a cursor in the middle of a loop), where DROP INDEX fails ("database
** table is locked"): the load then keeps them.
*/
int nl_schema_drop_bulk_indexes(sqlite3 *db, int file) {
  int rc;
  if (nl_sql_reading(db)) return SQLITE_OK;
  rc = sqlite3_exec(db, bulk_drop_sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK && file)
    rc = sqlite3_exec(db, file_drop_sql, NULL, NULL, NULL);
  return rc;
}

/*
** Create articles_file if it is missing (caller's transaction).
*/
int nl_schema_make_file_index(sqlite3 *db) {
  return sqlite3_exec(db, FILE_INDEX_AS("CREATE INDEX IF NOT EXISTS"), NULL,
                      NULL, NULL);
}


/*
** Create the bulk-load indexes that are missing (caller's transaction).
*/
int nl_schema_make_bulk_indexes(sqlite3 *db) {
  return sqlite3_exec(db, bulk_indexes_sql, NULL, NULL, NULL);
}

/* Is a statement of `db` in the middle of its rows?  See nl_db_internal.h. */
int nl_sql_reading(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  while ((st = sqlite3_next_stmt(db, st)) != NULL)
    if (sqlite3_stmt_busy(st)) return 1;
  return 0;
}

/*
** The first column of the first row of `sql` into *v; see
** nl_db_internal.h.
*/
int nl_sql_int(sqlite3 *db, const char *sql, sqlite3_int64 *v) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
    if (rc == SQLITE_ROW) *v = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* nl_sql_int into an int. */
static int one_int(sqlite3 *db, const char *sql, int *v) {
  sqlite3_int64 x = *v;
  int rc = nl_sql_int(db, sql, &x);
  *v = (int)x;
  return rc;
}

/* Does the store have articles_file?  See nl_db_internal.h. */
int nl_schema_has_file_index(sqlite3 *db) {
  int n = 1;
  one_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND"
              " name = 'articles_file'", &n);
  return n > 0;
}

/* Does the store have articles_source?  See nl_db_internal.h. */
int nl_schema_has_source_index(sqlite3 *db) {
  int n = 1;
  one_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND"
              " name = 'articles_source'", &n);
  return n > 0;
}

/*
** *missing = how many of the bulk-load indexes do not exist.
*/
int nl_schema_bulk_indexes_missing(sqlite3 *db, int *missing) {
  int present = BULK_INDEX_COUNT, rc = one_int(db, bulk_count_sql, &present);
  *missing = rc == SQLITE_OK ? BULK_INDEX_COUNT - present : 0;
  return rc;
}

/*
** The SQL inserting n dates in one statement (the ingest fills whole
** statements across articles: nl_db_dates_add): a statement's start and
** end cost ~2.8k instructions, about a third of a date row.
*/
void nl_schema_dates_sql(size_t n, nl_buf *out) {
  size_t i;
  nl_buf_puts(out, "INSERT OR IGNORE INTO annotations(article, kind, start,"
                   " end, type, value, mod, flags, anchor, sentence) VALUES ");
  for (i = 0; i < n; i++)
    nl_buf_puts(out, i ? ", (?, 'date', ?, ?, ?, ?, ?, ?, ?, ?)"
                       : "(?, 'date', ?, ?, ?, ?, ?, ?, ?, ?)");
}

/*
** The SQL of cached statement `id` (nl_stmt_id order).
*/
const char *nl_schema_stmt_sql(nl_stmt_id id) {
  return (unsigned)id < NL_STMT_N ? stmt_sql[id] : NULL;
}

static int user_version(sqlite3 *db, int *v) {
  return one_int(db, "PRAGMA user_version", v);
}

static int table_count(sqlite3 *db, int *n) {
  return one_int(db, "SELECT count(*) FROM sqlite_schema", n);
}

static int has_column(sqlite3 *db, const char *table, const char *col) {
  sqlite3_stmt *st;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE "
                             "name = ?2", -1, &st, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
  found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

/* An article's rowid and the first key of its minute (migration 4 -> 5). */
typedef struct keyed {
  sqlite3_int64 rowid, base;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->base != y->base) return x->base < y->base ? -1 : 1;
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* Read (rowid, base) of every article into *out, *n. */
static int read_bases(sqlite3 *db, keyed **out, size_t *n) {
  sqlite3_stmt *st;
  size_t cap = 0;
  int rc = sqlite3_prepare_v2(db, "SELECT rowid, published FROM articles",
                              -1, &st, NULL);
  *out = NULL;
  *n = 0;
  if (rc != SQLITE_OK) return rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (*n == cap) {
      keyed *k = nl_realloc(*out, (cap = cap ? 2 * cap : 1024) * sizeof *k);
      if (!k) {
        rc = SQLITE_NOMEM;
        break;
      }
      *out = k;
    }
    (*out)[*n].rowid = sqlite3_column_int64(st, 0);
    nl_fts_key_base((const char *)sqlite3_column_text(st, 1),
                    &(*out)[*n].base);
    (*n)++;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
** Give every article its fts_key: in (minute, rowid) order, each the
** first key of its minute or the one after the previous key, whichever is
** larger (undated ones 1, 2, ...).
*/
static int assign_keys(sqlite3 *db) {
  keyed *k = NULL;
  size_t n = 0, i;
  sqlite3_stmt *up = NULL;
  sqlite3_int64 last = 0, day = 0;
  size_t day_next = 0; /* index after the current day's articles */
  int rc = read_bases(db, &k, &n);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, nl_schema_stmt_sql(NL_STMT_KEY_SET), -1, &up,
                            NULL);
  if (rc == SQLITE_OK) qsort(k, n, sizeof *k, cmp_keyed);
  for (i = 0; rc == SQLITE_OK && i < n; i++) {
    sqlite3_int64 key = k[i].base > last ? k[i].base : last + 1;
    if (key < 1) key = 1;
    if (k[i].base >= NL_KEY_DATED) { /* stay in the day (since/until) */
      if (i >= day_next) { /* the first article of its day */
        day = k[i].base - (k[i].base - NL_KEY_DATED) % NL_KEY_DAY;
        for (day_next = i; day_next < n && k[day_next].base < day + NL_KEY_DAY;)
          day_next++;
        if (day_next - i > 1440 * NL_KEY_MINUTE) {
          rc = SQLITE_FULL; /* the day cannot hold them */
          break;
        }
      }
      /* leave a key for each article after it in its day */
      if (key > day + 1440 * NL_KEY_MINUTE - (sqlite3_int64)(day_next - i))
        key = day + 1440 * NL_KEY_MINUTE - (sqlite3_int64)(day_next - i);
    }
    last = key;
    sqlite3_bind_int64(up, 1, k[i].rowid);
    sqlite3_bind_int64(up, 2, key);
    rc = sqlite3_step(up);
    sqlite3_reset(up);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  sqlite3_finalize(up);
  nl_free(k);
  return rc;
}

/*
** From version 4 (the index keyed by article rowid): add and fill
** articles.fts_key, and build the index again under the new keys, in key
** order (FTS5 starts a new segment whenever a rowid goes down).  Re-reads
** and re-tokenizes every article: minutes at a million articles.  A store
** that already has the column (created at version 5, then marked older)
** only gets its version.
*/
static int migrate_4_5(sqlite3 *db) {
  int rc;
  if (has_column(db, "articles", "fts_key"))
    return sqlite3_exec(db, "PRAGMA user_version = 5", NULL, NULL, NULL);
  rc = sqlite3_exec(db, "DROP TRIGGER IF EXISTS articles_au;"
                        "DROP TABLE IF EXISTS fts;"
                        "ALTER TABLE articles ADD COLUMN fts_key INTEGER;",
                    NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = assign_keys(db);
  if (rc == SQLITE_OK) /* with fts_key now (the dates' index stays) */
    rc = sqlite3_exec(db, BULK_ARTICLES_DROP BULK_INDEX_PUBLISHED
                      BULK_INDEX_SOURCE, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, FTS_TABLE
                      "INSERT INTO fts(rowid, title, body) SELECT fts_key,"
                      " title, body FROM articles ORDER BY fts_key;"
                      "PRAGMA user_version = 5;",
                      NULL, NULL, NULL);
  return rc;
}

/* nl_hash64 of the text argument as 16 hex digits (migration 5 -> 6). */
static void body_hash_fn(sqlite3_context *cx, int argc, sqlite3_value **argv) {
  const char *b = (const char *)sqlite3_value_text(argv[0]);
  char hex[17];
  (void)argc;
  nl_hash64_hex(nl_hash64(b ? b : "", (size_t)sqlite3_value_bytes(argv[0])),
                hex);
  sqlite3_result_text(cx, hex, 16, SQLITE_TRANSIENT);
}

/*
** From version 5 (FNV-1a hashes): every articles.content_hash recomputed,
** nl_hash64 of the body as nl_db_write.c stores it (so new and old
** articles compare: the reconciliation's twins); a file hash cannot be
** (the file is outside the store) and is marked old instead
** (NL_OLD_HASH_PREFIX), in files and in the reconciliation's snapshot
** pubdate_files alike, so the snapshot still matches.  Reads and rewrites
** every article row (the hash is stored after the body): 0.2 s for
** Reuters' 21,578 articles (27 MB of text), in proportion to the text.
** The SQL function lives for the migration only.
*/
#define MARK_OLD_HASHES(table)                                              \
  "UPDATE " table " SET hash = '" NL_OLD_HASH_PREFIX "' || hash"           \
  " WHERE length(hash) = 16"
static int migrate_5_6(sqlite3 *db) {
  int rc = sqlite3_create_function_v2(db, "nl_migrate_hash", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      NULL, body_hash_fn, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "UPDATE articles SET content_hash ="
                      " nl_migrate_hash(body)", NULL, NULL, NULL);
  sqlite3_create_function_v2(db, "nl_migrate_hash", 1, SQLITE_UTF8, NULL,
                             NULL, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, MARK_OLD_HASHES("files"), NULL, NULL, NULL);
  if (rc == SQLITE_OK && has_column(db, "pubdate_files", "hash"))
    rc = sqlite3_exec(db, MARK_OLD_HASHES("pubdate_files"), NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "PRAGMA user_version = 6", NULL, NULL, NULL);
  return rc;
}

/*
** From version 6: which analysis made each file's articles
** (files.analysis, NL_ANALYSIS_VERSION): 0, older than any, for the files
** stored so far.  A new column with a constant default: no row is
** rewritten.  (A store that has it already, made by a newslua of version
** 7 and marked older, keeps it.)
*/
static int migrate_6_7(sqlite3 *db) {
  int rc = SQLITE_OK;
  if (!has_column(db, "files", "analysis"))
    rc = sqlite3_exec(db, "ALTER TABLE files ADD COLUMN analysis INTEGER"
                      " NOT NULL DEFAULT 0", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "PRAGMA user_version = 7", NULL, NULL, NULL);
  return rc;
}

/*
** From version 7: each article's outlet (articles.outlet, outlet_host and
** their index; nl_outlet.h), worked out from its source, address and
** format, then the hosts' names over the store.  Rewrites the rows of the
** articles with a host (the new columns come after the body): none where
** every source is a name.
*/
static int migrate_7_8(sqlite3 *db) {
  sqlite3_stmt *rd = NULL, *up = NULL;
  int rc = SQLITE_OK;
  nl_error err = NL_ERROR_INIT;
  if (!has_column(db, "articles", "outlet"))
    rc = sqlite3_exec(db, "ALTER TABLE articles ADD COLUMN outlet TEXT;"
                      "ALTER TABLE articles ADD COLUMN outlet_host TEXT;",
                      NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT rowid, source, url, format FROM"
                            " articles", -1, &rd, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "UPDATE articles SET outlet = ?2,"
                            " outlet_host = ?3 WHERE rowid = ?1 AND"
                            " ?3 IS NOT NULL", -1, &up, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step(rd)) == SQLITE_ROW) {
    sqlite3_bind_int64(up, 1, sqlite3_column_int64(rd, 0));
    nl_outlet_bind(up, 2, (const char *)sqlite3_column_text(rd, 1),
                   (const char *)sqlite3_column_text(rd, 2),
                   (const char *)sqlite3_column_text(rd, 3));
    rc = sqlite3_step(up); /* no host: no row (its outlet is its source) */
    sqlite3_reset(up);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_finalize(rd);
  sqlite3_finalize(up);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, OUTLET_INDEX, NULL, NULL, NULL);
  if (rc == SQLITE_OK && nl_outlet_refresh(db, &err) != NL_OK)
    rc = err.code == NL_ENOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, "PRAGMA user_version = 8", NULL, NULL, NULL);
  return rc;
}

/*
** Non-zero if the database already has the current schema version.
*/
int nl_schema_current(sqlite3 *db) {
  int v = 0;
  return user_version(db, &v) == SQLITE_OK && v == NL_SCHEMA_VERSION;
}

/*
** Create the schema in an empty database or check an existing one.
** Runs inside the caller's transaction (none needed when readonly).
*/
nl_status nl_schema_apply(sqlite3 *db, const char *path, int readonly,
                          nl_error *err) {
  int v = 0, n = 0, rc;
  rc = user_version(db, &v);
  if (rc == SQLITE_OK) rc = table_count(db, &n);
  if (rc != SQLITE_OK)
    return nl_error_set(err, rc == SQLITE_NOTADB ? NL_EDB : NL_EIO,
                        "%s: cannot read store: %s", path, sqlite3_errmsg(db));
  if (v == NL_SCHEMA_VERSION) return NL_OK;
  /* 6 differs in hashes, 7 in files.analysis: only an ingest reads them;
  ** 8 added the outlets, which every query reads */
  if ((v == 5 || v == 6 || v == 7) && readonly &&
      has_column(db, "articles", "outlet"))
    return NL_OK;
  if ((v == 1 && has_column(db, "articles", "file_key")) || v == 2 ||
      v == 3 || v == 4 || v == 5 || v == 6 || v == 7) {
    if (readonly)
      return nl_error_set(err, NL_EDB,
                          "%s: store has schema version %d; open it once "
                          "read-write to upgrade it to %d",
                          path, v, NL_SCHEMA_VERSION);
    rc = v == 1 ? sqlite3_exec(db, migrate_1_2, NULL, NULL, NULL) : SQLITE_OK;
    if (rc == SQLITE_OK && v < 3)
      rc = sqlite3_exec(db, has_column(db, "articles", "sentences")
                                ? "PRAGMA user_version = 3"
                                : migrate_2_3,
                        NULL, NULL, NULL);
    if (rc == SQLITE_OK && v < 4)
      rc = sqlite3_exec(db, migrate_3_4, NULL, NULL, NULL);
    if (rc == SQLITE_OK && v < 5) rc = migrate_4_5(db);
    if (rc == SQLITE_OK && v < 6) rc = migrate_5_6(db);
    if (rc == SQLITE_OK && v < 7) rc = migrate_6_7(db);
    if (rc == SQLITE_OK) rc = migrate_7_8(db);
    if (rc != SQLITE_OK)
      return nl_error_set(err, NL_EDB, "%s: cannot migrate schema %d -> %d: "
                          "%s", path, v, NL_SCHEMA_VERSION, sqlite3_errmsg(db));
    return NL_OK;
  }
  if (v == 1)
    return nl_error_set(err, NL_EDB,
                        "%s: store has a development schema (version 1 "
                        "without file keys); delete it and ingest again",
                        path);
  if (v > NL_SCHEMA_VERSION)
    return nl_error_set(err, NL_EDB,
                        "%s: store has schema version %d, this newslua "
                        "understands up to %d",
                        path, v, NL_SCHEMA_VERSION);
  if (n > 0)
    return nl_error_set(err, NL_EDB,
                        "%s: not a newslua store (has tables but no "
                        "newslua schema version)",
                        path);
  if (readonly)
    return nl_error_set(err, NL_EDB, "%s: empty store opened read-only",
                        path);
  rc = sqlite3_exec(db, schema_sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return nl_error_set(err, NL_EDB, "%s: cannot create schema: %s", path,
                        sqlite3_errmsg(db));
  return NL_OK;
}
