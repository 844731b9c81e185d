//! Nesting flat rows into items: one goods with its `spec_list` out of the
//! rows a database or a spreadsheet holds, one row per SKU.
//!
//! [`NestInput`] reads a payload of flat rows (objects whose keys are
//! column names) from any [`Input`] — Python dicts, JSON text, an Arrow
//! table, the command line's CSV records — and hands the items they make
//! to the one walk, as another [`Input`]. It is the only implementation:
//! every host and the command line use it through [`crate::PlanOptions::nest`].
//!
//! **Column names** say where a cell goes (the command line's naming):
//! `a` a field of the item, `a.b` field `b` of the item's object `a`,
//! `list[].b` field `b` of one element of the item's list `list`, `list[]`
//! an element of a list of plain values. [`NestLists`] may also send bare
//! names into a list (`nest="spec_list"` in Python: the element fields the
//! operation documents; or the columns listed per list).
//!
//! **Grouping**: without a key, consecutive rows whose item-level cells are
//! all equal make one item (a missing cell equals a `null` one); with
//! [`Nest::key`], consecutive rows with equal key cells do, and an
//! item-level cell a later row gives differently is a `row_conflict` (a
//! later row may leave it out: sparse exports). Each row adds one element
//! to each list it has a cell for (none when all its cells of that list
//! are missing or `null`). Rows of one item must be consecutive: an item
//! that starts again later is a second item, which the operation's
//! uniqueness rule reports (batchPush: `duplicate_key` on `goods_no`).
//! Without any list column every row is its own item.
//!
//! **Locations** start with the row a value came from (0-based, the row's
//! position in the input): a spec's problem is at `(row, "spec_list", k,
//! field)`, an item field's at the item's first row. The item's index —
//! what batches, outcomes and skipped-item lists count — stays its position
//! among the items, so a push's report covers positions `0..items`.
//!
//! Memory: the rows of one item (plus the next row) are held, nothing more.

use crate::error::{Error, ErrorRecord, ErrorType, LocItem};
use crate::input::{Head, Input, ItemRows, Key, Problem};
use crate::registry::Operation;
use crate::rules::{FieldKind, Schema};
use serde_json::Value;
use std::collections::HashMap;

/// How to nest flat rows (see the [module docs](self)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nest {
    /// Which bare column names go into a list.
    pub lists: NestLists,
    /// Columns (item-level) whose values say where an item starts; empty:
    /// every item-level column.
    pub key: Vec<String>,
}

/// Where bare column names (no `[]`) go.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum NestLists {
    /// To the item: only `list[].field` / `list[]` names go into lists.
    #[default]
    Names,
    /// Into this list (a documented list of objects of the operation's
    /// items) when the name is a field its elements document and the item
    /// does not; a name documented by both (batchPush `remark`,
    /// `unit_name`…) is refused as ambiguous: list it with
    /// [`NestLists::Columns`] or name it `list[].field`.
    Fields(String),
    /// Into the named list: these names, per list (each may be a dotted path).
    Columns(Vec<(String, Vec<String>)>),
}

impl Nest {
    /// Nesting by column names only, grouping consecutive equal rows.
    pub fn by_names() -> Nest {
        Nest::default()
    }

    /// The nesting options as JSON values, for hosts whose values arrive as
    /// JSON (Node): `nest` — `null`/`false` none, `true` by column names, a
    /// string the list that bare names go into, an object `{list:
    /// [columns]}`; `key` — `null`, a column name or a list of them.
    /// `names`: what the host calls the two options, for its errors.
    pub fn from_json(nest: &Value, key: &Value, names: (&str, &str)) -> Result<Option<Nest>, Error> {
        fn kind(v: &Value) -> &'static str {
            match v {
                Value::Null => "null",
                Value::Bool(_) => "boolean",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
            }
        }
        fn columns(v: &Value, what: &str) -> Result<Vec<String>, Error> {
            let bad = |got: &Value| Error::argument_type(what, "a column name or an array of them", kind(got));
            match v {
                Value::String(s) => Ok(vec![s.clone()]),
                Value::Array(a) => a.iter().map(|c| c.as_str().map(str::to_owned).ok_or_else(|| bad(c))).collect(),
                other => Err(bad(other)),
            }
        }
        let key = match key {
            Value::Null => Vec::new(),
            k => columns(k, names.1)?,
        };
        let lists = match nest {
            Value::Null | Value::Bool(false) => {
                if key.is_empty() {
                    return Ok(None);
                }
                return Err(Error::nest_key_without_nest(names.1, names.0));
            }
            Value::Bool(true) => NestLists::Names,
            Value::String(list) => NestLists::Fields(list.clone()),
            Value::Object(m) => NestLists::Columns(m.iter().map(|(list, cols)| Ok((list.clone(), columns(cols, names.0)?))).collect::<Result<_, Error>>()?),
            other => return Err(Error::argument_type(names.0, "true, a list field's name or an object {list: [columns]}", kind(other))),
        };
        Ok(Some(Nest { lists, key }))
    }
}

