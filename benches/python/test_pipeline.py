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
import baseline_msgspec
import skuwire
from conftest import BASE_URL, CREDENTIALS, TIMESTAMP

ROUNDS = int(os.environ.get("SKUWIRE_BENCH_ROUNDS", "7"))
OPS = {"batchPush": ("goods.Goods.batchPush", "batch_push"), "ApiGoods.upload": ("goods.ApiGoods.upload", "api_goods")}
# Per operation: the baselines (each must refuse what skuwire refuses) and
# the floor (no validation: what every contender must do at least).
BASELINES = {
    "batchPush": {"pydantic-baseline": baseline.batch_push, "msgspec-baseline": baseline_msgspec.batch_push},
    "ApiGoods.upload": {"pydantic-baseline": baseline.api_goods_upload, "msgspec-baseline": baseline_msgspec.api_goods_upload},
}
FLOORS = {"batchPush": baseline_msgspec.floor_batch_push, "ApiGoods.upload": baseline_msgspec.floor_api_goods_upload}
CONTENDERS = ["skuwire", "skuwire-json-bytes", "pydantic-baseline", "msgspec-baseline", "floor"]


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
    return fn(baseline_msgspec.Signer(*CREDENTIALS, BASE_URL), items, TIMESTAMP)


def contenders(catalog, name):
    op, attr = OPS[name]
    out = {
        "skuwire": lambda: run_package(op, getattr(catalog, attr)),
        "skuwire-json-bytes": lambda: run_package(op, getattr(catalog, attr + "_json")),
        "floor": lambda: run_baseline(FLOORS[name], getattr(catalog, attr)),
    }
    for k, fn in BASELINES[name].items():
        out[k] = (lambda fn: lambda: run_baseline(fn, getattr(catalog, attr)))(fn)
    return out


@pytest.mark.parametrize("contender", CONTENDERS)
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
    assert set(runs) == set(CONTENDERS)
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


def _goods_mutations():
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


def _row_mutations():
    return [
        ("shop_no missing", lambda r: r.pop("shop_no")),
        ("shop_no blank", lambda r: r.update(shop_no=" \u3000")),
        ("goods_id too long (41 characters)", lambda r: r.update(goods_id="货" * 41)),
        ("spec_id control character", lambda r: r.update(spec_id="A\x01B")),
        ("goods_name over 255", lambda r: r.update(goods_name="货" * 256)),
        ("pic_url over 255", lambda r: r.update(pic_url="h" * 256)),
        ("status not in the enum", lambda r: r.update(status=3)),
        ("price 5 places", lambda r: r.update(price=Decimal("1.23456"))),
        ("stock_num 16 whole digits", lambda r: r.update(stock_num=Decimal("1234567890123456"))),
        ("price not finite", lambda r: r.update(price=Decimal("NaN"))),
        ("shop_no+goods_id+spec_id repeated", lambda r: r.update(goods_id="dup", spec_id="dup")),
    ]


# (operation, catalog list, items taken, item mutated, mutations)
CASES = {
    "batchPush": ("goods.Goods.batchPush", "batch_push", 3, 1, _goods_mutations()),
    "ApiGoods.upload": ("goods.ApiGoods.upload", "api_goods", 4, 1, _row_mutations()),
}


def _refusal_cases():
    return [(name, b, label, mutate) for name, (_, _, _, _, muts) in CASES.items() for b in BASELINES[name] for label, mutate in muts]


@pytest.mark.parametrize("name,contender,label,mutate", _refusal_cases(), ids=[f"{n}-{b}-{m}" for n, b, m, _ in _refusal_cases()])
def test_every_baseline_refuses_what_skuwire_refuses(catalog, name, contender, label, mutate):
    op, attr, n, at, _ = CASES[name]
    items = catalog.fresh(attr)[:n]
    mutate(items[at])
    if label.endswith("repeated"):
        mutate(items[at + 1])
        items[at + 1]["shop_no"] = items[at]["shop_no"]
    assert skuwire.validate(op, items), label
    with pytest.raises(baseline.BaselineErrors):
        run_baseline(BASELINES[name][contender], items)


@pytest.mark.parametrize("name", list(OPS))
def test_every_baseline_accepts_what_skuwire_accepts(catalog, name):
    op, attr, n, _, _ = CASES[name]
    items = catalog.fresh(attr)[:n]
    if name == "batchPush":
        items[0]["goods_name"] = "货" * 255  # lengths count characters, not bytes
        items[0]["spec_list"][0]["retail_price"] = Decimal("1.50000")  # trailing zeros do not count
        items[0]["spec_list"][0]["remark"] = "第一行\n第二行\t"
    else:
        items[0]["goods_name"] = "货" * 255
        items[0]["price"] = Decimal("1.50000")
        items[0]["spec_name"] = "第一行\n第二行\t"
    items[0]["undocumented"] = "passes through"
    assert skuwire.validate(op, items) == []
    for contender, fn in BASELINES[name].items():
        assert len(run_baseline(fn, items)) >= 1, contender
