//! Node binding of skuwire (napi-rs). Thin: every rule lives in the core.
//! JS values reach it as the JSON text and notes the shared JS module
//! `convert.js` writes (one set of conversion rules for both npm
//! packages), which the core reads; results go back as JS values (see
//! `convert`), core errors as JS errors (see `error`). The public JS API is
//! `index.js` / `index.mjs` / `index.d.ts`, a thin layer over this addon.

#![deny(clippy::all)]
// Under `cargo test` napi-derive registers nothing, so exported functions look unused.
#![cfg_attr(test, allow(dead_code))]

mod client;
mod convert;
mod error;
mod outcome;
mod plan;
mod push;
mod query;
mod registry;
mod request;

use napi_derive::napi;

/// Version and URL constants of the core.
#[napi(object)]
pub struct Constants {
    pub version: String,
    pub max_depth: u32,
    pub flagship_test_url: String,
    pub flagship_production_url: String,
    pub enterprise_sandbox_url: String,
    pub enterprise_production_url: String,
    pub redacted: String,
}

#[napi(catch_unwind)]
pub fn constants() -> Constants {
    Constants {
        version: skuwire::VERSION.to_owned(),
        max_depth: skuwire::MAX_DEPTH as u32,
        flagship_test_url: skuwire::flagship::TEST_URL.to_owned(),
        flagship_production_url: skuwire::flagship::PRODUCTION_URL.to_owned(),
        enterprise_sandbox_url: skuwire::enterprise::SANDBOX_URL.to_owned(),
        enterprise_production_url: skuwire::enterprise::PRODUCTION_URL.to_owned(),
        redacted: skuwire::REDACTED.to_owned(),
    }
}

/// The core's error for a panic caught at the boundary (`detail`: the panic
/// message), as an error object for the JS layer to raise.
#[napi(catch_unwind, ts_return_type = "Error")]
pub fn internal_error(env: napi::bindgen_prelude::Env, detail: String) -> napi::Result<convert::JsValueOut> {
    error::build(env.raw(), &skuwire::Error::internal(&detail)).map(convert::JsValueOut)
}

/// The core's error for an argument of the wrong type that the JS layer
/// refuses itself (`expected`, `got`: type names), as an error object for it
/// to raise.
#[napi(catch_unwind, ts_return_type = "Error")]
pub fn argument_type_error(env: napi::bindgen_prelude::Env, param: String, expected: String, got: String) -> napi::Result<convert::JsValueOut> {
    error::build(env.raw(), &skuwire::Error::argument_type(&param, &expected, &got)).map(convert::JsValueOut)
}

/// Panics on purpose, so tests can check that a panic at the boundary
/// becomes a `SkuwireError` instead of a crash.
#[napi(catch_unwind, js_name = "__panicForTests")]
pub fn panic_for_tests() {
    panic!("deliberate panic for the boundary test");
}
