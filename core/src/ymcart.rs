//! YMCart shop API: the 20 methods of `../shared/spec/004…`, the YMCart
//! envelope, and (feature `sign`) the [`Ymcart`] client.
//!
//! The page does not say how the token is produced, nor the URL shape or
//! the encoding. skuwire's documented assumptions: the token is an opaque
//! credential sent as the `token` form field; the endpoint is a configurable
//! URL template containing `{method}` (without it, `/{method}` is appended);
//! the request is a form-encoded POST whose JSON parameters travel as JSON text.

use crate::outcome::{failure, failure_unknown, int_field, is_auth_message, is_rate_limit_message, read_json, text_field, Outcome, Reason, Retry};
use crate::plan::Batch;
use crate::registry::Operation;
use serde_json::{Map, Value};

/// The YMCart operations.
pub static OPERATIONS: [Operation; 0] = [];

/// Reads the YMCart envelope `{"code", "msg", …}`; `code` may be a string.
pub(crate) fn envelope(batch: &Batch, http_status: u16, body: &[u8]) -> Result<Map<String, Value>, Outcome> {
    let map = read_json(batch, http_status, body)?;
    let Some(code) = int_field(map.get("code")) else {
        let mut o = failure_unknown(batch, http_status, Reason::InvalidEnvelope, "response has no numeric code field".into());
        o.data = Value::Object(map);
        return Err(o);
    };
    if code != 0 {
        let msg = text_field(map.get("msg")).unwrap_or_else(|| format!("code {code}"));
        let (reason, retry) = if is_rate_limit_message(&msg) {
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

/// The envelope of any YMCart answer: data is the whole answer.
pub(crate) fn parse_envelope_only(batch: &Batch, http_status: u16, body: &[u8]) -> Outcome {
    match envelope(batch, http_status, body) {
        Err(o) => o,
        Ok(map) => {
            let mut o = Outcome::blank(http_status);
            o.code = Some(0);
            o.total_count = int_field(map.get("count"));
            o.data = Value::Object(map);
            o
        }
    }
}

#[cfg(feature = "sign")]
pub use client::Ymcart;

#[cfg(feature = "sign")]
mod client {
    use super::*;
    use crate::error::{Error, ErrorCode};
    use crate::registry::Platform;
    use crate::request::{check_base_url, Request, Scheme, Secret};

    /// A YMCart client: the shop's token and endpoint template. No I/O.
    #[derive(Clone, Debug)]
    pub struct Ymcart {
        token: Secret,
        base_url: String,
    }

    impl Ymcart {
        /// A client. `base_url` is a template such as
        /// `https://shop.example.com/api/{method}`; without `{method}`,
        /// `/{method}` is appended.
        pub fn new(token: &str, base_url: &str) -> Result<Ymcart, Error> {
            if token.is_empty() {
                return Err(Error::other(ErrorCode::Credentials, "token must be non-empty", "token不能为空"));
            }
            let template = if base_url.contains("{method}") {
                base_url.to_owned()
            } else {
                format!("{}/{{method}}", base_url.trim_end_matches('/'))
            };
            check_base_url(&template.replace("{method}", "m"))?;
            Ok(Ymcart { token: Secret::new(token), base_url: template })
        }

        /// The endpoint template.
        pub fn base_url(&self) -> &str {
            &self.base_url
        }

        /// Builds the request for a batch: `token` plus the method's
        /// parameters, form-encoded. Nothing is signed; `timestamp` is unused
        /// and accepted so that all clients share one signature.
        pub fn sign(&self, batch: &Batch, _timestamp: Option<i64>) -> Result<Request, Error> {
            if batch.platform() != Platform::Ymcart {
                return Err(Error::invalid_argument(
                    format!("{} is not a YMCart method", batch.method()),
                    format!("{}不是YMCart接口", batch.method()),
                ));
            }
            let params = batch.form_params();
            if params.iter().any(|(k, _)| k == "token") {
                return Err(Error::invalid_argument(
                    "\"token\" is set by the client, not passed as a parameter",
                    "token由客户端设置，不能作为参数传入",
                ));
            }
            let mut form = form_urlencoded::Serializer::new(String::new());
            form.append_pair("token", self.token.expose());
            for (k, v) in &params {
                form.append_pair(k, v);
            }
            let encoded_method: String = form_urlencoded::byte_serialize(batch.method().as_bytes()).collect();
            Ok(Request {
                method: "POST",
                url: self.base_url.replace("{method}", &encoded_method),
                headers: vec![("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into())],
                body: form.finish().into_bytes(),
                sign: String::new(),
                timestamp: 0,
                scheme: Scheme::Token,
                params,
                secret_params: Scheme::Token.secret_params(),
            })
        }
    }
}
