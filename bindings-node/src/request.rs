//! Signed requests as plain JS data, and the clock helper.
//!
//! The JS layer wraps this data in a `Request` whose `util.inspect` and
//! `toJSON` show only the core's redacted forms (`redactedUrl`,
//! `redactedBody`), never the salt or token that `url`/`body` carry.

use crate::convert::{int_arg, to_js, Raw};
use crate::error::OrThrow;
use napi::bindgen_prelude::{Buffer, Env, ToNapiValue, TypeName, Unknown, ValueType};
use napi::{sys, JsValue};
use napi_derive::napi;
use serde_json::{Map, Value};

/// A core request on its way to JS.
pub struct RequestJs(pub skuwire::Request);

impl TypeName for RequestJs {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for RequestJs {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let raw = Raw { env };
        let r = val.0;
        let headers: Map<String, Value> = r.headers.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
        let sorted: Vec<Value> = r.sorted_params().into_iter().map(|(k, v)| Value::from(vec![k, v])).collect();
        let string_to_sign = r.string_to_sign();
        let redacted_url = r.redacted_url();
        let redacted_body = r.redacted_body();
        let body = unsafe { Buffer::to_napi_value(env, Buffer::from(r.body))? };
        raw.object_named(&[
            ("method", raw.str(r.method)?),
            ("url", raw.str(&r.url)?),
            ("headers", to_js(raw, &Value::Object(headers))?),
            ("body", body),
            ("sign", raw.str(&r.sign)?),
            ("timestamp", raw.number(r.timestamp as f64)?),
            ("stringToSign", raw.str(&string_to_sign)?),
            ("sortedParams", to_js(raw, &Value::Array(sorted))?),
            ("redactedUrl", raw.str(&redacted_url)?),
            ("redactedBody", raw.str(&redacted_body)?),
        ])
    }
}

/// The server's clock minus ours, in seconds, from an HTTP `Date` header;
/// `localTime` is the Unix time (seconds) the answer arrived (default: now).
#[napi(catch_unwind, ts_args_type = "date: string, localTime?: number | undefined | null")]
pub fn clock_offset_from_http_date(env: Env, date: String, local_time: Option<Unknown>) -> napi::Result<i64> {
    let env = env.raw();
    let local = int_arg(env, local_time.map(|u| u.raw()), "localTime", "clockOffsetFromHttpDate")?.unwrap_or_else(skuwire::unix_now);
    skuwire::clock_offset_from_http_date(&date, local).or_throw(env)
}
