"""Every shared vector in tests/vectors/ through the Python API.

The vector files are written by tests/vectors/make_vectors.py, which
computes signatures independently of skuwire. Each kind runs through the
public API a Python user calls; an unknown kind fails loudly.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Dict, List

import pytest

import skuwire

from conftest import VECTOR_DIR, load_json, to_json_text

FILES = sorted(VECTOR_DIR.glob("*.json"))
KINDS = {"sign", "validate", "plan", "parse", "query"}


def test_vectors_are_present() -> None:
    # The Rust suite asserts the same floor; an empty glob would pass vacuously.
    assert len(FILES) >= 40, f"expected the shared vectors in {VECTOR_DIR}, found {len(FILES)}"


def _client(case: Dict[str, Any]) -> skuwire.Client:
    c = case["credentials"]
    base = case["base_url"]
    platform = case["platform"]
    if platform == "flagship":
        return skuwire.Flagship(c["sid"], c["appkey"], c["appsecret"], base_url=base)
    if platform == "enterprise":
        return skuwire.Enterprise(c["sid"], c["appkey"], c["appsecret"], base_url=base)
    if platform == "ymcart":
        options = (case.get("client_options") or {}).get("update_options")
        return skuwire.Ymcart(c["token"], base_url=base, update_options=options)
    raise AssertionError(f"unknown platform {platform}")


def _platform_client(case: Dict[str, Any]) -> skuwire.Client:
    from conftest import client_for

    if case.get("op"):
        return client_for(skuwire.operation(case["op"]).platform)
    return client_for(case["platform"])


def _one_batch(client: skuwire.Client, case: Dict[str, Any]) -> skuwire.Batch:
    if case.get("op"):
        items = case["items"]
        batches = list(client.plan(case["op"], items))
        assert len(batches) == 1, "vector items must plan into one batch"
        assert batches[0].indices == list(range(len(items)))
        return batches[0]
    payload = case.get("payload")
    if client.platform == "flagship":
        args = payload if payload is not None else []
        assert isinstance(client, skuwire.Flagship)
        return client.call(case["method"], *args, pager=case.get("pager"))
    return client.call(case["method"], payload if payload is not None else {})


def run_sign(case: Dict[str, Any]) -> None:
    client = _client(case)
    batch = _one_batch(client, case)
    assert batch.method == case["method"] and batch.op == case.get("op")
    req = batch.sign(timestamp=case["timestamp"])
    _check_request(case, client, req)
    # The same request through the client's own sign().
    assert client.sign(batch, timestamp=case["timestamp"]) == req


def run_query(case: Dict[str, Any]) -> None:
    """A query plan's first request (windows, pages, joined lists, nulls left out)."""
    client = _client(case)
    options = case.get("options") or {}
    assert set(options) <= {"page_size"}, f"query options {set(options)} unknown to this runner"
    plan = client.query(case["op"], case["params"], **options)
    req = plan.next_request(timestamp=case["timestamp"])
    assert req is not None
    _check_request(case, client, req)


def _check_request(case: Dict[str, Any], client: skuwire.Client, req: skuwire.Request) -> None:
    e = case["expected"]
    got = {
        "method": req.method,
        "url": req.url,
        "body": req.body.decode("utf-8"),
        "sign": req.sign,
        "wire_timestamp": req.timestamp,
        "string_to_sign": req.string_to_sign,
        "sorted_params": [list(p) for p in req.sorted_params],
        "headers": req.headers,
    }
    for key, want in e.items():
        assert key in got, f"vector expects {key!r}, which this runner does not know"
        assert got[key] == want, key
    c = case["credentials"]
    secrets = c["appsecret"].split(":", 1) if case["platform"] == "flagship" else [c.get("appsecret") or c["token"]]
    for secret in secrets:
        for shown in (repr(req), req.string_to_sign, repr(client), req.redacted_url, req.redacted_body, str(req.sorted_params)):
            assert secret not in shown


