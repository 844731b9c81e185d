//! Shared pieces of the fuzz targets: a little header reader, a generator of
//! items that follows an operation's field table (so most generated items
//! are valid or invalid in one field only, and planning and parsing get past
//! validation), a generator of platform-like answers, and the invariants that
//! several targets check.
//!
//! Every target takes either raw JSON text (the seed corpus, extracted from
//! `tests/vectors/`, is in that form) or, when its flags byte says so,
//! structured input decoded with `arbitrary`.

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value};
use skuwire::rules::{DateFormat, FieldKind, Schema};
use skuwire::{operations, Batch, Operation, Outcome, Platform, Retry, Status};
use std::collections::HashSet;

/// Fixed-size header fields read from the front of an input; missing bytes read as 0.
pub struct Header<'a> {
    data: &'a [u8],
}

impl<'a> Header<'a> {
    /// A reader over the whole input.
    pub fn new(data: &'a [u8]) -> Self {
        Header { data }
    }
    /// The next byte (0 past the end).
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }
    /// The next two bytes, big-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }
    /// A length-prefixed (u16) slice.
    pub fn chunk(&mut self) -> &'a [u8] {
        let n = usize::from(self.u16()).min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }
    /// Whatever is left.
    pub fn rest(&self) -> &'a [u8] {
        self.data
    }
}

/// Every operation, in registry order.
pub fn all_ops() -> Vec<&'static Operation> {
    operations().collect()
}

/// The operation a selector byte picks among those passing `keep`.
pub fn pick_op(selector: u8, keep: impl Fn(&Operation) -> bool) -> &'static Operation {
    let ops: Vec<&'static Operation> = operations().filter(|op| keep(op)).collect();
    ops[usize::from(selector) % ops.len()]
}

// ------------------------------------------------------------- item generator

const CHARS: &[char] = &[
    'a', 'b', 'Z', '0', '7', '9', '-', '_', '.', '~', ' ', '&', '=', '+', '%', '?', '/', ':', '"', '\\', '\'', ',', '<', '货', '品',
    '商', '家', '编', '码', '：', '😀', '\t', '\n', '\r', '\u{0}', '\u{7f}', '\u{200b}', '\u{feff}', '\u{1f}',
];

const KEY_VOCAB: &[&str] = &[
    "status", "code", "message", "msg", "data", "error_list", "no", "error", "rec_ids", "success_count", "failure_count",
    "failed_count", "error_msg", "index", "codeno", "sku_codeno", "goods_codeno", "goods_id", "category_id", "name", "id",
    "sku_code", "base_name", "total_count", "total", "count", "goods_list", "list", "rec_id", "modified", "price", "spec_no",
    "goods_no", "provider_no", "shop_no", "spec_id",
];

const MESSAGES: &[&str] = &[
    "success", "ok", "fail", "insert_fail", "codeno_404", "sku_codeno_404", "not exist!", "add success!", "调用频率过高", "接口调用次数超限",
    "too many requests", "rate limit", "timestamp expired", "时间戳错误", "签名错误", "sign error", "token invalid", "卖家账号不存在",
    "单品条数不得超过500条或为空", "供应商货品重复,商家编码：", "data empty", "",
];

/// Builds JSON values, mostly following a field table. Stops growing once
/// its node budget is spent, so one input stays small.
pub struct Gen<'a, 'b> {
    /// The fuzz input.
    pub u: &'b mut Unstructured<'a>,
    /// Field names that are (parts of) unique keys: drawn from a small pool
    /// so that duplicates happen.
    pub key_fields: Vec<&'static str>,
    /// Strings to reuse (values of the batch's items, for answers that name them).
    pub words: Vec<String>,
    budget: usize,
}

impl<'a, 'b> Gen<'a, 'b> {
    /// A generator for an operation's items.
    pub fn new(u: &'b mut Unstructured<'a>, op: Option<&'static Operation>) -> Self {
        let mut key_fields: Vec<&'static str> = Vec::new();
        if let Some(op) = op {
            for k in op.unique_keys {
                key_fields.extend(k.fields.iter().copied());
            }
            key_fields.extend(op.item_key);
        }
        Gen { u, key_fields, words: Vec::new(), budget: 3000 }
    }

    fn spend(&mut self) -> bool {
        if self.budget == 0 || self.u.is_empty() {
            return false;
        }
        self.budget -= 1;
        true
    }

    fn chance(&mut self, num: u8, den: u8) -> Result<bool> {
        Ok(self.u.int_in_range(0..=den - 1)? < num)
    }

