//! The flagship operations' item schemas, from their vendor pages.

use crate::error::ErrorType;
use crate::rules::{field, req, str_max, str_req, Checker, CtxSet, FieldKind, ObjectRule, Schema, DEC19_4, STR};
use super::{GOODS_TYPES, WMS_PROCESS_FLAGS};
use serde_json::{Map, Value};

static SPEC: Schema = Schema::new(
    &[
        req("spec_no", "商家编码", str_req(40)),
        field("spec_code", "规格码", str_max(40)),
        field("barcode", "条码", str_max(50)),
        field("spec_name", "规格名称", str_max(100)),
        field("wms_process_mask", "仓库流程", FieldKind::BitFlags(WMS_PROCESS_FLAGS)),
        field("goods_label", "货品标签", str_max(11)),
        field("sn_type", "启用序列号", FieldKind::IntEnum(&[0, 1, 2])),
        field("lowest_price", "最低价", DEC19_4),
        field("retail_price", "零售价", DEC19_4),
        field("wholesale_price", "批发价", DEC19_4),
        field("member_price", "会员价", DEC19_4),
        field("market_price", "市场价", DEC19_4),
        // Int(6): at most six digits. A number of days is never negative.
        field("validity_days", "有效期天数", FieldKind::Int { min: 0, max: 999_999 }),
        field("sales_days", "最佳销售天数", DAYS),
        field("receive_days", "最佳收货天数", DAYS),
        field("weight", "重量", DEC19_4),
        field("height", "高", DEC19_4),
        field("length", "长", DEC19_4),
        field("width", "宽", DEC19_4),
        field("large_type", "拆分", FieldKind::IntEnum(&[-1, 0, 1, 2, 3])),
        field("prop1", "单品自定义属性1", str_max(255)),
        field("prop2", "单品自定义属性2", str_max(255)),
        field("prop3", "单品自定义属性3", str_max(255)),
        field("prop4", "单品自定义属性4", str_max(255)),
        field("prop5", "单品自定义属性5", str_max(255)),
        field("prop6", "单品自定义属性6", str_max(255)),
        field("custom_price1", "自定义价格1", DEC19_4),
        field("custom_price2", "自定义价格2", DEC19_4),
        field("is_lower_cost", "允许低于成本", FieldKind::Bool),
        field("img_url", "图片链接", str_max(1024)),
        field("remark", "单品备注", str_max(512)),
        field("sale_score", "销售积分", DEC19_4),
        field("pack_score", "打包积分", DEC19_4),
        field("pick_score", "拣货积分", DEC19_4),
        field("sort_score", "分拣积分", DEC19_4),
        field("scan_score", "扫描积分", DEC19_4),
        field("supply_score", "补货积分", DEC19_4),
        field("shelve_score", "上架积分", DEC19_4),
        field("stockin_score", "入库积分", DEC19_4),
        field("inspect_score", "质检积分", DEC19_4),
        field("packing_score", "分装积分", DEC19_4),
        field("operate_score", "操作积分", DEC19_4),
        field("weigh_score", "称重积分", DEC19_4),
        field("consign_score", "发货积分", DEC19_4),
        field("tax_code", "税务编码", str_max(40)),
        field("unit_name", "基本单位名称", str_max(20)),
        field("aux_unit_name", "辅助单位名称", str_max(20)),
    ],
    &[],
);

