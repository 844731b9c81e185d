//! What the implementation before the one walk (commit 72e69c3) answers for
//! each case of `cases.json`: how `records.json` was made. Kept for the
//! record; it builds against that commit's `skuwire` only (its API had
//! `parse_json_payload`, `validate_with_host_errors`, `plan_with_host_errors`).
//!
//!     mkdir old && git archive 72e69c3 core Cargo.toml Cargo.lock | tar -x -C old
//!     (a crate with `skuwire = { path = "old/core" }` and this file as main.rs)
//!     cargo run --release -- tests/golden/cases.json > tests/golden/records.json
//!
//! Each case gets `raw` (the call on the case's input) and, for plans,
//! `stripped` (the call on the input with every null object member taken
//! out: what the one walk sends, since a null member is never written — its
//! batches are what the new planner must produce).
use serde_json::{json, Map, Value};
use skuwire::*;

fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), strip(x))).collect::<Map<_, _>>()),
        Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
        other => other.clone(),
    }
}

fn err(e: Error) -> Value {
    match e {
        Error::Validation(v) => json!({"err": {"code": "validation", "op": v.op, "records": v.errors}}),
        other => json!({"err": {"code": other.code().name(), "msg": other.to_string()}}),
    }
}

fn plan_result(r: Result<Plan, Error>) -> Value {
    match r {
        Ok(p) => json!({"ok": {
            "batches": p.batches.iter().map(|b| {
                let body: Value = serde_json::from_slice(&b.body_json()).unwrap();
                json!({"indices": b.indices(), "body": String::from_utf8(serde_json::to_vec(&strip(&body)).unwrap()).unwrap()})
            }).collect::<Vec<_>>(),
            "invalid": p.invalid.iter().map(|(i, e)| json!([i, e])).collect::<Vec<_>>(),
        }}),
        Err(e) => err(e),
    }
}

fn options(o: &Value) -> PlanOptions {
    PlanOptions {
        max_items: o.get("max_items").and_then(Value::as_u64).map(|n| n as usize),
        max_body_bytes: o.get("max_body_bytes").and_then(Value::as_u64).map(|n| n as usize),
        strict: o.get("strict").and_then(Value::as_bool).unwrap_or(false),
        on_invalid: OnInvalid::from_name(o.get("on_invalid").and_then(Value::as_str).unwrap_or("raise")).unwrap(),
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("cases.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for c in doc["cases"].as_array().unwrap() {
        let op = c["op"].as_str().unwrap();
        let strict = c.get("strict").and_then(Value::as_bool).unwrap_or(false);
        let text = c.get("text").and_then(Value::as_str).map(|t| t.as_bytes().to_vec());
        let r = match c["call"].as_str().unwrap() {
            "validate" => {
                let raw = match &text {
                    Some(t) => match parse_json_payload(t) {
                        Err(rec) => Ok(vec![rec]),
                        Ok((is_list, items)) => {
                            let (values, host): (Vec<Value>, Vec<Vec<ErrorRecord>>) = items.into_iter().unzip();
                            let payload = if is_list { Value::Array(values) } else { values.into_iter().next().unwrap() };
                            validate_with_host_errors(op, &payload, strict, host.into_iter().flatten().collect())
                        }
                    },
                    None => validate(op, &c["payload"], strict),
                };
                json!({"raw": raw.map(|r| json!({"ok": r})).unwrap_or_else(err)})
            }
            "plan" => {
                let opts = options(&c["options"]);
                let run = |stripped: bool| -> Value {
                    let items: Vec<HostItem> = match &text {
                        Some(t) => match parse_json_items(t) {
                            Ok(items) => items.into_iter().map(|(v, h)| (if stripped { strip(&v) } else { v }, h)).collect(),
                            Err(rec) => return err(ValidationErrors { op: op.into(), errors: vec![rec] }.into()),
                        },
                        None => c["payload"].as_array().unwrap().iter().map(|v| (if stripped { strip(v) } else { v.clone() }, Vec::new())).collect(),
                    };
                    plan_result(plan_with_host_errors(op, items, &opts))
                };
                json!({"raw": run(false), "stripped": run(true)})
            }
            other => panic!("{other}"),
        };
        out.push(r);
    }
    println!("{}", serde_json::to_string(&json!({"from": "72e69c3", "results": out})).unwrap());
}
