//! Core errors as JS exceptions.
//!
//! A core [`skuwire::Error`] is thrown as a JS `Error` carrying `code` (the
//! core's `ErrorCode` name), `msgZh`, and for validation errors `op` and
//! `errors` (the records, `{type, loc, msg, msg_zh, input, ctx}`). The JS
//! layer (`index.js`) re-raises it as `SkuwireError` / `ValidationError`;
//! the marker property `skuwireNative` tells it apart from user exceptions
//! (a throwing `toJSON` or iterator) that pass through unchanged.

use crate::convert::{check, to_js, Raw};
use napi::{sys, Status};
use serde_json::Value;
use skuwire::{Error, ErrorRecord, ValidationErrors};

/// Records as a JSON value (the core's serialization, exactly).
pub fn records_value(errors: &[ErrorRecord]) -> Value {
    serde_json::to_value(errors).unwrap_or(Value::Null)
}

/// Throws a core error into JS; the returned error tells napi-rs that an
/// exception is already pending.
pub fn throw(env: sys::napi_env, e: Error) -> napi::Error {
    match build(env, &e) {
        Ok(js) => {
            unsafe { sys::napi_throw(env, js) };
            napi::Error::new(Status::PendingException, String::new())
        }
        // Could not even build the error object: fall back to a plain one.
        Err(_) => napi::Error::new(Status::GenericFailure, e.to_string()),
    }
}

/// Throws a validation failure of `op`.
pub fn throw_validation(env: sys::napi_env, op: &str, errors: Vec<ErrorRecord>) -> napi::Error {
    throw(env, ValidationErrors { op: op.to_owned(), errors }.into())
}

/// The JS error object for a core error (not thrown).
pub fn build(env: sys::napi_env, e: &Error) -> napi::Result<sys::napi_value> {
    let raw = Raw { env };
    let code = raw.str(e.code().name())?;
    let message = raw.str(&e.to_string())?;
    let mut err = std::ptr::null_mut();
    check(env, unsafe { sys::napi_create_error(env, code, message, &mut err) })?;
    let set = |name: &str, v: sys::napi_value| -> napi::Result<()> {
        let key = raw.str(name)?;
        check(env, unsafe { sys::napi_set_property(env, err, key, v) })
    };
    set("msgZh", raw.str(&e.msg_zh())?)?;
    set("skuwireNative", raw.boolean(true)?)?;
    if let Error::Validation(v) = e {
        set("op", raw.str(&v.op)?)?;
        set("errors", to_js(raw, &records_value(&v.errors))?)?;
    }
    Ok(err)
}

/// Shorthand: a core result into a napi result, throwing core errors.
pub trait OrThrow<T> {
    fn or_throw(self, env: sys::napi_env) -> napi::Result<T>;
}

impl<T> OrThrow<T> for Result<T, Error> {
    fn or_throw(self, env: sys::napi_env) -> napi::Result<T> {
        self.map_err(|e| throw(env, e))
    }
}
