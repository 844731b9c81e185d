use serde_json::{json, Value};
use skuwire::*;
use std::time::Instant;
fn main() {
    let goods: Vec<Value> = (0..10_000).map(|i| {
        let specs: Vec<Value> = (0..5).map(|j| json!({"spec_no": format!("S{i:05}-{j}"), "spec_name": "红色 大号", "barcode": format!("69{i:08}{j}"), "retail_price": "59.90", "weight": "0.350"})).collect();
        json!({"goods_no": format!("S{i:05}"), "goods_name": format!("不锈钢保温杯 {i}号"), "class_name": "杯具", "goods_type": 1, "spec_list": specs})
    }).collect();
    let client = Flagship::new("s", "k", "sec:salt", flagship::TEST_URL).unwrap();
    for _ in 0..1 {
        let input = goods.clone();
        let t = Instant::now();
        let p = plan("goods.Goods.batchPush", input, &PlanOptions::default()).unwrap();
        let t_plan = t.elapsed();
        let mut bytes = 0; let mut bodies = Vec::new();
        for b in &p.batches { let r = client.sign(b, Some(1_700_000_000)).unwrap(); bytes += r.body.len(); bodies.push(r.body); }
        let t_all = t.elapsed();
        let t2 = Instant::now();
        use md5::{Digest, Md5};
        for b in &bodies { let mut h = Md5::new(); h.update(b); std::hint::black_box(h.finalize()); }
        let t_md5 = t2.elapsed();
        println!("plan {:?} total {:?} md5 {:?} bytes {} ratio {:.2}", t_plan, t_all, t_md5, bytes, t_md5.as_secs_f64()/t_all.as_secs_f64());
    }
}