    /// A string of `len` characters from a hostile pool.
    pub fn text(&mut self, len: usize) -> Result<String> {
        let mut s = String::with_capacity(len);
        // Mostly plain letters, so that a length is the only thing tested.
        let plain = self.chance(3, 4)?;
        for _ in 0..len {
            let c = if plain {
                *self.u.choose(&['a', 'b', 'c', 'X', '1', '货'])?
            } else {
                *self.u.choose(CHARS)?
            };
            s.push(c);
        }
        Ok(s)
    }

    fn string_of_len(&mut self, min: usize, max: Option<usize>) -> Result<String> {
        let cap = max.unwrap_or(40);
        let len = match self.u.int_in_range(0..=7u8)? {
            0 => min,
            1 => cap,
            2 => cap.saturating_add(1),
            3 => min.saturating_sub(1),
            4 if max.is_none() => self.u.int_in_range(0..=2000)?,
            _ => self.u.int_in_range(min..=cap.clamp(min, min.saturating_add(24)))?,
        };
        self.text(len.min(5000))
    }

    fn key_text(&mut self) -> Result<String> {
        let n = self.u.int_in_range(0..=11u8)?;
        Ok(format!("K{n}"))
    }

    /// A number from its JSON text (exact text kept: arbitrary_precision).
    fn number(text: &str) -> Value {
        serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_owned()))
    }

    fn int_value(&mut self, min: i64, max: i64) -> Result<Value> {
        let n = match self.u.int_in_range(0..=7u8)? {
            0 => min,
            1 => max,
            2 => min.saturating_sub(1),
            3 => max.saturating_add(1),
            4 => 0,
            _ => self.u.int_in_range(min..=max)?,
        };
        Ok(match self.u.int_in_range(0..=9u8)? {
            0 => Value::String(n.to_string()),
            1 => Value::String(format!(" {n}")),
            2 => Self::number(&format!("{n}.0")),
            3 => Self::number("1e2"),
            _ => Value::from(n),
        })
    }

    fn decimal_value(&mut self, whole: u32, places: u32) -> Result<Value> {
        if self.chance(1, 20)? {
            let odd = *self.u.choose(&["1e3", "+1", " 1", "NaN", "Infinity", "1.", ".5", "-0", "0.00000", "1,5", "１２", "1e400"])?;
            return Ok(if self.u.arbitrary()? { Value::String(odd.into()) } else { Self::number(odd) });
        }
        let mut s = String::new();
        if self.chance(1, 10)? {
            s.push('-');
        }
        let w = self.u.int_in_range(0..=whole + 1)?;
        if w == 0 {
            s.push('0');
        } else {
            s.push(char::from(b'1' + self.u.int_in_range(0..=8u8)?));
            for _ in 1..w {
                s.push(char::from(b'0' + self.u.int_in_range(0..=9u8)?));
            }
        }
        let p = self.u.int_in_range(0..=places + 1)?;
        if p > 0 {
            s.push('.');
            for _ in 0..p {
                s.push(char::from(b'0' + self.u.int_in_range(0..=9u8)?));
            }
            let zeros = self.u.int_in_range(0..=3u8)?;
            s.extend(std::iter::repeat_n('0', usize::from(zeros)));
        }
        Ok(if self.u.arbitrary()? { Value::String(s) } else { Self::number(&s) })
    }

    fn datetime_value(&mut self, fmt: DateFormat) -> Result<Value> {
        if self.chance(1, 16)? {
            return Ok(Value::String(self.string_of_len(0, Some(20))?));
        }
        let y = self.u.int_in_range(1899..=2101)?;
        let mo = self.u.int_in_range(0..=13)?;
        let d = self.u.int_in_range(0..=32)?;
        let (h, mi, se) = (self.u.int_in_range(0..=24)?, self.u.int_in_range(0..=60)?, self.u.int_in_range(0..=60)?);
        let s = match fmt {
            DateFormat::Date => format!("{y:04}-{mo:02}-{d:02}"),
            DateFormat::Loose if self.u.arbitrary()? => format!("{y}-{mo}-{d} {h}:{mi}:{se}"),
            DateFormat::Loose => format!("{y}-{mo}-{d}"),
            _ => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{se:02}"),
        };
        Ok(Value::String(s))
    }

    /// Any JSON value, small and a little hostile.
    pub fn any_value(&mut self, depth: usize) -> Result<Value> {
        if !self.spend() {
            return Ok(Value::Null);
        }
        Ok(match self.u.int_in_range(0..=9u8)? {
            0 => Value::Null,
            1 => Value::Bool(self.u.arbitrary()?),
            2 => {
                let n: i64 = self.u.arbitrary()?;
                Value::from(n)
            }
            3 => self.decimal_value(15, 4)?,
            4 if !self.words.is_empty() => Value::String(self.u.choose(&self.words)?.clone()),
            4 | 5 => Value::String((*self.u.choose(MESSAGES)?).to_owned()),
            6 if depth < 4 => {
                let n = self.u.int_in_range(0..=4)?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    list.push(self.any_value(depth + 1)?);
                }
                Value::Array(list)
            }
            7 if depth < 4 => {
                let n = self.u.int_in_range(0..=4)?;
                let mut map = Map::new();
                for _ in 0..n {
                    let k = (*self.u.choose(KEY_VOCAB)?).to_owned();
                    let v = self.any_value(depth + 1)?;
                    map.insert(k, v);
                }
                Value::Object(map)
            }
            _ => {
                let len = self.u.int_in_range(0..=12)?;
                Value::String(self.text(len)?)
            }
        })
    }

    /// A value for a field of this kind: mostly valid, sometimes just over a limit.
    pub fn value(&mut self, name: &str, kind: &'static FieldKind, depth: usize) -> Result<Value> {
        if !self.spend() {
            return Ok(Value::Null);
        }
        if self.chance(1, 24)? {
            return self.any_value(depth);
        }
        if self.key_fields.contains(&name) && self.chance(3, 4)? {
            return Ok(Value::String(self.key_text()?));
        }
        Ok(match kind {
            FieldKind::Str { min, max } => Value::String(self.string_of_len(*min, *max)?),
            FieldKind::Int { min, max } => self.int_value(*min, *max)?,
            FieldKind::IntEnum(list) | FieldKind::BitFlags(list) => {
                if self.chance(7, 8)? {
                    let mut n = *self.u.choose(list)?;
                    if matches!(kind, FieldKind::BitFlags(_)) && self.u.arbitrary()? {
                        n |= *self.u.choose(list)?;
                    }
                    if self.chance(1, 6)? { Value::String(n.to_string()) } else { Value::from(n) }
                } else {
                    self.int_value(-2, 200)?
                }
            }
            FieldKind::StrEnum(list) => {
                if self.chance(7, 8)? {
                    Value::String((*self.u.choose(list)?).to_owned())
                } else {
                    Value::String(self.string_of_len(0, Some(8))?)
                }
            }
            FieldKind::Decimal { whole, places } => self.decimal_value(*whole, *places)?,
            FieldKind::Bool => self.u.choose(&[Value::Bool(true), Value::Bool(false), Value::from(0), Value::from(1), Value::from(2), Value::from("1")])?.clone(),
            FieldKind::List { of, min, max } => {
                let len = match self.u.int_in_range(0..=15u8)? {
                    0 => *min,
                    1 => (*max).min(600),
                    2 => max.saturating_add(1).min(600),
                    3 => min.saturating_sub(1),
                    _ => self.u.int_in_range(*min..=(*max).min(min.saturating_add(4)))?,
                };
                let mut list = Vec::with_capacity(len.min(64));
                for _ in 0..len {
                    if self.budget == 0 || self.u.is_empty() {
                        break;
                    }
                    list.push(self.value(name, of, depth + 1)?);
                }
                Value::Array(list)
            }
            FieldKind::Object(schema) => self.object(schema, depth + 1)?,
            FieldKind::Url => {
                let tail = self.string_of_len(0, Some(16))?;
                let scheme = *self.u.choose(&["http://", "https://", "https://img.example.com/", "ftp://", "", "HTTP://", "http:/"])?;
                Value::String(format!("{scheme}{tail}"))
            }
            FieldKind::DateTime(fmt) => self.datetime_value(*fmt)?,
            _ => self.any_value(depth)?,
        })
    }

    /// An object following a field table: required fields mostly present,
    /// optional ones half the time, now and then an undocumented field.
    pub fn object(&mut self, schema: &'static Schema, depth: usize) -> Result<Value> {
        let mut map = Map::new();
        if depth > 6 {
            return Ok(Value::Object(map));
        }
        for f in schema.fields {
            let present = if f.required { self.chance(15, 16)? } else { self.chance(1, 3)? };
            if present {
                let v = self.value(f.name, &f.kind, depth)?;
                map.insert(f.name.to_owned(), v);
            }
        }
        if self.chance(1, 12)? {
            let v = self.any_value(depth + 1)?;
            map.insert("x_undocumented".to_owned(), v);
        }
        Ok(Value::Object(map))
    }

    /// An input item for an operation (now and then not an object at all).
    pub fn item(&mut self, op: &'static Operation) -> Result<Value> {
        if self.chance(1, 40)? {
            return self.any_value(0);
        }
        self.object(op.item, 0)
    }

    /// Up to `max` items.
    pub fn items(&mut self, op: &'static Operation, max: usize) -> Result<Vec<Value>> {
        let n = self.u.int_in_range(0..=max)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            if self.budget == 0 || self.u.is_empty() {
                break;
            }
            out.push(self.item(op)?);
        }
        Ok(out)
    }

    /// An answer shaped like the platform's envelope, naming the batch's
    /// items (by their values in `words`) or not.
    pub fn answer(&mut self, platform: Platform) -> Result<Value> {
        let status_key = match platform {
            Platform::Flagship => "status",
            _ => "code",
        };
        let mut map = Map::new();
        if self.chance(15, 16)? {
            let code = match self.u.int_in_range(0..=9u8)? {
                0..=4 => Value::from(0),
                5 => Value::from("0"),
                6 => Value::from(*self.u.choose(&[1i64, 2, 7, 8, 99, 100, 2104, -1])?),
                7 => Value::from("7"),
                _ => self.any_value(2)?,
            };
            map.insert(status_key.to_owned(), code);
        }
        let msg_key = if platform == Platform::Ymcart { "msg" } else { "message" };
        if self.u.arbitrary()? {
            map.insert(msg_key.to_owned(), Value::String((*self.u.choose(MESSAGES)?).to_owned()));
        }
        let entries = self.entries()?;
        match platform {
            Platform::Flagship => {
                let mut data = Map::new();
                match self.u.int_in_range(0..=5u8)? {
                    0 => {
                        map.insert("data".into(), Value::Array(entries));
                    }
                    1 => {
                        let ids: Vec<Value> = (0..self.u.int_in_range(0..=6)?).map(Value::from).collect();
                        data.insert("rec_ids".into(), Value::Array(ids));
                        map.insert("data".into(), Value::Object(data));
                    }
                    2 => {
                        map.insert("data".into(), self.any_value(1)?);
                    }
                    _ => {
                        data.insert("error_list".into(), Value::Array(entries));
                        map.insert("data".into(), Value::Object(data));
                    }
                }
            }
            Platform::Ymcart => {
                let key = if self.chance(1, 4)? { "error_msg" } else { "msg" };
                map.insert(key.into(), Value::Array(entries));
                for k in ["success_count", "failure_count", "failed_count", "count"] {
                    if self.chance(1, 3)? {
                        let n = self.u.int_in_range(0..=8u8)?;
                        let v = if self.u.arbitrary()? { Value::from(n) } else { Value::from(n.to_string()) };
                        map.insert(k.into(), v);
                    }
                }
            }
            Platform::Enterprise => {
                map.insert("goods_list".into(), Value::Array(entries));
                if self.u.arbitrary()? {
                    map.insert("total_count".into(), Value::from(self.u.int_in_range(0..=300u16)?));
                }
            }
        }
        for _ in 0..self.u.int_in_range(0..=2u8)? {
            let k = (*self.u.choose(KEY_VOCAB)?).to_owned();
            let v = self.any_value(1)?;
            map.insert(k, v);
        }
        Ok(Value::Object(map))
    }

    /// Per-item entries of an answer: objects naming a key or an index, or
    /// strings that start with a key.
    fn entries(&mut self) -> Result<Vec<Value>> {
        let n = self.u.int_in_range(0..=6)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let word = if !self.words.is_empty() && self.chance(3, 4)? {
                self.u.choose(&self.words)?.clone()
            } else {
                self.key_text()?
            };
            let message = (*self.u.choose(MESSAGES)?).to_owned();
            let e = match self.u.int_in_range(0..=5u8)? {
                0 => Value::String(format!("{word} {message}")),
                1 => Value::String(format!("P1 供应商货品重复,商家编码：{word}")),
                2 => serde_json::json!({"index": self.u.int_in_range(0..=8u8)?, "msg": message}),
                3 => self.any_value(2)?,
                _ => {
                    let k = *self.u.choose(&["no", "codeno", "sku_codeno", "goods_codeno", "goods_id", "category_id", "name", "id", "sku_code", "spec_no"])?;
                    let mk = *self.u.choose(&["error", "msg", "message"])?;
                    let mut m = Map::new();
                    m.insert(k.to_owned(), Value::String(word));
                    m.insert(mk.to_owned(), Value::String(message));
                    Value::Object(m)
                }
            };
            out.push(e);
        }
        Ok(out)
    }
}

