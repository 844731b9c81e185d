"""Clients: constructors, URLs, the clock offset, generic calls, operations."""

from __future__ import annotations

import pickle
import time
from decimal import Decimal

import pytest

import skuwire

from conftest import FLAGSHIP_CREDS, client_for

FLAGSHIP_EPOCH = 1_325_347_200  # 2012-01-01 00:00:00 Beijing time, from the vendor's guide


def test_public_names() -> None:
    assert skuwire.__version__ == "0.1.0"
    assert skuwire.FLAGSHIP_TEST_URL == "http://47.92.239.46/openapi"
    assert skuwire.FLAGSHIP_PRODUCTION_URL == "http://wdt.wangdian.cn/openapi"
    assert skuwire.ENTERPRISE_SANDBOX_URL.startswith("https://sandbox.wangdian.cn/openapi2")
    assert skuwire.ENTERPRISE_PRODUCTION_URL.startswith("https://api.wangdian.cn/openapi2")
    assert set(skuwire.__all__) <= set(dir(skuwire))


def test_default_urls_are_production_and_ymcart_needs_one() -> None:
    assert skuwire.Flagship(*FLAGSHIP_CREDS).base_url == skuwire.FLAGSHIP_PRODUCTION_URL
    assert skuwire.Enterprise("s", "k", "x").base_url == skuwire.ENTERPRISE_PRODUCTION_URL
    with pytest.raises(TypeError):
        skuwire.Ymcart("token")  # type: ignore[call-arg]
    assert skuwire.Ymcart("t", "https://shop.example.com/api").base_url == "https://shop.example.com/api/{method}"
    assert isinstance(skuwire.Flagship(*FLAGSHIP_CREDS), skuwire.Client)


def test_clock_offset_moves_the_signing_time() -> None:
    client = skuwire.Flagship(*FLAGSHIP_CREDS, clock_offset=3600)
    assert client.clock_offset == 3600
    batch = client.call("goods.Goods.queryWithSpec", {})
    assert abs(batch.sign().timestamp - (time.time() + 3600 - FLAGSHIP_EPOCH)) <= 2
    client.clock_offset = -600
    assert abs(batch.sign().timestamp - (time.time() - 600 - FLAGSHIP_EPOCH)) <= 2
    # An explicit timestamp wins.
    assert batch.sign(timestamp=FLAGSHIP_EPOCH + 5).timestamp == 5
    enterprise = skuwire.Enterprise("s", "k", "x", clock_offset=-30)
    req = enterprise.call("vip_api_goods_query.php", {"page_no": 0}).sign()
    assert abs(req.timestamp - (time.time() - 30)) <= 2


def test_clock_offset_from_http_date() -> None:
    # 1994-11-06 08:49:37 UTC = 784111777
    assert skuwire.clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30) == 30
    assert skuwire.clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111782.9) == -5


def test_generic_calls() -> None:
    flagship = client_for("flagship")
    batch = flagship.call("wms.stockout.Sales.weighingExt", "xc1", "", Decimal("1.2"), 0, False)
    assert batch.body_json() == b'["xc1","",1.2,0,false]'
    assert batch.payload == ["xc1", "", Decimal("1.2"), 0, False]
    assert (batch.op, batch.method, len(batch), batch.indices, batch.upsert) == (None, "wms.stockout.Sales.weighingExt", 0, [], False)
    enterprise = client_for("enterprise")
    req = enterprise.call("trade_query.php", {"shop_no": "A1", "page_size": 40}).sign(timestamp=1_470_042_310)
    assert req.url.endswith("/trade_query.php")
    assert b"page_size=40" in req.body and b"shop_no=A1" in req.body
    # System parameters belong to the client.
    with pytest.raises(skuwire.SkuwireError) as info:
        enterprise.call("trade_query.php", {"sid": "other"}).sign()
    assert info.value.code == "invalid_argument"
    outcome = enterprise.call("trade_query.php", {}).parse(200, b'{"code":"0","total_count":3,"trades":[]}')
    assert outcome.ok and outcome.total_count == 3 and outcome.data["trades"] == []


