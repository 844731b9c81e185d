//! Python values ↔ the core.
//!
//! Python → core: [`PyInput`], the core's `Input` over Python objects; the
//! core reads items straight from them (see its docs for the rules).
//!
//! JSON → Python: integral number text becomes `int`, any other number text
//! `decimal.Decimal` — never `float`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyIterator, PyList, PyString, PyTuple, PyType};
use serde_json::Value;
use skuwire::{ErrorRecord, Head, Input, Key, Problem, MAX_DEPTH};
use std::borrow::Cow;
use std::str::FromStr;

#[cfg(not(windows))]
extern "C" {
    // Part of the stable ABI from CPython 3.10; every CPython 3.3+ exports
    // it with this signature, and on Linux and macOS an extension module's
    // symbols resolve against the running interpreter, so an abi3-py39
    // wheel may call it on 3.9 too. (Windows links abi3 modules against
    // python3.dll, which lacks it before 3.10: PyO3's path there.)
    fn PyUnicode_AsUTF8AndSize(unicode: *mut pyo3::ffi::PyObject, size: *mut pyo3::ffi::Py_ssize_t) -> *const std::os::raw::c_char;
}

/// The UTF-8 text of a `str`, borrowed from the string itself: no
/// temporary `bytes` object, no copy (PyO3 built for abi3-py39 goes through
/// `PyUnicode_AsUTF8String`, a new `bytes` per string — a third of the
/// conversion's instructions on the ApiGoods.upload benchmark). CPython
/// keeps a non-ASCII string's UTF-8 form with the string once asked, as
/// PyO3 does on non-abi3 builds. `None` for a string with a lone
/// surrogate; the `UnicodeEncodeError` is discarded, never chained (its
/// arguments quote the whole string, which may be a secret).
pub fn utf8<'a>(s: &'a Bound<'_, PyString>) -> Option<Cow<'a, str>> {
    #[cfg(not(windows))]
    {
        let mut size: pyo3::ffi::Py_ssize_t = 0;
        // SAFETY: `s` is a live str; the returned buffer belongs to it and
        // lives as long as it does, i.e. at least for 'a. NULL means an
        // exception was set, which is taken and dropped at once.
        unsafe {
            let data = PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size);
            if data.is_null() {
                drop(PyErr::take(s.py()));
                return None;
            }
            let bytes = std::slice::from_raw_parts(data.cast::<u8>(), usize::try_from(size).unwrap_or(0));
            Some(Cow::Borrowed(std::str::from_utf8_unchecked(bytes)))
        }
    }
    #[cfg(windows)]
    {
        s.to_cow().ok()
    }
}

/// A `str` as text with each lone surrogate shown as one U+FFFD, as the JS
/// hosts show it (PyO3's `to_string_lossy` encodes with `surrogatepass`
/// first, which turns one surrogate into three U+FFFD).
pub fn lossy(s: &Bound<'_, PyString>) -> String {
    if let Some(text) = utf8(s) {
        return text.into_owned();
    }
    // UTF-32 with surrogatepass: one code unit per code point.
    let units = s.call_method1("encode", ("utf-32-le", "surrogatepass")).ok().and_then(|b| b.cast_into::<PyBytes>().ok());
    match units {
        Some(b) => b
            .as_bytes()
            .chunks_exact(4)
            .map(|c| char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap_or('\u{FFFD}'))
            .collect(),
        None => String::from('\u{FFFD}'),
    }
}

/// A conversion problem: the core's record plus the offending Python value,
/// which the error dicts show as `input` (as pydantic does).
pub struct HostError {
    pub record: ErrorRecord,
    pub input: Py<PyAny>,
}

/// Python types looked up once.
struct Types {
    decimal: Py<PyType>,
    datetime: Py<PyType>,
    date: Py<PyType>,
    /// `datetime.timezone(timedelta(seconds=skuwire::time::BEIJING_OFFSET_SECS))`.
    beijing: Py<PyAny>,
    format: Py<PyAny>,
    index: Py<PyAny>,
}

static TYPES: PyOnceLock<Types> = PyOnceLock::new();

