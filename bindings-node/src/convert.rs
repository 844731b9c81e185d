//! Host values ⇄ core values.
//!
//! JS → core: the JS module `convert.js` (one module for both npm
//! packages, `js/convert.mjs` in the repository) writes a JS value as JSON
//! text plus notes of what has no JSON form; the addon hands both to the
//! core's JSON reader ([`wire`]), which checks and writes each item in one
//! walk. The rules are documented in that module.
//!
//! core → JS (the number rule, used for payloads, items, `data`, error
//! `input`/`ctx`): a JSON number whose text is an integer within
//! ±(2^53 − 1) becomes a JS number; every other number (fractions, larger
//! integers, exponent forms) becomes a JS string holding its exact text.

use crate::error::OrThrow;
use napi::bindgen_prelude::{ToNapiValue, TypeName, ValueType};
use napi::{sys, Status};
use serde_json::{Number, Value};
use skuwire::{ErrorRecord, ErrorType, JsonInput, LocItem};
use std::ffi::c_char;
use std::ptr;

/// `napi_bigint` from `napi_valuetype` (the constant is only declared by
/// napi-sys with the `napi6` feature; `typeof` reports it on every Node).
const NAPI_BIGINT: i32 = 9;

/// Largest integer a JS number holds exactly: 2^53 − 1.
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Turns a napi status into a `Result`, keeping a pending JS exception pending.
pub fn check(env: sys::napi_env, status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        return Ok(());
    }
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if pending {
        Err(napi::Error::new(Status::PendingException, String::new()))
    } else {
        Err(napi::Error::from_status(Status::from(status)))
    }
}

/// Thin safe-ish wrappers over the raw napi calls the walk needs.
#[derive(Clone, Copy)]
pub struct Raw {
    pub env: sys::napi_env,
}

impl Raw {
    pub fn type_of(self, v: sys::napi_value) -> napi::Result<i32> {
        let mut t = 0;
        check(self.env, unsafe { sys::napi_typeof(self.env, v, &mut t) })?;
        Ok(t)
    }

    pub fn utf16(self, v: sys::napi_value) -> napi::Result<Vec<u16>> {
        // Most strings are short: one call into a small buffer; a string
        // that fills it is measured and read again.
        const FIRST: usize = 128;
        let mut buf = vec![0u16; FIRST];
        let mut written = 0usize;
        check(self.env, unsafe { sys::napi_get_value_string_utf16(self.env, v, buf.as_mut_ptr(), FIRST, &mut written) })?;
        if written < FIRST - 1 {
            buf.truncate(written);
            return Ok(buf);
        }
        let mut len = 0usize;
        check(self.env, unsafe { sys::napi_get_value_string_utf16(self.env, v, ptr::null_mut(), 0, &mut len) })?;
        let mut buf = vec![0u16; len + 1];
        let mut written = 0usize;
        check(self.env, unsafe { sys::napi_get_value_string_utf16(self.env, v, buf.as_mut_ptr(), len + 1, &mut written) })?;
        buf.truncate(written);
        Ok(buf)
    }

    /// A JS string as Rust text; `Err(lossy)` when it holds a lone surrogate.
    pub fn string(self, v: sys::napi_value) -> napi::Result<Result<String, String>> {
        let units = self.utf16(v)?;
        Ok(String::from_utf16(&units).map_err(|_| String::from_utf16_lossy(&units)))
    }

    pub fn f64(self, v: sys::napi_value) -> napi::Result<f64> {
        let mut n = 0.0;
        check(self.env, unsafe { sys::napi_get_value_double(self.env, v, &mut n) })?;
        Ok(n)
    }

    pub fn bool(self, v: sys::napi_value) -> napi::Result<bool> {
        let mut b = false;
        check(self.env, unsafe { sys::napi_get_value_bool(self.env, v, &mut b) })?;
        Ok(b)
    }

    pub fn is_array(self, v: sys::napi_value) -> napi::Result<bool> {
        let mut b = false;
        check(self.env, unsafe { sys::napi_is_array(self.env, v, &mut b) })?;
        Ok(b)
    }

    // JS values out.

