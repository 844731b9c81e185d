"""client.query against the offline sandbox (sandbox/), which checks
signatures, clock windows and the 30-day rule with code written separately
from skuwire: goods pushed with goods.ApiGoods.upload come back from
vip_api_goods_query.php over several windows and pages, exactly once, typed;
a run killed halfway resumes in a new process from its saved state; faults
never advance the plan; YMCart lists page through the sandbox's endpoint."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
import requests

import skuwire

from conftest import ROOT

sys.path.insert(0, str(ROOT / "sandbox"))
from skuwire_sandbox import Sandbox  # noqa: E402

OP = "vip_api_goods_query.php"
FLAGSHIP = ("sandbox", "sandbox-key", "sandbox-secret:sandbox-salt")
ENTERPRISE = ("sandbox", "sandbox-key", "sandbox-secret")
BEIJING = timezone(timedelta(hours=8))
DAY = 86_400
WINDOW = 30 * DAY  # the longest window: end − start = WINDOW − 1 s
T0 = 1_700_000_000  # 2023-11-15 06:13:20 Beijing time; the query range starts here
# When rows were last modified: both sides of each window boundary included.
MOMENTS = [T0, T0 + 5 * DAY, T0 + WINDOW - 1, T0 + WINDOW, T0 + 45 * DAY, T0 + 2 * WINDOW - 1, T0 + 2 * WINDOW, T0 + 70 * DAY]
ROWS_PER_MOMENT = 4
END = T0 + 75 * DAY  # three windows
PAGE_SIZE = 3
QUERY_NOW = T0 + 100 * DAY  # the sandbox's (frozen) clock while querying


@pytest.fixture
def sb() -> Iterator[Any]:
    with Sandbox(db=":memory:", host="127.0.0.1", port=0) as box:
        yield box


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        s.trust_env = False
        yield s


Expected = Dict[int, Tuple[Decimal, int]]


def seed(sb: Any, session: requests.Session) -> Expected:
    """Pushes ROWS_PER_MOMENT platform goods at each of MOMENTS (the
    sandbox's clock frozen there, so that is their `modified`); returns
    rec_id → (price, moment)."""
    flagship = skuwire.Flagship(*FLAGSHIP, base_url=sb.flagship_url)
    expected: Expected = {}
    for k, moment in enumerate(MOMENTS):
        sb.set_clock(now=moment)
        rows = [
            {"shop_no": "SHOP1", "goods_id": f"g{k}", "spec_id": f"s{j}", "goods_name": f"商品{k}-{j}",
             "price": Decimal(f"{k}{j}.{j}9"), "stock_num": Decimal("5")}
            for j in range(ROWS_PER_MOMENT)
        ]
        for batch in flagship.plan("goods.ApiGoods.upload", rows):
            req = batch.sign(timestamp=moment)
            r = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=10)
            outcome = batch.parse(r.status_code, r.content)
            assert outcome.ok, outcome
            for assigned in outcome.ids:
                expected[int(assigned.id)] = (rows[assigned.index]["price"], moment)
    assert len(expected) == len(MOMENTS) * ROWS_PER_MOMENT
    assert {int(r["rec_id"]) for r in sb.snapshot()["api_goods"]} == set(expected)
    sb.set_clock(now=QUERY_NOW)
    return expected


def enterprise(sb: Any) -> skuwire.Enterprise:
    client = skuwire.Enterprise(*ENTERPRISE, base_url=sb.enterprise_url)
    # As after a clock-skew answer: the server's clock is what counts.
    client.clock_offset = int(sb.now() - time.time())
    return client


def new_plan(client: skuwire.Client) -> skuwire.QueryPlan:
    start = datetime.fromtimestamp(T0, timezone.utc)  # aware: converted to Beijing time
    end = datetime.fromtimestamp(END, BEIJING).replace(tzinfo=None)  # naive: read as Beijing time
    return client.query(OP, start_time=start, end_time=end, page_size=PAGE_SIZE)


def exchange(plan: skuwire.QueryPlan, session: requests.Session, timeout: float = 10) -> Optional[skuwire.Page]:
    """One request of the plan sent, its answer fed back."""
    req = plan.next_request()
    if req is None:
        return None
    try:
        r = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=timeout)
    except requests.RequestException as e:
        return plan.feed_transport_error(str(e))
    return plan.feed(r.status_code, r.content)


def pull(plan: skuwire.QueryPlan, session: requests.Session) -> List[skuwire.Page]:
    pages = []
    while (page := exchange(plan, session)) is not None:
        assert page.ok, (page, page.outcome.message)
        pages.append(page)
    return pages


def rows_of(pages: List[skuwire.Page]) -> List[Dict[str, Any]]:
    return [row for page in pages for row in page.items]


def test_every_row_comes_back_once_over_windows_and_pages(sb: Any, session: requests.Session) -> None:
    expected = seed(sb, session)
    plan = new_plan(enterprise(sb))
    assert plan.window_count == 3
    assert plan.windows()[1][0] == datetime.fromtimestamp(T0 + WINDOW, BEIJING)
    pages = pull(plan, session)
    assert plan.done and plan.next_request() is None
    # Several pages in every window (12, 12 and 8 rows at 3 per page).
    per_window = [sum(1 for p in pages if p.window_index == w) for w in range(3)]
    assert per_window == [4, 4, 3]
    assert [p.total_count for p in pages if p.page_no == 0] == [12, 12, 8]
    assert all(p.window == plan.windows()[p.window_index] for p in pages)
    rows = rows_of(pages)
    ids = [row["rec_id"] for row in rows]
    assert len(ids) == len(set(ids)) and set(ids) == set(expected)
    assert (plan.rows_delivered, plan.duplicates_dropped) == (len(expected), 0)
    for row in rows:
        price, moment = expected[row["rec_id"]]
        assert type(row["rec_id"]) is int
        assert isinstance(row["price"], Decimal) and row["price"] == price and str(row["price"]) == f"{price:.4f}"
        assert row["modified"] == datetime.fromtimestamp(moment, timezone.utc)
        assert row["modified"].utcoffset() == timedelta(hours=8)
        window = plan.windows()[next(p.window_index for p in pages if row in p.items)]
        assert window[0] <= row["modified"] <= window[1]
    # One request per page: the sandbox answered every one (no 2104, no signature error).
    sent = [r for r in sb.requests() if r["platform"] == "enterprise"]
    assert len(sent) == len(pages) and all(r["verdict"] == "ok" for r in sent)


CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    import requests, skuwire

    cfg = json.loads(sys.argv[1])
    client = skuwire.Enterprise(*cfg["creds"], base_url=cfg["url"])
    client.clock_offset = cfg["offset"]
    plan = client.query(cfg["op"], start_time=cfg["start"], end_time=cfg["end"], page_size=cfg["page_size"])
    session = requests.Session()
    session.trust_env = False
    pages = 0
    for req in plan:
        r = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=10)
        page = plan.feed(r.status_code, r.content)
        assert page.ok, page.outcome.message
        with open(cfg["rows"], "a", encoding="utf-8") as f:
            f.writelines(json.dumps(row["rec_id"]) + "\\n" for row in page.items)
        # Rows stored first, then the state: a crash in between repeats a page, never skips one.
        with open(cfg["state"] + ".tmp", "w", encoding="utf-8") as f:
            f.write(plan.state())
        os.replace(cfg["state"] + ".tmp", cfg["state"])
        pages += 1
        if pages == cfg["stop_after"]:
            req = plan.next_request()
            session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=10)
            print("killed mid-request", flush=True)  # the answer is never fed
            time.sleep(120)
    """
)


