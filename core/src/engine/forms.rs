//! What form libraries need, generated from the registry: a JSON Schema of
//! one item per push operation and a label table (Chinese, English) of its
//! fields.
//!
//! Both are derived from [`Operation::describe`], the same description the
//! hosts' generated types come from, so a rule changed in a platform table
//! reaches the forms without a second copy. The JSON Schema is the *shape*
//! of the rules for libraries that read JSON Schema (lengths in Unicode
//! characters as JSON Schema counts them, enums, the decimal rule as a
//! pattern); the authority stays the core's validator (a day 31 in April
//! matches the date pattern, for instance, and is still refused).
//!
//! English labels are translated from the vendors' Chinese labels (the
//! 名称 column of each page) in one table keyed by the Chinese label; a test
//! proves every documented field has one.

use crate::registry::{OpKind, Operation};
use serde_json::{json, Map, Value};

/// The JSON Schema dialect of [`json_schema`].
pub const JSON_SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A string without control characters other than tab, newline and carriage
/// return (the core refuses the others in every string).
const NO_CONTROL: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
/// A required string must not be blank.
const NOT_BLANK: &str = "\\S";
/// Integer text, as the core reads integers from strings (`"12"`).
const INT_TEXT: &str = "^-?[0-9]+$";
/// A full http(s) URL with a host and no whitespace.
const HTTP_URL: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s][^\\s]*$";

/// The decimal rule as a regular expression: plain notation
/// (`-?digits(.digits)?`), at most `whole` significant digits before the
/// point and `places` after; leading zeros of the whole part and trailing
/// zeros of the fraction do not count (`007.50` has 1 and 1).
pub fn decimal_pattern(whole: u64, places: u64) -> String {
    let whole_part = if whole == 0 { "0+".to_owned() } else { format!("(?:0*[1-9][0-9]{{0,{}}}|0+)", whole - 1) };
    let fraction = if places == 0 { "(?:\\.0+)?".to_owned() } else { format!("(?:\\.[0-9]{{1,{places}}}0*)?") };
    format!("^-?{whole_part}{fraction}$")
}

/// Integer text of a value in `min..=max`, as the core reads integer text
/// (`-?[0-9]+`, leading zeros allowed, `-0` is 0) — the classic split of a
/// range into runs of equal length that one character class per digit can
/// say. Generated, never written by hand per field.
pub fn integer_pattern(min: i64, max: i64) -> String {
    let mut alts: Vec<String> = Vec::new();
    if min <= 0 && max >= 0 {
        alts.push("-?0+".to_owned());
    }
    if max >= 1 {
        alts.push(format!("0*(?:{})", positive_range(min.max(1) as u64, max as u64)));
    }
    if min <= -1 {
        let (lo, hi) = ((max.min(-1)).unsigned_abs(), min.unsigned_abs());
        alts.push(format!("-0*(?:{})", positive_range(lo, hi)));
    }
    if alts.is_empty() {
        // An empty range: nothing matches.
        return "^(?!)$".to_owned();
    }
    format!("^(?:{})$", alts.join("|"))
}

/// Integer text of exactly these values (an enum, or every sum of flags).
fn values_pattern(values: &[i64]) -> String {
    let alts: Vec<String> = values
        .iter()
        .map(|&v| match v {
            0 => "-?0+".to_owned(),
            v if v > 0 => format!("0*{v}"),
            v => format!("-0*{}", v.unsigned_abs()),
        })
        .collect();
    format!("^(?:{})$", alts.join("|"))
}

/// `lo..=hi` (both ≥ 1), written without leading zeros, as alternatives.
fn positive_range(lo: u64, hi: u64) -> String {
    let mut stops = vec![hi];
    // Ends of runs: lo with its last k digits turned to 9s…
    let mut k = 1;
    loop {
        let stop = fill_nines(lo, k);
        if stop < lo || stop > hi {
            break;
        }
        stops.push(stop);
        k += 1;
        if k > 20 {
            break;
        }
    }
    // …and hi+1 with its last k digits turned to 0s, minus one.
    let mut k = 1;
    while k <= 20 {
        let p = 10u128.pow(k);
        let stop = ((u128::from(hi) + 1) / p * p).saturating_sub(1);
        if stop < u128::from(lo) || stop > u128::from(hi) {
            break;
        }
        stops.push(stop as u64);
        k += 1;
    }
    stops.sort_unstable();
    stops.dedup();
    let mut out = Vec::new();
    let mut start = lo;
    for stop in stops {
        if stop < start {
            continue;
        }
        out.push(run_pattern(start, stop));
        start = stop + 1;
    }
    out.join("|")
}

