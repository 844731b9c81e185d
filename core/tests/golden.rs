//! The one walk answers what the implementation before it answered.
//!
//! `tests/golden/cases.json` (1,400+ validate and plan calls over values and
//! JSON text, made by `make_cases.py` from every item of the vectors and the
//! hostile corpus plus seeded mutations) and `tests/golden/records.json`
//! (what commit 72e69c3 — validation over a `serde_json::Value` tree, then
//! a second walk writing the body — answered for each; `dump_old.rs`):
//! every error record must be byte-identical (as JSON: type, loc, msg,
//! msg_zh, input, ctx), every plan must leave out the same items with the
//! same records and fail with the same error, and every batch must hold the
//! same items and body — the body the old planner writes for the same items
//! with their null members taken out, since a field left out or null is
//! never sent.
//!
//! One intended difference is normalised: the `input` of a list-length
//! record (`too_short`, `too_long`) is the list as it is written, so its
//! items' null members are not in it.

use serde_json::{json, Map, Value};
use skuwire::*;
use std::path::PathBuf;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).expect("JSON")
}

fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), strip(x))).collect::<Map<_, _>>()),
        Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
        other => other.clone(),
    }
}

/// Records as JSON, with list-length records' input as written.
fn records(rs: &Value) -> Value {
    let Value::Array(rs) = rs else { return rs.clone() };
    Value::Array(
        rs.iter()
            .map(|r| match r["type"].as_str() {
                Some("too_short" | "too_long") => {
                    let mut r = r.clone();
                    r["input"] = strip(&r["input"]);
                    r
                }
                _ => r.clone(),
            })
            .collect(),
    )
}

fn err(e: Error) -> Value {
    match e {
        Error::Validation(v) => json!({"err": {"code": "validation", "op": v.op, "records": serde_json::to_value(&v.errors).unwrap()}}),
        other => json!({"err": {"code": other.code().name(), "msg": other.to_string()}}),
    }
}

fn normalise(result: &Value) -> Value {
    let mut r = result.clone();
    if let Some(recs) = r.pointer_mut("/err/records") {
        *recs = records(recs);
    }
    if let Some(Value::Array(ok)) = r.get_mut("ok") {
        for rec in ok.iter_mut() {
            *rec = records(&json!([rec.clone()]))[0].clone();
        }
    }
    if let Some(Value::Array(inv)) = r.pointer_mut("/ok/invalid") {
        for pair in inv.iter_mut() {
            pair[1] = records(&pair[1]);
        }
    }
    r
}

fn options(o: &Value) -> PlanOptions {
    PlanOptions {
        max_items: o.get("max_items").and_then(Value::as_u64).map(|n| n as usize),
        max_body_bytes: o.get("max_body_bytes").and_then(Value::as_u64).map(|n| n as usize),
        strict: o.get("strict").and_then(Value::as_bool).unwrap_or(false),
        on_invalid: OnInvalid::from_name(o.get("on_invalid").and_then(Value::as_str).unwrap_or("raise")).unwrap(),
        ..PlanOptions::default()
    }
}

fn plan_result(r: Result<Plan, Error>) -> Value {
    match r {
        Ok(p) => json!({"ok": {
            "batches": p.batches.iter().map(|b| json!({"indices": b.indices(), "body": String::from_utf8(b.body_json()).unwrap()})).collect::<Vec<_>>(),
            "invalid": p.invalid.iter().map(|(i, e)| json!([i, serde_json::to_value(e).unwrap()])).collect::<Vec<_>>(),
        }}),
        Err(e) => err(e),
    }
}

