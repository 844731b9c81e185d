//! Validation, planning (eager and streaming) and batches. Payloads come
//! as the JSON text and notes the JS module `convert.js` writes; the core
//! reads them in one walk (no conversion here).

use crate::client::Client;
use crate::convert::{bytes_of, bytes_param, int_wire, nest_wire, opt_bool_param, opt_string_param, string_param, to_js, wire, Json, JsValueOut, Raw};
use crate::error::{records_value, throw, throw_validation, OrThrow};
use crate::outcome::OutcomeJs;
use napi::bindgen_prelude::{Env, ToNapiValue, Unknown};
use napi::{sys, JsValue};
use napi_derive::napi;
use serde_json::Value;
use skuwire::request::Signer;
use skuwire::{ErrorRecord, OnInvalid, Outcome, PlanOptions};

/// A limit option: a negative number is passed on as 0, so the core's own
/// "at least 1" error reports it.
fn limit(env: sys::napi_env, v: Option<Vec<String>>, name: &str) -> napi::Result<Option<usize>> {
    Ok(int_wire(env, v, name, "plan options")?.map(|n| usize::try_from(n).unwrap_or(0)))
}

pub(crate) fn plan_options(
    env: sys::napi_env,
    on_invalid: Option<Unknown>,
    max_items: Option<Vec<String>>,
    max_body_bytes: Option<Vec<String>>,
    strict: Option<Unknown>,
    lax: Option<Unknown>,
    nest: Option<Vec<String>>,
) -> napi::Result<PlanOptions> {
    let on_invalid = opt_string_param(env, on_invalid.map(|u| u.raw()), "onInvalid")?;
    Ok(PlanOptions {
        nest: nest_wire(env, nest)?,
        max_items: limit(env, max_items, "maxItems")?,
        max_body_bytes: limit(env, max_body_bytes, "maxBodyBytes")?,
        strict: opt_bool_param(env, strict.map(|u| u.raw()), "strict")?.unwrap_or(false),
        lax: opt_bool_param(env, lax.map(|u| u.raw()), "lax")?.unwrap_or(false),
        on_invalid: match on_invalid {
            Some(name) => OnInvalid::parse(&name).or_throw(env)?,
            None => OnInvalid::default(),
        },
    })
}

/// The JSON text of a payload: a `Uint8Array` the JS module filled.
pub(crate) fn text_of<'a>(env: sys::napi_env, v: &Unknown) -> napi::Result<&'a [u8]> {
    bytes_of(env, v.raw())?.ok_or_else(|| throw(env, skuwire::Error::internal("payload text is not a Uint8Array")))
}

/// Every problem of a payload (a list of items or one item), in one pass.
#[napi(
    catch_unwind,
    ts_args_type = "op: string, text: Uint8Array, notes: string, strict?: boolean | undefined | null, lax?: boolean | undefined | null, nest?: string[] | null",
    ts_return_type = "unknown[]"
)]
pub fn validate(env: Env, op: Unknown, text: Unknown, notes: String, strict: Option<Unknown>, lax: Option<Unknown>, nest: Option<Vec<String>>) -> napi::Result<Json> {
    let env = env.raw();
    let op = string_param(env, op.raw(), "op")?;
    let strict = opt_bool_param(env, strict.map(|u| u.raw()), "strict")?.unwrap_or(false);
    let lax = opt_bool_param(env, lax.map(|u| u.raw()), "lax")?.unwrap_or(false);
    let notes = skuwire::input::notes_from_json_for(notes.as_bytes(), lax).or_throw(env)?;
    let opts = PlanOptions { strict, lax, nest: nest_wire(env, nest)?, ..PlanOptions::default() };
    let records = skuwire::validate_json_with(&op, text_of(env, &text)?, notes, &opts).or_throw(env)?;
    Ok(Json(records_value(&records)))
}

/// An unsigned batch: one future call.
#[napi]
pub struct Batch {
    pub(crate) inner: skuwire::Batch,
}

impl Batch {
    pub(crate) fn new(inner: skuwire::Batch) -> Self {
        Batch { inner }
    }
}

#[napi]
impl Batch {
    /// The operation name; `null` for a generic call.
    #[napi(getter, catch_unwind)]
    pub fn op(&self) -> Option<String> {
        self.inner.operation().map(|op| op.name.to_owned())
    }

