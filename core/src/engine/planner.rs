//! The streaming [`Planner`]: items in one at a time, each checked and
//! written in one walk (`walk.rs`) into the open batch of its group;
//! complete batches out.
//!
//! Memory stays bounded by the open batches plus one small hash per unique
//! key, so an input of any size is planned as it streams. Batches are
//! unsigned: they are signed just before sending (see the platform clients),
//! because a large sync outlives the clock window.

use crate::batch::{overhead, Batch};
use crate::error::{Error, ErrorRecord, ErrorType, LocItem};
use crate::input::{Input, ValueInput};
use crate::plan::{OnInvalid, PlanOptions};
use crate::registry::{operation, BodyShape, OpKind, Operation};
use crate::rules::CtxSet;
use crate::walk::{GroupRef, ItemChecker};
use serde_json::Value;

/// The result of pushing one item into a [`Planner`].
#[derive(Debug)]
pub struct Step {
    /// The item's input position.
    pub index: usize,
    /// Its problems (empty when it was planned).
    pub errors: Vec<ErrorRecord>,
    /// A batch that became complete.
    pub batch: Option<Batch>,
}

/// A batch being filled.
struct Open {
    group: Option<Value>,
    indices: Vec<usize>,
    /// The items as the body lists them, comma-separated, and where each ends.
    json: Vec<u8>,
    ends: Vec<usize>,
    group_pos: Vec<u16>,
    /// Body bytes so far (under a size limit).
    bytes: usize,
}

impl Open {
    fn new(group: Option<Value>, bytes: usize) -> Open {
        Open { group, indices: Vec::new(), json: Vec::new(), ends: Vec::new(), group_pos: Vec::new(), bytes }
    }
}

/// Plans items into batches one at a time (streaming).
pub struct Planner {
    op: &'static Operation,
    max_items: usize,
    max_body: Option<usize>,
    checker: ItemChecker,
    next_index: usize,
    open: Vec<Open>,
    /// Where an item is written when its batch is only known afterwards
    /// (grouped bodies) or its size decides (a body-size limit).
    scratch: Vec<u8>,
    grouped: bool,
}

impl Planner {
    /// A planner for a push operation. `max_items` above a documented limit is refused.
    pub fn new(op_name: &str, opts: &PlanOptions) -> Result<Planner, Error> {
        let op = operation(op_name)?;
        if op.kind != OpKind::Push {
            return Err(Error::other(
                crate::error::ErrorCode::Unsupported,
                format!("{} is a query: use a query plan, not planning", op.name),
                format!("{}是查询接口：请使用查询计划", op.name),
            ));
        }
        let max_items = match opts.max_items {
            None => op.limits.max_items,
            Some(0) => return Err(Error::invalid_argument("max_items must be at least 1", "max_items至少为1")),
            // A documented limit is a hard limit; a default skuwire chose
            // where the page is silent may be raised by the caller.
            Some(n) if n > op.limits.max_items && op.limits.documented => {
                return Err(Error::invalid_argument(
                    format!("max_items {n} is above the documented limit of {} for {}; it can only be lowered", op.limits.max_items, op.name),
                    format!("max_items {n} 超过{}文档规定的上限{}；只能调低", op.name, op.limits.max_items),
                ))
            }
            Some(n) => n,
        };
        let max_body = match (opts.max_body_bytes, op.limits.max_body_bytes) {
            (Some(0), _) => return Err(Error::invalid_argument("max_body_bytes must be at least 1", "max_body_bytes至少为1")),
            (Some(n), Some(cap)) if n > cap => {
                return Err(Error::invalid_argument(
                    format!("max_body_bytes {n} is above the limit of {cap} for {}", op.name),
                    format!("max_body_bytes {n} 超过{}的上限{cap}", op.name),
                ))
            }
            (Some(n), _) => Some(n),
            (None, cap) => cap,
        };
        let register_invalid = opts.on_invalid == OnInvalid::Raise;
        Ok(Planner {
            op,
            max_items,
            max_body,
            checker: ItemChecker::new(op, opts.strict, register_invalid).lax(opts.lax_mode()),
            next_index: 0,
            open: Vec::new(),
            scratch: Vec::new(),
            grouped: matches!(op.body, BodyShape::GroupedArg { .. }),
        })
    }

    /// The operation being planned.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// The per-batch item limit in force.
    pub fn max_items(&self) -> usize {
        self.max_items
    }

    /// Records that the next input item could not be read at all: it takes
    /// an index and is reported, never dropped.
    pub fn push_invalid(&mut self, errors: Vec<ErrorRecord>) -> Step {
        let index = self.next_index;
        self.next_index += 1;
        Step { index, errors, batch: None }
    }

    /// The index the next pushed item will get.
    pub fn next_index(&self) -> usize {
        self.next_index
    }

    /// Validates one item and adds it to its batch; returns the batch that
    /// became complete, if any.
    pub fn push(&mut self, item: Value) -> Step {
        self.push_value(&item)
    }

    /// [`Planner::push`] of a borrowed value.
    pub fn push_value(&mut self, item: &Value) -> Step {
        match self.push_input(&mut ValueInput::new(item)) {
            Ok(step) => step,
            // A value always reads; an error here is a bug of the walk.
            Err(e) => panic!("reading a serde_json::Value failed: {e}"),
        }
    }

