//! Reading YMCart answers into [`Outcome`]s.
//!
//! The rules are documented on the parent module.

use super::envelope;
use crate::outcome::{int_field, item_key_text, text_field, Outcome, Rejected};
use crate::plan::Batch;
use serde_json::{Map, Value};

/// Pairs (field in an answer entry, field of an input item) that name the
/// same thing, tried in order.
pub(crate) type Keys = &'static [(&'static str, &'static str)];

/// Goods named by id or code (most pushes).
pub(crate) const GOODS_KEYS: Keys = &[
    ("goods_id", "goods_id"),
    ("codeno", "codeno"),
    ("goods_codeno", "goods_codeno"),
    ("codeno", "goods_codeno"),
    ("goods_codeno", "codeno"),
];
/// skuRemove: the SKU first, then its goods.
pub(crate) const SKU_REMOVE_KEYS: Keys = &[
    ("sku_codeno", "sku_codeno"),
    ("goods_id", "goods_id"),
    ("goods_codeno", "goods_codeno"),
    ("codeno", "goods_codeno"),
];
/// goodsRemove: `codeno` or `sku_codeno`.
pub(crate) const GOODS_REMOVE_KEYS: Keys = &[("codeno", "codeno"), ("sku_codeno", "sku_codeno")];
/// updateSkuQty: the SKU by code, id or attribute code.
pub(crate) const SKU_QTY_KEYS: Keys = &[("codeno", "codeno"), ("id", "id"), ("sku_code", "sku_code")];
/// addGoods: by code, or by name for goods without a code ("msg 数组提示失败产品名称 编号 信息").
pub(crate) const ADD_GOODS_KEYS: Keys = &[("codeno", "codeno"), ("base_name", "base_name")];
/// editCategory: by id.
pub(crate) const EDIT_CATEGORY_KEYS: Keys = &[("category_id", "category_id")];
/// addCategory: by name.
pub(crate) const ADD_CATEGORY_KEYS: Keys = &[("name", "name")];

/// True when an answer line reports success (`success`, `… add success!`,
/// `成功`) and nothing in it says otherwise (`fail`, `not `, `error`,
/// `unsuccess`, `失败`, `不`, `错误`).
pub fn is_success_text(s: &str) -> bool {
    let l = s.to_lowercase();
    let says_success = l.contains("success") || l.contains("成功");
    const AGAINST: &[&str] = &["unsuccess", "fail", "not ", "error", "失败", "不", "错误"];
    says_success && !AGAINST.iter().any(|m| l.contains(m))
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// One line of `msg` / `error_msg`.
struct Entry<'v> {
    value: &'v Value,
    /// Listed under `error_msg`: a failure whatever it says.
    error_list: bool,
}

impl Entry<'_> {
    fn message(&self) -> String {
        match self.value {
            Value::String(s) => s.clone(),
            Value::Object(m) => m
                .get("msg")
                .or_else(|| m.get("message"))
                .or_else(|| m.get("error"))
                .and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Null => None,
                    other => Some(other.to_string()),
                })
                .unwrap_or_else(|| self.value.to_string()),
            other => other.to_string(),
        }
    }

    fn is_failure(&self) -> bool {
        self.error_list || !is_success_text(&self.message())
    }
}

fn entries(map: &Map<String, Value>) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (name, error_list) in [("msg", false), ("error_msg", true)] {
        match map.get(name) {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => out.extend(list.iter().map(|value| Entry { value, error_list })),
            Some(Value::String(s)) if s.trim().is_empty() => {}
            Some(Value::Object(m)) if m.is_empty() => {}
            Some(value) => out.push(Entry { value, error_list }),
        }
    }
    out
}

/// Positions (in the batch) whose `item_field` equals `text`.
fn positions_with(batch: &Batch, item_field: &str, text: &str) -> Vec<usize> {
    (0..batch.len())
        .filter(|&p| item_key_text(&batch.items()[p], Some(item_field)).is_some_and(|t| t.trim() == text))
        .collect()
}

/// (positions, key) for one failure entry.
fn attribute(batch: &Batch, entry: &Entry<'_>, keys: Keys) -> (Vec<usize>, Option<String>) {
    match entry.value {
        Value::Object(m) => {
            if let Some(i) = int_field(m.get("index")) {
                let key = Some(i.to_string());
                return match usize::try_from(i).ok().filter(|&i| i < batch.len()) {
                    Some(p) => (vec![p], key_of_item(batch, p, keys).or(key)),
                    None => (Vec::new(), key),
                };
            }
            let mut first_key = None;
            for (entry_field, item_field) in keys {
                let Some(text) = m.get(*entry_field).and_then(scalar) else { continue };
                let found = positions_with(batch, item_field, &text);
                if !found.is_empty() {
                    return (found, Some(text));
                }
                first_key.get_or_insert(text);
            }
            if first_key.is_none() && batch.len() == 1 {
                return (vec![0], key_of_item(batch, 0, keys));
            }
            (Vec::new(), first_key)
        }
        Value::String(s) => {
            let token = s.split_whitespace().next().unwrap_or("").trim_end_matches([':', ',', '：', '，']);
            if !token.is_empty() {
                let mut seen_fields: Vec<&str> = Vec::new();
                for (_, item_field) in keys {
                    if seen_fields.contains(item_field) {
                        continue;
                    }
                    seen_fields.push(item_field);
                    let found = positions_with(batch, item_field, token);
                    if !found.is_empty() {
                        return (found, Some(token.to_owned()));
                    }
                }
            }
            if batch.len() == 1 {
                return (vec![0], key_of_item(batch, 0, keys));
            }
            (Vec::new(), None)
        }
        _ if batch.len() == 1 => (vec![0], key_of_item(batch, 0, keys)),
        _ => (Vec::new(), None),
    }
}

