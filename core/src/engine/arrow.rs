//! Arrow tables as an [`Input`]: items read straight from Arrow memory,
//! one record batch at a time (feature `arrow`).
//!
//! [`ArrowInput`] reads any stream of record batches (a host imports one
//! through the Arrow C stream interface: pyarrow, polars, pandas, DuckDB
//! all export it) as a payload of rows, each row an object of its columns.
//! Nothing is copied but the text of numbers; only the current batch is
//! held. Types map exactly:
//!
//! | Arrow | read as |
//! |---|---|
//! | null (any type) | `null`: not given |
//! | `int8`…`int64`, `uint8`…`uint64` | the integer |
//! | `decimal32/64/128/256(p, s)` | its exact decimal text (`59.9000`; trailing zeros do not count as places) |
//! | `float16/32/64` | its shortest round-trip text, as Python's `repr` (a float's value: never rounded to fit); NaN a missing-value marker ([`Problem::Missing`]), ±inf refused |
//! | `string`, `large_string`, `string_view`, dictionary-encoded | the text |
//! | `bool` | the boolean |
//! | `timestamp(unit, tz)` | Beijing wall-clock text `yyyy-MM-dd HH:mm:ss` (with its fraction when not zero, which the date-time rule then reports); with a zone the instant is converted, without one it is taken as Beijing time |
//! | `date32`, `date64` | `yyyy-MM-dd` |
//! | `struct` | an object of its fields |
//! | `list`, `large_list`, `fixed_size_list` | a list |
//! | anything else (binary, time of day, duration, interval, map, union…) | refused: `unsupported_type` naming the Arrow type |

use crate::error::Error;
use crate::input::{float_text, Head, Input, Key, Problem};
use crate::time::BEIJING_OFFSET_SECS;
use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, TimeUnit};
use std::fmt::Write;

/// One column (or child array) of the current batch, typed once per batch.
enum Col {
    Null,
    Bool(arrow_array::BooleanArray),
    I8(arrow_array::Int8Array),
    I16(arrow_array::Int16Array),
    I32(arrow_array::Int32Array),
    I64(arrow_array::Int64Array),
    U8(arrow_array::UInt8Array),
    U16(arrow_array::UInt16Array),
    U32(arrow_array::UInt32Array),
    U64(arrow_array::UInt64Array),
    F16(arrow_array::Float16Array),
    F32(arrow_array::Float32Array),
    F64(arrow_array::Float64Array),
    D32(arrow_array::Decimal32Array, i8),
    D64(arrow_array::Decimal64Array, i8),
    D128(arrow_array::Decimal128Array, i8),
    D256(arrow_array::Decimal256Array, i8),
    Utf8(arrow_array::StringArray),
    LargeUtf8(arrow_array::LargeStringArray),
    Utf8View(arrow_array::StringViewArray),
    /// Values in `unit`s since 1970-01-01; `zoned`: an instant (UTC), else a wall-clock time.
    Timestamp { values: arrow_array::Int64Array, unit: TimeUnit, zoned: bool },
    Date32(arrow_array::Date32Array),
    Date64(arrow_array::Date64Array),
    /// Keys resolved to value positions; the values are column `values`.
    Dict { array: ArrayRef, keys: Vec<usize>, values: usize },
    Struct { array: arrow_array::StructArray, names: Vec<String>, children: Vec<usize> },
    List { array: ArrayRef, offsets: Vec<usize>, values: usize },
    Unsupported { array: ArrayRef, name: String },
}

/// Where the cursor stands.
enum Frame {
    /// In a row: the next column to hand out.
    Row { next: usize },
    /// In a struct value: its column, its index, the next field.
    Struct { col: usize, idx: usize, next: usize },
    /// In a list value: its values' column and the positions left.
    List { values: usize, pos: usize, end: usize },
}

/// An Arrow table — any iterator of record batches — as the payload of
/// rows an [`Input`] reads (see the [module docs](self)).
pub struct ArrowInput<R> {
    reader: R,
    /// The current batch's columns (the top-level ones first) and names.
    cols: Vec<Col>,
    names: Vec<String>,
    top: usize,
    row: usize,
    len: usize,
    started: bool,
    /// The value `value()` reads next: (column, index), or the row itself.
    pending: Option<(usize, usize)>,
    row_pending: bool,
    stack: Vec<Frame>,
    text: String,
}

