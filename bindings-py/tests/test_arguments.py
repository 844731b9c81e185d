"""Arguments of the API itself (not payload values) of the wrong type or
value: the library's own structured errors, never a plain TypeError or
OverflowError from the glue; ArgumentError is a TypeError too."""

from __future__ import annotations

import array
import pickle
import re
from typing import Any, Callable

import pytest

import skuwire

from conftest import client_for, goods

OP = "goods.Goods.batchPush"
CJK = re.compile("[\u4e00-\u9fff]")
OK_BODY = b'{"status":0,"data":{"error_list":[]}}'


def batch() -> skuwire.Batch:
    (b,) = list(client_for("flagship").plan(OP, [goods(1)]))
    return b


def fresh(exc: BaseException) -> None:
    """Created by the library, with nothing chained from the glue."""
    assert exc.__context__ is None and exc.__cause__ is None


def test_argument_errors_are_skuwire_errors_and_type_errors() -> None:
    assert issubclass(skuwire.ArgumentError, skuwire.SkuwireError) and issubclass(skuwire.ArgumentError, TypeError)
    assert not issubclass(skuwire.ArgumentError, ValueError)
    v = skuwire.ArgumentValidationError
    assert issubclass(v, skuwire.ValidationError) and issubclass(v, skuwire.ArgumentError) and issubclass(v, TypeError)
    assert "ArgumentError" in skuwire.__all__ and "ArgumentValidationError" in skuwire.__all__


@pytest.mark.parametrize("call", [
    lambda: skuwire.validate(42, [goods(1)]),  # type: ignore[arg-type]
    lambda: skuwire.operation(None),  # type: ignore[arg-type]
    lambda: client_for("flagship").plan(b"goods.Goods.batchPush", [goods(1)]),  # type: ignore[arg-type]
    lambda: client_for("enterprise").query(7, start_time="2024-01-01 00:00:00"),  # type: ignore[arg-type]
    lambda: client_for("flagship").call(1.5),  # type: ignore[arg-type]
    lambda: client_for("enterprise").call(["m"], {}),  # type: ignore[arg-type]
    lambda: skuwire.Flagship(1, "k", "s:t"),  # type: ignore[arg-type]
    lambda: skuwire.Enterprise("s", None, "x"),  # type: ignore[arg-type]
], ids=["validate", "operation", "plan", "query", "flagship call", "enterprise call", "sid", "appkey"])
def test_a_name_that_is_not_a_str_is_an_argument_error(call: Callable[[], Any]) -> None:
    with pytest.raises(skuwire.ArgumentError) as info:
        call()
    e = info.value
    assert isinstance(e, TypeError) and e.code == "invalid_argument"
    assert re.search(r"should be str, not (int|NoneType|bytes|float|list)", str(e)), str(e)
    assert CJK.search(e.msg_zh) and "str" in e.msg_zh
    fresh(e)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is skuwire.ArgumentError and (back.code, str(back), back.msg_zh) == (e.code, str(e), e.msg_zh)


@pytest.mark.parametrize("call", [
    lambda: client_for("flagship").sign(object()),  # type: ignore[arg-type]
    lambda: skuwire.QueryPlan.resume("not a client", "{}"),  # type: ignore[arg-type]
], ids=["sign", "resume"])
def test_an_object_of_the_wrong_class_is_an_argument_error(call: Callable[[], Any]) -> None:
    with pytest.raises(skuwire.ArgumentError) as info:
        call()
    e = info.value
    assert isinstance(e, TypeError) and e.code == "invalid_argument"
    assert re.search(r"should be (Batch|Client), not (object|str)", str(e)), str(e)
    assert CJK.search(e.msg_zh)


def test_a_name_with_a_lone_surrogate_is_a_located_record() -> None:
    with pytest.raises(skuwire.ValidationError) as info:
        skuwire.validate("goods.Goods.batch\ud800Push", [goods(1)])
    (err,) = info.value.errors()
    assert (err["type"], err["loc"], err["input"]) == ("string_unicode", ("op",), "goods.Goods.batch\ud800Push")
    assert not isinstance(info.value, TypeError)
    with pytest.raises(skuwire.ValidationError) as info:
        client_for("flagship").call("x.\udc00")
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("string_unicode", ("method",))]
    fresh(info.value)


