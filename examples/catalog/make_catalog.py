#!/usr/bin/env python3
"""Writes the sample catalog that the main job (scripts/demo.sh) pushes.

Deterministic: the same seed gives byte-identical files on every machine
and Python >= 3.9 (random.Random with an integer seed, no hash-ordered
containers), so a demo run can be compared with another.

    python examples/catalog/make_catalog.py OUT_DIR [--goods 2000] [--seed 7]

writes

* ``goods.csv`` — goods archives for ``goods.Goods.batchPush``, one CSV row
  per spec with the goods columns repeated (the CSV mapping of
  bindings-py/CLI.md): ``--goods`` goods × 5 specs, plus a handful of
  deliberately invalid goods;
* ``api_goods.jsonl`` — the platform goods of two shops for
  ``goods.ApiGoods.upload`` (one JSON object per line, prices as exact
  JSON numbers), plus a few invalid rows and the rows of a shop the
  platform does not know (the demo's sandbox is told so).

Which rows are invalid, and why, is listed in ``expected.json`` so a test
can check that the rejected-rows report names exactly those rows.
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Tuple

SPECS_PER_GOODS = 5
SHOPS = ("TMALL-001", "JD-002")
#: The demo starts its sandbox with --unknown-shop for this one.
CLOSED_SHOP = "PDD-CLOSED-09"

# (category, unit, names, spec axis, price range in yuan)
FAMILIES: List[Tuple[str, str, List[str], List[str], Tuple[int, int]]] = [
    ("杯壶", "个", ["真空保温杯", "玻璃泡茶杯", "不锈钢焖烧杯", "便携随手杯", "陶瓷马克杯"],
     ["350ml 白", "350ml 黑", "500ml 白", "500ml 黑", "500ml 樱花粉"], (29, 199)),
    ("服装", "件", ["纯棉圆领T恤", "冰丝防晒衣", "加绒卫衣", "法式衬衫", "直筒牛仔裤"],
     ["S", "M", "L", "XL", "XXL"], (49, 399)),
    ("鞋靴", "双", ["轻便跑步鞋", "帆布板鞋", "户外徒步鞋", "软底拖鞋", "真皮乐福鞋"],
     ["38码", "39码", "40码", "41码", "42码"], (59, 699)),
    ("数码配件", "个", ["快充数据线", "蓝牙耳机", "磁吸充电宝", "机械键盘", "无线鼠标"],
     ["经典白", "曜石黑", "远峰蓝", "薄荷绿", "星光银"], (19, 899)),
    ("食品", "盒", ["每日坚果礼盒", "明前龙井", "云南普洱", "手工阿胶糕", "冻干草莓"],
     ["150g", "250g", "500g", "礼盒装", "家庭装"], (25, 599)),
    ("家居", "套", ["四件套床品", "乳胶枕", "珊瑚绒毯", "收纳箱", "香薰蜡烛"],
     ["1.5m 灰", "1.5m 蓝", "1.8m 灰", "1.8m 蓝", "2.0m 米白"], (39, 1299)),
]
BRANDS = ["山野集", "木子工坊", "简约家", "悦享", "禾果", "北纬线", "青木良品", "拾光"]
ORIGINS = ["浙江义乌", "广东深圳", "福建泉州", "江苏南通", "云南普洱", "山东青岛"]

GOODS_COLUMNS = [
    "goods_no", "goods_name", "class_name", "brand_name", "unit_name", "origin",
    "spec_list[].spec_no", "spec_list[].spec_name", "spec_list[].barcode",
    "spec_list[].retail_price", "spec_list[].market_price", "spec_list[].weight",
]


def money(rng: random.Random, lo: int, hi: int) -> Decimal:
    """A realistic price: whole yuan ending in 9, or .90 / .50 fen."""
    yuan = rng.randint(lo, hi)
    return Decimal(rng.choice(["%d.00", "%d.90", "%d.50", "%d.99"]) % yuan)


def build_goods(rng: random.Random, n: int) -> List[Dict[str, Any]]:
    goods = []
    for i in range(n):
        cat, unit, names, axis, (lo, hi) = FAMILIES[i % len(FAMILIES)]
        brand = rng.choice(BRANDS)
        name = "%s %s %s" % (brand, rng.choice(names), "第%d代" % rng.randint(1, 6))
        goods_no = "SW%05d" % (i + 1)
        specs = []
        for k, label in enumerate(axis[:SPECS_PER_GOODS]):
            retail = money(rng, lo, hi)
            specs.append({
                "spec_no": "%s-%02d" % (goods_no, k + 1),
                "spec_name": label,
                "barcode": "69%011d" % (i * SPECS_PER_GOODS + k),
                "retail_price": retail,
                "market_price": (retail * Decimal("1.2")).quantize(Decimal("0.01")),
                "weight": Decimal(rng.randint(50, 3000)) / 1000,
            })
        goods.append({
            "goods_no": goods_no, "goods_name": name, "class_name": cat, "brand_name": brand,
            "unit_name": unit, "origin": rng.choice(ORIGINS), "spec_list": specs,
        })
    return goods


def spoil_goods(goods: List[Dict[str, Any]]) -> Dict[int, str]:
    """Makes a handful of goods invalid; returns {goods index: why}."""
    why = {}
    goods[17]["goods_name"] = ""  # an empty CSV cell: the field is missing
    why[17] = "goods_name missing"
    goods[233]["spec_list"][2]["retail_price"] = "12.34567"
    why[233] = "retail_price has 5 decimal places (never rounded)"
    goods[480]["spec_list"][0]["spec_no"] = "SW00481-" + "X" * 40
    why[480] = "spec_no longer than 40 characters"
    goods[911]["spec_list"][4]["market_price"] = "1,299.00"
    why[911] = "market_price with a thousands separator"
    goods[1305]["goods_name"] = "超长名称" * 64
    why[1305] = "goods_name longer than 255 characters"
    goods[1702]["spec_list"][1]["spec_no"] = goods[1701]["spec_list"][1]["spec_no"]
    why[1702] = "spec_no already used by the previous goods"
    return why


def write_goods_csv(path: Path, goods: List[Dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(GOODS_COLUMNS)
        for g in goods:
            for s in g["spec_list"]:
                w.writerow([g["goods_no"], g["goods_name"], g["class_name"], g["brand_name"], g["unit_name"],
                            g["origin"], s["spec_no"], s["spec_name"], s["barcode"], s["retail_price"],
                            s["market_price"], s["weight"]])


def build_api_goods(rng: random.Random, goods: List[Dict[str, Any]], why_goods: Dict[int, str]) -> Tuple[List[Dict[str, Any]], Dict[int, str], List[int]]:
    rows: List[Dict[str, Any]] = []
    for i, g in enumerate(goods):
        if i in why_goods:
            continue
        shop = SHOPS[i % len(SHOPS)]
        for k, s in enumerate(g["spec_list"]):
            rows.append({
                "shop_no": shop,
                "goods_id": "%d" % (600000000 + i),
                "spec_id": "%d" % (800000000 + i * SPECS_PER_GOODS + k),
                "goods_no": g["goods_no"],
                "spec_no": s["spec_no"],
                "status": 1,
                "goods_name": g["goods_name"],
                "spec_name": s["spec_name"],
                "price": s["retail_price"] - rng.choice([Decimal("0"), Decimal("5"), Decimal("10")]),
                "stock_num": rng.randint(0, 800),
            })
    why: Dict[int, str] = {}
    rows[40]["price"] = "9.99999"
    why[40] = "price has 5 decimal places"
    rows[1234]["status"] = 3
    why[1234] = "status not in 0, 1, 2"
    rows[5000]["stock_num"] = "十"
    why[5000] = "stock_num is not a number"
    del rows[7777]["shop_no"]
    why[7777] = "shop_no missing"
    # A shop the platform refuses: valid rows, rejected by the server.
    closed = []
    for k in range(12):
        closed.append(len(rows))
        rows.append({"shop_no": CLOSED_SHOP, "goods_id": "%d" % (700000000 + k), "spec_id": "0",
                     "goods_name": "拼多多旧店商品%d" % k, "price": Decimal("9.90"), "stock_num": 1})
    return rows, why, closed


def dumps(v: Any) -> str:
    """Compact JSON keeping Decimal text exactly (json.dumps cannot)."""
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dumps(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    if isinstance(v, Decimal):
        return str(v)
    return json.dumps(v, ensure_ascii=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--goods", type=int, default=2000, help="goods in the catalog (each with 5 specs)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.goods < 1800:
        ap.error("--goods must be at least 1800 (the invalid rows sit at fixed positions)")
    rng = random.Random(args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)

    goods = build_goods(rng, args.goods)
    why_goods = spoil_goods(goods)
    write_goods_csv(args.out_dir / "goods.csv", goods)

    api_rows, why_api, closed = build_api_goods(rng, goods, why_goods)
    with (args.out_dir / "api_goods.jsonl").open("w", encoding="utf-8", newline="\n") as f:
        for r in api_rows:
            f.write(dumps(r) + "\n")

    expected = {
        "goods.Goods.batchPush": {"file": "goods.csv", "rows": len(goods), "specs": len(goods) * SPECS_PER_GOODS,
                                  "invalid": {str(k): v for k, v in sorted(why_goods.items())}},
        "goods.ApiGoods.upload": {"file": "api_goods.jsonl", "rows": len(api_rows),
                                  "invalid": {str(k): v for k, v in sorted(why_api.items())},
                                  "rejected_by_server": closed, "closed_shop": CLOSED_SHOP},
    }
    (args.out_dir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
