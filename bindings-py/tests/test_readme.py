"""The README's examples run as pasted and print what the README says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
TEXT = README.read_text(encoding="utf-8")
# Every Python example is followed by the output it prints.
EXAMPLES = re.findall(r"```python\n(.*?)```\n\nIt prints:\n\n```text\n(.*?)```", TEXT, re.S)


def test_every_python_example_is_checked() -> None:
    assert len(EXAMPLES) == TEXT.count("```python\n") >= 2


@pytest.mark.parametrize("code, shown", EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_example_runs_and_prints_what_the_readme_shows(code: str, shown: str) -> None:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert out.stdout == shown


def test_the_decimal_sentence_is_what_happens() -> None:
    """The README says: a Decimal travels as a JSON number with exactly its
    text, a decimal string as a JSON string, unchanged. The wire says so too."""
    from decimal import Decimal

    import skuwire

    assert "a `Decimal` travels as a JSON number with exactly\n  its text (`Decimal(\"59.90\")` → `59.90`), and a decimal string travels as a\n  JSON string, unchanged (`\"59.90\"` → `\"59.90\"`)" in TEXT
    client = skuwire.Flagship("s", "k", "x:y", base_url=skuwire.FLAGSHIP_TEST_URL)
    item = {"goods_no": "G1", "goods_name": "杯", "spec_list": [
        {"spec_no": "A", "retail_price": Decimal("59.90"), "market_price": "59.90", "member_price": Decimal("1.5000"), "wholesale_price": "007.50"},
    ]}
    (batch,) = list(client.plan("goods.Goods.batchPush", [item]))  # type: ignore[list-item]
    body = batch.body_json()
    assert b'"retail_price":59.90' in body and b'"member_price":1.5000' in body
    assert b'"market_price":"59.90"' in body and b'"wholesale_price":"007.50"' in body
    # What is signed and sent is the same text.
    assert batch.sign(timestamp=1_700_000_000).body.count(b"59.90") == 2
