//! The clients: `skuwire.Client` (base) and `Flagship`, `Enterprise`,
//! `Ymcart`. They hold credentials and a clock offset and do no I/O.
//!
//! Pickling a client necessarily pickles its credentials (that is what
//! lets worker processes sign); `repr()` never shows them.

use crate::args::{self, Given};
use crate::convert::ToJson;
use crate::error::{guard, validation_error, CoreResult};
use crate::plan::{make_plan, Batch, Plan};
use crate::push::PushDriver;
use crate::query::{make_query, QueryPlan};
use crate::request::Request;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde_json::Value;
use skuwire::{LocItem, PlanOptions, Secret, ValidationErrors, REDACTED};
use std::sync::atomic::{AtomicI64, Ordering};

/// What `__reduce__` returns: a callable and its arguments.
type Reduce<'py, A> = PyResult<(Bound<'py, PyAny>, A)>;

/// A string as Python's `repr()` writes it.
pub fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(pyo3::types::PyString::new(py, s).repr()?.to_string())
}

/// What every client shares: planning, generic calls, the clock offset.
#[pyclass(module = "skuwire", name = "Client", subclass, frozen)]
pub struct Client {
    core: skuwire::Client,
    /// The appsecret or token as given, kept only for pickling.
    secret: Secret,
    offset: AtomicI64,
}

impl Client {
    fn new(core: skuwire::Client, secret: &str, offset: i64) -> Self {
        Client { core, secret: Secret::new(secret), offset: AtomicI64::new(offset) }
    }

    /// The core client with the current clock offset.
    pub fn core(&self) -> skuwire::Client {
        let mut c = self.core.clone();
        c.set_clock_offset(self.offset.load(Ordering::Relaxed));
        c
    }

    fn base_url_str(&self) -> &str {
        match &self.core {
            skuwire::Client::Flagship(c) => c.base_url(),
            skuwire::Client::Enterprise(c) => c.base_url(),
            skuwire::Client::Ymcart(c) => c.base_url(),
        }
    }
}

/// A generic call's batch; flagship calls may carry paging parameters.
fn make_call(py: Python<'_>, slf: &Bound<'_, Client>, method: &Bound<'_, PyAny>, args: &Bound<'_, PyTuple>, pager: Option<skuwire::Pager>) -> PyResult<Batch> {
    let this = slf.get();
    let method = &*crate::args::text(method, "method", "Client.call")?;
    let mut conv = ToJson::new(py)?;
    let payload = match (&this.core, args.len()) {
        // Enterprise and YMCart take one mapping of parameters; anything
        // else is passed on as a list for the core to refuse.
        (skuwire::Client::Enterprise(_) | skuwire::Client::Ymcart(_), 1) => conv.convert(&args.get_item(0)?, &[])?,
        _ => {
            let mut out = Vec::with_capacity(args.len());
            for (i, a) in args.iter().enumerate() {
                out.push(conv.convert(&a, &[LocItem::Index(i)])?);
            }
            Value::Array(out)
        }
    };
    let host = conv.take_errors();
    if !host.is_empty() {
        // A generic call is not validated, but a value with no JSON form
        // is never sent silently as null.
        let errors = host.iter().map(|h| h.record.clone()).collect();
        return Err(validation_error(py, &ValidationErrors { op: method.to_owned(), errors }, &host));
    }
    let mut inner = this.core.call(method, payload).py_err(py)?;
    if let Some(p) = pager {
        inner = inner.with_pager(p).py_err(py)?;
    }
    Ok(Batch { inner, client: slf.clone().unbind() })
}

