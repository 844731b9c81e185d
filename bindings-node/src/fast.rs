//! The JSON-text fast path for plain data.
//!
//! Walking a JS object graph through napi costs a type query, a property
//! lookup, a key list and a UTF-16 copy per value; V8's own `JSON.stringify`
//! writes the same data as one text many times faster. So `index.js`
//! (`fastpath.js`) checks each item of an array payload in JavaScript —
//! plain objects and arrays only, no `toJSON`, no `undefined`, functions,
//! symbols or BigInts, depth within `MAX_DEPTH`, no cycles — and, when at
//! least one item passes, hands over one `JSON.stringify` text of the whole
//! payload (failing items written as `null`) with, per item, whether it
//! passed and a fingerprint of what the check saw (the kind of every value
//! in order and the size of every container).
//!
//! Here the text is read from its UTF-16 code units (`json16`), which also
//! finds what the JS check leaves to the text: a lone surrogate (written as
//! a `\uDXXX` escape), and a number not written as the walker writes it (an
//! unsafe integer, an exponent form; `NaN` and `±Infinity` are written as
//! `null`, which the fingerprint tells from a number). Every item that failed
//! the check, reads unclean, or does not match its fingerprint (a getter or
//! proxy that answered differently the second time) is converted by the napi
//! walker (`convert::Walker`) exactly as without the fast path — so every
//! error record (type, location, message) is the walker's, and nothing is
//! lost to `JSON.stringify`'s silent forms (`NaN` → `null`, a function
//! property left out, a `Date` as text).

use crate::convert::{check, Converted, Raw, Walker};
use crate::json16;
use napi::sys;
use serde_json::Value;
use skuwire::{ErrorRecord, LocItem};
use std::ptr;

thread_local! {
    /// Items of the last list converted on this thread: (from the text, by the walker).
    static LAST: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// Records how the last list's items were converted (for the tests).
pub fn note(from_text: usize, walker: usize) {
    LAST.with(|c| c.set((from_text, walker)));
}

/// `[from the text, by the walker]` for the last list converted on this
/// thread: lets the tests see that the fast path was taken, not only that
/// its results are the walker's.
#[napi_derive::napi(js_name = "__lastConversionForTests", catch_unwind)]
pub fn last_conversion() -> Vec<u32> {
    let (t, w) = LAST.with(|c| c.get());
    vec![t as u32, w as u32]
}

/// The bytes of a Buffer or Uint8Array argument (borrowed from JS for the
/// duration of the call), or `None` for any other value.
///
/// # Safety
/// The slice lives as long as the JS value, which the caller keeps alive
/// (it is an argument of the current call) and does not touch from JS
/// while the slice is in use.
pub unsafe fn bytes_of<'a>(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Option<&'a [u8]>> {
    let mut is = false;
    check(env, unsafe { sys::napi_is_typedarray(env, v, &mut is) })?;
    if !is {
        return Ok(None);
    }
    let mut kind = 0;
    let mut len = 0usize;
    let mut data = ptr::null_mut();
    let mut ab = ptr::null_mut();
    let mut offset = 0usize;
    check(env, unsafe { sys::napi_get_typedarray_info(env, v, &mut kind, &mut len, &mut data, &mut ab, &mut offset) })?;
    if kind != sys::TypedarrayType::uint8_array {
        return Ok(None);
    }
    if len == 0 || data.is_null() {
        return Ok(Some(&[]));
    }
    Ok(Some(unsafe { std::slice::from_raw_parts(data as *const u8, len) }))
}

/// The check's results, read from the typed arrays `fastpath.js` fills.
pub struct FastInput<'a> {
    /// `JSON.stringify` of the payload: one string, or (for a list) an array
    /// of strings, each the JSON list of the next items. Chunks are read one
    /// at a time into one reused buffer, so the text is never copied whole.
    chunks: Vec<sys::napi_value>,
    /// Or: a reader (`reader::text_reader`) the chunks were pushed into,
    /// read (and for `plan`, planned) on worker threads.
    pub reader: Option<sys::napi_value>,
    /// Per item: 1 when it passed the check.
    pub ok: &'a [u8],
    /// Per item: the check's fingerprint (the bytes of an `Int32Array`, in
    /// the machine's byte order as JS typed arrays are).
    pub hashes: &'a [u8],
}

