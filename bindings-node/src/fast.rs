//! The JSON-text fast path for plain data.
//!
//! Walking a JS object graph through napi costs a property lookup, a key
//! list and a UTF-16 copy per value; V8's own `JSON.stringify` writes the same
//! data as text many times faster. So `index.js` (`fastpath.js`) checks each
//! item in JavaScript — plain objects and arrays only, well-formed strings,
//! finite safe numbers without an exponent, no `toJSON`, depth within
//! `MAX_DEPTH`, no cycles — and, for a payload with at least one such item,
//! hands over one `JSON.stringify` text of the whole payload (items that
//! failed the check written as `null`) with, per item, whether it passed and
//! a fingerprint of what the check saw. Here the text is parsed by serde_json
//! (the core's reader, with the core's number and key-order features) and
//! every item that failed the check, or whose parsed value does not match its
//! fingerprint, is converted by the napi walker (`convert::Walker`) exactly
//! as before — so every error record (type, location, message) is the
//! walker's, and data is never lost to `JSON.stringify`'s silent forms
//! (`NaN` → `null`, a function property left out, a `Date` as text).
//!
//! The fingerprint guards against values that change between the check's
//! read and `JSON.stringify`'s (a getter, a proxy): it hashes the kind of
//! every value in order and the size of every container, as both sides see
//! them. Numbers are also re-checked here: their text must be the one the
//! walker would write (`convert::number_text`).

use crate::convert::{check, number_text, Converted, Raw, Walker};
use napi::sys;
use serde_json::Value;
use skuwire::{ErrorRecord, LocItem};
use std::ptr;

/// One step of the fingerprint, as `fastpath.js` computes it:
/// `h = (Math.imul(h, 31) + code) | 0`.
#[inline]
fn step(h: i32, code: i32) -> i32 {
    h.wrapping_mul(31).wrapping_add(code)
}

/// Kind codes of the fingerprint (`fastpath.js` uses the same).
const NULL: i32 = 1;
const BOOL: i32 = 2;
const NUMBER: i32 = 3;
const STRING: i32 = 4;
const ARRAY: i32 = 5;
const OBJECT: i32 = 6;

/// The fingerprint of a parsed item, or `None` when one of its numbers is
/// not written as the walker would write it (it then takes the walker).
pub fn fingerprint(v: &Value) -> Option<i32> {
    fn go(v: &Value, h: i32) -> Option<i32> {
        Some(match v {
            Value::Null => step(h, NULL),
            Value::Bool(_) => step(h, BOOL),
            Value::Number(n) => {
                if !number_as_walker_writes(n.as_str()) {
                    return None;
                }
                step(h, NUMBER)
            }
            Value::String(_) => step(h, STRING),
            Value::Array(items) => {
                let mut h = step(h, ARRAY);
                for item in items {
                    h = go(item, h)?;
                }
                step(h, items.len() as i32)
            }
            Value::Object(map) => {
                let mut h = step(h, OBJECT);
                for item in map.values() {
                    h = go(item, h)?;
                }
                step(h, map.len() as i32)
            }
        })
    }
    go(v, 0)
}

/// Whether `text` (a number as `JSON.stringify` wrote it) is exactly what
/// the walker makes of that JS number: a safe integer, or the shortest
/// plain form of a finite fraction.
fn number_as_walker_writes(text: &str) -> bool {
    let b = text.as_bytes();
    if b.iter().all(|&c| c.is_ascii_digit() || c == b'-') {
        // An integer: at most 16 digits and within ±(2^53 − 1).
        return crate::convert::safe_integer(text).is_some_and(|i| i.to_string() == text);
    }
    match text.parse::<f64>() {
        Ok(n) => number_text(n).is_ok_and(|t| t == text),
        Err(_) => false,
    }
}

/// The bytes of a Buffer or Uint8Array argument (borrowed from JS for the
/// duration of the call), or `None` for any other value.
///
/// # Safety
/// The slice lives as long as the JS value, which the caller keeps alive
/// (it is an argument of the current call) and does not touch from JS
/// while the slice is in use.
pub unsafe fn bytes_of<'a>(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Option<&'a [u8]>> {
    let mut is = false;
    check(env, unsafe { sys::napi_is_typedarray(env, v, &mut is) })?;
    if !is {
        return Ok(None);
    }
    let mut kind = 0;
    let mut len = 0usize;
    let mut data = ptr::null_mut();
    let mut ab = ptr::null_mut();
    let mut offset = 0usize;
    check(env, unsafe { sys::napi_get_typedarray_info(env, v, &mut kind, &mut len, &mut data, &mut ab, &mut offset) })?;
    if kind != sys::TypedarrayType::uint8_array {
        return Ok(None);
    }
    if len == 0 || data.is_null() {
        return Ok(Some(&[]));
    }
    Ok(Some(unsafe { std::slice::from_raw_parts(data as *const u8, len) }))
}

