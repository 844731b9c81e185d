//! Errors: the catalogue of validation error types, the error record every
//! binding shows, and the crate's top-level [`Error`].
//!
//! A validation problem is an [`ErrorRecord`] in the shape of pydantic-core:
//! `type` (a stable snake_case name), `loc` (path of keys and indexes),
//! `msg` / `msg_zh` (rendered from the templates below), `input` (the
//! offending value) and `ctx` (the template values, e.g. `max_length`).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

/// One step of a location path: an object key or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LocItem {
    /// A key of an object.
    Key(String),
    /// A position in a list.
    Index(usize),
}

impl Serialize for LocItem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LocItem::Key(k) => s.serialize_str(k),
            LocItem::Index(i) => s.serialize_u64(*i as u64),
        }
    }
}

impl From<&str> for LocItem {
    fn from(k: &str) -> Self {
        LocItem::Key(k.to_owned())
    }
}

impl From<usize> for LocItem {
    fn from(i: usize) -> Self {
        LocItem::Index(i)
    }
}

/// A location path such as `[3, "spec_list", 0, "spec_no"]`.
pub type Loc = Vec<LocItem>;

/// Renders a location the way users read it: `goods[3].spec_list[0].spec_no`
/// style, without the root name (`[3].spec_list[0].spec_no`).
pub fn loc_to_string(loc: &[LocItem]) -> String {
    let mut out = String::new();
    for item in loc {
        match item {
            LocItem::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            LocItem::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

macro_rules! error_types {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $en:literal, $zh:literal; )*) => {
        /// The catalogue of validation error types. Names are stable API:
        /// tests and user code match on them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorType {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorType {
            /// Every error type, for docs and tests that cover the catalogue.
            pub const ALL: &'static [ErrorType] = &[ $( ErrorType::$variant, )* ];

            /// The stable snake_case name (`string_too_long`).
            pub fn name(self) -> &'static str {
                match self { $( ErrorType::$variant => $name, )* }
            }

            /// The English message template; `{key}` is filled from `ctx`.
            pub fn template_en(self) -> &'static str {
                match self { $( ErrorType::$variant => $en, )* }
            }

            /// The Chinese message template; `{key}` is filled from `ctx`.
            pub fn template_zh(self) -> &'static str {
                match self { $( ErrorType::$variant => $zh, )* }
            }

            /// Looks a type up by its name.
            pub fn from_name(name: &str) -> Option<ErrorType> {
                match name { $( $name => Some(ErrorType::$variant), )* _ => None }
            }
        }
    };
}