pub(super) static GOODS: Schema = Schema::new(
    &[
        req("goods_no", "货品编号", str_req(40)),
        req("goods_name", "货品名称", str_req(255)),
        field("class_name", "分类名称", str_max(64)),
        field("brand_name", "品牌名称", str_max(64)),
        field("unit_name", "基本单位名称", str_max(20)),
        field("aux_unit_name", "辅助单位名称", str_max(20)),
        field("flag_name", "货品标记名称", str_max(32)),
        field("goods_type", "货品类别", FieldKind::IntEnum(GOODS_TYPES)),
        field("short_name", "货品简称", str_max(255)),
        field("alias", "货品别名", str_max(255)),
        field("pinyin", "拼音", str_max(40)),
        field("origin", "产地", str_max(64)),
        field("remark", "货品备注", str_max(512)),
        field("prop1", "货品自定义属性1", str_max(255)),
        field("prop2", "货品自定义属性2", str_max(255)),
        field("prop3", "货品自定义属性3", str_max(255)),
        field("prop4", "货品自定义属性4", str_max(255)),
        field("prop5", "货品自定义属性5", str_max(255)),
        field("prop6", "货品自定义属性6", str_max(255)),
        field("auto_create_bc", "是否自动创建品牌和分类", FieldKind::Bool),
        // "单品条数不得超过500条或为空": 1–500 specs per goods.
        req("spec_list", "单品信息列表", FieldKind::List { of: &FieldKind::Object(&SPEC), min: 1, max: 500 }),
    ],
    &[],
);

/// A number of days (`Int` columns counting days: never negative).
const DAYS: FieldKind = FieldKind::Int { min: 0, max: i32::MAX as i64 };

pub(super) static API_GOODS: Schema = Schema::new(
    &[
        // Not a field of goods_list: the planner groups rows by it into the
        // call's `shop_no`.
        req("shop_no", "店铺编号", FieldKind::Str { min: 1, max: None }),
        field("goods_id", "货品ID", str_max(40)),
        field("spec_id", "规格ID", str_max(40)),
        field("goods_no", "平台货品编号", str_max(40)),
        field("spec_no", "平台规格编码", str_max(40)),
        field("status", "状态", FieldKind::IntEnum(&[0, 1, 2])),
        field("goods_name", "货品名称", str_max(255)),
        field("spec_name", "规格名称", str_max(100)),
        field("pic_url", "图片url", str_max(255)),
        field("price", "平台售价", DEC19_4),
        field("stock_num", "库存数量", DEC19_4),
    ],
    &[ObjectRule::Reads(&["goods_list", "shop_no"], flat_rows)],
);

/// The page's request nests rows under `{"shop_no", "goods_list": […]}`;
/// skuwire takes flat rows and builds that envelope itself. An item in the
/// page's shape would otherwise pass as one empty row with an undocumented
/// `goods_list` (every row field is optional), nesting the list twice: it
/// is refused, saying which shape is expected. (Expanding it into rows was
/// not chosen: input positions would stop being the caller's items.)
fn flat_rows(map: &Map<String, Value>, c: &mut Checker<'_>) {
    let Some(list) = map.get("goods_list") else { return };
    let rows = list.as_array().map_or(1, Vec::len);
    let shop = map.get("shop_no").and_then(Value::as_str).unwrap_or("…");
    let example = serde_json::json!([{"shop_no": shop, "goods_id": "…", "spec_id": "…"}]).to_string();
    c.report_at("goods_list", ErrorType::FlatRowsExpected, list).ctx_set("expected", example).ctx_set("rows", rows);
    // Strict mode also found it undocumented: this record says more.
    let at = c.errors.last().map(|e| e.loc.clone()).unwrap_or_default();
    c.errors.retain(|e| !(e.kind == ErrorType::ExtraForbidden && e.loc == at));
}

pub(super) static PROVIDER_GOODS: Schema = Schema::new(
    &[
        req("provider_no", "供应商编号", FieldKind::Str { min: 1, max: None }),
        // The page gives no length; spec_no is the same 商家编码 that
        // batchPush caps at 40, so a longer one cannot exist in the ERP.
        req("spec_no", "商家编码", str_req(40)),
        field("min_purchase_num", "最小采购量", DEC19_4),
        field("purchase_unit_name", "采购单位", STR),
        field("discount", "折扣率", DEC19_4),
        field("provider_goods_no", "供应商货号", STR),
        field("price", "采购价", DEC19_4),
        field("lowest_price", "最低采购价", DEC19_4),
        field("purchase_cycle_day", "采购周期", DAYS),
        field("tax_rate", "税率", DEC19_4),
        field("is_master", "是否主供应商", FieldKind::Bool),
        field("remark", "备注", STR),
    ],
    &[],
);

