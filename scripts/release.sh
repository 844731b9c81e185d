#!/usr/bin/env bash
# Builds the release artifacts into dist/, with dist/SHA256SUMS:
#
#   dist/python/skuwire-V.tar.gz                       sdist (builds wherever Rust is installed)
#   dist/python/skuwire-V-cp39-abi3-<platform>.whl     one abi3 wheel per target
#   dist/npm/skuwire-V.tgz                             main Node package (JS, types, loader)
#   dist/npm/skuwire-<id>-V.tgz                        one native addon package per target
#   dist/npm/skuwire-browser-V.tgz                     browser package (ES module, .d.ts, .wasm)
#
#   scripts/release.sh                  everything, for the four Linux targets below
#   scripts/release.sh --targets "T…"   only the wheels and addon packages of targets T
#                                       (the hosted-runner workflow builds macOS and
#                                       Windows this way, .github/workflows/release.yml)
#
# Linux wheels are manylinux2014 (glibc 2.17) or musllinux_1_2, linked with
# zig (`maturin zig cc`, from PyPI). Each target's wheel and Node addon share
# one cargo target dir, so std (when built here) and most crates compile once
# per target. A target whose std the host toolchain (rustup) has is built
# with it; any other Linux target with Debian's rustc-web and -Zbuild-std
# (docs: /work/shared/notes/toolchain.md). Idempotent: cargo's fingerprints
# key the caches on the compiler version, the tool venv on its pinned
# requirements (scripts/release/requirements.txt). Tests of the result:
# scripts/test-release.sh. With SKUWIRE_LEAN_DISK=1 (.ci/run sets it) each
# target's build dir is removed once its wheel and addon are copied out:
# a one-off build keeps ~0.5 GiB on disk instead of ~2.2 GiB.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${SKUWIRE_DIST:-$ROOT/dist}"
WORK="$ROOT/target/dist"
log() { printf '\033[1m[release]\033[0m %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

LINUX_TARGETS="x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl"
TARGETS="$LINUX_TARGETS"
FULL=1
while [ $# -gt 0 ]; do
  case "$1" in
    --targets) TARGETS="$2"; FULL=0; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"; fi
command -v cargo >/dev/null || die "cargo not found: install Rust (rustup) first"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (scripts/test-node.sh installs them)"
VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' "$ROOT/Cargo.toml")
[ -n "$VERSION" ] || die "no workspace.package.version in Cargo.toml"
HOST=$(rustc -vV | sed -n 's/^host: //p')
log "skuwire $VERSION: $TARGETS (host $HOST, $(rustc -V))"

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }

# --- tools: maturin, ziglang and auditwheel in a private venv -----------------
VENV="$WORK/.venv"
if [ -x "$VENV/Scripts/python.exe" ]; then VPY="$VENV/Scripts/python.exe"; VBIN="$VENV/Scripts"; else VPY="$VENV/bin/python"; VBIN="$VENV/bin"; fi
REQS="$ROOT/scripts/release/requirements.txt"
stamp="$VENV/.reqs-$(cksum < "$REQS" | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
  log "tool venv: pip install -r scripts/release/requirements.txt"
  rm -rf "$VENV"; mkdir -p "$WORK"
  if ! "${PYTHON:-python3}" -m venv "$VENV" 2>/dev/null; then
    # Debian's python3 ships venv separately.
    command -v apt-get >/dev/null || die "${PYTHON:-python3} -m venv failed"
    rm -rf "$VENV"; SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
    "${PYTHON:-python3}" -m venv "$VENV"
  fi
  if [ -x "$VENV/Scripts/python.exe" ]; then VPY="$VENV/Scripts/python.exe"; VBIN="$VENV/Scripts"; fi
  "$VPY" -m pip install -q --disable-pip-version-check -r "$REQS"
  touch "$stamp"
fi
MATURIN="$VBIN/maturin"

# --- per-target toolchain --------------------------------------------------
# The host toolchain when it has the target's std, else Debian's rustc-web,
# which builds std from source (-Zbuild-std); installed with apt only when missing.
has_std() { [ -d "$(rustc --print sysroot)/lib/rustlib/$1/lib" ]; }
ensure_rustc_web() {
  local missing="" p
  for p in rustc-web cargo-web libstd-rust-web-dev rust-web-src; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    command -v apt-get >/dev/null || die "no std for the target in $(rustc --print sysroot) and no apt-get for Debian's rustc-web: rustup target add it"
    log "apt-get install$missing"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
  [ "$(dpkg-query -W -f='${Version}' rustc-web)" = "$(dpkg-query -W -f='${Version}' rust-web-src)" ] \
    || die "rust-web-src and rustc-web differ in version: run scripts/setup-wasm.sh (it upgrades both)"
}

