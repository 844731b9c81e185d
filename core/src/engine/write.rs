//! The JSON writer: compact JSON, byte for byte what `serde_json::to_writer`
//! writes (numbers keep their exact text, keys their order, strings the
//! same escapes) — a direct walk, since serde's generic serializer spent
//! more than MD5 itself on a body of Chinese text (BENCHMARKS.md).
//!
//! One rule beyond serde_json: in a body, an object member whose value is
//! `null` is not written (a field the user left out — absent or null — is
//! never sent). [`write_json`] writes a value as it is; [`write_body_value`]
//! applies that rule.

use serde_json::{Map, Value};

/// Appends a value as compact JSON, exactly as serde_json writes it.
pub fn write_json(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => out.extend_from_slice(n.as_str().as_bytes()),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_json(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            out.push(b'{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(out, k);
                out.push(b':');
                write_json(out, v);
            }
            out.push(b'}');
        }
    }
}

/// Appends a value as a body holds it: object members whose value is
/// `null` are left out, at every depth; `skip` (a grouped item's group
/// key) is left out of the top-level object.
pub fn write_body_value(out: &mut Vec<u8>, v: &Value, skip: Option<&str>) {
    match v {
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_body_value(out, item, None);
            }
            out.push(b']');
        }
        Value::Object(map) => write_body_object(out, map, skip),
        other => write_json(out, other),
    }
}

