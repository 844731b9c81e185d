//! The one walk: reads an item from an [`Input`] once, checking it against
//! its operation's schema and writing its body JSON in the same pass.
//!
//! The checks are those of [`crate::rules`] (the Value-based
//! [`crate::rules::Checker`] stays for the rules written over values:
//! [`FieldKind::Custom`] kinds and [`ObjectRule::Custom`] rules, which get
//! the value — or the object — read into a `Value` first). Body JSON is
//! written as [`crate::write::write_body_value`] would write the item: object
//! members whose value is `null` are left out. What the unique-key checks
//! and the planner need from an item (key parts, the group value) is
//! captured on the way.

use crate::error::{ErrorRecord, ErrorType, LocItem};
use crate::input::{number_value, own, Head, Input, JsonInput, Key, OwnedHead, Problem};
use crate::registry::{BodyShape, Operation, UniqueKey};
use crate::rules::{decimal_digits, int_text_saturating, is_http_url, parse_datetime, Checker, CtxSet, FieldKind, ObjectRule, Schema};
use crate::write::{put, scan, write_body_value, write_json, write_str, write_str_known};
use serde_json::{Map, Value};

/// Why a walk stopped before the item's end.
pub(crate) enum Stop<E> {
    /// The input failed (bad JSON, a host exception); boxed, so the walk's
    /// results stay two words wide.
    Input(Box<E>),
    /// The item nests too deep to read (JSON text): it is refused whole.
    ItemTooDeep,
}

type R<T, E> = Result<T, Stop<E>>;

trait Lift<T, E> {
    fn lift(self) -> R<T, E>;
}

impl<T, E> Lift<T, E> for Result<T, E> {
    #[inline(always)]
    fn lift(self) -> R<T, E> {
        self.map_err(|e| Stop::Input(Box::new(e)))
    }
}

/// One step of the location being walked.
#[derive(Clone, Debug)]
enum Seg {
    /// A documented field (its name is static).
    Field(&'static str),
    /// Any other key.
    Key(Box<str>),
    /// A list index.
    Index(usize),
}

/// Which unique-key table applies to the object being walked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Nothing is captured.
    None,
    /// The item itself.
    Item,
    /// Element `sub` of the list field holding `within` keys (table `table`).
    Elem { table: u16, sub: u32 },
}

/// What a captured scalar was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartKind {
    Str,
    Num,
    /// A boolean, a list or an object: no key can be made of it.
    Other,
}

/// One captured key part of an item.
#[derive(Clone, Copy, Debug)]
struct Part {
    key: u16,
    part: u16,
    /// Element index for `within` keys, `u32::MAX` for item-level keys.
    sub: u32,
    kind: PartKind,
    given: bool,
    start: u32,
    end: u32,
}

/// What a field value is captured for.
#[derive(Clone, Copy, Debug)]
enum Target {
    Part { key: u16, part: u16 },
    Group,
}

/// The targets of one field (a field takes part in at most a few keys).
#[derive(Clone, Copy, Debug, Default)]
struct Targets {
    n: u8,
    t: [Option<Target>; 4],
}

impl Targets {
    fn push(&mut self, t: Target) {
        if usize::from(self.n) < self.t.len() {
            self.t[usize::from(self.n)] = Some(t);
            self.n += 1;
        }
    }
    fn iter(&self) -> impl Iterator<Item = Target> + '_ {
        self.t[..usize::from(self.n)].iter().flatten().copied()
    }
}

/// Per operation: which fields' values the key checks and the planner need.
#[derive(Default)]
pub(crate) struct KeyPlan {
    /// Per item-schema field: its targets.
    item: Vec<Targets>,
    /// Per item-schema field: the `within` table it is the list of, if any.
    within_list: Vec<Option<u16>>,
    /// Per `within` table, per element-schema field: its targets.
    within: Vec<Vec<Targets>>,
    /// Per unique key, per part: whether its schema requires that field.
    pub(crate) required_parts: Vec<Vec<bool>>,
}

impl KeyPlan {
    /// The plan of an operation, built once per process (operations are static).
    pub(crate) fn of(op: &'static Operation) -> &'static KeyPlan {
        type Plans = std::sync::Mutex<Vec<(&'static str, &'static KeyPlan)>>;
        static PLANS: std::sync::OnceLock<Plans> = std::sync::OnceLock::new();
        let mut plans = PLANS.get_or_init(Plans::default).lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, p)) = plans.iter().find(|(name, _)| *name == op.name) {
            return p;
        }
        let p: &'static KeyPlan = Box::leak(Box::new(KeyPlan::new(op)));
        plans.push((op.name, p));
        p
    }

    fn new(op: &'static Operation) -> KeyPlan {
        let item_schema = op.item;
        let mut item = vec![Targets::default(); item_schema.fields.len()];
        let mut within_list = vec![None; item_schema.fields.len()];
        let mut within: Vec<Vec<Targets>> = Vec::new();
        let mut lists: Vec<&'static str> = Vec::new();
        let mut required_parts = Vec::new();
        for (k, key) in op.unique_keys.iter().enumerate() {
            let schema = key_schema(op, key);
            required_parts.push(key.fields.iter().map(|f| schema.and_then(|s| s.field(f)).is_some_and(|fd| fd.required)).collect());
            match key.within {
                None => {
                    for (p, f) in key.fields.iter().enumerate() {
                        if let Some(pos) = item_schema.position_of(f) {
                            item[pos].push(Target::Part { key: k as u16, part: p as u16 });
                        }
                    }
                }
                Some(list) => {
                    let (Some(lpos), Some(elem)) = (item_schema.position_of(list), schema) else { continue };
                    let t = match lists.iter().position(|l| *l == list) {
                        Some(t) => t,
                        None => {
                            lists.push(list);
                            within.push(vec![Targets::default(); elem.fields.len()]);
                            within_list[lpos] = Some((within.len() - 1) as u16);
                            within.len() - 1
                        }
                    };
                    for (p, f) in key.fields.iter().enumerate() {
                        if let Some(pos) = elem.position_of(f) {
                            within[t][pos].push(Target::Part { key: k as u16, part: p as u16 });
                        }
                    }
                }
            }
        }
        if let BodyShape::GroupedArg { group, .. } = op.body {
            if let Some(pos) = item_schema.position_of(group) {
                item[pos].push(Target::Group);
            }
        }
        KeyPlan { item, within_list, within, required_parts }
    }
}

