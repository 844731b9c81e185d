"""Clients, batches and requests pickle, so ETL jobs can plan and sign in
worker processes (multiprocessing, Spark, Dask, Ray) and get exactly what
the parent would have produced."""

from __future__ import annotations

import multiprocessing
import pickle

import skuwire

from _workers import parse_in_worker, plan_and_sign, sign_batch
from conftest import client_for, goods

TS = 1_700_000_000


def test_workers_sign_what_the_parent_signs() -> None:
    client = client_for("flagship")
    client.clock_offset = 7
    items = [goods(i) for i in range(230)]
    batches = list(client.plan("goods.Goods.batchPush", items, max_items=40))
    assert len(batches) == 6
    parent = [(b.sign(timestamp=TS), b.indices, b.body_json()) for b in batches]
    # spawn: nothing is inherited, everything crosses as a pickle.
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        from_workers = pool.map(sign_batch, [(b, TS) for b in batches])
        planned = pool.map(plan_and_sign, [(client, "goods.Goods.batchPush", items[:100], TS)])
        parsed = pool.map(
            parse_in_worker,
            [(batches[0], 200, '{"status":0,"data":{"error_list":[{"no":"G3","error":"重复"}]}}'.encode())],
        )
    assert from_workers == parent
    # The worker planned items[:100] itself with the pickled client.
    here = [b.sign(timestamp=TS) for b in client.plan("goods.Goods.batchPush", items[:100])]
    assert len(here) == 2 and planned == [here]
    assert parsed == [("partial", [i for i in range(40) if i != 3], [(3, "G3", "重复")])]


def test_pickle_round_trips_keep_everything() -> None:
    for platform in ("flagship", "enterprise", "ymcart"):
        client = client_for(platform)
        client.clock_offset = -3
        again = pickle.loads(pickle.dumps(client))
        assert type(again) is type(client)
        assert repr(again) == repr(client)
        assert again.clock_offset == client.clock_offset
    flagship = client_for("flagship")
    batch = flagship.call("goods.Goods.queryWithSpec", {"x": 1}, pager={"page_no": 2, "page_size": 50, "calc_total": True})
    again = pickle.loads(pickle.dumps(batch))
    assert again == batch
    assert again.sign(timestamp=TS) == batch.sign(timestamp=TS)
    assert "page_no=2" in again.sign(timestamp=TS).url
    req = batch.sign(timestamp=TS)
    assert pickle.loads(pickle.dumps(req)) == req
