//! The declarative field rules the platform modules are written in, and the
//! one validator that checks a JSON value against them.
//!
//! Platform modules describe each documented field once (name, type, length,
//! enum, required); everything the bindings and the browser show comes from
//! these tables, so a rule lives in exactly one place.

use crate::error::{ErrorRecord, ErrorType, Loc, LocItem};
use serde_json::{Map, Number, Value};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::OnceLock;

/// Deepest nesting skuwire accepts in an input value. The documented shapes
/// are at most five levels deep; hosts stop converting beyond this.
pub const MAX_DEPTH: usize = 64;

/// What a field holds.
#[derive(Debug)]
#[non_exhaustive]
pub enum FieldKind {
    /// A string of `min..=max` Unicode characters (`max: None` = no documented limit).
    Str {
        /// Minimum length (1 for identifiers that must not be empty).
        min: usize,
        /// Maximum length in Unicode characters, when the page gives one.
        max: Option<usize>,
    },
    /// An integer in `min..=max`; JSON numbers and integer strings (`"12"`) are accepted.
    Int {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// An integer from a documented list.
    IntEnum(&'static [i64]),
    /// A string from a documented list.
    StrEnum(&'static [&'static str]),
    /// A bit set: any sum of the documented flags (0 included).
    BitFlags(&'static [i64]),
    /// A decimal such as MySQL `Decimal(19,4)`: at most `whole` digits before
    /// the point and `places` after; a number or a decimal string; never rounded.
    Decimal {
        /// Maximum digits before the point (15 for Decimal(19,4)).
        whole: u32,
        /// Maximum digits after the point (4 for Decimal(19,4)).
        places: u32,
    },
    /// `true`/`false`, or `0`/`1` as the vendor pages also write.
    Bool,
    /// A list of `min..=max` elements of one kind.
    List {
        /// The kind of each element.
        of: &'static FieldKind,
        /// Minimum number of elements.
        min: usize,
        /// Maximum number of elements.
        max: usize,
    },
    /// A nested object.
    Object(&'static Schema),
    /// A full `http://` or `https://` URL.
    Url,
    /// A date-time string; the format is one of [`DateFormat`].
    DateTime(DateFormat),
    /// Any JSON value (documented but free-form).
    Any,
    /// A rule that does not fit a table; the function reports into the
    /// checker, and [`Accepts`] says in words what it takes (for docs and
    /// generated types).
    Custom(fn(&Value, &mut Checker<'_>), Accepts),
}

/// What a [`FieldKind::Custom`] rule accepts, for descriptions.
#[derive(Debug)]
pub struct Accepts {
    /// The value shapes it takes: `"string"`, `"integer"`, `"decimal"`
    /// (a number or a decimal string), `"list"`, `"object"`, `"boolean"`.
    pub types: &'static [&'static str],
    /// The rule in a few words.
    pub summary: &'static str,
}

/// Date and time formats the pages use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateFormat {
    /// `yyyy-MM-dd HH:mm:ss` with two-digit fields (WDT).
    DateTime,
    /// `yyyy-MM-dd` (YMCart sale dates).
    Date,
    /// `yyyy-MM-dd` or `yyyy-M-d H:m:s`, one- or two-digit fields (YMCart).
    Loose,
}

impl DateFormat {
    /// The format as shown in error messages.
    pub fn pattern(self) -> &'static str {
        match self {
            DateFormat::DateTime => "yyyy-MM-dd HH:mm:ss",
            DateFormat::Date => "yyyy-MM-dd",
            DateFormat::Loose => "yyyy-M-d or yyyy-M-d H:m:s",
        }
    }
}

/// One documented field.
#[derive(Debug)]
pub struct Field {
    /// The key exactly as the vendor writes it.
    pub name: &'static str,
    /// The vendor's Chinese label (名称 column).
    pub label_zh: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// Whether the page marks it required.
    pub required: bool,
}

/// A rule spanning several fields of one object.
#[derive(Debug)]
#[non_exhaustive]
pub enum ObjectRule {
    /// At least one of these fields must be present and non-empty.
    OneOf(&'static [&'static str]),
    /// These fields may not be given together.
    Conflict(&'static [&'static str]),
    /// Anything else, over the whole object (read into a `Value` first).
    Custom(fn(&Map<String, Value>, &mut Checker<'_>)),
    /// A rule about the first named key that also reads the others: it runs
    /// only when that key occurs (even as null), given the object's members
    /// of the named keys; the rest of the object is walked as any other and
    /// nothing is read into values unless it runs.
    Reads(&'static [&'static str], fn(&Map<String, Value>, &mut Checker<'_>)),
}

/// The documented shape of an object.
#[derive(Debug)]
pub struct Schema {
    /// Every documented field.
    pub fields: &'static [Field],
    /// Cross-field rules.
    pub rules: &'static [ObjectRule],
    /// Lookup tables, built on first use.
    index: OnceLock<Index>,
}

/// A small open-addressing table from field name to position, plus the
/// positions of required fields: validation looks a field up per key of
/// every item, so this is the hot path.
#[derive(Debug)]
struct Index {
    slots: Vec<u16>,
    mask: u64,
    required: Vec<u16>,
    /// Which field the n-th key of the last object checked was: item after
    /// item has the same keys in the same order, so one compare usually
    /// replaces the hashed lookup. Only a hint (any thread may overwrite
    /// it); a miss falls back to the table.
    shape: Box<[AtomicU16]>,
    /// Whether a cross-field rule is written over the object's values.
    custom: bool,
    /// The keys an [`ObjectRule::Reads`] rule reads.
    reads: Option<&'static [&'static str]>,
    /// Per field, `,"name":` — a member's key as the body writes it.
    keys: Vec<Box<[u8]>>,
    /// Per field, its name as words (see [`NameWords`]).
    words: Vec<NameWords>,
}

/// Most fields a schema may document (the one walk keeps a 256-bit set per object).
pub(crate) const MAX_FIELDS: usize = 256;

/// A field name as two words, for a compare without a call into `memcmp`
/// (one per key of every item): its length, and its first and last eight
/// bytes (overlapping for names of 8 to 16 bytes; zero-padded below 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NameWords {
    len: usize,
    first: u64,
    last: u64,
}

impl NameWords {
    #[inline(always)]
    fn of(b: &[u8]) -> NameWords {
        let n = b.len();
        if n >= 8 {
            let first = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
            let last = u64::from_le_bytes(b[n - 8..].try_into().expect("8 bytes"));
            NameWords { len: n, first, last }
        } else {
            let mut w = 0u64;
            for (i, &x) in b.iter().enumerate() {
                w |= u64::from(x) << (8 * i);
            }
            NameWords { len: n, first: w, last: 0 }
        }
    }
}

/// Object keys past this position are always looked up.
const SHAPE_LEN: usize = 64;

const EMPTY: u16 = u16::MAX;

/// The slot hash of a field name: its length and first, second, middle and
/// last bytes, mixed by one multiply. A full-string hash was a fifth of all
/// validation time (one lookup per key of every item); the documented names
/// of one schema differ in these bytes almost always, and a collision only
/// costs a probe, since the name is compared in full.
fn name_hash(s: &str) -> u64 {
    let b = s.as_bytes();
    let Some(&last) = b.last() else { return 0 };
    let x = (b.len() as u64) | u64::from(b[0]) << 8 | u64::from(b[b.len().min(2) - 1]) << 16 | u64::from(b[b.len() / 2]) << 24 | u64::from(last) << 32;
    x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40
}

impl Schema {
    /// A schema from its fields and cross-field rules.
    pub const fn new(fields: &'static [Field], rules: &'static [ObjectRule]) -> Self {
        Schema { fields, rules, index: OnceLock::new() }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let size = (self.fields.len() * 4).next_power_of_two().max(8);
            let mask = size as u64 - 1;
            let mut slots = vec![EMPTY; size];
            for (i, f) in self.fields.iter().enumerate() {
                let mut at = name_hash(f.name) & mask;
                while slots[at as usize] != EMPTY {
                    at = (at + 1) & mask;
                }
                slots[at as usize] = i as u16;
            }
            assert!(self.fields.len() <= MAX_FIELDS, "a schema documents at most {MAX_FIELDS} fields");
            let required = self.fields.iter().enumerate().filter(|(_, f)| f.required).map(|(i, _)| i as u16).collect();
            let shape = (0..SHAPE_LEN).map(|_| AtomicU16::new(EMPTY)).collect();
            let custom = self.rules.iter().any(|r| matches!(r, ObjectRule::Custom(_)));
            let reads = self.rules.iter().find_map(|r| match r {
                ObjectRule::Reads(keys, _) => Some(*keys),
                _ => None,
            });
            // Documented names are plain identifiers: nothing to escape.
            let keys = self.fields.iter().map(|f| format!(",\"{}\":", f.name).into_bytes().into_boxed_slice()).collect();
            let words = self.fields.iter().map(|f| NameWords::of(f.name.as_bytes())).collect();
            Index { slots, mask, required, shape, custom, reads, keys, words }
        })
    }

    /// The documented field of this name.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.position(name).map(|i| &self.fields[usize::from(i)])
    }

    /// The table position of the field of this name.
    fn position(&self, name: &str) -> Option<u16> {
        let index = self.index();
        let mut at = name_hash(name) & index.mask;
        loop {
            match index.slots[at as usize] {
                EMPTY => return None,
                i => {
                    if self.fields[usize::from(i)].name == name {
                        return Some(i);
                    }
                }
            }
            at = (at + 1) & index.mask;
        }
    }

    /// The required fields, in table order.
    pub fn required(&self) -> impl Iterator<Item = &'static Field> + '_ {
        self.index().required.iter().map(move |&i| &self.fields[i as usize])
    }

    /// The table positions of the required fields, in table order.
    pub(crate) fn required_positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.index().required.iter().map(|&i| usize::from(i))
    }

    /// The table position of the field of this name.
    pub(crate) fn position_of(&self, name: &str) -> Option<usize> {
        self.position(name).map(usize::from)
    }

    /// [`Schema::position_of`] for the key at position `pos` of an object
    /// (through the shape hint).
    #[inline(always)]
    pub(crate) fn position_at(&self, pos: usize, name: &str) -> Option<usize> {
        let index = self.index();
        let Some(hint) = index.shape.get(pos) else { return self.position_of(name) };
        let h = usize::from(hint.load(Ordering::Relaxed));
        if let Some(w) = index.words.get(h) {
            // Names of up to 16 bytes are equal when their words are.
            if w.len == name.len() && (w.len > 16 || *w == NameWords::of(name.as_bytes())) && (w.len <= 16 || self.fields[h].name == name) {
                return Some(h);
            }
        }
        self.position_slow(pos, name)
    }

    #[cold]
    fn position_slow(&self, pos: usize, name: &str) -> Option<usize> {
        let hint = &self.index().shape[pos];
        let i = self.position(name)?;
        hint.store(i, Ordering::Relaxed);
        Some(usize::from(i))
    }

    /// The field at `pos` as a member key of written JSON, with its leading
    /// comma when `after` (it follows another member).
    #[inline]
    pub(crate) fn json_key(&self, pos: usize, after: bool) -> &[u8] {
        &self.index().keys[pos][usize::from(!after)..]
    }

    /// Whether a cross-field rule of this schema is written over values
    /// ([`ObjectRule::Custom`]).
    pub(crate) fn has_custom_rules(&self) -> bool {
        self.index().custom
    }

    /// The keys an [`ObjectRule::Reads`] rule reads, if the schema has one.
    pub(crate) fn read_keys(&self) -> Option<&'static [&'static str]> {
        self.index().reads
    }
}

