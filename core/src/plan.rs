//! Validation of whole inputs and planning (chunking) into unsigned batches.
//!
//! The [`Planner`] consumes items one at a time, so an input of any size is
//! planned with memory bounded by the open batches plus one small hash per
//! unique key. Batches are unsigned: they are signed just before sending
//! (see the platform clients), because a large sync outlives the clock window.

use crate::error::{Error, ErrorRecord, ErrorType, LocItem, ValidationErrors};
#[cfg(feature = "parse")]
use crate::outcome::Outcome;
use crate::registry::{operation, BodyShape, OpKind, Operation, Platform};
use crate::rules::{CtxSet, Checker};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// What to do with invalid items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnInvalid {
    /// Validate everything first; any problem fails the whole plan.
    #[default]
    Raise,
    /// Leave invalid items out of the batches and report them (streaming).
    Skip,
}

impl OnInvalid {
    /// Parses `"raise"` / `"skip"`.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "raise" => Some(OnInvalid::Raise),
            "skip" => Some(OnInvalid::Skip),
            _ => None,
        }
    }

    /// Parses `"raise"` / `"skip"`, with a bilingual error otherwise.
    pub fn parse(s: &str) -> Result<Self, Error> {
        OnInvalid::from_name(s).ok_or_else(|| {
            Error::invalid_argument(
                format!("on_invalid should be \"raise\" or \"skip\", not {s:?}"),
                format!("on_invalid应为\"raise\"或\"skip\"，而不是{s:?}"),
            )
        })
    }
}

/// Options for planning. A documented per-call limit can only be lowered;
/// a default skuwire chose where the page gives none can be raised too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Most items per batch: at most the operation's limit when the page
    /// documents it ([`crate::Limits::documented`]), any number ≥ 1 otherwise.
    pub max_items: Option<usize>,
    /// Most bytes of payload JSON per batch.
    pub max_body_bytes: Option<usize>,
    /// Report fields the vendor page does not list.
    pub strict: bool,
    /// Raise or skip invalid items.
    pub on_invalid: OnInvalid,
}

/// What a batch is for: a modelled operation or a generic call.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// An operation from the registry.
    Op(&'static Operation),
    /// Any other method of a platform, unvalidated.
    Call {
        /// The platform.
        platform: Platform,
        /// The method name as the vendor writes it.
        method: String,
    },
}

/// An unsigned batch: one future call.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    target: Target,
    indices: Vec<usize>,
    items: Vec<Value>,
    group: Option<Value>,
    /// For generic calls: the payload as given.
    call_payload: Option<Value>,
    /// For paged flagship calls: the paging system parameters.
    pager: Option<crate::flagship::Pager>,
    /// The items as the body lists them, written by the planner right after
    /// checking each item, while it is still in cache (a second walk over
    /// the items at signing time cost more in cache misses than in work).
    items_json: ItemsJson,
}

/// The planner's copy of a batch's listed items as JSON: derived data, so it
/// takes no part in equality, and its bytes are not printed.
#[derive(Clone, Default)]
struct ItemsJson(Option<Vec<u8>>);

impl PartialEq for ItemsJson {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for ItemsJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(b) => write!(f, "<{} bytes>", b.len()),
            None => f.write_str("None"),
        }
    }
}

