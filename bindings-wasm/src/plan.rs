//! `validate()` and `plan()`: the core's validation and planning over JS
//! values. Batches are unsigned: this package cannot sign (see README).

use crate::convert::{from_js, is_js_array, to_js, JsonOut};
use crate::error::{guard, records, throw, ErrorRecord};
use serde::{Deserialize, Serialize};
use skuwire::{ErrorType, LocItem, ValidationErrors};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// Options of `validate()`.
#[derive(Deserialize, Tsify, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ValidateOptions {
    /// Also report fields the vendor page does not list (`extra_forbidden`).
    #[tsify(optional)]
    pub strict: bool,
}

/// What `plan()` does with invalid items.
#[derive(Deserialize, Tsify, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum OnInvalid {
    /// Any problem fails the whole plan (a thrown `SkuwireError` listing every problem).
    #[default]
    Raise,
    /// Leave invalid items out of the batches and list them in `invalid`.
    Skip,
}

/// Options of `plan()`. A documented limit can only be lowered; a default skuwire chose where the page is silent can be raised.
#[derive(Deserialize, Tsify, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PlanOptions {
    /// Most items per batch (at most the operation's limit).
    #[tsify(optional)]
    pub max_items: Option<usize>,
    /// Most bytes of payload JSON per batch.
    #[tsify(optional)]
    pub max_body_bytes: Option<usize>,
    /// Report fields the vendor page does not list.
    #[tsify(optional)]
    pub strict: bool,
    /// `"raise"` (default) or `"skip"`.
    #[tsify(optional)]
    pub on_invalid: OnInvalid,
}

/// One future call, unsigned.
#[derive(Serialize, Tsify)]
pub struct Batch {
    /// The operation.
    #[tsify(type = "OperationName")]
    pub op: &'static str,
    /// The platform.
    #[tsify(type = "PlatformName")]
    pub platform: &'static str,
    /// Input positions of the items, in order.
    pub indices: Vec<usize>,
    /// The request payload (flagship: the positional-argument array).
    #[tsify(type = "JsonValue")]
    pub payload: JsonOut,
    /// The payload as compact JSON text, exactly as the core writes it
    /// (for flagship, the HTTP body).
    pub body: String,
}

/// An item left out of the batches (skip mode), with every problem it has.
#[derive(Serialize, Tsify)]
pub struct InvalidItem {
    /// Its input position.
    pub index: usize,
    /// Its problems.
    pub errors: Vec<ErrorRecord>,
}

/// The result of `plan()`.
#[derive(Serialize, Tsify)]
pub struct Plan {
    /// Batches in emission order: one per call.
    pub batches: Vec<Batch>,
    /// Items left out (skip mode only; empty in raise mode).
    pub invalid: Vec<InvalidItem>,
}

/// The operation named by `op` (a non-string is an unknown operation).
fn operation(op: &JsValue) -> Result<&'static skuwire::Operation, JsValue> {
    let name = op.as_string().unwrap_or_else(|| format!("{op:?}"));
    skuwire::operation(&name).map_err(throw)
}

fn options<T: Default + serde::de::DeserializeOwned>(options: Option<JsValue>) -> Result<T, JsValue> {
    let Some(js) = options.filter(|v| !v.is_null() && !v.is_undefined()) else { return Ok(T::default()) };
    // Read as JSON first (serde-wasm-bindgen would not see misspelt keys).
    let (value, errors) = from_js(&js, false)?;
    let parsed = match errors.first() {
        Some(e) => Err(format!("{}: {}", skuwire::loc_to_string(&e.loc), e.msg())),
        // (serde would also read a struct from an array: only objects are options.)
        None if !value.is_object() => Err(format!("expected an object, got {value}")),
        None => serde_json::from_value::<T>(value).map_err(|e| e.to_string()),
    };
    parsed.map_err(|detail| throw(skuwire::Error::invalid_option(&detail)))
}

/// Validates a payload for an operation: an array of items (locations start
/// with the item's index) or one item object. Returns every problem, in one
/// pass; an empty array means valid. Throws only for an unknown operation or
/// bad options.
#[wasm_bindgen(unchecked_return_type = "ErrorRecord[]")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "OperationName")] op: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] payload: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    guard(|| {
        let op = operation(&op)?;
        let opts: ValidateOptions = self::options(options)?;
        let (value, host_errors) = from_js(&payload, is_js_array(&payload)?)?;
        let errors = skuwire::validate_with_host_errors(op.name, &value, opts.strict, host_errors).map_err(throw)?;
        to_js(&records(errors))
    })
}

/// Splits items into unsigned batches that respect the operation's limits,
/// for preview: how many calls, which items in each, and the exact payload.
/// Raise mode (default) throws a `SkuwireError` (`code: "validation"`) listing
/// every problem; skip mode leaves invalid items out and lists them.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(
    #[wasm_bindgen(unchecked_param_type = "OperationName")] op: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown[]")] items: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    guard(|| {
        let op = operation(&op)?;
        let opts: PlanOptions = self::options(options)?;
        let core_opts = skuwire::PlanOptions {
            max_items: opts.max_items,
            max_body_bytes: opts.max_body_bytes,
            strict: opts.strict,
            on_invalid: match opts.on_invalid {
                OnInvalid::Raise => skuwire::OnInvalid::Raise,
                OnInvalid::Skip => skuwire::OnInvalid::Skip,
            },
        };
        if !is_js_array(&items)? {
            // The input as a whole is not a list: nothing can be planned.
            skuwire::Planner::new(op.name, &core_opts).map_err(throw)?;
            let (input, _) = from_js(&items, false)?;
            let record = skuwire::ErrorRecord::new(ErrorType::ListType, Vec::new(), input);
            return Err(throw(ValidationErrors { op: op.name.to_owned(), errors: vec![record] }.into()));
        }
        let (value, host_errors) = from_js(&items, true)?;
        let serde_json::Value::Array(values) = value else {
            return Err(crate::error::internal("a list converted to a non-list"));
        };
        // Host notes come in input order; each item gets those under its index.
        let mut host_errors = host_errors.into_iter().peekable();
        let items = values.into_iter().enumerate().map(|(i, item)| {
            let mut mine = Vec::new();
            while let Some(e) = host_errors.next_if(|e| e.loc.first() == Some(&LocItem::Index(i))) {
                mine.push(e);
            }
            (item, mine)
        });
        let planned = skuwire::plan_with_host_errors(op.name, items, &core_opts).map_err(throw)?;
        let out = Plan {
            batches: planned.batches.into_iter().map(|b| batch(op, b)).collect(),
            invalid: planned
                .invalid
                .into_iter()
                .map(|(index, errors)| InvalidItem { index, errors: records(errors) })
                .collect(),
        };
        to_js(&out)
    })
}

fn batch(op: &'static skuwire::Operation, b: skuwire::Batch) -> Batch {
    Batch {
        op: op.name,
        platform: b.platform().name(),
        indices: b.indices().to_vec(),
        payload: JsonOut(b.payload()),
        body: String::from_utf8_lossy(&b.body_json()).into_owned(),
    }
}
