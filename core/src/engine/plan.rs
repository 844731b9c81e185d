//! Validation of whole inputs and planning (chunking) into unsigned batches:
//! the entry points over any [`Input`], `serde_json::Value`s and JSON text.
//!
//! Every entry reads its input once: each item is checked and its body JSON
//! written in one walk (`walk.rs`), pushed into a [`Planner`]
//! ([`crate::planner`]), and kept as bytes in its [`Batch`]
//! ([`crate::batch`]).

use crate::error::{Error, ErrorRecord, ErrorType, LocItem, ValidationErrors};
use crate::input::{own, Input, JsonInput, OwnedHead, ValueInput};
use crate::registry::operation;
use crate::rules::CtxSet;
use crate::walk::ItemChecker;
use serde_json::Value;
use std::borrow::Borrow;

pub use crate::batch::{Batch, Target};
pub use crate::planner::{Planner, Step};

/// What to do with invalid items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnInvalid {
    /// Validate everything first; any problem fails the whole plan.
    #[default]
    Raise,
    /// Leave invalid items out of the batches and report them (streaming).
    Skip,
}

impl OnInvalid {
    /// Both modes, for hosts that generate types from them.
    pub const ALL: &'static [OnInvalid] = &[OnInvalid::Raise, OnInvalid::Skip];

    /// `"raise"` or `"skip"`.
    pub fn name(self) -> &'static str {
        match self {
            OnInvalid::Raise => "raise",
            OnInvalid::Skip => "skip",
        }
    }

    /// Parses `"raise"` / `"skip"`.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "raise" => Some(OnInvalid::Raise),
            "skip" => Some(OnInvalid::Skip),
            _ => None,
        }
    }

    /// Parses `"raise"` / `"skip"`, with a bilingual error otherwise.
    pub fn parse(s: &str) -> Result<Self, Error> {
        OnInvalid::from_name(s).ok_or_else(|| {
            Error::invalid_argument(
                format!("on_invalid should be \"raise\" or \"skip\", not {s:?}"),
                format!("on_invalid应为\"raise\"或\"skip\"，而不是{s:?}"),
            )
        })
    }
}

/// Options for planning (and, where they apply, validating). A documented
/// per-call limit can only be lowered; a default skuwire chose where the page
/// gives none can be raised too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Most items per batch: at most the operation's limit when the page
    /// documents it ([`crate::Limits::documented`]), any number ≥ 1 otherwise.
    pub max_items: Option<usize>,
    /// Most bytes of payload JSON per batch.
    pub max_body_bytes: Option<usize>,
    /// Report fields the vendor page does not list.
    pub strict: bool,
    /// Raise or skip invalid items.
    pub on_invalid: OnInvalid,
    /// Lax mode: what databases and DataFrames hand over, read as meant
    /// where that is exact (missing-value markers not given, integral
    /// numbers as integers or as text); see `lax.rs`. Off by default.
    #[cfg(feature = "lax")]
    pub lax: bool,
    /// The input is flat rows to nest into items ([`crate::nest`]).
    #[cfg(feature = "nest")]
    pub nest: Option<crate::nest::Nest>,
}

impl PlanOptions {
    /// Whether values are read in lax mode (always off in a build without
    /// the `lax` feature).
    pub(crate) fn lax_mode(&self) -> bool {
        #[cfg(feature = "lax")]
        return self.lax;
        #[cfg(not(feature = "lax"))]
        false
    }
}

/// One event of a streaming plan.
#[derive(Debug)]
// Each event is moved once, straight to the caller: boxing the batch would
// only add an allocation per batch.
#[allow(clippy::large_enum_variant)]
pub enum PlanEvent {
    /// A complete batch, ready to sign and send.
    Batch(Batch),
    /// An item left out, with every problem it has.
    Invalid {
        /// Its input position.
        index: usize,
        /// Its problems.
        errors: Vec<ErrorRecord>,
    },
}

/// Streams items through a [`Planner`], yielding batches and invalid items
/// as they happen (skip mode).
pub struct PlanIter<I> {
    planner: Option<Planner>,
    items: I,
    tail: std::vec::IntoIter<Batch>,
}

