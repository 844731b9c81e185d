//! Errors crossing into Python: the core's [`skuwire::Error`] becomes
//! `skuwire.SkuwireError` (with `.code`) or `skuwire.ValidationError`
//! (with `.errors()`), error records become dicts, and no Rust panic ever
//! reaches Python as `PanicException` (see [`guard`]).
//!
//! The exception classes are defined in `python/skuwire/error.py` (a class
//! deriving from both `SkuwireError` and `ValueError` cannot be a pyclass);
//! every message they carry comes from the core.

use crate::convert::{to_py, HostError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple};
use skuwire::{Error, ErrorRecord, LocItem, ValidationErrors};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The exception classes of `skuwire.error`.
struct Classes {
    skuwire: Py<PyAny>,
    validation: Py<PyAny>,
    argument: Py<PyAny>,
    argument_validation: Py<PyAny>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&'static Classes> {
    CLASSES.get_or_try_init(py, || {
        let m = py.import("skuwire.error")?;
        Ok::<_, PyErr>(Classes {
            skuwire: m.getattr("SkuwireError")?.unbind(),
            validation: m.getattr("ValidationError")?.unbind(),
            argument: m.getattr("ArgumentError")?.unbind(),
            argument_validation: m.getattr("ArgumentValidationError")?.unbind(),
        })
    })
}

/// A `SkuwireError` with a code and the core's bilingual message.
pub fn skuwire_error(py: Python<'_>, msg: &str, code: &str, msg_zh: &str) -> PyErr {
    match classes(py).and_then(|c| c.skuwire.bind(py).call1((msg, code, msg_zh))) {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// `skuwire.ArgumentError` (a `SkuwireError` and a `TypeError`) for a core
/// error about an argument of the wrong type (see `args.rs`).
pub fn argument_error(py: Python<'_>, e: Error) -> PyErr {
    match classes(py).and_then(|c| c.argument.bind(py).call1((e.to_string(), e.code().name(), e.msg_zh()))) {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// The Python exception for a core error. `host` holds the original Python
/// values of host conversion errors, shown as their records' `input`.
pub fn to_pyerr(py: Python<'_>, e: Error, host: &[HostError]) -> PyErr {
    match e {
        Error::Validation(v) => validation_error(py, &v, host),
        other => skuwire_error(py, &other.to_string(), other.code().name(), &other.msg_zh()),
    }
}

/// `skuwire.ValidationError`: `str()` is the core's Display of every problem.
pub fn validation_error(py: Python<'_>, v: &ValidationErrors, host: &[HostError]) -> PyErr {
    validation_of(py, v, host, false)
}

/// `skuwire.ArgumentValidationError`: a `ValidationError` about an
/// argument of the wrong type, which is an `ArgumentError` (a `TypeError`) too.
pub fn argument_validation_error(py: Python<'_>, v: &ValidationErrors, host: &[HostError]) -> PyErr {
    validation_of(py, v, host, true)
}

fn validation_of(py: Python<'_>, v: &ValidationErrors, host: &[HostError], argument: bool) -> PyErr {
    let build = || -> PyResult<Bound<'_, PyAny>> {
        let errors = records_to_list(py, &v.errors, host)?;
        let c = classes(py)?;
        let class = if argument { &c.argument_validation } else { &c.validation };
        class.bind(py).call1((v.to_string(), errors, v.op.as_str()))
    };
    match build() {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// Extension for results of core calls.
pub trait CoreResult<T> {
    /// Maps a core error to its Python exception.
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> CoreResult<T> for Result<T, Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_pyerr(py, e, &[]))
    }
}

/// Runs one entry point; a Rust panic becomes `SkuwireError` with code
/// `"internal"` instead of pyo3's `PanicException` (a `BaseException` that
/// `except Exception` would not catch). The panic's message is not copied
/// into the exception: it could quote data.
pub fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(to_pyerr(py, Error::internal("a Rust panic"), &[])),
    }
}

/// The dict of one record: `{type, loc, msg, msg_zh, input, ctx}`; `loc` a tuple.
pub fn record_to_dict<'py>(py: Python<'py>, rec: &ErrorRecord, host: &[HostError]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("type", rec.kind.name())?;
    let loc: Vec<Bound<'py, PyAny>> = rec
        .loc
        .iter()
        .map(|l| match l {
            LocItem::Key(k) => Ok(k.into_pyobject(py)?.into_any()),
            LocItem::Index(i) => Ok(i.into_pyobject(py)?.into_any()),
        })
        .collect::<PyResult<_>>()?;
    d.set_item("loc", PyTuple::new(py, loc)?)?;
    d.set_item("msg", rec.msg())?;
    d.set_item("msg_zh", rec.msg_zh())?;
    // A host conversion error shows the Python value itself.
    let original = host.iter().find(|h| h.record.kind == rec.kind && h.record.loc == rec.loc);
    match original {
        Some(h) => d.set_item("input", h.input.bind(py))?,
        None => d.set_item("input", to_py(py, &rec.input)?)?,
    }
    let ctx = PyDict::new(py);
    for (k, v) in &rec.ctx {
        ctx.set_item(k, to_py(py, v)?)?;
    }
    d.set_item("ctx", ctx)?;
    Ok(d)
}

/// A list of record dicts.
pub fn records_to_list<'py>(py: Python<'py>, recs: &[ErrorRecord], host: &[HostError]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for r in recs {
        list.append(record_to_dict(py, r, host)?)?;
    }
    Ok(list)
}