@pytest.mark.parametrize("status", ["200", True, 200.0, None, [200], b"200"])
def test_a_status_that_is_not_an_int_is_int_type(status: Any) -> None:
    with pytest.raises(skuwire.ArgumentValidationError) as info:
        batch().parse(status, OK_BODY)
    e = info.value
    assert isinstance(e, TypeError) and isinstance(e, skuwire.ValidationError) and e.code == "validation"
    (err,) = e.errors()
    assert (err["type"], err["loc"]) == ("int_type", ("status",))
    assert err["input"] is status
    assert e.op == "Batch.parse" and "status" in str(e)
    fresh(e)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is skuwire.ArgumentValidationError and back.errors() == e.errors()


@pytest.mark.parametrize("status", [70000, -1, 65536, 2**70, -(2**70)])
def test_a_status_out_of_range_is_int_out_of_range(status: int) -> None:
    with pytest.raises(skuwire.ValidationError) as info:
        batch().parse(status, OK_BODY)
    e = info.value
    assert not isinstance(e, TypeError)
    (err,) = e.errors()
    assert (err["type"], err["loc"], err["ctx"], err["input"]) == ("int_out_of_range", ("status",), {"min": 0, "max": 65535}, status)
    assert CJK.search(err["msg_zh"])
    fresh(e)


def test_statuses_that_are_ints_are_read() -> None:
    class Index:
        """An integer-like scalar (numpy.int64 has __index__)."""

        def __index__(self) -> int:
            return 200

    for status in (200, Index(), 0, 65535):
        outcome = batch().parse(status, OK_BODY)  # type: ignore[arg-type]
        assert outcome.http_status == (200 if isinstance(status, Index) else status)


@pytest.mark.parametrize("body", [None, 12, 0, 1.5, [1, 2], {"status": 0}, True])
def test_a_body_that_is_not_bytes_or_str_is_refused(body: Any) -> None:
    with pytest.raises(skuwire.ArgumentError) as info:
        batch().parse(200, body)
    e = info.value
    assert isinstance(e, TypeError) and not isinstance(e, skuwire.ValidationError)
    assert e.code == "invalid_argument" and "body should be bytes/str" in str(e) and CJK.search(e.msg_zh)
    fresh(e)


def test_bodies_are_bytes_str_or_any_buffer() -> None:
    text = OK_BODY.decode()
    for body in (OK_BODY, text, bytearray(OK_BODY), memoryview(OK_BODY), array.array("B", OK_BODY)):
        assert batch().parse(200, body).ok, type(body)  # type: ignore[arg-type]


def test_query_feed_reads_its_arguments_the_same_way() -> None:
    q = client_for("enterprise").query("vip_api_goods_query.php", start_time="2024-01-01 00:00:00", end_time="2024-01-02 00:00:00")
    assert q.next_request(timestamp=1_700_000_000) is not None
    with pytest.raises(skuwire.ArgumentValidationError) as info:
        q.feed("200", b"{}")  # type: ignore[arg-type]
    assert info.value.op == "QueryPlan.feed"
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("int_type", ("status",))]
    with pytest.raises(skuwire.ValidationError):
        q.feed(1 << 16, b"{}")
    with pytest.raises(skuwire.ArgumentError):
        q.feed(200, None)  # type: ignore[arg-type]
    page = q.feed(200, '{"code":0,"total_count":0,"goods_list":[]}')
    assert page.outcome.ok


def test_a_payload_that_is_not_a_list_or_an_item() -> None:
    client = client_for("flagship")
    for payload, name in ((None, "NoneType"), (42, "int"), (1.5, "float")):
        assert [(e["type"], e["loc"]) for e in skuwire.validate(OP, payload)] == [("dict_type", ())]  # type: ignore[arg-type]
        for mode in ("raise", "skip"):
            with pytest.raises(skuwire.ValidationError) as info:
                client.plan(OP, payload, mode)  # type: ignore[arg-type]
            (err,) = info.value.errors()
            assert (err["type"], err["loc"]) == ("list_type", ()), name
            assert err["input"] is payload
            fresh(info.value)


def test_an_iterable_that_fails_is_not_mistaken_for_a_wrong_type() -> None:
    class Broken:
        def __iter__(self) -> Any:
            raise RuntimeError("the user's own error")

    with pytest.raises(RuntimeError, match="the user's own error"):
        skuwire.validate(OP, Broken())
    with pytest.raises(RuntimeError, match="the user's own error"):
        client_for("flagship").plan(OP, Broken())
