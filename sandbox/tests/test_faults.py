"""Fault injection (programmatic and via /_sandbox/faults) and the control endpoints."""
import base64
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse

import pytest

from conftest import WDT_EPOCH, freeze


def g(no):
    return {"goods_no": no, "goods_name": "n" + no, "spec_list": [{"spec_no": no + "-1"}]}


def push(client, *nos, **kw):
    return client.push_goods([g(n) for n in nos]) if not kw else client.flagship(
        "goods.Goods.batchPush", [[g(n) for n in nos]], **kw)


def saved(sb):
    return [x["goods_no"] for x in sb.snapshot()["goods"]]


Q = {"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"}


# ---------------------------------------------------------------- rate_limit

def test_rate_limit_flagship_times_and_method_filter(client, sb):
    sb.inject("rate_limit", times=2, method="goods.Goods.batchPush")
    # another method is not affected and does not consume the fault
    _, out = client.flagship("purchase.ProviderGoods.upload", [[{"provider_no": "P", "spec_no": "S"}]])
    assert out["status"] == 0
    for _ in range(2):
        status, out = push(client, "A")
        assert status == 200 and out == {"status": 100, "message": "接口调用频率超过限制"}
    assert saved(sb) == []
    assert push(client, "A")[1]["status"] == 0
    assert saved(sb) == ["A"]


def test_rate_limit_http_429_and_other_platforms(client, sb):
    sb.inject("rate_limit", http_status=429, platform="flagship")
    sb.inject("rate_limit", method="vip_api_goods_query")
    sb.inject("rate_limit", method="addGoods")
    status, out = push(client, "A")
    assert status == 429 and out["status"] == 100
    assert client.query(**Q) == (200, {"code": 1007, "message": "接口调用频率超过限制"})
    assert client.ymcart("addGoods", goods_res=[]) == (200, {"code": 429, "msg": "too_many_requests"})
    assert sb.faults.pending() == []


# ---------------------------------------------------------------- 502 / empty body

@pytest.mark.parametrize("kind", ["http_502_html", "empty_body"])
def test_lost_answer_not_applied_by_default(client, sb, kind):
    sb.inject(kind)
    params, body = client.flagship_request("goods.Goods.batchPush", [[g("A")]])
    status, headers, out = client.raw("POST", "/openapi?" + urllib.parse.urlencode(params), body,
                                      {"Content-Type": "application/json"})
    if kind == "http_502_html":
        assert status == 502 and b"<center>nginx</center>" in out and headers["Content-Type"] == "text/html"
    else:
        assert status == 200 and out == b"" and headers["Content-Length"] == "0"
    assert saved(sb) == []
    assert sb.requests()[-1]["verdict"] == "fault: %s (not applied)" % kind
    # the same signed request sent again (within the clock window) is then applied
    assert client.flagship(None, params=params, body=body)[1]["status"] == 0
    assert saved(sb) == ["A"]


@pytest.mark.parametrize("kind", ["http_502_html", "empty_body"])
def test_lost_answer_applied(client, sb, kind):
    sb.inject(kind, applied=True, method="goods.ApiGoods.upload")
    status, out = client.push_api_goods("s", [{"goods_id": "1", "spec_id": "1"}])
    assert (status, out) in ((200, None), (502, out)) and not isinstance(out, dict)
    rows = sb.snapshot()["api_goods"]
    assert [r["rec_id"] for r in rows] == [1]
    # a retry of the same push is an upsert: still one row, same rec_id
    assert client.push_api_goods("s", [{"goods_id": "1", "spec_id": "1"}])[1]["data"]["rec_ids"] == [1]
    assert len(sb.snapshot()["api_goods"]) == 1
    assert sb.requests()[0]["verdict"] == "fault: %s (applied: ok)" % kind


# ---------------------------------------------------------------- timeout

def test_timeout_close_without_answer_not_applied(client, sb):
    sb.inject("timeout", delay=0.2)
    t0 = time.time()
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        push(client, "A")
    assert time.time() - t0 >= 0.2
    assert saved(sb) == []
    entry = sb.requests()[-1]
    assert entry["answered"] is False and entry["http_status"] is None


def test_timeout_client_gives_up_first(client, sb):
    sb.inject("timeout", delay=1.0, applied=True)
    with pytest.raises((socket.timeout, TimeoutError, urllib.error.URLError)):
        push(client, "A", timeout=0.3)
    assert saved(sb) == ["A"]  # processed on arrival, the answer never came


