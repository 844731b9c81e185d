//! Validation and planning from Python input: `skuwire.validate`,
//! `Client.plan` → `skuwire.Plan` of `skuwire.Batch`.
//!
//! Input is any iterable of mappings (or one mapping), read by the core
//! itself through `PyInput`, or JSON text/bytes handed to the core's text
//! reader. With `on_invalid="skip"` the plan pulls one Python item at a
//! time into the core's `Planner`, so a generator of any length is planned
//! with bounded memory.

use crate::client::Client;
use crate::convert::{lossy, to_py, utf8, HostError, PyInput, ReadError};
use crate::error::{guard, records_to_list, to_pyerr, validation_error, CoreResult};
use crate::outcome::Outcome;
use crate::request::Request;
use pyo3::exceptions::PyStopIteration;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyIterator, PyList, PyMemoryView, PyString, PyTuple};
use crate::table::{nest_option, table};
use skuwire::{ErrorRecord, ErrorType, Head, Input, NestInput, NestState, OnInvalid, PlanOptions, Planner, ValidationErrors};
use std::collections::VecDeque;

/// The bytes of an input that is JSON text, or `None` when the input is
/// Python objects. `Err` holds the record of a `str` that is not Unicode.
pub fn json_bytes(obj: &Bound<'_, PyAny>) -> Option<Result<Vec<u8>, ErrorRecord>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Some(match utf8(s) {
            Some(text) => Ok(text.into_owned().into_bytes()),
            None => Err(ErrorRecord::string_unicode(Vec::new(), &lossy(s))),
        });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Some(Ok(b.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Some(Ok(b.to_vec()));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        return obj.call_method0("tobytes").and_then(|b| Ok(b.cast_into::<PyBytes>()?.as_bytes().to_vec())).ok().map(Ok);
    }
    None
}

/// Signs a batch with a client, without the GIL.
pub fn sign_batch(py: Python<'_>, client: skuwire::Client, batch: &Batch, timestamp: Option<i64>) -> PyResult<Request> {
    let inner = &batch.inner;
    let r = py.detach(move || client.sign(inner, timestamp));
    Ok(Request { inner: r.py_err(py)? })
}

/// Validates a payload for an operation: a list (any iterable) of items, or
/// one item mapping, or JSON text/bytes, or a table (anything with
/// `__arrow_c_stream__`). Returns every problem as a dict
/// `{type, loc, msg, msg_zh, input, ctx}`; empty when valid. `lax` and
/// `nest`/`nest_key` as for `Client.plan`.
#[pyfunction]
#[pyo3(
    signature = (op, payload, strict = crate::args::Given::Default, *, lax = crate::args::Given::Default, nest = crate::args::Given::Default, nest_key = crate::args::Given::Default),
    text_signature = "(op, payload, strict=False, *, lax=False, nest=None, nest_key=None)"
)]
pub fn validate<'py>(
    py: Python<'py>,
    op: &Bound<'py, PyAny>,
    payload: &Bound<'py, PyAny>,
    strict: crate::args::Given<'py>,
    lax: crate::args::Given<'py>,
    nest: crate::args::Given<'py>,
    nest_key: crate::args::Given<'py>,
) -> PyResult<Bound<'py, PyList>> {
    guard(py, || {
        let op = &*crate::args::text(op, "op", "validate")?;
        let strict = strict.flag("strict", false)?;
        skuwire::operation(op).py_err(py)?;
        let lax = lax.flag("lax", false)?;
        let opts = PlanOptions { strict, lax, nest: nest_option(py, nest.given(), nest_key.given())?, ..PlanOptions::default() };
        if let Some(text) = json_bytes(payload) {
            let text = match text {
                Ok(t) => t,
                Err(rec) => return records_to_list(py, &[rec], &[]),
            };
            let errors = py.detach(|| skuwire::validate_json_with(op, &text, Vec::new(), &opts)).py_err(py)?;
            return records_to_list(py, &errors, &[]);
        }
        if let Some(rows) = table(payload)? {
            // Arrow memory, read by the core without the GIL.
            let errors = py.detach(|| skuwire::validate_input_with(op, rows, &opts)).py_err(py)?;
            return records_to_list(py, &errors, &[]);
        }
        // The core reads the Python values themselves (one walk, no copy).
        let mut input = PyInput::payload(payload)?;
        let r = skuwire::validate_input_with(op, &mut input, &opts);
        let host = std::mem::take(&mut input.host);
        match r {
            Ok(errors) => records_to_list(py, &errors, &host),
            Err(e) => Err(e.into_py(py, &host)),
        }
    })
}

