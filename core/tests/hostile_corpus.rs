//! The shared hostile-input corpus (`tests/hostile/corpus.json`) through the
//! core directly: every case that JSON can express (values built as
//! `serde_json::Value`, JSON text through the hosts' own text path,
//! `validate_json`/`plan_json`) must end in records, an `Error`
//! or an `Outcome` of the expected kind — never a panic or a hang. Host-only
//! values (NaN, lone surrogates, host types) are skipped with the corpus's
//! reason. Then secrets in every Debug/Display form, and a sweep for panics.

use serde_json::{json, Map, Number, Value};
use skuwire::*;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

const HOST: &str = "rust";

/// Cases the core gets wrong today: each must still fail (a fix makes this
/// test fail until the entry is removed).
/// Cases that fail today because of a known bug (none: all four found were fixed).
const KNOWN_BUGS: &[(&str, &str)] = &[];

fn corpus() -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile/corpus.json");
    let text = std::fs::read_to_string(&path).expect("tests/hostile/corpus.json");
    let doc: Value = serde_json::from_str(&text).expect("the corpus is JSON");
    doc["cases"].as_array().expect("cases").clone()
}

/// A corpus value, or a reason it has no `serde_json::Value` form.
fn expand(node: &Value) -> Result<Value, String> {
    match node {
        Value::Array(items) => items.iter().map(expand).collect::<Result<Vec<_>, _>>().map(Value::Array),
        Value::Object(map) if map.keys().any(|k| k.starts_with('$')) => directive(map),
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(k.clone(), expand(v)?);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

fn number(text: &str) -> Value {
    Value::Number(text.parse::<Number>().unwrap_or_else(|e| panic!("{text}: {e}")))
}

fn fill(tpl: &Value, i: usize) -> Value {
    match tpl {
        Value::String(s) => Value::String(s.replace("{i}", &i.to_string())),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, i)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), fill(v, i))).collect()),
        other => other.clone(),
    }
}

fn directive(map: &Map<String, Value>) -> Result<Value, String> {
    let text = |k: &str| map[k].as_str().unwrap_or_else(|| panic!("{k} takes text")).to_owned();
    if map.contains_key("$nan") || map.contains_key("$inf") || map.contains_key("$lone_surrogate") {
        return Err("no serde_json::Value holds it".into());
    }
    if map.contains_key("$neg_zero") {
        return Ok(number("-0"));
    }
    for k in ["$decimal", "$float", "$bigint"] {
        if map.contains_key(k) {
            return Ok(number(&text(k)));
        }
    }
    if let Some(s) = map.get("$repeat") {
        let s = expand(s)?;
        return Ok(Value::String(s.as_str().expect("repeat text").repeat(map["times"].as_u64().expect("times") as usize)));
    }
    if let Some(v) = map.get("$value") {
        return expand(v);
    }
    if let Some(pairs) = map.get("$object") {
        let mut out = Map::new();
        for p in pairs.as_array().expect("pairs") {
            let k = expand(&p[0])?;
            out.insert(k.as_str().expect("a text key").to_owned(), expand(&p[1])?);
        }
        return Ok(Value::Object(out));
    }
    if let Some(n) = map.get("$items") {
        let at = map.get("at").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut out = Vec::new();
        for i in 0..n.as_u64().expect("count") as usize {
            out.push(match at.get(&i.to_string()) {
                Some(v) => expand(v)?,
                None => fill(&map["template"], i),
            });
        }
        for v in map.get("then").and_then(Value::as_array).into_iter().flatten() {
            out.push(expand(v)?);
        }
        return Ok(Value::Array(out));
    }
    Err(format!("a directive this runner does not build as a value: {:?}", map.keys().collect::<Vec<_>>()))
}