def run_validate(case: Dict[str, Any]) -> None:
    errors = skuwire.validate(case["op"], case["payload"], strict=case.get("strict", False))
    want: List[Dict[str, Any]] = case["expected"]["errors"]
    assert [e["type"] for e in errors] == [w["type"] for w in want]
    for g, w in zip(errors, want):
        assert set(w) <= {"type", "loc", "ctx", "msg", "msg_zh"}, f"vector expects {set(w)}, which this runner does not know"
        assert set(g) == {"type", "loc", "msg", "msg_zh", "input", "ctx"}
        assert isinstance(g["loc"], tuple)
        assert g["loc"] == tuple(w["loc"])
        # ctx, when the vector gives it, is compared exactly (not as a subset).
        for key in ("msg", "msg_zh", "ctx"):
            if key in w:
                assert g[key] == w[key], key
    # JSON text takes the core's parser and must agree exactly.
    assert skuwire.validate(case["op"], to_json_text(case["payload"]).encode(), strict=case.get("strict", False)) == [
        {**e, "input": e["input"]} for e in errors
    ]


def _plan_once(client: skuwire.Client, case: Dict[str, Any], items: Any) -> None:
    opts = dict(case.get("options") or {})
    on_invalid = opts.pop("on_invalid", "raise")
    e = case["expected"]
    if "error_types" in e:
        with pytest.raises(skuwire.ValidationError) as info:
            list(client.plan(case["op"], items, on_invalid, **opts))
        assert [x["type"] for x in info.value.errors()] == e["error_types"]
        return
    plan = client.plan(case["op"], items, on_invalid, **opts)
    batches = list(plan)
    assert plan.done
    assert [b.indices for b in batches] == [w["indices"] for w in e["batches"]]
    assert [b.body_json().decode("utf-8") for b in batches] == [w["body"] for w in e["batches"]]
    want_inv = e.get("invalid", [])
    assert [(i.index, [x["type"] for x in i.errors]) for i in plan.invalid] == [(w["index"], w["types"]) for w in want_inv]


def run_plan(case: Dict[str, Any]) -> None:
    client = _platform_client(case)
    _plan_once(client, case, case["items"])
    # The JSON fast path (bytes straight to the core's parser) and a lazy generator agree.
    _plan_once(client, case, to_json_text(case["items"]).encode("utf-8"))
    _plan_once(client, case, (item for item in case["items"]))


_OUTCOME_FIELDS = {"status", "reason", "retry", "code", "accepted", "unknown", "total_count", "message", "http_status", "notes", "data"}


def run_parse(case: Dict[str, Any]) -> None:
    client = _platform_client(case)
    batch = _one_batch(client, case)
    r = case["response"]
    body = r["body"].encode("utf-8") if "body" in r else base64.b64decode(r["body_base64"])
    o = batch.parse(r["status"], body)
    for key, want in case["expected"].items():
        if key == "rejected":
            assert [{"index": x.index, "key": x.key, "message": x.message} for x in o.rejected] == want
        elif key == "ids":
            assert [{"index": x.index, "id": x.id} for x in o.ids] == want
        elif key in _OUTCOME_FIELDS:
            assert getattr(o, key) == want, key
        else:
            raise AssertionError(f"vector expects {key!r}, which this runner does not know")
    assert o.ok == (o.status == "success") and o.partial == (o.status == "partial")
    # Every position in one of accepted, rejected, unknown at most; in
    # exactly one when no retry is advised.
    lists = [set(o.accepted), {x.index for x in o.rejected if x.index is not None}, set(o.unknown)]
    assert sum(len(x) for x in lists) == len(set().union(*lists)), "a position is in two lists"
    assert len(o.accepted) == len(lists[0]) and len(o.unknown) == len(lists[2])
    if o.retry == "no":
        assert sorted(set().union(*lists)) == batch.indices, "accepted ∪ rejected ∪ unknown must cover the batch"


RUNNERS = {"sign": run_sign, "validate": run_validate, "plan": run_plan, "parse": run_parse, "query": run_query}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vector(path: Path) -> None:
    case = load_json(path.read_text(encoding="utf-8"))
    assert case["name"] == path.stem
    kind = case["kind"]
    # Every kind is supported by the Python package; a new kind must fail here, not be skipped.
    assert kind in RUNNERS, f"{path.name}: unknown vector kind {kind!r}"
    RUNNERS[kind](case)