// ------------------------------------------------------------- columns

/// A column as its name places it.
#[derive(Debug)]
struct Column {
    name: Box<str>,
    /// The list (index into `Layout::lists`) it fills, or `None` (item level).
    list: Option<u32>,
    /// Its path inside the item or the element (empty: a plain list element).
    path: Vec<Box<str>>,
}

/// A node of the item (or element) being built.
#[derive(Debug)]
enum Node {
    Leaf(u32),
    Obj(Vec<(Box<str>, Node)>),
}

fn arg_error(en: String, zh: String) -> Error {
    Error::invalid_argument(en, zh)
}

/// Splits a column name into (list, path).
fn parse_name(name: &str) -> Result<(Option<&str>, Vec<&str>), Error> {
    let (list, rest) = match name.split_once("[]") {
        Some((head, tail)) => {
            if head.is_empty() || head.contains('.') || tail.contains("[]") || !(tail.is_empty() || tail.starts_with('.')) {
                return Err(arg_error(
                    format!("column {name:?}: use a, a.b, list[].b or list[] (one list level; deeper structures need nested values)"),
                    format!("列{name:?}：请使用 a、a.b、list[].b 或 list[]（仅支持一层列表，更深的结构请直接传入嵌套值）"),
                ));
            }
            (Some(head), tail.strip_prefix('.').unwrap_or(""))
        }
        None => (None, name),
    };
    let path: Vec<&str> = if rest.is_empty() { Vec::new() } else { rest.split('.').collect() };
    if path.iter().any(|p| p.is_empty()) || (list.is_none() && path.is_empty()) {
        return Err(arg_error(format!("column {name:?} has an empty name part"), format!("列{name:?}的名称有空的部分")));
    }
    Ok((list, path))
}

