#!/usr/bin/env bash
# Builds and tests the Node package (bindings-node/) on a fresh machine or
# again on a warm one: installs what is missing (Node/npm via apt only when
# absent, npm dependencies when package-lock.json changed), builds the addon
# with `napi build --platform --release`, runs the binding's Rust unit tests,
# type-checks the examples and the type-level tests with tsc, and runs every
# `node --test` suite (including all shared vectors, and the end-to-end suite
# against the offline sandbox, started from ../sandbox with python3). Exits
# non-zero on any failure.
set -euo pipefail
started=$(date +%s)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pkg="$root/bindings-node"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/node}"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

step() { printf '\n== %s\n' "$*"; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  step "installing Node.js and npm (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if ! command -v python3 >/dev/null; then
  # The end-to-end tests run the sandbox (pure-stdlib Python ≥ 3.9).
  step "installing python3 (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi
if ! command -v cargo >/dev/null && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
# napi always passes --target; naming the host here keeps one artifact dir for
# napi and the plain `cargo test` below.
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "Node $(node --version) is too old: skuwire needs Node >= 18.17" >&2
  exit 1
fi
echo "node $(node --version), npm $(npm --version), $(cargo --version), $(python3 --version)"

cd "$pkg"
lock_hash=$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')
stamp=node_modules/.skuwire-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ] || [ ! -x node_modules/.bin/napi ] || [ ! -x node_modules/.bin/tsc ]; then
  # `npm install` rather than `npm ci`: the lock file records only this
  # platform's optional binaries of the CLI's dependencies, which `npm ci`
  # refuses; `npm install` installs exactly the locked versions.
  step "npm install"
  npm install --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
else
  step "npm dependencies up to date"
fi

step "build (napi build --platform --release)"
bash "$root/scripts/build-node.sh"
addon=$(ls "$pkg"/skuwire.*.node)
echo "addon: $(basename "$addon") $(wc -c < "$addon" | tr -d ' ') bytes"

step "Rust unit tests of the binding"
# The test binary links against Node's napi symbols at run time
# (`dyn-symbols`); the unit tests themselves call none of them.
cargo test -p skuwire-node --lib --quiet

step "type check (tsc --noEmit)"
npx --no-install tsc -p tsconfig.json

step "node --test"
node --test tests/*.test.js

echo
echo "test-node.sh: all passed in $(( $(date +%s) - started )) s"