error_types! {
    /// A required field is absent or null.
    Missing = "missing", "Field required", "缺少必填字段";
    /// Expected a string.
    StringType = "string_type", "Input should be a valid string", "应为字符串";
    /// A string is shorter than allowed (e.g. a required code that is empty).
    StringTooShort = "string_too_short",
        "String should have at least {min_length} character(s)",
        "字符串长度不能少于{min_length}个字符";
    /// A string is longer than the platform's column (counted in Unicode characters).
    StringTooLong = "string_too_long",
        "String should have at most {max_length} characters",
        "字符串长度不能超过{max_length}个字符";
    /// A string holds a control character that the platforms' databases reject.
    StringControlCharacter = "string_control_character",
        "String should not contain the control character {character}",
        "字符串不能包含控制字符{character}";
    /// A string is not valid Unicode (a lone surrogate from the host language).
    StringUnicode = "string_unicode",
        "String should be valid Unicode (it contains a lone surrogate)",
        "字符串应为有效的Unicode（含有孤立的代理项）";
    /// Expected an integer.
    IntType = "int_type", "Input should be a valid integer", "应为整数";
    /// An integer outside the allowed range.
    IntOutOfRange = "int_out_of_range",
        "Input should be between {min} and {max}",
        "取值应在{min}到{max}之间";
    /// A value outside an enumeration.
    Enum = "enum", "Input should be one of {expected}", "取值应为{expected}之一";
    /// A bit set holding a bit that is not a documented flag.
    BitFlags = "bit_flags",
        "Input should be a sum of the flags {allowed}",
        "应为以下标志之和：{allowed}";
    /// Expected a decimal (a JSON number or a decimal string).
    DecimalType = "decimal_type",
        "Input should be a decimal: a number or a decimal string",
        "应为数值或数值字符串";
    /// A decimal in a form that is not a plain decimal (exponent, sign, spaces).
    DecimalParsing = "decimal_parsing",
        "Input should be a plain decimal such as 12.5 (no exponent, spaces or '+')",
        "应为普通小数格式，例如12.5（不能使用科学计数法、空格或加号）";
    /// NaN or Infinity.
    DecimalNotFinite = "decimal_not_finite",
        "Input should be a finite number",
        "应为有限数值（不能是NaN或无穷大）";
    /// Too many digits before the decimal point for Decimal(19,4).
    DecimalMaxWholeDigits = "decimal_max_whole_digits",
        "Decimal should have at most {max_whole_digits} digits before the point",
        "整数部分不能超过{max_whole_digits}位";
    /// Too many digits after the decimal point; the value is never rounded.
    DecimalMaxPlaces = "decimal_max_places",
        "Decimal should have at most {decimal_places} decimal places (it is never rounded)",
        "小数部分不能超过{decimal_places}位（不会自动四舍五入）";
    /// A number outside the range a decimal field allows.
    DecimalOutOfRange = "decimal_out_of_range",
        "Input should be between {min} and {max}",
        "取值应在{min}到{max}之间";
    /// Expected a boolean.
    BoolType = "bool_type",
        "Input should be a valid boolean: true, false, 0 or 1",
        "应为布尔值：true、false、0或1";
    /// Expected a list.
    ListType = "list_type", "Input should be a valid list", "应为数组";
    /// Expected an object.
    DictType = "dict_type", "Input should be a valid object", "应为对象";
    /// A list with too few items.
    TooShort = "too_short",
        "List should have at least {min_length} item(s)",
        "数组不能少于{min_length}项";
    /// A list with too many items.
    TooLong = "too_long",
        "List should have at most {max_length} items",
        "数组不能超过{max_length}项";
    /// A key that must be unique within the input appears twice.
    DuplicateKey = "duplicate_key",
        "Duplicate {key} {value}: it already appears at {first_loc}, and the platform would overwrite one with the other",
        "{key}重复（{value}）：已在{first_loc}出现，平台会用后者覆盖前者";
    /// A field the platform page does not list (reported only in strict mode).
    ExtraForbidden = "extra_forbidden",
        "Field is not documented for this operation (strict mode)",
        "该接口未定义此字段（严格模式）";
    /// Neither of two (or more) alternative identifiers is given.
    MissingOneOf = "missing_one_of",
        "One of {fields} is required",
        "{fields}不能同时为空";
    /// A URL that is not a full http(s) address.
    UrlScheme = "url_scheme",
        "Input should be a full URL starting with http:// or https://",
        "应为以http://或https://开头的完整地址";
    /// A date or date-time not in the documented format.
    DatetimeParsing = "datetime_parsing",
        "Input should be a date/time in the format {format}",
        "日期时间格式应为{format}";
    /// A time range whose start is after its end.
    TimeRange = "time_range",
        "start_time should not be after end_time",
        "开始时间不能晚于结束时间";
    /// A `Name:value1,value2` option string in the wrong shape.
    SkuOptionFormat = "sku_option_format",
        "Input should look like Name:value1,value2",
        "格式应为“属性名:属性值1,属性值2”";
    /// Arrays that must line up have different lengths.
    LengthMismatch = "length_mismatch",
        "{fields} should have the same number of items",
        "{fields}的项数应一致";
    /// A value that is not allowed in combination with another field.
    Conflict = "conflict",
        "{fields} cannot be given together",
        "{fields}不能同时提交";
    /// A number below the smallest allowed value (prices, weights and
    /// counts that cannot be negative).
    GreaterThanEqual = "greater_than_equal",
        "Input should be greater than or equal to {ge}",
        "应大于或等于{ge}";
    /// A string that does not have the documented shape, described by `pattern`.
    StringPatternMismatch = "string_pattern_mismatch",
        "String should match {pattern}",
        "字符串格式应为{pattern}";
    /// More option fields than the platform has (YMCart: `sku_option1`…`sku_option5`).
    SkuOptionCount = "sku_option_count",
        "At most {max} shopping options are allowed (sku_option1 to sku_option{max})",
        "购物属性最多{max}个（sku_option1至sku_option{max}）";
    /// A list whose values must increase (YMCart `range_end` tiers).
    NotIncreasing = "not_increasing",
        "Input should be greater than the previous value {previous}",
        "应大于前一个值{previous}";
    /// A `spec_value_name` that is not one value of each option joined by `_`.
    SpecValueUnknown = "spec_value_unknown",
        "Input should be one value of each of {options} joined by _ (e.g. {example})",
        "应由{options}各取一个属性值并用_连接（例如{example}）";
    /// An identifier that names many records on the platform (YMCart `sku_code` `0_0`).
    AmbiguousIdentifier = "ambiguous_identifier",
        "Input does not identify a single record on the platform; give {fields} instead",
        "该值不能唯一确定平台上的一条数据，请改用{fields}";
    /// One item alone serializes to more bytes than the configured body limit.
    ItemTooLarge = "item_too_large",
        "Item is {size} bytes as JSON, over the body limit of {max_body_bytes} bytes",
        "该条数据序列化后为{size}字节，超过请求体上限{max_body_bytes}字节";
    /// An item in a request's shape where the operation takes flat rows
    /// (ApiGoods.upload given `{"shop_no", "goods_list": […]}` as on its page).
    FlatRowsExpected = "flat_rows_expected",
        "Input should be one row per goods with its own shop_no, e.g. {expected}; this item nests {rows} row(s) under goods_list, the page's request shape, which skuwire builds itself by grouping rows by shop_no",
        "应为每个货品一行并各自带shop_no，例如{expected}；该项在goods_list下嵌套了{rows}行（接口文档的请求结构），skuwire会按shop_no自动分组生成该结构";
    /// Nesting deeper than skuwire accepts.
    NestingTooDeep = "nesting_too_deep",
        "Input is nested more than {max_depth} levels deep",
        "数据嵌套超过{max_depth}层";
    /// A host value that has no JSON form (a set, a date where none is expected…).
    UnsupportedType = "unsupported_type",
        "Input of type {type_name} cannot be sent as JSON",
        "类型{type_name}无法转换为JSON";
    /// A host integer that cannot travel safely (JavaScript beyond 2^53 - 1).
    UnsafeInteger = "unsafe_integer",
        "Integer is outside the range the host represents exactly; pass it as a string",
        "整数超出宿主语言可精确表示的范围，请以字符串传入";
    /// A row of a nested item gives one of the item's own fields another
    /// value than the item's first row ([`crate::nest`], keyed grouping).
    RowConflict = "row_conflict",
        "This row gives {column} another value than row {first_row}, where its item starts; the rows of one item must agree",
        "该行的{column}与其条目起始行（第{first_row}行）的取值不同；同一条目的各行取值应一致";
    /// Input text that is not valid JSON.
    JsonInvalid = "json_invalid", "Invalid JSON: {error}", "JSON格式错误：{error}";
    /// JSON text whose object repeats a key (parsers disagree on which twin wins).
    JsonDuplicateKey = "json_duplicate_key",
        "The key {key} appears twice in this object; only one value could be kept",
        "该对象中键{key}重复出现，只能保留其中一个值";
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One validation problem.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorRecord {
    /// What rule was broken.
    pub kind: ErrorType,
    /// Where, as a path of keys and indexes.
    pub loc: Loc,
    /// The offending value (`null` when absent).
    pub input: Value,
    /// Template values, e.g. `{"max_length": 40}`.
    pub ctx: Map<String, Value>,
}

impl ErrorRecord {
    /// A record with no context values.
    pub fn new(kind: ErrorType, loc: Loc, input: Value) -> Self {
        ErrorRecord { kind, loc, input, ctx: Map::new() }
    }

    /// Adds one context value (builder style).
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.ctx.insert(key.to_owned(), value.into());
        self
    }

    /// The English message.
    pub fn msg(&self) -> String {
        render(self.kind.template_en(), &self.ctx, false)
    }

    /// The Chinese message.
    pub fn msg_zh(&self) -> String {
        render(self.kind.template_zh(), &self.ctx, true)
    }

    /// Input nested deeper than [`crate::MAX_DEPTH`] (the host stopped converting).
    pub fn nesting_too_deep(loc: Loc) -> Self {
        ErrorRecord::new(ErrorType::NestingTooDeep, loc, Value::Null).with("max_depth", crate::rules::MAX_DEPTH)
    }

    /// A host value with no JSON form (a Python `set`, a JS `Symbol`…).
    pub fn unsupported_type(loc: Loc, type_name: &str, input: Value) -> Self {
        ErrorRecord::new(ErrorType::UnsupportedType, loc, input).with("type_name", type_name)
    }

    /// NaN or ±Infinity from a host float; `input` is its text.
    pub fn not_finite(loc: Loc, input: &str) -> Self {
        ErrorRecord::new(ErrorType::DecimalNotFinite, loc, Value::String(input.to_owned()))
    }

    /// A host string that is not valid Unicode (a lone surrogate); `input`
    /// is a lossy rendering of it.
    pub fn string_unicode(loc: Loc, input: &str) -> Self {
        ErrorRecord::new(ErrorType::StringUnicode, loc, Value::String(input.to_owned()))
    }

    /// A host integer the host cannot represent exactly (JS beyond 2^53 − 1).
    pub fn unsafe_integer(loc: Loc, input: &str) -> Self {
        ErrorRecord::new(ErrorType::UnsafeInteger, loc, Value::String(input.to_owned()))
    }

    /// Puts `prefix` in front of this record's location.
    pub fn prefixed(mut self, prefix: &[LocItem]) -> Self {
        let mut loc = prefix.to_vec();
        loc.append(&mut self.loc);
        self.loc = loc;
        self
    }
}

