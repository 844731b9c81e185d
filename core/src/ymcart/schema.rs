//! The item schemas of the 20 YMCart methods, and the rules that do not fit
//! the declarative tables (either-or identifiers, `spec_mode`, `sku_option`,
//! `sale_mode`, aligned arrays, duplicates inside one item).
//!
//! The value rules are documented on the parent module.

use crate::error::{ErrorRecord, ErrorType, LocItem};
use crate::rules::{Accepts, 
    check_value, field, is_given, is_http_url, number_text, parse_datetime, parse_int_text, req, Checker, CtxSet, DateFormat,
    FieldKind, ObjectRule, Schema, INT, STR,
};
use serde_json::{Map, Value};
use std::str::FromStr;

// ---------------------------------------------------------------- kinds

/// A positive id (goods, category, SKU, recommendation…).
pub(crate) const ID: FieldKind = FieldKind::Int { min: 1, max: 4_294_967_295 };
/// An id in an either-or pair: an empty string means "not given".
pub(crate) const ID_OR_EMPTY: FieldKind = FieldKind::Custom(id_or_empty, Accepts { types: &["integer", "string"], summary: "a positive id, or \"\" for not given" });
/// A goods or SKU code: a string, or an integer number.
pub(crate) const CODE: FieldKind = FieldKind::Custom(code, Accepts { types: &["string", "integer"], summary: "a code: a string or an integer" });
/// A name that must not be empty.
pub(crate) const NAME: FieldKind = FieldKind::Str { min: 1, max: None };
/// `0` or `1`.
pub(crate) const FLAG: FieldKind = FieldKind::IntEnum(&[0, 1]);
/// A count that cannot be negative.
pub(crate) const COUNT: FieldKind = FieldKind::Int { min: 0, max: i32::MAX as i64 };
/// A non-negative amount with at most 4 decimal places.
pub(crate) const MONEY: FieldKind = FieldKind::Custom(money, Accepts { types: &["decimal"], summary: "a non-negative amount with at most 4 decimal places" });
/// A whole number of pieces (may be negative: oversold stock).
pub(crate) const STOCK: FieldKind = FieldKind::Decimal { whole: 9, places: 0 };
/// A discount in 折, 0–10.
pub(crate) const DISCOUNT: FieldKind = FieldKind::Custom(discount, Accepts { types: &["decimal"], summary: "a discount in 折, 0 to 10" });
/// `yyyy-MM-dd`.
pub(crate) const DATE: FieldKind = FieldKind::DateTime(DateFormat::Date);
/// `yyyy-M-d` or `yyyy-M-d H:m:s`.
pub(crate) const LOOSE: FieldKind = FieldKind::DateTime(DateFormat::Loose);
/// A full http(s) URL.
pub(crate) const URL: FieldKind = FieldKind::Url;
/// A full http(s) URL, or `""` ("留空不更新": leave unchanged).
pub(crate) const URL_OR_EMPTY: FieldKind = FieldKind::Custom(url_or_empty, Accepts { types: &["string"], summary: "a full http(s) URL, or \"\" to leave it unchanged" });
/// Full URLs separated by commas (`other_images`), or `""`.
pub(crate) const URL_CSV: FieldKind = FieldKind::Custom(url_csv, Accepts { types: &["string"], summary: "full http(s) URLs separated by commas, or \"\"" });
/// `Name:value1,value2,…`.
pub(crate) const SKU_OPTION: FieldKind = FieldKind::Custom(sku_option, Accepts { types: &["string"], summary: "Name:value1,value2,…" });
/// A category path `level1,level2,…` with no empty level.
pub(crate) const CATEGORY_PATH: FieldKind = FieldKind::Custom(category_path, Accepts { types: &["string"], summary: "a category path level1,level2,… with no empty level" });
/// A category path, or `""` (optional in updateGoods).
pub(crate) const CATEGORY_PATH_OR_EMPTY: FieldKind = FieldKind::Custom(category_path_or_empty, Accepts { types: &["string"], summary: "a category path, or \"\"" });
/// Secondary categories: category paths separated by `|`.
pub(crate) const CATEGORY_REL: FieldKind = FieldKind::Custom(category_rel, Accepts { types: &["string"], summary: "category paths separated by |" });
/// Ids as a list or as one comma-separated string (`rec_ids`, goodsList `id`).
pub(crate) const ID_LIST_OR_CSV: FieldKind = FieldKind::Custom(id_list_or_csv, Accepts { types: &["list", "string"], summary: "ids as a list or as one comma-separated string" });
/// Codes as a list or as one comma-separated string (goodsList `codeno`,
/// "多个用英文逗号隔开"): a listed code holding a comma cannot be joined.
pub(crate) const CODE_LIST_OR_CSV: FieldKind = FieldKind::Custom(code_list_or_csv, Accepts { types: &["list", "string"], summary: "codes as a list or as one comma-separated string; a listed code cannot hold a comma" });
/// Names as a list or as one comma-separated string (`rec_names`).
pub(crate) const NAME_LIST_OR_CSV: FieldKind = FieldKind::Custom(name_list_or_csv, Accepts { types: &["list", "string"], summary: "names as a list or as one comma-separated string" });
/// `sku_code`: attribute ids joined by `_` (`800673_800675`).
pub(crate) const SKU_CODE: FieldKind = FieldKind::Custom(sku_code, Accepts { types: &["string"], summary: "attribute ids joined by _" });
/// updateTopic `order_field`: `""` or one of the documented orders.
pub(crate) const TOPIC_ORDER: FieldKind = FieldKind::Custom(topic_order, Accepts { types: &["string"], summary: "\"\" or one of the documented orders" });

/// The `order_field` values of updateTopic, as the page lists them (the
/// page's HTML leaks `">` into two of them; the values are these).
pub const TOPIC_ORDER_FIELDS: &[&str] = &[
    "buy_counts_desc",
    "price_asc",
    "price_desc",
    "create_time_desc",
    "base_name_asc",
    "base_name_desc",
    "comment_counts_desc",
    "codeno_asc",
    "codeno_desc",
    "wishlist_counts_desc",
    "visit_counts_desc",
    "artificial",
];

/// Most shopping options a goods can have: `sku_option1` … `sku_option5`.
pub const MAX_SKU_OPTIONS: usize = 5;

// ------------------------------------------------------------- helpers

fn is_blank(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.trim().is_empty())
}

fn sub(c: &mut Checker<'_>, kind: &'static FieldKind, v: &Value) {
    let loc = c.loc();
    let errs = check_value(kind, v, &loc, c.strict);
    c.errors.extend(errs);
}

fn sub_at(c: &mut Checker<'_>, tail: &[LocItem], kind: &'static FieldKind, v: &Value) {
    let mut loc = c.loc();
    loc.extend_from_slice(tail);
    let errs = check_value(kind, v, &loc, c.strict);
    c.errors.extend(errs);
}

/// Reports at the current location plus `tail`.
fn push<'c>(c: &'c mut Checker<'_>, tail: &[LocItem], kind: ErrorType, input: &Value) -> &'c mut ErrorRecord {
    let mut loc = c.loc();
    loc.extend_from_slice(tail);
    c.errors.push(ErrorRecord::new(kind, loc, input.clone()));
    c.errors.last_mut().expect("just pushed")
}

