//! WDT flagship (旺店通旗舰版): `goods.Goods.batchPush`,
//! `goods.ApiGoods.upload`, `purchase.ProviderGoods.upload`; the flagship
//! envelope; and (feature `sign`) the [`Flagship`] client that signs.
//!
//! Sources: `../shared/spec/000…` (ApiGoods.upload), `001…` (batchPush),
//! `002…` (ProviderGoods.upload) and the signing notes in `spec/README.md`.

use crate::outcome::{
    failure, failure_unknown, int_field, is_auth_message, is_expired_credentials_message, is_rate_limit_message, item_key_text, read_json,
    text_field, AssignedId, Outcome, Reason, Rejected, Retry, Tally,
};
use crate::plan::Batch;
use crate::registry::{BodyShape, Limits, OpKind, Operation, Platform, UniqueKey};
use crate::error::ErrorType;
use crate::rules::{field, req, str_max, str_req, Checker, CtxSet, FieldKind, ObjectRule, Schema, DEC19_4, STR};
use serde_json::{Map, Value};

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

static GOODS: Schema = Schema::new(
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

static API_GOODS: Schema = Schema::new(
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
    &[ObjectRule::Custom(flat_rows)],
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

static PROVIDER_GOODS: Schema = Schema::new(
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
        item: &API_GOODS,
        unique_keys: &[UniqueKey { name: "shop_no+goods_id+spec_id", within: None, fields: &["shop_no", "goods_id", "spec_id"] }],
        item_key: Some("goods_id"),
        limits: Limits { max_items: DEFAULT_MAX_ROWS, documented: false, max_body_bytes: None },
        body: BodyShape::GroupedArg { group: "shop_no", list: "goods_list" },
        parse: parser!(parse_api_goods_upload),
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
        item: &GOODS,
        unique_keys: &[
            // error_list names goods by goods_no, so it must identify one goods.
            UniqueKey { name: "goods_no", within: None, fields: &["goods_no"] },
            UniqueKey { name: "spec_no", within: Some("spec_list"), fields: &["spec_no"] },
        ],
        item_key: Some("goods_no"),
        limits: Limits { max_items: 50, documented: true, max_body_bytes: None },
        body: BodyShape::ListArg,
        parse: parser!(parse_batch_push),
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
        item: &PROVIDER_GOODS,
        unique_keys: &[UniqueKey { name: "provider_no+spec_no", within: None, fields: &["provider_no", "spec_no"] }],
        item_key: Some("spec_no"),
        limits: Limits { max_items: DEFAULT_MAX_ROWS, documented: false, max_body_bytes: None },
        body: BodyShape::ListArg,
        parse: parser!(parse_provider_goods_upload),
        paging: None,
        source: "002_424a50d3d00436a5.txt",
    },
];

/// Reads the flagship envelope `{"status", "message", "data"}`. `Err` is the
/// finished outcome of a failed call.
fn envelope(batch: &Batch, http_status: u16, body: &[u8]) -> Result<(Map<String, Value>, Value), Outcome> {
    let map = read_json(batch, http_status, body)?;
    let Some(status) = int_field(map.get("status")) else {
        let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, "response has no numeric status field".into());
        o.data = Value::Object(map);
        return Err(o);
    };
    let message = text_field(map.get("message"));
    let data = map.get("data").cloned().unwrap_or(Value::Null);
    if status != 0 {
        let msg = message.unwrap_or_else(|| format!("status {status}"));
        let (reason, retry) = classify(status, &msg);
        return Err(failure(batch, http_status, reason, retry, Some(status), msg, data));
    }
    Ok((map, data))
}

