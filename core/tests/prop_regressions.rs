//! Problems found by fuzzing the core (see `fuzz/RUNS.md`), each pinned by a
//! minimal test. A test marked `#[ignore = "bug: …"]` fails today and is
//! meant to pass once the core is fixed; remove the `ignore` then.

use serde_json::{json, Value};
use skuwire::*;

fn flagship() -> Flagship {
    Flagship::new("sid1", "key1", "sec:salt", flagship::TEST_URL).unwrap()
}

fn enterprise() -> Enterprise {
    Enterprise::new("sid1", "key1", "appsecret", enterprise::SANDBOX_URL).unwrap()
}

fn call(platform: Platform) -> Batch {
    match platform {
        Platform::Flagship => Batch::call(platform, "goods.Goods.search", json!([1])).unwrap(),
        _ => Batch::call(platform, "vip_api_goods_query.php", json!({"page_no": "0"})).unwrap(),
    }
}

/// A timestamp far before 2012 must be refused ("before the flagship
/// epoch"), whatever its size: `unix - EPOCH_OFFSET` must not overflow
/// (a panic in debug builds, a wrapped positive timestamp in release).
#[test]
fn flagship_refuses_any_timestamp_before_its_epoch() {
    let b = call(Platform::Flagship);
    for ts in [i64::MIN, i64::MIN + 1_325_347_199] {
        let r = std::panic::catch_unwind(|| flagship().sign(&b, Some(ts)));
        let r = r.unwrap_or_else(|_| panic!("sign panicked for timestamp {ts}"));
        assert_eq!(r.unwrap_err().code(), ErrorCode::InvalidArgument, "timestamp {ts}");
    }
}

/// A clock offset is host input (from a `Date` header, a config file): an
/// absurd one must give an error, never an overflow in `now + offset`.
#[test]
fn signing_at_now_with_an_absurd_clock_offset_does_not_overflow() {
    let b = call(Platform::Flagship);
    let mut f = flagship();
    f.clock_offset = i64::MAX;
    let r = std::panic::catch_unwind(|| f.sign(&b, None));
    assert!(r.is_ok(), "flagship sign panicked");
    let b = call(Platform::Enterprise);
    let mut e = enterprise();
    e.clock_offset = i64::MAX;
    let r = std::panic::catch_unwind(|| e.sign(&b, None));
    assert!(r.is_ok(), "enterprise sign panicked");
}

/// Timestamps in range sign normally (the guard for the two tests above).
#[test]
fn timestamps_at_the_edges_of_the_range_sign_or_are_refused() {
    let b = call(Platform::Flagship);
    assert!(flagship().sign(&b, Some(flagship::EPOCH_OFFSET)).is_ok());
    assert_eq!(flagship().sign(&b, Some(flagship::EPOCH_OFFSET - 1)).unwrap_err().code(), ErrorCode::InvalidArgument);
    assert!(flagship().sign(&b, Some(i64::MAX)).is_ok());
    let e = enterprise().sign(&call(Platform::Enterprise), Some(i64::MIN)).unwrap();
    assert!(String::from_utf8(e.body).unwrap().contains(&format!("timestamp={}", i64::MIN)));
}

/// A batch's plain-data form (for pickling and worker processes) must give
/// back the same batch. A number written `-0` (a valid Decimal(19,4) and
/// integer text) comes back as `0`: `serde_json::from_value` reads a number
/// that fits an integer through `visit_i64`, which loses the sign of zero.
#[test]
fn batches_keep_a_negative_zero_through_their_plain_data_form() {
    let row: Value = serde_json::from_str(r#"{"shop_no": "s", "goods_id": "1", "price": -0}"#).unwrap();
    let b = plan("goods.ApiGoods.upload", vec![row], &PlanOptions::default()).unwrap().batches.remove(0);
    assert!(String::from_utf8(b.body_json()).unwrap().contains(r#""price":-0"#));
    let back = Batch::from_json(&serde_json::to_value(&b).unwrap()).unwrap();
    assert_eq!(String::from_utf8(back.body_json()).unwrap(), String::from_utf8(b.body_json()).unwrap());
    assert_eq!(back, b);
}

/// The text path keeps `-0`: only the `Value` path loses it.
#[test]
fn batches_keep_a_negative_zero_through_json_text() {
    let row: Value = serde_json::from_str(r#"{"shop_no": "s", "goods_id": "1", "price": -0}"#).unwrap();
    let b = plan("goods.ApiGoods.upload", vec![row], &PlanOptions::default()).unwrap().batches.remove(0);
    let back: Batch = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
    assert_eq!(back, b);
}

fn goods(no: &str, specs: usize) -> Value {
    let spec_list: Vec<Value> = (0..specs).map(|i| json!({"spec_no": format!("{no}-{i}")})).collect();
    json!({"goods_no": no, "goods_name": "n", "spec_list": spec_list})
}

/// Skip mode leaves out an item that does not fit `max_body_bytes`
/// (`item_too_large`) — but its keys were already registered, so a later,
/// smaller twin is refused as `duplicate_key` of an item that was never
/// sent, and neither version reaches the platform. Every other rejection
/// leaves no trace in skip mode ("only sent items count", `plan.rs`; the
/// host-error case is pinned in `core/src/flagship/tests.rs`).
#[test]
fn skip_mode_an_item_too_large_leaves_no_keys_behind() {
    let opts = PlanOptions { max_body_bytes: Some(300), on_invalid: OnInvalid::Skip, ..Default::default() };
    let p = plan("goods.Goods.batchPush", vec![goods("G", 20), goods("G", 1)], &opts).unwrap();
    assert_eq!(p.invalid.len(), 1, "{:?}", p.invalid);
    assert_eq!((p.invalid[0].0, p.invalid[0].1[0].kind), (0, ErrorType::ItemTooLarge));
    assert_eq!(p.batches.len(), 1);
    assert_eq!(p.batches[0].indices(), [1]);
}
