#!/usr/bin/env python3
"""Whole pushes under a rate limit: the push driver against the time the
rate limit itself allows.

The catalog's goods (benches/catalog.py; 10,000 goods, 50,000 specs) go to
`goods.Goods.batchPush` (50 per call: 200 calls) in the offline sandbox, run
as its own process, answering every call after 200 ms (`--latency 0.2`) and
refusing more than 20 calls per second per app (`--rate-limit 20`). Each
contender pushes everything with concurrency 8 under `rate=20`:

* Python `client.push` (threads over the standard library),
* Python `await client.apush` (httpx.AsyncClient),
* Node `client.push` (the global fetch),
* and, for scale, the loop a user writes without the driver: plan, sign,
  send, parse — one call at a time (the README's loop before the driver).

The floor is what the rate limit allows: the last of n calls cannot start
before (n − 1)/20 s, and its answer takes 200 ms. Target: ≤ 1.5 × the floor.
From the sandbox's own log (arrival times): no second holds more than 20
calls of the app, and no call was refused for the rate; every good is stored.

    python benches/push/bench_push.py [--goods N] [--smoke] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, List

import skuwire

ROOT = Path(__file__).resolve().parents[2]
LATENCY, RATE, CONCURRENCY, PER_CALL = 0.2, 20.0, 8, 50
OP = "goods.Goods.batchPush"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def control(url: str, method: str, name: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request("%s/_sandbox/%s" % (url, name), data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    with OPENER.open(req, timeout=60) as r:
        return json.loads(r.read())


def start_sandbox() -> "tuple[subprocess.Popen[str], str]":
    proc = subprocess.Popen([sys.executable, "-u", "-m", "skuwire_sandbox", "--port", "0", "--latency", str(LATENCY),
                             "--rate-limit", str(int(RATE))], cwd=ROOT / "sandbox", stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT / "sandbox")))
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("skuwire sandbox listening on "), line
    return proc, line.split()[-1]


def client(url: str) -> skuwire.Flagship:
    return skuwire.Flagship("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt", base_url=url + "/openapi")


def sequential(url: str, goods: List[Dict[str, Any]], margin: float) -> Dict[str, Any]:
    """The loop a user writes by hand: one call after another, following the advice."""
    c = client(url)
    accepted = calls = 0
    for batch in c.plan(OP, goods):
        for _ in range(6):
            req = batch.sign()
            calls += 1
            r = urllib.request.Request(req.url, data=req.body, headers=req.headers, method=req.method)
            with OPENER.open(r, timeout=30) as resp:
                outcome = batch.parse(resp.status, resp.read())
            if outcome.retry == "no":
                break
            time.sleep(0.5)
        accepted += len(outcome.accepted)
    return {"calls": calls, "accepted": accepted}


def python_sync(url: str, goods: List[Dict[str, Any]], margin: float) -> Dict[str, Any]:
    r = client(url).push(OP, goods, concurrency=CONCURRENCY, rate=RATE, rate_margin=margin)
    return {"calls": r.calls, "accepted": len(r.accepted), "rejected": len(r.rejected), "unknown": len(r.unknown), "unsent": len(r.unsent)}


def python_async(url: str, goods: List[Dict[str, Any]], margin: float) -> Dict[str, Any]:
    import httpx

    async def go() -> skuwire.PushReport:
        async with httpx.AsyncClient(trust_env=False) as http:
            return await client(url).apush(OP, goods, http=http, concurrency=CONCURRENCY, rate=RATE, rate_margin=margin)

    r = asyncio.run(go())
    return {"calls": r.calls, "accepted": len(r.accepted), "rejected": len(r.rejected), "unknown": len(r.unknown), "unsent": len(r.unsent)}


def node(url: str, goods: List[Dict[str, Any]], margin: float, catalog: str = "") -> Dict[str, Any]:
    out = subprocess.run(["node", str(ROOT / "benches" / "push" / "bench_push.js"), url, catalog, str(RATE), str(CONCURRENCY),
                          str(int(margin * 1000))], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout)


def check_log(url: str, n_goods: int) -> Dict[str, Any]:
    log = control(url, "GET", "requests")["requests"]
    arrivals = sorted(e["received"] for e in log)
    most = max(sum(1 for b in arrivals[i:] if b < a + 1.0) for i, a in enumerate(arrivals)) if arrivals else 0
    refused = sum(1 for e in log if e["verdict"].startswith("rate limited"))
    stored = sum(len(e.get("applied") or []) for e in log)
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    return {"requests": len(log), "most_in_a_second": most, "refused_for_rate": refused, "stored": stored,
            "min_gap_ms": round(min(gaps) * 1000, 1) if gaps else None, "goods": n_goods}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--goods", type=int, default=10000)
    ap.add_argument("--smoke", action="store_true", help="1,000 goods, no sequential loop")
    ap.add_argument("--margin", type=float, default=0.05, help="rate_margin in seconds (default: the driver's 0.05)")
    ap.add_argument("--out", default=str(ROOT / "target" / "bench" / "push.json"))
    ap.add_argument("--skip", action="append", default=[], help="a contender to leave out")
    args = ap.parse_args()
    n = 1000 if args.smoke else args.goods
    catalog = ROOT / "target" / "bench" / ("catalog-%d.json" % n)
    if not catalog.exists():
        catalog.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "benches" / "catalog.py"), "--goods", str(n), "--out", str(catalog)], check=True)
    goods = json.loads(catalog.read_text(encoding="utf-8"))["batch_push"]
    calls = -(-n // PER_CALL)
    floor = (calls - 1) / RATE + LATENCY
    contenders: Dict[str, Callable[..., Dict[str, Any]]] = {
        "python push (threads, stdlib)": python_sync,
        "python apush (httpx.AsyncClient)": python_async,
        "node push (fetch)": lambda url, g, m: node(url, g, m, str(catalog)),
    }
    if not args.smoke:
        contenders["sequential loop (no driver)"] = sequential
    contenders = {k: v for k, v in contenders.items() if not any(s in k for s in args.skip)}
    proc, url = start_sandbox()
    results = []
    ok = True
    try:
        for name, run in contenders.items():
            control(url, "POST", "reset", {})
            time.sleep(1.1)  # a fresh second for the app's rate window
            load = os.getloadavg()[0]
            t = time.monotonic()
            r = run(url, goods, args.margin)
            seconds = r.pop("seconds", None) or (time.monotonic() - t)
            log = check_log(url, n)
            row = dict(contender=name, seconds=round(seconds, 2), ratio=round(seconds / floor, 2), load=round(load, 2), **r, **log)
            results.append(row)
            good = (r["accepted"] == n and log["stored"] == n and log["most_in_a_second"] <= RATE and log["refused_for_rate"] == 0)
            if "sequential" not in name:
                ok &= good and seconds / floor <= 1.5
            print("%-34s %7.2f s  %5.2f × floor  calls %4d  accepted %6d  stored %6d  max/s %2d  refused %d  min gap %s ms  load %.1f%s"
                  % (name, seconds, seconds / floor, r["calls"], r["accepted"], log["stored"], log["most_in_a_second"],
                     log["refused_for_rate"], log["min_gap_ms"], load, "" if good else "  ✗"), flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print("floor: %d calls at %g/s + one %g s answer = %.2f s; target ≤ 1.5 × floor: %s"
          % (calls, RATE, LATENCY, floor, "met" if ok else "MISSED"))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"goods": n, "calls": calls, "rate": RATE, "latency": LATENCY, "concurrency": CONCURRENCY,
                                          "margin": args.margin, "floor": floor, "results": results, "met": ok}, indent=1))
    return 0 if all(r["accepted"] == n and r["stored"] == n for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
