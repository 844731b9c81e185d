#!/usr/bin/env bash
# Every benchmark, then the table of medians and ratios (BENCHMARKS.md):
#   Rust   criterion  core/benches/pipeline.rs   core end to end vs the MD5 floor
#   Python pytest-benchmark benches/python/      skuwire vs pydantic v2 and msgspec baselines
#                                                and the floor (msgspec.json + MD5, no checks)
#          + benches/python/stream_rss.py        peak RSS of a 1M-spec streaming plan
#          + benches/python/tables.py            1M SKU rows from Arrow/polars/pandas vs dicts
#   Node   hrtime loop benches/node/bench.js     skuwire vs equal-rules and lean ajv baselines
#                                                and the floor (JSON.stringify + MD5, no checks)
#   Push   benches/push/bench_push.py            whole pushes (Python, Node) vs the time the rate limit allows
#   wasm   the gzipped size of a package built in this run (full mode)
# All contenders read one seeded catalog (benches/catalog.py).
#
#   scripts/bench.sh              full run: 10,000 goods / 50,000 specs (≈ 15 min)
#   scripts/bench.sh --smoke      quick: 200 goods, one round each, 20,000
#                                 streamed specs; the honesty checks still run,
#                                 the numbers are labelled smoke and get no verdict
#   scripts/bench.sh --profile    callgrind instruction counts per Rust stage (2,000 goods)
#
# Env: SKUWIRE_BENCH_GOODS, SKUWIRE_BENCH_ROUNDS (Python/Node rounds, default 7),
# SKUWIRE_BENCH_STREAM_SPECS. Installs what it needs (idempotently): a venv
# under target/bench with pydantic, pytest, pytest-benchmark and the wheel;
# ajv under benches/node; the Node addon. Exits non-zero when any check
# fails (a benchmark's own honesty check included); a missed performance
# target is reported, not an error.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mode=full
case "${1:-}" in
  --smoke) mode=smoke ;;
  --profile) mode=profile ;;
  "") ;;
  *) echo "usage: scripts/bench.sh [--smoke|--profile]" >&2; exit 2 ;;
