//! `skuwire.Outcome`: what an answer meant, which input positions were
//! accepted or rejected, and whether to retry.

use crate::client::py_repr;
use crate::convert::to_py;
use crate::error::{guard, CoreResult};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// One item the platform refused.
#[pyclass(module = "skuwire", name = "Rejected", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
pub struct Rejected {
    /// Its input position; `None` when the answer names something that was not in the batch.
    pub index: Option<usize>,
    /// The key the platform named it by (goods_no, spec_no…).
    pub key: Option<String>,
    /// The platform's reason, verbatim.
    pub message: String,
}

#[pymethods]
impl Rejected {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let index = self.index.map_or("None".to_owned(), |i| i.to_string());
        let key = match &self.key {
            Some(k) => py_repr(py, k)?,
            None => "None".to_owned(),
        };
        Ok(format!("Rejected(index={index}, key={key}, message={})", py_repr(py, &self.message)?))
    }
    #[allow(clippy::type_complexity)]
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, (Option<usize>, Option<String>, String))> {
        let f = py.import("skuwire._skuwire")?.getattr("_restore_rejected")?.unbind();
        Ok((f, (self.index, self.key.clone(), self.message.clone())))
    }
}

/// Unpickles a `Rejected`.
#[pyfunction]
pub fn _restore_rejected(index: Option<usize>, key: Option<String>, message: String) -> Rejected {
    Rejected { index, key, message }
}

/// An id the platform assigned to an input item.
#[pyclass(module = "skuwire", name = "AssignedId", frozen)]
pub struct AssignedId {
    index: usize,
    id: serde_json::Value,
}

impl AssignedId {
    pub fn new(index: usize, id: serde_json::Value) -> Self {
        AssignedId { index, id }
    }
}

#[pymethods]
impl AssignedId {
    /// Input position.
    #[getter]
    fn index(&self) -> usize {
        self.index
    }
    /// The id as the platform sent it (`int` for integral numbers).
    #[getter]
    fn id<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.id))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<AssignedId>().is_ok_and(|o| o.get().index == self.index && o.get().id == self.id)
    }
    fn __repr__(&self) -> String {
        format!("AssignedId(index={}, id={})", self.index, self.id)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Py<PyAny>, (usize, String))> {
        let f = py.import("skuwire._skuwire")?.getattr("_restore_assigned_id")?.unbind();
        Ok((f, (self.index, self.id.to_string())))
    }
}

/// Unpickles an `AssignedId` (its id as JSON text, every digit kept).
#[pyfunction]
pub fn _restore_assigned_id(py: Python<'_>, index: usize, id: &str) -> PyResult<AssignedId> {
    guard(py, || {
        let id = serde_json::from_str(id).map_err(|e| skuwire::Error::invalid_data("assigned id", &e.to_string())).py_err(py)?;
        Ok(AssignedId { index, id })
    })
}

/// The meaning of one answer (or of no answer, see `Batch.transport_error`).
#[pyclass(module = "skuwire", name = "Outcome", frozen, eq)]
#[derive(PartialEq)]
pub struct Outcome {
    pub inner: skuwire::Outcome,
}

#[pymethods]
impl Outcome {
    /// Every item accepted (confirmed by the answer): nothing rejected,
    /// nothing unknown.
    #[getter]
    fn ok(&self) -> bool {
        self.inner.ok()
    }
    /// Some accepted; others rejected or unknown.
    #[getter]
    fn partial(&self) -> bool {
        self.inner.partial()
    }
    /// `"success"` (every item accepted), `"partial"` (some accepted,
    /// others rejected or unknown) or `"failure"` (none accepted).
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.name()
    }
    /// Why it was not a full success (`"item_errors"`, `"clock_skew"`, …), or `None`.
    #[getter]
    fn reason(&self) -> Option<&'static str> {
        self.inner.reason.map(|r| r.name())
    }
    /// `"no"`, `"resign"`, `"backoff"` or `"resend"`.
    #[getter]
    fn retry(&self) -> &'static str {
        self.inner.retry.name()
    }
    /// The HTTP status (0 when there was no answer).
    #[getter]
    fn http_status(&self) -> u16 {
        self.inner.http_status
    }
    /// The platform's status/code field.
    #[getter]
    fn code(&self) -> Option<i64> {
        self.inner.code
    }
    /// The platform's message.
    #[getter]
    fn message(&self) -> Option<&str> {
        self.inner.message.as_deref()
    }
    /// Input positions the answer confirmed.
    #[getter]
    fn accepted(&self) -> Vec<usize> {
        self.inner.accepted.clone()
    }
    /// Items refused, with the platform's reasons.
    #[getter]
    fn rejected(&self) -> Vec<Rejected> {
        self.inner
            .rejected
            .iter()
            .map(|r| Rejected { index: r.index, key: r.key.clone(), message: r.message.clone() })
            .collect()
    }
    /// Ids assigned to accepted items.
    #[getter]
    fn ids(&self) -> Vec<AssignedId> {
        self.inner.ids.iter().map(|a| AssignedId { index: a.index, id: a.id.clone() }).collect()
    }
    /// A paging total, where the answer carries one.
    #[getter]
    fn total_count(&self) -> Option<i64> {
        self.inner.total_count
    }
    /// The envelope's data (numbers as `int` / `Decimal`).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.inner.data))
    }
    /// Anything odd noticed while reading an otherwise usable answer.
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes.clone()
    }
    /// Input positions whose fate the answer does not settle (no answer, a
    /// 5xx, an empty, garbled or unreadable body, or a per-item answer that
    /// does not mention them). The platform may or may not have applied
    /// them: an upsert is advised `"resend"` (sending them again is
    /// harmless); otherwise they must be checked on the platform before
    /// they are sent again.
    #[getter]
    fn unknown(&self) -> Vec<usize> {
        self.inner.unknown.clone()
    }
    fn __repr__(&self) -> String {
        let o = &self.inner;
        format!(
            "<Outcome {} reason={} retry={} http_status={} code={} accepted={} rejected={} unknown={}>",
            self.status(),
            o.reason.map_or("None", |r| r.name()),
            o.retry.name(),
            o.http_status,
            o.code.map_or("None".to_owned(), |c| c.to_string()),
            o.accepted.len(),
            o.rejected.len(),
            o.unknown.len()
        )
    }
    /// Pickles as the core's plain-data form, so worker processes can
    /// return outcomes (every digit of `data` kept).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Py<PyAny>, (Bound<'py, PyBytes>,))> {
        guard(py, || {
            let data = serde_json::to_vec(&self.inner).map_err(|e| skuwire::Error::internal(&e.to_string())).py_err(py)?;
            let f = py.import("skuwire._skuwire")?.getattr("_restore_outcome")?.unbind();
            Ok((f, (PyBytes::new(py, &data),)))
        })
    }
}

/// Unpickles an `Outcome`.
#[pyfunction]
pub fn _restore_outcome(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<Outcome> {
    guard(py, || {
        let inner = serde_json::from_slice(data.as_bytes()).map_err(|e| skuwire::Error::invalid_data("outcome", &e.to_string())).py_err(py)?;
        Ok(Outcome { inner })
    })
}
