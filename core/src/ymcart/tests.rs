//! Tests against every example the page prints, and the rules' negatives.

use super::*;
use crate::error::{loc_to_string, ErrorRecord, ErrorType};
use crate::outcome::Status;
use crate::plan::{plan, validate, PlanOptions};
use crate::outcome::{Outcome, Reason, Retry};
use crate::plan::Batch;
use serde_json::{json, Value};

/// `(type, loc)` of every error, for compact assertions.
fn errs(op: &str, payload: &Value) -> Vec<(String, String)> {
    validate(op, payload, false).unwrap().iter().map(|e| (e.kind.name().to_owned(), loc_to_string(&e.loc))).collect()
}

fn errs_strict(op: &str, payload: &Value) -> Vec<(String, String)> {
    validate(op, payload, true).unwrap().iter().map(|e| (e.kind.name().to_owned(), loc_to_string(&e.loc))).collect()
}

fn raw(op: &str, payload: &Value) -> Vec<ErrorRecord> {
    validate(op, payload, false).unwrap()
}

fn e(t: &str, loc: &str) -> (String, String) {
    (t.to_owned(), loc.to_owned())
}

fn ok(op: &str, payload: &Value) {
    let found = errs(op, payload);
    assert!(found.is_empty(), "{op}: unexpected errors {found:?}");
}

