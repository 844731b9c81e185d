//! `parse_json_input` / `parse_json_items` on any bytes: no panic, the two
//! agree, a too-deep item is reported at its index and replaced by null.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use skuwire::{ErrorType, LocItem, MAX_DEPTH};

fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let whole = skuwire::parse_json_input(data);
    let items = skuwire::parse_json_items(data);
    match (&whole, &items) {
        (Err(a), Err(b)) => {
            assert_eq!(a.kind, ErrorType::JsonInvalid);
            assert_eq!(a, b, "both report the same bad JSON");
            assert!(!a.msg().is_empty() && !a.msg_zh().is_empty());
        }
        // Only depth and repeated keys separate them: parse_json_items reports
        // those per item.
        (Err(a), Ok(_)) => assert!(matches!(a.kind, ErrorType::NestingTooDeep | ErrorType::JsonDuplicateKey), "{a:?}"),
        (Ok(_), Err(b)) => panic!("parse_json_items refused what parse_json_input took: {b:?}"),
        (Ok(v), Ok(list)) => {
            let n = match v {
                Value::Array(a) => a.len(),
                _ => 1,
            };
            assert_eq!(list.len(), n, "one entry per item, none dropped");
            for (i, (item, errs)) in list.iter().enumerate() {
                assert!(errs.is_empty(), "a value within MAX_DEPTH has no too-deep item");
                let orig = match v {
                    Value::Array(a) => &a[i],
                    other => other,
                };
                assert_eq!(item, orig, "items are kept as parsed");
            }
            // Exact text round trip: serialize and parse again gives the same value.
            let text = serde_json::to_vec(v).expect("serializes");
            let again = skuwire::parse_json_input(&text).expect("own output parses");
            assert_eq!(&again, v);
        }
    }
    if let Ok(list) = &items {
        let is_list = data.iter().find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF) == Some(&b'[');
        for (i, (item, errs)) in list.iter().enumerate() {
            if errs.is_empty() {
                assert!(depth(item) <= MAX_DEPTH + 1, "item {i} deeper than MAX_DEPTH kept");
            } else if errs[0].kind == ErrorType::NestingTooDeep {
                assert_eq!(item, &Value::Null);
                assert_eq!(errs.len(), 1);
                assert_eq!(errs[0].loc, vec![LocItem::Index(i)]);
            } else {
                // Repeated keys: the item is kept and every record is located inside it.
                for e in errs {
                    assert_eq!(e.kind, ErrorType::JsonDuplicateKey, "{e:?}");
                    if is_list {
                        assert_eq!(e.loc.first(), Some(&LocItem::Index(i)), "{e:?}");
                    }
                    assert!(!e.msg().is_empty() && !e.msg_zh().is_empty());
                }
            }
        }
    }
});
