//! Validation, planning (eager and streaming) and batches.

use crate::client::Client;
use crate::convert::{bytes_param, from_js, int_arg, opt_bool_param, opt_string_param, ranged_arg, string_param, to_js, Converted, Json, JsValueOut, Raw};
use crate::error::{records_value, throw, throw_validation, OrThrow};
use crate::fast::FastInput;
use crate::outcome::OutcomeJs;
use napi::bindgen_prelude::{Env, ToNapiValue, Unknown};
use napi::{sys, JsValue};
use napi_derive::napi;
use serde_json::Value;
use skuwire::{ErrorRecord, ErrorType, LocItem, OnInvalid, Outcome, PlanOptions};

/// A limit option: a negative number is passed on as 0, so the core's own
/// "at least 1" error reports it.
fn limit_arg(env: sys::napi_env, v: Option<Unknown>, name: &str) -> napi::Result<Option<usize>> {
    let n = int_arg(env, v.map(|u| u.raw()), name, "plan options")?;
    Ok(n.map(|n| usize::try_from(n).unwrap_or(0)))
}

pub(crate) fn plan_options(
    env: sys::napi_env,
    on_invalid: Option<Unknown>,
    max_items: Option<Unknown>,
    max_body_bytes: Option<Unknown>,
    strict: Option<Unknown>,
) -> napi::Result<PlanOptions> {
    let on_invalid = opt_string_param(env, on_invalid.map(|u| u.raw()), "onInvalid")?;
    Ok(PlanOptions {
        max_items: limit_arg(env, max_items, "maxItems")?,
        max_body_bytes: limit_arg(env, max_body_bytes, "maxBodyBytes")?,
        strict: opt_bool_param(env, strict.map(|u| u.raw()), "strict")?.unwrap_or(false),
        on_invalid: match on_invalid {
            Some(name) => OnInvalid::parse(&name).or_throw(env)?,
            None => OnInvalid::default(),
        },
    })
}

/// Converts the items of a JS array, each from its own root (locations start
/// with its index): through the JSON-text fast path where `fast` allows it
/// (see `fast`), through the walker otherwise.
fn convert_list(env: sys::napi_env, arr: sys::napi_value, len: u32, fast: Option<&mut FastInput<'_>>) -> napi::Result<Vec<(Value, Vec<ErrorRecord>)>> {
    if let Some(fast) = fast {
        return crate::fast::items(env, arr, len, fast);
    }
    crate::fast::note(0, len as usize);
    let mut w = crate::convert::Walker::new(env);
    let mut items = Vec::with_capacity(len as usize);
    for i in 0..len {
        let c = w.convert_element(arr, i, vec![LocItem::Index(i as usize)])?;
        items.push((c.value, c.errors));
    }
    Ok(items)
}

/// Converts a payload: a JS array is a list of items, each converted from its
/// own root (locations start with its index); anything else is one item.
fn convert_payload(env: sys::napi_env, v: sys::napi_value, fast: Option<&mut FastInput<'_>>) -> napi::Result<Converted> {
    let raw = Raw { env };
    if raw.is_array(v)? {
        let len = raw.array_len(v)?;
        let mut items = Vec::with_capacity(len as usize);
        let mut errors = Vec::new();
        for (value, errs) in convert_list(env, v, len, fast)? {
            items.push(value);
            errors.extend(errs);
        }
        Ok(Converted { value: Value::Array(items), errors })
    } else if let Some(fast) = fast {
        crate::fast::single(env, v, fast)
    } else {
        from_js(env, v, Vec::new())
    }
}

