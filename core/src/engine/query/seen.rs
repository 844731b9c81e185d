//! The keys seen in a run: integer ranges plus a set of other keys.

use super::state::state_error;
use crate::rules::parse_int_text;
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Keys seen in a run, as plain data (part of [`QueryState`](crate::QueryState)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenKeys {
    /// Integer keys as sorted, disjoint `[first, last]` ranges.
    pub ints: Vec<[i64; 2]>,
    /// Other keys, sorted.
    pub texts: Vec<String>,
}

/// The keys seen so far: integer ranges plus a set of other keys.
#[derive(Clone, Debug, Default)]
pub(super) struct KeySet {
    /// start → end (inclusive); disjoint and not adjacent.
    ints: BTreeMap<i64, i64>,
    texts: BTreeSet<String>,
}

impl KeySet {
    /// Records a key; false when it was already there.
    pub(super) fn insert_int(&mut self, x: i64) -> bool {
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
    pub(super) fn insert(&mut self, key: &Value) -> Option<bool> {
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

    pub(super) fn to_data(&self) -> SeenKeys {
        SeenKeys { ints: self.ints.iter().map(|(&s, &e)| [s, e]).collect(), texts: self.texts.iter().cloned().collect() }
    }

    pub(super) fn from_data(data: &SeenKeys) -> Result<KeySet, Error> {
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


#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
