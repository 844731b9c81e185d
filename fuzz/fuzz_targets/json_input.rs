//! The JSON-text path of the one walk (`validate_json`, `plan_json`: jiter
//! reading, the walk checking and writing) against serde_json reading the
//! same text into values that the walk then reads (`validate`,
//! `plan_input` over a `Value`). On any bytes: no panic; where serde_json
//! reads the text cleanly (no repeated key, no nesting past MAX_DEPTH) both
//! paths give the same records, the same batches and the same bodies; where
//! it refuses the text, the text path gives the one `json_invalid` record
//! with serde_json's message; and the parse helper agrees with both.
//!
//! The first byte picks the operation (a push operation), strictness and
//! the plan mode; the rest is the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skuwire::{ErrorType, OnInvalid, PlanOptions, ValueInput};
use skuwire_fuzz::{pick_op, plan_summary};


fuzz_target!(|data: &[u8]| {
    let Some((&sel, text)) = data.split_first() else { return };
    let op = pick_op(sel >> 3, |o| o.is_push());
    let strict = sel & 1 == 1;
    let opts = PlanOptions { strict, on_invalid: if sel & 2 == 2 { OnInvalid::Skip } else { OnInvalid::Raise }, max_items: (sel & 4 == 4).then_some(2), ..Default::default() };
    let validated = skuwire::validate_json(op.name, text, strict).expect("a known operation");
    for r in &validated {
        assert!(!r.msg().is_empty() && !r.msg_zh().is_empty());
    }
    let planned = plan_summary(&skuwire::plan_json(op.name, text, &opts));
    // serde_json (arbitrary_precision) reads an object whose only key is its
    // private number token as a number; jiter reads a key: the oracle's
    // quirk, not a difference to chase.
    if text.windows(28).any(|w| w == b"$serde_json::private::Number") {
        return;
    }
    match skuwire::parse_json_input(text) {
        Ok(value) => {
            // serde_json read it cleanly: the same answers from its value.
            let from_value = skuwire::validate(op.name, &value, strict).expect("a known operation");
            assert_eq!(validated, from_value, "validate: text and value differ");
            let planned_value = plan_summary(&skuwire::plan_input(op.name, ValueInput::new(&value), &opts));
            assert_eq!(planned, planned_value, "plan: text and value differ");
        }
        Err(rec) if rec.kind == ErrorType::JsonInvalid => {
            assert_eq!(validated, vec![rec], "bad JSON is one json_invalid record with serde_json's message");
        }
        Err(rec) if rec.kind == ErrorType::JsonDuplicateKey => {
            // A repeated key: reported where it is, never dropped (unless its
            // item is refused whole for its depth).
            assert!(validated.iter().any(|r| matches!(r.kind, ErrorType::JsonDuplicateKey | ErrorType::NestingTooDeep)), "{rec:?} not in {validated:?}");
        }
        // Nesting past MAX_DEPTH counted from the payload (a list adds a
        // level its items do not have): no panic is all that is asked here;
        // the per-item records are pinned by the tests.
        Err(_) => {}
    }
});
