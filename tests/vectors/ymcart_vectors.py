#!/usr/bin/env python3
"""Writes the YMCart test vectors (tests/vectors/ymcart_*.json).

Independent of skuwire: the request expectations are computed here with the
standard library only, from the transport skuwire documents for YMCart
(spec/README.md leaves it open; skuwire's assumption): a form-encoded POST
to the URL template with `{method}` replaced (or `/{method}` appended), the
form being `token` first, then the method's parameters in order, JSON
parameters as compact JSON text, then `update_options` when the client has
it (updateSkuQty only).

Form encoding is WHATWG application/x-www-form-urlencoded, as Rust's
`form_urlencoded` does it: ASCII letters, digits and `*-._` stay, space
becomes `+`, every other UTF-8 byte is `%XX` in uppercase hex (so `~` is
encoded, unlike Python's `quote`).

Validation and parse expectations are written by hand from the vendor page
(shared/spec/004_5a79ec0d25504f7d.txt).

Usage: python3 tests/vectors/ymcart_vectors.py [--check]
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
KEEP = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._")
FORM = "application/x-www-form-urlencoded; charset=utf-8"


def form_encode(s):
    out = []
    for b in s.encode("utf-8"):
        if b in KEEP:
            out.append(chr(b))
        elif b == 0x20:
            out.append("+")
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def given(v):
    """The value as sent: an object member whose value is null is a field
    not given, and is left out at every depth (list positions stay)."""
    if isinstance(v, dict):
        return {k: given(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [given(x) for x in v]
    return v


def compact(v):
    """JSON text as skuwire writes it: compact, UTF-8, key order kept, null members left out."""
    return json.dumps(given(v), ensure_ascii=False, separators=(",", ":"))


def endpoint(base_url, method):
    template = base_url if "{method}" in base_url else base_url.rstrip("/") + "/{method}"
    return template.replace("{method}", form_encode(method))


def request(token, base_url, method, params, update_options=None, joined=False):
    """The request skuwire builds. `joined`: a modelled list query, whose
    list parameters travel joined by commas ("多个用英文逗号隔开")."""
    pairs = [("token", token)]
    for k, v in params:
        if v is None:
            continue  # a parameter not given is not sent
        if isinstance(v, list) and joined:
            v = ",".join(x if isinstance(x, str) else compact(x) for x in v)
        pairs.append((k, v if isinstance(v, str) else compact(v)))
    if update_options is not None and method == "updateSkuQty":
        pairs.append(("update_options", compact(update_options)))
    body = "&".join(form_encode(k) + "=" + form_encode(v) for k, v in pairs)
    return {
        "method": "POST",
        "url": endpoint(base_url, method),
        "headers": {"Content-Type": FORM},
        "body": body,
        "wire_timestamp": 0,
        "string_to_sign": "",
        "sign": "",
    }


# The JSON parameter of each push method (the page's parameter table).
PARAM = {
    "updateSkuQty": ("sku_res", "list"),
    "goodsRemove": ("goods_remove_res", "list"),
    "addCategory": ("category_res", "list"),
    "updateGoodsRel": ("goods_rel_res", "object"),
    "updateGoods": ("goods_res", "list"),
}

TOKEN = "ym+tok/en=秘钥 ~1"
ADD_GOODS_ITEM = [{"base_name": "保温杯", "codeno": "Api_code_001", "price": "10.5", "category": "家居,杯子", "status": 1,
                   "main_image": "http://www.example.com/uploadImage/2016-10-05/2016100514493561986344.jpg"}]
BASE = "https://shop.example.com/api/{method}"


def sign_op(name, description, op, items, base_url=BASE, update_options=None):
    param, shape = PARAM[op]
    value = items if shape == "list" else items[0]
    case = {
        "name": name,
        "description": description,
        "kind": "sign",
        "platform": "ymcart",
        "credentials": {"token": TOKEN},
        "base_url": base_url,
        "method": op,
        "op": op,
        "items": items,
        "timestamp": 1700000000,
        "expected": request(TOKEN, base_url, op, [(param, value)], update_options),
    }
    if update_options is not None:
        case["client_options"] = {"update_options": update_options}
    return case


def sign_call(name, description, method, payload, base_url=BASE):
    return {
        "name": name,
        "description": description,
        "kind": "sign",
        "platform": "ymcart",
        "credentials": {"token": TOKEN},
        "base_url": base_url,
        "method": method,
        "op": None,
        "payload": payload,
        "timestamp": 1700000000,
        "expected": request(TOKEN, base_url, method, list(payload.items())),
    }


def query(name, description, op, params, first_request_params, options=None, base_url=BASE):
    """The first request of a query plan: the parameters as the plan sends
    them (its own page_no/page_size appended), lists joined, nulls left out."""
    case = {
        "name": name,
        "description": description,
        "kind": "query",
        "platform": "ymcart",
        "credentials": {"token": TOKEN},
        "base_url": base_url,
        "op": op,
        "params": params,
        "timestamp": 1700000000,
        "expected": request(TOKEN, base_url, op, first_request_params, joined=True),
    }
    if options is not None:
        case["options"] = options
    return case


def cases():
    out = []
    # ---------------------------------------------------------------- sign
    out.append(sign_op(
        "ymcart_sign_update_sku_qty",
        "updateSkuQty: sku_res as compact JSON text, then the client's update_options; Chinese, emoji and reserved characters form-encoded (WHATWG: space +, ~ encoded)",
        "updateSkuQty",
        [
            {"sku_code": "800673_800675", "num": 11, "price": "11.00"},
            {"id": "3145319", "num": 22},
            {"codeno": "保温杯-红色 😀 a+b/c~d*e", "num": -3},
        ],
        update_options={"update_listorder": 1, "update_status": 1},
    ))
    out.append(sign_op(
        "ymcart_sign_goods_remove_appended_method",
        "goodsRemove with a base URL without {method}: /{method} is appended; a trailing slash is not doubled",
        "goodsRemove",
        [{"codeno": "LC3257-2"}, {"sku_codeno": "LC3257-2XXL"}, {"codeno": "店铺A·商品\"引号\""}],
        base_url="https://shop.example.com/api/",
    ))
    out.append(sign_op(
        "ymcart_sign_update_goods_rel_object",
        "updateGoodsRel: a single-object method sends the object itself (not a list) as goods_rel_res",
        "updateGoodsRel",
        [{"goods_id": 201737, "rel_goods": [{"goods_id": 201716}, {"goods_id": 201382, "relation": "mutual"}]}],
    ))
    out.append(sign_op(
        "ymcart_sign_add_category_unicode",
        "addCategory: multi-level Chinese and emoji names, characters *-._ kept, others percent-encoded in uppercase hex",
        "addCategory",
        [{"name": "女装,连衣裙"}, {"name": "Gifts 🎁,For *Her*_2024.v1-x (new!)"}],
    ))
    out.append(sign_op(
        "ymcart_sign_update_sku_qty_nulls",
        "updateSkuQty: a field given as null (price: not updated, '不填写则不更新价格') is left out of sku_res, as if absent",
        "updateSkuQty",
        [{"codeno": "LC79126-3", "num": 11, "price": None}, {"id": "3145319", "codeno": None, "num": 22, "price": "9.90"}],
        update_options={"update_listorder": 1, "update_status": None},
    ))
    out.append(sign_op(
        "ymcart_sign_update_goods_rel_nested_null",
        "updateGoodsRel (the page's example with relation one): a null inside the object is left out at every depth",
        "updateGoodsRel",
        [{"goods_id": 201737, "rel_goods": [{"goods_id": 201716, "relation": None}, {"goods_id": 201384}, {"goods_id": 201382, "relation": "mutual"}]}],
    ))
    out.append(sign_call(
        "ymcart_sign_call_null_param",
        "A generic YMCart call: a parameter given as null is not sent (an empty status= may filter to status 0)",
        "goodsList",
        {"page_no": "1", "status": None, "codeno": "A"},
    ))
    out.append(sign_call(
        "ymcart_sign_goods_list_params",
        "goodsList: a list method sends its parameters as form fields after the token",
        "goodsList",
        {"page_no": "2", "page_size": "50", "codeno": "A,B", "start_modify_time": "2016-9-9 0:0:0"},
    ))

    # -------------------------------------------------------------- query
    out.append(query(
        "ymcart_query_goods_list_first_page",
        "goodsList through a query plan: id/category_id/codeno lists go out joined by commas (多个用英文逗号隔开), status null "
        "is not sent, page_size 100 (above the page's default 50, which is not a maximum) is sent as asked, page_no from 1",
        "goodsList",
        {"id": [137808, 137809], "category_id": [38767], "codeno": ["A", "B"], "status": None, "page_size": 100},
        [("id", [137808, 137809]), ("category_id", [38767]), ("codeno", ["A", "B"]), ("page_no", "1"), ("page_size", "100")],
    ))
    out.append(query(
        "ymcart_query_sku_list_page_size_option",
        "skuList through a query plan with the page_size option 1000 (the page's 500 is a default): sent as asked",
        "skuList",
        {"goods_codeno": "AA", "is_instock": None},
        [("goods_codeno", "AA"), ("page_no", "1"), ("page_size", "1000")],
        options={"page_size": 1000},
    ))

    # ------------------------------------------------------------ validate
    def validate(name, description, op, payload, errors, strict=False):
        return {"name": name, "description": description, "kind": "validate", "op": op, "payload": payload,
                "strict": strict, "expected": {"errors": errors}}

    out.append(validate(
        "ymcart_validate_update_goods_rel_example",
        "The page's updateGoodsRel example sends relation \"two\", which its text does not define (one / mutual)",
        "updateGoodsRel",
        {"goods_id": 201737, "rel_goods": [{"goods_id": 201716}, {"goods_id": 201384}, {"goods_id": 201382, "relation": "two"}]},
        [{"type": "enum", "loc": ["rel_goods", 2, "relation"], "ctx": {"expected": ["one", "mutual"]},
          "msg": "Input should be one of one or mutual", "msg_zh": "取值应为one、mutual之一"}],
    ))
    out.append(validate(
        "ymcart_validate_update_goods_image_page_example",
        "updateGoodsImage follows its own page: the page's example sends bare file names (image1.jpg, image2.jgp), "
        "which validate; addGoods' 'full http address' note is addGoods' own rule",
        "updateGoodsImage",
        [{"goods_id": "211452", "codeno": "1223556", "is_append": "1", "images": ["image1.jpg", "image2.jgp", "image3.jpg"],
          "sku_res": [{"is_append": "1", "sku_option": {"name": "Color", "value": "blue"}, "images": ["image1.jpg", "image2.jgp", "image3.jpg"]},
                      {"is_append": "1", "sku_option": {"name": "Color", "value": "red"}, "images": ["image1.jpg", "image2.jgp", "image3.jpg"]}]}],
        [],
    ))
    out.append(validate(
        "ymcart_validate_add_sku_page_example",
        "updateGoodsByAddSKU follows its own page: its example (bare image file names) validates",
        "updateGoodsByAddSKU",
        [{"goods_id": "211452", "sku_res": {"sku_options": [{"name": "Color", "value": "blue"}, {"name": "Size", "value": "XXL"}],
                                             "codeno": "blue-xxl", "stock": "999", "price": "100", "weight": "1.5", "barcode": "1222",
                                             "volume": "1.5", "images": ["image1.jpg", "image2.jgp", "image3.jpg"]}}],
        [],
    ))
    out.append(validate(
        "ymcart_validate_add_goods_image_needs_http",
        "addGoods: '图片格式必须是带有 http 的完整可以访问的地址' is addGoods' own note: a bare file name is refused there",
        "addGoods",
        [dict(ADD_GOODS_ITEM[0], main_image="image1.jpg")],
        [{"type": "url_scheme", "loc": [0, "main_image"], "ctx": {}}],
    ))
    out.append(validate(
        "ymcart_validate_goods_list_lists",
        "goodsList: codeno/id/category_id '多个用英文逗号隔开' — lists are taken and sent joined; what cannot be joined is refused",
        "goodsList",
        {"codeno": ["A,B", ""], "id": [], "category_id": [1, "x"]},
        [{"type": "string_pattern_mismatch", "loc": ["codeno", 0], "ctx": {"pattern": "a code without commas (the list is sent joined by commas)"}},
         {"type": "string_too_short", "loc": ["codeno", 1], "ctx": {"min_length": 1}},
         {"type": "int_type", "loc": ["category_id", 1], "ctx": {}},
         {"type": "too_short", "loc": ["id"], "ctx": {"min_length": 1}}],
    ))
    out.append(validate(
        "ymcart_validate_list_page_size_defaults_are_not_limits",
        "skuList page_size 500 and goodsList 50 are the pages' defaults (缺省值), not maxima: larger pages validate",
        "goodsList",
        {"page_size": 100},
        [],
    ))
    out.append(validate(
        "ymcart_validate_sale_mode_ranges",
        "UpdateGoodsSaleMode wholesale: range arrays must line up; tiers increase from min_qty",
        "UpdateGoodsSaleMode",
        [{"codeno": "176795", "sale_mode": 2, "min_qty": 20, "range_end": [20, 50], "range_discount": [8], "range_remark": ["a", "b"]}],
        [
            {"type": "length_mismatch", "loc": [0, "range_discount"], "ctx": {"fields": ["range_end", "range_discount"]}},
            {"type": "not_increasing", "loc": [0, "range_end", 0], "ctx": {"previous": 20},
             "msg": "Input should be greater than the previous value 20", "msg_zh": "应大于前一个值20"},
        ],
    ))
    out.append(validate(
        "ymcart_validate_six_sku_options",
        "addGoods: sku_option1..5 only ('可选项最多到sku_option5'), in strict mode too; spec_mode 1 needs muti_spec_res",
        "addGoods",
        [{"base_name": "杯", "price": "9.9", "category": "家居", "status": 1, "main_image": "https://img.example.com/a.jpg",
          "spec_mode": 1, "sku_option1": "A:a", "sku_option2": "B:b", "sku_option3": "C:c", "sku_option4": "D:d",
          "sku_option5": "E:e", "sku_option6": "F:f"}],
        [
            {"type": "sku_option_count", "loc": [0, "sku_option6"], "ctx": {"max": 5},
             "msg": "At most 5 shopping options are allowed (sku_option1 to sku_option5)",
             "msg_zh": "购物属性最多5个（sku_option1至sku_option5）"},
            {"type": "missing", "loc": [0, "muti_spec_res"], "ctx": {}},
        ],
        strict=True,
    ))
    out.append(validate(
        "ymcart_validate_add_category_example",
        "addCategory: the page's example sends an empty name first (its own answer reports index 0 insert_fail)",
        "addCategory",
        [{"name": ""}, {"name": "category root A,category root A2"}],
        [{"type": "string_too_short", "loc": [0, "name"], "ctx": {"min_length": 1}}],
    ))

    # --------------------------------------------------------------- parse
    def parse(name, description, op, items, body, expected, status=200):
        return {"name": name, "description": description, "kind": "parse", "op": op, "items": items,
                "response": {"status": status, "body": body}, "expected": expected}

    out.append(parse(
        "ymcart_parse_goods_remove_example",
        "goodsRemove: msg entries name items by codeno or sku_codeno; names not in the call are kept with index null",
        "goodsRemove",
        [{"codeno": "LC3257-2"}, {"codeno": "LC3257-1"}, {"sku_codeno": "LC3257-2XXL"}],
        '{"code":0,"status":1,"msg":[{"codeno":"338004","sku_codeno":null,"msg":"codeno_404"},{"codeno":"888001","sku_codeno":null,"msg":"codeno_404"},{"codeno":null,"sku_codeno":"LC3257-2XXL","msg":"sku_codeno_404"}]}',
        {"status": "partial", "reason": "item_errors", "retry": "no", "code": 0, "accepted": [0, 1], "unknown": [],
         "rejected": [{"index": 2, "key": "LC3257-2XXL", "message": "sku_codeno_404"},
                      {"index": None, "key": "338004", "message": "codeno_404"},
                      {"index": None, "key": "888001", "message": "codeno_404"}]},
    ))
    out.append(parse(
        "ymcart_parse_user_group_strings",
        "updateGoodsUserGroup: msg is a list of strings naming the goods; a success line confirms its goods, a failure line rejects it; counts that disagree are only noted",
        "updateGoodsUserGroup",
        [{"codeno": "", "goods_id": "164970", "user_group": ["VIP1", "VIP2", "VIP3"]},
         {"codeno": "165012", "goods_id": "", "user_group": ["VIP1", "Member"]}],
        '{"code":0,"status":1,"msg":["164970 group VIP1 add success!","164970 group VIP2 not exist!","164970 group VIP3 not exist!","165012 group VIP1 add success!","165012 group Member add success!"],"success_count":2,"failed_count":0}',
        {"status": "partial", "reason": "item_errors", "retry": "no", "code": 0, "accepted": [1], "unknown": [],
         "rejected": [{"index": 0, "key": "164970", "message": "164970 group VIP2 not exist!"},
                      {"index": 0, "key": "164970", "message": "164970 group VIP3 not exist!"}]},
    ))
    out.append(parse(
        "ymcart_parse_edit_category_index",
        "editCategory: {index, msg} entries name a position in the call",
        "editCategory",
        [{"category_id": "238", "base_name": "分类名字"}, {"category_id": "239", "base_name": "分类名字"}],
        '{"code":0,"msg":[{"index":0,"msg":"udpate_fail"}]}',
        {"status": "partial", "reason": "item_errors", "retry": "no", "code": 0, "accepted": [1], "unknown": [],
         "rejected": [{"index": 0, "key": "238", "message": "udpate_fail"}]},
    ))
    out.append(parse(
        "ymcart_parse_add_goods_data_empty",
        "addGoods: a non-zero code fails the whole call; no retry (and addGoods is never resent)",
        "addGoods",
        ADD_GOODS_ITEM,
        '{"code":400,"msg":"data empty"}',
        {"status": "failure", "reason": "business_error", "retry": "no", "code": 400, "accepted": [],
         "rejected": [{"index": 0, "key": "Api_code_001", "message": "data empty"}]},
    ))
    out.append(parse(
        "ymcart_parse_add_goods_bad_gateway",
        "addGoods: an HTML 502 leaves the outcome unknown; a create is not resent",
        "addGoods",
        ADD_GOODS_ITEM,
        "<html><body>502 Bad Gateway</body></html>",
        {"status": "failure", "reason": "html_body", "retry": "no", "accepted": [], "rejected": [], "unknown": [0]},
        status=502,
    ))
    out.append(parse(
        "ymcart_parse_update_sku_qty_bad_gateway",
        "updateSkuQty: an HTML 502 leaves the outcome unknown; setting stock is an upsert, so resend",
        "updateSkuQty",
        [{"codeno": "A", "num": 1}],
        "<html><body>502 Bad Gateway</body></html>",
        {"status": "failure", "reason": "html_body", "retry": "resend", "accepted": [], "rejected": [], "unknown": [0]},
        status=502,
    ))
    out.append(parse(
        "ymcart_parse_update_sku_qty_example",
        "updateSkuQty with the page's answer: {codeno, msg:success} confirms LC79126-3; {codeno:SKU_404, msg:sku_null} names no item "
        "of the call (kept, index null); B and C are not mentioned, so they are unknown, never accepted (an upsert: resend)",
        "updateSkuQty",
        [{"codeno": "LC79126-3", "num": 11}, {"codeno": "B", "num": 22}, {"codeno": "C", "num": 33}],
        '{"code":0,"msg":[{"codeno":"LC79126-3","msg":"success"},{"codeno":"SKU_404","msg":"sku_null"}]}',
        {"status": "partial", "reason": "item_errors", "retry": "resend", "code": 0, "accepted": [0], "unknown": [1, 2],
         "rejected": [{"index": None, "key": "SKU_404", "message": "sku_null"}]},
    ))
    out.append(parse(
        "ymcart_parse_update_sku_qty_page_request",
        "updateSkuQty: the page's own request with the page's own answer: the answer confirms none of the three SKUs it was sent",
        "updateSkuQty",
        [{"sku_code": "800673_800675", "num": 11, "price": 11.00}, {"id": "3145319", "num": 22}, {"codeno": "sss12345", "num": 33}],
        '{"code":0,"msg":[{"codeno":"LC79126-3","msg":"success"},{"codeno":"SKU_404","msg":"sku_null"}]}',
        {"status": "failure", "reason": "item_errors", "retry": "resend", "code": 0, "accepted": [], "unknown": [0, 1, 2],
         "rejected": [{"index": None, "key": "SKU_404", "message": "sku_null"}]},
    ))
    out.append(parse(
        "ymcart_parse_update_sku_qty_failures_only",
        "updateSkuQty: '当msg不为空，表示有更新不成功的库存' — an answer listing failures only confirms the items it does not list",
        "updateSkuQty",
        [{"codeno": "LC79126-3", "num": 1}, {"codeno": "SKU_404", "num": 2}],
        '{"code":0,"msg":[{"codeno":"SKU_404","msg":"sku_null"}]}',
        {"status": "partial", "reason": "item_errors", "retry": "no", "code": 0, "accepted": [0], "unknown": [],
         "rejected": [{"index": 1, "key": "SKU_404", "message": "sku_null"}]},
    ))
    out.append(parse(
        "ymcart_parse_add_goods_lines",
        "addGoods: 'msg 数组提示失败产品名称 编号 信息' — a failure line names the goods anywhere (name and code), not only in its "
        "first word; a line naming no goods of the call leaves the others unknown (a failed create is never reported done)",
        "addGoods",
        [dict(ADD_GOODS_ITEM[0]), dict(ADD_GOODS_ITEM[0], base_name="Api test product name 002", codeno="Api_code_002")],
        '{"code":0,"failure_count":1,"success_count":1,"msg":["Api test product name 002 Api_code_002 codeno exists"]}',
        {"status": "partial", "reason": "item_errors", "retry": "no", "code": 0, "accepted": [0], "unknown": [],
         "rejected": [{"index": 1, "key": "Api_code_002", "message": "Api test product name 002 Api_code_002 codeno exists"}]},
    ))
    out.append(parse(
        "ymcart_parse_add_goods_unmatched_line",
        "addGoods: a failure line that names no goods of the call: kept with index null; the other goods are unknown, not created",
        "addGoods",
        [dict(ADD_GOODS_ITEM[0]), dict(ADD_GOODS_ITEM[0], base_name="Api test product name 002", codeno="Api_code_002")],
        '{"code":0,"failure_count":1,"success_count":1,"msg":["image download failed"]}',
        {"status": "failure", "reason": "item_errors", "retry": "no", "code": 0, "accepted": [], "unknown": [0, 1],
         "rejected": [{"index": None, "key": None, "message": "image download failed"}]},
    ))
    out.append(parse(
        "ymcart_parse_topic_success",
        "updateTopic: the page's answer {\"status\":1,\"code\":0,\"msg\":\"success\"} accepts the one topic",
        "updateTopic",
        [{"topic_res": {"topic_id": "371", "base_name": "专题名称"}}],
        '{"status":1,"code":0,"msg":"success"}',
        {"status": "success", "reason": None, "retry": "no", "code": 0, "accepted": [0], "unknown": [], "rejected": []},
    ))
    out.append(parse(
        "ymcart_parse_goods_rec_ok",
        "updateGoodsRec: code 0 with a lone msg that reports no failure ('ok') is a success, as code 0 is the platform's success",
        "updateGoodsRec",
        [{"goods_rec": {"goods_rec_id": "5803", "base_name": "推荐"}, "goods_list": [132, 4313]}],
        '{"status":1,"code":0,"msg":"ok"}',
        {"status": "success", "retry": "no", "code": 0, "accepted": [0], "unknown": [], "rejected": []},
    ))
    out.append(parse(
        "ymcart_parse_token_expired",
        "An expired token is its own reason (credentials_expired), never retried",
        "updateSkuQty",
        [{"codeno": "A", "num": 1}],
        '{"code":401,"msg":"token expired"}',
        {"status": "failure", "reason": "credentials_expired", "retry": "no", "code": 401, "accepted": [], "unknown": [],
         "rejected": [{"index": 0, "key": "A", "message": "token expired"}]},
    ))
    return out


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for case in cases():
        path = os.path.join(HERE, case["name"] + ".json")
        text = json.dumps(case, ensure_ascii=False, indent=2) + "\n"
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if stale:
        print("out of date:", *stale, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
