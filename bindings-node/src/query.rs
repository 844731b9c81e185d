//! Query plans: windows and pages of a query operation, driven by the host
//! (`nextRequest` → send → `feed`), with typed, de-duplicated rows and a
//! resumable state.

use crate::client::Client;
use crate::convert::{bytes_param, int_wire, int_wire_in, opt_bool_param, string_param, to_js, wire, JsValueOut, Raw};
use crate::error::{throw_validation, OrThrow};
use crate::outcome::OutcomeJs;
use crate::plan::Batch;
use crate::request::RequestJs;
use napi::bindgen_prelude::{Env, ToNapiValue, Unknown};
use napi::{sys, JsValue};
use napi_derive::napi;
use serde_json::Value;
use skuwire::{BeijingDateTime, Page, QueryOptions, QueryState};

fn window_js(raw: Raw, w: Option<(BeijingDateTime, BeijingDateTime)>) -> napi::Result<sys::napi_value> {
    match w {
        Some((s, e)) => to_js(raw, &Value::from(vec![s.to_rfc3339(), e.to_rfc3339()])),
        None => raw.null(),
    }
}

fn opt_i64(raw: Raw, v: Option<i64>) -> napi::Result<sys::napi_value> {
    to_js(raw, &v.map(Value::from).unwrap_or(Value::Null))
}

/// A page as a plain JS object; rows follow the number rule (decimals as
/// strings, datetimes as RFC 3339 strings with `+08:00`).
fn page_js(env: sys::napi_env, page: Page) -> napi::Result<JsValueOut> {
    let raw = Raw { env };
    let rows = Value::Array(page.items.iter().map(|r| r.to_json()).collect());
    let ok = page.ok();
    let outcome = unsafe { OutcomeJs::to_napi_value(env, OutcomeJs(page.outcome))? };
    raw.object_named(&[
        ("ok", raw.boolean(ok)?),
        ("items", to_js(raw, &rows)?),
        ("pageNo", raw.number(f64::from(page.page_no))?),
        ("window", window_js(raw, page.window)?),
        ("windowIndex", raw.number(page.window_index as f64)?),
        ("totalCount", opt_i64(raw, page.total_count)?),
        ("received", raw.number(page.received as f64)?),
        ("duplicatesDropped", raw.number(page.duplicates_dropped as f64)?),
        ("outcome", outcome),
        ("done", raw.boolean(page.done)?),
    ])
    .map(JsValueOut)
}

/// A query in progress.
#[napi]
pub struct QueryPlan {
    inner: skuwire::QueryPlan,
}

