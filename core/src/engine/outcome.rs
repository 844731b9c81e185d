//! What an answer from a platform means: success, partial or failure, which
//! input items were accepted or rejected, and whether (and how) to retry.
//!
//! A malformed answer never panics and is never an `Err`: it is an outcome
//! that says what was wrong with it (the *remote* branch, next to the
//! *local* [`crate::Error`]).

use crate::plan::Batch;
use crate::registry::Platform;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether and how to try a batch again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Retry {
    /// Do not retry: it worked, or the platform refused for a reason that a
    /// retry will not change, or resending is not safe.
    No,
    /// The clock was off: correct the clock offset, sign again, send again.
    Resign,
    /// Rate limited: wait (with jitter), then sign again and send again.
    Backoff,
    /// The answer was lost or garbled; the call is an upsert, so sending it
    /// again (signed again) is safe.
    Resend,
}

impl Retry {
    /// Every retry advice, for hosts that generate types from it.
    pub const ALL: &'static [Retry] = &[Retry::No, Retry::Resign, Retry::Backoff, Retry::Resend];

    /// `"no"`, `"resign"`, `"backoff"` or `"resend"`.
    pub fn name(self) -> &'static str {
        match self {
            Retry::No => "no",
            Retry::Resign => "resign",
            Retry::Backoff => "backoff",
            Retry::Resend => "resend",
        }
    }
}

/// Overall result of one call. `Success` is claimed only when the answer
/// confirms every item: an item that is rejected or `unknown` makes the
/// call `Partial` (some accepted) or a `Failure` (none accepted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every item was accepted (confirmed by the answer); nothing rejected,
    /// nothing unknown.
    Success,
    /// Some items were accepted; others were rejected or are unknown.
    Partial,
    /// Nothing was accepted.
    Failure,
}

impl Status {
    /// Every status, for hosts that generate types from it.
    pub const ALL: &'static [Status] = &[Status::Success, Status::Partial, Status::Failure];

    /// `"success"`, `"partial"` or `"failure"`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Success => "success",
            Status::Partial => "partial",
            Status::Failure => "failure",
        }
    }
}

/// Why a call did not fully succeed, as a stable name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// The platform refused some items (partial failure).
    ItemErrors,
    /// A business error for the whole call (bad shop, no permission…).
    BusinessError,
    /// The timestamp was outside the platform's window.
    ClockSkew,
    /// Too many calls.
    RateLimited,
    /// A signature or credential problem.
    AuthError,
    /// HTTP status other than 2xx.
    HttpError,
    /// The body was empty.
    EmptyBody,
    /// The body was an HTML page (a gateway error page).
    HtmlBody,
    /// The body was not JSON.
    InvalidJson,
    /// JSON, but not the platform's envelope.
    InvalidEnvelope,
    /// No answer at all (timeout, connection reset): reported by the host.
    Transport,
    /// The query's time range is longer than the platform allows
    /// (enterprise error 2104: over 30 days).
    TimeSpanTooLong,
    /// The credentials (appkey, token, authorization) have expired: renew
    /// them; re-signing or waiting will not help.
    CredentialsExpired,
    /// The call was answered, but the answer does not settle every item
    /// (an item it does not mention, a count it contradicts): those items
    /// are listed in [`Outcome::unknown`].
    Unconfirmed,
}

impl Reason {
    /// Every reason, for hosts that generate types from it.
    pub const ALL: &'static [Reason] = &[
        Reason::ItemErrors,
        Reason::BusinessError,
        Reason::ClockSkew,
        Reason::RateLimited,
        Reason::AuthError,
        Reason::HttpError,
        Reason::EmptyBody,
        Reason::HtmlBody,
        Reason::InvalidJson,
        Reason::InvalidEnvelope,
        Reason::Transport,
        Reason::TimeSpanTooLong,
        Reason::CredentialsExpired,
        Reason::Unconfirmed,
    ];

    /// The stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Reason::ItemErrors => "item_errors",
            Reason::BusinessError => "business_error",
            Reason::ClockSkew => "clock_skew",
            Reason::RateLimited => "rate_limited",
            Reason::AuthError => "auth_error",
            Reason::HttpError => "http_error",
            Reason::EmptyBody => "empty_body",
            Reason::HtmlBody => "html_body",
            Reason::InvalidJson => "invalid_json",
            Reason::InvalidEnvelope => "invalid_envelope",
            Reason::Transport => "transport",
            Reason::TimeSpanTooLong => "time_span_too_long",
            Reason::CredentialsExpired => "credentials_expired",
            Reason::Unconfirmed => "unconfirmed",
        }
    }
}

