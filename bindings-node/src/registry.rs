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
                    // The core's description of paging, keys in JS case.
                    "paging": camel_keys(&op.describe()["paging"]),
                    "source": op.source,
                })
            })
            .collect(),
    )
}

/// `max_page_size` → `maxPageSize`, at every depth.
fn camel_keys(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let mut out = String::with_capacity(k.len());
                    let mut upper = false;
                    for c in k.chars() {
                        match (c, upper) {
                            ('_', _) => upper = true,
                            (c, true) => {
                                out.extend(c.to_uppercase());
                                upper = false;
                            }
                            (c, false) => out.push(c),
                        }
                    }
                    (out, camel_keys(v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(camel_keys).collect()),
        other => other.clone(),
    }
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

/// The names of the core's closed sets (platforms, outcome reasons, retry
/// advice, outcome statuses, error codes), for the generated unions.
#[napi(
    catch_unwind,
    ts_return_type = "{ platforms: string[]; reasons: string[]; retries: string[]; statuses: string[]; errorCodes: string[] }"
)]
pub fn enum_names(env: Env) -> napi::Result<JsValueOut> {
    let v = json!({
        "platforms": skuwire::Platform::ALL.iter().map(|p| p.name()).collect::<Vec<_>>(),
        "reasons": skuwire::Reason::ALL.iter().map(|r| r.name()).collect::<Vec<_>>(),
        "retries": skuwire::Retry::ALL.iter().map(|r| r.name()).collect::<Vec<_>>(),
        "statuses": skuwire::Status::ALL.iter().map(|s| s.name()).collect::<Vec<_>>(),
        "errorCodes": skuwire::ErrorCode::ALL.iter().map(|c| c.name()).collect::<Vec<_>>(),
    });
    crate::convert::to_js(Raw { env: env.raw() }, &v).map(JsValueOut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_keys_are_camel_cased_at_every_depth_and_values_kept() {
        let v = json!({"first_page": 0, "row_key": "rec_id", "window": {"start": "start_time", "max_days": 30}, "paged": true});
        assert_eq!(
            camel_keys(&v),
            json!({"firstPage": 0, "rowKey": "rec_id", "window": {"start": "start_time", "maxDays": 30}, "paged": true})
        );
        assert_eq!(camel_keys(&Value::Null), Value::Null);
    }

    #[test]
    fn every_query_describes_its_paging_and_every_push_has_none() {
        for (op, info) in skuwire::operations().zip(operations_value().as_array().unwrap()) {
            assert_eq!(info["paging"].is_null(), op.is_push(), "{}", op.name);
        }
        let q = operations_value().as_array().unwrap().iter().find(|o| o["name"] == "vip_api_goods_query.php").cloned().unwrap();
        assert_eq!(q["paging"]["window"], json!({"start": "start_time", "end": "end_time", "maxDays": 30}));
    }
}
