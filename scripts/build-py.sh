#!/usr/bin/env bash
# Builds the Python package `skuwire` as an abi3 wheel (CPython ≥ 3.9) into
# target/py/wheels/, installing maturin into a private venv if needed.
set -euo pipefail
source "$(dirname "$0")/py-env.sh"
py_ensure_cargo
py_ensure_venv
py_ensure_pkgs "${PY_BUILD_REQS[@]}"
py_build_wheel >/dev/null
