"""client.query: parameters from Python values, typed rows, answers that do
not advance the plan, and a state that survives JSON, pickle and a restart.
Answers here are canned; test_query_sandbox.py runs against the sandbox."""

from __future__ import annotations

import json
import pickle
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import skuwire

from conftest import client_for

OP = "vip_api_goods_query.php"
BEIJING = timezone(timedelta(hours=8))
TS = 1_700_000_000
DAY = 86_400


def answer(rows: List[Dict[str, Any]], total: Any = None) -> bytes:
    body: Dict[str, Any] = {"code": 0, "message": "ok", "goods_list": rows}
    if total is not None:
        body["total_count"] = str(total)
    return json.dumps(body, ensure_ascii=False).encode()


def form(request: skuwire.Request) -> Dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(request.body.decode()))


def test_time_range_from_datetimes_and_text() -> None:
    client = client_for("enterprise")
    utc = datetime(2024, 1, 1, 0, 0, tzinfo=timezone.utc)  # 08:00 in Beijing
    naive = datetime(2024, 2, 14, 12, 0, 0)  # taken as Beijing time, not local time
    plan = client.query(OP, start_time=utc, end_time=naive, page_size=50)
    same = client.query(OP, {"start_time": "2024-01-01 08:00:00"}, end_time="2024-02-14T12:00:00+08:00", page_size=50)
    assert plan.state() == same.state()
    assert (plan.op, plan.page_size, plan.page_no, plan.window_index, plan.done) == (OP, 50, 0, 0, False)
    # 30 days means end − start ≤ 30 × 86400 − 1 s; the next window starts one second later.
    assert plan.window_count == 2
    first, second = plan.windows()
    assert first == (datetime(2024, 1, 1, 8, 0, 0, tzinfo=BEIJING), datetime(2024, 1, 31, 7, 59, 59, tzinfo=BEIJING))
    assert second == (datetime(2024, 1, 31, 8, 0, 0, tzinfo=BEIJING), datetime(2024, 2, 14, 12, 0, 0, tzinfo=BEIJING))
    assert first[1] - first[0] == timedelta(seconds=30 * DAY - 1)
    assert all(t.utcoffset() == timedelta(hours=8) for w in (first, second) for t in w)
    assert plan.current_window == first
    sent = form(plan.next_request(timestamp=TS))  # type: ignore[arg-type]
    assert {k: sent[k] for k in ("start_time", "end_time", "page_no", "page_size")} == {
        "start_time": "2024-01-01 08:00:00", "end_time": "2024-01-31 07:59:59", "page_no": "0", "page_size": "50"}
    # The default page size is the documented maximum.
    assert client.query(OP, start_time=utc, end_time=naive).page_size == 100
    with pytest.raises(TypeError):
        client.query(OP, {"start_time": utc}, start_time=utc)


def test_bad_parameters_are_located_records_with_the_python_value() -> None:
    client = client_for("enterprise")
    bad = {1, 2}
    with pytest.raises(skuwire.ValidationError) as info:
        client.query(OP, start_time="yesterday", page_size=0, shop_no=bad)
    errors = info.value.errors()
    assert [(e["type"], e["loc"]) for e in errors] == [
        ("datetime_parsing", ("start_time",)),
        ("missing", ("end_time",)),
        ("int_out_of_range", ("page_size",)),
        ("unsupported_type", ("shop_no",)),
    ]
    assert errors[2]["ctx"] == {"min": 1, "max": 100}
    assert errors[3]["input"] is bad and errors[3]["msg_zh"]
    with pytest.raises(skuwire.ValidationError) as info:
        client.query(OP, start_time="2024-01-02 00:00:00", end_time="2024-01-01 00:00:00")
    assert [e["type"] for e in info.value.errors()] == ["time_range"]
    with pytest.raises(skuwire.ValidationError) as info:
        client.query(OP, ["not", "a", "mapping"])  # type: ignore[arg-type]
    assert [e["type"] for e in info.value.errors()] == ["dict_type"]