/// The element schema of a documented list of objects.
fn element_schema(item: &'static Schema, list: &str) -> Option<&'static Schema> {
    match &item.field(list)?.kind {
        FieldKind::List { of: FieldKind::Object(s), .. } => Some(*s),
        _ => None,
    }
}

/// The columns seen so far and the shape of the items they make.
#[derive(Debug, Default)]
struct Layout {
    cols: Vec<Column>,
    by_name: HashMap<Box<str>, u32>,
    /// The item's own fields (lists excluded), in column order.
    item: Vec<(Box<str>, Node)>,
    /// Per list: its name and the shape of one element.
    lists: Vec<(Box<str>, Option<Node>)>,
    /// Ids of the key columns, by position in `Nest::key`.
    key: Vec<Option<u32>>,
    /// Per key position in a row: the column last seen there (rows of a
    /// table, and most rows of dicts, list their columns in one order).
    hint: Vec<u32>,
}

/// Inserts `path` (leaf `col`) into `nodes`; `Err(other)` names the column it overlaps.
fn insert(nodes: &mut Vec<(Box<str>, Node)>, path: &[Box<str>], col: u32) -> Result<(), u32> {
    let (first, rest) = path.split_first().expect("paths are not empty");
    match nodes.iter_mut().find(|(n, _)| n == first) {
        None => {
            let node = if rest.is_empty() {
                Node::Leaf(col)
            } else {
                let mut children = Vec::new();
                insert(&mut children, rest, col)?;
                Node::Obj(children)
            };
            nodes.push((first.clone(), node));
            Ok(())
        }
        Some((_, Node::Leaf(other))) => Err(*other),
        Some((_, Node::Obj(children))) => {
            if rest.is_empty() {
                return Err(first_leaf(children));
            }
            insert(children, rest, col)
        }
    }
}

fn first_leaf(nodes: &[(Box<str>, Node)]) -> u32 {
    match &nodes[0].1 {
        Node::Leaf(c) => *c,
        Node::Obj(children) => first_leaf(children),
    }
}

impl Layout {
    /// The id of the column named `name` at key position `pos` of a row.
    #[inline]
    fn column_at(&mut self, pos: usize, name: &str, spec: &Spec) -> Result<u32, Error> {
        if let Some(&id) = self.hint.get(pos) {
            if self.cols.get(id as usize).is_some_and(|c| &*c.name == name) {
                return Ok(id);
            }
        }
        let id = self.column(name, spec)?;
        if self.hint.len() <= pos {
            self.hint.resize(pos + 1, u32::MAX);
        }
        self.hint[pos] = id;
        Ok(id)
    }

    /// The id of column `name`, placing it on first sight.
    fn column(&mut self, name: &str, spec: &Spec) -> Result<u32, Error> {
        if let Some(&id) = self.by_name.get(name) {
            return Ok(id);
        }
        let (list, path) = parse_name(name)?;
        let (list, path): (Option<&str>, Vec<&str>) = match list {
            Some(l) => (Some(l), path),
            None => match spec.bare_list(name)? {
                Some(l) => (Some(l), path),
                None => (None, path),
            },
        };
        let id = self.cols.len() as u32;
        let path: Vec<Box<str>> = path.into_iter().map(Box::from).collect();
        let overlap = |layout: &Layout, other: u32| {
            let oc = &layout.cols[other as usize];
            let o = &oc.name;
            let other_list = oc.list.map(|l| &*layout.lists[l as usize].0);
            if other_list == list && oc.path == path {
                return arg_error(format!("columns {o:?} and {name:?} name the same field"), format!("列{o:?}与{name:?}指向同一字段"));
            }
            arg_error(format!("columns {o:?} and {name:?} overlap: one is inside the other"), format!("列{o:?}与{name:?}重叠：一个包含另一个"))
        };
        let list_id = match list {
            None => {
                if let Some(first) = path.first() {
                    if let Some(l) = self.lists.iter().position(|(n, _)| n == first) {
                        let other = self.cols.iter().position(|c| c.list == Some(l as u32)).unwrap_or(0) as u32;
                        return Err(overlap(self, other));
                    }
                }
                insert(&mut self.item, &path, id).map_err(|o| overlap(self, o))?;
                None
            }
            Some(l) => {
                let clash = match self.item.iter().find(|(n, _)| &**n == l) {
                    Some((_, Node::Leaf(c))) => Some(*c),
                    Some((_, Node::Obj(ch))) => Some(first_leaf(ch)),
                    None => None,
                };
                if let Some(o) = clash {
                    return Err(overlap(self, o));
                }
                let li = match self.lists.iter().position(|(n, _)| &**n == l) {
                    Some(i) => i,
                    None => {
                        self.lists.push((l.into(), None));
                        self.lists.len() - 1
                    }
                };
                let slot = &mut self.lists[li].1;
                match (slot.as_mut(), path.is_empty()) {
                    (None, true) => *slot = Some(Node::Leaf(id)),
                    (None, false) => {
                        let mut children = Vec::new();
                        insert(&mut children, &path, id).map_err(|o| overlap(self, o))?;
                        self.lists[li].1 = Some(Node::Obj(children));
                    }
                    (Some(Node::Leaf(o)), _) => {
                        let o = *o;
                        return Err(overlap(self, o));
                    }
                    (Some(Node::Obj(children)), true) => {
                        let o = first_leaf(children);
                        return Err(overlap(self, o));
                    }
                    (Some(Node::Obj(children)), false) => {
                        let r = insert(children, &path, id);
                        r.map_err(|o| overlap(self, o))?;
                    }
                }
                Some(li as u32)
            }
        };
        if let Some(k) = spec.key.iter().position(|k| &**k == name) {
            if list_id.is_some() {
                return Err(arg_error(
                    format!("key column {name:?} goes into a list; a key names the item, so it must be an item field"),
                    format!("键列{name:?}属于列表元素；键用于标识条目，应为条目字段"),
                ));
            }
            self.key[k] = Some(id);
        }
        self.cols.push(Column { name: name.into(), list: list_id, path });
        self.by_name.insert(name.into(), id);
        Ok(id)
    }
}

/// A [`Nest`] resolved against an operation.
#[derive(Debug)]
struct Spec {
    lists: NestLists,
    key: Vec<Box<str>>,
    /// For [`NestLists::Fields`]: the item's and the list's schemas.
    schemas: Option<(&'static Schema, &'static Schema)>,
}

impl Spec {
    fn new(op: Option<&'static Operation>, nest: &Nest) -> Result<Spec, Error> {
        let schemas = match &nest.lists {
            NestLists::Fields(list) => {
                let Some(op) = op else {
                    return Err(arg_error(
                        format!("nest={list:?} needs an operation to know the fields of {list}"),
                        format!("nest={list:?}需要指定接口才能知道{list}的字段"),
                    ));
                };
                match element_schema(op.item, list) {
                    Some(s) => Some((op.item, s)),
                    None => {
                        return Err(arg_error(
                            format!("{} has no list of objects named {list:?} to nest rows into", op.name),
                            format!("{}没有名为{list:?}的对象列表，无法嵌套", op.name),
                        ))
                    }
                }
            }
            NestLists::Columns(lists) => {
                for (list, cols) in lists {
                    if list.is_empty() || list.contains(['.', '[']) {
                        return Err(arg_error(format!("nest: {list:?} is not a list field name"), format!("nest：{list:?}不是列表字段名")));
                    }
                    if let Some(c) = cols.iter().find(|c| c.contains("[]")) {
                        return Err(arg_error(format!("nest: list the column {c:?} by its bare name"), format!("nest：请直接列出列名{c:?}")));
                    }
                }
                None
            }
            NestLists::Names => None,
        };
        Ok(Spec { lists: nest.lists.clone(), key: nest.key.iter().map(|k| k.as_str().into()).collect(), schemas })
    }

    /// The list a bare column name goes into, if any.
    fn bare_list(&self, name: &str) -> Result<Option<&str>, Error> {
        match &self.lists {
            NestLists::Names => Ok(None),
            NestLists::Columns(lists) => Ok(lists.iter().find(|(_, cols)| cols.iter().any(|c| c == name)).map(|(l, _)| l.as_str())),
            NestLists::Fields(list) => {
                let (item, elem) = self.schemas.expect("resolved in Spec::new");
                if name.contains('.') || elem.field(name).is_none() {
                    return Ok(None);
                }
                if item.field(name).is_some() {
                    return Err(arg_error(
                        format!("column {name:?} is a field of both the item and the elements of {list}: name it {list}[].{name} for the elements, or list the element columns (nest={{{list:?}: [...]}})"),
                        format!("列{name:?}既是条目字段也是{list}元素的字段：元素的列请命名为{list}[].{name}，或逐一列出元素的列（nest={{{list:?}: [...]}}）"),
                    ));
                }
                Ok(Some(list.as_str()))
            }
        }
    }
}

// ---------------------------------------------------------------- rows

/// One token of a buffered value; text ranges index the row's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Null,
    Bool(bool),
    Num(u32, u32),
    Str(u32, u32),
    List,
    Obj,
    Key(u32, u32),
    End,
    /// Index into the row's problems.
    Bad(u32),
}