/// Reports unless the same type is already reported at that location.
fn push_once<'c>(c: &'c mut Checker<'_>, tail: &[LocItem], kind: ErrorType, input: &Value) -> Option<&'c mut ErrorRecord> {
    let mut loc = c.loc();
    loc.extend_from_slice(tail);
    if c.errors.iter().any(|e| e.kind == kind && e.loc == loc) {
        return None;
    }
    c.errors.push(ErrorRecord::new(kind, loc, input.clone()));
    c.errors.last_mut()
}

fn k(name: &str) -> LocItem {
    LocItem::Key(name.to_owned())
}

/// The current location plus `tail`, as the JSON list a `first_loc` holds.
fn loc_value(c: &Checker<'_>, tail: &[LocItem]) -> Value {
    let mut loc = c.loc();
    loc.extend_from_slice(tail);
    Value::Array(
        loc.into_iter()
            .map(|l| match l {
                LocItem::Index(i) => Value::from(i),
                LocItem::Key(k) => Value::from(k),
            })
            .collect(),
    )
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(number_text(n).to_owned()),
        _ => None,
    }
}

fn int_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => parse_int_text(number_text(n)),
        Value::String(s) => parse_int_text(s.trim()),
        _ => None,
    }
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => number_text(n) == "1",
        Some(Value::String(s)) => matches!(s.trim(), "1" | "true"),
        _ => false,
    }
}

/// Absent or null: a value that is present but wrong has its own error.
fn absent(map: &Map<String, Value>, key: &str) -> bool {
    map.get(key).is_none_or(Value::is_null)
}

fn given(map: &Map<String, Value>, key: &str) -> bool {
    map.get(key).is_some_and(is_given)
}

fn decimal_of(v: &Value) -> Option<rust_decimal::Decimal> {
    let text = match v {
        Value::Number(n) => number_text(n),
        Value::String(s) => s.as_str(),
        _ => return None,
    };
    rust_decimal::Decimal::from_str(text).ok()
}

/// Reports a duplicate `value` (first seen at `first_tail`) at `tail`.
fn dup(c: &mut Checker<'_>, tail: &[LocItem], first_tail: &[LocItem], key: &str, value: &str, input: &Value) {
    let first = loc_value(c, first_tail);
    push(c, tail, ErrorType::DuplicateKey, input).ctx_set("key", key).ctx_set("value", value).ctx_set("first_loc", first);
}

/// Duplicates of `field` among the objects of the list `list` of one item.
fn dup_in_list(c: &mut Checker<'_>, map: &Map<String, Value>, list: &str, field: &str, key_name: &str) {
    let Some(Value::Array(elems)) = map.get(list) else { return };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (j, e) in elems.iter().enumerate() {
        let Some(v) = e.get(field) else { continue };
        let Some(text) = scalar_text(v).filter(|t| !t.is_empty()) else { continue };
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == text) {
            let first = *first;
            dup(c, &[k(list), LocItem::Index(j), k(field)], &[k(list), LocItem::Index(first), k(field)], key_name, &text, v);
        } else {
            seen.push((text, j));
        }
    }
}

// --------------------------------------------------------- custom kinds

fn id_or_empty(v: &Value, c: &mut Checker<'_>) {
    if !is_blank(v) {
        sub(c, &ID, v);
    }
}

fn code(v: &Value, c: &mut Checker<'_>) {
    match v {
        Value::String(s) => {
            c.check_str(s, v, 0, None);
        }
        Value::Number(n) if parse_int_text(number_text(n)).is_some() => {}
        _ => {
            c.report(ErrorType::StringType, v);
        }
    }
}

fn money(v: &Value, c: &mut Checker<'_>) {
    let before = c.errors.len();
    c.check_decimal(v, 15, 4);
    if c.errors.len() == before && decimal_of(v).is_some_and(|d| d.is_sign_negative() && !d.is_zero()) {
        c.report(ErrorType::GreaterThanEqual, v).ctx_set("ge", 0);
    }
}

fn discount(v: &Value, c: &mut Checker<'_>) {
    let before = c.errors.len();
    c.check_decimal(v, 15, 4);
    if c.errors.len() == before {
        if let Some(d) = decimal_of(v) {
            if d.is_sign_negative() && !d.is_zero() || d > rust_decimal::Decimal::from(10) {
                c.report(ErrorType::DecimalOutOfRange, v).ctx_set("min", 0).ctx_set("max", 10);
            }
        }
    }
}

fn url_or_empty(v: &Value, c: &mut Checker<'_>) {
    if !is_blank(v) {
        sub(c, &URL, v);
    }
}

fn url_csv(v: &Value, c: &mut Checker<'_>) {
    let Some(s) = c.expect_str_owned(v) else { return };
    if !c.check_str(&s, v, 0, None) || s.trim().is_empty() {
        return;
    }
    for part in s.split(',') {
        let part = part.trim();
        if !is_http_url(part) {
            c.report(ErrorType::UrlScheme, v).ctx_set("part", part);
        }
    }
}

/// Splits `Name:value1,value2` into the name and its values (trimmed);
/// `None` when the shape is wrong (no colon, an empty name or value, a
/// value given twice).
pub fn parse_sku_option(s: &str) -> Option<(&str, Vec<&str>)> {
    let (name, values) = s.split_once(':')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let values: Vec<&str> = values.split(',').map(str::trim).collect();
    if values.iter().any(|v| v.is_empty()) {
        return None;
    }
    for (i, v) in values.iter().enumerate() {
        if values[..i].contains(v) {
            return None;
        }
    }
    Some((name, values))
}

fn sku_option(v: &Value, c: &mut Checker<'_>) {
    let Some(s) = c.expect_str_owned(v) else { return };
    if c.check_str(&s, v, 1, None) && parse_sku_option(&s).is_none() {
        c.report(ErrorType::SkuOptionFormat, v);
    }
}

fn category_levels_ok(s: &str) -> bool {
    s.split(',').all(|level| !level.trim().is_empty())
}

fn category_path(v: &Value, c: &mut Checker<'_>) {
    let Some(s) = c.expect_str_owned(v) else { return };
    if c.check_str(&s, v, 1, None) && !category_levels_ok(&s) {
        c.report(ErrorType::StringPatternMismatch, v).ctx_set("pattern", "level1,level2,… (no empty level)");
    }
}

fn category_path_or_empty(v: &Value, c: &mut Checker<'_>) {
    if !is_blank(v) {
        category_path(v, c);
    }
}

fn category_rel(v: &Value, c: &mut Checker<'_>) {
    let Some(s) = c.expect_str_owned(v) else { return };
    if !c.check_str(&s, v, 0, None) || s.trim().is_empty() {
        return;
    }
    if !s.split('|').all(|p| !p.trim().is_empty() && category_levels_ok(p)) {
        c.report(ErrorType::StringPatternMismatch, v).ctx_set("pattern", "path1|path2|… where each path is level1,level2,…");
    }
}