/// Where a lazy plan's items come from.
enum Source {
    /// The rest of a Python payload's items.
    Py(Py<PyIterator>),
    /// The rest of a Python payload's rows, nested into items by the core
    /// (its state between pulls, and the Python values of bad cells it read ahead).
    PyNest { items: Py<PyIterator>, state: Option<Box<NestState>>, host: Vec<HostError> },
    /// Rows the core reads without the GIL (a table). (A mutex only to be
    /// `Sync`, as a Python class must be: it is reached through `&mut`.)
    Rows(std::sync::Mutex<Box<dyn Rows>>),
    /// Batches and invalid items already planned (JSON text, one item).
    Done,
}

/// Items the core pulls from an input of its own (a table's rows, nested
/// or not), one at a time, without the GIL.
pub trait Rows: Send {
    /// The next item through `planner`; `None` at the end of the input.
    fn pull(&mut self, planner: &mut Planner) -> Result<Option<skuwire::Step>, skuwire::Error>;
}

/// An input read as a payload of items.
struct Started<I> {
    input: I,
    begun: bool,
}

impl<I: Input<Error = skuwire::Error> + Send> Rows for Started<I> {
    fn pull(&mut self, planner: &mut Planner) -> Result<Option<skuwire::Step>, skuwire::Error> {
        if !std::mem::replace(&mut self.begun, true) && !matches!(self.input.value()?, Head::List) {
            return Err(skuwire::Error::internal("a table's rows are a list"));
        }
        if !self.input.next_element()? {
            self.input.end()?;
            return Ok(None);
        }
        planner.push_input(&mut self.input).map(Some)
    }
}

/// A table's rows for a lazy plan: nested into items when `opts` says so.
fn table_rows(rows: crate::table::TableInput, op: &'static skuwire::Operation, opts: &PlanOptions) -> Result<Box<dyn Rows>, skuwire::Error> {
    Ok(match &opts.nest {
        Some(nest) => Box::new(Started { input: NestInput::new(Some(op), nest, rows)?, begun: false }),
        None => Box::new(Started { input: rows, begun: false }),
    })
}

/// The core's error for a payload, with the Python payload itself as the
/// input of a "not a list" record.
fn payload_error(py: Python<'_>, e: ReadError, payload: &Bound<'_, PyAny>, host: &[HostError]) -> PyErr {
    let mut host: Vec<HostError> = host.iter().map(|h| HostError { record: h.record.clone(), input: h.input.clone_ref(py) }).collect();
    if let ReadError::Core(skuwire::Error::Validation(v)) = &e {
        if let [rec] = v.errors.as_slice() {
            if rec.kind == ErrorType::ListType && rec.loc.is_empty() {
                host.push(HostError { record: rec.clone(), input: payload.clone().unbind() });
            }
        }
    }
    e.into_py(py, &host)
}

