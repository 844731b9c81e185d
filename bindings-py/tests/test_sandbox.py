"""End to end against the repository's offline sandbox (sandbox/), which
verifies signatures, clock windows and limits with code written separately
from skuwire: a catalog sync with retries, driven only by the Python API and
sent with requests."""

from __future__ import annotations

import base64
import sys
import time
from decimal import Decimal
from typing import Any, Iterator, List, Optional, Tuple

import pytest
import requests

import skuwire

from conftest import ROOT, goods

sys.path.insert(0, str(ROOT / "sandbox"))
from skuwire_sandbox import Sandbox  # noqa: E402


@pytest.fixture
def sb() -> Iterator[Any]:
    with Sandbox(db=":memory:", host="127.0.0.1", port=0) as box:
        yield box


def send_with_date(batch: skuwire.Batch, session: requests.Session, timeout: float = 10) -> Tuple[skuwire.Outcome, Optional[str]]:
    """The outcome, and the answer's Date header (``None`` without an answer)."""
    req = batch.sign()
    try:
        r = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=timeout)
    except requests.exceptions.RequestException as e:
        return batch.transport_error(str(e)), None
    return batch.parse(r.status_code, r.content), r.headers.get("Date")


def send(batch: skuwire.Batch, session: requests.Session, timeout: float = 10) -> skuwire.Outcome:
    return send_with_date(batch, session, timeout)[0]


def sync(client: skuwire.Client, op: str, rows: Any, session: requests.Session) -> Tuple[List[int], List[skuwire.Rejected], List[str]]:
    """What an ETL job does: plan, send, follow the retry advice."""
    accepted: List[int] = []
    rejected: List[skuwire.Rejected] = []
    advice: List[str] = []
    for batch in client.plan(op, rows, on_invalid="skip"):
        for _ in range(5):
            outcome, date = send_with_date(batch, session)
            advice.append(outcome.retry)
            if outcome.retry == "no":
                break
            if outcome.retry == "resign" and date:
                # The server's clock, from its answer (the sandbox's Date follows its own clock).
                client.clock_offset = skuwire.clock_offset_from_http_date(date)
        accepted += outcome.accepted
        rejected += outcome.rejected
    return accepted, rejected, advice


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.trust_env = False
        yield s


def test_flagship_catalog_sync_with_faults(sb: Any, session: requests.Session) -> None:
    client = skuwire.Flagship("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt", base_url=sb.flagship_url)
    rows = [goods(i) for i in range(120)]
    rows[7] = {"goods_no": "BAD", "goods_name": "", "spec_list": []}  # invalid: never sent
    sb.inject("rate_limit", times=1, method="goods.Goods.batchPush")
    sb.inject("clock_skew", times=1, method="goods.Goods.batchPush")
    sb.inject("partial_failure", times=1, method="goods.Goods.batchPush", indices=[0])
    accepted, rejected, advice = sync(client, "goods.Goods.batchPush", iter(rows), session)
    assert advice[:2] == ["backoff", "resign"]
    assert advice.count("no") == 3  # three batches, each finally answered
    # The partial failure hit the first item of the third request, i.e. input row 0.
    assert [(r.index, r.key) for r in rejected] == [(0, "G0")]
    assert sorted(accepted) == [i for i in range(120) if i not in (0, 7)]
    stored = {g["goods_no"] for g in sb.snapshot()["goods"]}
    assert stored == {f"G{i}" for i in range(120) if i not in (0, 7)}
    # The decimal arrived as the exact JSON number 59.90.
    bodies = [base64.b64decode(r["body_b64"]) for r in sb.requests()]
    assert len(bodies) == 5  # three batches; the first sent three times (rate limit, clock skew, ok)
    assert all(b'"retail_price":59.90' in b for b in bodies)


def test_a_server_clock_15_minutes_behind_is_learnt_from_its_date_header(sb: Any, session: requests.Session) -> None:
    # No injected fault: the sandbox's own window checks (±120 s flagship,
    # ±300 s enterprise) refuse the first signature, and the answer's Date
    # header, which follows the sandbox clock, gives the offset to re-sign with.
    sb.set_clock(offset=-900)
    flagship = skuwire.Flagship("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt", base_url=sb.flagship_url)
    accepted, rejected, advice = sync(flagship, "goods.Goods.batchPush", [goods(i) for i in range(3)], session)
    assert (accepted, rejected, advice) == ([0, 1, 2], [], ["resign", "no"])
    assert abs(flagship.clock_offset + 900) <= 2
    assert "status 7" in sb.requests()[0]["verdict"]
    enterprise = skuwire.Enterprise("sandbox", "sandbox-key", "sandbox-secret", base_url=sb.enterprise_url)
    query = enterprise.call("vip_api_goods_query.php", {"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"})
    skewed, date = send_with_date(query, session)
    assert (skewed.reason, skewed.retry, date is not None) == ("clock_skew", "resign", True)
    enterprise.clock_offset = skuwire.clock_offset_from_http_date(date or "")
    assert send(query, session).ok


def test_timeouts_are_resent_and_enterprise_reads_back(sb: Any, session: requests.Session) -> None:
    flagship = skuwire.Flagship("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt", base_url=sb.flagship_url)
    rows = [{"shop_no": "SHOP1", "goods_id": f"g{i}", "spec_id": "s", "goods_name": f"商品{i}", "price": Decimal("9.90"), "stock_num": 5} for i in range(3)]
    (batch,) = list(flagship.plan("goods.ApiGoods.upload", rows))
    sb.inject("timeout", times=1, method="goods.ApiGoods.upload", delay=0.3)
    lost = send(batch, session, timeout=0.1)
    assert (lost.reason, lost.retry) == ("transport", "resend")
    ok = send(batch, session)
    assert ok.ok and [i.index for i in ok.ids] == [0, 1, 2]
    enterprise = skuwire.Enterprise("sandbox", "sandbox-key", "sandbox-secret", base_url=sb.enterprise_url)
    now = time.time()
    query = enterprise.call(
        "vip_api_goods_query.php",
        {"start_time": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now + 8 * 3600 - 600)),
         "end_time": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now + 8 * 3600 + 600)), "page_no": 0, "page_size": 100},
    )
    page = send(query, session)
    assert page.ok and page.total_count == 3
    assert sorted(g["api_goods_id"] for g in page.data["goods_list"]) == ["g0", "g1", "g2"]


def test_ymcart_token_is_checked(sb: Any, session: requests.Session) -> None:
    good = skuwire.Ymcart("sandbox-token", base_url=sb.ymcart_url)
    bad = skuwire.Ymcart("wrong-token", base_url=sb.ymcart_url)
    assert send(good.call("skuList", {"page_no": 1}), session).ok
    denied = send(bad.call("skuList", {"page_no": 1}), session)
    assert (denied.status, denied.code, denied.retry) == ("failure", 401, "no")
