//! A reader for the text `JSON.stringify` writes, straight from its UTF-16
//! code units into the core's values (`serde_json::Value`, the same numbers,
//! key order and strings serde_json would give), for the fast path (`fast`).
//!
//! Why not serde_json on UTF-8: the JS string would first be transcoded to
//! UTF-8 (by Node or by napi) only for serde_json to validate it again, and
//! serde_json grows every object map key by key. Here each string is
//! transcoded once, straight into its own exactly-sized `String`, and each
//! object's map is built at its final size.
//!
//! While reading it also computes each item's fingerprint (`fast`) and
//! notes what the walker must handle instead: a lone surrogate (which
//! `JSON.stringify` writes as a `\uDXXX` escape) in a key or a string, and a
//! number not written as the walker would write it. Any syntax error or
//! nesting deeper than the JS check allows rejects the whole text (every
//! item then takes the walker). Never panics.

use crate::convert::{number_text, safe_integer};
use serde_json::{Map, Number, Value};

/// Containers deeper than this reject the text (the JS check lets no item
/// nest deeper than `MAX_DEPTH`; the payload list adds one level).
const MAX_NESTING: usize = skuwire::MAX_DEPTH + 2;

/// One item as read: its value, its fingerprint, and whether the fast path
/// may take it (`false`: a lone surrogate or a number the walker would
/// write differently).
pub struct Item {
    pub value: Value,
    pub hash: i32,
    pub clean: bool,
}

/// Kind codes of the fingerprint (`fastpath.js` uses the same).
pub const NULL: i32 = 1;
pub const BOOL: i32 = 2;
pub const NUMBER: i32 = 3;
pub const STRING: i32 = 4;
pub const ARRAY: i32 = 5;
pub const OBJECT: i32 = 6;

/// One step of the fingerprint, as `fastpath.js` computes it:
/// `h = (Math.imul(h, 31) + code) | 0`.
#[inline]
pub fn step(h: i32, code: i32) -> i32 {
    h.wrapping_mul(31).wrapping_add(code)
}

struct Reader<'a> {
    s: &'a [u16],
    pos: usize,
    hash: i32,
    clean: bool,
    /// Entries of the objects being read, reused across objects.
    entries: Vec<(String, Value)>,
    /// Bytes of the string being read, reused across strings.
    buf: Vec<u8>,
}

/// Reads a JSON list; `None` when the text is not one (a syntax error, or
/// nesting beyond what the check allows).
pub fn read_list(s: &[u16]) -> Option<Vec<Item>> {
    let mut r = Reader::new(s);
    r.expect(b'[')?;
    let mut out = Vec::new();
    if r.peek() == Some(u16::from(b']')) {
        r.pos += 1;
    } else {
        loop {
            out.push(r.item()?);
            match r.next()? {
                c if c == u16::from(b',') => continue,
                c if c == u16::from(b']') => break,
                _ => return None,
            }
        }
    }
    (r.pos == s.len()).then_some(out)
}

/// Reads one JSON value (a lone payload); `None` as for [`read_list`].
pub fn read_one(s: &[u16]) -> Option<Item> {
    let mut r = Reader::new(s);
    let item = r.item()?;
    (r.pos == s.len()).then_some(item)
}

impl<'a> Reader<'a> {
    fn new(s: &'a [u16]) -> Self {
        Reader { s, pos: 0, hash: 0, clean: true, entries: Vec::new(), buf: Vec::new() }
    }

    fn item(&mut self) -> Option<Item> {
        self.hash = 0;
        self.clean = true;
        let value = self.value(1)?;
        Some(Item { value, hash: self.hash, clean: self.clean })
    }

    #[inline]
    fn peek(&self) -> Option<u16> {
        self.s.get(self.pos).copied()
    }

