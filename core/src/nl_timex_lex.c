/*
** nl_timex_lex.c -- the byte scanner and the word lexicon of the timex
** tagger.  One pass over the text in windows of 64 bytes, whose letter
** and space masks give the tokens: words (ASCII letters, looked up by
** their lower-cased letters in a perfect hash), numbers (with suffixes:
** 1980s, 20th, 10am), and single punctuation tokens.  Non-ASCII letters
** make a word unknown; UTF-8 dashes and curly quotes become '-' and '\''.
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
    {"slated", C_FUT, 0, 1},
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
    MISC("vs", W_VS), /* "Roe vs. Wade": its dot ends no sentence */
};

#define LEX_N (sizeof lexicon / sizeof lexicon[0])

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
  _Static_assert(
      sizeof(tx_tok) == 24 && offsetof(tx_tok, end) == 4 &&
          offsetof(tx_tok, val) == 8 && offsetof(tx_tok, id) == 12 &&
          offsetof(tx_tok, kind) == 14 && offsetof(tx_tok, cls) == 15 &&
          offsetof(tx_tok, cap) == 16 && offsetof(tx_tok, plural) == 17 &&
          offsetof(tx_tok, ndig) == 18 && offsetof(tx_tok, suffix) == 19 &&
          offsetof(tx_tok, punct) == 20 && offsetof(tx_tok, gap) == 21 &&
          offsetof(tx_tok, trig) == 22,
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
** The lexicon is looked up by the word's lower-case letters packed into
** two 64-bit words (little-endian order, zero-padded; lexicon words have at
** most 13 letters), which the scanner builds from the word's bytes: a
** lookup is two multiplies, three loads (lex_find) and a compare; no copy,
** byte hash, memcmp, probe loop or branch.  The scanner's table: each
** distinct lexicon word (the first entry wins: "second" is a unit and an
** ordinal) with the token fields it gives, so a hit reads one 32-byte
** slot.  Slot 0 is no word: the fields of a word outside the lexicon.
*/
typedef struct lex_slot {
  uint64_t k0, k1;
  uint64_t w1; /* the word's tx_tok bytes 8..15: val, id, kind, cls */
  uint64_t w2; /* its bytes 16..23 that the entry sets: plural, trig */
} lex_slot;
static once_flag hash_once = ONCE_FLAG_INIT;

/*
** A perfect hash of the keys of the slots (hash and displace): the top
** bits of the key's product with mul pick a bucket, whose displacement
** (disp) moves the slot that the next bits give; ix holds the index into
** slots (0: none).  hash_build finds displacements (and, should one
** bucket's keys collide, another multiplier) that leave no two keys in
** one slot, so one probe and a compare tell any word.  key_mask: the byte
** masks of a key of m letters (m < 64), indexed by m, for its first eight
** bytes and the next eight (a word longer than 16 letters keeps 16, which
** no lexicon word has).  All in one object, which the scanner's loop
** reaches from one address.
*/
#define PH_BUCKETS 128u
#define PH_SLOTS 1024u
static struct lex_tables {
  lex_slot slots[LEX_N + 1];
  uint64_t key_mask[64][2];
  uint16_t disp[PH_BUCKETS];
  uint16_t ix[PH_SLOTS];
  uint64_t mul;
} lt;

static uint64_t ph_hash(uint64_t k0, uint64_t k1, uint64_t mul) {
  return (k0 ^ (k1 * 0x9E3779B97F4A7C15ull)) * mul;
}

/* The lexicon slot of a packed key; &lt.slots[0] when it is no word. */
static const lex_slot *lex_find(uint64_t k0, uint64_t k1) {
  uint64_t h = ph_hash(k0, k1, lt.mul);
  unsigned ix = lt.ix[((h >> 54) + lt.disp[(h >> 47) & (PH_BUCKETS - 1)]) &
                      (PH_SLOTS - 1)];
  const lex_slot *e = &lt.slots[ix];
  uint64_t diff = (e->k0 ^ k0) | (e->k1 ^ k1);
  /* ix, or 0 when the keys differ: arithmetic, not a branch (hits and
  ** misses come in no order) */
  ix &= (unsigned)((diff | (0 - diff)) >> 63) - 1u;
  return &lt.slots[ix];
}

/*
** Displacements for the nk keys' hashes under mul (buckets largest first,
** each the first displacement that puts all its keys in free slots); 0
** when two keys of a bucket fall in one slot whatever the displacement.
*/
static int ph_place(const uint64_t (*key)[2], unsigned nk, uint64_t mul) {
  static uint16_t order[LEX_N], pos[LEX_N]; /* keys by bucket; slot bits */
  unsigned first[PH_BUCKETS + 1] = {0}, fill[PH_BUCKETS], b, k, size, d;
  unsigned most = 0;
  memset(lt.disp, 0, sizeof lt.disp);
  memset(lt.ix, 0, sizeof lt.ix);
  for (k = 0; k < nk; k++) {
    uint64_t h = ph_hash(key[k][0], key[k][1], mul);
    pos[k] = (uint16_t)(h >> 54);
    first[((h >> 47) & (PH_BUCKETS - 1)) + 1]++;
  }
  for (b = 0; b < PH_BUCKETS; b++) {
    if (first[b + 1] > most) most = first[b + 1];
    first[b + 1] += first[b];
    fill[b] = first[b];
  }
  for (k = 0; k < nk; k++)
    order[fill[(ph_hash(key[k][0], key[k][1], mul) >> 47) &
               (PH_BUCKETS - 1)]++] = (uint16_t)k;
  for (size = most; size > 0; size--)
    for (b = 0; b < PH_BUCKETS; b++) {
      if (first[b + 1] - first[b] != size) continue;
      for (d = 0; d < PH_SLOTS; d++) {
        unsigned j, q;
        for (j = first[b]; j < first[b + 1]; j++) {
          unsigned sl = (pos[order[j]] + d) & (PH_SLOTS - 1);
          if (lt.ix[sl]) break;
          lt.ix[sl] = (uint16_t)(order[j] + 1);
        }
        if (j == first[b + 1]) break;
        for (q = first[b]; q < j; q++) /* undo this displacement */
          lt.ix[(pos[order[q]] + d) & (PH_SLOTS - 1)] = 0;
      }
      if (d == PH_SLOTS) return 0;
      lt.disp[b] = (uint16_t)d;
    }
  return 1;
}

/*
** Build the scanner's tables (once: call_once): lt.slots, lt.key_mask and
** the perfect hash.  (The multiplier loop ends: 336 distinct keys -- 337
** entries, "second" twice -- in 1024 slots and 128 buckets place at the
** first multiplier tried.)
*/
static void hash_build(void) {
  static uint64_t key[LEX_N][2];
  static uint16_t seen[PH_SLOTS]; /* index + 1 into key, 0 empty */
  uint64_t mul = 0xBF58476D1CE4E5B9ull;
  unsigned i, k, h, nk = 0;
  _Static_assert(LEX_N < PH_SLOTS / 2, "lexicon too big for PH_SLOTS");
  lt.slots[0].w1 = TOK_W1(0, 0, TK_WORD, C_NONE);
  for (i = 0; i < LEX_N; i++) {
    const lex_entry *e = &lexicon[i];
    uint64_t k0 = 0, k1 = 0;
    for (k = 0; e->w[k] && k < 16; k++) {
      if (k < 8)
        k0 |= (uint64_t)(uint8_t)e->w[k] << (8 * k);
      else
        k1 |= (uint64_t)(uint8_t)e->w[k] << (8 * (k - 8));
    }
    /* the first entry of a word wins: an open-addressing set of the keys
    ** kept so far, in PH_SLOTS places */
    h = (unsigned)(ph_hash(k0, k1, mul) >> 54);
    while (seen[h] && (key[seen[h] - 1][0] != k0 || key[seen[h] - 1][1] != k1))
      h = (h + 1) & (PH_SLOTS - 1);
    if (seen[h]) continue;
    seen[h] = (uint16_t)(nk + 1);
    key[nk][0] = k0;
    key[nk][1] = k1;
    lt.slots[nk + 1].k0 = k0;
    lt.slots[nk + 1].k1 = k1;
    lt.slots[nk + 1].w1 = e->cls == C_MISC ? TOK_W1(0, e->val, TK_WORD, e->cls)
                                           : TOK_W1(e->val, 0, TK_WORD, e->cls);
    lt.slots[nk + 1].w2 =
        TOK_W2(0, e->plural, 0, tx_word_triggers(e->cls, e->val));
    nk++;
  }
  for (k = 0; k < 64; k++) {
    lt.key_mask[k][0] = k >= 8 ? ~0ull : (1ull << (8 * k)) - 1;
    lt.key_mask[k][1] = k >= 16  ? ~0ull
                        : k <= 8 ? 0
                                 : (1ull << (8 * (k - 8))) - 1;
  }
  while (!ph_place((const uint64_t(*)[2])key, nk, mul))
    mul = mul * 0x9E3779B97F4A7C15ull + 2; /* odd: another multiplier */
  lt.mul = mul;
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

/*
** The scanner's output while it runs: the token block (cap tokens, then
** cap trigger indices; tx_scan's contract), the counts, and the end of the
** last token (a token that starts elsewhere has whitespace before it:
** its gap; (size_t)-1 before the first token, which has a gap too).
*/
typedef struct scan_out {
  tx_tok *tk;
  uint32_t *tg;
  size_t cap, n, nt, prev;
} scan_out;

/*
** Room for `more` tokens after the n in use (the trigger list moves with
** the capacity).  -1 on out of memory (o->tk is then still the old block).
*/
static int reserve(scan_out *o, size_t more) {
  while (o->n + more > o->cap) {
    size_t nc = o->cap ? o->cap * 2 : 256;
    tx_tok *p;
    if (nc > ((size_t)-1) / TX_SCAN_SLOT) return -1;
    p = nl_realloc(o->tk, nc * TX_SCAN_SLOT);
    if (!p) return -1;
    /* the old list sits after the old capacity (realloc kept its bytes) */
    memmove(p + nc, (const char *)p + o->cap * sizeof *p,
            o->nt * sizeof *o->tg);
    o->tk = p;
    o->tg = (uint32_t *)(void *)(p + nc);
    o->cap = nc;
  }
  return 0;
}

/*
** The lexicon slot of the m ASCII letters at p (either case), read byte
** by byte; &lt.slots[0] when the word is not in the lexicon.  (The
** windows find the same slots from loaded bytes.)
*/
static const lex_slot *word_slot_bytes(const uint8_t *p, size_t m) {
  uint64_t key[2] = {0, 0};
  size_t q;
  if (m > 16) return &lt.slots[0]; /* (lexicon words are shorter) */
  for (q = 0; q < m; q++)
    key[q >> 3] |= (uint64_t)(p[q] | 0x20) << (8 * (q & 7));
  return lex_find(key[0], key[1]);
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
** The word of ASCII letters at text[i]: its end, extended over the
** non-ASCII bytes that follow it up to a mapped UTF-8 punctuation (a
** non-ASCII letter makes it an unknown word: *foreign).
*/
static size_t word_end(const uint8_t *u, size_t len, size_t i, int *foreign) {
  size_t j = i + 1;
  *foreign = 0;
  while (j < len && bclass[u[j]] == 1)
    j++;
  if (j < len && u[j] >= 0x80) /* bclass[] == 8, without the load */
    while (j < len && bclass[u[j]] & 9 &&
           (bclass[u[j]] == 1 ||
            !utf8_punct((const char *)u + j, len - j, &(size_t){0}))) {
      *foreign |= bclass[u[j]] == 8;
      j++;
    }
  return j;
}

/*
** The token at text[i] (not whitespace), read byte by byte, stored at *out
** with the given gap; returns its end.  Every kind of token: the windows
** (scan_window) leave it numbers, non-ASCII bytes and words that run into
** them or fill a window, and big-endian hosts scan all text with it.
*/
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
__attribute__((noinline, cold)) /* (the windows' exception, else all text) */
#endif
static size_t
scan_slow(const uint8_t *u, size_t len, size_t i, int gap, tx_tok *out) {
  const char *text = (const char *)u;
  uint8_t c = u[i], k = bclass[c];
  tx_tok t;
  if (k == 1) {
    int foreign;
    size_t j = word_end(u, len, i, &foreign);
    const lex_slot *e = foreign ? &lt.slots[0] : word_slot_bytes(u + i, j - i);
    tok_store(out, (uint64_t)i | (uint64_t)j << 32, e->w1,
              TOK_W2(c <= 'Z', 0, gap, 0) | e->w2);
    return j;
  }
  memset(&t, 0, sizeof t);
  t.start = (uint32_t)i;
  t.gap = (uint8_t)gap;
  if (k == 2) {
    i = number_token(&t, text, len, i);
  } else {
    size_t adv = 1;
    int p = k == 8 ? utf8_punct(text + i, len - i, &adv) : c;
    if (k == 8 && !p) {
      /* A non-ASCII letter or symbol: an unknown word, never a trigger. */
      size_t j = i + 1;
      while (j < len && (bclass[u[j]] & 9) &&
             !utf8_punct(text + j, len - j, &(size_t){0}))
        j++;
      t.kind = TK_WORD;
      adv = j - i;
    } else {
      t.kind = TK_PUNCT;
      t.punct = (uint8_t)p;
      t.trig = p == '\'';
    }
    i += adv;
  }
  t.end = (uint32_t)i;
  *out = t;
  return i;
}

/* Append the token at text[i] (not whitespace) read by scan_slow; returns
** its end. */
static size_t emit_slow(scan_out *o, const uint8_t *u, size_t len, size_t i) {
  size_t end = scan_slow(u, len, i, i != o->prev, &o->tk[o->n]);
  o->tg[o->nt] = (uint32_t)o->n;
  o->nt += o->tk[o->n].trig;
  o->n++;
  o->prev = end;
  return end;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TX_WINDOWS 1
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if !defined(__SSE2__)
/* The 8 bytes at p, byte 0 lowest. */
static uint64_t load8(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/*
** The high bit of each byte of v that is an ASCII letter (SWAR: the 7-bit
** lower-cased byte y is a letter iff 'a' <= y <= 'z'; no sum carries out
** of its byte).
*/
static uint64_t letters8(uint64_t v) {
  const uint64_t ones = 0x0101010101010101ull, hi = 0x8080808080808080ull;
  uint64_t y = (v | 0x20 * ones) & ~hi;
  uint64_t ge_a = y + (0x80 - 'a') * ones, gt_z = y + (0x80 - 'z' - 1) * ones;
  return ge_a & ~gt_z & ~v & hi;
}

/* The high bit of each byte of v that is ' ' or '\t'..'\r'. */
static uint64_t spaces8(uint64_t v) {
  const uint64_t ones = 0x0101010101010101ull, hi = 0x8080808080808080ull;
  uint64_t y = v & ~hi, sp = y ^ 0x20 * ones;
  uint64_t is_sp = ~((sp + 0x7F * ones) | sp); /* (no carry: sp < 0x80) */
  uint64_t ctl = (y + (0x80 - '\t') * ones) & ~(y + (0x80 - '\r' - 1) * ones);
  return (is_sp | ctl) & ~v & hi;
}

/* The high bit of each byte of v that is 0xE2. */
static uint64_t bytes_e2(uint64_t v) {
  const uint64_t ones = 0x0101010101010101ull, hi = 0x8080808080808080ull;
  uint64_t x = v ^ 0xE2 * ones;
  return ~(((x & ~hi) + 0x7F * ones) | x) & hi;
}

/* Bit k set when byte k of v has its high bit set. */
static unsigned high_bits8(uint64_t v) {
  uint64_t bits = (v & 0x8080808080808080ull) >> 7; /* bit 0 of each byte */
  return (unsigned)((bits * 0x0102040810204080ull) >> 56);
}
#endif

/*
** Bit k of *letters set when byte k of p[0..64) is an ASCII letter, of
** *spaces when it is whitespace (bclass 1 and 4), of *high when it is not
** ASCII.
*/
static void window_masks(const uint8_t *p, uint64_t *letters, uint64_t *spaces,
                         uint64_t *high) {
  uint64_t l = 0, s = 0, h = 0;
  unsigned q;
#if defined(__SSE2__)
  for (q = 0; q < 4; q++) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * q));
    /* lower-cased and moved so that a..z are the 26 smallest signed bytes;
    ** \t..\r likewise the 5 smallest */
    __m128i a = _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
                             _mm_set1_epi8(0x80 - 'a'));
    __m128i c = _mm_add_epi8(x, _mm_set1_epi8(0x80 - '\t'));
    __m128i isl = _mm_cmplt_epi8(a, _mm_set1_epi8((char)(0x80 + 26)));
    __m128i iss =
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
                     _mm_cmplt_epi8(c, _mm_set1_epi8((char)(0x80 + 5))));
    l |= (uint64_t)(unsigned)_mm_movemask_epi8(isl) << (16 * q);
    s |= (uint64_t)(unsigned)_mm_movemask_epi8(iss) << (16 * q);
    h |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * q);
  }
