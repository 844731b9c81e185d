"""One pass of one contender's whole path, for instruction counts that do
not depend on the machine's load (BENCHMARKS.md, "Python"):

    for m in none pkg-api pkg-bp base-api base-bp; do
      SKUWIRE_BENCH_CATALOG=target/bench/catalog-10000.json valgrind --tool=callgrind \\
        --callgrind-out-file=/dev/null python benches/python/callgrind_path.py $m 2>&1 | grep Collected
    done

A contender's count is its mode's minus `none` (which loads the catalog and
warms the package up, as every mode does). `pkg` is skuwire from dicts,
`pkgjson` from the catalog's JSON bytes, `base` the pydantic baseline; `api`
is goods.ApiGoods.upload, `bp` goods.Goods.batchPush. One pass: the
catalog's strings are converted for the first time (CPython keeps a
non-ASCII string's UTF-8 form once asked, so later rounds of the timed
benchmark convert them faster, for skuwire and pydantic alike).
"""
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import baseline  # noqa: E402
import skuwire  # noqa: E402
from conftest import BASE_URL, CREDENTIALS, TIMESTAMP, Catalog  # noqa: E402

OPS = {"api": ("goods.ApiGoods.upload", "api_goods", baseline.api_goods_upload),
       "bp": ("goods.Goods.batchPush", "batch_push", baseline.batch_push)}


def main(mode):
    with open(os.environ.get("SKUWIRE_BENCH_CATALOG", "target/bench/catalog-10000.json"), encoding="utf-8") as f:
        cat = Catalog(json.load(f))
    client = skuwire.Flagship(*CREDENTIALS, base_url=BASE_URL)
    for b in client.plan("goods.ApiGoods.upload", cat.api_goods[:10]):  # warm-up, in every mode
        b.sign(timestamp=TIMESTAMP).body
    if mode == "none":
        return
    who, key = mode.split("-")
    op, attr, fn = OPS[key]
    if who == "base":
        fn(baseline.Signer(*CREDENTIALS, BASE_URL), getattr(cat, attr), TIMESTAMP)
        return
    items = getattr(cat, attr + ("_json" if who == "pkgjson" else ""))
    for b in client.plan(op, items):
        r = b.sign(timestamp=TIMESTAMP)
        r.url, r.body, r.sign


if __name__ == "__main__":
    main(sys.argv[1])
