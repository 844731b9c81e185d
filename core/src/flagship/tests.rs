//! Behaviour of the flagship path that the shared vectors do not pin: option
//! limits, streaming, attribution corner cases, secrets, clock, generic calls.

use proptest::prelude::*;
use serde_json::{json, Value};
use crate::*;

fn goods(no: &str, specs: usize) -> Value {
    let spec_list: Vec<Value> = (0..specs).map(|i| json!({"spec_no": format!("{no}-{i}"), "retail_price": "9.90"})).collect();
    json!({"goods_no": no, "goods_name": format!("货品{no}"), "spec_list": spec_list})
}

fn client() -> Flagship {
    Flagship::new("sid1", "key1", "topsecret-x1:saltysalt-y2", flagship::TEST_URL).unwrap()
}

#[test]
fn registry_describes_the_three_flagship_operations() {
    let names: Vec<&str> = operations().filter(|o| o.platform == Platform::Flagship).map(|o| o.name).collect();
    assert_eq!(names, ["goods.ApiGoods.upload", "goods.Goods.batchPush", "purchase.ProviderGoods.upload"]);
    let bp = operation("goods.Goods.batchPush").unwrap();
    assert_eq!((bp.limits.max_items, bp.limits.documented, bp.upsert, bp.kind), (50, true, true, OpKind::Push));
    for name in names {
        let op = operation(name).unwrap();
        assert!(op.upsert, "{name}: the three flagship pushes upsert by key");
        assert!(!op.unique_keys.is_empty(), "{name}: has a uniqueness key");
    }
}

#[test]
fn documented_limits_can_only_be_lowered_chosen_ones_raised() {
    let err = plan("goods.Goods.batchPush", vec![], &PlanOptions { max_items: Some(51), ..Default::default() }).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("above the documented limit of 50"), "{err}");
    // ApiGoods.upload and ProviderGoods.upload document no limit: 100 is
    // skuwire's default, and a caller may raise it.
    for op in ["goods.ApiGoods.upload", "purchase.ProviderGoods.upload"] {
        assert!(!operation(op).unwrap().limits.documented, "{op}");
        let rows: Vec<Value> = (0..250)
            .map(|i| json!({"shop_no": "S", "provider_no": "P", "goods_id": format!("g{i}"), "spec_no": format!("s{i}")}))
            .collect();
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|mut r| {
                let keep: &[&str] = if op.starts_with("goods") { &["shop_no", "goods_id"] } else { &["provider_no", "spec_no"] };
                r.as_object_mut().unwrap().retain(|k, _| keep.contains(&k.as_str()));
                r
            })
            .collect();
        let p = plan(op, rows.clone(), &PlanOptions { max_items: Some(200), ..Default::default() }).unwrap();
        assert_eq!(p.batches.iter().map(|b| b.len()).collect::<Vec<_>>(), vec![200, 50], "{op}");
        let p = plan(op, rows, &PlanOptions::default()).unwrap();
        assert_eq!(p.batches.iter().map(|b| b.len()).collect::<Vec<_>>(), vec![100, 100, 50], "{op}");
    }
    assert!(plan("goods.Goods.batchPush", vec![], &PlanOptions { max_items: Some(0), ..Default::default() }).is_err());
    assert!(plan("goods.Goods.batchPush", vec![], &PlanOptions { max_body_bytes: Some(0), ..Default::default() }).is_err());
    let p = plan("goods.Goods.batchPush", vec![goods("A", 1)], &PlanOptions { max_items: Some(1), ..Default::default() }).unwrap();
    assert_eq!(p.batches.len(), 1);
}

#[test]
fn unknown_operations_and_queries_are_refused_by_the_planner() {
    assert_eq!(plan("goods.Goods.nope", vec![], &PlanOptions::default()).unwrap_err().code(), ErrorCode::UnknownOperation);
    assert_eq!(
        plan("vip_api_goods_query.php", vec![], &PlanOptions::default()).unwrap_err().code(),
        ErrorCode::Unsupported
    );
    assert_eq!(validate("nope", &json!([]), false).unwrap_err().code(), ErrorCode::UnknownOperation);
}

#[test]
fn an_item_larger_than_the_body_limit_is_reported_not_dropped() {
    let big = goods("BIG", 300);
    let small = goods("S", 1);
    let opts = PlanOptions { max_body_bytes: Some(2000), on_invalid: OnInvalid::Skip, ..Default::default() };
    let p = plan("goods.Goods.batchPush", vec![small.clone(), big, small.clone()], &opts).unwrap();
    assert_eq!(p.invalid.len(), 2, "the big item and the duplicate of the first small one");
    assert_eq!(p.invalid[0].0, 1);
    let e = &p.invalid[0].1[0];
    assert_eq!(e.kind, ErrorType::ItemTooLarge);
    assert_eq!(e.ctx["max_body_bytes"], json!(2000));
    assert!(e.ctx["size"].as_u64().unwrap() > 2000);
    assert_eq!(p.invalid[1].1[0].kind, ErrorType::DuplicateKey);
    for b in &p.batches {
        assert!(b.body_json().len() <= 2000);
    }
}

