//! Enterprise tests: the query `vip_api_goods_query.php` driven through the
//! public QueryPlan API, against the vendor's examples (spec page 003) and a
//! simulated server.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use crate::*;
use std::collections::BTreeMap;
use std::str::FromStr;

const OP: &str = "vip_api_goods_query.php";

/// Response 6.1 of the vendor page, verbatim.
const RESPONSE_6_1: &str = r#"{
    "code": 0,
    "message": "ok",
    "total_count": "210",
    "goods_list": [{
        "rec_id": "17",
        "shop_no": "manmao2test",
        "shop_name": "manmao2test",
        "platform_id": "127",
        "match_target_id": "4",
        "match_target_type": "1",
        "api_goods_id": "0000",
        "api_spec_id": "0000",
        "api_goods_name": "测试用例0",
        "api_spec_name": "5474",
        "modified": "2019-01-03 17:29:34",
        "api_spec_no": "",
        "outer_id": "11",
        "spec_outer_id": "qqq",
        "stock_num": "496.0000",
        "price": "20.0000",
        "cid": "",
        "pic_url": "",
        "is_deleted": "2",
        "hold_stock": "0.0000",
        "hold_stock_type": "0",
        "is_auto_listing": "1",
        "is_auto_delisting": "1",
        "status": "1",
        "merchant_no": "qqq",
        "merchant_name": "5474",
        "merchant_code": "dfd"
    }, {
        "rec_id": "18",
        "shop_no": "manmao2test",
        "shop_name": "manmao2test",
        "platform_id": "127",
        "match_target_id": "4",
        "match_target_type": "1",
        "api_goods_id": "0001",
        "api_spec_id": "0001",
        "api_goods_name": "测试用例1",
        "api_spec_name": "5474",
        "modified": "2019-01-03 17:29:34",
        "api_spec_no": "",
        "outer_id": "11",
        "spec_outer_id": "qqq",
        "stock_num": "496.0000",
        "price": "20.0000",
        "cid": "",
        "pic_url": "",
        "is_deleted": "2",
        "hold_stock": "0.0000",
        "hold_stock_type": "0",
        "is_auto_listing": "1",
        "is_auto_delisting": "1",
        "status": "1",
        "merchant_no": "qqq",
        "merchant_name": "5474",
        "merchant_code": "dfd"
    }]
}"#;

/// Response 6.2 of the vendor page, verbatim.
const RESPONSE_6_2: &str = r#"{
    "code": 2104,
    "message": "start_time与end_time时间跨度不能超过最大范围 30天"
}"#;

fn bj(s: &str) -> BeijingDateTime {
    BeijingDateTime::parse(s).unwrap()
}

fn plan(params: Value) -> QueryPlan {
    QueryPlan::new(OP, params, &QueryOptions::default()).unwrap()
}

fn window_texts(p: &QueryPlan) -> Vec<(String, String)> {
    p.windows().map(|(s, e)| (s.to_string(), e.to_string())).collect()
}

fn param(batch: &Batch, key: &str) -> String {
    batch.form_params().into_iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_default()
}

fn dec(s: &str) -> Typed {
    Typed::Decimal(Decimal::from_str(s).unwrap())
}