/// Plans `items` for `op`; the body of `Client.plan`.
pub fn make_plan(py: Python<'_>, client: &Bound<'_, Client>, op: &Bound<'_, PyAny>, items: &Bound<'_, PyAny>, on_invalid: &str, opts: PlanOptions) -> PyResult<Plan> {
    let op = &*crate::args::text(op, "op", "Client.plan")?;
    let mode = OnInvalid::parse(on_invalid).py_err(py)?;
    let opts = PlanOptions { on_invalid: mode, ..opts };
    let operation = skuwire::operation(op).py_err(py)?;
    client.get().core().check_operation(operation).py_err(py)?;
    let op_name = operation.name;
    let mut planner = Planner::new(op, &opts).py_err(py)?;
    let mut plan = Plan { client: client.clone().unbind(), op_name, planner: None, source: Source::Done, ready: VecDeque::new(), invalid: Vec::new(), records: Vec::new() };
    if let Some(rows) = table(items)? {
        match mode {
            OnInvalid::Raise => {
                // Arrow memory, read by the core without the GIL; any
                // problem fails the plan with every problem listed.
                let planned = py.detach(|| skuwire::plan_input(op, rows, &opts)).map_err(|e| to_pyerr(py, e, &[]))?;
                plan.ready = planned.batches.into();
            }
            OnInvalid::Skip => {
                // Rows are read as batches are asked for: one record batch
                // of the table is held at a time.
                plan.source = Source::Rows(std::sync::Mutex::new(table_rows(rows, operation, &opts).py_err(py)?));
                plan.planner = Some(planner);
            }
        }
        return Ok(plan);
    }
    if let Some(text) = json_bytes(items) {
        let text = match text {
            Ok(t) => t,
            Err(record) => {
                let errors = vec![record.clone()];
                let host = [HostError { input: to_py(py, &record.input)?.unbind(), record }];
                return Err(validation_error(py, &ValidationErrors { op: op_name.to_owned(), errors }, &host));
            }
        };
        // JSON text: planned whole, without the GIL.
        let planned = py.detach(|| skuwire::plan_json(op, &text, &opts)).map_err(|e| to_pyerr(py, e, &[]))?;
        plan.ready = planned.batches.into();
        for (index, errors) in planned.invalid {
            let list = records_to_list(py, &errors, &[])?.unbind();
            plan.invalid.push(Py::new(py, InvalidItem { index, errors: list })?);
            plan.records.push((index, errors));
        }
        return Ok(plan);
    }
    match mode {
        OnInvalid::Raise => {
            // Every item read, checked and written in one walk; any problem
            // fails the plan with every problem listed.
            let mut input = PyInput::payload(items)?;
            let r = skuwire::plan_input(op, &mut input, &opts);
            let host = std::mem::take(&mut input.host);
            let planned = r.map_err(|e| payload_error(py, e, items, &host))?;
            plan.ready = planned.batches.into();
        }
        OnInvalid::Skip if opts.nest.is_some() => {
            // Rows are pulled as batches are asked for and nested by the
            // core, which keeps its state between pulls.
            let nest = opts.nest.as_ref().expect("checked");
            let mut input = NestInput::new(Some(operation), nest, PyInput::payload(items)?).py_err(py)?;
            if let Err(e) = skuwire::read_payload_head(op, &mut input) {
                let host = std::mem::take(&mut input.inner().host);
                return Err(payload_error(py, e, items, &host));
            }
            let host = std::mem::take(&mut input.inner().host);
            match input.inner().items_iter() {
                Some(it) => {
                    plan.source = Source::PyNest { items: it.unbind(), state: Some(Box::new(input.into_state())), host };
                    plan.planner = Some(planner);
                }
                None => {
                    // One row: its one item, planned now.
                    input.inner().host = host;
                    while input.next_element().map_err(|e| e.into_py(py, &[]))? {
                        let step = planner.push_input(&mut input);
                        let host = std::mem::take(&mut input.inner().host);
                        let step = step.map_err(|e| e.into_py(py, &host))?;
                        plan.take_step(py, step, &host)?;
                    }
                    plan.ready.extend(planner.finish());
                }
            }
        }
        OnInvalid::Skip => {
            // Items are pulled one at a time as batches are asked for, so a
            // generator of any length is planned with bounded memory.
            let mut input = PyInput::payload(items)?;
            match skuwire::read_payload_head(op, &mut input) {
                Ok(skuwire::PayloadHead::List) => {
                    plan.source = Source::Py(input.items_iter().expect("a list payload reads from an iterator").unbind());
                    plan.planner = Some(planner);
                }
                Ok(skuwire::PayloadHead::One(head)) => {
                    let step = planner.push_from_head(&mut input, &head);
                    let host = std::mem::take(&mut input.host);
                    let step = step.map_err(|e| e.into_py(py, &host))?;
                    plan.take_step(py, step, &host)?;
                    plan.ready.extend(planner.finish());
                }
                Err(e) => {
                    let host = std::mem::take(&mut input.host);
                    return Err(payload_error(py, e, items, &host));
                }
            }
        }
    }
    Ok(plan)
}

/// An item left out of a plan (`on_invalid="skip"`): its input position and
/// every problem it has. Unpacks as `index, errors`.
#[pyclass(module = "skuwire", name = "InvalidItem", frozen)]
pub struct InvalidItem {
    index: usize,
    errors: Py<PyList>,
}

impl InvalidItem {
    pub fn new(index: usize, errors: Py<PyList>) -> Self {
        InvalidItem { index, errors }
    }
}

