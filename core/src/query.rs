//! The query planner: a sans-I/O state machine that walks a query
//! operation's time windows and pages, and turns each answer into a
//! [`Page`] of typed, de-duplicated rows.
//!
//! The host drives it:
//!
//! ```
//! use serde_json::json;
//! use skuwire::{QueryOptions, QueryPlan};
//!
//! let params = json!({"start_time": "2018-11-01 00:00:00", "end_time": "2018-12-15 12:00:00"});
//! let mut plan = QueryPlan::new("vip_api_goods_query.php", params, &QueryOptions::default())?;
//! assert_eq!(plan.window_count(), 2); // 30 days + the rest
//! while let Some(batch) = plan.next_batch() {
//!     // sign `batch` (Client::sign, or plan.next_request), send it, then:
//!     # let body = br#"{"code":0,"message":"ok","total_count":"0","goods_list":[]}"#;
//!     let page = plan.feed(200, body)?;
//!     if !page.outcome.ok() {
//!         // page.outcome.retry says what to do; the plan has not advanced.
//!         # break;
//!     }
//!     for row in &page.items { /* store */ }
//! }
//! assert!(plan.is_done());
//! # Ok::<(), skuwire::Error>(())
//! ```
//!
//! ## Windows
//!
//! An operation with a [`Window`](crate::Window) (enterprise
//! `vip_api_goods_query.php`: `start_time`/`end_time`, at most 30 days)
//! needs both bounds. The range `[start, end]` (closed, whole seconds,
//! Beijing time — see [`crate::time`] for the input forms) is split into
//! contiguous closed windows of at most `max_days` days, where **"30 days"
//! means `end − start ≤ 30 × 86400 − 1` seconds**: a window covers at most
//! 30 × 86400 distinct seconds, exactly the vendor's own example
//! `2018-11-01 00:00:00` … `2018-11-30 23:59:59`. The next window starts one
//! second after the previous one ends: no gap, no overlap. Windows are
//! aligned to `start`, not to calendar days. A narrower window
//! ([`QueryOptions::max_window_secs`]) is allowed, as the vendor recommends
//! for busy shops.
//!
//! ## Pages
//!
//! Pages are numbered from [`Paging::first_page`] (enterprise 0, YMCart 1).
//! The page size defaults to [`Paging::default_page_size`] — for the
//! enterprise query 100, the documented maximum, not the vendor default of
//! 30: fewer pages mean fewer chances for rows to move between pages while
//! the sync runs, and fewer calls against the rate limit. A window is
//! finished by a short page, or when the rows received in it reach the
//! window's total (read from its first page only where the platform sends it
//! only there, as the enterprise API does). As a guard against a platform
//! that ignores `page_no`, a full page made only of rows already seen also
//! ends the window (with a note).
//!
//! ## De-duplication
//!
//! A row modified during a sync can move between pages (and windows) and be
//! returned twice. With a [`Paging::row_key`] (enterprise `rec_id`) the plan
//! keeps the first copy of each key within the run and counts the dropped
//! ones ([`Page::duplicates_dropped`]). A row changed during the run is thus
//! delivered once; its newer version is picked up by the next incremental
//! run, whose range starts where this one ended.
//!
//! De-duplication cannot recover the opposite case: a row that *leaves* a
//! window while it is being read (modified during the run, so its
//! `modified` moves past the window) shifts the rows after it one place
//! earlier, and the row that crosses the page boundary this way is not
//! returned on any page of this run. Offset paging over a changing result
//! set cannot prevent that. Such a row has a new `modified` time, but the
//! row it pushed over the boundary may not; so let each incremental run's
//! range overlap the previous run's (and end a few minutes in the past),
//! and upsert rows downstream by `rec_id`.
//!
//! The set of seen keys is kept as sorted ranges of consecutive integers
//! (`rec_id`s are auto-increment ids, so a full sync is typically a few
//! ranges whatever its size) plus a set of non-integer keys. Its worst case
//! (every id isolated) is about 50 bytes of memory and 25 bytes of
//! [`QueryState`] JSON per row; for multi-million-row runs over sparse ids,
//! set [`QueryOptions::dedup`] to `false` and de-duplicate downstream, or
//! split the run.
//!
//! ## Resuming
//!
//! [`QueryPlan::state`] is plain serializable data reflecting the last
//! *completed* page; [`QueryPlan::resume`] continues from it (an outstanding
//! request is simply issued again).

use crate::enterprise;
use crate::error::{Error, ErrorCode, ErrorRecord, ErrorType, LocItem, ValidationErrors};
use crate::outcome::{int_field, text_field, Outcome};
use crate::plan::Batch;
use crate::registry::{operation, OpKind, Operation, Paging, Platform};
use crate::rules::{parse_int_text, Checker, CtxSet};
use crate::time::{BeijingDateTime, SECS_PER_DAY};
use crate::typed::{Row, RowTyper, Typed};
use crate::ymcart;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The page-number parameter of paged queries (both platforms).
pub const PAGE_NO: &str = "page_no";
/// The page-size parameter of paged queries (both platforms).
pub const PAGE_SIZE: &str = "page_size";
/// The format of [`QueryState`] this version writes and reads.
pub const STATE_VERSION: u32 = 1;

const TIME_FORMATS: &str = "yyyy-MM-dd HH:mm:ss (Beijing time), RFC 3339 with an offset, or Unix seconds";

/// Options of a query plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryOptions {
    /// Rows per page (1 ..= the operation's maximum); default
    /// [`Paging::default_page_size`]. May also be given as the `page_size`
    /// parameter; if both are given they must agree.
    pub page_size: Option<u32>,
    /// Longest window in seconds (1 ..= the operation's `max_days` × 86400);
    /// default the operation's maximum. Only for windowed operations.
    pub max_window_secs: Option<i64>,
    /// Report parameters the vendor page does not list.
    pub strict: bool,
    /// De-duplicate rows by the operation's row key (default `true`).
    pub dedup: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions { page_size: None, max_window_secs: None, strict: false, dedup: true }
    }
}

