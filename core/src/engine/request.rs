//! Signed requests as plain data, secrets that never print, and the clock.
//!
//! Nothing here performs I/O: a [`Request`] is what the host sends with its
//! own HTTP stack, byte for byte.

use crate::error::{Error, ErrorCode};
use std::fmt;

/// What every redacted secret prints as.
pub const REDACTED: &str = "** REDACTED **";

/// A credential string. It prints as `** REDACTED **` in Debug and Display,
/// and is only readable through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The secret itself, for signing. Never log what this returns.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

pub use crate::platforms::Scheme;

/// Something that signs batches of one platform into requests: each
/// platform's client, and [`crate::Client`] over all of them. What a
/// [`crate::QueryPlan`] signs its requests with.
pub trait Signer {
    /// The platform whose batches it signs.
    fn platform(&self) -> crate::Platform;
    /// Signs (or authenticates) a batch at `timestamp` (Unix seconds;
    /// default: now plus the client's clock offset).
    fn sign(&self, batch: &crate::Batch, timestamp: Option<i64>) -> Result<Request, Error>;
    /// The clock offset in seconds (server − local) it signs with; 0 where
    /// nothing is timed.
    fn clock_offset(&self) -> i64 {
        0
    }
    /// Sets the clock offset (ignored where nothing is timed).
    fn set_clock_offset(&mut self, _secs: i64) {}
    /// The account it signs for, without secrets (a push journal's
    /// identity), e.g. `flagship:sid:appkey@url`.
    fn account(&self) -> String;
    /// Refuses an operation of another platform before anything is planned
    /// (otherwise the mismatch would surface only at signing time).
    fn check_operation(&self, op: &crate::Operation) -> Result<(), Error> {
        check_operation_platform(op, self.platform())
    }
    /// What hashes the part of a batch's signature that needs no timestamp
    /// ahead of time, on the thread that plans it (a [`crate::pipeline`]);
    /// `None` where the string to sign puts nothing timeless first.
    fn head_starter(&self) -> Option<crate::batch::Prepare> {
        None
    }
}

/// Refuses an operation that is not of `platform` (a client's check).
pub(crate) fn check_operation_platform(op: &crate::Operation, platform: crate::Platform) -> Result<(), Error> {
    if op.platform == platform {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            format!("{} is a {} operation; this is a {} client", op.name, op.platform.name(), platform.name()),
            format!("{}是{}接口，当前客户端是{}", op.name, op.platform.name(), platform.name()),
        ))
    }
}

/// A request ready to send: method, full URL, headers and body bytes, plus
/// every intermediate of the signature (secrets redacted) for debugging.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// HTTP method (always `POST` for these platforms).
    pub method: &'static str,
    /// Full URL including the query string.
    pub url: String,
    /// Headers to set.
    pub headers: Vec<(String, String)>,
    /// The exact bytes to send (for flagship, exactly the bytes that were signed).
    pub body: Vec<u8>,
    /// The signature (lowercase hex MD5); empty for token-only platforms.
    pub sign: String,
    /// The timestamp as sent on the wire (flagship: seconds since
    /// 2012-01-01 00:00:00 Beijing time; enterprise: Unix seconds).
    pub timestamp: i64,
    pub(crate) scheme: Scheme,
    /// Signed parameters sorted by key, secret values redacted; a flagship
    /// `body` entry is empty here because its value is [`Request::body`].
    pub(crate) params: Vec<(String, String)>,
    /// Names of parameters (URL query or form body) whose values are secrets.
    pub(crate) secret_params: &'static [&'static str],
}

impl Request {
    /// The signed parameters sorted by key, secrets redacted, with the
    /// flagship `body` value filled in.
    pub fn sorted_params(&self) -> Vec<(String, String)> {
        let body = self.scheme.signing().body_param;
        self.params
            .iter()
            .map(|(k, v)| match body {
                Some(b) if k == b => (k.clone(), String::from_utf8_lossy(&self.body).into_owned()),
                _ => (k.clone(), v.clone()),
            })
            .collect()
    }

