#!/usr/bin/env bash
# Builds the browser package for wasm32-unknown-unknown: wasm-bindgen (web,
# bundler, nodejs), wasm-opt -Oz.
#
# Toolchain: the host's (rustup) when it has the wasm32 target — with std
# built from its rust-src (-Zbuild-std) when that component is installed, else
# its prebuilt std, which only allows panic=abort — and otherwise Debian's
# rustc-web + -Zbuild-std (scripts/setup-wasm.sh installs it).
# SKUWIRE_WASM_TOOLCHAIN=rustup|debian overrides the choice;
# `build-wasm.sh --print-toolchain` prints it and exits.
#
# Output: target/wasm/pkg/{web,bundler,nodejs}/skuwire.{js,d.ts} + skuwire_bg.wasm,
# and in web/ and bundler/ forms.{js,d.ts} + forms-data.{js,d.ts} (Standard
# Schema, JSON Schemas and labels per operation, generated from the registry).
# Prints the sizes (raw, after wasm-opt, gzipped) and writes them to
# target/wasm/pkg/sizes.txt. Run scripts/setup-wasm.sh first (test-wasm.sh does).
#
# `build-wasm.sh cargo-test` runs the wasm-bindgen tests instead (Node).
#
# SKUWIRE_WASM_PANIC=unwind|abort (default unwind): with unwind, a panic is
# caught at the boundary and thrown as a SkuwireError (code "internal") and
# the module keeps working; abort traps the instance.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[build-wasm] %s\n' "$*" >&2; }

if ! command -v rustc >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/rustc" ]; then export PATH="$HOME/.cargo/bin:$PATH"; fi
SYSROOT=$(rustc --print sysroot 2>/dev/null || true)
TOOLCHAIN="${SKUWIRE_WASM_TOOLCHAIN:-}"
if [ -z "$TOOLCHAIN" ]; then
  if [ -n "$SYSROOT" ] && [ -d "$SYSROOT/lib/rustlib/wasm32-unknown-unknown/lib" ]; then TOOLCHAIN=rustup; else TOOLCHAIN=debian; fi
fi
case "$TOOLCHAIN" in
  rustup)
    CARGO=$(command -v cargo)
    if [ -n "$SYSROOT" ] && [ -d "$SYSROOT/lib/rustlib/src/rust/library" ]; then STD=build-std; else STD=prebuilt-std; fi ;;
  debian)
    # rustup's proxies would mix rustup's rustc with Debian's std: name Debian's.
    CARGO=/usr/bin/cargo STD=build-std
    export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc ;;
  *) log "SKUWIRE_WASM_TOOLCHAIN must be rustup or debian"; exit 2 ;;
esac
if [ "${1:-}" = "--print-toolchain" ]; then echo "$TOOLCHAIN $STD"; exit 0; fi

# The prebuilt wasm32 std is compiled for panic=abort.
if [ "$STD" = prebuilt-std ]; then PANIC_DEFAULT=abort; else PANIC_DEFAULT=unwind; fi
PANIC="${SKUWIRE_WASM_PANIC:-$PANIC_DEFAULT}"
if [ "$STD" = prebuilt-std ] && [ "$PANIC" = unwind ]; then
  log "panic=unwind needs std built from source: rustup component add rust-src (or SKUWIRE_WASM_TOOLCHAIN=debian)"; exit 2
fi
[ "$STD" = build-std ] || log "rustup's prebuilt wasm32 std: panic=abort (a panic traps the instance); rustup component add rust-src for unwind"
export CARGO_TARGET_DIR="$ROOT/target/wasm"
# Size: these override the workspace's release profile for this build only
# (the shared profile stays as it is; panic strategy comes from RUSTFLAGS).
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
# -Z flags (build-std, location-detail) on either toolchain.
export RUSTC_BOOTSTRAP=1
unset RUSTUP_TOOLCHAIN RUSTC_WRAPPER
case "$PANIC" in
  unwind)
    BUILD_STD="std,panic_unwind"
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Cpanic=unwind -Zlocation-detail=none"
    OPT_FEATURES=(--enable-exception-handling) ;;
  abort)
    BUILD_STD="std,panic_abort"
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zlocation-detail=none"
    OPT_FEATURES=() ;;
  *) log "SKUWIRE_WASM_PANIC must be unwind or abort"; exit 2 ;;
esac

