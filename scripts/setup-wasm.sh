#!/usr/bin/env bash
# Installs what the browser package needs, idempotently (skips what is there):
#   - Debian's rustc-web toolchain + std sources (wasm32 std is built with -Zbuild-std),
#   - lld-22 and Chromium (headless browser test),
#   - wasm-bindgen-cli pinned to the exact `wasm-bindgen` version of bindings-wasm/Cargo.toml,
#     cached under ~/.cache/skuwire/wasm-bindgen-<version>,
#   - the npm devDependencies of bindings-wasm (binaryen's wasm-opt, playwright-core).
# Prints `export` lines for nothing: build-wasm.sh / test-wasm.sh find the tools themselves.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[setup-wasm] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# --- apt -------------------------------------------------------------------
# fonts-wqy-microhei: Chinese glyphs in the browser test's screenshots.
APT_PKGS=(rustc-web cargo-web libstd-rust-web-dev rust-web-src rust-web-llvm lld-22 chromium fonts-wqy-microhei)
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "apt packages present"
fi
# rustc-web moves with security updates: its std sources must move with it.
v_rustc=$(dpkg-query -W -f='${Version}' rustc-web)
v_src=$(dpkg-query -W -f='${Version}' rust-web-src)
if [ "$v_rustc" != "$v_src" ]; then
  log "rust-web-src $v_src != rustc-web $v_rustc: upgrading both"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends rustc-web rust-web-src libstd-rust-web-dev cargo-web >/dev/null
  v_rustc=$(dpkg-query -W -f='${Version}' rustc-web)
  v_src=$(dpkg-query -W -f='${Version}' rust-web-src)
  [ "$v_rustc" = "$v_src" ] || { log "rust-web-src $v_src still differs from rustc-web $v_rustc"; exit 1; }
fi
log "rustc-web $v_rustc ($(/usr/bin/rustc -V))"

# --- wasm-bindgen-cli (exact version of the crate) --------------------------
WB_VER=$(sed -n 's/^wasm-bindgen *= *{[^}]*version *= *"=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' "$ROOT/bindings-wasm/Cargo.toml" | head -n1)
[ -n "$WB_VER" ] || { log "cannot read the pinned wasm-bindgen version from bindings-wasm/Cargo.toml"; exit 1; }
WB_ROOT="${SKUWIRE_CACHE:-$HOME/.cache/skuwire}/wasm-bindgen-$WB_VER"
if [ -x "$WB_ROOT/bin/wasm-bindgen" ] && [ "$("$WB_ROOT/bin/wasm-bindgen" --version)" = "wasm-bindgen $WB_VER" ] \
   && [ -x "$WB_ROOT/bin/wasm-bindgen-test-runner" ]; then
  log "wasm-bindgen-cli $WB_VER cached in $WB_ROOT"
else
  log "cargo install wasm-bindgen-cli =$WB_VER (takes about 5 minutes)"
  # The host toolchain (rustup's cargo) builds the CLI; no --locked: the
  # registry lacks one crate its lockfile pins.
  CARGO_TARGET_DIR="${WB_ROOT}.build" cargo install wasm-bindgen-cli --version "=$WB_VER" --root "$WB_ROOT" --quiet
  rm -rf "${WB_ROOT}.build"
fi

# --- npm devDependencies (wasm-opt from binaryen, playwright-core) ----------
cd "$ROOT/bindings-wasm"
if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] \
   && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  log "npm devDependencies present"
else
  log "npm ci in bindings-wasm"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "wasm-opt: $(node_modules/.bin/wasm-opt --version)"
log "ready"