#[pymethods]
impl InvalidItem {
    /// The item's input position.
    #[getter]
    fn index(&self) -> usize {
        self.index
    }
    /// Its problems, as error dicts (a new list each time).
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let copy = PyList::empty(py);
        for e in self.errors.bind(py).iter() {
            copy.append(e.call_method0("copy")?)?;
        }
        Ok(copy)
    }
    fn __len__(&self) -> usize {
        2
    }
    fn __getitem__<'py>(&self, py: Python<'py>, i: isize) -> PyResult<Bound<'py, PyAny>> {
        match i {
            0 | -2 => Ok(self.index.into_pyobject(py)?.into_any()),
            1 | -1 => Ok(self.errors(py)?.into_any()),
            _ => Err(pyo3::exceptions::PyIndexError::new_err(i)),
        }
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyTuple::new(py, [self.index.into_pyobject(py)?.into_any(), self.errors(py)?.into_any()])?.try_iter()?.into_any())
    }
    fn __repr__(&self, py: Python<'_>) -> String {
        let types: Vec<String> = self
            .errors
            .bind(py)
            .iter()
            .filter_map(|e| e.get_item("type").ok().map(|t| t.to_string()))
            .collect();
        format!("InvalidItem(index={}, types={:?})", self.index, types)
    }
}

/// The batches of a plan, in emission order (an iterator: it is consumed
/// once). With `on_invalid="skip"` items are pulled from the input only as
/// batches are asked for, and `invalid` grows as they are found; it is
/// complete once the plan is exhausted.
#[pyclass(module = "skuwire", name = "Plan")]
pub struct Plan {
    client: Py<Client>,
    op_name: &'static str,
    planner: Option<Planner>,
    source: Source,
    ready: VecDeque<skuwire::Batch>,
    invalid: Vec<Py<InvalidItem>>,
    /// The invalid items' records as the core has them (for a push driver).
    records: Vec<(usize, Vec<ErrorRecord>)>,
}

impl Plan {
    fn take_step(&mut self, py: Python<'_>, step: skuwire::Step, host: &[HostError]) -> PyResult<()> {
        if !step.errors.is_empty() {
            let errors = records_to_list(py, &step.errors, host)?.unbind();
            self.invalid.push(Py::new(py, InvalidItem { index: step.index, errors })?);
            self.records.push((step.index, step.errors));
        }
        self.ready.extend(step.batch);
        Ok(())
    }

    /// The operation planned.
    pub fn op_name(&self) -> &'static str {
        self.op_name
    }

    /// Every batch left and every invalid item, as the core's plan (reads
    /// the rest of the input).
    pub fn drain(&mut self, py: Python<'_>) -> PyResult<skuwire::Plan> {
        let mut batches = Vec::new();
        while let Some(b) = self.pull(py)? {
            batches.push(b);
        }
        Ok(skuwire::Plan { batches, invalid: std::mem::take(&mut self.records) })
    }

    fn pull(&mut self, py: Python<'_>) -> PyResult<Option<skuwire::Batch>> {
        loop {
            if let Some(b) = self.ready.pop_front() {
                return Ok(Some(b));
            }
            if let (Some(planner), Source::Rows(rows)) = (self.planner.as_mut(), &mut self.source) {
                let rows = rows.get_mut().unwrap_or_else(|e| e.into_inner());
                // Without the GIL until a batch is complete (or a few
                // thousand items were left out).
                let pulled = py.detach(|| {
                    let mut steps = Vec::new();
                    loop {
                        match rows.pull(planner)? {
                            None => return Ok((steps, true)),
                            Some(step) => {
                                let full = step.batch.is_some();
                                steps.push(step);
                                if full || steps.len() >= 4096 {
                                    return Ok((steps, false));
                                }
                            }
                        }
                    }
                });
                let (steps, done) = pulled.map_err(|e: skuwire::Error| to_pyerr(py, e, &[]))?;
                for step in steps {
                    self.take_step(py, step, &[])?;
                }
                if done {
                    self.source = Source::Done;
                    if let Some(planner) = self.planner.take() {
                        self.ready.extend(planner.finish());
                    }
                }
                continue;
            }
            if let (Some(planner), Source::PyNest { items, state, host }) = (self.planner.as_mut(), &mut self.source) {
                let mut inner = PyInput::resume(items.bind(py))?;
                inner.host = std::mem::take(host);
                let st = state.take().expect("a nesting plan keeps its state");
                let mut input = NestInput::resume(*st, inner);
                let more = input.next_element();
                let step = match more {
                    Ok(true) => Some(planner.push_input(&mut input)),
                    Ok(false) => None,
                    Err(e) => {
                        let h = std::mem::take(&mut input.inner().host);
                        return Err(e.into_py(py, &h));
                    }
                };
                let now = std::mem::take(&mut input.inner().host);
                *state = Some(Box::new(input.into_state()));
                match step {
                    Some(step) => {
                        let step = step.map_err(|e| e.into_py(py, &now))?;
                        self.take_step(py, step, &now)?;
                        // Bad cells of rows read ahead are located later.
                        if let Source::PyNest { host, .. } = &mut self.source {
                            *host = now;
                        }
                    }
                    None => {
                        self.source = Source::Done;
                        if let Some(planner) = self.planner.take() {
                            self.ready.extend(planner.finish());
                        }
                    }
                }
                continue;
            }
            let (Some(planner), Source::Py(items)) = (self.planner.as_mut(), &self.source) else {
                return Ok(None);
            };
            let mut input = PyInput::resume(items.bind(py))?;
            let more = input.next_element().map_err(|e| e.into_py(py, &[]))?;
            if more {
                let step = planner.push_input(&mut input);
                let host = std::mem::take(&mut input.host);
                let step = step.map_err(|e| e.into_py(py, &host))?;
                self.take_step(py, step, &host)?;
            } else {
                self.source = Source::Done;
                if let Some(planner) = self.planner.take() {
                    self.ready.extend(planner.finish());
                }
            }
        }
    }
}

