//! Pushes: the core's sans-I/O push driver (`skuwire::PushDriver`) for
//! JS. The sender that owns the sockets (`client.push`, with `fetch`) is in
//! `index.js`; this file converts values both ways. Times are milliseconds
//! (`Date.now()`), as in the core.

use crate::client::Client;
use crate::convert::{bytes_param, int_wire, string_param, to_js, wire, JsValueOut, Raw};
use crate::error::{records_value, throw, OrThrow};
use crate::outcome::OutcomeJs;
use crate::plan::{plan_options, text_of};
use crate::request::RequestJs;
use napi::bindgen_prelude::{Buffer, Env, ToNapiValue, Unknown};
use napi::{sys, JsValue};
use napi_derive::napi;
use serde_json::{json, Value};
use skuwire::{Error, PushOptions, PushState};

/// A time argument in ms (`Date.now()`), or the clock when absent.
fn now_arg(env: sys::napi_env, v: Option<Vec<String>>, context: &str) -> napi::Result<i64> {
    Ok(int_wire(env, v, "now", context)?.unwrap_or_else(skuwire::unix_now_ms))
}

/// A call id argument.
fn call_arg(env: sys::napi_env, v: Vec<String>, context: &str) -> napi::Result<u64> {
    let n = int_wire(env, Some(v), "call", context)?.unwrap_or(-1);
    u64::try_from(n).map_err(|_| throw(env, Error::invalid_option(&format!("{context}: call must be a call id, not {n}"))))
}

/// The push options from the JS object `index.js` builds (the core's
/// snake_case names).
fn options_of(env: sys::napi_env, v: Option<Vec<String>>) -> napi::Result<PushOptions> {
    let Some(v) = v else { return Ok(PushOptions::default()) };
    let (text, notes) = (v.first().map_or("", String::as_str), v.get(1).map_or("[]", String::as_str));
    let (value, errors) = skuwire::input::read(wire(env, text.as_bytes(), notes)?).or_throw(env)?;
    if let Some(e) = errors.first() {
        return Err(throw(env, Error::invalid_option(&format!("push options: {}", e.msg()))));
    }
    serde_json::from_value(value).map_err(|e| throw(env, Error::invalid_option(&format!("push options: {e}"))))
}

/// A report as a plain JS object (camelCase).
fn report_js(env: sys::napi_env, r: &skuwire::PushReport) -> napi::Result<sys::napi_value> {
    let raw = Raw { env };
    let invalid: Vec<Value> = r.invalid.iter().map(|(i, errs)| json!({"index": i, "errors": records_value(errs)})).collect();
    let v = json!({
        "op": r.op,
        "items": r.items,
        "ok": r.ok(),
        "accepted": r.accepted,
        "rejected": r.rejected.iter().map(|x| json!({"index": x.index, "key": x.key, "message": x.message})).collect::<Vec<_>>(),
        "invalid": invalid,
        "unknown": r.unknown,
        "unsent": r.unsent,
        "ids": r.ids.iter().map(|a| json!({"index": a.index, "id": a.id})).collect::<Vec<_>>(),
        "calls": r.calls,
        "retries": {"resign": r.retries.resign, "backoff": r.retries.backoff, "resend": r.retries.resend},
        "clockOffset": r.clock_offset,
    });
    to_js(raw, &v)
}

/// A push in progress (see the core's `PushDriver`).
#[napi]
pub struct PushDriver {
    inner: skuwire::PushDriver,
}

