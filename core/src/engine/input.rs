//! Where item values come from: one reading interface for every host.
//!
//! The planner and the validator walk an item once, checking it and writing
//! its body JSON as they go, through [`Input`]: a cursor that hands out one
//! value's head at a time (a scalar, or the start of a list or an object
//! whose elements or keys are read next). The same walk therefore reads
//!
//! * JSON text ([`JsonInput`], through the `jiter` reader: strings are
//!   borrowed from the text, numbers keep their exact spelling), which is
//!   what the Node and browser packages hand over and what Python passes for
//!   `bytes`/`str` payloads;
//! * `serde_json::Value`s ([`ValueInput`]), for Rust callers;
//! * a host's own objects (the Python binding implements [`Input`] over
//!   Python objects), with no intermediate tree.
//!
//! What a host notices while reading — a lone surrogate, a NaN, an
//! unsupported type, nesting deeper than [`crate::MAX_DEPTH`] — travels
//! with the input: as [`Head::Bad`] / [`Key::Bad`] where it happens, or as
//! [`Input::notes`] found beforehand (the JS conversion module's). The core
//! turns each into its error record at the right location; the bad value
//! counts as `null` for every rule.

use crate::error::{Error, ErrorRecord, ErrorType, LocItem};
use crate::rules::MAX_DEPTH;
use serde_json::Value;

/// The head of one value, as an [`Input`] reads it.
#[derive(Debug)]
pub enum Head<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number as its exact decimal text, in JSON number syntax
    /// (`59.90`, `-0`, `12345678901234567890`), never rounded.
    Number(&'a str),
    /// A string.
    Str(&'a str),
    /// The start of a list: its elements follow ([`Input::next_element`]).
    List,
    /// The start of an object: its entries follow ([`Input::next_key`]).
    Object,
    /// A value the host could not read as JSON; it counts as `null`.
    Bad(Problem),
}

/// An object key, as an [`Input`] reads it.
#[derive(Debug)]
pub enum Key<'a> {
    /// A key (its value is read next).
    Str(&'a str),
    /// A key the host could not read (a lone surrogate, a non-string key):
    /// shown as `shown`; the input has already skipped its value, which
    /// counts as `null`.
    Bad {
        /// The key as the record's location shows it (U+FFFD for a lone surrogate).
        shown: String,
        /// What is wrong with it.
        problem: Problem,
    },
}

/// What a host found wrong with a value it could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// A string with a lone surrogate; `shown` holds U+FFFD in its place.
    Unicode(String),
    /// NaN or ±Infinity, as the host writes it.
    NotFinite(String),
    /// An integer the host cannot hold exactly (JS numbers beyond ±(2^53−1)), as its text.
    UnsafeInteger(String),
    /// A value of a type with no JSON form (`Date`, `set`, a function), by its type name.
    Unsupported(String),
    /// Nesting deeper than [`MAX_DEPTH`] (or a cycle).
    TooDeep,
    /// The item nests deeper than [`MAX_DEPTH`] somewhere: the whole item is
    /// refused with one record at its index (JSON text, whose reader cannot
    /// point into a value it has not read).
    ItemTooDeep,
    /// A host's marker of a missing value — NaN (a float's, a `Decimal`'s,
    /// an Arrow float column's), pandas `NaT` / `NA` — refused as the inner
    /// problem says by default; lax mode ([`crate::PlanOptions::lax`]) takes
    /// it as "not given", as `null`.
    Missing(Box<Problem>),
}

impl Problem {
    /// The error record of this problem at `loc`.
    pub fn record(&self, loc: Vec<LocItem>) -> ErrorRecord {
        match self {
            Problem::Unicode(shown) => ErrorRecord::string_unicode(loc, shown),
            Problem::NotFinite(shown) => ErrorRecord::not_finite(loc, shown),
            Problem::UnsafeInteger(shown) => ErrorRecord::unsafe_integer(loc, shown),
            Problem::Unsupported(name) => ErrorRecord::unsupported_type(loc, name, Value::Null),
            Problem::TooDeep | Problem::ItemTooDeep => ErrorRecord::nesting_too_deep(loc),
            Problem::Missing(inner) => inner.record(loc),
        }
    }
}