impl<I> Iterator for PlanIter<I>
where
    I: Iterator,
    I::Item: Borrow<Value>,
{
    type Item = PlanEvent;
    fn next(&mut self) -> Option<PlanEvent> {
        loop {
            let Some(planner) = self.planner.as_mut() else {
                return self.tail.next().map(PlanEvent::Batch);
            };
            match self.items.next() {
                Some(item) => {
                    let step = planner.push_value(item.borrow());
                    if !step.errors.is_empty() {
                        // An invalid item never completes a batch.
                        return Some(PlanEvent::Invalid { index: step.index, errors: step.errors });
                    }
                    if let Some(b) = step.batch {
                        return Some(PlanEvent::Batch(b));
                    }
                }
                None => {
                    self.tail = self.planner.take().expect("checked above").finish().into_iter();
                }
            }
        }
    }
}

/// Plans lazily: items are pulled only as batches are asked for.
pub fn plan_iter<I>(op_name: &str, items: I, opts: &PlanOptions) -> Result<PlanIter<I::IntoIter>, Error>
where
    I: IntoIterator,
    I::Item: Borrow<Value>,
{
    let planner = Planner::new(op_name, opts)?;
    Ok(PlanIter { planner: Some(planner), items: items.into_iter(), tail: Vec::new().into_iter() })
}

/// A finished plan: the batches and the items left out.
#[derive(Debug, Default)]
pub struct Plan {
    /// Batches in emission order.
    pub batches: Vec<Batch>,
    /// Items left out (skip mode), with their problems.
    pub invalid: Vec<(usize, Vec<ErrorRecord>)>,
}

/// Collects the steps of a plan: in raise mode every problem, to fail the
/// plan at its end; in skip mode the items left out.
pub(crate) struct Collect {
    mode: OnInvalid,
    plan: Plan,
    errors: Vec<ErrorRecord>,
}

impl Collect {
    pub(crate) fn new(mode: OnInvalid) -> Self {
        Collect { mode, plan: Plan::default(), errors: Vec::new() }
    }

    pub(crate) fn step(&mut self, step: Step) {
        if !step.errors.is_empty() {
            match self.mode {
                OnInvalid::Raise => self.errors.extend(step.errors),
                OnInvalid::Skip => self.plan.invalid.push((step.index, step.errors)),
            }
        }
        self.plan.batches.extend(step.batch);
    }

    /// Plans every element of a list `input` stands in (its head read).
    pub(crate) fn push_list<I: Input + ?Sized>(&mut self, planner: &mut Planner, input: &mut I) -> Result<(), I::Error> {
        while input.next_element()? {
            self.step(planner.push_input(input)?);
        }
        Ok(())
    }

    /// Takes the batches completed so far (the plan's next ones, in order;
    /// `finish` returns only those completed after).
    #[cfg(feature = "parallel")]
    pub(crate) fn take_batches(&mut self) -> Vec<Batch> {
        std::mem::take(&mut self.plan.batches)
    }

    pub(crate) fn finish(mut self, planner: Planner) -> Result<Plan, Error> {
        if !self.errors.is_empty() {
            return Err(ValidationErrors { op: planner.operation().name.to_owned(), errors: self.errors }.into());
        }
        self.plan.batches.extend(planner.finish());
        Ok(self.plan)
    }
}

/// Plans a whole input of values. In raise mode any problem fails the plan
/// with every problem listed; in skip mode invalid items are reported in
/// `invalid`.
pub fn plan<I: IntoIterator<Item = Value>>(op_name: &str, items: I, opts: &PlanOptions) -> Result<Plan, Error> {
    plan_values(op_name, items, opts)
}

/// [`plan`] of values owned or borrowed (`&[Value]`: the caller keeps them).
pub fn plan_values<I>(op_name: &str, items: I, opts: &PlanOptions) -> Result<Plan, Error>
where
    I: IntoIterator,
    I::Item: Borrow<Value>,
{
    let mut planner = Planner::new(op_name, opts)?;
    let mut c = Collect::new(opts.on_invalid);
    for item in items {
        c.step(planner.push_value(item.borrow()));
    }
    c.finish(planner)
}

/// The "not a list" record of a payload that is neither a list of items
/// nor one item object.
fn not_a_list<E: From<Error>>(op_name: &str, input: Value) -> E {
    Error::from(ValidationErrors { op: op_name.to_owned(), errors: vec![ErrorRecord::new(ErrorType::ListType, Vec::new(), input)] }).into()
}

