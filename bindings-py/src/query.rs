//! Queries: `client.query(op, **params)` → `skuwire.QueryPlan`, driven by
//! the host (`next_request` → send → `feed`), whose answers become
//! `skuwire.Page`s of typed, de-duplicated rows with a resumable state.
//!
//! Windows, pages, de-duplication, typing and the state format are the
//! core's (`skuwire::QueryPlan`); this file converts values both ways.

use crate::client::Client;
use crate::convert::{beijing_to_py, row_to_py, PyInput, ToJson};
use crate::error::{guard, to_pyerr, CoreResult};
use crate::outcome::Outcome;
use crate::plan::{json_bytes, Batch};
use crate::request::Request;
use pyo3::prelude::*;
use pyo3::exceptions::PyTypeError;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use skuwire::{BeijingDateTime, Error, QueryOptions, QueryState};

/// `(start, end)` as a tuple of aware datetimes.
fn window_to_py<'py>(py: Python<'py>, w: Option<(BeijingDateTime, BeijingDateTime)>) -> PyResult<Bound<'py, PyAny>> {
    match w {
        Some((s, e)) => Ok(PyTuple::new(py, [beijing_to_py(py, &s)?, beijing_to_py(py, &e)?])?.into_any()),
        None => Ok(py.None().into_bound(py)),
    }
}

/// The body of `Client.query`: the parameters (a mapping and keywords,
/// plus `page_size`, which the core reads from the parameters as well as
/// from its options) converted and validated together, Python conversion
/// problems included.
#[allow(clippy::too_many_arguments)]
pub fn make_query(
    py: Python<'_>,
    client: &Bound<'_, Client>,
    op: &Bound<'_, PyAny>,
    params: Option<&Bound<'_, PyAny>>,
    kwargs: Option<&Bound<'_, PyDict>>,
    page_size: Option<&Bound<'_, PyAny>>,
    max_window_secs: Option<i64>,
    strict: bool,
    dedup: bool,
) -> PyResult<QueryPlan> {
    let op = &*crate::args::text(op, "op", "Client.query")?;
    let operation = skuwire::operation(op).py_err(py)?;
    client.get().core().check_operation(operation).py_err(py)?;
    let all = PyDict::new(py);
    let add = |key: Bound<'_, PyAny>, value: Bound<'_, PyAny>| -> PyResult<()> {
        if all.contains(&key)? {
            return Err(PyTypeError::new_err(format!("query() got multiple values for parameter {}", key.repr()?)));
        }
        all.set_item(key, value)
    };
    let params = match params.filter(|p| !p.is_none()) {
        // Not a mapping: the core reports it (`dict_type`).
        Some(p) if !crate::convert::is_mapping_like(p)? => p.clone(),
        given => {
            if let Some(p) = given {
                for k in p.call_method0("keys")?.try_iter()? {
                    let k = k?;
                    let v = p.get_item(&k)?;
                    add(k, v)?;
                }
            }
            for (k, v) in kwargs.into_iter().flat_map(|d| d.iter()) {
                add(k, v)?;
            }
            // As a parameter, a bad page_size is a located validation record.
            if let Some(size) = page_size.filter(|s| !s.is_none()) {
                add(PyString::new(py, skuwire::query::PAGE_SIZE).into_any(), size.clone())?;
            }
            all.into_any()
        }
    };
    let options = QueryOptions { page_size: None, max_window_secs, strict, dedup };
    // The core reads the parameters itself, with what it cannot read noted.
    let mut input = PyInput::new(&params)?;
    let r = skuwire::QueryPlan::from_input(op, &mut input, &options);
    let host = std::mem::take(&mut input.host);
    let inner = r.map_err(|e| e.into_py(py, &host))?;
    Ok(QueryPlan { inner, client: client.clone().unbind() })
}

