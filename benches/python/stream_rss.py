"""Peak memory of a streaming plan: `--specs` specs (default 1,000,000) from
a Python generator through `client.plan(..., on_invalid="skip")`, every
batch signed and dropped, as a sync job would. Run it as its own process
(scripts/bench.sh does): the peak RSS it prints is this process's alone.

Every 997th goods is invalid (a 41-character goods_no), so skip mode has
something to skip. Prints one JSON object.
"""
import argparse
import json
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import catalog  # noqa: E402  (the word lists of the seeded catalog)

import skuwire  # noqa: E402


def goods(n_goods, seed=catalog.SEED):
    rng = random.Random(seed)
    for g in range(n_goods):
        goods_no = "货" * 41 if g % 997 == 996 else f"G{g:07d}"
        brand = rng.choice(catalog.BRANDS)
        yield {
            "goods_no": goods_no,
            "goods_name": f"{brand} {rng.choice(catalog.ADJ)}{rng.choice(catalog.NOUN)}{rng.choice(catalog.SUFFIX)}",
            "brand_name": brand,
            "class_name": rng.choice(catalog.CLASSES),
            "goods_type": 1,
            "spec_list": [
                {
                    "spec_no": f"G{g:07d}-{s + 1:02d}",
                    "spec_name": f"{rng.choice(catalog.COLORS)} / {rng.choice(catalog.SIZES)}",
                    "barcode": f"69{g:08d}{s:03d}",
                    "retail_price": Decimal(rng.randrange(500, 90000)) / 100,
                    "weight": Decimal(rng.randrange(50, 5000)) / 1000,
                }
                for s in range(catalog.SPECS_PER_GOODS)
            ],
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--specs", type=int, default=1_000_000)
    args = ap.parse_args()
    n_goods = args.specs // catalog.SPECS_PER_GOODS
    client = skuwire.Flagship("bench_sid", "bench_key", "bench_secret:bench_salt", base_url="http://47.92.239.46/openapi")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    plan = client.plan("goods.Goods.batchPush", goods(n_goods), on_invalid="skip")
    batches = items = 0
    for batch in plan:
        request = batch.sign(timestamp=1_700_000_000)
        batches += 1
        items += len(batch)
        del request
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    invalid = len(plan.invalid)
    assert items + invalid == n_goods, (items, invalid, n_goods)
    assert invalid == n_goods // 997, invalid
    print(json.dumps({
        "specs": n_goods * catalog.SPECS_PER_GOODS, "goods": n_goods, "batches": batches, "invalid": invalid,
        "seconds": round(seconds, 2), "rss_before_mb": round(before / 1024, 1), "peak_rss_mb": round(peak / 1024, 1),
    }))


if __name__ == "__main__":
    main()