/// Splits the closed range `[start, end]` (Unix seconds) into contiguous
/// closed windows of at most `window_secs` seconds each (`end − start ≤
/// window_secs − 1` per window). `start > end` or `window_secs < 1` is an
/// `invalid_argument` error.
pub fn split_range(start: i64, end: i64, window_secs: i64) -> Result<Windows, Error> {
    if start > end {
        return Err(Error::invalid_argument(
            format!("range start {start} is after its end {end}"),
            format!("时间范围的开始{start}晚于结束{end}"),
        ));
    }
    if window_secs < 1 {
        return Err(Error::invalid_argument("window_secs must be at least 1", "window_secs至少为1"));
    }
    let count = u64::try_from((i128::from(end) - i128::from(start)) / i128::from(window_secs) + 1)
        .map_err(|_| Error::invalid_argument("the range has more windows than can be counted", "时间范围的窗口数过多"))?;
    Ok(Windows { start, end, window_secs, count, next: 0 })
}

/// The windows of a range, in order (see [`split_range`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Windows {
    start: i64,
    end: i64,
    window_secs: i64,
    count: u64,
    next: u64,
}

impl Windows {
    /// How many windows the range has in all.
    pub fn total(&self) -> u64 {
        self.count
    }

    /// Window `i` as `(start, end)` Unix seconds, both included.
    pub fn get(&self, i: u64) -> Option<(i64, i64)> {
        if i >= self.count {
            return None;
        }
        let s = i128::from(self.start) + i128::from(i) * i128::from(self.window_secs);
        let e = (s + i128::from(self.window_secs) - 1).min(i128::from(self.end));
        Some((s as i64, e as i64))
    }
}

impl Iterator for Windows {
    type Item = (i64, i64);
    fn next(&mut self) -> Option<(i64, i64)> {
        let w = self.get(self.next)?;
        self.next += 1;
        Some(w)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.count - self.next).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

/// Keys seen in a run, as plain data (part of [`QueryState`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenKeys {
    /// Integer keys as sorted, disjoint `[first, last]` ranges.
    pub ints: Vec<[i64; 2]>,
    /// Other keys, sorted.
    pub texts: Vec<String>,
}

/// The keys seen so far: integer ranges plus a set of other keys.
#[derive(Clone, Debug, Default)]
struct KeySet {
    /// start → end (inclusive); disjoint and not adjacent.
    ints: BTreeMap<i64, i64>,
    texts: BTreeSet<String>,
}

impl KeySet {
    /// Records a key; false when it was already there.
    fn insert_int(&mut self, x: i64) -> bool {
        let mut start = x;
        if let Some((&s, &e)) = self.ints.range(..=x).next_back() {
            if x <= e {
                return false;
            }
            if e.checked_add(1) == Some(x) {
                start = s;
            }
        }
        let mut end = x;
        if let Some(next) = x.checked_add(1) {
            if let Some(e) = self.ints.remove(&next) {
                end = e;
            }
        }
        self.ints.insert(start, end);
        true
    }

    /// Records a row key value; `None` when the value is no usable key.
    fn insert(&mut self, key: &Value) -> Option<bool> {
        let text = match key {
            Value::String(s) => s.trim(),
            Value::Number(n) => n.as_str(),
            _ => return None,
        };
        if text.is_empty() {
            return None;
        }
        Some(match parse_int_text(text) {
            Some(i) => self.insert_int(i),
            None => self.texts.insert(text.to_owned()),
        })
    }

    fn to_data(&self) -> SeenKeys {
        SeenKeys { ints: self.ints.iter().map(|(&s, &e)| [s, e]).collect(), texts: self.texts.iter().cloned().collect() }
    }

    fn from_data(data: &SeenKeys) -> Result<KeySet, Error> {
        let mut set = KeySet::default();
        let mut ranges = data.ints.clone();
        ranges.sort_unstable();
        for [s, e] in ranges {
            if s > e {
                return Err(state_error(format!("seen range [{s}, {e}] is reversed"), format!("已见键区间[{s}, {e}]首尾颠倒")));
            }
            // Merge with the previous range when they overlap or touch.
            match set.ints.iter_mut().next_back() {
                Some((_, last)) if s <= last.saturating_add(1) => *last = (*last).max(e),
                _ => {
                    set.ints.insert(s, e);
                }
            }
        }
        set.texts = data.texts.iter().cloned().collect();
        Ok(set)
    }
}

/// A query's progress as plain data: serialize it (JSON) after each
/// completed page and give it to [`QueryPlan::resume`] to continue.
///
/// Windows are not stored: they are a pure function of the range in
/// `params` and `window_secs`, so the state stays small however long the
/// range. Only the seen keys grow with the run (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueryState {
    /// Format version, [`STATE_VERSION`].
    pub version: u32,
    /// The operation name.
    pub op: String,
    /// The parameters, normalized: window bounds as Beijing `yyyy-MM-dd
    /// HH:mm:ss`, without `page_no`/`page_size`.
    pub params: Value,
    /// Rows per page (`None` for operations that do not page).
    pub page_size: Option<u32>,
    /// Longest window in seconds (`None` for operations without a window).
    pub window_secs: Option<i64>,
    /// Whether undocumented parameters are reported.
    pub strict: bool,
    /// Whether rows are de-duplicated.
    pub dedup: bool,
    /// The window the next request is for (0-based).
    pub window_index: u64,
    /// The page the next request is for.
    pub page_no: u32,
    /// Rows received in the current window so far (duplicates included).
    pub rows_in_window: u64,
    /// The current window's total, when its first page said.
    pub total: Option<i64>,
    /// Row keys seen in this run.
    pub seen: SeenKeys,
    /// Rows dropped as duplicates in this run.
    pub duplicates_dropped: u64,
    /// Rows delivered in this run.
    pub rows_delivered: u64,
    /// Whether the run is finished.
    pub done: bool,
}

impl QueryState {
    /// A state from its plain-data form (the JSON its `Serialize` writes),
    /// with a bilingual error when it is not one.
    pub fn from_json(value: &Value) -> Result<QueryState, Error> {
        // Through text, which keeps every number's exact spelling.
        serde_json::from_str(&value.to_string()).map_err(|e| Error::invalid_data("query state", &e.to_string()))
    }
}

