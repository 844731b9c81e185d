//! Arguments of the API itself (not payload values), read by hand instead
//! of by PyO3's extraction, so that a wrong one is the library's own
//! structured error rather than a plain `TypeError`/`OverflowError` from
//! the glue — and so that a credential is never quoted: PyO3's `&str`
//! extraction of a string with a lone surrogate raises a
//! `UnicodeEncodeError` whose arguments hold the whole string.
//!
//! | argument | wrong type | wrong value |
//! |---|---|---|
//! | an operation or method name | `ArgumentError` (`invalid_argument`) | a lone surrogate: `ValidationError` `string_unicode` at `(name,)` |
//! | a credential (`appsecret`, `token`) | `ArgumentError` (`credentials`), quoting nothing | the same |
//! | an HTTP status | `ArgumentValidationError` `int_type` at `("status",)` | `ValidationError` `int_out_of_range` |
//! | an answer's body | `ArgumentError` (`invalid_argument`) | — |
//!
//! `ArgumentError` derives from `SkuwireError` and `TypeError`, so code
//! that caught the glue's `TypeError` still catches it. Every error here
//! is created fresh, with no `__context__`: the failed conversion's own
//! exception is discarded, never chained.

use crate::convert::{lossy, utf8, HostError, ToJson};
use crate::error::{argument_error, argument_validation_error, validation_error};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyInt, PyMemoryView, PyString};
use skuwire::{Error, ErrorRecord, ErrorType, LocItem, ValidationErrors};
use std::borrow::Cow;

/// The name of a value's Python type, for messages (`int`, `NoneType`).
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| lossy(&n)).unwrap_or_else(|_| "?".into())
}

/// One record about one argument, as the `ValidationError` of `context`
/// (the Python value itself shown as the record's `input`).
fn record_error(obj: &Bound<'_, PyAny>, context: &str, record: ErrorRecord, type_error: bool) -> PyErr {
    let py = obj.py();
    let host = [HostError { record: record.clone(), input: obj.clone().unbind() }];
    let v = ValidationErrors { op: context.to_owned(), errors: vec![record] };
    if type_error {
        argument_validation_error(py, &v, &host)
    } else {
        validation_error(py, &v, &host)
    }
}

/// A text argument such as an operation or method name.
pub fn text<'a>(obj: &'a Bound<'_, PyAny>, param: &str, context: &str) -> PyResult<Cow<'a, str>> {
    let Ok(s) = obj.cast::<PyString>() else {
        return Err(argument_error(obj.py(), Error::argument_type(param, "str", &type_name(obj))));
    };
    match utf8(s) {
        Some(text) => Ok(text),
        None => Err(record_error(obj, context, ErrorRecord::string_unicode(vec![LocItem::Key(param.to_owned())], &lossy(s)), false)),
    }
}

/// A credential (`appsecret`, `token`): a `str` of valid Unicode, or an
/// `ArgumentError` that says which argument and nothing of its value.
pub fn credential<'a>(obj: &'a Bound<'_, PyAny>, field: &str) -> PyResult<Cow<'a, str>> {
    obj.cast::<PyString>()
        .ok()
        .and_then(utf8)
        .ok_or_else(|| argument_error(obj.py(), Error::credential_not_text(field)))
}

/// An HTTP status: an `int` (or an integer-like object with `__index__`)
/// from 0 to 65535.
pub fn status(obj: &Bound<'_, PyAny>, context: &str) -> PyResult<u16> {
    let loc = || vec![LocItem::Key("status".to_owned())];
    if obj.is_instance_of::<PyBool>() {
        return Err(record_error(obj, context, ErrorRecord::new(ErrorType::IntType, loc(), serde_json::Value::Null), true));
    }
    let out_of_range = || {
        let rec = ErrorRecord::new(ErrorType::IntOutOfRange, loc(), serde_json::Value::Null).with("min", u16::MIN).with("max", u16::MAX);
        record_error(obj, context, rec, false)
    };
    match obj.extract::<i64>() {
        Ok(n) => u16::try_from(n).map_err(|_| out_of_range()),
        // An int beyond 64 bits.
        Err(_) if obj.is_instance_of::<PyInt>() => Err(out_of_range()),
        Err(_) => {
            // Not an integer: the record's JSON input is the value's JSON form.
            let mut conv = ToJson::new(obj.py())?;
            let input = conv.convert(obj, &[])?;
            Err(record_error(obj, context, ErrorRecord::new(ErrorType::IntType, loc(), input), true))
        }
    }
}

/// An answer's body: `bytes`, `str`, `bytearray`, `memoryview` or another
/// object with the buffer protocol. Anything else (`None`, a number —
/// which `bytes()` would turn into that many NUL bytes —, a list) is refused.
pub fn body(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(lossy(s).into_bytes());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(b.to_vec());
    }
    let py = obj.py();
    let view = if obj.is_instance_of::<PyMemoryView>() {
        Some(obj.clone())
    } else if obj.is_instance_of::<PyInt>() || obj.is_none() {
        None
    } else {
        // The buffer protocol, without `bytes()`'s other readings.
        py.import("builtins")?.getattr("memoryview")?.call1((obj,)).ok()
    };
    if let Some(bytes) = view.and_then(|v| v.call_method0("tobytes").ok()).and_then(|b| b.cast_into::<PyBytes>().ok()) {
        return Ok(bytes.as_bytes().to_vec());
    }
    Err(argument_error(py, Error::argument_type("body", "bytes/str", &type_name(obj))))
}

/// An argument that must be an instance of one of the package's classes
/// (`Batch`, `Client`…): anything else is an `ArgumentError`, not PyO3's
/// plain `TypeError`.
pub fn instance<'a, 'py, T: pyo3::PyTypeCheck>(obj: &'a Bound<'py, PyAny>, param: &str, expected: &str) -> PyResult<&'a Bound<'py, T>> {
    obj.cast::<T>().map_err(|_| argument_error(obj.py(), Error::argument_type(param, expected, &type_name(obj))))
}