#[pymethods]
impl Plan {
    /// The operation being planned.
    #[getter]
    fn op(&self) -> &'static str {
        self.op_name
    }
    /// Items left out so far (`on_invalid="skip"`), in input order.
    #[getter]
    fn invalid(&self, py: Python<'_>) -> Vec<Py<InvalidItem>> {
        self.invalid.iter().map(|i| i.clone_ref(py)).collect()
    }
    /// True once every input item has been read.
    #[getter]
    fn done(&self) -> bool {
        matches!(self.source, Source::Done) && self.planner.is_none() && self.ready.is_empty()
    }
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Batch> {
        guard(py, || match slf.pull(py)? {
            Some(inner) => Ok(Batch { inner, client: slf.client.clone_ref(py) }),
            None => Err(PyStopIteration::new_err(())),
        })
    }
    fn __repr__(&self) -> String {
        format!("<Plan {} invalid={} done={}>", self.op_name, self.invalid.len(), self.done())
    }
    /// Pickles as its client and the batches not yet taken (and every
    /// invalid item): a streaming plan reads the rest of its input first.
    fn __reduce__<'py>(mut slf: PyRefMut<'py, Self>, py: Python<'py>) -> PyResult<(Py<PyAny>, PlanPickle<'py>)> {
        guard(py, || {
            let mut batches = Vec::new();
            while let Some(b) = slf.pull(py)? {
                batches.push(b);
            }
            let plan = skuwire::Plan { batches, invalid: slf.records.clone() };
            let data = PyBytes::new(py, &skuwire::push::plan_to_json(&plan));
            // The original goes on from where it was.
            slf.ready = plan.batches.into();
            let f = py.import("skuwire._skuwire")?.getattr("_restore_plan")?.unbind();
            Ok((f, (slf.client.clone_ref(py), slf.op_name, data)))
        })
    }
}

/// A pickled plan: its client, its operation and its plain data.
type PlanPickle<'py> = (Py<Client>, &'static str, Bound<'py, PyBytes>);

/// Unpickles a `Plan`.
#[pyfunction]
pub fn _restore_plan(py: Python<'_>, client: &Bound<'_, Client>, op: &str, data: &Bound<'_, PyBytes>) -> PyResult<Plan> {
    guard(py, || {
        let op_name = skuwire::operation(op).py_err(py)?.name;
        let plan = skuwire::push::plan_from_json(data.as_bytes()).py_err(py)?;
        let invalid = plan
            .invalid
            .iter()
            .map(|(index, errors)| Py::new(py, InvalidItem { index: *index, errors: records_to_list(py, errors, &[])?.unbind() }))
            .collect::<PyResult<_>>()?;
        Ok(Plan {
            client: client.clone().unbind(),
            op_name,
            planner: None,
            source: Source::Done,
            ready: plan.batches.into(),
            invalid,
            records: plan.invalid,
        })
    })
}

/// One future call: a batch of input items (or a generic call's
/// arguments), unsigned. Sign it just before sending it.
#[pyclass(module = "skuwire", name = "Batch", frozen)]
pub struct Batch {
    pub inner: skuwire::Batch,
    pub client: Py<Client>,
}

/// A pickled batch: its client and the core's plain-data form (which
/// carries a flagship call's paging parameters too).
type BatchState<'py> = (Py<Client>, Bound<'py, PyBytes>);