/// The schema a unique key's fields belong to (the item's, or the list
/// elements' for keys read `within` a list).
pub(crate) fn key_schema(op: &'static Operation, key: &UniqueKey) -> Option<&'static Schema> {
    match key.within {
        None => Some(op.item),
        Some(list) => match &op.item.field(list)?.kind {
            FieldKind::List { of: FieldKind::Object(schema), .. } => Some(*schema),
            _ => None,
        },
    }
}

/// A set of field positions (schemas have at most 256 fields: checked when
/// their lookup table is built).
#[derive(Clone, Copy, Default)]
struct Bits([u64; 4]);

impl Bits {
    #[inline(always)]
    fn set(&mut self, i: usize, on: bool) {
        let (w, b) = (i / 64, 1u64 << (i % 64));
        if on {
            self.0[w] |= b;
        } else {
            self.0[w] &= !b;
        }
    }
    #[inline(always)]
    fn get(&self, i: usize) -> bool {
        self.0[i / 64] & (1u64 << (i % 64)) != 0
    }
}

/// The group value of an item (ApiGoods.upload `shop_no`), borrowed from
/// the walk's captures: compared with the open batches' groups without
/// allocating; made a [`Value`] only to open a batch.
#[derive(Clone, Copy, Debug)]
pub(crate) enum GroupRef<'a> {
    /// Null, missing, or not a scalar (its JSON is `null` in the body).
    Null,
    /// A string.
    Str(&'a str),
    /// A number, as its exact text.
    Num(&'a str),
}

impl GroupRef<'_> {
    pub(crate) fn to_value(self) -> Value {
        match self {
            GroupRef::Null => Value::Null,
            GroupRef::Str(s) => Value::String(s.to_owned()),
            GroupRef::Num(n) => number_value(n),
        }
    }

    /// Whether a batch's group is this value ("1" and 1 differ, as their JSON does).
    pub(crate) fn is(self, v: &Value) -> bool {
        match (self, v) {
            (GroupRef::Null, Value::Null) => true,
            (GroupRef::Str(s), Value::String(t)) => s == t,
            (GroupRef::Num(n), Value::Number(m)) => m.as_str() == n,
            _ => false,
        }
    }
}

/// What an item walk captured besides its errors.
#[derive(Default)]
pub(crate) struct Captures {
    buf: Vec<u8>,
    parts: Vec<Part>,
    /// The group value's kind and its key's position in the item; its text
    /// is `group_text` (a buffer kept from item to item).
    group: Option<(u8, u16)>,
    group_text: String,
}

const GROUP_NULL: u8 = 0;
const GROUP_STR: u8 = 1;
const GROUP_NUM: u8 = 2;

impl Captures {
    fn clear(&mut self) {
        self.buf.clear();
        self.parts.clear();
        self.group = None;
    }

    /// The group value captured (null when the item has none) and its
    /// key's position (`u16::MAX`: not in the item).
    pub(crate) fn group(&self) -> (GroupRef<'_>, u16) {
        match self.group {
            None => (GroupRef::Null, u16::MAX),
            Some((GROUP_STR, pos)) => (GroupRef::Str(&self.group_text), pos),
            Some((GROUP_NUM, pos)) => (GroupRef::Num(&self.group_text), pos),
            Some((_, pos)) => (GroupRef::Null, pos),
        }
    }

    fn text(&self, p: &Part) -> &str {
        let bytes = &self.buf[p.start as usize..p.end as usize];
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: only whole `&str`s are copied into `buf`, and a part's
        // range is exactly one of them.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// Records a scalar for `targets`.
    fn put(&mut self, targets: Targets, sub: u32, key_pos: u16, v: CapValue<'_>) {
        self.put_part(targets, sub, key_pos, v, false)
    }

    /// [`Captures::put`] for a key repeated in one object (JSON text): the
    /// earlier capture is replaced — the last one wins, as a JSON reader
    /// keeps it.
    fn replace(&mut self, targets: Targets, sub: u32, key_pos: u16, v: CapValue<'_>) {
        self.put_part(targets, sub, key_pos, v, true)
    }

    fn put_part(&mut self, targets: Targets, sub: u32, key_pos: u16, v: CapValue<'_>, replace: bool) {
        for t in targets.iter() {
            match t {
                Target::Group => {
                    self.group_text.clear();
                    let kind = match v {
                        CapValue::Str(s) => {
                            self.group_text.push_str(s);
                            GROUP_STR
                        }
                        CapValue::Num(n) => {
                            self.group_text.push_str(n);
                            GROUP_NUM
                        }
                        CapValue::Null | CapValue::Other(_) => GROUP_NULL,
                    };
                    self.group = Some((kind, key_pos));
                }
                Target::Part { key, part } => {
                    if replace {
                        self.parts.retain(|p| !(p.key == key && p.part == part && p.sub == sub));
                    }
                    let (kind, given, text) = match v {
                        CapValue::Null => continue,
                        CapValue::Str(s) => (PartKind::Str, !is_blank_text(s), s),
                        CapValue::Num(n) => (PartKind::Num, true, n),
                        CapValue::Other(given) => (PartKind::Other, given, ""),
                    };
                    let start = self.buf.len() as u32;
                    self.buf.extend_from_slice(text.as_bytes());
                    self.parts.push(Part { key, part, sub, kind, given, start, end: self.buf.len() as u32 });
                }
            }
        }
    }
}

/// A value as captured.
#[derive(Clone, Copy)]
enum CapValue<'a> {
    Null,
    Str(&'a str),
    Num(&'a str),
    /// Not a scalar a key is made of; whether it counts as given.
    Other(bool),
}

impl CapValue<'_> {
    fn of(v: &Value) -> CapValue<'_> {
        match v {
            Value::Null => CapValue::Null,
            Value::String(s) => CapValue::Str(s),
            Value::Number(n) => CapValue::Num(n.as_str()),
            other => CapValue::Other(crate::rules::is_given(other)),
        }
    }
}

/// Where to capture a field's value.
#[derive(Clone, Copy)]
struct Cap {
    targets: Targets,
    sub: u32,
    key_pos: u16,
}

/// Walks items: the state one item's walk needs, reused between items.
pub(crate) struct Walk {
    pub(crate) strict: bool,
    /// Lax mode (`crate::lax`): missing-value markers are not given, and
    /// numbers are read as the user meant them where that is exact.
    pub(crate) lax: bool,
    /// What locations start with (the item index, if any).
    prefix: Vec<LocItem>,
    /// The rows the item was made of, when its input nests rows
    /// (`crate::nest`): locations then start with a row instead.
    rows: crate::input::ItemRows,
    nested: bool,
    path: Vec<Seg>,
    /// The core's problems with the item.
    pub(crate) errors: Vec<ErrorRecord>,
    /// Problems the host (or the JSON reader) found.
    pub(crate) host: Vec<ErrorRecord>,
    pub(crate) caps: Captures,
    /// What to capture, for items of an operation (none for a bare value).
    keys: &'static KeyPlan,
    /// The JSON text of the documented fields an [`ObjectRule::Reads`]
    /// rule reads (kept aside as written; read into values only when the
    /// rule runs).
    side: Vec<u8>,
    /// The fields whose text is in `side`: (name, start, end).
    side_fields: Vec<(&'static str, usize, usize)>,
}

impl Walk {
    pub(crate) fn new(strict: bool, keys: &'static KeyPlan) -> Self {
        Walk { strict, lax: false, prefix: Vec::new(), rows: Default::default(), nested: false, path: Vec::with_capacity(8), errors: Vec::new(), host: Vec::new(), caps: Captures::default(), keys, side: Vec::new(), side_fields: Vec::new() }
    }

    /// Starts an item: locations start with `prefix`.
    pub(crate) fn start(&mut self, prefix: Option<usize>) {
        self.prefix.clear();
        self.prefix.extend(prefix.map(LocItem::Index));
        self.nested = false;
        self.path.clear();
        self.errors.clear();
        self.host.clear();
        self.caps.clear();
        self.side.clear();
        self.side_fields.clear();
    }

    /// The row a location under `path` starts with (nested rows): the
    /// element's row inside a list made of rows, else the item's first row.
    fn row_at(&self, path: &[Seg]) -> usize {
        if let [Seg::Field(_) | Seg::Key(_), Seg::Index(i), ..] = path {
            let name = match &path[0] {
                Seg::Field(f) => *f,
                Seg::Key(k) => &**k,
                Seg::Index(_) => "",
            };
            if let Some(r) = self.rows.row_of(name, *i) {
                return r;
            }
        }
        self.rows.first
    }

    /// The current location.
    fn loc(&self) -> Vec<LocItem> {
        let mut loc = Vec::with_capacity(self.prefix.len() + self.path.len());
        if self.nested {
            loc.push(LocItem::Index(self.row_at(&self.path)));
        } else {
            loc.extend_from_slice(&self.prefix);
        }
        loc.extend(self.path.iter().map(|s| match s {
            Seg::Field(f) => LocItem::Key((*f).to_owned()),
            Seg::Key(k) => LocItem::Key(k.to_string()),
            Seg::Index(i) => LocItem::Index(*i),
        }));
        loc
    }

    fn report(&mut self, kind: ErrorType, input: Value) -> &mut ErrorRecord {
        let rec = ErrorRecord::new(kind, self.loc(), input);
        self.errors.push(rec);
        self.errors.last_mut().expect("just pushed")
    }

    fn report_at(&mut self, seg: Seg, kind: ErrorType, input: Value) -> &mut ErrorRecord {
        self.path.push(seg);
        let rec = ErrorRecord::new(kind, self.loc(), input);
        self.path.pop();
        self.errors.push(rec);
        self.errors.last_mut().expect("just pushed")
    }

    /// A host problem at the current location.
    fn problem<I: Input + ?Sized>(&mut self, input: &mut I, p: &Problem) {
        let rec = p.record(self.loc());
        input.located(&rec);
        self.host.push(rec);
    }

    // ---------------------------------------------------------- reading

    /// Reads the rest of a list or object whose head was read into a
    /// `Value` (records' inputs, the rules written over values), recording
    /// host problems and keys repeated in one object where they are.
    fn read_container<I: Input + ?Sized>(&mut self, input: &mut I, list: bool) -> R<Value, I::Error> {
        if !list {
            return Ok(Value::Object(self.read_object(input)?));
        }
        let mut out = Vec::new();
        while input.next_element().lift()? {
            self.path.push(Seg::Index(out.len()));
            let v = self.read_value(input);
            self.path.pop();
            out.push(v?);
        }
        Ok(Value::Array(out))
    }

    fn read_object<I: Input + ?Sized>(&mut self, input: &mut I) -> R<Map<String, Value>, I::Error> {
        let mut out = Map::new();
        while let Some(key) = input.next_key().lift()? {
            match key {
                Key::Str(k) => {
                    let k = k.to_owned();
                    self.path.push(Seg::Key(k.as_str().into()));
                    let v = match self.read_value(input) {
                        Ok(v) => v,
                        Err(e) => {
                            self.path.pop();
                            return Err(e);
                        }
                    };
                    if out.contains_key(&k) {
                        let rec = ErrorRecord::new(ErrorType::JsonDuplicateKey, self.loc(), v.clone()).with("key", k.as_str());
                        self.host.push(rec);
                    }
                    self.path.pop();
                    out.insert(k, v);
                }
                Key::Bad { shown, problem } => {
                    self.path.push(Seg::Key(shown.as_str().into()));
                    self.problem(input, &problem);
                    self.path.pop();
                    out.insert(shown, Value::Null);
                }
            }
        }
        Ok(out)
    }

    /// Reads one whole value into a `Value`.
    fn read_value<I: Input + ?Sized>(&mut self, input: &mut I) -> R<Value, I::Error> {
        let head = input.value().lift()?;
        match head {
            Head::List => self.read_container(input, true),
            Head::Object => self.read_container(input, false),
            Head::Bad(p) => self.bad(input, p).map(|_| Value::Null),
            scalar => Ok(scalar_value(scalar)),
        }
    }

    /// A value the host could not read: its problem recorded here (an item
    /// too deep stops the walk).
    fn bad<I: Input + ?Sized>(&mut self, input: &mut I, p: Problem) -> R<(), I::Error> {
        if p == Problem::ItemTooDeep {
            return Err(Stop::ItemTooDeep);
        }
        self.problem(input, &p);
        Ok(())
    }

    /// Copies a list or object whose head was read to the body as it is
    /// (documented `Any` fields, undocumented fields: rare in items), by
    /// reading it whole — repeated keys and host problems recorded — and
    /// writing it without its null members.
    fn copy_container<I: Input + ?Sized>(&mut self, input: &mut I, out: &mut Vec<u8>, list: bool) -> R<(), I::Error> {
        let v = self.read_container(input, list)?;
        write_body_value(out, &v, None);
        Ok(())
    }

    /// Copies one whole value; returns whether it was `null` (or could not be read).
    fn copy_value<I: Input + ?Sized>(&mut self, input: &mut I, out: &mut Vec<u8>) -> R<bool, I::Error> {
        let head = input.value().lift()?;
        match head {
            Head::List => self.copy_container(input, out, true).map(|_| false),
            Head::Object => self.copy_container(input, out, false).map(|_| false),
            Head::Bad(p) => {
                self.bad(input, p)?;
                out.extend_from_slice(b"null");
                Ok(true)
            }
            scalar => {
                let null = matches!(scalar, Head::Null);
                write_scalar(out, scalar);
                Ok(null)
            }
        }
    }

    /// A wrong type: the value read whole as the record's input, and
    /// written as it is (the item will not be sent; the body stays JSON).
    fn wrong<I: Input + ?Sized>(&mut self, input: &mut I, out: &mut Vec<u8>, kind: ErrorType, head: OwnedHead) -> R<(), I::Error> {
        let v = match head {
            OwnedHead::List => self.read_container(input, true)?,
            OwnedHead::Object => self.read_container(input, false)?,
            other => scalar_value(other.as_head()),
        };
        write_json(out, &v);
        self.report(kind, v);
        Ok(())
    }

    // --------------------------------------------------------- checking

    /// Reads one value of a field's kind, checks it and writes it.
    /// `in_object`: a `null` (or a value the host could not read) means
    /// "not given": nothing is checked or written, and `Ok(false)` says so.
    /// Elsewhere (a list element) `null` is checked like any value.
    fn field<I: Input + ?Sized>(&mut self, input: &mut I, out: &mut Vec<u8>, kind: &'static FieldKind, in_object: bool, cap: Option<Cap>, ctx: Ctx) -> R<Given, I::Error> {
        let head = input.value().lift()?;
        // Lax mode: the text a number becomes (see `crate::lax`).
        #[cfg(feature = "lax")]
        let lax_text: String;
        let head = match head {
            Head::Null if in_object => {
                if let Some(c) = cap {
                    self.caps.put(c.targets, c.sub, c.key_pos, CapValue::Null);
                }
                return Ok(Given::NULL);
            }
            Head::Bad(Problem::Missing(_)) if self.lax => {
                if let Some(c) = cap {
                    self.caps.put(c.targets, c.sub, c.key_pos, CapValue::Null);
                }
                if in_object {
                    return Ok(Given::NULL);
                }
                Head::Null
            }
            #[cfg(feature = "lax")]
            Head::Number(n) if self.lax => match crate::lax::number(kind, n) {
                Some((text, as_str)) => {
                    lax_text = text;
                    if as_str {
                        Head::Str(&lax_text)
                    } else {
                        Head::Number(&lax_text)
                    }
                }
                None => Head::Number(n),
            },
            Head::Bad(p) => {
                self.bad(input, p)?;
                if let Some(c) = cap {
                    self.caps.put(c.targets, c.sub, c.key_pos, CapValue::Null);
                }
                if in_object {
                    return Ok(Given::NULL);
                }
                // A placeholder `null`, checked as the hosts' converted null was.
                Head::Null
            }
            other => other,
        };
        if let Some(c) = cap {
            let v = match head {
                Head::Null => CapValue::Null,
                Head::Str(s) => CapValue::Str(s),
                Head::Number(n) => CapValue::Num(n),
                Head::Bool(_) | Head::Object => CapValue::Other(true),
                // An empty list is not "given"; a key cannot be made of a list anyway.
                Head::List | Head::Bad(_) => CapValue::Other(true),
            };
            self.caps.put(c.targets, c.sub, c.key_pos, v);
        }
        // Whether the value counts as given for either-or rules: not an
        // empty or blank string, not an empty list.
        let mut given = match head {
            Head::Str(s) => !is_blank(s),
            _ => true,
        };
        match kind {
            FieldKind::Str { min, max } => match head {
                Head::Str(s) => {
                    let sc = scan(s);
                    self.check_str(s, sc, *min, *max);
                    write_str_known(out, s, sc.escape);
                }
                other => {
                    let h = own(other);
                    self.wrong(input, out, ErrorType::StringType, h)?
                }
            },
            FieldKind::Int { .. } | FieldKind::IntEnum(_) | FieldKind::BitFlags(_) => {
                // An integer is a JSON integer or integer text, written as
                // given; too big for i64 it saturates, so it is reported out
                // of range (or not in its enum), not as a wrong type.
                let (text, quoted) = match head {
                    Head::Number(n) => (n, false),
                    Head::Str(s) => (s, true),
                    other => {
                        let h = own(other);
                        self.wrong(input, out, ErrorType::IntType, h)?;
                        return Ok(Given::yes(given));
                    }
                };
                if quoted {
                    write_str(out, text);
                } else {
                    out.extend_from_slice(text.as_bytes());
                }
                let value = || if quoted { Value::String(text.to_owned()) } else { number_value(text) };
                match int_text_saturating(text) {
                    None => {
                        self.report(ErrorType::IntType, value());
                    }
                    Some(n) => match kind {
                        FieldKind::Int { min, max } if n < *min || n > *max => {
                            self.report(ErrorType::IntOutOfRange, value()).ctx_set("min", *min).ctx_set("max", *max);
                        }
                        FieldKind::IntEnum(allowed) if !allowed.contains(&n) => {
                            self.report(ErrorType::Enum, value()).ctx_set("expected", allowed.to_vec());
                        }
                        FieldKind::BitFlags(flags) => {
                            let mask: i64 = flags.iter().fold(0, |m, f| m | f);
                            if n < 0 || n & !mask != 0 {
                                self.report(ErrorType::BitFlags, value()).ctx_set("allowed", flags.to_vec());
                            }
                        }
                        _ => {}
                    },
                }
            }
            FieldKind::StrEnum(allowed) => match head {
                Head::Str(s) => {
                    write_str(out, s);
                    if !allowed.contains(&s) {
                        self.report(ErrorType::Enum, Value::String(s.to_owned())).ctx_set("expected", allowed.to_vec());
                    }
                }
                other => {
                    let h = own(other);
                    self.wrong(input, out, ErrorType::StringType, h)?
                }
            },
            FieldKind::Decimal { whole, places } => {
                let (text, quoted) = match head {
                    Head::Number(n) => (n, false),
                    Head::Str(s) => (s, true),
                    other => {
                        let h = own(other);
                        return self.wrong(input, out, ErrorType::DecimalType, h).map(|_| Given::yes(given));
                    }
                };
                match decimal_digits(text) {
                    Ok((w, p)) if w <= *whole && p <= *places => {
                        // Decimal text is digits, a point and a sign: nothing to escape.
                        if quoted {
                            write_str_known(out, text, false);
                        } else {
                            put(out, text.as_bytes());
                        }
                    }
                    result => {
                        let v = if quoted { Value::String(text.to_owned()) } else { number_value(text) };
                        write_json(out, &v);
                        match result {
                            Err(kind) => {
                                self.report(kind, v);
                            }
                            Ok((w, p)) => {
                                if w > *whole {
                                    self.report(ErrorType::DecimalMaxWholeDigits, v.clone()).ctx_set("max_whole_digits", *whole);
                                }
                                if p > *places {
                                    self.report(ErrorType::DecimalMaxPlaces, v).ctx_set("decimal_places", *places);
                                }
                            }
                        }
                    }
                }
            }
            FieldKind::Bool => match head {
                Head::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
                Head::Number(n) if matches!(n, "0" | "1") => out.extend_from_slice(n.as_bytes()),
                other => {
                    let h = own(other);
                    self.wrong(input, out, ErrorType::BoolType, h)?
                }
            },
            FieldKind::List { of, min, max } => {
                if !matches!(head, Head::List) {
                    let h = own(head);
                    self.wrong(input, out, ErrorType::ListType, h)?;
                    return Ok(Given::yes(given));
                }
                let start = out.len();
                let first_error = self.errors.len();
                out.push(b'[');
                let within = match ctx {
                    Ctx::Elem { table, .. } => Some(table),
                    _ => None,
                };
                let mut n = 0usize;
                while input.next_element().lift()? {
                    if n > 0 {
                        out.push(b',');
                    }
                    self.path.push(Seg::Index(n));
                    let elem_ctx = match within {
                        Some(table) => Ctx::Elem { table, sub: n as u32 },
                        None => Ctx::None,
                    };
                    let r = self.field(input, out, of, false, None, elem_ctx);
                    self.path.pop();
                    r?;
                    n += 1;
                }
                out.push(b']');
                given = n > 0;
                if n < *min || n > *max {
                    // The record's input is the list as it was written.
                    let v: Value = serde_json::from_slice(&out[start..]).unwrap_or(Value::Null);
                    let rec = if n < *min {
                        ErrorRecord::new(ErrorType::TooShort, self.loc(), v).with("min_length", *min)
                    } else {
                        ErrorRecord::new(ErrorType::TooLong, self.loc(), v).with("max_length", *max)
                    };
                    self.errors.insert(first_error, rec);
                }
            }
            FieldKind::Object(schema) => {
                if !matches!(head, Head::Object) {
                    let h = own(head);
                    self.wrong(input, out, ErrorType::DictType, h)?;
                    return Ok(Given::yes(given));
                }
                let obj_ctx = match ctx {
                    Ctx::Elem { .. } => ctx,
                    _ => Ctx::None,
                };
                self.object(input, out, schema, obj_ctx)?;
            }
            FieldKind::Url => match head {
                Head::Str(s) => {
                    let sc = scan(s);
                    if self.check_str(s, sc, 1, None) && !is_http_url(s) {
                        self.report(ErrorType::UrlScheme, Value::String(s.to_owned()));
                    }
                    write_str_known(out, s, sc.escape);
                }
                other => {
                    let h = own(other);
                    self.wrong(input, out, ErrorType::StringType, h)?
                }
            },
            FieldKind::DateTime(fmt) => match head {
                Head::Str(s) => {
                    write_str(out, s);
                    if parse_datetime(s, *fmt).is_none() {
                        self.report(ErrorType::DatetimeParsing, Value::String(s.to_owned())).ctx_set("format", fmt.pattern());
                    }
                }
                other => {
                    let h = own(other);
                    self.wrong(input, out, ErrorType::StringType, h)?
                }
            },
            FieldKind::Any => match head {
                Head::List => {
                    let start = out.len();
                    self.copy_container(input, out, true)?;
                    given = out.len() - start > 2;
                }
                Head::Object => self.copy_container(input, out, false)?,
                scalar => write_scalar(out, scalar),
            },
            FieldKind::Custom(f, _) => {
                let v = match head {
                    Head::List => self.read_container(input, true)?,
                    Head::Object => self.read_container(input, false)?,
                    scalar => scalar_value(scalar),
                };
                write_body_value(out, &v, None);
                given = crate::rules::is_given(&v);
                // The rule sees (and may amend) the findings so far, as it did
                // when one checker walked the whole value.
                let loc = self.loc();
                let mut c = Checker::new(&loc, self.strict);
                c.errors = std::mem::take(&mut self.errors);
                f(&v, &mut c);
                self.errors = c.errors;
            }
        }
        Ok(Given::yes(given))
    }

    /// Length (in Unicode characters), control characters and blankness;
    /// true when fine.
    fn check_str(&mut self, s: &str, sc: crate::write::Scan, min: usize, max: Option<usize>) -> bool {
        let mut ok = true;
        if let Some(c) = sc.control {
            self.report(ErrorType::StringControlCharacter, Value::String(s.to_owned())).ctx_set("character", format!("U+{:04X}", c as u32));
            ok = false;
        }
        if sc.chars < min || (min > 0 && is_blank(s)) {
            self.report(ErrorType::StringTooShort, Value::String(s.to_owned())).ctx_set("min_length", min);
            ok = false;
        }
        if let Some(max) = max {
            if sc.chars > max {
                self.report(ErrorType::StringTooLong, Value::String(s.to_owned())).ctx_set("max_length", max);
                ok = false;
            }
        }
        ok
    }

    /// Checks and writes an object whose head was read: every field, the
    /// required ones, the cross-field rules, and (strict) undocumented keys.
    fn object<I: Input + ?Sized>(&mut self, input: &mut I, out: &mut Vec<u8>, schema: &'static Schema, ctx: Ctx) -> R<(), I::Error> {
        if schema.has_custom_rules() {
            // A rule written over the object's values: read it whole first,
            // then walk that value (host problems are recorded by the read).
            let v = self.read_container(input, false)?;
            // Walked again as JSON text, so that every host's walk reads one
            // kind of input here (the browser build keeps one copy of it).
            let mut text = Vec::new();
            write_json(&mut text, &v);
            let mut again = JsonInput::unlimited(&text);
            let _ = again.value();
            let state = match self.fields(&mut again, out, schema, ctx) {
                Ok(s) => s,
                Err(Stop::ItemTooDeep) => return Err(Stop::ItemTooDeep),
                Err(Stop::Input(e)) => return Err(Stop::Input(Box::new((*e).into()))),
            };
            let Value::Object(map) = &v else { return Ok(()) };
            self.rules(schema, &state, Some(map));
            return Ok(());
        }
        let state = self.fields(input, out, schema, ctx)?;
        self.rules(schema, &state, None);
        Ok(())
    }

    fn fields<I: Input + ?Sized>(&mut self, input: &mut I, out: &mut Vec<u8>, schema: &'static Schema, ctx: Ctx) -> R<FieldState, I::Error> {
        let mut st = FieldState { first_error: self.errors.len(), side_start: self.side.len(), side_fields_start: self.side_fields.len(), ..FieldState::default() };
        out.push(b'{');
        let mut wrote = false;
        let mut pos = 0usize;
        let mut unknown: Vec<Box<str>> = Vec::new();
        let reads = schema.read_keys();
        while let Some(key) = input.next_key().lift()? {
            let key_pos = pos as u16;
            pos += 1;
            let k = match key {
                Key::Str(k) => k,
                Key::Bad { shown, problem } => {
                    self.path.push(Seg::Key(shown.into()));
                    self.problem(input, &problem);
                    self.path.pop();
                    continue;
                }
            };
            let Some(fi) = schema.position_at(key_pos as usize, k) else {
                // Undocumented: passed through as given; strict mode reports it.
                let k: Box<str> = k.into();
                if unknown.contains(&k) {
                    let v = self.duplicate(input, Seg::Key(k.clone()))?;
                    if reads.is_some_and(|r| r.contains(&&*k)) {
                        st.read_values.push((k, v));
                    }
                    continue;
                }
                unknown.push(k.clone());
                let mark = out.len();
                if wrote {
                    out.push(b',');
                }
                write_str(out, &k);
                out.push(b':');
                self.path.push(Seg::Key(k.clone()));
                let read = reads.is_some_and(|r| r.contains(&&*k));
                let r = if self.strict || read {
                    self.read_value(input).map(|v| {
                        write_body_value(out, &v, None);
                        (v.is_null(), Some(v))
                    })
                } else {
                    self.copy_value(input, out).map(|null| (null, None))
                };
                self.path.pop();
                let (null, extra) = r?;
                if let Some(v) = extra {
                    if read {
                        st.read_trigger |= reads.and_then(|r| r.first()) == Some(&&*k);
                        st.read_values.push((k.clone(), v.clone()));
                    }
                    if self.strict {
                        self.report_at(Seg::Key(k), ErrorType::ExtraForbidden, v);
                    }
                }
                if null {
                    out.truncate(mark);
                } else {
                    wrote = true;
                }
                continue;
            };
            let f = &schema.fields[fi];
            if st.present.get(fi) {
                self.duplicate_field(input, schema, fi, ctx, key_pos, &mut st)?;
                continue;
            }
            st.present.set(fi, true);
            let cap = self.cap_for(ctx, fi, key_pos);
            let group = cap.is_some_and(|c| c.targets.iter().any(|t| matches!(t, Target::Group)));
            let mark = out.len();
            put(out, schema.json_key(fi, wrote));
            self.path.push(Seg::Field(f.name));
            let child_ctx = match (ctx, self.within_table(fi)) {
                (Ctx::Item, Some(table)) => Ctx::Elem { table, sub: 0 },
                _ => Ctx::None,
            };
            let value_at = out.len();
            let r = self.field(input, out, &f.kind, true, cap, child_ctx);
            self.path.pop();
            let g = r?;
            if reads.is_some_and(|r| r.contains(&f.name)) {
                // Kept aside as written (before a group key is taken out).
                let start = self.side.len();
                self.side.extend_from_slice(&out[value_at..]);
                self.side_fields.push((f.name, start, self.side.len()));
                st.read_trigger |= reads.and_then(|r| r.first()) == Some(&f.name);
            }
            if !g.present || group {
                // Not given (null), or the group key the body carries once.
                out.truncate(mark);
            } else {
                wrote = true;
            }
            if g.present {
                st.seen.set(fi, true);
                st.given.set(fi, g.given);
            }
        }
        out.push(b'}');
        Ok(st)
    }

    fn within_table(&self, fi: usize) -> Option<u16> {
        self.keys.within_list.get(fi).copied().flatten()
    }

    #[inline]
    fn cap_for(&self, ctx: Ctx, fi: usize, key_pos: u16) -> Option<Cap> {
        let (targets, sub) = match ctx {
            Ctx::None => return None,
            Ctx::Item => (self.keys.item.get(fi)?, u32::MAX),
            Ctx::Elem { table, sub } => (self.keys.within.get(usize::from(table))?.get(fi)?, sub),
        };
        (targets.n > 0).then_some(Cap { targets: *targets, sub, key_pos })
    }

    /// A documented key repeated in one object (JSON text): the later value
    /// is read whole, reported, and wins — as JSON readers keep the last.
    fn duplicate_field<I: Input + ?Sized>(&mut self, input: &mut I, schema: &'static Schema, fi: usize, ctx: Ctx, key_pos: u16, st: &mut FieldState) -> R<(), I::Error> {
        let f = &schema.fields[fi];
        let v = self.duplicate(input, Seg::Field(f.name))?;
        if schema.read_keys().is_some_and(|r| r.contains(&f.name)) {
            st.read_values.push((f.name.into(), v.clone()));
        }
        st.seen.set(fi, !v.is_null());
        st.given.set(fi, crate::rules::is_given(&v));
        if let Some(c) = self.cap_for(ctx, fi, key_pos) {
            self.caps.replace(c.targets, c.sub, c.key_pos, CapValue::of(&v));
        }
        Ok(())
    }

    fn duplicate<I: Input + ?Sized>(&mut self, input: &mut I, seg: Seg) -> R<Value, I::Error> {
        self.path.push(seg.clone());
        let v = self.read_value(input);
        let v = match v {
            Ok(v) => v,
            Err(e) => {
                self.path.pop();
                return Err(e);
            }
        };
        let key = match &seg {
            Seg::Field(f) => (*f).to_owned(),
            Seg::Key(k) => k.to_string(),
            Seg::Index(i) => i.to_string(),
        };
        let rec = ErrorRecord::new(ErrorType::JsonDuplicateKey, self.loc(), v.clone()).with("key", key);
        self.path.pop();
        self.host.push(rec);
        Ok(v)
    }

    /// Required fields and the cross-field rules of an object just walked.
    fn rules(&mut self, schema: &'static Schema, st: &FieldState, map: Option<&Map<String, Value>>) {
        // Required fields are known missing only after the walk; their
        // records go first, in table order, as if checked before it.
        let mut missing = schema.required_positions().filter(|&i| !st.seen.get(i)).peekable();
        if missing.peek().is_some() {
            let walked = self.errors.split_off(st.first_error);
            let missing: Vec<usize> = missing.collect();
            for i in missing {
                self.report_at(Seg::Field(schema.fields[i].name), ErrorType::Missing, Value::Null);
            }
            self.errors.extend(walked);
        }
        for rule in schema.rules {
            match rule {
                ObjectRule::OneOf(names) => {
                    if !names.iter().any(|n| schema.position_of(n).is_some_and(|i| st.given.get(i))) {
                        self.report(ErrorType::MissingOneOf, Value::Null).ctx_set("fields", names.to_vec());
                    }
                }
                ObjectRule::Conflict(names) => {
                    let given = names.iter().filter(|n| schema.position_of(n).is_some_and(|i| st.given.get(i))).count();
                    if given > 1 {
                        self.report(ErrorType::Conflict, Value::Null).ctx_set("fields", names.to_vec());
                    }
                }
                ObjectRule::Reads(keys, f) => {
                    let built;
                    let map = match map {
                        Some(m) if m.contains_key(keys[0]) => m,
                        Some(_) => continue,
                        None if !st.read_trigger => {
                            self.side.truncate(st.side_start);
                            self.side_fields.truncate(st.side_fields_start);
                            continue;
                        }
                        None => {
                            let mut m = Map::new();
                            for &(name, start, end) in &self.side_fields[st.side_fields_start..] {
                                let text = &self.side[start..end];
                                let v = if text.is_empty() { Value::Null } else { serde_json::from_slice(text).unwrap_or(Value::Null) };
                                m.insert(name.to_owned(), v);
                            }
                            for (k, v) in &st.read_values {
                                m.insert(k.to_string(), v.clone());
                            }
                            self.side.truncate(st.side_start);
                            self.side_fields.truncate(st.side_fields_start);
                            built = m;
                            &built
                        }
                    };
                    let loc = self.loc();
                    let mut c = Checker::new(&loc, self.strict);
                    c.errors = std::mem::take(&mut self.errors);
                    f(map, &mut c);
                    self.errors = c.errors;
                }
                ObjectRule::Custom(f) => {
                    if let Some(map) = map {
                        let loc = self.loc();
                        let mut c = Checker::new(&loc, self.strict);
                        c.errors = std::mem::take(&mut self.errors);
                        f(map, &mut c);
                        self.errors = c.errors;
                    }
                }
            }
        }
    }
}

/// What the walk over one object's keys found.
#[derive(Default)]
struct FieldState {
    first_error: usize,
    /// Keys that occurred (null or not): a second one is a repeated key.
    present: Bits,
    /// Fields with a value other than null.
    seen: Bits,
    /// Fields given for either-or rules.
    given: Bits,
    /// What an [`ObjectRule::Reads`] rule reads: documented fields as
    /// their written text (`Walk::side_fields` from `side_fields_start`,
    /// their bytes in `Walk::side`, empty for null),
    /// other keys as values; and whether its first key occurred.
    side_fields_start: usize,
    read_values: Vec<(Box<str>, Value)>,
    read_trigger: bool,
    side_start: usize,
}

/// Whether a field's value was there (not null) and counts as given.
#[derive(Clone, Copy)]
struct Given {
    present: bool,
    given: bool,
}

impl Given {
    const NULL: Given = Given { present: false, given: false };
    fn yes(given: bool) -> Given {
        Given { present: true, given }
    }
}

// ------------------------------------------------------------- items

/// The map keys are already 64-bit hashes: hashing them again is waste.
#[derive(Default)]
struct PreHashed(u64);
impl std::hash::Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Seen = std::collections::HashMap<u64, (usize, u32), std::hash::BuildHasherDefault<PreHashed>>;

/// One item checked (and written).
pub(crate) struct Checked {
    /// Every problem, host problems merged in; empty when it may be sent.
    pub(crate) errors: Vec<ErrorRecord>,
}

/// Checks items one by one — the one walk, then the keys that must be
/// unique across everything checked so far — writing each item's JSON.
pub(crate) struct ItemChecker {
    op: &'static Operation,
    /// Register keys of items that failed their schema check too (raise mode:
    /// report every duplicate at once; skip mode: only sent items count).
    register_invalid: bool,
    walk: Walk,
    /// Per unique key: hash of the key value → (what its location starts
    /// with: the item index, or a row for nested rows; element index).
    seen: Vec<Seen>,
    /// Keys of the item being checked (reused).
    found: Vec<(usize, u64, u32)>,
    /// Its captured key parts, sorted (reused).
    parts: Vec<Part>,
    required_parts: Vec<Vec<bool>>,
    /// The last checked item's keys wait in `found` for [`ItemChecker::accept`].
    pending: bool,
    pending_index: usize,
}

impl ItemChecker {
    pub(crate) fn new(op: &'static Operation, strict: bool, register_invalid: bool) -> Self {
        let keys = KeyPlan::of(op);
        let required_parts = keys.required_parts.clone();
        ItemChecker {
            op,
            register_invalid,
            walk: Walk::new(strict, keys),
            seen: op.unique_keys.iter().map(|_| Seen::default()).collect(),
            found: Vec::new(),
            parts: Vec::new(),
            required_parts,
            pending: false,
            pending_index: 0,
        }
    }

    /// Lax mode on or off (see `crate::lax`).
    pub(crate) fn lax(mut self, lax: bool) -> Self {
        self.walk.lax = lax;
        self
    }

    /// Reads the next item from `input`, checks it and appends its JSON to
    /// `out` (whatever is appended for an item with problems is the
    /// caller's to drop). `indexed`: locations start with `index`.
    /// `head`: the item's head when the caller already read it (a payload
    /// of one item).
    pub(crate) fn check_from<I: Input + ?Sized>(&mut self, index: usize, indexed: bool, input: &mut I, out: &mut Vec<u8>, head: Option<&OwnedHead>) -> Result<Checked, I::Error> {
        self.pending = false;
        let prefix = indexed.then_some(index);
        self.walk.start(prefix);
        if let Some(rows) = input.item_rows() {
            self.walk.rows.copy_from(rows);
            self.walk.nested = indexed;
        }
        let notes = input.notes(prefix);
        let walked = match head {
            Some(h) => self.walk_head(input, out, h.as_head()),
            None => match input.value() {
                Ok(Head::List) => self.walk_head(input, out, Head::List),
                Ok(Head::Object) => self.walk_head(input, out, Head::Object),
                Ok(scalar) => {
                    let h = crate::input::own(scalar);
                    self.walk_head(input, out, h.as_head())
                }
                Err(e) => Err(Stop::Input(Box::new(e))),
            },
        };
        match walked {
            Ok(()) => {}
            Err(Stop::Input(e)) => return Err(*e),
            Err(Stop::ItemTooDeep) => {
                input.skip_rest_of_item()?;
                let loc = prefix.map(|i| LocItem::Index(self.item_loc(i))).into_iter().collect();
                return Ok(Checked { errors: vec![ErrorRecord::nesting_too_deep(loc)] });
            }
        }
        let mut errors = std::mem::take(&mut self.walk.errors);
        let mut host = notes;
        host.append(&mut self.walk.host);
        // Host problems count as problems of the item: in skip mode its
        // keys are not registered, since it will not be sent.
        if (errors.is_empty() && host.is_empty()) || self.register_invalid {
            self.check_keys(index, indexed, &mut errors);
        }
        Ok(Checked { errors: merge_host_errors(errors, host) })
    }

    fn walk_head<I: Input + ?Sized>(&mut self, input: &mut I, out: &mut Vec<u8>, head: Head<'_>) -> R<(), I::Error> {
        match head {
            Head::Object => self.walk.object(input, out, self.op.item, Ctx::Item),
            Head::Bad(p) => {
                self.walk.bad(input, p)?;
                self.walk.wrong(input, out, ErrorType::DictType, OwnedHead::Null)
            }
            other => {
                let h = own(other);
                self.walk.wrong(input, out, ErrorType::DictType, h)
            }
        }
    }

    /// What the locations of item `index` start with: the index, or the
    /// item's first row when its input nests rows.
    pub(crate) fn item_loc(&self, index: usize) -> usize {
        if self.walk.nested {
            self.walk.rows.first
        } else {
            index
        }
    }

    /// What a key's location starts with (see [`ItemChecker::item_loc`]):
    /// for a key read within a list made of rows, the element's row.
    fn key_loc(&self, k: usize, index: usize, sub: u32) -> usize {
        if !self.walk.nested {
            return index;
        }
        match self.op.unique_keys[k].within {
            Some(list) => self.walk.rows.row_of(list, sub as usize).unwrap_or(self.walk.rows.first),
            None => self.walk.rows.first,
        }
    }

    fn check_keys(&mut self, index: usize, indexed: bool, errors: &mut Vec<ErrorRecord>) {
        let clean = errors.is_empty();
        let caps = &self.walk.caps;
        // Keys of this item, checked before any is registered so that a
        // rejected item leaves no trace in skip mode.
        let mut found = std::mem::take(&mut self.found);
        found.clear();
        // Parts grouped by key and element, in key order then element order
        // (a handful per item: an insertion sort).
        let mut parts = std::mem::take(&mut self.parts);
        parts.clear();
        parts.extend_from_slice(&caps.parts);
        for i in 1..parts.len() {
            let mut j = i;
            while j > 0 && (parts[j - 1].key, parts[j - 1].sub) > (parts[j].key, parts[j].sub) {
                parts.swap(j - 1, j);
                j -= 1;
            }
        }
        let mut at = 0;
        while at < parts.len() {
            let (k, sub) = (usize::from(parts[at].key), parts[at].sub);
            let end = at + parts[at..].iter().take_while(|p| usize::from(p.key) == k && p.sub == sub).count();
            let group = &parts[at..end];
            at = end;
            let key = &self.op.unique_keys[k];
            let part = |p: usize| group.iter().find(|x| usize::from(x.part) == p);
            // A required part that is empty is already reported as
            // missing; a duplicate of "nothing" would only be noise.
            let required_empty = self.required_parts[k].iter().enumerate().any(|(p, &req)| req && !part(p).is_some_and(|x| x.given));
            if required_empty {
                continue;
            }
            if let Some(hash) = key_hash((0..key.fields.len()).map(|p| part_text(caps, part(p)))) {
                found.push((k, hash, sub));
            }
        }
        self.parts = parts;
        let mut dup = false;
        for (n, &(k, hash, sub)) in found.iter().enumerate() {
            let earlier_here = found[..n].iter().find(|&&(k2, h2, _)| k2 == k && h2 == hash).map(|&(_, _, s)| (self.key_loc(k, index, s), s));
            let Some((first_index, first_sub)) = earlier_here.or_else(|| self.seen[k].get(&hash).copied()) else {
                continue;
            };
            dup = true;
            let key = &self.op.unique_keys[k];
            let loc_of = |i: usize, s: u32| {
                let mut loc = if indexed { vec![LocItem::Index(i)] } else { Vec::new() };
                if let Some(list) = key.within {
                    loc.push(LocItem::Key(list.to_owned()));
                    loc.push(LocItem::Index(s as usize));
                }
                loc
            };
            let mut here = loc_of(self.key_loc(k, index, sub), sub);
            let last = key.fields.len() - 1;
            here.push(LocItem::Key(key.fields[last].to_owned()));
            let first_loc: Vec<Value> = loc_of(first_index, first_sub)
                .into_iter()
                .map(|l| match l {
                    LocItem::Index(i) => Value::from(i),
                    LocItem::Key(k) => Value::from(k),
                })
                .collect();
            let part = |p: usize| caps.parts.iter().find(|x| usize::from(x.key) == k && usize::from(x.part) == p && x.sub == sub);
            let input = match part(last) {
                Some(x) if x.kind == PartKind::Str => Value::String(caps.text(x).to_owned()),
                Some(x) if x.kind == PartKind::Num => number_value(caps.text(x)),
                _ => Value::Null,
            };
            let text = (0..key.fields.len()).map(|p| part_text(caps, part(p)).unwrap_or("")).collect::<Vec<_>>().join("+");
            let mut rec = ErrorRecord::new(ErrorType::DuplicateKey, here, input);
            rec.ctx_set("key", key.name).ctx_set("value", text).ctx_set("first_loc", first_loc);
            errors.push(rec);
        }
        // Raise mode registers every item's keys at once (every duplicate is
        // reported); otherwise a clean item's keys wait until the caller
        // accepts it, since a later check (its size) may still refuse it.
        self.found = found;
        if self.register_invalid {
            self.register(index);
        } else {
            self.pending = clean && !dup;
            self.pending_index = index;
        }
    }

    fn register(&mut self, index: usize) {
        for i in 0..self.found.len() {
            let (k, hash, sub) = self.found[i];
            let at = self.key_loc(k, index, sub);
            self.seen[k].entry(hash).or_insert((at, sub));
        }
    }

    /// The group value of the item just checked (see [`Captures::group`]).
    pub(crate) fn group(&self) -> (GroupRef<'_>, u16) {
        self.walk.caps.group()
    }

    /// Registers the keys of the item just checked clean, once the caller
    /// has decided to send it (skip mode); a no-op otherwise.
    pub(crate) fn accept(&mut self) {
        if std::mem::take(&mut self.pending) {
            self.register(self.pending_index);
        }
    }
}

/// A key part as text: missing or null parts count as empty, as the
/// platforms default them; `None` when it is not a scalar (its type error
/// is reported by the schema).
fn part_text<'c>(caps: &'c Captures, p: Option<&Part>) -> Option<&'c str> {
    match p {
        None => Some(""),
        Some(p) if p.kind == PartKind::Other => None,
        Some(p) => Some(caps.text(p)),
    }
}