#else
  for (q = 0; q < 8; q++) {
    l |= (uint64_t)high_bits8(letters8(load8(p + 8 * q))) << (8 * q);
    s |= (uint64_t)high_bits8(spaces8(load8(p + 8 * q))) << (8 * q);
    h |= (uint64_t)high_bits8(load8(p + 8 * q)) << (8 * q);
  }
#endif
  *letters = l;
  *spaces = s;
  *high = h;
}

/*
** Bit k set when byte k of p[0..64) is 0xE2, the lead byte of the UTF-8
** dashes and quotes that utf8_punct maps (read only in windows that have
** non-ASCII bytes).
*/
static uint64_t window_e2(const uint8_t *p) {
  uint64_t e = 0;
  unsigned q;
#if defined(__SSE2__)
  for (q = 0; q < 4; q++) {
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * q));
    __m128i eq = _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2));
    e |= (uint64_t)(unsigned)_mm_movemask_epi8(eq) << (16 * q);
  }
#else
  for (q = 0; q < 8; q++)
    e |= (uint64_t)high_bits8(bytes_e2(load8(p + 8 * q))) << (8 * q);
#endif
  return e;
}

/*
** The lexicon slot of the word of m letters (m < 64) at p (16 bytes
** readable); &lt.slots[0] when it is no lexicon word.
*/
static const lex_slot *window_word(const uint8_t *p, unsigned m) {
  const uint64_t low = 0x2020202020202020ull;
  uint64_t v0, v1;
  memcpy(&v0, p, 8);
  memcpy(&v1, p + 8, 8);
  return lex_find((v0 | low) & lt.key_mask[m][0],
                  (v1 | low) & lt.key_mask[m][1]);
}

