//! The shared test vectors (`tests/vectors/*.json`), kinds `validate` and
//! `plan`, run through the package's public functions with real JS values
//! (`JSON.parse` of the case's input, so numbers are JS numbers).
//!
//! build.rs writes one test per vector file; kinds this package cannot run by
//! design (`sign`, `parse`) are listed in `SKIPPED_BY_DESIGN`, any other kind
//! fails its test.

use serde_json::Value;
use skuwire_wasm::convert::{to_js, Json};
use skuwire_wasm::plan::{plan, validate};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

include!(concat!(env!("OUT_DIR"), "/vector_tests.rs"));

/// JSON text → a JS value, as a page would have it.
fn js(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).expect("vector JSON parses in JS")
}

/// A JS value → JSON, to compare.
fn back(v: &JsValue) -> Value {
    let text: String = js_sys::JSON::stringify(v).expect("stringify").into();
    serde_json::from_str(&text).expect("JSON from JS")
}

/// An expected value as this package outputs it (safe integers as numbers,
/// other numbers as exact decimal strings).
fn as_output(v: &Value) -> Value {
    back(&to_js(&Json(v)).expect("to_js"))
}

fn run_vector(name: &str, text: &str) {
    let case: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: bad JSON: {e}"));
    match case["kind"].as_str() {
        Some("validate") => run_validate(name, &case),
        Some("plan") => run_plan(name, &case),
        other => panic!("{name}: unknown vector kind {other:?}: teach bindings-wasm/tests/vectors.rs (or build.rs NOT_IN_BROWSER) about it"),
    }
}

fn check_records(name: &str, got: &[Value], want: &[Value]) {
    assert_eq!(got.len(), want.len(), "{name}: error count; got {got:#?}");
    for (g, w) in got.iter().zip(want) {
        let keys: Vec<&str> = g.as_object().expect("record is an object").keys().map(String::as_str).collect();
        assert_eq!(keys, ["type", "loc", "msg", "msg_zh", "input", "ctx"], "{name}: record shape");
        for key in w.as_object().expect("expected record is an object").keys() {
            assert!(["type", "loc", "ctx", "msg", "msg_zh"].contains(&key.as_str()), "{name}: unknown expected key {key}");
        }
        for key in ["type", "loc", "msg", "msg_zh"] {
            if let Some(wv) = w.get(key) {
                assert_eq!(&g[key], wv, "{name}: {key} of {g}");
            }
        }
        // ctx is compared exactly when the vector gives it.
        if let Some(wctx) = w.get("ctx") {
            assert_eq!(g["ctx"], as_output(wctx), "{name}: ctx of {g}");
        }
    }
}

fn run_validate(name: &str, case: &Value) {
    let strict = case.get("strict").and_then(Value::as_bool).unwrap_or(false);
    let options = js(&serde_json::json!({ "strict": strict }));
    let out = validate(JsValue::from_str(case["op"].as_str().expect("op")), js(&case["payload"]), Some(options))
        .unwrap_or_else(|e| panic!("{name}: validate threw {:?}", back(&e)));
    let got = back(&out);
    let want = case["expected"]["errors"].as_array().expect("expected.errors");
    for key in case["expected"].as_object().expect("expected is an object").keys() {
        assert!(key == "errors", "{name}: unknown expected key {key}");
    }
    check_records(name, got.as_array().expect("an array of records"), want);
}

fn run_plan(name: &str, case: &Value) {
    let e = &case["expected"];
    for key in e.as_object().expect("expected is an object").keys() {
        assert!(["batches", "invalid", "error_types"].contains(&key.as_str()), "{name}: unknown expected key {key}");
    }
    // The vector format spells options as in Python (`max_items`); JS spells them camelCase.
    let options = case.get("options").map(|o| js(&camel_keys(o)));
    let result = plan(JsValue::from_str(case["op"].as_str().expect("op")), js(&case["items"]), options);
    match result {
        Err(err) => {
            assert!(skuwire_wasm::error::is_skuwire_error(err.clone()), "{name}: threw a non-SkuwireError");
            let err = back_error(&err);
            let want = e["error_types"].as_array().unwrap_or_else(|| panic!("{name}: unexpected failure {err}"));
            assert_eq!(err["code"], "validation", "{name}");
            assert_eq!(err["name"], "ValidationError", "{name}");
            let got: Vec<&Value> = err["errors"].as_array().expect("errors").iter().map(|r| &r["type"]).collect();
            assert_eq!(got, want.iter().collect::<Vec<_>>(), "{name}: error types");
        }
        Ok(out) => {
            assert!(e.get("error_types").is_none(), "{name}: the plan should have failed");
            let got = back(&out);
            let batches = got["batches"].as_array().expect("batches");
            let want = e["batches"].as_array().expect("expected.batches");
            assert_eq!(batches.len(), want.len(), "{name}: batch count");
            for (b, w) in batches.iter().zip(want) {
                assert_eq!(b["indices"], w["indices"], "{name}: indices");
                assert_eq!(b["body"], w["body"], "{name}: body");
                assert_eq!(b["op"], case["op"], "{name}: op");
                // The payload is the body, as JSON.
                let body: Value = serde_json::from_str(b["body"].as_str().expect("body text")).expect("body is JSON");
                assert_eq!(b["payload"], as_output(&body), "{name}: payload");
            }
            let invalid = got["invalid"].as_array().expect("invalid");
            let want_inv = e.get("invalid").and_then(Value::as_array).cloned().unwrap_or_default();
            assert_eq!(invalid.len(), want_inv.len(), "{name}: invalid count");
            for (g, w) in invalid.iter().zip(&want_inv) {
                assert_eq!(g["index"], w["index"], "{name}: invalid index");
                let types: Vec<&Value> = g["errors"].as_array().expect("errors").iter().map(|r| &r["type"]).collect();
                assert_eq!(types, w["types"].as_array().expect("types").iter().collect::<Vec<_>>(), "{name}: invalid types");
            }
        }
    }
}

fn camel_keys(v: &Value) -> Value {
    let Some(map) = v.as_object() else { return v.clone() };
    let camel = |k: &str| {
        let mut out = String::new();
        let mut up = false;
        for c in k.chars() {
            if c == '_' {
                up = true;
            } else {
                out.extend(if up { c.to_uppercase().collect::<Vec<_>>() } else { vec![c] });
                up = false;
            }
        }
        out
    };
    Value::Object(map.iter().map(|(k, v)| (camel(k), v.clone())).collect())
}

/// A thrown SkuwireError's own fields (`JSON.stringify` skips `message`).
fn back_error(err: &JsValue) -> Value {
    let obj = js_sys::Object::new();
    for key in ["name", "message", "code", "msgZh", "op", "errors"] {
        if let Ok(v) = js_sys::Reflect::get(err, &JsValue::from_str(key)) {
            let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(key), &v);
        }
    }
    back(&obj.into())
}

#[wasm_bindgen_test]
fn vectors_were_found() {
    // A wrong path or an empty folder would otherwise leave this suite green
    // with nothing run.
    let generated = include_str!(concat!(env!("OUT_DIR"), "/vector_tests.rs"));
    assert!(VECTOR_FILES >= 20, "only {VECTOR_FILES} vector files");
    for kind in ["validate", "plan"] {
        assert!(generated.contains(&format!("fn vector_{kind}_")), "no `{kind}_*` vector file was turned into a test");
    }
}
