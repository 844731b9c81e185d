//! What a platform tells the engine. Each platform module registers one
//! [`Descriptor`] beside its operations (and, with the `sign` feature, one
//! [`Signing`]); the engine reaches a platform only through them, by way of
//! [`crate::Platform`] and [`crate::Scheme`] — it never names a platform
//! module.

use crate::outcome::Outcome;
use crate::plan::Batch;
use crate::registry::{Operation, ParseFn, Platform};
use serde_json::{Map, Value};

/// Reads a query page's envelope: the answer's object, or the finished
/// outcome of a failed call.
pub type EnvelopeFn = fn(&Batch, u16, &[u8]) -> Result<Map<String, Value>, Outcome>;

/// How a platform takes a generic call's parameters ([`Batch::call`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallParams {
    /// A list of positional arguments (the JSON body is the list).
    Positional,
    /// An object of named parameters (sent as form fields).
    Named,
}

/// How a platform asks for a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// System parameters beside the method in the URL ([`crate::Pager`] on
    /// a generic call); not driven by a [`crate::QueryPlan`] yet.
    Url,
    /// `page_no`/`page_size` among the business parameters, driven by a
    /// [`crate::QueryPlan`].
    Params,
}

/// A platform as the engine sees it.
#[derive(Debug)]
pub struct Descriptor {
    /// The platform.
    pub platform: Platform,
    /// Its name (`"flagship"`, …).
    pub name: &'static str,
    /// Its name in Chinese messages (`"旗舰版"`, …).
    pub name_zh: &'static str,
    /// Every operation it models, in its page order.
    pub operations: &'static [Operation],
    /// How a generic call takes its parameters.
    pub call_params: CallParams,
    /// The error for a generic call's parameters of the other shape
    /// (English, Chinese).
    pub call_params_error: (&'static str, &'static str),
    /// How a page is asked for.
    pub paging: PageStyle,
    /// Reads the answer to a generic call: only the envelope (`None`
    /// without the `parse` feature).
    pub parse_call: Option<ParseFn>,
    /// Reads a query page's envelope (`None` where the engine does not
    /// drive its queries, and without the `parse` feature).
    pub page_envelope: Option<EnvelopeFn>,
}

/// How a platform signs, for showing a request's string to sign.
#[cfg(feature = "sign")]
#[derive(Debug)]
pub struct Signing {
    /// Names of the parameters (URL query or form body) whose values are secrets.
    pub secret_params: &'static [&'static str],
    /// The signed parameter whose value is the request body, if one is
    /// (a request's trace keeps it empty rather than copying the body).
    pub body_param: Option<&'static str>,
    /// The string that was hashed, with every secret replaced by
    /// [`crate::REDACTED`]; empty when nothing is signed.
    pub string_to_sign: fn(&crate::Request) -> String,
}