fn types(py: Python<'_>) -> PyResult<&'static Types> {
    TYPES.get_or_try_init(py, || {
        let decimal = py.import("decimal")?.getattr("Decimal")?.cast_into::<PyType>()?.unbind();
        let dt = py.import("datetime")?;
        let datetime = dt.getattr("datetime")?.cast_into::<PyType>()?.unbind();
        let date = dt.getattr("date")?.cast_into::<PyType>()?.unbind();
        let secs = pyo3::types::PyDict::new(py);
        secs.set_item("seconds", skuwire::time::BEIJING_OFFSET_SECS)?;
        let delta = dt.getattr("timedelta")?.call((), Some(&secs))?;
        let beijing = dt.getattr("timezone")?.call1((delta,))?.unbind();
        let format = py.import("builtins")?.getattr("format")?.unbind();
        let index = py.import("operator")?.getattr("index")?.unbind();
        Ok::<_, PyErr>(Types { decimal, datetime, date, beijing, format, index })
    })
}

/// Why reading Python values stopped: a Python exception (raised by the
/// caller's own code, e.g. a mapping's `__getitem__`) or a core error.
pub enum ReadError {
    Py(PyErr),
    Core(skuwire::Error),
}

impl From<skuwire::Error> for ReadError {
    fn from(e: skuwire::Error) -> Self {
        ReadError::Core(e)
    }
}

impl From<PyErr> for ReadError {
    fn from(e: PyErr) -> Self {
        ReadError::Py(e)
    }
}

impl ReadError {
    /// The Python exception (a core error shown with `host`'s values).
    pub fn into_py(self, py: Python<'_>, host: &[HostError]) -> PyErr {
        match self {
            ReadError::Py(e) => e,
            ReadError::Core(e) => crate::error::to_pyerr(py, e, host),
        }
    }
}

/// Where a container's elements or entries come from.
enum Frame<'py> {
    /// A list or tuple, or (a payload) any iterable of items.
    Iter(Bound<'py, PyIterator>),
    Dict(pyo3::types::iter::BoundDictIterator<'py>),
    /// A mapping-like object (`keys()` + `[key]`: sqlite3.Row, pandas.Series).
    Mapping { obj: Bound<'py, PyAny>, keys: Bound<'py, PyIterator> },
}

/// Python values as the core's [`skuwire::Input`]: the core reads them
/// directly — a `str` as its UTF-8, borrowed from the string; an `int`,
/// `Decimal` or `float` as its exact decimal text (`int` as its digits,
/// `Decimal` as `format(d, "f")`, `float` through its shortest repr, never
/// rounded here); `datetime`/`date` as Beijing wall-clock text — with no
/// `serde_json::Value` in between. What has no JSON form (a lone surrogate,
/// NaN, a `set`, nesting deeper than `skuwire::MAX_DEPTH`) is a problem the
/// core records where it is; the Python value itself is kept for the
/// record's `input` ([`PyInput::host`]).
pub struct PyInput<'py> {
    py: Python<'py>,
    types: &'static Types,
    next: Option<Bound<'py, PyAny>>,
    stack: Vec<Frame<'py>>,
    /// Stack depth where items start (1 inside a payload).
    base: usize,
    /// The value whose text the last head lends out.
    current: Option<Bound<'py, PyAny>>,
    /// Text the last head lends out when it is not a `str`'s own.
    text: String,
    /// The value behind the last problem, until the core locates it.
    bad: Option<Bound<'py, PyAny>>,
    /// Every problem found, with its Python value.
    pub host: Vec<HostError>,
}

impl<'py> PyInput<'py> {
    /// An input over one value (an item, parameters, options).
    pub fn new(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        let py = value.py();
        Ok(PyInput { py, types: types(py)?, next: Some(value.clone()), stack: Vec::new(), base: 0, current: None, text: String::new(), bad: None, host: Vec::new() })
    }

    /// An input over a payload: one item (a mapping), items (any other
    /// iterable: a list, a generator), or something else for the core to
    /// refuse (`None`, a number).
    pub fn payload(value: &Bound<'py, PyAny>) -> PyResult<Self> {
        let mut input = PyInput::new(value)?;
        input.base = 1;
        Ok(input)
    }

    /// An input continuing a payload's items from `items` (a lazy plan:
    /// each call reads the next items).
    pub fn resume(items: &Bound<'py, PyIterator>) -> PyResult<Self> {
        let mut input = PyInput::new(items.as_any())?;
        input.next = None;
        input.stack.push(Frame::Iter(items.clone()));
        input.base = 1;
        Ok(input)
    }

    /// The payload's iterator, for [`PyInput::resume`], while items are left.
    pub fn items_iter(&self) -> Option<Bound<'py, PyIterator>> {
        match self.stack.first() {
            Some(Frame::Iter(it)) => Some(it.clone()),
            _ => None,
        }
    }

    fn bad(&mut self, obj: Bound<'py, PyAny>, p: Problem) -> PyResult<Head<'_>> {
        self.bad = Some(obj);
        Ok(Head::Bad(p))
    }

    fn unsupported(&mut self, obj: Bound<'py, PyAny>) -> PyResult<Head<'_>> {
        let name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        self.bad(obj, Problem::Unsupported(name))
    }

    /// A container's head, or nesting too deep.
    fn open(&mut self, obj: Bound<'py, PyAny>, frame: impl FnOnce(&Bound<'py, PyAny>) -> PyResult<Frame<'py>>, object: bool) -> PyResult<Head<'_>> {
        if self.stack.len() >= self.base + MAX_DEPTH {
            return self.bad(obj, Problem::TooDeep);
        }
        let f = frame(&obj)?;
        self.stack.push(f);
        Ok(if object { Head::Object } else { Head::List })
    }

    /// A number from exact decimal text in `self.text`.
    fn number_text(&mut self, obj: Bound<'py, PyAny>) -> PyResult<Head<'_>> {
        if serde_json::Number::from_str(&self.text).is_err() {
            return self.unsupported(obj);
        }
        Ok(Head::Number(&self.text))
    }

    fn int(&mut self, obj: Bound<'py, PyAny>) -> PyResult<Head<'_>> {
        self.text.clear();
        if let Ok(i) = obj.extract::<i64>() {
            use std::fmt::Write;
            let _ = write!(self.text, "{i}");
            return Ok(Head::Number(&self.text));
        }
        // Larger than 64 bits: its exact decimal digits.
        match obj.str().ok().and_then(|s| utf8(&s).map(Cow::into_owned)) {
            Some(t) => {
                self.text = t;
                self.number_text(obj)
            }
            None => self.unsupported(obj),
        }
    }

    fn read(&mut self, obj: Bound<'py, PyAny>) -> PyResult<Head<'_>> {
        let py = self.py;
        // Most common first. bool before int: bool is an int subclass.
        if let Ok(s) = obj.cast::<PyString>() {
            if utf8(s).is_none() {
                // A lone surrogate: shown with U+FFFD in the record's input.
                let shown = lossy(s);
                return self.bad(obj, Problem::Unicode(shown));
            }
            // The text is borrowed from the string, which the input keeps
            // until the next read (CPython keeps its UTF-8 with it).
            self.current = Some(obj);
            let s = self.current.as_ref().expect("just set").cast::<PyString>().expect("checked");
            return Ok(match utf8(s).expect("checked") {
                Cow::Borrowed(text) => Head::Str(text),
                Cow::Owned(text) => {
                    self.text = text;
                    Head::Str(&self.text)
                }
            });
        }
        if obj.is_none() {
            return Ok(Head::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Head::Bool(b.is_true()));
        }
        if obj.is_instance_of::<PyInt>() {
            return self.int(obj);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let x = f.value();
            if !x.is_finite() {
                let shown = obj.repr().map(|r| r.to_string()).unwrap_or_default();
                // NaN is how pandas and numpy say "no value" (lax mode).
                let p = Problem::NotFinite(shown);
                return self.bad(obj, if x.is_nan() { Problem::Missing(Box::new(p)) } else { p });
            }
            self.text = float_text(x);
            return self.number_text(obj);
        }
        if obj.is_instance_of::<PyDict>() {
            return self.open(obj, |o| Ok(Frame::Dict(o.cast::<PyDict>().expect("checked").iter())), true);
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            return self.open(obj, |o| Ok(Frame::Iter(o.try_iter()?)), false);
        }
        let t = self.types;
        if obj.is_instance(t.decimal.bind(py))? {
            // `str()` is one C call and, unless it chose an exponent (1E+2,
            // 1E-7) or a word (NaN, Infinity), gives the same text as
            // `format(d, "f")`; that and `is_finite()` are two Python-level
            // calls, a third of converting a catalog of prices (BENCHMARKS.md).
            // Exact `Decimal` only: a subclass may print itself otherwise.
            let exact = obj.get_type().is(t.decimal.bind(py));
            if let Some(Ok(text)) = exact.then(|| obj.str()) {
                if let Some(text) = utf8(&text) {
                    if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
                        self.text = text.into_owned();
                        return self.number_text(obj);
                    }
                }
            }
            let finite: bool = obj.call_method0("is_finite")?.extract()?;
            if !finite {
                let shown = obj.str().map(|r| r.to_string()).unwrap_or_default();
                let p = Problem::NotFinite(shown);
                let nan: bool = obj.call_method0("is_nan")?.extract()?;
                return self.bad(obj, if nan { Problem::Missing(Box::new(p)) } else { p });
            }
            self.text = t.format.bind(py).call1((&obj, "f"))?.extract()?;
            return self.number_text(obj);
        }
        if obj.is_instance(t.datetime.bind(py))? {
            if let Some(p) = missing_marker(&obj) {
                return self.bad(obj, p);
            }
            self.text = datetime_text(t, &obj)?;
            return Ok(Head::Str(&self.text));
        }
        if obj.is_instance(t.date.bind(py))? {
            self.text = naive_of(&obj)?.date_text();
            return Ok(Head::Str(&self.text));
        }
        if is_mapping_like(&obj)? {
            return self.open(obj, |o| Ok(Frame::Mapping { obj: o.clone(), keys: o.call_method0("keys")?.try_iter()? }), true);
        }
        if let Some(p) = missing_marker(&obj) {
            return self.bad(obj, p);
        }
        // Integer-like scalars (numpy.int64 and friends) through __index__.
        if !obj.is_instance_of::<PyBytes>() && obj.hasattr("__index__")? {
            if let Ok(i) = t.index.bind(py).call1((&obj,)) {
                return self.int(i);
            }
        }
        self.unsupported(obj)
    }

    /// The head of a payload: a mapping is one item, another iterable a
    /// list of items (`str` and bytes never get here: they are JSON text).
    fn payload_head(&mut self, obj: Bound<'py, PyAny>) -> PyResult<Head<'_>> {
        if obj.is_instance_of::<PyDict>() || is_mapping_like(&obj)? {
            // One item: its depth counts from itself.
            self.base = 0;
            return self.read(obj);
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            return self.read(obj);
        }
        match obj.try_iter() {
            Ok(it) => {
                self.stack.push(Frame::Iter(it));
                Ok(Head::List)
            }
            // Not iterable at all (`None`, a number): the core says what it
            // should be. The `TypeError` saying so is discarded.
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyTypeError>(self.py) => {
                self.base = 0;
                self.read(obj)
            }
            Err(e) => Err(e),
        }
    }
}

impl<'py> Input for PyInput<'py> {
    type Error = ReadError;

    fn value(&mut self) -> Result<Head<'_>, ReadError> {
        let obj = self.next.take().ok_or_else(|| skuwire::Error::internal("value read twice"))?;
        if self.base == 1 && self.stack.is_empty() {
            return Ok(self.payload_head(obj)?);
        }
        Ok(self.read(obj)?)
    }

    fn next_element(&mut self) -> Result<bool, ReadError> {
        let next = match self.stack.last_mut() {
            Some(Frame::Iter(it)) => it.next().transpose()?,
            _ => return Err(skuwire::Error::internal("next_element outside a list").into()),
        };
        match next {
            Some(v) => {
                self.next = Some(v);
                Ok(true)
            }
            None => {
                self.stack.pop();
                Ok(false)
            }
        }
    }

    fn next_key(&mut self) -> Result<Option<Key<'_>>, ReadError> {
        let (k, v) = match self.stack.last_mut() {
            Some(Frame::Dict(it)) => match it.next() {
                Some(kv) => kv,
                None => {
                    self.stack.pop();
                    return Ok(None);
                }
            },
            Some(Frame::Mapping { obj, keys }) => match keys.next().transpose()? {
                Some(k) => {
                    let v = obj.get_item(&k)?;
                    (k, v)
                }
                None => {
                    self.stack.pop();
                    return Ok(None);
                }
            },
            _ => return Err(skuwire::Error::internal("next_key outside an object").into()),
        };
        match k.cast::<PyString>() {
            Ok(s) if utf8(s).is_some() => {
                self.next = Some(v);
                self.current = Some(k);
                let s = self.current.as_ref().expect("just set").cast::<PyString>().expect("checked");
                Ok(Some(match utf8(s).expect("checked") {
                    Cow::Borrowed(text) => Key::Str(text),
                    Cow::Owned(text) => {
                        self.text = text;
                        Key::Str(&self.text)
                    }
                }))
            }
            Ok(s) => {
                // A key with a lone surrogate: its value is not read.
                let shown = lossy(s);
                self.bad = Some(k);
                Ok(Some(Key::Bad { problem: Problem::Unicode(shown.clone()), shown }))
            }
            Err(_) => {
                // A key that is not a string has no JSON form.
                let shown = k.str().map(|s| lossy(&s)).unwrap_or_default();
                let name = k.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
                self.bad = Some(k);
                Ok(Some(Key::Bad { shown, problem: Problem::Unsupported(name) }))
            }
        }
    }

    fn located(&mut self, record: &ErrorRecord) {
        if let Some(obj) = self.bad.take() {
            self.host.push(HostError { record: record.clone(), input: obj.unbind() });
        }
    }

    fn relocated(&mut self, earlier: &ErrorRecord, now: &ErrorRecord) {
        if let Some(h) = self.host.iter_mut().find(|h| h.record.kind == earlier.kind && h.record.loc == earlier.loc) {
            h.record = now.clone();
        }
    }
}

/// pandas' missing-value markers (`NaT`, `NA`), which lax mode takes as
/// not given; refused as an unsupported type otherwise.
fn missing_marker(obj: &Bound<'_, PyAny>) -> Option<Problem> {
    let name = obj.get_type().name().ok()?;
    let name = utf8(&name)?;
    matches!(&*name, "NaTType" | "NAType").then(|| Problem::Missing(Box::new(Problem::Unsupported(name.into_owned()))))
}

/// Converts Python values that are not items (call arguments, a pager, a
/// saved state) to JSON through [`PyInput`], collecting its problems.
pub struct ToJson<'py> {
    py: Python<'py>,
    errors: Vec<HostError>,
}

impl<'py> ToJson<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        Ok(ToJson { py, errors: Vec::new() })
    }

    /// Converts one value whose problems are located after `prefix`.
    pub fn convert(&mut self, obj: &Bound<'py, PyAny>, prefix: &[skuwire::LocItem]) -> PyResult<Value> {
        let _ = self.py;
        let (value, host) = read_value(obj)?;
        self.errors.extend(host.into_iter().map(|h| HostError { record: h.record.prefixed(prefix), input: h.input }));
        Ok(value)
    }

    /// Takes the problems collected so far.
    pub fn take_errors(&mut self) -> Vec<HostError> {
        std::mem::take(&mut self.errors)
    }
}

