//! Flat rows nested into items (`skuwire::nest`) and lax mode, through the
//! public entry points every host uses.

use serde_json::{json, Value};
use skuwire::{loc_to_string, plan_input, validate_input_with, JsonInput, Nest, NestLists, OnInvalid, PlanOptions, ValueInput};

const PUSH: &str = "goods.Goods.batchPush";

fn opts(nest: Nest) -> PlanOptions {
    PlanOptions { nest: Some(nest), ..PlanOptions::default() }
}

fn spec_rows() -> Value {
    json!([
        {"goods_no": "G1", "goods_name": "杯", "spec_list[].spec_no": "G1-1", "spec_list[].retail_price": "1.5"},
        {"goods_no": "G1", "goods_name": "杯", "spec_list[].spec_no": "G1-2", "spec_list[].retail_price": "2"},
        {"goods_no": "G2", "goods_name": "锅", "spec_list[].spec_no": "G2-1"},
    ])
}

fn items(plan: &skuwire::Plan) -> Vec<Value> {
    plan.batches.iter().flat_map(|b| b.items().iter().cloned()).collect()
}

fn locs(errors: &[skuwire::ErrorRecord]) -> Vec<(String, String)> {
    errors.iter().map(|e| (loc_to_string(&e.loc), e.kind.name().to_owned())).collect()
}

#[test]
fn consecutive_rows_make_one_item_with_its_list() {
    let rows = spec_rows();
    let plan = plan_input(PUSH, ValueInput::new(&rows), &opts(Nest::by_names())).unwrap();
    assert_eq!(
        items(&plan),
        vec![
            json!({"goods_no": "G1", "goods_name": "杯", "spec_list": [{"spec_no": "G1-1", "retail_price": "1.5"}, {"spec_no": "G1-2", "retail_price": "2"}]}),
            json!({"goods_no": "G2", "goods_name": "锅", "spec_list": [{"spec_no": "G2-1"}]}),
        ]
    );
    // Item indices stay positions among items (a push reports 0..items).
    assert_eq!(plan.batches[0].indices(), &[0, 1]);
}

#[test]
fn bare_names_go_into_the_list_the_operation_documents() {
    let rows = json!([
        {"goods_no": "G1", "goods_name": "杯", "spec_no": "G1-1", "barcode": "690", "retail_price": "1.5"},
        {"goods_no": "G1", "goods_name": "杯", "spec_no": "G1-2", "barcode": null, "retail_price": "2"},
    ]);
    let nest = Nest { lists: NestLists::Fields("spec_list".into()), key: vec![] };
    let plan = plan_input(PUSH, ValueInput::new(&rows), &opts(nest)).unwrap();
    assert_eq!(
        items(&plan),
        vec![json!({"goods_no": "G1", "goods_name": "杯", "spec_list": [{"spec_no": "G1-1", "barcode": "690", "retail_price": "1.5"}, {"spec_no": "G1-2", "retail_price": "2"}]})]
    );
    // A name both the goods and its specs document is ambiguous.
    let rows = json!([{"goods_no": "G1", "goods_name": "杯", "spec_no": "S", "remark": "x"}]);
    let nest = Nest { lists: NestLists::Fields("spec_list".into()), key: vec![] };
    let e = plan_input(PUSH, ValueInput::new(&rows), &opts(nest)).unwrap_err();
    assert!(e.to_string().contains("remark"), "{e}");
    // Listing the element columns settles it.
    let nest = Nest { lists: NestLists::Columns(vec![("spec_list".into(), vec!["spec_no".into(), "remark".into()])]), key: vec![] };
    let plan = plan_input(PUSH, ValueInput::new(&rows), &opts(nest)).unwrap();
    assert_eq!(items(&plan), vec![json!({"goods_no": "G1", "goods_name": "杯", "spec_list": [{"spec_no": "S", "remark": "x"}]})]);
}