/// A cursor over one payload (a list of items or one item) or one item.
///
/// The reader calls [`Input::value`] for the head of the next value; after
/// [`Head::List`] it calls [`Input::next_element`] until it returns `false`
/// (reading each element's value in between), after [`Head::Object`]
/// [`Input::next_key`] until it returns `None` (reading each key's value in
/// between, except after [`Key::Bad`]). Every value is read to its end
/// before the next call, so an implementation may lend out text that lives
/// only until then.
pub trait Input {
    /// A failure that stops the read (JSON that is not JSON; an exception
    /// raised by the host's own code, such as a getter). Core errors
    /// convert into it.
    type Error: From<Error>;

    /// The head of the next value.
    fn value(&mut self) -> Result<Head<'_>, Self::Error>;

    /// In a list: whether another element follows (its value is read next).
    fn next_element(&mut self) -> Result<bool, Self::Error>;

    /// In an object: the next key, or `None` at its end.
    fn next_key(&mut self) -> Result<Option<Key<'_>>, Self::Error>;

    /// Told the record made of each [`Head::Bad`] / [`Key::Bad`] once it is
    /// located, so a host can show its own value as the record's input.
    fn located(&mut self, _record: &ErrorRecord) {}

    /// Problems the host found before the core read the input (the bad
    /// value is `null` in the input), for the item at `index` (`None`: a
    /// payload of one item); locations start with the index.
    fn notes(&mut self, _index: Option<usize>) -> Vec<ErrorRecord> {
        Vec::new()
    }

    /// After an item was given up ([`Problem::ItemTooDeep`]): skip what is
    /// left of it, so that the next element can be read.
    fn skip_rest_of_item(&mut self) -> Result<(), Self::Error> {
        Err(Error::internal("this input cannot skip an item").into())
    }

    /// Called once the whole payload was read (JSON text: nothing may follow it).
    fn end(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }

    /// For an input that makes each item of several table rows
    /// ([`crate::nest`]): the rows the item being read was made of.
    /// Locations then start with the row a value came from.
    fn item_rows(&self) -> Option<&ItemRows> {
        None
    }

    /// A record this input was told of ([`Input::located`]) now stands at
    /// another location (an input that reads ahead tells its host early).
    fn relocated(&mut self, _earlier: &ErrorRecord, _now: &ErrorRecord) {}
}

/// The table rows one item was made of ([`Input::item_rows`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemRows {
    /// The item's first row: where its own fields' locations start.
    pub first: usize,
    /// Per list made of rows (a field of the item): the row of each element.
    pub lists: Vec<(String, Vec<usize>)>,
}

impl ItemRows {
    /// The row element `index` of list `list` came from.
    pub fn row_of(&self, list: &str, index: usize) -> Option<usize> {
        self.lists.iter().find(|(l, _)| l == list).and_then(|(_, rows)| rows.get(index).copied())
    }

    /// Copies `other` into `self`, reusing its allocations.
    pub(crate) fn copy_from(&mut self, other: &ItemRows) {
        self.first = other.first;
        self.lists.truncate(other.lists.len());
        for (i, (name, rows)) in other.lists.iter().enumerate() {
            match self.lists.get_mut(i) {
                Some((n, r)) => {
                    n.clear();
                    n.push_str(name);
                    r.clear();
                    r.extend_from_slice(rows);
                }
                None => self.lists.push((name.clone(), rows.clone())),
            }
        }
    }
}

impl<I: Input + ?Sized> Input for &mut I {
    type Error = I::Error;
    fn value(&mut self) -> Result<Head<'_>, Self::Error> {
        (**self).value()
    }
    fn next_element(&mut self) -> Result<bool, Self::Error> {
        (**self).next_element()
    }
    fn next_key(&mut self) -> Result<Option<Key<'_>>, Self::Error> {
        (**self).next_key()
    }
    fn located(&mut self, record: &ErrorRecord) {
        (**self).located(record)
    }
    fn notes(&mut self, index: Option<usize>) -> Vec<ErrorRecord> {
        (**self).notes(index)
    }
    fn skip_rest_of_item(&mut self) -> Result<(), Self::Error> {
        (**self).skip_rest_of_item()
    }
    fn end(&mut self) -> Result<(), Self::Error> {
        (**self).end()
    }
    fn item_rows(&self) -> Option<&ItemRows> {
        (**self).item_rows()
    }
    fn relocated(&mut self, earlier: &ErrorRecord, now: &ErrorRecord) {
        (**self).relocated(earlier, now)
    }
}