/// A key's 64-bit hash, or `None` when a part is not a scalar or when every
/// part is blank: a key of nothing (an optional code left empty, e.g. YMCart
/// `codeno`) names nothing, so two items without a code are not twins.
/// Eight bytes at a time with a multiply-xorshift mix and a murmur3
/// finalizer: keys are not adversarial, and a false duplicate needs a full
/// 64-bit collision.
fn key_hash<'a>(parts: impl Iterator<Item = Option<&'a str>>) -> Option<u64> {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    let mut any = false;
    for part in parts {
        let part = part?;
        any |= !is_blank_text(part);
        let part = part.as_bytes();
        let mut chunks = part.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            h = (h ^ w).wrapping_mul(K).rotate_left(29);
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        // The length separates parts ("ab"+"c" from "a"+"bc") and tails.
        h = (h ^ u64::from_le_bytes(tail) ^ ((part.len() as u64) << 56)).wrapping_mul(K).rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    any.then_some(h ^ (h >> 33))
}

/// Merges the problems a host found while reading an item (the bad value
/// counts as `null`) with the core's problems with it: core problems at a
/// location the host already reported (or under it) are dropped, since
/// they only describe the placeholder. Host problems come after the core's
/// of the same item.
pub(crate) fn merge_host_errors(core: Vec<ErrorRecord>, host: Vec<ErrorRecord>) -> Vec<ErrorRecord> {
    if host.is_empty() {
        return core;
    }
    // A host problem covers core problems at or under its location, and an
    // either-or rule of the object it sits in that names its field (the
    // field was given; only its value could not be read).
    let covered = |e: &ErrorRecord| {
        host.iter().any(|h| {
            e.loc.starts_with(&h.loc)
                || (e.kind == ErrorType::MissingOneOf
                    && h.loc.len() == e.loc.len() + 1
                    && h.loc.starts_with(&e.loc)
                    && matches!((h.loc.last(), e.ctx.get("fields")), (Some(LocItem::Key(k)), Some(Value::Array(fields)))
                        if fields.iter().any(|f| f.as_str() == Some(k.as_str()))))
        })
    };
    let mut out: Vec<ErrorRecord> = core.into_iter().filter(|e| !covered(e)).collect();
    out.extend(host);
    // Stable: keeps the walk's order among problems of one location.
    out.sort_by_key(|e| match e.loc.first() {
        Some(LocItem::Index(i)) => *i,
        _ => 0,
    });
    out
}

/// Empty or only whitespace. A string that starts with a visible ASCII
/// character is not blank: most values, so most skip the trim.
#[inline(always)]
fn is_blank(s: &str) -> bool {
    // Every Unicode whitespace character starts with a byte below 0x21
    // (ASCII), 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000…U+205F)
    // or 0xE3 (U+3000): a string starting with anything else is not blank.
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b > 0x20 && b < 0x80 || b >= 0xE4 || (0xC3..=0xE0).contains(&b) => false,
        Some(_) => s.trim().is_empty(),
    }
}

