#!/bin/sh
# Run the Lua specs (tests/lua/*_spec.lua) with busted under one interpreter.
#
#   tests/lua/run.sh <lua5.4|luajit> <build-dir> [busted options...]
#
# The C module is taken from <build-dir>/lua54/qedge.so (Lua 5.4) or
# <build-dir>/luajit/qedge.so (LuaJIT), the pure-Lua modules from lua/ in the
# repository. Exits non-zero when a spec fails or errors.
set -eu

usage() {
  echo "usage: $0 <lua5.4|luajit> <build-dir> [busted options...]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
interp=$1
build=$2
shift 2

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "$build" && pwd)

case $(basename "$interp") in
  luajit*) flavour=luajit ;;
  lua5.4 | lua54 | lua) flavour=lua54 ;;
  *) usage ;;
esac
if [ ! -f "$build/$flavour/qedge.so" ]; then
  echo "$0: $build/$flavour/qedge.so not found; build it first" >&2
  exit 2
fi
busted=$(command -v busted || true)
if [ -z "$busted" ]; then
  echo "$0: busted not found (Debian: apt-get install lua-busted)" >&2
  exit 2
fi

LUA_CPATH="$build/$flavour/?.so;;"
LUA_PATH="$repo/lua/?.lua;;"
# Lua 5.4 reads the versioned variables first; keep them in line.
LUA_CPATH_5_4=$LUA_CPATH
LUA_PATH_5_4=$LUA_PATH
export LUA_CPATH LUA_PATH LUA_CPATH_5_4 LUA_PATH_5_4

cd "$repo"
exec "$interp" "$busted" --output=TAP --pattern=_spec "$@" "$here"