// ------------------------------------------------------------------ Value

/// A [`serde_json::Value`] as an [`Input`] (Rust callers). A value the
/// caller built is taken as it is, however deep (serde_json's own reader
/// stops at 128 levels).
pub struct ValueInput<'a> {
    next: Option<&'a Value>,
    stack: Vec<Frame<'a>>,
}

enum Frame<'a> {
    List(std::slice::Iter<'a, Value>),
    Object(serde_json::map::Iter<'a>),
}

impl<'a> ValueInput<'a> {
    /// A cursor over `value` (a payload or one item).
    pub fn new(value: &'a Value) -> Self {
        ValueInput { next: Some(value), stack: Vec::new() }
    }
}

impl<'a> Input for ValueInput<'a> {
    type Error = Error;

    #[inline]
    fn value(&mut self) -> Result<Head<'_>, Error> {
        let v = self.next.take().ok_or_else(|| Error::internal("value read twice"))?;
        Ok(match v {
            Value::Null => Head::Null,
            Value::Bool(b) => Head::Bool(*b),
            Value::Number(n) => Head::Number(n.as_str()),
            Value::String(s) => Head::Str(s),
            Value::Array(a) => {
                self.stack.push(Frame::List(a.iter()));
                Head::List
            }
            Value::Object(m) => {
                self.stack.push(Frame::Object(m.iter()));
                Head::Object
            }
        })
    }

    #[inline]
    fn next_element(&mut self) -> Result<bool, Error> {
        match self.stack.last_mut() {
            Some(Frame::List(it)) => match it.next() {
                Some(v) => {
                    self.next = Some(v);
                    Ok(true)
                }
                None => {
                    self.stack.pop();
                    Ok(false)
                }
            },
            _ => Err(Error::internal("next_element outside a list")),
        }
    }

    #[inline]
    fn next_key(&mut self) -> Result<Option<Key<'_>>, Error> {
        match self.stack.last_mut() {
            Some(Frame::Object(it)) => match it.next() {
                Some((k, v)) => {
                    self.next = Some(v);
                    Ok(Some(Key::Str(k)))
                }
                None => {
                    self.stack.pop();
                    Ok(None)
                }
            },
            _ => Err(Error::internal("next_key outside an object")),
        }
    }
}

// ------------------------------------------------------------------- JSON

/// JSON text as an [`Input`], read by `jiter` (one pass, strings borrowed
/// from the text where they hold no escape, numbers as their exact text).
///
/// Malformed JSON stops the read with one `json_invalid` record for the
/// whole payload (its message is serde_json's, as before this reader). An
/// item nested deeper than [`MAX_DEPTH`] is refused whole
/// ([`Problem::ItemTooDeep`]) and skipped, so its neighbours still plan.
pub struct JsonInput<'t> {
    text: &'t [u8],
    /// The reader; replaced by one over the rest of the text after an item is skipped.
    jiter: jiter::Jiter<'t>,
    /// Where `jiter`'s text starts in `text`.
    offset: usize,
    /// The next value's first byte, when already seen.
    peek: Option<jiter::Peek>,
    stack: Vec<JFrame>,
    /// Containers open at the start of an item (1 inside the payload list).
    item_base: usize,
    notes: Vec<ErrorRecord>,
    /// Whether the top-level value has been finished and checked for trailing text.
    finished: bool,
    /// The text is one item, never a payload list.
    one_item: bool,
    /// No nesting limit (text the core wrote from a value).
    unlimited: bool,
}

#[derive(Clone, Copy)]
enum JFrame {
    /// A list whose first element (if any) was peeked when it was opened.
    ListFirst(Option<jiter::Peek>),
    List,
    ObjectFirst,
    Object,
}

