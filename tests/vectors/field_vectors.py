#!/usr/bin/env python3
"""Writes the per-field rule vectors (tests/vectors/fields_*.json).

One `validate` vector per operation that takes parameters: item 0 (and the
variants after it) are valid items that use the operation's optional
structures; then one item per documented field, each valid except for one
value that breaks that field's documented rule (a length one past the
page's column, a value outside its enumeration, a fifth decimal place, a
negative amount, a name where a full URL is needed…), expecting exactly
one error at that field. Every host runs these, and docs/fidelity.md
(core/tests/fidelity.rs) requires a refusing test for every field.

The rules are transcribed here from the vendor pages (../shared/spec/),
independently of skuwire's tables; the error type names are skuwire's
catalogue. Where a page is silent, the rule is the README's choice
("Choices where the vendor pages are silent").

Usage: python3 tests/vectors/field_vectors.py [--check]
"""

import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


# ------------------------------------------------------------ bad values

def long(n):
    """A string one character past a column of n characters (CJK counts as one)."""
    return ("字" * (n + 1), "string_too_long")


EMPTY = ("", "string_too_short")          # a required / non-empty name left empty
NOT_TEXT = (12, "string_type")            # a text column given a number
NOT_CODE = ({"a": 1}, "string_type")      # a code (string or integer) given an object
DEC5 = ("1.23456", "decimal_max_places")  # Decimal(19,4): a fifth place is never rounded
NEG = ("-1", "greater_than_equal")        # an amount that cannot be negative
NOT_BOOL = ("yes", "bool_type")
NOT_INT = ("x", "int_type")
NOT_LIST = ("x", "list_type")
NOT_OBJECT = ("x", "dict_type")
ZERO_ID = (0, "int_out_of_range")         # ids are positive
NEG_COUNT = (-1, "int_out_of_range")      # counts and days are not negative
NOT_URL = ("image1.jpg", "url_scheme")    # a bare file name where a full http(s) URL is needed
NOT_DATETIME = ("2018/11/01 00:00:00", "datetime_parsing")
NOT_DATE = ("2020/04/21", "datetime_parsing")
BAD_PATH = ("女装,,连衣裙", "string_pattern_mismatch")  # a category path with an empty level
BAD_OPTION = ("Color", "sku_option_format")  # Name:value1,value2 without the colon


def enum(v):
    return (v, "enum")


def out_of_range(v):
    return (v, "int_out_of_range")


# ------------------------------------------------------------- placing

def parse_path(path):
    """`a[].b` → ["a", 0, "b"]: the first element of each list."""
    out = []
    for part in path.split("."):
        if part.endswith("[]"):
            out += [part[:-2], 0]
        else:
            out.append(part)
    return out


def put(item, path, value):
    item = copy.deepcopy(item)
    keys = parse_path(path)
    cur = item
    for k in keys[:-1]:
        cur = cur[k]
    cur[keys[-1]] = value
    return item


# ----------------------------------------------------------- operations
# Each: base(i) → a valid item with its own keys; variants: name → f(i)
# adding the optional structures some fields live in; fields: (path, bad,
# variant or None, extra loc after the path or ()).

URL = "http://img.example.com/a.jpg"
REPLACE = "__replace__"  # a variant that replaces the base item instead of adding to it


def merged(base_item, variant_item):
    if variant_item.get(REPLACE):
        return {k: v for k, v in variant_item.items() if k != REPLACE}
    return {**base_item, **variant_item}
OPS = {}


def op(name, base, fields, variants=None, source=""):
    OPS[name] = (base, variants or {}, fields, source)


# goods.Goods.batchPush — page 001 (goodsInfo / spec_list tables).
SPEC_DEC = ["lowest_price", "retail_price", "wholesale_price", "member_price", "market_price", "weight", "height", "length",
            "width", "custom_price1", "custom_price2", "sale_score", "pack_score", "pick_score", "sort_score", "scan_score",
            "supply_score", "shelve_score", "stockin_score", "inspect_score", "packing_score", "operate_score", "weigh_score",
            "consign_score"]