#[pymethods]
impl Client {
    /// `"flagship"`, `"enterprise"` or `"ymcart"`.
    #[getter]
    fn platform(&self) -> &'static str {
        self.core.platform().name()
    }
    /// The endpoint (YMCart: the URL template with `{method}`).
    #[getter]
    fn base_url(&self) -> &str {
        self.base_url_str()
    }
    /// Seconds added to the local clock when signing without a timestamp
    /// (server − local); see `clock_offset_from_http_date`. YMCart signs
    /// nothing and ignores it.
    #[getter]
    fn clock_offset(&self) -> i64 {
        self.core().clock_offset()
    }
    #[setter]
    fn set_clock_offset(&self, secs: Given<'_>) -> PyResult<()> {
        // (`del client.clock_offset` is PyO3's AttributeError: the type is not an Option.)
        self.offset.store(secs.int_or::<i64>("clock_offset", 0)?, Ordering::Relaxed);
        Ok(())
    }

    /// Validates `items` and splits them into batches within the operation's
    /// limits (`max_items` may lower a documented limit, or raise a default
    /// chosen where the page gives none). `items`: an iterable of mappings,
    /// one mapping, or JSON text/bytes. `on_invalid="raise"` validates all
    /// of it first and raises `ValidationError` listing every problem;
    /// `"skip"` streams, leaving invalid items out and listing them in
    /// `plan.invalid`. A table (anything with `__arrow_c_stream__`: a
    /// pyarrow Table, a polars or pandas DataFrame, a DuckDB result) is
    /// read from its Arrow memory. `nest` groups flat rows into items with
    /// their lists (`True`: by column names such as `spec_list[].spec_no`;
    /// `"spec_list"`: also the bare names its elements document; a mapping
    /// `{list: [columns]}`), consecutive rows or rows with equal `nest_key`
    /// columns making one item. `lax` reads NaN/NaT/None as not given and
    /// integral numbers as integers or text.
    #[pyo3(
        signature = (op, items, on_invalid = Given::Default, *, max_items = Given::Default, max_body_bytes = Given::Default, strict = Given::Default, lax = Given::Default, nest = Given::Default, nest_key = Given::Default),
        text_signature = "($self, op, items, on_invalid='raise', *, max_items=None, max_body_bytes=None, strict=False, lax=False, nest=None, nest_key=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn plan(
        slf: &Bound<'_, Self>,
        op: &Bound<'_, PyAny>,
        items: &Bound<'_, PyAny>,
        on_invalid: Given<'_>,
        max_items: Given<'_>,
        max_body_bytes: Given<'_>,
        strict: Given<'_>,
        lax: Given<'_>,
        nest: Given<'_>,
        nest_key: Given<'_>,
    ) -> PyResult<Plan> {
        let py = slf.py();
        guard(py, || {
            let on_invalid = on_invalid.text_or("on_invalid", "Client.plan", "raise")?;
            let opts = PlanOptions {
                max_items: max_items.opt_int("max_items")?,
                max_body_bytes: max_body_bytes.opt_int("max_body_bytes")?,
                strict: strict.flag("strict", false)?,
                lax: lax.flag("lax", false)?,
                nest: crate::table::nest_option(py, nest.given(), nest_key.given())?,
                ..PlanOptions::default()
            };
            make_plan(py, slf, op, items, &on_invalid, opts)
        })
    }

    /// A `QueryPlan` for a query operation. The vendor parameters come as a
    /// mapping, as keywords, or both (`start_time`/`end_time` as `datetime`
    /// — aware converted, naive taken as Beijing time — or text); the plan
    /// sets `page_no`. `page_size` is a parameter too (default: the
    /// operation's); `max_window_secs`, `strict` and `dedup` are options.
    #[pyo3(
        signature = (op, params = None, /, *, page_size = None, max_window_secs = Given::Default, strict = Given::Default, dedup = Given::Default, **kwargs),
        text_signature = "($self, op, params=None, /, *, page_size=None, max_window_secs=None, strict=False, dedup=True, **kwargs)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn query(
        slf: &Bound<'_, Self>,
        op: &Bound<'_, PyAny>,
        params: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
        max_window_secs: Given<'_>,
        strict: Given<'_>,
        dedup: Given<'_>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<QueryPlan> {
        let py = slf.py();
        guard(py, || {
            let max_window_secs = max_window_secs.opt_int::<i64>("max_window_secs")?;
            let strict = strict.flag("strict", false)?;
            let dedup = dedup.flag("dedup", true)?;
            make_query(py, slf, op, params, kwargs, page_size, max_window_secs, strict, dedup)
        })
    }

    /// A batch for a method skuwire does not model: flagship takes the
    /// positional arguments, enterprise and YMCart one mapping of
    /// parameters. Signed and parsed like any batch; fields are not validated.
    #[pyo3(signature = (method, *args))]
    fn call(slf: &Bound<'_, Self>, method: &Bound<'_, PyAny>, args: &Bound<'_, PyTuple>) -> PyResult<Batch> {
        let py = slf.py();
        guard(py, || make_call(py, slf, method, args, None))
    }

    /// A `PushDriver` for a push of `items` (planned as `plan` does; invalid
    /// items are skipped and reported unless `on_invalid="raise"`). `rate`
    /// is calls per second (counted over `1 + rate_margin` seconds, for
    /// calls the network bunches), `backoff_base`/`backoff_cap` seconds; `journal`,
    /// the bytes of an earlier run's journal, resumes that run. Drive it
    /// yourself, or let `push` / `apush` do it.
    #[pyo3(
        signature = (op, items, *, on_invalid = Given::Default, max_items = Given::Default, max_body_bytes = Given::Default, strict = Given::Default,
                     lax = Given::Default, nest = Given::Default, nest_key = Given::Default, concurrency = Given::Default, rate = Given::Default, rate_margin = Given::Default, seed = Given::Default,
                     max_attempts = Given::Default, backoff_base = Given::Default, backoff_cap = Given::Default,
                     journal = Given::Default, resend_unknown = Given::Default, resend_rejected = Given::Default),
        text_signature = "($self, op, items, *, on_invalid='skip', max_items=None, max_body_bytes=None, strict=False, lax=False, nest=None, nest_key=None, concurrency=1, rate=None, rate_margin=0.05, seed=0, max_attempts=6, backoff_base=0.5, backoff_cap=30.0, journal=None, resend_unknown=False, resend_rejected=False)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn push_driver(
        slf: &Bound<'_, Self>,
        op: &Bound<'_, PyAny>,
        items: &Bound<'_, PyAny>,
        on_invalid: Given<'_>,
        max_items: Given<'_>,
        max_body_bytes: Given<'_>,
        strict: Given<'_>,
        lax: Given<'_>,
        nest: Given<'_>,
        nest_key: Given<'_>,
        concurrency: Given<'_>,
        rate: Given<'_>,
        rate_margin: Given<'_>,
        seed: Given<'_>,
        max_attempts: Given<'_>,
        backoff_base: Given<'_>,
        backoff_cap: Given<'_>,
        journal: Given<'_>,
        resend_unknown: Given<'_>,
        resend_rejected: Given<'_>,
    ) -> PyResult<PushDriver> {
        let py = slf.py();
        guard(py, || {
            // Every option read by hand: a wrong type is an ArgumentError naming it.
            let options = crate::push::options(
                concurrency.int_or("concurrency", 1usize)?,
                rate.opt_seconds("rate")?,
                rate_margin.seconds_or("rate_margin", 0.05)?,
                seed.int_or("seed", 0u64)?,
                max_attempts.int_or("max_attempts", 6u32)?,
                backoff_base.seconds_or("backoff_base", 0.5)?,
                backoff_cap.seconds_or("backoff_cap", 30.0)?,
                resend_unknown.flag("resend_unknown", false)?,
                resend_rejected.flag("resend_rejected", false)?,
            )
            .py_err(py)?;
            let opts = PlanOptions {
                max_items: max_items.opt_int("max_items")?,
                max_body_bytes: max_body_bytes.opt_int("max_body_bytes")?,
                strict: strict.flag("strict", false)?,
                lax: lax.flag("lax", false)?,
                nest: crate::table::nest_option(py, nest.given(), nest_key.given())?,
                ..PlanOptions::default()
            };
            let journal = journal.opt_bytes("journal")?;
            let on_invalid = on_invalid.text_or("on_invalid", "Client.push_driver", "skip")?;
            let plan = make_plan(py, slf, op, items, &on_invalid, opts)?;
            crate::push::make_driver(py, slf, plan, options, journal)
        })
    }

    /// Pushes `items` for `op` and returns a `PushReport` — the whole loop:
    /// signing each call when it is sent, following the retry advice, at most
    /// `concurrency` calls at once and `rate` calls per second.
    ///
    /// `http`: `None` (the standard library), an `httpx.Client`, a
    /// `requests.Session`, or a callable `(request) -> (status, headers,
    /// body)` raising `OSError` when there is no answer. `journal`: a path or
    /// `skuwire.Journal`; the same call again resumes a killed push without
    /// sending anything twice. See `skuwire/_push.py` for every option.
    #[pyo3(signature = (op, items, **kwargs))]
    fn push<'py>(slf: &Bound<'py, Self>, op: &Bound<'py, PyAny>, items: &Bound<'py, PyAny>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("skuwire._push")?.getattr("push")?.call((slf, op, items), kwargs)
    }

    /// `push` for asyncio: `await client.apush(op, items, http=httpx.AsyncClient(), concurrency=8)`
    /// (`http=None`: a new `httpx.AsyncClient` when httpx is installed, else
    /// the standard library on worker threads).
    #[pyo3(signature = (op, items, **kwargs))]
    fn apush<'py>(slf: &Bound<'py, Self>, op: &Bound<'py, PyAny>, items: &Bound<'py, PyAny>, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        py.import("skuwire._push")?.getattr("apush")?.call((slf, op, items), kwargs)
    }

    /// Signs a batch of this client (same as `batch.sign`, but with this client).
    #[pyo3(signature = (batch, timestamp = None))]
    fn sign(&self, py: Python<'_>, batch: &Bound<'_, PyAny>, timestamp: Option<&Bound<'_, PyAny>>) -> PyResult<Request> {
        guard(py, || {
            let batch = args::instance::<Batch>(batch, "batch", "Batch")?;
            crate::plan::sign_batch(py, self.core(), batch.get(), args::opt_int(timestamp, "timestamp")?)
        })
    }
}

