//! Nesting flat rows into items (`PlanOptions::nest`, `core/src/engine/nest.rs`,
//! written by hand): random rows — any JSON, or real items flattened into
//! one row per list element — with random nesting options and lax mode.
//! On any input: no panic; the JSON-text input and the value input nest
//! alike (the same batches, bodies and records, or the same error); every
//! item index is in a batch or reported invalid exactly once, the indices
//! running 0..items; a record located by a row names a row that exists.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use skuwire::{LocItem, Nest, NestLists, OnInvalid, PlanOptions, ValueInput};
use skuwire_fuzz::{pick_op, plan_summary, Gen, Header};


/// An item as flat rows: its scalar fields on every row, and one row per
/// element of its first list of objects, the element's scalars as
/// `list[].field` columns (what a SQL join of goods and specs gives).
fn flatten(item: &Value, rows: &mut Vec<Value>) {
    let Value::Object(m) = item else { return rows.push(item.clone()) };
    let scalars: Map<String, Value> = m.iter().filter(|(_, v)| !v.is_array() && !v.is_object()).map(|(k, v)| (k.clone(), v.clone())).collect();
    let list = m.iter().find_map(|(k, v)| match v {
        Value::Array(a) if a.iter().all(Value::is_object) && !a.is_empty() => Some((k, a)),
        _ => None,
    });
    let Some((name, elements)) = list else { return rows.push(Value::Object(scalars)) };
    for e in elements {
        let mut row = scalars.clone();
        for (k, v) in e.as_object().into_iter().flatten() {
            if !v.is_array() && !v.is_object() {
                row.insert(format!("{name}[].{k}"), v.clone());
            }
        }
        rows.push(Value::Object(row));
    }
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header::new(data);
    let op = pick_op(h.byte(), |op| op.is_push());
    let flags = h.byte();
    let lists = match flags & 3 {
        0 | 3 => NestLists::Names,
        1 => NestLists::Fields("spec_list".into()),
        _ => NestLists::Columns(vec![("spec_list".into(), vec!["spec_no".into(), "remark".into(), "barcode".into()])]),
    };
    let key = if flags & 4 != 0 { vec!["goods_no".to_owned()] } else { Vec::new() };
    let opts = PlanOptions {
        nest: Some(Nest { lists, key }),
        lax: flags & 8 != 0,
        strict: flags & 16 != 0,
        on_invalid: if flags & 32 != 0 { OnInvalid::Raise } else { OnInvalid::Skip },
        max_items: (flags & 64 != 0).then_some(3),
        ..PlanOptions::default()
    };
    let text = h.rest();
    let rows: Value = if flags & 128 == 0 {
        match skuwire::parse_json_input(text) {
            Ok(v) => v,
            Err(_) => return,
        }
    } else {
        let mut u = Unstructured::new(text);
        let mut g = Gen::new(&mut u, Some(op));
        let mut rows = Vec::new();
        for item in g.items(op, 40).unwrap_or_default() {
            flatten(&item, &mut rows);
        }
        Value::Array(rows)
    };
    let n_rows = rows.as_array().map_or(0, Vec::len);
    let bytes = serde_json::to_vec(&rows).expect("writes");
    let from_text = skuwire::plan_json(op.name, &bytes, &opts);
    let from_value = skuwire::plan_input(op.name, ValueInput::new(&rows), &opts);
    assert_eq!(plan_summary(&from_text), plan_summary(&from_value), "nesting JSON text and values differ");
    let records: Vec<&skuwire::ErrorRecord> = match &from_value {
        Ok(plan) => {
            let mut seen: Vec<usize> = plan.invalid.iter().map(|(i, _)| *i).chain(plan.batches.iter().flat_map(|b| b.indices().to_vec())).collect();
            seen.sort_unstable();
            assert!(seen.iter().enumerate().all(|(k, &i)| k == i), "item indices not 0..items exactly once: {seen:?}");
            assert!(seen.len() <= n_rows.max(1), "more items ({}) than rows ({n_rows})", seen.len());
            plan.invalid.iter().flat_map(|(_, e)| e.iter()).collect()
        }
        Err(skuwire::Error::Validation(v)) => v.errors.iter().collect(),
        Err(_) => Vec::new(),
    };
    if n_rows > 0 {
        for r in records {
            if let Some(LocItem::Index(row)) = r.loc.first() {
                assert!(*row < n_rows, "a record located at row {row} of {n_rows}: {r:?}");
            }
        }
    }
});