/// One page of a query: the typed rows and what the answer meant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page {
    /// The new rows, typed, in the answer's order (duplicates left out).
    pub items: Vec<Row>,
    /// The page number this answer was for.
    pub page_no: u32,
    /// The window this answer was for (`None` for operations without one).
    pub window: Option<(BeijingDateTime, BeijingDateTime)>,
    /// The window's position (0-based).
    pub window_index: u64,
    /// The window's total rows, as read from its first page (or from this
    /// page where the platform sends it on every page).
    pub total_count: Option<i64>,
    /// Rows in the answer, duplicates included.
    pub received: usize,
    /// Rows of this answer left out because their key was already seen.
    pub duplicates_dropped: usize,
    /// The meaning of the answer: on failure, `retry` says what to do, and
    /// the plan has not advanced.
    pub outcome: Outcome,
    /// True when this page finished the run.
    pub done: bool,
}

impl Page {
    /// True when the answer was read and the plan advanced.
    pub fn ok(&self) -> bool {
        self.outcome.ok()
    }
}

fn state_error(msg: impl Into<String>, msg_zh: impl Into<String>) -> Error {
    Error::other(ErrorCode::State, msg, msg_zh)
}

/// A query in progress: which window and page to ask for next, what has
/// been seen. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct QueryPlan {
    op: &'static Operation,
    paging: &'static Paging,
    params: Map<String, Value>,
    strict: bool,
    paged: bool,
    page_size: u32,
    windows: Option<Windows>,
    dedup: bool,
    window_index: u64,
    page_no: u32,
    rows_in_window: u64,
    total: Option<i64>,
    seen: KeySet,
    duplicates_dropped: u64,
    rows_delivered: u64,
    done: bool,
    outstanding: bool,
}

impl QueryPlan {
    /// A plan for a registered query operation. The parameters are
    /// validated against the operation's schema (every problem in one
    /// [`Error::Validation`]); a windowed operation needs both bounds, in
    /// any form [`BeijingDateTime::from_json`] reads. `page_no`, if given,
    /// must be the first page: the plan numbers the pages.
    pub fn new(op_name: &str, params: Value, options: &QueryOptions) -> Result<QueryPlan, Error> {
        QueryPlan::for_operation(operation(op_name)?, params, options)
    }

    /// [`QueryPlan::new`] for hosts: `host_errors` are conversion errors
    /// located relative to the parameters object (bad values replaced by
    /// `null`), reported together with the core's own findings.
    pub fn new_with_host_errors(op_name: &str, params: Value, host_errors: Vec<ErrorRecord>, options: &QueryOptions) -> Result<QueryPlan, Error> {
        let op = operation(op_name)?;
        match (QueryPlan::for_operation(op, params, options), host_errors.is_empty()) {
            (result, true) => result,
            (Ok(_), false) => Err(ValidationErrors { op: op.name.to_owned(), errors: host_errors }.into()),
            (Err(Error::Validation(v)), false) => {
                Err(ValidationErrors { op: v.op, errors: crate::plan::merge_host_errors(v.errors, host_errors) }.into())
            }
            (Err(other), false) => Err(other),
        }
    }

    /// [`QueryPlan::new`] for an operation given directly (for operations
    /// defined outside the registry).
    pub fn for_operation(op: &'static Operation, params: Value, options: &QueryOptions) -> Result<QueryPlan, Error> {
        let paging = check_operation(op)?;
        let paged = op.item.field(PAGE_NO).is_some();
        let Value::Object(mut params) = params else {
            let rec = ErrorRecord::new(ErrorType::DictType, Vec::new(), params);
            return Err(ValidationErrors { op: op.name.to_owned(), errors: vec![rec] }.into());
        };

        // Window bounds: converted to Beijing wall-clock text before the
        // schema sees them.
        let mut own = Vec::new();
        let mut bounds = [None, None];
        if let Some(w) = &paging.window {
            for (slot, key) in [w.start, w.end].into_iter().enumerate() {
                match params.get(key) {
                    None | Some(Value::Null) => own.push(ErrorRecord::new(ErrorType::Missing, vec![key.into()], Value::Null)),
                    Some(v) => match BeijingDateTime::from_json(v) {
                        Some(t) => {
                            bounds[slot] = Some(t);
                            params.insert(key.to_owned(), Value::String(t.to_wire()));
                        }
                        None => own.push(
                            ErrorRecord::new(ErrorType::DatetimeParsing, vec![key.into()], v.clone()).with("format", TIME_FORMATS),
                        ),
                    },
                }
            }
            if let [Some(s), Some(e)] = bounds {
                if s > e {
                    let mut input = Map::new();
                    input.insert(w.start.to_owned(), Value::String(s.to_wire()));
                    input.insert(w.end.to_owned(), Value::String(e.to_wire()));
                    own.push(ErrorRecord::new(ErrorType::TimeRange, Vec::new(), Value::Object(input)));
                }
            }
        }
        let params_value = Value::Object(params);
        let mut checker = Checker::new(&[], options.strict);
        checker.check_object(op.item, &params_value);
        // The window's own findings first; the schema's findings about the
        // same fields are dropped (they describe the raw value).
        let covered: Vec<Vec<LocItem>> = own.iter().map(|e| e.loc.clone()).filter(|l| !l.is_empty()).collect();
        let mut errors = own;
        errors.extend(checker.errors.into_iter().filter(|e| !covered.iter().any(|l| e.loc.starts_with(l))));
        if !errors.is_empty() {
            return Err(ValidationErrors { op: op.name.to_owned(), errors }.into());
        }
        let Value::Object(mut params) = params_value else {
            return Err(Error::invalid_argument("parameters should be an object", "参数应为对象"));
        };

        // Paging parameters belong to the plan.
        if let Some(v) = params.shift_remove(PAGE_NO).filter(|v| !v.is_null()) {
            if int_field(Some(&v)) != Some(i64::from(paging.first_page)) || !paged {
                return Err(Error::invalid_argument(
                    format!("page_no is set by the query plan (pages start at {}); resume a saved state to continue a run", paging.first_page),
                    format!("page_no由查询计划设置（从{}开始）；续传请使用保存的状态", paging.first_page),
                ));
            }
        }
        let param_size = params.shift_remove(PAGE_SIZE).filter(|v| !v.is_null()).map(|v| (int_field(Some(&v)), v));
        let page_size = resolve_page_size(op, paging, paged, options.page_size, param_size)?;

        let windows = match (&paging.window, bounds) {
            (Some(w), [Some(s), Some(e)]) => {
                let max = i64::from(w.max_days) * SECS_PER_DAY;
                let secs = match options.max_window_secs {
                    None => max,
                    Some(n) if (1..=max).contains(&n) => n,
                    Some(n) => {
                        return Err(Error::invalid_argument(
                            format!("max_window_secs {n} should be between 1 and {max} ({} days) for {}", w.max_days, op.name),
                            format!("max_window_secs {n} 应在1到{max}（{}天）之间", w.max_days),
                        ))
                    }
                };
                Some(split_range(s.unix(), e.unix(), secs)?)
            }
            _ => {
                if options.max_window_secs.is_some() {
                    return Err(Error::invalid_argument(
                        format!("{} has no time window; max_window_secs does not apply", op.name),
                        format!("{}没有时间窗口，max_window_secs不适用", op.name),
                    ));
                }
                None
            }
        };

        Ok(QueryPlan {
            op,
            paging,
            params,
            strict: options.strict,
            paged,
            page_size,
            windows,
            dedup: options.dedup,
            window_index: 0,
            page_no: paging.first_page,
            rows_in_window: 0,
            total: None,
            seen: KeySet::default(),
            duplicates_dropped: 0,
            rows_delivered: 0,
            done: false,
            outstanding: false,
        })
    }