/// Status 7 is the clock window (and only it: an expired appkey is not a
/// clock problem); status 100 with a frequency message is a rate limit;
/// everything else is not worth retrying.
fn classify(status: i64, msg: &str) -> (Reason, Retry) {
    if status == 7 {
        (Reason::ClockSkew, Retry::Resign)
    } else if is_expired_credentials_message(msg) {
        (Reason::CredentialsExpired, Retry::No)
    } else if is_rate_limit_message(msg) {
        (Reason::RateLimited, Retry::Backoff)
    } else if status < 100 && is_auth_message(msg) {
        (Reason::AuthError, Retry::No)
    } else {
        (Reason::BusinessError, Retry::No)
    }
}

fn success(http_status: u16, map: &Map<String, Value>, data: Value) -> Outcome {
    let mut o = Outcome::blank(http_status);
    o.code = Some(0);
    o.message = text_field(map.get("message"));
    o.total_count = int_field(data.get("total_count")).or_else(|| int_field(map.get("total")));
    o.data = data;
    o
}

/// The envelope of a generic flagship call.
pub(crate) fn parse_envelope_only(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    match envelope(batch, http_status, body) {
        Err(o) => o,
        Ok((map, data)) => {
            let mut o = success(http_status, &map, data);
            if let Some(list) = o.data.get("error_list").and_then(Value::as_array) {
                for e in list {
                    o.rejected.push(Rejected { index: None, key: e.get("no").and_then(key_text), message: error_text(e) });
                }
                if !o.rejected.is_empty() {
                    o.status = crate::outcome::Status::Partial;
                    o.reason = Some(Reason::ItemErrors);
                }
            }
            o
        }
    }
}

fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn error_text(e: &Value) -> String {
    match e {
        Value::String(s) => s.clone(),
        Value::Object(m) => m
            .get("error")
            .or_else(|| m.get("message"))
            .or_else(|| m.get("msg"))
            .and_then(key_text)
            .unwrap_or_else(|| e.to_string()),
        other => other.to_string(),
    }
}

/// `error_list` from `data.error_list`, or `data` itself when the platform
/// sends the list there (the page's table names `data` "error_list"). No
/// list (or `null`) is no error; anything else that is not a list, or an
/// entry `entry_ok` refuses, cannot be read: `Err` says what was wrong.
fn error_list(data: &Value, entry_ok: fn(&Value) -> bool) -> Result<&[Value], String> {
    let list: &[Value] = match data {
        Value::Null => &[],
        Value::Array(list) => list,
        Value::Object(m) => match m.get("error_list") {
            None | Some(Value::Null) => &[],
            Some(Value::Array(list)) => list,
            Some(other) => return Err(format!("data.error_list is not a list: {}", snippet(other))),
        },
        other => return Err(format!("data is neither an object nor a list: {}", snippet(other))),
    };
    match list.iter().find(|e| !entry_ok(e)) {
        Some(bad) => Err(format!("data.error_list holds an entry that cannot be read: {}", snippet(bad))),
        None => Ok(list),
    }
}

fn snippet(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

/// A success envelope whose per-item part cannot be read: whether the
/// items were applied is unknown (an upsert is resent).
fn unreadable(batch: &Batch, http_status: u16, map: &Map<String, Value>, data: Value, why: String) -> Outcome {
    let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, format!("status 0, but {why}"));
    o.code = Some(0);
    o.message = text_field(map.get("message")).or(o.message);
    o.data = data;
    o
}

/// batchPush: `error_list[].no` is a goods_no; every goods of that number in
/// the batch is rejected with the error; the rest are accepted (status 0 is
/// "成功推送", and error_list lists the exceptions).
fn parse_batch_push(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let (map, data) = match envelope(batch, http_status, body) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let entries = match error_list(&data, Value::is_object) {
        Ok(list) => list.to_vec(),
        Err(why) => return unreadable(batch, http_status, &map, data, why),
    };
    let mut o = success(http_status, &map, data);
    let mut t = Tally::new(batch);
    for e in &entries {
        let no = e.get("no").and_then(key_text);
        let message = error_text(e);
        let Some(no) = no else {
            t.unattributed(&mut o, None, message);
            continue;
        };
        let found: Vec<usize> =
            (0..batch.len()).filter(|&p| item_key_text(&batch.items()[p], Some("goods_no")).as_deref() == Some(no.as_str())).collect();
        if found.is_empty() {
            t.foreign(&mut o, Some(no), message);
            continue;
        }
        for p in found {
            t.reject(&mut o, p, Some(no.clone()), message.clone());
        }
    }
    t.finish(&mut o, true);
    o
}

