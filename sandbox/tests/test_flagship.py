"""WDT flagship /openapi: verification, the three methods, upsert keys, limits."""
import pytest

from conftest import freeze, jbody
from skuwire_sandbox import Sandbox
from conftest import Client


def goods(no, n_specs=1, name=None, **kw):
    g = {"goods_no": no, "goods_name": name or "货品" + no,
         "spec_list": [{"spec_no": "%s-%d" % (no, i), "retail_price": "9.90"} for i in range(n_specs)]}
    g.update(kw)
    return g


# ---------------------------------------------------------------- verification

def test_expired_timestamp_rejected_both_directions(client, sb):
    t = freeze(sb)
    wdt = t - 1325347200
    g = [goods("G")]
    for delta in (121, -121, 1000):
        _, out = client.flagship("goods.Goods.batchPush", [g], ts=wdt + delta)
        assert out == {"status": 7, "message": "时间戳过期"}
    for delta in (120, -120, 0):
        _, out = client.flagship("goods.Goods.batchPush", [g], ts=wdt + delta)
        assert out["status"] == 0


def test_unix_timestamp_instead_of_wdt_epoch_rejected(client, sb):
    t = freeze(sb)
    _, out = client.flagship("goods.Goods.batchPush", [[goods("G")]], ts=t)
    assert out["status"] == 7


@pytest.mark.parametrize("kw,status", [
    ({"sid": "nobody"}, 2),
    ({"key": "other-key"}, 3),
    ({"salt": "other-salt"}, 3),
    ({"v": "2.0"}, 4),
    ({"secret": "wrong-secret"}, 5),
])
def test_system_parameter_errors(client, kw, status):
    _, out = client.flagship("goods.Goods.batchPush", [[goods("G")]], **kw)
    assert out["status"] == status and out["message"]


@pytest.mark.parametrize("missing", ["sid", "key", "salt", "method", "v", "timestamp", "sign"])
def test_missing_system_parameter(client, missing):
    params, body = client.flagship_request("goods.Goods.batchPush", [[goods("G")]])
    del params[missing]
    _, out = client.flagship(None, params=params, body=body)
    assert out == {"status": 1, "message": "缺少参数: %s" % missing}


def test_unknown_method(client):
    _, out = client.flagship("goods.Goods.nope", [[]])
    assert out == {"status": 6, "message": "接口不存在"}


def test_invalid_json_body_and_non_array(client):
    _, out = client.flagship("goods.Goods.batchPush", body=b"[[{]")
    assert out["status"] == 8
    _, out = client.flagship("goods.Goods.batchPush", body=b'{"goods":[]}')
    assert out["status"] == 8


def test_get_not_allowed(client):
    status, _ = client.raw_json("GET", "/openapi")
    assert status == 405


# ---------------------------------------------------------------- goods.Goods.batchPush

def test_batch_push_saves_and_upserts(client, sb):
    _, out = client.push_goods([goods("A", 2), goods("B", 1)])
    assert out == {"status": 0, "data": {"error_list": []}}
    snap = sb.snapshot()
    assert [g["goods_no"] for g in snap["goods"]] == ["A", "B"]
    assert [s["spec_no"] for s in snap["specs"]] == ["A-0", "A-1", "B-0"]
    assert snap["goods"][0]["doc"]["class_name"] == "无"
    # push again with a new name and one more spec: updated, not duplicated
    _, out = client.push_goods([goods("A", 3, name="新名字")])
    assert out["status"] == 0
    snap = sb.snapshot()
    assert len(snap["goods"]) == 2 and snap["goods"][0]["goods_name"] == "新名字"
    assert snap["goods"][0]["goods_id"] == 1
    assert [s["spec_no"] for s in snap["specs"]] == ["A-0", "A-1", "B-0", "A-2"]


def test_batch_push_51_goods_rejected_whole(client, sb):
    _, out = client.push_goods([goods("G%d" % i) for i in range(51)])
    assert out == {"status": 100, "message": "货品条数不得超过50条"}
    assert sb.snapshot()["goods"] == []
    _, out = client.push_goods([goods("G%d" % i) for i in range(50)])
    assert out == {"status": 0, "data": {"error_list": []}}
    assert len(sb.snapshot()["goods"]) == 50


