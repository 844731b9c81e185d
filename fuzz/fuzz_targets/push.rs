//! The push driver on a fixed plan (a flagship upsert or YMCart addGoods):
//! a run feeding random or platform-like answers, transport errors,
//! out-of-order and repeated feeds and stops, killed at a random step; its
//! journal whole, cut or with a byte changed, resumed, and run on; state
//! round trips. Checks: no panic; every
//! position ends in exactly one of accepted, rejected, unknown, unsent; a
//! non-upsert never hands out a position twice; concurrency is never
//! exceeded; the state and the journal it wrote resume to the same report.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use skuwire::{plan, Client, Flagship, PlanOptions, Platform, PushAction, PushDriver, PushOptions, PushState, Ymcart};
use skuwire_fuzz::{Gen, Header};
use std::collections::HashSet;

fn setup(upsert: bool, n: usize, max_items: usize) -> (Client, &'static str, skuwire::Plan) {
    let (client, op, items): (Client, &str, Vec<_>) = if upsert {
        let c = Flagship::new("sid", "key", "secret:salt", "http://wdt.test/openapi").unwrap().into();
        (c, "goods.Goods.batchPush", (0..n).map(|i| json!({"goods_no": format!("G{i}"), "goods_name": "杯", "spec_list": [{"spec_no": format!("S{i}")}]})).collect())
    } else {
        let c = Ymcart::new("token", "http://ym.test/{method}").unwrap().into();
        (c, "addGoods", (0..n).map(|i| json!({"base_name": format!("Cup {i}"), "codeno": format!("C{i}"), "price": "1", "category": "Home", "status": 1, "main_image": "http://i.test/a.jpg"})).collect())
    };
    let p = plan(op, items, &PlanOptions { max_items: Some(max_items), ..PlanOptions::default() }).unwrap();
    (client, op, p)
}

fn settled(d: &PushDriver, n: usize) {
    let r = d.report();
    let mut all: Vec<usize> = r.accepted.iter().chain(&r.unknown).chain(&r.unsent).copied().chain(r.rejected.iter().filter_map(|x| x.index)).collect();
    all.sort_unstable();
    all.dedup();
    // In-flight positions are in none of the lists; the rest in exactly one.
    assert!(all.len() <= n);
    assert!(all.iter().all(|&p| p < n));
}

