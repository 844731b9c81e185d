//! Reading enterprise answers: the envelope `{"code", "message", …}`.

use super::CODE_SPAN_TOO_LONG;
use crate::outcome::{failure, failure_unknown, int_field, is_auth_message, is_clock_message, is_expired_credentials_message, is_rate_limit_message, read_json, text_field, Outcome, Reason, Retry};
use crate::plan::Batch;
use serde_json::{Map, Value};

/// Reads the enterprise envelope `{"code", "message", "total_count", …}`;
/// `code` may be a number or a string.
pub(super) fn envelope(batch: &Batch, http_status: u16, body: &[u8]) -> Result<Map<String, Value>, Outcome> {
    let map = read_json(batch, http_status, body)?;
    let Some(code) = int_field(map.get("code")) else {
        let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, "response has no numeric code field".into());
        o.data = Value::Object(map);
        return Err(o);
    };
    if code != 0 {
        let msg = text_field(map.get("message")).unwrap_or_else(|| format!("code {code}"));
        if code == CODE_SPAN_TOO_LONG {
            let mut o = failure(batch, http_status, Reason::TimeSpanTooLong, Retry::No, Some(code), msg, Value::Object(map));
            o.notes.push(
                "error 2104: start_time..end_time spans more than the 30 days the platform allows; split the range \
                 (a QueryPlan does this) — not retried / 时间跨度超过30天，请拆分时间范围，不会重试"
                    .into(),
            );
            return Err(o);
        }
        // The page documents no timestamp code: a message naming the
        // timestamp and its window is the ±5 min clock error.
        let (reason, retry) = if is_clock_message(&msg) {
            (Reason::ClockSkew, Retry::Resign)
        } else if is_expired_credentials_message(&msg) {
            (Reason::CredentialsExpired, Retry::No)
        } else if is_rate_limit_message(&msg) {
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

/// The envelope of any enterprise answer: data is the whole answer.
pub(super) fn parse_envelope_only(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    match envelope(batch, http_status, body) {
        Err(o) => o,
        Ok(map) => {
            let mut o = Outcome::blank(http_status);
            o.code = Some(0);
            o.message = text_field(map.get("message"));
            o.total_count = int_field(map.get("total_count"));
            o.data = Value::Object(map);
            o
        }
    }
}

