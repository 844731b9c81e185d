#!/usr/bin/env bash
# Prints the path of a Debian arm64 root (glibc, musl, CPython 3.11, Node 18)
# that `qemu-aarch64 -L <root> <root>/usr/bin/python3.11` runs on an x86_64
# host, making it first if needed. The packages come from the machine's own
# Debian sources through a private apt state (no foreign architecture is
# added to the system, nothing is installed), and are unpacked with dpkg-deb.
# Cached under ~/.cache/skuwire (SKUWIRE_CACHE) by package list; Debian only.
set -euo pipefail
log() { printf '[sysroot-arm64] %s\n' "$*" >&2; }

PKGS="libc6 libgcc-s1 libstdc++6 zlib1g libexpat1 libffi8 libssl3 libbz2-1.0 liblzma5 libuuid1 libcrypt1
libpython3.11-minimal python3.11-minimal libpython3.11-stdlib libsqlite3-0
nodejs libnode108 libbrotli1 libc-ares2 libicu72 libnghttp2-14 libuv1 node-acorn node-cjs-module-lexer node-undici
musl"
key=$(printf '%s\n' "$PKGS" | cksum | cut -d' ' -f1)
CACHE="${SKUWIRE_CACHE:-$HOME/.cache/skuwire}"
ROOTFS="$CACHE/sysroot-arm64-$key"
if [ -f "$ROOTFS/.complete" ]; then printf '%s\n' "$ROOTFS"; exit 0; fi

command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { log "needs Debian's apt-get and dpkg-deb"; exit 1; }
APT="$CACHE/apt-arm64"
rm -rf "$APT" "$ROOTFS"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" "$ROOTFS"
: > "$APT/status"
opts=(-o "Dir::State::Lists=$APT/lists" -o "Dir::State::Status=$APT/status" -o "Dir::Cache=$APT/cache"
      -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Debug::NoLocking=1
      -o APT::Sandbox::User=root)
log "apt-get update (arm64 lists, private state in $APT)"
apt-get "${opts[@]}" update -qq >&2
# shellcheck disable=SC2086  # one word per package
(cd "$APT/debs" && apt-get "${opts[@]}" download -qq $PKGS >&2)
for deb in "$APT/debs"/*.deb; do dpkg-deb -x "$deb" "$ROOTFS"; done
ls "$APT/debs" > "$ROOTFS/.packages"
rm -rf "$APT"
touch "$ROOTFS/.complete"
log "ready: $ROOTFS ($(wc -l < "$ROOTFS/.packages" | tr -d ' ') packages)"
printf '%s\n' "$ROOTFS"
