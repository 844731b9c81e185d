//! Pushes: `client.push_driver(op, items, …)` → `skuwire.PushDriver`, the
//! core's sans-I/O push driver (`skuwire::PushDriver`), and its
//! `PushAction`s and `PushReport`. The senders that own the sockets
//! (`client.push`, `client.apush`) are Python: `skuwire/_push.py`.
//!
//! Python times are seconds (`time.time()`); the core's are milliseconds.

use crate::client::Client;
use crate::convert::to_py;
use crate::error::{guard, records_to_list, CoreResult};
use crate::outcome::{AssignedId, Outcome, Rejected};
use crate::plan::{InvalidItem, Plan};
use crate::request::Request;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use skuwire::{Error, PushOptions, PushState};

/// Seconds (Python) → milliseconds (core); `None` reads the clock.
fn ms(now: Option<f64>) -> i64 {
    match now {
        Some(t) => (t * 1000.0).round() as i64,
        None => skuwire::unix_now_ms(),
    }
}

/// Seconds → whole milliseconds for an option, refusing what is not a time.
fn ms_option(secs: f64, name: &str) -> Result<u64, Error> {
    if secs.is_finite() && secs >= 0.0 && secs * 1000.0 < u64::MAX as f64 {
        Ok((secs * 1000.0).round() as u64)
    } else {
        Err(Error::invalid_option(&format!("{name} must be a number of seconds ≥ 0, not {secs}")))
    }
}

/// The options of `Client.push_driver`, `Client.push` and `Client.apush`.
#[allow(clippy::too_many_arguments)]
pub fn options(
    concurrency: usize,
    rate: Option<f64>,
    rate_margin: f64,
    seed: u64,
    max_attempts: u32,
    backoff_base: f64,
    backoff_cap: f64,
    resend_unknown: bool,
    resend_rejected: bool,
) -> Result<PushOptions, Error> {
    Ok(PushOptions {
        concurrency,
        rate,
        rate_margin_ms: ms_option(rate_margin, "rate_margin")?,
        seed,
        max_attempts,
        backoff_base_ms: ms_option(backoff_base, "backoff_base")?,
        backoff_cap_ms: ms_option(backoff_cap, "backoff_cap")?,
        resend_unknown,
        resend_rejected,
    })
}

/// The body of `Client.push_driver`: plans every item (converting them as
/// `Client.plan` does), then starts a push — or resumes one from `journal`.
pub fn make_driver(py: Python<'_>, client: &Bound<'_, Client>, mut plan: Plan, options: PushOptions, journal: Option<Vec<u8>>) -> PyResult<PushDriver> {
    let op = plan.op_name();
    let plan = plan.drain(py)?;
    let core = client.get().core();
    let inner = py
        .detach(move || match journal {
            Some(j) => skuwire::PushDriver::resume(core, op, plan, options, &j),
            None => skuwire::PushDriver::new(core, op, plan, options),
        })
        .py_err(py)?;
    Ok(PushDriver { inner, client: client.clone().unbind() })
}

/// A push in progress, driven by the host: `next()` says what to do —
/// send a request now, wait, or stop — `feed()` reports each answer, and
/// `take_journal()` gives the lines to append to the journal (before each
/// send and after each answer). `client.push()` / `client.apush()` drive it
/// for you.
#[pyclass(module = "skuwire", name = "PushDriver")]
pub struct PushDriver {
    inner: skuwire::PushDriver,
    client: Py<Client>,
}

/// What to do next: `kind` is `"send"` (`call`, `request`, `positions`,
/// `attempt`, `retry`), `"wait"` (`wait`: seconds, or `None` for "until an
/// answer arrives") or `"done"`.
#[pyclass(module = "skuwire", name = "PushAction", frozen, get_all)]
pub struct PushAction {
    /// `"send"`, `"wait"` or `"done"`.
    kind: &'static str,
    /// The call's id, to give back with its answer.
    call: Option<u64>,
    /// The request to send now (signed now).
    request: Option<Py<Request>>,
    /// Input positions of the items the call carries.
    positions: Vec<usize>,
    /// 1 for a batch's first send in this run, 2 for its first retry…
    attempt: u32,
    /// Why it is sent again (`"resign"`, `"backoff"`, `"resend"`), or `None`.
    retry: Option<&'static str>,
    /// Seconds to wait (unless an answer arrives first); `None` with `"wait"`:
    /// wait for an answer.
    wait: Option<f64>,
}

