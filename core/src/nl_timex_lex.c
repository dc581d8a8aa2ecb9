/*
** nl_timex_lex.c -- the byte scanner and the word lexicon of the timex
** tagger.  One pass over the bytes: words (ASCII letters, lower-cased into a
** hash on the fly), numbers (with suffixes: 1980s, 20th, 10am), and single
** punctuation tokens.  Non-ASCII letters make a word unknown; UTF-8 dashes
** and curly quotes become '-' and '\''.
*/
#include <stddef.h>
#include <string.h>
#include <threads.h>

#include "nl_alloc.h"
#include "nl_timex_internal.h"

typedef struct lex_entry {
  const char *w;
  uint8_t cls;
  uint8_t plural;
  int16_t val;
} lex_entry;

#define MISC(w, id)                                                            \
  { w, C_MISC, 0, id }

static const lex_entry lexicon[] = {
    {"january", C_MONTH, 0, 1},
    {"jan", C_MONTH, 0, 1},
    {"february", C_MONTH, 0, 2},
    {"feb", C_MONTH, 0, 2},
    {"march", C_MONTH, 0, 3},
    {"mar", C_MONTH, 0, 3},
    {"april", C_MONTH, 0, 4},
    {"apr", C_MONTH, 0, 4},
    {"may", C_MONTH, 0, 5},
    {"june", C_MONTH, 0, 6},
    {"jun", C_MONTH, 0, 6},
    {"july", C_MONTH, 0, 7},
    {"jul", C_MONTH, 0, 7},
    {"august", C_MONTH, 0, 8},
    {"aug", C_MONTH, 0, 8},
    {"september", C_MONTH, 0, 9},
    {"sept", C_MONTH, 0, 9},
    {"sep", C_MONTH, 0, 9},
    {"october", C_MONTH, 0, 10},
    {"oct", C_MONTH, 0, 10},
    {"november", C_MONTH, 0, 11},
    {"nov", C_MONTH, 0, 11},
    {"december", C_MONTH, 0, 12},
    {"dec", C_MONTH, 0, 12},
    {"monday", C_WDAY, 0, 1},
    {"mon", C_WDAY, 0, 1},
    {"tuesday", C_WDAY, 0, 2},
    {"tue", C_WDAY, 0, 2},
    {"tues", C_WDAY, 0, 2},
    {"wednesday", C_WDAY, 0, 3},
    {"wed", C_WDAY, 0, 3},
    {"thursday", C_WDAY, 0, 4},
    {"thu", C_WDAY, 0, 4},
    {"thur", C_WDAY, 0, 4},
    {"thurs", C_WDAY, 0, 4},
    {"friday", C_WDAY, 0, 5},
    {"fri", C_WDAY, 0, 5},
    {"saturday", C_WDAY, 0, 6},
    {"sat", C_WDAY, 0, 6},
    {"sunday", C_WDAY, 0, 7},
    {"sun", C_WDAY, 0, 7},
    {"mondays", C_WDAY, 1, 1},
    {"tuesdays", C_WDAY, 1, 2},
    {"wednesdays", C_WDAY, 1, 3},
    {"thursdays", C_WDAY, 1, 4},
    {"fridays", C_WDAY, 1, 5},
    {"saturdays", C_WDAY, 1, 6},
    {"sundays", C_WDAY, 1, 7},
    {"second", C_UNIT, 0, U_SEC},
    {"seconds", C_UNIT, 1, U_SEC},
    {"minute", C_UNIT, 0, U_MIN},
    {"minutes", C_UNIT, 1, U_MIN},
    {"hour", C_UNIT, 0, U_HOUR},
    {"hours", C_UNIT, 1, U_HOUR},
    {"day", C_UNIT, 0, U_DAY},
    {"days", C_UNIT, 1, U_DAY},
    {"weekend", C_UNIT, 0, U_WEEKEND},
    {"weekends", C_UNIT, 1, U_WEEKEND},
    {"week", C_UNIT, 0, U_WEEK},
    {"weeks", C_UNIT, 1, U_WEEK},
    {"fortnight", C_UNIT, 0, U_WEEK},
    {"month", C_UNIT, 0, U_MONTH},
    {"months", C_UNIT, 1, U_MONTH},
    {"quarter", C_UNIT, 0, U_QUARTER},
    {"quarters", C_UNIT, 1, U_QUARTER},
    {"year", C_UNIT, 0, U_YEAR},
    {"years", C_UNIT, 1, U_YEAR},
    {"yr", C_UNIT, 0, U_YEAR},
    {"yrs", C_UNIT, 1, U_YEAR},
    {"decade", C_UNIT, 0, U_DECADE},
    {"decades", C_UNIT, 1, U_DECADE},
    {"century", C_UNIT, 0, U_CENTURY},
    {"centuries", C_UNIT, 1, U_CENTURY},
    {"millennium", C_UNIT, 0, U_MILLENNIUM},
    {"one", C_NUMW, 0, 1},
    {"two", C_NUMW, 0, 2},
    {"three", C_NUMW, 0, 3},
    {"four", C_NUMW, 0, 4},
    {"five", C_NUMW, 0, 5},
    {"six", C_NUMW, 0, 6},
    {"seven", C_NUMW, 0, 7},
    {"eight", C_NUMW, 0, 8},
    {"nine", C_NUMW, 0, 9},
    {"ten", C_NUMW, 0, 10},
    {"eleven", C_NUMW, 0, 11},
    {"twelve", C_NUMW, 0, 12},
    {"thirteen", C_NUMW, 0, 13},
    {"fourteen", C_NUMW, 0, 14},
    {"fifteen", C_NUMW, 0, 15},
    {"sixteen", C_NUMW, 0, 16},
    {"seventeen", C_NUMW, 0, 17},
    {"eighteen", C_NUMW, 0, 18},
    {"nineteen", C_NUMW, 0, 19},
    {"twenty", C_NUMW, 0, 20},
    {"thirty", C_NUMW, 0, 30},
    {"forty", C_NUMW, 0, 40},
    {"fifty", C_NUMW, 0, 50},
    {"sixty", C_NUMW, 0, 60},
    {"seventy", C_NUMW, 0, 70},
    {"eighty", C_NUMW, 0, 80},
    {"ninety", C_NUMW, 0, 90},
    {"dozen", C_NUMW, 0, 12},
    {"first", C_ORD, 0, 1},
    {"second", C_ORD, 0, 2},
    {"third", C_ORD, 0, 3},
    {"fourth", C_ORD, 0, 4},
    {"fifth", C_ORD, 0, 5},
    {"sixth", C_ORD, 0, 6},
    {"seventh", C_ORD, 0, 7},
    {"eighth", C_ORD, 0, 8},
    {"ninth", C_ORD, 0, 9},
    {"tenth", C_ORD, 0, 10},
    {"eleventh", C_ORD, 0, 11},
    {"twelfth", C_ORD, 0, 12},
    {"thirteenth", C_ORD, 0, 13},
    {"fifteenth", C_ORD, 0, 15},
    {"twentieth", C_ORD, 0, 20},
    {"twenty-first", C_ORD, 0, 21},
    {"spring", C_SEASON, 0, S_SP},
    {"summer", C_SEASON, 0, S_SU},
    {"fall", C_SEASON, 0, S_FA},
    {"autumn", C_SEASON, 0, S_FA},
    {"winter", C_SEASON, 0, S_WI},
    {"morning", C_POD, 0, P_MO},
    {"afternoon", C_POD, 0, P_AF},
    {"evening", C_POD, 0, P_EV},
    {"night", C_POD, 0, P_NI},
    {"noon", C_POD, 0, P_NOON},
    {"midday", C_POD, 0, P_NOON},
    {"midnight", C_POD, 0, P_MIDNIGHT},
    {"overnight", C_POD, 0, P_NI},
    {"nights", C_POD, 1, P_NI},
    {"mornings", C_POD, 1, P_MO},
    {"now", C_REF, 0, R_NOW},
    {"today", C_REF, 0, R_TODAY},
    {"yesterday", C_REF, 0, R_YESTERDAY},
    {"tomorrow", C_REF, 0, R_TOMORROW},
    {"tonight", C_REF, 0, R_TONIGHT},
    {"currently", C_REF, 0, R_PRESENT},
    {"current", C_REF, 0, R_PRESENT},
    {"recently", C_REF, 0, R_RECENT},
    {"lately", C_REF, 0, R_RECENT},
    {"soon", C_REF, 0, R_SOON},
    {"nowadays", C_REF, 0, R_NOWADAYS},
    {"previously", C_REF, 0, R_RECENT},
    {"formerly", C_REF, 0, R_RECENT},
    {"presently", C_REF, 0, R_PRESENT},
    {"early", C_POS, 0, M_START},
    {"earlier", C_DIR, 0, -1},
    {"late", C_POS, 0, M_END},
    {"later", C_DIR, 0, 1},
    {"mid", C_POS, 0, M_MID},
    {"last", C_REL, 0, -1},
    {"next", C_REL, 0, 1},
    {"this", C_REL, 0, 0},
    {"past", C_REL, 0, 2},
    {"coming", C_REL, 0, 3},
    {"previous", C_REL, 0, -1},
    {"prior", C_REL, 0, -1},
    {"following", C_REL, 0, 1},
    {"upcoming", C_REL, 0, 3},
    {"ago", C_DIR, 0, -2},
    {"before", C_DIR, 0, -1},
    {"after", C_DIR, 0, 1},
    {"hence", C_DIR, 0, 2},
    {"since", C_DIR, 0, 0},
    {"about", C_APPROX, 0, MOD_APPROX},
    {"around", C_APPROX, 0, MOD_APPROX},
    {"approximately", C_APPROX, 0, MOD_APPROX},
    {"roughly", C_APPROX, 0, MOD_APPROX},
    {"some", C_APPROX, 0, MOD_APPROX},
    {"nearly", C_APPROX, 0, MOD_LESS},
    {"almost", C_APPROX, 0, MOD_LESS},
    {"under", C_APPROX, 0, MOD_LESS},
    {"over", C_APPROX, 0, MOD_MORE},
    {"daily", C_SETW, 0, U_DAY},
    {"weekly", C_SETW, 0, U_WEEK},
    {"monthly", C_SETW, 0, U_MONTH},
    {"yearly", C_SETW, 0, U_YEAR},
    {"annually", C_SETW, 0, U_YEAR},
    {"annual", C_SETW, 0, U_YEAR},
    {"hourly", C_SETW, 0, U_HOUR},
    {"quarterly", C_SETW, 0, U_QUARTER},
    {"nightly", C_SETW, 0, U_DAY},
    {"will", C_FUT, 0, 1},
    {"shall", C_FUT, 0, 1},
    {"expected", C_FUT, 0, 1},
    {"plans", C_FUT, 0, 1},
    {"plan", C_FUT, 0, 1},

    {"scheduled", C_FUT, 0, 1},
    {"set", C_FUT, 0, 1},
    {"due", C_FUT, 0, 1},
    {"going", C_FUT, 0, 1},
    {"planning", C_FUT, 0, 1},
    {"planned", C_FUT, 0, 1},
    {"expects", C_FUT, 0, 1},
    {"might", C_FUT, 0, 1},
    {"intends", C_FUT, 0, 1},
    {"aims", C_FUT, 0, 1},
    {"effective", C_FUT, 0, 1},
    {"wo", C_FUT, 0, 1},
    {"was", C_PAST, 0, 1},
    {"were", C_PAST, 0, 1},
    {"had", C_PAST, 0, 1},
    {"did", C_PAST, 0, 1},
    {"said", C_PAST, 0, 1},
    {"told", C_PAST, 0, 1},
    {"met", C_PAST, 0, 1},
    {"held", C_PAST, 0, 1},
    {"made", C_PAST, 0, 1},
    {"took", C_PAST, 0, 1},
    {"came", C_PAST, 0, 1},
    {"went", C_PAST, 0, 1},
    {"gave", C_PAST, 0, 1},
    {"left", C_PAST, 0, 1},
    {"began", C_PAST, 0, 1},
    {"fell", C_PAST, 0, 1},
    {"rose", C_PAST, 0, 1},
    {"won", C_PAST, 0, 1},
    {"lost", C_PAST, 0, 1},
    {"sold", C_PAST, 0, 1},
    {"bought", C_PAST, 0, 1},
    {"paid", C_PAST, 0, 1},
    {"spoke", C_PAST, 0, 1},
    {"wrote", C_PAST, 0, 1},
    {"saw", C_PAST, 0, 1},
    {"became", C_PAST, 0, 1},
    {"got", C_PAST, 0, 1},
    {"ran", C_PAST, 0, 1},
    {"put", C_PAST, 0, 0},
    {"knew", C_PAST, 0, 1},
    {"brought", C_PAST, 0, 1},
    {"sent", C_PAST, 0, 1},
    {"spent", C_PAST, 0, 1},
    {"found", C_PAST, 0, 1},
    {"kept", C_PAST, 0, 1},
    {"built", C_PAST, 0, 1},
    {"sought", C_PAST, 0, 1},
    {"struck", C_PAST, 0, 1},
    {"stood", C_PAST, 0, 1},
    {"fought", C_PAST, 0, 1},
    {"thought", C_PAST, 0, 1},
    {"caught", C_PAST, 0, 1},
    {"several", C_VAGUE, 0, 1},
    {"few", C_VAGUE, 0, 2},
    {"many", C_VAGUE, 0, 3},
    {"recent", C_VAGUE, 0, 4},
    {"numerous", C_VAGUE, 0, 1},
    {"gmt", C_ZONE, 0, 0},
    {"utc", C_ZONE, 0, 0},
    {"est", C_ZONE, 0, -5},
    {"edt", C_ZONE, 0, -4},
    {"cst", C_ZONE, 0, -6},
    {"cdt", C_ZONE, 0, -5},
    {"mst", C_ZONE, 0, -7},
    {"mdt", C_ZONE, 0, -6},
    {"pst", C_ZONE, 0, -8},
    {"pdt", C_ZONE, 0, -7},
    {"ist", C_ZONE, 0, 5},
    {"bst", C_ZONE, 0, 1},
    {"cet", C_ZONE, 0, 1},
    {"cest", C_ZONE, 0, 2},
    {"jst", C_ZONE, 0, 9},
    {"msk", C_ZONE, 0, 3},
    {"et", C_ZONE, 0, -5},
    MISC("the", W_THE),
    MISC("of", W_OF),
    MISC("a", W_A),
    MISC("an", W_AN),
    MISC("fiscal", W_FISCAL),
    MISC("fy", W_FISCAL), /* FY2022, FY 1990 */
    MISC("and", W_AND),
    MISC("in", W_IN),
    MISC("on", W_ON),
    MISC("at", W_AT),
    MISC("every", W_EVERY),
    MISC("each", W_EACH),
    MISC("per", W_PER),
    MISC("from", W_FROM),
    MISC("that", W_THAT),
    MISC("same", W_SAME),
    MISC("comparable", W_COMPARABLE),
    MISC("corresponding", W_COMPARABLE),
    MISC("end", W_END),
    MISC("beginning", W_BEGIN),
    MISC("start", W_BEGIN),
    MISC("middle", W_MIDDLE),
    MISC("half", W_HALF),
    MISC("twice", W_TWICE),
    MISC("once", W_ONCE),
    MISC("calendar", W_CALENDAR),
    MISC("s", W_S),
    MISC("ll", W_LL),
    MISC("d", W_D),
    MISC("by", W_BY),
    MISC("until", W_UNTIL),
    MISC("till", W_UNTIL),
    MISC("through", W_THROUGH),
    MISC("for", W_FOR),
    MISC("during", W_DURING),
    MISC("within", W_WITHIN),
    MISC("than", W_THAN),
    MISC("more", W_MORE),
    MISC("less", W_LESS),
    MISC("fewer", W_LESS),
    MISC("least", W_LEAST),
    MISC("up", W_UP),
    MISC("to", W_TO),
    MISC("no", W_NO),
    MISC("most", W_MOST),
    MISC("couple", W_COUPLE),
    MISC("latest", W_LATEST),
    MISC("times", W_TIMES),
    MISC("thousand", W_THOUSAND),
    MISC("hundred", W_HUNDRED),
    MISC("election", W_ELECTION),
    MISC("thanksgiving", W_THANKSGIVING),
    MISC("christmas", W_CHRISTMAS),
    MISC("easter", W_EASTER),
    MISC("memorial", W_MEMORIAL),
    MISC("labor", W_LABOR),
    MISC("veterans", W_VETERANS),
    MISC("boxing", W_BOXING),
    MISC("valentine", W_VALENTINE),
    MISC("halloween", W_HALLOWEEN),
    MISC("new", W_NEW),
    MISC("eve", W_EVE),
    MISC("period", W_PERIOD),
    MISC("time", W_TIME),
    MISC("future", W_FUTURE),
    MISC("present", W_PRESENT),
    MISC("old", W_OLD),
    MISC("aged", W_AGED),
    MISC("age", W_AGE),
    MISC("then", W_THEN),
    MISC("am", W_AM),
    MISC("pm", W_PM),
};