impl Batch {
    /// A batch for a method the registry does not model. Flagship takes the
    /// positional-argument array; enterprise and YMCart take an object of
    /// parameters. No field is validated.
    pub fn call(platform: Platform, method: &str, payload: Value) -> Result<Batch, Error> {
        if method.is_empty() || method.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(Error::invalid_argument(
                format!("method name {method:?} is empty or holds spaces/control characters"),
                format!("接口名{method:?}为空或含有空格/控制字符"),
            ));
        }
        match (platform, &payload) {
            (Platform::Flagship, Value::Array(_)) => {}
            (Platform::Enterprise | Platform::Ymcart, Value::Object(_)) => {}
            (Platform::Flagship, _) => {
                return Err(Error::invalid_argument(
                    "a flagship call takes a list of positional arguments",
                    "旗舰版接口的参数应为位置参数数组",
                ))
            }
            _ => {
                return Err(Error::invalid_argument(
                    "an enterprise or YMCart call takes an object of parameters",
                    "企业版/YMCart接口的参数应为对象",
                ))
            }
        }
        Ok(Batch {
            target: Target::Call { platform, method: method.to_owned() },
            indices: Vec::new(),
            items: Vec::new(),
            group: None,
            call_payload: Some(payload),
            pager: None,
            items_json: ItemsJson::default(),
        })
    }

    /// A paged flagship generic call: `page_no`, `page_size` and
    /// `calc_total` are signed and sent as system parameters.
    pub fn with_pager(mut self, pager: crate::flagship::Pager) -> Result<Batch, Error> {
        if self.call_payload.is_none() || self.platform() != Platform::Flagship {
            return Err(Error::invalid_argument(
                "a pager applies to flagship generic calls only",
                "分页参数仅适用于旗舰版通用调用",
            ));
        }
        self.pager = Some(pager);
        Ok(self)
    }

    /// The paging system parameters of a paged flagship call.
    pub fn pager(&self) -> Option<crate::flagship::Pager> {
        self.pager
    }

    /// A batch from its plain-data form (the JSON its `Serialize` writes),
    /// with a bilingual error when it is not one.
    pub fn from_json(value: &Value) -> Result<Batch, Error> {
        // Through text: deserializing from a `Value` loses a number's exact
        // spelling (`-0` becomes `0`); text keeps it.
        serde_json::from_str(&value.to_string()).map_err(|e| Error::invalid_data("batch", &e.to_string()))
    }

    /// A batch of one query request (used by query plans).
    #[allow(dead_code)] // the query planner lands with the enterprise issue
    pub(crate) fn query(op: &'static Operation, params: Value) -> Batch {
        Batch {
            target: Target::Op(op),
            indices: Vec::new(),
            items: vec![params],
            group: None,
            call_payload: None,
            pager: None,
            items_json: ItemsJson::default(),
        }
    }

    /// What this batch is for.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The operation, when modelled.
    pub fn operation(&self) -> Option<&'static Operation> {
        match self.target {
            Target::Op(op) => Some(op),
            Target::Call { .. } => None,
        }
    }

    /// The method name as the vendor writes it.
    pub fn method(&self) -> &str {
        match &self.target {
            Target::Op(op) => op.name,
            Target::Call { method, .. } => method,
        }
    }

    /// The platform.
    pub fn platform(&self) -> Platform {
        match &self.target {
            Target::Op(op) => op.platform,
            Target::Call { platform, .. } => *platform,
        }
    }

    /// Input positions of the items, in order.
    pub fn indices(&self) -> &[usize] {
        &self.indices
    }

    /// The items, in input order.
    pub fn items(&self) -> &[Value] {
        &self.items
    }

    /// Number of input items in this batch.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True for a batch without input items (generic calls).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The grouping value (ApiGoods.upload: the `shop_no`).
    pub fn group(&self) -> Option<&Value> {
        self.group.as_ref()
    }

    /// Whether resending this batch is harmless (an upsert). Generic calls
    /// are assumed not to be.
    pub fn is_upsert(&self) -> bool {
        self.operation().is_some_and(|op| op.upsert)
    }

    /// The request payload as a JSON value: the flagship positional-argument
    /// array, or the object of business parameters for enterprise and YMCart.
    /// It is read back from [`Batch::body_json`], so it holds exactly what is
    /// sent: a member whose value is `null` (a field not given) is absent.
    pub fn payload(&self) -> Value {
        serde_json::from_slice(&self.body_json()).unwrap_or(Value::Null)
    }

    /// The payload as compact JSON text: for flagship, exactly the HTTP body.
    pub fn body_json(&self) -> Vec<u8> {
        let mut out = match &self.items_json.0 {
            Some(json) => Vec::with_capacity(json.len() + 128 + self.group.as_ref().map_or(0, json_len)),
            None => Vec::with_capacity(256 * self.items.len().max(1)),
        };
        self.write_body_json(&mut out);
        out
    }

    /// Appends the payload JSON to `out`: the bytes `serde_json::to_writer`
    /// writes for [`Batch::payload`], through a direct `Value` writer (the body is
    /// signed and sent on every call, so it skips serde's generic path).
    pub fn write_body_json(&self, out: &mut Vec<u8>) {
        let b = self;
        if let Some(p) = &b.call_payload {
            return write_json(out, p);
        }
        let Target::Op(op) = b.target else { return out.extend_from_slice(b"null") };
        let list = |out: &mut Vec<u8>, skip: Option<&str>| {
            out.push(b'[');
            if let Some(json) = &b.items_json.0 {
                out.extend_from_slice(json);
                out.push(b']');
                return;
            }
            for (i, item) in b.items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                match (item, skip) {
                    (Value::Object(map), Some(key)) => write_object(out, map, Some(key)),
                    _ => write_json(out, item),
                }
            }
            out.push(b']');
        };
        let first = || b.items.first().unwrap_or(&Value::Null);
        match op.body {
            BodyShape::ListArg => {
                out.push(b'[');
                list(out, None);
                out.push(b']');
            }
            BodyShape::GroupedArg { group, list: list_key } => {
                out.push(b'[');
                out.push(b'{');
                write_json_str(out, group);
                out.push(b':');
                write_json(out, b.group.as_ref().unwrap_or(&Value::Null));
                out.push(b',');
                write_json_str(out, list_key);
                out.push(b':');
                list(out, Some(group));
                out.extend_from_slice(b"}]");
            }
            BodyShape::JsonListParam(name) => {
                out.push(b'{');
                write_json_str(out, name);
                out.push(b':');
                list(out, None);
                out.push(b'}');
            }
            BodyShape::JsonObjectParam(name) => {
                out.push(b'{');
                write_json_str(out, name);
                out.push(b':');
                write_json(out, first());
                out.push(b'}');
            }
            BodyShape::Params => write_json(out, first()),
        }
    }

    /// Business parameters as form fields (enterprise and YMCart): strings
    /// as they are, other values as JSON text — except that a list among a
    /// modelled query's parameters (BodyShape::Params) is joined by commas,
    /// as the pages ask ("多个用英文逗号隔开"; its schema admits only lists
    /// that can be joined). A parameter given as null is not sent. Empty
    /// for flagship.
    pub fn form_params(&self) -> Vec<(String, String)> {
        let Value::Object(map) = self.payload() else { return Vec::new() };
        let joined = matches!(self.target, Target::Op(op) if op.body == BodyShape::Params);
        map.into_iter()
            .map(|(k, v)| {
                let s = match v {
                    Value::String(s) => s,
                    Value::Array(list) if joined => list
                        .iter()
                        .map(|x| match x {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(","),
                    other => other.to_string(),
                };
                (k, s)
            })
            .collect()
    }

    /// Reads the platform's answer to this batch.
    #[cfg(feature = "parse")]
    pub fn parse(&self, http_status: u16, body: &[u8]) -> Outcome {
        match &self.target {
            Target::Op(op) => (op.parse.expect("the parse feature fills every entry"))(self, http_status, body),
            Target::Call { platform, .. } => crate::outcome::parse_call(*platform, self, http_status, body),
        }
    }
}

/// A batch as plain data (for pickling, worker processes and resumable
/// jobs): `{"method", "platform", "indices", "items", "group", "call_payload"}`.
#[derive(serde::Serialize, serde::Deserialize)]
struct BatchData {
    method: String,
    platform: Platform,
    indices: Vec<usize>,
    items: Vec<Value>,
    #[serde(default)]
    group: Option<Value>,
    #[serde(default)]
    call_payload: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pager: Option<crate::flagship::Pager>,
}

impl Serialize for Batch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        BatchData {
            method: self.method().to_owned(),
            platform: self.platform(),
            indices: self.indices.clone(),
            items: self.items.clone(),
            group: self.group.clone(),
            call_payload: self.call_payload.clone(),
            pager: self.pager,
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Batch {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let data = BatchData::deserialize(d)?;
        let target = match &data.call_payload {
            Some(_) => Target::Call { platform: data.platform, method: data.method },
            None => {
                let op = operation(&data.method).map_err(|e| D::Error::custom(e.to_string()))?;
                if op.platform != data.platform {
                    return Err(D::Error::custom("platform does not match the operation"));
                }
                Target::Op(op)
            }
        };
        if data.call_payload.is_none() && data.indices.len() != data.items.len() {
            return Err(D::Error::custom("indices and items differ in length"));
        }
        if data.pager.is_some() && (data.call_payload.is_none() || data.platform != Platform::Flagship) {
            return Err(D::Error::custom("a pager applies to flagship generic calls only"));
        }
        Ok(Batch {
            target,
            indices: data.indices,
            items: data.items,
            group: data.group,
            call_payload: data.call_payload,
            pager: data.pager,
            items_json: ItemsJson::default(),
        })
    }
}

/// Serializes a batch's payload without copying its items.
struct PayloadRef<'a>(&'a Batch);

/// A list of items, each serialized without one key.
struct ItemsWithout<'a>(&'a [Value], &'static str);
struct ItemWithout<'a>(&'a Value, &'static str);

impl Serialize for ItemWithout<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut m = s.serialize_map(None)?;
                for (k, v) in map.iter().filter(|(k, _)| k.as_str() != self.1) {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            other => other.serialize(s),
        }
    }
}