/// The string and number values of the items' top-level fields (what answers name items by).
/// A plan's result as one comparable value: each batch's indices and body
/// text, each invalid item's records, or the error (differential targets
/// compare two ways of planning the same input with it).
pub fn plan_summary(r: &std::result::Result<skuwire::Plan, skuwire::Error>) -> Value {
    use serde_json::json;
    match r {
        Ok(p) => json!({
            "batches": p.batches.iter().map(|b| json!([b.indices(), String::from_utf8(b.body_json()).unwrap()])).collect::<Vec<_>>(),
            "invalid": p.invalid.iter().map(|(i, e)| json!([i, serde_json::to_value(e).unwrap()])).collect::<Vec<_>>(),
        }),
        Err(skuwire::Error::Validation(v)) => json!({"err": v.op, "records": serde_json::to_value(&v.errors).unwrap()}),
        Err(e) => json!({"err": e.to_string()}),
    }
}

pub fn words_of(items: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        if let Value::Object(m) = item {
            for v in m.values() {
                match v {
                    Value::String(s) => out.push(s.clone()),
                    Value::Number(n) => out.push(n.to_string()),
                    _ => {}
                }
            }
        }
    }
    out.truncate(256);
    out
}

// ----------------------------------------------------------------- invariants

/// The documented invariants of an outcome for a batch (see `outcome.rs` and
/// the README's "Retry advice"), panicking with the details when one fails.
pub fn check_outcome(batch: &Batch, http_status: u16, o: &Outcome) {
    let ctx = || format!("method {} http {http_status}: {o:?}", batch.method());
    assert_eq!(o.http_status, http_status, "{}", ctx());
    let indices: HashSet<usize> = batch.indices().iter().copied().collect();
    let accepted: HashSet<usize> = o.accepted.iter().copied().collect();
    assert_eq!(accepted.len(), o.accepted.len(), "an item accepted twice: {}", ctx());
    assert!(accepted.is_subset(&indices), "accepted an index not in the batch: {}", ctx());
    let rejected: HashSet<usize> = o.rejected.iter().filter_map(|r| r.index).collect();
    assert!(rejected.is_subset(&indices), "rejected an index not in the batch: {}", ctx());
    assert!(accepted.is_disjoint(&rejected), "an item both accepted and rejected: {}", ctx());
    let unknown: HashSet<usize> = o.unknown.iter().copied().collect();
    assert_eq!(unknown.len(), o.unknown.len(), "an item unknown twice: {}", ctx());
    assert!(unknown.is_subset(&indices), "an unknown index not in the batch: {}", ctx());
    assert!(unknown.is_disjoint(&accepted) && unknown.is_disjoint(&rejected), "an unknown item also accepted or rejected: {}", ctx());
    match o.retry {
        Retry::No => {
            let covered: HashSet<usize> = accepted.union(&rejected).chain(&unknown).copied().collect();
            assert_eq!(covered, indices, "retry=no but accepted ∪ rejected ∪ unknown does not cover the batch: {}", ctx());
        }
        // Resending concerns the unknown items (an upsert's).
        Retry::Resend => assert!(!unknown.is_empty() || indices.is_empty(), "resend with nothing unknown: {}", ctx()),
        // The platform refused the call as a whole: nothing settled.
        Retry::Resign | Retry::Backoff => {
            assert_eq!(o.status, Status::Failure, "a retry on a non-failure: {}", ctx());
            assert!(o.accepted.is_empty() && o.unknown.is_empty(), "a refused call settled items: {}", ctx());
        }
    }
    if !batch.is_upsert() {
        assert_ne!(o.retry, Retry::Resend, "resend advised for a non-upsert: {}", ctx());
    }
    if http_status == 429 {
        assert_eq!(o.retry, Retry::Backoff, "{}", ctx());
    }
    match o.status {
        Status::Success => assert!(o.rejected.is_empty() && o.unknown.is_empty() && o.reason.is_none(), "success with rejections or unknowns: {}", ctx()),
        Status::Partial => assert!(
            // (A generic call has no items: partial is its success with an error list.)
            (!o.accepted.is_empty() || indices.is_empty()) && (!o.rejected.is_empty() || !o.unknown.is_empty()) && o.reason.is_some(),
            "{}",
            ctx()
        ),
        Status::Failure => assert!(o.accepted.is_empty() && o.reason.is_some(), "failure that accepted items: {}", ctx()),
    }
    // An outcome is plain data: it survives a JSON round trip unchanged.
    let text = serde_json::to_string(o).expect("an outcome serializes");
    let back: Outcome = serde_json::from_str(&text).expect("an outcome deserializes");
    assert_eq!(&back, o, "outcome JSON round trip");
}