/// One item the platform refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// Its input position; `None` when the answer names something that was
    /// not in the batch (kept, so nothing the platform said is lost).
    pub index: Option<usize>,
    /// The key the platform named it by (goods_no, spec_no, codeno…).
    pub key: Option<String>,
    /// The platform's reason, verbatim.
    pub message: String,
}

/// An id the platform assigned to an input item (ApiGoods.upload `rec_ids`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignedId {
    /// Input position.
    pub index: usize,
    /// The id as the platform sent it.
    pub id: Value,
}

/// The meaning of one answer.
///
/// Every input position of the batch is in at most one of `accepted`,
/// `rejected` (by index) and `unknown`; when `retry` is [`Retry::No`] it is
/// in exactly one. An item is accepted only when the answer confirms it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Success, partial or failure.
    pub status: Status,
    /// Why it was not a full success.
    pub reason: Option<Reason>,
    /// The HTTP status (0 when there was no answer).
    pub http_status: u16,
    /// The platform's status/code field, when present.
    pub code: Option<i64>,
    /// The platform's message, when present.
    pub message: Option<String>,
    /// Input positions the answer confirmed.
    pub accepted: Vec<usize>,
    /// Items refused, with the platform's reasons.
    pub rejected: Vec<Rejected>,
    /// Ids assigned to accepted items, where the platform returns them.
    pub ids: Vec<AssignedId>,
    /// A paging total, where the answer carries one.
    pub total_count: Option<i64>,
    /// The envelope's data (or the whole answer where there is no `data`).
    pub data: Value,
    /// What to do next.
    pub retry: Retry,
    /// Input positions whose fate the answer does not settle: no answer, a
    /// 5xx, an empty, garbled or unreadable body (every position of the
    /// batch), or a per-item answer that does not mention them or whose
    /// counts contradict it. The platform may or may not have applied them.
    /// For an upsert the advice is [`Retry::Resend`] (sending these items
    /// again is harmless); otherwise it is [`Retry::No`] and they must be
    /// checked on the platform before they are sent again.
    #[serde(default)]
    pub unknown: Vec<usize>,
    /// Anything odd noticed while reading an otherwise usable answer.
    pub notes: Vec<String>,
}

impl Outcome {
    /// Everything accepted.
    pub fn ok(&self) -> bool {
        self.status == Status::Success
    }

    /// Some accepted, some rejected.
    pub fn partial(&self) -> bool {
        self.status == Status::Partial
    }

