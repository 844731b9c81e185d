//! Validation and planning from Python input: `skuwire.validate`,
//! `Client.plan` → `skuwire.Plan` of `skuwire.Batch`.
//!
//! Input is any iterable of mappings (or one mapping), or JSON text/bytes
//! handed straight to the core's parser. With `on_invalid="skip"` the plan
//! pulls one Python item at a time and pushes it into the core's `Planner`,
//! so a generator of any length is planned with bounded memory.

use crate::client::Client;
use crate::convert::{to_py, HostError, ToJson};
use crate::error::{guard, records_to_list, to_pyerr, validation_error, CoreResult};
use crate::outcome::Outcome;
use crate::request::{Request, RequestData};
use pyo3::exceptions::PyStopIteration;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyMemoryView, PyString, PyTuple};
use serde_json::Value;
use skuwire::{ErrorRecord, ErrorType, LocItem, OnInvalid, PlanOptions, Planner, ValidationErrors, MAX_DEPTH};
use std::collections::VecDeque;

/// Items of an input that is JSON text, or `None` when the input is Python
/// objects. `Err` holds the record of text that is not JSON.
fn json_input(obj: &Bound<'_, PyAny>) -> Option<Result<Value, ErrorRecord>> {
    let bytes: Vec<u8> = if let Ok(s) = obj.cast::<PyString>() {
        match s.to_cow() {
            Ok(c) => c.into_owned().into_bytes(),
            Err(_) => {
                let shown = Value::String(s.to_string_lossy().into_owned());
                return Some(Err(ErrorRecord::new(ErrorType::StringUnicode, Vec::new(), shown)));
            }
        }
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        b.to_vec()
    } else if obj.is_instance_of::<PyMemoryView>() {
        match obj.call_method0("tobytes").and_then(|b| Ok(b.cast_into::<PyBytes>()?.as_bytes().to_vec())) {
            Ok(v) => v,
            Err(_) => return None,
        }
    } else {
        return None;
    };
    Some(skuwire::parse_json_input(&bytes))
}

/// Parsed JSON items; an item nested deeper than `MAX_DEPTH` becomes `null`
/// with a `nesting_too_deep` record, as with Python input.
// TODO(core): `parse_json_input` could report nesting itself (with the loc
// where it happens), so all hosts share one rule.
fn json_items(value: Value) -> Vec<(Value, Vec<ErrorRecord>)> {
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            if skuwire::rules::depth(&item, MAX_DEPTH) > MAX_DEPTH {
                let rec = ErrorRecord::new(ErrorType::NestingTooDeep, vec![LocItem::Index(i)], Value::Null).with("max_depth", MAX_DEPTH);
                (Value::Null, vec![rec])
            } else {
                (item, Vec::new())
            }
        })
        .collect()
}

/// True for a single item given where a list is expected.
fn is_single_item(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.is_instance_of::<pyo3::types::PyDict>() || crate::convert::is_mapping_like(obj)?)
}

/// Signs a batch with a client (the core `Client::sign`, or the flagship
/// paged variant when the batch carries paging parameters), without the GIL.
pub fn sign_batch(py: Python<'_>, client: skuwire::Client, batch: &Batch, timestamp: Option<i64>) -> PyResult<Request> {
    let (inner, pager) = (&batch.inner, batch.pager);
    let r = py.detach(move || match (&client, pager) {
        (skuwire::Client::Flagship(f), Some(p)) => f.sign_paged(inner, timestamp, Some(p)),
        _ => client.sign(inner, timestamp),
    });
    Ok(Request { data: RequestData::from(&r.py_err(py)?) })
}

/// Validates a payload for an operation: a list (any iterable) of items, or
/// one item mapping, or JSON text/bytes. Returns every problem as a dict
/// `{type, loc, msg, msg_zh, input, ctx}`; empty when valid.
#[pyfunction]
#[pyo3(signature = (op, payload, strict = false))]
pub fn validate<'py>(py: Python<'py>, op: &str, payload: &Bound<'py, PyAny>, strict: bool) -> PyResult<Bound<'py, PyList>> {
    guard(py, || {
        skuwire::operation(op).py_err(py)?;
        if let Some(parsed) = json_input(payload) {
            let (value, host): (Value, Vec<ErrorRecord>) = match parsed {
                Err(rec) => return records_to_list(py, &[rec], &[]),
                Ok(Value::Array(items)) => {
                    let mut host = Vec::new();
                    let items = json_items(Value::Array(items))
                        .into_iter()
                        .map(|(v, h)| {
                            host.extend(h);
                            v
                        })
                        .collect();
                    (Value::Array(items), host)
                }
                Ok(one) => {
                    if skuwire::rules::depth(&one, MAX_DEPTH) > MAX_DEPTH {
                        let rec = ErrorRecord::new(ErrorType::NestingTooDeep, Vec::new(), Value::Null).with("max_depth", MAX_DEPTH);
                        (Value::Null, vec![rec])
                    } else {
                        (one, Vec::new())
                    }
                }
            };
            let errors = py.detach(|| skuwire::validate_with_host_errors(op, &value, strict, host)).py_err(py)?;
            return records_to_list(py, &errors, &[]);
        }
        let mut conv = ToJson::new(py)?;
        let value = if is_single_item(payload)? {
            conv.convert(payload, &[])?
        } else {
            let mut items = Vec::new();
            for (i, item) in payload.try_iter()?.enumerate() {
                items.push(conv.convert(&item?, &[LocItem::Index(i)])?);
            }
            Value::Array(items)
        };
        let host = conv.take_errors();
        let records: Vec<ErrorRecord> = host.iter().map(|h| h.record.clone()).collect();
        let errors = py.detach(|| skuwire::validate_with_host_errors(op, &value, strict, records)).py_err(py)?;
        records_to_list(py, &errors, &host)
    })
}