    /// Reads the next item from `input` (a cursor standing before it: an
    /// item, or an element of a payload list), checks it and adds it to its
    /// batch in one walk; returns the batch that became complete, if any.
    /// Problems the host found in the item (see [`crate::input`]) make it
    /// invalid, as any problem does.
    pub fn push_input<I: Input + ?Sized>(&mut self, input: &mut I) -> Result<Step, I::Error> {
        self.push_from(input, None)
    }

    /// [`Planner::push_input`] of a payload's one item, whose head
    /// [`crate::plan::read_payload_head`] read.
    pub fn push_from_head<I: Input + ?Sized>(&mut self, input: &mut I, head: &crate::plan::ItemHead) -> Result<Step, I::Error> {
        self.push_from(input, Some(&head.0))
    }

    /// [`Planner::push_input`] after the item's head was read.
    pub(crate) fn push_from<I: Input + ?Sized>(&mut self, input: &mut I, head: Option<&crate::input::OwnedHead>) -> Result<Step, I::Error> {
        let index = self.next_index;
        self.next_index += 1;
        // Without groups or a size limit, the item is written straight into
        // the open batch; otherwise into a scratch buffer first.
        let direct = !self.grouped && self.max_body.is_none();
        if direct && self.open.is_empty() {
            self.open.push(Open::new(None, 0));
        }
        let checked = if direct {
            let o = &mut self.open[0];
            let mark = o.json.len();
            if !o.ends.is_empty() {
                o.json.push(b',');
            }
            let checked = self.checker.check_from(index, true, input, &mut o.json, head)?;
            if !checked.errors.is_empty() {
                o.json.truncate(mark);
            }
            checked
        } else {
            self.scratch.clear();
            self.checker.check_from(index, true, input, &mut self.scratch, head)?
        };
        let mut errors = checked.errors;
        if !errors.is_empty() {
            return Ok(Step { index, errors, batch: None });
        }
        if direct {
            self.checker.accept();
            let o = &mut self.open[0];
            o.ends.push(o.json.len());
            o.indices.push(index);
            let batch = (o.ends.len() >= self.max_items).then(|| self.take(0));
            return Ok(Step { index, errors, batch });
        }
        // The shop (ApiGoods.upload) this item is grouped by, borrowed from
        // the walk: compared with the open batches' groups without a copy.
        let (group, group_pos) = if self.grouped { let (g, p) = self.checker.group(); (Some(g), p) } else { (None, u16::MAX) };
        let size = self.scratch.len();
        let overhead = self.max_body.map(|_| overhead(self.op, group.map(GroupRef::to_value).as_ref())).unwrap_or(0);
        if let Some(max) = self.max_body {
            if overhead + size > max {
                let mut rec = ErrorRecord::new(ErrorType::ItemTooLarge, vec![LocItem::Index(self.checker.item_loc(index))], Value::Null);
                rec.ctx_set("size", overhead + size).ctx_set("max_body_bytes", max);
                errors.push(rec);
                return Ok(Step { index, errors, batch: None });
            }
        }
        // Equal values are one group ("1" and 1 are two, as their JSON differs).
        let found = self.open.iter().position(|o| match (group, &o.group) {
            (Some(g), Some(v)) => g.is(v),
            (None, None) => true,
            _ => false,
        });
        let pos = match found {
            Some(p) => p,
            None => {
                self.open.push(Open::new(group.map(GroupRef::to_value), overhead));
                self.open.len() - 1
            }
        };
        self.checker.accept();
        // A batch is closed as soon as it reaches max_items, so at most one
        // batch completes per push: either the open one overflows by size, or
        // it fills up with this item.
        let mut ready = None;
        let o = &self.open[pos];
        if !o.ends.is_empty() && self.max_body.is_some_and(|max| o.bytes + 1 + size > max) {
            ready = Some(self.take(pos));
        }
        let o = &mut self.open[pos];
        o.bytes += usize::from(!o.ends.is_empty()) + size;
        if !o.ends.is_empty() {
            o.json.push(b',');
        }
        o.json.extend_from_slice(&self.scratch);
        o.ends.push(o.json.len());
        o.indices.push(index);
        if self.grouped {
            o.group_pos.push(group_pos);
        }
        if ready.is_none() && o.ends.len() >= self.max_items {
            ready = Some(self.take(pos));
        }
        Ok(Step { index, errors, batch: ready })
    }

    /// Closes the open batch at `pos`, leaving an empty one for its group.
    fn take(&mut self, pos: usize) -> Batch {
        let bytes = match self.max_body {
            Some(_) => overhead(self.op, self.open[pos].group.as_ref()),
            None => 0,
        };
        let o = &mut self.open[pos];
        o.bytes = bytes;
        // The next batch of this group is likely about as large.
        let len = o.json.len();
        let json = std::mem::replace(&mut o.json, Vec::with_capacity(len + len / 8));
        let n = o.ends.len();
        Batch::of_items(
            self.op,
            std::mem::take(&mut o.indices),
            json,
            std::mem::replace(&mut o.ends, Vec::with_capacity(n)),
            o.group.clone(),
            std::mem::take(&mut o.group_pos),
        )
    }

    /// The remaining partial batches, in order of their first item.
    pub fn finish(mut self) -> Vec<Batch> {
        let mut rest: Vec<Batch> = (0..self.open.len())
            .filter(|&p| !self.open[p].ends.is_empty())
            .collect::<Vec<_>>()
            .into_iter()
            .map(|p| self.take(p))
            .collect();
        rest.sort_by_key(|b| b.indices[0]);
        rest
    }
}