fn id_list_or_csv(v: &Value, c: &mut Checker<'_>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                sub_at(c, &[LocItem::Index(i)], &ID, item);
            }
        }
        Value::String(s) => {
            let ok = s.split(',').all(|p| parse_int_text(p.trim()).is_some_and(|n| n >= 1));
            if !ok {
                c.report(ErrorType::StringPatternMismatch, v).ctx_set("pattern", "id1,id2,… (positive integers separated by commas)");
            }
        }
        Value::Number(_) => sub(c, &ID, v),
        _ => {
            c.report(ErrorType::ListType, v);
        }
    }
}

fn code_list_or_csv(v: &Value, c: &mut Checker<'_>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let before = c.errors.len();
                sub_at(c, &[LocItem::Index(i)], &CODE, item);
                if c.errors.len() > before {
                    continue;
                }
                match item {
                    Value::String(s) if s.trim().is_empty() => {
                        push(c, &[LocItem::Index(i)], ErrorType::StringTooShort, item).ctx_set("min_length", 1);
                    }
                    Value::String(s) if s.contains(',') => {
                        push(c, &[LocItem::Index(i)], ErrorType::StringPatternMismatch, item)
                            .ctx_set("pattern", "a code without commas (the list is sent joined by commas)");
                    }
                    _ => {}
                }
            }
        }
        Value::String(_) | Value::Number(_) => code(v, c),
        _ => {
            c.report(ErrorType::ListType, v);
        }
    }
}

fn name_list_or_csv(v: &Value, c: &mut Checker<'_>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                sub_at(c, &[LocItem::Index(i)], &NAME, item);
            }
        }
        Value::String(s) => {
            if c.check_str(s, v, 0, None) && !s.trim().is_empty() && !s.split(',').all(|p| !p.trim().is_empty()) {
                c.report(ErrorType::StringPatternMismatch, v).ctx_set("pattern", "name1,name2,… (no empty name)");
            }
        }
        _ => {
            c.report(ErrorType::ListType, v);
        }
    }
}

/// True for `digits(_digits)*`.
fn is_sku_code(s: &str) -> bool {
    !s.is_empty() && s.split('_').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn sku_code(v: &Value, c: &mut Checker<'_>) {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => number_text(n).to_owned(),
        _ => {
            c.report(ErrorType::StringType, v);
            return;
        }
    };
    if !text.trim().is_empty() && !is_sku_code(&text) {
        c.report(ErrorType::StringPatternMismatch, v).ctx_set("pattern", "attribute ids joined by _ (e.g. 800673_800675)");
    }
}

fn topic_order(v: &Value, c: &mut Checker<'_>) {
    if !is_blank(v) {
        sub(c, &FieldKind::StrEnum(TOPIC_ORDER_FIELDS), v);
    }
}

/// Owned string access for custom kinds (whose values do not live as long
/// as the checker's path).
trait ExpectOwned {
    fn expect_str_owned(&mut self, v: &Value) -> Option<String>;
}
impl ExpectOwned for Checker<'_> {
    fn expect_str_owned(&mut self, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.report(ErrorType::StringType, v);
                None
            }
        }
    }
}

// ------------------------------------------------------ shared objects

/// `{name, value}`: one option value (updateGoodsImage `sku_option`,
/// updateGoodsByAddSKU `sku_options[]`).
static OPTION_VALUE: Schema = Schema::new(&[req("name", "属性名", NAME), req("value", "属性值", NAME)], &[]);

/// `{prop_name, prop_value}` (skuRemove, updateGoodsByDelSaleProp `sale_prop[]`).
static SALE_PROP: Schema = Schema::new(&[req("prop_name", "属性名", NAME), req("prop_value", "属性值", NAME)], &[]);

static SINGLE_RES: Schema = Schema::new(
    &[
        field("codeno", "SKU编号", CODE),
        field("stock", "库存", STOCK),
        field("price", "价格", MONEY),
        field("weight", "重量(KG)", MONEY),
        field("barcode", "条形码", STR),
        field("volume", "体积(CBM)", MONEY),
    ],
    &[],
);

static MUTI_SPEC: Schema = Schema::new(
    &[
        req("spec_value_name", "规格值组合", NAME),
        field("codeno", "SKU编号", CODE),
        field("stock", "库存", STOCK),
        field("price", "价格", MONEY),
        field("weight", "重量(KG)", MONEY),
        field("barcode", "条形码", STR),
        field("volume", "体积(CBM)", MONEY),
    ],
    &[],
);

/// One row per option, one amount per option value.
const SPEC_ADD: FieldKind = FieldKind::List { of: &FieldKind::List { of: &MONEY, min: 1, max: usize::MAX }, min: 1, max: MAX_SKU_OPTIONS };

static SPEC_RES: Schema = Schema::new(
    &[
        req("spec_add_weight", "规格附加重量", SPEC_ADD),
        req("spec_add_price", "规格附加价格", SPEC_ADD),
        req("spec_add_volume", "规格附加体积", SPEC_ADD),
    ],
    &[],
);

static COMMON_PROPERTY: Schema = Schema::new(
    &[req("name", "属性名", NAME), req("value", "属性值", FieldKind::Custom(property_value, Accepts { types: &["string", "list"], summary: "a text value, or a list of values for a multi-select property" }))],
    &[],
);

fn property_value(v: &Value, c: &mut Checker<'_>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                sub_at(c, &[LocItem::Index(i)], &STR, item);
            }
        }
        _ => sub(c, &STR, v),
    }
}

static RELATION_CODENOS: Schema = Schema::new(
    &[
        field("one_way", "单向关联", FieldKind::List { of: &CODE, min: 0, max: usize::MAX }),
        field("two_way", "双向关联", FieldKind::List { of: &CODE, min: 0, max: usize::MAX }),
    ],
    &[],
);

/// The sale-mode fields, shared by UpdateGoodsSaleMode (at the item's top
/// level) and addGoods (`sale_mode_res`).
macro_rules! sale_mode_fields {
    ($modes:expr; $($extra:expr),* $(,)?) => {
        [
            $($extra,)*
            req("sale_mode", "销售模式", FieldKind::IntEnum($modes)),
            field("discount", "折扣", DISCOUNT),
            field("start_time", "开始时间", DATE),
            field("end_time", "结束时间", DATE),
            field("moq", "最小起订量", COUNT),
            field("min_qty", "起始区间", COUNT),
            field("range_end", "区间件数", FieldKind::List { of: &COUNT, min: 1, max: usize::MAX }),
            field("range_discount", "区间折扣", FieldKind::List { of: &DISCOUNT, min: 1, max: usize::MAX }),
            field("range_remark", "区间备注", FieldKind::List { of: &STR, min: 0, max: usize::MAX }),
            field("ships", "配送时间", DATE),
            field("ordered_qty", "已售数量", COUNT),
        ]
    };
}

/// addGoods `sale_mode_res`: 1 特价, 2 批发, 4 预售 (and 0 普通, the default).
static SALE_MODE_RES: Schema = Schema::new(&sale_mode_fields!(&[0, 1, 2, 4];), &[ObjectRule::Custom(sale_mode_rules)]);

