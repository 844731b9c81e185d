//! The push driver: a sans-I/O state machine that sends a whole plan — the
//! loop around [`Batch::parse`] that every host would otherwise write.
//!
//! The host owns the sockets and the clock and drives it:
//!
//! ```
//! use serde_json::json;
//! use skuwire::{plan, Flagship, PlanOptions, PushAction, PushDriver, PushOptions};
//!
//! let goods: Vec<_> = (0..120).map(|i| json!({
//!     "goods_no": format!("G{i}"), "goods_name": "杯",
//!     "spec_list": [{"spec_no": format!("S{i}")}]
//! })).collect();
//! let client = Flagship::new("mysid", "myappkey", "secret:salt", skuwire::flagship::TEST_URL)?;
//! let plan = plan("goods.Goods.batchPush", goods, &PlanOptions::default())?;
//! let options = PushOptions { concurrency: 2, rate: Some(20.0), ..PushOptions::default() };
//! let mut push = PushDriver::new(client.into(), "goods.Goods.batchPush", plan, options)?;
//! let mut now = 1_700_000_000_000; // Unix milliseconds, from the host's clock
//! loop {
//!     match push.next(now)? {
//!         PushAction::Send(call) => {
//!             let journal = push.take_journal(); // append (and flush) before sending
//!             # let _ = journal;
//!             // send call.request …, then report its answer:
//!             push.feed(call.call, now + 200, 200, &[], br#"{"status":0,"data":{"error_list":[]}}"#)?;
//!         }
//!         PushAction::Wait(ms) => now += ms.unwrap_or(0) as i64, // or until an answer arrives
//!         PushAction::Done => break,
//!     }
//! }
//! assert_eq!(push.report().accepted.len(), 120);
//! # Ok::<(), skuwire::Error>(())
//! ```
//!
//! ## What it decides
//!
//! - **Order and concurrency**: batches go out in plan order, at most
//!   [`PushOptions::concurrency`] calls in flight; a batch waiting for its
//!   retry does not hold up the next.
//! - **Rate**: at most [`PushOptions::rate`] calls per second for the client:
//!   consecutive sends at least `ceil((1000 + margin)/rate)` ms apart, so no
//!   second — even one of `1000 + margin` ms — holds more than `rate` sends
//!   ([`PushOptions::rate_margin_ms`], default 50 ms, absorbs the network
//!   bunching calls on their way). A rate-limit
//!   answer doubles that interval (up to ×16) and pauses every send for the
//!   backoff it set (at least the answer's `Retry-After`); each other answer
//!   takes a tenth of the stretch back.
//! - **Retries**, from the outcome's advice only: `resign` learns the clock
//!   offset from the answer's `Date` header and signs again (at once the
//!   first time, with backoff if it repeats); `backoff` and `resend` wait
//!   with jitter ([`PushOptions::seed`]) and sign again. A request is signed
//!   when it is handed out, never earlier, so backing off never sends a
//!   stale signature. Nothing is resent that the core does not advise:
//!   a lost answer to a call that is not an upsert (YMCart `addGoods`)
//!   leaves its items `unknown`. After [`PushOptions::max_attempts`] sends
//!   a batch still advised to retry is given up: its items are `unsent`.
//! - **Report** ([`PushReport`]): by input position across the whole push —
//!   accepted, rejected (with the platform's words), invalid (with every
//!   problem), unknown, unsent — plus calls and retries by kind.
//!
//! ## The journal
//!
//! [`PushDriver::take_journal`] returns JSON lines to append to a journal
//! file: a start line (operation, account, input fingerprint), a `send`
//! line for each call **before** its request is handed out, an `answer`
//! line after each answer. Append them before sending the call that
//! [`PushDriver::next`] just returned (flushed to the OS — a killed process
//! loses nothing; fsync'ed for operations that are not upserts, where a
//! lost `send` line after a power cut would mean sending twice), and after
//! every [`PushDriver::feed`].
//!
//! [`PushDriver::resume`] replays a journal against the same input planned
//! again: settled items stay settled, and a call that was sent without a
//! recorded answer (in flight when the process died) has an unknown fate —
//! its items are sent again when the operation is an upsert, and reported
//! `unknown`, never resent, when it is not. A journal of another input,
//! operation or account is refused. [`PushDriver::state`] is the same
//! history with the plan in one JSON value (for pickling a push).
//!
//! ## Time
//!
//! Every time is Unix milliseconds from the host (`now`); signing uses
//! `now / 1000` plus the learned clock offset. Tests drive the driver with
//! a fake clock.

