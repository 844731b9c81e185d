"""skuwire's Python package against the pydantic baseline, end to end:
validate → plan → serialize → sign every batch, on the seeded catalog.

Run by `scripts/bench.sh` (timed, pytest-benchmark) and by
`scripts/test-bench.sh` (smoke: `--benchmark-disable`, every contender once
on a small catalog, plus the checks below that keep the comparison honest).
"""
import hashlib
import os
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import json
import pytest

import baseline
import skuwire
from conftest import BASE_URL, CREDENTIALS, TIMESTAMP

ROUNDS = int(os.environ.get("SKUWIRE_BENCH_ROUNDS", "7"))
OPS = {"batchPush": ("goods.Goods.batchPush", "batch_push", baseline.batch_push),
       "ApiGoods.upload": ("goods.ApiGoods.upload", "api_goods", baseline.api_goods_upload)}


def client():
    return skuwire.Flagship(*CREDENTIALS, base_url=BASE_URL)


def run_package(op, items):
    """What a user's sync loop does before sending: plan, then for each
    batch sign it and take the URL and body bytes."""
    out = []
    for batch in client().plan(op, items):
        r = batch.sign(timestamp=TIMESTAMP)
        out.append((r.url, r.body, r.sign))
    return out


def run_baseline(fn, items):
    return fn(baseline.Signer(*CREDENTIALS, BASE_URL), items, TIMESTAMP)


def contenders(catalog, name):
    op, attr, fn = OPS[name]
    return {
        "skuwire": lambda: run_package(op, getattr(catalog, attr)),
        "skuwire-json-bytes": lambda: run_package(op, getattr(catalog, attr + "_json")),
        "pydantic-baseline": lambda: run_baseline(fn, getattr(catalog, attr)),
    }


@pytest.mark.parametrize("contender", ["skuwire", "skuwire-json-bytes", "pydantic-baseline"])
@pytest.mark.parametrize("name", list(OPS))
def test_pipeline(benchmark, catalog, name, contender):
    benchmark.group = name
    benchmark.extra_info["goods"] = len(catalog.batch_push)
    benchmark.extra_info["specs"] = catalog.specs
    calls = benchmark.pedantic(contenders(catalog, name)[contender], rounds=ROUNDS, warmup_rounds=1, iterations=1)
    expected_calls = -(-len(catalog.batch_push) // 50) if name == "batchPush" else None
    if expected_calls is not None:
        assert len(calls) == expected_calls


def verify(url, body, sign):
    """An independent flagship signature check, as the server does it."""
    secret, salt = CREDENTIALS[2].split(":", 1)
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    assert params.pop("sign") == sign
    assert params["salt"] == salt
    params["body"] = body.decode("utf-8")
    text = secret + "".join(k + params[k] for k in sorted(params)) + secret
    return hashlib.md5(text.encode("utf-8")).hexdigest() == sign


@pytest.mark.parametrize("name", list(OPS))
def test_every_contender_sends_the_same_goods_with_valid_signatures(catalog, name):
    runs = {k: fn() for k, fn in contenders(catalog, name).items()}
    # Decimals travel as numbers (skuwire from Decimal) or strings (the file's
    # text, json.dumps default=str): read both as their text.
    bodies = {k: [json.loads(body, parse_float=str) for _, body, _ in calls] for k, calls in runs.items()}
    for k in bodies:
        assert all(verify(*call) for call in runs[k]), k
    normal = lambda v: json.loads(json.dumps(v), parse_float=str, parse_int=str)  # noqa: E731
    stringify = lambda x: {k: stringify(v) for k, v in x.items()} if isinstance(x, dict) else [stringify(v) for v in x] if isinstance(x, list) else str(x) if not isinstance(x, bool) else x  # noqa: E731
    reference = stringify(normal(bodies["skuwire"]))
    for k in bodies:
        assert stringify(normal(bodies[k])) == reference, k
    items = sum(len(b[0]) if name == "batchPush" else len(b[0]["goods_list"]) for b in bodies["skuwire"])
    assert items == len(getattr(catalog, OPS[name][1]))


def _mutations():
    long_cn = "货" * 41
    return [
        ("goods_no too long (41 characters)", lambda g: g.update(goods_no=long_cn)),
        ("goods_name blank", lambda g: g.update(goods_name="  \u3000")),
        ("goods_name missing", lambda g: g.pop("goods_name")),
        ("goods_type not in the enum", lambda g: g.update(goods_type=7)),
        ("spec_list empty", lambda g: g.update(spec_list=[])),
        ("spec_list over 500", lambda g: g.update(spec_list=[dict(g["spec_list"][0], spec_no=f"X{i}") for i in range(501)])),
        ("spec_no control character", lambda g: g["spec_list"][0].update(spec_no="A\x01B")),
        ("barcode over 50", lambda g: g["spec_list"][0].update(barcode="6" * 51)),
        ("retail_price 5 places", lambda g: g["spec_list"][0].update(retail_price=Decimal("1.23456"))),
        ("market_price 16 whole digits", lambda g: g["spec_list"][0].update(market_price=Decimal("1234567890123456"))),
        ("wms_process_mask not a flag sum", lambda g: g["spec_list"][0].update(wms_process_mask=4)),
        ("validity_days over six digits", lambda g: g["spec_list"][0].update(validity_days=1_000_000)),
        ("spec_no repeated in the goods", lambda g: g["spec_list"][1].update(spec_no=g["spec_list"][0]["spec_no"])),
    ]


@pytest.mark.parametrize("label,mutate", _mutations(), ids=[m[0] for m in _mutations()])
def test_baseline_refuses_what_skuwire_refuses(catalog, label, mutate):
    goods = catalog.fresh("batch_push")[:3]
    mutate(goods[1])
    assert skuwire.validate("goods.Goods.batchPush", goods), label
    with pytest.raises(baseline.BaselineErrors):
        run_baseline(baseline.batch_push, goods)


def test_baseline_accepts_what_skuwire_accepts(catalog):
    goods = catalog.fresh("batch_push")[:3]
    goods[0]["goods_name"] = "货" * 255  # lengths count characters, not bytes
    goods[0]["spec_list"][0]["retail_price"] = Decimal("1.50000")  # trailing zeros do not count
    goods[0]["spec_list"][0]["remark"] = "第一行\n第二行\t"
    goods[0]["undocumented"] = "passes through"
    assert skuwire.validate("goods.Goods.batchPush", goods) == []
    assert len(run_baseline(baseline.batch_push, goods)) == 1
