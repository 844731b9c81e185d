//! The whole push path in Rust — validate → plan → serialize → sign — against
//! the floor no implementation can avoid: MD5 over the same bytes.
//!
//! Input: the seeded catalog of `benches/catalog.py` (read from
//! `SKUWIRE_BENCH_CATALOG`, or generated into `target/bench/` for
//! `SKUWIRE_BENCH_GOODS` goods, default 10,000). The core's measurement
//! starts from `serde_json::Value`s a Rust caller holds (borrowed: planning
//! neither copies nor frees them), and — `core_end_to_end_json` — from the
//! JSON text of the same items, which is what the Node and browser packages
//! (and Python callers with bytes) hand the core.
//!
//! `SKUWIRE_BENCH_PROFILE=<stage>` runs one stage once, without criterion,
//! for `valgrind --tool=callgrind --toggle-collect='*stage_*'` (see
//! `scripts/bench.sh --profile`).

use criterion::{criterion_group, Criterion, Throughput};
use md5::{Digest, Md5};
use serde_json::Value;
use skuwire::{plan_iter, plan_json, plan_values, Batch, Flagship, PlanEvent, PlanOptions};
use std::hint::black_box;
use std::path::PathBuf;

const TIMESTAMP: i64 = 1_700_000_000;
const BATCH_PUSH: &str = "goods.Goods.batchPush";
const API_GOODS: &str = "goods.ApiGoods.upload";

struct Input {
    batch_push: Vec<Value>,
    api_goods: Vec<Value>,
}

/// The items as compact JSON text (as `JSON.stringify` writes them).
fn text_of(items: &[Value]) -> Vec<u8> {
    serde_json::to_vec(items).expect("values write")
}

fn load() -> Input {
    let path = match std::env::var_os("SKUWIRE_BENCH_CATALOG") {
        Some(p) => PathBuf::from(p),
        None => {
            let goods: usize = std::env::var("SKUWIRE_BENCH_GOODS").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000);
            let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
            let path = root.join(format!("target/bench/catalog-{goods}.json"));
            if !path.exists() {
                std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create target/bench");
                let status = std::process::Command::new("python3")
                    .arg(root.join("benches/catalog.py"))
                    .args(["--goods", &goods.to_string(), "--out"])
                    .arg(&path)
                    .status()
                    .expect("run python3 benches/catalog.py");
                assert!(status.success(), "benches/catalog.py failed");
            }
            path
        }
    };
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut data: Value = serde_json::from_slice(&text).expect("catalog is JSON");
    let mut take = |k: &str| match data[k].take() {
        Value::Array(items) => items,
        _ => panic!("catalog has no list {k}"),
    };
    Input { batch_push: take("batch_push"), api_goods: take("api_goods") }
}

fn client() -> Flagship {
    Flagship::new("bench_sid", "bench_key", "bench_secret:bench_salt", skuwire::flagship::TEST_URL).expect("valid credentials")
}

/// Validate and plan: the batches, unsigned.
#[inline(never)]
fn stage_plan(op: &str, items: &[Value]) -> Vec<Batch> {
    plan_values(op, items, &PlanOptions::default()).expect("the catalog is valid").batches
}

/// The same from JSON text.
#[inline(never)]
fn stage_plan_json(op: &str, text: &[u8]) -> Vec<Batch> {
    plan_json(op, text, &PlanOptions::default()).expect("the catalog is valid").batches
}

/// Body serialization alone.
#[inline(never)]
fn stage_serialize(batches: &[Batch]) -> usize {
    batches.iter().map(|b| black_box(b.body_json()).len()).sum()
}

/// Signing: serialization, the string to sign, MD5, the URL.
#[inline(never)]
fn stage_sign(client: &Flagship, batches: &[Batch]) -> usize {
    batches.iter().map(|b| black_box(client.sign(b, Some(TIMESTAMP)).expect("signs")).body.len()).sum()
}

/// The whole path a user runs.
#[inline(never)]
fn stage_end_to_end(client: &Flagship, op: &str, items: &[Value]) -> Vec<Batch> {
    let batches = stage_plan(op, items);
    black_box(stage_sign(client, &batches));
    batches
}

/// The whole path from JSON text.
#[inline(never)]
fn stage_end_to_end_json(client: &Flagship, op: &str, text: &[u8]) -> Vec<Batch> {
    let batches = stage_plan_json(op, text);
    black_box(stage_sign(client, &batches));
    batches
}