fn page(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// A batch of these items at positions 0…n−1, without validation (the
/// page's examples do not all validate, but their answers must parse).
fn batch(op: &str, items: Value) -> Batch {
    let n = items.as_array().map_or(0, Vec::len);
    serde_json::from_value(json!({"method": op, "platform": "ymcart", "indices": (0..n).collect::<Vec<_>>(), "items": items})).unwrap()
}

/// The page's example with its bare image names made absolute.
fn absolute(v: &Value, base: &str) -> String {
    let mut s = v.to_string();
    for name in ["image1.jpg", "image2.jgp", "image3.jpg"] {
        s = s.replace(&format!("\"{name}\""), &format!("\"{base}{name}\""));
    }
    s
}

fn rejected(o: &Outcome) -> Vec<(Option<usize>, Option<String>, String)> {
    o.rejected.iter().map(|r| (r.index, r.key.clone(), r.message.clone())).collect()
}

// ------------------------------------------------------------- registry

#[test]
fn twenty_operations_named_as_the_page_writes_them() {
    let names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(
        names,
        [
            "skuRemove", "updateGoodsImage", "updateGoodsByAddSKU", "updateGoodsByDelSaleProp", "updateGoodsRel", "editCategory",
            "UpdateGoodsSaleMode", "UpdateGoodsRecRel", "updateTopic", "updateGoodsUserGroup", "updateGoodsRec", "brandList", "skuList",
            "goodsRemove", "updateGoods", "updateSkuQty", "addGoods", "addCategory", "goodsList", "categoryList"
        ]
    );
    for op in &OPERATIONS {
        assert_eq!(op.platform, Platform::Ymcart);
        assert_eq!(crate::registry::operation(op.name).unwrap(), op);
        let is_list = matches!(op.name, "brandList" | "skuList" | "goodsList" | "categoryList");
        assert_eq!(op.kind == OpKind::Query, is_list, "{}", op.name);
        assert_eq!(op.paging.is_some(), is_list, "{}", op.name);
        match op.body {
            BodyShape::Params => assert!(is_list),
            BodyShape::JsonObjectParam(_) => assert_eq!(op.limits.max_items, 1),
            BodyShape::JsonListParam(_) => assert!(op.limits.max_items >= 50),
            _ => panic!("{}: unexpected body shape", op.name),
        }
    }
    let op = |n| crate::registry::operation(n).unwrap();
    for n in ["addGoods", "addCategory", "updateGoodsByAddSKU", "updateGoodsImage", "UpdateGoodsRecRel", "updateGoodsUserGroup"] {
        assert!(!op(n).upsert, "{n} must not be resent");
    }
    for n in ["updateGoods", "updateSkuQty", "editCategory", "goodsRemove", "skuRemove", "UpdateGoodsSaleMode"] {
        assert!(op(n).upsert, "{n}");
    }
    for (n, max, doc) in [
        ("updateGoodsImage", 200, true),
        ("updateGoodsByAddSKU", 200, true),
        ("editCategory", 200, true),
        ("goodsRemove", 200, true),
        ("updateGoods", 200, true),
        ("updateSkuQty", 200, true),
        ("addCategory", 200, true),
        ("skuRemove", 200, false),
        ("updateGoodsByDelSaleProp", 200, false),
        ("UpdateGoodsSaleMode", 200, false),
        ("UpdateGoodsRecRel", 200, false),
        ("updateGoodsUserGroup", 200, false),
        ("addGoods", 50, false),
    ] {
        assert_eq!((op(n).limits.max_items, op(n).limits.documented), (max, doc), "{n}");
    }
    let p = op("skuList").paging.as_ref().unwrap();
    assert_eq!((p.first_page, p.default_page_size, p.list_field, p.total_field, p.row_key), (1, 500, "data", Some("count"), Some("id")));
    let p = op("goodsList").paging.as_ref().unwrap();
    assert_eq!((p.first_page, p.default_page_size, p.list_field, p.total_field), (1, 50, "data", Some("count")));
    let p = op("brandList").paging.as_ref().unwrap();
    assert_eq!((p.max_page_size, p.list_field, p.total_field), (UNPAGED, "data.list", None));
    let p = op("categoryList").paging.as_ref().unwrap();
    assert_eq!((p.max_page_size, p.list_field), (UNPAGED, "data"));
}

// ------------------------------------------------- the page's requests

#[test]
fn sku_remove_example_validates() {
    ok("skuRemove", &page(r#"[{"goods_id":243020,"sku_codeno":"990478_990481"},{"goods_codeno":"AA_LQ5239-10","sale_prop":[{"prop_name":"color","prop_value":"Red"},{"prop_name":"Size","prop_value":"S"}]}]"#));
}

#[test]
fn update_goods_image_examples_validate_with_their_file_names() {
    // Each method follows its own page: updateGoodsImage's examples send
    // bare names ("image1.jpg", even "image2.jgp"), and nothing on that page
    // asks for full URLs (addGoods' note does, for addGoods).
    let default_album = page(r#"[{"goods_id":"211452","codeno":"1223556","is_append":"1","images":["image1.jpg","image2.jgp","image3.jpg"]}]"#);
    ok("updateGoodsImage", &default_album);
    let colour = page(r#"[{"goods_id":"211452","codeno":"1223556","sku_res":[{"is_append":"1","sku_option":{"name":"Color","value":"blue"},"images":["image1.jpg","image2.jgp","image3.jpg"]},{"is_append":"1","sku_option":{"name":"Color","value":"red"},"images":["image1.jpg","image2.jgp","image3.jpg"]}]}]"#);
    ok("updateGoodsImage", &colour);
    let both = page(r#"[{"goods_id":"211452","codeno":"1223556","is_append":"1","images":["image1.jpg","image2.jgp","image3.jpg"],"sku_res":[{"is_append":"1","sku_option":{"name":"Color","value":"blue"},"images":["image1.jpg","image2.jgp","image3.jpg"]},{"is_append":"1","sku_option":{"name":"Color","value":"red"},"images":["image1.jpg","image2.jgp","image3.jpg"]}]}]"#);
    ok("updateGoodsImage", &both);
    ok("updateGoodsImage", &page(&absolute(&both, "http://img.example.com/")));
    // An empty name or a non-string is still refused.
    assert_eq!(errs("updateGoodsImage", &json!([{"goods_id":"1","images":["", 3]}])), vec![e("string_too_short", "[0].images[0]"), e("string_type", "[0].images[1]")]);
}

#[test]
fn add_sku_example_validates_with_its_file_names() {
    let ex = page(r#"[{"goods_id":"211452","sku_res":{"sku_options":[{"name":"Color","value":"blue"},{"name":"Size","value":"XXL"}],"codeno":"blue-xxl","stock":"999","price":"100","weight":"1.5","barcode":"1222","volume":"1.5","images":["image1.jpg","image2.jgp","image3.jpg"]}}]"#);
    ok("updateGoodsByAddSKU", &ex);
    ok("updateGoodsByAddSKU", &page(&absolute(&ex, "https://img.example.com/")));
    // addGoods keeps its own page's rule: full http(s) addresses.
    assert_eq!(errs("addGoods", &json!([goods(json!({"main_image": "image1.jpg"}))])), vec![e("url_scheme", "[0].main_image")]);
}

#[test]
fn del_sale_prop_example_validates_with_a_numeric_code() {
    ok("updateGoodsByDelSaleProp", &page(r#"[{"goods_id":2139792,"goods_codeno":2139792,"sale_prop":[{"prop_name":"size","prop_value":"xl"},{"prop_name":"size","prop_value":"x"},{"prop_name":"color","prop_value":"red"}]},{"goods_codeno":"234234234","sale_prop":[{"prop_name":"size","prop_value":"xl"},{"prop_name":"size","prop_value":"x"},{"prop_name":"size","prop_value":"xxl"},{"prop_name":"color","prop_value":"blue"}]}]"#));
}

#[test]
fn goods_rel_example_uses_an_undefined_relation() {
    // Text: "one或者不填表示单向关联,mutual 表示 双向关联"; example: "two".
    let ex = page(r#"{"goods_id":201737,"rel_goods":[{"goods_id":201716},{"goods_id":201384},{"goods_id":201382,"relation":"two"}]}"#);
    let found = raw("updateGoodsRel", &ex);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, ErrorType::Enum);
    assert_eq!(loc_to_string(&found[0].loc), "rel_goods[2].relation");
    assert_eq!(found[0].msg(), "Input should be one of one or mutual");
    ok("updateGoodsRel", &page(&ex.to_string().replace("\"two\"", "\"mutual\"")));
}

#[test]
fn edit_category_example_validates() {
    ok("editCategory", &page(r#"[{"category_id":"238","base_name":"分类名字","status":"1","listorder":"9999","image":"http://cn01.imgcdn.ymcart.com/24073/2016/06/13/1/8/18f21bec9f03da1b.jpg","image1":"http://cn01.imgcdn.ymcart.com/24073/2016/06/13/1/8/18f21bec9f03da1b.jpg","image2":"http://cn01.imgcdn.ymcart.com/24073/2016/06/13/1/8/18f21bec9f03da1b.jpg","title":"seo title","keywords":"seo keywords","descript":"seo desc","b2b_status":"1","order_by":"buy_counts","order_field":"DESC"},{"category_id":"239","base_name":"分类名字","status":"1","listorder":"9999","image":"http://cn01.imgcdn.ymcart.com/24073/2016/06/13/1/8/18f21bec9f03da1b.jpg","image1":"http://cn01.imgcdn.ymcart.com/24073/2016/06/13/1/8/18f21bec9f03da1b.jpg","image2":"http://cn01.imgcdn.ymcart.com/24073/2016/06/13/1/8/18f21bec9f03da1b.jpg","title":"seo title","keywords":"seo keywords","descript":"seo desc","b2b_status":"1","order_by":"buy_counts","order_field":"DESC"}]"#));
}

#[test]
fn sale_mode_examples_validate() {
    ok("UpdateGoodsSaleMode", &page(r#"[{"goods_id":"176795","codeno":"176795","sale_mode":1,"discount":8,"start_time":"2020-04-21","end_time":"2020-04-30"}]"#));
    ok("UpdateGoodsSaleMode", &page(r#"[{"goods_id":"176795","codeno":"176795","sale_mode":2,"moq":8,"min_qty":0,"range_end":[20,50,100],"range_discount":[8,7,6],"range_remark":["remark1","remark2","remark3"]}]"#));
    ok("UpdateGoodsSaleMode", &page(r#"[{"goods_id":"176795","codeno":"176795","sale_mode":0}]"#));
}

#[test]
fn rec_rel_examples_validate() {
    ok("UpdateGoodsRecRel", &page(r#"[{"goods_id":"176795","codeno":"176795","rec_ids":[3333,3768],"rec_names":["Hot 2018","HOT SALE"]},{"goods_id":"176796","codeno":"176796","rec_ids":[3333,3768],"rec_names":["Hot 2018","HOT SALE"]}]"#));
    ok("UpdateGoodsRecRel", &page(r#"[{"goods_id":"176717","clear_all":true}]"#));
    // "可以是逗号隔开字符串,也可以是数组"
    ok("UpdateGoodsRecRel", &page(r#"[{"codeno":"A1","rec_ids":"3333,3768"},{"codeno":"A2","rec_names":"Hot 2018,HOT SALE"}]"#));
}

#[test]
fn topic_example_has_a_placeholder_status() {
    let ex = page(r#"{"topic_goods":[{"tag_res":{"tag_id":"887","order_by":"","order_field":""},"tag_goods_res":[{"goods_id":"118280","listorder":40},{"goods_id":"131260","listorder":39},{"goods_id":"106326","listorder":2},{"goods_id":"142397","listorder":1}]},{"tag_res":{"tag_id":"886","order_by":"","order_field":""},"tag_goods_res":[{"goods_id":"154835","listorder":4},{"goods_id":"155478","listorder":3},{"goods_id":"149487","listorder":2},{"goods_id":"164941","listorder":1}]}],"topic_res":{"topic_id":"371","base_name":"专题名称","title":"SEO标题","keywords":"SEO关键字","descript":"SEO描述","status":"状态"}}"#);
    assert_eq!(errs("updateTopic", &ex), vec![e("int_type", "topic_res.status")]);
    ok("updateTopic", &page(&ex.to_string().replace("\"状态\"", "\"1\"")));
}

#[test]
fn user_group_example_validates_with_blank_alternatives() {
    ok("updateGoodsUserGroup", &page(r#"[{"codeno":"","goods_id":"164970", "user_group":["VIP1","VIP2","VIP3"]},{"codeno":"165012","goods_id":"", "user_group":["VIP1","Member"]}]"#));
}

#[test]
fn goods_rec_example_has_a_placeholder_status() {
    let ex = page(r#"{"goods_rec":{"goods_rec_id":"5803","base_name":"商品推荐名","title":"商品推荐SEO标题","keywords":"商品推荐SEO关键词","descript":"商品推荐SEO描述","status":"商品推荐状态(0或1)"},"goods_list":[132,4313,43123,43254]}"#);
    assert_eq!(errs("updateGoodsRec", &ex), vec![e("int_type", "goods_rec.status")]);
    ok("updateGoodsRec", &page(&ex.to_string().replace("\"商品推荐状态(0或1)\"", "0")));
}

#[test]
fn goods_remove_example_validates() {
    ok("goodsRemove", &page(r#"[{"codeno":"LC3257-2"},{"codeno":"LC3257-1"},{"sku_codeno":"LC3257-2XXL"}]"#));
}

const UPDATE_GOODS_EXAMPLE: &str = r#"[{"goods_id":123860,"codeno":"LC3257-2","base_name":"Diva Green Lace Bow Teddy","main_image":"http://cn01.imgcdn.ymcart.com/28813/2018/08/13/b/e/be2420de4a1a4bff.jpg","other_images":"http://cn01.imgcdn.ymcart.com/28813/2018/09/8/5/859d24d783077af5.jpg,http://cn01.imgcdn.ymcart.com/28813/2018/09/3/1/317b72949774e54d.jpg","category":"women,dress","brand_name":"ONLY","tags":"summer,light,tight","group_codeno":"","buy_counts":43,"status":1,"listorder":1109,"title":"seo title","keywords":"seo keywords","descript":"seo descript","mini_detail":"","weight":21,"volume":"1.5","price":25,"spec_mode":1,"is_diy_remark":1,"create_time":"2016-7-21 11:20:44","sku_option1":"Color:Red,Black","sku_option2":"Size:S,M,L","muti_spec_res":[{"spec_value_name":"Red_S","codeno":"API1000-1","stock":999,"price":100,"weight":1.5,"barcode":"1213132131231","volume":"1.5"},{"spec_value_name":"Red_M","codeno":"API1000-2","stock":999,"price":100,"weight":1.5,"barcode":"1213132131232"},{"spec_value_name":"Red_L","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233","volume":"1.5"},{"spec_value_name":"Black_S","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233"},{"spec_value_name":"Black_L","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233","volume":"1.5"},{"spec_value_name":"Black_M","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233","volume":"1.5"}]}]"#;

#[test]
fn update_goods_example_repeats_a_sku_code() {
    // "SKU编号要严格填写并且唯一" (updateSkuQty note 2); the example gives
    // API1000-3 to four SKUs, so stock sync could not tell them apart.
    let found = raw("updateGoods", &page(UPDATE_GOODS_EXAMPLE));
    let compact: Vec<_> = found.iter().map(|e| (e.kind.name(), loc_to_string(&e.loc))).collect();
    assert_eq!(
        compact,
        vec![
            ("duplicate_key", "[0].muti_spec_res[3].codeno".to_owned()),
            ("duplicate_key", "[0].muti_spec_res[4].codeno".to_owned()),
            ("duplicate_key", "[0].muti_spec_res[5].codeno".to_owned()),
        ]
    );
    assert_eq!(found[0].ctx["value"], "API1000-3");
    assert_eq!(found[0].ctx["first_loc"], json!([0, "muti_spec_res", 2]));
    assert_eq!(found[0].msg(), "Duplicate muti_spec_res.codeno API1000-3: it already appears at [0].muti_spec_res[2], and the platform would overwrite one with the other");
    let fixed = UPDATE_GOODS_EXAMPLE
        .replace("\"Black_S\",\"codeno\":\"API1000-3\"", "\"Black_S\",\"codeno\":\"API1000-4\"")
        .replace("\"Black_L\",\"codeno\":\"API1000-3\"", "\"Black_L\",\"codeno\":\"API1000-5\"")
        .replace("\"Black_M\",\"codeno\":\"API1000-3\"", "\"Black_M\",\"codeno\":\"API1000-6\"");
    ok("updateGoods", &page(&fixed));
}

#[test]
fn update_sku_qty_example_validates() {
    ok("updateSkuQty", &page(r#"[{"sku_code":"800673_800675","num":11,"price":11.00},{"id":"3145319","num":22},{"codeno":"sss12345","num":33}]"#));
}

const ADD_GOODS_EXAMPLE: &str = r#"[{"base_name":"Api test product name 001","codeno":"Api_code_001","price":"10.5","weight":"0.5","volume":"1.5","category":"Midi Dresses","brand":"Dear-Lover","group_codeno":"","detail":"api test detail","mini_detail":"api mini detail","is_diy_remark":"1","visit_counts":"10","buy_counts":"12","wishlist_counts":"50","goods_tags":"Hot,New","status":"1","title":"api title","keywords":"api keywords","descript":"api descript","spec_mode":1,"sku_option1":"Color:Red,Black","sku_option2":"Size:S,M,L","muti_spec_res":[{"spec_value_name":"Red_S","codeno":"API1000-1","stock":999,"price":100,"weight":1.5,"barcode":"1213132131231","volume":1.5},{"spec_value_name":"Red_M","codeno":"API1000-2","stock":999,"price":100,"weight":1.5,"barcode":"1213132131232"},{"spec_value_name":"Red_L","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233","volume":"1.5"},{"spec_value_name":"Black_L","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233","volume":"1.5"},{"spec_value_name":"Black_L","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233","volume":"1.5"},{"spec_value_name":"Black_L","codeno":"API1000-3","stock":999,"price":100,"weight":1.5,"barcode":"1213132131233","volume":"1.5"}],"muti_spec_image_name":"Color","muti_spec_images":["http://www.example.com/fckeditfile/image/1473146087.jpg,http://www.example.com/uploadImage/2016-09-06/201609061456137098227.jpg"],"main_image":"http://www.example.com/uploadImage/2016-10-05/2016100514493561986344.jpg","other_images":"http://www.example.com/uploadImage/2016-09-06/201609061456137098227.jpg,http://www.example.com/fckeditfile/image/1473146087.jpg","goods_type":"Dress","common_property":[{"name":"PRICE RANGE","value":"$50 - $80"},{"name":"HEMLINE","value":["FLOOR","TEA","LONG"]}],"relation_codenos":{"one_way":["LC64190-2","LC25702-2"],"two_way":["LC61328-22"]},"listorder":1000,"is_taxed":1}]"#;

#[test]
fn add_goods_example_repeats_skus() {
    // Black_L three times with the same code: the second and third rows
    // would overwrite the first.
    let found = raw("addGoods", &page(ADD_GOODS_EXAMPLE));
    let compact: Vec<_> = found.iter().map(|e| (e.kind.name(), loc_to_string(&e.loc))).collect();
    assert_eq!(
        compact,
        vec![
            ("duplicate_key", "[0].muti_spec_res[4].spec_value_name".to_owned()),
            ("duplicate_key", "[0].muti_spec_res[5].spec_value_name".to_owned()),
            ("duplicate_key", "[0].muti_spec_res[3].codeno".to_owned()),
            ("duplicate_key", "[0].muti_spec_res[4].codeno".to_owned()),
            ("duplicate_key", "[0].muti_spec_res[5].codeno".to_owned()),
        ]
    );
    assert_eq!(found[0].ctx["first_loc"], json!([0, "muti_spec_res", 3, "spec_value_name"]));
    let mut fixed: Value = page(ADD_GOODS_EXAMPLE);
    let rows = fixed[0]["muti_spec_res"].as_array_mut().unwrap();
    for (j, name) in [(3, "Black_S"), (4, "Black_M"), (5, "Black_L")] {
        rows[j]["spec_value_name"] = json!(name);
        rows[j]["codeno"] = json!(format!("API1000-{}", j + 1));
    }
    ok("addGoods", &fixed);
}

#[test]
fn add_goods_text_examples_validate() {
    let base = || {
        json!({"base_name":"保温杯 🍵","codeno":"G1","price":"99.99","category":"Home,Cups","status":1,
               "main_image":"http://www.example.com/uploadImage/2016-10-05/2016100514493561986344.jpg"})
    };
    // single_res (spec_mode 0)
    let mut g = base();
    g["spec_mode"] = json!(0);
    g["single_res"] = json!({"codeno":"Api_code_001-1","stock":"999","price":"99.99","weight":"1.5","barcode":"1213132131231","volume":"1.5"});
    ok("addGoods", &json!([g]));
    // spec_res (spec_mode 2): the page's PHP literal nests spec_add_volume
    // inside spec_add_price by a misplaced parenthesis; lines 390–392 list
    // the three as siblings, which is how they are read.
    let mut g = base();
    g["spec_mode"] = json!(2);
    g["sku_option1"] = json!("Color:Red,Yellow,Green");
    g["sku_option2"] = json!("Size:S,M,L");
    g["spec_res"] = json!({"spec_add_weight":[["1","0","0"],["0","2","0"]],"spec_add_price":[["1","0","0"],["0","2","0"]],"spec_add_volume":[["1","0","0"],["0","2","0"]]});
    ok("addGoods", &json!([g]));
    // sale_mode_res: the three kinds of the text.
    for smr in [
        json!({"sale_mode":1,"discount":8,"start_time":"2020-04-21","end_time":"2020-04-30"}),
        json!({"sale_mode":2,"moq":2,"min_qty":8,"range_end":[20,50,100],"range_discount":[8,7,6],"range_remark":["remark1","remark2","remark3"]}),
        json!({"sale_mode":4,"start_time":"2020-04-21","end_time":"2020-04-30","ships":"2020-05-30","ordered_qty":8,"range_end":[20,50,0],"range_discount":[8,7,6]}),
    ] {
        let mut g = base();
        g["sale_mode_res"] = smr;
        ok("addGoods", &json!([g]));
    }
    // timed release: create_time in the future and status 0.
    let mut g = base();
    g["timed_release"] = json!(1);
    g["create_time"] = json!("2020-07-05 15:00:00");
    g["status"] = json!(0);
    ok("addGoods", &json!([g]));
}

#[test]
fn add_category_example_sends_an_empty_name() {
    // The page's own answer to this example is index 0 insert_fail.
    let found = raw("addCategory", &page(r#"[{"name":""},{"name":"category root A,category root A2"}]"#));
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].kind, loc_to_string(&found[0].loc)), (ErrorType::StringTooShort, "[0].name".to_owned()));
}

#[test]
fn list_parameters_validate() {
    ok("skuList", &json!({"page_size":500,"page_no":1,"goods_codeno":"G1","sku_codeno":"S1","is_instock":1,"order_by":1}));
    ok("goodsList", &json!({"page_size":50,"page_no":2,"codeno":"A,B","id":"137808,137809","category_id":38767,"status":1,
        "start_modify_time":"2016-9-9 0:0:0","end_modify_time":"2016-9-9 23:59:59","start_time":"2016-9-9 0:0:0","end_time":"2016-9-9 23:59:59","rec_id":3}));
    ok("brandList", &json!({}));
    ok("categoryList", &json!({}));
    assert_eq!(errs("goodsList", &json!({"rec_id":1,"tag_id":2})), vec![e("conflict", "")]);
    // The pages' 500 / 50 are defaults, not maxima: larger pages are fine.
    ok("goodsList", &json!({"page_size":100}));
    ok("skuList", &json!({"page_size":1000}));
    assert_eq!(errs("goodsList", &json!({"page_size":0})), vec![e("int_out_of_range", "page_size")]);
    assert_eq!(errs("goodsList", &json!({"page_size":2_147_483_648_i64})), vec![e("int_out_of_range", "page_size")]);
    assert_eq!(errs("goodsList", &json!({"page_no":0})), vec![e("int_out_of_range", "page_no")]);
    // "多个用英文逗号隔开": lists are taken (and sent joined); what cannot be joined is refused.
    ok("goodsList", &json!({"id":[1,2],"category_id":[38767],"codeno":["A","B"]}));
    assert_eq!(
        errs("goodsList", &json!({"id":[], "codeno":["A,B", "", 7, {}]})),
        vec![e("string_pattern_mismatch", "codeno[0]"), e("string_too_short", "codeno[1]"), e("string_type", "codeno[3]"), e("too_short", "id")]
    );
    assert_eq!(errs("goodsList", &json!({"start_time":"2016-9-10","end_time":"2016-9-9 0:0:0"})), vec![e("time_range", "end_time")]);
    assert_eq!(errs("goodsList", &json!({"start_modify_time":"2016/9/9"})), vec![e("datetime_parsing", "start_modify_time")]);
    assert_eq!(errs("goodsList", &json!({"id":"1,x"})), vec![e("string_pattern_mismatch", "id")]);
    assert_eq!(errs_strict("brandList", &json!({"page_no":1})), vec![e("extra_forbidden", "page_no")]);
}

// -------------------------------------------------------------- negatives

#[test]
fn either_or_identifiers() {
    assert_eq!(
        errs("skuRemove", &json!([{"goods_id": ""}])),
        vec![e("missing_one_of", "[0]"), e("missing_one_of", "[0]")]
    );
    let r = raw("skuRemove", &json!([{"sku_codeno": "S"}]));
    assert_eq!(r[0].ctx["fields"], json!(["goods_id", "goods_codeno"]));
    assert_eq!(r[0].msg_zh(), "goods_id、goods_codeno不能同时为空");
    assert_eq!(errs("updateSkuQty", &json!([{"num": 1}])), vec![e("missing_one_of", "[0]")]);
    assert_eq!(errs("updateSkuQty", &json!([{"codeno": "A"}])), vec![e("missing", "[0].num")]);
    assert_eq!(errs("updateGoods", &json!([{"base_name":"x","status":1}])), vec![e("missing_one_of", "[0]")]);
    assert_eq!(errs("updateGoodsImage", &json!([{"goods_id":1}])), vec![e("missing_one_of", "[0]")]);
    assert_eq!(errs("goodsRemove", &json!([{}])), vec![e("missing_one_of", "[0]")]);
    assert_eq!(errs("goodsRemove", &json!([{"codeno":"A","sku_codeno":"B"}])), vec![e("conflict", "[0]")]);
    assert_eq!(errs("UpdateGoodsRecRel", &json!([{"goods_id":1}])), vec![e("missing_one_of", "[0]")]);
    ok("UpdateGoodsRecRel", &json!([{"goods_id":1,"clear_all":1}]));
    assert_eq!(errs("UpdateGoodsRecRel", &json!([{"goods_id":1,"rec_ids":"1,,2"}])), vec![e("string_pattern_mismatch", "[0].rec_ids")]);
    assert_eq!(errs("updateGoodsUserGroup", &json!([{"goods_id":"0","user_group":[]}])), vec![e("int_out_of_range", "[0].goods_id"), e("too_short", "[0].user_group")]);
}

fn goods(extra: Value) -> Value {
    let mut g = json!({"base_name":"Cup","codeno":"G1","price":"10","category":"Home","status":1,"main_image":"https://img.example.com/a.jpg"});
    for (k, v) in extra.as_object().unwrap() {
        g[k] = v.clone();
    }
    g
}

#[test]
fn add_goods_requires_what_the_page_marks() {
    assert_eq!(
        errs("addGoods", &json!([{}])),
        vec![e("missing", "[0].base_name"), e("missing", "[0].price"), e("missing", "[0].category"), e("missing", "[0].status"), e("missing", "[0].main_image")]
    );
    assert_eq!(errs("addGoods", &json!([goods(json!({"main_image":"uploadImage/a.jpg"}))])), vec![e("url_scheme", "[0].main_image")]);
    let r = raw("addGoods", &json!([goods(json!({"other_images":"http://a.com/1.jpg,/2.jpg"}))]));
    assert_eq!((r[0].kind, r[0].ctx["part"].clone()), (ErrorType::UrlScheme, json!("/2.jpg")));
    assert_eq!(errs("addGoods", &json!([goods(json!({"status":2}))])), vec![e("enum", "[0].status")]);
    assert_eq!(errs("addGoods", &json!([goods(json!({"category":"A,,B"}))])), vec![e("string_pattern_mismatch", "[0].category")]);
    assert_eq!(errs("addGoods", &json!([goods(json!({"goods_type":"Dress"}))])), vec![e("missing", "[0].common_property")]);
    assert_eq!(
        errs("addGoods", &json!([goods(json!({"timed_release":1}))])),
        vec![e("missing", "[0].create_time"), e("enum", "[0].status")]
    );
}

#[test]
fn amounts_are_plain_non_negative_decimals_never_rounded() {
    let p = |v: Value| errs("addGoods", &json!([goods(json!({"price": v}))]));
    assert!(p(json!("10.5")).is_empty());
    assert!(p(json!(0)).is_empty());
    assert!(p(json!("1234.5678")).is_empty());
    assert_eq!(p(json!("-1")), vec![e("greater_than_equal", "[0].price")]);
    assert_eq!(p(json!("1.23456")), vec![e("decimal_max_places", "[0].price")]);
    assert_eq!(p(json!("1e3")), vec![e("decimal_parsing", "[0].price")]);
    assert_eq!(p(json!("NaN")), vec![e("decimal_not_finite", "[0].price")]);
    assert_eq!(p(json!(true)), vec![e("decimal_type", "[0].price")]);
    let r = raw("addGoods", &json!([goods(json!({"price": "-0.5"}))]));
    assert_eq!((r[0].msg(), r[0].msg_zh()), ("Input should be greater than or equal to 0".to_owned(), "应大于或等于0".to_owned()));
    // Stock: whole pieces; negative allowed (skuList reports "-20").
    let q = |v: Value| errs("updateSkuQty", &json!([{"codeno":"A","num": v}]));
    assert!(q(json!("-20")).is_empty());
    assert!(q(json!(999)).is_empty());
    assert_eq!(q(json!(1.5)), vec![e("decimal_max_places", "[0].num")]);
    assert_eq!(q(json!("1234567890")), vec![e("decimal_max_whole_digits", "[0].num")]);
}

#[test]
fn sku_options_have_a_shape_and_a_limit() {
    for bad in ["Color", "Color:", ":Red", "Color:Red,,Blue", "Color:Red,Red", ""] {
        let found = errs("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1": bad, "muti_spec_res":[{"spec_value_name":"Red"}]}))]));
        let expected = if bad.is_empty() { "string_too_short" } else { "sku_option_format" };
        assert_eq!(found, vec![e(expected, "[0].sku_option1")], "{bad:?}");
    }
    let r = raw("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1":"Color","muti_spec_res":[{"spec_value_name":"Red"}]}))]));
    assert_eq!(r[0].msg_zh(), "格式应为“属性名:属性值1,属性值2”");
    // Six options: sku_option6 does not exist, strict or not.
    let six = goods(json!({"spec_mode":1,"sku_option1":"A:a","sku_option2":"B:b","sku_option3":"C:c","sku_option4":"D:d","sku_option5":"E:e","sku_option6":"F:f",
        "muti_spec_res":[{"spec_value_name":"a_b_c_d_e"}]}));
    assert_eq!(errs("addGoods", &json!([six.clone()])), vec![e("sku_option_count", "[0].sku_option6")]);
    assert_eq!(errs_strict("addGoods", &json!([six])), vec![e("sku_option_count", "[0].sku_option6")]);
    let r = raw("updateGoods", &json!([{"goods_id":1,"base_name":"x","status":1,"sku_option7":"X:y"}]));
    assert_eq!(r[0].msg(), "At most 5 shopping options are allowed (sku_option1 to sku_option5)");
    // A gap.
    assert_eq!(
        errs("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1":"A:a","sku_option3":"C:c","muti_spec_res":[{"spec_value_name":"a_c"}]}))])),
        vec![e("missing", "[0].sku_option2")]
    );
    // The same option twice.
    assert_eq!(
        errs("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1":"Color:Red","sku_option2":"Color:Blue","muti_spec_res":[{"spec_value_name":"Red_Blue"}]}))])),
        vec![e("duplicate_key", "[0].sku_option2")]
    );
}

#[test]
fn spec_mode_needs_its_sku_data() {
    assert_eq!(errs("addGoods", &json!([goods(json!({"spec_mode":0}))])), vec![e("missing", "[0].single_res")]);
    assert_eq!(
        errs("addGoods", &json!([goods(json!({"spec_mode":1}))])),
        vec![e("missing", "[0].sku_option1"), e("missing", "[0].muti_spec_res")]
    );
    assert_eq!(errs("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1":"Color:Red"}))])), vec![e("missing", "[0].muti_spec_res")]);
    assert_eq!(
        errs("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1":"Color:Red","muti_spec_res":[]}))])),
        vec![e("too_short", "[0].muti_spec_res")]
    );
    assert_eq!(errs("addGoods", &json!([goods(json!({"spec_mode":2,"sku_option1":"Color:Red"}))])), vec![e("missing", "[0].spec_res")]);
    assert_eq!(errs("addGoods", &json!([goods(json!({"muti_spec_res":[{"spec_value_name":"Red"}],"sku_option1":"Color:Red"}))])), vec![e("missing", "[0].spec_mode")]);
    // updateGoods with not_update_sku does not sync SKUs.
    ok("updateGoods", &json!([{"goods_id":1,"base_name":"x","status":1,"spec_mode":1,"sku_option1":"Color:Red","not_update_sku":true}]));
    assert_eq!(
        errs("updateGoods", &json!([{"goods_id":1,"base_name":"x","status":1,"spec_mode":1,"sku_option1":"Color:Red"}])),
        vec![e("missing", "[0].muti_spec_res")]
    );
    // spec_value_name is one value of each option, joined by _.
    let r = raw("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1":"Color:Red,Black","sku_option2":"Size:S,M",
        "muti_spec_res":[{"spec_value_name":"Red_S"},{"spec_value_name":"Blue_S"},{"spec_value_name":"Red"}]}))]));
    let compact: Vec<_> = r.iter().map(|e| (e.kind.name(), loc_to_string(&e.loc))).collect();
    assert_eq!(compact, vec![("spec_value_unknown", "[0].muti_spec_res[1].spec_value_name".to_owned()), ("spec_value_unknown", "[0].muti_spec_res[2].spec_value_name".to_owned())]);
    assert_eq!(r[0].msg(), "Input should be one value of each of Color or Size joined by _ (e.g. Red_S)");
    // Values with underscores still match.
    ok("addGoods", &json!([goods(json!({"spec_mode":1,"sku_option1":"Color:Dark_Red,Red","sku_option2":"Size:S_1,M",
        "muti_spec_res":[{"spec_value_name":"Dark_Red_S_1"},{"spec_value_name":"Red_M"}]}))]));
    // DIY tables: one row per option, one amount per value.
    let diy = |w: Value| goods(json!({"spec_mode":2,"sku_option1":"Color:Red,Blue","sku_option2":"Size:S,M,L",
        "spec_res":{"spec_add_weight": w, "spec_add_price":[["0","0"],["0","0","0"]],"spec_add_volume":[["0","0"],["0","0","0"]]}}));
    ok("addGoods", &json!([diy(json!([["1","0"],["0","2","0"]]))]));
    assert_eq!(errs("addGoods", &json!([diy(json!([["1","0"]]))])), vec![e("length_mismatch", "[0].spec_res.spec_add_weight")]);
    assert_eq!(errs("addGoods", &json!([diy(json!([["1","0"],["0","2"]]))])), vec![e("length_mismatch", "[0].spec_res.spec_add_weight[1]")]);
    assert_eq!(errs("addGoods", &json!([diy(json!([["1","0"],["0","-2","0"]]))])), vec![e("greater_than_equal", "[0].spec_res.spec_add_weight[1][1]")]);
    // Colour album names an option; at most one group per value.
    let album = |name: &str, groups: usize| goods(json!({"spec_mode":1,"sku_option1":"Color:Red,Blue","muti_spec_res":[{"spec_value_name":"Red"}],
        "muti_spec_image_name": name, "muti_spec_images": vec!["http://a.com/1.jpg"; groups]}));
    ok("addGoods", &json!([album("Color", 2)]));
    assert_eq!(errs("addGoods", &json!([album("Colour", 1)])), vec![e("enum", "[0].muti_spec_image_name")]);
    assert_eq!(errs("addGoods", &json!([album("Color", 3)])), vec![e("too_long", "[0].muti_spec_images")]);
}

