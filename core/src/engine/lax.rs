//! Lax mode ([`crate::PlanOptions::lax`]): values as databases and
//! DataFrames hand them over, read as the user meant them — and nothing
//! more. It follows pydantic's lax mode where that applies:
//!
//! * a host's missing-value marker (NaN, NaT, `pandas.NA`: [`crate::Problem::Missing`])
//!   is "not given", as `null` is;
//! * an integral number (`12.0`, `1.2e3`) in an integer field is that integer;
//! * an integral number in a string field is its decimal text (numeric
//!   barcodes and codes; pydantic's `coerce_numbers_to_str`, for integers only);
//! * a number written with an exponent in a decimal field is read in plain
//!   form, exactly (`1.5e2` → `150`): a float's shortest round-trip text is
//!   what the hosts hand over, so a float such as `0.1 + 0.2` keeps all its
//!   digits and is refused when they do not fit — never rounded to fit.
//!
//! Everything else is refused exactly as in the default (strict-typed) mode.

use crate::rules::FieldKind;

/// Exponents beyond this are left alone (and refused as before): their plain
/// form would not fit any field.
const MAX_EXPONENT: i64 = 400;

/// JSON number text in plain positional form (`1.5e2` → `150`, `-1E-3` →
/// `-0.001`), exactly; `None` when it has no exponent (already plain) or is
/// not number text.
pub(crate) fn plain(text: &str) -> Option<String> {
    let (mantissa, exp) = text.split_once(['e', 'E'])?;
    let exp: i64 = exp.strip_prefix('+').unwrap_or(exp).parse().ok()?;
    if exp.abs() > MAX_EXPONENT {
        return None;
    }
    let (negative, m) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let (whole, frac) = m.split_once('.').unwrap_or((m, ""));
    if whole.is_empty() || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All digits, and where the point falls in them.
    let digits: String = format!("{whole}{frac}");
    let point = whole.len() as i64 + exp;
    let mut out = String::with_capacity(digits.len() + exp.unsigned_abs() as usize + 3);
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    Some(trim_whole(out))
}

/// Leading zeros of the whole part removed (`007.5` → `7.5`, `-00` → `-0`).
fn trim_whole(s: String) -> String {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s.as_str()),
    };
    let whole_len = body.find('.').unwrap_or(body.len());
    let zeros = body[..whole_len].bytes().take_while(|&b| b == b'0').count().min(whole_len - 1);
    if zeros == 0 {
        return s;
    }
    format!("{sign}{}", &body[zeros..])
}

/// The integer a JSON number's text stands for, as `-?digits` without
/// leading zeros (`12.0` → `12`, `1.2e3` → `1200`, `-0.0` → `0`); `None`
/// when it has a fractional part or is not number text.
pub(crate) fn integral(text: &str) -> Option<String> {
    let owned;
    let text = match plain(text) {
        Some(p) => {
            owned = p;
            owned.as_str()
        }
        None => text,
    };
    let (negative, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    let digits = whole.trim_start_matches('0');
    Some(match (digits.is_empty(), negative) {
        (true, _) => "0".to_owned(),
        (false, true) => format!("-{digits}"),
        (false, false) => digits.to_owned(),
    })
}

/// What lax mode makes of a number given to a field of `kind`: the new text
/// and whether it is now a string; `None` when it stays as it is (then the
/// strict rules decide).
pub(crate) fn number(kind: &FieldKind, text: &str) -> Option<(String, bool)> {
    match kind {
        FieldKind::Str { .. } | FieldKind::StrEnum(_) => integral(text).map(|t| (t, true)),
        FieldKind::Int { .. } | FieldKind::IntEnum(_) | FieldKind::BitFlags(_) => {
            if crate::rules::int_text_saturating(text).is_some() {
                return None;
            }
            integral(text).map(|t| (t, false))
        }
        FieldKind::Decimal { .. } => plain(text).map(|t| (t, false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_forms_are_exact() {
        for (given, want) in [
            ("1.5e2", Some("150")),
            ("1E+21", Some("1000000000000000000000")),
            ("-1e-3", Some("-0.001")),
            ("1.25e1", Some("12.5")),
            ("0.5e1", Some("5")),
            ("00.5e0", Some("0.5")),
            ("12e-1", Some("1.2")),
            ("1.2", None),
            ("1e999", None),
            ("x1e2", None),
        ] {
            assert_eq!(plain(given).as_deref(), want, "{given}");
        }
    }

    #[test]
    fn integral_numbers() {
        for (given, want) in [
            ("12.0", Some("12")),
            ("12", Some("12")),
            ("-0.0", Some("0")),
            ("1.2e3", Some("1200")),
            ("6901234567890.0", Some("6901234567890")),
            ("007", Some("7")),
            ("12.5", None),
            ("1e-1", None),
            ("abc", None),
        ] {
            assert_eq!(integral(given).as_deref(), want, "{given}");
        }
    }
}