    pub(crate) fn blank(http_status: u16) -> Outcome {
        Outcome {
            status: Status::Success,
            reason: None,
            http_status,
            code: None,
            message: None,
            accepted: Vec::new(),
            rejected: Vec::new(),
            ids: Vec::new(),
            total_count: None,
            data: Value::Null,
            retry: Retry::No,
            unknown: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The outcome of a call that got no answer at all (timeout, reset): the
    /// host reports it so that retry advice stays in one place.
    pub fn transport_error(batch: &Batch, message: &str) -> Outcome {
        failure_unknown(batch, 0, Reason::Transport, message.to_owned())
    }

    /// Sets status from accepted/rejected/unknown: success only when
    /// nothing is rejected or unknown. A batch with unknown items gets the
    /// advice unknown items carry: `resend` for an upsert.
    pub(crate) fn settle(&mut self, batch: &Batch) {
        let unsettled = !self.rejected.is_empty() || !self.unknown.is_empty();
        self.status = match (self.accepted.is_empty(), unsettled) {
            (_, false) => Status::Success,
            (false, true) => Status::Partial,
            (true, true) => Status::Failure,
        };
        if self.status != Status::Success && self.reason.is_none() {
            self.reason = Some(if self.rejected.is_empty() { Reason::Unconfirmed } else { Reason::ItemErrors });
        }
        if !self.unknown.is_empty() && self.retry == Retry::No && batch.is_upsert() {
            self.retry = Retry::Resend;
        }
    }
}

/// The key an item is named by in answers, as text.
pub(crate) fn item_key_text(item: &Value, field: Option<&str>) -> Option<String> {
    match item.get(field?)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// A failure where the call as a whole went wrong. When retrying is
/// advised the items are neither accepted nor rejected (they are pending);
/// otherwise every item is rejected with the message, so that accepted ∪
/// rejected always covers the batch once no retry is advised.
pub(crate) fn failure(batch: &Batch, http_status: u16, reason: Reason, retry: Retry, code: Option<i64>, message: String, data: Value) -> Outcome {
    let mut o = Outcome::blank(http_status);
    o.status = Status::Failure;
    o.reason = Some(reason);
    o.retry = retry;
    o.code = code;
    o.data = data;
    if retry == Retry::No {
        let key_field = batch.operation().and_then(|op| op.item_key);
        o.rejected = batch
            .indices()
            .iter()
            .zip(batch.items())
            .map(|(&i, item)| Rejected { index: Some(i), key: item_key_text(item, key_field), message: message.clone() })
            .collect();
    }
    o.message = Some(message);
    o
}

/// A failure where we cannot tell whether the platform acted (5xx, garbled
/// or missing answer): every item is unknown; resend only when the call is
/// an upsert.
pub(crate) fn failure_unknown(batch: &Batch, http_status: u16, reason: Reason, message: String) -> Outcome {
    let (retry, message) = if batch.is_upsert() {
        (Retry::Resend, message)
    } else {
        (Retry::No, format!("{message} (outcome unknown; not resent because {} is not an upsert)", batch.method()))
    };
    // Resend: nothing is listed as rejected; No: the items are unknown, not
    // rejected (the platform may have applied them).
    let mut o = failure(batch, http_status, reason, Retry::Resend, None, message, Value::Null);
    o.retry = retry;
    o.unknown = batch.indices().to_vec();
    o
}

/// Reads the HTTP layer and the JSON text of an answer; `Err` is the
/// finished outcome when the body is not a usable JSON object.
pub(crate) fn read_json(batch: &Batch, http_status: u16, body: &[u8]) -> Result<serde_json::Map<String, Value>, Outcome> {
    if http_status == 429 {
        return Err(failure(batch, http_status, Reason::RateLimited, Retry::Backoff, None, "HTTP 429 Too Many Requests".into(), Value::Null));
    }
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(failure_unknown(batch, http_status, Reason::EmptyBody, format!("empty response body (HTTP {http_status})")));
    }
    if trimmed.starts_with('<') {
        let snippet: String = trimmed.chars().take(120).collect();
        return Err(failure_unknown(batch, http_status, Reason::HtmlBody, format!("HTML instead of JSON (HTTP {http_status}): {snippet}")));
    }
    let parsed: Result<Value, _> = serde_json::from_str(trimmed);
    let value = match parsed {
        Ok(v) => v,
        Err(e) => {
            return Err(failure_unknown(batch, http_status, Reason::InvalidJson, format!("response is not valid JSON (HTTP {http_status}): {e}")));
        }
    };
    if !(200..300).contains(&http_status) {
        let msg = value
            .get("message")
            .or_else(|| value.get("msg"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("HTTP {http_status}"));
        if http_status >= 500 {
            return Err(failure_unknown(batch, http_status, Reason::HttpError, msg));
        }
        return Err(failure(batch, http_status, Reason::HttpError, Retry::No, None, msg, value));
    }
    match value {
        Value::Object(map) => Ok(map),
        other => Err(failure_unknown(batch, http_status, Reason::InvalidEnvelope, "response JSON is not an object".into()).with_data(other)),
    }
}

impl Outcome {
    fn with_data(mut self, data: Value) -> Self {
        self.data = data;
        self
    }
}

/// Reads a status/code that may be a number or a numeric string.
pub(crate) fn int_field(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| crate::rules::parse_int_text(n.as_str())),
        Value::String(s) => crate::rules::parse_int_text(s.trim()),
        _ => None,
    }
}

/// A message that may be a string, or absent.
pub(crate) fn text_field(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Null => None,
        Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

/// True when a platform message says the caller is calling too often.
pub(crate) fn is_rate_limit_message(msg: &str) -> bool {
    const MARKERS: &[&str] = &["频率", "频繁", "限流", "调用次数", "请求过多", "请求太多", "too many", "too_many", "rate limit", "rate_limit", "frequen", "qps"];
    let lower = msg.to_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
}

/// True when a platform message says the request's timestamp is outside the
/// platform's clock window: it names the timestamp *and* the window
/// (过期/超出/误差…). "Expired" alone is not enough: `appkey已过期` is an
/// expired credential, which re-signing cannot fix.
pub(crate) fn is_clock_message(msg: &str) -> bool {
    const TIME: &[&str] = &["时间戳", "timestamp", "时间差", "时间误差"];
    const WINDOW: &[&str] = &["过期", "expire", "误差", "超出", "超过", "超时", "偏差", "相差", "时间差", "window", "skew", "out of"];
    let lower = msg.to_lowercase();
    TIME.iter().any(|m| lower.contains(m)) && WINDOW.iter().any(|m| lower.contains(m))
}

/// True when a platform message says a credential (appkey, token,
/// authorization, secret) has expired or been revoked.
pub(crate) fn is_expired_credentials_message(msg: &str) -> bool {
    const EXPIRED: &[&str] = &["过期", "expire", "失效", "revoked", "吊销"];
    let lower = msg.to_lowercase();
    EXPIRED.iter().any(|m| lower.contains(m)) && is_auth_message(msg) && !is_clock_message(msg)
}

/// True when a platform message is about the signature or credentials.
pub(crate) fn is_auth_message(msg: &str) -> bool {
    const MARKERS: &[&str] = &["签名", "sign", "appkey", "token", "密钥", "secret", "授权", "凭证", "卖家账号"];
    let lower = msg.to_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
}

/// Where each item of a batch stands while an answer is read: the parsers
/// confirm and reject batch positions, then [`Tally::finish`] decides what
/// the answer leaves unmentioned.
pub(crate) struct Tally<'b> {
    batch: &'b Batch,
    /// Per batch position: 0 unmentioned, 1 confirmed, 2 rejected.
    state: Vec<u8>,
    /// A failure the answer does not tie to any item: it may be about any
    /// unmentioned item, so none of them can be called accepted.
    unattributed: bool,
}

impl<'b> Tally<'b> {
    pub(crate) fn new(batch: &'b Batch) -> Self {
        Tally { batch, state: vec![0; batch.len()], unattributed: false }
    }