/*
** The digits that start p[0..8) (a digit): 1..7, or 0 when all eight are
** digits.  (SWAR: a byte's high bit is set in the sum or the difference
** unless it is '0'..'9'; a carry or borrow only moves bits up, past the
** first byte that is no digit.)
*/
static unsigned number_digits(const uint8_t *p) {
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  uint64_t v, nd;
  memcpy(&v, p, 8);
  nd = ((v + (0x80 - 0x3A) * ones) | (v - 0x30 * ones)) & high;
  return nd ? (unsigned)__builtin_ctzll(nd) >> 3 : 0;
}

/*
** The value of the m digits (1..7) at the start of v's bytes (SWAR: the
** digits moved to the top bytes, then pairs, fours and eights summed).
*/
static int32_t digits_value(uint64_t v, unsigned m) {
  v = (v << (8 * (8 - m))) & 0x0F0F0F0F0F0F0F0Full;
  v = (v * 2561) >> 8;
  v = ((v & 0x00FF00FF00FF00FFull) * 6553601) >> 16;
  return (int32_t)(((v & 0x0000FFFF0000FFFFull) * 42949672960001ull) >> 32);
}

/*
** The end (in the window) of the token of letters and non-ASCII bytes that
** scan_slow would make at byte s, when no 0xE2 byte lies in [from, end):
** then no mapped UTF-8 punctuation cuts it and it is a word outside the
** lexicon.  0 when the run reaches the window's edge or holds an 0xE2.
*/
static unsigned utf8_run(uint64_t letters, uint64_t high, uint64_t e2,
                         unsigned s, unsigned from) {
  uint64_t rest = ~(letters | high) >> s;
  unsigned end;
  if (!rest) return 0;
  end = s + (unsigned)__builtin_ctzll(rest); /* < 64 */
  return (e2 & (((uint64_t)1 << end) - 1)) >> from ? 0 : end;
}

