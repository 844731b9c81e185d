//! The one registry of operations. Validation, planning, signing and parsing
//! all find what they need here; platform modules only contribute entries.

use crate::error::Error;
use crate::outcome::Outcome;
use crate::plan::Batch;
use crate::rules::Schema;
use crate::typed::RowType;

use serde::Serialize;

pub use crate::platforms::Platform;

/// Whether an operation writes or reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    /// Sends items; planned into batches.
    Push,
    /// Reads pages; driven by a query plan.
    Query,
}

impl OpKind {
    /// Both kinds, for hosts that generate types from them.
    pub const ALL: &'static [OpKind] = &[OpKind::Push, OpKind::Query];

    /// `"push"` or `"query"`.
    pub fn name(self) -> &'static str {
        match self {
            OpKind::Push => "push",
            OpKind::Query => "query",
        }
    }
}

/// How a batch of items becomes the operation's request payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyShape {
    /// Flagship: one positional argument holding the list, `[[item, …]]`.
    ListArg,
    /// Flagship: items grouped by a field, `[{group: g, list: [item minus group, …]}]`.
    GroupedArg {
        /// The field that groups items (moved out of each item).
        group: &'static str,
        /// The key of the list inside the argument.
        list: &'static str,
    },
    /// Form parameter holding the JSON text of the item list (YMCart pushes).
    JsonListParam(&'static str),
    /// Form parameter holding the JSON text of one object (YMCart single-object methods).
    JsonObjectParam(&'static str),
    /// The item's fields are the form parameters themselves (queries).
    Params,
}

/// How a response is read back into an [`Outcome`].
pub type ParseFn = fn(&Batch, u16, &[u8]) -> Outcome;

/// An operation's per-call limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Most items per call.
    pub max_items: usize,
    /// Whether `max_items` is the vendor's documented limit (`false`: our
    /// conservative default where the page gives none).
    pub documented: bool,
    /// Default body-size cap in bytes, if any.
    pub max_body_bytes: Option<usize>,
}

/// A key that must be unique across the whole input: a twin would silently
/// overwrite the first on the platform.
#[derive(Debug)]
pub struct UniqueKey {
    /// Name used in error messages, e.g. `spec_no` or `shop_no+goods_id+spec_id`.
    pub name: &'static str,
    /// When set, the key is read from every element of this list field
    /// (batchPush: `spec_list`); otherwise from the item itself.
    pub within: Option<&'static str>,
    /// The fields forming the key; a missing field counts as empty, as the
    /// platforms default it.
    pub fields: &'static [&'static str],
}

/// How a query operation pages (and, for time-ranged queries, windows).
/// Read by the query planner ([`crate::QueryPlan`]); `None` on push operations.
///
/// A query whose item schema documents a `page_no` field is paged: the
/// planner sends `page_no` and `page_size` and walks the pages. One whose
/// schema has no `page_no` (YMCart `brandList`, `categoryList`) is read
/// with a single request.
#[derive(Debug)]
pub struct Paging {
    /// The first page number (enterprise: 0; YMCart: 1).
    pub first_page: u32,
    /// Page size used when the caller gives none.
    pub default_page_size: u32,
    /// Largest page size the platform accepts: the documented maximum, or
    /// (when the page documents none) the column's range.
    pub max_page_size: u32,
    /// Whether `max_page_size` is documented. A page's *default* page size
    /// is not a maximum: where no maximum is documented, any size up to the
    /// column's range is sent as asked.
    pub max_page_size_documented: bool,
    /// Where the rows are in an answer (e.g. `goods_list`, `data`, `data.list`).
    pub list_field: &'static str,
    /// Where the total row count is, if anywhere (e.g. `total_count`, `count`).
    pub total_field: Option<&'static str>,
    /// Whether the total is only sent on the first page (enterprise).
    pub total_on_first_page_only: bool,
    /// Field that identifies a row, for de-duplication across pages.
    pub row_key: Option<&'static str>,
    /// Time-window rule for time-ranged queries.
    pub window: Option<Window>,
    /// The documented type of each response column, `(field, type)`:
    /// page items are typed from this table (see [`crate::typed`]). Fields
    /// not listed pass through in their JSON type.
    pub row_types: &'static [(&'static str, RowType)],
}

