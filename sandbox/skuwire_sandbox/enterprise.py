"""WDT enterprise (企业版) ``POST /openapi2/<name>.php``: verification and
``vip_api_goods_query.php``.

Codes chosen by the sandbox (only 0 and 2104 come from the vendor page):

  1001 缺少参数 / 参数重复 / timestamp格式错误
  1002 卖家账号不存在            unknown sid
  1003 接口账号不存在            unknown appkey
  1004 签名错误
  1005 时间戳超出允许误差        |server - timestamp| > 300 s
  1006 接口不存在                unknown <name>.php
  1007 接口调用频率超过限制      rate_limit fault
  2100 参数错误 ...              bad start_time/end_time/page_size/page_no/shop_no
  2104 start_time与end_time时间跨度不能超过最大范围 30天
"""
import re
from urllib.parse import parse_qsl

from .signing import ENTERPRISE_CLOCK_WINDOW, enterprise_sign
from .util import bj_format, bj_parse_strict
from .wire import Response

REQUIRED = ("sid", "appkey", "timestamp", "sign")
MAX_SPAN = 30 * 86400 - 1   # closed interval of at most 30 days of seconds
MSG_2104 = "start_time与end_time时间跨度不能超过最大范围 30天"
MSG_RATE = "接口调用频率超过限制"
MSG_CLOCK = "时间戳超出允许误差"


def error(code, message):
    return Response.json({"code": code, "message": message})


def rate_limited(fault):
    return Response.json({"code": 1007, "message": MSG_RATE}, status=fault.http_status or 200)


def clock_error():
    return error(1005, MSG_CLOCK)


def expired_credential():
    return error(1003, "appkey已过期")


def _reject(ctx, code, message):
    ctx.verdict = "rejected: code %d %s" % (code, message)
    return error(code, message)


def parse_form(body):
    pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    out = {}
    for k, v in pairs:
        if k in out:
            return out, k
        out[k] = v
    return out, None


def handle(ctx):
    sb = ctx.sandbox
    name = ctx.op
    try:
        params, dup = parse_form(ctx.body)
    except (UnicodeDecodeError, ValueError):
        return _reject(ctx, 1001, "参数编码错误")
    if dup:
        return _reject(ctx, 1001, "参数重复: %s" % dup)
    for p in REQUIRED:
        if params.get(p, "") == "":
            return _reject(ctx, 1001, "缺少参数: %s" % p)
    acct = sb.credentials.enterprise_account(params["sid"])
    if acct is None:
        return _reject(ctx, 1002, "卖家账号不存在")
    if params["appkey"] != acct["appkey"]:
        return _reject(ctx, 1003, "接口账号不存在")
    if not re.fullmatch(r"[0-9]{1,12}", params["timestamp"]):
        return _reject(ctx, 1001, "timestamp格式错误")
    if params["sign"] != enterprise_sign(params, acct["appsecret"]):
        return _reject(ctx, 1004, "签名错误")
    if abs(int(ctx.now()) - int(params["timestamp"])) > ENTERPRISE_CLOCK_WINDOW:
        return _reject(ctx, 1005, MSG_CLOCK)
    op = SCRIPTS.get(name)
    if op is None:
        return _reject(ctx, 1006, "接口不存在")
    return op(ctx, params)


def _int_param(params, name, default, lo, hi):
    v = params.get(name, "")
    if v == "":
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", v):
        return None
    n = int(v)
    if n < lo or (hi is not None and n > hi):
        return None
    return n


