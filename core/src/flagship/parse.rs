//! Reading flagship answers: the envelope `{"status", "message", "data"}`
//! and each operation's per-item part.

use crate::outcome::{
    failure, failure_unknown, int_field, is_auth_message, is_expired_credentials_message, is_rate_limit_message, item_key_text, read_json,
    text_field, AssignedId, Outcome, Reason, Rejected, Retry, Tally,
};
use crate::plan::Batch;
use serde_json::{Map, Value};

/// Reads the flagship envelope `{"status", "message", "data"}`. `Err` is the
/// finished outcome of a failed call.
fn envelope(batch: &Batch, http_status: u16, body: &[u8]) -> Result<(Map<String, Value>, Value), Outcome> {
    let map = read_json(batch, http_status, body)?;
    let Some(status) = int_field(map.get("status")) else {
        let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, "response has no numeric status field".into());
        o.data = Value::Object(map);
        return Err(o);
    };
    let message = text_field(map.get("message"));
    let data = map.get("data").cloned().unwrap_or(Value::Null);
    if status != 0 {
        let msg = message.unwrap_or_else(|| format!("status {status}"));
        let (reason, retry) = classify(status, &msg);
        return Err(failure(batch, http_status, reason, retry, Some(status), msg, data));
    }
    Ok((map, data))
}

/// Status 7 is the clock window (and only it: an expired appkey is not a
/// clock problem); status 100 with a frequency message is a rate limit;
/// everything else is not worth retrying.
fn classify(status: i64, msg: &str) -> (Reason, Retry) {
    if status == 7 {
        (Reason::ClockSkew, Retry::Resign)
    } else if is_expired_credentials_message(msg) {
        (Reason::CredentialsExpired, Retry::No)
    } else if is_rate_limit_message(msg) {
        (Reason::RateLimited, Retry::Backoff)
    } else if status < 100 && is_auth_message(msg) {
        (Reason::AuthError, Retry::No)
    } else {
        (Reason::BusinessError, Retry::No)
    }
}

fn success(http_status: u16, map: &Map<String, Value>, data: Value) -> Outcome {
    let mut o = Outcome::blank(http_status);
    o.code = Some(0);
    o.message = text_field(map.get("message"));
    o.total_count = int_field(data.get("total_count")).or_else(|| int_field(map.get("total")));
    o.data = data;
    o
}

/// The envelope of a generic flagship call.
pub(super) fn parse_envelope_only(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    match envelope(batch, http_status, body) {
        Err(o) => o,
        Ok((map, data)) => {
            let mut o = success(http_status, &map, data);
            if let Some(list) = o.data.get("error_list").and_then(Value::as_array) {
                for e in list {
                    o.rejected.push(Rejected { index: None, key: e.get("no").and_then(key_text), message: error_text(e) });
                }
                if !o.rejected.is_empty() {
                    o.status = crate::outcome::Status::Partial;
                    o.reason = Some(Reason::ItemErrors);
                }
            }
            o
        }
    }
}

fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn error_text(e: &Value) -> String {
    match e {
        Value::String(s) => s.clone(),
        Value::Object(m) => m
            .get("error")
            .or_else(|| m.get("message"))
            .or_else(|| m.get("msg"))
            .and_then(key_text)
            .unwrap_or_else(|| e.to_string()),
        other => other.to_string(),
    }
}

/// `error_list` from `data.error_list`, or `data` itself when the platform
/// sends the list there (the page's table names `data` "error_list"). No
/// list (or `null`) is no error; anything else that is not a list, or an
/// entry `entry_ok` refuses, cannot be read: `Err` says what was wrong.
fn error_list(data: &Value, entry_ok: fn(&Value) -> bool) -> Result<&[Value], String> {
    let list: &[Value] = match data {
        Value::Null => &[],
        Value::Array(list) => list,
        Value::Object(m) => match m.get("error_list") {
            None | Some(Value::Null) => &[],
            Some(Value::Array(list)) => list,
            Some(other) => return Err(format!("data.error_list is not a list: {}", snippet(other))),
        },
        other => return Err(format!("data is neither an object nor a list: {}", snippet(other))),
    };
    match list.iter().find(|e| !entry_ok(e)) {
        Some(bad) => Err(format!("data.error_list holds an entry that cannot be read: {}", snippet(bad))),
        None => Ok(list),
    }
}

fn snippet(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

/// A success envelope whose per-item part cannot be read: whether the
/// items were applied is unknown (an upsert is resent).
fn unreadable(batch: &Batch, http_status: u16, map: &Map<String, Value>, data: Value, why: String) -> Outcome {
    let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, format!("status 0, but {why}"));
    o.code = Some(0);
    o.message = text_field(map.get("message")).or(o.message);
    o.data = data;
    o
}

/// batchPush: `error_list[].no` is a goods_no; every goods of that number in
/// the batch is rejected with the error; the rest are accepted (status 0 is
/// "成功推送", and error_list lists the exceptions).
pub(super) fn parse_batch_push(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let (map, data) = match envelope(batch, http_status, body) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let entries = match error_list(&data, Value::is_object) {
        Ok(list) => list.to_vec(),
        Err(why) => return unreadable(batch, http_status, &map, data, why),
    };
    let mut o = success(http_status, &map, data);
    let mut t = Tally::new(batch);
    for e in &entries {
        let no = e.get("no").and_then(key_text);
        let message = error_text(e);
        let Some(no) = no else {
            t.unattributed(&mut o, None, message);
            continue;
        };
        let found: Vec<usize> =
            (0..batch.len()).filter(|&p| item_key_text(&batch.items()[p], Some("goods_no")).as_deref() == Some(no.as_str())).collect();
        if found.is_empty() {
            t.foreign(&mut o, Some(no), message);
            continue;
        }
        for p in found {
            t.reject(&mut o, p, Some(no.clone()), message.clone());
        }
    }
    t.finish(&mut o, true);
    o
}