#[pymethods]
impl Batch {
    /// The operation name; `None` for a generic call (see `method`).
    #[getter]
    fn op(&self) -> Option<&'static str> {
        self.inner.operation().map(|op| op.name)
    }
    /// The method name as the vendor writes it (the operation's, or a generic call's).
    #[getter]
    fn method(&self) -> &str {
        self.inner.method()
    }
    /// The input items, in input order (numbers as `int` / `Decimal`).
    #[getter]
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let list = PyList::empty(py);
            for item in self.inner.items() {
                list.append(to_py(py, item)?)?;
            }
            Ok(list)
        })
    }
    /// `"flagship"`, `"enterprise"` or `"ymcart"`.
    #[getter]
    fn platform(&self) -> &'static str {
        self.inner.platform().name()
    }
    /// Input positions of the items, in order.
    #[getter]
    fn indices(&self) -> Vec<usize> {
        self.inner.indices().to_vec()
    }
    /// Whether resending this batch is harmless (the platform upserts).
    #[getter]
    fn upsert(&self) -> bool {
        self.inner.is_upsert()
    }
    /// The request payload (flagship: the positional-argument list;
    /// enterprise/YMCart: the parameters), numbers as `int` / `Decimal`.
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.inner.payload()))
    }
    /// The payload as compact JSON bytes (for flagship, exactly the HTTP body).
    fn body_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        guard(py, || Ok(PyBytes::new(py, &py.detach(|| self.inner.body_json()))))
    }
    fn __len__(&self) -> usize {
        self.inner.len()
    }
    /// Signs the batch with its client at `timestamp` (Unix seconds;
    /// default: now plus the client's clock offset).
    #[pyo3(signature = (timestamp = None))]
    fn sign(&self, py: Python<'_>, timestamp: Option<&Bound<'_, PyAny>>) -> PyResult<Request> {
        guard(py, || sign_batch(py, self.client.get().core(), self, crate::args::opt_int(timestamp, "timestamp")?))
    }
    /// Reads the platform's answer: HTTP status (an int) and body (bytes
    /// or str). A wrong argument is an `ArgumentError` or `ValidationError`.
    fn parse(&self, py: Python<'_>, status: &Bound<'_, PyAny>, body: &Bound<'_, PyAny>) -> PyResult<Outcome> {
        guard(py, || {
            let status = crate::args::status(status, "Batch.parse")?;
            let bytes = crate::args::body(body)?;
            let inner = &self.inner;
            Ok(Outcome { inner: py.detach(move || inner.parse(status, &bytes)) })
        })
    }
    /// The outcome of a call that got no answer (timeout, connection reset).
    fn transport_error(&self, py: Python<'_>, message: &Bound<'_, PyAny>) -> PyResult<Outcome> {
        guard(py, || {
            let message = crate::args::text(message, "message", "Batch.transport_error")?;
            Ok(Outcome { inner: skuwire::Outcome::transport_error(&self.inner, &message) })
        })
    }
    /// The client that signs this batch.
    #[getter]
    fn client(&self, py: Python<'_>) -> Py<Client> {
        self.client.clone_ref(py)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Batch>().is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self) -> String {
        let idx = self.inner.indices();
        let shown = match idx {
            [] => String::new(),
            [one] => format!(" indices=[{one}]"),
            [first, .., last] => format!(" indices=[{first}…{last}]"),
        };
        format!("<Batch {} {} items{}>", self.inner.method(), self.inner.len(), shown)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Py<PyAny>, BatchState<'py>)> {
        guard(py, || {
            let data = serde_json::to_vec(&self.inner).map_err(|e| skuwire::Error::internal(&e.to_string())).py_err(py)?;
            let f = py.import("skuwire._skuwire")?.getattr("_restore_batch")?.unbind();
            Ok((f, (self.client.clone_ref(py), PyBytes::new(py, &data))))
        })
    }
}

/// Unpickles a `Batch` (the core's plain-data form).
#[pyfunction]
pub fn _restore_batch(py: Python<'_>, client: Py<Client>, data: &Bound<'_, PyBytes>) -> PyResult<Batch> {
    guard(py, || {
        // The core's own serde form, read from its text as `Batch::from_json`
        // does (text keeps a number written `-0`), without an extra `Value`.
        let inner = serde_json::from_slice(data.as_bytes()).map_err(|e| skuwire::Error::invalid_data("batch", &e.to_string())).py_err(py)?;
        Ok(Batch { inner, client })
    })
}