/// A row read ahead: its cells as tokens.
#[derive(Debug, Default)]
struct Row {
    number: usize,
    text: String,
    toks: Vec<Tok>,
    /// Per column id: the token range of its cell (`start == end`: absent).
    cells: Vec<(u32, u32)>,
    /// A row that is not an object: its whole value's tokens.
    whole: Option<(u32, u32)>,
    /// Problems of bad values (with the record the host was told first).
    bads: Vec<(Problem, ErrorRecord)>,
    /// Problems of the row itself (a key repeated in it).
    notes: Vec<ErrorRecord>,
}

impl Row {
    fn clear(&mut self, number: usize) {
        self.number = number;
        self.text.clear();
        self.toks.clear();
        self.cells.clear();
        self.whole = None;
        self.bads.clear();
        self.notes.clear();
    }

    fn cell(&self, col: u32) -> &[Tok] {
        match self.cells.get(col as usize) {
            Some(&(a, b)) => &self.toks[a as usize..b as usize],
            None => &[],
        }
    }

    fn text_of(&self, a: u32, b: u32) -> &str {
        &self.text[a as usize..b as usize]
    }

    /// Whether a cell is given (present and not `null`).
    fn given(&self, col: u32) -> bool {
        !matches!(self.cell(col), [] | [Tok::Null])
    }

    fn push_text(&mut self, s: &str) -> (u32, u32) {
        let a = self.text.len() as u32;
        self.text.push_str(s);
        (a, self.text.len() as u32)
    }
}

/// Two cells hold the same value (a missing cell equals a `null` one).
fn same_cell(a: &Row, ac: u32, b: &Row, bc: u32) -> bool {
    let (x, y) = (a.cell(ac), b.cell(bc));
    let null = |t: &[Tok]| matches!(t, [] | [Tok::Null]);
    if null(x) || null(y) {
        return null(x) && null(y);
    }
    x.len() == y.len()
        && x.iter().zip(y).all(|(p, q)| match (p, q) {
            (Tok::Num(a1, a2), Tok::Num(b1, b2)) | (Tok::Str(a1, a2), Tok::Str(b1, b2)) | (Tok::Key(a1, a2), Tok::Key(b1, b2)) => a.text_of(*a1, *a2) == b.text_of(*b1, *b2),
            (Tok::Bad(i), Tok::Bad(j)) => a.bads[*i as usize].0 == b.bads[*j as usize].0,
            (p, q) => p == q,
        })
}

/// A token of the item being emitted: `row` indexes the group's rows, or
/// [`NAMES`] for a key from the layout.
#[derive(Clone, Copy, Debug)]
struct OTok {
    tok: Tok,
    row: u32,
}

const NAMES: u32 = u32::MAX;

