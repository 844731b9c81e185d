"""Every argument of every public callable, fed values of the wrong type (and
integers out of range): the library's own ArgumentError naming the argument,
never PyO3's bare TypeError/OverflowError text.

The callables and their parameters are discovered from the module
(``inspect.signature``), so a new function or option that is not listed
in SPECS below fails ``test_every_parameter_has_a_spec`` until it is."""

from __future__ import annotations

import inspect
import re
from typing import Any, Callable, Dict, List, Tuple

import pytest

import skuwire

from conftest import client_for, goods

OP = "goods.Goods.batchPush"
QUERY = "vip_api_goods_query.php"
DAY = {"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"}


def _batch() -> skuwire.Batch:
    return next(iter(client_for("flagship").plan(OP, [goods(1)])))


def _query() -> skuwire.QueryPlan:
    return client_for("enterprise").query(QUERY, DAY)


# What each parameter takes. Kinds: "str", "bool", "int" (i64), "uint" (≥ 0),
# "opt_int"/"opt_uint" (None allowed), "seconds" (int/float or None),
# "batch"/"client" (skuwire objects), "mapping" (a mapping or None), "state"
# (QueryPlan.state() text or its dict), and "checked" (a value checked like a
# payload — its records are tested elsewhere: test_arguments.py, test_plan.py).
SPECS: Dict[str, Dict[str, str]] = {
    "validate": {"op": "str", "payload": "checked", "strict": "bool", "lax": "bool", "nest": "nest", "nest_key": "nest_key"},
    "operation": {"name": "str"},
    "operations": {},
    "clock_offset_from_http_date": {"date_header": "str", "local_time": "seconds"},
    "Flagship": {"sid": "str", "appkey": "str", "appsecret": "credential", "base_url": "str", "clock_offset": "int"},
    "Enterprise": {"sid": "str", "appkey": "str", "appsecret": "credential", "base_url": "str", "clock_offset": "int"},
    "Ymcart": {"token": "credential", "base_url": "str", "update_options": "mapping"},
    "Client.plan": {
        "op": "str", "items": "checked", "on_invalid": "str", "max_items": "opt_uint", "max_body_bytes": "opt_uint", "strict": "bool",
        "lax": "bool", "nest": "nest", "nest_key": "nest_key",
    },
    "Client.query": {
        "op": "str", "params": "checked", "page_size": "checked", "max_window_secs": "opt_int", "strict": "bool", "dedup": "bool",
    },
    "Client.call": {"method": "str"},
    "Client.sign": {"batch": "batch", "timestamp": "opt_int"},
    "Flagship.call": {"method": "str", "pager": "mapping"},
    "Batch.sign": {"timestamp": "opt_int"},
    "Batch.parse": {"status": "checked", "body": "checked"},
    "Batch.transport_error": {"message": "str"},
    "Batch.body_json": {},
    "Operation.describe": {},
    "Operation.json_schema": {},
    "Operation.labels": {},
    "QueryPlan.next_request": {"timestamp": "opt_int"},
    "QueryPlan.next_batch": {},
    "QueryPlan.feed": {"status": "checked", "body": "checked"},
    "QueryPlan.feed_transport_error": {"message": "str"},
    "QueryPlan.state": {},
    "QueryPlan.resume": {"state": "state", "client": "client"},
    "QueryPlan.windows": {},
    "Client.clock_offset": {"value": "int"},  # the setter
    "Client.push_driver": {
        "op": "str", "items": "checked", "on_invalid": "str", "max_items": "opt_uint", "max_body_bytes": "opt_uint", "strict": "bool",
        "lax": "bool", "nest": "nest", "nest_key": "nest_key",
        "concurrency": "uint", "rate": "seconds", "rate_margin": "req_seconds", "seed": "uint", "max_attempts": "uint",
        "backoff_base": "req_seconds", "backoff_cap": "req_seconds", "journal": "opt_bytes", "resend_unknown": "bool", "resend_rejected": "bool",
    },
    # The senders' own options are Python's (skuwire/_push.py); the driver's are checked above.
    "Client.push": {"op": "str", "items": "checked"},
    "Client.apush": {"op": "str", "items": "checked"},
    "Journal": {"path": "pathlike", "lock_timeout": "req_seconds"},
    "Journal.read": {},
    "PushDriver.next": {"now": "seconds"},
    "PushDriver.feed": {"call": "uint", "status": "checked", "body": "checked", "headers": "headers", "now": "seconds"},
    "PushDriver.feed_transport_error": {"call": "uint", "message": "str", "now": "seconds"},
    "PushDriver.take_journal": {},
    "PushDriver.stop": {},
    "PushDriver.report": {},
    "PushDriver.state": {},
    "PushDriver.restore": {"state": "state", "client": "client"},
    "PushReport.to_dict": {},
}

