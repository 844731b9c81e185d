//! `QueryPlan::new` with random parameters and options, then a bounded
//! number of steps feeding random or server-like answers (and transport
//! errors, resumes, out-of-order feeds). Checks: no panic, no endless run
//! (every step is bounded and the loop has at most 64 steps), a failed
//! answer never advances the plan, a good one always does, rows are counted
//! exactly, and `state()` round-trips through JSON and `resume`.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use skuwire::{BeijingDateTime, ErrorCode, OpKind, Platform, QueryOptions, QueryPlan, QueryState, RowType};
use skuwire_fuzz::{check_outcome, pick_op, Gen, Header};

const DAY: i64 = 86_400;

fn time_value(u: &mut Unstructured, secs: i64) -> arbitrary::Result<Value> {
    let t = BeijingDateTime::from_unix(secs.clamp(-62_000_000_000, 253_000_000_000));
    Ok(match (u.int_in_range(0..=7u8)?, t) {
        (0, _) => Value::from(secs),
        (1, Some(t)) => Value::String(t.to_rfc3339()),
        (2, Some(t)) => Value::String(BeijingDateTime::from_unix(t.unix() - 8 * 3600).map_or(String::new(), |x| x.to_wire().replace(' ', "T") + "Z")),
        (3, _) => {
            let n = u.int_in_range(0..=24usize)?.min(u.len());
            Value::String(String::from_utf8_lossy(u.bytes(n)?).into_owned())
        }
        (4, _) => Value::Null,
        (_, Some(t)) => Value::String(t.to_wire()),
        (_, None) => Value::from(secs),
    })
}

fn params(u: &mut Unstructured, op: &'static skuwire::Operation) -> arbitrary::Result<Value> {
    let mut g = Gen::new(u, None);
    let mut p = match g.object(op.item, 0)? {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    // Drop the generated paging fields most of the time: the plan owns them.
    if g.u.int_in_range(0..=7u8)? != 0 {
        p.shift_remove("page_no");
        p.shift_remove("page_size");
    }
    if let Some(w) = op.paging.as_ref().and_then(|pg| pg.window.as_ref()) {
        let start = g.u.int_in_range(946_684_800i64..=1_900_000_000)?;
        let len = match g.u.int_in_range(0..=9u8)? {
            0 => 0,
            1 => 30 * DAY - 1,
            2 => 30 * DAY,
            3 => 90 * DAY + 1,
            4 => -1,
            5 => g.u.int_in_range(0..=4000 * DAY)?,
            _ => g.u.int_in_range(0..=3 * DAY)?,
        };
        if g.u.int_in_range(0..=15u8)? != 0 {
            p.insert(w.start.to_owned(), time_value(g.u, start)?);
        }
        if g.u.int_in_range(0..=15u8)? != 0 {
            p.insert(w.end.to_owned(), time_value(g.u, start.saturating_add(len))?);
        }
    }
    Ok(Value::Object(p))
}

/// An answer shaped like the platform's: `code`, the rows at the list field,
/// the total where the platform puts it.
fn server_answer(u: &mut Unstructured, plan: &QueryPlan) -> arbitrary::Result<Vec<u8>> {
    let op = plan.operation();
    let paging = op.paging.as_ref().expect("queries page");
    let size = plan.page_size() as usize;
    let n = match u.int_in_range(0..=5u8)? {
        0 => 0,
        // A page size may be raised far past what a test can hold (issue 12):
        // the rows are capped, not the size.
        1 => size.min(129).saturating_sub(1),
        2 => u.int_in_range(0..=size.min(64))?,
        _ => size.min(128),
    };
    let base: i64 = u.int_in_range(0..=40)?;
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = Map::new();
        if let Some(k) = paging.row_key {
            let id = match u.int_in_range(0..=7u8)? {
                0 => Value::from(u.int_in_range(0..=20i64)?), // repeats
                1 => Value::from(format!("k{}", u.int_in_range(0..=9u8)?)),
                2 => Value::Null,
                3 => Value::from(i64::MAX - u.int_in_range(0..=3i64)?),
                _ => Value::from((base + i as i64).to_string()),
            };
            row.insert(k.to_owned(), id);
        }
        for _ in 0..u.int_in_range(0..=3u8)? {
            let (name, ty) = *u.choose(paging.row_types)?;
            let v = match (ty, u.int_in_range(0..=5u8)?) {
                (_, 0) => Value::from("bad"),
                (RowType::Decimal, _) => Value::from("12.3400"),
                (RowType::DateTime, _) => Value::from("2019-01-03 17:29:34"),
                (RowType::Int, _) => Value::from("42"),
                (_, _) => Value::from(1_700_000_000i64),
            };
            row.insert(name.to_owned(), v);
        }
        rows.push(if u.int_in_range(0..=31u8)? == 0 { Value::from(7) } else { Value::Object(row) });
    }
    let mut body = Map::new();
    body.insert("code".into(), if u.int_in_range(0..=7u8)? == 0 { Value::from("0") } else { Value::from(0) });
    // Put the rows at the (dotted) list path.
    let mut parts: Vec<&str> = paging.list_field.split('.').collect();
    let last = parts.pop().expect("a list field");
    let mut leaf = Map::new();
    leaf.insert(last.to_owned(), Value::Array(rows));
    let mut value = Value::Object(leaf);
    for p in parts.iter().rev() {
        let mut m = Map::new();
        m.insert((*p).to_owned(), value);
        value = Value::Object(m);
    }
    if let Value::Object(m) = value {
        body.extend(m);
    }
    if let Some(tf) = paging.total_field {
        if u.arbitrary()? {
            let t = u.int_in_range(0..=300u16)?;
            body.insert(tf.to_owned(), if u.arbitrary()? { Value::from(t.to_string()) } else { Value::from(t) });
        }
    }
    Ok(serde_json::to_vec(&Value::Object(body)).expect("serializes"))
}