def test_batch_push_spec_count_partial_failure(client, sb):
    g_empty = goods("E", 0)
    g_big = goods("BIG", 501)
    _, out = client.push_goods([goods("OK1"), g_empty, g_big, goods("OK2", 500)])
    assert out == {"status": 0, "data": {"error_list": [
        {"no": "E", "error": "单品条数不得超过500条或为空"},
        {"no": "BIG", "error": "单品条数不得超过500条或为空"}]}}
    snap = sb.snapshot()
    assert [g["goods_no"] for g in snap["goods"]] == ["OK1", "OK2"]
    assert len(snap["specs"]) == 501


def test_batch_push_item_errors(client, sb):
    client.push_goods([goods("OWNER")])
    bad = [
        {"goods_name": "x", "spec_list": [{"spec_no": "s"}]},
        {"goods_no": "N", "spec_list": [{"spec_no": "s2"}]},
        {"goods_no": "L" * 41, "goods_name": "x", "spec_list": [{"spec_no": "s3"}]},
        {"goods_no": "NOSPEC", "goods_name": "x", "spec_list": [{"spec_name": "s"}]},
        {"goods_no": "STEAL", "goods_name": "x", "spec_list": [{"spec_no": "OWNER-0"}]},
        {"goods_no": "PRICE", "goods_name": "x", "spec_list": [{"spec_no": "p", "retail_price": "abc"}]},
    ]
    _, out = client.push_goods(bad + [goods("GOOD")])
    errs = out["data"]["error_list"]
    assert out["status"] == 0
    assert [e["no"] for e in errs] == ["", "N", "L" * 41, "NOSPEC", "STEAL", "PRICE"]
    assert errs[0]["error"] == "货品编号不能为空"
    assert errs[1]["error"] == "货品名称不能为空"
    assert "40" in errs[2]["error"]
    assert errs[3]["error"] == "商家编码不能为空"
    assert "OWNER-0" in errs[4]["error"]
    assert [g["goods_no"] for g in sb.snapshot()["goods"]] == ["OWNER", "GOOD"]


def test_batch_push_body_shape(client):
    _, out = client.flagship("goods.Goods.batchPush", [goods("A")])  # not wrapped in a list
    assert out["status"] == 100
    _, out = client.flagship("goods.Goods.batchPush", [[]])
    assert out["status"] == 100


# ---------------------------------------------------------------- goods.ApiGoods.upload

def api_item(gid, sid, **kw):
    d = {"goods_id": gid, "spec_id": sid, "goods_no": "NO-" + gid, "spec_no": "SNO-" + sid,
         "goods_name": "平台货品" + gid, "price": "19.9", "stock_num": 5}
    d.update(kw)
    return d


def test_api_goods_rec_ids_in_input_order_and_stable(client, sb):
    t = freeze(sb, 1700000000)
    _, out = client.push_api_goods("shop1", [api_item("g1", "s1"), api_item("g1", "s2"), api_item("g2", "s1")])
    assert out == {"status": 0, "data": {"rec_ids": [1, 2, 3], "status": 0}}
    sb.set_clock(now=t + 60)
    _, out = client.push_api_goods("shop1", [api_item("g2", "s1", price=1), api_item("g9", "s9"),
                                             api_item("g1", "s1", goods_name="改名")])
    assert out["data"]["rec_ids"] == [3, 4, 1]
    rows = {r["rec_id"]: r for r in sb.snapshot()["api_goods"]}
    assert len(rows) == 4
    assert rows[1]["goods_name"] == "改名" and rows[1]["created"] == t and rows[1]["modified"] == t + 60
    assert rows[2]["modified"] == t
    assert rows[3]["price"] == "1.0000"
    # same goods_id/spec_id in another shop is another row
    _, out = client.push_api_goods("shop2", [api_item("g1", "s1")])
    assert out["data"]["rec_ids"] == [5]


def test_api_goods_defaults_overwrite(client, sb):
    client.push_api_goods("shop1", [api_item("g1", "s1", status=2)])
    client.push_api_goods("shop1", [{"goods_id": "g1", "spec_id": "s1"}])
    row = sb.snapshot()["api_goods"][0]
    assert (row["status"], row["goods_name"], row["price"], row["stock_num"]) == (1, "", "0.0000", "0.0000")