/// Records of a body-size limit depend on the items' written size, which
/// has no null members now: those come from the old planner's run on the
/// items without them; every other record from its run on the items as given.
fn merge_sizes(raw: &Value, stripped: &Value) -> Value {
    let too_large = |r: &Value| r["type"] == "item_too_large";
    let index = |r: &Value| r["loc"][0].as_u64().unwrap_or(0);
    let mut r = raw.clone();
    if let (Some(Value::Array(recs)), Some(Value::Array(s))) = (r.pointer_mut("/err/records"), stripped.pointer("/err/records")) {
        recs.retain(|x| !too_large(x));
        recs.extend(s.iter().filter(|x| too_large(x)).cloned());
        recs.sort_by_key(index);
    }
    if let (Some(Value::Array(inv)), Some(Value::Array(s))) = (r.pointer_mut("/ok/invalid"), stripped.pointer("/ok/invalid")) {
        let only_size = |p: &Value| p[1].as_array().is_some_and(|a| a.len() == 1 && too_large(&a[0]));
        inv.retain(|p| !only_size(p));
        inv.extend(s.iter().filter(|p| only_size(p)).cloned());
        inv.sort_by_key(|p| p[0].as_u64());
    }
    r
}

fn invalid_indices(r: &Value) -> Option<Vec<u64>> {
    r.pointer("/ok/invalid").and_then(Value::as_array).map(|a| a.iter().map(|p| p[0].as_u64().unwrap()).collect())
}

#[test]
fn every_record_and_batch_is_what_the_previous_implementation_gave() {
    let cases = load("cases.json");
    let golden = load("records.json");
    let (cases, golden) = (cases["cases"].as_array().unwrap(), golden["results"].as_array().unwrap());
    assert_eq!(cases.len(), golden.len(), "records.json is not of this cases.json");
    assert!(cases.len() > 1000);
    let (mut mismatches, mut batches_compared) = (Vec::new(), 0);
    for (n, (c, want)) in cases.iter().zip(golden).enumerate() {
        let op = c["op"].as_str().unwrap();
        let text = c.get("text").and_then(Value::as_str).map(|t| t.as_bytes().to_vec());
        match c["call"].as_str().unwrap() {
            "validate" => {
                let strict = c["strict"].as_bool().unwrap_or(false);
                let got = match &text {
                    Some(t) => validate_json(op, t, strict),
                    None => validate(op, &c["payload"], strict),
                };
                let got = normalise(&got.map(|r| json!({"ok": serde_json::to_value(r).unwrap()})).unwrap_or_else(err));
                if got != normalise(&want["raw"]) {
                    mismatches.push(format!("case {n} ({op} validate): got {got}\n   want {}", normalise(&want["raw"])));
                }
            }
            "plan" => {
                let opts = options(&c["options"]);
                let got = match &text {
                    Some(t) => plan_json(op, t, &opts),
                    None => plan_values(op, c["payload"].as_array().unwrap(), &opts),
                };
                let got = normalise(&plan_result(got));
                let stripped = &want["stripped"];
                let raw = merge_sizes(&normalise(&want["raw"]), &normalise(stripped));
                // Records and the items left out: as the raw input gave them.
                let same_records = match (got.get("err"), raw.get("err")) {
                    (Some(g), Some(w)) => g == w,
                    (None, None) => got.pointer("/ok/invalid") == raw.pointer("/ok/invalid"),
                    _ => false,
                };
                if !same_records {
                    mismatches.push(format!("case {n} ({op} plan): got {got}\n   want {raw}"));
                    continue;
                }
                // Batches: as the old planner made them of the items without
                // their null members, when that left out the same items.
                if got.get("ok").is_some() && invalid_indices(stripped) == invalid_indices(&got) {
                    batches_compared += 1;
                    if got.pointer("/ok/batches") != stripped.pointer("/ok/batches") {
                        mismatches.push(format!("case {n} ({op} plan batches): got {}\n   want {}", got["ok"]["batches"], stripped["ok"]["batches"]));
                    }
                }
            }
            other => panic!("{other}"),
        }
    }
    assert!(mismatches.is_empty(), "{} of {} cases differ:\n{}", mismatches.len(), cases.len(), mismatches.iter().take(12).cloned().collect::<Vec<_>>().join("\n"));
    assert!(batches_compared > 300, "only {batches_compared} plans had their batches compared");
}
