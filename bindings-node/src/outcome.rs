//! Outcomes as plain JS objects (camelCase keys, the number rule for `data`).

use crate::convert::{to_js, Raw};
use napi::bindgen_prelude::{ToNapiValue, TypeName, ValueType};
use napi::sys;
use serde_json::Value;
use skuwire::Outcome;

/// An outcome on its way to JS.
pub struct OutcomeJs(pub Outcome);

impl TypeName for OutcomeJs {
    fn type_name() -> &'static str {
        "unknown"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

fn opt_str(raw: Raw, s: Option<&str>) -> napi::Result<sys::napi_value> {
    match s {
        Some(s) => raw.str(s),
        None => raw.null(),
    }
}

impl ToNapiValue for OutcomeJs {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let raw = Raw { env };
        let o = &val.0;
        let reason = o.reason.map(|r| r.name());
        let rejected: Vec<Value> = o
            .rejected
            .iter()
            .map(|r| serde_json::json!({"index": r.index, "key": r.key, "message": r.message}))
            .collect();
        let ids: Vec<Value> = o.ids.iter().map(|a| serde_json::json!({"index": a.index, "id": a.id})).collect();
        let props: Vec<(&str, sys::napi_value)> = vec![
            ("ok", raw.boolean(o.ok())?),
            ("partial", raw.boolean(o.partial())?),
            ("status", raw.str(o.status.name())?),
            ("reason", opt_str(raw, reason)?),
            ("retry", raw.str(o.retry.name())?),
            ("httpStatus", raw.number(f64::from(o.http_status))?),
            ("code", to_js(raw, &serde_json::to_value(o.code).unwrap_or(Value::Null))?),
            ("message", opt_str(raw, o.message.as_deref())?),
            ("accepted", to_js(raw, &serde_json::to_value(&o.accepted).unwrap_or(Value::Null))?),
            ("rejected", to_js(raw, &Value::Array(rejected))?),
            ("ids", to_js(raw, &Value::Array(ids))?),
            ("totalCount", to_js(raw, &serde_json::to_value(o.total_count).unwrap_or(Value::Null))?),
            ("data", to_js(raw, &o.data)?),
            ("notes", to_js(raw, &serde_json::to_value(&o.notes).unwrap_or(Value::Null))?),
            ("unknown", to_js(raw, &serde_json::to_value(&o.unknown).unwrap_or(Value::Null))?),
        ];
        raw.object_named(&props)
    }
}
