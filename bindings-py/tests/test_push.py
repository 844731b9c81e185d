"""Whole pushes against the shipped sandbox: ``client.push`` (standard
library, httpx, requests, a callable; threads) and ``await client.apush``
(httpx.AsyncClient, the standard library on threads), through every fault
the sandbox injects, with the report checked against the sandbox's own
store and request log; pushes killed at a random answer (in process and
with SIGKILL) and resumed from their journal send nothing twice — on an
upsert (batchPush) and on a create that is not one (YMCart addGoods)."""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Tuple

import httpx
import pytest
import requests

import skuwire
from skuwire.sandbox import Credentials, Sandbox

FLAGSHIP = Credentials.DEFAULT_FLAGSHIP
TOKEN = Credentials.DEFAULT_TOKEN
def goods(n: int, prefix: str = "G") -> List[Dict[str, Any]]:
    return [{"goods_no": "%s%d" % (prefix, i), "goods_name": "保温杯",
             "spec_list": [{"spec_no": "%s%d-1" % (prefix, i), "retail_price": "59.90"}]} for i in range(n)]


def add_goods(n: int, prefix: str = "C") -> List[Dict[str, Any]]:
    return [{"base_name": "Cup %d" % i, "codeno": "%s%d" % (prefix, i), "price": "9.90", "category": "Home",
             "status": 1, "main_image": "http://img.test/cup.jpg"} for i in range(n)]


@pytest.fixture
def sb() -> Iterator[Any]:
    with Sandbox(timeout_delay=0.6, request_log_size=100_000) as box:
        yield box


def flagship(sb: Any) -> skuwire.Flagship:
    return skuwire.Flagship(FLAGSHIP["sid"], FLAGSHIP["appkey"], FLAGSHIP["appsecret"], base_url=sb.flagship_url)


def ymcart(sb: Any) -> skuwire.Ymcart:
    return skuwire.Ymcart(TOKEN, base_url=sb.ymcart_url + "/{method}")


def applied(sb: Any) -> Counter:
    """How many times the sandbox saved each item (its request log)."""
    c: Counter = Counter()
    for e in sb.requests():
        c.update(e.get("applied") or [])
    return c


def key_of(op: str) -> str:
    return "goods_no" if op == "goods.Goods.batchPush" else "codeno"


def check_against_sandbox(sb: Any, report: skuwire.PushReport, op: str, items: List[Dict[str, Any]]) -> Counter:
    """The report is the sandbox's truth: every accepted item is stored,
    every rejected one is not, every item is settled exactly once, and a
    create (addGoods) was never applied twice."""
    key = key_of(op)
    table = "goods" if op == "goods.Goods.batchPush" else "ym_goods"
    stored = Counter(row[key] for row in sb.snapshot()[table])
    keys = [it[key] for it in items]
    rejected = [r.index for r in report.rejected]
    assert None not in rejected
    settled = sorted(report.accepted + rejected + report.unknown + report.unsent + [i.index for i in report.invalid])
    assert settled == list(range(len(items))), "every item settled exactly once"
    assert all(n == 1 for n in stored.values())
    for i in report.accepted:
        assert stored[keys[i]] == 1, "accepted but not stored: %s" % keys[i]
    for i in rejected:
        assert keys[i] not in stored, "rejected but stored: %s" % keys[i]
    counts = applied(sb)
    if op == "addGoods":
        assert all(n == 1 for n in counts.values()), "a create applied twice: %s" % counts.most_common(3)
    # Unknown items: the sandbox may or may not have them — exactly what the report says.
    assert set(stored) <= {keys[i] for i in report.accepted + report.unknown + report.unsent}
    return counts


def wait_log(sb: Any, n: int) -> List[Dict[str, Any]]:
    """The request log once it holds n entries (a lost answer is logged when
    the sandbox's handler gives up, maybe after the push has finished)."""
    deadline = time.time() + 5
    while len(sb.requests()) < n and time.time() < deadline:
        time.sleep(0.02)
    return sb.requests()


# ---------------------------------------------------------------- senders


def stdlib_push(client: skuwire.Client, op: str, items: Any, **kw: Any) -> skuwire.PushReport:
    return client.push(op, items, **kw)


def httpx_push(client: skuwire.Client, op: str, items: Any, **kw: Any) -> skuwire.PushReport:
    with httpx.Client(trust_env=False) as http:
        return client.push(op, items, http=http, **kw)


