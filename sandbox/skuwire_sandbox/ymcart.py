"""YMCart shop API: ``POST {prefix}/{method}`` with ``token`` + JSON parameters.

The vendor page documents neither URL shape nor encoding.  The sandbox
serves ``{prefix}/{method}`` (prefix ``/ymcart`` by default, configurable)
and reads parameters from the query string and from the body, which may be
``application/x-www-form-urlencoded`` (the default the lead's client uses),
``multipart/form-data`` or a JSON object.  JSON-structured parameters
(``goods_res``, ``sku_res``, ...) are JSON text inside those fields.

Envelopes chosen by the sandbox where the page is silent:

  {"code":401,"msg":"token_empty"}        no token
  {"code":401,"msg":"token_invalid"}      token not accepted
  {"code":404,"msg":"method_not_found"}   unknown method (HTTP 404); names are case-sensitive
  {"code":400,"msg":"data empty"}         JSON parameter missing, not JSON, wrong shape or empty
                                          (goodsRemove: "data_empty", as its page lists)
  {"code":400,"msg":"data_too_large"}     more than 200 items where the page says so
  {"code":429,"msg":"too_many_requests"}  rate_limit fault
  {"code":500,"msg":"server_error"}       sandbox bug
  updateSkuQty item matching several SKUs (same codeno, or sku_code "0_0" of
  single-spec goods): {"codeno": <given>, "msg": "sku_repeated"}, nothing updated
"""
import email.parser
import email.policy
import json
from urllib.parse import parse_qsl

from .util import bj_parse_loose, dec4, dumps_doc, text, to_decimal
from .wire import Response

MAX_ITEMS = 200
LIMITED = {"updateGoodsImage", "updateGoodsByAddSKU", "editCategory", "goodsRemove",
           "updateGoods", "updateSkuQty", "addCategory"}
STORE_ID = "1"
MSG_BOTH_EMPTY = "goods_id_empty and goods_codeno_empty"


class Fail(Exception):
    """Whole-call failure with a ready envelope."""

    def __init__(self, msg, code=400, http=200):
        Exception.__init__(self, msg)
        self.envelope = {"code": code, "msg": msg}
        self.http = http


def env(obj, http=200):
    return Response.json(obj, status=http)


def rate_limited(fault):
    return env({"code": 429, "msg": "too_many_requests"}, http=fault.http_status or 200)


def internal_error():
    return env({"code": 500, "msg": "server_error"})


def expired_credential():
    return env({"code": 401, "msg": "token_expired"})


# ---------------------------------------------------------------- request parsing

def parse_params(ctx):
    params = {}
    for k, v in parse_qsl(ctx.query or "", keep_blank_values=True):
        params.setdefault(k, v)
    ctype = ""
    for k, v in ctx.headers.items():
        if k.lower() == "content-type":
            ctype = v
    body = ctx.body
    low = ctype.lower()
    if not body:
        return params
    if low.startswith("application/json"):
        try:
            obj = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return params
        if isinstance(obj, dict):
            for k, v in obj.items():
                params[k] = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        return params
    if low.startswith("multipart/form-data"):
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body)
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name:
                payload = part.get_payload(decode=True) or b""
                params[name] = payload.decode("utf-8", "replace")
        return params
    try:
        for k, v in parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict"):
            params[k] = v
    except (UnicodeDecodeError, ValueError):
        pass
    return params


def handle(ctx):
    sb = ctx.sandbox
    params = parse_params(ctx)
    token = params.get("token", "")
    if token == "":
        ctx.verdict = "rejected: token_empty"
        return env({"code": 401, "msg": "token_empty"})
    if not sb.credentials.token_ok(token):
        ctx.verdict = "rejected: token_invalid"
        return env({"code": 401, "msg": "token_invalid"})
    fn = METHODS.get(ctx.op)
    if fn is None:
        ctx.verdict = "rejected: method_not_found"
        return env({"code": 404, "msg": "method_not_found"}, http=404)
    try:
        out = fn(ctx, params)
    except Fail as f:
        ctx.verdict = "rejected: %s" % f.envelope["msg"]
        return env(f.envelope, http=f.http)
    if ctx.verdict is None:
        ctx.verdict = "ok"
    return env(out)


def json_param(params, name, want=list, empty_msg="data empty"):
    raw = params.get(name)
    if raw is None or raw.strip() == "":
        raise Fail(empty_msg)
    try:
        value = json.loads(raw, parse_float=lambda s: to_decimal(s))
    except ValueError:
        raise Fail(empty_msg)
    if want is list and isinstance(value, dict):
        value = [value]
    if not isinstance(value, want) or not value:
        raise Fail(empty_msg)
    return value


def item_list(ctx, params, name, empty_msg="data empty"):
    items = json_param(params, name, list, empty_msg)
    if ctx.op in LIMITED and len(items) > MAX_ITEMS:
        raise Fail("data_too_large")
    ctx.items = len(items)
    return items


def _partial(ctx, n):
    f = ctx.take_partial()
    return (f.rejected(n), f.error) if f else (set(), None)


def _finish(ctx, failures):
    ctx.verdict = "partial" if failures else "ok"


# ---------------------------------------------------------------- store helpers

def _doc(row):
    return json.loads(row["doc"]) if row and row["doc"] else {}


def _save_doc(c, gid, doc, now, **cols):
    sets = ", ".join("%s=?" % k for k in cols)
    sql = "UPDATE ym_goods SET doc=?, modify_time=?%s WHERE id=?" % ((", " + sets) if sets else "")
    c.execute(sql, [dumps_doc(doc), now] + list(cols.values()) + [gid])


def _goods_by_id(c, gid):
    try:
        gid = int(text(gid))
    except ValueError:
        return None
    return c.execute("SELECT * FROM ym_goods WHERE id=?", (gid,)).fetchone()


def _goods_by_codeno(c, codeno):
    return c.execute("SELECT * FROM ym_goods WHERE codeno=? AND codeno!='' ORDER BY id LIMIT 1",
                     (codeno,)).fetchone()


def find_goods(c, item, codeno_key="codeno"):
    """goods_id has priority over codeno (updateGoods page, note 3)."""
    gid = text(item.get("goods_id"))
    if gid != "":
        return _goods_by_id(c, gid)
    codeno = text(item.get(codeno_key))
    if codeno != "":
        return _goods_by_codeno(c, codeno)
    return None