impl<R> ArrowInput<R>
where
    R: Iterator<Item = Result<RecordBatch, ArrowError>>,
{
    /// A payload of the rows of `reader`'s batches.
    pub fn new(reader: R) -> Self {
        ArrowInput { reader, cols: Vec::new(), names: Vec::new(), top: 0, row: 0, len: 0, started: false, pending: None, row_pending: false, stack: Vec::new(), text: String::new() }
    }

    /// Loads the next batch with rows; `false` at the end of the stream.
    fn next_batch(&mut self) -> Result<bool, Error> {
        loop {
            let batch = match self.reader.next() {
                None => return Ok(false),
                Some(Ok(b)) => b,
                Some(Err(e)) => {
                    return Err(Error::invalid_argument(format!("the table could not be read: {e}"), format!("无法读取表格：{e}")));
                }
            };
            if batch.num_rows() == 0 {
                continue;
            }
            self.cols.clear();
            self.names.clear();
            let schema = batch.schema();
            self.top = batch.num_columns();
            // Top-level columns take ids 0..top; children follow.
            for _ in 0..self.top {
                self.cols.push(Col::Null);
            }
            for (i, (field, array)) in schema.fields().iter().zip(batch.columns()).enumerate() {
                self.names.push(field.name().clone());
                self.cols[i] = typed(array, &mut self.cols);
            }
            self.len = batch.num_rows();
            self.row = 0;
            return Ok(true);
        }
    }

    /// The head of value `idx` of column `c`.
    fn cell(&mut self, mut c: usize, mut idx: usize) -> Head<'_> {
        // A dictionary-encoded value is its dictionary's value.
        while let Col::Dict { array, keys, values } = &self.cols[c] {
            if array.is_null(idx) {
                return Head::Null;
            }
            (c, idx) = (*values, keys[idx]);
        }
        let col = &self.cols[c];
        let text = &mut self.text;
        macro_rules! int {
            ($a:expr) => {{
                if $a.is_null(idx) {
                    return Head::Null;
                }
                text.clear();
                let _ = write!(text, "{}", $a.value(idx));
                Head::Number(text)
            }};
        }
        macro_rules! dec {
            ($a:expr, $s:expr) => {{
                if $a.is_null(idx) {
                    return Head::Null;
                }
                text.clear();
                let _ = write!(text, "{}", $a.value(idx));
                decimal_text(text, *$s);
                Head::Number(text)
            }};
        }
        macro_rules! float {
            ($a:expr, $x:expr) => {{
                if $a.is_null(idx) {
                    return Head::Null;
                }
                let x: f64 = $x;
                if x.is_nan() {
                    return Head::Bad(Problem::Missing(Box::new(Problem::NotFinite("nan".into()))));
                }
                if x.is_infinite() {
                    return Head::Bad(Problem::NotFinite(if x > 0.0 { "inf" } else { "-inf" }.into()));
                }
                *text = float_text(x);
                Head::Number(text)
            }};
        }
        macro_rules! string {
            ($a:expr) => {{
                if $a.is_null(idx) {
                    Head::Null
                } else {
                    Head::Str($a.value(idx))
                }
            }};
        }
        match col {
            Col::Null => Head::Null,
            Col::Bool(a) => {
                if a.is_null(idx) {
                    Head::Null
                } else {
                    Head::Bool(a.value(idx))
                }
            }
            Col::I8(a) => int!(a),
            Col::I16(a) => int!(a),
            Col::I32(a) => int!(a),
            Col::I64(a) => int!(a),
            Col::U8(a) => int!(a),
            Col::U16(a) => int!(a),
            Col::U32(a) => int!(a),
            Col::U64(a) => int!(a),
            Col::F16(a) => float!(a, f64::from(a.value(idx).to_f32())),
            Col::F32(a) => {
                if a.is_null(idx) {
                    return Head::Null;
                }
                // Its own shortest text (0.1 stays 0.1, not the f64 widening's digits).
                let x = a.value(idx);
                if x.is_nan() {
                    return Head::Bad(Problem::Missing(Box::new(Problem::NotFinite("nan".into()))));
                }
                if x.is_infinite() {
                    return Head::Bad(Problem::NotFinite(if x > 0.0 { "inf" } else { "-inf" }.into()));
                }
                text.clear();
                let _ = write!(text, "{x}");
                if !text.contains('.') && x.abs() < 1e16 {
                    text.push_str(".0");
                }
                Head::Number(text)
            }
            Col::F64(a) => float!(a, a.value(idx)),
            Col::D32(a, s) => dec!(a, s),
            Col::D64(a, s) => dec!(a, s),
            Col::D128(a, s) => dec!(a, s),
            Col::D256(a, s) => dec!(a, s),
            Col::Utf8(a) => string!(a),
            Col::LargeUtf8(a) => string!(a),
            Col::Utf8View(a) => string!(a),
            Col::Timestamp { values, unit, zoned } => {
                if values.is_null(idx) {
                    return Head::Null;
                }
                match timestamp_text(values.value(idx), *unit, *zoned, text) {
                    true => Head::Str(text),
                    false => Head::Bad(Problem::Unsupported("timestamp outside the years 0000–9999".into())),
                }
            }
            Col::Date32(a) => {
                if a.is_null(idx) {
                    return Head::Null;
                }
                match date_text(i64::from(a.value(idx)), text) {
                    true => Head::Str(text),
                    false => Head::Bad(Problem::Unsupported("date outside the years 0000–9999".into())),
                }
            }
            Col::Date64(a) => {
                if a.is_null(idx) {
                    return Head::Null;
                }
                match date_text(a.value(idx).div_euclid(86_400_000), text) {
                    true => Head::Str(text),
                    false => Head::Bad(Problem::Unsupported("date outside the years 0000–9999".into())),
                }
            }
            Col::Dict { .. } => Head::Null,
            Col::Struct { array, .. } => {
                if array.is_null(idx) {
                    return Head::Null;
                }
                self.stack.push(Frame::Struct { col: c, idx, next: 0 });
                Head::Object
            }
            Col::List { array, offsets, values } => {
                if array.is_null(idx) {
                    return Head::Null;
                }
                let (pos, end, values) = (offsets[idx], offsets[idx + 1], *values);
                self.stack.push(Frame::List { values, pos, end });
                Head::List
            }
            Col::Unsupported { array, name } => {
                if array.is_null(idx) {
                    return Head::Null;
                }
                Head::Bad(Problem::Unsupported(name.clone()))
            }
        }
    }
}