/// Where a plan's items come from.
enum Source {
    /// A Python iterator, pulled one item at a time.
    Py(Py<PyAny>),
    /// Items already parsed from JSON text.
    Json(std::vec::IntoIter<(Value, Vec<ErrorRecord>)>),
}

impl Source {
    fn new(py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Result<Source, ErrorRecord>> {
        if let Some(parsed) = json_input(items) {
            return Ok(parsed.map(|v| Source::Json(json_items(v).into_iter())));
        }
        let iter = if is_single_item(items)? { PyTuple::new(py, [items])?.into_any().try_iter()? } else { items.try_iter()? };
        Ok(Ok(Source::Py(iter.into_any().unbind())))
    }

    /// The next item converted, with its host errors (locations start with `index`).
    fn next(&mut self, py: Python<'_>, index: usize) -> PyResult<Option<(Value, Vec<HostError>)>> {
        match self {
            Source::Json(it) => Ok(it.next().map(|(v, recs)| {
                let host = recs
                    .into_iter()
                    .map(|mut record| {
                        record.loc = vec![LocItem::Index(index)];
                        HostError { record, input: py.None() }
                    })
                    .collect();
                (v, host)
            })),
            Source::Py(it) => {
                let mut it = it.bind(py).cast::<pyo3::types::PyIterator>()?.clone();
                match it.next() {
                    None => Ok(None),
                    Some(item) => {
                        let item = item?;
                        let mut conv = ToJson::new(py)?;
                        let v = conv.convert(&item, &[LocItem::Index(index)])?;
                        Ok(Some((v, conv.take_errors())))
                    }
                }
            }
        }
    }
}

/// Parses `on_invalid`.
fn on_invalid_of(py: Python<'_>, name: &str) -> PyResult<OnInvalid> {
    OnInvalid::from_name(name).ok_or_else(|| {
        // TODO(core): `OnInvalid::parse(name) -> Result<OnInvalid, Error>` with the core's message.
        to_pyerr(
            py,
            skuwire::Error::other(
                skuwire::ErrorCode::InvalidArgument,
                format!("on_invalid should be \"raise\" or \"skip\", not {name:?}"),
                format!("on_invalid应为\"raise\"或\"skip\"，而不是{name:?}"),
            ),
            &[],
        )
    })
}

/// Plans `items` for `op`; the body of `Client.plan`.
pub fn make_plan(py: Python<'_>, client: &Bound<'_, Client>, op: &str, items: &Bound<'_, PyAny>, on_invalid: &str, opts: PlanOptions) -> PyResult<Plan> {
    let mode = on_invalid_of(py, on_invalid)?;
    let opts = PlanOptions { on_invalid: mode, ..opts };
    let mut planner = Planner::new(op, &opts).py_err(py)?;
    let op_name = planner.operation().name;
    let mut source = match Source::new(py, items)? {
        Ok(s) => s,
        Err(rec) => {
            return Err(validation_error(py, &ValidationErrors { op: op_name.to_owned(), errors: vec![rec] }, &[]));
        }
    };
    let mut plan = Plan {
        client: client.clone().unbind(),
        op_name,
        planner: None,
        source: None,
        ready: VecDeque::new(),
        invalid: Vec::new(),
    };
    match mode {
        OnInvalid::Skip => {
            plan.planner = Some(planner);
            plan.source = Some(source);
        }
        OnInvalid::Raise => {
            // Validate everything first: convert under the GIL, then plan without it.
            let mut items = Vec::new();
            let mut host = Vec::new();
            while let Some((v, h)) = source.next(py, items.len())? {
                items.push((v, h.iter().map(|e| e.record.clone()).collect::<Vec<_>>()));
                host.extend(h);
            }
            let (batches, errors) = py.detach(move || {
                let mut batches = Vec::new();
                let mut errors = Vec::new();
                for (v, h) in items {
                    let step = planner.push_with_host_errors(v, h);
                    errors.extend(step.errors);
                    batches.extend(step.batch);
                }
                batches.extend(planner.finish());
                (batches, errors)
            });
            if !errors.is_empty() {
                return Err(validation_error(py, &ValidationErrors { op: op_name.to_owned(), errors }, &host));
            }
            plan.ready = batches.into();
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
    source: Option<Source>,
    ready: VecDeque<skuwire::Batch>,
    invalid: Vec<Py<InvalidItem>>,
}

impl Plan {
    fn pull(&mut self, py: Python<'_>) -> PyResult<Option<skuwire::Batch>> {
        loop {
            if let Some(b) = self.ready.pop_front() {
                return Ok(Some(b));
            }
            let (Some(planner), Some(source)) = (self.planner.as_mut(), self.source.as_mut()) else {
                return Ok(None);
            };
            match source.next(py, planner.next_index())? {
                Some((v, host)) => {
                    let records = host.iter().map(|h| h.record.clone()).collect();
                    let step = planner.push_with_host_errors(v, records);
                    if !step.errors.is_empty() {
                        let errors = records_to_list(py, &step.errors, &host)?.unbind();
                        self.invalid.push(Py::new(py, InvalidItem { index: step.index, errors })?);
                    }
                    self.ready.extend(step.batch);
                }
                None => {
                    self.source = None;
                    if let Some(planner) = self.planner.take() {
                        self.ready.extend(planner.finish());
                    }
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
        self.source.is_none() && self.ready.is_empty()
    }
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }
    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Batch> {
        guard(py, || match slf.pull(py)? {
            Some(inner) => Ok(Batch { inner, client: slf.client.clone_ref(py), pager: None }),
            None => Err(PyStopIteration::new_err(())),
        })
    }
    fn __repr__(&self) -> String {
        format!("<Plan {} invalid={} done={}>", self.op_name, self.invalid.len(), self.done())
    }
}

/// One future call: a batch of input items (or a generic call's
/// arguments), unsigned. Sign it just before sending it.
#[pyclass(module = "skuwire", name = "Batch", frozen)]
pub struct Batch {
    pub inner: skuwire::Batch,
    pub client: Py<Client>,
    pub pager: Option<skuwire::Pager>,
}

type PagerState = Option<(u32, u32, bool)>;
/// A pickled batch: its client, the core's serde JSON, the paging parameters.
type BatchState<'py> = (Py<Client>, Bound<'py, PyBytes>, PagerState);

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
    fn sign(&self, py: Python<'_>, timestamp: Option<i64>) -> PyResult<Request> {
        guard(py, || sign_batch(py, self.client.get().core(), self, timestamp))
    }
    /// Reads the platform's answer: HTTP status and body (bytes or str).
    fn parse(&self, py: Python<'_>, status: u16, body: &Bound<'_, PyAny>) -> PyResult<Outcome> {
        guard(py, || {
            let bytes: Vec<u8> = if let Ok(b) = body.cast::<PyBytes>() {
                b.as_bytes().to_vec()
            } else if let Ok(s) = body.cast::<PyString>() {
                s.to_string_lossy().into_owned().into_bytes()
            } else {
                py.import("builtins")?.getattr("bytes")?.call1((body,))?.cast_into::<PyBytes>()?.as_bytes().to_vec()
            };
            let inner = &self.inner;
            Ok(Outcome { inner: py.detach(move || inner.parse(status, &bytes)) })
        })
    }
    /// The outcome of a call that got no answer (timeout, connection reset).
    fn transport_error(&self, py: Python<'_>, message: &str) -> PyResult<Outcome> {
        guard(py, || Ok(Outcome { inner: skuwire::Outcome::transport_error(&self.inner, message) }))
    }
    /// The client that signs this batch.
    #[getter]
    fn client(&self, py: Python<'_>) -> Py<Client> {
        self.client.clone_ref(py)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Batch>().is_ok_and(|o| o.get().inner == self.inner && o.get().pager == self.pager)
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
            let data = serde_json::to_vec(&self.inner).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
            let f = py.import("skuwire._skuwire")?.getattr("_restore_batch")?.unbind();
            let pager = self.pager.map(|p| (p.page_no, p.page_size, p.calc_total));
            Ok((f, (self.client.clone_ref(py), PyBytes::new(py, &data), pager)))
        })
    }
}

/// Unpickles a `Batch` (the core's serde form).
#[pyfunction]
pub fn _restore_batch(py: Python<'_>, client: Py<Client>, data: &Bound<'_, PyBytes>, pager: PagerState) -> PyResult<Batch> {
    guard(py, || {
        let inner: skuwire::Batch = serde_json::from_slice(data.as_bytes()).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
        let pager = pager.map(|(page_no, page_size, calc_total)| skuwire::Pager { page_no, page_size, calc_total });
        Ok(Batch { inner, client, pager })
    })
}
