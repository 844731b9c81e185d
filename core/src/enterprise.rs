//! WDT enterprise (旺店通企业版, openapi2): `vip_api_goods_query.php`, the
//! enterprise envelope, and (feature `sign`) the [`Enterprise`] client.
//!
//! Sources: `../shared/spec/003…` and the signing notes in `spec/README.md`.

use crate::outcome::{failure, failure_unknown, int_field, is_auth_message, is_clock_message, is_expired_credentials_message, is_rate_limit_message, read_json, text_field, Outcome, Reason, Retry};
use crate::plan::Batch;
use crate::registry::{BodyShape, Limits, OpKind, Operation, Paging, Platform, Window};
use crate::rules::{field, FieldKind, Schema, DateFormat};
use crate::typed::RowType;
use serde_json::{Map, Value};

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

static GOODS_QUERY: Schema = Schema::new(
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

/// The enterprise operations.
pub static OPERATIONS: [Operation; 1] = [Operation {
    name: "vip_api_goods_query.php",
    platform: Platform::Enterprise,
    kind: OpKind::Query,
    title_zh: "查询平台货品",
    upsert: true, // a read: repeating it is harmless
    item_name: "the query parameters",
    item: &GOODS_QUERY,
    unique_keys: &[],
    item_key: None,
    limits: Limits { max_items: 100, documented: true, max_body_bytes: None },
    body: BodyShape::Params,
    parse: parser!(parse_envelope_only),
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
        row_types: &GOODS_ROW_TYPES,
    }),
    source: "003_3627a70f707f67b7.txt",
}];

/// The enterprise string to sign, without the appsecret:
/// `%02d-key:%04d-value` for each parameter (already sorted), joined by `;`.
/// Lengths are Unicode code points, as the official PHP SDK's `iconv_strlen`
/// counts them; `%04d` is a minimum width, so longer values print in full.
pub fn sign_string<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.into_iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        use std::fmt::Write;
        let _ = write!(out, "{:02}-{}:{:04}-{}", k.chars().count(), k, v.chars().count(), v);
    }
    out
}

/// Reads the enterprise envelope `{"code", "message", "total_count", …}`;
/// `code` may be a number or a string.
pub(crate) fn envelope(batch: &Batch, http_status: u16, body: &[u8]) -> Result<Map<String, Value>, Outcome> {
    let map = read_json(batch, http_status, body)?;
    let Some(code) = int_field(map.get("code")) else {
        let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, "response has no numeric code field".into());
        o.data = Value::Object(map);
        return Err(o);
    };
    if code != 0 {
        let msg = text_field(map.get("message")).unwrap_or_else(|| format!("code {code}"));
        if code == CODE_SPAN_TOO_LONG {
            let mut o = failure(batch, http_status, Reason::TimeSpanTooLong, Retry::No, Some(code), msg, Value::Object(map));
            o.notes.push(
                "error 2104: start_time..end_time spans more than the 30 days the platform allows; split the range \
                 (a QueryPlan does this) — not retried / 时间跨度超过30天，请拆分时间范围，不会重试"
                    .into(),
            );
            return Err(o);
        }
        // The page documents no timestamp code: a message naming the
        // timestamp and its window is the ±5 min clock error.
        let (reason, retry) = if is_clock_message(&msg) {
            (Reason::ClockSkew, Retry::Resign)
        } else if is_expired_credentials_message(&msg) {
            (Reason::CredentialsExpired, Retry::No)
        } else if is_rate_limit_message(&msg) {
            (Reason::RateLimited, Retry::Backoff)
        } else if is_auth_message(&msg) {
            (Reason::AuthError, Retry::No)
        } else {
            (Reason::BusinessError, Retry::No)
        };
        return Err(failure(batch, http_status, reason, retry, Some(code), msg, Value::Object(map)));
    }
    Ok(map)
}

/// The envelope of any enterprise answer: data is the whole answer.
pub(crate) fn parse_envelope_only(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    match envelope(batch, http_status, body) {
        Err(o) => o,
        Ok(map) => {
            let mut o = Outcome::blank(http_status);
            o.code = Some(0);
            o.message = text_field(map.get("message"));
            o.total_count = int_field(map.get("total_count"));
            o.data = Value::Object(map);
            o
        }
    }
}

#[cfg(feature = "sign")]
pub use client::Enterprise;

#[cfg(feature = "sign")]
mod client {
    use super::*;
    use crate::error::{Error, ErrorCode};
    use crate::request::{check_base_url, md5_hex, stamp, Request, Scheme, Secret};

    /// An enterprise client: credentials, endpoint and clock offset. It does
    /// no I/O; it signs batches into form-encoded [`Request`]s.
    #[derive(Clone, Debug)]
    pub struct Enterprise {
        sid: String,
        appkey: String,
        appsecret: Secret,
        base_url: String,
        /// Seconds to add to the local clock (server − local).
        pub clock_offset: i64,
    }

    impl Enterprise {
        /// A client; `base_url` is the `openapi2` folder (the method's
        /// `<name>.php` is appended).
        pub fn new(sid: &str, appkey: &str, appsecret: &str, base_url: &str) -> Result<Enterprise, Error> {
            if sid.is_empty() || appkey.is_empty() || appsecret.is_empty() {
                return Err(Error::other(
                    ErrorCode::Credentials,
                    "sid, appkey and appsecret must all be non-empty",
                    "sid、appkey和appsecret均不能为空",
                ));
            }
            check_base_url(base_url)?;
            Ok(Enterprise {
                sid: sid.to_owned(),
                appkey: appkey.to_owned(),
                appsecret: Secret::new(appsecret),
                base_url: base_url.trim_end_matches('/').to_owned(),
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

        /// The endpoint folder.
        pub fn base_url(&self) -> &str {
            &self.base_url
        }

        /// Signs a batch (its business parameters) at `timestamp` (Unix
        /// seconds; default: now plus the clock offset).
        pub fn sign(&self, batch: &Batch, timestamp: Option<i64>) -> Result<Request, Error> {
            if batch.platform() != Platform::Enterprise {
                return Err(Error::invalid_argument(
                    format!("{} is not an enterprise method", batch.method()),
                    format!("{}不是企业版接口", batch.method()),
                ));
            }
            let ts = stamp(timestamp, self.clock_offset)?;
            let mut params = batch.form_params();
            for reserved in ["sid", "appkey", "timestamp", "sign"] {
                if params.iter().any(|(k, _)| k == reserved) {
                    return Err(Error::invalid_argument(
                        format!("{reserved:?} is a system parameter; the client sets it"),
                        format!("{reserved:?}是系统参数，由客户端设置"),
                    ));
                }
            }
            params.push(("sid".into(), self.sid.clone()));
            params.push(("appkey".into(), self.appkey.clone()));
            params.push(("timestamp".into(), ts.to_string()));
            params.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            let s = sign_string(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let sign = md5_hex(&[s.as_bytes(), self.appsecret.expose().as_bytes()]);
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &params {
                form.append_pair(k, v);
            }
            form.append_pair("sign", &sign);
            Ok(Request {
                method: "POST",
                url: format!("{}/{}", self.base_url, batch.method()),
                headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
                body: form.finish().into_bytes(),
                sign,
                timestamp: ts,
                scheme: Scheme::Enterprise,
                params,
                secret_params: Scheme::Enterprise.secret_params(),
            })
        }
    }
}
