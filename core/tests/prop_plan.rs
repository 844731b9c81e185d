//! Property tests of planning for the shapes that `core/src/flagship/tests.rs`'s
//! `planning_is_a_partition` (ApiGoods.upload) does not cover: batchPush goods
//! with their spec lists, ProviderGoods.upload rows, and a YMCart push whose
//! items travel as one JSON list parameter (updateSkuQty `sku_res`).
//!
//! Each input mixes valid items, invalid ones and duplicates. A small model
//! written here from the documented rules says which items are invalid;
//! planning must agree with it, and must never lose, duplicate or reorder an
//! item nor exceed the item or body limit.

use proptest::prelude::*;
use serde_json::{json, Value};
use skuwire::*;
use std::collections::HashSet;

/// One generated item: its JSON, whether the model calls its fields invalid,
/// and its unique keys (as `name=value` texts).
#[derive(Clone, Debug)]
struct Item {
    value: Value,
    bad_fields: bool,
    keys: Vec<String>,
}

/// Which items the documented rules reject. Skip mode: only sent items
/// count for uniqueness. Raise mode: every item's keys count, so every twin
/// after the first is reported.
fn model_invalid(items: &[Item], on_invalid: OnInvalid) -> Vec<bool> {
    let mut seen: HashSet<&str> = HashSet::new();
    items
        .iter()
        .map(|it| {
            let mut own = HashSet::new();
            let dup = it.keys.iter().any(|k| !own.insert(k.as_str()) || seen.contains(k.as_str()));
            let invalid = it.bad_fields || dup;
            if !invalid || on_invalid == OnInvalid::Raise {
                seen.extend(it.keys.iter().map(String::as_str));
            }
            invalid
        })
        .collect()
}

/// Bytes of the payload around the items (`[[…]]`, `{"sku_res":[…]}`).
fn overhead(op: &str) -> usize {
    match operation(op).unwrap().body {
        BodyShape::ListArg => 4,
        BodyShape::JsonListParam(name) => name.len() + 7,
        other => panic!("not a list shape: {other:?}"),
    }
}

fn json_len(v: &Value) -> usize {
    serde_json::to_vec(v).unwrap().len()
}

