#!/usr/bin/env bash
# Prints the prefix of a CPython linked against musl (x86_64-linux-musl; its
# interpreter is Debian's /lib/ld-musl-x86_64.so.1), building it first if
# needed, so the musllinux wheel is installed by pip and run as on Alpine.
#
# Sources: the upstream tarballs inside Debian's source packages of CPython,
# SQLite and zlib (pinned below), fetched through a private apt state with
# deb-src entries (the system's apt configuration is left alone; apt checks
# them against Debian's signed Sources index). Debian's patches are not
# applied. Compiler: Debian's musl-gcc (musl-tools), against the same musl
# the loader runs. SQLite and zlib are static, inside _sqlite3 and zlib; there
# is no OpenSSL (hashlib uses CPython's own md5/sha modules; no ssl module)
# and no libffi (no ctypes): the wheel and the sandbox need neither.
#
# Cached under ~/.cache/skuwire (SKUWIRE_CACHE), keyed on the pinned upstream
# versions, the compiler (musl and gcc versions) and this script; a cached
# build needs no network. Debian only.
set -euo pipefail
log() { printf '[musl-python] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Debian source package : upstream version (bookworm's).
SOURCES="python3.11:3.11.2 sqlite3:3.40.1 zlib:1.2.13.dfsg"
MIRROR="${SKUWIRE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

for tool in musl-gcc tclsh make apt-get dpkg-query; do
  command -v "$tool" >/dev/null || die "needs $tool (Debian: musl-tools, tcl, make, apt)"
done
[ -e /lib/ld-musl-x86_64.so.1 ] || die "needs Debian's musl loader /lib/ld-musl-x86_64.so.1 (package musl)"
[ "$(uname -m)" = x86_64 ] || die "builds for x86_64 hosts only"
compiler="musl $(dpkg-query -W -f='${Version}' musl-dev) gcc $(x86_64-linux-gnu-gcc -dumpfullversion)"
key=$(printf '%s\n' "$SOURCES" "$compiler" | cat - "${BASH_SOURCE[0]}" | cksum | cut -d' ' -f1)
CACHE="${SKUWIRE_CACHE:-$HOME/.cache/skuwire}"
PREFIX="$CACHE/musl-python-$key"
if [ -f "$PREFIX/.complete" ]; then printf '%s\n' "$PREFIX"; exit 0; fi

t0=$SECONDS
BUILD="$PREFIX.build"
# Builds for other keys (an older script or compiler) are not used again.
rm -rf "$CACHE"/musl-python-*
APT="$BUILD/apt"
DEP="$BUILD/dep"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/src" "$DEP/lib" "$DEP/include" "$BUILD/no-pkgconfig"
: > "$APT/status"
codename=$(. /etc/os-release && printf '%s' "$VERSION_CODENAME")
# The security suite is left out: only the upstream tarballs are used, and
# Debian keeps those in the main pool.
for suite in "$codename" "$codename-updates"; do
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $suite main"
done > "$APT/sources.list"
opts=(-o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/no-parts"
      -o "Dir::State::Lists=$APT/lists" -o "Dir::State::Status=$APT/status" -o "Dir::Cache=$APT/cache"
      -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
log "apt-get update (deb-src lists, private state in $APT)"
apt-get "${opts[@]}" update -qq >&2
pkgs=""
for s in $SOURCES; do pkgs="$pkgs ${s%%:*}"; done
# shellcheck disable=SC2086  # one word per package
(cd "$APT/src" && apt-get "${opts[@]}" source --download-only -qq $pkgs >&2)
orig() {  # the upstream tarball of a pinned source package
  local s f
  for s in $SOURCES; do
    [ "${s%%:*}" = "$1" ] || continue
    for f in "$APT/src/$1_${s#*:}".orig.tar.*; do
      [ -f "$f" ] && { printf '%s\n' "$f"; return; }
    done
    die "Debian's $1 source is not upstream ${s#*:} any more ($(ls "$APT/src" | grep "^$1_" | tr '\n' ' ')): update SOURCES"
  done
}
py_tar=$(orig python3.11); sqlite_tar=$(orig sqlite3); zlib_tar=$(orig zlib)
JOBS=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

# CPython's configure compares the compiler's multiarch with its own triplet,
# and its setup.py puts /usr/include/<multiarch> on every extension's include
# path; musl-gcc would answer with the glibc host's x86_64-linux-gnu.
CC="$BUILD/cc"
cat > "$CC" <<'EOF'
#!/bin/sh
case "$1" in -print-multiarch|--print-multiarch) echo x86_64-linux-musl; exit 0 ;; esac
exec musl-gcc "$@"
EOF
chmod +x "$CC"