/// Every problem of a payload (a list of items or one item), in one pass.
/// `fast`: the JSON-text fast path's input (`fastpath.js`) or `undefined`.
#[napi(catch_unwind, ts_args_type = "op: string, payload: unknown, strict?: boolean | undefined | null, fast?: unknown", ts_return_type = "unknown[]")]
pub fn validate(env: Env, op: Unknown, payload: Unknown, strict: Option<Unknown>, fast: Option<Unknown>) -> napi::Result<Json> {
    let env = env.raw();
    let op = string_param(env, op.raw(), "op")?;
    let strict = opt_bool_param(env, strict.map(|u| u.raw()), "strict")?;
    let mut fast = match fast {
        Some(f) => unsafe { FastInput::from_js(env, f.raw())? },
        None => None,
    };
    let c = convert_payload(env, payload.raw(), fast.as_mut())?;
    let records = skuwire::validate_with_host_errors(&op, &c.value, strict.unwrap_or(false), c.errors).or_throw(env)?;
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
    #[napi(catch_unwind, ts_args_type = "status: number, body: Buffer", ts_return_type = "unknown")]
    pub fn parse(&self, env: Env, status: Unknown, body: Unknown) -> napi::Result<OutcomeJs> {
        let env = env.raw();
        let s = int_arg(env, Some(status.raw()), "status", "parse")?.unwrap_or(0);
        let s: u16 = ranged_arg(env, s, u16::MIN, u16::MAX, "status", "parse")?;
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

fn batch_js(env: sys::napi_env, b: skuwire::Batch) -> napi::Result<sys::napi_value> {
    unsafe { <Batch as ToNapiValue>::to_napi_value(env, Batch::new(b)) }
}

fn invalid_js(raw: Raw, index: usize, errors: &[ErrorRecord]) -> napi::Result<sys::napi_value> {
    raw.object_named(&[("index", raw.number(index as f64)?), ("errors", to_js(raw, &records_value(errors))?)])
}

/// Plans a whole JS array: `{batches, invalid}`; in raise mode a single problem
/// throws a `ValidationError` listing every problem. `fast`: the JSON-text
/// fast path's input (`fastpath.js`) or `undefined`.
#[allow(clippy::too_many_arguments)] // the JS signature: options as positional arguments
#[napi(
    catch_unwind,
    ts_args_type = "op: string, items: unknown[], onInvalid?: 'raise' | 'skip' | undefined | null, maxItems?: unknown, maxBodyBytes?: unknown, strict?: boolean | undefined | null, fast?: unknown",
    ts_return_type = "{ batches: Batch[]; invalid: { index: number; errors: unknown[] }[] }"
)]
pub fn plan(
    env: Env,
    op: Unknown,
    items: Unknown,
    on_invalid: Option<Unknown>,
    max_items: Option<Unknown>,
    max_body_bytes: Option<Unknown>,
    strict: Option<Unknown>,
    fast: Option<Unknown>,
) -> napi::Result<JsValueOut> {
    let env = env.raw();
    let op = string_param(env, op.raw(), "op")?;
    let raw = Raw { env };
    let opts = plan_options(env, on_invalid, max_items, max_body_bytes, strict)?;
    let result = plan_array(env, &op, items, &opts, fast)?;
    let (batches, invalid) = (result.batches, result.invalid);
    let arr = raw.array(batches.len())?;
    for (i, b) in batches.into_iter().enumerate() {
        raw.set_element(arr, i as u32, batch_js(env, b)?)?;
    }
    let inv = raw.array(invalid.len())?;
    for (i, (index, errs)) in invalid.iter().enumerate() {
        raw.set_element(inv, i as u32, invalid_js(raw, *index, errs)?)?;
    }
    raw.object_named(&[("batches", arr), ("invalid", inv)]).map(JsValueOut)
}

/// Plans a whole JS array into the core's plan (the body of `plan`, also
/// used by a push driver). Anything but an array is a `list_type` record.
pub(crate) fn plan_array(env: sys::napi_env, op: &str, items: Unknown, opts: &PlanOptions, fast: Option<Unknown>) -> napi::Result<skuwire::Plan> {
    let raw = Raw { env };
    let mut fast = match fast {
        Some(f) => unsafe { FastInput::from_js(env, f.raw())? },
        None => None,
    };
    let items = items.raw();
    if !raw.is_array(items)? {
        let op_name = skuwire::operation(op).or_throw(env)?.name;
        let input = from_js(env, items, Vec::new())?.value;
        return Err(throw_validation(env, op_name, vec![ErrorRecord::new(ErrorType::ListType, Vec::new(), input)]));
    }
    let len = raw.array_len(items)?;
    match fast.as_mut().and_then(|f| f.reader.take()) {
        // Planned on the reader's workers as far as the fast path went.
        Some(reader) => plan_from_reader(env, op, items, len, opts, reader),
        None => {
            let converted = convert_list(env, items, len, fast.as_mut())?;
            skuwire::plan_with_host_errors(op, converted, opts).or_throw(env)
        }
    }
}

