"""Latency, per-app rate limits, the expired_credential fault and the
request log's arrival times and applied items (what push tests and the
push benchmark measure against)."""
import threading
import time

import pytest

from conftest import Client
from skuwire_sandbox import Sandbox


def g(no):
    return {"goods_no": no, "goods_name": "n" + no, "spec_list": [{"spec_no": no + "-1"}]}


def test_latency_delays_every_platform_answer_but_not_control():
    with Sandbox(latency=0.2) as sb:
        c = Client(sb)
        t = time.monotonic()
        assert c.push_goods([g("A")])[1]["status"] == 0
        assert time.monotonic() - t >= 0.2
        t = time.monotonic()
        c.control("GET", "health")
        assert time.monotonic() - t < 0.15


def test_rate_limit_counts_calls_per_app_within_a_second():
    creds = {"flagship": [
        {"sid": "m1", "appkey": "k1", "appsecret": "s1:salt1"},
        {"sid": "m2", "appkey": "k2", "appsecret": "s2:salt2"},
    ]}
    with Sandbox(credentials=creds, rate_limit=3, rate_limits={"k2": 1}) as sb:
        c = Client(sb)
        out = [c.flagship("goods.Goods.batchPush", [[g("A%d" % i)]], sid="m1", key="k1", secret="s1", salt="salt1")[1]
               for i in range(4)]
        assert [o["status"] for o in out] == [0, 0, 0, 100]
        assert out[3]["message"] == "接口调用频率超过限制"
        # Another app has its own window (and its own limit).
        out = [c.flagship("goods.Goods.batchPush", [[g("B%d" % i)]], sid="m2", key="k2", secret="s2", salt="salt2")[1]
               for i in range(2)]
        assert [o["status"] for o in out] == [0, 100]
        log = sb.requests()
        assert [r["app"] for r in log] == ["k1"] * 4 + ["k2"] * 2
        assert log[3]["verdict"].startswith("rate limited") and log[3]["applied"] is None
        assert [x["goods_no"] for x in sb.snapshot()["goods"]] == ["A0", "A1", "A2", "B0"]
        # A second later the window has room again.
        time.sleep(1.05)
        assert c.flagship("goods.Goods.batchPush", [[g("A9")]], sid="m1", key="k1", secret="s1", salt="salt1")[1]["status"] == 0


def test_rate_limit_answers_on_every_platform():
    with Sandbox(rate_limit=1) as sb:
        c = Client(sb)
        assert c.query(start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00")[1]["code"] == 0
        assert c.query(start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00")[1] == {
            "code": 1007, "message": "接口调用频率超过限制"}
        assert c.ymcart("brandList")[1]["code"] == 0
        assert c.ymcart("brandList") == (200, {"code": 429, "msg": "too_many_requests"})
        # The token is never in the log's app name.
        assert all("sandbox-token" not in (r["app"] or "") for r in sb.requests())


def test_the_log_has_arrival_times_and_the_items_saved():
    with Sandbox() as sb:
        c = Client(sb)
        before = time.time()
        sb.inject("partial_failure", indices=[1])
        c.push_goods([g("A"), g("B"), g("C")])
        c.push_api_goods("shop1", [{"goods_id": "1", "spec_id": "2", "goods_name": "x"}])
        c.flagship("purchase.ProviderGoods.upload", [[{"provider_no": "P", "spec_no": "S"}]])
        c.ymcart("addGoods", goods_res=[{"base_name": "Cup", "codeno": "C1", "price": "1", "category": "Home"}])
        log = sb.requests()
        assert [r["applied"] for r in log] == [["A", "C"], ["shop1/1/2"], ["P/S"], ["C1"]]
        assert all(before <= r["received"] <= r["time"] + 0.001 for r in log)
        assert [r["app"] for r in log][:3] == ["sandbox-key"] * 3


@pytest.mark.parametrize("platform,expected", [
    ("flagship", {"status": 3, "message": "appkey已过期"}),
    ("enterprise", {"code": 1003, "message": "appkey已过期"}),
    ("ymcart", {"code": 401, "msg": "token_expired"}),
])
def test_expired_credential_fault(platform, expected):
    with Sandbox() as sb:
        c = Client(sb)
        sb.inject("expired_credential", platform=platform)
        call = {
            "flagship": lambda: c.push_goods([g("A")]),
            "enterprise": lambda: c.query(start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00"),
            "ymcart": lambda: c.ymcart("addGoods", goods_res=[{"base_name": "Cup", "codeno": "C1", "price": "1", "category": "Home"}]),
        }[platform]
        assert call() == (200, expected)
        assert sb.requests()[0]["verdict"] == "fault: expired_credential"
        assert sb.snapshot()["goods"] == [] and sb.snapshot().get("ym_goods", []) == []
        # Only once: the next call goes through.
        assert call()[1] != expected


def test_concurrent_calls_are_answered_in_parallel():
    with Sandbox(latency=0.3) as sb:
        c = Client(sb)
        t = time.monotonic()
        threads = [threading.Thread(target=c.push_goods, args=([g("T%d" % i)],)) for i in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert time.monotonic() - t < 1.0
        assert len(sb.snapshot()["goods"]) == 6