/// What each sale mode needs:
/// * 1 特价: `discount`, `start_time`, `end_time` (start ≤ end);
/// * 2 批发: `range_end` and `range_discount` (same length; `range_remark`
///   too when given), `range_end` strictly increasing and above `min_qty`;
/// * 4 预售: `start_time`, `end_time`; when ranges are given they line up,
///   increase, and the last `range_end` is `0` ("最后值请填写为0": the open
///   top tier);
/// * 0: clears; nothing else is needed.
fn sale_mode_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    let mode = int_of(map.get("sale_mode"));
    let need: &[&str] = match mode {
        Some(1) => &["discount", "start_time", "end_time"],
        Some(2) => &["range_end", "range_discount"],
        Some(4) => &["start_time", "end_time"],
        _ => &[],
    };
    for f in need {
        if absent(map, f) {
            push_once(c, &[k(f)], ErrorType::Missing, &Value::Null);
        }
    }
    if let (Some(Value::String(s)), Some(Value::String(e))) = (map.get("start_time"), map.get("end_time")) {
        if let (Some(s), Some(e2)) = (parse_datetime(s, DateFormat::Date), parse_datetime(e, DateFormat::Date)) {
            if s > e2 {
                push(c, &[k("end_time")], ErrorType::TimeRange, &Value::String(e.clone()));
            }
        }
    }
    if !matches!(mode, Some(2) | Some(4)) {
        return;
    }
    let Some(Value::Array(ends)) = map.get("range_end") else {
        if given(map, "range_discount") || given(map, "range_remark") {
            push_once(c, &[k("range_end")], ErrorType::Missing, &Value::Null);
        }
        return;
    };
    for other in ["range_discount", "range_remark"] {
        if let Some(Value::Array(list)) = map.get(other) {
            if list.len() != ends.len() {
                push(c, &[k(other)], ErrorType::LengthMismatch, &map[other]).ctx_set("fields", vec!["range_end", other]);
            }
        }
    }
    let values: Vec<Option<i64>> = ends.iter().map(|v| int_of(Some(v))).collect();
    let (tiers, last_zero) = if mode == Some(4) { (values.len().saturating_sub(1), true) } else { (values.len(), false) };
    let mut prev = if mode == Some(2) { int_of(map.get("min_qty")).unwrap_or(0) } else { 0 };
    for (i, v) in values.iter().take(tiers).enumerate() {
        let Some(v) = *v else { return };
        if v <= prev {
            push(c, &[k("range_end"), LocItem::Index(i)], ErrorType::NotIncreasing, &ends[i]).ctx_set("previous", prev);
        }
        prev = prev.max(v);
    }
    if last_zero {
        if let Some(Some(last)) = values.last() {
            if *last != 0 {
                let i = values.len() - 1;
                push(c, &[k("range_end"), LocItem::Index(i)], ErrorType::Enum, &ends[i]).ctx_set("expected", vec![0]);
            }
        }
    }
}

// ------------------------------------------------------ goods (add/update)

fn sku_option_number(key: &str) -> Option<usize> {
    let n = key.strip_prefix("sku_option")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.len() > 3 {
        return None;
    }
    n.parse().ok()
}

/// The goods' options in order, when all of sku_option1…N parse.
fn options_of(map: &Map<String, Value>) -> Option<Vec<(String, Vec<String>)>> {
    let mut out = Vec::new();
    for n in 1..=MAX_SKU_OPTIONS {
        match map.get(&format!("sku_option{n}")) {
            Some(v) if is_given(v) => {
                let (name, values) = parse_sku_option(v.as_str()?)?;
                out.push((name.to_owned(), values.into_iter().map(str::to_owned).collect()));
            }
            _ => break,
        }
    }
    Some(out)
}

/// True when `s` is one value of each option, in order, joined by `_`
/// (values may themselves contain `_`: every split is tried).
pub fn is_spec_value_name(s: &str, options: &[(String, Vec<String>)]) -> bool {
    let Some(((_, values), rest)) = options.split_first() else { return false };
    values.iter().any(|v| {
        if rest.is_empty() {
            s == v
        } else {
            s.strip_prefix(v.as_str()).and_then(|r| r.strip_prefix('_')).is_some_and(|r| is_spec_value_name(r, rest))
        }
    })
}

fn goods_rules_add(map: &Map<String, Value>, c: &mut Checker<'_>) {
    goods_rules(map, c, false);
}

fn goods_rules_update(map: &Map<String, Value>, c: &mut Checker<'_>) {
    goods_rules(map, c, true);
}

