//! The boundary: a panic inside an entry point becomes a thrown
//! `SkuwireError` (code `internal`) and the module keeps working.
//! Needs the unwinding build (`SKUWIRE_WASM_PANIC=unwind`, the default).

use skuwire_wasm::error::{guard, is_skuwire_error};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn a_panic_becomes_a_skuwire_error_and_the_next_call_works() {
    let err = guard(|| -> Result<(), JsValue> { panic!("boom {}", 7) }).unwrap_err();
    assert!(is_skuwire_error(err.clone()));
    assert_eq!(get(&err, "code"), "internal");
    assert!(get(&err, "message").as_string().unwrap().contains("boom 7"));
    assert!(get(&err, "msgZh").as_string().unwrap().contains("boom 7"));
    // The instance is intact: a normal call succeeds right after.
    let payload = js_sys::JSON::parse(r#"{"goods_no":"G1","goods_name":"杯","spec_list":[{"spec_no":"G1-1"}]}"#).unwrap();
    let out = skuwire_wasm::plan::validate(JsValue::from_str("goods.Goods.batchPush"), payload, None).unwrap();
    assert_eq!(js_sys::Array::from(&out).length(), 0);
}

#[wasm_bindgen_test]
fn core_errors_are_thrown_as_skuwire_errors() {
    let err = skuwire_wasm::plan::plan(JsValue::from_str("goods.Goods.nope"), js_sys::Array::new().into(), None).unwrap_err();
    assert!(is_skuwire_error(err.clone()));
    assert_eq!(get(&err, "name"), "SkuwireError");
    assert_eq!(get(&err, "code"), "unknown_operation");
    assert!(err.is_instance_of::<js_sys::Error>());
    // A plain JS error is not one of ours, even when named like ours.
    assert!(!is_skuwire_error(js_sys::Error::new("x").into()));
    let lookalike = js_sys::Error::new("x");
    lookalike.set_name("ValidationError");
    assert!(!is_skuwire_error(lookalike.into()));
}
