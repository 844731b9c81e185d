"""Python values ↔ JSON: decimals exact both ways, floats only through
their shortest repr, datetimes in Beijing time, mappings of any kind."""

from __future__ import annotations

import collections.abc
import random
import sqlite3
import types
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, Iterator

import pytest

import skuwire

from conftest import client_for, goods


def body_of(*args: Any) -> str:
    """The JSON text the binding makes of some values (a generic flagship call)."""
    return client_for("flagship").call("any.Method.name", *args).body_json().decode("utf-8")


def reference_float_text(x: float) -> str:
    """What the brief specifies: repr(x), written without an exponent."""
    r = repr(x)
    return format(Decimal(r), "f") if "e" in r else r


def test_decimal_text_is_kept_exactly() -> None:
    assert body_of(Decimal("59.90"), Decimal("-0.00"), Decimal("1E+2"), Decimal("0.0000001")) == "[59.90,-0.00,100,0.0000001]"
    big = Decimal("123456789012345678901234567890.123456789")
    assert body_of(big) == "[123456789012345678901234567890.123456789]"


def test_ints_are_exact_and_bool_is_not_an_int() -> None:
    assert body_of(2**70, -(2**63), True, False, 1, 0) == f"[{2**70},{-(2**63)},true,false,1,0]"
    errors = skuwire.validate("goods.Goods.batchPush", {**goods(1), "goods_type": True})
    assert [(e["type"], e["loc"]) for e in errors] == [("int_type", ("goods_type",))]


def test_floats_go_through_their_shortest_repr() -> None:
    assert body_of(0.1, 59.9, 1.0, -0.0, 1e-07, 1e16, 1.5e300) == "[0.1,59.9,1.0,-0.0,0.0000001,10000000000000000," + "15" + "0" * 299 + "]"
    rng = random.Random(20261123)
    values = [rng.uniform(-1e6, 1e6) for _ in range(500)]
    values += [rng.random() * 10.0 ** rng.randint(-30, 30) for _ in range(500)]
    values += [float(rng.randint(-(10**17), 10**17)) for _ in range(200)]
    values += [0.0001, 0.00001, 9999999999999998.0, 1e15, 123456789.125]
    got = body_of(*values)[1:-1].split(",")
    assert got == [reference_float_text(v) for v in values]


def test_floats_are_judged_by_the_core_not_rounded() -> None:
    items = [{**goods(1), "spec_list": [{"spec_no": "a", "retail_price": 0.1 + 0.2, "weight": 1e16, "width": 12.5}]}]
    errors = skuwire.validate("goods.Goods.batchPush", items)
    assert [(e["type"], e["loc"][-1]) for e in errors] == [
        ("decimal_max_places", "retail_price"),
        ("decimal_max_whole_digits", "weight"),
    ]
    assert errors[0]["input"] == Decimal("0.30000000000000004")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("-Infinity"), Decimal("sNaN")])
def test_non_finite_numbers_are_structured_errors(bad: Any) -> None:
    item = {**goods(1), "spec_list": [{"spec_no": "a", "retail_price": bad}]}
    (err,) = skuwire.validate("goods.Goods.batchPush", [item])
    assert err["type"] == "decimal_not_finite"
    assert err["loc"] == (0, "spec_list", 0, "retail_price")
    assert err["input"] is bad
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").call("any.Method", bad)
    assert [e["type"] for e in info.value.errors()] == ["decimal_not_finite"]


def _walk(v: Any) -> Iterator[Any]:
    yield v
    if isinstance(v, dict):
        for x in v.values():
            yield from _walk(x)
    elif isinstance(v, list):
        for x in v:
            yield from _walk(x)


def test_numbers_come_back_as_int_or_decimal_never_float() -> None:
    client = client_for("flagship")
    (batch,) = list(client.plan("goods.Goods.batchPush", [{**goods(1), "goods_type": 1}]))
    payload = batch.payload
    assert payload[0][0]["spec_list"][0]["retail_price"] == Decimal("59.90")
    assert str(payload[0][0]["spec_list"][0]["retail_price"]) == "59.90"
    assert type(payload[0][0]["goods_type"]) is int
    outcome = batch.parse(200, b'{"status":0,"data":{"a":1.50,"b":2,"c":[1e3,-0.5,12345678901234567890123],"error_list":[]}}')
    data = outcome.data
    assert data["a"] == Decimal("1.50") and str(data["a"]) == "1.50"
    assert data["b"] == 2 and type(data["b"]) is int
    assert data["c"] == [Decimal("1e3"), Decimal("-0.5"), 12345678901234567890123]
    assert not any(isinstance(x, float) for x in _walk(data))