/// The addGoods/updateGoods rules beyond the field table:
///
/// * `sku_option1`…`sku_option5` only ("可选项最多到sku_option5"), with no
///   gap (the SKU rows name one value of each option, in order);
/// * option names distinct;
/// * `spec_mode` 0 needs `single_res`; 1 needs `sku_option1` and
///   `muti_spec_res`; 2 (DIY) needs `sku_option1` and `spec_res`, whose
///   `spec_add_*` tables have one row per option and one amount per value;
///   SKU data without a `spec_mode` is refused, since the page does not say
///   what mode the platform assumes;
/// * each `spec_value_name` is one value of each option joined by `_`
///   (`Red_S` for `Color:Red,Black` + `Size:S,M,L`), and names no SKU twice;
/// * `muti_spec_image_name` names an option and `muti_spec_images` has at
///   most one group per value of it;
/// * `common_property` is required when `goods_type` is given;
/// * `timed_release` 1 needs `create_time` and `status` 0.
///
/// updateGoods with `not_update_sku: true` does not sync SKUs, so the SKU
/// data is not required then.
fn goods_rules(map: &Map<String, Value>, c: &mut Checker<'_>, update: bool) {
    // Option fields: numbering and gaps.
    let mut present = [false; MAX_SKU_OPTIONS + 1];
    for (key, v) in map {
        let Some(n) = sku_option_number(key) else { continue };
        if n == 0 || n > MAX_SKU_OPTIONS {
            let mut loc = c.loc();
            loc.push(k(key));
            c.errors.retain(|e| !(e.kind == ErrorType::ExtraForbidden && e.loc == loc));
            push(c, &[k(key)], ErrorType::SkuOptionCount, v).ctx_set("max", MAX_SKU_OPTIONS);
        } else if is_given(v) {
            present[n] = true;
        }
    }
    let highest = (1..=MAX_SKU_OPTIONS).rev().find(|&n| present[n]).unwrap_or(0);
    for (n, here) in present.iter().enumerate().take(highest).skip(1) {
        if !here && absent(map, &format!("sku_option{n}")) {
            push_once(c, &[k(&format!("sku_option{n}"))], ErrorType::Missing, &Value::Null);
        }
    }
    let options = if (1..=highest).all(|n| present[n]) { options_of(map) } else { None };
    if let Some(opts) = &options {
        for (i, (name, _)) in opts.iter().enumerate() {
            if let Some(first) = opts[..i].iter().position(|(n, _)| n == name) {
                let key = format!("sku_option{}", i + 1);
                let first_key = format!("sku_option{}", first + 1);
                dup(c, &[k(&key)], &[k(&first_key)], "option name", name, &map[&key]);
            }
        }
    }

    // spec_mode and the SKU data it needs.
    let mode = int_of(map.get("spec_mode"));
    let has_spec_data = ["sku_option1", "single_res", "muti_spec_res", "spec_res"].iter().any(|f| given(map, f));
    if has_spec_data && map.get("spec_mode").is_none_or(Value::is_null) {
        push_once(c, &[k("spec_mode")], ErrorType::Missing, &Value::Null);
    }
    let skip_data = update && truthy(map.get("not_update_sku"));
    let mut need: Vec<&str> = Vec::new();
    match mode {
        Some(0) if !skip_data => need.push("single_res"),
        Some(1) => {
            need.push("sku_option1");
            if !skip_data {
                need.push("muti_spec_res");
            }
        }
        Some(2) => {
            need.push("sku_option1");
            if !skip_data {
                need.push("spec_res");
            }
        }
        _ => {}
    }
    for f in need {
        if absent(map, f) {
            push_once(c, &[k(f)], ErrorType::Missing, &Value::Null);
        }
    }

    let opts: &[(String, Vec<String>)] = options.as_deref().unwrap_or(&[]);

    // muti_spec_res rows.
    if let Some(Value::Array(rows)) = map.get("muti_spec_res") {
        let names: Vec<&str> = opts.iter().map(|(n, _)| n.as_str()).collect();
        let example: Vec<&str> = opts.iter().map(|(_, v)| v[0].as_str()).collect();
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for (j, row) in rows.iter().enumerate() {
            let Some(v @ Value::String(s)) = row.get("spec_value_name") else { continue };
            if s.trim().is_empty() {
                continue;
            }
            let tail = [k("muti_spec_res"), LocItem::Index(j), k("spec_value_name")];
            if !opts.is_empty() && !is_spec_value_name(s, opts) {
                push(c, &tail, ErrorType::SpecValueUnknown, v).ctx_set("options", names.clone()).ctx_set("example", example.join("_"));
            }
            if let Some((_, first)) = seen.iter().find(|(t, _)| *t == s.as_str()) {
                let first_tail = [k("muti_spec_res"), LocItem::Index(*first), k("spec_value_name")];
                dup(c, &tail, &first_tail, "spec_value_name", s, v);
            } else {
                seen.push((s.as_str(), j));
            }
        }
    }

    // spec_res tables line up with the options.
    if let (Some(Value::Object(spec)), false) = (map.get("spec_res"), opts.is_empty()) {
        for f in ["spec_add_weight", "spec_add_price", "spec_add_volume"] {
            let Some(Value::Array(rows)) = spec.get(f) else { continue };
            if rows.len() != opts.len() {
                push(c, &[k("spec_res"), k(f)], ErrorType::LengthMismatch, &spec[f])
                    .ctx_set("fields", vec![format!("spec_res.{f}"), format!("sku_option1…{}", opts.len())]);
                continue;
            }
            for (i, row) in rows.iter().enumerate() {
                if let Value::Array(cells) = row {
                    if cells.len() != opts[i].1.len() {
                        push(c, &[k("spec_res"), k(f), LocItem::Index(i)], ErrorType::LengthMismatch, row)
                            .ctx_set("fields", vec![format!("spec_res.{f}[{i}]"), format!("sku_option{} values", i + 1)]);
                    }
                }
            }
        }
    }

    // Colour album: which option, and at most one group per value.
    let image_option = match map.get("muti_spec_image_name") {
        Some(v @ Value::String(name)) if !name.trim().is_empty() => {
            let found = opts.iter().find(|(n, _)| n == name.trim());
            if found.is_none() && !opts.is_empty() {
                let names: Vec<&str> = opts.iter().map(|(n, _)| n.as_str()).collect();
                push(c, &[k("muti_spec_image_name")], ErrorType::Enum, v).ctx_set("expected", names);
            }
            found
        }
        _ => opts.first(),
    };
    if let (Some(Value::Array(groups)), Some((_, values))) = (map.get("muti_spec_images"), image_option) {
        if groups.len() > values.len() {
            push(c, &[k("muti_spec_images")], ErrorType::TooLong, &map["muti_spec_images"]).ctx_set("max_length", values.len());
        }
    }

    if given(map, "goods_type") && !given(map, "common_property") {
        push_once(c, &[k("common_property")], ErrorType::Missing, &Value::Null);
    }

    if int_of(map.get("timed_release")) == Some(1) {
        if !given(map, "create_time") {
            push_once(c, &[k("create_time")], ErrorType::Missing, &Value::Null);
        }
        if let Some(status) = int_of(map.get("status")).filter(|s| *s != 0) {
            push(c, &[k("status")], ErrorType::Enum, &map["status"]).ctx_set("expected", vec![0]).ctx_set("because", status);
        }
    }
}

macro_rules! with_sku_options {
    ($($f:expr),* $(,)?) => {
        [
            $($f,)*
            field("sku_option1", "购物属性1", SKU_OPTION),
            field("sku_option2", "购物属性2", SKU_OPTION),
            field("sku_option3", "购物属性3", SKU_OPTION),
            field("sku_option4", "购物属性4", SKU_OPTION),
            field("sku_option5", "购物属性5", SKU_OPTION),
        ]
    };
}

const MUTI_SPEC_RES: FieldKind = FieldKind::List { of: &FieldKind::Object(&MUTI_SPEC), min: 1, max: usize::MAX };
const MUTI_SPEC_IMAGES: FieldKind = FieldKind::List { of: &URL_CSV, min: 0, max: usize::MAX };

/// addGoods: one goods. Required as the page marks them: `base_name`,
/// `price`, `category`, `status`, `main_image`.
pub(crate) static ADD_GOODS: Schema = Schema::new(
    &with_sku_options![
            req("base_name", "商品名称", NAME),
            field("codeno", "商品编号", CODE),
            req("price", "商品价格", MONEY),
            field("weight", "商品重量(KG)", MONEY),
            field("volume", "商品体积(CBM)", MONEY),
            req("category", "分类名称", CATEGORY_PATH),
            field("category_rel", "附属分类", CATEGORY_REL),
            field("brand", "品牌名称", STR),
            field("group_codeno", "组合编码", STR),
            field("detail", "商品描述", STR),
            field("mini_detail", "商品短描述", STR),
            field("is_diy_remark", "是否留言定制", FLAG),
            field("is_bookable", "缺货时仍可下单", FLAG),
            field("visit_counts", "访问量", COUNT),
            field("buy_counts", "购买量", COUNT),
            field("wishlist_counts", "喜好收藏量", COUNT),
            field("goods_tags", "标签", STR),
            req("status", "上架状态", FLAG),
            field("title", "SEO标题", STR),
            field("keywords", "SEO关键词", STR),
            field("descript", "SEO描述", STR),
            field("spec_mode", "规格模式", FieldKind::IntEnum(&[0, 1, 2])),
            field("single_res", "单规格数据", FieldKind::Object(&SINGLE_RES)),
            field("muti_spec_res", "多规格数据", MUTI_SPEC_RES),
            field("muti_spec_image_name", "多规格图片属性名", STR),
            field("muti_spec_images", "多规格颜色图片", MUTI_SPEC_IMAGES),
            field("spec_res", "DIY定制规格数据", FieldKind::Object(&SPEC_RES)),
            req("main_image", "商品主图", URL),
            field("other_images", "其它细节图", URL_CSV),
            field("goods_type", "商品类型名称", STR),
            field("common_property", "筛选属性", FieldKind::List { of: &FieldKind::Object(&COMMON_PROPERTY), min: 1, max: usize::MAX }),
            field("relation_codenos", "商品关联", FieldKind::Object(&RELATION_CODENOS)),
            field("timed_release", "定时发布", FLAG),
            field("create_time", "发布时间", LOOSE),
            field("supplier_remark", "供应商备注", STR),
            field("sale_mode_res", "销售模式", FieldKind::Object(&SALE_MODE_RES)),
            field("listorder", "排序值", INT),
            field("is_taxed", "是否收税", FLAG),
    ],
    &[ObjectRule::Custom(goods_rules_add)],
);

