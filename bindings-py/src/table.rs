//! Tables in: any object with the Arrow PyCapsule stream interface
//! (`__arrow_c_stream__` — pyarrow `Table` and `RecordBatchReader`, polars
//! and pandas ≥ 2.2 `DataFrame`s, DuckDB results) is imported as a C
//! stream and handed to the core's `ArrowInput`, which reads the record
//! batches in place, one at a time, without the GIL. No pyarrow, polars or
//! pandas import here: the interface is all it takes.
//!
//! Also the options that say how rows become items: `nest=` and
//! `nest_key=` (the core's `Nest`), and `lax=`.

use crate::convert::utf8;
use crate::args::type_name;
use crate::error::argument_error;
use arrow_array::ffi_stream::RecordBatchStreamReader;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyCapsule, PyDict, PyString, PyType};
use skuwire::arrow::ArrowInput;
use skuwire::{Error, Nest, NestLists};

/// A table's rows as the core reads them.
pub type TableInput = ArrowInput<RecordBatchStreamReader>;

/// The table behind `obj`, or `None` when it has no `__arrow_c_stream__`.
pub fn table(obj: &Bound<'_, PyAny>) -> PyResult<Option<TableInput>> {
    let py = obj.py();
    if obj.is_instance_of::<PyType>() || !obj.hasattr(intern!(py, "__arrow_c_stream__"))? {
        return Ok(None);
    }
    let capsule = obj.call_method0(intern!(py, "__arrow_c_stream__"))?;
    let Ok(capsule) = capsule.cast::<PyCapsule>() else {
        return Err(argument_error(py, Error::invalid_option("__arrow_c_stream__() should return a PyCapsule")));
    };
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: a capsule named "arrow_array_stream" holds an ArrowArrayStream
    // (the PyCapsule interface's contract). `from_raw` moves the stream out
    // and marks the capsule's copy released, so the capsule's destructor
    // does not release it a second time.
    let reader = unsafe { RecordBatchStreamReader::from_raw(ptr.as_ptr().cast()) }
        .map_err(|e| argument_error(py, Error::invalid_option(&format!("the table's Arrow stream could not be read: {e}"))))?;
    Ok(Some(ArrowInput::new(reader)))
}

fn names(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    let py = obj.py();
    let bad = |got: &Bound<'_, PyAny>| argument_error(py, Error::argument_type(what, "str or a list of str", &type_name(got)));
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(vec![text(s, what)?]);
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyDict>() {
        return Err(bad(obj));
    }
    let mut out = Vec::new();
    for item in obj.try_iter().map_err(|_| bad(obj))? {
        let item = item?;
        let s = item.cast::<PyString>().map_err(|_| bad(&item))?;
        out.push(text(s, what)?);
    }
    Ok(out)
}

/// A column name as text (a lone surrogate is not a name).
fn text(s: &Bound<'_, PyString>, what: &str) -> PyResult<String> {
    utf8(s).map(|t| t.into_owned()).ok_or_else(|| argument_error(s.py(), Error::argument_type(what, "valid Unicode", "a str with a lone surrogate")))
}

