//! The core's registry and catalogue, as plain JS data.

use crate::convert::{JsValueOut, Raw};
use napi::bindgen_prelude::Env;
use napi_derive::napi;
use serde_json::{json, Value};
use skuwire::ErrorType;

/// Every operation the core models, in registry order.
pub fn operations_value() -> Value {
    Value::Array(
        skuwire::operations()
            .map(|op| {
                json!({
                    "name": op.name,
                    "platform": op.platform.name(),
                    "kind": op.kind.name(),
                    "titleZh": op.title_zh,
                    "upsert": op.upsert,
                    "itemName": op.item_name,
                    "itemKey": op.item_key,
                    "limits": {
                        "maxItems": op.limits.max_items,
                        "documented": op.limits.documented,
                        "maxBodyBytes": op.limits.max_body_bytes,
                    },
                    "source": op.source,
                })
            })
            .collect(),
    )
}

#[napi(catch_unwind, ts_return_type = "unknown[]")]
pub fn operations(env: Env) -> napi::Result<JsValueOut> {
    crate::convert::to_js(Raw { env: env.raw() }, &operations_value()).map(JsValueOut)
}

/// The catalogue of validation error types with their message templates.
#[napi(catch_unwind, ts_return_type = "unknown[]")]
pub fn error_types(env: Env) -> napi::Result<JsValueOut> {
    let v = Value::Array(
        ErrorType::ALL
            .iter()
            .map(|t| json!({"type": t.name(), "template": t.template_en(), "templateZh": t.template_zh()}))
            .collect(),
    );
    crate::convert::to_js(Raw { env: env.raw() }, &v).map(JsValueOut)
}

/// Every operation's machine-readable description (the core's
/// `Operation::describe`: item schema with fields, labels, kinds and
/// limits), in registry order. Read by `tools/gen-registry.js` to generate
/// the per-operation item types.
#[napi(catch_unwind, ts_return_type = "unknown[]")]
pub fn describe_operations(env: Env) -> napi::Result<JsValueOut> {
    let v = Value::Array(skuwire::operations().map(|op| op.describe()).collect());
    crate::convert::to_js(Raw { env: env.raw() }, &v).map(JsValueOut)
}

/// The names of the core's closed sets (outcome reasons, retry advice,
/// outcome statuses, error codes), for the generated unions.
#[napi(
    catch_unwind,
    ts_return_type = "{ reasons: string[]; retries: string[]; statuses: string[]; errorCodes: string[] }"
)]
pub fn enum_names(env: Env) -> napi::Result<JsValueOut> {
    let v = json!({
        "reasons": skuwire::Reason::ALL.iter().map(|r| r.name()).collect::<Vec<_>>(),
        "retries": skuwire::Retry::ALL.iter().map(|r| r.name()).collect::<Vec<_>>(),
        "statuses": skuwire::Status::ALL.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "errorCodes": skuwire::ErrorCode::ALL.iter().map(|c| c.name()).collect::<Vec<_>>(),
    });
    crate::convert::to_js(Raw { env: env.raw() }, &v).map(JsValueOut)
}