/// The error of JSON text that does not read: one `json_invalid` record
/// (or `nesting_too_deep`), as a validation error of the payload.
fn invalid_json(text: &[u8]) -> Error {
    #[cfg(feature = "json-messages")]
    let record = crate::plan::json_error_record(text);
    #[cfg(not(feature = "json-messages"))]
    let record = ErrorRecord::new(crate::error::ErrorType::JsonInvalid, Vec::new(), Value::Null).with("error", format!("invalid JSON text of {} bytes", text.len()));
    crate::error::ValidationErrors { op: String::new(), errors: vec![record] }.into()
}

impl<'t> JsonInput<'t> {
    /// A reader over JSON text holding a payload (a list of items or one item).
    pub fn new(text: &'t [u8]) -> Self {
        JsonInput { text, jiter: jiter::Jiter::new(text), offset: 0, peek: None, stack: Vec::new(), item_base: 0, notes: Vec::new(), finished: false, one_item: false, unlimited: false }
    }

    /// The same, with problems a host found before writing the text (each
    /// bad value written as `null`; locations start with the item index).
    pub fn with_notes(text: &'t [u8], notes: Vec<ErrorRecord>) -> Self {
        let mut input = JsonInput::new(text);
        input.notes = notes;
        input
    }

    /// A reader over JSON text the core wrote itself from a value, read
    /// with no depth limit (the value's own reader set it).
    pub(crate) fn unlimited(text: &'t [u8]) -> Self {
        let mut input = JsonInput::new(text);
        input.one_item = true;
        input.unlimited = true;
        input
    }

    /// A reader over JSON text holding one item (for [`crate::Planner::push_input`]):
    /// a list is that item, not a payload of items.
    pub fn item_with_notes(text: &'t [u8], notes: Vec<ErrorRecord>) -> Self {
        let mut input = JsonInput::with_notes(text, notes);
        input.one_item = true;
        input
    }

    fn fail<T>(&self) -> Result<T, Error> {
        Err(invalid_json(self.text))
    }

    fn peek(&mut self) -> Result<jiter::Peek, Error> {
        match self.peek.take() {
            Some(p) => Ok(p),
            None => self.jiter.peek().or_else(|_| self.fail()),
        }
    }

    /// Checks that nothing but whitespace follows the payload.
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        if !self.finished {
            self.finished = true;
            if self.jiter.finish().is_err() {
                return self.fail();
            }
        }
        Ok(())
    }

    fn depth_in_item(&self) -> usize {
        self.stack.len().saturating_sub(self.item_base)
    }
}

impl<'t> Input for JsonInput<'t> {
    type Error = Error;