/// A `datetime` as Beijing wall-clock text: aware ones converted, naive
/// ones taken as Beijing time; microseconds kept (the core's rule reports
/// them where the platform takes whole seconds), never truncated.
fn datetime_text(t: &Types, obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let local = if obj.call_method0("utcoffset")?.is_none() {
        obj.clone()
    } else {
        obj.call_method1("astimezone", (t.beijing.bind(obj.py()),))?
    };
    let mut naive = naive_of(&local)?;
    naive.hour = local.getattr("hour")?.extract()?;
    naive.minute = local.getattr("minute")?.extract()?;
    naive.second = local.getattr("second")?.extract()?;
    let mut text = naive.datetime_text();
    let us: u32 = local.getattr("microsecond")?.extract()?;
    if us != 0 {
        text.push_str(&format!(".{us:06}"));
    }
    Ok(text)
}

/// Reads a whole Python value (not an item: parameters, options, call
/// arguments) into a JSON value; each part with no JSON form is `null`,
/// with its problem in the second list.
pub fn read_value<'py>(obj: &Bound<'py, PyAny>) -> PyResult<(Value, Vec<HostError>)> {
    let py = obj.py();
    let mut input = PyInput::new(obj)?;
    let r = skuwire::input::read(&mut input);
    let host = std::mem::take(&mut input.host);
    match r {
        Ok((v, _)) => Ok((v, host)),
        Err(e) => Err(e.into_py(py, &host)),
    }
}

