#!/usr/bin/env bash
# The core's zones (README "Module map"): core/src/engine/ is platform-neutral
# and never imports a platform. It reaches a platform only through the
# handles `Platform`/`Scheme` and the Descriptor/Signing each platform
# registers (core/src/platforms.rs, the one module that names them all).
#
# Fails when engine code (comments aside) names a platform module, a
# platform's client, the Client enum over them, or branches on a platform
# (`Platform::Flagship`, `Scheme::Token`, …); and when the three platform
# modules are not laid out the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=core/src/engine
PLATFORMS=(flagship enterprise ymcart)
LAYOUT=(mod.rs schema.rs parse.rs sign.rs tests.rs)
fail=0

# Code only: drop `//` comments (doc comments included).
code() { sed -E 's#(^|[^:"])//.*$#\1#' "$1"; }

patterns=(
  '\b(flagship|enterprise|ymcart|client)::'                       # a path into a platform module or the client glue
  '\buse crate::\{[^}]*\b(flagship|enterprise|ymcart|client|Flagship|Enterprise|Ymcart|Client)\b'  # the same, in a grouped use
  '\b(mod|crate::)(flagship|enterprise|ymcart)\b'                # declaring or naming one
  '\b(Platform|Scheme)::(Flagship|Enterprise|Ymcart|Token)\b'    # branching on a platform
  '\bcrate::(Flagship|Enterprise|Ymcart|Client)\b'               # a platform's client, or the enum of them
  '\bClient::'
)
files=$(find "$ENGINE" -name '*.rs' | sort)
for f in $files; do
  for p in "${patterns[@]}"; do
    if hits=$(code "$f" | grep -nE "$p"); then
      printf 'check-zones: %s names a platform (%s):\n%s\n' "$f" "$p" "$hits" >&2
      fail=1
    fi
  done
done

for p in "${PLATFORMS[@]}"; do
  for f in "${LAYOUT[@]}"; do
    [ -f "core/src/$p/$f" ] || { echo "check-zones: core/src/$p/$f is missing (every platform has ${LAYOUT[*]})" >&2; fail=1; }
  done
  grep -q "pub static DESCRIPTOR: Descriptor" "core/src/$p/mod.rs" || { echo "check-zones: core/src/$p/mod.rs registers no DESCRIPTOR" >&2; fail=1; }
  grep -q "pub static SIGNING:" "core/src/$p/mod.rs" || { echo "check-zones: core/src/$p/mod.rs registers no SIGNING" >&2; fail=1; }
  grep -q "pub static OPERATIONS:" "core/src/$p/mod.rs" || { echo "check-zones: core/src/$p/mod.rs has no OPERATIONS" >&2; fail=1; }
done

# Only the composition root, the client glue and the crate root name the platforms.
for f in $(find core/src -maxdepth 1 -name '*.rs' | sort); do
  case "$f" in core/src/lib.rs|core/src/platforms.rs|core/src/client.rs) ;; *) echo "check-zones: $f is outside the zones (engine/, a platform, platforms.rs, client.rs, lib.rs)" >&2; fail=1 ;; esac
done

if [ "$fail" = 0 ]; then
  echo "check-zones: $(echo "$files" | wc -l) engine files import no platform; ${PLATFORMS[*]} share the layout ${LAYOUT[*]}"
fi
exit "$fail"
