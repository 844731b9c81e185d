//! Plans, signs and reads back a realistic catalog push, offline:
//! 2,000 goods × 5 specs with a handful of deliberately invalid rows.
//!
//! `cargo run -p skuwire --example demo`

use serde_json::{json, Value};
use skuwire::{flagship, plan_iter, Flagship, OnInvalid, PlanEvent, PlanOptions};
use std::time::Instant;

/// A small deterministic generator, so every run shows the same catalog.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

fn catalog(n: usize) -> impl Iterator<Item = Value> {
    let mut rng = Lcg(20261123);
    let kinds = ["保温杯", "帆布包", "蓝牙耳机", "登山鞋", "羊毛围巾", "陶瓷茶具", "儿童积木"];
    let colours = ["红", "蓝", "黑", "白", "灰"];
    (0..n).map(move |i| {
        let kind = rng.pick(&kinds).to_owned();
        let specs: Vec<Value> = colours
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let cents = 990 + rng.next() % 90_000;
                json!({
                    "spec_no": format!("SKW{i:05}-{j}"),
                    "spec_name": format!("{c}色"),
                    "barcode": format!("69{:011}", rng.next() % 100_000_000_000),
                    "retail_price": format!("{}.{:02}", cents / 100, cents % 100),
                    "weight": "0.350",
                })
            })
            .collect();
        let mut g = json!({
            "goods_no": format!("SKW{i:05}"),
            "goods_name": format!("{kind} {i}号"),
            "class_name": kind,
            "goods_type": 1,
            "spec_list": specs,
        });
        // The handful of bad rows a real export always has.
        match i {
            17 => g["goods_no"] = json!("X".repeat(41)),
            404 => g["spec_list"][2]["retail_price"] = json!("12.34567"),
            999 => g["spec_list"][0]["spec_no"] = json!("SKW00998-0"),
            1500 => g["goods_type"] = json!(7),
            _ => {}
        }
        g
    })
}

fn main() -> Result<(), skuwire::Error> {
    let started = Instant::now();
    let client = Flagship::new("demo-sid", "demo-appkey", "demo-secret:demo-salt", flagship::TEST_URL)?;
    let opts = PlanOptions { on_invalid: OnInvalid::Skip, ..Default::default() };
    let (mut calls, mut bytes, mut planned, mut invalid) = (0usize, 0usize, 0usize, Vec::new());
    for event in plan_iter("goods.Goods.batchPush", catalog(2000), &opts)? {
        match event {
            PlanEvent::Batch(batch) => {
                // Signed at send time; the answer below is what a healthy server says.
                let request = client.sign(&batch, None)?;
                bytes += request.body.len();
                calls += 1;
                planned += batch.len();
                let outcome = batch.parse(200, br#"{"status":0,"data":{"error_list":[]}}"#);
                assert_eq!(outcome.accepted, batch.indices());
            }
            PlanEvent::Invalid { index, errors } => invalid.push((index, errors)),
        }
    }
    println!("goods.Goods.batchPush: 2000 goods × 5 specs");
    println!("  planned   {planned} goods in {calls} calls (≤ 50 goods each), {:.1} MB of signed JSON", bytes as f64 / 1e6);
    println!("  rejected  {} goods before sending:", invalid.len());
    for (index, errors) in &invalid {
        for e in errors {
            println!("    row {index}: {} — {} / {}", skuwire::loc_to_string(&e.loc), e.msg(), e.msg_zh());
        }
    }
    println!("  took      {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    Ok(())
}