/// Plans `items` and checks everything a caller relies on. `exact`: the
/// invalid items are exactly the model's (otherwise only the model's
/// invalid-field items must be among them).
fn check(op: &str, items: &[Item], opts: &PlanOptions, exact: bool) -> Result<(), TestCaseError> {
    let values: Vec<Value> = items.iter().map(|i| i.value.clone()).collect();
    let limit = opts.max_items.unwrap_or(operation(op).unwrap().limits.max_items);
    let too_large = |v: &Value| opts.max_body_bytes.is_some_and(|cap| overhead(op) + json_len(v) > cap);
    let model = model_invalid(items, opts.on_invalid);
    let result = plan(op, values.clone(), opts);

    if opts.on_invalid == OnInvalid::Raise {
        let expect_err = model.iter().any(|&b| b) || values.iter().any(too_large);
        match result {
            Err(Error::Validation(v)) => {
                prop_assert!(expect_err, "refused a valid input: {}", v);
                // Every reported item is one the model (or the body cap) rejects, and vice versa.
                let reported: HashSet<usize> = v.errors.iter().map(|e| match e.loc.first() {
                    Some(LocItem::Index(i)) => *i,
                    other => panic!("error not located at an item: {other:?}"),
                }).collect();
                let expected: HashSet<usize> = (0..items.len()).filter(|&i| model[i] || too_large(&values[i])).collect();
                if opts.max_body_bytes.is_none() {
                    prop_assert_eq!(reported, expected);
                } else {
                    let must: HashSet<usize> = (0..items.len()).filter(|&i| model[i]).collect();
                    prop_assert!(must.is_subset(&reported), "model-invalid items not reported: {:?} vs {:?}", must, reported);
                }
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error {e:?}"))),
            Ok(p) => {
                prop_assert!(!expect_err, "planned an input the model rejects");
                prop_assert!(p.invalid.is_empty());
                return check_batches(op, &values, &p, limit, opts.max_body_bytes);
            }
        }
    }

    let p = result.map_err(|e| TestCaseError::fail(format!("skip mode failed: {e:?}")))?;
    let mut count = vec![0u32; items.len()];
    for (i, errors) in &p.invalid {
        prop_assert!(!errors.is_empty());
        for e in errors {
            prop_assert_eq!(e.loc.first(), Some(&LocItem::Index(*i)), "error located elsewhere");
        }
        count[*i] += 1;
    }
    for b in &p.batches {
        for &i in b.indices() {
            count[i] += 1;
        }
    }
    prop_assert!(count.iter().all(|&c| c == 1), "every item exactly once: {:?}", count);
    let invalid: Vec<bool> = (0..items.len()).map(|i| p.invalid.iter().any(|(j, _)| *j == i)).collect();
    if exact {
        prop_assert_eq!(&invalid, &model, "invalid items differ from the model");
    } else {
        for i in 0..items.len() {
            if items[i].bad_fields || too_large(&values[i]) {
                prop_assert!(invalid[i], "item {} should have been left out", i);
            }
        }
    }
    check_batches(op, &values, &p, limit, opts.max_body_bytes)
}

/// Batches: non-empty, within the limits, items unchanged, in input order
/// across batches (one list, so one open batch), and filled greedily: a
/// batch is only closed when it is full or the next item would not fit.
fn check_batches(op: &str, values: &[Value], p: &Plan, limit: usize, cap: Option<usize>) -> Result<(), TestCaseError> {
    let mut last: Option<usize> = None;
    for (n, b) in p.batches.iter().enumerate() {
        prop_assert!(!b.is_empty() && b.len() <= limit, "batch of {} (limit {})", b.len(), limit);
        let body = b.body_json();
        let expected_len = overhead(op) + b.items().iter().map(json_len).sum::<usize>() + b.len() - 1;
        prop_assert_eq!(body.len(), expected_len, "body is the items joined in their list");
        if let Some(cap) = cap {
            prop_assert!(body.len() <= cap, "body {} over the cap {}", body.len(), cap);
        }
        for (&i, item) in b.indices().iter().zip(b.items()) {
            prop_assert_eq!(item, &values[i]);
            prop_assert!(last.is_none_or(|l| i > l), "item {} after item {:?}: order lost", i, last);
            last = Some(i);
        }
        if let Some(next) = p.batches.get(n + 1) {
            let first = json_len(&next.items()[0]);
            let full = b.len() == limit;
            let no_room = cap.is_some_and(|cap| body.len() + 1 + first > cap);
            prop_assert!(full || no_room, "batch {} closed early ({} items, {} bytes)", n, b.len(), body.len());
        }
    }
    Ok(())
}

fn options() -> impl Strategy<Value = (Option<usize>, Option<usize>, bool)> {
    (prop::option::of(1usize..=60), prop::option::weighted(0.4, 150usize..3000), any::<bool>())
}

fn plan_options(max_items: Option<usize>, cap: Option<usize>, raise: bool, op: &str) -> PlanOptions {
    let op_max = operation(op).unwrap().limits.max_items;
    PlanOptions {
        max_items: max_items.map(|m| m.min(op_max)),
        max_body_bytes: cap,
        on_invalid: if raise { OnInvalid::Raise } else { OnInvalid::Skip },
        ..Default::default()
    }
}

// ------------------------------------------------------------- batchPush

/// A goods: its number (from a small pool, so twins happen), its specs'
/// numbers (likewise), the length of its name, and a defect.
fn goods() -> impl Strategy<Value = Item> {
    (0u8..24, prop::collection::vec(0u8..60, 0..5), 1usize..80, prop::option::weighted(0.15, 0u8..3)).prop_map(|(no, specs, name_len, defect)| {
        let spec_list: Vec<Value> = specs
            .iter()
            .enumerate()
            .map(|(j, s)| {
                let mut spec = json!({"spec_no": format!("S{s}"), "retail_price": "59.90"});
                if defect == Some(2) && j == 0 {
                    spec["retail_price"] = json!("1.23456"); // five places: never rounded, refused
                }
                spec
            })
            .collect();
        let mut value = json!({"goods_no": format!("G{no}"), "goods_name": "保".repeat(name_len), "spec_list": spec_list});
        match defect {
            Some(0) => value["goods_type"] = json!(9), // not a documented goods_type
            Some(1) => value["goods_name"] = json!("名".repeat(256)), // String(255)
            _ => {}
        }
        let mut keys = vec![format!("goods_no=G{no}")];
        keys.extend(specs.iter().map(|s| format!("spec_no=S{s}")));
        let defect_here = defect.is_some_and(|d| d < 2 || (d == 2 && !specs.is_empty()));
        Item { value, bad_fields: defect_here || specs.is_empty(), keys }
    })
}

// --------------------------------------------------------- ProviderGoods

fn provider_row() -> impl Strategy<Value = Item> {
    (0u8..4, 0u8..40, prop::option::weighted(0.15, 0u8..2)).prop_map(|(p, s, defect)| {
        let mut value = json!({"provider_no": format!("P{p}"), "spec_no": format!("S{s}"), "price": "12.5", "remark": "供应商 & 货品"});
        match defect {
            Some(0) => value["price"] = json!("1e3"), // exponent: refused
            Some(1) => value["spec_no"] = json!("码".repeat(41)), // String(40), like batchPush
            _ => {}
        }
        let spec = value["spec_no"].as_str().unwrap().to_owned();
        Item { value, bad_fields: defect.is_some(), keys: vec![format!("provider_no+spec_no=P{p}+{spec}")] }
    })
}

// ------------------------------------------------- YMCart updateSkuQty

fn sku_qty_row() -> impl Strategy<Value = Item> {
    (any::<bool>(), 1u32..40, -50i64..1000, prop::option::weighted(0.15, 0u8..2)).prop_map(|(by_id, n, num, defect)| {
        let (mut value, key) = if by_id {
            (json!({"id": n, "num": num}), format!("id={n}"))
        } else {
            (json!({"codeno": format!("C-{n} 😀"), "num": num}), format!("codeno=C-{n} 😀"))
        };
        match defect {
            Some(0) => value["num"] = json!("1.5"), // stock is a whole number
            Some(1) => value["price"] = json!(-1), // money is not negative
            _ => {}
        }
        Item { value, bad_fields: defect.is_some(), keys: vec![key] }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// batchPush without a body cap: exactly the model's items are left out
    /// (skip) or reported (raise); the rest are planned as a partition.
    #[test]
    fn batch_push_plans_a_partition(items in prop::collection::vec(goods(), 0..150), (max_items, _, raise) in options()) {
        let opts = plan_options(max_items, None, raise, "goods.Goods.batchPush");
        check("goods.Goods.batchPush", &items, &opts, true)?;
    }

    /// batchPush with a body cap: no body over the cap, items too large left
    /// out with every invalid one, the rest a partition filled greedily.
    #[test]
    fn batch_push_respects_a_body_cap(items in prop::collection::vec(goods(), 0..150), (max_items, cap, raise) in options()) {
        let opts = plan_options(max_items, cap.or(Some(600)), raise, "goods.Goods.batchPush");
        check("goods.Goods.batchPush", &items, &opts, false)?;
    }

    #[test]
    fn provider_goods_plans_a_partition(items in prop::collection::vec(provider_row(), 0..300), (max_items, cap, raise) in options()) {
        let opts = plan_options(max_items, None, raise, "purchase.ProviderGoods.upload");
        check("purchase.ProviderGoods.upload", &items, &opts, true)?;
        let opts = plan_options(max_items, cap.or(Some(400)), raise, "purchase.ProviderGoods.upload");
        check("purchase.ProviderGoods.upload", &items, &opts, false)?;
    }

    #[test]
    fn ymcart_list_param_push_plans_a_partition(items in prop::collection::vec(sku_qty_row(), 0..500), (max_items, cap, raise) in options()) {
        let opts = plan_options(max_items.map(|m| m * 4), None, raise, "updateSkuQty");
        check("updateSkuQty", &items, &opts, true)?;
        let opts = plan_options(max_items, cap.or(Some(300)), raise, "updateSkuQty");
        check("updateSkuQty", &items, &opts, false)?;
    }

    /// The streaming planner yields the same batches and invalid items as
    /// the whole-input planner, pulling items only as batches are asked for.
    #[test]
    fn plan_iter_equals_plan(items in prop::collection::vec(goods(), 0..120), (max_items, cap, _) in options()) {
        let opts = plan_options(max_items, cap, false, "goods.Goods.batchPush");
        let values: Vec<Value> = items.into_iter().map(|i| i.value).collect();
        let whole = plan("goods.Goods.batchPush", values.clone(), &opts).unwrap();
        let (mut batches, mut invalid) = (Vec::new(), Vec::new());
        for ev in plan_iter("goods.Goods.batchPush", values, &opts).unwrap() {
            match ev {
                PlanEvent::Batch(b) => batches.push(b),
                PlanEvent::Invalid { index, errors } => invalid.push((index, errors)),
            }
        }
        prop_assert_eq!(batches, whole.batches);
        prop_assert_eq!(invalid, whole.invalid);
    }
}

/// The model agrees with the vendor-documented twin rule on a fixed case,
/// so a wrong model cannot make the properties pass vacuously.
#[test]
fn the_model_rejects_twins_and_bad_fields() {
    let it = |no: &str, specs: &[&str], bad: bool| Item {
        value: Value::Null,
        bad_fields: bad,
        keys: std::iter::once(format!("goods_no={no}")).chain(specs.iter().map(|s| format!("spec_no={s}"))).collect(),
    };
    let items = [it("A", &["1"], false), it("A", &["2"], false), it("B", &["1"], false), it("C", &["3", "3"], false), it("D", &["4"], true), it("E", &["4"], false)];
    assert_eq!(model_invalid(&items, OnInvalid::Skip), [false, true, true, true, true, false]);
    // Raise: D's keys count even though D is invalid, so E is a twin.
    assert_eq!(model_invalid(&items, OnInvalid::Raise), [false, true, true, true, true, true]);
}
