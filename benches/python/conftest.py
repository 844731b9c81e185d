"""The catalog every Python contender reads, loaded once per session.

`SKUWIRE_BENCH_CATALOG` names the JSON file written by `benches/catalog.py`
(`scripts/bench.sh` writes it); without it a catalog of
`SKUWIRE_BENCH_GOODS` goods (default 10,000) is generated in memory from the
same seeded generator. Prices become `decimal.Decimal`, as a Python user
holds money.
"""
import copy
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

DECIMAL_FIELDS = {"retail_price", "wholesale_price", "market_price", "weight", "price", "stock_num"}
TIMESTAMP = 1_700_000_000
CREDENTIALS = ("bench_sid", "bench_key", "bench_secret:bench_salt")
BASE_URL = "http://47.92.239.46/openapi"


def _decimals(obj):
    if isinstance(obj, list):
        return [_decimals(x) for x in obj]
    if isinstance(obj, dict):
        return {k: (Decimal(v) if k in DECIMAL_FIELDS and isinstance(v, str) else _decimals(v)) for k, v in obj.items()}
    return obj


class Catalog:
    def __init__(self, data):
        # JSON text for the packages' bytes fast path: the file's own lists.
        self.batch_push_json = json.dumps(data["batch_push"], ensure_ascii=False, separators=(",", ":")).encode()
        self.api_goods_json = json.dumps(data["api_goods"], ensure_ascii=False, separators=(",", ":")).encode()
        self.batch_push = _decimals(data["batch_push"])
        self.api_goods = _decimals(data["api_goods"])
        self.specs = sum(len(g["spec_list"]) for g in self.batch_push)

    def fresh(self, name):
        """A deep copy, for tests that mutate items."""
        return copy.deepcopy(getattr(self, name))


@pytest.fixture(scope="session")
def catalog():
    path = os.environ.get("SKUWIRE_BENCH_CATALOG")
    if path:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    else:
        import catalog as gen

        data = json.loads(json.dumps(gen.make(int(os.environ.get("SKUWIRE_BENCH_GOODS", "10000")))))
    return Catalog(data)