/// A scalar payload head as the value a record shows (a bad one as `null`).
fn head_value(head: &OwnedHead) -> Value {
    match head {
        OwnedHead::Bool(b) => Value::Bool(*b),
        OwnedHead::Number(n) => crate::input::number_value(n),
        OwnedHead::Str(s) => Value::String(s.clone()),
        _ => Value::Null,
    }
}

/// What a payload to plan is, once its head is read.
pub enum PayloadHead {
    /// A list of items: read each with [`Input::next_element`] and
    /// [`Planner::push_input`].
    List,
    /// One item (an object), planned as item 0 with [`Planner::push_from_head`].
    One(ItemHead),
}

/// The head of a payload's one item, already read.
pub struct ItemHead(pub(crate) OwnedHead);

/// Reads what a payload to plan is — the one rule every host follows: a
/// list of items, or one item object; anything else (a number, text that
/// is not JSON of either) is refused with one `list_type` record at `[]`
/// holding the value.
pub fn read_payload_head<I: Input>(op_name: &str, input: &mut I) -> Result<PayloadHead, I::Error> {
    match own(input.value()?) {
        OwnedHead::List => Ok(PayloadHead::List),
        OwnedHead::Object => Ok(PayloadHead::One(ItemHead(OwnedHead::Object))),
        other => Err(not_a_list(operation(op_name)?.name, head_value(&other))),
    }
}

/// Plans a payload read from any [`Input`]: a list of items, or one item
/// object (planned as item 0); anything else is refused with one
/// `list_type` record. Each item is read, checked and written in one walk.
pub fn plan_input<I: Input>(op_name: &str, input: I, opts: &PlanOptions) -> Result<Plan, I::Error> {
    #[cfg(feature = "nest")]
    if let Some(nest) = &opts.nest {
        let input = crate::nest::NestInput::new(Some(operation(op_name)?), nest, input)?;
        return plan_items(op_name, input, opts);
    }
    plan_items(op_name, input, opts)
}

fn plan_items<I: Input>(op_name: &str, mut input: I, opts: &PlanOptions) -> Result<Plan, I::Error> {
    let mut planner = Planner::new(op_name, opts)?;
    let mut c = Collect::new(opts.on_invalid);
    match read_payload_head(op_name, &mut input)? {
        PayloadHead::List => c.push_list(&mut planner, &mut input)?,
        PayloadHead::One(head) => c.step(planner.push_from_head(&mut input, &head)?),
    }
    input.end()?;
    Ok(c.finish(planner)?)
}

/// Validates a payload read from any [`Input`]: a list of items (locations
/// start with the item index) or one item (locations without an index).
/// Every problem, in one pass.
pub fn validate_input<I: Input>(op_name: &str, input: I, strict: bool) -> Result<Vec<ErrorRecord>, I::Error> {
    validate_input_with(op_name, input, &PlanOptions { strict, ..PlanOptions::default() })
}

/// [`validate_input`] with the options that apply to checking:
/// [`PlanOptions::strict`], [`PlanOptions::lax`] and [`PlanOptions::nest`].
pub fn validate_input_with<I: Input>(op_name: &str, input: I, opts: &PlanOptions) -> Result<Vec<ErrorRecord>, I::Error> {
    #[cfg(feature = "nest")]
    if let Some(nest) = &opts.nest {
        let input = crate::nest::NestInput::new(Some(operation(op_name)?), nest, input)?;
        return validate_items(op_name, input, opts);
    }
    validate_items(op_name, input, opts)
}

fn validate_items<I: Input>(op_name: &str, mut input: I, opts: &PlanOptions) -> Result<Vec<ErrorRecord>, I::Error> {
    let op = operation(op_name)?;
    let mut checker = ItemChecker::new(op, opts.strict, true).lax(opts.lax_mode());
    let mut scratch = Vec::new();
    let head = own(input.value()?);
    let mut errors = Vec::new();
    match head {
        OwnedHead::List => {
            let mut i = 0;
            while input.next_element()? {
                scratch.clear();
                errors.extend(checker.check_from(i, true, &mut input, &mut scratch, None)?.errors);
                i += 1;
            }
        }
        other => errors = checker.check_from(0, false, &mut input, &mut scratch, Some(&other))?.errors,
    }
    input.end()?;
    Ok(errors)
}

/// Validates a payload for an operation: a list of items (locations start
/// with the item index) or a single item object. Every problem, in one pass.
pub fn validate(op_name: &str, payload: &Value, strict: bool) -> Result<Vec<ErrorRecord>, Error> {
    validate_input(op_name, ValueInput::new(payload), strict)
}

