#!/bin/sh
# Installs the build into a temporary prefix and builds docs/examples/host.c
# against it with pkg-config, then runs it on corpus/ (scenario 5: a C host).
set -eu
BUILD=$1; SRC=$2
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
PC=$(find "$PREFIX" -name newslua.pc | head -n 1)
[ -n "$PC" ] || { echo "newslua.pc not installed"; exit 1; }
# No editing of the installed .pc: `make install PREFIX=DIR` (cmake --install
# --prefix) must give a file that points into DIR, not the configured prefix.
export PKG_CONFIG_PATH=$(dirname "$PC")
incdir=$(pkg-config --variable=includedir newslua)
test -f "$incdir/newslua/newslua.h" || { echo "newslua.pc: includedir $incdir has no newslua/newslua.h"; exit 1; }
libdir=$(pkg-config --variable=libdir newslua)
test -f "$libdir/libnewslua_core.a" || { echo "newslua.pc: libdir $libdir has no libnewslua_core.a"; exit 1; }
test -x "$PREFIX/bin/newslua" || { echo "newslua not installed"; exit 1; }
ls "$PREFIX"/lib*/lua/5.4/newslua.so "$PREFIX"/lib/*/lua/5.4/newslua.so 2>/dev/null | grep -q . || { echo "module not installed"; exit 1; }
test -f "$PREFIX/share/newslua/scripts/timeline.lua" || { echo "scripts not installed"; exit 1; }
# The installed timeline.lua with no PATH shows the installed demo story,
# writing nothing under the prefix.
story=$(cd / && "$PREFIX/bin/newslua" "$PREFIX/share/newslua/scripts/timeline.lua" --width 100 2>&1) ||
  { echo "installed timeline.lua failed: $story"; exit 1; }
echo "$story" | grep -q "^Timeline of 5 articles" || { echo "installed timeline.lua: $story"; exit 1; }
test ! -e "$PREFIX/share/newslua/corpus/.newslua" || { echo "timeline.lua wrote under the prefix"; exit 1; }
# shellcheck disable=SC2046
cc -std=c11 ${NL_HOST_CFLAGS:-} -o "$PREFIX/host" "$SRC/docs/examples/host.c" $(pkg-config --cflags --libs newslua)
out=$("$PREFIX/host" "$SRC/corpus" Geneva)
echo "$out"
echo "$out" | grep -q "5 articles"
echo "$out" | grep -q "^hit 000_38c49de777daab70"