#[test]
fn sale_modes() {
    let sm = |extra: Value| {
        let mut v = json!({"codeno":"A"});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        errs("UpdateGoodsSaleMode", &json!([v]))
    };
    assert_eq!(sm(json!({"sale_mode":1})), vec![e("missing", "[0].discount"), e("missing", "[0].start_time"), e("missing", "[0].end_time")]);
    assert_eq!(
        sm(json!({"sale_mode":1,"discount":11,"start_time":"2020-04-30","end_time":"2020-04-21"})),
        vec![e("decimal_out_of_range", "[0].discount"), e("time_range", "[0].end_time")]
    );
    assert_eq!(sm(json!({"sale_mode":1,"discount":8,"start_time":"2020-4-21","end_time":"2020-04-30"})), vec![e("datetime_parsing", "[0].start_time")]);
    assert_eq!(sm(json!({"sale_mode":2})), vec![e("missing", "[0].range_end"), e("missing", "[0].range_discount")]);
    // Misaligned ranges.
    assert_eq!(
        sm(json!({"sale_mode":2,"range_end":[20,50,100],"range_discount":[8,7],"range_remark":["a"]})),
        vec![e("length_mismatch", "[0].range_discount"), e("length_mismatch", "[0].range_remark")]
    );
    let r = raw("UpdateGoodsSaleMode", &json!([{"codeno":"A","sale_mode":2,"range_end":[20],"range_discount":[8,7]}]));
    assert_eq!(r[0].msg(), "range_end or range_discount should have the same number of items");
    assert_eq!(r[0].msg_zh(), "range_end、range_discount的项数应一致");
    // Tiers increase, from above min_qty.
    assert_eq!(
        sm(json!({"sale_mode":2,"min_qty":20,"range_end":[20,50,40],"range_discount":[8,7,6]})),
        vec![e("not_increasing", "[0].range_end[0]"), e("not_increasing", "[0].range_end[2]")]
    );
    assert_eq!(sm(json!({"sale_mode":2,"range_end":[20],"range_discount":[10.5]})), vec![e("decimal_out_of_range", "[0].range_discount[0]")]);
    // Presale is addGoods-only; its last tier is 0.
    assert_eq!(sm(json!({"sale_mode":4,"start_time":"2020-04-21","end_time":"2020-04-30"})), vec![e("enum", "[0].sale_mode")]);
    let presale = |ends: Value| {
        errs("addGoods", &json!([goods(json!({"sale_mode_res":{"sale_mode":4,"start_time":"2020-04-21","end_time":"2020-04-30","range_end": ends,"range_discount":[8,7,6]}}))]))
    };
    assert!(presale(json!([20, 50, 0])).is_empty());
    assert_eq!(presale(json!([20, 50, 100])), vec![e("enum", "[0].sale_mode_res.range_end[2]")]);
    assert_eq!(presale(json!([50, 20, 0])), vec![e("not_increasing", "[0].sale_mode_res.range_end[1]")]);
}

