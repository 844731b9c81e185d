#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets from ../tests/vectors/*.json, and
the libFuzzer dictionary skuwire.dict from the field tables in ../core/src.

    python3 fuzz/seed_corpus.py            # writes fuzz/seeds/<target>/ and fuzz/skuwire.dict

Seeds go to fuzz/seeds/ (not checked in); `cargo fuzz cmin` merges them with
what the long runs found into the small checked-in fuzz/corpus/. Each seed is
the target's JSON mode: a few header bytes (see each target's source) followed
by the vector's JSON. Standard library only.
"""
import glob
import hashlib
import json
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VECTORS = os.path.join(ROOT, "tests", "vectors")

# skuwire::operations() order (flagship, enterprise, YMCart in page order);
# a wrong order only makes seeds start on another operation.
OPS = [
    ("goods.ApiGoods.upload", "flagship", "push"),
    ("goods.Goods.batchPush", "flagship", "push"),
    ("purchase.ProviderGoods.upload", "flagship", "push"),
    ("vip_api_goods_query.php", "enterprise", "query"),
    ("skuRemove", "ymcart", "push"),
    ("updateGoodsImage", "ymcart", "push"),
    ("updateGoodsByAddSKU", "ymcart", "push"),
    ("updateGoodsByDelSaleProp", "ymcart", "push"),
    ("updateGoodsRel", "ymcart", "push"),
    ("editCategory", "ymcart", "push"),
    ("UpdateGoodsSaleMode", "ymcart", "push"),
    ("UpdateGoodsRecRel", "ymcart", "push"),
    ("updateTopic", "ymcart", "push"),
    ("updateGoodsUserGroup", "ymcart", "push"),
    ("updateGoodsRec", "ymcart", "push"),
    ("brandList", "ymcart", "query"),
    ("skuList", "ymcart", "query"),
    ("goodsRemove", "ymcart", "push"),
    ("updateGoods", "ymcart", "push"),
    ("updateSkuQty", "ymcart", "push"),
    ("addGoods", "ymcart", "push"),
    ("addCategory", "ymcart", "push"),
    ("goodsList", "ymcart", "query"),
    ("categoryList", "ymcart", "query"),
]


def selector(name, keep):
    """The byte that makes `pick_op(byte, keep)` choose `name`."""
    ops = [o for o in OPS if keep(o)]
    for i, o in enumerate(ops):
        if o[0] == name:
            return i
    return 0


def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode()


def chunk(b):
    b = b[:0xFFFF]
    return struct.pack(">H", len(b)) + b


def status_bytes(status):
    return b"\x00" if status == 200 else b"\xff" + struct.pack(">H", status & 0xFFFF)


def dict_entry(w):
    """A libFuzzer dictionary line: printable ASCII as is, other bytes as \\xNN."""
    out = []
    for b in w.encode():
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append("\\x%02X" % b)
    return '"' + "".join(out) + '"'


def main():
    seeds = {}

    def add(target, data):
        seeds.setdefault(target, {})[hashlib.sha1(data).hexdigest()[:16]] = data

    for path in sorted(glob.glob(os.path.join(VECTORS, "*.json"))):
        v = json.load(open(path, encoding="utf-8"))
        op = v.get("op")
        platform = v.get("platform") or next((o[1] for o in OPS if o[0] == op), None)
        items = v.get("items")
        payload = v.get("payload")
        content = items if items is not None else payload
        if content is not None:
            add("json_input", compact(content))
        if op:
            sel = selector(op, lambda o: True)
            add("validate", bytes([sel, 0]) + compact(content))
            if isinstance(content, list):
                add("validate", bytes([sel, 0]) + compact(content[:1]))
        if op and items is not None and any(o[0] == op and o[2] == "push" for o in OPS):
            opts = v.get("options") or {}
            flags = 0 if opts.get("on_invalid") == "skip" else 2
            mi = opts.get("max_items") or 0
            mb = opts.get("max_body_bytes") or 0
            add("plan", bytes([selector(op, lambda o: o[2] == "push"), flags, mi & 0xFF]) + struct.pack(">H", mb & 0xFFFF) + compact(items))
        resp = v.get("response")
        if resp is not None and platform:
            body = resp["body"].encode()
            add("json_input", body)
            sel = selector(op or v.get("method"), lambda o: o[1] == platform)
            flags = 0 if op else 0x80
            if op:
                its = items or []
            elif platform == "flagship":
                its = payload or items or []
            else:
                its = [payload or {}]
            data = bytes([sel, flags]) + status_bytes(resp["status"]) + bytes([7]) + chunk(compact(its)) + body
            add(f"parse_{platform}", data)
        if v.get("kind") == "sign" and platform in ("enterprise", "ymcart") and isinstance(payload, dict):
            q = selector(v.get("method"), lambda o: o[2] == "query" and o[1] != "flagship")
            add("query", bytes([q, 0, 3, 0]) + chunk(compact(payload)))

    # Query runs: the vendor example range, a long range, and YMCart lists,
    # followed by bytes that drive the steps.
    q = lambda name: selector(name, lambda o: o[2] == "query" and o[1] != "flagship")
    steps = bytes(range(0, 256, 7)) * 4
    for name, params in [
        ("vip_api_goods_query.php", {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"}),
        ("vip_api_goods_query.php", {"start_time": "2019-01-01 00:00:00", "end_time": "2019-12-31 23:59:59", "shop_no": "店铺A"}),
        ("vip_api_goods_query.php", {"start_time": 1546272000, "end_time": "2019-01-03T17:29:34+08:00"}),
        ("skuList", {"goods_codeno": "A1"}),
        ("goodsList", {}),
        ("brandList", {}),
        ("categoryList", {}),
    ]:
        add("query", bytes([q(name), 0, 3, 0]) + chunk(compact(params)) + steps)

    out = os.path.join(HERE, "seeds")
    for target, files in sorted(seeds.items()):
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print(f"{target}: {len(files)} seeds", file=sys.stderr)

    # Dictionary: every documented field name, plus the answers' keys and markers.
    words = set()
    for src in glob.glob(os.path.join(ROOT, "core", "src", "**", "*.rs"), recursive=True):
        text = open(src, encoding="utf-8").read()
        words.update(re.findall(r'\b(?:field|req)\("([A-Za-z0-9_]+)"', text))
        words.update(re.findall(r'\("([a-z_]+)", RowType::', text))
    words.update([
        "status", "code", "message", "msg", "data", "error_list", "no", "error", "rec_ids", "success_count",
        "failure_count", "failed_count", "error_msg", "index", "total_count", "total", "count", "list",
        "success", "fail", "insert_fail", "codeno_404", "sku_codeno_404", "not exist!", "商家编码",
        "频率", "timestamp", "签名", "token", "expired", "<html>", "\ufeff",
    ])
    with open(os.path.join(HERE, "skuwire.dict"), "w", encoding="utf-8") as f:
        f.write("# libFuzzer dictionary, written by seed_corpus.py: field names and answer keys.\n")
        for w in sorted(words):
            f.write(dict_entry('"' + w + '"') + "\n")
            f.write(dict_entry(w) + "\n")
    print(f"skuwire.dict: {2 * len(words)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()