def test_api_goods_missing_ids_default_to_empty(client, sb):
    _, out = client.push_api_goods("shop1", [{"goods_name": "a"}, {"goods_name": "b"}])
    assert out["data"]["rec_ids"] == [1, 1]
    assert len(sb.snapshot()["api_goods"]) == 1


@pytest.mark.parametrize("shop", ["missing-shop", "missing"])
def test_api_goods_unknown_shop(client, sb, shop):
    _, out = client.push_api_goods(shop, [api_item("g1", "s1")])
    assert out == {"status": 100, "message": "店铺不存在/无权限/类型错误"}
    assert sb.snapshot()["api_goods"] == []


def test_api_goods_configured_unknown_and_known_shops():
    with Sandbox(unknown_shops=["closed"], known_shops=["a", "closed"]) as sb:
        c = Client(sb)
        assert c.push_api_goods("closed", [api_item("g", "s")])[1]["status"] == 100
        assert c.push_api_goods("b", [api_item("g", "s")])[1]["status"] == 100
        assert c.push_api_goods("a", [api_item("g", "s")])[1]["status"] == 0


@pytest.mark.parametrize("item", [
    {"goods_id": "x" * 41},
    {"goods_name": "x" * 256},
    {"status": 3},
    {"price": "1,5"},
    {"stock_num": True},
    {"price": "1e20"},
])
def test_api_goods_field_rules(client, sb, item):
    _, out = client.push_api_goods("shop1", [item])
    assert out["status"] == 100
    assert sb.snapshot()["api_goods"] == []


def test_api_goods_empty_list(client):
    assert client.push_api_goods("shop1", [])[1]["status"] == 100


# ---------------------------------------------------------------- purchase.ProviderGoods.upload

def test_provider_goods_duplicates_in_call(client, sb):
    rows = [{"spec_no": "dongfangshuye", "provider_no": "LCJtest"},
            {"spec_no": "wangdiantong", "provider_no": "20170808002"},
            {"spec_no": "dongfangshuye", "provider_no": "LCJtest", "price": 3},
            {"spec_no": "dongfangshuye", "provider_no": "other"}]
    _, out = client.flagship("purchase.ProviderGoods.upload", [rows])
    assert out == {"status": 0, "data": {"error_list": ["LCJtest 供应商货品重复,商家编码：dongfangshuye"]}}
    snap = sb.snapshot()["provider_goods"]
    assert [(r["provider_no"], r["spec_no"]) for r in snap] == [
        ("LCJtest", "dongfangshuye"), ("20170808002", "wangdiantong"), ("other", "dongfangshuye")]


def test_provider_goods_upsert_across_calls(client, sb):
    client.flagship("purchase.ProviderGoods.upload", [[{"provider_no": "P", "spec_no": "S", "price": "1"}]])
    _, out = client.flagship("purchase.ProviderGoods.upload", [[{"provider_no": "P", "spec_no": "S", "price": "2"}]])
    assert out == {"status": 0, "data": {"error_list": []}}
    snap = sb.snapshot()["provider_goods"]
    assert len(snap) == 1 and snap[0]["doc"]["price"] == "2"


def test_provider_goods_missing_fields(client, sb):
    _, out = client.flagship("purchase.ProviderGoods.upload",
                             [[{"spec_no": "S"}, {"provider_no": "P"}, {"provider_no": "P", "spec_no": "S"}]])
    assert out["data"]["error_list"] == ["供应商编号不能为空,商家编码：S", "P 商家编码不能为空"]
    assert len(sb.snapshot()["provider_goods"]) == 1


def test_provider_goods_require_known_specs():
    with Sandbox(require_known_specs=True) as sb:
        c = Client(sb)
        c.push_goods([goods("A")])
        _, out = c.flagship("purchase.ProviderGoods.upload",
                            [[{"provider_no": "P", "spec_no": "A-0"}, {"provider_no": "P", "spec_no": "ZZ"}]])
        assert out["data"]["error_list"] == ["P 单品不存在,商家编码：ZZ"]