/// Runs a parse target: plan items for one operation of `platform`, take a
/// batch, parse a random answer, check the outcome's invariants.
pub fn parse_target(platform: Platform, data: &[u8]) {
    let mut h = Header::new(data);
    let op = pick_op(h.byte(), |op| op.platform == platform);
    let flags = h.byte();
    let http_status = match h.byte() {
        0..=199 => 200,
        200..=219 => *[500u16, 502, 503, 504, 429, 404, 400, 301, 0, 999].get(usize::from(h.byte() % 10)).unwrap_or(&200),
        _ => h.u16(),
    };
    let max_items = usize::from(h.byte() % 8) + 1;
    let generic = flags & 0x80 != 0;
    let batch_and_body = if flags & 1 == 0 {
        // JSON mode: items JSON, then the body bytes as they are.
        let items_text = h.chunk();
        let body = h.rest().to_vec();
        let items = match skuwire::parse_json_input(items_text) {
            Ok(Value::Array(items)) => items,
            Ok(one) => vec![one],
            Err(_) => Vec::new(),
        };
        (batch_for(op, items, max_items, generic), body)
    } else {
        let mut u = Unstructured::new(h.rest());
        let mut g = Gen::new(&mut u, Some(op));
        let items = g.items(op, 12).unwrap_or_default();
        let batch = batch_for(op, items, max_items, generic);
        g.words = words_of(batch.items());
        let answer = g.answer(platform).unwrap_or(Value::Null);
        let mut body = serde_json::to_vec(&answer).expect("a value serializes");
        if flags & 2 != 0 {
            // A truncated or BOM-prefixed body.
            let cut = body.len() / 2;
            body.truncate(cut);
        }
        if flags & 4 != 0 {
            body.splice(0..0, "\u{feff}".bytes());
        }
        (batch, body)
    };
    let (batch, body) = batch_and_body;
    let o = batch.parse(http_status, &body);
    check_outcome(&batch, http_status, &o);
    // Parsing is a pure function of the batch and the answer.
    assert_eq!(batch.parse(http_status, &body), o, "parse is deterministic");
}

