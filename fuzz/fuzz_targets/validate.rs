//! `validate` / `validate` strict for every operation: no panic, every record
//! complete and located, strict mode = loose mode + `extra_forbidden` only.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use skuwire::{ErrorType, LocItem};
use skuwire_fuzz::{pick_op, Gen, Header};

fuzz_target!(|data: &[u8]| {
    let mut h = Header::new(data);
    let op = pick_op(h.byte(), |_| true);
    let flags = h.byte();
    let payload = if flags & 1 == 0 {
        match skuwire::parse_json_input(h.rest()) {
            Ok(v) => v,
            Err(rec) => {
                assert!(matches!(rec.kind, ErrorType::JsonInvalid | ErrorType::NestingTooDeep | ErrorType::JsonDuplicateKey), "{rec:?}");
                assert!(!rec.msg().is_empty() && !rec.msg_zh().is_empty());
                return;
            }
        }
    } else {
        let mut u = Unstructured::new(h.rest());
        let mut g = Gen::new(&mut u, Some(op));
        if flags & 2 != 0 {
            g.item(op).unwrap_or(Value::Null)
        } else {
            Value::Array(g.items(op, 24).unwrap_or_default())
        }
    };
    let loose = skuwire::validate(op.name, &payload, false).expect("a registered operation validates");
    let strict = skuwire::validate(op.name, &payload, true).expect("a registered operation validates");
    for rec in &strict {
        // Every record renders in both languages and serializes as {type, loc, msg, msg_zh, input, ctx}.
        assert!(!rec.msg().is_empty() && !rec.msg_zh().is_empty(), "{rec:?}");
        let v = serde_json::to_value(rec).expect("a record serializes");
        let keys: Vec<&str> = v.as_object().expect("an object").keys().map(String::as_str).collect();
        assert_eq!(keys, ["type", "loc", "msg", "msg_zh", "input", "ctx"]);
        if let Value::Array(items) = &payload {
            match rec.loc.first() {
                Some(LocItem::Index(i)) => assert!(*i < items.len(), "loc past the input: {rec:?}"),
                _ => panic!("a list item's error is not located at its index: {rec:?}"),
            }
        }
    }
    let strict_rest: Vec<_> = strict.iter().filter(|e| e.kind != ErrorType::ExtraForbidden).cloned().collect();
    assert_eq!(strict_rest, loose, "strict mode may only add extra_forbidden records");
    // Records come in input order.
    if let Value::Array(_) = &payload {
        let firsts: Vec<usize> = loose.iter().filter_map(|e| match e.loc.first() { Some(LocItem::Index(i)) => Some(*i), _ => None }).collect();
        assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "records out of input order");
    }
});