    pub fn null(self) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_get_null(self.env, &mut out) })?;
        Ok(out)
    }

    pub fn boolean(self, b: bool) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_get_boolean(self.env, b, &mut out) })?;
        Ok(out)
    }

    pub fn number(self, n: f64) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_create_double(self.env, n, &mut out) })?;
        Ok(out)
    }

    pub fn str(self, s: &str) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_create_string_utf8(self.env, s.as_ptr() as *const c_char, s.len() as isize, &mut out) })?;
        Ok(out)
    }

    pub fn array(self, len: usize) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_create_array_with_length(self.env, len, &mut out) })?;
        Ok(out)
    }

    pub fn set_element(self, arr: sys::napi_value, i: u32, v: sys::napi_value) -> napi::Result<()> {
        check(self.env, unsafe { sys::napi_set_element(self.env, arr, i, v) })
    }

    /// A plain object with these own data properties, defined (not
    /// assigned), so a key such as `__proto__` stays an ordinary key.
    pub fn object(self, props: &[(sys::napi_value, sys::napi_value)]) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_create_object(self.env, &mut out) })?;
        if props.is_empty() {
            return Ok(out);
        }
        // writable | enumerable | configurable, like a JSON.parse property.
        const DATA: sys::napi_property_attributes = 1 | 2 | 4;
        let descs: Vec<sys::napi_property_descriptor> = props
            .iter()
            .map(|&(name, value)| sys::napi_property_descriptor {
                utf8name: ptr::null(),
                name,
                method: None,
                getter: None,
                setter: None,
                value,
                attributes: DATA,
                data: ptr::null_mut(),
            })
            .collect();
        check(self.env, unsafe { sys::napi_define_properties(self.env, out, descs.len(), descs.as_ptr()) })?;
        Ok(out)
    }

    /// An object from `(name, value)` pairs with Rust string names.
    pub fn object_named(self, props: &[(&str, sys::napi_value)]) -> napi::Result<sys::napi_value> {
        let mut pairs = Vec::with_capacity(props.len());
        for (k, v) in props {
            pairs.push((self.str(k)?, *v));
        }
        self.object(&pairs)
    }
}

/// A value the JS module wrote: its JSON text (UTF-8) and its notes.
pub fn wire<'a>(env: sys::napi_env, text: &'a [u8], notes: &str) -> napi::Result<JsonInput<'a>> {
    let notes = skuwire::input::notes_from_json(notes.as_bytes()).or_throw(env)?;
    Ok(JsonInput::with_notes(text, notes))
}

/// The `nest`/`nestKey` options, as the JS layer passes them: `null` or
/// the module's `[text, notes]` of `[nest, nestKey]`; the core reads them.
pub fn nest_wire(env: sys::napi_env, v: Option<Vec<String>>) -> napi::Result<Option<skuwire::Nest>> {
    let Some(v) = v else { return Ok(None) };
    let (text, notes) = (v.first().map_or("", String::as_str), v.get(1).map_or("[]", String::as_str));
    let (value, errors) = skuwire::input::read(wire(env, text.as_bytes(), notes)?).or_throw(env)?;
    if let Some(e) = errors.first() {
        return Err(crate::error::throw(env, skuwire::Error::invalid_option(&format!("nest: {}", e.msg()))));
    }
    let null = serde_json::Value::Null;
    let (nest, key) = match &value {
        serde_json::Value::Array(a) => (a.first().unwrap_or(&null), a.get(1).unwrap_or(&null)),
        _ => (&null, &null),
    };
    skuwire::Nest::from_json(nest, key, ("nest", "nestKey")).or_throw(env)
}

/// An optional integer argument, as the JS layer passes it: `null` or the
/// module's `[text, notes]`; the core's rule for integer arguments.
pub fn int_wire(env: sys::napi_env, v: Option<Vec<String>>, name: &str, context: &str) -> napi::Result<Option<i64>> {
    let Some(v) = v else { return Ok(None) };
    let (text, notes) = (v.first().map_or("", String::as_str), v.get(1).map_or("[]", String::as_str));
    skuwire::args::integer(wire(env, text.as_bytes(), notes)?, name, context).map(Some).or_throw(env)
}

/// [`int_wire`] within `min..=max`.
pub fn int_wire_in(env: sys::napi_env, v: Option<Vec<String>>, name: &str, context: &str, min: i64, max: i64) -> napi::Result<Option<i64>> {
    let Some(v) = v else { return Ok(None) };
    let (text, notes) = (v.first().map_or("", String::as_str), v.get(1).map_or("[]", String::as_str));
    skuwire::args::integer_in(wire(env, text.as_bytes(), notes)?, name, context, min, max).map(Some).or_throw(env)
}

