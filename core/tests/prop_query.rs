//! Query windows cover any range exactly, seen through `QueryPlan` (the
//! requests it sends), not `split_range` (whose own property is in
//! `core/src/enterprise/tests.rs`): the windows a plan asks for are contiguous, none is
//! longer than allowed, together they are exactly the range; every row of
//! the range is delivered once by a simulated server whatever the page and
//! window sizes; and a run resumed from its saved state at any point sends
//! the same remaining requests.

use proptest::prelude::*;
use serde_json::{json, Value};
use skuwire::*;
use std::collections::BTreeMap;

const OP: &str = "vip_api_goods_query.php";
const DAY: i64 = 86_400;

/// Unix seconds of a Beijing wall-clock text `yyyy-MM-dd HH:mm:ss`,
/// computed here (days from the civil date, UTC+8), not by skuwire.
fn unix_of(text: &str) -> i64 {
    let n: Vec<i64> = text.split(['-', ' ', ':']).map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (n[0], n[1], n[2]);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * DAY + n[3] * 3600 + n[4] * 60 + n[5] - 8 * 3600
}

fn param(b: &Batch, key: &str) -> String {
    match &b.payload()[key] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// How a bound is given: Unix seconds, Beijing wall-clock text, or RFC 3339 in UTC.
fn bound(secs: i64, form: u8) -> Value {
    let t = BeijingDateTime::from_unix(secs).unwrap();
    match form % 3 {
        0 => json!(secs),
        1 => json!(t.to_wire()),
        _ => json!(BeijingDateTime::from_unix(secs - 8 * 3600).unwrap().to_wire().replace(' ', "T") + "Z"),
    }
}

/// (start, length, window): up to ~1,500 windows.
fn range() -> impl Strategy<Value = (i64, i64, i64)> {
    (
        -2_000_000_000i64..4_000_000_000,
        prop_oneof![Just(0i64), Just(30 * DAY - 1), Just(30 * DAY), 0i64..3 * 365 * DAY],
        prop_oneof![Just(30 * DAY), 1i64..=30 * DAY],
    )
        .prop_filter("at most 1,500 windows", |(_, len, w)| len / w < 1_500)
}

fn plan_for(start: i64, len: i64, window: i64, forms: (u8, u8), page_size: Option<u32>) -> QueryPlan {
    let params = json!({"start_time": bound(start, forms.0), "end_time": bound(start + len, forms.1)});
    let opts = QueryOptions { max_window_secs: Some(window), page_size, ..QueryOptions::default() };
    QueryPlan::new(OP, params, &opts).unwrap()
}

/// An empty answer: the window is finished at its first page.
const EMPTY: &[u8] = br#"{"code":0,"message":"ok","total_count":"0","goods_list":[]}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// The requests a plan sends tile `[start, end]`: first starts at
    /// `start`, last ends at `end`, each begins one second after the one
    /// before ends, none spans more than the window, and there are
    /// `window_count()` of them, each on page 0.
    #[test]
    fn requested_windows_tile_the_range((start, len, window) in range(), forms in (any::<u8>(), any::<u8>())) {
        let mut plan = plan_for(start, len, window, forms, None);
        let mut asked = Vec::new();
        while let Some(b) = plan.next_batch() {
            prop_assert_eq!(param(&b, "page_no"), "0");
            asked.push((unix_of(&param(&b, "start_time")), unix_of(&param(&b, "end_time"))));
            let page = plan.feed(200, EMPTY).unwrap();
            prop_assert!(page.ok());
            prop_assert!(asked.len() <= 1_500, "more requests than windows");
        }
        prop_assert_eq!(asked.len() as u64, plan.window_count());
        prop_assert_eq!(asked[0].0, start);
        prop_assert_eq!(asked.last().unwrap().1, start + len);
        for (s, e) in &asked {
            prop_assert!(s <= e && e - s < window, "window [{}, {}] longer than {} s", s, e, window);
        }
        for w in asked.windows(2) {
            prop_assert_eq!(w[1].0, w[0].1 + 1, "gap or overlap");
        }
        // The windows the plan announces are the ones it asked for.
        let announced: Vec<(i64, i64)> = plan.windows().map(|(s, e)| (s.unix(), e.unix())).collect();
        prop_assert_eq!(announced, asked);
    }

    /// A simulated server holding rows modified around the range: every row
    /// whose `modified` is in `[start, end]` is delivered exactly once, and no
    /// other, whatever the page and window sizes.
    #[test]
    fn every_row_of_the_range_is_delivered_once(
        start in 1_500_000_000i64..1_800_000_000,
        len in 0i64..200 * DAY,
        window in prop_oneof![Just(30 * DAY), DAY..=30 * DAY, 60i64..DAY],
        page_size in 1u32..12,
        offsets in prop::collection::vec(-5 * DAY..205 * DAY, 0..120),
    ) {
        prop_assume!(len / window < 400);
        let rows: BTreeMap<i64, i64> = offsets.iter().enumerate().map(|(i, o)| (1_000 + i as i64, start + o)).collect();
        let mut plan = plan_for(start, len, window, (1, 1), Some(page_size));
        let mut got = Vec::new();
        let mut requests = 0;
        while let Some(b) = plan.next_batch() {
            requests += 1;
            prop_assert!(requests < 10_000, "the run does not end");
            let (s, e) = (unix_of(&param(&b, "start_time")), unix_of(&param(&b, "end_time")));
            let page_no: usize = param(&b, "page_no").parse().unwrap();
            let size: usize = param(&b, "page_size").parse().unwrap();
            prop_assert_eq!(size, page_size as usize);
            let hits: Vec<(&i64, &i64)> = rows.iter().filter(|(_, m)| (s..=e).contains(*m)).collect();
            let list: Vec<Value> = hits.iter().skip(page_no * size).take(size).map(|(id, m)| json!({
                "rec_id": id.to_string(),
                "modified": BeijingDateTime::from_unix(**m).unwrap().to_wire(),
            })).collect();
            let mut body = json!({"code": 0, "message": "ok", "goods_list": list});
            if page_no == 0 {
                body["total_count"] = json!(hits.len().to_string());
            }
            let page = plan.feed(200, body.to_string().as_bytes()).unwrap();
            prop_assert!(page.ok(), "{:?}", page.outcome);
            for r in &page.items {
                match r.get("rec_id") {
                    Some(Typed::Int(i)) => got.push(*i),
                    other => return Err(TestCaseError::fail(format!("rec_id {other:?}"))),
                }
            }
        }
        let mut expected: Vec<i64> = rows.iter().filter(|(_, m)| (start..=start + len).contains(*m)).map(|(id, _)| *id).collect();
        got.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(got, expected);
        prop_assert_eq!(plan.duplicates_dropped(), 0);
    }

    /// Stopping after any number of answers, saving the state as JSON and
    /// resuming gives the same remaining requests as the run that went on.
    #[test]
    fn a_resumed_run_sends_the_same_remaining_requests((start, len, window) in range(), stop in 0usize..40) {
        prop_assume!(len / window < 200);
        let mut whole = plan_for(start, len, window, (0, 0), None);
        let mut sent = Vec::new();
        while let Some(b) = whole.next_batch() {
            sent.push(b.payload());
            whole.feed(200, EMPTY).unwrap();
        }
        let mut first = plan_for(start, len, window, (0, 0), None);
        let mut again = Vec::new();
        for _ in 0..stop.min(sent.len()) {
            again.push(first.next_batch().unwrap().payload());
            first.feed(200, EMPTY).unwrap();
        }
        let text = serde_json::to_string(&first.state()).unwrap();
        let mut resumed = QueryPlan::resume(serde_json::from_str(&text).unwrap()).unwrap();
        while let Some(b) = resumed.next_batch() {
            again.push(b.payload());
            resumed.feed(200, EMPTY).unwrap();
        }
        prop_assert_eq!(again, sent);
    }
}

/// The test's own date arithmetic agrees with a known instant, so the
/// properties above do not rest on skuwire's converter.
#[test]
fn the_converter_here_knows_the_vendor_example() {
    // 2018-11-01 00:00:00 Beijing = 2018-10-31 16:00:00 UTC = 1541001600.
    assert_eq!(unix_of("2018-11-01 00:00:00"), 1_541_001_600);
    assert_eq!(unix_of("2012-01-01 00:00:00"), 1_325_347_200);
    assert_eq!(unix_of("1900-03-01 08:00:00"), -2_203_891_200);
}