/// Pulls the 商家编码 (spec_no) out of a ProviderGoods error string such as
/// `"LCTtest11 供应商货品重复,商家编码：dongfangshuye"`.
pub fn spec_no_in_message(msg: &str) -> Option<&str> {
    let at = msg.rfind("商家编码")?;
    let rest = msg[at + "商家编码".len()..].trim_start();
    let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':')).unwrap_or(rest).trim_start();
    let end = rest.find([',', '，', ';', '；', ' ']).unwrap_or(rest.len());
    let v = rest[..end].trim();
    (!v.is_empty()).then_some(v)
}

/// ProviderGoods.upload: `error_list` holds strings naming the 商家编码. Rows
/// of that spec_no are rejected; when several providers share it, the one
/// whose provider_no starts the message is chosen, and if none does, all of
/// them are reported (over-reporting is safer than calling a failure
/// accepted). A string naming no 商家编码 leaves the other rows unknown.
fn parse_provider_goods_upload(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let (map, data) = match envelope(batch, http_status, body) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let entries = match error_list(&data, |e| e.is_string() || e.is_object()) {
        Ok(list) => list.to_vec(),
        Err(why) => return unreadable(batch, http_status, &map, data, why),
    };
    let mut o = success(http_status, &map, data);
    let mut t = Tally::new(batch);
    for e in &entries {
        let message = error_text(e);
        let Some(spec) = spec_no_in_message(&message).map(str::to_owned) else {
            t.unattributed(&mut o, None, message);
            continue;
        };
        let mut candidates: Vec<usize> =
            (0..batch.len()).filter(|&p| item_key_text(&batch.items()[p], Some("spec_no")).as_deref() == Some(spec.as_str())).collect();
        if candidates.len() > 1 {
            let by_provider: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&p| {
                    item_key_text(&batch.items()[p], Some("provider_no"))
                        .is_some_and(|prov| message.strip_prefix(prov.as_str()).is_some_and(|r| r.starts_with([' ', '\u{3000}'])))
                })
                .collect();
            if !by_provider.is_empty() {
                candidates = by_provider;
            }
        }
        if candidates.is_empty() {
            t.foreign(&mut o, Some(spec), message);
            continue;
        }
        for p in candidates {
            t.reject(&mut o, p, Some(spec.clone()), message.clone());
        }
    }
    t.finish(&mut o, true);
    o
}

