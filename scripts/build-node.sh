#!/usr/bin/env bash
# Builds the Node addon (napi-rs) into bindings-node/: the .node file,
# napi's loader and typings (binding.js, binding.d.ts), registry.d.ts
# (the operation/error-type unions generated from the core registry) and
# convert.js (the JS conversion module both npm packages share, from
# js/convert.mjs).
# Needs `npm ci` in bindings-node first (scripts/test-node.sh does it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/node}"
# The napi CLI always passes --target; naming it here keeps one artifact dir.
export CARGO_BUILD_TARGET=x86_64-unknown-linux-gnu
cd "$root/bindings-node"
npx --no-install napi build --platform --release --strip --js binding.js --dts binding.d.ts
node tools/gen-registry.js
# convert.js: the shared conversion module (js/convert.mjs) as CommonJS.
node tools/gen-convert.js