/// A time range that the platform caps, split by the planner into windows.
#[derive(Debug)]
pub struct Window {
    /// Start parameter name.
    pub start: &'static str,
    /// End parameter name.
    pub end: &'static str,
    /// Longest window in days (closed interval, e.g. 30).
    pub max_days: u32,
}

/// One operation of one platform.
#[derive(Debug)]
pub struct Operation {
    /// The name exactly as the vendor writes it (`goods.Goods.batchPush`).
    pub name: &'static str,
    /// The platform.
    pub platform: Platform,
    /// Push or query.
    pub kind: OpKind,
    /// The vendor's Chinese title (货品批量推送).
    pub title_zh: &'static str,
    /// Whether repeating the call is harmless (the platform upserts by key).
    pub upsert: bool,
    /// What one input item is, in words, for docs and errors.
    pub item_name: &'static str,
    /// The documented shape of one input item.
    pub item: &'static Schema,
    /// Keys that must be unique across the input.
    pub unique_keys: &'static [UniqueKey],
    /// Field of an item that responses use to name it (for attribution).
    pub item_key: Option<&'static str>,
    /// Limits per call.
    pub limits: Limits,
    /// How the payload is shaped.
    pub body: BodyShape,
    /// Reads a response (`None` in builds without the `parse` feature).
    pub parse: Option<ParseFn>,
    /// Paging rules for queries; `None` for pushes.
    pub paging: Option<Paging>,
    /// The spec page this entry was written from.
    pub source: &'static str,
}

/// Operations are registry entries: equal when they are the same entry.
impl PartialEq for Operation {
    fn eq(&self, other: &Self) -> bool {
        self.platform == other.platform && self.name == other.name
    }
}

impl Operation {
    /// A machine-readable description of the operation and its item schema
    /// (for generated types, form hints and docs).
    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "platform": self.platform.name(),
            "kind": self.kind.name(),
            "title_zh": self.title_zh,
            "upsert": self.upsert,
            "item_name": self.item_name,
            "max_items": self.limits.max_items,
            "documented_limit": self.limits.documented,
            "unique_keys": self.unique_keys.iter().map(|k| k.name).collect::<Vec<_>>(),
            "item_key": self.item_key,
            "paging": self.paging.as_ref().map(|p| serde_json::json!({
                "paged": self.item.field("page_no").is_some(),
                "first_page": p.first_page,
                "default_page_size": p.default_page_size,
                "max_page_size": p.max_page_size,
                "max_page_size_documented": p.max_page_size_documented,
                "row_key": p.row_key,
                "window": p.window.as_ref().map(|w| serde_json::json!({"start": w.start, "end": w.end, "max_days": w.max_days})),
            })),
            "item": self.item.describe(),
        })
    }

    /// True for operations planned into batches.
    pub fn is_push(&self) -> bool {
        self.kind == OpKind::Push
    }
}

/// Every operation skuwire models, flagship first, in the vendors' page order.
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    crate::platforms::descriptors().flat_map(|d| d.operations.iter())
}

/// The operation with this exact vendor name.
pub fn operation(name: &str) -> Result<&'static Operation, Error> {
    operations().find(|op| op.name == name).ok_or_else(|| Error::unknown_operation(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_found() {
        let mut seen = HashSet::new();
        for op in operations() {
            assert!(seen.insert(op.name), "duplicate {}", op.name);
            assert_eq!(operation(op.name).unwrap().name, op.name);
            assert!(op.limits.max_items >= 1);
        }
        assert!(operation("goods.Goods.nope").is_err());
    }

    #[test]
    fn queries_are_paged_repeatable_reads() {
        for op in operations().filter(|op| op.kind == OpKind::Query) {
            let paging = op.paging.as_ref().unwrap_or_else(|| panic!("{} has no paging", op.name));
            // A read is safe to resend after a lost answer.
            assert!(op.upsert, "{}: a query must be marked upsert (repeatable)", op.name);
            assert!(paging.default_page_size >= 1 && paging.default_page_size <= paging.max_page_size, "{}", op.name);
            let mut names = HashSet::new();
            for (field, _) in paging.row_types {
                assert!(names.insert(*field), "{}: row type of {field} given twice", op.name);
            }
            if let Some(w) = &paging.window {
                assert!(op.item.field(w.start).is_some() && op.item.field(w.end).is_some(), "{}", op.name);
            }
        }
        for op in operations().filter(|op| op.kind == OpKind::Push) {
            assert!(op.paging.is_none(), "{}", op.name);
        }
    }
}