/// `nest=` and `nest_key=` as the core's [`Nest`]: `None`/`False` no
/// nesting; `True` by column names (`spec_list[].spec_no`); a list field's
/// name (`"spec_list"`) also sends the bare names its elements document
/// there; a mapping `{list: [columns]}` the listed columns.
pub fn nest_option(py: Python<'_>, nest: Option<&Bound<'_, PyAny>>, key: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Nest>> {
    let key = match key {
        Some(k) if !k.is_none() => names(k, "nest_key")?,
        _ => Vec::new(),
    };
    let off = nest.is_none_or(|n| n.is_none() || n.cast::<PyBool>().is_ok_and(|b| !b.is_true()));
    let Some(nest) = nest.filter(|_| !off) else {
        if !key.is_empty() {
            return Err(argument_error(py, Error::nest_key_without_nest("nest_key", "nest")));
        }
        return Ok(None);
    };
    let lists = if nest.cast::<PyBool>().is_ok() {
        NestLists::Names
    } else if let Ok(s) = nest.cast::<PyString>() {
        NestLists::Fields(text(s, "nest")?)
    } else if let Ok(d) = nest.cast::<PyDict>() {
        let mut lists = Vec::new();
        for (k, v) in d.iter() {
            let k = k.cast::<PyString>().map_err(|_| argument_error(py, Error::argument_type("a key of nest", "str (a list field's name)", &type_name(&k))))?;
            lists.push((text(k, "a key of nest")?, names(&v, "a value of nest")?));
        }
        NestLists::Columns(lists)
    } else {
        return Err(argument_error(py, Error::argument_type("nest", "bool, str (a list field's name) or a mapping {list: [columns]}", &type_name(nest))));
    };
    Ok(Some(Nest { lists, key }))
}

/// The items `rows` (flat mappings) make, nested as `nest`/`nest_key` say
/// — the core's one implementation, for the command line's CSV and JSON
/// Lines: a list of `(item, first_row, {list: [row of each element]},
/// errors)`, rows counted from 0. Problems of the nesting itself (a
/// `row_conflict`, a key repeated in a row) are in `errors`, located by row.
///
/// `columns`: the header's names, checked before any row (a malformed,
/// overlapping or repeated name is an `ArgumentError` even with no rows).
#[pyfunction]
#[pyo3(signature = (rows, nest = None, nest_key = None, columns = None))]
pub fn _nest_rows<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
    nest: Option<&Bound<'py, PyAny>>,
    nest_key: Option<&Bound<'py, PyAny>>,
    columns: Option<Vec<String>>,
) -> PyResult<Bound<'py, pyo3::types::PyList>> {
    use crate::convert::{to_py, PyInput};
    use crate::error::{guard, records_to_list, CoreResult};
    use pyo3::types::{PyList, PyTuple};
    use skuwire::{Head, Input, LocItem, NestInput};
    guard(py, || {
        let nest = match nest_option(py, Some(nest.unwrap_or(&PyBool::new(py, true).to_owned().into_any())), nest_key)? {
            Some(n) => n,
            None => Nest::by_names(),
        };
        let mut input = NestInput::new(None, &nest, PyInput::payload(rows)?).py_err(py)?;
        if let Some(columns) = &columns {
            input.declare(&columns.iter().map(String::as_str).collect::<Vec<_>>()).py_err(py)?;
        }
        let is_list = match input.value() {
            Ok(h) => matches!(h, Head::List),
            Err(e) => return Err(e.into_py(py, &[])),
        };
        if !is_list {
            return Err(argument_error(py, Error::invalid_option("rows should be an iterable of mappings")));
        }
        let out = PyList::empty(py);
        loop {
            match input.next_element() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let host = std::mem::take(&mut input.inner().host);
                    return Err(e.into_py(py, &host));
                }
            }
            let mut errors = input.notes(None);
            let item_rows = input.item_rows().cloned().unwrap_or_default();
            let (value, host) = match skuwire::input::read_next(&mut input) {
                Ok(v) => v,
                Err(e) => {
                    let host = std::mem::take(&mut input.inner().host);
                    return Err(e.into_py(py, &host));
                }
            };
            errors.extend(host.into_iter().map(|r| r.prefixed(&[LocItem::Index(item_rows.first)])));
            let lists = PyDict::new(py);
            for (name, rows) in &item_rows.lists {
                lists.set_item(name, rows)?;
            }
            let host = std::mem::take(&mut input.inner().host);
            let entry = PyTuple::new(py, [to_py(py, &value)?, item_rows.first.into_pyobject(py)?.into_any(), lists.into_any(), records_to_list(py, &errors, &host)?.into_any()])?;
            out.append(entry)?;
        }
        Ok(out)
    })
}
