//! [`Batch`]: one future call, unsigned.
//!
//! A batch keeps its items as the body lists them — their JSON, written by
//! the planner while it checked each item — so signing copies bytes rather
//! than walking values again, and a plan holds no value tree per item.
//! [`Batch::items`] reads them back (once, on first use) for the few that
//! want values: outcome parsing that names items, the hosts' `items`.

#[cfg(feature = "parse")]
use crate::outcome::Outcome;
use crate::error::Error;
use crate::descriptor::{CallParams, PageStyle};
use crate::registry::{operation, BodyShape, Operation, Platform};
use crate::write::{write_body_value, write_json, write_str};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::sync::OnceLock;

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

/// Paging system parameters of a paged generic call (flagship: `page_size`,
/// `page_no`, `calc_total` travel in the URL beside `method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pager {
    /// Page number, from 0.
    pub page_no: u32,
    /// Rows per page.
    pub page_size: u32,
    /// Ask for the total count (`calc_total=1`).
    pub calc_total: bool,
}

/// An unsigned batch: one future call.
#[derive(Clone)]
pub struct Batch {
    pub(crate) target: Target,
    pub(crate) indices: Vec<usize>,
    /// The items as the body lists them, comma-separated.
    pub(crate) json: Vec<u8>,
    /// Where each item's JSON ends in `json`.
    pub(crate) ends: Vec<usize>,
    pub(crate) group: Option<Value>,
    /// Grouped items: where each item's group key stood among its keys, so
    /// [`Batch::items`] gives the items back as they were given.
    pub(crate) group_pos: Vec<u16>,
    /// For generic calls: the payload as given.
    pub(crate) call_payload: Option<Value>,
    /// For paged flagship calls: the paging system parameters.
    pub(crate) pager: Option<Pager>,
    /// The items read back from `json`, on first use; a head start on signing.
    derived: Derived,
}

/// Work done on a finished batch where it was planned, before it is handed
/// over: a client's head start on its signature
/// ([`crate::request::Signer::head_starter`], run by a planning pipeline).
pub type Prepare = std::sync::Arc<dyn Fn(&mut Batch) + Send + Sync>;

/// Derived data: takes no part in equality, printing or serialization.
#[derive(Clone, Default)]
struct Derived {
    items: OnceLock<Vec<Value>>,
    #[cfg(feature = "sign")]
    head_start: Option<crate::request::HeadStart>,
}

impl PartialEq for Batch {
    fn eq(&self, other: &Self) -> bool {
        self.target == other.target
            && self.indices == other.indices
            && self.json == other.json
            && self.ends == other.ends
            && self.group == other.group
            && self.call_payload == other.call_payload
            && self.pager == other.pager
    }
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("method", &self.method())
            .field("platform", &self.platform())
            .field("indices", &self.indices)
            .field("items", &String::from_utf8_lossy(&self.json))
            .field("group", &self.group)
            .field("call_payload", &self.call_payload)
            .field("pager", &self.pager)
            .finish()
    }
}

impl Batch {
    /// A batch of an operation from items already written as the body lists them.
    pub(crate) fn of_items(op: &'static Operation, indices: Vec<usize>, json: Vec<u8>, ends: Vec<usize>, group: Option<Value>, group_pos: Vec<u16>) -> Batch {
        Batch { target: Target::Op(op), indices, json, ends, group, group_pos, call_payload: None, pager: None, derived: Derived::default() }
    }

