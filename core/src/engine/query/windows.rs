//! Splitting a closed time range into the platform's windows.

use crate::error::Error;
use crate::time::BeijingDateTime;

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
    pub(super) window_secs: i64,
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


pub(super) fn beijing_pair((s, e): (i64, i64)) -> Option<(BeijingDateTime, BeijingDateTime)> {
    Some((BeijingDateTime::from_unix(s)?, BeijingDateTime::from_unix(e)?))
}