op("goods.Goods.batchPush",
   lambda i: {"goods_no": f"FG{i}", "goods_name": f"货品{i}", "spec_list": [{"spec_no": f"FG{i}-1"}]},
   [("goods_no", long(40)), ("goods_name", long(255)), ("class_name", long(64)), ("brand_name", long(64)),
    ("unit_name", long(20)), ("aux_unit_name", long(20)), ("flag_name", long(32)), ("goods_type", enum(7)),
    ("short_name", long(255)), ("alias", long(255)), ("pinyin", long(40)), ("origin", long(64)), ("remark", long(512))]
   + [(f"prop{n}", long(255)) for n in range(1, 7)]
   + [("auto_create_bc", NOT_BOOL), ("spec_list", ([], "too_short")),
      ("spec_list[].spec_no", long(40)), ("spec_list[].spec_code", long(40)), ("spec_list[].barcode", long(50)),
      ("spec_list[].spec_name", long(100)), ("spec_list[].wms_process_mask", (1, "bit_flags")),
      ("spec_list[].goods_label", long(11)), ("spec_list[].sn_type", enum(3)),
      ("spec_list[].validity_days", out_of_range(1000000)), ("spec_list[].sales_days", NEG_COUNT),
      ("spec_list[].receive_days", NEG_COUNT), ("spec_list[].large_type", enum(4)),
      ("spec_list[].is_lower_cost", NOT_BOOL), ("spec_list[].img_url", long(1024)), ("spec_list[].remark", long(512)),
      ("spec_list[].tax_code", long(40)), ("spec_list[].unit_name", long(20)), ("spec_list[].aux_unit_name", long(20))]
   + [(f"spec_list[].prop{n}", long(255)) for n in range(1, 7)]
   + [(f"spec_list[].{f}", DEC5) for f in SPEC_DEC],
   source="001_8422ba1ec0b36ad2.txt")

# goods.ApiGoods.upload — page 000 (goods_list table; shop_no from param).
op("goods.ApiGoods.upload",
   lambda i: {"shop_no": "wdtapi3-test", "goods_id": f"g{i}", "spec_id": "s"},
   [("shop_no", EMPTY), ("goods_id", long(40)), ("spec_id", long(40)), ("goods_no", long(40)), ("spec_no", long(40)),
    ("status", enum(3)), ("goods_name", long(255)), ("spec_name", long(100)), ("pic_url", long(255)),
    ("price", DEC5), ("stock_num", DEC5)],
   source="000_87417a53e159a6b8.txt")

# purchase.ProviderGoods.upload — page 002 (lengths undocumented: spec_no as batchPush's 商家编码).
op("purchase.ProviderGoods.upload",
   lambda i: {"provider_no": "LCJtest", "spec_no": f"ps{i}"},
   [("provider_no", EMPTY), ("spec_no", long(40)), ("min_purchase_num", DEC5), ("purchase_unit_name", NOT_TEXT),
    ("discount", DEC5), ("provider_goods_no", NOT_TEXT), ("price", DEC5), ("lowest_price", DEC5),
    ("purchase_cycle_day", NEG_COUNT), ("tax_rate", DEC5), ("is_master", NOT_BOOL), ("remark", NOT_TEXT)],
   source="002_424a50d3d00436a5.txt")

# vip_api_goods_query.php — page 003 (3.3 业务请求参数).
op("vip_api_goods_query.php",
   lambda i: {"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"},
   [("start_time", NOT_DATETIME), ("end_time", NOT_DATETIME), ("page_size", out_of_range(101)),
    ("page_no", NEG_COUNT), ("shop_no", long(255))],
   source="003_3627a70f707f67b7.txt")

# YMCart — page 004.
op("skuRemove",
   lambda i: {"goods_id": 243020 + i, "sku_codeno": f"990478_{i}"},
   [("goods_id", ZERO_ID), ("goods_codeno", NOT_CODE), ("sku_codeno", NOT_CODE),
    ("sale_prop", ([{"prop_name": f"p{n}", "prop_value": "v"} for n in range(6)], "too_long"), "props"),
    ("sale_prop[].prop_name", EMPTY, "props"), ("sale_prop[].prop_value", EMPTY, "props")],
   variants={"props": lambda i: {"goods_codeno": f"AA_LQ{i}", "sale_prop": [{"prop_name": "color", "prop_value": "Red"}]}})
