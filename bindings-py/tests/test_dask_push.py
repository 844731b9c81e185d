"""The Dask fan-out example (examples/dask/push_merchants.py): 20 merchants ×
500 goods pushed as Dask tasks on a LocalCluster of worker processes, each
merchant under its own rate limit with its journal on a shared disk, through
every fault kind; a worker is killed mid-run; the fan-out is run again; the
sandbox's records show every good arrived — exactly once, except the goods
of the calls the killed worker had in flight, which batchPush (an upsert)
sent again and the platform stored once."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Set

import pytest

import skuwire
from skuwire.sandbox import Sandbox

distributed = pytest.importorskip("distributed")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dask"
sys.path.insert(0, str(EXAMPLE))
import push_merchants  # noqa: E402

N_MERCHANTS, N_GOODS, RATE = 20, 500, 8.0


def _in_flight_at_the_kill(journal: Path) -> Set[int]:
    """Positions of calls the journal shows sent and abandoned at a restart."""
    sent: Dict[int, List[int]] = {}
    out: Set[int] = set()
    for line in journal.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        if e["event"] == "send":
            sent[e["call"]] = e["positions"]
        elif e["event"] == "restart":
            for c in e["abandoned"]:
                out.update(sent[c])
    return out


def test_many_merchants_on_dask_with_a_worker_killed(tmp_path: Path) -> None:
    accounts = [{"sid": "m%02d" % i, "appkey": "key-m%02d" % i, "appsecret": "secret-m%02d:salt-m%02d" % (i, i)}
                for i in range(N_MERCHANTS)]
    started = time.monotonic()
    with Sandbox(credentials={"flagship": accounts}, latency=0.3, rate_limit=RATE, timeout_delay=2.5,
                 request_log_size=100_000) as sb, \
            distributed.LocalCluster(n_workers=3, threads_per_worker=2, processes=True, dashboard_address=None,
                                     worker_class=distributed.Nanny) as cluster, \
            distributed.Client(cluster) as dask:
        for kind, opts in [("rate_limit", {}), ("clock_skew", {}), ("http_502_html", {}), ("timeout", {"delay": 2.5}),
                           ("partial_failure", {"indices": [3]}), ("expired_credential", {})]:
            sb.inject(kind, **opts)
        merchants = {a["sid"]: skuwire.Flagship(a["sid"], a["appkey"], a["appsecret"], base_url=sb.flagship_url) for a in accounts}
        catalogs = {name: push_merchants.catalog(name, N_GOODS) for name in merchants}
        # A wide rate margin: on this shared 2-core machine, a call can reach
        # the sandbox 100 ms later than the next one (scheduling, not the network).
        options = dict(max_items=25, timeout=2.0, backoff_base=0.05, backoff_cap=0.5, rate_margin=0.25)

        # Kill one worker process once about a quarter of the calls went out.
        pids = dask.run(os.getpid)
        victim = sorted(pids)[0]
        import threading

        result: Dict[str, Any] = {}

        def run() -> None:
            try:
                result["reports"] = push_merchants.push_all(dask, merchants, catalogs, str(tmp_path), RATE, **options)
            except BaseException as e:  # surfaced below
                result["error"] = e

        t = threading.Thread(target=run)
        t.start()
        deadline = time.time() + 60
        while sb.request_count() < 100 and time.time() < deadline:
            time.sleep(0.1)
        assert dask.processing().get(victim), "the victim worker runs a push"
        os.kill(pids[victim], signal.SIGKILL)
        t.join(timeout=120)
        assert not t.is_alive(), "the fan-out finished"
        if "error" in result:
            raise result["error"]
        first: Dict[str, skuwire.PushReport] = result["reports"]

        # Run the whole fan-out again: nothing is left, nothing is sent.
        n = len(sb.requests())
        again = push_merchants.push_all(dask, merchants, catalogs, str(tmp_path), RATE, **options)
        assert len(sb.requests()) == n
        for name in merchants:
            assert (again[name].accepted, again[name].rejected) == (first[name].accepted, first[name].rejected)

        # Against the sandbox's records.
        log = sb.requests()
        stored = Counter(g["goods_no"] for g in sb.snapshot()["goods"])
        applied = Counter(k for e in log for k in (e.get("applied") or []))
        resent_ok: Set[str] = set()
        rejected_total = 0
        for name, report in first.items():
            items = catalogs[name]
            keys = [it["goods_no"] for it in items]
            assert report.unknown == [] and report.unsent == [] and report.invalid == []
            assert sorted(report.accepted + [r.index for r in report.rejected]) == list(range(N_GOODS))
            rejected_total += len(report.rejected)
            for i in report.accepted:
                assert stored[keys[i]] == 1
            for r in report.rejected:
                assert keys[r.index] not in stored
            resent_ok |= {keys[i] for i in _in_flight_at_the_kill(tmp_path / ("%s.jsonl" % name))}
        assert resent_ok, "the killed worker had calls in flight"
        assert sum(stored.values()) == N_MERCHANTS * N_GOODS - rejected_total
        # Every stored good arrived once, or twice only when its call was in
        # flight at the kill (an upsert, resent by the resumed push).
        for k, times in applied.items():
            assert times == 1 or (times == 2 and k in resent_ok), (k, times)
        # Each merchant's rate limit held: no app made more than RATE calls within a second.
        by_app: Dict[str, List[float]] = {}
        for e in log:
            by_app.setdefault(e["app"], []).append(e["received"])
        for app, times in by_app.items():
            times.sort()
            most = max(sum(1 for b in times if a <= b < a + 1.0) for a in times)
            assert most <= RATE, (app, most)
        assert not [e for e in log if e["verdict"].startswith("rate limited")]
        # Every fault was met.
        assert sb.faults.pending() == []
    assert time.monotonic() - started < 120