#define LEX_N (sizeof lexicon / sizeof lexicon[0])
#define HASH_SIZE 2048u

/*
** The lexicon is looked up by the word's lower-case letters packed into
** two 64-bit words (little-endian order, zero-padded; lexicon words have at
** most 13 letters), which the scanner builds while it reads the word: a
** lookup is a multiply, one probe of a table and two compares; no copy,
** byte hash or memcmp.
*/
static uint16_t hash_tab[HASH_SIZE]; /* index + 1 into lexicon, 0 empty */

/*
** A token is three 8-byte words (tx_tok's fields are ordered for it):
** w0 = start, end; w1 = val, id, kind, cls; w2 = cap, plural, ndig,
** suffix, punct, gap, trig.  A word is built in registers as these three
** and stored by tok_store: no zeroed local, no byte stores and reloads.
*/
#define TOK_W1(val, id, kind, cls)                                             \
  ((uint64_t)(uint32_t)(int32_t)(val) | (uint64_t)(uint16_t)(id) << 32 |       \
   (uint64_t)(uint8_t)(kind) << 48 | (uint64_t)(uint8_t)(cls) << 56)
#define TOK_W2(cap, plural, gap, trig)                                         \
  ((uint64_t)(uint8_t)(cap) | (uint64_t)(uint8_t)(plural) << 8 |               \
   (uint64_t)(uint8_t)(gap) << 40 | (uint64_t)(uint8_t)(trig) << 48)