def test_timeout_late_answer(client, sb):
    sb.inject("timeout", delay=0.3, mode="late", method="addGoods")
    t0 = time.time()
    _, out = client.ymcart("addGoods", goods_res=[{"base_name": "x", "price": 1, "category": "c"}])
    assert time.time() - t0 >= 0.3
    assert out["success_count"] == 1


def test_timeout_default_delay_is_configurable():
    from skuwire_sandbox import Sandbox
    from conftest import Client
    with Sandbox(timeout_delay=0.1) as sb:
        sb.inject("timeout", mode="late")
        t0 = time.time()
        assert Client(sb).query(**Q)[1]["code"] == 0
        assert 0.1 <= time.time() - t0 < 2


# ---------------------------------------------------------------- partial_failure

def test_partial_failure_batch_push(client, sb):
    sb.inject("partial_failure", indices=[0, 2])
    _, out = push(client, "A", "B", "C", "D")
    assert out == {"status": 0, "data": {"error_list": [{"no": "A", "error": "分类不存在"},
                                                        {"no": "C", "error": "分类不存在"}]}}
    assert saved(sb) == ["B", "D"]
    assert sb.requests()[-1]["verdict"] == "partial"


def test_partial_failure_provider_goods_default_last(client, sb):
    sb.inject("partial_failure", method="purchase.ProviderGoods.upload")
    _, out = client.flagship("purchase.ProviderGoods.upload",
                             [[{"provider_no": "P", "spec_no": "S1"}, {"provider_no": "P", "spec_no": "S2"}]])
    assert out["data"]["error_list"] == ["P 供应商不存在,商家编码：S2"]
    assert [r["spec_no"] for r in sb.snapshot()["provider_goods"]] == ["S1"]


def test_partial_failure_api_goods(client, sb):
    sb.inject("partial_failure", indices=[1], error="平台货品保存失败")
    _, out = client.push_api_goods("s", [{"goods_id": "1"}, {"goods_id": "2"}, {"goods_id": "3"}])
    assert out == {"status": 0, "data": {"rec_ids": [1, 2], "status": 0,
                                         "error_list": [{"goods_id": "2", "spec_id": "", "error": "平台货品保存失败"}]}}


def test_partial_failure_waits_for_an_itemised_call(client, sb):
    client.ymcart("addCategory", category_res=[{"name": "c"}])
    sb.inject("partial_failure", platform="ymcart")
    assert client.ymcart("goodsList")[1]["code"] == 0    # a list: not applicable, still queued
    client.query(**Q)
    assert len(sb.faults.pending()) == 1
    _, out = client.ymcart("addGoods", goods_res=[{"base_name": "a", "price": 1, "category": "c"},
                                                  {"base_name": "b", "price": 1, "category": "c", "codeno": "B"}])
    assert out == {"code": 0, "failure_count": 1, "success_count": 1,
                   "msg": [{"base_name": "b", "codeno": "B", "msg": "insert_fail"}]}
    assert sb.faults.pending() == []


@pytest.mark.parametrize("method,param,items,expect", [
    ("updateSkuQty", "sku_res", [{"codeno": "A-1", "num": 3}], {"code": 0, "msg": [{"codeno": "A-1", "msg": "update_fail"}]}),
    ("goodsRemove", "goods_remove_res", [{"codeno": "A"}],
     {"code": 0, "status": 1, "msg": [{"codeno": "A", "sku_codeno": None, "msg": "delete_fail"}]}),
    ("editCategory", "category_res", [{"category_id": 1, "base_name": "z"}], {"code": 0, "msg": [{"index": 0, "msg": "udpate_fail"}]}),
])
def test_partial_failure_ymcart_shapes(client, sb, method, param, items, expect):
    client.ymcart("addGoods", goods_res=[{"base_name": "a", "codeno": "A", "price": 1, "category": "c",
                                         "single_res": {"codeno": "A-1"}}])
    sb.inject("partial_failure", method=method)
    assert client.ymcart(method, **{param: items})[1] == expect
    assert len(sb.snapshot()["ym_goods"]) == 1


# ---------------------------------------------------------------- clock_skew and server clock

def test_clock_skew_fault(client, sb):
    sb.inject("clock_skew", times=2)
    assert client.ymcart("brandList")[1]["code"] == 0        # YMCart has no clock: not matched
    assert push(client, "A")[1] == {"status": 7, "message": "时间戳过期"}
    assert client.query(**Q)[1] == {"code": 1005, "message": "时间戳超出允许误差"}
    assert push(client, "A")[1]["status"] == 0


