//! The flagship client: signs batches into requests, and the one
//! definition of the flagship string to sign.

use super::EPOCH_OFFSET;
use crate::batch::Pager;
use crate::plan::Batch;
use crate::registry::Platform;
use crate::error::{Error, ErrorCode};
use crate::request::{check_base_url, encode_component, join_query, md5_absorb, md5_hex, md5_hex_from, next_signer_id, stamp, HeadStart, Request, Scheme, Secret, REDACTED};

/// A flagship client: credentials, endpoint and clock offset. It does no
/// I/O; it signs batches into [`Request`]s.
#[derive(Clone)]
pub struct Flagship {
    sid: String,
    appkey: String,
    secret: Secret,
    salt: Secret,
    base_url: String,
    /// Seconds to add to the local clock (server − local).
    pub clock_offset: i64,
    /// Tells this client's head starts from another's (a clone shares it: same secret).
    pub(crate) id: u64,
}

impl std::fmt::Debug for Flagship {
    // The secrets print redacted; the id is left out (two clients that differ
    // only in their secrets print alike).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flagship")
            .field("sid", &self.sid)
            .field("appkey", &self.appkey)
            .field("secret", &self.secret)
            .field("salt", &self.salt)
            .field("base_url", &self.base_url)
            .field("clock_offset", &self.clock_offset)
            .finish_non_exhaustive()
    }
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
            id: next_signer_id(),
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
        let head = batch.head_start(self.id);
        let body = head.and_then(|h| h.take_body()).unwrap_or_else(|| batch.body_json());
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
        let mut signed: Vec<(&[u8], &[u8])> = params.iter().map(|(k, v)| (k.as_bytes(), v.as_bytes())).collect();
        signed.insert(at, (b"body", &body));
        let pieces = sign_pieces(self.secret.expose().as_bytes(), &signed);
        let sign = match head {
            // The planning thread hashed the leading pieces (the secret and the body).
            Some(h) if at == 0 && h.body_len == body.len() => md5_hex_from(h.state.clone(), &pieces[h.parts..]),
            _ => md5_hex(&pieces),
        };
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

impl Flagship {
    /// Hashes a batch's leading pieces of the string to sign — the secret,
    /// `body` and the body, which come first in key order whatever the
    /// timestamp — ahead of signing (see [`HeadStart`]).
    fn head_start(&self, batch: &mut Batch) {
        if batch.platform() != Platform::Flagship {
            return;
        }
        // Written here once: the first request signed from it sends it.
        let body = batch.body_json();
        let head = sign_pieces(self.secret.expose().as_bytes(), &[(b"body", &body)]);
        // Without the closing secret: the other parameters come before it.
        let parts = head.len() - 1;
        let state = md5_absorb(md5::Md5::default(), &head[..parts]);
        let h = HeadStart { signer: self.id, parts, body_len: body.len(), state, body: std::sync::Mutex::new(Some(body)) };
        batch.set_head_start(h);
    }
}

/// The flagship string to sign, in pieces: the secret, then each
/// parameter's key and value in key order (`body` among them), then the
/// secret again. The signer hashes these pieces (without copying the
/// body); [`Request::string_to_sign`] joins them with the secret and
/// the salt redacted — one definition for both.
pub(crate) fn sign_pieces<'a>(secret: &'a [u8], sorted: &[(&'a [u8], &'a [u8])]) -> Vec<&'a [u8]> {
    let mut parts: Vec<&[u8]> = Vec::with_capacity(sorted.len() * 2 + 2);
    parts.push(secret);
    for (k, v) in sorted {
        parts.extend([*k, *v]);
    }
    parts.push(secret);
    parts
}

/// [`SIGNING`]'s string to sign: the pieces of a request's trace (the
/// salt already redacted there, the body filled in), the secret redacted.
pub(crate) fn string_to_sign(r: &Request) -> String {
    let params = r.sorted_params();
    let sorted: Vec<(&[u8], &[u8])> = params.iter().map(|(k, v)| (k.as_bytes(), v.as_bytes())).collect();
    sign_pieces(REDACTED.as_bytes(), &sorted).into_iter().map(String::from_utf8_lossy).collect()
}

impl crate::request::Signer for Flagship {
    fn platform(&self) -> Platform {
        Platform::Flagship
    }
    fn sign(&self, batch: &Batch, timestamp: Option<i64>) -> Result<Request, Error> {
        Flagship::sign(self, batch, timestamp)
    }
    fn clock_offset(&self) -> i64 {
        self.clock_offset
    }
    fn set_clock_offset(&mut self, secs: i64) {
        self.clock_offset = secs;
    }
    fn account(&self) -> String {
        format!("flagship:{}:{}@{}", self.sid(), self.appkey(), self.base_url())
    }
    fn head_starter(&self) -> Option<crate::batch::Prepare> {
        let me = self.clone();
        Some(std::sync::Arc::new(move |batch: &mut Batch| me.head_start(batch)))
    }
}