/// Serialized as the record every binding shows:
/// `{"type", "loc", "msg", "msg_zh", "input", "ctx"}`.
impl Serialize for ErrorRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("type", self.kind.name())?;
        m.serialize_entry("loc", &self.loc)?;
        m.serialize_entry("msg", &self.msg())?;
        m.serialize_entry("msg_zh", &self.msg_zh())?;
        m.serialize_entry("input", &self.input)?;
        m.serialize_entry("ctx", &self.ctx)?;
        m.end()
    }
}

fn render_value(key: &str, v: &Value, zh: bool, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            // A location (a ctx key named `loc` or `*_loc`) renders as a path;
            // any other list as alternatives, "a, b or c" — so an enum of
            // integers such as [0, 1, 2] is not mistaken for a path.
            let is_loc = key == "loc" || key.ends_with("_loc");
            if is_loc && items.iter().all(|i| i.is_u64() || i.is_string()) {
                let loc: Loc = items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => LocItem::Key(s.clone()),
                        other => LocItem::Index(other.as_u64().unwrap_or(0) as usize),
                    })
                    .collect();
                out.push_str(&loc_to_string(&loc));
                return;
            }
            let last = items.len().saturating_sub(1);
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(match (zh, i == last) {
                        (true, _) => "、",
                        (false, true) => " or ",
                        (false, false) => ", ",
                    });
                }
                render_value("", item, zh, out);
            }
        }
        other => out.push_str(&other.to_string()),
    }
}

