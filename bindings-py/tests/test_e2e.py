"""End to end against the shipped sandbox (``skuwire.sandbox``, which checks
signatures with its own code): the library driven by requests and by httpx,
through every fault the sandbox can inject, checking from the sandbox's own
request log and store that no row is lost and none is pushed again after it
was accepted; and the sandbox's verifier refusing a body changed by one
byte. (The command line's end-to-end tests are in test_cli_e2e.py.)"""

from __future__ import annotations

import base64
import json
import time
import urllib.parse
from decimal import Decimal
from typing import Any, Callable, Dict, Iterator, List, Mapping, Tuple

import httpx
import pytest
import requests

import skuwire
from skuwire.sandbox import Credentials, Sandbox

FLAGSHIP = Credentials.DEFAULT_FLAGSHIP
ENTERPRISE = Credentials.DEFAULT_ENTERPRISE
TOKEN = Credentials.DEFAULT_TOKEN


#: Client timeout, and how long the sandbox's "timeout" fault keeps a request.
TIMEOUT = 0.5
DELAY = 0.8


class Lost(Exception):
    """The request got no answer."""


Sent = Tuple[int, Mapping[str, str], bytes]


def _requests_sender() -> Callable[[skuwire.Request, float], Sent]:
    session = requests.Session()
    session.trust_env = False  # a CI proxy must not sit between us and the loopback sandbox

    def send(req: skuwire.Request, timeout: float) -> Sent:
        try:
            r = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=timeout)
        except requests.exceptions.RequestException as e:
            raise Lost(type(e).__name__)
        return r.status_code, r.headers, r.content

    return send


def _httpx_sender() -> Callable[[skuwire.Request, float], Sent]:
    client = httpx.Client(trust_env=False)

    def send(req: skuwire.Request, timeout: float) -> Sent:
        try:
            r = client.request(req.method, req.url, headers=req.headers, content=req.body, timeout=timeout)
        except httpx.TransportError as e:
            raise Lost(type(e).__name__)
        return r.status_code, r.headers, r.content

    return send


STACKS = {"requests": _requests_sender, "httpx": _httpx_sender}


@pytest.fixture
def sb() -> Iterator[Any]:
    with Sandbox(db=":memory:", host="127.0.0.1", port=0, timeout_delay=DELAY) as box:
        yield box


def flagship(sb: Any) -> skuwire.Flagship:
    return skuwire.Flagship(FLAGSHIP["sid"], FLAGSHIP["appkey"], FLAGSHIP["appsecret"], base_url=sb.flagship_url)


def sync(client: skuwire.Client, op: str, rows: List[Dict[str, Any]], send: Callable[[skuwire.Request, float], Sent],
         max_items: int) -> Tuple[Dict[int, Tuple[str, str]], List[str]]:
    """What an ETL job does with the library: plan, sign at send time, send,
    follow the advice (resign from the Date header, back off, resend only
    when told). Returns {input row: (verdict, message)} and the advice seen."""
    results: Dict[int, Tuple[str, str]] = {}
    advice: List[str] = []
    for batch in client.plan(op, rows, max_items=max_items):
        for _ in range(6):
            req = client.sign(batch)
            headers: Mapping[str, str] = {}
            try:
                status, headers, body = send(req, TIMEOUT)
                outcome = batch.parse(status, body)
            except Lost as e:
                outcome = batch.transport_error(str(e))
            advice.append(outcome.retry)
            if outcome.retry == "no":
                break
            if outcome.retry == "resign":
                client.clock_offset = skuwire.clock_offset_from_http_date(headers["Date"])
            else:
                time.sleep(0.01)
        assert outcome.retry == "no", "still %s after 6 attempts" % outcome.retry
        for i in outcome.accepted:
            results[i] = ("accepted", "")
        for r in outcome.rejected:
            assert r.index is not None
            results[r.index] = ("rejected", r.message)
        for i in outcome.unknown:
            results[i] = ("unknown", outcome.message or "")
    return results, advice


def wait_for_log(sb: Any, n: int) -> List[Dict[str, Any]]:
    """The request log once it holds n entries (a lost answer is logged when
    the sandbox's handler finishes, after the client gave up)."""
    deadline = time.time() + 5
    while len(sb.requests()) < n and time.time() < deadline:
        time.sleep(0.02)
    return sb.requests()


def batchpush_keys(entry: Dict[str, Any]) -> List[str]:
    return [g["goods_no"] for g in json.loads(base64.b64decode(entry["body_b64"]))[0]]


def processed_and_answered(entry: Dict[str, Any]) -> bool:
    return entry["verdict"] in ("ok", "partial") and entry["answered"]