def vip_api_goods_query(ctx, params):
    sb = ctx.sandbox
    start = bj_parse_strict(params.get("start_time", ""))
    end = bj_parse_strict(params.get("end_time", ""))
    if params.get("start_time", "") == "" or params.get("end_time", "") == "":
        return _reject(ctx, 2100, "参数错误: start_time和end_time不能为空")
    if start is None or end is None:
        return _reject(ctx, 2100, "参数错误: 时间格式应为yyyy-MM-dd HH:mm:ss")
    if start > end:
        return _reject(ctx, 2100, "参数错误: start_time不能大于end_time")
    if end - start > MAX_SPAN:
        return _reject(ctx, 2104, MSG_2104)
    page_size = _int_param(params, "page_size", 30, 1, 100)
    if page_size is None:
        return _reject(ctx, 2100, "参数错误: page_size取值范围1~100")
    page_no = _int_param(params, "page_no", 0, 0, None)
    if page_no is None:
        return _reject(ctx, 2100, "参数错误: page_no不能小于0")
    shop_no = params.get("shop_no", "")
    where, args = "a.modified BETWEEN ? AND ?", [start, end]
    if shop_no != "":
        if not sb.shop_known(shop_no):
            return _reject(ctx, 2100, "参数错误: 店铺不存在")
        where += " AND a.shop_no = ?"
        args.append(shop_no)
    with sb.store.lock:
        c = sb.store.conn
        total = c.execute("SELECT COUNT(*) FROM api_goods a WHERE " + where, args).fetchone()[0]
        rows = c.execute(
            "SELECT a.*, s.shop_id AS shop_id, sp.spec_id AS m_spec_id, sp.spec_no AS m_spec_no, "
            "sp.spec_name AS m_spec_name, g.goods_name AS m_goods_name "
            "FROM api_goods a LEFT JOIN shops s ON s.shop_no = a.shop_no "
            "LEFT JOIN specs sp ON sp.spec_no = (CASE WHEN a.spec_no != '' THEN a.spec_no ELSE a.goods_no END) "
            "AND (CASE WHEN a.spec_no != '' THEN a.spec_no ELSE a.goods_no END) != '' "
            "LEFT JOIN goods g ON g.goods_no = sp.goods_no "
            "WHERE " + where + " ORDER BY a.modified, a.rec_id LIMIT ? OFFSET ?",
            args + [page_size, page_no * page_size]).fetchall()
    out = {"code": 0, "message": "ok"}
    if page_no == 0:
        out["total_count"] = str(total)
    out["goods_list"] = [_row(dict(r)) for r in rows]
    ctx.items = len(rows)
    ctx.verdict = "ok"
    return Response.json(out)


def _row(r):
    matched = r["m_spec_id"] is not None
    match_code = r["spec_no"] or r["goods_no"]
    return {
        "rec_id": str(r["rec_id"]),
        "shop_no": r["shop_no"],
        "shop_name": r["shop_no"],
        "platform_id": "127",
        "match_target_id": str(r["m_spec_id"]) if matched else "0",
        "match_target_type": "1" if matched else "0",
        "api_goods_id": r["goods_id"],
        "api_spec_id": r["spec_id"],
        "api_goods_name": r["goods_name"],
        "api_spec_name": r["spec_name"],
        "modified": bj_format(r["modified"]),
        "api_spec_no": "",
        "outer_id": r["goods_no"],
        "spec_outer_id": r["spec_no"],
        "stock_num": r["stock_num"],
        "price": r["price"],
        "cid": "",
        "pic_url": r["pic_url"],
        "is_deleted": "1" if r["status"] == 0 else "0",
        "hold_stock": "0.0000",
        "hold_stock_type": "0",
        "is_auto_listing": "0",
        "is_auto_delisting": "0",
        "status": str(r["status"]),
        "merchant_no": r["m_spec_no"] if matched else "",
        "merchant_name": (r["m_goods_name"] or "") if matched else "",
        "merchant_code": (r["m_spec_name"] or "") if matched else "",
        "shop_id": str(r["shop_id"] or 0),
        "spec_code": "",
        "spec_sku_properties": "",
        "barcode": "",
        "match_code": match_code if matched else "",
        "brand_id": "0",
        "outer_code": match_code,
        "created": bj_format(r["created"]),
        "is_manual_match": "0",
        "class_id_path": "",
        "stock_syn_rule_id": "-1",
        "stock_syn_rule_no": "",
        "is_disable_syn": "0",
        "last_syn_num": "0.0000",
        "is_stock_changed": "0",
        "is_update": "0",
        "modify_flag": "0",
        "flag_id": "0",
    }


SCRIPTS = {
    "vip_api_goods_query.php": vip_api_goods_query,
}


def internal_error():
    return error(9999, "系统内部错误")