fn render(template: &str, ctx: &Map<String, Value>, zh: bool) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let key = &after[..end];
                match ctx.get(key) {
                    Some(v) => render_value(key, v, zh, &mut out),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every problem found in one input, for one operation.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationErrors {
    /// The operation (or method) the input was meant for.
    pub op: String,
    /// The problems, in input order.
    pub errors: Vec<ErrorRecord>,
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        write!(f, "{} validation error{} for {}", n, if n == 1 { "" } else { "s" }, self.op)?;
        for e in &self.errors {
            write!(f, "\n  {}: {} [type={}]", loc_to_string(&e.loc), e.msg(), e.kind.name())?;
        }
        Ok(())
    }
}

/// The kind of a non-validation error, as a stable code for hosts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Input failed validation (see [`ValidationErrors`]).
    Validation,
    /// An operation name that the registry does not know.
    UnknownOperation,
    /// An option or argument is invalid (a limit above the vendor's, a bad URL…).
    InvalidArgument,
    /// Credentials are malformed (the message never contains them).
    Credentials,
    /// The operation does not support what was asked (e.g. planning a query).
    Unsupported,
    /// A query plan was driven out of order (feed without a request…).
    State,
    /// A bug in skuwire (a panic caught at a host boundary).
    Internal,
}