    /// The string that was hashed, with every secret replaced by
    /// `** REDACTED **`. Empty for token-only platforms.
    pub fn string_to_sign(&self) -> String {
        (self.scheme.signing().string_to_sign)(self)
    }

    /// The signed parameters as the trace keeps them (sorted by key,
    /// secrets redacted, a body parameter empty).
    pub(crate) fn trace_params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The authentication scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The URL with secret parameter values replaced by `** REDACTED **`.
    pub fn redacted_url(&self) -> String {
        match self.url.split_once('?') {
            Some((base, query)) => format!("{base}?{}", redact_form(query, self.secret_params)),
            None => self.url.clone(),
        }
    }

    /// The body as text with secret form values redacted (JSON bodies hold
    /// no secrets and are returned as they are).
    pub fn redacted_body(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let form = self.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("content-type") && v.starts_with("application/x-www-form-urlencoded"));
        if form {
            redact_form(&text, self.secret_params)
        } else {
            text.into_owned()
        }
    }

    /// A header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A request as plain data, for pickling and worker processes. It holds the
/// URL and body exactly as sent, so it contains what the wire contains (the
/// flagship salt in the URL, the YMCart token in the body).
#[derive(serde::Serialize, serde::Deserialize)]
struct RequestData {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    sign: String,
    timestamp: i64,
    scheme: Scheme,
    params: Vec<(String, String)>,
}

impl serde::Serialize for Request {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RequestData {
            method: self.method.to_owned(),
            url: self.url.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            sign: self.sign.clone(),
            timestamp: self.timestamp,
            scheme: self.scheme,
            params: self.params.clone(),
        }
        .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Request {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let r = RequestData::deserialize(d)?;
        let method = match r.method.as_str() {
            "POST" => "POST",
            "GET" => "GET",
            other => return Err(D::Error::custom(format!("unsupported method {other:?}"))),
        };
        Ok(Request {
            method,
            url: r.url,
            headers: r.headers,
            body: r.body,
            sign: r.sign,
            timestamp: r.timestamp,
            scheme: r.scheme,
            params: r.params,
            secret_params: r.scheme.secret_params(),
        })
    }
}

fn redact_form(s: &str, secret: &[&str]) -> String {
    s.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if secret.contains(&k) => format!("{k}={}", REDACTED.replace(' ', "+")),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.redacted_body();
        let shown: String = body.chars().take(200).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.redacted_url())
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("body", &if shown.len() < body.len() { format!("{shown}…") } else { shown })
            .field("sign", &self.sign)
            .finish()
    }
}

/// Percent-encodes a query or form component: everything but RFC 3986
/// unreserved characters, so every server decodes it the same way.
pub(crate) fn encode_component(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const SET: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    utf8_percent_encode(s, SET).to_string()
}

/// Joins a base URL and a query string.
pub(crate) fn join_query(base: &str, query: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{query}")
}

/// A head start on a batch's signature: the hash of the leading parts of
/// its string to sign that need no timestamp (flagship: the secret and the
/// body), made where the batch was planned ([`crate::pipeline`], on the
/// planning thread) by the client that will sign it. The signer finishes
/// the hash with the parts that follow. Derived from the secret: it never
/// prints, and takes no part in a batch's equality or serialization.
pub(crate) struct HeadStart {
    /// The client that made it ([`Signer::head_starter`]); another signs from the start.
    pub(crate) signer: u64,
    /// How many leading parts of the string to sign it has hashed.
    pub(crate) parts: usize,
    /// The body's length then (a batch's body never changes; checked anyway).
    pub(crate) body_len: usize,
    pub(crate) state: md5::Md5,
    /// The body it hashed, for the first request signed from it (written
    /// on the planning thread, so signing need not write it again).
    pub(crate) body: std::sync::Mutex<Option<Vec<u8>>>,
}

impl HeadStart {
    /// The body written with it, once.
    pub(crate) fn take_body(&self) -> Option<Vec<u8>> {
        self.body.lock().ok()?.take()
    }
}

