//! Python values ↔ the core's JSON values.
//!
//! Python → JSON never fails: a value with no JSON form (a lone surrogate, a
//! NaN, a `set`, nesting deeper than `skuwire::MAX_DEPTH`) becomes `null`
//! and a host error record built from the core's catalogue, which the core
//! then merges with its own errors. Numbers keep their exact text: `int` as
//! its digits, `Decimal` as `format(d, "f")`, `float` through its shortest
//! repr (never rounded here; the core's digit rules judge the result).
//!
//! JSON → Python: integral number text becomes `int`, any other number text
//! `decimal.Decimal` — never `float`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};
use serde_json::{Map, Number, Value};
use skuwire::{ErrorRecord, ErrorType, LocItem, MAX_DEPTH};
use std::str::FromStr;

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
        Ok::<_, PyErr>(Types { decimal, datetime, date, beijing, format })
    })
}

/// Converts Python values to JSON, collecting host errors.
pub struct ToJson<'py> {
    py: Python<'py>,
    types: &'static Types,
    path: Vec<LocItem>,
    pub errors: Vec<HostError>,
}

impl<'py> ToJson<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        Ok(ToJson { py, types: types(py)?, path: Vec::new(), errors: Vec::new() })
    }

    /// Converts one value whose location starts with `prefix` (e.g. the item index).
    pub fn convert(&mut self, obj: &Bound<'py, PyAny>, prefix: &[LocItem]) -> PyResult<Value> {
        self.path.clear();
        self.path.extend_from_slice(prefix);
        self.value(obj, 0)
    }

    /// Takes the host errors collected so far.
    pub fn take_errors(&mut self) -> Vec<HostError> {
        std::mem::take(&mut self.errors)
    }

    fn fail(&mut self, kind: ErrorType, obj: &Bound<'py, PyAny>, input: Value) -> Value {
        let mut record = ErrorRecord::new(kind, self.path.clone(), input);
        match kind {
            // TODO(core): constructors that fill these ctx values
            // (ErrorRecord::nesting_too_deep(loc), ::unsupported_type(loc, name)).
            ErrorType::NestingTooDeep => record = record.with("max_depth", MAX_DEPTH),
            ErrorType::UnsupportedType => {
                let name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
                record = record.with("type_name", name);
            }
            _ => {}
        }
        self.errors.push(HostError { record, input: obj.clone().unbind() });
        Value::Null
    }

    fn value(&mut self, obj: &Bound<'py, PyAny>, depth: usize) -> PyResult<Value> {
        let py = self.py;
        // Most common first. bool before int: bool is an int subclass.
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(self.string(obj, s));
        }
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if obj.is_instance_of::<PyInt>() {
            return Ok(self.int(obj));
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let x = f.value();
            if !x.is_finite() {
                let shown = Value::String(obj.repr().map(|r| r.to_string()).unwrap_or_default());
                return Ok(self.fail(ErrorType::DecimalNotFinite, obj, shown));
            }
            return Ok(number(&float_text(x)).unwrap_or(Value::Null));
        }
        if let Ok(d) = obj.cast::<PyDict>() {
            if let Some(v) = self.too_deep(obj, depth) {
                return Ok(v);
            }
            let mut map = Map::with_capacity(d.len());
            for (k, v) in d.iter() {
                self.entry(&mut map, &k, &v, depth)?;
            }
            return Ok(Value::Object(map));
        }
        if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
            if let Some(v) = self.too_deep(obj, depth) {
                return Ok(v);
            }
            let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
            for (i, item) in obj.try_iter()?.enumerate() {
                self.path.push(LocItem::Index(i));
                let v = self.value(&item?, depth + 1);
                self.path.pop();
                out.push(v?);
            }
            return Ok(Value::Array(out));
        }
        let t = self.types;
        if obj.is_instance(t.decimal.bind(py))? {
            let finite: bool = obj.call_method0("is_finite")?.extract()?;
            if !finite {
                let shown = Value::String(obj.str().map(|r| r.to_string()).unwrap_or_default());
                return Ok(self.fail(ErrorType::DecimalNotFinite, obj, shown));
            }
            let text: String = t.format.bind(py).call1((obj, "f"))?.extract()?;
            return Ok(match number(&text) {
                Some(v) => v,
                None => self.fail(ErrorType::UnsupportedType, obj, Value::Null),
            });
        }
        if obj.is_instance(t.datetime.bind(py))? {
            return self.datetime(obj);
        }
        if obj.is_instance(t.date.bind(py))? {
            // TODO(core): a date formatter next to `BeijingDateTime::to_wire`
            // (the `yyyy-MM-dd` of DateFormat::Date).
            let (y, m, d): (i32, u32, u32) = (obj.getattr("year")?.extract()?, obj.getattr("month")?.extract()?, obj.getattr("day")?.extract()?);
            return Ok(Value::String(format!("{y:04}-{m:02}-{d:02}")));
        }
        if is_mapping_like(obj)? {
            if let Some(v) = self.too_deep(obj, depth) {
                return Ok(v);
            }
            let mut map = Map::new();
            for k in obj.call_method0("keys")?.try_iter()? {
                let k = k?;
                let v = obj.get_item(&k)?;
                self.entry(&mut map, &k, &v, depth)?;
            }
            return Ok(Value::Object(map));
        }
        // Integer-like scalars (numpy.int64 and friends) through __index__.
        if !obj.is_instance_of::<PyBytes>() && obj.hasattr("__index__")? {
            if let Ok(i) = py.import("operator")?.getattr("index")?.call1((obj,)) {
                return Ok(self.int(&i));
            }
        }
        Ok(self.fail(ErrorType::UnsupportedType, obj, Value::Null))
    }

    fn too_deep(&mut self, obj: &Bound<'py, PyAny>, depth: usize) -> Option<Value> {
        (depth + 1 > MAX_DEPTH).then(|| self.fail(ErrorType::NestingTooDeep, obj, Value::Null))
    }

    fn entry(&mut self, map: &mut Map<String, Value>, k: &Bound<'py, PyAny>, v: &Bound<'py, PyAny>, depth: usize) -> PyResult<()> {
        let key = match k.cast::<PyString>() {
            Ok(s) => match s.to_cow() {
                Ok(c) => Ok(c.into_owned()),
                Err(_) => Err((ErrorType::StringUnicode, s.to_string_lossy().into_owned())),
            },
            // A key that is not a string has no JSON form.
            Err(_) => Err((ErrorType::UnsupportedType, k.str().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default())),
        };
        match key {
            Ok(key) => {
                self.path.push(LocItem::Key(key.clone()));
                let value = self.value(v, depth + 1);
                self.path.pop();
                map.insert(key, value?);
            }
            Err((kind, shown)) => {
                self.path.push(LocItem::Key(shown.clone()));
                let input = if kind == ErrorType::StringUnicode { Value::String(shown.clone()) } else { Value::Null };
                self.fail(kind, k, input);
                self.path.pop();
                map.insert(shown, Value::Null);
            }
        }
        Ok(())
    }

    fn string(&mut self, obj: &Bound<'py, PyAny>, s: &Bound<'py, PyString>) -> Value {
        match s.to_cow() {
            Ok(c) => Value::String(c.into_owned()),
            Err(_) => {
                // A lone surrogate: shown with U+FFFD in the record's input.
                let shown = Value::String(s.to_string_lossy().into_owned());
                self.fail(ErrorType::StringUnicode, obj, shown)
            }
        }
    }

    fn int(&mut self, obj: &Bound<'py, PyAny>) -> Value {
        if let Ok(i) = obj.extract::<i64>() {
            return Value::Number(i.into());
        }
        // Larger than 64 bits: its exact decimal digits.
        let text = obj.str().ok().and_then(|s| s.to_cow().ok().map(|c| c.into_owned()));
        match text.as_deref().and_then(number) {
            Some(v) => v,
            None => self.fail(ErrorType::UnsupportedType, obj, Value::Null),
        }
    }

    fn datetime(&mut self, obj: &Bound<'py, PyAny>) -> PyResult<Value> {
        let t = self.types;
        // Aware: converted to Beijing time; naive: taken as Beijing time.
        let local = if obj.call_method0("utcoffset")?.is_none() {
            obj.clone()
        } else {
            obj.call_method1("astimezone", (t.beijing.bind(self.py),))?
        };
        let f = |name: &str| -> PyResult<u32> { local.getattr(name)?.extract() };
        let naive = skuwire::rules::NaiveDateTime {
            year: local.getattr("year")?.extract()?,
            month: f("month")?,
            day: f("day")?,
            hour: f("hour")?,
            minute: f("minute")?,
            second: f("second")?,
        };
        let us = f("microsecond")?;
        // Python's datetime years (1–9999) are always within the core's range.
        let Some(mut text) = skuwire::BeijingDateTime::from_naive(naive).map(|b| b.to_wire()) else {
            return Ok(self.fail(ErrorType::UnsupportedType, obj, Value::Null));
        };
        if us != 0 {
            // Never truncated: the fraction is kept, and the core's
            // date-time rule reports it where the platform takes whole seconds.
            text.push_str(&format!(".{us:06}"));
        }
        Ok(Value::String(text))
    }
}

pub fn is_mapping_like(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    // collections.abc.Mapping, sqlite3.Row, pandas.Series: keys() + [key].
    Ok(obj.hasattr("keys")? && obj.hasattr("__getitem__")? && !obj.is_instance_of::<PyType>())
}

/// A JSON number from exact decimal text.
pub fn number(text: &str) -> Option<Value> {
    Number::from_str(text).ok().map(Value::Number)
}

/// A finite float as Python's `repr` would write it, without an exponent:
/// `0.1` → `0.1`, `1.0` → `1.0`, `1e-07` → `0.0000001`, `1e+16` →
/// `10000000000000000`. Rust's `Display` gives the same shortest digits as
/// Python's repr, always in positional form; Python adds `.0` to integral
/// values below 1e16 (above, its repr uses an exponent, which
/// `format(Decimal(repr(x)), "f")` writes without the `.0`).
pub fn float_text(x: f64) -> String {
    let mut s = format!("{x}");
    if !s.contains('.') && x.abs() < 1e16 {
        s.push_str(".0");
    }
    s
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