/// ApiGoods.upload: success accepts every row; `rec_ids` come in input
/// order and are matched to rows when their count agrees. The page documents
/// no `error_list` here, but an answer that carries one (as batchPush's
/// does) is honoured: entries naming a row by `goods_id` + `spec_id` reject
/// it, and `rec_ids` are then matched to the accepted rows.
fn parse_api_goods_upload(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    let (map, data) = match envelope(batch, http_status, body) {
        Ok(x) => x,
        Err(o) => return o,
    };
    if let Some(inner) = int_field(data.get("status")).filter(|s| *s != 0) {
        let msg = text_field(data.get("message")).unwrap_or_else(|| format!("data.status {inner}"));
        return failure(batch, http_status, Reason::BusinessError, Retry::No, Some(inner), msg, data);
    }
    let entries = match error_list(&data, Value::is_object) {
        Ok(list) => list.to_vec(),
        Err(why) => return unreadable(batch, http_status, &map, data, why),
    };
    let mut o = success(http_status, &map, data);
    let mut t = Tally::new(batch);
    for e in &entries {
        let message = error_text(e);
        let part = |k: &str| e.get(k).and_then(key_text).unwrap_or_default();
        let (goods_id, spec_id) = (part("goods_id"), part("spec_id"));
        if e.get("goods_id").is_none() && e.get("spec_id").is_none() {
            t.unattributed(&mut o, None, message);
            continue;
        }
        let found: Vec<usize> = (0..batch.len())
            .filter(|&p| {
                let of = |k: &str| item_key_text(&batch.items()[p], Some(k)).unwrap_or_default();
                of("goods_id") == goods_id && of("spec_id") == spec_id
            })
            .collect();
        if found.is_empty() {
            t.foreign(&mut o, Some(goods_id), message);
            continue;
        }
        for p in found {
            t.reject(&mut o, p, Some(goods_id.clone()), message.clone());
        }
    }
    t.finish(&mut o, true);
    match o.data.get("rec_ids") {
        Some(Value::Array(ids)) if ids.len() == o.accepted.len() && o.unknown.is_empty() => {
            o.ids = o.accepted.iter().zip(ids).map(|(&index, id)| AssignedId { index, id: id.clone() }).collect();
        }
        Some(Value::Array(ids)) => o.notes.push(format!(
            "rec_ids has {} ids for {} accepted rows; ids are not matched to rows",
            ids.len(),
            o.accepted.len()
        )),
        Some(other) => o.notes.push(format!("rec_ids is not a list ({}); ids are not matched to rows", snippet(other))),
        None => o.notes.push("no rec_ids in the answer".into()),
    }
    o
}

/// Paging system parameters for paged flagship calls (`page_size`,
/// `page_no`, `calc_total` travel in the URL beside `method`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pager {
    /// Page number, from 0.
    pub page_no: u32,
    /// Rows per page.
    pub page_size: u32,
    /// Ask for the total count (`calc_total=1`).
    pub calc_total: bool,
}

#[cfg(feature = "sign")]
pub use client::Flagship;

#[cfg(feature = "sign")]
mod client {
    use super::*;
    use crate::error::{Error, ErrorCode};
    use crate::request::{check_base_url, encode_component, join_query, md5_hex, stamp, Request, Scheme, Secret, REDACTED};

    /// A flagship client: credentials, endpoint and clock offset. It does no
    /// I/O; it signs batches into [`Request`]s.
    #[derive(Clone, Debug)]
    pub struct Flagship {
        sid: String,
        appkey: String,
        secret: Secret,
        salt: Secret,
        base_url: String,
        /// Seconds to add to the local clock (server − local).
        pub clock_offset: i64,
    }

    impl Flagship {
        /// A client. `appsecret` is `secret:salt`, split at the first colon
        /// (a salt may itself contain colons).
        pub fn new(sid: &str, appkey: &str, appsecret: &str, base_url: &str) -> Result<Flagship, Error> {
            let Some((secret, salt)) = appsecret.split_once(':') else {
                return Err(Error::other(
                    ErrorCode::Credentials,
                    "flagship appsecret should be \"secret:salt\" (no colon found)",
                    "旗舰版appsecret格式应为“secret:salt”（未找到冒号）",
                ));
            };
            if secret.is_empty() || salt.is_empty() || sid.is_empty() || appkey.is_empty() {
                return Err(Error::other(
                    ErrorCode::Credentials,
                    "sid, appkey, secret and salt must all be non-empty",
                    "sid、appkey、secret和salt均不能为空",
                ));
            }
            check_base_url(base_url)?;
            Ok(Flagship {
                sid: sid.to_owned(),
                appkey: appkey.to_owned(),
                secret: Secret::new(secret),
                salt: Secret::new(salt),
                base_url: base_url.to_owned(),
                clock_offset: 0,
            })
        }

        /// The seller account.
        pub fn sid(&self) -> &str {
            &self.sid
        }

