//! The push driver (core/src/engine/push/) against a simulated platform on
//! a fake clock, with flagship and YMCart clients.


use skuwire::push::{plan_from_json, plan_to_json};
use skuwire::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

const T0: i64 = 1_700_000_000_000;
const WDT_EPOCH: i64 = 1_325_347_200;

fn flagship() -> Client {
    Flagship::new("sid", "key", "secret:salt", "http://wdt.test/openapi").unwrap().into()
}

fn ymcart() -> Client {
    Ymcart::new("token", "http://ym.test/{method}").unwrap().into()
}

fn goods(n: usize) -> Vec<Value> {
    (0..n).map(|i| json!({"goods_no": format!("G{i}"), "goods_name": "杯", "spec_list": [{"spec_no": format!("S{i}")}]})).collect()
}

fn add_goods(n: usize) -> Vec<Value> {
    (0..n).map(|i| json!({"base_name": format!("Cup {i}"), "codeno": format!("C{i}"), "price": "9.90", "category": "Home", "status": 1, "main_image": "http://img.test/cup.jpg"})).collect()
}

fn batch_push(n: usize, max_items: usize, options: PushOptions) -> PushDriver {
    let p = plan("goods.Goods.batchPush", goods(n), &PlanOptions { max_items: Some(max_items), ..PlanOptions::default() }).unwrap();
    PushDriver::new(flagship(), "goods.Goods.batchPush", p, options).unwrap()
}

fn add_goods_push(n: usize, max_items: usize, options: PushOptions) -> PushDriver {
    let p = plan("addGoods", add_goods(n), &PlanOptions { max_items: Some(max_items), ..PlanOptions::default() }).unwrap();
    PushDriver::new(ymcart(), "addGoods", p, options).unwrap()
}

/// An answer: status, headers, body.
type Answer = (u16, Vec<(String, String)>, String);

/// What the simulated platform does with one call.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    None,
    RateLimit,
    /// Status 7 (the clock): no item applied.
    Clock,
    /// A 502 page: not applied.
    Gateway,
    /// The answer is lost; `true`: applied before it was lost.
    Lost(bool),
    /// The last item is refused.
    Partial,
}

/// A simulated platform: applies items, answers after `latency` ms, and
/// checks what the driver promises (concurrency, rate, signatures in the
/// clock window).
struct Platform {
    upsert: bool,
    latency: i64,
    /// The platform's clock minus the driver's, in seconds.
    skew: i64,
    faults: Box<dyn FnMut(u64) -> Fault>,
    applied: HashMap<usize, u32>,
    sends: Vec<i64>,
    max_in_flight: usize,
    calls: u64,
}

impl Platform {
    fn new(upsert: bool, latency: i64, faults: impl FnMut(u64) -> Fault + 'static) -> Platform {
        Platform { upsert, latency, skew: 0, faults: Box::new(faults), applied: HashMap::new(), sends: Vec::new(), max_in_flight: 0, calls: 0 }
    }

    fn apply(&mut self, positions: &[usize]) {
        for &p in positions {
            *self.applied.entry(p).or_default() += 1;
        }
    }