# Zig linker wrappers for the Linux targets (glibc 2.17 for manylinux2014).
zig_target() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo x86_64-linux-gnu.2.17 ;;
    aarch64-unknown-linux-gnu) echo aarch64-linux-gnu.2.17 ;;
    x86_64-unknown-linux-musl) echo x86_64-linux-musl ;;
    aarch64-unknown-linux-musl) echo aarch64-linux-musl ;;
    *) echo "" ;;
  esac
}
# napi-rs platform ids (bindings-node/npm/<id>/).
platform_id() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo linux-x64-gnu ;;
    aarch64-unknown-linux-gnu) echo linux-arm64-gnu ;;
    x86_64-unknown-linux-musl) echo linux-x64-musl ;;
    aarch64-unknown-linux-musl) echo linux-arm64-musl ;;
    x86_64-apple-darwin) echo darwin-x64 ;;
    aarch64-apple-darwin) echo darwin-arm64 ;;
    x86_64-pc-windows-msvc) echo win32-x64-msvc ;;
    *) echo "" ;;
  esac
}
# The cdylib file name cargo writes for the Node addon.
addon_file() {
  case "$1" in
    *-windows-*) echo skuwire_node.dll ;;
    *-apple-*) echo libskuwire_node.dylib ;;
    *) echo libskuwire_node.so ;;
  esac
}
upper() { printf '%s' "$1" | tr 'a-z-' 'A-Z_'; }

# Builds target $1: its wheel into $DIST/python, its addon package into $STAGE/<id>.
build_target() {
  local t="$1" id zt tdir cargo envs=() zflags=() compat=() t0=$SECONDS
  id=$(platform_id "$t"); [ -n "$id" ] || die "no npm platform id for $t"
  tdir="$WORK/$t"
  mkdir -p "$tdir"
  if has_std "$t"; then
    cargo=$(command -v cargo)
    log "$t: host toolchain ($(rustc -V))"
  else
    case "$t" in *-linux-*) ;; *) die "$t: no std in $(rustc --print sysroot): rustup target add $t" ;; esac
    ensure_rustc_web
    cargo=/usr/bin/cargo
    envs+=(RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1)
    zflags=(-Z build-std=std,panic_unwind)
    log "$t: Debian rustc-web + -Zbuild-std ($(/usr/bin/rustc -V))"
  fi
  zt=$(zig_target "$t")
  if [ -n "$zt" ]; then
    local wrapper="$tdir/zig-cc.sh" T
    T=$(upper "$t")
    # `maturin zig cc` is cargo-zigbuild's wrapper around `python -m ziglang cc`
    # (it drops the linker arguments zig does not take).
    printf '#!/bin/sh\nexport CARGO_ZIGBUILD_ZIG_COMMAND="%s" CARGO_ZIGBUILD_ZIG_COMMAND_ARGS="-m ziglang"\nexec "%s" zig cc -- -g -fno-sanitize=all -target %s "$@"\n' \
      "$VPY" "$MATURIN" "$zt" > "$wrapper"
    chmod +x "$wrapper"
    envs+=("CARGO_TARGET_${T}_LINKER=$wrapper" "CC_$(printf '%s' "$t" | tr - _)=$wrapper")
    case "$t" in
      *-musl) compat=(--compatibility musllinux_1_2)
              # A shared library on musl links libc dynamically (musl targets default to static).
              envs+=("RUSTFLAGS=-C target-feature=-crt-static") ;;
      *) compat=(--compatibility manylinux2014) ;;
    esac
  fi
  # One target dir for the wheel and the addon; both are `cargo rustc
  # --crate-type cdylib` so their shared crates get the same LTO settings.
  log "$t: wheel (maturin build)"
  (cd "$ROOT" && env -u RUSTUP_TOOLCHAIN ${envs[@]+"${envs[@]}"} CARGO="$cargo" CARGO_TARGET_DIR="$tdir" \
    "$MATURIN" build --release --strip -m bindings-py/Cargo.toml --target "$t" \
    ${compat[@]+"${compat[@]}"} ${zflags[@]+"${zflags[@]}"} --out "$DIST/python" >&2)
  log "$t: Node addon (cargo rustc -p skuwire-node)"
  (cd "$ROOT" && env -u RUSTUP_TOOLCHAIN ${envs[@]+"${envs[@]}"} CARGO_TARGET_DIR="$tdir" \
    "$cargo" rustc -p skuwire-node --lib --crate-type cdylib --profile release --target "$t" \
    ${zflags[@]+"${zflags[@]}"} --quiet -- -C strip=symbols)
  local pkgdir="$STAGE/$id"
  rm -rf "$pkgdir"; mkdir -p "$pkgdir"
  cp "$ROOT/bindings-node/npm/$id/package.json" "$ROOT/bindings-node/npm/$id/README.md" \
     "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$pkgdir/"
  cp "$tdir/$t/release/$(addon_file "$t")" "$pkgdir/skuwire.$id.node"
  if [ "${SKUWIRE_LEAN_DISK:-0}" = 1 ]; then rm -rf "$tdir"; fi
  log "$t: done in $((SECONDS - t0)) s"
}
# npm pack of a staged package directory into $DIST/npm.
pack() { (cd "$1" && npm pack --silent --pack-destination "$DIST/npm" >/dev/null); }

