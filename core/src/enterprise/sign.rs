//! The enterprise string to sign and (feature `sign`) the client that
//! signs batches into form-encoded requests.

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


#[cfg(feature = "sign")]
pub use client::Enterprise;

#[cfg(feature = "sign")]
mod client {
    use super::sign_string;
    use crate::plan::Batch;
    use crate::registry::Platform;
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

    impl crate::request::Signer for Enterprise {
        fn platform(&self) -> Platform {
            Platform::Enterprise
        }
        fn sign(&self, batch: &Batch, timestamp: Option<i64>) -> Result<Request, Error> {
            Enterprise::sign(self, batch, timestamp)
        }
        fn clock_offset(&self) -> i64 {
            self.clock_offset
        }
        fn set_clock_offset(&mut self, secs: i64) {
            self.clock_offset = secs;
        }
        fn account(&self) -> String {
            format!("enterprise:{}:{}@{}", self.sid(), self.appkey(), self.base_url())
        }
    }
}
