//! Typed rows: the items of a query page, with each documented column in
//! its documented type instead of the text the platforms send.
//!
//! The platforms send almost everything as strings (`"rec_id": "17"`,
//! `"price": "20.0000"`). Each query operation declares a column → type
//! table ([`crate::Paging::row_types`]); a [`Row`] keeps the answer's field
//! order and holds one [`Typed`] value per field.
//!
//! Conversion rules (per [`RowType`]):
//!
//! | column type | accepted | becomes |
//! |---|---|---|
//! | `Int` | integer number or text (`"17"`), or decimal text with a zero fraction (`"0.0000"`, as the enterprise page sends its `int` column `hold_stock`) | [`Typed::Int`] |
//! | `Decimal` | plain decimal number or text (`"496.0000"`), scale kept | [`Typed::Decimal`] |
//! | `DateTime` | `yyyy-MM-dd HH:mm:ss` (Beijing time) or RFC 3339 | [`Typed::DateTime`] |
//! | `UnixSeconds` | integer number or text of Unix seconds | [`Typed::DateTime`] |
//! | `Str` | text, or a number (kept as its exact text) | [`Typed::Str`] |
//! | `Json` | anything | [`Typed::Json`] |
//!
//! "No value" sentinels become [`Typed::Null`] without a note: JSON `null`;
//! an empty string in an `Int`, `Decimal`, `DateTime` or `UnixSeconds`
//! column; MySQL's zero date `0000-00-00 00:00:00` / `0000-00-00` in a
//! `DateTime` column; `0` in a `UnixSeconds` column (YMCart writes `"0"` for
//! "not set").
//!
//! A value that does not parse as its documented type is **never dropped**:
//! it is kept as [`Typed::Str`] (or [`Typed::Json`] for arrays and objects)
//! and the page gets a note naming the column. Fields that are not in the
//! table pass through in their JSON type: strings stay [`Typed::Str`]
//! (never guessed into numbers), integers become [`Typed::Int`], other
//! numbers [`Typed::Decimal`] (exact, never a float), booleans
//! [`Typed::Bool`], arrays and objects [`Typed::Json`].
//!
//! ## For binding authors
//!
//! | `Typed` | Python | JavaScript |
//! |---|---|---|
//! | `Null` | `None` | `null` |
//! | `Bool` | `bool` | `boolean` |
//! | `Int` | `int` | `number` when within ±(2^53−1), else a decimal string (or `BigInt`) |
//! | `Decimal` | `decimal.Decimal(str(d))` | the decimal string (`"496.0000"`) |
//! | `Str` | `str` | `string` |
//! | `DateTime` | `datetime(…, tzinfo=timezone(timedelta(hours=8)))` from [`BeijingDateTime::naive`] | ISO string `"2019-01-03T17:29:34+08:00"` |
//! | `Json` | the decoded value | the value |
//!
//! [`Row`] serializes to a JSON object in field order, with decimals as
//! strings and datetimes as RFC 3339 strings with `+08:00`.

use crate::rules::{decimal_digits, parse_int_text};
use crate::time::BeijingDateTime;
use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::str::FromStr;

/// The documented type of a response column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RowType {
    /// Text (`varchar`, `char`, undocumented types).
    Str,
    /// An integer (`int`, `tinyint`, `smallint`, `bigint`).
    Int,
    /// A decimal such as `decimal(19,4)`: money, stock, weights.
    Decimal,
    /// A `yyyy-MM-dd HH:mm:ss` datetime in Beijing time.
    DateTime,
    /// Unix seconds (YMCart `create_time`), shown as a Beijing datetime.
    UnixSeconds,
    /// A nested structure kept as JSON (YMCart `sku`, `images`).
    Json,
}

impl RowType {
    /// `"str"`, `"int"`, `"decimal"`, `"datetime"`, `"unix_seconds"` or `"json"`.
    pub fn name(self) -> &'static str {
        match self {
            RowType::Str => "str",
            RowType::Int => "int",
            RowType::Decimal => "decimal",
            RowType::DateTime => "datetime",
            RowType::UnixSeconds => "unix_seconds",
            RowType::Json => "json",
        }
    }
}