#[pymethods]
impl PushAction {
    fn __repr__(&self) -> String {
        match self.kind {
            "send" => format!("<PushAction send call={} items={} attempt={}>", self.call.unwrap_or(0), self.positions.len(), self.attempt),
            "wait" => format!("<PushAction wait {}>", self.wait.map_or("for an answer".to_owned(), |w| format!("{w:.3} s"))),
            _ => "<PushAction done>".to_owned(),
        }
    }
}

/// `(name, value)` pairs of an answer's headers: a mapping (`dict`,
/// `httpx.Headers`, `requests`' headers, `http.client.HTTPMessage`) or an
/// iterable of pairs.
fn header_pairs(headers: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(h) = headers.filter(|h| !h.is_none()) else { return Ok(Vec::new()) };
    let items = if h.hasattr("items")? { h.call_method0("items")? } else { h.clone() };
    let mut out = Vec::new();
    let wrong = || crate::error::argument_error(h.py(), Error::argument_type("headers", "a mapping or pairs of str", &h.get_type().name().map(|n| n.to_string()).unwrap_or_default()));
    for pair in items.try_iter().map_err(|_| wrong())? {
        let (k, v): (String, String) = pair?.extract().map_err(|_| wrong())?;
        out.push((k, v));
    }
    Ok(out)
}

#[pymethods]
impl PushDriver {
    /// What to do at `now` (Unix seconds; default: the clock).
    #[pyo3(signature = (now = None))]
    fn next(&mut self, py: Python<'_>, now: Option<&Bound<'_, PyAny>>) -> PyResult<PushAction> {
        guard(py, || {
            let now = crate::args::opt_seconds(now, "now")?;
            let action = self.inner.next(ms(now)).py_err(py)?;
            Ok(match action {
                skuwire::PushAction::Send(c) => PushAction {
                    kind: "send",
                    call: Some(c.call),
                    request: Some(Py::new(py, Request { inner: c.request })?),
                    positions: c.positions,
                    attempt: c.attempt,
                    retry: c.retry.map(|r| r.name()),
                    wait: None,
                },
                skuwire::PushAction::Wait(w) => PushAction { kind: "wait", call: None, request: None, positions: Vec::new(), attempt: 0, retry: None, wait: w.map(|ms| ms as f64 / 1000.0) },
                skuwire::PushAction::Done => PushAction { kind: "done", call: None, request: None, positions: Vec::new(), attempt: 0, retry: None, wait: None },
            })
        })
    }

    /// Reports the answer to `call`: HTTP status, body (bytes or str) and
    /// headers (`Date` is read after a clock error, `Retry-After` after a
    /// rate limit), received at `now`. Returns what it meant (`Outcome`).
    #[pyo3(signature = (call, status, body, headers = None, now = None))]
    fn feed(
        &mut self,
        py: Python<'_>,
        call: &Bound<'_, PyAny>,
        status: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        headers: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Outcome> {
        guard(py, || {
            let call = crate::args::int::<u64>(call, "call")?;
            let now = crate::args::opt_seconds(now, "now")?;
            let status = crate::args::status(status, "PushDriver.feed")?;
            let bytes = crate::args::body(body)?;
            let pairs = header_pairs(headers)?;
            let inner = &mut self.inner;
            let outcome = py.detach(move || {
                let h: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                inner.feed(call, ms(now), status, &h, &bytes)
            });
            Ok(Outcome { inner: outcome.py_err(py)? })
        })
    }

    /// Reports that `call` got no answer (timeout, connection reset).
    #[pyo3(signature = (call, message, now = None))]
    fn feed_transport_error(&mut self, py: Python<'_>, call: &Bound<'_, PyAny>, message: &Bound<'_, PyAny>, now: Option<&Bound<'_, PyAny>>) -> PyResult<Outcome> {
        guard(py, || {
            let call = crate::args::int::<u64>(call, "call")?;
            let message = crate::args::text(message, "message", "PushDriver.feed_transport_error")?;
            let now = crate::args::opt_seconds(now, "now")?;
            Ok(Outcome { inner: self.inner.feed_transport_error(call, ms(now), &message).py_err(py)? })
        })
    }

    /// The journal lines written since the last call (JSON Lines, `bytes`):
    /// append them to the journal before sending, and after each answer.
    fn take_journal<'py>(&mut self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.take_journal())
    }

