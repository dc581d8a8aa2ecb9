#!/bin/sh
# Install the Debian packages newslua needs to build, test and benchmark.
# Uses apt-get when root, sudo otherwise; otherwise stops and names them.
set -eu
PKGS="build-essential cmake ninja-build pkg-config lua5.4 liblua5.4-dev lua-busted
libsqlite3-dev libxml2-dev libutf8proc-dev libuchardet-dev libstemmer-dev
zlib1g-dev libreadline-dev libmimalloc-dev"
if [ "${NEWSLUA_DEPS_EXTRA:-}" != "" ]; then PKGS="$PKGS $NEWSLUA_DEPS_EXTRA"; fi

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "newslua: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "newslua: cannot install packages (not root, no sudo). Please install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
