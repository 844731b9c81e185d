//! Runs every shared vector in `tests/vectors/` through the core's public API.
//! The same files are run by the Python, Node and wasm suites.

use base64::Engine;
use serde_json::{json, Map, Value};
use skuwire::*;
use std::path::PathBuf;

fn vector_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn load() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(vector_dir()).expect("tests/vectors exists") {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), v));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 40, "expected the shared vectors, found {}", out.len());
    out
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_else(|| panic!("missing string {k}"))
}

fn opts_of(v: Option<&Value>) -> PlanOptions {
    let mut o = PlanOptions::default();
    if let Some(v) = v {
        o.max_items = v.get("max_items").and_then(Value::as_u64).map(|n| n as usize);
        o.max_body_bytes = v.get("max_body_bytes").and_then(Value::as_u64).map(|n| n as usize);
        o.strict = v.get("strict").and_then(Value::as_bool).unwrap_or(false);
        if let Some(m) = v.get("on_invalid").and_then(Value::as_str) {
            o.on_invalid = OnInvalid::from_name(m).unwrap();
        }
    }
    o
}

fn one_batch(case: &Value) -> Batch {
    match case.get("op").and_then(Value::as_str) {
        Some(op) => {
            let items = case["items"].as_array().unwrap().clone();
            let n = items.len();
            let mut p = plan(op, items, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(p.batches.len(), 1, "vector items must plan into one batch");
            let b = p.batches.remove(0);
            assert_eq!(b.indices(), (0..n).collect::<Vec<_>>().as_slice());
            b
        }
        None => {
            let platform = Platform::from_name(s(case, "platform")).unwrap();
            let payload = case.get("payload").cloned().unwrap_or_else(|| match platform {
                Platform::Flagship => json!([]),
                _ => json!({}),
            });
            Batch::call(platform, s(case, "method"), payload).unwrap()
        }
    }
}

fn client_of(name: &str, case: &Value) -> Client {
    let c = &case["credentials"];
    let base = s(case, "base_url");
    match s(case, "platform") {
        "flagship" => Flagship::new(s(c, "sid"), s(c, "appkey"), s(c, "appsecret"), base).unwrap().into(),
        "enterprise" => Enterprise::new(s(c, "sid"), s(c, "appkey"), s(c, "appsecret"), base).unwrap().into(),
        "ymcart" => {
            let mut y = Ymcart::new(s(c, "token"), base).unwrap();
            if let Some(opts) = case.get("client_options").and_then(|o| o.get("update_options")) {
                y = y.with_update_options(opts).unwrap();
            }
            y.into()
        }
        p => panic!("{name}: unknown platform {p}"),
    }
}

fn run_sign(name: &str, case: &Value) {
    let client = client_of(name, case);
    let batch = one_batch(case);
    let ts = case.get("timestamp").and_then(Value::as_i64);
    let req = match (&client, case.get("pager")) {
        (Client::Flagship(f), Some(p)) => f
            .sign_paged(
                &batch,
                ts,
                Some(Pager {
                    page_no: p["page_no"].as_u64().unwrap() as u32,
                    page_size: p["page_size"].as_u64().unwrap() as u32,
                    calc_total: p["calc_total"].as_bool().unwrap(),
                }),
            )
            .unwrap(),
        _ => client.sign(&batch, ts).unwrap(),
    };
    check_request(name, case, &client, &req);
}

/// A query plan's first request.
fn run_query(name: &str, case: &Value) {
    let client = client_of(name, case);
    let options = QueryOptions {
        page_size: case.get("options").and_then(|o| o.get("page_size")).and_then(Value::as_u64).map(|n| n as u32),
        ..QueryOptions::default()
    };
    let mut plan = QueryPlan::new(s(case, "op"), case["params"].clone(), &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let req = plan.next_request(&client, case.get("timestamp").and_then(Value::as_i64)).unwrap().expect("a first request");
    check_request(name, case, &client, &req);
}

fn check_request(name: &str, case: &Value, client: &Client, req: &Request) {
    let c = &case["credentials"];
    let e = &case["expected"];
    for key in e.as_object().unwrap().keys() {
        assert!(
            ["method", "url", "body", "sign", "wire_timestamp", "string_to_sign", "sorted_params", "headers"].contains(&key.as_str()),
            "{name}: unknown expected key {key}"
        );
    }
    let check = |key: &str, got: Value| {
        if let Some(want) = e.get(key) {
            assert_eq!(&got, want, "{name}: {key}");
        }
    };
    check("method", json!(req.method));
    check("url", json!(req.url));
    check("body", json!(String::from_utf8(req.body.clone()).unwrap()));
    check("sign", json!(req.sign));
    check("wire_timestamp", json!(req.timestamp));
    check("string_to_sign", json!(req.string_to_sign()));
    check("sorted_params", json!(req.sorted_params()));
    let headers: Map<String, Value> = req.headers.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    check("headers", Value::Object(headers));
    // Whatever else a vector pins, no secret may show in the debugging views.
    let secrets: Vec<&str> = match s(case, "platform") {
        "flagship" => {
            let (secret, salt) = s(c, "appsecret").split_once(':').unwrap();
            vec![secret, salt]
        }
        "enterprise" => vec![s(c, "appsecret")],
        _ => vec![s(c, "token")],
    };
    for secret in secrets {
        assert!(!req.string_to_sign().contains(secret), "{name}: secret in string_to_sign");
        assert!(!format!("{req:?}").contains(secret), "{name}: secret in Debug");
        assert!(!format!("{client:?}").contains(secret), "{name}: secret in client Debug");
    }
}

fn run_validate(name: &str, case: &Value) {
    let strict = case.get("strict").and_then(Value::as_bool).unwrap_or(false);
    let errors = validate(s(case, "op"), &case["payload"], strict).unwrap();
    let want = case["expected"]["errors"].as_array().unwrap();
    let got: Vec<Value> = errors.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
    assert_eq!(got.len(), want.len(), "{name}: error count; got {got:#?}");
    for (g, w) in got.iter().zip(want) {
        for key in w.as_object().unwrap().keys() {
            assert!(["type", "loc", "ctx", "msg", "msg_zh"].contains(&key.as_str()), "{name}: unknown expected key {key}");
        }
        // ctx too is compared exactly when the vector gives it.
        for key in ["type", "loc", "ctx", "msg", "msg_zh"] {
            if let Some(wv) = w.get(key) {
                assert_eq!(&g[key], wv, "{name}: {key} of {g}");
            }
        }
        for key in ["type", "loc", "msg", "msg_zh", "input", "ctx"] {
            assert!(g.get(key).is_some(), "{name}: record lacks {key}");
        }
    }
}

fn run_plan(name: &str, case: &Value) {
    let opts = opts_of(case.get("options"));
    let items = case["items"].as_array().unwrap().clone();
    let e = &case["expected"];
    match plan(s(case, "op"), items, &opts) {
        Err(Error::Validation(v)) => {
            let want: Vec<&str> = e["error_types"].as_array().unwrap_or_else(|| panic!("{name}: unexpected failure {v}")).iter().map(|t| t.as_str().unwrap()).collect();
            let got: Vec<&str> = v.errors.iter().map(|r| r.kind.name()).collect();
            assert_eq!(got, want, "{name}");
        }
        Err(other) => panic!("{name}: {other}"),
        Ok(p) => {
            assert!(e.get("error_types").is_none(), "{name}: plan should have failed");
            let want = e["batches"].as_array().unwrap();
            assert_eq!(p.batches.len(), want.len(), "{name}: batch count");
            for (b, w) in p.batches.iter().zip(want) {
                assert_eq!(json!(b.indices()), w["indices"], "{name}: indices");
                assert_eq!(String::from_utf8(b.body_json()).unwrap(), s(w, "body"), "{name}: body");
            }
            let want_inv = e.get("invalid").and_then(Value::as_array).cloned().unwrap_or_default();
            assert_eq!(p.invalid.len(), want_inv.len(), "{name}: invalid count");
            for ((idx, errs), w) in p.invalid.iter().zip(&want_inv) {
                assert_eq!(json!(idx), w["index"], "{name}");
                let types: Vec<&str> = errs.iter().map(|r| r.kind.name()).collect();
                assert_eq!(json!(types), w["types"], "{name}");
            }
        }
    }
}

fn run_parse(name: &str, case: &Value) {
    let batch = one_batch(case);
    let r = &case["response"];
    let body = match (r.get("body"), r.get("body_base64")) {
        (Some(Value::String(t)), _) => t.as_bytes().to_vec(),
        (_, Some(Value::String(b))) => base64::engine::general_purpose::STANDARD.decode(b).unwrap(),
        _ => panic!("{name}: response needs body or body_base64"),
    };
    let o = batch.parse(r["status"].as_u64().unwrap() as u16, &body);
    let got = serde_json::to_value(&o).unwrap();
    let e = case["expected"].as_object().unwrap();
    for (k, want) in e {
        let g = got.get(k).unwrap_or_else(|| panic!("{name}: outcome has no {k}"));
        assert_eq!(g, want, "{name}: {k}; outcome {got:#}");
    }
    // Every position in one list at most; without retry advice, in exactly
    // one of accepted, rejected and unknown.
    // (An item may be rejected by several lines of one answer.)
    let mut rejected: Vec<usize> = o.rejected.iter().filter_map(|r| r.index).collect();
    rejected.sort_unstable();
    rejected.dedup();
    let mut covered: Vec<usize> = o.accepted.clone();
    covered.extend(rejected);
    covered.extend(&o.unknown);
    covered.sort_unstable();
    let n = covered.len();
    covered.dedup();
    assert_eq!(covered.len(), n, "{name}: a position is in two of accepted, rejected, unknown");
    if o.retry == Retry::No {
        assert_eq!(covered, batch.indices(), "{name}: accepted ∪ rejected ∪ unknown must cover the batch");
    }
}

#[test]
fn every_shared_vector_passes() {
    let mut counts = std::collections::BTreeMap::new();
    for (name, case) in load() {
        let kind = s(&case, "kind").to_owned();
        match kind.as_str() {
            "sign" => run_sign(&name, &case),
            "validate" => run_validate(&name, &case),
            "plan" => run_plan(&name, &case),
            "parse" => run_parse(&name, &case),
            "query" => run_query(&name, &case),
            other => panic!("{name}: unknown kind {other}"),
        }
        *counts.entry(kind).or_insert(0) += 1;
    }
    eprintln!("vectors by kind: {counts:?}");
}

#[test]
fn the_long_enterprise_vector_really_is_long() {
    // The ≥ 10,000-character value pins `%04d` as a minimum width and code-point counting.
    let (_, v) = load().into_iter().find(|(_, v)| v["name"] == "enterprise_sign_long_value").unwrap();
    let long = v["payload"]["goods_list"].as_str().unwrap();
    assert!(long.chars().count() >= 10_000);
    assert!(long.len() > long.chars().count(), "multi-byte characters, so bytes ≠ code points");
    assert!(s(&v["expected"], "string_to_sign").contains(":12345-"));
}