/// A JSON number as JS: a safe integer as a number, anything else as the
/// string of its exact text.
pub fn number_to_js(raw: Raw, n: &Number) -> napi::Result<sys::napi_value> {
    let text = n.as_str();
    if let Some(i) = safe_integer(text) {
        return raw.number(i as f64);
    }
    raw.str(text)
}

/// The value of an integer text within ±(2^53 − 1).
pub fn safe_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let i: i64 = text.parse().ok()?;
    (i.unsigned_abs() <= MAX_SAFE_INTEGER as u64).then_some(i)
}

/// A core value as JS, with the number rule.
pub fn to_js(raw: Raw, v: &Value) -> napi::Result<sys::napi_value> {
    match v {
        Value::Null => raw.null(),
        Value::Bool(b) => raw.boolean(*b),
        Value::Number(n) => number_to_js(raw, n),
        Value::String(s) => raw.str(s),
        Value::Array(items) => {
            let arr = raw.array(items.len())?;
            for (i, item) in items.iter().enumerate() {
                let x = to_js(raw, item)?;
                raw.set_element(arr, i as u32, x)?;
            }
            Ok(arr)
        }
        Value::Object(map) => {
            let mut props = Vec::with_capacity(map.len());
            for (k, item) in map {
                props.push((raw.str(k)?, to_js(raw, item)?));
            }
            raw.object(&props)
        }
    }
}

/// A core value returned to JS with the number rule.
pub struct Json(pub Value);

impl TypeName for Json {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ToNapiValue for Json {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        to_js(Raw { env }, &val.0)
    }
}

/// An already built JS value.
pub struct JsValueOut(pub sys::napi_value);

impl TypeName for JsValueOut {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ToNapiValue for JsValueOut {
    unsafe fn to_napi_value(_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        Ok(val.0)
    }
}

/// Reads a credential or other string argument; a non-string throws a
/// `ValidationError` (`string_type`), a lone surrogate `string_unicode`
/// (for a secret, the record's `input` is left out).
pub fn str_arg(env: sys::napi_env, v: sys::napi_value, name: &str, context: &str, secret: bool) -> napi::Result<String> {
    let raw = Raw { env };
    let loc = vec![LocItem::Key(name.to_owned())];
    if raw.type_of(v)? != sys::ValueType::napi_string {
        let input = if secret { Value::Null } else { scalar_of(raw, v)? };
        return Err(crate::error::throw_validation(env, context, vec![ErrorRecord::new(ErrorType::StringType, loc, input)]));
    }
    match raw.string(v)? {
        Ok(s) => Ok(s),
        Err(lossy) => {
            let input = if secret { Value::Null } else { Value::String(lossy) };
            Err(crate::error::throw_validation(env, context, vec![ErrorRecord::new(ErrorType::StringUnicode, loc, input)]))
        }
    }
}

/// A non-string argument as a record's input: a boolean or a safe number
/// as itself, anything else as `null` (a credential of the wrong type is
/// never quoted at length).
fn scalar_of(raw: Raw, v: sys::napi_value) -> napi::Result<Value> {
    Ok(match raw.type_of(v)? {
        sys::ValueType::napi_boolean => Value::Bool(raw.bool(v)?),
        sys::ValueType::napi_number => {
            let n = raw.f64(v)?;
            if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER { Value::from(n as i64) } else { Value::Null }
        }
        _ => Value::Null,
    })
}

// ---- API arguments of the wrong JS type ----------------------------------
//
// napi-rs would refuse them with its own English glue text; these refuse them
// with the core's bilingual `Error::argument_type` instead.

/// A JS value's type as the error messages name it: `typeof`, with `null`
/// and `array` told apart from `object`.
pub fn type_name(env: sys::napi_env, v: sys::napi_value) -> napi::Result<&'static str> {
    let raw = Raw { env };
    Ok(match raw.type_of(v)? {
        sys::ValueType::napi_undefined => "undefined",
        sys::ValueType::napi_null => "null",
        sys::ValueType::napi_boolean => "boolean",
        sys::ValueType::napi_number => "number",
        sys::ValueType::napi_string => "string",
        sys::ValueType::napi_symbol => "symbol",
        sys::ValueType::napi_function => "function",
        NAPI_BIGINT => "bigint",
        sys::ValueType::napi_object if raw.is_array(v)? => "array",
        sys::ValueType::napi_object => "object",
        _ => "external",
    })
}