/// `n` with its last `k` digits replaced by 9s.
fn fill_nines(n: u64, k: u32) -> u64 {
    let p = 10u128.pow(k);
    let v = u128::from(n) / p * p + (p - 1);
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// The pattern of `lo..=hi`, two numbers of the same length whose digits
/// differ only where the range spans a whole digit class.
fn run_pattern(lo: u64, hi: u64) -> String {
    let (a, b) = (lo.to_string(), hi.to_string());
    let mut out = String::new();
    let mut any_digits = 0;
    for (x, y) in a.chars().zip(b.chars()) {
        if x == y {
            out.push(x);
        } else if x == '0' && y == '9' {
            any_digits += 1;
            continue;
        } else {
            out.push_str(&format!("[{x}-{y}]"));
        }
    }
    if any_digits > 0 {
        out.push_str(&format!("[0-9]{{{any_digits}}}"));
    }
    out
}

/// The pattern of a date-time format as the core describes it (the shape:
/// the calendar, e.g. 31 April, is the core's to check).
fn datetime_pattern(format: &str) -> Option<String> {
    const DATE: &str = "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";
    const TIME: &str = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]";
    const LOOSE_DATE: &str = "[0-9]{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12][0-9]|3[01])";
    const LOOSE_TIME: &str = "(?:0?[0-9]|1[0-9]|2[0-3]):(?:0?[0-9]|[1-5][0-9]):(?:0?[0-9]|[1-5][0-9])";
    match format {
        "yyyy-MM-dd HH:mm:ss" => Some(format!("^{DATE} {TIME}$")),
        "yyyy-MM-dd" => Some(format!("^{DATE}$")),
        "yyyy-M-d or yyyy-M-d H:m:s" => Some(format!("^{LOOSE_DATE}(?: {LOOSE_TIME})?$")),
        _ => None,
    }
}

/// A bound that stands for "no limit" (the extremes of the core's integer types).
fn bounded(v: &Value) -> Option<&Value> {
    const SAFE: u64 = (1 << 53) - 1;
    match v {
        Value::Number(n) if n.as_u64().is_some_and(|u| u <= SAFE) || n.as_i64().is_some_and(|i| i.unsigned_abs() <= SAFE) => Some(v),
        _ => None,
    }
}