impl<'a> FastInput<'a> {
    /// Reads `{text, ok, hashes}` as `fastpath.js` builds it; `None` for
    /// anything else (`undefined`: the caller found nothing to speed up).
    ///
    /// # Safety
    /// As [`bytes_of`]: the object is an argument of the current call.
    pub unsafe fn from_js(env: sys::napi_env, v: sys::napi_value) -> napi::Result<Option<FastInput<'a>>> {
        let raw = Raw { env };
        if raw.type_of(v)? != sys::ValueType::napi_object {
            return Ok(None);
        }
        let text = raw.get_named(v, "text")?;
        let reader = raw.get_named(v, "reader")?;
        let mut chunks = Vec::new();
        let mut from_reader = None;
        if raw.type_of(reader)? == sys::ValueType::napi_external {
            from_reader = Some(reader);
        } else if raw.type_of(text)? == sys::ValueType::napi_string {
            chunks.push(text);
        } else if raw.is_array(text)? {
            for i in 0..raw.array_len(text)? {
                let chunk = raw.element(text, i)?;
                if raw.type_of(chunk)? != sys::ValueType::napi_string {
                    return Ok(None);
                }
                chunks.push(chunk);
            }
        } else {
            return Ok(None);
        }
        let ok = unsafe { bytes_of(env, raw.get_named(v, "ok")?)? };
        let hashes = unsafe { bytes_of(env, raw.get_named(v, "hashes")?)? };
        Ok(match (ok, hashes) {
            (Some(ok), Some(hashes)) if hashes.len() == 4 * ok.len() => Some(FastInput { chunks, reader: from_reader, ok, hashes }),
            _ => None,
        })
    }

    fn hash(&self, i: usize) -> Option<i32> {
        let b = self.hashes.get(4 * i..4 * i + 4)?;
        Some(i32::from_ne_bytes(b.try_into().ok()?))
    }
}

/// Items of a JS array payload `arr` (`len` items): each from the text when
/// it passed the check, reads clean and matches its fingerprint; otherwise
/// from the walker (locations start with its index). A text that does not
/// read as a list of `len` values sends every item to the walker.
pub fn items(env: sys::napi_env, arr: sys::napi_value, len: u32, fast: &mut FastInput<'_>) -> napi::Result<Vec<(Value, Vec<ErrorRecord>)>> {
    let raw = Raw { env };
    let mut read = Vec::with_capacity(len as usize);
    if let Some(reader) = fast.reader {
        // A read-only reader (validate): every item, in order.
        let rest = match unsafe { crate::reader::finish(raw, reader)? } {
            Some(f) if f.planner.is_none() && f.next_index == 0 && f.rest.len() == len as usize => f.rest,
            _ => Vec::new(),
        };
        return with_walker(env, arr, len, rest);
    } else {
        let mut buf = Vec::new();
        for &chunk in &fast.chunks {
            raw.utf16_into(chunk, &mut buf)?;
            match json16::read_list(&buf) {
                Some(items) => read.extend(items),
                None => {
                    read.clear();
                    break;
                }
            }
        }
    }
    if read.len() != len as usize || fast.ok.len() != len as usize {
        read.clear();
    }
    // An item read from the text is used only when it passed the JS check
    // and matches its fingerprint; every other one goes to the walker.
    let rest: Vec<Option<Value>> = read
        .into_iter()
        .enumerate()
        .map(|(i, it)| (it.clean && fast.ok[i] == 1 && Some(it.hash) == fast.hash(i)).then_some(it.value))
        .collect();
    with_walker(env, arr, len, rest)
}

/// Items from a reader's `rest` (`None`: the walker's), or every item from
/// the walker when `rest` does not hold them all.
pub fn with_walker(env: sys::napi_env, arr: sys::napi_value, len: u32, rest: Vec<Option<Value>>) -> napi::Result<Vec<(Value, Vec<ErrorRecord>)>> {
    let mut rest = if rest.len() == len as usize { rest } else { Vec::new() }.into_iter();
    let mut walker: Option<Walker> = None;
    let mut out = Vec::with_capacity(len as usize);
    let mut from_text = 0;
    for i in 0..len {
        match rest.next().flatten() {
            Some(v) => {
                from_text += 1;
                out.push((v, Vec::new()));
            }
            None => {
                let w = walker.get_or_insert_with(|| Walker::new(env));
                let Converted { value, errors } = w.convert_element(arr, i, vec![LocItem::Index(i as usize)])?;
                out.push((value, errors));
            }
        }
    }
    note(from_text, len as usize - from_text);
    Ok(out)
}

/// One non-list payload value: from the text (`JSON.stringify` of the value
/// itself) when it passed the check, reads clean and matches; otherwise
/// from the walker.
pub fn single(env: sys::napi_env, v: sys::napi_value, fast: &FastInput<'_>) -> napi::Result<Converted> {
    if let (Some(&1), [text]) = (fast.ok.first(), fast.chunks.as_slice()) {
        if let Some(it) = json16::read_one(&Raw { env }.utf16(*text)?) {
            if it.clean && Some(it.hash) == fast.hash(0) {
                return Ok(Converted { value: it.value, errors: Vec::new() });
            }
        }
    }
    Walker::new(env).convert(v, Vec::new())
}
