#!/usr/bin/env bash
# Runs the offline sandbox's tests (sandbox/tests, pytest). The sandbox itself
# is standard-library Python (>= 3.9) and does not use skuwire; only pytest is
# installed, idempotently, into a private venv (target/sandbox/.venv).
# Works on a fresh machine with python3 + pip (Debian: python3-venv is
# installed with apt if missing). Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/target/sandbox/.venv"
PY="$VENV/bin/python"
log() { printf '\033[1m[sandbox]\033[0m %s\n' "$*" >&2; }
start=$(date +%s)

base="${PYTHON:-python3}"
"$base" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || { log "Python >= 3.9 required ($("$base" --version 2>&1))"; exit 1; }

if [ ! -x "$PY" ]; then
  mkdir -p "$(dirname "$VENV")"
  if ! "$base" -m venv "$VENV" 2>/dev/null; then
    log "python3 -m venv failed; installing python3-venv with apt"
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    "$base" -m venv "$VENV"
  fi
fi
if ! "$PY" -c 'import pytest' 2>/dev/null; then
  log "installing pytest into $VENV"
  "$PY" -m pip install -q --disable-pip-version-check "pytest>=8,<10"
fi

cd "$ROOT/sandbox"
log "pytest sandbox/tests"
"$PY" -m pytest tests -q -p no:cacheprovider "$@"
log "sandbox tests passed in $(( $(date +%s) - start )) s"
