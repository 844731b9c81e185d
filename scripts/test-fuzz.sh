#!/usr/bin/env bash
# Fuzz smoke run: builds the cargo-fuzz targets of fuzz/ and runs each one
# briefly — every input of its checked-in corpus (fuzz/corpus/<target>), then
# a few seconds of fresh inputs — with memory and time limits, so a crash, a
# hang or a memory blow-up fails the suite. The long runs are in fuzz/RUNS.md.
#
# Installs what it needs, idempotently:
#   - cargo-fuzz (from crates.io), cached under ~/.cache/skuwire/cargo-fuzz-<version>.
# libFuzzer's sanitizer flags are nightly features: the stable toolchain
# accepts them with RUSTC_BOOTSTRAP=1.
#
#   FUZZ_SECONDS=N   fresh-input seconds per target (default 10)
#   FUZZ_TARGETS="a b"  only these targets
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[test-fuzz] %s\n' "$*" >&2; }

CARGO_FUZZ_VERSION=0.13.2
FUZZ_ROOT="${SKUWIRE_CACHE:-$HOME/.cache/skuwire}/cargo-fuzz-$CARGO_FUZZ_VERSION"
if [ -x "$FUZZ_ROOT/bin/cargo-fuzz" ] && "$FUZZ_ROOT/bin/cargo-fuzz" --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION"; then
  log "cargo-fuzz $CARGO_FUZZ_VERSION cached in $FUZZ_ROOT"
else
  log "cargo install cargo-fuzz =$CARGO_FUZZ_VERSION (a few minutes)"
  CARGO_TARGET_DIR="${FUZZ_ROOT}.build" cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked --root "$FUZZ_ROOT" --quiet
  rm -rf "${FUZZ_ROOT}.build"
fi
export PATH="$FUZZ_ROOT/bin:$PATH" RUSTC_BOOTSTRAP=1

cd "$ROOT/fuzz"
TARGET_DIR="$ROOT/target/fuzz"
# -a: overflow checks on, so arithmetic overflow is a crash, not a wrong number.
FLAGS=(--debug-assertions --target-dir "$TARGET_DIR")
log "building the fuzz targets"
cargo fuzz build "${FLAGS[@]}"

targets=(${FUZZ_TARGETS:-validate plan parse_flagship parse_enterprise parse_ymcart sign query json_input push nest})
seconds="${FUZZ_SECONDS:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
start_all=$(date +%s)
for t in "${targets[@]}"; do
  corpus="$ROOT/fuzz/corpus/$t"
  [ -d "$corpus" ] || { log "$t: no checked-in corpus at fuzz/corpus/$t"; failed+=("$t"); continue; }
  mkdir -p "$work/new/$t" "$work/artifacts/$t"
  start=$(date +%s)
  # New inputs go to a scratch folder: the checked-in corpus is only read.
  if cargo fuzz run "${FLAGS[@]}" "$t" "$work/new/$t" "$corpus" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len=32768 \
      -dict="$ROOT/fuzz/skuwire.dict" -artifact_prefix="$work/artifacts/$t/" -print_final_stats=1 \
      > "$work/$t.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -n1)
    log "$t: ok — $(ls "$corpus" | wc -l) corpus inputs + fresh ones, ${runs:-?} runs in $(( $(date +%s) - start )) s"
  else
    failed+=("$t")
    log "$t: FAILED — last lines of its log:"
    tail -n 60 "$work/$t.log" >&2
    for a in "$work/artifacts/$t"/*; do
      [ -e "$a" ] || continue
      mkdir -p "$ROOT/fuzz/artifacts/$t"
      cp "$a" "$ROOT/fuzz/artifacts/$t/"
      log "$t: reproduce with: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -a $t artifacts/$t/$(basename "$a")"
    done
  fi
done
log "smoke run of ${#targets[@]} targets took $(( $(date +%s) - start_all )) s"
if [ "${#failed[@]}" -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
echo "${#targets[@]} passed, 0 failed"
