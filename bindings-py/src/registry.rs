//! The operation registry as Python objects: `skuwire.operations()`,
//! `skuwire.operation(name)`, `skuwire.Operation`.

use crate::error::{guard, CoreResult};
use pyo3::prelude::*;

/// One operation skuwire models (read-only).
#[pyclass(module = "skuwire", name = "Operation", frozen, eq)]
pub struct Operation {
    pub op: &'static skuwire::Operation,
}

impl PartialEq for Operation {
    fn eq(&self, other: &Self) -> bool {
        self.op == other.op
    }
}

#[pymethods]
impl Operation {
    /// The name exactly as the vendor writes it.
    #[getter]
    fn name(&self) -> &'static str {
        self.op.name
    }
    /// `"flagship"`, `"enterprise"` or `"ymcart"`.
    #[getter]
    fn platform(&self) -> &'static str {
        self.op.platform.name()
    }
    /// `"push"` or `"query"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.op.kind.name()
    }
    /// Most items per call.
    #[getter]
    fn max_items(&self) -> usize {
        self.op.limits.max_items
    }
    /// Whether `max_items` is the vendor's documented limit.
    #[getter]
    fn documented_limit(&self) -> bool {
        self.op.limits.documented
    }
    /// Default body-size cap in bytes, if any.
    #[getter]
    fn max_body_bytes(&self) -> Option<usize> {
        self.op.limits.max_body_bytes
    }
    /// Whether repeating the call is harmless (the platform upserts by key).
    #[getter]
    fn upsert(&self) -> bool {
        self.op.upsert
    }
    /// The vendor's Chinese title.
    #[getter]
    fn title_zh(&self) -> &'static str {
        self.op.title_zh
    }
    /// What one input item is, in words.
    #[getter]
    fn item_name(&self) -> &'static str {
        self.op.item_name
    }
    /// The spec page this entry was written from.
    #[getter]
    fn source(&self) -> &'static str {
        self.op.source
    }
    fn __repr__(&self) -> String {
        format!(
            "Operation(name={:?}, platform={:?}, kind={:?}, max_items={})",
            self.op.name,
            self.op.platform.name(),
            self.op.kind.name(),
            self.op.limits.max_items
        )
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.op.name.hash(&mut h);
        h.finish()
    }
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, (&'static str,))> {
        let f = py.import("skuwire._skuwire")?.getattr("operation")?.unbind();
        Ok((f, (self.op.name,)))
    }
}

/// Every operation skuwire models, flagship first.
#[pyfunction]
pub fn operations(py: Python<'_>) -> PyResult<Vec<Operation>> {
    guard(py, || Ok(skuwire::operations().map(|op| Operation { op }).collect()))
}

/// The operation with this exact vendor name; `SkuwireError` with code
/// `"unknown_operation"` otherwise.
#[pyfunction]
pub fn operation(py: Python<'_>, name: &str) -> PyResult<Operation> {
    guard(py, || Ok(Operation { op: skuwire::operation(name).py_err(py)? }))
}