def test_a_killed_run_resumes_in_another_process(sb: Any, session: requests.Session, tmp_path: Path) -> None:
    expected = seed(sb, session)
    uninterrupted = [row["rec_id"] for row in rows_of(pull(new_plan(enterprise(sb)), session))]
    assert sorted(uninterrupted) == sorted(expected)

    state_file, rows_file = tmp_path / "state.json", tmp_path / "rows.jsonl"
    cfg = {"creds": ENTERPRISE, "url": sb.enterprise_url, "offset": int(sb.now() - time.time()), "op": OP,
           "start": datetime.fromtimestamp(T0, BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
           "end": datetime.fromtimestamp(END, BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
           "page_size": PAGE_SIZE, "stop_after": 5, "state": str(state_file), "rows": str(rows_file)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(cfg)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "killed mid-request\n", child.stderr.read() if child.stderr else ""
    finally:
        child.kill()
        child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()
    assert child.returncode != 0
    before_kill = [json.loads(line) for line in rows_file.read_text(encoding="utf-8").splitlines()]
    assert len(before_kill) == 5 * PAGE_SIZE

    saved = json.loads(state_file.read_text(encoding="utf-8"))  # plain JSON, as a host would keep it
    assert (saved["done"], saved["window_index"], saved["page_no"]) == (False, 1, 1)
    resumed = skuwire.QueryPlan.resume(json.dumps(saved), enterprise(sb))
    after = [row["rec_id"] for row in rows_of(pull(resumed, session))]
    assert before_kill + after == uninterrupted  # nothing lost, nothing twice, same order
    assert resumed.rows_delivered == len(expected)


def test_faults_give_retry_advice_and_never_advance_the_plan(sb: Any, session: requests.Session) -> None:
    expected = seed(sb, session)
    client = enterprise(sb)
    plan = new_plan(client)
    first = exchange(plan, session)
    assert first is not None and first.ok
    rows = list(first.items)
    for kind, options, reason, retry in [
        ("rate_limit", {}, "rate_limited", "backoff"),
        ("clock_skew", {}, "clock_skew", "resign"),  # the next request is signed afresh
        ("http_502_html", {}, "html_body", "resend"),
        ("empty_body", {}, "empty_body", "resend"),
        ("timeout", {"delay": 0.5}, "transport", "resend"),
    ]:
        sb.inject(kind, method=OP, **options)
        before = plan.state()
        page = exchange(plan, session, timeout=0.2 if kind == "timeout" else 10)
        assert page is not None
        assert (page.ok, page.outcome.reason, page.outcome.retry, page.items) == (False, reason, retry, []), kind
        assert plan.state() == before, kind
    # A plan never sends a window over 30 days, so the sandbox's own 2104
    # answer is fetched with a generic call and fed to the plan.
    wide = client.call(OP, {"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-31 00:00:00", "page_no": 0, "page_size": 3})
    req = wide.sign()
    answer = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=10)
    assert json.loads(answer.content)["code"] == 2104
    before = plan.state()
    assert plan.next_batch() is not None
    page = plan.feed(answer.status_code, answer.content)
    assert (page.ok, page.outcome.reason, page.outcome.retry, page.outcome.code) == (False, "time_span_too_long", "no", 2104)
    assert plan.state() == before
    # Faults cost requests, never rows.
    rows += rows_of(pull(plan, session))
    assert sorted(row["rec_id"] for row in rows) == sorted(expected)


def single(codeno: str, price: str) -> Dict[str, Any]:
    return {"base_name": "Single " + codeno, "codeno": codeno, "price": Decimal(price), "category": "Misc", "status": 1,
            "spec_mode": 0, "main_image": "http://img.example/" + codeno + ".jpg",
            "single_res": {"codeno": codeno + "-1", "stock": 7, "price": Decimal(price)}}


def test_ymcart_lists_page_through_the_sandbox(sb: Any, session: requests.Session) -> None:
    # The vendor page gives no URL shape: the template names the sandbox's /ymcart/{method}.
    client = skuwire.Ymcart("sandbox-token", base_url=sb.url + "/ymcart/{method}")
    goods = [single(f"Y{i}", f"{i}.5") for i in range(7)]
    for batch in client.plan("addGoods", goods):
        req = batch.sign()
        r = session.request(req.method, req.url, headers=req.headers, data=req.body, timeout=10)
        assert batch.parse(r.status_code, r.content).ok
    skus = {s["codeno"]: s for s in sb.snapshot()["ym_sku"]}
    assert len(skus) == 7

    plan = client.query("skuList", page_size=3, order_by=1)
    pages = pull(plan, session)
    assert [(p.page_no, len(p.items), p.total_count) for p in pages] == [(1, 3, 7), (2, 3, 7), (3, 1, 7)]
    rows = rows_of(pages)
    assert sorted(row["codeno"] for row in rows) == sorted(skus)
    assert len({row["id"] for row in rows}) == 7 and all(type(row["id"]) is int for row in rows)
    for row in rows:
        i = int(row["codeno"][1:-2])
        assert isinstance(row["price"], Decimal) and row["price"] == Decimal(f"{i}.5") and str(row["price"]) == f"{i}.5000"
        assert isinstance(row["create_time"], datetime) and row["create_time"].utcoffset() == timedelta(hours=8)

    plan = client.query("goodsList", {"page_size": 2})
    pages = pull(plan, session)
    assert [p.page_no for p in pages] == [1, 2, 3, 4] and plan.rows_delivered == 7
    ids = [row["id"] for row in rows_of(pages)]
    assert ids == sorted({int(g["id"]) for g in sb.snapshot()["ym_goods"]})  # id ascending, each once
    assert all(isinstance(row["price"], Decimal) for row in rows_of(pages))


def test_a_ymcart_template_that_misses_the_endpoint_fails_without_advancing(session: requests.Session) -> None:
    with Sandbox(db=":memory:", host="127.0.0.1", port=0, ymcart_prefix="/api/v1") as sb:
        wrong = skuwire.Ymcart("sandbox-token", base_url=sb.url + "/ymcart/{method}")
        plan = wrong.query("skuList")
        before = plan.state()
        page = exchange(plan, session)
        assert page is not None and not page.ok and page.outcome.http_status == 404 and page.outcome.retry == "no"
        assert plan.state() == before
        right = skuwire.Ymcart("sandbox-token", base_url=sb.url + "/api/v1/{method}")
        pages = pull(skuwire.QueryPlan.resume(before, right), session)
        assert [(p.page_no, p.items, p.total_count, p.done) for p in pages] == [(1, [], 0, True)]