mod journal;
mod pace;

pub use journal::{plan_from_json, plan_to_json, Header, PushState, JOURNAL_VERSION};

use crate::request::Signer;
use crate::error::{Error, ErrorCode, ErrorRecord};
use crate::outcome::{AssignedId, Outcome, Reason, Rejected, Retry};
use crate::plan::{Batch, Plan};
use crate::registry::{operation, OpKind, Operation};
use crate::request::{clock_offset_from_http_date, Request};
use journal::Event;
use pace::{backoff_ms, Pace, Rng};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a push runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PushOptions {
    /// Most calls in flight at once (≥ 1; default 1).
    pub concurrency: usize,
    /// Most calls per second for this client (the platforms limit per app);
    /// `None`: no limit of ours (the platforms' rate-limit answers still slow
    /// the push down).
    pub rate: Option<f64>,
    /// Milliseconds added to the second the rate is counted over (default
    /// 50): calls that leave evenly spaced can arrive bunched, and the
    /// platform counts arrivals.
    pub rate_margin_ms: u64,
    /// Seed of the backoff jitter: the same seed and answers give the same waits.
    pub seed: u64,
    /// Most sends of one batch in this run, the first included (≥ 1; default 6).
    pub max_attempts: u32,
    /// Backoff before the first retry, in ms (doubling per retry; default 500).
    pub backoff_base_ms: u64,
    /// Longest backoff, in ms (default 30,000).
    pub backoff_cap_ms: u64,
    /// On resume: send again items an earlier run left `unknown` (only after
    /// checking the platform: they may have been applied).
    pub resend_unknown: bool,
    /// On resume: send again items an earlier run saw rejected (in case what
    /// they depended on was fixed).
    pub resend_rejected: bool,
}

impl Default for PushOptions {
    fn default() -> Self {
        PushOptions {
            concurrency: 1,
            rate: None,
            rate_margin_ms: 50,
            seed: 0,
            max_attempts: 6,
            backoff_base_ms: 500,
            backoff_cap_ms: 30_000,
            resend_unknown: false,
            resend_rejected: false,
        }
    }
}

impl PushOptions {
    fn check(&self) -> Result<(), Error> {
        if self.concurrency == 0 {
            return Err(Error::invalid_option("concurrency must be at least 1"));
        }
        if let Some(r) = self.rate {
            if !(r.is_finite() && r > 0.0) {
                return Err(Error::invalid_option(&format!("rate must be a positive number of calls per second, not {r}")));
            }
        }
        if self.max_attempts == 0 {
            return Err(Error::invalid_option("max_attempts must be at least 1"));
        }
        if self.backoff_base_ms > self.backoff_cap_ms {
            return Err(Error::invalid_option("backoff_base_ms must not exceed backoff_cap_ms"));
        }
        Ok(())
    }
}

/// What the host does next.
#[derive(Debug)]
// A call is handed out once, straight to the host: boxing it would only add
// an allocation per call.
#[allow(clippy::large_enum_variant)]
pub enum PushAction {
    /// Send this request now — after appending [`PushDriver::take_journal`].
    Send(PushCall),
    /// Nothing to send for this many milliseconds, unless an answer arrives
    /// first (then ask again); `None`: only an answer can change anything.
    Wait(Option<u64>),
    /// Every item is settled (or the push was stopped) and nothing is in flight.
    Done,
}

/// One call to make.
#[derive(Debug)]
pub struct PushCall {
    /// The call's id, to give back with its answer.
    pub call: u64,
    /// The request, signed now.
    pub request: Request,
    /// Input positions of the items it carries.
    pub positions: Vec<usize>,
    /// 1 for the batch's first send in this run, 2 for its first retry…
    pub attempt: u32,
    /// Why it is sent again (`None` for a first send).
    pub retry: Option<Retry>,
}