/// The JSON Schema of one described kind (a value of [`Operation::describe`]'s item tree).
fn kind_schema(kind: &Value, required: bool) -> Value {
    let t = kind["type"].as_str().unwrap_or("any");
    let mut s = match t {
        "string" => {
            if let Some(values) = kind.get("enum").filter(|v| v.is_array()) {
                json!({"type": "string", "enum": values})
            } else {
                let mut s = json!({"type": "string"});
                let min = kind["min_length"].as_u64().unwrap_or(0);
                if min > 0 {
                    s["minLength"] = json!(min);
                }
                if let Some(max) = bounded(&kind["max_length"]) {
                    s["maxLength"] = max.clone();
                }
                if min > 0 {
                    s["allOf"] = json!([{"pattern": NO_CONTROL}, {"pattern": NOT_BLANK}]);
                } else {
                    s["pattern"] = json!(NO_CONTROL);
                }
                s
            }
        }
        "integer" => {
            // The core reads integers from numbers and integer text ("12", "007").
            let values: Option<Vec<i64>> = if let Some(values) = kind.get("enum").and_then(Value::as_array) {
                Some(values.iter().filter_map(Value::as_i64).collect())
            } else if let Some(flags) = kind.get("flags").and_then(Value::as_array).filter(|f| f.len() <= 10) {
                // Every sum of the flags (0 included): a short list.
                let flags: Vec<i64> = flags.iter().filter_map(Value::as_i64).collect();
                let mut sums: Vec<i64> = (0u32..1 << flags.len())
                    .map(|m| flags.iter().enumerate().filter(|(i, _)| m & (1 << i) != 0).map(|(_, f)| f).sum())
                    .collect();
                sums.sort_unstable();
                sums.dedup();
                Some(sums)
            } else {
                None
            };
            match values {
                Some(values) => json!({"anyOf": [{"enum": values}, {"type": "string", "pattern": values_pattern(&values)}]}),
                None => {
                    let mut number = json!({"type": "integer"});
                    let (min, max) = (kind["minimum"].as_i64(), kind["maximum"].as_i64());
                    if let Some(min) = bounded(&kind["minimum"]) {
                        number["minimum"] = min.clone();
                    }
                    if let Some(max) = bounded(&kind["maximum"]) {
                        number["maximum"] = max.clone();
                    }
                    let text = match (min, max) {
                        (Some(lo), Some(hi)) => integer_pattern(lo, hi),
                        _ => INT_TEXT.to_owned(),
                    };
                    json!({"anyOf": [number, {"type": "string", "pattern": text}]})
                }
            }
        }
        "decimal" => {
            let whole = kind["max_whole_digits"].as_u64().unwrap_or(15);
            let places = kind["decimal_places"].as_u64().unwrap_or(4);
            // A number is judged by its shortest decimal text (the pattern
            // applies to strings only): the bound here, the places by the core.
            // No decimal places: a whole number (1.0 included, as the core reads it).
            let number_type = if places == 0 { "integer" } else { "number" };
            let number = match 10i64.checked_pow(whole as u32) {
                Some(limit) => json!({"type": number_type, "exclusiveMinimum": -limit, "exclusiveMaximum": limit}),
                None => json!({"type": number_type}),
            };
            json!({"anyOf": [{"type": "string", "pattern": decimal_pattern(whole, places)}, number]})
        }
        "boolean" => json!({"enum": [true, false, 0, 1]}),
        "list" => {
            let mut s = json!({"type": "array", "items": kind_schema(&kind["items"], true)});
            if let Some(min) = kind["min_items"].as_u64().filter(|m| *m > 0) {
                s["minItems"] = json!(min);
            }
            if let Some(max) = bounded(&kind["max_items"]) {
                s["maxItems"] = max.clone();
            }
            s
        }
        "object" => object_schema(kind),
        "url" => json!({"type": "string", "minLength": 1, "allOf": [{"pattern": NO_CONTROL}, {"pattern": HTTP_URL}]}),
        "datetime" => {
            let format = kind["format"].as_str().unwrap_or("");
            let mut s = json!({"type": "string", "description": format!("{format} (Beijing time)")});
            if let Some(p) = datetime_pattern(format) {
                s["pattern"] = json!(p);
            }
            s
        }
        "custom" => {
            let mut types: Vec<&str> = Vec::new();
            for a in kind["accepts"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                let json_types: &[&str] = match a {
                    "string" => &["string"],
                    "integer" => &["integer", "string"],
                    "decimal" => &["number", "string"],
                    "boolean" => &["boolean", "integer"],
                    "list" => &["array"],
                    "object" => &["object"],
                    _ => &[],
                };
                for jt in json_types {
                    if !types.contains(jt) {
                        types.push(jt);
                    }
                }
            }
            let mut s = json!({"description": kind["summary"]});
            if !types.is_empty() {
                s["type"] = json!(types);
            }
            s
        }
        _ => json!({}),
    };
    // An optional field may be null: null means "not given".
    if !required {
        s = nullable(s);
    }
    s
}

/// `s` or null.
fn nullable(s: Value) -> Value {
    match s.get("type").cloned() {
        Some(Value::String(t)) if s.get("enum").is_none() => {
            let mut s = s;
            s["type"] = json!([t, "null"]);
            s
        }
        Some(Value::Array(mut ts)) if s.get("enum").is_none() => {
            let mut s = s;
            ts.push(json!("null"));
            s["type"] = Value::Array(ts);
            s
        }
        _ if s.get("enum").is_some() => {
            let mut s = s;
            if let Some(Value::Array(values)) = s.get_mut("enum") {
                values.push(Value::Null);
            }
            if let Some(Value::String(t)) = s.get("type").cloned() {
                s["type"] = json!([t, "null"]);
            }
            s
        }
        _ if s.as_object().is_some_and(Map::is_empty) => s,
        _ if s.get("type").is_none() && s.get("anyOf").is_some_and(Value::is_array) => {
            let mut s = s;
            if let Some(Value::Array(alts)) = s.get_mut("anyOf") {
                alts.push(json!({"type": "null"}));
            }
            s
        }
        _ => json!({"anyOf": [s, {"type": "null"}]}),
    }
}