/// The state of a nesting read, apart from the input it reads: kept across
/// calls by hosts that read their input in pieces (a lazily pulled plan).
#[derive(Debug)]
pub struct NestState {
    spec: Spec,
    layout: Layout,
    /// Rows of the item being emitted.
    group: Vec<Row>,
    /// The next row, read to see whether it continued the item.
    ahead: Option<Row>,
    spare: Vec<Row>,
    /// Rows read so far (the next row's number).
    rows_read: usize,
    /// The payload: 0 not started, 1 a list of rows, 2 one row (an object)
    /// whose head was read, 3 finished.
    phase: u8,
    /// The item's tokens, and the layout's names they use.
    out: Vec<OTok>,
    names: String,
    pos: usize,
    depth: usize,
    rows: ItemRows,
    notes: Vec<ErrorRecord>,
    /// The bad value just handed out (row, problem index), until it is located.
    last_bad: Option<(u32, u32)>,
    /// Provisional locations handed to the host for bad values.
    bad_serial: usize,
}

impl NestState {
    /// The state of a nesting read for `op` (needed for [`NestLists::Fields`]).
    pub fn new(op: Option<&'static Operation>, nest: &Nest) -> Result<NestState, Error> {
        let spec = Spec::new(op, nest)?;
        let key = vec![None; spec.key.len()];
        Ok(NestState {
            spec,
            layout: Layout { key, ..Layout::default() },
            group: Vec::new(),
            ahead: None,
            spare: Vec::new(),
            rows_read: 0,
            phase: 0,
            out: Vec::new(),
            names: String::new(),
            pos: 0,
            depth: 0,
            rows: ItemRows::default(),
            notes: Vec::new(),
            last_bad: None,
            bad_serial: 0,
        })
    }
}

/// Flat rows from `inner` as items (see the [module docs](self)).
pub struct NestInput<I> {
    state: NestState,
    inner: I,
}

impl<I: Input> NestInput<I> {
    /// Rows read from `inner` (a payload: a list of row objects, or one
    /// row object), nested as `nest` says, for `op` (needed for
    /// [`NestLists::Fields`]).
    pub fn new(op: Option<&'static Operation>, nest: &Nest, inner: I) -> Result<NestInput<I>, Error> {
        Ok(NestInput { state: NestState::new(op, nest)?, inner })
    }

    /// Continues a read whose state was kept ([`NestInput::into_state`]),
    /// with `inner` standing where the last read left it.
    pub fn resume(state: NestState, inner: I) -> NestInput<I> {
        NestInput { state, inner }
    }

    /// The state, to resume later with another handle on the same input.
    pub fn into_state(self) -> NestState {
        self.state
    }

    /// The input the rows come from.
    pub fn inner(&mut self) -> &mut I {
        &mut self.inner
    }

    /// Places the columns a table's header names before any row is read,
    /// so that a malformed, overlapping or repeated name is refused at once
    /// (a repeated name would otherwise be a key repeated in each row).
    pub fn declare(&mut self, columns: &[&str]) -> Result<(), Error> {
        for (i, name) in columns.iter().enumerate() {
            if let Some(first) = columns[..i].iter().find(|c| *c == name) {
                return Err(arg_error(format!("columns {first:?} and {name:?} name the same field"), format!("列{first:?}与{name:?}指向同一字段")));
            }
            self.state.layout.column(name, &self.state.spec)?;
        }
        Ok(())
    }

    /// Reads the rows of the next item (and the row after it); `false` at
    /// the end of the rows.
    fn next_item(&mut self) -> Result<bool, I::Error> {
        let NestInput { state: st, inner } = self;
        st.spare.append(&mut st.group);
        st.notes.clear();
        let first = match st.ahead.take() {
            Some(r) => r,
            None => match read_row(st, inner)? {
                Some(r) => r,
                None => return Ok(false),
            },
        };
        st.group.push(first);
        if st.group[0].whole.is_none() {
            while let Some(r) = read_row(st, inner)? {
                if !continues(st, &r) {
                    st.ahead = Some(r);
                    break;
                }
                conflicts(st, &r);
                st.group.push(r);
            }
        }
        for r in &mut st.group {
            st.notes.append(&mut r.notes);
        }
        build(st);
        Ok(true)
    }
}

/// Reads the next row, or `None` at the end of the rows.
fn read_row<I: Input>(st: &mut NestState, inner: &mut I) -> Result<Option<Row>, I::Error> {
    let one = match st.phase {
        1 => {
            if !inner.next_element()? {
                st.phase = 3;
                return Ok(None);
            }
            false
        }
        2 => {
            st.phase = 3;
            true
        }
        _ => return Ok(None),
    };
    let mut row = st.spare.pop().unwrap_or_default();
    row.clear(st.rows_read);
    st.rows_read += 1;
    let read_whole = if one {
        read_fields(st, inner, &mut row)?
    } else {
        match push_value(st, inner, &mut row, true)? {
            Pushed::RowObject => read_fields(st, inner, &mut row)?,
            Pushed::Done => {
                row.whole = Some((0, row.toks.len() as u32));
                true
            }
            Pushed::GaveUp => false,
        }
    };
    if !read_whole {
        // Too deep to read (JSON text): the row is given up whole, as one
        // `nesting_too_deep` at its location.
        row.toks.clear();
        row.cells.clear();
        row.bads.clear();
        bad_value(st, inner, &mut row, Problem::TooDeep);
        row.whole = Some((0, 1));
    }
    Ok(Some(row))
}