def requests_push(client: skuwire.Client, op: str, items: Any, **kw: Any) -> skuwire.PushReport:
    with requests.Session() as http:
        http.trust_env = False
        return client.push(op, items, http=http, **kw)


def async_httpx_push(client: skuwire.Client, op: str, items: Any, **kw: Any) -> skuwire.PushReport:
    async def go() -> skuwire.PushReport:
        async with httpx.AsyncClient(trust_env=False) as http:
            return await client.apush(op, items, http=http, **kw)
    return asyncio.run(go())


def async_default_push(client: skuwire.Client, op: str, items: Any, **kw: Any) -> skuwire.PushReport:
    return asyncio.run(client.apush(op, items, **kw))


SENDERS: Dict[str, Callable[..., skuwire.PushReport]] = {
    "stdlib": stdlib_push, "httpx": httpx_push, "requests": requests_push,
    "async-httpx": async_httpx_push, "async-default": async_default_push,
}

FAULTS = ["rate_limit", "clock_skew", "http_502_html", "timeout", "partial_failure", "expired_credential"]


@pytest.mark.parametrize("sender", sorted(SENDERS))
@pytest.mark.parametrize("fault", FAULTS)
def test_every_fault_upsert(sb: Any, sender: str, fault: str) -> None:
    """batchPush (an upsert), 4 calls of 25 at concurrency 2: the second call meets the fault."""
    items = goods(100)
    sb.inject(fault, times=1, **({"delay": 0.6} if fault == "timeout" else {}))
    answers: List[Tuple[List[int], skuwire.Outcome]] = []
    report = SENDERS[sender](flagship(sb), "goods.Goods.batchPush", items, max_items=25, concurrency=2, rate=50,
                             timeout=0.3, backoff_base=0.05, backoff_cap=0.2,
                             on_answer=lambda pos, o: answers.append((pos, o)))
    assert report.calls == len(wait_log(sb, report.calls))
    counts = check_against_sandbox(sb, report, "goods.Goods.batchPush", items)
    if fault == "partial_failure":
        assert len(report.rejected) == 1 and report.rejected[0].message == "分类不存在"
        assert len(report.accepted) == 99 and report.calls == 4
    elif fault == "expired_credential":
        assert len(report.rejected) == 25 and report.calls == 4, "an expired credential is not retried"
        assert {r.message for r in report.rejected} == {"appkey已过期"}
        assert len(report.accepted) == 75
    else:
        assert report.accepted == list(range(100))
        kind = {"rate_limit": "backoff", "clock_skew": "resign", "http_502_html": "resend", "timeout": "resend"}[fault]
        assert report.retries[kind] == 1 and sum(report.retries.values()) == 1
        assert report.calls == 5
    assert report.unknown == [] and report.unsent == []
    assert len(answers) == report.calls
    # Nothing saved twice, except the batch whose answer was lost after a timeout
    # is never saved twice either: the sandbox did not apply it (applied=false).
    assert all(n == 1 for n in counts.values())


@pytest.mark.parametrize("sender", ["stdlib", "async-httpx"])
@pytest.mark.parametrize("fault", FAULTS)
def test_every_fault_non_upsert(sb: Any, sender: str, fault: str) -> None:
    """YMCart addGoods creates: a lost or garbled answer leaves its items
    unknown and never resent. (No clock on YMCart: a clock_skew fault does not apply.)"""
    items = add_goods(60)
    opts: Dict[str, Any] = {"delay": 0.6} if fault == "timeout" else {}
    if fault in ("timeout", "http_502_html"):
        opts["applied"] = True
    sb.inject(fault, times=1, **opts)
    report = SENDERS[sender](ymcart(sb), "addGoods", items, max_items=20, concurrency=2, timeout=0.3,
                             backoff_base=0.05, backoff_cap=0.2)
    assert report.calls == len(wait_log(sb, report.calls))
    counts = check_against_sandbox(sb, report, "addGoods", items)
    stored = {row["codeno"] for row in sb.snapshot()["ym_goods"]}
    if fault in ("timeout", "http_502_html"):
        assert len(report.unknown) == 20 and report.calls == 3
        # Applied before the answer was lost: stored once, reported unknown, not resent.
        assert {items[i]["codeno"] for i in report.unknown} <= stored
        assert len(report.accepted) == 40
    elif fault == "partial_failure":
        assert len(report.rejected) == 1 and len(report.accepted) == 59
    elif fault == "expired_credential":
        assert len(report.rejected) == 20 and {r.message for r in report.rejected} == {"token_expired"}
        assert report.calls == 3
    elif fault == "rate_limit":
        assert report.accepted == list(range(60)) and report.retries["backoff"] == 1
    else:  # clock_skew: YMCart has no clock, the fault waits for another platform
        assert report.accepted == list(range(60)) and report.calls == 3
    assert sum(counts.values()) == len(stored)


