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
//!
//! | file | concern |
//! |---|---|
//! | `mod.rs` | options, pages, the plan and the requests it asks for |
//! | `start.rs` | starting a plan: the operation, parameters and page size checked |
//! | `feed.rs` | reading answers into pages |
//! | `windows.rs` | splitting a time range into windows |
//! | `seen.rs` | the keys seen in a run (de-duplication) |
//! | `state.rs` | the plan as resumable plain data |

mod feed;
mod seen;
mod start;
mod state;
mod windows;

pub use seen::SeenKeys;
pub use state::{QueryState, STATE_VERSION};
pub use windows::{split_range, Windows};

use seen::KeySet;
use state::state_error;
use windows::beijing_pair;
use crate::error::{Error, ErrorCode, ErrorRecord, ErrorType, LocItem, ValidationErrors};
use crate::outcome::{int_field, text_field, Outcome};
use crate::input::Input;
use crate::plan::Batch;
use crate::registry::{operation, OpKind, Operation, Paging};
use crate::rules::{Checker, CtxSet};
use crate::time::{BeijingDateTime, SECS_PER_DAY};
use crate::typed::{Row, RowTyper, Typed};
use crate::descriptor::PageStyle;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The page-number parameter of paged queries (both platforms).
pub const PAGE_NO: &str = "page_no";
/// The page-size parameter of paged queries (both platforms).
pub const PAGE_SIZE: &str = "page_size";

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
    pub fn next_request<S: crate::request::Signer + ?Sized>(&mut self, client: &S, timestamp: Option<i64>) -> Result<Option<crate::Request>, Error> {
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

}