    /// Continues a run from a saved [`QueryState`]. The parameters are
    /// validated again; a state that does not fit them is an error.
    pub fn resume(state: QueryState) -> Result<QueryPlan, Error> {
        let op = operation(&state.op)?;
        QueryPlan::resume_for_operation(op, state)
    }

    /// [`QueryPlan::resume`] for an operation given directly.
    pub fn resume_for_operation(op: &'static Operation, state: QueryState) -> Result<QueryPlan, Error> {
        if state.version != STATE_VERSION {
            return Err(state_error(
                format!("query state version {} is not supported (expected {STATE_VERSION})", state.version),
                format!("不支持的查询状态版本{}（应为{STATE_VERSION}）", state.version),
            ));
        }
        if state.op != op.name {
            return Err(state_error(
                format!("the state is for {}, not {}", state.op, op.name),
                format!("该状态属于{}，不是{}", state.op, op.name),
            ));
        }
        let opts = QueryOptions { page_size: state.page_size, max_window_secs: state.window_secs, strict: state.strict, dedup: state.dedup };
        let mut plan = QueryPlan::for_operation(op, state.params, &opts)?;
        let count = plan.window_count();
        let bad = if state.window_index > count || (state.window_index == count && !state.done) {
            Some(format!("window {} is past the last window ({count})", state.window_index))
        } else if state.page_no < plan.paging.first_page || (!plan.paged && state.page_no != plan.paging.first_page) {
            Some(format!("page {} is not a page of {}", state.page_no, op.name))
        } else if state.total.is_some_and(|t| t < 0) {
            Some("total is negative".to_owned())
        } else {
            None
        };
        if let Some(msg) = bad {
            return Err(state_error(format!("invalid query state: {msg}"), format!("查询状态无效：{msg}")));
        }
        plan.window_index = state.window_index;
        plan.page_no = state.page_no;
        plan.rows_in_window = state.rows_in_window;
        plan.total = state.total;
        plan.seen = KeySet::from_data(&state.seen)?;
        plan.duplicates_dropped = state.duplicates_dropped;
        plan.rows_delivered = state.rows_delivered;
        plan.done = state.done;
        Ok(plan)
    }

    /// The run's progress as plain data, as of the last completed page.
    pub fn state(&self) -> QueryState {
        QueryState {
            version: STATE_VERSION,
            op: self.op.name.to_owned(),
            params: Value::Object(self.params.clone()),
            page_size: self.paged.then_some(self.page_size),
            window_secs: self.windows.as_ref().map(|w| w.window_secs),
            strict: self.strict,
            dedup: self.dedup,
            window_index: self.window_index,
            page_no: self.page_no,
            rows_in_window: self.rows_in_window,
            total: self.total,
            seen: self.seen.to_data(),
            duplicates_dropped: self.duplicates_dropped,
            rows_delivered: self.rows_delivered,
            done: self.done,
        }
    }

    /// The operation.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// Rows per page (meaningless for operations that do not page).
    pub fn page_size(&self) -> u32 {
        self.page_size
    }

    /// Whether the operation pages (its schema documents `page_no`).
    pub fn is_paged(&self) -> bool {
        self.paged
    }

    /// Number of windows (1 for operations without a window).
    pub fn window_count(&self) -> u64 {
        self.windows.as_ref().map_or(1, Windows::total)
    }

