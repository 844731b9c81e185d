"""Clients, batches, requests, outcomes and query plans pickle, so ETL jobs
can plan, sign and parse in worker processes (multiprocessing, Spark, Dask,
Ray) and get exactly what the parent would have produced."""

from __future__ import annotations

import json
import multiprocessing
import pickle
from decimal import Decimal

import skuwire

from _workers import feed_in_worker, parse_in_worker, plan_and_sign, sign_batch
from conftest import client_for, goods

TS = 1_700_000_000


def test_workers_sign_what_the_parent_signs() -> None:
    client = client_for("flagship")
    client.clock_offset = 7
    items = [goods(i) for i in range(230)]
    batches = list(client.plan("goods.Goods.batchPush", items, max_items=40))
    assert len(batches) == 6
    parent = [(b.sign(timestamp=TS), b.indices, b.body_json()) for b in batches]
    answers = [
        (batches[0], 200, '{"status":0,"data":{"error_list":[{"no":"G3","error":"重复"}]}}'.encode()),
        (batches[1], 502, b"<html>Bad Gateway</html>"),
        (batches[2], 200, b'{"status":0,"data":{"error_list":[],"total":12345678901234567890.10}}'),
    ]
    query = client_for("enterprise").query("vip_api_goods_query.php", start_time="2024-01-01 00:00:00", end_time="2024-03-01 00:00:00", page_size=2)
    rows = b'{"code":0,"total_count":"3","goods_list":[{"rec_id":"7","price":"59.9000"},{"rec_id":"8","price":"0.1000"}]}'
    # spawn: nothing is inherited, everything crosses as a pickle.
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        from_workers = pool.map(sign_batch, [(b, TS) for b in batches])
        planned = pool.map(plan_and_sign, [(client, "goods.Goods.batchPush", items[:100], TS)])
        parsed = pool.map(parse_in_worker, answers)
        ((fed, fed_rows, state),) = pool.map(feed_in_worker, [(query, 200, rows)])
    assert from_workers == parent
    # The worker planned items[:100] itself with the pickled client.
    here = [b.sign(timestamp=TS) for b in client.plan("goods.Goods.batchPush", items[:100])]
    assert len(here) == 2 and planned == [here]
    # Outcomes come back whole: equal to the parent's own parse, every field kept.
    assert parsed == [b.parse(status, body) for b, status, body in answers]
    first, bad_gateway, with_total = parsed
    assert (first.status, first.accepted, [(r.index, r.key, r.message) for r in first.rejected]) == (
        "partial", [i for i in range(40) if i != 3], [(3, "G3", "重复")])
    assert (bad_gateway.reason, bad_gateway.retry, bad_gateway.http_status) == ("html_body", "resend", 502)
    assert with_total.data["total"] == Decimal("12345678901234567890.10")
    # The query plan continued in the worker; its state resumes here.
    assert fed.ok and [(r["rec_id"], r["price"]) for r in fed_rows] == [(7, Decimal("59.9000")), (8, Decimal("0.1000"))]
    resumed = skuwire.QueryPlan.resume(state, query.client)
    assert (resumed.page_no, resumed.rows_delivered, resumed.total) == (1, 2, 3)
    assert json.loads(state)["seen"] == {"ints": [[7, 8]], "texts": []}


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
    # Every number keeps its text, a decimal -0 included.
    signed = flagship.call("goods.Goods.queryWithSpec", {"d": Decimal("-0"), "e": Decimal("-0.00"), "f": 12345678901234567890})
    assert pickle.loads(pickle.dumps(signed)).body_json() == signed.body_json() == b'[{"d":-0,"e":-0.00,"f":12345678901234567890}]'
    req = batch.sign(timestamp=TS)
    again_req = pickle.loads(pickle.dumps(req))
    assert again_req == req
    assert (again_req.string_to_sign, again_req.sorted_params, again_req.redacted_url, repr(again_req)) == (
        req.string_to_sign, req.sorted_params, req.redacted_url, repr(req))
    (push,) = list(flagship.plan("goods.Goods.batchPush", [goods(1), goods(2)]))
    outcome = push.parse(200, '{"status":0,"data":{"error_list":[{"no":"G2","error":"重复"}]}}'.encode())
    again_outcome = pickle.loads(pickle.dumps(outcome))
    assert again_outcome == outcome and repr(again_outcome) == repr(outcome)
    again_rejected = pickle.loads(pickle.dumps(outcome.rejected))
    assert again_rejected == outcome.rejected and [(r.index, r.key, r.message) for r in again_rejected] == [(1, "G2", "重复")]
    rows = [{"shop_no": "S", "goods_id": f"g{i}", "spec_id": "s", "goods_name": "n"} for i in range(2)]
    (upload,) = list(flagship.plan("goods.ApiGoods.upload", rows))
    with_ids = upload.parse(200, b'{"status":0,"data":{"rec_ids":[12345678901234567890123,5]}}')
    assert pickle.loads(pickle.dumps(with_ids)) == with_ids
    assert [(i.index, i.id) for i in pickle.loads(pickle.dumps(with_ids.ids))] == [(0, 12345678901234567890123), (1, 5)]
