//! Reading YMCart answers into [`Outcome`]s.
//!
//! The rules are documented on the parent module.

use crate::outcome::{failure, failure_unknown, int_field, is_auth_message, is_expired_credentials_message, is_rate_limit_message, item_key_text, read_json, text_field, Outcome, Reason, Retry, Tally};
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
    says_success && !says_failure(&l)
}

/// True when a (lowercased) message says something went wrong.
fn says_failure(l: &str) -> bool {
    const AGAINST: &[&str] = &[
        "unsuccess", "fail", "not ", "not_", "error", "invalid", "_404", "404", "null", "empty", "exist", "repeat", "失败", "不", "错误", "无效",
    ];
    AGAINST.iter().any(|m| l.contains(m))
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
    /// An element of a list (a per-item result), not the lone `msg` of
    /// the answer.
    listed: bool,
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

    /// A listed line is a failure unless it says success (a line the
    /// parser cannot read is never taken for a success). The lone `msg`
    /// of an answer whose `code` is 0 is a failure only when it says so:
    /// the pages answer `"msg":"success"`, and `code` 0 is the platform's
    /// success.
    fn is_failure(&self) -> bool {
        if self.error_list {
            return true;
        }
        let m = self.message();
        if self.listed {
            !is_success_text(&m)
        } else {
            says_failure(&m.to_lowercase())
        }
    }
}