op("updateGoodsImage",
   lambda i: {"goods_id": 211452 + i, "codeno": f"IMG{i}", "images": ["image1.jpg"]},
   [("goods_id", ZERO_ID), ("codeno", NOT_CODE), ("is_append", enum(2)), ("images", NOT_LIST),
    ("sku_res", NOT_LIST), ("sku_res[].is_append", enum(2), "colour"), ("sku_res[].sku_option", NOT_OBJECT, "colour"),
    ("sku_res[].sku_option.name", EMPTY, "colour"), ("sku_res[].sku_option.value", EMPTY, "colour"),
    ("sku_res[].images", NOT_LIST, "colour")],
   variants={"colour": lambda i: {"goods_id": 311452 + i, "sku_res": [
       {"is_append": "1", "sku_option": {"name": "Color", "value": "blue"}, "images": ["image1.jpg", "image2.jgp"]}]}})
op("updateGoodsByAddSKU",
   lambda i: {"goods_id": 211452 + i, "sku_res": {"sku_options": [{"name": "Color", "value": "blue"}], "codeno": f"blue-{i}"}},
   [("goods_id", ZERO_ID), ("goods_codeno", NOT_CODE), ("sku_res", NOT_OBJECT), ("sku_res.sku_options", NOT_LIST),
    ("sku_res.sku_options[].name", EMPTY), ("sku_res.sku_options[].value", EMPTY), ("sku_res.codeno", NOT_CODE),
    ("sku_res.stock", ("999.5", "decimal_max_places")), ("sku_res.price", NEG), ("sku_res.weight", NEG),
    ("sku_res.barcode", NOT_TEXT), ("sku_res.volume", NEG), ("sku_res.images", NOT_LIST)])
op("updateGoodsByDelSaleProp",
   lambda i: {"goods_id": 2139792 + i, "sale_prop": [{"prop_name": "size", "prop_value": "xl"}]},
   [("goods_id", ZERO_ID), ("goods_codeno", NOT_CODE), ("sale_prop", NOT_LIST), ("sale_prop[].prop_name", EMPTY),
    ("sale_prop[].prop_value", EMPTY)])
op("updateGoodsRel",
   lambda i: {"goods_id": 201737 + i, "rel_goods": [{"goods_id": 201716}, {"goods_id": 201382, "relation": "mutual"}]},
   [("goods_id", ZERO_ID), ("rel_goods", NOT_LIST), ("rel_goods[].goods_id", ZERO_ID), ("rel_goods[].relation", enum("two"))])
op("editCategory",
   lambda i: {"category_id": 238 + i, "base_name": "分类名字", "image": URL},
   [("category_id", ZERO_ID), ("base_name", EMPTY), ("status", enum(2)), ("listorder", NOT_INT), ("image", NOT_URL),
    ("image1", NOT_URL), ("image2", NOT_URL), ("title", NOT_TEXT), ("keywords", NOT_TEXT), ("descript", NOT_TEXT),
    ("b2b_status", enum(2)), ("order_by", NOT_TEXT), ("order_field", enum("UP"))])
op("UpdateGoodsSaleMode",
   lambda i: {"goods_id": 176795 + i, "codeno": f"SM{i}", "sale_mode": 0},
   [("goods_id", ZERO_ID), ("codeno", NOT_CODE), ("sale_mode", enum(3)), ("discount", ("11", "decimal_out_of_range")),
    ("start_time", NOT_DATE), ("end_time", NOT_DATE), ("moq", NEG_COUNT), ("min_qty", NEG_COUNT),
    ("range_end", NOT_LIST), ("range_discount", NOT_LIST), ("range_remark", NOT_LIST), ("ships", NOT_DATE),
    ("ordered_qty", NEG_COUNT)],
   variants={"special": lambda i: {"goods_id": 276795 + i, "sale_mode": 1, "discount": 8, "start_time": "2020-04-21", "end_time": "2020-04-30"},
             "wholesale": lambda i: {"goods_id": 376795 + i, "sale_mode": 2, "moq": 8, "min_qty": 0, "range_end": [20, 50, 100],
                                     "range_discount": [8, 7, 6], "range_remark": ["remark1", "remark2", "remark3"]}})
op("UpdateGoodsRecRel",
   lambda i: {"goods_id": 176795 + i, "codeno": f"RR{i}", "rec_ids": [3333, 3768]},
   [("goods_id", ZERO_ID), ("codeno", NOT_CODE), ("rec_ids", ("3333,x", "string_pattern_mismatch")),
    ("rec_names", ("Hot 2018,,HOT SALE", "string_pattern_mismatch")), ("clear_all", NOT_BOOL)],
   variants={"names": lambda i: {"goods_id": 276795 + i, "rec_names": ["Hot 2018", "HOT SALE"], "clear_all": True}})