/// Gives host errors the locations the core reported them at (it prefixes
/// them, e.g. under `update_options`), so their dicts show the Python value.
fn relocate(host: &mut [crate::convert::HostError], reported: &[skuwire::ErrorRecord]) {
    for h in host.iter_mut() {
        if let Some(r) = reported.iter().find(|r| r.kind == h.record.kind && r.loc.ends_with(&h.record.loc)) {
            h.record.loc = r.loc.clone();
        }
    }
}

/// WDT flagship (旺店通旗舰版). `appsecret` is `"secret:salt"`.
#[pyclass(module = "skuwire", name = "Flagship", extends = Client, frozen)]
pub struct Flagship;

#[pymethods]
impl Flagship {
    #[new]
    #[pyo3(signature = (sid, appkey, appsecret, base_url = Given::Default, clock_offset = Given::Default), text_signature = "(sid, appkey, appsecret, base_url=..., clock_offset=0)")]
    fn new(
        py: Python<'_>,
        sid: &Bound<'_, PyAny>,
        appkey: &Bound<'_, PyAny>,
        appsecret: &Bound<'_, PyAny>,
        base_url: Given<'_>,
        clock_offset: Given<'_>,
    ) -> PyResult<PyClassInitializer<Self>> {
        guard(py, || {
            let (sid, appkey) = (args::text(sid, "sid", "Flagship")?, args::text(appkey, "appkey", "Flagship")?);
            let appsecret = &*args::credential(appsecret, "appsecret")?;
            let base_url = &*base_url.text_or("base_url", "Flagship", skuwire::flagship::PRODUCTION_URL)?;
            let clock_offset = clock_offset.int_or::<i64>("clock_offset", 0)?;
            let core = skuwire::Flagship::new(&sid, &appkey, appsecret, base_url).py_err(py)?;
            Ok(PyClassInitializer::from(Client::new(core.into(), appsecret, clock_offset)).add_subclass(Flagship))
        })
    }

