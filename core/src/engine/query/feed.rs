//! Reading a query's answers into pages.

use super::*;

impl QueryPlan {
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
        let d = self.op.platform.descriptor();
        let Some(read_envelope) = d.page_envelope else {
            // Refused by check_operation (or a build without `parse`); kept
            // as an error, never a panic.
            return Err(Error::other(
                ErrorCode::Unsupported,
                format!("{} queries are not driven by a query plan", d.name),
                format!("{}查询暂不支持查询计划", d.name_zh),
            ));
        };
        let envelope = read_envelope(&batch, http_status, body);
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

