#!/usr/bin/env bash
# Install what building and testing qedge needs on Debian 12, then create the
# Python virtual environment in .venv. Safe to run again: it only installs
# what is missing. Run as root (or with sudo) on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git
  libyajl-dev libcurl4-openssl-dev libmicrohttpd-dev libarchive-dev
  liblua5.4-dev lua5.4 luajit2 libluajit2-5.1-dev lua-busted
  python3 python3-venv python3-dev
  clang-format valgrind
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
want=(scikit-build-core pytest numpy hypothesis jsonschema qdrant-edge-py qdrant-client schemathesis)
if ! .venv/bin/python -c "import scikit_build_core, pytest, numpy, hypothesis, jsonschema, qdrant_edge, qdrant_client, schemathesis" 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check "${want[@]}"
fi
# The JS conformance suite: Node.js (preinstalled on the CI machines; Debian's
# packages otherwise) and the locked @qdrant/js-client-rest.
if ! command -v npm >/dev/null; then
  echo "setup: installing nodejs npm"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
if [ ! -d tests/conformance/js/node_modules/@qdrant/js-client-rest ]; then
  (cd tests/conformance/js && npm ci --legacy-peer-deps --no-audit --no-fund --loglevel=error)
fi
echo "setup: ready"