def assert_each_row_answered_once(log: List[Dict[str, Any]], keys: Callable[[Dict[str, Any]], List[str]],
                                  expected: List[str]) -> None:
    """Every row reached the platform in exactly one request that was
    processed and answered; its other requests (if any) got no usable
    answer. Nothing lost, nothing sent again after the platform answered.
    (The log is in completion order, so a lost answer may be logged after
    the resend that replaced it: counted, not ordered.)"""
    seen: Dict[str, List[Dict[str, Any]]] = {}
    for entry in log:
        for k in keys(entry):
            seen.setdefault(k, []).append(entry)
    assert sorted(seen) == sorted(expected)
    for k, entries in seen.items():
        assert sum(processed_and_answered(e) for e in entries) == 1, (k, [e["verdict"] for e in entries])


def goods_rows(n: int) -> List[Dict[str, Any]]:
    return [{"goods_no": "G%02d" % i, "goods_name": "保温杯%d号" % i,
             "spec_list": [{"spec_no": "G%02d-1" % i, "retail_price": Decimal("59.90")}]} for i in range(n)]


# Every fault kind; those that can lose an answer after processing, both ways.
PUSH_FAULTS = [
    ("rate_limit", {}, "backoff"),
    ("rate_limit_429", {"http_status": 429}, "backoff"),
    ("http_502_html", {}, "resend"),
    ("http_502_html_applied", {"applied": True}, "resend"),
    ("empty_body", {}, "resend"),
    ("empty_body_applied", {"applied": True}, "resend"),
    ("timeout", {"delay": DELAY}, "resend"),
    ("timeout_applied", {"applied": True, "delay": DELAY}, "resend"),
    ("clock_skew", {}, "resign"),
]


@pytest.mark.parametrize("stack", sorted(STACKS))
@pytest.mark.parametrize("name,options,advice", PUSH_FAULTS, ids=[f[0] for f in PUSH_FAULTS])
def test_batchpush_recovers_from_every_fault(sb: Any, stack: str, name: str, options: Dict[str, Any], advice: str) -> None:
    kind = name.replace("_applied", "").replace("_429", "")
    sb.inject(kind, times=1, method="goods.Goods.batchPush", **options)
    rows = goods_rows(10)
    results, seen = sync(flagship(sb), "goods.Goods.batchPush", rows, STACKS[stack](), max_items=4)
    assert seen[0] == advice and seen.count("no") == 3  # three batches, each finally answered
    assert results == {i: ("accepted", "") for i in range(10)}
    log = wait_for_log(sb, 4)
    assert len(log) == 4  # the first batch twice
    assert_each_row_answered_once(log, batchpush_keys, [r["goods_no"] for r in rows])
    assert sorted(g["goods_no"] for g in sb.snapshot()["goods"]) == [r["goods_no"] for r in rows]


@pytest.mark.parametrize("stack", sorted(STACKS))
def test_partial_failure_names_the_refused_row(sb: Any, stack: str) -> None:
    sb.inject("partial_failure", method="goods.Goods.batchPush", indices=[1])
    rows = goods_rows(6)
    results, seen = sync(flagship(sb), "goods.Goods.batchPush", rows, STACKS[stack](), max_items=4)
    assert seen == ["no", "no"]  # a refusal is final: never retried
    assert results[1] == ("rejected", "分类不存在")
    assert {i for i, (v, _) in results.items() if v == "accepted"} == {0, 2, 3, 4, 5}
    assert sorted(g["goods_no"] for g in sb.snapshot()["goods"]) == ["G00", "G02", "G03", "G04", "G05"]


def add_goods_keys(entry: Dict[str, Any]) -> List[str]:
    form = dict(urllib.parse.parse_qsl(base64.b64decode(entry["body_b64"]).decode("ascii")))
    return [g["codeno"] for g in json.loads(form["goods_res"])]


def single(codeno: str) -> Dict[str, Any]:
    return {"base_name": "单规格 " + codeno, "codeno": codeno, "price": Decimal("3.50"), "category": "杂货", "status": 1,
            "main_image": "http://img.example/%s.jpg" % codeno, "spec_mode": 0,
            "single_res": {"codeno": codeno + "-1", "stock": 7, "price": Decimal("3.50")}}


LOST_ANSWERS = [
    ("http_502_html", {"applied": True}), ("http_502_html", {}),
    ("empty_body", {"applied": True}), ("empty_body", {}),
    ("timeout", {"applied": True, "delay": DELAY}), ("timeout", {"delay": DELAY}),
]


@pytest.mark.parametrize("stack", sorted(STACKS))
@pytest.mark.parametrize("kind,options", LOST_ANSWERS, ids=["%s%s" % (k, "_applied" if o.get("applied") else "") for k, o in LOST_ANSWERS])
def test_a_lost_answer_is_never_resent_for_a_call_that_is_not_an_upsert(sb: Any, stack: str, kind: str, options: Dict[str, Any]) -> None:
    # addGoods creates goods: sending it again could create them twice.
    sb.inject(kind, method="addGoods", **options)
    client = skuwire.Ymcart(TOKEN, base_url=sb.ymcart_url)
    results, seen = sync(client, "addGoods", [single("A1"), single("A2")], STACKS[stack](), max_items=50)
    assert seen == ["no"]
    assert [v for v, _ in results.values()] == ["unknown", "unknown"]
    assert all("not resent" in m for _, m in results.values())
    log = wait_for_log(sb, 1)
    assert len(log) == 1 and add_goods_keys(log[0]) == ["A1", "A2"]
    stored = sorted(g["codeno"] for g in sb.snapshot()["ym_goods"])
    assert stored == (["A1", "A2"] if options.get("applied") else [])  # the platform did act (or not), exactly once