impl Clone for HeadStart {
    /// The copy has no body to give (the batch's clone writes its own).
    fn clone(&self) -> Self {
        HeadStart { signer: self.signer, parts: self.parts, body_len: self.body_len, state: self.state.clone(), body: std::sync::Mutex::new(None) }
    }
}

impl fmt::Debug for HeadStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HeadStart(")?;
        f.write_str(REDACTED)?;
        f.write_str(")")
    }
}

/// A number for each client made, to tell whose [`HeadStart`] a batch holds.
pub(crate) fn next_signer_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Checks that a base URL is an absolute http(s) URL.
pub(crate) fn check_base_url(url: &str) -> Result<(), Error> {
    if crate::rules::is_http_url(url) {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            format!("base_url {url:?} should be an absolute http:// or https:// URL"),
            format!("base_url {url:?} 应为以http://或https://开头的完整地址"),
        ))
    }
}

/// Lowercase hex MD5 of some byte slices, hashed in order without copying them together.
pub(crate) fn md5_hex(parts: &[&[u8]]) -> String {
    md5_hex_from(md5::Md5::default(), parts)
}

/// `state` after hashing `parts` in order (without copying them together).
pub(crate) fn md5_absorb(mut state: md5::Md5, parts: &[&[u8]]) -> md5::Md5 {
    for p in parts {
        md5::Digest::update(&mut state, p);
    }
    state
}

/// [`md5_hex`] continued from a state that has hashed what came before `parts`.
pub(crate) fn md5_hex_from(h: md5::Md5, parts: &[&[u8]]) -> String {
    use md5::Digest;
    let digest = md5_absorb(h, parts).finalize();
    let mut out = String::with_capacity(32);
    for b in digest.iter() {
        out.push(char::from_digit((b >> 4) as u32, 16).expect("nibble"));
        out.push(char::from_digit((b & 0xF) as u32, 16).expect("nibble"));
    }
    out
}

/// The current Unix time in seconds. The only place the core reads the
/// clock, and only when a caller did not pass a timestamp.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The timestamp to sign with: the caller's, or now plus the clock offset.
/// An offset so large that the sum overflows is refused, not wrapped.
pub(crate) fn stamp(timestamp: Option<i64>, clock_offset: i64) -> Result<i64, Error> {
    match timestamp {
        Some(t) => Ok(t),
        None => unix_now().checked_add(clock_offset).ok_or_else(|| {
            Error::invalid_argument(
                format!("clock offset {clock_offset} s is out of range"),
                format!("时钟偏移{clock_offset}秒超出范围"),
            )
        }),
    }
}

/// The server's clock minus ours, in seconds, from an HTTP `Date` header
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the local Unix time when the answer
/// arrived. Give it to a client as its clock offset after a clock error.
pub fn clock_offset_from_http_date(date: &str, local_unix: i64) -> Result<i64, Error> {
    let t = httpdate::parse_http_date(date.trim()).map_err(|_| {
        Error::other(
            ErrorCode::InvalidArgument,
            format!("not an HTTP date: {date:?}"),
            format!("不是有效的HTTP日期：{date:?}"),
        )
    })?;
    let server = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .map_err(|_| Error::invalid_argument("HTTP date before 1970", "HTTP日期早于1970年"))?;
    Ok(server - local_unix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?} {s}"), "** REDACTED ** ** REDACTED **");
    }

    #[test]
    fn clock_offset_from_date_header() {
        // 1994-11-06 08:49:37 UTC = 784111777
        assert_eq!(clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 30).unwrap(), 30);
        assert_eq!(clock_offset_from_http_date("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 5).unwrap(), -5);
        assert!(clock_offset_from_http_date("yesterday", 0).is_err());
    }

    #[test]
    fn components_are_strictly_encoded() {
        assert_eq!(encode_component("a b+c/店"), "a%20b%2Bc%2F%E5%BA%97");
        assert_eq!(encode_component("A-Z_a.z~0"), "A-Z_a.z~0");
    }
}
