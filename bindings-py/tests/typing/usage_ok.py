"""Typed usage that must type-check cleanly under mypy --strict and pyright
(strict): items typed by the operation, closed sets as Literal types, the
error record as a TypedDict. Checked, never run (tests/test_typing.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Iterator, List

import skuwire
from skuwire.types import (
    ErrorRecord,
    GoodsApiGoodsUploadItem,
    GoodsGoodsBatchPushItem,
    PurchaseProviderGoodsUploadItem,
    Reason,
    Retry,
    Status,
    UpdateSkuQtyItem,
)

client = skuwire.Flagship("s", "k", "x:y", base_url=skuwire.FLAGSHIP_TEST_URL)
shop = skuwire.Ymcart("t", "https://shop.example/api/{method}")

# Documented fields typed; decimals as Decimal, text or numbers; integers as
# int or integer text; booleans as bool or 0/1; None means "not given".
plan = client.plan(
    "goods.Goods.batchPush",
    [
        {
            "goods_no": "G1",
            "goods_name": "保温杯",
            "goods_type": 1,
            "auto_create_bc": True,
            "spec_list": [{"spec_no": "G1-1", "retail_price": Decimal("59.90"), "weight": "0.35", "validity_days": "30", "remark": None}],
        }
    ],
    "skip",
    max_items=10,
)
for batch in plan:
    outcome = batch.parse(200, b"{}")
    retry: Retry = outcome.retry
    status: Status = outcome.status
    reason: Reason | None = outcome.reason
    accepted: List[int] = outcome.accepted
for invalid in plan.invalid:
    for record in invalid.errors:
        where: tuple[str | int, ...] = record["loc"]
        print(record["type"], where, record["msg_zh"], record["ctx"])

typed: GoodsGoodsBatchPushItem = {"goods_no": "G2", "goods_name": "杯", "spec_list": [{"spec_no": "G2-1"}]}
client.plan("goods.Goods.batchPush", typed)  # one item
client.plan("goods.Goods.batchPush", b'[{"goods_no": "G3"}]')  # JSON text is checked at run time
client.plan("goods.ApiGoods.upload", [GoodsApiGoodsUploadItem(shop_no="S1", goods_id="1", spec_id="1", price="9.9", stock_num=3)])
shop.plan("updateSkuQty", [UpdateSkuQtyItem(codeno="SKU-1", num="12")])


def provider_rows() -> Iterator[PurchaseProviderGoodsUploadItem]:
    yield {"provider_no": "P1", "spec_no": "S1", "price": Decimal("12.5000")}


client.plan("purchase.ProviderGoods.upload", provider_rows())

errors: List[ErrorRecord] = skuwire.validate("goods.Goods.batchPush", [typed])
try:
    client.plan("goods.Goods.batchPush", [typed])
except skuwire.ValidationError as e:
    first: ErrorRecord = e.errors()[0]
    code: str = e.code

ent = skuwire.Enterprise("s", "k", "x", base_url=skuwire.ENTERPRISE_SANDBOX_URL)
q = ent.query("vip_api_goods_query.php", start_time=datetime.datetime(2024, 1, 1), end_time="2024-01-02 00:00:00")
resumed = skuwire.QueryPlan.resume(q.state(), ent)
op = skuwire.operation("goods.Goods.batchPush")
name: skuwire.types.OperationName = op.name  # a name read from config, checked and typed
skuwire.validate(name, [])
schema = op.json_schema()
label = op.labels()["spec_list.spec_no"]["en"]
