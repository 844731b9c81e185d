"""The fastest baseline a Python user would reach for: msgspec Structs with
the documented rules, ``msgspec.json`` for the body, ``hashlib.md5``.

Same rules as ``baseline.py`` (pydantic) and the core: lengths, enums and
list sizes as ``msgspec.Meta`` constraints (msgspec counts a string's length
in code points, as skuwire does); no control characters (tab, LF, CR
allowed) and required strings not blank as ``pattern``; what msgspec cannot
express as a constraint — Decimal(19,4) digit limits (msgspec has no numeric
constraints on ``Decimal``) and ``wms_process_mask`` bit flags — in
``__post_init__``; ``goods_no``/``spec_no`` (``shop_no+goods_id+spec_id``)
uniqueness with a dict, as the pydantic baseline does. Undocumented fields
pass through (Structs ignore them; the body is written from the caller's
own dicts). Every problem is collected: msgspec stops at an item's first
error, so the items are converted one by one and each failure is kept.

Where a choice was free the faster one was taken: ``msgspec.convert`` from
the caller's dicts (no JSON round trip), ``msgspec.json.encode`` of the
caller's dicts for the body (``Decimal`` as its exact string), one
``hashlib.md5`` per call.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Dict, List, Literal, Optional, Tuple

import hashlib
from urllib.parse import quote, urlencode

import msgspec

from baseline import EPOCH_OFFSET, BaselineErrors
from baseline import Signer as _TextSigner

_OK = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_ENCODE = msgspec.json.Encoder(decimal_format="string").encode


def Str(max_length: Optional[int] = None):
    return Annotated[str, msgspec.Meta(max_length=max_length, pattern=rf"^{_OK}*$")]


def StrReq(max_length: Optional[int] = None):
    return Annotated[str, msgspec.Meta(min_length=1, max_length=max_length, pattern=rf"^{_OK}*[^\s\x00-\x1f\x7f]{_OK}*$")]


Int32 = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)]
WMS_FLAGS = 2 | 8 | 16 | 32 | 64


def _dec(name: str, d: Optional[Decimal]) -> None:
    """Decimal(19,4): ≤ 15 significant whole digits, ≤ 4 significant
    places (trailing zeros free), finite, never rounded."""
    if d is None:
        return
    if not d.is_finite():
        raise ValueError(f"{name}: not finite")
    sign, digits, exp = d.as_tuple()
    # Drop trailing zeros of the fraction: they do not count.
    while exp < 0 and digits and digits[-1] == 0:
        digits, exp = digits[:-1], exp + 1
    places = -exp if exp < 0 else 0
    # `digits` has no leading zeros: the whole part has len + exp of them (none below 1).
    whole = max(len(digits) + exp, 0)
    if places > 4 or whole > 15:
        raise ValueError(f"{name}: more than 15 whole digits or 4 places")


_SPEC_DECIMALS = (
    "lowest_price", "retail_price", "wholesale_price", "member_price", "market_price", "weight", "height", "length",
    "width", "custom_price1", "custom_price2", "sale_score", "pack_score", "pick_score", "sort_score", "scan_score",
    "supply_score", "shelve_score", "stockin_score", "inspect_score", "packing_score", "operate_score", "weigh_score",
    "consign_score",
)


class Spec(msgspec.Struct):
    spec_no: StrReq(40)
    spec_code: Optional[Str(40)] = None
    barcode: Optional[Str(50)] = None
    spec_name: Optional[Str(100)] = None
    wms_process_mask: Optional[int] = None
    goods_label: Optional[Str(11)] = None
    sn_type: Optional[Literal[0, 1, 2]] = None
    lowest_price: Optional[Decimal] = None
    retail_price: Optional[Decimal] = None
    wholesale_price: Optional[Decimal] = None
    member_price: Optional[Decimal] = None
    market_price: Optional[Decimal] = None
    validity_days: Optional[Annotated[int, msgspec.Meta(ge=-999_999, le=999_999)]] = None
    sales_days: Optional[Int32] = None
    receive_days: Optional[Int32] = None
    weight: Optional[Decimal] = None
    height: Optional[Decimal] = None
    length: Optional[Decimal] = None
    width: Optional[Decimal] = None
    large_type: Optional[Literal[-1, 0, 1, 2, 3]] = None
    prop1: Optional[Str(255)] = None
    prop2: Optional[Str(255)] = None
    prop3: Optional[Str(255)] = None
    prop4: Optional[Str(255)] = None
    prop5: Optional[Str(255)] = None
    prop6: Optional[Str(255)] = None
    custom_price1: Optional[Decimal] = None
    custom_price2: Optional[Decimal] = None
    is_lower_cost: Optional[bool] = None
    img_url: Optional[Str(1024)] = None
    remark: Optional[Str(512)] = None
    sale_score: Optional[Decimal] = None
    pack_score: Optional[Decimal] = None
    pick_score: Optional[Decimal] = None
    sort_score: Optional[Decimal] = None
    scan_score: Optional[Decimal] = None
    supply_score: Optional[Decimal] = None
    shelve_score: Optional[Decimal] = None
    stockin_score: Optional[Decimal] = None
    inspect_score: Optional[Decimal] = None
    packing_score: Optional[Decimal] = None
    operate_score: Optional[Decimal] = None
    weigh_score: Optional[Decimal] = None
    consign_score: Optional[Decimal] = None
    tax_code: Optional[Str(40)] = None
    unit_name: Optional[Str(20)] = None
    aux_unit_name: Optional[Str(20)] = None

    def __post_init__(self):
        m = self.wms_process_mask
        if m is not None and (m < 0 or m & ~WMS_FLAGS):
            raise ValueError("wms_process_mask: not a sum of the documented flags")
        for name in _SPEC_DECIMALS:
            _dec(name, getattr(self, name))


class Goods(msgspec.Struct):
    goods_no: StrReq(40)
    goods_name: StrReq(255)
    spec_list: Annotated[List[Spec], msgspec.Meta(min_length=1, max_length=500)]
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


class ApiGoodsRow(msgspec.Struct):
    shop_no: StrReq(None)
    goods_id: Optional[Str(40)] = None
    spec_id: Optional[Str(40)] = None
    goods_no: Optional[Str(40)] = None
    spec_no: Optional[Str(40)] = None
    status: Optional[Literal[0, 1, 2]] = None
    goods_name: Optional[Str(255)] = None
    spec_name: Optional[Str(100)] = None
    pic_url: Optional[Str(255)] = None
    price: Optional[Decimal] = None
    stock_num: Optional[Decimal] = None

    def __post_init__(self):
        _dec("price", self.price)
        _dec("stock_num", self.stock_num)


class Signer(_TextSigner):
    """The same signature and URL over the body's bytes as msgspec writes
    them (no decode and re-encode of the body)."""

    def sign_bytes(self, method: str, body: bytes, unix: int) -> Tuple[str, bytes, str]:
        params = {"sid": self.sid, "key": self.appkey, "salt": self.salt, "method": method, "v": "1.0",
                  "timestamp": str(unix - EPOCH_OFFSET)}
        h = hashlib.md5(self.secret.encode())
        for k in sorted([*params, "body"]):
            h.update(k.encode())
            h.update(body if k == "body" else params[k].encode())
        h.update(self.secret.encode())
        sign = h.hexdigest()
        query = [(k, params[k]) for k in sorted(params)] + [("sign", sign)]
        return self.base_url + "?" + urlencode(query, quote_via=quote, safe="-_.~"), body, sign


def _validate(kind: type, items: List[dict]) -> List[Dict[str, Any]]:
    """Every item's problem: the whole list in one call when it is valid
    (the common case), item by item to collect each failure when not."""
    try:
        msgspec.convert(items, List[kind])
        return []
    except msgspec.ValidationError:
        pass
    errors = []
    for i, item in enumerate(items):
        try:
            msgspec.convert(item, kind)
        except msgspec.ValidationError as e:
            errors.append({"loc": (i,), "msg": str(e)})
    return errors


def batch_push(signer: Signer, goods: List[dict], unix: int, max_items: int = 50) -> List[Tuple[str, bytes, str]]:
    """validate → plan (50 goods per call) → serialize → sign, every batch."""
    errors = _validate(Goods, goods)
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
    return [signer.sign_bytes(method, _ENCODE([goods[at:at + max_items]]), unix) for at in range(0, len(goods), max_items)]


def api_goods_upload(signer: Signer, rows: List[dict], unix: int, max_items: int = 100) -> List[Tuple[str, bytes, str]]:
    """ApiGoods.upload, grouped by shop as baseline.api_goods_upload does."""
    errors = _validate(ApiGoodsRow, rows)
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
            out.append(signer.sign_bytes(method, _ENCODE([{"shop_no": shop, "goods_list": items}]), unix))
            del open_[shop]
    for shop, (_, items) in sorted(open_.items(), key=lambda kv: kv[1][0]):
        out.append(signer.sign_bytes(method, _ENCODE([{"shop_no": shop, "goods_list": items}]), unix))
    return out


def floor_batch_push(signer: Signer, goods: List[dict], unix: int, max_items: int = 50) -> List[Tuple[str, bytes, str]]:
    """The work every contender must do and no check: read every value once
    (``msgspec.json.encode``), MD5 and the URL — no validation."""
    method = "goods.Goods.batchPush"
    return [signer.sign_bytes(method, _ENCODE([goods[at:at + max_items]]), unix) for at in range(0, len(goods), max_items)]


def floor_api_goods_upload(signer: Signer, rows: List[dict], unix: int, max_items: int = 100) -> List[Tuple[str, bytes, str]]:
    """The floor for ApiGoods.upload: grouping, encoding and signing, no validation."""
    method = "goods.ApiGoods.upload"
    out = []
    open_: Dict[str, Tuple[int, List[dict]]] = {}
    for i, r in enumerate(rows):
        shop = r["shop_no"]
        first, items = open_.setdefault(shop, (i, []))
        items.append({k: v for k, v in r.items() if k != "shop_no"})
        if len(items) == max_items:
            out.append(signer.sign_bytes(method, _ENCODE([{"shop_no": shop, "goods_list": items}]), unix))
            del open_[shop]
    for shop, (_, items) in sorted(open_.items(), key=lambda kv: kv[1][0]):
        out.append(signer.sign_bytes(method, _ENCODE([{"shop_no": shop, "goods_list": items}]), unix))
    return out
