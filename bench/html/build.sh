#!/bin/sh
# Build the stand-alone HTML extraction driver from the core sources it
# needs (works while other core modules are still in progress).
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build-html/extract_main}
mkdir -p "$(dirname "$out")"
src=$root/core/src
cc -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
  -DNL_DRIVER_STANDALONE $NL_CFLAGS -Wall -Wextra \
  -I"$root/core/include" -I"$src" $(pkg-config --cflags libxml-2.0 uchardet) \
  "$here/extract_main.c" "$src"/nl_html.c "$src"/nl_html_meta.c "$src"/nl_html_json.c \
  "$src"/nl_html_outlet.c "$src"/nl_html_pagedate.c "$src"/nl_url.c "$src"/nl_html_extract.c "$src"/nl_datetime.c "$src"/nl_article.c "$src"/nl_buf.c \
  "$src"/nl_utf8.c "$src"/nl_error.c "$src"/nl_alloc.c "$src"/nl_charset.c \
  $(pkg-config --libs libxml-2.0 libutf8proc uchardet zlib) -o "$out"
echo "$out"
