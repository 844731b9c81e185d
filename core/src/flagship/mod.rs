//! WDT flagship (旺店通旗舰版): `goods.Goods.batchPush`,
//! `goods.ApiGoods.upload`, `purchase.ProviderGoods.upload`; the flagship
//! envelope; and (feature `sign`) the [`Flagship`] client that signs.
//!
//! Sources: `../shared/spec/000…` (ApiGoods.upload), `001…` (batchPush),
//! `002…` (ProviderGoods.upload) and the signing notes in `spec/README.md`.

mod parse;
mod schema;
#[cfg(feature = "sign")]
mod sign;
#[cfg(test)]
mod tests;

pub use crate::batch::Pager;
pub use parse::spec_no_in_message;
#[cfg(feature = "sign")]
pub use sign::Flagship;

use crate::descriptor::{CallParams, Descriptor, PageStyle};
use crate::registry::{BodyShape, Limits, OpKind, Operation, Platform, UniqueKey};

/// Seconds from the Unix epoch to 2012-01-01 00:00:00 Beijing time, the
/// flagship timestamp's epoch.
pub const EPOCH_OFFSET: i64 = 1_325_347_200;
/// The flagship clock window: ±120 s.
pub const CLOCK_WINDOW_SECS: i64 = 120;
/// Flagship test environment.
pub const TEST_URL: &str = "http://47.92.239.46/openapi";
/// Flagship production environment.
pub const PRODUCTION_URL: &str = "http://wdt.wangdian.cn/openapi";

/// Documented `goods_type` values (0 其它 1 销售货品 2 原材料 3 包装物 4 周转材料 5 虚拟商品 6 固定资产 8 分装箱).
pub const GOODS_TYPES: &[i64] = &[0, 1, 2, 3, 4, 5, 6, 8];
/// Documented `wms_process_mask` flags (2 无需验货 8 需要质检 16 无需拣货 32 无需唯一码 64 无需自动打印吊牌).
pub const WMS_PROCESS_FLAGS: &[i64] = &[2, 8, 16, 32, 64];

/// Rows per call where the page gives no limit: 100 keeps a call small
/// enough to finish well inside the ±120 s clock window even on a slow link,
/// and equals the largest page the platforms serve.
pub const DEFAULT_MAX_ROWS: usize = 100;

/// The three flagship operations.
pub static OPERATIONS: [Operation; 3] = [
    Operation {
        name: "goods.ApiGoods.upload",
        platform: Platform::Flagship,
        kind: OpKind::Push,
        title_zh: "平台货品推送",
        upsert: true,
        item_name: "a platform goods row with its shop_no",
        item: &schema::API_GOODS,
        unique_keys: &[UniqueKey { name: "shop_no+goods_id+spec_id", within: None, fields: &["shop_no", "goods_id", "spec_id"] }],
        item_key: Some("goods_id"),
        limits: Limits { max_items: DEFAULT_MAX_ROWS, documented: false, max_body_bytes: None },
        body: BodyShape::GroupedArg { group: "shop_no", list: "goods_list" },
        parse: parser!(parse::parse_api_goods_upload),
        paging: None,
        source: "000_87417a53e159a6b8.txt",
    },
    Operation {
        name: "goods.Goods.batchPush",
        platform: Platform::Flagship,
        kind: OpKind::Push,
        title_zh: "货品批量推送",
        upsert: true,
        item_name: "a goods (goodsInfo) with its spec_list",
        item: &schema::GOODS,
        unique_keys: &[
            // error_list names goods by goods_no, so it must identify one goods.
            UniqueKey { name: "goods_no", within: None, fields: &["goods_no"] },
            UniqueKey { name: "spec_no", within: Some("spec_list"), fields: &["spec_no"] },
        ],
        item_key: Some("goods_no"),
        limits: Limits { max_items: 50, documented: true, max_body_bytes: None },
        body: BodyShape::ListArg,
        parse: parser!(parse::parse_batch_push),
        paging: None,
        source: "001_8422ba1ec0b36ad2.txt",
    },
    Operation {
        name: "purchase.ProviderGoods.upload",
        platform: Platform::Flagship,
        kind: OpKind::Push,
        title_zh: "供应商货品推送",
        upsert: true,
        item_name: "a supplier goods row",
        item: &schema::PROVIDER_GOODS,
        unique_keys: &[UniqueKey { name: "provider_no+spec_no", within: None, fields: &["provider_no", "spec_no"] }],
        item_key: Some("spec_no"),
        limits: Limits { max_items: DEFAULT_MAX_ROWS, documented: false, max_body_bytes: None },
        body: BodyShape::ListArg,
        parse: parser!(parse::parse_provider_goods_upload),
        paging: None,
        source: "002_424a50d3d00436a5.txt",
    },
];

/// The flagship as the engine sees it.
pub static DESCRIPTOR: Descriptor = Descriptor {
    platform: Platform::Flagship,
    name: "flagship",
    name_zh: "旗舰版",
    operations: &OPERATIONS,
    call_params: CallParams::Positional,
    call_params_error: ("a flagship call takes a list of positional arguments", "旗舰版接口的参数应为位置参数数组"),
    paging: PageStyle::Url,
    parse_call: parser!(parse::parse_envelope_only),
    page_envelope: None,
};


/// How flagship requests are signed and shown.
#[cfg(feature = "sign")]
pub static SIGNING: crate::descriptor::Signing = crate::descriptor::Signing {
    secret_params: &["salt"],
    body_param: Some("body"),
    string_to_sign: sign::string_to_sign,
};
