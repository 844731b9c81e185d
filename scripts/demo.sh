#!/usr/bin/env bash
# The main job, end to end on one machine, with the `skuwire` command line:
#
#   1. builds the Python package (Rust core + binding) into a venv under
#      target/demo/ (idempotent; cargo and pip only redo what changed);
#   2. writes the sample catalog (examples/catalog/make_catalog.py, seeded:
#      2,000 goods × 5 specs as CSV, 9,982 platform goods as JSON Lines, a
#      handful of deliberately invalid rows);
#   3. starts the offline sandbox (`skuwire sandbox`, SQLite under
#      target/demo/run/) and asks it to misbehave a few times the way real
#      platforms do (rate limit, clock skew, a 502 page, a lost answer, a
#      refused row);
#   4. pushes the goods with goods.Goods.batchPush and the platform goods
#      with goods.ApiGoods.upload (`skuwire push`), pulls the platform goods
#      back with vip_api_goods_query.php (`skuwire pull`);
#   5. prints a summary: sent, accepted, rejected with reasons, calls made,
#      time taken — and checks it against the sandbox's own records.
#
# Re-runnable: every run starts from an empty sandbox and journal.
# Needs python3 (>= 3.9) and Rust (rustup); installs the rest.
set -euo pipefail
source "$(dirname "$0")/py-env.sh"
cd "$ROOT"

DEMO="$ROOT/target/demo"
RUN="$DEMO/run"
CATALOG="$DEMO/catalog"
# The demo's own venv (the test suite's stays untouched).
PY_VENV="$DEMO/.venv"
PY_BIN="$PY_VENV/bin/python"
log() { printf '\033[1m[demo]\033[0m %s\n' "$*" >&2; }

build_started=$(date +%s)
bash "$ROOT/scripts/build-py.sh"   # re-syncs the shipped sandbox, builds the wheel
py_ensure_venv
wheel="$(ls "$PY_TARGET"/wheels/skuwire-*.whl | head -n1)"
stamp="$PY_VENV/.wheel-$(cksum < "$wheel" | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
  log "installing $(basename "$wheel") into $PY_VENV"
  "$PY_BIN" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
  rm -f "$PY_VENV"/.wheel-*; touch "$stamp"
fi
SKUWIRE="$PY_VENV/bin/skuwire"
log "build ready in $(( $(date +%s) - build_started )) s"

# Sub-second start time without GNU date's %N (macOS has none).
started=$("$PY_BIN" -c 'import time; print(time.time())')
rm -rf "$RUN"; mkdir -p "$RUN"
"$PY_BIN" "$ROOT/examples/catalog/make_catalog.py" "$CATALOG"