    /// Every window, in order, computed lazily (none for operations
    /// without a window).
    pub fn windows(&self) -> impl Iterator<Item = (BeijingDateTime, BeijingDateTime)> + '_ {
        self.windows.iter().flat_map(|w| w.clone().filter_map(beijing_pair))
    }

    /// The window the next request is for (0-based).
    pub fn window_index(&self) -> u64 {
        self.window_index
    }

    /// The current window, if the operation has windows and the run is not done.
    pub fn current_window(&self) -> Option<(BeijingDateTime, BeijingDateTime)> {
        self.windows.as_ref()?.get(self.window_index).and_then(beijing_pair)
    }

    /// The page the next request is for.
    pub fn page_no(&self) -> u32 {
        self.page_no
    }

    /// The current window's total, when known.
    pub fn total(&self) -> Option<i64> {
        self.total
    }

    /// Whether every window has been read.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Rows delivered so far.
    pub fn rows_delivered(&self) -> u64 {
        self.rows_delivered
    }

    /// Rows dropped as duplicates so far.
    pub fn duplicates_dropped(&self) -> u64 {
        self.duplicates_dropped
    }

    /// The next request to send, unsigned; `None` when the run is done.
    /// Until an answer is fed, every call returns the same page again
    /// (to sign it afresh after a clock error, for instance).
    pub fn next_batch(&mut self) -> Option<Batch> {
        if self.done {
            return None;
        }
        self.outstanding = true;
        Some(self.current_batch())
    }

    /// [`QueryPlan::next_batch`], signed by `client` at `timestamp` (Unix
    /// seconds; default: now plus the client's clock offset).
    #[cfg(feature = "sign")]
    pub fn next_request(&mut self, client: &crate::Client, timestamp: Option<i64>) -> Result<Option<crate::Request>, Error> {
        if client.platform() != self.op.platform {
            return Err(Error::invalid_argument(
                format!("{} is a {} operation; the client is for {}", self.op.name, self.op.platform.name(), client.platform().name()),
                format!("{}属于{}，客户端属于{}", self.op.name, self.op.platform.name(), client.platform().name()),
            ));
        }
        let was = self.outstanding;
        let Some(batch) = self.next_batch() else { return Ok(None) };
        match client.sign(&batch, timestamp) {
            Ok(r) => Ok(Some(r)),
            Err(e) => {
                self.outstanding = was;
                Err(e)
            }
        }
    }

    fn current_batch(&self) -> Batch {
        let mut p = self.params.clone();
        if let (Some(w), Some((s, e))) = (&self.paging.window, self.current_window()) {
            p.insert(w.start.to_owned(), Value::String(s.to_wire()));
            p.insert(w.end.to_owned(), Value::String(e.to_wire()));
        }
        if self.paged {
            p.insert(PAGE_NO.to_owned(), Value::from(self.page_no));
            p.insert(PAGE_SIZE.to_owned(), Value::from(self.page_size));
        }
        Batch::query(self.op, Value::Object(p))
    }

    fn take_outstanding(&mut self) -> Result<Batch, Error> {
        if !self.outstanding {
            return Err(state_error(
                "no request is outstanding: call next_batch (or next_request) before feeding an answer",
                "没有待应答的请求：请先调用next_batch（或next_request）再传入应答",
            ));
        }
        self.outstanding = false;
        Ok(self.current_batch())
    }

    fn failed_page(&self, outcome: Outcome) -> Page {
        Page {
            items: Vec::new(),
            page_no: self.page_no,
            window: self.current_window(),
            window_index: self.window_index,
            total_count: self.total,
            received: 0,
            duplicates_dropped: 0,
            outcome,
            done: false,
        }
    }

    /// Reports that the outstanding request got no answer (timeout,
    /// connection reset). The plan does not advance; the page's outcome
    /// advises resending, since a query is a read.
    pub fn feed_transport_error(&mut self, message: &str) -> Result<Page, Error> {
        let batch = self.take_outstanding()?;
        Ok(self.failed_page(Outcome::transport_error(&batch, message)))
    }

    /// Reads the answer to the outstanding request. On success the plan
    /// advances and the page holds the new rows; on failure it does not
    /// advance and `page.outcome.retry` says what to do (call
    /// [`QueryPlan::next_batch`] again to retry). Feeding without an
    /// outstanding request is an [`ErrorCode::State`] error.
    pub fn feed(&mut self, http_status: u16, body: &[u8]) -> Result<Page, Error> {
        let batch = self.take_outstanding()?;
        let envelope = match self.op.platform {
            Platform::Enterprise => enterprise::envelope(&batch, http_status, body),
            Platform::Ymcart => ymcart::envelope(&batch, http_status, body),
            // Refused by check_operation; kept as an error, never a panic.
            Platform::Flagship => {
                return Err(Error::other(
                    ErrorCode::Unsupported,
                    "flagship queries are not driven by a query plan",
                    "旗舰版查询暂不支持查询计划",
                ))
            }
        };
        let mut map = match envelope {
            Err(outcome) => return Ok(self.failed_page(outcome)),
            Ok(map) => map,
        };
        let mut notes = Vec::new();
        let list_field = self.paging.list_field;
        let list = match take_path(&mut map, list_field) {
            Some(Value::Array(items)) => items,
            Some(Value::Null) => Vec::new(),
            None => {
                notes.push(format!("no {list_field:?} in the answer; read as an empty page"));
                Vec::new()
            }
            // PHP writes an array with gaps in its keys as an object.
            Some(Value::Object(m)) => {
                notes.push(format!("{list_field:?} is an object; its values were read as the rows"));
                m.into_iter().map(|(_, v)| v).collect()
            }
            Some(other) => {
                let mut o = crate::outcome::failure_unknown(
                    &batch,
                    http_status,
                    crate::outcome::Reason::InvalidEnvelope,
                    format!("{list_field:?} in the answer is not a list"),
                );
                map.insert(list_field.to_owned(), other);
                o.data = Value::Object(map);
                return Ok(self.failed_page(o));
            }
        };

        let first_page = self.page_no == self.paging.first_page;
        if let Some(tf) = self.paging.total_field {
            if first_page || !self.paging.total_on_first_page_only {
                if let Some(t) = int_field(lookup_path(&map, tf)).filter(|t| *t >= 0) {
                    self.total = Some(t);
                }
            }
        }

        let received = list.len();
        let mut typer = RowTyper::new(self.paging.row_types);
        let mut items = Vec::with_capacity(received);
        let mut dropped = 0usize;
        let mut keyless = 0usize;
        let key = self.paging.row_key.filter(|_| self.dedup);
        for (i, v) in list.into_iter().enumerate() {
            let Value::Object(obj) = v else {
                notes.push(format!("row {i} is not an object; kept as the field \"value\""));
                items.push(Row::new(vec![("value".to_owned(), Typed::from_untyped(&v))]));
                continue;
            };
            if let Some(k) = key {
                match obj.get(k).and_then(|kv| self.seen.insert(kv)) {
                    Some(false) => {
                        dropped += 1;
                        continue;
                    }
                    Some(true) => {}
                    None => keyless += 1,
                }
            }
            items.push(typer.row(i, obj));
        }
        if keyless > 0 {
            notes.push(format!("{keyless} row(s) had no usable {:?}; not de-duplicated", key.unwrap_or_default()));
        }
        notes.extend(typer.notes());

        // Advance.
        let page_no = self.page_no;
        let window = self.current_window();
        let window_index = self.window_index;
        let total = self.total;
        self.rows_in_window += received as u64;
        self.rows_delivered += items.len() as u64;
        self.duplicates_dropped += dropped as u64;
        let full = received >= self.page_size as usize;
        let window_done = if !self.paged || !full || total.is_some_and(|t| self.rows_in_window >= t as u64) {
            true
        } else if dropped == received {
            notes.push(format!(
                "page {page_no} held only rows already seen; the platform seems to ignore page_no, so this window ends here"
            ));
            true
        } else {
            false
        };
        if window_done {
            self.window_index += 1;
            self.page_no = self.paging.first_page;
            self.rows_in_window = 0;
            self.total = None;
            self.done = self.window_index >= self.window_count();
        } else {
            self.page_no = self.page_no.saturating_add(1);
        }

        let mut outcome = Outcome::blank(http_status);
        outcome.code = Some(0);
        outcome.message = text_field(map.get("message")).or_else(|| map.get("msg").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned));
        outcome.total_count = total;
        outcome.data = Value::Object(map);
        outcome.notes = notes;
        Ok(Page {
            items,
            page_no,
            window,
            window_index,
            total_count: total,
            received,
            duplicates_dropped: dropped,
            outcome,
            done: self.done,
        })
    }
}