/// Runs the driver for at most `steps` steps, feeding answers the fuzzer
/// picks; returns false once it is done. Appends its journal lines to `written`.
#[allow(clippy::too_many_arguments)]
fn run(d: &mut PushDriver, u: &mut Unstructured, upsert: bool, concurrency: usize, steps: usize, now: &mut i64, written: &mut Vec<u8>, sent: &mut HashSet<usize>) -> bool {
    let mut in_flight: Vec<u64> = d.in_flight();
    for _ in 0..steps {
        let step = u.int_in_range(0..=9u8).unwrap_or(0);
        if step < 5 || in_flight.is_empty() {
            match d.next(*now) {
                Ok(PushAction::Send(c)) => {
                    written.extend(d.take_journal());
                    if !upsert {
                        for &p in &c.positions {
                            assert!(sent.insert(p) || c.retry.is_some(), "a create handed out twice without a retry");
                        }
                    }
                    in_flight.push(c.call);
                    assert!(in_flight.len() <= concurrency);
                }
                Ok(PushAction::Wait(ms)) => *now += ms.unwrap_or(5).min(60_000) as i64,
                Ok(PushAction::Done) => return false,
                Err(e) => panic!("next failed: {e}"),
            }
            continue;
        }
        let k = u.int_in_range(0..=in_flight.len() - 1).unwrap_or(0);
        let call = in_flight.remove(k);
        *now += i64::from(u.int_in_range(0..=500u16).unwrap_or(0));
        let r = match step {
            5 => d.feed_transport_error(call, *now, "lost"),
            6 => {
                let status = u.int_in_range(0..=600u16).unwrap_or(200);
                let len = u.int_in_range(0..=64usize).unwrap_or(0).min(u.len());
                let body = u.bytes(len).unwrap_or(&[]).to_vec();
                d.feed(call, *now, status, &[("Date", "Tue, 14 Nov 2023 22:13:20 GMT"), ("Retry-After", "1")], &body)
            }
            _ => {
                let platform = if upsert { Platform::Flagship } else { Platform::Ymcart };
                let body = Gen::new(u, None).answer(platform).map(|v| v.to_string()).unwrap_or_default();
                d.feed(call, *now, 200, &[], body.as_bytes())
            }
        };
        r.expect("feeding a call in flight");
        written.extend(d.take_journal());
        // Feeding the same call again is an error, never a panic.
        assert!(d.feed_transport_error(call, *now, "twice").is_err());
        if u.int_in_range(0..=63u8).unwrap_or(1) == 0 {
            d.stop();
        }
        settled(d, d.report().items);
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header::new(data);
    let upsert = h.byte() & 1 == 0;
    let n = usize::from(h.byte() % 60) + 1;
    let max_items = usize::from(h.byte() % 20) + 1;
    let concurrency = usize::from(h.byte() % 4) + 1;
    let kill = usize::from(h.byte() % 48);
    let damage = h.byte();
    let rate = h.byte();
    let options = PushOptions {
        concurrency,
        rate: (rate % 4 != 0).then(|| f64::from(rate % 30) + 0.5),
        max_attempts: 3,
        backoff_base_ms: 10,
        backoff_cap_ms: 50,
        ..PushOptions::default()
    };
    let mut u = Unstructured::new(h.rest());
    let (client, op, p) = setup(upsert, n, max_items);
    let mut d = PushDriver::new(client.clone(), op, p, options.clone()).unwrap();
    let mut written = d.take_journal();
    let mut now: i64 = 1_700_000_000_000;
    let mut sent = HashSet::new();
    // A first run, killed after `kill` steps (its calls in flight never answered).
    run(&mut d, &mut u, upsert, concurrency, kill, &mut now, &mut written, &mut sent);
    let before = d.report();
    // The journal as a crash may leave it: whole, cut anywhere, or with a byte changed.
    let mut journal = written.clone();
    match damage % 4 {
        0 | 1 => {}
        2 => journal.truncate(usize::from(damage) * journal.len() / 256),
        _ => {
            if !journal.is_empty() {
                let i = usize::from(damage) * journal.len() / 256;
                journal[i] ^= 0x20;
            }
        }
    }
    let (_, _, again) = setup(upsert, n, max_items);
    let Ok(mut d) = PushDriver::resume(client.clone(), op, again, options.clone(), &journal) else {
        // Only a damaged journal may be refused.
        assert!(damage % 4 == 3 || journal != written, "an intact journal refused");
        return;
    };
    if journal == written {
        // Resumed intact: settled positions stay settled.
        let r = d.report();
        assert_eq!(r.accepted, before.accepted);
        assert_eq!(r.rejected, before.rejected);
        assert!(before.unknown.iter().all(|p| r.unknown.contains(p)));
    }
    let mut written = journal[..d.journal_keep()].to_vec();
    written.extend(d.take_journal());
    if damage % 4 == 0 {
        // Not a create sent twice across the restart either.
        run(&mut d, &mut u, upsert, concurrency, 64, &mut now, &mut written, &mut sent);
    } else {
        run(&mut d, &mut u, upsert, concurrency, 64, &mut now, &mut written, &mut HashSet::new());
    }
    settled(&d, n);
    // The state and the journal written so far resume to the same report.
    let text = serde_json::to_vec(&d.state()).unwrap();
    let copy = PushDriver::restore(client.clone(), PushState::from_json_text(&text).unwrap()).unwrap();
    let (_, _, again) = setup(upsert, n, max_items);
    let resumed = PushDriver::resume(client, op, again, options, &written).unwrap();
    let (a, b, c) = (d.report(), copy.report(), resumed.report());
    assert_eq!(a.accepted, b.accepted);
    assert_eq!(a.accepted, c.accepted);
    assert_eq!(a.rejected, c.rejected);
    assert_eq!(b.unknown, c.unknown);
});