    fn value(&mut self) -> Result<Head<'_>, Error> {
        let peek = self.peek()?;
        let open = matches!(peek, jiter::Peek::Array | jiter::Peek::Object);
        if open && self.stack.is_empty() && peek == jiter::Peek::Array && !self.one_item {
            // The payload itself is a list: items start inside it.
            self.item_base = 1;
        }
        if open && !self.unlimited && self.depth_in_item() >= MAX_DEPTH {
            return Ok(Head::Bad(Problem::ItemTooDeep));
        }
        let head = match peek {
            jiter::Peek::Null => {
                self.jiter.known_null().or_else(|_| self.fail())?;
                Head::Null
            }
            // Skipped, not parsed: jiter's typed readers link its float
            // parser (for "wrong type" errors), which no path here needs.
            jiter::Peek::True | jiter::Peek::False => {
                self.jiter.known_skip(peek).or_else(|_| self.fail())?;
                Head::Bool(peek == jiter::Peek::True)
            }
            jiter::Peek::String => {
                let text = self.text;
                return match self.jiter.known_str() {
                    Ok(s) => Ok(Head::Str(s)),
                    Err(_) => Err(invalid_json(text)),
                };
            }
            jiter::Peek::Array => {
                let first = self.jiter.known_array().or_else(|_| self.fail())?;
                self.stack.push(JFrame::ListFirst(first));
                Head::List
            }
            jiter::Peek::Object => {
                self.stack.push(JFrame::ObjectFirst);
                Head::Object
            }
            _ => {
                // A number: its exact text, as jiter's number grammar delimits it.
                let start = self.offset + self.jiter.current_index();
                self.jiter.known_skip(peek).or_else(|_| self.fail())?;
                let end = self.offset + self.jiter.current_index();
                // jiter checked the number's syntax: ASCII.
                return Ok(Head::Number(std::str::from_utf8(&self.text[start..end]).unwrap_or("0")));
            }
        };
        Ok(head)
    }

    fn next_element(&mut self) -> Result<bool, Error> {
        let next = match self.stack.last().copied() {
            Some(JFrame::ListFirst(first)) => {
                *self.stack.last_mut().expect("checked") = JFrame::List;
                first
            }
            Some(JFrame::List) => self.jiter.array_step().or_else(|_| self.fail())?,
            _ => return Err(Error::internal("next_element outside a list")),
        };
        match next {
            Some(p) => {
                self.peek = Some(p);
                Ok(true)
            }
            None => {
                self.stack.pop();
                Ok(false)
            }
        }
    }

    fn next_key(&mut self) -> Result<Option<Key<'_>>, Error> {
        let text = self.text;
        let key = match self.stack.last().copied() {
            Some(JFrame::ObjectFirst) => {
                *self.stack.last_mut().expect("checked") = JFrame::Object;
                self.jiter.known_object()
            }
            Some(JFrame::Object) => self.jiter.next_key(),
            _ => return Err(Error::internal("next_key outside an object")),
        };
        // (The stack is a field of its own: the key borrows only the reader.)
        match key {
            Ok(Some(k)) => Ok(Some(Key::Str(k))),
            Ok(None) => {
                self.stack.pop();
                Ok(None)
            }
            Err(_) => Err(invalid_json(text)),
        }
    }

    fn notes(&mut self, index: Option<usize>) -> Vec<ErrorRecord> {
        if self.notes.is_empty() {
            return Vec::new();
        }
        let mine = |e: &ErrorRecord| match (index, e.loc.first()) {
            (Some(i), Some(LocItem::Index(j))) => i == *j,
            (None, _) => true,
            _ => false,
        };
        let (taken, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.notes).into_iter().partition(mine);
        self.notes = kept;
        taken
    }

    fn skip_rest_of_item(&mut self) -> Result<(), Error> {
        // Without recursion: brackets are counted over the raw text from
        // where the reader stands, strings skipped with their escapes.
        let start = self.offset + self.jiter.current_index();
        let mut open = self.depth_in_item();
        let (mut in_str, mut escaped) = (false, false);
        let mut end = None;
        if open == 0 {
            // The item's too-deep container was not opened: skip one value from here.
            return Err(Error::internal("skip_rest_of_item with no open container"));
        }
        for (i, &b) in self.text[start..].iter().enumerate() {
            if in_str {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_str = true,
                b'[' | b'{' => open += 1,
                b']' | b'}' => {
                    open -= 1;
                    if open == 0 {
                        end = Some(start + i + 1);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else { return self.fail() };
        // Only the frames of the item go; a fresh reader continues after it
        // (jiter keeps no state between values but its position).
        self.stack.truncate(self.item_base);
        self.offset = end;
        self.jiter = jiter::Jiter::new(&self.text[end..]);
        self.peek = None;
        Ok(())
    }

    fn end(&mut self) -> Result<(), Error> {
        self.finish()
    }
}

/// Reads a whole value from `input` into a [`Value`] — for what is not an
/// item (query parameters, client options, call arguments) — with the
/// records of the problems the host found in it, located from its root
/// (each bad part is `null` in the value).
pub fn read<I: Input>(mut input: I) -> Result<(Value, Vec<ErrorRecord>), I::Error> {
    crate::walk::read_whole(&mut input)
}

/// Reads the next whole value from `input` (standing before it: after
/// [`Input::next_element`], say) into a [`Value`], with the records of the
/// problems the host found in it, located from that value. For an input
/// that nests rows ([`crate::nest`]) this is the next item as built.
pub fn read_next<I: Input>(input: &mut I) -> Result<(Value, Vec<ErrorRecord>), I::Error> {
    crate::walk::read_next(input)
}

/// Reads the notes a host wrote beside its JSON text (the JS conversion
/// module's): the JSON text of `[[loc, kind, text], …]`, `kind` one of
/// `string_unicode`, `not_finite`, `unsafe_integer`, `unsupported_type`,
/// `nesting_too_deep`; each becomes its record at `loc`.
pub fn notes_from_json(text: &[u8]) -> Result<Vec<ErrorRecord>, Error> {
    notes_from_json_for(text, false)
}

/// [`notes_from_json`] for a read in lax mode ([`crate::PlanOptions::lax`]):
/// a `not_finite` note of `NaN` — a missing-value marker, written as
/// `null` — is no problem there, as `null` is not.
pub fn notes_from_json_for(text: &[u8], lax: bool) -> Result<Vec<ErrorRecord>, Error> {
    let notes: Vec<(Vec<Value>, String, String)> = serde_json::from_slice(text).map_err(|e| Error::internal(&format!("host notes: {e}")))?;
    notes
        .into_iter()
        .filter(|(_, kind, text)| !(lax && kind == "not_finite" && text == "NaN"))
        .map(|(loc, kind, text)| {
            let loc = loc
                .into_iter()
                .map(|l| match l {
                    Value::String(k) => LocItem::Key(k),
                    other => LocItem::Index(other.as_u64().unwrap_or(0) as usize),
                })
                .collect();
            let problem = match kind.as_str() {
                "string_unicode" => Problem::Unicode(text),
                "not_finite" => Problem::NotFinite(text),
                "unsafe_integer" => Problem::UnsafeInteger(text),
                "unsupported_type" => Problem::Unsupported(text),
                "nesting_too_deep" => Problem::TooDeep,
                other => return Err(Error::internal(&format!("host note {other}"))),
            };
            Ok(problem.record(loc))
        })
        .collect()
}

/// A head with its text copied, so the input can be read further.
pub(crate) enum OwnedHead {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    List,
    Object,
    Bad(Problem),
}

impl OwnedHead {
    pub(crate) fn as_head(&self) -> Head<'_> {
        match self {
            OwnedHead::Null => Head::Null,
            OwnedHead::Bool(b) => Head::Bool(*b),
            OwnedHead::Number(n) => Head::Number(n),
            OwnedHead::Str(s) => Head::Str(s),
            OwnedHead::List => Head::List,
            OwnedHead::Object => Head::Object,
            OwnedHead::Bad(p) => Head::Bad(p.clone()),
        }
    }
}

pub(crate) fn own(head: Head<'_>) -> OwnedHead {
    match head {
        Head::Null => OwnedHead::Null,
        Head::Bool(b) => OwnedHead::Bool(b),
        Head::Number(n) => OwnedHead::Number(n.to_owned()),
        Head::Str(s) => OwnedHead::Str(s.to_owned()),
        Head::List => OwnedHead::List,
        Head::Object => OwnedHead::Object,
        Head::Bad(p) => OwnedHead::Bad(p),
    }
}

/// A finite float as every host writes it: its shortest round-trip digits
/// (Python's `repr`, JavaScript's `String(x)`) in positional form, with
/// `.0` on integral values below 1e16 as Python's repr has it (`0.1`,
/// `1.0`, `1e-07` → `0.0000001`). A float's value, never rounded to fit.
pub fn float_text(x: f64) -> String {
    let mut s = format!("{x}");
    if !s.contains('.') && x.abs() < 1e16 {
        s.push_str(".0");
    }
    s
}

/// A JSON number from its exact text (an input's contract: JSON number syntax).
pub(crate) fn number_value(text: &str) -> Value {
    text.parse::<serde_json::Number>().map(Value::Number).unwrap_or(Value::Null)
}

/// The type of a JSON value as the catalogue names it, for a record whose
/// input is a problem of its own kind.
#[allow(dead_code)]
pub(crate) fn problem_kind(p: &Problem) -> ErrorType {
    match p {
        Problem::Unicode(_) => ErrorType::StringUnicode,
        Problem::NotFinite(_) => ErrorType::DecimalNotFinite,
        Problem::UnsafeInteger(_) => ErrorType::UnsafeInteger,
        Problem::Unsupported(_) => ErrorType::UnsupportedType,
        Problem::TooDeep | Problem::ItemTooDeep => ErrorType::NestingTooDeep,
        Problem::Missing(inner) => problem_kind(inner),
    }
}