fn beijing_pair((s, e): (i64, i64)) -> Option<(BeijingDateTime, BeijingDateTime)> {
    Some((BeijingDateTime::from_unix(s)?, BeijingDateTime::from_unix(e)?))
}

/// Checks that an operation can be driven by a query plan.
fn check_operation(op: &'static Operation) -> Result<&'static Paging, Error> {
    let unsupported = |en: String, zh: String| Error::other(ErrorCode::Unsupported, en, zh);
    if op.kind != OpKind::Query {
        return Err(unsupported(
            format!("{} is a push: plan it into batches, not a query plan", op.name),
            format!("{}是推送接口：请使用批次规划，而不是查询计划", op.name),
        ));
    }
    let Some(paging) = &op.paging else {
        return Err(unsupported(format!("{} has no paging description", op.name), format!("{}缺少分页描述", op.name)));
    };
    if op.platform == Platform::Flagship {
        return Err(unsupported(
            format!("{}: flagship queries page through the URL (Pager) and are not driven by a query plan yet", op.name),
            format!("{}：旗舰版查询通过URL分页（Pager），暂不支持查询计划", op.name),
        ));
    }
    Ok(paging)
}

fn resolve_page_size(op: &Operation, paging: &Paging, paged: bool, option: Option<u32>, param: Option<(Option<i64>, Value)>) -> Result<u32, Error> {
    if !paged {
        if option.is_some() || param.is_some() {
            return Err(Error::invalid_argument(
                format!("{} does not page; page_size does not apply", op.name),
                format!("{}不分页，page_size不适用", op.name),
            ));
        }
        return Ok(paging.default_page_size);
    }
    let from_param = match param {
        None => None,
        Some((Some(n), _)) => Some(n),
        Some((None, v)) => {
            let rec = ErrorRecord::new(ErrorType::IntType, vec![LocItem::Key(PAGE_SIZE.into())], v);
            return Err(ValidationErrors { op: op.name.to_owned(), errors: vec![rec] }.into());
        }
    };
    let size = match (option.map(i64::from), from_param) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::invalid_argument(
                format!("page_size is given twice and differs ({a} in the options, {b} in the parameters)"),
                format!("page_size给出了两个不同的值（选项{a}，参数{b}）"),
            ))
        }
        (Some(a), _) | (None, Some(a)) => a,
        (None, None) => i64::from(paging.default_page_size),
    };
    if size < 1 || size > i64::from(paging.max_page_size) {
        let mut rec = ErrorRecord::new(ErrorType::IntOutOfRange, vec![LocItem::Key(PAGE_SIZE.into())], Value::from(size));
        rec.ctx_set("min", 1).ctx_set("max", paging.max_page_size);
        return Err(ValidationErrors { op: op.name.to_owned(), errors: vec![rec] }.into());
    }
    Ok(size as u32)
}

/// The value at a dotted path (`data.list`).
fn lookup_path<'m>(map: &'m Map<String, Value>, path: &str) -> Option<&'m Value> {
    let mut parts = path.split('.');
    let mut cur = map.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

