#!/usr/bin/env python3
"""The inputs of the golden equivalence test (core/tests/golden.rs).

Writes tests/golden/cases.json: validate and plan calls — values and JSON
text, strict or not, raise or skip, with lowered limits — built from every
item the shared vectors and the hostile corpus hold, plus seeded random
mutations of them (wrong types, nulls, over-long and blank strings, control
characters, decimals with too many digits, exponents, repeated keys and
codes, undocumented and nested fields, shuffled key order, deep nesting).

`records.json` beside it holds what the implementation before the one walk
(commit 72e69c3: validation over a `serde_json::Value` tree, then a second
walk writing the body) answered for each case; see README.md there.

    python3 tests/golden/make_cases.py        # writes cases.json
"""
import copy
import glob
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEED = 20261213

PUSH_OPS = {"goods.Goods.batchPush", "goods.ApiGoods.upload", "purchase.ProviderGoods.upload"}
QUERY_OPS = {"vip_api_goods_query.php", "goodsList", "skuList", "brandList", "categoryList"}


def has_directive(v):
    if isinstance(v, dict):
        return any(k.startswith("$") for k in v) or any(has_directive(x) for x in v.values())
    if isinstance(v, list):
        return any(has_directive(x) for x in v)
    return False


def base_items():
    """op -> list of items (JSON values) seen in vectors and corpus."""
    out = {}

    def add(op, items):
        if not isinstance(op, str):
            return
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list):
            return
        for it in items:
            if not has_directive(it):
                out.setdefault(op, []).append(it)

    for f in sorted(glob.glob(str(ROOT / "tests/vectors/*.json"))):
        d = json.loads(Path(f).read_text())
        if not isinstance(d, dict):
            continue
        for key in ("payload", "items"):
            if key in d:
                add(d.get("op"), d[key])
    corpus = json.loads((ROOT / "tests/hostile/corpus.json").read_text())["cases"]
    for c in corpus:
        if c.get("call") in ("validate", "plan", "parse", "query") and "input" in c:
            add(c.get("op"), c["input"])
        if "items" in c:
            add(c.get("op"), c["items"])
    # YMCart items written from the pages (core/src/ymcart/tests.rs).
    ym_goods = {"base_name": "Cup", "codeno": "G1", "price": "10", "category": "Home", "status": 1,
                "main_image": "https://img.example.com/a.jpg"}
    add("addGoods", [ym_goods, dict(ym_goods, codeno="G2", spec_mode=1, sku_option1="Color:Red,Blue",
                                    muti_spec_res=[{"spec_value_name": "Red", "codeno": "G2-R", "price": "1"},
                                                   {"spec_value_name": "Blue", "codeno": "G2-B", "price": "2"}])])
    add("updateGoods", [{"goods_id": 1, "base_name": "x", "status": 1}, {"codeno": "C9", "price": "12.5"}])
    add("updateSkuQty", [{"codeno": "X1", "num": 1}, {"id": 5, "num": 2, "price": "9.90"}, {"sku_code": "1_2", "num": 0}])
    return out


def rand_scalar(rng):
    return rng.choice([
        None, True, False, 0, 1, -1, 7, 2**31, 12345678901234567890, 1.5, "1.23456", "59.90", "1e3", "-0",
        "", " ", "\u3000", "货" * rng.choice([1, 40, 41, 255, 256]), "a\u0001b", "a\tb\nc", "x\u007f", "\u0085",
        "http://x.y/a.jpg", "2024-02-30 00:00:00", "2024-02-29 23:59:59", "\"q\\\\", "😀" * 3,
    ])


def mutate(item, rng, depth=0):
    """One random change somewhere in `item` (a copy)."""
    item = copy.deepcopy(item)
    if not isinstance(item, dict) or not item:
        return rand_scalar(rng) if rng.random() < 0.5 else {"x": rand_scalar(rng)}
    key = rng.choice(list(item))
    r = rng.random()
    v = item[key]
    if isinstance(v, list) and v and isinstance(v[0], dict) and r < 0.4:
        j = rng.randrange(len(v))
        v[j] = mutate(v[j], rng, depth + 1)
        if rng.random() < 0.3:
            v.append(copy.deepcopy(v[0]))  # a repeated code
    elif r < 0.55:
        item[key] = rand_scalar(rng)
    elif r < 0.65:
        del item[key]
    elif r < 0.72:
        item["undocumented_" + str(rng.randrange(3))] = rng.choice([rand_scalar(rng), {"a": None, "b": [None, {"c": None}]}, []])
    elif r < 0.78:
        item[key] = [rand_scalar(rng)] if rng.random() < 0.5 else {"k": rand_scalar(rng)}
    elif r < 0.86:
        keys = list(item)
        rng.shuffle(keys)
        item = {k: item[k] for k in keys}
    elif r < 0.92:
        nest = 1
        for _ in range(rng.choice([3, 63, 64, 65, 70])):
            nest = [nest]
        item["blob"] = nest
    else:
        item[key] = None
    return item


def text_with_duplicate(items, rng):
    """The items as JSON text with one key repeated in one object."""
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    objs = [i for i, ch in enumerate(text) if ch == "{"]
    if not objs:
        return text
    at = rng.choice(objs)
    end = text.find("}", at)
    body = text[at + 1:end]
    if ":" not in body:
        return text
    first = body.split(",")[0]
    return text[:at + 1] + first + "," + text[at + 1:]


def main():
    rng = random.Random(SEED)
    cases = []
    bases = base_items()
    for op in sorted(bases):
        items = bases[op]
        for n in range(60 if op in PUSH_OPS else 25):
            k = rng.randrange(1, 6)
            payload = [mutate(rng.choice(items), rng) if rng.random() < 0.8 else copy.deepcopy(rng.choice(items)) for _ in range(k)]
            strict = rng.random() < 0.3
            cases.append({"call": "validate", "op": op, "payload": payload, "strict": strict})
            if n % 4 == 0:
                cases.append({"call": "validate", "op": op, "payload": payload[0], "strict": strict})
            if n % 3 == 0:
                text = text_with_duplicate(payload, rng) if rng.random() < 0.5 else json.dumps(payload, ensure_ascii=False)
                cases.append({"call": "validate", "op": op, "text": text, "strict": strict})
            if n % 5 == 0:
                cases.append({"call": "validate", "op": op, "text": json.dumps(payload)[:-rng.randrange(1, 5)], "strict": False})
            opts = {"on_invalid": rng.choice(["raise", "skip"]), "strict": strict}
            if rng.random() < 0.3:
                opts["max_items"] = rng.randrange(1, 4)
            if rng.random() < 0.2:
                opts["max_body_bytes"] = rng.choice([60, 200, 600, 5000])
            if op in QUERY_OPS:
                continue  # a query is not planned (the call is refused before its input is read)
            cases.append({"call": "plan", "op": op, "payload": payload, "options": opts})
            if n % 3 == 1:
                text = text_with_duplicate(payload, rng) if rng.random() < 0.4 else json.dumps(payload, ensure_ascii=False)
                cases.append({"call": "plan", "op": op, "text": text, "options": opts})
    (HERE / "cases.json").write_text(json.dumps({"seed": SEED, "cases": cases}, ensure_ascii=False, indent=0) + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