/// A scalar head as a value.
fn scalar_value(head: Head<'_>) -> Value {
    match head {
        Head::Bool(b) => Value::Bool(b),
        Head::Number(n) => number_value(n),
        Head::Str(s) => Value::String(s.to_owned()),
        _ => Value::Null,
    }
}

/// Writes a scalar head as JSON.
fn write_scalar(out: &mut Vec<u8>, head: Head<'_>) {
    match head {
        Head::Bool(true) => out.extend_from_slice(b"true"),
        Head::Bool(false) => out.extend_from_slice(b"false"),
        Head::Number(n) => out.extend_from_slice(n.as_bytes()),
        Head::Str(s) => write_str(out, s),
        _ => out.extend_from_slice(b"null"),
    }
}

/// Reads a whole value from `input` (query parameters, client options: not
/// items), with the problems the host found in it located from its root.
pub(crate) fn read_whole<I: Input + ?Sized>(input: &mut I) -> Result<(Value, Vec<ErrorRecord>), I::Error> {
    let mut walk = Walk::new(false, no_keys());
    walk.start(None);
    let mut host = input.notes(None);
    let value = match walk.read_value(input) {
        Ok(v) => v,
        Err(Stop::Input(e)) => return Err(*e),
        Err(Stop::ItemTooDeep) => {
            input.skip_rest_of_item()?;
            walk.host = vec![ErrorRecord::nesting_too_deep(Vec::new())];
            Value::Null
        }
    };
    input.end()?;
    host.append(&mut walk.host);
    Ok((value, host))
}

