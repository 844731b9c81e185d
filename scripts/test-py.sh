#!/usr/bin/env bash
# Builds the Python wheel, installs it into a fresh private venv and runs the
# Python suites: pytest (bindings-py/tests, including every shared vector in
# tests/vectors/) and mypy.stubtest over the installed module.
# Idempotent; exits non-zero on any failure. Works on a fresh machine
# (Debian bookworm, rustup Rust, python3 + pip).
set -euo pipefail
source "$(dirname "$0")/py-env.sh"
start=$(date +%s)

py_ensure_cargo
py_ensure_venv
py_ensure_pkgs "${PY_BUILD_REQS[@]}" "${PY_TEST_REQS[@]}" "${PY_TABLE_REQS[@]}"

wheel="$(py_build_wheel)"
py_log "installing $(basename "$wheel")"
"$PY_BIN" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"

cd "$ROOT/bindings-py"
py_log "pytest"
"$PY_BIN" -m pytest tests -q -p no:cacheprovider "$@"

py_log "mypy.stubtest skuwire"
"$PY_BIN" -m mypy.stubtest skuwire --mypy-config-file "$ROOT/bindings-py/stubtest.ini" --allowlist "$ROOT/bindings-py/stubtest-allowlist.txt"

py_log "all Python checks passed in $(( $(date +%s) - start )) s"
