//! `skuwire.Request`: a prepared request as plain data, and the clock helper.

use crate::error::{guard, CoreResult};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// Everything a core `skuwire::Request` shows, copied out so that the
/// request pickles (the core keeps its signing trace private).
#[derive(Clone, PartialEq)]
pub struct RequestData {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub sign: String,
    pub timestamp: i64,
    pub string_to_sign: String,
    pub sorted_params: Vec<(String, String)>,
    pub redacted_url: String,
    pub redacted_body: String,
}

impl From<&skuwire::Request> for RequestData {
    fn from(r: &skuwire::Request) -> Self {
        RequestData {
            method: r.method.to_owned(),
            url: r.url.clone(),
            headers: r.headers.clone(),
            body: r.body.clone(),
            sign: r.sign.clone(),
            timestamp: r.timestamp,
            string_to_sign: r.string_to_sign(),
            sorted_params: r.sorted_params(),
            redacted_url: r.redacted_url(),
            redacted_body: r.redacted_body(),
        }
    }
}

type State = (String, String, Vec<(String, String)>, Vec<u8>, String, i64, String, Vec<(String, String)>, String, String);

/// A signed request, ready to send with any HTTP client: `method`, `url`,
/// `headers`, `body` (the exact bytes that were signed). `repr()` shows the
/// URL and body with secrets redacted; `url` and `body` themselves hold
/// them where the platform requires it (flagship `salt`, YMCart `token`).
#[pyclass(module = "skuwire", name = "Request", frozen, eq)]
#[derive(PartialEq)]
pub struct Request {
    pub data: RequestData,
}

#[pymethods]
impl Request {
    /// HTTP method (`"POST"`).
    #[getter]
    fn method(&self) -> &str {
        &self.data.method
    }
    /// Full URL including the query string.
    #[getter]
    fn url(&self) -> &str {
        &self.data.url
    }
    /// Headers to set, as a new dict.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in &self.data.headers {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
    /// The exact body bytes.
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.data.body)
    }
    /// The signature (lowercase hex MD5); empty for YMCart.
    #[getter]
    fn sign(&self) -> &str {
        &self.data.sign
    }
    /// The timestamp as sent (flagship: seconds since 2012-01-01 Beijing time).
    #[getter]
    fn timestamp(&self) -> i64 {
        self.data.timestamp
    }
    /// The string that was hashed, secrets redacted.
    #[getter]
    fn string_to_sign(&self) -> &str {
        &self.data.string_to_sign
    }
    /// Signed parameters sorted by key, secrets redacted.
    #[getter]
    fn sorted_params(&self) -> Vec<(String, String)> {
        self.data.sorted_params.clone()
    }
    /// The URL with secret values redacted (for logs).
    #[getter]
    fn redacted_url(&self) -> &str {
        &self.data.redacted_url
    }
    /// The body as text with secret values redacted (for logs).
    #[getter]
    fn redacted_body(&self) -> &str {
        &self.data.redacted_body
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let shown: String = self.data.redacted_body.chars().take(200).collect();
        let more = if shown.len() < self.data.redacted_body.len() { "…" } else { "" };
        Ok(format!(
            "<Request {} {} body={}{} ({} bytes) sign={}>",
            self.data.method,
            self.data.redacted_url,
            crate::client::py_repr(py, &shown)?,
            more,
            self.data.body.len(),
            crate::client::py_repr(py, &self.data.sign)?
        ))
    }
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, (State,))> {
        let d = self.data.clone();
        let f = py.import("skuwire._skuwire")?.getattr("_restore_request")?.unbind();
        Ok((f, ((d.method, d.url, d.headers, d.body, d.sign, d.timestamp, d.string_to_sign, d.sorted_params, d.redacted_url, d.redacted_body),)))
    }
}

/// Unpickles a `Request`.
#[pyfunction]
pub fn _restore_request(state: State) -> Request {
    let (method, url, headers, body, sign, timestamp, string_to_sign, sorted_params, redacted_url, redacted_body) = state;
    Request { data: RequestData { method, url, headers, body, sign, timestamp, string_to_sign, sorted_params, redacted_url, redacted_body } }
}

/// The server's clock minus ours, in seconds, from an HTTP `Date` header
/// and the local Unix time when the answer arrived (default: now). Assign
/// it to `client.clock_offset` after a clock-skew outcome.
#[pyfunction]
#[pyo3(signature = (date_header, local_time=None))]
pub fn clock_offset_from_http_date(py: Python<'_>, date_header: &str, local_time: Option<f64>) -> PyResult<i64> {
    guard(py, || {
        let local = match local_time {
            Some(t) => t.floor() as i64,
            None => skuwire::unix_now(),
        };
        skuwire::clock_offset_from_http_date(date_header, local).py_err(py)
    })
}