esac
log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
if ! command -v cargo >/dev/null && [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"; fi

if [ "$mode" = profile ]; then
  # Instruction counts scale with the input; 2,000 goods keeps callgrind quick.
  GOODS="${SKUWIRE_BENCH_GOODS:-2000}"
elif [ "$mode" = smoke ]; then
  GOODS="${SKUWIRE_BENCH_GOODS:-200}"; ROUNDS=1; STREAM="${SKUWIRE_BENCH_STREAM_SPECS:-20000}"; TABLE_ROWS="${SKUWIRE_BENCH_TABLE_ROWS:-20000}"; TABLE_ROUNDS=1
  CRITERION_ARGS=(--warm-up-time 0.2 --measurement-time 0.5 --noplot)
else
  GOODS="${SKUWIRE_BENCH_GOODS:-10000}"; ROUNDS="${SKUWIRE_BENCH_ROUNDS:-7}"; STREAM="${SKUWIRE_BENCH_STREAM_SPECS:-1000000}"
  TABLE_ROWS="${SKUWIRE_BENCH_TABLE_ROWS:-1000000}"; TABLE_ROUNDS="${SKUWIRE_BENCH_TABLE_ROUNDS:-3}"
  CRITERION_ARGS=(--warm-up-time 2 --measurement-time 10 --noplot)
fi
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
# Results of an earlier run are never read as this run's.
rm -f "$OUT/py.json" "$OUT/node.json" "$OUT/stream.json" "$OUT/tables.json" "$OUT/wasm-sizes.txt" "$OUT/rust.log" "$OUT/summary.md"
echo "$mode" > "$OUT/mode"
export SKUWIRE_BENCH_CATALOG="$OUT/catalog-$GOODS.json"
# A catalog older than its generator is made again.
if [ ! -s "$SKUWIRE_BENCH_CATALOG" ] || [ benches/catalog.py -nt "$SKUWIRE_BENCH_CATALOG" ]; then
  python3 benches/catalog.py --goods "$GOODS" --out "$SKUWIRE_BENCH_CATALOG"
fi
log "catalog: $SKUWIRE_BENCH_CATALOG ($GOODS goods); load: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$mode" = profile ]; then
  command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }
  exe=$(cargo bench -p skuwire --bench pipeline --no-run --message-format=json 2>/dev/null \
    | python3 -c 'import json,sys; print([m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable") and m["target"]["name"] == "pipeline"][-1])')
  for stage in plan plan_json serialize md5 end_to_end end_to_end_json streaming plan_api plan_json_api serialize_api md5_api end_to_end_api end_to_end_json_api; do
    fn="stage_${stage%_api}"
    n=$(SKUWIRE_BENCH_PROFILE=$stage valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$stage" \
      --toggle-collect="pipeline::$fn" "$exe" 2>&1 | sed -n 's/.*Collected : *//p')
    printf '%-16s %'"'"'15d instructions\n' "$stage" "$n"
  done
  log "per-function detail: callgrind_annotate target/bench/callgrind.<stage>"
  exit 0
fi

# --- Rust -------------------------------------------------------------------
log "Rust: cargo bench (criterion)"
rm -rf target/criterion/batchPush target/criterion/ApiGoods.upload
# The whole output is kept and the exit status checked: a benchmark's own
# check (e.g. that the MD5 floor hashes the signer's bytes) panics, and a
# panic fails the run.
rust_status=0
cargo bench -p skuwire --bench pipeline --locked -- "${CRITERION_ARGS[@]}" > "$OUT/rust.log" 2>&1 || rust_status=$?
grep -v '^Benchmarking' "$OUT/rust.log" | grep -E '/|time:|thrpt:' || true
if [ "$rust_status" -ne 0 ]; then
  tail -n 30 "$OUT/rust.log" >&2
  log "the Rust benchmark failed (exit $rust_status; full output in $OUT/rust.log)"; exit 1
fi
for g in batchPush ApiGoods.upload; do
  [ -f "target/criterion/$g/core_end_to_end/new/estimates.json" ] || { log "criterion wrote no estimates for $g"; exit 1; }
done

# --- Python -----------------------------------------------------------------
VENV="$OUT/.venv-py"
PY="$VENV/bin/python"
[ -x "$PY" ] || python3 -m venv "$VENV" || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && python3 -m venv "$VENV"; }
reqs=("pydantic>=2.7,<3" "msgspec>=0.18,<1" "pytest>=8,<10" "pytest-benchmark>=4,<6" "httpx>=0.27,<1" "pyarrow>=16,<27" "polars>=1.0,<3" "pandas>=2.2,<4")
stamp="$VENV/.reqs-$(printf '%s\n' "${reqs[@]}" | cksum | cut -d' ' -f1)"
[ -f "$stamp" ] || { "$PY" -m pip install -q --disable-pip-version-check "${reqs[@]}" && touch "$stamp"; }
log "Python: building the wheel (scripts/build-py.sh)"
bash scripts/build-py.sh
"$PY" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$ROOT"/target/py/wheels/skuwire-*.whl
log "Python: pytest-benchmark ($ROUNDS rounds)"
py_args=(-q -p no:cacheprovider --benchmark-json="$OUT/py.json" --benchmark-columns=median,min,max,rounds --benchmark-sort=name)
SKUWIRE_BENCH_ROUNDS="$ROUNDS" "$PY" -m pytest benches/python "${py_args[@]}"
log "Python: streaming $STREAM specs, skip mode (own process)"
"$PY" benches/python/stream_rss.py --specs "$STREAM" | tee "$OUT/stream.json"
log "Python: tables in — $TABLE_ROWS SKU rows from Arrow, polars, pandas and dicts ($TABLE_ROUNDS rounds, a process each)"
"$PY" benches/python/tables.py --rows "$TABLE_ROWS" --rounds "$TABLE_ROUNDS" --cache "$OUT" | tee "$OUT/tables.json"

# --- Node -------------------------------------------------------------------
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
if [ ! -x bindings-node/node_modules/.bin/napi ]; then (cd bindings-node && npm install --no-audit --no-fund); fi
log "Node: building the addon (scripts/build-node.sh)"
bash scripts/build-node.sh
lock="$(cksum < benches/node/package-lock.json | cut -d' ' -f1)"
if [ "$(cat benches/node/node_modules/.lock-sha 2>/dev/null)" != "$lock" ]; then
  (cd benches/node && npm install --no-audit --no-fund && echo "$lock" > node_modules/.lock-sha)
fi
log "Node: hrtime loop ($ROUNDS rounds)"
node_args=()
[ "$mode" = smoke ] && node_args=(--smoke)
SKUWIRE_BENCH_ROUNDS="$ROUNDS" SKUWIRE_BENCH_OUT="$OUT/node.json" node --expose-gc benches/node/bench.js "${node_args[@]}"

# --- Whole pushes under a rate limit -----------------------------------------
log "Push: benches/push/bench_push.py (sandbox answering in 200 ms, 20 calls/s per app, concurrency 8)"
push_args=()
[ "$mode" = smoke ] && push_args=(--smoke)
"$PY" benches/push/bench_push.py "${push_args[@]}" --out "$OUT/push.json"

# --- wasm -------------------------------------------------------------------
# Full mode builds the package in this run (incremental when nothing
# changed), so the size reported is the size of these sources.
if [ "$mode" = full ]; then
  log "wasm: building the package for its size (scripts/setup-wasm.sh, build-wasm.sh)"
  bash scripts/setup-wasm.sh
  bash scripts/build-wasm.sh
  cp target/wasm/pkg/sizes.txt "$OUT/wasm-sizes.txt"
fi

echo
python3 benches/summary.py