/// [`validate`] of JSON text: a list of items or one item object. Bad JSON
/// is one `json_invalid` record; an item nested deeper than
/// [`crate::MAX_DEPTH`] is one `nesting_too_deep` record at its index; a key
/// repeated in one object is a `json_duplicate_key` record.
pub fn validate_json(op_name: &str, text: &[u8], strict: bool) -> Result<Vec<ErrorRecord>, Error> {
    validate_json_with_notes(op_name, text, Vec::new(), strict)
}

/// [`validate_json`] of text a host wrote, with the problems it found on
/// its side (each bad value written as `null`; locations start with the
/// item index, or none for a payload of one item).
pub fn validate_json_with_notes(op_name: &str, text: &[u8], notes: Vec<ErrorRecord>, strict: bool) -> Result<Vec<ErrorRecord>, Error> {
    validate_json_with(op_name, text, notes, &PlanOptions { strict, ..PlanOptions::default() })
}

/// [`validate_json_with_notes`] with the options that apply to checking
/// (see [`validate_input_with`]).
pub fn validate_json_with(op_name: &str, text: &[u8], notes: Vec<ErrorRecord>, opts: &PlanOptions) -> Result<Vec<ErrorRecord>, Error> {
    operation(op_name)?;
    match validate_input_with(op_name, JsonInput::with_notes(text, notes), opts) {
        // Text that does not read is one record, not a failure of the call.
        Err(Error::Validation(v)) if v.op.is_empty() => Ok(v.errors),
        other => other,
    }
}

/// [`plan_input`] of JSON text (see [`validate_json`] for what its reader reports).
pub fn plan_json(op_name: &str, text: &[u8], opts: &PlanOptions) -> Result<Plan, Error> {
    plan_json_with_notes(op_name, text, Vec::new(), opts)
}

/// [`plan_json`] of text a host wrote, with the problems it found on its
/// side (see [`validate_json_with_notes`]).
pub fn plan_json_with_notes(op_name: &str, text: &[u8], notes: Vec<ErrorRecord>, opts: &PlanOptions) -> Result<Plan, Error> {
    let op = operation(op_name)?;
    match plan_input(op_name, JsonInput::with_notes(text, notes), opts) {
        Err(e) => match lone_too_deep(&e) {
            // One item too deep for any reader: item 0, reported.
            Some(rec) => {
                let rec = rec.prefixed(&[LocItem::Index(0)]);
                match opts.on_invalid {
                    OnInvalid::Raise => Err(ValidationErrors { op: op.name.to_owned(), errors: vec![rec] }.into()),
                    OnInvalid::Skip => Ok(Plan { batches: Vec::new(), invalid: vec![(0, vec![rec])] }),
                }
            }
            None => Err(e.with_op(op.name)),
        },
        ok => ok,
    }
}

/// The record of JSON text whose brackets do not balance and that nests
/// too deep to read at all: taken as one item too deep (as before this
/// reader), not as bad JSON.
fn lone_too_deep(e: &Error) -> Option<ErrorRecord> {
    match e {
        Error::Validation(v) if v.op.is_empty() && v.errors.len() == 1 && v.errors[0].kind == ErrorType::NestingTooDeep => Some(v.errors[0].clone()),
        _ => None,
    }
}

fn json_invalid(e: serde_json::Error) -> ErrorRecord {
    let mut rec = ErrorRecord::new(ErrorType::JsonInvalid, Vec::new(), Value::Null);
    rec.ctx_set("error", e.to_string());
    rec
}

/// Parses JSON text into a value, reporting bad JSON as a `json_invalid`
/// record, nesting deeper than [`crate::MAX_DEPTH`] as `nesting_too_deep`,
/// and a key repeated in one object as `json_duplicate_key` (the first).
pub fn parse_json_input(text: &[u8]) -> Result<Value, ErrorRecord> {
    let (value, mut dups) = crate::json::parse_with_duplicates(text).map_err(|e| {
        if crate::json::is_recursion_limit(&e) {
            ErrorRecord::nesting_too_deep(Vec::new())
        } else {
            json_invalid(e)
        }
    })?;
    if crate::rules::depth(&value, crate::rules::MAX_DEPTH) > crate::rules::MAX_DEPTH {
        return Err(ErrorRecord::nesting_too_deep(Vec::new()));
    }
    if !dups.is_empty() {
        return Err(dups.swap_remove(0));
    }
    Ok(value)
}