/// Retries made, by the advice that caused them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retries {
    /// Signed again after a clock error.
    pub resign: u64,
    /// Sent again after a rate limit.
    pub backoff: u64,
    /// Sent again after a lost or garbled answer to an upsert (or after a
    /// restart, when the call was in flight).
    pub resend: u64,
}

impl Retries {
    fn add(&mut self, r: Retry) {
        match r {
            Retry::Resign => self.resign += 1,
            Retry::Backoff => self.backoff += 1,
            Retry::Resend => self.resend += 1,
            Retry::No => {}
        }
    }

    /// All retries.
    pub fn total(&self) -> u64 {
        self.resign + self.backoff + self.resend
    }
}

/// What became of every input item, by input position. Plain data (JSON
/// both ways).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushReport {
    /// The operation.
    pub op: String,
    /// How many input items.
    pub items: usize,
    /// Positions the platform confirmed, ascending.
    pub accepted: Vec<usize>,
    /// Items the platform refused, with its words, in the order the answers
    /// came (an entry with `index: None` names something not in the input).
    pub rejected: Vec<Rejected>,
    /// Items left out before sending, with every problem.
    #[serde(with = "journal::invalid_serde")]
    pub invalid: Vec<(usize, Vec<ErrorRecord>)>,
    /// Positions whose fate no answer settled (a lost answer to a call that
    /// is not an upsert, or a call in flight when an earlier run died): the
    /// platform may or may not have applied them; check before resending.
    pub unknown: Vec<usize>,
    /// Positions not settled: never sent (the push was stopped) or given up
    /// after `max_attempts` while a retry was still advised. Safe to send
    /// again (a later run from the journal does).
    pub unsent: Vec<usize>,
    /// Ids the platform assigned (ApiGoods.upload `rec_ids`).
    pub ids: Vec<AssignedId>,
    /// Calls made (in every run the journal recorded).
    pub calls: u64,
    /// Retries among those calls, by kind.
    pub retries: Retries,
    /// The clock offset in force (server − local, seconds).
    pub clock_offset: i64,
}