    /// How many bytes of the journal given at the start were complete lines:
    /// truncate the file to this before appending.
    #[getter]
    fn journal_keep(&self) -> usize {
        self.inner.journal_keep()
    }

    /// Stops handing out calls; unsent items stay `unsent`.
    fn stop(&mut self) {
        self.inner.stop()
    }

    /// True once nothing is left to send or in flight.
    #[getter]
    fn done(&self) -> bool {
        self.inner.is_done()
    }

    /// Ids of the calls in flight.
    #[getter]
    fn in_flight(&self) -> Vec<u64> {
        self.inner.in_flight()
    }

    /// The operation.
    #[getter]
    fn op(&self) -> &'static str {
        self.inner.operation().name
    }

    /// Whether the operation is an upsert (a journal of a push that is not
    /// should be fsync'ed before each send).
    #[getter]
    fn upsert(&self) -> bool {
        self.inner.operation().upsert
    }

    /// The client the push was started with.
    #[getter]
    fn client(&self, py: Python<'_>) -> Py<Client> {
        self.client.clone_ref(py)
    }

    /// The clock offset learned so far (server − local, seconds).
    #[getter]
    fn clock_offset(&self) -> i64 {
        self.inner.client().clock_offset()
    }

    /// What became of every item so far.
    fn report(&self) -> PushReport {
        PushReport { inner: self.inner.report() }
    }

    /// The push as JSON text: plan, options and history (no credentials).
    /// `PushDriver.restore(state, client)` continues it.
    fn state(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || serde_json::to_string(&self.inner.state()).map_err(|e| Error::internal(&e.to_string())).py_err(py))
    }

    /// Continues a push from `state()` with `client` (calls in flight when
    /// the state was taken are treated as after a crash). The order is the
    /// Node package's: `PushDriver.restore(state, client)`.
    #[staticmethod]
    fn restore(py: Python<'_>, state: &Bound<'_, PyAny>, client: &Bound<'_, PyAny>) -> PyResult<PushDriver> {
        guard(py, || {
            if state.is_instance_of::<Client>() && !client.is_instance_of::<Client>() {
                return Err(crate::error::argument_error(py, Error::argument_order("PushDriver.restore(state, client)")));
            }
            let client = crate::args::instance::<Client>(client, "client", "Client")?;
            let state = crate::args::text(state, "state", "PushDriver.restore")?;
            let state = PushState::from_json_text(state.as_bytes()).py_err(py)?;
            let inner = skuwire::PushDriver::restore(client.get().core(), state).py_err(py)?;
            Ok(PushDriver { inner, client: client.clone().unbind() })
        })
    }

    fn __repr__(&self) -> String {
        let r = self.inner.report();
        format!(
            "<PushDriver {} items={} accepted={} rejected={} unknown={} calls={} in_flight={} done={}>",
            r.op,
            r.items,
            r.accepted.len(),
            r.rejected.len(),
            r.unknown.len(),
            r.calls,
            self.inner.in_flight().len(),
            if self.inner.is_done() { "True" } else { "False" }
        )
    }

    /// Pickles as its client and `state()`.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, DriverState)> {
        let f = py.import("skuwire._skuwire")?.getattr("_restore_push_driver")?.unbind();
        Ok((f, (self.client.clone_ref(py), self.state(py)?)))
    }
}

/// A pickled driver: its client and its `state()` text.
type DriverState = (Py<Client>, String);

/// Unpickles a `PushDriver`.
#[pyfunction]
pub fn _restore_push_driver(py: Python<'_>, client: &Bound<'_, Client>, state: &Bound<'_, PyAny>) -> PyResult<PushDriver> {
    PushDriver::restore(py, state, client.as_any())
}

/// What became of every item of a push, by input position: `accepted`,
/// `rejected` (`Rejected`: index, key, the platform's message), `invalid`
/// (`InvalidItem`: never sent, with every problem), `unknown` (the platform
/// may or may not have applied them: check before resending), `unsent`
/// (never sent, or given up while a retry was advised: safe to send again),
/// `calls`, `retries` (by kind).
#[pyclass(module = "skuwire", name = "PushReport", frozen, eq)]
#[derive(PartialEq)]
pub struct PushReport {
    pub inner: skuwire::PushReport,
}