STAGE="$WORK/stage"
if [ "$FULL" = 1 ]; then rm -rf "$DIST"; fi
rm -rf "$STAGE"
mkdir -p "$DIST/python" "$DIST/npm" "$STAGE"

if [ "$FULL" = 1 ]; then
  log "sdist (maturin sdist)"
  (cd "$ROOT" && "$MATURIN" sdist -m bindings-py/Cargo.toml --out "$DIST/python" >&2)
fi

for t in $TARGETS; do build_target "$t"; done
for d in "$STAGE"/*/; do pack "$d"; done

if [ "$FULL" = 1 ]; then
  # The main package: its JS, typings and loader, and every platform package
  # as an optional dependency of exactly this version (npm installs the one
  # whose os/cpu/libc match). Typings come from a host build.
  log "main Node package"
  ( cd "$ROOT/bindings-node"
    [ -x node_modules/.bin/napi ] || npm install --no-audit --no-fund --loglevel=error >&2
    bash "$ROOT/scripts/build-node.sh" >&2 )
  main="$STAGE/main"
  mkdir -p "$main"
  node - "$ROOT/bindings-node" "$main" <<'EOF'
const fs = require('node:fs'), path = require('node:path')
const [src, dst] = process.argv.slice(2)
const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'))
for (const f of pkg.files) {
  if (f.includes('*') || !fs.existsSync(path.join(src, f))) throw new Error(`package.json files: ${f} is missing or a glob`)
  fs.copyFileSync(path.join(src, f), path.join(dst, f))
}
const ids = fs.readdirSync(path.join(src, 'npm')).sort()
pkg.optionalDependencies = Object.fromEntries(ids.map((id) => [`${pkg.name}-${id}`, pkg.version]))
delete pkg.devDependencies
delete pkg.scripts
fs.writeFileSync(path.join(dst, 'package.json'), JSON.stringify(pkg, null, 2) + '\n')
EOF
  pack "$main"

  log "browser package (scripts/setup-wasm.sh, scripts/build-wasm.sh)"
  bash "$ROOT/scripts/setup-wasm.sh" >&2
  bash "$ROOT/scripts/build-wasm.sh" >&2
  web="$STAGE/browser"
  mkdir -p "$web"
  cp -R "$ROOT/target/wasm/pkg/web/." "$web/"
  cp "$ROOT/bindings-wasm/npm/package.json" "$ROOT/bindings-wasm/README.md" "$ROOT/LICENSE-MIT" "$ROOT/LICENSE-APACHE" "$web/"
  pack "$web"
fi

# Checksums of everything in dist/ (sha256sum -c / shasum -a 256 -c SHA256SUMS).
( cd "$DIST" && rm -f SHA256SUMS && find python npm -type f | LC_ALL=C sort > .files \
  && sha256 $(cat .files) > SHA256SUMS && rm -f .files )
log "dist/:"
( cd "$DIST" && ls -l python npm >&2 )
log "done in $SECONDS s"
