//! The platform clients. Credentials stay inside the native object: no
//! getter, inspect or JSON form exposes the appsecret, salt or token.

use crate::convert::{int_wire, int_wire_in, opt_bool_param, str_arg, string_param, wire};
use crate::error::{throw, throw_validation, OrThrow};
use crate::plan::Batch;
use crate::request::RequestJs;
use napi::bindgen_prelude::{Env, Unknown};
use napi::{sys, JsValue};
use napi_derive::napi;
use skuwire::{Enterprise, Flagship, Pager, Ymcart};

/// A client of one platform.
#[napi]
pub struct Client {
    inner: skuwire::Client,
}

fn clock_offset(env: sys::napi_env, v: Option<Vec<String>>) -> napi::Result<i64> {
    Ok(int_wire(env, v, "clockOffset", "client options")?.unwrap_or(0))
}

impl Client {
    /// The core client.
    pub(crate) fn core(&self) -> &skuwire::Client {
        &self.inner
    }
}

#[napi]
impl Client {
    /// A WDT flagship client (`appsecret` is `secret:salt`).
    #[napi(
        factory,
        catch_unwind,
        ts_args_type = "sid: string, appkey: string, appsecret: string, baseUrl: string, clockOffset?: string[] | null"
    )]
    pub fn flagship(env: Env, sid: Unknown, appkey: Unknown, appsecret: Unknown, base_url: Unknown, clock: Option<Vec<String>>) -> napi::Result<Client> {
        let env = env.raw();
        let ctx = "Flagship";
        let sid = str_arg(env, sid.raw(), "sid", ctx, false)?;
        let appkey = str_arg(env, appkey.raw(), "appkey", ctx, false)?;
        let appsecret = str_arg(env, appsecret.raw(), "appsecret", ctx, true)?;
        let base_url = str_arg(env, base_url.raw(), "baseUrl", ctx, false)?;
        let mut inner = skuwire::Client::from(Flagship::new(&sid, &appkey, &appsecret, &base_url).or_throw(env)?);
        inner.set_clock_offset(clock_offset(env, clock)?);
        Ok(Client { inner })
    }

    /// A WDT enterprise client.
    #[napi(
        factory,
        catch_unwind,
        ts_args_type = "sid: string, appkey: string, appsecret: string, baseUrl: string, clockOffset?: string[] | null"
    )]
    pub fn enterprise(env: Env, sid: Unknown, appkey: Unknown, appsecret: Unknown, base_url: Unknown, clock: Option<Vec<String>>) -> napi::Result<Client> {
        let env = env.raw();
        let ctx = "Enterprise";
        let sid = str_arg(env, sid.raw(), "sid", ctx, false)?;
        let appkey = str_arg(env, appkey.raw(), "appkey", ctx, false)?;
        let appsecret = str_arg(env, appsecret.raw(), "appsecret", ctx, true)?;
        let base_url = str_arg(env, base_url.raw(), "baseUrl", ctx, false)?;
        let mut inner = skuwire::Client::from(Enterprise::new(&sid, &appkey, &appsecret, &base_url).or_throw(env)?);
        inner.set_clock_offset(clock_offset(env, clock)?);
        Ok(Client { inner })
    }

    /// A YMCart client (`baseUrl` may hold `{method}`); `updateOptions` is
    /// sent with every updateSkuQty request.
    #[napi(factory, catch_unwind, ts_args_type = "token: string, baseUrl: string, updateOptions?: string[] | null")]
    pub fn ymcart(env: Env, token: Unknown, base_url: Unknown, update_options: Option<Vec<String>>) -> napi::Result<Client> {
        let env = env.raw();
        let ctx = "Ymcart";
        let token = str_arg(env, token.raw(), "token", ctx, true)?;
        let base_url = str_arg(env, base_url.raw(), "baseUrl", ctx, false)?;
        let mut client = Ymcart::new(&token, &base_url).or_throw(env)?;
        if let Some(options) = update_options {
            let (text, notes) = (options.first().map_or("", String::as_str), options.get(1).map_or("[]", String::as_str));
            client = client.with_update_options_from(wire(env, text.as_bytes(), notes)?).or_throw(env)?;
        }
        Ok(Client { inner: client.into() })
    }

    /// The JSON text YMCart sends as updateSkuQty's `update_options`.
    #[napi(getter, catch_unwind)]
    pub fn update_options(&self) -> Option<String> {
        match &self.inner {
            skuwire::Client::Ymcart(c) => c.update_options().map(str::to_owned),
            _ => None,
        }
    }

    #[napi(getter, catch_unwind)]
    pub fn platform(&self) -> String {
        self.inner.platform().name().to_owned()
    }

    /// The seller account (flagship, enterprise).
    #[napi(getter, catch_unwind)]
    pub fn sid(&self) -> Option<String> {
        match &self.inner {
            skuwire::Client::Flagship(c) => Some(c.sid().to_owned()),
            skuwire::Client::Enterprise(c) => Some(c.sid().to_owned()),
            _ => None,
        }
    }

    /// The appkey (flagship, enterprise).
    #[napi(getter, catch_unwind)]
    pub fn appkey(&self) -> Option<String> {
        match &self.inner {
            skuwire::Client::Flagship(c) => Some(c.appkey().to_owned()),
            skuwire::Client::Enterprise(c) => Some(c.appkey().to_owned()),
            _ => None,
        }
    }

    #[napi(getter, catch_unwind)]
    pub fn base_url(&self) -> String {
        match &self.inner {
            skuwire::Client::Flagship(c) => c.base_url().to_owned(),
            skuwire::Client::Enterprise(c) => c.base_url().to_owned(),
            skuwire::Client::Ymcart(c) => c.base_url().to_owned(),
        }
    }

    /// Seconds added to the local clock when no timestamp is given.
    #[napi(getter, catch_unwind)]
    pub fn clock_offset(&self) -> i64 {
        self.inner.clock_offset()
    }

    #[napi(catch_unwind, ts_args_type = "seconds: string[] | null")]
    pub fn set_clock_offset(&mut self, env: Env, seconds: Option<Vec<String>>) -> napi::Result<()> {
        let secs = int_wire(env.raw(), seconds, "clockOffset", "clockOffset")?.unwrap_or(0);
        self.inner.set_clock_offset(secs);
        Ok(())
    }

    /// Signs (YMCart: authenticates) a batch at `timestamp` (Unix seconds;
    /// default: now plus the clock offset).
    #[napi(catch_unwind, ts_args_type = "batch: Batch, timestamp?: string[] | null", ts_return_type = "unknown")]
    pub fn sign(&self, env: Env, batch: &Batch, timestamp: Option<Vec<String>>) -> napi::Result<RequestJs> {
        let env = env.raw();
        let ts = int_wire(env, timestamp, "timestamp", "sign")?;
        Ok(RequestJs(self.inner.sign(&batch.inner, ts).or_throw(env)?))
    }

    /// A batch for a method the registry does not model. Flagship takes the
    /// positional-argument array (and optional paging), the others an
    /// object of parameters.
    #[napi(
        catch_unwind,
        ts_args_type = "method: string, payload: string[], pageNo?: string[] | null, pageSize?: string[] | null, calcTotal?: boolean | undefined | null"
    )]
    pub fn call(
        &self,
        env: Env,
        method: Unknown,
        payload: Vec<String>,
        page_no: Option<Vec<String>>,
        page_size: Option<Vec<String>>,
        calc_total: Option<Unknown>,
    ) -> napi::Result<Batch> {
        let env = env.raw();
        let method = string_param(env, method.raw(), "method")?;
        let calc_total = opt_bool_param(env, calc_total.map(|u| u.raw()), "calcTotal")?;
        let (text, notes) = (payload.first().map_or("", String::as_str), payload.get(1).map_or("[]", String::as_str));
        // A generic call is not validated, but a value with no JSON form is
        // never sent silently as null.
        let (value, errors) = skuwire::input::read(wire(env, text.as_bytes(), notes)?).or_throw(env)?;
        if !errors.is_empty() {
            return Err(throw_validation(env, &method, errors));
        }
        let mut inner = self.inner.call(&method, value).or_throw(env)?;
        let page = |v: Option<Vec<String>>, name: &str| -> napi::Result<Option<u32>> {
            Ok(int_wire_in(env, v, name, "call", 0, i64::from(u32::MAX))?.map(|n| n as u32))
        };
        let page_no = page(page_no, "pageNo")?;
        let page_size = page(page_size, "pageSize")?;
        match (page_no, page_size) {
            (Some(page_no), Some(page_size)) => {
                inner = inner.with_pager(Pager { page_no, page_size, calc_total: calc_total.unwrap_or(false) }).or_throw(env)?;
            }
            (None, None) => {}
            _ => return Err(throw(env, skuwire::Error::invalid_option("pager needs both pageNo and pageSize"))),
        }
        Ok(Batch::new(inner))
    }

    /// Throws the core's error when `op` is unknown or belongs to another
    /// platform, before a single item is planned.
    #[napi(catch_unwind)]
    pub fn check_operation(&self, env: Env, op: Unknown) -> napi::Result<()> {
        let env = env.raw();
        let op = string_param(env, op.raw(), "op")?;
        let o = skuwire::operation(&op).or_throw(env)?;
        self.inner.check_operation(o).or_throw(env)
    }
}