impl FieldKind {
    /// A machine-readable description (for generated types, form hints and
    /// docs): `{"type": …}` plus the limits of the kind.
    pub fn describe(&self) -> Value {
        use serde_json::json;
        match self {
            FieldKind::Str { min, max } => json!({"type": "string", "min_length": min, "max_length": max}),
            FieldKind::Int { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
            FieldKind::IntEnum(v) => json!({"type": "integer", "enum": v}),
            FieldKind::StrEnum(v) => json!({"type": "string", "enum": v}),
            FieldKind::BitFlags(v) => json!({"type": "integer", "flags": v}),
            FieldKind::Decimal { whole, places } => json!({"type": "decimal", "max_whole_digits": whole, "decimal_places": places}),
            FieldKind::Bool => json!({"type": "boolean"}),
            FieldKind::List { of, min, max } => json!({"type": "list", "items": of.describe(), "min_items": min, "max_items": max}),
            FieldKind::Object(schema) => schema.describe(),
            FieldKind::Url => json!({"type": "url"}),
            FieldKind::DateTime(fmt) => json!({"type": "datetime", "format": fmt.pattern()}),
            FieldKind::Any => json!({"type": "any"}),
            FieldKind::Custom(_, accepts) => json!({"type": "custom", "accepts": accepts.types, "summary": accepts.summary}),
        }
    }
}

impl Schema {
    /// A machine-readable description: every field (name, Chinese label,
    /// required, kind) and the cross-field rules.
    pub fn describe(&self) -> Value {
        use serde_json::json;
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|f| json!({"name": f.name, "label_zh": f.label_zh, "required": f.required, "kind": f.kind.describe()}))
            .collect();
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|r| match r {
                ObjectRule::OneOf(names) => json!({"one_of": names}),
                ObjectRule::Conflict(names) => json!({"conflict": names}),
                ObjectRule::Custom(_) | ObjectRule::Reads(..) => json!({"custom": true}),
            })
            .collect();
        json!({"type": "object", "fields": fields, "rules": rules})
    }
}

