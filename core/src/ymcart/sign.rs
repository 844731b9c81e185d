//! The YMCart client: authenticates batches with its token into
//! form-encoded requests (nothing is signed).

use super::schema;
use crate::plan::Batch;
use crate::registry::Platform;
use serde_json::Value;
use crate::error::{Error, ErrorCode, LocItem, ValidationErrors};
use crate::request::{check_base_url, Request, Scheme, Secret};

/// A YMCart client: the shop's token, endpoint template and (for
/// updateSkuQty) `update_options`. No I/O. Debug shows the token as
/// `** REDACTED **`.
#[derive(Clone, Debug)]
pub struct Ymcart {
    token: Secret,
    base_url: String,
    update_options: Option<String>,
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
        Ok(Ymcart { token: Secret::new(token), base_url: template, update_options: None })
    }

    /// The same client sending `update_options` with every updateSkuQty
    /// request, e.g. `{"update_listorder":1,"update_status":1}`: when a
    /// SKU runs out, make its listing order negative / take it off the
    /// shelf (and undo both when it is back in stock); `0` disables
    /// either. The object is checked against [`UPDATE_OPTIONS`](super::UPDATE_OPTIONS) (both
    /// keys optional, `0`/`1`, no other key); problems are a validation
    /// error located under `update_options`.
    pub fn with_update_options(self, options: &Value) -> Result<Ymcart, Error> {
        self.with_update_options_and(options, Vec::new())
    }

    /// [`Ymcart::with_update_options`] with the options read from any
    /// [`crate::Input`]: problems the host found in them are reported
    /// under `update_options` with the core's own findings.
    pub fn with_update_options_from<I: crate::Input>(self, mut options: I) -> Result<Ymcart, I::Error> {
        let (options, host_errors) = crate::walk::read_whole(&mut options)?;
        Ok(self.with_update_options_and(&options, host_errors)?)
    }

    fn with_update_options_and(mut self, options: &Value, host_errors: Vec<crate::ErrorRecord>) -> Result<Ymcart, Error> {
        let prefix = [LocItem::Key("update_options".into())];
        let core = crate::rules::check_value(&schema::UPDATE_OPTIONS_KIND, options, &prefix, true);
        let host = host_errors.into_iter().map(|e| e.prefixed(&prefix)).collect();
        let errors = crate::walk::merge_host_errors(core, host);
        if !errors.is_empty() {
            return Err(ValidationErrors { op: "updateSkuQty".into(), errors }.into());
        }
        // Written as bodies are: an option given as null is not sent.
        let mut text = Vec::new();
        crate::write::write_body_value(&mut text, options, None);
        self.update_options = Some(String::from_utf8(text).expect("the writer writes UTF-8"));
        Ok(self)
    }

    /// The JSON text sent as updateSkuQty's `update_options`, if set.
    pub fn update_options(&self) -> Option<&str> {
        self.update_options.as_deref()
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
        let mut params = batch.form_params();
        if params.iter().any(|(k, _)| k == "token") {
            return Err(Error::invalid_argument(
                "\"token\" is set by the client, not passed as a parameter",
                "token由客户端设置，不能作为参数传入",
            ));
        }
        if let (Some(options), "updateSkuQty") = (&self.update_options, batch.method()) {
            if params.iter().any(|(k, _)| k == "update_options") {
                return Err(Error::invalid_argument(
                    "update_options is given both by the client and in the call's parameters",
                    "update_options同时在客户端和调用参数中给出",
                ));
            }
            params.push(("update_options".into(), options.clone()));
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

impl crate::request::Signer for Ymcart {
    fn platform(&self) -> Platform {
        Platform::Ymcart
    }
    fn sign(&self, batch: &Batch, timestamp: Option<i64>) -> Result<Request, Error> {
        Ymcart::sign(self, batch, timestamp)
    }
    fn account(&self) -> String {
        format!("ymcart:{}", self.base_url())
    }
}