#if defined(__GNUC__)
#define TX_INLINE inline __attribute__((always_inline))
#else
#define TX_INLINE inline
#endif

/*
** The tokens of todo's bits in the window of 64 bytes at text[base] (p:
** its bytes and 16 more; letters, high, e2: its masks), up to cut: words
** of ASCII letters, ASCII punctuation and words that hold non-ASCII bytes
** but no 0xE2 made here, the rest by scan_slow.  A word ends inside the
** window (cut is before a word that runs to its edge); utf8 says whether
** the window has non-ASCII bytes (inlined twice: with the tests for them
** and without).  Returns where the next window starts.  (o's fields are
** kept in locals: a token's stores could alias them.)
*/
static TX_INLINE size_t window_tokens(scan_out *o, const uint8_t *u, size_t len,
                                      size_t base, const uint8_t *p,
                                      uint64_t todo, uint64_t letters,
                                      uint64_t high, uint64_t e2, unsigned cut,
                                      int utf8) {
  tx_tok *tk = o->tk;
  uint32_t *tg = o->tg;
  size_t n = o->n, nt = o->nt, prev = o->prev, next = base + cut;
  while (todo) {
    unsigned s = (unsigned)__builtin_ctzll(todo);
    size_t at = base + s, end;
    unsigned run = 0;
    uint64_t rest = ~letters >> s; /* bit 0 clear when a word starts */
    todo &= todo - 1;
    if (!(rest & 1)) {
      unsigned m = (unsigned)__builtin_ctzll(rest); /* rest != 0: cut */
      if (!utf8 || !(high >> (s + m) & 1)) {        /* ends in ASCII */
        const lex_slot *e = window_word(p + s, m);
        uint64_t w2 = TOK_W2(p[s] <= 'Z', 0, at != prev, 0) | e->w2;
        tok_store(&tk[n], (uint64_t)at | (uint64_t)(at + m) << 32, e->w1, w2);
        tg[nt] = (uint32_t)n;
        nt += TOK_TRIG(w2);
        n++;
        prev = at + m;
        continue;
      }
      run = utf8_run(letters, high, e2, s, s + m); /* a foreign word? */
    } else if (bclass[p[s]] == 2) {
      unsigned m = number_digits(p + s);                  /* 1..7, or 0 */
      if (m && s + m < 64 && !(letters >> (s + m) & 1)) { /* no suffix */
        uint64_t v;
        memcpy(&v, p + s, 8);
        tok_store(&tk[n], (uint64_t)at | (uint64_t)(at + m) << 32,
                  TOK_W1(digits_value(v, m), 0, TK_NUM, 0),
                  (uint64_t)m << 16 | (uint64_t)(at != prev) << 40 |
                      (uint64_t)1 << 48);
        tg[nt++] = (uint32_t)n;
        n++;
        prev = at + m;
        todo &= ~(uint64_t)0 << (s + m); /* its other digits */
        continue;
      }
    } else if (!(high >> s & 1)) { /* ASCII punctuation */
      uint64_t c = p[s];
      tok_store(&tk[n], (uint64_t)at | (uint64_t)(at + 1) << 32,
                TOK_W1(0, 0, TK_PUNCT, 0),
                c << 32 | (uint64_t)(at != prev) << 40 |
                    (uint64_t)(c == '\'') << 48);
      tg[nt] = (uint32_t)n;
      nt += c == '\'';
      n++;
      prev = at + 1;
      continue;
    } else if (utf8) {
      run = utf8_run(letters, high, e2, s, s); /* a non-ASCII word? */
    }
    if (run) { /* a word outside the lexicon, as scan_slow makes it */
      tok_store(&tk[n], (uint64_t)at | (uint64_t)(base + run) << 32,
                lt.slots[0].w1, TOK_W2(p[s] <= 'Z', 0, at != prev, 0));
      tg[nt] = (uint32_t)n;
      n++;
      prev = base + run;
      todo &= ~(uint64_t)0 << run;
      continue;
    }
    /* a number, UTF-8 punctuation, a run with an 0xE2 byte or to the edge */
    end = scan_slow(u, len, at, at != prev, &tk[n]);
    tg[nt] = (uint32_t)n;
    nt += tk[n].trig;
    n++;
    prev = end;
    if (end >= base + cut) { /* (it took the cut word, or went past) */
      next = end;
      break;
    }
    todo &= ~(uint64_t)0 << (end - base);
  }
  o->n = n;
  o->nt = nt;
  o->prev = prev;
  return next;
}

