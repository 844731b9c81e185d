//! A query plan as plain data, to resume it.

use super::*;

/// The format of [`QueryState`] this version writes and reads.
pub const STATE_VERSION: u32 = 1;

/// A query's progress as plain data: serialize it (JSON) after each
/// completed page and give it to [`QueryPlan::resume`] to continue.
///
/// Windows are not stored: they are a pure function of the range in
/// `params` and `window_secs`, so the state stays small however long the
/// range. Only the seen keys grow with the run (see the [module docs](crate::query)).
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

pub(super) fn state_error(msg: impl Into<String>, msg_zh: impl Into<String>) -> Error {
    Error::other(ErrorCode::State, msg, msg_zh)
}


impl QueryPlan {
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

}
