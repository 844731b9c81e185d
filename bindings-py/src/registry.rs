//! The operation registry as Python objects: `skuwire.operations()`,
//! `skuwire.operation(name)`, `skuwire.Operation`.

use crate::convert::to_py;
use crate::error::{guard, CoreResult};
use pyo3::prelude::*;
use pyo3::types::PyDict;

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
    /// The item field an answer names items by (`Rejected.key`), or `None`.
    #[getter]
    fn item_key(&self) -> Option<&'static str> {
        self.op.item_key
    }
    /// For a time-ranged query, its window: `{"start": name, "end": name,
    /// "max_days": n}` (the parameters bounding it); otherwise `None`.
    #[getter]
    fn window<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        guard(py, || {
            let Some(w) = self.op.paging.as_ref().and_then(|p| p.window.as_ref()) else {
                return Ok(None);
            };
            let d = PyDict::new(py);
            d.set_item("start", w.start)?;
            d.set_item("end", w.end)?;
            d.set_item("max_days", w.max_days)?;
            Ok(Some(d))
        })
    }
    /// The core's machine-readable description: limits, unique keys,
    /// `item_key`, `paging` (with `window`) and the item schema, as a new
    /// dict (numbers as `int`).
    fn describe<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.op.describe()))
    }
    /// The JSON Schema (draft 2020-12) of one item, generated from the
    /// registry (lengths in characters, enums, the decimal rule as a
    /// pattern; titles are the English labels), as a new dict; `None` for
    /// a query operation.
    fn json_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || match skuwire::forms::json_schema(self.op) {
            Some(s) => to_py(py, &s),
            None => Ok(py.None().into_bound(py)),
        })
    }
    /// Every documented field of an item by path (list elements are
    /// transparent: `"spec_list.spec_no"`), with its labels:
    /// `{"zh": "商家编码", "en": "Merchant SKU code"}`.
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &skuwire::forms::labels(self.op)))
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
pub fn operation(py: Python<'_>, name: &Bound<'_, PyAny>) -> PyResult<Operation> {
    guard(py, || Ok(Operation { op: skuwire::operation(&crate::args::text(name, "name", "operation")?).py_err(py)? }))
}
