//! Host values ⇄ the core's JSON values.
//!
//! JS → JSON ([`FromJs`]): plain objects, arrays, strings, booleans, `null`
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

use js_sys::{Array, JsString, Reflect};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use skuwire::{ErrorRecord, ErrorType, Loc, LocItem, MAX_DEPTH};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// 2^53 − 1: the largest integer a JS number holds exactly.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

#[wasm_bindgen]
extern "C" {
    // `catch`: a Proxy or a revoked Proxy may throw from any of these.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(v: &JsValue) -> Result<JsValue, JsValue>;
}

/// Converts JS values into JSON values, collecting host-conversion errors.
///
/// `Err` only carries an exception thrown by the caller's own code while we
/// read a value (a throwing getter or Proxy trap); it is rethrown unchanged.
pub struct FromJs {
    /// Conversion problems, as core error records (bad values became `null`).
    pub errors: Vec<ErrorRecord>,
    loc: Loc,
}

impl FromJs {
    /// A converter whose locations start with `prefix` (an item's index).
    pub fn new(prefix: Loc) -> Self {
        FromJs { errors: Vec::new(), loc: prefix }
    }

    fn report(&mut self, kind: ErrorType, input: Value) -> &mut ErrorRecord {
        self.errors.push(ErrorRecord::new(kind, self.loc.clone(), input));
        self.errors.last_mut().expect("just pushed")
    }

    /// Converts one item (nesting is counted from the item itself).
    pub fn item(&mut self, v: &JsValue) -> Result<Value, JsValue> {
        self.value(v, 0)
    }

    /// `depth`: how many containers enclose `v` within the item.
    fn value(&mut self, v: &JsValue, depth: usize) -> Result<Value, JsValue> {
        if v.is_null() || v.is_undefined() {
            return Ok(Value::Null);
        }
        if let Some(b) = v.as_bool() {
            return Ok(Value::Bool(b));
        }
        if let Some(f) = v.as_f64() {
            return Ok(self.number(f));
        }
        if let Some(s) = v.dyn_ref::<JsString>() {
            return Ok(self.string(s).map(Value::String).unwrap_or(Value::Null));
        }
        if v.is_bigint() {
            // A BigInt is an exact integer: keep all of its digits.
            let text: Option<String> = v.unchecked_ref::<js_sys::BigInt>().to_string(10).ok().map(String::from);
            if let Some(n @ Value::Number(_)) = text.and_then(|t| serde_json::from_slice::<Value>(t.as_bytes()).ok()) {
                return Ok(n);
            }
            return Ok(self.unsupported("bigint"));
        }
        if v.is_function() {
            return Ok(self.unsupported("function"));
        }
        if v.is_symbol() {
            return Ok(self.unsupported("symbol"));
        }
        if !v.is_object() {
            return Ok(self.unsupported(&v.js_typeof().as_string().unwrap_or_default()));
        }
        if depth >= MAX_DEPTH {
            self.report(ErrorType::NestingTooDeep, Value::Null).ctx.insert("max_depth".into(), MAX_DEPTH.into());
            return Ok(Value::Null);
        }
        if is_array(v)? {
            let len = array_len(v)?;
            let mut out = Vec::with_capacity(len.min(1 << 16) as usize);
            for i in 0..len {
                let elem = Reflect::get_u32(v, i)?;
                self.loc.push(LocItem::Index(i as usize));
                let converted = self.value(&elem, depth + 1);
                self.loc.pop();
                out.push(converted?);
            }
            return Ok(Value::Array(out));
        }
        // Only plain objects (prototype Object.prototype, from any realm, or null).
        let proto = prototype_of(v)?;
        if !(proto.is_null() || prototype_of(&proto)?.is_null()) {
            return Ok(self.unsupported(&constructor_name(v)));
        }
        let keys = object_keys(v)?;
        let mut map = Map::new();
        for key in keys.iter() {
            let value = Reflect::get(v, &key)?;
            let Some(key_js) = key.dyn_ref::<JsString>() else { continue };
            match self.string_checked(key_js) {
                Ok(k) => {
                    self.loc.push(LocItem::Key(k.clone()));
                    let converted = self.value(&value, depth + 1);
                    self.loc.pop();
                    map.insert(k, converted?);
                }
                Err(lossy) => {
                    // The key itself cannot be sent: report it under its
                    // readable (U+FFFD) form and keep the entry as null.
                    self.loc.push(LocItem::Key(lossy.clone()));
                    self.report(ErrorType::StringUnicode, Value::String(lossy.clone()));
                    self.loc.pop();
                    map.insert(lossy, Value::Null);
                }
            }
        }
        Ok(Value::Object(map))
    }

    fn number(&mut self, f: f64) -> Value {
        if !f.is_finite() {
            let text = if f.is_nan() { "NaN" } else if f > 0.0 { "Infinity" } else { "-Infinity" };
            self.report(ErrorType::DecimalNotFinite, Value::String(text.into()));
            return Value::Null;
        }
        if f.fract() == 0.0 {
            if f.abs() <= MAX_SAFE_INTEGER as f64 {
                return Value::from(f as i64);
            }
            self.report(ErrorType::UnsafeInteger, Value::String(format!("{f}")));
            return Value::Null;
        }
        // Rust prints the shortest text that reads back as the same double,
        // in plain notation (no exponent): 0.1 → "0.1", 1e-7 → "0.0000001".
        // (Parsed as a Value: the same code path the core already links.)
        match serde_json::from_slice::<Value>(format!("{f}").as_bytes()) {
            Ok(n @ Value::Number(_)) => n,
            _ => self.unsupported("number"),
        }
    }

    fn string(&mut self, s: &JsString) -> Option<String> {
        match self.string_checked(s) {
            Ok(text) => Some(text),
            Err(lossy) => {
                self.report(ErrorType::StringUnicode, Value::String(lossy));
                None
            }
        }
    }

    /// The string, or (lone surrogates) its lossy form for the error record.
    fn string_checked(&mut self, s: &JsString) -> Result<String, String> {
        if s.is_well_formed() {
            Ok(String::from(s))
        } else {
            Err(String::from(s.to_well_formed()))
        }
    }

    fn unsupported(&mut self, type_name: &str) -> Value {
        self.report(ErrorType::UnsupportedType, Value::Null).ctx.insert("type_name".into(), type_name.into());
        Value::Null
    }
}

/// `Array.isArray(v)` (a revoked Proxy throws).
pub fn is_js_array(v: &JsValue) -> Result<bool, JsValue> {
    is_array(v)
}

/// The `length` of an array (read like any property: a Proxy may throw).
pub fn array_len(v: &JsValue) -> Result<u32, JsValue> {
    Ok(Reflect::get(v, &JsValue::from_str("length"))?.as_f64().unwrap_or(0.0) as u32)
}

/// `Date`, `Map`, `Uint8Array`…: the constructor's name, for the message.
fn constructor_name(v: &JsValue) -> String {
    Reflect::get(v, &JsValue::from_str("constructor"))
        .ok()
        .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "object".to_owned())
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

/// Serializes an output value into plain JS objects and arrays.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| crate::error::internal(&e.to_string()))
}
