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

/// Overall result of one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Everything was accepted.
    Success,
    /// Some items were accepted, some rejected.
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
    /// Input positions accepted.
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
    /// True when the platform may or may not have applied the call (no
    /// answer, a 5xx, an empty or garbled body). For an upsert the advice is
    /// `resend`; otherwise the items are listed as rejected with this flag
    /// set, and the host must check before sending them again.
    #[serde(default)]
    pub unknown: bool,
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
            unknown: false,
            notes: Vec::new(),
        }
    }

    /// The outcome of a call that got no answer at all (timeout, reset): the
    /// host reports it so that retry advice stays in one place.
    pub fn transport_error(batch: &Batch, message: &str) -> Outcome {
        failure_unknown(batch, 0, Reason::Transport, message.to_owned())
    }

    /// Sets status from accepted/rejected: success, partial or failure.
    pub(crate) fn settle(&mut self) {
        self.status = match (self.accepted.is_empty(), self.rejected.is_empty()) {
            (_, true) => Status::Success,
            (false, false) => Status::Partial,
            (true, false) => Status::Failure,
        };
        if self.status != Status::Success && self.reason.is_none() {
            self.reason = Some(Reason::ItemErrors);
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
/// or missing answer): resend only when the call is an upsert.
pub(crate) fn failure_unknown(batch: &Batch, http_status: u16, reason: Reason, message: String) -> Outcome {
    let (retry, message) = if batch.is_upsert() {
        (Retry::Resend, message)
    } else {
        (Retry::No, format!("{message} (outcome unknown; not resent because {} is not an upsert)", batch.method()))
    };
    let mut o = failure(batch, http_status, reason, retry, None, message, Value::Null);
    o.unknown = true;
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

/// True when a platform message is about the timestamp.
pub(crate) fn is_clock_message(msg: &str) -> bool {
    const MARKERS: &[&str] = &["时间戳", "timestamp", "时间差", "过期", "expired"];
    let lower = msg.to_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
}

/// True when a platform message is about the signature or credentials.
pub(crate) fn is_auth_message(msg: &str) -> bool {
    const MARKERS: &[&str] = &["签名", "sign", "appkey", "token", "密钥", "授权", "卖家账号"];
    let lower = msg.to_lowercase();
    MARKERS.iter().any(|m| lower.contains(m))
}

/// Outcome of a generic call: only the envelope is read.
pub(crate) fn parse_call(platform: Platform, batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    match platform {
        Platform::Flagship => crate::flagship::parse_envelope_only(batch, http_status, body),
        Platform::Enterprise => crate::enterprise::parse_envelope_only(batch, http_status, body),
        Platform::Ymcart => crate::ymcart::parse_envelope_only(batch, http_status, body),
    }
}