/// The calendar date of a Python `date` or `datetime` (time fields zero).
fn naive_of(obj: &Bound<'_, PyAny>) -> PyResult<skuwire::rules::NaiveDateTime> {
    Ok(skuwire::rules::NaiveDateTime {
        year: obj.getattr("year")?.extract()?,
        month: obj.getattr("month")?.extract()?,
        day: obj.getattr("day")?.extract()?,
        hour: 0,
        minute: 0,
        second: 0,
    })
}

pub fn is_mapping_like(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    // collections.abc.Mapping, sqlite3.Row, pandas.Series: keys() + [key].
    Ok(obj.hasattr("keys")? && obj.hasattr("__getitem__")? && !obj.is_instance_of::<PyType>())
}

/// A finite float as Python's `repr` would write it, without an exponent:
/// `0.1` → `0.1`, `1.0` → `1.0`, `1e-07` → `0.0000001`, `1e+16` →
/// `10000000000000000`. Rust's `Display` gives the same shortest digits as
/// Python's repr, always in positional form; Python adds `.0` to integral
/// values below 1e16 (above, its repr uses an exponent, which
/// `format(Decimal(repr(x)), "f")` writes without the `.0`).
pub fn float_text(x: f64) -> String {
    skuwire::input::float_text(x)
}

