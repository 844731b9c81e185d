//! `skuwire.Request`: a prepared request as plain data, and the clock helper.

use crate::error::{guard, CoreResult};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// A signed request, ready to send with any HTTP client: `method`, `url`,
/// `headers`, `body` (the exact bytes that were signed). `repr()` shows the
/// URL and body with secrets redacted; `url` and `body` themselves hold
/// them where the platform requires it (flagship `salt`, YMCart `token`).
#[pyclass(module = "skuwire", name = "Request", frozen, eq)]
#[derive(PartialEq)]
pub struct Request {
    pub inner: skuwire::Request,
}

#[pymethods]
impl Request {
    /// HTTP method (`"POST"`).
    #[getter]
    fn method(&self) -> &str {
        self.inner.method
    }
    /// Full URL including the query string.
    #[getter]
    fn url(&self) -> &str {
        &self.inner.url
    }
    /// Headers to set, as a new dict.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.inner.headers {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
    /// The exact body bytes.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.body)
    }
    /// The signature (lowercase hex MD5); empty for YMCart.
    #[getter]
    fn sign(&self) -> &str {
        &self.inner.sign
    }
    /// The timestamp as sent (flagship: seconds since 2012-01-01 Beijing time).
    #[getter]
    fn timestamp(&self) -> i64 {
        self.inner.timestamp
    }
    /// The string that was hashed, secrets redacted.
    #[getter]
    fn string_to_sign(&self) -> String {
        self.inner.string_to_sign()
    }
    /// Signed parameters sorted by key, secrets redacted.
    #[getter]
    fn sorted_params(&self) -> Vec<(String, String)> {
        self.inner.sorted_params()
    }
    /// The URL with secret values redacted (for logs).
    #[getter]
    fn redacted_url(&self) -> String {
        self.inner.redacted_url()
    }
    /// The body as text with secret values redacted (for logs).
    #[getter]
    fn redacted_body(&self) -> String {
        self.inner.redacted_body()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let body = self.inner.redacted_body();
        let shown: String = body.chars().take(200).collect();
        let more = if shown.len() < body.len() { "…" } else { "" };
        Ok(format!(
            "<Request {} {} body={}{} ({} bytes) sign={}>",
            self.inner.method,
            self.inner.redacted_url(),
            crate::client::py_repr(py, &shown)?,
            more,
            self.inner.body.len(),
            crate::client::py_repr(py, &self.inner.sign)?
        ))
    }
    /// Pickles as the core's plain-data form (which holds what the wire
    /// holds: the flagship salt in the URL, the YMCart token in the body).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Py<PyAny>, (Bound<'py, PyBytes>,))> {
        guard(py, || {
            let data = serde_json::to_vec(&self.inner).map_err(|e| skuwire::Error::internal(&e.to_string())).py_err(py)?;
            let f = py.import("skuwire._skuwire")?.getattr("_restore_request")?.unbind();
            Ok((f, (PyBytes::new(py, &data),)))
        })
    }
}

/// Unpickles a `Request`.
#[pyfunction]
pub fn _restore_request(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<Request> {
    guard(py, || {
        let inner = serde_json::from_slice(data.as_bytes()).map_err(|e| skuwire::Error::invalid_data("request", &e.to_string())).py_err(py)?;
        Ok(Request { inner })
    })
}

/// The server's clock minus ours, in seconds, from an HTTP `Date` header
/// and the local Unix time when the answer arrived (default: now). Assign
/// it to `client.clock_offset` after a clock-skew outcome.
#[pyfunction]
#[pyo3(signature = (date_header, local_time=None))]
pub fn clock_offset_from_http_date(py: Python<'_>, date_header: &Bound<'_, PyAny>, local_time: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    guard(py, || {
        let date_header = &*crate::args::text(date_header, "date_header", "clock_offset_from_http_date")?;
        let local = match crate::args::opt_seconds(local_time, "local_time")? {
            Some(t) => t.floor() as i64,
            None => skuwire::unix_now(),
        };
        skuwire::clock_offset_from_http_date(date_header, local).py_err(py)
    })
}
