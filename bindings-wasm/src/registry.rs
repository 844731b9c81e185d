//! The registry as plain data: which operations exist and their limits, and
//! the catalogue of error types.

use crate::convert::to_js;
use crate::error::guard;
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// One operation skuwire models (the core's `Operation`, as data; the
/// Node package's `OperationInfo`).
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct OperationInfo {
    /// The name exactly as the vendor writes it (`goods.Goods.batchPush`).
    #[tsify(type = "OperationName")]
    pub name: &'static str,
    /// The platform.
    #[tsify(type = "PlatformName")]
    pub platform: &'static str,
    /// `push` (planned into batches) or `query` (paged).
    #[tsify(type = "OpKind")]
    pub kind: &'static str,
    /// The vendor's Chinese title.
    pub title_zh: &'static str,
    /// Whether repeating the call is harmless (the platform upserts by key).
    pub upsert: bool,
    /// What one input item is, in words.
    pub item_name: &'static str,
    /// Field of an item that responses use to name it.
    pub item_key: Option<&'static str>,
    /// Limits per call.
    pub limits: Limits,
    /// The vendor page this entry was written from.
    pub source: &'static str,
}

/// An operation's per-call limits.
#[derive(Serialize, Tsify)]
#[tsify(missing_as_null)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    /// Most items per call.
    pub max_items: usize,
    /// Whether `max_items` is the vendor's documented limit (`false`: skuwire's
    /// conservative default where the page gives none).
    pub documented: bool,
    /// Default body-size cap in bytes, if any.
    pub max_body_bytes: Option<usize>,
}

impl From<&'static skuwire::Operation> for OperationInfo {
    fn from(op: &'static skuwire::Operation) -> Self {
        OperationInfo {
            name: op.name,
            platform: op.platform.name(),
            kind: op.kind.name(),
            title_zh: op.title_zh,
            upsert: op.upsert,
            item_name: op.item_name,
            item_key: op.item_key,
            limits: Limits {
                max_items: op.limits.max_items,
                documented: op.limits.documented,
                max_body_bytes: op.limits.max_body_bytes,
            },
            source: op.source,
        }
    }
}

/// Every operation skuwire models, flagship first, in the vendors' page order.
#[wasm_bindgen(unchecked_return_type = "OperationInfo[]")]
pub fn operations() -> Result<JsValue, JsValue> {
    guard(|| to_js(&skuwire::operations().map(OperationInfo::from).collect::<Vec<_>>()))
}

/// One entry of the error-type catalogue.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTypeInfo {
    /// The stable name (`string_too_long`).
    #[serde(rename = "type")]
    #[tsify(type = "ErrorTypeName")]
    pub kind: &'static str,
    /// English message template; `{key}` is filled from the record's `ctx`.
    pub template: &'static str,
    /// Chinese message template.
    pub template_zh: &'static str,
}

/// The catalogue of validation error types, for docs and for pages that
/// translate or restyle messages.
#[wasm_bindgen(js_name = errorTypes, unchecked_return_type = "ErrorTypeInfo[]")]
pub fn error_types() -> Result<JsValue, JsValue> {
    guard(|| {
        let all: Vec<ErrorTypeInfo> = skuwire::ErrorType::ALL
            .iter()
            .map(|t| ErrorTypeInfo { kind: t.name(), template: t.template_en(), template_zh: t.template_zh() })
            .collect();
        to_js(&all)
    })
}