/// The JSON Schema of a described object: properties with titles from the
/// label table, `required`, and the cross-field rules as far as JSON Schema
/// can say them (at least one of / not together).
fn object_schema(described: &Value) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in described["fields"].as_array().into_iter().flatten() {
        let name = f["name"].as_str().unwrap_or_default();
        let is_required = f["required"].as_bool().unwrap_or(false);
        let mut s = kind_schema(&f["kind"], is_required);
        let zh = f["label_zh"].as_str().unwrap_or_default();
        if let Some(obj) = s.as_object_mut() {
            if let Some(en) = label_en(zh) {
                obj.insert("title".into(), json!(en));
            }
            obj.insert("x-label-zh".into(), json!(zh));
        }
        if is_required {
            required.push(json!(name));
        }
        properties.insert(name.to_owned(), s);
    }
    let mut s = json!({"type": "object", "properties": properties, "required": required});
    let mut all_of = Vec::new();
    for rule in described["rules"].as_array().into_iter().flatten() {
        if let Some(names) = rule["one_of"].as_array() {
            all_of.push(json!({"anyOf": names.iter().map(|n| json!({"required": [n]})).collect::<Vec<_>>()}));
        }
        if let Some(names) = rule["conflict"].as_array() {
            for (i, a) in names.iter().enumerate() {
                for b in &names[i + 1..] {
                    all_of.push(json!({"not": {"required": [a, b]}}));
                }
            }
        }
    }
    if !all_of.is_empty() {
        s["allOf"] = Value::Array(all_of);
    }
    s
}

/// The JSON Schema (draft 2020-12) of one item of a push operation, from the
/// registry: documented fields with their types, lengths (in Unicode
/// characters), enums, the decimal rule as a `pattern`, `required`; optional
/// fields also take `null` ("not given"); undocumented fields are allowed
/// (they pass through). Titles are the English labels, `x-label-zh` the
/// vendor's. `None` for a query operation (its parameters are not a form item).
pub fn json_schema(op: &Operation) -> Option<Value> {
    if op.kind != OpKind::Push {
        return None;
    }
    let described = op.describe();
    let mut s = object_schema(&described["item"]);
    let obj = s.as_object_mut()?;
    let mut head = Map::new();
    head.insert("$schema".into(), json!(JSON_SCHEMA_DIALECT));
    head.insert("$id".into(), json!(format!("https://skuwire.dev/schema/{}.json", op.name)));
    head.insert("title".into(), json!(format!("{} ({})", op.item_name, op.name)));
    head.insert("x-label-zh".into(), json!(op.title_zh));
    head.append(obj);
    Some(Value::Object(head))
}

/// Every documented field of an operation's item, by path (list elements
/// are transparent: `spec_list.spec_no`), with its labels:
/// `{"spec_list.spec_no": {"zh": "商家编码", "en": "Merchant SKU code"}}`.
pub fn labels(op: &Operation) -> Value {
    fn walk(described: &Value, prefix: &str, out: &mut Map<String, Value>) {
        for f in described["fields"].as_array().into_iter().flatten() {
            let name = f["name"].as_str().unwrap_or_default();
            let path = if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") };
            let zh = f["label_zh"].as_str().unwrap_or_default();
            out.insert(path.clone(), json!({"zh": zh, "en": label_en(zh)}));
            let mut kind = &f["kind"];
            while kind["type"] == "list" {
                kind = &kind["items"];
            }
            if kind["type"] == "object" {
                walk(kind, &path, out);
            }
        }
    }
    let mut out = Map::new();
    walk(&op.describe()["item"], "", &mut out);
    Value::Object(out)
}

/// The English label of a vendor's Chinese field label.
pub fn label_en(label_zh: &str) -> Option<&'static str> {
    LABELS_EN.iter().find(|(zh, _)| *zh == label_zh).map(|(_, en)| *en)
}