    /// A batch from items given as values (a restored batch, a query's
    /// parameters): each written as the planner writes it.
    fn of_values(op: &'static Operation, indices: Vec<usize>, items: &[Value], group: Option<Value>) -> Batch {
        let skip = match op.body {
            BodyShape::GroupedArg { group, .. } => Some(group),
            _ => None,
        };
        let (mut json, mut ends, mut group_pos) = (Vec::new(), Vec::with_capacity(items.len()), Vec::new());
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                json.push(b',');
            }
            write_body_value(&mut json, item, skip);
            ends.push(json.len());
            if let Some(key) = skip {
                let pos = item.as_object().and_then(|m| m.keys().position(|k| k == key)).unwrap_or(u16::MAX as usize);
                group_pos.push(pos.min(u16::MAX as usize) as u16);
            }
        }
        Batch::of_items(op, indices, json, ends, group, group_pos)
    }

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
        let d = platform.descriptor();
        match (d.call_params, &payload) {
            (CallParams::Positional, Value::Array(_)) | (CallParams::Named, Value::Object(_)) => {}
            _ => return Err(Error::invalid_argument(d.call_params_error.0, d.call_params_error.1)),
        }
        Ok(Batch {
            target: Target::Call { platform, method: method.to_owned() },
            indices: Vec::new(),
            json: Vec::new(),
            ends: Vec::new(),
            group: None,
            group_pos: Vec::new(),
            call_payload: Some(payload),
            pager: None,
            derived: Derived::default(),
        })
    }

    /// A paged generic call (flagship): `page_no`, `page_size` and
    /// `calc_total` are signed and sent as system parameters.
    pub fn with_pager(mut self, pager: Pager) -> Result<Batch, Error> {
        if self.call_payload.is_none() || self.platform().descriptor().paging != PageStyle::Url {
            return Err(Error::invalid_argument(
                "a pager applies to flagship generic calls only",
                "分页参数仅适用于旗舰版通用调用",
            ));
        }
        self.pager = Some(pager);
        Ok(self)
    }

    /// The paging system parameters of a paged generic call.
    pub fn pager(&self) -> Option<Pager> {
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
    pub(crate) fn query(op: &'static Operation, params: Value) -> Batch {
        Batch::of_values(op, Vec::new(), std::slice::from_ref(&params), None)
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

    /// The JSON of item `i` as the body lists it.
    fn item_json(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        &self.json[start..self.ends[i]]
    }

    /// The items, in input order, as they are sent: a field left out or
    /// `null` is not there (read back from the body on first use; a
    /// grouped item has its group key back where it was).
    pub fn items(&self) -> &[Value] {
        self.derived.items.get_or_init(|| {
            let key = match self.operation().map(|op| op.body) {
                Some(BodyShape::GroupedArg { group, .. }) => Some(group),
                _ => None,
            };
            (0..self.ends.len())
                .map(|i| {
                    let mut v: Value = serde_json::from_slice(self.item_json(i)).unwrap_or(Value::Null);
                    if let (Some(key), Some(group), Value::Object(map)) = (key, &self.group, &mut v) {
                        let pos = usize::from(self.group_pos.get(i).copied().unwrap_or(u16::MAX)).min(map.len());
                        map.shift_insert(pos, key.to_owned(), group.clone());
                    }
                    v
                })
                .collect()
        })
    }

    /// Number of input items in this batch.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True for a batch without input items (generic calls).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
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

    /// Keeps a head start on this batch's signature (see [`crate::request::HeadStart`]).
    #[cfg(feature = "sign")]
    pub(crate) fn set_head_start(&mut self, h: crate::request::HeadStart) {
        self.derived.head_start = Some(h);
    }

    /// The head start made by the client `signer`, if any.
    #[cfg(feature = "sign")]
    pub(crate) fn head_start(&self, signer: u64) -> Option<&crate::request::HeadStart> {
        self.derived.head_start.as_ref().filter(|h| h.signer == signer)
    }

    #[cfg(all(test, feature = "sign"))]
    pub(crate) fn derived_head_start(&self) -> Option<&crate::request::HeadStart> {
        self.derived.head_start.as_ref()
    }

    /// The payload as compact JSON text: for flagship, exactly the HTTP body.
    pub fn body_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.json.len() + 128);
        self.write_body_json(&mut out);
        out
    }

    /// Appends the payload JSON to `out`: the bytes `serde_json::to_writer`
    /// writes for [`Batch::payload`]; the items' JSON is copied as written.
    pub fn write_body_json(&self, out: &mut Vec<u8>) {
        if let Some(p) = &self.call_payload {
            return write_body_value(out, p, None);
        }
        let Target::Op(op) = self.target else { return out.extend_from_slice(b"null") };
        let list = |out: &mut Vec<u8>| {
            out.push(b'[');
            out.extend_from_slice(&self.json);
            out.push(b']');
        };
        let first = |out: &mut Vec<u8>| match self.ends.is_empty() {
            true => out.extend_from_slice(b"null"),
            false => out.extend_from_slice(self.item_json(0)),
        };
        match op.body {
            BodyShape::ListArg => {
                out.push(b'[');
                list(out);
                out.push(b']');
            }
            BodyShape::GroupedArg { group, list: list_key } => {
                out.extend_from_slice(b"[{");
                write_str(out, group);
                out.push(b':');
                write_json(out, self.group.as_ref().unwrap_or(&Value::Null));
                out.push(b',');
                write_str(out, list_key);
                out.push(b':');
                list(out);
                out.extend_from_slice(b"}]");
            }
            BodyShape::JsonListParam(name) => {
                out.push(b'{');
                write_str(out, name);
                out.push(b':');
                list(out);
                out.push(b'}');
            }
            BodyShape::JsonObjectParam(name) => {
                out.push(b'{');
                write_str(out, name);
                out.push(b':');
                first(out);
                out.push(b'}');
            }
            BodyShape::Params => first(out),
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
    pager: Option<Pager>,
}

impl Serialize for Batch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        BatchData {
            method: self.method().to_owned(),
            platform: self.platform(),
            indices: self.indices.clone(),
            items: self.items().to_vec(),
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
        if data.call_payload.is_none() && data.indices.len() != data.items.len() {
            return Err(D::Error::custom("indices and items differ in length"));
        }
        if data.pager.is_some() && (data.call_payload.is_none() || data.platform.descriptor().paging != PageStyle::Url) {
            return Err(D::Error::custom("a pager applies to flagship generic calls only"));
        }
        match data.call_payload {
            Some(payload) => Ok(Batch {
                target: Target::Call { platform: data.platform, method: data.method },
                indices: data.indices,
                json: Vec::new(),
                ends: Vec::new(),
                group: data.group,
                group_pos: Vec::new(),
                call_payload: Some(payload),
                pager: data.pager,
                derived: Derived::default(),
            }),
            None => {
                let op = operation(&data.method).map_err(|e| D::Error::custom(e.to_string()))?;
                if op.platform != data.platform {
                    return Err(D::Error::custom("platform does not match the operation"));
                }
                Ok(Batch::of_values(op, data.indices, &data.items, data.group))
            }
        }
    }
}