/// Reads a row object's entries (its head was read); `false`: given up.
fn read_fields<I: Input>(st: &mut NestState, inner: &mut I, row: &mut Row) -> Result<bool, I::Error> {
    let mut pos = 0;
    loop {
        pos += 1;
        let (col, bad) = match inner.next_key()? {
            None => return Ok(true),
            Some(Key::Str(k)) => (st.layout.column_at(pos - 1, k, &st.spec)?, None),
            Some(Key::Bad { shown, problem }) => (st.layout.column(&shown, &st.spec)?, Some(problem)),
        };
        let c = col as usize;
        if row.cells.len() <= c {
            row.cells.resize(c + 1, (0, 0));
        }
        if row.cells[c].0 != row.cells[c].1 {
            // A key repeated in one row (JSON text): the last one wins, as
            // a JSON reader keeps it, and it is reported.
            let name = st.layout.cols[c].name.to_string();
            let loc = vec![LocItem::Index(row.number), LocItem::Key(name.clone())];
            row.notes.push(ErrorRecord::new(ErrorType::JsonDuplicateKey, loc, Value::Null).with("key", name));
        }
        let a = row.toks.len() as u32;
        match bad {
            Some(p) => bad_value(st, inner, row, p),
            None => {
                if push_value(st, inner, row, false)? == Pushed::GaveUp {
                    return Ok(false);
                }
            }
        }
        row.cells[c] = (a, row.toks.len() as u32);
    }
}

/// A bad value: kept, and the host told at once (with a provisional
/// location, moved to the real one when the walk locates it).
fn bad_value<I: Input>(st: &mut NestState, inner: &mut I, row: &mut Row, problem: Problem) {
    let n = st.bad_serial;
    st.bad_serial += 1;
    let provisional = problem.record(vec![LocItem::Index(row.number), LocItem::Key("\u{0}nest".into()), LocItem::Index(n)]);
    inner.located(&provisional);
    row.toks.push(Tok::Bad(row.bads.len() as u32));
    row.bads.push((problem, provisional));
}

/// How reading one value into tokens ended.
#[derive(PartialEq, Eq)]
enum Pushed {
    Done,
    /// Too deep to read (JSON text): the rest of the row was skipped.
    GaveUp,
    /// The value is an object and `top` was asked: its head was read, its
    /// entries are the row's cells.
    RowObject,
}

/// Reads one value into tokens (a row's object is left to its caller when `top`).
fn push_value<I: Input>(st: &mut NestState, inner: &mut I, row: &mut Row, top: bool) -> Result<Pushed, I::Error> {
    let head = inner.value()?;
    match head {
        Head::Null => row.toks.push(Tok::Null),
        Head::Bool(b) => row.toks.push(Tok::Bool(b)),
        Head::Number(n) => {
            let (a, b) = row.push_text(n);
            row.toks.push(Tok::Num(a, b));
        }
        Head::Str(s) => {
            let (a, b) = row.push_text(s);
            row.toks.push(Tok::Str(a, b));
        }
        Head::Bad(Problem::ItemTooDeep) => {
            inner.skip_rest_of_item()?;
            return Ok(Pushed::GaveUp);
        }
        Head::Bad(p) => bad_value(st, inner, row, p),
        Head::List => {
            row.toks.push(Tok::List);
            while inner.next_element()? {
                if push_value(st, inner, row, false)? == Pushed::GaveUp {
                    return Ok(Pushed::GaveUp);
                }
            }
            row.toks.push(Tok::End);
        }
        Head::Object if top => return Ok(Pushed::RowObject),
        Head::Object => {
            row.toks.push(Tok::Obj);
            loop {
                let bad = match inner.next_key()? {
                    None => break,
                    Some(Key::Str(k)) => {
                        let (a, b) = row.push_text(k);
                        row.toks.push(Tok::Key(a, b));
                        None
                    }
                    Some(Key::Bad { shown, problem }) => {
                        let (a, b) = row.push_text(&shown);
                        row.toks.push(Tok::Key(a, b));
                        Some(problem)
                    }
                };
                match bad {
                    Some(p) => bad_value(st, inner, row, p),
                    None => {
                        if push_value(st, inner, row, false)? == Pushed::GaveUp {
                            return Ok(Pushed::GaveUp);
                        }
                    }
                }
            }
            row.toks.push(Tok::End);
        }
    }
    Ok(Pushed::Done)
}

