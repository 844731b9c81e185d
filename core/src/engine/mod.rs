//! The platform-neutral engine: checking and writing items in one walk over
//! any [`Input`](input::Input), planning them into batches, reading answers
//! into outcomes, query plans, requests and secrets. It knows a platform
//! only through the [`Descriptor`](descriptor::Descriptor) and
//! [`Signing`](descriptor::Signing) each platform registers (see
//! [`crate::platforms`]); it never names a platform module
//! (`scripts/check-zones.sh`, run by the core's tests, checks that).

pub mod args;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod batch;
pub mod descriptor;
pub mod error;
pub mod forms;
pub mod input;
pub mod json;
#[cfg(feature = "lax")]
pub(crate) mod lax;
#[cfg(feature = "nest")]
pub mod nest;
pub mod outcome;
#[cfg(feature = "parallel")]
pub mod pipeline;
pub mod plan;
pub mod planner;
#[cfg(feature = "sign")]
pub mod push;
pub mod query;
pub mod registry;
#[cfg(feature = "sign")]
pub mod request;
pub mod rules;
pub mod time;
pub mod typed;
pub(crate) mod walk;
// Public (hidden) for the benchmark's writing floor: the writer with no checks.
#[doc(hidden)]
pub mod write;
