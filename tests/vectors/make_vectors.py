#!/usr/bin/env python3
"""Writes the shared test vectors (see README.md).

Signing intermediates are computed here from ../shared/spec/README.md with
Python's standard library only, never by calling skuwire, so the core is
checked against a second, independent implementation. Validation, planning
and parsing expectations are written by hand from the vendor pages.

    python3 tests/vectors/make_vectors.py          # rewrite the files
    python3 tests/vectors/make_vectors.py --check  # fail if a file is stale
"""
import hashlib
import json
import sys
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REDACTED = "** REDACTED **"
FLAGSHIP_EPOCH = 1325347200
FLAGSHIP_TEST_URL = "http://47.92.239.46/openapi"
ENTERPRISE_SANDBOX_URL = "https://sandbox.wangdian.cn/openapi2"

VECTORS = {}


def add(name, **case):
    assert name not in VECTORS, name
    VECTORS[name] = {"name": name, **case}


def given(value):
    """The value as sent: an object member whose value is null is a field not
    given and is left out, at every depth; list positions stay."""
    if isinstance(value, dict):
        return {k: given(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [given(v) for v in value]
    return value


def compact(value):
    """JSON text as skuwire writes it: compact, UTF-8, '/' unescaped, null members left out."""
    return json.dumps(given(value), ensure_ascii=False, separators=(",", ":"))


def q(s):
    """RFC 3986 unreserved characters kept, everything else %XX (uppercase)."""
    return urllib.parse.quote(s, safe="-_.~")


def form(s):
    """WHATWG application/x-www-form-urlencoded, as the `form_urlencoded` crate writes it."""
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c.isascii() and (c.isalnum() or c in "*-._"):
            out.append(c)
        elif c == " ":
            out.append("+")
        else:
            out.append("%%%02X" % b)
    return "".join(out)


# --------------------------------------------------------------------------
# Signing, independently of skuwire.

def flagship_sign_case(name, description, *, sid, appkey, appsecret, method, timestamp,
                       body, op=None, items=None, payload=None, pager=None, base_url=FLAGSHIP_TEST_URL):
    secret, salt = appsecret.split(":", 1)
    wire = timestamp - FLAGSHIP_EPOCH
    params = {"sid": sid, "key": appkey, "salt": salt, "method": method, "v": "1.0",
              "timestamp": str(wire), "body": body}
    if pager:
        params["page_size"] = str(pager["page_size"])
        params["page_no"] = str(pager["page_no"])
        params["calc_total"] = "1" if pager["calc_total"] else "0"
    ordered = sorted(params.items(), key=lambda kv: kv[0].encode())
    raw = secret + "".join(k + v for k, v in ordered) + secret
    sign = hashlib.md5(raw.encode("utf-8")).hexdigest()
    redacted = [[k, REDACTED if k == "salt" else v] for k, v in ordered]
    shown = REDACTED + "".join(k + v for k, v in redacted) + REDACTED
    query = "&".join(f"{k}={q(v)}" for k, v in ordered if k != "body") + "&sign=" + sign
    sep = "&" if "?" in base_url else "?"
    case = dict(
        description=description, kind="sign", platform="flagship",
        credentials={"sid": sid, "appkey": appkey, "appsecret": appsecret},
        base_url=base_url, method=method, op=op, timestamp=timestamp,
        expected={
            "wire_timestamp": wire,
            "sorted_params": redacted,
            "string_to_sign": shown,
            "sign": sign,
            "method": "POST",
            "url": base_url + sep + query,
            "headers": {"Content-Type": "application/json"},
            "body": body,
        },
    )
    if op:
        case["items"] = items
    else:
        case["payload"] = payload
    if pager:
        case["pager"] = pager
    add(name, **case)


def enterprise_request(*, sid, appkey, appsecret, method, timestamp, params, base_url=ENTERPRISE_SANDBOX_URL):
    # A parameter given as null is not given: not sent, not signed.
    allp = {k: v for k, v in params.items() if v is not None}
    allp.update({"sid": sid, "appkey": appkey, "timestamp": str(timestamp)})
    ordered = sorted(allp.items(), key=lambda kv: kv[0].encode())
    # Lengths in Unicode code points; %04d is a minimum width.
    joined = ";".join("%02d-%s:%04d-%s" % (len(k), k, len(v), v) for k, v in ordered)
    sign = hashlib.md5((joined + appsecret).encode("utf-8")).hexdigest()
    body = "&".join(f"{form(k)}={form(v)}" for k, v in ordered) + "&sign=" + sign
    return {
        "wire_timestamp": timestamp,
        "sorted_params": [[k, v] for k, v in ordered],
        "string_to_sign": joined + REDACTED,
        "sign": sign,
        "method": "POST",
        "url": base_url.rstrip("/") + "/" + method,
        "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        "body": body,
    }


def enterprise_sign_case(name, description, *, sid, appkey, appsecret, method, timestamp, params,
                         base_url=ENTERPRISE_SANDBOX_URL):
    add(name, description=description, kind="sign", platform="enterprise",
        credentials={"sid": sid, "appkey": appkey, "appsecret": appsecret},
        base_url=base_url, method=method, op=None, payload=params, timestamp=timestamp,
        expected=enterprise_request(sid=sid, appkey=appkey, appsecret=appsecret, method=method, timestamp=timestamp,
                                    params=params, base_url=base_url))


def enterprise_query_case(name, description, *, sid, appkey, appsecret, op, timestamp, params, first_request,
                          options=None, base_url=ENTERPRISE_SANDBOX_URL):
    """The first request of a query plan: `first_request` is the parameters
    the plan sends for its first page (windows and pages are the plan's)."""
    case = dict(description=description, kind="query", platform="enterprise",
                credentials={"sid": sid, "appkey": appkey, "appsecret": appsecret},
                base_url=base_url, op=op, params=params, timestamp=timestamp,
                expected=enterprise_request(sid=sid, appkey=appkey, appsecret=appsecret, method=op, timestamp=timestamp,
                                            params=first_request, base_url=base_url))
    if options is not None:
        case["options"] = options
    add(name, **case)


# The vendor's own vectors (spec/README.md).
flagship_sign_case(
    "sign_flagship_vendor_guide",
    "The flagship vendor guide's public vector: a generic call with positional args; sign 20f557aa…",
    sid="wdterp30", appkey="czhc",
    appsecret="693f9fed686bfe13441385da98b436b6:dd488d0802b1e431e4c72cd355847853",
    method="wms.stockout.Sales.weighingExt", timestamp=232623153 + FLAGSHIP_EPOCH,
    payload=["xc109393939393939", "", 1.2, 0, False],
    body='["xc109393939393939","",1.2,0,false]',
)
assert VECTORS["sign_flagship_vendor_guide"]["expected"]["sign"] == "20f557aaf9190797c581bbceeb6d5a5c"

enterprise_sign_case(
    "sign_enterprise_vendor_guide",
    "The enterprise vendor guide's public vector; sign ad4e6fe0…",
    sid="test2", appkey="test2-xx", appsecret="12345", method="vip_api_goods_query.php",
    timestamp=1470042310,
    params={"page_no": "0", "end_time": "2016-08-01 13:00:00", "start_time": "2016-08-01 12:00:00", "page_size": "40"},
)
assert VECTORS["sign_enterprise_vendor_guide"]["expected"]["sign"] == "ad4e6fe037ea6e3ba4768317be9d1309"

CREDS = dict(sid="wdtapi3", appkey="skuwire-test", appsecret="testsecret:testsalt")

BATCHPUSH_CN = [{
    "goods_no": "保温杯-001", "goods_name": "不锈钢保温杯 500ml", "class_name": "杯具", "brand_name": "新建品牌3",
    "goods_type": 1, "auto_create_bc": True,
    "spec_list": [
        {"spec_no": "保温杯-001-红", "spec_name": "红色", "barcode": "6901234567890", "retail_price": "59.90",
         "wholesale_price": 45, "wms_process_mask": 10},
        {"spec_no": "保温杯-001-蓝", "spec_name": "蓝色 \"限定\"", "retail_price": "59.9000", "remark": "a/b\\c"},
    ],
}]
flagship_sign_case(
    "sign_flagship_batchpush_chinese",
    "batchPush planned from items with Chinese text, quotes, slash and backslash: body is [[goods]] as compact UTF-8 JSON",
    method="goods.Goods.batchPush", op="goods.Goods.batchPush", items=BATCHPUSH_CN,
    timestamp=1700000000, body=compact([BATCHPUSH_CN]), **CREDS,
)

flagship_sign_case(
    "sign_flagship_emoji_generic",
    "A generic call whose args hold emoji (4-byte UTF-8) and a Chinese shop name",
    method="goods.Goods.search", payload=[{"goods_name": "🍵茶杯😀", "shop": "店铺A"}],
    timestamp=1700000123, body=compact([{"goods_name": "🍵茶杯😀", "shop": "店铺A"}]), **CREDS,
)

flagship_sign_case(
    "sign_flagship_empty_values",
    "Empty strings, an empty list and null travel as JSON and are signed as the body text",
    method="goods.Goods.query", payload=["", [], None, {}],
    timestamp=1700000456, body='["",[],null,{}]', **CREDS,
)

flagship_sign_case(
    "sign_flagship_pager",
    "A paged generic call: page_size, page_no, calc_total are system parameters, sorted with the rest",
    method="goods.Goods.queryWithSpec", payload=[{"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"}],
    pager={"page_no": 3, "page_size": 50, "calc_total": True},
    timestamp=1704067200, body=compact([{"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"}]), **CREDS,
)

flagship_sign_case(
    "sign_flagship_salt_with_colons",
    "appsecret splits at the FIRST colon only: the salt keeps its own colons",
    sid="wdtapi3", appkey="skuwire-test", appsecret="s3cr3t:salt:with:colons",
    method="goods.Goods.search", payload=[], timestamp=1700000789, body="[]",
)
assert VECTORS["sign_flagship_salt_with_colons"]["expected"]["url"].count("salt=salt%3Awith%3Acolons") == 1

API_GOODS = [
    {"shop_no": "wdtapi3-test", "goods_id": "wdt20240910", "spec_id": "wdt20240910", "goods_no": "wdt20240910", "spec_no": "wdt20240910"},
    {"shop_no": "wdtapi3-test", "goods_id": "wdt202409101", "spec_id": "wdt202409101", "goods_no": "wdt202409101", "spec_no": "wdt202409101",
     "price": "1", "stock_num": "1", "status": 1},
]
flagship_sign_case(
    "sign_flagship_api_goods_upload",
    "ApiGoods.upload from flat rows: rows are grouped under shop_no and shop_no is moved out of each row (vendor example shape)",
    method="goods.ApiGoods.upload", op="goods.ApiGoods.upload", items=API_GOODS, timestamp=1700001000,
    body=compact([{"shop_no": "wdtapi3-test", "goods_list": [{k: v for k, v in r.items() if k != "shop_no"} for r in API_GOODS]}]),
    **CREDS,
)

PROVIDER = [{"spec_no": "dongfangshuye", "provider_no": "LCJtest"}, {"spec_no": "wangdiantong", "provider_no": "20170808002"}]
flagship_sign_case(
    "sign_flagship_provider_goods_vendor_example",
    "The ProviderGoods.upload vendor request example: body [[row, row]]",
    method="purchase.ProviderGoods.upload", op="purchase.ProviderGoods.upload", items=PROVIDER,
    timestamp=1700002000, body=compact([PROVIDER]), **CREDS,
)

flagship_sign_case(
    "sign_flagship_url_encoding",
    "sid/appkey with spaces, '+', '&' and Chinese are percent-encoded in the query (RFC 3986 unreserved kept)",
    sid="店铺 A+B&C", appkey="key/with=odd?chars~", appsecret="9f8e7d6c:salt value",
    method="goods.Goods.search", payload=[1], timestamp=1700003000, body="[1]",
)

enterprise_sign_case(
    "sign_enterprise_chinese_shop",
    "Enterprise lengths are Unicode code points: 店铺A has length 3",
    sid="test2", appkey="test2-xx", appsecret="12345", method="vip_api_goods_query.php", timestamp=1700000000,
    params={"shop_no": "店铺A", "start_time": "2023-11-01 00:00:00", "end_time": "2023-11-14 22:13:20", "page_no": "0", "page_size": "100"},
)
assert "07-shop_no:0003-店铺A" in VECTORS["sign_enterprise_chinese_shop"]["expected"]["string_to_sign"]


# --------------------------------------------------------------------------
# Validation (hand-written from the vendor pages).

BATCHPUSH_VENDOR_REQUEST = json.loads("""[ { "goods_no": "testGoodsQ12-26 11:28:14_0", "goods_name": "testGoodsNameQ12-26 11:28:14_0", "short_name": "shortName", "auto_create_bc": true, "class_name": "社区团购三级", "brand_name": "新建品牌3", "goods_type": 1, "alias": "alias", "pinyin": "ceshi", "origin": "内蒙古呼和浩特市", "remark": "货品备注", "prop1": "P1", "prop2": "P2", "prop3": "P13", "prop4": "P14", "prop5": "P15", "prop6": "P16", "flag_name": "", "spec_list": [ { "spec_no": "spec_noQ12-26 11:28:14_0_0", "spec_name": "spec_nameQ12-26 11:28:14_0_0", "spec_code": "spec_code", "barcode": "spec_noQ12-26 11:28:14_0_0", "is_not_need_examine": 1, "pack_score": 12, "lowest_price": 200, "remark": "单品备注", "sn_type": 1, "retail_price": 1, "wholesale_price": 1, "market_price": 1, "is_single_batch": 1, "custom_price1": 1, "custom_price2": 2 }, { "spec_no": "spec_noQ12-26 11:28:14_0_1", "spec_name": "spec_nameQ12-26 11:28:14_0_1", "spec_code": "spec_code", "barcode": "spec_noQ12-26 11:28:14_0_1", "is_not_need_examine": 1, "pack_score": 12, "lowest_price": 200, "remark": "单品备注", "sn_type": 1, "retail_price": 1, "wholesale_price": 1, "market_price": 1, "is_single_batch": 1, "custom_price1": 1, "custom_price2": 2 } ] }, { "goods_no": "testGoodsQ12-26 11:28:14_1", "goods_name": "testGoodsNameQ12-26 11:28:14_1", "short_name": "shortName", "auto_create_bc": true, "class_name": "社区团购三级", "brand_name": "新建品牌3", "goods_type": 1, "alias": "alias", "pinyin": "ceshi", "origin": "内蒙古呼和浩特市", "remark": "货品备注", "prop1": "P1", "prop2": "P2", "prop3": "P13", "prop4": "P14", "prop5": "P15", "prop6": "P16", "flag_name": "", "spec_list": [ { "spec_no": "spec_noQ12-26 11:28:14_1_0", "spec_name": "spec_nameQ12-26 11:28:14_1_0", "spec_code": "spec_code", "barcode": "spec_noQ12-26 11:28:14_1_0", "is_not_need_examine": 1, "pack_score": 12, "lowest_price": 200, "remark": "单品备注", "sn_type": 1, "retail_price": 1, "wholesale_price": 1, "market_price": 1, "is_single_batch": 1, "custom_price1": 1, "custom_price2": 2 }, { "spec_no": "spec_noQ12-26 11:28:14_1_1", "spec_name": "spec_nameQ12-26 11:28:14_1_1", "spec_code": "spec_code", "barcode": "spec_noQ12-26 11:28:14_1_1", "is_not_need_examine": 1, "pack_score": 12, "lowest_price": 200, "remark": "单品备注", "sn_type": 1, "retail_price": 1, "wholesale_price": 1, "market_price": 1, "is_single_batch": 1, "custom_price1": 1, "custom_price2": 2 } ] } ]""")


def validate_case(name, description, op, payload, errors, strict=False):
    add(name, description=description, kind="validate", op=op, payload=payload, strict=strict,
        expected={"errors": errors})


def goods(no="G1", specs=None, **extra):
    """A goods with extra fields placed before spec_list (errors follow key order)."""
    g = {"goods_no": no, "goods_name": "货品" + no}
    g.update(extra)
    g["spec_list"] = specs if specs is not None else [{"spec_no": no + "-1"}]
    return g


validate_case("validate_batchpush_vendor_request", "The batchPush request printed on the vendor page is valid; its undocumented fields (is_not_need_examine, is_single_batch) pass through",
              "goods.Goods.batchPush", BATCHPUSH_VENDOR_REQUEST, [])
validate_case("validate_batchpush_vendor_request_strict", "Strict mode reports the vendor example's undocumented spec fields",
              "goods.Goods.batchPush", BATCHPUSH_VENDOR_REQUEST,
              [{"type": "extra_forbidden", "loc": [g, "spec_list", s, f]} for g in (0, 1) for s in (0, 1)
               for f in ("is_not_need_examine", "is_single_batch")], strict=True)
validate_case("validate_goods_no_41_chars", "goods_no is String(40): 41 ASCII characters is one too many",
              "goods.Goods.batchPush", [goods("A" * 41)],
              [{"type": "string_too_long", "loc": [0, "goods_no"], "ctx": {"max_length": 40},
                "msg": "String should have at most 40 characters", "msg_zh": "字符串长度不能超过40个字符"},
               ])
# The spec_no derived from goods_no above is 43 characters: fix it to isolate the rule.
VECTORS["validate_goods_no_41_chars"]["payload"][0]["spec_list"][0]["spec_no"] = "S1"
validate_case("validate_lengths_count_characters", "Lengths count Unicode characters: 40 Chinese characters or 40 emoji fit String(40); 41 do not",
              "goods.Goods.batchPush",
              [goods("货" * 40, [{"spec_no": "😀" * 40}]), goods("货" * 41, [{"spec_no": "😀" * 41}])],
              [{"type": "string_too_long", "loc": [1, "goods_no"], "ctx": {"max_length": 40}},
               {"type": "string_too_long", "loc": [1, "spec_list", 0, "spec_no"], "ctx": {"max_length": 40}}])
validate_case("validate_required_fields", "goods_no, goods_name, spec_list and spec_no are required; null counts as missing; an empty required code is too short",
              "goods.Goods.batchPush",
              [{"goods_name": "x", "spec_list": [{"spec_name": "no code"}]}, {"goods_no": None, "goods_name": "", "spec_list": [{"spec_no": ""}]}, {"goods_no": "G3", "goods_name": "y"}],
              [{"type": "missing", "loc": [0, "goods_no"]},
               {"type": "missing", "loc": [0, "spec_list", 0, "spec_no"]},
               {"type": "missing", "loc": [1, "goods_no"]},
               {"type": "string_too_short", "loc": [1, "goods_name"], "ctx": {"min_length": 1}},
               {"type": "string_too_short", "loc": [1, "spec_list", 0, "spec_no"], "ctx": {"min_length": 1}},
               {"type": "missing", "loc": [2, "spec_list"]}])
validate_case("validate_spec_list_size", "spec_list holds 1–500 specs (单品条数不得超过500条或为空)",
              "goods.Goods.batchPush",
              [goods("E", []), goods("F", [{"spec_no": f"F-{i}"} for i in range(501)]), goods("G", [{"spec_no": f"G-{i}"} for i in range(500)])],
              [{"type": "too_short", "loc": [0, "spec_list"], "ctx": {"min_length": 1}},
               {"type": "too_long", "loc": [1, "spec_list"], "ctx": {"max_length": 500}}])
validate_case("validate_int_enums", "goods_type, sn_type, large_type are documented integer enums; wms_process_mask is a sum of the flags 2, 8, 16, 32, 64",
              "goods.Goods.batchPush",
              [goods("H", [{"spec_no": "H1", "sn_type": 3, "large_type": -1, "wms_process_mask": 10},
                           {"spec_no": "H2", "large_type": 4, "wms_process_mask": 3},
                           {"spec_no": "H3", "wms_process_mask": 122, "sn_type": "2"},
                           {"spec_no": "H4", "wms_process_mask": -2, "sn_type": 1.5}], goods_type=7),
               goods("I", goods_type=8)],
              [{"type": "enum", "loc": [0, "goods_type"], "ctx": {"expected": [0, 1, 2, 3, 4, 5, 6, 8]}},
               {"type": "enum", "loc": [0, "spec_list", 0, "sn_type"], "ctx": {"expected": [0, 1, 2]}},
               {"type": "enum", "loc": [0, "spec_list", 1, "large_type"], "ctx": {"expected": [-1, 0, 1, 2, 3]}},
               {"type": "bit_flags", "loc": [0, "spec_list", 1, "wms_process_mask"], "ctx": {"allowed": [2, 8, 16, 32, 64]}},
               {"type": "bit_flags", "loc": [0, "spec_list", 3, "wms_process_mask"]},
               {"type": "int_type", "loc": [0, "spec_list", 3, "sn_type"]}])
validate_case("validate_decimal_19_4", "Decimal(19,4): ≤ 15 integer digits and ≤ 4 decimal places, never rounded; plain decimals only",
              "goods.Goods.batchPush",
              [goods("J", [{"spec_no": "J1", "retail_price": "1.23456", "wholesale_price": "123456789012345.1234",
                            "member_price": "1234567890123456", "market_price": "1e5", "lowest_price": "NaN",
                            "weight": True, "height": "-0", "length": 12.5, "width": "007.50000",
                            "custom_price1": " 1", "custom_price2": "+1", "sale_score": "Infinity"}])],
              [{"type": "decimal_max_places", "loc": [0, "spec_list", 0, "retail_price"], "ctx": {"decimal_places": 4}},
               {"type": "decimal_max_whole_digits", "loc": [0, "spec_list", 0, "member_price"], "ctx": {"max_whole_digits": 15}},
               {"type": "decimal_parsing", "loc": [0, "spec_list", 0, "market_price"]},
               {"type": "decimal_not_finite", "loc": [0, "spec_list", 0, "lowest_price"]},
               {"type": "decimal_type", "loc": [0, "spec_list", 0, "weight"]},
               {"type": "decimal_parsing", "loc": [0, "spec_list", 0, "custom_price1"]},
               {"type": "decimal_parsing", "loc": [0, "spec_list", 0, "custom_price2"]},
               {"type": "decimal_not_finite", "loc": [0, "spec_list", 0, "sale_score"]}])
validate_case("validate_booleans", "auto_create_bc / is_lower_cost are booleans: true, false, 0 or 1",
              "goods.Goods.batchPush",
              [goods("K", [{"spec_no": "K1", "is_lower_cost": 2}, {"spec_no": "K2", "is_lower_cost": 0}], auto_create_bc="yes"),
               goods("L", [{"spec_no": "L1", "is_lower_cost": True}], auto_create_bc=1)],
              [{"type": "bool_type", "loc": [0, "auto_create_bc"]},
               {"type": "bool_type", "loc": [0, "spec_list", 0, "is_lower_cost"]}])
validate_case("validate_string_types_and_controls", "Strings must be strings, without control characters (tab/newline allowed)",
              "goods.Goods.batchPush",
              [goods("M", [{"spec_no": 123, "spec_name": "a\u0000b", "remark": "line1\nline2\ttab"}], goods_name=["x"])],
              [{"type": "string_type", "loc": [0, "goods_name"]},
               {"type": "string_type", "loc": [0, "spec_list", 0, "spec_no"]},
               {"type": "string_control_character", "loc": [0, "spec_list", 0, "spec_name"], "ctx": {"character": "U+0000"}}])
validate_case("validate_duplicate_spec_no", "spec_no is unique across a batchPush input (a twin would overwrite the first); goods_no too",
              "goods.Goods.batchPush",
              [goods("N", [{"spec_no": "DUP"}, {"spec_no": "N2"}]), goods("O", [{"spec_no": "O1"}, {"spec_no": "DUP"}]), goods("N", [{"spec_no": "P1"}])],
              [{"type": "duplicate_key", "loc": [1, "spec_list", 1, "spec_no"], "ctx": {"key": "spec_no", "value": "DUP", "first_loc": [0, "spec_list", 0]}},
               {"type": "duplicate_key", "loc": [2, "goods_no"], "ctx": {"key": "goods_no", "value": "N", "first_loc": [0]}}])
validate_case("validate_single_item_object", "A single item object validates without an index in the location",
              "goods.Goods.batchPush", {"goods_no": "Q", "goods_name": "q", "spec_list": [{"spec_no": "Q1", "barcode": "9" * 51}]},
              [{"type": "string_too_long", "loc": ["spec_list", 0, "barcode"], "ctx": {"max_length": 50}}])
validate_case("validate_dict_and_list_types", "Items must be objects and spec_list a list of objects",
              "goods.Goods.batchPush", [42, goods("R", "not a list"), goods("S", [7])],
              [{"type": "dict_type", "loc": [0]},
               {"type": "list_type", "loc": [1, "spec_list"]},
               {"type": "dict_type", "loc": [2, "spec_list", 0]}])
validate_case("validate_api_goods", "ApiGoods.upload: shop_no required; status 0/1/2; String(40) ids; shop_no+goods_id+spec_id unique",
              "goods.ApiGoods.upload",
              [{"shop_no": "s1", "goods_id": "g1", "spec_id": "k1", "status": 3},
               {"goods_id": "g2"},
               {"shop_no": "s1", "goods_id": "g1", "spec_id": "k1", "price": "12.34567"},
               {"shop_no": "s2", "goods_id": "g1", "spec_id": "k1", "spec_name": "规" * 101}],
              [{"type": "enum", "loc": [0, "status"], "ctx": {"expected": [0, 1, 2]}},
               {"type": "missing", "loc": [1, "shop_no"]},
               {"type": "decimal_max_places", "loc": [2, "price"]},
               {"type": "duplicate_key", "loc": [2, "spec_id"], "ctx": {"key": "shop_no+goods_id+spec_id", "value": "s1+g1+k1", "first_loc": [0]}},
               {"type": "string_too_long", "loc": [3, "spec_name"], "ctx": {"max_length": 100}}])
validate_case("validate_provider_goods", "ProviderGoods.upload: provider_no and spec_no required; provider_no+spec_no unique; the vendor example is valid",
              "purchase.ProviderGoods.upload",
              PROVIDER + [{"spec_no": "dongfangshuye", "provider_no": "LCJtest", "is_master": "true"}, {"provider_no": "X", "discount": "0.55555"}],
              [{"type": "bool_type", "loc": [2, "is_master"]},
               {"type": "duplicate_key", "loc": [2, "spec_no"], "ctx": {"key": "provider_no+spec_no", "value": "LCJtest+dongfangshuye", "first_loc": [0]}},
               {"type": "missing", "loc": [3, "spec_no"]},
               {"type": "decimal_max_places", "loc": [3, "discount"]}])


# --------------------------------------------------------------------------
# Planning.

def plan_case(name, description, op, items, options, batches=None, invalid=None, error_types=None):
    exp = {}
    if batches is not None:
        exp["batches"] = batches
    if invalid is not None:
        exp["invalid"] = invalid
    if error_types is not None:
        exp["error_types"] = error_types
    add(name, description=description, kind="plan", op=op, items=items, options=options, expected=exp)


SMALL = [goods(f"P{i:03d}", [{"spec_no": f"P{i:03d}-1", "retail_price": "9.9"}]) for i in range(120)]
plan_case("plan_batchpush_120_goods", "batchPush: at most 50 goods per call; 120 goods → 50, 50, 20, in input order",
          "goods.Goods.batchPush", SMALL, {},
          batches=[{"indices": list(range(a, b)), "body": compact([SMALL[a:b]])} for a, b in ((0, 50), (50, 100), (100, 120))])
plan_case("plan_batchpush_max_items_lowered", "Limits can be lowered: max_items 7 → 7, 7, 6",
          "goods.Goods.batchPush", SMALL[:20], {"max_items": 7},
          batches=[{"indices": list(range(a, b)), "body": compact([SMALL[a:b]])} for a, b in ((0, 7), (7, 14), (14, 20))])
INTERLEAVED = [{"shop_no": "A" if i % 3 else "B", "goods_id": f"g{i}", "spec_id": "0"} for i in range(7)]


def grouped(rows, shop):
    return compact([{"shop_no": shop, "goods_list": [{k: v for k, v in r.items() if k != "shop_no"} for r in rows]}])


plan_case("plan_api_goods_grouped_by_shop", "ApiGoods.upload groups rows by shop_no (one shop per call); a group's batch is emitted when full, the rest in order of first row",
          "goods.ApiGoods.upload", INTERLEAVED, {"max_items": 2},
          batches=[
              {"indices": [1, 2], "body": grouped([INTERLEAVED[1], INTERLEAVED[2]], "A")},
              {"indices": [0, 3], "body": grouped([INTERLEAVED[0], INTERLEAVED[3]], "B")},
              {"indices": [4, 5], "body": grouped([INTERLEAVED[4], INTERLEAVED[5]], "A")},
              {"indices": [6], "body": grouped([INTERLEAVED[6]], "B")},
          ])
BODY_ITEMS = [goods(f"B{i}", [{"spec_no": f"B{i}-1"}]) for i in range(5)]
one = len(compact(BODY_ITEMS[0]).encode("utf-8"))
limit = 4 + one * 2 + 1  # [[a,b]]
plan_case("plan_max_body_bytes", f"max_body_bytes {limit}: exactly two items fit per call ([[a,b]] = {limit} bytes)",
          "goods.Goods.batchPush", BODY_ITEMS, {"max_body_bytes": limit},
          batches=[{"indices": [0, 1], "body": compact([BODY_ITEMS[0:2]])},
                   {"indices": [2, 3], "body": compact([BODY_ITEMS[2:4]])},
                   {"indices": [4], "body": compact([BODY_ITEMS[4:5]])}])
SKIP_ITEMS = [goods("V1"), goods("V2", []), goods("V3", goods_type=9), goods("V1", [{"spec_no": "V1-x"}]), goods("V5")]
plan_case("plan_skip_invalid", "on_invalid=skip: invalid items are left out and reported by index; the rest plan normally",
          "goods.Goods.batchPush", SKIP_ITEMS, {"on_invalid": "skip"},
          batches=[{"indices": [0, 4], "body": compact([[SKIP_ITEMS[0], SKIP_ITEMS[4]]])}],
          invalid=[{"index": 1, "types": ["too_short"]}, {"index": 2, "types": ["enum"]}, {"index": 3, "types": ["duplicate_key"]}])
plan_case("plan_raise_lists_every_error", "on_invalid=raise: the plan fails with every problem of every item",
          "goods.Goods.batchPush", SKIP_ITEMS, {"on_invalid": "raise"},
          error_types=["too_short", "enum", "duplicate_key"])


# --------------------------------------------------------------------------
# Parsing (responses from the vendor pages and the failures around them).

def parse_case(name, description, op, items, status, body, expected, platform=None, method=None):
    case = dict(description=description, kind="parse", op=op, items=items,
                response={"status": status, "body": body}, expected=expected)
    if op is None:
        case["platform"] = platform
        case["method"] = method
    add(name, **case)


BP2 = [goods("testGoodsQ12-21 10:52:32_0"), goods("testGoodsQ12-21 10:52:32_1"), goods("ok-goods")]
parse_case("parse_batchpush_vendor_success", "batchPush 6.1: status 0 and an empty error_list: every goods accepted",
           "goods.Goods.batchPush", BATCHPUSH_VENDOR_REQUEST, 200, '{ "status": 0, "data": { "error_list": [] } }',
           {"status": "success", "retry": "no", "code": 0, "accepted": [0, 1], "rejected": []})
parse_case("parse_batchpush_vendor_error_list", "batchPush 6.2: status 0 with error_list is a PARTIAL failure; error_list[].no is a goods_no",
           "goods.Goods.batchPush", BP2, 200,
           '{ "status": 0, "data": { "error_list": [ { "error": "单品条数不得超过500条或为空", "no": "testGoodsQ12-21 10:52:32_0" }, { "error": "单品条数不得超过500条或为空", "no": "testGoodsQ12-21 10:52:32_1" } ] } }',
           {"status": "partial", "reason": "item_errors", "retry": "no", "accepted": [2],
            "rejected": [{"index": 0, "key": "testGoodsQ12-21 10:52:32_0", "message": "单品条数不得超过500条或为空"},
                         {"index": 1, "key": "testGoodsQ12-21 10:52:32_1", "message": "单品条数不得超过500条或为空"}]})
parse_case("parse_batchpush_error_for_unsent_goods", "An error_list entry naming goods that were not sent is kept with index null",
           "goods.Goods.batchPush", [goods("A1")], 200, '{"status":0,"data":{"error_list":[{"no":"ghost","error":"货品不存在"}]}}',
           {"status": "partial", "accepted": [0], "rejected": [{"index": None, "key": "ghost", "message": "货品不存在"}]})
parse_case("parse_provider_goods_vendor_error", "ProviderGoods 6.2: error_list strings carry 商家编码 (spec_no) → rows of the vendor request",
           "purchase.ProviderGoods.upload", PROVIDER + [{"spec_no": "fine", "provider_no": "P9"}], 200,
           '{"status": 0, "data": {"error_list": ["LCTtest11 供应商货品重复,商家编码：dongfangshuye", "秋天001 供应商货品重复,商家编码：wangdiantong"]}}',
           {"status": "partial", "accepted": [2],
            "rejected": [{"index": 0, "key": "dongfangshuye", "message": "LCTtest11 供应商货品重复,商家编码：dongfangshuye"},
                         {"index": 1, "key": "wangdiantong", "message": "秋天001 供应商货品重复,商家编码：wangdiantong"}]})
parse_case("parse_provider_goods_vendor_success", "ProviderGoods 6.1: empty error_list → success",
           "purchase.ProviderGoods.upload", PROVIDER, 200, '{"status": 0, "data": {"error_list": []}}',
           {"status": "success", "accepted": [0, 1], "rejected": []})
parse_case("parse_api_goods_vendor_success", "ApiGoods.upload 6.1: rec_ids come in input order and are assigned to rows",
           "goods.ApiGoods.upload", API_GOODS, 200, '{"status": 0, "data": {"rec_ids": [763953, 763954], "status": 0}}',
           {"status": "success", "accepted": [0, 1], "ids": [{"index": 0, "id": 763953}, {"index": 1, "id": 763954}]})
parse_case("parse_api_goods_vendor_error", "ApiGoods.upload 6.2: status 100 business error: nothing accepted, every row rejected, do not retry",
           "goods.ApiGoods.upload", API_GOODS, 200, '{"status": 100, "message": "店铺不存在/无权限/类型错误"}',
           {"status": "failure", "reason": "business_error", "retry": "no", "code": 100, "accepted": [],
            "rejected": [{"index": 0, "key": "wdt20240910", "message": "店铺不存在/无权限/类型错误"},
                         {"index": 1, "key": "wdt202409101", "message": "店铺不存在/无权限/类型错误"}]})
parse_case("parse_clock_error_resign", "status 7 is the ±120 s clock window: re-sign with a corrected clock (items pending, not rejected)",
           "goods.Goods.batchPush", [goods("C1")], 200, '{"status": 7, "message": "时间戳过期"}',
           {"status": "failure", "reason": "clock_skew", "retry": "resign", "code": 7, "accepted": [], "rejected": [], "unknown": []})
parse_case("parse_rate_limit_backoff", "status 100 with a frequency message is a rate limit: back off",
           "goods.Goods.batchPush", [goods("C1")], 200, '{"status": 100, "message": "接口调用频率超过限制，请稍后再试"}',
           {"status": "failure", "reason": "rate_limited", "retry": "backoff", "accepted": [], "rejected": []})
parse_case("parse_http_502_html_resend", "HTTP 502 with an HTML page: safe to resend because batchPush is an upsert",
           "goods.Goods.batchPush", [goods("C1")], 502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
           {"status": "failure", "reason": "html_body", "retry": "resend", "accepted": [], "rejected": [], "unknown": [0]})
parse_case("parse_empty_body_resend", "An empty 200 body: the outcome is unknown; resend (upsert)",
           "goods.ApiGoods.upload", API_GOODS[:1], 200, "",
           {"status": "failure", "reason": "empty_body", "retry": "resend", "unknown": [0]})
parse_case("parse_truncated_json_resend", "Truncated JSON never panics: invalid_json, resend (upsert)",
           "purchase.ProviderGoods.upload", PROVIDER, 200, '{"status": 0, "data": {"error_li',
           {"status": "failure", "reason": "invalid_json", "retry": "resend", "unknown": [0, 1]})
parse_case("parse_status_as_string", "status may arrive as a string",
           "goods.Goods.batchPush", [goods("C1")], 200, '{"status": "0", "data": {"error_list": []}}',
           {"status": "success", "accepted": [0], "code": 0})
parse_case("parse_envelope_without_status", "JSON that is not the envelope: invalid_envelope, resend (upsert)",
           "goods.Goods.batchPush", [goods("C1")], 200, '{"hello": "world"}',
           {"status": "failure", "reason": "invalid_envelope", "retry": "resend", "unknown": [0]})
parse_case("parse_http_429_backoff", "HTTP 429: back off",
           "goods.Goods.batchPush", [goods("C1")], 429, "Too Many Requests",
           {"status": "failure", "reason": "rate_limited", "retry": "backoff"})
parse_case("parse_batchpush_error_list_not_a_list", "status 0 whose error_list is not a list: the per-item part cannot be read, so "
           "every goods is unknown (not accepted); batchPush is an upsert: resend",
           "goods.Goods.batchPush", BP2[:2], 200, '{"status":0,"data":{"error_list":"oops"}}',
           {"status": "failure", "reason": "invalid_envelope", "retry": "resend", "code": 0, "accepted": [], "rejected": [],
            "unknown": [0, 1]})
parse_case("parse_batchpush_error_entry_not_object", "status 0 whose error_list holds an entry that is not an object: unreadable, every goods unknown",
           "goods.Goods.batchPush", BP2[:2], 200, '{"status":0,"data":{"error_list":["oops", {"no": "x", "error": "e"}]}}',
           {"status": "failure", "reason": "invalid_envelope", "retry": "resend", "code": 0, "accepted": [], "rejected": [],
            "unknown": [0, 1]})
parse_case("parse_batchpush_error_without_no", "An error_list entry naming no goods (no 'no'): kept with index null; it may be about "
           "any goods, so none is called accepted",
           "goods.Goods.batchPush", BP2[:2], 200, '{"status":0,"data":{"error_list":[{"error":"系统繁忙"}]}}',
           {"status": "failure", "reason": "item_errors", "retry": "resend", "code": 0, "accepted": [], "unknown": [0, 1],
            "rejected": [{"index": None, "key": None, "message": "系统繁忙"}]})
parse_case("parse_provider_goods_error_without_spec_no", "ProviderGoods: an error string naming no 商家编码 leaves every row unknown",
           "purchase.ProviderGoods.upload", PROVIDER, 200, '{"status": 0, "data": {"error_list": ["供应商不存在"]}}',
           {"status": "failure", "reason": "item_errors", "retry": "resend", "accepted": [], "unknown": [0, 1],
            "rejected": [{"index": None, "key": None, "message": "供应商不存在"}]})
parse_case("parse_appkey_expired_not_clock", "An expired appkey is credentials_expired (retry no), not clock skew: re-signing cannot fix it",
           "goods.Goods.batchPush", [goods("C1")], 200, '{"status": 3, "message": "appkey已过期"}',
           {"status": "failure", "reason": "credentials_expired", "retry": "no", "code": 3, "accepted": [], "unknown": [],
            "rejected": [{"index": 0, "key": "C1", "message": "appkey已过期"}]})
parse_case("parse_flagship_expired_word_only_status_7_is_clock", "Only status 7 is the flagship clock window: 授权已过期 at status 100 is an expired credential",
           "goods.Goods.batchPush", [goods("C1")], 200, '{"status": 100, "message": "授权已过期"}',
           {"status": "failure", "reason": "credentials_expired", "retry": "no", "code": 100})
parse_case("parse_enterprise_clock_window", "Enterprise: a message naming the timestamp and its window is the ±5 min clock error: re-sign",
           None, [], 200, '{"code": 1005, "message": "时间戳超出允许误差"}',
           {"status": "failure", "reason": "clock_skew", "retry": "resign", "code": 1005},
           platform="enterprise", method="vip_api_goods_query.php")
parse_case("parse_enterprise_auth_expired", "Enterprise: 授权已过期 is credentials_expired, never re-signed",
           None, [], 200, '{"code": 1003, "message": "授权已过期"}',
           {"status": "failure", "reason": "credentials_expired", "retry": "no", "code": 1003},
           platform="enterprise", method="vip_api_goods_query.php")
parse_case("parse_generic_flagship_call", "A generic flagship call reads the envelope and a top-level total",
           None, [], 200, '{"status": 0, "total": 42, "data": {"goods_list": []}}',
           {"status": "success", "code": 0, "total_count": 42, "accepted": [], "rejected": []},
           platform="flagship", method="goods.Goods.queryWithSpec")
parse_case("parse_enterprise_2104", "Enterprise error 2104 (time span over 30 days): its own reason, do not retry",
           None, [], 200, '{"code": 2104, "message": "start_time与end_time时间跨度不能超过最大范围 30天"}',
           {"status": "failure", "reason": "time_span_too_long", "retry": "no", "code": 2104},
           platform="enterprise", method="vip_api_goods_query.php")


# --------------------------------------------------------------------------
# A field the user left out (absent or null) is absent from every body, form
# and string to sign (issue 12 item 2), at every depth; list positions stay.

BP_NULLS = json.loads(json.dumps(BATCHPUSH_VENDOR_REQUEST[:1]))
BP_NULLS[0]["brand_name"] = None
BP_NULLS[0]["remark"] = None
BP_NULLS[0]["spec_list"][0]["lowest_price"] = None
BP_NULLS[0]["spec_list"][1]["barcode"] = None
flagship_sign_case(
    "sign_flagship_batchpush_page_example_nulls",
    "batchPush: the page's request example with brand_name, remark and two spec fields given as null: left out of the "
    "body (and so of the signature) as if absent, at every depth — never sent as \"x\":null",
    method="goods.Goods.batchPush", op="goods.Goods.batchPush", items=BP_NULLS,
    timestamp=1700004000, body=compact([BP_NULLS]), **CREDS,
)
assert "null" not in VECTORS["sign_flagship_batchpush_page_example_nulls"]["expected"]["body"]

API_GOODS_PHP = [{"shop_no": "wdtapi3-test", "goods_id": "PC_20163", "spec_id": "1.53", "goods_no": "wtt00013", "spec_no": "wtt00013",
                  "status": 1, "goods_name": None, "spec_name": "wtt00013", "pic_url": "", "price": "1", "stock_num": None}]
plan_case("plan_api_goods_page_example_nulls",
          "ApiGoods.upload: the page's PHP example row with goods_name and stock_num null: left out (the platform defaults them), "
          "while pic_url \"\" is a value and is sent",
          "goods.ApiGoods.upload", API_GOODS_PHP, {},
          batches=[{"indices": [0], "body": compact([{"shop_no": "wdtapi3-test",
                                                      "goods_list": [{k: v for k, v in API_GOODS_PHP[0].items() if k != "shop_no"}]}])}])
assert '"goods_name"' not in VECTORS["plan_api_goods_page_example_nulls"]["expected"]["batches"][0]["body"]

enterprise_sign_case(
    "sign_enterprise_null_param_not_sent",
    "Enterprise: a parameter given as null (shop_no=None) is not sent and not signed — never shop_no= (an empty filter)",
    sid="test2", appkey="test2-xx", appsecret="12345", method="vip_api_goods_query.php", timestamp=1700000000,
    params={"shop_no": None, "start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59", "page_no": "0", "page_size": "100"},
)
assert "shop_no" not in VECTORS["sign_enterprise_null_param_not_sent"]["expected"]["body"]

enterprise_query_case(
    "query_enterprise_page_example_shop_no_null",
    "vip_api_goods_query.php through a query plan, the page's 30-day example window (2018-11-01 00:00:00–2018-11-30 23:59:59, "
    "one window) with shop_no=None: page_no 0, page_size 100 (the documented maximum), shop_no not sent",
    sid="test2", appkey="test2-xx", appsecret="12345", op="vip_api_goods_query.php", timestamp=1700000000,
    params={"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59", "shop_no": None},
    first_request={"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59", "page_no": "0", "page_size": "100"},
)
enterprise_query_case(
    "query_enterprise_page_size_php_example",
    "vip_api_goods_query.php with the page's PHP example parameters (shop_no manmao2test, page_size 10 as text)",
    sid="apidevnew2", appkey="skuwire-test", appsecret="12345", op="vip_api_goods_query.php", timestamp=1548000000,
    params={"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-30 00:00:00", "shop_no": "manmao2test", "page_no": "0", "page_size": "10"},
    first_request={"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-30 00:00:00", "shop_no": "manmao2test", "page_no": "0",
                   "page_size": "10"},
)

# --------------------------------------------------------------------------
# The page's own shapes and limits.

validate_case("validate_api_goods_page_shape",
              "ApiGoods.upload given the payload exactly as its page shows it ([{shop_no, goods_list: [...]}]) is refused with a "
              "record saying which shape is expected: skuwire takes flat rows and builds that envelope; never one empty row "
              "carrying goods_list as an undocumented field",
              "goods.ApiGoods.upload",
              [{"goods_list": [{"spec_id": "wdt20240910", "goods_no": "wdt20240910", "goods_id": "wdt20240910", "spec_no": "wdt20240910"},
                               {"spec_id": "wdt202409101", "goods_no": "wdt202409101", "goods_id": "wdt202409101", "spec_no": "wdt202409101"}],
                "shop_no": "wdtapi3-test"}],
              [{"type": "flat_rows_expected", "loc": [0, "goods_list"],
                "ctx": {"expected": compact([{"shop_no": "wdtapi3-test", "goods_id": "…", "spec_id": "…"}]), "rows": 2}}],
              strict=True)
validate_case("validate_day_counts_not_negative",
              "Days are never negative: validity_days Int(6) is 0..999999, sales_days/receive_days 0.., ProviderGoods "
              "purchase_cycle_day 0.. (默认0)",
              "goods.Goods.batchPush",
              [goods("D1", [{"spec_no": "D1-1", "validity_days": -1, "sales_days": -5, "receive_days": 0}])],
              [{"type": "int_out_of_range", "loc": [0, "spec_list", 0, "validity_days"], "ctx": {"min": 0, "max": 999999}},
               {"type": "int_out_of_range", "loc": [0, "spec_list", 0, "sales_days"], "ctx": {"min": 0, "max": 2147483647}}])
validate_case("validate_provider_goods_purchase_cycle_not_negative",
              "ProviderGoods.upload purchase_cycle_day (采购周期, 默认0) is a number of days: -1 is refused",
              "purchase.ProviderGoods.upload",
              [{"provider_no": "LCJtest", "spec_no": "dongfangshuye", "purchase_cycle_day": -1}],
              [{"type": "int_out_of_range", "loc": [0, "purchase_cycle_day"], "ctx": {"min": 0, "max": 2147483647}}])

PROVIDER_120 = [{"provider_no": "LCJtest", "spec_no": f"S{i:03d}"} for i in range(120)]
plan_case("plan_provider_goods_max_items_raised",
          "ProviderGoods.upload documents no per-call limit: skuwire's default of 100 may be raised by the caller (max_items 120)",
          "purchase.ProviderGoods.upload", PROVIDER_120, {"max_items": 120},
          batches=[{"indices": list(range(120)), "body": compact([PROVIDER_120])}])


# --------------------------------------------------------------------------

def main():
    check = "--check" in sys.argv
    stale = []
    for name, case in sorted(VECTORS.items()):
        path = HERE / f"{name}.json"
        text = json.dumps(case, ensure_ascii=False, indent=1) + "\n"
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if check:
        if stale:
            sys.exit("stale vectors (run make_vectors.py): " + ", ".join(stale))
        print(f"{len(VECTORS)} vectors up to date")
    else:
        print(f"wrote {len(VECTORS)} vectors to {HERE}")


if __name__ == "__main__":
    main()