impl Serialize for ItemsWithout<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&ItemWithout(item, self.1))?;
        }
        seq.end()
    }
}

struct Single<T>(T);
impl<T: Serialize> Serialize for Single<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(1))?;
        seq.serialize_element(&self.0)?;
        seq.end()
    }
}

struct Grouped<'a> {
    group_key: &'static str,
    group: &'a Value,
    list_key: &'static str,
    items: &'a [Value],
}
impl Serialize for Grouped<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry(self.group_key, self.group)?;
        m.serialize_entry(self.list_key, &ItemsWithout(self.items, self.group_key))?;
        m.end()
    }
}

struct OneParam<'a, T>(&'static str, &'a T);
impl<T: Serialize> Serialize for OneParam<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(self.0, self.1)?;
        m.end()
    }
}

impl Serialize for PayloadRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.0;
        if let Some(p) = &b.call_payload {
            return p.serialize(s);
        }
        let Target::Op(op) = b.target else { return Value::Null.serialize(s) };
        match op.body {
            BodyShape::ListArg => Single(&b.items).serialize(s),
            BodyShape::GroupedArg { group, list } => Single(Grouped {
                group_key: group,
                group: b.group.as_ref().unwrap_or(&Value::Null),
                list_key: list,
                items: &b.items,
            })
            .serialize(s),
            BodyShape::JsonListParam(name) => OneParam(name, &b.items).serialize(s),
            BodyShape::JsonObjectParam(name) => {
                OneParam(name, b.items.first().unwrap_or(&Value::Null)).serialize(s)
            }
            BodyShape::Params => b.items.first().unwrap_or(&Value::Null).serialize(s),
        }
    }
}

/// Appends a value as compact JSON, byte for byte what `serde_json::to_writer`
/// writes for it (numbers keep their exact text, keys their order, strings
/// the same escapes) — except that object members whose value is `null` are
/// left out (see `write_object`). A direct walk: serde's generic serializer spent more
/// than MD5 itself on a body of Chinese text (BENCHMARKS.md).
pub(crate) fn write_json(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => out.extend_from_slice(n.as_str().as_bytes()),
        Value::String(s) => write_json_str(out, s),
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
        Value::Object(map) => write_object(out, map, None),
    }
}