/// Pulls the 商家编码 (spec_no) out of a ProviderGoods error string such as
/// `"LCTtest11 供应商货品重复,商家编码：dongfangshuye"`.
pub fn spec_no_in_message(msg: &str) -> Option<&str> {
    let at = msg.rfind("商家编码")?;
    let rest = msg[at + "商家编码".len()..].trim_start();
    let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':')).unwrap_or(rest).trim_start();
    let end = rest.find([',', '，', ';', '；', ' ']).unwrap_or(rest.len());
    let v = rest[..end].trim();
    (!v.is_empty()).then_some(v)
}

/// ProviderGoods.upload: `error_list` holds strings naming the 商家编码. Rows
/// of that spec_no are rejected; when several providers share it, the one
/// whose provider_no starts the message is chosen, and if none does, all of
/// them are reported (over-reporting is safer than calling a failure
/// accepted). A string naming no 商家编码 leaves the other rows unknown.
pub(super) fn parse_provider_goods_upload(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let (map, data) = match envelope(batch, http_status, body) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let entries = match error_list(&data, |e| e.is_string() || e.is_object()) {
        Ok(list) => list.to_vec(),
        Err(why) => return unreadable(batch, http_status, &map, data, why),
    };
    let mut o = success(http_status, &map, data);
    let mut t = Tally::new(batch);
    for e in &entries {
        let message = error_text(e);
        let Some(spec) = spec_no_in_message(&message).map(str::to_owned) else {
            t.unattributed(&mut o, None, message);
            continue;
        };
        let mut candidates: Vec<usize> =
            (0..batch.len()).filter(|&p| item_key_text(&batch.items()[p], Some("spec_no")).as_deref() == Some(spec.as_str())).collect();
        if candidates.len() > 1 {
            let by_provider: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&p| {
                    item_key_text(&batch.items()[p], Some("provider_no"))
                        .is_some_and(|prov| message.strip_prefix(prov.as_str()).is_some_and(|r| r.starts_with([' ', '\u{3000}'])))
                })
                .collect();
            if !by_provider.is_empty() {
                candidates = by_provider;
            }
        }
        if candidates.is_empty() {
            t.foreign(&mut o, Some(spec), message);
            continue;
        }
        for p in candidates {
            t.reject(&mut o, p, Some(spec.clone()), message.clone());
        }
    }
    t.finish(&mut o, true);
    o
}

/// ApiGoods.upload: success accepts every row; `rec_ids` come in input
/// order and are matched to rows when their count agrees. The page documents
/// no `error_list` here, but an answer that carries one (as batchPush's
/// does) is honoured: entries naming a row by `goods_id` + `spec_id` reject
/// it, and `rec_ids` are then matched to the accepted rows.
pub(super) fn parse_api_goods_upload(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let (map, data) = match envelope(batch, http_status, body) {
        Ok(x) => x,
        Err(o) => return o,
    };
    if let Some(inner) = int_field(data.get("status")).filter(|s| *s != 0) {
        let msg = text_field(data.get("message")).unwrap_or_else(|| format!("data.status {inner}"));
        return failure(batch, http_status, Reason::BusinessError, Retry::No, Some(inner), msg, data);
    }
    let entries = match error_list(&data, Value::is_object) {
        Ok(list) => list.to_vec(),
        Err(why) => return unreadable(batch, http_status, &map, data, why),
    };
    let mut o = success(http_status, &map, data);
    let mut t = Tally::new(batch);
    for e in &entries {
        let message = error_text(e);
        let part = |k: &str| e.get(k).and_then(key_text).unwrap_or_default();
        let (goods_id, spec_id) = (part("goods_id"), part("spec_id"));
        if e.get("goods_id").is_none() && e.get("spec_id").is_none() {
            t.unattributed(&mut o, None, message);
            continue;
        }
        let found: Vec<usize> = (0..batch.len())
            .filter(|&p| {
                let of = |k: &str| item_key_text(&batch.items()[p], Some(k)).unwrap_or_default();
                of("goods_id") == goods_id && of("spec_id") == spec_id
            })
            .collect();
        if found.is_empty() {
            t.foreign(&mut o, Some(goods_id), message);
            continue;
        }
        for p in found {
            t.reject(&mut o, p, Some(goods_id.clone()), message.clone());
        }
    }
    t.finish(&mut o, true);
    match o.data.get("rec_ids") {
        Some(Value::Array(ids)) if ids.len() == o.accepted.len() && o.unknown.is_empty() => {
            o.ids = o.accepted.iter().zip(ids).map(|(&index, id)| AssignedId { index, id: id.clone() }).collect();
        }
        Some(Value::Array(ids)) => o.notes.push(format!(
            "rec_ids has {} ids for {} accepted rows; ids are not matched to rows",
            ids.len(),
            o.accepted.len()
        )),
        Some(other) => o.notes.push(format!("rec_ids is not a list ({}); ids are not matched to rows", snippet(other))),
        None => o.notes.push("no rec_ids in the answer".into()),
    }
    o
}