/// The check's results, read from the typed arrays `fastpath.js` fills.
pub struct FastInput<'a> {
    /// `JSON.stringify` of the payload (UTF-8).
    pub text: &'a [u8],
    /// Per item: 1 when it passed the check.
    pub ok: &'a [u8],
    /// Per item: the check's fingerprint (the bytes of an `Int32Array`, in
    /// the machine's byte order as JS typed arrays are).
    pub hashes: &'a [u8],
}

impl<'a> FastInput<'a> {
    /// Reads `{text, ok, hashes}` as `fastpath.js` builds it; `None` for
    /// anything else (`undefined`: the caller found nothing to speed up).
    ///
    /// # Safety
    /// As [`bytes_of`]: the object is an argument of the current call.
    pub unsafe fn from_js(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Option<FastInput<'a>>> {
        let raw = Raw { env };
        if raw.type_of(v)? != sys::ValueType::napi_object {
            return Ok(None);
        }
        let text = unsafe { bytes_of(env, raw.get_named(v, "text")?)? };
        let ok = unsafe { bytes_of(env, raw.get_named(v, "ok")?)? };
        let hashes = unsafe { bytes_of(env, raw.get_named(v, "hashes")?)? };
        Ok(match (text, ok, hashes) {
            (Some(text), Some(ok), Some(hashes)) if hashes.len() == 4 * ok.len() => Some(FastInput { text, ok, hashes }),
            _ => None,
        })
    }

    fn hash(&self, i: usize) -> Option<i32> {
        let b = self.hashes.get(4 * i..4 * i + 4)?;
        Some(i32::from_ne_bytes(b.try_into().ok()?))
    }
}

/// Items of a JS array payload `arr` (`len` items): each from the parsed
/// text when it passed the check and matches its fingerprint, otherwise
/// from the walker (locations start with its index). A text that does not
/// parse as an array of `len` values sends every item to the walker.
pub fn items(env: sys::napi_env, arr: sys::napi_value, len: u32, fast: &FastInput<'_>) -> napi::Result<Vec<(Value, Vec<ErrorRecord>)>> {
    let parsed: Vec<Value> = match serde_json::from_slice::<Vec<Value>>(fast.text) {
        Ok(v) if v.len() == len as usize && fast.ok.len() == len as usize => v,
        _ => Vec::new(),
    };
    let mut walker: Option<Walker> = None;
    let mut out = Vec::with_capacity(len as usize);
    let mut parsed = parsed.into_iter();
    for i in 0..len {
        let from_text = parsed.next().filter(|v| fast.ok[i as usize] == 1 && fingerprint(v) == fast.hash(i as usize));
        match from_text {
            Some(v) => out.push((v, Vec::new())),
            None => {
                let w = walker.get_or_insert_with(|| Walker::new(env));
                let Converted { value, errors } = w.convert_element(arr, i, vec![LocItem::Index(i as usize)])?;
                out.push((value, errors));
            }
        }
    }
    Ok(out)
}

/// One non-list payload value: from the text (`JSON.stringify` of the value
/// itself) when it passed the check and matches, otherwise from the walker.
pub fn single(env: sys::napi_env, v: sys::napi_value, fast: &FastInput<'_>) -> napi::Result<Converted> {
    if fast.ok.first() == Some(&1) {
        if let Ok(value) = serde_json::from_slice::<Value>(fast.text) {
            if fingerprint(&value) == fast.hash(0) {
                return Ok(Converted { value, errors: Vec::new() });
            }
        }
    }
    Walker::new(env).convert(v, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> bool {
        number_as_walker_writes(text)
    }

    #[test]
    fn only_the_walkers_number_text_passes() {
        for ok in ["0", "12", "-7", "9007199254740991", "-9007199254740991", "0.1", "59.9", "0.000001", "-1.5", "123456.789"] {
            assert!(num(ok), "{ok}");
        }
        for bad in ["9007199254740992", "1e21", "1e-7", "1E3", "-0", "01", "1.50", "0.10", "1.0", "", "-", "1.7976931348623157e308"] {
            assert!(!num(bad), "{bad}");
        }
    }

    #[test]
    fn the_fingerprint_follows_kinds_and_sizes_in_order() {
        let a: Value = serde_json::from_str(r#"{"a":[1,"x",null],"b":{"c":true}}"#).unwrap();
        // Computed by hand with the same steps as fastpath.js.
        let mut h = 0;
        for code in [OBJECT, ARRAY, NUMBER, STRING, NULL, 3, OBJECT, BOOL, 1, 2] {
            h = step(h, code);
        }
        assert_eq!(fingerprint(&a), Some(h));
        let swapped: Value = serde_json::from_str(r#"{"a":["x",1,null],"b":{"c":true}}"#).unwrap();
        assert_ne!(fingerprint(&swapped), fingerprint(&a));
        let fewer: Value = serde_json::from_str(r#"{"a":[1,"x",null],"b":{}}"#).unwrap();
        assert_ne!(fingerprint(&fewer), fingerprint(&a));
        let exp: Value = serde_json::from_str(r#"{"a":1e-7}"#).unwrap();
        assert_eq!(fingerprint(&exp), None);
    }
}