#[test]
fn locations_start_with_the_offending_row() {
    let rows = json!([
        {"goods_no": "G1", "goods_name": "杯", "spec_list[].spec_no": "G1-1", "spec_list[].retail_price": "1.5"},
        {"goods_no": "G1", "goods_name": "杯", "spec_list[].spec_no": "G1-2", "spec_list[].retail_price": "1.23456"},
        {"goods_no": "G2", "goods_name": "锅".repeat(300), "spec_list[].spec_no": "G2-1"},
        {"goods_no": "G2", "goods_name": "锅".repeat(300), "spec_list[].spec_no": "G1-1"},
    ]);
    let errors = validate_input_with(PUSH, ValueInput::new(&rows), &opts(Nest::by_names())).unwrap();
    assert_eq!(
        locs(&errors),
        vec![
            ("[1].spec_list[1].retail_price".to_owned(), "decimal_max_places".to_owned()),
            ("[2].goods_name".to_owned(), "string_too_long".to_owned()),
            ("[3].spec_list[1].spec_no".to_owned(), "duplicate_key".to_owned()),
        ]
    );
    // The duplicate names the row of its twin.
    assert_eq!(errors[2].ctx["first_loc"], json!([0, "spec_list", 0]));
    // Skip mode: the items are left out by their positions among items.
    let o = PlanOptions { on_invalid: OnInvalid::Skip, ..opts(Nest::by_names()) };
    let plan = plan_input(PUSH, ValueInput::new(&rows), &o).unwrap();
    assert_eq!(plan.invalid.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![0, 1]);
    assert!(plan.batches.is_empty());
}

#[test]
fn keyed_rows_may_leave_item_fields_out_but_not_contradict_them() {
    let rows = json!([
        {"goods_no": "G1", "goods_name": "杯", "brand_name": "B", "spec_list[].spec_no": "S1"},
        {"goods_no": "G1", "spec_list[].spec_no": "S2"},
        {"goods_no": "G1", "goods_name": "碗", "spec_list[].spec_no": "S3"},
    ]);
    let keyed = Nest { lists: NestLists::Names, key: vec!["goods_no".into()] };
    let errors = validate_input_with(PUSH, ValueInput::new(&rows), &opts(keyed.clone())).unwrap();
    assert_eq!(locs(&errors), vec![("[2].goods_name".to_owned(), "row_conflict".to_owned())]);
    assert_eq!(errors[0].ctx["first_row"], json!(0));
    let fine = json!([rows[0], rows[1]]);
    let plan = plan_input(PUSH, ValueInput::new(&fine), &opts(keyed)).unwrap();
    assert_eq!(items(&plan), vec![json!({"goods_no": "G1", "goods_name": "杯", "brand_name": "B", "spec_list": [{"spec_no": "S1"}, {"spec_no": "S2"}]})]);
    // Without a key, the sparse row starts an item of its own.
    let errors = validate_input_with(PUSH, ValueInput::new(&fine), &opts(Nest::by_names())).unwrap();
    assert_eq!(locs(&errors), vec![("[1].goods_name".to_owned(), "missing".to_owned()), ("[1].goods_no".to_owned(), "duplicate_key".to_owned())]);
}

#[test]
fn dotted_names_plain_lists_json_text_and_odd_rows() {
    let text = br#"[
        {"goods_no": "G1", "goods_name": "A", "x.y": 1, "x.z": null, "spec_list[].spec_no": "S1"},
        {"goods_no": "G1", "goods_name": "A", "x.y": 1, "spec_list[].spec_no": "S2"},
        7,
        {"goods_no": "G3", "goods_name": "C", "spec_list[].spec_no": "S3", "spec_list[].spec_no": "S4"}
    ]"#;
    let o = PlanOptions { on_invalid: OnInvalid::Skip, ..opts(Nest::by_names()) };
    let plan = plan_input(PUSH, JsonInput::new(text), &o).unwrap();
    assert_eq!(items(&plan), vec![json!({"goods_no": "G1", "goods_name": "A", "x": {"y": 1}, "spec_list": [{"spec_no": "S1"}, {"spec_no": "S2"}]})]);
    let invalid: Vec<_> = plan.invalid.iter().map(|(i, e)| (*i, locs(e))).collect();
    assert_eq!(
        invalid,
        vec![(1, vec![("[2]".to_owned(), "dict_type".to_owned())]), (2, vec![("[3].spec_list[].spec_no".to_owned(), "json_duplicate_key".to_owned())])]
    );
    // Column names that overlap or are malformed are refused as arguments.
    for bad in [json!([{"a": 1, "a.b": 2}]), json!([{"l[]": 1, "l[].b": 2}]), json!([{"a[].b[].c": 1}]), json!([{"a..b": 1}]), json!([{"l": 1, "l[].x": 1}])] {
        assert!(validate_input_with(PUSH, ValueInput::new(&bad), &opts(Nest::by_names())).is_err(), "{bad}");
    }
    // `list[]`: a list of plain values.
    let rows = json!([{"goods_no": "G", "goods_name": "A", "tags[]": "a"}, {"goods_no": "G", "goods_name": "A", "tags[]": "b"}, {"goods_no": "G", "goods_name": "A"}]);
    let o = PlanOptions { on_invalid: OnInvalid::Skip, ..opts(Nest::by_names()) };
    let plan = plan_input(PUSH, ValueInput::new(&rows), &o).unwrap();
    assert!(plan.batches.is_empty());
    assert_eq!(locs(&plan.invalid[0].1), vec![("[0].spec_list".to_owned(), "missing".to_owned())]);
    // One row object as the payload is one item.
    let one = json!({"goods_no": "G", "goods_name": "A", "spec_list[].spec_no": "S"});
    let plan = plan_input(PUSH, ValueInput::new(&one), &opts(Nest::by_names())).unwrap();
    assert_eq!(items(&plan), vec![json!({"goods_no": "G", "goods_name": "A", "spec_list": [{"spec_no": "S"}]})]);
}