op("updateTopic",
   lambda i: {"topic_res": {"topic_id": 371 + i, "base_name": "专题名称", "status": 1}},
   [("topic_res", NOT_OBJECT), ("topic_res.topic_id", ZERO_ID), ("topic_res.base_name", NOT_TEXT),
    ("topic_res.title", NOT_TEXT), ("topic_res.keywords", NOT_TEXT), ("topic_res.descript", NOT_TEXT),
    # The page's own placeholder: status is 0/1.
    ("topic_res.status", ("状态", "int_type")), ("topic_goods", NOT_LIST),
    ("topic_goods[].tag_res", NOT_OBJECT, "tags"), ("topic_goods[].tag_res.tag_id", ZERO_ID, "tags"),
    ("topic_goods[].tag_res.order_by", NOT_TEXT, "tags"), ("topic_goods[].tag_res.order_field", enum("up"), "tags"),
    ("topic_goods[].tag_goods_res", NOT_LIST, "tags"), ("topic_goods[].tag_goods_res[].goods_id", ZERO_ID, "tags"),
    ("topic_goods[].tag_goods_res[].listorder", NOT_INT, "tags")],
   variants={"tags": lambda i: {"topic_res": {"topic_id": 1371 + i}, "topic_goods": [
       {"tag_res": {"tag_id": 887, "order_by": "", "order_field": "price_asc"},
        "tag_goods_res": [{"goods_id": 118280, "listorder": 40}, {"goods_id": 131260, "listorder": 39}]}]}})
op("updateGoodsUserGroup",
   lambda i: {"codeno": "", "goods_id": 164970 + i, "user_group": ["VIP1", "VIP2"]},
   [("codeno", NOT_CODE), ("goods_id", ZERO_ID), ("user_group", NOT_LIST)])
op("updateGoodsRec",
   lambda i: {"goods_rec": {"goods_rec_id": 5803 + i, "base_name": "商品推荐名", "status": 1}, "goods_list": [132, 4313]},
   [("goods_rec", NOT_OBJECT), ("goods_rec.goods_rec_id", ZERO_ID), ("goods_rec.base_name", NOT_TEXT),
    ("goods_rec.title", NOT_TEXT), ("goods_rec.keywords", NOT_TEXT), ("goods_rec.descript", NOT_TEXT),
    # The page's own placeholder: status is 0 or 1.
    ("goods_rec.status", ("商品推荐状态(0或1)", "int_type")), ("goods_list", NOT_LIST)])
op("skuList",
   lambda i: {"page_size": 500, "goods_codeno": f"G{i}"},
   [("page_size", out_of_range(0)), ("page_no", out_of_range(0)), ("goods_codeno", NOT_CODE), ("sku_codeno", NOT_CODE),
    ("is_instock", enum(2)), ("order_by", enum(2))])
op("goodsRemove",
   lambda i: {"codeno": f"LC3257-{i}"},
   [("codeno", NOT_CODE), ("sku_codeno", NOT_CODE, "sku")],
   variants={"sku": lambda i: {REPLACE: True, "sku_codeno": f"LC3257-{i}XXL"}})