# A valid call of each, as (callable, args, kwargs); one argument at a time is replaced.
CALLS: Dict[str, Callable[[], Tuple[Callable[..., Any], List[Any], Dict[str, Any]]]] = {
    "validate": lambda: (skuwire.validate, [OP, [goods(1)]], {"strict": False}),
    "operation": lambda: (skuwire.operation, [OP], {}),
    "operations": lambda: (skuwire.operations, [], {}),
    "clock_offset_from_http_date": lambda: (skuwire.clock_offset_from_http_date, ["Sun, 06 Nov 1994 08:49:37 GMT"], {"local_time": 784111777.0}),
    "Flagship": lambda: (skuwire.Flagship, ["s", "k", "x:y"], {"base_url": skuwire.FLAGSHIP_TEST_URL, "clock_offset": 0}),
    "Enterprise": lambda: (skuwire.Enterprise, ["s", "k", "x"], {"base_url": skuwire.ENTERPRISE_SANDBOX_URL, "clock_offset": 0}),
    "Ymcart": lambda: (skuwire.Ymcart, ["t", "https://shop.example/api/{method}"], {"update_options": None}),
    "Client.plan": lambda: (client_for("flagship").plan, [OP, [goods(1)], "raise"], {"max_items": 10, "max_body_bytes": 100_000, "strict": False}),
    "Client.query": lambda: (client_for("enterprise").query, [QUERY, DAY], {"max_window_secs": 86400, "strict": False, "dedup": True}),
    "Client.call": lambda: (client_for("enterprise").call, ["some_method.php", {}], {}),
    "Client.sign": lambda: (client_for("flagship").sign, [_batch()], {"timestamp": 1_700_000_000}),
    "Flagship.call": lambda: (client_for("flagship").call, ["goods.Goods.query"], {"pager": None}),
    "Batch.sign": lambda: (_batch().sign, [], {"timestamp": 1_700_000_000}),
    "Batch.parse": lambda: (_batch().parse, [200, b"{}"], {}),
    "Batch.transport_error": lambda: (_batch().transport_error, ["timed out"], {}),
    "Batch.body_json": lambda: (_batch().body_json, [], {}),
    "Operation.describe": lambda: (skuwire.operation(OP).describe, [], {}),
    "Operation.json_schema": lambda: (skuwire.operation(OP).json_schema, [], {}),
    "Operation.labels": lambda: (skuwire.operation(OP).labels, [], {}),
    "QueryPlan.next_request": lambda: (_query().next_request, [], {"timestamp": 1_700_000_000}),
    "QueryPlan.next_batch": lambda: (_query().next_batch, [], {}),
    "QueryPlan.feed": lambda: (_started_query().feed, [200, b"{}"], {}),
    "QueryPlan.feed_transport_error": lambda: (_started_query().feed_transport_error, ["reset"], {}),
    "QueryPlan.state": lambda: (_query().state, [], {}),
    "QueryPlan.resume": lambda: (skuwire.QueryPlan.resume, [_query().state(), client_for("enterprise")], {}),
    "QueryPlan.windows": lambda: (_query().windows, [], {}),
    "Client.clock_offset": lambda: (_set_clock_offset, [0], {}),
    "Client.push_driver": lambda: (client_for("flagship").push_driver, [OP, [goods(1)]], {"concurrency": 2, "rate": 5.0}),
    "Client.push": lambda: (client_for("flagship").push, [OP, [goods(1)]], {"http": _answer_ok}),
    "Client.apush": lambda: (_apush, [OP, [goods(1)]], {}),
    "Journal": lambda: (skuwire.Journal, ["journal.jsonl"], {"lock_timeout": 1.0}),
    "Journal.read": lambda: (skuwire.Journal("no-such-journal.jsonl").read, [], {}),
    "PushDriver.next": lambda: (_driver().next, [], {"now": 1_700_000_000.0}),
    "PushDriver.feed": lambda: _sent(lambda d, call: (d.feed, [call, 200, OK_ANSWER], {"headers": {"Date": "x"}, "now": 1_700_000_000.0})),
    "PushDriver.feed_transport_error": lambda: _sent(lambda d, call: (d.feed_transport_error, [call, "reset"], {"now": 1_700_000_000.0})),
    "PushDriver.take_journal": lambda: (_driver().take_journal, [], {}),
    "PushDriver.stop": lambda: (_driver().stop, [], {}),
    "PushDriver.report": lambda: (_driver().report, [], {}),
    "PushDriver.state": lambda: (_driver().state, [], {}),
    "PushDriver.restore": lambda: (skuwire.PushDriver.restore, [_driver().state(), client_for("flagship")], {}),
    "PushReport.to_dict": lambda: (_driver().report().to_dict, [], {}),
}

