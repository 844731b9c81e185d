//! Runs every enterprise signing vector in `tests/vectors/` (kind `sign`,
//! platform `enterprise`; written by `enterprise_vectors.py`, whose
//! expectations come from Python's hashlib, not from skuwire).

#![cfg(feature = "sign")]

use serde_json::{Map, Value};
use skuwire::*;
use std::path::PathBuf;

fn vectors() -> Vec<(PathBuf, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/vectors exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            if v["kind"] == "sign" && v["platform"] == "enterprise" {
                out.push((path, v));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn enterprise_signing_vectors() {
    let all = vectors();
    let names: Vec<&str> = all.iter().map(|(_, v)| s(&v["name"])).collect();
    for needed in ["enterprise_sign_vendor_guide", "enterprise_sign_chinese", "enterprise_sign_emoji", "enterprise_sign_long_value"] {
        assert!(names.contains(&needed), "missing vector {needed}");
    }
    for (path, v) in &all {
        let c = &v["credentials"];
        let client = Enterprise::new(s(&c["sid"]), s(&c["appkey"]), s(&c["appsecret"]), s(&v["base_url"])).unwrap();
        assert!(v["op"].is_null(), "{}: only generic calls are supported here", path.display());
        let batch = Batch::call(Platform::Enterprise, s(&v["method"]), v["payload"].clone()).unwrap();
        let r = client.sign(&batch, v["timestamp"].as_i64()).unwrap();
        let e = &v["expected"];
        let name = path.display();
        assert_eq!(r.timestamp, e["wire_timestamp"].as_i64().unwrap(), "{name}");
        let sorted: Vec<Value> = r.sorted_params().into_iter().map(|(k, v)| Value::from(vec![k, v])).collect();
        assert_eq!(Value::from(sorted), e["sorted_params"], "{name}");
        assert_eq!(r.string_to_sign(), s(&e["string_to_sign"]), "{name}");
        assert_eq!(r.sign, s(&e["sign"]), "{name}");
        assert_eq!(r.method, s(&e["method"]), "{name}");
        assert_eq!(r.url, s(&e["url"]), "{name}");
        let headers: Map<String, Value> = r.headers.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
        assert_eq!(Value::Object(headers), e["headers"], "{name}");
        assert_eq!(String::from_utf8(r.body.clone()).unwrap(), s(&e["body"]), "{name}");
        // The appsecret never shows.
        assert!(!format!("{r:?}").contains(s(&c["appsecret"])), "{name}");
        assert!(!r.string_to_sign().contains(s(&c["appsecret"])), "{name}");
    }
}

#[test]
fn the_long_vector_really_is_long() {
    let (_, v) = vectors().into_iter().find(|(_, v)| v["name"] == "enterprise_sign_long_value").unwrap();
    let long = v["payload"]["goods_list"].as_str().unwrap();
    assert!(long.chars().count() >= 10_000);
    assert!(long.len() > long.chars().count(), "multi-byte characters, so bytes ≠ code points");
    assert!(s(&v["expected"]["string_to_sign"]).contains(":12345-"));
}