/// The same path streamed: each batch is signed as soon as it is planned,
/// while its items are still in cache (`plan_iter`, as a sync loop over a
/// large input runs).
#[inline(never)]
fn stage_streaming(client: &Flagship, op: &str, items: &[Value]) -> usize {
    let mut bytes = 0;
    for event in plan_iter(op, items, &PlanOptions::default()).expect("a push operation") {
        match event {
            PlanEvent::Batch(b) => bytes += black_box(client.sign(&b, Some(TIMESTAMP)).expect("signs")).body.len(),
            PlanEvent::Invalid { index, .. } => panic!("the catalog is valid, item {index} is not"),
        }
    }
    bytes
}

/// The floor: MD5 over exactly the bytes the signer hashes.
#[inline(never)]
fn stage_md5(strings: &[Vec<u8>]) -> usize {
    strings.iter().map(|s| black_box(Md5::digest(s))[0] as usize).sum()
}

/// Each item written into one reused buffer by `write`: the bytes written
/// (the floors below, with no checks).
#[inline(always)]
fn write_each(items: &[Value], write: impl Fn(&mut Vec<u8>, &Value)) -> usize {
    let mut out = Vec::with_capacity(1 << 20);
    let mut n = 0;
    for item in items {
        out.clear();
        write(&mut out, item);
        n += black_box(&out).len();
    }
    n
}

/// The writing floor: the same items written as JSON by serde_json (the
/// writer a Rust user would pick), with no checks at all. With MD5 it is the
/// work any implementation starting from `Value`s must do.
#[inline(never)]
fn stage_write(items: &[Value]) -> usize {
    write_each(items, |out, item| serde_json::to_writer(out, item).expect("values write"))
}

/// The same with the core's own writer (the one the walk writes with), no
/// checks: the floor is the faster of the two.
#[inline(never)]
fn stage_write_core(items: &[Value]) -> usize {
    write_each(items, |out, item| skuwire::engine::write::write_body_value(out, item, None))
}

/// Below any writer: every key and scalar of the items copied out as its
/// bytes, no quotes, separators or escapes — reading the `Value` tree once.
#[inline(never)]
fn stage_copy(items: &[Value]) -> usize {
    fn copy(v: &Value, out: &mut Vec<u8>) {
        match v {
            Value::Null => {}
            Value::Bool(b) => out.push(*b as u8),
            Value::Number(n) => match n.as_u64() {
                Some(u) => out.extend_from_slice(&u.to_le_bytes()),
                None => out.extend_from_slice(&n.as_f64().unwrap_or(0.0).to_le_bytes()),
            },
            Value::String(s) => out.extend_from_slice(s.as_bytes()),
            Value::Array(a) => a.iter().for_each(|x| copy(x, out)),
            Value::Object(m) => m.iter().for_each(|(k, x)| {
                out.extend_from_slice(k.as_bytes());
                copy(x, out)
            }),
        }
    }
    write_each(items, |out, item| copy(item, out))
}

/// The reading floor of the JSON-text path: jiter (the core's reader) steps
/// through every token of the text, each string decoded and its UTF-8
/// checked, numbers and literals skipped (as the core skips them), with no
/// rule checked and nothing written.
#[inline(never)]
fn stage_read(text: &[u8]) -> usize {
    use jiter::{Jiter, Peek};
    fn value(j: &mut Jiter, peek: Peek, n: &mut usize) {
        match peek {
            Peek::String => *n += j.known_str().expect("a string").len(),
            Peek::Array => {
                let mut next = j.known_array().expect("a list");
                while let Some(p) = next {
                    value(j, p, n);
                    next = j.array_step().expect("a list");
                }
            }
            Peek::Object => {
                let mut key = j.known_object().expect("an object").map(str::len);
                while let Some(k) = key {
                    *n += k;
                    let p = j.peek().expect("a value");
                    value(j, p, n);
                    key = j.next_key().expect("an object").map(str::len);
                }
            }
            other => j.known_skip(other).expect("a scalar"),
        }
    }
    let mut j = Jiter::new(text);
    let mut n = 0;
    let peek = j.peek().expect("JSON");
    value(&mut j, peek, &mut n);
    j.finish().expect("one value");
    black_box(n)
}

/// For each batch, the bytes the flagship signature hashes — secret, then
/// every parameter (body included) sorted by key as key + value, then
/// secret — checked against the core's own signature so the floor hashes
/// the same bytes.
fn strings_to_sign(client: &Flagship, batches: &[Batch]) -> Vec<Vec<u8>> {
    batches
        .iter()
        .map(|b| {
            let r = client.sign(b, Some(TIMESTAMP)).expect("signs");
            let mut s = Vec::with_capacity(r.body.len() + 256);
            s.extend_from_slice(b"bench_secret");
            for (k, v) in r.sorted_params() {
                s.extend_from_slice(k.as_bytes());
                match k.as_str() {
                    "salt" => s.extend_from_slice(b"bench_salt"),
                    "body" => s.extend_from_slice(&r.body),
                    _ => s.extend_from_slice(v.as_bytes()),
                }
            }
            s.extend_from_slice(b"bench_secret");
            let hex: String = Md5::digest(&s).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, r.sign, "the floor hashes other bytes than the signer");
            s
        })
        .collect()
}