#define TOK_TRIG(w2) ((unsigned)((w2) >> 48) & 1u)

/* Store the token given by its three words at *t. */
static void tok_store(tx_tok *t, uint64_t w0, uint64_t w1, uint64_t w2) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  _Static_assert(sizeof(tx_tok) == 24 && offsetof(tx_tok, end) == 4 &&
                     offsetof(tx_tok, val) == 8 && offsetof(tx_tok, id) == 12 &&
                     offsetof(tx_tok, kind) == 14 &&
                     offsetof(tx_tok, cls) == 15 &&
                     offsetof(tx_tok, cap) == 16 &&
                     offsetof(tx_tok, plural) == 17 &&
                     offsetof(tx_tok, ndig) == 18 &&
                     offsetof(tx_tok, suffix) == 19 &&
                     offsetof(tx_tok, punct) == 20 &&
                     offsetof(tx_tok, gap) == 21 && offsetof(tx_tok, trig) == 22,
                 "tx_tok layout: see TOK_W1/TOK_W2");
  unsigned char *b = (unsigned char *)t;
  memcpy(b, &w0, 8);
  memcpy(b + 8, &w1, 8);
  memcpy(b + 16, &w2, 8);
#else
  memset(t, 0, sizeof *t);
  t->start = (uint32_t)w0;
  t->end = (uint32_t)(w0 >> 32);
  t->val = (int32_t)(uint32_t)w1;
  t->id = (uint16_t)(w1 >> 32);
  t->kind = (uint8_t)(w1 >> 48);
  t->cls = (uint8_t)(w1 >> 56);
  t->cap = (uint8_t)w2;
  t->plural = (uint8_t)(w2 >> 8);
  t->ndig = (uint8_t)(w2 >> 16);
  t->suffix = (uint8_t)(w2 >> 24);
  t->punct = (uint8_t)(w2 >> 32);
  t->gap = (uint8_t)(w2 >> 40);
  t->trig = (uint8_t)(w2 >> 48);