WB_VER=$(sed -n 's/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p' "$ROOT/bindings-wasm/Cargo.toml" | head -n1)
WB_BIN="${SKUWIRE_CACHE:-$HOME/.cache/skuwire}/wasm-bindgen-$WB_VER/bin"
[ -x "$WB_BIN/wasm-bindgen" ] || { log "wasm-bindgen $WB_VER missing: run scripts/setup-wasm.sh"; exit 1; }
WASM_OPT="$ROOT/bindings-wasm/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || { log "wasm-opt missing: run scripts/setup-wasm.sh"; exit 1; }

STD_ARGS=(--target wasm32-unknown-unknown)
[ "$STD" = prebuilt-std ] || STD_ARGS+=(-Zbuild-std="$BUILD_STD" -Zbuild-std-features=optimize_for_size)

if [ "${1:-}" = "cargo-test" ]; then
  # The wasm-bindgen tests (tests/*.rs) in Node, with the same toolchain,
  # flags and std as the package, so nothing is rebuilt twice.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$WB_BIN/wasm-bindgen-test-runner"
  log "cargo test (wasm-bindgen-test in Node)"
  cd "$ROOT"
  exec "$CARGO" test -p skuwire-wasm --release --test '*' "${STD_ARGS[@]}"
fi

log "cargo build ($TOOLCHAIN $STD, $("${RUSTC:-rustc}" -V), panic=$PANIC)"
# JSON messages so the build script's OUT_DIR (the generated form data) is known.
mkdir -p "$CARGO_TARGET_DIR"
MESSAGES="$CARGO_TARGET_DIR/build-messages.jsonl"
( cd "$ROOT" && "$CARGO" build -p skuwire-wasm --release --lib "${STD_ARGS[@]}" --message-format=json-render-diagnostics > "$MESSAGES" )
RAW="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/skuwire_wasm.wasm"
FORMS_OUT=$(node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const m = lines.find((x) => x.reason === "build-script-executed" && /skuwire-wasm|bindings-wasm/.test(x.package_id));
  if (!m) process.exit(1);
  console.log(m.out_dir);
' "$MESSAGES") || { log "no build-script output for skuwire-wasm in $MESSAGES"; exit 1; }

PKG="$CARGO_TARGET_DIR/pkg"
# The features rustc enables by default for wasm32 (LLVM 20+), so wasm-opt
# keeps using them and adds nothing newer.
FEATURES=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-reference-types --enable-multivalue --enable-mutable-globals --enable-call-indirect-overlong
          "${OPT_FEATURES[@]}")
for target in web bundler nodejs; do
  out="$PKG/$target"
  rm -rf "$out"
  "$WB_BIN/wasm-bindgen" "$RAW" --out-dir "$out" --out-name skuwire --target "$target"
  "$WASM_OPT" -Oz "${FEATURES[@]}" "$out/skuwire_bg.wasm" -o "$out/skuwire_bg.wasm"
  if [ "$target" != nodejs ]; then
    # Form support (ES modules): the glue and its types, and the data the
    # build script generated from the core registry (JSON Schemas, labels).
    cp "$ROOT/bindings-wasm/src/forms.js" "$ROOT/bindings-wasm/src/forms.d.ts" "$out/"
    cp "$FORMS_OUT/forms-data.js" "$FORMS_OUT/forms-data.d.ts" "$out/"
  fi
done

size() { wc -c < "$1" | tr -d ' '; }
raw=$(size "$RAW")
bindgen_only=$("$WB_BIN/wasm-bindgen" "$RAW" --out-dir "$PKG/.tmp" --out-name skuwire --target web >/dev/null && size "$PKG/.tmp/skuwire_bg.wasm"; rm -rf "$PKG/.tmp")
opt=$(size "$PKG/web/skuwire_bg.wasm")
gz=$(gzip -9 -c "$PKG/web/skuwire_bg.wasm" | wc -c)
printf 'raw=%s bindgen=%s opt=%s gzip=%s panic=%s\n' "$raw" "$bindgen_only" "$opt" "$gz" "$PANIC" > "$PKG/sizes.txt"
log "skuwire_bg.wasm: cargo $((raw / 1024)) KiB, wasm-bindgen $((bindgen_only / 1024)) KiB, wasm-opt -Oz $((opt / 1024)) KiB, gzip -9 $((gz / 1024)) KiB ($gz bytes)"
