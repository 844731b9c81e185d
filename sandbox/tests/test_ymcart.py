"""YMCart: token, all 20 methods with the page's envelopes, per-item failures, limits."""
import json

import pytest

from skuwire_sandbox import Sandbox
from conftest import Client


def dress(codeno="LC3257-2", **kw):
    g = {"base_name": "Diva Green Lace", "codeno": codeno, "price": "10.5", "weight": "0.5",
         "category": "Women,Dress", "brand": "Dear-Lover", "status": "1", "spec_mode": 1,
         "main_image": "http://img.example/main.jpg", "other_images": "http://img.example/1.jpg",
         "sku_option1": "Color:Red,Black", "sku_option2": "Size:S,M",
         "muti_spec_res": [
             {"spec_value_name": "Red_S", "codeno": codeno + "RS", "stock": 5, "price": 12, "barcode": "b1"},
             {"spec_value_name": "Red_M", "codeno": codeno + "RM", "stock": 0, "price": 12},
             {"spec_value_name": "Black_S", "codeno": codeno + "BS", "stock": 2}]}
    g.update(kw)
    return g


def single(codeno, **kw):
    g = {"base_name": "Single " + codeno, "codeno": codeno, "price": 3, "category": "Misc", "spec_mode": 0,
         "single_res": {"codeno": codeno + "-1", "stock": "7", "price": "3.5"}}
    g.update(kw)
    return g


@pytest.fixture
def shop(client):
    _, out = client.ymcart("addGoods", goods_res=[dress(), single("S1"), single("S2")])
    assert out == {"code": 0, "failure_count": 0, "success_count": 3, "msg": []}
    return client


def goods(client, codeno):
    _, out = client.ymcart("goodsList", codeno=codeno)
    return out["data"][0] if out["data"] else None


# ---------------------------------------------------------------- token, routing, envelope

def test_token_missing_and_invalid(client, sb):
    assert client.ymcart("goodsList", token=None)[1] == {"code": 401, "msg": "token_empty"}
    assert client.ymcart("goodsList", token="bad")[1] == {"code": 401, "msg": "token_invalid"}
    assert client.ymcart("addGoods", token="bad", goods_res=[single("X")])[1]["code"] == 401
    assert sb.snapshot()["ym_goods"] == []


def test_unknown_method_and_case(client):
    status, out = client.ymcart("noSuchMethod")
    assert status == 404 and out == {"code": 404, "msg": "method_not_found"}
    assert client.ymcart("updategoodssalemode")[0] == 404