    /// The method name as the vendor writes it.
    #[napi(getter, catch_unwind)]
    pub fn method(&self) -> String {
        self.inner.method().to_owned()
    }

    /// `flagship`, `enterprise` or `ymcart`.
    #[napi(getter, catch_unwind)]
    pub fn platform(&self) -> String {
        self.inner.platform().name().to_owned()
    }

    /// Input positions of the items, in order.
    #[napi(getter, catch_unwind, ts_return_type = "number[]")]
    pub fn indices(&self) -> Json {
        Json(Value::from(self.inner.indices().to_vec()))
    }

    /// The items, in input order (as converted from the input).
    #[napi(getter, catch_unwind, ts_return_type = "unknown[]")]
    pub fn items(&self) -> Json {
        Json(Value::Array(self.inner.items().to_vec()))
    }

    /// Number of input items.
    #[napi(getter, catch_unwind)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// Whether resending is harmless.
    #[napi(getter, catch_unwind)]
    pub fn upsert(&self) -> bool {
        self.inner.is_upsert()
    }

    /// The request payload (flagship: the positional-argument array).
    #[napi(getter, catch_unwind, ts_return_type = "unknown")]
    pub fn payload(&self) -> Json {
        Json(self.inner.payload())
    }

    /// The payload as compact JSON text (flagship: exactly the HTTP body).
    #[napi(catch_unwind)]
    pub fn body_json(&self) -> String {
        String::from_utf8_lossy(&self.inner.body_json()).into_owned()
    }

    /// Reads the platform's answer.
    #[napi(catch_unwind, ts_args_type = "status: string[], body: Buffer", ts_return_type = "unknown")]
    pub fn parse(&self, env: Env, status: Vec<String>, body: Unknown) -> napi::Result<OutcomeJs> {
        let env = env.raw();
        let s = status_arg(env, status, "parse")?;
        let body = bytes_param(env, body.raw(), "body")?;
        Ok(OutcomeJs(self.inner.parse(s, &body)))
    }

    /// The outcome of a call that got no answer (timeout, reset).
    #[napi(catch_unwind, ts_return_type = "unknown")]
    pub fn transport_error(&self, message: String) -> OutcomeJs {
        OutcomeJs(Outcome::transport_error(&self.inner, &message))
    }

    /// The batch as exact JSON text (the core's serialization), for queues,
    /// worker processes and resumable jobs. Text, not a JS object, so that
    /// every number keeps its exact digits through `JSON.stringify`.
    #[napi(catch_unwind)]
    pub fn to_json_text(&self) -> String {
        serde_json::to_string(&self.inner).unwrap_or_default()
    }

    /// A batch from [`Batch::to_json_text`] text, to be signed by `client`:
    /// a client of another platform than the batch's is refused.
    #[napi(factory, catch_unwind, ts_args_type = "text: string, client: Client")]
    pub fn from_json_text(env: Env, text: Unknown, client: &Client) -> napi::Result<Batch> {
        let env = env.raw();
        let text = string_param(env, text.raw(), "data")?;
        let value = skuwire::parse_json_input(text.as_bytes()).map_err(|rec| throw_validation(env, "Batch.fromJSON", vec![rec]))?;
        let batch = skuwire::Batch::from_json(&value).or_throw(env)?;
        let client = client.core();
        match batch.operation() {
            Some(op) => client.check_operation(op).or_throw(env)?,
            None if batch.platform() != client.platform() => {
                return Err(throw(env, skuwire::Error::argument_type("client", batch.platform().name(), client.platform().name())));
            }
            None => {}
        }
        Ok(Batch::new(batch))
    }
}

/// An HTTP status (`[text, notes]` from the JS module): the core's rule.
pub(crate) fn status_arg(env: sys::napi_env, status: Vec<String>, context: &str) -> napi::Result<u16> {
    let (text, notes) = (status.first().map_or("", String::as_str), status.get(1).map_or("[]", String::as_str));
    skuwire::args::http_status(wire(env, text.as_bytes(), notes)?, context).or_throw(env)
}

fn batch_js(env: sys::napi_env, b: skuwire::Batch) -> napi::Result<sys::napi_value> {
    unsafe { <Batch as ToNapiValue>::to_napi_value(env, Batch::new(b)) }
}