/// Shorthand constructors used by the platform tables.
pub(crate) const fn str_max(max: usize) -> FieldKind {
    FieldKind::Str { min: 0, max: Some(max) }
}
pub(crate) const fn str_req(max: usize) -> FieldKind {
    FieldKind::Str { min: 1, max: Some(max) }
}
pub(crate) const STR: FieldKind = FieldKind::Str { min: 0, max: None };
pub(crate) const DEC19_4: FieldKind = FieldKind::Decimal { whole: 15, places: 4 };
/// MySQL INT range; the pages' `Int` columns.
pub(crate) const INT: FieldKind = FieldKind::Int { min: i32::MIN as i64, max: i32::MAX as i64 };
pub(crate) const fn field(name: &'static str, label_zh: &'static str, kind: FieldKind) -> Field {
    Field { name, label_zh, kind, required: false }
}
pub(crate) const fn req(name: &'static str, label_zh: &'static str, kind: FieldKind) -> Field {
    Field { name, label_zh, kind, required: true }
}

/// One step of the path being checked; borrowed, so walking costs no allocation.
#[derive(Clone, Copy, Debug)]
pub enum Seg<'a> {
    /// An object key.
    Key(&'a str),
    /// A list index.
    Index(usize),
}

/// Walks a value against a schema, collecting every problem.
pub struct Checker<'a> {
    path: Vec<Seg<'a>>,
    prefix: &'a [LocItem],
    /// Report fields the page does not list.
    pub strict: bool,
    /// Problems found so far.
    pub errors: Vec<ErrorRecord>,
}