/// A state given to `QueryPlan.resume`: the JSON text `state()` returned
/// (`str`, `bytes`), or the dict `json.loads` makes of it.
fn state_of(py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<QueryState> {
    let invalid = |detail: &str| to_pyerr(py, Error::invalid_data("query state", detail), &[]);
    let text = match json_bytes(state) {
        Some(Ok(text)) => text,
        Some(Err(rec)) => return Err(invalid(&rec.msg())),
        // Neither text nor a mapping (None, a number): the wrong type, not bad data.
        None if !crate::convert::is_mapping_like(state)? => {
            let got = state.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            return Err(crate::error::argument_error(py, Error::argument_type("state", "str/bytes/dict", &got)));
        }
        None => {
            let mut conv = ToJson::new(py)?;
            let value = conv.convert(state, &[])?;
            if let Some(h) = conv.take_errors().first() {
                return Err(invalid(&h.record.msg()));
            }
            serde_json::to_vec(&value).map_err(|e| invalid(&e.to_string()))?
        }
    };
    // Read from text as `QueryState::from_json` does (text keeps a number
    // written `-0`), without an extra `Value`; the same error it gives.
    serde_json::from_slice(&text).map_err(|e| invalid(&e.to_string()))
}

/// A query in progress. The host drives it: `next_request()` (or iterate
/// the plan), send, `feed(status, body)`; after each page, `state()` is the
/// progress to save.
#[pyclass(module = "skuwire", name = "QueryPlan")]
pub struct QueryPlan {
    inner: skuwire::QueryPlan,
    client: Py<Client>,
}

/// A pickled plan: its client and its `state()` text.
type QueryPlanState = (Py<Client>, String);

#[pymethods]
impl QueryPlan {
    /// The next request, signed by the plan's client at `timestamp` (Unix
    /// seconds; default: now plus the client's clock offset); `None` when
    /// the run is done. Until an answer is fed, the same page again, signed
    /// afresh.
    #[pyo3(signature = (timestamp = None))]
    fn next_request(&mut self, py: Python<'_>, timestamp: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Request>> {
        guard(py, || {
            let timestamp = crate::args::opt_int(timestamp, "timestamp")?;
            let client = self.client.get().core();
            Ok(self.inner.next_request(&client, timestamp).py_err(py)?.map(|inner| Request { inner }))
        })
    }

    /// The next request as an unsigned `Batch`; `None` when done.
    fn next_batch(&mut self, py: Python<'_>) -> PyResult<Option<Batch>> {
        guard(py, || Ok(self.inner.next_batch().map(|inner| Batch { inner, client: self.client.clone_ref(py) })))
    }

    /// Reads the answer to the outstanding request (HTTP status and body as
    /// bytes or str). On success the plan advances; otherwise it does not,
    /// and `page.outcome.retry` says what to do.
    fn feed(&mut self, py: Python<'_>, status: &Bound<'_, PyAny>, body: &Bound<'_, PyAny>) -> PyResult<Page> {
        guard(py, || {
            let status = crate::args::status(status, "QueryPlan.feed")?;
            let bytes = crate::args::body(body)?;
            let inner = &mut self.inner;
            Ok(Page { inner: py.detach(move || inner.feed(status, &bytes)).py_err(py)? })
        })
    }

    /// Reports that the outstanding request got no answer (timeout, reset):
    /// the plan does not advance; the page's outcome advises resending.
    fn feed_transport_error(&mut self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<Page> {
        guard(py, || {
            let message = crate::args::text(message, "message", "QueryPlan.feed_transport_error")?;
            Ok(Page { inner: self.inner.feed_transport_error(&message).py_err(py)? })
        })
    }

    /// The progress as of the last completed page, as compact JSON text
    /// (exact: every digit kept). Save it after each page; give it to
    /// `QueryPlan.resume(state, client)` to continue after a restart.
    fn state(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || serde_json::to_string(&self.inner.state()).map_err(|e| Error::internal(&e.to_string())).py_err(py))
    }

    /// Continues a run from `state()` (its text, or the dict `json.loads`
    /// gives) with `client`, which signs the requests from now on. The
    /// order is the Node package's: `QueryPlan.resume(state, client)`.
    #[staticmethod]
    fn resume(py: Python<'_>, state: &Bound<'_, PyAny>, client: &Bound<'_, PyAny>) -> PyResult<QueryPlan> {
        guard(py, || {
            if state.is_instance_of::<Client>() && !client.is_instance_of::<Client>() {
                // The order of skuwire < 0.2 (client first): say so rather than "state should be…".
                return Err(crate::error::argument_error(py, Error::argument_order("QueryPlan.resume(state, client)")));
            }
            let client = crate::args::instance::<Client>(client, "client", "Client")?;
            let state = state_of(py, state)?;
            let operation = skuwire::operation(&state.op).py_err(py)?;
            client.get().core().check_operation(operation).py_err(py)?;
            Ok(QueryPlan { inner: skuwire::QueryPlan::resume(state).py_err(py)?, client: client.clone().unbind() })
        })
    }

    /// The operation.
    #[getter]
    fn op(&self) -> &'static str {
        self.inner.operation().name
    }
    /// The client that signs the requests.
    #[getter]
    fn client(&self, py: Python<'_>) -> Py<Client> {
        self.client.clone_ref(py)
    }
    /// True once every window has been read.
    #[getter]
    fn done(&self) -> bool {
        self.inner.is_done()
    }
    /// The page the next request is for.
    #[getter]
    fn page_no(&self) -> u32 {
        self.inner.page_no()
    }
    /// Rows per page; `None` for an operation that does not page.
    #[getter]
    fn page_size(&self) -> Option<u32> {
        self.inner.is_paged().then(|| self.inner.page_size())
    }
    /// The window the next request is for (0-based).
    #[getter]
    fn window_index(&self) -> u64 {
        self.inner.window_index()
    }
    /// How many windows the range has (1 for an operation without windows).
    #[getter]
    fn window_count(&self) -> u64 {
        self.inner.window_count()
    }
    /// `(start, end)` of the current window as aware datetimes, or `None`.
    #[getter]
    fn current_window<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || window_to_py(py, self.inner.current_window()))
    }
    /// The current window's total rows, when its first page said.
    #[getter]
    fn total(&self) -> Option<i64> {
        self.inner.total()
    }
    /// Rows delivered so far in this run.
    #[getter]
    fn rows_delivered(&self) -> u64 {
        self.inner.rows_delivered()
    }
    /// Rows dropped as duplicates so far in this run.
    #[getter]
    fn duplicates_dropped(&self) -> u64 {
        self.inner.duplicates_dropped()
    }
    /// Every window as `(start, end)` aware datetimes, in order (empty for
    /// an operation without windows; `window_count` says how many first).
    fn windows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let list = PyList::empty(py);
            for w in self.inner.windows() {
                list.append(window_to_py(py, Some(w))?)?;
            }
            Ok(list)
        })
    }
    /// Iterating gives `next_request()` until the run is done: feed each
    /// answer before the next step (a failed page comes round again).
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Request>> {
        self.next_request(py, None)
    }
    fn __repr__(&self) -> String {
        format!(
            "<QueryPlan {} window={}/{} page_no={} rows_delivered={} done={}>",
            self.inner.operation().name,
            self.inner.window_index(),
            self.inner.window_count(),
            self.inner.page_no(),
            self.inner.rows_delivered(),
            if self.inner.is_done() { "True" } else { "False" }
        )
    }
    /// Pickles as its client and `state()`: the copy continues from the
    /// last completed page (an outstanding request is issued again).
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, QueryPlanState)> {
        let f = py.import("skuwire._skuwire")?.getattr("_restore_query_plan")?.unbind();
        Ok((f, (self.client.clone_ref(py), self.state(py)?)))
    }
}