fn invalid_js(raw: Raw, index: usize, errors: &[ErrorRecord]) -> napi::Result<sys::napi_value> {
    raw.object_named(&[("index", raw.number(index as f64)?), ("errors", to_js(raw, &records_value(errors))?)])
}

/// Plans a payload: `{batches, invalid}`; in raise mode a single problem
/// throws a `ValidationError` listing every problem.
#[allow(clippy::too_many_arguments)] // the JS signature: options as positional arguments
#[napi(
    catch_unwind,
    ts_args_type = "op: string, text: Uint8Array, notes: string, onInvalid?: 'raise' | 'skip' | undefined | null, maxItems?: string[] | null, maxBodyBytes?: string[] | null, strict?: boolean | undefined | null, lax?: boolean | undefined | null, nest?: string[] | null",
    ts_return_type = "{ batches: Batch[]; invalid: { index: number; errors: unknown[] }[] }"
)]
pub fn plan(
    env: Env,
    op: Unknown,
    text: Unknown,
    notes: String,
    on_invalid: Option<Unknown>,
    max_items: Option<Vec<String>>,
    max_body_bytes: Option<Vec<String>>,
    strict: Option<Unknown>,
    lax: Option<Unknown>,
    nest: Option<Vec<String>>,
) -> napi::Result<JsValueOut> {
    let env = env.raw();
    let op = string_param(env, op.raw(), "op")?;
    let opts = plan_options(env, on_invalid, max_items, max_body_bytes, strict, lax, nest)?;
    let notes = skuwire::input::notes_from_json_for(notes.as_bytes(), opts.lax).or_throw(env)?;
    let result = skuwire::plan_json_with_notes(&op, text_of(env, &text)?, notes, &opts).or_throw(env)?;
    plan_js(env, result)
}

/// A finished plan as `{batches, invalid}`.
fn plan_js(env: sys::napi_env, result: skuwire::Plan) -> napi::Result<JsValueOut> {
    let raw = Raw { env };
    let arr = raw.array(result.batches.len())?;
    for (i, b) in result.batches.into_iter().enumerate() {
        raw.set_element(arr, i as u32, batch_js(env, b)?)?;
    }
    let inv = raw.array(result.invalid.len())?;
    for (i, (index, errs)) in result.invalid.iter().enumerate() {
        raw.set_element(inv, i as u32, invalid_js(raw, *index, errs)?)?;
    }
    raw.object_named(&[("batches", arr), ("invalid", inv)]).map(JsValueOut)
}

/// Plans a payload list fed in chunks on the core's worker thread, while JS
/// writes the next chunk (`skuwire::PlanPipeline`): the result is `plan`'s,
/// each batch with the client's head start on its signature.
#[napi]
pub struct PlanPipeline {
    inner: Option<skuwire::PlanPipeline>,
    lax: bool,
}

#[napi]
impl PlanPipeline {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "op: string, client: Client, onInvalid?: 'raise' | 'skip' | undefined | null, maxItems?: string[] | null, maxBodyBytes?: string[] | null, strict?: boolean | undefined | null, lax?: boolean | undefined | null"
    )]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        env: Env,
        op: Unknown,
        client: &Client,
        on_invalid: Option<Unknown>,
        max_items: Option<Vec<String>>,
        max_body_bytes: Option<Vec<String>>,
        strict: Option<Unknown>,
        lax: Option<Unknown>,
    ) -> napi::Result<PlanPipeline> {
        let env = env.raw();
        let op = string_param(env, op.raw(), "op")?;
        let opts = plan_options(env, on_invalid, max_items, max_body_bytes, strict, lax, None)?;
        // The client's head start on signing each batch runs on the planning thread too.
        let inner = skuwire::PlanPipeline::start_preparing(&op, &opts, client.core().head_starter()).or_throw(env)?;
        Ok(PlanPipeline { inner: Some(inner), lax: opts.lax })
    }

    /// The next chunk: the JSON text of a list of the next items (copied:
    /// the module reuses its buffer) and its notes.
    #[napi(catch_unwind, ts_args_type = "text: Uint8Array, notes: string")]
    pub fn feed(&mut self, env: Env, text: Unknown, notes: String) -> napi::Result<()> {
        let env = env.raw();
        let notes = skuwire::input::notes_from_json_for(notes.as_bytes(), self.lax).or_throw(env)?;
        let text = text_of(env, &text)?;
        let Some(p) = self.inner.as_mut() else {
            return Err(throw(env, skuwire::Error::finished("plan pipeline")));
        };
        let mut buffer = p.buffer();
        buffer.extend_from_slice(text);
        p.feed(buffer, notes).or_throw(env)
    }

    /// Waits for the worker: `{batches, invalid}` as `plan` returns them;
    /// in raise mode a problem throws a `ValidationError` listing every problem.
    #[napi(catch_unwind, ts_return_type = "{ batches: Batch[]; invalid: { index: number; errors: unknown[] }[] }")]
    pub fn finish(&mut self, env: Env) -> napi::Result<JsValueOut> {
        let env = env.raw();
        let Some(p) = self.inner.take() else {
            return Err(throw(env, skuwire::Error::finished("plan pipeline")));
        };
        plan_js(env, p.finish().or_throw(env)?)
    }

    /// Stops the worker without waiting for it (a conversion that threw).
    #[napi(catch_unwind)]
    pub fn cancel(&mut self) {
        self.inner = None;
    }
}