#endif
}
/*
** The scanner's table: the same slots, each holding the key and the
** token fields it gives (so a hit reads one 24-byte slot, not the index,
** the key array, the lexicon and the trigger flags); k0 == 0 marks an
** empty slot (no word packs to 0).
*/
typedef struct lex_slot {
  uint64_t k0, k1;
  uint64_t w1; /* the word's tx_tok bytes 8..15: val, id, kind, cls */
  uint64_t w2; /* its bytes 16..23 that the entry sets: plural, trig */
} lex_slot;
static lex_slot slot_tab[HASH_SIZE];
/*
** Words of one to three letters (38% of the words of news text, most of
** them in the lexicon: the, of, to, a, in, and...) are found by their
** letters alone: the low five bits of each letter (1..26, case ignored,
** 0 past the word's end) index short_ix, which gives the word's slot in
** short_slot (0: not in the lexicon).  No prefilter, hash or compare.
*/
static uint8_t short_ix[1u << 15];
static lex_slot short_slot[128];
static uint64_t lex_key[LEX_N][2];
static uint8_t lex_trig[LEX_N]; /* tx_word_triggers of each entry */
static once_flag hash_once = ONCE_FLAG_INIT;

/*
** Prefilter: bit n of filt[first & 31][second & 31] is set when some
** lexicon word of n letters starts with those two letters (the low five
** bits of a letter ignore its case); a one-letter word is looked up with
** whatever byte follows it, so its bit is set for every second byte.  Most
** words of a text are classified with one load and never packed or looked
** up.  A false positive costs a lookup, never a wrong token.
*/
static uint16_t filt[32][32];

