//! The platform clients. Credentials stay inside the native object: no
//! getter, inspect or JSON form exposes the appsecret, salt or token.

use crate::convert::{from_js, int_arg, opt_bool_param, ranged_arg, str_arg, string_param};
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

fn clock_offset(env: sys::napi_env, v: Option<Unknown>) -> napi::Result<i64> {
    Ok(int_arg(env, v.map(|u| u.raw()), "clockOffset", "client options")?.unwrap_or(0))
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
        ts_args_type = "sid: string, appkey: string, appsecret: string, baseUrl: string, clockOffset?: number | undefined | null"
    )]
    pub fn flagship(env: Env, sid: Unknown, appkey: Unknown, appsecret: Unknown, base_url: Unknown, clock: Option<Unknown>) -> napi::Result<Client> {
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
        ts_args_type = "sid: string, appkey: string, appsecret: string, baseUrl: string, clockOffset?: number | undefined | null"
    )]
    pub fn enterprise(env: Env, sid: Unknown, appkey: Unknown, appsecret: Unknown, base_url: Unknown, clock: Option<Unknown>) -> napi::Result<Client> {
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
    #[napi(factory, catch_unwind, ts_args_type = "token: string, baseUrl: string, updateOptions?: unknown")]
    pub fn ymcart(env: Env, token: Unknown, base_url: Unknown, update_options: Option<Unknown>) -> napi::Result<Client> {
        let env = env.raw();
        let ctx = "Ymcart";
        let token = str_arg(env, token.raw(), "token", ctx, true)?;
        let base_url = str_arg(env, base_url.raw(), "baseUrl", ctx, false)?;
        let mut client = Ymcart::new(&token, &base_url).or_throw(env)?;
        if let Some(options) = update_options {
            let raw = crate::convert::Raw { env };
            let t = raw.type_of(options.raw())?;
            if t != sys::ValueType::napi_undefined && t != sys::ValueType::napi_null {
                let c = from_js(env, options.raw(), Vec::new())?;
                client = client.with_update_options_with_host_errors(&c.value, c.errors).or_throw(env)?;
            }
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

    #[napi(catch_unwind, ts_args_type = "seconds: number")]
    pub fn set_clock_offset(&mut self, env: Env, seconds: Unknown) -> napi::Result<()> {
        let secs = int_arg(env.raw(), Some(seconds.raw()), "clockOffset", "clockOffset")?.unwrap_or(0);
        self.inner.set_clock_offset(secs);
        Ok(())
    }

    /// Signs (YMCart: authenticates) a batch at `timestamp` (Unix seconds;
    /// default: now plus the clock offset).
    #[napi(catch_unwind, ts_args_type = "batch: Batch, timestamp?: number | undefined | null", ts_return_type = "unknown")]
    pub fn sign(&self, env: Env, batch: &Batch, timestamp: Option<Unknown>) -> napi::Result<RequestJs> {
        let env = env.raw();
        let ts = int_arg(env, timestamp.map(|u| u.raw()), "timestamp", "sign")?;
        Ok(RequestJs(self.inner.sign(&batch.inner, ts).or_throw(env)?))
    }

    /// A batch for a method the registry does not model. Flagship takes the
    /// positional-argument array (and optional paging), the others an
    /// object of parameters.
    #[napi(
        catch_unwind,
        ts_args_type = "method: string, payload: unknown, pageNo?: number | undefined | null, pageSize?: number | undefined | null, calcTotal?: boolean | undefined | null"
    )]
    pub fn call(
        &self,
        env: Env,
        method: Unknown,
        payload: Unknown,
        page_no: Option<Unknown>,
        page_size: Option<Unknown>,
        calc_total: Option<Unknown>,
    ) -> napi::Result<Batch> {
        let env = env.raw();
        let method = string_param(env, method.raw(), "method")?;
        let calc_total = opt_bool_param(env, calc_total.map(|u| u.raw()), "calcTotal")?;
        let c = from_js(env, payload.raw(), Vec::new())?;
        if !c.errors.is_empty() {
            return Err(throw_validation(env, &method, c.errors));
        }
        let mut inner = self.inner.call(&method, c.value).or_throw(env)?;
        let page = |v: Option<Unknown>, name: &str| -> napi::Result<Option<u32>> {
            match int_arg(env, v.map(|u| u.raw()), name, "call")? {
                Some(n) => Ok(Some(ranged_arg(env, n, u32::MIN, u32::MAX, name, "call")?)),
                None => Ok(None),
            }
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