/// Plans items one at a time (streaming).
#[napi]
pub struct Planner {
    inner: Option<skuwire::Planner>,
    raise: bool,
    lax: bool,
}

#[napi]
impl Planner {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "op: string, onInvalid?: 'raise' | 'skip' | undefined | null, maxItems?: string[] | null, maxBodyBytes?: string[] | null, strict?: boolean | undefined | null, lax?: boolean | undefined | null, nest?: string[] | null"
    )]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        env: Env,
        op: Unknown,
        on_invalid: Option<Unknown>,
        max_items: Option<Vec<String>>,
        max_body_bytes: Option<Vec<String>>,
        strict: Option<Unknown>,
        lax: Option<Unknown>,
        nest: Option<Vec<String>>,
    ) -> napi::Result<Planner> {
        let env = env.raw();
        let op = string_param(env, op.raw(), "op")?;
        let opts = plan_options(env, on_invalid, max_items, max_body_bytes, strict, lax, nest)?;
        if opts.nest.is_some() {
            // Nesting reads rows ahead; this planner is handed one item at a time.
            return Err(throw(env, skuwire::Error::nest_needs_rows("nest")));
        }
        let inner = skuwire::Planner::new(&op, &opts).or_throw(env)?;
        Ok(Planner { inner: Some(inner), raise: opts.on_invalid == OnInvalid::Raise, lax: opts.lax })
    }

    /// The index the next item gets (its notes' locations start with it).
    #[napi(getter, catch_unwind)]
    pub fn next_index(&self) -> u32 {
        self.inner.as_ref().map_or(0, |p| p.next_index() as u32)
    }

    /// Adds one item (its JSON text and notes): `{index, errors, batch}`
    /// where `batch` is a batch that became complete, or `null`. In raise
    /// mode an invalid item throws.
    #[napi(catch_unwind, ts_args_type = "text: string, notes: string", ts_return_type = "{ index: number; errors: unknown[]; batch: Batch | null }")]
    pub fn push(&mut self, env: Env, text: String, notes: String) -> napi::Result<JsValueOut> {
        let env = env.raw();
        let raw = Raw { env };
        let Some(planner) = self.inner.as_mut() else {
            return Err(throw(env, skuwire::Error::finished("planner")));
        };
        let notes = skuwire::input::notes_from_json_for(notes.as_bytes(), self.lax).or_throw(env)?;
        let step = planner.push_input(&mut skuwire::JsonInput::item_with_notes(text.as_bytes(), notes)).or_throw(env)?;
        if self.raise && !step.errors.is_empty() {
            let op = planner.operation().name;
            self.inner = None;
            return Err(throw_validation(env, op, step.errors));
        }
        let batch = match step.batch {
            Some(b) => batch_js(env, b)?,
            None => raw.null()?,
        };
        raw.object_named(&[("index", raw.number(step.index as f64)?), ("errors", to_js(raw, &records_value(&step.errors))?), ("batch", batch)]).map(JsValueOut)
    }

    /// The remaining partial batches; the planner is finished afterwards.
    #[napi(catch_unwind)]
    pub fn finish(&mut self) -> Vec<Batch> {
        self.inner.take().map(|p| p.finish().into_iter().map(Batch::new).collect()).unwrap_or_default()
    }
}