impl<'a> Checker<'a> {
    /// A checker whose locations start with `prefix` (e.g. the item index).
    pub fn new(prefix: &'a [LocItem], strict: bool) -> Self {
        Checker { path: Vec::with_capacity(8), prefix, strict, errors: Vec::new() }
    }

    /// The current location as an owned path.
    pub fn loc(&self) -> Loc {
        let mut loc = Vec::with_capacity(self.prefix.len() + self.path.len());
        loc.extend_from_slice(self.prefix);
        loc.extend(self.path.iter().map(|s| match *s {
            Seg::Key(k) => LocItem::Key(k.to_owned()),
            Seg::Index(i) => LocItem::Index(i),
        }));
        loc
    }

    /// Reports a problem at the current location.
    pub fn report(&mut self, kind: ErrorType, input: &Value) -> &mut ErrorRecord {
        let rec = ErrorRecord::new(kind, self.loc(), input.clone());
        self.errors.push(rec);
        self.errors.last_mut().expect("just pushed")
    }

    /// Reports a problem at a child key of the current location.
    pub fn report_at(&mut self, key: &'a str, kind: ErrorType, input: &Value) -> &mut ErrorRecord {
        self.path.push(Seg::Key(key));
        self.report(kind, input);
        self.path.pop();
        self.errors.last_mut().expect("just pushed")
    }