OK_ANSWER = b'{"status":0,"data":{"error_list":[]}}'


def _answer_ok(request: Any) -> Any:
    return 200, {}, OK_ANSWER


async def _answer_ok_async(request: Any) -> Any:
    return 200, {}, OK_ANSWER


def _apush(op: Any, items: Any) -> Any:
    import asyncio

    return asyncio.run(client_for("flagship").apush(op, items, http=_answer_ok_async))


def _driver() -> skuwire.PushDriver:
    return client_for("flagship").push_driver(OP, [goods(1)])


def _sent(make: Any) -> Any:
    d = _driver()
    action = d.next(now=1_700_000_000.0)
    assert action.kind == "send"
    return make(d, action.call)


def _started_query() -> skuwire.QueryPlan:
    q = _query()
    q.next_request(timestamp=1_700_000_000)
    return q


def _set_clock_offset(value: Any) -> None:
    client_for("flagship").clock_offset = value


class Index:
    """An integer-like scalar (numpy.int64 has __index__): accepted as an int."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __index__(self) -> int:
        return self.n


WRONG: Dict[str, List[Any]] = {
    "str": [None, 1, 1.5, b"bytes", ["x"], object()],
    "credential": [None, 1, b"bytes", object()],
    "bool": [None, 0, 1, "false", 1.0, object()],
    "int": [None, 1.5, "1", True, b"1", object(), 2**70, -(2**70)],
    "opt_int": [1.5, "1", True, b"1", object(), 2**70, -(2**70)],
    "opt_uint": [1.5, "1", True, object(), -1, 2**70],
    "seconds": ["1", True, b"1", object(), float("nan"), float("inf")],
    "batch": [None, 1, "batch", object()],
    "client": [None, 1, "client", object()],
    "mapping": [1, "x", [("page_no", 1)], 1.5],
    "uint": [None, 1.5, "1", True, object(), -1, 2**70],
    "req_seconds": [None, "1", True, b"1", object(), float("nan")],
    "opt_bytes": [1, "x", 1.5, [1]],
    "pathlike": [None, 1, 1.5, object()],
    "headers": [1, "x", [1, 2], [("Date", 1)]],
    "state": [None, 1, 1.5, object()],
    "nest": [1, 0, 1.5, b"spec_list", ["spec_list"], object(), {1: ["spec_no"]}, {"spec_list": [1]}, {"spec_list": 5}],
    "nest_key": [1, 1.5, b"goods_no", [1], {"goods_no": 1}, object()],
}
RIGHT: Dict[str, List[Any]] = {
    "int": [Index(1_700_000_000), -5],
    "opt_int": [None, Index(1_700_000_000)],
    "opt_uint": [None, Index(50)],
    "uint": [Index(3)],
    "req_seconds": [2, 2.5],
    "seconds": [None, 784111777, 784111777.5],
}
# Where the kind's right values are out of the option's own range.
RIGHT_FOR = {"max_body_bytes": [None, Index(100_000)], "max_window_secs": [None, Index(86_400)],
             "now": [None, 1_700_000_000, 1_700_000_000.5],
             "call": []}  # the call handed out is the right one (the baseline)


def public_callables() -> Dict[str, inspect.Signature]:
    """Every public function, constructor and method of the module, by name, with its signature."""
    found: Dict[str, inspect.Signature] = {}
    for name in skuwire.__all__:
        obj = getattr(skuwire, name)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            try:
                found[name] = inspect.signature(obj)
            except ValueError:
                pass  # not constructible from Python
            for attr, value in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if callable(value) or isinstance(value, staticmethod):
                    found["%s.%s" % (name, attr)] = inspect.signature(getattr(obj, attr))
                elif type(value).__name__ == "getset_descriptor" and getattr(value, "__set__", None) is not None:
                    # A settable property (PyO3 getset descriptors all have __set__; probe it).
                    probe = _settable(obj, attr)
                    if probe:
                        found["%s.%s" % (name, attr)] = inspect.Signature([inspect.Parameter("value", inspect.Parameter.POSITIONAL_ONLY)])
        elif callable(obj):
            found[name] = inspect.signature(obj)
    return found


def _settable(cls: type, attr: str) -> bool:
    instances = {"Client": client_for("flagship")}
    inst = instances.get(cls.__name__)
    if inst is None:
        return False
    try:
        setattr(inst, attr, getattr(inst, attr))
    except AttributeError:
        return False
    return True


def test_every_parameter_has_a_spec() -> None:
    found = public_callables()
    missing = []
    for name, sig in found.items():
        spec = SPECS.get(name)
        if spec is None:
            missing.append(name)
            continue
        for p in sig.parameters.values():
            if p.name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            if p.name not in spec:
                missing.append("%s(%s)" % (name, p.name))
    assert not missing, "add these to SPECS and CALLS: %s" % missing
    assert set(CALLS) == set(SPECS)


def cases() -> List[Tuple[str, str, str, Any]]:
    out = []
    for name, spec in SPECS.items():
        for param, kind in spec.items():
            for i, v in enumerate(WRONG.get(kind, [])):
                out.append(pytest.param(name, param, kind, v, id="%s-%s-%d" % (name, param, i)))
    return out


def call_with(name: str, param: str, value: Any) -> Any:
    fn, args, kwargs = CALLS[name]()
    if name == "Client.clock_offset":
        return fn(value)
    try:
        sig = inspect.signature(fn)
    except ValueError:
        sig = inspect.signature(fn.__call__)
    bound = sig.bind_partial(*args, **kwargs)
    bound.arguments[param] = value
    return fn(*bound.args, **bound.kwargs)


def test_the_baseline_calls_work() -> None:
    for name in CALLS:
        fn, args, kwargs = CALLS[name]()
        fn(*args, **kwargs)


@pytest.mark.parametrize("name, param, kind, value", cases())
def test_a_wrong_type_is_an_argument_error(name: str, param: str, kind: str, value: Any) -> None:
    with pytest.raises(skuwire.ArgumentError) as info:
        call_with(name, param, value)
    e = info.value
    text = str(e)
    # The library's message names the argument; PyO3's own phrasing never shows.
    assert param in text or (param == "value" and "clock_offset" in text), text
    assert not re.search(r"argument '|cannot be converted|object cannot be interpreted|can't convert|too (large|big) to convert|'\w+' object is not an instance", text), text
    assert e.__context__ is None and e.__cause__ is None
    if isinstance(e, skuwire.ValidationError):
        # Checked like a field (an ArgumentValidationError): the record says where and what.
        assert isinstance(e, skuwire.ArgumentValidationError)
        assert [(r["type"], r["loc"]) for r in e.errors()] == [("dict_type", (param,))] and e.errors()[0]["msg_zh"]
    else:
        assert e.msg_zh and e.code in ("invalid_argument", "credentials")
    if kind == "credential":
        assert e.code == "credentials"


@pytest.mark.parametrize("name, param, kind", [(n, p, k) for n, s in SPECS.items() for p, k in s.items() if k in RIGHT])
def test_values_of_the_right_type_are_taken(name: str, param: str, kind: str) -> None:
    for v in RIGHT_FOR.get(param, RIGHT[kind]):
        call_with(name, param, v)


def test_base_url_none_is_refused_never_the_production_default() -> None:
    """`base_url=os.environ.get(...)` that is None must not quietly mean production."""
    for cls in (skuwire.Flagship, skuwire.Enterprise):
        with pytest.raises(skuwire.ArgumentError, match="base_url should be str, not NoneType"):
            cls("s", "k", "x:y", base_url=None)  # type: ignore[arg-type]
    assert skuwire.Flagship("s", "k", "x:y").base_url == skuwire.FLAGSHIP_PRODUCTION_URL


def test_out_of_range_names_the_range() -> None:
    with pytest.raises(skuwire.ArgumentError) as info:
        client_for("flagship").plan(OP, [goods(1)], max_items=-1)
    assert "max_items should be an integer from 0 to 18446744073709551615, not -1" == str(info.value)
    with pytest.raises(skuwire.ArgumentError, match="timestamp should be an integer from -9223372036854775808"):
        _batch().sign(timestamp=2**63)


def test_resume_in_the_old_order_says_which_order() -> None:
    q = _query()
    with pytest.raises(skuwire.ArgumentError, match=r"QueryPlan.resume\(state, client\)"):
        skuwire.QueryPlan.resume(client_for("enterprise"), q.state())  # type: ignore[arg-type]


# The ready senders' own options (skuwire/_push.py) are keyword-only and not
# in the binding's signature, so the discovery above cannot list them: each
# is fed wrong types here, for push and apush, before anything is sent.
SENDER_WRONG: Dict[str, List[Any]] = {
    "timeout": [None, "30", True, b"1", object(), float("nan"), float("inf"), 0, -1.5],
    "journal": [1, 1.5, b"journal.jsonl", object(), ["journal.jsonl"]],
    "on_answer": [1, "print", object()],
    "http": [1, "http://x", object()],
}


def _sender_cases() -> List[Any]:
    return [pytest.param(how, param, v, id="%s-%s-%d" % (how, param, i))
            for how in ("push", "apush") for param, values in SENDER_WRONG.items() for i, v in enumerate(values)]


@pytest.mark.parametrize("how, param, value", _sender_cases())
def test_a_sender_option_of_the_wrong_type_is_an_argument_error(how: str, param: str, value: Any) -> None:
    import asyncio

    sent: List[Any] = []

    def answer(request: Any) -> Any:
        sent.append(request)
        return 200, {}, OK_ANSWER

    async def answer_async(request: Any) -> Any:
        return answer(request)

    kw: Dict[str, Any] = {"http": answer if how == "push" else answer_async, param: value}
    client = client_for("flagship")
    with pytest.raises(skuwire.ArgumentError) as info:
        if how == "push":
            client.push(OP, [goods(1)], **kw)
        else:
            asyncio.run(client.apush(OP, [goods(1)], **kw))
    e = info.value
    assert param in str(e), str(e)
    assert e.msg_zh and e.code == "invalid_argument"
    assert e.__context__ is None and e.__cause__ is None
    assert sent == []  # refused before anything was sent
