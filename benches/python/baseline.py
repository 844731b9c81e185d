"""What a careful Python user writes instead of skuwire: pydantic v2 models
mirroring the documented field rules, ``json.dumps``, ``hashlib.md5``.

The rules are the core's (``core/src/flagship/schema.rs``): required fields,
lengths in Unicode characters, no control characters (tab, newline and
carriage return allowed), required strings not blank, enums, bit flags,
Decimal(19,4) digit limits (15 before the point, 4 after; trailing zeros do
not count; never rounded), 1–500 specs per goods, ``goods_no`` and
``spec_no`` unique across the whole input (``shop_no+goods_id+spec_id`` for
ApiGoods.upload). Undocumented fields pass through, as skuwire lets them.

The output is the same work: batches of 50 goods (ApiGoods.upload: 100 rows
of one shop), the flagship body ``[[goods, …]]`` (``[{"shop_no", "goods_list"}]``),
the signature ``MD5(secret + k1v1k2v2… + secret)`` over the sorted system
parameters and the body, and the URL with every parameter but the body.

Where a choice was free the faster one was taken, so the baseline is not a
straw man: the body is ``json.dumps`` of the caller's own dicts (validated,
not re-dumped from the models; Decimal written as a string by ``default=str``)
with ``ensure_ascii=False`` and compact separators.
"""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Annotated, Any, Dict, List, Literal, Optional, Tuple
from urllib.parse import quote, urlencode

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

EPOCH_OFFSET = 1_325_347_200  # 2012-01-01 00:00:00 Beijing time, the flagship epoch

# Any character but the controls skuwire refuses (tab, LF, CR are allowed).
_OK = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def Str(max_length: Optional[int] = None):
    return Annotated[str, StringConstraints(max_length=max_length, pattern=rf"^{_OK}*$")]


def StrReq(max_length: Optional[int] = None):
    # At least one character that is not whitespace: "not empty or blank".
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length, pattern=rf"^{_OK}*[^\s\x00-\x1f\x7f]{_OK}*$")]


Dec19_4 = Annotated[Decimal, Field(max_digits=19, decimal_places=4, allow_inf_nan=False)]
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
WMS_FLAGS = 2 | 8 | 16 | 32 | 64


def _flags(n: int) -> int:
    if n < 0 or n & ~WMS_FLAGS:
        raise ValueError("not a sum of the documented flags 2, 8, 16, 32, 64")
    return n


class Spec(BaseModel):
    model_config = ConfigDict(extra="allow")
    spec_no: StrReq(40)
    spec_code: Optional[Str(40)] = None
    barcode: Optional[Str(50)] = None
    spec_name: Optional[Str(100)] = None
    wms_process_mask: Optional[Annotated[int, AfterValidator(_flags)]] = None
    goods_label: Optional[Str(11)] = None
    sn_type: Optional[Literal[0, 1, 2]] = None
    lowest_price: Optional[Dec19_4] = None
    retail_price: Optional[Dec19_4] = None
    wholesale_price: Optional[Dec19_4] = None
    member_price: Optional[Dec19_4] = None
    market_price: Optional[Dec19_4] = None
    validity_days: Optional[Annotated[int, Field(ge=-999_999, le=999_999)]] = None
    sales_days: Optional[Int32] = None
    receive_days: Optional[Int32] = None
    weight: Optional[Dec19_4] = None
    height: Optional[Dec19_4] = None
    length: Optional[Dec19_4] = None
    width: Optional[Dec19_4] = None
    large_type: Optional[Literal[-1, 0, 1, 2, 3]] = None
    prop1: Optional[Str(255)] = None
    prop2: Optional[Str(255)] = None
    prop3: Optional[Str(255)] = None
    prop4: Optional[Str(255)] = None
    prop5: Optional[Str(255)] = None
    prop6: Optional[Str(255)] = None
    custom_price1: Optional[Dec19_4] = None
    custom_price2: Optional[Dec19_4] = None
    is_lower_cost: Optional[bool] = None
    img_url: Optional[Str(1024)] = None
    remark: Optional[Str(512)] = None
    sale_score: Optional[Dec19_4] = None
    pack_score: Optional[Dec19_4] = None
    pick_score: Optional[Dec19_4] = None
    sort_score: Optional[Dec19_4] = None
    scan_score: Optional[Dec19_4] = None
    supply_score: Optional[Dec19_4] = None
    shelve_score: Optional[Dec19_4] = None
    stockin_score: Optional[Dec19_4] = None
    inspect_score: Optional[Dec19_4] = None
    packing_score: Optional[Dec19_4] = None
    operate_score: Optional[Dec19_4] = None
    weigh_score: Optional[Dec19_4] = None
    consign_score: Optional[Dec19_4] = None
    tax_code: Optional[Str(40)] = None
    unit_name: Optional[Str(20)] = None
    aux_unit_name: Optional[Str(20)] = None


class Goods(BaseModel):
    model_config = ConfigDict(extra="allow")
    goods_no: StrReq(40)
    goods_name: StrReq(255)
    class_name: Optional[Str(64)] = None
    brand_name: Optional[Str(64)] = None
    unit_name: Optional[Str(20)] = None
    aux_unit_name: Optional[Str(20)] = None
    flag_name: Optional[Str(32)] = None
    goods_type: Optional[Literal[0, 1, 2, 3, 4, 5, 6, 8]] = None
    short_name: Optional[Str(255)] = None
    alias: Optional[Str(255)] = None
    pinyin: Optional[Str(40)] = None
    origin: Optional[Str(64)] = None
    remark: Optional[Str(512)] = None
    prop1: Optional[Str(255)] = None
    prop2: Optional[Str(255)] = None
    prop3: Optional[Str(255)] = None
    prop4: Optional[Str(255)] = None
    prop5: Optional[Str(255)] = None
    prop6: Optional[Str(255)] = None
    auto_create_bc: Optional[bool] = None
    spec_list: Annotated[List[Spec], Field(min_length=1, max_length=500)]


class ApiGoodsRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    shop_no: StrReq(None)
    goods_id: Optional[Str(40)] = None
    spec_id: Optional[Str(40)] = None
    goods_no: Optional[Str(40)] = None
    spec_no: Optional[Str(40)] = None
    status: Optional[Literal[0, 1, 2]] = None
    goods_name: Optional[Str(255)] = None
    spec_name: Optional[Str(100)] = None
    pic_url: Optional[Str(255)] = None
    price: Optional[Dec19_4] = None
    stock_num: Optional[Dec19_4] = None


GOODS_LIST = TypeAdapter(List[Goods])
API_ROWS = TypeAdapter(List[ApiGoodsRow])


class BaselineErrors(ValueError):
    def __init__(self, errors: List[Dict[str, Any]]):
        super().__init__(f"{len(errors)} validation errors")
        self.errors = errors


class Signer:
    """The flagship signature and URL, as the vendor's guide describes them."""

    def __init__(self, sid: str, appkey: str, appsecret: str, base_url: str):
        self.secret, self.salt = appsecret.split(":", 1)
        self.sid, self.appkey, self.base_url = sid, appkey, base_url

    def sign(self, method: str, body: str, unix: int) -> Tuple[str, bytes, str]:
        params = {"sid": self.sid, "key": self.appkey, "salt": self.salt, "method": method, "v": "1.0",
                  "timestamp": str(unix - EPOCH_OFFSET), "body": body}
        keys = sorted(params)
        text = self.secret + "".join(k + params[k] for k in keys) + self.secret
        sign = hashlib.md5(text.encode("utf-8")).hexdigest()
        query = [(k, params[k]) for k in keys if k != "body"] + [("sign", sign)]
        url = self.base_url + "?" + urlencode(query, quote_via=quote, safe="-_.~")
        return url, body.encode("utf-8"), sign


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)


def _validate(adapter: TypeAdapter, items: List[dict]) -> List[Dict[str, Any]]:
    try:
        adapter.validate_python(items)
        return []
    except ValidationError as e:
        return e.errors()


def batch_push(signer: Signer, goods: List[dict], unix: int, max_items: int = 50) -> List[Tuple[str, bytes, str]]:
    """validate → plan (50 goods per call) → serialize → sign, every batch."""
    errors = _validate(GOODS_LIST, goods)
    seen_goods: Dict[str, int] = {}
    seen_specs: Dict[str, Tuple[int, int]] = {}
    for i, g in enumerate(goods):
        no = g.get("goods_no")
        if isinstance(no, str) and no.strip():
            if no in seen_goods:
                errors.append({"type": "duplicate_key", "loc": (i, "goods_no"), "first": seen_goods[no]})
            else:
                seen_goods[no] = i
        specs = g.get("spec_list")
        if isinstance(specs, list):
            for j, s in enumerate(specs):
                sno = s.get("spec_no") if isinstance(s, dict) else None
                if isinstance(sno, str) and sno.strip():
                    if sno in seen_specs:
                        errors.append({"type": "duplicate_key", "loc": (i, "spec_list", j, "spec_no"), "first": seen_specs[sno]})
                    else:
                        seen_specs[sno] = (i, j)
    if errors:
        raise BaselineErrors(errors)
    method = "goods.Goods.batchPush"
    return [signer.sign(method, _dumps([goods[at:at + max_items]]), unix) for at in range(0, len(goods), max_items)]


def api_goods_upload(signer: Signer, rows: List[dict], unix: int, max_items: int = 100) -> List[Tuple[str, bytes, str]]:
    """ApiGoods.upload: rows grouped by shop_no (one shop per call, 100 rows),
    a shop's call sent when full and the rest at the end in order of their
    first row; the body is ``[{"shop_no": …, "goods_list": [rows without shop_no]}]``."""
    errors = _validate(API_ROWS, rows)
    seen: Dict[Tuple[str, str, str], int] = {}
    for i, r in enumerate(rows):
        key = tuple("" if r.get(k) is None else str(r.get(k)) for k in ("shop_no", "goods_id", "spec_id"))
        if key[0].strip():
            if key in seen:
                errors.append({"type": "duplicate_key", "loc": (i, "spec_id"), "first": seen[key]})
            else:
                seen[key] = i
    if errors:
        raise BaselineErrors(errors)
    method = "goods.ApiGoods.upload"
    out = []
    open_: Dict[str, Tuple[int, List[dict]]] = {}
    for i, r in enumerate(rows):
        shop = r["shop_no"]
        first, items = open_.setdefault(shop, (i, []))
        items.append({k: v for k, v in r.items() if k != "shop_no"})
        if len(items) == max_items:
            out.append(signer.sign(method, _dumps([{"shop_no": shop, "goods_list": items}]), unix))
            del open_[shop]
    for shop, (_, items) in sorted(open_.items(), key=lambda kv: kv[1][0]):
        out.append(signer.sign(method, _dumps([{"shop_no": shop, "goods_list": items}]), unix))
    return out
