//! Host values ⇄ the core's JSON values.
//!
//! JS → core ([`wire`]): `convert.js` — the one conversion module of both
//! npm packages, whose rules its header documents — writes a JS value as
//! JSON text, with notes of what has no JSON form (a lone surrogate, NaN, an
//! unsafe integer, a `Date` or `Map`, nesting deeper than
//! [`skuwire::MAX_DEPTH`]); the core reads the text and turns each note into
//! its record. Nothing is dropped, truncated or rounded.
//!
//! JSON → JS ([`Json`]): plain objects and arrays; a number is a JS number when
//! it is an integer within ±(2^53−1), otherwise its exact decimal text as a
//! string (`"59.90"`, `"12345678901234567890"`), the same rule as the Node
//! package.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;
use skuwire::{ErrorRecord, MAX_DEPTH};
use wasm_bindgen::prelude::*;

/// 2^53 − 1: the largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

// The conversion runs in JS (src/convert.js, the module both npm packages
// share: js/convert.mjs in the repository): one call across the boundary
// per argument instead of several per value.
#[wasm_bindgen(module = "/src/convert.js")]
extern "C" {
    /// `[json_text, notes_json]`; throws what the caller's own getters throw.
    #[wasm_bindgen(catch, js_name = toWire)]
    fn to_wire(value: &JsValue, list: bool, max_depth: u32) -> Result<js_sys::Array, JsValue>;
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

/// A JS argument as the core reads it: its JSON text and the records of
/// what has no JSON form (written as `null` in the text). `list`: the
/// argument is an array of items. `Err` only carries an exception thrown by
/// the caller's own code (a getter, a Proxy trap), rethrown as is.
pub fn wire(v: &JsValue, list: bool) -> Result<(String, Vec<ErrorRecord>), JsValue> {
    let out = to_wire(v, list, MAX_DEPTH as u32)?;
    let text = out.get(0).as_string().unwrap_or_default();
    reserve_heap(text.len());
    let notes = out.get(1).as_string().unwrap_or_default();
    let notes = skuwire::input::notes_from_json(notes.as_bytes()).map_err(crate::error::throw)?;
    Ok((text, notes))
}

/// A JS value read whole into a JSON value (options): what has no JSON
/// form is `null` there and listed in the second part.
pub fn from_js(v: &JsValue) -> Result<(Value, Vec<ErrorRecord>), JsValue> {
    let (text, notes) = wire(v, false)?;
    skuwire::input::read(skuwire::JsonInput::with_notes(text.as_bytes(), notes)).map_err(crate::error::throw)
}

/// Grows the wasm heap once, up front, to about what reading and checking
/// `json_len` bytes of JSON will use: the allocator otherwise grows memory
/// 64 KiB at a time, and each `memory.grow` is slow in JS engines. Freed
/// memory stays with the allocator for the rest of the call (and later ones).
fn reserve_heap(json_len: usize) {
    const SMALL: usize = 1 << 20;
    if json_len > SMALL {
        drop(Vec::<u8>::with_capacity(json_len.saturating_mul(3)));
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