#[test]
fn sku_codes() {
    assert_eq!(errs("updateSkuQty", &json!([{"sku_code":"0_0","num":1}])), vec![e("ambiguous_identifier", "[0].sku_code")]);
    ok("updateSkuQty", &json!([{"sku_code":"0_0","id":3145319,"num":1}]));
    assert_eq!(errs("updateSkuQty", &json!([{"sku_code":"red_xl","num":1}])), vec![e("string_pattern_mismatch", "[0].sku_code")]);
    let r = raw("updateSkuQty", &json!([{"sku_code":"0_0","num":1}]));
    assert_eq!(r[0].msg(), "Input does not identify a single record on the platform; give id or codeno instead");
}

#[test]
fn duplicates_across_the_input() {
    assert_eq!(
        errs("updateSkuQty", &json!([{"codeno":"A","num":1},{"codeno":"B","num":1},{"codeno":"A","num":2}])),
        vec![e("duplicate_key", "[2].codeno")]
    );
    assert_eq!(errs("editCategory", &json!([{"category_id":"238"},{"category_id":238}])), vec![e("duplicate_key", "[1].category_id")]);
    assert_eq!(errs("goodsRemove", &json!([{"sku_codeno":"S"},{"sku_codeno":"S"}])), vec![e("duplicate_key", "[1].sku_codeno")]);
    assert_eq!(errs("addCategory", &json!([{"name":"A,B"},{"name":"A,B"}])), vec![e("duplicate_key", "[1].name")]);
    // A blank optional code is no key: goods without codeno are not twins.
    ok("addGoods", &json!([goods(json!({"codeno":""})), goods(json!({"codeno":""})), goods(json!({"codeno": null}))]));
    assert_eq!(errs("addGoods", &json!([goods(json!({})), goods(json!({}))])), vec![e("duplicate_key", "[1].codeno")]);
    // SKU codes are unique across goods too.
    let with_sku = |gc: &str, sc: &str| goods(json!({"codeno": gc, "spec_mode":1,"sku_option1":"Color:Red","muti_spec_res":[{"spec_value_name":"Red","codeno": sc}]}));
    assert_eq!(errs("addGoods", &json!([with_sku("G1", "S1"), with_sku("G2", "S1")])), vec![e("duplicate_key", "[1].muti_spec_res[0].codeno")]);
    // Inside one item.
    assert_eq!(
        errs("updateGoodsRel", &json!({"goods_id":1,"rel_goods":[{"goods_id":2},{"goods_id":"2"}]})),
        vec![e("duplicate_key", "rel_goods[1].goods_id")]
    );
    assert_eq!(
        errs("updateGoodsByAddSKU", &json!([{"goods_id":1,"sku_res":{"sku_options":[{"name":"Color","value":"a"},{"name":"Color","value":"b"}]}}])),
        vec![e("duplicate_key", "[0].sku_res.sku_options[1].name")]
    );
    assert_eq!(
        errs("updateGoodsImage", &json!([{"goods_id":1,"sku_res":[
            {"sku_option":{"name":"Color","value":"red"},"images":["http://a.com/1.jpg"]},
            {"sku_option":{"name":"Color","value":"red"},"images":["http://a.com/2.jpg"]}]}])),
        vec![e("duplicate_key", "[0].sku_res[1].sku_option")]
    );
    assert_eq!(errs("updateGoodsRec", &json!({"goods_rec":{"goods_rec_id":1},"goods_list":[1,2,1]})), vec![e("duplicate_key", "goods_list[2]")]);
    assert_eq!(
        errs("updateTopic", &json!({"topic_res":{"topic_id":1},"topic_goods":[{"tag_res":{"tag_id":5}},{"tag_res":{"tag_id":"5"}}]})),
        vec![e("duplicate_key", "topic_goods[1].tag_res.tag_id")]
    );
    assert_eq!(
        errs("updateTopic", &json!({"topic_res":{"topic_id":1},"topic_goods":[{"tag_res":{"tag_id":5,"order_field":"price"}}]})),
        vec![e("enum", "topic_goods[0].tag_res.order_field")]
    );
}