def test_operations() -> None:
    ops = skuwire.operations()
    by_name = {op.name: op for op in ops}
    push = by_name["goods.Goods.batchPush"]
    assert (push.platform, push.kind, push.max_items, push.documented_limit, push.upsert) == ("flagship", "push", 50, True, True)
    assert push.title_zh == "货品批量推送"
    assert by_name["vip_api_goods_query.php"].kind == "query"
    assert {op.platform for op in ops} <= set(skuwire.PLATFORMS)
    assert skuwire.operation("goods.Goods.batchPush") == push and hash(skuwire.operation("goods.Goods.batchPush")) == hash(push)
    assert pickle.loads(pickle.dumps(push)) == push
    assert "goods.Goods.batchPush" in repr(push)


def test_operations_describe_themselves() -> None:
    push = skuwire.operation("goods.Goods.batchPush")
    d = push.describe()
    assert (d["name"], d["platform"], d["kind"], d["max_items"], d["item_key"], d["paging"]) == (
        "goods.Goods.batchPush", "flagship", "push", 50, "goods_no", None)
    assert push.item_key == "goods_no" and push.window is None
    goods_no = d["item"]["fields"][0]
    assert goods_no == {"name": "goods_no", "label_zh": "货品编号", "required": True,
                        "kind": {"type": "string", "min_length": 1, "max_length": 40}}
    # Numbers are ints (never floats), and each call gives a new dict.
    assert type(goods_no["kind"]["max_length"]) is int
    d["name"] = "changed"
    assert push.describe()["name"] == "goods.Goods.batchPush"
    # A time-ranged query: the window's parameters and span, as the planner uses them.
    query = skuwire.operation("vip_api_goods_query.php")
    assert query.item_key is None
    assert query.window == {"start": "start_time", "end": "end_time", "max_days": 30}
    assert query.describe()["paging"] == {
        "paged": True, "first_page": 0, "default_page_size": 100, "max_page_size": 100, "max_page_size_documented": True, "row_key": "rec_id",
        "window": {"start": "start_time", "end": "end_time", "max_days": 30}}
    assert skuwire.operation("goodsList").window is None
    # Rules written as code say what they accept.
    (sku_id,) = [f for f in skuwire.operation("skuRemove").describe()["item"]["fields"] if f["name"] == "id"] or [
        skuwire.operation("skuRemove").describe()["item"]["fields"][0]]
    assert sku_id["kind"]["type"] == "custom" and set(sku_id["kind"]["accepts"]) == {"integer", "string"}
    assert sku_id["kind"]["summary"]
    assert skuwire.PLATFORMS == ("flagship", "enterprise", "ymcart")
    assert {op.platform for op in skuwire.operations()} == set(skuwire.PLATFORMS)


def test_ymcart_update_options_travel_with_update_sku_qty() -> None:
    options = {"update_listorder": 1, "update_status": 0}
    client = skuwire.Ymcart("tok", "https://shop.example.com/api", update_options=options)
    assert client.update_options == options
    assert "update_options={'update_listorder': 1, 'update_status': 0}" in repr(client)
    again = pickle.loads(pickle.dumps(client))
    assert again.update_options == options and repr(again) == repr(client)
    with pytest.raises(skuwire.ValidationError) as info:
        skuwire.Ymcart("tok", "https://shop.example.com/api", update_options={"update_status": 2, "other": 1})
    assert {e["loc"][0] for e in info.value.errors()} == {"update_options"}
    with pytest.raises(skuwire.ValidationError) as info:
        skuwire.Ymcart("tok", "https://shop.example.com/api", update_options={"update_status": float("nan")})
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("decimal_not_finite", ("update_options", "update_status"))]