fn round_trip(plan: &QueryPlan) -> QueryPlan {
    let state = plan.state();
    let json = serde_json::to_value(&state).expect("a state serializes");
    let back = QueryState::from_json(&json).expect("a state deserializes");
    assert_eq!(back, state, "state JSON round trip");
    let resumed = QueryPlan::resume(back).unwrap_or_else(|e| panic!("resume refused the plan's own state {state:?}: {e:?}"));
    assert_eq!(resumed.state(), state, "resume gives the same state");
    resumed
}

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut h = Header::new(data);
    let op = pick_op(h.byte(), |op| op.kind == OpKind::Query && op.platform != Platform::Flagship);
    let flags = h.byte();
    let page_size = match h.byte() {
        0 => None,
        b if b < 200 => Some(u32::from(b % 8)),
        b => Some(u32::from(b) * 3),
    };
    let max_window_secs = match h.byte() {
        0..=199 => None,
        200 => Some(0),
        201 => Some(1),
        202 => Some(30 * DAY + 1),
        b => Some(i64::from(b - 200) * 3600),
    };
    let opts = QueryOptions { page_size, max_window_secs, strict: flags & 2 != 0, dedup: flags & 4 == 0 };
    let p = if flags & 1 == 0 {
        // JSON mode: a length-prefixed parameter object, then the steps.
        skuwire::parse_json_input(h.chunk()).unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    let mut u = Unstructured::new(h.rest());
    let p = if flags & 1 == 0 { p } else { params(&mut u, op)? };
    let mut plan = match QueryPlan::new(op.name, p, &opts) {
        Ok(plan) => plan,
        Err(e) => {
            assert!(matches!(e.code(), ErrorCode::Validation | ErrorCode::InvalidArgument), "{e:?}");
            return Ok(());
        }
    };
    assert!(plan.window_count() >= 1);
    let mut outstanding = false;
    for _ in 0..64 {
        if u.is_empty() {
            break;
        }
        let before = plan.state();
        match u.int_in_range(0..=15u8)? {
            0 => {
                // Feeding without a request is a state error that changes nothing.
                if !outstanding {
                    let e = plan.feed(200, b"{\"code\":0}").expect_err("no request outstanding");
                    assert_eq!(e.code(), ErrorCode::State);
                    assert_eq!(plan.state(), before);
                }
            }
            1 => {
                plan = round_trip(&plan);
                outstanding = false;
            }
            2 if outstanding => {
                let page = plan.feed_transport_error("timed out").expect("a request is outstanding");
                assert!(!page.ok());
                assert_eq!(plan.state(), before, "a transport error advanced the plan");
                outstanding = false;
            }
            3 => {
                // A request is sent and its answer is still out.
                outstanding = plan.next_batch().is_some();
            }
            k => {
                let Some(batch) = plan.next_batch() else {
                    assert!(plan.is_done());
                    assert_eq!(plan.window_index(), plan.window_count());
                    break;
                };
                assert_eq!(plan.next_batch().as_ref(), Some(&batch), "the same request until an answer is fed");
                let (status, body) = if k < 6 {
                    let status = *u.choose(&[200u16, 200, 500, 429, 404])?;
                    let n = usize::from(u.arbitrary::<u16>()?).min(u.len());
                    (status, u.bytes(n)?.to_vec())
                } else {
                    (200, server_answer(&mut u, &plan)?)
                };
                let page = plan.feed(status, &body).expect("a request is outstanding");
                check_outcome(&batch, status, &page.outcome);
                if page.ok() {
                    assert_eq!(page.received, page.items.len() + page.duplicates_dropped, "rows lost or invented");
                    let after = plan.state();
                    assert_eq!(after.rows_delivered, before.rows_delivered + page.items.len() as u64);
                    assert_eq!(after.duplicates_dropped, before.duplicates_dropped + page.duplicates_dropped as u64);
                    let moved = (after.window_index, after.page_no) > (before.window_index, before.page_no) || after.done;
                    assert!(moved, "a good answer did not advance the plan: {before:?} → {after:?}");
                    assert_eq!(page.done, plan.is_done());
                } else {
                    assert_eq!(plan.state(), before, "a failed answer advanced the plan");
                }
                outstanding = false;
                let _ = round_trip(&plan);
            }
        }
        if plan.is_done() {
            assert!(plan.next_batch().is_none());
            break;
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