impl ErrorCode {
    /// Every code, for hosts that generate types from it.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::Validation,
        ErrorCode::UnknownOperation,
        ErrorCode::InvalidArgument,
        ErrorCode::Credentials,
        ErrorCode::Unsupported,
        ErrorCode::State,
        ErrorCode::Internal,
    ];

    /// Stable snake_case name of the code.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::UnknownOperation => "unknown_operation",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::Credentials => "credentials",
            ErrorCode::Unsupported => "unsupported",
            ErrorCode::State => "state",
            ErrorCode::Internal => "internal",
        }
    }
}

/// The crate's error: a *local* error, i.e. the caller asked for something
/// invalid. Answers from the platforms are never errors: they parse into an
/// [`crate::Outcome`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// Input failed validation.
    Validation(ValidationErrors),
    /// Anything else, with a bilingual message that never holds a secret.
    Other {
        /// What kind of error.
        code: ErrorCode,
        /// English message.
        msg: String,
        /// Chinese message.
        msg_zh: String,
    },
}

impl Error {
    /// Builds a non-validation error.
    pub fn other(code: ErrorCode, msg: impl Into<String>, msg_zh: impl Into<String>) -> Self {
        Error::Other { code, msg: msg.into(), msg_zh: msg_zh.into() }
    }