/// Text or bytes (`$concat`, `$repeat`, `$hex`) as bytes.
fn bytes_of(node: &Value) -> Vec<u8> {
    match node {
        Value::String(s) => s.clone().into_bytes(),
        Value::Object(m) if m.contains_key("$hex") => {
            let h = m["$hex"].as_str().expect("hex");
            (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex digits")).collect()
        }
        Value::Object(m) if m.contains_key("$concat") => m["$concat"].as_array().expect("parts").iter().flat_map(bytes_of).collect(),
        Value::Object(m) if m.contains_key("$repeat") => {
            bytes_of(&m["$repeat"]).repeat(m["times"].as_u64().expect("times") as usize)
        }
        other => panic!("not text: {other}"),
    }
}

/// What the core did, as plain data.
#[derive(Debug)]
enum Seen {
    Records(Vec<ErrorRecord>),
    Error(Error),
    Plan(Plan),
    Outcome(Box<Outcome>),
}

fn plan_options(c: &Value) -> PlanOptions {
    let mut o = PlanOptions::default();
    if let Some(m) = c.get("on_invalid").and_then(Value::as_str) {
        o.on_invalid = OnInvalid::from_name(m).expect("raise or skip");
    }
    if let Some(n) = c.pointer("/options/max_body_bytes").and_then(Value::as_u64) {
        o.max_body_bytes = Some(n as usize);
    }
    o
}

fn run(c: &Value) -> Result<Seen, String> {
    let op = c["op"].as_str().expect("an operation name");
    let text = c.get("json").map(bytes_of);
    match c["call"].as_str().unwrap() {
        "validate" => match text {
            Some(t) => Ok(validate_json(op, &t, false).map_or_else(Seen::Error, Seen::Records)),
            None => Ok(validate(op, &expand(&c["input"])?, false).map_or_else(Seen::Error, Seen::Records)),
        },
        "plan" => match text {
            Some(t) => Ok(plan_json(op, &t, &plan_options(c)).map_or_else(Seen::Error, Seen::Plan)),
            None => Ok(plan_input(op, ValueInput::new(&expand(&c["input"])?), &plan_options(c)).map_or_else(Seen::Error, Seen::Plan)),
        },
        "query" => Ok(match QueryPlan::new(op, expand(&c["input"])?, &QueryOptions { dedup: true, ..QueryOptions::default() }) {
            Ok(mut q) => {
                assert!(q.next_batch().is_some());
                Seen::Records(Vec::new())
            }
            Err(e) => Seen::Error(e),
        }),
        "parse" => {
            let batch = match c.get("items") {
                Some(items) => {
                    let items = expand(items)?.as_array().expect("items").clone();
                    let mut p = plan(op, items, &PlanOptions::default()).expect("the items of a parse case are valid");
                    assert_eq!(p.batches.len(), 1);
                    p.batches.remove(0)
                }
                None => QueryPlan::new(op, expand(&c["params"])?, &QueryOptions::default()).expect("valid params").next_batch().expect("a batch"),
            };
            let status = u16::try_from(c["status"].as_u64().expect("an integer status")).expect("a u16 status");
            Ok(Seen::Outcome(Box::new(batch.parse(status, &bytes_of(&c["body"])))))
        }
        other => panic!("unknown call {other}"),
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
}

fn record_json(r: &ErrorRecord) -> Value {
    let v = serde_json::to_value(r).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["type", "loc", "msg", "msg_zh", "input", "ctx"]);
    assert!(!r.msg().is_empty() && has_cjk(&r.msg_zh()), "{v}");
    v
}

fn fits(r: &Value, w: &Value) -> bool {
    if let Some(w) = w.as_array() {
        return r["type"] == w[0] && r["loc"] == w[1];
    }
    let loc = r["loc"].as_array().unwrap();
    r["type"] == w["type"]
        && w.get("loc").is_none_or(|l| &r["loc"] == l)
        && w.get("loc_prefix").and_then(Value::as_array).is_none_or(|p| loc.len() >= p.len() && &loc[..p.len()] == p.as_slice())
        && w.get("loc_len").and_then(Value::as_u64).is_none_or(|n| loc.len() as u64 == n)
}

fn match_records(records: &[ErrorRecord], wanted: &Value) -> Result<(), String> {
    let got: Vec<Value> = records.iter().map(record_json).collect();
    let wanted = wanted.as_array().unwrap();
    let shown = || got.iter().map(|r| format!("{} {}", r["type"], r["loc"])).collect::<Vec<_>>().join("; ");
    if got.len() != wanted.len() {
        return Err(format!("records [{}], expected {}", shown(), Value::Array(wanted.clone())));
    }
    let mut rest = got.clone();
    for w in wanted {
        let Some(at) = rest.iter().position(|r| fits(r, w)) else {
            return Err(format!("no record like {w} in [{}]", shown()));
        };
        if let Some(n) = w.get("input_len").and_then(Value::as_u64) {
            if rest[at]["input"].as_str().map(|s| s.len() as u64) != Some(n) {
                return Err("the input was shortened".into());
            }
        }
        rest.remove(at);
    }
    Ok(())
}

fn check_plan(expect: &Value, p: &Plan) -> Result<(), String> {
    let planned: Vec<usize> = p.batches.iter().flat_map(|b| b.indices().iter().copied()).collect();
    let mut all: Vec<usize> = planned.iter().copied().chain(p.invalid.iter().map(|(i, _)| *i)).collect();
    all.sort_unstable();
    if all != (0..all.len()).collect::<Vec<_>>() {
        return Err("a row was lost or planned twice".into());
    }
    if let Some(w) = expect.get("planned") {
        if json!(planned) != *w {
            return Err(format!("planned {planned:?}, expected {w}"));
        }
    }
    if let Some(n) = expect.get("planned_count").and_then(Value::as_u64) {
        if planned.len() as u64 != n {
            return Err(format!("{} planned, expected {n}", planned.len()));
        }
    }
    if let Some(n) = expect.get("batches").and_then(Value::as_u64) {
        if p.batches.len() as u64 != n {
            return Err(format!("{} batches, expected {n}", p.batches.len()));
        }
    }
    Ok(())
}

fn check(expect: &Value, seen: &Seen) -> Result<(), String> {
    if let Seen::Error(e) = seen {
        if e.code() != ErrorCode::Validation && !has_cjk(&e.msg_zh()) {
            return Err(format!("msg_zh is not Chinese: {}", e.msg_zh()));
        }
    }
    if let Some(w) = expect.get("errors") {
        return match seen {
            Seen::Records(r) => match_records(r, w),
            Seen::Error(Error::Validation(v)) => match_records(&v.errors, w),
            other => Err(format!("expected records, got {other:?}")),
        };
    }
    if let Some(w) = expect.get("error") {
        let Seen::Error(e) = seen else { return Err(format!("expected an error, got {seen:?}")) };
        let codes: Vec<&str> = match &w["code"] {
            Value::Array(a) => a.iter().map(|c| c.as_str().unwrap()).collect(),
            c => vec![c.as_str().unwrap()],
        };
        if !codes.contains(&e.code().name()) {
            return Err(format!("code {}, expected {codes:?}: {e}", e.code().name()));
        }
        if let (Some(w), Error::Validation(v)) = (w.get("errors"), e) {
            return match_records(&v.errors, w);
        }
        return Ok(());
    }
    if expect.get("valid") == Some(&Value::Bool(true)) {
        return match seen {
            Seen::Records(r) if r.is_empty() => Ok(()),
            Seen::Plan(p) if p.invalid.is_empty() => check_plan(expect, p),
            other => Err(format!("expected valid, got {other:?}")),
        };
    }
    if expect.get("invalid").is_some() || expect.get("planned").is_some() || expect.get("planned_count").is_some() {
        let Seen::Plan(p) = seen else { return Err(format!("expected a plan, got {seen:?}")) };
        let got: Vec<Value> = p
            .invalid
            .iter()
            .map(|(i, errs)| json!([i, errs.iter().map(|r| record_json(r)["type"].clone()).collect::<Vec<_>>()]))
            .collect();
        if json!(got) != *expect.get("invalid").unwrap_or(&json!([])) {
            return Err(format!("invalid {}", json!(got)));
        }
        return check_plan(expect, p);
    }
    if let Some(w) = expect.get("outcome") {
        let Seen::Outcome(o) = seen else { return Err(format!("expected an outcome, got {seen:?}")) };
        let as_json = json!({
            "status": o.status.name(), "reason": o.reason.map(|r| r.name()), "retry": o.retry.name(),
            "accepted": o.accepted, "unknown": o.unknown,
            "rejected": o.rejected.iter().map(|r| json!([r.index, r.key])).collect::<Vec<_>>(),
        });
        for (k, v) in w.as_object().unwrap() {
            if &as_json[k] != v {
                return Err(format!("{k}: {} != {v} ({as_json})", as_json[k]));
            }
        }
        return Ok(());
    }
    Err(format!("unknown expectation {expect}"))
}

/// Runs a case on its own thread with a time limit: a hang fails the case
/// (the stuck thread is left behind), a panic is reported as one.
fn run_with_timeout(c: &Value) -> Result<Result<Seen, String>, String> {
    let secs = if c.get("heavy") == Some(&Value::Bool(true)) { 120 } else { 30 };
    let (tx, rx) = mpsc::channel();
    let case = c.clone();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| run(&case));
        let _ = tx.send(r);
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(_)) => Err("the core panicked".into()),
        Err(_) => Err(format!("no answer within {secs} s (a hang)")),
    }
}