    /// Runs `f` one key deeper.
    pub fn at_key(&mut self, key: &'a str, f: impl FnOnce(&mut Self)) {
        self.path.push(Seg::Key(key));
        f(self);
        self.path.pop();
    }

    /// Checks `value` against the kind of one field (by the one walk,
    /// [`check_value`]), adding its problems to this checker's.
    pub fn check_kind(&mut self, kind: &'static FieldKind, value: &'a Value) {
        let loc = self.loc();
        let errors = crate::walk::check_value(kind, value, &loc, self.strict);
        self.errors.extend(errors);
    }

    /// Checks an object against a schema: types, required fields, cross-field
    /// rules, and (in strict mode) undocumented fields (by the one walk).
    pub fn check_object(&mut self, schema: &'static Schema, value: &'a Value) {
        let loc = self.loc();
        let errors = crate::walk::check_object_value(schema, value, &loc, self.strict);
        self.errors.extend(errors);
    }

    /// Reports `string_type` unless `value` is a string.
    pub fn expect_str(&mut self, value: &'a Value) -> Option<&'a str> {
        match value {
            Value::String(s) => Some(s),
            _ => {
                self.report(ErrorType::StringType, value);
                None
            }
        }
    }

    /// Checks length (in Unicode characters) and control characters; true when fine.
    pub fn check_str(&mut self, s: &str, value: &Value, min: usize, max: Option<usize>) -> bool {
        let (chars, control) = scan_str(s);
        let mut ok = true;
        if let Some(c) = control {
            self.report(ErrorType::StringControlCharacter, value).ctx_set("character", format!("U+{:04X}", c as u32));
            ok = false;
        }
        // A string that starts with a visible ASCII character is not blank:
        // most required values, so most skip the trim.
        let blank = || !s.as_bytes().first().is_some_and(u8::is_ascii_graphic) && s.trim().is_empty();
        if chars < min || (min > 0 && blank()) {
            self.report(ErrorType::StringTooShort, value).ctx_set("min_length", min);
            ok = false;
        }
        if let Some(max) = max {
            if chars > max {
                self.report(ErrorType::StringTooLong, value).ctx_set("max_length", max);
                ok = false;
            }
        }
        ok
    }

    /// Reads an integer (a JSON integer or an integer string); reports `int_type` otherwise.
    pub fn expect_int(&mut self, value: &Value) -> Option<i64> {
        // An integer too big for i64 is still an integer: it saturates, so
        // the caller reports it out of range (or not in its enum), not as a
        // wrong type; the record keeps the original text as its input.
        let n = match value {
            Value::Number(n) => int_text_saturating(number_text(n)),
            Value::String(s) => int_text_saturating(s),
            _ => None,
        };
        if n.is_none() {
            self.report(ErrorType::IntType, value);
        }
        n
    }

    /// Checks a decimal against `whole`/`places` digit limits.
    pub fn check_decimal(&mut self, value: &Value, whole: u32, places: u32) {
        let text = match value {
            Value::Number(n) => number_text(n),
            Value::String(s) => s.as_str(),
            _ => {
                self.report(ErrorType::DecimalType, value);
                return;
            }
        };
        match decimal_digits(text) {
            Err(kind) => {
                self.report(kind, value);
            }
            Ok((w, p)) => {
                if w > whole {
                    self.report(ErrorType::DecimalMaxWholeDigits, value).ctx_set("max_whole_digits", whole);
                }
                if p > places {
                    self.report(ErrorType::DecimalMaxPlaces, value).ctx_set("decimal_places", places);
                }
            }
        }
    }
}

/// Builder-style context setting on a just-reported record.
pub trait CtxSet {
    /// Sets one context value.
    fn ctx_set(&mut self, key: &str, value: impl Into<Value>) -> &mut Self;
}

impl CtxSet for ErrorRecord {
    fn ctx_set(&mut self, key: &str, value: impl Into<Value>) -> &mut Self {
        self.ctx.insert(key.to_owned(), value.into());
        self
    }
}

/// True when a value counts as given for either-or rules: not null, not an
/// empty string, not an empty list.
pub fn is_given(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

/// The exact text of a JSON number (kept as given thanks to `arbitrary_precision`).
pub fn number_text(n: &Number) -> &str {
    n.as_str()
}

/// One pass over a string: its length in Unicode characters and the first
/// control character it holds (tab, newline and carriage return are allowed).
pub fn scan_str(s: &str) -> (usize, Option<char>) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    // Eight bytes at a time (every string of every item passes here): every
    // UTF-8 character has exactly one byte that is not a continuation byte
    // (`10xxxxxx`), and a word is suspect when some byte is below 0x20, is
    // DEL, or is 0xC2 (the lead byte of the C1 controls U+0080–U+009F). Only
    // a suspect string — usually one with a tab or newline, which are
    // allowed — is scanned again character by character for the first control.
    let mut chunks = bytes.chunks_exact(8);
    let (mut continuation, mut suspect) = (0usize, 0u64);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        continuation += (w & !(w << 1) & HIGH).count_ones() as usize;
        let del = w ^ (ONES * 0x7F);
        let c2 = w ^ (ONES * 0xC2);
        suspect |= (w.wrapping_sub(ONES * 0x20) & !w | del.wrapping_sub(ONES) & !del | c2.wrapping_sub(ONES) & !c2) & HIGH;
    }
    for &b in chunks.remainder() {
        continuation += usize::from(b & 0xC0 == 0x80);
        suspect |= u64::from(b < 0x20 || b == 0x7F || b == 0xC2);
    }
    let control = if suspect == 0 {
        None
    } else {
        // `is_control` is Unicode's Cc: C0, DEL and C1.
        s.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    (bytes.len() - continuation, control)
}

/// Parses `-?[0-9]+` into an i64, saturating at `i64::MIN`/`i64::MAX`
/// when it does not fit; `None` when it is not integer text.
pub fn int_text_saturating(s: &str) -> Option<i64> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse::<i64>().unwrap_or(if negative { i64::MIN } else { i64::MAX }))
}

