//! Arguments of the API itself (not payload values) that every host reads
//! the same way: the rule lives here once, the hosts only hand the value
//! over as an [`Input`].

use crate::error::{Error, ErrorRecord, ErrorType, LocItem, ValidationErrors};
use crate::input::{number_value, Head, Input};
use crate::rules::int_text_saturating;
use serde_json::Value;

/// Reads an HTTP status (the answer's, for [`crate::Batch::parse`]): an
/// integer from 0 to 65535. Anything else is a validation error of
/// `context` (the call, e.g. `Batch.parse`) with one record at `["status"]`:
/// `int_type` for a value of another type (a string, a float, `true`,
/// `null`, a list, a host type), `int_out_of_range` for an integer outside
/// the range, or the host's own record for a value it could not read (NaN,
/// a lone surrogate, an integer a JS number cannot hold exactly).
pub fn http_status<I: Input>(input: I, context: &str) -> Result<u16, I::Error> {
    integer_in(input, "status", context, i64::from(u16::MIN), i64::from(u16::MAX)).map(|n| n as u16)
}

/// Reads an integer argument `name` of `context` within `min..=max`, with
/// the records [`http_status`] gives (located at `[name]`).
pub fn integer_in<I: Input>(input: I, name: &str, context: &str, min: i64, max: i64) -> Result<i64, I::Error> {
    let n = integer(input, name, context)?;
    if n < min || n > max {
        let rec = ErrorRecord::new(ErrorType::IntOutOfRange, vec![LocItem::Key(name.to_owned())], Value::from(n)).with("min", min).with("max", max);
        return Err(Error::from(ValidationErrors { op: context.to_owned(), errors: vec![rec] }).into());
    }
    Ok(n)
}

/// Reads an integer argument `name` of `context` (an integer too big for
/// i64 saturates, so a range check reports it out of range).
pub fn integer<I: Input>(mut input: I, name: &str, context: &str) -> Result<i64, I::Error> {
    let loc = || vec![LocItem::Key(name.to_owned())];
    let fail = |rec: ErrorRecord| -> I::Error { Error::from(ValidationErrors { op: context.to_owned(), errors: vec![rec] }).into() };
    let notes = input.notes(None);
    if !notes.is_empty() {
        let errors = notes.into_iter().map(|e| e.prefixed(&loc())).collect();
        return Err(Error::from(ValidationErrors { op: context.to_owned(), errors }).into());
    }
    let head = input.value()?;
    let text = match head {
        Head::Number(n) => n.to_owned(),
        Head::Bad(p) if !matches!(p, crate::input::Problem::Unsupported(_)) => {
            let rec = p.record(loc());
            input.located(&rec);
            return Err(fail(rec));
        }
        Head::Bad(_) => {
            input.located(&ErrorRecord::new(ErrorType::IntType, loc(), Value::Null));
            return Err(fail(ErrorRecord::new(ErrorType::IntType, loc(), Value::Null)));
        }
        Head::Null => return Err(fail(ErrorRecord::new(ErrorType::IntType, loc(), Value::Null))),
        Head::Bool(b) => return Err(fail(ErrorRecord::new(ErrorType::IntType, loc(), Value::Bool(b)))),
        Head::Str(s) => return Err(fail(ErrorRecord::new(ErrorType::IntType, loc(), Value::String(s.to_owned())))),
        Head::List | Head::Object => {
            let list = matches!(head, Head::List);
            let (value, _) = crate::walk::read_rest_whole(&mut input, list)?;
            return Err(fail(ErrorRecord::new(ErrorType::IntType, loc(), value)));
        }
    };
    match int_text_saturating(&text) {
        None => Err(fail(ErrorRecord::new(ErrorType::IntType, loc(), number_value(&text)))),
        Some(n) => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ValueInput;
    use serde_json::json;

    #[test]
    fn a_status_is_an_integer_from_0_to_65535() {
        let status = |v: Value| http_status(ValueInput::new(&v), "parse").map_err(|e| match e {
            Error::Validation(v) => (v.errors[0].kind, v.errors[0].input.clone(), v.errors[0].loc.clone()),
            other => panic!("{other}"),
        });
        assert_eq!(status(json!(200)), Ok(200));
        assert_eq!(status(json!(0)), Ok(0));
        assert_eq!(status(json!(65535)), Ok(65535));
        let loc = vec![LocItem::Key("status".into())];
        assert_eq!(status(json!(65536)), Err((ErrorType::IntOutOfRange, json!(65536), loc.clone())));
        assert_eq!(status(json!(-1)), Err((ErrorType::IntOutOfRange, json!(-1), loc.clone())));
        assert_eq!(status(json!("200")), Err((ErrorType::IntType, json!("200"), loc.clone())));
        assert_eq!(status(json!(200.5)), Err((ErrorType::IntType, json!(200.5), loc.clone())));
        assert_eq!(status(json!(true)), Err((ErrorType::IntType, json!(true), loc.clone())));
        assert_eq!(status(json!([200])), Err((ErrorType::IntType, json!([200]), loc.clone())));
        assert_eq!(status(Value::Null), Err((ErrorType::IntType, Value::Null, loc)));
    }
}