GOODS_COMMON = [
    ("base_name", EMPTY), ("codeno", NOT_CODE), ("price", NEG), ("weight", NEG), ("volume", NEG),
    ("group_codeno", NOT_TEXT), ("detail", NOT_TEXT), ("mini_detail", NOT_TEXT), ("is_diy_remark", enum(2)),
    ("is_bookable", enum(2)), ("visit_counts", NEG_COUNT), ("buy_counts", NEG_COUNT), ("wishlist_counts", NEG_COUNT),
    ("status", enum(2)), ("title", NOT_TEXT), ("keywords", NOT_TEXT), ("descript", NOT_TEXT), ("spec_mode", enum(3)),
    ("listorder", NOT_INT), ("other_images", NOT_URL), ("timed_release", enum(2)),
    ("create_time", ("2020/07/05 15:00:00", "datetime_parsing")), ("supplier_remark", NOT_TEXT),
    ("single_res", NOT_OBJECT, "single"), ("single_res.codeno", NOT_CODE, "single"),
    ("single_res.stock", ("999.5", "decimal_max_places"), "single"), ("single_res.price", NEG, "single"),
    ("single_res.weight", NEG, "single"), ("single_res.barcode", NOT_TEXT, "single"), ("single_res.volume", NEG, "single"),
    ("muti_spec_res", NOT_LIST, "multi"), ("muti_spec_res[].spec_value_name", EMPTY, "multi"),
    ("muti_spec_res[].codeno", NOT_CODE, "multi"), ("muti_spec_res[].stock", ("999.5", "decimal_max_places"), "multi"),
    ("muti_spec_res[].price", NEG, "multi"), ("muti_spec_res[].weight", NEG, "multi"),
    ("muti_spec_res[].barcode", NOT_TEXT, "multi"), ("muti_spec_res[].volume", NEG, "multi"),
    ("muti_spec_image_name", NOT_TEXT, "multi"), ("muti_spec_images", NOT_LIST, "multi"),
    ("spec_res", NOT_OBJECT, "diy"), ("spec_res.spec_add_weight", NOT_LIST, "diy"),
    ("spec_res.spec_add_price", NOT_LIST, "diy"), ("spec_res.spec_add_volume", NOT_LIST, "diy"),
] + [(f"sku_option{n}", BAD_OPTION, "five") for n in range(1, 6)]


def goods_variants(prefix, n0):
    return {
        "single": lambda i: {"spec_mode": 0, "single_res": {"codeno": f"{prefix}S{i}", "stock": "999", "price": "99.99"}},
        "multi": lambda i: {"spec_mode": 1, "sku_option1": "Color:Red,Black", "sku_option2": "Size:S,M",
                            "muti_spec_res": [{"spec_value_name": "Red_S", "codeno": f"{prefix}M{i}-1", "stock": 999, "price": 100},
                                              {"spec_value_name": "Black_M", "codeno": f"{prefix}M{i}-2"}],
                            "muti_spec_image_name": "Color",
                            "muti_spec_images": ["http://www.example.com/1.jpg,http://www.example.com/2.jpg"]},
        "diy": lambda i: {"spec_mode": 2, "sku_option1": "Color:Red,Black",
                          "spec_res": {"spec_add_weight": [["0", "0"]], "spec_add_price": [["1", "0"]], "spec_add_volume": [["0", "0"]]}},
        "five": lambda i: {"spec_mode": 1, "sku_option1": "A:a", "sku_option2": "B:b", "sku_option3": "C:c", "sku_option4": "D:d",
                           "sku_option5": "E:e", "muti_spec_res": [{"spec_value_name": "a_b_c_d_e", "codeno": f"{prefix}F{i}"}]},
    }


op("updateGoods",
   lambda i: {"goods_id": 123860 + i, "base_name": "Diva Green Lace Bow Teddy", "status": 1, "main_image": URL},
   GOODS_COMMON + [("goods_id", ZERO_ID), ("main_image", NOT_URL), ("category", BAD_PATH), ("brand_name", NOT_TEXT),
                   ("tags", NOT_TEXT), ("not_update_sku", NOT_BOOL), ("force_update_price", NOT_BOOL)],
   variants=goods_variants("U", 0))
op("updateSkuQty",
   lambda i: {"codeno": f"sss{i}", "num": 33},
   [("id", ZERO_ID), ("codeno", NOT_CODE), ("sku_code", ("800673-800675", "string_pattern_mismatch")),
    ("num", ("11.5", "decimal_max_places")), ("price", NEG)])