static uint32_t key_hash(uint64_t a, uint64_t b) {
  uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  return (uint32_t)(h >> 53); /* 11 bits: HASH_SIZE */
}

/* short_ix's index of a word of up to three letters, packed as in the
** lexicon keys (first letter in the low byte, zero bytes after the word). */
static unsigned short_index(uint32_t x) {
  return (x & 31u) | ((x >> 3) & 0x3E0u) | ((x >> 6) & 0x7C00u);
}

static void hash_build(void) {
  size_t i, k;
  uint32_t h;
  unsigned nshort = 1; /* short_slot[0] stays empty */
  for (i = 0; i < LEX_N; i++) {
    const char *w = lexicon[i].w;
    uint64_t key[2] = {0, 0};
    for (k = 0; w[k] && k < 16; k++)
      key[k / 8] |= (uint64_t)(uint8_t)w[k] << (8 * (k % 8));
    if (k <= 13 && k > 1)
      filt[w[0] & 31][w[1] & 31] |= (uint16_t)(1u << k);
    else if (k == 1)
      for (h = 0; h < 32; h++)
        filt[w[0] & 31][h] |= 2u;
    lex_key[i][0] = key[0];
    lex_key[i][1] = key[1];
    lex_trig[i] = (uint8_t)tx_word_triggers(lexicon[i].cls, lexicon[i].val);
    h = key_hash(key[0], key[1]);
    while (hash_tab[h]) {
      /* "second" is both a unit and an ordinal: the first entry wins. */
      size_t j = hash_tab[h] - 1u;
      if (lex_key[j][0] == key[0] && lex_key[j][1] == key[1]) break;
      h = (h + 1) & (HASH_SIZE - 1);
    }
    if (!hash_tab[h]) hash_tab[h] = (uint16_t)(i + 1);
  }
  for (h = 0; h < HASH_SIZE; h++) {
    const lex_entry *e;
    if (!hash_tab[h]) continue;
    i = hash_tab[h] - 1u;
    e = &lexicon[i];
    slot_tab[h].k0 = lex_key[i][0];
    slot_tab[h].k1 = lex_key[i][1];
    slot_tab[h].w1 = e->cls == C_MISC ? TOK_W1(0, e->val, TK_WORD, e->cls)
                                      : TOK_W1(e->val, 0, TK_WORD, e->cls);
    slot_tab[h].w2 = TOK_W2(0, e->plural, 0, lex_trig[i]);
    if (!(lex_key[i][0] >> 24) && nshort < 128) { /* up to three letters */
      uint64_t x = lex_key[i][0];
      short_slot[nshort] = slot_tab[h];
      short_ix[short_index((uint32_t)x)] = (uint8_t)nshort++;
    }
  }
}