/// The first batch of a plan of `items` (skip mode) — for a query, the first
/// request of a query plan — or a generic call of the same method when
/// nothing valid is left.
fn batch_for(op: &'static Operation, items: Vec<Value>, max_items: usize, generic: bool) -> Batch {
    if !generic && !op.is_push() {
        let fallback = serde_json::json!({"start_time": "2023-11-01 00:00:00", "end_time": "2023-11-14 22:13:20"});
        let params = items.iter().find(|v| v.is_object()).cloned().unwrap_or_else(|| fallback.clone());
        let opts = skuwire::QueryOptions::default();
        let plan = skuwire::QueryPlan::new(op.name, params, &opts).or_else(|_| {
            let fallback = if op.paging.as_ref().is_some_and(|p| p.window.is_some()) { fallback } else { Value::Object(Map::new()) };
            skuwire::QueryPlan::new(op.name, fallback, &opts)
        });
        if let Some(b) = plan.ok().and_then(|mut p| p.next_batch()) {
            return b;
        }
    }
    if !generic && op.is_push() {
        let opts = skuwire::PlanOptions {
            max_items: Some(max_items.min(op.limits.max_items)),
            on_invalid: skuwire::OnInvalid::Skip,
            ..Default::default()
        };
        if let Ok(p) = skuwire::plan(op.name, items.clone(), &opts) {
            if let Some(b) = p.batches.into_iter().next() {
                return b;
            }
        }
    }
    let payload = match op.platform {
        Platform::Flagship => Value::Array(items),
        _ => items.into_iter().find(Value::is_object).unwrap_or_else(|| Value::Object(Map::new())),
    };
    Batch::call(op.platform, op.name, payload).expect("registry names are valid method names")
}