        /// The appkey.
        pub fn appkey(&self) -> &str {
            &self.appkey
        }

        /// The endpoint.
        pub fn base_url(&self) -> &str {
            &self.base_url
        }

        /// Signs a batch at `timestamp` (Unix seconds; default: now plus the
        /// clock offset), with the batch's pager if it has one.
        pub fn sign(&self, batch: &Batch, timestamp: Option<i64>) -> Result<Request, Error> {
            self.sign_paged(batch, timestamp, batch.pager())
        }

        /// Signs a generic paged call with `page_no`, `page_size` and
        /// `calc_total` (overriding the batch's own pager).
        pub fn sign_paged(&self, batch: &Batch, timestamp: Option<i64>, pager: Option<Pager>) -> Result<Request, Error> {
            if batch.platform() != Platform::Flagship {
                return Err(Error::invalid_argument(
                    format!("{} is not a flagship method", batch.method()),
                    format!("{}不是旗舰版接口", batch.method()),
                ));
            }
            let unix = stamp(timestamp, self.clock_offset)?;
            let wire = unix.checked_sub(EPOCH_OFFSET).unwrap_or(-1);
            if wire < 0 {
                return Err(Error::invalid_argument(
                    "timestamp is before 2012-01-01, the flagship epoch",
                    "时间戳早于旗舰版纪元2012-01-01",
                ));
            }
            let body = batch.body_json();
            let wire_s = wire.to_string();
            // The system parameters; `body` is signed too, but kept as bytes
            // (the writer's output is UTF-8 by construction: checking it again
            // cost as much as a tenth of the MD5).
            let mut params: Vec<(&str, &str)> = vec![
                ("sid", &self.sid),
                ("key", &self.appkey),
                ("salt", self.salt.expose()),
                ("method", batch.method()),
                ("v", "1.0"),
                ("timestamp", &wire_s),
            ];
            let pager_s;
            if let Some(p) = pager {
                pager_s = [p.page_size.to_string(), p.page_no.to_string(), u8::from(p.calc_total).to_string()];
                params.push(("page_size", &pager_s[0]));
                params.push(("page_no", &pager_s[1]));
                params.push(("calc_total", &pager_s[2]));
            }
            params.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            // Where `body` falls in key order.
            let at = params.partition_point(|(k, _)| k.as_bytes() < b"body".as_slice());
            // MD5(secret + k1v1 + k2v2 + … + secret), fed piece by piece.
            let mut parts: Vec<&[u8]> = Vec::with_capacity(params.len() * 2 + 4);
            parts.push(self.secret.expose().as_bytes());
            for (n, (k, v)) in params.iter().enumerate() {
                if n == at {
                    parts.extend([b"body".as_slice(), &body]);
                }
                parts.extend([k.as_bytes(), v.as_bytes()]);
            }
            if at == params.len() {
                parts.extend([b"body".as_slice(), &body]);
            }
            parts.push(self.secret.expose().as_bytes());
            let sign = md5_hex(&parts);
            let mut query = String::with_capacity(256);
            for (k, v) in &params {
                query.push_str(k);
                query.push('=');
                query.push_str(&encode_component(v));
                query.push('&');
            }
            query.push_str("sign=");
            query.push_str(&sign);
            let mut trace_params: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| {
                    let v = match *k {
                        "salt" => REDACTED.to_owned(),
                        _ => (*v).to_owned(),
                    };
                    ((*k).to_owned(), v)
                })
                .collect();
            // The body is the request body; not copied.
            trace_params.insert(at, ("body".to_owned(), String::new()));
            Ok(Request {
                method: "POST",
                url: join_query(&self.base_url, &query),
                headers: vec![("Content-Type".into(), "application/json".into())],
                body,
                sign,
                timestamp: wire,
                scheme: Scheme::Flagship,
                params: trace_params,
                secret_params: Scheme::Flagship.secret_params(),
            })
        }
    }
}