#[napi]
impl PushDriver {
    /// Plans the items' JSON text (as `plan` does) and starts a push with `client`, or
    /// resumes one from `journal` (the bytes of an earlier run's journal).
    #[allow(clippy::too_many_arguments)] // the JS signature: options as positional arguments
    #[napi(
        factory,
        catch_unwind,
        ts_args_type = "op: string, text: Uint8Array, notes: string, client: Client, onInvalid?: 'raise' | 'skip' | undefined | null, maxItems?: string[] | null, maxBodyBytes?: string[] | null, strict?: boolean | undefined | null, lax?: boolean | undefined | null, nest?: string[] | null, options?: string[] | null, journal?: Buffer | undefined | null"
    )]
    pub fn create(
        env: Env,
        op: Unknown,
        text: Unknown,
        notes: String,
        client: &Client,
        on_invalid: Option<Unknown>,
        max_items: Option<Vec<String>>,
        max_body_bytes: Option<Vec<String>>,
        strict: Option<Unknown>,
        lax: Option<Unknown>,
        nest: Option<Vec<String>>,
        options: Option<Vec<String>>,
        journal: Option<Unknown>,
    ) -> napi::Result<PushDriver> {
        let env = env.raw();
        let op = string_param(env, op.raw(), "op")?;
        let operation = skuwire::operation(&op).or_throw(env)?;
        client.core().check_operation(operation).or_throw(env)?;
        let opts = plan_options(env, on_invalid, max_items, max_body_bytes, strict, lax, nest)?;
        let options = options_of(env, options)?;
        let journal = match journal {
            Some(j) if !crate::convert::is_nullish(env, j.raw())? => Some(bytes_param(env, j.raw(), "journal")?),
            _ => None,
        };
        // The items as `plan` takes them: JSON text plus the JS module's notes.
        let notes = skuwire::input::notes_from_json_for(notes.as_bytes(), opts.lax).or_throw(env)?;
        let plan = skuwire::plan_json_with_notes(&op, text_of(env, &text)?, notes, &opts).or_throw(env)?;
        let core = client.core().clone();
        let inner = match journal {
            Some(j) => skuwire::PushDriver::resume(core, &op, plan, options, &j),
            None => skuwire::PushDriver::new(core, &op, plan, options),
        };
        Ok(PushDriver { inner: inner.or_throw(env)? })
    }

    /// Continues a push from `stateJson()` text with `client`.
    #[napi(factory, catch_unwind, ts_args_type = "stateJson: string, client: Client")]
    pub fn restore(env: Env, state_json: Unknown, client: &Client) -> napi::Result<PushDriver> {
        let env = env.raw();
        let text = string_param(env, state_json.raw(), "state")?;
        let state = PushState::from_json_text(text.as_bytes()).or_throw(env)?;
        Ok(PushDriver { inner: skuwire::PushDriver::restore(client.core().clone(), state).or_throw(env)? })
    }

    /// What to do at `now` (ms): `{kind: 'send', call, request, positions,
    /// attempt, retry}`, `{kind: 'wait', waitMs}` (`null`: until an answer
    /// arrives) or `{kind: 'done'}`.
    #[napi(catch_unwind, ts_args_type = "now?: string[] | null", ts_return_type = "unknown")]
    pub fn next(&mut self, env: Env, now: Option<Vec<String>>) -> napi::Result<JsValueOut> {
        let env = env.raw();
        let raw = Raw { env };
        let now = now_arg(env, now, "next")?;
        let out = match self.inner.next(now).or_throw(env)? {
            skuwire::PushAction::Send(c) => {
                let request = unsafe { RequestJs::to_napi_value(env, RequestJs(c.request))? };
                raw.object_named(&[
                    ("kind", raw.str("send")?),
                    ("call", raw.number(c.call as f64)?),
                    ("request", request),
                    ("positions", to_js(raw, &json!(c.positions))?),
                    ("attempt", raw.number(f64::from(c.attempt))?),
                    ("retry", match c.retry {
                        Some(r) => raw.str(r.name())?,
                        None => raw.null()?,
                    }),
                ])?
            }
            skuwire::PushAction::Wait(ms) => raw.object_named(&[
                ("kind", raw.str("wait")?),
                ("waitMs", match ms {
                    Some(ms) => raw.number(ms as f64)?,
                    None => raw.null()?,
                }),
            ])?,
            skuwire::PushAction::Done => raw.object_named(&[("kind", raw.str("done")?)])?,
        };
        Ok(JsValueOut(out))
    }

    /// Reports the answer to `call`: status, headers (`[name, value]`
    /// pairs), body, at `now` (ms).
    #[napi(
        catch_unwind,
        ts_args_type = "call: string[], status: string[], body: Buffer, headers?: string[][] | null, now?: string[] | null",
        ts_return_type = "unknown"
    )]
    pub fn feed(&mut self, env: Env, call: Vec<String>, status: Vec<String>, body: Unknown, headers: Option<Vec<Vec<String>>>, now: Option<Vec<String>>) -> napi::Result<OutcomeJs> {
        let env = env.raw();
        let call = call_arg(env, call, "feed")?;
        let status = crate::plan::status_arg(env, status, "feed")?;
        let body = bytes_param(env, body.raw(), "body")?;
        // `[name, value]` pairs (index.js's headerPairs makes them).
        let pairs = headers.unwrap_or_default();
        let h: Vec<(&str, &str)> = pairs.iter().map(|p| (p.first().map_or("", String::as_str), p.get(1).map_or("", String::as_str))).collect();
        let now = now_arg(env, now, "feed")?;
        Ok(OutcomeJs(self.inner.feed(call, now, status, &h, &body).or_throw(env)?))
    }

    /// Reports that `call` got no answer (timeout, reset, abort).
    #[napi(catch_unwind, ts_args_type = "call: string[], message: string, now?: string[] | null", ts_return_type = "unknown")]
    pub fn feed_transport_error(&mut self, env: Env, call: Vec<String>, message: String, now: Option<Vec<String>>) -> napi::Result<OutcomeJs> {
        let env = env.raw();
        let call = call_arg(env, call, "feedTransportError")?;
        let now = now_arg(env, now, "feedTransportError")?;
        Ok(OutcomeJs(self.inner.feed_transport_error(call, now, &message).or_throw(env)?))
    }

    /// The journal lines written since the last call (JSON Lines).
    #[napi(catch_unwind)]
    pub fn take_journal(&mut self) -> Buffer {
        self.inner.take_journal().into()
    }

    /// How many bytes of the journal given at the start were complete lines.
    #[napi(getter, catch_unwind)]
    pub fn journal_keep(&self) -> f64 {
        self.inner.journal_keep() as f64
    }

    /// Stops handing out calls.
    #[napi(catch_unwind)]
    pub fn stop(&mut self) {
        self.inner.stop()
    }

    #[napi(getter, catch_unwind)]
    pub fn done(&self) -> bool {
        self.inner.is_done()
    }

    #[napi(getter, catch_unwind)]
    pub fn in_flight(&self) -> Vec<f64> {
        self.inner.in_flight().into_iter().map(|c| c as f64).collect()
    }

    #[napi(getter, catch_unwind)]
    pub fn op(&self) -> String {
        self.inner.operation().name.to_owned()
    }

    /// Whether the operation is an upsert (a journal of one that is not is
    /// fsync'ed before each send).
    #[napi(getter, catch_unwind)]
    pub fn upsert(&self) -> bool {
        self.inner.operation().upsert
    }

    #[napi(getter, catch_unwind)]
    pub fn clock_offset(&self) -> i64 {
        self.inner.client().clock_offset()
    }

    /// What became of every item so far.
    #[napi(catch_unwind, ts_return_type = "unknown")]
    pub fn report(&self, env: Env) -> napi::Result<JsValueOut> {
        report_js(env.raw(), &self.inner.report()).map(JsValueOut)
    }

    /// The push as JSON text (plan, options, history; no credentials).
    #[napi(catch_unwind)]
    pub fn state_json(&self) -> String {
        serde_json::to_string(&self.inner.state()).unwrap_or_default()
    }
}
