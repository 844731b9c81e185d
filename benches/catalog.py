#!/usr/bin/env python3
"""The seeded synthetic catalog every benchmark contender reads.

One generator, written once, so Rust, Python and Node measure the same
input: `python3 benches/catalog.py --goods 10000 --out FILE` writes a JSON
object with two lists,

- ``batch_push``: goods for ``goods.Goods.batchPush`` (5 specs each, Chinese
  names, 13-digit barcodes, prices as decimal strings such as ``"59.90"``);
- ``api_goods``: rows for ``goods.ApiGoods.upload`` (5 per goods, spread
  over 8 shops; ``price`` and ``stock_num`` as decimal strings).

Prices are strings in the file so no JSON reader turns them into floats;
each host then holds them the way its users do (Python ``Decimal``, JS
decimal strings, Rust ``serde_json::Value`` strings). Every item is valid:
the work measured is the path a real sync takes, not error reporting.

Pure stdlib; the same seed gives byte-identical output on any machine.
"""
import argparse
import json
import random

SEED = 20241122
SPECS_PER_GOODS = 5
SHOPS = 8

BRANDS = ["得力", "晨光", "美的", "苏泊尔", "九阳", "小熊", "膳魔师", "乐扣乐扣", "双立人", "富光", "特百惠", "南极人", "恒源祥", "李宁", "安踏", "百草味"]
CLASSES = ["厨房用品/杯具", "厨房用品/锅具", "办公文具/笔类", "办公文具/本册", "家居日用/收纳", "服饰鞋包/T恤", "服饰鞋包/袜子", "休闲食品/坚果", "运动户外/跑鞋", "母婴用品/奶瓶"]
ADJ = ["加厚", "便携", "大容量", "304不锈钢", "防烫", "北欧风", "轻奢", "简约", "耐磨", "纯棉", "透气", "网红同款", "儿童", "商务", "复古"]
NOUN = ["保温杯", "炒锅", "中性笔", "笔记本", "收纳盒", "短袖T恤", "船袜", "每日坚果", "跑步鞋", "玻璃奶瓶", "马克杯", "电饭煲", "文件夹", "床品四件套", "雨伞"]
SUFFIX = ["", " 500ml", " 家用", " 【官方旗舰店】", " 礼盒装", " 新款", " 2024春季", " 买二送一"]
COLORS = ["红色", "黑色", "白色", "深空灰", "雾霾蓝", "樱花粉", "薄荷绿", "卡其色"]
SIZES = ["S", "M", "L", "XL", "XXL", "350ml", "500ml", "750ml", "单只装", "三只装"]
UNITS = ["个", "件", "只", "双", "套", "盒", "袋"]
ORIGINS = ["浙江义乌", "广东深圳", "福建泉州", "江苏苏州", "山东青岛"]


def price(rng, low, high):
    """A decimal string with 0–2 places, as an ERP export writes it."""
    cents = rng.randrange(low * 100, high * 100)
    places = rng.choice([0, 1, 2, 2, 2])
    if places == 0:
        return str(cents // 100)
    if places == 1:
        return f"{cents // 100}.{(cents // 10) % 10}"
    return f"{cents // 100}.{cents % 100:02d}"


def make(goods_count, seed=SEED):
    rng = random.Random(seed)
    batch_push = []
    api_goods = []
    for g in range(goods_count):
        goods_no = f"G{g:07d}"
        brand = rng.choice(BRANDS)
        noun = rng.choice(NOUN)
        name = f"{brand} {rng.choice(ADJ)}{rng.choice(ADJ)}{noun}{rng.choice(SUFFIX)}"
        unit = rng.choice(UNITS)
        base = rng.randrange(5, 900)
        specs = []
        for s in range(SPECS_PER_GOODS):
            retail = price(rng, base, base * 2)
            spec = {
                "spec_no": f"{goods_no}-{s + 1:02d}",
                "spec_name": f"{rng.choice(COLORS)} / {rng.choice(SIZES)}",
                "barcode": "69" + "".join(rng.choice("0123456789") for _ in range(11)),
                "retail_price": retail,
                "wholesale_price": price(rng, max(1, base // 2), base),
                "market_price": price(rng, base * 2, base * 3),
                "weight": f"{rng.randrange(50, 5000) / 1000:.3f}",
                "unit_name": unit,
                "validity_days": rng.choice([0, 180, 365, 730]),
                "remark": rng.choice(["", "", "易碎品", "需冷藏", "赠品不单独销售"]),
            }
            specs.append(spec)
            api_goods.append({
                "shop_no": f"SHOP{(g * SPECS_PER_GOODS + s) % SHOPS:02d}",
                "goods_id": f"{600000000000 + g}",
                "spec_id": f"{4000000000000 + g * SPECS_PER_GOODS + s}",
                "goods_no": goods_no,
                "spec_no": spec["spec_no"],
                "status": rng.choice([0, 1, 1, 1, 2]),
                "goods_name": name,
                "spec_name": spec["spec_name"],
                "pic_url": f"https://img.example.cn/goods/{goods_no}/{s + 1}.jpg",
                "price": retail,
                "stock_num": str(rng.randrange(0, 10000)),
            })
        batch_push.append({
            "goods_no": goods_no,
            "goods_name": name,
            "short_name": f"{brand}{noun}",
            "class_name": rng.choice(CLASSES),
            "brand_name": brand,
            "unit_name": unit,
            "goods_type": 1,
            "origin": rng.choice(ORIGINS),
            "remark": rng.choice(["", "春季上新", "清仓款", "爆款"]),
            "auto_create_bc": rng.choice([True, False]),
            "spec_list": specs,
        })
    return {"seed": seed, "batch_push": batch_push, "api_goods": api_goods}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--goods", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    data = make(args.goods, args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