/// Reads the next value from `input` into a `Value` (see `input::read_next`).
pub(crate) fn read_next<I: Input + ?Sized>(input: &mut I) -> Result<(Value, Vec<ErrorRecord>), I::Error> {
    static NONE: std::sync::OnceLock<KeyPlan> = std::sync::OnceLock::new();
    let mut walk = Walk::new(false, NONE.get_or_init(KeyPlan::default));
    walk.start(None);
    match walk.read_value(input) {
        Ok(v) => Ok((v, walk.host)),
        Err(Stop::Input(e)) => Err(*e),
        Err(Stop::ItemTooDeep) => {
            input.skip_rest_of_item()?;
            Ok((Value::Null, vec![ErrorRecord::nesting_too_deep(Vec::new())]))
        }
    }
}

/// Reads the rest of a list or object whose head was read, into a `Value`
/// with its host problems (see [`read_whole`]).
pub(crate) fn read_rest_whole<I: Input + ?Sized>(input: &mut I, list: bool) -> Result<(Value, Vec<ErrorRecord>), I::Error> {
    let mut walk = Walk::new(false, no_keys());
    walk.start(None);
    match walk.read_container(input, list) {
        Ok(v) => Ok((v, walk.host)),
        Err(Stop::Input(e)) => Err(*e),
        Err(Stop::ItemTooDeep) => Ok((Value::Null, vec![ErrorRecord::nesting_too_deep(Vec::new())])),
    }
}

