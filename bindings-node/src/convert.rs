//! Host values ⇄ core values.
//!
//! JS → core: a walk over the JS value that builds a `serde_json::Value`
//! and records every host conversion problem (NaN, ±Infinity, unsafe
//! integers, lone surrogates, unsupported types, nesting deeper than
//! `skuwire::MAX_DEPTH`, cycles) as an `ErrorRecord` from the core's
//! catalogue, with the bad value replaced by `null`. Nothing is dropped,
//! truncated or rounded:
//!
//! * a finite number becomes the text of its shortest round-trip decimal
//!   form without exponent (`0.1` → `0.1`, `1e-7` → `0.0000001`);
//!   an integer beyond ±(2^53 − 1) is `unsafe_integer` (the JS value
//!   cannot be trusted to be the one the user meant);
//! * a BigInt becomes its exact integer text;
//! * strings must be well-formed UTF-16;
//! * an object property whose value is `undefined` is left out (as
//!   `JSON.stringify` does); `undefined` anywhere else is an unsupported type;
//! * objects with a `toJSON` method are converted through it (decimal.js,
//!   big.js, bignumber.js instances become their exact decimal strings), except
//!   `Date`, `Map`, `Set`, buffers, typed arrays and other built-ins whose JSON
//!   form would silently lose or change data: those are `unsupported_type`.
//!
//! core → JS (the number rule, used for payloads, items, `data`, error
//! `input`/`ctx`): a JSON number whose text is an integer within
//! ±(2^53 − 1) becomes a JS number; every other number (fractions, larger
//! integers, exponent forms) becomes a JS string holding its exact text.

