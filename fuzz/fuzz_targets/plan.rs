//! `plan` / `plan_iter` with random options and items for every push
//! operation. Checks the partition invariants: every input index exactly
//! once (in a batch or reported invalid), input order kept, item and body
//! limits respected, only valid items sent; raise mode reports exactly what
//! `validate` reports; `plan_iter` yields what `plan` returns.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use skuwire::{BodyShape, Error, ErrorCode, ErrorRecord, ErrorType, LocItem, OnInvalid, PlanEvent, PlanOptions};
use skuwire_fuzz::{pick_op, Gen, Header};

/// A value without its null object members, as a body holds it.
fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), strip(x))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
        other => other.clone(),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header::new(data);
    let op = pick_op(h.byte(), |op| op.is_push());
    let flags = h.byte();
    let max_items = match h.byte() {
        0 => None,
        255 => Some(0),
        n => Some(usize::from(n)),
    };
    let max_body_bytes = match h.u16() {
        0 => None,
        1 => Some(0),
        n => Some(usize::from(n)),
    };
    let on_invalid = if flags & 2 != 0 { OnInvalid::Raise } else { OnInvalid::Skip };
    let opts = PlanOptions { max_items, max_body_bytes, strict: flags & 4 != 0, on_invalid, ..PlanOptions::default() };
    let text = h.rest();
    let items: Vec<Value> = if flags & 1 == 0 {
        match skuwire::parse_json_input(text) {
            Ok(Value::Array(items)) => items,
            _ => return,
        }
    } else {
        let mut u = Unstructured::new(text);
        let mut g = Gen::new(&mut u, Some(op));
        g.items(op, 160).unwrap_or_default()
    };
    let n = items.len();

    // A documented limit can only be lowered; a chosen default may be raised.
    let refused = max_items.is_some_and(|m| m == 0 || (m > op.limits.max_items && op.limits.documented))
        || max_body_bytes.is_some_and(|b| b == 0 || op.limits.max_body_bytes.is_some_and(|cap| b > cap));
    let result = skuwire::plan_values(op.name, &items, &opts);
    if flags & 1 == 0 {
        // The same text through the JSON-text path: the same plan.
        let same = match (&result, skuwire::plan_json(op.name, text, &opts)) {
            (Ok(a), Ok(b)) => a.batches == b.batches && a.invalid == b.invalid,
            (Err(a), Err(b)) => a.to_string() == b.to_string(),
            _ => false,
        };
        assert!(same, "plan_json and plan_values differ");
    }
    if refused {
        let e = result.expect_err("a limit above the operation's, or zero, is refused");
        assert_eq!(e.code(), ErrorCode::InvalidArgument, "{e:?}");
        return;
    }
    let limit = max_items.unwrap_or(op.limits.max_items);
    let body_cap = max_body_bytes.or(op.limits.max_body_bytes);
    let payload = Value::Array(items.clone());

    let plan = match (on_invalid, result) {
        (OnInvalid::Raise, Err(Error::Validation(v))) => {
            // Exactly validate's records, plus item_too_large for items over the body cap.
            let expected = skuwire::validate(op.name, &payload, opts.strict).expect("validates");
            let got: Vec<ErrorRecord> = v.errors.iter().filter(|e| e.kind != ErrorType::ItemTooLarge).cloned().collect();
            assert_eq!(got, expected, "raise mode reports what validate reports");
            assert!(!v.errors.is_empty());
            if body_cap.is_none() {
                assert_eq!(got.len(), v.errors.len(), "item_too_large without a body cap");
            }
            return;
        }
        (_, Err(e)) => panic!("planning failed with {e:?}"),
        (_, Ok(p)) => p,
    };
    if on_invalid == OnInvalid::Raise {
        assert!(plan.invalid.is_empty());
        let expected = skuwire::validate(op.name, &payload, opts.strict).expect("validates");
        assert!(expected.is_empty(), "raise mode planned an input with errors: {expected:?}");
    }

    // Every index exactly once.
    let mut seen = vec![0u8; n];
    for (i, errors) in &plan.invalid {
        assert!(!errors.is_empty(), "item {i} left out without a reason");
        for e in errors {
            assert_eq!(e.loc.first(), Some(&LocItem::Index(*i)), "error of item {i} located elsewhere: {e:?}");
        }
        seen[*i] += 1;
    }
    let grouped = match op.body {
        BodyShape::GroupedArg { group, .. } => Some(group),
        _ => None,
    };
    let mut last_sent: Option<usize> = None;
    for b in &plan.batches {
        assert!(!b.is_empty() && b.len() <= limit, "batch of {} items (limit {limit})", b.len());
        assert_eq!(b.indices().len(), b.items().len());
        let body = b.body_json();
        if let Some(cap) = body_cap {
            assert!(body.len() <= cap, "body of {} bytes over the cap of {cap}", body.len());
        }
        let parsed: Value = serde_json::from_slice(&body).expect("the body is JSON");
        assert_eq!(parsed, b.payload(), "body_json and payload agree");
        // A field given as null is not sent: no object member of the body is null.
        fn no_null_member(v: &Value) -> bool {
            match v {
                Value::Object(m) => m.values().all(|x| !x.is_null() && no_null_member(x)),
                Value::Array(a) => a.iter().all(no_null_member),
                _ => true,
            }
        }
        assert!(no_null_member(&parsed), "a null member was sent: {parsed}");
        assert!(b.indices().windows(2).all(|w| w[0] < w[1]), "order within a batch");
        for (&i, item) in b.indices().iter().zip(b.items()) {
            // As given, less its null members (never sent).
            assert_eq!(item, &strip(&items[i]), "item {i} changed on its way into a batch");
            seen[i] += 1;
            if let Some(g) = grouped {
                assert_eq!(item.get(g).unwrap_or(&Value::Null), b.group().unwrap_or(&Value::Null), "item in another group's batch");
            }
        }
        if grouped.is_none() {
            // One open batch: batches follow input order.
            if let Some(prev) = last_sent {
                assert!(b.indices()[0] > prev, "batches out of input order");
            }
            last_sent = b.indices().last().copied();
        }
        // Only valid items are sent.
        let errs = skuwire::validate(op.name, &Value::Array(b.items().to_vec()), opts.strict).expect("validates");
        assert!(errs.is_empty(), "a batch holds an invalid item: {errs:?}");
        let back = skuwire::Batch::from_json(&serde_json::to_value(b).expect("serializes")).expect("round trip");
        // Finding 2 (fuzz/RUNS.md): a number written `-0` must survive too.
        assert_eq!(&back, b, "Batch::from_json(to_value(batch)) changed the batch");
    }
    assert!(seen.iter().all(|&c| c == 1), "every item exactly once: {seen:?}");
    if on_invalid == OnInvalid::Skip {
        // Only sent items count in skip mode: a duplicate names an item that
        // went into a batch (or an earlier element of the same item).
        let sent: std::collections::HashSet<usize> = plan.batches.iter().flat_map(|b| b.indices().to_vec()).collect();
        for (i, errors) in &plan.invalid {
            for e in errors.iter().filter(|e| e.kind == ErrorType::DuplicateKey) {
                let first = e.ctx.get("first_loc").and_then(|l| l.get(0)).and_then(Value::as_u64).expect("first_loc") as usize;
                assert!(first == *i || sent.contains(&first), "item {i} is a duplicate of item {first}, which was not sent: {e:?}");
            }
        }
    }
    if let Some(g) = grouped {
        // Within a group, earlier items go in earlier batches.
        let mut groups: Vec<(&Value, usize)> = Vec::new();
        for b in &plan.batches {
            let key = b.group().expect("grouped batches carry their group");
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, last)) => {
                    assert!(b.indices()[0] > *last, "group {g} out of order");
                    *last = *b.indices().last().unwrap();
                }
                None => groups.push((key, *b.indices().last().unwrap())),
            }
        }
    }

    // The streaming planner yields the same batches and invalid items.
    if on_invalid == OnInvalid::Skip {
        let it = skuwire::plan_iter(op.name, items.iter().cloned(), &opts).expect("same options");
        let (mut batches, mut invalid) = (Vec::new(), Vec::new());
        for ev in it {
            match ev {
                PlanEvent::Batch(b) => batches.push(b),
                PlanEvent::Invalid { index, errors } => invalid.push((index, errors)),
            }
        }
        assert_eq!(batches, plan.batches, "plan_iter and plan differ");
        assert_eq!(invalid, plan.invalid, "plan_iter and plan differ");
    }
});
