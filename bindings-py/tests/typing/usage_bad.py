"""Typed misuse: every line marked expect-error must be reported by
mypy --strict and by pyright, and no other line (tests/test_typing.py).
Checked, never run."""

from __future__ import annotations

import skuwire
from skuwire.types import GoodsGoodsBatchPushItem, Retry

client = skuwire.Flagship("s", "k", "x:y", base_url=skuwire.FLAGSHIP_TEST_URL)
ent = skuwire.Enterprise("s", "k", "x", base_url=skuwire.ENTERPRISE_SANDBOX_URL)

client.plan("goods.Goods.batchPsh", [])  # expect-error: a misspelled operation
client.plan("vip_api_goods_query.php", [])  # expect-error: a query is not planned into push batches
ent.plan("goods.Goods.batchPush", [])  # expect-error: a flagship operation on the enterprise client
client.plan("goods.Goods.batchPush", [], "ignore")  # expect-error: on_invalid is "raise" or "skip"
client.plan("goods.Goods.batchPush", [{"goods_no": 1001, "goods_name": "n", "spec_list": []}])  # expect-error: goods_no is text
client.plan("goods.Goods.batchPush", [{"goods_no": "G1", "spec_list": []}])  # expect-error: goods_name is required
client.plan("goods.Goods.batchPush", [{"goods_no": "G1", "goods_name": "n", "spec_list": {"spec_no": "S"}}])  # expect-error: a list, not one spec
client.plan("goods.Goods.batchPush", [{"goods_no": "G1", "goods_name": "n", "goods_type": 7, "spec_list": []}])  # expect-error: 7 is no goods_type
client.plan("goods.Goods.batchPush", [{"goods_no": "G1", "goods_name": "n", "spec_list": [{"spec_no": "S", "retail_price": [1]}]}])  # expect-error: a decimal
item: GoodsGoodsBatchPushItem = {"goods_no": "G1", "goods_name": None, "spec_list": []}  # expect-error: a required field is not None
skuwire.validate("goods.Goods.nope", [])  # expect-error: no such operation
advice: Retry = "retry"  # expect-error: retry is a closed set
records = skuwire.validate("goods.Goods.batchPush", [])
records[0]["msgZh"]  # expect-error: the record has msg_zh
skuwire.QueryPlan.resume(ent, "{}")  # expect-error: the state comes first