/// Takes over a reader's planning (see `reader`): the items its workers did
/// not plan are pushed here in order, those the fast path may not take
/// converted by the walker; then the plan ends as `plan_with_host_errors`
/// ends it. A reader planning another operation or with other options (or
/// one that lost a worker) leaves every item to the walker.
fn plan_from_reader(env: sys::napi_env, op: &str, items: sys::napi_value, len: u32, opts: &PlanOptions, reader: sys::napi_value) -> napi::Result<skuwire::Plan> {
    let finished = unsafe { crate::reader::finish(Raw { env }, reader)? };
    let wanted = skuwire::operation(op).ok().map(|o| o.name);
    let taken = finished.and_then(|f| match f.planner {
        Some((planner, on_invalid, ropts))
            if ropts == *opts && Some(planner.operation().name) == wanted && f.next_index + f.rest.len() == len as usize =>
        {
            Some((planner, on_invalid, f.out, f.next_index, f.rest))
        }
        _ => None,
    });
    let Some((mut planner, on_invalid, mut out, next_index, rest)) = taken else {
        let converted = crate::fast::with_walker(env, items, len, Vec::new())?;
        return skuwire::plan_with_host_errors(op, converted, opts).or_throw(env);
    };
    let mut walker: Option<crate::convert::Walker> = None;
    let walked = rest.iter().filter(|v| v.is_none()).count();
    crate::fast::note(len as usize - walked, walked);
    for (k, value) in rest.into_iter().enumerate() {
        let i = next_index + k;
        let (value, host) = match value {
            Some(v) => (v, Vec::new()),
            None => {
                let w = walker.get_or_insert_with(|| crate::convert::Walker::new(env));
                let c = w.convert_element(items, i as u32, vec![LocItem::Index(i)])?;
                (c.value, c.errors)
            }
        };
        crate::reader::plan_push(&mut planner, on_invalid, &mut out, value, host);
    }
    if !out.errors.is_empty() {
        let op = planner.operation().name.to_owned();
        return Err(throw(env, skuwire::ValidationErrors { op, errors: out.errors }.into()));
    }
    out.batches.extend(planner.finish());
    Ok(skuwire::Plan { batches: out.batches, invalid: out.invalid })
}

/// Plans items one at a time (streaming).
#[napi]
pub struct Planner {
    inner: Option<skuwire::Planner>,
    raise: bool,
}

#[napi]
impl Planner {
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "op: string, onInvalid?: 'raise' | 'skip' | undefined | null, maxItems?: unknown, maxBodyBytes?: unknown, strict?: boolean | undefined | null"
    )]
    pub fn new(
        env: Env,
        op: Unknown,
        on_invalid: Option<Unknown>,
        max_items: Option<Unknown>,
        max_body_bytes: Option<Unknown>,
        strict: Option<Unknown>,
    ) -> napi::Result<Planner> {
        let env = env.raw();
        let op = string_param(env, op.raw(), "op")?;
        let opts = plan_options(env, on_invalid, max_items, max_body_bytes, strict)?;
        let inner = skuwire::Planner::new(&op, &opts).or_throw(env)?;
        Ok(Planner { inner: Some(inner), raise: opts.on_invalid == OnInvalid::Raise })
    }

    /// Adds one item: `{index, errors, batch}` where `batch` is a batch that
    /// became complete, or `null`. In raise mode an invalid item throws.
    #[napi(catch_unwind, ts_args_type = "item: unknown", ts_return_type = "{ index: number; errors: unknown[]; batch: Batch | null }")]
    pub fn push(&mut self, env: Env, item: Unknown) -> napi::Result<JsValueOut> {
        let env = env.raw();
        let raw = Raw { env };
        let Some(planner) = self.inner.as_mut() else {
            return Err(throw(env, skuwire::Error::finished("planner")));
        };
        let index = planner.next_index();
        let c = from_js(env, item.raw(), vec![LocItem::Index(index)])?;
        let step = planner.push_with_host_errors(c.value, c.errors);
        if self.raise && !step.errors.is_empty() {
            let op = planner.operation().name;
            self.inner = None;
            return Err(throw_validation(env, op, step.errors));
        }
        let batch = match step.batch {
            Some(b) => batch_js(env, b)?,
            None => raw.null()?,
        };
        raw.object_named(&[
            ("index", raw.number(step.index as f64)?),
            ("errors", to_js(raw, &records_value(&step.errors))?),
            ("batch", batch),
        ])
        .map(JsValueOut)
    }

    /// The remaining partial batches; the planner is finished afterwards.
    #[napi(catch_unwind)]
    pub fn finish(&mut self) -> Vec<Batch> {
        self.inner.take().map(|p| p.finish().into_iter().map(Batch::new).collect()).unwrap_or_default()
    }
}