def _has_ref(item, codeno_key="codeno"):
    return text(item.get("goods_id")) != "" or text(item.get(codeno_key)) != ""


def _ident(item, codeno_key="codeno"):
    gid = text(item.get("goods_id"))
    return gid if gid != "" else text(item.get(codeno_key))


def ensure_category_path(c, path):
    """'A,A2,A3' -> (last id, [ids]); missing levels are created."""
    names = [n.strip() for n in text(path).split(",") if n.strip()]
    parent, ids = 0, []
    for n in names:
        row = c.execute("SELECT id FROM ym_category WHERE parent_id=? AND base_name=?", (parent, n)).fetchone()
        if row:
            parent = row[0]
        else:
            parent = c.execute("INSERT INTO ym_category(base_name, parent_id, listorder, doc) VALUES(?,?,?,?)",
                               (n, parent, 0, "{}")).lastrowid
        ids.append(parent)
    return (ids[-1] if ids else 0), ids


def ensure_brand(c, name):
    name = text(name).strip()
    if not name:
        return 0
    row = c.execute("SELECT id FROM ym_brand WHERE base_name=?", (name,)).fetchone()
    if row:
        return row[0]
    return c.execute("INSERT INTO ym_brand(base_name, doc) VALUES(?, '{}')", (name,)).lastrowid


def prop_value_id(c, gid, name, value):
    row = c.execute("SELECT id FROM ym_prop_value WHERE goods_id=? AND name=? AND value=?",
                    (gid, name, value)).fetchone()
    if row:
        return row[0]
    return c.execute("INSERT INTO ym_prop_value(goods_id, name, value) VALUES(?,?,?)",
                     (gid, name, value)).lastrowid


def parse_options(g):
    """sku_option1..5 'Color:Red,Black' -> [{"name": "Color", "values": ["Red", "Black"]}]."""
    opts = []
    for i in range(1, 6):
        raw = text(g.get("sku_option%d" % i)).strip()
        if not raw:
            continue
        name, _, values = raw.partition(":")
        opts.append({"name": name.strip(), "values": [v.strip() for v in values.split(",") if v.strip()]})
    return opts


def _num(value, default="0"):
    try:
        d = to_decimal(value, default)
    except ValueError:
        return None
    return d


def _int(value, default=0):
    try:
        return int(to_decimal(value, str(default)))
    except (ValueError, ArithmeticError):
        return None


def sku_rows(g, options):
    """SKU definitions of an addGoods/updateGoods item: [(props, data)] or an error text."""
    mode = _int(g.get("spec_mode"), 0)
    if mode == 1:
        specs = g.get("muti_spec_res")
        if not isinstance(specs, list) or not specs:
            return "muti_spec_res_empty"
        if not options:
            return "sku_option_empty"
        out = []
        for s in specs:
            if not isinstance(s, dict):
                return "muti_spec_res_error"
            values = text(s.get("spec_value_name")).split("_")
            if len(values) != len(options):
                return "spec_value_name_error"
            props = [[o["name"], v] for o, v in zip(options, values)]
            out.append((props, s))
        return out
    if mode in (0, 2):
        single = g.get("single_res")
        if single is not None and not isinstance(single, dict):
            return "single_res_error"
        return [([], single or {"codeno": text(g.get("codeno")), "price": g.get("price")})]
    return "spec_mode_error"


def put_sku(c, gid, props, s, now, goods_price="0"):
    """Insert or update the SKU of goods gid with these sale-property values."""
    if props:
        code = "_".join(str(prop_value_id(c, gid, n, v)) for n, v in props)
    else:
        code = "0_0"
    price = _num(s.get("price"), goods_price)
    stock = _int(s.get("stock"), 0)
    weight = _num(s.get("weight"))
    volume = _num(s.get("volume"))
    if price is None or stock is None or weight is None or volume is None:
        return None
    vals = dict(codeno=text(s.get("codeno")), barcode=text(s.get("barcode")), stock_nums=stock,
                price=str(price), market_price=str(_num(s.get("market_price"), "0") or 0),
                weight=str(weight), volume=str(volume),
                sku_value=",".join("%s:%s" % (n, v) for n, v in props),
                props=json.dumps(props, ensure_ascii=False), update_time=now)
    row = c.execute("SELECT id FROM ym_sku WHERE goods_id=? AND sku_code=?", (gid, code)).fetchone()
    if row:
        c.execute("UPDATE ym_sku SET %s WHERE id=?" % ", ".join("%s=?" % k for k in vals),
                  list(vals.values()) + [row[0]])
        return row[0]
    vals.update(goods_id=gid, sku_code=code, create_time=now,
                images=json.dumps(s.get("images") or [], ensure_ascii=False))
    return c.execute("INSERT INTO ym_sku(%s) VALUES(%s)" % (", ".join(vals), ", ".join("?" * len(vals))),
                     list(vals.values())).lastrowid


def _delete_goods(c, gid):
    c.execute("DELETE FROM ym_sku WHERE goods_id=?", (gid,))
    c.execute("DELETE FROM ym_prop_value WHERE goods_id=?", (gid,))
    c.execute("DELETE FROM ym_rel WHERE goods_id=? OR rel_goods_id=?", (gid, gid))
    c.execute("DELETE FROM ym_rec_goods WHERE goods_id=?", (gid,))
    c.execute("DELETE FROM ym_goods WHERE id=?", (gid,))


GOODS_SCALARS = ("price", "weight", "volume", "group_codeno", "detail", "mini_detail", "is_diy_remark",
                 "is_bookable", "visit_counts", "buy_counts", "wishlist_counts", "title", "keywords",
                 "descript", "listorder", "spec_mode", "goods_type", "common_property",
                 "relation_codenos", "timed_release", "supplier_remark", "is_taxed", "main_image",
                 "other_images", "muti_spec_image_name", "muti_spec_images", "category_rel",
                 "sale_mode_res", "market_price", "cost_price", "moq", "b2b_status", "tags", "goods_tags")


def _apply_goods_fields(c, doc, g, creating):
    for k in GOODS_SCALARS:
        if k in g:
            v = g[k]
            if k in ("main_image", "other_images") and not creating and text(v) == "":
                continue  # "留空不更新"
            doc[k] = v
    if "goods_tags" in g:
        doc["tags"] = g["goods_tags"]
    if "other_images" in doc and ("other_images" in g):
        doc["images"] = [u.strip() for u in text(doc["other_images"]).split(",") if u.strip()]
    if "category_rel" in g:
        rel_ids = []
        for path in text(g["category_rel"]).split("|"):
            if path.strip():
                rel_ids.append(ensure_category_path(c, path)[1])
        doc["rel_category_path"] = rel_ids
    if "sale_mode_res" in g and isinstance(g["sale_mode_res"], dict):
        doc["sale_mode_res"] = g["sale_mode_res"]


