//! The native module `skuwire._skuwire`: a thin binding of the `skuwire`
//! core for Python. Every rule (fields, limits, messages, signing) lives in
//! the core; this crate converts Python values to the core's and back.
//!
//! Module layout follows the core's: `registry.rs`, `plan.rs`,
//! `outcome.rs`, `query.rs`, `push.rs`, `request.rs`, `client.rs`, `error.rs`, plus `convert.rs`
//! for Python ↔ JSON values.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

mod args;
mod client;
mod convert;
mod error;
mod outcome;
mod plan;
mod push;
mod query;
mod registry;
mod request;
mod table;

/// Test-only hook: panics inside an entry point, to prove that a Rust panic
/// reaches Python as `SkuwireError(code="internal")`, never `PanicException`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    error::guard(py, || panic!("test panic"))
}

#[pymodule]
fn _skuwire(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", skuwire::VERSION)?;
    m.add("FLAGSHIP_TEST_URL", skuwire::flagship::TEST_URL)?;
    m.add("FLAGSHIP_PRODUCTION_URL", skuwire::flagship::PRODUCTION_URL)?;
    m.add("ENTERPRISE_SANDBOX_URL", skuwire::enterprise::SANDBOX_URL)?;
    m.add("ENTERPRISE_PRODUCTION_URL", skuwire::enterprise::PRODUCTION_URL)?;
    m.add("MAX_DEPTH", skuwire::MAX_DEPTH)?;
    m.add("REDACTED", skuwire::REDACTED)?;
    m.add("PLATFORMS", PyTuple::new(m.py(), skuwire::Platform::ALL.iter().map(|p| p.name()))?)?;
    // The core's closed sets, in its order (the stubs' Literal types are generated from them).
    m.add("KINDS", PyTuple::new(m.py(), skuwire::OpKind::ALL.iter().map(|k| k.name()))?)?;
    m.add("RETRIES", PyTuple::new(m.py(), skuwire::Retry::ALL.iter().map(|r| r.name()))?)?;
    m.add("STATUSES", PyTuple::new(m.py(), skuwire::Status::ALL.iter().map(|s| s.name()))?)?;
    m.add("REASONS", PyTuple::new(m.py(), skuwire::Reason::ALL.iter().map(|r| r.name()))?)?;
    m.add("ON_INVALID", PyTuple::new(m.py(), skuwire::OnInvalid::ALL.iter().map(|o| o.name()))?)?;
    m.add("ERROR_CODES", PyTuple::new(m.py(), skuwire::ErrorCode::ALL.iter().map(|c| c.name()))?)?;
    m.add("ERROR_TYPES", skuwire::ErrorType::ALL.iter().map(|t| t.name()).collect::<Vec<_>>())?;

    m.add_class::<registry::Operation>()?;
    m.add_function(wrap_pyfunction!(registry::operations, m)?)?;
    m.add_function(wrap_pyfunction!(registry::operation, m)?)?;

    m.add_function(wrap_pyfunction!(plan::validate, m)?)?;
    m.add_class::<plan::Plan>()?;
    m.add_class::<plan::Batch>()?;
    m.add_class::<plan::InvalidItem>()?;
    m.add_function(wrap_pyfunction!(plan::_restore_batch, m)?)?;
    m.add_function(wrap_pyfunction!(table::_nest_rows, m)?)?;
    m.add_function(wrap_pyfunction!(plan::_restore_plan, m)?)?;

    m.add_class::<outcome::Outcome>()?;
    m.add_class::<outcome::Rejected>()?;
    m.add_class::<outcome::AssignedId>()?;
    m.add_function(wrap_pyfunction!(outcome::_restore_outcome, m)?)?;
    m.add_function(wrap_pyfunction!(outcome::_restore_rejected, m)?)?;
    m.add_function(wrap_pyfunction!(outcome::_restore_assigned_id, m)?)?;

    m.add_class::<query::QueryPlan>()?;
    m.add_class::<query::Page>()?;
    m.add_function(wrap_pyfunction!(query::_restore_query_plan, m)?)?;

    m.add_class::<push::PushDriver>()?;
    m.add_class::<push::PushAction>()?;
    m.add_class::<push::PushReport>()?;
    m.add_function(wrap_pyfunction!(push::_restore_push_driver, m)?)?;
    m.add_function(wrap_pyfunction!(push::_restore_push_report, m)?)?;

    m.add_class::<request::Request>()?;
    m.add_function(wrap_pyfunction!(request::_restore_request, m)?)?;
    m.add_function(wrap_pyfunction!(request::clock_offset_from_http_date, m)?)?;

    m.add_class::<client::Client>()?;
    m.add_class::<client::Flagship>()?;
    m.add_class::<client::Enterprise>()?;
    m.add_class::<client::Ymcart>()?;

    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}