step() {  # step NAME DIR COMMAND…: runs in DIR, output to a log shown on failure
  local name="$1" dir="$2"; shift 2
  if ! (cd "$dir" && "$@") > "$BUILD/$name.log" 2>&1; then
    tail -40 "$BUILD/$name.log" >&2
    die "$name failed (log: $BUILD/$name.log)"
  fi
}

log "zlib ($(basename "$zlib_tar"))"
mkdir "$BUILD/zlib" && tar -xf "$zlib_tar" -C "$BUILD/zlib" --strip-components=1
step zlib-configure "$BUILD/zlib" env CC="$CC" CFLAGS="-O2 -fPIC" ./configure --static --prefix="$DEP"
step zlib-make "$BUILD/zlib" make -j"$JOBS" install

log "sqlite ($(basename "$sqlite_tar"))"
mkdir -p "$BUILD/sqlite/bld" && tar -xf "$sqlite_tar" -C "$BUILD/sqlite" --strip-components=1
# The amalgamation is generated with the host's compiler and tclsh, then
# compiled with musl.
step sqlite-configure "$BUILD/sqlite/bld" ../configure --disable-tcl
step sqlite-amalgamation "$BUILD/sqlite/bld" make sqlite3.c
step sqlite-compile "$BUILD/sqlite/bld" "$CC" -O2 -fPIC -c sqlite3.c -o sqlite3.o
step sqlite-archive "$BUILD/sqlite/bld" ar rcs "$DEP/lib/libsqlite3.a" sqlite3.o
cp "$BUILD/sqlite/bld/sqlite3.h" "$DEP/include/"

log "CPython ($(basename "$py_tar"))"
mkdir -p "$BUILD/python/bld" && tar -xf "$py_tar" -C "$BUILD/python" --strip-components=1
# No host .pc files (glibc builds of libffi, uuid…) for a musl build; no -g.
step python-configure "$BUILD/python/bld" env CC="$CC" CPPFLAGS="-I$DEP/include" LDFLAGS="-L$DEP/lib" \
  OPT="-DNDEBUG -fwrapv -O2 -Wall" PKG_CONFIG_LIBDIR="$BUILD/no-pkgconfig" PKG_CONFIG_PATH="" \
  ../configure --prefix="$PREFIX" --disable-test-modules --with-ensurepip=no
step python-make "$BUILD/python/bld" make -j"$JOBS"
# Without the test suite; `python -m venv` still gets pip from ensurepip's wheels.
step python-install "$BUILD/python/bld" make install TESTSUBDIRS=
PY="$PREFIX/bin/python3"
# What the wheel, pip and the sandbox use; a module that failed to build fails here.
step python-smoke "$BUILD" "$PY" -c "import sqlite3, zlib, decimal, _decimal, hashlib, socket, select, json, _json, \
datetime, _datetime, threading, random, pyexpat, ensurepip, venv, sys; assert sys.implementation._multiarch == 'x86_64-linux-musl'"
printf '%s\n' "$SOURCES" "$compiler" "$(ls "$APT/src")" > "$PREFIX/.sources"
rm -rf "$BUILD"
touch "$PREFIX/.complete"
log "ready: $PREFIX ($((SECONDS - t0)) s)"
printf '%s\n' "$PREFIX"