fn validation_types(e: &Error) -> Vec<(String, Value)> {
    match e {
        Error::Validation(v) => v.errors.iter().map(|r| (r.kind.name().to_owned(), serde_json::to_value(&r.loc).unwrap())).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- requests

#[cfg(feature = "sign")]
#[test]
fn the_first_request_reproduces_the_vendor_signing_vector() {
    // spec/README.md: appsecret 12345, appkey test2-xx, sid test2,
    // start/end 2016-08-01 12:00:00 … 13:00:00, page_no 0, page_size 40,
    // timestamp 1470042310 → ad4e6fe037ea6e3ba4768317be9d1309.
    let mut p = QueryPlan::new(
        OP,
        json!({"start_time": "2016-08-01 12:00:00", "end_time": "2016-08-01 13:00:00"}),
        &QueryOptions { page_size: Some(40), ..QueryOptions::default() },
    )
    .unwrap();
    let client = Client::from(Enterprise::new("test2", "test2-xx", "12345", enterprise::SANDBOX_URL).unwrap());
    let req = p.next_request(&client, Some(1_470_042_310)).unwrap().unwrap();
    assert_eq!(req.sign, "ad4e6fe037ea6e3ba4768317be9d1309");
    assert_eq!(req.url, "https://sandbox.wangdian.cn/openapi2/vip_api_goods_query.php");
    // Signing again before an answer re-issues the same page.
    let again = p.next_request(&client, Some(1_470_042_310)).unwrap().unwrap();
    assert_eq!(again.body, req.body);
}

#[test]
fn the_vendor_example_request_is_one_page_of_one_window() {
    // Section 5 (PHP/Java/C#): strings for page_no and page_size, as the SDKs send them.
    let mut p = plan(json!({
        "start_time": "2019-01-01 00:00:00",
        "end_time": "2019-01-30 00:00:00",
        "shop_no": "manmao2test",
        "page_no": "0",
        "page_size": "10"
    }));
    assert_eq!(p.window_count(), 1);
    assert_eq!(p.page_size(), 10);
    let b = p.next_batch().unwrap();
    assert_eq!(
        b.form_params(),
        vec![
            ("start_time".to_owned(), "2019-01-01 00:00:00".to_owned()),
            ("end_time".to_owned(), "2019-01-30 00:00:00".to_owned()),
            ("shop_no".to_owned(), "manmao2test".to_owned()),
            ("page_no".to_owned(), "0".to_owned()),
            ("page_size".to_owned(), "10".to_owned()),
        ]
    );
    assert_eq!(p.next_batch().unwrap(), b, "next_batch without feeding re-issues the same page");
}

#[test]
fn page_size_defaults_to_the_documented_maximum() {
    let p = plan(json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-02 00:00:00"}));
    assert_eq!(p.page_size(), 100);
    assert_eq!(p.page_no(), 0);
    for bad in [0, 101] {
        let e = QueryPlan::new(
            OP,
            json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-02 00:00:00"}),
            &QueryOptions { page_size: Some(bad), ..QueryOptions::default() },
        )
        .unwrap_err();
        assert_eq!(validation_types(&e), vec![("int_out_of_range".to_owned(), json!(["page_size"]))]);
    }
    let e = QueryPlan::new(
        OP,
        json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-02 00:00:00", "page_size": 101}),
        &QueryOptions::default(),
    )
    .unwrap_err();
    assert_eq!(validation_types(&e), vec![("int_out_of_range".to_owned(), json!(["page_size"]))]);
    let e = QueryPlan::new(
        OP,
        json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-02 00:00:00", "page_size": 10}),
        &QueryOptions { page_size: Some(20), ..QueryOptions::default() },
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
}

#[test]
fn page_no_belongs_to_the_plan() {
    let e = QueryPlan::new(OP, json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-02 00:00:00", "page_no": 3}), &QueryOptions::default())
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.msg_zh().contains("page_no"));
}

#[test]
fn parameters_are_validated_with_structured_errors() {
    let e = QueryPlan::new(OP, json!({"shop_no": ""}), &QueryOptions::default()).unwrap_err();
    assert_eq!(
        validation_types(&e),
        vec![
            ("missing".to_owned(), json!(["start_time"])),
            ("missing".to_owned(), json!(["end_time"])),
            ("string_too_short".to_owned(), json!(["shop_no"])),
        ]
    );
    let e = QueryPlan::new(OP, json!({"start_time": "2019-01-02", "end_time": true}), &QueryOptions::default()).unwrap_err();
    assert_eq!(
        validation_types(&e),
        vec![("datetime_parsing".to_owned(), json!(["start_time"])), ("datetime_parsing".to_owned(), json!(["end_time"]))]
    );
    let e = QueryPlan::new(OP, json!({"start_time": "2019-01-02 00:00:00", "end_time": "2019-01-01 23:59:59"}), &QueryOptions::default())
        .unwrap_err();
    assert_eq!(validation_types(&e), vec![("time_range".to_owned(), json!([]))]);
    let Error::Validation(v) = &e else { unreachable!() };
    assert_eq!(v.errors[0].msg_zh(), "开始时间不能晚于结束时间");
    let e = QueryPlan::new(OP, json!([1]), &QueryOptions::default()).unwrap_err();
    assert_eq!(validation_types(&e), vec![("dict_type".to_owned(), json!([]))]);
    let e = QueryPlan::new(
        OP,
        json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-02 00:00:00", "nope": 1}),
        &QueryOptions { strict: true, ..QueryOptions::default() },
    )
    .unwrap_err();
    assert_eq!(validation_types(&e), vec![("extra_forbidden".to_owned(), json!(["nope"]))]);
    // Not a query.
    let e = QueryPlan::new("goods.Goods.batchPush", json!({}), &QueryOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unsupported);
    assert_eq!(QueryPlan::new("nope.php", json!({}), &QueryOptions::default()).unwrap_err().code(), ErrorCode::UnknownOperation);
}

#[test]
fn zone_aware_bounds_are_converted_to_beijing_time() {
    let p = plan(json!({"start_time": "2018-10-31T16:00:00Z", "end_time": 1_543_593_599}));
    assert_eq!(window_texts(&p), vec![("2018-11-01 00:00:00".to_owned(), "2018-11-30 23:59:59".to_owned())]);
    let p = plan(json!({"start_time": "2018-11-01T00:00:00+08:00", "end_time": "2018-11-30T10:59:59-05:00"}));
    assert_eq!(window_texts(&p), vec![("2018-11-01 00:00:00".to_owned(), "2018-11-30 23:59:59".to_owned())]);
    // The state keeps the normalized wire form.
    assert_eq!(p.state().params, json!({"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"}));
}

// ----------------------------------------------------------------- windows

fn windows_of(start: &str, end: &str) -> Vec<(String, String)> {
    window_texts(&plan(json!({"start_time": start, "end_time": end})))
}

fn w(s: &str, e: &str) -> (String, String) {
    (s.to_owned(), e.to_owned())
}

#[test]
fn the_vendor_example_range_is_exactly_one_window() {
    // Page 003 §1.4: 2018-11-01 00:00:00 to 2018-11-30 23:59:59 is a valid span.
    assert_eq!(windows_of("2018-11-01 00:00:00", "2018-11-30 23:59:59"), vec![w("2018-11-01 00:00:00", "2018-11-30 23:59:59")]);
    // One second more is a second window of one second.
    assert_eq!(
        windows_of("2018-11-01 00:00:00", "2018-12-01 00:00:00"),
        vec![w("2018-11-01 00:00:00", "2018-11-30 23:59:59"), w("2018-12-01 00:00:00", "2018-12-01 00:00:00")]
    );
}

#[test]
fn ranges_of_thirty_and_thirty_one_days() {
    // Thirty full days (30 × 86400 seconds covered): one window.
    assert_eq!(windows_of("2019-01-01 00:00:00", "2019-01-30 23:59:59"), vec![w("2019-01-01 00:00:00", "2019-01-30 23:59:59")]);
    // end − start = 30 days exactly covers 30 × 86400 + 1 seconds: two windows.
    assert_eq!(
        windows_of("2019-01-01 00:00:00", "2019-01-31 00:00:00"),
        vec![w("2019-01-01 00:00:00", "2019-01-30 23:59:59"), w("2019-01-31 00:00:00", "2019-01-31 00:00:00")]
    );
    // Thirty-one full days.
    assert_eq!(
        windows_of("2019-01-01 00:00:00", "2019-01-31 23:59:59"),
        vec![w("2019-01-01 00:00:00", "2019-01-30 23:59:59"), w("2019-01-31 00:00:00", "2019-01-31 23:59:59")]
    );
    // Windows are aligned to the start, not to midnight.
    assert_eq!(
        windows_of("2019-01-01 12:34:56", "2019-02-15 00:00:00"),
        vec![w("2019-01-01 12:34:56", "2019-01-31 12:34:55"), w("2019-01-31 12:34:56", "2019-02-15 00:00:00")]
    );
}

#[test]
fn a_one_second_range_is_one_window() {
    assert_eq!(windows_of("2019-01-01 00:00:00", "2019-01-01 00:00:00"), vec![w("2019-01-01 00:00:00", "2019-01-01 00:00:00")]);
    assert_eq!(windows_of("2019-01-01 00:00:00", "2019-01-01 00:00:01"), vec![w("2019-01-01 00:00:00", "2019-01-01 00:00:01")]);
}

#[test]
fn leap_years_shift_the_windows_by_a_day() {
    assert_eq!(
        windows_of("2024-02-01 00:00:00", "2024-03-31 23:59:59"),
        vec![w("2024-02-01 00:00:00", "2024-03-01 23:59:59"), w("2024-03-02 00:00:00", "2024-03-31 23:59:59")]
    );
    assert_eq!(
        windows_of("2023-02-01 00:00:00", "2023-03-31 23:59:59"),
        vec![w("2023-02-01 00:00:00", "2023-03-02 23:59:59"), w("2023-03-03 00:00:00", "2023-03-31 23:59:59")]
    );
    // 2000 is a leap year, 2100 is not.
    assert_eq!(windows_of("2000-02-15 00:00:00", "2000-03-20 00:00:00")[0], w("2000-02-15 00:00:00", "2000-03-15 23:59:59"));
    assert_eq!(windows_of("2100-02-15 00:00:00", "2100-03-20 00:00:00")[0], w("2100-02-15 00:00:00", "2100-03-16 23:59:59"));
}

#[test]
fn a_year_is_thirteen_windows() {
    let ws = windows_of("2019-01-01 00:00:00", "2019-12-31 23:59:59");
    assert_eq!(ws.len(), 13);
    assert_eq!(ws[1], w("2019-01-31 00:00:00", "2019-03-01 23:59:59"));
    assert_eq!(ws[12], w("2019-12-27 00:00:00", "2019-12-31 23:59:59"));
}

#[test]
fn a_narrower_window_can_be_asked_for() {
    let p = QueryPlan::new(
        OP,
        json!({"start_time": "2021-01-01 00:00:00", "end_time": "2021-01-01 02:59:59"}),
        &QueryOptions { max_window_secs: Some(3600), ..QueryOptions::default() },
    )
    .unwrap();
    assert_eq!(
        window_texts(&p),
        vec![
            w("2021-01-01 00:00:00", "2021-01-01 00:59:59"),
            w("2021-01-01 01:00:00", "2021-01-01 01:59:59"),
            w("2021-01-01 02:00:00", "2021-01-01 02:59:59"),
        ]
    );
    for bad in [0, 30 * 86400 + 1] {
        let e = QueryPlan::new(
            OP,
            json!({"start_time": "2021-01-01 00:00:00", "end_time": "2021-01-02 00:00:00"}),
            &QueryOptions { max_window_secs: Some(bad), ..QueryOptions::default() },
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }
}

proptest! {
    #[test]
    fn windows_cover_any_range_exactly(
        start in -2_000_000_000i64..4_000_000_000i64,
        len in 0i64..400 * 86_400,
        window in prop_oneof![Just(30 * 86_400i64), 1i64..5 * 86_400],
    ) {
        let end = start + len;
        let ws: Vec<(i64, i64)> = split_range(start, end, window).unwrap().collect();
        prop_assert_eq!(ws.len() as u64, split_range(start, end, window).unwrap().total());
        prop_assert_eq!(ws.first().unwrap().0, start);
        prop_assert_eq!(ws.last().unwrap().1, end);
        for (s, e) in &ws {
            prop_assert!(s <= e, "empty window");
            prop_assert!(e - s < window, "window longer than allowed");
        }
        for pair in ws.windows(2) {
            prop_assert_eq!(pair[1].0, pair[0].1 + 1, "gap or overlap");
            // Every window but the last is full.
            prop_assert_eq!(pair[0].1 - pair[0].0, window - 1);
        }
    }

    #[test]
    fn beijing_time_round_trips(secs in beijing_range()) {
        let t = BeijingDateTime::from_unix(secs).unwrap();
        prop_assert_eq!(t.unix(), secs);
        prop_assert_eq!(BeijingDateTime::parse(&t.to_wire()), Some(t));
        prop_assert_eq!(BeijingDateTime::parse(&t.to_rfc3339()), Some(t));
        let utc = BeijingDateTime::from_unix(secs - 8 * 3600).unwrap().to_wire().replace(' ', "T") + "Z";
        prop_assert_eq!(BeijingDateTime::parse(&utc), Some(t));
    }
}

fn beijing_range() -> std::ops::Range<i64> {
    (-62_167_248_000 + 8 * 3600)..253_402_271_999
}

#[test]
fn split_range_refuses_reversed_ranges() {
    assert_eq!(split_range(2, 1, 10).unwrap_err().code(), ErrorCode::InvalidArgument);
    assert_eq!(split_range(1, 2, 0).unwrap_err().code(), ErrorCode::InvalidArgument);
    assert_eq!(split_range(i64::MIN, i64::MAX, i64::MAX).unwrap().total(), 3);
    assert_eq!(split_range(i64::MIN, i64::MAX, 2).unwrap().total(), 1 << 63);
    assert_eq!(split_range(i64::MIN, i64::MAX, 1).unwrap_err().code(), ErrorCode::InvalidArgument);
    let mut ws = split_range(i64::MAX - 2, i64::MAX, 2).unwrap();
    assert_eq!(ws.next(), Some((i64::MAX - 2, i64::MAX - 1)));
    assert_eq!(ws.next(), Some((i64::MAX, i64::MAX)));
    assert_eq!(ws.next(), None);
}

// --------------------------------------------------------------- responses

#[test]
fn response_6_1_becomes_typed_rows() {
    let mut p = QueryPlan::new(
        OP,
        json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-30 00:00:00", "shop_no": "manmao2test"}),
        &QueryOptions { page_size: Some(10), ..QueryOptions::default() },
    )
    .unwrap();
    p.next_batch().unwrap();
    let page = p.feed(200, RESPONSE_6_1.as_bytes()).unwrap();
    assert!(page.ok(), "{:?}", page.outcome);
    assert_eq!(page.total_count, Some(210), "total_count arrives as the string \"210\"");
    assert_eq!(page.outcome.total_count, Some(210));
    assert_eq!(page.page_no, 0);
    assert_eq!(page.window, Some((bj("2019-01-01 00:00:00"), bj("2019-01-30 00:00:00"))));
    assert_eq!(page.received, 2);
    assert_eq!(page.duplicates_dropped, 0);
    assert!(page.outcome.notes.is_empty(), "{:?}", page.outcome.notes);
    assert_eq!(page.outcome.message.as_deref(), Some("ok"));
    // Two rows on a page of 10: a short page ends the (only) window.
    assert!(page.done);
    assert!(p.is_done());
    assert!(p.next_batch().is_none());

    let row = &page.items[0];
    assert_eq!(row.get("rec_id"), Some(&Typed::Int(17)));
    assert_eq!(row.get("platform_id"), Some(&Typed::Int(127)));
    assert_eq!(row.get("stock_num"), Some(&dec("496.0000")));
    assert_eq!(row.get("price"), Some(&dec("20.0000")));
    assert_eq!(row.get("modified"), Some(&Typed::DateTime(bj("2019-01-03 17:29:34"))));
    // hold_stock is documented int but sent as "0.0000".
    assert_eq!(row.get("hold_stock"), Some(&Typed::Int(0)));
    assert_eq!(row.get("is_deleted"), Some(&Typed::Int(2)));
    assert_eq!(row.get("api_goods_id"), Some(&Typed::Str("0000".into())));
    assert_eq!(row.get("match_target_id"), Some(&Typed::Str("4".into())));
    assert_eq!(row.get("api_goods_name"), Some(&Typed::Str("测试用例0".into())));
    assert_eq!(row.get("cid"), Some(&Typed::Str(String::new())));
    // The answer's field order is kept.
    assert_eq!(row.fields()[0].0, "rec_id");
    assert_eq!(row.fields().last().unwrap().0, "merchant_code");
    let text = serde_json::to_string(row).unwrap();
    assert!(text.starts_with(r#"{"rec_id":17,"shop_no":"manmao2test","shop_name":"manmao2test","platform_id":127,"#), "{text}");
    assert!(text.contains(r#""modified":"2019-01-03T17:29:34+08:00""#));
    assert!(text.contains(r#""stock_num":"496.0000","price":"20.0000""#));
    assert_eq!(page.items[1].get("rec_id"), Some(&Typed::Int(18)));
    // The envelope is kept without the list.
    assert_eq!(page.outcome.data, json!({"code": 0, "message": "ok", "total_count": "210"}));
    // The page serializes for hosts.
    let v = serde_json::to_value(&page).unwrap();
    assert_eq!(v["window"], json!(["2019-01-01T00:00:00+08:00", "2019-01-30T00:00:00+08:00"]));
    assert_eq!(v["items"][0]["price"], json!("20.0000"));
    // Feeding again without a request is a state error.
    assert_eq!(p.feed(200, RESPONSE_6_1.as_bytes()).unwrap_err().code(), ErrorCode::State);
}

#[test]
fn code_may_be_a_string_and_total_is_read_from_page_zero_only() {
    let mut p = QueryPlan::new(
        OP,
        json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-30 00:00:00"}),
        &QueryOptions { page_size: Some(2), ..QueryOptions::default() },
    )
    .unwrap();
    let string_code = RESPONSE_6_1.replacen("\"code\": 0", "\"code\": \"0\"", 1);
    p.next_batch().unwrap();
    let page = p.feed(200, string_code.as_bytes()).unwrap();
    assert!(page.ok());
    assert_eq!(page.total_count, Some(210));
    assert!(!page.done, "a full page below the total asks for the next page");
    let b = p.next_batch().unwrap();
    assert_eq!(param(&b, "page_no"), "1");
    // A later page's total_count is not trusted (only page 0 carries it).
    let body = json!({"code": "0", "message": "ok", "total_count": "3", "goods_list": [
        {"rec_id": "19", "price": "1.5"}, {"rec_id": "20", "price": "2"}
    ]});
    let page = p.feed(200, body.to_string().as_bytes()).unwrap();
    assert!(page.ok());
    assert_eq!(page.total_count, Some(210));
    assert_eq!(page.page_no, 1);
    assert_eq!(p.page_no(), 2);
}

#[test]
fn error_2104_is_a_clear_failure_that_is_not_retried() {
    for body in [RESPONSE_6_2.to_owned(), RESPONSE_6_2.replace("2104", "\"2104\"")] {
        let mut p = plan(json!({"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"}));
        let first = p.next_batch().unwrap();
        let page = p.feed(200, body.as_bytes()).unwrap();
        assert!(!page.ok());
        assert_eq!(page.outcome.status, Status::Failure);
        assert_eq!(page.outcome.reason, Some(Reason::TimeSpanTooLong));
        assert_eq!(page.outcome.reason.unwrap().name(), "time_span_too_long");
        assert_eq!(page.outcome.retry, Retry::No);
        assert_eq!(page.outcome.code, Some(2104));
        assert_eq!(page.outcome.message.as_deref(), Some("start_time与end_time时间跨度不能超过最大范围 30天"));
        assert!(page.outcome.notes[0].contains("30 days"));
        assert!(page.items.is_empty());
        assert!(!page.done);
        // The plan did not advance.
        assert_eq!(p.next_batch().unwrap(), first);
    }
}

#[test]
fn failures_advise_resign_backoff_or_resend() {
    let cases: Vec<(u16, &str, Reason, Retry)> = vec![
        (200, r#"{"code": 1040, "message": "时间戳过期"}"#, Reason::ClockSkew, Retry::Resign),
        (200, r#"{"code": "1090", "message": "接口调用频率超过限制"}"#, Reason::RateLimited, Retry::Backoff),
        (429, "", Reason::RateLimited, Retry::Backoff),
        (502, "<html><body>Bad Gateway</body></html>", Reason::HtmlBody, Retry::Resend),
        (200, "<html>maintenance</html>", Reason::HtmlBody, Retry::Resend),
        (200, "", Reason::EmptyBody, Retry::Resend),
        (500, r#"{"message": "internal"}"#, Reason::HttpError, Retry::Resend),
        (200, "{not json", Reason::InvalidJson, Retry::Resend),
        (200, r#"{"message": "no code"}"#, Reason::InvalidEnvelope, Retry::Resend),
        (200, r#"{"code": 0, "goods_list": "oops"}"#, Reason::InvalidEnvelope, Retry::Resend),
        (200, r#"{"code": 1020, "message": "店铺不存在"}"#, Reason::BusinessError, Retry::No),
        (200, r#"{"code": 1030, "message": "签名错误"}"#, Reason::AuthError, Retry::No),
    ];
    for (status, body, reason, retry) in cases {
        let mut p = plan(json!({"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"}));
        let first = p.next_batch().unwrap();
        let page = p.feed(status, body.as_bytes()).unwrap();
        assert_eq!((page.outcome.reason, page.outcome.retry), (Some(reason), retry), "{status} {body}");
        assert!(!page.done);
        assert_eq!(p.next_batch().unwrap(), first, "a failed answer does not advance the plan");
    }
    let mut p = plan(json!({"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"}));
    assert_eq!(p.feed_transport_error("timeout").unwrap_err().code(), ErrorCode::State);
    p.next_batch().unwrap();
    let page = p.feed_transport_error("timeout").unwrap();
    assert_eq!((page.outcome.reason, page.outcome.retry), (Some(Reason::Transport), Retry::Resend));
}

#[test]
fn a_missing_list_is_an_empty_page_with_a_note() {
    let mut p = plan(json!({"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"}));
    p.next_batch().unwrap();
    let page = p.feed(200, br#"{"code": 0, "message": "ok", "total_count": 0}"#).unwrap();
    assert!(page.ok());
    assert!(page.items.is_empty());
    assert_eq!(page.total_count, Some(0));
    assert!(page.done);
    assert!(page.outcome.notes[0].contains("goods_list"));
}

#[test]
fn values_that_do_not_parse_are_kept_with_a_note() {
    let mut p = plan(json!({"start_time": "2018-11-01 00:00:00", "end_time": "2018-11-30 23:59:59"}));
    p.next_batch().unwrap();
    let body = json!({"code": 0, "total_count": 2, "goods_list": [
        {"rec_id": "1", "price": "N/A", "modified": "0000-00-00 00:00:00", "list_time": "yesterday", "x_new": "7"},
        {"rec_id": "2", "price": "1e3", "modified": "", "stock_num": {"a": 1}, "x_new": 7.50}
    ]});
    let page = p.feed(200, body.to_string().as_bytes()).unwrap();
    assert!(page.ok());
    let (a, b) = (&page.items[0], &page.items[1]);
    assert_eq!(a.get("price"), Some(&Typed::Str("N/A".into())));
    assert_eq!(b.get("price"), Some(&Typed::Str("1e3".into())));
    assert_eq!(a.get("modified"), Some(&Typed::Null));
    assert_eq!(b.get("modified"), Some(&Typed::Null));
    assert_eq!(a.get("list_time"), Some(&Typed::Str("yesterday".into())));
    assert_eq!(b.get("stock_num"), Some(&Typed::Json(json!({"a": 1}))));
    assert_eq!(a.get("x_new"), Some(&Typed::Str("7".into())));
    assert_eq!(b.get("x_new"), Some(&dec("7.50")));
    let notes = &page.outcome.notes;
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[0].starts_with("field \"price\": 2 value(s) did not parse as decimal"));
    assert!(notes[1].starts_with("field \"list_time\": 1 value(s) did not parse as datetime"));
    assert!(notes[2].starts_with("field \"stock_num\""));
}

// ------------------------------------------------------ a simulated server

/// The enterprise server for a fixed set of rows: filters by `modified` in
/// the closed window, orders by rec_id, pages from 0, sends total_count only
/// on page 0. Refuses windows longer than 30 days with 2104.
struct Server {
    rows: BTreeMap<i64, i64>, // rec_id → modified (Unix seconds)
    requests: Vec<(String, String, u32)>,
}

impl Server {
    fn new(rows: impl IntoIterator<Item = (i64, i64)>) -> Server {
        Server { rows: rows.into_iter().collect(), requests: Vec::new() }
    }

    fn answer(&mut self, batch: &Batch) -> Vec<u8> {
        let s = bj(&param(batch, "start_time"));
        let e = bj(&param(batch, "end_time"));
        let page_no: u32 = param(batch, "page_no").parse().unwrap();
        let size: usize = param(batch, "page_size").parse().unwrap();
        self.requests.push((s.to_string(), e.to_string(), page_no));
        if e.unix() - s.unix() > 30 * 86_400 - 1 {
            return RESPONSE_6_2.as_bytes().to_vec();
        }
        let hits: Vec<(i64, i64)> = self.rows.iter().filter(|(_, m)| (s.unix()..=e.unix()).contains(*m)).map(|(k, m)| (*k, *m)).collect();
        let page: Vec<Value> = hits
            .iter()
            .skip(page_no as usize * size)
            .take(size)
            .map(|(id, m)| {
                json!({
                    "rec_id": id.to_string(),
                    "modified": BeijingDateTime::from_unix(*m).unwrap().to_string(),
                    "price": format!("{id}.5000"),
                })
            })
            .collect();
        let mut body = json!({"code": 0, "message": "ok", "goods_list": page});
        if page_no == 0 {
            body["total_count"] = json!(hits.len().to_string());
        }
        body.to_string().into_bytes()
    }
}

fn rec_ids(items: &[Row]) -> Vec<i64> {
    items
        .iter()
        .map(|r| match r.get("rec_id") {
            Some(Typed::Int(i)) => *i,
            other => panic!("rec_id {other:?}"),
        })
        .collect()
}

/// 250 rows spread over 2019-01-01 … 2019-03-31 (every ~8.6 hours).
fn sample_rows() -> Vec<(i64, i64)> {
    let start = bj("2019-01-01 00:00:00").unix();
    (0..250).map(|i| (1000 + i, start + i * 31_000)).collect()
}

const RANGE: (&str, &str) = ("2019-01-01 00:00:00", "2019-03-31 23:59:59");

fn range_plan(page_size: u32) -> QueryPlan {
    QueryPlan::new(OP, json!({"start_time": RANGE.0, "end_time": RANGE.1}), &QueryOptions { page_size: Some(page_size), ..QueryOptions::default() })
        .unwrap()
}

fn run(plan: &mut QueryPlan, server: &mut Server, max_pages: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for _ in 0..max_pages {
        let Some(b) = plan.next_batch() else { break };
        let page = plan.feed(200, &server.answer(&b)).unwrap();
        assert!(page.ok(), "{:?}", page.outcome);
        ids.extend(rec_ids(&page.items));
    }
    ids
}

#[test]
fn a_run_walks_every_window_and_page() {
    let mut server = Server::new(sample_rows());
    let mut p = range_plan(40);
    // 2019-01-01 … 2019-03-31 is 90 days: three full windows.
    assert_eq!(p.window_count(), 3);
    let ids = run(&mut p, &mut server, 1000);
    assert!(p.is_done());
    assert!(p.next_batch().is_none());
    let mut expected: Vec<i64> = sample_rows().into_iter().map(|(k, _)| k).collect();
    expected.sort_unstable();
    let mut got = ids.clone();
    got.sort_unstable();
    assert_eq!(got, expected);
    assert_eq!(p.rows_delivered(), 250);
    assert_eq!(p.duplicates_dropped(), 0);
    let firsts: Vec<_> = server.requests.iter().filter(|r| r.2 == 0).map(|r| (r.0.clone(), r.1.clone())).collect();
    assert_eq!(
        firsts,
        vec![
            w("2019-01-01 00:00:00", "2019-01-30 23:59:59"),
            w("2019-01-31 00:00:00", "2019-03-01 23:59:59"),
            w("2019-03-02 00:00:00", "2019-03-31 23:59:59"),
        ]
    );
    // Pages are consecutive from 0 within each window.
    let pages: Vec<u32> = server.requests.iter().map(|r| r.2).collect();
    assert_eq!(pages, vec![0, 1, 2, 0, 1, 2, 0, 1, 2]);
}

#[test]
fn a_window_whose_rows_fill_whole_pages_ends_on_its_total() {
    // 84 rows in the first window → with page size 42 exactly two pages,
    // and no request for an empty third page.
    let start = bj("2019-01-01 00:00:00").unix();
    let mut server = Server::new((0..84).map(|i| (i + 1, start + i * 60)));
    let mut p = QueryPlan::new(
        OP,
        json!({"start_time": "2019-01-01 00:00:00", "end_time": "2019-01-30 23:59:59"}),
        &QueryOptions { page_size: Some(42), ..QueryOptions::default() },
    )
    .unwrap();
    let ids = run(&mut p, &mut server, 10);
    assert_eq!(ids.len(), 84);
    assert_eq!(server.requests.len(), 2);
    assert!(p.is_done());
}

#[test]
fn rows_that_move_between_pages_are_dropped_once_and_counted() {
    let mut server = Server::new(sample_rows());
    let mut p = range_plan(10);
    let b = p.next_batch().unwrap();
    let first = p.feed(200, &server.answer(&b)).unwrap();
    assert_eq!(rec_ids(&first.items), (1000..1010).collect::<Vec<_>>());
    // A row enters the window ahead of the reader (modified while the sync
    // runs): every later row shifts one place, so page 1 starts with the
    // last row of page 0.
    let jan_2 = bj("2019-01-02 00:00:00").unix();
    server.rows.insert(999, jan_2);
    let b = p.next_batch().unwrap();
    let second = p.feed(200, &server.answer(&b)).unwrap();
    assert_eq!(second.received, 10);
    assert_eq!(second.duplicates_dropped, 1);
    assert_eq!(rec_ids(&second.items), (1010..1019).collect::<Vec<_>>());
    let rest = run(&mut p, &mut server, 1000);
    let mut all: Vec<i64> = rec_ids(&first.items).into_iter().chain(rec_ids(&second.items)).chain(rest).collect();
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n, "no row is delivered twice");
    assert_eq!(all, (1000..1250).collect::<Vec<_>>());
    assert_eq!(p.duplicates_dropped(), 1);
    assert_eq!(p.rows_delivered(), 250);
}

#[test]
fn a_platform_that_ignores_page_no_cannot_loop_forever() {
    let mut p = range_plan(2);
    let same = br#"{"code":0,"total_count":"1000","goods_list":[{"rec_id":"1"},{"rec_id":"2"}]}"#;
    let mut pages = 0;
    while let Some(_b) = p.next_batch() {
        let page = p.feed(200, same).unwrap();
        pages += 1;
        assert!(pages < 20, "runaway");
        if page.window_index == 0 && page.page_no == 1 {
            assert_eq!(page.duplicates_dropped, 2);
            assert!(page.outcome.notes.iter().any(|n| n.contains("ignore page_no")), "{:?}", page.outcome.notes);
        }
    }
    // Window 0: page 0, then page 1 (all duplicates) ends it. Windows 1
    // and 2: their page 0 is already all duplicates.
    assert_eq!(pages, 4);
    assert_eq!(p.rows_delivered(), 2);
}

#[test]
fn a_run_resumes_from_its_saved_state() {
    let mut uninterrupted = range_plan(7);
    let mut server = Server::new(sample_rows());
    let all = run(&mut uninterrupted, &mut server, 10_000);
    assert_eq!(all.len(), 250);

    for stop_after in [1, 5, 13, 20, 36] {
        let mut server = Server::new(sample_rows());
        let mut p = range_plan(7);
        let mut got = run(&mut p, &mut server, stop_after);
        // The job dies with a request outstanding; only the state survives.
        let _lost = p.next_batch();
        let saved = serde_json::to_string(&p.state()).unwrap();
        drop(p);
        let state: QueryState = serde_json::from_str(&saved).unwrap();
        assert_eq!(state.version, 1);
        let mut resumed = QueryPlan::resume(state).unwrap();
        // Feeding before asking is still a state error after a resume.
        assert_eq!(resumed.feed(200, b"{}").unwrap_err().code(), ErrorCode::State);
        got.extend(run(&mut resumed, &mut server, 10_000));
        assert!(resumed.is_done());
        assert_eq!(got, all, "stopped after {stop_after} pages");
        assert_eq!(resumed.rows_delivered(), 250);
    }
}

#[test]
fn the_state_is_plain_data_and_is_checked_on_resume() {
    let mut server = Server::new(sample_rows());
    let mut p = range_plan(10);
    run(&mut p, &mut server, 3);
    let state = p.state();
    let v = serde_json::to_value(&state).unwrap();
    assert_eq!(v["op"], json!(OP));
    assert_eq!(v["params"], json!({"start_time": RANGE.0, "end_time": RANGE.1}));
    assert_eq!(v["page_size"], json!(10));
    assert_eq!(v["window_secs"], json!(30 * 86400));
    assert_eq!(v["window_index"], json!(0));
    assert_eq!(v["page_no"], json!(3));
    assert_eq!(v["total"], json!(84));
    // 30 consecutive rec_ids are one range.
    assert_eq!(v["seen"], json!({"ints": [[1000, 1029]], "texts": []}));

    let mut bad = state.clone();
    bad.version = 2;
    assert_eq!(QueryPlan::resume(bad).unwrap_err().code(), ErrorCode::State);
    let mut bad = state.clone();
    bad.window_index = 7;
    assert_eq!(QueryPlan::resume(bad).unwrap_err().code(), ErrorCode::State);
    let mut bad = state.clone();
    bad.seen.ints = vec![[5, 1]];
    assert_eq!(QueryPlan::resume(bad).unwrap_err().code(), ErrorCode::State);
    let mut bad = state.clone();
    bad.params = json!({"start_time": "2019-01-01 00:00:00"});
    assert_eq!(QueryPlan::resume(bad).unwrap_err().code(), ErrorCode::Validation);
    let mut bad = state.clone();
    bad.op = "goods.Goods.batchPush".into();
    assert_eq!(QueryPlan::resume(bad).unwrap_err().code(), ErrorCode::Unsupported);
    // Overlapping and touching ranges are merged on load.
    let mut ok = state;
    ok.seen.ints = vec![[1010, 1029], [1000, 1012], [1030, 1030]];
    let resumed = QueryPlan::resume(ok).unwrap();
    assert_eq!(resumed.state().seen.ints, vec![[1000, 1030]]);
}

#[cfg(feature = "sign")]
#[test]
fn next_request_refuses_a_client_of_another_platform() {
    let mut p = range_plan(10);
    let flagship = Client::from(Flagship::new("sid", "key", "secret:salt", flagship::TEST_URL).unwrap());
    assert_eq!(p.next_request(&flagship, Some(1)).unwrap_err().code(), ErrorCode::InvalidArgument);
    // Nothing is outstanding after a refused request.
    assert_eq!(p.feed(200, b"{}").unwrap_err().code(), ErrorCode::State);
}