@pytest.mark.parametrize("stack", sorted(STACKS))
def test_query_plan_reads_every_row_once_through_every_fault(sb: Any, stack: str) -> None:
    client = flagship(sb)
    rows = [{"shop_no": "SHOP1", "goods_id": "g%03d" % i, "spec_id": "s", "goods_name": "商品%d" % i,
             "price": Decimal("9.90"), "stock_num": i} for i in range(250)]
    results, _ = sync(client, "goods.ApiGoods.upload", rows, STACKS[stack](), max_items=100)
    assert len(results) == 250
    for kind, options in [("rate_limit", {}), ("http_502_html", {}), ("empty_body", {}), ("timeout", {"delay": DELAY}),
                          ("clock_skew", {}), ("rate_limit", {"http_status": 429})]:
        sb.inject(kind, method="vip_api_goods_query.php", **options)
    ent = skuwire.Enterprise(ENTERPRISE["sid"], ENTERPRISE["appkey"], ENTERPRISE["appsecret"], base_url=sb.enterprise_url)
    now = int(time.time())
    plan = ent.query("vip_api_goods_query.php", {"start_time": now - 600, "end_time": now + 600})
    send = STACKS[stack]()
    got: List[Dict[str, Any]] = []
    advice: List[str] = []
    while not plan.done:
        req = plan.next_request()
        assert req is not None
        headers: Mapping[str, str] = {}
        try:
            status, headers, body = send(req, TIMEOUT)
            page = plan.feed(status, body)
        except Lost as e:
            page = plan.feed_transport_error(str(e))
        advice.append(page.outcome.retry)
        if page.outcome.retry == "resign":
            ent.clock_offset = skuwire.clock_offset_from_http_date(headers["Date"])
        elif not page.ok:
            assert page.outcome.retry in ("backoff", "resend")
        got.extend(page.items)
    assert sorted(advice) == sorted(["backoff", "backoff", "resend", "resend", "resend", "resign"] + ["no"] * 3)
    assert sorted(r["api_goods_id"] for r in got) == sorted(r["goods_id"] for r in rows)
    assert all(isinstance(r["price"], Decimal) and r["price"] == Decimal("9.90") for r in got)


def test_a_body_changed_by_one_byte_is_refused_by_the_sandbox_verifier(sb: Any) -> None:
    send = _requests_sender()
    (batch,) = list(flagship(sb).plan("goods.Goods.batchPush", goods_rows(2)))
    req = batch.sign()
    tampered = bytearray(req.body)
    at = tampered.index(b"59.90")
    tampered[at] = ord("6")  # 59.90 → 69.90: still valid JSON, one byte apart
    status, _, body = send(_with_body(req, bytes(tampered)), 5)
    assert batch.parse(status, body).reason == "auth_error"
    assert json.loads(body) == {"status": 5, "message": "签名错误"}
    assert sb.snapshot()["goods"] == []
    status, _, body = send(req, 5)  # the untouched request, same sign: accepted
    assert batch.parse(status, body).ok

    ent = skuwire.Enterprise(ENTERPRISE["sid"], ENTERPRISE["appkey"], ENTERPRISE["appsecret"], base_url=sb.enterprise_url)
    query = ent.call("vip_api_goods_query.php", {"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"})
    req = query.sign()
    tampered = bytearray(req.body)
    tampered[tampered.index(b"2024-01-02") + 9] = ord("3")  # end_time 2024-01-02 → 2024-01-03
    status, _, body = send(_with_body(req, bytes(tampered)), 5)
    assert json.loads(body)["code"] == 1004
    status, _, body = send(req, 5)
    assert json.loads(body)["code"] == 0


class _Tampered:
    """A request whose body was changed after signing (method, URL and
    headers as signed)."""

    def __init__(self, req: skuwire.Request, body: bytes) -> None:
        self.method, self.url, self.body = req.method, req.url, body
        self.headers = dict(req.headers)


def _with_body(req: skuwire.Request, body: bytes) -> Any:
    assert len(body) == len(req.body) and sum(a != b for a, b in zip(body, req.body)) == 1
    return _Tampered(req, body)


def test_the_shipped_sandbox_is_the_repository_sandbox() -> None:
    # One source of truth: skuwire.sandbox is sandbox/skuwire_sandbox, byte for byte.
    from pathlib import Path

    import skuwire.sandbox as shipped

    repo = Path(__file__).resolve().parents[2] / "sandbox" / "skuwire_sandbox"
    mine = Path(shipped.__file__).parent
    names = sorted(p.name for p in repo.glob("*.py"))
    assert sorted(p.name for p in mine.glob("*.py")) == names
    for name in names:
        assert (mine / name).read_bytes() == (repo / name).read_bytes(), name
