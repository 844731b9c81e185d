//! Signed requests as plain JS data, and the clock helper.
//!
//! The JS layer wraps this data in a `Request` whose `util.inspect` and
//! `toJSON` show only the core's redacted forms (`redactedUrl`,
//! `redactedBody`), never the salt or token that `url`/`body` carry. Those
//! forms are computed when read (`RequestDebug`), not for every request.

use crate::convert::{check, int_wire, string_param, to_js, Json, Raw};
use crate::error::OrThrow;
use napi::bindgen_prelude::{Env, ToNapiValue, TypeName, Unknown, ValueType};
use napi::{sys, JsValue};
use napi_derive::napi;
use serde_json::{Map, Value};
use std::ffi::c_void;
use std::ptr;
use std::sync::Arc;

/// A core request on its way to JS: a plain object with what is sent
/// (`method`, `url`, `headers`, `body`, `sign`, `timestamp`) and `debug`, a
/// [`RequestDebug`] that computes the body-sized debug forms only when the
/// JS `Request` is asked for them.
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
        let mut r = val.0;
        let headers: Map<String, Value> = r.headers.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
        // The body is shared by the JS Buffer and the debug forms: not copied.
        let shared = Arc::new(std::mem::take(&mut r.body));
        let body = unsafe { shared_buffer(env, &shared)? };
        let props = [
            ("method", raw.str(r.method)?),
            ("url", raw.str(&r.url)?),
            ("headers", to_js(raw, &Value::Object(headers))?),
            ("body", body),
            ("sign", raw.str(&r.sign)?),
            ("timestamp", raw.number(r.timestamp as f64)?),
        ];
        let debug = unsafe { <RequestDebug as ToNapiValue>::to_napi_value(env, RequestDebug { inner: r, body: shared })? };
        let mut all = props.to_vec();
        all.push(("debug", debug));
        raw.object_named(&all)
    }
}

/// A JS Buffer over `body`'s bytes, holding a reference to them until V8
/// collects it (an external buffer); a copy where the runtime refuses
/// external buffers (Electron's V8 sandbox) or the body is empty.
unsafe fn shared_buffer(env: sys::napi_env, body: &Arc<Vec<u8>>) -> napi::Result<sys::napi_value> {
    unsafe extern "C" fn release(_env: sys::napi_env, _data: *mut c_void, hint: *mut c_void) {
        drop(unsafe { Arc::from_raw(hint as *const Vec<u8>) });
    }
    let mut out = ptr::null_mut();
    if !body.is_empty() {
        let hint = Arc::into_raw(Arc::clone(body)) as *mut c_void;
        let status = unsafe { sys::napi_create_external_buffer(env, body.len(), body.as_ptr() as *mut c_void, Some(release), hint, &mut out) };
        if status == sys::Status::napi_ok {
            return Ok(out);
        }
        drop(unsafe { Arc::from_raw(hint as *const Vec<u8>) });
    }
    let mut data = ptr::null_mut();
    check(env, unsafe { sys::napi_create_buffer_copy(env, body.len(), body.as_ptr().cast(), &mut data, &mut out) })?;
    Ok(out)
}

/// The debug forms of a signed request (secrets redacted), computed on
/// demand: each is as large as the body, and most requests are sent
/// without anyone reading them.
#[napi]
pub struct RequestDebug {
    /// The request, its body moved to `body`.
    inner: skuwire::Request,
    /// The bytes the JS Buffer `body` shows.
    body: Arc<Vec<u8>>,
}

impl RequestDebug {
    fn whole(&self) -> skuwire::Request {
        let mut r = self.inner.clone();
        r.body = self.body.to_vec();
        r
    }
}

#[napi]
impl RequestDebug {
    /// The string that was hashed, secrets redacted.
    #[napi(catch_unwind)]
    pub fn string_to_sign(&self) -> String {
        self.whole().string_to_sign()
    }

    /// Signed parameters sorted by key, secrets redacted.
    #[napi(catch_unwind, ts_return_type = "[string, string][]")]
    pub fn sorted_params(&self) -> Json {
        Json(Value::Array(self.whole().sorted_params().into_iter().map(|(k, v)| Value::from(vec![k, v])).collect()))
    }

    /// The URL with secret parameter values redacted.
    #[napi(catch_unwind)]
    pub fn redacted_url(&self) -> String {
        self.inner.redacted_url()
    }

    /// The body as text with secret form values redacted.
    #[napi(catch_unwind)]
    pub fn redacted_body(&self) -> String {
        self.whole().redacted_body()
    }
}

/// The server's clock minus ours, in seconds, from an HTTP `Date` header;
/// `localTime` is the Unix time (seconds) the answer arrived (default: now).
#[napi(catch_unwind, ts_args_type = "date: string, localTime?: string[] | null")]
pub fn clock_offset_from_http_date(env: Env, date: Unknown, local_time: Option<Vec<String>>) -> napi::Result<i64> {
    let env = env.raw();
    let date = string_param(env, date.raw(), "date")?;
    let local = int_wire(env, local_time, "localTime", "clockOffsetFromHttpDate")?.unwrap_or_else(skuwire::unix_now);
    skuwire::clock_offset_from_http_date(&date, local).or_throw(env)
}