ADD_VARIANTS = goods_variants("A", 0)
ADD_VARIANTS.update({
    "typed": lambda i: {"goods_type": "Dress", "common_property": [{"name": "PRICE RANGE", "value": "$50 - $80"},
                                                                   {"name": "HEMLINE", "value": ["FLOOR", "TEA"]}]},
    "related": lambda i: {"relation_codenos": {"one_way": ["LC64190-2", "LC25702-2"], "two_way": ["LC61328-22"]}},
    "sale": lambda i: {"sale_mode_res": {"sale_mode": 0}},
})
op("addGoods",
   lambda i: {"base_name": f"Api test product name {i}", "codeno": f"Api_code_{i}", "price": "10.5", "category": "Midi Dresses",
              "status": 1, "main_image": URL},
   GOODS_COMMON + [("main_image", NOT_URL), ("category", BAD_PATH), ("category_rel", ("a,b||c", "string_pattern_mismatch")),
                   ("brand", NOT_TEXT), ("goods_tags", NOT_TEXT), ("is_taxed", enum(2)),
                   ("goods_type", NOT_TEXT, "typed"), ("common_property", NOT_LIST, "typed"),
                   ("common_property[].name", EMPTY, "typed"), ("common_property[].value", NOT_TEXT, "typed"),
                   ("relation_codenos", NOT_OBJECT, "related"), ("relation_codenos.one_way", NOT_LIST, "related"),
                   ("relation_codenos.two_way", NOT_LIST, "related"),
                   ("sale_mode_res", NOT_OBJECT, "sale"), ("sale_mode_res.sale_mode", enum(3), "sale"),
                   ("sale_mode_res.discount", ("11", "decimal_out_of_range"), "sale"),
                   ("sale_mode_res.start_time", NOT_DATE, "sale"), ("sale_mode_res.end_time", NOT_DATE, "sale"),
                   ("sale_mode_res.moq", NEG_COUNT, "sale"), ("sale_mode_res.min_qty", NEG_COUNT, "sale"),
                   ("sale_mode_res.range_end", NOT_LIST, "sale"), ("sale_mode_res.range_discount", NOT_LIST, "sale"),
                   ("sale_mode_res.range_remark", NOT_LIST, "sale"), ("sale_mode_res.ships", NOT_DATE, "sale"),
                   ("sale_mode_res.ordered_qty", NEG_COUNT, "sale")],
   variants=ADD_VARIANTS)
op("addCategory",
   lambda i: {"name": f"category root {i},category root {i}A"},
   [("name", BAD_PATH)])
op("goodsList",
   lambda i: {"page_size": 50, "codeno": f"C{i}"},
   [("page_size", out_of_range(0)), ("page_no", out_of_range(0)), ("codeno", (["A,B"], "string_pattern_mismatch"), None, (0,)),
    ("id", ("137808,x", "string_pattern_mismatch")), ("category_id", ("38767,x", "string_pattern_mismatch")), ("status", enum(2)),
    ("start_modify_time", ("2016/9/9", "datetime_parsing")), ("end_modify_time", ("2016/9/9", "datetime_parsing")),
    ("max_id", NEG_COUNT), ("brand_id", ZERO_ID), ("rec_id", ZERO_ID), ("tag_id", ZERO_ID), ("other_category_id", ZERO_ID),
    ("start_time", ("2016/9/9", "datetime_parsing")), ("end_time", ("2016/9/9", "datetime_parsing"))])


# ---------------------------------------------------------------- cases

def loc_of(index, path, extra=()):
    return [index] + parse_path(path) + list(extra)


def case_for(name):
    base, variants, fields, _ = OPS[name]
    payload = [base(0)]
    for vname in sorted(variants):
        payload.append(merged(base(len(payload)), variants[vname](len(payload))))
    errors = []
    for field in fields:
        path, (bad, kind) = field[0], field[1]
        variant = field[2] if len(field) > 2 else None
        extra = field[3] if len(field) > 3 else ()
        i = len(payload)
        item = base(i)
        if variant:
            item = merged(item, variants[variant](i))
        payload.append(put(item, path, bad))
        errors.append({"type": kind, "loc": loc_of(i, path, extra)})
    slug = name.replace(".", "_").replace("__", "_").lower()
    return {
        "name": f"fields_{slug}",
        "description": f"{name}: one item per documented field, each breaking only that field's rule (items 0…{len(variants)} are valid, "
                       f"using every optional structure); rules transcribed from the vendor page",
        "kind": "validate",
        "op": name,
        "payload": payload,
        "strict": False,
        "expected": {"errors": errors},
    }


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name in OPS:
        case = case_for(name)
        path = os.path.join(HERE, case["name"] + ".json")
        text = json.dumps(case, ensure_ascii=False, indent=1) + "\n"
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
        print("out of date (run field_vectors.py):", *stale, sep="\n  ")
        sys.exit(1)
    print(f"{len(OPS)} field vectors {'up to date' if check else 'written'}")


if __name__ == "__main__":
    main()