/// Puts the decimal point into the digits of an unscaled decimal (`5990`,
/// scale 2 → `59.90`; scale −2 → `599000`).
fn decimal_text(text: &mut String, scale: i8) {
    let negative = text.starts_with('-');
    let digits = text.len() - usize::from(negative);
    if scale < 0 {
        if text != "0" {
            text.extend(std::iter::repeat_n('0', usize::from(scale.unsigned_abs())));
        }
        return;
    }
    let scale = scale as usize;
    if scale == 0 {
        return;
    }
    if digits <= scale {
        let at = usize::from(negative);
        let zeros: String = std::iter::repeat_n('0', scale - digits + 1).collect();
        text.insert_str(at, &zeros);
    }
    let point = text.len() - scale;
    text.insert(point, '.');
}

/// `yyyy-MM-dd` of a day count since 1970-01-01; `false` outside 0000–9999.
fn date_text(days: i64, text: &mut String) -> bool {
    let (y, m, d) = crate::time::civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return false;
    }
    text.clear();
    let _ = write!(text, "{y:04}-{m:02}-{d:02}");
    true
}

/// The Beijing wall-clock text of a timestamp value; `false` outside 0000–9999.
fn timestamp_text(v: i64, unit: TimeUnit, zoned: bool, text: &mut String) -> bool {
    let (per_sec, digits) = match unit {
        TimeUnit::Second => (1i64, 0usize),
        TimeUnit::Millisecond => (1_000, 3),
        TimeUnit::Microsecond => (1_000_000, 6),
        TimeUnit::Nanosecond => (1_000_000_000, 9),
    };
    let (mut secs, frac) = (v.div_euclid(per_sec), v.rem_euclid(per_sec));
    if zoned {
        // An instant: Beijing is UTC+8 all year.
        secs += BEIJING_OFFSET_SECS;
    }
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    if !date_text(days, text) {
        return false;
    }
    let _ = write!(text, " {:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60);
    if frac != 0 {
        let _ = write!(text, ".{frac:0digits$}");
    }
    true
}

/// Types `array` once for this batch; children are appended to `cols`.
fn typed(array: &ArrayRef, cols: &mut Vec<Col>) -> Col {
    let child = |a: &ArrayRef, cols: &mut Vec<Col>| -> usize {
        let c = typed(a, cols);
        cols.push(c);
        cols.len() - 1
    };
    match array.data_type() {
        DataType::Null => Col::Null,
        DataType::Boolean => Col::Bool(array.as_boolean().clone()),
        DataType::Int8 => Col::I8(array.as_primitive::<Int8Type>().clone()),
        DataType::Int16 => Col::I16(array.as_primitive::<Int16Type>().clone()),
        DataType::Int32 => Col::I32(array.as_primitive::<Int32Type>().clone()),
        DataType::Int64 => Col::I64(array.as_primitive::<Int64Type>().clone()),
        DataType::UInt8 => Col::U8(array.as_primitive::<UInt8Type>().clone()),
        DataType::UInt16 => Col::U16(array.as_primitive::<UInt16Type>().clone()),
        DataType::UInt32 => Col::U32(array.as_primitive::<UInt32Type>().clone()),
        DataType::UInt64 => Col::U64(array.as_primitive::<UInt64Type>().clone()),
        DataType::Float16 => Col::F16(array.as_primitive::<Float16Type>().clone()),
        DataType::Float32 => Col::F32(array.as_primitive::<Float32Type>().clone()),
        DataType::Float64 => Col::F64(array.as_primitive::<Float64Type>().clone()),
        DataType::Decimal32(_, s) => Col::D32(array.as_primitive::<Decimal32Type>().clone(), *s),
        DataType::Decimal64(_, s) => Col::D64(array.as_primitive::<Decimal64Type>().clone(), *s),
        DataType::Decimal128(_, s) => Col::D128(array.as_primitive::<Decimal128Type>().clone(), *s),
        DataType::Decimal256(_, s) => Col::D256(array.as_primitive::<Decimal256Type>().clone(), *s),
        DataType::Utf8 => Col::Utf8(array.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Col::LargeUtf8(array.as_string::<i64>().clone()),
        DataType::Utf8View => Col::Utf8View(array.as_string_view().clone()),
        DataType::Timestamp(unit, tz) => {
            // The same i64 values whatever the unit: read them as Int64.
            let values = match unit {
                TimeUnit::Second => array.as_primitive::<TimestampSecondType>().reinterpret_cast::<Int64Type>(),
                TimeUnit::Millisecond => array.as_primitive::<TimestampMillisecondType>().reinterpret_cast::<Int64Type>(),
                TimeUnit::Microsecond => array.as_primitive::<TimestampMicrosecondType>().reinterpret_cast::<Int64Type>(),
                TimeUnit::Nanosecond => array.as_primitive::<TimestampNanosecondType>().reinterpret_cast::<Int64Type>(),
            };
            Col::Timestamp { values, unit: *unit, zoned: tz.is_some() }
        }
        DataType::Date32 => Col::Date32(array.as_primitive::<Date32Type>().clone()),
        DataType::Date64 => Col::Date64(array.as_primitive::<Date64Type>().clone()),
        DataType::Dictionary(_, _) => {
            let d = array.as_any_dictionary();
            let values = d.values().clone();
            // An empty dictionary has only null keys.
            let keys = if values.is_empty() { vec![0; array.len()] } else { d.normalized_keys() };
            let values = child(&values, cols);
            Col::Dict { array: array.clone(), keys, values }
        }
        DataType::Struct(fields) => {
            let s = array.as_struct().clone();
            let names = fields.iter().map(|f| f.name().clone()).collect();
            let children = s.columns().iter().map(|a| child(a, cols)).collect();
            Col::Struct { array: s, names, children }
        }
        DataType::List(_) => {
            let l = array.as_list::<i32>();
            let offsets = l.value_offsets().iter().map(|&o| o as usize).collect();
            let values = child(l.values(), cols);
            Col::List { array: array.clone(), offsets, values }
        }
        DataType::LargeList(_) => {
            let l = array.as_list::<i64>();
            let offsets = l.value_offsets().iter().map(|&o| o as usize).collect();
            let values = child(l.values(), cols);
            Col::List { array: array.clone(), offsets, values }
        }
        DataType::FixedSizeList(_, n) => {
            let l = array.as_fixed_size_list();
            let n = *n as usize;
            let start = l.offset() * n;
            let offsets = (0..=array.len()).map(|i| start + i * n).collect();
            let values = child(l.values(), cols);
            Col::List { array: array.clone(), offsets, values }
        }
        other => Col::Unsupported { array: array.clone(), name: other.to_string() },
    }
}

impl<R> Input for ArrowInput<R>
where
    R: Iterator<Item = Result<RecordBatch, ArrowError>>,
{
    type Error = Error;

    fn value(&mut self) -> Result<Head<'_>, Error> {
        if !self.started {
            // The payload: a list of rows.
            self.started = true;
            return Ok(Head::List);
        }
        if std::mem::take(&mut self.row_pending) {
            self.stack.push(Frame::Row { next: 0 });
            return Ok(Head::Object);
        }
        let (c, idx) = self.pending.take().ok_or_else(|| Error::internal("arrow: value read twice"))?;
        Ok(self.cell(c, idx))
    }

    fn next_element(&mut self) -> Result<bool, Error> {
        match self.stack.last_mut() {
            None => {
                // The next row.
                if self.started && self.len > 0 && self.row + 1 < self.len {
                    self.row += 1;
                } else if !self.next_batch()? {
                    return Ok(false);
                }
                self.row_pending = true;
                Ok(true)
            }
            Some(Frame::List { values, pos, end }) => {
                if *pos < *end {
                    self.pending = Some((*values, *pos));
                    *pos += 1;
                    Ok(true)
                } else {
                    self.stack.pop();
                    Ok(false)
                }
            }
            Some(_) => Err(Error::internal("arrow: next_element outside a list")),
        }
    }

    fn next_key(&mut self) -> Result<Option<Key<'_>>, Error> {
        match self.stack.last_mut() {
            Some(Frame::Row { next }) => {
                if *next < self.top {
                    let c = *next;
                    *next += 1;
                    self.pending = Some((c, self.row));
                    Ok(Some(Key::Str(&self.names[c])))
                } else {
                    self.stack.pop();
                    Ok(None)
                }
            }
            Some(Frame::Struct { col, idx, next }) => {
                let Col::Struct { names, children, .. } = &self.cols[*col] else {
                    return Err(Error::internal("arrow: struct frame"));
                };
                if *next < children.len() {
                    let f = *next;
                    *next += 1;
                    self.pending = Some((children[f], *idx));
                    Ok(Some(Key::Str(&names[f])))
                } else {
                    self.stack.pop();
                    Ok(None)
                }
            }
            _ => Err(Error::internal("arrow: next_key outside an object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "nest")]
    use crate::{Nest, NestLists};
    use crate::{plan_input, validate_input_with, PlanOptions};
    use arrow_array::builder::{StringDictionaryBuilder, ListBuilder, StringBuilder};
    use arrow_array::*;
    use arrow_schema::{Field, Schema};
    use serde_json::{json, Value};
    use std::sync::Arc;

    fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
        let fields: Vec<Field> = cols.iter().map(|(n, a)| Field::new(*n, a.data_type().clone(), true)).collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
    }

    fn rows(batches: Vec<RecordBatch>) -> Value {
        let (v, host) = crate::input::read(ArrowInput::new(batches.into_iter().map(Ok))).unwrap();
        // The one value with no JSON form: NaN, a missing-value marker.
        assert_eq!(host.iter().map(|e| (crate::loc_to_string(&e.loc), e.kind.name())).collect::<Vec<_>>(), vec![("[2].f".to_owned(), "decimal_not_finite")]);
        v
    }

    #[test]
    fn every_type_maps_exactly() {
        let dec = Decimal128Array::from(vec![Some(5990), None, Some(-5), Some(123456789)]).with_precision_and_scale(19, 4).unwrap();
        let ts = TimestampMicrosecondArray::from(vec![Some(0), Some(1_500_000), None, Some(-1)]).with_timezone("UTC");
        let naive = TimestampSecondArray::from(vec![Some(0), Some(86_399), None, Some(1_700_000_000)]);
        let mut dict = StringDictionaryBuilder::<Int8Type>::new();
        dict.append_value("红");
        dict.append_null();
        dict.append_value("红");
        dict.append_value("蓝");
        let mut list = ListBuilder::new(StringBuilder::new());
        list.append_value([Some("a"), None]);
        list.append_null();
        list.append_value([Some("b")]);
        list.append_value(Vec::<Option<&str>>::new());
        let b = batch(vec![
            ("i", Arc::new(Int64Array::from(vec![Some(1), None, Some(-9_223_372_036_854_775_808), Some(7)])) as ArrayRef),
            ("u", Arc::new(UInt64Array::from(vec![Some(u64::MAX), Some(0), None, Some(3)]))),
            ("d", Arc::new(dec)),
            ("f", Arc::new(Float64Array::from(vec![Some(12.0), Some(0.1), Some(f64::NAN), None]))),
            ("f32", Arc::new(Float32Array::from(vec![Some(0.1f32), None, Some(2.5), Some(1e-7)]))),
            ("s", Arc::new(StringArray::from(vec![Some("杯"), None, Some(""), Some("x")]))),
            ("ls", Arc::new(LargeStringArray::from(vec![None, Some("L"), None, None]))),
            ("sv", Arc::new(StringViewArray::from(vec![Some("a string longer than twelve bytes"), None, Some("v"), None]))),
            ("b", Arc::new(BooleanArray::from(vec![Some(true), Some(false), None, None]))),
            ("ts", Arc::new(ts)),
            ("naive", Arc::new(naive)),
            ("day", Arc::new(Date32Array::from(vec![Some(0), Some(19_000), None, Some(-1)]))),
            ("dict", Arc::new(dict.finish())),
            ("tags", Arc::new(list.finish())),
            ("n", Arc::new(NullArray::new(4))),
        ]);
        let v = rows(vec![b.clone()]);
        let nan = Value::Null; // a bad value reads as null; its problem is reported
        assert_eq!(
            v[0],
            json!({"i": 1, "u": 18446744073709551615u64, "d": "0.5990".parse::<serde_json::Number>().map(Value::Number).unwrap(), "f": 12.0, "f32": 0.1, "s": "杯", "ls": null, "sv": "a string longer than twelve bytes", "b": true,
                   "ts": "1970-01-01 08:00:00", "naive": "1970-01-01 00:00:00", "day": "1970-01-01", "dict": "红", "tags": ["a", null], "n": null})
        );
        assert_eq!(v[1]["ts"], json!("1970-01-01 08:00:01.500000"));
        assert_eq!(v[1]["naive"], json!("1970-01-01 23:59:59"));
        assert_eq!(v[1]["day"], json!("2022-01-08"));
        assert_eq!(v[1]["dict"], Value::Null);
        assert_eq!(v[1]["tags"], Value::Null);
        assert_eq!(v[2]["d"].to_string(), "-0.0005");
        assert_eq!(v[3]["d"].to_string(), "12345.6789");
        assert_eq!(v[2]["f"], nan);
        assert_eq!(v[3]["f32"].to_string(), "0.0000001");
        assert_eq!(v[3]["ts"], json!("1970-01-01 07:59:59.999999"));
        assert_eq!(v[3]["naive"], json!("2023-11-14 22:13:20"));
        assert_eq!(v[3]["day"], json!("1969-12-31"));
        assert_eq!(v[2]["dict"], json!("红"));
        assert_eq!(v[3]["dict"], json!("蓝"));
        assert_eq!(v[3]["tags"], json!([]));
        assert_eq!(v[2]["i"].to_string(), "-9223372036854775808");
    }

    #[test]
    fn decimal_text_places_the_point() {
        for (digits, scale, want) in [("5990", 2, "59.90"), ("5", 4, "0.0005"), ("-5", 4, "-0.0005"), ("0", 2, "0.00"), ("12", -2, "1200"), ("0", -3, "0"), ("-123", 0, "-123")] {
            let mut t = digits.to_owned();
            decimal_text(&mut t, scale);
            assert_eq!(t, want, "{digits} scale {scale}");
        }
    }

    fn catalog_batch(prices: Vec<Option<i128>>, scale: i8) -> RecordBatch {
        let n = prices.len();
        let goods: Vec<String> = (0..n).map(|i| format!("G{}", i / 2)).collect();
        let specs: Vec<String> = (0..n).map(|i| format!("S{i}")).collect();
        batch(vec![
            ("goods_no", Arc::new(StringArray::from(goods)) as ArrayRef),
            ("goods_name", Arc::new(StringArray::from(vec!["杯"; n]))),
            ("spec_no", Arc::new(StringArray::from(specs))),
            ("retail_price", Arc::new(Decimal128Array::from(prices).with_precision_and_scale(19, scale).unwrap())),
        ])
    }

    #[cfg(feature = "nest")]
    #[test]
    fn tables_nest_and_refuse_with_the_row() {
        // Rows 0–1 are goods G0, rows 2–3 G1; row 3's price has five places.
        let b1 = catalog_batch(vec![Some(15_000_000), None], 6);
        let b2 = catalog_batch(vec![Some(100), Some(1_234_567)], 6);
        // The second batch restarts its goods numbers: rename them.
        let b2 = batch(vec![
            ("goods_no", Arc::new(StringArray::from(vec!["G1", "G1"])) as ArrayRef),
            ("goods_name", b2.column(1).clone()),
            ("spec_no", Arc::new(StringArray::from(vec!["S2", "S3"]))),
            ("retail_price", b2.column(3).clone()),
        ]);
        let empty = b1.slice(0, 0);
        let opts = PlanOptions { nest: Some(Nest { lists: NestLists::Fields("spec_list".into()), key: vec![] }), ..PlanOptions::default() };
        let input = || ArrowInput::new(vec![empty.clone(), b1.clone(), empty.clone(), b2.clone()].into_iter().map(Ok));
        let errors = validate_input_with("goods.Goods.batchPush", input(), &opts).unwrap();
        let found: Vec<_> = errors.iter().map(|e| (crate::loc_to_string(&e.loc), e.kind.name())).collect();
        assert_eq!(found, vec![("[3].spec_list[1].retail_price".to_owned(), "decimal_max_places")]);
        assert_eq!(errors[0].input, json!("1.234567".parse::<serde_json::Number>().map(Value::Number).unwrap()));
        let b3 = batch(vec![
            ("goods_no", b2.column(0).clone()),
            ("goods_name", b2.column(1).clone()),
            ("spec_no", b2.column(2).clone()),
            ("retail_price", Arc::new(Decimal128Array::from(vec![Some(100), Some(1_234_500)]).with_precision_and_scale(19, 6).unwrap())),
        ]);
        let plan = plan_input("goods.Goods.batchPush", ArrowInput::new(vec![b1.clone(), b3].into_iter().map(Ok)), &opts).unwrap();
        assert_eq!(
            String::from_utf8(plan.batches[0].body_json()).unwrap(),
            r#"[[{"goods_no":"G0","goods_name":"杯","spec_list":[{"spec_no":"S0","retail_price":15.000000},{"spec_no":"S1"}]},{"goods_no":"G1","goods_name":"杯","spec_list":[{"spec_no":"S2","retail_price":0.000100},{"spec_no":"S3","retail_price":1.234500}]}]]"#
        );
        // An empty table plans nothing.
        let plan = plan_input("goods.Goods.batchPush", ArrowInput::new(vec![empty].into_iter().map(Ok)), &opts).unwrap();
        assert!(plan.batches.is_empty());
    }

    #[cfg(feature = "lax")]
    #[test]
    fn nan_is_a_missing_value_only_in_lax_mode() {
        let b = batch(vec![
            ("provider_no", Arc::new(StringArray::from(vec!["P"; 3])) as ArrayRef),
            ("spec_no", Arc::new(Float64Array::from(vec![6901234567890.0, 2.0, 3.5]))),
            ("price", Arc::new(Float64Array::from(vec![f64::NAN, 1.25, f64::INFINITY]))),
        ]);
        let check = |lax: bool| {
            let opts = PlanOptions { lax, ..PlanOptions::default() };
            let errors = validate_input_with("purchase.ProviderGoods.upload", ArrowInput::new(vec![Ok(b.clone())].into_iter()), &opts).unwrap();
            errors.iter().map(|e| (crate::loc_to_string(&e.loc), e.kind.name())).collect::<Vec<_>>()
        };
        assert_eq!(
            check(false),
            vec![
                ("[0].spec_no".to_owned(), "string_type"),
                ("[0].price".to_owned(), "decimal_not_finite"),
                ("[1].spec_no".to_owned(), "string_type"),
                ("[2].spec_no".to_owned(), "string_type"),
                ("[2].price".to_owned(), "decimal_not_finite")
            ]
        );
        assert_eq!(check(true), vec![("[2].spec_no".to_owned(), "string_type"), ("[2].price".to_owned(), "decimal_not_finite")]);
    }
}