/// updateGoods: one goods by `goods_id` (preferred) or `codeno`. The page
/// marks `base_name` ("不能为空") and `status` ("必填") for updates too.
/// `main_image`/`other_images` may be `""` ("留空不更新").
pub(crate) static UPDATE_GOODS: Schema = Schema::new(
    &with_sku_options![
            field("goods_id", "商品ID", ID_OR_EMPTY),
            field("codeno", "商品编号", CODE),
            req("base_name", "商品名称", NAME),
            field("main_image", "商品主图", URL_OR_EMPTY),
            field("other_images", "其它细节图", URL_CSV),
            field("category", "分类名称", CATEGORY_PATH_OR_EMPTY),
            field("brand_name", "品牌名称", STR),
            field("tags", "标签", STR),
            field("group_codeno", "组合编码", STR),
            field("detail", "商品描述", STR),
            field("mini_detail", "商品短描述", STR),
            field("is_diy_remark", "是否留言定制", FLAG),
            field("is_bookable", "缺货时仍可下单", FLAG),
            field("visit_counts", "访问量", COUNT),
            field("buy_counts", "购买量", COUNT),
            field("wishlist_counts", "喜好收藏量", COUNT),
            req("status", "上架状态", FLAG),
            field("listorder", "排序值", INT),
            field("title", "SEO标题", STR),
            field("keywords", "SEO关键词", STR),
            field("descript", "SEO描述", STR),
            field("weight", "商品重量(KG)", MONEY),
            field("volume", "商品体积(CBM)", MONEY),
            field("price", "商品价格", MONEY),
            field("spec_mode", "规格模式", FieldKind::IntEnum(&[0, 1, 2])),
            field("single_res", "单规格数据", FieldKind::Object(&SINGLE_RES)),
            field("muti_spec_res", "多规格数据", MUTI_SPEC_RES),
            field("muti_spec_image_name", "多规格图片属性名", STR),
            field("muti_spec_images", "多规格颜色图片", MUTI_SPEC_IMAGES),
            field("spec_res", "DIY定制规格数据", FieldKind::Object(&SPEC_RES)),
            field("create_time", "发布时间", LOOSE),
            field("timed_release", "定时发布", FLAG),
            field("supplier_remark", "供应商备注", STR),
            field("not_update_sku", "不同步更新SKU", FieldKind::Bool),
            field("force_update_price", "强制更新DIY商品默认售价", FieldKind::Bool),
    ],
    &[ObjectRule::OneOf(&["goods_id", "codeno"]), ObjectRule::Custom(goods_rules_update)],
);

// ------------------------------------------------------ the other pushes

/// skuRemove: which goods (`goods_id` or `goods_codeno`) and which SKU
/// (`sku_codeno` or `sale_prop`).
pub(crate) static SKU_REMOVE: Schema = Schema::new(
    &[
        field("goods_id", "商品ID", ID_OR_EMPTY),
        field("goods_codeno", "商品编号", CODE),
        field("sku_codeno", "SKU编号", CODE),
        field("sale_prop", "要删除的SKU属性值", FieldKind::List { of: &FieldKind::Object(&SALE_PROP), min: 1, max: MAX_SKU_OPTIONS }),
    ],
    &[ObjectRule::OneOf(&["goods_id", "goods_codeno"]), ObjectRule::OneOf(&["sku_codeno", "sale_prop"])],
);

/// Images as updateGoodsImage and updateGoodsByAddSKU name them: their own
/// pages' examples send file names (`"image1.jpg"`), so any non-empty name
/// or URL (addGoods' "带有 http 的完整地址" note is about addGoods).
const IMAGE_NAMES: FieldKind = FieldKind::List { of: &NAME, min: 1, max: usize::MAX };

static IMAGE_SKU: Schema = Schema::new(
    &[
        field("is_append", "是否追加", FLAG),
        req("sku_option", "规格属性", FieldKind::Object(&OPTION_VALUE)),
        req("images", "属性值相册", IMAGE_NAMES),
    ],
    &[],
);

/// updateGoodsImage: the default album (`images`), colour albums
/// (`sku_res`), or both; one of the two is required (an item with neither
/// changes nothing).
pub(crate) static UPDATE_GOODS_IMAGE: Schema = Schema::new(
    &[
        field("goods_id", "商品ID", ID_OR_EMPTY),
        field("codeno", "商品编号", CODE),
        field("is_append", "是否追加", FLAG),
        field("images", "默认相册图片", IMAGE_NAMES),
        field("sku_res", "颜色相册", FieldKind::List { of: &FieldKind::Object(&IMAGE_SKU), min: 1, max: usize::MAX }),
    ],
    &[ObjectRule::OneOf(&["goods_id", "codeno"]), ObjectRule::OneOf(&["images", "sku_res"]), ObjectRule::Custom(image_rules)],
);

/// A colour album named twice in one item would be written twice.
fn image_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    let Some(Value::Array(rows)) = map.get("sku_res") else { return };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (j, row) in rows.iter().enumerate() {
        let Some(opt) = row.get("sku_option") else { continue };
        let (Some(n), Some(v)) = (opt.get("name").and_then(scalar_text), opt.get("value").and_then(scalar_text)) else { continue };
        let text = format!("{n}:{v}");
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == text) {
            let first = *first;
            dup(c, &[k("sku_res"), LocItem::Index(j), k("sku_option")], &[k("sku_res"), LocItem::Index(first), k("sku_option")], "sku_option", &text, opt);
        } else {
            seen.push((text, j));
        }
    }
}

static ADD_SKU: Schema = Schema::new(
    &[
        req("sku_options", "SKU属性", FieldKind::List { of: &FieldKind::Object(&OPTION_VALUE), min: 1, max: MAX_SKU_OPTIONS }),
        field("codeno", "SKU编号", CODE),
        field("stock", "库存", STOCK),
        field("price", "价格", MONEY),
        field("weight", "重量(KG)", MONEY),
        field("barcode", "条形码", STR),
        field("volume", "体积(CBM)", MONEY),
        field("images", "属性值相册", IMAGE_NAMES),
    ],
    &[ObjectRule::Custom(add_sku_rules)],
);

/// Each option once: "属性名和商品属性名要完全相同 … 不可另加".
fn add_sku_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    dup_in_list(c, map, "sku_options", "name", "option name");
}

/// updateGoodsByAddSKU: one new SKU (`sku_res`, an object) for a goods.
pub(crate) static ADD_SKU_ITEM: Schema = Schema::new(
    &[
        field("goods_id", "商品ID", ID_OR_EMPTY),
        field("goods_codeno", "商品编号", CODE),
        req("sku_res", "SKU内容", FieldKind::Object(&ADD_SKU)),
    ],
    &[ObjectRule::OneOf(&["goods_id", "goods_codeno"])],
);