def test_a_real_clock_skew_is_learned_from_the_date_header(sb: Any) -> None:
    sb.set_clock(offset=-400)
    report = flagship(sb).push("goods.Goods.batchPush", goods(60), max_items=20)
    assert report.accepted == list(range(60))
    assert report.retries["resign"] == 1 and report.calls == 4
    assert abs(report.clock_offset + 400) <= 1


def test_rate_limit_and_concurrency_are_kept(sb: Any) -> None:
    """20 calls, concurrency 8 against 0.2 s answers under 10 calls/s: the
    sandbox sees at most 10 arrivals in any second and never more than 8 at once."""
    sb.latency = 0.2
    sb.rate_limit = 10
    t = time.monotonic()
    report = asyncio.run(flagship(sb).apush("goods.Goods.batchPush", goods(200), max_items=10, concurrency=8, rate=10))
    took = time.monotonic() - t
    assert report.accepted == list(range(200)) and report.calls == 20
    log = sb.requests()
    arrivals = sorted(e["received"] for e in log)
    assert max(sum(1 for b in arrivals if a <= b < a + 1.0) for a in arrivals) <= 10
    assert not any(e["verdict"].startswith("rate limited") for e in log)
    # 20 calls at 10/s: at least 1.9 s; the answers' 0.2 s overlap (real concurrency).
    assert 1.9 <= took < 4.0, took


def test_async_calls_overlap(sb: Any) -> None:
    sb.latency = 0.3
    t = time.monotonic()
    report = asyncio.run(flagship(sb).apush("goods.Goods.batchPush", goods(160), max_items=20, concurrency=8))
    assert report.calls == 8 and report.ok
    assert time.monotonic() - t < 1.5  # sequentially 8 × 0.3 s = 2.4 s


def test_invalid_items_are_reported_and_the_rest_sent(sb: Any) -> None:
    items = goods(10)
    items[3]["goods_no"] = ""
    items[7]["spec_list"][0]["retail_price"] = "1.23456"
    report = flagship(sb).push("goods.Goods.batchPush", items)
    assert [i.index for i in report.invalid] == [3, 7]
    assert report.invalid[1].errors[0]["type"] == "decimal_max_places"
    assert report.accepted == [0, 1, 2, 4, 5, 6, 8, 9]
    with pytest.raises(skuwire.ValidationError):
        flagship(sb).push("goods.Goods.batchPush", items, on_invalid="raise")
    assert len(sb.requests()) == 1


# ---------------------------------------------------------------- kill and resume


class Killed(BaseException):
    """The process 'dies' here: after the platform answered, before the answer is read."""


def killing_http(after: int) -> Callable[[skuwire.Request], Tuple[int, Any, bytes]]:
    session = requests.Session()
    session.trust_env = False
    seen = [0]

    def send(req: skuwire.Request) -> Tuple[int, Any, bytes]:
        try:
            r = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=2)
        except requests.RequestException as e:
            raise OSError(str(e))
        seen[0] += 1
        if seen[0] >= after:
            raise Killed()
        return r.status_code, r.headers, r.content

    return send


