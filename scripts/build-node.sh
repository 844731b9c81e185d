#!/usr/bin/env bash
# Builds the Node addon (napi-rs) for this machine into bindings-node/: the
# .node file (skuwire.<platform>.node, which binding.js loads before any
# platform package), napi's typings (binding.d.ts), and registry.d.ts (the
# operation/error-type unions generated from the core registry). The loader
# binding.js is ours (--no-js); scripts/release.sh builds the other platforms.
# It also writes convert.js (the JS conversion module both npm packages
# share, from js/convert.mjs).
# Needs `npm ci` in bindings-node first (scripts/test-node.sh does it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/node}"
# The napi CLI always passes --target; naming it here keeps one artifact dir.
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
cd "$root/bindings-node"
npx --no-install napi build --platform --release --strip --no-js --dts binding.d.ts
node tools/gen-registry.js
# convert.js: the shared conversion module (js/convert.mjs) as CommonJS.
node tools/gen-convert.js