/// Removes and returns the value at a dotted path, keeping the order of the rest.
fn take_path(map: &mut Map<String, Value>, path: &str) -> Option<Value> {
    match path.split_once('.') {
        None => map.shift_remove(path),
        Some((head, rest)) => match map.get_mut(head)? {
            Value::Object(inner) => take_path(inner, rest),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    //! YMCart-shaped list methods, modelled here with test-only operations
    //! (the real registry entries live in `ymcart.rs`): pages from 1, a
    //! `count` total on every page, rows at `data` or `data.list`, no window.
    use super::*;
    use crate::registry::{BodyShape, Limits, Window};
    use crate::rules::{field, FieldKind, Schema, STR};
    use crate::typed::RowType;
    use serde_json::json;

    static SKU_LIST_PARAMS: Schema = Schema::new(
        &[
            field("page_size", "每页数量", FieldKind::Int { min: 1, max: 500 }),
            field("page_no", "页码", FieldKind::Int { min: 1, max: i32::MAX as i64 }),
            field("goods_codeno", "商品编号", STR),
            field("sku_codeno", "SKU编号", STR),
            field("is_instock", "是否有库存", FieldKind::IntEnum(&[0, 1])),
            field("order_by", "排序", FieldKind::IntEnum(&[1])),
        ],
        &[],
    );

    static SKU_ROW_TYPES: [(&str, RowType); 11] = [
        ("id", RowType::Int),
        ("goods_id", RowType::Int),
        ("store_id", RowType::Int),
        ("stock_nums", RowType::Int),
        ("status", RowType::Int),
        ("price", RowType::Decimal),
        ("market_price", RowType::Decimal),
        ("cost_price", RowType::Decimal),
        ("weight", RowType::Decimal),
        ("create_time", RowType::UnixSeconds),
        ("update_time", RowType::UnixSeconds),
    ];

    static SKU_LIST: Operation = Operation {
        name: "skuList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "SKU列表",
        upsert: true,
        item_name: "the query parameters",
        item: &SKU_LIST_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: Limits { max_items: 1, documented: false, max_body_bytes: None },
        body: BodyShape::Params,
        parse: parser!(crate::ymcart::parse_envelope_only),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: 500,
            max_page_size: 500,
            max_page_size_documented: true,
            list_field: "data",
            total_field: Some("count"),
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: &SKU_ROW_TYPES,
        }),
        source: "test",
    };

    static NO_PARAMS: Schema = Schema::new(&[], &[]);

    static BRAND_LIST: Operation = Operation {
        name: "brandList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "品牌列表",
        upsert: true,
        item_name: "the query parameters",
        item: &NO_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: Limits { max_items: 1, documented: false, max_body_bytes: None },
        body: BodyShape::Params,
        parse: parser!(crate::ymcart::parse_envelope_only),
        paging: Some(Paging {
            first_page: 1,
            default_page_size: 1,
            max_page_size: 1,
            max_page_size_documented: true,
            list_field: "data.list",
            total_field: None,
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: &[("id", RowType::Int)],
        }),
        source: "test",
    };

    static CATEGORY_LIST: Operation = Operation {
        name: "categoryList",
        paging: Some(Paging {
            first_page: 1,
            default_page_size: 1,
            max_page_size: 1,
            max_page_size_documented: true,
            list_field: "data",
            total_field: None,
            total_on_first_page_only: false,
            row_key: Some("id"),
            window: None,
            row_types: &[("id", RowType::Int), ("parent_id", RowType::Int), ("listorder", RowType::Int)],
        }),
        ..LIST_BASE
    };

    // Struct-update base for CATEGORY_LIST (statics cannot be copied, consts can).
    const LIST_BASE: Operation = Operation {
        name: "categoryList",
        platform: Platform::Ymcart,
        kind: OpKind::Query,
        title_zh: "分类列表",
        upsert: true,
        item_name: "the query parameters",
        item: &NO_PARAMS,
        unique_keys: &[],
        item_key: None,
        limits: Limits { max_items: 1, documented: false, max_body_bytes: None },
        body: BodyShape::Params,
        parse: parser!(crate::ymcart::parse_envelope_only),
        paging: None,
        source: "test",
    };

    /// The vendor's skuList answer (page 004), one row.
    const SKU_LIST_ANSWER: &str = r#"{"status":1,"code":0,"count":"95","data":[{"id":"2015779","goods_id":"120300","sku_code":"0_0","codeno":"two22","store_id":"24073","base_name":null,"sku_value":"","barcode":"tiao111","stock_nums":"-20","status":"1","price":"9.0000","market_price":"0.0000","cost_price":"0.0000","weight":"0.0800","create_time":"1533116704","update_time":"1533116704","is_instock":"0"}]}"#;

    fn sku_rows(ids: std::ops::Range<i64>, count: &str) -> Vec<u8> {
        let rows: Vec<Value> = ids.map(|i| json!({"id": i.to_string(), "price": "9.0000", "create_time": "1533116704"})).collect();
        json!({"status": 1, "code": 0, "count": count, "data": rows}).to_string().into_bytes()
    }

    fn bj(s: &str) -> BeijingDateTime {
        BeijingDateTime::parse(s).unwrap()
    }

    #[test]
    fn sku_list_pages_from_one_with_its_defaults() {
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({"goods_codeno": "AA", "page_no": 1}), &QueryOptions::default()).unwrap();
        assert!(p.is_paged());
        assert_eq!(p.page_size(), 500);
        assert_eq!(p.window_count(), 1);
        assert!(p.windows().next().is_none());
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload(), json!({"goods_codeno": "AA", "page_no": 1, "page_size": 500}));
        let page = p.feed(200, SKU_LIST_ANSWER.as_bytes()).unwrap();
        assert!(page.ok(), "{:?}", page.outcome);
        assert!(page.done, "one row on a page of 500 is the last page");
        assert_eq!(page.page_no, 1);
        assert_eq!(page.window, None);
        assert_eq!(page.total_count, Some(95));
        let row = &page.items[0];
        assert_eq!(row.get("id"), Some(&Typed::Int(2_015_779)));
        assert_eq!(row.get("stock_nums"), Some(&Typed::Int(-20)));
        assert_eq!(row.get("price"), Some(&Typed::Decimal("9.0000".parse().unwrap())));
        assert_eq!(row.get("weight"), Some(&Typed::Decimal("0.0800".parse().unwrap())));
        assert_eq!(row.get("create_time"), Some(&Typed::DateTime(bj("2018-08-01 17:45:04"))));
        assert_eq!(row.get("base_name"), Some(&Typed::Null));
        assert_eq!(row.get("codeno"), Some(&Typed::Str("two22".into())));
        assert_eq!(row.get("is_instock"), Some(&Typed::Str("0".into())), "not in this test's table: passes through");
        assert!(page.outcome.notes.is_empty(), "{:?}", page.outcome.notes);
        assert_eq!(page.outcome.data, json!({"status": 1, "code": 0, "count": "95"}));
        assert!(p.next_batch().is_none());
    }

    #[test]
    fn sku_list_reads_count_on_every_page_and_stops_on_it() {
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { page_size: Some(50), ..QueryOptions::default() }).unwrap();
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload(), json!({"page_no": 1, "page_size": 50}));
        let page = p.feed(200, &sku_rows(0..50, "100")).unwrap();
        assert_eq!((page.page_no, page.total_count, page.done), (1, Some(100), false));
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload()["page_no"], json!(2));
        // The total may change between pages; YMCart sends it every time.
        let page = p.feed(200, &sku_rows(50..100, "100")).unwrap();
        assert_eq!((page.page_no, page.total_count, page.done), (2, Some(100), true));
        assert_eq!(p.rows_delivered(), 100);

        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { page_size: Some(50), ..QueryOptions::default() }).unwrap();
        p.next_batch();
        p.feed(200, &sku_rows(0..50, "95")).unwrap();
        p.next_batch();
        let page = p.feed(200, &sku_rows(50..96, "96")).unwrap();
        assert_eq!((page.total_count, page.received, page.done), (Some(96), 46, true));
        // A state for a YMCart list has no window.
        let st = p.state();
        assert_eq!(st.window_secs, None);
        assert_eq!(st.page_size, Some(50));
        assert!(st.done);
        let resumed = QueryPlan::resume_for_operation(&SKU_LIST, st).unwrap();
        assert!(resumed.is_done());
    }

    #[test]
    fn sku_list_page_size_limits_and_page_no() {
        let e = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { page_size: Some(501), ..QueryOptions::default() }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Validation);
        let e = QueryPlan::for_operation(&SKU_LIST, json!({"page_no": 0}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Validation, "page_no 0 is below the documented minimum");
        let e = QueryPlan::for_operation(&SKU_LIST, json!({"page_no": 2}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions { max_window_secs: Some(60), ..QueryOptions::default() }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn brand_list_is_one_request_without_page_parameters() {
        let mut p = QueryPlan::for_operation(&BRAND_LIST, json!({}), &QueryOptions::default()).unwrap();
        assert!(!p.is_paged());
        let b = p.next_batch().unwrap();
        assert_eq!(b.payload(), json!({}));
        let answer = r#"{"code":0,"status":1,"data":{"list":[{"id":"5","base_name":"Dear-Lover","title":"","keywords":"","descript":""},{"id":"6","base_name":"HX-Fashion","title":"","keywords":"","descript":""},{"id":"437","base_name":"Brand","title":"","keywords":"","descript":""}]}}"#;
        let page = p.feed(200, answer.as_bytes()).unwrap();
        assert!(page.ok());
        assert!(page.done);
        assert_eq!(page.total_count, None);
        assert_eq!(page.items.len(), 3);
        assert_eq!(page.items[2].get("id"), Some(&Typed::Int(437)));
        assert_eq!(page.items[0].get("base_name"), Some(&Typed::Str("Dear-Lover".into())));
        assert_eq!(page.outcome.data, json!({"code": 0, "status": 1, "data": {}}));
        assert!(p.next_batch().is_none());
        let e = QueryPlan::for_operation(&BRAND_LIST, json!({}), &QueryOptions { page_size: Some(10), ..QueryOptions::default() }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let e = QueryPlan::for_operation(&BRAND_LIST, json!({"page_no": 1}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn category_list_rows_keep_their_odd_numeric_keys() {
        let mut p = QueryPlan::for_operation(&CATEGORY_LIST, json!({}), &QueryOptions::default()).unwrap();
        p.next_batch().unwrap();
        let answer = r#"{"code":0,"data":[{"0":"1","id":"1","1":"Women","base_name":"Women","2":"0","parent_id":"0","3":"99990","listorder":"99990","4":"test","title":"test","5":"test","keywords":"test","6":"test","descript":"test"}]}"#;
        let page = p.feed(200, answer.as_bytes()).unwrap();
        let row = &page.items[0];
        assert_eq!(row.len(), 14);
        assert_eq!(row.get("0"), Some(&Typed::Str("1".into())));
        assert_eq!(row.get("parent_id"), Some(&Typed::Int(0)));
        assert_eq!(row.get("listorder"), Some(&Typed::Int(99990)));
        assert!(page.done);
    }

    #[test]
    fn ymcart_errors_do_not_advance_the_plan() {
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({}), &QueryOptions::default()).unwrap();
        let first = p.next_batch().unwrap();
        let page = p.feed(200, br#"{"code":400,"msg":"token error"}"#).unwrap();
        assert_eq!(page.outcome.reason, Some(crate::Reason::AuthError));
        assert_eq!(page.outcome.retry, crate::Retry::No);
        let page = p.next_batch().map(|_| p.feed(503, b"")).unwrap().unwrap();
        assert_eq!(page.outcome.retry, crate::Retry::Resend);
        assert_eq!(p.next_batch().unwrap(), first);
    }

    #[cfg(feature = "sign")]
    #[test]
    fn next_request_sends_the_token_and_the_page() {
        let client = crate::Client::from(crate::Ymcart::new("tok-secret", "https://shop.example.com/api").unwrap());
        let mut p = QueryPlan::for_operation(&SKU_LIST, json!({"sku_codeno": "S 1"}), &QueryOptions { page_size: Some(20), ..QueryOptions::default() }).unwrap();
        let req = p.next_request(&client, None).unwrap().unwrap();
        assert_eq!(req.url, "https://shop.example.com/api/skuList");
        assert_eq!(String::from_utf8(req.body).unwrap(), "token=tok-secret&sku_codeno=S+1&page_no=1&page_size=20");
    }

    #[test]
    fn window_operations_must_be_enterprise_or_ymcart_queries() {
        static FLAGSHIP_QUERY: Operation = Operation {
            name: "goods.Goods.query",
            platform: Platform::Flagship,
            paging: Some(Paging {
                first_page: 0,
                default_page_size: 100,
                max_page_size: 100,
                max_page_size_documented: true,
                list_field: "data.goods_list",
                total_field: Some("data.total_count"),
                total_on_first_page_only: false,
                row_key: None,
                window: Some(Window { start: "start_time", end: "end_time", max_days: 30 }),
                row_types: &[],
            }),
            ..LIST_BASE
        };
        let e = QueryPlan::for_operation(&FLAGSHIP_QUERY, json!({}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Unsupported);
        let e = QueryPlan::for_operation(&LIST_BASE_STATIC, json!({}), &QueryOptions::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Unsupported, "a query without paging");
    }

    static LIST_BASE_STATIC: Operation = LIST_BASE;

    #[test]
    fn key_sets_merge_consecutive_ids() {
        let mut k = KeySet::default();
        for i in [5, 7, 6, 1, 3, 2, 10] {
            assert_eq!(k.insert(&json!(i)), Some(true));
        }
        assert_eq!(k.insert(&json!("6")), Some(false));
        assert_eq!(k.insert(&json!(" 10 ")), Some(false));
        assert_eq!(k.insert(&json!("abc")), Some(true));
        assert_eq!(k.insert(&json!("abc")), Some(false));
        assert_eq!(k.insert(&json!(null)), None);
        assert_eq!(k.insert(&json!("")), None);
        assert_eq!(k.insert(&json!([1])), None);
        assert_eq!(k.to_data(), SeenKeys { ints: vec![[1, 3], [5, 7], [10, 10]], texts: vec!["abc".into()] });
        assert!(k.insert_int(4));
        assert!(k.insert_int(i64::MAX));
        assert!(k.insert_int(i64::MIN));
        assert!(k.insert_int(i64::MAX - 1));
        assert!(!k.insert_int(i64::MAX));
        assert_eq!(k.to_data().ints, vec![[i64::MIN, i64::MIN], [1, 7], [10, 10], [i64::MAX - 1, i64::MAX]]);
        let back = KeySet::from_data(&k.to_data()).unwrap();
        assert_eq!(back.to_data(), k.to_data());
    }
}