#[test]
fn planning_streams_lazily() {
    use std::cell::Cell;
    use std::rc::Rc;
    let pulled = Rc::new(Cell::new(0usize));
    let p2 = pulled.clone();
    let items = (0..1_000_000usize).map(move |i| {
        p2.set(p2.get() + 1);
        goods(&format!("L{i}"), 1)
    });
    let mut it = plan_iter("goods.Goods.batchPush", items, &PlanOptions { on_invalid: OnInvalid::Skip, ..Default::default() }).unwrap();
    match it.next() {
        Some(PlanEvent::Batch(b)) => assert_eq!(b.indices(), (0..50).collect::<Vec<_>>().as_slice()),
        other => panic!("{other:?}"),
    }
    assert_eq!(pulled.get(), 50, "only the items of the first batch were pulled");
    match it.next() {
        Some(PlanEvent::Batch(b)) => assert_eq!(b.indices()[0], 50),
        other => panic!("{other:?}"),
    }
    assert_eq!(pulled.get(), 100);
}

#[test]
fn host_conversion_errors_take_an_index_and_win_over_placeholder_errors() {
    let mut p = Planner::new("goods.Goods.batchPush", &PlanOptions { on_invalid: OnInvalid::Skip, ..Default::default() }).unwrap();
    // The host replaced a lone surrogate in goods_name by null and reports it.
    let host = vec![ErrorRecord::new(ErrorType::StringUnicode, vec![0.into(), "goods_name".into()], Value::Null)];
    let text = json!({"goods_no": "H1", "goods_name": null, "spec_list": [{"spec_no": "H1-1"}]}).to_string();
    let step = p.push_input(&mut JsonInput::with_notes(text.as_bytes(), host)).unwrap();
    let types: Vec<&str> = step.errors.iter().map(|e| e.kind.name()).collect();
    assert_eq!(types, ["string_unicode"], "the placeholder's `missing` is dropped");
    // The rejected item's keys were not registered: its twin can be sent.
    let step = p.push(goods("H1", 1));
    assert!(step.errors.is_empty(), "{:?}", step.errors);
    assert_eq!(step.index, 1);
    let conv = p.push_invalid(vec![ErrorRecord::new(ErrorType::NestingTooDeep, vec![2.into()], Value::Null)]);
    assert_eq!(conv.index, 2);
    let batches = p.finish();
    assert_eq!(batches[0].indices(), [1]);
}

#[test]
fn host_notes_merge_in_item_order() {
    let payload = json!([goods("A", 1), {"goods_no": "B", "goods_name": null, "spec_list": [{"spec_no": "B-0"}]}, {"goods_no": "C"}]);
    let host = vec![ErrorRecord::new(ErrorType::DecimalNotFinite, vec![1.into(), "goods_name".into()], Value::Null)];
    let errs = validate_json_with_notes("goods.Goods.batchPush", payload.to_string().as_bytes(), host, false).unwrap();
    let got: Vec<(String, String)> = errs.iter().map(|e| (e.kind.name().to_owned(), loc_to_string(&e.loc))).collect();
    assert_eq!(
        got,
        [
            ("decimal_not_finite".to_owned(), "[1].goods_name".to_owned()),
            ("missing".to_owned(), "[2].goods_name".to_owned()),
            ("missing".to_owned(), "[2].spec_list".to_owned()),
        ]
    );
}

#[test]
fn error_catalogue_is_listable_and_every_record_serializes_fully() {
    assert!(ErrorType::ALL.len() >= 30);
    let errs = validate("goods.Goods.batchPush", &json!([{"goods_no": "x".repeat(41)}]), false).unwrap();
    let v = serde_json::to_value(&errs[0]).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["type", "loc", "msg", "msg_zh", "input", "ctx"]);
}

#[test]
fn validation_errors_display_like_pydantic() {
    let err = plan("goods.Goods.batchPush", vec![json!({}), goods("A", 0)], &PlanOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("4 validation errors for goods.Goods.batchPush\n"), "{text}");
    assert!(text.contains("  [1].spec_list: List should have at least 1 item(s) [type=too_short]"), "{text}");
}

