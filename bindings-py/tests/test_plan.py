"""Planning: streaming skip mode, raise mode, JSON input, hostile input,
and batches that sign, parse and report transport errors."""

from __future__ import annotations

import json
import pickle
from typing import Any, Dict, Iterator, List

import pytest

import skuwire

from conftest import client_for, goods

OP = "goods.Goods.batchPush"


def test_skip_mode_streams_without_reading_ahead() -> None:
    total, max_items = 20_000, 50
    state: Dict[str, int] = {"pulled": 0, "accounted": 0}
    bad = {i for i in range(0, total, 997)}

    def rows() -> Iterator[Dict[str, Any]]:
        for i in range(total):
            # Never more than one open batch ahead of what the consumer has seen.
            if state["pulled"] - state["accounted"] > max_items:
                raise AssertionError(f"pulled {state['pulled']} items with only {state['accounted']} accounted for")
            state["pulled"] += 1
            yield {"goods_no": f"G{i}", "goods_name": "", "spec_list": []} if i in bad else goods(i)

    plan = client_for("flagship").plan(OP, rows(), on_invalid="skip", max_items=max_items)
    seen: List[int] = []
    for batch in plan:
        assert len(batch) <= max_items
        seen.extend(batch.indices)
        state["accounted"] = len(seen) + len(plan.invalid)
    assert plan.done and state["pulled"] == total
    assert [i.index for i in plan.invalid] == sorted(bad)
    assert all([e["type"] for e in inv.errors] == ["string_too_short", "too_short"] for inv in plan.invalid)
    # Nothing lost: every row is either in a batch or reported.
    assert sorted(seen + [i.index for i in plan.invalid]) == list(range(total))
    index, errors = plan.invalid[0]
    assert index == 0 and errors[0]["loc"] == (0, "goods_name")


def test_raise_mode_validates_everything_before_the_first_batch() -> None:
    pulled = []

    def rows() -> Iterator[Dict[str, Any]]:
        for i in range(300):
            pulled.append(i)
            yield {**goods(i), "goods_type": 9} if i in (5, 250) else goods(i)

    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").plan(OP, rows())
    assert len(pulled) == 300
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("enum", (5, "goods_type")), ("enum", (250, "goods_type"))]
    plan = client_for("flagship").plan(OP, [goods(i) for i in range(120)])
    assert [b.indices[0] for b in plan] == [0, 50, 100]


def test_duplicates_across_batches_are_caught() -> None:
    items = [goods(i) for i in range(60)] + [goods(3)]
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").plan(OP, items)
    assert {e["type"] for e in info.value.errors()} == {"duplicate_key"}


def test_one_mapping_is_one_item() -> None:
    (batch,) = list(client_for("flagship").plan(OP, goods(1)))
    assert batch.indices == [0]
    assert skuwire.validate(OP, {"goods_no": "x"})[0]["loc"] == ("goods_name",)


def test_json_text_and_bytes_take_the_fast_path() -> None:
    items = [goods(i) for i in range(3)]
    text = json.dumps(items, ensure_ascii=False, default=str)
    client = client_for("flagship")
    from_objects = [b.body_json() for b in client.plan(OP, [{**g, "spec_list": [{**g["spec_list"][0], "retail_price": "59.90"}]} for g in items])]
    for source in (text, text.encode("utf-8"), bytearray(text.encode("utf-8")), memoryview(text.encode("utf-8"))):
        assert [b.body_json() for b in client.plan(OP, source)] == from_objects
    errors = skuwire.validate(OP, b'{"goods_no": 5}')
    assert [e["loc"] for e in errors] == [("goods_name",), ("spec_list",), ("goods_no",)]
    assert errors[2] == {
        "type": "string_type", "loc": ("goods_no",), "msg": "Input should be a valid string",
        "msg_zh": "应为字符串", "input": 5, "ctx": {},
    }