#[test]
fn planning_respects_limits_and_shapes() {
    let items: Vec<Value> = (0..201).map(|i| json!({"codeno": format!("S{i}"), "num": i})).collect();
    let p = plan("updateSkuQty", items.clone(), &PlanOptions::default()).unwrap();
    assert_eq!(p.batches.iter().map(Batch::len).collect::<Vec<_>>(), vec![200, 1]);
    let too_many = PlanOptions { max_items: Some(201), ..Default::default() };
    assert!(plan("updateSkuQty", items, &too_many).is_err());
    let goods_items: Vec<Value> = (0..51).map(|i| goods(json!({"codeno": format!("G{i}")}))).collect();
    let p = plan("addGoods", goods_items, &PlanOptions::default()).unwrap();
    assert_eq!(p.batches.iter().map(Batch::len).collect::<Vec<_>>(), vec![50, 1]);
    // Single-object methods: one call per object, the param is the object.
    let rel = vec![json!({"goods_id":1,"rel_goods":[{"goods_id":2}]}), json!({"goods_id":3,"rel_goods":[{"goods_id":4,"relation":"mutual"}]})];
    let p = plan("updateGoodsRel", rel, &PlanOptions::default()).unwrap();
    assert_eq!(p.batches.len(), 2);
    assert_eq!(p.batches[1].form_params(), vec![("goods_rel_res".to_owned(), r#"{"goods_id":3,"rel_goods":[{"goods_id":4,"relation":"mutual"}]}"#.to_owned())]);
    let p = plan("goodsRemove", vec![json!({"codeno":"店铺A"})], &PlanOptions::default()).unwrap();
    assert_eq!(p.batches[0].form_params(), vec![("goods_remove_res".to_owned(), r#"[{"codeno":"店铺A"}]"#.to_owned())]);
    assert!(plan("goodsList", vec![json!({})], &PlanOptions::default()).is_err());
}

// ------------------------------------------------------ the page's answers

#[test]
fn whole_call_failures() {
    let b = batch("skuRemove", page(r#"[{"goods_id":243020,"sku_codeno":"990478_990481"},{"goods_codeno":"AA_LQ5239-10","sale_prop":[{"prop_name":"color","prop_value":"Red"}]}]"#));
    let o = b.parse(200, br#"{"code":400,"msg":"goods_id_empty and goods_codeno_empty"}"#);
    assert_eq!((o.status, o.reason, o.retry, o.code), (Status::Failure, Some(Reason::BusinessError), Retry::No, Some(400)));
    assert_eq!(rejected(&o), vec![
        (Some(0), Some("990478_990481".into()), "goods_id_empty and goods_codeno_empty".into()),
        (Some(1), None, "goods_id_empty and goods_codeno_empty".into()),
    ]);
    assert!(o.accepted.is_empty());
    let b = batch("addGoods", json!([{"codeno":"G1"}]));
    let o = b.parse(200, br#"{"code":"400","msg":"data empty"}"#);
    assert_eq!((o.status, o.code, o.message.as_deref()), (Status::Failure, Some(400), Some("data empty")));
    assert_eq!(rejected(&o), vec![(Some(0), Some("G1".into()), "data empty".into())]);
    // The same answer for every push whose page shows it.
    for op in ["updateGoodsImage", "updateGoodsByAddSKU", "updateGoodsByDelSaleProp"] {
        let o = batch(op, json!([{"goods_id":"211452"}])).parse(200, br#"{"code":400,"msg":"goods_id_empty and goods_codeno_empty"}"#);
        assert_eq!((o.status, o.retry, o.rejected.len()), (Status::Failure, Retry::No, 1), "{op}");
    }
}

#[test]
fn successes_in_every_shape() {
    for (op, items, body) in [
        ("skuRemove", json!([{"goods_id":243020,"sku_codeno":"990478_990481"}]), r#"{"code":0,"success_count":1,"status":1,"msg":[]}"#),
        ("updateGoodsImage", json!([{"goods_id":"211452"}]), r#"{"code":0,"success_count":1,"msg":[]}"#),
        ("updateGoodsByAddSKU", json!([{"goods_id":"211452"}]), r#"{"code":0,"success_count":1,"msg":[]}"#),
        ("updateGoodsByDelSaleProp", json!([{"goods_id":"2139792"}]), r#"{"code":0,"success_count":1,"msg":[]}"#),
        ("updateGoodsRel", json!([{"goods_id":201737}]), r#"{"code":0,"status":1,"success_count":1,"failed_count":0,"error_msg":[]}"#),
        ("UpdateGoodsSaleMode", json!([{"goods_id":"176795"}]), r#"{"code":0,"status":1,"success_count":1,"failed_count":0,"error_msg":[]}"#),
        ("UpdateGoodsRecRel", json!([{"goods_id":"176795"}]), r#"{"code":0,"status":1,"success_count":1,"failed_count":0,"error_msg":[]}"#),
        ("updateTopic", json!([{"topic_res":{"topic_id":"371"}}]), r#"{"status":1,"code":0,"msg":"success"}"#),
        ("updateGoodsRec", json!([{"goods_rec":{"goods_rec_id":"5803"}}]), r#"{"status":1,"code":0,"msg":"success"}"#),
        ("updateGoods", json!([{"goods_id":123860,"codeno":"LC3257-2"}]), r#"{"code":0,"msg":null}"#),
        ("addGoods", json!([{"codeno":"Api_code_001"}]), r#"{"code":0,"failure_count":0,"success_count":1,"msg":[]}"#),
    ] {
        let o = batch(op, items).parse(200, body.as_bytes());
        assert_eq!((o.status, o.retry, o.accepted.clone(), o.rejected.len()), (Status::Success, Retry::No, vec![0], 0), "{op}: {o:?}");
        assert!(o.notes.is_empty(), "{op}: {:?}", o.notes);
    }
}

#[test]
fn counts_that_disagree_are_noted() {
    // skuRemove's example request has two items; its example answer counts
    // one: which of the two succeeded is not said, so both are unknown.
    let b = batch("skuRemove", json!([{"goods_id":243020,"sku_codeno":"990478_990481"},{"goods_codeno":"AA","sku_codeno":"X"}]));
    let o = b.parse(200, br#"{"code":0,"success_count":1,"status":1,"msg":[]}"#);
    assert_eq!((o.status, o.reason, o.retry), (Status::Failure, Some(Reason::Unconfirmed), Retry::Resend));
    assert_eq!((o.accepted.clone(), o.unknown.clone(), o.rejected.len()), (vec![], vec![0, 1], 0));
    assert_eq!(o.notes, vec!["success_count is 1 but 2 item(s) are not listed as failed; which of them succeeded is unknown"]);
    // A count that agrees settles every item.
    let o = b.parse(200, br#"{"code":0,"success_count":2,"status":1,"msg":[]}"#);
    assert_eq!((o.status, o.accepted.clone(), o.notes.len()), (Status::Success, vec![0, 1], 0));
    // success_count 0: nothing was accepted, even without a named failure.
    let o = b.parse(200, br#"{"code":0,"failure_count":2,"success_count":0,"msg":[]}"#);
    assert_eq!(o.status, Status::Failure);
    assert_eq!(o.rejected.iter().map(|r| r.index).collect::<Vec<_>>(), vec![Some(0), Some(1)]);
    assert!(o.rejected[0].message.contains("success_count is 0"));
    // More failures counted than listed: the items not listed may be the
    // other failure, so they are unknown (addGoods is never resent).
    let o = batch("addGoods", json!([{"codeno":"A"},{"codeno":"B"},{"codeno":"C"}]))
        .parse(200, br#"{"code":0,"failure_count":2,"success_count":1,"msg":[{"codeno":"B","msg":"codeno exists"}]}"#);
    assert_eq!(rejected(&o), vec![(Some(1), Some("B".into()), "codeno exists".into())]);
    assert_eq!((o.accepted.clone(), o.unknown.clone()), (vec![], vec![0, 2]));
    assert_eq!((o.status, o.retry), (Status::Failure, Retry::No));
    assert_eq!(o.notes, vec!["failure_count reports 2 failed item(s) but the answer lists 1; the items it does not list are unknown"]);
}

#[test]
fn edit_and_add_category_attribute_by_index() {
    let b = batch("editCategory", json!([{"category_id":"238","base_name":"分类名字"},{"category_id":"239","base_name":"分类名字"}]));
    let o = b.parse(200, br#"{"code":0,"msg":[{"index":0,"msg":"udpate_fail"}]}"#);
    assert_eq!((o.status, o.reason, o.accepted.clone()), (Status::Partial, Some(Reason::ItemErrors), vec![1]));
    assert_eq!(rejected(&o), vec![(Some(0), Some("238".into()), "udpate_fail".into())]);
    // index is a position in the call: a later batch maps it to input positions.
    let later: Batch = serde_json::from_value(json!({"method":"addCategory","platform":"ymcart","indices":[200,201],
        "items":[{"name":""},{"name":"category root A,category root A2"}]})).unwrap();
    let o = later.parse(200, br#"{"code":0,"msg":[{"index":0,"msg":"insert_fail"}]}"#);
    assert_eq!(rejected(&o), vec![(Some(200), Some("0".into()), "insert_fail".into())]);
    assert_eq!(o.accepted, vec![201]);
    // An index outside the call is kept, unattributed: it may be about
    // either item, so neither is called created.
    let o = later.parse(200, br#"{"code":0,"msg":[{"index":7,"msg":"insert_fail"}]}"#);
    assert_eq!(rejected(&o), vec![(None, Some("7".into()), "insert_fail".into())]);
    assert_eq!((o.accepted.clone(), o.unknown.clone(), o.retry), (vec![], vec![200, 201], Retry::No));
}

#[test]
fn goods_remove_attributes_by_codeno_and_sku_codeno() {
    let b = batch("goodsRemove", page(r#"[{"codeno":"LC3257-2"},{"codeno":"LC3257-1"},{"sku_codeno":"LC3257-2XXL"}]"#));
    let o = b.parse(200, br#"{"code":0,"status":1,"msg":[{"codeno":"338004","sku_codeno":null,"msg":"codeno_404"},{"codeno":"888001","sku_codeno":null,"msg":"codeno_404"},{"codeno":null,"sku_codeno":"LC3257-2XXL","msg":"sku_codeno_404"}]}"#);
    assert_eq!(o.status, Status::Partial);
    assert_eq!(o.accepted, vec![0, 1]);
    assert_eq!(rejected(&o), vec![
        (Some(2), Some("LC3257-2XXL".into()), "sku_codeno_404".into()),
        (None, Some("338004".into()), "codeno_404".into()),
        (None, Some("888001".into()), "codeno_404".into()),
    ]);
    // Matching items by code.
    let b = batch("goodsRemove", json!([{"codeno":"338004"},{"codeno":"888001"},{"sku_codeno":"X"}]));
    let o = b.parse(200, br#"{"code":0,"status":1,"msg":[{"codeno":"338004","sku_codeno":null,"msg":"codeno_404"},{"codeno":888001,"sku_codeno":null,"msg":"codeno_404"}]}"#);
    assert_eq!(o.rejected.iter().map(|r| r.index).collect::<Vec<_>>(), vec![Some(0), Some(1)]);
    assert_eq!(o.accepted, vec![2]);
}

#[test]
fn sku_qty_success_lines_confirm_and_silence_is_unknown() {
    // The page's answer lists per-item results: an item it does not
    // mention is unknown, never accepted (updateSkuQty is an upsert, so
    // resending the unknown items is advised).
    let b = batch("updateSkuQty", json!([{"codeno":"LC79126-3","num":1},{"codeno":"B","num":2},{"codeno":"C","num":3}]));
    let o = b.parse(200, br#"{"code":0,"msg":[{"codeno":"LC79126-3","msg":"success"},{"codeno":"SKU_404","msg":"sku_null"}]}"#);
    assert_eq!((o.accepted.clone(), o.unknown.clone()), (vec![0], vec![1, 2]));
    assert_eq!(rejected(&o), vec![(None, Some("SKU_404".into()), "sku_null".into())]);
    assert_eq!((o.status, o.reason, o.retry), (Status::Partial, Some(Reason::ItemErrors), Retry::Resend));
    assert_eq!(o.notes, vec!["a failure names SKU_404 which was not in this call: sku_null"]);
    // The page's own request with the page's own answer: nothing confirmed.
    let b = batch("updateSkuQty", page(r#"[{"sku_code":"800673_800675","num":11,"price":11.00},{"id":"3145319","num":22},{"codeno":"sss12345","num":33}]"#));
    let o = b.parse(200, br#"{"code":0,"msg":[{"codeno":"LC79126-3","msg":"success"},{"codeno":"SKU_404","msg":"sku_null"}]}"#);
    assert_eq!((o.accepted.clone(), o.unknown.clone(), o.status), (vec![], vec![0, 1, 2], Status::Failure));
    let b = batch("updateSkuQty", json!([{"codeno":"LC79126-3","num":1},{"codeno":"SKU_404","num":2}]));
    let o = b.parse(200, br#"{"code":0,"msg":[{"codeno":"LC79126-3","msg":"success"},{"codeno":"SKU_404","msg":"sku_null"}]}"#);
    assert_eq!((o.accepted.clone(), rejected(&o)), (vec![0], vec![(Some(1), Some("SKU_404".into()), "sku_null".into())]));
    assert_eq!((o.unknown.len(), o.retry), (0, Retry::No));
}

#[test]
fn user_group_lines_are_attributed_by_their_keys() {
    let b = batch("updateGoodsUserGroup", page(r#"[{"codeno":"","goods_id":"164970", "user_group":["VIP1","VIP2","VIP3"]},{"codeno":"165012","goods_id":"", "user_group":["VIP1","Member"]}]"#));
    let o = b.parse(200, r#"{
"code": 0,
"status": 1,
"msg": [
"164970 group VIP1 add success!",
"164970 group VIP2 not exist!",
"164970 group VIP3 not exist!",
"165012 group VIP1 add success!",
"165012 group Member add success!"
],
"success_count": 2,
"failed_count": 0
}"#.as_bytes());
    assert_eq!(o.status, Status::Partial);
    assert_eq!(o.accepted, vec![1]);
    assert_eq!(rejected(&o), vec![
        (Some(0), Some("164970".into()), "164970 group VIP2 not exist!".into()),
        (Some(0), Some("164970".into()), "164970 group VIP3 not exist!".into()),
    ]);
    assert_eq!(o.notes, vec!["failed_count is 0 but the answer lists 2 failure(s)", "success_count is 2 but 1 of 2 item(s) are accepted"]);
    assert_eq!(o.retry, Retry::No);
}

#[test]
fn add_goods_lines_name_items_anywhere() {
    // "msg 数组提示失败产品名称 编号 信息": a line names the product by name and
    // code, not in its first word; a failed create is never reported done.
    let b = batch("addGoods", json!([
        {"base_name":"Api test product name 001","codeno":"Api_code_001"},
        {"base_name":"Api test product name 0012","codeno":"Api_code_0012"},
        {"base_name":"其它商品","codeno":""}
    ]));
    let o = b.parse(200, br#"{"code":0,"failure_count":1,"success_count":2,"msg":["Api test product name 001 Api_code_001 codeno exists"]}"#);
    assert_eq!(rejected(&o), vec![(Some(0), Some("Api_code_001".into()), "Api test product name 001 Api_code_001 codeno exists".into())]);
    assert_eq!((o.accepted.clone(), o.unknown.len(), o.status), (vec![1, 2], 0, Status::Partial));
    // By name only (no code given), after a Chinese prefix.
    let o = b.parse(200, "{\"code\":0,\"failure_count\":1,\"success_count\":2,\"msg\":[\"添加失败：其它商品 图片下载失败\"]}".as_bytes());
    assert_eq!(o.rejected.iter().map(|r| r.index).collect::<Vec<_>>(), vec![Some(2)]);
    assert_eq!(o.accepted, vec![0, 1]);
    // A line naming no item: the others cannot be called created.
    let o = b.parse(200, br#"{"code":0,"failure_count":1,"success_count":2,"msg":["image download failed"]}"#);
    assert_eq!((o.accepted.clone(), o.unknown.clone(), o.retry), (vec![], vec![0, 1, 2], Retry::No));
    assert_eq!(o.status, Status::Failure);
}

#[test]
fn a_lone_message_is_a_failure_only_when_it_says_so() {
    for msg in ["success", "ok", "OK", "更新成功", "done"] {
        let o = batch("updateTopic", json!([{"topic_res":{"topic_id":"371"}}])).parse(200, format!(r#"{{"status":1,"code":0,"msg":"{msg}"}}"#).as_bytes());
        assert_eq!((o.status, o.accepted.clone()), (Status::Success, vec![0]), "{msg}");
    }
    for msg in ["fail", "topic not exist", "更新失败", "error: bad topic"] {
        let o = batch("updateGoodsRec", json!([{"goods_rec":{"goods_rec_id":"5803"}}])).parse(200, format!(r#"{{"status":1,"code":0,"msg":"{msg}"}}"#).as_bytes());
        assert_eq!((o.status, o.rejected.len()), (Status::Failure, 1), "{msg}");
    }
}

#[test]
fn single_object_calls_own_every_failure() {
    let b = batch("updateTopic", json!([{"topic_res":{"topic_id":"371"}}]));
    let o = b.parse(200, br#"{"status":0,"code":0,"msg":"topic not exist"}"#);
    assert_eq!((o.status, rejected(&o)), (Status::Failure, vec![(Some(0), None, "topic not exist".into())]));
    let o = batch("updateGoodsRel", json!([{"goods_id":201737}])).parse(200, br#"{"code":0,"success_count":0,"failed_count":1,"error_msg":["201716 not found"]}"#);
    assert_eq!(o.status, Status::Failure);
    assert_eq!(rejected(&o), vec![(Some(0), Some("201737".into()), "201716 not found".into())]);
}

#[test]
fn lists_read_totals_and_rows() {
    let q = |op: &str, body: &str| {
        let b: Batch = serde_json::from_value(json!({"method": op, "platform":"ymcart","indices":[0],"items":[{}]})).unwrap();
        b.parse(200, body.as_bytes())
    };
    let o = q("brandList", r#"{"code":0,"status":1,"data":{"list":[{"id":"5","base_name":"Dear-Lover","title":"","keywords":"","descript":""},{"id":"6","base_name":"HX-Fashion","title":"","keywords":"","descript":""},{"id":"437","base_name":"Brand","title":"","keywords":"","descript":""}]}}"#);
    assert_eq!((o.status, o.total_count, o.notes.len()), (Status::Success, None, 0));
    assert_eq!(o.data["data"]["list"][2]["id"], "437");
    let o = q("skuList", r#"{"status":1,"code":0,"count":"95","data":[{"id":"2015779","goods_id":"120300","sku_code":"0_0","codeno":"two22","store_id":"24073","base_name":null,"sku_value":"","barcode":"tiao111","stock_nums":"-20","status":"1","price":"9.0000","market_price":"0.0000","cost_price":"0.0000","weight":"0.0800","create_time":"1533116704","update_time":"1533116704","is_instock":"0"}]}"#);
    assert_eq!((o.total_count, o.notes.len()), (Some(95), 0));
    let o = q("goodsList", r#"{"code":0,"count":"1538","data":[{"id":"137808","sku":[],"sale_mode_res":{"sale_mode":1,"discount":8,"start_time":"2020-04-21","end_time":"2020-04-30"}}]}"#);
    assert_eq!(o.total_count, Some(1538));
    let o = q("categoryList", r#"{"code":0,"data":[{"0":"1","id":"1","1":"Women","base_name":"Women","2":"0","parent_id":"0","3":"99990","listorder":"99990","4":"test","title":"test","5":"test","keywords":"test","6":"test","descript":"test"}]}"#);
    assert_eq!((o.status, o.notes.len()), (Status::Success, 0));
    let o = q("goodsList", r#"{"code":0,"count":"0","data":null}"#);
    assert_eq!(o.notes, vec!["no data in the answer (no rows)"]);
    let o = q("goodsList", r#"{"code":401,"msg":"token error"}"#);
    assert_eq!((o.status, o.reason), (Status::Failure, Some(Reason::AuthError)));
}

#[test]
fn retry_advice_never_resends_creates() {
    let add = batch("addGoods", json!([{"codeno":"A"}]));
    let o = add.parse(502, b"<html>Bad Gateway</html>");
    assert_eq!((o.status, o.retry), (Status::Failure, Retry::No));
    assert!(o.message.unwrap().contains("not an upsert"));
    let o = add.parse(200, b"");
    assert_eq!(o.retry, Retry::No);
    let qty = batch("updateSkuQty", json!([{"codeno":"A","num":1}]));
    let o = qty.parse(502, b"<html>Bad Gateway</html>");
    assert_eq!((o.retry, o.rejected.len(), o.accepted.len()), (Retry::Resend, 0, 0));
    let o = qty.parse(200, br#"{"code":1,"msg":"too many requests"}"#);
    assert_eq!((o.reason, o.retry), (Some(Reason::RateLimited), Retry::Backoff));
    let o = qty.parse(200, br#"{"msg":"no code"}"#);
    assert_eq!((o.reason, o.retry), (Some(Reason::InvalidEnvelope), Retry::Resend));
    let o = qty.parse(200, b"[1,2]");
    assert_eq!(o.reason, Some(Reason::InvalidEnvelope));
    let o = Outcome::transport_error(&batch("addCategory", json!([{"name":"A"}])), "timeout");
    assert_eq!(o.retry, Retry::No);
}

#[test]
fn success_words() {
    for s in ["success", "SUCCESS", "165012 group VIP1 add success!", "更新成功"] {
        assert!(is_success_text(s), "{s}");
    }
    for s in ["164970 group VIP2 not exist!", "insert_fail", "sku_null", "unsuccessful", "success_fail", "error: success?", "更新不成功", "", "ok"] {
        assert!(!is_success_text(s), "{s}");
    }
}

// ---------------------------------------------------------------- client

#[cfg(feature = "sign")]
mod client_tests {
    use super::*;

    #[test]
    fn requests_are_form_encoded_and_the_token_never_prints() {
        let c = Ymcart::new("tok+en/秘密", "https://shop.example.com/api/{method}").unwrap();
        assert!(!format!("{c:?}").contains("秘密"));
        let p = plan("updateSkuQty", vec![json!({"codeno":"杯 A","num":1})], &PlanOptions::default()).unwrap();
        let r = c.sign(&p.batches[0], None).unwrap();
        assert_eq!(r.url, "https://shop.example.com/api/updateSkuQty");
        assert_eq!(
            String::from_utf8(r.body.clone()).unwrap(),
            "token=tok%2Ben%2F%E7%A7%98%E5%AF%86&sku_res=%5B%7B%22codeno%22%3A%22%E6%9D%AF+A%22%2C%22num%22%3A1%7D%5D"
        );
        assert!(!format!("{r:?}").contains("tok%2Ben"));
        assert!(r.redacted_body().starts_with("token=**+REDACTED+**&sku_res="));
    }

    #[test]
    fn update_options_travel_with_update_sku_qty_only() {
        let c = Ymcart::new("t", "https://shop.example.com/api").unwrap().with_update_options(&json!({"update_listorder":1,"update_status":0})).unwrap();
        assert_eq!(c.update_options(), Some(r#"{"update_listorder":1,"update_status":0}"#));
        let p = plan("updateSkuQty", vec![json!({"codeno":"A","num":1})], &PlanOptions::default()).unwrap();
        let body = String::from_utf8(c.sign(&p.batches[0], None).unwrap().body).unwrap();
        assert!(body.ends_with("&update_options=%7B%22update_listorder%22%3A1%2C%22update_status%22%3A0%7D"), "{body}");
        let p = plan("goodsRemove", vec![json!({"codeno":"A"})], &PlanOptions::default()).unwrap();
        assert!(!String::from_utf8(c.sign(&p.batches[0], None).unwrap().body).unwrap().contains("update_options"));
        let err = Ymcart::new("t", "https://x.com").unwrap().with_update_options(&json!({"update_status":2,"update_stauts":1})).unwrap_err();
        let crate::Error::Validation(v) = err else { panic!("expected validation") };
        let found: Vec<_> = v.errors.iter().map(|e| (e.kind.name(), loc_to_string(&e.loc))).collect();
        assert_eq!(found, vec![("enum", "update_options.update_status".to_owned()), ("extra_forbidden", "update_options.update_stauts".to_owned())]);
        assert!(Ymcart::new("t", "https://x.com").unwrap().with_update_options(&json!([1])).is_err());
        // Given twice (client and a generic call's parameters) is refused.
        let call = Batch::call(Platform::Ymcart, "updateSkuQty", json!({"sku_res":"[]","update_options":"{}"})).unwrap();
        assert!(c.sign(&call, None).is_err());
    }

    #[test]
    fn list_parameters_are_form_fields() {
        let c = Ymcart::new("t", "https://shop.example.com/api/").unwrap();
        let b: Batch = serde_json::from_value(json!({"method":"goodsList","platform":"ymcart","indices":[0],"items":[{"page_no":2,"page_size":50,"codeno":"A,B"}]})).unwrap();
        let r = c.sign(&b, None).unwrap();
        assert_eq!(r.url, "https://shop.example.com/api/goodsList");
        assert_eq!(String::from_utf8(r.body).unwrap(), "token=t&page_no=2&page_size=50&codeno=A%2CB");
        // Lists are joined by commas, nulls are not sent.
        let b: Batch = serde_json::from_value(json!({"method":"goodsList","platform":"ymcart","indices":[0],
            "items":[{"id":[1,2],"status":null,"category_id":[3],"codeno":["A","B"]}]})).unwrap();
        assert_eq!(String::from_utf8(c.sign(&b, None).unwrap().body).unwrap(), "token=t&id=1%2C2&category_id=3&codeno=A%2CB");
    }
}

// ------------------------------------------------------------ no panics

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    const KEYS: &[&str] = &[
        "goods_id", "codeno", "goods_codeno", "sku_codeno", "sale_prop", "prop_name", "prop_value", "images", "sku_res", "sku_option",
        "name", "value", "sku_options", "spec_mode", "sku_option1", "sku_option2", "sku_option6", "single_res", "muti_spec_res",
        "spec_value_name", "spec_res", "spec_add_weight", "muti_spec_image_name", "muti_spec_images", "sale_mode", "sale_mode_res",
        "discount", "start_time", "end_time", "range_end", "range_discount", "range_remark", "min_qty", "rec_ids", "rec_names",
        "clear_all", "topic_res", "topic_goods", "tag_res", "tag_id", "goods_rec", "goods_list", "rel_goods", "num", "id", "sku_code",
        "price", "status", "timed_release", "goods_type", "index", "msg", "code", "error_msg", "success_count", "failed_count",
    ];

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (0i64..6).prop_map(Value::from),
            "[a-zA-Z0-9_:, .-]{0,12}".prop_map(Value::from),
            prop::sample::select(vec!["0_0", "Color:Red,Black", "Red_S", "2020-04-21", "http://a.com/x.jpg", "success", "-1.5", "1e9"])
                .prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..8)
                    .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn validation_and_parsing_never_panic(v in arb_json(), answer in arb_json(), strict in any::<bool>(), status in prop::sample::select(vec![200u16, 429, 500])) {
            for op in &OPERATIONS {
                let _ = validate(op.name, &v, strict).unwrap();
                let _ = validate(op.name, &json!([v.clone(), v.clone()]), strict).unwrap();
                let items = match &v { Value::Array(a) => Value::Array(a.clone()), other => json!([other]) };
                let b = batch(op.name, items);
                let o = b.parse(status, answer.to_string().as_bytes());
                // Every input position is accounted for at most once as accepted.
                let mut acc = o.accepted.clone();
                acc.dedup();
                prop_assert_eq!(acc.len(), o.accepted.len());
                if !op.upsert {
                    prop_assert!(o.retry != Retry::Resend);
                }
            }
        }
    }
}

/// YMCart lists through the query planner, with the real operations.
mod query_lists {
    use crate::*;
    use serde_json::json;

    fn dec(s: &str) -> Typed {
        Typed::Decimal(s.parse().unwrap())
    }

    fn param(batch: &Batch, key: &str) -> String {
        batch.form_params().into_iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_default()
    }
    #[test]
    fn ymcart_sku_list_pages_from_one_until_count_is_reached() {
        let mut p = QueryPlan::new("skuList", json!({"goods_codeno": "two22"}), &QueryOptions { page_size: Some(2), ..Default::default() }).unwrap();
        let client: Client = Ymcart::new("tok", "https://shop.example.com/api/{method}").unwrap().into();
        let r = p.next_request(&client, None).unwrap().unwrap();
        assert_eq!(r.url, "https://shop.example.com/api/skuList");
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("page_no=1") && body.contains("page_size=2") && body.contains("goods_codeno=two22"), "{body}");
        let row = |id: &str| json!({"id": id, "goods_id": "120300", "codeno": format!("c{id}"), "stock_nums": "-20", "price": "9.0000", "update_time": "1533116704"});
        let page1 = json!({"status": 1, "code": 0, "count": "3", "data": [row("1"), row("2")]});
        let page = p.feed(200, page1.to_string().as_bytes()).unwrap();
        assert!(page.ok() && !page.done);
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].get("price"), Some(&dec("9.0000")));
        assert_eq!(page.items[0].get("stock_nums"), Some(&Typed::Int(-20)));
        assert!(matches!(page.items[0].get("update_time"), Some(Typed::DateTime(_))));
        let b = p.next_batch().unwrap();
        assert_eq!(param(&b, "page_no"), "2");
        let page = p.feed(200, json!({"code": 0, "count": "3", "data": [row("3")]}).to_string().as_bytes()).unwrap();
        assert!(page.done && p.is_done());
        assert!(p.next_batch().is_none());
        assert_eq!(p.rows_delivered(), 3);
    }

    #[test]
    fn ymcart_brand_list_is_one_request_without_page_parameters() {
        let mut p = QueryPlan::new("brandList", json!({}), &QueryOptions::default()).unwrap();
        assert!(!p.is_paged());
        let b = p.next_batch().unwrap();
        assert!(b.form_params().is_empty(), "token only: {:?}", b.form_params());
        let answer = r#"{"code":0,"status":1,"data":{"list":[{"id":"5","base_name":"Dear-Lover","title":"","keywords":"","descript":""},{"id":"6","base_name":"HX-Fashion","title":"","keywords":"","descript":""},{"id":"437","base_name":"Brand","title":"","keywords":"","descript":""}]}}"#;
        let page = p.feed(200, answer.as_bytes()).unwrap();
        assert!(page.done);
        assert_eq!(page.items.iter().map(|r| r.get("id").cloned()).collect::<Vec<_>>(), [Some(Typed::Int(5)), Some(Typed::Int(6)), Some(Typed::Int(437))]);
        assert!(QueryPlan::new("brandList", json!({}), &QueryOptions { page_size: Some(10), ..Default::default() }).is_err());
    }
}

mod query_shapes {

    //! YMCart-shaped list methods, modelled here with test-only operations
    //! (the real registry entries are in this module's `OPERATIONS`): pages from 1, a
    //! `count` total on every page, rows at `data` or `data.list`, no window.
    use crate::query::*;
    use crate::error::ErrorCode;
    use crate::registry::{OpKind, Operation, Paging, Platform};
    use crate::time::BeijingDateTime;
    use crate::typed::Typed;
    use serde_json::Value;
    use crate::registry::{BodyShape, Limits};
    use crate::rules::{field, FieldKind, Schema, STR};
    use crate::typed::RowType;
    use serde_json::json;

    static SKU_LIST_PARAMS: Schema = Schema::new(
        &[
            field("page_size", "每页数量", FieldKind::Int { min: 1, max: 500 }),
            field("page_no", "页码", FieldKind::Int { min: 1, max: i32::MAX as i64 }),
            field("goods_codeno", "商品编号", STR),
            field("sku_codeno", "SKU编号", STR),
            field("is_instock", "是否有库存", FieldKind::IntEnum(&[0, 1])),
            field("order_by", "排序", FieldKind::IntEnum(&[1])),
        ],
        &[],
    );

    static SKU_ROW_TYPES: [(&str, RowType); 11] = [
        ("id", RowType::Int),
        ("goods_id", RowType::Int),
        ("store_id", RowType::Int),
        ("stock_nums", RowType::Int),
        ("status", RowType::Int),
        ("price", RowType::Decimal),
        ("market_price", RowType::Decimal),
        ("cost_price", RowType::Decimal),
        ("weight", RowType::Decimal),
        ("create_time", RowType::UnixSeconds),
        ("update_time", RowType::UnixSeconds),
    ];

    static SKU_LIST: Operation = Operation {
        name: "skuList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "SKU列表",
        upsert: true,
        item_name: "the query parameters",
        item: &SKU_LIST_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: Limits { max_items: 1, documented: false, max_body_bytes: None },
        body: BodyShape::Params,
        parse: parser!(crate::ymcart::parse::parse_envelope_only),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: 500,
            max_page_size: 500,
            max_page_size_documented: true,
            list_field: "data",
            total_field: Some("count"),
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: &SKU_ROW_TYPES,
        }),
        source: "test",
    };

    static NO_PARAMS: Schema = Schema::new(&[], &[]);

    static BRAND_LIST: Operation = Operation {
        name: "brandList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "品牌列表",
        upsert: true,
        item_name: "the query parameters",
        item: &NO_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: Limits { max_items: 1, documented: false, max_body_bytes: None },
        body: BodyShape::Params,
        parse: parser!(crate::ymcart::parse::parse_envelope_only),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: 1,
            max_page_size: 1,
            max_page_size_documented: true,
            list_field: "data.list",
            total_field: None,
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: &[("id", RowType::Int)],
        }),
        source: "test",
    };

    static CATEGORY_LIST: Operation = Operation {
        name: "categoryList",
        paging: Some(Paging {
            first_page: 1,
            default_page_size: 1,
            max_page_size: 1,
            max_page_size_documented: true,
            list_field: "data",
            total_field: None,
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: &[("id", RowType::Int), ("parent_id", RowType::Int), ("listorder", RowType::Int)],
        }),
        ..LIST_BASE
    };

    // Struct-update base for CATEGORY_LIST (statics cannot be copied, consts can).
    const LIST_BASE: Operation = Operation {
        name: "categoryList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "分类列表",
        upsert: true,
        item_name: "the query parameters",
        item: &NO_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: Limits { max_items: 1, documented: false, max_body_bytes: None },
        body: BodyShape::Params,
        parse: parser!(crate::ymcart::parse::parse_envelope_only),
        paging: None,
        source: "test",
    };

    /// The vendor's skuList answer (page 004), one row.
    const SKU_LIST_ANSWER: &str = r#"{"status":1,"code":0,"count":"95","data":[{"id":"2015779","goods_id":"120300","sku_code":"0_0","codeno":"two22","store_id":"24073","base_name":null,"sku_value":"","barcode":"tiao111","stock_nums":"-20","status":"1","price":"9.0000","market_price":"0.0000","cost_price":"0.0000","weight":"0.0800","create_time":"1533116704","update_time":"1533116704","is_instock":"0"}]}"#;

    fn sku_rows(ids: std::ops::Range<i64>, count: &str) -> Vec<u8> {
        let rows: Vec<Value> = ids.map(|i| json!({"id": i.to_string(), "price": "9.0000", "create_time": "1533116704"})).collect();
        json!({"status": 1, "code": 0, "count": count, "data": rows}).to_string().into_bytes()
    }

    fn bj(s: &str) -> BeijingDateTime {
        BeijingDateTime::parse(s).unwrap()
    }

    #[test]
    fn sku_list_pages_from_one_with_its_defaults() {
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({"goods_codeno": "AA", "page_no": 1}), &QueryOptions::default()).unwrap();
        assert!(p.is_paged());
        assert_eq!(p.page_size(), 500);
        assert_eq!(p.window_count(), 1);
        assert!(p.windows().next().is_none());
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload(), json!({"goods_codeno": "AA", "page_no": 1, "page_size": 500}));
        let page = p.feed(200, SKU_LIST_ANSWER.as_bytes()).unwrap();
        assert!(page.ok(), "{:?}", page.outcome);
        assert!(page.done, "one row on a page of 500 is the last page");
        assert_eq!(page.page_no, 1);
        assert_eq!(page.window, None);
        assert_eq!(page.total_count, Some(95));
        let row = &page.items[0];
        assert_eq!(row.get("id"), Some(&Typed::Int(2_015_779)));
        assert_eq!(row.get("stock_nums"), Some(&Typed::Int(-20)));
        assert_eq!(row.get("price"), Some(&Typed::Decimal("9.0000".parse().unwrap())));
        assert_eq!(row.get("weight"), Some(&Typed::Decimal("0.0800".parse().unwrap())));
        assert_eq!(row.get("create_time"), Some(&Typed::DateTime(bj("2018-08-01 17:45:04"))));
        assert_eq!(row.get("base_name"), Some(&Typed::Null));
        assert_eq!(row.get("codeno"), Some(&Typed::Str("two22".into())));
        assert_eq!(row.get("is_instock"), Some(&Typed::Str("0".into())), "not in this test's table: passes through");
        assert!(page.outcome.notes.is_empty(), "{:?}", page.outcome.notes);
        assert_eq!(page.outcome.data, json!({"status": 1, "code": 0, "count": "95"}));
        assert!(p.next_batch().is_none());
    }

    #[test]
    fn sku_list_reads_count_on_every_page_and_stops_on_it() {
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { page_size: Some(50), ..QueryOptions::default() }).unwrap();
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload(), json!({"page_no": 1, "page_size": 50}));
        let page = p.feed(200, &sku_rows(0..50, "100")).unwrap();
        assert_eq!((page.page_no, page.total_count, page.done), (1, Some(100), false));
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload()["page_no"], json!(2));
        // The total may change between pages; YMCart sends it every time.
        let page = p.feed(200, &sku_rows(50..100, "100")).unwrap();
        assert_eq!((page.page_no, page.total_count, page.done), (2, Some(100), true));
        assert_eq!(p.rows_delivered(), 100);

        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { page_size: Some(50), ..QueryOptions::default() }).unwrap();
        p.next_batch();
        p.feed(200, &sku_rows(0..50, "95")).unwrap();
        p.next_batch();
        let page = p.feed(200, &sku_rows(50..96, "96")).unwrap();
        assert_eq!((page.total_count, page.received, page.done), (Some(96), 46, true));
        // A state for a YMCart list has no window.
        let st = p.state();
        assert_eq!(st.window_secs, None);
        assert_eq!(st.page_size, Some(50));
        assert!(st.done);
        let resumed = QueryPlan::resume_for_operation(&SKU_LIST, st).unwrap();
        assert!(resumed.is_done());
    }

    #[test]
    fn sku_list_page_size_limits_and_page_no() {
        let e = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { page_size: Some(501), ..QueryOptions::default() }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Validation);
        let e = QueryPlan::for_operation(&SKU_LIST, json!({"page_no": 0}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Validation, "page_no 0 is below the documented minimum");
        let e = QueryPlan::for_operation(&SKU_LIST, json!({"page_no": 2}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { max_window_secs: Some(60), ..QueryOptions::default() }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn brand_list_is_one_request_without_page_parameters() {
        let mut p = QueryPlan::for_operation(&BRAND_LIST, json!({}), &QueryOptions::default()).unwrap();
        assert!(!p.is_paged());
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload(), json!({}));
        let answer = r#"{"code":0,"status":1,"data":{"list":[{"id":"5","base_name":"Dear-Lover","title":"","keywords":"","descript":""},{"id":"6","base_name":"HX-Fashion","title":"","keywords":"","descript":""},{"id":"437","base_name":"Brand","title":"","keywords":"","descript":""}]}}"#;
        let page = p.feed(200, answer.as_bytes()).unwrap();
        assert!(page.ok());
        assert!(page.done);
        assert_eq!(page.total_count, None);
        assert_eq!(page.items.len(), 3);
        assert_eq!(page.items[2].get("id"), Some(&Typed::Int(437)));
        assert_eq!(page.items[0].get("base_name"), Some(&Typed::Str("Dear-Lover".into())));
        assert_eq!(page.outcome.data, json!({"code": 0, "status": 1, "data": {}}));
        assert!(p.next_batch().is_none());
        let e = QueryPlan::for_operation(&BRAND_LIST, json!({}), &QueryOptions { page_size: Some(10), ..QueryOptions::default() }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = QueryPlan::for_operation(&BRAND_LIST, json!({"page_no": 1}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn category_list_rows_keep_their_odd_numeric_keys() {
        let mut p = QueryPlan::for_operation(&CATEGORY_LIST, json!({}), &QueryOptions::default()).unwrap();
        p.next_batch().unwrap();
        let answer = r#"{"code":0,"data":[{"0":"1","id":"1","1":"Women","base_name":"Women","2":"0","parent_id":"0","3":"99990","listorder":"99990","4":"test","title":"test","5":"test","keywords":"test","6":"test","descript":"test"}]}"#;
        let page = p.feed(200, answer.as_bytes()).unwrap();
        let row = &page.items[0];
        assert_eq!(row.len(), 14);
        assert_eq!(row.get("0"), Some(&Typed::Str("1".into())));
        assert_eq!(row.get("parent_id"), Some(&Typed::Int(0)));
        assert_eq!(row.get("listorder"), Some(&Typed::Int(99990)));
        assert!(page.done);
    }

    #[test]
    fn ymcart_errors_do_not_advance_the_plan() {
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions::default()).unwrap();
        let first = p.next_batch().unwrap();
        let page = p.feed(200, br#"{"code":400,"msg":"token error"}"#).unwrap();
        assert_eq!(page.outcome.reason, Some(crate::Reason::AuthError));
        assert_eq!(page.outcome.retry, crate::Retry::No);
        let page = p.next_batch().map(|_| p.feed(503, b"")).unwrap().unwrap();
        assert_eq!(page.outcome.retry, crate::Retry::Resend);
        assert_eq!(p.next_batch().unwrap(), first);
    }

    #[cfg(feature = "sign")]
    #[test]
    fn next_request_sends_the_token_and_the_page() {
        let client = crate::Client::from(crate::Ymcart::new("tok-secret", "https://shop.example.com/api").unwrap());
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({"sku_codeno": "S 1"}), &QueryOptions { page_size: Some(20), ..QueryOptions::default() }).unwrap();
        let req = p.next_request(&client, None).unwrap().unwrap();
        assert_eq!(req.url, "https://shop.example.com/api/skuList");
        assert_eq!(String::from_utf8(req.body).unwrap(), "token=tok-secret&sku_codeno=S+1&page_no=1&page_size=20");
    }

}