def test_clock_endpoint_offset_provokes_clock_errors(client, sb):
    params, body = client.flagship_request("goods.Goods.batchPush", [[g("A")]])
    status, out = client.control("POST", "clock", {"offset": -200})
    assert status == 200 and out["offset"] == -200 and out["frozen"] is None
    assert abs(out["wdt_timestamp"] - (int(time.time()) - 200 - WDT_EPOCH)) <= 2
    assert client.flagship(None, params=params, body=body)[1]["status"] == 7
    client.control("POST", "clock", {"offset": 0})
    assert client.flagship(None, params=params, body=body)[1]["status"] == 0
    _, out = client.control("POST", "clock", {"now": 1700000000})
    assert out["now"] == 1700000000 and out["wdt_timestamp"] == 1700000000 - WDT_EPOCH
    assert client.control("GET", "clock")[1]["frozen"] == 1700000000


# ---------------------------------------------------------------- control endpoints

def test_faults_endpoint(client, sb):
    status, out = client.control("POST", "faults", {"faults": [
        {"kind": "rate_limit", "times": 1, "method": "goods.Goods.batchPush"},
        {"kind": "http_502_html", "applied": True}]})
    assert status == 200 and len(out["queued"]) == 2
    assert [f["kind"] for f in client.control("GET", "faults")[1]["faults"]] == ["rate_limit", "http_502_html"]
    assert push(client, "A")[1]["status"] == 100
    status, _h, _b = client.raw("POST", "/ymcart/brandList", b"token=sandbox-token",
                                {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 502
    assert client.control("GET", "faults")[1]["faults"] == []
    client.control("POST", "faults", {"faults": [{"kind": "empty_body"}]})
    assert client.control("DELETE", "faults")[1] == {"ok": True}
    assert push(client, "A")[1]["status"] == 0


@pytest.mark.parametrize("payload", [
    {"faults": [{"kind": "explode"}]}, {"faults": [{"kind": "timeout", "times": 0}]},
    {"faults": [{"kind": "timeout", "mode": "never"}]}, {"faults": [{"kind": "rate_limit", "colour": 1}]},
    {"faults": []}, {"faults": [{"kind": "rate_limit", "platform": "mars"}]},
])
def test_faults_endpoint_rejects_bad_specs(client, payload):
    status, out = client.control("POST", "faults", payload)
    assert status == 400 and out["error"]


def test_inject_rejects_bad_kind(sb):
    with pytest.raises(ValueError):
        sb.inject("meteor")


def test_requests_log(client, sb):
    params, body = client.flagship_request("goods.Goods.batchPush", [[g("A"), g("B")]])
    client.flagship(None, params=params, body=body)
    client.ymcart("brandList", token="bad")
    client.control("GET", "data")
    _, out = client.control("GET", "requests")
    reqs = out["requests"]
    assert len(reqs) == 2  # control calls are not logged
    a, b = reqs
    assert a["http_method"] == "POST" and a["path"] == "/openapi" and a["platform"] == "flagship"
    assert a["op"] == "goods.Goods.batchPush" and a["verdict"] == "ok" and a["items"] == 2
    assert base64.b64decode(a["body_b64"]) == body
    assert "sign=" + params["sign"] in a["query"]
    assert a["headers"]["Content-Type"] == "application/json" and a["http_status"] == 200
    assert b["verdict"] == "rejected: token_invalid" and b["op"] == "brandList"
    assert a["id"] < b["id"]
    client.control("DELETE", "requests")
    assert client.control("GET", "requests")[1]["requests"] == []


def test_reset_endpoint(client, sb):
    push(client, "A")
    sb.inject("rate_limit")
    sb.set_clock(offset=50)
    assert client.control("POST", "reset")[1] == {"ok": True}
    assert saved(sb) == [] and sb.faults.pending() == [] and sb.requests() == []
    assert client.control("GET", "clock")[1]["offset"] == 0
    push(client, "B")
    client.control("POST", "reset", {"data": False})
    assert saved(sb) == ["B"]


def test_data_endpoint_and_unknowns(client):
    push(client, "A")
    _, out = client.control("GET", "data")
    assert out["goods"][0]["goods_no"] == "A" and out["specs"][0]["spec_no"] == "A-1"
    assert client.control("GET", "nope")[0] == 404
    assert client.raw("POST", "/elsewhere", b"")[0] == 404
    assert client.control("GET", "health")[1]["ok"] is True
