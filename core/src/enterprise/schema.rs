//! The enterprise query's parameters and the types of its rows, from its
//! vendor page.

use crate::rules::{field, FieldKind, Schema, DateFormat};
use crate::typed::RowType;

pub(super) static GOODS_QUERY: Schema = Schema::new(
    &[
        field("start_time", "开始时间", FieldKind::DateTime(DateFormat::DateTime)),
        field("end_time", "结束时间", FieldKind::DateTime(DateFormat::DateTime)),
        field("page_size", "分页大小", FieldKind::Int { min: 1, max: 100 }),
        field("page_no", "页号", FieldKind::Int { min: 0, max: i32::MAX as i64 }),
        field("shop_no", "店铺编号", FieldKind::Str { min: 1, max: Some(255) }),
    ],
    &[],
);

/// Column types of a `goods_list` row of `vip_api_goods_query.php`, from the
/// page's 4.2 table: `int`/`smallint`/`tinyint` → [`RowType::Int`],
/// `decimal(19,4)` → [`RowType::Decimal`], `datetime` → [`RowType::DateTime`]
/// (Beijing time), `varchar` and the undocumented `api_spec_no` →
/// [`RowType::Str`]. Columns that hold numbers but are documented `varchar`
/// (`brand_id`, `stock_syn_max`, `disable_syn_until`…) stay text, as documented.
pub static GOODS_ROW_TYPES: [(&str, RowType); 58] = [
    ("rec_id", RowType::Int),
    ("shop_no", RowType::Str),
    ("shop_name", RowType::Str),
    ("platform_id", RowType::Int),
    ("api_goods_id", RowType::Str),
    ("api_spec_id", RowType::Str),
    ("api_goods_name", RowType::Str),
    ("api_spec_name", RowType::Str),
    ("modified", RowType::DateTime),
    ("api_spec_no", RowType::Str),
    ("outer_id", RowType::Str),
    ("spec_outer_id", RowType::Str),
    ("stock_num", RowType::Decimal),
    ("price", RowType::Decimal),
    ("cid", RowType::Str),
    ("pic_url", RowType::Str),
    ("shop_id", RowType::Int),
    ("spec_code", RowType::Str),
    ("spec_sku_properties", RowType::Str),
    ("barcode", RowType::Str),
    ("match_code", RowType::Str),
    ("brand_id", RowType::Str),
    ("outer_code", RowType::Str),
    ("created", RowType::DateTime),
    ("is_manual_match", RowType::Int),
    ("class_id_path", RowType::Str),
    ("stock_syn_rule_id", RowType::Str),
    ("stock_syn_rule_no", RowType::Str),
    ("stock_syn_mask", RowType::Str),
    ("stock_syn_percent", RowType::Str),
    ("stock_syn_plus", RowType::Decimal),
    ("stock_syn_min", RowType::Decimal),
    ("is_disable_syn", RowType::Int),
    ("disable_syn_until", RowType::Str),
    ("disabled_reason", RowType::Str),
    ("last_syn_num", RowType::Decimal),
    ("last_syn_time", RowType::DateTime),
    ("list_time", RowType::DateTime),
    ("delist_time", RowType::DateTime),
    ("is_stock_changed", RowType::Int),
    ("stock_change_count", RowType::Str),
    ("is_update", RowType::Int),
    ("modify_flag", RowType::Str),
    ("flag_id", RowType::Str),
    ("mask", RowType::Str),
    ("stock_syn_max", RowType::Str),
    ("reserve_s", RowType::Str),
    ("is_deleted", RowType::Int),
    ("hold_stock", RowType::Int),
    ("hold_stock_type", RowType::Int),
    ("is_auto_listing", RowType::Int),
    ("is_auto_delisting", RowType::Int),
    ("status", RowType::Int),
    ("match_target_type", RowType::Int),
    ("merchant_no", RowType::Str),
    ("match_target_id", RowType::Str),
    ("merchant_name", RowType::Str),
    ("merchant_code", RowType::Str),
];