fn write_body_object(out: &mut Vec<u8>, map: &Map<String, Value>, skip: Option<&str>) {
    out.push(b'{');
    let mut first = true;
    for (k, v) in map {
        if v.is_null() || skip == Some(k.as_str()) {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        write_str(out, k);
        out.push(b':');
        write_body_value(out, v, None);
    }
    out.push(b'}');
}

/// Appends `b` to `out`. The strings and keys of an item are mostly a few
/// bytes long, and a call into `memcpy` per string cost more than the copy
/// itself: up to 16 bytes are copied with two (overlapping) word moves.
#[inline(always)]
pub(crate) fn put(out: &mut Vec<u8>, b: &[u8]) {
    let n = b.len();
    if n > 16 {
        return out.extend_from_slice(b);
    }
    out.reserve(16);
    let len = out.len();
    let src = b.as_ptr();
    // SAFETY: `reserve(16)` leaves room for at least 16 bytes after `len`,
    // and `n <= 16`. The reads stay inside `b` (two words of 8 when
    // `n >= 8`, two of 4 when `4 <= n < 8`, single bytes below), the writes
    // inside the reserved room, and every byte of `len..len + n` is written
    // before the length grows to cover it.
    unsafe {
        let dst = out.as_mut_ptr().add(len);
        if n >= 8 {
            let a = src.cast::<u64>().read_unaligned();
            let z = src.add(n - 8).cast::<u64>().read_unaligned();
            dst.cast::<u64>().write_unaligned(a);
            dst.add(n - 8).cast::<u64>().write_unaligned(z);
        } else if n >= 4 {
            let a = src.cast::<u32>().read_unaligned();
            let z = src.add(n - 4).cast::<u32>().read_unaligned();
            dst.cast::<u32>().write_unaligned(a);
            dst.add(n - 4).cast::<u32>().write_unaligned(z);
        } else {
            for i in 0..n {
                *dst.add(i) = *src.add(i);
            }
        }
        out.set_len(len + n);
    }
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b \f \n \r \t`,
/// other controls below 0x20 as `\u00xx`; everything else (DEL, non-ASCII)
/// as is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    write_str_known(out, s, needs_escape(s.as_bytes()));
}

/// [`write_str`] when the caller already knows whether the string needs an
/// escape (see [`Scan::escape`]).
#[inline]
pub fn write_str_known(out: &mut Vec<u8>, s: &str, escape: bool) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if escape {
        write_escaped(out, bytes);
    } else {
        put(out, bytes);
    }
    out.push(b'"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bit set in a byte's lane when that byte is `b` (exact for "any byte").
#[inline(always)]
fn has_byte(w: u64, b: u8) -> u64 {
    let x = w ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x
}

/// High bit set in a lane whose byte is below 0x20 (exact for "any byte").
#[inline(always)]
fn has_below_space(w: u64) -> u64 {
    w.wrapping_sub(ONES * 0x20) & !w
}

/// Whether some byte is below 0x20, a quote or a backslash: eight bytes per
/// test (the last, partial word is read overlapping the one before it).
pub fn needs_escape(bytes: &[u8]) -> bool {
    let flags = |w: u64| (has_below_space(w) | has_byte(w, b'"') | has_byte(w, b'\\')) & HIGH;
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut found = 0;
    for c in &mut chunks {
        found |= flags(word(c));
    }
    if !chunks.remainder().is_empty() {
        found |= flags(word(&bytes[bytes.len() - 8..]));
    }
    found != 0
}

/// What one pass over a string finds: what the validator and the writer
/// both need, so each string's bytes are read once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scan {
    /// Length in Unicode characters.
    pub chars: usize,
    /// The first control character the rules refuse (tab, LF, CR allowed).
    pub control: Option<char>,
    /// Whether writing it as JSON needs an escape.
    pub escape: bool,
}

/// One pass over a string, eight bytes at a time: every UTF-8 character has
/// exactly one byte that is not a continuation byte (`10xxxxxx`); a word is
/// suspect when some byte is below 0x20, is DEL, or is 0xC2 (the lead byte
/// of the C1 controls U+0080–U+009F), and needs an escape when some byte is
/// below 0x20, a quote or a backslash. Only a suspect string — usually one
/// with a tab or newline, which are allowed — is scanned again character by
/// character for the first control.
#[inline]
pub fn scan(s: &str) -> Scan {
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let (mut continuation, mut suspect, mut escape) = (0usize, 0u64, 0u64);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        continuation += lanes(w & !(w << 1) & HIGH);
        let below = has_below_space(w);
        suspect |= below | has_byte(w, 0x7F) | has_byte(w, 0xC2);
        escape |= below | has_byte(w, b'"') | has_byte(w, b'\\');
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        // The tail as one more word: the last eight bytes (their lanes
        // already counted masked off), or a short string padded with 'A',
        // which is no continuation byte and needs no escape.
        let (w, keep) = if bytes.len() >= 8 {
            let w = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().expect("8 bytes"));
            (w, HIGH & (u64::MAX << (8 * (8 - rem.len()))))
        } else {
            let mut t = [b'A'; 8];
            for (i, &b) in rem.iter().enumerate() {
                t[i] = b;
            }
            (u64::from_le_bytes(t), HIGH)
        };
        continuation += lanes(w & !(w << 1) & keep);
        let below = has_below_space(w);
        suspect |= below | has_byte(w, 0x7F) | has_byte(w, 0xC2);
        escape |= below | has_byte(w, b'"') | has_byte(w, b'\\');
    }
    let control = if suspect & HIGH == 0 {
        None
    } else {
        // `is_control` is Unicode's Cc: C0, DEL and C1.
        s.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    Scan { chars: bytes.len() - continuation, control, escape: escape & HIGH != 0 }
}

/// How many lanes of `m` have their high bit set (the only bits set): the
/// lanes summed into the top byte by one multiply. The baseline x86-64
/// target has no popcount instruction, and `count_ones` in software cost
/// more than the rest of the scan.
#[inline(always)]
fn lanes(m: u64) -> usize {
    ((m >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// The escaping loop itself, for the rare string that needs it.
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0C => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1F => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if short.is_empty() {
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        } else {
            out.extend_from_slice(short);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_writer_writes_serde_json_bytes() {
        // Every escape class, at every offset of the 8-byte scan, beside
        // Chinese text, emoji and DEL (which JSON leaves as it is).
        let mut strings = vec![String::new()];
        for special in ["\"", "\\", "\u{8}", "\u{c}", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "店", "😀", "/"] {
            for pad in 0..10 {
                strings.push(format!("{}{special}{}", "a".repeat(pad), "货".repeat(pad % 3)));
            }
        }
        for s in &strings {
            let mut ours = Vec::new();
            write_str_known(&mut ours, s, scan(s).escape);
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        let value = json!({
            "strings": strings,
            "numbers": [serde_json::from_str::<Value>("-0").unwrap(), serde_json::from_str::<Value>("59.90").unwrap(), serde_json::from_str::<Value>("123456789012345678901234567890").unwrap()],
            "nested": [{"a\"b": null, "t": true, "f": false}, [], {}],
        });
        let mut ours = Vec::new();
        write_json(&mut ours, &value);
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn put_appends_every_length() {
        let src: Vec<u8> = (0..40u8).collect();
        for start in 0..3 {
            for n in 0..=(40 - start) {
                let mut out = vec![0xAA; start];
                put(&mut out, &src[start..start + n]);
                let mut want = vec![0xAA; start];
                want.extend_from_slice(&src[start..start + n]);
                assert_eq!(out, want, "start {start}, n {n}");
            }
        }
    }

    #[test]
    fn a_body_leaves_out_null_members_at_every_depth_but_keeps_nulls_in_lists() {
        let v = json!({"a": null, "b": [null, {"c": null, "d": 1}], "shop_no": "s", "e": {"f": null}});
        let mut out = Vec::new();
        write_body_value(&mut out, &v, Some("shop_no"));
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"b":[null,{"d":1}],"e":{}}"#);
    }

    #[test]
    fn scan_agrees_with_a_character_by_character_scan_at_every_offset() {
        let reference = |s: &str| {
            let control = s.chars().find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c));
            let escape = s.chars().any(|c| c < ' ' || c == '"' || c == '\\');
            Scan { chars: s.chars().count(), control, escape }
        };
        for special in ["", "\t", "\n", "\r", "\u{0}", "\u{1f}", "\u{7f}", "\u{80}", "\u{85}", "\u{9f}", "\u{a0}", "©·", "店", "😀", " ", "\"", "\\"] {
            for pad in 0..20 {
                let s = format!("{}{special}{}{}", "a".repeat(pad), "货".repeat(pad % 4), "\u{1}".repeat(pad % 2));
                assert_eq!(scan(&s), reference(&s), "{s:?}");
            }
        }
    }
}