fn wrong_type(env: sys::napi_env, v: sys::napi_value, param: &str, expected: &str) -> napi::Error {
    match type_name(env, v) {
        Ok(got) => crate::error::throw(env, skuwire::Error::argument_type(param, expected, got)),
        Err(e) => e,
    }
}

pub(crate) fn is_nullish(env: sys::napi_env, v: sys::napi_value) -> napi::Result<bool> {
    let t = Raw { env }.type_of(v)?;
    Ok(t == sys::ValueType::napi_undefined || t == sys::ValueType::napi_null)
}

/// A string argument (a lone surrogate becomes U+FFFD: the core then
/// reports the text it cannot use, e.g. an unknown operation).
pub fn string_param(env: sys::napi_env, v: sys::napi_value, param: &str) -> napi::Result<String> {
    let raw = Raw { env };
    if raw.type_of(v)? != sys::ValueType::napi_string {
        return Err(wrong_type(env, v, param, "string"));
    }
    Ok(raw.string(v)?.unwrap_or_else(|lossy| lossy))
}

/// An optional string argument (`undefined`/`null` → `None`).
pub fn opt_string_param(env: sys::napi_env, v: Option<sys::napi_value>, param: &str) -> napi::Result<Option<String>> {
    match v {
        Some(v) if !is_nullish(env, v)? => string_param(env, v, param).map(Some),
        _ => Ok(None),
    }
}

/// An optional boolean argument (`undefined`/`null` → `None`).
pub fn opt_bool_param(env: sys::napi_env, v: Option<sys::napi_value>, param: &str) -> napi::Result<Option<bool>> {
    let Some(v) = v else { return Ok(None) };
    if is_nullish(env, v)? {
        return Ok(None);
    }
    let raw = Raw { env };
    if raw.type_of(v)? != sys::ValueType::napi_boolean {
        return Err(wrong_type(env, v, param, "boolean"));
    }
    raw.bool(v).map(Some)
}

/// The bytes of a body argument: a Buffer or Uint8Array (the JS layer turns
/// strings, other views and ArrayBuffers into Buffers first).
pub fn bytes_param(env: sys::napi_env, v: sys::napi_value, param: &str) -> napi::Result<Vec<u8>> {
    match bytes_of(env, v)? {
        Some(bytes) => Ok(bytes.to_vec()),
        None => Err(wrong_type(env, v, param, "Buffer, Uint8Array, ArrayBuffer or string")),
    }
}

/// The bytes of a `Uint8Array` (a `Buffer` is one), borrowed for the call;
/// `None` for anything else.
pub fn bytes_of<'a>(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Option<&'a [u8]>> {
    let mut is = false;
    check(env, unsafe { sys::napi_is_typedarray(env, v, &mut is) })?;
    if !is {
        return Ok(None);
    }
    let (mut kind, mut len, mut data, mut ab, mut offset) = (0, 0usize, ptr::null_mut(), ptr::null_mut(), 0usize);
    check(env, unsafe { sys::napi_get_typedarray_info(env, v, &mut kind, &mut len, &mut data, &mut ab, &mut offset) })?;
    if kind != sys::TypedarrayType::uint8_array {
        return Ok(None);
    }
    if len == 0 || data.is_null() {
        return Ok(Some(&[]));
    }
    // SAFETY: napi gives the view's start and length; the JS value (held
    // by the caller's arguments) keeps its buffer alive for the call, and
    // the addon does not run JS (which could detach it) while it reads.
    Ok(Some(unsafe { std::slice::from_raw_parts(data as *const u8, len) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_integer_text_becomes_a_number() {
        assert_eq!(safe_integer("12"), Some(12));
        assert_eq!(safe_integer("-9007199254740991"), Some(-9007199254740991));
        assert_eq!(safe_integer("9007199254740992"), None);
        assert_eq!(safe_integer("12.0"), None);
        assert_eq!(safe_integer("1e3"), None);
        assert_eq!(safe_integer("-"), None);
        assert_eq!(safe_integer("99999999999999999999"), None);
    }
}