#[test]
fn credentials_split_at_the_first_colon_and_never_print() {
    let c = Flagship::new("s", "k", "abc:def:ghi", flagship::TEST_URL).unwrap();
    let b = Batch::call(Platform::Flagship, "m.x", json!([])).unwrap();
    let r = c.sign(&b, Some(1_700_000_000)).unwrap();
    assert!(r.url.contains("salt=def%3Aghi"));
    let shown = format!("{c:?} {r:?} {} {}", r.string_to_sign(), r.redacted_url());
    assert!(!shown.contains("abc") && !shown.contains("def%3Aghi") && !shown.contains("def:ghi"), "{shown}");
    assert!(shown.contains(REDACTED));
    let err = Flagship::new("s", "k", "no-colon-here", flagship::TEST_URL).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Credentials);
    assert!(!err.to_string().contains("no-colon-here") && !err.msg_zh().contains("no-colon-here"));
    assert!(Flagship::new("s", "k", "a:b", "ftp://x").is_err());
}

#[test]
fn signing_uses_the_wdt_epoch_and_the_clock_offset() {
    let mut c = client();
    let b = plan("goods.Goods.batchPush", vec![goods("T", 1)], &PlanOptions::default()).unwrap().batches.remove(0);
    let r = c.sign(&b, Some(1_700_000_000)).unwrap();
    assert_eq!(r.timestamp, 1_700_000_000 - 1_325_347_200);
    assert!(r.url.contains("timestamp=374652800"));
    c.clock_offset = 3600;
    let before = unix_now();
    let r = c.sign(&b, None).unwrap();
    let after = unix_now();
    let unix = r.timestamp + flagship::EPOCH_OFFSET;
    assert!(unix >= before + 3600 && unix <= after + 3600, "offset applied to the clock");
    // Re-signing later gives a new signature over the same body.
    let r2 = c.sign(&b, Some(1_700_000_500)).unwrap();
    assert_eq!(r2.body, r.body);
    assert_ne!(r2.sign, r.sign);
    assert!(c.sign(&b, Some(1_000_000_000)).is_err(), "before the 2012 epoch");
}

#[test]
fn clients_refuse_batches_of_other_platforms() {
    let e = Enterprise::new("s", "k", "sec", enterprise::SANDBOX_URL).unwrap();
    let b = plan("goods.Goods.batchPush", vec![goods("X", 1)], &PlanOptions::default()).unwrap().batches.remove(0);
    assert_eq!(e.sign(&b, Some(1)).unwrap_err().code(), ErrorCode::InvalidArgument);
    let fb = Batch::call(Platform::Enterprise, "x.php", json!({})).unwrap();
    assert!(client().sign(&fb, Some(1_700_000_000)).is_err());
}

#[test]
fn generic_calls_check_their_shape_but_not_their_fields() {
    assert!(Batch::call(Platform::Flagship, "a.b.c", json!({"x": 1})).is_err());
    assert!(Batch::call(Platform::Enterprise, "x.php", json!([1])).is_err());
    assert!(Batch::call(Platform::Flagship, "bad name", json!([])).is_err());
    let b = Batch::call(Platform::Flagship, "goods.Goods.anything", json!([{"goods_no": "x".repeat(500)}])).unwrap();
    assert!(b.is_empty() && b.operation().is_none() && !b.is_upsert());
    // A garbled answer to a non-upsert call is not resent.
    let o = b.parse(502, b"<html>bad gateway</html>");
    assert_eq!((o.status, o.retry, o.reason), (Status::Failure, Retry::No, Some(Reason::HtmlBody)));
    assert!(o.message.unwrap().contains("not an upsert"));
}

#[test]
fn transport_errors_follow_the_upsert_rule() {
    let b = plan("goods.Goods.batchPush", vec![goods("X", 1)], &PlanOptions::default()).unwrap().batches.remove(0);
    let o = Outcome::transport_error(&b, "timed out after 30 s");
    assert_eq!((o.status, o.retry, o.reason, o.http_status), (Status::Failure, Retry::Resend, Some(Reason::Transport), 0));
    assert!(o.rejected.is_empty() && o.accepted.is_empty(), "pending, to be resent");
}