/// Chinese label (as the vendor pages write it) → English label.
pub const LABELS_EN: &[(&str, &str)] = &[
    ("店铺编号", "Shop no."),
    ("货品ID", "Goods ID"),
    ("规格ID", "Spec ID"),
    ("平台货品编号", "Platform goods no."),
    ("平台规格编码", "Platform spec code"),
    ("状态", "Status"),
    ("货品名称", "Goods name"),
    ("规格名称", "Spec name"),
    ("图片url", "Image URL"),
    ("平台售价", "Platform price"),
    ("库存数量", "Stock quantity"),
    ("货品编号", "Goods no."),
    ("分类名称", "Category name"),
    ("品牌名称", "Brand name"),
    ("基本单位名称", "Base unit"),
    ("辅助单位名称", "Auxiliary unit"),
    ("货品标记名称", "Goods flag"),
    ("货品类别", "Goods type"),
    ("货品简称", "Short name"),
    ("货品别名", "Alias"),
    ("拼音", "Pinyin"),
    ("产地", "Origin"),
    ("货品备注", "Goods remark"),
    ("货品自定义属性1", "Goods custom property 1"),
    ("货品自定义属性2", "Goods custom property 2"),
    ("货品自定义属性3", "Goods custom property 3"),
    ("货品自定义属性4", "Goods custom property 4"),
    ("货品自定义属性5", "Goods custom property 5"),
    ("货品自定义属性6", "Goods custom property 6"),
    ("是否自动创建品牌和分类", "Create brand and category automatically"),
    ("单品信息列表", "Specs"),
    ("商家编码", "Merchant SKU code"),
    ("规格码", "Spec code"),
    ("条码", "Barcode"),
    ("仓库流程", "Warehouse process"),
    ("货品标签", "Goods label"),
    ("启用序列号", "Serial numbers"),
    ("最低价", "Lowest price"),
    ("零售价", "Retail price"),
    ("批发价", "Wholesale price"),
    ("会员价", "Member price"),
    ("市场价", "Market price"),
    ("有效期天数", "Shelf life (days)"),
    ("最佳销售天数", "Best-before selling days"),
    ("最佳收货天数", "Best-before receiving days"),
    ("重量", "Weight"),
    ("高", "Height"),
    ("长", "Length"),
    ("宽", "Width"),
    ("拆分", "Split large item"),
    ("单品自定义属性1", "Spec custom property 1"),
    ("单品自定义属性2", "Spec custom property 2"),
    ("单品自定义属性3", "Spec custom property 3"),
    ("单品自定义属性4", "Spec custom property 4"),
    ("单品自定义属性5", "Spec custom property 5"),
    ("单品自定义属性6", "Spec custom property 6"),
    ("自定义价格1", "Custom price 1"),
    ("自定义价格2", "Custom price 2"),
    ("允许低于成本", "Allow below cost"),
    ("图片链接", "Image link"),
    ("单品备注", "Spec remark"),
    ("销售积分", "Sales points"),
    ("打包积分", "Packing points"),
    ("拣货积分", "Picking points"),
    ("分拣积分", "Sorting points"),
    ("扫描积分", "Scanning points"),
    ("补货积分", "Replenishment points"),
    ("上架积分", "Shelving points"),
    ("入库积分", "Stock-in points"),
    ("质检积分", "Inspection points"),
    ("分装积分", "Repacking points"),
    ("操作积分", "Operation points"),
    ("称重积分", "Weighing points"),
    ("发货积分", "Shipping points"),
    ("税务编码", "Tax code"),
    ("供应商编号", "Supplier no."),
    ("最小采购量", "Minimum purchase quantity"),
    ("采购单位", "Purchase unit"),
    ("折扣率", "Discount rate"),
    ("供应商货号", "Supplier item no."),
    ("采购价", "Purchase price"),
    ("最低采购价", "Lowest purchase price"),
    ("采购周期", "Purchase cycle (days)"),
    ("税率", "Tax rate"),
    ("是否主供应商", "Main supplier"),
    ("备注", "Remark"),
    ("开始时间", "Start time"),
    ("结束时间", "End time"),
    ("分页大小", "Page size"),
    ("页号", "Page no."),
    ("商品ID", "Product ID"),
    ("商品编号", "Product code"),
    ("SKU编号", "SKU code"),
    ("要删除的SKU属性值", "SKU property values to delete"),
    ("属性名", "Property name"),
    ("属性值", "Property value"),
    ("是否追加", "Append"),
    ("默认相册图片", "Default album images"),
    ("颜色相册", "Colour albums"),
    ("规格属性", "Spec properties"),
    ("属性值相册", "Property value album"),
    ("SKU内容", "SKUs"),
    ("SKU属性", "SKU properties"),
    ("库存", "Stock"),
    ("价格", "Price"),
    ("重量(KG)", "Weight (kg)"),
    ("条形码", "Barcode"),
    ("体积(CBM)", "Volume (m³)"),
    ("要删除的属性数据", "Properties to delete"),
    ("主商品ID", "Main product ID"),
    ("相关商品", "Related products"),
    ("相关商品ID", "Related product ID"),
    ("关联方式", "Relation"),
    ("分类ID", "Category ID"),
    ("分类名字", "Category name"),
    ("商城状态", "Shop status"),
    ("排序", "Sort order"),
    ("图片", "Image"),
    ("图片1", "Image 1"),
    ("图片2", "Image 2"),
    ("标题", "Title"),
    ("关键字", "Keywords"),
    ("描述", "Description"),
    ("官网状态", "Website status"),
    ("排序字段", "Sort field"),
    ("排序方向", "Sort direction"),
    ("销售模式", "Sale mode"),
    ("折扣", "Discount"),
    ("最小起订量", "Minimum order quantity"),
    ("起始区间", "Range start"),
    ("区间件数", "Range end"),
    ("区间折扣", "Range discount"),
    ("区间备注", "Range remark"),
    ("配送时间", "Delivery time"),
    ("已售数量", "Quantity sold"),
    ("推荐ID", "Recommendation ID"),
    ("推荐名称", "Recommendation name"),
    ("清空旧推荐", "Clear old recommendations"),
    ("专题", "Topics"),
    ("专题ID", "Topic ID"),
    ("专题名称", "Topic name"),
    ("SEO标题", "SEO title"),
    ("SEO关键字", "SEO keywords"),
    ("SEO描述", "SEO description"),
    ("标签商品", "Tagged products"),
    ("标签", "Tags"),
    ("标签ID", "Tag ID"),
    ("排序顺序", "Sort order"),
    ("排序值", "Sort value"),
    ("用户组名字", "User group"),
    ("商品推荐", "Product recommendations"),
    ("商品推荐ID", "Product recommendation ID"),
    ("商品推荐名", "Product recommendation name"),
    ("SEO关键词", "SEO keywords"),
    ("商品推荐状态", "Recommendation status"),
    ("商品ID列表", "Product IDs"),
    ("每页数量", "Items per page"),
    ("页码", "Page"),
    ("是否有库存", "In stock"),
    ("商品名称", "Product name"),
    ("商品主图", "Main image"),
    ("其它细节图", "Other detail images"),
    ("组合编码", "Bundle code"),
    ("商品描述", "Product description"),
    ("商品短描述", "Short description"),
    ("是否留言定制", "Customisation note"),
    ("缺货时仍可下单", "Orderable when out of stock"),
    ("访问量", "Visits"),
    ("购买量", "Purchases"),
    ("喜好收藏量", "Wishlist count"),
    ("上架状态", "Listing status"),
    ("商品重量(KG)", "Product weight (kg)"),
    ("商品体积(CBM)", "Product volume (m³)"),
    ("商品价格", "Product price"),
    ("规格模式", "Spec mode"),
    ("单规格数据", "Single-spec data"),
    ("多规格数据", "Multi-spec data"),
    ("规格值组合", "Spec value combination"),
    ("多规格图片属性名", "Multi-spec image property"),
    ("多规格颜色图片", "Multi-spec colour images"),
    ("DIY定制规格数据", "DIY spec data"),
    ("规格附加重量", "Spec extra weight"),
    ("规格附加价格", "Spec extra price"),
    ("规格附加体积", "Spec extra volume"),
    ("发布时间", "Published at"),
    ("定时发布", "Scheduled release"),
    ("供应商备注", "Supplier remark"),
    ("不同步更新SKU", "Do not update SKUs"),
    ("强制更新DIY商品默认售价", "Force-update DIY default price"),
    ("购物属性1", "Shopping property 1"),
    ("购物属性2", "Shopping property 2"),
    ("购物属性3", "Shopping property 3"),
    ("购物属性4", "Shopping property 4"),
    ("购物属性5", "Shopping property 5"),
    ("SKU ID", "SKU ID"),
    ("SKU属性值编码", "SKU property value code"),
    ("附属分类", "Secondary categories"),
    ("商品类型名称", "Product type"),
    ("筛选属性", "Filter properties"),
    ("商品关联", "Linked products"),
    ("单向关联", "One-way link"),
    ("双向关联", "Two-way link"),
    ("是否收税", "Taxed"),
    ("修改开始日期", "Modified from"),
    ("修改结束日期", "Modified until"),
    ("从max_id开始", "Start after max_id"),
    ("品牌ID", "Brand ID"),
    ("附属分类ID", "Secondary category ID"),
    ("上传开始日期", "Uploaded from"),
    ("上传结束日期", "Uploaded until"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::operations;
    use std::collections::HashSet;

    fn zh_labels(described: &Value, out: &mut Vec<String>) {
        for f in described["fields"].as_array().into_iter().flatten() {
            out.push(f["label_zh"].as_str().unwrap().to_owned());
            let mut kind = &f["kind"];
            while kind["type"] == "list" {
                kind = &kind["items"];
            }
            if kind["type"] == "object" {
                zh_labels(kind, out);
            }
        }
    }

    #[test]
    fn every_documented_field_has_an_english_label_and_no_entry_is_unused() {
        let mut used = HashSet::new();
        for op in operations() {
            let mut zh = Vec::new();
            zh_labels(&op.describe()["item"], &mut zh);
            for l in zh {
                assert!(label_en(&l).is_some(), "{}: no English label for {l:?}: add it to LABELS_EN", op.name);
                used.insert(l);
            }
        }
        let mut keys = HashSet::new();
        for (zh, en) in LABELS_EN {
            assert!(keys.insert(*zh), "{zh:?} listed twice");
            assert!(used.contains(*zh), "{zh:?} ({en}) is no field's label any more");
            assert!(!en.is_empty() && en.is_ascii() || en.contains('³'), "{zh:?}: {en:?}");
        }
    }

    #[test]
    fn labels_are_keyed_by_path_with_both_languages() {
        let op = crate::operation("goods.Goods.batchPush").unwrap();
        let l = labels(op);
        assert_eq!(l["goods_no"], json!({"zh": "货品编号", "en": "Goods no."}));
        assert_eq!(l["spec_list.spec_no"], json!({"zh": "商家编码", "en": "Merchant SKU code"}));
        for (path, v) in l.as_object().unwrap() {
            assert!(v["en"].is_string() && v["zh"].is_string(), "{path}");
        }
    }

    /// The decimal pattern accepts exactly what the core's digit counter
    /// accepts within the limits.
    #[test]
    fn decimal_pattern_agrees_with_the_core() {
        let cases = [
            "0", "-0", "1", "59.90", "1.50000", "007.0001", "123456789012345", "0123456789012345", "123456789012345.1234",
            "1234567890123456", "1.23456", "1.00001", ".5", "5.", "+5", " 5", "1e5", "NaN", "", "-", "1.2.3", "0.0000",
            "-12.5", "00000", "1.0000000000", "99999999999999.99990",
        ];
        for (whole, places) in [(15u32, 4u32), (3, 0), (1, 2), (0, 0)] {
            let re = decimal_pattern(whole.into(), places.into());
            for c in cases {
                let core_ok = crate::rules::decimal_digits(c).is_ok_and(|(w, p)| w <= whole && p <= places);
                assert_eq!(simple_match(&re, c), core_ok, "{c:?} against {re} ({whole},{places})");
            }
        }
    }

    fn simple_match(re: &str, s: &str) -> bool {
        regex::Regex::new(re).unwrap().is_match(s)
    }

    proptest::proptest! {
        /// Random strings over the decimal alphabet: the pattern and the
        /// core's digit counter agree on every one.
        #[test]
        fn decimal_pattern_agrees_with_the_core_on_random_text(s in "-?[0-9.]{0,24}", whole in 0u32..18, places in 0u32..6) {
            let core_ok = crate::rules::decimal_digits(&s).is_ok_and(|(w, p)| w <= whole && p <= places);
            proptest::prop_assert_eq!(simple_match(&decimal_pattern(whole.into(), places.into()), &s), core_ok, "{:?}", s);
        }
    }

    /// The registry's ranges and small random ones.
    fn ranges() -> impl proptest::strategy::Strategy<Value = (i64, i64)> {
        use proptest::prelude::*;
        prop_oneof![
            (-1000i64..1000, 0i64..3000).prop_map(|(a, w)| (a, a + w)),
            (-100_000_000i64..100_000_000, 0i64..1_000_000_000).prop_map(|(a, w)| (a, a + w)),
            Just((1i64, 500)),
            Just((1, 2147483647)),
            Just((-2147483648, 2147483647)),
            Just((1, 4294967295)),
            Just((-999999, 999999)),
            Just((0, 2147483647)),
        ]
    }

    proptest::proptest! {
        /// Integer text in a range: the pattern agrees with reading the
        /// text as the core does and comparing.
        #[test]
        fn integer_pattern_agrees_with_reading_and_comparing((lo, hi) in ranges(), text in "-?0{0,2}[0-9]{1,11}") {
            let core = crate::rules::int_text_saturating(&text).is_some_and(|n| lo <= n && n <= hi);
            let re = integer_pattern(lo, hi);
            proptest::prop_assert_eq!(simple_match(&re, &text), core, "{} in {}..={}: {}", text, lo, hi, re);
        }
    }

    #[test]
    fn integer_patterns_at_the_edges() {
        let p = integer_pattern(1, 500);
        for (t, ok) in [("1", true), ("500", true), ("501", false), ("0", false), ("-0", false), ("0500", true), ("499", true), ("5000", false)] {
            assert_eq!(simple_match(&p, t), ok, "{t} {p}");
        }
        let p = integer_pattern(-2147483648, 2147483647);
        for (t, ok) in [("2147483647", true), ("2147483648", false), ("-2147483648", true), ("-2147483649", false), ("-0", true), ("00", true)] {
            assert_eq!(simple_match(&p, t), ok, "{t} {p}");
        }
        let flags = values_pattern(&[0, 2, 8, 10]);
        for (t, ok) in [("0", true), ("-0", true), ("010", true), ("4", false), ("12", false)] {
            assert_eq!(simple_match(&flags, t), ok, "{t} {flags}");
        }
    }

    #[test]
    fn datetime_patterns_accept_the_formats_the_core_reads() {
        use crate::rules::{parse_datetime, DateFormat};
        let cases = ["2024-01-05 10:00:00", "2024-1-5 1:2:3", "2024-01-05", "2024-1-5", "2024-13-01", "2024-01-05T10:00:00", "24-01-05", "2024-01-05 24:00:00", "2024-02-30"];
        for fmt in [DateFormat::DateTime, DateFormat::Date, DateFormat::Loose] {
            let re = datetime_pattern(fmt.pattern()).unwrap();
            for c in cases {
                // Where the core accepts, the pattern does; the pattern may
                // accept a date the calendar refuses (2024-02-30).
                if parse_datetime(c, fmt).is_some() {
                    assert!(simple_match(&re, c), "{c:?} {fmt:?}");
                } else if c != "2024-02-30" {
                    assert!(!simple_match(&re, c), "{c:?} {fmt:?}");
                }
            }
        }
    }

    #[test]
    fn json_schema_of_batch_push_has_lengths_enums_and_the_decimal_pattern() {
        let op = crate::operation("goods.Goods.batchPush").unwrap();
        let s = json_schema(op).unwrap();
        assert_eq!(s["$schema"], JSON_SCHEMA_DIALECT);
        assert_eq!(s["type"], "object");
        assert!(s["required"].as_array().unwrap().contains(&json!("goods_no")));
        let goods_no = &s["properties"]["goods_no"];
        assert_eq!(goods_no["maxLength"], 40);
        assert_eq!(goods_no["title"], "Goods no.");
        assert_eq!(goods_no["x-label-zh"], "货品编号");
        let spec = &s["properties"]["spec_list"]["items"];
        assert_eq!(spec["type"], "object");
        let price = &spec["properties"]["retail_price"];
        assert_eq!(price["anyOf"][0]["pattern"], decimal_pattern(15, 4));
        // Optional: null means "not given".
        assert_eq!(price["anyOf"].as_array().unwrap().last().unwrap(), &json!({"type": "null"}));
        let goods_type = &s["properties"]["goods_type"]["anyOf"];
        assert!(goods_type[0]["enum"].as_array().unwrap().contains(&json!(1)));
        assert!(simple_match(goods_type[1]["pattern"].as_str().unwrap(), "1"));
        assert!(!simple_match(goods_type[1]["pattern"].as_str().unwrap(), "7"));
        assert!(json_schema(crate::operation("vip_api_goods_query.php").unwrap()).is_none());
    }

    #[test]
    fn every_push_operation_has_a_schema_whose_properties_are_its_fields() {
        for op in operations().filter(|o| o.kind == OpKind::Push) {
            let s = json_schema(op).unwrap();
            let props = s["properties"].as_object().unwrap();
            assert_eq!(props.len(), op.item.fields.len(), "{}", op.name);
            for f in op.item.fields {
                assert!(props.contains_key(f.name), "{} {}", op.name, f.name);
                assert_eq!(s["required"].as_array().unwrap().contains(&json!(f.name)), f.required, "{} {}", op.name, f.name);
            }
            // Valid JSON all the way down (no NaN/∞ bounds).
            let text = serde_json::to_string(&s).unwrap();
            assert!(!text.contains("null,\"exclusive"), "{}", op.name);
        }
    }
}
