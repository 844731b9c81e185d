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

use crate::convert::{lossy, utf8, HostError, PyInput, ReadError};
use crate::error::{argument_error, argument_validation_error, validation_error};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyInt, PyMemoryView, PyString};
use skuwire::{Error, ErrorRecord, ErrorType, LocItem, ValidationErrors};
use std::borrow::Cow;

/// The name of a value's Python type, for messages (`int`, `NoneType`).
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
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
/// from 0 to 65535 — the core's rule (`skuwire::args::http_status`), with
/// the Python value itself shown as the record's input.
pub fn status(obj: &Bound<'_, PyAny>, context: &str) -> PyResult<u16> {
    let py = obj.py();
    let mut input = PyInput::new(obj)?;
    match skuwire::args::http_status(&mut input, context) {
        Ok(status) => Ok(status),
        Err(ReadError::Core(Error::Validation(v))) if v.errors.len() == 1 => {
            let record = v.errors[0].clone();
            Err(record_error(obj, context, record.clone(), record.kind == ErrorType::IntType))
        }
        Err(e) => Err(e.into_py(py, &[])),
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

/// An on/off option (`strict`, `dedup`): a `bool` — not `0`/`1`, not `None`,
/// not a string (`"false"` would be true).
pub fn flag(obj: &Bound<'_, PyAny>, param: &str) -> PyResult<bool> {
    match obj.cast::<PyBool>() {
        Ok(b) => Ok(b.is_true()),
        Err(_) => Err(argument_error(obj.py(), Error::argument_type(param, "bool", &type_name(obj)))),
    }
}

/// An integer option (`max_items`, `timestamp`, `clock_offset`…) of the
/// Rust type `T`: an `int` (or an integer-like object with `__index__`,
/// such as `numpy.int64`; never a `bool` or a `float`) within `T`'s range.
/// Out of range is an `ArgumentError` naming the range, never PyO3's
/// `OverflowError`.
pub fn int<T: IntArg>(obj: &Bound<'_, PyAny>, param: &str) -> PyResult<T> {
    let py = obj.py();
    let wrong = || argument_error(py, Error::argument_type(param, "int", &type_name(obj)));
    if obj.is_instance_of::<PyBool>() || !(obj.is_instance_of::<PyInt>() || obj.hasattr("__index__").unwrap_or(false)) {
        return Err(wrong());
    }
    let range = || {
        let (lo, hi) = T::bounds();
        let got = obj.str().map(|s| lossy(&s)).unwrap_or_default();
        argument_error(py, Error::argument_range(param, lo, hi, &got))
    };
    match obj.extract::<i128>() {
        Ok(n) => T::from_i128(n).ok_or_else(range),
        Err(_) if obj.is_instance_of::<PyInt>() => Err(range()),
        Err(_) => match obj.call_method0("__index__").and_then(|i| i.extract::<i128>()) {
            Ok(n) => T::from_i128(n).ok_or_else(range),
            Err(_) => Err(range()),
        },
    }
}

/// [`int`] where `None` means "not given".
pub fn opt_int<T: IntArg>(obj: Option<&Bound<'_, PyAny>>, param: &str) -> PyResult<Option<T>> {
    match obj.filter(|o| !o.is_none()) {
        None => Ok(None),
        Some(o) => int(o, param).map(Some),
    }
}

/// A number of seconds (`local_time`): an `int` or a finite `float`.
pub fn opt_seconds(obj: Option<&Bound<'_, PyAny>>, param: &str) -> PyResult<Option<f64>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(None) };
    let py = obj.py();
    if obj.is_instance_of::<PyBool>() || !(obj.is_instance_of::<PyInt>() || obj.is_instance_of::<pyo3::types::PyFloat>()) {
        return Err(argument_error(py, Error::argument_type(param, "int/float", &type_name(obj))));
    }
    match obj.extract::<f64>() {
        Ok(x) if x.is_finite() => Ok(Some(x)),
        _ => Err(argument_error(py, Error::argument_not_finite(param))),
    }
}

/// An integer type an option is read into: its range, and the checked conversion.
pub trait IntArg: Sized {
    /// `(MIN, MAX)`.
    fn bounds() -> (i128, i128);
    /// The value, when in range.
    fn from_i128(n: i128) -> Option<Self>;
}
macro_rules! int_arg {
    ($($t:ty),*) => { $(impl IntArg for $t {
        fn bounds() -> (i128, i128) { (<$t>::MIN as i128, <$t>::MAX as i128) }
        fn from_i128(n: i128) -> Option<Self> { <$t>::try_from(n).ok() }
    })* };
}
int_arg!(i64, u64, u32, u16, usize);

/// An optional argument as the caller gave it, or `Default` when left out —
/// so an explicit `None` is seen (and refused where `None` means nothing)
/// instead of being mistaken for "not given" (`base_url=None` must never
/// mean the production URL). Extracting it never fails: the checks below
/// name the argument in their errors.
pub enum Given<'py> {
    /// Left out.
    Default,
    /// Given (possibly `None`).
    Value(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Given<'py> {
    type Error = std::convert::Infallible;
    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
        Ok(Given::Value(obj.to_owned()))
    }
}

impl<'py> Given<'py> {
    /// A `bool` option; `default` when left out.
    pub fn flag(&self, param: &str, default: bool) -> PyResult<bool> {
        match self {
            Given::Default => Ok(default),
            Given::Value(v) => flag(v, param),
        }
    }
    /// A text option; `default` when left out.
    pub fn text_or(&self, param: &str, context: &str, default: &'static str) -> PyResult<Cow<'_, str>> {
        match self {
            Given::Default => Ok(Cow::Borrowed(default)),
            Given::Value(v) => text(v, param, context),
        }
    }
    /// An integer option; `default` when left out (`None` is not an int).
    pub fn int_or<T: IntArg>(&self, param: &str, default: T) -> PyResult<T> {
        match self {
            Given::Default => Ok(default),
            Given::Value(v) => int(v, param),
        }
    }
    /// An integer option where `None` (or leaving it out) means "not given".
    pub fn opt_int<T: IntArg>(&self, param: &str) -> PyResult<Option<T>> {
        match self {
            Given::Default => Ok(None),
            Given::Value(v) => opt_int(Some(v), param),
        }
    }
}

/// A number of seconds or a rate (`now`, `rate`, `backoff_base`…): an `int`
/// or a `float` (not a `bool`), finite.
pub fn seconds(obj: &Bound<'_, PyAny>, param: &str) -> PyResult<f64> {
    opt_seconds(Some(obj), param)?.ok_or_else(|| argument_error(obj.py(), Error::argument_type(param, "int/float", "NoneType")))
}

impl<'py> Given<'py> {
    /// A number option (`rate`, `backoff_cap`…); `default` when left out.
    pub fn seconds_or(&self, param: &str, default: f64) -> PyResult<f64> {
        match self {
            Given::Default => Ok(default),
            Given::Value(v) => seconds(v, param),
        }
    }
    /// A number option where `None` (or leaving it out) means "not given".
    pub fn opt_seconds(&self, param: &str) -> PyResult<Option<f64>> {
        match self {
            Given::Default => Ok(None),
            Given::Value(v) => opt_seconds(Some(v), param),
        }
    }
    /// The object given, if any (`None` included: the caller's check reads it).
    pub fn given(&self) -> Option<&Bound<'py, PyAny>> {
        match self {
            Given::Default => None,
            Given::Value(v) => Some(v),
        }
    }
    /// `bytes` (a journal), `None` or left out.
    pub fn opt_bytes(&self, param: &str) -> PyResult<Option<Vec<u8>>> {
        match self {
            Given::Value(v) if !v.is_none() => match v.cast::<PyBytes>() {
                Ok(b) => Ok(Some(b.as_bytes().to_vec())),
                Err(_) => Err(argument_error(v.py(), Error::argument_type(param, "bytes", &type_name(v)))),
            },
            _ => Ok(None),
        }
    }
}