/// One typed value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    /// No value.
    Null,
    /// A JSON boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An exact decimal; its scale is kept (`496.0000`).
    Decimal(Decimal),
    /// Text.
    Str(String),
    /// A Beijing date-time.
    DateTime(BeijingDateTime),
    /// Any other JSON value (arrays, objects, numbers no type fits).
    Json(Value),
}

impl Typed {
    /// The value as JSON: decimals as strings, datetimes as RFC 3339 with `+08:00`.
    pub fn to_json(&self) -> Value {
        match self {
            Typed::Null => Value::Null,
            Typed::Bool(b) => Value::Bool(*b),
            Typed::Int(i) => Value::from(*i),
            Typed::Decimal(d) => Value::String(d.to_string()),
            Typed::Str(s) => Value::String(s.clone()),
            Typed::DateTime(t) => Value::String(t.to_rfc3339()),
            Typed::Json(v) => v.clone(),
        }
    }

    /// A field that is not in the type table, in its JSON type (see the
    /// [module docs](self)).
    pub fn from_untyped(v: &Value) -> Typed {
        match v {
            Value::Null => Typed::Null,
            Value::Bool(b) => Typed::Bool(*b),
            Value::String(s) => Typed::Str(s.clone()),
            Value::Number(n) => {
                let text = n.as_str();
                if let Some(i) = parse_int_text(text) {
                    Typed::Int(i)
                } else if let Some(d) = plain_decimal(text) {
                    Typed::Decimal(d)
                } else {
                    Typed::Json(v.clone())
                }
            }
            Value::Array(_) | Value::Object(_) => Typed::Json(v.clone()),
        }
    }

    /// Converts a value to a column type; `Err` holds the value kept
    /// unconverted (`Str` or `Json`) when it does not parse.
    pub fn convert(v: &Value, ty: RowType) -> Result<Typed, Typed> {
        let kept = || match v {
            Value::String(s) => Typed::Str(s.clone()),
            Value::Number(n) => Typed::Str(n.as_str().to_owned()),
            other => Typed::Json(other.clone()),
        };
        if v.is_null() {
            return Ok(Typed::Null);
        }
        let text = match v {
            Value::String(s) => Some(s.trim()),
            Value::Number(n) => Some(n.as_str()),
            _ => None,
        };
        match ty {
            RowType::Json => Ok(Typed::Json(v.clone())),
            RowType::Str => match v {
                Value::String(s) => Ok(Typed::Str(s.clone())),
                Value::Number(n) => Ok(Typed::Str(n.as_str().to_owned())),
                Value::Bool(b) => Ok(Typed::Bool(*b)),
                other => Err(Typed::Json(other.clone())),
            },
            _ if text == Some("") => Ok(Typed::Null),
            RowType::Int => {
                let t = text.ok_or_else(kept)?;
                if let Some(i) = parse_int_text(t) {
                    return Ok(Typed::Int(i));
                }
                // "0.0000": an integer column sent with a zero fraction.
                match t.split_once('.') {
                    Some((whole, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => {
                        parse_int_text(whole).map(Typed::Int).ok_or_else(kept)
                    }
                    _ => Err(kept()),
                }
            }
            RowType::Decimal => text.and_then(plain_decimal).map(Typed::Decimal).ok_or_else(kept),
            RowType::DateTime => {
                let t = text.filter(|_| v.is_string()).ok_or_else(kept)?;
                if t == "0000-00-00 00:00:00" || t == "0000-00-00" {
                    return Ok(Typed::Null);
                }
                BeijingDateTime::parse(t).map(Typed::DateTime).ok_or_else(kept)
            }
            RowType::UnixSeconds => match text.and_then(parse_int_text) {
                Some(0) => Ok(Typed::Null),
                Some(secs) => BeijingDateTime::from_unix(secs).map(Typed::DateTime).ok_or_else(kept),
                None => Err(kept()),
            },
        }
    }
}

/// A plain decimal (`-?digits(.digits)?`) as an exact [`Decimal`]; `None`
/// for exponents, `NaN`, or more digits than a `Decimal` holds.
fn plain_decimal(text: &str) -> Option<Decimal> {
    decimal_digits(text).ok()?;
    Decimal::from_str(text).ok()
}

impl Serialize for Typed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Typed::Null => s.serialize_unit(),
            Typed::Bool(b) => s.serialize_bool(*b),
            Typed::Int(i) => s.serialize_i64(*i),
            Typed::Decimal(d) => s.serialize_str(&d.to_string()),
            Typed::Str(t) => s.serialize_str(t),
            Typed::DateTime(t) => t.serialize(s),
            Typed::Json(v) => v.serialize(s),
        }
    }
}