/* Byte classes: 1 letter, 2 digit, 4 space, 8 UTF-8 lead/continuation. */
static const uint8_t *byte_class(void) {
  static uint8_t tab[256];
  static int done;
  if (!done) {
    int c;
    for (c = 'a'; c <= 'z'; c++)
      tab[c] = 1;
    for (c = 'A'; c <= 'Z'; c++)
      tab[c] = 1;
    for (c = '0'; c <= '9'; c++)
      tab[c] = 2;
    tab[' '] = tab['\t'] = tab['\n'] = tab['\r'] = tab['\f'] = 4;
    tab['\v'] = 4;
    for (c = 0x80; c < 256; c++)
      tab[c] = 8;
    done = 1;
  }
  return tab;
}

static const uint8_t *bclass;
static once_flag bclass_once = ONCE_FLAG_INIT;
static void bclass_build(void) {
  bclass = byte_class();
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                         \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TX_SWAR 1
/*
** High bit set in each byte of v that is not an ASCII letter (SWAR: eight
** bytes per step; the lower-cased 7-bit byte y is a letter iff 'a' <= y <=
** 'z', and neither sum below carries out of its byte).
*/
static uint64_t nonletter8(uint64_t v) {
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  uint64_t y = (v | 0x20 * ones) & ~high;
  uint64_t ge_a = (y + (0x80 - 'a') * ones) & high;
  uint64_t gt_z = (y + (0x80 - 'z' - 1) * ones) & high;
  return (v & high) | (~ge_a & high) | gt_z;
}
#endif

#if defined(__SSE2__)
#include <emmintrin.h>
#define TX_SSE2 1
/*
** Bit k set when byte k of p[0..16) is an ASCII letter: lower-cased, a
** letter is 0..25 past 'a' (an unsigned minimum tells; bytes >= 0x80 fall
** far outside).
*/
static unsigned letters16(const uint8_t *p) {
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i d = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
                           _mm_set1_epi8('a'));
  return (unsigned)_mm_movemask_epi8(
      _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(25)), d));
}
#endif

/*
** Grow the tokens and the trigger list (one block: *cap tokens, then *cap
** indices, nt of them in use) to hold n + 1.
*/
static int push(tx_tok **toks, uint32_t **trig, size_t *cap, size_t n,
                size_t nt) {
  if (n < *cap) return 0;
  {
    size_t nc = *cap ? *cap * 2 : 256;
    tx_tok *p;
    if (nc > ((size_t)-1) / TX_SCAN_SLOT) return -1;
    p = nl_realloc(*toks, nc * TX_SCAN_SLOT);
    if (!p) return -1;
    /* the old list sits after the old capacity (realloc kept its bytes) */
    memmove(p + nc, (const char *)p + *cap * sizeof *p, nt * sizeof **trig);
    *toks = p;
    *trig = (uint32_t *)(void *)(p + nc);
    *cap = nc;
  }
  return 0;
}

/*
** Classify a scanned word by its packed lower-case key (the slots of
** lookup's table, so the same entry wins): no branch on the word's class.
*/
static const lex_slot *word_slot(uint64_t ka, uint64_t kb) {
  uint32_t h = key_hash(ka, kb);
  while (slot_tab[h].k0) {
    const lex_slot *e = &slot_tab[h];
    if (e->k0 == ka && e->k1 == kb) return e;
    h = (h + 1) & (HASH_SIZE - 1);
  }
  return NULL;
}