/// Whether row `r` continues the item the group's first row started.
fn continues(st: &NestState, r: &Row) -> bool {
    let first = &st.group[0];
    if r.whole.is_some() || st.layout.lists.is_empty() {
        return false;
    }
    if st.spec.key.is_empty() {
        return st.layout.cols.iter().enumerate().filter(|(_, c)| c.list.is_none()).all(|(i, _)| same_cell(first, i as u32, r, i as u32));
    }
    // Keyed: an item without a key value cannot be continued.
    if st.layout.key.iter().flatten().all(|&c| !first.given(c)) {
        return false;
    }
    st.layout.key.iter().flatten().all(|&c| same_cell(first, c, r, c))
}

/// Keyed grouping: the item-level cells row `r` gives differently from the
/// item's first row, as `row_conflict` records.
fn conflicts(st: &mut NestState, r: &Row) {
    if st.spec.key.is_empty() {
        return;
    }
    let first = &st.group[0];
    for (i, c) in st.layout.cols.iter().enumerate() {
        let i = i as u32;
        if c.list.is_some() || st.layout.key.contains(&Some(i)) || !r.given(i) || same_cell(first, i, r, i) {
            continue;
        }
        let mut loc = vec![LocItem::Index(r.number)];
        loc.extend(c.path.iter().map(|p| LocItem::Key(p.to_string())));
        let rec = ErrorRecord::new(ErrorType::RowConflict, loc, cell_value(r, r.cell(i)))
            .with("column", c.name.to_string())
            .with("first_row", first.number)
            .with("first", cell_value(first, first.cell(i)));
        st.notes.push(rec);
    }
}

/// A cell's tokens as a value (for a record's input).
fn cell_value(row: &Row, toks: &[Tok]) -> Value {
    fn one(row: &Row, toks: &[Tok], at: &mut usize) -> Value {
        let t = toks.get(*at).copied().unwrap_or(Tok::Null);
        *at += 1;
        match t {
            Tok::Null | Tok::Bad(_) | Tok::End | Tok::Key(..) => Value::Null,
            Tok::Bool(b) => Value::Bool(b),
            Tok::Num(a, b) => crate::input::number_value(row.text_of(a, b)),
            Tok::Str(a, b) => Value::String(row.text_of(a, b).to_owned()),
            Tok::List => {
                let mut out = Vec::new();
                while !matches!(toks.get(*at), Some(Tok::End) | None) {
                    out.push(one(row, toks, at));
                }
                *at += 1;
                Value::Array(out)
            }
            Tok::Obj => {
                let mut out = serde_json::Map::new();
                while let Some(Tok::Key(a, b)) = toks.get(*at).copied() {
                    *at += 1;
                    let v = one(row, toks, at);
                    out.insert(row.text_of(a, b).to_owned(), v);
                }
                *at += 1;
                Value::Object(out)
            }
        }
    }
    one(row, toks, &mut 0)
}

/// Writes the tokens of the item the group makes.
fn build(st: &mut NestState) {
    let NestState { layout, group, out, names, rows, pos, depth, .. } = st;
    out.clear();
    names.clear();
    *pos = 0;
    *depth = 0;
    rows.first = group[0].number;
    rows.lists.clear();
    if let Some((a, b)) = group[0].whole {
        out.extend(group[0].toks[a as usize..b as usize].iter().map(|&tok| OTok { tok, row: 0 }));
        return;
    }
    out.push(OTok { tok: Tok::Obj, row: 0 });
    for (name, node) in &layout.item {
        emit_member(name, node, 0, group, out, names);
    }
    for (name, node) in &layout.lists {
        let Some(node) = node else { continue };
        let elements: Vec<u32> = (0..group.len() as u32).filter(|&r| any_given(node, &group[r as usize])).collect();
        if elements.is_empty() {
            continue;
        }
        push_name(name, out, names);
        out.push(OTok { tok: Tok::List, row: 0 });
        for &r in &elements {
            emit(node, r, group, out, names);
        }
        out.push(OTok { tok: Tok::End, row: 0 });
        rows.lists.push((name.to_string(), elements.iter().map(|&r| group[r as usize].number).collect()));
    }
    out.push(OTok { tok: Tok::End, row: 0 });
}

fn any_given(node: &Node, row: &Row) -> bool {
    match node {
        Node::Leaf(c) => row.given(*c),
        Node::Obj(children) => children.iter().any(|(_, n)| any_given(n, row)),
    }
}

fn push_name(name: &str, out: &mut Vec<OTok>, names: &mut String) {
    let a = names.len() as u32;
    names.push_str(name);
    out.push(OTok { tok: Tok::Key(a, names.len() as u32), row: NAMES });
}

