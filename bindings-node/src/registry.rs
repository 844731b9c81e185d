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