@pytest.mark.parametrize(
    "call, code",
    [
        # Another platform's operation is refused before anything is planned.
        (lambda: client_for("flagship").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00"), "invalid_argument"),
        (lambda: client_for("ymcart").query(OP), "invalid_argument"),
        (lambda: client_for("flagship").query("goods.Goods.batchPush"), "unsupported"),
        (lambda: client_for("ymcart").query("addGoods"), "unsupported"),
        (lambda: client_for("enterprise").query("nope.php"), "unknown_operation"),
        # The plan numbers the pages.
        (lambda: client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00", page_no=3), "invalid_argument"),
        (lambda: client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00", max_window_secs=31 * DAY), "invalid_argument"),
        (lambda: client_for("ymcart").query("skuList", max_window_secs=60), "invalid_argument"),
    ],
)
def test_refusals_carry_a_code(call, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(skuwire.SkuwireError) as info:
        call()
    assert info.value.code == code and info.value.msg_zh


def test_rows_are_typed() -> None:
    plan = client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00", page_size=10)
    plan.next_request(timestamp=TS)
    row = {
        "rec_id": "17", "price": "20.0000", "stock_num": "496.0000", "hold_stock": "0.0000", "modified": "2024-01-01 12:34:56",
        "created": "0000-00-00 00:00:00", "last_syn_num": "", "api_goods_name": "保温杯", "outer_id": "007",
        "x_flag": True, "x_extra": "EXTRA", "x_null": None, "list_time": "not a date",
    }
    # Numbers exactly as a platform writes them (json.dumps would write 2.5).
    extra = b'{"n":1,"d":2.50,"big":12345678901234567890123,"list":[0.1]}'
    page = plan.feed(200, answer([row], total=1).replace(b'"EXTRA"', extra))
    assert page.ok and page.done and page.page_no == 0 and page.total_count == 1
    (got,) = page.items
    assert list(got) == list(row)  # the answer's field order
    assert got["rec_id"] == 17 and type(got["rec_id"]) is int
    assert got["hold_stock"] == 0 and type(got["hold_stock"]) is int
    for key, text in (("price", "20.0000"), ("stock_num", "496.0000")):
        assert isinstance(got[key], Decimal) and str(got[key]) == text  # exact text, scale kept
    assert got["modified"] == datetime(2024, 1, 1, 12, 34, 56, tzinfo=BEIJING)
    assert got["modified"].utcoffset() == timedelta(hours=8)
    assert got["created"] is None and got["last_syn_num"] is None  # "no value" sentinels
    assert (got["api_goods_name"], got["outer_id"]) == ("保温杯", "007")  # text stays text
    assert got["x_flag"] is True and got["x_null"] is None
    assert got["x_extra"] == {"n": 1, "d": Decimal("2.50"), "big": 12345678901234567890123, "list": [Decimal("0.1")]}
    assert str(got["x_extra"]["d"]) == "2.50"
    # A value that does not parse as its documented type is kept, with a note.
    assert got["list_time"] == "not a date"
    assert any("list_time" in n for n in page.notes)
    assert page.notes == page.outcome.notes
    assert page.window == (datetime(2024, 1, 1, tzinfo=BEIJING), datetime(2024, 1, 2, tzinfo=BEIJING))


def test_ymcart_unix_seconds_become_datetimes_and_year_zero_is_kept_as_text() -> None:
    plan = client_for("ymcart").query("skuList", goods_codeno="AA", page_size=20)
    req = plan.next_request()
    assert req is not None and req.url == "https://shop.example.com/api/skuList"
    assert form(req) == {"token": "tok-SECRET-123", "goods_codeno": "AA", "page_no": "1", "page_size": "20"}
    body = {"status": 1, "code": 0, "count": "2", "data": [
        {"id": "2015779", "price": "9.0000", "create_time": "1533116704", "update_time": "0"},
        {"id": "2015780", "price": "0.0800", "create_time": "-62167248000"},
    ]}
    page = plan.feed(200, json.dumps(body).encode())
    first, second = page.items
    assert first["create_time"] == datetime(2018, 8, 1, 17, 45, 4, tzinfo=BEIJING)
    assert first["update_time"] is None  # "0" means not set
    # Python's datetime starts at year 1: year 0 stays its RFC 3339 text, never dropped.
    assert second["create_time"] == "0000-01-01T00:00:00+08:00"
    assert (page.window, page.total_count, page.done, plan.window_count, plan.windows()) == (None, 2, True, 1, [])


def test_failed_answers_do_not_advance_the_plan() -> None:
    plan = client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00", page_size=2)
    with pytest.raises(skuwire.SkuwireError) as info:
        plan.feed(200, answer([]))  # nothing was asked yet
    assert info.value.code == "state"
    before = plan.state()
    first = plan.next_batch()
    assert first is not None and first.op == OP and first.payload["page_no"] == 0
    for status, body, reason, retry in [
        (200, '{"code":2104,"message":"start_time与end_time时间跨度不能超过最大范围 30天"}', "time_span_too_long", "no"),
        (200, '{"code":"1005","message":"时间戳超出允许误差"}', "clock_skew", "resign"),
        (200, '{"code":1007,"message":"接口调用频率超过限制"}', "rate_limited", "backoff"),
        (502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "html_body", "resend"),
        (200, "", "empty_body", "resend"),
    ]:
        assert plan.next_batch() == first
        page = plan.feed(status, body)
        assert (page.ok, page.outcome.reason, page.outcome.retry, page.items) == (False, reason, retry, [])
        assert plan.state() == before
    plan.next_batch()
    lost = plan.feed_transport_error("read timed out")
    assert (lost.ok, lost.outcome.reason, lost.outcome.retry, lost.outcome.http_status) == (False, "transport", "resend", 0)
    assert plan.state() == before
    plan.next_batch()
    page = plan.feed(200, answer([{"rec_id": "1"}, {"rec_id": "2"}], total=3))
    assert page.ok and plan.state() != before and plan.page_no == 1


def test_duplicates_are_dropped_and_counted() -> None:
    plan = client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00", page_size=2)
    plan.next_request(timestamp=TS)
    plan.feed(200, answer([{"rec_id": "1"}, {"rec_id": "2"}], total=4))
    plan.next_request(timestamp=TS)
    # Row 2 moved onto page 1 while the sync ran.
    page = plan.feed(200, answer([{"rec_id": "2"}, {"rec_id": "3"}]))
    assert [r["rec_id"] for r in page.items] == [3] and page.duplicates_dropped == 1 and page.received == 2
    assert (plan.rows_delivered, plan.duplicates_dropped) == (3, 1)
    undeduped = client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00", page_size=2, dedup=False)
    undeduped.next_request(timestamp=TS)
    undeduped.feed(200, answer([{"rec_id": "1"}, {"rec_id": "1"}], total=4))
    assert undeduped.rows_delivered == 2


def _drive(plan: skuwire.QueryPlan, pages: Dict[int, List[List[int]]]) -> List[int]:
    """Feeds canned pages (window → pages of rec_ids); returns the rec_ids delivered."""
    out = []
    for request in plan:
        sent = form(request)
        window = [w[0].strftime("%Y-%m-%d %H:%M:%S") for w in plan.windows()].index(sent["start_time"])
        rows = pages[window][int(sent["page_no"])]
        total = sum(len(p) for p in pages[window]) if sent["page_no"] == "0" else None
        page = plan.feed(200, answer([{"rec_id": str(i)} for i in rows], total=total))
        out += [r["rec_id"] for r in page.items]
    return out


PAGES = {0: [[1, 2], [3, 4], [5]], 1: [[6, 7], [8]]}


def test_iterating_drives_the_plan_to_the_end() -> None:
    plan = client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-02-15 00:00:00", page_size=2)
    assert _drive(plan, PAGES) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert plan.done and plan.next_request() is None and plan.next_batch() is None and list(plan) == []
    assert plan.current_window is None and plan.rows_delivered == 8


def test_state_is_json_text_that_resumes_after_a_restart_and_pickles() -> None:
    client = client_for("enterprise")
    plan = client.query(OP, start_time="2024-01-01 00:00:00", end_time="2024-02-15 00:00:00", page_size=2)
    delivered = []
    for _ in range(4):  # two pages of window 0, … up to window 1 page 0
        sent = form(plan.next_request(timestamp=TS))  # type: ignore[arg-type]
        window = 0 if sent["start_time"] == "2024-01-01 00:00:00" else 1
        rows = PAGES[window][int(sent["page_no"])]
        page = plan.feed(200, answer([{"rec_id": str(i)} for i in rows], total=sum(map(len, PAGES[window]))))
        delivered += [r["rec_id"] for r in page.items]
    state = plan.state()
    assert isinstance(state, str) and json.loads(state)["window_index"] == 1
    assert json.dumps(json.loads(state), separators=(",", ":")) == state  # plain JSON, nothing lost
    saved = json.dumps({"plan": json.loads(state)})  # embedded in the host's own file
    for given in (state, state.encode(), json.loads(saved)["plan"]):
        # A new client object, as after a process restart.
        resumed = skuwire.QueryPlan.resume(given, client_for("enterprise"))
        assert resumed.state() == state
        assert (resumed.window_index, resumed.page_no, resumed.rows_delivered) == (plan.window_index, plan.page_no, 7)
        assert resumed.next_request(timestamp=TS) == plan.next_request(timestamp=TS)
        assert delivered + _drive(resumed, PAGES) == [1, 2, 3, 4, 5, 6, 7, 8]
    # Pickling keeps the client (and its clock offset) and the progress.
    client.clock_offset = 42
    again = pickle.loads(pickle.dumps(plan))
    assert again.state() == state and repr(again) == repr(plan) and again.client.clock_offset == 42
    assert repr(again.client) == repr(client)
    assert delivered + _drive(again, PAGES) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_state_keeps_every_number_as_written() -> None:
    client = client_for("enterprise")
    plan = client.query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00", x_extra=Decimal("-0"), x_big=2**70)
    state = plan.state()
    assert '"x_extra":-0' in state and f'"x_big":{2**70}' in state
    for again in (skuwire.QueryPlan.resume(state, client), pickle.loads(pickle.dumps(plan))):
        assert again.state() == state
        assert again.next_request(timestamp=TS) == plan.next_request(timestamp=TS)


@pytest.mark.parametrize(
    "client, state, code",
    [
        ("enterprise", "{not json", "invalid_argument"),
        ("enterprise", '{"version": 1}', "invalid_argument"),
        ("enterprise", {"version": 1, "op": OP, "x": {1}}, "invalid_argument"),
        ("flagship", None, "invalid_argument"),  # a state for another platform's client
        ("enterprise", "version99", "state"),
        ("enterprise", "window_past_end", "state"),
    ],
)
def test_bad_states_are_refused(client: str, state: Any, code: str) -> None:
    good = json.loads(client_for("enterprise").query(OP, start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00").state())
    if state is None:
        state = json.dumps(good)
    elif state == "version99":
        state = json.dumps({**good, "version": 99})
    elif state == "window_past_end":
        state = json.dumps({**good, "window_index": 5})
    with pytest.raises(skuwire.SkuwireError) as info:
        skuwire.QueryPlan.resume(state, client_for(client))
    assert info.value.code == code and info.value.msg_zh


def test_secrets_stay_out_of_reprs() -> None:
    plan = client_for("ymcart").query("goodsList", page_size=5)
    request = plan.next_request()
    page = plan.feed(200, b'{"code":0,"count":"0","data":[]}')
    shown = " ".join([repr(plan), repr(request), repr(page), repr(page.outcome), plan.state()])
    assert "tok-SECRET-123" not in shown and "REDACTED" in shown
    assert repr(page).startswith("<Page window=0 page_no=1 items=0 total_count=0 ok=True")