/*
** The tokens that start in the window of 64 bytes at text[base]: p holds
** its bytes and 16 more (the text itself, or a zero-padded copy at the
** text's end: lim < 64 of them are text).  A token starts at each letter
** after a non-letter and at every other byte that is not whitespace; a
** word that runs to the window's edge is left to the next window, which
** starts at it.  o has room for 64 tokens.  Returns where the next window
** starts.
*/
static size_t scan_window(scan_out *o, const uint8_t *u, size_t len,
                          size_t base, const uint8_t *p, unsigned lim) {
  uint64_t letters, spaces, high, todo;
  unsigned cut = 64;
  window_masks(p, &letters, &spaces, &high);
  if (!~letters) /* a word of 64 letters or more */
    return emit_slow(o, u, len, base);
  todo = (letters & ~(letters << 1)) | ~(letters | spaces);
  if (lim < 64) todo &= ((uint64_t)1 << lim) - 1;
  if (letters >> 63) { /* (never past lim: the copy's zeros) */
    cut = 64 - (unsigned)__builtin_clzll(~letters);
    todo &= ((uint64_t)1 << cut) - 1;
  }
  if (high) /* (the utf8 variant) */
    return window_tokens(o, u, len, base, p, todo, letters, high, window_e2(p),
                         cut, 1);
  return window_tokens(o, u, len, base, p, todo, letters, 0, 0, cut, 0);
}
#endif

