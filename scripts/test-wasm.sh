#!/usr/bin/env bash
# Everything the browser package promises, on a fresh machine or a warm one:
#   1. setup      scripts/setup-wasm.sh (apt toolchain, Chromium, wasm-bindgen-cli, npm tools)
#   2. build      scripts/build-wasm.sh (web/bundler/nodejs, wasm-opt -Oz, sizes printed)
#   3. wasm tests wasm-bindgen-test in Node: every shared vector of kind validate/plan, the panic boundary
#   4. node tests size budget, no signing (exports, JS/d.ts, names, cargo tree), API, hostile corpus, tsc
#   5. browser    examples/browser in headless Chromium via playwright-core (screenshots in target/wasm/artifacts);
#                 examples/browser-form: JSON Schemas in Ajv against the core, and a TanStack Form page
#                 bundled with esbuild, in Chromium
# Exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
step() { printf '\n[test-wasm] === %s ===\n' "$*" >&2; }
timed() { local t0=$SECONDS; "$@"; printf '[test-wasm] %s: %ss\n' "$1 ${2:-}" "$((SECONDS - t0))" >&2; }

step "setup";      timed bash scripts/setup-wasm.sh
step "build";      timed bash scripts/build-wasm.sh
cat target/wasm/pkg/sizes.txt >&2
LOGS="$ROOT/target/wasm/test-logs"
mkdir -p "$LOGS"
step "wasm-bindgen tests (Node)"
timed bash scripts/build-wasm.sh cargo-test 2>&1 | tee "$LOGS/cargo-test.log"
step "form example dependencies (TanStack form-core, esbuild, Ajv)"
# Their own package (examples/browser-form/package.json): installed when its lock changed.
FORM_DIR="$ROOT/examples/browser-form"
form_lock=$(cksum < "$FORM_DIR/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$FORM_DIR/node_modules/.skuwire-lock-cksum" 2>/dev/null)" != "$form_lock" ]; then
  (cd "$FORM_DIR" && npm ci --no-audit --no-fund --loglevel=error) && echo "$form_lock" > "$FORM_DIR/node_modules/.skuwire-lock-cksum"
fi
step "node tests and the browser tests (the example page; the form example bundled with esbuild)"
timed node --test --test-reporter=spec \
  bindings-wasm/test/*.test.mjs examples/browser/e2e.test.mjs \
  examples/browser-form/forms.test.mjs examples/browser-form/e2e.test.mjs 2>&1 | tee "$LOGS/node-test.log"
printf '[test-wasm] artifacts: %s\n' "$(ls target/wasm/artifacts/*.png | tr '\n' ' ')" >&2
printf '[test-wasm] total: %ss\n' "$SECONDS" >&2
# One closing line for both runners (pipefail above already failed the script on any failure).
passed=$(( $(sed -n 's/^test result: .* \([0-9]*\) passed.*/\1/p' "$LOGS/cargo-test.log" | paste -sd+ - | sed 's/^$/0/') + $(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$LOGS/node-test.log" | head -n1 | sed 's/^$/0/') ))
failed=$(( $(sed -n 's/^test result: .* \([0-9]*\) failed.*/\1/p' "$LOGS/cargo-test.log" | paste -sd+ - | sed 's/^$/0/') + $(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$LOGS/node-test.log" | head -n1 | sed 's/^$/0/') ))
echo "wasm: $passed passed, $failed failed"