def test_datetimes_become_beijing_time() -> None:
    utc = datetime(2024, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
    la = datetime(2024, 1, 1, 0, 0, 0, tzinfo=timezone(timedelta(hours=-8)))
    naive = datetime(2024, 1, 1, 9, 30, 5)
    assert body_of(utc, la, naive, date(2024, 2, 29)) == '["2024-01-01 08:00:00","2024-01-01 16:00:00","2024-01-01 09:30:05","2024-02-29"]'
    assert skuwire.validate("vip_api_goods_query.php", {"start_time": utc, "end_time": naive}) == []


def test_sub_second_datetimes_are_not_truncated() -> None:
    t = datetime(2024, 1, 1, 8, 0, 0, 250000)
    assert body_of(t) == '["2024-01-01 08:00:00.250000"]'
    (err,) = skuwire.validate("vip_api_goods_query.php", {"start_time": t})
    assert err["type"] == "datetime_parsing" and err["loc"] == ("start_time",)


class RowMapping(collections.abc.Mapping):  # type: ignore[type-arg]
    def __init__(self, **kw: Any) -> None:
        self._d = kw

    def __getitem__(self, k: str) -> Any:
        return self._d[k]

    def __iter__(self) -> Iterator[str]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)


def test_any_mapping_is_an_item() -> None:
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.execute("create table pg (provider_no text, spec_no text, price text, is_master int)")
    db.executemany("insert into pg values (?, ?, ?, ?)", [("P1", "S1", "12.50", 1), ("P1", "S2", "3", 0)])
    rows = db.execute("select * from pg").fetchall()
    items = [*rows, RowMapping(provider_no="P2", spec_no="S1"), types.MappingProxyType({"provider_no": "P3", "spec_no": "S9"})]
    (batch,) = list(client_for("flagship").plan("purchase.ProviderGoods.upload", items))
    assert batch.body_json().decode() == (
        '[[{"provider_no":"P1","spec_no":"S1","price":"12.50","is_master":1},'
        '{"provider_no":"P1","spec_no":"S2","price":"3","is_master":0},'
        '{"provider_no":"P2","spec_no":"S1"},{"provider_no":"P3","spec_no":"S9"}]]'
    )


def test_keys_must_be_strings() -> None:
    errors = skuwire.validate("goods.Goods.batchPush", [{**goods(1), 7: "x"}])
    assert [(e["type"], e["loc"], e["ctx"]) for e in errors] == [("unsupported_type", (0, "7"), {"type_name": "int"})]
    assert errors[0]["input"] == 7


def test_tuples_are_lists_and_other_containers_are_refused() -> None:
    assert body_of((1, "a"), [None]) == '[[1,"a"],[null]]'
    for bad, name in [({1}, "set"), (frozenset(), "frozenset"), (b"x", "bytes"), (object(), "object"), ((i for i in []), "generator")]:
        with pytest.raises(skuwire.ValidationError) as info:
            client_for("flagship").call("m", bad)
        (err,) = info.value.errors()
        assert (err["type"], err["loc"], err["ctx"]["type_name"]) == ("unsupported_type", (0,), name)
        assert err["input"] is bad


def test_keys_are_read_right_whatever_objects_carry_them() -> None:
    # The binding remembers each key object's text (rows share their key
    # objects); here every row brings a fresh key that dies with its row, so
    # a text remembered for a reused address would put the wrong key in.
    def rows() -> Iterator[Dict[str, Any]]:
        for i in range(3000):
            yield {**goods(i), "".join(["x", str(i)]): 1}

    errors = skuwire.validate("goods.Goods.batchPush", rows(), strict=True)
    assert [(e["type"], e["loc"]) for e in errors] == [("extra_forbidden", (i, f"x{i}")) for i in range(3000)]

    class Key(str):
        pass

    long_key = "长" * 40  # beyond what is remembered
    assert body_of({Key("k"): 1, long_key: 2}, {Key("k"): 3, long_key: 4}) == f'[{{"k":1,"{long_key}":2}},{{"k":3,"{long_key}":4}}]'


def test_each_lone_surrogate_of_a_key_is_one_replacement_character() -> None:
    # Two lone surrogates that would make a pair in UTF-16 stay two here.
    errors = skuwire.validate("goods.Goods.batchPush", [{**goods(1), "k\ud83d\ude00": 1, "\udc00": 2}])
    assert [(e["type"], e["loc"]) for e in errors] == [("string_unicode", (0, "k\ufffd\ufffd")), ("string_unicode", (0, "\ufffd"))]
    assert [e["input"] for e in errors] == ["k\ud83d\ude00", "\udc00"]  # the keys themselves
