//! Runs the YMCart vectors (`tests/vectors/ymcart_*.json`, written by
//! `tests/vectors/ymcart_vectors.py` independently of skuwire) through the
//! public API.

use serde_json::{json, Value};
use skuwire::*;
use std::path::PathBuf;

fn vectors() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/vectors exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("ymcart_") && name.ends_with(".json") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((name, serde_json::from_str(&text).unwrap()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn one_batch(op: &str, items: &Value) -> Batch {
    let plan = plan(op, items.as_array().unwrap().clone(), &PlanOptions::default()).unwrap();
    assert_eq!(plan.batches.len(), 1, "{op}: expected one batch");
    plan.batches.into_iter().next().unwrap()
}

fn run_sign(name: &str, v: &Value) {
    let exp = &v["expected"];
    let mut client = Ymcart::new(v["credentials"]["token"].as_str().unwrap(), v["base_url"].as_str().unwrap()).unwrap();
    if let Some(o) = v.get("client_options").and_then(|c| c.get("update_options")) {
        client = client.with_update_options(o).unwrap();
    }
    let batch = match v["op"].as_str() {
        Some(op) => one_batch(op, &v["items"]),
        None => Batch::call(Platform::Ymcart, v["method"].as_str().unwrap(), v["payload"].clone()).unwrap(),
    };
    let r = client.sign(&batch, v["timestamp"].as_i64()).unwrap();
    assert_eq!(r.method, exp["method"], "{name}: method");
    assert_eq!(r.url, exp["url"], "{name}: url");
    let headers: serde_json::Map<String, Value> = r.headers.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    assert_eq!(Value::Object(headers), exp["headers"], "{name}: headers");
    assert_eq!(String::from_utf8(r.body.clone()).unwrap(), exp["body"], "{name}: body");
    assert_eq!(r.sign, exp["sign"], "{name}: sign");
    assert_eq!(r.string_to_sign(), exp["string_to_sign"], "{name}: string_to_sign");
    assert_eq!(r.timestamp, exp["wire_timestamp"].as_i64().unwrap(), "{name}: wire_timestamp");
    let token = v["credentials"]["token"].as_str().unwrap();
    assert!(!format!("{r:?}").contains(token), "{name}: token in Debug");
}

fn run_validate(name: &str, v: &Value) {
    let errors = validate(v["op"].as_str().unwrap(), &v["payload"], v["strict"].as_bool().unwrap_or(false)).unwrap();
    let expected = v["expected"]["errors"].as_array().unwrap();
    let got: Vec<Value> = errors.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
    assert_eq!(got.len(), expected.len(), "{name}: {got:#?}");
    for (g, x) in got.iter().zip(expected) {
        for field in ["type", "loc", "ctx", "msg", "msg_zh"] {
            if let Some(want) = x.get(field) {
                assert_eq!(&g[field], want, "{name}: {field} of {g}");
            }
        }
    }
}

fn run_parse(name: &str, v: &Value) {
    let batch = one_batch(v["op"].as_str().unwrap(), &v["items"]);
    let resp = &v["response"];
    let o = batch.parse(resp["status"].as_u64().unwrap() as u16, resp["body"].as_str().unwrap().as_bytes());
    let got = serde_json::to_value(&o).unwrap();
    let exp = v["expected"].as_object().unwrap();
    for (k, want) in exp {
        assert_eq!(&got[k.as_str()], want, "{name}: {k} in {got:#}");
    }
}

#[test]
fn ymcart_vectors() {
    let all = vectors();
    assert!(all.len() >= 15, "expected the YMCart vectors, found {}", all.len());
    let mut kinds = std::collections::BTreeMap::new();
    for (name, v) in &all {
        match v["kind"].as_str().unwrap() {
            "sign" => run_sign(name, v),
            "validate" => run_validate(name, v),
            "parse" => run_parse(name, v),
            other => panic!("{name}: unknown kind {other}"),
        }
        *kinds.entry(v["kind"].as_str().unwrap().to_owned()).or_insert(0) += 1;
    }
    assert_eq!(kinds.len(), 3, "{kinds:?}");
}