    /// The error's code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Validation(_) => ErrorCode::Validation,
            Error::Other { code, .. } => *code,
        }
    }

    /// The Chinese message (for validation errors, the first line in Chinese).
    pub fn msg_zh(&self) -> String {
        match self {
            Error::Validation(v) => format!("{}：共{}处校验错误", v.op, v.errors.len()),
            Error::Other { msg_zh, .. } => msg_zh.clone(),
        }
    }

    pub(crate) fn unknown_operation(name: &str) -> Self {
        Error::other(
            ErrorCode::UnknownOperation,
            format!("unknown operation {name:?}; use a generic call for methods skuwire does not model"),
            format!("未知接口{name:?}；未建模的接口请使用通用调用"),
        )
    }

    pub(crate) fn invalid_argument(msg: impl Into<String>, msg_zh: impl Into<String>) -> Self {
        Error::other(ErrorCode::InvalidArgument, msg, msg_zh)
    }

    /// A bug in skuwire, e.g. a panic a binding caught at its boundary.
    pub fn internal(detail: &str) -> Self {
        Error::other(
            ErrorCode::Internal,
            format!("internal error in skuwire (please report it): {detail}"),
            format!("skuwire内部错误（请报告）：{detail}"),
        )
    }

    /// Options a host passed in a shape skuwire cannot read.
    pub fn invalid_option(detail: &str) -> Self {
        Error::invalid_argument(format!("invalid options: {detail}"), format!("选项无效：{detail}"))
    }

    /// `nest_key` given without `nest`: a key says where an item starts,
    /// which only means something when rows are nested.
    pub fn nest_key_without_nest(key: &str, nest: &str) -> Self {
        Error::invalid_argument(format!("{key} needs {nest} (which columns go into lists)"), format!("给出{key}时也需要{nest}（哪些列放入列表）"))
    }

    /// `nest` with items that are streamed one at a time: nesting reads
    /// rows ahead, which a host's streaming planner cannot hand over.
    pub fn nest_needs_rows(nest: &str) -> Self {
        Error::invalid_argument(
            format!("{nest} needs the rows as an array (a streamed plan reads one item at a time)"),
            format!("{nest}需要以数组给出全部行（流式计划一次只读一个条目）"),
        )
    }

    /// A credential that is not text (not a string, or not valid Unicode).
    /// The value is never echoed.
    pub fn credential_not_text(field: &str) -> Self {
        Error::other(
            ErrorCode::Credentials,
            format!("{field} should be a string of valid Unicode (its value is not shown)"),
            format!("{field}应为有效Unicode字符串（不显示其值）"),
        )
    }

    /// A host passed an argument of the wrong type to the API itself (not a
    /// payload value: those are validation records).
    pub fn argument_type(param: &str, expected: &str, got: &str) -> Self {
        Error::invalid_argument(
            format!("{param} should be {expected}, not {got}"),
            format!("参数{param}应为{expected}，而不是{got}"),
        )
    }

    /// An integer argument of the API outside the range its type can hold
    /// (`max_items=-1`, a `timestamp` beyond 64 bits).
    pub fn argument_range(param: &str, min: i128, max: i128, got: &str) -> Self {
        Error::invalid_argument(
            format!("{param} should be an integer from {min} to {max}, not {got}"),
            format!("参数{param}应为{min}到{max}之间的整数，而不是{got}"),
        )
    }

    /// A number of seconds that is NaN or infinite.
    pub fn argument_not_finite(param: &str) -> Self {
        Error::invalid_argument(format!("{param} should be a finite number of seconds"), format!("参数{param}应为有限的秒数"))
    }

    /// Arguments given in the wrong order (recognisable by their types).
    pub fn argument_order(call: &str) -> Self {
        Error::invalid_argument(format!("arguments in the wrong order: the call is {call}"), format!("参数顺序错误：调用方式为{call}"))
    }

    /// A streaming object (planner, query plan) used after it finished.
    pub fn finished(what: &str) -> Self {
        Error::other(ErrorCode::State, format!("the {what} has already finished"), format!("{what}已结束"))
    }

    /// A validation error read before its operation was known (JSON text
    /// that does not read), named after `op`.
    pub(crate) fn with_op(self, op: &str) -> Self {
        match self {
            Error::Validation(mut v) if v.op.is_empty() => {
                v.op = op.to_owned();
                Error::Validation(v)
            }
            other => other,
        }
    }

    /// Plain data (a saved batch, request or query state) that does not
    /// read back as what it claims to be.
    pub fn invalid_data(what: &str, detail: &str) -> Self {
        Error::invalid_argument(format!("not a valid {what}: {detail}"), format!("无效的{what}：{detail}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(v) => v.fmt(f),
            Error::Other { msg, .. } => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {}

impl From<ValidationErrors> for Error {
    fn from(v: ValidationErrors) -> Self {
        Error::Validation(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_render_ctx() {
        let e = ErrorRecord::new(ErrorType::StringTooLong, vec![3.into(), "goods_no".into()], json!("x"))
            .with("max_length", 40);
        assert_eq!(e.msg(), "String should have at most 40 characters");
        assert_eq!(e.msg_zh(), "字符串长度不能超过40个字符");
        let e = ErrorRecord::new(ErrorType::Enum, vec![], json!(7)).with("expected", json!([0, 1, 2]));
        assert_eq!(e.msg(), "Input should be one of 0, 1 or 2");
        assert_eq!(e.msg_zh(), "取值应为0、1、2之一");
    }

    #[test]
    fn every_template_placeholder_is_named_consistently() {
        // A placeholder present in one language must be present in the other,
        // or one of the two messages would silently lose the limit.
        for t in ErrorType::ALL {
            let names = |s: &str| {
                let mut v: Vec<String> = s.split('{').skip(1).map(|p| p.split('}').next().unwrap().to_owned()).collect();
                v.sort();
                v
            };
            assert_eq!(names(t.template_en()), names(t.template_zh()), "{}", t.name());
            assert_eq!(ErrorType::from_name(t.name()), Some(*t));
        }
    }

    #[test]
    fn display_lists_every_error() {
        let v = ValidationErrors {
            op: "goods.Goods.batchPush".into(),
            errors: vec![
                ErrorRecord::new(ErrorType::Missing, vec![0.into(), "goods_no".into()], Value::Null),
                ErrorRecord::new(ErrorType::StringTooLong, vec![1.into(), "spec_list".into(), 0.into(), "spec_no".into()], json!("x"))
                    .with("max_length", 40),
            ],
        };
        let s = v.to_string();
        assert!(s.starts_with("2 validation errors for goods.Goods.batchPush\n"));
        assert!(s.contains("[0].goods_no: Field required [type=missing]"));
        assert!(s.contains("[1].spec_list[0].spec_no: String should have at most 40 characters"));
    }
}