fn bench_op(c: &mut Criterion, name: &str, op: &str, items: &[Value]) {
    let client = client();
    let text = text_of(items);
    let batches = stage_plan(op, items);
    // The text path plans the same calls, byte for byte.
    let from_text = stage_plan_json(op, &text);
    assert!(batches.len() == from_text.len() && batches.iter().zip(&from_text).all(|(a, b)| a.body_json() == b.body_json()), "the JSON-text path plans other bodies");
    let strings = strings_to_sign(&client, &batches);
    let signed_bytes: usize = strings.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group(name);
    // Every throughput is per byte hashed, so the medians compare directly.
    g.throughput(Throughput::Bytes(signed_bytes as u64));
    g.sample_size(10);
    // The batches are returned, so freeing them is outside the timing, as
    // freeing the items is (they are borrowed).
    g.bench_function("core_end_to_end", |b| b.iter_with_large_drop(|| stage_end_to_end(&client, op, items)));
    g.bench_function("core_end_to_end_json", |b| b.iter_with_large_drop(|| stage_end_to_end_json(&client, op, &text)));
    g.bench_function("core_streaming", |b| b.iter(|| stage_streaming(&client, op, items)));
    g.bench_function("md5_floor", |b| b.iter(|| stage_md5(&strings)));
    g.bench_function("write_floor", |b| b.iter(|| stage_write(items)));
    g.bench_function("copy_floor", |b| b.iter(|| stage_copy(items)));
    g.bench_function("write_floor_core", |b| b.iter(|| stage_write_core(items)));
    g.bench_function("read_floor_json", |b| b.iter(|| stage_read(&text)));
    g.bench_function("core_plan", |b| b.iter_with_large_drop(|| stage_plan(op, items)));
    g.bench_function("core_serialize", |b| b.iter(|| stage_serialize(&batches)));
    g.bench_function("core_sign", |b| b.iter(|| stage_sign(&client, &batches)));
    g.finish();
}

fn benches(c: &mut Criterion) {
    let input = load();
    bench_op(c, "batchPush", BATCH_PUSH, &input.batch_push);
    bench_op(c, "ApiGoods.upload", API_GOODS, &input.api_goods);
}

/// One stage once, for an instruction-count profile.
fn profile(stage: &str) {
    let input = load();
    let client = client();
    let (op, items) = if stage.ends_with("_api") { (API_GOODS, input.api_goods) } else { (BATCH_PUSH, input.batch_push) };
    // Set-up outside the stage functions, so a toggled count holds the stage alone.
    let batches = plan_values(op, &items, &PlanOptions::default()).expect("the catalog is valid").batches;
    let strings = strings_to_sign(&client, &batches);
    let text = text_of(&items);
    match stage.trim_end_matches("_api") {
        "plan" => drop(black_box(stage_plan(op, &items))),
        "plan_json" => drop(black_box(stage_plan_json(op, &text))),
        "serialize" => drop(black_box(stage_serialize(&batches))),
        "sign" => drop(black_box(stage_sign(&client, &batches))),
        "md5" => drop(black_box(stage_md5(&strings))),
        "write" => drop(black_box(stage_write(&items))),
        "write_core" => drop(black_box(stage_write_core(&items))),
        "copy" => drop(black_box(stage_copy(&items))),
        "read" => drop(black_box(stage_read(&text))),
        "end_to_end" => drop(black_box(stage_end_to_end(&client, op, &items))),
        "end_to_end_json" => drop(black_box(stage_end_to_end_json(&client, op, &text))),
        "streaming" => drop(black_box(stage_streaming(&client, op, &items))),
        other => panic!("unknown stage {other:?}: plan, plan_json, serialize, sign, md5, write, write_core, copy, read, end_to_end, end_to_end_json, streaming (suffix _api for ApiGoods.upload)"),
    }
}

criterion_group!(pipeline, benches);

fn main() {
    if let Ok(stage) = std::env::var("SKUWIRE_BENCH_PROFILE") {
        profile(&stage);
        return;
    }
    pipeline();
    Criterion::default().configure_from_args().final_summary();
}