fn still_works() {
    let good = json!([{"goods_no": "OK1", "goods_name": "好", "spec_list": [{"spec_no": "OK1-1", "retail_price": "1.50"}]}]);
    assert_eq!(validate("goods.Goods.batchPush", &good, false).unwrap(), vec![]);
    let p = plan("goods.Goods.batchPush", good.as_array().unwrap().clone(), &PlanOptions::default()).unwrap();
    let client = Flagship::new("s", "k", "a:b", flagship::TEST_URL).unwrap();
    assert!(!client.sign(&p.batches[0], Some(1_700_000_000)).unwrap().sign.is_empty());
    assert!(p.batches[0].parse(200, br#"{"status":0,"data":{"error_list":[]}}"#).ok());
}

#[test]
fn every_applicable_corpus_case_gives_the_expected_answer() {
    let cases = corpus();
    assert!(cases.len() >= 60);
    let ids: Vec<&str> = cases.iter().map(|c| c["id"].as_str().unwrap()).collect();
    for (id, _) in KNOWN_BUGS {
        assert!(ids.contains(id), "{id} is not a case");
    }
    let (mut passed, mut skipped, mut known) = (0, 0, 0);
    let mut failures = Vec::new();
    for c in &cases {
        let id = c["id"].as_str().unwrap();
        let mine = c.pointer(&format!("/hosts/{HOST}"));
        if let Some(reason) = mine.and_then(|m| m.get("skip")) {
            assert!(reason.is_string());
            skipped += 1;
            continue;
        }
        let expect = mine.and_then(|m| m.get("expect")).unwrap_or(&c["expect"]);
        let result = match run_with_timeout(c) {
            Ok(Ok(seen)) => check(expect, &seen),
            Ok(Err(not_a_value)) => panic!("{id}: {not_a_value}: give the case a rust skip in the corpus"),
            Err(e) => Err(e),
        };
        let bug = KNOWN_BUGS.iter().find(|(k, _)| *k == id);
        match (result, bug) {
            (Ok(()), None) => passed += 1,
            (Err(e), Some(_)) => {
                known += 1;
                eprintln!("{id}: known bug, still failing: {e}");
            }
            (Ok(()), Some(_)) => failures.push(format!("{id}: now passes — remove it from KNOWN_BUGS")),
            (Err(e), None) => failures.push(format!("{id}: {e}")),
        }
        still_works();
    }
    eprintln!("hostile corpus (rust): {passed} passed, {known} known bugs, {skipped} not applicable");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(passed >= 60, "only {passed} cases ran");
}

#[test]
fn no_input_of_the_corpus_panics_any_push_operation() {
    // Every light value input of the corpus through every push operation
    // (as a list and as a single item), validated, planned in both modes
    // and, when it plans, signed and answered with every corpus body.
    let cases = corpus();
    let bodies: Vec<(u16, Vec<u8>)> = cases
        .iter()
        .filter(|c| c["call"] == "parse" && c.get("heavy").is_none() && c["status"].is_u64() && c["body"].get("$value").is_none())
        .map(|c| (c["status"].as_u64().unwrap() as u16, bytes_of(&c["body"])))
        .collect();
    let inputs: Vec<Value> = cases
        .iter()
        .filter(|c| c.get("heavy").is_none() && c.get("input").is_some())
        .filter_map(|c| expand(&c["input"]).ok())
        .collect();
    let clients: Vec<Client> = vec![
        Flagship::new("s", "k", "a:b", flagship::TEST_URL).unwrap().into(),
        Enterprise::new("s", "k", "x", enterprise::SANDBOX_URL).unwrap().into(),
        Ymcart::new("t", "https://x.example/{method}").unwrap().into(),
    ];
    let mut runs = 0;
    for op in operations().filter(|o| o.kind == OpKind::Push) {
        let client = clients.iter().find(|c| c.platform() == op.platform).unwrap();
        for input in &inputs {
            let items = match input {
                Value::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            let _ = validate(op.name, input, true);
            for mode in [OnInvalid::Raise, OnInvalid::Skip] {
                let opts = PlanOptions { on_invalid: mode, ..PlanOptions::default() };
                if let Ok(p) = plan(op.name, items.clone(), &opts) {
                    for b in &p.batches {
                        let _ = client.sign(b, Some(1_700_000_000));
                        for (status, body) in &bodies {
                            let o = b.parse(*status, body);
                            // Nothing silently dropped: every item accepted, rejected,
                            // unknown, or left to a retry — and in one list only.
                            let mut rejected: Vec<usize> = o.rejected.iter().filter_map(|r| r.index).collect();
                            rejected.sort_unstable();
                            rejected.dedup();
                            let mut seen: Vec<usize> = o.accepted.clone();
                            seen.extend(rejected);
                            seen.extend(&o.unknown);
                            assert!(seen.iter().all(|i| b.indices().contains(i)));
                            let mut once = seen.clone();
                            once.sort_unstable();
                            once.dedup();
                            assert_eq!(once.len(), seen.len(), "{} answered {:?}: a position in two lists", op.name, String::from_utf8_lossy(body));
                            if o.retry == Retry::No {
                                assert_eq!(once, b.indices(), "{} answered {:?}", op.name, String::from_utf8_lossy(body));
                            }
                        }
                    }
                }
                runs += 1;
            }
        }
    }
    assert!(runs > 1000, "{runs}");
}

#[test]
fn secrets_never_show_in_debug_display_errors_or_redacted_forms() {
    const SECRET: &str = "Gk5SecretPart";
    const SALT: &str = "Tn1SaltPart";
    const ENT: &str = "Wd7EntSecret";
    const TOKEN: &str = "Fs3TokenValue";
    let clean = |text: &str, what: &str| {
        for s in [SECRET, SALT, ENT, TOKEN] {
            assert!(!text.contains(s), "{what} shows a secret: {text}");
        }
    };
    let f = Flagship::new("sid1", "key1", &format!("{SECRET}:{SALT}"), flagship::TEST_URL).unwrap();
    let e = Enterprise::new("sid2", "key2", ENT, enterprise::SANDBOX_URL).unwrap();
    let y = Ymcart::new(TOKEN, "https://shop.example.com/api/{method}").unwrap();
    let goods = vec![json!({"goods_no": "G1", "goods_name": "n", "spec_list": [{"spec_no": "S1"}]})];
    let batch = plan("goods.Goods.batchPush", goods, &PlanOptions::default()).unwrap().batches.remove(0);
    let mut query = QueryPlan::new("vip_api_goods_query.php", json!({"start_time": "2024-01-01 00:00:00", "end_time": "2024-01-02 00:00:00"}), &QueryOptions::default()).unwrap();
    let ybatch = plan("updateSkuQty", vec![json!({"codeno": "C1", "num": 1})], &PlanOptions::default()).unwrap().batches.remove(0);
    let clients: Vec<Client> = vec![f.clone().into(), e.clone().into(), y.clone().into()];
    let requests = vec![
        f.sign(&batch, Some(1_700_000_000)).unwrap(),
        e.sign(&query.next_batch().unwrap(), Some(1_700_000_000)).unwrap(),
        y.sign(&ybatch, None).unwrap(),
    ];
    assert!(requests[0].url.contains(SALT) && String::from_utf8_lossy(&requests[2].body).contains(TOKEN), "the wire carries what the platforms need");
    let mut shown = vec![format!("{f:?} {f:#?} {e:?} {e:#?} {y:?} {y:#?} {clients:?} {clients:#?} {query:?}")];
    for r in &requests {
        shown.push(format!("{r:?} {r:#?} {} {} {} {:?}", r.string_to_sign(), r.redacted_url(), r.redacted_body(), r.sorted_params()));
        shown.push(serde_json::to_string(&r.sorted_params()).unwrap());
    }
    for body in [&b""[..], b"<html>", br#"{"status":2,"message":"sign error"}"#, br#"{"status":0,"data":{"error_list":[{"no":"G1","error":"x"}]}}"#] {
        let o = batch.parse(200, body);
        shown.push(format!("{o:?} {o:#?} {}", serde_json::to_string(&o).unwrap()));
    }
    // Errors while using the clients: bad credentials, bad URLs, another platform's batch.
    let errors: Vec<Error> = vec![
        Flagship::new("s", "k", &format!("{SECRET}{SALT}"), flagship::TEST_URL).unwrap_err(),
        Flagship::new("s", "k", &format!("{SECRET}:"), flagship::TEST_URL).unwrap_err(),
        Flagship::new("s", "k", &format!(":{SALT}"), flagship::TEST_URL).unwrap_err(),
        Flagship::new("s", "k", &format!("{SECRET}:{SALT}"), "ftp://x.example").unwrap_err(),
        Enterprise::new("", "k", ENT, enterprise::SANDBOX_URL).unwrap_err(),
        Enterprise::new("s", "k", ENT, "not a url").unwrap_err(),
        Ymcart::new(TOKEN, "").unwrap_err(),
        Ymcart::new(TOKEN, "https://x.example/{method}").unwrap().with_update_options(&json!({"update_status": 7})).unwrap_err(),
        e.sign(&batch, None).unwrap_err(),
        y.sign(&batch, None).unwrap_err(),
        Client::from(f.clone()).sign(&ybatch, None).unwrap_err(),
        Client::from(e.clone()).check_operation(operation("goods.Goods.batchPush").unwrap()).unwrap_err(),
    ];
    for err in &errors {
        shown.push(format!("{err} {err:?} {err:#?} {}", err.msg_zh()));
        assert!(has_cjk(&err.msg_zh()) || err.code() == ErrorCode::Validation, "{err}");
    }
    let text = shown.join("\n");
    clean(&text, "Debug/Display");
    assert!(text.contains(REDACTED));
}