    /// A generic call; `pager={"page_no": …, "page_size": …, "calc_total": …}`
    /// adds the flagship paging system parameters.
    #[pyo3(signature = (method, *args, pager = None))]
    fn call(slf: &Bound<'_, Self>, method: &Bound<'_, PyAny>, args: &Bound<'_, PyTuple>, pager: Option<&Bound<'_, PyAny>>) -> PyResult<Batch> {
        let py = slf.py();
        guard(py, || {
            let pager = match pager.filter(|p| !p.is_none()) {
                None => None,
                Some(p) if !crate::convert::is_mapping_like(p)? => {
                    let got = p.get_type().name().map(|n| n.to_string()).unwrap_or_default();
                    return Err(crate::error::argument_error(py, skuwire::Error::argument_type("pager", "a mapping", &got)));
                }
                // Read as the core's own plain-data form of a pager.
                Some(p) => {
                    let mut conv = ToJson::new(py)?;
                    let value = conv.convert(p, &[])?;
                    if let Some(h) = conv.take_errors().first() {
                        return Err(crate::error::to_pyerr(py, skuwire::Error::invalid_option(&format!("pager: {}", h.record.msg())), &[]));
                    }
                    let pager = serde_json::from_value::<skuwire::Pager>(value).map_err(|e| skuwire::Error::invalid_option(&format!("pager: {e}")));
                    Some(pager.py_err(py)?)
                }
            };
            make_call(py, slf.as_super(), method, args, pager)
        })
    }

