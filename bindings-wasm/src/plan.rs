//! `validate()` and `plan()`: the core's validation and planning over JS
//! values. Batches are unsigned: this package cannot sign (see README).

use crate::convert::{from_js, is_js_array, to_js, wire, JsonOut};
use crate::error::{guard, records, throw, ErrorRecord};
use serde::{Deserialize, Serialize};
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

/// Options read by hand, key by key (serde's reader of a number from a JSON
/// value would link a float parser and printer into the module).
trait ReadOptions: Default {
    /// The keys, for the message about an unknown one.
    const KEYS: &'static str;
    fn set(&mut self, key: &str, value: &serde_json::Value) -> Result<(), String>;
}

impl ReadOptions for ValidateOptions {
    const KEYS: &'static str = "`strict`";
    fn set(&mut self, key: &str, value: &serde_json::Value) -> Result<(), String> {
        match key {
            "strict" => self.strict = flag(value)?,
            _ => return Err(unknown_key::<Self>(key)),
        }
        Ok(())
    }
}

impl ReadOptions for PlanOptions {
    const KEYS: &'static str = "`maxItems`, `maxBodyBytes`, `strict`, `onInvalid`";
    fn set(&mut self, key: &str, value: &serde_json::Value) -> Result<(), String> {
        match key {
            "maxItems" => self.max_items = count(value)?,
            "maxBodyBytes" => self.max_body_bytes = count(value)?,
            "strict" => self.strict = flag(value)?,
            "onInvalid" => {
                self.on_invalid = match value.as_str() {
                    Some("raise") => OnInvalid::Raise,
                    Some("skip") => OnInvalid::Skip,
                    _ => return Err(format!("expected \"raise\" or \"skip\", got {value}")),
                }
            }
            _ => return Err(unknown_key::<Self>(key)),
        }
        Ok(())
    }
}

fn unknown_key<T: ReadOptions>(key: &str) -> String {
    format!("unknown field `{key}`, expected one of {}", T::KEYS)
}

fn flag(value: &serde_json::Value) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| format!("expected a boolean, got {value}"))
}

/// A count: a non-negative integer, or null for not given.
fn count(value: &serde_json::Value) -> Result<Option<usize>, String> {
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::Number(n) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| format!("expected a non-negative integer, got {value}")),
        _ => Err(format!("expected a non-negative integer, got {value}")),
    }
}

fn options<T: ReadOptions>(options: Option<JsValue>) -> Result<T, JsValue> {
    let Some(js) = options.filter(|v| !v.is_null() && !v.is_undefined()) else { return Ok(T::default()) };
    // Read as JSON first (serde-wasm-bindgen would not see misspelt keys).
    let (value, errors) = from_js(&js)?;
    let parsed = match (errors.first(), &value) {
        (Some(e), _) => Err(format!("{}: {}", skuwire::loc_to_string(&e.loc), e.msg())),
        (None, serde_json::Value::Object(map)) => {
            let mut out = T::default();
            // (A key's message names the key; an unknown key's says so.)
            map.iter().try_for_each(|(k, v)| out.set(k, v).map_err(|e| if e.starts_with("unknown field") { e } else { format!("{k}: {e}") })).map(|_| out)
        }
        // Only objects are options.
        (None, _) => Err(format!("expected an object, got {value}")),
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
        let (text, notes) = wire(&payload, is_js_array(&payload)?)?;
        let errors = skuwire::validate_json_with_notes(op.name, text.as_bytes(), notes, opts.strict).map_err(throw)?;
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
            ..skuwire::PlanOptions::default()
        };
        // An array of items, one item, or anything else for the core to
        // report (not a list): its JSON text, read in one walk per item.
        let (text, notes) = wire(&items, is_js_array(&items)?)?;
        let planned = skuwire::plan_json_with_notes(op.name, text.as_bytes(), notes, &core_opts).map_err(throw)?;
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
