#!/usr/bin/env bash
# Builds the Python package `skuwire` as an abi3 wheel (CPython ≥ 3.9) into
# target/py/wheels/, installing maturin into a private venv if needed.
#
# The wheel ships the offline sandbox as `skuwire.sandbox` without a second
# copy of its source: bindings-py/python/skuwire/sandbox/ holds one symlink
# per module of sandbox/skuwire_sandbox/ (committed, so any maturin build
# sees them; maturin packs the files they point to). This script re-syncs
# the links first, so a module added to or removed from the sandbox cannot
# be forgotten (commit the change it reports). Its __main__.py is included
# (`python -m skuwire.sandbox`, like `skuwire sandbox`): it only starts the
# server when run, not when imported (stubtest imports every module).
set -euo pipefail
source "$(dirname "$0")/py-env.sh"

sync_sandbox_links() {
  local src="$ROOT/sandbox/skuwire_sandbox" dst="$ROOT/bindings-py/python/skuwire/sandbox" changed=0 f name
  mkdir -p "$dst"
  for f in "$src"/*.py; do
    name="$(basename "$f")"
    if [ "$(readlink "$dst/$name" 2>/dev/null)" != "../../../../sandbox/skuwire_sandbox/$name" ]; then
      ln -sfn "../../../../sandbox/skuwire_sandbox/$name" "$dst/$name"; changed=1
    fi
  done
  for f in "$dst"/*.py; do
    [ -L "$f" ] || [ -e "$f" ] || continue
    name="$(basename "$f")"
    if [ ! -e "$src/$name" ]; then rm -f "$f"; changed=1; fi
  done
  if [ "$changed" = 1 ]; then
    py_log "re-linked bindings-py/python/skuwire/sandbox/ to sandbox/skuwire_sandbox/: commit the change"
  fi
}

sync_sandbox_links
py_ensure_cargo
py_ensure_venv
py_ensure_pkgs "${PY_BUILD_REQS[@]}"
py_build_wheel >/dev/null
