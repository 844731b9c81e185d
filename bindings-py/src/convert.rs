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
use skuwire::{ErrorRecord, LocItem, MAX_DEPTH};
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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

/// Hashes an object's address (the cache below is keyed by identity).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        let x = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 29);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The text of dict keys already seen, by the key object's identity.
/// Rows of one input share their key objects (literals are interned,
/// `json.load` and `csv.DictReader` reuse them), so each distinct key is
/// encoded once per plan instead of once per row. Every entry holds a
/// reference to its key, so an address cannot be reused by another string
/// while it is cached. Short keys only, and a bounded number of them.
#[derive(Default)]
pub struct KeyCache {
    keys: HashMap<usize, (Py<PyString>, String), BuildHasherDefault<AddressHasher>>,
}

impl KeyCache {
    const MAX_KEY_BYTES: usize = 64;
    const MAX_KEYS: usize = 1024;

    /// The key's text; `None` for a key with a lone surrogate.
    fn text(&mut self, key: &Bound<'_, PyString>) -> Option<String> {
        let id = key.as_ptr() as usize;
        if let Some((_, text)) = self.keys.get(&id) {
            return Some(text.clone());
        }
        let text = utf8(key)?.into_owned();
        if text.len() <= Self::MAX_KEY_BYTES {
            if self.keys.len() >= Self::MAX_KEYS {
                self.keys.clear();
            }
            self.keys.insert(id, (key.clone().unbind(), text.clone()));
        }
        Some(text)
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
    keys: KeyCache,
}

impl<'py> ToJson<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Self> {
        Self::with_keys(py, KeyCache::default())
    }

    /// A converter that starts from the key texts of earlier conversions
    /// (a plan converts one item at a time; see [`KeyCache`]).
    pub fn with_keys(py: Python<'py>, keys: KeyCache) -> PyResult<Self> {
        Ok(ToJson { py, types: types(py)?, path: Vec::new(), errors: Vec::new(), keys })
    }

    /// The key texts, for the next converter.
    pub fn into_keys(self) -> KeyCache {
        self.keys
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

    /// Records a host error built by one of the core's constructors; the
    /// bad value becomes `null`.
    fn fail(&mut self, record: ErrorRecord, obj: &Bound<'py, PyAny>) -> Value {
        self.errors.push(HostError { record, input: obj.clone().unbind() });
        Value::Null
    }

    fn unsupported(&mut self, obj: &Bound<'py, PyAny>) -> Value {
        let name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
        self.fail(ErrorRecord::unsupported_type(self.path.clone(), &name, Value::Null), obj)
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
                let shown = obj.repr().map(|r| r.to_string()).unwrap_or_default();
                return Ok(self.fail(ErrorRecord::not_finite(self.path.clone(), &shown), obj));
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
            // `str()` is one C call and, unless it chose an exponent (1E+2,
            // 1E-7) or a word (NaN, Infinity), gives the same text as
            // `format(d, "f")`; that and `is_finite()` are two Python-level
            // calls, a third of converting a catalog of prices (BENCHMARKS.md).
            // Exact `Decimal` only: a subclass may print itself otherwise.
            let exact = obj.get_type().is(t.decimal.bind(py));
            if let Some(Ok(text)) = exact.then(|| obj.str()) {
                if let Some(text) = utf8(&text) {
                    if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
                        if let Some(v) = number(&text) {
                            return Ok(v);
                        }
                    }
                }
            }
            let finite: bool = obj.call_method0("is_finite")?.extract()?;
            if !finite {
                let shown = obj.str().map(|r| r.to_string()).unwrap_or_default();
                return Ok(self.fail(ErrorRecord::not_finite(self.path.clone(), &shown), obj));
            }
            let text: String = t.format.bind(py).call1((obj, "f"))?.extract()?;
            return Ok(match number(&text) {
                Some(v) => v,
                None => self.unsupported(obj),
            });
        }
        if obj.is_instance(t.datetime.bind(py))? {
            return self.datetime(obj);
        }
        if obj.is_instance(t.date.bind(py))? {
            return Ok(Value::String(naive_of(obj)?.date_text()));
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
        Ok(self.unsupported(obj))
    }

    fn too_deep(&mut self, obj: &Bound<'py, PyAny>, depth: usize) -> Option<Value> {
        (depth + 1 > MAX_DEPTH).then(|| self.fail(ErrorRecord::nesting_too_deep(self.path.clone()), obj))
    }

    fn entry(&mut self, map: &mut Map<String, Value>, k: &Bound<'py, PyAny>, v: &Bound<'py, PyAny>, depth: usize) -> PyResult<()> {
        let key = match k.cast::<PyString>() {
            Ok(s) => match self.keys.text(s) {
                Some(text) => Ok(text),
                None => Err((true, lossy(s))),
            },
            // A key that is not a string has no JSON form.
            Err(_) => Err((false, k.str().map(|s| lossy(&s)).unwrap_or_default())),
        };
        match key {
            Ok(key) => {
                // The key rides on the location path while its value converts
                // and comes back for the map: one allocation per key, not two
                // (a measurable share of converting many small rows).
                self.path.push(LocItem::Key(key));
                let value = self.value(v, depth + 1);
                let popped = self.path.pop();
                let value = value?;
                match popped {
                    Some(LocItem::Key(key)) => map.insert(key, value),
                    _ => return Err(crate::error::to_pyerr(self.py, skuwire::Error::internal("conversion path out of balance"), &[])),
                };
            }
            Err((unicode, shown)) => {
                self.path.push(LocItem::Key(shown.clone()));
                if unicode {
                    self.fail(ErrorRecord::string_unicode(self.path.clone(), &shown), k);
                } else {
                    self.unsupported(k);
                }
                self.path.pop();
                map.insert(shown, Value::Null);
            }
        }
        Ok(())
    }

    fn string(&mut self, obj: &Bound<'py, PyAny>, s: &Bound<'py, PyString>) -> Value {
        match utf8(s) {
            Some(text) => Value::String(text.into_owned()),
            None => {
                // A lone surrogate: shown with U+FFFD in the record's input.
                let shown = lossy(s);
                self.fail(ErrorRecord::string_unicode(self.path.clone(), &shown), obj)
            }
        }
    }

    fn int(&mut self, obj: &Bound<'py, PyAny>) -> Value {
        if let Ok(i) = obj.extract::<i64>() {
            return Value::Number(i.into());
        }
        // Larger than 64 bits: its exact decimal digits.
        let text = obj.str().ok().and_then(|s| utf8(&s).map(Cow::into_owned));
        match text.as_deref().and_then(number) {
            Some(v) => v,
            None => self.unsupported(obj),
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
        let mut naive = naive_of(&local)?;
        naive.hour = local.getattr("hour")?.extract()?;
        naive.minute = local.getattr("minute")?.extract()?;
        naive.second = local.getattr("second")?.extract()?;
        let mut text = naive.datetime_text();
        let us: u32 = local.getattr("microsecond")?.extract()?;
        if us != 0 {
            // Never truncated: the fraction is kept, and the core's
            // date-time rule reports it where the platform takes whole seconds.
            text.push_str(&format!(".{us:06}"));
        }
        Ok(Value::String(text))
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