/// Parses `-?[0-9]+` into an i64 (no sign `+`, no spaces, no fraction).
pub fn parse_int_text(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Splits a plain decimal (`-?digits(.digits)?`) into (significant whole
/// digits, significant fraction digits). Leading zeros of the whole part and
/// trailing zeros of the fraction do not count: `007.50` is (1, 1).
pub fn decimal_digits(text: &str) -> Result<(u32, u32), ErrorType> {
    let body = text.strip_prefix('-').unwrap_or(text);
    // One pass: digits, at most one point with digits on both sides.
    let bytes = body.as_bytes();
    let (mut whole_sig, mut frac_len, mut frac_sig) = (0u32, 0u32, 0u32);
    let (mut seen_point, mut whole_len, mut leading) = (false, 0u32, true);
    let mut ok = !bytes.is_empty();
    for &b in bytes {
        match b {
            b'0'..=b'9' if !seen_point => {
                whole_len += 1;
                leading &= b == b'0';
                whole_sig += u32::from(!leading);
            }
            b'0'..=b'9' => {
                frac_len += 1;
                if b != b'0' {
                    frac_sig = frac_len;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => {
                ok = false;
                break;
            }
        }
    }
    if !ok || whole_len == 0 || (seen_point && frac_len == 0) {
        // Only a malformed value pays for telling NaN/Infinity apart.
        let finite_word = ["nan", "inf", "infinity", "+inf", "+infinity"].iter().any(|w| body.eq_ignore_ascii_case(w));
        return Err(if finite_word { ErrorType::DecimalNotFinite } else { ErrorType::DecimalParsing });
    }
    Ok((whole_sig, frac_sig))
}

/// A full `http://` / `https://` URL with a host.
pub fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).map(|p| p.to_ascii_lowercase()).unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &s[8..]
    } else if lower.starts_with("http://") {
        &s[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !s.chars().any(char::is_whitespace)
}

/// A calendar date-time (no zone), as the pages write them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NaiveDateTime {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
    /// Hour 0–23.
    pub hour: u32,
    /// Minute 0–59.
    pub minute: u32,
    /// Second 0–59.
    pub second: u32,
}

impl NaiveDateTime {
    /// `yyyy-MM-dd`, as the pages write dates.
    pub fn date_text(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `yyyy-MM-dd HH:mm:ss`, as the pages write date-times.
    pub fn datetime_text(&self) -> String {
        format!("{} {:02}:{:02}:{:02}", self.date_text(), self.hour, self.minute, self.second)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses a date or date-time in the given format; `None` when it is not one
/// (including impossible dates such as 2023-02-30).
pub fn parse_datetime(s: &str, fmt: DateFormat) -> Option<NaiveDateTime> {
    let num = |p: &str, min: usize, max: usize| -> Option<u32> {
        if p.len() < min || p.len() > max || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let (dmin, tmin) = match fmt {
        DateFormat::DateTime | DateFormat::Date => (2, 2),
        DateFormat::Loose => (1, 1),
    };
    match (fmt, time) {
        (DateFormat::DateTime, None) | (DateFormat::Date, Some(_)) => return None,
        _ => {}
    }
    let mut d = date.split('-');
    let year = num(d.next()?, 4, 4)? as i32;
    let month = num(d.next()?, dmin, 2)?;
    let day = num(d.next()?, dmin, 2)?;
    if d.next().is_some() || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    if let Some(t) = time {
        let mut p = t.split(':');
        hour = num(p.next()?, tmin, 2)?;
        minute = num(p.next()?, tmin, 2)?;
        second = num(p.next()?, tmin, 2)?;
        if p.next().is_some() || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
    }
    Some(NaiveDateTime { year, month, day, hour, minute, second })
}

/// Checks one value of a kind at a location prefix; the errors found (the
/// one walk of the core (`walk`), over the value).
pub fn check_value(kind: &'static FieldKind, value: &Value, prefix: &[LocItem], strict: bool) -> Vec<ErrorRecord> {
    crate::walk::check_value(kind, value, prefix, strict)
}

/// How deep a value nests (a scalar is 0); stops counting at `limit + 1`.
pub fn depth(value: &Value, limit: usize) -> usize {
    fn go(v: &Value, d: usize, limit: usize) -> usize {
        if d > limit {
            return d;
        }
        match v {
            Value::Array(a) => a.iter().map(|x| go(x, d + 1, limit)).max().unwrap_or(d + 1),
            Value::Object(m) => m.values().map(|x| go(x, d + 1, limit)).max().unwrap_or(d + 1),
            _ => d,
        }
    }
    go(value, 0, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decimal_digits_counts_significant_digits() {
        assert_eq!(decimal_digits("0"), Ok((0, 0)));
        assert_eq!(decimal_digits("-12.50"), Ok((2, 1)));
        assert_eq!(decimal_digits("007.0001"), Ok((1, 4)));
        assert_eq!(decimal_digits("1.23456"), Ok((1, 5)));
        assert_eq!(decimal_digits("1e5"), Err(ErrorType::DecimalParsing));
        assert_eq!(decimal_digits("1E+2"), Err(ErrorType::DecimalParsing));
        assert_eq!(decimal_digits(".5"), Err(ErrorType::DecimalParsing));
        assert_eq!(decimal_digits("5."), Err(ErrorType::DecimalParsing));
        assert_eq!(decimal_digits("+5"), Err(ErrorType::DecimalParsing));
        assert_eq!(decimal_digits(" 5"), Err(ErrorType::DecimalParsing));
        assert_eq!(decimal_digits("NaN"), Err(ErrorType::DecimalNotFinite));
        assert_eq!(decimal_digits("-Infinity"), Err(ErrorType::DecimalNotFinite));
        assert_eq!(decimal_digits(""), Err(ErrorType::DecimalParsing));
    }

    #[test]
    fn scan_str_counts_characters_not_bytes() {
        assert_eq!(scan_str("店铺A"), (3, None));
        assert_eq!(scan_str("😀a"), (2, None));
        assert_eq!(scan_str("a\tb\n"), (4, None));
        assert_eq!(scan_str("a\u{0}b"), (3, Some('\u{0}')));
        assert_eq!(scan_str("\u{7f}"), (1, Some('\u{7f}')));
    }

    #[test]
    fn scan_str_agrees_with_a_byte_by_byte_scan_at_every_offset() {
        // The reference: every Unicode control (C0, DEL, C1) but tab, LF, CR.
        let reference = |s: &str| {
            let control = s.chars().find(|&c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c));
            (s.chars().count(), control)
        };
        for special in ["", "\t", "\n", "\r", "\u{0}", "\u{1f}", "\u{7f}", "\u{80}", "\u{85}", "\u{9f}", "\u{a0}", "©·", "店", "😀", " "] {
            for pad in 0..20 {
                let s = format!("{}{special}{}{}", "a".repeat(pad), "货".repeat(pad % 4), "\u{1}".repeat(pad % 2));
                assert_eq!(scan_str(&s), reference(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn field_lookup_finds_every_documented_name_and_nothing_else() {
        for op in crate::registry::operations() {
            for f in op.item.fields {
                assert!(std::ptr::eq(op.item.field(f.name).expect("found"), f), "{} {}", op.name, f.name);
                assert!(op.item.field(&format!("{}_", f.name)).is_none());
            }
            assert!(op.item.field("").is_none());
        }
    }

    #[test]
    fn integers_too_big_for_i64_saturate_instead_of_changing_type() {
        assert_eq!(int_text_saturating("12345678901234567890"), Some(i64::MAX));
        assert_eq!(int_text_saturating("-12345678901234567890"), Some(i64::MIN));
        assert_eq!(int_text_saturating("1.5"), None);
        let kind = FieldKind::Int { min: 0, max: 999 };
        let errs = check_value(Box::leak(Box::new(kind)), &serde_json::json!("12345678901234567890"), &[], false);
        assert_eq!(errs[0].kind, ErrorType::IntOutOfRange);
        assert_eq!(errs[0].input, serde_json::json!("12345678901234567890"));
    }

    #[test]
    fn ints_accept_integer_text_only() {
        assert_eq!(parse_int_text("12"), Some(12));
        assert_eq!(parse_int_text("-1"), Some(-1));
        assert_eq!(parse_int_text("1.0"), None);
        assert_eq!(parse_int_text("+1"), None);
        assert_eq!(parse_int_text(""), None);
        assert_eq!(parse_int_text("99999999999999999999"), None);
    }

    #[test]
    fn datetimes_are_checked_for_real_dates() {
        assert!(parse_datetime("2018-11-30 23:59:59", DateFormat::DateTime).is_some());
        assert!(parse_datetime("2018-11-31 00:00:00", DateFormat::DateTime).is_none());
        assert!(parse_datetime("2024-02-29 00:00:00", DateFormat::DateTime).is_some());
        assert!(parse_datetime("2023-02-29 00:00:00", DateFormat::DateTime).is_none());
        assert!(parse_datetime("2018-11-30", DateFormat::DateTime).is_none());
        assert!(parse_datetime("2020-04-21", DateFormat::Date).is_some());
        assert!(parse_datetime("2016-9-9 0:0:0", DateFormat::Loose).is_some());
        assert!(parse_datetime("2016-9-9 24:0:0", DateFormat::Loose).is_none());
    }

    #[test]
    fn urls_need_a_scheme_and_host() {
        assert!(is_http_url("http://cn01.imgcdn.ymcart.com/a.jpg"));
        assert!(is_http_url("HTTPS://x.y"));
        assert!(!is_http_url("image1.jpg"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("http://"));
        assert!(!is_http_url("http://a b"));
    }

    #[test]
    fn depth_stops_at_the_limit() {
        assert_eq!(depth(&json!(1), 10), 0);
        assert_eq!(depth(&json!([[1]]), 10), 2);
        let mut v = json!(1);
        for _ in 0..100 {
            v = json!([v]);
        }
        assert_eq!(depth(&v, 10), 11);
    }
}
