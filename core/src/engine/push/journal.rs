//! The push journal and state as plain JSON: one event per line.
//!
//! ```text
//! {"event":"start","version":1,"op":"goods.Goods.batchPush","target":"flagship:…","items":120,"fingerprint":"…"}
//! {"event":"send","call":0,"slot":0,"positions":[0,1,…],"attempt":1}
//! {"event":"answer","call":0,"http_status":200,"retry":"no","accepted":[0,…],"rejected":[…],"unknown":[]}
//! {"event":"restart","abandoned":[3],"unknown":[],"requeued":[150,…]}
//! ```
//!
//! A `send` line is written before its request goes out, an `answer` line
//! after its answer is read, so replaying the lines tells which positions
//! were settled, which were never sent, and which were sent without a
//! recorded answer (their fate is unknown).

use crate::error::{Error, ErrorRecord, ErrorType, LocItem};
use crate::outcome::{AssignedId, Reason, Rejected, Retry};
use crate::plan::Batch;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The journal and state format this version writes and reads.
pub const JOURNAL_VERSION: u32 = 1;

/// The first line of a journal: what the push is, so that a journal is never
/// replayed against another input, operation or account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// [`JOURNAL_VERSION`].
    pub version: u32,
    /// The operation.
    pub op: String,
    /// Platform, base URL and account (never a secret).
    pub target: String,
    /// How many input items.
    pub items: usize,
    /// MD5 of every input position with its item's JSON (or `invalid`).
    pub fingerprint: String,
}

/// One journal line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub(crate) enum Event {
    Start(Header),
    Send {
        call: u64,
        slot: usize,
        positions: Vec<usize>,
        attempt: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry: Option<Retry>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<i64>,
    },
    Answer {
        call: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<i64>,
        http_status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<Reason>,
        retry: Retry,
        accepted: Vec<usize>,
        rejected: Vec<Rejected>,
        unknown: Vec<usize>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ids: Vec<AssignedId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        clock_offset: Option<i64>,
    },
    Restart {
        abandoned: Vec<u64>,
        unknown: Vec<usize>,
        requeued: Vec<usize>,
    },
}

impl Event {
    /// The event as one journal line (compact JSON and a newline).
    pub(crate) fn line(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec(self).expect("events serialize");
        out.push(b'\n');
        out
    }
}

/// A push as plain data: its plan, its options and every event so far.
/// [`crate::PushDriver::restore`] continues from it (calls that were in
/// flight are treated as after a crash). Holds the items, not the
/// credentials.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PushState {
    /// What the push is.
    pub header: Header,
    /// Its options.
    pub options: super::PushOptions,
    /// The planned batches.
    pub(crate) batches: Vec<Batch>,
    /// Items left out, with their problems.
    #[serde(with = "invalid_serde")]
    pub(crate) invalid: Vec<(usize, Vec<ErrorRecord>)>,
    /// Every event after the header.
    pub(crate) events: Vec<Event>,
}

impl PushState {
    /// A state from its JSON text (exact: numbers keep their spelling).
    pub fn from_json_text(text: &[u8]) -> Result<PushState, Error> {
        serde_json::from_slice(text).map_err(|e| Error::invalid_data("push state", &e.to_string()))
    }
}

/// A plan as plain data: `{"batches": [...], "invalid": [[index, [record, …]], …]}`,
/// for hosts that pickle a plan (a push takes it whole, so it belongs here).
#[derive(Serialize, Deserialize)]
struct PlanData {
    batches: Vec<Batch>,
    #[serde(with = "invalid_serde")]
    invalid: Vec<(usize, Vec<ErrorRecord>)>,
}

/// A plan's batches and invalid items as JSON text (exact: numbers keep
/// their spelling). [`plan_from_json`] reads it back.
pub fn plan_to_json(plan: &crate::Plan) -> Vec<u8> {
    #[derive(Serialize)]
    struct Ref<'a> {
        batches: &'a [Batch],
        #[serde(serialize_with = "invalid_serde::serialize")]
        invalid: &'a [(usize, Vec<ErrorRecord>)],
    }
    serde_json::to_vec(&Ref { batches: &plan.batches, invalid: &plan.invalid }).expect("plans serialize")
}