#[pymethods]
impl PushReport {
    /// The operation.
    #[getter]
    fn op(&self) -> &str {
        &self.inner.op
    }
    /// How many input items.
    #[getter]
    fn items(&self) -> usize {
        self.inner.items
    }
    /// True when every item was accepted.
    #[getter]
    fn ok(&self) -> bool {
        self.inner.ok()
    }
    /// Positions the platform confirmed, ascending.
    #[getter]
    fn accepted(&self) -> Vec<usize> {
        self.inner.accepted.clone()
    }
    /// Items the platform refused, in the order the answers came.
    #[getter]
    fn rejected(&self) -> Vec<Rejected> {
        self.inner.rejected.iter().map(|r| Rejected { index: r.index, key: r.key.clone(), message: r.message.clone() }).collect()
    }
    /// Items left out before sending, with every problem.
    #[getter]
    fn invalid(&self, py: Python<'_>) -> PyResult<Vec<Py<InvalidItem>>> {
        guard(py, || {
            self.inner
                .invalid
                .iter()
                .map(|(index, errors)| Py::new(py, InvalidItem::new(*index, records_to_list(py, errors, &[])?.unbind())))
                .collect()
        })
    }
    /// Positions whose fate no answer settled.
    #[getter]
    fn unknown(&self) -> Vec<usize> {
        self.inner.unknown.clone()
    }
    /// Positions not settled: never sent, or given up while a retry was advised.
    #[getter]
    fn unsent(&self) -> Vec<usize> {
        self.inner.unsent.clone()
    }
    /// Ids the platform assigned (ApiGoods.upload `rec_ids`).
    #[getter]
    fn ids(&self, py: Python<'_>) -> PyResult<Vec<Py<AssignedId>>> {
        self.inner.ids.iter().map(|a| Py::new(py, AssignedId::new(a.index, a.id.clone()))).collect()
    }
    /// Calls made (in every run its journal recorded).
    #[getter]
    fn calls(&self) -> u64 {
        self.inner.calls
    }
    /// Retries by kind: `{"resign": n, "backoff": n, "resend": n}`.
    #[getter]
    fn retries<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let r = self.inner.retries;
        d.set_item("resign", r.resign)?;
        d.set_item("backoff", r.backoff)?;
        d.set_item("resend", r.resend)?;
        Ok(d)
    }
    /// The clock offset in force at the end (server − local, seconds).
    #[getter]
    fn clock_offset(&self) -> i64 {
        self.inner.clock_offset
    }
    /// The report as plain data (`dict`), e.g. to return from a worker.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let v = serde_json::to_value(&self.inner).map_err(|e| Error::internal(&e.to_string())).py_err(py)?;
            let d = to_py(py, &v)?;
            // Records as every other API shows them (loc as a tuple).
            let invalid = PyList::empty(py);
            for (index, errors) in &self.inner.invalid {
                invalid.append((index, records_to_list(py, errors, &[])?))?;
            }
            d.set_item("invalid", invalid)?;
            Ok(d)
        })
    }
    fn __repr__(&self) -> String {
        let r = &self.inner;
        format!(
            "<PushReport {} items={} accepted={} rejected={} invalid={} unknown={} unsent={} calls={} retries={}>",
            r.op,
            r.items,
            r.accepted.len(),
            r.rejected.len(),
            r.invalid.len(),
            r.unknown.len(),
            r.unsent.len(),
            r.calls,
            r.retries.total()
        )
    }
    /// Pickles as the core's plain-data form.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Py<PyAny>, (Bound<'py, PyBytes>,))> {
        guard(py, || {
            let data = serde_json::to_vec(&self.inner).map_err(|e| Error::internal(&e.to_string())).py_err(py)?;
            let f = py.import("skuwire._skuwire")?.getattr("_restore_push_report")?.unbind();
            Ok((f, (PyBytes::new(py, &data),)))
        })
    }
}

/// Unpickles a `PushReport`.
#[pyfunction]
pub fn _restore_push_report(py: Python<'_>, data: &Bound<'_, PyBytes>) -> PyResult<PushReport> {
    guard(py, || {
        let inner = serde_json::from_slice(data.as_bytes()).map_err(|e| Error::invalid_data("push report", &e.to_string())).py_err(py)?;
        Ok(PushReport { inner })
    })
}
