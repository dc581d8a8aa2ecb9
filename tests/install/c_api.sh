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
sed -i "s|^prefix=.*|prefix=$PREFIX|" "$PC"
export PKG_CONFIG_PATH=$(dirname "$PC")
test -x "$PREFIX/bin/newslua" || { echo "newslua not installed"; exit 1; }
ls "$PREFIX"/lib*/lua/5.4/newslua.so "$PREFIX"/lib/*/lua/5.4/newslua.so 2>/dev/null | grep -q . || { echo "module not installed"; exit 1; }
test -f "$PREFIX/share/newslua/scripts/timeline.lua" || { echo "scripts not installed"; exit 1; }
# shellcheck disable=SC2046
cc -std=c11 ${NL_HOST_CFLAGS:-} -o "$PREFIX/host" "$SRC/docs/examples/host.c" $(pkg-config --cflags --libs newslua)
out=$("$PREFIX/host" "$SRC/corpus" Geneva)
echo "$out"
echo "$out" | grep -q "5 articles"
echo "$out" | grep -q "^hit 000_38c49de777daab70"
