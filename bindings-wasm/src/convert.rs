//! Host values ⇄ the core's JSON values.
//!
//! JS → JSON ([`from_js`], walking in `convert.js`): plain objects, arrays, strings, booleans, `null`
//! and `undefined` (both `null`), numbers and BigInts. A number travels as its
//! shortest decimal form (`0.1` stays `"0.1"`, never the binary fraction); an
//! integer beyond ±(2^53−1) has already lost digits in JS, so it is reported
//! (`unsafe_integer`) instead of guessed. Every value that has no JSON form
//! becomes `null` plus an error record from the core's catalogue, at its own
//! location: lone surrogates (`string_unicode`), NaN/±Infinity
//! (`decimal_not_finite`), functions, symbols, class instances such as `Date`
//! or `Map` (`unsupported_type`), containers nested deeper than
//! [`skuwire::MAX_DEPTH`] inside one item (`nesting_too_deep`, which also
//! stops cycles). Nothing is dropped, truncated or rounded.
//!
//! JSON → JS ([`Json`]): plain objects and arrays; a number is a JS number when
//! it is an integer within ±(2^53−1), otherwise its exact decimal text as a
//! string (`"59.90"`, `"12345678901234567890"`), the same rule as the Node
//! package.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;
use crate::error::internal;
use skuwire::{ErrorRecord, Loc, LocItem, MAX_DEPTH};
use wasm_bindgen::prelude::*;

/// 2^53 − 1: the largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

// The walk itself runs in JS (src/convert.js): one call across the boundary
// per argument instead of several per value, which is what makes 100,000
// items take a fraction of a second.
#[wasm_bindgen(module = "/src/convert.js")]
extern "C" {
    /// `[json_text, errors_json]`; throws what the caller's own getters throw.
    #[wasm_bindgen(catch)]
    fn host_to_json(value: &JsValue, list: bool, max_depth: u32) -> Result<js_sys::Array, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    // `catch`: a revoked Proxy throws.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// `Array.isArray(v)`.
pub fn is_js_array(v: &JsValue) -> Result<bool, JsValue> {
    is_array(v)
}

/// Converts one JS argument into a JSON value and the host-conversion errors
/// (bad values replaced by `null`). `list`: the argument is an array of items,
/// each item's nesting counted from the item. `Err` only carries an exception
/// thrown by the caller's own code (a getter, a Proxy trap), rethrown as is.
pub fn from_js(v: &JsValue, list: bool) -> Result<(Value, Vec<ErrorRecord>), JsValue> {
    let out = host_to_json(v, list, MAX_DEPTH as u32)?;
    let text = out.get(0).as_string().unwrap_or_default();
    reserve_heap(text.len());
    let value: Value = serde_json::from_str(&text).map_err(|e| internal(&format!("host JSON: {e}")))?;
    let notes_text = out.get(1).as_string().unwrap_or_default();
    let notes: Vec<(Vec<Value>, String, String)> =
        serde_json::from_str(&notes_text).map_err(|e| internal(&format!("host notes: {e}")))?;
    let mut errors = Vec::with_capacity(notes.len());
    for (loc, kind, text) in notes {
        let loc: Loc = loc
            .into_iter()
            .map(|l| match l {
                Value::String(k) => LocItem::Key(k),
                other => LocItem::Index(other.as_u64().unwrap_or(0) as usize),
            })
            .collect();
        errors.push(match kind.as_str() {
            "string_unicode" => ErrorRecord::string_unicode(loc, &text),
            "not_finite" => ErrorRecord::not_finite(loc, &text),
            "unsafe_integer" => ErrorRecord::unsafe_integer(loc, &text),
            "unsupported_type" => ErrorRecord::unsupported_type(loc, &text, Value::Null),
            "nesting_too_deep" => ErrorRecord::nesting_too_deep(loc),
            other => return Err(internal(&format!("host note {other}"))),
        });
    }
    Ok((value, errors))
}

/// Grows the wasm heap once, up front, to about what parsing and checking
/// `json_len` bytes of JSON will use: the allocator otherwise grows memory
/// 64 KiB at a time, and each `memory.grow` is slow in JS engines. Freed
/// memory stays with the allocator for the rest of the call (and later ones).
fn reserve_heap(json_len: usize) {
    const SMALL: usize = 1 << 20;
    if json_len > SMALL {
        drop(Vec::<u8>::with_capacity(json_len.saturating_mul(8)));
    }
}

/// A JSON value as JS sees it (see the module docs for numbers).
pub struct Json<'a>(pub &'a Value);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => match safe_integer(n.as_str()) {
                Some(i) => s.serialize_i64(i),
                None => s.serialize_str(n.as_str()),
            },
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Json(item))?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, &Json(v))?;
                }
                m.end()
            }
        }
    }
}

/// An owned [`Json`], for fields of output structs.
pub struct JsonOut(pub Value);

impl Serialize for JsonOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Json(&self.0).serialize(s)
    }
}

/// `Some` for integer text (`-12`, `0`) within ±(2^53−1).
fn safe_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let i: i64 = text.parse().ok()?;
    (i.abs() <= MAX_SAFE_INTEGER).then_some(i)
}

/// Serializes an output value into plain JS objects and arrays (through
/// JSON text and `JSON.parse`: one call across the boundary).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| crate::error::internal(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}