@pytest.mark.parametrize("op", ["goods.Goods.batchPush", "addGoods"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_at_a_random_answer_resumes_without_sending_twice(sb: Any, tmp_path: Path, op: str, seed: int) -> None:
    rng = random.Random(seed)
    kill_at = rng.randint(1, 9)
    concurrency = rng.choice([1, 3])
    items = goods(200) if op == "goods.Goods.batchPush" else add_goods(200)
    client = flagship(sb) if op == "goods.Goods.batchPush" else ymcart(sb)
    journal = skuwire.Journal(tmp_path / "push.jsonl")
    sb.inject("rate_limit", times=1)
    sb.inject("partial_failure", times=1)
    with pytest.raises(Killed):
        client.push(op, items, http=killing_http(kill_at), journal=journal, max_items=20, concurrency=concurrency,
                    backoff_base=0.02, backoff_cap=0.1)
    time.sleep(0.3)  # calls of other threads finish on the sandbox
    before = applied(sb)
    lines = journal.read().decode().splitlines()
    sent = {json.loads(x)["call"] for x in lines if '"event":"send"' in x}
    answered = {json.loads(x)["call"] for x in lines if '"event":"answer"' in x}
    in_flight = sorted(sent - answered)
    assert in_flight, "killed with a call in flight (seed %d)" % seed
    report = client.push(op, items, journal=journal, max_items=20, concurrency=concurrency)
    counts = check_against_sandbox(sb, report, op, items)
    key = key_of(op)
    if op == "addGoods":
        # The calls in flight at the kill: unknown, never resent.
        flight_positions = sorted(p for x in lines if '"event":"send"' in x and json.loads(x)["call"] in in_flight
                                  for p in json.loads(x)["positions"])
        assert report.unknown == flight_positions
        assert all(n == 1 for n in counts.values())
    else:
        assert report.unknown == [] and len(report.accepted) + len(report.rejected) == 200
        # Sent again only what had no recorded answer.
        for i in report.accepted:
            k = items[i][key]
            assert counts[k] - before[k] <= 1
    # A third run: nothing left, nothing sent.
    n = len(sb.requests())
    again = client.push(op, items, journal=journal, max_items=7)
    assert len(sb.requests()) == n
    assert again.accepted == report.accepted and again.unknown == report.unknown


CHILD = r"""
import sys, skuwire
url, op, path = sys.argv[1], sys.argv[2], sys.argv[3]
if op == "addGoods":
    client = skuwire.Ymcart("sandbox-token", base_url=url + "/ymcart/{method}")
    items = [{"base_name": "Cup %d" % i, "codeno": "K%d" % i, "price": "9.90", "category": "Home",
              "status": 1, "main_image": "http://img.test/cup.jpg"} for i in range(300)]
else:
    client = skuwire.Flagship("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt", base_url=url + "/openapi")
    items = [{"goods_no": "K%d" % i, "goods_name": "cup", "spec_list": [{"spec_no": "K%d-1" % i}]} for i in range(300)]
report = client.push(op, items, journal=path, max_items=10, concurrency=3)
print(report.calls)
"""


@pytest.mark.parametrize("op", ["addGoods", "goods.Goods.batchPush"])
def test_sigkill_mid_push_then_resume(tmp_path: Path, op: str) -> None:
    rng = random.Random()
    kill_after = rng.randint(3, 20)
    with Sandbox(latency=0.05, request_log_size=100_000) as sb:
        path = str(tmp_path / "push.jsonl")
        child = subprocess.Popen([sys.executable, "-c", CHILD, sb.url, op, path])
        try:
            deadline = time.time() + 30
            while len(sb.requests()) < kill_after and time.time() < deadline:
                time.sleep(0.005)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait()
        assert child.returncode == -signal.SIGKILL, "killed after %d requests" % kill_after
        time.sleep(0.2)
        client = ymcart(sb) if op == "addGoods" else flagship(sb)
        items = [{"base_name": "Cup %d" % i, "codeno": "K%d" % i, "price": "9.90", "category": "Home",
                  "status": 1, "main_image": "http://img.test/cup.jpg"} for i in range(300)] if op == "addGoods" else \
            [{"goods_no": "K%d" % i, "goods_name": "cup", "spec_list": [{"spec_no": "K%d-1" % i}]} for i in range(300)]
        report = client.push(op, items, journal=path, max_items=10, concurrency=3)
        counts = check_against_sandbox(sb, report, op, items)
        if op == "addGoods":
            assert all(n == 1 for n in counts.values()), "killed after %d requests" % kill_after
            assert len(report.accepted) + len(report.unknown) == 300
        else:
            assert len(report.accepted) == 300 and report.unknown == []


# ---------------------------------------------------------------- the driver step by step


def test_the_driver_step_by_step(sb: Any) -> None:
    client = flagship(sb)
    driver = client.push_driver("goods.Goods.batchPush", goods(120), concurrency=2, rate=100, seed=7)
    journal = bytearray(driver.take_journal())
    session = requests.Session()
    session.trust_env = False
    while True:
        act = driver.next()
        if act.kind == "done":
            break
        if act.kind == "wait":
            time.sleep(act.wait or 0.01)
            continue
        assert act.kind == "send" and act.request is not None and act.call is not None
        journal += driver.take_journal()
        r = session.request(act.request.method, act.request.url, headers=act.request.headers, data=act.request.body)
        outcome = driver.feed(act.call, r.status_code, r.content, headers=r.headers)
        assert outcome.ok
        journal += driver.take_journal()
    report = driver.report()
    assert report.accepted == list(range(120)) and report.calls == 3
    assert repr(report).startswith("<PushReport goods.Goods.batchPush items=120 accepted=120")
    assert pickle.loads(pickle.dumps(report)) == report
    assert report.to_dict()["accepted"] == list(range(120))
    copy = pickle.loads(pickle.dumps(driver))
    assert copy.report() == report and copy.done
    assert skuwire.PushDriver.restore(driver.state(), client).report() == report
    # The journal resumes to the same report, and has nothing left to send.
    resumed = client.push_driver("goods.Goods.batchPush", goods(120), journal=bytes(journal))
    assert resumed.report().accepted == report.accepted and resumed.next().kind == "done"
    with pytest.raises(skuwire.SkuwireError) as e:
        client.push_driver("goods.Goods.batchPush", goods(121), journal=bytes(journal))
    assert e.value.code == "state"
    with pytest.raises(skuwire.SkuwireError):
        driver.feed(0, 200, b"")  # answered already


def test_journal_pickles_and_is_locked(tmp_path: Path) -> None:
    j = skuwire.Journal(tmp_path / "a" / "j.jsonl", lock_timeout=0.2)
    assert pickle.loads(pickle.dumps(j)) == j and j.read() == b""
    w = j._open()
    try:
        with pytest.raises(skuwire.SkuwireError, match="in use"):
            j._open()
    finally:
        w.close()
    j._open().close()


def test_wrong_http_objects_are_refused(sb: Any) -> None:
    client = flagship(sb)
    with pytest.raises(skuwire.ArgumentError):
        client.push("goods.Goods.batchPush", goods(1), http=object())
    with pytest.raises(skuwire.ArgumentError, match="apush"):
        client.push("goods.Goods.batchPush", goods(1), http=httpx.AsyncClient())
    with pytest.raises(skuwire.ArgumentError, match="AsyncClient"):
        asyncio.run(client.apush("goods.Goods.batchPush", goods(1), http=httpx.Client()))
    with pytest.raises(skuwire.SkuwireError, match="concurrency"):
        client.push("goods.Goods.batchPush", goods(1), concurrency=0)
    assert sb.requests() == []


def test_a_callable_sender_and_stop_on_error(sb: Any) -> None:
    """A plain callable is a sender; an exception of its own (not OSError) stops the push."""
    client = flagship(sb)
    session = requests.Session()
    session.trust_env = False

    def send(req: skuwire.Request) -> Tuple[int, Any, bytes]:
        r = session.request(req.method, req.url, headers=req.headers, data=req.body)
        return r.status_code, r.headers, r.content

    assert client.push("goods.Goods.batchPush", goods(30), http=send, max_items=10).calls == 3

    def broken(req: skuwire.Request) -> Tuple[int, Any, bytes]:
        raise ValueError("a bug in the sender")

    with pytest.raises(ValueError):
        client.push("goods.Goods.batchPush", goods(30), http=broken)


def test_plans_pickle_with_their_invalid_items(sb: Any) -> None:
    """A plan (streaming or not) pickles: its client, the batches not yet taken, every invalid item."""
    client = flagship(sb)
    items = goods(120)
    items[5]["goods_no"] = ""
    plan = client.plan("goods.Goods.batchPush", iter(items), on_invalid="skip", max_items=50)
    first = next(plan)
    copy = pickle.loads(pickle.dumps(plan))
    assert first.indices == [0, 1, 2, 3, 4] + list(range(6, 51))
    assert [b.indices for b in copy] == [list(range(51, 101)), list(range(101, 120))]
    assert [(i.index, [e["type"] for e in i.errors]) for i in copy.invalid] == [(5, ["string_too_short"])]
    assert copy.invalid[0].errors[0]["loc"] == (5, "goods_no")
    # The original goes on where it was.
    assert [b.indices[0] for b in plan] == [51, 101]
    # And a pickled copy signs with its client.
    assert copy.done and pickle.loads(pickle.dumps(client.plan("goods.Goods.batchPush", goods(3))))