/// A plan from [`plan_to_json`]'s text.
pub fn plan_from_json(text: &[u8]) -> Result<crate::Plan, Error> {
    let d: PlanData = serde_json::from_slice(text).map_err(|e| Error::invalid_data("plan", &e.to_string()))?;
    Ok(crate::Plan { batches: d.batches, invalid: d.invalid })
}

/// Reads a journal: the header (if a complete one is there), the events,
/// and how many bytes of it are complete lines. A last line without its
/// newline was cut short by a crash while it was written (its request was
/// never sent): it is left out, and the host truncates the file to `keep`
/// before appending. Any other unreadable line is an error.
pub(crate) fn read(journal: &[u8]) -> Result<(Option<Header>, Vec<Event>, usize), Error> {
    let keep = journal.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let mut header = None;
    let mut events = Vec::new();
    for (n, line) in journal[..keep].split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let bad = |e: &dyn std::fmt::Display| Error::invalid_data("push journal", &format!("line {}: {e}", n + 1));
        let event: Event = serde_json::from_slice(line).map_err(|e| bad(&e))?;
        match (event, &header) {
            (Event::Start(h), None) => header = Some(h),
            (Event::Start(_), Some(_)) => return Err(bad(&"a second start line")),
            (_, None) => return Err(bad(&"an event before the start line")),
            (e, Some(_)) => events.push(e),
        }
    }
    Ok((header, events, keep))
}

/// Invalid items as `[[index, [record, …]], …]`, records in the form every
/// binding shows (`type`, `loc`, `msg`, `msg_zh`, `input`, `ctx`).
pub(crate) mod invalid_serde {
    use super::*;
    use serde::de::Error as _;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[(usize, Vec<ErrorRecord>)], s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(usize, Vec<ErrorRecord>)>, D::Error> {
        let raw: Vec<(usize, Vec<Value>)> = Vec::deserialize(d)?;
        raw.into_iter()
            .map(|(i, recs)| Ok((i, recs.iter().map(record).collect::<Result<Vec<_>, String>>().map_err(D::Error::custom)?)))
            .collect()
    }

    fn record(v: &Value) -> Result<ErrorRecord, String> {
        let kind = v.get("type").and_then(Value::as_str).and_then(ErrorType::from_name).ok_or("an error record without a known type")?;
        let loc = v
            .get("loc")
            .and_then(Value::as_array)
            .ok_or("an error record without loc")?
            .iter()
            .map(|l| match l {
                Value::String(k) => Ok(LocItem::Key(k.clone())),
                other => other.as_u64().map(|i| LocItem::Index(i as usize)).ok_or_else(|| "a loc item that is neither a key nor an index".to_owned()),
            })
            .collect::<Result<Vec<_>, String>>()?;
        let mut rec = ErrorRecord::new(kind, loc, v.get("input").cloned().unwrap_or(Value::Null));
        if let Some(ctx) = v.get("ctx").and_then(Value::as_object) {
            rec.ctx = ctx.clone();
        }
        Ok(rec)
    }
}

/// MD5 of every input position with its item's exact JSON text, or the
/// word `invalid` for an item left out: the same input planned again gives
/// the same fingerprint however it is batched.
pub(crate) fn fingerprint(batches: &[Batch], invalid: &[(usize, Vec<ErrorRecord>)]) -> (String, usize) {
    use md5::{Digest, Md5};
    let mut rows: Vec<(usize, Option<&Value>)> = batches.iter().flat_map(|b| b.indices().iter().copied().zip(b.items().iter().map(Some))).collect();
    rows.extend(invalid.iter().map(|(i, _)| (*i, None)));
    rows.sort_by_key(|r| r.0);
    let mut h = Md5::new();
    let mut buf = Vec::new();
    for (i, item) in &rows {
        buf.clear();
        buf.extend_from_slice(i.to_string().as_bytes());
        buf.push(b':');
        match item {
            Some(v) => serde_json::to_writer(&mut buf, v).expect("values serialize"),
            None => buf.extend_from_slice(b"invalid"),
        }
        buf.push(b'\n');
        h.update(&buf);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    (hex, rows.len())
}