/// One row of a page: `(field, value)` pairs in the answer's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    fields: Vec<(String, Typed)>,
}

impl Row {
    /// A row from its fields, in order.
    pub fn new(fields: Vec<(String, Typed)>) -> Row {
        Row { fields }
    }

    /// The value of a field.
    pub fn get(&self, name: &str) -> Option<&Typed> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The fields in order.
    pub fn fields(&self) -> &[(String, Typed)] {
        &self.fields
    }

    /// Iterates over `(field, value)` in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Typed)> {
        self.fields.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// True for a row without fields.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The fields, owned.
    pub fn into_fields(self) -> Vec<(String, Typed)> {
        self.fields
    }

    /// The row as a JSON object (see [`Typed::to_json`]).
    pub fn to_json(&self) -> Value {
        Value::Object(self.fields.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.fields.len()))?;
        for (k, v) in &self.fields {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Values of one column that did not parse on one page, summarized as one note.
struct Mismatch {
    field: String,
    ty: RowType,
    count: usize,
    first_row: usize,
    first_value: String,
}

/// Types the rows of one page and collects one note per column whose
/// values did not all parse.
pub(crate) struct RowTyper<'t> {
    types: &'t [(&'static str, RowType)],
    mismatches: Vec<Mismatch>,
}

impl<'t> RowTyper<'t> {
    pub(crate) fn new(types: &'t [(&'static str, RowType)]) -> Self {
        RowTyper { types, mismatches: Vec::new() }
    }

    fn type_of(&self, field: &str) -> Option<RowType> {
        self.types.iter().find(|(k, _)| *k == field).map(|(_, t)| *t)
    }

    /// Types one row (`row` is its position on the page, for notes).
    pub(crate) fn row(&mut self, row: usize, map: Map<String, Value>) -> Row {
        let mut fields = Vec::with_capacity(map.len());
        for (k, v) in map {
            let typed = match self.type_of(&k) {
                None => Typed::from_untyped(&v),
                Some(ty) => match Typed::convert(&v, ty) {
                    Ok(t) => t,
                    Err(kept) => {
                        self.mismatch(&k, ty, row, &v);
                        kept
                    }
                },
            };
            fields.push((k, typed));
        }
        Row { fields }
    }

    fn mismatch(&mut self, field: &str, ty: RowType, row: usize, v: &Value) {
        if let Some(m) = self.mismatches.iter_mut().find(|m| m.field == field) {
            m.count += 1;
            return;
        }
        let mut shown = v.to_string();
        if shown.chars().count() > 60 {
            shown = shown.chars().take(60).collect::<String>() + "…";
        }
        self.mismatches.push(Mismatch { field: field.to_owned(), ty, count: 1, first_row: row, first_value: shown });
    }

    /// One note per column with values that did not parse.
    pub(crate) fn notes(self) -> Vec<String> {
        self.mismatches
            .into_iter()
            .map(|m| {
                format!(
                    "field {:?}: {} value(s) did not parse as {}, kept unconverted (first at row {}: {}) / 字段{}有{}个值无法按{}解析，已原样保留",
                    m.field,
                    m.count,
                    m.ty.name(),
                    m.first_row,
                    m.first_value,
                    m.field,
                    m.count,
                    m.ty.name()
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dec(s: &str) -> Typed {
        Typed::Decimal(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn columns_convert_to_their_documented_types() {
        assert_eq!(Typed::convert(&json!("17"), RowType::Int), Ok(Typed::Int(17)));
        assert_eq!(Typed::convert(&json!(17), RowType::Int), Ok(Typed::Int(17)));
        assert_eq!(Typed::convert(&json!("0.0000"), RowType::Int), Ok(Typed::Int(0)));
        assert_eq!(Typed::convert(&json!("-3.00"), RowType::Int), Ok(Typed::Int(-3)));
        assert_eq!(Typed::convert(&json!("1.5"), RowType::Int), Err(Typed::Str("1.5".into())));
        assert_eq!(Typed::convert(&json!("99999999999999999999"), RowType::Int), Err(Typed::Str("99999999999999999999".into())));
        assert_eq!(Typed::convert(&json!("496.0000"), RowType::Decimal), Ok(dec("496.0000")));
        assert_eq!(Typed::convert(&json!(0.1), RowType::Decimal), Ok(dec("0.1")));
        assert_eq!(Typed::convert(&json!("1e5"), RowType::Decimal), Err(Typed::Str("1e5".into())));
        assert_eq!(Typed::convert(&json!("abc"), RowType::Decimal), Err(Typed::Str("abc".into())));
        assert_eq!(Typed::convert(&json!([1]), RowType::Decimal), Err(Typed::Json(json!([1]))));
        let t = BeijingDateTime::parse("2019-01-03 17:29:34").unwrap();
        assert_eq!(Typed::convert(&json!("2019-01-03 17:29:34"), RowType::DateTime), Ok(Typed::DateTime(t)));
        assert_eq!(Typed::convert(&json!("0000-00-00 00:00:00"), RowType::DateTime), Ok(Typed::Null));
        assert_eq!(Typed::convert(&json!(""), RowType::DateTime), Ok(Typed::Null));
        assert_eq!(Typed::convert(&json!("2019-02-30 00:00:00"), RowType::DateTime), Err(Typed::Str("2019-02-30 00:00:00".into())));
        assert_eq!(Typed::convert(&json!(1546507774), RowType::DateTime), Err(Typed::Str("1546507774".into())));
        assert_eq!(Typed::convert(&json!("1546507774"), RowType::UnixSeconds), Ok(Typed::DateTime(t)));
        assert_eq!(Typed::convert(&json!("0"), RowType::UnixSeconds), Ok(Typed::Null));
        assert_eq!(Typed::convert(&json!(127), RowType::Str), Ok(Typed::Str("127".into())));
        assert_eq!(Typed::convert(&json!({"a": 1}), RowType::Str), Err(Typed::Json(json!({"a": 1}))));
        assert_eq!(Typed::convert(&json!(null), RowType::Int), Ok(Typed::Null));
        assert_eq!(Typed::convert(&json!([1, 2]), RowType::Json), Ok(Typed::Json(json!([1, 2]))));
    }

    #[test]
    fn unknown_fields_keep_their_json_type() {
        assert_eq!(Typed::from_untyped(&json!("17")), Typed::Str("17".into()));
        assert_eq!(Typed::from_untyped(&json!(17)), Typed::Int(17));
        assert_eq!(Typed::from_untyped(&json!(2.50)), dec("2.50"));
        assert_eq!(Typed::from_untyped(&json!(1.0)), dec("1.0"));
        assert_eq!(Typed::from_untyped(&json!(true)), Typed::Bool(true));
        assert_eq!(Typed::from_untyped(&json!(null)), Typed::Null);
    }

    #[test]
    fn rows_serialize_with_decimal_strings_and_offset_datetimes() {
        let mut typer = RowTyper::new(&[("rec_id", RowType::Int), ("price", RowType::Decimal), ("modified", RowType::DateTime)]);
        let map = json!({"rec_id": "17", "price": "20.0000", "modified": "2019-01-03 17:29:34", "extra": "x"});
        let row = typer.row(0, map.as_object().unwrap().clone());
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"rec_id":17,"price":"20.0000","modified":"2019-01-03T17:29:34+08:00","extra":"x"}"#
        );
        assert_eq!(row.to_json(), serde_json::from_str::<Value>(&serde_json::to_string(&row).unwrap()).unwrap());
        assert!(typer.notes().is_empty());
    }

    #[test]
    fn bad_values_are_kept_and_noted_once_per_column() {
        let mut typer = RowTyper::new(&[("price", RowType::Decimal)]);
        let a = typer.row(0, json!({"price": "n/a"}).as_object().unwrap().clone());
        let b = typer.row(1, json!({"price": "n/b"}).as_object().unwrap().clone());
        assert_eq!(a.get("price"), Some(&Typed::Str("n/a".into())));
        assert_eq!(b.get("price"), Some(&Typed::Str("n/b".into())));
        let notes = typer.notes();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("field \"price\": 2 value(s) did not parse as decimal"), "{}", notes[0]);
        assert!(notes[0].contains("row 0: \"n/a\""));
    }
}
