"""Shared helpers for the skuwire Python suites (run against the installed wheel)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import skuwire

ROOT = Path(__file__).resolve().parents[2]
VECTOR_DIR = ROOT / "tests" / "vectors"

FLAGSHIP_CREDS = ("wdtapi3", "skuwire-test", "testsecret:testsalt")
ENTERPRISE_CREDS = ("test2", "test2-xx", "12345")
YMCART_TOKEN = "tok-SECRET-123"


def load_json(text: str) -> Any:
    """JSON with exact decimals (never floats)."""
    return json.loads(text, parse_float=Decimal)


def to_json_text(v: Any) -> str:
    """Compact JSON that keeps Decimal text exactly (json.dumps cannot)."""
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + to_json_text(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(to_json_text(x) for x in v) + "]"
    if isinstance(v, Decimal):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def client_for(platform: str) -> skuwire.Client:
    if platform == "flagship":
        return skuwire.Flagship(*FLAGSHIP_CREDS, base_url=skuwire.FLAGSHIP_TEST_URL)
    if platform == "enterprise":
        return skuwire.Enterprise(*ENTERPRISE_CREDS, base_url=skuwire.ENTERPRISE_SANDBOX_URL)
    if platform == "ymcart":
        return skuwire.Ymcart(YMCART_TOKEN, base_url="https://shop.example.com/api/{method}")
    raise AssertionError(f"unknown platform {platform!r}")


def goods(n: int, prefix: str = "G") -> dict:
    """A valid goods.Goods.batchPush item."""
    return {
        "goods_no": f"{prefix}{n}",
        "goods_name": f"货品{n}",
        "spec_list": [{"spec_no": f"{prefix}{n}-1", "retail_price": Decimal("59.90")}],
    }


@pytest.fixture
def flagship() -> skuwire.Flagship:
    c = client_for("flagship")
    assert isinstance(c, skuwire.Flagship)
    return c
