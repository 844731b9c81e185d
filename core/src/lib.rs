//! # skuwire
//!
//! Prepares correct, signed, limit-respecting requests for the goods APIs of
//! the WDT flagship (旺店通旗舰版) and enterprise (企业版) open platforms and
//! the YMCart shop API — and reads their answers. It does no I/O: the host
//! sends each [`Request`] with its own HTTP stack and hands the answer back.
//!
//! The path of a push:
//!
//! 1. [`validate()`] / [`plan()`] check every item against the vendor's documented
//!    rules (one pass, every problem as an [`ErrorRecord`]) and split the
//!    input into [`Batch`]es that respect the operation's limits;
//! 2. a client ([`Flagship`], [`Enterprise`], [`Ymcart`]) signs a batch just
//!    before it is sent (the flagship clock window is ±120 s);
//! 3. [`Batch::parse`] turns the answer into an [`Outcome`]: which input
//!    positions the answer confirmed (`accepted`), refused (`rejected`) or
//!    left unsettled (`unknown`), and whether to retry. An outcome is a
//!    success only when every item is confirmed.
//!
//! A [`PushDriver`] runs that loop for a whole plan — order, concurrency,
//! the rate limit, the retry advice, a report by input position and a
//! journal to resume a killed push from — with the host's sockets and clock
//! (see [`push`]).
//!
//! ```
//! use serde_json::json;
//! use skuwire::{plan, Flagship, PlanOptions};
//!
//! let goods = vec![json!({
//!     "goods_no": "G001", "goods_name": "保温杯",
//!     "spec_list": [{"spec_no": "G001-RED", "retail_price": "59.90"}]
//! })];
//! let plan = plan("goods.Goods.batchPush", goods, &PlanOptions::default())?;
//! let client = Flagship::new("mysid", "myappkey", "secret:salt", skuwire::flagship::TEST_URL)?;
//! for batch in &plan.batches {
//!     let request = client.sign(batch, Some(1_700_000_000))?;
//!     assert_eq!(request.method, "POST");
//!     // … send request.url / request.headers / request.body, then:
//!     let outcome = batch.parse(200, br#"{"status":0,"data":{"error_list":[]}}"#);
//!     assert!(outcome.ok());
//!     assert_eq!(outcome.accepted, vec![0]);
//! }
//! # Ok::<(), skuwire::Error>(())
//! ```
//!
//! Queries (enterprise `vip_api_goods_query.php`, YMCart list methods) are
//! driven by a [`QueryPlan`]: it splits a time range into the platform's
//! windows (Beijing time, see [`time`]), walks the pages, and turns each
//! answer into a [`Page`] of typed [`Row`]s (decimals as [`rust_decimal::Decimal`],
//! datetimes as [`BeijingDateTime`]), de-duplicated by the row key, with a
//! resumable [`QueryState`].
#![warn(missing_docs)]
// Internal parsers return a finished `Outcome` as their `Err` to stop early;
// it is not a hot path, so boxing it would only add noise.
#![allow(clippy::result_large_err)]
// Without `parse`, the response parsers are compiled but never referenced.
#![cfg_attr(not(feature = "parse"), allow(dead_code))]

/// A registry entry's response parser: `Some(f)` with the `parse` feature,
/// `None` without it, so builds that never read answers (the browser) do
/// not carry the parsers.
#[cfg(feature = "parse")]
macro_rules! parser {
    ($f:path) => {
        Some($f)
    };
}
#[cfg(not(feature = "parse"))]
macro_rules! parser {
    ($f:path) => {
        None
    };
}

pub mod engine;
pub mod platforms;
#[cfg(feature = "sign")]
pub mod client;
pub mod enterprise;
pub mod flagship;
pub mod ymcart;

// The engine's modules keep their paths (`skuwire::rules`, `skuwire::plan`, …).
pub use engine::{args, batch, descriptor, error, forms, input, json, outcome, plan, planner, query, registry, rules, time, typed};
#[cfg(feature = "nest")]
pub use engine::nest;
#[cfg(feature = "arrow")]
pub use engine::arrow;
#[cfg(feature = "parallel")]
pub use engine::pipeline::{self, PlanPipeline};
#[cfg(feature = "sign")]
pub use engine::{push, request};
#[cfg(feature = "lax")]
pub(crate) use engine::lax;
pub(crate) use engine::{walk, write};

pub use error::{loc_to_string, Error, ErrorCode, ErrorRecord, ErrorType, Loc, LocItem, ValidationErrors};
pub use outcome::{AssignedId, Outcome, Reason, Rejected, Retry, Status};
pub use query::{split_range, Page, QueryOptions, QueryPlan, QueryState, SeenKeys, Windows};
pub use time::BeijingDateTime;
pub use typed::{Row, RowType, Typed};
pub use input::{Head, Input, ItemRows, JsonInput, Key, Problem, ValueInput};
#[cfg(feature = "nest")]
pub use nest::{Nest, NestInput, NestLists, NestState};
pub use plan::{parse_json_input, read_payload_head, ItemHead, PayloadHead, plan, plan_input, plan_iter, plan_json, plan_json_with_notes, plan_values, validate, validate_input, validate_input_with, validate_json, validate_json_with, validate_json_with_notes, Batch, OnInvalid, Plan, PlanEvent, PlanIter, PlanOptions, Planner, Step, Target};
pub use registry::{operation, operations, BodyShape, Limits, OpKind, Operation, Paging, Platform, UniqueKey, Window};
pub use rules::MAX_DEPTH;

#[cfg(feature = "sign")]
pub use client::Client;
#[cfg(feature = "sign")]
pub use enterprise::Enterprise;
#[cfg(feature = "sign")]
pub use flagship::Flagship;
pub use batch::Pager;
pub use descriptor::{CallParams, Descriptor, PageStyle};
#[cfg(feature = "sign")]
pub use push::{unix_now_ms, PushAction, PushCall, PushOptions, PushReport, PushState, Retries};
/// The push driver over a [`Client`] of any platform (see [`push`]).
#[cfg(feature = "sign")]
pub type PushDriver = push::PushDriver<Client>;
#[cfg(feature = "sign")]
pub use request::{clock_offset_from_http_date, unix_now, Request, Scheme, Secret, REDACTED};
#[cfg(feature = "sign")]
pub use ymcart::Ymcart;

/// The crate version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