use napi::bindgen_prelude::{ToNapiValue, TypeName, ValueType};
use napi::{sys, Status};
use serde_json::{Map, Number, Value};
use skuwire::{ErrorRecord, ErrorType, LocItem, MAX_DEPTH};
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

    /// A JS string's UTF-16 code units into `buf` (replacing its content,
    /// reusing its memory).
    pub fn utf16_into(self, v: sys::napi_value, buf: &mut Vec<u16>) -> napi::Result<()> {
        let mut len = 0usize;
        check(self.env, unsafe { sys::napi_get_value_string_utf16(self.env, v, ptr::null_mut(), 0, &mut len) })?;
        buf.clear();
        buf.reserve(len + 1);
        let mut written = 0usize;
        // Into the spare capacity: no zero-filling of what napi overwrites.
        check(self.env, unsafe { sys::napi_get_value_string_utf16(self.env, v, buf.as_mut_ptr(), len + 1, &mut written) })?;
        // SAFETY: napi wrote `written` (≤ len) code units from the start.
        unsafe { buf.set_len(written.min(len)) };
        Ok(())
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

    pub fn array_len(self, v: sys::napi_value) -> napi::Result<u32> {
        let mut n = 0u32;
        check(self.env, unsafe { sys::napi_get_array_length(self.env, v, &mut n) })?;
        Ok(n)
    }

    pub fn element(self, v: sys::napi_value, i: u32) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_get_element(self.env, v, i, &mut out) })?;
        Ok(out)
    }

    pub fn get(self, obj: sys::napi_value, key: sys::napi_value) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_get_property(self.env, obj, key, &mut out) })?;
        Ok(out)
    }

    pub fn get_named(self, obj: sys::napi_value, name: &str) -> napi::Result<sys::napi_value> {
        let key = self.str(name)?;
        self.get(obj, key)
    }

    pub fn has_own(self, obj: sys::napi_value, key: sys::napi_value) -> napi::Result<bool> {
        let mut b = false;
        check(self.env, unsafe { sys::napi_has_own_property(self.env, obj, key, &mut b) })?;
        Ok(b)
    }

    pub fn property_names(self, obj: sys::napi_value) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_get_property_names(self.env, obj, &mut out) })?;
        Ok(out)
    }

    pub fn prototype(self, obj: sys::napi_value) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_get_prototype(self.env, obj, &mut out) })?;
        Ok(out)
    }

    pub fn strict_equals(self, a: sys::napi_value, b: sys::napi_value) -> napi::Result<bool> {
        let mut r = false;
        check(self.env, unsafe { sys::napi_strict_equals(self.env, a, b, &mut r) })?;
        Ok(r)
    }

    pub fn instance_of(self, obj: sys::napi_value, ctor: sys::napi_value) -> napi::Result<bool> {
        let mut r = false;
        check(self.env, unsafe { sys::napi_instanceof(self.env, obj, ctor, &mut r) })?;
        Ok(r)
    }

    pub fn global(self) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_get_global(self.env, &mut out) })?;
        Ok(out)
    }

    pub fn call(self, recv: sys::napi_value, func: sys::napi_value, args: &[sys::napi_value]) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_call_function(self.env, recv, func, args.len(), args.as_ptr(), &mut out) })?;
        Ok(out)
    }

    pub fn coerce_to_string(self, v: sys::napi_value) -> napi::Result<sys::napi_value> {
        let mut out = ptr::null_mut();
        check(self.env, unsafe { sys::napi_coerce_to_string(self.env, v, &mut out) })?;
        Ok(out)
    }

    fn flag(self, f: unsafe fn(sys::napi_env, sys::napi_value, *mut bool) -> sys::napi_status, v: sys::napi_value) -> napi::Result<bool> {
        let mut b = false;
        check(self.env, unsafe { f(self.env, v, &mut b) })?;
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

/// The result of converting one host value.
pub struct Converted {
    /// The value, with every bad part replaced by `null`.
    pub value: Value,
    /// Host conversion problems, locations from the root given to the walk.
    pub errors: Vec<ErrorRecord>,
}

/// Walks JS values into core values, collecting host errors.
pub struct Walker {
    raw: Raw,
    object_proto: Option<sys::napi_value>,
    global: Option<sys::napi_value>,
    /// Containers on the current path, for cycle detection.
    path_objects: Vec<sys::napi_value>,
    loc: Vec<LocItem>,
    errors: Vec<ErrorRecord>,
}

/// Built-ins whose JSON form would lose or change data.
const UNSUPPORTED_BUILTINS: &[&str] = &[
    "Date", "Map", "Set", "WeakMap", "WeakSet", "RegExp", "Promise", "Error", "Number", "String", "Boolean", "DataView",
];

impl Walker {
    pub fn new(env: sys::napi_env) -> Self {
        Walker { raw: Raw { env }, object_proto: None, global: None, path_objects: Vec::new(), loc: Vec::new(), errors: Vec::new() }
    }

    /// Converts element `i` of a JS array inside its own handle scope, so
    /// converting a long array holds the handles of one item at a time.
    pub fn convert_element(&mut self, arr: sys::napi_value, i: u32, prefix: Vec<LocItem>) -> napi::Result<Converted> {
        // Values cached for the whole walk must outlive the item's scope.
        self.prefetch()?;
        let env = self.raw.env;
        let mut scope = ptr::null_mut();
        check(env, unsafe { sys::napi_open_handle_scope(env, &mut scope) })?;
        let result = self.raw.element(arr, i).and_then(|el| self.convert(el, prefix));
        let closed = check(env, unsafe { sys::napi_close_handle_scope(env, scope) });
        let converted = result?;
        closed?;
        Ok(converted)
    }

    fn prefetch(&mut self) -> napi::Result<()> {
        if self.object_proto.is_none() {
            let ctor = self.global_prop("Object")?;
            self.object_proto = Some(self.raw.get_named(ctor, "prototype")?);
        }
        Ok(())
    }

    /// Converts one value whose location starts at `prefix`; depth and
    /// cycles are counted from this value.
    pub fn convert(&mut self, v: sys::napi_value, prefix: Vec<LocItem>) -> napi::Result<Converted> {
        self.loc = prefix;
        self.errors.clear();
        self.path_objects.clear();
        let value = self.walk(v, 0, true)?;
        Ok(Converted { value, errors: std::mem::take(&mut self.errors) })
    }

    fn report(&mut self, make: impl FnOnce(Vec<LocItem>) -> ErrorRecord) -> Value {
        self.errors.push(make(self.loc.clone()));
        Value::Null
    }

    fn unsupported(&mut self, type_name: &str) -> Value {
        self.report(|loc| ErrorRecord::unsupported_type(loc, type_name, Value::Null))
    }

    fn too_deep(&mut self) -> Value {
        self.report(ErrorRecord::nesting_too_deep)
    }

    fn global_prop(&mut self, name: &str) -> napi::Result<sys::napi_value> {
        let g = match self.global {
            Some(g) => g,
            None => {
                let g = self.raw.global()?;
                self.global = Some(g);
                g
            }
        };
        self.raw.get_named(g, name)
    }

    fn is_plain(&mut self, obj: sys::napi_value) -> napi::Result<bool> {
        let proto = self.raw.prototype(obj)?;
        if self.raw.type_of(proto)? == sys::ValueType::napi_null {
            return Ok(true);
        }
        let op = match self.object_proto {
            Some(p) => p,
            None => {
                let ctor = self.global_prop("Object")?;
                let p = self.raw.get_named(ctor, "prototype")?;
                self.object_proto = Some(p);
                p
            }
        };
        self.raw.strict_equals(proto, op)
    }

    fn constructor_name(&mut self, obj: sys::napi_value) -> napi::Result<String> {
        let ctor = self.raw.get_named(obj, "constructor")?;
        if self.raw.type_of(ctor)? == sys::ValueType::napi_function {
            let name = self.raw.get_named(ctor, "name")?;
            if self.raw.type_of(name)? == sys::ValueType::napi_string {
                if let Ok(s) = self.raw.string(name)? {
                    if !s.is_empty() {
                        return Ok(s);
                    }
                }
            }
        }
        Ok("Object".to_owned())
    }

    /// The name of a built-in whose JSON form would lose data, if `obj` is one.
    fn unsupported_builtin(&mut self, obj: sys::napi_value) -> napi::Result<Option<String>> {
        let r = self.raw;
        if r.flag(sys::napi_is_buffer, obj)? || r.flag(sys::napi_is_typedarray, obj)? || r.flag(sys::napi_is_arraybuffer, obj)? {
            return Ok(Some(self.constructor_name(obj)?));
        }
        for name in UNSUPPORTED_BUILTINS {
            let ctor = self.global_prop(name)?;
            if r.type_of(ctor)? == sys::ValueType::napi_function && r.instance_of(obj, ctor)? {
                return Ok(Some(self.constructor_name(obj)?));
            }
        }
        Ok(None)
    }

    fn number(&mut self, n: f64) -> Value {
        match number_text(n) {
            Ok(text) => Value::Number(text.parse::<Number>().expect("plain decimal text is a JSON number")),
            Err(ErrorType::UnsafeInteger) => self.report(|loc| ErrorRecord::unsafe_integer(loc, &shortest_text(n))),
            Err(_) => self.report(|loc| ErrorRecord::not_finite(loc, js_non_finite_text(n))),
        }
    }

    fn walk(&mut self, v: sys::napi_value, depth: usize, allow_to_json: bool) -> napi::Result<Value> {
        let r = self.raw;
        match r.type_of(v)? {
            sys::ValueType::napi_null => Ok(Value::Null),
            sys::ValueType::napi_boolean => Ok(Value::Bool(r.bool(v)?)),
            sys::ValueType::napi_number => {
                let n = r.f64(v)?;
                Ok(self.number(n))
            }
            sys::ValueType::napi_string => match r.string(v)? {
                Ok(s) => Ok(Value::String(s)),
                Err(lossy) => Ok(self.report(|loc| ErrorRecord::string_unicode(loc, &lossy))),
            },
            NAPI_BIGINT => {
                let s = r.coerce_to_string(v)?;
                let text = r.string(s)?.unwrap_or_default();
                match text.parse::<Number>() {
                    Ok(n) => Ok(Value::Number(n)),
                    Err(_) => Ok(self.unsupported("bigint")),
                }
            }
            sys::ValueType::napi_undefined => Ok(self.unsupported("undefined")),
            sys::ValueType::napi_symbol => Ok(self.unsupported("symbol")),
            sys::ValueType::napi_function => Ok(self.unsupported("function")),
            sys::ValueType::napi_object => self.walk_object(v, depth, allow_to_json),
            _ => Ok(self.unsupported("external")),
        }
    }

    fn walk_object(&mut self, v: sys::napi_value, depth: usize, allow_to_json: bool) -> napi::Result<Value> {
        let r = self.raw;
        if depth >= MAX_DEPTH {
            return Ok(self.too_deep());
        }
        for &seen in &self.path_objects {
            if r.strict_equals(seen, v)? {
                // A cycle nests without end.
                return Ok(self.too_deep());
            }
        }
        if r.is_array(v)? {
            self.path_objects.push(v);
            let len = r.array_len(v)?;
            let mut out = Vec::with_capacity(len as usize);
            for i in 0..len {
                let el = r.element(v, i)?;
                self.loc.push(LocItem::Index(i as usize));
                let item = self.walk(el, depth + 1, true)?;
                self.loc.pop();
                out.push(item);
            }
            self.path_objects.pop();
            return Ok(Value::Array(out));
        }
        if !self.is_plain(v)? {
            if let Some(name) = self.unsupported_builtin(v)? {
                return Ok(self.unsupported(&name));
            }
            if allow_to_json {
                let to_json = r.get_named(v, "toJSON")?;
                if r.type_of(to_json)? == sys::ValueType::napi_function {
                    let key = match self.loc.last() {
                        Some(LocItem::Key(k)) => r.str(k)?,
                        Some(LocItem::Index(i)) => r.str(&i.to_string())?,
                        None => r.str("")?,
                    };
                    let replaced = r.call(v, to_json, &[key])?;
                    // As JSON.stringify: toJSON is applied once per value.
                    return self.walk(replaced, depth, false);
                }
            }
        }
        self.path_objects.push(v);
        let names = r.property_names(v)?;
        let n = r.array_len(names)?;
        let mut map = Map::new();
        for i in 0..n {
            let key = r.element(names, i)?;
            if !r.has_own(v, key)? {
                continue; // inherited enumerable properties are not data
            }
            let key_text = match r.string(key)? {
                Ok(k) => k,
                Err(lossy) => {
                    self.loc.push(LocItem::Key(lossy.clone()));
                    self.report(|loc| ErrorRecord::string_unicode(loc, &lossy));
                    self.loc.pop();
                    map.insert(lossy, Value::Null);
                    continue;
                }
            };
            let val = if key_text == "__proto__" {
                // `obj.__proto__` reads the prototype; read the own property.
                let object = self.global_prop("Object")?;
                let gopd = r.get_named(object, "getOwnPropertyDescriptor")?;
                let desc = r.call(object, gopd, &[v, key])?;
                r.get_named(desc, "value")?
            } else {
                r.get(v, key)?
            };
            if r.type_of(val)? == sys::ValueType::napi_undefined {
                continue; // an unset property, as JSON.stringify treats it
            }
            self.loc.push(LocItem::Key(key_text.clone()));
            let item = self.walk(val, depth + 1, true)?;
            self.loc.pop();
            map.insert(key_text, item);
        }
        self.path_objects.pop();
        Ok(Value::Object(map))
    }
}

/// The exact decimal text for a JS number, or the host error it raises.
pub fn number_text(n: f64) -> Result<String, ErrorType> {
    if !n.is_finite() {
        return Err(ErrorType::DecimalNotFinite);
    }
    if n.fract() == 0.0 && n.abs() > MAX_SAFE_INTEGER {
        return Err(ErrorType::UnsafeInteger);
    }
    Ok(shortest_text(n))
}

/// Shortest round-trip decimal form, never with an exponent; `-0` is `0`.
pub fn shortest_text(n: f64) -> String {
    if n == 0.0 {
        return "0".to_owned();
    }
    // Rust's Display for f64 prints the shortest digits that round-trip,
    // in plain positional notation.
    format!("{n}")
}

fn js_non_finite_text(n: f64) -> &'static str {
    if n.is_nan() {
        "NaN"
    } else if n > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Converts one JS value (location prefix `prefix`).
pub fn from_js(env: sys::napi_env, v: sys::napi_value, prefix: Vec<LocItem>) -> napi::Result<Converted> {
    Walker::new(env).convert(v, prefix)
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

/// Reads an optional integer argument (`undefined`/`null` → `None`). Host
/// problems and non-integers throw a `ValidationError` for `context` whose
/// record's location is the argument's name.
pub fn int_arg(env: sys::napi_env, v: Option<sys::napi_value>, name: &str, context: &str) -> napi::Result<Option<i64>> {
    let Some(v) = v else { return Ok(None) };
    let raw = Raw { env };
    let t = raw.type_of(v)?;
    if t == sys::ValueType::napi_undefined || t == sys::ValueType::napi_null {
        return Ok(None);
    }
    let loc = vec![LocItem::Key(name.to_owned())];
    let c = from_js(env, v, loc.clone())?;
    if !c.errors.is_empty() {
        return Err(crate::error::throw_validation(env, context, c.errors));
    }
    let parsed = match &c.value {
        Value::Number(n) => n.as_str().parse::<i64>().ok(),
        _ => None,
    };
    match parsed {
        Some(i) => Ok(Some(i)),
        None => Err(crate::error::throw_validation(env, context, vec![ErrorRecord::new(ErrorType::IntType, loc, c.value)])),
    }
}

/// An integer argument that must fit `T` (e.g. `u16` for an HTTP status).
pub fn ranged_arg<T: TryFrom<i64> + Into<i64> + Copy>(env: sys::napi_env, v: i64, min: T, max: T, name: &str, context: &str) -> napi::Result<T> {
    T::try_from(v).map_err(|_| {
        let rec = ErrorRecord::new(ErrorType::IntOutOfRange, vec![LocItem::Key(name.to_owned())], Value::from(v))
            .with("min", min.into())
            .with("max", max.into());
        crate::error::throw_validation(env, context, vec![rec])
    })
}

/// Reads a string argument; a lone surrogate or a non-string throws a
/// `ValidationError` (for a secret, the record's `input` is left out).
pub fn str_arg(env: sys::napi_env, v: sys::napi_value, name: &str, context: &str, secret: bool) -> napi::Result<String> {
    let raw = Raw { env };
    let loc = vec![LocItem::Key(name.to_owned())];
    if raw.type_of(v)? != sys::ValueType::napi_string {
        let input = if secret { Value::Null } else { from_js(env, v, loc.clone())?.value };
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
    match unsafe { crate::fast::bytes_of(env, v)? } {
        Some(bytes) => Ok(bytes.to_vec()),
        None => Err(wrong_type(env, v, param, "Buffer, Uint8Array, ArrayBuffer or string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_their_shortest_plain_form() {
        assert_eq!(number_text(0.1).unwrap(), "0.1");
        assert_eq!(number_text(59.9).unwrap(), "59.9");
        assert_eq!(number_text(1e-7).unwrap(), "0.0000001");
        assert_eq!(number_text(-0.0).unwrap(), "0");
        assert_eq!(number_text(12.0).unwrap(), "12");
        assert_eq!(number_text(9007199254740991.0).unwrap(), "9007199254740991");
        assert_eq!(number_text(-9007199254740991.0).unwrap(), "-9007199254740991");
        assert_eq!(number_text(9007199254740992.0), Err(ErrorType::UnsafeInteger));
        assert_eq!(number_text(1e21), Err(ErrorType::UnsafeInteger));
        assert_eq!(number_text(f64::NAN), Err(ErrorType::DecimalNotFinite));
        assert_eq!(number_text(f64::NEG_INFINITY), Err(ErrorType::DecimalNotFinite));
        assert_eq!(shortest_text(1e21), "1000000000000000000000");
    }

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