def test_configurable_prefix_and_tokens():
    with Sandbox(ymcart_prefix="api/v1", credentials={"ymcart_tokens": ["t1", "t2"]}) as sb:
        c = Client(sb)
        assert sb.ymcart_url.endswith("/api/v1")
        status, _h, body = c.raw("POST", "/api/v1/brandList", b"token=t2",
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        assert json.loads(body) == {"code": 0, "status": 1, "data": {"list": []}}
        assert c.raw("POST", "/ymcart/brandList", b"token=t2")[0] == 404


def test_json_and_multipart_bodies_and_get(client):
    st, out = client.raw_json("POST", "/ymcart/addGoods",
                              json.dumps({"token": "sandbox-token", "goods_res": [single("J1")]}).encode(),
                              {"Content-Type": "application/json"})
    assert out["success_count"] == 1
    boundary = "XyZ"
    parts = []
    for k, v in (("token", "sandbox-token"), ("goods_res", json.dumps([single("M1")]))):
        parts.append('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, k, v))
    body = ("".join(parts) + "--%s--\r\n" % boundary).encode()
    st, out = client.raw_json("POST", "/ymcart/addGoods", body,
                              {"Content-Type": "multipart/form-data; boundary=" + boundary})
    assert out["success_count"] == 1
    st, out = client.raw_json("GET", "/ymcart/goodsList?token=sandbox-token&codeno=J1,M1")
    assert out["count"] == "2"


# ---------------------------------------------------------------- addGoods / goodsList / skuList

def test_add_goods_failures(shop, sb):
    _, out = shop.ymcart("addGoods", goods_res=[
        single("S1"), {"codeno": "N1", "price": 1, "category": "c"}, {"base_name": "x", "category": "c"},
        {"base_name": "x", "price": 1}, single("OK9"),
        dress("BAD", muti_spec_res=[{"spec_value_name": "Red", "codeno": "q"}])])
    assert out["code"] == 0 and out["success_count"] == 1 and out["failure_count"] == 5
    assert [m["msg"] for m in out["msg"]] == ["codeno_exists", "base_name_empty", "price_empty",
                                               "category_empty", "spec_value_name_error"]
    assert out["msg"][0] == {"base_name": "Single S1", "codeno": "S1", "msg": "codeno_exists"}
    assert shop.ymcart("addGoods", goods_res=[])[1] == {"code": 400, "msg": "data empty"}
    assert shop.ymcart("addGoods", goods_res="not json")[1] == {"code": 400, "msg": "data empty"}
    assert shop.ymcart("addGoods")[1] == {"code": 400, "msg": "data empty"}


def test_add_goods_has_no_200_cap(client):
    _, out = client.ymcart("addGoods", goods_res=[single("C%d" % i) for i in range(201)])
    assert out["success_count"] == 201


def test_goods_list_shape_and_filters(shop):
    _, out = shop.ymcart("goodsList")
    assert out["code"] == 0 and out["count"] == "3" and isinstance(out["count"], str)
    g = out["data"][0]
    assert g["codeno"] == "LC3257-2" and g["price"] == "10.5000" and g["stock_nums"] == "7"
    assert g["category_path_name"] == ["Women", "Dress"] and g["category_name"] == "Dress"
    assert g["category_path"].endswith(",") and g["brand_name"] == "Dear-Lover"
    assert [s["codeno"] for s in g["sku"]] == ["LC3257-2RS", "LC3257-2RM", "LC3257-2BS"]
    assert g["sku"][1]["price"] == "12.0000" and g["sku"][2]["price"] == "10.5000"
    assert g["sku_options"] == [{"name": "Color", "value": ["Red", "Black"]}, {"name": "Size", "value": ["S", "M"]}]
    assert g["images"] == ["http://img.example/main.jpg", "http://img.example/1.jpg"]
    # paging from 1
    _, p2 = shop.ymcart("goodsList", page_size="2", page_no="2")
    assert p2["count"] == "3" and [x["codeno"] for x in p2["data"]] == ["S2"]
    assert shop.ymcart("goodsList", codeno="S1,S2")[1]["count"] == "2"
    assert shop.ymcart("goodsList", id="1")[1]["data"][0]["codeno"] == "LC3257-2"
    assert shop.ymcart("goodsList", max_id="2")[1]["count"] == "1"
    assert shop.ymcart("goodsList", status="0")[1]["count"] == "0"
    assert shop.ymcart("goodsList", start_modify_time="2000-1-1 0:0:0")[1]["count"] == "3"
    assert shop.ymcart("goodsList", end_time="2000-1-1 0:0:0")[1]["count"] == "0"
    assert shop.ymcart("goodsList", rec_id="1", tag_id="2")[1]["code"] == 400
    assert shop.ymcart("goodsList", page_no="0")[1] == {"code": 400, "msg": "page_no_error"}


def test_goods_list_default_page_size_50(client):
    client.ymcart("addGoods", goods_res=[single("P%d" % i) for i in range(55)])
    _, out = client.ymcart("goodsList")
    assert out["count"] == "55" and len(out["data"]) == 50


def test_sku_list(shop):
    _, out = shop.ymcart("skuList")
    assert out["status"] == 1 and out["code"] == 0 and out["count"] == "5"
    assert [s["goods_id"] for s in out["data"]] == ["3", "2", "1", "1", "1"]  # goods id desc by default
    s = out["data"][-1]
    assert set(s) == {"id", "goods_id", "sku_code", "codeno", "store_id", "base_name", "sku_value", "barcode",
                      "stock_nums", "status", "price", "market_price", "cost_price", "weight", "create_time",
                      "update_time", "is_instock"}
    assert shop.ymcart("skuList", order_by="1")[1]["data"][0]["goods_id"] == "1"
    assert shop.ymcart("skuList", is_instock="0")[1]["count"] == "1"
    assert shop.ymcart("skuList", is_instock="1")[1]["count"] == "4"
    assert shop.ymcart("skuList", goods_codeno="LC3257-2")[1]["count"] == "3"
    assert shop.ymcart("skuList", sku_codeno="S1-1")[1]["data"][0]["stock_nums"] == "7"
    assert shop.ymcart("skuList", page_size="2", page_no="3")[1]["data"][0]["goods_id"] == "1"


def test_sku_list_default_page_size_500(client):
    client.ymcart("addGoods", goods_res=[dict(single("Q"), spec_mode=1, sku_option1="N:" + ",".join(str(i) for i in range(501)),
                                              muti_spec_res=[{"spec_value_name": str(i), "codeno": "q%d" % i} for i in range(501)])])
    _, out = client.ymcart("skuList")
    assert out["count"] == "501" and len(out["data"]) == 500


# ---------------------------------------------------------------- updates

def test_update_goods(shop):
    _, out = shop.ymcart("updateGoods", goods_res=[{"codeno": "S1", "base_name": "Renamed", "price": 9,
                                                    "category": "Misc,Sub", "brand_name": "ONLY"}])
    assert out == {"code": 0, "msg": None}
    g = goods(shop, "S1")
    assert g["base_name"] == "Renamed" and g["price"] == "9.0000" and g["brand_name"] == "ONLY"
    assert g["category_path_name"] == ["Misc", "Sub"]
    _, out = shop.ymcart("updateGoods", goods_res=[{"codeno": "NOPE"}, {"base_name": "x"},
                                                   {"codeno": "S2", "base_name": ""}, {"goods_id": 2, "codeno": "S2"}])
    assert [m["msg"] for m in out["msg"]] == ["goods_404", "goods_id_empty and goods_codeno_empty",
                                              "base_name_empty", "codeno_exists"]
    assert out["msg"][0]["index"] == 0
    # goods_id wins over codeno; SKUs are upserted
    _, out = shop.ymcart("updateGoods", goods_res=[{"goods_id": 1, "codeno": "LC3257-2",
                                                    "muti_spec_res": [{"spec_value_name": "Black_M", "codeno": "NEWBM", "stock": 1}]}])
    assert out["msg"] is None
    assert len(goods(shop, "LC3257-2")["sku"]) == 4
    assert shop.ymcart("updateGoods", goods_res=[single("X")] * 201)[1] == {"code": 400, "msg": "data_too_large"}


def test_update_sku_qty(shop, sb):
    _, out = shop.ymcart("updateSkuQty", sku_res=[{"codeno": "LC3257-2RS", "num": 11, "price": 11.0},
                                                  {"codeno": "SKU_404", "num": 1},
                                                  {"id": "4", "num": 0}, {"sku_code": "4_2", "num": 2},
                                                  {"sku_code": "0_0", "num": 9}],
                         update_options={"update_listorder": 1, "update_status": 1})
    assert out == {"code": 0, "msg": [{"codeno": "LC3257-2RS", "msg": "success"},
                                      {"codeno": "SKU_404", "msg": "sku_null"},
                                      {"codeno": "S1-1", "msg": "success"},
                                      {"codeno": "LC3257-2BS", "msg": "success"},
                                      {"codeno": "0_0", "msg": "sku_repeated"}]}
    s = {x["codeno"]: x for x in shop.ymcart("skuList")[1]["data"]}
    assert s["LC3257-2RS"]["stock_nums"] == "11" and s["LC3257-2RS"]["price"] == "11.0000"
    # S1 has no stock left: update_status took it off the shelf
    assert goods(shop, "S1")["status"] == "0"
    assert s["LC3257-2BS"]["stock_nums"] == "2" and s["LC3257-2BS"]["sku_code"] == "4_2"
    assert goods(shop, "S2")["stock_nums"] == "7"  # "0_0" is every single-spec SKU: not guessed
    assert shop.ymcart("updateSkuQty", sku_res=[{"codeno": "a"}] * 201)[1]["msg"] == "data_too_large"
    assert shop.ymcart("updateSkuQty", sku_res=[{"codeno": "a"}] * 200)[1]["code"] == 0


def test_goods_remove(shop, sb):
    _, out = shop.ymcart("goodsRemove", goods_remove_res=[
        {"codeno": "338004"}, {"codeno": "S1"}, {"sku_codeno": "LC3257-2RM"}, {"sku_codeno": "LC3257-2XXL"},
        {}, {"codeno": "338004"}])
    assert out == {"code": 0, "status": 1, "msg": [
        {"codeno": "338004", "sku_codeno": None, "msg": "codeno_404"},
        {"codeno": None, "sku_codeno": "LC3257-2XXL", "msg": "sku_codeno_404"},
        {"codeno": None, "sku_codeno": None, "msg": "query_param_404"},
        {"codeno": "338004", "sku_codeno": None, "msg": "query_param_repeated"}]}
    assert goods(shop, "S1") is None
    assert len(goods(shop, "LC3257-2")["sku"]) == 2
    assert shop.ymcart("goodsRemove", goods_remove_res=[])[1] == {"code": 400, "msg": "data_empty"}
    assert shop.ymcart("goodsRemove", goods_remove_res=[{"codeno": "x"}] * 201)[1]["msg"] == "data_too_large"


def test_sku_remove(shop):
    _, out = shop.ymcart("skuRemove", sku_res=[
        {"goods_id": 1, "sku_codeno": "LC3257-2RS"},
        {"goods_codeno": "LC3257-2", "sale_prop": [{"prop_name": "color", "prop_value": "Black"},
                                                    {"prop_name": "Size", "prop_value": "S"}]}])
    assert out == {"code": 0, "success_count": 2, "status": 1, "msg": []}
    assert [s["codeno"] for s in goods(shop, "LC3257-2")["sku"]] == ["LC3257-2RM"]
    _, out = shop.ymcart("skuRemove", sku_res=[{"goods_id": 999, "sku_codeno": "x"}, {"goods_id": 1, "sku_codeno": "nope"}])
    assert out["success_count"] == 0 and [m["msg"] for m in out["msg"]] == ["goods_404", "sku_404"]
    assert shop.ymcart("skuRemove", sku_res=[{"sku_codeno": "LC3257-2RM"}])[1] == \
        {"code": 400, "msg": "goods_id_empty and goods_codeno_empty"}
    assert len(goods(shop, "LC3257-2")["sku"]) == 1


def test_update_goods_image(shop):
    _, out = shop.ymcart("updateGoodsImage", goods_res=[
        {"goods_id": "1", "codeno": "LC3257-2", "is_append": "1", "images": ["a.jpg", "b.jpg"],
         "sku_res": [{"is_append": "0", "sku_option": {"name": "Color", "value": "Red"}, "images": ["r1.jpg", "r2.jpg"]}]}])
    assert out == {"code": 0, "success_count": 1, "msg": []}
    g = goods(shop, "LC3257-2")
    assert g["images"][-2:] == ["a.jpg", "b.jpg"] and len(g["images"]) == 4
    assert g["images_album"] == {"spec_name": "Color", "spec_image": [
        {"muti_spec_value": "Red", "image": "r1.jpg", "images": ["r2.jpg"]}]}
    shop.ymcart("updateGoodsImage", goods_res=[{"codeno": "LC3257-2", "images": ["only.jpg"]}])
    assert goods(shop, "LC3257-2")["images"] == ["http://img.example/main.jpg", "only.jpg"]
    assert shop.ymcart("updateGoodsImage", goods_res=[{"images": []}])[1] == \
        {"code": 400, "msg": "goods_id_empty and goods_codeno_empty"}
    assert shop.ymcart("updateGoodsImage", goods_res=[{"codeno": "zz"}])[1]["msg"] == [{"index": 0, "msg": "goods_404"}]
    assert shop.ymcart("updateGoodsImage", goods_res=[{"codeno": "zz"}] * 201)[1]["msg"] == "data_too_large"


def test_update_goods_by_add_sku(shop):
    _, out = shop.ymcart("updateGoodsByAddSKU", goods_sku_res=[{"goods_id": "1", "sku_res": {
        "sku_options": [{"name": "Color", "value": "blue"}, {"name": "Size", "value": "XXL"}],
        "codeno": "blue-xxl", "stock": "999", "price": "0", "weight": "1.5"}}])
    assert out == {"code": 0, "success_count": 1, "msg": []}
    g = goods(shop, "LC3257-2")
    new = [s for s in g["sku"] if s["codeno"] == "blue-xxl"][0]
    assert new["price"] == "12.0000"  # price 0 -> max(goods price, SKU prices)
    assert g["sku_options"][0]["value"] == ["Red", "Black", "blue"]
    _, out = shop.ymcart("updateGoodsByAddSKU", goods_sku_res=[
        {"goods_codeno": "LC3257-2", "sku_res": {"sku_options": [{"name": "Color", "value": "Red"}, {"name": "Length", "value": "1"}]}},
        {"goods_codeno": "LC3257-2", "sku_res": {"sku_options": [{"name": "Color", "value": "Red"}, {"name": "Size", "value": "S"}]}},
        {"goods_codeno": "nope", "sku_res": {}}])
    assert [m["msg"] for m in out["msg"]] == ["sku_options_error", "sku_exists", "goods_404"]
    assert shop.ymcart("updateGoodsByAddSKU", goods_sku_res=[{"sku_res": {}}])[1]["msg"] == \
        "goods_id_empty and goods_codeno_empty"


def test_update_goods_by_del_sale_prop(shop):
    _, out = shop.ymcart("updateGoodsByDelSaleProp", goods_res=[
        {"goods_id": 1, "sale_prop": [{"prop_name": "color", "prop_value": "Red"}]}])
    assert out == {"code": 0, "success_count": 1, "msg": []}
    g = goods(shop, "LC3257-2")
    assert [s["codeno"] for s in g["sku"]] == ["LC3257-2BS"]
    assert g["sku_options"][0] == {"name": "Color", "value": ["Black"]}
    _, out = shop.ymcart("updateGoodsByDelSaleProp", goods_res=[
        {"goods_codeno": "LC3257-2", "sale_prop": [{"prop_name": "size", "prop_value": "XL"}]}])
    assert out["msg"] == [{"index": 0, "msg": "sale_prop_404"}]
    assert shop.ymcart("updateGoodsByDelSaleProp", goods_res=[{"sale_prop": []}])[1]["code"] == 400


def test_update_goods_rel(shop):
    _, out = shop.ymcart("updateGoodsRel", goods_rel_res={"goods_id": 1, "rel_goods": [
        {"goods_id": 2}, {"goods_id": 3, "relation": "mutual"}]})
    assert out == {"code": 0, "status": 1, "success_count": 1, "failed_count": 0, "error_msg": []}
    assert goods(shop, "LC3257-2")["relations"] == [{"goods_id": "2", "relation": "one"},
                                                    {"goods_id": "3", "relation": "mutual"}]
    assert goods(shop, "S2")["relations"] == [{"goods_id": "1", "relation": "mutual"}]
    _, out = shop.ymcart("updateGoodsRel", goods_rel_res={"goods_id": 201737, "rel_goods": [{"goods_id": 1}]})
    assert out == {"code": 0, "status": 1, "success_count": 0, "failed_count": 1,
                   "error_msg": ["201737 goods not exist!"]}


def test_update_goods_sale_mode(shop):
    _, out = shop.ymcart("UpdateGoodsSaleMode", goods_sale_mode_res=[
        {"goods_id": "1", "sale_mode": 1, "discount": 8, "start_time": "2020-04-21", "end_time": "2020-04-30"},
        {"codeno": "S1", "sale_mode": 2, "moq": 8, "min_qty": 0, "range_end": [20, 50], "range_discount": [8, 7]},
        {"codeno": "S2", "sale_mode": 9}, {"codeno": "GONE", "sale_mode": 0}])
    assert out == {"code": 0, "status": 1, "success_count": 2, "failed_count": 2,
                   "error_msg": ["S2 sale_mode error!", "GONE goods not exist!"]}
    g = goods(shop, "LC3257-2")
    assert g["sale_mode"] == "1" and g["sale_mode_res"]["discount"] == 8
    shop.ymcart("UpdateGoodsSaleMode", goods_sale_mode_res=[{"goods_id": "1", "sale_mode": 0}])
    assert goods(shop, "LC3257-2")["sale_mode_res"] is None


def test_update_goods_rec_and_rec_rel(shop):
    _, out = shop.ymcart("updateGoodsRec", goods_rec={"goods_rec": {"goods_rec_id": "5803", "base_name": "HOT SALE",
                                                                    "status": "1"}, "goods_list": [2, 3, 999]})
    assert out == {"status": 1, "code": 0, "msg": "success"}
    shop.ymcart("updateGoodsRec", goods_rec={"goods_rec": {"goods_rec_id": "3333", "base_name": "Hot 2018"}})
    assert shop.ymcart("goodsList", rec_id="5803")[1]["count"] == "2"
    _, out = shop.ymcart("UpdateGoodsRecRel", goods_rec_rel_res=[
        {"goods_id": "1", "rec_ids": [3333], "rec_names": ["HOT SALE"]},
        {"codeno": "S1", "rec_ids": "3333,1"}, {"codeno": "S2"}])
    assert out == {"code": 0, "status": 1, "success_count": 1, "failed_count": 2,
                   "error_msg": ["S1 rec 1 not exist!", "S2 rec_ids and rec_names empty!"]}
    assert goods(shop, "LC3257-2")["recommends"] == ["Hot 2018", "HOT SALE"]
    shop.ymcart("UpdateGoodsRecRel", goods_rec_rel_res=[{"goods_id": "1", "clear_all": True}])
    assert goods(shop, "LC3257-2")["recommends"] == []
    assert shop.ymcart("updateGoodsRec", goods_rec={"goods_list": [1]})[1] == {"code": 400, "msg": "data empty"}


def test_update_topic(shop, sb):
    topic = {"topic_goods": [{"tag_res": {"tag_id": "887", "order_by": "", "order_field": ""},
                              "tag_goods_res": [{"goods_id": "1", "listorder": 40}, {"goods_id": "3", "listorder": 2}]}],
             "topic_res": {"topic_id": "371", "base_name": "专题名称", "title": "SEO标题"}}
    assert shop.ymcart("updateTopic", topic_res=topic)[1] == {"status": 1, "code": 0, "msg": "success"}
    assert sb.snapshot()["ym_topic"][0]["id"] == 371
    assert shop.ymcart("goodsList", tag_id="887")[1]["count"] == "2"
    assert shop.ymcart("updateTopic", topic_res={"topic_goods": []})[1] == {"code": 400, "msg": "topic_id_empty"}


def test_update_goods_user_group(shop):
    _, out = shop.ymcart("updateGoodsUserGroup", goods_user_res=[
        {"codeno": "", "goods_id": "1", "user_group": ["VIP1", "VIP2", "VIP3"]},
        {"codeno": "S1", "goods_id": "", "user_group": ["VIP1", "Member"]},
        {"codeno": "NOPE", "user_group": ["VIP1"]}])
    assert out == {"code": 0, "status": 1, "msg": [
        "1 group VIP1 add success!", "1 group VIP2 not exist!", "1 group VIP3 not exist!",
        "S1 group VIP1 add success!", "S1 group Member add success!", "NOPE goods not exist!"],
        "success_count": 2, "failed_count": 1}
    assert goods(shop, "S1")["user_groups"] == ["VIP1", "Member"]


# ---------------------------------------------------------------- categories and brands

def test_add_edit_and_list_categories(client):
    _, out = client.ymcart("addCategory", category_res=[{"name": ""}, {"name": "category root A,category root A2"}])
    assert out == {"code": 0, "msg": [{"index": 0, "msg": "insert_fail"}]}
    _, out = client.ymcart("categoryList")
    assert out["code"] == 0
    assert out["data"][1] == {"0": "2", "id": "2", "1": "category root A2", "base_name": "category root A2",
                              "2": "1", "parent_id": "1", "3": "0", "listorder": "0", "4": "", "title": "",
                              "5": "", "keywords": "", "6": "", "descript": ""}
    assert list(out["data"][0])[:4] == ["0", "id", "1", "base_name"]
    _, out = client.ymcart("editCategory", category_res=[
        {"category_id": "1", "base_name": "Root", "listorder": "9999", "title": "seo title", "status": "1"},
        {"category_id": "238", "base_name": "x"}])
    assert out == {"code": 0, "msg": [{"index": 1, "msg": "udpate_fail"}]}
    row = client.ymcart("categoryList")[1]["data"][0]
    assert (row["base_name"], row["listorder"], row["title"]) == ("Root", "9999", "seo title")
    assert client.ymcart("addCategory", category_res=[{"name": "a"}] * 201)[1]["msg"] == "data_too_large"
    assert client.ymcart("editCategory", category_res=[{"category_id": 1}] * 201)[1]["msg"] == "data_too_large"
    # adding an existing path again does not duplicate
    client.ymcart("addCategory", category_res=[{"name": "Root,category root A2"}])
    assert len(client.ymcart("categoryList")[1]["data"]) == 2


def test_brand_list(shop):
    shop.ymcart("updateGoods", goods_res=[{"codeno": "S1", "brand_name": "HX-Fashion"}])
    _, out = shop.ymcart("brandList")
    assert out == {"code": 0, "status": 1, "data": {"list": [
        {"id": "1", "base_name": "Dear-Lover", "title": "", "keywords": "", "descript": ""},
        {"id": "2", "base_name": "HX-Fashion", "title": "", "keywords": "", "descript": ""}]}}


def test_all_twenty_methods_served(client):
    from skuwire_sandbox.ymcart import METHODS
    names = {"skuRemove", "updateGoodsImage", "updateGoodsByAddSKU", "updateGoodsByDelSaleProp", "updateGoodsRel",
             "editCategory", "UpdateGoodsSaleMode", "UpdateGoodsRecRel", "updateTopic", "updateGoodsUserGroup",
             "updateGoodsRec", "brandList", "skuList", "goodsRemove", "updateGoods", "updateSkuQty", "addGoods",
             "addCategory", "goodsList", "categoryList"}
    assert set(METHODS) == names
    for n in names:
        status, out = client.ymcart(n)
        assert status == 200 and out["code"] in (0, 400), n