def test_bad_json_is_a_structured_error() -> None:
    (err,) = skuwire.validate(OP, b'[{"goods_no": ')
    assert err["type"] == "json_invalid" and err["loc"] == () and "EOF" in err["ctx"]["error"]
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").plan(OP, "[1, 2,]")
    assert [e["type"] for e in info.value.errors()] == ["json_invalid"]


def test_a_key_repeated_in_json_text_is_reported_where_it_is() -> None:
    # Python dicts cannot hold a twin; JSON text can, and parsers disagree on
    # which one wins, so the library reports it instead of keeping one.
    good = json.dumps(goods(0), ensure_ascii=False, default=str)
    twin = '{"goods_no": "G1", "goods_name": "杯", "spec_list": [{"spec_no": "S1", "retail_price": "1", "retail_price": "2"}]}'
    text = "[%s, %s, %s]" % (good, twin, json.dumps(goods(2), ensure_ascii=False, default=str))
    (err,) = skuwire.validate(OP, text)
    assert (err["type"], err["loc"], err["ctx"], err["input"]) == (
        "json_duplicate_key", (1, "spec_list", 0, "retail_price"), {"key": "retail_price"}, "2")
    assert "retail_price" in err["msg"] and "retail_price" in err["msg_zh"]
    # One object: located without an index, like its other errors.
    one = '{"goods_no": "G1", "goods_no": "G2", "goods_name": "", "spec_list": [{"spec_no": "S1"}]}'
    assert {(e["type"], e["loc"]) for e in skuwire.validate(OP, one.encode())} == {
        ("json_duplicate_key", ("goods_no",)), ("string_too_short", ("goods_name",))}
    # Planning: the item is invalid, its neighbours still plan.
    plan = client_for("flagship").plan(OP, text.encode(), on_invalid="skip")
    assert [b.indices for b in plan] == [[0, 2]]
    ((index, errors),) = plan.invalid
    assert index == 1 and [(e["type"], e["loc"], e["input"]) for e in errors] == [
        ("json_duplicate_key", (1, "spec_list", 0, "retail_price"), "2")]
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").plan(OP, text)
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("json_duplicate_key", (1, "spec_list", 0, "retail_price"))]
    # A planned lone object is item 0, for this error as for its others.
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").plan(OP, one)
    assert {(e["type"], e["loc"]) for e in info.value.errors()} == {
        ("json_duplicate_key", (0, "goods_no")), ("string_too_short", (0, "goods_name"))}


def _nested(depth: int, leaf: Any) -> Any:
    v = leaf
    for _ in range(depth):
        v = [v]
    return v


def test_hostile_input_gives_structured_errors_and_the_module_keeps_working() -> None:
    deep_dict: Dict[str, Any] = {}
    cur = deep_dict
    for _ in range(10_000):
        cur["k"] = {}
        cur = cur["k"]
    loop: List[Any] = []
    loop.append(loop)
    items = [
        {**goods(0), "goods_name": "\ud800"},
        {**goods(1), "spec_list": [{"spec_no": "s", "weight": float("nan")}]},
        # Undocumented fields (not reported outside strict mode), so that only the nesting shows.
        {**goods(2), "x_remark": _nested(10_000, 1)},
        {**goods(3), "x_prop1": deep_dict},
        {**goods(4), "x_prop2": loop},
        {**goods(5), "alias": set()},
        goods(6),
    ]
    errors = skuwire.validate(OP, items)
    assert [(e["type"], e["loc"][:2]) for e in errors] == [
        ("string_unicode", (0, "goods_name")),
        ("decimal_not_finite", (1, "spec_list")),
        ("nesting_too_deep", (2, "x_remark")),
        ("nesting_too_deep", (3, "x_prop1")),
        ("nesting_too_deep", (4, "x_prop2")),
        ("unsupported_type", (5, "alias")),
    ]
    deep = errors[2]
    # The item is level 1; the first container past MAX_DEPTH levels is the one reported.
    assert len(deep["loc"]) == 1 + skuwire.MAX_DEPTH and deep["ctx"] == {"max_depth": skuwire.MAX_DEPTH}
    plan = client_for("flagship").plan(OP, items, on_invalid="skip")
    assert [b.indices for b in plan] == [[6]]
    assert [i.index for i in plan.invalid] == [0, 1, 2, 3, 4, 5]
    # Deep JSON text too: past MAX_DEPTH a structured error, also far past the JSON reader's own recursion limit.
    for depth in (100, 10_000):
        (err,) = skuwire.validate(OP, ("[" * (depth + 1) + "1" + "]" * (depth + 1)).encode())
        assert (err["type"], err["ctx"]) == ("nesting_too_deep", {"max_depth": skuwire.MAX_DEPTH})
    # One object too deep: that problem alone, located like its other errors (no index).
    (err,) = skuwire.validate(OP, '{"goods_no": "G1", "x": %s1%s}' % ("[" * 100, "]" * 100))
    assert (err["type"], err["loc"]) == ("nesting_too_deep", ())
    assert skuwire.validate(OP, [goods(1)]) == []