fn entries(map: &Map<String, Value>) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (name, error_list) in [("msg", false), ("error_msg", true)] {
        match map.get(name) {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => out.extend(list.iter().map(|value| Entry { value, error_list, listed: true })),
            Some(Value::String(s)) if s.trim().is_empty() => {}
            Some(Value::Object(m)) if m.is_empty() => {}
            Some(value) => out.push(Entry { value, error_list, listed: false }),
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

/// Whether `key` occurs in `line` as a whole token: the characters around
/// it are not ASCII letters, digits or `-_./` (so `A1` is not found in
/// `A10` or `VIP1`, but is in `A1,` or `编号A1失败`).
fn contains_token(line: &str, key: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/');
    line.match_indices(key).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + key.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

/// What an answer line is about.
enum About {
    /// These batch positions (and the key that named them).
    Items(Vec<usize>, Option<String>),
    /// A key (or index) that is not in the batch.
    Foreign(Option<String>),
    /// Nothing the parser can tie to an item (with what it said, if anything).
    Nothing(Option<String>),
}

/// What one entry is about.
fn attribute(batch: &Batch, entry: &Entry<'_>, keys: Keys) -> About {
    let single = || if batch.len() == 1 { About::Items(vec![0], key_of_item(batch, 0, keys)) } else { About::Nothing(None) };
    match entry.value {
        Value::Object(m) => {
            if let Some(i) = int_field(m.get("index")) {
                let key = Some(i.to_string());
                return match usize::try_from(i).ok().filter(|&i| i < batch.len()) {
                    Some(p) => About::Items(vec![p], key_of_item(batch, p, keys).or(key)),
                    // An index outside the call names no item of it: the
                    // answer is not about this call as sent.
                    None => About::Nothing(key),
                };
            }
            let mut first_key = None;
            for (entry_field, item_field) in keys {
                let Some(text) = m.get(*entry_field).and_then(scalar) else { continue };
                let found = positions_with(batch, item_field, &text);
                if !found.is_empty() {
                    return About::Items(found, Some(text));
                }
                first_key.get_or_insert(text);
            }
            match first_key {
                Some(k) => About::Foreign(Some(k)),
                None => single(),
            }
        }
        Value::String(s) => {
            // Every item's keys, anywhere in the line (addGoods lines name
            // a product by name and code, not in the first word).
            let mut found: Vec<usize> = Vec::new();
            for p in 0..batch.len() {
                let item = &batch.items()[p];
                let named = keys.iter().any(|(_, f)| {
                    item_key_text(item, Some(f)).is_some_and(|k| {
                        let k = k.trim();
                        !k.is_empty() && contains_token(s, k)
                    })
                });
                if named {
                    found.push(p);
                }
            }
            if found.is_empty() {
                return single();
            }
            let key = (found.len() == 1).then(|| key_of_item(batch, found[0], keys)).flatten();
            About::Items(found, key)
        }
        _ => single(),
    }
}

/// The first key an item has among the method's key fields.
fn key_of_item(batch: &Batch, pos: usize, keys: Keys) -> Option<String> {
    keys.iter().find_map(|(_, f)| item_key_text(&batch.items()[pos], Some(f)).filter(|t| !t.trim().is_empty()))
}

/// Reads a push answer, attributing lines with `keys`: a failure rejects
/// the items it names; a success line confirms them. When the answer lists
/// per-item results (any success line in a list), an item it does not
/// mention is unknown; when it lists failures only (the pages' "msg不为空，
/// 表示有更新不成功的"), an item not listed is accepted — unless a failure
/// or a count cannot be tied to items, which leaves them unknown.
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
    let mut t = Tally::new(batch);
    let mut failures = 0usize;
    let mut per_item = false;
    for entry in entries(&map) {
        let message = entry.message();
        let about = attribute(batch, &entry, keys);
        if entry.is_failure() {
            failures += 1;
            match about {
                About::Items(positions, key) => {
                    for p in positions {
                        let key = key_of_item(batch, p, keys).or_else(|| key.clone());
                        t.reject(&mut o, p, key, message.clone());
                    }
                }
                About::Foreign(key) => t.foreign(&mut o, key, message),
                About::Nothing(key) => t.unattributed(&mut o, key, message),
            }
        } else {
            per_item |= entry.listed;
            match about {
                About::Items(positions, _) => positions.into_iter().for_each(|p| t.confirm(p)),
                About::Foreign(key) if entry.listed => {
                    o.notes.push(format!("a success names {} which was not in this call: {message}", key.as_deref().unwrap_or("something")))
                }
                About::Nothing(_) if entry.listed && batch.len() > 1 => {
                    o.notes.push(format!("a success line could not be matched to an input item: {message}"))
                }
                _ => {}
            }
        }
    }

    let success_count = int_field(map.get("success_count"));
    let (fail_name, fail_count) = match (int_field(map.get("failure_count")), int_field(map.get("failed_count"))) {
        (Some(n), _) => ("failure_count", Some(n)),
        (None, Some(n)) => ("failed_count", Some(n)),
        (None, None) => ("", None),
    };
    let mut counted = false;
    let all_failed = success_count == Some(0) || fail_count.is_some_and(|n| n > 0 && n as usize >= batch.len());
    if all_failed && !batch.is_empty() {
        let why = if success_count == Some(0) {
            "success_count is 0: the platform accepted none of the items".to_owned()
        } else {
            format!("{fail_name} is {}: the platform accepted none of the items", fail_count.unwrap_or(0))
        };
        t.reject_rest(&mut o, |p| key_of_item(batch, p, keys), &why);
    } else if let Some(n) = fail_count.filter(|n| *n > 0 && *n as usize > failures) {
        counted = true;
        t.unsettle(
            &mut o,
            format!("{fail_name} reports {n} failed item(s) but the answer lists {failures}; the items it does not list are unknown"),
        );
    } else if let (Some(n), false) = (success_count, per_item) {
        // Failures only: a success count below the items not listed means
        // some of them failed, but the answer does not say which.
        let unlisted = (0..batch.len()).filter(|&p| !t.is_rejected(p)).count();
        if n >= 0 && (n as usize) < unlisted {
            counted = true;
            t.unsettle(
                &mut o,
                format!("success_count is {n} but {unlisted} item(s) are not listed as failed; which of them succeeded is unknown"),
            );
        }
    }
    if let Some(n) = fail_count.filter(|_| !counted) {
        if n as usize != failures {
            o.notes.push(format!("{fail_name} is {n} but the answer lists {failures} failure(s)"));
        }
    }
    t.finish(&mut o, !per_item);
    if let Some(n) = success_count.filter(|_| !counted) {
        if n < 0 || n as usize != o.accepted.len() {
            o.notes.push(format!("success_count is {n} but {} of {} item(s) are accepted", o.accepted.len(), batch.len()));
        }
    }
    o.data = Value::Object(map);
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

/// Reads the YMCart envelope `{"code", "msg", …}`; `code` may be a string.
pub(crate) fn envelope(batch: &Batch, http_status: u16, body: &[u8]) -> Result<Map<String, Value>, Outcome> {
    let map = read_json(batch, http_status, body)?;
    let Some(code) = int_field(map.get("code")) else {
        let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, "response has no numeric code field".into());
        o.data = Value::Object(map);
        return Err(o);
    };
    if code != 0 {
        let msg = text_field(map.get("msg")).unwrap_or_else(|| format!("code {code}"));
        // 429 is HTTP's "too many requests", whether in the status line or the envelope.
        let (reason, retry) = if is_expired_credentials_message(&msg) {
            (Reason::CredentialsExpired, Retry::No)
        } else if code == 429 || is_rate_limit_message(&msg) {
            (Reason::RateLimited, Retry::Backoff)
        } else if is_auth_message(&msg) {
            (Reason::AuthError, Retry::No)
        } else {
            (Reason::BusinessError, Retry::No)
        };
        return Err(failure(batch, http_status, reason, retry, Some(code), msg, Value::Object(map)));
    }
    Ok(map)
}

/// The envelope of any YMCart answer: data is the whole answer.
pub(crate) fn parse_envelope_only(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    match envelope(batch, http_status, body) {
        Err(o) => o,
        Ok(map) => {
            let mut o = Outcome::blank(http_status);
            o.code = Some(0);
            o.total_count = int_field(map.get("count"));
            o.data = Value::Object(map);
            o
        }
    }
}
