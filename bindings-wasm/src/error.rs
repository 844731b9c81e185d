//! Errors as JS sees them: the core's error records as plain objects, and
//! the core's `Error` as a thrown `SkuwireError` (a real `Error` with `name`
//! `"SkuwireError"`, a `code`, a Chinese message and, for validation, every
//! record).

use crate::convert::{to_js, JsonOut};
use serde::Serialize;
use skuwire::LocItem;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// One validation problem: the core's `ErrorRecord`, field for field.
#[derive(Serialize, Tsify)]
pub struct ErrorRecord {
    /// What rule was broken: a stable snake_case name from `errorTypes()`.
    #[serde(rename = "type")]
    #[tsify(type = "ErrorTypeName")]
    pub kind: &'static str,
    /// Where: keys and indexes from the argument, e.g. `[3, "spec_list", 0, "spec_no"]`.
    #[tsify(type = "Array<string | number>")]
    pub loc: Vec<LocItem>,
    /// English message.
    pub msg: String,
    /// Chinese message.
    pub msg_zh: String,
    /// The offending value (`null` when absent or when it has no JSON form).
    #[tsify(type = "JsonValue")]
    pub input: JsonOut,
    /// Template values, e.g. `{ max_length: 40 }`.
    #[tsify(type = "Record<string, JsonValue>")]
    pub ctx: JsonOut,
}

impl From<skuwire::ErrorRecord> for ErrorRecord {
    fn from(r: skuwire::ErrorRecord) -> Self {
        ErrorRecord {
            kind: r.kind.name(),
            msg: r.msg(),
            msg_zh: r.msg_zh(),
            loc: r.loc,
            input: JsonOut(r.input),
            ctx: JsonOut(serde_json::Value::Object(r.ctx)),
        }
    }
}

/// Converts core records for output.
pub fn records(errors: Vec<skuwire::ErrorRecord>) -> Vec<ErrorRecord> {
    errors.into_iter().map(ErrorRecord::from).collect()
}

/// The fields a thrown `SkuwireError` carries besides `message` and `name`
/// (the Node package's `SkuwireError` / `ValidationError` fields).
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SkuwireErrorFields {
    /// What kind of error.
    #[tsify(type = "ErrorCode")]
    pub code: &'static str,
    /// The message in Chinese (`message` is English).
    pub msg_zh: String,
    /// Validation errors only: the operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub op: Option<String>,
    /// Validation errors only: every problem, in input order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub errors: Option<Vec<ErrorRecord>>,
}

#[wasm_bindgen(typescript_custom_section)]
const TS_SKUWIRE_ERROR: &str = r#"
/**
 * What every function of this package throws: an `Error` whose `name` is
 * `"SkuwireError"`, or `"ValidationError"` (with `op` and every record in
 * `errors`) when input failed validation, as in the Node package. Bad *data*
 * never throws from `validate()`: it returns records.
 */
export interface SkuwireError extends Error, SkuwireErrorFields {
    name: "SkuwireError" | "ValidationError";
}

/** A `SkuwireError` for input that failed validation. */
export interface ValidationError extends SkuwireError {
    name: "ValidationError";
    code: "validation";
    op: string;
    errors: ErrorRecord[];
}
"#;

/// The names thrown errors carry.
pub const ERROR_NAME: &str = "SkuwireError";
/// … and for validation errors.
pub const VALIDATION_ERROR_NAME: &str = "ValidationError";

fn make(message: &str, fields: &SkuwireErrorFields) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name(if fields.errors.is_some() { VALIDATION_ERROR_NAME } else { ERROR_NAME });
    if let Ok(obj) = to_js(fields) {
        if let Ok(obj) = obj.dyn_into::<js_sys::Object>() {
            js_sys::Object::assign(&err, &obj);
        }
    }
    err.into()
}

/// The core's error as a thrown `SkuwireError`.
pub fn throw(e: skuwire::Error) -> JsValue {
    let message = e.to_string();
    let msg_zh = e.msg_zh();
    let code = e.code().name();
    let (op, errors) = match e {
        skuwire::Error::Validation(v) => (Some(v.op), Some(records(v.errors))),
        _ => (None, None),
    };
    make(&message, &SkuwireErrorFields { code, msg_zh, op, errors })
}

/// A bug in skuwire (a caught panic, an output that failed to convert).
pub fn internal(detail: &str) -> JsValue {
    throw(skuwire::Error::internal(detail))
}

/// Runs an entry point so that a panic becomes a thrown `SkuwireError`
/// instead of crossing into JS. Effective in the unwinding build (see
/// `scripts/build-wasm.sh`); entry points are written not to panic at all.
///
/// A hard abort (out of memory, a trap) still poisons a wasm instance; the
/// first call registers a handler that asks wasm-bindgen for a fresh instance
/// on the next call, so a page keeps working (the package keeps no state).
pub fn guard<T>(f: impl FnOnce() -> Result<T, JsValue>) -> Result<T, JsValue> {
    static ON_ABORT: std::sync::Once = std::sync::Once::new();
    ON_ABORT.call_once(|| {
        wasm_bindgen::handler::set_on_abort(wasm_bindgen::handler::schedule_reinit);
    });
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".to_owned());
            Err(internal(&detail))
        }
    }
}

/// True when `error` is an error thrown by this package (a `SkuwireError`,
/// validation errors included).
#[wasm_bindgen(js_name = isSkuwireError, unchecked_return_type = "error is SkuwireError")]
pub fn is_skuwire_error(#[wasm_bindgen(unchecked_param_type = "unknown")] error: JsValue) -> bool {
    error.dyn_ref::<js_sys::Error>().is_some_and(|e| {
        let name = e.name();
        (name == ERROR_NAME || name == VALIDATION_ERROR_NAME)
            && js_sys::Reflect::has(e, &JsValue::from_str("code")).unwrap_or(false)
    })
}