/* Scan a number starting at text[i]; returns the end index. */
static size_t number_token(tx_tok *t, const char *text, size_t len, size_t i) {
  long v = 0;
  size_t j = i;
  while (j < len && bclass[(uint8_t)text[j]] == 2) {
    if (v < 100000000) v = v * 10 + (text[j] - '0');
    j++;
  }
  t->kind = TK_NUM;
  t->trig = 1;
  t->val = (int32_t)v;
  t->ndig = (uint8_t)(j - i > 255 ? 255 : j - i);
  if (j < len && bclass[(uint8_t)text[j]] == 1 &&
      !((text[j] | 0x20) == 't' && j + 1 < len &&
        bclass[(uint8_t)text[j + 1]] == 2)) { /* ISO 2022-01-26T15:00 */
    size_t k = j;
    char a = (char)(text[j] | 0x20), b = 0;
    while (k < len && bclass[(uint8_t)text[k]] == 1)
      k++;
    if (k - j >= 2) b = (char)(text[j + 1] | 0x20);
    if (k - j == 1 && a == 's') {
      t->suffix = 's';
    } else if (k - j == 2 &&
               ((a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                (a == 'r' && b == 'd') || (a == 't' && b == 'h'))) {
      t->suffix = 'o';
    } else if (k - j == 2 && (a == 'a' || a == 'p') && b == 'm') {
      t->suffix = (uint8_t)a;
    } else {
      t->suffix = 'x';
    }
    j = k;
  }
  return j;
}

/* UTF-8 punctuation we map: dashes and curly quotes; else 0. */
static int utf8_punct(const char *s, size_t left, size_t *adv) {
  const uint8_t *u = (const uint8_t *)s;
  if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80) {
    *adv = 3;
    if (u[2] >= 0x90 && u[2] <= 0x95) return '-';
    if (u[2] == 0x98 || u[2] == 0x99) return '\'';
    if (u[2] == 0x9C || u[2] == 0x9D) return '"';
  }
  return 0;
}