/// The bytes of a batch's payload around its items (no items): what a
/// body-size limit adds to the items' own JSON.
pub(crate) fn overhead(op: &'static Operation, group: Option<&Value>) -> usize {
    Batch::of_items(op, Vec::new(), Vec::new(), Vec::new(), group.cloned(), Vec::new()).body_json().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{plan, PlanOptions};
    use serde_json::json;

    /// The payload as serde_json writes it from the items (the body shapes
    /// written out by hand, for comparison).
    fn serde_payload(b: &Batch) -> Vec<u8> {
        let items = b.items();
        let strip = |v: &Value, key: &str| match v {
            Value::Object(m) => Value::Object(m.iter().filter(|(k, _)| k.as_str() != key).map(|(k, v)| (k.clone(), v.clone())).collect()),
            other => other.clone(),
        };
        let v = match b.operation().map(|op| op.body) {
            Some(BodyShape::ListArg) => json!([items]),
            Some(BodyShape::GroupedArg { group, list }) => {
                json!([{group: b.group().cloned().unwrap_or(Value::Null), list: items.iter().map(|i| strip(i, group)).collect::<Vec<_>>()}])
            }
            _ => return b.body_json(),
        };
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn every_body_shape_matches_its_payload() {
        let goods = vec![json!({"goods_no": "G1", "goods_name": "杯\n", "spec_list": [{"spec_no": "S1", "retail_price": "1.50"}]})];
        let rows = vec![json!({"shop_no": "店1", "goods_id": "1", "price": 2.5}), json!({"goods_id": "2", "shop_no": "店1"})];
        for (op, items) in [("goods.Goods.batchPush", goods), ("goods.ApiGoods.upload", rows)] {
            for b in plan(op, items.clone(), &PlanOptions::default()).unwrap().batches {
                assert_eq!(b.body_json(), serde_payload(&b), "{op}");
                // The items come back as they were given, group key in place.
                assert_eq!(b.items(), &items[..], "{op}");
            }
        }
        for &p in Platform::ALL {
            let payload = match p.descriptor().call_params {
                crate::descriptor::CallParams::Positional => json!(["a\u{1}", 1.25, {"k": [null]}]),
                crate::descriptor::CallParams::Named => json!({"a": "\u{1}", "n": 1.25, "k": [null]}),
            };
            let call = Batch::call(p, "x.y", payload).unwrap();
            assert_eq!(call.body_json(), serde_json::to_vec(&call.payload()).unwrap());
        }
    }

    #[test]
    fn the_planners_item_json_is_the_body_a_restored_batch_writes() {
        // Batches split by count and by size, grouped rows with the group key
        // first, last and in between: the JSON written while planning must be
        // the bytes the items give when written again from scratch.
        let goods: Vec<Value> = (0..23)
            .map(|i| json!({"goods_no": format!("G{i}"), "goods_name": format!("杯\"{i}\\"), "brand_name": null, "spec_list": [{"spec_no": format!("S{i}"), "retail_price": "1.50", "barcode": null}]}))
            .collect();
        let rows: Vec<Value> = (0..31)
            .map(|i| match i % 3 {
                0 => json!({"shop_no": format!("店{}", i % 4), "goods_id": format!("{i}"), "spec_id": "1"}),
                1 => json!({"goods_id": format!("{i}"), "spec_id": "1", "shop_no": format!("店{}", i % 4), "price": null}),
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
                    seen += b.len();
                    let restored = Batch::from_json(&serde_json::to_value(&b).unwrap()).unwrap();
                    assert_eq!(b.body_json(), restored.body_json(), "{op}");
                    assert_eq!(b, restored, "{op}");
                    assert_eq!(b.body_json(), serde_payload(&b), "{op}");
                    assert!(!String::from_utf8(b.body_json()).unwrap().contains("null"), "{op}: a null member was sent");
                    if let Some(max) = opts.max_body_bytes {
                        assert!(b.body_json().len() <= max, "{op}: {} > {max}", b.body_json().len());
                    }
                }
                assert_eq!(seen, items.len());
            }
        }
    }
}