    /// The seller account.
    #[getter]
    fn sid(slf: &Bound<'_, Self>) -> String {
        match &slf.as_super().get().core {
            skuwire::Client::Flagship(c) => c.sid().to_owned(),
            _ => String::new(),
        }
    }
    /// The appkey.
    #[getter]
    fn appkey(slf: &Bound<'_, Self>) -> String {
        match &slf.as_super().get().core {
            skuwire::Client::Flagship(c) => c.appkey().to_owned(),
            _ => String::new(),
        }
    }
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let base = slf.as_super().get();
        let py = slf.py();
        Ok(format!(
            "Flagship(sid={}, appkey={}, appsecret={}, base_url={}, clock_offset={})",
            py_repr(py, &Self::sid(slf))?,
            py_repr(py, &Self::appkey(slf))?,
            py_repr(py, REDACTED)?,
            py_repr(py, base.base_url_str())?,
            base.offset.load(Ordering::Relaxed)
        ))
    }
    /// Pickles with the credentials (needed to sign in another process).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (String, String, String, String, i64)> {
        let base = slf.as_super().get();
        Ok((
            slf.get_type().into_any(),
            (Self::sid(slf), Self::appkey(slf), base.secret.expose().to_owned(), base.base_url_str().to_owned(), base.offset.load(Ordering::Relaxed)),
        ))
    }
}

/// WDT enterprise (旺店通企业版, openapi2).
#[pyclass(module = "skuwire", name = "Enterprise", extends = Client, frozen)]
pub struct Enterprise;

#[pymethods]
impl Enterprise {
    #[new]
    #[pyo3(signature = (sid, appkey, appsecret, base_url = Given::Default, clock_offset = Given::Default), text_signature = "(sid, appkey, appsecret, base_url=..., clock_offset=0)")]
    fn new(
        py: Python<'_>,
        sid: &Bound<'_, PyAny>,
        appkey: &Bound<'_, PyAny>,
        appsecret: &Bound<'_, PyAny>,
        base_url: Given<'_>,
        clock_offset: Given<'_>,
    ) -> PyResult<PyClassInitializer<Self>> {
        guard(py, || {
            let (sid, appkey) = (args::text(sid, "sid", "Enterprise")?, args::text(appkey, "appkey", "Enterprise")?);
            let appsecret = &*args::credential(appsecret, "appsecret")?;
            let base_url = &*base_url.text_or("base_url", "Enterprise", skuwire::enterprise::PRODUCTION_URL)?;
            let clock_offset = clock_offset.int_or::<i64>("clock_offset", 0)?;
            let core = skuwire::Enterprise::new(&sid, &appkey, appsecret, base_url).py_err(py)?;
            Ok(PyClassInitializer::from(Client::new(core.into(), appsecret, clock_offset)).add_subclass(Enterprise))
        })
    }
    /// The seller account.
    #[getter]
    fn sid(slf: &Bound<'_, Self>) -> String {
        match &slf.as_super().get().core {
            skuwire::Client::Enterprise(c) => c.sid().to_owned(),
            _ => String::new(),
        }
    }
    /// The appkey.
    #[getter]
    fn appkey(slf: &Bound<'_, Self>) -> String {
        match &slf.as_super().get().core {
            skuwire::Client::Enterprise(c) => c.appkey().to_owned(),
            _ => String::new(),
        }
    }
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let base = slf.as_super().get();
        let py = slf.py();
        Ok(format!(
            "Enterprise(sid={}, appkey={}, appsecret={}, base_url={}, clock_offset={})",
            py_repr(py, &Self::sid(slf))?,
            py_repr(py, &Self::appkey(slf))?,
            py_repr(py, REDACTED)?,
            py_repr(py, base.base_url_str())?,
            base.offset.load(Ordering::Relaxed)
        ))
    }
    /// Pickles with the credentials (needed to sign in another process).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (String, String, String, String, i64)> {
        let base = slf.as_super().get();
        Ok((
            slf.get_type().into_any(),
            (Self::sid(slf), Self::appkey(slf), base.secret.expose().to_owned(), base.base_url_str().to_owned(), base.offset.load(Ordering::Relaxed)),
        ))
    }
}