fn no_keys() -> &'static KeyPlan {
    static NONE: std::sync::OnceLock<KeyPlan> = std::sync::OnceLock::new();
    NONE.get_or_init(KeyPlan::default)
}

/// Checks a value against a kind, its locations after `prefix` (the rules
/// written over values call this: one validator for every path). The value
/// is read back from its JSON text, so every host's build walks one kind of
/// input.
pub(crate) fn check_value(kind: &'static FieldKind, value: &Value, prefix: &[LocItem], strict: bool) -> Vec<ErrorRecord> {
    let mut text = Vec::new();
    write_json(&mut text, value);
    let mut input = JsonInput::unlimited(&text);
    let mut walk = Walk::new(strict, no_keys());
    walk.prefix = prefix.to_vec();
    let mut out = Vec::new();
    let _ = walk.field(&mut input, &mut out, kind, false, None, Ctx::None);
    walk.errors
}

/// [`check_value`] of an object against a schema.
pub(crate) fn check_object_value(schema: &'static Schema, value: &Value, prefix: &[LocItem], strict: bool) -> Vec<ErrorRecord> {
    let mut text = Vec::new();
    write_json(&mut text, value);
    let mut input = JsonInput::unlimited(&text);
    let mut walk = Walk::new(strict, no_keys());
    walk.prefix = prefix.to_vec();
    let mut out = Vec::new();
    let _ = match input.value() {
        Ok(Head::Object) => walk.object(&mut input, &mut out, schema, Ctx::None),
        Ok(other) => {
            let h = own(other);
            walk.wrong(&mut input, &mut out, ErrorType::DictType, h)
        }
        Err(_) => Ok(()),
    };
    walk.errors
}

/// Whether a string is empty or whitespace only (`trim`'s whitespace); a
/// visible ASCII first byte answers at once.
#[inline]
fn is_blank_text(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(&b) if b > b' ' && b < 0x7F => false,
        Some(_) => s.trim().is_empty(),
    }
}
