"""WDT flagship (旗舰版) ``POST /openapi``: verification and the three goods methods.

Status codes chosen by the sandbox (the vendor pages only fix 0, 7 for the
clock, 100 for application errors and 1-8 as "system errors"):

  1  缺少参数 / 参数重复 / timestamp格式错误      missing, repeated or malformed system parameter
  2  卖家账号不存在                               unknown sid
  3  接口账号不存在 / salt错误                    unknown key, or salt not matching the appsecret
     appkey已过期                                 expired_credential fault
  4  版本号错误                                   v != "1.0"
  5  签名错误                                     sign mismatch (server hashes the received bytes)
  6  接口不存在                                   unknown method
  7  时间戳过期                                   |server - timestamp| > 120 s
  8  请求体不是合法的JSON / 请求体必须是参数数组   body not UTF-8 JSON, or not a positional array
 99  系统内部错误                                 unexpected exception in the sandbox
100  application errors: shop (店铺不存在/无权限/类型错误), batch size, argument
     shape, rate limit (接口调用频率超过限制)
"""
import json
import re
from urllib.parse import parse_qsl

from .signing import WDT_EPOCH, FLAGSHIP_CLOCK_WINDOW, flagship_sign, split_appsecret
from .util import dec4, dumps_doc, fits_decimal_19_4, loads_body, text, to_decimal
from .wire import Response

REQUIRED = ("sid", "key", "salt", "method", "v", "timestamp", "sign")
MSG_CLOCK = "时间戳过期"
MSG_SIGN = "签名错误"
MSG_RATE = "接口调用频率超过限制"
MSG_SHOP = "店铺不存在/无权限/类型错误"
MAX_BATCH_GOODS = 50
MAX_SPECS = 500
MSG_SPECS = "单品条数不得超过500条或为空"


class Reject(Exception):
    def __init__(self, status, message):
        Exception.__init__(self, message)
        self.status = status
        self.message = message


def error(status, message):
    return Response.json({"status": status, "message": message})


def rate_limited(fault):
    return Response.json({"status": 100, "message": MSG_RATE}, status=fault.http_status or 200)


def clock_error():
    return error(7, MSG_CLOCK)


MSG_EXPIRED = "appkey已过期"


def expired_credential():
    return error(3, MSG_EXPIRED)


def parse_query(query):
    """Query string -> (dict, repeated-name or None). '+' is a space, as in PHP."""
    pairs = parse_qsl(query or "", keep_blank_values=True, encoding="utf-8", errors="strict")
    out = {}
    for k, v in pairs:
        if k in out:
            return out, k
        out[k] = v
    return out, None


def method_of(query):
    try:
        params, _ = parse_query(query)
    except (UnicodeDecodeError, ValueError):
        return None
    return params.get("method")