/// updateGoodsByDelSaleProp: option values to delete from a goods.
pub(crate) static DEL_SALE_PROP: Schema = Schema::new(
    &[
        field("goods_id", "商品ID", ID_OR_EMPTY),
        field("goods_codeno", "商品编号", CODE),
        req("sale_prop", "要删除的属性数据", FieldKind::List { of: &FieldKind::Object(&SALE_PROP), min: 1, max: usize::MAX }),
    ],
    &[ObjectRule::OneOf(&["goods_id", "goods_codeno"])],
);

static REL_GOODS: Schema = Schema::new(
    &[req("goods_id", "相关商品ID", ID), field("relation", "关联方式", FieldKind::StrEnum(&["one", "mutual"]))],
    &[],
);

/// updateGoodsRel: one main goods and its related goods. `relation` is
/// `one` (or absent) or `mutual`, as the page's text says; the page's
/// example sends `"relation":"two"`, which the text does not define (the
/// platform would most likely read it as one-way, the opposite of what the
/// example seems to mean), so it is rejected.
pub(crate) static UPDATE_GOODS_REL: Schema = Schema::new(
    &[
        req("goods_id", "主商品ID", ID),
        req("rel_goods", "相关商品", FieldKind::List { of: &FieldKind::Object(&REL_GOODS), min: 1, max: usize::MAX }),
    ],
    &[ObjectRule::Custom(rel_rules)],
);

fn rel_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    dup_in_list(c, map, "rel_goods", "goods_id", "rel_goods.goods_id");
}

/// editCategory: one category by `category_id`.
pub(crate) static EDIT_CATEGORY: Schema = Schema::new(
    &[
        req("category_id", "分类ID", ID),
        field("base_name", "分类名字", NAME),
        field("status", "商城状态", FLAG),
        field("listorder", "排序", INT),
        field("image", "图片", URL_OR_EMPTY),
        field("image1", "图片1", URL_OR_EMPTY),
        field("image2", "图片2", URL_OR_EMPTY),
        field("title", "标题", STR),
        field("keywords", "关键字", STR),
        field("descript", "描述", STR),
        field("b2b_status", "官网状态", FLAG),
        field("order_by", "排序字段", STR),
        field("order_field", "排序方向", FieldKind::StrEnum(&["ASC", "DESC"])),
    ],
    &[],
);

/// UpdateGoodsSaleMode: 0 普通 (clears), 1 特价, 2 批发. Presale (4) is
/// documented only for addGoods' `sale_mode_res` and goodsList's answer,
/// not for this method, so it is refused here.
pub(crate) static UPDATE_SALE_MODE: Schema = Schema::new(
    &sale_mode_fields!(&[0, 1, 2]; field("goods_id", "商品ID", ID_OR_EMPTY), field("codeno", "商品编号", CODE)),
    &[ObjectRule::OneOf(&["goods_id", "codeno"]), ObjectRule::Custom(sale_mode_rules)],
);

/// UpdateGoodsRecRel: recommendations by id or name; `clear_all` first
/// removes the old ones and may stand alone.
pub(crate) static UPDATE_REC_REL: Schema = Schema::new(
    &[
        field("goods_id", "商品ID", ID_OR_EMPTY),
        field("codeno", "商品编号", CODE),
        field("rec_ids", "推荐ID", ID_LIST_OR_CSV),
        field("rec_names", "推荐名称", NAME_LIST_OR_CSV),
        field("clear_all", "清空旧推荐", FieldKind::Bool),
    ],
    &[ObjectRule::OneOf(&["goods_id", "codeno"]), ObjectRule::Custom(rec_rel_rules)],
);

fn rec_rel_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    if !truthy(map.get("clear_all")) && !given(map, "rec_ids") && !given(map, "rec_names") {
        c.report(ErrorType::MissingOneOf, &Value::Null).ctx_set("fields", vec!["rec_ids", "rec_names"]);
    }
}

static TAG_RES: Schema = Schema::new(
    &[req("tag_id", "标签ID", ID), field("order_by", "排序顺序", STR), field("order_field", "排序字段", TOPIC_ORDER)],
    &[],
);

static TAG_GOODS: Schema = Schema::new(&[req("goods_id", "商品ID", ID), field("listorder", "排序值", INT)], &[]);

static TOPIC_GOODS: Schema = Schema::new(
    &[
        req("tag_res", "标签", FieldKind::Object(&TAG_RES)),
        field("tag_goods_res", "标签商品", FieldKind::List { of: &FieldKind::Object(&TAG_GOODS), min: 0, max: usize::MAX }),
    ],
    &[ObjectRule::Custom(tag_goods_rules)],
);

fn tag_goods_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    dup_in_list(c, map, "tag_goods_res", "goods_id", "tag_goods_res.goods_id");
}

static TOPIC_RES: Schema = Schema::new(
    &[
        req("topic_id", "专题ID", ID),
        field("base_name", "专题名称", STR),
        field("title", "SEO标题", STR),
        field("keywords", "SEO关键字", STR),
        field("descript", "SEO描述", STR),
        field("status", "状态", FLAG),
    ],
    &[],
);

/// updateTopic: `{"topic_res": {…}, "topic_goods": [{tag_res, tag_goods_res}]}`.
/// The page's example fills `status` with the placeholder text `"状态"`;
/// a status is 0/1 like every other status on the page, so that example is
/// refused (`int_type`).
pub(crate) static UPDATE_TOPIC: Schema = Schema::new(
    &[
        req("topic_res", "专题", FieldKind::Object(&TOPIC_RES)),
        field("topic_goods", "标签商品", FieldKind::List { of: &FieldKind::Object(&TOPIC_GOODS), min: 0, max: usize::MAX }),
    ],
    &[ObjectRule::Custom(topic_rules)],
);

fn topic_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    let Some(Value::Array(rows)) = map.get("topic_goods") else { return };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (j, row) in rows.iter().enumerate() {
        let Some(v) = row.get("tag_res").and_then(|t| t.get("tag_id")) else { continue };
        let Some(text) = scalar_text(v).filter(|t| !t.is_empty()) else { continue };
        let tail = [k("topic_goods"), LocItem::Index(j), k("tag_res"), k("tag_id")];
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == text) {
            let first_tail = [k("topic_goods"), LocItem::Index(*first), k("tag_res"), k("tag_id")];
            dup(c, &tail, &first_tail, "tag_id", &text, v);
        } else {
            seen.push((text, j));
        }
    }
}

/// updateGoodsUserGroup: member groups for a goods.
pub(crate) static UPDATE_USER_GROUP: Schema = Schema::new(
    &[
        field("codeno", "商品编号", CODE),
        field("goods_id", "商品ID", ID_OR_EMPTY),
        req("user_group", "用户组名字", FieldKind::List { of: &NAME, min: 1, max: usize::MAX }),
    ],
    &[ObjectRule::OneOf(&["goods_id", "codeno"])],
);

static GOODS_REC: Schema = Schema::new(
    &[
        req("goods_rec_id", "商品推荐ID", ID),
        field("base_name", "商品推荐名", STR),
        field("title", "SEO标题", STR),
        field("keywords", "SEO关键词", STR),
        field("descript", "SEO描述", STR),
        field("status", "商品推荐状态", FLAG),
    ],
    &[],
);

