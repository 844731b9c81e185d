#!/usr/bin/env python3
"""Push the catalogs of many merchants at once: one skuwire push per merchant
(one WDT flagship sid/appkey each), as Dask tasks.

Each task is ``client.push(...)`` with the merchant's own rate limit (the
platforms count calls per app) and a journal on a disk every worker sees.
When a worker dies mid-push, Dask runs its task again elsewhere and the
journal resumes the push: what the platform accepted is not sent again, and
a call that was in flight is resent only because batchPush is an upsert (a
create such as YMCart ``addGoods`` would be reported ``unknown`` instead).
Running the whole fan-out again is just as safe.

    python examples/dask/push_merchants.py            # 20 merchants × 500 goods, local sandbox and cluster

See README.md beside this file for a real cluster.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from typing import Any, Dict, List, Mapping, Sequence

import skuwire

OP = "goods.Goods.batchPush"


def push_merchant(client: skuwire.Client, items: Sequence[Mapping[str, Any]], journal: skuwire.Journal,
                  rate: float, concurrency: int = 2, **options: Any) -> skuwire.PushReport:
    """One merchant's push: the task Dask runs (anywhere; the client, the
    items and the journal — a path — travel with it)."""
    return client.push(OP, list(items), journal=journal, rate=rate, concurrency=concurrency, **options)


def push_all(dask_client: Any, merchants: Mapping[str, skuwire.Client], catalogs: Mapping[str, Sequence[Mapping[str, Any]]],
             journal_dir: str, rate: float, **options: Any) -> Dict[str, skuwire.PushReport]:
    """Submits one task per merchant and waits for all of them; returns each
    merchant's report. Safe to call again with the same journals."""
    # Workers import this module by name: ship it to them (also to workers
    # that join later). A real cluster may have it in its image instead.
    dask_client.upload_file(os.path.abspath(__file__))
    futures = {
        name: dask_client.submit(push_merchant, client, catalogs[name], skuwire.Journal(os.path.join(journal_dir, "%s.jsonl" % name)),
                                 rate, key="push-%s-%d" % (name, time.monotonic_ns()),
                                 # A copy that found the journal locked by a live twin fails: try again later.
                                 retries=2, **options)
        for name, client in merchants.items()
    }
    return {name: f.result() for name, f in futures.items()}


def catalog(merchant: str, n: int) -> List[Dict[str, Any]]:
    """A sample catalog: ``n`` goods with one spec each."""
    return [{"goods_no": "%s-%04d" % (merchant, i), "goods_name": "保温杯 %d" % i,
             "spec_list": [{"spec_no": "%s-%04d-1" % (merchant, i), "retail_price": "59.90"}]} for i in range(n)]


def main(argv: Sequence[str] = ()) -> int:
    from dask.distributed import Client, LocalCluster
    from skuwire.sandbox import Sandbox

    n_merchants, n_goods, rate = 20, 500, 10.0
    accounts = [{"sid": "m%02d" % i, "appkey": "key-m%02d" % i, "appsecret": "secret-m%02d:salt-m%02d" % (i, i)}
                for i in range(n_merchants)]
    with Sandbox(credentials={"flagship": accounts}, latency=0.05, rate_limit=rate, request_log_size=100_000) as sb, \
            tempfile.TemporaryDirectory() as journals, \
            LocalCluster(n_workers=4, threads_per_worker=2, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as dask_client:
        merchants = {a["sid"]: skuwire.Flagship(a["sid"], a["appkey"], a["appsecret"], base_url=sb.flagship_url) for a in accounts}
        catalogs = {name: catalog(name, n_goods) for name in merchants}
        started = time.monotonic()
        reports = push_all(dask_client, merchants, catalogs, journals, rate)
        took = time.monotonic() - started
        accepted = sum(len(r.accepted) for r in reports.values())
        calls = sum(r.calls for r in reports.values())
        print("%d merchants × %d goods: %d accepted in %d calls, %.1f s (%d worker processes)"
              % (n_merchants, n_goods, accepted, calls, took, len(dask_client.scheduler_info()["workers"])))
        print("the sandbox stored %d goods" % len(sb.snapshot()["goods"]))
    return 0 if accepted == n_merchants * n_goods else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
