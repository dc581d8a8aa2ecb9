/*
** nl_ascii.h -- ASCII letters and their case, whatever the C locale
** (tolower() and toupper() follow setlocale, which a Lua host may call).
*/
#ifndef NL_ASCII_H
#define NL_ASCII_H

/* Is byte c an ASCII capital A-Z? */
static inline int nl_ascii_is_upper(int c) { return c >= 'A' && c <= 'Z'; }

/* Is byte c an ASCII letter? */
static inline int nl_ascii_is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || nl_ascii_is_upper(c);
}

/* Is byte c an ASCII digit 0-9? */
static inline int nl_ascii_is_digit(int c) { return c >= '0' && c <= '9'; }

/* Is byte c an ASCII letter or digit? */
static inline int nl_ascii_is_alnum(int c) {
  return nl_ascii_is_alpha(c) || nl_ascii_is_digit(c);
}

/* Byte c with an ASCII capital lower-cased; every other byte (UTF-8 lead
** and continuation bytes too) as it is. */
static inline int nl_ascii_lower(int c) {
  return nl_ascii_is_upper(c) ? c + ('a' - 'A') : c;
}

#endif