/// updateGoodsRec: `{"goods_rec": {…}, "goods_list": [goods ids]}`. The
/// page's example fills `status` with the placeholder `"商品推荐状态(0或1)"`,
/// which is refused (`int_type`).
pub(crate) static UPDATE_GOODS_REC: Schema = Schema::new(
    &[
        req("goods_rec", "商品推荐", FieldKind::Object(&GOODS_REC)),
        field("goods_list", "商品ID列表", FieldKind::List { of: &ID, min: 0, max: usize::MAX }),
    ],
    &[ObjectRule::Custom(goods_rec_rules)],
);

fn goods_rec_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    let Some(Value::Array(ids)) = map.get("goods_list") else { return };
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (j, v) in ids.iter().enumerate() {
        let Some(text) = scalar_text(v) else { continue };
        if let Some((_, first)) = seen.iter().find(|(t, _)| *t == text) {
            let first = *first;
            dup(c, &[k("goods_list"), LocItem::Index(j)], &[k("goods_list"), LocItem::Index(first)], "goods_list", &text, v);
        } else {
            seen.push((text, j));
        }
    }
}

/// goodsRemove: a goods by `codeno` or one SKU by `sku_codeno`. The page
/// says "codeno和sku_codeno不能同时留空,只能同时传输" — "not both empty,
/// may only be sent together" — while its own example sends one per item
/// and the answer names one per entry. For a delete the safe reading is
/// "exactly one": with both, the platform could delete the whole goods when
/// one SKU was meant, so both together are refused (`conflict`).
pub(crate) static GOODS_REMOVE: Schema = Schema::new(
    &[field("codeno", "商品编号", CODE), field("sku_codeno", "SKU编号", CODE)],
    &[ObjectRule::OneOf(&["codeno", "sku_codeno"]), ObjectRule::Conflict(&["codeno", "sku_codeno"])],
);

/// updateSkuQty: a SKU by `id`, `codeno` or `sku_code`, its stock `num`
/// and optionally its `price` ("price不填写则不更新价格"). `num` is
/// required: every example sends it and the page never says it may be left
/// out, and a server reading a missing `num` as 0 would zero the stock.
pub(crate) static UPDATE_SKU_QTY: Schema = Schema::new(
    &[
        field("id", "SKU ID", ID_OR_EMPTY),
        field("codeno", "SKU编号", CODE),
        field("sku_code", "SKU属性值编码", SKU_CODE),
        req("num", "库存", STOCK),
        field("price", "价格", MONEY),
    ],
    &[ObjectRule::OneOf(&["id", "codeno", "sku_code"]), ObjectRule::Custom(sku_qty_rules)],
);

/// `sku_code` is "销售属性ID_销售属性ID2": for single-spec goods it is
/// `0_0` (skuList shows it), which every single-spec goods shares — such a
/// code names no single SKU, so it is refused unless `id` or `codeno` is
/// given too.
fn sku_qty_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    let Some(v) = map.get("sku_code") else { return };
    let Some(text) = scalar_text(v) else { return };
    if is_sku_code(&text) && text.split('_').all(|p| p.bytes().all(|b| b == b'0')) && !given(map, "id") && !given(map, "codeno") {
        push(c, &[k("sku_code")], ErrorType::AmbiguousIdentifier, v).ctx_set("fields", vec!["id", "codeno"]);
    }
}

/// The `update_options` parameter of updateSkuQty (see
/// [`crate::ymcart::Ymcart::with_update_options`]).
pub static UPDATE_OPTIONS: Schema = Schema::new(
    &[field("update_listorder", "缺货时排序为负数", FLAG), field("update_status", "缺货时下架", FLAG)],
    &[],
);

/// [`UPDATE_OPTIONS`] as a field kind.
pub(crate) static UPDATE_OPTIONS_KIND: FieldKind = FieldKind::Object(&UPDATE_OPTIONS);

/// addCategory: a category path to create (`"A,A2"` = A2 under A). The
/// name is required and non-empty: the page's example sends `{"name":""}`
/// first, and its own answer reports index 0 as `insert_fail`.
pub(crate) static ADD_CATEGORY: Schema = Schema::new(&[req("name", "分类名称", CATEGORY_PATH)], &[]);

// ------------------------------------------------------------- queries

/// brandList and categoryList take no parameter but the token.
pub(crate) static NO_PARAMS: Schema = Schema::new(&[], &[]);

/// A list's `page_size`: an `INT` whose default (500 / 50) is not a maximum.
const PAGE_SIZE: FieldKind = FieldKind::Int { min: 1, max: super::LIST_MAX_PAGE_SIZE as i64 };

/// skuList parameters.
pub(crate) static SKU_LIST: Schema = Schema::new(
    &[
        field("page_size", "每页数量", PAGE_SIZE),
        field("page_no", "页码", FieldKind::Int { min: 1, max: i32::MAX as i64 }),
        field("goods_codeno", "商品编号", CODE),
        field("sku_codeno", "SKU编号", CODE),
        field("is_instock", "是否有库存", FLAG),
        field("order_by", "排序", FLAG),
    ],
    &[],
);

/// goodsList parameters.
pub(crate) static GOODS_LIST: Schema = Schema::new(
    &[
        field("page_size", "每页数量", PAGE_SIZE),
        field("page_no", "页码", FieldKind::Int { min: 1, max: i32::MAX as i64 }),
        field("codeno", "商品编号", CODE_LIST_OR_CSV),
        field("id", "商品ID", ID_LIST_OR_CSV),
        field("category_id", "分类ID", ID_LIST_OR_CSV),
        field("status", "状态", FLAG),
        field("start_modify_time", "修改开始日期", LOOSE),
        field("end_modify_time", "修改结束日期", LOOSE),
        field("max_id", "从max_id开始", COUNT),
        field("brand_id", "品牌ID", ID),
        field("rec_id", "推荐ID", ID),
        field("tag_id", "标签ID", ID),
        field("other_category_id", "附属分类ID", ID),
        field("start_time", "上传开始日期", LOOSE),
        field("end_time", "上传结束日期", LOOSE),
    ],
    &[ObjectRule::Conflict(&["rec_id", "tag_id", "other_category_id"]), ObjectRule::Custom(goods_list_rules)],
);

fn goods_list_rules(map: &Map<String, Value>, c: &mut Checker<'_>) {
    // "多个用英文逗号隔开": a list is sent joined by commas; an empty one would
    // send an empty filter, so it is refused.
    for key in ["codeno", "id", "category_id"] {
        if let Some(v @ Value::Array(a)) = map.get(key) {
            if a.is_empty() {
                push(c, &[k(key)], ErrorType::TooShort, v).ctx_set("min_length", 1);
            }
        }
    }
    for (start, end) in [("start_time", "end_time"), ("start_modify_time", "end_modify_time")] {
        if let (Some(Value::String(s)), Some(Value::String(e))) = (map.get(start), map.get(end)) {
            if let (Some(a), Some(b)) = (parse_datetime(s, DateFormat::Loose), parse_datetime(e, DateFormat::Loose)) {
                if a > b {
                    push(c, &[k(end)], ErrorType::TimeRange, &map[end]);
                }
            }
        }
    }
}