    /// The answer to a call: `None` when it is lost.
    fn answer(&mut self, call: &PushCall, now: i64) -> Option<Answer> {
        self.calls += 1;
        let date = httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs((now / 1000 + self.skew) as u64));
        let headers = vec![("Date".to_owned(), date)];
        // The flagship window: the timestamp signed must be within 120 s.
        if call.request.url.contains("timestamp=") {
            let ts: i64 = call.request.url.split("timestamp=").nth(1).unwrap().split('&').next().unwrap().parse().unwrap();
            if (ts + WDT_EPOCH - (now / 1000 + self.skew)).abs() > 120 {
                return Some((200, headers, r#"{"status":7,"message":"时间戳过期"}"#.into()));
            }
        }
        let fault = (self.faults)(self.calls);
        let ok = |upsert: bool, n: usize| {
            if upsert {
                r#"{"status":0,"data":{"error_list":[]}}"#.to_owned()
            } else {
                format!(r#"{{"code":0,"success_count":{n},"failure_count":0,"msg":[]}}"#)
            }
        };
        match fault {
            Fault::None => {
                self.apply(&call.positions);
                Some((200, headers, ok(self.upsert, call.positions.len())))
            }
            Fault::RateLimit => {
                let body = if self.upsert { r#"{"status":100,"message":"接口调用频率超过限制"}"# } else { r#"{"code":429,"msg":"too_many_requests"}"# };
                Some((200, headers, body.into()))
            }
            Fault::Clock => Some((200, headers, r#"{"status":7,"message":"时间戳过期"}"#.into())),
            Fault::Gateway => Some((502, headers, "<html><body>502 Bad Gateway</body></html>".into())),
            Fault::Lost(applied) => {
                if applied {
                    self.apply(&call.positions);
                }
                None
            }
            Fault::Partial => {
                let (last, rest) = call.positions.split_last().unwrap();
                self.apply(rest);
                if self.upsert {
                    Some((200, headers, format!(r#"{{"status":0,"data":{{"error_list":[{{"no":"G{last}","error":"分类不存在"}}]}}}}"#)))
                } else {
                    let n = rest.len();
                    Some((200, headers, format!(r#"{{"code":0,"success_count":{n},"failure_count":1,"msg":[{{"base_name":"Cup {last}","codeno":"C{last}","msg":"insert_fail"}}]}}"#)))
                }
            }
        }
    }
}

/// Runs the driver against the platform on a fake clock until it is done,
/// or until `kill_after` answers have been fed (then the driver is dropped
/// with its calls in flight, as a killed process would be). Returns the
/// journal written and the time reached.
fn run(d: &mut PushDriver, p: &mut Platform, now: &mut i64, kill_after: Option<usize>) -> (Vec<u8>, bool) {
    let mut journal = d.take_journal();
    let mut queue: BTreeMap<(i64, u64), Option<Answer>> = BTreeMap::new();
    let mut fed = 0;
    for _ in 0..100_000 {
        match d.next(*now).unwrap() {
            PushAction::Send(call) => {
                journal.extend(d.take_journal());
                p.sends.push(*now);
                let answer = p.answer(&call, *now);
                queue.insert((*now + p.latency, call.call), answer);
                p.max_in_flight = p.max_in_flight.max(d.in_flight().len());
                continue;
            }
            PushAction::Done => {
                assert!(queue.is_empty());
                journal.extend(d.take_journal());
                return (journal, true);
            }
            PushAction::Wait(ms) => {
                let next_answer = queue.keys().next().map(|k| k.0);
                let wake = match (ms, next_answer) {
                    (Some(ms), Some(a)) => a.min(*now + ms as i64),
                    (Some(ms), None) => *now + ms as i64,
                    (None, Some(a)) => a,
                    (None, None) => panic!("the driver waits for an answer while nothing is in flight"),
                };
                assert!(wake >= *now);
                *now = wake;
                while let Some(entry) = queue.first_entry() {
                    if entry.key().0 > *now {
                        break;
                    }
                    let ((_, call), answer) = entry.remove_entry();
                    match answer {
                        Some((status, headers, body)) => {
                            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                            d.feed(call, *now, status, &headers, body.as_bytes()).unwrap();
                        }
                        None => {
                            d.feed_transport_error(call, *now, "timed out").unwrap();
                        }
                    }
                    journal.extend(d.take_journal());
                    fed += 1;
                    if kill_after == Some(fed) {
                        return (journal, false);
                    }
                }
            }
        }
    }
    panic!("the push did not finish");
}

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v
}

#[test]
fn a_clean_push_accepts_everything_in_order() {
    let mut d = batch_push(120, 50, PushOptions::default());
    let mut p = Platform::new(true, 200, |_| Fault::None);
    let mut now = T0;
    let (journal, done) = run(&mut d, &mut p, &mut now, None);
    assert!(done);
    let r = d.report();
    assert_eq!(r.accepted, (0..120).collect::<Vec<_>>());
    assert!(r.rejected.is_empty() && r.unknown.is_empty() && r.unsent.is_empty() && r.invalid.is_empty());
    assert_eq!((r.calls, r.retries.total()), (3, 0));
    assert!(r.ok());
    // Sequential: each call after the previous answer.
    assert_eq!(p.sends, vec![T0, T0 + 200, T0 + 400]);
    let text = String::from_utf8(journal).unwrap();
    assert_eq!(text.lines().count(), 1 + 3 * 2);
    assert!(text.starts_with(r#"{"event":"start","version":1,"op":"goods.Goods.batchPush","target":"flagship:sid:key@http://wdt.test/openapi","items":120,"#));
}

#[test]
fn concurrency_and_rate_are_kept() {
    let mut d = batch_push(1000, 10, PushOptions { concurrency: 8, rate: Some(20.0), ..PushOptions::default() });
    let mut p = Platform::new(true, 200, |_| Fault::None);
    let mut now = T0;
    run(&mut d, &mut p, &mut now, None);
    assert_eq!(p.sends.len(), 100);
    assert!(p.max_in_flight <= 8 && p.max_in_flight >= 4, "{}", p.max_in_flight);
    // 100 calls at 20/s with the 50 ms margin: the first at once, then one every 53 ms.
    assert_eq!(p.sends.last().unwrap() - p.sends[0], 99 * 53);
    assert_eq!(d.report().accepted.len(), 1000);
}

#[test]
fn a_clock_error_is_corrected_from_the_date_header() {
    let mut d = batch_push(100, 50, PushOptions::default());
    let mut p = Platform::new(true, 100, |_| Fault::None);
    p.skew = 300;
    let mut now = T0;
    run(&mut d, &mut p, &mut now, None);
    let r = d.report();
    assert_eq!(r.accepted.len(), 100);
    // One clock error, then every call signed with the learned offset.
    assert_eq!((r.calls, r.retries.resign, r.clock_offset), (3, 1, 300));
    // The first resign is sent at once.
    assert_eq!(p.sends[1], p.sends[0] + 100);
}

#[test]
fn rate_limit_answers_back_off_and_slow_down() {
    let mut d = batch_push(200, 10, PushOptions { concurrency: 4, rate: Some(20.0), rate_margin_ms: 0, seed: 1, ..PushOptions::default() });
    let mut p = Platform::new(true, 50, |n| if n == 3 { Fault::RateLimit } else { Fault::None });
    let mut now = T0;
    run(&mut d, &mut p, &mut now, None);
    let r = d.report();
    assert_eq!((r.accepted.len(), r.retries.backoff, r.calls), (200, 1, 21));
    // The answer to call 3 came at 100 + 50 ms; nothing went out for the
    // backoff (250–500 ms) after it, and then no faster than every 100 ms.
    let answered = T0 + 100 + 50;
    let after: Vec<i64> = p.sends.iter().copied().filter(|&t| t > answered).collect();
    assert!(after[0] >= answered + 250 && after[0] <= answered + 500, "{after:?}");
    assert!(after[1] - after[0] >= 90, "{after:?}");
}

#[test]
fn retry_after_is_honoured() {
    let mut d = batch_push(20, 10, PushOptions::default());
    let now = T0;
    let PushAction::Send(c) = d.next(now).unwrap() else { panic!() };
    d.feed(c.call, now + 10, 429, &[("Retry-After", "7")], b"").unwrap();
    assert!(matches!(d.next(now + 10).unwrap(), PushAction::Wait(Some(7000))));
}

#[test]
fn lost_answers_resend_upserts_only() {
    // batchPush (an upsert): the lost call is sent again.
    let mut d = batch_push(100, 50, PushOptions::default());
    let mut p = Platform::new(true, 100, |n| if n == 1 { Fault::Lost(true) } else { Fault::None });
    let mut now = T0;
    run(&mut d, &mut p, &mut now, None);
    let r = d.report();
    assert_eq!((r.accepted.len(), r.retries.resend, r.calls), (100, 1, 3));
    assert_eq!(p.applied[&0], 2);
    // addGoods (not an upsert): the lost call's items are unknown, never resent.
    let mut d = add_goods_push(100, 50, PushOptions::default());
    let mut p = Platform::new(false, 100, |n| if n == 1 { Fault::Lost(true) } else { Fault::None });
    let mut now = T0;
    run(&mut d, &mut p, &mut now, None);
    let r = d.report();
    assert_eq!(r.unknown, (0..50).collect::<Vec<_>>());
    assert_eq!(r.accepted, (50..100).collect::<Vec<_>>());
    assert!(r.rejected.is_empty());
    assert_eq!((r.calls, r.retries.total()), (2, 0));
    assert!(p.applied.values().all(|&n| n == 1));
    // A 502 page to addGoods: unknown as well.
    let mut d = add_goods_push(10, 10, PushOptions::default());
    let mut p = Platform::new(false, 100, |_| Fault::Gateway);
    run(&mut d, &mut p, &mut T0.clone(), None);
    assert_eq!((d.report().unknown.len(), d.report().calls), (10, 1));
}

#[test]
fn partial_failures_are_reported_by_input_position() {
    let mut d = batch_push(100, 50, PushOptions::default());
    let mut p = Platform::new(true, 100, |n| if n == 2 { Fault::Partial } else { Fault::None });
    run(&mut d, &mut p, &mut T0.clone(), None);
    let r = d.report();
    assert_eq!(r.accepted, (0..99).collect::<Vec<_>>());
    assert_eq!(r.rejected, vec![Rejected { index: Some(99), key: Some("G99".into()), message: "分类不存在".into() }]);
    let mut d = add_goods_push(60, 30, PushOptions::default());
    let mut p = Platform::new(false, 100, |n| if n == 1 { Fault::Partial } else { Fault::None });
    run(&mut d, &mut p, &mut T0.clone(), None);
    let r = d.report();
    assert_eq!(r.rejected.iter().map(|x| x.index).collect::<Vec<_>>(), vec![Some(29)]);
    assert_eq!(r.accepted.len(), 59);
}

#[test]
fn retries_stop_after_max_attempts() {
    let mut d = batch_push(30, 30, PushOptions { max_attempts: 3, ..PushOptions::default() });
    let mut p = Platform::new(true, 100, |n| if n <= 3 { Fault::Gateway } else { Fault::None });
    run(&mut d, &mut p, &mut T0.clone(), None);
    let r = d.report();
    assert_eq!(r.unsent, (0..30).collect::<Vec<_>>());
    assert!(r.accepted.is_empty());
    assert_eq!((r.calls, r.retries.resend), (3, 2));
}

#[test]
fn stop_leaves_the_rest_unsent() {
    let mut d = batch_push(100, 10, PushOptions { concurrency: 2, ..PushOptions::default() });
    let PushAction::Send(a) = d.next(T0).unwrap() else { panic!() };
    let PushAction::Send(_b) = d.next(T0).unwrap() else { panic!() };
    d.stop();
    assert!(matches!(d.next(T0).unwrap(), PushAction::Wait(None)));
    d.feed(a.call, T0 + 5, 200, &[], br#"{"status":0,"data":{"error_list":[]}}"#).unwrap();
    d.feed_transport_error(_b.call, T0 + 6, "aborted").unwrap();
    assert!(matches!(d.next(T0 + 6).unwrap(), PushAction::Done));
    let r = d.report();
    assert_eq!(r.accepted, (0..10).collect::<Vec<_>>());
    assert_eq!(r.unsent, (10..100).collect::<Vec<_>>());
    assert!(d.feed(a.call, T0, 200, &[], b"").is_err(), "an answer fed twice");
}

#[test]
fn invalid_items_are_reported_and_never_sent() {
    let mut items = goods(5);
    items[2]["goods_no"] = json!("");
    let p = plan("goods.Goods.batchPush", items, &PlanOptions { on_invalid: crate::OnInvalid::Skip, ..PlanOptions::default() }).unwrap();
    let mut d = PushDriver::new(flagship(), "goods.Goods.batchPush", p, PushOptions::default()).unwrap();
    let mut p = Platform::new(true, 10, |_| Fault::None);
    run(&mut d, &mut p, &mut T0.clone(), None);
    let r = d.report();
    assert_eq!(r.accepted, vec![0, 1, 3, 4]);
    assert_eq!(r.invalid.len(), 1);
    assert_eq!(r.invalid[0].0, 2);
    assert_eq!(r.items, 5);
}

#[test]
fn bad_options_and_plans_are_refused() {
    let p = || plan("goods.Goods.batchPush", goods(3), &PlanOptions::default()).unwrap();
    for o in [
        PushOptions { concurrency: 0, ..PushOptions::default() },
        PushOptions { rate: Some(0.0), ..PushOptions::default() },
        PushOptions { rate: Some(f64::NAN), ..PushOptions::default() },
        PushOptions { max_attempts: 0, ..PushOptions::default() },
        PushOptions { backoff_base_ms: 10, backoff_cap_ms: 5, ..PushOptions::default() },
    ] {
        assert!(PushDriver::new(flagship(), "goods.Goods.batchPush", p(), o).is_err());
    }
    assert!(PushDriver::new(flagship(), "goods.ApiGoods.upload", p(), PushOptions::default()).is_err());
    assert!(PushDriver::new(ymcart(), "goods.Goods.batchPush", p(), PushOptions::default()).is_err());
    assert!(PushDriver::new(flagship(), "vip_api_goods_query.php", Plan::default(), PushOptions::default()).is_err());
    let empty = PushDriver::new(flagship(), "goods.Goods.batchPush", Plan::default(), PushOptions::default());
    assert!(matches!(empty.unwrap().next(T0).unwrap(), PushAction::Done));
}

/// Waits between the sends of a run with rate limits and lost answers.
fn waits(seed: u64) -> Vec<i64> {
    let mut d = batch_push(300, 10, PushOptions { concurrency: 3, seed, ..PushOptions::default() });
    let mut p = Platform::new(true, 30, |n| if n % 4 == 0 { Fault::RateLimit } else if n % 7 == 0 { Fault::Gateway } else { Fault::None });
    run(&mut d, &mut p, &mut T0.clone(), None);
    assert_eq!(d.report().accepted.len(), 300);
    p.sends.windows(2).map(|w| w[1] - w[0]).collect()
}

#[test]
fn jitter_is_fixed_by_the_seed() {
    assert_eq!(waits(42), waits(42));
    assert_ne!(waits(42), waits(43));
}

#[test]
fn journal_resumes_a_killed_upsert_without_losing_items() {
    let mut d = batch_push(200, 20, PushOptions { concurrency: 3, ..PushOptions::default() });
    let mut p = Platform::new(true, 100, |_| Fault::None);
    let mut now = T0;
    let (journal, done) = run(&mut d, &mut p, &mut now, Some(4));
    assert!(!done);
    // Calls 0–2 answered, 3–5 sent, 3 answered: 4 and 5 in flight.
    assert_eq!(d.in_flight(), vec![4, 5]);
    let p2 = plan("goods.Goods.batchPush", goods(200), &PlanOptions { max_items: Some(20), ..PlanOptions::default() }).unwrap();
    let mut d = PushDriver::resume(flagship(), "goods.Goods.batchPush", p2, PushOptions::default(), &journal).unwrap();
    assert_eq!(d.journal_keep(), journal.len());
    let r = d.report();
    assert_eq!(r.accepted.len(), 80);
    assert_eq!(r.calls, 6);
    let (more, done) = run(&mut d, &mut p, &mut now, None);
    assert!(done && more.starts_with(b"{\"event\":\"restart\",\"abandoned\":[4,5],\"unknown\":[],\"requeued\":[]}\n"), "{}", String::from_utf8_lossy(&more));
    let r = d.report();
    assert_eq!(r.accepted, (0..200).collect::<Vec<_>>());
    assert_eq!((r.calls, r.retries.resend), (6 + 6, 2));
    // Only the two calls in flight at the kill went out twice.
    assert_eq!(p.applied.values().filter(|&&n| n == 2).count(), 40);
    assert_eq!(p.applied.values().filter(|&&n| n == 1).count(), 160);
}

#[test]
fn journal_never_resends_a_killed_non_upsert() {
    let mut d = add_goods_push(200, 20, PushOptions { concurrency: 3, ..PushOptions::default() });
    let mut p = Platform::new(false, 100, |_| Fault::None);
    let mut now = T0;
    let (journal, _) = run(&mut d, &mut p, &mut now, Some(4));
    let p2 = plan("addGoods", add_goods(200), &PlanOptions { max_items: Some(20), ..PlanOptions::default() }).unwrap();
    let mut d = PushDriver::resume(ymcart(), "addGoods", p2, PushOptions::default(), &journal).unwrap();
    let (more, _) = run(&mut d, &mut p, &mut now, None);
    let r = d.report();
    assert_eq!(r.unknown, (80..120).collect::<Vec<_>>());
    assert_eq!(r.accepted.len(), 160);
    assert_eq!(p.applied.len(), 200);
    assert!(p.applied.values().all(|&n| n == 1));
    // A third run from the whole journal (other batch limits) sends nothing.
    let mut all = journal.clone();
    all.extend(more);
    let p3 = plan("addGoods", add_goods(200), &PlanOptions { max_items: Some(7), ..PlanOptions::default() }).unwrap();
    let mut d3 = PushDriver::resume(ymcart(), "addGoods", p3, PushOptions::default(), &all).unwrap();
    assert_eq!(d3.report().unknown, r.unknown);
    assert_eq!(d3.report().accepted, r.accepted);
    assert!(matches!(d3.next(now).unwrap(), PushAction::Done));
    assert!(d3.take_journal().is_empty());
}

#[test]
fn a_torn_last_line_is_ignored_and_other_journals_refused() {
    let mut d = batch_push(40, 20, PushOptions::default());
    let mut p = Platform::new(true, 100, |_| Fault::None);
    let (journal, _) = run(&mut d, &mut p, &mut T0.clone(), Some(1));
    let mut torn = journal.clone();
    torn.extend_from_slice(br#"{"event":"send","call":1,"sl"#);
    let again = || plan("goods.Goods.batchPush", goods(40), &PlanOptions::default()).unwrap();
    let d = PushDriver::resume(flagship(), "goods.Goods.batchPush", again(), PushOptions::default(), &torn).unwrap();
    assert_eq!(d.journal_keep(), journal.len());
    assert_eq!(d.report().accepted.len(), 20);
    // A journal of other items, another account or another operation.
    let mut other = goods(40);
    other[3]["goods_name"] = json!("碗");
    let p = plan("goods.Goods.batchPush", other, &PlanOptions::default()).unwrap();
    let e = PushDriver::resume(flagship(), "goods.Goods.batchPush", p, PushOptions::default(), &journal).unwrap_err();
    assert_eq!(e.code(), ErrorCode::State);
    assert!(e.to_string().contains("another input"), "{e}");
    let acct: Client = Flagship::new("sid2", "key", "secret:salt", "http://wdt.test/openapi").unwrap().into();
    let e = PushDriver::resume(acct, "goods.Goods.batchPush", again(), PushOptions::default(), &journal).unwrap_err();
    assert!(e.to_string().contains("account"), "{e}");
    // A corrupt line in the middle is an error, not a guess.
    let mut bad = journal.clone();
    bad.extend_from_slice(b"{oops}\n");
    assert!(PushDriver::resume(flagship(), "goods.Goods.batchPush", again(), PushOptions::default(), &bad).is_err());
    // An empty journal (or a torn start line) starts afresh.
    let mut d = PushDriver::resume(flagship(), "goods.Goods.batchPush", again(), PushOptions::default(), br#"{"event":"sta"#).unwrap();
    assert_eq!(d.journal_keep(), 0);
    assert!(d.take_journal().starts_with(br#"{"event":"start""#));
}

#[test]
fn resend_options_requeue_rejected_and_unknown_items() {
    let mut d = add_goods_push(40, 20, PushOptions::default());
    let mut p = Platform::new(false, 10, |n| match n {
        1 => Fault::Partial,
        2 => Fault::Lost(false),
        _ => Fault::None,
    });
    let (journal, _) = run(&mut d, &mut p, &mut T0.clone(), None);
    let r = d.report();
    assert_eq!((r.rejected.len(), r.unknown.len(), r.accepted.len()), (1, 20, 19));
    let again = || plan("addGoods", add_goods(40), &PlanOptions { max_items: Some(20), ..PlanOptions::default() }).unwrap();
    let o = PushOptions { resend_rejected: true, resend_unknown: true, ..PushOptions::default() };
    let mut d = PushDriver::resume(ymcart(), "addGoods", again(), o, &journal).unwrap();
    assert_eq!(d.report().unsent.len(), 21);
    let PushAction::Send(c) = d.next(T0 + 10_000).unwrap() else { panic!() };
    // A part of the first batch: only its rejected item.
    assert_eq!(c.positions, vec![19]);
    assert!(String::from_utf8_lossy(&c.request.body).contains("C19"));
    assert!(!String::from_utf8_lossy(&c.request.body).contains("C18"));
}

#[test]
fn state_round_trips_and_continues() {
    let mut d = batch_push(100, 10, PushOptions { concurrency: 2, rate: Some(5.0), seed: 9, ..PushOptions::default() });
    let mut p = Platform::new(true, 10, |n| if n == 2 { Fault::Partial } else { Fault::None });
    let mut now = T0;
    run(&mut d, &mut p, &mut now, Some(4));
    let text = serde_json::to_vec(&d.state()).unwrap();
    let state = PushState::from_json_text(&text).unwrap();
    let mut copy = PushDriver::restore(flagship(), state).unwrap();
    assert_eq!(copy.report().accepted, d.report().accepted);
    assert_eq!(copy.report().rejected, d.report().rejected);
    assert_eq!(copy.options(), d.options());
    run(&mut copy, &mut p, &mut now, None);
    let r = copy.report();
    assert_eq!(r.accepted.len() + r.rejected.len(), 100);
    assert!(PushState::from_json_text(b"{}").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the faults, the driver keeps its limits, settles every item
    /// as the platform saw it, and never sends a non-upsert item twice.
    #[test]
    fn limits_hold_and_reports_match_the_platform(
        upsert in any::<bool>(),
        n in 1usize..260,
        max_items in 1usize..40,
        concurrency in 1usize..7,
        rate in prop::option::of(1u32..40),
        margin in 0u64..200,
        latency in 1i64..400,
        seed in any::<u64>(),
        faults in prop::collection::vec(0u8..12, 1..40),
    ) {
        let options = PushOptions { concurrency, rate: rate.map(f64::from), rate_margin_ms: margin, seed, max_attempts: 4, backoff_base_ms: 100, backoff_cap_ms: 2000, ..PushOptions::default() };
        let mut d = if upsert { batch_push(n, max_items, options) } else { add_goods_push(n, max_items.min(50), options) };
        let table = faults.clone();
        let mut p = Platform::new(upsert, latency, move |k| match table[(k as usize) % table.len()] {
            0 => Fault::RateLimit,
            1 => Fault::Clock,
            2 => Fault::Gateway,
            3 => Fault::Lost(false),
            4 => Fault::Lost(true),
            5 => Fault::Partial,
            _ => Fault::None,
        });
        let mut now = T0;
        run(&mut d, &mut p, &mut now, None);
        prop_assert!(p.max_in_flight <= concurrency);
        if let Some(r) = rate {
            // Any window of 1000 ms (and of 1000 + margin ms) holds at most `rate` sends.
            for (i, &t) in p.sends.iter().enumerate() {
                let in_window = p.sends[i..].iter().take_while(|&&u| u < t + 1000 + margin as i64).count();
                prop_assert!(in_window <= r as usize, "{in_window} sends from {t}");
            }
        }
        let r = d.report();
        let mut all: Vec<usize> = r.accepted.iter().chain(r.unknown.iter()).chain(r.unsent.iter()).copied().chain(r.rejected.iter().filter_map(|x| x.index)).collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
        for &a in &r.accepted {
            prop_assert!(p.applied.get(&a).copied().unwrap_or(0) >= 1, "accepted but never applied: {}", a);
        }
        if !upsert {
            // (An upsert's item may have been applied by a call whose answer
            // was lost, then refused when sent again.)
            for x in &r.rejected {
                prop_assert!(!p.applied.contains_key(&x.index.unwrap()));
            }
        }
        for &u in &r.unsent {
            prop_assert!(upsert || !p.applied.contains_key(&u));
        }
        if !upsert {
            prop_assert!(p.applied.values().all(|&c| c == 1));
        }
        prop_assert_eq!(r.calls, p.calls);
    }

    /// Killed at any answer and resumed from the journal (with a last line
    /// cut short or not), a push ends as if it had run through: every item
    /// settled, non-upserts never applied twice, upserts applied twice only
    /// when their call was in flight at the kill.
    #[test]
    fn resume_from_any_answer(
        upsert in any::<bool>(),
        n in 1usize..200,
        concurrency in 1usize..5,
        kill in 1usize..12,
        torn in any::<bool>(),
        rate in prop::option::of(1u32..30),
        faults in prop::collection::vec(0u8..10, 1..20),
    ) {
        let options = PushOptions { concurrency, rate: rate.map(f64::from), max_attempts: 10, backoff_base_ms: 10, backoff_cap_ms: 100, ..PushOptions::default() };
        let make = |n: usize| if upsert { batch_push(n, 20, options.clone()) } else { add_goods_push(n, 20, options.clone()) };
        let mut d = make(n);
        let table = faults.clone();
        let mut p = Platform::new(upsert, 50, move |k| match table[(k as usize) % table.len()] {
            0 => Fault::RateLimit,
            1 => Fault::Gateway,
            2 => Fault::Lost(true),
            3 => Fault::Partial,
            _ => Fault::None,
        });
        let mut now = T0;
        let (mut journal, done) = run(&mut d, &mut p, &mut now, Some(kill));
        let in_flight: Vec<usize> = if done { Vec::new() } else {
            let before = d.report();
            (0..n).filter(|i| !before.accepted.contains(i) && !before.unknown.contains(i) && !before.unsent.contains(i) && !before.rejected.iter().any(|r| r.index == Some(*i))).collect()
        };
        if torn {
            journal.extend_from_slice(br#"{"event":"answer","call":99"#);
        }
        // The same input planned again (as make does).
        let plan = if upsert {
            plan("goods.Goods.batchPush", goods(n), &PlanOptions { max_items: Some(20), ..PlanOptions::default() }).unwrap()
        } else {
            plan("addGoods", add_goods(n), &PlanOptions { max_items: Some(20), ..PlanOptions::default() }).unwrap()
        };
        let client = if upsert { flagship() } else { ymcart() };
        let op = if upsert { "goods.Goods.batchPush" } else { "addGoods" };
        let before = p.applied.clone();
        let accepted_before = d.report().accepted;
        let mut d2 = PushDriver::resume(client, op, plan, options.clone(), &journal).unwrap();
        run(&mut d2, &mut p, &mut now, None);
        let r = d2.report();
        let mut all: Vec<usize> = r.accepted.iter().chain(r.unknown.iter()).chain(r.unsent.iter()).copied().chain(r.rejected.iter().filter_map(|x| x.index)).collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
        // Settled items are never sent again.
        for pos in &accepted_before {
            prop_assert_eq!(p.applied.get(pos), before.get(pos), "position {} sent again after it was accepted", pos);
            prop_assert!(r.accepted.contains(pos));
        }
        if !upsert {
            for (&pos, &count) in &p.applied {
                prop_assert_eq!(count, 1, "position {} applied twice", pos);
            }
        }
        if !upsert {
            // What was in flight at the kill is unknown after the resume, never resent.
            for &i in &in_flight {
                prop_assert!(r.unknown.contains(&i), "in flight at the kill but not unknown: {}", i);
            }
        }
        if upsert {
            prop_assert_eq!(sorted(r.unknown.clone()), Vec::<usize>::new());
        }
        // The rate limit held across the kill: the resumed run kept its
        // distance from the killed run's last sends.
        if let Some(rate) = rate {
            for (i, &t) in p.sends.iter().enumerate() {
                let in_window = p.sends[i..].iter().take_while(|&&u| u < t + 1000).count();
                prop_assert!(in_window <= rate as usize, "{} sends from {}", in_window, t);
            }
        }
    }
}

#[test]
fn an_upserts_unmentioned_items_are_resent_alone() {
    // updateSkuQty lists per-item results: items it does not mention are
    // unknown, and as it is an upsert the driver sends only those again.
    let items = vec![json!({"codeno": "A", "num": 1}), json!({"codeno": "B", "num": 2}), json!({"codeno": "C", "num": 3})];
    let p = plan("updateSkuQty", items, &PlanOptions::default()).unwrap();
    let mut d = PushDriver::new(ymcart(), "updateSkuQty", p, PushOptions { backoff_base_ms: 10, backoff_cap_ms: 20, ..PushOptions::default() }).unwrap();
    let PushAction::Send(first) = d.next(T0).unwrap() else { panic!() };
    let o = d.feed(first.call, T0 + 10, 200, &[], br#"{"code":0,"msg":[{"codeno":"A","msg":"success"},{"codeno":"B","msg":"sku_null"}]}"#).unwrap();
    assert_eq!((o.accepted.clone(), o.unknown.clone(), o.retry), (vec![0], vec![2], Retry::Resend));
    let PushAction::Wait(Some(ms)) = d.next(T0 + 10).unwrap() else { panic!() };
    let PushAction::Send(again) = d.next(T0 + 10 + ms as i64).unwrap() else { panic!() };
    assert_eq!((again.positions.clone(), again.retry), (vec![2], Some(Retry::Resend)));
    let body = String::from_utf8_lossy(&again.request.body).into_owned();
    assert!(body.contains("%22C%22") && !body.contains("%22A%22"), "{body}");
    d.feed(again.call, T0 + 100, 200, &[], br#"{"code":0,"msg":[{"codeno":"C","msg":"success"}]}"#).unwrap();
    assert!(matches!(d.next(T0 + 100).unwrap(), PushAction::Done));
    let r = d.report();
    assert_eq!((r.accepted, r.unknown, r.retries.resend), (vec![0, 2], vec![], 1));
    assert_eq!(r.rejected.iter().map(|x| (x.index, x.message.as_str())).collect::<Vec<_>>(), vec![(Some(1), "sku_null")]);
}

#[test]
fn plans_round_trip_through_json() {
    let mut items = goods(7);
    items[2]["goods_no"] = json!("");
    items[4]["spec_list"][0]["retail_price"] = serde_json::from_str("1.10").unwrap();
    let p = plan("goods.Goods.batchPush", items, &PlanOptions { max_items: Some(3), on_invalid: crate::OnInvalid::Skip, ..PlanOptions::default() }).unwrap();
    let text = plan_to_json(&p);
    let back = plan_from_json(&text).unwrap();
    assert_eq!(back.batches, p.batches);
    assert_eq!(back.invalid, p.invalid);
    // Exact numbers: 1.10 keeps its text.
    assert!(back.batches.iter().any(|b| String::from_utf8_lossy(&b.body_json()).contains("1.10")));
    assert!(plan_from_json(b"{}").is_err());
}
