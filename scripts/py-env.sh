# Shared by build-py.sh and test-py.sh (source it): a private venv under the
# Python binding's cargo target dir, created and filled idempotently.
#   PY_TARGET  cargo target dir of the Python binding (target/py)
#   PY_VENV    the venv; PY_BIN its python
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY_TARGET="$ROOT/target/py"
PY_VENV="$PY_TARGET/.venv-test"
PY_BIN="$PY_VENV/bin/python"
export CARGO_TARGET_DIR="$PY_TARGET"

# Pinned below the next major so a fresh machine gets what was tested.
PY_BUILD_REQS=("maturin>=1.9.4,<2")
# basedpyright: pyright from PyPI (with its own Node), for the typing checks.
PY_TEST_REQS=("pytest>=8,<10" "requests>=2.31,<3" "httpx>=0.27,<1" "mypy>=1.10,<3" "dask[distributed]>=2024.1,<2027" "basedpyright>=1.40,<2")
# Tables as input: the DataFrame libraries the tests (and the README's
# examples) hand over through the Arrow PyCapsule interface. Optional for
# users: the package imports none of them.
# The stubs let the README's table examples type-check like the others.
PY_TABLE_REQS=("pyarrow>=16,<27" "polars>=1.0,<3" "pandas>=2.2,<4" "duckdb>=1.1,<3" "pandas-stubs>=2.2" "pyarrow-stubs>=17")

py_log() { printf '\033[1m[py]\033[0m %s\n' "$*" >&2; }

py_ensure_cargo() {
  if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      py_log "cargo not found: install Rust with rustup first"; return 1
    fi
  fi
}

py_ensure_venv() {
  local base="${PYTHON:-python3}"
  if [ ! -x "$PY_BIN" ]; then
    mkdir -p "$PY_TARGET"
    if ! "$base" -m venv "$PY_VENV" 2>/dev/null; then
      # Debian's python3 ships venv separately.
      py_log "python3 -m venv failed; installing python3-venv with apt"
      rm -rf "$PY_VENV"
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      fi
      "$base" -m venv "$PY_VENV"
    fi
  fi
}

# py_ensure_pkgs NAME... : pip install what is missing (no network when satisfied).
py_ensure_pkgs() {
  local stamp="$PY_VENV/.reqs-$(printf '%s\n' "$@" | cksum | cut -d' ' -f1)"
  if [ -f "$stamp" ]; then return 0; fi
  py_log "pip install $*"
  "$PY_BIN" -m pip install -q --disable-pip-version-check "$@"
  touch "$stamp"
}

# Builds the abi3 wheel into $PY_TARGET/wheels; prints its path on stdout.
py_build_wheel() {
  local out="$PY_TARGET/wheels"
  rm -rf "$out"
  py_log "maturin build --release -m bindings-py/Cargo.toml"
  # Explicit checks: set -e does not reach into $(…) callers of this function.
  (cd "$ROOT" && "$PY_VENV/bin/maturin" build --release -m bindings-py/Cargo.toml -i "$PY_BIN" --out "$out" >&2) \
    || { py_log "maturin build failed"; return 1; }
  local wheel
  wheel="$(ls "$out"/skuwire-*.whl 2>/dev/null | head -n1)"
  [ -n "$wheel" ] || { py_log "no wheel in $out"; return 1; }
  py_log "wheel: $(basename "$wheel") ($(wc -c < "$wheel" | tr -d ' ') bytes)"
  printf '%s\n' "$wheel"
}