impl PushReport {
    /// True when every item was accepted.
    pub fn ok(&self) -> bool {
        self.accepted.len() == self.items
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pos {
    Pending,
    InFlight,
    Accepted,
    Rejected,
    Unknown,
    Invalid,
}

#[derive(Debug)]
struct Slot {
    batch: Batch,
    attempts: u32,
    ready_at: i64,
    /// The advice that put its items back to pending, for the next send.
    retry: Option<Retry>,
    in_flight: bool,
    given_up: bool,
}

#[derive(Debug)]
struct Flight {
    /// Its batch; `None` for a call replayed from a journal of other batch
    /// limits, whose positions span batches of this plan.
    slot: Option<usize>,
    positions: Vec<usize>,
    /// The batch as sent, when it is a part of the slot's.
    part: Option<Batch>,
}

const NO_SLOT: u32 = u32::MAX;

/// Drives a whole push, signing with `C` (for hosts, [`crate::Client`]:
/// `skuwire::PushDriver` is `PushDriver<Client>`). See the [module docs](self).
#[derive(Debug)]
pub struct PushDriver<C: Signer> {
    op: &'static Operation,
    client: C,
    options: PushOptions,
    header: Header,
    slots: Vec<Slot>,
    pos: Vec<Pos>,
    slot_of: Vec<u32>,
    invalid: Vec<(usize, Vec<ErrorRecord>)>,
    in_flight: BTreeMap<u64, Flight>,
    next_call: u64,
    calls: u64,
    retries: Retries,
    rejected: Vec<Rejected>,
    ids: Vec<AssignedId>,
    pace: Pace,
    rng: Rng,
    stopped: bool,
    events: Vec<Event>,
    journal: Vec<u8>,
    journal_keep: usize,
}

fn state_error(msg: String, msg_zh: String) -> Error {
    Error::other(ErrorCode::State, msg, msg_zh)
}


/// The outcome's positions by fate: accepted, rejected, unknown. Unknown
/// positions settle only when no retry is advised; an upsert's are sent
/// again (the outcome advises `resend`), so they stay pending.
fn fates(o: &Outcome) -> (Vec<usize>, Vec<Rejected>, Vec<usize>) {
    let unknown = if o.retry == Retry::No { o.unknown.clone() } else { Vec::new() };
    (o.accepted.clone(), o.rejected.clone(), unknown)
}

/// The current Unix time in milliseconds, for hosts that pass no time.
pub fn unix_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl<C: Signer> PushDriver<C> {
    /// A push of `plan` (planned for `op`) with `client`. The journal starts
    /// with its start line.
    pub fn new(client: C, op: &str, plan: Plan, options: PushOptions) -> Result<Self, Error> {
        let mut d = PushDriver::build(client, op, plan, options)?;
        d.emit(Event::Start(d.header.clone()));
        Ok(d)
    }

    /// Continues a push from its journal (the bytes of the file; a last line
    /// cut short by a crash is ignored — truncate the file to
    /// [`PushDriver::journal_keep`] before appending). `plan` is the same
    /// input planned again (batch limits may differ). An empty journal, or one
    /// whose start line was cut short, starts a new push.
    pub fn resume(client: C, op: &str, plan: Plan, options: PushOptions, journal: &[u8]) -> Result<Self, Error> {
        let (header, events, keep) = journal::read(journal)?;
        let mut d = PushDriver::build(client, op, plan, options)?;
        match header {
            None => {
                d.emit(Event::Start(d.header.clone()));
            }
            Some(h) => {
                d.check_header(&h)?;
                d.events.push(Event::Start(h));
                d.journal_keep = keep;
                for e in events {
                    d.replay(e)?;
                }
                d.restart();
            }
        }
        Ok(d)
    }

    /// Continues a push from [`PushDriver::state`] with `client` (a copy of
    /// a running push: its calls in flight are treated as after a crash).
    /// The journal of the copy holds only its new lines.
    pub fn restore(client: C, state: PushState) -> Result<Self, Error> {
        let plan = Plan { batches: state.batches, invalid: state.invalid };
        let mut d = PushDriver::build(client, &state.header.op, plan, state.options)?;
        d.check_header(&state.header)?;
        d.events.push(Event::Start(state.header));
        for e in state.events {
            d.replay(e)?;
        }
        d.restart();
        Ok(d)
    }

    fn build(client: C, op: &str, plan: Plan, options: PushOptions) -> Result<Self, Error> {
        options.check()?;
        let op = operation(op)?;
        if op.kind != OpKind::Push {
            return Err(Error::other(
                ErrorCode::Unsupported,
                format!("{} is a query: use a query plan, not a push", op.name),
                format!("{}是查询接口：请使用查询计划", op.name),
            ));
        }
        client.check_operation(op)?;
        if let Some(b) = plan.batches.iter().find(|b| b.operation() != Some(op)) {
            return Err(Error::invalid_argument(
                format!("the plan holds a batch for {}, not {}", b.method(), op.name),
                format!("计划中含有{}的批次，而不是{}", b.method(), op.name),
            ));
        }
        let (fingerprint, items) = journal::fingerprint(&plan.batches, &plan.invalid);
        let mut pos = vec![Pos::Invalid; items];
        let mut slot_of = vec![NO_SLOT; items];
        let mut seen = vec![false; items];
        let mut mark = |i: usize| -> Result<(), Error> {
            if i >= items || std::mem::replace(&mut seen[i], true) {
                return Err(Error::invalid_argument(
                    format!("the plan's input positions are not 0..{items}, each once"),
                    format!("计划的输入位置应为0..{items}且各出现一次"),
                ));
            }
            Ok(())
        };
        for (s, b) in plan.batches.iter().enumerate() {
            for &i in b.indices() {
                mark(i)?;
                pos[i] = Pos::Pending;
                slot_of[i] = s as u32;
            }
        }
        for (i, _) in &plan.invalid {
            mark(*i)?;
        }
        let header = Header { version: JOURNAL_VERSION, op: op.name.to_owned(), target: client.account(), items, fingerprint };
        let slots = plan
            .batches
            .into_iter()
            .map(|batch| Slot { batch, attempts: 0, ready_at: i64::MIN, retry: None, in_flight: false, given_up: false })
            .collect();
        let mut invalid = plan.invalid;
        invalid.sort_by_key(|(i, _)| *i);
        Ok(PushDriver {
            op,
            client,
            pace: Pace::new(options.rate, options.rate_margin_ms),
            rng: Rng::new(options.seed),
            options,
            header,
            slots,
            pos,
            slot_of,
            invalid,
            in_flight: BTreeMap::new(),
            next_call: 0,
            calls: 0,
            retries: Retries::default(),
            rejected: Vec::new(),
            ids: Vec::new(),
            stopped: false,
            events: Vec::new(),
            journal: Vec::new(),
            journal_keep: 0,
        })
    }

    fn check_header(&self, h: &Header) -> Result<(), Error> {
        if h.version != JOURNAL_VERSION {
            return Err(Error::invalid_data("push journal", &format!("version {} (this skuwire reads {JOURNAL_VERSION})", h.version)));
        }
        let mine = &self.header;
        let (what, what_zh) = if h.op != mine.op {
            (format!("operation {}, not {}", h.op, mine.op), format!("接口{}而不是{}", h.op, mine.op))
        } else if h.target != mine.target {
            (format!("account {}, not {}", h.target, mine.target), format!("账号{}而不是{}", h.target, mine.target))
        } else if h.items != mine.items || h.fingerprint != mine.fingerprint {
            ("another input (its items differ)".to_owned(), "另一份输入（条目不同）".to_owned())
        } else {
            return Ok(());
        };
        Err(state_error(
            format!("this journal belongs to a push of {what}: resume with the same input, operation and account, or use a new journal"),
            format!("该日志属于{what_zh}的推送：请用相同的输入、接口和账号继续，或使用新的日志"),
        ))
    }

    fn emit(&mut self, e: Event) {
        self.journal.extend_from_slice(&e.line());
        self.events.push(e);
    }

    /// Applies one event's bookkeeping (live and in replay alike).
    fn apply(&mut self, e: &Event) -> Result<(), Error> {
        let bad = |what: &str| Error::invalid_data("push journal", what);
        match e {
            Event::Start(_) => return Err(bad("a second start line")),
            Event::Send { call, slot, positions, attempt, retry, .. } => {
                if self.in_flight.contains_key(call) {
                    return Err(bad("a send of a call already in flight"));
                }
                for &p in positions {
                    if self.pos.get(p) != Some(&Pos::Pending) {
                        return Err(bad("a send of an item that is not pending"));
                    }
                }
                // The journal's batch, when this plan batches the same way.
                let same = positions.iter().all(|&p| self.slot_of[p] == *slot as u32) && self.slots.get(*slot).is_some_and(|s| !s.in_flight);
                for &p in positions {
                    self.pos[p] = Pos::InFlight;
                }
                let slot = same.then_some(*slot);
                if let Some(s) = slot.map(|i| &mut self.slots[i]) {
                    s.in_flight = true;
                    s.attempts = *attempt;
                }
                self.calls += 1;
                if let Some(r) = retry {
                    self.retries.add(*r);
                }
                self.next_call = self.next_call.max(call + 1);
                self.in_flight.insert(*call, Flight { slot, positions: positions.clone(), part: None });
            }
            Event::Answer { call, accepted, rejected, unknown, ids, clock_offset, retry, .. } => {
                let flight = self.in_flight.remove(call).ok_or_else(|| bad("an answer to a call that is not in flight"))?;
                let in_call = |p: usize| flight.positions.contains(&p);
                if !accepted.iter().chain(unknown.iter()).chain(rejected.iter().filter_map(|r| r.index.as_ref())).all(|&p| in_call(p)) {
                    return Err(bad("an answer about items its call did not carry"));
                }
                for &p in accepted {
                    self.pos[p] = Pos::Accepted;
                }
                for r in rejected {
                    if let Some(p) = r.index {
                        self.pos[p] = Pos::Rejected;
                    }
                }
                for &p in unknown {
                    self.pos[p] = Pos::Unknown;
                }
                for &p in &flight.positions {
                    if self.pos[p] == Pos::InFlight {
                        self.pos[p] = Pos::Pending;
                    }
                }
                self.rejected.extend(rejected.iter().cloned());
                self.ids.extend(ids.iter().cloned());
                if let Some(off) = clock_offset {
                    self.client.set_clock_offset(*off);
                }
                if let Some(s) = flight.slot.map(|i| &mut self.slots[i]) {
                    s.in_flight = false;
                    s.retry = (*retry != Retry::No).then_some(*retry);
                }
            }
            Event::Restart { abandoned, unknown, requeued } => {
                for call in abandoned {
                    let flight = self.in_flight.remove(call).ok_or_else(|| bad("a restart abandoning a call that is not in flight"))?;
                    if let Some(s) = flight.slot.map(|i| &mut self.slots[i]) {
                        s.in_flight = false;
                    }
                    for &p in &flight.positions {
                        self.pos[p] = Pos::Pending;
                        // Sent again because its first send's fate is unknown.
                        if let Some(&s) = self.slot_of.get(p) {
                            self.slots[s as usize].retry = Some(Retry::Resend);
                        }
                    }
                }
                for &p in unknown {
                    *self.pos.get_mut(p).ok_or_else(|| bad("a position outside the input"))? = Pos::Unknown;
                }
                for &p in requeued {
                    let st = self.pos.get_mut(p).ok_or_else(|| bad("a position outside the input"))?;
                    if *st == Pos::Invalid {
                        return Err(bad("an invalid item requeued"));
                    }
                    *st = Pos::Pending;
                }
                if !requeued.is_empty() {
                    let again: std::collections::HashSet<usize> = requeued.iter().copied().collect();
                    self.rejected.retain(|r| r.index.is_none_or(|i| !again.contains(&i)));
                }
            }
        }
        Ok(())
    }

    fn replay(&mut self, e: Event) -> Result<(), Error> {
        self.apply(&e)?;
        // The rate limit spans runs: the next send keeps its distance from
        // the last one an earlier process made (the host's clock, Unix ms).
        if let Event::Send { at: Some(t), .. } = &e {
            self.pace.note_send(*t);
        }
        self.events.push(e);
        Ok(())
    }

    /// After replaying a history: calls without an answer had an unknown
    /// fate — resend the items of an upsert, report the others unknown.
    fn restart(&mut self) {
        let upsert = self.op.upsert;
        let abandoned: Vec<u64> = self.in_flight.keys().copied().collect();
        let mut unknown = Vec::new();
        let mut requeued = Vec::new();
        // Abandoning a call makes its items pending again; a non-upsert's are
        // then unknown (unless the caller checked and asks to resend them).
        if !(upsert || self.options.resend_unknown) {
            for f in self.in_flight.values() {
                unknown.extend(f.positions.iter().copied());
            }
        }
        for (p, st) in self.pos.iter().enumerate() {
            if (*st == Pos::Unknown && self.options.resend_unknown) || (*st == Pos::Rejected && self.options.resend_rejected) {
                requeued.push(p);
            }
        }
        unknown.sort_unstable();
        requeued.sort_unstable();
        // A new run: fresh attempts, no waits, and fresh jitter still fixed by the seed.
        for s in &mut self.slots {
            s.attempts = 0;
            s.given_up = false;
            s.ready_at = i64::MIN;
        }
        self.rng = Rng::new(self.options.seed ^ self.calls.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        if abandoned.is_empty() && unknown.is_empty() && requeued.is_empty() {
            return;
        }
        let e = Event::Restart { abandoned, unknown, requeued };
        self.apply(&e).expect("a restart built from the driver's own state applies");
        self.emit(e);
    }

    /// The operation.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// The client (with the clock offset learned so far).
    pub fn client(&self) -> &C {
        &self.client
    }

    /// The options in force.
    pub fn options(&self) -> &PushOptions {
        &self.options
    }

    /// What the journal's start line says.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// How many bytes of the journal given to [`PushDriver::resume`] were
    /// complete lines (truncate the file to this before appending).
    pub fn journal_keep(&self) -> usize {
        self.journal_keep
    }

    /// Journal lines not taken yet (JSON Lines): append them to the journal.
    pub fn take_journal(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.journal)
    }

    /// Ids of the calls in flight.
    pub fn in_flight(&self) -> Vec<u64> {
        self.in_flight.keys().copied().collect()
    }

    /// Stops handing out calls: [`PushDriver::next`] says `Wait(None)` until
    /// the calls in flight are fed, then `Done`; unsent items stay `unsent`.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// True once nothing is left to send or in flight (or the push was
    /// stopped and nothing is in flight).
    pub fn is_done(&self) -> bool {
        self.in_flight.is_empty() && (self.stopped || !self.slots.iter().any(|s| self.sendable(s)))
    }

    fn sendable(&self, s: &Slot) -> bool {
        !s.in_flight && !s.given_up && s.batch.indices().iter().any(|&p| self.pos[p] == Pos::Pending)
    }

    /// What to do at `now` (Unix ms): send a call (signed now), wait, or stop.
    pub fn next(&mut self, now: i64) -> Result<PushAction, Error> {
        if self.is_done() {
            return Ok(PushAction::Done);
        }
        if self.stopped || self.in_flight.len() >= self.options.concurrency {
            return Ok(PushAction::Wait(None));
        }
        let mut ready = None;
        let mut earliest = i64::MAX;
        for (i, s) in self.slots.iter().enumerate() {
            if !self.sendable(s) {
                continue;
            }
            if s.ready_at <= now {
                ready = Some(i);
                break;
            }
            earliest = earliest.min(s.ready_at);
        }
        let gate = self.pace.next_allowed();
        let slot = match ready {
            Some(i) if gate <= now => i,
            Some(_) => return Ok(PushAction::Wait(Some(gate.saturating_sub(now) as u64))),
            None if earliest == i64::MAX => return Ok(PushAction::Wait(None)),
            None => return Ok(PushAction::Wait(Some(earliest.max(gate).saturating_sub(now).max(0) as u64))),
        };
        let positions: Vec<usize> = self.slots[slot].batch.indices().iter().copied().filter(|&p| self.pos[p] == Pos::Pending).collect();
        let part = if positions.len() == self.slots[slot].batch.len() { None } else { Some(subset(&self.slots[slot].batch, &positions)?) };
        let timestamp = now.div_euclid(1000).checked_add(self.client.clock_offset()).ok_or_else(|| Error::invalid_option("the clock offset is out of range"))?;
        let request = self.client.sign(part.as_ref().unwrap_or(&self.slots[slot].batch), Some(timestamp))?;
        let call = self.next_call;
        let attempt = self.slots[slot].attempts + 1;
        let retry = self.slots[slot].retry;
        let e = Event::Send { call, slot, positions: positions.clone(), attempt, retry, at: Some(now) };
        self.apply(&e)?;
        self.emit(e);
        self.in_flight.get_mut(&call).expect("just sent").part = part;
        self.pace.on_send(now);
        Ok(PushAction::Send(PushCall { call, request, positions, attempt, retry }))
    }

    fn flight(&self, call: u64) -> Result<&Flight, Error> {
        self.in_flight.get(&call).ok_or_else(|| {
            state_error(format!("call {call} is not in flight (answered already, or never handed out)"), format!("调用{call}不在进行中（已应答或从未发出）"))
        })
    }

    fn sent_batch<'a>(&'a self, f: &'a Flight) -> Result<&'a Batch, Error> {
        match (&f.part, f.slot) {
            (Some(b), _) => Ok(b),
            (None, Some(s)) => Ok(&self.slots[s].batch),
            (None, None) => Err(Error::internal("a replayed call has no batch to read its answer with")),
        }
    }

    /// Reports the answer to `call` at `now`: HTTP status, headers (`Date`
    /// is read after a clock error, `Retry-After` after a rate limit) and
    /// body. Returns what the answer meant.
    pub fn feed(&mut self, call: u64, now: i64, status: u16, headers: &[(&str, &str)], body: &[u8]) -> Result<Outcome, Error> {
        let outcome = self.sent_batch(self.flight(call)?)?.parse(status, body);
        let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| *v);
        let date = header("date").map(str::to_owned);
        let retry_after = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(|s| s.saturating_mul(1000));
        self.settle(call, now, outcome, date.as_deref(), retry_after)
    }

    /// Reports that `call` got no answer (timeout, connection reset): resent
    /// later for an upsert, its items `unknown` otherwise.
    pub fn feed_transport_error(&mut self, call: u64, now: i64, message: &str) -> Result<Outcome, Error> {
        let outcome = Outcome::transport_error(self.sent_batch(self.flight(call)?)?, message);
        self.settle(call, now, outcome, None, None)
    }

    fn settle(&mut self, call: u64, now: i64, outcome: Outcome, date: Option<&str>, retry_after: Option<u64>) -> Result<Outcome, Error> {
        let flight = self.flight(call)?;
        let (slot, positions) = (flight.slot.expect("live calls have their batch"), flight.positions.clone());
        let (accepted, rejected, mut unknown) = fates(&outcome);
        let retry = outcome.retry;
        let settled: std::collections::HashSet<usize> =
            accepted.iter().chain(unknown.iter()).chain(rejected.iter().filter_map(|r| r.index.as_ref())).copied().collect();
        let rest: Vec<usize> = positions.iter().copied().filter(|p| !settled.contains(p)).collect();
        if retry == Retry::No {
            // No retry advised, yet the answer left items unsettled: never
            // call them accepted, never drop them.
            unknown.extend(rest.iter().copied());
        }
        let clock_offset = match (retry, date) {
            (Retry::Resign, Some(d)) => clock_offset_from_http_date(d, now.div_euclid(1000)).ok(),
            _ => None,
        };
        let previous = self.slots[slot].retry;
        let e = Event::Answer {
            call,
            at: Some(now),
            http_status: outcome.http_status,
            reason: outcome.reason,
            retry,
            accepted,
            rejected,
            unknown,
            ids: outcome.ids.clone(),
            clock_offset,
        };
        self.apply(&e)?;
        self.emit(e);
        let rate_limited = retry == Retry::Backoff || outcome.reason == Some(Reason::RateLimited);
        if retry != Retry::No && !rest.is_empty() {
            let s = &self.slots[slot];
            if s.attempts >= self.options.max_attempts {
                self.slots[slot].given_up = true;
            } else {
                let attempt = s.attempts;
                let mut delay = if retry == Retry::Resign && previous != Some(Retry::Resign) {
                    0
                } else {
                    backoff_ms(&mut self.rng, self.options.backoff_base_ms, self.options.backoff_cap_ms, attempt)
                };
                if rate_limited {
                    delay = delay.max(retry_after.unwrap_or(0));
                }
                let at = now.saturating_add(delay.min(i64::MAX as u64) as i64);
                self.slots[slot].ready_at = at;
                if rate_limited {
                    self.pace.on_rate_limited(at);
                }
            }
        }
        if !rate_limited {
            self.pace.on_answer();
        }
        Ok(outcome)
    }

    /// What became of every item so far.
    pub fn report(&self) -> PushReport {
        let list = |want: Pos| self.pos.iter().enumerate().filter(|(_, s)| **s == want).map(|(i, _)| i).collect::<Vec<_>>();
        PushReport {
            op: self.op.name.to_owned(),
            items: self.pos.len(),
            accepted: list(Pos::Accepted),
            rejected: self.rejected.clone(),
            invalid: self.invalid.clone(),
            unknown: list(Pos::Unknown),
            unsent: list(Pos::Pending),
            ids: self.ids.clone(),
            calls: self.calls,
            retries: self.retries,
            clock_offset: self.client.clock_offset(),
        }
    }

    /// The push as plain data: its plan, options and history (see
    /// [`PushState`]). Holds the items, never the credentials.
    pub fn state(&self) -> PushState {
        PushState {
            header: self.header.clone(),
            options: self.options.clone(),
            batches: self.slots.iter().map(|s| s.batch.clone()).collect(),
            invalid: self.invalid.clone(),
            events: self.events.iter().skip(1).cloned().collect(),
        }
    }
}

/// The part of `batch` holding `positions` (its other items were settled).
fn subset(batch: &Batch, positions: &[usize]) -> Result<Batch, Error> {
    let keep: std::collections::HashSet<usize> = positions.iter().copied().collect();
    let mut data = serde_json::to_value(batch).map_err(|e| Error::internal(&e.to_string()))?;
    let (indices, items): (Vec<_>, Vec<_>) = batch.indices().iter().zip(batch.items()).filter(|(i, _)| keep.contains(i)).map(|(i, v)| (*i, v.clone())).unzip();
    data["indices"] = serde_json::to_value(indices).map_err(|e| Error::internal(&e.to_string()))?;
    data["items"] = serde_json::Value::Array(items);
    Batch::from_json(&data)
}

