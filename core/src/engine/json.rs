//! JSON text in, with the one check serde_json leaves out: a key repeated
//! in one object. JSON parsers disagree on which twin wins (serde_json and
//! Python keep the last, some keep the first), so a repeated key is
//! reported instead of silently dropping a value.

use crate::error::{ErrorRecord, ErrorType, LocItem};
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// serde_json's `arbitrary_precision` hands a number to a visitor as a
/// one-entry map under this key, holding the number's exact text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Parses JSON text into a value exactly as `serde_json` would (numbers keep
/// their text, keys their order) and reports every repeated key, located by
/// its path. A twin's value is the last one, as serde_json keeps it.
pub fn parse_with_duplicates(text: &[u8]) -> Result<(Value, Vec<ErrorRecord>), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(text);
    let mut state = State { path: Vec::new(), found: Vec::new() };
    let value = Seed(&mut state).deserialize(&mut de)?;
    de.end()?;
    Ok((value, state.found))
}

/// True for serde_json's "too deeply nested" error (its recursion limit).
pub fn is_recursion_limit(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("recursion limit exceeded")
}

/// Without recursion: the byte ranges of a top-level array's elements and
/// how deep each nests (a scalar is 0). `None` when the text is not an array
/// or its brackets do not balance. Used only when serde_json refuses a text
/// for its nesting, to keep the shallow neighbours of one too-deep item.
pub fn split_top_level_array(text: &[u8]) -> Option<Vec<(std::ops::Range<usize>, usize)>> {
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    if text[start] != b'[' {
        return None;
    }
    let (mut out, mut depth, mut max, mut in_str, mut escaped) = (Vec::new(), 0usize, 0usize, false, false);
    let mut elem_start: Option<usize> = None;
    for (i, &b) in text.iter().enumerate().skip(start) {
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_str = true;
                elem_start.get_or_insert(i);
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > 1 {
                    elem_start.get_or_insert(i);
                    max = max.max(depth - 1);
                }
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    if let Some(s0) = elem_start.take() {
                        out.push((s0..i, max));
                    }
                    return text[i + 1..].iter().all(u8::is_ascii_whitespace).then_some(out);
                }
            }
            b',' if depth == 1 => {
                out.push((elem_start.take()?..i, max));
                max = 0;
            }
            b if b.is_ascii_whitespace() => {}
            _ => {
                elem_start.get_or_insert(i);
            }
        }
    }
    None
}

struct State {
    path: Vec<LocItem>,
    found: Vec<ErrorRecord>,
}

struct Seed<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor(self.0))
    }
}

struct ValueVisitor<'s>(&'s mut State);

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            self.0.path.push(LocItem::Index(out.len()));
            let next = seq.next_element_seed(Seed(self.0));
            self.0.path.pop();
            match next? {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if first && key == NUMBER_TOKEN {
                let text: String = map.next_value()?;
                return text.parse::<Number>().map(Value::Number).map_err(A::Error::custom);
            }
            first = false;
            self.0.path.push(LocItem::Key(key.clone()));
            let value = map.next_value_seed(Seed(self.0));
            self.0.path.pop();
            let value = value?;
            if out.contains_key(&key) {
                let mut loc = self.0.path.clone();
                loc.push(LocItem::Key(key.clone()));
                self.0.found.push(ErrorRecord::new(ErrorType::JsonDuplicateKey, loc, value.clone()).with("key", key.as_str()));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_serde_json_exactly() {
        for text in [
            r#"{"a":1.10,"b":[-0,1e400,"x"],"c":{"d":null,"e":true},"f":123456789012345678901234567890}"#,
            r#"[]"#,
            r#""plain""#,
        ] {
            let (ours, dups) = parse_with_duplicates(text.as_bytes()).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
            assert!(dups.is_empty());
        }
    }

    #[test]
    fn repeated_keys_are_reported_where_they_are() {
        let (v, dups) = parse_with_duplicates(br#"[{"goods_no":"A","spec_list":[{"spec_no":"x","spec_no":"y"}],"goods_no":"B"}]"#).unwrap();
        assert_eq!(v[0]["goods_no"], "B");
        let locs: Vec<String> = dups.iter().map(|e| crate::loc_to_string(&e.loc)).collect();
        assert_eq!(locs, ["[0].spec_list[0].spec_no", "[0].goods_no"]);
        assert_eq!(dups[1].ctx["key"], "goods_no");
        assert!(parse_with_duplicates(b"{\"a\":1,}").is_err());
        // serde_json's private number token is refused the same way it is.
        let token = br#"{"$serde_json::private::Number":"x"}"#;
        assert!(serde_json::from_slice::<Value>(token).is_err() && parse_with_duplicates(token).is_err());
        assert!(parse_with_duplicates(b"[1] 2").is_err());
    }

    #[test]
    fn top_level_elements_are_split_with_their_depths() {
        let text = br#" [ 1, "a,]\"[" , {"k":[[2]]}, [] ] "#;
        let parts = split_top_level_array(text).unwrap();
        let shown: Vec<(&str, usize)> = parts.iter().map(|(r, d)| (std::str::from_utf8(&text[r.clone()]).unwrap().trim(), *d)).collect();
        assert_eq!(shown, [("1", 0), (r#""a,]\"[""#, 0), (r#"{"k":[[2]]}"#, 3), ("[]", 1)]);
        assert_eq!(split_top_level_array(b"[]").unwrap(), vec![]);
        assert!(split_top_level_array(b"{}").is_none());
        assert!(split_top_level_array(b"[1,").is_none());
        assert!(split_top_level_array(b"[1]]").is_none());
    }
}