#[napi]
impl QueryPlan {
    /// A plan for `op` with `params` (window bounds as Beijing
    /// `yyyy-MM-dd HH:mm:ss`, RFC 3339 or Unix seconds).
    #[napi(
        factory,
        catch_unwind,
        ts_args_type = "op: string, params: string[], pageSize?: string[] | null, maxWindowSecs?: string[] | null, strict?: boolean | undefined | null, dedup?: boolean | undefined | null"
    )]
    pub fn create(
        env: Env,
        op: Unknown,
        params: Vec<String>,
        page_size: Option<Vec<String>>,
        max_window_secs: Option<Vec<String>>,
        strict: Option<Unknown>,
        dedup: Option<Unknown>,
    ) -> napi::Result<QueryPlan> {
        let env = env.raw();
        let op = string_param(env, op.raw(), "op")?;
        let strict = opt_bool_param(env, strict.map(|u| u.raw()), "strict")?;
        let dedup = opt_bool_param(env, dedup.map(|u| u.raw()), "dedup")?;
        let page_size = int_wire_in(env, page_size, "pageSize", "query options", 0, i64::from(u32::MAX))?.map(|n| n as u32);
        let options = QueryOptions {
            page_size,
            max_window_secs: int_wire(env, max_window_secs, "maxWindowSecs", "query options")?,
            strict: strict.unwrap_or(false),
            dedup: dedup.unwrap_or(true),
        };
        let (text, notes) = (params.first().map_or("", String::as_str), params.get(1).map_or("[]", String::as_str));
        Ok(QueryPlan { inner: skuwire::QueryPlan::from_input(&op, wire(env, text.as_bytes(), notes)?, &options).or_throw(env)? })
    }

    /// Continues a run from `stateJson()` text with `client`: a client of
    /// another platform than the query's operation is refused.
    #[napi(factory, catch_unwind, ts_args_type = "stateJson: string, client: Client")]
    pub fn resume(env: Env, state_json: Unknown, client: &Client) -> napi::Result<QueryPlan> {
        let env = env.raw();
        let state_json = string_param(env, state_json.raw(), "state")?;
        let value = skuwire::parse_json_input(state_json.as_bytes()).map_err(|rec| throw_validation(env, "QueryPlan.resume", vec![rec]))?;
        let state = QueryState::from_json(&value).or_throw(env)?;
        let inner = skuwire::QueryPlan::resume(state).or_throw(env)?;
        client.core().check_operation(inner.operation()).or_throw(env)?;
        Ok(QueryPlan { inner })
    }

    /// The progress as of the last completed page, as exact JSON text.
    #[napi(catch_unwind)]
    pub fn state_json(&self) -> String {
        serde_json::to_string(&self.inner.state()).unwrap_or_default()
    }

    /// The next request, unsigned; `null` when done. Until an answer is
    /// fed, the same page again.
    #[napi(catch_unwind)]
    pub fn next_batch(&mut self) -> Option<Batch> {
        self.inner.next_batch().map(Batch::new)
    }

    /// The next request signed by `client`; `null` when done.
    #[napi(catch_unwind, ts_args_type = "client: Client, timestamp?: string[] | null", ts_return_type = "unknown")]
    pub fn next_request(&mut self, env: Env, client: &Client, timestamp: Option<Vec<String>>) -> napi::Result<Option<RequestJs>> {
        let env = env.raw();
        let ts = int_wire(env, timestamp, "timestamp", "nextRequest")?;
        Ok(self.inner.next_request(client.core(), ts).or_throw(env)?.map(RequestJs))
    }

    /// Reads the answer to the outstanding request.
    #[napi(catch_unwind, ts_args_type = "status: string[], body: Buffer", ts_return_type = "unknown")]
    pub fn feed(&mut self, env: Env, status: Vec<String>, body: Unknown) -> napi::Result<JsValueOut> {
        let env = env.raw();
        let s = crate::plan::status_arg(env, status, "feed")?;
        let body = bytes_param(env, body.raw(), "body")?;
        let page = self.inner.feed(s, &body).or_throw(env)?;
        page_js(env, page)
    }

    /// Reports that the outstanding request got no answer.
    #[napi(catch_unwind, ts_return_type = "unknown")]
    pub fn feed_transport_error(&mut self, env: Env, message: String) -> napi::Result<JsValueOut> {
        let env = env.raw();
        let page = self.inner.feed_transport_error(&message).or_throw(env)?;
        page_js(env, page)
    }

    #[napi(getter, catch_unwind)]
    pub fn op(&self) -> String {
        self.inner.operation().name.to_owned()
    }

    #[napi(getter, catch_unwind)]
    pub fn done(&self) -> bool {
        self.inner.is_done()
    }

    #[napi(getter, catch_unwind)]
    pub fn page_no(&self) -> u32 {
        self.inner.page_no()
    }

    #[napi(getter, catch_unwind)]
    pub fn page_size(&self) -> Option<u32> {
        self.inner.is_paged().then(|| self.inner.page_size())
    }

    #[napi(getter, catch_unwind)]
    pub fn window_index(&self) -> f64 {
        self.inner.window_index() as f64
    }

    #[napi(getter, catch_unwind)]
    pub fn window_count(&self) -> f64 {
        self.inner.window_count() as f64
    }

    /// `[start, end]` of the current window (RFC 3339, `+08:00`), or `null`.
    #[napi(getter, catch_unwind, ts_return_type = "[string, string] | null")]
    pub fn current_window(&self) -> Option<Vec<String>> {
        self.inner.current_window().map(|(s, e)| vec![s.to_rfc3339(), e.to_rfc3339()])
    }

    /// The current window's total rows, when known.
    #[napi(getter, catch_unwind)]
    pub fn total(&self) -> Option<i64> {
        self.inner.total()
    }

    #[napi(getter, catch_unwind)]
    pub fn rows_delivered(&self) -> f64 {
        self.inner.rows_delivered() as f64
    }

    #[napi(getter, catch_unwind)]
    pub fn duplicates_dropped(&self) -> f64 {
        self.inner.duplicates_dropped() as f64
    }
}