/*
** Scan text[0..len) into tokens (see nl_timex_internal.h).  Returns the
** token count or -1 on out of memory (*toks then still owned by caller).
** Little-endian hosts read the text in windows of 64 bytes (scan_window);
** the last bytes through a zero-padded copy, so every load stays inside
** the text.  The index of every token with trig set is appended to *trig
** (no branch: the slot is written always and kept when trig is 1).
*/
long tx_scan(const char *text, size_t len, tx_tok **toks, size_t *cap,
             uint32_t **trig, size_t *ntrig) {
  const uint8_t *u = (const uint8_t *)text;
  scan_out o;
  size_t i = 0;
  call_once(&hash_once, hash_build);
  call_once(&bclass_once, bclass_build);
  o.tk = *toks;
  o.tg = *trig;
  o.cap = *cap;
  o.n = o.nt = 0;
  o.prev = (size_t)-1;
  while (i < len) {
#ifdef TX_WINDOWS
    uint8_t tail[80];
    const uint8_t *p = u + i;
    unsigned lim = 64;
    if (reserve(&o, 64) < 0) break;
    if (len - i < 80) {
      memset(tail, 0, sizeof tail);
      memcpy(tail, u + i, len - i);
      p = tail;
      if (len - i < 64) lim = (unsigned)(len - i);
    }
    i = scan_window(&o, u, len, i, p, lim);
#else
    if (bclass[u[i]] == 4) {
      i++;
      continue;
    }
    if (reserve(&o, 1) < 0) break;
    i = emit_slow(&o, u, len, i);
#endif
  }
  *toks = o.tk;
  *trig = o.tg;
  *cap = o.cap;
  *ntrig = o.nt;
  return i < len ? -1 : (long)o.n;
}
