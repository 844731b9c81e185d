//! skuwire for the browser: validate goods data with exactly the platforms'
//! rules and preview how a large edit is split into calls.
//!
//! A thin binding over the core: JS values are converted to the core's JSON
//! values ([`convert`]), the core validates and plans, and the results come
//! back as plain JS objects. There is **no signing** here: the core is built
//! without its `sign` feature, so no credential can be used in a browser.
//!
//! Public names: `operations()`, `errorTypes()`, `validate(op, payload,
//! options?)`, `plan(op, items, options?)`, `isSkuwireError(e)`, `version()`.

pub mod convert;
pub mod error;
pub mod plan;
pub mod registry;

use wasm_bindgen::prelude::*;

// The string unions (`OperationName`, `ErrorType`, `Platform`, `OpKind`,
// `ErrorCode`), written by build.rs from the core's tables.
#[wasm_bindgen(typescript_custom_section)]
const TS_UNIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const TS_JSON: &str = r#"
/**
 * A JSON value as this package returns it: a number is a JS number when it is
 * an integer within ±(2^53−1), otherwise its exact decimal text as a string
 * (`"59.90"`), so no price or quantity is ever rounded.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
"#;

/// The package version (the core's version).
#[wasm_bindgen]
pub fn version() -> String {
    skuwire::VERSION.to_owned()
}