/*
** Scan text[0..len) into tokens (see nl_timex_internal.h).  Returns the
** token count or -1 on out of memory (*toks then still owned by caller).
** Each token is built in a local (so that its byte stores cannot alias the
** text or the tables, which the compiler would otherwise reload after
** every store) and copied out once.  A word is read by one 8-byte load at
** its first letter where the text allows: the same load gives its end (up
** to 8 letters), its prefilter letters and its packed key.  The index of
** every token with trig set is appended to *trig (no branch: the slot is
** written always and kept when trig is 1).
*/
long tx_scan(const char *text, size_t len, tx_tok **toks, size_t *cap,
             uint32_t **trig, size_t *ntrig) {
  size_t i = 0, n = 0, nt = 0;
  int gap = 1;
  const uint8_t *u = (const uint8_t *)text, *bc;
  tx_tok *tk = *toks;
  uint32_t *tg = *trig;
  size_t tcap = *cap;
  call_once(&hash_once, hash_build);
  call_once(&bclass_once, bclass_build);
  bc = bclass;
  while (i < len) {
    uint8_t c = u[i], k = bc[c];
    tx_tok t;
    if (k == 4) {
      gap = 1;
      i++;
      continue;
    }
    if (n >= tcap) { /* grow; toks and cap stay in locals otherwise */
      *toks = tk;
      *trig = tg;
      *cap = tcap;
      if (push(toks, trig, cap, n, nt) < 0) return -1;
      tk = *toks;
      tg = *trig;
      tcap = *cap;
    }
    if (k == 1) {
      size_t j, m;
      int foreign = 0;
      uint64_t v = 0; /* the first 8 bytes of the word, if loaded */
      int have_v = 0;
      const lex_slot *e = NULL;
      uint64_t w1 = TOK_W1(0, 0, TK_WORD, C_NONE);
      uint64_t w2 = TOK_W2(c <= 'Z', 0, gap, 0);
#ifdef TX_SWAR
#ifdef TX_SSE2
      if (i + 16 <= len) {
        /* one 16-byte load gives the end of a word of up to 15 letters */
        unsigned lm = letters16(u + i);
        memcpy(&v, u + i, 8);
        have_v = 1;
        if (lm != 0xFFFFu) {
          j = i + (size_t)__builtin_ctz(~lm); /* bit 0 set: a letter */
        } else {
          j = i + 16;
          while (j + 16 <= len && (lm = letters16(u + j)) == 0xFFFFu)
            j += 16;
          if (j + 16 <= len)
            j += (size_t)__builtin_ctz(~lm);
          else
            while (j < len && bc[u[j]] == 1)
              j++;
        }
      } else
#endif
      if (i + 8 <= len) {
        uint64_t nl;
        memcpy(&v, u + i, 8);
        have_v = 1;
        nl = nonletter8(v); /* bit 7 of byte 0 is clear: a letter */
        if (nl) {
          j = i + ((size_t)__builtin_ctzll(nl) >> 3);
        } else {
          j = i + 8;
          for (;;) {
            if (j + 8 > len) {
              while (j < len && bc[u[j]] == 1)
                j++;
              break;
            }
            memcpy(&nl, u + j, 8);
            if ((nl = nonletter8(nl)) != 0) {
              j += (size_t)__builtin_ctzll(nl) >> 3;
              break;
            }
            j += 8;
          }
        }
      } else {
        j = i + 1;
        while (j < len && bc[u[j]] == 1)
          j++;
      }
#else
      j = i + 1;
      while (j < len && bc[u[j]] == 1)
        j++;
#endif
      if (j < len && u[j] >= 0x80) /* bc[] == 8, without the load */
        while (j < len && bc[u[j]] & 9 &&
               (bc[u[j]] == 1 ||
                !utf8_punct(text + j, len - j, &(size_t){0}))) {
          foreign |= bc[u[j]] == 8; /* a non-ASCII letter: unknown word */
          j++;
        }
      m = j - i;
      if (have_v && m <= 3 && !foreign) {
        /* the loaded bytes, masked to m letters (m <= 3: a 32-bit mask) */
        unsigned q = short_ix[short_index((uint32_t)v &
                                          ((1u << (8 * m)) - 1u))];
        if (q) e = &short_slot[q];
      } else if (!foreign && m <= 13) {
        unsigned f;
        if (have_v)
          f = filt[v & 31][(v >> 8) & 31];
        else
          f = filt[u[i] & 31][m > 1 ? u[i + 1] & 31 : 0];
        if (f & (1u << m)) { /* a candidate: pack and look up */
          const uint64_t low = 0x2020202020202020ull;
          uint64_t key[2] = {0, 0};
          if (have_v && m < 8) { /* the loaded bytes, masked to m letters */
            key[0] = (v | low) & ((1ull << (8 * m)) - 1);
          }
#ifdef TX_SWAR
          else if (i + 16 <= len) { /* two loads, masked to the m letters */
            memcpy(key, u + i, 16);
            if (m < 8) {
              key[0] = (key[0] | low) & ((1ull << (8 * m)) - 1);
              key[1] = 0;
            } else {
              key[0] |= low;
              key[1] = m == 8 ? 0
                              : (key[1] | low) & ((1ull << (8 * (m - 8))) - 1);
            }
          }
#endif
          else {
            size_t q;
            for (q = 0; q < m; q++)
              key[q >> 3] |= (uint64_t)(u[i + q] | 0x20) << (8 * (q & 7));
          }
          e = word_slot(key[0], key[1]);
        }
      }
      if (e) {
        w1 = e->w1;
        w2 |= e->w2;
      }
      tok_store(&tk[n], (uint64_t)i | (uint64_t)j << 32, w1, w2);
      tg[nt] = (uint32_t)n;
      nt += TOK_TRIG(w2);
      n++;
      gap = 0;
      i = j;
      if (i < len && u[i] == ' ') { /* as below */
        gap = 1;
        i++;
      }
      continue;
    }
    memset(&t, 0, sizeof t);
    t.start = (uint32_t)i;
    t.gap = (uint8_t)gap;
    gap = 0;
    if (k == 2) {
      i = number_token(&t, text, len, i);
    } else {
      size_t adv = 1;
      int p = k == 8 ? utf8_punct(text + i, len - i, &adv) : c;
      if (k == 8 && !p) {
        /* A non-ASCII letter or symbol: an unknown word. */
        size_t j = i + 1;
        while (j < len && (bc[u[j]] & 9) &&
               !utf8_punct(text + j, len - j, &(size_t){0}))
          j++;
        t.kind = TK_WORD;
        t.end = (uint32_t)j;
        tk[n++] = t; /* never a trigger */
        i = j;
        continue;
      }
      t.kind = TK_PUNCT;
      t.punct = (uint8_t)p;
      t.trig = p == '\'';
      i += adv;
    }
    t.end = (uint32_t)i;
    tg[nt] = (uint32_t)n;
    nt += t.trig;
    tk[n++] = t;
    /* the usual single space after a token, without a trip round the loop
    ** (a branch, not arithmetic: a computed i would put the load of u[i]
    ** on the chain from one token to the next) */
    if (i < len && u[i] == ' ') {
      gap = 1;
      i++;
    }
  }
  *toks = tk;
  *trig = tg;
  *cap = tcap;
  *ntrig = nt;
  return (long)n;
}