/// A member `name: node` of an object, unless the node holds nothing.
fn emit_member(name: &str, node: &Node, r: u32, group: &[Row], out: &mut Vec<OTok>, names: &mut String) {
    let (mark, nmark) = (out.len(), names.len());
    push_name(name, out, names);
    if !emit(node, r, group, out, names) {
        out.truncate(mark);
        names.truncate(nmark);
    }
}

/// Writes `node` from row `r`; `false` when it holds nothing (a missing or
/// `null` cell, an object of such).
fn emit(node: &Node, r: u32, group: &[Row], out: &mut Vec<OTok>, names: &mut String) -> bool {
    match node {
        Node::Leaf(c) => {
            let row = &group[r as usize];
            let cell = row.cell(*c);
            if matches!(cell, [] | [Tok::Null]) {
                return false;
            }
            out.extend(cell.iter().map(|&tok| OTok { tok, row: r }));
            true
        }
        Node::Obj(children) => {
            let mark = out.len();
            out.push(OTok { tok: Tok::Obj, row: r });
            let before = out.len();
            for (name, child) in children {
                emit_member(name, child, r, group, out, names);
            }
            if out.len() == before {
                out.truncate(mark);
                return false;
            }
            out.push(OTok { tok: Tok::End, row: r });
            true
        }
    }
}

/// The text of a token of row `row` (or of the layout's names).
fn tok_text(st: &NestState, row: u32, a: u32, b: u32) -> &str {
    if row == NAMES {
        &st.names[a as usize..b as usize]
    } else {
        st.group[row as usize].text_of(a, b)
    }
}

fn internal<E: From<Error>>(what: &str) -> E {
    Error::internal(&format!("nest: {what}")).into()
}

impl<I: Input> Input for NestInput<I> {
    type Error = I::Error;

    fn value(&mut self) -> Result<Head<'_>, I::Error> {
        let NestInput { state: st, inner } = self;
        if st.phase == 0 {
            // The payload: rows, or one row (an item of its own).
            let head = inner.value()?;
            return Ok(match head {
                Head::List => {
                    st.phase = 1;
                    Head::List
                }
                Head::Object => {
                    st.phase = 2;
                    Head::List
                }
                other => {
                    st.phase = 3;
                    other
                }
            });
        }
        let Some(&t) = st.out.get(st.pos) else { return Err(internal("value past the item")) };
        st.pos += 1;
        Ok(match t.tok {
            Tok::Null => Head::Null,
            Tok::Bool(b) => Head::Bool(b),
            Tok::Num(a, b) => Head::Number(tok_text(st, t.row, a, b)),
            Tok::Str(a, b) => Head::Str(tok_text(st, t.row, a, b)),
            Tok::List => {
                st.depth += 1;
                Head::List
            }
            Tok::Obj => {
                st.depth += 1;
                Head::Object
            }
            Tok::Bad(i) => {
                st.last_bad = Some((t.row, i));
                Head::Bad(st.group[t.row as usize].bads[i as usize].0.clone())
            }
            Tok::Key(..) | Tok::End => return Err(internal("value at a key")),
        })
    }

    fn next_element(&mut self) -> Result<bool, I::Error> {
        let st = &mut self.state;
        if st.depth == 0 {
            return self.next_item();
        }
        match st.out.get(st.pos).map(|t| t.tok) {
            Some(Tok::End) => {
                st.pos += 1;
                st.depth -= 1;
                Ok(false)
            }
            Some(_) => Ok(true),
            None => Err(internal("next_element past the item")),
        }
    }

    fn next_key(&mut self) -> Result<Option<Key<'_>>, I::Error> {
        let st = &mut self.state;
        match st.out.get(st.pos).copied() {
            Some(OTok { tok: Tok::End, .. }) => {
                st.pos += 1;
                st.depth -= 1;
                Ok(None)
            }
            Some(OTok { tok: Tok::Key(a, b), row }) => {
                st.pos += 1;
                Ok(Some(Key::Str(tok_text(st, row, a, b))))
            }
            _ => Err(internal("next_key outside an object")),
        }
    }

    fn located(&mut self, record: &ErrorRecord) {
        if let Some((r, i)) = self.state.last_bad.take() {
            let earlier = &self.state.group[r as usize].bads[i as usize].1;
            self.inner.relocated(earlier, record);
        }
    }

    fn relocated(&mut self, earlier: &ErrorRecord, now: &ErrorRecord) {
        self.inner.relocated(earlier, now);
    }

    fn notes(&mut self, _index: Option<usize>) -> Vec<ErrorRecord> {
        std::mem::take(&mut self.state.notes)
    }

    fn item_rows(&self) -> Option<&ItemRows> {
        Some(&self.state.rows)
    }

    fn end(&mut self) -> Result<(), I::Error> {
        self.inner.end()
    }
}