def handle(ctx):
    sb = ctx.sandbox
    try:
        params, dup = parse_query(ctx.query)
    except (UnicodeDecodeError, ValueError):
        return _reject(ctx, 1, "参数编码错误")
    if dup:
        return _reject(ctx, 1, "参数重复: %s" % dup)
    for name in REQUIRED:
        if params.get(name, "") == "":
            return _reject(ctx, 1, "缺少参数: %s" % name)
    if "body" in params:
        return _reject(ctx, 1, "参数body不能放在URL中")
    acct = sb.credentials.flagship_account(params["sid"])
    if acct is None:
        return _reject(ctx, 2, "卖家账号不存在")
    if params["key"] != acct["appkey"]:
        return _reject(ctx, 3, "接口账号不存在")
    secret, salt = split_appsecret(acct["appsecret"])
    if params["salt"] != salt:
        return _reject(ctx, 3, "salt错误")
    if params["v"] != "1.0":
        return _reject(ctx, 4, "版本号错误")
    if not re.fullmatch(r"[0-9]{1,12}", params["timestamp"]):
        return _reject(ctx, 1, "timestamp格式错误")
    if params["sign"] != flagship_sign(secret, params, ctx.body):
        return _reject(ctx, 5, MSG_SIGN)
    server_ts = int(ctx.now()) - WDT_EPOCH
    if abs(server_ts - int(params["timestamp"])) > FLAGSHIP_CLOCK_WINDOW:
        return _reject(ctx, 7, MSG_CLOCK)
    op = METHODS.get(params["method"])
    if op is None:
        return _reject(ctx, 6, "接口不存在")
    try:
        args = loads_body(ctx.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _reject(ctx, 8, "请求体不是合法的JSON")
    if not isinstance(args, list):
        return _reject(ctx, 8, "请求体必须是参数数组")
    try:
        return op(ctx, args)
    except Reject as r:
        return _reject(ctx, r.status, r.message)


def _reject(ctx, status, message):
    ctx.verdict = "rejected: status %d %s" % (status, message)
    return error(status, message)


# ---------------------------------------------------------------- helpers

def _str_field(item, name, maxlen, errors, where, default=""):
    v = item.get(name)
    if v is None:
        return default
    if isinstance(v, (dict, list)) or isinstance(v, bool):
        errors.append("%s%s类型错误" % (where, name))
        return default
    s = text(v)
    if maxlen is not None and len(s) > maxlen:
        errors.append("%s%s长度不能超过%d" % (where, name, maxlen))
    return s


def _dec_field(item, name, errors, where, default="0"):
    try:
        d = to_decimal(item.get(name), default)
    except ValueError:
        errors.append("%s%s不是合法的数字" % (where, name))
        return None
    if not fits_decimal_19_4(d):
        errors.append("%s%s超出范围" % (where, name))
        return None
    return d


def _one_list_arg(args, what):
    if len(args) != 1 or not isinstance(args[0], list):
        raise Reject(100, "参数错误: 需要1个参数(%s数组)" % what)
    return args[0]


# ---------------------------------------------------------------- goods.ApiGoods.upload

API_GOODS_STR = (("goods_id", 40), ("spec_id", 40), ("goods_no", 40), ("spec_no", 40),
                 ("goods_name", 255), ("spec_name", 100), ("pic_url", 255))


def api_goods_upload(ctx, args):
    sb = ctx.sandbox
    if len(args) != 1 or not isinstance(args[0], dict):
        raise Reject(100, "参数错误: 需要1个参数(param)")
    param = args[0]
    shop_no = param.get("shop_no")
    if not isinstance(shop_no, str) or shop_no == "":
        raise Reject(100, "shop_no不能为空")
    if not sb.shop_known(shop_no):
        raise Reject(100, MSG_SHOP)
    goods_list = param.get("goods_list")
    if not isinstance(goods_list, list) or not goods_list:
        raise Reject(100, "goods_list不能为空")
    ctx.items = len(goods_list)
    rows, errors = [], []
    for i, item in enumerate(goods_list):
        where = "goods_list[%d]." % i
        if not isinstance(item, dict):
            errors.append("goods_list[%d]格式错误" % i)
            continue
        row = {name: _str_field(item, name, n, errors, where) for name, n in API_GOODS_STR}
        status = item.get("status", 1)
        if status is None:
            status = 1
        try:
            status = int(text(status))
        except ValueError:
            status = -1
        if status not in (0, 1, 2):
            errors.append("%sstatus取值错误" % where)
        row["status"] = status
        price = _dec_field(item, "price", errors, where)
        stock = _dec_field(item, "stock_num", errors, where)
        row["price"] = dec4(price) if price is not None else None
        row["stock_num"] = dec4(stock) if stock is not None else None
        rows.append(row)
    if errors:
        raise Reject(100, "; ".join(errors[:5]))
    partial = ctx.take_partial()
    rejected = partial.rejected(len(rows)) if partial else set()
    now = int(ctx.now())
    rec_ids, error_list = [], []
    with sb.store.tx() as c:
        c.execute("INSERT OR IGNORE INTO shops(shop_no) VALUES(?)", (shop_no,))
        for i, row in enumerate(rows):
            if i in rejected:
                error_list.append({"goods_id": row["goods_id"], "spec_id": row["spec_id"],
                                   "error": partial.error or "平台货品保存失败"})
                continue
            key = (shop_no, row["goods_id"], row["spec_id"])
            found = c.execute("SELECT rec_id FROM api_goods WHERE shop_no=? AND goods_id=? AND spec_id=?",
                              key).fetchone()
            vals = (row["goods_no"], row["spec_no"], row["status"], row["goods_name"],
                    row["spec_name"], row["pic_url"], row["price"], row["stock_num"], now)
            if found:
                c.execute("UPDATE api_goods SET goods_no=?, spec_no=?, status=?, goods_name=?, "
                          "spec_name=?, pic_url=?, price=?, stock_num=?, modified=? WHERE rec_id=?",
                          vals + (found[0],))
                rec_ids.append(found[0])
                ctx.saved("%s/%s/%s" % key)
            else:
                cur = c.execute("INSERT INTO api_goods(goods_no, spec_no, status, goods_name, spec_name, "
                                "pic_url, price, stock_num, modified, shop_no, goods_id, spec_id, created) "
                                "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", vals + key + (now,))
                rec_ids.append(cur.lastrowid)
                ctx.saved("%s/%s/%s" % key)
    data = {"rec_ids": rec_ids, "status": 0}
    if error_list:
        data["error_list"] = error_list
    ctx.verdict = "partial" if error_list else "ok"
    return Response.json({"status": 0, "data": data})


# ---------------------------------------------------------------- goods.Goods.batchPush

GOODS_STR = (("goods_no", 40), ("goods_name", 255), ("class_name", 64), ("brand_name", 64),
             ("unit_name", 20), ("aux_unit_name", 20), ("flag_name", 32), ("short_name", 255),
             ("alias", 255), ("pinyin", 40), ("origin", 64), ("remark", 512),
             ("prop1", 255), ("prop2", 255), ("prop3", 255), ("prop4", 255), ("prop5", 255),
             ("prop6", 255))
SPEC_STR = (("spec_no", 40), ("spec_code", 40), ("barcode", 50), ("spec_name", 100),
            ("goods_label", 11), ("img_url", 1024), ("remark", 512), ("tax_code", 40),
            ("unit_name", 20), ("aux_unit_name", 20),
            ("prop1", 255), ("prop2", 255), ("prop3", 255), ("prop4", 255), ("prop5", 255),
            ("prop6", 255))
SPEC_DEC = ("lowest_price", "retail_price", "wholesale_price", "member_price", "market_price",
            "weight", "height", "length", "width", "custom_price1", "custom_price2",
            "sale_score", "pack_score", "pick_score", "sort_score", "scan_score", "supply_score",
            "shelve_score", "stockin_score", "inspect_score", "packing_score", "operate_score",
            "weigh_score", "consign_score")
DEFAULT_NONE = ("class_name", "brand_name", "unit_name", "aux_unit_name", "flag_name")


def _goods_error(g):
    """First problem of one goods (the page reports one error per goods), or None."""
    errs = []
    for name, n in GOODS_STR:
        _str_field(g, name, n, errs, "")
    if errs:
        return errs[0]
    if text(g.get("goods_no")) == "":
        return "货品编号不能为空"
    if text(g.get("goods_name")) == "":
        return "货品名称不能为空"
    specs = g.get("spec_list")
    if not isinstance(specs, list) or not specs or len(specs) > MAX_SPECS:
        return MSG_SPECS
    for j, s in enumerate(specs):
        if not isinstance(s, dict):
            return "单品信息格式错误"
        if text(s.get("spec_no")) == "":
            return "商家编码不能为空"
        for name, n in SPEC_STR:
            _str_field(s, name, n, errs, "")
        for name in SPEC_DEC:
            _dec_field(s, name, errs, "")
        if errs:
            return "%s(商家编码:%s)" % (errs[0], text(s.get("spec_no")))
    return None


def goods_batch_push(ctx, args):
    sb = ctx.sandbox
    goods_list = _one_list_arg(args, "goodsInfo")
    if not goods_list:
        raise Reject(100, "货品信息不能为空")
    if len(goods_list) > MAX_BATCH_GOODS:
        raise Reject(100, "货品条数不得超过%d条" % MAX_BATCH_GOODS)
    ctx.items = len(goods_list)
    partial = ctx.take_partial()
    rejected = partial.rejected(len(goods_list)) if partial else set()
    now = int(ctx.now())
    error_list = []
    with sb.store.tx() as c:
        for i, g in enumerate(goods_list):
            no = text(g.get("goods_no")) if isinstance(g, dict) else ""
            err = _goods_error(g) if isinstance(g, dict) else "货品信息格式错误"
            if err is None and i in rejected:
                err = partial.error or "分类不存在"
            if err is None:
                for s in g["spec_list"]:
                    owner = c.execute("SELECT goods_no FROM specs WHERE spec_no=?",
                                      (text(s["spec_no"]),)).fetchone()
                    if owner and owner[0] != no:
                        err = "商家编码%s已被其他货品使用" % text(s["spec_no"])
                        break
            if err is not None:
                error_list.append({"no": no, "error": err})
                continue
            doc = {k: v for k, v in g.items() if k != "spec_list"}
            for k in DEFAULT_NONE:
                if text(doc.get(k)) == "":
                    doc[k] = "无"
            found = c.execute("SELECT goods_id FROM goods WHERE goods_no=?", (no,)).fetchone()
            if found:
                c.execute("UPDATE goods SET goods_name=?, doc=?, modified=? WHERE goods_id=?",
                          (text(g["goods_name"]), dumps_doc(doc), now, found[0]))
            else:
                c.execute("INSERT INTO goods(goods_no, goods_name, doc, created, modified) "
                          "VALUES(?,?,?,?,?)", (no, text(g["goods_name"]), dumps_doc(doc), now, now))
            for s in g["spec_list"]:
                sno = text(s["spec_no"])
                sfound = c.execute("SELECT spec_id FROM specs WHERE spec_no=?", (sno,)).fetchone()
                if sfound:
                    c.execute("UPDATE specs SET goods_no=?, spec_name=?, doc=?, modified=? WHERE spec_id=?",
                              (no, text(s.get("spec_name")), dumps_doc(s), now, sfound[0]))
                else:
                    c.execute("INSERT INTO specs(spec_no, goods_no, spec_name, doc, created, modified) "
                              "VALUES(?,?,?,?,?,?)", (sno, no, text(s.get("spec_name")), dumps_doc(s), now, now))
            ctx.saved(no)
    ctx.verdict = "partial" if error_list else "ok"
    return Response.json({"status": 0, "data": {"error_list": error_list}})


# ---------------------------------------------------------------- purchase.ProviderGoods.upload

def provider_goods_upload(ctx, args):
    sb = ctx.sandbox
    rows = _one_list_arg(args, "purchase_provider_goods_list")
    if not rows:
        raise Reject(100, "供应商货品明细不能为空")
    ctx.items = len(rows)
    partial = ctx.take_partial()
    rejected = partial.rejected(len(rows)) if partial else set()
    now = int(ctx.now())
    error_list, seen = [], set()
    with sb.store.tx() as c:
        for i, r in enumerate(rows):
            if not isinstance(r, dict):
                error_list.append("供应商货品明细格式错误")
                continue
            pno, sno = text(r.get("provider_no")), text(r.get("spec_no"))
            errs = []
            for name in ("min_purchase_num", "discount", "price", "lowest_price", "tax_rate"):
                _dec_field(r, name, errs, "")
            if pno == "":
                err = "供应商编号不能为空,商家编码：%s" % sno
            elif sno == "":
                err = "%s 商家编码不能为空" % pno
            elif (pno, sno) in seen:
                err = "%s 供应商货品重复,商家编码：%s" % (pno, sno)
            elif errs:
                err = "%s %s,商家编码：%s" % (pno, errs[0], sno)
            elif sb.require_known_specs and not c.execute(
                    "SELECT 1 FROM specs WHERE spec_no=?", (sno,)).fetchone():
                err = "%s 单品不存在,商家编码：%s" % (pno, sno)
            elif i in rejected:
                err = partial.error or "%s 供应商不存在,商家编码：%s" % (pno, sno)
            else:
                err = None
            if err is not None:
                error_list.append(err)
                continue
            seen.add((pno, sno))
            found = c.execute("SELECT rec_id FROM provider_goods WHERE provider_no=? AND spec_no=?",
                              (pno, sno)).fetchone()
            if found:
                c.execute("UPDATE provider_goods SET doc=?, modified=? WHERE rec_id=?",
                          (dumps_doc(r), now, found[0]))
            else:
                c.execute("INSERT INTO provider_goods(provider_no, spec_no, doc, created, modified) "
                          "VALUES(?,?,?,?,?)", (pno, sno, dumps_doc(r), now, now))
            ctx.saved("%s/%s" % (pno, sno))
    ctx.verdict = "partial" if error_list else "ok"
    return Response.json({"status": 0, "data": {"error_list": error_list}})


METHODS = {
    "goods.ApiGoods.upload": api_goods_upload,
    "goods.Goods.batchPush": goods_batch_push,
    "purchase.ProviderGoods.upload": provider_goods_upload,
}


def internal_error():
    return error(99, "系统内部错误")