#[test]
fn lax_mode_reads_numbers_as_meant_and_nothing_more() {
    let item = |spec: &str| format!(r#"[{{"goods_no": "G", "goods_name": "A", "spec_list": [{spec}]}}]"#);
    let strict = PlanOptions::default();
    let lax = PlanOptions { lax: true, ..PlanOptions::default() };
    let check = |v: &str, o: &PlanOptions| locs(&validate_input_with(PUSH, JsonInput::new(v.as_bytes()), o).unwrap());
    // Integral numbers: integer fields and string fields; exponents in decimals.
    let v = item(r#"{"spec_no": 6901234567890.0, "barcode": 690123, "validity_days": 12.0, "sales_days": 1.2e1, "retail_price": 1.5e2}"#);
    assert_eq!(check(&v, &strict).len(), 5);
    assert_eq!(check(&v, &lax), vec![]);
    let plan = plan_input(PUSH, JsonInput::new(v.as_bytes()), &lax).unwrap();
    assert_eq!(
        String::from_utf8(plan.batches[0].body_json()).unwrap(),
        r#"[[{"goods_no":"G","goods_name":"A","spec_list":[{"spec_no":"6901234567890","barcode":"690123","validity_days":12,"sales_days":12,"retail_price":150}]}]]"#
    );
    // Everything else is refused as before: fractions, floats that do not
    // fit (never rounded), booleans and text in the wrong places.
    let v = item(r#"{"spec_no": 12.5, "validity_days": 1.5, "retail_price": 0.30000000000000004, "sn_type": true, "barcode": false, "weight": 1e-7}"#);
    assert_eq!(check(&v, &lax).len(), 6);
    assert_eq!(check(&v, &strict).iter().map(|(l, _)| l).collect::<Vec<_>>(), check(&v, &lax).iter().map(|(l, _)| l).collect::<Vec<_>>());
}

#[test]
fn nest_options_read_from_json_as_hosts_pass_them() {
    let names = ("nest", "nestKey");
    assert_eq!(Nest::from_json(&json!(null), &json!(null), names).unwrap(), None);
    assert_eq!(Nest::from_json(&json!(false), &json!(null), names).unwrap(), None);
    assert_eq!(Nest::from_json(&json!(true), &json!("goods_no"), names).unwrap(), Some(Nest { lists: NestLists::Names, key: vec!["goods_no".into()] }));
    assert_eq!(
        Nest::from_json(&json!("spec_list"), &json!(["goods_no", "shop_no"]), names).unwrap(),
        Some(Nest { lists: NestLists::Fields("spec_list".into()), key: vec!["goods_no".into(), "shop_no".into()] })
    );
    assert_eq!(
        Nest::from_json(&json!({"spec_list": ["spec_no", "remark"]}), &json!(null), names).unwrap(),
        Some(Nest { lists: NestLists::Columns(vec![("spec_list".into(), vec!["spec_no".into(), "remark".into()])]), key: vec![] })
    );
    let msg = |nest: serde_json::Value, key: serde_json::Value| Nest::from_json(&nest, &key, names).unwrap_err().to_string();
    assert!(msg(json!(1), json!(null)).contains("nest should be true, a list field's name or an object {list: [columns]}, not number"));
    assert!(msg(json!(true), json!(5)).contains("nestKey should be a column name or an array of them, not number"));
    assert!(msg(json!({"spec_list": [1]}), json!(null)).contains("nest should be a column name or an array of them, not number"));
    assert!(msg(json!(null), json!("goods_no")).contains("nestKey needs nest"));
}