# ---------------------------------------------------------------- goods pushes

def add_goods(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_res")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    fails, ok = [], 0
    with sb.store.tx() as c:
        for i, g in enumerate(items):
            if not isinstance(g, dict):
                fails.append({"base_name": None, "codeno": None, "msg": "data_error"})
                continue
            name, codeno = text(g.get("base_name")), text(g.get("codeno"))
            options = parse_options(g)
            skus = sku_rows(g, options)
            if name == "":
                err = "base_name_empty"
            elif text(g.get("price")) == "":
                err = "price_empty"
            elif _num(g.get("price")) is None:
                err = "price_error"
            elif text(g.get("category")).strip(", ") == "":
                err = "category_empty"
            elif codeno and _goods_by_codeno(c, codeno):
                err = "codeno_exists"
            elif isinstance(skus, str):
                err = skus
            elif i in rejected:
                err = perr or "insert_fail"
            else:
                err = None
            if err is not None:
                fails.append({"base_name": name, "codeno": codeno, "msg": err})
                continue
            cat_id, cat_ids = ensure_category_path(c, g.get("category"))
            brand_id = ensure_brand(c, g.get("brand", g.get("brand_name")))
            doc = {"category_path": cat_ids, "sku_options": options}
            _apply_goods_fields(c, doc, g, creating=True)
            status = _int(g.get("status"), 1)
            gid = c.execute("INSERT INTO ym_goods(codeno, base_name, status, category_id, brand_id, "
                            "create_time, modify_time, doc) VALUES(?,?,?,?,?,?,?,?)",
                            (codeno, name, status if status is not None else 1, cat_id, brand_id,
                             now, now, dumps_doc(doc))).lastrowid
            bad = False
            for props, s in skus:
                if put_sku(c, gid, props, s, now, text(g.get("price"), "0")) is None:
                    bad = True
            if bad:
                _delete_goods(c, gid)
                fails.append({"base_name": name, "codeno": codeno, "msg": "sku_data_error"})
                continue
            _set_relations(c, gid, g.get("relation_codenos"))
            ok += 1
            ctx.saved(codeno or name)
    _finish(ctx, fails)
    return {"code": 0, "failure_count": len(fails), "success_count": ok, "msg": fails}


def _set_relations(c, gid, rel):
    if not isinstance(rel, dict):
        return
    for key, relation in (("one_way", "one"), ("two_way", "mutual")):
        for codeno in rel.get(key) or []:
            other = _goods_by_codeno(c, text(codeno))
            if other:
                _relate(c, gid, other["id"], relation)


def _relate(c, gid, other, relation):
    c.execute("INSERT OR REPLACE INTO ym_rel(goods_id, rel_goods_id, relation) VALUES(?,?,?)",
              (gid, other, relation))
    if relation == "mutual":
        c.execute("INSERT OR REPLACE INTO ym_rel(goods_id, rel_goods_id, relation) VALUES(?,?,?)",
                  (other, gid, relation))


def update_goods(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_res")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    fails = []
    with sb.store.tx() as c:
        for i, g in enumerate(items):
            if not isinstance(g, dict):
                fails.append({"index": i, "goods_id": None, "codeno": None, "msg": "data_error"})
                continue
            row = find_goods(c, g)
            err = None
            if not _has_ref(g):
                err = MSG_BOTH_EMPTY
            elif row is None:
                err = "goods_404"
            elif "base_name" in g and text(g["base_name"]) == "":
                err = "base_name_empty"
            elif "price" in g and _num(g.get("price")) is None:
                err = "price_error"
            elif text(g.get("goods_id")) != "" and text(g.get("codeno")) not in ("", row["codeno"]):
                other = _goods_by_codeno(c, text(g["codeno"]))
                if other and other["id"] != row["id"]:
                    err = "codeno_exists"
            if err is None and i in rejected:
                err = perr or "update_fail"
            options = skus = None
            if err is None:
                doc = _doc(row)
                options = parse_options(g) or doc.get("sku_options") or []
                has_skus = ("muti_spec_res" in g or "single_res" in g) and text(g.get("not_update_sku")).lower() not in ("1", "true")
                if has_skus:
                    probe = dict(g)
                    probe.setdefault("spec_mode", doc.get("spec_mode", 0))
                    skus = sku_rows(probe, options)
                    if isinstance(skus, str):
                        err = skus
            if err is not None:
                fails.append({"index": i, "goods_id": text(g.get("goods_id")) or None,
                              "codeno": text(g.get("codeno")) or None, "msg": err})
                continue
            cols = {}
            if "base_name" in g:
                cols["base_name"] = text(g["base_name"])
            if text(g.get("goods_id")) != "" and text(g.get("codeno")) != "":
                cols["codeno"] = text(g["codeno"])
            if "status" in g and _int(g["status"]) is not None:
                cols["status"] = _int(g["status"])
            if text(g.get("category")).strip(", "):
                cols["category_id"], doc["category_path"] = ensure_category_path(c, g["category"])
            if "brand_name" in g or "brand" in g:
                cols["brand_id"] = ensure_brand(c, g.get("brand_name", g.get("brand")))
            if parse_options(g):
                doc["sku_options"] = options
            _apply_goods_fields(c, doc, g, creating=False)
            _save_doc(c, row["id"], doc, now, **cols)
            if skus:
                for props, s in skus:
                    put_sku(c, row["id"], props, s, now, text(g.get("price", doc.get("price")), "0"))
    _finish(ctx, fails)
    return {"code": 0, "msg": fails or None}


def goods_remove(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_remove_res", empty_msg="data_empty")
    rejected, perr = _partial(ctx, len(items))
    fails, seen = [], set()
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            it = it if isinstance(it, dict) else {}
            codeno, sku = text(it.get("codeno")), text(it.get("sku_codeno"))
            out = {"codeno": codeno or None, "sku_codeno": sku or None}
            if not codeno and not sku:
                fails.append(dict(out, msg="query_param_404"))
                continue
            if (codeno, sku) in seen:
                fails.append(dict(out, msg="query_param_repeated"))
                continue
            seen.add((codeno, sku))
            goods = _goods_by_codeno(c, codeno) if codeno else None
            if codeno and goods is None:
                fails.append(dict(out, msg="codeno_404"))
                continue
            if sku:
                q = "SELECT id FROM ym_sku WHERE codeno=?" + (" AND goods_id=?" if goods else "")
                ids = [r[0] for r in c.execute(q, (sku, goods["id"]) if goods else (sku,))]
                if not ids:
                    fails.append(dict(out, msg="sku_codeno_404"))
                    continue
            if i in rejected:
                fails.append(dict(out, msg=perr or "delete_fail"))
                continue
            if sku:
                c.executemany("DELETE FROM ym_sku WHERE id=?", [(x,) for x in ids])
            else:
                _delete_goods(c, goods["id"])
    _finish(ctx, fails)
    return {"code": 0, "status": 1, "msg": fails}


def _prevalidate_refs(items, codeno_key):
    for it in items:
        if not isinstance(it, dict) or not _has_ref(it, codeno_key):
            raise Fail(MSG_BOTH_EMPTY)


def _prop_match(props, name, value):
    return any(n.lower() == text(name).lower() and v == text(value) for n, v in props)


def sku_remove(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "sku_res")
    _prevalidate_refs(items, "goods_codeno")
    for it in items:
        if text(it.get("sku_codeno")) == "" and not it.get("sale_prop"):
            raise Fail("sku_codeno_empty and sale_prop_empty")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    fails, ok = [], 0
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            goods = find_goods(c, it, "goods_codeno")
            if goods is None:
                fails.append({"index": i, "msg": "goods_404"})
                continue
            skus = c.execute("SELECT id, codeno, props FROM ym_sku WHERE goods_id=?", (goods["id"],)).fetchall()
            sku_codeno = text(it.get("sku_codeno"))
            if sku_codeno:
                hit = [s["id"] for s in skus if s["codeno"] == sku_codeno]
            else:
                want = it.get("sale_prop") if isinstance(it.get("sale_prop"), list) else []
                hit = [s["id"] for s in skus
                       if want and all(isinstance(p, dict) and
                                       _prop_match(json.loads(s["props"]), p.get("prop_name"), p.get("prop_value"))
                                       for p in want)]
            if not hit:
                fails.append({"index": i, "msg": "sku_404"})
                continue
            if i in rejected:
                fails.append({"index": i, "msg": perr or "delete_fail"})
                continue
            c.executemany("DELETE FROM ym_sku WHERE id=?", [(x,) for x in hit])
            c.execute("UPDATE ym_goods SET modify_time=? WHERE id=?", (now, goods["id"]))
            ok += 1
    _finish(ctx, fails)
    return {"code": 0, "success_count": ok, "status": 1, "msg": fails}


def _images(value):
    if isinstance(value, list):
        return [text(v) for v in value if text(v)]
    return [u.strip() for u in text(value).split(",") if u.strip()]


def update_goods_image(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_res")
    _prevalidate_refs(items, "codeno")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    fails, ok = [], 0
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            goods = find_goods(c, it, "codeno")
            if goods is None:
                fails.append({"index": i, "msg": "goods_404"})
                continue
            if i in rejected:
                fails.append({"index": i, "msg": perr or "update_fail"})
                continue
            doc = _doc(goods)
            if "images" in it:
                new = _images(it["images"])
                doc["images"] = (doc.get("images") or []) + new if text(it.get("is_append")) == "1" else new
            for sr in it.get("sku_res") or []:
                if not isinstance(sr, dict) or not isinstance(sr.get("sku_option"), dict):
                    continue
                opt = sr["sku_option"]
                album = doc.get("images_album") or {"spec_name": text(opt.get("name")), "spec_image": []}
                album["spec_name"] = text(opt.get("name"))
                new = _images(sr.get("images"))
                entry = next((e for e in album["spec_image"] if e["muti_spec_value"] == text(opt.get("value"))), None)
                if entry is None:
                    entry = {"muti_spec_value": text(opt.get("value")), "image": "", "images": []}
                    album["spec_image"].append(entry)
                allimgs = ([entry["image"]] if entry["image"] else []) + entry["images"]
                allimgs = allimgs + new if text(sr.get("is_append")) == "1" else new
                entry["image"], entry["images"] = (allimgs[0] if allimgs else ""), allimgs[1:]
                doc["images_album"] = album
                for s in c.execute("SELECT id, props FROM ym_sku WHERE goods_id=?", (goods["id"],)).fetchall():
                    if _prop_match(json.loads(s["props"]), opt.get("name"), opt.get("value")):
                        c.execute("UPDATE ym_sku SET images=?, update_time=? WHERE id=?",
                                  (json.dumps(allimgs, ensure_ascii=False), now, s["id"]))
            _save_doc(c, goods["id"], doc, now)
            ok += 1
    _finish(ctx, fails)
    return {"code": 0, "success_count": ok, "msg": fails}


def update_goods_by_add_sku(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_sku_res")
    _prevalidate_refs(items, "goods_codeno")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    fails, ok = [], 0
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            goods = find_goods(c, it, "goods_codeno")
            if goods is None:
                fails.append({"index": i, "msg": "goods_404"})
                continue
            doc = _doc(goods)
            options = doc.get("sku_options") or []
            srs = it.get("sku_res")
            srs = [srs] if isinstance(srs, dict) else (srs if isinstance(srs, list) else [])
            err = None if srs else "sku_res_empty"
            plan = []
            for sr in srs:
                if err:
                    break
                so = sr.get("sku_options") if isinstance(sr, dict) else None
                if not isinstance(so, list) or not so:
                    err = "sku_options_empty"
                    break
                given = {text(o.get("name")): text(o.get("value")) for o in so if isinstance(o, dict)}
                if set(given) != {o["name"] for o in options}:
                    err = "sku_options_error"
                    break
                props = [[o["name"], given[o["name"]]] for o in options]
                existing = [json.loads(s["props"]) for s in
                            c.execute("SELECT props FROM ym_sku WHERE goods_id=?", (goods["id"],))]
                if props in existing:
                    err = "sku_exists"
                    break
                plan.append((props, sr))
            if err is None and i in rejected:
                err = perr or "insert_fail"
            if err is not None:
                fails.append({"index": i, "msg": err})
                continue
            for props, sr in plan:
                price = _num(sr.get("price"), "0")
                if price is not None and price == 0:
                    prices = [to_decimal(r[0], "0") for r in
                              c.execute("SELECT price FROM ym_sku WHERE goods_id=?", (goods["id"],))]
                    price = max(prices + [_num(doc.get("price"), "0") or 0])
                    sr = dict(sr, price=str(price))
                for n, v in props:
                    opt = next(o for o in options if o["name"] == n)
                    if v not in opt["values"]:
                        opt["values"].append(v)
                put_sku(c, goods["id"], props, sr, now)
            doc["sku_options"] = options
            _save_doc(c, goods["id"], doc, now)
            ok += 1
    _finish(ctx, fails)
    return {"code": 0, "success_count": ok, "msg": fails}


def update_goods_by_del_sale_prop(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_res")
    _prevalidate_refs(items, "goods_codeno")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    fails, ok = [], 0
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            goods = find_goods(c, it, "goods_codeno")
            if goods is None:
                fails.append({"index": i, "msg": "goods_404"})
                continue
            props = [p for p in (it.get("sale_prop") or []) if isinstance(p, dict)]
            doc = _doc(goods)
            options = doc.get("sku_options") or []
            known = [(o["name"].lower(), v) for o in options for v in o["values"]]
            if not props or not all((text(p.get("prop_name")).lower(), text(p.get("prop_value"))) in known
                                    for p in props):
                fails.append({"index": i, "msg": "sale_prop_404"})
                continue
            if i in rejected:
                fails.append({"index": i, "msg": perr or "delete_fail"})
                continue
            for p in props:
                name, value = text(p.get("prop_name")), text(p.get("prop_value"))
                for o in options:
                    if o["name"].lower() == name.lower() and value in o["values"]:
                        o["values"].remove(value)
                for s in c.execute("SELECT id, props FROM ym_sku WHERE goods_id=?", (goods["id"],)).fetchall():
                    if _prop_match(json.loads(s["props"]), name, value):
                        c.execute("DELETE FROM ym_sku WHERE id=?", (s["id"],))
            doc["sku_options"] = options
            _save_doc(c, goods["id"], doc, now)
            ok += 1
    _finish(ctx, fails)
    return {"code": 0, "success_count": ok, "msg": fails}


def update_sku_qty(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "sku_res")
    opts = {}
    raw = params.get("update_options", "")
    if raw.strip():
        try:
            opts = json.loads(raw)
        except ValueError:
            opts = None
        if not isinstance(opts, dict):
            raise Fail("update_options_error")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    out, touched, failed = [], set(), 0
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            it = it if isinstance(it, dict) else {}
            for key in ("id", "codeno", "sku_code"):
                if text(it.get(key)) != "":
                    ident = text(it.get(key))
                    rows = c.execute("SELECT id, goods_id, codeno FROM ym_sku WHERE %s=?" % key,
                                     (ident,)).fetchall()
                    break
            else:
                ident, rows = "", []
            num = _int(it.get("num")) if "num" in it else None
            price = _num(it.get("price")) if text(it.get("price")) != "" else None
            if not rows:
                out.append({"codeno": ident, "msg": "sku_null"})
                failed += 1
                continue
            if len(rows) > 1:  # e.g. sku_code "0_0" of every single-spec goods: refuse to guess
                out.append({"codeno": ident, "msg": "sku_repeated"})
                failed += 1
                continue
            label = rows[0]["codeno"] or ident
            if ("num" in it and num is None) or (text(it.get("price")) != "" and price is None):
                out.append({"codeno": label, "msg": "data_error"})
                failed += 1
                continue
            if i in rejected:
                out.append({"codeno": label, "msg": perr or "update_fail"})
                failed += 1
                continue
            for r in rows:
                if num is not None:
                    c.execute("UPDATE ym_sku SET stock_nums=?, update_time=? WHERE id=?", (num, now, r["id"]))
                if price is not None:
                    c.execute("UPDATE ym_sku SET price=?, update_time=? WHERE id=?", (str(price), now, r["id"]))
                touched.add(r["goods_id"])
            out.append({"codeno": label, "msg": "success"})
        for gid in touched:
            goods = _goods_by_id(c, gid)
            stock = c.execute("SELECT COALESCE(SUM(stock_nums), 0) FROM ym_sku WHERE goods_id=?", (gid,)).fetchone()[0]
            doc, cols = _doc(goods), {}
            if _int(opts.get("update_status"), 0):
                cols["status"] = 1 if stock > 0 else 0
            if _int(opts.get("update_listorder"), 0):
                lo = abs(_int(doc.get("listorder"), 0) or 0)
                doc["listorder"] = lo if stock > 0 else -lo
            _save_doc(c, gid, doc, now, **cols)
    ctx.verdict = "partial" if failed else "ok"
    return {"code": 0, "msg": out}


# ---------------------------------------------------------------- relations, modes, groups

def _id_list(value):
    if isinstance(value, list):
        return [text(v).strip() for v in value if text(v).strip()]
    return [v.strip() for v in text(value).split(",") if v.strip()]


def update_goods_rel(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_rel_res")
    rejected, perr = _partial(ctx, len(items))
    ok, failed, errors = 0, 0, []
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            it = it if isinstance(it, dict) else {}
            gid = text(it.get("goods_id"))
            goods = _goods_by_id(c, gid) if gid else None
            if not gid:
                errors.append("goods_id empty!")
                failed += 1
                continue
            if goods is None:
                errors.append("%s goods not exist!" % gid)
                failed += 1
                continue
            if i in rejected:
                errors.append(perr or "%s update fail!" % gid)
                failed += 1
                continue
            for rg in it.get("rel_goods") or []:
                rid = text(rg.get("goods_id")) if isinstance(rg, dict) else text(rg)
                other = _goods_by_id(c, rid) if rid else None
                if other is None:
                    errors.append("%s rel goods %s not exist!" % (gid, rid))
                    continue
                rel = text(rg.get("relation")) if isinstance(rg, dict) else ""
                _relate(c, goods["id"], other["id"], "mutual" if rel == "mutual" else "one")
            ok += 1
    ctx.verdict = "partial" if failed or errors else "ok"
    return {"code": 0, "status": 1, "success_count": ok, "failed_count": failed, "error_msg": errors}


def update_goods_sale_mode(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_sale_mode_res")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    ok, errors = 0, []
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            it = it if isinstance(it, dict) else {}
            ident = _ident(it)
            goods = find_goods(c, it)
            mode = _int(it.get("sale_mode"))
            if not _has_ref(it):
                errors.append(MSG_BOTH_EMPTY)
            elif goods is None:
                errors.append("%s goods not exist!" % ident)
            elif mode not in (0, 1, 2, 4):
                errors.append("%s sale_mode error!" % ident)
            elif mode == 1 and text(it.get("discount")) == "":
                errors.append("%s discount empty!" % ident)
            elif mode == 2 and not isinstance(it.get("range_end"), list):
                errors.append("%s range_end empty!" % ident)
            elif i in rejected:
                errors.append(perr or "%s update fail!" % ident)
            else:
                doc = _doc(goods)
                res = {k: v for k, v in it.items() if k not in ("goods_id", "codeno")}
                if mode == 0:
                    doc.pop("sale_mode_res", None)
                else:
                    doc["sale_mode_res"] = res
                _save_doc(c, goods["id"], doc, now)
                ok += 1
    ctx.verdict = "partial" if errors else "ok"
    return {"code": 0, "status": 1, "success_count": ok, "failed_count": len(items) - ok, "error_msg": errors}


def update_goods_rec_rel(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_rec_rel_res")
    rejected, perr = _partial(ctx, len(items))
    ok, errors = 0, []
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            it = it if isinstance(it, dict) else {}
            ident = _ident(it)
            goods = find_goods(c, it)
            clear = it.get("clear_all") in (True, 1, "1", "true")
            ids, names = _id_list(it.get("rec_ids")), _id_list(it.get("rec_names"))
            if not _has_ref(it):
                errors.append(MSG_BOTH_EMPTY)
                continue
            if goods is None:
                errors.append("%s goods not exist!" % ident)
                continue
            if not ids and not names and not clear:
                errors.append("%s rec_ids and rec_names empty!" % ident)
                continue
            recs, missing = [], []
            for rid in ids:
                row = c.execute("SELECT id FROM ym_goods_rec WHERE id=?", (_int(rid, -1),)).fetchone()
                (recs.append(row[0]) if row else missing.append(rid))
            for nm in names:
                row = c.execute("SELECT id FROM ym_goods_rec WHERE base_name=?", (nm,)).fetchone()
                (recs.append(row[0]) if row else missing.append(nm))
            if missing:
                errors.append("%s rec %s not exist!" % (ident, ",".join(missing)))
                continue
            if i in rejected:
                errors.append(perr or "%s update fail!" % ident)
                continue
            if clear:
                c.execute("DELETE FROM ym_rec_goods WHERE goods_id=?", (goods["id"],))
            for r in recs:
                c.execute("INSERT OR IGNORE INTO ym_rec_goods(rec_id, goods_id) VALUES(?,?)", (r, goods["id"]))
            ok += 1
    ctx.verdict = "partial" if errors else "ok"
    return {"code": 0, "status": 1, "success_count": ok, "failed_count": len(items) - ok, "error_msg": errors}


def update_goods_user_group(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "goods_user_res")
    rejected, perr = _partial(ctx, len(items))
    now = int(ctx.now())
    ok, failed, msgs = 0, 0, []
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            it = it if isinstance(it, dict) else {}
            ident = _ident(it)
            goods = find_goods(c, it)
            if goods is None:
                msgs.append("%s goods not exist!" % (ident or "goods_id_empty and codeno_empty"))
                failed += 1
                continue
            if i in rejected:
                msgs.append(perr or "%s update fail!" % ident)
                failed += 1
                continue
            doc = _doc(goods)
            groups = doc.get("user_groups") or []
            for g in _id_list(it.get("user_group")):
                if g in sb.ymcart_user_groups:
                    if g not in groups:
                        groups.append(g)
                    msgs.append("%s group %s add success!" % (ident, g))
                else:
                    msgs.append("%s group %s not exist!" % (ident, g))
            doc["user_groups"] = groups
            _save_doc(c, goods["id"], doc, now)
            ok += 1
    ctx.verdict = "partial" if failed else "ok"
    return {"code": 0, "status": 1, "msg": msgs, "success_count": ok, "failed_count": failed}


def update_topic(ctx, params):
    sb = ctx.sandbox
    obj = json_param(params, "topic_res", dict)
    topic = obj.get("topic_res") if isinstance(obj.get("topic_res"), dict) else {}
    tid = _int(topic.get("topic_id"))
    if not tid:
        raise Fail("topic_id_empty")
    ctx.items = sum(len(t.get("tag_goods_res") or []) for t in obj.get("topic_goods") or [] if isinstance(t, dict))
    with sb.store.tx() as c:
        c.execute("INSERT OR REPLACE INTO ym_topic(id, doc) VALUES(?,?)", (tid, dumps_doc(obj)))
    return {"status": 1, "code": 0, "msg": "success"}


def update_goods_rec(ctx, params):
    sb = ctx.sandbox
    obj = json_param(params, "goods_rec", dict)
    rec = obj.get("goods_rec")
    if not isinstance(rec, dict):
        raise Fail("data empty")
    goods_list = obj.get("goods_list") or []
    if not isinstance(goods_list, list):
        raise Fail("data empty")
    ctx.items = len(goods_list)
    with sb.store.tx() as c:
        rid = _int(rec.get("goods_rec_id"), 0) or None
        fields = {k: v for k, v in rec.items() if k != "goods_rec_id"}
        if rid and c.execute("SELECT 1 FROM ym_goods_rec WHERE id=?", (rid,)).fetchone():
            c.execute("UPDATE ym_goods_rec SET base_name=?, doc=? WHERE id=?",
                      (text(rec.get("base_name")), dumps_doc(fields), rid))
        else:
            rid = c.execute("INSERT INTO ym_goods_rec(id, base_name, doc) VALUES(?,?,?)",
                            (rid, text(rec.get("base_name")), dumps_doc(fields))).lastrowid
        if "goods_list" in obj:
            c.execute("DELETE FROM ym_rec_goods WHERE rec_id=?", (rid,))
            for gid in goods_list:
                if _goods_by_id(c, gid):
                    c.execute("INSERT OR IGNORE INTO ym_rec_goods(rec_id, goods_id) VALUES(?,?)", (rid, int(text(gid))))
    return {"status": 1, "code": 0, "msg": "success"}


# ---------------------------------------------------------------- categories

CAT_FIELDS = ("status", "image", "image1", "image2", "title", "keywords", "descript", "b2b_status",
              "order_by", "order_field")


def add_category(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "category_res")
    rejected, perr = _partial(ctx, len(items))
    fails = []
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            name = text(it.get("name")) if isinstance(it, dict) else ""
            if not name.strip(" ,"):
                fails.append({"index": i, "msg": "insert_fail"})
                continue
            if i in rejected:
                fails.append({"index": i, "msg": perr or "insert_fail"})
                continue
            ensure_category_path(c, name)
    _finish(ctx, fails)
    return {"code": 0, "msg": fails}


def edit_category(ctx, params):
    sb = ctx.sandbox
    items = item_list(ctx, params, "category_res")
    rejected, perr = _partial(ctx, len(items))
    fails = []
    with sb.store.tx() as c:
        for i, it in enumerate(items):
            it = it if isinstance(it, dict) else {}
            cid = _int(it.get("category_id"))
            row = c.execute("SELECT * FROM ym_category WHERE id=?", (cid,)).fetchone() if cid else None
            name = text(it.get("base_name"), row["base_name"] if row else "")
            clash = row and c.execute("SELECT 1 FROM ym_category WHERE parent_id=? AND base_name=? AND id!=?",
                                      (row["parent_id"], name, cid)).fetchone()
            if row is None or not name or clash or i in rejected:
                # the vendor's spelling
                fails.append({"index": i, "msg": (perr if i in rejected and perr else "udpate_fail")})
                continue
            doc = json.loads(row["doc"] or "{}")
            doc.update({k: it[k] for k in CAT_FIELDS if k in it})
            lo = _int(it.get("listorder"), row["listorder"])
            c.execute("UPDATE ym_category SET base_name=?, listorder=?, doc=? WHERE id=?",
                      (name, lo if lo is not None else row["listorder"], dumps_doc(doc), cid))
    _finish(ctx, fails)
    return {"code": 0, "msg": fails}


def category_list(ctx, params):
    sb = ctx.sandbox
    out = []
    for r in sb.store.query("SELECT * FROM ym_category ORDER BY id"):
        doc = json.loads(r["doc"] or "{}")
        vals = [("id", str(r["id"])), ("base_name", r["base_name"]), ("parent_id", str(r["parent_id"])),
                ("listorder", str(r["listorder"])), ("title", text(doc.get("title"))),
                ("keywords", text(doc.get("keywords"))), ("descript", text(doc.get("descript")))]
        row = {}
        for n, (k, v) in enumerate(vals):  # PHP fetch-both arrays: numeric and named keys
            row[str(n)] = v
            row[k] = v
        out.append(row)
    ctx.items = len(out)
    return {"code": 0, "data": out}


def brand_list(ctx, params):
    sb = ctx.sandbox
    out = []
    for r in sb.store.query("SELECT * FROM ym_brand ORDER BY id"):
        doc = json.loads(r["doc"] or "{}")
        out.append({"id": str(r["id"]), "base_name": r["base_name"], "title": text(doc.get("title")),
                    "keywords": text(doc.get("keywords")), "descript": text(doc.get("descript"))})
    ctx.items = len(out)
    return {"code": 0, "status": 1, "data": {"list": out}}


# ---------------------------------------------------------------- lists

def _page(params, default_size):
    size = _int(params.get("page_size") or None, default_size)
    no = _int(params.get("page_no") or None, 1)
    if size is None or size < 1:
        raise Fail("page_size_error")
    if no is None or no < 1:
        raise Fail("page_no_error")
    return size, no


def _sku_out(s):
    return {
        "id": str(s["id"]), "goods_id": str(s["goods_id"]), "sku_code": s["sku_code"],
        "codeno": s["codeno"], "store_id": STORE_ID, "base_name": None, "sku_value": s["sku_value"],
        "barcode": s["barcode"], "stock_nums": str(s["stock_nums"]), "status": str(s["status"]),
        "price": dec4(s["price"]), "market_price": dec4(s["market_price"]),
        "cost_price": dec4(s["cost_price"]), "weight": dec4(s["weight"]),
        "create_time": str(s["create_time"]), "update_time": str(s["update_time"]),
        "is_instock": "1" if s["stock_nums"] > 0 else "0",
    }


def sku_list(ctx, params):
    sb = ctx.sandbox
    size, no = _page(params, 500)
    where, args = ["1=1"], []
    if params.get("goods_codeno"):
        where.append("g.codeno=?")
        args.append(params["goods_codeno"])
    if params.get("sku_codeno"):
        where.append("s.codeno=?")
        args.append(params["sku_codeno"])
    if params.get("is_instock", "") in ("0", "1"):
        where.append("s.stock_nums %s 0" % (">" if params["is_instock"] == "1" else "<="))
    order = "ASC" if params.get("order_by") == "1" else "DESC"
    w = " AND ".join(where)
    base = "FROM ym_sku s JOIN ym_goods g ON g.id = s.goods_id WHERE " + w
    with sb.store.lock:
        count = sb.store.conn.execute("SELECT COUNT(*) " + base, args).fetchone()[0]
        rows = sb.store.conn.execute("SELECT s.* " + base + " ORDER BY s.goods_id %s, s.id ASC LIMIT ? OFFSET ?"
                                     % order, args + [size, (no - 1) * size]).fetchall()
    ctx.items = len(rows)
    return {"status": 1, "code": 0, "count": str(count), "data": [_sku_out(r) for r in rows]}


def _goods_out(c, g):
    doc = _doc(g)
    skus = c.execute("SELECT * FROM ym_sku WHERE goods_id=? ORDER BY id", (g["id"],)).fetchall()
    cats = doc.get("category_path") or []
    names = []
    for cid in cats:
        r = c.execute("SELECT base_name FROM ym_category WHERE id=?", (cid,)).fetchone()
        names.append(r[0] if r else "")
    brand = c.execute("SELECT base_name FROM ym_brand WHERE id=?", (g["brand_id"],)).fetchone()
    recs = [r[0] for r in c.execute("SELECT r.base_name FROM ym_rec_goods x JOIN ym_goods_rec r ON r.id = x.rec_id "
                                    "WHERE x.goods_id=? ORDER BY r.id", (g["id"],))]
    rel = c.execute("SELECT rel_goods_id, relation FROM ym_rel WHERE goods_id=? ORDER BY rel_goods_id",
                    (g["id"],)).fetchall()
    options = doc.get("sku_options") or []
    sale = doc.get("sale_mode_res")
    rel_paths = doc.get("rel_category_path") or []
    rel_names = []
    for p in rel_paths:
        rel_names.append([(c.execute("SELECT base_name FROM ym_category WHERE id=?", (x,)).fetchone() or [""])[0]
                          for x in p])
    main = text(doc.get("main_image"))
    tags = doc.get("tags")
    return {
        "id": str(g["id"]), "store_id": STORE_ID, "base_name": g["base_name"],
        "brand_id": str(g["brand_id"]), "goods_type_id": "0",
        "category_path": "".join("%d," % x for x in cats), "category_id": str(g["category_id"]),
        "codeno": g["codeno"], "image": main, "price": dec4(doc.get("price")),
        "cost_price": dec4(doc.get("cost_price")), "market_price": dec4(doc.get("market_price")),
        "listorder": text(doc.get("listorder"), "0"), "status": str(g["status"]),
        "up_time": "0", "down_time": "0", "create_time": str(g["create_time"]),
        "modify_time": str(g["modify_time"]), "template_page": "",
        "visit_counts": text(doc.get("visit_counts"), "0"), "buy_counts": text(doc.get("buy_counts"), "0"),
        "wishlist_counts": text(doc.get("wishlist_counts"), "0"), "comment_counts": "0",
        "comment_value": "0", "stock_nums": str(sum(s["stock_nums"] for s in skus)),
        "sale_mode": str((sale or {}).get("sale_mode", 0)), "spec_mode": text(doc.get("spec_mode"), "0"),
        "is_diy_remark": text(doc.get("is_diy_remark"), "0"), "weight": dec4(doc.get("weight")),
        "start_time": "0", "end_time": "0", "is_free_shipping": "0", "special_offer_id": "0",
        "discount": "10.0000", "title": text(doc.get("title")), "keywords": text(doc.get("keywords")),
        "descript": text(doc.get("descript")), "mini_detail": text(doc.get("mini_detail")),
        "group_codeno": text(doc.get("group_codeno")), "moq": text(doc.get("moq"), "0"),
        "is_bookable": text(doc.get("is_bookable"), "0"), "b2b_status": text(doc.get("b2b_status"), "1"),
        "category_name": names[-1] if names else "", "brand_name": brand[0] if brand else None,
        "tags": text(tags) if tags not in (None, "") else None, "recommends": recs,
        "sku_options": [{"name": o["name"], "value": o["values"]} for o in options] or None,
        "sku": [_sku_out(s) for s in skus], "details": None, "detail": text(doc.get("detail")),
        "property": doc.get("common_property"), "images": ([main] if main else []) + list(doc.get("images") or []),
        "images_album": doc.get("images_album"), "category_path_name": names,
        "rel_category_path_name": rel_names, "rel_category_path": rel_paths,
        "sale_mode_res": sale, "supplier_remark": text(doc.get("supplier_remark")),
        "user_groups": doc.get("user_groups") or [],
        "relations": [{"goods_id": str(r[0]), "relation": r[1]} for r in rel],
    }


def goods_list(ctx, params):
    sb = ctx.sandbox
    size, no = _page(params, 50)
    if sum(1 for k in ("rec_id", "tag_id", "other_category_id") if params.get(k)) > 1:
        raise Fail("rec_id, tag_id and other_category_id cannot be submitted together")
    where, args = ["1=1"], []

    def in_list(col, key):
        vals = _id_list(params.get(key))
        if vals:
            where.append("%s IN (%s)" % (col, ",".join("?" * len(vals))))
            args.extend(vals)
    in_list("codeno", "codeno")
    in_list("CAST(id AS TEXT)", "id")
    in_list("CAST(category_id AS TEXT)", "category_id")
    if params.get("status", "") != "":
        where.append("status=?")
        args.append(_int(params["status"], -1))
    if params.get("brand_id"):
        where.append("brand_id=?")
        args.append(_int(params["brand_id"], -1))
    if params.get("max_id"):
        where.append("id>?")
        args.append(_int(params["max_id"], 0))
    for key, col, op in (("start_modify_time", "modify_time", ">="), ("end_modify_time", "modify_time", "<="),
                         ("start_time", "create_time", ">="), ("end_time", "create_time", "<=")):
        if params.get(key):
            ts = bj_parse_loose(params[key])
            if ts is None:
                raise Fail("%s_error" % key)
            where.append("%s %s ?" % (col, op))
            args.append(ts)
    if params.get("rec_id"):
        where.append("id IN (SELECT goods_id FROM ym_rec_goods WHERE rec_id=?)")
        args.append(_int(params["rec_id"], -1))
    with sb.store.lock:
        c = sb.store.conn
        rows = c.execute("SELECT * FROM ym_goods WHERE %s ORDER BY id" % " AND ".join(where), args).fetchall()
        if params.get("tag_id"):
            ids = set()
            for t in c.execute("SELECT doc FROM ym_topic"):
                for tg in json.loads(t[0]).get("topic_goods") or []:
                    if isinstance(tg, dict) and text((tg.get("tag_res") or {}).get("tag_id")) == params["tag_id"]:
                        ids.update(text(x.get("goods_id")) for x in tg.get("tag_goods_res") or [] if isinstance(x, dict))
            rows = [r for r in rows if str(r["id"]) in ids]
        if params.get("other_category_id"):
            oc = _int(params["other_category_id"], -1)
            rows = [r for r in rows if any(p and p[-1] == oc for p in _doc(r).get("rel_category_path") or [])]
        count = len(rows)
        page = rows[(no - 1) * size: no * size]
        data = [_goods_out(c, r) for r in page]
    ctx.items = len(data)
    return {"code": 0, "count": str(count), "data": data}


METHODS = {
    "skuRemove": sku_remove,
    "updateGoodsImage": update_goods_image,
    "updateGoodsByAddSKU": update_goods_by_add_sku,
    "updateGoodsByDelSaleProp": update_goods_by_del_sale_prop,
    "updateGoodsRel": update_goods_rel,
    "editCategory": edit_category,
    "UpdateGoodsSaleMode": update_goods_sale_mode,
    "UpdateGoodsRecRel": update_goods_rec_rel,
    "updateTopic": update_topic,
    "updateGoodsUserGroup": update_goods_user_group,
    "updateGoodsRec": update_goods_rec,
    "brandList": brand_list,
    "skuList": sku_list,
    "goodsRemove": goods_remove,
    "updateGoods": update_goods,
    "updateSkuQty": update_sku_qty,
    "addGoods": add_goods,
    "addCategory": add_category,
    "goodsList": goods_list,
    "categoryList": category_list,
}
