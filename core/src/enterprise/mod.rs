//! WDT enterprise (旺店通企业版, openapi2): `vip_api_goods_query.php`, the
//! enterprise envelope, and (feature `sign`) the [`Enterprise`] client.
//!
//! Sources: `../shared/spec/003…` and the signing notes in `spec/README.md`.

mod parse;
mod schema;
mod sign;
#[cfg(test)]
mod tests;

pub use schema::GOODS_ROW_TYPES;
#[cfg(feature = "sign")]
pub use sign::Enterprise;
pub use sign::sign_string;

use crate::descriptor::{CallParams, Descriptor, PageStyle};
use crate::registry::{BodyShape, Limits, OpKind, Operation, Paging, Platform, Window};

/// The enterprise clock window: ±5 minutes.
pub const CLOCK_WINDOW_SECS: i64 = 300;
/// Enterprise sandbox (append `/<name>.php`).
pub const SANDBOX_URL: &str = "https://sandbox.wangdian.cn/openapi2";
/// Enterprise production (append `/<name>.php`).
pub const PRODUCTION_URL: &str = "https://api.wangdian.cn/openapi2";
/// Error 2104: start_time/end_time more than 30 days apart.
pub const CODE_SPAN_TOO_LONG: i64 = 2104;

/// Page size when the caller gives none: the documented maximum, 100,
/// rather than the vendor default of 30, because fewer pages means fewer
/// chances for rows to move between pages while a sync runs.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// The enterprise operations.
pub static OPERATIONS: [Operation; 1] = [Operation {
    name: "vip_api_goods_query.php",
    platform: Platform::Enterprise,
    kind: OpKind::Query,
    title_zh: "查询平台货品",
    upsert: true, // a read: repeating it is harmless
    item_name: "the query parameters",
    item: &schema::GOODS_QUERY,
    unique_keys: &[],
    item_key: None,
    limits: Limits { max_items: 100, documented: true, max_body_bytes: None },
    body: BodyShape::Params,
    parse: parser!(parse::parse_envelope_only),
    paging: Some(Paging {
        first_page: 0,
        default_page_size: DEFAULT_PAGE_SIZE,
        max_page_size: 100,
        max_page_size_documented: true,
        list_field: "goods_list",
        total_field: Some("total_count"),
        total_on_first_page_only: true,
        row_key: Some("rec_id"),
        window: Some(Window { start: "start_time", end: "end_time", max_days: 30 }),
        row_types: &schema::GOODS_ROW_TYPES,
    }),
    source: "003_3627a70f707f67b7.txt",
}];

/// The enterprise platform as the engine sees it.
pub static DESCRIPTOR: Descriptor = Descriptor {
    platform: Platform::Enterprise,
    name: "enterprise",
    name_zh: "企业版",
    operations: &OPERATIONS,
    call_params: CallParams::Named,
    call_params_error: ("an enterprise or YMCart call takes an object of parameters", "企业版/YMCart接口的参数应为对象"),
    paging: PageStyle::Params,
    parse_call: parser!(parse::parse_envelope_only),
    page_envelope: parser!(parse::envelope),
};

/// How enterprise requests are signed and shown.
#[cfg(feature = "sign")]
pub static SIGNING: crate::descriptor::Signing = crate::descriptor::Signing {
    secret_params: &[],
    body_param: None,
    string_to_sign: |r| {
        let mut s = sign::sign_string(r.trace_params().iter().map(|(k, v)| (k.as_str(), v.as_str())));
        s.push_str(crate::request::REDACTED);
        s
    },
};