/// An object as compact JSON, leaving out the key `skip` and every member
/// whose value is `null`: null means "not given", and a field not given is
/// not sent (the platforms read `"x":null` or `x=` as a value, e.g. an empty
/// `status=` filter). List elements keep their nulls: a position is a value.
fn write_object(out: &mut Vec<u8>, map: &Map<String, Value>, skip: Option<&str>) {
    out.push(b'{');
    let mut first = true;
    for (k, v) in map {
        if skip == Some(k.as_str()) || v.is_null() {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        write_json_str(out, k);
        out.push(b':');
        write_json(out, v);
    }
    out.push(b'}');
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b \f \n \r \t`, other
/// controls below 0x20 as `\u00xx`; everything else (DEL, non-ASCII) as is.
fn write_json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Almost no string needs an escape: test that first, then copy it whole.
    if needs_escape(bytes) {
        write_escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// Whether some byte is below 0x20, a quote or a backslash: eight bytes per
/// test (the last, partial word is read overlapping the one before it).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set in a byte's lane when that byte is below 0x20, `"` or `\`
    // (exact for "any byte": the classic has-less / has-zero tricks).
    let flags = |w: u64| {
        let below = w.wrapping_sub(ONES * 0x20) & !w;
        let quote = (w ^ (ONES * 0x22)).wrapping_sub(ONES) & !(w ^ (ONES * 0x22));
        let slash = (w ^ (ONES * 0x5C)).wrapping_sub(ONES) & !(w ^ (ONES * 0x5C));
        (below | quote | slash) & HIGH
    };
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

/// Counts bytes written, to size items without keeping their JSON.
struct Counter(usize);
impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn json_len<T: Serialize + ?Sized>(v: &T) -> usize {
    let mut c = Counter(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

/// Checks items one by one: the schema, then keys that must be unique
/// across everything checked so far.
pub struct ItemValidator {
    op: &'static Operation,
    strict: bool,
    /// Register keys of items that failed their schema check too (raise mode:
    /// report every duplicate at once; skip mode: only sent items count).
    register_invalid: bool,
    /// Per unique key: hash of the key value → (item index, element index).
    seen: Vec<HashMap<u64, (usize, u32), BuildHasherDefault<PreHashed>>>,
    /// Keys of the item being checked (reused to avoid an allocation per item).
    found: Vec<(usize, u64, u32)>,
    /// Per unique key, per part: whether the schema requires that field.
    required_parts: Vec<Vec<bool>>,
    /// The last checked item's keys wait in `found` for [`ItemValidator::accept`].
    pending: bool,
    pending_index: usize,
}

/// The map keys are already SipHash values: hashing them again is waste.
#[derive(Default)]
struct PreHashed(u64);
impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl ItemValidator {
    /// A validator for one operation.
    pub fn new(op: &'static Operation, strict: bool, register_invalid: bool) -> Self {
        ItemValidator {
            op,
            strict,
            register_invalid,
            seen: op.unique_keys.iter().map(|_| HashMap::default()).collect(),
            found: Vec::new(),
            pending: false,
            pending_index: 0,
            required_parts: op
                .unique_keys
                .iter()
                .map(|key| {
                    let schema = key_schema(op, key);
                    key.fields.iter().map(|f| schema.and_then(|s| s.field(f)).is_some_and(|fd| fd.required)).collect()
                })
                .collect(),
        }
    }

    /// Every problem of one item. `indexed`: locations start with `index`.
    pub fn check(&mut self, index: usize, item: &Value, indexed: bool) -> Vec<ErrorRecord> {
        self.check_with(index, item, indexed, Vec::new())
    }

    /// [`ItemValidator::check`] with the host's conversion errors for this
    /// item merged in (see [`merge_host_errors`]).
    pub fn check_with(&mut self, index: usize, item: &Value, indexed: bool, host_errors: Vec<ErrorRecord>) -> Vec<ErrorRecord> {
        self.pending = false;
        let idx_prefix = [LocItem::Index(index)];
        let prefix: &[LocItem] = if indexed { &idx_prefix } else { &[] };
        let mut c = Checker::new(prefix, self.strict);
        c.check_object(self.op.item, item);
        let mut errors = c.errors;
        // Host errors count as errors of the item: in skip mode its keys are
        // not registered, since it will not be sent.
        let had_host = !host_errors.is_empty();
        if (errors.is_empty() && !had_host) || self.register_invalid {
            self.check_keys(index, item, prefix, indexed, &mut errors);
        }
        merge_host_errors(errors, host_errors)
    }

    fn check_keys(&mut self, index: usize, item: &Value, prefix: &[LocItem], indexed: bool, errors: &mut Vec<ErrorRecord>) {
        let Some(map) = item.as_object() else { return };
        let clean = errors.is_empty();
        // Keys of this item, checked before any is registered so that a
        // rejected item leaves no trace in skip mode.
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        for (k, key) in self.op.unique_keys.iter().enumerate() {
            let required = &self.required_parts[k];
            let mut add = |obj: &Map<String, Value>, sub: u32| {
                // A required part that is empty is already reported as
                // missing; a duplicate of "nothing" would only be noise.
                let required_empty = key
                    .fields
                    .iter()
                    .zip(required)
                    .any(|(f, &req)| req && !small_get(obj, f).is_some_and(crate::rules::is_given));
                if !required_empty {
                    if let Some(hash) = key_hash(obj, key.fields) {
                        found.push((k, hash, sub));
                    }
                }
            };
            match key.within {
                None => add(map, u32::MAX),
                Some(list) => {
                    if let Some(Value::Array(elems)) = small_get(map, list) {
                        for (j, e) in elems.iter().enumerate() {
                            if let Value::Object(o) = e {
                                add(o, j as u32);
                            }
                        }
                    }
                }
            }
        }
        let mut dup = false;
        for (n, &(k, hash, sub)) in found.iter().enumerate() {
            let earlier_here = found[..n].iter().find(|&&(k2, h2, _)| k2 == k && h2 == hash).map(|&(_, _, s)| (index, s));
            let Some((first_index, first_sub)) = earlier_here.or_else(|| self.seen[k].get(&hash).copied()) else {
                continue;
            };
            dup = true;
            let key = &self.op.unique_keys[k];
            let loc_of = |i: usize, s: u32| {
                let mut loc = if indexed { vec![LocItem::Index(i)] } else { Vec::new() };
                if let Some(list) = key.within {
                    loc.push(LocItem::Key(list.to_owned()));
                    loc.push(LocItem::Index(s as usize));
                }
                loc
            };
            let here_obj = match key.within {
                None => map,
                Some(list) => match map.get(list).and_then(|l| l.get(sub as usize)).and_then(Value::as_object) {
                    Some(o) => o,
                    None => continue,
                },
            };
            let mut here = loc_of(index, sub);
            let field = *key.fields.last().expect("a key has fields");
            here.push(LocItem::Key(field.to_owned()));
            let first_loc: Vec<Value> = loc_of(first_index, first_sub)
                .into_iter()
                .map(|l| match l {
                    LocItem::Index(i) => Value::from(i),
                    LocItem::Key(k) => Value::from(k),
                })
                .collect();
            let input = lookup(item, &here[prefix.len()..]).cloned().unwrap_or(Value::Null);
            let mut rec = ErrorRecord::new(ErrorType::DuplicateKey, here, input);
            rec.ctx_set("key", key.name).ctx_set("value", key_text(here_obj, key.fields)).ctx_set("first_loc", first_loc);
            errors.push(rec);
        }
        // Raise mode registers every item's keys at once (every duplicate is
        // reported); otherwise a clean item's keys wait until the caller
        // accepts it, since a later check (its size) may still refuse it.
        self.found = found;
        if self.register_invalid {
            self.register(index);
        } else {
            self.pending = clean && !dup;
            self.pending_index = index;
        }
    }

    fn register(&mut self, index: usize) {
        for &(k, hash, sub) in &self.found {
            self.seen[k].entry(hash).or_insert((index, sub));
        }
    }

    /// Registers the keys of the item just checked clean, once the caller
    /// has decided to send it (skip mode); a no-op otherwise.
    pub fn accept(&mut self) {
        if std::mem::take(&mut self.pending) {
            self.register(self.pending_index);
        }
    }
}

/// The schema a unique key's fields belong to (the item's, or the list
/// elements' for keys read `within` a list).
fn key_schema(op: &'static Operation, key: &crate::registry::UniqueKey) -> Option<&'static crate::rules::Schema> {
    match key.within {
        None => Some(op.item),
        Some(list) => match &op.item.field(list)?.kind {
            crate::rules::FieldKind::List { of: crate::rules::FieldKind::Object(schema), .. } => Some(*schema),
            _ => None,
        },
    }
}

fn lookup<'v>(v: &'v Value, path: &[LocItem]) -> Option<&'v Value> {
    let mut cur = v;
    for p in path {
        cur = match p {
            LocItem::Key(k) => cur.get(k.as_str())?,
            LocItem::Index(i) => cur.get(*i)?,
        };
    }
    Some(cur)
}

/// `map.get(key)` for the few keys an item has: comparing them in order is
/// cheaper than SipHash-ing the key (serde_json's map hashes with it), and
/// key checks look up every item's key fields.
fn small_get<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if map.len() > 16 {
        return map.get(key);
    }
    map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
}

/// The part of a key as text; `None` when it is not a scalar (its type
/// error is reported by the schema). Missing parts count as empty, as the
/// platforms default them.
fn key_part<'v>(obj: &'v Map<String, Value>, field: &str) -> Option<&'v str> {
    match small_get(obj, field) {
        None | Some(Value::Null) => Some(""),
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.as_str()),
        Some(_) => None,
    }
}