def test_batches_sign_parse_and_report_transport_errors() -> None:
    client = client_for("flagship")
    (batch,) = list(client.plan(OP, [goods(1), goods(2)]))
    assert (batch.op, batch.method, batch.platform, batch.indices, len(batch), batch.upsert) == (OP, OP, "flagship", [0, 1], 2, True)
    assert batch.items == [goods(1), goods(2)]
    assert batch.client is client
    outcome = batch.parse(200, '{"status":0,"data":{"error_list":[{"no":"G2","error":"货品名称重复"}]}}')
    assert outcome.partial and outcome.status == "partial" and outcome.reason == "item_errors"
    assert outcome.accepted == [0]
    assert [(r.index, r.key, r.message) for r in outcome.rejected] == [(1, "G2", "货品名称重复")]
    assert outcome.unknown == []
    timeout = batch.transport_error("read timed out")
    assert (timeout.status, timeout.reason, timeout.http_status, timeout.retry) == ("failure", "transport", 0, "resend")
    assert timeout.accepted == [] and timeout.rejected == []
    # No answer: the platform may have applied it (an upsert, so resent).
    assert timeout.unknown == [0, 1] and "unknown=2" in repr(timeout)
    assert batch.parse(502, b"<html>Bad Gateway</html>").unknown == [0, 1]
    assert pickle.loads(pickle.dumps(timeout)).unknown == [0, 1]
    skew = batch.parse(200, b'{"status":7,"message":"timestamp expired"}')
    assert (skew.reason, skew.retry, skew.code, skew.unknown) == ("clock_skew", "resign", 7, [])
    # An expired appkey is not the clock: its own reason, never retried.
    expired = batch.parse(200, '{"status":3,"message":"appkey已过期"}')
    assert (expired.reason, expired.retry) == ("credentials_expired", "no")
    assert set(skuwire.REASONS) >= {"credentials_expired", "unconfirmed", "clock_skew"}
    assert skuwire.RETRIES == ("no", "resign", "backoff", "resend") and skuwire.STATUSES == ("success", "partial", "failure")
    # Not an upsert: an unknown outcome lists the items as unknown (not rejected), never resent.
    ymcart = skuwire.Ymcart("tok", "https://shop.example.com/api/{method}")
    (add,) = list(ymcart.plan("addGoods", [{
        "base_name": "杯", "codeno": "C1", "price": "1.00", "category": "家居", "status": 1,
        "main_image": "https://img.example.com/1.jpg", "spec_mode": 0, "single_res": {"codeno": "S1", "price": "1.00", "stock": 1}}]))
    lost = add.transport_error("connection reset")
    assert (lost.unknown, lost.retry, lost.rejected, lost.accepted) == ([0], "no", [], [])