/// Converts a JSON value to Python: numbers as `int` or `Decimal`.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Number(n) => number_to_py(py, n.as_str())?,
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let d = PyDict::new(py);
            for (k, item) in map {
                d.set_item(k, to_py(py, item)?)?;
            }
            d.into_any()
        }
    })
}

fn number_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let integral = !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
    if integral {
        if let Ok(i) = text.parse::<i64>() {
            return Ok(i.into_pyobject(py)?.into_any());
        }
        return py.import("builtins")?.getattr("int")?.call1((text,));
    }
    types(py)?.decimal.bind(py).call1((text,))
}

/// A Beijing date-time as an aware `datetime` (`tzinfo` UTC+8). Year 0,
/// which the core accepts but Python's `datetime` cannot hold, stays its
/// RFC 3339 text rather than being dropped or moved.
pub fn beijing_to_py<'py>(py: Python<'py>, t: &skuwire::BeijingDateTime) -> PyResult<Bound<'py, PyAny>> {
    let n = t.naive();
    if n.year < 1 {
        return Ok(PyString::new(py, &t.to_rfc3339()).into_any());
    }
    let tys = types(py)?;
    tys.datetime.bind(py).call1((n.year, n.month, n.day, n.hour, n.minute, n.second, 0, tys.beijing.bind(py)))
}

/// A typed row value as Python: decimals as `Decimal` with their exact
/// text, datetimes aware, JSON values decoded with numbers as int/Decimal.
pub fn typed_to_py<'py>(py: Python<'py>, v: &skuwire::Typed) -> PyResult<Bound<'py, PyAny>> {
    use skuwire::Typed;
    Ok(match v {
        Typed::Null => py.None().into_bound(py),
        Typed::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Typed::Int(i) => i.into_pyobject(py)?.into_any(),
        Typed::Decimal(d) => types(py)?.decimal.bind(py).call1((d.to_string(),))?,
        Typed::Str(s) => PyString::new(py, s).into_any(),
        Typed::DateTime(t) => beijing_to_py(py, t)?,
        Typed::Json(j) => to_py(py, j)?,
    })
}

/// A typed row as a dict in the answer's field order.
pub fn row_to_py<'py>(py: Python<'py>, row: &skuwire::Row) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in row.iter() {
        d.set_item(k, typed_to_py(py, v)?)?;
    }
    Ok(d)
}