# The sandbox: a free port, its address read from its first line.
"$SKUWIRE" sandbox --port 0 --db "$RUN/sandbox.db" --unknown-shop PDD-CLOSED-09 \
  --log "$RUN/sandbox.log" >"$RUN/sandbox.out" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^skuwire sandbox listening on //p' "$RUN/sandbox.out" 2>/dev/null | head -n1)"
  [ -n "$url" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$RUN/sandbox.out" >&2; log "the sandbox did not start"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { log "the sandbox did not say where it listens"; exit 1; }
log "sandbox at $url (db $RUN/sandbox.db)"

# Faults, each answering the next matching request (see sandbox/README.md).
"$PY_BIN" - "$url" <<'EOF'
import json, sys, urllib.request
faults = [
    {"kind": "rate_limit", "method": "goods.Goods.batchPush"},
    {"kind": "clock_skew", "method": "goods.Goods.batchPush"},
    {"kind": "partial_failure", "method": "goods.Goods.batchPush", "indices": [7]},
    {"kind": "http_502_html", "method": "goods.ApiGoods.upload", "applied": True},
    {"kind": "timeout", "method": "goods.ApiGoods.upload", "applied": True, "delay": 4},
    {"kind": "rate_limit", "method": "vip_api_goods_query.php"},
]
req = urllib.request.Request(sys.argv[1] + "/_sandbox/faults", data=json.dumps({"faults": faults}).encode(),
                             headers={"Content-Type": "application/json"}, method="POST")
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open(req, timeout=10) as r:
    assert r.status == 200
EOF

# The sandbox's default accounts (sandbox/README.md), as a user would configure real ones.
export SKUWIRE_FLAGSHIP_SID=sandbox SKUWIRE_FLAGSHIP_APPKEY=sandbox-key
export SKUWIRE_FLAGSHIP_APPSECRET=sandbox-secret:sandbox-salt SKUWIRE_FLAGSHIP_BASE_URL="$url/openapi"
export SKUWIRE_ENTERPRISE_SID=sandbox SKUWIRE_ENTERPRISE_APPKEY=sandbox-key
export SKUWIRE_ENTERPRISE_APPSECRET=sandbox-secret SKUWIRE_ENTERPRISE_BASE_URL="$url/openapi2/"
unset SKUWIRE_PLATFORM SKUWIRE_SID SKUWIRE_APPKEY SKUWIRE_APPSECRET SKUWIRE_TOKEN SKUWIRE_BASE_URL SKUWIRE_CONFIG

# Exit 1 only means "some rows were invalid or rejected" (there are, on
# purpose); anything else stops the demo.
run_cli() {
  local code=0
  "$SKUWIRE" "$@" || code=$?
  if [ "$code" != 0 ] && [ "$code" != 1 ]; then log "skuwire $1 failed (exit $code)"; exit "$code"; fi
}
since=$(date +%s)
echo
run_cli push "$CATALOG/goods.csv" --op goods.Goods.batchPush --backoff-base 0.2 \
  --report "$RUN/goods.report.jsonl" --summary-json "$RUN/goods.summary.json"
echo
run_cli push "$CATALOG/api_goods.jsonl" --op goods.ApiGoods.upload --timeout 2 --backoff-base 0.2 \
  --report "$RUN/api_goods.report.jsonl" --summary-json "$RUN/api_goods.summary.json"
echo
run_cli pull --op vip_api_goods_query.php --since "$((since - 60))" --until "$(( $(date +%s) + 60 ))" \
  --backoff-base 0.2 --out "$RUN/platform_goods.jsonl" --summary-json "$RUN/pull.summary.json"

"$PY_BIN" - "$url" "$RUN" "$CATALOG" "$started" <<'EOF'
import json, sys, time, urllib.request
from collections import Counter
url, run, catalog, started = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
get = lambda path: json.load(opener.open(url + path, timeout=30))
load = lambda name: json.load(open("%s/%s" % (run, name), encoding="utf-8"))
expected = json.load(open(catalog + "/expected.json", encoding="utf-8"))
pushes = [("goods.Goods.batchPush", load("goods.summary.json"), "goods.report.jsonl"),
          ("goods.ApiGoods.upload", load("api_goods.summary.json"), "api_goods.report.jsonl")]
pull = load("pull.summary.json")
calls = sum(s["calls"] for _, s, _ in pushes) + pull["calls"]
# The sandbox logs a request when it has answered it: the call the command
# line gave up on (its timeout fault answers 4 s late) may still be in
# there when a fast run ends, so wait for it (at most 10 s) before counting.
deadline = time.time() + 10
requests = get("/_sandbox/requests")["requests"]
while len(requests) < calls and time.time() < deadline:
    time.sleep(0.2)
    requests = get("/_sandbox/requests")["requests"]
data = get("/_sandbox/data")
ok = True

def check(cond, text):
    global ok
    ok &= bool(cond)
    print("  %s %s" % ("✓" if cond else "✗", text))

print("\n══ summary ══════════════════════════════════════════════════════════")
print("%-24s %7s %8s %8s %8s %6s %7s" % ("operation", "rows", "invalid", "accepted", "rejected", "calls", "time"))
for op, s, _ in pushes:
    print("%-24s %7s %8s %8s %8s %6s %6.1fs" % (op, "{:,}".format(s["rows"]), s["invalid"], "{:,}".format(s["accepted"]),
                                              s["rejected"], s["calls"], s["seconds"]))
print("%-24s %7s %8s %8s %8s %6s %6.1fs" % ("vip_api_goods_query.php", "{:,}".format(pull["rows_written"]), "", "", "", pull["calls"], pull["seconds"]))
print("\nwhy rows were not accepted (from the rejected-rows reports):")
for op, s, report in pushes:
    rows = [json.loads(l) for l in open("%s/%s" % (run, report), encoding="utf-8")]
    for stage in ("invalid", "rejected", "unknown", "unsent"):
        of_stage = [r for r in rows if r["stage"] == stage]
        if not of_stage:
            continue
        print("  %s — %s %d:" % (op, stage, len(of_stage)))
        if stage == "invalid":
            for r in of_stage:
                e = r["errors"][0]
                loc = "".join("[%d]" % p if isinstance(p, int) else "." + p for p in e["loc"][1:]).lstrip(".")
                print("    row %-5d line %-5s %s: %s (%s)" % (r["row"], e["line"], loc, e["msg"], e["msg_zh"]))
        else:
            for msg, n in Counter(r["message"] for r in of_stage).most_common():
                keys = ", ".join(str(r["key"]) for r in of_stage if r["message"] == msg)
                print("    %s ×%d  (%s)" % (msg, n, keys if len(keys) < 70 else keys[:67] + "…"))
retries = Counter()
for _, s, _ in pushes:
    retries.update(s["retries"])
retries.update(pull["retries"])
sent = sum(s["sent"] for _, s, _ in pushes)
print("\nsent %s rows in %s calls (%s); %.1f s in all (after the build)" % (
    "{:,}".format(sent), calls, ", ".join("%s retried ×%d" % kv for kv in sorted(retries.items())) or "no retries",
    time.time() - started))

print("\nchecks against the sandbox's own records:")
g, a = pushes[0][1], pushes[1][1]
check(len(requests) == calls, "the sandbox logged %d requests = calls made by the command line" % len(requests))
check(len(data["goods"]) == g["accepted"], "%s goods stored = accepted by batchPush" % "{:,}".format(len(data["goods"])))
check(len(data["api_goods"]) == a["accepted"], "%s platform goods stored once each = accepted by ApiGoods.upload (nothing pushed twice after the 502 and the lost answer)" % "{:,}".format(len(data["api_goods"])))
check(pull["rows_written"] == a["accepted"] and pull["done"], "%s rows pulled back = accepted" % "{:,}".format(pull["rows_written"]))
for (op, s, report) in pushes:
    rows = [json.loads(l) for l in open("%s/%s" % (run, report), encoding="utf-8")]
    invalid = sorted(r["row"] for r in rows if r["stage"] == "invalid")
    want = sorted(int(k) for k in expected[op]["invalid"])
    check(invalid == want, "%s: the report names exactly the %d deliberately invalid rows" % (op, len(want)))
closed = sorted(r["row"] for r in (json.loads(l) for l in open(run + "/api_goods.report.jsonl", encoding="utf-8")) if r["stage"] == "rejected")
check(closed == expected["goods.ApiGoods.upload"]["rejected_by_server"], "goods.ApiGoods.upload: the %d rows of the closed shop were refused by the platform" % len(closed))
print("\nfiles: %s/ (reports *.report.jsonl, journals, pulled rows platform_goods.jsonl, sandbox.log)" % run)
sys.exit(0 if ok else 1)
EOF