    /// The answer confirms the item at batch position `pos` (unless it also
    /// rejects it: a failure wins).
    pub(crate) fn confirm(&mut self, pos: usize) {
        if self.state[pos] == 0 {
            self.state[pos] = 1;
        }
    }

    /// The answer refuses the item at batch position `pos`.
    pub(crate) fn reject(&mut self, o: &mut Outcome, pos: usize, key: Option<String>, message: String) {
        self.state[pos] = 2;
        o.rejected.push(Rejected { index: Some(self.batch.indices()[pos]), key, message });
    }

    /// Whether the item at `pos` is already rejected.
    pub(crate) fn is_rejected(&self, pos: usize) -> bool {
        self.state[pos] == 2
    }

    /// A failure naming a key that is not in the batch: kept, with a note;
    /// it says nothing about the items that were sent.
    pub(crate) fn foreign(&mut self, o: &mut Outcome, key: Option<String>, message: String) {
        o.notes.push(format!("a failure names {} which was not in this call: {message}", key.as_deref().unwrap_or("something")));
        o.rejected.push(Rejected { index: None, key, message });
    }

    /// A failure that names no item at all: kept, with a note, and the
    /// unmentioned items become unknown.
    pub(crate) fn unattributed(&mut self, o: &mut Outcome, key: Option<String>, message: String) {
        self.unattributed = true;
        o.notes.push(format!("a failure could not be matched to an input item: {message}"));
        o.rejected.push(Rejected { index: None, key, message });
    }

    /// Marks every item not yet rejected as unknown (a count the answer's
    /// list contradicts), with the reason as a note.
    pub(crate) fn unsettle(&mut self, o: &mut Outcome, why: String) {
        self.unattributed = true;
        o.notes.push(why);
    }

    /// Rejects every item not yet rejected with `message`.
    pub(crate) fn reject_rest(&mut self, o: &mut Outcome, key_of: impl Fn(usize) -> Option<String>, message: &str) {
        for pos in 0..self.state.len() {
            if self.state[pos] != 2 {
                self.reject(o, pos, key_of(pos), message.to_owned());
            }
        }
    }

    /// Fills `accepted` and `unknown` and settles the status. Confirmed
    /// items are accepted. An unmentioned item is accepted only when
    /// `silence_confirms` (the answer lists failures only, so not being
    /// listed means done, as the pages document) and every failure was
    /// matched to an item; otherwise it is unknown.
    pub(crate) fn finish(self, o: &mut Outcome, silence_confirms: bool) {
        let silence = silence_confirms && !self.unattributed;
        for (pos, &st) in self.state.iter().enumerate() {
            let index = self.batch.indices()[pos];
            match st {
                1 => o.accepted.push(index),
                0 if silence => o.accepted.push(index),
                0 => o.unknown.push(index),
                _ => {}
            }
        }
        o.rejected.sort_by_key(|r| r.index.unwrap_or(usize::MAX));
        o.settle(self.batch);
    }
}

/// Outcome of a generic call: only the envelope is read.
pub(crate) fn parse_call(platform: Platform, batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let parse = platform.descriptor().parse_call.expect("the parse feature fills every descriptor");
    parse(batch, http_status, body)
}