#[cfg(feature = "json-messages")]
/// The one record for JSON text that a payload reader could not read:
/// `json_invalid` with serde_json's message for it — the message this
/// library has always shown, told apart from the reader's own wording —
/// or `nesting_too_deep` for text too deep to read at all.
pub(crate) fn json_error_record(text: &[u8]) -> ErrorRecord {
    match crate::json::parse_with_duplicates(text) {
        Ok(_) => {
            // serde_json reads it; the items reader did not (the reader and
            // serde_json disagree; the fuzz target looks for such texts).
            let mut rec = ErrorRecord::new(ErrorType::JsonInvalid, Vec::new(), Value::Null);
            rec.ctx_set("error", "unreadable JSON");
            rec
        }
        Err(e) if crate::json::is_recursion_limit(&e) => {
            // Too deep for serde_json: read item by item, as before.
            let Some(parts) = crate::json::split_top_level_array(text) else {
                return ErrorRecord::nesting_too_deep(Vec::new());
            };
            for (range, depth) in parts {
                if depth <= crate::rules::MAX_DEPTH {
                    if let Err(e) = crate::json::parse_with_duplicates(&text[range]) {
                        return json_invalid(e);
                    }
                }
            }
            let mut rec = ErrorRecord::new(ErrorType::JsonInvalid, Vec::new(), Value::Null);
            rec.ctx_set("error", "unreadable JSON");
            rec
        }
        Err(e) => json_invalid(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_lookups_are_right_whatever_key_order_came_before() {
        // The schema remembers the last object's key order as a hint: items
        // with other orders, unknown keys at remembered positions and more
        // keys than the hint holds must still be checked field by field.
        let good = json!({"goods_no": "G", "goods_name": "杯", "spec_list": [{"spec_no": "S", "retail_price": "1.5"}]});
        let mut extra = serde_json::Map::new();
        for i in 0..70 {
            extra.insert(format!("x_{i}"), json!(i));
        }
        extra.insert("goods_name".into(), json!("名".repeat(300)));
        extra.insert("goods_no".into(), json!("G2"));
        extra.insert("spec_list".into(), json!([{"retail_price": "1.23456", "spec_no": "S2"}]));
        let items = vec![
            good.clone(),
            json!({"spec_list": [{"retail_price": "x", "spec_no": "S3"}], "goods_name": "杯", "goods_no": "G3"}),
            json!({"goods_name": "杯", "goods_no": "G4", "spec_list": [{"spec_no": "S4", "retail_price": 1}]}),
            json!({"goods_no": "G5", "spec_list": [{"spec_no": "S5"}], "goods_name": "杯"}),
            json!({"goods_no": "G6", "goods_nam": "杯", "spec_list": [{"spec_no": "S6"}]}),
            Value::Object(extra),
            json!({"goods_no": "G7", "goods_name": "杯", "spec_list": [{"spec_no": "S7", "retail_price": "1.5"}]}),
        ];
        let found = |items: Vec<Value>| -> Vec<(String, String)> {
            validate("goods.Goods.batchPush", &Value::Array(items), false).unwrap().iter().map(|e| (crate::loc_to_string(&e.loc), e.kind.name().to_owned())).collect()
        };
        let expected = vec![
            ("[1].spec_list[0].retail_price".to_owned(), "decimal_parsing".to_owned()),
            ("[4].goods_name".to_owned(), "missing".to_owned()),
            ("[5].goods_name".to_owned(), "string_too_long".to_owned()),
            ("[5].spec_list[0].retail_price".to_owned(), "decimal_max_places".to_owned()),
        ];
        assert_eq!(found(items.clone()), expected);
        // Each item alone, after an item of another order: the same records.
        for (i, item) in items.iter().enumerate() {
            let mine: Vec<_> = expected.iter().filter(|(l, _)| l.starts_with(&format!("[{i}]"))).map(|(l, t)| (l.replacen(&format!("[{i}]"), "[1]", 1), t.clone())).collect();
            assert_eq!(found(vec![items[(i + 3) % items.len()].clone(), item.clone()]).into_iter().filter(|(l, _)| l.starts_with("[1]")).collect::<Vec<_>>(), mine, "item {i}");
        }
    }
}