#[test]
fn provider_goods_attribution_uses_the_provider_when_spec_nos_collide() {
    let rows = vec![
        json!({"provider_no": "P1", "spec_no": "SAME"}),
        json!({"provider_no": "P2", "spec_no": "SAME"}),
        json!({"provider_no": "P3", "spec_no": "OTHER"}),
    ];
    let b = plan("purchase.ProviderGoods.upload", rows, &PlanOptions::default()).unwrap().batches.remove(0);
    let o = b.parse(200, r#"{"status":0,"data":{"error_list":["P2 供应商货品重复,商家编码：SAME"]}}"#.as_bytes());
    assert_eq!(o.accepted, [0, 2]);
    assert_eq!(o.rejected.len(), 1);
    assert_eq!(o.rejected[0].index, Some(1));
    // Ambiguous (the message names neither provider): both rows are reported.
    let o = b.parse(200, r#"{"status":0,"data":{"error_list":["某供应商 供应商货品重复,商家编码:SAME"]}}"#.as_bytes());
    assert_eq!(o.accepted, [2]);
    assert_eq!(o.rejected.iter().map(|r| r.index).collect::<Vec<_>>(), [Some(0), Some(1)]);
    assert_eq!(flagship::spec_no_in_message("x 商家编码： abc ,y"), Some("abc"));
    assert_eq!(flagship::spec_no_in_message("no code here"), None);
}

#[test]
fn api_goods_rec_id_count_mismatch_is_noted_not_guessed() {
    let rows = vec![json!({"shop_no": "s", "goods_id": "1"}), json!({"shop_no": "s", "goods_id": "2"})];
    let b = plan("goods.ApiGoods.upload", rows, &PlanOptions::default()).unwrap().batches.remove(0);
    let o = b.parse(200, br#"{"status":0,"data":{"rec_ids":[5],"status":0}}"#);
    assert!(o.ok());
    assert!(o.ids.is_empty());
    assert!(o.notes[0].contains("1 ids for 2 accepted rows"));
    assert_eq!(b.group(), Some(&json!("s")));
    let body = String::from_utf8(b.body_json()).unwrap();
    assert_eq!(body, r#"[{"shop_no":"s","goods_list":[{"goods_id":"1"},{"goods_id":"2"}]}]"#);
}

#[test]
fn batches_round_trip_through_serde() {
    let row: Value = serde_json::from_str(r#"{"shop_no": "s", "goods_id": "1", "price": 1.10}"#).unwrap();
    let b = plan("goods.ApiGoods.upload", vec![row], &PlanOptions::default())
        .unwrap()
        .batches
        .remove(0);
    let text = serde_json::to_string(&b).unwrap();
    let back: Batch = serde_json::from_str(&text).unwrap();
    assert_eq!(back, b);
    assert_eq!(back.body_json(), b.body_json());
    assert!(String::from_utf8(b.body_json()).unwrap().contains("\"price\":1.10"), "exact number text kept");
    let call = Batch::call(Platform::Flagship, "a.b", json!([1, "x"])).unwrap();
    let back: Batch = serde_json::from_str(&serde_json::to_string(&call).unwrap()).unwrap();
    assert_eq!(back, call);
    assert!(serde_json::from_str::<Batch>(r#"{"method":"nope","platform":"flagship","indices":[],"items":[]}"#).is_err());
}

#[test]
fn numbers_keep_their_exact_text_end_to_end() {
    let g = json!({"goods_no": "N", "goods_name": "n", "spec_list": [{"spec_no": "N1", "retail_price": 0.1}]});
    // Built from text to avoid f64: 19 significant digits survive.
    let g2: Value = serde_json::from_str(r#"{"goods_no":"N2","goods_name":"n","spec_list":[{"spec_no":"N21","retail_price":123456789012345.1234}]}"#).unwrap();
    let p = plan("goods.Goods.batchPush", vec![g, g2], &PlanOptions::default()).unwrap();
    let body = String::from_utf8(p.batches[0].body_json()).unwrap();
    assert!(body.contains(r#""retail_price":0.1"#), "{body}");
    assert!(body.contains(r#""retail_price":123456789012345.1234"#), "{body}");
}

#[test]
fn request_debug_and_redactions_hide_the_salt() {
    let b = Batch::call(Platform::Flagship, "a.b", json!([])).unwrap();
    let r = client().sign(&b, Some(1_700_000_000)).unwrap();
    assert!(r.url.contains("saltysalt-y2"), "the salt is a URL parameter on the wire");
    let dbg = format!("{r:?}");
    assert!(!dbg.contains("saltysalt-y2") && !dbg.contains("topsecret-x1"), "{dbg}");
    assert!(!r.redacted_url().contains("saltysalt-y2"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.scheme(), Scheme::Flagship);
}

#[test]
fn clock_offset_helper_reads_http_dates() {
    assert_eq!(clock_offset_from_http_date("Tue, 14 Nov 2023 22:13:20 GMT", 1_700_000_000 - 90).unwrap(), 90);
}

#[test]
fn strict_mode_reports_undocumented_fields_default_passes_them_through() {
    let mut g = goods("U", 1);
    g["custom_erp_field"] = json!("kept");
    assert!(validate("goods.Goods.batchPush", &json!([g.clone()]), false).unwrap().is_empty());
    let strict = validate("goods.Goods.batchPush", &json!([g.clone()]), true).unwrap();
    assert_eq!(strict.len(), 1);
    assert_eq!(strict[0].kind, ErrorType::ExtraForbidden);
    let p = plan("goods.Goods.batchPush", vec![g], &PlanOptions::default()).unwrap();
    assert!(String::from_utf8(p.batches[0].body_json()).unwrap().contains("custom_erp_field"));
}

fn arb_rows() -> impl Strategy<Value = Vec<(u8, u8, bool)>> {
    // (shop, id, valid)
    prop::collection::vec((0u8..4, any::<u8>(), prop::bool::weighted(0.85)), 0..400)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Planning never loses, duplicates or reorders an item, never exceeds a
    /// limit, and reports every invalid item exactly once.
    #[test]
    fn planning_is_a_partition(rows in arb_rows(), max_items in 1usize..=100, body_cap in prop::option::of(120usize..2000)) {
        let items: Vec<Value> = rows.iter().enumerate().map(|(i, (shop, id, valid))| {
            let mut r = json!({"shop_no": format!("shop{shop}"), "goods_id": format!("g{id}-{i}"), "spec_id": "0", "price": "1.5"});
            if !valid { r["status"] = json!(9); }
            r
        }).collect();
        let opts = PlanOptions { max_items: Some(max_items), max_body_bytes: body_cap, on_invalid: OnInvalid::Skip, ..Default::default() };
        let p = plan("goods.ApiGoods.upload", items.clone(), &opts).unwrap();
        let mut seen = vec![0u8; items.len()];
        for b in &p.batches {
            prop_assert!(!b.is_empty() && b.len() <= max_items);
            if let Some(cap) = body_cap { prop_assert!(b.body_json().len() <= cap); }
            prop_assert!(b.indices().windows(2).all(|w| w[0] < w[1]), "input order within a batch");
            let shop = b.group().unwrap();
            for (&i, item) in b.indices().iter().zip(b.items()) {
                prop_assert_eq!(item, &items[i]);
                prop_assert_eq!(&item["shop_no"], shop);
                seen[i] += 1;
            }
        }
        for (i, _) in &p.invalid { seen[*i] += 1; }
        prop_assert!(seen.iter().all(|&n| n == 1), "every item exactly once: {:?}", seen);
        // Within a shop, earlier items go in earlier batches.
        for shop in 0..4 {
            let name = json!(format!("shop{shop}"));
            let order: Vec<usize> = p.batches.iter().filter(|b| b.group() == Some(&name)).flat_map(|b| b.indices().to_vec()).collect();
            prop_assert!(order.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

#[test]
fn requests_round_trip_through_serde_and_still_redact() {
    let b = Batch::call(Platform::Flagship, "a.b", json!([1])).unwrap();
    let r = client().sign(&b, Some(1_700_000_000)).unwrap();
    let back: Request = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.string_to_sign(), r.string_to_sign());
    assert!(!format!("{back:?}").contains("saltysalt-y2"));
}

#[test]
fn host_helpers_live_in_the_core() {
    // Error constructors fill their own context.
    let e = ErrorRecord::nesting_too_deep(vec![3.into()]);
    assert_eq!((e.kind, e.ctx["max_depth"].clone()), (ErrorType::NestingTooDeep, json!(MAX_DEPTH)));
    assert_eq!(ErrorRecord::unsupported_type(vec![], "set", Value::Null).msg(), "Input of type set cannot be sent as JSON");
    assert_eq!(Error::internal("boom").code().name(), "internal");
    assert!(OnInvalid::parse("skip").is_ok());
    let bad = OnInvalid::parse("ignore").unwrap_err();
    assert!(bad.to_string().contains("\"ignore\"") && bad.msg_zh().contains("ignore"));
    // JSON items: a too-deep item is reported at its index, its neighbours plan.
    let mut deep = String::from("1");
    for _ in 0..100 {
        deep = format!("[{deep}]");
    }
    let text = format!(r#"[{}, {{"x": {deep}}}]"#, goods("D", 1));
    let p = plan_json("goods.Goods.batchPush", text.as_bytes(), &PlanOptions { on_invalid: OnInvalid::Skip, ..Default::default() }).unwrap();
    assert_eq!((p.batches[0].indices(), p.invalid[0].0), (&[0usize][..], 1));
    assert_eq!(p.invalid[0].1.iter().map(|e| (e.kind, e.loc.clone())).collect::<Vec<_>>(), vec![(ErrorType::NestingTooDeep, vec![LocItem::Index(1)])]);
    assert_eq!(parse_json_input(b"[1,").unwrap_err().kind, ErrorType::JsonInvalid);
}

#[test]
fn paged_generic_calls_carry_their_pager() {
    let pager = Pager { page_no: 2, page_size: 40, calc_total: true };
    let b = Batch::call(Platform::Flagship, "goods.Goods.queryWithSpec", json!([{}])).unwrap().with_pager(pager).unwrap();
    let back = Batch::from_json(&serde_json::to_value(&b).unwrap()).unwrap();
    assert_eq!(back.pager(), Some(pager));
    let r = client().sign(&back, Some(1_700_000_000)).unwrap();
    assert!(r.url.contains("page_no=2") && r.url.contains("page_size=40") && r.url.contains("calc_total=1"));
    assert_eq!(r, client().sign_paged(&b, Some(1_700_000_000), Some(pager)).unwrap());
    let op_batch = plan("goods.Goods.batchPush", vec![goods("P", 1)], &PlanOptions::default()).unwrap().batches.remove(0);
    assert!(op_batch.with_pager(pager).is_err());
    assert_eq!(Batch::from_json(&json!({"nope": 1})).unwrap_err().code(), ErrorCode::InvalidArgument);
}

#[test]
fn clients_refuse_other_platforms_operations_before_planning() {
    let c: Client = client().into();
    assert!(c.check_operation(operation("goods.Goods.batchPush").unwrap()).is_ok());
    let err = c.check_operation(operation("addGoods").unwrap()).unwrap_err();
    assert!(err.to_string().contains("addGoods is a ymcart operation"), "{err}");
}

#[test]
fn outcomes_round_trip_through_serde() {
    let b = plan("goods.Goods.batchPush", vec![goods("O", 1), goods("Q", 1)], &PlanOptions::default()).unwrap().batches.remove(0);
    let o = b.parse(200, br#"{"status":0,"data":{"error_list":[{"no":"Q","error":"bad"}]}}"#);
    let back: Outcome = serde_json::from_value(serde_json::to_value(&o).unwrap()).unwrap();
    assert_eq!(back, o);
}

#[test]
fn operations_describe_their_item_schema() {
    let d = operation("goods.Goods.batchPush").unwrap().describe();
    assert_eq!(d["max_items"], json!(50));
    let fields = d["item"]["fields"].as_array().unwrap();
    let goods_no = fields.iter().find(|f| f["name"] == "goods_no").unwrap();
    assert_eq!(goods_no["kind"], json!({"type": "string", "min_length": 1, "max_length": 40}));
    assert_eq!(goods_no["label_zh"], json!("货品编号"));
    let specs = fields.iter().find(|f| f["name"] == "spec_list").unwrap();
    assert_eq!(specs["kind"]["max_items"], json!(500));
    let price = specs["kind"]["items"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == "retail_price").unwrap();
    assert_eq!(price["kind"], json!({"type": "decimal", "max_whole_digits": 15, "decimal_places": 4}));
    for op in operations() {
        assert_eq!(op.describe()["item"]["type"], json!("object"), "{}", op.name);
    }
    assert_eq!(Reason::ALL.len(), 14);
    assert!(Reason::ALL.iter().any(|r| r.name() == "credentials_expired") && Reason::ALL.iter().any(|r| r.name() == "unconfirmed"));
    assert!(Retry::ALL.iter().map(|r| r.name()).eq(["no", "resign", "backoff", "resend"]));
    assert_eq!(ErrorCode::ALL.iter().map(|c| c.name()).collect::<Vec<_>>().len(), 7);
    assert_eq!(Status::Partial.name(), "partial");
}

#[test]
fn api_goods_error_list_rejects_the_rows_it_names() {
    let rows = vec![
        json!({"shop_no": "s", "goods_id": "1", "spec_id": "a"}),
        json!({"shop_no": "s", "goods_id": "2", "spec_id": "b"}),
        json!({"shop_no": "s", "goods_id": "3", "spec_id": "c"}),
    ];
    let b = plan("goods.ApiGoods.upload", rows, &PlanOptions::default()).unwrap().batches.remove(0);
    let answer = r#"{"status":0,"data":{"status":0,"rec_ids":[11,13],"error_list":[{"goods_id":"2","spec_id":"b","error":"价格不合法"}]}}"#;
    let o = b.parse(200, answer.as_bytes());
    assert_eq!((o.status, o.accepted.clone()), (Status::Partial, vec![0, 2]));
    assert_eq!(o.rejected, [Rejected { index: Some(1), key: Some("2".into()), message: "价格不合法".into() }]);
    assert_eq!(o.ids, [AssignedId { index: 0, id: json!(11) }, AssignedId { index: 2, id: json!(13) }]);
}

#[test]
fn unknown_outcomes_list_every_position() {
    let b = plan("goods.Goods.batchPush", vec![goods("U", 1), goods("V", 1)], &PlanOptions::default()).unwrap().batches.remove(0);
    for (status, body) in [(502u16, &b"<html>"[..]), (200, b""), (200, b"{\"status\":0,\"da")] {
        let o = b.parse(status, body);
        assert_eq!((o.unknown.clone(), o.retry, o.status), (vec![0, 1], Retry::Resend, Status::Failure), "{status}");
        assert!(o.accepted.is_empty() && o.rejected.is_empty());
    }
    assert_eq!(Outcome::transport_error(&b, "timeout").unknown, [0, 1]);
    assert!(b.parse(200, br#"{"status":100,"message":"bad"}"#).unknown.is_empty());
    assert!(b.parse(200, br#"{"status":0,"data":{"error_list":[]}}"#).unknown.is_empty());
}

#[test]
fn json_text_with_a_repeated_key_is_reported_per_item() {
    let text = br#"[{"goods_no":"A","goods_name":"a","spec_list":[{"spec_no":"A1"}]},
                   {"goods_no":"B","goods_name":"b","goods_name":"b2","spec_list":[{"spec_no":"B1"}]}]"#;
    let p = plan_json("goods.Goods.batchPush", text, &PlanOptions { on_invalid: OnInvalid::Skip, ..Default::default() }).unwrap();
    assert_eq!((p.batches[0].indices(), p.invalid[0].0), (&[0usize][..], 1));
    assert_eq!(p.invalid[0].1[0].kind, ErrorType::JsonDuplicateKey);
    assert_eq!(loc_to_string(&p.invalid[0].1[0].loc), "[1].goods_name");
    let single = validate_json("goods.Goods.batchPush", br#"{"a":1,"a":2}"#, false).unwrap();
    assert_eq!(loc_to_string(&single.iter().find(|e| e.kind == ErrorType::JsonDuplicateKey).unwrap().loc), "a");
    assert_eq!(parse_json_input(br#"{"a":1,"a":2}"#).unwrap_err().kind, ErrorType::JsonDuplicateKey);
}

#[test]
fn ymcart_code_429_is_a_rate_limit() {
    let b = plan("updateSkuQty", vec![json!({"codeno": "X1", "num": 1})], &PlanOptions::default()).unwrap().batches.remove(0);
    for body in [&br#"{"code":429,"msg":"too_many_requests"}"#[..], br#"{"code":"500","msg":"rate_limit exceeded"}"#] {
        let o = b.parse(200, body);
        assert_eq!((o.reason, o.retry), (Some(Reason::RateLimited), Retry::Backoff), "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn a_lone_json_object_is_located_without_an_index_for_validation_and_at_zero_for_planning() {
    let mut deep = String::from("1");
    for _ in 0..100 {
        deep = format!("[{deep}]");
    }
    let text = format!(r#"{{"goods_no":"A","goods_no":"B","x":{deep}}}"#);
    // Validation: the reader's one record, for the whole item, without an index.
    let errs = validate_json("goods.Goods.batchPush", text.as_bytes(), false).unwrap();
    assert_eq!(errs.iter().map(|e| (e.kind, loc_to_string(&e.loc))).collect::<Vec<_>>(), [(ErrorType::NestingTooDeep, String::new())]);
    let p = plan_json("goods.Goods.batchPush", br#"{"goods_no":"A","goods_no":"B"}"#, &PlanOptions { on_invalid: OnInvalid::Skip, ..Default::default() }).unwrap();
    assert_eq!(loc_to_string(&p.invalid[0].1.iter().find(|e| e.kind == ErrorType::JsonDuplicateKey).unwrap().loc), "[0].goods_no");
}

#[test]
fn an_unconvertible_identifier_does_not_also_trip_its_either_or_rule() {
    // The host could not convert `codeno` (a lone surrogate) and sent null.
    let host = vec![ErrorRecord::string_unicode(vec![0.into(), "codeno".into()], "X\u{fffd}")];
    let errs = validate_json_with_notes("updateSkuQty", json!([{"codeno": null, "num": 1}]).to_string().as_bytes(), host, false).unwrap();
    assert_eq!(errs.iter().map(|e| e.kind).collect::<Vec<_>>(), [ErrorType::StringUnicode]);
    // Without the host error the rule still fires.
    let errs = validate("updateSkuQty", &json!([{"num": 1}]), false).unwrap();
    assert!(errs.iter().any(|e| e.kind == ErrorType::MissingOneOf), "{errs:?}");
}

#[test]
fn one_item_nested_ten_thousand_deep_leaves_its_neighbours_plannable() {
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = format!(r#"[{}, {{"goods_no":"N","goods_name":"n","spec_list":{deep}}}, {}]"#, goods("A", 1), goods("B", 1));
    let p = plan_json("goods.Goods.batchPush", text.as_bytes(), &PlanOptions { on_invalid: OnInvalid::Skip, ..Default::default() }).unwrap();
    assert_eq!((p.batches[0].indices(), p.invalid.len()), (&[0usize, 2][..], 1));
    assert_eq!((p.invalid[0].1[0].kind, loc_to_string(&p.invalid[0].1[0].loc)), (ErrorType::NestingTooDeep, "[1]".to_owned()));
    assert_eq!(parse_json_input(deep.as_bytes()).unwrap_err().kind, ErrorType::NestingTooDeep);
    let lone = validate_json("goods.Goods.batchPush", format!(r#"{{"x":{deep}}}"#).as_bytes(), false).unwrap();
    assert!(lone.len() == 1 && lone[0].loc.is_empty());
    assert_eq!(validate_json("goods.Goods.batchPush", b"[1, {]", false).unwrap()[0].kind, ErrorType::JsonInvalid);
}

#[test]
fn flagship_queries_are_not_driven_by_a_query_plan_yet() {
    // Flagship pages through the URL (PageStyle::Url): a query operation of
    // the platform is refused by the query planner, and so is a query
    // without paging.
    static NO_PARAMS: rules::Schema = rules::Schema::new(&[], &[]);
    const BASE: Operation = Operation {
        name: "goods.Goods.query",
        platform: Platform::Flagship,
        kind: OpKind::Query,
        title_zh: "货品查询",
        upsert: true,
        item_name: "the query parameters",
        item: &NO_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: Limits { max_items: 1, documented: false, max_body_bytes: None },
        body: BodyShape::Params,
        parse: None,
        paging: None,
        source: "test",
    };
    static FLAGSHIP_QUERY: Operation = Operation {
        paging: Some(Paging {
            first_page: 0,
            default_page_size: 100,
            max_page_size: 100,
            max_page_size_documented: true,
            list_field: "data.goods_list",
            total_field: Some("data.total_count"),
            total_on_first_page_only: false,
            row_key: None,
            window: Some(Window { start: "start_time", end: "end_time", max_days: 30 }),
            row_types: &[],
        }),
        ..BASE
    };
    static UNPAGED: Operation = BASE;
    let e = QueryPlan::for_operation(&FLAGSHIP_QUERY, json!({}), &QueryOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    assert!(e.to_string().contains("flagship queries page through the URL (Pager)"), "{e}");
    let e = QueryPlan::for_operation(&UNPAGED, json!({}), &QueryOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported, "a query without paging");
}

/// A batch planned on the planning thread carries a head start on its
/// signature (the secret and the body hashed ahead); signing from it gives
/// the very request signing from the start gives — and a head start made
/// by another client, or for another body, is not used.
#[test]
fn head_started_batches_sign_exactly_as_from_the_start() {
    use crate::request::Signer;
    let items: Vec<Value> = (0..120).map(|i| goods(&format!("G{i}"), 1 + i % 3)).collect();
    let text = serde_json::to_vec(&items).unwrap();
    let opts = PlanOptions::default();
    let a = client();
    let b = Flagship::new("sid1", "key1", "othersecret:saltysalt-y2", flagship::TEST_URL).unwrap();
    let plain = plan_json("goods.Goods.batchPush", &text, &opts).unwrap().batches;
    let mut p = PlanPipeline::start_preparing("goods.Goods.batchPush", &opts, a.head_starter()).unwrap();
    p.feed(text.clone(), Vec::new()).unwrap();
    let started = p.finish().unwrap().batches;
    assert_eq!(started, plain, "the same batches");
    assert!(started.len() >= 3);
    for (s, p) in started.iter().zip(&plain) {
        assert!(s.head_start(a.id).is_some(), "a head start is there to use");
        for (signer, ts) in [(&a, 1_700_000_000), (&a, 1_800_000_123), (&b, 1_700_000_000)] {
            let (x, y) = (signer.sign(s, Some(ts)).unwrap(), signer.sign(p, Some(ts)).unwrap());
            assert_eq!((&x.url, &x.body, &x.sign), (&y.url, &y.body, &y.sign));
        }
        // A clone signs with the same secret and may use it.
        assert_eq!(a.clone().sign(s, Some(1_750_000_000)).unwrap().sign, a.sign(p, Some(1_750_000_000)).unwrap().sign);
        assert!(!format!("{s:?}").contains("HeadStart"), "never printed");
    }
    // Signed again, or as a clone (whose head start has no body to give), the same.
    let s = &started[0];
    assert!(s.head_start(b.id).is_none());
    let once = a.sign(s, Some(1_750_000_000)).unwrap();
    assert!(s.derived_head_start().unwrap().take_body().is_none(), "the body was given once");
    for again in [a.sign(s, Some(1_750_000_000)).unwrap(), a.sign(&s.clone(), Some(1_750_000_000)).unwrap()] {
        assert_eq!((&again.body, &again.sign, &again.url), (&once.body, &once.sign, &once.url));
    }
    assert!(format!("{:?}", s.derived_head_start()).contains("REDACTED"));
}