    #[inline]
    fn next(&mut self) -> Option<u16> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.next()? == u16::from(b)).then_some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(word.len())?;
        let got = self.s.get(self.pos..end)?;
        if got.iter().zip(word).all(|(&a, &b)| a == u16::from(b)) {
            self.pos = end;
            Some(())
        } else {
            None
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        match u8::try_from(self.peek()?).ok()? {
            b'"' => {
                self.hash = step(self.hash, STRING);
                Some(Value::String(self.string()?))
            }
            b'{' => {
                if depth > MAX_NESTING {
                    return None;
                }
                self.object(depth)
            }
            b'[' => {
                if depth > MAX_NESTING {
                    return None;
                }
                self.array(depth)
            }
            b'n' => {
                self.literal(b"null")?;
                self.hash = step(self.hash, NULL);
                Some(Value::Null)
            }
            b't' => {
                self.literal(b"true")?;
                self.hash = step(self.hash, BOOL);
                Some(Value::Bool(true))
            }
            b'f' => {
                self.literal(b"false")?;
                self.hash = step(self.hash, BOOL);
                Some(Value::Bool(false))
            }
            b'-' | b'0'..=b'9' => {
                self.hash = step(self.hash, NUMBER);
                self.number()
            }
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Option<Value> {
        self.pos += 1; // '['
        self.hash = step(self.hash, ARRAY);
        let mut items = Vec::new();
        if self.peek() == Some(u16::from(b']')) {
            self.pos += 1;
        } else {
            loop {
                items.push(self.value(depth + 1)?);
                match self.next()? {
                    c if c == u16::from(b',') => continue,
                    c if c == u16::from(b']') => break,
                    _ => return None,
                }
            }
        }
        self.hash = step(self.hash, items.len() as i32);
        Some(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Option<Value> {
        self.pos += 1; // '{'
        self.hash = step(self.hash, OBJECT);
        let base = self.entries.len();
        if self.peek() == Some(u16::from(b'}')) {
            self.pos += 1;
        } else {
            loop {
                if self.peek()? != u16::from(b'"') {
                    return None;
                }
                let key = self.string()?;
                self.expect(b':')?;
                let v = self.value(depth + 1)?;
                self.entries.push((key, v));
                match self.next()? {
                    c if c == u16::from(b',') => continue,
                    c if c == u16::from(b'}') => break,
                    _ => return None,
                }
            }
        }
        let n = self.entries.len() - base;
        let mut map = Map::with_capacity(n);
        for (k, v) in self.entries.drain(base..) {
            map.insert(k, v);
        }
        // The count of distinct keys: a repeated key (never written by
        // JSON.stringify) makes the fingerprint differ.
        self.hash = step(self.hash, map.len() as i32);
        Some(Value::Object(map))
    }

    /// A string (at its opening quote), transcoded to UTF-8. A lone
    /// surrogate becomes U+FFFD and marks the item unclean.
    fn string(&mut self) -> Option<String> {
        self.pos += 1; // '"'
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let done = self.string_into(&mut buf);
        let out = done.map(|()| {
            // SAFETY: `buf` is valid UTF-8 by construction: `string_into`
            // pushes only ASCII bytes (a run below 0x80, an escape's byte)
            // and `char::encode_utf8` output (`code_unit`).
            unsafe { String::from_utf8_unchecked(buf.clone()) }
        });
        self.buf = buf;
        out
    }

    fn string_into(&mut self, buf: &mut Vec<u8>) -> Option<()> {
        loop {
            // A run of plain ASCII: copied byte by byte without escapes.
            let start = self.pos;
            let rest = self.s.get(start..)?;
            let run = rest.iter().position(|&c| !(0x20..0x80).contains(&c) || c == u16::from(b'"') || c == u16::from(b'\\')).unwrap_or(rest.len());
            buf.extend(rest[..run].iter().map(|&c| c as u8));
            self.pos += run;
            let c = self.next()?;
            match c {
                0x22 => return Some(()), // '"'
                0x5C => {
                    // '\\'
                    let e = self.next()?;
                    let b = match u8::try_from(e).ok()? {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0C,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let u = self.hex4()?;
                            self.code_unit(u, true, buf)?;
                            continue;
                        }
                        _ => return None,
                    };
                    buf.push(b);
                }
                0x00..=0x1F => return None, // JSON.stringify escapes controls
                _ => self.code_unit(c, false, buf)?,
            }
        }
    }

    /// Appends the character starting with UTF-16 unit `u` (reading its low
    /// half when it is a high surrogate, escaped like `u` or not).
    fn code_unit(&mut self, u: u16, escaped: bool, buf: &mut Vec<u8>) -> Option<()> {
        let ch = match u {
            0xD800..=0xDBFF => {
                let low = if escaped { self.escaped_low() } else { self.raw_low() };
                match low {
                    Some(lo) => 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(lo) - 0xDC00),
                    None => {
                        self.clean = false;
                        0xFFFD
                    }
                }
            }
            0xDC00..=0xDFFF => {
                self.clean = false;
                0xFFFD
            }
            _ => u32::from(u),
        };
        let ch = char::from_u32(ch)?;
        let mut tmp = [0u8; 4];
        buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
        Some(())
    }

    /// A raw low surrogate next, consumed.
    fn raw_low(&mut self) -> Option<u16> {
        let lo = self.peek().filter(|c| (0xDC00..=0xDFFF).contains(c))?;
        self.pos += 1;
        Some(lo)
    }

    /// An escaped low surrogate (`\uDC00`–`\uDFFF`) next, consumed.
    fn escaped_low(&mut self) -> Option<u16> {
        let save = self.pos;
        if self.next() == Some(u16::from(b'\\')) && self.next() == Some(u16::from(b'u')) {
            if let Some(lo) = self.hex4().filter(|c| (0xDC00..=0xDFFF).contains(c)) {
                return Some(lo);
            }
        }
        self.pos = save;
        None
    }

    fn hex4(&mut self) -> Option<u16> {
        let mut v = 0u16;
        for _ in 0..4 {
            let d = char::from_u32(u32::from(self.next()?))?.to_digit(16)?;
            v = (v << 4) | d as u16;
        }
        Some(v)
    }

    /// A number: its exact text (as serde_json keeps it); unclean when it
    /// is not the text the walker would make of the JS number.
    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(u8::try_from(c), Ok(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')) {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text: String = self.s[start..self.pos].iter().map(|&c| c as u8 as char).collect();
        let n: Number = text.parse().ok()?;
        if !as_walker_writes(&text) {
            self.clean = false;
        }
        Some(Value::Number(n))
    }
}

/// Whether `text` (a number as `JSON.stringify` wrote it) is exactly what
/// the walker makes of that JS number: a safe integer, or the shortest
/// plain form of a finite fraction (`convert::number_text`).
pub fn as_walker_writes(text: &str) -> bool {
    let b = text.as_bytes();
    if b.iter().all(|&c| c.is_ascii_digit() || c == b'-') {
        return safe_integer(text).is_some_and(|i| i.to_string() == text);
    }
    match text.parse::<f64>() {
        Ok(n) => number_text(n).is_ok_and(|t| t == text),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16s(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"[{"a":"x","b":[1,-2,0.5,true,false,null],"c":{"d":"店铺\n\t\"\\/\u0001😀"},"10":1,"2":{}},[],"",{}]"#,
            r#"[{"k":"\u00e9\ud83d\ude00","é":"\b\f\r"}]"#,
        ] {
            let ours: Vec<Value> = read_list(&u16s(text)).unwrap().into_iter().map(|i| i.value).collect();
            let theirs: Vec<Value> = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&theirs).unwrap(), "{text}");
        }
        assert_eq!(read_one(&u16s(r#"{"a":[1]}"#)).unwrap().value, serde_json::json!({"a": [1]}));
    }

    #[test]
    fn lone_surrogates_and_foreign_numbers_mark_the_item() {
        let items = read_list(&u16s(r#"[{"a":"\ud800"},{"\udc00":1},{"a":"\ud83d\ude00"},{"a":1e-7},{"a":9007199254740992},{"a":0.1}]"#)).unwrap();
        let clean: Vec<bool> = items.iter().map(|i| i.clean).collect();
        assert_eq!(clean, [false, false, true, false, false, true]);
        // A raw lone surrogate (not written by JSON.stringify, but possible in UTF-16).
        let mut raw = u16s(r#"["x"]"#);
        raw[2] = 0xD800;
        assert!(!read_list(&raw).unwrap()[0].clean);
    }

    #[test]
    fn bad_text_is_refused_not_guessed() {
        for bad in ["", "[", "[1,]", "[1 ]", "[1]x", "{\"a\":1}", "[\"a\u{1}\"]", "[\"\\x\"]", "[\"\\u12\"]", "[tru]", "[{\"a\" :1}]", "[{1:2}]", "[1e]", "[--1]"] {
            assert!(read_list(&u16s(bad)).is_none(), "{bad:?}");
        }
        let deep = format!("[{}{}]", "[".repeat(MAX_NESTING + 1), "]".repeat(MAX_NESTING + 1));
        assert!(read_list(&u16s(&deep)).is_none());
    }

    #[test]
    fn the_fingerprint_follows_kinds_and_sizes_in_order() {
        let item = read_one(&u16s(r#"{"a":[1,"x",null],"b":{"c":true}}"#)).unwrap();
        let mut h = 0;
        for code in [OBJECT, ARRAY, NUMBER, STRING, NULL, 3, OBJECT, BOOL, 1, 2] {
            h = step(h, code);
        }
        assert_eq!(item.hash, h);
        let swapped = read_one(&u16s(r#"{"a":["x",1,null],"b":{"c":true}}"#)).unwrap();
        assert_ne!(swapped.hash, item.hash);
    }

    #[test]
    fn only_the_walkers_number_text_passes() {
        for ok in ["0", "12", "-7", "9007199254740991", "-9007199254740991", "0.1", "59.9", "0.000001", "-1.5", "123456.789"] {
            assert!(as_walker_writes(ok), "{ok}");
        }
        for bad in ["9007199254740992", "1e21", "1e-7", "1E3", "-0", "01", "1.50", "0.10", "1.0", "", "-", "1.7976931348623157e308"] {
            assert!(!as_walker_writes(bad), "{bad}");
        }
    }
}