/// The first key an item has among the method's key fields.
fn key_of_item(batch: &Batch, pos: usize, keys: Keys) -> Option<String> {
    keys.iter().find_map(|(_, f)| item_key_text(&batch.items()[pos], Some(f)).filter(|t| !t.trim().is_empty()))
}

/// Reads a push answer, attributing failures with `keys`.
pub(crate) fn parse_push(batch: &Batch, http_status: u16, body: &[u8], keys: Keys) -> Outcome {
    let map = match envelope(batch, http_status, body) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let mut o = Outcome::blank(http_status);
    o.code = Some(0);
    if let Some(Value::String(s)) = map.get("msg") {
        o.message = text_field(Some(&Value::String(s.clone())));
    }
    let mut rejected_pos = vec![false; batch.len()];
    let mut failures = 0usize;
    for entry in entries(&map).iter().filter(|e| e.is_failure()) {
        failures += 1;
        let message = entry.message();
        let (positions, key) = attribute(batch, entry, keys);
        if positions.is_empty() {
            o.notes.push(format!("a failure could not be matched to an input item: {message}"));
            o.rejected.push(Rejected { index: None, key, message });
            continue;
        }
        for p in positions {
            rejected_pos[p] = true;
            let key = key_of_item(batch, p, keys).or_else(|| key.clone());
            o.rejected.push(Rejected { index: Some(batch.indices()[p]), key, message: message.clone() });
        }
    }

    let success_count = int_field(map.get("success_count"));
    let (fail_name, fail_count) = match (int_field(map.get("failure_count")), int_field(map.get("failed_count"))) {
        (Some(n), _) => ("failure_count", Some(n)),
        (None, Some(n)) => ("failed_count", Some(n)),
        (None, None) => ("", None),
    };
    let all_failed = success_count == Some(0) || fail_count.is_some_and(|n| n > 0 && n as usize >= batch.len());
    if all_failed && !batch.is_empty() {
        let why = if success_count == Some(0) {
            "success_count is 0: the platform accepted none of the items".to_owned()
        } else {
            format!("{fail_name} is {}: the platform accepted none of the items", fail_count.unwrap_or(0))
        };
        for (p, done) in rejected_pos.iter_mut().enumerate() {
            if !*done {
                *done = true;
                let key = key_of_item(batch, p, keys);
                o.rejected.push(Rejected { index: Some(batch.indices()[p]), key, message: why.clone() });
            }
        }
    } else if let Some(n) = fail_count.filter(|n| *n > 0 && *n as usize > failures) {
        let extra = n as usize - failures;
        o.rejected.push(Rejected {
            index: None,
            key: None,
            message: format!("{fail_name} reports {n} failed item(s) but msg names {failures}; {extra} cannot be attributed"),
        });
    }
    o.accepted = batch.indices().iter().zip(&rejected_pos).filter(|(_, r)| !**r).map(|(i, _)| *i).collect();

    if let Some(n) = fail_count {
        if n as usize != failures {
            o.notes.push(format!("{fail_name} is {n} but the answer lists {failures} failure(s)"));
        }
    }
    if let Some(n) = success_count {
        if n < 0 || n as usize != o.accepted.len() {
            o.notes.push(format!("success_count is {n} but {} of {} item(s) are accepted", o.accepted.len(), batch.len()));
        }
    }
    o.rejected.sort_by_key(|r| r.index.unwrap_or(usize::MAX));
    o.data = Value::Object(map);
    o.settle();
    o
}

/// Reads a list answer: the envelope, the total (`count`), and a note when
/// the rows are not where the operation says.
pub(crate) fn parse_list(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let map = match envelope(batch, http_status, body) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let mut o = Outcome::blank(http_status);
    o.code = Some(0);
    o.total_count = int_field(map.get("count"));
    if let Some(paging) = batch.operation().and_then(|op| op.paging.as_ref()) {
        let mut cur: Option<&Value> = None;
        for (i, part) in paging.list_field.split('.').enumerate() {
            cur = if i == 0 { map.get(part) } else { cur.and_then(|v| v.get(part)) };
        }
        match cur {
            Some(Value::Array(_)) => {}
            Some(Value::Null) | None => o.notes.push(format!("no {} in the answer (no rows)", paging.list_field)),
            Some(_) => o.notes.push(format!("{} is not a list", paging.list_field)),
        }
    }
    o.data = Value::Object(map);
    o
}

macro_rules! push_parser {
    ($name:ident, $keys:expr) => {
        pub(crate) fn $name(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
            parse_push(batch, http_status, body, $keys)
        }
    };
}

push_parser!(parse_goods, GOODS_KEYS);
push_parser!(parse_sku_remove, SKU_REMOVE_KEYS);
push_parser!(parse_goods_remove, GOODS_REMOVE_KEYS);
push_parser!(parse_sku_qty, SKU_QTY_KEYS);
push_parser!(parse_add_goods, ADD_GOODS_KEYS);
push_parser!(parse_edit_category, EDIT_CATEGORY_KEYS);
push_parser!(parse_add_category, ADD_CATEGORY_KEYS);