/// Unpickles a `QueryPlan`.
#[pyfunction]
pub fn _restore_query_plan(py: Python<'_>, client: &Bound<'_, Client>, state: &Bound<'_, PyAny>) -> PyResult<QueryPlan> {
    QueryPlan::resume(py, state, client.as_any())
}

/// One answer of a query: the new rows (typed, duplicates left out) and
/// what the answer meant.
#[pyclass(module = "skuwire", name = "Page", frozen)]
pub struct Page {
    inner: skuwire::Page,
}

#[pymethods]
impl Page {
    /// The new rows as dicts in the answer's field order: `int`,
    /// `Decimal` (exact text), aware `datetime` (UTC+8), `str`, `bool`,
    /// `None`, decoded JSON. A new list each time.
    #[getter]
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let list = PyList::empty(py);
            for row in &self.inner.items {
                list.append(row_to_py(py, row)?)?;
            }
            Ok(list)
        })
    }
    /// The page number this answer was for.
    #[getter]
    fn page_no(&self) -> u32 {
        self.inner.page_no
    }
    /// The window's total rows, as its first page said.
    #[getter]
    fn total_count(&self) -> Option<i64> {
        self.inner.total_count
    }
    /// The window this answer was for, `(start, end)` aware datetimes, or `None`.
    #[getter]
    fn window<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || window_to_py(py, self.inner.window))
    }
    /// The window's position (0-based).
    #[getter]
    fn window_index(&self) -> u64 {
        self.inner.window_index
    }
    /// Rows in the answer, duplicates included.
    #[getter]
    fn received(&self) -> usize {
        self.inner.received
    }
    /// Rows of this answer left out because they were already delivered.
    #[getter]
    fn duplicates_dropped(&self) -> usize {
        self.inner.duplicates_dropped
    }
    /// True when this page finished the run.
    #[getter]
    fn done(&self) -> bool {
        self.inner.done
    }
    /// True when the answer was read and the plan advanced.
    #[getter]
    fn ok(&self) -> bool {
        self.inner.ok()
    }
    /// The answer's `Outcome` (on failure, `.retry` says what to do).
    #[getter]
    fn outcome(&self) -> Outcome {
        Outcome { inner: self.inner.outcome.clone() }
    }
    /// Anything odd noticed while reading the answer (the outcome's notes).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.outcome.notes.clone()
    }
    fn __repr__(&self) -> String {
        let o = &self.inner.outcome;
        format!(
            "<Page window={} page_no={} items={} total_count={} ok={} retry={} done={}>",
            self.inner.window_index,
            self.inner.page_no,
            self.inner.items.len(),
            self.inner.total_count.map_or("None".to_owned(), |t| t.to_string()),
            if self.inner.ok() { "True" } else { "False" },
            o.retry.name(),
            if self.inner.done { "True" } else { "False" }
        )
    }
}