/// The YMCart shop API. `base_url` is required: the vendor page does not
/// give the URL shape, so it is a documented assumption — a template with
/// `{method}` (without it, `/{method}` is appended).
#[pyclass(module = "skuwire", name = "Ymcart", extends = Client, frozen)]
pub struct Ymcart;

#[pymethods]
impl Ymcart {
    /// `update_options` (e.g. `{"update_listorder": 1, "update_status": 1}`)
    /// is sent with every updateSkuQty request.
    #[new]
    #[pyo3(signature = (token, base_url, update_options = None))]
    fn new(py: Python<'_>, token: &Bound<'_, PyAny>, base_url: &Bound<'_, PyAny>, update_options: Option<&Bound<'_, PyAny>>) -> PyResult<PyClassInitializer<Self>> {
        guard(py, || {
            let token = &*args::credential(token, "token")?;
            let base_url = &*args::text(base_url, "base_url", "Ymcart")?;
            let mut core = skuwire::Ymcart::new(token, base_url).py_err(py)?;
            if let Some(options) = update_options.filter(|o| !o.is_none()) {
                // Not a mapping at all: the record says so, and it is an ArgumentError (a TypeError) too.
                let wrong_type = !crate::convert::is_mapping_like(options)?;
                let mut input = crate::convert::PyInput::new(options)?;
                let r = core.with_update_options_from(&mut input);
                let mut host = std::mem::take(&mut input.host);
                core = match r {
                    Ok(c) => c,
                    Err(crate::convert::ReadError::Core(skuwire::Error::Validation(v))) => {
                        relocate(&mut host, &v.errors);
                        return Err(if wrong_type { crate::error::argument_validation_error(py, &v, &host) } else { validation_error(py, &v, &host) });
                    }
                    Err(other) => return Err(other.into_py(py, &[])),
                };
            }
            Ok(PyClassInitializer::from(Client::new(core.into(), token, 0)).add_subclass(Ymcart))
        })
    }
    /// The `update_options` sent with updateSkuQty, or `None`.
    #[getter]
    fn update_options<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        guard(py, || match &slf.as_super().get().core {
            skuwire::Client::Ymcart(c) => match c.update_options() {
                Some(text) => crate::convert::to_py(py, &skuwire::parse_json_input(text.as_bytes()).unwrap_or(Value::Null)),
                None => Ok(py.None().into_bound(py)),
            },
            _ => Ok(py.None().into_bound(py)),
        })
    }
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let options = Self::update_options(slf)?;
        let extra = if options.is_none() { String::new() } else { format!(", update_options={}", options.repr()?) };
        Ok(format!("Ymcart(token={}, base_url={}{extra})", py_repr(py, REDACTED)?, py_repr(py, slf.as_super().get().base_url_str())?))
    }
    /// Pickles with the token (needed to send from another process).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> Reduce<'py, (String, String, Bound<'py, PyAny>)> {
        let base = slf.as_super().get();
        Ok((slf.get_type().into_any(), (base.secret.expose().to_owned(), base.base_url_str().to_owned(), Self::update_options(slf)?)))
    }
}