/// A key's 64-bit hash, or `None` when a part is not a scalar or when every
/// part is blank: a key of nothing (an optional code left empty, e.g. YMCart
/// `codeno`) names nothing, so two items without a code are not twins.
/// Eight bytes at a time with a multiply-xorshift mix and a murmur3
/// finalizer: keys are not adversarial, and a false duplicate needs a full
/// 64-bit collision.
fn key_hash(obj: &Map<String, Value>, fields: &[&str]) -> Option<u64> {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    let mut any = false;
    for f in fields {
        let part = key_part(obj, f)?;
        any |= !part.trim().is_empty();
        let part = part.as_bytes();
        let mut chunks = part.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            h = (h ^ w).wrapping_mul(K).rotate_left(29);
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        // The length separates parts ("ab"+"c" from "a"+"bc") and tails.
        h = (h ^ u64::from_le_bytes(tail) ^ ((part.len() as u64) << 56)).wrapping_mul(K).rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    any.then_some(h ^ (h >> 33))
}

/// A key as users read it: its parts joined by `+`.
fn key_text(obj: &Map<String, Value>, fields: &[&str]) -> String {
    fields.iter().map(|f| key_part(obj, f).unwrap_or("")).collect::<Vec<_>>().join("+")
}

/// Merges errors a host found while converting its values (a lone
/// surrogate, a NaN, an unsupported type — the bad value was replaced by
/// `null`) with the core's errors for the converted item: core errors at a
/// location the host already reported (or under it) are dropped, since they
/// only describe the placeholder. Host errors come first at their position.
pub fn merge_host_errors(core: Vec<ErrorRecord>, host: Vec<ErrorRecord>) -> Vec<ErrorRecord> {
    if host.is_empty() {
        return core;
    }
    // A host error covers core errors at or under its location, and an
    // either-or rule of the object it sits in that names its field (the
    // field was given; only its value could not be converted).
    let covered = |e: &ErrorRecord| {
        host.iter().any(|h| {
            e.loc.starts_with(&h.loc)
                || (e.kind == ErrorType::MissingOneOf
                    && h.loc.len() == e.loc.len() + 1
                    && h.loc.starts_with(&e.loc)
                    && matches!((h.loc.last(), e.ctx.get("fields")), (Some(LocItem::Key(k)), Some(Value::Array(fields)))
                        if fields.iter().any(|f| f.as_str() == Some(k.as_str()))))
        })
    };
    let mut out: Vec<ErrorRecord> = core.into_iter().filter(|e| !covered(e)).collect();
    out.extend(host);
    // Stable: keeps the validator's order among errors of one location.
    out.sort_by(|a, b| loc_cmp(&a.loc, &b.loc));
    out
}

fn loc_cmp(a: &[LocItem], b: &[LocItem]) -> std::cmp::Ordering {
    // Only the leading item index orders errors; within an item the
    // validator's order (the caller's field order) is kept.
    let first = |l: &[LocItem]| match l.first() {
        Some(LocItem::Index(i)) => *i,
        _ => 0,
    };
    first(a).cmp(&first(b))
}

/// [`validate`] for hosts: `host_errors` are conversion errors whose bad
/// values were replaced by `null` in `payload` (see [`merge_host_errors`]).
pub fn validate_with_host_errors(op_name: &str, payload: &Value, strict: bool, host_errors: Vec<ErrorRecord>) -> Result<Vec<ErrorRecord>, Error> {
    Ok(merge_host_errors(validate(op_name, payload, strict)?, host_errors))
}

/// Validates a payload for an operation: a list of items (locations start
/// with the item index) or a single item object. Every problem, in one pass.
pub fn validate(op_name: &str, payload: &Value, strict: bool) -> Result<Vec<ErrorRecord>, Error> {
    let op = operation(op_name)?;
    let mut v = ItemValidator::new(op, strict, true);
    Ok(match payload {
        Value::Array(items) => items.iter().enumerate().flat_map(|(i, item)| v.check(i, item, true)).collect(),
        other => v.check(0, other, false),
    })
}

/// The result of pushing one item into a [`Planner`].
#[derive(Debug)]
pub struct Step {
    /// The item's input position.
    pub index: usize,
    /// Its problems (empty when it was planned).
    pub errors: Vec<ErrorRecord>,
    /// A batch that became complete.
    pub batch: Option<Batch>,
}

struct Open {
    group: Option<Value>,
    indices: Vec<usize>,
    items: Vec<Value>,
    /// The items as the body will list them, comma-separated.
    json: Vec<u8>,
    bytes: usize,
}

/// Plans items into batches one at a time (streaming).
pub struct Planner {
    op: &'static Operation,
    max_items: usize,
    max_body: Option<usize>,
    validator: ItemValidator,
    next_index: usize,
    open: Vec<Open>,
    /// The item being added, as JSON (reused).
    scratch: Vec<u8>,
}

impl Planner {
    /// A planner for a push operation. `max_items` above a documented limit is refused.
    pub fn new(op_name: &str, opts: &PlanOptions) -> Result<Planner, Error> {
        let op = operation(op_name)?;
        if op.kind != OpKind::Push {
            return Err(Error::other(
                crate::error::ErrorCode::Unsupported,
                format!("{} is a query: use a query plan, not planning", op.name),
                format!("{}是查询接口：请使用查询计划", op.name),
            ));
        }
        let max_items = match opts.max_items {
            None => op.limits.max_items,
            Some(0) => return Err(Error::invalid_argument("max_items must be at least 1", "max_items至少为1")),
            // A documented limit is a hard limit; a default skuwire chose
            // where the page is silent may be raised by the caller.
            Some(n) if n > op.limits.max_items && op.limits.documented => {
                return Err(Error::invalid_argument(
                    format!("max_items {n} is above the documented limit of {} for {}; it can only be lowered", op.limits.max_items, op.name),
                    format!("max_items {n} 超过{}文档规定的上限{}；只能调低", op.name, op.limits.max_items),
                ))
            }
            Some(n) => n,
        };
        let max_body = match (opts.max_body_bytes, op.limits.max_body_bytes) {
            (Some(0), _) => {
                return Err(Error::invalid_argument("max_body_bytes must be at least 1", "max_body_bytes至少为1"))
            }
            (Some(n), Some(cap)) if n > cap => {
                return Err(Error::invalid_argument(
                    format!("max_body_bytes {n} is above the limit of {cap} for {}", op.name),
                    format!("max_body_bytes {n} 超过{}的上限{cap}", op.name),
                ))
            }
            (Some(n), _) => Some(n),
            (None, cap) => cap,
        };
        let register_invalid = opts.on_invalid == OnInvalid::Raise;
        Ok(Planner {
            op,
            max_items,
            max_body,
            validator: ItemValidator::new(op, opts.strict, register_invalid),
            next_index: 0,
            open: Vec::new(),
            scratch: Vec::new(),
        })
    }

    /// The operation being planned.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// The per-batch item limit in force.
    pub fn max_items(&self) -> usize {
        self.max_items
    }

    /// Records that the next input item could not even be converted (a host
    /// conversion error): it takes an index and is reported, never dropped.
    pub fn push_invalid(&mut self, errors: Vec<ErrorRecord>) -> Step {
        let index = self.next_index;
        self.next_index += 1;
        Step { index, errors, batch: None }
    }

    /// The index the next pushed item will get.
    pub fn next_index(&self) -> usize {
        self.next_index
    }

    /// Validates one item and adds it to its batch; returns the batch that
    /// became complete, if any.
    pub fn push(&mut self, item: Value) -> Step {
        self.push_with_host_errors(item, Vec::new())
    }

    /// [`Planner::push`] for hosts: `host_errors` are conversion errors for
    /// this item (locations start with its index; bad values replaced by
    /// `null`). An item with host errors is never planned.
    pub fn push_with_host_errors(&mut self, item: Value, host_errors: Vec<ErrorRecord>) -> Step {
        let index = self.next_index;
        self.next_index += 1;
        let mut errors = self.validator.check_with(index, &item, true, host_errors);
        if !errors.is_empty() {
            return Step { index, errors, batch: None };
        }
        // The shop (ApiGoods.upload) this item is grouped by, borrowed: it is
        // cloned only to open a batch, not for every row.
        let group: Option<&Value> = match self.op.body {
            BodyShape::GroupedArg { group, .. } => Some(item.as_object().and_then(|m| small_get(m, group)).unwrap_or(&Value::Null)),
            _ => None,
        };
        // The item's JSON as its batch will list it is written now, while the
        // item is in cache from its check. Under a body-size limit it goes to
        // a scratch buffer first: its length decides where it may go.
        let size = match self.max_body {
            None => 0,
            Some(_) => {
                self.scratch.clear();
                write_listed(self.op.body, &mut self.scratch, &item);
                self.scratch.len()
            }
        };
        let overhead = self.max_body.map(|_| self.overhead(group)).unwrap_or(0);
        if let Some(max) = self.max_body {
            if overhead + size > max {
                let mut rec = ErrorRecord::new(ErrorType::ItemTooLarge, vec![LocItem::Index(index)], Value::Null);
                rec.ctx_set("size", overhead + size).ctx_set("max_body_bytes", max);
                errors.push(rec);
                return Step { index, errors, batch: None };
            }
        }
        self.validator.accept();
        // Equal values are one group ("1" and 1 are two, as their JSON differs).
        let pos = match self.open.iter().position(|o| o.group.as_ref() == group) {
            Some(p) => p,
            None => {
                self.open.push(Open { group: group.cloned(), indices: Vec::new(), items: Vec::new(), json: Vec::new(), bytes: overhead });
                self.open.len() - 1
            }
        };
        // A batch is closed as soon as it reaches max_items, so at most one
        // batch completes per push: either the open one overflows by size, or
        // it fills up with this item.
        let mut ready = None;
        let o = &self.open[pos];
        if !o.items.is_empty() && self.max_body.is_some_and(|max| o.bytes + 1 + size > max) {
            ready = Some(self.take(pos));
        }
        let o = &mut self.open[pos];
        o.bytes += usize::from(!o.items.is_empty()) + size;
        if !o.items.is_empty() {
            o.json.push(b',');
        }
        match self.max_body {
            Some(_) => o.json.extend_from_slice(&self.scratch),
            None => write_listed(self.op.body, &mut o.json, &item),
        }
        o.indices.push(index);
        o.items.push(item);
        if ready.is_none() && o.items.len() >= self.max_items {
            ready = Some(self.take(pos));
        }
        Step { index, errors, batch: ready }
    }

    /// Bytes of the payload around the items.
    fn overhead(&self, group: Option<&Value>) -> usize {
        let empty = Batch {
            target: Target::Op(self.op),
            indices: Vec::new(),
            items: Vec::new(),
            group: group.cloned(),
            call_payload: None,
            pager: None,
            items_json: ItemsJson::default(),
        };
        json_len(&PayloadRef(&empty))
    }

    /// Closes the open batch at `pos`, leaving an empty one for its group.
    fn take(&mut self, pos: usize) -> Batch {
        let overhead = if self.max_body.is_some() { self.overhead(self.open[pos].group.as_ref()) } else { 0 };
        let o = &mut self.open[pos];
        o.bytes = overhead;
        // The next batch of this group is likely about as large.
        let len = o.json.len();
        let json = std::mem::replace(&mut o.json, Vec::with_capacity(len + len / 8));
        Batch {
            target: Target::Op(self.op),
            indices: std::mem::take(&mut o.indices),
            items: std::mem::take(&mut o.items),
            group: o.group.clone(),
            call_payload: None,
            pager: None,
            items_json: ItemsJson(Some(json)),
        }
    }

    /// The remaining partial batches, in order of their first item.
    pub fn finish(mut self) -> Vec<Batch> {
        let mut rest: Vec<Batch> = (0..self.open.len())
            .filter(|&p| !self.open[p].items.is_empty())
            .collect::<Vec<_>>()
            .into_iter()
            .map(|p| self.take(p))
            .collect();
        rest.sort_by_key(|b| b.indices[0]);
        rest
    }
}

/// Appends an item's JSON as a batch of this body shape lists it (grouped
/// rows leave out their group key, which the body carries once).
fn write_listed(body: BodyShape, out: &mut Vec<u8>, item: &Value) {
    match (body, item) {
        (BodyShape::GroupedArg { group, .. }, Value::Object(map)) => write_object(out, map, Some(group)),
        _ => write_json(out, item),
    }
}

/// One event of a streaming plan.
#[derive(Debug)]
// Each event is moved once, straight to the caller: boxing the batch would
// only add an allocation per batch.
#[allow(clippy::large_enum_variant)]
pub enum PlanEvent {
    /// A complete batch, ready to sign and send.
    Batch(Batch),
    /// An item left out, with every problem it has.
    Invalid {
        /// Its input position.
        index: usize,
        /// Its problems.
        errors: Vec<ErrorRecord>,
    },
}

/// Streams items through a [`Planner`], yielding batches and invalid items
/// as they happen (skip mode).
pub struct PlanIter<I> {
    planner: Option<Planner>,
    items: I,
    tail: std::vec::IntoIter<Batch>,
}

impl<I: Iterator<Item = Value>> Iterator for PlanIter<I> {
    type Item = PlanEvent;
    fn next(&mut self) -> Option<PlanEvent> {
        loop {
            let Some(planner) = self.planner.as_mut() else {
                return self.tail.next().map(PlanEvent::Batch);
            };
            match self.items.next() {
                Some(item) => {
                    let step = planner.push(item);
                    if !step.errors.is_empty() {
                        // An invalid item never completes a batch.
                        return Some(PlanEvent::Invalid { index: step.index, errors: step.errors });
                    }
                    if let Some(b) = step.batch {
                        return Some(PlanEvent::Batch(b));
                    }
                }
                None => {
                    self.tail = self.planner.take().expect("checked above").finish().into_iter();
                }
            }
        }
    }
}

/// Plans lazily: items are pulled only as batches are asked for.
pub fn plan_iter<I: IntoIterator<Item = Value>>(op_name: &str, items: I, opts: &PlanOptions) -> Result<PlanIter<I::IntoIter>, Error> {
    let planner = Planner::new(op_name, opts)?;
    Ok(PlanIter { planner: Some(planner), items: items.into_iter(), tail: Vec::new().into_iter() })
}

/// A finished plan: the batches and the items left out.
#[derive(Debug, Default)]
pub struct Plan {
    /// Batches in emission order.
    pub batches: Vec<Batch>,
    /// Items left out (skip mode), with their problems.
    pub invalid: Vec<(usize, Vec<ErrorRecord>)>,
}

/// Plans a whole input. In raise mode any problem fails the plan with every
/// problem listed; in skip mode invalid items are reported in `invalid`.
pub fn plan<I: IntoIterator<Item = Value>>(op_name: &str, items: I, opts: &PlanOptions) -> Result<Plan, Error> {
    plan_with_host_errors(op_name, items.into_iter().map(|v| (v, Vec::new())), opts)
}

/// [`plan`] for hosts: each item comes with the errors the host found while
/// converting it (locations start with its index; see [`merge_host_errors`]).
pub fn plan_with_host_errors<I>(op_name: &str, items: I, opts: &PlanOptions) -> Result<Plan, Error>
where
    I: IntoIterator<Item = (Value, Vec<ErrorRecord>)>,
{
    let mut planner = Planner::new(op_name, opts)?;
    let mut out = Plan::default();
    let mut errors = Vec::new();
    for (item, host) in items {
        let step = planner.push_with_host_errors(item, host);
        if !step.errors.is_empty() {
            match opts.on_invalid {
                OnInvalid::Raise => errors.extend(step.errors),
                OnInvalid::Skip => out.invalid.push((step.index, step.errors)),
            }
        }
        if let Some(b) = step.batch {
            out.batches.push(b);
        }
    }
    if !errors.is_empty() {
        return Err(ValidationErrors { op: planner.op.name.to_owned(), errors }.into());
    }
    out.batches.extend(planner.finish());
    Ok(out)
}

/// An input item with the errors the host (or the JSON reader) found in it.
pub type HostItem = (Value, Vec<ErrorRecord>);

fn json_invalid(e: serde_json::Error) -> ErrorRecord {
    let mut rec = ErrorRecord::new(ErrorType::JsonInvalid, Vec::new(), Value::Null);
    rec.ctx_set("error", e.to_string());
    rec
}

/// Parses JSON text into a value, reporting bad JSON as a `json_invalid`
/// record, nesting deeper than [`crate::MAX_DEPTH`] as `nesting_too_deep`,
/// and a key repeated in one object as `json_duplicate_key` (the first).
pub fn parse_json_input(text: &[u8]) -> Result<Value, ErrorRecord> {
    let (value, mut dups) = crate::json::parse_with_duplicates(text).map_err(|e| {
        if crate::json::is_recursion_limit(&e) {
            ErrorRecord::nesting_too_deep(Vec::new())
        } else {
            json_invalid(e)
        }
    })?;
    if crate::rules::depth(&value, crate::rules::MAX_DEPTH) > crate::rules::MAX_DEPTH {
        return Err(ErrorRecord::nesting_too_deep(Vec::new()));
    }
    if !dups.is_empty() {
        return Err(dups.swap_remove(0));
    }
    Ok(value)
}

/// Parses JSON text holding a list of items (or one item object) into the
/// items a planner takes: an item nested deeper than [`crate::MAX_DEPTH`]
/// becomes `null` with a `nesting_too_deep` host error at its index, and a
/// repeated key is a `json_duplicate_key` host error at its path, so such
/// items are reported, not dropped, and their neighbours still plan.
pub fn parse_json_items(text: &[u8]) -> Result<Vec<HostItem>, ErrorRecord> {
    let (is_list, mut items) = parse_json_payload(text)?;
    if !is_list {
        // A lone object is planned as item 0: its reader errors say so.
        for (_, errors) in &mut items {
            for e in errors.iter_mut() {
                e.loc.insert(0, LocItem::Index(0));
            }
        }
    }
    Ok(items)
}

/// The slow path of [`parse_json_payload`] for a text serde_json refused
/// for its nesting: each top-level item is read on its own, and an item
/// nested too deep becomes `null` with a `nesting_too_deep` record, so its
/// neighbours still plan.
fn parse_json_payload_deep(text: &[u8]) -> Result<(bool, Vec<HostItem>), ErrorRecord> {
    let Some(parts) = crate::json::split_top_level_array(text) else {
        // One item (an object) too deep for any reader.
        return Ok((false, vec![(Value::Null, vec![ErrorRecord::nesting_too_deep(Vec::new())])]));
    };
    parts
        .into_iter()
        .enumerate()
        .map(|(i, (range, depth))| {
            if depth > crate::rules::MAX_DEPTH {
                return Ok((Value::Null, vec![ErrorRecord::nesting_too_deep(vec![LocItem::Index(i)])]));
            }
            let (value, dups) = crate::json::parse_with_duplicates(&text[range]).map_err(json_invalid)?;
            let dups = dups.into_iter().map(|d| d.prefixed(&[LocItem::Index(i)])).collect();
            Ok((value, dups))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(|items| (true, items))
}

/// [`parse_json_items`], also telling whether the text was a list (`true`)
/// or a single item (`false`) — validation locates a single item's errors
/// without an index, and so does this function (`parse_json_items` adds the
/// index 0 a planner gives a lone item).
pub fn parse_json_payload(text: &[u8]) -> Result<(bool, Vec<HostItem>), ErrorRecord> {
    let (value, dups) = match crate::json::parse_with_duplicates(text) {
        Ok(parsed) => parsed,
        Err(e) if crate::json::is_recursion_limit(&e) => return parse_json_payload_deep(text),
        Err(e) => return Err(json_invalid(e)),
    };
    let (is_list, items) = match value {
        Value::Array(items) => (true, items),
        other => (false, vec![other]),
    };
    // A duplicate found inside item i has a location starting with i (or,
    // for a single item, no index, which is what its errors use too).
    let mut by_item: Vec<Vec<ErrorRecord>> = vec![Vec::new(); items.len()];
    for d in dups {
        let i = match (is_list, d.loc.first()) {
            (true, Some(LocItem::Index(i))) => *i,
            _ => 0,
        };
        if let Some(slot) = by_item.get_mut(i) {
            slot.push(d);
        }
    }
    Ok((is_list, items
        .into_iter()
        .zip(by_item)
        .enumerate()
        .map(|(i, (item, dups))| {
            if crate::rules::depth(&item, crate::rules::MAX_DEPTH) > crate::rules::MAX_DEPTH {
                // A lone object's locations carry no index, like its other errors.
                let loc = if is_list { vec![LocItem::Index(i)] } else { Vec::new() };
                (Value::Null, vec![ErrorRecord::nesting_too_deep(loc)])
            } else {
                (item, dups)
            }
        })
        .collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_body_writer_writes_serde_json_bytes() {
        // Every escape class, at every offset of the 8-byte scan, beside
        // Chinese text, emoji and DEL (which JSON leaves as it is).
        let mut strings = vec![String::new()];
        for special in ["\"", "\\", "\u{8}", "\u{c}", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "店", "😀", "/"] {
            for pad in 0..10 {
                strings.push(format!("{}{special}{}", "a".repeat(pad), "货".repeat(pad % 3)));
            }
        }
        let value = json!({
            "strings": strings,
            "numbers": [serde_json::from_str::<Value>("-0").unwrap(), serde_json::from_str::<Value>("59.90").unwrap(), serde_json::from_str::<Value>("123456789012345678901234567890").unwrap()],
            "nested": [{"a\"b": "x", "t": true, "f": false, "n": [null]}, [], {}],
        });
        let mut ours = Vec::new();
        write_json(&mut ours, &value);
        assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn null_members_are_not_written_at_any_depth() {
        // null means "not given": not sent, however deep; list positions stay.
        let v = json!({"a": null, "b": {"c": null, "d": [null, {"e": null, "f": 1}]}, "g": "x"});
        let mut out = Vec::new();
        write_json(&mut out, &v);
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"b":{"d":[null,{"f":1}]},"g":"x"}"#);
    }

    #[test]
    fn every_body_shape_matches_its_payload() {
        let goods = vec![json!({"goods_no": "G1", "goods_name": "杯\n", "spec_list": [{"spec_no": "S1", "retail_price": "1.50"}]})];
        let rows = vec![json!({"shop_no": "店1", "goods_id": "1", "price": 2.5}), json!({"goods_id": "2", "shop_no": "店1"})];
        for (op, items) in [("goods.Goods.batchPush", goods), ("goods.ApiGoods.upload", rows)] {
            for b in plan(op, items, &PlanOptions::default()).unwrap().batches {
                assert_eq!(b.body_json(), serde_json::to_vec(&PayloadRef(&b)).unwrap(), "{op}");
            }
        }
        let call = Batch::call(Platform::Flagship, "x.y", json!(["a\u{1}", 1.25, {"k": [null]}])).unwrap();
        assert!(call.items_json.0.is_none());
        assert_eq!(call.body_json(), serde_json::to_vec(&call.payload()).unwrap());
    }

    #[test]
    fn the_planners_item_json_is_the_body_a_restored_batch_writes() {
        // Batches split by count and by size, grouped rows with the group key
        // first, last and in between: the JSON written while planning must be
        // the bytes the items give when written again from scratch.
        let goods: Vec<Value> = (0..23)
            .map(|i| json!({"goods_no": format!("G{i}"), "goods_name": format!("杯\"{i}\\"), "spec_list": [{"spec_no": format!("S{i}"), "retail_price": "1.50"}]}))
            .collect();
        let rows: Vec<Value> = (0..31)
            .map(|i| match i % 3 {
                0 => json!({"shop_no": format!("店{}", i % 4), "goods_id": format!("{i}"), "spec_id": "1"}),
                1 => json!({"goods_id": format!("{i}"), "spec_id": "1", "shop_no": format!("店{}", i % 4)}),
                _ => json!({"goods_id": format!("{i}"), "shop_no": format!("店{}", i % 4), "spec_id": "1"}),
            })
            .collect();
        for (op, items) in [("goods.Goods.batchPush", goods), ("goods.ApiGoods.upload", rows)] {
            for opts in [
                PlanOptions::default(),
                PlanOptions { max_items: Some(4), ..PlanOptions::default() },
                PlanOptions { max_body_bytes: Some(400), ..PlanOptions::default() },
            ] {
                let batches = plan(op, items.clone(), &opts).unwrap().batches;
                assert!(batches.len() > usize::from(opts != PlanOptions::default()), "{op}: the input is split");
                let mut seen = 0;
                for b in batches {
                    assert!(b.items_json.0.is_some());
                    seen += b.len();
                    let restored = Batch::from_json(&serde_json::to_value(&b).unwrap()).unwrap();
                    assert!(restored.items_json.0.is_none());
                    assert_eq!(b.body_json(), restored.body_json(), "{op}");
                    assert_eq!(b.body_json(), serde_json::to_vec(&PayloadRef(&b)).unwrap(), "{op}");
                    if let Some(max) = opts.max_body_bytes {
                        assert!(b.body_json().len() <= max, "{op}: {} > {max}", b.body_json().len());
                    }
                }
                assert_eq!(seen, items.len());
            }
        }
    }

    #[test]
    fn field_lookups_are_right_whatever_key_order_came_before() {
        // The schema remembers the last object's key order as a hint: items
        // with other orders, unknown keys at remembered positions and more
        // keys than the hint holds must still be checked field by field.
        let good = json!({"goods_no": "G", "goods_name": "杯", "spec_list": [{"spec_no": "S", "retail_price": "1.5"}]});
        let mut extra = serde_json::Map::new();
        for i in 0..70 {
            extra.insert(format!("x_{i}"), json!(i));
        }
        extra.insert("goods_name".into(), json!("名".repeat(300)));
        extra.insert("goods_no".into(), json!("G2"));
        extra.insert("spec_list".into(), json!([{"retail_price": "1.23456", "spec_no": "S2"}]));
        let items = vec![
            good.clone(),
            json!({"spec_list": [{"retail_price": "x", "spec_no": "S3"}], "goods_name": "杯", "goods_no": "G3"}),
            json!({"goods_name": "杯", "goods_no": "G4", "spec_list": [{"spec_no": "S4", "retail_price": 1}]}),
            json!({"goods_no": "G5", "spec_list": [{"spec_no": "S5"}], "goods_name": "杯"}),
            json!({"goods_no": "G6", "goods_nam": "杯", "spec_list": [{"spec_no": "S6"}]}),
            Value::Object(extra),
            json!({"goods_no": "G7", "goods_name": "杯", "spec_list": [{"spec_no": "S7", "retail_price": "1.5"}]}),
        ];
        let found = |items: Vec<Value>| -> Vec<(String, String)> {
            validate("goods.Goods.batchPush", &Value::Array(items), false).unwrap().iter().map(|e| (crate::loc_to_string(&e.loc), e.kind.name().to_owned())).collect()
        };
        let expected = vec![
            ("[1].spec_list[0].retail_price".to_owned(), "decimal_parsing".to_owned()),
            ("[4].goods_name".to_owned(), "missing".to_owned()),
            ("[5].goods_name".to_owned(), "string_too_long".to_owned()),
            ("[5].spec_list[0].retail_price".to_owned(), "decimal_max_places".to_owned()),
        ];
        assert_eq!(found(items.clone()), expected);
        // Each item alone, after an item of another order: the same records.
        for (i, item) in items.iter().enumerate() {
            let mine: Vec<_> = expected.iter().filter(|(l, _)| l.starts_with(&format!("[{i}]"))).map(|(l, t)| (l.replacen(&format!("[{i}]"), "[1]", 1), t.clone())).collect();
            assert_eq!(found(vec![items[(i + 3) % items.len()].clone(), item.clone()]).into_iter().filter(|(l, _)| l.starts_with("[1]")).collect::<Vec<_>>(), mine, "item {i}");
        }
    }
}

